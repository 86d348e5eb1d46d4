/*
 * test_runinfo.c — what a scan says about itself: the stage times and
 * per-file percentiles of envscan_result_stat(), the live counters of
 * envscan_scanner_progress(), and ENVSCAN_OPT_AFFINITY (workers pinned,
 * the caller's thread given its CPU set back, output unchanged).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "envscan.h"
#include "check.h"

enum { NFILES = 120 };

static char root[256];

static void make_tree(void)
{
    snprintf(root, sizeof root, "/tmp/envscan-runinfo-XXXXXX");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        exit(1);
    }
    for (int i = 0; i < NFILES; i++) {
        char dir[320], path[400];
        snprintf(dir, sizeof dir, "%s/svc%03d", root, i);
        mkdir(dir, 0700);
        snprintf(path, sizeof path, "%s/.env", dir);
        FILE *f = fopen(path, "w");
        if (!f) {
            perror(path);
            exit(1);
        }
        for (int k = 0; k < 20 + i % 7; k++)
            fprintf(f, "KEY_%d_%d=value-%d\n", i, k, k * i);
        fclose(f);
    }
}

static void remove_tree(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
}

static uint64_t stat_of(const envscan_result *res, envscan_stat s)
{
    uint64_t v = UINT64_MAX;
    CHECK(envscan_result_stat(res, s, &v) == ENVSCAN_OK, "stat %d", (int)s);
    return v;
}

typedef struct mem {
    char *d;
    size_t n;
} mem;

static int mem_write(void *ctx, const char *d, size_t n)
{
    mem *m = ctx;
    char *p = realloc(m->d, m->n + n + 1);
    if (!p)
        return -1;
    memcpy(p + m->n, d, n);
    m->d = p;
    m->n += n;
    m->d[m->n] = '\0';
    return 0;
}

/* The JSON report of a scan of the tree with `affinity`, without timings. */
static char *scan_json(envscan_affinity affinity, envscan_result **keep)
{
    envscan_scanner *sc = NULL;
    CHECK(envscan_scanner_create(&sc) == ENVSCAN_OK, "create");
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_AFFINITY, affinity) == ENVSCAN_OK, "affinity");
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_THREADS, 2) == ENVSCAN_OK, "threads");
    const char *paths[] = {root};
    envscan_result *res = NULL;
    CHECK(envscan_scan_paths(sc, paths, 1, &res) == ENVSCAN_OK, "scan");
    mem m = {0};
    CHECK(res && envscan_report(res, ENVSCAN_REPORT_JSON, ENVSCAN_REPORT_NO_TIMING, mem_write,
                                &m) == ENVSCAN_OK,
          "report");
    if (keep)
        *keep = res;
    else
        envscan_result_free(res);
    envscan_scanner_free(sc);
    return m.d;
}

