/*
 * fuzz_usage.c — the usage scanners under fuzzing, differentially: every
 * input is scanned as each language (Java, Kotlin and Scala apart, as
 * their file names choose), with the scalar kernel and with the best one
 * this CPU has, and the JSON reports must be equal byte for byte. Records
 * must also come in position order with a non-empty key. A crash, a
 * sanitizer report, a difference or a broken invariant aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envscan.h"
#include "fuzz_buf.h"


static void check_order(const envscan_result *res, const char *name)
{
    for (size_t i = 0; i < envscan_result_record_count(res); i++) {
        const envscan_record *r = envscan_result_record(res, i);
        if (r->kind != ENVSCAN_KIND_USAGE || r->key_len == 0 || r->line == 0 || r->column == 0) {
            fprintf(stderr, "%s: record %zu is not a usage with a key and a position\n", name, i);
            abort();
        }
        const envscan_record *p = i ? envscan_result_record(res, i - 1) : NULL;
        if (p && (p->line > r->line || (p->line == r->line && p->column > r->column))) {
            fprintf(stderr, "%s: record %zu is out of position order\n", name, i);
            abort();
        }
    }
}

static buf run(const uint8_t *data, size_t size, envscan_format f, const char *name,
               envscan_kernel k)
{
    envscan_scanner *sc;
    envscan_result *res;
    buf out = {0};
    if (envscan_scanner_create(&sc) != ENVSCAN_OK)
        abort();
    envscan_set_option(sc, ENVSCAN_OPT_KERNEL, k);
    if (envscan_scan_buffer(sc, data, size, f, name, &res) != ENVSCAN_OK)
        abort();
    check_order(res, name);
    envscan_report(res, ENVSCAN_REPORT_JSON, ENVSCAN_REPORT_NO_TIMING, put, &out);
    envscan_result_free(res);
    envscan_scanner_free(sc);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct {
        envscan_format f;
        const char *name;
    } langs[] = {
        {ENVSCAN_FORMAT_JAVASCRIPT, "f.js"}, {ENVSCAN_FORMAT_PYTHON, "f.py"},
        {ENVSCAN_FORMAT_GO, "f.go"},         {ENVSCAN_FORMAT_JVM, "f.java"},
        {ENVSCAN_FORMAT_JVM, "f.kt"},        {ENVSCAN_FORMAT_JVM, "f.scala"},
        {ENVSCAN_FORMAT_CSHARP, "f.cs"},     {ENVSCAN_FORMAT_RUBY, "f.rb"},
        {ENVSCAN_FORMAT_PHP, "f.php"},       {ENVSCAN_FORMAT_RUST, "f.rs"},
        {ENVSCAN_FORMAT_C, "f.c"},
    };
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        buf a = run(data, size, langs[i].f, langs[i].name, ENVSCAN_KERNEL_SCALAR);
        buf b = run(data, size, langs[i].f, langs[i].name, ENVSCAN_KERNEL_AUTO);
        if (a.n != b.n || memcmp(a.p, b.p, a.n) != 0) {
            fprintf(stderr, "scalar and best kernel disagree (%s)\n", langs[i].name);
            abort();
        }
        free(a.p);
        free(b.p);
    }
    return 0;
}
