/*
 * bench_parse — single-core parse throughput of envscan, per kernel.
 *
 *   bench_parse [--bytes 256M] [--seed 42] [--style typical] [--runs 3]
 *               [--lint default|all|off] [--secrets on|off] [--json FILE]
 *
 * What it measures, and why this way:
 *
 *   - A dotenv text of --bytes is generated in memory by the same code as
 *     datasets/gen/gen_dotenv (so `gen_dotenv --bytes 256M --seed 42` writes
 *     the identical bytes to a file, for anyone who wants to reproduce a
 *     figure with the command or another tool). Generating in memory keeps
 *     disk and page cache out of a figure meant to describe the parser.
 *   - envscan_scan_buffer() parses on one thread, so the figure is per
 *     core. It is taken once per stage-1 kernel the machine runs (setting
 *     ENVSCAN_OPT_KERNEL; a kernel the CPU lacks answers
 *     ENVSCAN_E_UNSUPPORTED and is listed as such), best of --runs, because
 *     the best run is the one least disturbed by the rest of the machine.
 *     The time covers the whole call: stage 1, stage 2, records and the
 *     interned keys; freeing the result is not timed.
 *   - A second figure scans the same bytes cut into 256 pieces at line
 *     boundaries, one call each, with the default kernel: the cost of a
 *     call (result set-up, per-file state) shows up as the difference.
 *   - The number of definitions each run reports is checked against the
 *     generator's count. A mismatch is printed and recorded, but a
 *     benchmark asserts nothing: tests/ decides correctness.
 *
 *   - --lint sets ENVSCAN_OPT_LINT (default: the library's default set,
 *     what a scan does unless told otherwise) and --secrets
 *     ENVSCAN_OPT_SECRETS (default on, as in the library); bench/run.sh
 *     takes the parser's figures with both off and the cost of the
 *     defaults (lint and secrets on) in a second run.
 *
 * MB here means 10^6 bytes.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#include "envscan.h"
#include "gen_dotenv_lib.h"

#define PIECES 256

static int64_t lint_level = 1; /* ENVSCAN_OPT_LINT of every scanner */
static int64_t secrets_on = 1; /* ENVSCAN_OPT_SECRETS of every scanner */

static const char usage[] =
    "usage: bench_parse [--bytes N] [--seed S] [--style STYLE] [--runs R] [--lint SET]\n"
    "                   [--secrets on|off] [--json FILE]\n"
    "  --bytes N      size of the generated dotenv text, suffix K/M/G (default 256M)\n"
    "  --seed S       generator seed (default 42)\n"
    "  --style STYLE  typical (default), mixed, quoted\n"
    "  --runs R       runs per kernel; the best is reported (default 3)\n"
    "  --lint SET     dotenv lint rules: default (the default), all, off\n"
    "  --secrets X    secrets detection: on (the default), off\n"
    "  --json FILE    also write the figures as JSON to FILE\n";

typedef struct figure {
    envscan_kernel kernel;
    bool supported;
    double best; /* seconds */
    uint64_t definitions, diagnostics;
} figure;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The baseline for the single-buffer figure: the best time to touch
 * `bytes` of freshly mapped memory, one write per 4 KiB page, mapped and
 * advised as the engine maps its big blocks (transparent huge pages).
 * This is what the kernel (and, in a VM, the hypervisor) charges for new
 * memory, which a scan producing millions of records cannot avoid. */
static double touch_baseline(size_t bytes, int runs)
{
    double best = -1;
    for (int r = 0; r < runs && bytes; r++) {
        char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return -1;
        madvise(p, bytes, MADV_HUGEPAGE);
        double t = now();
        for (size_t i = 0; i < bytes; i += 4096)
            ((volatile char *)p)[i] = 1;
        t = now() - t;
        munmap(p, bytes);
        if (best < 0 || t < best)
            best = t;
    }
    return best;
}

static uint64_t stat_of(const envscan_result *res, envscan_stat s)
{
    uint64_t v = 0;
    envscan_result_stat(res, s, &v);
    return v;
}

