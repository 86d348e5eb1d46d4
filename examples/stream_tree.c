/*
 * stream_tree — print each file of a tree scan as soon as it is read,
 * without keeping the whole result in memory.
 *
 *   stream_tree [PATH...]       (default: the current directory)
 *
 * For every file, in path order: "FILE FORMAT RECORDS", then one line per
 * record, "  LINE:COLUMN KIND KEY". At the end: "files F, definitions D,
 * usages U", the statistics of the result the scan returns (it holds the
 * statistics and the cross-file findings, but no files). Ctrl-C stops the
 * scan (envscan_cancel() from a signal handler). Exits 0, 1 on an error,
 * 130 when interrupted.
 */
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <envscan.h>

/* snippet: callback */
/* Called once per file, in path order, one call at a time (from whichever
 * worker thread finished the file). `part` is valid during the call only. */
static int on_file(void *ctx, const envscan_result *part)
{
    size_t *files = ctx;
    const envscan_file *f = envscan_result_file(part, 0);
    printf("%s %s %zu\n", f->path, envscan_format_name(f->format), f->record_count);
    for (size_t i = 0; i < envscan_result_record_count(part); i++) {
        const envscan_record *r = envscan_result_record(part, i);
        printf("  %u:%u %s %s\n", r->line, r->column, envscan_kind_name((envscan_kind)r->kind),
               r->key);
    }
    ++*files;
    return 0; /* non-zero would stop the scan: ENVSCAN_E_CANCELLED */
}
/* end snippet */

/* snippet: sigint */
static _Atomic(envscan_scanner *) running; /* the scanner Ctrl-C stops */

static void on_sigint(int sig)
{
    (void)sig;
    envscan_scanner *sc = atomic_load(&running);
    if (sc)
        envscan_cancel(sc); /* async-signal-safe */
}
/* end snippet */

int main(int argc, char **argv)
{
    envscan_scanner *sc = NULL;
    int rc = envscan_scanner_create(&sc);
    if (rc != ENVSCAN_OK) {
        fprintf(stderr, "stream_tree: %s\n", envscan_strerror(rc));
        return 1;
    }
    atomic_store(&running, sc);
    signal(SIGINT, on_sigint);

    /* snippet: stream */
    size_t files = 0;
    envscan_set_file_callback(sc, on_file, &files);
    envscan_result *rest = NULL;
    rc = envscan_scan_paths(sc, (const char *const *)(argv + 1), (size_t)(argc - 1), &rest);
    if (rc == ENVSCAN_OK) {
        uint64_t defs = 0, uses = 0;
        envscan_result_stat(rest, ENVSCAN_STAT_DEFINITIONS, &defs);
        envscan_result_stat(rest, ENVSCAN_STAT_USAGES, &uses);
        printf("files %zu, definitions %llu, usages %llu\n", files,
               (unsigned long long)defs, (unsigned long long)uses);
    }
    /* end snippet */

    atomic_store(&running, NULL);
    if (rc != ENVSCAN_OK)
        fprintf(stderr, "stream_tree: %s\n", envscan_last_error(sc));
    envscan_result_free(rest);
    envscan_scanner_free(sc);
    return rc == ENVSCAN_OK ? 0 : rc == ENVSCAN_E_CANCELLED ? 130 : 1;
}
