/*
 * yaml_doc.c — the bounded YAML loader (see yaml_doc.h for the contract).
 *
 * libyaml gives events; we build the tree with an explicit stack: the
 * children of every open collection wait on one shared vector and are
 * copied into the document's arena, exactly sized, when the collection
 * ends. An alias adds the anchored node itself as a child, so nothing is
 * ever copied; each node carries its `weight` (size with aliases
 * expanded), summed bottom-up, which is how an alias bomb is refused
 * after reading it once instead of after expanding it.
 *
 * Anchors are registered when their node is complete, so an alias inside
 * its own anchor's node is undefined (YAML loaders refuse such cycles
 * too) and the tree is acyclic.
 *
 * Positions: libyaml's marks count characters, not bytes. For an ASCII
 * file the two agree; otherwise two cursors walk the UTF-8 text (one for
 * the position, one for the start of its line), forwards or backwards,
 * which costs the distance between consecutive events.
 */
#include "yaml_doc.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

/* --------------------------------------------------------------- strings */

typedef struct strset {
    const es_ynode **slot;
    size_t mask;
} strset;

static bool strset_init(strset *s, es_arena *a, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    s->slot = es_arena_alloc(a, cap * sizeof *s->slot);
    if (!s->slot)
        return false;
    memset(s->slot, 0, cap * sizeof *s->slot);
    s->mask = cap - 1;
    return true;
}

/* Insert the scalar k; false when an equal scalar is already there. */
static bool strset_add(strset *s, const es_ynode *k)
{
    size_t i = (size_t)XXH3_64bits(k->s, k->len) & s->mask;
    for (; s->slot[i]; i = (i + 1) & s->mask)
        if (s->slot[i]->len == k->len && memcmp(s->slot[i]->s, k->s, k->len) == 0)
            return false;
    s->slot[i] = k;
    return true;
}

/* ---------------------------------------------------------------- loader */

typedef struct frame {
    es_ynode *node;
    size_t base;        /* first child in ld->kids */
    const char *anchor; /* in the arena, or NULL */
} frame;

typedef struct anchor {
    const char *name;
    es_ynode *node;
} anchor;

typedef struct loader {
    const uint8_t *src;
    size_t len;
    bool ascii;
    size_t ci, cb;   /* cursor: character index -> byte offset */
    size_t li, lb;   /* the same for line starts */
    es_sink *sink;
    es_arena arena;  /* the current document's */
    bool live;       /* arena in use */
    frame *st;
    size_t depth, st_cap;
    es_ynode **kids;
    size_t n_kids, kids_cap;
    es_ynode **scal;
    size_t n_scal, scal_cap;
    anchor *anc;     /* open addressing by name; latest definition wins */
    size_t anc_cap, n_anc;
    es_ynode *root;
    bool skip;       /* the document broke a bound: read to its end */
    size_t doc_ci;   /* character index where the document started */
    uint32_t doc_line;
    unsigned doc_index;
    size_t nodes;    /* nodes made in this document */
    bool oom;
} loader;

static size_t to_byte(const loader *ld, size_t *ci, size_t *cb, size_t target)
{
    if (ld->ascii)
        return target < ld->len ? target : ld->len;
    const uint8_t *s = ld->src;
    while (*ci < target && *cb < ld->len) {
        (*cb)++;
        while (*cb < ld->len && (s[*cb] & 0xC0) == 0x80)
            (*cb)++;
        (*ci)++;
    }
    while (*ci > target && *cb > 0) {
        (*cb)--;
        while (*cb > 0 && (s[*cb] & 0xC0) == 0x80)
            (*cb)--;
        (*ci)--;
    }
    return *cb;
}

/* A mark as a line, a byte column and a byte offset. */
static void mark_pos(loader *ld, const yaml_mark_t *m, uint32_t *line, uint32_t *col,
                     size_t *off)
{
    size_t b = to_byte(ld, &ld->ci, &ld->cb, m->index);
    size_t ls = m->column <= m->index ? to_byte(ld, &ld->li, &ld->lb, m->index - m->column) : 0;
    if (line)
        *line = (uint32_t)(m->line + 1);
    if (col)
        *col = (uint32_t)(b - ls + 1);
    if (off)
        *off = b;
}

