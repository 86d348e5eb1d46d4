/*
 * link.c — links between files and objects: compose `env_file`, systemd
 * `EnvironmentFile=`, Kubernetes `envFrom` and `valueFrom` key references.
 *
 * Parsers only write links down (es_sink_link) and declare the objects
 * links may name (es_sink_object). Everything that needs the whole tree
 * happens here, after the parallel parse, over a copy of every file's
 * links and objects (es_link_set): the same code runs whether the files
 * were kept or streamed to a callback, and the outcome depends on the
 * tree only, never on thread count or timing.
 *
 * Paths (compose). A relative env_file is relative to the compose file's
 * directory and is cleaned lexically, as compose does (Go's filepath.Join:
 * `a/../b` is `b` even when `a` is a symbolic link). The result is named
 * the way the walk names paths (root joined with the path below it), so a
 * target the walk collected is found by name. A target outside every
 * scanned root is not read: a scan reads only the trees it was given (a
 * repository's `../../secrets.env` lives on someone's machine, not in the
 * repository), and a symbolic link inside a root that leads out of it is
 * outside too. A root that is a file counts as its directory.
 *
 * systemd. EnvironmentFile= names a path on the machine that runs the
 * unit; systemd ignores a relative one. The scanning machine's /etc is
 * not that machine's, so the path is looked up with the unit's scanned
 * root taken as `/`: scanning an image or rootfs (ROOT/etc/systemd/...,
 * ROOT/etc/default/app) links and reads the file; in a repository, where
 * no ROOT/etc/default/app exists, the link stays unresolved with an info
 * diagnostic saying why. No other guess is made at which folder of a
 * repository is installed where.
 *
 * Kubernetes. envFrom and valueFrom name a ConfigMap or Secret; it is
 * looked up among the scanned objects by kind and name, and namespace
 * when both sides write one (an object without metadata.namespace goes
 * where it is applied, so it matches any). The first match in path order
 * wins. A missing object is a warning, not an error: clusters are often
 * given objects (Secrets above all) that no repository holds.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

/* ------------------------------------------------------------------ paths */

/* Clean a '/'-separated path lexically: drop "." and empty parts, let
 * ".." remove the part before it (at the top of an absolute path it
 * stays at "/"; at the top of a relative one it is kept). Returns a
 * malloc'd string ("." for nothing left), or NULL on OOM. */
static char *clean(const char *p)
{
    size_t n = strlen(p);
    bool abs = p[0] == '/';
    char *out = malloc(n + 2);
    size_t *stops = malloc((n / 2 + 2) * sizeof *stops); /* part starts in out */
    if (!out || !stops) {
        free(out);
        free(stops);
        return NULL;
    }
    size_t o = 0, ns = 0, fixed = 0; /* fixed: leading ".." parts, kept */
    if (abs)
        out[o++] = '/';
    for (size_t i = 0; i < n;) {
        while (i < n && p[i] == '/')
            i++;
        size_t j = i;
        while (j < n && p[j] != '/')
            j++;
        size_t len = j - i;
        if (len == 0 || (len == 1 && p[i] == '.')) {
            i = j;
            continue;
        }
        if (len == 2 && p[i] == '.' && p[i + 1] == '.') {
            if (ns > fixed) {
                o = stops[--ns];
                if (o > (abs ? 1u : 0u))
                    o--; /* the separator before the removed part */
                i = j;
                continue;
            }
            if (abs) { /* "/.." is "/" */
                i = j;
                continue;
            }
            fixed++;
        }
        if (o > (abs ? 1u : 0u))
            out[o++] = '/';
        stops[ns++] = o;
        memcpy(out + o, p + i, len);
        o += len;
        i = j;
    }
    if (o == 0)
        out[o++] = '.';
    out[o] = '\0';
    free(stops);
    return out;
}

/* a/b, with "" and "." on either side meaning nothing. */
static char *join(const char *a, const char *b)
{
    bool none_a = !a[0], none_b = !b[0] || strcmp(b, ".") == 0;
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 2);
    if (!s)
        return NULL;
    if (none_b)
        memcpy(s, a, la + 1);
    else if (none_a)
        memcpy(s, b, lb + 1);
    else
        snprintf(s, la + lb + 2, "%s%s%s", a, a[la - 1] == '/' ? "" : "/", b);
    return s;
}

