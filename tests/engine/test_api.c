/*
 * test_api.c — unit tests of the engine through the public API: records
 * and their positions and flags, diagnostics, expansion, options and their
 * bounds, names, and the rule that every kernel gives byte-identical
 * reports. Exits non-zero on the first failed check.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "envscan.h"

#include "check.h"
#include "membuf.h"

static envscan_scanner *scanner(void)
{
    envscan_scanner *sc = NULL;
    int rc = envscan_scanner_create(&sc);
    if (rc != ENVSCAN_OK) {
        fprintf(stderr, "cannot create scanner: %s\n", envscan_strerror(rc));
        exit(rc == ENVSCAN_E_UNSUPPORTED ? 77 : 1); /* kernel not on this CPU */
    }
    return sc;
}

static envscan_result *parse(envscan_scanner *sc, const char *text, size_t len)
{
    envscan_result *res = NULL;
    int rc = envscan_scan_buffer(sc, text, len, ENVSCAN_FORMAT_DOTENV, "t.env", &res);
    CHECK(rc == ENVSCAN_OK, "scan_buffer: %s", envscan_last_error(sc));
    return res;
}

/* Expect record i to be key=value at line:col with flags. */
static void expect_rec(const envscan_result *res, size_t i, envscan_kind kind,
                       const char *key, const char *value, uint32_t line,
                       uint32_t col, uint32_t flags)
{
    const envscan_record *r = envscan_result_record(res, i);
    CHECK(r != NULL, "record %zu missing", i);
    if (!r)
        return;
    CHECK(r->kind == kind, "record %zu kind %d != %d", i, r->kind, kind);
    CHECK(strcmp(r->key, key) == 0, "record %zu key '%s' != '%s'", i, r->key, key);
    if (value)
        CHECK(r->value && r->value_len == strlen(value) && memcmp(r->value, value, r->value_len) == 0,
              "record %zu (%s) value '%s' != '%s'", i, key, r->value ? r->value : "(null)", value);
    CHECK(r->line == line && r->column == col, "record %zu (%s) at %u:%u, want %u:%u", i, key,
          r->line, r->column, line, col);
    CHECK(r->flags == flags, "record %zu (%s) flags %#x != %#x", i, key, r->flags, flags);
}

static bool has_diag(const envscan_result *res, const char *code, uint32_t line)
{
    for (size_t i = 0; i < envscan_result_diagnostic_count(res); i++) {
        const envscan_diagnostic *d = envscan_result_diagnostic(res, i);
        if (strcmp(d->code, code) == 0 && d->line == line)
            return true;
    }
    return false;
}

static void test_positions_and_flags(void)
{
    envscan_scanner *sc = scanner();
    const char *t = "\xEF\xBB\xBF" "A=1\r\n"
                    "  export B = 'two'  # c\r\n"
                    "C=\"multi\nline\"\n"
                    "\n"
                    "A=3\n"
                    "D=\"unterminated\n"
                    "E: colon\n";
    envscan_result *res = parse(sc, t, strlen(t));
    CHECK(envscan_result_record_count(res) == 6, "count %zu", envscan_result_record_count(res));
    expect_rec(res, 0, ENVSCAN_KIND_DEFINITION, "A", "1", 1, 4, ENVSCAN_RECORD_OVERRIDDEN);
    expect_rec(res, 1, ENVSCAN_KIND_DEFINITION, "B", "two", 2, 10,
               ENVSCAN_RECORD_EXPORT | ENVSCAN_RECORD_QUOTED);
    expect_rec(res, 2, ENVSCAN_KIND_DEFINITION, "C", "multi\nline", 3, 1,
               ENVSCAN_RECORD_QUOTED | ENVSCAN_RECORD_MULTILINE);
    expect_rec(res, 3, ENVSCAN_KIND_DEFINITION, "A", "3", 6, 1, 0);
    expect_rec(res, 4, ENVSCAN_KIND_DEFINITION, "D", "\"unterminated", 7, 1, 0);
    expect_rec(res, 5, ENVSCAN_KIND_DEFINITION, "E", "colon", 8, 1, 0);
    CHECK(has_diag(res, "duplicate-key", 1), "duplicate-key on line 1");
    CHECK(has_diag(res, "unterminated-quote", 7), "unterminated-quote on line 7");
    CHECK(envscan_result_max_severity(res) == ENVSCAN_SEVERITY_WARNING, "max severity");
    envscan_result_free(res);

    /* lines node ignores are reported, with where and why */
    const char *bad = "GOOD=1\nthis is not env\n:x=1\nK:v\n";
    res = parse(sc, bad, strlen(bad));
    CHECK(envscan_result_record_count(res) == 1, "only GOOD parses");
    CHECK(has_diag(res, "syntax", 2) && has_diag(res, "syntax", 3) && has_diag(res, "syntax", 4),
          "syntax diagnostics on lines 2, 3, 4");
    envscan_result_free(res);

    /* NUL bytes are kept in values (value_len counts them) */
    const char nul[] = "N=a\0b\n";
    res = parse(sc, nul, sizeof nul - 1);
    const envscan_record *r = envscan_result_record(res, 0);
    CHECK(r && r->value_len == 3 && memcmp(r->value, "a\0b", 3) == 0, "NUL kept");
    envscan_result_free(res);
    envscan_scanner_free(sc);
}

static void test_expand(void)
{
    envscan_scanner *sc = scanner();
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_EXPAND, 1) == ENVSCAN_OK, "expand on");
    const char *t = "HOST=db\n"
                    "URL=\"pg://${HOST}:${PORT:-5432}/$NAME\"\n"
                    "LIT='$HOST'\n"
                    "ESC=\\$HOST\n"
                    "X=$Y\nY=$X\n";
    envscan_result *res = parse(sc, t, strlen(t));
    /* dotenv-expand: single quotes are expanded too (it sees parsed
     * values), a reference to a later key is empty, \$ is a literal $ */
    expect_rec(res, 0, ENVSCAN_KIND_DEFINITION, "HOST", "db", 1, 1, 0);
    expect_rec(res, 1, ENVSCAN_KIND_DEFINITION, "URL", "pg://db:5432/", 2, 1, ENVSCAN_RECORD_QUOTED);
    expect_rec(res, 2, ENVSCAN_KIND_REFERENCE, "HOST", NULL, 2, 11, 0);
    expect_rec(res, 3, ENVSCAN_KIND_REFERENCE, "PORT", NULL, 2, 19,
               ENVSCAN_RECORD_UNRESOLVED | ENVSCAN_RECORD_DEFAULTED);
    expect_rec(res, 4, ENVSCAN_KIND_REFERENCE, "NAME", NULL, 2, 33, ENVSCAN_RECORD_UNRESOLVED);
    expect_rec(res, 5, ENVSCAN_KIND_DEFINITION, "LIT", "db", 3, 1, ENVSCAN_RECORD_QUOTED);
    expect_rec(res, 6, ENVSCAN_KIND_REFERENCE, "HOST", NULL, 3, 6, 0);
    expect_rec(res, 7, ENVSCAN_KIND_DEFINITION, "ESC", "$HOST", 4, 1, 0);
    expect_rec(res, 8, ENVSCAN_KIND_DEFINITION, "X", "", 5, 1, 0);
    expect_rec(res, 9, ENVSCAN_KIND_REFERENCE, "Y", NULL, 5, 3, 0);
    expect_rec(res, 10, ENVSCAN_KIND_DEFINITION, "Y", "", 6, 1, 0);
    expect_rec(res, 11, ENVSCAN_KIND_REFERENCE, "X", NULL, 6, 3, 0);
    uint64_t refs = 0;
    envscan_result_stat(res, ENVSCAN_STAT_REFERENCES, &refs);
    CHECK(refs == 6, "references %llu", (unsigned long long)refs);
    envscan_result_free(res);

    /* a value that re-creates its own template stops, with a warning */
    const char *loop = "A=\\$&\nB=$A\n";
    res = parse(sc, loop, strlen(loop));
    CHECK(has_diag(res, "expand-limit", 2), "runaway expansion is reported on B's line");
    envscan_result_free(res);
    envscan_scanner_free(sc);
}

