/*
 * sync.c — `envscan sync`: keep a directory's template (.env.example) in
 * step with its env files (docs/sync.md).
 *
 * Which env files feed which template is drift's rule (analysis.c,
 * es_template_match), so that after a sync drift has no "KEY is not in
 * the template" left to say. The template's text is kept byte for byte;
 * missing keys are appended as `KEY=` under a comment naming their file,
 * and with --prune the lines of keys no env file defines are removed. The
 * result goes through the same safety net as --fix: read again, it must
 * define exactly the template's keys (minus the pruned ones) with their
 * values, plus the added keys with empty values. Values of env files are
 * never copied: only keys are.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "analysis.h"
#include "fix.h"

/* ------------------------------------------------------------ a key set */

typedef struct kset {
    struct kslot {
        const char *key;
        size_t len;
    } *slot;
    size_t cap, len;
} kset;

static size_t kset_find(const kset *s, const char *key, size_t len)
{
    size_t i = (size_t)XXH3_64bits(key, len) & (s->cap - 1);
    while (s->slot[i].key &&
           (s->slot[i].len != len || memcmp(s->slot[i].key, key, len) != 0))
        i = (i + 1) & (s->cap - 1);
    return i;
}

static bool kset_has(const kset *s, const char *key, size_t len)
{
    return s->cap && s->slot[kset_find(s, key, len)].key;
}

/* Add key (kept by pointer: it must outlive the set). Returns 1 when
 * added, 0 when it was there, -1 on OOM. */
static int kset_add(kset *s, const char *key, size_t len)
{
    if (2 * (s->len + 1) > s->cap) {
        kset t = {.cap = s->cap ? 2 * s->cap : 64};
        t.slot = calloc(t.cap, sizeof *t.slot);
        RETURN_IF(!t.slot, -1);
        for (size_t i = 0; i < s->cap; i++)
            if (s->slot[i].key)
                t.slot[kset_find(&t, s->slot[i].key, s->slot[i].len)] = s->slot[i];
        t.len = s->len;
        free(s->slot);
        *s = t;
    }
    size_t i = kset_find(s, key, len);
    if (s->slot[i].key)
        return 0;
    s->slot[i] = (struct kslot){key, len};
    s->len++;
    return 1;
}

/* ------------------------------------------------------------ one template */

typedef struct envf {
    char *name;
    size_t tmpl;   /* index of its template; SIZE_MAX: none */
} envf;

typedef struct sync_ctx {
    envscan_scanner *sc;
    es_parse_opts o; /* the scanner's dialect; no expansion, no lint */
    es_parse_ws *ws;
    const char *dir;
    unsigned flags;
    bool diff_wanted;
    es_buf diff, change;
    size_t added, stale;
} sync_ctx;

static char *join(const char *dir, const char *name)
{
    if (strcmp(dir, ".") == 0)
        return strdup(name);
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (p) {
        memcpy(p, dir, a);
        p[a] = '/';
        memcpy(p + a + 1, name, b + 1);
    }
    return p;
}

/* The keys of one env file not yet in `have`, in the order of first
 * definition, appended to out as "KEY=" lines under "# from NAME". */
static int add_file(sync_ctx *c, const char *name, kset *have, kset *defined, es_fix_map *m,
                    es_buf *out, const char *eol, es_vec *added)
{
    char *path = join(c->dir, name);
    RETURN_IF(!path, ENVSCAN_E_NOMEM);
    char err[512];
    int eno = 0;
    es_file_snap snap;
    uint8_t *data = NULL;
    size_t len = 0;
    int rc = es_file_load(path, true, &snap, &data, &len, err, sizeof err, &eno);
    if (rc != ENVSCAN_OK) {
        es_scanner_error(c->sc, rc, path, 0, eno, "%s", err);
        free(path);
        return rc;
    }
    rc = es_fix_map_read(m, &c->o, c->ws, data, len, NULL);
    free(data);
    const envscan_record *r = m->recs.data;
    bool header = false;
    for (size_t i = 0; rc == ENVSCAN_OK && i < m->recs.len; i++) {
        if (r[i].kind != ENVSCAN_KIND_DEFINITION)
            continue;
        int a = kset_add(defined, r[i].key, r[i].key_len);
        int b = a < 0 ? -1 : kset_add(have, r[i].key, r[i].key_len);
        if (a < 0 || b < 0)
            rc = ENVSCAN_E_NOMEM;
        if (b <= 0)
            continue;
        if (!header) {
            if (out->len)
                es_buf_str(out, eol);
            es_buf_str(out, "# from ");
            es_buf_str(out, name);
            es_buf_str(out, eol);
            header = true;
        }
        es_buf_add(out, r[i].key, r[i].key_len);
        es_buf_str(out, "=");
        es_buf_str(out, eol);
        es_fix_def *d = es_vec_push(added);
        if (!d)
            rc = ENVSCAN_E_NOMEM;
        else
            *d = (es_fix_def){.key = r[i].key, .key_len = r[i].key_len, .value = ""};
    }
    free(path);
    return rc == ENVSCAN_OK && out->oom ? ENVSCAN_E_NOMEM : rc;
}

