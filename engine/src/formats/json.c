/*
 * json.c — JSON config files (appsettings*.json, config*.json,
 * settings*.json, *.config.json; the names are io/classify.c's).
 *
 * A small strict parser of RFC 8259 (not libyaml: libyaml refuses the
 * \uD83D\uDE00 surrogate-pair escapes JSON uses for characters outside
 * the BMP), recursive descent bounded at ES_JSON_MAX_DEPTH nested
 * containers, with two leniencies of the config readers these files are
 * written for (.NET's configuration reader, VS Code's JSONC): `//` line
 * comments, block comments and a comma before a closing bracket; a UTF-8
 * BOM is skipped. NaN and Infinity (which Python accepts) are refused.
 *
 * Every scalar leaf is a config record: key its dotted path (`a.b.c`,
 * array items `a.items[0].name`; a top-level array gives `[0].name`),
 * value the string decoded (a lone surrogate escape becomes U+FFFD) or
 * the number, true, false or null as written; position the member's key
 * (an array item's: its value). Empty objects and arrays and a top-level
 * scalar give no record. Of duplicate keys in an object the last wins,
 * as in Python's json and .NET: every record under an earlier one is
 * flagged overridden. ${NAME}, ${NAME:-default} and $NAME in strings are
 * references.
 *
 * The first syntax error stops the file: a `config-syntax` error with line,
 * column and reason; the records before it are kept.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"

#define ES_JSON_MAX_DEPTH 256

typedef struct member {
    size_t key, klen;       /* in the keys buffer */
    size_t rec_from, rec_to; /* records of its value */
    size_t ord;              /* its place in the object */
    const char *kp;          /* set when sorting */
} member;

typedef struct jp {
    const uint8_t *s;
    size_t n, i;
    es_sink *out;
    es_lc lc;
    es_buf path;
    es_cval str;  /* the string being decoded */
    es_buf keys;  /* decoded keys of the open objects' members */
    es_vec members;
    bool failed;
} jp;

static void fail(jp *p, size_t at, const char *why)
{
    if (p->failed)
        return;
    p->failed = true;
    es_config_stop(p->out, &p->lc, at, "config-syntax", "JSON: %s", why);
}

static void skip_ws(jp *p)
{
    for (;;) {
        while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
                               p->s[p->i] == '\r'))
            p->i++;
        if (p->i + 1 >= p->n || p->s[p->i] != '/')
            return;
        if (p->s[p->i + 1] == '/') {
            const uint8_t *nl = memchr(p->s + p->i, '\n', p->n - p->i);
            p->i = nl ? (size_t)(nl - p->s) : p->n;
        } else if (p->s[p->i + 1] == '*') {
            const uint8_t *e = memmem(p->s + p->i + 2, p->n - p->i - 2, "*/", 2);
            if (!e) {
                fail(p, p->i, "a /* comment never closed");
                p->i = p->n;
                return;
            }
            p->i = (size_t)(e - p->s) + 2;
        } else {
            return;
        }
    }
}

/* A string at p->i (the opening quote) decoded into p->str. */
static bool string(jp *p)
{
    es_cval_reset(&p->str);
    size_t start = p->i++;
    while (p->i < p->n) {
        uint8_t c = p->s[p->i];
        if (c == '"') {
            p->i++;
            return true;
        }
        if (c < 0x20) {
            fail(p, p->i, "a control character inside a string (it must be escaped)");
            return false;
        }
        if (c != '\\') {
            es_cval_putc(&p->str, c, p->i++);
            continue;
        }
        size_t at = p->i;
        uint8_t e = p->i + 1 < p->n ? p->s[p->i + 1] : 0;
        static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
        const char *k = e ? strchr(from, e) : NULL;
        if (k) {
            es_cval_putc(&p->str, (uint8_t)to[k - from], at);
            p->i += 2;
            continue;
        }
        size_t used = e == 'u' ? es_config_u_escape(p->s, p->n, at, &p->str, at) : 0;
        if (!used) {
            fail(p, at, e == 'u' ? "a \\u escape without four hex digits" : "an invalid escape");
            return false;
        }
        p->i += used;
    }
    fail(p, start, "a string never closed");
    return false;
}

