/*
 * toml.c — TOML 1.0 config files (config*.toml, settings*.toml,
 * *.config.toml; the names are io/classify.c's).
 *
 * A strict parser of the whole TOML 1.0 grammar (toml.io/en/v1.0.0),
 * checked against Python 3.11's tomllib (conformance_toml_diff). It reads
 * the document in one pass, statement by statement; values recurse,
 * bounded at ES_TOML_MAX_DEPTH nested arrays and inline tables.
 *
 * Records (docs/config.md): every scalar leaf is a config record whose key
 * is its dotted path (`server.port`, array items `hosts[1]`, tables of an
 * array of tables `servers[0].name`) and whose value is a canonical text:
 * strings decoded; integers in decimal; floats as the shortest text that
 * reads back to the same double, laid out as Python's repr() (`1e+16`,
 * `0.1`, `-0.0`, `inf`, `nan`); booleans `true` / `false`; dates, times
 * and date-times as Python's isoformat() (`T`, fractions truncated to
 * microseconds, `Z` as `+00:00`). ${NAME}, ${NAME:-default} and $NAME in
 * strings are references.
 *
 * The redefinition rules (a key or table defined twice, a table opened by
 * dotted keys and by a header, arrays and inline tables never extended)
 * are checked on a tree of the document's tables and keys: one node per
 * table, array of tables, or value, found by (parent, key) in a hash
 * table, so a big document costs linear time.
 *
 * The first error stops the file: a `config-syntax` error with line,
 * column and reason; the records before it are kept.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "config.h"

#define ES_TOML_MAX_DEPTH 256

enum { N_TABLE, N_AOT, N_VALUE };            /* node types */
enum { T_IMPLICIT, T_HEADER, T_DOTTED };     /* how a table was made */

typedef struct node {
    size_t key, klen;  /* in the keys buffer */
    uint32_t parent;
    uint32_t last;     /* array of tables: its last element */
    uint32_t count;    /* array of tables: elements so far */
    uint32_t section;  /* dotted table: the section that made it */
    uint8_t type, how;
} node;

typedef struct part {
    size_t at;         /* where the key part starts in the file */
    size_t key, klen;  /* decoded, in the parts buffer */
} part;

typedef struct tp {
    const uint8_t *s;
    size_t n, i;
    es_sink *out;
    es_lc lc;
    es_buf path;   /* key of the leaf being read */
    es_buf keys;   /* keys of the nodes */
    es_buf pbuf;   /* decoded parts of the key being read */
    es_buf num;    /* scratch for numbers */
    es_cval str;   /* the string being decoded */
    es_vec parts;  /* part */
    es_vec nodes;  /* node; 0 is the root table */
    uint32_t *slots; /* hash table of node index + 1 */
    size_t nslots, used;
    uint32_t cur;      /* the table statements now go to */
    size_t cur_path;   /* length of its path */
    uint32_t section;  /* counts table headers */
    bool failed;
} tp;

static void fail(tp *p, size_t at, const char *why)
{
    if (p->failed)
        return;
    p->failed = true;
    es_config_stop(p->out, &p->lc, at, "config-syntax", "TOML: %s", why);
}

static inline int at(const tp *p, size_t k) { return p->i + k < p->n ? p->s[p->i + k] : -1; }

static void ws(tp *p)
{
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t'))
        p->i++;
}

/* Length of the UTF-8 sequence at s[i] (a scalar value, shortest form),
 * 0 when it is not one. */
