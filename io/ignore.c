/*
 * ignore.c — gitignore-syntax globs and pattern sets.
 *
 * Semantics are those gitignore(5) documents (git's wildmatch with
 * WM_PATHNAME): a line is a pattern unless blank or starting with `#`;
 * `\#` and `\!` make those characters literal; trailing spaces go unless
 * escaped with `\`; a trailing CR and a UTF-8 byte-order mark are dropped
 * as git drops them; `!` negates and the last matching line wins; a `/` at
 * the start or in the middle anchors the pattern to the directory of its
 * file, otherwise it is matched against the base name at any depth below;
 * a trailing `/` matches directories only. Where git's code differs from
 * its documentation (a `**` glued to other characters, as in `a**` followed
 * by a slash, is special in git when it is the first wildcard of an
 * anchored pattern), we follow the documentation: such a `**` is a plain
 * `*`.
 *
 * Why our own matcher: fnmatch(3) has no `**`, and a backtracking matcher
 * is exponential on patterns like `a*a*a*a*a*b`. A glob is compiled once
 * into tokens whose transitions either stay on the token (the star forms)
 * or move to the next one, so matching simulates the NFA over a bitset of
 * token positions, one text byte at a time: O(tokens x bytes) at worst, no
 * recursion, no allocation. Most real patterns never get there: plain
 * names (`node_modules`) and `*` + name (`*.log`) are compared with memcmp,
 * and the others are first filtered by their literal prefix and suffix.
 *
 * The walk's "a file in an excluded directory cannot be re-included" rule
 * needs no code here: the walk does not descend into excluded directories.
 */
#include "io_internal.h"

#include <stdlib.h>
#include <string.h>

/* ----------------------------------------------------------------- globs */

enum { T_LIT, T_ANY, T_SET, T_STAR, T_DIRS, T_ALL };
/* T_STAR: [^/]*   T_DIRS ("**" + "/"): empty, or anything ending in '/'
 * T_ALL (a final "**"): anything, '/' included.
 * T_STAR and T_ALL may end after any byte they consumed; T_DIRS may be
 * left without consuming only where it starts (later only by a '/'), so
 * its empty match is applied only to states just entered. */

typedef struct gtok {
    uint8_t op;
    uint8_t ch;   /* T_LIT */
    uint16_t set; /* T_SET: index into es_glob.set */
} gtok;

enum { G_NEVER, G_LITERAL, G_SUFFIX, G_NFA };

#define WORDS(nbits) (((nbits) + 63) / 64)

struct es_glob {
    uint8_t mode;
    uint32_t ntok;
    uint32_t npre;     /* leading T_LIT tokens          */
    uint32_t nsuf;     /* trailing T_LIT tokens, after the last wildcard */
    uint64_t *eps;     /* bit i: token i (T_STAR, T_ALL) may be left at
                          any time without consuming                     */
    uint64_t *eps_in;  /* bit i: token i (T_DIRS) may be skipped when
                          entered                                        */
    uint8_t (*set)[32];
    gtok *tok;
    char *lit;         /* lit[i] = byte of token i when it is T_LIT      */
};

static void bit_set(uint8_t set[32], unsigned c) { set[c >> 3] |= (uint8_t)(1u << (c & 7)); }
static int bit_has(const uint8_t set[32], unsigned c) { return (set[c >> 3] >> (c & 7)) & 1; }

/* `[:name:]` classes, ASCII only (git's are too). */
static int named_class(const char *nm, size_t n, uint8_t set[32])
{
    static const char *const names[] = {"alnum", "alpha", "blank", "cntrl",
                                        "digit", "graph", "lower", "print",
                                        "punct", "space", "upper", "xdigit"};
    size_t which = sizeof names / sizeof names[0];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == n && memcmp(names[i], nm, n) == 0)
            which = i;
    if (which == sizeof names / sizeof names[0])
        return 0;
    for (unsigned c = 0; c < 128; c++) {
        int lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';
        int digit = c >= '0' && c <= '9', graph = c > ' ' && c < 127;
        int alnum = lower || upper || digit;
        int in = 0;
        switch (which) {
        case 0: in = alnum; break;
        case 1: in = lower || upper; break;
        case 2: in = c == ' ' || c == '\t'; break;
        case 3: in = c < ' ' || c == 127; break;
        case 4: in = digit; break;
        case 5: in = graph; break;
        case 6: in = lower; break;
        case 7: in = graph || c == ' '; break;
        case 8: in = graph && !alnum; break;
        case 9: in = c == ' ' || (c >= '\t' && c <= '\r'); break;
        case 10: in = upper; break;
        default: in = digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); break;
        }
        if (in)
            bit_set(set, c);
    }
    return 1;
}

