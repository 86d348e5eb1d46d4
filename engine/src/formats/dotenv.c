/*
 * dotenv.c — the .env format, stage 2.
 *
 * The default dialect is node's `dotenv` parse(): one global, multi-line
 * regular expression applied repeatedly to the text after "\r\n" and "\r"
 * became "\n". We do not run a regex; we reproduce what its backtracking
 * decides, case by case, in plain code (docs/dotenv.md walks through the
 * reasoning). The facts that matter:
 *
 *   - A match starts only at a line start (after "\n", U+2028 or U+2029)
 *     and first skips JavaScript white space, newlines included: so a key
 *     may sit lines below where the attempt began.
 *   - key = [A-Za-z0-9_.-]+, after an optional "export" + white space;
 *     separator = white space then "=", or ":" then one white space char
 *     (which may be a newline).
 *   - value = a quoted string ('...', "...", `...`, possibly spanning
 *     lines, possibly after newlines) that must be followed by only white
 *     space / a comment up to a line end, else the rest of the line up to
 *     "#"; then trimmed, outer quotes stripped, and in a value that began
 *     with '"' the two-character sequences \n and \r become LF and CR.
 *   - Inside a quoted string a quote preceded by a backslash does not end
 *     it, unless no later ending works: the regex then backtracks to the
 *     escaped quotes, right to left.
 *
 * Speed: stage 1 (kernels/) gives per-64-byte masks. A line whose bytes
 * hold no quote, '#' or byte >= 0x80, whose key region is all key
 * characters and whose value is not blank takes the fast path: the regex
 * would match exactly "key = trimmed rest of line". Every other line goes
 * through the exact emulation. Masks are computed for a sliding window of
 * blocks, so memory stays bounded for any input size.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
/* XXH3 inlined: it hashes every key, and a call into the shared
 * library per key shows in profiles */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "../internal.h"
#include "../analysis/lint.h"

#define WIN 64 /* blocks of 64 bytes per mask window */
#define NONE ((size_t)-1)

/* ------------------------------------------------------------ characters */

static inline bool is_keych(uint8_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/* Length of the JavaScript white-space character (\s) at s[i], or 0.
 * \s = [\t\n\v\f\r ] U+00A0 U+1680 U+2000-U+200A U+2028 U+2029 U+202F
 * U+205F U+3000 U+FEFF. The text is valid UTF-8 here. */
static inline size_t ws_len(const uint8_t *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    uint8_t c = s[i];
    if (c < 0x80)
        return (c == ' ' || (c >= '\t' && c <= '\r')) ? 1 : 0;
    if (i + 1 < n && c == 0xC2 && s[i + 1] == 0xA0)
        return 2;
    if (i + 2 >= n)
        return 0;
    uint8_t c1 = s[i + 1], c2 = s[i + 2];
    if (c == 0xE1)
        return (c1 == 0x9A && c2 == 0x80) ? 3 : 0;
    if (c == 0xE2) {
        if (c1 == 0x80)
            return (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF) ? 3 : 0;
        return (c1 == 0x81 && c2 == 0x9F) ? 3 : 0;
    }
    if (c == 0xE3)
        return (c1 == 0x80 && c2 == 0x80) ? 3 : 0;
    if (c == 0xEF)
        return (c1 == 0xBB && c2 == 0xBF) ? 3 : 0;
    return 0;
}

/* Length of the line terminator at s[i] ('\n', U+2028, U+2029), or 0.
 * ('\r' is gone after normalisation.) */
static inline size_t term_len(const uint8_t *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    if (s[i] == '\n')
        return 1;
    if (s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
        (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
        return 3;
    return 0;
}

static inline size_t skip_ws(const uint8_t *s, size_t n, size_t i)
{
    size_t l;
    while ((l = ws_len(s, n, i)) != 0)
        i += l;
    return i;
}

/* Position of the next line terminator at or after i, or n. */
static size_t next_term(const uint8_t *s, size_t n, size_t i)
{
    for (; i < n; i++)
        if (s[i] == '\n' || (s[i] == 0xE2 && term_len(s, n, i)))
            return i;
    return n;
}

/* Length of the Python white-space character (str.isspace, which is
 * also what `\s` means in a str regex) at s[i], or 0: [\t\n\v\f\r ],
 * U+001C-U+001F, U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029,
 * U+202F, U+205F, U+3000. Unlike JavaScript, U+FEFF is not white space. */
static inline size_t py_space(const uint8_t *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    uint8_t c = s[i];
    if (c < 0x80)
        return (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F)) ? 1 : 0;
    if (c == 0xC2)
        return (i + 1 < n && (s[i + 1] == 0x85 || s[i + 1] == 0xA0)) ? 2 : 0;
    if (c == 0xEF)
        return 0;
    return ws_len(s, n, i); /* the three-byte ones are JavaScript's too */
}

/* Python white space other than a line end ([^\S\r\n]). */
static inline size_t py_hspace(const uint8_t *s, size_t n, size_t i)
{
    return (i < n && s[i] == '\n') ? 0 : py_space(s, n, i);
}

/* Bytes in the UTF-8 sequence led by c (the text is valid UTF-8). */
static inline size_t u8len(uint8_t c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* ---------------------------------------------------------------- dialects */

/* A dialect is a row of this table: what its reference implementation
 * does differently. The stages around the grammar — normalisation, the
 * stage-1 fast path for plain `KEY=value` lines, records, duplicate keys,
 * references — are shared; the grammar that reads the other lines is one
 * of two engines: node's, which reproduces one backtracking regular
 * expression, and a statement reader in the style of python-dotenv's,
 * driven by the fields below. docs/dotenv.md has the differences as a
 * table for people. */
typedef enum grammar {
    GRAMMAR_JS_REGEX,  /* node: LINE regex emulation (match_at)        */
    GRAMMAR_STATEMENTS /* key, '=', value, comment, line end (py_*)   */
} grammar;

typedef enum interp {
    INTERP_DOTENV_EXPAND, /* dotenv-expand 12: ${K}, $K, :- - :+ +, \$  */
    INTERP_BRACES         /* ${K} and ${K:-default} only, in file order */
} interp;

typedef struct dialect {
    es_dialect_info info; /* what the rest of the engine needs          */
    grammar grammar;
    interp interp;
    const char *quotes;       /* quote characters a value may use      */
    const char *dq_escapes;   /* "\x" sequences decoded inside "..."   */
    const char *sq_escapes;   /* "\x" sequences decoded inside '...'   */
    bool quoted_keys;         /* 'KEY'=value                           */
    bool bare_keys;           /* a KEY alone defines it with no value  */
    bool hash_after_space;    /* an unquoted value's comment starts at
                                 white space + '#' (else at any '#')   */
    bool bom_in_key;          /* a leading U+FEFF is part of the key   */
    bool invalid_utf8_fails;  /* the reference cannot read such a file */
    bool c0_space;            /* U+001C-U+001F are white space         */
} dialect;

static const dialect dialects[] = {
    {.info = {ENVSCAN_DIALECT_NODE, "node dotenv 16.4.7-17.x parse()",
              .expand_default = false, .js_key_order = true, .proto_dropped = true},
     .grammar = GRAMMAR_JS_REGEX, .interp = INTERP_DOTENV_EXPAND,
     .quotes = "'\"`", .dq_escapes = "nr", .sq_escapes = "",
     .hash_after_space = false},
    {.info = {ENVSCAN_DIALECT_PYTHON, "python-dotenv 0.21 dotenv_values()",
              .expand_default = true, .js_key_order = false, .proto_dropped = false},
     .grammar = GRAMMAR_STATEMENTS, .interp = INTERP_BRACES,
     .quotes = "'\"", .dq_escapes = "\\'\"abfnrtv", .sq_escapes = "\\'",
     .quoted_keys = true, .bare_keys = true, .hash_after_space = true,
     .bom_in_key = true, .invalid_utf8_fails = true, .c0_space = true},
};

static const dialect *dialect_get(envscan_dialect id)
{
    for (size_t i = 0; i < sizeof dialects / sizeof dialects[0]; i++)
        if (dialects[i].info.id == id)
            return &dialects[i];
    return NULL;
}

const es_dialect_info *es_dotenv_dialect(envscan_dialect id)
{
    const dialect *d = dialect_get(id);
    return d ? &d->info : NULL;
}

/* Decode, left to right, each backslash followed by one of `set` (the
 * C meaning of \a \b \f \n \r \t \v; any other listed character stands
 * for itself); other backslashes stay. In place; returns the length. */
static size_t unescape(uint8_t *v, size_t len, const char *set)
{
    if (!*set || !memchr(v, '\\', len))
        return len;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (v[i] == '\\' && i + 1 < len && v[i + 1] && strchr(set, v[i + 1])) {
            const char *from = "abfnrtv", *to = "\a\b\f\n\r\t\v";
            const char *k = strchr(from, v[i + 1]);
            v[o++] = k ? (uint8_t)to[k - from] : v[i + 1];
            i++;
        } else {
            v[o++] = v[i];
        }
    }
    return o;
}

/* -------------------------------------------------------- normalisation */

/* The UTF-8 sequence starting at s[i] (s[i] >= 0x80): returns its length
 * when it is valid, or 0 and sets *bad to the length of its maximal
 * invalid subpart (the lead byte plus the continuation bytes that were
 * acceptable so far), which a WHATWG decoder turns into one U+FFFD. */
static size_t utf8_seq(const uint8_t *s, size_t n, size_t i, size_t *bad)
{
    uint8_t c = s[i], lo = 0x80, hi = 0xBF;
    size_t need;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        *bad = 1; /* never a lead byte */
        return 0;
    }
    size_t j = 1;
    for (; j <= need && i + j < n; j++) {
        if (s[i + j] < lo || s[i + j] > hi)
            break;
        lo = 0x80;
        hi = 0xBF;
    }
    if (j == need + 1)
        return j;
    *bad = j;
    return 0;
}

/* Node reads the file as UTF-8 (invalid subparts become U+FFFD) and then
 * turns "\r\n" and lone "\r" into "\n". Returns the number of bytes
 * written to out, which must hold 3 * n bytes (a lone invalid byte grows
 * to three). */
static size_t normalise(const uint8_t *s, size_t n, uint8_t *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        uint8_t c = s[i];
        if (c < 0x80) {
            if (c == '\r') {
                out[o++] = '\n';
                i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
            } else {
                out[o++] = c;
                i++;
            }
            continue;
        }
        size_t bad = 0, ok = utf8_seq(s, n, i, &bad);
        if (ok) {
            memcpy(out + o, s + i, ok);
            o += ok;
            i += ok;
        } else {
            out[o++] = 0xEF;
            out[o++] = 0xBF;
            out[o++] = 0xBD;
            i += bad;
        }
    }
    return o;
}

