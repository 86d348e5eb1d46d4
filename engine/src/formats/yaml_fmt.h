/*
 * yaml_fmt.h — what the YAML definition formats (compose.c,
 * kubernetes.c, actions.c) share with their router (yaml.c): a buffer of
 * records for one document, sorted by position before it reaches the sink
 * (merge keys and aliases make a tree walk visit positions out of order),
 * and small helpers over nodes.
 */
#ifndef ES_YAML_FMT_H
#define ES_YAML_FMT_H

#include "yaml_doc.h"

typedef struct ys_rec {
    uint32_t line, col, seq;
    uint16_t fmt, kind;
    uint32_t flags;
    const char *scope; /* in the sink's arena */
    const char *key, *val; /* live until the document is flushed */
    size_t klen, vlen;
} ys_rec;

typedef struct ys_ctx {
    es_sink *sink;
    const es_yaml_doc *doc;
    ys_rec *recs;
    size_t n, cap;
    bool helm; /* the file holds "{{": a Helm (Go) template */
    bool oom;
} ys_ctx;

/* A scope range: the byte span of a service, job or step. */
typedef struct ys_range {
    size_t start, end;
    const char *scope;
} ys_range;

/* Queue a record (key/value pointers must live until ys_flush). */
void ys_add(ys_ctx *c, envscan_format fmt, envscan_kind kind, const char *scope,
            const char *key, size_t klen, const char *val, size_t vlen, uint32_t line,
            uint32_t col, uint32_t flags);
/* A definition keyed by the scalar `key` at its position. */
void ys_def(ys_ctx *c, envscan_format fmt, const char *scope, const es_ynode *key,
            const char *val, size_t vlen, uint32_t flags);
/* Sort the queued records by position and hand them to the sink. */
void ys_flush(ys_ctx *c);

/* A string in the sink's arena (scopes: they outlive the document). */
const char *ys_str(ys_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The text of a value: a scalar's decoded value (flags: quoted,
 * multiline, templated when it holds "{{"), or for a collection whose
 * source holds "{{" (a template YAML read as a flow mapping) its source
 * text, flagged templated. false for any other collection or NULL. */
bool ys_text(ys_ctx *c, const es_ynode *v, const char **s, size_t *n, uint32_t *flags);

/* Pair i of a mapping of names to values (env:, data:, environment:):
 * its key, and the value's text as ys_text gives it (s = NULL for a null
 * value). false, after an `unexpected-shape` warning naming `scope`,
 * when the key is not a scalar or the value has no text. */
typedef struct ys_kv {
    const es_ynode *k;
    const char *s;
    size_t n;
    uint32_t fl;
} ys_kv;
bool ys_pair(ys_ctx *c, const es_ynode *map, size_t i, const char *scope, ys_kv *kv);

/* The document's root mapping; NULL for an empty document, and NULL
 * after an `unexpected-shape` warning ("a <what> is a mapping") for a
 * root of another kind. */
const es_ynode *ys_root_map(ys_ctx *c, const char *what);

/* A warning that a node does not have the shape envscan reads. */
void ys_shape(ys_ctx *c, const es_ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Sort ranges by start; then find the one holding byte `pos` (the last
 * starting at or before it, if it also ends after it), or NULL. */
void ys_ranges_sort(ys_range *r, size_t n);
const char *ys_range_find(const ys_range *r, size_t n, size_t pos);

/* Scalar text as a NUL-terminated string (the value already is one). */
static inline const char *ys_s(const es_ynode *n)
{
    return n && n->kind == ES_YN_SCALAR ? n->s : NULL;
}

void ys_compose(ys_ctx *c);
void ys_kubernetes(ys_ctx *c);
void ys_actions(ys_ctx *c);
/* Generic configuration (yaml_config.c): every scalar leaf of the
 * document as a config record; and whether a file's name makes it one. */
void ys_config(ys_ctx *c);
bool ys_config_name(const char *path);
/* Does the document look like a Kubernetes object (apiVersion + kind)? */
bool ys_is_kubernetes(const es_yaml_doc *d);

#endif /* ES_YAML_FMT_H */