/* Length of the number at p->i in JSON's grammar, 0 when not one. */
static size_t number(const jp *p)
{
    const uint8_t *s = p->s;
    size_t i = p->i, n = p->n;
#define DIGITS(j) while ((j) < n && s[j] >= '0' && s[j] <= '9') (j)++
    if (i < n && s[i] == '-')
        i++;
    if (i < n && s[i] == '0')
        i++;
    else if (i < n && s[i] >= '1' && s[i] <= '9') {
        DIGITS(i);
    } else
        return 0;
    if (i < n && s[i] == '.') {
        size_t j = ++i;
        DIGITS(i);
        if (i == j)
            return 0;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t j = i;
        DIGITS(i);
        if (i == j)
            return 0;
    }
#undef DIGITS
    return i - p->i;
}

static void leaf(jp *p, size_t at, const char *v, size_t vl, bool is_str)
{
    if (p->path.len == 0)
        return; /* a top-level scalar: no key */
    es_config_leaf(p->out, &p->lc, at, p->path.data, p->path.len, v, vl, is_str ? &p->str : NULL,
                   ES_REF_BRACE | ES_REF_DOLLAR);
}

static void value(jp *p, size_t at, unsigned depth);

static int member_cmp(const void *a, const void *b)
{
    const member *x = a, *y = b;
    size_t m = x->klen < y->klen ? x->klen : y->klen;
    int c = memcmp(x->kp, y->kp, m);
    if (c || x->klen != y->klen)
        return c ? c : (x->klen < y->klen ? -1 : 1);
    return x->ord < y->ord ? -1 : 1; /* equal keys: source order */
}

/* The members [from, len) of one object: flag what earlier duplicates
 * gave, then forget them. */
static void object_done(jp *p, size_t from, size_t key_from)
{
    size_t k = p->members.len - from;
    if (k > 1) {
        member *m = (member *)p->members.data + from;
        for (size_t i = 0; i < k; i++)
            m[i].kp = p->keys.data + m[i].key;
        qsort(m, k, sizeof *m, member_cmp);
        envscan_record *r = p->out->records->data;
        for (size_t i = 0; i + 1 < k; i++)
            if (m[i].klen == m[i + 1].klen && memcmp(m[i].kp, m[i + 1].kp, m[i].klen) == 0)
                for (size_t j = m[i].rec_from; j < m[i].rec_to; j++)
                    if (r[j].kind == ENVSCAN_KIND_CONFIG)
                        r[j].flags |= ENVSCAN_RECORD_OVERRIDDEN;
    }
    p->members.len = from;
    p->keys.len = key_from;
}

static void object(jp *p, unsigned depth)
{
    size_t from = p->members.len, key_from = p->keys.len, base = p->path.len;
    p->i++; /* '{' */
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == '}') {
        p->i++;
        return;
    }
    while (!p->failed && !p->out->oom) {
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == '}' && p->members.len > from) {
            p->i++; /* a comma before '}' */
            break;
        }
        if (p->i >= p->n || p->s[p->i] != '"') {
            fail(p, p->i, p->i >= p->n ? "the file ends inside an object"
                                       : "an object key must be a string");
            break;
        }
        size_t kat = p->i;
        if (!string(p))
            break;
        member *m = es_vec_push(&p->members);
        if (!m) {
            p->out->oom = true;
            break;
        }
        m->ord = p->members.len - from;
        m->key = p->keys.len;
        m->klen = p->str.b.len;
        es_buf_put(&p->keys, p->str.b.data, p->str.b.len);
        p->path.len = base;
        if (base)
            es_buf_putc(&p->path, '.');
        es_buf_put(&p->path, p->str.b.data, p->str.b.len);
        skip_ws(p);
        if (p->i >= p->n || p->s[p->i] != ':') {
            fail(p, p->i, "a ':' must follow an object key");
            break;
        }
        p->i++;
        size_t rec_from = p->out->records->len;
        value(p, kat, depth);
        m = (member *)p->members.data + (p->members.len - 1);
        /* nested objects pushed and popped theirs: ours is the last */
        m->rec_from = rec_from;
        m->rec_to = p->out->records->len;
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == '}') {
            p->i++;
            break;
        }
        if (!p->failed)
            fail(p, p->i, p->i >= p->n ? "the file ends inside an object"
                                       : "',' or '}' expected after an object member");
    }
    p->path.len = base;
    if (p->keys.oom)
        p->out->oom = true;
    object_done(p, from, key_from);
}

