/*
 * read.c — read a whole file into a reused buffer.
 *
 * Why read() into one buffer per thread: on small files, mmap costs about
 * four times a read into a warm buffer (ARCHITECTURE.md), and the kernels
 * want 64 zero bytes after the data so the last block needs no special
 * case. io_uring batches and mmap of big files come later, beside this.
 *
 * Safety: the file is opened O_NONBLOCK|O_NOCTTY, so a FIFO or terminal
 * swapped in after the walk can neither block the open nor become our
 * controlling terminal, and fstat then refuses anything that is not a
 * regular file before a single read. A non-zero size from fstat is where
 * we stop: once that many bytes have arrived the file is read as it was
 * when we looked (bytes appended since are the next scan's), which spares
 * the read that would only confirm end of file — one system call in four
 * on a tree of small files. A file that shrank ends early; a size of 0
 * (/proc, some devices' attributes) means "unknown": we read until end of
 * file; and we stop with -EFBIG as soon as more than max_size bytes have
 * arrived.
 */
#include "io_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAD 64                 /* zero bytes kept after the data */
#define INITIAL (64u << 10)    /* usable bytes of a new reader   */

struct es_reader {
    uint8_t *buf;
    size_t cap; /* usable bytes; the allocation is cap + PAD */
};

es_reader *es_reader_new(void)
{
    es_reader *rd = malloc(sizeof *rd);
    if (!rd)
        return NULL;
    rd->cap = INITIAL;
    rd->buf = malloc(rd->cap + PAD);
    if (!rd->buf) {
        free(rd);
        return NULL;
    }
    return rd;
}

void es_reader_free(es_reader *rd)
{
    if (!rd)
        return;
    free(rd->buf);
    free(rd);
}

/* Make room for at least `need` usable bytes (realloc keeps the data). */
static int reserve(es_reader *rd, size_t need)
{
    if (need <= rd->cap)
        return 0;
    size_t cap = rd->cap;
    while (cap < need)
        cap = cap > SIZE_MAX / 4 ? need : cap * 2;
    if (cap > SIZE_MAX - PAD)
        return -ENOMEM;
    uint8_t *p = realloc(rd->buf, cap + PAD);
    if (!p)
        return -ENOMEM;
    rd->buf = p;
    rd->cap = cap;
    return 0;
}

int es_reader_read_at(es_reader *rd, int dirfd, const char *path,
                      uint64_t max_size, int nofollow, const uint8_t **data,
                      size_t *len)
{
    if (!rd || !path || !data || !len)
        return -EINVAL;
    int fd = openat(dirfd, path,
                    O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
    if (fd < 0)
        return -errno;
    struct stat st;
    int rc = 0;
    if (fstat(fd, &st) != 0) {
        rc = -errno;
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = -ENOTSUP;
        goto out;
    }
    uint64_t limit = max_size ? max_size : UINT64_MAX;
    if ((uint64_t)st.st_size > limit) {
        rc = -EFBIG;
        goto out;
    }
    if ((uint64_t)st.st_size >= SIZE_MAX - PAD) {
        rc = -ENOMEM;
        goto out;
    }
    /* One byte more than fstat says, so the common case sees end of file
     * without growing the buffer. */
    rc = reserve(rd, (size_t)st.st_size + 1);
    size_t pos = 0;
    while (rc == 0) {
        if (pos == rd->cap) {
            size_t want = rd->cap * 2;
            if (max_size && (uint64_t)want > max_size + 1)
                want = (size_t)(max_size + 1);
            rc = reserve(rd, want > pos ? want : pos + 1);
            if (rc)
                break;
        }
        ssize_t n = read(fd, rd->buf + pos, rd->cap - pos);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            rc = -errno;
        } else if (n == 0 || (st.st_size > 0 && pos + (size_t)n == (size_t)st.st_size)) {
            pos += (size_t)n;
            memset(rd->buf + pos, 0, PAD);
            *data = rd->buf;
            *len = pos;
            break;
        } else {
            pos += (size_t)n;
            if ((uint64_t)pos > limit)
                rc = -EFBIG;
        }
    }
out:
    close(fd);
    return rc;
}

int es_reader_read(es_reader *rd, const char *path, uint64_t max_size,
                   const uint8_t **data, size_t *len)
{
    return es_reader_read_at(rd, AT_FDCWD, path, max_size, 0, data, len);
}
