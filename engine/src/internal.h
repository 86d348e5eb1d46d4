/*
 * internal.h — shared internals of the engine: arenas, growable vectors,
 * the error macros, and the in-memory shape of scanners and results.
 * Nothing here is part of the API (see envscan.h).
 */
#ifndef ES_INTERNAL_H
#define ES_INTERNAL_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "envscan.h"
#include "es_kernels.h"

/* ------------------------------------------------------------ error macros */

/* Keep error paths one line long (zstd's habit). */
#define RETURN_IF(cond, code)                                                \
    do {                                                                     \
        if (cond)                                                            \
            return (code);                                                   \
    } while (0)
#define FORWARD_IF_ERROR(expr)                                               \
    do {                                                                     \
        int es_rc_ = (expr);                                                 \
        if (es_rc_ < 0)                                                      \
            return es_rc_;                                                   \
    } while (0)

/* ------------------------------------------------------------------ arena */

/* A bump allocator: many small allocations, one free. Records, keys and
 * values of a result live in arenas, so no record costs a malloc. */
typedef struct es_arena_block es_arena_block;
typedef struct es_arena {
    es_arena_block *head;
    char *base;   /* data of the current block */
    size_t used, cap;
    size_t total; /* bytes handed out, for statistics */
} es_arena;

void es_arena_init(es_arena *a);
void es_arena_free(es_arena *a);
void *es_arena_alloc_slow(es_arena *a, size_t n); /* starts a new block */

/* n bytes, 8-byte aligned; NULL on OOM. The bump is inline: it runs for
 * every record. */
static inline void *es_arena_alloc(es_arena *a, size_t n)
{
    n = n ? (n + 7) & ~(size_t)7 : 8;
    size_t at = (a->used + 7) & ~(size_t)7; /* after es_arena_alloc_chars */
    if (at > a->cap || a->cap - at < n)
        return es_arena_alloc_slow(a, n);
    a->used = at + n;
    a->total += n;
    return a->base + at;
}

/* n bytes for characters (no alignment, so strings pack tightly), with
 * `slack` more writable bytes after them that stay free: a caller may copy
 * in fixed-size pieces that overshoot n by up to `slack`. NULL on OOM. */
