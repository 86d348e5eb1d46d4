/*
 * util.c — arenas, vectors, the per-file sink, buffered report output.
 *
 * The arena hands out memory from blocks that double in size up to 1 MiB,
 * so a result with millions of records costs a few hundred mallocs, and
 * freeing it is one walk over the blocks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "internal.h"
#include "secrets/secrets.h"

#define BIG ((size_t)2 << 20)

static size_t big_round(size_t n) { return (n + BIG - 1) & ~(BIG - 1); }

void *es_big_alloc(size_t n)
{
    if (n < BIG)
        return malloc(n ? n : 1);
    void *p = mmap(NULL, big_round(n), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    madvise(p, big_round(n), MADV_HUGEPAGE); /* advice: failure is harmless */
    return p;
}

void es_big_free(void *p, size_t n)
{
    if (!p)
        return;
    if (n < BIG)
        free(p);
    else
        munmap(p, big_round(n));
}

void *es_big_realloc(void *p, size_t old, size_t n)
{
    if (!p)
        return es_big_alloc(n);
    if (old < BIG && n < BIG)
        return realloc(p, n);
    if (old >= BIG && n >= BIG) {
        void *q = mremap(p, big_round(old), big_round(n), MREMAP_MAYMOVE);
        if (q == MAP_FAILED)
            return NULL;
        madvise(q, big_round(n), MADV_HUGEPAGE);
        return q;
    }
    void *q = es_big_alloc(n);
    if (!q)
        return NULL;
    memcpy(q, p, old < n ? old : n);
    es_big_free(p, old);
    return q;
}

struct es_arena_block {
    es_arena_block *next;
    size_t cap;
    max_align_t data[]; /* cap bytes follow */
};

void es_arena_init(es_arena *a) { memset(a, 0, sizeof *a); }

void es_arena_free(es_arena *a)
{
    es_arena_block *b = a->head;
    while (b) {
        es_arena_block *n = b->next;
        es_big_free(b, sizeof *b + b->cap);
        b = n;
    }
    memset(a, 0, sizeof *a);
}

void *es_arena_alloc_slow(es_arena *a, size_t n)
{
    /* blocks double up to 16 MiB, so a big scan maps few of them */
    size_t cap = a->head ? a->head->cap * 2 : 4096 - sizeof(es_arena_block);
    if (cap > (16u << 20) - sizeof(es_arena_block))
        cap = (16u << 20) - sizeof(es_arena_block);
    if (cap < n)
        cap = n;
    es_arena_block *b = es_big_alloc(sizeof *b + cap);
    if (!b)
        return NULL;
    b->cap = cap;
    b->next = a->head;
    a->head = b;
    a->base = (char *)b->data;
    a->used = n;
    a->cap = cap;
    a->total += n;
    return b->data;
}

void es_arena_release(es_arena *a, es_arena_mark m)
{
    while (a->head != m.head) {
        es_arena_block *b = a->head;
        a->head = b->next;
        es_big_free(b, sizeof *b + b->cap);
    }
    a->base = m.head ? (char *)m.head->data : NULL;
    a->cap = m.head ? m.head->cap : 0;
    a->used = m.used;
    a->total = m.total;
}