static int sync_one(sync_ctx *c, const char *tname, bool exists, const envf *env, size_t n_env,
                    size_t ti)
{
    char *tpath = join(c->dir, tname);
    RETURN_IF(!tpath, ENVSCAN_E_NOMEM);
    char err[512];
    int eno = 0, rc = ENVSCAN_OK;
    es_file_snap snap = {.exists = false};
    uint8_t *data = NULL;
    size_t len = 0;
    if (exists && (rc = es_file_load(tpath, false, &snap, &data, &len, err, sizeof err, &eno)))
        es_scanner_error(c->sc, rc, tpath, 0, eno, "%s", err);
    const uint8_t *t = data ? data : (const uint8_t *)"";
    es_lint_fix lf = {0};
    es_vec_init(&lf.edits, sizeof(es_fix_edit));
    es_vec_init(&lf.stmts, sizeof(es_fix_stmt));
    es_fix_map tm, *em = calloc(n_env ? n_env : 1, sizeof *em), nm = {0};
    bool tm_read = false, nm_read = false;
    kset have = {0}, defined = {0};
    es_buf text = {0}, tail = {0};
    es_fix_map want = {0}; /* what the new template must define */
    es_vec_init(&want.defs, sizeof(es_fix_def));
    es_vec added_defs;
    es_vec_init(&added_defs, sizeof(es_fix_def));
    size_t stale = 0, pruned = 0;
    const char *eol = memmem(t, len, "\r\n", 2) ? "\r\n" : "\n";
    if (!em && rc == ENVSCAN_OK)
        rc = ENVSCAN_E_NOMEM;
    if (rc == ENVSCAN_OK) {
        tm_read = true;
        rc = es_fix_map_read(&tm, &c->o, c->ws, t, len, &lf);
    }
    for (size_t i = 0; rc == ENVSCAN_OK && i < tm.defs.len; i++) {
        const es_fix_def *d = &ES_VEC_AT(&tm.defs, es_fix_def, i);
        if (kset_add(&have, d->key, d->key_len) < 0)
            rc = ENVSCAN_E_NOMEM;
    }
    /* the additions, file by file, in name order */
    for (size_t i = 0; rc == ENVSCAN_OK && i < n_env; i++)
        if (env[i].tmpl == ti)
            rc = add_file(c, env[i].name, &have, &defined, &em[i], &tail, eol, &added_defs);
    const size_t added = added_defs.len;
    /* stale keys: kept, or with --prune their lines go (the statements
     * index the parsed text, which is the file's own unless it has CRs
     * or invalid UTF-8: such templates are not pruned) */
    const bool plain_text = !memchr(t, '\r', len) && es_utf8_valid(t, len);
    size_t at = 0;
    es_buf stale_names = {0};
    for (size_t i = 0; rc == ENVSCAN_OK && i < tm.defs.len; i++) {
        const es_fix_def *d = &ES_VEC_AT(&tm.defs, es_fix_def, i);
        if (kset_has(&defined, d->key, d->key_len))
            continue;
        stale++;
        if (stale <= 8) {
            es_buf_str(&stale_names, stale > 1 ? ", " : "");
            es_buf_add(&stale_names, d->key, d->key_len);
        }
    }
    if (stale > 8)
        es_buf_str(&stale_names, ", ...");
    for (size_t i = 0; rc == ENVSCAN_OK && i < lf.stmts.len; i++) {
        const es_fix_stmt *s = &ES_VEC_AT(&lf.stmts, es_fix_stmt, i);
        if (!(c->flags & ENVSCAN_SYNC_PRUNE) || !plain_text)
            break;
        const char *k = (const char *)t + s->key_s;
        if (!s->own_lines ||
            kset_has(&defined, k, s->key_e - s->key_s) ||
            !kset_has(&have, k, s->key_e - s->key_s))
            continue;
        es_buf_add(&text, t + at, s->ls - at);
        at = s->le;
        pruned++;
    }
    es_buf_add(&text, t + at, len - at);
    if (text.len && tail.len) { /* a blank line between the template and the additions */
        if (text.data[text.len - 1] != '\n')
            es_buf_str(&text, eol);
        es_buf_str(&text, eol);
    }
    es_buf_add(&text, tail.data ? tail.data : "", tail.len);
    es_buf_add(&text, "", 0);
    if (rc == ENVSCAN_OK && text.oom)
        rc = ENVSCAN_E_NOMEM;
    /* the safety net: the new template defines what it should, no more */
    if (rc == ENVSCAN_OK && (added || pruned)) {
        nm_read = true;
        rc = es_fix_map_read(&nm, &c->o, c->ws, (const uint8_t *)text.data, text.len, NULL);
        for (size_t i = 0; rc == ENVSCAN_OK && i < tm.defs.len + added; i++) {
            const es_fix_def *d = i < tm.defs.len ? &ES_VEC_AT(&tm.defs, es_fix_def, i)
                                                  : &ES_VEC_AT(&added_defs, es_fix_def,
                                                               i - tm.defs.len);
            if (i < tm.defs.len && (c->flags & ENVSCAN_SYNC_PRUNE) && plain_text &&
                !kset_has(&defined, d->key, d->key_len))
                continue; /* pruned */
            es_fix_def *w = es_vec_push(&want.defs);
            if (!w)
                rc = ENVSCAN_E_NOMEM;
            else
                *w = *d, w->ord = want.defs.len - 1;
        }
        bool in_want;
        const es_fix_def *bad = rc == ENVSCAN_OK ? es_fix_map_diff(&want, &nm, true, &in_want) : NULL;
        if (bad)
            rc = es_scanner_error(c->sc, ENVSCAN_E_UNSAFE, tpath, 0, 0,
                                  "%s: not synced: read again, the template would %s %.*s "
                                  "(a key that cannot be written as KEY=?)",
                                  tpath, in_want ? "not define" : "also define",
                                  (int)(bad->key_len > 64 ? 64 : bad->key_len), bad->key);
    }
    if (rc == ENVSCAN_OK && (added || pruned)) {
        if (c->diff_wanted)
            es_udiff(tpath, t, len, (const uint8_t *)text.data, text.len, &c->diff);
        if (!(c->flags & ENVSCAN_EDIT_DRY_RUN) &&
            (rc = es_file_store(tpath, &snap, text.data, text.len, err, sizeof err, &eno)))
            es_scanner_error(c->sc, rc, tpath, 0, eno, "%s", err);
    }
    if (rc == ENVSCAN_OK && (added || stale)) {
        char num[96];
        es_buf_str(&c->change, c->change.len ? "; " : "");
        es_buf_str(&c->change, tpath);
        snprintf(num, sizeof num, ": %zu key%s added%s", added, added == 1 ? "" : "s",
                 exists || !added ? "" : " (new file)");
        es_buf_str(&c->change, num);
        if (stale) {
            snprintf(num, sizeof num, ", %zu stale (%s): ", stale,
                     pruned == stale ? "removed" : pruned ? "some removed" : "kept");
            es_buf_str(&c->change, num);
            es_buf_add(&c->change, stale_names.data, stale_names.len);
        }
    }
    c->added += added;
    c->stale += stale;
    for (size_t i = 0; em && i < n_env; i++)
        if (env[i].tmpl == ti)
            es_fix_map_free(&em[i]);
    if (tm_read)
        es_fix_map_free(&tm);
    if (nm_read)
        es_fix_map_free(&nm);
    free(em);
    free(have.slot);
    free(defined.slot);
    es_buf_free(&text);
    es_buf_free(&tail);
    es_buf_free(&stale_names);
    es_vec_free(&lf.edits);
    es_vec_free(&lf.stmts);
    es_vec_free(&want.defs);
    es_vec_free(&added_defs);
    free(data);
    free(tpath);
    return rc;
}

