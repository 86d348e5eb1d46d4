/*
 * es_index_blocks.h — the per-target entry points behind es_kernels tables
 * (private to kernels/).
 *
 * index_scalar.c defines the scalar twin. index_simd.c is one source
 * compiled once per target with -DES_KSUFFIX=<target> and that target's
 * flags; the suffix names the function it defines. dispatch.c only calls
 * the ones CMake says were built (ES_HAVE_<TARGET>), and only after the
 * CPU check, so none of these may be called directly by other code.
 *
 * Each one: classify `nblocks` full 64-byte blocks at `p` (any alignment)
 * into out[0..nblocks-1]; reads exactly nblocks*64 bytes. Each target
 * defines two: es_index_blocks_<target> (es_masks) and
 * es_index_lines_<target> (es_line_masks).
 */
#ifndef ES_INDEX_BLOCKS_H
#define ES_INDEX_BLOCKS_H

#include "es_kernels.h"

void es_index_blocks_scalar(const uint8_t *p, size_t nblocks, es_masks *out);
void es_index_blocks_sse42(const uint8_t *p, size_t nblocks, es_masks *out);
void es_index_blocks_avx2(const uint8_t *p, size_t nblocks, es_masks *out);
void es_index_blocks_neon(const uint8_t *p, size_t nblocks, es_masks *out);

/* The same for es_line_masks (es_index_lines_<target>). */
void es_index_lines_scalar(const uint8_t *p, size_t nblocks, es_line_masks *out);
void es_index_lines_sse42(const uint8_t *p, size_t nblocks, es_line_masks *out);
void es_index_lines_avx2(const uint8_t *p, size_t nblocks, es_line_masks *out);
void es_index_lines_neon(const uint8_t *p, size_t nblocks, es_line_masks *out);

#endif /* ES_INDEX_BLOCKS_H */
