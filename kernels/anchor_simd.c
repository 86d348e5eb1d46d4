/*
 * anchor_simd.c — the usage anchor prefilter (see anchor_scalar.c for the
 * anchors), written once with simde's AVX2 API and compiled per target
 * like index_simd.c: -DES_KSUFFIX=<target> names the function
 * es_anchor_blocks_<target>.
 *
 * Three unaligned loads at p, p+1 and p+2 line up the three bytes of
 * every possible anchor start in the same byte lane, so each anchor is
 * three compares ANDed, the two anchors are ORed, and one movemask per
 * 32 bytes gives the block's mask. Case folding is `| 0x20`, exact for
 * the letters e, n, v (only 'E'/'e', 'N'/'n', 'V'/'v' fold onto them).
 * Per 32 bytes: 3 loads, 3 ORs, 6 compares, 4 ANDs/ORs, 1 movemask.
 */
#include <simde/x86/avx2.h>

#include "es_anchor_blocks.h"

#ifndef ES_KSUFFIX
#error "anchor_simd.c is compiled per target with -DES_KSUFFIX=<target>"
#endif

#define ES_APASTE(a, b) a##b
#define ES_ANAME(a, b) ES_APASTE(a, b)
#define ES_ANCHOR_BLOCKS ES_ANAME(es_anchor_blocks_, ES_KSUFFIX)

static inline simde__m256i anchor_eq(simde__m256i v, char c)
{
    return simde_mm256_cmpeq_epi8(v, simde_mm256_set1_epi8(c));
}

/* The anchors starting at each of the 32 bytes at p (reads p[0..33]). */
static inline uint32_t anchor_mask32(const uint8_t *p)
{
    const simde__m256i c0 = simde_mm256_loadu_si256((const void *)p);
    const simde__m256i c1 = simde_mm256_loadu_si256((const void *)(p + 1));
    const simde__m256i c2 = simde_mm256_loadu_si256((const void *)(p + 2));
    const simde__m256i fold = simde_mm256_set1_epi8(0x20);
    const simde__m256i env = simde_mm256_and_si256(
        anchor_eq(simde_mm256_or_si256(c0, fold), 'e'),
        simde_mm256_and_si256(anchor_eq(simde_mm256_or_si256(c1, fold), 'n'),
                              anchor_eq(simde_mm256_or_si256(c2, fold), 'v')));
    const simde__m256i server = simde_mm256_and_si256(
        anchor_eq(c0, '$'), simde_mm256_and_si256(anchor_eq(c1, '_'), anchor_eq(c2, 'S')));
    return (uint32_t)simde_mm256_movemask_epi8(simde_mm256_or_si256(env, server));
}

void ES_ANCHOR_BLOCKS(const uint8_t *p, size_t nblocks, uint64_t *out)
{
    for (size_t b = 0; b < nblocks; b++, p += 64)
        out[b] = (uint64_t)anchor_mask32(p) | (uint64_t)anchor_mask32(p + 32) << 32;
}
