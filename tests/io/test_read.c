/*
 * test_read.c — es_reader: contents, padding, refusals, limits.
 * alarm() turns a hang (a FIFO opened for real) into a failure.
 */
#include "io_test.h"

#include <signal.h>

static int zero_pad(const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < 64; i++)
        if (p[len + i] != 0)
            return 0;
    return 1;
}

int main(void)
{
    alarm(20);
    char *dir = make_tmpdir("read");
    es_reader *rd = es_reader_new();
    CHECK(rd != NULL, "es_reader_new");
    const uint8_t *data = NULL;
    size_t len = 0;

    /* A big file first, so the buffer holds old bytes where the padding of
     * the next, smaller file must be. */
    size_t big = 300000;
    char *content = malloc(big + 1);
    for (size_t i = 0; i < big; i++)
        content[i] = (char)('a' + i % 26);
    content[big] = 0;
    put(fmt("%s/big", dir), content);
    int rc = es_reader_read(rd, fmt("%s/big", dir), 0, &data, &len);
    CHECK(rc == 0 && len == big && memcmp(data, content, big) == 0, "big: rc=%d len=%zu", rc, len);
    CHECK(rc == 0 && zero_pad(data, len), "big: padding");

    put(fmt("%s/small", dir), "KEY=value\n");
    rc = es_reader_read(rd, fmt("%s/small", dir), 0, &data, &len);
    CHECK(rc == 0 && len == 10 && memcmp(data, "KEY=value\n", 10) == 0, "small: rc=%d len=%zu",
          rc, len);
    CHECK(rc == 0 && zero_pad(data, len), "small: padding after a bigger file");

    put(fmt("%s/empty", dir), "");
    data = NULL;
    rc = es_reader_read(rd, fmt("%s/empty", dir), 0, &data, &len);
    CHECK(rc == 0 && len == 0 && data != NULL, "empty: rc=%d len=%zu", rc, len);
    CHECK(rc == 0 && data && zero_pad(data, 0), "empty: padding");

    /* max_size: equal is fine, one byte over is -EFBIG. */
    rc = es_reader_read(rd, fmt("%s/small", dir), 10, &data, &len);
    CHECK(rc == 0 && len == 10, "max_size == size: rc=%d", rc);
    rc = es_reader_read(rd, fmt("%s/small", dir), 9, &data, &len);
    CHECK(rc == -EFBIG, "max_size < size: rc=%d", rc);
    rc = es_reader_read(rd, fmt("%s/big", dir), 1000, &data, &len);
    CHECK(rc == -EFBIG, "big over max: rc=%d", rc);

    /* A FIFO with no writer: refused at once, never read. */
    CHECK(mkfifo(fmt("%s/fifo", dir), 0644) == 0, "mkfifo: %s", strerror(errno));
    rc = es_reader_read(rd, fmt("%s/fifo", dir), 0, &data, &len);
    CHECK(rc == -ENOTSUP, "fifo: rc=%d", rc);
    rc = es_reader_read(rd, dir, 0, &data, &len);
    CHECK(rc == -ENOTSUP, "directory: rc=%d", rc);
    rc = es_reader_read(rd, "/dev/null", 0, &data, &len);
    CHECK(rc == -ENOTSUP, "character device: rc=%d", rc);
    rc = es_reader_read(rd, fmt("%s/missing", dir), 0, &data, &len);
    CHECK(rc == -ENOENT, "missing: rc=%d", rc);

    /* fstat says 0 bytes for /proc files: we read to end of file anyway,
     * and the limit still holds while reading. */
    rc = es_reader_read(rd, "/proc/self/status", 0, &data, &len);
    if (rc == -ENOENT) {
        printf("no /proc: size-0 file check skipped\n");
    } else {
        CHECK(rc == 0 && len > 0 && memmem(data, len, "Name:", 5) != NULL,
              "/proc/self/status: rc=%d len=%zu", rc, len);
        CHECK(rc == 0 && zero_pad(data, len), "/proc padding");
        rc = es_reader_read(rd, "/proc/self/status", 16, &data, &len);
        CHECK(rc == -EFBIG, "/proc over max while reading: rc=%d", rc);
    }

    /* The same file read twice with one reader gives the same bytes. */
    rc = es_reader_read(rd, fmt("%s/big", dir), 0, &data, &len);
    CHECK(rc == 0 && len == big && memcmp(data, content, big) == 0, "big again");

    es_reader_free(rd);
    es_reader_free(NULL);
    free(content);
    rm_rf(dir);
    free(dir);
    return test_result("test_read");
}
