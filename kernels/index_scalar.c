/*
 * index_scalar.c — the scalar twin of the stage-1 structural index.
 *
 * One byte at a time, one plain comparison per class, written to be read
 * against the mask list in es_kernels.h rather than to be fast. It is the
 * reference every SIMD kernel is tested against (tests/kernels) and the
 * fallback when the CPU has nothing better. The bit tests are branch-free
 * so the cost does not depend on the data, like the SIMD kernels'.
 *
 * Classes use explicit byte values, never <ctype.h>: those answers depend
 * on the locale, and the index must not.
 */
#include "es_index_blocks.h"

/* [A-Za-z0-9_.-]: the bytes of a key; everything else is `nonkey`. */
static int is_key_byte(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static void index_block(const uint8_t *b, es_masks *out)
{
    es_masks m = {0};
    for (unsigned i = 0; i < 64; i++) {
        const uint8_t c = b[i];
        m.nl |= (uint64_t)(c == '\n') << i;
        m.cr |= (uint64_t)(c == '\r') << i;
        m.eq |= (uint64_t)(c == '=') << i;
        m.colon |= (uint64_t)(c == ':') << i;
        m.hash |= (uint64_t)(c == '#') << i;
        m.quote |= (uint64_t)(c == '"' || c == '\'' || c == '`') << i;
        m.bslash |= (uint64_t)(c == '\\') << i;
        m.dollar |= (uint64_t)(c == '$') << i;
        m.brace |= (uint64_t)(c == '{' || c == '}') << i;
        m.ws |= (uint64_t)(c == ' ' || c == '\t' || c == '\v' || c == '\f')
                << i;
        m.nonkey |= (uint64_t)!is_key_byte(c) << i;
        m.high |= (uint64_t)(c >= 0x80) << i;
        m.nul |= (uint64_t)(c == 0) << i;
    }
    *out = m;
}

void es_index_blocks_scalar(const uint8_t *p, size_t nblocks, es_masks *out)
{
    for (size_t i = 0; i < nblocks; i++)
        index_block(p + 64 * i, &out[i]);
}

/* es_line_masks, byte by byte, from the same class definitions. */
static void index_line_block(const uint8_t *b, es_line_masks *out)
{
    es_line_masks m = {0};
    for (unsigned i = 0; i < 64; i++) {
        const uint8_t c = b[i];
        m.nl |= (uint64_t)(c == '\n') << i;
        m.eq |= (uint64_t)(c == '=') << i;
        m.special |= (uint64_t)(c == '"' || c == '\'' || c == '`' || c == '#' ||
                                c >= 0x80)
                     << i;
        m.nonkey |= (uint64_t)!is_key_byte(c) << i;
        m.crhigh |= (uint64_t)(c == '\r' || c >= 0x80) << i;
    }
    *out = m;
}

void es_index_lines_scalar(const uint8_t *p, size_t nblocks, es_line_masks *out)
{
    for (size_t i = 0; i < nblocks; i++)
        index_line_block(p + 64 * i, &out[i]);
}
