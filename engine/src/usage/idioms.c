/*
 * idioms.c — the idioms that read an environment variable, per language,
 * matched on the bytes around an identifier that holds an anchor.
 *
 * A matcher checks the identifier against its language's trigger words,
 * looks back over white space for the receiver (`process.`, `os.`,
 * `System.`, ...), then reads forward over white space and comments for
 * the access (`.X`, `["X"]`, `("X", default)`). It only matches; whether
 * the identifier is code at all is the lexer's answer, asked afterwards
 * by scan.c. docs/usage.md lists the idioms and their limits.
 *
 * Every forward read is bounded (ES_UBOUND bytes for one argument), so a
 * file of unclosed `getenv(` costs linear time.
 */
#include <string.h>

#include "usage.h"

/* Every word a match_* function below starts from; keep in step with
 * them (a word missing here is a usage never matched: the golden usage
 * cases of each language fail). */
bool es_usage_trigger(const uint8_t *p, size_t n)
{
#define W(s) {s, sizeof s - 1}
    static const struct {
        const char *s;
        size_t n;
    } words[] = {
        W("env"),     W("ENV"),      W("$_ENV"),     W("getenv"),     W("Getenv"),
        W("environ"), W("$_SERVER"), W("LookupEnv"), W("option_env"), W("secure_getenv"),
        W("GetEnvironmentVariable"),
    };
#undef W
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (words[i].n == n && memcmp(words[i].s, p, n) == 0)
            return true;
    return false;
}

static bool is_ws(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static uint8_t at(const es_umatch *m, size_t i)
{
    return i < m->n ? m->p[i] : 0;
}

static bool word_is(const es_umatch *m, size_t s, size_t e, const char *w)
{
    return strlen(w) == e - s && memcmp(m->p + s, w, e - s) == 0;
}

static bool starts(const es_umatch *m, size_t i, const char *w)
{
    size_t k = strlen(w);
    return m->n - (i < m->n ? i : m->n) >= k && memcmp(m->p + i, w, k) == 0;
}

/* ------------------------------------------------------------- reading */

/* Forward over white space and comments. */
static size_t skip(const es_umatch *m, size_t i)
{
    const bool slash = m->lang != UL_PY && m->lang != UL_RUBY;
    const bool hash = m->lang == UL_PY || m->lang == UL_RUBY || m->lang == UL_PHP;
    const bool nest = m->lang == UL_RUST || m->lang == UL_KOTLIN || m->lang == UL_SCALA;
    while (i < m->n) {
        const uint8_t c = m->p[i], d = at(m, i + 1);
        if (is_ws(c)) {
            i++;
        } else if ((slash && c == '/' && d == '/') || (hash && c == '#' && d != '[')) {
            const uint8_t *nl = memchr(m->p + i, '\n', m->n - i);
            i = nl ? (size_t)(nl - m->p) : m->n;
        } else if (slash && c == '/' && d == '*') {
            size_t depth = 1;
            i += 2;
            while (i < m->n && depth) {
                if (m->p[i] == '*' && at(m, i + 1) == '/') {
                    depth--;
                    i += 2;
                } else if (nest && m->p[i] == '/' && at(m, i + 1) == '*') {
                    depth++;
                    i += 2;
                } else {
                    i++;
                }
            }
        } else {
            break;
        }
    }
    return i;
}

/* Back over white space from i: the index after the previous byte that
 * is not white space (0 at the start). Comments are not skipped. */
static size_t back(const es_umatch *m, size_t i)
{
    while (i > 0 && is_ws(m->p[i - 1]))
        i--;
    return i;
}

static size_t ident_end(const es_umatch *m, size_t i)
{
    while (i < m->n && es_usage_ident_byte(m->lang, m->p[i]))
        i++;
    return i;
}

/* The identifier that ends at k (exclusive): its start, or k if none. */
static size_t ident_start(const es_umatch *m, size_t k)
{
    size_t s = k;
    while (s > 0 && es_usage_ident_byte(m->lang, m->p[s - 1]))
        s--;
    return s;
}

/* Is the identifier [s, e) the member of `recv`? (`recv.ident` with white
 * space allowed around the dot; also `recv?.ident` in JS.) */
static bool member_of(const es_umatch *m, size_t s, const char *const *recv)
{
    size_t k = back(m, s);
    if (k == 0 || m->p[k - 1] != '.')
        return false;
    k--;
    if (m->lang == UL_JS && k > 0 && m->p[k - 1] == '?')
        k--;
    k = back(m, k);
    size_t r = ident_start(m, k);
    for (; *recv; recv++)
        if (word_is(m, r, k, *recv))
            return true;
    return false;
}

/* The byte before the identifier at s, white space skipped (0 if none). */
static uint8_t before(const es_umatch *m, size_t s)
{
    size_t k = back(m, s);
    return k ? m->p[k - 1] : 0;
}

/* ------------------------------------------------------------- records */

static char *kb_alloc(es_umatch *m, size_t n)
{
    if (ES_UKB - m->kb_used < n)
        return NULL;
    char *p = m->kb + m->kb_used;
    m->kb_used += n;
    return p;
}

static void add(es_umatch *m, const char *key, size_t key_len, size_t pos, uint32_t flags,
                const char *val, size_t val_len)
{
    if (m->npend == ES_UPEND_MAX || key_len == 0) /* "" names no variable */
        return;
    m->pend[m->npend++] = (es_upend){.key = key, .key_len = key_len, .val = val,
                                     .val_len = val_len, .pos = pos, .flags = flags};
}

static void bad(es_umatch *m, size_t pos, const char *what)
{
    if (!m->bad) {
        m->bad = true;
        m->bad_pos = pos;
        m->bad_what = what;
    }
}

/* The expression text [a, b) as a dynamic key: trimmed, control bytes
 * as spaces, at most ES_UDYN_MAX bytes (cut at a UTF-8 boundary). */
static void add_dynamic(es_umatch *m, size_t a, size_t b, const char *val, size_t val_len)
{
    while (a < b && is_ws(m->p[a]))
        a++;
    while (b > a && is_ws(m->p[b - 1]))
        b--;
    if (a == b)
        return;
    size_t n = b - a;
    if (n > ES_UDYN_MAX) {
        n = ES_UDYN_MAX;
        while (n > 0 && (m->p[a + n] & 0xc0) == 0x80)
            n--;
    }
    char *k = kb_alloc(m, n);
    if (!k)
        return;
    for (size_t i = 0; i < n; i++)
        k[i] = m->p[a + i] < 0x20 ? ' ' : (char)m->p[a + i];
    add(m, k, n, a, ENVSCAN_RECORD_DYNAMIC, val, val_len);
}

/* ------------------------------------------------------------- literals */

enum { ESC_FULL, ESC_QUOTE, ESC_NONE };

static size_t put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | cp >> 12);
        o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    if (cp > 0x10ffff)
        cp = 0xfffd;
    o[0] = (char)(0xf0 | cp >> 18);
    o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

