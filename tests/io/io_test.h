/*
 * io_test.h — the little the io tests share: a CHECK macro that counts
 * failures (a test exits non-zero if any), and temp-tree helpers.
 */
#ifndef ES_IO_TEST_H
#define ES_IO_TEST_H

#include "es_io.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int g_failures;

#define CHECK(cond, ...)                                                       \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__,   \
                    #cond);                                                    \
            fprintf(stderr, __VA_ARGS__);                                      \
            fputc('\n', stderr);                                               \
            g_failures++;                                                      \
        }                                                                      \
    } while (0)

/* Exit status of a test: 0 when every CHECK held. */
static inline int test_result(const char *name)
{
    if (g_failures)
        fprintf(stderr, "%s: %d check(s) failed\n", name, g_failures);
    else
        printf("%s: all checks passed\n", name);
    return g_failures ? 1 : 0;
}

/* printf into a static ring of buffers: short-lived path strings. */
static inline const char *fmt(const char *f, ...)
{
    static char ring[16][4096];
    static unsigned next;
    char *b = ring[next++ % 16];
    va_list ap;
    va_start(ap, f);
    vsnprintf(b, sizeof ring[0], f, ap);
    va_end(ap);
    return b;
}

/* mkdir -p of `path`'s directories (not its last component unless
 * `last` is set). */
static inline void mkdirs(const char *path, int last)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = 0;
            mkdir(tmp, 0755);
            *p = '/';
        }
    }
    if (last)
        mkdir(tmp, 0755);
}

/* Create `path` (and its directories) holding `content`. */
static inline void put(const char *path, const char *content)
{
    mkdirs(path, 0);
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "cannot create %s: %s\n", path, strerror(errno));
        exit(2);
    }
    fputs(content, f);
    fclose(f);
}

/* dst = a "/" b (just b when a is empty), cut to fit `cap`. */
static inline void path_join(char *dst, size_t cap, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), n = 0;
    char tmp[4096];
    if (la + lb + 2 > sizeof tmp || cap == 0)
        return;
    memcpy(tmp, a, la);
    n = la;
    if (la)
        tmp[n++] = '/';
    memcpy(tmp + n, b, lb);
    n += lb;
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, tmp, n);
    dst[n] = 0;
}

static inline char *make_tmpdir(const char *tag)
{
    const char *t = getenv("TMPDIR");
    char *d = malloc(4096);
    snprintf(d, 4096, "%s/es_%s.XXXXXX", t && *t ? t : "/tmp", tag);
    if (!mkdtemp(d)) {
        fprintf(stderr, "mkdtemp: %s\n", strerror(errno));
        exit(2);
    }
    chmod(d, 0755);
    return d;
}

static inline int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    (void)st;
    (void)flag;
    (void)f;
    remove(p);
    return 0;
}

static inline void rm_rf(const char *dir)
{
    nftw(dir, rm_one, 32, FTW_DEPTH | FTW_PHYS);
}

/* 1 when `dir` or a directory above it holds `.git` (then .gitignore
 * files apply in a temp tree whatever it contains). */
static inline int inside_git_repo(const char *dir)
{
    char p[4096], *real = realpath(dir, NULL);
    if (!real)
        return 0;
    int found = 0;
    for (size_t n = strlen(real); n > 0 && !found;) {
        struct stat st;
        snprintf(p, sizeof p, "%.*s/.git", (int)n, real);
        found = stat(p, &st) == 0;
        while (n > 0 && real[n - 1] != '/')
            n--;
        if (n > 0)
            n--;
    }
    free(real);
    return found;
}

/* The entry whose path is `path`, or NULL. */
static inline const es_entry *find_entry(const es_walk_result *r, const char *path)
{
    for (size_t i = 0; i < r->n_entries; i++)
        if (strcmp(r->entries[i].path, path) == 0)
            return &r->entries[i];
    return NULL;
}

static inline const es_walk_diag *find_diag(const es_walk_result *r, const char *path)
{
    for (size_t i = 0; i < r->n_diags; i++)
        if (strcmp(r->diags[i].path, path) == 0)
            return &r->diags[i];
    return NULL;
}

static inline void dump_result(const es_walk_result *r)
{
    for (size_t i = 0; i < r->n_entries; i++)
        fprintf(stderr, "  entry %s flags=%u size=%llu\n", r->entries[i].path,
                r->entries[i].flags, (unsigned long long)r->entries[i].size);
    for (size_t i = 0; i < r->n_diags; i++)
        fprintf(stderr, "  diag %d %s errno=%d %s\n", r->diags[i].kind, r->diags[i].path,
                r->diags[i].sys_errno, r->diags[i].message);
    fprintf(stderr, "  seen=%llu ignored=%llu special=%llu links=%llu big=%llu dirs=%llu\n",
            (unsigned long long)r->files_seen, (unsigned long long)r->files_ignored,
            (unsigned long long)r->files_special, (unsigned long long)r->symlinks_skipped,
            (unsigned long long)r->files_too_big, (unsigned long long)r->dirs);
}

#endif /* ES_IO_TEST_H */