static size_t utf8_len(const uint8_t *s, size_t n, size_t i)
{
    uint8_t c = s[i];
    size_t len;
    uint32_t min, cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, min = 0x80, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, min = 0x800, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, min = 0x10000, cp = c & 0x07;
    else
        return 0;
    if (n - i < len)
        return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* A character of a comment or string at p->i that is not ASCII or is a
 * control character: check it, return its length or 0 after failing. */
static size_t other_char(tp *p, const char *where)
{
    uint8_t c = p->s[p->i];
    if (c < 0x80) {
        char why[96];
        snprintf(why, sizeof why, "a control character (0x%02X) in %s", c, where);
        fail(p, p->i, c == '\r' ? "a carriage return not followed by a line feed" : why);
        return 0;
    }
    size_t l = utf8_len(p->s, p->n, p->i);
    if (!l)
        fail(p, p->i, "invalid UTF-8");
    return l;
}

static inline bool plain(uint8_t c) { return c >= 0x20 && c < 0x7F; }

/* A comment at p->i ('#') up to, not including, its line end. */
static void comment(tp *p)
{
    p->i++;
    while (p->i < p->n && p->s[p->i] != '\n') {
        uint8_t c = p->s[p->i];
        if (plain(c) || c == '\t') {
            p->i++;
        } else if (c == '\r' && at(p, 1) == '\n') {
            return;
        } else {
            size_t l = other_char(p, "a comment");
            if (!l)
                return;
            p->i += l;
        }
    }
}

/* A line end at p->i (LF or CRLF); false when there is none. */
static bool newline(tp *p)
{
    if (at(p, 0) == '\n') {
        p->i++;
        return true;
    }
    if (at(p, 0) == '\r' && at(p, 1) == '\n') {
        p->i += 2;
        return true;
    }
    return false;
}

/* White space, line ends and comments (inside arrays). */
static void ws_lines(tp *p)
{
    while (!p->failed) {
        ws(p);
        if (at(p, 0) == '#')
            comment(p);
        else if (!newline(p))
            return;
    }
}

/* ------------------------------------------------------------- strings */

static bool hexval(const tp *p, size_t from, size_t k, uint32_t *v)
{
    if (p->n - from < k)
        return false;
    *v = 0;
    for (size_t j = 0; j < k; j++) {
        uint8_t h = p->s[from + j];
        int x = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
        if (x < 0)
            return false;
        *v = *v * 16 + (uint32_t)x;
    }
    return true;
}

/* An escape at p->i (its backslash) of a basic string. */
static bool escape(tp *p, bool multi)
{
    size_t bs = p->i;
    int e = at(p, 1);
    static const char from[] = "btnfr\"\\", to[] = "\b\t\n\f\r\"\\";
    const char *k = e > 0 ? strchr(from, e) : NULL;
    if (k) {
        es_cval_putc(&p->str, (uint8_t)to[k - from], bs);
        p->i += 2;
        return true;
    }
    if (e == 'u' || e == 'U') {
        size_t len = e == 'u' ? 4 : 8;
        uint32_t cp;
        if (!hexval(p, bs + 2, len, &cp)) {
            fail(p, bs, e == 'u' ? "a \\u escape without four hex digits"
                                 : "a \\U escape without eight hex digits");
            return false;
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            fail(p, bs, "an escape that is not a Unicode scalar value (a surrogate or above U+10FFFF)");
            return false;
        }
        uint8_t u8[4];
        es_cval_put(&p->str, u8, es_utf8_put(cp, u8), bs);
        p->i += 2 + len;
        return true;
    }
    if (multi) { /* a line-ending backslash: drop white space up to the next text */
        size_t j = p->i + 1;
        while (j < p->n && (p->s[j] == ' ' || p->s[j] == '\t'))
            j++;
        p->i = j;
        if (newline(p)) {
            for (;;) {
                ws(p);
                if (!newline(p))
                    return true;
            }
        }
    }
    fail(p, bs, "an invalid escape");
    return false;
}

/* A string at p->i (its first quote) decoded into p->str. Single-line
 * strings only when `key`. Sets *multi when the string was multi-line. */
static bool string(tp *p, bool key)
{
    uint8_t q = p->s[p->i];
    size_t start = p->i;
    bool multi = !key && at(p, 1) == q && at(p, 2) == q;
    bool literal = q == '\'';
    es_cval_reset(&p->str);
    p->i += multi ? 3 : 1;
    if (multi) /* a line end right after the opening quotes is dropped */
        newline(p);
    while (p->i < p->n) {
        uint8_t c = p->s[p->i];
        if (c == q) {
            if (!multi) {
                p->i++;
                return true;
            }
            if (at(p, 1) == q && at(p, 2) == q) {
                p->i += 3;
                /* up to two more quotes belong to the string */
                for (int k = 0; k < 2 && at(p, 0) == q; k++)
                    es_cval_putc(&p->str, q, p->i++);
                return true;
            }
            es_cval_putc(&p->str, c, p->i++);
        } else if (c == '\\' && !literal) {
            if (!escape(p, multi))
                return false;
        } else if (plain(c) || c == '\t') {
            es_cval_putc(&p->str, c, p->i++);
        } else if (multi && (c == '\n' || (c == '\r' && at(p, 1) == '\n'))) {
            es_cval_putc(&p->str, '\n', p->i);
            newline(p);
        } else if (c == '\n' || (c == '\r' && at(p, 1) == '\n')) {
            fail(p, p->i, "a line end inside a single-line string");
            return false;
        } else {
            size_t l = other_char(p, "a string");
            if (!l)
                return false;
            for (size_t k = 0; k < l; k++, p->i++)
                es_cval_putc(&p->str, p->s[p->i], p->i);
        }
    }
    fail(p, start, "a string never closed");
    return false;
}

/* ----------------------------------------------------------------- keys */

/* A dotted key at p->i into p->parts / p->pbuf. */
static bool key(tp *p)
{
    p->parts.len = 0;
    p->pbuf.len = 0;
    for (;;) {
        ws(p);
        size_t a = p->i;
        part *k = es_vec_push(&p->parts);
        if (!k) {
            p->out->oom = true;
            return false;
        }
        k->at = a;
        k->key = p->pbuf.len;
        int c = at(p, 0);
        if (c == '"' || c == '\'') {
            if (!string(p, true))
                return false;
            es_buf_put(&p->pbuf, p->str.b.data, p->str.b.len);
        } else {
            while (p->i < p->n && (es_is_name_char(p->s[p->i]) || p->s[p->i] == '-'))
                p->i++;
            if (p->i == a) {
                fail(p, a, c == '\n' || c == '\r' || c < 0 ? "a key expected, the line ends"
                                                          : "a key expected (bare keys are A-Z a-z 0-9 _ -)");
                return false;
            }
            es_buf_put(&p->pbuf, p->s + a, p->i - a);
        }
        k->klen = p->pbuf.len - k->key;
        ws(p);
        if (at(p, 0) != '.')
            return !p->pbuf.oom;
        p->i++;
    }
}

#define PART(p, j) (&ES_VEC_AT(&(p)->parts, part, j))
#define NODE(p, j) (&ES_VEC_AT(&(p)->nodes, node, j))

static uint64_t node_hash(uint32_t parent, const char *k, size_t klen)
{
    return XXH3_64bits_withSeed(k, klen, parent);
}

static bool rehash(tp *p)
{
    size_t cap = p->nslots ? p->nslots * 2 : 1024;
    uint32_t *s = calloc(cap, sizeof *s);
    if (!s)
        return false;
    for (size_t j = 0; j < p->nslots; j++) {
        if (!p->slots[j])
            continue;
        node *x = NODE(p, p->slots[j] - 1);
        size_t h = node_hash(x->parent, p->keys.data + x->key, x->klen) & (cap - 1);
        while (s[h])
            h = (h + 1) & (cap - 1);
        s[h] = p->slots[j];
    }
    free(p->slots);
    p->slots = s;
    p->nslots = cap;
    return true;
}

/* The child `k` of node `parent`, or UINT32_MAX. */
static uint32_t child(const tp *p, uint32_t parent, const char *k, size_t klen)
{
    if (!p->nslots)
        return UINT32_MAX;
    size_t h = node_hash(parent, k, klen) & (p->nslots - 1);
    for (; p->slots[h]; h = (h + 1) & (p->nslots - 1)) {
        const node *x = NODE(p, p->slots[h] - 1);
        if (x->parent == parent && x->klen == klen && memcmp(p->keys.data + x->key, k, klen) == 0)
            return p->slots[h] - 1;
    }
    return UINT32_MAX;
}

/* A new node; named ones (k != NULL) are found by child(). UINT32_MAX on
 * out of memory. */
static uint32_t add(tp *p, uint32_t parent, const char *k, size_t klen, uint8_t type, uint8_t how)
{
    if (p->nodes.len >= UINT32_MAX - 1 || ((p->used + 1) * 2 > p->nslots && !rehash(p))) {
        p->out->oom = true;
        return UINT32_MAX;
    }
    node *x = es_vec_push(&p->nodes);
    if (!x) {
        p->out->oom = true;
        return UINT32_MAX;
    }
    uint32_t id = (uint32_t)(p->nodes.len - 1);
    *x = (node){.key = p->keys.len, .klen = klen, .parent = parent, .type = type, .how = how,
                .section = p->section};
    if (!k)
        return id;
    es_buf_put(&p->keys, k, klen);
    if (p->keys.oom) {
        p->out->oom = true;
        return UINT32_MAX;
    }
    size_t h = node_hash(parent, k, klen) & (p->nslots - 1);
    while (p->slots[h])
        h = (h + 1) & (p->nslots - 1);
    p->slots[h] = id + 1;
    p->used++;
    return id;
}

static void path_part(tp *p, const part *k)
{
    if (p->path.len)
        es_buf_putc(&p->path, '.');
    es_buf_put(&p->path, p->pbuf.data + k->key, k->klen);
}

/* Key part k under node t: its node (UINT32_MAX when none yet), with
 * the part added to p->path. */
static uint32_t step_in(tp *p, uint32_t t, const part *k)
{
    path_part(p, k);
    return child(p, t, p->pbuf.data + k->key, k->klen);
}

/* Walk the parts of a dotted key of a key/value pair from table `t`,
 * extending p->path, and define its last part as a value. Returns the
 * value's node, or UINT32_MAX after failing. */
static uint32_t define(tp *p, uint32_t t)
{
    size_t np = p->parts.len;
    for (size_t j = 0; j < np; j++) {
        const part *k = PART(p, j);
        const char *kd = p->pbuf.data + k->key;
        uint32_t c = step_in(p, t, k);
        if (j + 1 == np) {
            if (c != UINT32_MAX) {
                fail(p, k->at, NODE(p, c)->type == N_VALUE ? "a key defined twice"
                                                            : "a key that names a table defined before");
                return UINT32_MAX;
            }
            return add(p, t, kd, k->klen, N_VALUE, 0);
        }
        if (c == UINT32_MAX) {
            c = add(p, t, kd, k->klen, N_TABLE, T_DOTTED);
            if (c == UINT32_MAX)
                return c;
        } else {
            node *x = NODE(p, c);
            if (x->type == N_VALUE) {
                fail(p, k->at, "a dotted key that extends a value (inline tables and arrays are closed)");
                return UINT32_MAX;
            }
            if (x->type == N_AOT || x->how == T_HEADER ||
                (x->how == T_DOTTED && x->section != p->section)) {
                fail(p, k->at, "a dotted key that extends a table defined before in another way");
                return UINT32_MAX;
            }
            x->how = T_DOTTED; /* an implicit table, now defined by dotted keys */
            x->section = p->section;
        }
        t = c;
    }
    return t; /* not reached: a key has a part */
}

/* --------------------------------------------------------------- values */

static void leaf(tp *p, size_t at_, const char *v, size_t vl, bool is_str)
{
    if (p->path.oom) {
        p->out->oom = true;
        return;
    }
    if (p->path.len == 0) {
        uint32_t line, col;
        es_lc_at(&p->lc, at_, &line, &col);
        es_sink_diag(p->out, ENVSCAN_SEVERITY_WARNING, "config-syntax", line, col, 0,
                     "TOML: a value with the empty key \"\" has no path to report (not reported)");
        return;
    }
    es_config_leaf(p->out, &p->lc, at_, p->path.data, p->path.len, v, vl, is_str ? &p->str : NULL,
                   ES_REF_BRACE | ES_REF_DOLLAR);
}

static inline bool digit(int c) { return c >= '0' && c <= '9'; }

/* Digits of base `b` with single underscores between them, at p->i,
 * appended to p->num. False when there is not at least one digit. */
static bool digits(tp *p, int b)
{
    size_t from = p->i;
    for (;;) {
        int c = at(p, 0);
        bool ok = b == 16 ? (digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
                          : (c >= '0' && c < '0' + b);
        if (!ok)
            return p->i > from;
        es_buf_putc(&p->num, (uint8_t)c);
        p->i++;
        if (at(p, 0) == '_') {
            int d = at(p, 1);
            bool next = b == 16 ? (digit(d) || (d >= 'a' && d <= 'f') || (d >= 'A' && d <= 'F'))
                                : (d >= '0' && d < '0' + b);
            if (!next)
                return true; /* the '_' is left: an error after the value */
            p->i++;
        }
    }
}

/* Does the decimal dig[0, nd) x 10^(exp10 - nd + 1) read back as x?
 * *below tells on which side of x it reads. Written without a decimal
 * point, so strtod reads it the same in every locale. */
static bool reads_back(const char *dig, int nd, int exp10, double x, bool *below)
{
    char back[48];
    snprintf(back, sizeof back, "%.*se%d", nd, dig, exp10 - (nd - 1));
    double y = strtod(back, NULL);
    *below = y < x;
    return y == x;
}

/* dig[0, nd) plus or minus one unit in its last place (same length). */
static void step(char *dig, int nd, int *exp10, bool up)
{
    int k = nd - 1;
    for (; k >= 0; k--) {
        if (up ? dig[k] != '9' : dig[k] != '0') {
            dig[k] = (char)(dig[k] + (up ? 1 : -1));
            break;
        }
        dig[k] = up ? '0' : '9';
    }
    if (up && k < 0) { /* 999 + 1: 100, one place up */
        dig[0] = '1';
        ++*exp10;
    } else if (!up && dig[0] == '0') { /* 1000 - 1: 0999, i.e. 9990 one place down */
        memmove(dig, dig + 1, (size_t)nd - 1);
        dig[nd - 1] = '0';
        --*exp10;
    }
}

/* The decimal d as Python's repr() lays it out: the significant digits
 * dig[0, nd) (no trailing zeros) times 10^exp10 in scientific notation;
 * fixed notation from 1e-4 up to 1e16. */
static size_t repr_layout(bool neg, const char *dig, int nd, int exp10, char *out, size_t cap)
{
    size_t o = 0;
#define PUT(ch) (o + 1 < cap ? (void)(out[o++] = (ch)) : (void)0)
    if (neg)
        PUT('-');
    if (exp10 < -4 || exp10 >= 16) {
        PUT(dig[0]);
        if (nd > 1) {
            PUT('.');
            for (int k = 1; k < nd; k++)
                PUT(dig[k]);
        }
        o += (size_t)snprintf(out + o, cap - o, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
    } else if (exp10 < 0) {
        PUT('0');
        PUT('.');
        for (int k = -1; k > exp10; k--)
            PUT('0');
        for (int k = 0; k < nd; k++)
            PUT(dig[k]);
    } else {
        for (int k = 0; k <= exp10; k++)
            PUT(k < nd ? dig[k] : '0');
        PUT('.');
        if (nd > exp10 + 1)
            for (int k = exp10 + 1; k < nd; k++)
                PUT(dig[k]);
        else
            PUT('0');
    }
#undef PUT
    out[o < cap ? o : cap - 1] = '\0';
    return o;
}

/* The shortest text that reads back as d, laid out as Python's repr():
 * for each length, the correctly rounded decimal or, when that one reads
 * back as a neighbour of d, the next decimal towards d (the only other
 * candidate of that length that can be closer than half a step). */
static size_t float_text(double d, char *out, size_t cap)
{
    if (isnan(d))
        return (size_t)snprintf(out, cap, "nan");
    if (isinf(d))
        return (size_t)snprintf(out, cap, d < 0 ? "-inf" : "inf");
    if (d == 0)
        return (size_t)snprintf(out, cap, signbit(d) ? "-0.0" : "0.0");
    char e[48], dig[24];
    int nd = 0, exp10 = 0;
    double x = fabs(d);
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(e, sizeof e, "%.*e", prec - 1, x);
        /* digits and exponent, whatever the locale's decimal point */
        nd = 0;
        const char *c = e;
        for (; *c && *c != 'e'; c++)
            if (*c >= '0' && *c <= '9')
                dig[nd++] = *c;
        exp10 = atoi(c + 1);
        bool below;
        if (reads_back(dig, nd, exp10, x, &below) || prec == 17)
            break;
        char alt[24];
        int alt_exp = exp10;
        memcpy(alt, dig, (size_t)nd);
        step(alt, nd, &alt_exp, below);
        if (reads_back(alt, nd, alt_exp, x, &below)) {
            memcpy(dig, alt, (size_t)nd);
            exp10 = alt_exp;
            break;
        }
    }
    while (nd > 1 && dig[nd - 1] == '0')
        nd--;
    return repr_layout(d < 0, dig, nd, exp10, out, cap);
}

/* A number at p->i: an integer (decimal, 0x, 0o, 0b) or a float. */
static void number(tp *p, size_t at_)
{
    size_t start = p->i;
    char text[64];
    p->num.len = 0;
    if (at(p, 0) == '0' && (at(p, 1) == 'x' || at(p, 1) == 'o' || at(p, 1) == 'b')) {
        int b = at(p, 1) == 'x' ? 16 : at(p, 1) == 'o' ? 8 : 2;
        p->i += 2;
        if (!digits(p, b)) {
            fail(p, start, "a prefixed integer without digits");
            return;
        }
        uint64_t v = 0;
        for (size_t k = 0; k < p->num.len; k++) {
            int c = p->num.data[k];
            int x = digit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
            if (v > (UINT64_C(0x7FFFFFFFFFFFFFFF) - (uint64_t)x) / (uint64_t)b) {
                fail(p, start, "an integer outside the 64-bit signed range");
                return;
            }
            v = v * (uint64_t)b + (uint64_t)x;
        }
        int l = snprintf(text, sizeof text, "%llu", (unsigned long long)v);
        leaf(p, at_, text, (size_t)l, false);
        return;
    }
    bool neg = at(p, 0) == '-';
    if (at(p, 0) == '+' || at(p, 0) == '-')
        p->i++;
    if (!digit(at(p, 0))) {
        fail(p, start, "a number expected");
        return;
    }
    if (at(p, 0) == '0') {
        es_buf_putc(&p->num, '0');
        p->i++;
    } else {
        digits(p, 10);
    }
    size_t int_digits = p->num.len;
    bool is_float = false;
    if (at(p, 0) == '.') {
        p->i++;
        if (!digits(p, 10)) {
            fail(p, p->i, "a digit must follow the decimal point");
            return;
        }
        is_float = true;
    }
    long long e = 0;
    if (at(p, 0) == 'e' || at(p, 0) == 'E') {
        p->i++;
        bool eneg = at(p, 0) == '-';
        if (at(p, 0) == '+' || at(p, 0) == '-')
            p->i++;
        size_t m = p->num.len;
        if (!digits(p, 10)) {
            fail(p, p->i, "an exponent without digits");
            return;
        }
        for (size_t k = m; k < p->num.len; k++)
            if (e < 1000000000)
                e = e * 10 + (p->num.data[k] - '0');
        e = eneg ? -e : e;
        p->num.len = m;
        is_float = true;
    }
    if (p->num.oom) {
        p->out->oom = true;
        return;
    }
    if (!is_float) {
        uint64_t v = 0, lim = neg ? UINT64_C(0x8000000000000000) : UINT64_C(0x7FFFFFFFFFFFFFFF);
        for (size_t k = 0; k < int_digits; k++) {
            uint64_t x = (uint64_t)(p->num.data[k] - '0');
            if (v > (lim - x) / 10) {
                fail(p, start, "an integer outside the 64-bit signed range");
                return;
            }
            v = v * 10 + x;
        }
        int l = v == 0 ? snprintf(text, sizeof text, "0")
                       : snprintf(text, sizeof text, "%s%llu", neg ? "-" : "", (unsigned long long)v);
        leaf(p, at_, text, (size_t)l, false);
        return;
    }
    /* digits then "e<exponent>" with no decimal point, so strtod reads it
     * the same in every locale */
    e -= (long long)(p->num.len - int_digits);
    char ex[32];
    int el = snprintf(ex, sizeof ex, "e%lld", e);
    es_buf_put(&p->num, ex, (size_t)el);
    es_buf_putc(&p->num, '\0');
    if (p->num.oom) {
        p->out->oom = true;
        return;
    }
    double d = strtod(p->num.data, NULL);
    /* A decimal of at most 15 significant digits (DBL_DIG) is the only
     * one of its length that reads as its double, when that is normal:
     * then it is the shortest text, as written. Else: search. */
    const char *dg = p->num.data;
    size_t nd = p->num.len - (size_t)el - 1, lz = 0; /* the digits, before "e...\0" */
    while (lz < nd && dg[lz] == '0')
        lz++;
    size_t end = nd;
    while (end > lz && dg[end - 1] == '0')
        end--;
    size_t l;
    if (isnormal(d) && end - lz <= 15)
        l = repr_layout(neg, dg + lz, (int)(end - lz), (int)(e + (long long)(nd - lz) - 1), text,
                        sizeof text);
    else
        l = float_text(neg ? -d : d, text, sizeof text);
    leaf(p, at_, text, l, false);
}

/* n decimal digits at p->i + off, or -1. */
static int fixed(const tp *p, size_t off, int n)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        int c = at(p, off + (size_t)k);
        if (!digit(c))
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

/* HH:MM:SS[.frac] at p->i into out; its length or 0 after failing. */
static size_t time_part(tp *p, char *out, size_t cap)
{
    int h = fixed(p, 0, 2), m = fixed(p, 3, 2), s = fixed(p, 6, 2);
    if (h < 0 || at(p, 2) != ':' || m < 0 || at(p, 5) != ':' || s < 0) {
        fail(p, p->i, "a time must be HH:MM:SS");
        return 0;
    }
    if (h > 23 || m > 59 || s > 59) {
        fail(p, p->i, "a time out of range (hours 00-23, minutes and seconds 00-59)");
        return 0;
    }
    p->i += 8;
    int us = 0;
    if (at(p, 0) == '.') {
        if (!digit(at(p, 1))) {
            fail(p, p->i, "a digit must follow the decimal point of a time");
            return 0;
        }
        p->i++;
        /* microseconds: further digits are truncated, as the spec allows */
        for (int k = 0; k < 6; k++)
            us = us * 10 + (digit(at(p, 0)) ? p->s[p->i++] - '0' : 0);
        while (digit(at(p, 0)))
            p->i++;
    }
    int l = us ? snprintf(out, cap, "%02d:%02d:%02d.%06d", h, m, s, us)
               : snprintf(out, cap, "%02d:%02d:%02d", h, m, s);
    return (size_t)l;
}

/* A date, a local date-time, an offset date-time, or a local time. */
static void datetime(tp *p, size_t at_)
{
    size_t start = p->i;
    char text[64];
    size_t l = 0;
    if (at(p, 2) == ':') {
        l = time_part(p, text, sizeof text);
        if (l)
            leaf(p, at_, text, l, false);
        return;
    }
    int y = fixed(p, 0, 4), mo = fixed(p, 5, 2), d = fixed(p, 8, 2);
    if (y < 0 || mo < 0 || at(p, 7) != '-' || d < 0) {
        fail(p, start, "a date must be YYYY-MM-DD");
        return;
    }
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] + (mo == 2 && leap)) {
        fail(p, start, "a date that does not exist (years from 0001)");
        return;
    }
    p->i += 10;
    l = (size_t)snprintf(text, sizeof text, "%04d-%02d-%02d", y, mo, d);
    int sep = at(p, 0);
    if (sep == 'T' || sep == 't' || (sep == ' ' && digit(at(p, 1)))) {
        p->i++;
        text[l++] = 'T';
        size_t tl = time_part(p, text + l, sizeof text - l);
        if (!tl)
            return;
        l += tl;
        int z = at(p, 0);
        if (z == 'Z' || z == 'z') {
            p->i++;
            l += (size_t)snprintf(text + l, sizeof text - l, "+00:00");
        } else if (z == '+' || z == '-') {
            int oh = fixed(p, 1, 2), om = fixed(p, 4, 2);
            if (oh < 0 || at(p, 3) != ':' || om < 0 || oh > 23 || om > 59) {
                fail(p, p->i, "a time offset must be Z or +HH:MM / -HH:MM");
                return;
            }
            p->i += 6;
            if (oh == 0 && om == 0)
                z = '+';
            l += (size_t)snprintf(text + l, sizeof text - l, "%c%02d:%02d", z, oh, om);
        }
    }
    leaf(p, at_, text, l, false);
}

