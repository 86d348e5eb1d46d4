/*
 * context.c — environments and their override chains (see context.h).
 *
 * Each context is turned into a list of (key, layer, definition) entries,
 * layers numbered in priority order; one sort by key then layer then
 * position groups them, and within a group the last definition of each
 * layer is its member of the chain. The work is linear in the entries a
 * context has, plus the sort: a directory with M modes reads its .env
 * M + 1 times, which is the answer the user asks for (one value per mode).
 */
#include <stdlib.h>
#include <string.h>

#include "context.h"

bool es_cdef_concrete(const envscan_record *r)
{
    if (r->kind != ENVSCAN_KIND_DEFINITION || !r->value ||
        (r->flags & (ENVSCAN_RECORD_PASSTHROUGH | ENVSCAN_RECORD_TEMPLATED |
                     ENVSCAN_RECORD_INDIRECT)))
        return false;
    /* a value that still holds `$` may be interpolated where it is read */
    return memchr(r->value, '$', r->value_len) == NULL;
}

/* ------------------------------------------------------------ file lookup */

typedef struct run {
    const es_cfile *files;
    size_t n_files;
    const envscan_link *links;
    size_t n_links;
    const es_context_sink *sink;
    struct bypath *by_path; /* the files sorted by path */
    uint32_t *link_file; /* per link: its file index, or UINT32_MAX */
    uint32_t *link_target;
    uint32_t *by_file;    /* link indices grouped by file, in link order */
    size_t *file_links;   /* per file: its first slot in by_file; [n_files] = end */
    struct entry *e;     /* the current context's entries */
    size_t n_e, cap_e;
    es_clink *chain;
    size_t cap_chain;
} run;

typedef struct entry {
    uint32_t key, layer;
    size_t seq; /* insertion order: position within a layer */
    es_clink m;
} entry;

typedef struct bypath {
    const char *path;
    uint32_t file;
} bypath;

static int path_cmp(const void *a, const void *b)
{
    return strcmp(((const bypath *)a)->path, ((const bypath *)b)->path);
}

static uint32_t file_of(const run *r, const char *path)
{
    if (!path)
        return UINT32_MAX;
    size_t lo = 0, hi = r->n_files;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(r->by_path[mid].path, path);
        if (c == 0)
            return r->by_path[mid].file;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return UINT32_MAX;
}

