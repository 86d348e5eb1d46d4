/*
 * es_anchor_blocks.h — the per-target entry points of the usage anchor
 * prefilter behind es_kernels.anchor_blocks (private to kernels/).
 *
 * anchor_scalar.c defines the scalar twin; anchor_simd.c is one source
 * compiled once per target, like index_simd.c (see CMakeLists.txt), and
 * reached only through a table dispatch.c hands out after the CPU check.
 *
 * Each one: for `nblocks` full 64-byte blocks at `p` (any alignment), set
 * bit i of out[b] when an anchor starts at byte 64*b + i (see
 * es_kernels.h for the anchors). Reads exactly nblocks*64 + 2 bytes: an
 * anchor starting in the last two bytes of a block ends in the next.
 */
#ifndef ES_ANCHOR_BLOCKS_H
#define ES_ANCHOR_BLOCKS_H

#include "es_kernels.h"

void es_anchor_blocks_scalar(const uint8_t *p, size_t nblocks, uint64_t *out);
void es_anchor_blocks_sse42(const uint8_t *p, size_t nblocks, uint64_t *out);
void es_anchor_blocks_avx2(const uint8_t *p, size_t nblocks, uint64_t *out);
void es_anchor_blocks_neon(const uint8_t *p, size_t nblocks, uint64_t *out);

#endif /* ES_ANCHOR_BLOCKS_H */
