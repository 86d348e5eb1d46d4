/*
 * html.h — what the HTML report (html.c) shares with report.c.
 */
#ifndef ES_REPORT_HTML_H
#define ES_REPORT_HTML_H

#include "../internal.h"

/* Write the HTML report of `res` (docs/html.md). ENVSCAN_OK or
 * ENVSCAN_E_NOMEM (the drift matrix could not be built). */
int es_report_html(es_out *o, const envscan_result *res, unsigned flags);

/* "512 B", "1.5 KiB", "2.0 MiB", "1.25 GiB" into buf. */
void es_human_bytes(char *buf, size_t cap, uint64_t b);

#endif