static int hexval(uint8_t c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
                                                    : -1;
}

/* Decode [a, b) into the key buffer: simple escapes (\n \t \r \0 \\ \"
 * \' \` \xHH \uHHHH \u{H...}); an unknown escape keeps the escaped byte.
 * ESC_QUOTE: only \\ and \<quote> (PHP and Ruby single quotes). */
static char *decode(es_umatch *m, size_t a, size_t b, int mode, uint8_t quote, size_t *len)
{
    char *o = kb_alloc(m, b - a + 1);
    if (!o)
        return NULL;
    size_t n = 0;
    for (size_t i = a; i < b; i++) {
        uint8_t c = m->p[i];
        if (c != '\\' || mode == ESC_NONE || i + 1 >= b) {
            o[n++] = (char)c;
            continue;
        }
        uint8_t d = m->p[++i];
        if (mode == ESC_QUOTE) {
            if (d != '\\' && d != quote)
                o[n++] = '\\';
            o[n++] = (char)d;
            continue;
        }
        switch (d) {
        case 'n': o[n++] = '\n'; break;
        case 't': o[n++] = '\t'; break;
        case 'r': o[n++] = '\r'; break;
        case '0': o[n++] = '\0'; break;
        case 'x':
            if (i + 2 < b && hexval(m->p[i + 1]) >= 0 && hexval(m->p[i + 2]) >= 0) {
                o[n++] = (char)(hexval(m->p[i + 1]) * 16 + hexval(m->p[i + 2]));
                i += 2;
            } else {
                o[n++] = 'x';
            }
            break;
        case 'u': {
            uint32_t cp = 0;
            size_t k = i + 1, digits = 0;
            bool brace = k < b && m->p[k] == '{';
            if (brace)
                k++;
            while (k < b && digits < (brace ? 6u : 4u) && hexval(m->p[k]) >= 0) {
                cp = cp * 16 + (uint32_t)hexval(m->p[k++]);
                digits++;
            }
            if (brace && k < b && m->p[k] == '}')
                k++;
            else if (brace || digits < 4)
                digits = 0;
            if (digits == 0) {
                o[n++] = 'u';
                break;
            }
            if (n + 4 > b - a + 1) /* \u0041 is 6 bytes in, at most 4 out */
                break;
            n += put_utf8(o + n, cp);
            i = k - 1;
            break;
        }
        default: o[n++] = (char)d; break;
        }
    }
    *len = n;
    return o;
}

enum { STR_NONE, STR_LIT, STR_DYN, STR_BAD };

typedef struct strlit {
    const char *s; /* decoded (STR_LIT) */
    size_t len;
    size_t body;   /* first byte of the contents */
    size_t end;    /* after the closing quote */
} strlit;

/* How a string literal embeds code, which makes a key dynamic. */
enum { EMB_NONE, EMB_DOLLAR_BRACE, EMB_HASH_BRACE, EMB_BRACE, EMB_DOLLAR };

/* Does an embedding start at i? EMB_BRACE: `{` not doubled (`{{` is a
 * brace, skipped by the callers); EMB_DOLLAR: `$name`, `${`, `{$`. */