/* Parse the class opening at p[i] == '['. Returns the index after its ']'
 * or 0 when malformed. As in git: the first member may be ']', a '-' first
 * or last is literal, `\` escapes, and the class never matches '/'. */
static size_t parse_class(const char *p, size_t len, size_t i, uint8_t set[32])
{
    size_t k = i + 1;
    int neg = 0, prev = -1, first = 1;
    if (k < len && (p[k] == '!' || p[k] == '^')) {
        neg = 1;
        k++;
    }
    for (;;) {
        if (k >= len)
            return 0;
        unsigned char c = (unsigned char)p[k];
        if (c == ']' && !first)
            break;
        first = 0;
        if (c == '\\') {
            if (++k >= len)
                return 0;
            c = (unsigned char)p[k++];
            bit_set(set, c);
            prev = c;
        } else if (c == '-' && prev >= 0 && k + 1 < len && p[k + 1] != ']') {
            unsigned char hi = (unsigned char)p[k + 1];
            k += 2;
            if (hi == '\\') {
                if (k >= len)
                    return 0;
                hi = (unsigned char)p[k++];
            }
            for (unsigned b = (unsigned)prev; b <= hi; b++)
                bit_set(set, b);
            prev = -1;
        } else if (c == '[' && k + 1 < len && p[k + 1] == ':') {
            size_t s = k + 2, e = s;
            while (e < len && p[e] != ']')
                e++;
            if (e >= len)
                return 0;
            if (e > s && p[e - 1] == ':') {
                if (!named_class(p + s, e - 1 - s, set))
                    return 0;
                prev = -1;
                k = e + 1;
            } else { /* no ":]": the '[' is an ordinary member */
                bit_set(set, '[');
                prev = '[';
                k++;
            }
        } else {
            bit_set(set, c);
            prev = c;
            k++;
        }
    }
    if (neg)
        for (int b = 0; b < 32; b++)
            set[b] = (uint8_t)~set[b];
    set['/' >> 3] &= (uint8_t) ~(1u << ('/' & 7));
    set[0] &= (uint8_t)~1u;
    return k + 1;
}

es_glob *es_glob_compile(const char *p, size_t len)
{
    size_t ntokcap = len < ES_GLOB_MAX_TOKENS ? len : ES_GLOB_MAX_TOKENS;
    size_t nsetcap = 0;
    for (size_t i = 0; i < len && nsetcap < ntokcap; i++)
        nsetcap += p[i] == '[';
    size_t neps = WORDS(ntokcap + 1);
    es_glob *g = calloc(1, sizeof *g + 2 * neps * sizeof(uint64_t) + nsetcap * 32 +
                               ntokcap * sizeof(gtok) + ntokcap + 1);
    if (!g)
        return NULL;
    g->eps = (uint64_t *)(g + 1);
    g->eps_in = g->eps + neps;
    g->set = (uint8_t(*)[32])(g->eps_in + neps);
    g->tok = (gtok *)(g->set + nsetcap);
    g->lit = (char *)(g->tok + ntokcap);

    uint32_t nt = 0, ns = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)p[i];
        gtok t = {T_LIT, 0, 0};
        if (c == '\\') {
            if (i + 1 == len)
                goto never;
            t.ch = (uint8_t)p[i + 1];
            i += 2;
        } else if (c == '?') {
            t.op = T_ANY;
            i++;
        } else if (c == '[') {
            if (ns == nsetcap)
                goto never;
            size_t next = parse_class(p, len, i, g->set[ns]);
            if (!next)
                goto never;
            t.op = T_SET;
            t.set = (uint16_t)ns++;
            i = next;
        } else if (c == '*') {
            size_t j = i;
            while (j < len && p[j] == '*')
                j++;
            int special = j - i >= 2 && (i == 0 || p[i - 1] == '/');
            if (special && j == len) {
                t.op = T_ALL;
                i = j;
            } else if (special && p[j] == '/') {
                t.op = T_DIRS;
                i = j + 1;
            } else if (special && p[j] == '\\' && j + 1 < len && p[j + 1] == '/') {
                t.op = T_DIRS;
                i = j + 2;
            } else {
                t.op = T_STAR;
                i = j;
            }
        } else {
            t.ch = c;
            i++;
        }
        if (nt == ntokcap)
            goto never;
        g->tok[nt] = t;
        g->lit[nt] = (char)t.ch;
        if (t.op == T_STAR || t.op == T_ALL)
            g->eps[nt / 64] |= 1ull << (nt % 64);
        if (t.op == T_DIRS)
            g->eps_in[nt / 64] |= 1ull << (nt % 64);
        nt++;
    }
    g->ntok = nt;
    while (g->npre < nt && g->tok[g->npre].op == T_LIT)
        g->npre++;
    if (g->npre == nt) {
        g->mode = G_LITERAL;
        return g;
    }
    while (g->tok[nt - 1 - g->nsuf].op == T_LIT)
        g->nsuf++;
    g->mode = (g->npre == 0 && nt - g->nsuf == 1 && g->tok[0].op == T_STAR) ? G_SUFFIX : G_NFA;
    return g;