static void *grow(void *p, size_t *cap, size_t need, size_t item)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap * 2 : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(p, n * item);
    if (q)
        *cap = n;
    return q;
}

static char *arena_str(loader *ld, const void *s, size_t n)
{
    char *p = es_arena_strndup(&ld->arena, s, n);
    if (!p)
        ld->oom = true;
    return p;
}

static void doc_end(loader *ld)
{
    if (ld->live)
        es_arena_free(&ld->arena);
    ld->live = false;
    ld->depth = ld->n_kids = ld->n_scal = ld->n_anc = 0;
    if (ld->anc)
        memset(ld->anc, 0, ld->anc_cap * sizeof *ld->anc);
    ld->root = NULL;
    ld->skip = false;
}

/* A bound was broken: say so once, then read the document to its end. */
static void fail_doc(loader *ld, const char *code, const yaml_mark_t *m, const char *fmt,
                     const char *arg)
{
    uint32_t line, col;
    mark_pos(ld, m, &line, &col, NULL);
    es_sink_diag(ld->sink, ENVSCAN_SEVERITY_ERROR, code, line, col, 0, fmt, ld->doc_index,
                 arg ? arg : "");
    ld->skip = true;
}

static bool anchor_set(loader *ld, const char *name, es_ynode *node)
{
    if ((ld->n_anc + 1) * 2 > ld->anc_cap) {
        size_t ncap = ld->anc_cap ? ld->anc_cap * 2 : 64;
        anchor *na = calloc(ncap, sizeof *na);
        if (!na)
            return false;
        for (size_t i = 0; i < ld->anc_cap; i++)
            if (ld->anc[i].name) {
                size_t j = (size_t)XXH3_64bits(ld->anc[i].name, strlen(ld->anc[i].name)) &
                           (ncap - 1);
                while (na[j].name)
                    j = (j + 1) & (ncap - 1);
                na[j] = ld->anc[i];
            }
        free(ld->anc);
        ld->anc = na;
        ld->anc_cap = ncap;
    }
    size_t j = (size_t)XXH3_64bits(name, strlen(name)) & (ld->anc_cap - 1);
    while (ld->anc[j].name && strcmp(ld->anc[j].name, name) != 0)
        j = (j + 1) & (ld->anc_cap - 1);
    if (!ld->anc[j].name)
        ld->n_anc++;
    ld->anc[j] = (anchor){name, node};
    return true;
}

static es_ynode *anchor_get(const loader *ld, const char *name)
{
    if (!ld->anc_cap)
        return NULL;
    size_t j = (size_t)XXH3_64bits(name, strlen(name)) & (ld->anc_cap - 1);
    for (; ld->anc[j].name; j = (j + 1) & (ld->anc_cap - 1))
        if (strcmp(ld->anc[j].name, name) == 0)
            return ld->anc[j].node;
    return NULL;
}

static uint64_t wadd(uint64_t a, uint64_t b)
{
    uint64_t s = a + b;
    return s > ES_YAML_MAX_NODES ? ES_YAML_MAX_NODES + 1 : s;
}

/* Attach a finished node to the open collection (or make it the root). */
static void add_child(loader *ld, es_ynode *n, const yaml_mark_t *m)
{
    if (!ld->depth) {
        ld->root = n;
        return;
    }
    frame *f = &ld->st[ld->depth - 1];
    f->node->weight = wadd(f->node->weight, n->weight);
    if (f->node->weight > ES_YAML_MAX_NODES) {
        fail_doc(ld, "yaml-limit", m,
                 "document %u: more than 1000000 nodes once aliases are expanded "
                 "(an alias bomb?); document skipped%s",
                 NULL);
        return;
    }
    es_ynode **k = grow(ld->kids, &ld->kids_cap, ld->n_kids + 1, sizeof *k);
    if (!k) {
        ld->oom = true;
        return;
    }
    ld->kids = k;
    k[ld->n_kids++] = n;
}

