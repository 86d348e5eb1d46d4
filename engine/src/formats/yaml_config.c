/*
 * yaml_config.c — generic YAML configuration (application.yml,
 * config.yaml, settings.yml, appsettings.yaml, ...): every scalar leaf of
 * a document as a config record, as json.c does for JSON.
 *
 * Which files: yaml.c routes here the documents of a file whose base name
 * starts with "config", "settings", "application" or "appsettings" and
 * that are not Kubernetes objects (compose files and workflows never come
 * here). Other YAML files give no config records: a repository's YAML is
 * mostly CI, manifests and data, which would flood the report.
 *
 * Key: the dotted path of mapping keys, `[i]` for sequence items
 * (`spring.datasource.url`, `servers[0].host`). Value: the scalar as the
 * loader decodes it (quotes and escapes resolved; plain scalars as
 * written, so `on`, `1e3` and `~` stay text). Position: the key (a
 * sequence item's: the item). Aliases are followed (each path gets its
 * records), merge keys are resolved by the loader. Of duplicate keys in a
 * mapping the last wins: the records of the earlier value are flagged
 * overridden. A key that is not a scalar is an `unexpected-shape`
 * warning. Paths deeper than YS_CONFIG_MAX_DEPTH (aliases can nest deeper
 * than the loader's own bound) are a `config-limit` error.
 * Placeholders in scalars: ${NAME}, ${NAME:default}, ${NAME:-default}
 * (NAME may hold '.' and '-', Spring's keys) and $NAME are references.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "yaml_fmt.h"

#define YS_CONFIG_MAX_DEPTH 512
#define FMT ENVSCAN_FORMAT_YAML

bool ys_config_name(const char *path)
{
    static const char *const prefixes[] = {"config", "settings", "application", "appsettings"};
    if (!path)
        return false;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(base, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}

typedef struct walk {
    ys_ctx *c;
    es_buf path;
    const es_ynode *node; /* the scalar whose references are read */
    const char *text;     /* its text, as es_config_scan() reads it */
    size_t text_len;
    bool stopped;
} walk;

static bool on_ref(void *ctx, size_t at, const char *key, size_t klen)
{
    walk *w = ctx;
    uint32_t line, col;
    es_yaml_pos(w->c->doc, w->node, at, &line, &col);
    ys_add(w->c, FMT, ENVSCAN_KIND_REFERENCE, NULL, key, klen, NULL, 0, line, col,
           es_config_ref_flags((const uint8_t *)w->text, w->text_len, at, klen));
    return !w->c->oom;
}

static void leaf(walk *w, const es_ynode *at, const es_ynode *v)
{
    if (!w->path.len)
        return; /* a scalar document: no key */
    const char *s;
    size_t n;
    uint32_t fl = 0, line, col;
    if (!ys_text(w->c, v, &s, &n, &fl))
        return;
    char *key = es_arena_strndup(w->c->doc->arena, w->path.data, w->path.len);
    if (!key) {
        w->c->oom = true;
        return;
    }
    es_yaml_pos(w->c->doc, at, 0, &line, &col);
    ys_add(w->c, FMT, ENVSCAN_KIND_CONFIG, NULL, key, w->path.len, s, n, line, col, fl);
    w->node = v;
    w->text = s;
    w->text_len = n;
    es_config_scan((const uint8_t *)s, n, ES_REF_BRACE | ES_REF_DOLLAR | ES_REF_DOTTED, on_ref, w);
}

typedef struct pair_recs {
    const es_ynode *k;
    size_t from, to, ord;
} pair_recs;

static int pair_cmp(const void *a, const void *b)
{
    const pair_recs *x = a, *y = b;
    int c = x->k->len == y->k->len ? memcmp(x->k->s, y->k->s, x->k->len)
                                   : (x->k->len < y->k->len ? -1 : 1);
    return c ? c : (x->ord < y->ord ? -1 : 1);
}

static void node(walk *w, const es_ynode *at, const es_ynode *v, unsigned depth);

static void mapping(walk *w, const es_ynode *m, unsigned depth)
{
    size_t base = w->path.len, k = m->len;
    pair_recs *pr = k > 1 ? malloc(k * sizeof *pr) : NULL;
    if (k > 1 && !pr) {
        w->c->oom = true;
        return;
    }
    size_t np = 0;
    for (size_t i = 0; i < k && !w->stopped && !w->c->oom; i++) {
        const es_ynode *key = m->items[2 * i], *val = m->items[2 * i + 1];
        if (key->kind != ES_YN_SCALAR) {
            ys_shape(w->c, key, "a configuration key that is not a scalar: its value is not read");
            continue;
        }
        w->path.len = base;
        if (base)
            es_buf_putc(&w->path, '.');
        es_buf_put(&w->path, key->s, key->len);
        size_t from = w->c->n;
        node(w, key, val, depth);
        if (pr)
            pr[np++] = (pair_recs){.k = key, .from = from, .to = w->c->n, .ord = i};
    }
    w->path.len = base;
    if (np > 1) {
        qsort(pr, np, sizeof *pr, pair_cmp);
        for (size_t i = 0; i + 1 < np; i++)
            if (pr[i].k->len == pr[i + 1].k->len &&
                memcmp(pr[i].k->s, pr[i + 1].k->s, pr[i].k->len) == 0)
                for (size_t j = pr[i].from; j < pr[i].to; j++)
                    if (w->c->recs[j].kind == ENVSCAN_KIND_CONFIG)
                        w->c->recs[j].flags |= ENVSCAN_RECORD_OVERRIDDEN;
    }
    free(pr);
}

static void node(walk *w, const es_ynode *at, const es_ynode *v, unsigned depth)
{
    if (w->path.oom) {
        w->c->oom = true;
        return;
    }
    if (v->kind == ES_YN_SCALAR) {
        leaf(w, at, v);
        return;
    }
    if (depth >= YS_CONFIG_MAX_DEPTH) {
        es_sink_diag(w->c->sink, ENVSCAN_SEVERITY_ERROR, "config-limit", v->line, v->col, 0,
                     "YAML configuration nested more than %d deep (aliases included); the "
                     "rest of document %u is not read",
                     YS_CONFIG_MAX_DEPTH, w->c->doc->index);
        w->stopped = true;
        return;
    }
    if (v->kind == ES_YN_MAP) {
        mapping(w, v, depth + 1);
        return;
    }
    size_t base = w->path.len;
    for (size_t i = 0; i < v->len && !w->stopped && !w->c->oom; i++) {
        char num[32];
        int nl = snprintf(num, sizeof num, "[%zu]", i);
        w->path.len = base;
        es_buf_put(&w->path, num, (size_t)nl);
        node(w, v->items[i], v->items[i], depth + 1);
    }
    w->path.len = base;
}

void ys_config(ys_ctx *c)
{
    const es_ynode *root = c->doc->root;
    if (!root)
        return;
    walk w = {.c = c};
    char *data = NULL;
    size_t cap = 0;
    es_buf_borrow(&w.path, &data, &cap);
    node(&w, root, root, 0);
    if (w.path.oom)
        c->oom = true;
    free(w.path.data);
}