/* Scan `n` pieces of buf (bounds in cuts[0..n]) once; returns seconds, or
 * a negative value after printing the error. */
static double scan_once(envscan_scanner *sc, const char *buf, const size_t *cuts,
                        size_t n, uint64_t *defs, uint64_t *diags)
{
    char name[32];
    double total = 0;
    *defs = *diags = 0;
    for (size_t i = 0; i < n; i++) {
        envscan_result *res = NULL;
        if (n == 1)
            snprintf(name, sizeof name, "bench.env");
        else
            snprintf(name, sizeof name, "piece-%03zu.env", i);
        double t0 = now();
        int rc = envscan_scan_buffer(sc, buf + cuts[i], cuts[i + 1] - cuts[i],
                                     ENVSCAN_FORMAT_DOTENV, name, &res);
        double t1 = now();
        if (rc != ENVSCAN_OK) {
            fprintf(stderr, "bench_parse: envscan_scan_buffer: %s: %s\n",
                    envscan_strerror(rc), envscan_last_error(sc));
            return -1;
        }
        total += t1 - t0;
        *defs += stat_of(res, ENVSCAN_STAT_DEFINITIONS);
        *diags += envscan_result_diagnostic_count(res);
        envscan_result_free(res);
    }
    return total;
}

static int best_of(envscan_scanner *sc, const char *buf, const size_t *cuts, size_t n,
                   int runs, figure *f)
{
    f->best = -1;
    for (int r = 0; r < runs; r++) {
        double t = scan_once(sc, buf, cuts, n, &f->definitions, &f->diagnostics);
        if (t < 0)
            return -1;
        if (f->best < 0 || t < f->best)
            f->best = t;
    }
    return 0;
}

/* All threads: the pieces handed out one at a time (an atomic counter) to
 * `nthreads` threads, each with its own scanner, as a program embedding
 * envscan would spread buffers over cores. Wall time of the whole set. */
typedef struct par_job {
    const char *buf;
    const size_t *cuts;
    size_t n;
    envscan_kernel kernel;
    _Atomic size_t next;
    _Atomic uint64_t defs, diags;
    _Atomic int failed;
} par_job;

static void *par_worker(void *arg)
{
    par_job *j = arg;
    envscan_scanner *sc = NULL;
    if (envscan_scanner_create(&sc) != ENVSCAN_OK ||
        envscan_set_option(sc, ENVSCAN_OPT_KERNEL, j->kernel) != ENVSCAN_OK ||
        envscan_set_option(sc, ENVSCAN_OPT_LINT, lint_level) != ENVSCAN_OK ||
        envscan_set_option(sc, ENVSCAN_OPT_SECRETS, secrets_on) != ENVSCAN_OK) {
        j->failed = 1;
        envscan_scanner_free(sc);
        return NULL;
    }
    for (size_t i; (i = j->next++) < j->n;) {
        envscan_result *res = NULL;
        if (envscan_scan_buffer(sc, j->buf + j->cuts[i], j->cuts[i + 1] - j->cuts[i],
                                ENVSCAN_FORMAT_DOTENV, "piece.env", &res) != ENVSCAN_OK) {
            j->failed = 1;
            break;
        }
        j->defs += stat_of(res, ENVSCAN_STAT_DEFINITIONS);
        j->diags += envscan_result_diagnostic_count(res);
        envscan_result_free(res);
    }
    envscan_scanner_free(sc);
    return NULL;
}

static int best_of_parallel(envscan_kernel k, unsigned nthreads, const char *buf,
                            const size_t *cuts, size_t n, int runs, figure *f)
{
    f->best = -1;
    for (int r = 0; r < runs; r++) {
        par_job j = {.buf = buf, .cuts = cuts, .n = n, .kernel = k};
        pthread_t *t = calloc(nthreads, sizeof *t);
        if (!t)
            return -1;
        double t0 = now();
        for (unsigned i = 0; i < nthreads; i++)
            pthread_create(&t[i], NULL, par_worker, &j);
        for (unsigned i = 0; i < nthreads; i++)
            pthread_join(t[i], NULL);
        double dt = now() - t0;
        free(t);
        if (j.failed)
            return -1;
        f->definitions = j.defs;
        f->diagnostics = j.diags;
        if (f->best < 0 || dt < f->best)
            f->best = dt;
    }
    return 0;
}

