/*
 * entropy.c — Shannon entropy of a byte string, in bits per byte.
 *
 * The secrets scanner (engine/src/secrets/) scores candidate values with
 * it. Candidates are short (a token, a password: tens of bytes), so a
 * byte histogram and one pass over the 256 counts is all it needs; it is
 * scalar only, as a SIMD version would gain nothing at these lengths.
 * The histogram's zeroing dominates for short strings, so only the
 * counts that were touched are visited.
 */
#include <math.h>

#include "es_kernels.h"

double es_entropy(const uint8_t *p, size_t len)
{
    if (len == 0)
        return 0.0;
    uint32_t count[256] = {0};
    uint8_t seen[256];
    size_t n_seen = 0;
    for (size_t i = 0; i < len; i++)
        if (count[p[i]]++ == 0)
            seen[n_seen++] = p[i];
    double h = 0.0, total = (double)len;
    for (size_t i = 0; i < n_seen; i++) {
        double f = count[seen[i]] / total;
        h -= f * log2(f);
    }
    return h;
}