static inline char *es_arena_alloc_chars(es_arena *a, size_t n, size_t slack)
{
    if (a->cap - a->used < n + slack) {
        char *p = es_arena_alloc_slow(a, n + slack);
        if (p) {
            a->used -= slack;
            a->total -= slack;
        }
        return p;
    }
    char *p = a->base + a->used;
    a->used += n;
    a->total += n;
    return p;
}
/* Copy n bytes and add a NUL; NULL on OOM. */
char *es_arena_strndup(es_arena *a, const void *s, size_t n);
char *es_arena_printf(es_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A point to roll an arena back to: es_arena_release() frees what was
 * allocated after es_arena_mark_get() (nothing may be adopted between). */
typedef struct es_arena_mark {
    es_arena_block *head;
    size_t used, total;
} es_arena_mark;
static inline es_arena_mark es_arena_mark_get(const es_arena *a)
{
    return (es_arena_mark){a->head, a->used, a->total};
}
void es_arena_release(es_arena *a, es_arena_mark m);
/* Move every block of `from` into `into` (from is left empty). */
void es_arena_adopt(es_arena *into, es_arena *from);

/* ------------------------------------------------------------ big buffers */

/* Buffers of 2 MiB and more are mapped and marked for transparent huge
 * pages: a scan that materialises millions of records otherwise spends a
 * third of its time in first-touch page faults. Smaller ones use malloc.
 * The size must be passed back, as it decides which allocator owns it. */
void *es_big_alloc(size_t n);
void *es_big_realloc(void *p, size_t old, size_t n);
void es_big_free(void *p, size_t n);

/* ----------------------------------------------------------------- vectors */

/* A growable array of fixed-size items. */
typedef struct es_vec {
    void *data;
    size_t len, cap, item;
} es_vec;

void es_vec_init(es_vec *v, size_t item);
void es_vec_free(es_vec *v);
void *es_vec_push(es_vec *v); /* zeroed slot, or NULL on OOM */
bool es_vec_reserve(es_vec *v, size_t cap);
#define ES_VEC_AT(v, T, i) (((T *)(v)->data)[i])

/* -------------------------------------------------------------- sink/parse */

/* A link as a parser writes it (envscan_link, plus what resolution
 * needs and the public struct does not say). */
typedef struct es_link {
    envscan_link pub;
    const char *ns;  /* Kubernetes: the workload's metadata.namespace, or
                        NULL when not written                            */
    uint16_t format; /* of the file that holds the link                 */
} es_link;

/* A Kubernetes object that links can name (a ConfigMap or a Secret). */
typedef struct es_object {
    const char *file;
    uint32_t line;
    const char *kind, *name, *ns; /* ns NULL when not written */
    const char **keys;            /* of data, binaryData, stringData */
    size_t n_keys;
} es_object;

/* Where a parser puts what it finds about one file. Strings passed to
 * es_sink_* are copied into the sink's arena. */
typedef struct es_sink {
    es_arena *arena;
    es_vec *records;     /* envscan_record, file/format filled by sink */
    es_vec *diags;       /* envscan_diagnostic                          */
    const char *file;    /* already in the arena                        */
    envscan_format format; /* of the records to come (a parser may switch
                              it, e.g. YAML -> compose)                   */
    const char *scope;   /* of the records to come: NULL, or a string the
                            parser keeps alive (in the arena)           */
    bool oom;
    /* records appended through es_sink_record/es_sink_line_record, and
     * how many of them were references and usages: when they account for
     * every record of the file, its statistics need no pass over the
     * records */
    size_t n_records, n_refs, n_uses;
    /* es_link and es_object; NULL where nobody keeps them (es_sink_link
     * and es_sink_object then do nothing) */
    es_vec *links;
    es_vec *objects;
} es_sink;

/* Append a record; key and value are copied into one arena allocation
 * ("key\0value\0"). Inline: it runs once per variable. */
static inline envscan_record *es_sink_record(es_sink *s, envscan_kind kind, const char *key,
                                             size_t key_len, const char *value,
                                             size_t value_len, uint32_t line,
                                             uint32_t column, uint32_t flags)
{
    es_vec *v = s->records;
    if (v->len == v->cap && !es_vec_reserve(v, v->cap ? v->cap * 2 : 16)) {
        s->oom = true;
        return NULL;
    }
    char *k = es_arena_alloc(s->arena, key_len + 1 + (value ? value_len + 1 : 0));
    if (!k) {
        s->oom = true;
        return NULL;
    }
    memcpy(k, key, key_len);
    k[key_len] = '\0';
    char *val = NULL;
    if (value) {
        val = k + key_len + 1;
        memcpy(val, value, value_len);
        val[value_len] = '\0';
    }
    envscan_record *r = (envscan_record *)v->data + v->len++;
    s->n_records++;
    s->n_refs += kind == ENVSCAN_KIND_REFERENCE;
    s->n_uses += kind == ENVSCAN_KIND_USAGE;
    *r = (envscan_record){.key = k, .key_len = key_len, .value = val,
                          .value_len = value ? value_len : 0, .file = s->file,
                          .scope = s->scope, .line = line, .column = column,
                          .format = (uint16_t)s->format, .kind = (uint16_t)kind,
                          .flags = flags};
    return r;
}
/* Append a definition read from one line: its key is line[0, key_len)
 * and its value line[val_at, val_at + val_len), with val_at > key_len.
 * Both are copied into the arena in one piece, line[0, val_at + val_len),
 * and NUL-terminated in place (the byte after the key is never part of
 * the value). `readable` is how many bytes at `line` may be read: when
 * it and the arena allow, a short line is copied with one fixed-size
 * move instead of a call to memcpy. Inline: it runs once per variable. */
static inline envscan_record *es_sink_line_record(es_sink *s, const char *line, size_t key_len,
                                                  size_t val_at, size_t val_len,
                                                  size_t readable, uint32_t lineno,
                                                  uint32_t column)
{
    enum { SHORT = 64 };
    es_vec *v = s->records;
    if (v->len == v->cap && !es_vec_reserve(v, v->cap ? v->cap * 2 : 16)) {
        s->oom = true;
        return NULL;
    }
    const size_t n = val_at + val_len;
    char *k = es_arena_alloc_chars(s->arena, n + 1, SHORT);
    if (!k) {
        s->oom = true;
        return NULL;
    }
    if (n <= SHORT && readable >= SHORT)
        memcpy(k, line, SHORT);
    else
        memcpy(k, line, n);
    k[key_len] = '\0';
    k[n] = '\0';
    envscan_record *r = (envscan_record *)v->data + v->len++;
    s->n_records++;
    *r = (envscan_record){.key = k, .key_len = key_len, .value = k + val_at,
                          .value_len = val_len, .file = s->file, .scope = s->scope,
                          .line = lineno, .column = column, .format = (uint16_t)s->format,
                          .kind = (uint16_t)ENVSCAN_KIND_DEFINITION, .flags = 0};
    return r;
}

void es_sink_diag(es_sink *s, envscan_severity sev, const char *code,
                  uint32_t line, uint32_t column, int sys_errno,
                  const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* The same, about one variable: the key is copied into the arena. */
void es_sink_diag_key(es_sink *s, envscan_severity sev, const char *code,
                      const char *key, size_t key_len, uint32_t line,
                      uint32_t column, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

/* Append a link; pub.file is the sink's, target/prefix/key/ns are
 * copied (pub.scope must already live in the arena). */
void es_sink_link(es_sink *s, const es_link *l);
/* Append an object declaration; kind/name/ns and the keys are copied. */
void es_sink_object(es_sink *s, const char *kind, const char *name, const char *ns,
                    uint32_t line, const char *const *keys, size_t n_keys);

/* Options a parser needs. */
typedef struct es_parse_opts {
    const es_kernels *kernels;
    envscan_dialect dialect;
    bool expand;
    uint32_t lint; /* dotenv lint rules on (analysis/lint.h bits); 0: none */
    struct es_lint_fix *fix; /* dotenv: collect --fix edits (analysis/fix.c) */
    bool secrets;     /* detect secrets in definitions (secrets/secrets.h) */
    uint64_t fp_seed; /* of the redacted forms in secret-* messages      */
    const struct es_secret_policy *secpol; /* rules off, custom rules,
                            allowlists (secrets/secrets.h); NULL: none  */
    /* envscan_cancel()'s flag during a scan, else NULL. Parsers of big
     * inputs look at it now and then (the dotenv parser: once per window
     * of its stage-1 index) and return ENVSCAN_E_CANCELLED when set. */
    const atomic_int *cancel;
} es_parse_opts;

/* Whether a parse was asked to stop (es_parse_opts.cancel). */
static inline bool es_parse_cancelled(const es_parse_opts *o)
{
    return o->cancel && atomic_load_explicit(o->cancel, memory_order_relaxed);
}

/* What the engine outside the dotenv grammar needs to know about a .env
 * dialect (the rest of its row is in formats/dotenv.c). */
typedef struct es_dialect_info {
    envscan_dialect id;
    const char *reference; /* the implementation it agrees with          */
    bool expand_default;   /* interpolation is on unless turned off      */
    bool js_key_order;     /* a key->value map lists keys in JavaScript's
                              own-key order (else: first definition)     */
    bool proto_dropped;    /* "__proto__" is not a key                   */
} es_dialect_info;

/* NULL for a dialect that is not implemented. */
const es_dialect_info *es_dotenv_dialect(envscan_dialect d);

/* A reusable per-thread parser workspace (buffers that grow and stay). */
/* Per worker: time spent in each stage of a scan (ns), and a histogram
 * of the per-file times (ES_LAT_BUCKETS log-linear buckets: values below
 * 16 ns exactly, then 16 steps per power of two). Summed over the
 * workers at the end of the scan (api.c). */
enum { ES_LAT_BUCKETS = 61 * 16 };
typedef struct es_stage_clock {
    uint64_t read_ns, parse_ns, secrets_ns;
    uint64_t found_ns; /* inside the walk's on_entry (reading during the walk) */
    uint32_t lat[ES_LAT_BUCKETS];
} es_stage_clock;

static inline unsigned es_lat_bucket(uint64_t ns)
{
    if (ns < 16)
        return (unsigned)ns;
    unsigned e = 63u - (unsigned)__builtin_clzll(ns); /* 4..63 */
    return (e - 3u) * 16u + (unsigned)((ns >> (e - 4u)) & 15u);
}

/* The middle of bucket b's range, in ns. */
static inline uint64_t es_lat_value(unsigned b)
{
    if (b < 16)
        return b;
    unsigned e = b / 16u + 3u, sub = b % 16u;
    uint64_t lo = (16ull + sub) << (e - 4u), width = 1ull << (e - 4u);
    return lo + width / 2;
}

typedef struct es_parse_ws {
    uint8_t *tmp;   /* normalised copy of the input */
    size_t tmp_cap;
    char *val;      /* value being built            */
    size_t val_cap;
    /* the key hash of every definition of the current file, appended in
     * record order (the record index is the position) */
    uint32_t *hashes;
    size_t n_hashes, hashes_cap;
    /* (hash, record index) pairs: sorted at the end of the file, from
     * `hashes`, when the file's keys must be looked up (kh_len is then
     * n_hashes, else 0); kh_tmp is the sort's scratch */
    struct es_keyhash *kh, *kh_tmp;
    size_t kh_len, kh_cap, kh_tmp_cap;
    void *hs_scratch; /* Vectorscan scratch of the secrets scan, or NULL */
    uint64_t sec_scratch_for[4]; /* the formats' databases it is sized for */
    /* the secrets prefilter's batch (secrets.c): keys and values laid
     * end to end, where each record starts, and the (record, rule) pairs
     * its keywords name */
    char *sec_buf;
    size_t sec_cap;
    uint32_t *sec_off, *sec_val, *sec_rec;
    size_t sec_n_cap;
    uint32_t *sec_pairs;
    size_t sec_n_pairs, sec_pairs_cap;
    uint64_t sec_custom_gen; /* the policy (its gen) the scratch also fits */
    es_stage_clock clock;    /* where this worker's time went in the scan */
} es_parse_ws;

/* 8 bytes per definition: the sort moves half the memory a pair of
 * 64-bit fields would, and 32 bits of hash are plenty to group keys
 * (equal hashes are always confirmed by comparing the keys). */
typedef struct es_keyhash {
    uint32_t hash; /* top 32 bits of the key's XXH3 */
    uint32_t rec;  /* index among the file's records */
} es_keyhash;

void es_parse_ws_free(es_parse_ws *ws);
/* Keep small buffers for the next scan, release big ones (a scanner that
 * once read a huge file should not hold its scratch memory forever). */
void es_parse_ws_trim(es_parse_ws *ws);

/* The format registry: one entry per format (engine/src/formats/). */
typedef int (*es_parse_fn)(const es_parse_opts *o, es_parse_ws *ws,
                           const uint8_t *data, size_t len, es_sink *out);
typedef struct es_format_def {
    envscan_format id;
    const char *name;
    es_parse_fn parse;
} es_format_def;

const es_format_def *es_format_get(envscan_format id);
/* ES_CLASS_BIT()s of the implemented formats other than dotenv: the files
 * the walk collects besides env files. */
uint64_t es_format_classes(void);
const es_format_def *es_format_by_name(const char *name);

int es_dotenv_parse(const es_parse_opts *o, es_parse_ws *ws,
                    const uint8_t *data, size_t len, es_sink *out);
/* The YAML family (formats/yaml.c): compose files, Kubernetes objects,
 * Actions workflows, and any YAML file (which decides per document). */
int es_compose_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data,
                     size_t len, es_sink *out);
int es_kubernetes_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data,
                        size_t len, es_sink *out);
int es_actions_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data,
                     size_t len, es_sink *out);