char *es_arena_strndup(es_arena *a, const void *s, size_t n)
{
    char *p = es_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *es_arena_printf(es_arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = n < 0 ? NULL : es_arena_alloc(a, (size_t)n + 1);
    if (p)
        vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void es_arena_adopt(es_arena *into, es_arena *from)
{
    if (!from->head)
        return;
    /* Splice `from`'s chain behind `into`'s current block so that `into`
     * keeps bump-allocating from the block it is filling. */
    es_arena_block *tail = from->head;
    while (tail->next)
        tail = tail->next;
    if (into->head) {
        tail->next = into->head->next;
        into->head->next = from->head;
    } else {
        into->head = from->head;
        into->base = from->base;
        into->used = from->used;
        into->cap = from->cap;
    }
    into->total += from->total;
    memset(from, 0, sizeof *from);
}

void es_vec_init(es_vec *v, size_t item)
{
    memset(v, 0, sizeof *v);
    v->item = item;
}

void es_vec_free(es_vec *v)
{
    es_big_free(v->data, v->cap * v->item);
    v->data = NULL;
    v->len = v->cap = 0;
}

bool es_vec_reserve(es_vec *v, size_t cap)
{
    if (cap <= v->cap)
        return true;
    void *d = es_big_realloc(v->data, v->cap * v->item, cap * v->item);
    if (!d)
        return false;
    v->data = d;
    v->cap = cap;
    return true;
}

void *es_vec_push(es_vec *v)
{
    if (v->len == v->cap && !es_vec_reserve(v, v->cap ? v->cap * 2 : 16))
        return NULL;
    void *p = (char *)v->data + v->len * v->item;
    memset(p, 0, v->item); /* callers may fill only some fields */
    v->len++;
    return p;
}

static envscan_diagnostic *sink_vdiag(es_sink *s, envscan_severity sev, const char *code,
                                      uint32_t line, uint32_t column, int sys_errno,
                                      const char *fmt, va_list ap)
{
    envscan_diagnostic *d = es_vec_push(s->diags);
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    char *msg = es_arena_strndup(s->arena, buf, strlen(buf));
    if (!d || !msg) {
        s->oom = true;
        if (d)
            s->diags->len--;
        return NULL;
    }
    d->code = code; /* codes are static strings */
    d->severity = sev;
    d->message = msg;
    d->file = s->file;
    d->line = line;
    d->column = column;
    d->sys_errno = sys_errno;
    d->key = NULL;
    return d;
}

void es_sink_diag(es_sink *s, envscan_severity sev, const char *code,
                  uint32_t line, uint32_t column, int sys_errno,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sink_vdiag(s, sev, code, line, column, sys_errno, fmt, ap);
    va_end(ap);
}

void es_sink_diag_key(es_sink *s, envscan_severity sev, const char *code,
                      const char *key, size_t key_len, uint32_t line,
                      uint32_t column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    envscan_diagnostic *d = sink_vdiag(s, sev, code, line, column, 0, fmt, ap);
    va_end(ap);
    if (d && key && !(d->key = es_arena_strndup(s->arena, key, key_len))) {
        s->oom = true;
        s->diags->len--;
    }
}

static const char *dup_or_null(es_sink *s, const char *p)
{
    if (!p)
        return NULL;
    char *c = es_arena_strndup(s->arena, p, strlen(p));
    if (!c)
        s->oom = true;
    return c;
}

void es_sink_link(es_sink *s, const es_link *l)
{
    if (!s->links)
        return;
    es_link *d = es_vec_push(s->links);
    if (!d) {
        s->oom = true;
        return;
    }
    *d = *l;
    d->pub.file = s->file;
    d->pub.target = dup_or_null(s, l->pub.target);
    d->pub.prefix = dup_or_null(s, l->pub.prefix);
    d->pub.key = dup_or_null(s, l->pub.key);
    d->pub.target_file = NULL;
    d->ns = dup_or_null(s, l->ns);
}

void es_sink_object(es_sink *s, const char *kind, const char *name, const char *ns,
                    uint32_t line, const char *const *keys, size_t n_keys)
{
    if (!s->objects)
        return;
    es_object *o = es_vec_push(s->objects);
    const char **k = es_arena_alloc(s->arena, (n_keys ? n_keys : 1) * sizeof *k);
    if (!o || !k) {
        s->oom = true;
        return;
    }
    *o = (es_object){.file = s->file, .line = line, .kind = dup_or_null(s, kind),
                     .name = dup_or_null(s, name), .ns = dup_or_null(s, ns), .keys = k,
                     .n_keys = n_keys};
    for (size_t i = 0; i < n_keys; i++)
        k[i] = dup_or_null(s, keys[i]);
}

/* ------------------------------------------------------------------ output */

int es_out_flush(es_out *o)
{
    if (o->len && !o->failed && o->write(o->ctx, o->buf, o->len) != 0)
        o->failed = 1;
    o->len = 0;
    return o->failed ? ENVSCAN_E_IO : ENVSCAN_OK;
}

void es_out_bytes(es_out *o, const void *p, size_t n)
{
    if (o->failed)
        return;
    if (n > sizeof o->buf - o->len) {
        es_out_flush(o);
        if (n > sizeof o->buf) {
            if (!o->failed && o->write(o->ctx, p, n) != 0)
                o->failed = 1;
            return;
        }
    }
    memcpy(o->buf + o->len, p, n);
    o->len += n;
}

void es_out_str(es_out *o, const char *s) { es_out_bytes(o, s, strlen(s)); }

void es_out_u64(es_out *o, uint64_t v)
{
    char d[20];
    size_t i = sizeof d;
    do {
        d[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    es_out_bytes(o, d + i, sizeof d - i);
}

void es_out_printf(es_out *o, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        es_out_bytes(o, tmp, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        o->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    es_out_bytes(o, big, (size_t)n);
    free(big);
}

/* JSON string as JSON.stringify writes it: `"` and `\` escaped, the short
 * escapes \b \f \n \r \t, other bytes below 0x20 as \u00XX, everything
 * else (including non-ASCII UTF-8, U+2028/U+2029) as is. The engine hands
 * only valid UTF-8 to reports. */
void es_out_json_string(es_out *o, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    es_out_bytes(o, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        es_out_bytes(o, s + run, i - run);
        run = i + 1;
        char e[7] = {'\\', 0};
        size_t el = 2;
        switch (c) {
        case '"': e[1] = '"'; break;
        case '\\': e[1] = '\\'; break;
        case '\b': e[1] = 'b'; break;
        case '\f': e[1] = 'f'; break;
        case '\n': e[1] = 'n'; break;
        case '\r': e[1] = 'r'; break;
        case '\t': e[1] = 't'; break;
        default:
            e[1] = 'u'; e[2] = '0'; e[3] = '0';
            e[4] = hex[c >> 4]; e[5] = hex[c & 15];
            el = 6;
        }
        es_out_bytes(o, e, el);
    }
    es_out_bytes(o, s + run, n - run);
    es_out_bytes(o, "\"", 1);
}

uint64_t es_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void es_parse_ws_trim(es_parse_ws *ws)
{
    const size_t keep = 16u << 20;
    if (ws->tmp_cap > keep) {
        free(ws->tmp);
        ws->tmp = NULL;
        ws->tmp_cap = 0;
    }
    if (ws->val_cap > keep) {
        free(ws->val);
        ws->val = NULL;
        ws->val_cap = 0;
    }
    if (ws->hashes_cap * sizeof *ws->hashes > keep) {
        es_big_free(ws->hashes, ws->hashes_cap * sizeof *ws->hashes);
        ws->hashes = NULL;
        ws->hashes_cap = 0;
    }
    if (ws->kh_cap * sizeof *ws->kh > keep) {
        es_big_free(ws->kh, ws->kh_cap * sizeof *ws->kh);
        ws->kh = NULL;
        ws->kh_cap = 0;
    }
    if (ws->kh_tmp_cap * sizeof *ws->kh_tmp > keep) {
        es_big_free(ws->kh_tmp, ws->kh_tmp_cap * sizeof *ws->kh_tmp);
        ws->kh_tmp = NULL;
        ws->kh_tmp_cap = 0;
    }
}

void es_parse_ws_free(es_parse_ws *ws)
{
    free(ws->tmp);
    free(ws->val);
    es_big_free(ws->hashes, ws->hashes_cap * sizeof *ws->hashes);
    es_big_free(ws->kh, ws->kh_cap * sizeof *ws->kh);
    es_big_free(ws->kh_tmp, ws->kh_tmp_cap * sizeof *ws->kh_tmp);
    es_secrets_ws_free(ws);
    memset(ws, 0, sizeof *ws);
}

void es_js_key_init(es_js_key *k, const char *key, size_t len, size_t first)
{
    k->is_index = es_js_array_index(key, len, &k->index);
    k->first = first;
}

int es_js_key_cmp(const void *a, const void *b)
{
    const es_js_key *x = a, *y = b;
    if (x->is_index != y->is_index)
        return x->is_index ? -1 : 1;
    if (x->is_index)
        return x->index < y->index ? -1 : x->index > y->index;
    return x->first < y->first ? -1 : x->first > y->first;
}

bool es_js_array_index(const char *k, size_t n, uint64_t *v)
{
    if (n == 0 || n > 10 || (n > 1 && k[0] == '0'))
        return false;
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (k[i] < '0' || k[i] > '9')
            return false;
        x = x * 10 + (uint64_t)(k[i] - '0');
    }
    *v = x;
    return x < 4294967295u;
}

/* A value on one line: control characters shown as escapes, long values
 * cut with their length given. */
void es_out_record_value(es_out *o, const envscan_record *r, uint64_t seed, unsigned flags,
                         bool json)
{
    const char *v = r->value;
    size_t n = r->value_len;
    char red[ES_SECRET_REDACTED_MAX];
    if ((r->flags & ENVSCAN_RECORD_SECRET) && !(flags & ENVSCAN_REPORT_SHOW_SECRETS)) {
        n = es_secret_redact(seed, v, n, red);
        v = red;
    }
    if (json)
        es_out_json_string(o, v, n);
    else
        es_out_text_value(o, v, n);
}

void es_out_text_value(es_out *o, const char *v, size_t n)
{
    const size_t max = 72;
    es_out_str(o, "\"");
    for (size_t i = 0; i < n && i < max; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == '\n')
            es_out_str(o, "\\n");
        else if (c == '\r')
            es_out_str(o, "\\r");
        else if (c == '\t')
            es_out_str(o, "\\t");
        else if (c == '"' || c == '\\')
            es_out_printf(o, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            es_out_printf(o, "\\x%02x", c);
        else
            es_out_bytes(o, &v[i], 1);
    }
    es_out_str(o, "\"");
    if (n > max)
        es_out_printf(o, "... (%zu bytes)", n);
}

/* ----------------------------------------------------------------- base64 */

static int b64_digit(uint8_t ch)
{
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A';
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9')
        return ch - '0' + 52;
    return ch == '+' ? 62 : ch == '/' ? 63 : -1;
}

long es_base64_decode(const char *s, size_t n, uint8_t *out)
{
    uint32_t acc = 0;
    size_t got = 0, o = 0, pad = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t ch = (uint8_t)s[i];
        if (ch == '\n' || ch == '\r')
            continue;
        if (ch == '=') {
            pad++;
            got++;
            continue;
        }
        int v = b64_digit(ch);
        if (v < 0 || pad)
            return -1;
        acc = acc << 6 | (uint32_t)v;
        if (++got % 4 == 0) {
            out[o++] = (uint8_t)(acc >> 16);
            out[o++] = (uint8_t)(acc >> 8);
            out[o++] = (uint8_t)acc;
            acc = 0;
        }
    }
    if (got % 4 || pad > 2 || (pad && got % 4 != 0))
        return -1;
    if (pad == 1) {
        out[o++] = (uint8_t)(acc >> 10);
        out[o++] = (uint8_t)(acc >> 2);
    } else if (pad == 2) {
        out[o++] = (uint8_t)(acc >> 4);
    }
    return (long)o;
}
