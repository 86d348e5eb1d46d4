/*
 * fsio.c — reading a file to rewrite it, and replacing it atomically
 * (envscan.h, section 8, states the guarantees).
 *
 * The write goes to a temporary file beside the original (mkstemp in the
 * same directory, so rename() cannot cross a file system), takes the
 * original's permission bits, is fsync'ed, and only then renamed over the
 * original: a reader sees the old file or the new one, never half of one,
 * and a crash leaves the original intact. Just before the rename the
 * original is looked at again: if its inode, size or mtime moved, someone
 * else wrote it since it was read, and their change wins.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fix.h"

static int fail(char *err, size_t cap, int *sys_errno, int e, const char *fmt, const char *a,
                const char *b)
{
    snprintf(err, cap, fmt, a, b);
    *sys_errno = e;
    return ENVSCAN_E_IO;
}

int es_file_load(const char *path, bool allow_link, es_file_snap *snap, uint8_t **data,
                 size_t *len, char *err, size_t cap, int *sys_errno)
{
    *data = NULL;
    *len = 0;
    *sys_errno = 0;
    struct stat ls;
    if (lstat(path, &ls) != 0)
        return fail(err, cap, sys_errno, errno, "%s: %s", path, strerror(errno));
    if (S_ISLNK(ls.st_mode) && !allow_link)
        return fail(err, cap, sys_errno, 0,
                    "%s: %s", path,
                    "a symbolic link; not rewritten through it (name the file it points to)");
    int fd = open(path, O_RDONLY | O_CLOEXEC | (allow_link ? 0 : O_NOFOLLOW));
    if (fd < 0)
        return fail(err, cap, sys_errno, errno, "%s: %s", path, strerror(errno));
    snap->exists = true;
    if (fstat(fd, &snap->st) != 0 || !S_ISREG(snap->st.st_mode)) {
        int e = errno;
        close(fd);
        return fail(err, cap, sys_errno, S_ISREG(snap->st.st_mode) ? e : 0, "%s: %s", path,
                    S_ISREG(snap->st.st_mode) ? strerror(e) : "not a regular file");
    }
    size_t n = (size_t)snap->st.st_size, got = 0;
    uint8_t *buf = malloc(n + 1);
    if (!buf) {
        close(fd);
        return fail(err, cap, sys_errno, ENOMEM, "%s: %s", path, strerror(ENOMEM));
    }
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            int e = r < 0 ? errno : 0;
            free(buf);
            close(fd);
            return fail(err, cap, sys_errno, e, "%s: %s", path,
                        e ? strerror(e) : "the file shrank while it was read");
        }
        got += (size_t)r;
    }
    close(fd);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return ENVSCAN_OK;
}

/* The directory of path, as a new string ("." for a bare name). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

int es_file_store(const char *path, const es_file_snap *snap, const void *data, size_t len,
                  char *err, size_t cap, int *sys_errno)
{
    *sys_errno = 0;
    char *dir = dir_of(path);
    if (!dir)
        return fail(err, cap, sys_errno, ENOMEM, "%s: %s", path, strerror(ENOMEM));
    /* permission bits are honoured even where root could write anyway:
     * a file or directory without any write bit is meant to stay */
    struct stat ds;
    int rc = ENVSCAN_OK;
    if (snap->exists && ((snap->st.st_mode & 0222) == 0 || access(path, W_OK) != 0))
        rc = fail(err, cap, sys_errno, EACCES, "%s: %s; not written", path,
                  "the file is read-only");
    else if (stat(dir, &ds) != 0)
        rc = fail(err, cap, sys_errno, errno, "%s: %s", dir, strerror(errno));
    else if ((ds.st_mode & 0222) == 0 || access(dir, W_OK | X_OK) != 0)
        rc = fail(err, cap, sys_errno, EACCES,
                  "%s: the directory is not writable; %s not written", dir, path);
    size_t dl = strlen(dir);
    char *tmp = rc == ENVSCAN_OK ? malloc(dl + 32) : NULL;
    if (rc == ENVSCAN_OK && !tmp)
        rc = fail(err, cap, sys_errno, ENOMEM, "%s: %s", path, strerror(ENOMEM));
    int fd = -1;
    if (rc == ENVSCAN_OK) {
        snprintf(tmp, dl + 32, "%s/.envscan-edit-XXXXXX", dir);
        fd = mkstemp(tmp);
        if (fd < 0)
            rc = fail(err, cap, sys_errno, errno, "%s: cannot create a temporary file: %s",
                      dir, strerror(errno));
    }
    if (rc == ENVSCAN_OK) {
        mode_t mode = snap->exists ? snap->st.st_mode & 07777 : 0600;
        const char *p = data;
        size_t left = len;
        if (fchmod(fd, mode) != 0)
            rc = fail(err, cap, sys_errno, errno, "%s: %s", tmp, strerror(errno));
        while (rc == ENVSCAN_OK && left) {
            ssize_t w = write(fd, p, left);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                rc = fail(err, cap, sys_errno, w < 0 ? errno : EIO, "%s: %s", tmp,
                          strerror(w < 0 ? errno : EIO));
            else
                p += w, left -= (size_t)w;
        }
        if (rc == ENVSCAN_OK && fsync(fd) != 0)
            rc = fail(err, cap, sys_errno, errno, "%s: %s", tmp, strerror(errno));
        if (close(fd) != 0 && rc == ENVSCAN_OK)
            rc = fail(err, cap, sys_errno, errno, "%s: %s", tmp, strerror(errno));
        /* has anyone written the file since we read it? */
        struct stat now;
        int there = lstat(path, &now) == 0;
        if (rc == ENVSCAN_OK && (snap->exists ? !there || !same_file(&now, &snap->st) : there))
            rc = fail(err, cap, sys_errno, 0, "%s: %s; not written", path,
                      snap->exists ? "the file changed since it was read"
                                   : "the file appeared since the directory was read");
        if (rc == ENVSCAN_OK && rename(tmp, path) != 0)
            rc = fail(err, cap, sys_errno, errno, "%s: %s", path, strerror(errno));
        if (rc != ENVSCAN_OK)
            unlink(tmp);
    }
    if (rc == ENVSCAN_OK) { /* the rename itself, durable (best effort) */
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
    }
    free(tmp);
    free(dir);
    return rc;
}