static void test_python_dialect(void)
{
    envscan_scanner *sc = scanner();
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_DIALECT, ENVSCAN_DIALECT_PYTHON) == ENVSCAN_OK,
          "python dialect: %s", envscan_last_error(sc));
    const char *t = "B=1\n"
                    "'quoted key'='it\\'s'  # c\n"
                    "bare\n"
                    "A=\"x\\ty\" ${B}\n"  /* text after the quote: dropped */
                    "C=${B}-${bare}-${NOPE:-d}-${B:?e}\n"
                    "D=v #c\n"
                    "E=v#c\n"
                    "10=ten\n"
                    "B=2\n";
    envscan_result *res = parse(sc, t, strlen(t));
    /* interpolation is on by default, as in dotenv_values() */
    expect_rec(res, 0, ENVSCAN_KIND_DEFINITION, "B", "1", 1, 1, ENVSCAN_RECORD_OVERRIDDEN);
    expect_rec(res, 1, ENVSCAN_KIND_DEFINITION, "quoted key", "it's", 2, 2, ENVSCAN_RECORD_QUOTED);
    expect_rec(res, 2, ENVSCAN_KIND_DEFINITION, "bare", NULL, 3, 1, 0);
    const envscan_record *r = envscan_result_record(res, 2);
    CHECK(r && r->value == NULL, "a key without '=' has no value");
    CHECK(has_diag(res, "syntax", 4), "the statement with text after its quote is reported");
    expect_rec(res, 3, ENVSCAN_KIND_DEFINITION, "C", "1--d-${B:?e}", 5, 1, 0);
    expect_rec(res, 4, ENVSCAN_KIND_REFERENCE, "B", NULL, 5, 3, 0);
    expect_rec(res, 5, ENVSCAN_KIND_REFERENCE, "bare", NULL, 5, 8, 0);
    expect_rec(res, 6, ENVSCAN_KIND_REFERENCE, "NOPE", NULL, 5, 16,
               ENVSCAN_RECORD_UNRESOLVED | ENVSCAN_RECORD_DEFAULTED);
    expect_rec(res, 7, ENVSCAN_KIND_DEFINITION, "D", "v", 6, 1, 0);
    expect_rec(res, 8, ENVSCAN_KIND_DEFINITION, "E", "v#c", 7, 1, 0);
    CHECK(envscan_result_record_count(res) == 11, "records %zu", envscan_result_record_count(res));
    /* the map: file order (not JavaScript's), null for no value */
    membuf m = {0};
    CHECK(envscan_report(res, ENVSCAN_REPORT_MAP, 0, mem_write, &m) == ENVSCAN_OK, "map report");
    const char *want = "{\n  \"B\": \"2\",\n  \"quoted key\": \"it's\",\n  \"bare\": null,\n"
                       "  \"C\": \"1--d-${B:?e}\",\n  \"D\": \"v\",\n  \"E\": \"v#c\",\n"
                       "  \"10\": \"ten\"\n}\n";
    CHECK(m.p && strcmp(m.p, want) == 0, "map:\n%s\nwant:\n%s", m.p ? m.p : "(null)", want);
    free(m.p);
    envscan_result_free(res);

    /* turned off, values stay as written and no reference is reported */
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_EXPAND, 0) == ENVSCAN_OK, "expand off");
    res = parse(sc, "A=${B}\n", 7);
    expect_rec(res, 0, ENVSCAN_KIND_DEFINITION, "A", "${B}", 1, 1, 0);
    CHECK(envscan_result_record_count(res) == 1, "no reference without expansion");
    envscan_result_free(res);

    /* node's default is the other way round */
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_DIALECT, ENVSCAN_DIALECT_NODE) == ENVSCAN_OK &&
              envscan_set_option(sc, ENVSCAN_OPT_EXPAND, -1) == ENVSCAN_OK,
          "node, dialect default");
    res = parse(sc, "B=1\nA=${B}\n", 12);
    expect_rec(res, 1, ENVSCAN_KIND_DEFINITION, "A", "${B}", 2, 1, 0);
    envscan_result_free(res);
    envscan_scanner_free(sc);
}

static void test_options_and_names(void)
{
    envscan_scanner *sc = scanner();
    int64_t lo, hi, v;
    CHECK(envscan_option_bounds(ENVSCAN_OPT_THREADS, &lo, &hi) == ENVSCAN_OK && lo == 0 && hi == 1024,
          "threads bounds");
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_THREADS, 1025) == ENVSCAN_E_RANGE, "threads range");
    CHECK(strstr(envscan_last_error(sc), "1025") != NULL, "range message names the value");
    CHECK(envscan_set_option(sc, (envscan_option)999, 1) == ENVSCAN_E_OPTION, "unknown option");
    CHECK(envscan_add_config_name(sc, "svc.json", ENVSCAN_FORMAT_JSON) == ENVSCAN_OK &&
              envscan_add_config_name(sc, "*.cfgx", ENVSCAN_FORMAT_PROPERTIES) == ENVSCAN_OK,
          "config names of the formats read by name");
    CHECK(envscan_add_config_name(sc, "x.yml", ENVSCAN_FORMAT_YAML) == ENVSCAN_E_INVALID &&
              envscan_add_config_name(sc, "x", ENVSCAN_FORMAT_DOTENV) == ENVSCAN_E_INVALID &&
              envscan_add_config_name(sc, NULL, ENVSCAN_FORMAT_JSON) == ENVSCAN_E_INVALID,
          "config names: YAML, other formats and NULL refused");
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_DIALECT, ENVSCAN_DIALECT_COMPOSE) == ENVSCAN_E_UNSUPPORTED,
          "compose dialect is reported missing");
    CHECK(strstr(envscan_last_error(sc), "compose") != NULL, "message names the dialect");
    CHECK(envscan_option_bounds(ENVSCAN_OPT_EXPAND, &lo, &hi) == ENVSCAN_OK && lo == -1 && hi == 1,
          "expand bounds: -1 is the dialect's default");
    CHECK(envscan_get_option(sc, ENVSCAN_OPT_EXPAND, &v) == ENVSCAN_OK && v == -1,
          "expand defaults to the dialect's default");
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_THREADS, 3) == ENVSCAN_OK &&
              envscan_get_option(sc, ENVSCAN_OPT_THREADS, &v) == ENVSCAN_OK && v == 3,
          "threads round trip");
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_KERNEL, ENVSCAN_KERNEL_SCALAR) == ENVSCAN_OK, "scalar always");
    envscan_dialect d;
    CHECK(envscan_dialect_from_name("node", &d) == ENVSCAN_OK && d == ENVSCAN_DIALECT_NODE, "node");
    CHECK(envscan_dialect_from_name("nodejs", &d) == ENVSCAN_E_NOTFOUND, "unknown dialect");
    CHECK(strcmp(envscan_strerror(ENVSCAN_E_NOMEM), "out of memory") == 0, "strerror");
    CHECK(strcmp(envscan_strerror(12345), "unknown status") == 0, "strerror unknown");
    CHECK(strcmp(envscan_version(), ENVSCAN_VERSION_STRING) == 0, "version");
    CHECK(envscan_version_number() == ENVSCAN_VERSION_NUMBER, "version number");
    envscan_result *res = NULL;
    CHECK(envscan_scan_buffer(sc, "x", 1, ENVSCAN_FORMAT_UNKNOWN, "notes.txt", &res) ==
              ENVSCAN_E_UNSUPPORTED && res == NULL,
          "no format for notes.txt");
    CHECK(envscan_scan_buffer(NULL, "x", 1, ENVSCAN_FORMAT_DOTENV, "a", &res) == ENVSCAN_E_INVALID,
          "NULL scanner");
    envscan_result_free(NULL);
    envscan_scanner_free(NULL);
    envscan_scanner_free(sc);
}

/* Deterministic mixed input: plain lines, comments, quotes, unicode. */
static char *mixed_input(size_t target, size_t *len)
{
    static const char *const pieces[] = {
        "PLAIN_KEY_%u=value_%u\n", "# comment %u = %u\n", "Q%u='single %u'\n",
        "D%u=\"double\\n%u\" # c\n", "export E%u=x%u\n", "M%u=\"multi\nline %u\"\n",
        "U%u=caf\xC3\xA9 \xE2\x80\x83%u\n", "W%u = spaced %u  \n", "bad line %u %u\n",
        "C%u: colon %u\r\n", "B%u=`tick %u`\n", "\n", "K%u=\n'%u'\n"};
    char *buf = malloc(target + 256);
    size_t n = 0;
    uint64_t s = 42;
    while (n < target) {
        s = s * 6364136223846793005u + 1442695040888963407u;
        unsigned a = (unsigned)(s >> 33);
        n += (size_t)sprintf(buf + n, pieces[a % (sizeof pieces / sizeof pieces[0])], a % 1000, a % 777);
    }
    *len = n;
    return buf;
}

static void test_kernels_agree(void)
{
    size_t len;
    char *in = mixed_input(1 << 20, &len);
    membuf ref = {0};
    for (int k = ENVSCAN_KERNEL_SCALAR; k <= ENVSCAN_KERNEL_NEON; k++) {
        envscan_scanner *sc = scanner();
        if (envscan_set_option(sc, ENVSCAN_OPT_KERNEL, k) != ENVSCAN_OK) {
            envscan_scanner_free(sc);
            continue;
        }
        envscan_result *res = parse(sc, in, len);
        membuf out = {0};
        CHECK(envscan_report(res, ENVSCAN_REPORT_JSON, ENVSCAN_REPORT_NO_TIMING, mem_write, &out) == ENVSCAN_OK,
              "report");
        if (k == ENVSCAN_KERNEL_SCALAR) {
            ref = out;
            CHECK(envscan_result_record_count(res) > 10000, "mixed input gives many records");
        } else {
            CHECK(out.n == ref.n && memcmp(out.p, ref.p, ref.n) == 0,
                  "kernel %s report differs from scalar", envscan_kernel_name((envscan_kernel)k));
            free(out.p);
        }
        envscan_result_free(res);
        envscan_scanner_free(sc);
    }
    free(ref.p);
    free(in);
}

