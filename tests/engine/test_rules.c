/*
 * test_rules — the table of diagnostic codes (engine/src/analysis/rules.c):
 * ids unique and kebab-case, severities valid, summaries one line; every
 * code the engine sources can emit has its row (each kebab-case string
 * literal in engine/src is a code, plus the one-word codes below), the
 * code table of docs/schema.md lists exactly the table's ids, and every
 * code in the golden CLI outputs (text "[code]", JSON "code":"...") has
 * its row.
 * Usage: test_rules GOLDEN_CASES_DIR ENGINE_SRC_DIR SCHEMA_MD
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "rules.h"

/* Codes of one word: a kebab-case grep cannot tell them from other words. */
static const char *const one_word[] = {"syntax", "crlf", "missing", "unused", "drift"};

static void test_table(void)
{
    size_t n = 0;
    const es_rule *r = es_rules(&n);
    CHECK(n > 0, "the table has rows");
    for (size_t i = 0; i < n; i++) {
        const char *id = r[i].id;
        CHECK(id && *id && id[0] != '-' && id[strlen(id) - 1] != '-', "row %zu: id", i);
        for (const char *p = id; p && *p; p++)
            CHECK((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-',
                  "id '%s' is kebab-case", id);
        CHECK(r[i].severity >= ENVSCAN_SEVERITY_INFO && r[i].severity <= ENVSCAN_SEVERITY_ERROR,
              "id '%s': severity %d", id, (int)r[i].severity);
        size_t sl = r[i].summary ? strlen(r[i].summary) : 0;
        CHECK(sl > 0 && r[i].summary[sl - 1] != '.' && !strchr(r[i].summary, '\n'),
              "id '%s': a one-line summary without a trailing period", id);
        CHECK(r[i].doc && strstr(r[i].doc, ".md"), "id '%s': a docs page", id);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(r[j].id, id) != 0, "id '%s' is in the table twice", id);
        CHECK(es_rule_find(id) == &r[i], "es_rule_find('%s')", id);
    }
    CHECK(es_rule_find("no-such-rule") == NULL && es_rule_find(NULL) == NULL, "unknown ids");
    for (size_t i = 0; i < sizeof one_word / sizeof one_word[0]; i++)
        CHECK(es_rule_find(one_word[i]) != NULL, "code '%s' is not in the table", one_word[i]);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(f);
    return s;
}

/* Is s[0, n) kebab-case with at least one '-' (a code, by its shape)? */
static int kebab(const char *s, size_t n)
{
    int dash = 0;
    if (n < 3 || s[0] == '-' || s[n - 1] == '-')
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '-')
            dash = 1;
        else if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
            return 0;
    }
    return dash;
}

/* Every kebab-case string literal of one C file is a code in the table. */
static size_t check_source(const char *path)
{
    char *s = slurp(path);
    CHECK(s != NULL, "cannot read %s", path);
    size_t found = 0;
    const int samples = strstr(path, "/secrets/") != NULL;
    /* the config file's module names templates ("huge-files"), not codes */
    if (strstr(path, "/config/") != NULL) {
        free(s);
        return 0;
    }
    for (char *p = s; p && *p; p++) {
        if (p[0] == '/' && p[1] == '*') {
            char *e = strstr(p + 2, "*/");
            p = e ? e + 1 : p + strlen(p) - 1;
        } else if (p[0] == '/' && p[1] == '/') {
            while (p[1] && p[1] != '\n')
                p++;
        } else if (*p == '\'') { /* '"' and '\'' are not strings */
            p++;
            if (*p == '\\')
                p++;
            while (p[1] && *p != '\'')
                p++;
            while (*p && *p != '\'')
                p++;
            if (!*p)
                break;
        } else if (*p == '"') {
            char *q = p + 1;
            while (*q && *q != '"' && *q != '\n')
                q += *q == '\\' && q[1] ? 2 : 1;
            size_t n = (size_t)(q - p - 1);
            /* the secrets table also holds keywords and false samples
             * ("xoxb-not-a-token") and secrets.c words ("change-me"): in
             * engine/src/secrets/ only the secret-* ids are codes
             * (test_secrets checks that table's rows) */
            if (kebab(p + 1, n) && (!samples || strncmp(p + 1, "secret-", 7) == 0)) {
                char id[128];
                snprintf(id, sizeof id, "%.*s", (int)n, p + 1);
                CHECK(es_rule_find(id) != NULL, "%s: code \"%s\" is not in the rules table",
                      path, id);
                found++;
            }
            p = *q ? q : q - 1;
        }
    }
    free(s);
    return found;
}

static size_t walk_sources(const char *dir)
{
    DIR *d = opendir(dir);
    CHECK(d != NULL, "cannot open %s", dir);
    size_t found = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        size_t len = strlen(e->d_name);
        if (S_ISDIR(st.st_mode))
            found += walk_sources(path);
        else if (len > 2 && (strcmp(e->d_name + len - 2, ".c") == 0 ||
                             strcmp(e->d_name + len - 2, ".h") == 0))
            found += check_source(path);
    }
    if (d)
        closedir(d);
    return found;
}

/* The code table of docs/schema.md ("## Diagnostic codes": rows whose
 * first cell holds one or more `code`s) and the rules table agree. */
