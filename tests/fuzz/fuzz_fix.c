/*
 * fuzz_fix.c — the fixer (envscan_fix_buffer) under fuzzing, in both
 * dialects with every lint rule on: it must never crash, must either fix
 * or refuse with one of its documented codes, and what it returns must be
 * a fixed point (fixing it again changes nothing) that defines the same
 * keys and values (the safety net inside says so; this checks it from
 * outside through the map report). Any failure aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envscan.h"
#include "fuzz_buf.h"

static buf map_of(envscan_scanner *sc, const void *data, size_t size)
{
    envscan_result *res;
    buf out = {0};
    if (envscan_scan_buffer(sc, data, size, ENVSCAN_FORMAT_DOTENV, "fuzz.env", &res) != ENVSCAN_OK)
        abort();
    envscan_report(res, ENVSCAN_REPORT_MAP, 0, put, &out);
    envscan_result_free(res);
    return out;
}

/* The map report as a set of its lines (unordered-key may reorder). */
static int line_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *sorted_lines(buf b)
{
    char *s = malloc(b.n + 1), *out = malloc(b.n + 2), **v = malloc((b.n + 1) * sizeof *v);
    if (!s || !out || !v)
        abort();
    memcpy(s, b.p, b.n);
    s[b.n] = '\0';
    size_t n = 0;
    for (char *t = strtok(s, "\n"); t; t = strtok(NULL, "\n"))
        v[n++] = t;
    qsort(v, n, sizeof *v, line_cmp);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        /* "  "K": "v"," and "  "K": "v"" are one line in another order */
        size_t l = strlen(v[i]);
        if (l && v[i][l - 1] == ',')
            l--;
        memcpy(out + o, v[i], l);
        o += l;
        out[o++] = '\n';
    }
    out[o] = '\0';
    free(s);
    free(v);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const envscan_dialect dialects[] = {ENVSCAN_DIALECT_NODE, ENVSCAN_DIALECT_PYTHON};
    for (size_t d = 0; d < 2; d++) {
        envscan_scanner *sc;
        if (envscan_scanner_create(&sc) != ENVSCAN_OK ||
            envscan_set_option(sc, ENVSCAN_OPT_DIALECT, dialects[d]) != ENVSCAN_OK ||
            envscan_set_option(sc, ENVSCAN_OPT_LINT, 2) != ENVSCAN_OK)
            abort();
        char *out = NULL, *again = NULL;
        size_t len = 0, len2 = 0, n = 0, n2 = 0;
        int rc = envscan_fix_buffer(sc, data, size, "fuzz.env", 0, &out, &len, &n);
        if (rc == ENVSCAN_E_UNSAFE || rc == ENVSCAN_E_UNSUPPORTED) {
            if (out)
                abort();
            envscan_scanner_free(sc);
            continue;
        }
        if (rc != ENVSCAN_OK || !out)
            abort();
        if (envscan_fix_buffer(sc, out, len, "fuzz.env", 0, &again, &len2, &n2) != ENVSCAN_OK ||
            len2 != len || memcmp(again, out, len) != 0) {
            fprintf(stderr, "a second fix changed the text (dialect %s)\n",
                    envscan_dialect_name(dialects[d]));
            abort();
        }
        buf a = map_of(sc, data, size), b = map_of(sc, out, len);
        char *sa = sorted_lines(a), *sb = sorted_lines(b);
        if (strcmp(sa, sb) != 0) {
            fprintf(stderr, "the fix changed the map (dialect %s)\n",
                    envscan_dialect_name(dialects[d]));
            abort();
        }
        free(sa);
        free(sb);
        free(a.p);
        free(b.p);
        envscan_free(out);
        envscan_free(again);
        envscan_scanner_free(sc);
    }
    return 0;
}