int es_yaml_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data,
                  size_t len, es_sink *out);

/* Usages of variables in source code, one parser per language family
 * (engine/src/usage/, docs/usage.md). */
int es_usage_parse_javascript(const es_parse_opts *, es_parse_ws *, const uint8_t *, size_t, es_sink *);
int es_usage_parse_python(const es_parse_opts *, es_parse_ws *, const uint8_t *, size_t, es_sink *);
int es_usage_parse_go(const es_parse_opts *, es_parse_ws *, const uint8_t *, size_t, es_sink *);
int es_usage_parse_jvm(const es_parse_opts *, es_parse_ws *, const uint8_t *, size_t, es_sink *);
int es_usage_parse_csharp(const es_parse_opts *, es_parse_ws *, const uint8_t *, size_t, es_sink *);
int es_usage_parse_ruby(const es_parse_opts *, es_parse_ws *, const uint8_t *, size_t, es_sink *);
int es_usage_parse_php(const es_parse_opts *, es_parse_ws *, const uint8_t *, size_t, es_sink *);
int es_usage_parse_rust(const es_parse_opts *, es_parse_ws *, const uint8_t *, size_t, es_sink *);
int es_usage_parse_c(const es_parse_opts *, es_parse_ws *, const uint8_t *, size_t, es_sink *);

