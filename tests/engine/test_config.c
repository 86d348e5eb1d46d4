/*
 * test_config.c — the config file through the public API
 * (envscan_load_config*, docs/config-file.md): good files and what they
 * change in a scan, every kind of error with its line and column, "did
 * you mean", origins in envscan_config_write, settings not implemented.
 */
#include <stdlib.h>
#include <string.h>

#include "envscan.h"
#include "check.h"

static envscan_scanner *fresh(void)
{
    envscan_scanner *sc = NULL;
    if (envscan_scanner_create(&sc) != ENVSCAN_OK) {
        fprintf(stderr, "cannot create a scanner\n");
        exit(1);
    }
    return sc;
}

static int load(envscan_scanner *sc, const char *text)
{
    return envscan_load_config_buffer(sc, text, strlen(text), "envscan.yml");
}

/* A file that must be refused at line:column with `what` in the message. */
static void bad(const char *text, uint32_t line, uint32_t column, const char *what)
{
    envscan_scanner *sc = fresh();
    int rc = load(sc, text);
    const char *path = NULL;
    uint32_t l = 0, c = 0;
    envscan_last_error_detail(sc, &path, &l, &c, NULL);
    const char *msg = envscan_last_error(sc);
    CHECK(rc == ENVSCAN_E_PARSE, "rc %d for:\n%s", rc, text);
    CHECK(l == line && c == column, "at %u:%u, want %u:%u (%s)", l, c, line, column, msg);
    CHECK(path && strcmp(path, "envscan.yml") == 0, "path %s", path ? path : "NULL");
    CHECK(strstr(msg, what) != NULL, "'%s' lacks '%s'", msg, what);
    char where[64];
    snprintf(where, sizeof where, "envscan.yml:%u:%u: ", line, column);
    CHECK(strncmp(msg, where, strlen(where)) == 0, "'%s' does not start with %s", msg, where);
    /* a refused file changes nothing */
    int64_t threads = -1;
    envscan_get_option(sc, ENVSCAN_OPT_THREADS, &threads);
    CHECK(threads == 0, "threads %lld after a refused file", (long long)threads);
    CHECK(envscan_config_unimplemented_count(sc) == 0, "unimplemented after a refused file");
    envscan_scanner_free(sc);
}