static es_ynode *new_node(loader *ld, es_ykind kind, const yaml_mark_t *m)
{
    if (++ld->nodes > ES_YAML_MAX_NODES) {
        fail_doc(ld, "yaml-limit", m, "document %u: more than 1000000 nodes; document skipped%s",
                 NULL);
        return NULL;
    }
    es_ynode *n = es_arena_alloc(&ld->arena, sizeof *n);
    if (!n) {
        ld->oom = true;
        return NULL;
    }
    memset(n, 0, sizeof *n);
    n->kind = (uint8_t)kind;
    n->weight = 1;
    mark_pos(ld, m, &n->line, &n->col, &n->start);
    return n;
}

static bool is_merge_key(const es_ynode *k)
{
    if (k->kind != ES_YN_SCALAR)
        return false;
    if (k->tag)
        return strcmp(k->tag, "tag:yaml.org,2002:merge") == 0;
    return k->style == ES_YS_PLAIN && k->len == 2 && k->s[0] == '<' && k->s[1] == '<';
}

/* Resolve `<<` keys of a finished mapping: the pairs of the merged
 * mappings are added where the mapping has no key of its own of the same
 * name; of several merged mappings the first to name a key wins. */
static void merge_keys(loader *ld, es_ynode *map)
{
    size_t np = map->len, extra = 0;
    bool any = false;
    for (size_t i = 0; i < np; i++) {
        es_ynode *k = map->items[2 * i], *v = map->items[2 * i + 1];
        if (!is_merge_key(k))
            continue;
        any = true;
        if (v->kind == ES_YN_MAP)
            extra += v->len;
        else if (v->kind == ES_YN_SEQ)
            for (size_t j = 0; j < v->len; j++)
                extra += v->items[j]->kind == ES_YN_MAP ? v->items[j]->len : 0;
    }
    if (!any)
        return;
    es_ynode **out = es_arena_alloc(&ld->arena, 2 * (np + extra + 1) * sizeof *out);
    strset seen;
    if (!out || !strset_init(&seen, &ld->arena, np + extra)) {
        ld->oom = true;
        return;
    }
    for (size_t i = 0; i < np; i++) {
        es_ynode *k = map->items[2 * i];
        if (k->kind == ES_YN_SCALAR && !is_merge_key(k))
            strset_add(&seen, k);
    }
    size_t n = 0;
    uint64_t w = 1;
    for (size_t i = 0; i < np; i++) {
        es_ynode *k = map->items[2 * i], *v = map->items[2 * i + 1];
        if (!is_merge_key(k)) {
            out[2 * n] = k;
            out[2 * n + 1] = v;
            n++;
            w = wadd(w, wadd(k->weight, v->weight));
            continue;
        }
        size_t nsrc = v->kind == ES_YN_SEQ ? v->len : 1;
        for (size_t s = 0; s < nsrc; s++) {
            es_ynode *src = v->kind == ES_YN_SEQ ? v->items[s] : v;
            if (src->kind != ES_YN_MAP) {
                es_sink_diag(ld->sink, ENVSCAN_SEVERITY_WARNING, "yaml-merge", src->line,
                             src->col, 0,
                             "the value of a '<<' merge key is not a mapping (or a "
                             "list of mappings); ignored");
                continue;
            }
            for (size_t j = 0; j < src->len; j++) {
                es_ynode *mk = src->items[2 * j], *mv = src->items[2 * j + 1];
                if (mk->kind == ES_YN_SCALAR && !strset_add(&seen, mk))
                    continue;
                out[2 * n] = mk;
                out[2 * n + 1] = mv;
                n++;
                w = wadd(w, wadd(mk->weight, mv->weight));
            }
        }
    }
    map->items = out;
    map->len = n;
    map->weight = w;
}