/* One 32 MiB line, and a file of 2 million tiny lines: no crash, right
 * counts (a smaller stand-in for the 1 GB line of the benchmarks). */
static void test_big_inputs(void)
{
    envscan_scanner *sc = scanner();
    size_t n = 32u << 20;
    char *big = malloc(n);
    memcpy(big, "LONG=", 5);
    memset(big + 5, 'x', n - 5);
    envscan_result *res = parse(sc, big, n);
    const envscan_record *r = envscan_result_record(res, 0);
    CHECK(r && r->value_len == n - 5, "long line value length");
    envscan_result_free(res);
    /* an unterminated quote that runs to the end cannot go quadratic */
    big[5] = '"';
    for (size_t i = 6; i < n; i += 2)
        big[i] = '\n';
    res = parse(sc, big, n);
    CHECK(envscan_result_record_count(res) == 1, "unterminated quote: one record");
    envscan_result_free(res);
    free(big);
    envscan_scanner_free(sc);
}

/* Duplicate keys in a file with more definitions than the parser sorts
 * in one piece (it then splits them on the hash's top byte): every
 * duplicate is found, the right record is flagged, and with expansion on
 * (which keeps the sorted keys for lookups) references still resolve, in
 * both dialects. */
static void test_many_duplicates(void)
{
    enum { N = 100000, KEYS = 70000 }; /* keys 0..29999 are defined twice */
    char *buf = malloc((size_t)N * 24 + 64);
    size_t len = 0;
    for (unsigned i = 0; i < N; i++)
        len += (size_t)sprintf(buf + len, "K%u=v%u\n", i % KEYS, i);
    len += (size_t)sprintf(buf + len, "REF=${K5}${NOPE}\n");
    for (int dialect = ENVSCAN_DIALECT_NODE; dialect <= ENVSCAN_DIALECT_PYTHON; dialect++) {
        for (int expand = 0; expand <= 1; expand++) {
            envscan_scanner *sc = scanner();
            envscan_set_option(sc, ENVSCAN_OPT_DIALECT, dialect);
            envscan_set_option(sc, ENVSCAN_OPT_EXPAND, expand);
            envscan_set_option(sc, ENVSCAN_OPT_LINT, 0);
            envscan_result *res = parse(sc, buf, len);
            size_t dups = 0, bad = 0;
            for (size_t i = 0; i < envscan_result_diagnostic_count(res); i++) {
                const envscan_diagnostic *d = envscan_result_diagnostic(res, i);
                if (strcmp(d->code, "duplicate-key") != 0)
                    continue;
                char want[64];
                snprintf(want, sizeof want, "again at line %u;", d->line + KEYS);
                bad += d->line > N - KEYS || !strstr(d->message, want);
                dups++;
            }
            CHECK(dups == N - KEYS && bad == 0, "%zu duplicate-key (want %d), %zu wrong", dups,
                  N - KEYS, bad);
            size_t flagged = 0, misflagged = 0;
            const envscan_record *ref = NULL;
            for (size_t i = 0; i < envscan_result_record_count(res); i++) {
                const envscan_record *r = envscan_result_record(res, i);
                if (r->kind != ENVSCAN_KIND_DEFINITION)
                    continue;
                bool over = r->flags & ENVSCAN_RECORD_OVERRIDDEN;
                flagged += over;
                misflagged += over != (r->line <= N - KEYS);
                if (strcmp(r->key, "REF") == 0)
                    ref = r;
            }
            CHECK(flagged == N - KEYS && misflagged == 0, "%zu overridden, %zu misflagged",
                  flagged, misflagged);
            uint64_t refs = 0;
            envscan_result_stat(res, ENVSCAN_STAT_REFERENCES, &refs);
            if (expand) {
                /* K5 is defined last at line 70006, with value v70005 */
                CHECK(ref && strcmp(ref->value, "v70005") == 0, "%s: REF expands to '%s'",
                      envscan_dialect_name((envscan_dialect)dialect), ref ? ref->value : "?");
                size_t unresolved = 0;
                for (size_t i = 0; i < envscan_result_record_count(res); i++) {
                    const envscan_record *r = envscan_result_record(res, i);
                    if (r->kind == ENVSCAN_KIND_REFERENCE)
                        unresolved += (r->flags & ENVSCAN_RECORD_UNRESOLVED) != 0;
                }
                CHECK(refs == 2 && unresolved == 1, "%llu references, %zu unresolved",
                      (unsigned long long)refs, unresolved);
            } else {
                CHECK(ref && strcmp(ref->value, "${K5}${NOPE}") == 0 && refs == 0,
                      "no expansion");
            }
            envscan_result_free(res);
            envscan_scanner_free(sc);
        }
    }
    free(buf);
}

/* ---- streaming: the same records, file by file, in order; cancel ---- */

typedef struct stream_seen {
    membuf text;   /* concatenated NDJSON of every part */
    size_t files;
    size_t stop_after;
} stream_seen;

static int on_part(void *ctx, const envscan_result *part)
{
    stream_seen *s = ctx;
    CHECK(envscan_result_file_count(part) == 1, "a part holds one file");
    envscan_report(part, ENVSCAN_REPORT_NDJSON, ENVSCAN_REPORT_NO_SUMMARY, mem_write, &s->text);
    s->files++;
    return s->stop_after && s->files >= s->stop_after;
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    fputs(text, f);
    fclose(f);
}

/* A new directory `dir` (a mkdtemp template) with a subdirectory `sub`. */
static void make_tree(char *dir, const char *sub)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    mkdir(path, 0700);
}

/* Remove a tree made by make_tree(). */
static void remove_tree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "cleanup");
}

static void test_streaming(void)
{
    char dir[] = "/tmp/envscan-test-XXXXXX";
    make_tree(dir, "sub");
    for (int i = 0; i < 40; i++) {
        char name[64], text[256];
        snprintf(name, sizeof name, i % 2 ? "sub/f%02d.env" : "f%02d.env", i);
        snprintf(text, sizeof text, "K%d=v%d\nDUP=1\nDUP=2\nbad line %d\n", i, i, i);
        write_file(dir, name, text);
    }
    const char *roots[] = {dir};
    for (int threads = 1; threads <= 3; threads += 2) {
        envscan_scanner *sc = scanner();
        envscan_set_option(sc, ENVSCAN_OPT_THREADS, threads);
        envscan_result *whole = NULL;
        CHECK(envscan_scan_paths(sc, roots, 1, &whole) == ENVSCAN_OK, "scan");
        membuf want = {0};
        envscan_report(whole, ENVSCAN_REPORT_NDJSON, ENVSCAN_REPORT_NO_SUMMARY, mem_write, &want);

        stream_seen seen = {0};
        envscan_set_file_callback(sc, on_part, &seen);
        envscan_result *rest = NULL;
        CHECK(envscan_scan_paths(sc, roots, 1, &rest) == ENVSCAN_OK, "streamed scan");
        CHECK(seen.files == 40, "40 parts, got %zu", seen.files);
        /* what only the whole scan knows (cross-file findings) is in the
         * result the streamed scan returns: parts + rest = whole */
        envscan_report(rest, ENVSCAN_REPORT_NDJSON, ENVSCAN_REPORT_NO_SUMMARY, mem_write,
                       &seen.text);
        CHECK(seen.text.n == want.n && memcmp(seen.text.p, want.p, want.n) == 0,
              "streamed NDJSON equals the whole result's (threads %d)", threads);
        CHECK(envscan_result_file_count(rest) == 0 && envscan_result_record_count(rest) == 0,
              "the streamed result keeps no files");
        uint64_t defs = 0, warns = 0;
        envscan_result_stat(rest, ENVSCAN_STAT_DEFINITIONS, &defs);
        envscan_result_stat(rest, ENVSCAN_STAT_WARNINGS, &warns);
        CHECK(defs == 120 && warns == 80, "streamed stats: %llu defs, %llu warnings",
              (unsigned long long)defs, (unsigned long long)warns);
        envscan_result_free(rest);

        stream_seen stop = {.stop_after = 5};
        envscan_set_file_callback(sc, on_part, &stop);
        rest = NULL;
        CHECK(envscan_scan_paths(sc, roots, 1, &rest) == ENVSCAN_E_CANCELLED && rest == NULL,
              "a callback can cancel");
        CHECK(stop.files == 5, "no part after the cancel (%zu)", stop.files);
        free(want.p);
        free(seen.text.p);
        free(stop.text.p);
        envscan_result_free(whole);
        envscan_scanner_free(sc);
    }
    remove_tree(dir);
}

/* Usages in source code: kinds, positions, flags, defaults, the format
 * chosen by name, the statistic, and that comments and strings do not
 * count (docs/usage.md; the golden cases usage-* cover each language). */
