/*
 * test_toml.c — the TOML module through the public API: records (keys,
 * canonical values, positions, flags), references in strings, the
 * diagnostics that stop a file, the nesting bound, and big inputs of
 * several shapes read in time about linear in their size.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "envscan.h"

static int failures;

#define CHECK(cond, ...)                                                       \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                    \
            fprintf(stderr, __VA_ARGS__);                                      \
            fputc('\n', stderr);                                               \
            failures++;                                                        \
        }                                                                      \
    } while (0)

static envscan_result *scan(envscan_scanner *sc, const char *text, size_t len)
{
    envscan_result *res = NULL;
    int rc = envscan_scan_buffer(sc, text, len, ENVSCAN_FORMAT_UNKNOWN, "config.toml", &res);
    CHECK(rc == ENVSCAN_OK, "scan: %s", envscan_last_error(sc));
    return res;
}

static void expect(const envscan_result *res, size_t i, envscan_kind kind, const char *key,
                   const char *value, uint32_t line, uint32_t col, uint32_t flags)
{
    const envscan_record *r = envscan_result_record(res, i);
    CHECK(r != NULL, "record %zu missing", i);
    if (!r)
        return;
    CHECK(r->kind == kind && r->format == ENVSCAN_FORMAT_TOML, "record %zu kind %u format %u", i,
          r->kind, r->format);
    CHECK(strcmp(r->key, key) == 0, "record %zu key %s, want %s", i, r->key, key);
    CHECK(value ? r->value && strcmp(r->value, value) == 0 : !r->value,
          "record %zu (%s) value %s, want %s", i, key, r->value ? r->value : "(none)",
          value ? value : "(none)");
    CHECK(r->line == line && r->column == col, "record %zu (%s) at %u:%u, want %u:%u", i, key,
          r->line, r->column, line, col);
    CHECK(r->flags == flags, "record %zu (%s) flags %#x, want %#x", i, key, r->flags, flags);
}

static const envscan_diagnostic *only_diag(const envscan_result *res)
{
    CHECK(envscan_result_diagnostic_count(res) == 1, "%zu diagnostics, want 1",
          envscan_result_diagnostic_count(res));
    return envscan_result_diagnostic(res, 0);
}

static void test_records(envscan_scanner *sc)
{
    static const char t[] = "a.\"b.c\" = 0x10\n"
                            "[t]\n"
                            "s = \"\"\"\n${HOME} \\\n   x\"\"\"\n"
                            "f = [1e2, -0.0, nan]\n"
                            "[[arr]]\n"
                            "d = 2024-02-29t10:00:00.1234567-00:00\n";
    envscan_result *res = scan(sc, t, sizeof t - 1);
    if (!res)
        return;
    CHECK(envscan_result_record_count(res) == 7, "7 records, got %zu",
          envscan_result_record_count(res));
    CHECK(envscan_result_diagnostic_count(res) == 0, "no diagnostics");
    const uint32_t q = ENVSCAN_RECORD_QUOTED;
    expect(res, 0, ENVSCAN_KIND_CONFIG, "a.b.c", "16", 1, 1, 0);
    expect(res, 1, ENVSCAN_KIND_CONFIG, "t.s", "${HOME} x", 3, 1, q);
    expect(res, 2, ENVSCAN_KIND_REFERENCE, "HOME", NULL, 4, 1, 0);
    expect(res, 3, ENVSCAN_KIND_CONFIG, "t.f[0]", "100.0", 6, 6, 0);
    expect(res, 4, ENVSCAN_KIND_CONFIG, "t.f[1]", "-0.0", 6, 11, 0);
    expect(res, 5, ENVSCAN_KIND_CONFIG, "t.f[2]", "nan", 6, 17, 0);
    expect(res, 6, ENVSCAN_KIND_CONFIG, "arr[0].d", "2024-02-29T10:00:00.123456+00:00", 8, 1, 0);
    envscan_result_free(res);

    /* a newline kept in a multi-line string is flagged */
    static const char ml[] = "m = '''\nx\ny'''\n";
    res = scan(sc, ml, sizeof ml - 1);
    if (res) {
        expect(res, 0, ENVSCAN_KIND_CONFIG, "m", "x\ny", 1, 1, q | ENVSCAN_RECORD_MULTILINE);
        envscan_result_free(res);
    }
    CHECK(strcmp(envscan_format_name(ENVSCAN_FORMAT_TOML), "toml") == 0, "format name");
    envscan_format f;
    CHECK(envscan_format_from_name("toml", &f) == ENVSCAN_OK && f == ENVSCAN_FORMAT_TOML,
          "format from name");
}

