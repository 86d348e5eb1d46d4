/*
 * fuzz_dotenv.c — the dotenv parser under fuzzing, differentially: every
 * input is parsed with the scalar kernel and with the best one this CPU
 * has, with and without expansion, and the JSON reports must be equal
 * byte for byte. A crash, a sanitizer report or a difference aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envscan.h"

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static int put(void *ctx, const char *d, size_t n)
{
    buf *b = ctx;
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

static buf run(const uint8_t *data, size_t size, envscan_kernel k, int expand)
{
    envscan_scanner *sc;
    envscan_result *res;
    buf out = {0};
    if (envscan_scanner_create(&sc) != ENVSCAN_OK)
        abort();
    envscan_set_option(sc, ENVSCAN_OPT_KERNEL, k);
    envscan_set_option(sc, ENVSCAN_OPT_EXPAND, expand);
    if (envscan_scan_buffer(sc, data, size, ENVSCAN_FORMAT_DOTENV, "fuzz.env", &res) != ENVSCAN_OK)
        abort();
    envscan_report(res, ENVSCAN_REPORT_JSON, ENVSCAN_REPORT_NO_TIMING, put, &out);
    envscan_report(res, ENVSCAN_REPORT_MAP, 0, put, &out);
    envscan_result_free(res);
    envscan_scanner_free(sc);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int expand = 0; expand <= 1; expand++) {
        buf a = run(data, size, ENVSCAN_KERNEL_SCALAR, expand);
        buf b = run(data, size, ENVSCAN_KERNEL_AUTO, expand);
        if (a.n != b.n || memcmp(a.p, b.p, a.n) != 0) {
            fprintf(stderr, "scalar and best kernel disagree (expand=%d)\n", expand);
            abort();
        }
        free(a.p);
        free(b.p);
    }
    return 0;
}