static void value(tp *p, size_t at_, uint32_t ns, unsigned depth);

static bool too_deep(tp *p, unsigned depth)
{
    if (depth < ES_TOML_MAX_DEPTH)
        return false;
    es_config_stop(p->out, &p->lc, p->i, "config-limit",
                   "TOML nested more than %d arrays and inline tables deep", ES_TOML_MAX_DEPTH);
    p->failed = true;
    return true;
}

static void array(tp *p, unsigned depth)
{
    size_t base = p->path.len;
    p->i++; /* '[' */
    for (size_t idx = 0; !p->failed && !p->out->oom; idx++) {
        ws_lines(p);
        if (at(p, 0) == ']') {
            p->i++;
            break;
        }
        es_config_path_index(&p->path, base, idx);
        value(p, p->i, UINT32_MAX, depth);
        ws_lines(p);
        if (at(p, 0) == ',') {
            p->i++;
            continue;
        }
        if (at(p, 0) == ']') {
            p->i++;
            break;
        }
        if (!p->failed)
            fail(p, p->i, p->i >= p->n ? "the file ends inside an array"
                                       : "',' or ']' expected after an array item");
    }
    p->path.len = base;
}

/* A key/value pair at p->i, in table (or inline table) node t. */
static void keyval(tp *p, uint32_t t, unsigned depth)
{
    size_t base = p->path.len;
    if (!key(p))
        return;
    size_t kat = PART(p, 0)->at;
    if (at(p, 0) != '=') {
        fail(p, p->i, "'=' expected after a key");
        return;
    }
    p->i++;
    ws(p);
    uint32_t v = define(p, t);
    if (v == UINT32_MAX)
        return;
    value(p, kat, v, depth);
    p->path.len = base;
}

