/*
 * test_matrix.c — the drift matrix (envscan.h section 6b) and the reports
 * that show it (JSON's "matrix", the HTML page): cell states, the
 * reference value, columns and rows in order, drift per row, the secret
 * seam, a streamed result, a wide directory; and that the HTML page
 * escapes what scanned files hold and never carries a value.
 *
 * Public API throughout, except for the secret seam: no rule makes a
 * secret finding yet, so the test adds such diagnostics to a result
 * itself (internal.h), the way a detector will.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "envscan.h"
#include "internal.h"

#include "check.h"

typedef struct entry {
    const char *path; /* relative; directories are made as needed */
    const char *text;
} entry;

/* A fresh directory holding `n` files; its path into dir[]. */
static void plant(char *dir, const entry *e, size_t n)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e[i].path);
        for (char *s = path + strlen(dir) + 1; (s = strchr(s, '/')); s++) {
            *s = '\0';
            mkdir(path, 0700);
            *s = '/';
        }
        FILE *f = fopen(path, "wb");
        if (!f || fputs(e[i].text, f) < 0 || fclose(f) != 0) {
            perror(path);
            exit(1);
        }
    }
}

static void uproot(const char *dir)
{
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "cleanup of %s", dir);
}

typedef struct sink {
    char *p;
    size_t n;
} sink;

static int to_sink(void *ctx, const char *d, size_t n)
{
    sink *s = ctx;
    char *p = realloc(s->p, s->n + n + 1);
    if (!p)
        return -1;
    memcpy(p + s->n, d, n);
    s->p = p;
    s->n += n;
    s->p[s->n] = '\0';
    return 0;
}

static envscan_result *scan_tree(const char *dir, bool python)
{
    envscan_scanner *sc = NULL;
    if (envscan_scanner_create(&sc) != ENVSCAN_OK)
        exit(1);
    if (python)
        envscan_set_option(sc, ENVSCAN_OPT_DIALECT, ENVSCAN_DIALECT_PYTHON);
    envscan_result *res = NULL;
    const char *roots[] = {dir};
    CHECK(envscan_scan_paths(sc, roots, 1, &res) == ENVSCAN_OK, "scan %s", dir);
    envscan_scanner_free(sc);
    return res;
}

/* Row k as one letter per cell (the first of the state's name), read
 * cell by cell; the JSON report's one-pass, sparse version of it
 * (es_matrix_row_cells) must say the same. */
static void row_letters(const envscan_matrix *m, size_t k, char *out)
{
    size_t f = 0, nf = envscan_matrix_file_count(m);
    for (; f < nf; f++)
        out[f] = envscan_cell_name(envscan_matrix_cell(m, k, f))[0];
    out[f] = '\0';
    char *fast = malloc(nf + 1), *letter = malloc(nf + 1);
    uint32_t *col = malloc((nf + 1) * sizeof *col);
    CHECK(fast && letter && col, "memory");
    if (fast && letter && col) {
        memset(fast, 'n', nf);
        fast[nf] = '\0';
        size_t n = es_matrix_row_cells(m, k, col, letter);
        for (size_t j = 0; j < n; j++) {
            CHECK(col[j] < nf && (j == 0 || col[j] > col[j - 1]) && letter[j] != 'n',
                  "row %zu: cell %zu is column %u, ascending, not none", k, j, col[j]);
            if (col[j] < nf)
                fast[col[j]] = letter[j];
        }
        CHECK(strcmp(fast, out) == 0, "row %zu: one pass says %s, cell by cell %s", k, fast, out);
    }
    free(fast);
    free(letter);
    free(col);
}

static size_t file_index(const envscan_matrix *m, const char *dir, const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    for (size_t f = 0; f < envscan_matrix_file_count(m); f++)
        if (strcmp(envscan_matrix_file(m, f), path) == 0)
            return f;
    return SIZE_MAX;
}

static size_t key_index(const envscan_matrix *m, const char *key)
{
    for (size_t k = 0; k < envscan_matrix_key_count(m); k++)
        if (strcmp(envscan_matrix_key(m, k), key) == 0)
            return k;
    return SIZE_MAX;
}

#define HOSTILE "<img src=x onerror=alert(1)>"

