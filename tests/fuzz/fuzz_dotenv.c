/*
 * fuzz_dotenv.c — the dotenv parser under fuzzing, differentially: every
 * input is parsed in every implemented dialect (node, python), with the
 * scalar kernel and with the best one this CPU has, with and without
 * expansion, with every lint rule on, and the JSON reports must be equal
 * byte for byte. A crash,
 * a sanitizer report or a difference aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envscan.h"
#include "fuzz_buf.h"

static buf run(const uint8_t *data, size_t size, envscan_dialect d, envscan_kernel k,
               int expand)
{
    envscan_scanner *sc;
    envscan_result *res;
    buf out = {0};
    if (envscan_scanner_create(&sc) != ENVSCAN_OK)
        abort();
    if (envscan_set_option(sc, ENVSCAN_OPT_DIALECT, d) != ENVSCAN_OK)
        abort();
    envscan_set_option(sc, ENVSCAN_OPT_KERNEL, k);
    envscan_set_option(sc, ENVSCAN_OPT_EXPAND, expand);
    /* every lint rule: the lint path runs on every input */
    if (envscan_set_option(sc, ENVSCAN_OPT_LINT, 2) != ENVSCAN_OK)
        abort();
    if (envscan_scan_buffer(sc, data, size, ENVSCAN_FORMAT_DOTENV, "fuzz.env", &res) != ENVSCAN_OK)
        abort();
    envscan_report(res, ENVSCAN_REPORT_JSON, ENVSCAN_REPORT_NO_TIMING, put, &out);
    envscan_report(res, ENVSCAN_REPORT_MAP, 0, put, &out);
    envscan_result_free(res);
    envscan_scanner_free(sc);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const envscan_dialect dialects[] = {ENVSCAN_DIALECT_NODE, ENVSCAN_DIALECT_PYTHON};
    for (size_t d = 0; d < sizeof dialects / sizeof dialects[0]; d++)
        for (int expand = 0; expand <= 1; expand++) {
            buf a = run(data, size, dialects[d], ENVSCAN_KERNEL_SCALAR, expand);
            buf b = run(data, size, dialects[d], ENVSCAN_KERNEL_AUTO, expand);
            if (a.n != b.n || memcmp(a.p, b.p, a.n) != 0) {
                fprintf(stderr, "scalar and best kernel disagree (dialect %s, expand=%d)\n",
                        envscan_dialect_name(dialects[d]), expand);
                abort();
            }
            free(a.p);
            free(b.p);
        }
    return 0;
}