static void array(jp *p, unsigned depth)
{
    size_t base = p->path.len;
    p->i++; /* '[' */
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == ']') {
        p->i++;
        return;
    }
    for (size_t idx = 0; !p->failed && !p->out->oom; idx++) {
        skip_ws(p);
        if (idx && p->i < p->n && p->s[p->i] == ']') {
            p->i++; /* a comma before ']' */
            break;
        }
        es_config_path_index(&p->path, base, idx);
        value(p, p->i, depth);
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == ']') {
            p->i++;
            break;
        }
        if (!p->failed)
            fail(p, p->i, p->i >= p->n ? "the file ends inside an array"
                                       : "',' or ']' expected after an array item");
    }
    p->path.len = base;
}

/* A value at p->i; `at` is where its record is placed (its key). */
static void value(jp *p, size_t at, unsigned depth)
{
    skip_ws(p);
    if (p->failed)
        return;
    if (p->i >= p->n) {
        fail(p, p->i, "a value expected, the file ends");
        return;
    }
    if (p->path.oom) {
        p->out->oom = true;
        return;
    }
    uint8_t c = p->s[p->i];
    if (c == '{' || c == '[') {
        if (depth >= ES_JSON_MAX_DEPTH) {
            es_config_stop(p->out, &p->lc, p->i, "config-limit", "JSON nested more than %d deep",
                           ES_JSON_MAX_DEPTH);
            p->failed = true;
            return;
        }
        if (c == '{')
            object(p, depth + 1);
        else
            array(p, depth + 1);
        return;
    }
    if (c == '"') {
        if (string(p))
            leaf(p, at, p->str.b.data, p->str.b.len, true);
        return;
    }
    static const char *const words[] = {"true", "false", "null"};
    for (size_t k = 0; k < 3; k++) {
        size_t wl = strlen(words[k]);
        if (p->n - p->i >= wl && memcmp(p->s + p->i, words[k], wl) == 0) {
            leaf(p, at, words[k], wl, false);
            p->i += wl;
            return;
        }
    }
    size_t nl = number(p);
    if (!nl) {
        fail(p, p->i, "not a JSON value (a string, number, object, array, true, false or null)");
        return;
    }
    leaf(p, at, (const char *)p->s + p->i, nl, false);
    p->i += nl;
}

int es_json_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data, size_t len,
                  es_sink *out)
{
    (void)o;
    jp p = {.s = data, .n = len, .out = out};
    size_t first = out->records->len;
    char *pd = NULL, *kd = NULL;
    size_t pcap = 0, kcap = 0;
    es_lc_init(&p.lc, data, len);
    es_buf_borrow(&p.path, &pd, &pcap);
    es_buf_borrow(&p.keys, &kd, &kcap);
    es_cval_init(&p.str, &ws->val, &ws->val_cap);
    es_vec_init(&p.members, sizeof(member));
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        p.i = 3;
    skip_ws(&p);
    if (p.i < len) {
        value(&p, p.i, 0);
        skip_ws(&p);
        if (!p.failed && p.i < len)
            fail(&p, p.i, "text after the end of the top-level value");
    }
    if (p.path.oom || p.keys.oom || es_cval_oom(&p.str))
        out->oom = true;
    es_cval_done(&p.str, &ws->val, &ws->val_cap);
    es_vec_free(&p.members);
    free(p.path.data);
    free(p.keys.data);
    es_lines_finish(out, first, false);
    return out->oom ? ENVSCAN_E_NOMEM : ENVSCAN_OK;
}