static void test_stats(void)
{
    envscan_result *res = NULL;
    free(scan_json(ENVSCAN_AFFINITY_NONE, &res));
    if (!res)
        return;
    CHECK(stat_of(res, ENVSCAN_STAT_FILES_SCANNED) == NFILES, "files");
    const uint64_t elapsed = stat_of(res, ENVSCAN_STAT_ELAPSED_NS);
    CHECK(stat_of(res, ENVSCAN_STAT_READ_NS) > 0, "read time");
    CHECK(stat_of(res, ENVSCAN_STAT_PARSE_NS) > 0, "parse time");
    CHECK(stat_of(res, ENVSCAN_STAT_SECRETS_NS) > 0, "secrets time");
    CHECK(stat_of(res, ENVSCAN_STAT_WALK_NS) > 0, "walk time");
    CHECK(stat_of(res, ENVSCAN_STAT_ANALYSIS_NS) > 0, "analysis time");
    CHECK(stat_of(res, ENVSCAN_STAT_ANALYSIS_NS) <= elapsed, "analysis is part of the scan");
    const uint64_t p50 = stat_of(res, ENVSCAN_STAT_FILE_P50_NS),
                   p95 = stat_of(res, ENVSCAN_STAT_FILE_P95_NS),
                   p99 = stat_of(res, ENVSCAN_STAT_FILE_P99_NS);
    CHECK(p50 > 0 && p50 <= p95 && p95 <= p99, "percentiles %llu %llu %llu",
          (unsigned long long)p50, (unsigned long long)p95, (unsigned long long)p99);
    /* a file's time is part of one worker's: within the scan's wall time
     * (the histogram's bucket middle may be 1/32 above the true value) */
    CHECK(p99 <= elapsed + elapsed / 16, "p99 %llu over the scan's %llu",
          (unsigned long long)p99, (unsigned long long)elapsed);
    CHECK(stat_of(res, ENVSCAN_STAT_PEAK_RSS) > (1u << 20), "peak RSS");
    CHECK(stat_of(res, ENVSCAN_STAT_AFFINITY) == ENVSCAN_AFFINITY_NONE, "affinity none");
    uint64_t v;
    for (int s = 21; s <= 23; s++)
        CHECK(envscan_result_stat(res, (envscan_stat)s, &v) == ENVSCAN_E_OPTION, "stat %d", s);
    CHECK(envscan_result_stat(res, (envscan_stat)34, &v) == ENVSCAN_E_OPTION, "stat 34");
    envscan_result_free(res);

    /* a buffer scan times its parse */
    envscan_scanner *sc = NULL;
    envscan_scanner_create(&sc);
    const char *text = "A=1\nB=2\n";
    res = NULL;
    CHECK(envscan_scan_buffer(sc, text, strlen(text), ENVSCAN_FORMAT_DOTENV, ".env", &res) ==
              ENVSCAN_OK,
          "buffer");
    CHECK(res && stat_of(res, ENVSCAN_STAT_PARSE_NS) > 0, "buffer parse time");
    envscan_result_free(res);
    envscan_scanner_free(sc);
}

/* Progress, seen from inside the scan: when the k-th file is delivered
 * (in path order) at least k files have been read. */
typedef struct prog_ctx {
    envscan_scanner *sc;
    uint64_t delivered, behind, last_files;
    int pinned_to_one, pinned_checked;
} prog_ctx;

static int on_file(void *ctx, const envscan_result *part)
{
    prog_ctx *p = ctx;
    (void)part;
    p->delivered++;
    uint64_t files = 0, bytes = 0;
    envscan_scanner_progress(p->sc, &files, &bytes, NULL);
    if (files < p->delivered || files < p->last_files)
        p->behind++;
    p->last_files = files;
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        p->pinned_checked++;
        p->pinned_to_one += CPU_COUNT(&set) == 1;
    }
    return 0;
}