static bool embeds_at(const es_umatch *m, size_t i, int emb)
{
    const uint8_t c = m->p[i], d = at(m, i + 1);
    switch (emb) {
    case EMB_DOLLAR_BRACE: return c == '$' && d == '{';
    case EMB_HASH_BRACE: return c == '#' && d == '{';
    case EMB_BRACE: return c == '{' && d != '{';
    case EMB_DOLLAR:
        return (c == '$' && (d == '{' || d == '_' || (unsigned)((d | 0x20) - 'a') < 26u)) ||
               (c == '{' && d == '$');
    default: return false;
    }
}

/* The closing quote(s) of a literal whose body starts at a (`nq` quote
 * bytes close it); *dyn is set when an embedding starts inside it.
 * SIZE_MAX when not found in bounds (or, for the single-line kinds, on
 * this line). */
static size_t close_quote(const es_umatch *m, size_t a, uint8_t q, size_t nq, int mode, int emb,
                          bool *dyn)
{
    const bool one_line = nq == 1 && m->lang != UL_RUBY && m->lang != UL_PHP &&
                          m->lang != UL_RUST && !(m->lang == UL_GO && q == '`') &&
                          !(m->lang == UL_JS && q == '`');
    size_t lim = a + ES_UBOUND < m->n ? a + ES_UBOUND : m->n;
    for (size_t i = a; i < lim; i++) {
        uint8_t c = m->p[i];
        if (c == '\\' && mode != ESC_NONE) {
            i++;
            continue;
        }
        if (c == q && (nq == 1 || (at(m, i + 1) == q && at(m, i + 2) == q)))
            return i;
        if (emb == EMB_BRACE && c == '{' && at(m, i + 1) == '{') {
            i++;
            continue;
        }
        if (emb && embeds_at(m, i, emb))
            *dyn = true;
        if (c == '\n' && one_line)
            return SIZE_MAX;
    }
    return SIZE_MAX;
}

/* A string literal at i, in this language's syntax for keys. */
static int read_string(es_umatch *m, size_t i, strlit *out)
{
    size_t a = i;
    int mode = ESC_FULL;
    int emb = EMB_NONE;
    /* prefixes */
    while (a < m->n && a - i < 3 && es_usage_ident_byte(m->lang, m->p[a]) && m->p[a] != '$')
        a++;
    const size_t plen = a - i;
    uint8_t q = at(m, a);
    if (q != '"' && q != '\'' && q != '`') {
        if (!(m->lang == UL_CSHARP && (q == '@' || q == '$')))
            return STR_NONE;
    }
    bool triple = false;
    switch (m->lang) {
    case UL_JS:
        if (plen)
            return STR_NONE;
        if (q == '`')
            emb = EMB_DOLLAR_BRACE;
        break;
    case UL_PY:
        if (q == '`' || plen > 2)
            return STR_NONE;
        for (size_t k = i; k < a; k++) {
            uint8_t c = m->p[k] | 0x20;
            if (c == 'r')
                mode = ESC_NONE;
            else if (c == 'f')
                emb = EMB_BRACE;
            else if (c != 'b' && c != 'u')
                return STR_NONE;
        }
        triple = at(m, a + 1) == q && at(m, a + 2) == q;
        break;
    case UL_GO:
        if (plen)
            return STR_NONE;
        if (q == '`')
            mode = ESC_NONE;
        break;
    case UL_JAVA:
    case UL_KOTLIN:
    case UL_SCALA:
        if (q != '"' || (plen && m->lang != UL_SCALA))
            return STR_NONE;
        if (m->lang == UL_KOTLIN || plen)
            emb = EMB_DOLLAR;
        triple = at(m, a + 1) == q && at(m, a + 2) == q;
        if (triple && m->lang != UL_JAVA)
            mode = ESC_NONE;
        break;
    case UL_CSHARP: {
        if (plen)
            return STR_NONE;
        bool verb = false;
        while (a < m->n && a - i < 2 && (m->p[a] == '@' || m->p[a] == '$')) {
            verb |= m->p[a] == '@';
            if (m->p[a] == '$')
                emb = EMB_BRACE;
            a++;
        }
        q = at(m, a);
        if (q != '"')
            return STR_NONE;
        if (verb) {
            /* "" is a quote: find the end by hand */
            size_t k = a + 1;
            bool dyn = false;
            while (k < m->n && k - a < ES_UBOUND) {
                if (m->p[k] == '"' && at(m, k + 1) == '"') {
                    k += 2;
                    continue;
                }
                if (m->p[k] == '"')
                    break;
                if (emb && m->p[k] == '{' && at(m, k + 1) != '{')
                    dyn = true;
                k++;
            }
            if (k >= m->n || m->p[k] != '"')
                return STR_BAD;
            out->body = a + 1;
            out->end = k + 1;
            if (dyn)
                return STR_DYN;
            char *o = kb_alloc(m, k - a);
            if (!o)
                return STR_DYN;
            size_t n = 0;
            for (size_t j = a + 1; j < k; j++) {
                o[n++] = (char)m->p[j];
                if (m->p[j] == '"')
                    j++;
            }
            out->s = o;
            out->len = n;
            return STR_LIT;
        }
        break;
    }
    case UL_RUBY:
    case UL_PHP:
        if (plen || q == '`')
            return STR_NONE;
        if (q == '\'')
            mode = ESC_QUOTE;
        else if (m->lang == UL_RUBY)
            emb = EMB_HASH_BRACE;
        else
            emb = EMB_DOLLAR;
        break;
    case UL_RUST: /* "", b"", c"", r""; r#""# is read_rust_raw's */
        if (q != '"' || plen > 2)
            return STR_NONE;
        if (plen && m->p[a - 1] == 'r' && (plen == 1 || m->p[i] == 'b' || m->p[i] == 'c'))
            mode = ESC_NONE;
        else if (plen && !(plen == 1 && (m->p[i] == 'b' || m->p[i] == 'c')))
            return STR_NONE;
        break;
    case UL_C:
        if (q != '"')
            return STR_NONE;
        if (plen && !(word_is(m, i, a, "L") || word_is(m, i, a, "u8") ||
                      word_is(m, i, a, "u") || word_is(m, i, a, "U")))
            return STR_NONE;
        break;
    default:
        return STR_NONE;
    }
    size_t body = a + (triple ? 3 : 1);
    bool dyn = false;
    size_t e = close_quote(m, body, q, triple ? 3 : 1, mode, emb, &dyn);
    if (e == SIZE_MAX)
        return STR_BAD;
    out->body = body;
    out->end = e + (triple ? 3 : 1);
    if (dyn)
        return STR_DYN;
    out->s = decode(m, body, e, mode, q, &out->len);
    return out->s ? STR_LIT : STR_DYN;
}

