/*
 * runinfo.h — the --stats block, the --metrics file and the progress
 * line of the envscan command (runinfo.c).
 */
#ifndef ENVSCAN_CLI_RUNINFO_H
#define ENVSCAN_CLI_RUNINFO_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "envscan.h"

/* The --stats block: counts, stage times, rates, per-file percentiles,
 * peak memory, the engine used. report_ns: the time the report took. */
void runinfo_print_stats(FILE *f, const envscan_result *res, uint64_t report_ns);

/* Write the run's counters and timings to `path` in the Prometheus text
 * format (a temporary file renamed over it). 0, or -1 with errno. */
int runinfo_write_metrics(const char *path, const envscan_result *res, uint64_t report_ns,
                          int exit_code);

/* The progress line: a thread that, once the scan has run a second,
 * rewrites one line on stderr four times a second until stopped. */
typedef struct runinfo_progress {
    const envscan_scanner *sc;
    pthread_t tid;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop, running;
} runinfo_progress;

/* forced: 1 --progress, 0 --no-progress, -1 neither: only when stderr is
 * a terminal and CI is not set. */
bool runinfo_progress_wanted(int forced);
int runinfo_progress_start(runinfo_progress *p, const envscan_scanner *sc);
void runinfo_progress_stop(runinfo_progress *p);

#endif