/* Is `p` (clean, absolute) `dir` or below it? Sets *rest to the part below. */
static bool below(const char *p, const char *dir, const char **rest)
{
    size_t n = strlen(dir);
    if (strcmp(dir, "/") == 0) {
        *rest = p + 1;
        return true;
    }
    if (strncmp(p, dir, n) != 0 || (p[n] != '/' && p[n] != '\0'))
        return false;
    *rest = p[n] ? p + n + 1 : p + n;
    return true;
}

int es_link_set_init(es_link_set *ls, const char *const *roots, size_t n)
{
    memset(ls, 0, sizeof *ls);
    es_arena_init(&ls->arena);
    es_vec_init(&ls->links, sizeof(es_link));
    es_vec_init(&ls->objects, sizeof(es_object));
    ls->root_name = calloc(n ? n : 1, sizeof *ls->root_name);
    ls->root_real = calloc(n ? n : 1, sizeof *ls->root_real);
    RETURN_IF(!ls->root_name || !ls->root_real, ENVSCAN_E_NOMEM);
    for (size_t i = 0; i < n; i++) {
        /* the walk's name for the root: trailing '/'s dropped, "." = "" */
        size_t len = strlen(roots[i]);
        while (len > 1 && roots[i][len - 1] == '/')
            len--;
        char *name = strndup(roots[i], len);
        RETURN_IF(!name, ENVSCAN_E_NOMEM);
        struct stat st;
        if (stat(name, &st) == 0 && S_ISREG(st.st_mode)) {
            char *slash = strrchr(name, '/');
            if (!slash)
                name[0] = '\0';
            else
                slash[slash == name] = '\0'; /* "/f" -> "/" */
        }
        if (strcmp(name, ".") == 0)
            name[0] = '\0';
        ls->root_name[ls->n_roots] = name;
        char *real = realpath(name[0] ? name : ".", NULL);
        if (!real) { /* vanished since the walk: no link resolves in it */
            free(name);
            continue;
        }
        ls->root_real[ls->n_roots++] = real;
    }
    return ENVSCAN_OK;
}

void es_link_set_free(es_link_set *ls)
{
    for (size_t i = 0; i < ls->n_roots; i++) {
        free(ls->root_name[i]);
        free(ls->root_real[i]);
    }
    free(ls->root_name);
    free(ls->root_real);
    es_vec_free(&ls->links);
    es_vec_free(&ls->objects);
    es_arena_free(&ls->arena);
}

/* The root `from` was walked from: the longest root name that prefixes it. */
static long root_of(const es_link_set *ls, const char *from)
{
    long best = -1;
    size_t best_len = 0;
    for (size_t i = 0; i < ls->n_roots; i++) {
        const char *r = ls->root_name[i];
        size_t n = strlen(r);
        bool in = n == 0 ? from[0] != '/'
                         : strncmp(from, r, n) == 0 && (from[n] == '/' || r[n - 1] == '/');
        if (in && (best < 0 || n > best_len)) {
            best = (long)i;
            best_len = n;
        }
    }
    return best;
}

/* Name an absolute clean path as the walk would: the root (longest real
 * path) holding it, joined with the part below. NULL when outside. */
static char *walk_name(const es_link_set *ls, const char *abs, bool *oom)
{
    long best = -1;
    size_t best_len = 0;
    const char *rest = NULL;
    for (size_t i = 0; i < ls->n_roots; i++) {
        const char *r;
        if (below(abs, ls->root_real[i], &r) && (best < 0 || strlen(ls->root_real[i]) > best_len)) {
            best = (long)i;
            best_len = strlen(ls->root_real[i]);
            rest = r;
        }
    }
    if (best < 0)
        return NULL;
    char *s = join(ls->root_name[best], rest);
    *oom = !s;
    return s;
}

