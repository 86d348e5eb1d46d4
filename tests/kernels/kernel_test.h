/*
 * kernel_test.h — what the kernel differential tests share: a seeded
 * PRNG, so a seed names the same inputs on every machine, and a span of
 * memory between two PROT_NONE pages, so that a kernel reading one byte
 * outside its input faults.
 */
#ifndef KERNEL_TEST_H
#define KERNEL_TEST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

/* splitmix64 over *state. */
static inline uint64_t kt_rng(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* At least `len` writable bytes [*lo, *hi) with a PROT_NONE page on each
 * side. Returns the mapping for kt_unguard, or NULL (reported). */
typedef struct kt_guarded {
    uint8_t *base;
    size_t size;
} kt_guarded;

static inline int kt_guard(size_t len, const char *who, kt_guarded *g, uint8_t **lo,
                           uint8_t **hi)
{
    const size_t pg = (size_t)sysconf(_SC_PAGESIZE);
    const size_t span = (len + pg - 1) / pg * pg;
    g->size = span + 2 * pg;
    g->base = mmap(NULL, g->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (g->base == MAP_FAILED || mprotect(g->base, pg, PROT_NONE) != 0 ||
        mprotect(g->base + pg + span, pg, PROT_NONE) != 0) {
        fprintf(stderr, "%s: ", who);
        perror("mmap/mprotect");
        return -1;
    }
    *lo = g->base + pg;
    *hi = *lo + span;
    return 0;
}

static inline void kt_unguard(kt_guarded *g)
{
    munmap(g->base, g->size);
}

#endif /* KERNEL_TEST_H */
