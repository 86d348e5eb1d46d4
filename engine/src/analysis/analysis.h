/*
 * analysis.h — cross-file findings over one scan (docs/analysis.md):
 * `missing`, `unused`, `drift`. The files of a scan are fed one by one,
 * in the result's order (by path), while the scan delivers them or after
 * it assembled them; the findings are computed once every file is in.
 * What it keeps is what the rules need (one entry per distinct key, one
 * site per key and file that defines it), copied into its own arena, so
 * it works the same whether the scan keeps its records or streams them.
 */
#ifndef ES_ANALYSIS_H
#define ES_ANALYSIS_H

#include "internal.h"

typedef struct es_analysis es_analysis;

/* A new analysis; `seed` is the fingerprint seed (fingerprint.h) the
 * values of definitions are kept as; `allow` are the caller's extra
 * well-known names for `missing` (exact names, or a prefix followed by
 * '*'), copied. Returns ENVSCAN_OK or ENVSCAN_E_NOMEM. */
int es_analysis_create(es_analysis **out, uint64_t seed, const char *const *allow,
                       size_t n_allow);
void es_analysis_free(es_analysis *an);
/* The keys of the records es_analysis_add will be given live as long as
 * the result es_analysis_finish fills (they are that result's): keep
 * pointers to them, not copies. */
void es_analysis_borrow(es_analysis *an);

/* Feed one scanned file and its records. Files must come in path order.
 * Returns ENVSCAN_OK or ENVSCAN_E_NOMEM. */
int es_analysis_add(es_analysis *an, const envscan_file *f, const envscan_record *recs,
                    size_t n);

/* Compute the findings and put them into `res`: they are sorted (path,
 * line, column, code, key), inserted before the diagnostics about links
 * (whose indices move along), counted in the severity statistics, and
 * recorded as res->first_finding / res->n_findings. Their strings live
 * in res's arena (the analysis' arena is handed over). */
int es_analysis_finish(es_analysis *an, envscan_result *res);

/* Does the base name of a dotenv file name a template (.env.example,
 * example.env, .env.production.sample; docs/analysis.md)? If so and `out`
 * is not NULL, the name without the template word goes to out[] (room
 * for strlen(base) + 1 bytes). The one recogniser of templates: drift
 * and the drift matrix (matrix.c) both ask it. */
bool es_analysis_template_name(const char *base, char *out);

/* Does the base name of a dotenv file name an override file (.env.local,
 * .env.production.local), which holds only the keys it changes? */
bool es_analysis_override_name(const char *base);

/* The open-addressing key tables of analysis.c and matrix.c: slot[] holds
 * 1 + an item's index (0 = empty), linear probing, a power-of-two size.
 * Rehash into twice the slots (`first` when there are none yet) the n
 * items at `items`, `stride` bytes apart, each starting with its 64-bit
 * hash. Returns false on OOM (the table is then unchanged). */
bool es_slots_grow(uint32_t **slot, size_t *n_slot, size_t first, const void *items, size_t n,
                   size_t stride);
/* How well an env file's base name matches a template's name without its
 * template word (es_analysis_template_name): the length matched, 0 for no match.
 * Drift and sync pair an env file with the template of its directory that
 * matches longest. */
size_t es_template_match(const char *env_base, const char *stripped);
/* After es_analysis_finish: the salted hash of the value finding i (in
 * result order: res->diags[res->first_finding + i]) is about, for its
 * fingerprint; false when it is about no value. */
bool es_analysis_finding_value(const es_analysis *an, size_t i, uint64_t *vh);

/* Is `key` one of the built-in well-known variables (PATH, LC_*, ...)? */
bool es_analysis_well_known(const char *key, size_t len);

/* The result an inventory was made of (inventory.c, for its report). */
const envscan_result *es_inventory_result(const envscan_inventory *inv);

#endif
