/*
 * test_gitindex.c — differential test of the git index reader
 * (io/gitindex.c) against git itself: repositories with index versions 2,
 * 3 (an entry with the extended flag: `git add -N`) and 4 (prefix-
 * compressed paths), SHA-1 and SHA-256 object ids, paths with spaces,
 * UTF-8, deep directories and shared prefixes. Git's truth is
 * `git ls-files -z`. Then damage: every truncation of a real index and
 * random byte flips must give an error or a path list, never a crash or a
 * read outside the buffer (ASan runs this test too).
 *
 * Usage: test_gitindex [GIT]. Exits 77 (skipped) when git cannot be run.
 */
#include <stdbool.h>

#include "io_test.h"

static const char *git = "git";

typedef struct plist {
    char *buf;
    size_t len, count;
} plist;

static int collect(void *ctx, const char *path, size_t len)
{
    plist *p = ctx;
    char *b = realloc(p->buf, p->len + len + 1);
    if (!b)
        return -1;
    memcpy(b + p->len, path, len + 1);
    p->buf = b;
    p->len += len + 1;
    p->count++;
    return 0;
}

static int run(const char *dir, const char *cmd)
{
    char line[8192];
    snprintf(line, sizeof line,
             "cd '%s' && GIT_CONFIG_NOSYSTEM=1 HOME=/nonexistent %s >/dev/null 2>&1", dir, cmd);
    return system(line);
}

/* git ls-files -z into *out; 0 on success. */
static int ls_files(const char *dir, plist *out)
{
    char line[8192];
    snprintf(line, sizeof line, "cd '%s' && GIT_CONFIG_NOSYSTEM=1 HOME=/nonexistent '%s' ls-files -z",
             dir, git);
    FILE *p = popen(line, "r");
    if (!p)
        return -1;
    char chunk[4096];
    size_t n, start = 0;
    char *acc = NULL;
    size_t acc_len = 0;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) {
        acc = realloc(acc, acc_len + n);
        memcpy(acc + acc_len, chunk, n);
        acc_len += n;
    }
    int st = pclose(p);
    for (size_t i = 0; i < acc_len; i++)
        if (acc[i] == '\0') {
            collect(out, acc + start, i - start);
            start = i + 1;
        }
    free(acc);
    return st;
}

static void scenario(const char *name, const char *init, const char *version, bool intent)
{
    char *dir = make_tmpdir("gitindex");
    CHECK(run(dir, fmt("'%s' init -q %s .", git, init)) == 0, "%s: git init %s", name, init);
    static const char *const files[] = {
        ".env", ".env.production", "a b/with space.env", "deep/x/y/z/w/.env.local",
        "deep/x/y/z/w/other", "deep/x/y/zz", "déjà/vu.env", "app/.env", "app/.envrc",
        "app/config/settings.env", "app/config/settings.env.example", "z"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        put(fmt("%s/%s", dir, files[i]), "K=v\n");
    /* a long path then a short one: version 4 drops 200+ bytes, a
     * varint of two bytes */
    char longname[256] = "long/";
    memset(longname + 5, 'a', 200);
    longname[205] = '\0';
    put(fmt("%s/%s", dir, longname), "K=v\n");
    CHECK(run(dir, fmt("'%s' add -A", git)) == 0, "%s: git add", name);
    if (intent) {
        put(fmt("%s/intent.env", dir), "K=v\n");
        CHECK(run(dir, fmt("'%s' add -N intent.env", git)) == 0, "%s: git add -N", name);
    }
    if (version)
        CHECK(run(dir, fmt("'%s' update-index --index-version %s", git, version)) == 0,
              "%s: update-index", name);
    plist want = {0}, got = {0};
    CHECK(ls_files(dir, &want) == 0, "%s: ls-files", name);
    size_t len = 0, hash = 0;
    uint8_t *buf = es_read_small_file(fmt("%s/.git/index", dir), 1 << 26, &len);
    CHECK(buf != NULL, "%s: read the index", name);
    int rc = buf ? es_git_index_parse(buf, len, collect, &got, &hash) : -9;
    CHECK(rc == ES_GIT_INDEX_OK, "%s: parse: %d", name, rc);
    CHECK(got.count == want.count && got.len == want.len &&
              memcmp(got.buf, want.buf, want.len) == 0,
          "%s: %zu paths, git has %zu", name, got.count, want.count);
    CHECK(hash == (strstr(init, "sha256") ? 32u : 20u), "%s: object id of %zu bytes", name,
          hash);

    /* every truncation: an error, or fewer paths than the whole */
    for (size_t cut = 0; buf && cut < len; cut++) {
        plist part = {0};
        int r = es_git_index_parse(buf, cut, collect, &part, NULL);
        CHECK(r != ES_GIT_INDEX_OK || part.count <= want.count, "%s: cut at %zu", name, cut);
        free(part.buf);
    }
    /* byte flips: anything but a crash */
    srand(7);
    for (int round = 0; buf && round < 2000; round++) {
        uint8_t *copy = malloc(len);
        memcpy(copy, buf, len);
        for (int k = 0; k < 1 + round % 4; k++)
            copy[(size_t)rand() % len] ^= (uint8_t)(1u << (rand() % 8));
        plist any = {0};
        (void)es_git_index_parse(copy, len, collect, &any, NULL);
        free(any.buf);
        free(copy);
    }
    free(buf);
    free(want.buf);
    free(got.buf);
    rm_rf(dir);
    free(dir);
}

int main(int argc, char **argv)
{
    if (argc > 1 && argv[1][0])
        git = argv[1];
    if (system(fmt("'%s' --version >/dev/null 2>&1", git)) != 0) {
        printf("git not found: skip\n");
        return 77;
    }
    scenario("v2", "", NULL, false);
    scenario("v3", "", "3", true);
    scenario("v4", "", "4", false);
    scenario("v4-intent", "", "4", true);
    if (run("/tmp", fmt("'%s' init -q --object-format=sha256 /tmp/es-sha256-probe", git)) == 0) {
        run("/tmp", "rm -rf /tmp/es-sha256-probe");
        scenario("sha256", "--object-format=sha256", NULL, false);
        scenario("sha256-v4", "--object-format=sha256", "4", true);
    }

    /* not an index at all */
    CHECK(es_git_index_parse((const uint8_t *)"", 0, collect, &(plist){0}, NULL) ==
              ES_GIT_INDEX_BAD,
          "empty");
    CHECK(es_git_index_parse((const uint8_t *)"DIRC\0\0\0\x09\0\0\0\0", 12, collect,
                             &(plist){0}, NULL) == ES_GIT_INDEX_UNSUPPORTED,
          "version 9");
    return test_result("test_gitindex");
}