/* The tree of tests/golden/trees/html-drift.sh, less the source file. */
static const entry drift_tree[] = {
    {".env", "A=1\nB=2\nC=3\nDB_PASSWORD=s3cr3t-value-never-shown\n"
             "HTML=<script>window.__xss=1</script>\n"},
    {".env.example", "A=\nB=\nC=\nD=\nDB_PASSWORD=\nHTML=\n"},
    {".env.local", "A=2\n"},
    {".env.production", "A=1\nB=20\nEXTRA=x\n"},
    {".env.staging", "A=1\nB=20\nC=\n"},
    {"svc/.env", "S=1\nT=2\n"},
    {"svc/.env.sample", "S=\nU=\n"},
    {"web/.env.development", "X=a\nY=1\n"},
    {"web/.env.production", "X=b\nY=2\n"},
    {"web/.env.test", "X=b\n"},
    {HOSTILE "/.env", "'" HOSTILE "'=<b>bold</b>\n"},
    {"compose.yaml", "services:\n  a:\n    environment:\n      - A=9\n"}, /* not a column */
};

static void test_cells(void)
{
    char dir[] = "/tmp/envscan-matrix-XXXXXX";
    plant(dir, drift_tree, sizeof drift_tree / sizeof drift_tree[0]);
    envscan_result *res = scan_tree(dir, true);
    envscan_matrix *m = NULL;
    CHECK(envscan_matrix_build(res, &m) == ENVSCAN_OK && m, "build");

    /* columns: dotenv files only, by directory (root first), then path */
    static const char *const files[] = {
        ".env", ".env.example", ".env.local", ".env.production", ".env.staging",
        HOSTILE "/.env", "svc/.env", "svc/.env.sample", "web/.env.development",
        "web/.env.production", "web/.env.test"};
    const size_t nf = sizeof files / sizeof files[0];
    CHECK(envscan_matrix_file_count(m) == nf, "%zu columns", envscan_matrix_file_count(m));
    for (size_t f = 0; f < nf && f < envscan_matrix_file_count(m); f++) {
        CHECK(file_index(m, dir, files[f]) == f, "column %zu is %s, got %s", f, files[f],
              envscan_matrix_file(m, f));
        bool tmpl = f == 1 || f == 7;
        CHECK(envscan_matrix_file_is_template(m, f) == tmpl, "template flag of %s", files[f]);
    }

    /* rows: keys bytewise, each row as letters (n none, m missing,
     * p present, d differs, e empty, t template) and whether it drifts */
    static const struct {
        const char *key, *cells;
        int drift;
    } want[] = {
        {HOSTILE, "nnnnnpnnnnn", 0},
        {"A", "ptdppnnnnnn", 1},        /* .env.local's 2 differs (drift) */
        {"B", "ptmddnnnnnn", 1},        /* .env's 2 is the reference, though 20 is commoner */
        {"C", "ptmmennnnnn", 1},        /* staging's C= is empty */
        {"D", "mtmmmnnnnnn", 1},        /* only the template has it */
        {"DB_PASSWORD", "stmmmnnnnnn", 1}, /* secret-password-assignment */
        {"EXTRA", "mmmpmnnnnnn", 1},    /* the template lacks it */
        {"HTML", "ptmmmnnnnnn", 1},
        {"S", "nnnnnnptnnn", 0},        /* svc/: both files have it */
        {"T", "nnnnnnpmnnn", 1},
        {"U", "nnnnnnmtnnn", 1},
        {"X", "nnnnnnnndpp", 1},        /* no .env: the commonest value b */
        {"Y", "nnnnnnnnpdm", 1},        /* a tie: the first column's value */
    };
    const size_t nk = sizeof want / sizeof want[0];
    CHECK(envscan_matrix_key_count(m) == nk, "%zu keys", envscan_matrix_key_count(m));
    for (size_t k = 0; k < nk && k < envscan_matrix_key_count(m); k++) {
        char got[64];
        row_letters(m, k, got);
        CHECK(strcmp(envscan_matrix_key(m, k), want[k].key) == 0, "row %zu key %s, want %s", k,
              envscan_matrix_key(m, k), want[k].key);
        CHECK(strcmp(got, want[k].cells) == 0, "row %s: %s, want %s", want[k].key, got,
              want[k].cells);
        CHECK(envscan_matrix_key_drift(m, k) == want[k].drift, "drift of %s", want[k].key);
    }

    /* records and references */
    size_t kb = key_index(m, "B"), prod = file_index(m, dir, ".env.production");
    const envscan_record *r = envscan_matrix_record(m, kb, prod);
    const envscan_record *ref = envscan_matrix_reference(m, kb, prod);
    CHECK(r && r->line == 2 && strcmp(r->value, "20") == 0, "B of .env.production");
    CHECK(ref && ref == envscan_matrix_record(m, kb, 0) && strcmp(ref->value, "2") == 0,
          "B's reference is .env's value");
    CHECK(envscan_matrix_reference(m, kb, file_index(m, dir, ".env.local")) == ref,
          "one reference per directory, also for a file without the key");
    CHECK(!envscan_matrix_record(m, kb, file_index(m, dir, ".env.local")), "missing: no record");
    size_t kx = key_index(m, "X"), dev = file_index(m, dir, "web/.env.development");
    ref = envscan_matrix_reference(m, kx, dev);
    CHECK(ref && strcmp(ref->value, "b") == 0 && strstr(ref->file, "web/.env.production"),
          "X: the commonest value, first held by web/.env.production");
    ref = envscan_matrix_reference(m, key_index(m, "Y"), dev);
    CHECK(ref && strcmp(ref->value, "1") == 0, "Y: a tie goes to the earliest column");
    CHECK(!envscan_matrix_reference(m, key_index(m, "D"), 0),
          "D: only a template defines it, so no reference");
    CHECK(!envscan_matrix_reference(m, kx, 0), "X is none of the root's business");

    /* bounds and NULL */
    CHECK(envscan_matrix_cell(m, nk, 0) == ENVSCAN_CELL_NONE &&
              envscan_matrix_cell(m, 0, nf) == ENVSCAN_CELL_NONE && !envscan_matrix_key(m, nk) &&
              !envscan_matrix_file(m, nf) && !envscan_matrix_file_is_template(m, nf) &&
              !envscan_matrix_key_drift(m, nk) && !envscan_matrix_record(m, nk, 0) &&
              !envscan_matrix_reference(m, 0, nf),
          "past the end");
    CHECK(envscan_matrix_file_count(NULL) == 0 && envscan_matrix_key_count(NULL) == 0 &&
              envscan_matrix_cell(NULL, 0, 0) == ENVSCAN_CELL_NONE && !envscan_matrix_key(NULL, 0),
          "NULL matrix");
    envscan_matrix *none = (envscan_matrix *)1;
    CHECK(envscan_matrix_build(NULL, &none) == ENVSCAN_E_INVALID && none == NULL,
          "NULL result");
    CHECK(envscan_matrix_build(res, NULL) == ENVSCAN_E_INVALID, "NULL out");
    envscan_matrix_free(NULL);
    CHECK(strcmp(envscan_cell_name(ENVSCAN_CELL_SECRET), "secret") == 0 &&
              strcmp(envscan_cell_name((envscan_cell)7), "?") == 0 &&
              strcmp(envscan_cell_name((envscan_cell)-1), "?") == 0,
          "cell names");
    envscan_matrix_free(m);
    envscan_result_free(res);
    uproot(dir);
}

