/*
 * bench_kernels.c — throughput of es_index for each kernel this machine
 * runs (a measuring tool, not a test).
 *
 * The input is 64 MiB of generated dotenv-like lines; the kernels are
 * branch-free, so the content only has to be realistic, not varied. Two
 * numbers per kernel, best of several runs:
 *   chunked  4 KiB calls into one reused 64-block mask array, the way
 *            stage 2 consumes them in windows (the masks stay in L1);
 *   whole    one call over the whole buffer (104 bytes of masks written
 *            per 64 bytes read, so memory bandwidth shows).
 * A checksum of the masks is printed so the work cannot be optimized
 * away; equal checksums show the kernels agree.
 *
 * Usage: bench_kernels [runs]   (default 5)
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1 /* clock_gettime under -std=c11 */
#endif
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "es_kernels.h"

enum { BUF_SIZE = 64 << 20, CHUNK = 4 << 10 };

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Deterministic lines such as `KEY_12=value-34 # note`, quoted values,
 * ${REFS} and blank lines. */
static void fill_dotenv(uint8_t *buf, size_t size)
{
    static const char *const forms[] = {
        "APP_KEY_%u=value-%u\n",
        "export DB_HOST_%u=\"db-%u.internal:5432\"\n",
        "# comment line %u about setting %u\n",
        "URL_%u=${BASE_URL}/api/v%u # trailing note\n",
        "SECRET_%u='s3cr3t\\t%u'\n",
        "\n",
        "PATH_%u=/usr/local/bin:/usr/bin:/bin:%u\r\n",
    };
    uint32_t x = 2463534242u;
    size_t n = 0;
    while (n < size) {
        char line[128];
        x ^= x << 13, x ^= x >> 17, x ^= x << 5; /* xorshift32 */
        const char *form = forms[x % (sizeof forms / sizeof forms[0])];
        int len = snprintf(line, sizeof line, form, x % 1000, x % 97);
        size_t take = (size_t)len < size - n ? (size_t)len : size - n;
        memcpy(buf + n, line, take);
        n += take;
    }
}

static uint64_t checksum(const es_masks *m, size_t n)
{
    uint64_t h = 0;
    for (size_t i = 0; i < n; i++)
        h = (h ^ m[i].nl ^ m[i].eq ^ m[i].quote ^ m[i].nonkey ^ m[i].ws) *
            0x9e3779b97f4a7c15u;
    return h;
}

int main(int argc, char **argv)
{
    const int runs = argc > 1 ? atoi(argv[1]) : 5;
    const size_t nblocks = (BUF_SIZE + 63) / 64;
    uint8_t *buf = malloc(BUF_SIZE);
    es_masks *whole = malloc(nblocks * sizeof *whole);
    es_masks *chunk = malloc(CHUNK / 64 * sizeof *chunk);
    if (!buf || !whole || !chunk || runs < 1) {
        fprintf(stderr, "bench_kernels: out of memory or bad run count\n");
        return 1;
    }
    fill_dotenv(buf, BUF_SIZE);
    memset(whole, 0, nblocks * sizeof *whole); /* fault the pages in */

    printf("es_index over %d MiB, best of %d runs\n", BUF_SIZE >> 20, runs);
    printf("%-8s %12s %12s  %s\n", "kernel", "chunked", "whole", "checksum");
    for (int id = ES_KERNEL_SCALAR; id <= ES_KERNEL_NEON; id++) {
        const es_kernels *k = es_kernels_get((es_kernel_id)id);
        if (k == NULL)
            continue;
        double best_chunk = 1e30, best_whole = 1e30;
        uint64_t sum = 0;
        for (int r = 0; r < runs; r++) {
            double t = now_s();
            sum = 0;
            for (size_t off = 0; off < BUF_SIZE; off += CHUNK) {
                size_t len = BUF_SIZE - off < CHUNK ? BUF_SIZE - off : CHUNK;
                sum ^= chunk[es_index(k, buf + off, len, chunk) - 1].nonkey;
            }
            t = now_s() - t;
            best_chunk = t < best_chunk ? t : best_chunk;

            t = now_s();
            size_t n = es_index(k, buf, BUF_SIZE, whole);
            t = now_s() - t;
            best_whole = t < best_whole ? t : best_whole;
            sum ^= checksum(whole, n);
        }
        printf("%-8s %7.2f GB/s %7.2f GB/s  %016" PRIx64 "\n", k->name,
               BUF_SIZE / best_chunk / 1e9, BUF_SIZE / best_whole / 1e9, sum);
    }
    free(buf);
    free(whole);
    free(chunk);
    return 0;
}
