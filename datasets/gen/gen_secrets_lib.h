/*
 * gen_secrets_lib.h — sample secrets from shapes (plain C11, nothing of
 * ours: the shapes come from whoever calls, e.g. the engine's secrets
 * table in tests, or a file for the gen_secrets tool).
 *
 * A shape is literal text with runs: {Cn} is n characters of class C,
 * {Cn-m} between n and m of them, "{{" a literal '{'. Classes:
 *   A upper  a lower  0 digit  h hex (lower)  H hex (upper)  x alphanumeric
 *   u alphanumeric, '_' and '-'  b base64 (alphanumeric, '+', '/')
 *   2 base32 (A-Z, 2-7)  d lowercase alphanumeric  B bech32 (uppercase)
 */
#ifndef GEN_SECRETS_LIB_H
#define GEN_SECRETS_LIB_H

#include <stddef.h>
#include <stdint.h>

/* splitmix64: the next pseudo-random number of *state. */
uint64_t gs_rand(uint64_t *state);

/* Expand `shape` into out (NUL-terminated, at most cap bytes with the
 * NUL). Returns the length, or -1 for a malformed shape or too small a
 * buffer. */
long gs_expand(const char *shape, uint64_t *state, char *out, size_t cap);

#endif

/* ---------------------------------------------------- planted-secrets tree */
#ifndef GEN_SECRETS_TREE_H
#define GEN_SECRETS_TREE_H
#include <stdio.h>

/* One rule's format, as the tree planter needs it. */
typedef struct gs_rule {
    const char *id;    /* the finding a planted value must produce        */
    const char *shape; /* a true sample's shape                           */
    const char *no;    /* a false sample (must produce no finding at all) */
    const char *key;   /* the key it needs (words of it), or NULL          */
} gs_rule;

/* Write under `dir` (which must exist) a tree of env files, templates and
 * Kubernetes Secrets that plants every rule's format `copies` times under
 * varied keys, with look-alikes (each run of a shape filled with 'x'),
 * every rule's false sample, placeholders under keys named like secrets,
 * and after each rule's lines `filler` ordinary settings (ports, hosts,
 * URLs, paths, flags, versions, addresses, UUIDs: what most lines of a
 * real env file are). `manifest` gets one line per planted value:
 *   path<TAB>line<TAB>key<TAB>expected
 * with path relative to dir and expected a rule id (a secret) or "-" (must
 * not be reported). Returns 0, or -1 with errno set. */
int gs_plant_tree(const char *dir, const gs_rule *rules, size_t n, unsigned copies,
                  unsigned filler, uint64_t seed, FILE *manifest);
#endif