/* The secret seam: a diagnostic "secret" or "secret-*" at a definition's
 * file, line and key makes its cell `secret`, over every other state. */
static void test_secret_seam(void)
{
    static const entry tree[] = {{".env", "TOKEN=abc\nTOKEN=abd\nPLAIN=1\n"},
                                 {".env.example", "TOKEN=\nPLAIN=\n"},
                                 {".env.prod", "TOKEN=zzz\nPLAIN=1\n"}};
    char dir[] = "/tmp/envscan-secret-XXXXXX";
    plant(dir, tree, 3);
    envscan_result *res = scan_tree(dir, false);
    envscan_matrix *m = NULL;
    CHECK(envscan_matrix_build(res, &m) == ENVSCAN_OK, "build");
    size_t tok = key_index(m, "TOKEN");
    const envscan_record *last = envscan_matrix_record(m, tok, 0);
    CHECK(last && last->line == 2 && strcmp(last->value, "abd") == 0,
          "a key defined twice: the later definition is the cell's");
    CHECK(envscan_matrix_cell(m, tok, 2) == ENVSCAN_CELL_DIFFERS, "zzz differs before");
    const envscan_record *env1 = envscan_result_record(res, 0); /* .env:1 TOKEN (overridden) */
    const envscan_record *tmpl = envscan_matrix_record(m, tok, 1);
    const envscan_record *prod_plain = envscan_matrix_record(m, key_index(m, "PLAIN"), 2);
    envscan_matrix_free(m);

    /* add the findings a secret detector would make, and some that must
     * not count: a code that only starts with the word, another line, a
     * finding without a key */
    const envscan_diagnostic add[] = {
        {.code = "secret-test", .severity = ENVSCAN_SEVERITY_ERROR, .message = "m",
         .file = env1->file, .line = 1, .key = "TOKEN"},   /* the overridden line counts */
        {.code = "secret", .severity = ENVSCAN_SEVERITY_ERROR, .message = "m",
         .file = tmpl->file, .line = tmpl->line, .key = "TOKEN"}, /* over `template` */
        {.code = "secretive", .severity = ENVSCAN_SEVERITY_ERROR, .message = "m",
         .file = prod_plain->file, .line = prod_plain->line, .key = "PLAIN"},
        {.code = "secret-test", .severity = ENVSCAN_SEVERITY_ERROR, .message = "m",
         .file = prod_plain->file, .line = prod_plain->line + 7, .key = "PLAIN"},
        {.code = "secret-test", .severity = ENVSCAN_SEVERITY_ERROR, .message = "m",
         .file = prod_plain->file, .line = prod_plain->line, .key = NULL},
    };
    const size_t na = sizeof add / sizeof add[0];
    envscan_diagnostic *d = es_arena_alloc(&res->arena, (res->n_diags + na) * sizeof *d);
    CHECK(d != NULL, "arena");
    if (!d)
        return;
    if (res->n_diags)
        memcpy(d, res->diags, res->n_diags * sizeof *d);
    memcpy(d + res->n_diags, add, sizeof add);
    res->diags = d;
    res->n_diags += na;
    CHECK(envscan_matrix_build(res, &m) == ENVSCAN_OK, "build again");
    char got[8];
    row_letters(m, key_index(m, "TOKEN"), got);
    CHECK(strcmp(got, "ssd") == 0, "TOKEN: secret in .env and in the template; got %s", got);
    row_letters(m, key_index(m, "PLAIN"), got);
    CHECK(strcmp(got, "ptp") == 0, "PLAIN: no secret finding counts; got %s", got);
    sink html = {0};
    CHECK(envscan_report(res, ENVSCAN_REPORT_HTML, ENVSCAN_REPORT_NO_TIMING, to_sink, &html) ==
              ENVSCAN_OK, "html");
    CHECK(html.p && strstr(html.p, "data-s=\"secret\"") && !strstr(html.p, "abd") &&
              !strstr(html.p, "zzz"),
          "the page shows secret cells, no value");
    free(html.p);
    envscan_matrix_free(m);
    envscan_result_free(res);
    uproot(dir);
}

