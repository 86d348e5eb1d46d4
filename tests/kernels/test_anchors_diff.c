/*
 * test_anchors_diff.c — differential test of the usage anchor prefilter
 * (es_anchors, es_kernels.anchor_blocks).
 *
 * The scalar twin is checked against an oracle written here from the
 * anchor list in es_kernels.h (a plain position-by-position comparison),
 * and every other kernel this build holds and this CPU runs must give the
 * scalar twin's masks exactly, on:
 *   - every length 0..4096 at every alignment 0..63, on random content
 *     dense in anchor bytes, with sentinel bytes before and after the
 *     input that would complete an anchor if they were read ("nv" after,
 *     "e" before), so a read outside the input shows as a wrong bit;
 *   - every length 0..4096 starting right after and ending right before a
 *     PROT_NONE page: a read outside the input is a crash;
 *   - adversarial content: each anchor (in all eight letter cases) at
 *     every offset of three blocks, so across block ends, also cut short
 *     by the end of the input; runs of "enenv", "$_$_S", all byte values;
 *   - random lengths up to 12 KiB at random alignments.
 * Every call also must return the right block count and leave the entry
 * after the last one untouched.
 *
 * Usage: test_anchors_diff [kernel [seed]] (as test_kernels_diff).
 * Exit: 0 pass, 1 mismatch, 2 usage error, 77 skipped.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1 /* mmap's MAP_ANONYMOUS under -std=c11 */
#endif
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "es_kernels.h"
#include "kernel_test.h"

enum {
    SWEEP_LEN = 4096,
    ARENA_LEN = 3 * 4096 + 1,
    MAX_BLOCKS = (ARENA_LEN + 63) / 64,
    PAD = 128,
    SKIP = 77
};

static const es_kernels *kernels[4];
static bool kernel_failed[4];
static int n_kernels, failures;
static uint64_t exp_buf[MAX_BLOCKS + 1], got_buf[MAX_BLOCKS + 1];
static const uint64_t poison = 0xa5a5a5a5a5a5a5a5u;

