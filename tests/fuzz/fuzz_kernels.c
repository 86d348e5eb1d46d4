/*
 * fuzz_kernels.c — every stage-1 kernel this CPU runs must classify the
 * input exactly as the scalar twin does, at every starting offset in the
 * first block (so every alignment of the tail path is reached); and the
 * same for es_index_lines(), whose masks must also be the subset of the
 * scalar es_masks that es_kernels.h says they are.
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
    es_line_masks *lwant = malloc(nb * sizeof *lwant), *lgot = malloc(nb * sizeof *lgot);
    if (!lwant || !lgot)
        abort();
    for (size_t off = 0; off < 64 && off <= size; off++) {
        size_t n = es_index(es_kernels_scalar(), data + off, size - off, want);
        if (es_index_lines(es_kernels_scalar(), data + off, size - off, lwant) != n)
            abort();
        for (size_t b = 0; b < n; b++)
            if (lwant[b].nl != want[b].nl || lwant[b].eq != want[b].eq ||
                lwant[b].special != (want[b].quote | want[b].hash | want[b].high) ||
                lwant[b].nonkey != want[b].nonkey ||
                lwant[b].crhigh != (want[b].cr | want[b].high))
                abort();
        for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
            const es_kernels *k = es_kernels_get(ids[i]);
            if (!k)
                continue;
            if (es_index(k, data + off, size - off, got) != n ||
                (n && memcmp(want, got, n * sizeof *got) != 0))
                abort();
            if (es_index_lines(k, data + off, size - off, lgot) != n ||
                (n && memcmp(lwant, lgot, n * sizeof *lgot) != 0))
                abort();
        }
    }
    free(want);
    free(got);
    free(lwant);
    free(lgot);
    return 0;
}
