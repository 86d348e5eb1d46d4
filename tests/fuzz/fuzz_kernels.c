/*
 * fuzz_kernels.c — every stage-1 kernel this CPU runs must classify the
 * input exactly as the scalar twin does, at every starting offset in the
 * first block (so every alignment of the tail path is reached).
 */
#include <stdlib.h>
#include <string.h>

#include "es_kernels.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const es_kernel_id ids[] = {ES_KERNEL_SSE42, ES_KERNEL_AVX2, ES_KERNEL_NEON};
    size_t nb = (size + 63) / 64 + 1;
    es_masks *want = malloc(nb * sizeof *want), *got = malloc(nb * sizeof *got);
    if (!want || !got)
        abort();
    for (size_t off = 0; off < 64 && off <= size; off++) {
        size_t n = es_index(es_kernels_scalar(), data + off, size - off, want);
        for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
            const es_kernels *k = es_kernels_get(ids[i]);
            if (!k)
                continue;
            if (es_index(k, data + off, size - off, got) != n ||
                (n && memcmp(want, got, n * sizeof *got) != 0))
                abort();
        }
    }
    free(want);
    free(got);
    return 0;
}