/* How far s[from, to) is clean, i.e. needs no normalising: no '\r' and
 * valid UTF-8 (from must start a character). Returns a position >= to
 * (past a character that straddles `to`), or NONE when something in it
 * needs normalising. One OR pass over the bytes, which the compiler
 * vectorises, flags a '\r' and tells whether any byte is >= 0x80; only
 * then is the UTF-8 checked. */
static size_t clean_until(const uint8_t *s, size_t n, size_t from, size_t to)
{
    uint8_t acc = 0, cr = 0;
    for (size_t j = from; j < to; j++) {
        acc |= s[j];
        cr |= s[j] == '\r';
    }
    if (cr)
        return NONE;
    if (!(acc & 0x80))
        return to;
    size_t i = from;
    while (i < to) {
        size_t bad, ok = s[i] < 0x80 ? 1 : utf8_seq(s, n, i, &bad);
        if (!ok)
            return NONE;
        i += ok;
    }
    return i;
}

/* True when s needs normalising: a '\r', or invalid UTF-8; checked in
 * 4 KiB pieces, so that a '\r' early in the text stops it early. */
static bool needs_normalise(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        i = clean_until(s, n, i, n - i < 4096 ? n : i + 4096);
        if (i == NONE)
            return true;
    }
    return false;
}

/* A dialect whose reference cannot read invalid UTF-8 (python's strict
 * decoder raises) says so once, at the first bad sequence. */
static void report_invalid_utf8(es_sink *out, const uint8_t *s, size_t n)
{
    uint32_t line = 1;
    size_t ls = 0;
    for (size_t i = 0; i < n;) {
        uint8_t c = s[i];
        if (c == '\n' || (c == '\r' && !(i + 1 < n && s[i + 1] == '\n'))) {
            line++;
            ls = ++i;
            continue;
        }
        size_t bad, ok = c < 0x80 ? 1 : utf8_seq(s, n, i, &bad);
        if (!ok) {
            es_sink_diag(out, ENVSCAN_SEVERITY_ERROR, "invalid-utf8", line,
                         (uint32_t)(i - ls + 1), 0,
                         "byte 0x%02X is not valid UTF-8: the reference implementation "
                         "of this dialect fails to read the file; read here with U+FFFD "
                         "in place of each invalid sequence",
                         c);
            return;
        }
        i += ok;
    }
}

/* ----------------------------------------------------------- mask window */

typedef struct idx {
    const uint8_t *s;
    size_t n;
    const es_kernels *k;
    size_t wfirst, wn; /* window holds blocks [wfirst, wfirst + wn) */
    es_line_masks m[WIN]; /* special (quote | hash | high): the fast path's veto */
} idx;

static void idx_fill(idx *x, size_t b)
{
    size_t start = b * 64;
    size_t len = x->n - start;
    if (len > (size_t)WIN * 64)
        len = (size_t)WIN * 64;
    x->wn = es_index_lines(x->k, x->s + start, len, x->m);
    x->wfirst = b;
}

/* ----------------------------------------------------------- the parser */

/* A memo for find_q: the first q in [from, n) is at `at` (n: none). */
typedef struct qmemo {
    size_t from, at;
} qmemo;

typedef struct parser {
    const uint8_t *s;
    size_t n;
    idx x;
    es_sink *out;
    es_parse_ws *ws;
    const es_parse_opts *o;
    const dialect *d;
    /* line cursor: line number of position `lpos` and where it starts */
    size_t lpos, lstart;
    uint32_t line;
    /* per-definition facts the expansion pass needs */
    es_vec defs; /* struct def */
    /* the statement grammar's memos (see find_q, close_quote) */
    qmemo qm[2], qkey;  /* ' and " of values; ' of keys */
    size_t last_esc[2]; /* NONE - 1: not computed yet    */
    size_t first; /* index of this file's first record in out->records */
    es_lint *lint; /* NULL: no lint */
    /* s[0, clean) is known to need no normalising (see es_dotenv_parse);
     * `dirty` when some later byte turned out to need it */
    size_t clean;
    bool dirty;
    bool oom;
    bool cancelled; /* envscan_cancel(): stopped at a window's start */
} parser;

typedef struct def {
    size_t raw_s, raw_e; /* the value as written (quotes included) */
} def;

/* Move the line cursor to position p (monotonic in practice; restarts
 * from the top if asked to go back). */
static void seek_line(parser *p, size_t pos)
{
    if (pos < p->lpos) {
        p->lpos = p->lstart = 0;
        p->line = 1;
    }
    const uint8_t *s = p->s;
    size_t i = p->lpos;
    while (i < pos) {
        const uint8_t *q = memchr(s + i, '\n', pos - i);
        if (!q)
            break;
        i = (size_t)(q - s) + 1;
        p->line++;
        p->lstart = i;
    }
    p->lpos = pos;
}

static bool val_reserve(parser *p, size_t n)
{
    if (n <= p->ws->val_cap)
        return true;
    size_t cap = p->ws->val_cap ? p->ws->val_cap : 256;
    while (cap < n)
        cap *= 2;
    char *v = realloc(p->ws->val, cap);
    if (!v)
        return false;
    p->ws->val = v;
    p->ws->val_cap = cap;
    return true;
}

static size_t trim_left(const uint8_t *s, size_t a, size_t b)
{
    size_t l;
    while (a < b && (l = ws_len(s, b, a)) != 0)
        a += l;
    return a;
}

/* Is s[i-k .. i-1] a white-space char ending exactly at i? Returns its
 * length or 0. White space chars are 1, 2 or 3 bytes. */
static size_t ws_before(const uint8_t *s, size_t a, size_t i)
{
    if (i > a && s[i - 1] < 0x80)
        return ws_len(s, i, i - 1) == 1 ? 1 : 0;
    if (i >= a + 2 && ws_len(s, i, i - 2) == 2)
        return 2;
    if (i >= a + 3 && ws_len(s, i, i - 3) == 3)
        return 3;
    return 0;
}

static size_t trim_right(const uint8_t *s, size_t a, size_t b)
{
    size_t l;
    while (b > a && (l = ws_before(s, a, b)) != 0)
        b -= l;
    return b;
}

/* Where `\s*(?:#.*)?(?:$|$)` starting at x leaves lastIndex, or NONE when
 * it cannot match (the rest of the line is neither blank nor a comment). */
static size_t suffix_end(const uint8_t *s, size_t n, size_t x)
{
    size_t y = skip_ws(s, n, x);
    if (y >= n)
        return n;
    if (s[y] == '#')
        return next_term(s, n, y);
    /* give white space back until a line terminator is next */
    size_t best = NONE;
    for (size_t i = x; i < y;) {
        size_t t = term_len(s, n, i);
        if (t)
            best = i;
        i += t ? t : ws_len(s, n, i);
    }
    return best;
}

typedef struct match {
    size_t key_s, key_e;
    size_t sep;          /* the '=' or ':' */
    size_t val_s, val_e; /* the captured value; val_s == NONE: none */
    size_t end;          /* lastIndex */
    bool exported;
} match;

/* The value group and what follows it, from V. Never fails. */
static void match_value(const uint8_t *s, size_t n, size_t V, match *m)
{
    size_t W = skip_ws(s, n, V);
    if (W < n && (s[W] == '\'' || s[W] == '"' || s[W] == '`')) {
        uint8_t q = s[W];
        /* greedy body: `\q` pairs are consumed, a bare q stops */
        size_t i = W + 1;
        while (i < n) {
            if (s[i] == '\\' && i + 1 < n && s[i + 1] == q) {
                i += 2;
                continue;
            }
            if (s[i] == q)
                break;
            i++;
        }
        if (i < n) {
            size_t e = suffix_end(s, n, i + 1);
            if (e != NONE) {
                m->val_s = V;
                m->val_e = i + 1;
                m->end = e;
                return;
            }
        }
        /* backtrack: each escaped quote, right to left, as the closing one */
        for (size_t j = (i < n ? i : n); j-- > W + 2;) {
            if (s[j] != q)
                continue;
            size_t e = suffix_end(s, n, j + 1);
            if (e != NONE) {
                m->val_s = V;
                m->val_e = j + 1;
                m->end = e;
                return;
            }
        }
    }
    /* [^#\r\n]+ */
    size_t x = V;
    while (x < n && s[x] != '#' && s[x] != '\n')
        x++;
    if (x > V) {
        m->val_s = V;
        m->val_e = x;
    } else {
        m->val_s = m->val_e = NONE;
    }
    m->end = suffix_end(s, n, x);
}

/* Key, separator and value from K. */
static bool match_rest(const uint8_t *s, size_t n, size_t K, match *m)
{
    size_t E = K;
    while (E < n && is_keych(s[E]))
        E++;
    if (E == K)
        return false;
    size_t W = skip_ws(s, n, E), V, l;
    if (W < n && s[W] == '=')
        V = W + 1, m->sep = W;
    else if (E < n && s[E] == ':' && (l = ws_len(s, n, E + 1)) != 0)
        V = E + 1 + l, m->sep = E;
    else
        return false;
    m->key_s = K;
    m->key_e = E;
    match_value(s, n, V, m);
    return true;
}

/* One attempt at line start L. *P gets the first non-white position. */
static bool match_at(const uint8_t *s, size_t n, size_t L, match *m, size_t *P)
{
    size_t p = skip_ws(s, n, L);
    *P = p;
    if (n - p > 6 && memcmp(s + p, "export", 6) == 0 && ws_len(s, n, p + 6)) {
        m->exported = true;
        if (match_rest(s, n, skip_ws(s, n, p + 6), m))
            return true;
    }
    m->exported = false;
    return match_rest(s, n, p, m);
}

/* Strip outer quotes the way `value.replace(/^(['"`])([\s\S]*)\1$/mg,
 * '$2')` does: at each line start (of the value) that holds a quote, the
 * text up to the LAST same quote followed by a line end is unwrapped.
 * Writes into out (length <= n); returns the new length. */
