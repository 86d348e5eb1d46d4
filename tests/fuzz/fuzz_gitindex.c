/*
 * fuzz_gitindex.c — the git index reader (io/gitindex.c) on any bytes:
 * no crash, no read outside the buffer, and every path it hands out is
 * non-empty and NUL-terminated at its length.
 */
#include <stdlib.h>
#include <string.h>

#include "es_io.h"

static int check_path(void *ctx, const char *path, size_t len)
{
    (void)ctx;
    if (len == 0 || path[len] != '\0' || strlen(path) != len)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t hash = 0;
    int rc = es_git_index_parse(data, size, check_path, NULL, &hash);
    if (rc == ES_GIT_INDEX_OK && hash != 20 && hash != 32)
        abort();
    return 0;
}
