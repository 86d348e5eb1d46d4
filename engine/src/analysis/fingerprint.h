/*
 * fingerprint.h — stable fingerprints of diagnostics (docs/reports.md).
 *
 * A fingerprint names a diagnostic by what it is about, not where it is:
 * its code, file, key and a salted hash of the value it concerns (a link
 * problem: the link's target), never
 * its line or column, so adding or moving lines leaves it unchanged, and
 * changing the value makes a new one. Diagnostics equal in all of those
 * (the same lint twice in a file) are told apart by their occurrence index
 * among equals, counted in result order.
 *
 * The scan computes them in one pass per batch of diagnostics, once the
 * batch is sorted: a file's diagnostics (assembled or streamed), then the
 * rest of a scan (walk problems, cross-file findings, link problems).
 */
#ifndef ES_FINGERPRINT_H
#define ES_FINGERPRINT_H

#include "internal.h"

/* Length of a fingerprint in hex characters (128 bits). */
#define ES_FP_HEX 32

/* The salt used when none is set: public, so a baseline written with it
 * can be checked by anyone who can guess a value (see docs/reports.md). */
#define ES_FP_DEFAULT_SALT "envscan.fingerprint.v1"

/* The hash seed of a salt (NULL: the default salt). */
uint64_t es_fp_seed(const char *salt);

/* The salted hash of a value (what a fingerprint holds of it). */
uint64_t es_fp_value(uint64_t seed, const char *v, size_t n);

/* A check value of the seed, written into baselines so that a baseline
 * read with another salt is refused instead of matching nothing. */
uint64_t es_fp_salt_check(uint64_t seed);

/* The value diagnostic d (at index i of the batch) is about: return true
 * and set *vh (es_fp_value), or false when it is about no value. */
typedef bool (*es_fp_value_fn)(void *ctx, const envscan_diagnostic *d, size_t i, uint64_t *vh);

/* Give every diagnostic of d[0, n) whose fingerprint is NULL one, in
 * `arena`; those that have one are left alone and are not part of the
 * batch. `value` may be NULL (no diagnostic is about a value).
 * Returns ENVSCAN_OK or ENVSCAN_E_NOMEM. */
int es_fp_assign(es_arena *arena, uint64_t seed, envscan_diagnostic *d, size_t n,
                 es_fp_value_fn value, void *ctx);

/* The same for one file's diagnostics, the value of each being that of
 * the file's record at the diagnostic's line and key (a definition before
 * a reference or usage; the first in record order among equals). */
int es_fp_assign_file(es_arena *arena, uint64_t seed, envscan_diagnostic *d, size_t n,
                      const envscan_record *recs, size_t nrec);

#endif