static size_t strip_quotes(const uint8_t *v, size_t n, uint8_t *out)
{
    size_t o = 0, i = 0, ls = 0;
    while (ls < n) {
        uint8_t q = v[ls];
        size_t e = NONE;
        if (q == '\'' || q == '"' || q == '`') {
            for (size_t j = n; j-- > ls + 1;)
                if (v[j] == q && (j + 1 == n || term_len(v, n, j + 1))) {
                    e = j;
                    break;
                }
        }
        if (e != NONE) {
            memmove(out + o, v + i, ls - i);
            o += ls - i;
            memmove(out + o, v + ls + 1, e - ls - 1);
            o += e - ls - 1;
            i = e + 1;
            ls = i; /* lastIndex: v[e] is a quote, so not a line start */
        }
        /* next line start after ls */
        size_t t = next_term(v, n, ls);
        if (t >= n)
            break;
        ls = t + term_len(v, n, t);
    }
    memmove(out + o, v + i, n - i);
    return o + (n - i);
}

/* ----------------------------------------------------------- duplicates */

/* Duplicate keys are found after the file, not during it: each definition
 * appends the 32-bit hash of its key to an array (its position is the
 * record's index), and the (hash, record) pairs are sorted once. A hash
 * table probed per record costs a cache miss or two per record as soon
 * as a file has more keys than the cache holds (dumps with millions of
 * keys); appending is sequential, and the sort below is radix passes over
 * the 32-bit hash, one byte at a time (see keys_sort). Entries are small
 * (4 bytes while parsing, 8 in the sort) because a big file's scan is
 * bound by memory traffic; equal hashes of different keys are told apart
 * by comparing the keys. */

static inline uint32_t key_hash(const void *key, size_t len)
{
    return (uint32_t)(XXH3_64bits(key, len) >> 32);
}

/* Note definition `rec` (index among the file's records, which is the
 * number of definitions noted so far) of a key whose key_hash() is h. */
static inline bool keys_note_hash(parser *p, size_t rec, uint32_t h)
{
    es_parse_ws *ws = p->ws;
    assert(rec == ws->n_hashes);
    if (ws->n_hashes == ws->hashes_cap) {
        size_t cap = ws->hashes_cap ? ws->hashes_cap * 2 : 1024;
        uint32_t *k = es_big_realloc(ws->hashes, ws->hashes_cap * sizeof *k, cap * sizeof *k);
        if (!k)
            return false;
        ws->hashes = k;
        ws->hashes_cap = cap;
    }
    if (rec >= UINT32_MAX)
        return false; /* 2^32 - 1 definitions in one file: reported as out of memory */
    ws->hashes[ws->n_hashes++] = h;
    return true;
}

static bool keys_note(parser *p, size_t rec)
{
    const envscan_record *r = &ES_VEC_AT(p->out->records, envscan_record, p->first + rec);
    return keys_note_hash(p, rec, key_hash(r->key, r->key_len));
}

static inline uint64_t kh_key(es_keyhash e)
{
    return (uint64_t)e.hash << 32 | e.rec;
}

