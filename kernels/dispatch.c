/*
 * dispatch.c — choose the stage-1 kernel table from what this build holds
 * and what this CPU runs, and es_index(), the any-length entry point.
 *
 * The CPU is probed once and the answer cached; callers choose a table
 * when a scanner is created and pass it down, so hot loops never ask
 * again. This file runs before anything is known about the CPU, so it
 * must contain only baseline instructions: it refuses wide SIMD flags, and
 * the per-target objects (index_simd.c) are only reached through a table
 * handed out after the check.
 *
 * CMake defines ES_HAVE_SSE42, ES_HAVE_AVX2, ES_HAVE_NEON to 1 for the
 * objects it compiled (only where the compiler supports their flags).
 */
#if defined(__AVX__) || defined(__AVX2__)
#error "kernels/dispatch.c must be built with baseline flags (no AVX)"
#endif

#include <assert.h>
#include <stdatomic.h>
#include <string.h>

#include "es_anchor_blocks.h"
#include "es_index_blocks.h"

#ifndef ES_HAVE_SSE42
#define ES_HAVE_SSE42 0
#endif
#ifndef ES_HAVE_AVX2
#define ES_HAVE_AVX2 0
#endif
#ifndef ES_HAVE_NEON
#define ES_HAVE_NEON 0
#endif

#if (ES_HAVE_SSE42 || ES_HAVE_AVX2) && !defined(__x86_64__)
#error "ES_HAVE_SSE42/ES_HAVE_AVX2 are for x86-64 builds"
#endif
#if ES_HAVE_NEON && !defined(__aarch64__)
#error "ES_HAVE_NEON is for arm64 builds"
#endif

/* What the CPU can run; CPU_PROBED tells a probed 0 from "not yet". */
enum {
    CPU_PROBED = 1u << 0,
    CPU_SSE42 = 1u << 1, /* what the sse42 object was compiled for */
    CPU_AVX2 = 1u << 2,  /* what the avx2 object was compiled for  */
    CPU_NEON = 1u << 3
};

static unsigned probe_cpu(void)
{
    unsigned f = CPU_PROBED;
#if ES_HAVE_SSE42 || ES_HAVE_AVX2
    /* Needed when called before constructors have run; cheap otherwise.
     * libgcc and compiler-rt report AVX2 only if the OS saves YMM state. */
    __builtin_cpu_init();
    if (__builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("popcnt"))
        f |= CPU_SSE42;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
        __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt"))
        f |= CPU_AVX2;
#endif
#if ES_HAVE_NEON
    f |= CPU_NEON; /* Advanced SIMD is mandatory on AArch64. */
#endif
    return f;
}

/* Racing first callers compute the same value, so relaxed order is
 * enough; the atomic only keeps the race defined. */
static unsigned cpu_flags(void)
{
    static _Atomic unsigned cached;
    unsigned f = atomic_load_explicit(&cached, memory_order_relaxed);
    if (f == 0) {
        f = probe_cpu();
        atomic_store_explicit(&cached, f, memory_order_relaxed);
    }
    return f;
}

static const es_kernels k_scalar = {ES_KERNEL_SCALAR, "scalar",
                                    es_index_blocks_scalar, es_anchor_blocks_scalar,
                                    es_index_lines_scalar};
#if ES_HAVE_NEON
static const es_kernels k_neon = {ES_KERNEL_NEON, "neon", es_index_blocks_neon,
                                  es_anchor_blocks_neon, es_index_lines_neon};
#endif
#if ES_HAVE_SSE42
static const es_kernels k_sse42 = {ES_KERNEL_SSE42, "sse42", es_index_blocks_sse42,
                                   es_anchor_blocks_sse42, es_index_lines_sse42};
#endif
#if ES_HAVE_AVX2
static const es_kernels k_avx2 = {ES_KERNEL_AVX2, "avx2", es_index_blocks_avx2,
                                  es_anchor_blocks_avx2, es_index_lines_avx2};
#endif

/* Every table in this build with the CPU features it needs, slowest
 * first: the best runnable one is the last that passes. */
static const struct {
    const es_kernels *k;
    unsigned needs;
} built[] = {
    {&k_scalar, 0},
#if ES_HAVE_NEON
    {&k_neon, CPU_NEON},
#endif
#if ES_HAVE_SSE42
    {&k_sse42, CPU_SSE42},
#endif
#if ES_HAVE_AVX2
    {&k_avx2, CPU_AVX2},
#endif
};
enum { N_BUILT = sizeof built / sizeof built[0] };

static int runnable(size_t i)
{
    return (cpu_flags() & built[i].needs) == built[i].needs;
}

const es_kernels *es_kernels_scalar(void)
{
    return &k_scalar;
}

const es_kernels *es_kernels_get(es_kernel_id id)
{
    for (size_t i = 0; i < N_BUILT; i++)
        if (built[i].k->id == id)
            return runnable(i) ? built[i].k : NULL;
    return NULL;
}

const es_kernels *es_kernels_best(void)
{
    for (size_t i = N_BUILT; i-- > 0;)
        if (runnable(i))
            return built[i].k;
    return &k_scalar;
}

const es_kernels *es_kernels_by_name(const char *name)
{
    if (name == NULL || name[0] == '\0' || strcmp(name, "auto") == 0)
        return es_kernels_best();
    for (size_t i = 0; i < N_BUILT; i++)
        if (strcmp(built[i].k->name, name) == 0)
            return runnable(i) ? built[i].k : NULL;
    return NULL;
}

/* Clear, in every mask, the bits not set in `keep`. */
static void keep_bits(es_masks *m, uint64_t keep)
{
    m->nl &= keep;
    m->cr &= keep;
    m->eq &= keep;
    m->colon &= keep;
    m->hash &= keep;
    m->quote &= keep;
    m->bslash &= keep;
    m->dollar &= keep;
    m->brace &= keep;
    m->ws &= keep;
    m->nonkey &= keep;
    m->high &= keep;
    m->nul &= keep;
}

size_t es_index(const es_kernels *k, const uint8_t *p, size_t len,
                es_masks *out)
{
    assert(k != NULL);
    if (len == 0)
        return 0;
    assert(p != NULL && out != NULL);

    const size_t full = len / 64, tail = len % 64;
    if (full > 0)
        k->index_blocks(p, full, out);
    if (tail == 0)
        return full;

    /* The padding is zero bytes, which classify as nul and nonkey: the
     * kernel never reads past `len`, and keep_bits hides the padding. */
    uint8_t block[64] = {0};
    memcpy(block, p + 64 * full, tail);
    k->index_blocks(block, 1, &out[full]);
    keep_bits(&out[full], ((uint64_t)1 << tail) - 1);
    return full + 1;
}

size_t es_index_lines(const es_kernels *k, const uint8_t *p, size_t len,
                      es_line_masks *out)
{
    assert(k != NULL);
    if (len == 0)
        return 0;
    assert(p != NULL && out != NULL);

    const size_t full = len / 64, tail = len % 64;
    if (full > 0)
        k->index_lines(p, full, out);
    if (tail == 0)
        return full;

    /* as in es_index: zero padding, its bits cleared (it is nonkey) */
    uint8_t block[64] = {0};
    memcpy(block, p + 64 * full, tail);
    k->index_lines(block, 1, &out[full]);
    const uint64_t keep = ((uint64_t)1 << tail) - 1;
    out[full].nl &= keep;
    out[full].eq &= keep;
    out[full].special &= keep;
    out[full].nonkey &= keep;
    out[full].crhigh &= keep;
    return full + 1;
}