static long find_path(const char *const *paths, size_t n, const char *p)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(paths[mid], p);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int target_in(const es_link_set *ls, const char *from, const char *target,
                     bool rooted, const char *const *paths, size_t n, char **name,
                     size_t *index)
{
    *name = NULL;
    long r = root_of(ls, from);
    if (r < 0) /* not below a root we know: say outside */
        return ES_TARGET_OUTSIDE;
    /* the absolute, clean path the compose file means */
    const char *rn = ls->root_name[r];
    size_t skip = rn[0] ? strlen(rn) + (rn[strlen(rn) - 1] != '/') : 0;
    char *dir = strdup(from + skip), *abs = NULL;
    RETURN_IF(!dir, -ENOMEM);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        dir[0] = '\0';
    if (target[0] == '/' && rooted) {
        char *t = join(ls->root_real[r], target + 1);
        abs = t ? clean(t) : NULL;
        free(t);
    } else if (target[0] == '/') {
        abs = clean(target);
    } else {
        char *d = join(ls->root_real[r], dir), *t = d ? join(d, target) : NULL;
        abs = t ? clean(t) : NULL;
        free(d);
        free(t);
    }
    free(dir);
    RETURN_IF(!abs, -ENOMEM);
    bool oom = false;
    char *nm = walk_name(ls, abs, &oom);
    if (!nm) {
        if (oom) {
            free(abs);
            return -ENOMEM;
        }
        *name = abs;
        return ES_TARGET_OUTSIDE;
    }
    free(abs);
    *name = nm;
    long at = find_path(paths, n, nm);
    if (at >= 0) {
        *index = (size_t)at;
        return ES_TARGET_WALKED;
    }
    struct stat st;
    if (stat(nm, &st) != 0)
        return ES_TARGET_MISSING;
    if (!S_ISREG(st.st_mode))
        return ES_TARGET_NOT_FILE;
    /* a symbolic link inside a root may lead out of every root */
    char *real = realpath(nm, NULL);
    if (!real)
        return errno == ENOMEM ? -ENOMEM : ES_TARGET_MISSING;
    char *in = walk_name(ls, real, &oom);
    free(real);
    free(in);
    if (oom)
        return -ENOMEM;
    return in ? ES_TARGET_UNWALKED : ES_TARGET_OUTSIDE;
}

int es_link_lookup(const es_link_set *ls, envscan_format format, const char *from,
                   const char *target, const char *const *paths, size_t n, char **name,
                   size_t *index)
{
    *name = NULL;
    if (format == ENVSCAN_FORMAT_COMPOSE)
        return strchr(target, '$') ? ES_TARGET_NONE
                                   : target_in(ls, from, target, false, paths, n, name, index);
    if (target[0] != '/' || strchr(target, '%'))
        return ES_TARGET_NONE;
    return target_in(ls, from, target, true, paths, n, name, index);
}

/* --------------------------------------------------------------- harvest */

static const char *keep(es_arena *a, const char *s, bool *oom)
{
    if (!s)
        return NULL;
    char *c = es_arena_strndup(a, s, strlen(s));
    *oom |= !c;
    return c;
}

static int link_pos_cmp(const void *a, const void *b)
{
    const es_link *const *x = a, *const *y = b;
    if ((*x)->pub.line != (*y)->pub.line)
        return (*x)->pub.line < (*y)->pub.line ? -1 : 1;
    if ((*x)->pub.column != (*y)->pub.column)
        return (*x)->pub.column < (*y)->pub.column ? -1 : 1;
    return *x < *y ? -1 : *x > *y; /* the order written: stable */
}

