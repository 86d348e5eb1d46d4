/*
 * anchor_scalar.c — the scalar twin of the usage anchor prefilter, and
 * es_anchors(), the any-length entry point every kernel shares.
 *
 * An anchor is a three-byte pattern that every source-code idiom reading
 * an environment variable contains (engine/src/usage; docs/usage.md):
 *   "env" in any letter case  process.env, os.environ, getenv, Getenv,
 *                             LookupEnv, GetEnvironmentVariable, ENV[...],
 *                             $_ENV, sys.env, env::var, env!, option_env!
 *   "$_S"                     PHP's $_SERVER
 * One byte at a time, written to be read against that list; branch-free
 * so the cost does not depend on the data, like the SIMD kernels'.
 */
#include <assert.h>
#include <string.h>

#include "es_anchor_blocks.h"

static uint64_t anchor_at(const uint8_t *s)
{
    const int env = (s[0] | 0x20) == 'e' && (s[1] | 0x20) == 'n' && (s[2] | 0x20) == 'v';
    const int server = s[0] == '$' && s[1] == '_' && s[2] == 'S';
    return (uint64_t)(env | server);
}

void es_anchor_blocks_scalar(const uint8_t *p, size_t nblocks, uint64_t *out)
{
    for (size_t b = 0; b < nblocks; b++, p += 64) {
        uint64_t m = 0;
        for (unsigned i = 0; i < 64; i++)
            m |= anchor_at(p + i) << i;
        out[b] = m;
    }
}

size_t es_anchors(const es_kernels *k, const uint8_t *p, size_t len, uint64_t *out)
{
    assert(k != NULL);
    if (len == 0)
        return 0;
    assert(p != NULL && out != NULL);
    /* Blocks with two readable bytes after them run in place. */
    const size_t full = len >= 66 ? (len - 2) / 64 : 0;
    if (full > 0)
        k->anchor_blocks(p, full, out);
    const size_t rest = len - 64 * full; /* 1..65 */
    if (rest == 0)
        return full;
    /* The rest goes through a zeroed copy: a zero byte is in no anchor,
     * so no anchor can start in the data and end in the padding, and the
     * padding's own bits are cleared below. */
    uint8_t tail[2 * 64 + 2] = {0};
    memcpy(tail, p + 64 * full, rest);
    const size_t nb = (rest + 63) / 64;
    k->anchor_blocks(tail, nb, out + full);
    if (rest % 64)
        out[full + nb - 1] &= ((uint64_t)1 << (rest % 64)) - 1;
    return full + nb;
}
