/*
 * test_fix.c — the editing functions: the safety net (internal:
 * analysis/fix.h) with a deliberately wrong edit, envscan_fix_buffer and
 * envscan_fix_file (refusal leaves the file as it was; read-only files),
 * unified diffs, and envscan_sync_template (values never reach the
 * template; after a sync, drift finds no key missing from it).
 * usage: test_fix WORKDIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "envscan.h"
#include "check.h"
#include "fix.h"

static const char *work;

static void put(const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", work, name);
    FILE *f = fopen(p, "wb");
    CHECK(f != NULL, "cannot create %s", p);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static char *get(const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", work, name);
    FILE *f = fopen(p, "rb");
    if (!f)
        return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void path_of(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", work, name);
}

/* The safety net itself: a wrong edit (a value changed, a key dropped, a
 * key added) is caught and named; a right one (blanks, quotes, dropped
 * duplicate) passes; order counts unless any_order. */
static void test_check(envscan_scanner *sc)
{
    const es_parse_opts o = es_scanner_parse_opts(sc);
    es_parse_ws *ws = es_scanner_ws(sc);
    const char *orig = "A=1\nB=\"two\"\nC=3  \nA=4\n";
    struct {
        const char *edited;
        bool any_order;
        int want;
        const char *key;
    } cases[] = {
        {"A=1\nB=two\nC=3\nA=4\n", false, 0, NULL},   /* safe fixes            */
        {"B=two\nC=3\nA=4\n", false, 0, NULL},        /* overridden A dropped  */
        {"A=1\nB=\"two\"\nC=33\nA=4\n", false, 1, "C"}, /* a wrong edit: C changed */
        {"A=1\nB=\"two\"\nA=4\n", false, 1, "C"},     /* C lost                */
        {"A=1\nB=two\nC=3\nA=4\nD=\n", false, 1, "D"}, /* D invented            */
        {"A=4\nB=two\nC=3\n", false, 1, "B"},         /* reordered ...         */
        {"A=4\nB=two\nC=3\n", true, 0, NULL},         /* ... allowed by sorting */
        {"A=1\nB=two\nC=3\n", false, 1, "A"},         /* the last A dropped    */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char key[64] = "";
        uint32_t line = 0;
        int rc = es_fix_check(&o, ws, (const uint8_t *)orig, strlen(orig),
                              (const uint8_t *)cases[i].edited, strlen(cases[i].edited),
                              cases[i].any_order, key, sizeof key, &line);
        CHECK(ws && rc == cases[i].want, "case %zu: check says %d, want %d", i, rc,
              cases[i].want);
        if (cases[i].key)
            CHECK(strcmp(key, cases[i].key) == 0, "case %zu: key '%s', want %s", i, key,
                  cases[i].key);
    }
}

static void test_buffer(envscan_scanner *sc)
{
    char *out = NULL;
    size_t len = 0, n = 0;
    const char *in = "B=1  \nA='x'\n";
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_LINT, 2) == ENVSCAN_OK, "lint all");
    CHECK(envscan_fix_buffer(sc, in, strlen(in), "t.env", 0, &out, &len, &n) == ENVSCAN_OK,
          "fix_buffer: %s", envscan_last_error(sc));
    CHECK(out && strcmp(out, "A=x\nB=1\n") == 0, "fixed text: '%s'", out ? out : "(null)");
    CHECK(len == 8 && n == 3, "len %zu, n %zu", len, n);
    CHECK(strcmp(envscan_last_change(sc), "quote-character 1, trailing-whitespace 1, "
                                          "unordered-key 1") == 0,
          "change: '%s'", envscan_last_change(sc));
    envscan_free(out);
    /* idempotent */
    CHECK(envscan_fix_buffer(sc, "A=x\nB=1\n", 8, NULL, 0, &out, &len, &n) == ENVSCAN_OK &&
              n == 0 && strcmp(out, "A=x\nB=1\n") == 0 && !*envscan_last_change(sc),
          "a fixed text is fixed again: n %zu", n);
    envscan_free(out);
    /* a rule turned off is not fixed; a silenced line is not fixed */
    CHECK(envscan_set_lint_rule(sc, "trailing-whitespace", 0) == ENVSCAN_OK, "rule off");
    const char *in2 = "A=1  \n# envscan:ignore-next-line quote-character\nB='x'\nC='y'\n";
    CHECK(envscan_fix_buffer(sc, in2, strlen(in2), NULL, 0, &out, &len, &n) == ENVSCAN_OK &&
              strcmp(out, "A=1  \n# envscan:ignore-next-line quote-character\nB='x'\nC=y\n") == 0,
          "off and silenced rules: '%s'", out ? out : "(null)");
    envscan_free(out);
    CHECK(envscan_set_lint_rule(sc, "trailing-whitespace", 1) == ENVSCAN_OK, "rule on");
    /* bad arguments, text that is refused */
    CHECK(envscan_fix_buffer(sc, in, strlen(in), NULL, 1, &out, &len, &n) == ENVSCAN_E_INVALID &&
              out == NULL,
          "flags must be 0");
    CHECK(envscan_fix_buffer(sc, "A=\xff\n", 4, "bad.env", 0, &out, &len, &n) ==
                  ENVSCAN_E_UNSUPPORTED &&
              out == NULL && strstr(envscan_last_error(sc), "bad.env"),
          "invalid UTF-8: %s", envscan_last_error(sc));
}