static void test_usages(void)
{
    envscan_scanner *sc = scanner();
    static const char js[] = "// process.env.NO\n"
                             "const a = process.env.A ?? 'x', s = 'process.env.NO';\n"
                             "f(process.env[k], `${process.env['B']}`);\n";
    envscan_result *res = NULL;
    CHECK(envscan_scan_buffer(sc, js, sizeof js - 1, ENVSCAN_FORMAT_UNKNOWN, "src/app.ts", &res) ==
              ENVSCAN_OK,
          "scan a .ts buffer: %s", envscan_last_error(sc));
    if (res) {
        CHECK(envscan_result_record_count(res) == 3, "3 usages, got %zu",
              envscan_result_record_count(res));
        expect_rec(res, 0, ENVSCAN_KIND_USAGE, "A", "x", 2, 23, 0);
        expect_rec(res, 1, ENVSCAN_KIND_USAGE, "k", NULL, 3, 15, ENVSCAN_RECORD_DYNAMIC);
        expect_rec(res, 2, ENVSCAN_KIND_USAGE, "B", NULL, 3, 35, 0);
        const envscan_record *r = envscan_result_record(res, 2);
        CHECK(r && r->value == NULL && r->format == ENVSCAN_FORMAT_JAVASCRIPT, "no value, js");
        uint64_t n = 0;
        CHECK(envscan_result_stat(res, ENVSCAN_STAT_USAGES, &n) == ENVSCAN_OK && n == 3,
              "usages stat %llu", (unsigned long long)n);
        CHECK(envscan_result_stat(res, ENVSCAN_STAT_DEFINITIONS, &n) == ENVSCAN_OK && n == 0,
              "no definitions");
        envscan_result_free(res);
    }
    static const char py[] = "x = os.getenv(\"P\", \"d\")  # os.getenv(\"NO\")\n";
    CHECK(envscan_scan_buffer(sc, py, sizeof py - 1, ENVSCAN_FORMAT_PYTHON, "x", &res) == ENVSCAN_OK,
          "python buffer");
    if (res) {
        CHECK(envscan_result_record_count(res) == 1, "1 usage");
        expect_rec(res, 0, ENVSCAN_KIND_USAGE, "P", "d", 1, 16, 0);
        envscan_result_free(res);
    }
    envscan_format f;
    CHECK(envscan_format_from_name("rust", &f) == ENVSCAN_OK && f == ENVSCAN_FORMAT_RUST, "rust");
    CHECK(strcmp(envscan_format_name(ENVSCAN_FORMAT_JVM), "jvm") == 0, "jvm name");
    envscan_scanner_free(sc);
}

/* Links: the accessors, resolution of each kind, a file read because a
 * link names it, buffer scans keeping links unresolved, the same JSON at
 * any thread count, and a streamed scan giving the same NDJSON as a kept
 * one (its parts hold no links; the returned result holds them). */
static const envscan_link *find_link(const envscan_result *res, const char *target)
{
    for (size_t i = 0; i < envscan_result_link_count(res); i++)
        if (strcmp(envscan_result_link(res, i)->target, target) == 0)
            return envscan_result_link(res, i);
    return NULL;
}

static void test_links(void)
{
    char dir[] = "/tmp/envscan-link-XXXXXX";
    make_tree(dir, "conf");
    write_file(dir, "compose.yaml",
               "services:\n  web:\n    env_file:\n      - conf/web\n      - path: gone.env\n"
               "        required: false\n      - gone2.env\n");
    write_file(dir, "conf/web", "A=1\nB=2\n");
    write_file(dir, "k8s.yaml",
               "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
               "    - name: c\n      envFrom:\n        - configMapRef: {name: cm}\n"
               "      env:\n        - name: X\n          valueFrom:\n"
               "            configMapKeyRef: {name: cm, key: NOPE}\n");
    write_file(dir, "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n"
                               "data: {K: v}\n");
    /* many files, so two threads share the work */
    for (int i = 0; i < 40; i++) {
        char name[64];
        snprintf(name, sizeof name, "f%02d.env", i);
        write_file(dir, name, "K=v\n");
    }
    const char *roots[] = {dir};
    membuf json[2] = {{0}};
    for (int t = 0; t < 2; t++) {
        envscan_scanner *sc = scanner();
        envscan_set_option(sc, ENVSCAN_OPT_THREADS, t + 1);
        envscan_result *res = NULL;
        CHECK(envscan_scan_paths(sc, roots, 1, &res) == ENVSCAN_OK, "scan: %s",
              envscan_last_error(sc));
        CHECK(envscan_result_link_count(res) == 5, "5 links, got %zu",
              envscan_result_link_count(res));
        CHECK(envscan_result_link(res, 5) == NULL, "past the end");
        const envscan_link *l = find_link(res, "conf/web");
        CHECK(l && l->kind == ENVSCAN_LINK_ENV_FILE &&
                  l->flags == (ENVSCAN_LINK_REQUIRED | ENVSCAN_LINK_RESOLVED | ENVSCAN_LINK_READ) &&
                  l->target_file && strstr(l->target_file, "/conf/web") && l->line == 4 &&
                  l->column == 9 && l->scope && strcmp(l->scope, "web") == 0,
              "env_file conf/web read via the link");
        bool read = false;
        for (size_t i = 0; i < envscan_result_file_count(res); i++) {
            const envscan_file *f = envscan_result_file(res, i);
            if (strstr(f->path, "/conf/web"))
                read = f->format == ENVSCAN_FORMAT_DOTENV && (f->flags & ENVSCAN_FILE_LINKED) &&
                       f->record_count == 2;
        }
        CHECK(read, "conf/web is a linked dotenv file with 2 records");
        l = find_link(res, "gone.env");
        CHECK(l && l->flags == 0 && !l->target_file, "optional missing env_file");
        CHECK(has_diag(res, "env-file-missing", 5) && has_diag(res, "env-file-missing", 7),
              "missing env files reported");
        l = find_link(res, "ConfigMap/cm");
        CHECK(l && l->kind == ENVSCAN_LINK_ENV_FROM && (l->flags & ENVSCAN_LINK_RESOLVED) &&
                  l->target_file && strstr(l->target_file, "cm.yaml"),
              "envFrom resolved to cm.yaml");
        CHECK(has_diag(res, "missing-config-key", 12), "configMapKeyRef to a missing key");
        envscan_report(res, ENVSCAN_REPORT_JSON, ENVSCAN_REPORT_NO_TIMING, mem_write, &json[t]);

        /* streamed: the same NDJSON, the links in the returned result */
        membuf want = {0};
        envscan_report(res, ENVSCAN_REPORT_NDJSON, ENVSCAN_REPORT_NO_TIMING, mem_write, &want);
        stream_seen seen = {0};
        envscan_set_file_callback(sc, on_part, &seen);
        envscan_result *rest = NULL;
        CHECK(envscan_scan_paths(sc, roots, 1, &rest) == ENVSCAN_OK, "streamed scan");
        CHECK(envscan_result_link_count(rest) == 5, "the streamed result holds the links");
        envscan_report(rest, ENVSCAN_REPORT_NDJSON, ENVSCAN_REPORT_NO_TIMING, mem_write, &seen.text);
        CHECK(seen.text.n == want.n && memcmp(seen.text.p, want.p, want.n) == 0,
              "streamed NDJSON with links equals the kept result's (threads %d)", t + 1);
        free(want.p);
        free(seen.text.p);
        envscan_result_free(rest);
        envscan_result_free(res);
        envscan_scanner_free(sc);
    }
    CHECK(json[0].n == json[1].n && memcmp(json[0].p, json[1].p, json[0].n) == 0,
          "JSON with links is the same on 1 and 2 threads");
    CHECK(json[0].p && strstr(json[0].p, "\"links\":["), "the JSON has a links array");
    free(json[0].p);
    free(json[1].p);

    /* a buffer keeps its links, unresolved, without diagnostics about them */
    envscan_scanner *sc = scanner();
    envscan_result *res = NULL;
    const char *c = "services:\n  a:\n    env_file: nowhere.env\n";
    CHECK(envscan_scan_buffer(sc, c, strlen(c), ENVSCAN_FORMAT_COMPOSE, "compose.yaml", &res) ==
              ENVSCAN_OK, "buffer scan");
    const envscan_link *l = envscan_result_link(res, 0);
    CHECK(envscan_result_link_count(res) == 1 && l && l->flags == ENVSCAN_LINK_REQUIRED &&
              !l->target_file && strcmp(l->file, "compose.yaml") == 0 && l->line == 3,
          "buffer link kept as written");
    CHECK(envscan_result_diagnostic_count(res) == 0, "no resolution diagnostics for a buffer");
    CHECK(strcmp(envscan_link_kind_name(ENVSCAN_LINK_KEY_REF), "key_ref") == 0 &&
              strcmp(envscan_link_kind_name((envscan_link_kind)99), "?") == 0, "link kind names");
    CHECK(envscan_result_link_count(NULL) == 0 && envscan_result_link(NULL, 0) == NULL,
          "NULL result");
    envscan_result_free(res);
    envscan_scanner_free(sc);
    remove_tree(dir);
}

/* The diagnostic with this code and key (and file, when given), or NULL. */
static const envscan_diagnostic *find_diag(const envscan_result *res, const char *code,
                                           const char *key, const char *file)
{
    for (size_t i = 0; i < envscan_result_diagnostic_count(res); i++) {
        const envscan_diagnostic *d = envscan_result_diagnostic(res, i);
        if (strcmp(d->code, code) == 0 && (!key || (d->key && strcmp(d->key, key) == 0)) &&
            (!file || (d->file && strcmp(d->file, file) == 0)))
            return d;
    }
    return NULL;
}