static void check_schema(const char *path)
{
    char *s = slurp(path);
    CHECK(s != NULL, "cannot read %s", path);
    char *sec = s ? strstr(s, "## Diagnostic codes") : NULL;
    CHECK(sec != NULL, "%s has no '## Diagnostic codes' section", path);
    size_t n = 0;
    const es_rule *r = es_rules(&n);
    int *seen = calloc(n, sizeof *seen);
    size_t rows = 0;
    for (char *line = sec; line && *line;) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        if (strncmp(line, "## ", 3) == 0 && line != sec)
            break;
        if (line[0] == '|' && line[1] == ' ' && line[2] == '`') {
            char *cell_end = strchr(line + 1, '|');
            for (char *p = line + 2; cell_end && p < cell_end; p++) {
                if (*p != '`')
                    continue;
                char *q = strchr(p + 1, '`');
                if (!q || q > cell_end)
                    break;
                char id[128];
                snprintf(id, sizeof id, "%.*s", (int)(q - p - 1), p + 1);
                const es_rule *x = es_rule_find(id);
                CHECK(x != NULL, "%s lists '%s', which the rules table lacks", path, id);
                CHECK(!x || (x >= r && x < r + n),
                      "%s lists '%s' of the secrets table: that one is in docs/secrets.md", path,
                      id);
                if (x && x >= r && x < r + n)
                    seen[x - r] = 1;
                rows++;
                p = q;
            }
        }
        line = end ? end + 1 : NULL;
    }
    CHECK(rows > 0, "%s: no codes in the table", path);
    for (size_t i = 0; i < n; i++)
        CHECK(seen[i], "rule '%s' is not in the code table of %s", r[i].id, path);
    free(seen);
    free(s);
}

/* Is `id` a custom secret rule that a golden case's config declares
 * ("id: secret-..." in the shared trees, tests/golden/trees/config-*.sh)?
 * Such codes come from the user, not from the table. */
static int custom_id(const char *path, const char *id)
{
    char trees[4096], want[128];
    snprintf(trees, sizeof trees, "%s", path);
    char *cut = strstr(trees, "/cases/");
    if (!cut || strncmp(id, "secret-", 7) != 0)
        return 0;
    snprintf(want, sizeof want, "id: %s\n", id);
    strcpy(cut, "/trees");
    DIR *d = opendir(trees);
    struct dirent *e;
    int found = 0;
    while (d && !found && (e = readdir(d))) {
        if (strncmp(e->d_name, "config-", 7) != 0)
            continue;
        char f[4400];
        snprintf(f, sizeof f, "%s/%s", trees, e->d_name);
        char *t = slurp(f);
        found = t && strstr(t, want) != NULL;
        free(t);
    }
    if (d)
        closedir(d);
    return found;
}

/* Codes in one golden output: text "severity[code]" and JSON "code":"x". */
static void scan_output(const char *path, size_t *seen, const char *const *want, size_t nwant)
{
    char *s = slurp(path);
    if (!s)
        return;
    static const char *const sev[] = {"info[", "warning[", "error["};
    for (int k = 0; k < 4; k++) {
        const char *open = k < 3 ? sev[k] : "\"code\":\"";
        const char close = k < 3 ? ']' : '"';
        for (char *p = strstr(s, open); p; p = strstr(p + 1, open)) {
            char *b = p + strlen(open), *e = strchr(b, close);
            if (!e || e - b > 64)
                continue;
            char id[80];
            snprintf(id, sizeof id, "%.*s", (int)(e - b), b);
            int shaped = kebab(b, (size_t)(e - b));
            for (size_t i = 0; i < sizeof one_word / sizeof one_word[0]; i++)
                shaped |= strcmp(id, one_word[i]) == 0;
            if (!shaped || custom_id(path, id))
                continue;
            CHECK(es_rule_find(id) != NULL, "%s: code '%s' is not in the rules table", path, id);
            for (size_t i = 0; i < nwant; i++)
                if (strcmp(want[i], id) == 0)
                    seen[i]++;
        }
    }
    free(s);
}

int main(int argc, char **argv)
{
    test_table();
    if (argc > 3) {
        CHECK(walk_sources(argv[2]) > 20, "codes found in the engine sources");
        check_schema(argv[3]);
    }
    if (argc > 1) {
        /* each cross-file rule shows up in some golden output */
        static const char *const want[] = {"missing", "unused", "unused-unchecked", "drift"};
        size_t seen[4] = {0};
        DIR *d = opendir(argv[1]);
        CHECK(d != NULL, "cannot open %s", argv[1]);
        struct dirent *e;
        size_t cases = 0;
        while (d && (e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s/stdout", argv[1], e->d_name);
            scan_output(path, seen, want, 4);
            snprintf(path, sizeof path, "%s/%s/stderr", argv[1], e->d_name);
            scan_output(path, seen, want, 4);
            cases++;
        }
        if (d)
            closedir(d);
        CHECK(cases > 0, "golden cases found");
        for (size_t i = 0; i < 4; i++)
            CHECK(seen[i] > 0, "no golden output shows a '%s' finding", want[i]);
    }
    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    printf("test_rules: all checks passed\n");
    return 0;
}