/* A directory of 200 env files: the reference is the commonest value
 * (a tie between x and y, 67 each: x comes first), found by hashing. */
static void test_wide_directory(void)
{
    enum { N = 200 };
    static entry tree[N];
    static char names[N][16], texts[N][32];
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "d/e%03d.env", i);
        snprintf(texts[i], sizeof texts[i], "K=%s\nONLY%d=1\n", (const char *[]){"x", "y", "z"}[i % 3], i);
        tree[i] = (entry){names[i], texts[i]};
    }
    char dir[] = "/tmp/envscan-wide-XXXXXX";
    plant(dir, tree, N);
    envscan_result *res = scan_tree(dir, false);
    envscan_matrix *m = NULL;
    CHECK(envscan_matrix_build(res, &m) == ENVSCAN_OK, "build");
    CHECK(envscan_matrix_file_count(m) == N && envscan_matrix_key_count(m) == N + 1,
          "%zu files, %zu keys", envscan_matrix_file_count(m), envscan_matrix_key_count(m));
    size_t k = key_index(m, "K"), present = 0, differs = 0;
    for (size_t f = 0; f < N; f++) {
        envscan_cell c = envscan_matrix_cell(m, k, f);
        present += c == ENVSCAN_CELL_PRESENT;
        differs += c == ENVSCAN_CELL_DIFFERS;
    }
    CHECK(present == 67 && differs == 133, "K: %zu present, %zu differ", present, differs);
    CHECK(strcmp(envscan_matrix_reference(m, k, 5)->value, "x") == 0, "x wins the tie");
    char *row = malloc(N + 1);
    for (size_t r = 0; row && r < envscan_matrix_key_count(m); r++)
        row_letters(m, r, row); /* checks the one-pass rows against the cells */
    free(row);
    size_t only7 = key_index(m, "ONLY7"), missing = 0;
    for (size_t f = 0; f < N; f++)
        missing += envscan_matrix_cell(m, only7, f) == ENVSCAN_CELL_MISSING;
    CHECK(missing == N - 1 && envscan_matrix_key_drift(m, only7), "ONLY7 is missing elsewhere");
    envscan_matrix_free(m);
    envscan_result_free(res);
    uproot(dir);
}