/* Rust raw strings with hashes, r#"..."#, read apart (the generic reader
 * stops its prefix at '#'). */
static int read_rust_raw(es_umatch *m, size_t i, strlit *out)
{
    if (at(m, i) != 'r' && !(at(m, i) == 'b' && at(m, i + 1) == 'r'))
        return STR_NONE;
    size_t k = i + (m->p[i] == 'b' ? 2 : 1), h = 0;
    while (at(m, k) == '#')
        k++, h++;
    if (h == 0 || at(m, k) != '"')
        return STR_NONE;
    size_t body = k + 1, lim = body + ES_UBOUND < m->n ? body + ES_UBOUND : m->n;
    for (size_t j = body; j < lim; j++) {
        if (m->p[j] != '"')
            continue;
        size_t r = 0;
        while (r < h && at(m, j + 1 + r) == '#')
            r++;
        if (r == h) {
            out->body = body;
            out->end = j + 1 + h;
            out->s = decode(m, body, j, ESC_NONE, '"', &out->len);
            return out->s ? STR_LIT : STR_DYN;
        }
    }
    return STR_BAD;
}

static int literal(es_umatch *m, size_t i, strlit *out)
{
    if (m->lang == UL_RUST) {
        int r = read_rust_raw(m, i, out);
        if (r != STR_NONE)
            return r;
    }
    return read_string(m, i, out);
}

/* A number literal at i: its end, or i. */
static size_t number_end(const es_umatch *m, size_t i)
{
    size_t k = i;
    if (at(m, k) == '-')
        k++;
    if (!(at(m, k) >= '0' && at(m, k) <= '9'))
        return i;
    while (k < m->n && (es_usage_ident_byte(m->lang, m->p[k]) || m->p[k] == '.') && m->p[k] != '$')
        k++;
    return k;
}

/* Does the expression end at i: a delimiter after blanks and comments,
 * a line end, or the end of the file? */
static bool ends_at(const es_umatch *m, size_t i, const char *delims)
{
    while (i < m->n && (m->p[i] == ' ' || m->p[i] == '\t'))
        i++;
    if (i >= m->n || m->p[i] == '\n' || m->p[i] == '\r')
        return true;
    i = skip(m, i);
    return i >= m->n || (m->p[i] && strchr(delims, m->p[i]));
}

/* A default value at i: a string literal (decoded) or a number (as
 * written) that ends the expression; else nothing. */
static void default_value(es_umatch *m, size_t i, const char *delims, const char **v, size_t *vl)
{
    strlit d;
    *v = NULL;
    *vl = 0;
    i = skip(m, i);
    if (literal(m, i, &d) == STR_LIT) {
        if (ends_at(m, d.end, delims)) {
            *v = d.s;
            *vl = d.len;
        }
        return;
    }
    size_t e = number_end(m, i);
    if (e > i && ends_at(m, e, delims)) {
        *v = (const char *)m->p + i;
        *vl = e - i;
    }
}

/* To the ',' or `close` that ends the expression at i, at bracket depth
 * 0, over literals and comments; SIZE_MAX when not found in bounds. */