static void test_errors(envscan_scanner *sc)
{
    static const struct {
        const char *text, *code;
        uint32_t line, col;
        size_t records; /* kept before the error */
    } bad[] = {
        {"a = 1\nb = 2\na = 3\n", "config-syntax", 3, 1, 2},
        {"[x]\nk.v = 1\n[x.k]\n", "config-syntax", 3, 1, 1},
        {"a = { b = 1 }\na.c = 2\n", "config-syntax", 2, 1, 1},
        {"s = \"a\\qb\"\n", "config-syntax", 1, 7, 0},
        {"n = 9223372036854775808\n", "config-syntax", 1, 5, 0},
        {"d = 2023-02-29\n", "config-syntax", 1, 5, 0},
        {"i = { a = 1, }\n", "config-syntax", 1, 14, 1},
        {"c = 1\r\n# \x01\n", "config-syntax", 2, 3, 1},
        {"a = 1 b = 2\n", "config-syntax", 1, 7, 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        envscan_result *res = scan(sc, bad[i].text, strlen(bad[i].text));
        if (!res)
            continue;
        const envscan_diagnostic *d = only_diag(res);
        CHECK(d && strcmp(d->code, bad[i].code) == 0 && d->severity == ENVSCAN_SEVERITY_ERROR &&
                  d->line == bad[i].line && d->column == bad[i].col,
              "case %zu: %s at %u:%u (%s), want %s at %u:%u", i, d ? d->code : "-",
              d ? d->line : 0, d ? d->column : 0, d ? d->message : "", bad[i].code, bad[i].line,
              bad[i].col);
        CHECK(d && strstr(d->message, "TOML: ") == d->message, "case %zu message: %s", i,
              d ? d->message : "-");
        CHECK(envscan_result_record_count(res) == bad[i].records, "case %zu: %zu records, want %zu",
              i, envscan_result_record_count(res), bad[i].records);
        envscan_result_free(res);
    }

    /* the empty key is valid TOML with no path: a warning, no record */
    envscan_result *res = scan(sc, "\"\" = 1\n", 7);
    if (res) {
        const envscan_diagnostic *d = only_diag(res);
        CHECK(d && d->severity == ENVSCAN_SEVERITY_WARNING, "empty key: a warning");
        CHECK(envscan_result_record_count(res) == 0, "empty key: no record");
        envscan_result_free(res);
    }

    /* nesting: 256 levels are read, 257 are not */
    char deep[1200];
    for (int levels = 256; levels <= 257; levels++) {
        int n = snprintf(deep, sizeof deep, "d = ");
        for (int k = 0; k < levels; k++)
            deep[n++] = '[';
        deep[n++] = '1';
        for (int k = 0; k < levels; k++)
            deep[n++] = ']';
        deep[n++] = '\n';
        res = scan(sc, deep, (size_t)n);
        if (!res)
            continue;
        if (levels == 256) {
            CHECK(envscan_result_record_count(res) == 1 &&
                      envscan_result_diagnostic_count(res) == 0,
                  "256 levels are read");
        } else {
            const envscan_diagnostic *d = only_diag(res);
            CHECK(d && strcmp(d->code, "config-limit") == 0, "257 levels: config-limit");
        }
        envscan_result_free(res);
    }
}

typedef struct text {
    char *p;
    size_t n, cap;
} text;

static void add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(text *t, const char *fmt, ...)
{
    va_list ap;
    if (!t->p && !(t->p = malloc(t->cap = 4096)))
        abort();
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(t->p + t->n, t->cap - t->n, fmt, ap);
        va_end(ap);
        if ((size_t)n < t->cap - t->n) {
            t->n += (size_t)n;
            return;
        }
        t->cap = (t->cap + (size_t)n) * 2;
        t->p = realloc(t->p, t->cap);
        if (!t->p)
            abort();
    }
}