static void test_errors(void)
{
    /* YAML itself */
    bad("scan:\n  exclude: [a\n", 3, 1, "YAML syntax");
    bad("scan:\n\tx: 1\n", 2, 1, "YAML syntax");
    bad("x: &a 1\n", 1, 1, "unknown key 'x'");
    bad("scan:\n  exclude: &a [x]\n  env_names: *a\n", 3, 14, "aliases");
    bad("- a\n", 1, 1, "must be a mapping");
    bad("scan: {}\n---\nscan: {}\n", 2, 1, "one YAML document");
    /* keys */
    bad("scan:\n  exlude: [a]\n", 2, 3, "did you mean 'exclude'?");
    bad("sacn:\n  exclude: [a]\n", 1, 1, "did you mean 'scan'?");
    bad("rules:\n  allowlist:\n    valeus: [x]\n", 3, 5, "did you mean 'values'?");
    bad("performance:\n  thread: 2\n", 2, 3, "did you mean 'threads'?");
    bad("zzzz: 1\n", 1, 1, "expected one of: scan, rules, performance, cache, benchmarking");
    bad("scan:\n  hidden: true\n  hidden: false\n", 3, 3, "given twice");
    /* shapes and values */
    bad("scan: [1]\n", 1, 7, "expected a mapping, found a list");
    bad("scan:\n  exclude: x\n", 2, 12, "expected a list, found a single value");
    bad("scan:\n  exclude: [{a: 1}]\n", 2, 13, "expected a single value, found a mapping");
    bad("scan:\n  hidden: maybe\n", 2, 11, "expected true or false");
    bad("scan:\n  dialect: ruby\n", 2, 12, "expected one of node, python");
    bad("scan:\n  max_file_size: 10Q\n", 2, 18, "expected a size");
    bad("performance: {threads: 2000}\n", 1, 24, "expected auto or 0 to 1024");
    bad("performance: fast\n", 1, 14, "expected a mapping or 'auto'");
    bad("performance:\n  io: floppy\n", 2, 7, "expected one of auto, read, mmap, io_uring");
    bad("benchmarking:\n  interval_seconds: -3\n", 2, 21, "expected a whole number");
    bad("benchmarking:\n  thresholds:\n    min_throughput: fast\n", 3, 21, "expected a number");
    bad("scan:\n  formats:\n    golang: false\n", 3, 13, "unknown format 'golang'");
    bad("scan:\n  formats:\n    dotenv: false\n", 3, 13, "always read");
    bad("scan:\n  formats: {go: maybe}\n", 2, 17, "expected true or false");
    /* rules */
    bad("rules:\n  severity:\n    drfit: error\n", 3, 12, "did you mean 'drift'?");
    bad("rules:\n  severity:\n    drift: loud\n", 3, 12, "expected error, warning or info");
    bad("rules:\n  enable: [secretz]\n", 2, 12, "did you mean 'secrets'?");
    bad("rules:\n  disable: [lint-space-charcter]\n", 2, 13,
        "did you mean 'lint-space-character'?");
    bad("rules:\n  disable: [no-such-thing-at-all]\n", 2, 13, "unknown rule");
    /* custom secret rules */
    const char *head = "rules:\n  secrets:\n    custom:\n";
    char buf[1024];
#define CUSTOM(body) (snprintf(buf, sizeof buf, "%s%s", head, body), buf)
    bad(CUSTOM("      - id: tok\n        keywords: [x]\n        pattern: 'x'\n"), 4, 13,
        "must start with 'secret-'");
    bad(CUSTOM("      - id: secret-jwt\n        keywords: [x]\n        pattern: 'x'\n"), 4, 13,
        "built-in rule's id");
    bad(CUSTOM("      - id: secret-a\n        keywords: [x]\n        pattern: 'x'\n"
               "      - id: secret-a\n        keywords: [x]\n        pattern: 'x'\n"),
        7, 13, "another custom rule");
    bad(CUSTOM("      - title: no id\n        keywords: [x]\n        pattern: 'x'\n"), 4, 16,
        "needs an id");
    bad(CUSTOM("      - id: secret-a\n        keywords: [x]\n"), 4, 13, "needs a pattern");
    bad(CUSTOM("      - id: secret-a\n        pattern: 'x'\n"), 4, 13, "needs keywords");
    bad(CUSTOM("      - id: secret-a\n        keywords: [x]\n        pattern: 'a(b'\n"), 6, 18,
        "does not compile");
    bad(CUSTOM("      - id: secret-a\n        keywords: [x]\n        pattern: 'x'\n"
               "        min_entropy: 9\n"),
        7, 22, "more than 8 bits");
    bad(CUSTOM("      - id: secret-a\n        keywords: [x]\n        pattern: 'x'\n"
               "        severity: fatal\n"),
        7, 19, "expected one of error, warning, info");
    bad("rules:\n  allowlist:\n    values: [plain, '/a(/']\n", 3, 21,
        "the regex does not compile");
}

static int write_file(void *ctx, const char *d, size_t n)
{
    return fwrite(d, 1, n, ctx) == n ? 0 : -1;
}

