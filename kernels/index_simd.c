/*
 * index_simd.c — the stage-1 structural index, written once with simde's
 * AVX2 API and compiled once per target (see CMakeLists.txt): natively as
 * AVX2, as SSE4.2 (simde splits each 256-bit operation into two 128-bit
 * ones) and as NEON on arm64. -DES_KSUFFIX=<target> names the function,
 * es_index_blocks_<target>; dispatch.c picks one after checking the CPU.
 *
 * A 64-byte block is two 32-byte vectors. For each class we build a vector
 * whose byte k has its top bit set when byte k belongs to the class, and
 * movemask turns the two vectors into the class's 64-bit mask.
 *
 * Single-byte classes (nl, cr, eq, colon, hash, bslash, dollar, nul) are
 * one equality compare each. `high` is the top bit of the byte itself, so
 * the input goes to movemask unchanged.
 *
 * The classes with several members (nonkey, brace, ws, quote) come from a
 * nibble lookup, which answers for all four at once where compares would
 * need one per member and range: byte c maps to LO[c & 15] & HI[c >> 4],
 * one shuffle per nibble. Each bit of that result is one rectangle of the
 * 16x16 grid of (high nibble = row, low nibble = column): set in HI for
 * its rows and in LO for its columns, so the AND is exact per bit.
 *
 *   key bits (a key byte has one set; five is the fewest rectangles that
 *   cover [A-Za-z0-9_.-] exactly):
 *     KEY_DIGIT    row  3     x cols 0-9     0-9
 *     KEY_AO       rows 4,6   x cols 1-F     A-O a-o
 *     KEY_PZ       rows 5,7   x cols 0-A     P-Z p-z
 *     KEY_UNDER    row  5     x col  F       _
 *     KEY_DASHDOT  row  2     x cols D,E     - .
 *   WS_CTL         row  0     x cols 9,B,C   \t \v \f   (' ' by compare)
 *   QUOTE_2X       row  2     x cols 2,7     " '        ('`' by compare)
 *   BRACE          row  7     x cols B,D     { }
 *
 * HI is zero for rows 8-F, so bytes >= 0x80 match no table class and are
 * nonkey, whatever the low-nibble lookup returns for them. BRACE is bit 7,
 * so the lookup goes to movemask as is; QUOTE_2X and WS_CTL are shifted up
 * to bit 7 and ORed with the compare for their remaining member.
 *
 * Per 32 bytes that is 21 vector operations and 13 movemasks. The
 * movemasks bound the speed: 26 per block at about one per cycle.
 */
#include <simde/x86/avx2.h>

#include "es_index_blocks.h"

#ifndef ES_KSUFFIX
#error "index_simd.c is compiled per target with -DES_KSUFFIX=<target>"
#endif

#define ES_PASTE(a, b) a##b
#define ES_NAME(a, b) ES_PASTE(a, b)
#define ES_INDEX_BLOCKS ES_NAME(es_index_blocks_, ES_KSUFFIX)
#define ES_INDEX_LINES ES_NAME(es_index_lines_, ES_KSUFFIX)

enum {
    KEY_DIGIT = 0x01,
    KEY_AO = 0x02,
    KEY_PZ = 0x04,
    KEY_UNDER = 0x08,
    KEY_DASHDOT = 0x10,
    KEY_ANY = 0x1f,
    WS_CTL = 0x20,   /* shifted left by 2 to reach bit 7 */
    QUOTE_2X = 0x40, /* shifted left by 1 to reach bit 7 */
    BRACE = 0x80
};

/* The same 16-entry table in both 128-bit lanes (shuffles stay in-lane). */
static inline simde__m256i lane_table(const uint8_t t[16])
{
    return simde_mm256_broadcastsi128_si256(
        simde_mm_loadu_si128((const void *)t));
}