static void test_file_refused(envscan_scanner *sc)
{
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_LINT, 1) == ENVSCAN_OK, "lint default");
    /* python expands in file order: dropping the first A changes B */
    const char *text = "A=1\nB=${A}\nA=2\n";
    put("unsafe.env", text);
    char p[512];
    path_of(p, sizeof p, "unsafe.env");
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_DIALECT, ENVSCAN_DIALECT_PYTHON) == ENVSCAN_OK,
          "python");
    size_t n = 99;
    char *diff = (char *)"x";
    int rc = envscan_fix_file(sc, p, 0, &n, &diff, NULL);
    CHECK(rc == ENVSCAN_E_UNSAFE, "refused: %d %s", rc, envscan_last_error(sc));
    CHECK(strstr(envscan_last_error(sc), "unsafe.env") && strstr(envscan_last_error(sc), " B "),
          "names file and key: %s", envscan_last_error(sc));
    uint32_t line = 0;
    envscan_last_error_detail(sc, NULL, &line, NULL, NULL);
    CHECK(line == 2, "line of B: %u", line);
    CHECK(diff == NULL && n == 0, "no diff, nothing fixed on error");
    const char *now = get("unsafe.env");
    CHECK(now && strcmp(now, text) == 0, "the file is untouched: '%s'", now ? now : "(gone)");
    /* node does not expand by default: the same file is fixed */
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_DIALECT, ENVSCAN_DIALECT_NODE) == ENVSCAN_OK, "node");
    CHECK(envscan_fix_file(sc, p, ENVSCAN_EDIT_DRY_RUN, &n, &diff, NULL) == ENVSCAN_OK && n == 1,
          "node fixes it: %s", envscan_last_error(sc));
    CHECK(diff && strstr(diff, "@@ -1,3 +1,2 @@\n-A=1\n B=${A}\n A=2\n"),
          "diff: %s", diff ? diff : "(null)");
    envscan_free(diff);
    CHECK(strcmp(get("unsafe.env"), text) == 0, "dry run writes nothing");
    CHECK(envscan_fix_file(sc, p, 0, &n, NULL, NULL) == ENVSCAN_OK, "written");
    CHECK(strcmp(get("unsafe.env"), "B=${A}\nA=2\n") == 0, "written: %s", get("unsafe.env"));
    struct stat st;
    CHECK(stat(p, &st) == 0 && (st.st_mode & 0777) == 0644, "mode kept: %o",
          (unsigned)(st.st_mode & 0777));
    /* read-only */
    put("ro.env", "A=1  \n");
    path_of(p, sizeof p, "ro.env");
    chmod(p, 0444);
    CHECK(envscan_fix_file(sc, p, 0, &n, NULL, NULL) == ENVSCAN_E_IO &&
              strstr(envscan_last_error(sc), "read-only"),
          "read-only: %s", envscan_last_error(sc));
    CHECK(strcmp(get("ro.env"), "A=1  \n") == 0, "read-only file untouched");
    CHECK(envscan_fix_file(sc, "/nonexistent/x.env", 0, &n, NULL, NULL) == ENVSCAN_E_IO,
          "missing file");
}