static size_t expr_end(es_umatch *m, size_t i, uint8_t close)
{
    size_t depth = 0, lim = i + ES_UBOUND < m->n ? i + ES_UBOUND : m->n;
    while (i < lim) {
        size_t j = skip(m, i);
        if (j != i) {
            i = j;
            continue;
        }
        uint8_t c = m->p[i];
        if (c == '"' || c == '\'' || c == '`') {
            strlit s;
            size_t save = m->kb_used;
            int r = read_string(m, i, &s);
            m->kb_used = save;
            if (r == STR_LIT || r == STR_DYN) {
                i = s.end;
                continue;
            }
            i++;
            continue;
        }
        if (c == '(' || c == '[' || c == '{')
            depth++;
        else if (c == ')' || c == ']' || c == '}') {
            if (depth == 0)
                return c == close ? i : SIZE_MAX;
            depth--;
        } else if (c == ',' && depth == 0) {
            return i;
        }
        i++;
    }
    return SIZE_MAX;
}

/* An operator after the access that supplies a default (`?? "d"`,
 * `|| "d"`, `?: "d"`, ` or "d"`): its value, if a literal. */
static void trailing_default(es_umatch *m, size_t i, const char **v, size_t *vl)
{
    static const char *const ops[UL_COUNT][3] = {
        [UL_JS] = {"??", "||", NULL},   [UL_PY] = {"or ", NULL, NULL},
        [UL_KOTLIN] = {"?:", NULL, NULL}, [UL_CSHARP] = {"??", NULL, NULL},
        [UL_PHP] = {"??", "?:", NULL},  [UL_RUBY] = {"||", NULL, NULL},
    };
    i = skip(m, i);
    for (int k = 0; k < 3 && ops[m->lang][k]; k++)
        if (starts(m, i, ops[m->lang][k]) && at(m, i + 2) != '=') {
            default_value(m, i + strlen(ops[m->lang][k]), ";,)]}\n\r:", v, vl);
            return;
        }
}

/* `open` key [, default] `close` at i (white space first). The key is a
 * string literal, or else a dynamic expression. Returns the position
 * after `close`, or 0 when there is no such argument list. */
static size_t key_args(es_umatch *m, size_t i, uint8_t open, uint8_t close, bool with_default,
                       const char *what)
{
    i = skip(m, i);
    if (at(m, i) != open)
        return 0;
    const size_t opener = i;
    size_t a = skip(m, i + 1);
    if (at(m, a) == close)
        return 0; /* no key: the whole environment */
    strlit k;
    int r = literal(m, a, &k);
    const char *v = NULL;
    size_t vl = 0;
    if (r == STR_LIT) {
        size_t e = skip(m, k.end);
        if (at(m, e) == close) {
            trailing_default(m, e + 1, &v, &vl);
            add(m, k.s, k.len, k.body, 0, v, vl);
            return e + 1;
        }
        if (at(m, e) == ',') { /* the key is known whatever follows */
            if (with_default)
                default_value(m, e + 1, (const char[]){(char)close, 0}, &v, &vl);
            add(m, k.s, k.len, k.body, 0, v, vl);
            return e + 1;
        }
    } else if (r == STR_BAD) {
        bad(m, opener, what);
        return 0;
    }
    size_t e = expr_end(m, a, close);
    if (e == SIZE_MAX) {
        bad(m, opener, what);
        return 0;
    }
    size_t key_end = e;
    if (m->p[e] == ',') {
        if (with_default) {
            size_t d = expr_end(m, e + 1, close);
            if (d != SIZE_MAX)
                default_value(m, e + 1, (const char[]){(char)close, 0}, &v, &vl);
        }
    }
    add_dynamic(m, a, key_end, v, vl);
    return e + 1;
}

/* A method call `.name(` after i (name with Ruby's ?/! kept): sets the
 * name's span; returns the position after the name, or 0. */
static size_t method(const es_umatch *m, size_t i, size_t *ns, size_t *ne)
{
    i = skip(m, i);
    if (at(m, i) == '?' && at(m, i + 1) == '.' && m->lang == UL_JS)
        i++;
    if (at(m, i) != '.')
        return 0;
    size_t s = skip(m, i + 1), e = ident_end(m, s);
    if (m->lang == UL_RUBY && (at(m, e) == '?' || at(m, e) == '!'))
        e++;
    if (e == s)
        return 0;
    *ns = s;
    *ne = e;
    return e;
}

static bool name_in(const es_umatch *m, size_t s, size_t e, const char *const *names)
{
    for (; *names; names++)
        if (word_is(m, s, e, *names))
            return true;
    return false;
}

/* ------------------------------------------------------------- JS */

/* `{A, B: b, C = 1, "D": d, ...rest} = process.env`: the pattern that
 * ends right before `=` at k. */
