/*
 * yaml_doc.h — a bounded YAML loader over libyaml's event parser.
 *
 * es_yaml_load() reads a YAML stream and hands each document, as a small
 * tree of es_ynode, to a callback. Aliases point at the anchored node
 * (shared, never copied), `<<` merge keys are resolved into the mapping
 * that holds them, and every node knows its line, byte column and byte
 * span in the file. The tree of a document lives in an arena that dies
 * when the callback returns.
 *
 * Hard bounds, each reported as a `yaml-limit` diagnostic (path, line,
 * reason) after which the document is skipped and the next one read:
 *   ES_YAML_MAX_DEPTH   nesting of collections
 *   ES_YAML_MAX_NODES   nodes of a document once aliases are expanded: the
 *                       "billion laughs" shape is refused as soon as the
 *                       count passes the bound, in time linear in the
 *                       bytes read (nothing is expanded to count it)
 *   ES_YAML_MAX_DOC     characters spanned by one document
 * An undefined alias is a `yaml-alias` error (the document is skipped, as
 * a YAML loader refuses it). A syntax error stops the stream: it is
 * returned to the caller (which knows whether the file is a template)
 * with libyaml's line, column and problem.
 */
#ifndef ES_YAML_DOC_H
#define ES_YAML_DOC_H

#include "../internal.h"

#define ES_YAML_MAX_DEPTH 256
#define ES_YAML_MAX_NODES 1000000u
#define ES_YAML_MAX_DOC ((size_t)64 << 20)

typedef enum es_ykind { ES_YN_SCALAR = 1, ES_YN_MAP = 2, ES_YN_SEQ = 3 } es_ykind;

typedef enum es_ystyle {
    ES_YS_PLAIN = 0,
    ES_YS_SINGLE = 1, /* 'quoted'  */
    ES_YS_DOUBLE = 2, /* "quoted"  */
    ES_YS_LITERAL = 3, /* |        */
    ES_YS_FOLDED = 4,  /* >        */
    ES_YS_FLOW = 5     /* a [..] or {..} collection */
} es_ystyle;

typedef struct es_ynode es_ynode;
struct es_ynode {
    uint8_t kind;    /* es_ykind */
    uint8_t style;   /* es_ystyle */
    uint8_t is_key;  /* a scalar written as a mapping key */
    uint32_t line;   /* 1-based line of the node's first character */
    uint32_t col;    /* 1-based byte column of it */
    size_t start, end; /* byte span in the file (anchor and tag included) */
    const char *tag; /* explicit tag, resolved ("tag:yaml.org,2002:str"),
                        or NULL */
    const char *s;   /* scalar: decoded value, NUL-terminated */
    size_t len;      /* scalar: bytes of s; collections: item count */
    es_ynode **items; /* map: key, value, key, value...; seq: items */
    uint64_t weight; /* nodes below and including this one, aliases
                        expanded (saturates past ES_YAML_MAX_NODES) */
};

typedef struct es_yaml_doc {
    const uint8_t *src;  /* the whole file */
    size_t src_len;
    unsigned index;      /* 1-based document number in the stream */
    uint32_t line;       /* line where the document starts */
    es_ynode *root;      /* NULL for an empty document */
    es_ynode **scalars;  /* every scalar written in the document, in
                            source order, each once (aliases not repeated) */
    size_t n_scalars;
    es_arena *arena;     /* the document's arena, for the callback's own
                            temporary strings */
} es_yaml_doc;

/* Return 0 to go on, non-zero to stop reading (e.g. out of memory). */
typedef int (*es_yaml_doc_fn)(void *ctx, const es_yaml_doc *doc);

typedef struct es_yaml_error {
    bool failed;      /* a syntax (or reader) error stopped the stream */
    uint32_t line, col; /* where (1-based; byte column) */
    char problem[160]; /* libyaml's problem and context, one line */
    unsigned docs_done; /* documents handed to the callback before it */
} es_yaml_error;

/* Read the stream `data`, calling fn for every complete document. Bound
 * violations become diagnostics on `sink` (its file and arena). Returns
 * ENVSCAN_OK, ENVSCAN_E_NOMEM, or ENVSCAN_E_CANCELLED when fn stopped.
 * A syntax error is not an error return: it is described in *err. */
int es_yaml_load(const uint8_t *data, size_t len, es_sink *sink, es_yaml_doc_fn fn,
                 void *ctx, es_yaml_error *err);

/* ----------------------------------------------------------- node helpers */

/* The value of the last pair of `map` whose key is the scalar `key`
 * (YAML loaders keep the last of duplicate keys), or NULL. */
es_ynode *es_yaml_get(const es_ynode *map, const char *key);
/* Same, and only if the value has kind `kind`. */
es_ynode *es_yaml_get_kind(const es_ynode *map, const char *key, es_ykind kind);

/* A plain, untagged scalar spelled as YAML's null (empty, ~, null, Null,
 * NULL), or a scalar tagged !!null. NULL counts as null too. */
bool es_yaml_is_null(const es_ynode *n);

/* Is n a scalar equal to the NUL-terminated string s? */
bool es_yaml_eq(const es_ynode *n, const char *s);

/* Map an offset inside a scalar's decoded value to a line and byte column
 * in the file, by matching the k-th occurrence of the byte `mark` (which
 * must be s[off]) in the decoded value with the k-th in the source span.
 * Exact for plain and single-quoted scalars and for block scalars; when an
 * escape or a comment changes the count, the position of the scalar's
 * first character is returned instead. */
void es_yaml_pos(const es_yaml_doc *d, const es_ynode *n, size_t off, uint32_t *line,
                 uint32_t *col);

#endif /* ES_YAML_DOC_H */