static void test_diff(void)
{
    es_buf out = {0};
    const char *a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", *b = "1\n2\nX\n4\n5\n6\n7\n8\n9\n10\n11\n";
    es_udiff("f", (const uint8_t *)a, strlen(a), (const uint8_t *)b, strlen(b), &out);
    const char *want = "--- a/f\n+++ b/f\n@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+X\n 4\n 5\n 6\n"
                       "@@ -9,4 +9,3 @@\n 9\n 10\n 11\n-12\n";
    CHECK(out.data && strcmp(out.data, want) == 0, "diff:\n%s", out.data ? out.data : "");
    es_buf_free(&out);
    /* past the bound: one hunk for the changed middle, linear */
    size_t n = 3000;
    char *x = malloc(n * 8), *y = malloc(n * 8);
    size_t lx = 0, ly = 0;
    for (size_t i = 0; i < n; i++) {
        lx += (size_t)sprintf(x + lx, "%zu\n", i);
        ly += (size_t)sprintf(y + ly, "%zu\n", i % 2 ? i : i + 1);
    }
    es_udiff("big", (const uint8_t *)x, lx, (const uint8_t *)y, ly, &out);
    size_t hunks = 0;
    for (const char *q = out.data; q && (q = strstr(q, "\n@@ ")); q++)
        hunks++;
    CHECK(hunks == 1, "one hunk past the bound, got %zu", hunks);
    es_buf_free(&out);
    free(x);
    free(y);
}

static void test_sync(envscan_scanner *sc)
{
    char dir[512];
    path_of(dir, sizeof dir, "sync");
    mkdir(dir, 0755);
    put("sync/.env", "PORT=1\nAPI_TOKEN=sk_live_0123456789abcdef0123456789\n");
    put("sync/.env.local", "LOCAL=1\n");
    put("sync/.env.sample", "# keep me\nPORT=8080\nOLD=1\n");
    size_t added = 0, stale = 0;
    char *diff = NULL;
    CHECK(envscan_sync_template(sc, dir, 0, &added, &stale, &diff, NULL) == ENVSCAN_OK,
          "sync: %s", envscan_last_error(sc));
    CHECK(added == 2 && stale == 1, "added %zu stale %zu", added, stale);
    const char *t = get("sync/.env.sample");
    CHECK(t && strcmp(t, "# keep me\nPORT=8080\nOLD=1\n\n# from .env\nAPI_TOKEN=\n\n"
                         "# from .env.local\nLOCAL=\n") == 0,
          "template: %s", t ? t : "(none)");
    CHECK(t && !strstr(t, "sk_live") && diff && !strstr(diff, "sk_live"), "no value leaked");
    CHECK(access("sync/.env.example", F_OK) != 0, "no .env.example beside .env.sample");
    envscan_free(diff);
    /* drift: no key of an env file is missing from the template now */
    envscan_result *res = NULL;
    const char *paths[] = {dir};
    CHECK(envscan_scan_paths(sc, paths, 1, &res) == ENVSCAN_OK, "scan");
    size_t drift = 0;
    for (size_t i = 0; res && i < envscan_result_diagnostic_count(res); i++) {
        const envscan_diagnostic *d = envscan_result_diagnostic(res, i);
        drift += strcmp(d->code, "drift") == 0 && strstr(d->message, "is not in the template");
    }
    CHECK(drift == 0, "%zu drift findings of keys missing from the template", drift);
    envscan_result_free(res);
    /* a second sync has nothing to add; --prune removes OLD */
    CHECK(envscan_sync_template(sc, dir, ENVSCAN_SYNC_PRUNE, &added, &stale, NULL, NULL) ==
                  ENVSCAN_OK && added == 0 && stale == 1,
          "prune: %zu %zu", added, stale);
    t = get("sync/.env.sample");
    CHECK(t && !strstr(t, "OLD") && strstr(t, "PORT=8080"), "pruned: %s", t ? t : "");
    /* a key that cannot be written as KEY= is refused, not written */
    put("sync/.env", "PORT=1\n");
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_DIALECT, ENVSCAN_DIALECT_PYTHON) == ENVSCAN_OK, "py");
    put("sync/.env.local", "'my key'=1\n");
    char before[1024];
    snprintf(before, sizeof before, "%s", get("sync/.env.sample"));
    CHECK(envscan_sync_template(sc, dir, 0, &added, &stale, NULL, NULL) == ENVSCAN_E_UNSAFE &&
              strstr(envscan_last_error(sc), "my key"),
          "unwritable key refused: %s", envscan_last_error(sc));
    CHECK(strcmp(get("sync/.env.sample"), before) == 0, "template untouched");
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_DIALECT, ENVSCAN_DIALECT_NODE) == ENVSCAN_OK, "node");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_fix WORKDIR\n");
        return 2;
    }
    work = argv[1];
    mkdir(work, 0755);
    if (chdir(work) != 0)
        return 2;
    work = ".";
    envscan_scanner *sc;
    if (envscan_scanner_create(&sc) != ENVSCAN_OK)
        return 1;
    test_check(sc);
    test_buffer(sc);
    test_file_refused(sc);
    test_diff();
    test_sync(sc);
    envscan_scanner_free(sc);
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