never:
    g->mode = G_NEVER;
    g->ntok = 0;
    return g;
}

void es_glob_free(es_glob *g) { free(g); }

int es_glob_never(const es_glob *g) { return g->mode == G_NEVER; }

int es_glob_match(const es_glob *g, const char *text, size_t n)
{
    switch (g->mode) {
    case G_LITERAL:
        return n == g->ntok && memcmp(text, g->lit, n) == 0;
    case G_SUFFIX:
        return n >= g->nsuf && memcmp(text + n - g->nsuf, g->lit + 1, g->nsuf) == 0 &&
               !memchr(text, '/', n - g->nsuf);
    case G_NFA:
        break;
    default:
        return 0;
    }
    size_t pre = g->npre, suf = g->nsuf, ntok = g->ntok;
    if (n < pre + suf || memcmp(text, g->lit, pre) != 0 ||
        memcmp(text + n - suf, g->lit + ntok - suf, suf) != 0)
        return 0;

    /* States 0..ntok; ntok accepts. `in` holds the states entered by the
     * last byte (or the start), the only ones whose T_DIRS may be skipped. */
    uint64_t a[WORDS(ES_GLOB_MAX_TOKENS + 1)], b[WORDS(ES_GLOB_MAX_TOKENS + 1)];
    uint64_t in[WORDS(ES_GLOB_MAX_TOKENS + 1)];
    uint64_t *cur = a, *nxt = b;
    size_t nw = WORDS(ntok + 1);
    memset(cur, 0, nw * sizeof *cur);
    memset(in, 0, nw * sizeof *in);
    cur[pre / 64] = in[pre / 64] = 1ull << (pre % 64);
    for (size_t i = pre;; i++) {
        /* Empty matches: the successor of a skippable token is live too;
         * repeat for runs of them. */
        for (int changed = 1; changed;) {
            uint64_t carry = 0;
            changed = 0;
            for (size_t w = 0; w < nw; w++) {
                uint64_t x = (cur[w] & g->eps[w]) | (in[w] & g->eps_in[w]);
                uint64_t add = ((x << 1) | carry) & ~cur[w];
                carry = x >> 63;
                if (add) {
                    cur[w] |= add;
                    in[w] |= add;
                    changed = 1;
                }
            }
        }
        if (i == n)
            return (int)((cur[ntok / 64] >> (ntok % 64)) & 1);
        unsigned char c = (unsigned char)text[i];
        uint64_t any = 0;
        memset(nxt, 0, nw * sizeof *nxt);
        memset(in, 0, nw * sizeof *in);
        for (size_t w = 0; w < nw; w++) {
            for (uint64_t bits = cur[w]; bits; bits &= bits - 1) {
                size_t k = w * 64 + (size_t)__builtin_ctzll(bits);
                if (k >= ntok)
                    continue;
                const gtok *t = &g->tok[k];
                int stay = 0, step = 0;
                switch (t->op) {
                case T_LIT: step = c == t->ch; break;
                case T_ANY: step = c != '/'; break;
                case T_SET: step = bit_has(g->set[t->set], c); break;
                case T_STAR: stay = c != '/'; break;
                case T_ALL: stay = 1; break;
                default: stay = 1; step = c == '/'; break; /* T_DIRS */
                }
                if (stay)
                    nxt[k / 64] |= 1ull << (k % 64);
                if (step) {
                    nxt[(k + 1) / 64] |= 1ull << ((k + 1) % 64);
                    in[(k + 1) / 64] |= 1ull << ((k + 1) % 64);
                }
                any |= (uint64_t)(stay | step);
            }
        }
        if (!any)
            return 0;
        uint64_t *tmp = cur;
        cur = nxt;
        nxt = tmp;
    }
}