static bool same_scope(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* ---------------------------------------------------------------- entries */

static int add(run *r, uint32_t key, uint32_t layer, const es_cdef *d, uint32_t file)
{
    if (r->n_e == r->cap_e) {
        size_t cap = r->cap_e ? r->cap_e * 2 : 256;
        entry *e = realloc(r->e, cap * sizeof *e);
        RETURN_IF(!e, ENVSCAN_E_NOMEM);
        r->e = e;
        r->cap_e = cap;
    }
    r->e[r->n_e] = (entry){.key = key, .layer = layer, .seq = r->n_e, .m = {d, file}};
    r->n_e++;
    return ENVSCAN_OK;
}

/* Every definition of `file` in `scope` (any scope when !match_scope), as
 * layer `layer`; a Kubernetes envFrom prefix renames the keys. */
static int add_layer(run *r, uint32_t file, bool match_scope, const char *scope,
                     uint32_t layer, const char *prefix)
{
    const es_cfile *f = &r->files[file];
    for (size_t i = 0; i < f->n_defs; i++) {
        const es_cdef *d = &f->defs[i];
        if (match_scope && !same_scope(d->scope, scope))
            continue;
        uint32_t key = d->key;
        if (prefix && *prefix)
            FORWARD_IF_ERROR(r->sink->prefixed(r->sink->ctx, prefix, d->key, &key));
        FORWARD_IF_ERROR(add(r, key, layer, d, file));
    }
    return ENVSCAN_OK;
}

static int entry_cmp(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->layer != y->layer)
        return x->layer < y->layer ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Announce the context and hand over its chains; the entries are reset. */
static int flush(run *r, const es_context *c)
{
    int rc = r->sink->context(r->sink->ctx, c);
    if (rc == ENVSCAN_OK && r->n_e)
        qsort(r->e, r->n_e, sizeof *r->e, entry_cmp);
    for (size_t i = 0; rc == ENVSCAN_OK && i < r->n_e;) {
        size_t j = i, n = 0;
        while (j < r->n_e && r->e[j].key == r->e[i].key)
            j++;
        if (j - i > r->cap_chain) {
            es_clink *ch = realloc(r->chain, (j - i) * sizeof *ch);
            if (!ch) {
                rc = ENVSCAN_E_NOMEM;
                break;
            }
            r->chain = ch;
            r->cap_chain = j - i;
        }
        for (size_t k = i; k < j; k++)
            if (k + 1 == j || r->e[k + 1].layer != r->e[k].layer)
                r->chain[n++] = r->e[k].m; /* the last of its layer */
        rc = r->sink->chain(r->sink->ctx, r->e[i].key, r->chain, n);
        i = j;
    }
    r->n_e = 0;
    return rc;
}

/* -------------------------------------------------------- dotenv layering */

/* The layer of an env file name in node's convention (context.h): 0 `.env`,
 * 1 `.env.local`, 2 `.env.MODE`, 3 `.env.MODE.local`; -1 for any other
 * name. mode and mode_len get MODE ("" for layers 0 and 1). */
int es_dotenv_layer(const char *base, const char **mode, size_t *mode_len)
{
    *mode = "";
    *mode_len = 0;
    if (strncmp(base, ".env", 4) != 0)
        return -1;
    const char *p = base + 4;
    if (!*p)
        return 0;
    if (*p != '.')
        return -1;
    p++;
    if (strcmp(p, "local") == 0)
        return 1;
    const char *dot = strchr(p, '.');
    if (dot == p || (!dot && !*p))
        return -1;
    if (!dot) {
        *mode = p;
        *mode_len = strlen(p);
        return 2;
    }
    if (strcmp(dot, ".local") != 0)
        return -1;
    *mode = p;
    *mode_len = (size_t)(dot - p);
    return 3;
}

typedef struct lfile {
    const char *path;
    uint32_t file;
    int layer;
    const char *mode;
    size_t mode_len, dir_len;
} lfile;

static int lfile_cmp(const void *a, const void *b)
{
    const lfile *x = a, *y = b;
    const char *px = x->path, *py = y->path;
    size_t n = x->dir_len < y->dir_len ? x->dir_len : y->dir_len;
    int c = memcmp(px, py, n);
    if (c)
        return c;
    if (x->dir_len != y->dir_len)
        return x->dir_len < y->dir_len ? -1 : 1;
    return x->file < y->file ? -1 : x->file > y->file;
}

static size_t dir_len_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) + 1 : 0;
}

/* One directory's layered env files, v[0, n): a `default` context when
 * .env or .env.local is there, and one per mode. */
static int dotenv_dir(run *r, const lfile *v, size_t n, char *mode_buf)
{
    bool base = false;
    for (size_t i = 0; i < n; i++)
        base |= v[i].layer <= 1;
    for (size_t step = 0; step <= n; step++) {
        /* first the default context (m == n), then the mode of each v[m],
         * the first time it is seen */
        const size_t m = step == 0 ? n : step - 1;
        const char *mode = "";
        size_t mode_len = 0;
        if (m < n) {
            if (v[m].layer < 2)
                continue;
            bool seen = false;
            for (size_t k = 0; k < m && !seen; k++)
                seen = v[k].layer >= 2 && v[k].mode_len == v[m].mode_len &&
                       memcmp(v[k].mode, v[m].mode, v[m].mode_len) == 0;
            if (seen)
                continue;
            mode = v[m].mode;
            mode_len = v[m].mode_len;
        } else if (!base) {
            continue;
        }
        bool test = mode_len == 4 && memcmp(mode, "test", 4) == 0;
        for (size_t i = 0; i < n; i++) {
            bool in = v[i].layer <= 1 ? !(test && v[i].layer == 1)
                                      : v[i].mode_len == mode_len &&
                                            memcmp(v[i].mode, mode, mode_len) == 0;
            if (in)
                FORWARD_IF_ERROR(add_layer(r, v[i].file, false, NULL, (uint32_t)v[i].layer, NULL));
        }
        memcpy(mode_buf, mode, mode_len);
        mode_buf[mode_len] = '\0';
        es_context c = {ES_CONTEXT_DOTENV, v[0].file, v[0].dir_len, mode_buf};
        FORWARD_IF_ERROR(flush(r, &c));
    }
    return ENVSCAN_OK;
}