static void kh_insertion_sort(es_keyhash *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        es_keyhash v = a[i];
        size_t j = i;
        while (j > 0 && kh_key(v) < kh_key(a[j - 1])) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

/* One stable counting pass over a[0, n) into out, on the byte of the hash
 * at `shift`; c[] holds the starts of the 256 destinations. */
static void kh_scatter(const es_keyhash *a, size_t n, es_keyhash *out, uint32_t *c,
                       unsigned shift)
{
    for (size_t i = 0; i < n; i++)
        out[c[(a[i].hash >> shift) & 255]++] = a[i];
}

/* Counts to starts. */
static void kh_starts(uint32_t *c)
{
    uint32_t sum = 0;
    for (unsigned d = 0; d < 256; d++) {
        uint32_t k = c[d];
        c[d] = sum;
        sum += k;
    }
}

/* Sort a[0, n) by the low `bytes` bytes of the hash, stably, one LSD
 * radix pass per byte: the first pass from a into b, then from b into c,
 * from c into b, and so on (c may be a). Returns where the result is. */
static es_keyhash *kh_lsd(es_keyhash *a, es_keyhash *b, es_keyhash *c, size_t n,
                          unsigned bytes)
{
    uint32_t count[4][256];
    memset(count, 0, sizeof count);
    for (size_t i = 0; i < n; i++) {
        uint32_t h = a[i].hash;
        count[0][h & 255]++;
        count[1][(h >> 8) & 255]++;
        count[2][(h >> 16) & 255]++;
        count[3][h >> 24]++;
    }
    es_keyhash *src = a, *dst = b;
    for (unsigned q = 0; q < bytes; q++) {
        kh_starts(count[q]);
        kh_scatter(src, n, dst, count[q], 8 * q);
        src = dst;
        dst = src == b ? c : b;
    }
    return src;
}

static bool kh_reserve(es_keyhash **a, size_t *cap, size_t n)
{
    if (*cap >= n)
        return true;
    es_keyhash *t = es_big_realloc(*a, *cap * sizeof *t, n * sizeof *t);
    if (!t)
        return false;
    *a = t;
    *cap = n;
    return true;
}

static bool same_key(const envscan_record *a, const envscan_record *b)
{
    return a->key_len == b->key_len && memcmp(a->key, b->key, a->key_len) == 0;
}

/* Flag every definition a later one of the same key overrides, and say
 * which line wins, for the definitions in kh[0, n) (sorted by hash, then
 * record; all the entries of a hash among them). */
static void mark_duplicates(parser *p, const es_keyhash *kh, size_t n)
{
    if (n < 2)
        return; /* (and the record vector may still be empty) */
    envscan_record *recs = &ES_VEC_AT(p->out->records, envscan_record, p->first);
    for (size_t i = 0; i + 1 < n; i++) {
        if (kh[i + 1].hash != kh[i].hash)
            continue;
        envscan_record *old = &recs[kh[i].rec];
        /* the next definition of the same key (equal hashes may differ) */
        for (size_t j = i + 1; j < n && kh[j].hash == kh[i].hash; j++) {
            envscan_record *neu = &recs[kh[j].rec];
            if (!same_key(old, neu))
                continue;
            old->flags |= ENVSCAN_RECORD_OVERRIDDEN;
            es_sink_diag_key(p->out, ENVSCAN_SEVERITY_WARNING, "duplicate-key", old->key,
                             old->key_len, old->line, old->column,
                             "%s is defined again at line %u; the last definition wins",
                             old->key, neu->line);
            break;
        }
    }
}

/* Sort the (hash, record) pairs of the file's definitions and mark the
 * duplicates among them; with `keep`, leave them sorted in ws->kh for
 * the lookups below (keys_first, keys_last), else ws->kh_len is 0.
 *
 * Radix passes, one byte of the hash at a time: each pass is stable and
 * the entries arrive in record order, so equal hashes stay in record
 * order; no comparison is made, hence no branch that depends on the data,
 * and 256 destinations per pass keep the scattered writes within the
 * caches. An array of up to 256 entries gets one pass and insertion sorts
 * (below). A small array is sorted LSD, all in cache. A big one is first
 * split on the top byte (one pass through memory, straight from the
 * hashes), then each of the 256 parts, small enough for the L2 cache, is
 * sorted LSD on the other three bytes in scratch buffers and checked for
 * duplicates there: it goes back to memory only when kept. */
static bool keys_sort(parser *p, bool keep)
{
    enum { IN_CACHE = 1u << 15, /* entries: 256 KiB, twice */
           PART = 1u << 17 };   /* a part that size or smaller gets two scratch buffers */
    es_parse_ws *ws = p->ws;
    const uint32_t *h = ws->hashes;
    const size_t n = ws->n_hashes;
    ws->kh_len = 0;
    if (n == 0)
        return true;
    if (!kh_reserve(&ws->kh, &ws->kh_cap, n))
        return false;
    es_keyhash *kh = ws->kh;
    if (n <= IN_CACHE) {
        for (size_t i = 0; i < n; i++)
            kh[i] = (es_keyhash){h[i], (uint32_t)i};
        ws->kh_len = n;
        if (n <= 32) {
            kh_insertion_sort(kh, n);
        } else if (n <= 256) {
            /* the usual .env file: four passes' counters would cost more
             * than the sort, so one pass on the top byte (about one entry
             * per destination), insertion sorts of what shares one, and
             * back */
            if (!kh_reserve(&ws->kh_tmp, &ws->kh_tmp_cap, n))
                return false;
            es_keyhash *tmp = ws->kh_tmp;
            uint32_t c[257];
            memset(c, 0, sizeof c);
            for (size_t i = 0; i < n; i++)
                c[(kh[i].hash >> 24) + 1]++;
            for (unsigned d = 0; d < 256; d++)
                c[d + 1] += c[d];
            uint32_t next[256];
            memcpy(next, c, sizeof next);
            kh_scatter(kh, n, tmp, next, 24);
            for (unsigned d = 0; d < 256; d++)
                if (c[d + 1] - c[d] > 1)
                    kh_insertion_sort(tmp + c[d], c[d + 1] - c[d]);
            memcpy(kh, tmp, n * sizeof *kh);
        } else {
            if (!kh_reserve(&ws->kh_tmp, &ws->kh_tmp_cap, n))
                return false;
            kh_lsd(kh, ws->kh_tmp, kh, n, 4); /* four passes: back in kh */
        }
        mark_duplicates(p, kh, n);
        return true;
    }
    uint32_t top[256], start[257];
    memset(top, 0, sizeof top);
    for (size_t i = 0; i < n; i++)
        top[h[i] >> 24]++;
    size_t most = 0;
    for (unsigned d = 0; d < 256; d++)
        most = top[d] > most ? top[d] : most;
    kh_starts(top);
    memcpy(start, top, sizeof top);
    start[256] = (uint32_t)n;
    for (size_t i = 0; i < n; i++)
        kh[top[h[i] >> 24]++] = (es_keyhash){h[i], (uint32_t)i};
    /* two scratch buffers for the parts (a part then never goes back to
     * memory unless kept), one when a part is huge (many definitions of
     * one key: the part itself is the second) */
    const bool two = most <= PART;
    if (!kh_reserve(&ws->kh_tmp, &ws->kh_tmp_cap, two ? 2 * most : most))
        return false;
    es_keyhash *t1 = ws->kh_tmp, *t2 = two ? t1 + most : NULL;
    for (unsigned d = 0; d < 256; d++) {
        es_keyhash *part = kh + start[d];
        size_t m = start[d + 1] - start[d];
        es_keyhash *sorted = kh_lsd(part, t1, two ? t2 : part, m, 3); /* in t1 */
        mark_duplicates(p, sorted, m);
        if (keep)
            memcpy(part, sorted, m * sizeof *part);
    }
    ws->kh_len = keep ? n : 0;
    return true;
}

/* The first entry of ws->kh (sorted) whose hash is >= h. */
static size_t kh_lower_bound(const es_parse_ws *ws, uint32_t h)
{
    size_t lo = 0, hi = ws->kh_len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ws->kh[mid].hash < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first definition of the key of record r. Needs ws->kh sorted. */
static size_t keys_first(parser *p, size_t r)
{
    const envscan_record *recs = &ES_VEC_AT(p->out->records, envscan_record, p->first);
    es_parse_ws *ws = p->ws;
    uint32_t h = key_hash(recs[r].key, recs[r].key_len);
    for (size_t lo = kh_lower_bound(ws, h); lo < ws->kh_len && ws->kh[lo].hash == h; lo++)
        if (same_key(&recs[ws->kh[lo].rec], &recs[r]))
            return ws->kh[lo].rec; /* sorted by record: the first */
    return r;
}

/* The file's last definition of `name` among its records before `before`
 * (NONE: all), or NONE. Needs ws->kh sorted. */
static size_t keys_last_before(parser *p, const void *name, size_t len, size_t before)
{
    es_parse_ws *ws = p->ws;
    if (!ws->kh_len)
        return NONE;
    const envscan_record *recs = &ES_VEC_AT(p->out->records, envscan_record, p->first);
    uint32_t h = key_hash(name, len);
    size_t found = NONE;
    for (size_t lo = kh_lower_bound(ws, h); lo < ws->kh_len && ws->kh[lo].hash == h; lo++) {
        size_t r = ws->kh[lo].rec;
        if (r < before && recs[r].key_len == len && memcmp(recs[r].key, name, len) == 0)
            found = r; /* entries of one hash are in record order */
    }
    return found;
}

static size_t keys_last(parser *p, const uint8_t *name, size_t len)
{
    return keys_last_before(p, name, len, NONE);
}

static void emit(parser *p, size_t ks, size_t ke, const char *val,
                 size_t vlen, uint32_t flags, size_t raw_s, size_t raw_e)
{
    seek_line(p, ks);
    envscan_record *r =
        es_sink_record(p->out, ENVSCAN_KIND_DEFINITION, (const char *)p->s + ks,
                       ke - ks, val, vlen, p->line,
                       (uint32_t)(ks - p->lstart + 1), flags);
    if (!r) {
        p->oom = true;
        return;
    }
    if (!keys_note(p, p->out->records->len - 1 - p->first)) {
        p->oom = true;
        return;
    }
    if (p->d->info.proto_dropped && ke - ks == 9 && memcmp(p->s + ks, "__proto__", 9) == 0)
        es_sink_diag(p->out, ENVSCAN_SEVERITY_WARNING, "proto-key", r->line, r->column, 0,
                     "node's dotenv drops the key __proto__ (assigning it sets the "
                     "object's prototype); this definition has no effect there");
    if (p->o->expand) {
        def *d = es_vec_push(&p->defs);
        if (!d) {
            p->oom = true;
            return;
        }
        d->raw_s = raw_s;
        d->raw_e = raw_e;
    }
}

/* Turn a match into a record: trim, unquote, unescape. */
static void emit_match(parser *p, const match *m)
{
    const uint8_t *s = p->s;
    uint32_t flags = m->exported ? ENVSCAN_RECORD_EXPORT : 0;
    if (m->val_s == NONE) {
        emit(p, m->key_s, m->key_e, "", 0, flags, m->key_e, m->key_e);
        return;
    }
    size_t a = trim_left(s, m->val_s, m->val_e);
    size_t b = trim_right(s, a, m->val_e);
    size_t len = b - a;
    if (!val_reserve(p, len + 1)) {
        p->oom = true;
        return;
    }
    uint8_t *v = (uint8_t *)p->ws->val;
    uint8_t first = len ? s[a] : 0;
    len = strip_quotes(s + a, len, v);
    if (first == '"')
        len = unescape(v, len, p->d->dq_escapes);
    uint8_t quote = 0;
    if (memchr(s + a, '\n', b - a))
        flags |= ENVSCAN_RECORD_MULTILINE;
    if ((first == '\'' || first == '"' || first == '`') && b - a >= 2 && s[b - 1] == first) {
        flags |= ENVSCAN_RECORD_QUOTED;
        quote = first;
    }
    /* the record first: the line cursor only moves forward */
    emit(p, m->key_s, m->key_e, (const char *)v, len, flags, a, b);
    if (first == '\'' || first == '"' || first == '`') {
        if (!quote) {
            seek_line(p, a);
            es_sink_diag(p->out, ENVSCAN_SEVERITY_WARNING, "unterminated-quote",
                         p->line, (uint32_t)(a - p->lstart + 1), 0,
                         "value of %.*s opens a %c quote that is not closed on "
                         "this line; node's dotenv keeps the quote characters "
                         "in the value",
                         (int)(m->key_e - m->key_s > 64 ? 64 : m->key_e - m->key_s),
                         (const char *)s + m->key_s, first);
        }
    }
}

/* Hand a match to the lint, as written (value trimmed, quotes kept). */
static void lint_match(parser *p, const match *m, size_t start)
{
    es_lint_stmt st = {.start = start, .key_s = m->key_s, .key_e = m->key_e, .eq = m->sep,
                       .val_s = NONE, .val_e = NONE};
    if (m->val_s != NONE) {
        st.val_s = trim_left(p->s, m->val_s, m->val_e);
        st.val_e = trim_right(p->s, st.val_s, m->val_e);
        uint8_t q = st.val_e > st.val_s ? p->s[st.val_s] : 0;
        if ((q == '\'' || q == '"' || q == '`') && st.val_e - st.val_s >= 2 &&
            p->s[st.val_e - 1] == q)
            st.quote = q;
    }
    es_lint_stmt_add(p->lint, &st);
}

/* A line that node's regex skips without a word: tell the user. */
static void report_skipped(parser *p, size_t P)
{
    const uint8_t *s = p->s;
    if (P >= p->n || s[P] == '#')
        return;
    size_t e = next_term(s, p->n, P);
    seek_line(p, P);
    size_t show = e - P > 60 ? 60 : e - P;
    const char *why = "a line must be KEY=VALUE";
    size_t k = P;
    while (k < e && is_keych(s[k]))
        k++;
    if (k == P)
        why = "a key must start with one of [A-Za-z0-9_.-]";
    else if (k < e && s[k] == ':')
        why = "':' must be followed by white space";
    else if (k < e)
        why = "the key is followed by neither '=' nor ': '";
    else
        why = "the key has no '=' and no value";
    if (p->lint) { /* a key alone on its line (maybe with a comment) */
        size_t j = k;
        while (j < e && (s[j] == ' ' || s[j] == '\t'))
            j++;
        if (k > P && (j == e || s[j] == '#'))
            es_lint_stmt_add(p->lint, &(es_lint_stmt){.start = P, .key_s = P, .key_e = k,
                                                      .eq = NONE, .val_s = NONE,
                                                      .val_e = NONE});
    }
    es_sink_diag(p->out, ENVSCAN_SEVERITY_WARNING, "syntax", p->line,
                 (uint32_t)(P - p->lstart + 1), 0,
                 "line ignored (%s): %.*s%s", why, (int)show,
                 (const char *)s + P, e - P > show ? "..." : "");
}

/* The fast path, from line start L, for as many lines in a row as it
 * takes: returns the start of the first line it does not take (the
 * slow path reads that one), or n when it took them all (or ran out of
 * memory, or found that the text needs normalising: p->oom, p->dirty).
 *
 * A line is taken when stage 1 says it is plain (see the top of the
 * file) and its value is not blank. What each line changes — the record
 * vector, the arena, the hash array, the line cursor — is kept in locals
 * for the run and written back (FLUSH) before anything else may read or
 * change it, and read again after (RELOAD): in memory, the compiler would
 * have to reload it after every store of a record or of a line's copy,
 * which as far as it knows may alias it. Rare cases (growth, expansion,
 * "__proto__", lint) go through the general functions between a FLUSH
 * and a RELOAD. */
static size_t fast_run(parser *p, size_t L)
{
    enum { SHORT = 64 }; /* a line that short is copied with one fixed-size move */
    idx *x = &p->x;
    const uint8_t *s = p->s;
    const size_t n = p->n;
    es_sink *out = p->out;
    es_vec *rv = out->records;
    es_arena *ar = out->arena;
    es_parse_ws *ws = p->ws;
    const uint8_t c0 = p->d->c0_space ? 0x1F : '\f'; /* Python: also U+001C-U+001F */
    const bool general = p->o->expand || p->lint;     /* every line through FLUSH */
    const envscan_record proto = {.file = out->file, .scope = out->scope,
                                  .format = (uint16_t)out->format,
                                  .kind = (uint16_t)ENVSCAN_KIND_DEFINITION};
    if (L < n)
        seek_line(p, L);
    envscan_record *recs;
    char *abase;
    uint32_t *hs;
    size_t rlen, rcap, aused, acap, atotal, nh, hcap, added = 0, lstart;
    uint32_t line;
#define RELOAD()                                                                   \
    (recs = rv->data, rlen = rv->len, rcap = rv->cap, abase = ar->base,            \
     aused = ar->used, acap = ar->cap, atotal = ar->total, hs = ws->hashes,        \
     nh = ws->n_hashes, hcap = ws->hashes_cap, line = p->line, lstart = p->lstart)
#define FLUSH()                                                                    \
    (rv->len = rlen, ar->used = aused, ar->total = atotal, ws->n_hashes = nh,      \
     out->n_records += added, added = 0, p->line = line, p->lpos = L,              \
     p->lstart = lstart)
    RELOAD();
    while (L < n) {
        size_t b = L >> 6, eqpos = NONE, nlpos;
        /* A line shorter than 64 bytes lies within the 64 bits of the
         * masks that start at L, taken from two blocks: checked without
         * a loop, and without a branch on where the line crosses from a
         * block to the next, which varies from line to line. */
        if (b - x->wfirst + 1 < x->wn) {
            const es_line_masks *m0 = &x->m[b - x->wfirst], *m1 = m0 + 1;
            const unsigned off = L & 63;
#define SPAN(f) ((m0->f >> off) | ((m1->f << 1) << (63 - off)))
            const uint64_t nlw = SPAN(nl);
            if (nlw) {
                const uint64_t in = (nlw & (0 - nlw)) - 1; /* the line before its '\n' */
                const uint64_t ew = SPAN(eq) & in;
                if ((SPAN(special) & in) || !ew || (ew & 1))
                    goto not_plain;
                if (SPAN(nonkey) & ((ew & (0 - ew)) - 1))
                    goto not_plain;
                eqpos = L + (size_t)__builtin_ctzll(ew);
                nlpos = L + (size_t)__builtin_ctzll(nlw);
                goto have_line;
            }
#undef SPAN
        }
        uint64_t sel = ~0ULL << (L & 63);
        for (;;) {
            if (b - x->wfirst >= x->wn) {
                /* a window is 4 KiB: a cheap place to see a cancel */
                if (es_parse_cancelled(p->o)) {
                    p->cancelled = true;
                    FLUSH();
                    return n;
                }
                idx_fill(x, b);
                /* the window's bytes, while they are in cache; none when
                 * stage 1 saw no '\r' and no byte >= 0x80 in it */
                size_t end = (x->wfirst + x->wn) * 64;
                end = end < n ? end : n;
                if (p->clean < end && p->clean >= x->wfirst * 64) {
                    uint64_t crhigh = 0;
                    for (size_t i = 0; i < x->wn; i++)
                        crhigh |= x->m[i].crhigh;
                    if (!crhigh)
                        p->clean = end;
                }
                if (p->clean < end) {
                    p->clean = clean_until(s, n, p->clean, end);
                    if (p->clean == NONE) {
                        p->dirty = true;
                        FLUSH();
                        return n;
                    }
                }
            }
            const es_line_masks *m = &x->m[b - x->wfirst];
            uint64_t nlb = m->nl & sel;
            uint64_t in = sel & (nlb ? (nlb & (0 - nlb)) - 1 : ~0ULL);
            if (m->special & in)
                goto not_plain;
            if (eqpos == NONE) {
                uint64_t e = m->eq & in;
                uint64_t keyzone = e ? in & ((e & (0 - e)) - 1) : in;
                if (m->nonkey & keyzone)
                    goto not_plain;
                if (e)
                    eqpos = b * 64 + (size_t)__builtin_ctzll(e);
            }
            if (nlb) {
                nlpos = b * 64 + (size_t)__builtin_ctzll(nlb);
                break;
            }
            b++;
            sel = ~0ULL;
            if (b * 64 >= n) {
                nlpos = n;
                break;
            }
        }
        if (eqpos == NONE || eqpos == L)
            goto not_plain;
    have_line:;
        /* trim the value's white space (every such byte is <= ' ') */
        size_t a = eqpos + 1, e = nlpos;
        if (a < e && s[a] <= ' ')
            while (a < e && (s[a] == ' ' || (s[a] >= '\t' && s[a] <= c0 && (s[a] <= '\f' || s[a] >= 0x1C))))
                a++;
        if (e > a && s[e - 1] <= ' ')
            while (e > a &&
                   (s[e - 1] == ' ' || (s[e - 1] >= '\t' && s[e - 1] <= c0 && (s[e - 1] <= '\f' || s[e - 1] >= 0x1C))))
                e--;
        if (a == e)
            goto not_plain; /* blank value: a quote on a later line may be taken */
        const size_t klen = eqpos - L, len = e - L; /* the copy: line[0, len) */
        const bool proto_key = klen == 9 && memcmp(s + L, "__proto__", 9) == 0;
        if (general || proto_key || rlen == rcap || acap - aused < len + 1 + SHORT ||
            nh == hcap || nh >= UINT32_MAX - 1) {
            /* the general functions (which also grow what must grow) */
            FLUSH();
            if (p->o->expand || proto_key) {
                emit(p, L, eqpos, (const char *)s + a, e - a, 0, a, e);
            } else {
                const size_t rec = rv->len - p->first;
                if (!es_sink_line_record(out, (const char *)s + L, klen, a - L, e - a, n - L,
                                         line, (uint32_t)(L - lstart + 1)) ||
                    !keys_note_hash(p, rec, key_hash(s + L, klen)))
                    p->oom = true;
            }
            if (p->oom)
                return n;
            if (p->lint)
                es_lint_stmt_add(p->lint, &(es_lint_stmt){.start = L, .key_s = L, .key_e = eqpos,
                                                          .eq = eqpos, .val_s = a, .val_e = e,
                                                          .plain = true, .end = nlpos});
            RELOAD();
        } else {
            /* the common case: one hash, one copy, one record, inline */
            const uint32_t h = key_hash(s + L, klen);
            char *k = abase + aused;
            if (len <= SHORT && n - L >= SHORT)
                memcpy(k, s + L, SHORT);
            else
                memcpy(k, s + L, len);
            k[klen] = '\0';
            k[len] = '\0';
            aused += len + 1;
            atotal += len + 1;
            envscan_record *r = &recs[rlen++];
            *r = proto;
            r->key = k;
            r->key_len = klen;
            r->value = k + (a - L);
            r->value_len = e - a;
            r->line = line;
            r->column = (uint32_t)(L - lstart + 1);
            added++;
            hs[nh++] = h;
        }
        if (nlpos >= n) {
            L = n;
            break;
        }
        /* the line cursor moves on by exactly this line */
        line++;
        L = lstart = nlpos + 1;
        continue;
    not_plain:
        break;
    }
    FLUSH();
    return L;
#undef RELOAD
#undef FLUSH
}

/* --------------------------------------------------- the statement grammar */

/* The python dialect reads a file as statements, each a chain of anchored
 * regular expressions applied one after the other, never revisited:
 *
 *   \s*  (export[^\S\n]+)?  KEY  [^\S\n]*  (= [^\S\n]* VALUE)?
 *   ([^\S\n]*#[^\n]*)?  [^\S\n]*(\n|$)
 *
 * KEY is '[^']+' or [^=#\s]+ ('#' first makes the statement a comment);
 * a KEY without '=' is defined with no value. VALUE is '...' or "..."
 * (spanning lines, see close_quote), nothing at a line end, or the rest of
 * the line cut at the first white space followed by '#' and right-trimmed.
 * When a step fails, the statement is dropped and reading goes on after
 * the line on which it failed. White space is Python's (py_space). */

/* Position of the next '\n' at or after i, or n: the only line end for
 * Python's [^\r\n] once "\r" is gone (U+2028 is not one). */
static size_t next_nl(const uint8_t *s, size_t n, size_t i)
{
    const uint8_t *q = i < n ? memchr(s + i, '\n', n - i) : NULL;
    return q ? (size_t)(q - s) : n;
}

typedef struct stmt {
    size_t start;        /* first non-white position, or NONE: nothing */
    size_t key_s, key_e; /* key_s NONE: a comment                      */
    size_t val_s, val_e; /* inside the quotes; val_s NONE: no '='      */
    size_t eq;           /* the '=', or NONE                          */
    uint8_t quote;       /* the value's quote, or 0                    */
    bool exported;
    size_t end;          /* where the next statement starts            */
    size_t fail;         /* NONE, or where reading failed              */
    const char *why;
} stmt;

/* First q at or after `from`, with a one-entry memo (struct qmemo):
 * statements move forward, so a failed search is not repeated for every
 * later line (a file of unclosed quotes would otherwise cost time
 * quadratic in its size). */
static size_t find_q(const uint8_t *s, size_t n, uint8_t q, size_t from, qmemo *m)
{
    if (from >= m->from && from <= m->at)
        return m->at;
    const uint8_t *hit = from < n ? memchr(s + from, q, n - from) : NULL;
    m->from = from;
    m->at = hit ? (size_t)(hit - s) : n;
    return m->at;
}

/* The closing quote of the value opened by s[o]: the regex q((?:\\q|[^q])*)q
 * stops at the first q not preceded by a backslash; when there is none,
 * it backtracks to the last escaped one (whose backslash then stays in
 * the value). NONE when neither exists. Whether a q is escaped depends
 * only on the byte before it, so the searches memoise. */
static size_t close_quote(parser *p, size_t o)
{
    const uint8_t *s = p->s;
    const size_t n = p->n;
    uint8_t q = s[o];
    qmemo *m = &p->qm[q == '"'];
    size_t k = o + 1;
    for (;;) {
        k = find_q(s, n, q, k, m);
        if (k >= n)
            break;
        if (k == o + 1 || s[k - 1] != '\\')
            return k;
        k++;
    }
    size_t *last = &p->last_esc[q == '"'];
    if (*last == NONE - 1) { /* not computed yet: the file's last \q */
        *last = NONE;
        for (size_t i = n; i-- > 1;)
            if (s[i] == q && s[i - 1] == '\\') {
                *last = i;
                break;
            }
    }
    return (*last != NONE && *last >= o + 2) ? *last : NONE;
}

static size_t skip_hspace(const uint8_t *s, size_t n, size_t i)
{
    size_t l;
    while ((l = py_hspace(s, n, i)) != 0)
        i += l;
    return i;
}

#define FAIL_AT(at, why)                                                     \
    do {                                                                     \
        stmt_fail(p, t, (at), (why));                                        \
        return;                                                              \
    } while (0)

static void stmt_fail(parser *p, stmt *t, size_t at, const char *why)
{
    t->fail = at;
    t->why = why;
    size_t e = next_nl(p->s, p->n, at);
    t->end = e < p->n ? e + 1 : p->n;
}

/* Read one statement from L (a line start). */
static void read_stmt(parser *p, size_t L, stmt *t)
{
    const uint8_t *s = p->s;
    const size_t n = p->n;
    const dialect *d = p->d;
    size_t i = L, l;
    *t = (stmt){.start = NONE, .key_s = NONE, .val_s = NONE, .eq = NONE, .fail = NONE};
    while ((l = py_space(s, n, i)) != 0)
        i += l;
    if (i >= n) {
        t->end = n;
        return;
    }
    t->start = i;
    if (n - i > 6 && memcmp(s + i, "export", 6) == 0 && py_hspace(s, n, i + 6)) {
        i = skip_hspace(s, n, i + 6);
        t->exported = true;
    }
    if (i < n && s[i] == '#') {
        /* a comment: no key */
    } else if (i < n && s[i] == '\'' && d->quoted_keys) {
        size_t q = find_q(s, n, '\'', i + 1, &p->qkey);
        if (q >= n)
            FAIL_AT(i, "the quoted key is never closed");
        if (q == i + 1)
            FAIL_AT(i, "a quoted key may not be empty");
        t->key_s = i + 1;
        t->key_e = q;
        i = q + 1;
    } else {
        size_t j = i;
        while (j < n && s[j] != '=' && s[j] != '#' && !py_space(s, n, j))
            j += u8len(s[j]);
        if (j == i)
            FAIL_AT(i, i < n && s[i] == '=' ? "'=' with no key before it"
                                                          : "expected a key");
        t->key_s = i;
        t->key_e = j < n ? j : n;
        i = t->key_e;
    }
    i = skip_hspace(s, n, i);
    if (t->key_s != NONE && i < n && s[i] == '=') {
        t->eq = i;
        i = skip_hspace(s, n, i + 1);
        if (i < n && s[i] && strchr(d->quotes, s[i])) {
            size_t c = close_quote(p, i);
            if (c == NONE)
                FAIL_AT(i, s[i] == '"' ? "the \" quote is never closed"
                                                      : "the ' quote is never closed");
            t->quote = s[i];
            t->val_s = i + 1;
            t->val_e = c;
            i = c + 1;
        } else {
            /* the rest of the line, cut at white space + '#', trimmed */
            size_t j = i, last = i;
            while (j < n && s[j] != '\n') {
                if (s[j] == '#' && !d->hash_after_space) {
                    j = next_nl(s, n, j);
                    break;
                }
                if ((l = py_space(s, n, j)) != 0) {
                    size_t k = skip_hspace(s, n, j);
                    if (k < n && s[k] == '#') {
                        j = next_nl(s, n, k);
                        break;
                    }
                    j = k;
                    continue;
                }
                j += u8len(s[j]);
                last = j < n ? j : n;
            }
            t->val_s = i;
            t->val_e = last;
            i = j < n ? j : n;
        }
    }
    size_t j = skip_hspace(s, n, i);
    if (j < n && s[j] == '#')
        i = next_nl(s, n, j);
    j = skip_hspace(s, n, i);
    if (j < n && s[j] != '\n')
        FAIL_AT(i, t->quote ? "text after the closing quote"
                                            : "text after the key");
    t->end = j < n ? j + 1 : n;
}

static void emit_stmt(parser *p, const stmt *t)
{
    uint32_t flags = t->exported ? ENVSCAN_RECORD_EXPORT : 0;
    if (t->val_s == NONE) {
        if (p->d->bare_keys)
            emit(p, t->key_s, t->key_e, NULL, 0, flags, t->key_e, t->key_e);
        return;
    }
    size_t len = t->val_e - t->val_s;
    if (!val_reserve(p, len + 1)) {
        p->oom = true;
        return;
    }
    uint8_t *v = (uint8_t *)p->ws->val;
    memcpy(v, p->s + t->val_s, len);
    if (t->quote) {
        flags |= ENVSCAN_RECORD_QUOTED;
        len = unescape(v, len, t->quote == '"' ? p->d->dq_escapes : p->d->sq_escapes);
        if (memchr(p->s + t->val_s, '\n', t->val_e - t->val_s))
            flags |= ENVSCAN_RECORD_MULTILINE;
    }
    emit(p, t->key_s, t->key_e, (const char *)v, len, flags, t->val_s, t->val_e);
    if (p->d->bom_in_key && t->key_s == 0 && t->key_e - t->key_s >= 3 &&
        memcmp(p->s, "\xEF\xBB\xBF", 3) == 0)
        es_sink_diag(p->out, ENVSCAN_SEVERITY_WARNING, "bom-in-key", 1, 1, 0,
                     "the file starts with a byte-order mark, which this dialect keeps "
                     "as the first character of the key (U+FEFF + \"%.*s\")",
                     (int)(t->key_e - 3 > 64 ? 64 : t->key_e - 3), (const char *)p->s + 3);
}

/* One statement from L; returns where the next one starts. */
static size_t stmt_step(parser *p, size_t L)
{
    stmt t;
    read_stmt(p, L, &t);
    if (t.fail != NONE) {
        seek_line(p, t.start);
        size_t e = next_nl(p->s, p->n, t.start);
        size_t show = e - t.start > 60 ? 60 : e - t.start;
        uint32_t line = p->line, col = (uint32_t)(t.start - p->lstart + 1);
        seek_line(p, t.fail);
        es_sink_diag(p->out, ENVSCAN_SEVERITY_WARNING, "syntax", line, col, 0,
                     "statement ignored (%s, line %u column %u): %.*s%s", t.why, p->line,
                     (uint32_t)(t.fail - p->lstart + 1), (int)show,
                     (const char *)p->s + t.start, e - t.start > show ? "..." : "");
    } else if (t.key_s != NONE) {
        emit_stmt(p, &t);
        if (p->lint) {
            bool q = t.quote != 0;
            es_lint_stmt_add(p->lint,
                             &(es_lint_stmt){.start = t.start, .key_s = t.key_s,
                                             .key_e = t.key_e, .eq = t.eq,
                                             .val_s = t.val_s == NONE ? NONE : t.val_s - q,
                                             .val_e = t.val_s == NONE ? NONE : t.val_e + q,
                                             .quote = t.quote});
        }
    }
    return t.end;
}

/* --------------------------------------------------------------- expansion */

/* `--expand` reproduces dotenv-expand 12 (expand({parsed, processEnv: {}}),
 * i.e. without the process environment, so a scan means the same on every
 * machine). Its rules, as facts:
 *   - keys are expanded one by one in JavaScript object order (array-index
 *     keys ascending, then first-definition order), each against the keys
 *     expanded before it only: a reference to a later key is empty;
 *   - in a value, the leftmost `${...}` (no braces inside) or `$NAME` not
 *     preceded by a backslash is resolved, its text replaced as
 *     String.prototype.replace does (the first occurrence of that text,
 *     with `$$`, `$&`, `` $` `` and `$'` patterns in the replacement), and
 *     the search starts again from the beginning;
 *   - `${K:-w}` / `${K-w}`: K's value when non-empty, else w; `${K:+w}` /
 *     `${K+w}`: w when K is non-empty, else empty; without an operator the
 *     expression is split on the text "null" (so `${A}` is key A, but
 *     `${xnully}` is key "x" with default "y");
 *   - a value already seen as an intermediate result is not substituted
 *     again (its default is); finally every `\$` becomes `$`.
 * Names of JavaScript's Object.prototype members (constructor, toString,
 * __proto__, ...) resolve to JavaScript internals there; here they are
 * unset. A runaway expansion stops after 10000 steps with a warning. */

typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

static bool sb_put(sbuf *b, const void *d, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (b->n + n + 1 > cap)
            cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q)
            return false;
        b->p = q;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->n, d, n);
    b->n += n;
    b->p[b->n] = '\0';
    return true;
}

