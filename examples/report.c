/*
 * report — write the report of a tree scan in any of envscan's formats.
 *
 *   report FORMAT [PATH...]     FORMAT: text, json, ndjson, sarif, csv,
 *                               junit, github, markdown, html, baseline
 *
 * The report goes to standard output without timings (the same bytes run
 * after run), a one-line summary to standard error. Exits 0, 1 when a
 * diagnostic is an error, 2 on a usage or scan error.
 */
#include <stdint.h>
#include <stdio.h>

#include <envscan.h>

/* snippet: writer */
/* An envscan_write_fn: gets the report in pieces, on the calling thread.
 * Returning non-zero stops the report (envscan_report gives ENVSCAN_E_IO). */
typedef struct sink {
    FILE *out;
    size_t bytes;
} sink;

static int write_out(void *ctx, const char *data, size_t len)
{
    sink *s = ctx;
    s->bytes += len;
    return fwrite(data, 1, len, s->out) != len;
}
/* end snippet */

int main(int argc, char **argv)
{
    envscan_report_format fmt;
    if (argc < 2 || envscan_report_format_from_name(argv[1], &fmt) != ENVSCAN_OK) {
        fprintf(stderr, "usage: report FORMAT [PATH...]\n");
        return 2;
    }
    envscan_scanner *sc = NULL;
    envscan_result *res = NULL;
    int rc = envscan_scanner_create(&sc);
    if (rc == ENVSCAN_OK)
        rc = envscan_scan_paths(sc, (const char *const *)(argv + 2), (size_t)(argc - 2), &res);
    if (rc != ENVSCAN_OK) {
        fprintf(stderr, "report: %s\n", sc ? envscan_last_error(sc) : envscan_strerror(rc));
        envscan_scanner_free(sc);
        return 2;
    }

    /* snippet: report */
    sink s = {stdout, 0};
    rc = envscan_report(res, fmt, ENVSCAN_REPORT_NO_TIMING, write_out, &s);
    if (rc != ENVSCAN_OK)
        fprintf(stderr, "report: %s\n", envscan_strerror(rc));
    uint64_t files = 0, errors = 0, warnings = 0;
    envscan_result_stat(res, ENVSCAN_STAT_FILES_SCANNED, &files);
    envscan_result_stat(res, ENVSCAN_STAT_ERRORS, &errors);
    envscan_result_stat(res, ENVSCAN_STAT_WARNINGS, &warnings);
    fprintf(stderr, "%s: %zu bytes; %llu files, %llu errors, %llu warnings\n",
            envscan_report_format_name(fmt), s.bytes, (unsigned long long)files,
            (unsigned long long)errors, (unsigned long long)warnings);
    int status = rc != ENVSCAN_OK                                            ? 2
                 : envscan_result_max_severity(res) >= ENVSCAN_SEVERITY_ERROR ? 1
                                                                              : 0;
    /* end snippet */
    envscan_result_free(res);
    envscan_scanner_free(sc);
    return status;
}