static int dotenv_contexts(run *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_files; i++)
        n += r->files[i].format == ENVSCAN_FORMAT_DOTENV && !r->files[i].is_template;
    if (!n)
        return ENVSCAN_OK;
    lfile *v = malloc(n * sizeof *v);
    char *mode_buf = NULL;
    size_t longest = 0;
    RETURN_IF(!v, ENVSCAN_E_NOMEM);
    n = 0;
    for (uint32_t i = 0; i < r->n_files; i++) {
        const es_cfile *f = &r->files[i];
        if (f->format != ENVSCAN_FORMAT_DOTENV || f->is_template)
            continue;
        size_t dl = dir_len_of(f->path);
        lfile l = {.path = f->path, .file = i, .dir_len = dl};
        l.layer = es_dotenv_layer(f->path + dl, &l.mode, &l.mode_len);
        if (l.layer < 0) {
            /* a name outside the layering: an environment of its own */
            es_context c = {ES_CONTEXT_FILE, i, 0, NULL};
            int rc = add_layer(r, i, false, NULL, 0, NULL);
            rc = rc ? rc : flush(r, &c);
            if (rc) {
                free(v);
                return rc;
            }
            continue;
        }
        longest = l.mode_len > longest ? l.mode_len : longest;
        v[n++] = l;
    }
    int rc = ENVSCAN_OK;
    mode_buf = malloc(longest + 1);
    if (!mode_buf)
        rc = ENVSCAN_E_NOMEM;
    if (rc == ENVSCAN_OK && n)
        qsort(v, n, sizeof *v, lfile_cmp);
    for (size_t i = 0; rc == ENVSCAN_OK && i < n;) {
        size_t j = i;
        while (j < n && v[j].dir_len == v[i].dir_len &&
               memcmp(r->files[v[j].file].path, r->files[v[i].file].path, v[i].dir_len) == 0)
            j++;
        rc = dotenv_dir(r, v + i, j - i, mode_buf);
        i = j;
    }
    free(mode_buf);
    free(v);
    return rc;
}

/* ------------------------------------------- services, containers, units */

static bool object_scope(const char *s)
{
    return s && (strncmp(s, "ConfigMap/", 10) == 0 || strncmp(s, "Secret/", 7) == 0);
}

/* The context of file `fi` and scope `scope`: its linked files or objects
 * and its own definitions, in the format's order. */
static int scoped_context(run *r, uint32_t fi, const char *scope, es_context_kind kind)
{
    const bool files_win = kind == ES_CONTEXT_SYSTEMD;
    uint32_t own_layer = files_win ? 0 : UINT32_MAX;
    if (files_win)
        FORWARD_IF_ERROR(add_layer(r, fi, true, scope, own_layer, NULL));
    uint32_t layer = files_win ? 1 : 0;
    for (size_t k = r->file_links[fi]; k < r->file_links[fi + 1]; k++) {
        const size_t i = r->by_file[k];
        const envscan_link *l = &r->links[i];
        if (!same_scope(l->scope, scope) || r->link_target[i] == UINT32_MAX)
            continue;
        if (l->kind == ENVSCAN_LINK_ENV_FILE)
            FORWARD_IF_ERROR(add_layer(r, r->link_target[i], false, NULL, layer++, NULL));
        else if (l->kind == ENVSCAN_LINK_ENV_FROM)
            FORWARD_IF_ERROR(add_layer(r, r->link_target[i], true, l->target, layer++, l->prefix));
    }
    if (!files_win)
        FORWARD_IF_ERROR(add_layer(r, fi, true, scope, own_layer, NULL));
    es_context c = {kind, fi, 0, scope};
    return flush(r, &c);
}

static es_context_kind kind_of(uint16_t format)
{
    switch (format) {
    case ENVSCAN_FORMAT_COMPOSE: return ES_CONTEXT_COMPOSE;
    case ENVSCAN_FORMAT_KUBERNETES: return ES_CONTEXT_KUBERNETES;
    case ENVSCAN_FORMAT_SYSTEMD: return ES_CONTEXT_SYSTEMD;
    default: return ES_CONTEXT_FILE;
    }
}

/* Every scope of a file that is not a .env file: from its definitions
 * and its links, each once, in order of first appearance. */