static void test_good(void)
{
    /* an empty file, a file of comments, empty sections */
    const char *empty[] = {"", "# nothing\n", "scan:\nrules:\n", "scan: {}\nrules: {}\n", "~\n"};
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
        envscan_scanner *sc = fresh();
        CHECK(load(sc, empty[i]) == ENVSCAN_OK, "'%s': %s", empty[i], envscan_last_error(sc));
        envscan_scanner_free(sc);
    }
    /* every template loads */
    const char *tpl[] = {"default", "ci", "monorepo", "huge-files"};
    for (size_t i = 0; i < 4; i++) {
        const char *t = envscan_config_template(tpl[i]);
        envscan_scanner *sc = fresh();
        CHECK(t && load(sc, t) == ENVSCAN_OK, "template %s: %s", tpl[i], envscan_last_error(sc));
        envscan_scanner_free(sc);
    }
    CHECK(envscan_config_template("nope") == NULL, "unknown template");

    /* settings reach the scanner */
    envscan_scanner *sc = fresh();
    const char *text = "scan:\n"
                       "  dialect: python\n"
                       "  hidden: false\n"
                       "  max_file_size: 2M\n"
                       "rules:\n"
                       "  disable: [lint-value-without-quotes]\n"
                       "  severity:\n"
                       "    duplicate-key: error\n"
                       "  allowlist:\n"
                       "    values: [ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5c]\n"
                       "    keys: ['IGNORED_*']\n"
                       "  secrets:\n"
                       "    custom:\n"
                       "      - id: secret-acme\n"
                       "        keywords: [acme_]\n"
                       "        pattern: 'acme_[A-Za-z0-9]{24}'\n"
                       "        min_entropy: 3\n"
                       "        severity: error\n"
                       "performance:\n"
                       "  threads: 3\n"
                       "  affinity: spread\n"
                       "  io: io_uring\n"
                       "cache:\n"
                       "  enabled: true\n";
    CHECK(load(sc, text) == ENVSCAN_OK, "%s", envscan_last_error(sc));
    int64_t v = 0;
    envscan_get_option(sc, ENVSCAN_OPT_THREADS, &v);
    CHECK(v == 3, "threads %lld", (long long)v);
    envscan_get_option(sc, ENVSCAN_OPT_AFFINITY, &v);
    CHECK(v == ENVSCAN_AFFINITY_SPREAD, "affinity %lld", (long long)v);
    envscan_get_option(sc, ENVSCAN_OPT_DIALECT, &v);
    CHECK(v == ENVSCAN_DIALECT_PYTHON, "dialect %lld", (long long)v);
    envscan_get_option(sc, ENVSCAN_OPT_HIDDEN, &v);
    CHECK(v == 0, "hidden %lld", (long long)v);
    envscan_get_option(sc, ENVSCAN_OPT_MAX_FILE_SIZE, &v);
    CHECK(v == 2 << 20, "max_file_size %lld", (long long)v);
    CHECK(envscan_config_unimplemented_count(sc) == 2, "unimplemented %zu",
          envscan_config_unimplemented_count(sc));
    const char *u0 = envscan_config_unimplemented(sc, 0);
    CHECK(u0 && strncmp(u0, "performance.io: io_uring (not implemented", 41) == 0, "%s", u0);
    CHECK(envscan_config_unimplemented(sc, 2) == NULL, "past the end");

    const char *env = "A=1\nA=x y\n"
                      "GH=ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5c\n"
                      "GH2=ghp_Zz3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5c\n"
                      "IGNORED_TOKEN=npm_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5c\n"
                      "ACME=acme_Q7x9Lm2Vb8Nc4Zt6Rp1Ws3Yk\n"
                      "ACME2=acme_aaaaaaaaaaaaaaaaaaaaaaaa\n";
    envscan_result *res = NULL;
    CHECK(envscan_scan_buffer(sc, env, strlen(env), ENVSCAN_FORMAT_UNKNOWN, ".env", &res) ==
              ENVSCAN_OK,
          "%s", envscan_last_error(sc));
    int dup = 0, gh = 0, gh2 = 0, npm = 0, acme = 0, acme2 = 0, quotes = 0;
    for (size_t i = 0; res && i < envscan_result_diagnostic_count(res); i++) {
        const envscan_diagnostic *d = envscan_result_diagnostic(res, i);
        if (strcmp(d->code, "duplicate-key") == 0)
            dup += d->severity == ENVSCAN_SEVERITY_ERROR ? 1 : 100;
        quotes += strcmp(d->code, "lint-value-without-quotes") == 0;
        if (strncmp(d->code, "secret-", 7) == 0) {
            gh += d->line == 3;
            gh2 += d->line == 4;
            npm += d->line == 5;
            acme += d->line == 6 && strcmp(d->code, "secret-acme") == 0 &&
                    d->severity == ENVSCAN_SEVERITY_ERROR;
            acme2 += d->line == 7;
        }
    }
    CHECK(dup == 1, "duplicate-key as an error: %d", dup);
    CHECK(quotes == 0, "a disabled lint rule fired %d times", quotes);
    CHECK(gh == 0, "an allowlisted value was reported");
    CHECK(gh2 == 1, "another secret was not reported");
    CHECK(npm == 0, "a secret under an allowlisted key was reported");
    CHECK(acme == 1, "the custom rule did not fire (as an error)");
    CHECK(acme2 == 0, "the custom rule fired on a low-entropy value");
    uint64_t errors = 0;
    envscan_result_stat(res, ENVSCAN_STAT_ERRORS, &errors);
    CHECK(errors == 3, "errors %llu (duplicate-key, GH2, ACME)", (unsigned long long)errors);
    /* SARIF describes the custom rule in tool.driver.rules, and its result
     * points at it by ruleIndex */
    FILE *sf = tmpfile();
    CHECK(sf != NULL, "tmpfile");
    if (sf && res) {
        CHECK(envscan_report(res, ENVSCAN_REPORT_SARIF, ENVSCAN_REPORT_NO_TIMING, write_file, sf) ==
                  ENVSCAN_OK,
              "sarif report");
        static char sarif[1 << 20];
        rewind(sf);
        size_t sn = fread(sarif, 1, sizeof sarif - 1, sf);
        sarif[sn] = '\0';
        const char *row = strstr(sarif, "{\"id\":\"secret-acme\"");
        const char *results = strstr(sarif, "\"results\":");
        CHECK(row && results && row < results, "secret-acme is not in tool.driver.rules");
        long index = -1;
        for (const char *p = strstr(sarif, "{\"id\":\""); p && row && p <= row;
             p = strstr(p + 1, "{\"id\":\""))
            index++;
        CHECK(row && strstr(row, "\"text\":\"secret-acme\"") != NULL,
              "the custom rule's row has no description");
        char want[64];
        snprintf(want, sizeof want, "{\"ruleId\":\"secret-acme\",\"ruleIndex\":%ld,", index);
        CHECK(index > 0 && results && strstr(results, want) != NULL, "no result with %s", want);
        fclose(sf);
    }
    envscan_result_free(res);

    /* origins: a setting after the file wins and says so */
    envscan_set_origin(sc, "command line");
    envscan_set_option(sc, ENVSCAN_OPT_HIDDEN, 1);
    char out[8192] = "";
    size_t at = 0;
    FILE *f = tmpfile();
    CHECK(f != NULL, "tmpfile");
    if (f) {
        CHECK(envscan_config_write(sc, write_file, f) == ENVSCAN_OK, "config_write");
        rewind(f);
        at = fread(out, 1, sizeof out - 1, f);
        out[at] = '\0';
        fclose(f);
    }
    CHECK(strstr(out, "dialect: python") && strstr(out, "# envscan.yml:2"), "%s", out);
    CHECK(strstr(out, "hidden: true                           # command line"), "%s", out);
    CHECK(strstr(out, "duplicate-key: error") != NULL, "%s", out);
    CHECK(strstr(out, "io: io_uring") && strstr(out, "not implemented yet"), "%s", out);
    CHECK(strstr(out, "ghp_") == NULL, "an allowlisted secret is printed:\n%s", out);
    CHECK(strstr(out, "1 literal value, not shown"), "%s", out);
    envscan_scanner_free(sc);
}

