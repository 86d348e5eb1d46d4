/*
 * config.h — what the structured config formats (ini.c, properties.c)
 * share: a value built from pieces of the file that remembers where each
 * byte came from, and the scan of placeholders inside a value, which
 * become ENVSCAN_KIND_REFERENCE records. Internal; docs/config.md.
 */
#ifndef ES_CONFIG_H
#define ES_CONFIG_H

#include "lines.h"

/* A value being built: bytes plus, for each byte, its offset in the file
 * (so a reference inside a decoded or joined value has a true position). */
typedef struct es_cval {
    es_buf b;
    size_t *src;
    size_t src_cap;
} es_cval;

/* The bytes live in a buffer borrowed from *data / *cap (e.g. the parse
 * workspace's val buffer) and handed back, grown, by es_cval_done. */
void es_cval_init(es_cval *v, char **data, size_t *cap);
void es_cval_done(es_cval *v, char **data, size_t *cap);
static inline void es_cval_reset(es_cval *v) { v->b.len = 0; }
/* Append byte c that was read at file offset src. */
void es_cval_putc(es_cval *v, uint8_t c, size_t src);
/* Append bytes (e.g. UTF-8 of an escape) all placed at file offset src. */
void es_cval_put(es_cval *v, const void *p, size_t n, size_t src);
static inline bool es_cval_oom(const es_cval *v) { return v->b.oom; }

/* A \uXXXX escape at t[at] (its backslash; t ends at n), as Java and
 * JSON read it: a high surrogate followed by a \uXXXX low surrogate is
 * one character; a lone surrogate becomes U+FFFD. Appends the UTF-8 to v,
 * placed at file offset src. Returns the bytes used (6 or 12), or 0 when
 * four hex digits do not follow (nothing is appended). */
size_t es_config_u_escape(const uint8_t *t, size_t n, size_t at, es_cval *v, size_t src);

/* Which placeholders a format knows. */
enum {
    ES_REF_BRACE = 1,   /* ${NAME}, ${NAME:-default}, ${NAME:default}, ...  */
    ES_REF_SECTION = 2, /* "${" as configparser's ExtendedInterpolation
                           reads it: ${[^}]+}; ${a} is a, ${s:a} is
                           "s.a"; replaces ES_REF_BRACE                  */
    ES_REF_PERCENT = 4, /* %(NAME)s (configparser); %% is a literal '%'     */
    ES_REF_DOLLAR = 8,  /* $NAME                                          */
    ES_REF_DOTTED = 16  /* a name may hold '.' and '-' (Spring keys)       */
};

/* Called for each placeholder found: its offset in the text and the name
 * it reads (valid during the call only). Return false to stop. */
typedef bool (*es_ref_fn)(void *ctx, size_t at, const char *key, size_t klen);
/* Find the placeholders of `how` in s[0, n), in order. */
void es_config_scan(const uint8_t *s, size_t n, unsigned how, es_ref_fn fn, void *ctx);
/* Record flags for the placeholder es_config_scan() found at s[at] with a
 * name of klen bytes: ENVSCAN_RECORD_DEFAULTED for `${NAME:default}`,
 * `${NAME:-default}` and the like (a configparser `${section:option}`
 * has its ':' inside the name, so it is not a default). */
uint32_t es_config_ref_flags(const uint8_t *s, size_t n, size_t at, size_t klen);

/* Emit a reference record for every placeholder of `how` in v, at the
 * file position of its first byte ('$' or '%'); lc maps offsets. */
void es_config_refs(es_sink *out, es_lc *lc, const es_cval *v, unsigned how);

/* A config record for the leaf at file offset `at`, key path[0, plen),
 * value v[0, vl). When `str` is given the value is that decoded string:
 * the record is flagged quoted (and multiline when it holds a newline)
 * and its placeholders of `how` become references. */
void es_config_leaf(es_sink *out, es_lc *lc, size_t at, const char *path, size_t plen,
                    const char *v, size_t vl, const es_cval *str, unsigned how);

/* An array item's path: path cut to `base`, then "[idx]". */
void es_config_path_index(es_buf *path, size_t base, size_t idx);

/* The error that stops reading a file (JSON, TOML): a diagnostic of
 * `code` at file offset `at` (the end of the file at most) whose message
 * is the formatted text followed by "; the rest of the file is not read". */
void es_config_stop(es_sink *out, es_lc *lc, size_t at, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif /* ES_CONFIG_H */