static void print_row(const char *label, const figure *f, uint64_t bytes, uint64_t truth)
{
    if (!f->supported) {
        printf("  %-16s %12s\n", label, "unsupported");
        return;
    }
    printf("  %-16s %9.1f MB/s %8.2f M vars/s %9.3f s", label,
           (double)bytes / 1e6 / f->best, (double)f->definitions / 1e6 / f->best, f->best);
    if (f->definitions != truth)
        printf("   MISMATCH: %llu definitions, generator wrote %llu",
               (unsigned long long)f->definitions, (unsigned long long)truth);
    if (f->diagnostics)
        printf("   (%llu diagnostics)", (unsigned long long)f->diagnostics);
    putchar('\n');
}

static void json_figure(FILE *j, const figure *f, uint64_t bytes, uint64_t truth)
{
    fprintf(j, "{\"kernel\": \"%s\", \"supported\": %s", envscan_kernel_name(f->kernel),
            f->supported ? "true" : "false");
    if (f->supported)
        fprintf(j,
                ", \"best_seconds\": %.6f, \"mb_per_s\": %.1f, \"variables_per_s\": %.0f"
                ", \"definitions\": %llu, \"diagnostics\": %llu, \"matches_ground_truth\": %s",
                f->best, (double)bytes / 1e6 / f->best, (double)f->definitions / f->best,
                (unsigned long long)f->definitions, (unsigned long long)f->diagnostics,
                f->definitions == truth ? "true" : "false");
    fputc('}', j);
}

static int bad(const char *what, const char *arg)
{
    fprintf(stderr, "bench_parse: %s '%s'\n%s", what, arg ? arg : "", usage);
    return 2;
}

