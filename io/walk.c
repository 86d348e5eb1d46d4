/*
 * walk.c — the parallel directory walk.
 *
 * Why it looks like this. On trees of many small files the cost is system
 * calls, not bytes (ARCHITECTURE.md), so the walk spends as few as it can
 * per file: one readdir stream per directory; d_type to tell files from
 * directories without a stat; fstatat relative to the open directory only
 * where d_type is unknown, or where a returned file's size or identity is
 * needed (a max_file_size limit, or several roots whose files must be told
 * apart by device and inode) — otherwise the reader's fstat after open is
 * the only one a file costs, which matters once source files are read
 * (one stat fewer per file: about 15% of a clean-tree scan's system
 * calls); rules files opened only when the listing shows them. No file is
 * ever opened, so a FIFO, socket or device cannot block us.
 *
 * Parallelism: directories are tasks on one LIFO stack shared by
 * opts->threads workers (the calling thread is one of them). A stack keeps
 * the pending set near depth x fan-out instead of a whole level of the tree.
 * The walk is done when the stack is empty and no worker holds a task.
 * Workers collect entries and diags privately; the merge sorts them by
 * path, so the result is byte-for-byte the same for any thread count.
 *
 * Ignore rules: a directory with a rules file or a .git gets an immutable,
 * reference-counted `rules` node that points to the nearest such node
 * above it (the root's parent directories included); other directories
 * share their parent's node. Precedence is ripgrep's: first by kind —
 * the caller's extra patterns > .envscanignore > .ignore > .gitignore >
 * .git/info/exclude — and within a kind the deepest directory with a
 * matching line decides (within a file, the last matching line). A
 * whitelist (`!`) is a decision too: it stops the search. .gitignore and
 * exclude apply only inside a repository (a `.git` directory or file in
 * the directory or above it) and never across a nested repository's top.
 * .gitignore, .ignore and .envscanignore are never followed when they are
 * symbolic links (git does not follow them either).
 *
 * What is returned: regular files with an env name (see classify.c), with
 * ES_ENTRY_IGNORED when a rule ignores them, because env files are where
 * secrets are. Ignored directories are not entered (so, as git says, a
 * file below one cannot be re-included). Other files are only counted.
 * Symbolic links are skipped and counted unless following is on; then a
 * directory that is its own ancestor (by st_dev, st_ino) is reported as a
 * loop and not entered. `.git` is never entered.
 */
#include "io_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS ES_WALK_MAX_THREADS
#define FILE_BATCH ES_WALK_FILE_BATCH
#define RULES_MAX_SIZE (64u << 20) /* a bigger rules file is reported, not read */

enum { RK_ENVSCAN, RK_IGNORE, RK_GIT, RK_EXCLUDE, RK_N };
static const char *const rules_file[RK_EXCLUDE] = {".envscanignore", ".ignore", ".gitignore"};

struct rules {
    atomic_size_t refs;
    struct rules *parent;
    es_ignore *ig[RK_N];
    char *prefix;      /* parents of a root only: the root's real path below
                          this directory, prepended to paths to match     */
    size_t prefixlen;
    unsigned char has_git, any_git; /* any_git: here or above            */
};

struct anc { /* the directories on a path, when following symbolic links */
    atomic_size_t refs;
    struct anc *parent;
    dev_t dev;
    ino_t ino;
};

struct ent;

struct task {
    struct task *next;
    struct ent *files;   /* a batch of found files for on_entry, or NULL  */
    size_t nfiles;       /*   (then the task is not a directory)          */
    struct rules *rules; /* reference held */
    struct anc *anc;     /* reference held */
    uint32_t root;
    uint8_t via_link;    /* reached through a symbolic link: open it so   */
    size_t rel_off;      /* path + rel_off is the path below the root     */
    size_t len;
    char path[];         /* as reported; "" for root "."                  */
};

struct ent {
    es_entry e;
    uint32_t root;
};

struct dent {
    size_t off;
    size_t len;
    unsigned char type;
};

struct walk;

struct worker {
    struct walk *w;
    unsigned index;          /* 0..threads-1, for on_entry */
    struct ent *ents;
    size_t nents, capents;
    es_walk_diag *diags;
    size_t ndiags, capdiags;
    uint64_t seen, ignored, special, links, too_big, dirs;
    uint64_t busy_ns;
    es_reader *rd;
    char *names;             /* the listing being processed */
    size_t nnames, capnames;
    struct dent *list;
    size_t nlist, caplist;
    char *buf;               /* a child's path */
    size_t capbuf;
    char *mbuf;              /* prefix + path, for rules of a root's parents */
    size_t capmbuf;
    int oom;
};

struct walk {
    const es_walk_opts *o;
    int need_stat;   /* returned files need size, device and inode */
    int inline_read; /* on_entry is called during the walk (one root) */
    unsigned nworkers;
    es_ignore *extra;
    es_glob **globs;
    size_t nglobs;
    es_glob **cglobs; /* es_walk_opts.config_globs, compiled */
    size_t ncglobs;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct task *head;
    size_t busy;      /* tasks taken and not finished */
    unsigned waiting;
    atomic_int oom;
};

/* ------------------------------------------------------------ small tools */

/* Has the caller asked the walk to stop (es_walk_opts.cancel)? A relaxed
 * load: the flag only ever goes from 0 to 1 during a walk, and the joins
 * at the end order everything else. */
static int cancelled(const struct walk *w)
{
    return w->o->cancel && atomic_load_explicit(w->o->cancel, memory_order_relaxed);
}

static void *reserve(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *q = realloc(p, n * elem);
    if (q)
        *cap = n;
    return q;
}