static void js_destructure(es_umatch *m, size_t s)
{
    size_t k = back(m, s);
    if (k < 2 || m->p[k - 1] != '=' || strchr("=!<>+-*/%&|^?", m->p[k - 2]))
        return;
    k = back(m, k - 1);
    if (k == 0 || m->p[k - 1] != '}')
        return;
    size_t depth = 0, o = k - 1, lim = k > 4 * ES_UBOUND ? k - 4 * ES_UBOUND : 0;
    for (;; o--) {
        if (m->p[o] == '}')
            depth++;
        else if (m->p[o] == '{' && --depth == 0)
            break;
        if (o == lim)
            return;
    }
    size_t i = o + 1, end = k - 1;
    while (i < end) {
        i = skip(m, i);
        if (i >= end)
            break;
        if (starts(m, i, "...")) {
            i = expr_end(m, i, '}');
            if (i == SIZE_MAX || i >= end)
                break;
            i++;
            continue;
        }
        strlit sl;
        const char *key;
        size_t kl, kp;
        size_t ke = ident_end(m, i);
        if (ke > i) {
            key = (const char *)m->p + i;
            kl = ke - i;
            kp = i;
        } else if (literal(m, i, &sl) == STR_LIT) {
            key = sl.s;
            kl = sl.len;
            kp = sl.body;
            ke = sl.end;
        } else {
            break; /* a computed key: give up on the rest */
        }
        size_t j = skip(m, ke);
        const char *v = NULL;
        size_t vl = 0;
        if (at(m, j) == ':') { /* a rename, or a nested pattern */
            j = expr_end(m, j + 1, '}');
            if (j == SIZE_MAX || j > end)
                break;
            /* `B: b = 1`: the default after the target */
            size_t eq = j;
            (void)eq;
        } else if (at(m, j) == '=') {
            default_value(m, j + 1, ",}", &v, &vl);
            j = expr_end(m, j + 1, '}');
            if (j == SIZE_MAX || j > end)
                break;
        }
        add(m, key, kl, kp, 0, v, vl);
        if (j >= end || m->p[j] != ',')
            break;
        i = j + 1;
    }
}

static void match_js(es_umatch *m, size_t s, size_t e)
{
    static const char *const recv[] = {"process", "Bun", NULL};
    static const char *const meta[] = {"meta", NULL};
    static const char *const deno[] = {"Deno", NULL};
    if (!word_is(m, s, e, "env"))
        return;
    if (member_of(m, s, deno)) {
        size_t ns, ne, a = method(m, e, &ns, &ne);
        static const char *const get[] = {"get", "has", NULL};
        if (a && name_in(m, ns, ne, get))
            key_args(m, a, '(', ')', false, "Deno.env.get(");
        return;
    }
    if (member_of(m, s, meta)) {
        size_t k = back(m, s);
        k = back(m, ident_start(m, back(m, k - 1)));
        if (k == 0 || m->p[k - 1] != '.' || !word_is(m, ident_start(m, back(m, k - 1)),
                                                     back(m, k - 1), "import"))
            return;
    } else if (!member_of(m, s, recv)) {
        return;
    }
    size_t recv_start = ident_start(m, back(m, back(m, s) - 1 - (at(m, back(m, s) - 2) == '?')));
    if (member_of(m, s, meta)) /* import.meta.env */
        recv_start = ident_start(m, back(m, back(m, recv_start) - 1));
    size_t i = skip(m, e);
    if (at(m, i) == '?' && at(m, i + 1) == '.')
        i++;
    const char *v = NULL;
    size_t vl = 0;
    if (at(m, i) == '.') {
        size_t ks = skip(m, i + 1), ke = ident_end(m, ks);
        if (ke == ks || at(m, skip(m, ke)) == '(') /* process.env.hasOwnProperty(...) */
            return;
        trailing_default(m, ke, &v, &vl);
        add(m, (const char *)m->p + ks, ke - ks, ks, 0, v, vl);
        return;
    }
    if (at(m, i) == '[') {
        size_t a = skip(m, i + 1);
        strlit k;
        int r = literal(m, a, &k);
        if (r == STR_LIT && at(m, skip(m, k.end)) == ']') {
            trailing_default(m, skip(m, k.end) + 1, &v, &vl);
            add(m, k.s, k.len, k.body, 0, v, vl);
            return;
        }
        size_t c = expr_end(m, a, ']');
        if (c == SIZE_MAX || m->p[c] != ']') {
            bad(m, i, "process.env[");
            return;
        }
        trailing_default(m, c + 1, &v, &vl);
        add_dynamic(m, a, c, v, vl);
        return;
    }
    js_destructure(m, recv_start);
}

/* ------------------------------------------------------------- Python */

/* `"X" in os.environ` / `"X" not in environ`: the key before `in`. */
static void py_membership(es_umatch *m, size_t recv)
{
    size_t k = back(m, recv);
    if (k < 3 || !word_is(m, ident_start(m, k), k, "in"))
        return;
    k = back(m, ident_start(m, k));
    if (k >= 3 && word_is(m, ident_start(m, k), k, "not"))
        k = back(m, ident_start(m, k));
    if (k == 0 || (m->p[k - 1] != '"' && m->p[k - 1] != '\''))
        return;
    uint8_t q = m->p[k - 1];
    size_t o = k - 1, lim = o > 256 ? o - 256 : 0;
    while (o > lim && m->p[o - 1] != q && m->p[o - 1] != '\n')
        o--;
    if (o == 0 || m->p[o - 1] != q || (o >= 2 && m->p[o - 2] == '\\'))
        return;
    strlit sl;
    if (literal(m, o - 1, &sl) == STR_LIT && sl.end == k)
        add(m, sl.s, sl.len, sl.body, 0, NULL, 0);
}

