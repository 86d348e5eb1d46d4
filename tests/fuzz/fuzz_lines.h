/*
 * fuzz_lines.h — the check every line-oriented format's fuzz target runs
 * (fuzz_shell.c, fuzz_dockerfile.c, fuzz_systemd.c): scan the input as a
 * file called `name`, then check what any result must satisfy:
 *   - records in (line, column) order, every position inside the input;
 *   - every key non-empty; diagnostics with a line inside the input;
 *   - the same scanner scanning the input again, after another input has
 *     used (and grown) its workspace, gives the same JSON report byte for
 *     byte: no state leaks from file to file.
 * A failed check aborts, so libFuzzer keeps the input.
 */
#ifndef FUZZ_LINES_H
#define FUZZ_LINES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envscan.h"

typedef struct fz_buf {
    char *p;
    size_t n, cap;
} fz_buf;

static int fz_put(void *ctx, const char *d, size_t n)
{
    fz_buf *b = ctx;
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p)
            abort();
    }
    memcpy(b->p + b->n, d, n);
    b->n += n;
    return 0;
}

#define FZ_CHECK(cond)                                                         \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
            abort();                                                           \
        }                                                                      \
    } while (0)

static fz_buf fz_scan(envscan_scanner *sc, const uint8_t *data, size_t size,
                      envscan_format fmt, const char *name)
{
    envscan_result *res;
    fz_buf out = {0};
    FZ_CHECK(envscan_scan_buffer(sc, data, size, fmt, name, &res) == ENVSCAN_OK);
    uint32_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    const envscan_record *prev = NULL;
    for (size_t i = 0; i < envscan_result_record_count(res); i++) {
        const envscan_record *r = envscan_result_record(res, i);
        FZ_CHECK(r->key_len > 0 && r->line >= 1 && r->line <= lines && r->column >= 1);
        FZ_CHECK(r->format == (uint16_t)fmt);
        FZ_CHECK(!prev || prev->line < r->line ||
                 (prev->line == r->line && prev->column <= r->column));
        prev = r;
    }
    for (size_t i = 0; i < envscan_result_diagnostic_count(res); i++)
        FZ_CHECK(envscan_result_diagnostic(res, i)->line <= lines);
    FZ_CHECK(envscan_report(res, ENVSCAN_REPORT_JSON, ENVSCAN_REPORT_NO_TIMING, fz_put, &out) ==
             ENVSCAN_OK);
    envscan_result_free(res);
    return out;
}

/* Scan, scan something else, scan again: the two reports must agree. */
static void fz_check_format(const uint8_t *data, size_t size, envscan_format fmt,
                            const char *name)
{
    envscan_scanner *sc;
    FZ_CHECK(envscan_scanner_create(&sc) == ENVSCAN_OK);
    fz_buf a = fz_scan(sc, data, size, fmt, name);
    /* the input reversed, to grow and dirty the workspace differently */
    uint8_t *rev = malloc(size ? size : 1);
    FZ_CHECK(rev != NULL);
    for (size_t i = 0; i < size; i++)
        rev[i] = data[size - 1 - i];
    fz_buf r = fz_scan(sc, rev, size, fmt, name);
    fz_buf b = fz_scan(sc, data, size, fmt, name);
    FZ_CHECK(a.n == b.n && memcmp(a.p, b.p, a.n) == 0);
    free(rev);
    free(a.p);
    free(b.p);
    free(r.p);
    envscan_scanner_free(sc);
}

#endif /* FUZZ_LINES_H */