static size_t count_code(const envscan_result *res, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < envscan_result_diagnostic_count(res); i++)
        n += strcmp(envscan_result_diagnostic(res, i)->code, code) == 0;
    return n;
}

/* Cross-file findings (docs/analysis.md): missing, unused, drift; their
 * places, keys and severities; the options; the same bytes whatever the
 * thread count or streaming. */
static void test_analysis(void)
{
    char dir[] = "/tmp/envscan-analysis-XXXXXX";
    make_tree(dir, "app");
    write_file(dir, ".env", "DB_URL=x\nSTALE=1\nSTALE=2\nREF=${DB_URL}\n");
    write_file(dir, ".env.example", "DB_URL=\nPORT=\n");
    write_file(dir, "app/main.py",
               "import os\n"
               "a = os.environ['DB_URL']\n"
               "b = os.environ['SECRET']\n"
               "c = os.getenv('SECRET')\n"
               "d = os.environ['HOME']\n"
               "e = os.getenv('OPT', 'x')\n"
               "f = os.environ['PORT']\n"
               "g = os.environ['MINE_A']\n");
    write_file(dir, "compose.yaml",
               "services:\n  web:\n    environment:\n"
               "      - U=${NOPE}\n      - V=${SOFT:-d}\n");
    const char *roots[] = {dir};
    char envp[600], composep[600], mainp[600];
    snprintf(envp, sizeof envp, "%s/.env", dir);
    snprintf(composep, sizeof composep, "%s/compose.yaml", dir);
    snprintf(mainp, sizeof mainp, "%s/app/main.py", dir);

    envscan_scanner *sc = scanner();
    int64_t v = -1;
    CHECK(envscan_get_option(sc, ENVSCAN_OPT_ANALYSIS, &v) == ENVSCAN_OK && v == 1,
          "analysis is on by default");
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_ANALYSIS, 2) == ENVSCAN_E_RANGE, "analysis 0..1");
    CHECK(envscan_allow_missing(sc, "") == ENVSCAN_E_INVALID, "an empty name is refused");
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_EXPAND, 1) == ENVSCAN_OK, "expand");
    envscan_result *res = NULL;
    CHECK(envscan_scan_paths(sc, roots, 1, &res) == ENVSCAN_OK, "scan");

    /* missing: SECRET once (first site, the other counted), MINE_A, NOPE;
     * not HOME (well-known), OPT (default), SOFT (${SOFT:-d}), PORT (the
     * template defines it), DB_URL (defined) */
    const envscan_diagnostic *d = find_diag(res, "missing", "SECRET", NULL);
    CHECK(d && strcmp(d->file, mainp) == 0 && d->line == 3 && d->column == 17 &&
              d->severity == ENVSCAN_SEVERITY_WARNING && strstr(d->message, "1 other place"),
          "missing SECRET at its first read");
    CHECK(find_diag(res, "missing", "MINE_A", mainp), "missing MINE_A");
    d = find_diag(res, "missing", "NOPE", composep);
    CHECK(d && d->line == 4, "missing NOPE (a reference without a default)");
    CHECK(count_code(res, "missing") == 3, "three missing keys, got %zu",
          count_code(res, "missing"));
    /* unused: STALE once per file (at its first definition), U and V of
     * the compose service; not REF's target DB_URL, not template keys */
    d = find_diag(res, "unused", "STALE", envp);
    CHECK(d && d->line == 2 && d->severity == ENVSCAN_SEVERITY_INFO, "unused STALE at line 2");
    CHECK(find_diag(res, "unused", "REF", envp), "REF is defined and read by nobody");
    CHECK(!find_diag(res, "unused", "DB_URL", NULL), "DB_URL is read");
    CHECK(count_code(res, "unused") == 4, "unused: STALE, REF, U, V; got %zu",
          count_code(res, "unused"));
    /* drift: .env lacks PORT of the template (line 0: the whole file);
     * STALE and REF are not in the template (at their lines) */
    d = find_diag(res, "drift", "PORT", envp);
    CHECK(d && d->line == 0 && strstr(d->message, ".env.example"), "drift: PORT missing");
    d = find_diag(res, "drift", "REF", envp);
    CHECK(d && d->line == 4, "drift: REF not in the template");
    CHECK(count_code(res, "drift") == 3, "three drift findings, got %zu",
          count_code(res, "drift"));
    CHECK(!find_diag(res, "unused-unchecked", NULL, NULL), "source was read");
    /* no value in any message (secrets) */
    for (size_t i = 0; i < envscan_result_diagnostic_count(res); i++)
        CHECK(!strstr(envscan_result_diagnostic(res, i)->message, "=x"), "no values");
    uint64_t warns = 0, infos = 0;
    envscan_result_stat(res, ENVSCAN_STAT_WARNINGS, &warns);
    envscan_result_stat(res, ENVSCAN_STAT_INFOS, &infos);
    CHECK(warns == 3 + 3 + 1 && infos == 4, "counted: %llu warnings (3 missing, 3 drift, 1 "
          "duplicate-key), %llu infos", (unsigned long long)warns, (unsigned long long)infos);
    membuf want = {0};
    envscan_report(res, ENVSCAN_REPORT_JSON, ENVSCAN_REPORT_NO_TIMING, mem_write, &want);
    envscan_result_free(res);

    /* the same bytes on 1 and 3 threads, and streamed parts + rest */
    for (int threads = 1; threads <= 3; threads += 2) {
        envscan_set_option(sc, ENVSCAN_OPT_THREADS, threads);
        res = NULL;
        CHECK(envscan_scan_paths(sc, roots, 1, &res) == ENVSCAN_OK, "scan");
        membuf got = {0};
        envscan_report(res, ENVSCAN_REPORT_JSON, ENVSCAN_REPORT_NO_TIMING, mem_write, &got);
        CHECK(got.n == want.n && memcmp(got.p, want.p, want.n) == 0,
              "findings are the same on %d threads", threads);
        free(got.p);
        membuf whole = {0};
        envscan_report(res, ENVSCAN_REPORT_NDJSON, ENVSCAN_REPORT_NO_SUMMARY, mem_write, &whole);
        envscan_result_free(res);
        stream_seen seen = {0};
        envscan_set_file_callback(sc, on_part, &seen);
        res = NULL;
        CHECK(envscan_scan_paths(sc, roots, 1, &res) == ENVSCAN_OK, "streamed scan");
        CHECK(count_code(res, "missing") == 3 && count_code(res, "drift") == 3,
              "a streamed scan's result holds the findings");
        envscan_report(res, ENVSCAN_REPORT_NDJSON, ENVSCAN_REPORT_NO_SUMMARY, mem_write,
                       &seen.text);
        CHECK(seen.text.n == whole.n && memcmp(seen.text.p, whole.p, whole.n) == 0,
              "streamed parts + rest = whole (threads %d)", threads);
        envscan_set_file_callback(sc, NULL, NULL);
        envscan_result_free(res);
        free(whole.p);
        free(seen.text.p);
    }
    free(want.p);

    /* --allow-missing: an exact name and a prefix */
    CHECK(envscan_allow_missing(sc, "SECRET") == ENVSCAN_OK &&
              envscan_allow_missing(sc, "MINE_*") == ENVSCAN_OK, "allow");
    res = NULL;
    CHECK(envscan_scan_paths(sc, roots, 1, &res) == ENVSCAN_OK, "scan");
    CHECK(count_code(res, "missing") == 1 && find_diag(res, "missing", "NOPE", NULL),
          "allowed names are not missing");
    envscan_result_free(res);

    /* off: no findings at all */
    envscan_set_option(sc, ENVSCAN_OPT_ANALYSIS, 0);
    res = NULL;
    CHECK(envscan_scan_paths(sc, roots, 1, &res) == ENVSCAN_OK, "scan");
    CHECK(!count_code(res, "missing") && !count_code(res, "unused") && !count_code(res, "drift"),
          "no findings with analysis off");
    envscan_result_free(res);
    envscan_set_option(sc, ENVSCAN_OPT_ANALYSIS, 1);

    /* no source code read: no unused finding, one note without a file */
    const char *env_only[] = {envp};
    res = NULL;
    CHECK(envscan_scan_paths(sc, env_only, 1, &res) == ENVSCAN_OK, "scan");
    d = find_diag(res, "unused-unchecked", NULL, NULL);
    CHECK(!count_code(res, "unused") && count_code(res, "unused-unchecked") == 1 && d &&
              !d->file && !d->key && d->severity == ENVSCAN_SEVERITY_INFO,
          "unused is not checked without source code");
    envscan_result_free(res);

    /* a buffer scan has no tree: no findings */
    res = NULL;
    CHECK(envscan_scan_buffer(sc, "A=1\n", 4, ENVSCAN_FORMAT_DOTENV, "x.env", &res) == ENVSCAN_OK &&
              envscan_result_diagnostic_count(res) == 0,
          "no findings for a buffer");
    envscan_result_free(res);
    envscan_scanner_free(sc);
    remove_tree(dir);
}