static struct rules *rules_ref(struct rules *r)
{
    if (r)
        atomic_fetch_add_explicit(&r->refs, 1, memory_order_relaxed);
    return r;
}

static void rules_unref(struct rules *r)
{
    while (r && atomic_fetch_sub_explicit(&r->refs, 1, memory_order_acq_rel) == 1) {
        struct rules *up = r->parent;
        for (int k = 0; k < RK_N; k++)
            es_ignore_free(r->ig[k]);
        free(r->prefix);
        free(r);
        r = up;
    }
}

static struct anc *anc_ref(struct anc *a)
{
    if (a)
        atomic_fetch_add_explicit(&a->refs, 1, memory_order_relaxed);
    return a;
}

static void anc_unref(struct anc *a)
{
    while (a && atomic_fetch_sub_explicit(&a->refs, 1, memory_order_acq_rel) == 1) {
        struct anc *up = a->parent;
        free(a);
        a = up;
    }
}

static void task_free(struct task *t)
{
    for (size_t i = 0; i < t->nfiles; i++)
        free(t->files[i].e.path); /* only when the walk stops early */
    free(t->files);
    rules_unref(t->rules);
    anc_unref(t->anc);
    free(t);
}

static unsigned char dtype_of(mode_t m)
{
    if (S_ISREG(m)) return DT_REG;
    if (S_ISDIR(m)) return DT_DIR;
    if (S_ISLNK(m)) return DT_LNK;
    if (S_ISFIFO(m)) return DT_FIFO;
    if (S_ISSOCK(m)) return DT_SOCK;
    if (S_ISCHR(m)) return DT_CHR;
    if (S_ISBLK(m)) return DT_BLK;
    return DT_UNKNOWN;
}

static const char *special_text(unsigned char type)
{
    switch (type) {
    case DT_FIFO: return "FIFO (named pipe); never opened";
    case DT_SOCK: return "socket; never opened";
    case DT_CHR: return "character device; never opened";
    default: return "block device; never opened";
    }
}

static const char *errno_text(int e, char *buf, size_t n)
{
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
    return strerror_r(e, buf, n);
#else
    return strerror_r(e, buf, n) == 0 ? buf : "unknown error";
#endif
}

/* ------------------------------------------------------- results of a worker */

static void add_diag(struct worker *wk, es_walk_diag_kind kind, const char *path,
                     int err, const char *what)
{
    char msg[512], eb[256];
    if (err)
        snprintf(msg, sizeof msg, "%s: %s", what, errno_text(err, eb, sizeof eb));
    else
        snprintf(msg, sizeof msg, "%s", what);
    void *q = reserve(wk->diags, &wk->capdiags, wk->ndiags + 1, sizeof *wk->diags);
    char *p = strdup(path[0] ? path : ".");
    char *m = strdup(msg);
    if (!q || !p || !m) {
        if (q)
            wk->diags = q;
        free(p);
        free(m);
        wk->oom = 1;
        return;
    }
    wk->diags = q;
    wk->diags[wk->ndiags++] = (es_walk_diag){kind, p, err, m};
}

static int reserve_ents(struct worker *wk, size_t n)
{
    void *q = reserve(wk->ents, &wk->capents, n, sizeof *wk->ents);
    if (!q) {
        wk->oom = 1;
        return 0;
    }
    wk->ents = q;
    return 1;
}

static void add_entry(struct worker *wk, const char *path, const struct stat *st,
                      es_file_class cls, uint32_t flags, uint32_t root)
{
    char *p = strdup(path);
    if (!p || !reserve_ents(wk, wk->nents + 1)) {
        free(p);
        wk->oom = 1;
        return;
    }
    struct ent *e = &wk->ents[wk->nents++];
    e->e = (es_entry){.path = p, .cls = cls, .flags = flags};
    if (st) {
        e->e.size = (uint64_t)st->st_size;
        e->e.dev = (uint64_t)st->st_dev;
        e->e.ino = (uint64_t)st->st_ino;
        e->e.mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
        e->e.flags |= ES_ENTRY_STATED;
    }
    e->root = root;
}

static void too_big(struct worker *wk, const char *path, const struct stat *st)
{
    char msg[128];
    snprintf(msg, sizeof msg, "file of %llu bytes is over the limit of %llu",
             (unsigned long long)st->st_size,
             (unsigned long long)wk->w->o->max_file_size);
    wk->too_big++;
    add_diag(wk, ES_WALK_DIAG_TOO_BIG, path, 0, msg);
}

/* ------------------------------------------------------------- rules files */

/* `dir/name` into wk->buf (dir "" gives name). */
static char *join(struct worker *wk, const char *dir, size_t dlen, const char *name,
                  size_t nlen, size_t *outlen)
{
    void *q = reserve(wk->buf, &wk->capbuf, dlen + nlen + 2, 1);
    if (!q) {
        wk->oom = 1;
        return NULL;
    }
    wk->buf = q;
    size_t n = 0;
    if (dlen) {
        memcpy(wk->buf, dir, dlen);
        n = dlen;
        if (wk->buf[n - 1] != '/')
            wk->buf[n++] = '/';
    }
    memcpy(wk->buf + n, name, nlen);
    n += nlen;
    wk->buf[n] = 0;
    *outlen = n;
    return wk->buf;
}

/* Compile the rules file `name` (relative to `dfd`, shown as dir/name in
 * diags) with `base`. Absent, a symbolic link (with nofollow) or not a
 * regular file: no rules, as in git. NULL also when out of memory. */
