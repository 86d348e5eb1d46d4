/*
 * lines.c — what the line-oriented formats share (see lines.h).
 *
 * The end-of-file pass exists because these parsers find some records out
 * of position order: a shell assignment is known to be scoped to a command
 * only once the command word is read, after the usages inside its value
 * were emitted. Sorting once at the end keeps each parser simple; a file
 * whose records are already in order (the common case) costs one check.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "lines.h"

void es_lc_init(es_lc *c, const uint8_t *s, size_t n)
{
    *c = (es_lc){.s = s, .n = n, .pos = 0, .start = 0, .line = 1};
}

void es_lc_at(es_lc *c, size_t pos, uint32_t *line, uint32_t *col)
{
    if (pos > c->n)
        pos = c->n;
    while (c->pos < pos) {
        const uint8_t *nl = memchr(c->s + c->pos, '\n', pos - c->pos);
        if (!nl) {
            c->pos = pos;
            break;
        }
        c->line++;
        c->pos = c->start = (size_t)(nl - c->s) + 1;
    }
    while (pos < c->start) { /* back to the line holding pos */
        c->line--;
        size_t j = c->start - 1; /* the '\n' ending the previous line */
        while (j > 0 && c->s[j - 1] != '\n')
            j--;
        c->start = j;
    }
    c->pos = pos;
    *line = c->line;
    *col = (uint32_t)(pos - c->start + 1);
}

bool es_brace_default(const uint8_t *s, size_t n, size_t after, bool colon_alone)
{
    if (after >= n)
        return false;
    if (s[after] == '-' || s[after] == '=' || s[after] == '+')
        return true;
    if (s[after] != ':' || after + 1 >= n)
        return false;
    if (s[after + 1] == '-' || s[after + 1] == '=' || s[after + 1] == '+')
        return true;
    return colon_alone && s[after + 1] != '?';
}

size_t es_name_len(const uint8_t *s, size_t n, size_t i)
{
    if (i >= n || !es_is_name_start(s[i]))
        return 0;
    size_t j = i + 1;
    while (j < n && es_is_name_char(s[j]))
        j++;
    return j - i;
}

bool es_buf_grow(es_buf *b, size_t more)
{
    if (b->oom || b->len + more < b->len)
        return false;
    size_t cap = b->cap && b->data ? b->cap : 256;
    while (cap - b->len < more)
        cap *= 2;
    char *v = realloc(b->data, cap);
    if (!v) {
        b->oom = true;
        return false;
    }
    b->data = v;
    b->cap = cap;
    return true;
}

bool es_segmap_add(es_segmap *m, size_t at, size_t src)
{
    es_seg *g = es_vec_push(&m->segs);
    if (!g)
        return false;
    *g = (es_seg){at, src};
    return true;
}

size_t es_segmap_src(const es_segmap *m, size_t at)
{
    const es_seg *g = m->segs.data;
    size_t lo = 0, hi = m->segs.len; /* last piece with g.at <= at */
    if (!hi)
        return at;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (g[mid].at <= at)
            lo = mid;
        else
            hi = mid;
    }
    return g[lo].src + (at - g[lo].at);
}

void es_text_init(es_text *x, es_parse_ws *ws, const uint8_t *s, size_t n, es_sink *out)
{
    *x = (es_text){.s = s, .n = n, .out = out, .tmp_ = (char *)ws->tmp};
    es_lc_init(&x->lc, s, n);
    es_buf_borrow(&x->line, &x->tmp_, &ws->tmp_cap);
    es_buf_borrow(&x->val, &ws->val, &ws->val_cap);
    es_segmap_init(&x->map);
}

void es_text_done(es_text *x, es_parse_ws *ws)
{
    es_segmap_free(&x->map);
    es_buf_return(&x->line, &x->tmp_, &ws->tmp_cap);
    ws->tmp = (uint8_t *)x->tmp_;
    es_buf_return(&x->val, &ws->val, &ws->val_cap);
    if (x->line.oom || x->val.oom)
        x->out->oom = true;
    x->out->scope = NULL;
}

void es_text_start(es_text *x)
{
    es_buf_reset(&x->line);
    es_segmap_clear(&x->map);
}

void es_text_piece(es_text *x, size_t src, size_t len)
{
    if (!es_segmap_add(&x->map, x->line.len, src))
        x->out->oom = true;
    es_buf_put(&x->line, x->s + src, len);
}