/* The diagnostic with `code` at line:col, or NULL. */
static const envscan_diagnostic *diag_at(const envscan_result *res, const char *code,
                                         uint32_t line, uint32_t col)
{
    for (size_t i = 0; i < envscan_result_diagnostic_count(res); i++) {
        const envscan_diagnostic *d = envscan_result_diagnostic(res, i);
        if (strcmp(d->code, code) == 0 && d->line == line && d->column == col)
            return d;
    }
    return NULL;
}

/* Diagnostics whose code starts with "lint-". */
static size_t lint_count(const envscan_result *res)
{
    size_t n = 0;
    for (size_t i = 0; i < envscan_result_diagnostic_count(res); i++)
        n += strncmp(envscan_result_diagnostic(res, i)->code, "lint-", 5) == 0;
    return n;
}

static void expect_lint(const envscan_result *res, const char *code, const char *key,
                        uint32_t line, uint32_t col, envscan_severity sev)
{
    const envscan_diagnostic *d = diag_at(res, code, line, col);
    CHECK(d != NULL, "no %s at %u:%u", code, line, col);
    if (!d)
        return;
    CHECK(d->severity == sev, "%s at %u:%u: severity %d != %d", code, line, col,
          (int)d->severity, (int)sev);
    if (key)
        CHECK(d->key && strcmp(d->key, key) == 0, "%s at %u:%u: key '%s' != '%s'", code, line,
              col, d->key ? d->key : "(null)", key);
    else
        CHECK(d->key == NULL, "%s at %u:%u: key '%s', want none", code, line, col, d->key);
}

static void test_lint(void)
{
    static const char t[] = "B=1\n"                  /* 1 */
                            "A=2\n"                  /* 2 unordered */
                            "FOO-BAR=x\n"            /* 3 delimiter at 4 */
                            "1KEY=v\n"               /* 4 leading */
                            "  IND=v\n"              /* 5 leading (indent) */
                            "SP = v\n"               /* 6 space at 3 */
                            "VW=a b\n"               /* 7 value-without-quotes at 4 */
                            "Q=\"abc\"\n"            /* 8 quote-character at 3 */
                            "S=${OPEN\n"             /* 9 substitution at 3 */
                            "T=v  \n"                /* 10 trailing at 4 */
                            "BARE\n"                 /* 11 key-without-value */
                            "\n\n"                   /* 12, 13 extra blank line */
                            "low=1\n"                /* 14 lowercase */
                            "ML=\"x\n# not a comment\n\n\n${\"\n" /* 15-19: one value */
                            "Z=1";                   /* 20 ending-blank-line at 4 */
    envscan_scanner *sc = scanner();
    int64_t v = -1;
    CHECK(envscan_get_option(sc, ENVSCAN_OPT_LINT, &v) == ENVSCAN_OK && v == 1,
          "lint default %lld", (long long)v);
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_LINT, 3) == ENVSCAN_E_RANGE, "lint 3 accepted");
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_LINT, 2) == ENVSCAN_OK, "lint all");
    static const envscan_dialect ds[] = {ENVSCAN_DIALECT_NODE, ENVSCAN_DIALECT_PYTHON};
    for (size_t di = 0; di < 2; di++) {
        CHECK(envscan_set_option(sc, ENVSCAN_OPT_DIALECT, ds[di]) == ENVSCAN_OK, "dialect");
        CHECK(envscan_set_option(sc, ENVSCAN_OPT_EXPAND, 0) == ENVSCAN_OK, "expand");
        envscan_result *res = parse(sc, t, sizeof t - 1);
        if (!res)
            continue;
        const envscan_severity W = ENVSCAN_SEVERITY_WARNING, I = ENVSCAN_SEVERITY_INFO;
        expect_lint(res, "lint-unordered-key", "A", 2, 1, I);
        expect_lint(res, "lint-incorrect-delimiter", "FOO-BAR", 3, 4, W);
        expect_lint(res, "lint-leading-character", "1KEY", 4, 1, W);
        expect_lint(res, "lint-leading-character", "IND", 5, 1, W);
        expect_lint(res, "lint-space-character", "SP", 6, 3, W);
        expect_lint(res, "lint-value-without-quotes", "VW", 7, 4, W);
        expect_lint(res, "lint-quote-character", "Q", 8, 3, I);
        expect_lint(res, "lint-substitution-key", "S", 9, 3, W);
        expect_lint(res, "lint-trailing-whitespace", "T", 10, 4, I);
        expect_lint(res, "lint-key-without-value", "BARE", 11, 1, W);
        expect_lint(res, "lint-extra-blank-line", NULL, 13, 1, I);
        expect_lint(res, "lint-lowercase-key", "low", 14, 1, I);
        expect_lint(res, "lint-ending-blank-line", NULL, 20, 4, I);
        /* unordered: in byte order within a group (blank lines end one) */
        expect_lint(res, "lint-unordered-key", "1KEY", 4, 1, I);
        expect_lint(res, "lint-unordered-key", "Q", 8, 1, I);
        expect_lint(res, "lint-unordered-key", "BARE", 11, 1, I);
        expect_lint(res, "lint-unordered-key", "ML", 15, 1, I);
        /* inside the quoted value: a '#' line and blank lines are value,
         * the broken '${' is found on the value's fifth line */
        expect_lint(res, "lint-substitution-key", "ML", 19, 1, W);
        /* python defines BARE (no value), node skips the line */
        expect_lint(res, "lint-portability", "BARE", 11, 1, I);
        CHECK(lint_count(res) == 19, "%s: %zu lint findings, want 19",
              envscan_dialect_name(ds[di]), lint_count(res));
        envscan_result_free(res);
    }
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_DIALECT, ENVSCAN_DIALECT_NODE) == ENVSCAN_OK, "d");
    /* lint never changes records */
    envscan_result *on = parse(sc, t, sizeof t - 1);
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_LINT, 0) == ENVSCAN_OK, "lint off");
    envscan_result *off = parse(sc, t, sizeof t - 1);
    if (on && off) {
        CHECK(lint_count(off) == 0, "lint off: %zu findings", lint_count(off));
        CHECK(envscan_result_record_count(on) == envscan_result_record_count(off), "records");
        for (size_t i = 0; i < envscan_result_record_count(on); i++) {
            const envscan_record *a = envscan_result_record(on, i);
            const envscan_record *b = envscan_result_record(off, i);
            CHECK(strcmp(a->key, b->key) == 0 && a->line == b->line && a->column == b->column &&
                      a->flags == b->flags && a->value_len == b->value_len,
                  "record %zu differs with lint", i);
        }
    }
    envscan_result_free(on);
    envscan_result_free(off);
    /* the default set, and single rules on and off */
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_LINT, 1) == ENVSCAN_OK, "lint default");
    CHECK(envscan_set_lint_rule(sc, "lowercase-key", 1) == ENVSCAN_OK, "enable");
    CHECK(envscan_set_lint_rule(sc, "lint-space-character", 0) == ENVSCAN_OK, "disable");
    CHECK(envscan_set_lint_rule(sc, "no-such-rule", 0) == ENVSCAN_E_NOTFOUND, "unknown rule");
    CHECK(envscan_set_lint_rule(sc, "duplicate-key", 0) == ENVSCAN_E_NOTFOUND, "not lint");
    CHECK(envscan_set_lint_rule(NULL, "lowercase-key", 0) == ENVSCAN_E_INVALID, "NULL");
    envscan_result *res = parse(sc, t, sizeof t - 1);
    if (res) {
        CHECK(diag_at(res, "lint-lowercase-key", 14, 1), "enabled rule silent");
        CHECK(!diag_at(res, "lint-space-character", 6, 3), "disabled rule reported");
        CHECK(!diag_at(res, "lint-unordered-key", 2, 1), "style rule on by default");
        CHECK(diag_at(res, "lint-leading-character", 4, 1), "default rule silent");
        envscan_result_free(res);
    }
    envscan_scanner_free(sc);

    /* suppression comments */
    static const char u[] = "# envscan:ignore-next-line lowercase-key\n" /* 1 */
                            "low=1\n"                                     /* 2 silenced */
                            "low2=1\n"                                    /* 3 reported */
                            "SP = 1 # envscan:ignore-line space-character\n" /* 4 */
                            "SP2 = 1 # envscan:ignore-line\n"             /* 5 all silenced */
                            "SP3 = 1 # envscan:ignore-line lowercase-key\n" /* 6 reported */
                            "#envscan:ignore-line bogus, lint-nope\n"    /* 7 two unknown */
                            "# envscan:ignore space-character\n"         /* 8 from here on */
                            "SP4 = 1\n"                                   /* 9 silenced */
                            "ML=\"\n# envscan:ignore\n\"\n"               /* 10-12 value */
                            "lc=1\n";                                     /* 13 reported */
    sc = scanner();
    envscan_set_option(sc, ENVSCAN_OPT_LINT, 2);
    for (size_t di = 0; di < 2; di++) {
        CHECK(envscan_set_option(sc, ENVSCAN_OPT_DIALECT, ds[di]) == ENVSCAN_OK, "dialect");
        res = parse(sc, u, sizeof u - 1);
        if (!res)
            continue;
        const envscan_severity W = ENVSCAN_SEVERITY_WARNING;
        CHECK(!diag_at(res, "lint-lowercase-key", 2, 1), "ignore-next-line");
        expect_lint(res, "lint-lowercase-key", "low2", 3, 1, ENVSCAN_SEVERITY_INFO);
        CHECK(!diag_at(res, "lint-space-character", 4, 3), "ignore-line RULE");
        CHECK(!diag_at(res, "lint-space-character", 5, 4), "ignore-line (all)");
        expect_lint(res, "lint-space-character", "SP3", 6, 4, W);
        expect_lint(res, "lint-unknown-rule", NULL, 7, 22, W);
        expect_lint(res, "lint-unknown-rule", NULL, 7, 29, W);
        CHECK(!diag_at(res, "lint-space-character", 9, 4), "ignore (file)");
        /* a '# envscan:ignore' inside a quoted value is value */
        expect_lint(res, "lint-lowercase-key", "lc", 13, 1, ENVSCAN_SEVERITY_INFO);
        envscan_result_free(res);
    }
    envscan_scanner_free(sc);

    /* lint-portability: off by default, on in "all"; both dialects find
     * the same differences, and a comment silences them */
    static const char w[] = "A=1\n"
                            "bare\n"         /* python only (no value) */
                            "C=a#b\n"        /* node "a", python "a#b" */
                            "D=ok\n"
                            "# envscan:ignore-next-line portability\n"
                            "E=x#y\n";       /* silenced */
    sc = scanner();
    res = parse(sc, w, sizeof w - 1);
    if (res) {
        CHECK(!diag_at(res, "lint-portability", 3, 1), "portability on by default");
        envscan_result_free(res);
    }
    envscan_set_option(sc, ENVSCAN_OPT_LINT, 2);
    for (size_t di = 0; di < 2; di++) {
        CHECK(envscan_set_option(sc, ENVSCAN_OPT_DIALECT, ds[di]) == ENVSCAN_OK, "dialect");
        res = parse(sc, w, sizeof w - 1);
        if (!res)
            continue;
        const envscan_severity I = ENVSCAN_SEVERITY_INFO;
        expect_lint(res, "lint-portability", "bare", 2, 1, I);
        expect_lint(res, "lint-portability", "C", 3, 1, I);
        const envscan_diagnostic *d = diag_at(res, "lint-portability", 3, 1);
        CHECK(d && strstr(d->message, "node reads C = \"a\", python reads C = \"a#b\""),
              "portability message: %s", d ? d->message : "(none)");
        CHECK(!diag_at(res, "lint-portability", 4, 1), "D reported");
        CHECK(!diag_at(res, "lint-portability", 6, 1), "E not silenced");
        envscan_result_free(res);
    }
    envscan_scanner_free(sc);
}