/* The leftmost template at or after `from` in v: [*at, *end); the
 * expression is [*xs, *xe). */
static bool find_template(const char *v, size_t n, size_t from, size_t *at, size_t *end,
                          size_t *xs, size_t *xe)
{
    for (size_t i = from; i + 1 < n; i++) {
        if (v[i] != '$' || (i > 0 && v[i - 1] == '\\'))
            continue;
        if (v[i + 1] == '{') {
            size_t j = i + 2;
            while (j < n && v[j] != '{' && v[j] != '}')
                j++;
            if (j < n && v[j] == '}' && j > i + 2) {
                *at = i, *end = j + 1, *xs = i + 2, *xe = j;
                return true;
            }
        }
        uint8_t c = (uint8_t)v[i + 1];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
            size_t j = i + 2;
            while (j < n && ((v[j] >= 'a' && v[j] <= 'z') || (v[j] >= 'A' && v[j] <= 'Z') ||
                             (v[j] >= '0' && v[j] <= '9') || v[j] == '_'))
                j++;
            *at = i, *end = j, *xs = i + 1, *xe = j;
            return true;
        }
    }
    return false;
}

/* The leftmost operator in an expression: ":+", "+", ":-" or "-" (at one
 * position tried in that order). Returns its offset or NONE. */
