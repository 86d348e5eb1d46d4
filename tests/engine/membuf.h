/*
 * membuf.h — a report collected in memory (an envscan_write_fn), for the
 * engine and API tests.
 */
#ifndef ES_TEST_MEMBUF_H
#define ES_TEST_MEMBUF_H

#include <stdlib.h>
#include <string.h>

/* A report collected in memory, NUL-terminated. */
typedef struct membuf {
    char *p;
    size_t n, cap;
} membuf;

static int mem_write(void *ctx, const char *d, size_t n)
{
    membuf *m = ctx;
    if (m->n + n + 1 > m->cap) {
        m->cap = (m->n + n + 1) * 2;
        m->p = realloc(m->p, m->cap);
        if (!m->p)
            abort();
    }
    memcpy(m->p + m->n, d, n);
    m->n += n;
    m->p[m->n] = '\0';
    return 0;
}

#endif