/* The value of record `i` of `res`, or "" when it has none. */
static const char *value_of(const envscan_result *res, size_t i)
{
    const envscan_record *r = envscan_result_record(res, i);
    return r && r->value ? r->value : "";
}

/* The effective entry of `key` in the environment named `env`, or NULL. */
static const envscan_effective *effective_in(const envscan_inventory *inv, const char *key,
                                             const char *env)
{
    size_t at;
    if (envscan_inventory_find(inv, key, &at) != ENVSCAN_OK)
        return NULL;
    const envscan_key_info *k = envscan_inventory_key(inv, at);
    for (size_t i = 0; i < k->n_effective; i++)
        if (strcmp(envscan_inventory_environment(inv, k->effective[i].environment)->name, env) ==
            0)
            return &k->effective[i];
    return NULL;
}

/* The inventory (envscan.h section 8) and the `conflict` finding read the
 * same environments: node's layered .env files per mode, a compose
 * service (env_file < environment:), a container (envFrom < env:). */
static void test_inventory(void)
{
    char dir[] = "/tmp/envscan-test-XXXXXX";
    make_tree(dir, "web");
    write_file(dir, "web/.env", "A=base\nB=base\n");
    write_file(dir, "web/.env.local", "B=local\n");
    write_file(dir, "web/.env.production", "A=prod\n");
    write_file(dir, "web/.env.production.local", "A=prodlocal\n");
    write_file(dir, "web/.env.test", "C=test\n");
    write_file(dir, "web/.env.example", "A=\nB=\nC=\n");
    write_file(dir, "web/app.js", "process.env.A; process.env.B\n");
    write_file(dir, "api.env", "DB=localhost\nSAME=1\n");
    write_file(dir, "compose.yaml", "services:\n  api:\n    env_file: api.env\n"
                                    "    environment:\n      DB: db\n      SAME: \"1\"\n");
    const char *roots[] = {dir};
    envscan_scanner *sc = scanner();
    CHECK(chdir(dir) == 0, "chdir");
    const char *here[] = {"."};
    envscan_result *res = NULL;
    CHECK(envscan_scan_paths(sc, here, 1, &res) == ENVSCAN_OK, "scan");
    envscan_inventory *inv = NULL;
    CHECK(envscan_inventory_create(res, &inv) == ENVSCAN_OK && inv, "inventory");

    /* keys sorted, every kind of record counted */
    size_t nk = envscan_inventory_key_count(inv);
    CHECK(nk == 5, "5 keys (A B C DB SAME), got %zu", nk);
    for (size_t i = 1; i < nk; i++)
        CHECK(strcmp(envscan_inventory_key(inv, i - 1)->key, envscan_inventory_key(inv, i)->key) <
                  0,
              "sorted at %zu", i);
    CHECK(envscan_inventory_key(inv, nk) == NULL, "NULL past the end");
    size_t at = 99;
    CHECK(envscan_inventory_find(inv, "NOPE", &at) == ENVSCAN_E_NOTFOUND && at == 99,
          "not found");
    CHECK(envscan_inventory_find(inv, "A", &at) == ENVSCAN_OK, "A found");
    const envscan_key_info *a = envscan_inventory_key(inv, at);
    CHECK(a->n_definitions == 4 && a->n_usages == 1 && a->n_references == 0,
          "A: %zu defs %zu uses", a->n_definitions, a->n_usages);

    /* node's layering, per mode */
    const envscan_effective *e = effective_in(inv, "A", "web/ (production)");
    CHECK(e && e->chain_len == 3 && strcmp(value_of(res, e->record), "prodlocal") == 0,
          "A in production: .env < .env.production < .env.production.local");
    CHECK(e && strcmp(value_of(res, e->chain[0]), "base") == 0, "lowest first");
    e = effective_in(inv, "B", "web/ (default)");
    CHECK(e && strcmp(value_of(res, e->record), "local") == 0, "B: .env.local over .env");
    e = effective_in(inv, "B", "web/ (test)");
    CHECK(e && strcmp(value_of(res, e->record), "base") == 0, "no .env.local in test");
    CHECK(effective_in(inv, "C", "web/ (production)") == NULL, "C is not set in production");
    e = effective_in(inv, "C", "web/ (test)");
    CHECK(e && strcmp(value_of(res, e->record), "test") == 0, "C in test");
    CHECK(effective_in(inv, "A", "web/.env.example") == NULL, "a template is no environment");

    /* compose: environment: wins over env_file; one conflict, not two */
    e = effective_in(inv, "DB", "compose.yaml service api");
    CHECK(e && e->chain_len == 2 && strcmp(value_of(res, e->record), "db") == 0,
          "DB in the service");
    size_t conflicts = 0;
    CHECK(envscan_inventory_find(inv, "DB", &at) == ENVSCAN_OK, "DB found");
    const envscan_key_info *db = envscan_inventory_key(inv, at);
    for (size_t i = 0; i < db->n_diagnostics; i++)
        conflicts += strcmp(envscan_result_diagnostic(res, db->diagnostics[i])->code,
                            "conflict") == 0;
    CHECK(conflicts == 1, "DB conflicts once, got %zu", conflicts);
    for (size_t i = 0; i < envscan_result_diagnostic_count(res); i++) {
        const envscan_diagnostic *d = envscan_result_diagnostic(res, i);
        CHECK(strcmp(d->code, "conflict") != 0 || strcmp(d->key, "DB") == 0,
              "only DB conflicts: %s (SAME has one value; layers override on purpose)",
              d->key);
    }

    /* the report: text names the environments; an unknown key is said */
    membuf out = {0};
    const char *keys[] = {"A", "NOPE"};
    CHECK(envscan_inventory_report(inv, ENVSCAN_REPORT_TEXT, 0, keys, 2, mem_write, &out) ==
              ENVSCAN_OK,
          "text report");
    CHECK(out.p && strstr(out.p, "web/ (production): \"prodlocal\"") &&
              strstr(out.p, "NOPE\n  not defined"),
          "text: %.*s", (int)out.n, out.p ? out.p : "");
    CHECK(envscan_inventory_report(inv, ENVSCAN_REPORT_NDJSON, 0, NULL, 0, mem_write, &out) ==
              ENVSCAN_E_UNSUPPORTED,
          "ndjson is not an inventory format");
    free(out.p);
    envscan_inventory_free(inv);

    /* a streamed scan keeps no records: an empty inventory */
    stream_seen seen = {0};
    envscan_set_file_callback(sc, on_part, &seen);
    envscan_result *rest = NULL;
    CHECK(envscan_scan_paths(sc, roots, 1, &rest) == ENVSCAN_OK, "streamed");
    CHECK(envscan_inventory_create(rest, &inv) == ENVSCAN_OK &&
              envscan_inventory_key_count(inv) == 0 &&
              envscan_inventory_environment_count(inv) == 0,
          "streamed: empty inventory");
    envscan_inventory_free(inv);
    free(seen.text.p);
    envscan_result_free(rest);
    CHECK(envscan_inventory_create(NULL, &inv) == ENVSCAN_E_INVALID && inv == NULL, "NULL");
    envscan_inventory_free(NULL);
    envscan_result_free(res);
    envscan_scanner_free(sc);
    CHECK(chdir("/") == 0, "chdir /");
    remove_tree(dir);
}