static size_t find_op(const char *x, size_t n, size_t *oplen)
{
    for (size_t i = 0; i < n; i++) {
        if (x[i] == ':' && i + 1 < n && (x[i + 1] == '+' || x[i + 1] == '-')) {
            *oplen = 2;
            return i;
        }
        if (x[i] == '+' || x[i] == '-') {
            *oplen = 1;
            return i;
        }
    }
    return NONE;
}

typedef struct xctx {
    parser *p;
    char **xval;          /* expanded value of each winning record, or NULL
                             while that key is not expanded yet */
    size_t *xlen;
} xctx;

/* The value an already-expanded key has, or NULL. */
static const char *x_lookup(xctx *x, const char *key, size_t len, size_t *vlen)
{
    size_t r = keys_last(x->p, (const uint8_t *)key, len);
    if (r == NONE || !x->xval[r])
        return NULL;
    *vlen = x->xlen[r];
    return x->xval[r];
}

/* result := result with the first occurrence of `tmpl` replaced by
 * `repl`, read as a String.prototype.replace replacement pattern. */
static bool replace_first(sbuf *result, const char *tmpl, size_t tlen, const char *repl,
                          size_t rlen)
{
    const char *hit = memmem(result->p, result->n, tmpl, tlen);
    if (!hit)
        return true;
    size_t q = (size_t)(hit - result->p);
    sbuf out = {0};
    bool ok = sb_put(&out, result->p, q);
    for (size_t i = 0; ok && i < rlen; i++) {
        if (repl[i] != '$' || i + 1 >= rlen) {
            ok = sb_put(&out, repl + i, 1);
            continue;
        }
        char c = repl[i + 1];
        if (c == '$')
            ok = sb_put(&out, "$", 1);
        else if (c == '&')
            ok = sb_put(&out, tmpl, tlen);
        else if (c == '`')
            ok = sb_put(&out, result->p, q);
        else if (c == '\'')
            ok = sb_put(&out, result->p + q + tlen, result->n - q - tlen);
        else {
            ok = sb_put(&out, repl + i, 1);
            continue;
        }
        i++;
    }
    ok = ok && sb_put(&out, result->p + q + tlen, result->n - q - tlen);
    if (!ok) {
        free(out.p);
        return false;
    }
    free(result->p);
    *result = out;
    return true;
}

