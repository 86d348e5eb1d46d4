/*
 * test_rules — the table of finding rules (engine/src/analysis/rules.c):
 * ids unique and kebab-case, severities valid, summaries one line; and
 * every finding the golden CLI outputs show (the "findings:" section of a
 * text report) has its row. Usage: test_rules GOLDEN_CASES_DIR
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rules.h"


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
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(r[j].id, id) != 0, "id '%s' is in the table twice", id);
        CHECK(es_rule_find(id) == &r[i], "es_rule_find('%s')", id);
    }
    CHECK(es_rule_find("no-such-rule") == NULL && es_rule_find(NULL) == NULL, "unknown ids");
}

/* Codes in the "findings:" sections of one text report. Each line there
 * reads "  PLACE severity[code] message". */
static void scan_report(const char *path, size_t *seen, const char *const *want, size_t nwant)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[4096];
    int in = 0;
    while (fgets(line, sizeof line, f)) {
        if (strcmp(line, "findings:\n") == 0) {
            in = 1;
            continue;
        }
        if (!in)
            continue;
        if (line[0] != ' ') {
            in = 0;
            continue;
        }
        char *open = strchr(line, '['), *close = open ? strchr(open, ']') : NULL;
        CHECK(open && close, "%s: a finding line without [code]: %s", path, line);
        if (!open || !close)
            continue;
        *close = '\0';
        CHECK(es_rule_find(open + 1) != NULL, "%s: finding code '%s' is not in the rules table",
              path, open + 1);
        for (size_t i = 0; i < nwant; i++)
            if (strcmp(want[i], open + 1) == 0)
                seen[i]++;
    }
    fclose(f);
}

int main(int argc, char **argv)
{
    test_table();
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
            scan_report(path, seen, want, 4);
            cases++;
        }
        if (d)
            closedir(d);
        CHECK(cases > 0, "golden cases found");
        for (size_t i = 0; i < 4; i++)
            CHECK(seen[i] > 0, "no golden text output shows a '%s' finding", want[i]);
    }
    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    printf("test_rules: all checks passed\n");
    return 0;
}