static void test_progress_and_affinity(void)
{
    cpu_set_t before, after, process;
    CHECK(pthread_getaffinity_np(pthread_self(), sizeof before, &before) == 0, "getaffinity");
    sched_getaffinity(0, sizeof process, &process);
    for (int a = ENVSCAN_AFFINITY_NONE; a <= ENVSCAN_AFFINITY_SPREAD; a++) {
        envscan_scanner *sc = NULL;
        CHECK(envscan_scanner_create(&sc) == ENVSCAN_OK, "create");
        envscan_set_option(sc, ENVSCAN_OPT_AFFINITY, a);
        envscan_set_option(sc, ENVSCAN_OPT_THREADS, 2);
        prog_ctx p = {.sc = sc};
        envscan_set_file_callback(sc, on_file, &p);
        const char *paths[] = {root};
        envscan_result *res = NULL;
        CHECK(envscan_scan_paths(sc, paths, 1, &res) == ENVSCAN_OK, "scan");
        CHECK(p.delivered == NFILES, "delivered %llu", (unsigned long long)p.delivered);
        CHECK(p.behind == 0, "progress behind the deliveries %llu times",
              (unsigned long long)p.behind);
        uint64_t files = 0, bytes = 0, total = 1;
        envscan_scanner_progress(sc, &files, &bytes, &total);
        CHECK(res && files == stat_of(res, ENVSCAN_STAT_FILES_SCANNED), "files %llu",
              (unsigned long long)files);
        CHECK(res && bytes == stat_of(res, ENVSCAN_STAT_BYTES), "bytes %llu",
              (unsigned long long)bytes);
        CHECK(total == bytes, "total %llu after the scan, which read %llu",
              (unsigned long long)total, (unsigned long long)bytes);
        /* workers (the callback runs on them) pinned to one CPU each */
        if (a != ENVSCAN_AFFINITY_NONE && CPU_COUNT(&process) > 1) {
            CHECK(p.pinned_checked > 0 && p.pinned_to_one == p.pinned_checked,
                  "affinity %s: %d of %d deliveries on a pinned thread",
                  envscan_affinity_name((envscan_affinity)a), p.pinned_to_one, p.pinned_checked);
            CHECK(res && stat_of(res, ENVSCAN_STAT_AFFINITY) == (uint64_t)a, "stat affinity");
        }
        if (a == ENVSCAN_AFFINITY_NONE && CPU_COUNT(&process) > 1)
            CHECK(p.pinned_to_one == 0, "affinity none pinned a worker");
        envscan_result_free(res);
        envscan_scanner_free(sc);
        CHECK(pthread_getaffinity_np(pthread_self(), sizeof after, &after) == 0, "getaffinity");
        CHECK(CPU_EQUAL(&before, &after), "the calling thread's CPU set changed (affinity %s)",
              envscan_affinity_name((envscan_affinity)a));
    }
    /* the same report whatever the placement */
    char *none = scan_json(ENVSCAN_AFFINITY_NONE, NULL);
    char *compact = scan_json(ENVSCAN_AFFINITY_COMPACT, NULL);
    char *spread = scan_json(ENVSCAN_AFFINITY_SPREAD, NULL);
    CHECK(none && compact && strcmp(none, compact) == 0, "compact changed the report");
    CHECK(none && spread && strcmp(none, spread) == 0, "spread changed the report");
    free(none);
    free(compact);
    free(spread);

    /* names and bounds */
    envscan_affinity af;
    CHECK(envscan_affinity_from_name("spread", &af) == ENVSCAN_OK && af == ENVSCAN_AFFINITY_SPREAD,
          "from_name");
    CHECK(envscan_affinity_from_name("scattered", &af) == ENVSCAN_E_NOTFOUND, "unknown name");
    CHECK(strcmp(envscan_affinity_name(ENVSCAN_AFFINITY_COMPACT), "compact") == 0, "name");
    int64_t lo, hi;
    CHECK(envscan_option_bounds(ENVSCAN_OPT_AFFINITY, &lo, &hi) == ENVSCAN_OK && lo == 0 &&
              hi == 2,
          "bounds");
    envscan_scanner *sc = NULL;
    envscan_scanner_create(&sc);
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_AFFINITY, 3) == ENVSCAN_E_RANGE, "range");
    envscan_scanner_free(sc);
}

/* A callback's non-zero return, negative too, stops the scan as a cancel. */
static int stop_negative(void *ctx, const envscan_result *part)
{
    (void)part;
    ++*(int *)ctx;
    return -1;
}

static void test_callback_stops(void)
{
    envscan_scanner *sc = NULL;
    envscan_scanner_create(&sc);
    int calls = 0;
    envscan_set_file_callback(sc, stop_negative, &calls);
    const char *paths[] = {root};
    envscan_result *res = NULL;
    CHECK(envscan_scan_paths(sc, paths, 1, &res) == ENVSCAN_E_CANCELLED,
          "a callback returning -1 did not cancel the scan");
    CHECK(calls == 1, "the callback was called %d times after asking to stop", calls);
    envscan_result_free(res);
    envscan_scanner_free(sc);
}

int main(void)
{
    make_tree();
    test_stats();
    test_progress_and_affinity();
    test_callback_stops();
    remove_tree();
    if (failures) {
        fprintf(stderr, "test_runinfo: %d checks failed\n", failures);
        return 1;
    }
    printf("test_runinfo: all checks passed\n");
    return 0;
}