int es_link_harvest(es_link_set *ls, const es_file_out *fo)
{
    bool oom = false;
    size_t n = fo->links.len;
    const es_link **order = malloc((n ? n : 1) * sizeof *order);
    RETURN_IF(!order, ENVSCAN_E_NOMEM);
    for (size_t i = 0; i < n; i++)
        order[i] = &ES_VEC_AT(&fo->links, es_link, i);
    qsort(order, n, sizeof *order, link_pos_cmp);
    const char *file = n || fo->objects.len ? keep(&ls->arena, fo->file.path, &oom) : NULL;
    for (size_t i = 0; i < n && !oom; i++) {
        es_link *l = es_vec_push(&ls->links);
        if (!l) {
            oom = true;
            break;
        }
        *l = *order[i];
        l->pub.file = file;
        l->pub.scope = keep(&ls->arena, l->pub.scope, &oom);
        l->pub.target = keep(&ls->arena, l->pub.target, &oom);
        l->pub.prefix = keep(&ls->arena, l->pub.prefix, &oom);
        l->pub.key = keep(&ls->arena, l->pub.key, &oom);
        l->ns = keep(&ls->arena, l->ns, &oom);
    }
    free(order);
    for (size_t i = 0; i < fo->objects.len && !oom; i++) {
        const es_object *src = &ES_VEC_AT(&fo->objects, es_object, i);
        es_object *o = es_vec_push(&ls->objects);
        const char **k = es_arena_alloc(&ls->arena, (src->n_keys ? src->n_keys : 1) * sizeof *k);
        if (!o || !k) {
            oom = true;
            break;
        }
        *o = (es_object){.file = file, .line = src->line, .kind = keep(&ls->arena, src->kind, &oom),
                         .name = keep(&ls->arena, src->name, &oom),
                         .ns = keep(&ls->arena, src->ns, &oom), .keys = k, .n_keys = src->n_keys};
        for (size_t j = 0; j < src->n_keys; j++)
            k[j] = keep(&ls->arena, src->keys[j], &oom);
    }
    return oom ? ENVSCAN_E_NOMEM : ENVSCAN_OK;
}

/* ------------------------------------------------------------- resolution */

/* Move a link's strings into the result's arena. */
static void to_result(es_arena *a, envscan_link *l, bool *oom)
{
    l->file = keep(a, l->file, oom);
    l->scope = keep(a, l->scope, oom);
    l->target = keep(a, l->target, oom);
    l->prefix = keep(a, l->prefix, oom);
    l->key = keep(a, l->key, oom);
    l->target_file = keep(a, l->target_file, oom);
}

typedef struct pending {
    envscan_severity sev;
    const char *code;
    char msg[512];
} pending;