static void inline_table(tp *p, uint32_t ns, unsigned depth)
{
    p->i++; /* '{' */
    ws(p);
    if (at(p, 0) == '}') {
        p->i++;
        return;
    }
    while (!p->failed && !p->out->oom) {
        ws(p);
        keyval(p, ns, depth);
        if (p->failed)
            return;
        ws(p);
        if (at(p, 0) == ',') {
            p->i++;
            ws(p);
            if (at(p, 0) == '}') {
                fail(p, p->i, "a comma before the '}' of an inline table");
                return;
            }
            continue;
        }
        if (at(p, 0) == '}') {
            p->i++;
            return;
        }
        fail(p, p->i, p->i >= p->n ? "the file ends inside an inline table"
                      : at(p, 0) == '\n' || at(p, 0) == '\r' ? "a line end inside an inline table"
                                                             : "',' or '}' expected in an inline table");
    }
}

/* A value at p->i; `at_` is where its record goes (its key), `ns` the
 * node an inline table here fills (UINT32_MAX: make a new one). */
static void value(tp *p, size_t at_, uint32_t ns, unsigned depth)
{
    if (p->failed || p->out->oom)
        return;
    int c = at(p, 0);
    if (c == '"' || c == '\'') {
        if (string(p, false))
            leaf(p, at_, p->str.b.data, p->str.b.len, true);
        return;
    }
    if (c == '[' || c == '{') {
        if (too_deep(p, depth))
            return;
        if (c == '[') {
            array(p, depth + 1);
            return;
        }
        if (ns == UINT32_MAX && (ns = add(p, 0, NULL, 0, N_VALUE, 0)) == UINT32_MAX)
            return;
        inline_table(p, ns, depth + 1);
        return;
    }
    static const char *const words[] = {"true", "false", "inf", "+inf", "-inf", "nan", "+nan",
                                        "-nan"};
    static const char *const canon[] = {"true", "false", "inf", "inf", "-inf", "nan", "nan", "nan"};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t wl = strlen(words[k]);
        if (p->n - p->i >= wl && memcmp(p->s + p->i, words[k], wl) == 0) {
            p->i += wl;
            leaf(p, at_, canon[k], strlen(canon[k]), false);
            return;
        }
    }
    if (digit(c) && digit(at(p, 1)) &&
        ((digit(at(p, 2)) && digit(at(p, 3)) && at(p, 4) == '-') || at(p, 2) == ':')) {
        datetime(p, at_);
        return;
    }
    if (digit(c) || c == '+' || c == '-') {
        number(p, at_);
        return;
    }
    fail(p, p->i, p->i >= p->n || c == '\n' || c == '\r' ? "a value expected, the line ends"
                                                         : "not a TOML value");
}

