/*
 * baseline.h — reading a baseline (the file ENVSCAN_REPORT_BASELINE
 * writes, engine/src/report/baseline.c) and leaving the diagnostics it
 * holds out of a result. Internal; docs/reports.md.
 */
#ifndef ES_BASELINE_H
#define ES_BASELINE_H

#include "../internal.h"

typedef struct es_baseline es_baseline;

/* Read a baseline from data[0, len), named `name` in messages. On error
 * returns ENVSCAN_E_PARSE (or ENVSCAN_E_NOMEM) and writes into err[cap]
 * "NAME:LINE:COLUMN: reason" or "NAME: reason". */
int es_baseline_read(const void *data, size_t len, const char *name, es_baseline **out,
                     char *err, size_t cap);
void es_baseline_free(es_baseline *b);

/* Does the baseline fit fingerprints made with `seed`? (It holds a check
 * value of the salt it was written with.) */
bool es_baseline_salt_ok(const es_baseline *b, uint64_t seed);
const char *es_baseline_name(const es_baseline *b);

/* Take the diagnostics whose fingerprint is in the baseline out of `res`
 * (order kept; link and finding indices follow), take them off the
 * severity statistics, add them to ENVSCAN_STAT_BASELINED and mark the
 * result as filtered by a baseline. */
void es_baseline_apply(const es_baseline *b, envscan_result *res);

/* Keep or drop each diagnostic of `res` as fn says (fn may also change
 * its severity); order is kept, link and finding indices follow, and the
 * severity statistics (plus ENVSCAN_STAT_BASELINED for BASELINED) with
 * them. */
enum { ES_FILTER_KEEP = 0, ES_FILTER_DROP = 1, ES_FILTER_BASELINED = 2 };
void es_result_filter(envscan_result *res, int (*fn)(void *ctx, envscan_diagnostic *d),
                      void *ctx);

#endif
