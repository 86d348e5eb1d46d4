/*
 * report.h — what the report writers (the .c files of engine/src/report) share:
 * one entry point per format, and the small helpers more than one of
 * them needs. Internal; the formats are described in docs/reports.md
 * and docs/schema.md.
 */
#ifndef ES_REPORT_H
#define ES_REPORT_H

#include "../internal.h"

/* The writers: each writes a whole report of `res` to `o` and returns
 * ENVSCAN_OK or ENVSCAN_E_NOMEM (write errors are kept in `o`). */
int es_report_sarif(es_out *o, const envscan_result *res, unsigned flags);
int es_report_csv(es_out *o, const envscan_result *res, unsigned flags);
int es_report_junit(es_out *o, const envscan_result *res, unsigned flags);
int es_report_github(es_out *o, const envscan_result *res, unsigned flags);
int es_report_markdown(es_out *o, const envscan_result *res, unsigned flags);
int es_report_baseline(es_out *o, const envscan_result *res, unsigned flags);

/* A JSON string, or null for NULL. */
void es_rep_json_str(es_out *o, const char *s);

/* Write s[0, n) with the bytes that `escape` maps to a non-NULL string
 * replaced by it (for the escapes of CSV, XML, Markdown, GitHub commands). */
typedef const char *(*es_rep_escape_fn)(unsigned char c);
void es_rep_escaped(es_out *o, const char *s, size_t n, es_rep_escape_fn escape);

/* Diagnostics at each severity (index: envscan_severity) of the result. */
void es_rep_count(const envscan_result *res, uint64_t counts[4]);

/* "file:line:column", "file:line", "file" or "-": where a diagnostic is,
 * for people (into buf; returns buf). */
const char *es_rep_place(const envscan_diagnostic *d, char *buf, size_t cap);

/* The diagnostics grouped by file (NULL first, then by path), as a
 * malloc'd array of res->n_diags indices into res->diags (NULL on OOM).
 * Within a file: by_what, by (code, key, fingerprint), lines left out
 * (a baseline's order); else in result order (position, then findings,
 * then links). */
size_t *es_rep_sorted(const envscan_result *res, bool by_what);

#endif
