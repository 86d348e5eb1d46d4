/*
 * gitindex.c — which paths a git repository tracks, read from its index
 * file (.git/index), without running git.
 *
 * The index format (git's Documentation/gitformat-index.txt): a 12-byte
 * header "DIRC", version (2, 3 or 4), entry count; then the entries, each
 * 40 bytes of stat data, the object id (20 bytes for SHA-1 repositories,
 * 32 for SHA-256), 16 bits of flags, 16 more when the "extended" flag is
 * set (version 3 and up), and the path. Versions 2 and 3 end the path with
 * NUL and pad the entry to a multiple of 8 bytes; version 4 writes how
 * many bytes of the previous path to drop (a varint) and the rest of the
 * path, NUL-terminated, without padding. Extensions and the checksum
 * follow the entries and are not needed: only a split index ("link"),
 * whose entries live in another file, is refused.
 *
 * The input is untrusted bytes (a damaged or hostile repository): every
 * length is checked against the buffer; fuzz_gitindex runs it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "es_io.h"

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* One try with an object id of `hash_len` bytes. */
static int parse(const uint8_t *buf, size_t len, size_t hash_len, es_git_path_fn fn, void *ctx)
{
    if (len < 12 || memcmp(buf, "DIRC", 4) != 0)
        return ES_GIT_INDEX_BAD;
    const uint32_t version = be32(buf + 4), count = be32(buf + 8);
    if (version < 2 || version > 4)
        return ES_GIT_INDEX_UNSUPPORTED;
    char *path = NULL; /* version 4: the previous path, rebuilt */
    size_t path_len = 0, path_cap = 0;
    size_t at = 12;
    int rc = ES_GIT_INDEX_OK;
    for (uint32_t e = 0; e < count && rc == ES_GIT_INDEX_OK; e++) {
        const size_t start = at, fixed = 40 + hash_len + 2;
        if (len - at < fixed) {
            rc = ES_GIT_INDEX_BAD;
            break;
        }
        const uint16_t flags = (uint16_t)(buf[at + fixed - 2] << 8 | buf[at + fixed - 1]);
        at += fixed;
        if (flags & 0x4000) { /* extended: 16 more bits of flags */
            if (version < 3 || len - at < 2) {
                rc = ES_GIT_INDEX_BAD;
                break;
            }
            at += 2;
        }
        size_t keep = 0;
        if (version == 4) { /* a varint: bytes to drop from the previous path */
            size_t drop = 0;
            int shift_guard = 0;
            for (;;) {
                if (at >= len || ++shift_guard > 9) {
                    rc = ES_GIT_INDEX_BAD;
                    break;
                }
                uint8_t c = buf[at++];
                drop = (drop << 7) | (c & 0x7f);
                if (!(c & 0x80))
                    break;
                drop++;
            }
            if (rc != ES_GIT_INDEX_OK || drop > path_len) {
                rc = ES_GIT_INDEX_BAD;
                break;
            }
            keep = path_len - drop;
        }
        const uint8_t *nul = at < len ? memchr(buf + at, 0, len - at) : NULL;
        if (!nul) {
            rc = ES_GIT_INDEX_BAD;
            break;
        }
        const size_t tail = (size_t)(nul - (buf + at));
        if (keep + tail + 1 > path_cap) {
            size_t cap = (keep + tail + 1) * 2;
            char *p = realloc(path, cap);
            if (!p) {
                rc = ES_GIT_INDEX_NOMEM;
                break;
            }
            path = p;
            path_cap = cap;
        }
        memcpy(path + keep, buf + at, tail);
        path_len = keep + tail;
        path[path_len] = '\0';
        at += tail + 1;
        if (version < 4) { /* padded with NULs to a multiple of 8 */
            size_t entry = at - start, padded = (entry + 7) & ~(size_t)7;
            if (padded - entry > len - at) {
                rc = ES_GIT_INDEX_BAD;
                break;
            }
            at = start + padded;
        }
        if (path_len && fn(ctx, path, path_len) != 0)
            rc = ES_GIT_INDEX_NOMEM;
    }
    /* extensions (4-byte signature, 4-byte length) up to the checksum */
    while (rc == ES_GIT_INDEX_OK && at <= len && len - at >= hash_len + 8) {
        const size_t room = len - at - hash_len - 8;
        const uint32_t n = be32(buf + at + 4);
        if (memcmp(buf + at, "link", 4) == 0)
            rc = ES_GIT_INDEX_UNSUPPORTED; /* a split index: entries elsewhere */
        else if (n > room)
            break; /* damaged past the entries: what was read stands */
        at += 8 + (size_t)n;
    }
    free(path);
    return rc;
}

int es_git_index_parse(const uint8_t *buf, size_t len, es_git_path_fn fn, void *ctx,
                       size_t *hash_len)
{
    /* SHA-1 first; a SHA-256 repository parses as garbage with 20 */
    static const size_t lens[] = {20, 32};
    int rc = ES_GIT_INDEX_BAD;
    for (size_t i = 0; i < 2 && rc == ES_GIT_INDEX_BAD; i++) {
        rc = parse(buf, len, lens[i], fn, ctx);
        if (rc != ES_GIT_INDEX_BAD && hash_len)
            *hash_len = lens[i];
    }
    return rc;
}

/* ------------------------------------------------------------- the repo */

/* The directory holding a work tree's git data: `dir`/.git when it is a
 * directory, or what a `.git` file's "gitdir: PATH" line names (linked
 * work trees, submodules). malloc'ed, or NULL when `dir` has no .git. */
char *es_git_dir(const char *dir)
{
    size_t dl = strlen(dir);
    char *dot = malloc(dl + 6);
    if (!dot)
        return NULL;
    memcpy(dot, dir, dl);
    memcpy(dot + dl, "/.git", 6);
    struct stat st;
    if (lstat(dot, &st) != 0) {
        free(dot);
        return NULL;
    }
    if (S_ISDIR(st.st_mode))
        return dot;
    char line[4096];
    ssize_t n = -1;
    int fd = S_ISREG(st.st_mode) ? open(dot, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) : -1;
    if (fd >= 0) {
        n = read(fd, line, sizeof line - 1);
        close(fd);
    }
    free(dot);
    if (n < 8 || memcmp(line, "gitdir: ", 8) != 0)
        return NULL;
    line[n] = '\0';
    line[strcspn(line, "\r\n")] = '\0';
    const char *target = line + 8;
    if (target[0] == '/')
        return strdup(target);
    char *out = malloc(dl + strlen(target) + 2);
    if (out) {
        memcpy(out, dir, dl);
        out[dl] = '/';
        strcpy(out + dl + 1, target);
    }
    return out;
}

/* Read a whole regular file (the index) of at most `max` bytes. */
uint8_t *es_read_small_file(const char *path, size_t max, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    uint8_t *buf = NULL;
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size <= max &&
        (buf = malloc((size_t)st.st_size + 1)) != NULL) {
        size_t got = 0;
        while (got < (size_t)st.st_size) {
            ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            got += (size_t)n;
        }
        *len = got;
    }
    close(fd);
    return buf;
}