static const uint8_t lo_nibble[16] = {
    [0x0] = KEY_DIGIT | KEY_PZ,
    [0x1] = KEY_DIGIT | KEY_AO | KEY_PZ,
    [0x2] = KEY_DIGIT | KEY_AO | KEY_PZ | QUOTE_2X,
    [0x3] = KEY_DIGIT | KEY_AO | KEY_PZ,
    [0x4] = KEY_DIGIT | KEY_AO | KEY_PZ,
    [0x5] = KEY_DIGIT | KEY_AO | KEY_PZ,
    [0x6] = KEY_DIGIT | KEY_AO | KEY_PZ,
    [0x7] = KEY_DIGIT | KEY_AO | KEY_PZ | QUOTE_2X,
    [0x8] = KEY_DIGIT | KEY_AO | KEY_PZ,
    [0x9] = KEY_DIGIT | KEY_AO | KEY_PZ | WS_CTL,
    [0xa] = KEY_AO | KEY_PZ,
    [0xb] = KEY_AO | WS_CTL | BRACE,
    [0xc] = KEY_AO | WS_CTL,
    [0xd] = KEY_AO | KEY_DASHDOT | BRACE,
    [0xe] = KEY_AO | KEY_DASHDOT,
    [0xf] = KEY_AO | KEY_UNDER,
};

static const uint8_t hi_nibble[16] = {
    [0x0] = WS_CTL,
    [0x2] = KEY_DASHDOT | QUOTE_2X,
    [0x3] = KEY_DIGIT,
    [0x4] = KEY_AO,
    [0x5] = KEY_PZ | KEY_UNDER,
    [0x6] = KEY_AO,
    [0x7] = KEY_PZ | BRACE,
};

/* LO[v & 15] & HI[v >> 4] for each byte. The shuffle ignores index bits
 * 4-6 and yields 0 for bit 7, so v indexes LO directly. */
static inline simde__m256i lookup(simde__m256i v, simde__m256i lo_t,
                                  simde__m256i hi_t)
{
    const simde__m256i hi_nib = simde_mm256_and_si256(
        simde_mm256_srli_epi16(v, 4), simde_mm256_set1_epi8(0x0f));
    return simde_mm256_and_si256(simde_mm256_shuffle_epi8(lo_t, v),
                                 simde_mm256_shuffle_epi8(hi_t, hi_nib));
}

static inline simde__m256i eq8(simde__m256i v, char c)
{
    return simde_mm256_cmpeq_epi8(v, simde_mm256_set1_epi8(c));
}

/* x | (v == c): only the top bit of each byte matters to bits64. */
static inline simde__m256i or_eq8(simde__m256i x, simde__m256i v, char c)
{
    return simde_mm256_or_si256(x, eq8(v, c));
}

/* Top bit of each byte of a (bytes 0-31) and b (bytes 32-63). */
static inline uint64_t bits64(simde__m256i a, simde__m256i b)
{
    return (uint64_t)(uint32_t)simde_mm256_movemask_epi8(a) |
           (uint64_t)(uint32_t)simde_mm256_movemask_epi8(b) << 32;
}

static inline uint64_t match(simde__m256i a, simde__m256i b, char c)
{
    return bits64(eq8(a, c), eq8(b, c));
}

static inline simde__m256i no_key_bit(simde__m256i t)
{
    return simde_mm256_cmpeq_epi8(
        simde_mm256_and_si256(t, simde_mm256_set1_epi8(KEY_ANY)),
        simde_mm256_setzero_si256());
}

void ES_INDEX_BLOCKS(const uint8_t *p, size_t nblocks, es_masks *out)
{
    const simde__m256i lo_t = lane_table(lo_nibble);
    const simde__m256i hi_t = lane_table(hi_nibble);

    for (size_t i = 0; i < nblocks; i++, p += 64) {
        const simde__m256i a = simde_mm256_loadu_si256((const void *)p);
        const simde__m256i b = simde_mm256_loadu_si256((const void *)(p + 32));
        const simde__m256i ta = lookup(a, lo_t, hi_t);
        const simde__m256i tb = lookup(b, lo_t, hi_t);

        /* Shifting 16-bit lanes left by 1 or 2 carries bits only into the
         * low bits of the next byte, so each top bit below is its own
         * byte's QUOTE_2X or WS_CTL bit. */
        es_masks *m = &out[i];
        m->nl = match(a, b, '\n');
        m->cr = match(a, b, '\r');
        m->eq = match(a, b, '=');
        m->colon = match(a, b, ':');
        m->hash = match(a, b, '#');
        m->quote = bits64(or_eq8(simde_mm256_slli_epi16(ta, 1), a, '`'),
                          or_eq8(simde_mm256_slli_epi16(tb, 1), b, '`'));
        m->bslash = match(a, b, '\\');
        m->dollar = match(a, b, '$');
        m->brace = bits64(ta, tb);
        m->ws = bits64(or_eq8(simde_mm256_slli_epi16(ta, 2), a, ' '),
                       or_eq8(simde_mm256_slli_epi16(tb, 2), b, ' '));
        m->nonkey = bits64(no_key_bit(ta), no_key_bit(tb));
        m->high = bits64(a, b);
        m->nul = match(a, b, 0);
    }
}