static es_ignore *load_rules(struct worker *wk, int dfd, const char *dir, const char *name,
                             int nofollow, const char *base)
{
    const uint8_t *data;
    size_t len, plen;
    int rc = es_reader_read_at(wk->rd, dfd, name, RULES_MAX_SIZE, nofollow, &data, &len);
    if (rc == -ENOENT || rc == -ELOOP || rc == -ENOTSUP || rc == -ENOTDIR)
        return NULL;
    if (rc < 0) {
        if (rc == -ENOMEM)
            wk->oom = 1;
        else if (join(wk, dir, strlen(dir), name, strlen(name), &plen))
            add_diag(wk, ES_WALK_DIAG_ERROR, wk->buf, -rc, "cannot read ignore file");
        return NULL;
    }
    es_ignore *ig = es_ignore_compile(base, (const char *)data, len);
    if (!ig)
        wk->oom = 1;
    return ig;
}

/* The first line of a small file relative to dfd, trailing whitespace
 * removed, malloc'ed; NULL when unreadable. */
static char *read_line(struct worker *wk, int dfd, const char *name)
{
    const uint8_t *data;
    size_t len;
    if (es_reader_read_at(wk->rd, dfd, name, 1u << 16, 0, &data, &len) != 0)
        return NULL;
    const char *nl = memchr(data, '\n', len);
    if (nl)
        len = (size_t)((const uint8_t *)nl - data);
    while (len && (data[len - 1] == '\r' || data[len - 1] == ' ' || data[len - 1] == '\t'))
        len--;
    char *s = strndup((const char *)data, len);
    if (!s)
        wk->oom = 1;
    return s;
}

/* .git/info/exclude of the repository whose `.git` is in dfd. A `.git`
 * file (worktree, submodule) says "gitdir: DIR"; a worktree's DIR has a
 * `commondir` file naming the directory that holds info/exclude. */
static es_ignore *load_exclude(struct worker *wk, int dfd, const char *dir, int git_is_dir,
                               const char *base)
{
    if (git_is_dir)
        return load_rules(wk, dfd, dir, ".git/info/exclude", 0, base);
    char *line = read_line(wk, dfd, ".git");
    if (!line)
        return NULL;
    es_ignore *ig = NULL;
    if (strncmp(line, "gitdir:", 7) == 0) {
        const char *gd = line + 7 + strspn(line + 7, " \t");
        char *p, *ex;
        if (asprintf(&p, "%s/commondir", gd) < 0) {
            wk->oom = 1;
            free(line);
            return NULL;
        }
        char *common = read_line(wk, dfd, p);
        int n = !common ? asprintf(&ex, "%s/info/exclude", gd)
                : common[0] == '/' ? asprintf(&ex, "%s/info/exclude", common)
                                   : asprintf(&ex, "%s/%s/info/exclude", gd, common);
        if (n < 0) {
            wk->oom = 1;
        } else {
            ig = load_rules(wk, dfd, dir, ex, 0, base);
            free(ex);
        }
        free(common);
        free(p);
    }
    free(line);
    return ig;
}

/* 0: no .git here; 1: a directory; 2: a file (following symbolic links,
 * as ripgrep's "exists" test does). */
static int git_kind(int dfd, unsigned char type)
{
    struct stat st;
    if (type == DT_DIR)
        return 1;
    if (type == DT_REG)
        return 2;
    if (fstatat(dfd, ".git", &st, 0) != 0)
        return 0;
    return S_ISDIR(st.st_mode) ? 1 : S_ISREG(st.st_mode) ? 2 : 0;
}

/* The rules node of the directory being listed, or NULL when it has no
 * rules file and no .git (then its parent's node serves). */
static struct rules *dir_rules(struct worker *wk, const struct task *t, int dfd,
                               const char *dir, const char *base)
{
    int have[RK_EXCLUDE] = {0}, git = 0, any = 0;
    for (size_t i = 0; i < wk->nlist; i++) {
        const char *nm = wk->names + wk->list[i].off;
        if (nm[0] != '.')
            continue;
        if (strcmp(nm, ".git") == 0) {
            git = git_kind(dfd, wk->list[i].type);
            any |= git;
        }
        for (int k = 0; k < RK_EXCLUDE; k++)
            if (strcmp(nm, rules_file[k]) == 0)
                any = have[k] = 1;
    }
    if (!any)
        return NULL;
    struct rules *r = calloc(1, sizeof *r);
    if (!r) {
        wk->oom = 1;
        return NULL;
    }
    atomic_init(&r->refs, 1);
    r->parent = rules_ref(t->rules);
    r->has_git = git != 0;
    r->any_git = r->has_git || (t->rules && t->rules->any_git);
    for (int k = 0; k < RK_EXCLUDE; k++)
        if (have[k] && (k != RK_GIT || r->any_git))
            r->ig[k] = load_rules(wk, dfd, dir, rules_file[k], 1, base);
    if (git)
        r->ig[RK_EXCLUDE] = load_exclude(wk, dfd, dir, git == 1, base);
    return r;
}

/* Rules files in the parent directories of a root (real path `rp`), up to
 * "/": .envscanignore and .ignore everywhere, .gitignore and the exclude
 * file up to the top of the repository that holds the root. Returns the
 * nearest node (its reference is the caller's) or NULL. */
static struct rules *parent_rules(struct worker *wk, char *rp)
{
    size_t len = strlen(rp), depth = 0;
    for (size_t i = 0; i < len; i++)
        depth += rp[i] == '/';
    struct rules **lv = calloc(depth + 1, sizeof *lv);
    if (!lv) {
        wk->oom = 1;
        return NULL;
    }
    size_t nlv = 0;
    /* A root that is the top of a repository: no .gitignore above it. */
    int git_done = 0, rfd = open(rp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rfd >= 0) {
        git_done = git_kind(rfd, DT_UNKNOWN) != 0;
        close(rfd);
    }