static int count_parts(void *ctx, const envscan_result *part)
{
    (void)part;
    ++*(size_t *)ctx;
    return 0;
}

/* A streamed scan keeps no records: an empty matrix, and no "matrix" in
 * its JSON. A buffer is one column. */
static void test_streamed_and_buffer(void)
{
    static const entry tree[] = {{".env", "A=1\n"}, {".env.example", "A=\n"}};
    char dir[] = "/tmp/envscan-stream-XXXXXX";
    plant(dir, tree, 2);
    envscan_scanner *sc = NULL;
    envscan_scanner_create(&sc);
    size_t parts = 0;
    envscan_set_file_callback(sc, count_parts, &parts);
    envscan_result *res = NULL;
    const char *roots[] = {dir};
    CHECK(envscan_scan_paths(sc, roots, 1, &res) == ENVSCAN_OK && parts == 2, "streamed");
    envscan_matrix *m = NULL;
    CHECK(envscan_matrix_build(res, &m) == ENVSCAN_OK && envscan_matrix_file_count(m) == 0 &&
              envscan_matrix_key_count(m) == 0,
          "a streamed result has an empty matrix");
    envscan_matrix_free(m);
    sink json = {0};
    envscan_report(res, ENVSCAN_REPORT_JSON, ENVSCAN_REPORT_NO_TIMING, to_sink, &json);
    CHECK(json.p && !strstr(json.p, "\"matrix\""), "no matrix in its JSON");
    free(json.p);
    envscan_result_free(res);
    envscan_set_file_callback(sc, NULL, NULL);

    res = NULL;
    CHECK(envscan_scan_buffer(sc, "B=\nA=1\n", 7, ENVSCAN_FORMAT_DOTENV, "x.env", &res) ==
              ENVSCAN_OK, "buffer");
    CHECK(envscan_matrix_build(res, &m) == ENVSCAN_OK && envscan_matrix_file_count(m) == 1 &&
              envscan_matrix_key_count(m) == 2 &&
              strcmp(envscan_matrix_key(m, 0), "A") == 0 &&
              envscan_matrix_cell(m, 0, 0) == ENVSCAN_CELL_PRESENT &&
              envscan_matrix_cell(m, 1, 0) == ENVSCAN_CELL_EMPTY && !envscan_matrix_key_drift(m, 0),
          "a buffer: one column");
    envscan_matrix_free(m);
    envscan_result_free(res);
    envscan_scanner_free(sc);
    uproot(dir);
}