static void on_scalar(loader *ld, const yaml_event_t *e)
{
    es_ynode *n = new_node(ld, ES_YN_SCALAR, &e->start_mark);
    if (!n)
        return;
    mark_pos(ld, &e->end_mark, NULL, NULL, &n->end);
    switch (e->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: n->style = ES_YS_SINGLE; break;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: n->style = ES_YS_DOUBLE; break;
    case YAML_LITERAL_SCALAR_STYLE: n->style = ES_YS_LITERAL; break;
    case YAML_FOLDED_SCALAR_STYLE: n->style = ES_YS_FOLDED; break;
    default: n->style = ES_YS_PLAIN; break;
    }
    n->s = arena_str(ld, e->data.scalar.value, e->data.scalar.length);
    n->len = e->data.scalar.length;
    if (e->data.scalar.tag)
        n->tag = arena_str(ld, e->data.scalar.tag, strlen((char *)e->data.scalar.tag));
    if (ld->depth) {
        frame *f = &ld->st[ld->depth - 1];
        n->is_key = f->node->kind == ES_YN_MAP && (ld->n_kids - f->base) % 2 == 0;
    }
    es_ynode **s = grow(ld->scal, &ld->scal_cap, ld->n_scal + 1, sizeof *s);
    if (!s || !n->s) {
        ld->oom = true;
        return;
    }
    ld->scal = s;
    s[ld->n_scal++] = n;
    if (e->data.scalar.anchor) {
        const char *a = arena_str(ld, e->data.scalar.anchor,
                                  strlen((char *)e->data.scalar.anchor));
        if (!a || !anchor_set(ld, a, n))
            ld->oom = true;
    }
    add_child(ld, n, &e->start_mark);
}

static void on_start(loader *ld, const yaml_event_t *e, es_ykind kind)
{
    es_ynode *n = new_node(ld, kind, &e->start_mark);
    if (!n)
        return;
    const yaml_char_t *anc = kind == ES_YN_MAP ? e->data.mapping_start.anchor
                                               : e->data.sequence_start.anchor;
    const yaml_char_t *tag = kind == ES_YN_MAP ? e->data.mapping_start.tag
                                               : e->data.sequence_start.tag;
    bool flow = kind == ES_YN_MAP ? e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                                  : e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
    n->style = flow ? ES_YS_FLOW : ES_YS_PLAIN;
    if (tag)
        n->tag = arena_str(ld, tag, strlen((const char *)tag));
    frame *st = grow(ld->st, &ld->st_cap, ld->depth + 1, sizeof *st);
    if (!st) {
        ld->oom = true;
        return;
    }
    ld->st = st;
    st[ld->depth++] = (frame){n, ld->n_kids, anc ? arena_str(ld, anc, strlen((const char *)anc)) : NULL};
}

static void on_end(loader *ld, const yaml_event_t *e)
{
    frame f = ld->st[--ld->depth];
    es_ynode *n = f.node;
    mark_pos(ld, &e->end_mark, NULL, NULL, &n->end);
    size_t k = ld->n_kids - f.base;
    n->items = es_arena_alloc(&ld->arena, (k ? k : 1) * sizeof *n->items);
    if (!n->items) {
        ld->oom = true;
        return;
    }
    if (k)
        memcpy(n->items, ld->kids + f.base, k * sizeof *n->items);
    ld->n_kids = f.base;
    n->len = n->kind == ES_YN_MAP ? k / 2 : k;
    if (n->kind == ES_YN_MAP) {
        merge_keys(ld, n);
        if (n->weight > ES_YAML_MAX_NODES) {
            fail_doc(ld, "yaml-limit", &e->end_mark,
                     "document %u: more than 1000000 nodes once merge keys are resolved; "
                     "document skipped%s",
                     NULL);
            return;
        }
    }
    if (f.anchor && !anchor_set(ld, f.anchor, n))
        ld->oom = true;
    add_child(ld, n, &e->start_mark);
}

static void on_alias(loader *ld, const yaml_event_t *e)
{
    const char *name = (const char *)e->data.alias.anchor;
    es_ynode *n = anchor_get(ld, name);
    if (!n) {
        fail_doc(ld, "yaml-alias", &e->start_mark,
                 "document %u: alias *%s names no anchor defined before it; document skipped",
                 name);
        return;
    }
    add_child(ld, n, &e->start_mark);
}

