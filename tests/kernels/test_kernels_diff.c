/*
 * test_kernels_diff.c — differential test of the stage-1 kernels.
 *
 * Every kernel this build holds and this CPU runs must give, through
 * es_index(), exactly the masks of the scalar twin on:
 *   - every length 0..4096 at every alignment 0..63 (of random content:
 *     48-byte runs of uniform and of class-dense bytes in turn), with
 *     sentinel bytes right before and after the input, so bytes read from
 *     outside cannot hide in in-bounds data that classifies the same;
 *   - every length 0..4096 ending at the end of a page that is followed by
 *     a PROT_NONE page, and starting right after one: a read outside the
 *     input is a crash;
 *   - random lengths up to 12 KiB at random alignments (all random data
 *     comes from a fixed seed, printed; argv[2] replaces it);
 *   - adversarial content: each of the 256 byte values at each bit
 *     position of three blocks (so across block boundaries) on several
 *     backgrounds, runs of quotes, CRLF, NUL, 0xFF, '=' storms, and more.
 * Every call also must return the right block count and leave the entry
 * after the last one untouched. Each case also runs es_index_lines() on
 * every kernel, the scalar twin included, against the es_line_masks
 * derived from the scalar es_masks as es_kernels.h defines them.
 *
 * The scalar twin is itself checked against an oracle built here from the
 * class list in es_kernels.h (sets of bytes spelled as strings), so the
 * reference is not only consistent with itself.
 *
 * Usage: test_kernels_diff [kernel [seed]]
 *   kernel  a name as ENVSCAN_KERNELS takes it ("auto" = the best); only
 *           that kernel is compared with the scalar twin. A known name
 *           this build or CPU cannot run exits 77 (skip).
 * Exit: 0 pass, 1 mismatch, 2 usage error, 77 skipped.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1 /* mmap's MAP_ANONYMOUS under -std=c11 */
#endif
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "es_kernels.h"
#include "kernel_test.h"

enum {
    SWEEP_LEN = 4096,         /* lengths 0..SWEEP_LEN in the full sweeps */
    ARENA_LEN = 3 * 4096 + 1, /* longest input of any case */
    MAX_BLOCKS = (ARENA_LEN + 63) / 64,
    PAD = 128, /* sentinel room on each side of an input */
    SKIP = 77
};

/* ---- the masks, by name ------------------------------------------------ */

#define N_MASKS 13
static const struct {
    const char *name;
    size_t off;
} fields[N_MASKS] = {
#define FIELD(f) {#f, offsetof(es_masks, f)}
    FIELD(nl),    FIELD(cr),     FIELD(eq),     FIELD(colon), FIELD(hash),
    FIELD(quote), FIELD(bslash), FIELD(dollar), FIELD(brace), FIELD(ws),
    FIELD(nonkey), FIELD(high),  FIELD(nul),
#undef FIELD
};

_Static_assert(sizeof(es_masks) == N_MASKS * sizeof(uint64_t),
               "es_masks is 13 masks without padding");
enum { F_NONKEY = 10, F_HIGH = 11 }; /* their indexes in fields[] */

static uint64_t get_field(const es_masks *m, int f)
{
    uint64_t v;
    memcpy(&v, (const unsigned char *)m + fields[f].off, sizeof v);
    return v;
}

static void set_field(es_masks *m, int f, uint64_t v)
{
    memcpy((unsigned char *)m + fields[f].off, &v, sizeof v);
}

/* ---- the oracle: es_kernels.h's class list, spelled as byte sets -------- */

static uint16_t oracle_class[256]; /* bit f: the byte is in fields[f] */