/* ---------------------------------------------------- es_line_masks */

/* es_line_masks needs five classes, so five movemasks per 32 bytes
 * instead of thirteen. crhigh is the input (its top bit) ORed with a
 * compare. nl and eq are compares. nonkey comes from the same
 * five key rectangles as above; the quotes and '#' become two more bits
 * of the same lookup:
 *     SPEC_2X   row 2  x cols 2,3,7   " # '
 *     SPEC_6X   row 6  x col  0       `
 * SPEC_2X is bit 7 and SPEC_6X bit 6, so (t | t << 1) has bit 7 set for
 * either (a 16-bit shift by one moves bit 6 of each byte to its bit 7;
 * what crosses into the next byte lands in its bit 0), and ORing the
 * input adds bytes >= 0x80 (their lookup is 0, see above). */
enum { SPEC_6X = 0x40, SPEC_2X = 0x80 };

static const uint8_t lo_line[16] = {
    [0x0] = KEY_DIGIT | KEY_PZ | SPEC_6X,
    [0x1] = KEY_DIGIT | KEY_AO | KEY_PZ,
    [0x2] = KEY_DIGIT | KEY_AO | KEY_PZ | SPEC_2X,
    [0x3] = KEY_DIGIT | KEY_AO | KEY_PZ | SPEC_2X,
    [0x4] = KEY_DIGIT | KEY_AO | KEY_PZ,
    [0x5] = KEY_DIGIT | KEY_AO | KEY_PZ,
    [0x6] = KEY_DIGIT | KEY_AO | KEY_PZ,
    [0x7] = KEY_DIGIT | KEY_AO | KEY_PZ | SPEC_2X,
    [0x8] = KEY_DIGIT | KEY_AO | KEY_PZ,
    [0x9] = KEY_DIGIT | KEY_AO | KEY_PZ,
    [0xa] = KEY_AO | KEY_PZ,
    [0xb] = KEY_AO,
    [0xc] = KEY_AO,
    [0xd] = KEY_AO | KEY_DASHDOT,
    [0xe] = KEY_AO | KEY_DASHDOT,
    [0xf] = KEY_AO | KEY_UNDER,
};

static const uint8_t hi_line[16] = {
    [0x2] = KEY_DASHDOT | SPEC_2X,
    [0x3] = KEY_DIGIT,
    [0x4] = KEY_AO,
    [0x5] = KEY_PZ | KEY_UNDER,
    [0x6] = KEY_AO | SPEC_6X,
    [0x7] = KEY_PZ,
};

static inline simde__m256i special_of(simde__m256i v, simde__m256i t)
{
    return simde_mm256_or_si256(v, simde_mm256_or_si256(t, simde_mm256_slli_epi16(t, 1)));
}

void ES_INDEX_LINES(const uint8_t *p, size_t nblocks, es_line_masks *out)
{
    const simde__m256i lo_t = lane_table(lo_line);
    const simde__m256i hi_t = lane_table(hi_line);

    for (size_t i = 0; i < nblocks; i++, p += 64) {
        const simde__m256i a = simde_mm256_loadu_si256((const void *)p);
        const simde__m256i b = simde_mm256_loadu_si256((const void *)(p + 32));
        const simde__m256i ta = lookup(a, lo_t, hi_t);
        const simde__m256i tb = lookup(b, lo_t, hi_t);
        es_line_masks *m = &out[i];
        m->nl = match(a, b, '\n');
        m->eq = match(a, b, '=');
        m->special = bits64(special_of(a, ta), special_of(b, tb));
        m->nonkey = bits64(no_key_bit(ta), no_key_bit(tb));
        m->crhigh = bits64(or_eq8(a, a, '\r'), or_eq8(b, b, '\r'));
    }
}
