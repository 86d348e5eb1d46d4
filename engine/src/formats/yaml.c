/*
 * yaml.c — the YAML family of definition formats: the entry points of the
 * registry rows (compose, kubernetes, actions, yaml), the choice of a
 * format per document, and what the three share (record buffer, values,
 * scope ranges). The formats themselves are compose.c, kubernetes.c and
 * actions.c; the loader is yaml_doc.c.
 *
 * Routing: a compose file name gives compose; a `yaml` file under a
 * `.github/workflows/` directory gives Actions; otherwise each document
 * with `apiVersion` and `kind` is read as a Kubernetes object and other
 * documents give nothing, except in a file named like configuration
 * (config*, settings*, application*, appsettings*: ys_config_name), where
 * they are read as generic configuration (yaml_config.c, docs/config.md).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yaml_fmt.h"

/* ---------------------------------------------------------------- records */

void ys_add(ys_ctx *c, envscan_format fmt, envscan_kind kind, const char *scope,
            const char *key, size_t klen, const char *val, size_t vlen, uint32_t line,
            uint32_t col, uint32_t flags)
{
    if (c->n == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 64;
        ys_rec *r = realloc(c->recs, ncap * sizeof *r);
        if (!r) {
            c->oom = true;
            return;
        }
        c->recs = r;
        c->cap = ncap;
    }
    c->recs[c->n] = (ys_rec){.line = line, .col = col, .seq = (uint32_t)c->n,
                             .fmt = (uint16_t)fmt, .kind = (uint16_t)kind, .flags = flags,
                             .scope = scope, .key = key, .klen = klen, .val = val,
                             .vlen = vlen};
    c->n++;
}

void ys_def(ys_ctx *c, envscan_format fmt, const char *scope, const es_ynode *key,
            const char *val, size_t vlen, uint32_t flags)
{
    uint32_t line, col;
    es_yaml_pos(c->doc, key, 0, &line, &col);
    ys_add(c, fmt, ENVSCAN_KIND_DEFINITION, scope, key->s, key->len, val, vlen, line, col,
           flags);
}