/* ------------------------------------------------------------- headers */

/* [a.b.c] or [[a.b.c]] at p->i. */
static void header(tp *p)
{
    size_t open = p->i;
    bool aot = at(p, 1) == '[';
    p->i += aot ? 2 : 1;
    if (!key(p))
        return;
    if (aot ? !(at(p, 0) == ']' && at(p, 1) == ']') : at(p, 0) != ']') {
        fail(p, p->i, aot ? "']]' expected at the end of an array of tables header"
                          : "']' expected at the end of a table header");
        return;
    }
    p->i += aot ? 2 : 1;
    p->section++;
    p->path.len = 0;
    uint32_t t = 0;
    for (size_t j = 0; j < p->parts.len; j++) {
        const part *k = PART(p, j);
        bool last = j + 1 == p->parts.len;
        uint32_t c = step_in(p, t, k);
        const char *kd = p->pbuf.data + k->key;
        if (c == UINT32_MAX) {
            c = add(p, t, kd, k->klen, last && aot ? N_AOT : N_TABLE, last ? T_HEADER : T_IMPLICIT);
            if (c == UINT32_MAX)
                return;
        } else {
            node *x = NODE(p, c);
            if (x->type == N_VALUE) {
                fail(p, k->at, "a header that names or extends a value");
                return;
            }
            if (last && !aot && (x->type == N_AOT || x->how != T_IMPLICIT)) {
                fail(p, open, "a table defined twice");
                return;
            }
            if (last && aot && x->type != N_AOT) {
                fail(p, open, "an array of tables whose name is a table defined before");
                return;
            }
            if (last && !aot)
                x->how = T_HEADER;
        }
        node *x = NODE(p, c);
        if (x->type == N_AOT) {
            if (last) { /* a new element */
                uint32_t e = add(p, c, NULL, 0, N_TABLE, T_HEADER);
                if (e == UINT32_MAX)
                    return;
                x = NODE(p, c);
                x->last = e;
                x->count++;
            }
            es_config_path_index(&p->path, p->path.len, x->count - 1);
            c = x->last;
        }
        t = c;
    }
    p->cur = t;
    p->cur_path = p->path.len;
}

