/*
 * io_internal.h — what the files of io/ share with one another and with
 * nothing else: the compiled glob (ignore.c), the walk's fast paths into
 * classification and ignore matching, and reading relative to a
 * directory fd (read.c). Not part of es_io.h's contract.
 */
#ifndef ES_IO_INTERNAL_H
#define ES_IO_INTERNAL_H

#include "es_io.h"

/* ----------------------------------------------------------------- globs */

/* A glob with more tokens than this matches nothing (a token is one byte,
 * `?`, one `[...]` or one run of `*`); it would need a path of thousands
 * of bytes to match anyway. */
#define ES_GLOB_MAX_TOKENS 4096

typedef struct es_glob es_glob;

/* Compile `len` bytes of gitignore glob syntax: `*` and `?` never match
 * '/'; `[...]` with ranges, `!`/`^` negation, `[:class:]` and never '/';
 * `\` escapes the next byte; `**` with a slash (or the start) before it
 * and a slash after it matches any number of directories, and a final
 * `**` after a slash (or alone) matches everything below; elsewhere `**`
 * is a plain `*`. A malformed glob (unclosed `[`, unknown
 * `[:class:]`, trailing `\`) compiles to one that matches nothing, as in
 * git. Returns NULL only when out of memory. */
es_glob *es_glob_compile(const char *pat, size_t len);
void es_glob_free(es_glob *g);

/* 1 when the glob can never match anything. */
int es_glob_never(const es_glob *g);

/* 1 when `text` (`len` bytes) matches the whole glob. Thread-safe on a
 * shared glob: no state is written. */
int es_glob_match(const es_glob *g, const char *text, size_t len);

/* -------------------------------------------------------------- classify */

/* es_classify_name with precompiled extra globs and a known length. */
es_file_class es_classify_compiled(const char *base, size_t len,
                                   es_glob *const *globs, size_t nglobs);

/* ---------------------------------------------------------------- ignore */

/* es_ignore_matches without strlen and strrchr: `path` has `len` bytes and
 * its base name starts at `name_off`. */
es_ignore_match es_ignore_match_path(const es_ignore *ig, const char *path,
                                     size_t len, size_t name_off, int is_dir);

/* ------------------------------------------------------------------ read */

/* es_reader_read with `path` relative to `dirfd` (AT_FDCWD allowed) and,
 * when `nofollow`, O_NOFOLLOW: a symbolic link gives -ELOOP. */
int es_reader_read_at(es_reader *rd, int dirfd, const char *path,
                      uint64_t max_size, int nofollow, const uint8_t **data,
                      size_t *len);

#endif /* ES_IO_INTERNAL_H */