static void say(pending *p, envscan_severity sev, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void say(pending *p, envscan_severity sev, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
    p->sev = sev;
    p->code = code;
}

static const char *svc(const envscan_link *l) { return l->scope ? l->scope : "?"; }

/* A compose env_file link. */
static int resolve_compose(es_link_set *ls, envscan_link *l, const char *const *paths,
                           const uint8_t *linked, size_t n, const char **file, pending *p)
{
    char *name = NULL;
    size_t at = 0;
    int t = es_link_lookup(ls, ENVSCAN_FORMAT_COMPOSE, l->file, l->target, paths, n, &name, &at);
    RETURN_IF(t < 0, ENVSCAN_E_NOMEM);
    if (t == ES_TARGET_NONE) {
        /* compose interpolates the path from the environment it runs in,
         * which a scan does not know: neither read nor called missing */
        say(p, ENVSCAN_SEVERITY_INFO, "env-file-unresolved",
            "service %s: env_file %s: the path is interpolated from the environment "
            "docker compose runs in; not looked up",
            svc(l), l->target);
        return ENVSCAN_OK;
    }
    bool req = l->flags & ENVSCAN_LINK_REQUIRED;
    envscan_severity miss = req ? ENVSCAN_SEVERITY_ERROR : ENVSCAN_SEVERITY_INFO;
    const char *then = req ? "docker compose refuses to run the service"
                           : "optional (required: false): docker compose goes on without it";
    switch (t) {
    case ES_TARGET_WALKED:
        l->flags |= ENVSCAN_LINK_RESOLVED | (linked && linked[at] ? ENVSCAN_LINK_READ : 0);
        *file = paths[at];
        break;
    case ES_TARGET_MISSING:
        say(p, miss, "env-file-missing", "service %s: env_file %s: no such file (%s); %s",
            svc(l), l->target, name, then);
        break;
    case ES_TARGET_NOT_FILE:
        say(p, miss, "env-file-missing", "service %s: env_file %s: %s is not a regular file; %s",
            svc(l), l->target, name, then);
        break;
    case ES_TARGET_UNWALKED: /* appeared after the walk */
        say(p, miss, "env-file-missing",
            "service %s: env_file %s: %s appeared while the tree was scanned; not read",
            svc(l), l->target, name);
        break;
    default:
        say(p, ENVSCAN_SEVERITY_WARNING, "env-file-outside",
            "service %s: env_file %s: outside the scanned paths; not read", svc(l), l->target);
        break;
    }
    free(name);
    return ENVSCAN_OK;
}

/* A systemd EnvironmentFile= link: never resolved (see the top). */
static int resolve_systemd(es_link_set *ls, envscan_link *l, const char *const *paths,
                           const uint8_t *linked, size_t n, const char **file, pending *p)
{
    const char *opt = l->flags & ENVSCAN_LINK_REQUIRED ? "" : " (optional)";
    const char *pct = strchr(l->target, '%');
    if (l->target[0] != '/' && l->target[0] != '%') {
        say(p, ENVSCAN_SEVERITY_WARNING, "env-file-unresolved",
            "EnvironmentFile=%s%s: not an absolute path; systemd ignores it", l->target, opt);
        return ENVSCAN_OK;
    }
    if (pct) {
        say(p, ENVSCAN_SEVERITY_INFO, "env-file-unresolved",
            "EnvironmentFile=%s%s: holds the specifier %%%c, known only where the unit runs; "
            "not resolved", l->target, opt, pct[1] ? pct[1] : '%');
        return ENVSCAN_OK;
    }
    char *name = NULL;
    size_t at = 0;
    int t = es_link_lookup(ls, ENVSCAN_FORMAT_SYSTEMD, l->file, l->target, paths, n, &name, &at);
    RETURN_IF(t < 0, ENVSCAN_E_NOMEM);
    free(name);
    if (t == ES_TARGET_WALKED) {
        l->flags |= ENVSCAN_LINK_RESOLVED | (linked && linked[at] ? ENVSCAN_LINK_READ : 0);
        *file = paths[at];
    } else {
        say(p, ENVSCAN_SEVERITY_INFO, "env-file-unresolved",
            "EnvironmentFile=%s%s: a path on the machine that runs the unit, not found with "
            "the scanned root as that machine's /; not read",
            l->target, opt);
    }
    return ENVSCAN_OK;
}

static const es_object *find_object(const es_link_set *ls, const es_link *l)
{
    const char *slash = strchr(l->pub.target, '/');
    if (!slash)
        return NULL;
    size_t kl = (size_t)(slash - l->pub.target);
    for (size_t i = 0; i < ls->objects.len; i++) {
        const es_object *o = &ES_VEC_AT(&ls->objects, es_object, i);
        if (strlen(o->kind) == kl && memcmp(o->kind, l->pub.target, kl) == 0 &&
            strcmp(o->name, slash + 1) == 0 && (!o->ns || !l->ns || strcmp(o->ns, l->ns) == 0))
            return o;
    }
    return NULL;
}

/* A Kubernetes envFrom or valueFrom key link. */
static void resolve_object(const es_link_set *ls, const es_link *il, envscan_link *l,
                           const char **file, pending *p)
{
    const es_object *o = find_object(ls, il);
    bool req = l->flags & ENVSCAN_LINK_REQUIRED;
    envscan_severity sev = req ? ENVSCAN_SEVERITY_WARNING : ENVSCAN_SEVERITY_INFO;
    if (!o) {
        if (l->kind == ENVSCAN_LINK_ENV_FROM)
            say(p, sev, "config-object-missing",
                "%s: envFrom %s%s%s: not among the scanned files (it may be created outside "
                "the repository)%s", svc(l), l->target, il->ns ? " in namespace " : "",
                il->ns ? il->ns : "", req ? "" : "; optional");
        return;
    }
    l->flags |= ENVSCAN_LINK_RESOLVED;
    *file = o->file;
    if (l->kind != ENVSCAN_LINK_KEY_REF)
        return;
    for (size_t i = 0; i < o->n_keys; i++)
        if (strcmp(o->keys[i], l->key) == 0)
            return;
    say(p, sev, "missing-config-key", "%s: %s (%s) has no key '%s'%s", svc(l), l->target,
        o->file, l->key,
        req ? ": the pod does not start" : "; optional: the variable is left unset");
}

int es_link_resolve(es_link_set *ls, envscan_result *res, const char *const *paths,
                    const uint8_t *linked, size_t n)
{
    size_t nl = ls->links.len;
    if (nl == 0)
        return ENVSCAN_OK;
    es_arena *a = &res->arena;
    envscan_link *out = es_arena_alloc(a, nl * sizeof *out);
    size_t *which = es_arena_alloc(a, nl * sizeof *which);
    envscan_diagnostic *diags = es_arena_alloc(a, (res->n_diags + nl) * sizeof *diags);
    RETURN_IF(!out || !which || !diags, ENVSCAN_E_NOMEM);
    if (res->n_diags)
        memcpy(diags, res->diags, res->n_diags * sizeof *diags);
    size_t nd = res->n_diags;
    bool oom = false;
    for (size_t i = 0; i < nl; i++) {
        es_link *il = &ES_VEC_AT(&ls->links, es_link, i);
        envscan_link *l = &out[i];
        *l = il->pub;
        const char *file = NULL;
        pending p = {.code = NULL};
        if (l->kind == ENVSCAN_LINK_ENV_FILE && il->format == ENVSCAN_FORMAT_COMPOSE)
            FORWARD_IF_ERROR(resolve_compose(ls, l, paths, linked, n, &file, &p));
        else if (l->kind == ENVSCAN_LINK_ENV_FILE)
            FORWARD_IF_ERROR(resolve_systemd(ls, l, paths, linked, n, &file, &p));
        else
            resolve_object(ls, il, l, &file, &p);
        l->target_file = file;
        to_result(a, l, &oom);
        which[i] = SIZE_MAX;
        if (!p.code)
            continue;
        which[i] = nd;
        envscan_diagnostic *d = &diags[nd++];
        *d = (envscan_diagnostic){.code = p.code, .severity = p.sev,
                                  .message = keep(a, p.msg, &oom), .file = l->file,
                                  .line = l->line, .column = l->column};
        res->stats[p.sev == ENVSCAN_SEVERITY_ERROR     ? ENVSCAN_STAT_ERRORS
                   : p.sev == ENVSCAN_SEVERITY_WARNING ? ENVSCAN_STAT_WARNINGS
                                                       : ENVSCAN_STAT_INFOS]++;
    }
    RETURN_IF(oom, ENVSCAN_E_NOMEM);
    res->n_link_diags = nd - res->n_diags;
    res->diags = diags;
    res->n_diags = nd;
    res->links = out;
    res->link_diag = which;
    res->n_links = nl;
    return ENVSCAN_OK;
}

/* A buffer scan keeps its links as written, unresolved. */
int es_link_keep(envscan_result *res, const es_file_out *fo)
{
    size_t nl = fo->links.len;
    if (nl == 0)
        return ENVSCAN_OK;
    es_link_set ls;
    memset(&ls, 0, sizeof ls);
    es_arena_init(&ls.arena);
    es_vec_init(&ls.links, sizeof(es_link));
    es_vec_init(&ls.objects, sizeof(es_object));
    int rc = es_link_harvest(&ls, fo);
    envscan_link *out = rc == ENVSCAN_OK ? es_arena_alloc(&res->arena, nl * sizeof *out) : NULL;
    size_t *which = out ? es_arena_alloc(&res->arena, nl * sizeof *which) : NULL;
    if (rc == ENVSCAN_OK && (!out || !which))
        rc = ENVSCAN_E_NOMEM;
    bool oom = false;
    for (size_t i = 0; rc == ENVSCAN_OK && i < nl; i++) {
        out[i] = ES_VEC_AT(&ls.links, es_link, i).pub;
        to_result(&res->arena, &out[i], &oom);
        which[i] = SIZE_MAX;
    }
    if (rc == ENVSCAN_OK && oom)
        rc = ENVSCAN_E_NOMEM;
    if (rc == ENVSCAN_OK) {
        res->links = out;
        res->link_diag = which;
        res->n_links = nl;
    }
    es_link_set_free(&ls);
    return rc;
}