    for (size_t end = len; end > 1 && !wk->oom;) {
        size_t cut = end;
        while (rp[cut - 1] != '/')
            cut--;
        char *dir = strndup(rp, cut > 1 ? cut - 1 : 1);
        if (!dir) {
            wk->oom = 1;
            break;
        }
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            int git = git_done ? 0 : git_kind(dfd, DT_UNKNOWN);
            struct rules *r = calloc(1, sizeof *r);
            if (r) {
                atomic_init(&r->refs, 1);
                r->prefix = strdup(rp + cut);
                r->prefixlen = strlen(rp + cut);
            }
            if (!r || !r->prefix) {
                wk->oom = 1;
                free(r);
            } else {
                r->ig[RK_ENVSCAN] = load_rules(wk, dfd, dir, rules_file[RK_ENVSCAN], 1, "");
                r->ig[RK_IGNORE] = load_rules(wk, dfd, dir, rules_file[RK_IGNORE], 1, "");
                if (!git_done)
                    r->ig[RK_GIT] = load_rules(wk, dfd, dir, rules_file[RK_GIT], 1, "");
                if (git) {
                    r->has_git = 1;
                    r->ig[RK_EXCLUDE] = load_exclude(wk, dfd, dir, git == 1, "");
                    git_done = 1;
                }
                if (r->has_git || r->ig[0] || r->ig[1] || r->ig[2] || r->ig[3]) {
                    lv[nlv++] = r;
                } else {
                    free(r->prefix);
                    free(r);
                }
            }
            close(dfd);
        }
        free(dir);
        end = cut - 1;
    }
    for (size_t i = nlv; i-- > 0;) {
        lv[i]->parent = i + 1 < nlv ? lv[i + 1] : NULL;
        lv[i]->any_git = lv[i]->has_git || (lv[i]->parent && lv[i]->parent->any_git);
    }
    struct rules *nearest = nlv ? lv[0] : NULL;
    free(lv);
    return nearest;
}

/* ---------------------------------------------------------------- matching */

static es_ignore_match match_node(struct worker *wk, const struct rules *r, int k,
                                  const char *rel, size_t len, size_t name_off, int is_dir)
{
    if (!r->prefix)
        return es_ignore_match_path(r->ig[k], rel, len, name_off, is_dir);
    size_t n = r->prefixlen + 1 + len;
    void *q = reserve(wk->mbuf, &wk->capmbuf, n + 1, 1);
    if (!q) {
        wk->oom = 1;
        return ES_IGNORE_NONE;
    }
    wk->mbuf = q;
    memcpy(wk->mbuf, r->prefix, r->prefixlen);
    wk->mbuf[r->prefixlen] = '/';
    memcpy(wk->mbuf + r->prefixlen + 1, rel, len);
    wk->mbuf[n] = 0;
    return es_ignore_match_path(r->ig[k], wk->mbuf, n, r->prefixlen + 1 + name_off, is_dir);
}

/* The decision for `rel` (path below the root; base name at name_off). */
static es_ignore_match decide(struct worker *wk, const struct rules *chain, const char *rel,
                              size_t len, size_t name_off, int is_dir)
{
    es_ignore_match m;
    if (wk->w->extra &&
        (m = es_ignore_match_path(wk->w->extra, rel, len, name_off, is_dir)) != ES_IGNORE_NONE)
        return m;
    for (int k = 0; k < RK_N; k++) {
        if (k >= RK_GIT && !(chain && chain->any_git))
            break;
        for (const struct rules *r = chain; r; r = r->parent) {
            if (r->ig[k] &&
                (m = match_node(wk, r, k, rel, len, name_off, is_dir)) != ES_IGNORE_NONE)
                return m;
            if (k >= RK_GIT && r->has_git)
                break;
        }
    }
    return ES_IGNORE_NONE;
}

/* ------------------------------------------------------------ one directory */

static int read_listing(struct worker *wk, DIR *d)
{
    wk->nlist = wk->nnames = 0;
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(d);
        if (!de)
            return errno;
        const char *nm = de->d_name;
        if (nm[0] == '.' && (nm[1] == 0 || (nm[1] == '.' && nm[2] == 0)))
            continue;
        size_t n = strlen(nm);
        void *q = reserve(wk->names, &wk->capnames, wk->nnames + n + 1, 1);
        if (!q)
            return ENOMEM;
        wk->names = q;
        q = reserve(wk->list, &wk->caplist, wk->nlist + 1, sizeof *wk->list);
        if (!q)
            return ENOMEM;
        wk->list = q;
        memcpy(wk->names + wk->nnames, nm, n + 1);
        wk->list[wk->nlist++] = (struct dent){wk->nnames, n, de->d_type};
        wk->nnames += n + 1;
    }
}

static void push_kid(struct worker *wk, const struct task *t, const char *path, size_t len,
                     struct rules *rules, struct anc *anc, int via_link, struct task **kids)
{
    struct task *k = calloc(1, sizeof *k + len + 1);
    if (!k) {
        wk->oom = 1;
        return;
    }
    memcpy(k->path, path, len + 1);
    k->len = len;
    k->rel_off = t->rel_off;
    k->root = t->root;
    k->via_link = (uint8_t)via_link;
    k->rules = rules_ref(rules);
    k->anc = anc_ref(anc);
    k->next = *kids;
    *kids = k;
}