static void oracle_init(void)
{
#define SET(s) {s, sizeof s - 1} /* sizeof keeps "\0" as one member */
    static const struct {
        const char *bytes;
        size_t n;
    } sets[N_MASKS] = {
        SET("\n"),   SET("\r"),  SET("="), SET(":"),  SET("#"),
        SET("\"'`"), SET("\\"), SET("$"), SET("{}"), SET(" \t\v\f"),
        {NULL, 0} /* nonkey: below */, {NULL, 0} /* high: below */,
        SET("\0"),
    };
#undef SET
    static const char key[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                              "abcdefghijklmnopqrstuvwxyz0123456789_.-";
    for (int c = 0; c < 256; c++) {
        uint16_t cls = 0;
        for (int f = 0; f < N_MASKS; f++)
            if (sets[f].bytes && memchr(sets[f].bytes, c, sets[f].n))
                cls |= (uint16_t)(1u << f);
        if (!memchr(key, c, sizeof key - 1))
            cls |= 1u << F_NONKEY;
        if (c >= 0x80)
            cls |= 1u << F_HIGH;
        oracle_class[c] = cls;
    }
}

static void oracle_index(const uint8_t *p, size_t len, es_masks *out)
{
    for (size_t b = 0; b * 64 < len; b++) {
        uint64_t m[N_MASKS] = {0};
        for (size_t i = 0; i < 64 && b * 64 + i < len; i++) {
            const unsigned cls = oracle_class[p[b * 64 + i]];
            for (int f = 0; cls >> f != 0; f++)
                m[f] |= (uint64_t)(cls >> f & 1) << i;
        }
        for (int f = 0; f < N_MASKS; f++)
            set_field(&out[b], f, m[f]);
    }
}

/* ---- failures ----------------------------------------------------------- */

typedef struct {
    const char *what; /* which pass or content */
    const char *kernel;
    size_t len;
    size_t align; /* address of the input modulo 64 */
} where;

static int failures;

static void report(const where *w, size_t block, const char *mask,
                   uint64_t expected, uint64_t got)
{
    failures++;
    fprintf(stderr,
            "FAIL [%s] kernel=%s len=%zu align=%zu block=%zu mask=%s "
            "expected=0x%016" PRIx64 " got=0x%016" PRIx64 "\n",
            w->what, w->kernel, w->len, w->align, block, mask, expected, got);
}

/* Compare blocks [first, first + n); report the first difference. */
static bool same(const where *w, const es_masks *exp, const es_masks *got,
                 size_t first, size_t n)
{
    if (memcmp(exp + first, got + first, n * sizeof *exp) == 0)
        return true;
    size_t b = first;
    int f = 0;
    while (get_field(&exp[b], f) == get_field(&got[b], f))
        if (++f == N_MASKS)
            f = 0, b++;
    report(w, b, fields[f].name, get_field(&exp[b], f), get_field(&got[b], f));
    return false;
}

/* A fault in the guard-page pass says which case faulted before dying. */
static char fault_note[200];
static volatile sig_atomic_t fault_armed;

static void on_fault(int sig)
{
    static const char head[] = "CRASH: read outside the input? ";
    ssize_t ignored = write(2, head, sizeof head - 1);
    ignored = write(2, fault_note, strlen(fault_note));
    (void)ignored;
    signal(sig, SIG_DFL);
    raise(sig);
}

/* ---- the kernels under test --------------------------------------------- */

static const es_kernels *kernels[4]; /* scalar first */
static bool kernel_failed[4];
static int n_kernels;

static es_masks exp_buf[MAX_BLOCKS + 1], got_buf[MAX_BLOCKS + 1];
static const es_masks poison = {
    0xa5a5a5a5a5a5a5a5u, 0xa5a5a5a5a5a5a5a5u, 0xa5a5a5a5a5a5a5a5u,
    0xa5a5a5a5a5a5a5a5u, 0xa5a5a5a5a5a5a5a5u, 0xa5a5a5a5a5a5a5a5u,
    0xa5a5a5a5a5a5a5a5u, 0xa5a5a5a5a5a5a5a5u, 0xa5a5a5a5a5a5a5a5u,
    0xa5a5a5a5a5a5a5a5u, 0xa5a5a5a5a5a5a5a5u, 0xa5a5a5a5a5a5a5a5u,
    0xa5a5a5a5a5a5a5a5u};

/* ---- es_line_masks ------------------------------------------------------ */

static es_line_masks lexp_buf[MAX_BLOCKS + 1], lgot_buf[MAX_BLOCKS + 1];
static const es_line_masks lpoison = {0xa5a5a5a5a5a5a5a5u, 0xa5a5a5a5a5a5a5a5u,
                                      0xa5a5a5a5a5a5a5a5u, 0xa5a5a5a5a5a5a5a5u,
                                      0xa5a5a5a5a5a5a5a5u};

/* es_index_lines() of kernel i on p[0..len) against the line masks of
 * exp_buf (which holds that input's es_masks). */
static bool run_lines(int i, const uint8_t *p, size_t len, const char *what)
{
    const size_t nb = (len + 63) / 64;
    const where w = {what, kernels[i]->name, len, (uintptr_t)p % 64};
    for (size_t b = 0; b < nb; b++) {
        lexp_buf[b].nl = exp_buf[b].nl;
        lexp_buf[b].eq = exp_buf[b].eq;
        lexp_buf[b].special = exp_buf[b].quote | exp_buf[b].hash | exp_buf[b].high;
        lexp_buf[b].nonkey = exp_buf[b].nonkey;
        lexp_buf[b].crhigh = exp_buf[b].cr | exp_buf[b].high;
    }
    for (size_t b = 0; b <= nb; b++)
        lgot_buf[b] = lpoison;
    const size_t n = es_index_lines(kernels[i], p, len, lgot_buf);
    if (n != nb) {
        failures++;
        fprintf(stderr,
                "FAIL [%s] kernel=%s len=%zu: es_index_lines returned %zu, not %zu\n",
                what, w.kernel, len, n, nb);
        return false;
    }
    for (size_t b = 0; b < nb; b++) {
        const es_line_masks *e = &lexp_buf[b], *g = &lgot_buf[b];
        const char *mask = e->nl != g->nl               ? "lines.nl"
                           : e->eq != g->eq             ? "lines.eq"
                           : e->special != g->special   ? "lines.special"
                           : e->nonkey != g->nonkey     ? "lines.nonkey"
                           : e->crhigh != g->crhigh     ? "lines.crhigh"
                                                        : NULL;
        if (mask) {
            const uint64_t ev = mask[6] == 'n' && mask[7] == 'l' ? e->nl
                                : mask[6] == 'e'                 ? e->eq
                                : mask[6] == 's'                 ? e->special
                                : mask[6] == 'c'                 ? e->crhigh
                                                                 : e->nonkey;
            const uint64_t gv = mask[6] == 'n' && mask[7] == 'l' ? g->nl
                                : mask[6] == 'e'                 ? g->eq
                                : mask[6] == 's'                 ? g->special
                                : mask[6] == 'c'                 ? g->crhigh
                                                                 : g->nonkey;
            report(&w, b, mask, ev, gv);
            return false;
        }
    }
    if (memcmp(&lgot_buf[nb], &lpoison, sizeof lpoison) != 0) {
        failures++;
        fprintf(stderr, "FAIL [%s] kernel=%s len=%zu: es_index_lines wrote past block %zu\n",
                what, w.kernel, len, nb);
        return false;
    }
    return true;
}

/* Run kernel i on p[0..len) and compare with exp_buf (es_index) and with
 * the line masks derived from it (es_index_lines). A kernel stops being
 * run after its first failure, so one bug gives one report. */
static void run_one(int i, const uint8_t *p, size_t len, const char *what)
{
    const size_t nb = (len + 63) / 64;
    const where w = {what, kernels[i]->name, len, (uintptr_t)p % 64};
    for (size_t b = 0; b <= nb; b++)
        got_buf[b] = poison;
    if (fault_armed)
        snprintf(fault_note, sizeof fault_note,
                 "[%s] kernel=%s len=%zu align=%zu\n", what, w.kernel, len,
                 w.align);
    const size_t n = es_index(kernels[i], p, len, got_buf);
    if (n != nb) {
        failures++;
        fprintf(stderr,
                "FAIL [%s] kernel=%s len=%zu: es_index returned %zu, not %zu\n",
                what, w.kernel, len, n, nb);
    } else if (same(&w, exp_buf, got_buf, 0, nb)) {
        if (memcmp(&got_buf[nb], &poison, sizeof poison) == 0) {
            if (run_lines(i, p, len, what))
                return;
            kernel_failed[i] = true;
            return;
        }
        failures++;
        fprintf(stderr, "FAIL [%s] kernel=%s len=%zu: wrote past block %zu\n",
                what, w.kernel, len, nb);
    }
    kernel_failed[i] = true;
}

/* Expected masks for p[0..len): the scalar twin, checked against the
 * oracle; then every other kernel against it. */
static void check_case(const uint8_t *p, size_t len, const char *what)
{
    static es_masks oracle[MAX_BLOCKS];
    const size_t nb = es_index(es_kernels_scalar(), p, len, exp_buf);
    oracle_index(p, len, oracle);
    const where w = {what, "scalar (vs oracle)", len, (uintptr_t)p % 64};
    if (!kernel_failed[0] && !same(&w, oracle, exp_buf, 0, nb))
        kernel_failed[0] = true;
    if (!kernel_failed[0] && !run_lines(0, p, len, what))
        kernel_failed[0] = true;
    for (int i = 1; i < n_kernels; i++)
        if (!kernel_failed[i])
            run_one(i, p, len, what);
}

/* ---- inputs ------------------------------------------------------------- */

static _Alignas(64) uint8_t arena[PAD + ARENA_LEN + PAD];
static unsigned rotate_align;

/* Copy src to a new alignment between sentinel bytes and check it. */
static void check_placed(const uint8_t *src, size_t len, const char *what,
                         uint8_t sentinel)
{
    if (len > ARENA_LEN)
        abort();
    uint8_t *p = arena + PAD + rotate_align % 64;
    rotate_align = (rotate_align + 7) % 64; /* visits all 64 */
    memset(p - 64, sentinel, 64);
    memcpy(p, src, len);
    memset(p + len, sentinel, 64);
    check_case(p, len, what);
}

static uint64_t rng_state;
static uint64_t splitmix64(void) { return kt_rng(&rng_state); }

/* Bytes that hit every class and every nibble-table row used, plus key
 * bytes at the edges of their ranges. */
static const char dense[] = "\n\r=:#\"'`\\${} \t\v\f\0\x7f\x80\xff"
                            "@AZ[`az{~/09_.-+,;<>?|^]!";

enum { UNIFORM, DENSE, MIXED }; /* MIXED: 48 bytes of each in turn */

static void fill_random(uint8_t *buf, size_t len, int kind)
{
    for (size_t i = 0; i < len; i++) {
        const uint64_t r = splitmix64();
        const bool dense_byte = kind == DENSE || (kind == MIXED && i / 48 % 2);
        buf[i] = dense_byte ? (uint8_t)dense[(r >> 8) % (sizeof dense - 1)]
                            : (uint8_t)r;
    }
}

/* ---- passes ------------------------------------------------------------- */

/* The masks of a SWEEP_LEN-byte content; those of any prefix are these
 * with the bits past the prefix cleared, so sweeps over lengths need the
 * scalar twin (checked against the oracle) once per content. */
static es_masks ref[SWEEP_LEN / 64];

static void set_reference(const uint8_t *src, const char *what)
{
    check_case(src, SWEEP_LEN, what);
    memcpy(ref, exp_buf, sizeof ref);
}

static void expect_prefix(size_t len)
{
    const size_t nb = (len + 63) / 64;
    memcpy(exp_buf, ref, nb * sizeof *ref);
    if (len % 64 != 0) {
        const uint64_t keep = ((uint64_t)1 << (len % 64)) - 1;
        for (int f = 0; f < N_MASKS; f++)
            set_field(&exp_buf[nb - 1], f, get_field(&ref[nb - 1], f) & keep);
    }
}

/* Runs kernels [from, n_kernels) on a prefix of the reference content. */
static void run_prefix(int from, const uint8_t *p, size_t len, const char *what)
{
    expect_prefix(len);
    for (int i = from; i < n_kernels; i++)
        if (!kernel_failed[i])
            run_one(i, p, len, what);
}

/* Every length 0..SWEEP_LEN at every alignment, the input written one
 * byte further each step so the sentinel always starts right after it.
 * The scalar twin reads bytes one at a time: alignment 0 is enough. */
static void sweep_all_alignments(const uint8_t *src, const char *what,
                                 uint8_t sentinel)
{
    set_reference(src, what);
    for (size_t align = 0; align < 64; align++) {
        uint8_t *p = arena + PAD + align;
        memset(arena, sentinel, sizeof arena);
        for (size_t len = 0; len <= SWEEP_LEN; len++) {
            if (len > 0)
                p[len - 1] = src[len - 1];
            run_prefix(align == 0 ? 0 : 1, p, len, what);
        }
    }
}

/* Inputs that start right after a PROT_NONE page, and that end where one
 * begins: any read outside the input faults. */
static int guard_page_pass(const uint8_t *src)
{
    kt_guarded g;
    uint8_t *lo, *hi;
    if (kt_guard(SWEEP_LEN, "test_kernels_diff", &g, &lo, &hi) != 0)
        return -1;

    set_reference(src, "guard pages");
    fault_armed = 1;
    signal(SIGSEGV, on_fault);
    signal(SIGBUS, on_fault);
    memcpy(lo, src, SWEEP_LEN);
    for (size_t len = 0; len <= SWEEP_LEN; len++)
        run_prefix(0, lo, len, "guard page before the start");
    for (size_t len = 0; len <= SWEEP_LEN; len++) {
        memcpy(hi - len, src, len);
        run_prefix(0, hi - len, len, "guard page after the end");
    }
    signal(SIGSEGV, SIG_DFL);
    signal(SIGBUS, SIG_DFL);
    fault_armed = 0;
    kt_unguard(&g);
    return 0;
}

/* Each byte value at each position of three blocks, on a background; in
 * the last block also as the last byte of the input (the tail path). */
static void single_byte_pass(uint8_t background)
{
    enum { N = 3 * 64 };
    uint8_t buf[N];
    char what[64];
    snprintf(what, sizeof what, "one byte on background 0x%02x", background);
    memset(buf, background, N);
    for (int c = 0; c < 256; c++) {
        for (size_t pos = 0; pos < N; pos++) {
            buf[pos] = (uint8_t)c;
            check_placed(buf, N, what, (uint8_t)~background);
            if (pos >= N - 64)
                check_placed(buf, pos + 1, what, (uint8_t)~background);
            buf[pos] = background;
        }
    }
}

/* Patterned content: every prefix up to 256 bytes, then every 61st. */
static void pattern_pass(const char *what, const char *unit, size_t unit_len)
{
    static uint8_t buf[SWEEP_LEN];
    for (size_t i = 0; i < SWEEP_LEN; i++)
        buf[i] = (uint8_t)unit[i % unit_len];
    for (size_t len = 0; len <= SWEEP_LEN; len += len < 256 ? 1 : 61)
        check_placed(buf, len, what, 0xff);
    check_placed(buf, SWEEP_LEN, what, 0xff);
}
#define PATTERN(what, s) pattern_pass(what, s, sizeof s - 1)

static void adversarial_passes(void)
{
    uint8_t all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (uint8_t)i;
    pattern_pass("all byte values ascending", (const char *)all, 256);
    for (int i = 0; i < 256; i++)
        all[i] = (uint8_t)(255 - i * 7); /* odd stride: all values again */
    pattern_pass("all byte values, stride 7", (const char *)all, 256);

    PATTERN("quote runs", "\"\"\"'''```\\\"\\'\\`\"'`x\"\"");
    PATTERN("CRLF lines", "KEY=value\r\n\r\n\r\r\n\n");
    PATTERN("NUL", "\0");
    PATTERN("0xFF", "\xff");
    PATTERN("= storm", "=");
    PATTERN("= storm with keys", "==a==B_1.x-==");
    PATTERN("whitespace", " \t\v\f\n\r \t");
    PATTERN("references", "${A}${B_1}$$}{\\${X:-y}");
    PATTERN("key bytes only", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                              "abcdefghijklmnopqrstuvwxyz0123456789_.-");
    PATTERN("dotenv", "export A=1 # c\nB='x y'\nC=\"$A:${B}\"\n\n#x\n");

    const uint8_t backgrounds[] = {'a', ' ', 0x00, 0xff};
    for (size_t i = 0; i < sizeof backgrounds; i++)
        single_byte_pass(backgrounds[i]);
}

/* Random lengths (mostly short, some past SWEEP_LEN) and contents. */
static void random_pass(void)
{
    static const char *const what[] = {
        [UNIFORM] = "random bytes",
        [DENSE] = "random class-dense bytes",
        [MIXED] = "random mixed bytes",
    };
    static uint8_t buf[ARENA_LEN];
    for (int iter = 0; iter < 2000; iter++) {
        const uint64_t r = splitmix64();
        const size_t cap = r % 4 == 0 ? ARENA_LEN : r % 4 == 1 ? 256 : 4096;
        const size_t len = (size_t)(r >> 8) % (cap + 1);
        const int kind = (int)(r >> 40) % 3;
        fill_random(buf, len, kind);
        check_placed(buf, len, what[kind], (uint8_t)(r >> 48));
    }
}

/* ---- the table API ------------------------------------------------------ */

static void check(bool ok, const char *what)
{
    if (!ok) {
        failures++;
        fprintf(stderr, "FAIL [api] %s\n", what);
    }
}

static const struct {
    const char *name;
    es_kernel_id id;
} known[] = {{"scalar", ES_KERNEL_SCALAR},
             {"sse42", ES_KERNEL_SSE42},
             {"avx2", ES_KERNEL_AVX2},
             {"neon", ES_KERNEL_NEON}};
enum { N_KNOWN = sizeof known / sizeof known[0] };

static void api_pass(void)
{
    const es_kernels *best = es_kernels_best();
    const es_kernels *scalar = es_kernels_scalar();
    check(scalar != NULL && scalar->id == ES_KERNEL_SCALAR &&
              strcmp(scalar->name, "scalar") == 0 && scalar->index_blocks &&
              scalar->index_lines,
          "es_kernels_scalar() is the scalar table");
    check(es_kernels_by_name("scalar") == scalar, "by_name(\"scalar\")");
    check(es_kernels_by_name("bogus") == NULL, "by_name(\"bogus\") is NULL");
    check(es_kernels_by_name("avx") == NULL, "by_name(\"avx\") is NULL");
    check(best != NULL && es_kernels_get(best->id) == best,
          "best() is a runnable table");
    check(es_kernels_by_name(NULL) == best, "by_name(NULL) is best()");
    check(es_kernels_by_name("") == best, "by_name(\"\") is best()");
    check(es_kernels_by_name("auto") == best, "by_name(\"auto\") is best()");
    check(es_kernels_get((es_kernel_id)0) == NULL, "get(0) is NULL");
    check(es_kernels_get((es_kernel_id)5) == NULL, "get(5) is NULL");
    for (int i = 0; i < N_KNOWN; i++) {
        const es_kernels *k = es_kernels_by_name(known[i].name);
        check(k == es_kernels_get(known[i].id), "by_name(name) == get(id)");
        check(k == NULL || (k->id == known[i].id &&
                            strcmp(k->name, known[i].name) == 0 &&
                            k->index_blocks != NULL && k->index_lines != NULL),
              "a table's id and name agree with the name asked for");
    }
    const es_kernels *widest = es_kernels_get(ES_KERNEL_AVX2);
    if (widest == NULL)
        widest = es_kernels_get(ES_KERNEL_SSE42);
    if (widest == NULL)
        widest = es_kernels_get(ES_KERNEL_NEON);
    check(best == (widest ? widest : scalar), "best() is the widest runnable");
    check(es_index(scalar, NULL, 0, NULL) == 0, "es_index of 0 bytes is 0");
    check(es_index_lines(scalar, NULL, 0, NULL) == 0, "es_index_lines of 0 bytes is 0");
}

/* ---- main --------------------------------------------------------------- */

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL;
    uint64_t seed = 0x5eed2024c0ffee11u;
    char *end = NULL;
    if (argc > 2)
        seed = strtoull(argv[2], &end, 0);
    if (argc > 3 || (end != NULL && (end == argv[2] || *end != '\0'))) {
        fprintf(stderr, "usage: test_kernels_diff [kernel [seed]]\n");
        return 2;
    }
    rng_state = seed;
    oracle_init();
    api_pass();

    kernels[n_kernels++] = es_kernels_scalar();
    if (only != NULL) {
        const es_kernels *k = es_kernels_by_name(only);
        if (k == NULL) {
            for (int i = 0; i < N_KNOWN; i++)
                if (strcmp(only, known[i].name) == 0) {
                    printf("SKIP: kernel %s is not built or this CPU "
                           "cannot run it\n", only);
                    return SKIP;
                }
            fprintf(stderr, "test_kernels_diff: unknown kernel \"%s\"\n", only);
            return 2;
        }
        if (k != kernels[0])
            kernels[n_kernels++] = k;
    } else {
        for (int i = 0; i < N_KNOWN; i++) {
            const es_kernels *k = es_kernels_get(known[i].id);
            if (k == NULL)
                printf("kernel %-6s not built or not runnable here\n",
                       known[i].name);
            else if (k != kernels[0])
                kernels[n_kernels++] = k;
        }
    }
    printf("seed 0x%016" PRIx64 "; testing", seed);
    for (int i = 0; i < n_kernels; i++)
        printf(" %s", kernels[i]->name);
    printf(" (scalar also against the oracle)\n");

    static uint8_t src[SWEEP_LEN];
    fill_random(src, SWEEP_LEN, MIXED);
    sweep_all_alignments(src, "sweep", '"');
    if (guard_page_pass(src) != 0)
        return 1;
    adversarial_passes();
    random_pass();

    if (failures) {
        printf("FAIL: %d mismatch(es); rerun with seed 0x%016" PRIx64 "\n",
               failures, seed);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
