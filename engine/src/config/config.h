/*
 * config.h — the envscan config file (envscan.yml; docs/config-file.md).
 *
 * es_config_parse() reads one YAML document against the schema in
 * config.c and returns what it says, validated, with the position of
 * every value; api.c applies it to a scanner (envscan_load_config).
 * Nothing here touches a scanner, so the loader can be fuzzed alone.
 */
#ifndef ES_CONFIG_H
#define ES_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* One scalar of the file: its dotted path ("scan.exclude[1]",
 * "rules.severity.lint-space-character"), its text and where it starts
 * (1-based). */
typedef struct es_cfg_node {
    char *path;
    char *value;
    uint32_t line, column;
} es_cfg_node;

/* The first problem of a file. */
typedef struct es_cfg_error {
    uint32_t line, column; /* 0 when not about a place */
    char msg[512];
} es_cfg_error;

/* A setting the file gives that envscan does not implement yet. */
typedef struct es_cfg_unimpl {
    const char *path; /* "performance.io" */
    char *text;       /* "performance.io: io_uring (not implemented yet: ...)" */
} es_cfg_unimpl;

typedef struct es_config es_config;

/* Parse and validate a config file held in memory (`name` for messages).
 * Custom secret patterns and allowlist regexes are compiled here (a bad
 * one is an error at its line and column). On success *out is the
 * config (free with es_config_free); on failure *out is NULL, err says
 * what and where, and the return is ENVSCAN_E_PARSE (or _NOMEM). */
int es_config_parse(const uint8_t *data, size_t len, const char *name, es_config **out,
                    es_cfg_error *err);
void es_config_free(es_config *c);

/* The scalars of the file, in file order; the one at `path`, or NULL. */
const es_cfg_node *es_config_nodes(const es_config *c, size_t *n);
const es_cfg_node *es_config_node(const es_config *c, const char *path);
const es_cfg_unimpl *es_config_unimplemented(const es_config *c, size_t *n);

/* Parse a size: digits with an optional K, M or G (powers of 1024). */
bool es_config_size(const char *s, int64_t *out);

/* Levenshtein distance, for "did you mean" (capped at 255). */
unsigned es_edit_distance(const char *a, const char *b);
/* The closest of names[0, n) to `word` when it is close enough to be a
 * likely typo; NULL otherwise. */
const char *es_did_you_mean(const char *word, const char *const *names, size_t n);

/* The commented envscan.yml of a template (default, ci, monorepo,
 * huge-files); NULL for another name. Static text. */
const char *es_config_template(const char *name);

#endif
