/*
 * gitstate.c — is a file inside a git work tree, and does the repository
 * track it? (for `dotenv-committed`, docs/analysis.md). The index of each
 * repository met is read once (io/gitindex.c) into a sorted list of
 * paths; no git command runs.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "es_io.h"
#include "gitstate.h"

typedef struct repo {
    char *top;     /* the work tree, a real path without trailing '/' */
    size_t top_len;
    char **paths;  /* tracked, sorted bytewise; NULL when unreadable */
    size_t n, cap;
    bool readable;
} repo;

struct es_git_state {
    repo *repos;
    size_t n;
};

es_git_state *es_git_state_create(void)
{
    return calloc(1, sizeof(es_git_state));
}

void es_git_state_free(es_git_state *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n; i++) {
        for (size_t k = 0; k < g->repos[i].n; k++)
            free(g->repos[i].paths[k]);
        free(g->repos[i].paths);
        free(g->repos[i].top);
    }
    free(g->repos);
    free(g);
}

static int add_path(void *ctx, const char *path, size_t len)
{
    repo *r = ctx;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        char **p = realloc(r->paths, cap * sizeof *p);
        if (!p)
            return -1;
        r->paths = p;
        r->cap = cap;
    }
    if (!(r->paths[r->n] = strndup(path, len)))
        return -1;
    r->n++;
    return 0;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The repository whose work tree is `top` (len bytes), read on first use. */
static repo *repo_at(es_git_state *g, const char *top, size_t len)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->repos[i].top_len == len && memcmp(g->repos[i].top, top, len) == 0)
            return &g->repos[i];
    char *dir = strndup(top, len);
    char *gitdir = dir ? es_git_dir(dir) : NULL;
    repo *rs = gitdir ? realloc(g->repos, (g->n + 1) * sizeof *rs) : NULL;
    if (!rs) {
        free(dir);
        free(gitdir);
        return NULL;
    }
    g->repos = rs;
    repo *r = &rs[g->n++];
    *r = (repo){.top = dir, .top_len = len};
    size_t gl = strlen(gitdir), size = 0;
    char *index = malloc(gl + 7);
    uint8_t *buf = NULL;
    if (index) {
        memcpy(index, gitdir, gl);
        memcpy(index + gl, "/index", 7);
        buf = es_read_small_file(index, (size_t)1 << 32, &size);
    }
    /* a repository without an index (nothing added yet) tracks nothing */
    r->readable = !buf || es_git_index_parse(buf, size, add_path, r, NULL) == ES_GIT_INDEX_OK;
    if (r->n)
        qsort(r->paths, r->n, sizeof *r->paths, str_cmp);
    free(buf);
    free(index);
    free(gitdir);
    return r;
}

static bool tracked(const repo *r, const char *rel)
{
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(r->paths[mid], rel);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

es_git_answer es_git_tracked(es_git_state *g, const char *path)
{
    char real[PATH_MAX];
    if (!g || !realpath(path, real))
        return ES_GIT_UNKNOWN;
    /* the nearest directory above with a .git is the work tree */
    for (size_t len = strlen(real); len > 0;) {
        while (len > 0 && real[len - 1] != '/')
            len--;
        if (len == 0)
            break;
        size_t top_len = len > 1 ? len - 1 : len; /* "/" stays "/" */
        char save = real[top_len];
        real[top_len] = '\0';
        char *gd = es_git_dir(real);
        real[top_len] = save;
        if (gd) {
            free(gd);
            const repo *r = repo_at(g, real, top_len);
            if (!r)
                return ES_GIT_UNKNOWN;
            if (!r->readable)
                return ES_GIT_UNKNOWN;
            return tracked(r, real + len) ? ES_GIT_TRACKED : ES_GIT_UNTRACKED;
        }
        len = top_len; /* up one level */
        if (len == 1)
            break;
    }
    return ES_GIT_NO_REPO;
}