static int scoped_contexts(run *r)
{
    const char **seen = NULL;
    size_t n_seen = 0, cap_seen = 0;
    int rc = ENVSCAN_OK;
    for (uint32_t fi = 0; rc == ENVSCAN_OK && fi < r->n_files; fi++) {
        const es_cfile *f = &r->files[fi];
        if (f->format == ENVSCAN_FORMAT_DOTENV)
            continue;
        n_seen = 0;
        const size_t n_links_here = r->file_links[fi + 1] - r->file_links[fi];
        for (size_t i = 0; rc == ENVSCAN_OK && i < f->n_defs + n_links_here; i++) {
            const envscan_link *l =
                i < f->n_defs ? NULL : &r->links[r->by_file[r->file_links[fi] + i - f->n_defs]];
            const char *scope = l ? l->scope : f->defs[i].scope;
            /* the kind is the records' (YAML files hold Kubernetes objects) */
            const es_context_kind kind =
                !l ? kind_of(f->defs[i].format)
                : l->kind == ENVSCAN_LINK_ENV_FILE ? kind_of(f->format)
                                                   : ES_CONTEXT_KUBERNETES;
            if (kind == ES_CONTEXT_KUBERNETES && object_scope(scope))
                continue; /* a ConfigMap or Secret supplies, it does not run */
            bool dup = false;
            for (size_t s = n_seen; s-- > 0 && !dup;)
                dup = same_scope(seen[s], scope);
            if (dup)
                continue;
            if (n_seen == cap_seen) {
                size_t cap = cap_seen ? cap_seen * 2 : 16;
                const char **ns = realloc(seen, cap * sizeof *ns);
                if (!ns) {
                    rc = ENVSCAN_E_NOMEM;
                    break;
                }
                seen = ns;
                cap_seen = cap;
            }
            seen[n_seen++] = scope;
            rc = scoped_context(r, fi, scope, kind);
        }
    }
    free(seen);
    return rc;
}

int es_contexts_run(const es_cfile *files, size_t n_files, const envscan_link *links,
                    size_t n_links, const es_context_sink *sink)
{
    run r = {.files = files, .n_files = n_files, .links = links, .n_links = n_links,
             .sink = sink};
    r.by_path = malloc((n_files + 1) * sizeof *r.by_path);
    r.link_file = malloc((3 * n_links + 1) * sizeof *r.link_file);
    r.file_links = calloc(n_files + 2, sizeof *r.file_links);
    int rc = r.by_path && r.link_file && r.file_links ? ENVSCAN_OK : ENVSCAN_E_NOMEM;
    if (rc == ENVSCAN_OK) {
        for (uint32_t i = 0; i < n_files; i++)
            r.by_path[i] = (bypath){files[i].path, i};
        qsort(r.by_path, n_files, sizeof *r.by_path, path_cmp);
        r.link_target = r.link_file + n_links;
        for (size_t i = 0; i < n_links; i++) {
            r.link_file[i] = file_of(&r, links[i].file);
            r.link_target[i] = links[i].kind == ENVSCAN_LINK_KEY_REF
                                   ? UINT32_MAX
                                   : file_of(&r, links[i].target_file);
            if (r.link_file[i] != UINT32_MAX)
                r.file_links[r.link_file[i] + 2]++;
        }
        /* counting sort: file_links[f + 1] becomes f's first slot */
        r.by_file = r.link_target + n_links;
        for (size_t f = 2; f < n_files + 2; f++)
            r.file_links[f] += r.file_links[f - 1];
        for (size_t i = 0; i < n_links; i++)
            if (r.link_file[i] != UINT32_MAX)
                r.by_file[r.file_links[r.link_file[i] + 1]++] = (uint32_t)i;
        rc = dotenv_contexts(&r);
    }
    if (rc == ENVSCAN_OK)
        rc = scoped_contexts(&r);
    free(r.by_path);
    free(r.link_file);
    free(r.file_links);
    free(r.e);
    free(r.chain);
    return rc;
}

const char *es_context_name(es_arena *a, const es_context *c, const es_cfile *files)
{
    const char *path = files[c->file].path;
    switch (c->kind) {
    case ES_CONTEXT_DOTENV:
        return es_arena_printf(a, "%.*s (%s)", c->dir_len ? (int)c->dir_len : 2,
                               c->dir_len ? path : "./", *c->scope ? c->scope : "default");
    case ES_CONTEXT_COMPOSE:
        return es_arena_printf(a, "%s service %s", path, c->scope ? c->scope : "?");
    case ES_CONTEXT_KUBERNETES:
        return es_arena_printf(a, "%s %s", path, c->scope ? c->scope : "?");
    default:
        return c->scope ? es_arena_printf(a, "%s [%s]", path, c->scope)
                        : es_arena_printf(a, "%s", path);
    }
}
