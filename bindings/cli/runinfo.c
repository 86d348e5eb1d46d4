/*
 * runinfo.c — what the command says about a run besides its report:
 * the --stats block, the --metrics file, and the progress line.
 *
 * All three read the library's numbers (envscan_result_stat,
 * envscan_scanner_progress); nothing here measures the scan itself,
 * except the report's time, which only the command sees.
 */
#include "runinfo.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static uint64_t stat_of(const envscan_result *res, envscan_stat s)
{
    uint64_t v = 0;
    envscan_result_stat(res, s, &v);
    return v;
}

static double secs(uint64_t ns) { return (double)ns / 1e9; }

/* 1234567 as "1,234,567". */
static const char *grouped(uint64_t v, char *buf, size_t cap)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    size_t o = 0;
    for (int i = 0; i < n && o + 2 < cap; i++) {
        if (i && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

static const char *duration(uint64_t ns, char *buf, size_t cap)
{
    if (ns < 1000000)
        snprintf(buf, cap, "%.1f us", (double)ns / 1e3);
    else if (ns < 1000000000)
        snprintf(buf, cap, "%.1f ms", (double)ns / 1e6);
    else
        snprintf(buf, cap, "%.2f s", secs(ns));
    return buf;
}

static const char *mbytes(uint64_t b, char *buf, size_t cap)
{
    snprintf(buf, cap, "%.1f MB", (double)b / 1e6);
    return buf;
}

void runinfo_print_stats(FILE *f, const envscan_result *res, uint64_t report_ns)
{
    char a[48], b[48], c[48], d[48], e[48], g[48], h[48];
    const uint64_t elapsed = stat_of(res, ENVSCAN_STAT_ELAPSED_NS);
    const uint64_t files = stat_of(res, ENVSCAN_STAT_FILES_SCANNED);
    const uint64_t bytes = stat_of(res, ENVSCAN_STAT_BYTES);
    const uint64_t defs = stat_of(res, ENVSCAN_STAT_DEFINITIONS);
    const uint64_t refs = stat_of(res, ENVSCAN_STAT_REFERENCES);
    const uint64_t uses = stat_of(res, ENVSCAN_STAT_USAGES);
    const uint64_t vars = defs + refs + uses;
    const double s = elapsed ? secs(elapsed) : 1e-9;
    fprintf(f, "envscan: stats\n");
    fprintf(f, "  files      %s scanned of %s seen (%s ignored, %s binary, %s unreadable, "
               "%s too large), %s directories\n",
            grouped(files, a, sizeof a), grouped(stat_of(res, ENVSCAN_STAT_FILES_SEEN), b, sizeof b),
            grouped(stat_of(res, ENVSCAN_STAT_FILES_IGNORED), c, sizeof c),
            grouped(stat_of(res, ENVSCAN_STAT_FILES_BINARY), d, sizeof d),
            grouped(stat_of(res, ENVSCAN_STAT_FILES_ERROR), e, sizeof e),
            grouped(stat_of(res, ENVSCAN_STAT_FILES_SKIPPED_SIZE), g, sizeof g),
            grouped(stat_of(res, ENVSCAN_STAT_DIRS), h, sizeof h));
    fprintf(f, "  bytes      %s\n", mbytes(bytes, a, sizeof a));
    fprintf(f, "  variables  %s (%s definitions, %s references, %s usages)\n",
            grouped(vars, a, sizeof a), grouped(defs, b, sizeof b), grouped(refs, c, sizeof c),
            grouped(uses, d, sizeof d));
    fprintf(f, "  findings   %s errors, %s warnings, %s infos\n",
            grouped(stat_of(res, ENVSCAN_STAT_ERRORS), a, sizeof a),
            grouped(stat_of(res, ENVSCAN_STAT_WARNINGS), b, sizeof b),
            grouped(stat_of(res, ENVSCAN_STAT_INFOS), c, sizeof c));
    fprintf(f, "  time       %s scan + %s report (wall)\n", duration(elapsed, a, sizeof a),
            duration(report_ns, b, sizeof b));
    fprintf(f, "  stages     walk %s, read %s, parse %s, secrets %s (thread time over %llu "
               "threads); analysis %s\n",
            duration(stat_of(res, ENVSCAN_STAT_WALK_NS), a, sizeof a),
            duration(stat_of(res, ENVSCAN_STAT_READ_NS), b, sizeof b),
            duration(stat_of(res, ENVSCAN_STAT_PARSE_NS), c, sizeof c),
            duration(stat_of(res, ENVSCAN_STAT_SECRETS_NS), d, sizeof d),
            (unsigned long long)stat_of(res, ENVSCAN_STAT_THREADS),
            duration(stat_of(res, ENVSCAN_STAT_ANALYSIS_NS), e, sizeof e));
    fprintf(f, "  rates      %.1f MB/s, %s variables/s, %s files/s (over the scan's wall time)\n",
            (double)bytes / 1e6 / s, grouped((uint64_t)((double)vars / s), a, sizeof a),
            grouped((uint64_t)((double)files / s), b, sizeof b));
    if (files)
        fprintf(f, "  per file   p50 %s, p95 %s, p99 %s (open to end of secrets check)\n",
                duration(stat_of(res, ENVSCAN_STAT_FILE_P50_NS), a, sizeof a),
                duration(stat_of(res, ENVSCAN_STAT_FILE_P95_NS), b, sizeof b),
                duration(stat_of(res, ENVSCAN_STAT_FILE_P99_NS), c, sizeof c));
    fprintf(f, "  memory     peak RSS %.1f MiB\n",
            (double)stat_of(res, ENVSCAN_STAT_PEAK_RSS) / (1024.0 * 1024.0));
    fprintf(f, "  engine     kernel %s, affinity %s, I/O read\n",
            envscan_kernel_name((envscan_kernel)stat_of(res, ENVSCAN_STAT_KERNEL)),
            envscan_affinity_name((envscan_affinity)stat_of(res, ENVSCAN_STAT_AFFINITY)));
}

/* ------------------------------------------------------------ --metrics */

/* One metric: its HELP and TYPE lines, then the sample. */
static void metric(FILE *f, const char *name, const char *type, const char *help, double v)
{
    fprintf(f, "# HELP %s %s\n# TYPE %s %s\n%s %.9g\n", name, help, name, type, name, v);
}

int runinfo_write_metrics(const char *path, const envscan_result *res, uint64_t report_ns,
                          int exit_code)
{
    /* written beside the target and renamed over it, so a collector
     * never reads half a file (node_exporter's textfile convention) */
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp)
        return -1;
    snprintf(tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    /* readable by the collector's user: counts and timings, no values */
    if (fd >= 0)
        fchmod(fd, 0644);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        int err = errno;
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        free(tmp);
        errno = err;
        return -1;
    }
    static const struct {
        envscan_stat stat;
        const char *name, *type, *help;
        double scale;
    } rows[] = {
        {ENVSCAN_STAT_FILES_SCANNED, "envscan_files_scanned", "gauge", "Files read and parsed.", 1},
        {ENVSCAN_STAT_FILES_SEEN, "envscan_files_seen", "gauge", "Regular files the walk visited.", 1},
        {ENVSCAN_STAT_FILES_IGNORED, "envscan_files_ignored", "gauge", "Files not read: ignore rules.", 1},
        {ENVSCAN_STAT_FILES_BINARY, "envscan_files_binary", "gauge", "Files not read: binary.", 1},
        {ENVSCAN_STAT_FILES_ERROR, "envscan_files_unreadable", "gauge", "Files that could not be read.", 1},
        {ENVSCAN_STAT_BYTES, "envscan_bytes", "gauge", "Bytes parsed.", 1},
        {ENVSCAN_STAT_DEFINITIONS, "envscan_definitions", "gauge", "Variable definitions found.", 1},
        {ENVSCAN_STAT_REFERENCES, "envscan_references", "gauge", "References to variables in values.", 1},
        {ENVSCAN_STAT_USAGES, "envscan_usages", "gauge", "Variables read by source code.", 1},
        {ENVSCAN_STAT_ERRORS, "envscan_findings_error", "gauge", "Diagnostics of severity error.", 1},
        {ENVSCAN_STAT_WARNINGS, "envscan_findings_warning", "gauge", "Diagnostics of severity warning.", 1},
        {ENVSCAN_STAT_INFOS, "envscan_findings_info", "gauge", "Diagnostics of severity info.", 1},
        {ENVSCAN_STAT_ELAPSED_NS, "envscan_scan_duration_seconds", "gauge", "Wall time of the scan.", 1e-9},
        {ENVSCAN_STAT_WALK_NS, "envscan_walk_seconds", "gauge", "Thread time listing directories.", 1e-9},
        {ENVSCAN_STAT_READ_NS, "envscan_read_seconds", "gauge", "Thread time reading files.", 1e-9},
        {ENVSCAN_STAT_PARSE_NS, "envscan_parse_seconds", "gauge", "Thread time in the parsers.", 1e-9},
        {ENVSCAN_STAT_SECRETS_NS, "envscan_secrets_seconds", "gauge", "Thread time detecting secrets.", 1e-9},
        {ENVSCAN_STAT_ANALYSIS_NS, "envscan_analysis_seconds", "gauge", "Wall time of the cross-file analysis.", 1e-9},
        {ENVSCAN_STAT_FILE_P50_NS, "envscan_file_p50_seconds", "gauge", "Median time per file.", 1e-9},
        {ENVSCAN_STAT_FILE_P95_NS, "envscan_file_p95_seconds", "gauge", "95th percentile of the time per file.", 1e-9},
        {ENVSCAN_STAT_FILE_P99_NS, "envscan_file_p99_seconds", "gauge", "99th percentile of the time per file.", 1e-9},
        {ENVSCAN_STAT_PEAK_RSS, "envscan_peak_rss_bytes", "gauge", "Peak resident set size of the process.", 1},
        {ENVSCAN_STAT_THREADS, "envscan_threads", "gauge", "Worker threads used.", 1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        metric(f, rows[i].name, rows[i].type, rows[i].help,
               (double)stat_of(res, rows[i].stat) * rows[i].scale);
    metric(f, "envscan_report_duration_seconds", "gauge", "Wall time writing the report.",
           secs(report_ns));
    metric(f, "envscan_exit_code", "gauge", "The command's exit status (0 clean, 1 findings).",
           exit_code);
    metric(f, "envscan_last_run_timestamp_seconds", "gauge",
           "When the scan finished, in seconds since the epoch.", (double)time(NULL));
    fprintf(f, "# HELP envscan_build_info The engine that ran, as labels.\n"
               "# TYPE envscan_build_info gauge\n"
               "envscan_build_info{version=\"%s\",kernel=\"%s\",affinity=\"%s\",io=\"read\"} 1\n",
            envscan_version(), envscan_kernel_name((envscan_kernel)stat_of(res, ENVSCAN_STAT_KERNEL)),
            envscan_affinity_name((envscan_affinity)stat_of(res, ENVSCAN_STAT_AFFINITY)));
    int bad = ferror(f);
    if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
        int err = errno ? errno : EIO;
        unlink(tmp);
        free(tmp);
        errno = err;
        return -1;
    }
    free(tmp);
    return 0;
}

/* ------------------------------------------------------------- progress */

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *progress_main(void *arg)
{
    runinfo_progress *p = arg;
    const uint64_t start = mono_ns();
    /* a second by default; tests shorten it (ENVSCAN_PROGRESS_DELAY_MS) */
    const char *d = getenv("ENVSCAN_PROGRESS_DELAY_MS");
    const uint64_t delay = d && *d ? strtoull(d, NULL, 10) * 1000000u : 1000000000u;
    bool shown = false;
    pthread_mutex_lock(&p->mu);
    do { /* at least one look, even when the scan ended first (delay 0) */
        const uint64_t now = mono_ns();
        if (now - start >= delay) { /* only scans longer than a second */
            uint64_t files = 0, bytes = 0, total = 0;
            envscan_scanner_progress(p->sc, &files, &bytes, &total);
            const double s = secs(now - start), rate = s > 0 ? (double)bytes / 1e6 / s : 0;
            char line[160];
            int n = snprintf(line, sizeof line, "\rscanning: %llu files, %.1f MB, %.1f MB/s",
                             (unsigned long long)files, (double)bytes / 1e6, rate);
            if (total > bytes && rate > 0 && n > 0 && (size_t)n < sizeof line)
                snprintf(line + n, sizeof line - (size_t)n, ", ETA %.0f s",
                         (double)(total - bytes) / 1e6 / rate);
            fprintf(stderr, "%s\033[K", line);
            fflush(stderr);
            shown = true;
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250 * 1000000L; /* four lines a second */
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        if (!p->stop)
            pthread_cond_timedwait(&p->cv, &p->mu, &until);
    } while (!p->stop);
    pthread_mutex_unlock(&p->mu);
    if (shown) { /* leave the terminal line clean for what follows */
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    return NULL;
}

int runinfo_progress_start(runinfo_progress *p, const envscan_scanner *sc)
{
    memset(p, 0, sizeof *p);
    p->sc = sc;
    if (pthread_mutex_init(&p->mu, NULL) != 0)
        return -1;
    if (pthread_cond_init(&p->cv, NULL) != 0) {
        pthread_mutex_destroy(&p->mu);
        return -1;
    }
    if (pthread_create(&p->tid, NULL, progress_main, p) != 0) {
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
        return -1;
    }
    p->running = true;
    return 0;
}

void runinfo_progress_stop(runinfo_progress *p)
{
    if (!p->running)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->tid, NULL);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    p->running = false;
}

bool runinfo_progress_wanted(int forced)
{
    if (forced >= 0)
        return forced == 1;
    /* never in pipes, files or CI logs; nor over a report printed on the
     * same terminal (text reports stream there as files are read) */
    const char *ci = getenv("CI"), *term = getenv("TERM");
    return isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO) &&
           !(ci && *ci && strcmp(ci, "false") != 0) && !(term && strcmp(term, "dumb") == 0);
}