/* Expand one value; the result (malloc'd) in *out. */
static bool expand_value(xctx *x, const envscan_record *rec, sbuf *out)
{
    const char *v = rec->value;
    size_t n = rec->value_len;
    sbuf res = {0};
    if (!sb_put(&res, v, n))
        return false;
    /* every intermediate result, to tell a value met again: copies with
     * their length and hash, so a comparison is two words until they match */
    typedef struct seen_text {
        char *p;
        size_t n;
        uint64_t h;
    } seen_text;
    es_vec seen;
    es_vec_init(&seen, sizeof(seen_text));
    bool ok = true;
    /* Bounds: dotenv-expand may never finish, or grow the text at every
     * step; the steps and the intermediate text kept are capped. */
    enum { MAX_STEPS = 10000 };
    const size_t max_kept = (size_t)16 << 20;
    size_t at, end, xs, xe, steps = 0, kept = 0;
    while (ok && find_template(res.p, res.n, 0, &at, &end, &xs, &xe)) {
        kept += res.n + 1;
        if (++steps > MAX_STEPS || kept > max_kept) {
            es_sink_diag(x->p->out, ENVSCAN_SEVERITY_WARNING, "expand-limit", rec->line,
                         rec->column, 0,
                         "expanding %s did not finish within %d steps and 16 MiB of "
                         "intermediate text (dotenv-expand would not finish, or would "
                         "build a huge value); the value is left as it was then",
                         rec->key, MAX_STEPS);
            break;
        }
        seen_text *slot = es_vec_push(&seen);
        if (!slot || !(slot->p = malloc(res.n + 1))) {
            ok = false;
            break;
        }
        memcpy(slot->p, res.p, res.n);
        slot->p[res.n] = '\0';
        slot->n = res.n;
        slot->h = XXH3_64bits(res.p, res.n);
        size_t tlen = end - at, xlen = xe - xs;
        char *tmpl = malloc(tlen + xlen + 2);
        if (!tmpl) {
            ok = false;
            break;
        }
        memcpy(tmpl, res.p + at, tlen);
        char *expr = tmpl + tlen + 1;
        memcpy(expr, res.p + xs, xlen);
        /* key and the rest, split at the operator (or at "null") */
        size_t oplen = 0, op = find_op(expr, xlen, &oplen), klen, rest_s;
        if (op == NONE) {
            const char *nul = memmem(expr, xlen, "null", 4);
            klen = nul ? (size_t)(nul - expr) : xlen;
            rest_s = nul ? klen + 4 : xlen;
        } else {
            klen = op;
            rest_s = op + oplen;
        }
        const char *rest = expr + rest_s;
        size_t rest_len = xlen - rest_s;
        size_t vlen = 0;
        const char *val = x_lookup(x, expr, klen, &vlen);
        bool plus = op != NONE && expr[op + oplen - 1] == '+';
        const char *repl;
        size_t rlen;
        if (plus) {
            repl = (val && vlen) ? rest : "";
            rlen = (val && vlen) ? rest_len : 0;
        } else if (val && vlen) {
            bool again = false;
            const uint64_t vh = XXH3_64bits(val, vlen);
            for (size_t k = 0; k < seen.len && !again; k++) {
                const seen_text *sv = &ES_VEC_AT(&seen, seen_text, k);
                again = sv->n == vlen && sv->h == vh && memcmp(sv->p, val, vlen) == 0;
            }
            repl = again ? rest : val;
            rlen = again ? rest_len : vlen;
        } else {
            repl = rest;
            rlen = rest_len;
        }
        ok = replace_first(&res, tmpl, tlen, repl, rlen);
        size_t mine_len = 0;
        const char *mine = x_lookup(x, expr, klen, &mine_len);
        free(tmpl);
        /* dotenv-expand stops when the result equals that key's value */
        if (ok && mine && mine_len == res.n && memcmp(mine, res.p, res.n) == 0)
            break;
    }
    for (size_t k = 0; k < seen.len; k++)
        free(ES_VEC_AT(&seen, seen_text, k).p);
    es_vec_free(&seen);
    if (!ok) {
        free(res.p);
        return false;
    }
    /* \$ -> $ */
    size_t o = 0;
    for (size_t i = 0; i < res.n; i++) {
        if (res.p[i] == '\\' && i + 1 < res.n && res.p[i + 1] == '$')
            continue;
        res.p[o++] = res.p[i];
    }
    res.n = o;
    *out = res;
    return true;
}

/* The order dotenv-expand visits keys: JavaScript's own-key order. */
typedef struct korder {
    es_js_key order; /* first: sorted by es_js_key_cmp */
    size_t win;      /* the key's last (winning) definition */
} korder;

/* Report each template written in a value as a reference record. */
static bool collect_refs(parser *p, es_vec *refs)
{
    for (size_t k = 0; k < p->defs.len; k++) {
        def *d = &ES_VEC_AT(&p->defs, def, k);
        const char *v = (const char *)p->s;
        size_t at, end, xs, xe, i = d->raw_s;
        while (find_template(v, d->raw_e, i, &at, &end, &xs, &xe)) {
            size_t oplen, op = find_op(v + xs, xe - xs, &oplen);
            size_t nl = op == NONE ? xe - xs : op;
            envscan_record *nr = es_vec_push(refs);
            char *key = nr ? es_arena_strndup(p->out->arena, v + xs, nl) : NULL;
            if (!key)
                return false;
            seek_line(p, at);
            nr->key = key;
            nr->key_len = nl;
            nr->file = p->out->file;
            nr->line = p->line;
            nr->column = (uint32_t)(at - p->lstart + 1);
            nr->format = (uint16_t)p->out->format;
            nr->kind = ENVSCAN_KIND_REFERENCE;
            nr->flags = keys_last(p, (const uint8_t *)v + xs, nl) == NONE
                            ? ENVSCAN_RECORD_UNRESOLVED
                            : 0;
            if (op != NONE) /* ${X:-d}, ${X-d}, ${X:+a}: a value when X is unset */
                nr->flags |= ENVSCAN_RECORD_DEFAULTED;
            /* a template inside a default is a reference too */
            i = op == NONE ? end : xs + op + oplen;
        }
    }
    return true;
}

/* Put reference records among the file's records by (line, column);
 * a record before a reference on a tie. */
static void merge_refs(parser *p, size_t first, es_vec *refs)
{
    es_vec *rv = p->out->records;
    size_t nrec = rv->len - first;
    if (!refs->len)
        return;
    size_t total = nrec + refs->len;
    envscan_record *merged = malloc(total * sizeof *merged);
    if (!merged || !es_vec_reserve(rv, first + total)) {
        free(merged);
        p->oom = true;
        return;
    }
    envscan_record *recs = &ES_VEC_AT(rv, envscan_record, first);
    envscan_record *b = refs->data;
    size_t ia = 0, ib = 0, o = 0;
    while (ia < nrec || ib < refs->len) {
        bool takea = ib >= refs->len ||
                     (ia < nrec && (recs[ia].line < b[ib].line ||
                                    (recs[ia].line == b[ib].line &&
                                     recs[ia].column <= b[ib].column)));
        merged[o++] = takea ? recs[ia++] : b[ib++];
    }
    memcpy(recs, merged, total * sizeof *merged);
    rv->len = first + total;
    free(merged);
}

/* Expand the winning definition of every key and add reference records,
 * merged with the definitions by position. */
static void expand_all(parser *p, size_t first)
{
    es_vec *rv = p->out->records;
    size_t nrec = rv->len - first;
    if (!nrec)
        return;
    envscan_record *recs = &ES_VEC_AT(rv, envscan_record, first);
    xctx x = {.p = p};
    x.xval = calloc(nrec, sizeof *x.xval);
    x.xlen = calloc(nrec, sizeof *x.xlen);
    korder *order = calloc(nrec, sizeof *order);
    es_vec refs;
    es_vec_init(&refs, sizeof(envscan_record));
    if (!x.xval || !x.xlen || !order) {
        p->oom = true;
        goto out;
    }
    /* one entry per key: kh is sorted by (hash, record), so a key's first
     * and last definitions bound its run */
    size_t nk = 0;
    es_parse_ws *ws = p->ws;
    for (size_t i = 0; i < ws->kh_len; i++) {
        size_t r = ws->kh[i].rec;
        if (recs[r].flags & ENVSCAN_RECORD_OVERRIDDEN)
            continue; /* only the winner of each key */
        if (recs[r].key_len == 9 && memcmp(recs[r].key, "__proto__", 9) == 0)
            continue; /* not a key for JavaScript */
        size_t f = keys_first(p, r);
        es_js_key_init(&order[nk].order, recs[r].key, recs[r].key_len, f);
        order[nk++].win = r;
    }
    qsort(order, nk, sizeof *order, es_js_key_cmp);
    for (size_t i = 0; i < nk && !p->oom; i++) {
        envscan_record *r = &recs[order[i].win];
        sbuf out;
        if (!expand_value(&x, r, &out)) {
            p->oom = true;
            break;
        }
        char *a = es_arena_strndup(p->out->arena, out.p ? out.p : "", out.n);
        free(out.p);
        if (!a) {
            p->oom = true;
            break;
        }
        x.xval[order[i].win] = a;
        x.xlen[order[i].win] = out.n;
    }
    if (p->oom || !collect_refs(p, &refs)) {
        p->oom = true;
        goto out;
    }
    for (size_t i = 0; i < nrec; i++)
        if (x.xval[i]) {
            recs[i].value = x.xval[i];
            recs[i].value_len = x.xlen[i];
        }
    merge_refs(p, first, &refs);
out:
    es_vec_free(&refs);
    free(order);
    free(x.xval);
    free(x.xlen);
}

/* --------------------------------------------------- brace interpolation */

/* The python dialect's interpolation (python-dotenv's resolve_variables,
 * run by dotenv_values): definitions in file order, each value (quoted
 * or not) rewritten by replacing every ${NAME} and ${NAME:-default},
 * left to right, with NAME's value among the definitions before it (a
 * key without a value reads as empty), else the default, else empty.
 * The process environment is not consulted, so a scan means the same on
 * every machine. */

/* Memo of the first c at or after a position of v (see find_q). */
static size_t next_c(const char *v, size_t n, size_t from, char c, size_t *memo)
{
    if (*memo != NONE && *memo >= from)
        return *memo;
    const char *q = from < n ? memchr(v + from, c, n - from) : NULL;
    *memo = q ? (size_t)(q - v) : n;
    return *memo;
}

typedef struct brace {
    size_t at, end;       /* the whole ${...}                    */
    size_t name_s, name_e;
    size_t def_s, def_e;  /* def_s NONE: no default              */
} brace;

typedef struct brace_iter {
    const char *v;
    size_t n, pos;
    size_t m_close, m_colon; /* memos for next_c */
} brace_iter;

/* The next ${NAME[:-default]} (NAME = [^}:]*, default = [^}]*) at or
 * after it->pos, as re.finditer finds them. */
