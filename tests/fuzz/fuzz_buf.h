/*
 * fuzz_buf.h — a growable byte buffer that collects a report, for fuzz
 * targets that compare reports byte for byte. Aborts when memory runs out.
 */
#ifndef FUZZ_BUF_H
#define FUZZ_BUF_H

#include <stdlib.h>
#include <string.h>

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

/* An envscan_write_fn appending to the buf at ctx. */
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

#endif /* FUZZ_BUF_H */