/* libyaml's error as a line, column and one-line message. */
static void syntax_error(loader *ld, yaml_parser_t *p, es_yaml_error *err)
{
    err->failed = true;
    if (p->error == YAML_READER_ERROR) {
        size_t off = p->problem_offset < ld->len ? p->problem_offset : ld->len;
        uint32_t line = 1;
        size_t ls = 0;
        for (size_t i = 0; i < off; i++)
            if (ld->src[i] == '\n' || (ld->src[i] == '\r' && (i + 1 >= off || ld->src[i + 1] != '\n'))) {
                line++;
                ls = i + 1;
            }
        err->line = line;
        err->col = (uint32_t)(off - ls + 1);
        snprintf(err->problem, sizeof err->problem, "%s (byte 0x%02x)",
                 p->problem ? p->problem : "cannot read the text", (unsigned)(p->problem_value & 0xff));
        return;
    }
    if (p->error == YAML_MEMORY_ERROR) {
        ld->oom = true;
        return;
    }
    mark_pos(ld, &p->problem_mark, &err->line, &err->col, NULL);
    if (p->context)
        snprintf(err->problem, sizeof err->problem, "%s %s", p->problem ? p->problem : "error",
                 p->context);
    else
        snprintf(err->problem, sizeof err->problem, "%s", p->problem ? p->problem : "error");
}

int es_yaml_load(const uint8_t *data, size_t len, es_sink *sink, es_yaml_doc_fn fn,
                 void *ctx, es_yaml_error *err)
{
    memset(err, 0, sizeof *err);
    if (!data)
        data = (const uint8_t *)""; /* libyaml wants a buffer, even empty */
    loader ld;
    memset(&ld, 0, sizeof ld);
    ld.src = data;
    ld.len = len;
    ld.sink = sink;
    ld.ascii = true;
    for (size_t i = 0; i < len && ld.ascii; i++)
        ld.ascii = data[i] < 0x80;
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return ENVSCAN_E_NOMEM;
    yaml_parser_set_input_string(&p, data, len);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    int rc = ENVSCAN_OK;
    size_t nest = 0; /* open collections, whether built or skipped */
    for (bool done = false; !done && rc == ENVSCAN_OK;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            syntax_error(&ld, &p, err);
            break;
        }
        if (e.type == YAML_STREAM_END_EVENT) {
            done = true;
        } else if (e.type == YAML_DOCUMENT_START_EVENT) {
            doc_end(&ld);
            es_arena_init(&ld.arena);
            ld.live = true;
            ld.nodes = 0;
            ld.doc_index++;
            ld.doc_ci = e.start_mark.index;
            ld.doc_line = (uint32_t)e.start_mark.line + 1;
        } else if (e.type == YAML_DOCUMENT_END_EVENT) {
            if (!ld.skip && !ld.oom) {
                es_yaml_doc d = {.src = data, .src_len = len, .index = ld.doc_index,
                                 .line = ld.doc_line, .root = ld.root, .scalars = ld.scal,
                                 .n_scalars = ld.n_scal, .arena = &ld.arena};
                if (fn(ctx, &d) != 0)
                    rc = ENVSCAN_E_CANCELLED;
                err->docs_done++;
            }
            doc_end(&ld);
        } else if (e.type == YAML_SEQUENCE_START_EVENT || e.type == YAML_MAPPING_START_EVENT
                       ? ++nest > ES_YAML_MAX_DEPTH
                       : false) {
            /* libyaml's scanner costs the flow depth per token: going on
             * would be quadratic, so the stream stops here */
            uint32_t line, col;
            mark_pos(&ld, &e.start_mark, &line, &col, NULL);
            es_sink_diag(sink, ENVSCAN_SEVERITY_ERROR, "yaml-limit", line, col, 0,
                         "document %u: collections nested deeper than %d levels; the rest "
                         "of the file is not read",
                         ld.doc_index, ES_YAML_MAX_DEPTH);
            done = true;
        } else if (!ld.skip && ld.live) {
            if (e.end_mark.index - ld.doc_ci > ES_YAML_MAX_DOC) {
                fail_doc(&ld, "yaml-limit", &e.start_mark,
                         "document %u: longer than 64 MiB; the rest of it is skipped%s", NULL);
            } else {
                switch (e.type) {
                case YAML_SCALAR_EVENT: on_scalar(&ld, &e); break;
                case YAML_ALIAS_EVENT: on_alias(&ld, &e); break;
                case YAML_SEQUENCE_START_EVENT: on_start(&ld, &e, ES_YN_SEQ); break;
                case YAML_MAPPING_START_EVENT: on_start(&ld, &e, ES_YN_MAP); break;
                case YAML_SEQUENCE_END_EVENT:
                case YAML_MAPPING_END_EVENT: on_end(&ld, &e); break;
                default: break;
                }
            }
        }
        if (e.type == YAML_SEQUENCE_END_EVENT || e.type == YAML_MAPPING_END_EVENT)
            nest--;
        yaml_event_delete(&e);
        if (ld.oom)
            rc = ENVSCAN_E_NOMEM;
    }
    doc_end(&ld);
    yaml_parser_delete(&p);
    free(ld.st);
    free(ld.kids);
    free(ld.scal);
    free(ld.anc);
    return rc;
}