int main(int argc, char **argv)
{
    uint64_t bytes = 256ull << 20, seed = 42, runs = 3;
    gd_style style = GD_STYLE_TYPICAL;
    const char *json_path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if (strcmp(a, "--bytes") == 0) {
            if (gd_parse_size(v, &bytes) != 0 || bytes == 0 || bytes > SIZE_MAX / 2)
                return bad("--bytes takes a size like 256M, not", v);
            i++;
        } else if (strcmp(a, "--seed") == 0) {
            if (gd_parse_u64(v, &seed) != 0)
                return bad("--seed takes a number, not", v);
            i++;
        } else if (strcmp(a, "--style") == 0) {
            if (!v || gd_style_from_name(v, &style) != 0)
                return bad("unknown --style", v);
            i++;
        } else if (strcmp(a, "--runs") == 0) {
            if (gd_parse_u64(v, &runs) != 0 || runs == 0 || runs > 1000)
                return bad("--runs takes 1..1000, not", v);
            i++;
        } else if (strcmp(a, "--lint") == 0) {
            static const char *const sets[] = {"off", "default", "all"};
            lint_level = -1;
            for (int s = 0; v && s < 3; s++)
                if (strcmp(v, sets[s]) == 0)
                    lint_level = s;
            if (lint_level < 0)
                return bad("unknown --lint", v);
            i++;
        } else if (strcmp(a, "--secrets") == 0) {
            if (v && strcmp(v, "on") == 0)
                secrets_on = 1;
            else if (v && strcmp(v, "off") == 0)
                secrets_on = 0;
            else
                return bad("--secrets takes on or off, not", v);
            i++;
        } else if (strcmp(a, "--json") == 0) {
            if (!v)
                return bad("missing file after", a);
            json_path = v;
            i++;
        } else {
            return bad("unknown argument", a);
        }
    }

    size_t len = (size_t)bytes;
    char *buf = malloc(len);
    if (!buf) {
        fprintf(stderr, "bench_parse: cannot allocate %zu bytes\n", len);
        return 1;
    }
    gd_gen g;
    gd_init(&g, seed, style);
    double t0 = now();
    if (gd_fill(&g, buf, len) != 0) {
        fputs("bench_parse: out of memory while generating\n", stderr);
        return 1;
    }
    double gen_s = now() - t0;
    uint64_t truth = g.variables;

    /* whole buffer, then PIECES pieces cut just after a newline; the
     * generator's "typical" and "mixed" texts have no multi-line values,
     * and for "quoted" a cut inside one only changes the counts, which
     * are then reported as a mismatch of the pieced run alone */
    size_t whole[2] = {0, len};
    size_t cuts[PIECES + 1];
    cuts[0] = 0;
    for (size_t i = 1; i < PIECES; i++) {
        size_t at = len / PIECES * i;
        if (at < cuts[i - 1])
            at = cuts[i - 1];
        const char *nl = memchr(buf + at, '\n', len - at);
        cuts[i] = nl ? (size_t)(nl - buf) + 1 : len;
    }
    cuts[PIECES] = len;

    envscan_scanner *sc = NULL;
    int rc = envscan_scanner_create(&sc);
    if (rc == ENVSCAN_OK)
        rc = envscan_set_option(sc, ENVSCAN_OPT_LINT, lint_level);
    if (rc == ENVSCAN_OK)
        rc = envscan_set_option(sc, ENVSCAN_OPT_SECRETS, secrets_on);
    if (rc != ENVSCAN_OK) {
        fprintf(stderr, "bench_parse: envscan_scanner_create: %s\n", envscan_strerror(rc));
        return 1;
    }
    int64_t chosen = 0;
    envscan_get_option(sc, ENVSCAN_OPT_KERNEL, &chosen);

    printf("bench_parse: envscan %s, %llu bytes of \"%s\" dotenv (seed %llu), "
           "%llu variables, generated in %.2f s\n",
           envscan_version(), (unsigned long long)bytes, gd_style_name(style),
           (unsigned long long)seed, (unsigned long long)truth, gen_s);
    static const char *const lint_names[] = {"off", "default", "all"};
    printf("lint %s, secrets %s\n", lint_names[lint_level], secrets_on ? "on" : "off");
    printf("one thread (envscan_scan_buffer), best of %llu, default kernel %s:\n",
           (unsigned long long)runs, envscan_kernel_name((envscan_kernel)chosen));

    static const envscan_kernel kernels[] = {ENVSCAN_KERNEL_SCALAR, ENVSCAN_KERNEL_SSE42,
                                             ENVSCAN_KERNEL_AVX2, ENVSCAN_KERNEL_NEON};
    enum { NK = sizeof kernels / sizeof kernels[0] };
    figure figs[NK];
    int status = 0;
    for (size_t k = 0; k < NK; k++) {
        figure *f = &figs[k];
        memset(f, 0, sizeof *f);
        f->kernel = kernels[k];
        rc = envscan_set_option(sc, ENVSCAN_OPT_KERNEL, kernels[k]);
        if (rc == ENVSCAN_E_UNSUPPORTED) {
            print_row(envscan_kernel_name(kernels[k]), f, bytes, truth);
            continue;
        }
        if (rc != ENVSCAN_OK) {
            fprintf(stderr, "bench_parse: kernel %s: %s\n", envscan_kernel_name(kernels[k]),
                    envscan_strerror(rc));
            status = 1;
            continue;
        }
        f->supported = true;
        if (best_of(sc, buf, whole, 1, (int)runs, f) != 0) {
            f->supported = false;
            status = 1;
            continue;
        }
        print_row(envscan_kernel_name(kernels[k]), f, bytes, truth);
    }

    /* the memory one whole-buffer scan added to the process, touched
     * fresh: the share of the single-buffer time that is the kernel's */
    struct rusage ru0;
    getrusage(RUSAGE_SELF, &ru0);
    size_t fresh = (size_t)ru0.ru_maxrss * 1024 > len ? (size_t)ru0.ru_maxrss * 1024 - len : 0;
    double touch_s = touch_baseline(fresh, (int)runs);
    double best_whole = 0;
    for (size_t k = 0; k < NK; k++)
        if (figs[k].supported && kernels[k] == (envscan_kernel)chosen)
            best_whole = figs[k].best;
    if (touch_s > 0 && best_whole > 0)
        printf("  baseline: touching %.0f MiB of new memory (what one whole-buffer scan\n"
               "  allocates) takes %.3f s, %.0f%% of the %s time above\n",
               (double)fresh / 1048576.0, touch_s, 100.0 * touch_s / best_whole,
               envscan_kernel_name((envscan_kernel)chosen));

    figure pieced = {.kernel = (envscan_kernel)chosen, .supported = true};
    envscan_set_option(sc, ENVSCAN_OPT_KERNEL, chosen);
    if (best_of(sc, buf, cuts, PIECES, (int)runs, &pieced) != 0) {
        pieced.supported = false;
        status = 1;
    }
    char label[48];
    snprintf(label, sizeof label, "%s, %d calls", envscan_kernel_name((envscan_kernel)chosen),
             PIECES);
    print_row(label, &pieced, bytes, truth);

    long online = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned nthreads = online > 0 ? (unsigned)online : 1;
    printf("all %u threads (%d pieces, one scanner per thread), best of %llu:\n", nthreads,
           PIECES, (unsigned long long)runs);
    figure par[NK];
    for (size_t k = 0; k < NK; k++) {
        figure *f = &par[k];
        memset(f, 0, sizeof *f);
        f->kernel = kernels[k];
        f->supported = figs[k].supported;
        if (f->supported &&
            best_of_parallel(kernels[k], nthreads, buf, cuts, PIECES, (int)runs, f) != 0) {
            f->supported = false;
            status = 1;
        }
        print_row(envscan_kernel_name(kernels[k]), f, bytes, truth);
    }

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak resident memory %.0f MiB (the input itself is %.0f MiB)\n",
           (double)ru.ru_maxrss / 1024.0, (double)bytes / 1048576.0);

    if (json_path) {
        FILE *j = fopen(json_path, "w");
        if (!j) {
            perror(json_path);
            return 1;
        }
        fprintf(j,
                "{\n  \"envscan_version\": \"%s\",\n"
                "  \"input\": {\"bytes\": %llu, \"style\": \"%s\", \"seed\": %llu, "
                "\"variables\": %llu, \"generate_seconds\": %.3f},\n"
                "  \"lint\": \"%s\",\n  \"secrets\": %s,\n"
                "  \"runs\": %llu,\n  \"threads\": 1,\n  \"default_kernel\": \"%s\",\n"
                "  \"kernels\": [\n",
                envscan_version(), (unsigned long long)bytes, gd_style_name(style),
                (unsigned long long)seed, (unsigned long long)truth, gen_s,
                lint_names[lint_level], secrets_on ? "true" : "false",
                (unsigned long long)runs, envscan_kernel_name((envscan_kernel)chosen));
        for (size_t k = 0; k < NK; k++) {
            fputs("    ", j);
            json_figure(j, &figs[k], bytes, truth);
            fputs(k + 1 < NK ? ",\n" : "\n", j);
        }
        fprintf(j, "  ],\n  \"pieces\": %d,\n  \"pieced\": ", PIECES);
        json_figure(j, &pieced, bytes, truth);
        fprintf(j, ",\n  \"all_threads\": %u,\n  \"all_threads_kernels\": [\n", nthreads);
        for (size_t k = 0; k < NK; k++) {
            fputs("    ", j);
            json_figure(j, &par[k], bytes, truth);
            fputs(k + 1 < NK ? ",\n" : "\n", j);
        }
        fputs("  ]", j);
        fprintf(j, ",\n  \"fresh_memory_bytes\": %zu,\n  \"fresh_memory_touch_seconds\": %.4f",
                fresh, touch_s);
        fprintf(j, ",\n  \"max_rss_kib\": %ld\n}\n", ru.ru_maxrss);
        if (fclose(j) != 0) {
            perror(json_path);
            return 1;
        }
    }
    envscan_scanner_free(sc);
    free(buf);
    return status;
}
