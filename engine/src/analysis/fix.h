/*
 * fix.h — rewriting .env files: the fixer of lint findings (fix.c), the
 * template sync (sync.c), and what both share: the key->value map a
 * rewrite must keep, unified diffs (diff.c) and atomic writes (fsio.c).
 * docs/lint.md ("Fixing") and docs/sync.md say what they do for users.
 */
#ifndef ES_FIX_H
#define ES_FIX_H

#include <sys/stat.h>

#include "../internal.h"
#include "lint.h"

/* Byte strings are formats/lines.h's es_buf; these add text and a NUL
 * after it (not counted in len; what is handed out is a C string). */
void es_buf_add(es_buf *b, const void *p, size_t n);
void es_buf_str(es_buf *b, const char *s);
void es_buf_free(es_buf *b);

/* ------------------------------------------------------------ the map */

/* One key as a file defines it in the end: its last definition. */
typedef struct es_fix_def {
    const char *key, *value; /* value NULL: defined without one (python) */
    size_t key_len, value_len;
    uint32_t line;           /* of that definition                        */
    size_t ord;              /* place among the last definitions          */
} es_fix_def;

typedef struct es_fix_map {
    es_arena arena;
    es_vec recs, diags; /* what the parse made                        */
    es_vec defs;        /* es_fix_def, in the order of last definitions */
} es_fix_map;

/* Read text s[0, n) with options o into m; with `stmts` non-NULL, also
 * collect its statements and o->lint's edits there (lint.h; without,
 * the lint is off). Returns
 * ENVSCAN_OK or an error; free m with es_fix_map_free either way. */
int es_fix_map_read(es_fix_map *m, const es_parse_opts *o, es_parse_ws *ws, const uint8_t *s,
                    size_t n, es_lint_fix *stmts);
void es_fix_map_free(es_fix_map *m);

/* The first definition on which a and b differ (a key missing from one
 * side, another value, or another place in the order of last definitions
 * unless any_order); NULL when they agree. *in_a tells whose it is. */
const es_fix_def *es_fix_map_diff(const es_fix_map *a, const es_fix_map *b, bool any_order,
                                  bool *in_a);

/* The safety net of every rewrite: read text a and text b in the same
 * dialect and expansion (o) and compare their maps. Returns 0 when they
 * agree, 1 when they differ (key[] gets the first key that differs,
 * cut to fit, and *line where a defines it, 0 if a does not), or an
 * error. */
int es_fix_check(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *a, size_t na,
                 const uint8_t *b, size_t nb, bool any_order, char *key, size_t key_cap,
                 uint32_t *line);

/* ------------------------------------------------------------ the fixer */

/* What a fix did: findings fixed per rule (ES_LINT_* bits, then
 * ES_FIX_DUPLICATE), and whether definitions were reordered. */
typedef struct es_fix_stats {
    size_t fixed[ES_FIX_DUPLICATE + 1];
    bool reordered;
} es_fix_stats;

/* Fix s[0, n) as o reads it (o->lint: the rules to fix) into out, in
 * rounds until no fix is left (at most a few). Does not run the safety
 * net (the caller does, on the whole result). ENVSCAN_E_UNSUPPORTED (and
 * *why) for text with mixed line ends or invalid UTF-8. */
int es_fix_text(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *s, size_t n,
                es_buf *out, es_fix_stats *st, const char **why);

/* Is s[0, n) valid UTF-8? (Else a parser reads another text than the
 * file's bytes, and positions do not index the file.) */
bool es_utf8_valid(const uint8_t *s, size_t n);

/* "trailing-whitespace 2, duplicate-key 1" into out. */
void es_fix_describe(const es_fix_stats *st, es_buf *out);

/* ------------------------------------------------------------ diffs */

/* Append the unified diff of a -> b, both named `path`, to out (nothing
 * when they are equal). Lines are compared whole, line end included. */
void es_udiff(const char *path, const uint8_t *a, size_t na, const uint8_t *b, size_t nb,
              es_buf *out);

/* ------------------------------------------------------------ files */

/* What was read, to tell at write time whether someone else wrote since. */
typedef struct es_file_snap {
    struct stat st;
    bool exists;
} es_file_snap;

/* Read the regular file `path` whole (NUL-terminated) into *data
 * (malloc'ed). A symbolic link is refused unless allow_link. Errors:
 * ENVSCAN_E_IO with a message in err and the errno in *sys_errno. */
int es_file_load(const char *path, bool allow_link, es_file_snap *snap, uint8_t **data,
                 size_t *len, char *err, size_t cap, int *sys_errno);

/* Replace `path` with data atomically (see envscan.h, section 8). snap:
 * what es_file_load saw, or !exists for a file to create. Errors as for
 * es_file_load; the file is untouched then. */
int es_file_store(const char *path, const es_file_snap *snap, const void *data, size_t len,
                  char *err, size_t cap, int *sys_errno);

#endif