static int fold(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* The oracle: an anchor starts at i when its three bytes are in bounds
 * and spell "env" (any case) or "$_S". */
static void oracle(const uint8_t *p, size_t len, uint64_t *out)
{
    memset(out, 0, (len + 63) / 64 * sizeof *out);
    for (size_t i = 0; i + 3 <= len; i++) {
        bool env = fold(p[i]) == 'e' && fold(p[i + 1]) == 'n' && fold(p[i + 2]) == 'v';
        bool srv = p[i] == '$' && p[i + 1] == '_' && p[i + 2] == 'S';
        if (env || srv)
            out[i / 64] |= (uint64_t)1 << (i % 64);
    }
}

static void fail(const char *what, const char *kernel, size_t len, const uint8_t *p,
                 const char *detail, size_t block, uint64_t exp, uint64_t got)
{
    failures++;
    fprintf(stderr,
            "FAIL [%s] kernel=%s len=%zu align=%zu: %s block=%zu expected=0x%016" PRIx64
            " got=0x%016" PRIx64 "\n",
            what, kernel, len, (size_t)((uintptr_t)p % 64), detail, block, exp, got);
}

static void run_one(int i, const uint8_t *p, size_t len, const char *what)
{
    const size_t nb = (len + 63) / 64;
    for (size_t b = 0; b <= nb; b++)
        got_buf[b] = poison;
    const size_t n = es_anchors(kernels[i], p, len, got_buf);
    if (n != nb) {
        fail(what, kernels[i]->name, len, p, "block count", n, nb, n);
    } else {
        for (size_t b = 0; b < nb; b++)
            if (got_buf[b] != exp_buf[b]) {
                fail(what, kernels[i]->name, len, p, "mask", b, exp_buf[b], got_buf[b]);
                kernel_failed[i] = true;
                return;
            }
        if (got_buf[nb] == poison)
            return;
        fail(what, kernels[i]->name, len, p, "wrote past the end", nb, poison, got_buf[nb]);
    }
    kernel_failed[i] = true;
}

/* Expected: the scalar twin, itself checked against the oracle. */
static void check_case(const uint8_t *p, size_t len, const char *what)
{
    static uint64_t want[MAX_BLOCKS];
    oracle(p, len, want);
    const size_t nb = (len + 63) / 64;
    for (size_t b = 0; b <= nb; b++)
        exp_buf[b] = poison;
    size_t n = es_anchors(kernels[0], p, len, exp_buf);
    if (!kernel_failed[0]) {
        if (n != nb || exp_buf[nb] != poison) {
            fail(what, "scalar", len, p, "block count or write past the end", n, nb, n);
            kernel_failed[0] = true;
        } else if (memcmp(want, exp_buf, nb * sizeof *want) != 0) {
            size_t b = 0;
            while (want[b] == exp_buf[b])
                b++;
            fail(what, "scalar (vs oracle)", len, p, "mask", b, want[b], exp_buf[b]);
            kernel_failed[0] = true;
        }
    }
    memcpy(exp_buf, want, nb * sizeof *want); /* the oracle is the truth */
    for (int i = 1; i < n_kernels; i++)
        if (!kernel_failed[i])
            run_one(i, p, len, what);
}

static _Alignas(64) uint8_t arena[PAD + ARENA_LEN + PAD];
static unsigned rotate_align;

/* src at a new alignment, between bytes that would complete an anchor. */
static void check_placed(const uint8_t *src, size_t len, const char *what)
{
    uint8_t *p = arena + PAD + rotate_align % 64;
    rotate_align = (rotate_align + 7) % 64;
    memset(p - 64, 'e', 64);
    memcpy(p, src, len);
    for (size_t i = 0; i < 64; i++)
        p[len + i] = i % 2 ? 'v' : 'n';
    check_case(p, len, what);
}

static uint64_t rng_state;
static uint64_t splitmix64(void) { return kt_rng(&rng_state); }

/* Bytes of the anchors, their case variants and near misses. */
static const char dense[] = "eEnNvV$_SsfFoOwWmM\0\xff\x85\xa5 .";

static void fill_random(uint8_t *buf, size_t len, bool dense_only)
{
    for (size_t i = 0; i < len; i++) {
        const uint64_t r = splitmix64();
        buf[i] = dense_only || (r & 3) ? (uint8_t)dense[(r >> 8) % (sizeof dense - 1)]
                                       : (uint8_t)(r >> 16);
    }
}

/* Every length at every alignment; the sentinels follow the input. */
static void sweep(const uint8_t *src)
{
    for (size_t align = 0; align < 64; align++) {
        uint8_t *p = arena + PAD + align;
        memset(arena, 'e', sizeof arena);
        for (size_t len = 0; len <= SWEEP_LEN; len++) {
            memcpy(p, src, len);
            p[len] = 'n';
            p[len + 1] = 'v';
            check_case(p, len, "sweep");
        }
    }
}

static int guard_pages(const uint8_t *src)
{
    kt_guarded g;
    uint8_t *lo, *hi;
    if (kt_guard(SWEEP_LEN, "test_anchors_diff", &g, &lo, &hi) != 0)
        return -1;
    memcpy(lo, src, SWEEP_LEN);
    for (size_t len = 0; len <= SWEEP_LEN; len++)
        check_case(lo, len, "guard page before the start");
    for (size_t len = 0; len <= SWEEP_LEN; len++) {
        memcpy(hi - len, src, len);
        check_case(hi - len, len, "guard page after the end");
    }
    kt_unguard(&g);
    return 0;
}

static void adversarial(void)
{
    enum { N = 3 * 64 };
    static const char *const anchors[] = {"env", "$_S"};
    uint8_t buf[N];
    const uint8_t backgrounds[] = {'x', 'e', 'v', 0, 0xff};
    for (size_t bg = 0; bg < sizeof backgrounds; bg++)
        for (int a = 0; a < 2; a++)
            for (int caseb = 0; caseb < (a == 0 ? 8 : 1); caseb++)
                for (size_t pos = 0; pos < N; pos++) {
                    memset(buf, backgrounds[bg], N);
                    for (int j = 0; j < 3 && pos + j < N; j++) {
                        int c = anchors[a][j];
                        buf[pos + j] = (uint8_t)(caseb >> j & 1 ? c - 32 : c);
                    }
                    check_placed(buf, N, "one anchor");
                    check_placed(buf, pos + 2 < N ? pos + 2 : N, "anchor cut by the end");
                    check_placed(buf, pos + 3 < N ? pos + 3 : N, "anchor at the end");
                }
    static const char *const patterns[] = {"enenv", "$_$_S", "eNvEnV", "env$_Senv", "ENV",
                                           "$_SERVER['X'] getenv('Y') process.env.Z\r\n"};
    static uint8_t big[SWEEP_LEN];
    for (size_t k = 0; k < sizeof patterns / sizeof patterns[0]; k++) {
        const size_t n = strlen(patterns[k]);
        for (size_t i = 0; i < SWEEP_LEN; i++)
            big[i] = (uint8_t)patterns[k][i % n];
        for (size_t len = 0; len <= SWEEP_LEN; len += len < 256 ? 1 : 61)
            check_placed(big, len, patterns[k]);
    }
    for (size_t i = 0; i < SWEEP_LEN; i++)
        big[i] = (uint8_t)(i * 7);
    for (size_t len = 0; len <= SWEEP_LEN; len += 13)
        check_placed(big, len, "all byte values");
}

static void random_pass(void)
{
    static uint8_t buf[ARENA_LEN];
    for (int iter = 0; iter < 3000; iter++) {
        const uint64_t r = splitmix64();
        const size_t cap = r % 4 == 0 ? ARENA_LEN : r % 4 == 1 ? 256 : 4096;
        const size_t len = (size_t)(r >> 8) % (cap + 1);
        fill_random(buf, len, (r >> 40) & 1);
        check_placed(buf, len, "random");
    }
}

int main(int argc, char **argv)
{
    static const char *const known[] = {"scalar", "sse42", "avx2", "neon"};
    const char *only = argc > 1 ? argv[1] : NULL;
    uint64_t seed = 0x5eed2024a11c0de5u;
    char *end = NULL;
    if (argc > 2)
        seed = strtoull(argv[2], &end, 0);
    if (argc > 3 || (end != NULL && (end == argv[2] || *end != '\0'))) {
        fprintf(stderr, "usage: test_anchors_diff [kernel [seed]]\n");
        return 2;
    }
    rng_state = seed;
    kernels[n_kernels++] = es_kernels_scalar();
    if (es_kernels_scalar()->anchor_blocks == NULL) {
        fprintf(stderr, "FAIL: the scalar table has no anchor_blocks\n");
        return 1;
    }
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (only && strcmp(only, known[i]) != 0)
            continue;
        const es_kernels *k = es_kernels_by_name(known[i]);
        if (k == NULL && only) {
            printf("SKIP: kernel %s is not built or this CPU cannot run it\n", only);
            return SKIP;
        }
        if (k != NULL && k != kernels[0])
            kernels[n_kernels++] = k;
    }
    if (only && n_kernels == 1 && strcmp(only, "scalar") != 0) {
        fprintf(stderr, "test_anchors_diff: unknown kernel \"%s\"\n", only);
        return 2;
    }
    printf("seed 0x%016" PRIx64 "; testing", seed);
    for (int i = 0; i < n_kernels; i++)
        printf(" %s", kernels[i]->name);
    printf(" (scalar also against the oracle)\n");

    static uint8_t src[SWEEP_LEN];
    fill_random(src, SWEEP_LEN, false);
    sweep(src);
    if (guard_pages(src) != 0)
        return 1;
    adversarial();
    random_pass();
    if (failures) {
        printf("FAIL: %d mismatch(es); rerun with seed 0x%016" PRIx64 "\n", failures, seed);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