/* After a statement: white space, a comment, then a line end or the end. */
static void statement_end(tp *p)
{
    if (p->failed)
        return;
    ws(p);
    if (at(p, 0) == '#')
        comment(p);
    if (!p->failed && p->i < p->n && !newline(p))
        fail(p, p->i, at(p, 0) == '\r' ? "a carriage return not followed by a line feed"
                                       : "a line end expected after a statement");
}

int es_toml_parse(const es_parse_opts *o, es_parse_ws *ws_, const uint8_t *data, size_t len,
                  es_sink *out)
{
    (void)o;
    tp p = {.s = data, .n = len, .out = out};
    size_t first = out->records->len;
    char *pd = NULL, *kd = NULL, *bd = NULL, *nd = NULL;
    size_t pcap = 0, kcap = 0, bcap = 0, ncap = 0;
    es_lc_init(&p.lc, data, len);
    es_buf_borrow(&p.path, &pd, &pcap);
    es_buf_borrow(&p.keys, &kd, &kcap);
    es_buf_borrow(&p.pbuf, &bd, &bcap);
    es_buf_borrow(&p.num, &nd, &ncap);
    es_cval_init(&p.str, &ws_->val, &ws_->val_cap);
    es_vec_init(&p.parts, sizeof(part));
    es_vec_init(&p.nodes, sizeof(node));
    if (!es_vec_push(&p.nodes)) /* the root table */
        out->oom = true;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        p.i = 3;
    while (!p.failed && !out->oom) {
        ws(&p);
        if (p.i >= len)
            break;
        int c = at(&p, 0);
        if (newline(&p))
            continue;
        if (c == '#') {
            comment(&p);
        } else if (c == '[') {
            header(&p);
        } else {
            p.path.len = p.cur_path;
            keyval(&p, p.cur, 0);
        }
        statement_end(&p);
    }
    if (p.path.oom || p.keys.oom || p.pbuf.oom || p.num.oom || es_cval_oom(&p.str))
        out->oom = true;
    es_cval_done(&p.str, &ws_->val, &ws_->val_cap);
    es_vec_free(&p.parts);
    es_vec_free(&p.nodes);
    free(p.slots);
    free(p.path.data);
    free(p.keys.data);
    free(p.pbuf.data);
    free(p.num.data);
    es_lines_finish(out, first, false);
    return out->oom ? ENVSCAN_E_NOMEM : ENVSCAN_OK;
}