/* Structured config (formats/ini.c, properties.c, json.c, toml.c; docs/config.md). */
int es_ini_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data, size_t len,
                 es_sink *out);
int es_properties_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data,
                        size_t len, es_sink *out);
int es_json_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data, size_t len,
                  es_sink *out);
int es_toml_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data, size_t len,
                  es_sink *out);

int es_shell_parse(const es_parse_opts *o, es_parse_ws *ws,
                   const uint8_t *data, size_t len, es_sink *out);
int es_dockerfile_parse(const es_parse_opts *o, es_parse_ws *ws,
                        const uint8_t *data, size_t len, es_sink *out);
int es_systemd_parse(const es_parse_opts *o, es_parse_ws *ws,
                     const uint8_t *data, size_t len, es_sink *out);

/* ----------------------------------------------------------------- results */

struct envscan_result {
    es_arena arena;
    envscan_file *files;
    size_t n_files;
    envscan_record *records;
    size_t n_records;
    envscan_diagnostic *diags;
    size_t n_diags;
    uint64_t stats[48]; /* indexed by envscan_stat */
    envscan_dialect dialect; /* of the .env files in it */
    void *owned;        /* records taken over from a file's vector */
    size_t owned_bytes;
    envscan_link *links;
    size_t n_links;
    size_t n_link_diags; /* the last n_link_diags of diags are about links */
    size_t *link_diag;   /* per link: index of its diagnostic, or SIZE_MAX */
    /* diags[first_finding, first_finding + n_findings) are the cross-file
     * findings (analysis/analysis.c), between the others and the links' */
    size_t first_finding, n_findings;
    uint64_t fp_seed; /* of its fingerprints (analysis/fingerprint.h) */
    bool baselined;   /* a baseline took diagnostics out (report/baseline.h) */
    /* the scanner's own rules (the config's custom secret rules), copied
     * into the arena, so reports can describe them as the table's rows */
    struct es_rule *own_rules;
    size_t n_own_rules;
};

