/*
 * es_kernels.h — stage-1 byte kernels (internal to envscan).
 *
 * Stage 1 classifies input 64 bytes at a time into bitmasks: bit i of a
 * mask is byte i of the block. Stage 2 (engine/formats) walks those masks
 * and applies each format's grammar. Kernels know nothing of grammars.
 *
 * Every kernel exists as a plain-C scalar twin (the reference) and as SIMD
 * versions written once with simde and compiled per target (SSE4.2, AVX2 on
 * x86-64; NEON on arm64). The table is chosen once, when a scanner is
 * created, and passed down; hot loops never re-probe the CPU.
 *
 * Every function here is thread-safe. The tables returned are static and
 * valid for the life of the process; nothing needs freeing.
 *
 * Depends on nothing of envscan's (rule of the kernels/ layer).
 */
#ifndef ES_KERNELS_H
#define ES_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/* Classes of one 64-byte block. */
typedef struct es_masks {
    uint64_t nl;     /* '\n'                                   */
    uint64_t cr;     /* '\r'                                   */
    uint64_t eq;     /* '='                                    */
    uint64_t colon;  /* ':'                                    */
    uint64_t hash;   /* '#'                                    */
    uint64_t quote;  /* '"' '\'' '`'                           */
    uint64_t bslash; /* '\\'                                   */
    uint64_t dollar; /* '$'                                    */
    uint64_t brace;  /* '{' '}'                                */
    uint64_t ws;     /* ' ' '\t' '\v' '\f' (not '\n' '\r')     */
    uint64_t nonkey; /* not one of [A-Za-z0-9_.-]              */
    uint64_t high;   /* >= 0x80                                */
    uint64_t nul;    /* 0x00                                   */
} es_masks;

/* The five classes a line-oriented fast path reads, of one 64-byte
 * block: a subset of es_masks (each field equals the es_masks field or
 * union named), computed by its own kernel because a parser that needs
 * only these should not pay for all thirteen. */
typedef struct es_line_masks {
    uint64_t nl;      /* '\n'                       = es_masks.nl      */
    uint64_t eq;      /* '='                        = es_masks.eq      */
    uint64_t special; /* '"' '\'' '`' '#' or >= 0x80 = quote|hash|high */
    uint64_t nonkey;  /* not one of [A-Za-z0-9_.-]  = es_masks.nonkey  */
    uint64_t crhigh;  /* '\r' or >= 0x80            = cr|high: what may
                         need normalising, so a block without it needs
                         no look at its bytes                          */
} es_line_masks;

typedef enum es_kernel_id {
    ES_KERNEL_SCALAR = 1,
    ES_KERNEL_SSE42 = 2,
    ES_KERNEL_AVX2 = 3,
    ES_KERNEL_NEON = 4
} es_kernel_id; /* values equal envscan_kernel's */

typedef struct es_kernels {
    es_kernel_id id;
    const char *name; /* "scalar", "sse42", "avx2", "neon" */
    /* Classify `nblocks` full 64-byte blocks starting at `p` (any
     * alignment) into out[0..nblocks-1]. Reads exactly nblocks*64 bytes. */
    void (*index_blocks)(const uint8_t *p, size_t nblocks, es_masks *out);
    /* The usage anchor prefilter: bit i of out[b] is set when an anchor
     * (see es_anchors) starts at byte 64*b + i. Reads exactly
     * nblocks*64 + 2 bytes. Use es_anchors() for any length. */
    void (*anchor_blocks)(const uint8_t *p, size_t nblocks, uint64_t *out);
    /* index_blocks for es_line_masks (the dotenv fast path's four). */
    void (*index_lines)(const uint8_t *p, size_t nblocks, es_line_masks *out);
} es_kernels;

/* The scalar twin; always available. */
const es_kernels *es_kernels_scalar(void);

/* The kernel table for `id`, or NULL when it was not compiled in or the
 * CPU cannot run it. */
const es_kernels *es_kernels_get(es_kernel_id id);

/* The best table this CPU runs. */
const es_kernels *es_kernels_best(void);

/* Choose from a name ("auto", "scalar", "sse42", "avx2", "neon"), as the
 * ENVSCAN_KERNELS variable gives it. NULL or "" or "auto" = best. Returns
 * NULL for an unknown name or one this CPU/build cannot run. */
const es_kernels *es_kernels_by_name(const char *name);

/* Classify `len` bytes (any length, any alignment): full blocks in place,
 * the tail copied into a zeroed block; bits past `len` in the last block
 * are cleared in every mask. out must hold (len + 63) / 64 entries.
 * Returns the number of blocks written. */
size_t es_index(const es_kernels *k, const uint8_t *p, size_t len,
                es_masks *out);

/* The usage anchor prefilter over `len` bytes (any length, any
 * alignment): bit i of out[b] is set when an anchor starts at byte
 * 64*b + i, and the three bytes of the anchor lie within `len`. The
 * anchors are "env" in any letter case and "$_S" (kernels/anchor_scalar.c
 * says why). out must hold (len + 63) / 64 entries; bits past `len` are
 * clear. Returns the number of blocks written. To scan a buffer in
 * pieces, pass each piece with the two bytes after it and ignore the
 * bits of those two. */
size_t es_anchors(const es_kernels *k, const uint8_t *p, size_t len, uint64_t *out);
/* es_index() for es_line_masks: same contract. */
size_t es_index_lines(const es_kernels *k, const uint8_t *p, size_t len,
                      es_line_masks *out);

/* Shannon entropy of p[0, len) in bits per byte (0 for len 0; at most
 * 8). Scalar only (kernels/entropy.c says why). */
double es_entropy(const uint8_t *p, size_t len);

#endif /* ES_KERNELS_H */