static size_t occurrences(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* The HTML page and JSON's matrix of the drift tree. */
static void test_reports(void)
{
    char dir[] = "/tmp/envscan-html-XXXXXX";
    plant(dir, drift_tree, sizeof drift_tree / sizeof drift_tree[0]);
    envscan_result *res = scan_tree(dir, true);
    CHECK(envscan_report_format_name(ENVSCAN_REPORT_HTML) &&
              strcmp(envscan_report_format_name(ENVSCAN_REPORT_HTML), "html") == 0,
          "the format's name");
    envscan_report_format fmt = ENVSCAN_REPORT_TEXT;
    CHECK(envscan_report_format_from_name("html", &fmt) == ENVSCAN_OK &&
              fmt == ENVSCAN_REPORT_HTML && ENVSCAN_REPORT_HTML == 10,
          "html is report format 10");
    const unsigned modes[] = {0, ENVSCAN_REPORT_NO_TIMING, ENVSCAN_REPORT_NO_VALUES,
                              ENVSCAN_REPORT_NO_TIMING | ENVSCAN_REPORT_NO_VALUES};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        sink h = {0};
        CHECK(envscan_report(res, ENVSCAN_REPORT_HTML, modes[i], to_sink, &h) == ENVSCAN_OK,
              "html report (flags %#x)", modes[i]);
        if (!h.p)
            continue;
        /* hostile text is text: escaped wherever it appears */
        CHECK(!strstr(h.p, "<img") && strstr(h.p, "&lt;img src=x onerror=alert(1)&gt;"),
              "the hostile key and path are escaped");
        CHECK(occurrences(h.p, "<script") == 1 && occurrences(h.p, "</script>") == 1,
              "one script: the page's own");
        /* no value, ever: the page shows states */
        CHECK(!strstr(h.p, "s3cr3t") && !strstr(h.p, "window.__xss") && !strstr(h.p, "bold"),
              "no value in the page (flags %#x)", modes[i]);
        /* nothing from the network: a CSP that forbids it, no URL */
        CHECK(strstr(h.p, "default-src 'none'") && !strstr(h.p, "http:") &&
                  !strstr(h.p, "https:") && !strstr(h.p, " src=\"") && !strstr(h.p, "<link") &&
                  !strstr(h.p, "url("),
              "self-contained");
        CHECK(strncmp(h.p, "<!DOCTYPE html>", 15) == 0 && strstr(h.p, "</html>\n") &&
                  h.p[h.n - 1] == '\n',
              "a whole document");
        CHECK((strstr(h.p, "<dt>Kernel</dt>") != NULL) == !(modes[i] & ENVSCAN_REPORT_NO_TIMING),
              "timing only without NO_TIMING");
        CHECK(occurrences(h.p, "<tr data-i=") == 13 + envscan_result_diagnostic_count(res),
              "a row per key and per finding");
        CHECK(occurrences(h.p, "data-s=\"differs\"") == 5 && occurrences(h.p, "data-s=\"empty\"") == 1,
              "cells: 5 differ (A, B twice, X, Y), 1 empty");
        free(h.p);
    }
    sink j = {0};
    CHECK(envscan_report(res, ENVSCAN_REPORT_JSON, ENVSCAN_REPORT_NO_TIMING, to_sink, &j) ==
              ENVSCAN_OK, "json");
    CHECK(j.p && strstr(j.p, "\"matrix\":{\"files\":[") &&
              strstr(j.p, "{\"key\":\"B\",\"drift\":true,\"cells\":[[0,\"p\"],[1,\"t\"],[2,\"m\"],"
                             "[3,\"d\"],[4,\"d\"]]}") &&
              strstr(j.p, "\"template\":true") && strstr(j.p, "]},\n\"stats\":{"),
          "JSON has the matrix before the stats");
    free(j.p);
    envscan_result_free(res);
    uproot(dir);

    /* a control byte in a key is shown, not passed through */
    envscan_scanner *sc = NULL;
    envscan_scanner_create(&sc);
    envscan_set_option(sc, ENVSCAN_OPT_DIALECT, ENVSCAN_DIALECT_PYTHON);
    res = NULL;
    CHECK(envscan_scan_buffer(sc, "'a\x01<b'=1\n", 10, ENVSCAN_FORMAT_DOTENV, "b&.env", &res) ==
              ENVSCAN_OK, "buffer");
    sink h = {0};
    envscan_report(res, ENVSCAN_REPORT_HTML, 0, to_sink, &h);
    CHECK(h.p && strstr(h.p, ">a&#xFFFD;&lt;b</th>") && strstr(h.p, ">b&amp;.env</th>") &&
              !strchr(h.p, '\x01'),
          "control bytes and specials escaped");
    free(h.p);
    envscan_result_free(res);
    envscan_scanner_free(sc);
}

int main(void)
{
    test_cells();
    test_secret_seam();
    test_wide_directory();
    test_streamed_and_buffer();
    test_reports();
    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    printf("test_matrix: all checks passed\n");
    return 0;
}