/* Build a result from per-file pieces, in the order given. */
typedef struct es_file_out {
    envscan_file file;
    es_vec records;   /* envscan_record */
    es_vec diags;     /* envscan_diagnostic */
    bool counted;     /* n_refs is known (every record came through the sink) */
    size_t n_refs;    /* references among the records, when counted */
    size_t n_uses;    /* usages among the records, when counted     */
    es_vec links;     /* es_link    */
    es_vec objects;   /* es_object  */
} es_file_out;

/* ------------------------------------------------------------------ links */

/* Links and objects of a whole scan, copied out of the files' outputs
 * (link.c). Resolution runs over it once every file is read, so
 * it works the same whether the files were kept or streamed. */
typedef struct es_link_set {
    es_arena arena;
    es_vec links;   /* es_link, in file order then position */
    es_vec objects; /* es_object, in file order then position */
    /* the roots' names as the walk joins them ("" for ".") and real paths;
     * a root that is a file counts as its directory */
    char **root_name, **root_real;
    size_t n_roots;
} es_link_set;

int es_link_set_init(es_link_set *ls, const char *const *roots, size_t n);
void es_link_set_free(es_link_set *ls);
/* Copy a file's links (sorted by position) and objects into the set. */
int es_link_harvest(es_link_set *ls, const es_file_out *fo);

/* Where an env_file target is, for the walk list `paths` (sorted
 * bytewise, n of them). */
typedef enum es_target {
    ES_TARGET_WALKED = 0,   /* *index = its entry                          */
    ES_TARGET_UNWALKED = 1, /* a regular file inside the roots, not walked */
    ES_TARGET_MISSING = 2,  /* no such file                                */
    ES_TARGET_NOT_FILE = 3, /* a directory or special file                 */
    ES_TARGET_OUTSIDE = 4,  /* outside every scanned root                  */
    ES_TARGET_NONE = 5      /* not a path to look up (see es_link_lookup)  */
} es_target;
/* The file an env_file link of a `format` file (compose, systemd) names:
 * compose's path relative to the compose file's folder, cleaned
 * lexically; systemd's absolute path looked up with the
 * scanned root of the unit taken as the filesystem's root (a scanned
 * image or rootfs holds /etc/default/app at ROOT/etc/default/app).
 * ES_TARGET_NONE for a path that depends on where the program runs
 * ($ interpolation in compose; a systemd specifier or relative path).
 * *name (malloc'd, also on MISSING/NOT_FILE) is the target's path as the
 * walk names paths. Returns -ENOMEM, or an es_target. */
