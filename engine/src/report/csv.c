/*
 * csv.c — one row per diagnostic, RFC 4180 (docs/reports.md):
 *   severity,rule,file,line,column,key,message,fingerprint
 * Lines end with CRLF, as the RFC says; a field holding a comma, a double
 * quote, CR or LF is quoted, its quotes doubled; a missing file or key is
 * an empty field; line and column are 0 when not about a line. Bytes are
 * written as they are (UTF-8 paths stay UTF-8).
 */
#include <string.h>

#include "report.h"

static const char *quote_escape(unsigned char c) { return c == '"' ? "\"\"" : NULL; }

static void field(es_out *o, const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s);
    if (strcspn(s, ",\"\r\n") == n) {
        es_out_bytes(o, s, n);
        return;
    }
    es_out_str(o, "\"");
    es_rep_escaped(o, s, n, quote_escape);
    es_out_str(o, "\"");
}

int es_report_csv(es_out *o, const envscan_result *res, unsigned flags)
{
    (void)flags;
    es_out_str(o, "severity,rule,file,line,column,key,message,fingerprint\r\n");
    for (size_t i = 0; i < res->n_diags; i++) {
        const envscan_diagnostic *d = &res->diags[i];
        es_out_printf(o, "%s,", envscan_severity_name(d->severity));
        field(o, d->code);
        es_out_str(o, ",");
        field(o, d->file);
        es_out_printf(o, ",%u,%u,", d->line, d->column);
        field(o, d->key);
        es_out_str(o, ",");
        field(o, d->message);
        es_out_str(o, ",");
        field(o, d->fingerprint);
        es_out_str(o, "\r\n");
    }
    return ENVSCAN_OK;
}