/* The class of a file, and whether it is of the env family (dotenv names
 * and .envrc), which is read even when an ignore rule matches it: that is
 * where secrets are. Other files are skipped when ignored. */
static es_file_class classify(const struct walk *w, const char *name, size_t nlen, int *env)
{
    es_file_class cls = es_classify_compiled(name, nlen, w->globs, w->nglobs);
    *env = cls == ES_CLASS_DOTENV;
    for (size_t i = 0; cls == ES_CLASS_NONE && i < w->ncglobs; i++)
        if ((w->o->formats & ES_CLASS_BIT(w->o->config_classes[i])) &&
            es_glob_match(w->cglobs[i], name, nlen))
            return w->o->config_classes[i]; /* the user's config names first */
    if (cls == ES_CLASS_NONE || (nlen == 6 && memcmp(name, ".envrc", 6) == 0)) {
        es_file_class other = es_classify_format(name, nlen, w->o->formats);
        if (other != ES_CLASS_NONE)
            cls = other; /* .envrc is shell once shell is read */
    }
    return cls;
}

static void visit(struct worker *wk, const struct task *t, int dfd, struct rules *rules,
                  struct anc *anc, const char *name, size_t nlen, unsigned char type,
                  struct task **kids)
{
    const struct walk *w = wk->w;
    const es_walk_opts *o = w->o;
    if (nlen == 4 && memcmp(name, ".git", 4) == 0)
        return;
    if (name[0] == '.' && !o->hidden)
        return;
    size_t plen;
    char *path = join(wk, t->path, t->len, name, nlen, &plen);
    if (!path)
        return;
    const char *rel = path + t->rel_off;
    size_t rlen = plen - t->rel_off, noff = rlen - nlen;
    struct stat st;
    int have_st = 0, via_link = 0, env = 0;
    es_file_class cls;
    if (type == DT_UNKNOWN) {
        if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            add_diag(wk, ES_WALK_DIAG_ERROR, path, errno, "cannot stat");
            return;
        }
        type = dtype_of(st.st_mode);
        have_st = 1;
    }
    for (;;) {
        switch (type) {
        case DT_LNK:
            if (!o->follow_symlinks || via_link) {
                wk->links++;
                return;
            }
            if (fstatat(dfd, name, &st, 0) != 0) {
                int e = errno;
                add_diag(wk, e == ELOOP ? ES_WALK_DIAG_LOOP : ES_WALK_DIAG_ERROR, path, e,
                         "cannot follow symbolic link");
                return;
            }
            type = dtype_of(st.st_mode);
            have_st = via_link = 1;
            continue;
        case DT_DIR:
            if (decide(wk, rules, rel, rlen, noff, 1) != ES_IGNORE_IGNORE)
                push_kid(wk, t, path, plen, rules, anc, via_link, kids);
            return;
        case DT_REG: {
            cls = classify(w, name, nlen, &env);
            if (cls != ES_CLASS_NONE && !have_st && w->need_stat) {
                if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
                    add_diag(wk, ES_WALK_DIAG_ERROR, path, errno, "cannot stat");
                    return;
                }
                have_st = 1;
                if (!S_ISREG(st.st_mode)) { /* replaced since the listing */
                    type = dtype_of(st.st_mode);
                    continue;
                }
            }
            wk->seen++;
            es_ignore_match m = decide(wk, rules, rel, rlen, noff, 0);
            if (cls == ES_CLASS_NONE || (m == ES_IGNORE_IGNORE && !env)) {
                wk->ignored += m == ES_IGNORE_IGNORE;
                return;
            }
            if (have_st && o->max_file_size && (uint64_t)st.st_size > o->max_file_size)
                too_big(wk, path, &st);
            else
                add_entry(wk, path, have_st ? &st : NULL, cls,
                          m == ES_IGNORE_IGNORE ? ES_ENTRY_IGNORED : 0, t->root);
            return;
        }
        case DT_FIFO:
        case DT_SOCK:
        case DT_CHR:
        case DT_BLK:
            wk->special++;
            if (classify(w, name, nlen, &env) != ES_CLASS_NONE)
                add_diag(wk, ES_WALK_DIAG_SPECIAL, path, 0, special_text(type));
            return;
        default:
            return;
        }
    }
}

static void walk_dir(struct worker *wk, const struct task *t, struct task **kids)
{
    const es_walk_opts *o = wk->w->o;
    const char *dpath = t->len ? t->path : ".";
    int fd = open(dpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK |
                             (t->via_link ? 0 : O_NOFOLLOW));
    if (fd < 0) {
        add_diag(wk, ES_WALK_DIAG_ERROR, dpath, errno, "cannot open directory");
        return;
    }
    struct anc *anc = NULL;
    if (o->follow_symlinks) {
        struct stat st;
        if (fstat(fd, &st) != 0) {
            add_diag(wk, ES_WALK_DIAG_ERROR, dpath, errno, "cannot stat directory");
            close(fd);
            return;
        }
        for (const struct anc *a = t->anc; a; a = a->parent) {
            if (a->dev == st.st_dev && a->ino == st.st_ino) {
                add_diag(wk, ES_WALK_DIAG_LOOP, dpath, 0,
                         "directory loop: a symbolic link leads back to a directory above it");
                close(fd);
                return;
            }
        }
        anc = malloc(sizeof *anc);
        if (!anc) {
            wk->oom = 1;
            close(fd);
            return;
        }
        atomic_init(&anc->refs, 1);
        anc->parent = anc_ref(t->anc);
        anc->dev = st.st_dev;
        anc->ino = st.st_ino;
    }
    DIR *d = fdopendir(fd);
    if (!d) {
        add_diag(wk, ES_WALK_DIAG_ERROR, dpath, errno, "cannot read directory");
        close(fd);
        anc_unref(anc);
        return;
    }
    int e = read_listing(wk, d);
    if (e == ENOMEM)
        wk->oom = 1;
    else if (e)
        add_diag(wk, ES_WALK_DIAG_ERROR, dpath, e, "cannot read directory");
    wk->dirs++;
    int dfd = dirfd(d);
    struct rules *rules = t->rules, *own = NULL;
    if (o->use_ignore_files && !wk->oom) {
        const char *base = t->len >= t->rel_off ? t->path + t->rel_off : "";
        own = dir_rules(wk, t, dfd, t->path, base);
        if (own)
            rules = own;
    }
    for (size_t i = 0; i < wk->nlist && !wk->oom && !cancelled(wk->w); i++)
        visit(wk, t, dfd, rules, anc, wk->names + wk->list[i].off, wk->list[i].len,
              wk->list[i].type, kids);
    closedir(d);
    rules_unref(own);
    anc_unref(anc);
}