/* ---- fingerprints and baselines ---------------------------------- */

static const envscan_diagnostic *diag_code(const envscan_result *res, const char *code, size_t nth)
{
    for (size_t i = 0; i < envscan_result_diagnostic_count(res); i++) {
        const envscan_diagnostic *d = envscan_result_diagnostic(res, i);
        if (strcmp(d->code, code) == 0 && nth-- == 0)
            return d;
    }
    return NULL;
}

/* The fingerprint of the nth `code` diagnostic of a buffer scan, copied. */
static void fp_of(envscan_scanner *sc, const char *text, const char *code, size_t nth, char *out)
{
    envscan_result *res = parse(sc, text, strlen(text));
    const envscan_diagnostic *d = res ? diag_code(res, code, nth) : NULL;
    CHECK(d && d->fingerprint, "a %s diagnostic with a fingerprint in '%s'", code, text);
    snprintf(out, 40, "%s", d && d->fingerprint ? d->fingerprint : "");
    envscan_result_free(res);
}

static void test_fingerprints(void)
{
    envscan_scanner *sc = scanner();
    char a[40], b[40], c[40], d1[40], d2[40];
    /* every diagnostic has 32 lowercase hex digits */
    const char *two = "A=1\nA=2\nbad line\nbad line\n";
    envscan_result *res = parse(sc, two, strlen(two));
    for (size_t i = 0; i < envscan_result_diagnostic_count(res); i++) {
        const char *f = envscan_result_diagnostic(res, i)->fingerprint;
        CHECK(f && strlen(f) == 32 && strspn(f, "0123456789abcdef") == 32, "fingerprint %zu: %s",
              i, f ? f : "(null)");
    }
    envscan_result_free(res);
    /* lines moving leave it; the value changing changes it */
    fp_of(sc, "A=1\nA=2\n", "duplicate-key", 0, a);
    fp_of(sc, "# moved\n\n\nOTHER=x\nA=1\nA=2\n", "duplicate-key", 0, b);
    fp_of(sc, "A=11\nA=2\n", "duplicate-key", 0, c);
    CHECK(strcmp(a, b) == 0, "moving lines keeps the fingerprint (%s, %s)", a, b);
    CHECK(strcmp(a, c) != 0, "a new value gives a new fingerprint");
    /* equal diagnostics stay distinct, by occurrence, not line */
    fp_of(sc, "bad line\nbad line\n", "syntax", 0, d1);
    fp_of(sc, "bad line\nbad line\n", "syntax", 1, d2);
    CHECK(strcmp(d1, d2) != 0, "two equal diagnostics get two fingerprints");
    fp_of(sc, "\n\nbad line\n\nbad line\n", "syntax", 1, c);
    CHECK(strcmp(d2, c) == 0, "the second of two equal ones keeps its fingerprint");
    /* the salt */
    CHECK(envscan_set_fingerprint_salt(sc, "") == ENVSCAN_E_INVALID, "an empty salt is refused");
    CHECK(envscan_set_fingerprint_salt(sc, "team secret") == ENVSCAN_OK, "salt");
    fp_of(sc, "A=1\nA=2\n", "duplicate-key", 0, b);
    CHECK(strcmp(a, b) != 0, "another salt, another fingerprint");
    CHECK(envscan_set_fingerprint_salt(sc, NULL) == ENVSCAN_OK, "default salt");
    fp_of(sc, "A=1\nA=2\n", "duplicate-key", 0, b);
    CHECK(strcmp(a, b) == 0, "the default salt again");

    /* a baseline written from a result leaves its diagnostics out */
    const char *text = "A=1\nA=2\nbad line\n";
    res = parse(sc, text, strlen(text));
    membuf bl = {0};
    CHECK(envscan_report(res, ENVSCAN_REPORT_BASELINE, 0, mem_write, &bl) == ENVSCAN_OK,
          "baseline report");
    CHECK(bl.p && !strstr(bl.p, "\"1\"") && !strstr(bl.p, "\"line\""),
          "no value and no line in the baseline: %s", bl.p ? bl.p : "");
    size_t before = envscan_result_diagnostic_count(res);
    envscan_result_free(res);
    CHECK(envscan_set_baseline_buffer(sc, bl.p, bl.n, "b.json") == ENVSCAN_OK, "load: %s",
          envscan_last_error(sc));
    const char *moved = "\n# c\nA=1\nA=2\nbad line\nB=x\nB=y\n";
    res = parse(sc, moved, strlen(moved));
    uint64_t left = 0, warns = 0;
    envscan_result_stat(res, ENVSCAN_STAT_BASELINED, &left);
    envscan_result_stat(res, ENVSCAN_STAT_WARNINGS, &warns);
    CHECK(left == before && envscan_result_diagnostic_count(res) == 1 &&
              strcmp(envscan_result_diagnostic(res, 0)->key, "B") == 0 && warns == 1,
          "only the new duplicate is reported (%zu left, %llu baselined)",
          envscan_result_diagnostic_count(res), (unsigned long long)left);
    envscan_result_free(res);
    /* another salt: refused, not silently matching nothing */
    envscan_set_fingerprint_salt(sc, "other");
    CHECK(envscan_scan_buffer(sc, "A=1\n", 4, ENVSCAN_FORMAT_DOTENV, "t.env", &res) ==
                  ENVSCAN_E_INVALID &&
              strstr(envscan_last_error(sc), "salt"),
          "a baseline of another salt is refused: %s", envscan_last_error(sc));
    envscan_set_fingerprint_salt(sc, NULL);
    /* malformed baselines: an error with the name and the place */
    static const char *const bad[] = {"{\"baseline_version\":1,", "[]",
                                      "{\"baseline_version\":2,\"salt_check\":\"0000000000000000\"}",
                                      "{\"baseline_version\":1,\"salt_check\":\"00\"}",
                                      ("{\"baseline_version\":1,\"salt_check\":\"0000000000000000\",\n"
                                       "\"entries\":[{\"fingerprint\":\"xyz\"}]}")};
    static const char *const want[] = {"b.json:1:", "not an envscan baseline", "b.json:1:",
                                       "salt_check", "b.json:2:"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = envscan_set_baseline_buffer(sc, bad[i], strlen(bad[i]), "b.json");
        CHECK(rc == ENVSCAN_E_PARSE && strstr(envscan_last_error(sc), want[i]),
              "bad baseline %zu: %d '%s'", i, rc, envscan_last_error(sc));
        /* the detail gives the place the message names */
        const char *path = NULL;
        uint32_t line = 0, col = 0;
        int err = 0;
        envscan_last_error_detail(sc, &path, &line, &col, &err);
        unsigned ml = 0, mc = 0;
        if (sscanf(envscan_last_error(sc), "b.json:%u:%u:", &ml, &mc) == 2)
            CHECK(line == ml && col == mc && path && strcmp(path, "b.json") == 0,
                  "bad baseline %zu: detail %u:%u, message %u:%u", i, line, col, ml, mc);
        else
            CHECK(line == 0 && col == 0, "bad baseline %zu: a place without one", i);
    }
    CHECK(envscan_set_baseline(sc, "/nonexistent/baseline.json") == ENVSCAN_E_IO &&
              strstr(envscan_last_error(sc), "/nonexistent/baseline.json"),
          "an unreadable baseline: %s", envscan_last_error(sc));
    CHECK(envscan_set_baseline(sc, NULL) == ENVSCAN_OK, "no baseline");
    res = parse(sc, text, strlen(text));
    CHECK(envscan_result_diagnostic_count(res) == before, "without the baseline: all again");
    envscan_result_free(res);
    free(bl.p);
    envscan_scanner_free(sc);
}

int main(void)
{
    test_fingerprints();
    test_lint();
    test_usages();
    test_positions_and_flags();
    test_expand();
    test_options_and_names();
    test_python_dialect();
    test_kernels_agree();
    test_big_inputs();
    test_many_duplicates();
    test_streaming();
    test_links();
    test_analysis();
    test_inventory();
    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    printf("test_api: all checks passed\n");
    return 0;
}
