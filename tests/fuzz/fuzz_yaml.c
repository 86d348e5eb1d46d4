/*
 * fuzz_yaml.c — the YAML family under fuzzing: every input is read as a
 * compose file, a Kubernetes manifest, an Actions workflow and a generic
 * YAML file, each twice (the reports must agree byte for byte: no state
 * may leak between scans), and all of it again with LF line ends turned
 * into CRLF, to reach the line-break paths. Every
 * record must lie inside the input (line and column within it) and come
 * in position order. A crash, a sanitizer report, a hang past the
 * libFuzzer timeout or a broken invariant aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envscan.h"
#include "fuzz_buf.h"

/* An upper bound of the lines of the input: every \n, \r and byte of a
 * NEL, LS or PS counts as a break. */
static uint32_t max_lines(const uint8_t *d, size_t n)
{
    uint32_t l = 1;
    for (size_t i = 0; i < n; i++)
        l += d[i] == '\n' || d[i] == '\r' || d[i] == 0x85 || d[i] == 0xA8 || d[i] == 0xA9;
    return l;
}

static buf run(const uint8_t *data, size_t size, envscan_format f, const char *name)
{
    envscan_scanner *sc;
    envscan_result *res;
    buf out = {0};
    if (envscan_scanner_create(&sc) != ENVSCAN_OK)
        abort();
    if (envscan_scan_buffer(sc, data, size, f, name, &res) != ENVSCAN_OK)
        abort();
    uint32_t lines = max_lines(data, size), pl = 0, pc = 0;
    for (size_t i = 0; i < envscan_result_record_count(res); i++) {
        const envscan_record *r = envscan_result_record(res, i);
        if (r->line < 1 || r->line > lines || r->column < 1 || r->column > size + 1) {
            fprintf(stderr, "record %s at %u:%u outside the input (%u lines)\n", r->key,
                    r->line, r->column, lines);
            abort();
        }
        if (r->line < pl || (r->line == pl && r->column < pc)) {
            fprintf(stderr, "record %s at %u:%u out of order\n", r->key, r->line, r->column);
            abort();
        }
        pl = r->line;
        pc = r->column;
    }
    envscan_report(res, ENVSCAN_REPORT_JSON, ENVSCAN_REPORT_NO_TIMING, put, &out);
    envscan_result_free(res);
    envscan_scanner_free(sc);
    return out;
}

static void check(const uint8_t *data, size_t size)
{
    static const struct {
        envscan_format f;
        const char *name;
    } as[] = {
        {ENVSCAN_FORMAT_COMPOSE, "compose.yml"},
        {ENVSCAN_FORMAT_KUBERNETES, "k8s.yaml"},
        {ENVSCAN_FORMAT_ACTIONS, ".github/workflows/ci.yml"},
        {ENVSCAN_FORMAT_YAML, "config.yaml"},
    };
    for (size_t i = 0; i < sizeof as / sizeof as[0]; i++) {
        buf a = run(data, size, as[i].f, as[i].name);
        buf b = run(data, size, as[i].f, as[i].name);
        if (a.n != b.n || memcmp(a.p, b.p, a.n) != 0) {
            fprintf(stderr, "two scans of the same input disagree (%s)\n", as[i].name);
            abort();
        }
        free(a.p);
        free(b.p);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check(data, size);
    /* the same text with CRLF line ends */
    uint8_t *crlf = malloc(size * 2 + 1);
    size_t n = 0;
    if (!crlf)
        abort();
    for (size_t i = 0; i < size; i++) {
        if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
            crlf[n++] = '\r';
        crlf[n++] = data[i];
    }
    if (n != size)
        check(crlf, n);
    free(crlf);
    return 0;
}