void es_text_pos(es_text *x, size_t at, uint32_t *line, uint32_t *col)
{
    es_lc_at(&x->lc, es_segmap_src(&x->map, at), line, col);
}

void es_text_warn(es_text *x, const char *code, size_t at, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    uint32_t line, col;
    es_text_pos(x, at, &line, &col);
    es_sink_diag(x->out, ENVSCAN_SEVERITY_WARNING, code, line, col, 0, "%s", msg);
}

size_t es_utf8_put(uint32_t u, uint8_t o[4])
{
    if (u < 0x80) {
        o[0] = (uint8_t)u;
        return 1;
    }
    if (u < 0x800) {
        o[0] = (uint8_t)(0xC0 | (u >> 6));
        o[1] = (uint8_t)(0x80 | (u & 0x3F));
        return 2;
    }
    if (u < 0x10000) {
        o[0] = (uint8_t)(0xE0 | (u >> 12));
        o[1] = (uint8_t)(0x80 | ((u >> 6) & 0x3F));
        o[2] = (uint8_t)(0x80 | (u & 0x3F));
        return 3;
    }
    o[0] = (uint8_t)(0xF0 | (u >> 18));
    o[1] = (uint8_t)(0x80 | ((u >> 12) & 0x3F));
    o[2] = (uint8_t)(0x80 | ((u >> 6) & 0x3F));
    o[3] = (uint8_t)(0x80 | (u & 0x3F));
    return 4;
}

/* ------------------------------------------------------ end of a file */

static bool pos_less(const envscan_record *a, const envscan_record *b)
{
    return a->line != b->line ? a->line < b->line : a->column < b->column;
}

/* Stable merge sort of r[0..n) by position, through tmp[0..n). */
static void merge_sort(envscan_record *r, envscan_record *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    merge_sort(r, tmp, h);
    merge_sort(r + h, tmp, n - h);
    if (!pos_less(&r[h], &r[h - 1]))
        return;
    memcpy(tmp, r, n * sizeof *r);
    size_t i = 0, j = h, o = 0;
    while (i < h && j < n)
        r[o++] = pos_less(&tmp[j], &tmp[i]) ? tmp[j++] : tmp[i++];
    while (i < h)
        r[o++] = tmp[i++];
    while (j < n)
        r[o++] = tmp[j++];
}

static uint64_t def_hash(const envscan_record *r)
{
    uint64_t h = XXH3_64bits(r->key, r->key_len);
    return r->scope ? XXH3_64bits_withSeed(r->scope, strlen(r->scope), h) : h;
}

static bool same_def(const envscan_record *a, const envscan_record *b)
{
    if (a->kind != b->kind || a->key_len != b->key_len ||
        memcmp(a->key, b->key, a->key_len) != 0)
        return false;
    if (!a->scope || !b->scope)
        return a->scope == b->scope;
    return a->scope == b->scope || strcmp(a->scope, b->scope) == 0;
}

bool es_lines_finish(es_sink *out, size_t first, bool overrides)
{
    size_t n = out->records->len - first;
    if (n < 2)
        return true; /* (and the vector may still be NULL) */
    envscan_record *r = (envscan_record *)out->records->data + first;
    bool sorted = true;
    for (size_t i = 1; i < n && sorted; i++)
        sorted = !pos_less(&r[i], &r[i - 1]);
    if (!sorted) {
        envscan_record *tmp = malloc(n * sizeof *tmp);
        if (!tmp) {
            out->oom = true;
            return false;
        }
        merge_sort(r, tmp, n);
        free(tmp);
    }
    if (!overrides)
        return true;
    /* walk backwards with an open-addressing set of (key, scope) seen */
    size_t cap = 16;
    while (cap < n * 2)
        cap *= 2;
    size_t *slot = calloc(cap, sizeof *slot); /* record index + 1, 0 = empty */
    if (!slot) {
        out->oom = true;
        return false;
    }
    for (size_t i = n; i-- > 0;) {
        if (r[i].kind != ENVSCAN_KIND_DEFINITION && r[i].kind != ENVSCAN_KIND_CONFIG)
            continue;
        size_t k = (size_t)def_hash(&r[i]) & (cap - 1);
        for (; slot[k]; k = (k + 1) & (cap - 1))
            if (same_def(&r[slot[k] - 1], &r[i]))
                break;
        if (slot[k])
            r[i].flags |= ENVSCAN_RECORD_OVERRIDDEN;
        else
            slot[k] = i + 1;
    }
    free(slot);
    return true;
}