/* A document of `units` repetitions of one shape; *records the leaves. */
static text big(int shape, size_t units, size_t *records)
{
    text t = {0};
    add(&t, "# big\n");
    if (shape == 2)
        add(&t, "arr = [");
    if (shape == 3)
        add(&t, "k");
    for (size_t i = 0; i < units; i++) {
        switch (shape) {
        case 0: add(&t, "key%zu = \"value ${VAR%zu}\"\n", i, i); break;
        case 1: add(&t, "[[server]]\nname = \"s%zu\"\nport = %zu\n", i, i); break;
        case 2: add(&t, "%zu.5,\n", i); break;
        case 3: add(&t, ".p%zu", i); break;
        case 4: add(&t, "t%zu.a.b = {x = [1, {y = %zu}]}\n", i, i); break;
        }
    }
    if (shape == 2)
        add(&t, "]\n");
    if (shape == 3)
        add(&t, " = 1\n");
    *records = shape == 3 ? 1 : shape == 2 ? units : units * 2;
    return t;
}

/* CPU time of the process: the scan runs on one thread, and other
 * programs on the machine do not count. */
static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Each shape at about 0.5 MB and 4 MB, the best of three runs each: the
 * big inputs must parse completely (records counted, no diagnostics).
 * The time ratio is printed for a reader (linear: about 8; quadratic: 64)
 * but not asserted: tests never assert times (a busy machine would make
 * such a check flaky); speed is the benchmarks' business. */
static void test_big(envscan_scanner *sc)
{
    static const char *const names[] = {"keys", "arrays of tables", "one long array",
                                        "one long dotted key", "dotted keys and inline tables"};
    static const size_t half_mb[] = {20000, 15000, 60000, 75000, 12500};
    for (int shape = 0; shape < 5; shape++) {
        double took[2] = {1e9, 1e9};
        size_t bytes = 0;
        for (int size = 0; size < 2; size++) {
            size_t want;
            text t = big(shape, half_mb[shape] * (size ? 8 : 1), &want);
            bytes = t.n;
            for (int run = 0; run < 3; run++) {
                double t0 = seconds();
                envscan_result *res = scan(sc, t.p, t.n);
                double dt = seconds() - t0;
                took[size] = dt < took[size] ? dt : took[size];
                if (!res)
                    continue;
                CHECK(envscan_result_diagnostic_count(res) == 0, "%s: %zu diagnostics (%s)",
                      names[shape], envscan_result_diagnostic_count(res),
                      envscan_result_diagnostic_count(res)
                          ? envscan_result_diagnostic(res, 0)->message : "");
                CHECK(envscan_result_record_count(res) == want, "%s: %zu records, want %zu",
                      names[shape], envscan_result_record_count(res), want);
                envscan_result_free(res);
            }
            free(t.p);
        }
        printf("%-30s %4.1f MB in %.3f s CPU, 1/8 of it in %.3f s (%.1fx)\n", names[shape],
               bytes / 1e6, took[1], took[0], took[1] / took[0]);
    }
}

int main(void)
{
    envscan_scanner *sc = NULL;
    if (envscan_scanner_create(&sc) != ENVSCAN_OK)
        return 1;
    envscan_set_option(sc, ENVSCAN_OPT_THREADS, 1);
    test_records(sc);
    test_errors(sc);
    test_big(sc);
    envscan_scanner_free(sc);
    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    printf("test_toml: all checks passed\n");
    return 0;
}