static void match_py(es_umatch *m, size_t s, size_t e)
{
    static const char *const os[] = {"os", NULL};
    const bool environ = word_is(m, s, e, "environ"), getenv = word_is(m, s, e, "getenv");
    if (!environ && !getenv)
        return;
    if (before(m, s) == '.' && !member_of(m, s, os))
        return;
    size_t recv = before(m, s) == '.' ? ident_start(m, back(m, back(m, s) - 1)) : s;
    if (getenv) {
        key_args(m, e, '(', ')', true, "getenv(");
        return;
    }
    size_t i = skip(m, e);
    if (at(m, i) == '[') {
        key_args(m, i, '[', ']', false, "os.environ[");
        return;
    }
    size_t ns, ne, a = method(m, e, &ns, &ne);
    static const char *const reads[] = {"get", "setdefault", "pop", NULL};
    if (a && name_in(m, ns, ne, reads)) {
        key_args(m, a, '(', ')', true, "os.environ.get(");
        return;
    }
    py_membership(m, recv);
}

/* ------------------------------------------------------------- others */

static void match_go(es_umatch *m, size_t s, size_t e)
{
    static const char *const pkgs[] = {"os", "syscall", "unix", NULL};
    if ((word_is(m, s, e, "Getenv") || word_is(m, s, e, "LookupEnv")) && member_of(m, s, pkgs))
        key_args(m, e, '(', ')', false, "os.Getenv(");
}

static void match_jvm(es_umatch *m, size_t s, size_t e)
{
    static const char *const sys[] = {"System", NULL}, *const scala_sys[] = {"sys", NULL};
    size_t ns, ne, a;
    if (word_is(m, s, e, "getenv") && member_of(m, s, sys)) {
        size_t i = skip(m, e);
        if (at(m, i) == '(' && at(m, skip(m, i + 1)) == ')') { /* getenv().get("X") */
            i = skip(m, i + 1) + 1;
            if (at(m, skip(m, i)) == '[') {
                key_args(m, i, '[', ']', false, "System.getenv()[");
                return;
            }
            static const char *const get[] = {"get", "getOrDefault", "containsKey", NULL};
            if ((a = method(m, i, &ns, &ne)) && name_in(m, ns, ne, get))
                key_args(m, a, '(', ')', word_is(m, ns, ne, "getOrDefault"),
                         "System.getenv().get(");
            return;
        }
        key_args(m, e, '(', ')', false, "System.getenv(");
        return;
    }
    if (m->lang == UL_SCALA && word_is(m, s, e, "env") && member_of(m, s, scala_sys)) {
        static const char *const get[] = {"get", "getOrElse", "contains", "apply", NULL};
        if (at(m, skip(m, e)) == '(')
            key_args(m, e, '(', ')', false, "sys.env(");
        else if ((a = method(m, e, &ns, &ne)) && name_in(m, ns, ne, get))
            key_args(m, a, '(', ')', word_is(m, ns, ne, "getOrElse"), "sys.env.get(");
    }
}

static void match_csharp(es_umatch *m, size_t s, size_t e)
{
    static const char *const env[] = {"Environment", NULL};
    if (word_is(m, s, e, "GetEnvironmentVariable") && (before(m, s) != '.' || member_of(m, s, env)))
        key_args(m, e, '(', ')', false, "Environment.GetEnvironmentVariable(");
}

static void match_ruby(es_umatch *m, size_t s, size_t e)
{
    if (!word_is(m, s, e, "ENV"))
        return;
    if (before(m, s) == '.' || (s > 0 && m->p[s - 1] == ':' && !(s > 1 && m->p[s - 2] == ':')))
        return;
    size_t i = skip(m, e), ns, ne, a;
    if (at(m, i) == '[') {
        key_args(m, i, '[', ']', false, "ENV[");
        return;
    }
    static const char *const reads[] = {"fetch", "key?", "has_key?", "include?", "member?",
                                        "[]", NULL};
    if (!(a = method(m, e, &ns, &ne)) || !name_in(m, ns, ne, reads))
        return;
    const bool fetch = word_is(m, ns, ne, "fetch");
    if (at(m, skip(m, a)) == '(') {
        key_args(m, a, '(', ')', fetch, "ENV.fetch(");
        return;
    }
    strlit k; /* ENV.fetch "X", "d" */
    size_t ks = skip(m, a);
    if (ks > a && literal(m, ks, &k) == STR_LIT) {
        const char *v = NULL;
        size_t vl = 0;
        size_t c = skip(m, k.end);
        if (fetch && at(m, c) == ',')
            default_value(m, c + 1, "\n\r;)", &v, &vl);
        add(m, k.s, k.len, k.body, 0, v, vl);
    }
}

/* $_SERVER holds the request as well as the environment: only keys that
 * look like variables and are not CGI/request names count. */