/* ------------------------------------------------------------- helpers */

bool es_yaml_eq(const es_ynode *n, const char *s)
{
    size_t k = strlen(s);
    return n && n->kind == ES_YN_SCALAR && n->len == k && memcmp(n->s, s, k) == 0;
}

es_ynode *es_yaml_get(const es_ynode *map, const char *key)
{
    if (!map || map->kind != ES_YN_MAP)
        return NULL;
    for (size_t i = map->len; i-- > 0;)
        if (es_yaml_eq(map->items[2 * i], key))
            return map->items[2 * i + 1];
    return NULL;
}

es_ynode *es_yaml_get_kind(const es_ynode *map, const char *key, es_ykind kind)
{
    es_ynode *v = es_yaml_get(map, key);
    return v && v->kind == kind ? v : NULL;
}

bool es_yaml_is_null(const es_ynode *n)
{
    if (!n)
        return true;
    if (n->kind != ES_YN_SCALAR)
        return false;
    if (n->tag)
        return strcmp(n->tag, "tag:yaml.org,2002:null") == 0;
    if (n->style != ES_YS_PLAIN)
        return false;
    return n->len == 0 || es_yaml_eq(n, "~") || es_yaml_eq(n, "null") || es_yaml_eq(n, "Null") ||
           es_yaml_eq(n, "NULL");
}

/* Length of the line break at s[i] as libyaml counts them (CRLF, CR, LF,
 * NEL, LS, PS), or 0. */
static size_t break_len(const uint8_t *s, size_t n, size_t i)
{
    if (s[i] == '\r')
        return i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
    if (s[i] == '\n')
        return 1;
    if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0x85)
        return 2;
    if (s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
        return 3;
    return 0;
}

void es_yaml_pos(const es_yaml_doc *d, const es_ynode *n, size_t off, uint32_t *line,
                 uint32_t *col)
{
    *line = n->line;
    *col = n->col;
    if (n->kind != ES_YN_SCALAR || off >= n->len || n->end > d->src_len || n->start > n->end)
        return;
    const uint8_t *src = d->src;
    uint8_t mark = (uint8_t)n->s[off];
    size_t k = 0, total = 0;
    for (size_t i = 0; i < n->len; i++)
        if ((uint8_t)n->s[i] == mark) {
            total++;
            if (i < off)
                k++;
        }
    size_t seen = 0, hit = (size_t)-1;
    for (size_t i = n->start; i < n->end; i++)
        if (src[i] == mark && seen++ == k)
            hit = i;
    if (seen != total || hit == (size_t)-1) {
        /* the count differs (an escape, a comment): the first character */
        if (n->start < d->src_len && (src[n->start] == '"' || src[n->start] == '\''))
            *col = n->col + 1;
        return;
    }
    uint32_t l = n->line, c = n->col;
    for (size_t i = n->start; i < hit;) {
        size_t b = break_len(src, d->src_len, i);
        if (b) {
            l++;
            c = 1;
            i += b;
        } else {
            c++;
            i++;
        }
    }
    *line = l;
    *col = c;
}