/* ------------------------------------------------------------ public API */

static int name_cmp(const void *a, const void *b)
{
    return strcmp(((const envf *)a)->name, ((const envf *)b)->name);
}

int envscan_sync_template(envscan_scanner *sc, const char *dir, unsigned flags,
                          size_t *n_added, size_t *n_stale, char **diff, size_t *diff_len)
{
    if (diff)
        *diff = NULL;
    if (n_added)
        *n_added = 0;
    if (n_stale)
        *n_stale = 0;
    RETURN_IF(!sc || !dir || !*dir || (flags & ~(ENVSCAN_EDIT_DRY_RUN | ENVSCAN_SYNC_PRUNE)),
              ENVSCAN_E_INVALID);
    es_scanner_clear_error(sc);
    es_scanner_set_change(sc, "");
    sync_ctx c = {.sc = sc, .o = es_scanner_parse_opts(sc), .ws = es_scanner_ws(sc),
                  .dir = dir, .flags = flags, .diff_wanted = diff != NULL};
    RETURN_IF(!c.ws, ENVSCAN_E_NOMEM);
    c.o.expand = false; /* templates and env files as written */
    c.o.lint = 0;
    DIR *d = opendir(dir);
    if (!d)
        return es_scanner_error(sc, ENVSCAN_E_IO, dir, 0, errno, "%s: %s", dir, strerror(errno));
    /* the directory's dotenv files, templates apart (stripped names) */
    es_vec files, tmpls; /* envf; char * (name), char * (stripped) pairs */
    es_vec_init(&files, sizeof(envf));
    es_vec_init(&tmpls, 2 * sizeof(char *));
    int rc = ENVSCAN_OK;
    for (struct dirent *e; rc == ENVSCAN_OK && (e = readdir(d));) {
        if (!es_scanner_env_name(sc, e->d_name))
            continue;
        char *path = join(dir, e->d_name);
        struct stat st;
        if (!path) {
            rc = ENVSCAN_E_NOMEM;
            break;
        }
        bool regular = stat(path, &st) == 0 && S_ISREG(st.st_mode);
        free(path);
        if (!regular)
            continue;
        size_t n = strlen(e->d_name);
        char *name = malloc(2 * n + 2), *stripped = name ? name + n + 1 : NULL;
        if (!name) {
            rc = ENVSCAN_E_NOMEM;
            break;
        }
        memcpy(name, e->d_name, n + 1);
        envf *f = es_vec_push(&files);
        if (!f) {
            free(name);
            rc = ENVSCAN_E_NOMEM;
            break;
        }
        /* tmpl: SIZE_MAX - 1 marks a template until the pairing below */
        *f = (envf){.name = name, .tmpl = es_analysis_template_name(name, stripped) ? SIZE_MAX - 1
                                                                            : SIZE_MAX};
    }
    closedir(d);
    envf *f = files.data;
    if (files.len)
        qsort(f, files.len, sizeof *f, name_cmp);
    for (size_t i = 0; rc == ENVSCAN_OK && i < files.len; i++) {
        const char **t = f[i].tmpl == SIZE_MAX - 1 ? es_vec_push(&tmpls) : NULL;
        if (f[i].tmpl == SIZE_MAX - 1 && !t)
            rc = ENVSCAN_E_NOMEM;
        if (t) {
            t[0] = f[i].name;
            t[1] = f[i].name + strlen(f[i].name) + 1;
        }
    }
    /* no template yet: .env.example, for the files it would pair with */
    const bool create = tmpls.len == 0;
    static const char *const fresh[2] = {".env.example", ".env"};
    const char *const *tp = create ? fresh : tmpls.data;
    const size_t nt = create ? 1 : tmpls.len;
    for (size_t i = 0; i < files.len; i++) {
        if (f[i].tmpl == SIZE_MAX - 1)
            continue;
        size_t best = 0;
        for (size_t k = 0; k < nt; k++) {
            size_t m = es_template_match(f[i].name, tp[2 * k + 1]);
            if (m > best) {
                best = m;
                f[i].tmpl = k;
            }
        }
    }
    for (size_t k = 0; rc == ENVSCAN_OK && k < nt; k++) {
        bool fed = false;
        for (size_t i = 0; i < files.len; i++)
            fed |= f[i].tmpl == k;
        if (fed) /* a template no env file pairs with is left alone */
            rc = sync_one(&c, tp[2 * k], !create, f, files.len, k);
    }
    for (size_t i = 0; i < files.len; i++)
        free(f[i].name);
    es_vec_free(&files);
    es_vec_free(&tmpls);
    es_buf_add(&c.diff, "", 0);
    es_buf_add(&c.change, "", 0);
    if (rc == ENVSCAN_OK && (c.diff.oom || c.change.oom))
        rc = ENVSCAN_E_NOMEM;
    if (rc == ENVSCAN_OK)
        rc = es_scanner_set_change(sc, c.change.data);
    if (rc == ENVSCAN_OK) {
        if (n_added)
            *n_added = c.added;
        if (n_stale)
            *n_stale = c.stale;
        if (diff) {
            *diff = c.diff.data;
            c.diff.data = NULL;
            if (diff_len)
                *diff_len = c.diff.len;
        }
    } else if (!*envscan_last_error(sc)) {
        es_scanner_error(sc, rc, dir, 0, 0, "%s: %s", dir, envscan_strerror(rc));
    }
    es_buf_free(&c.diff);
    es_buf_free(&c.change);
    return rc;
}