static bool php_server_env_key(const char *k, size_t n)
{
    static const char *const request[] = {
        "HTTP_", "REQUEST_", "SERVER_", "REMOTE_", "SCRIPT_", "PHP_", "CONTENT_",
        "CONTEXT_", "REDIRECT_", "GATEWAY_", "PATH_INFO", "PATH_TRANSLATED",
        "QUERY_STRING", "DOCUMENT_", "ORIG_", "HTTPS", "AUTH_TYPE", "UNIQUE_ID", NULL};
    if (n == 0 || !(k[0] >= 'A' && k[0] <= 'Z'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((k[i] >= 'A' && k[i] <= 'Z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
            return false;
    for (const char *const *r = request; *r; r++)
        if (n >= strlen(*r) && memcmp(k, *r, strlen(*r)) == 0)
            return false;
    return true;
}

static void match_php(es_umatch *m, size_t s, size_t e)
{
    if (word_is(m, s, e, "$_ENV")) {
        key_args(m, e, '[', ']', false, "$_ENV[");
        return;
    }
    if (word_is(m, s, e, "$_SERVER")) {
        size_t n0 = m->npend;
        key_args(m, e, '[', ']', false, "$_SERVER[");
        if (m->npend > n0 && !(m->pend[n0].flags & ENVSCAN_RECORD_DYNAMIC) &&
            !php_server_env_key(m->pend[n0].key, m->pend[n0].key_len))
            m->npend = n0;
        return;
    }
    const bool getenv = word_is(m, s, e, "getenv");
    if (!getenv && !word_is(m, s, e, "env"))
        return;
    size_t k = back(m, s);
    if (k >= 2 && ((m->p[k - 1] == '>' && m->p[k - 2] == '-') ||
                   (m->p[k - 1] == ':' && m->p[k - 2] == ':')))
        return; /* a method */
    size_t w = ident_start(m, k);
    if (w < k && (word_is(m, w, k, "function") || word_is(m, w, k, "new")))
        return;
    key_args(m, e, '(', ')', !getenv, getenv ? "getenv(" : "env(");
}

static void match_rust(es_umatch *m, size_t s, size_t e)
{
    const bool env = word_is(m, s, e, "env");
    if (!env && !word_is(m, s, e, "option_env"))
        return;
    if (before(m, s) == '.')
        return;
    size_t i = skip(m, e);
    if (at(m, i) == '!') {
        size_t o = skip(m, i + 1);
        uint8_t c = at(m, o);
        uint8_t close = c == '(' ? ')' : c == '[' ? ']' : c == '{' ? '}' : 0;
        if (close)
            key_args(m, o, c, close, false, env ? "env!(" : "option_env!(");
        return;
    }
    if (env && at(m, i) == ':' && at(m, i + 1) == ':') {
        size_t fs = skip(m, i + 2), fe = ident_end(m, fs);
        if (word_is(m, fs, fe, "var") || word_is(m, fs, fe, "var_os"))
            key_args(m, fe, '(', ')', false, "env::var(");
    }
}

static void match_c(es_umatch *m, size_t s, size_t e)
{
    if (!word_is(m, s, e, "getenv") && !word_is(m, s, e, "secure_getenv"))
        return;
    size_t k = back(m, s);
    uint8_t c = k ? m->p[k - 1] : 0;
    if (c == '.' || (c == '>' && k >= 2 && m->p[k - 2] == '-'))
        return; /* a member */
    size_t j = k;
    while (j > 0 && (m->p[j - 1] == '*' || m->p[j - 1] == '&' || is_ws(m->p[j - 1])))
        j--;
    if (j > 0 && es_usage_ident_byte(m->lang, m->p[j - 1])) {
        size_t w = ident_start(m, j);
        static const char *const ok[] = {"return", "case", "else", "do", NULL};
        if (!name_in(m, w, j, ok)) {
            /* `char *getenv(const char *)` declares; a #define line uses */
            size_t ls = s;
            while (ls > 0 && m->p[ls - 1] != '\n')
                ls--;
            while (ls < s && (m->p[ls] == ' ' || m->p[ls] == '\t'))
                ls++;
            if (m->p[ls] != '#' || word_is(m, w, j, "define"))
                return;
        }
    }
    key_args(m, e, '(', ')', false, "getenv(");
}

size_t es_usage_match(es_umatch *m, size_t s, size_t e)
{
    switch (m->lang) {
    case UL_JS: match_js(m, s, e); break;
    case UL_PY: match_py(m, s, e); break;
    case UL_GO: match_go(m, s, e); break;
    case UL_JAVA:
    case UL_KOTLIN:
    case UL_SCALA: match_jvm(m, s, e); break;
    case UL_CSHARP: match_csharp(m, s, e); break;
    case UL_RUBY: match_ruby(m, s, e); break;
    case UL_PHP: match_php(m, s, e); break;
    case UL_RUST: match_rust(m, s, e); break;
    case UL_C: match_c(m, s, e); break;
    default: break;
    }
    return e;
}