int es_link_lookup(const es_link_set *ls, envscan_format format, const char *from,
                   const char *target, const char *const *paths, size_t n, char **name,
                   size_t *index);

/* Resolve every link of the set against the scan's files (`paths`,
 * sorted bytewise; linked[i]: read because of a link) and objects; put
 * the links and one diagnostic per unresolved link into `res` (appended
 * to its diagnostics and counted). */
int es_link_resolve(es_link_set *ls, envscan_result *res, const char *const *paths,
                    const uint8_t *linked, size_t n);
/* A buffer scan: the file's links into `res` as written, unresolved. */
int es_link_keep(envscan_result *res, const es_file_out *fo);

/* Shared by reports: JSON string escaping as JSON.stringify does it. */
typedef struct es_out {
    envscan_write_fn write;
    void *ctx;
    char buf[8192];
    size_t len;
    int failed;
} es_out;

void es_out_bytes(es_out *o, const void *p, size_t n);
void es_out_str(es_out *o, const char *s);
/* v in decimal: what "%llu" writes, without a printf per number (the
 * reports write millions of them). */
void es_out_u64(es_out *o, uint64_t v);
void es_out_printf(es_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void es_out_json_string(es_out *o, const char *s, size_t n);
/* Standard base64 with padding, line breaks ignored (as Go's decoder does
 * for a Kubernetes Secret's data) into out (n * 3 / 4 bytes at most).
 * Returns the decoded length, or -1 for text that is not base64. */
long es_base64_decode(const char *s, size_t n, uint8_t *out);
/* A record's value as a JSON string (json) or as es_out_text_value does:
 * redacted (secrets/secrets.h) when the record is flagged
 * ENVSCAN_RECORD_SECRET, unless flags has ENVSCAN_REPORT_SHOW_SECRETS.
 * `seed` is the result's fingerprint seed. Every report prints values
 * through it. */
/* The cells of row k of a drift matrix that are not "none": their
 * columns, ascending, into col[] and the first letter of their state's
 * name (envscan_cell_name) into letter[] (each room for a row of all the
 * columns); returns how many. What envscan_matrix_cell says of them, in
 * one pass over the row's entries (analysis/matrix.c). */
size_t es_matrix_row_cells(const envscan_matrix *m, size_t k, uint32_t *col, char *letter);
void es_out_record_value(es_out *o, const envscan_record *r, uint64_t seed, unsigned flags,
                         bool json);
/* A value quoted on one line for people: control characters as escapes,
 * a long value cut with its length given. */
void es_out_text_value(es_out *o, const char *v, size_t n);
int es_out_flush(es_out *o);

uint64_t es_now_ns(void);

/* What the functions that edit files (analysis/fix.c, analysis/sync.c)
 * need of a scanner, whose struct is api.c's. */
es_parse_opts es_scanner_parse_opts(const envscan_scanner *sc);
/* The scanner's first parse workspace; NULL when out of memory. */
es_parse_ws *es_scanner_ws(envscan_scanner *sc);
/* Does a file of this base name hold dotenv (built-in or added names)? */
bool es_scanner_env_name(const envscan_scanner *sc, const char *base);
void es_scanner_clear_error(envscan_scanner *sc);
/* Set the last error (and its line, errno); returns code. */
int es_scanner_error(envscan_scanner *sc, int code, const char *path, uint32_t line,
                     int sys_errno, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Set what envscan_last_change() says (copied); ENVSCAN_E_NOMEM. */
int es_scanner_set_change(envscan_scanner *sc, const char *text);

/* Is the key a canonical JavaScript array index ("0" or [1-9][0-9]* below
 * 2^32 - 1)? JavaScript objects list such keys first, in numeric order,
 * which both the map report and --expand's key order must follow. */
bool es_js_array_index(const char *k, size_t n, uint64_t *v);

/* A key's place in JavaScript's own-key order: array-index keys first,
 * ascending, then the others by first definition. Put it first in a
 * struct and sort those structs with es_js_key_cmp. */
typedef struct es_js_key {
    bool is_index;
    uint64_t index; /* when is_index */
    size_t first;   /* position of the first definition */
} es_js_key;

/* Set k for a key first defined at position `first`. */
void es_js_key_init(es_js_key *k, const char *key, size_t len, size_t first);
/* qsort comparator over structs whose first member is an es_js_key. */
int es_js_key_cmp(const void *a, const void *b);

#endif /* ES_INTERNAL_H */
