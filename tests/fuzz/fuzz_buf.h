/*
 * fuzz_buf.h — a growing byte buffer that collects a report, for the
 * differential fuzz targets (one report per run, compared byte for byte).
 */
#ifndef FUZZ_BUF_H
#define FUZZ_BUF_H

#include <stdlib.h>
#include <string.h>

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

/* An envscan_write_fn appending to the buf at ctx; aborts when out of
 * memory (a fuzz target has nothing better to do). */
static inline int put(void *ctx, const char *d, size_t n)
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

#endif /* FUZZ_BUF_H */