/* ------------------------------------------------------------------ threads */

static struct task *pop(struct walk *w)
{
    pthread_mutex_lock(&w->mu);
    while (!w->head && w->busy) {
        w->waiting++;
        pthread_cond_wait(&w->cv, &w->mu);
        w->waiting--;
    }
    struct task *t = w->head;
    if (t) {
        w->head = t->next;
        w->busy++;
    }
    pthread_mutex_unlock(&w->mu);
    return t;
}

/* Publish the tasks a task made (directories, file batches) and, when
 * `done`, finish it. */
static void publish(struct walk *w, struct task *kids, int done)
{
    struct task *last = kids;
    size_t n = kids != NULL;
    while (last && last->next) {
        last = last->next;
        n++;
    }
    pthread_mutex_lock(&w->mu);
    if (kids) {
        last->next = w->head;
        w->head = kids;
    }
    if (done)
        w->busy--;
    if (w->waiting && (n > 1 || (!w->busy && !w->head)))
        pthread_cond_broadcast(&w->cv);
    else if (w->waiting && n == 1)
        pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

/* Hand entries to on_entry, then keep them as this worker's. */
static void run_files(struct worker *wk, struct ent *f, size_t n)
{
    const es_walk_opts *o = wk->w->o;
    for (size_t i = 0; i < n && !cancelled(wk->w); i++)
        o->on_entry(o->ctx, wk->index, &f[i].e);
}

/* The files a directory gave beyond the first batch become tasks of
 * FILE_BATCH files each, so idle workers share a big directory's files. */
static void split_files(struct worker *wk, size_t first, struct task **kids)
{
    while (wk->nents - first > FILE_BATCH) {
        size_t n = (wk->nents - first) % FILE_BATCH;
        n = n ? n : FILE_BATCH;
        struct task *b = calloc(1, sizeof *b + 1);
        struct ent *f = malloc(n * sizeof *f);
        if (!b || !f) {
            free(b);
            free(f);
            return; /* this worker reads them itself */
        }
        memcpy(f, wk->ents + wk->nents - n, n * sizeof *f);
        wk->nents -= n;
        b->files = f;
        b->nfiles = n;
        b->next = *kids;
        *kids = b;
    }
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *work(void *arg)
{
    struct worker *wk = arg;
    struct walk *w = wk->w;
    const int inline_read = w->inline_read;
    const uint64_t t0 = now_ns();
    es_cpu_saved saved;
    es_pin_self(es_cpu_for(w->o->affinity, w->o->cpus, w->o->ncpus, wk->index, w->nworkers),
                &saved);
    struct task *t;
    while ((t = pop(w)) != NULL) {
        struct task *kids = NULL;
        const int stop = atomic_load_explicit(&w->oom, memory_order_relaxed) || cancelled(w);
        if (t->files) {
            if (!stop && reserve_ents(wk, wk->nents + t->nfiles)) {
                run_files(wk, t->files, t->nfiles);
                memcpy(wk->ents + wk->nents, t->files, t->nfiles * sizeof *t->files);
                wk->nents += t->nfiles;
                t->nfiles = 0;
            }
        } else if (!stop) {
            size_t first = wk->nents;
            walk_dir(wk, t, &kids);
            if (inline_read) {
                /* publish the subdirectories and extra batches first, so
                 * other workers go on while this one reads */
                split_files(wk, first, &kids);
                publish(w, kids, 0);
                kids = NULL;
                if (wk->nents > first)
                    run_files(wk, wk->ents + first, wk->nents - first);
            }
        }
        if (wk->oom)
            atomic_store(&w->oom, 1);
        task_free(t);
        publish(w, kids, 1);
    }
    es_pin_restore(&saved);
    wk->busy_ns = now_ns() - t0;
    return NULL;
}

/* -------------------------------------------------------------------- roots */

static int add_root(struct walk *w, struct worker *wk, uint32_t idx, const char *root)
{
    const es_walk_opts *o = w->o;
    struct stat st;
    if (stat(root, &st) != 0)
        return -errno;
    size_t n = strlen(root);
    while (n > 1 && root[n - 1] == '/')
        n--;
    if (n == 1 && root[0] == '.')
        n = 0;
    if (S_ISREG(st.st_mode)) {
        char *p = strndup(root, n);
        if (!p)
            return -ENOMEM;
        const char *base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
        int env;
        es_file_class cls = classify(w, base, strlen(base), &env);
        wk->seen++;
        if (o->max_file_size && (uint64_t)st.st_size > o->max_file_size)
            too_big(wk, p, &st);
        else
            add_entry(wk, p, &st, cls == ES_CLASS_NONE ? ES_CLASS_DOTENV : cls,
                      ES_ENTRY_EXPLICIT, idx);
        free(p);
        return wk->oom ? -ENOMEM : 0;
    }
    if (!S_ISDIR(st.st_mode)) {
        char *p = strndup(root, n);
        if (!p)
            return -ENOMEM;
        wk->special++;
        add_diag(wk, ES_WALK_DIAG_SPECIAL, p, 0, special_text(dtype_of(st.st_mode)));
        free(p);
        return wk->oom ? -ENOMEM : 0;
    }
    struct task *t = calloc(1, sizeof *t + n + 1);
    if (!t)
        return -ENOMEM;
    memcpy(t->path, root, n);
    t->path[n] = 0;
    t->len = n;
    t->rel_off = n == 0 ? 0 : n + (root[n - 1] != '/');
    t->root = idx;
    t->via_link = 1;
    t->anc = NULL;
    t->rules = NULL;
    if (o->use_ignore_files) {
        char *rp = realpath(root, NULL);
        if (rp)
            t->rules = parent_rules(wk, rp);
        else if (errno == ENOMEM)
            wk->oom = 1;
        free(rp);
    }
    t->next = w->head;
    w->head = t;
    return wk->oom ? -ENOMEM : 0;
}

/* -------------------------------------------------------------------- merge */

static int ent_by_file(const void *a, const void *b)
{
    const struct ent *x = a, *y = b;
    if (x->e.dev != y->e.dev)
        return x->e.dev < y->e.dev ? -1 : 1;
    if (x->e.ino != y->e.ino)
        return x->e.ino < y->e.ino ? -1 : 1;
    if (x->root != y->root)
        return x->root < y->root ? -1 : 1;
    return strcmp(x->e.path, y->e.path);
}

static int ent_by_path(const void *a, const void *b)
{
    const struct ent *x = a, *y = b;
    int c = strcmp(x->e.path, y->e.path);
    return c ? c : (x->root > y->root) - (x->root < y->root);
}

static int diag_cmp(const void *a, const void *b)
{
    const es_walk_diag *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    if (c)
        return c;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if (x->sys_errno != y->sys_errno)
        return x->sys_errno < y->sys_errno ? -1 : 1;
    return strcmp(x->message, y->message);
}

static int merge(struct worker *wks, unsigned nw, int several_roots, es_walk_result *out)
{
    size_t ne = 0, nd = 0;
    for (unsigned i = 0; i < nw; i++) {
        ne += wks[i].nents;
        nd += wks[i].ndiags;
    }
    struct ent *all = malloc((ne ? ne : 1) * sizeof *all);
    es_walk_diag *diags = malloc((nd ? nd : 1) * sizeof *diags);
    es_entry *ents = malloc((ne ? ne : 1) * sizeof *ents);
    if (!all || !diags || !ents) {
        free(all);
        free(diags);
        free(ents);
        return -ENOMEM;
    }
    ne = nd = 0;
    for (unsigned i = 0; i < nw; i++) { /* ownership of the strings moves here */
        if (wks[i].nents)
            memcpy(all + ne, wks[i].ents, wks[i].nents * sizeof *all);
        if (wks[i].ndiags)
            memcpy(diags + nd, wks[i].diags, wks[i].ndiags * sizeof *diags);
        ne += wks[i].nents;
        nd += wks[i].ndiags;
        wks[i].nents = wks[i].ndiags = 0;
        out->files_seen += wks[i].seen;
        out->busy_ns += wks[i].busy_ns;
        out->files_ignored += wks[i].ignored;
        out->files_special += wks[i].special;
        out->symlinks_skipped += wks[i].links;
        out->files_too_big += wks[i].too_big;
        out->dirs += wks[i].dirs;
    }

    /* Overlapping roots: per file, keep the earliest root's entries (one
     * root cannot overlap itself: its entries were not even stated). */
    if (several_roots)
        qsort(all, ne, sizeof *all, ent_by_file);
    size_t keep = several_roots ? 0 : ne;
    for (size_t i = 0; several_roots && i < ne;) {
        size_t j = i;
        uint32_t flags = 0;
        while (j < ne && all[j].e.dev == all[i].e.dev && all[j].e.ino == all[i].e.ino)
            flags |= all[j++].e.flags;
        for (size_t k = i; k < j; k++) {
            if (all[k].root != all[i].root) {
                free(all[k].e.path);
                continue;
            }
            all[keep] = all[k];
            if (flags & ES_ENTRY_EXPLICIT)
                all[keep].e.flags = (all[keep].e.flags | ES_ENTRY_EXPLICIT) & ~ES_ENTRY_IGNORED;
            keep++;
        }
        i = j;
    }
    qsort(all, keep, sizeof *all, ent_by_path);
    for (size_t i = 0; i < keep; i++)
        ents[i] = all[i].e;
    free(all);

    qsort(diags, nd, sizeof *diags, diag_cmp);
    size_t nkeep = 0;
    for (size_t i = 0; i < nd; i++) {
        if (nkeep && diag_cmp(&diags[nkeep - 1], &diags[i]) == 0) {
            free(diags[i].path);
            free(diags[i].message);
            continue;
        }
        diags[nkeep++] = diags[i];
    }

    out->entries = keep ? ents : NULL;
    out->n_entries = keep;
    if (!keep)
        free(ents);
    out->diags = nkeep ? diags : NULL;
    out->n_diags = nkeep;
    if (!nkeep)
        free(diags);
    return 0;
}

/* --------------------------------------------------------------------- API */

/* Compile n base-name globs into *out (*nout of them so far, for
 * freeing after a failure). */
static int compile_globs(const char *const *globs, size_t n, es_glob ***out, size_t *nout)
{
    if (!n)
        return 0;
    if (!(*out = calloc(n, sizeof **out)))
        return -ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const char *g = globs[i] ? globs[i] : "";
        if (!((*out)[(*nout)++] = es_glob_compile(g, strlen(g))))
            return -ENOMEM;
    }
    return 0;
}

static int compile_opts(struct walk *w)
{
    const es_walk_opts *o = w->o;
    if (compile_globs(o->env_globs, o->n_env_globs, &w->globs, &w->nglobs) ||
        compile_globs(o->config_globs, o->n_config_globs, &w->cglobs, &w->ncglobs))
        return -ENOMEM;
    if (o->n_extra_ignores) {
        size_t len = 0;
        for (size_t i = 0; i < o->n_extra_ignores; i++)
            len += (o->extra_ignores[i] ? strlen(o->extra_ignores[i]) : 0) + 1;
        char *text = malloc(len + 1), *p = text;
        if (!text)
            return -ENOMEM;
        for (size_t i = 0; i < o->n_extra_ignores; i++) {
            size_t n = o->extra_ignores[i] ? strlen(o->extra_ignores[i]) : 0;
            memcpy(p, o->extra_ignores[i] ? o->extra_ignores[i] : "", n);
            p += n;
            *p++ = '\n';
        }
        w->extra = es_ignore_compile("", text, len);
        free(text);
        if (!w->extra)
            return -ENOMEM;
    }
    return 0;
}

static void worker_clear(struct worker *wk)
{
    for (size_t i = 0; i < wk->nents; i++)
        free(wk->ents[i].e.path);
    for (size_t i = 0; i < wk->ndiags; i++) {
        free(wk->diags[i].path);
        free(wk->diags[i].message);
    }
    free(wk->ents);
    free(wk->diags);
    free(wk->names);
    free(wk->list);
    free(wk->buf);
    free(wk->mbuf);
    es_reader_free(wk->rd);
}

int es_walk(const es_walk_opts *opts, const char *const *roots, size_t nroots,
            es_walk_result *out)
{
    if (!out)
        return -EINVAL;
    memset(out, 0, sizeof *out);
    if (!opts || (nroots && !roots))
        return -EINVAL;
    unsigned nw = opts->threads ? opts->threads : 1;
    if (nw > MAX_THREADS)
        nw = MAX_THREADS;
    struct walk w;
    memset(&w, 0, sizeof w);
    w.o = opts;
    w.need_stat = opts->max_file_size != 0 || nroots > 1;
    w.inline_read = opts->on_entry != NULL && nroots == 1;
    w.nworkers = nw;
    atomic_init(&w.oom, 0);
    if (pthread_mutex_init(&w.mu, NULL) != 0)
        return -ENOMEM;
    if (pthread_cond_init(&w.cv, NULL) != 0) {
        pthread_mutex_destroy(&w.mu);
        return -ENOMEM;
    }
    struct worker *wks = calloc(nw, sizeof *wks);
    int rc = wks ? 0 : -ENOMEM;
    for (unsigned i = 0; rc == 0 && i < nw; i++) {
        wks[i].w = &w;
        wks[i].index = i;
        if (!(wks[i].rd = es_reader_new()))
            rc = -ENOMEM;
    }
    if (rc == 0)
        rc = compile_opts(&w);
    for (size_t i = 0; rc == 0 && i < nroots; i++)
        rc = roots[i] ? add_root(&w, &wks[0], (uint32_t)i, roots[i]) : -EINVAL;

    if (rc == 0) {
        pthread_t *tid = calloc(nw, sizeof *tid);
        unsigned started = 0;
        for (unsigned i = 1; tid && i < nw; i++) /* fewer threads if refused */
            if (pthread_create(&tid[started], NULL, work, &wks[i]) == 0)
                started++;
        work(&wks[0]);
        for (unsigned i = 0; i < started; i++)
            pthread_join(tid[i], NULL);
        free(tid);
        for (unsigned i = 0; i < nw; i++)
            if (wks[i].oom)
                rc = -ENOMEM;
        if (rc == 0 && cancelled(&w))
            rc = -ECANCELED;
        if (rc == 0)
            rc = merge(wks, nw, nroots > 1, out);
    }

    while (w.head) { /* left over only when a root failed */
        struct task *t = w.head;
        w.head = t->next;
        task_free(t);
    }
    for (unsigned i = 0; wks && i < nw; i++)
        worker_clear(&wks[i]);
    free(wks);
    for (size_t i = 0; i < w.nglobs; i++)
        es_glob_free(w.globs[i]);
    free(w.globs);
    for (size_t i = 0; i < w.ncglobs; i++)
        es_glob_free(w.cglobs[i]);
    free(w.cglobs);
    es_ignore_free(w.extra);
    pthread_cond_destroy(&w.cv);
    pthread_mutex_destroy(&w.mu);
    if (rc != 0)
        memset(out, 0, sizeof *out);
    return rc;
}

void es_walk_result_free(es_walk_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_entries; i++)
        free(r->entries[i].path);
    for (size_t i = 0; i < r->n_diags; i++) {
        free(r->diags[i].path);
        free(r->diags[i].message);
    }
    free(r->entries);
    free(r->diags);
    memset(r, 0, sizeof *r);
}