/* ---------------------------------------------------------- pattern sets */

struct ipat {
    es_glob *g;
    uint8_t neg;      /* "!pattern"                                   */
    uint8_t dir_only; /* "pattern/"                                   */
    uint8_t anchored; /* a '/' at the start or in the middle: matched
                         against the path below the base, else against
                         the base name                                */
};

struct es_ignore {
    char *base;
    size_t baselen;
    size_t n;
    struct ipat *pat;
};

/* Length of `s` without its trailing unescaped spaces (tabs stay, as in
 * git); a backslash protects the byte after it. */
static size_t trim_trailing_spaces(const char *s, size_t n)
{
    size_t end = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ')
            continue;
        if (s[i] == '\\' && i + 1 < n)
            i++;
        end = i + 1;
    }
    return end;
}

void es_ignore_free(es_ignore *ig)
{
    if (!ig)
        return;
    for (size_t i = 0; i < ig->n; i++)
        es_glob_free(ig->pat[i].g);
    free(ig->pat);
    free(ig->base);
    free(ig);
}

es_ignore *es_ignore_compile(const char *base, const char *text, size_t len)
{
    es_ignore *ig = calloc(1, sizeof *ig);
    if (!ig)
        return NULL;
    if (!base)
        base = "";
    ig->baselen = strlen(base);
    while (ig->baselen && base[ig->baselen - 1] == '/')
        ig->baselen--;
    ig->base = malloc(ig->baselen + 1);
    if (!ig->base)
        goto oom;
    memcpy(ig->base, base, ig->baselen);
    ig->base[ig->baselen] = 0;

    if (!text)
        len = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    size_t lines = 1;
    for (const char *q = text; q && (q = memchr(q, '\n', len - (size_t)(q - text))); q++)
        lines++;
    ig->pat = calloc(lines, sizeof *ig->pat);
    if (!ig->pat)
        goto oom;

    for (size_t off = 0; off < len;) {
        const char *line = text + off;
        const char *nl = memchr(line, '\n', len - off);
        size_t l = nl ? (size_t)(nl - line) : len - off;
        off += l + 1;
        if (l && line[l - 1] == '\r')
            l--;
        if (l == 0 || line[0] == '#')
            continue;
        l = trim_trailing_spaces(line, l);
        struct ipat p = {0};
        if (l && line[0] == '!') {
            p.neg = 1;
            line++;
            l--;
        }
        if (l && line[l - 1] == '/') {
            p.dir_only = 1;
            l--;
        }
        if (memchr(line, '/', l)) {
            p.anchored = 1;
            if (line[0] == '/') {
                line++;
                l--;
            }
        }
        if (l == 0)
            continue;
        p.g = es_glob_compile(line, l);
        if (!p.g)
            goto oom;
        if (es_glob_never(p.g)) {
            es_glob_free(p.g);
            continue;
        }
        ig->pat[ig->n++] = p;
    }
    return ig;
oom:
    es_ignore_free(ig);
    return NULL;
}

es_ignore_match es_ignore_match_path(const es_ignore *ig, const char *path,
                                     size_t len, size_t name_off, int is_dir)
{
    const char *sub = path;
    size_t sublen = len;
    if (ig->baselen) {
        if (len <= ig->baselen + 1 || path[ig->baselen] != '/' ||
            memcmp(path, ig->base, ig->baselen) != 0)
            return ES_IGNORE_NONE;
        sub += ig->baselen + 1;
        sublen -= ig->baselen + 1;
    }
    for (size_t i = ig->n; i-- > 0;) {
        const struct ipat *p = &ig->pat[i];
        if (p->dir_only && !is_dir)
            continue;
        int hit = p->anchored ? es_glob_match(p->g, sub, sublen)
                              : es_glob_match(p->g, path + name_off, len - name_off);
        if (hit)
            return p->neg ? ES_IGNORE_WHITELIST : ES_IGNORE_IGNORE;
    }
    return ES_IGNORE_NONE;
}

es_ignore_match es_ignore_matches(const es_ignore *ig, const char *relpath,
                                  int is_dir)
{
    if (!ig || !relpath)
        return ES_IGNORE_NONE;
    size_t len = strlen(relpath);
    while (len && relpath[len - 1] == '/')
        len--;
    if (len == 0)
        return ES_IGNORE_NONE;
    size_t name_off = len;
    while (name_off && relpath[name_off - 1] != '/')
        name_off--;
    return es_ignore_match_path(ig, relpath, len, name_off, is_dir);
}