static int rec_cmp(const void *a, const void *b)
{
    const ys_rec *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void ys_flush(ys_ctx *c)
{
    if (c->n > 1)
        qsort(c->recs, c->n, sizeof *c->recs, rec_cmp);
    es_sink *s = c->sink;
    envscan_format keep = s->format;
    for (size_t i = 0; i < c->n; i++) {
        const ys_rec *r = &c->recs[i];
        s->format = (envscan_format)r->fmt;
        s->scope = r->scope;
        es_sink_record(s, (envscan_kind)r->kind, r->key, r->klen, r->val, r->vlen, r->line,
                       r->col, r->flags);
    }
    s->format = keep;
    s->scope = NULL;
    c->n = 0;
}

const char *ys_str(ys_ctx *c, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *p = es_arena_strndup(c->sink->arena, buf, strlen(buf));
    if (!p)
        c->oom = true;
    return p;
}

void ys_shape(ys_ctx *c, const es_ynode *n, const char *fmt, ...)
{
    char buf[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    es_sink_diag(c->sink, ENVSCAN_SEVERITY_WARNING, "unexpected-shape", n ? n->line : 0,
                 n ? n->col : 0, 0, "%s", buf);
}

bool ys_text(ys_ctx *c, const es_ynode *v, const char **s, size_t *n, uint32_t *flags)
{
    if (!v)
        return false;
    if (v->kind == ES_YN_SCALAR) {
        *s = v->s;
        *n = v->len;
        if (v->style == ES_YS_SINGLE || v->style == ES_YS_DOUBLE)
            *flags |= ENVSCAN_RECORD_QUOTED;
    } else {
        const es_yaml_doc *d = c->doc;
        if (v->end > d->src_len || v->start >= v->end ||
            !memmem(d->src + v->start, v->end - v->start, "{{", 2))
            return false;
        *s = (const char *)d->src + v->start;
        *n = v->end - v->start;
    }
    if (memchr(*s, '\n', *n))
        *flags |= ENVSCAN_RECORD_MULTILINE;
    if (memmem(*s, *n, "{{", 2))
        *flags |= ENVSCAN_RECORD_TEMPLATED;
    return true;
}

const es_ynode *ys_root_map(ys_ctx *c, const char *what)
{
    const es_ynode *root = c->doc->root;
    if (!root || es_yaml_is_null(root))
        return NULL;
    if (root->kind != ES_YN_MAP) {
        ys_shape(c, root, "a %s is a mapping; document %u is not one", what, c->doc->index);
        return NULL;
    }
    return root;
}

bool ys_pair(ys_ctx *c, const es_ynode *map, size_t i, const char *scope, ys_kv *kv)
{
    const es_ynode *v = map->items[2 * i + 1];
    *kv = (ys_kv){.k = map->items[2 * i]};
    if (kv->k->kind != ES_YN_SCALAR) {
        ys_shape(c, kv->k, "%s: a key that is not a string", scope);
        return false;
    }
    if (!es_yaml_is_null(v) && !ys_text(c, v, &kv->s, &kv->n, &kv->fl)) {
        ys_shape(c, v, "%s: the value of %s is not a string, number or boolean", scope,
                 kv->k->s);
        return false;
    }
    return true;
}

/* ------------------------------------------------------------ scope ranges */

static int range_cmp(const void *a, const void *b)
{
    const ys_range *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

void ys_ranges_sort(ys_range *r, size_t n)
{
    if (n > 1)
        qsort(r, n, sizeof *r, range_cmp);
}

const char *ys_range_find(const ys_range *r, size_t n, size_t pos)
{
    size_t lo = 0, hi = n; /* first range starting after pos */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r[mid].start <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo && pos < r[lo - 1].end ? r[lo - 1].scope : NULL;
}

/* ------------------------------------------------------------------ router */

typedef enum mode { M_AUTO, M_COMPOSE, M_KUBE, M_ACTIONS } mode;

typedef struct run {
    ys_ctx c;
    mode m;
    bool config; /* other documents are generic configuration */
} run;

static bool under_workflows(const char *path)
{
    static const char dir[] = ".github/workflows/";
    const char *p = path ? strstr(path, dir) : NULL;
    return p && (p == path || p[-1] == '/');
}

static int on_doc(void *ctx, const es_yaml_doc *d)
{
    run *r = ctx;
    r->c.doc = d;
    switch (r->m) {
    case M_COMPOSE: ys_compose(&r->c); break;
    case M_ACTIONS: ys_actions(&r->c); break;
    case M_KUBE:
    case M_AUTO:
        if (ys_is_kubernetes(d))
            ys_kubernetes(&r->c);
        else if (r->config)
            ys_config(&r->c);
        break;
    }
    ys_flush(&r->c);
    r->c.doc = NULL;
    return r->c.oom || r->c.sink->oom;
}

/* "{{" other than an Actions expression's "${{": a Go/Helm template. */
static bool has_template(const uint8_t *s, size_t n)
{
    if (!n)
        return false;
    for (const uint8_t *p = s; (p = memmem(p, n - (size_t)(p - s), "{{", 2)) != NULL; p += 2)
        if (p == s || p[-1] != '$')
            return true;
    return false;
}

static int parse_as(mode m, const uint8_t *data, size_t len, es_sink *out)
{
    run r;
    memset(&r, 0, sizeof r);
    r.c.sink = out;
    r.c.helm = has_template(data, len);
    r.m = m == M_AUTO && under_workflows(out->file) ? M_ACTIONS : m;
    r.config = r.m == M_AUTO && ys_config_name(out->file);
    es_yaml_error err;
    int rc = es_yaml_load(data, len, out, on_doc, &r, &err);
    free(r.c.recs);
    if (rc == ENVSCAN_E_CANCELLED)
        rc = ENVSCAN_E_NOMEM; /* the callback stops only when memory ran out */
    if (rc != ENVSCAN_OK)
        return rc;
    if (err.failed) {
        const char *rest = err.docs_done ? "the documents before it were read, the rest was not"
                                         : "nothing in the file was read";
        if (r.c.helm)
            es_sink_diag(out, ENVSCAN_SEVERITY_WARNING, "helm-template", err.line, err.col, 0,
                         "a Helm template (it holds '{{'): not valid YAML until rendered (%s); "
                         "%s",
                         err.problem, rest);
        else
            es_sink_diag(out, ENVSCAN_SEVERITY_ERROR, "yaml-syntax", err.line, err.col, 0,
                         "YAML: %s; %s", err.problem, rest);
    }
    return out->oom ? ENVSCAN_E_NOMEM : ENVSCAN_OK;
}

int es_compose_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data, size_t len,
                     es_sink *out)
{
    return parse_as(M_COMPOSE, data, len, out);
}

int es_kubernetes_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data,
                        size_t len, es_sink *out)
{
    return parse_as(M_KUBE, data, len, out);
}

int es_actions_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data, size_t len,
                     es_sink *out)
{
    return parse_as(M_ACTIONS, data, len, out);
}

int es_yaml_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data, size_t len,
                  es_sink *out)
{
    return parse_as(M_AUTO, data, len, out);
}