static bool brace_next(brace_iter *it, brace *b)
{
    const char *v = it->v;
    const size_t n = it->n;
    for (size_t k = it->pos; k + 1 < n; k++) {
        const char *dollar = memchr(v + k, '$', n - 1 - k);
        if (!dollar)
            break;
        k = (size_t)(dollar - v);
        if (v[k + 1] != '{')
            continue;
        size_t close = next_c(v, n, k + 2, '}', &it->m_close);
        if (close >= n)
            break; /* no '}' left: nothing further can match */
        size_t colon = next_c(v, n, k + 2, ':', &it->m_colon);
        b->at = k;
        b->name_s = k + 2;
        if (close < colon) {
            b->name_e = close;
            b->def_s = b->def_e = NONE;
            b->end = close + 1;
        } else if (colon + 1 < n && v[colon + 1] == '-') {
            size_t e = next_c(v, n, colon + 2, '}', &it->m_close);
            if (e >= n)
                break;
            b->name_e = colon;
            b->def_s = colon + 2;
            b->def_e = e;
            b->end = e + 1;
        } else {
            continue;
        }
        it->pos = b->end;
        return true;
    }
    it->pos = n;
    return false;
}

/* Report each ${...} written in a value as a reference record. */
static bool collect_brace_refs(parser *p, es_vec *refs)
{
    for (size_t k = 0; k < p->defs.len; k++) {
        def *d = &ES_VEC_AT(&p->defs, def, k);
        brace_iter it = {.v = (const char *)p->s, .n = d->raw_e, .pos = d->raw_s,
                         .m_close = NONE, .m_colon = NONE};
        brace b;
        while (brace_next(&it, &b)) {
            size_t nl = b.name_e - b.name_s;
            envscan_record *nr = es_vec_push(refs);
            char *key = nr ? es_arena_strndup(p->out->arena, it.v + b.name_s, nl) : NULL;
            if (!key)
                return false;
            seek_line(p, b.at);
            *nr = (envscan_record){.key = key, .key_len = nl, .file = p->out->file,
                                   .line = p->line, .column = (uint32_t)(b.at - p->lstart + 1),
                                   .format = (uint16_t)p->out->format, .kind = ENVSCAN_KIND_REFERENCE};
            if (keys_last(p, (const uint8_t *)it.v + b.name_s, nl) == NONE)
                nr->flags = ENVSCAN_RECORD_UNRESOLVED;
            if (b.def_s != NONE) /* ${X:-d} */
                nr->flags |= ENVSCAN_RECORD_DEFAULTED;
        }
    }
    return true;
}

static void interpolate_braces(parser *p, size_t first)
{
    es_vec *rv = p->out->records;
    size_t nrec = rv->len - first;
    es_vec refs;
    es_vec_init(&refs, sizeof(envscan_record));
    sbuf out = {0};
    for (size_t i = 0; i < nrec && !p->oom; i++) {
        envscan_record *r = &ES_VEC_AT(rv, envscan_record, first + i);
        if (!r->value || !memmem(r->value, r->value_len, "${", 2))
            continue;
        brace_iter it = {.v = r->value, .n = r->value_len, .m_close = NONE, .m_colon = NONE};
        brace b;
        size_t cursor = 0;
        bool ok = true, changed = false;
        out.n = 0;
        while (ok && brace_next(&it, &b)) {
            ok = sb_put(&out, r->value + cursor, b.at - cursor);
            size_t j = keys_last_before(p, r->value + b.name_s, b.name_e - b.name_s, i);
            const envscan_record *src = j == NONE ? NULL : &ES_VEC_AT(rv, envscan_record, first + j);
            if (src)
                ok = ok && (!src->value || sb_put(&out, src->value, src->value_len));
            else if (b.def_s != NONE)
                ok = ok && sb_put(&out, r->value + b.def_s, b.def_e - b.def_s);
            cursor = b.end;
            changed = true;
        }
        ok = ok && sb_put(&out, r->value + cursor, r->value_len - cursor);
        char *a = ok && changed ? es_arena_strndup(p->out->arena, out.p ? out.p : "", out.n) : NULL;
        if (!ok || (changed && !a)) {
            p->oom = true;
            break;
        }
        if (changed) {
            r->value = a;
            r->value_len = out.n;
        }
    }
    free(out.p);
    if (!p->oom && !collect_brace_refs(p, &refs))
        p->oom = true;
    if (!p->oom)
        merge_refs(p, first, &refs);
    es_vec_free(&refs);
}

/* Make ws->tmp the normalised copy of data (see normalise). */
static int normalise_text(const dialect *d, es_parse_ws *ws, const uint8_t *data, size_t len,
                          es_sink *out, const uint8_t **s, size_t *n)
{
    if (d->invalid_utf8_fails) /* finds nothing when only '\r' was the cause */
        report_invalid_utf8(out, data, len);
    if (len > (SIZE_MAX - 64) / 3)
        return ENVSCAN_E_NOMEM;
    size_t need = len * 3 + 64;
    if (need > ws->tmp_cap) {
        uint8_t *t = realloc(ws->tmp, need);
        RETURN_IF(!t, ENVSCAN_E_NOMEM);
        ws->tmp = t;
        ws->tmp_cap = need;
    }
    *n = normalise(data, len, ws->tmp);
    *s = ws->tmp;
    return ENVSCAN_OK;
}

int es_dotenv_parse(const es_parse_opts *o, es_parse_ws *ws,
                    const uint8_t *data, size_t len, es_sink *out)
{
    const dialect *d = dialect_get(o->dialect);
    RETURN_IF(!d, ENVSCAN_E_UNSUPPORTED);
    const size_t first = out->records->len;
    /* Reserve room for a record per 40 bytes up front: big reservations
     * are mapped, so untouched room costs nothing, and growing by copy
     * (or remap) in the middle of a big file is avoided. */
    if (len / 40 > 64)
        es_vec_reserve(out->records, first + len / 40);
    /* A text with a '\r' or invalid UTF-8 is parsed from a normalised
     * copy. Checking a big text for that first would be a pass through
     * memory of its own, so the parse checks each window as stage 1
     * indexes it (from its crhigh masks; the bytes, then in cache, only
     * when those show a '\r' or a byte >= 0x80), and the slow paths, which
     * may look anywhere ahead, check the whole rest before they run. When
     * a byte needs normalising, what was parsed is dropped (records,
     * diagnostics, their arena memory) and the parse starts over on the
     * copy: early in the text for "\r\n" line ends, which show on the
     * first line. Collecting --fix edits, which are not dropped as
     * easily, checks the whole text first. */
    bool lazy = !o->fix;
    const uint8_t *text = data;
    size_t tlen = len;
    if (!lazy && needs_normalise(data, len))
        FORWARD_IF_ERROR(normalise_text(d, ws, data, len, out, &text, &tlen));
    const size_t diags0 = out->diags->len, nrec0 = out->n_records;
    const size_t nref0 = out->n_refs, nuse0 = out->n_uses;
    const es_arena_mark mark = es_arena_mark_get(out->arena);
    es_lint lint;
    es_lint_port port;
    const bool portability = o->lint & (1u << ES_LINT_PORTABILITY);
    /* parses twice more, each dialect with lint off */
    const bool port_failed = portability && es_lint_port_find(&port, o, data, len) < 0;
    parser p;
    es_vec_init(&p.defs, sizeof(def));
    for (;;) {
        es_vec defs = p.defs;
        p = (parser){.s = text, .n = tlen, .out = out, .ws = ws, .o = o, .d = d, .line = 1,
                     .defs = defs, .qm = {{NONE, NONE}, {NONE, NONE}}, .qkey = {NONE, NONE},
                     .last_esc = {NONE - 1, NONE - 1}, .first = first,
                     .clean = lazy ? 0 : tlen, .oom = port_failed};
        p.x.s = p.s;
        p.x.n = p.n;
        p.x.k = o->kernels;
        ws->kh_len = ws->n_hashes = 0;
        if (o->lint || o->fix) {
            es_lint_begin(&lint, p.s, p.n, o->lint, out);
            lint.fix = o->fix;
            lint.po = o;
            lint.ws = ws;
            p.lint = &lint;
            if (portability && !port_failed)
                es_lint_set_diffs(&lint, port.diffs.data, port.diffs.len);
        }

        const uint8_t *s = p.s;
        const size_t n = p.n;
        size_t L = 0;
        while (L < n && !p.oom && !p.cancelled) {
            L = fast_run(&p, L);
            if (L >= n)
                break;
            if (p.clean < n) {
                p.clean = clean_until(s, n, p.clean, n);
                if (p.clean == NONE) {
                    p.dirty = true;
                    break;
                }
            }
            if (d->grammar == GRAMMAR_STATEMENTS) {
                L = stmt_step(&p, L);
                continue;
            }
            match m;
            size_t P;
            if (match_at(s, n, L, &m, &P)) {
                emit_match(&p, &m);
                if (p.lint)
                    lint_match(&p, &m, P);
                if (m.end >= n)
                    break;
                L = m.end + term_len(s, n, m.end);
            } else {
                report_skipped(&p, P);
                size_t t = next_term(s, n, P);
                if (t >= n)
                    break;
                L = t + term_len(s, n, t);
            }
        }
        if (!p.dirty || p.oom || p.cancelled)
            break;
        /* start over on the normalised text */
        out->records->len = first;
        out->diags->len = diags0;
        out->n_records = nrec0;
        out->n_refs = nref0;
        out->n_uses = nuse0;
        es_arena_release(out->arena, mark);
        p.defs.len = 0;
        lazy = false;
        int rc = normalise_text(d, ws, data, len, out, &text, &tlen);
        if (rc != ENVSCAN_OK) {
            if (portability)
                es_lint_port_free(&port);
            es_vec_free(&p.defs);
            return rc;
        }
    }
    if (p.cancelled || es_parse_cancelled(o)) {
        if (portability)
            es_lint_port_free(&port);
        es_vec_free(&p.defs);
        return ENVSCAN_E_CANCELLED;
    }
    if (p.lint && !p.oom)
        es_lint_end(p.lint);
    if (portability)
        es_lint_port_free(&port);
    if (!p.oom && !keys_sort(&p, o->expand))
        p.oom = true;
    if (!p.oom && o->expand) {
        if (d->interp == INTERP_BRACES)
            interpolate_braces(&p, first);
        else
            expand_all(&p, first);
    }
    es_vec_free(&p.defs);
    return (p.oom || out->oom) ? ENVSCAN_E_NOMEM : ENVSCAN_OK;
}