static void test_api_edges(void)
{
    envscan_scanner *sc = fresh();
    CHECK(envscan_load_config(sc, "/nonexistent/envscan.yml") == ENVSCAN_E_IO, "missing file");
    int err = 0;
    envscan_last_error_detail(sc, NULL, NULL, NULL, &err);
    CHECK(err != 0, "errno of a missing file");
    CHECK(envscan_load_config(sc, "/") == ENVSCAN_E_IO, "a directory");
    CHECK(envscan_load_config_buffer(NULL, "", 0, NULL) == ENVSCAN_E_INVALID, "NULL scanner");
    CHECK(envscan_set_rule(sc, "nope-nope", 0) == ENVSCAN_E_NOTFOUND, "unknown rule");
    CHECK(envscan_set_rule_severity(sc, "drift", (envscan_severity)9) == ENVSCAN_E_RANGE,
          "bad severity");
    CHECK(envscan_set_format(sc, ENVSCAN_FORMAT_DOTENV, 0) == ENVSCAN_E_UNSUPPORTED, "dotenv");
    CHECK(envscan_set_format(sc, ENVSCAN_FORMAT_GO, 0) == ENVSCAN_OK, "go off");
    int64_t n = 0;
    CHECK(envscan_parse_size("10M", &n) == ENVSCAN_OK && n == 10 << 20, "10M: %lld",
          (long long)n);
    CHECK(envscan_parse_size("0", &n) == ENVSCAN_E_INVALID, "0");
    CHECK(envscan_parse_size("1X", &n) == ENVSCAN_E_INVALID, "1X");
    char *p = NULL;
    CHECK(envscan_config_find("/nonexistent-dir", &p) == ENVSCAN_E_NOTFOUND && !p, "find");
    envscan_scanner_free(sc);
}

int main(void)
{
    test_errors();
    test_good();
    test_api_edges();
    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    printf("test_config: all checks passed\n");
    return 0;
}
