/*
 * lex.c — just enough of each language's lexical grammar to tell code
 * from comments and string literals, forward only.
 *
 * The state is a stack of frames: the file's code at the bottom, a string
 * literal above the code that opened it, and above a string the code of
 * an expression embedded in it (`${...}` in JavaScript templates and
 * Kotlin/Scala strings, `{...}` in Python f-strings and C# $-strings,
 * `#{...}` in Ruby, `{$...}` in PHP), which counts its braces to know
 * where it ends. Comments and the openers of literals are consumed whole;
 * the bytes of a literal up to its end or its next embedded expression
 * too. A query for a byte inside such a span is answered "not code"
 * (es_lex_code_at), so only bytes of code are ever stopped at.
 *
 * What each language gets (docs/usage.md has the user's view):
 *   JS/TS   // and block comments, '' "" (end at a newline), `` with ${}, regular
 *           expression literals where an operand is expected
 *   Python  #, '' "" ''' """, prefixes r b u f (f: {} embeds, {{ }} not)
 *   Go      // and block comments, "" and '' (end at a newline), `` raw
 *   Java    // and block comments, "" '' (end at a newline), """ text blocks
 *   Kotlin  as Java with nesting block comments and ${} in every string
 *   Scala   as Kotlin, ${} only after an interpolator (s"", f"", id"")
 *   C#      // and block comments, "" '', @"" (""), $"" {}, """ raw (any count)
 *   Ruby    #, =begin/=end, '' "" `` (#{} in "" ``), %q() %w[] ... (no
 *           embedding), heredocs <<ID <<-ID <<~ID (bodies are strings)
 *   PHP     HTML until <?php or <?=, ?> back to HTML, // # block comments,
 *           '' "" `` ({$ embeds in "" ``), heredoc/nowdoc <<<ID
 *   Rust    // nesting block comments, "" r"" r#""# b"" c"", '' character
 *           literals told from lifetimes
 *   C/C++   // (continued by a backslash) block comments, "" '' (end at a
 *           newline), R"d(...)d", digit separators 1'000
 * Unterminated literals and comments run to the end of the file (or of
 * the line, for the single-line kinds above): a typo costs one line, or
 * the rest of the file, never a crash.
 */
#include <string.h>

#include "usage.h"

enum { LXF_CODE = 1, LXF_STR, LXF_HEREDOC };
enum { LXI_NONE = 0, LXI_DOLLAR, LXI_BRACE, LXI_HASH, LXI_PHP };

static bool is_word(uint8_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c >= 0x80;
}

static bool slash_comments(es_ulang l)
{
    return l != UL_PY && l != UL_RUBY;
}

static bool hash_comments(es_ulang l)
{
    return l == UL_PY || l == UL_RUBY || l == UL_PHP;
}

static bool nested_comments(es_ulang l)
{
    return l == UL_RUST || l == UL_KOTLIN || l == UL_SCALA;
}

static bool has_regex(es_ulang l)
{
    return l == UL_JS || l == UL_RUBY;
}

void es_lex_init(es_lexer *lx, es_ulang lang, const uint8_t *p, size_t n)
{
    memset(lx, 0, sizeof *lx);
    lx->p = p;
    lx->n = n;
    lx->lang = lang;
    lx->html = lang == UL_PHP;
    lx->nframes = 1;
    lx->f[0].kind = LXF_CODE;
    static const char always[] = "\"'`/#{}\n";
    for (const char *c = always; *c; c++)
        lx->special[(uint8_t)*c] = 1;
    if (lang == UL_PHP)
        lx->special['?'] = lx->special['<'] = 1;
    if (lang == UL_RUBY)
        lx->special['='] = lx->special['%'] = lx->special['<'] = 1;
}

/* ---------------------------------------------------------------- frames */

static es_lx_frame *top(es_lexer *lx)
{
    return &lx->f[lx->nframes - 1];
}

/* Open a string literal whose body starts at pos. A full stack (only
 * reachable by deeply nested embeddings) keeps the literal unopened. */
static void push_str(es_lexer *lx, size_t body, uint8_t quote, uint8_t nq, uint8_t interp,
                     bool esc, bool eol)
{
    lx->pos = body;
    if (lx->nframes == ES_LX_FRAMES)
        return;
    es_lx_frame *f = &lx->f[lx->nframes++];
    memset(f, 0, sizeof *f);
    f->kind = LXF_STR;
    f->quote = quote;
    f->nq = nq;
    f->interp = interp;
    f->esc = esc;
    f->eol = eol;
}

/* Code embedded in a string: only while there is room for a string above
 * it, so that a quote in code always finds a frame. */
static void push_code(es_lexer *lx, size_t at)
{
    lx->pos = at;
    if (lx->nframes + 2 > ES_LX_FRAMES)
        return;
    es_lx_frame *f = &lx->f[lx->nframes++];
    memset(f, 0, sizeof *f);
    f->kind = LXF_CODE;
}

/* ---------------------------------------------------------------- code */

static size_t line_end(const es_lexer *lx, size_t i)
{
    const uint8_t *nl = memchr(lx->p + i, '\n', lx->n - i);
    return nl ? (size_t)(nl - lx->p) : lx->n;
}

/* A line comment starting at pos: up to its newline (kept, so that a
 * pending heredoc still starts there). C continues it after a
 * backslash-newline; PHP ends it at ?>. */
static void line_comment(es_lexer *lx)
{
    size_t i = lx->pos;
    for (;;) {
        size_t e = line_end(lx, i);
        if (lx->lang == UL_PHP) {
            for (size_t k = i; k + 1 < e; k++)
                if (lx->p[k] == '?' && lx->p[k + 1] == '>') {
                    lx->pos = k; /* the code state handles ?> */
                    return;
                }
        }
        if (lx->lang == UL_C && e < lx->n) {
            size_t b = e;
            if (b > i && lx->p[b - 1] == '\r')
                b--;
            if (b > i && lx->p[b - 1] == '\\') {
                i = e + 1;
                continue;
            }
        }
        lx->pos = e;
        return;
    }
}

static void block_comment(es_lexer *lx)
{
    const bool nest = nested_comments(lx->lang);
    size_t depth = 1, i = lx->pos + 2;
    while (i + 1 < lx->n) {
        if (lx->p[i] == '*' && lx->p[i + 1] == '/') {
            i += 2;
            if (--depth == 0) {
                lx->pos = i;
                return;
            }
        } else if (nest && lx->p[i] == '/' && lx->p[i + 1] == '*') {
            depth++;
            i += 2;
        } else {
            i++;
        }
    }
    lx->pos = lx->n;
}

/* The byte before `i` that is not white space, or 0 at the start. */
static uint8_t prev_sig(const es_lexer *lx, size_t i, size_t *at)
{
    size_t k = i, lim = i > 256 ? i - 256 : 0;
    while (k > lim && (lx->p[k - 1] == ' ' || lx->p[k - 1] == '\t' || lx->p[k - 1] == '\n' ||
                       lx->p[k - 1] == '\r'))
        k--;
    if (at)
        *at = k;
    return k > 0 ? lx->p[k - 1] : 0;
}

/* Where an operand is expected, '/' starts a regular expression. */
static bool operand_expected(const es_lexer *lx, size_t i)
{
    size_t k;
    uint8_t c = prev_sig(lx, i, &k);
    if (c == 0)
        return true;
    if (c == ')' || c == ']' || c == '}' || c == '"' || c == '\'' || c == '`')
        return false;
    if (!is_word(c) && c != '$')
        return true;
    size_t s = k;
    while (s > 0 && k - s < 16 && is_word(lx->p[s - 1]))
        s--;
    static const char *const kw[] = {"return", "typeof", "case", "do", "else", "in",
                                     "of", "new", "delete", "void", "throw", "instanceof",
                                     "yield", "await", "if", "unless", "when", "and",
                                     "or", "not", "puts", "elsif", "while", "until"};
    for (size_t j = 0; j < sizeof kw / sizeof kw[0]; j++)
        if (strlen(kw[j]) == k - s && memcmp(kw[j], lx->p + s, k - s) == 0)
            return true;
    return false;
}

/* A regular expression literal at pos: to its unescaped '/' outside a
 * [class], or to the end of the line. */
static void regex_literal(es_lexer *lx)
{
    size_t i = lx->pos + 1;
    bool cls = false;
    while (i < lx->n && lx->p[i] != '\n') {
        uint8_t c = lx->p[i];
        if (c == '\\') {
            i += 2;
            continue;
        }
        if (c == '[')
            cls = true;
        else if (c == ']')
            cls = false;
        else if (c == '/' && !cls) {
            i++;
            break;
        }
        i++;
    }
    lx->pos = i < lx->n ? i : lx->n;
}

/* The identifier characters right before `q` (at most 3): a literal's
 * prefix. Sets *len; returns its start. */
static size_t prefix_of(const es_lexer *lx, size_t q, size_t *len)
{
    size_t s = q;
    while (s > 0 && q - s < 4 && is_word(lx->p[s - 1]))
        s--;
    if (q - s == 4 || (s > 0 && is_word(lx->p[s - 1]))) {
        *len = 5; /* longer than any prefix */
        return s;
    }
    *len = q - s;
    return s;
}

static bool prefix_letters(const es_lexer *lx, size_t s, size_t n, const char *allowed)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t c = lx->p[s + i] | 0x20;
        if (!strchr(allowed, c))
            return false;
    }
    return true;
}

static size_t run_of(const es_lexer *lx, size_t i, uint8_t c)
{
    size_t k = i;
    while (k < lx->n && lx->p[k] == c)
        k++;
    return k - i;
}

/* A character literal at pos ('x', '\n', '\u{1F600}')? Sets its end. Used
 * where '\'' also starts lifetimes (Rust) or symbols (Scala). */
static bool char_literal(const es_lexer *lx, size_t *end)
{
    size_t i = lx->pos + 1;
    if (i >= lx->n || lx->p[i] == '\n')
        return false;
    if (lx->p[i] == '\\') {
        for (size_t k = i + 2; k < lx->n && k < i + 14 && lx->p[k] != '\n'; k++)
            if (lx->p[k] == '\'') {
                *end = k + 1;
                return true;
            }
        return false;
    }
    size_t k = i + 1;
    while (k < lx->n && k < i + 4 && (lx->p[k] & 0xc0) == 0x80) /* rest of a UTF-8 char */
        k++;
    if (k < lx->n && lx->p[k] == '\'' && lx->p[i] != '\'') {
        *end = k + 1;
        return true;
    }
    return false;
}

/* A quote byte in code at pos: open the literal it starts, if any. */
static void open_quote(es_lexer *lx)
{
    const size_t q = lx->pos;
    const uint8_t c = lx->p[q];
    size_t plen, ps = prefix_of(lx, q, &plen);
    const size_t triple = run_of(lx, q, c);
    size_t end;
    if (c == '`' && (lx->lang == UL_PY || lx->lang == UL_CSHARP || lx->lang == UL_RUST ||
                     lx->lang == UL_C)) {
        lx->pos++; /* not a quote in these languages */
        return;
    }
    switch (lx->lang) {
    case UL_JS:
        if (c == '`')
            push_str(lx, q + 1, c, 1, LXI_DOLLAR, true, false);
        else
            push_str(lx, q + 1, c, 1, LXI_NONE, true, true);
        return;
    case UL_PY: {
        const bool f = plen <= 2 && prefix_letters(lx, ps, plen, "rbuf") &&
                       (memchr(lx->p + ps, 'f', plen) || memchr(lx->p + ps, 'F', plen));
        const uint8_t in = f ? LXI_BRACE : LXI_NONE;
        if (triple >= 3)
            push_str(lx, q + 3, c, 3, in, true, false);
        else
            push_str(lx, q + 1, c, 1, in, true, true);
        return;
    }
    case UL_GO:
        if (c == '`')
            push_str(lx, q + 1, c, 1, LXI_NONE, false, false);
        else
            push_str(lx, q + 1, c, 1, LXI_NONE, true, true);
        return;
    case UL_JAVA:
    case UL_KOTLIN:
    case UL_SCALA: {
        if (c == '`') { /* quoted identifier */
            push_str(lx, q + 1, c, 1, LXI_NONE, false, true);
            return;
        }
        if (c == '\'') {
            if (lx->lang == UL_SCALA && !char_literal(lx, &end)) {
                lx->pos++;
                return;
            }
            push_str(lx, q + 1, c, 1, LXI_NONE, true, true);
            return;
        }
        /* Kotlin embeds in every string; Scala after an interpolator
         * (any identifier right before the quote) */
        const uint8_t in = lx->lang == UL_KOTLIN || (lx->lang == UL_SCALA && plen > 0)
                               ? LXI_DOLLAR
                               : LXI_NONE;
        if (triple >= 3) /* raw in Kotlin and Scala; Java's text blocks escape */
            push_str(lx, q + 3, c, 3, in, lx->lang == UL_JAVA, false);
        else
            push_str(lx, q + 1, c, 1, in, true, true);
        return;
    }
    case UL_CSHARP: {
        if (c == '\'') {
            push_str(lx, q + 1, c, 1, LXI_NONE, true, true);
            return;
        }
        bool verbatim = false, interp = false;
        for (size_t k = q; k > 0 && q - k < 4 && (lx->p[k - 1] == '@' || lx->p[k - 1] == '$');
             k--) {
            verbatim |= lx->p[k - 1] == '@';
            interp |= lx->p[k - 1] == '$';
        }
        uint8_t in = interp ? LXI_BRACE : LXI_NONE;
        if (triple >= 3) {
            push_str(lx, q + triple, c, (uint8_t)(triple > 255 ? 255 : triple), in, false,
                     false);
            return;
        }
        if (triple == 2 && !verbatim) { /* "" is an empty string */
            lx->pos = q + 2;
            return;
        }
        push_str(lx, q + 1, c, 1, in, !verbatim, !verbatim);
        if (verbatim && lx->nframes > 1)
            top(lx)->dbl = 1;
        return;
    }
    case UL_RUBY:
        push_str(lx, q + 1, c, 1, c == '\'' ? LXI_NONE : LXI_HASH, true, false);
        return;
    case UL_PHP:
        push_str(lx, q + 1, c, 1, c == '\'' ? LXI_NONE : LXI_PHP, true, false);
        return;
    case UL_RUST: {
        if (c == '\'') {
            if (char_literal(lx, &end))
                lx->pos = end;
            else
                lx->pos++; /* a lifetime or a label */
            return;
        }
        size_t h = 0; /* r#"...: the '#'s sit between the prefix and the quote */
        while (q - h > 0 && lx->p[q - h - 1] == '#')
            h++;
        size_t rl, rs = prefix_of(lx, q - h, &rl);
        bool raw = rl >= 1 && rl <= 2 && (lx->p[rs + rl - 1] == 'r') &&
                   (rl == 1 || lx->p[rs] == 'b' || lx->p[rs] == 'c');
        if (raw) {
            push_str(lx, q + 1, c, 1, LXI_NONE, false, false);
            if (lx->nframes > 1)
                top(lx)->hashes = h;
        } else {
            push_str(lx, q + 1, c, 1, LXI_NONE, true, false);
        }
        return;
    }
    case UL_C:
        if (c == '\'') {
            if (plen > 0 && plen < 5 && lx->p[ps] >= '0' && lx->p[ps] <= '9') {
                lx->pos++; /* 1'000'000 */
                return;
            }
            if (plen == 5 && q > 0 && is_word(lx->p[q - 1])) {
                size_t s = q; /* a long number: find where it starts */
                while (s > 0 && is_word(lx->p[s - 1]))
                    s--;
                if (lx->p[s] >= '0' && lx->p[s] <= '9') {
                    lx->pos++;
                    return;
                }
            }
            push_str(lx, q + 1, c, 1, LXI_NONE, true, true);
            return;
        }
        if (plen >= 1 && plen <= 3 && lx->p[q - 1] == 'R' &&
            prefix_letters(lx, ps, plen - 1, "u8l")) {
            size_t d = q + 1;
            while (d < lx->n && d - q <= 17 && lx->p[d] != '(' && lx->p[d] != '"' &&
                   lx->p[d] != '\n' && lx->p[d] != ' ' && lx->p[d] != '\\')
                d++;
            if (d < lx->n && lx->p[d] == '(' && d - q <= 17) {
                push_str(lx, d + 1, ')', 1, LXI_NONE, false, false);
                if (lx->nframes > 1) {
                    top(lx)->d0 = q + 1;
                    top(lx)->dn = d - q - 1;
                }
                return;
            }
        }
        push_str(lx, q + 1, c, 1, LXI_NONE, true, true);
        return;
    default:
        lx->pos++;
        return;
    }
}

/* ------------------------------------------------------------ heredocs */

static bool at_line_start(const es_lexer *lx, size_t i)
{
    return i == 0 || lx->p[i - 1] == '\n';
}

/* A newline in code: the first heredoc its line opened starts here. */
static void start_pending(es_lexer *lx)
{
    if (!lx->npending)
        return;
    if (lx->nframes < ES_LX_FRAMES)
        lx->f[lx->nframes++] = lx->pending[0];
    memmove(lx->pending, lx->pending + 1, --lx->npending * sizeof *lx->pending);
}

/* Ruby <<ID, <<-ID, <<~ID (ID may be quoted) at pos: queue its body for
 * the next line. Returns false when this is the << operator. */
static bool ruby_heredoc(es_lexer *lx)
{
    size_t i = lx->pos + 2;
    bool indent = false;
    if (i < lx->n && (lx->p[i] == '~' || lx->p[i] == '-')) {
        indent = true;
        i++;
    }
    uint8_t q = 0;
    if (i < lx->n && (lx->p[i] == '\'' || lx->p[i] == '"' || lx->p[i] == '`'))
        q = lx->p[i++];
    size_t s = i;
    while (i < lx->n && is_word(lx->p[i]))
        i++;
    if (i == s || (lx->p[s] >= '0' && lx->p[s] <= '9'))
        return false;
    if (!indent && !q && !(lx->p[s] >= 'A' && lx->p[s] <= 'Z'))
        return false;
    if (q) {
        if (i >= lx->n || lx->p[i] != q)
            return false;
        i++;
    }
    if (!indent && !q && !operand_expected(lx, lx->pos) && lx->pos > 0 &&
        lx->p[lx->pos - 1] != ' ' && lx->p[lx->pos - 1] != '(')
        return false;
    if (lx->npending < ES_LX_HEREDOCS) {
        es_lx_frame *h = &lx->pending[lx->npending++];
        memset(h, 0, sizeof *h);
        h->kind = LXF_HEREDOC;
        h->indent = indent;
        h->d0 = s;
        h->dn = (q ? i - 1 : i) - s;
    }
    lx->pos = i;
    return true;
}

/* PHP <<<ID, <<<"ID", <<<'ID' at pos: the body starts at the next line. */
static bool php_heredoc(es_lexer *lx)
{
    size_t i = lx->pos + 3;
    while (i < lx->n && (lx->p[i] == ' ' || lx->p[i] == '\t'))
        i++;
    uint8_t q = 0;
    if (i < lx->n && (lx->p[i] == '\'' || lx->p[i] == '"'))
        q = lx->p[i++];
    size_t s = i;
    while (i < lx->n && is_word(lx->p[i]))
        i++;
    if (i == s)
        return false;
    size_t e = i;
    if (q) {
        if (i >= lx->n || lx->p[i] != q)
            return false;
        i++;
    }
    size_t nl = line_end(lx, i);
    push_str(lx, nl < lx->n ? nl + 1 : nl, 0, 0, LXI_NONE, false, false);
    if (lx->nframes > 1 && top(lx)->kind == LXF_STR) {
        es_lx_frame *f = top(lx);
        f->kind = LXF_HEREDOC;
        f->php = 1;
        f->indent = 1;
        f->d0 = s;
        f->dn = e - s;
    }
    return true;
}

/* Inside a heredoc at the start of a line: the terminator, or skip it. */
static void heredoc_line(es_lexer *lx)
{
    es_lx_frame *f = top(lx);
    size_t i = lx->pos, e = line_end(lx, i);
    size_t k = i;
    if (f->indent)
        while (k < e && (lx->p[k] == ' ' || lx->p[k] == '\t'))
            k++;
    bool term = e - k >= f->dn && memcmp(lx->p + k, lx->p + f->d0, f->dn) == 0;
    if (term) {
        size_t after = k + f->dn;
        if (f->php) {
            term = after >= lx->n || !is_word(lx->p[after]);
        } else {
            while (after < e && (lx->p[after] == ' ' || lx->p[after] == '\t' ||
                                 lx->p[after] == '\r'))
                after++;
            term = after == e;
        }
        if (term) {
            lx->nframes--;
            lx->pos = f->php ? k + f->dn : (e < lx->n ? e + 1 : e);
            if (!f->php) /* the next heredoc opened on that line */
                start_pending(lx);
            return;
        }
    }
    lx->pos = e < lx->n ? e + 1 : e;
}

/* Ruby %q(...), %w[...], %(...) ... at pos (no embedding is followed). */
static bool ruby_percent(es_lexer *lx)
{
    size_t i = lx->pos + 1;
    if (i < lx->n && strchr("qQwWiIrsx", lx->p[i]) && lx->p[i])
        i++;
    if (i >= lx->n || !operand_expected(lx, lx->pos))
        return false;
    uint8_t d = lx->p[i];
    static const char open[] = "([{<", close[] = ")]}>";
    const char *o = strchr(open, d);
    if (d == 0 || (!o && (is_word(d) || d == ' ' || d == '\n' || d == '\t' || d == '\r' ||
                          d == '=')))
        return false;
    push_str(lx, i + 1, o ? (uint8_t)close[o - open] : d, 1, LXI_NONE, true, false);
    if (o && lx->nframes > 1)
        top(lx)->open = d;
    return true;
}

/* A byte of code at pos that the special[] table marks. */
static void code_byte(es_lexer *lx)
{
    const size_t i = lx->pos;
    const uint8_t c = lx->p[i], d = i + 1 < lx->n ? lx->p[i + 1] : 0;
    es_lx_frame *f = top(lx);
    switch (c) {
    case '\n':
        lx->pos++;
        start_pending(lx);
        return;
    case '/':
        if (d == '/' && slash_comments(lx->lang))
            line_comment(lx);
        else if (d == '*' && slash_comments(lx->lang))
            block_comment(lx);
        else if (has_regex(lx->lang) && operand_expected(lx, i))
            regex_literal(lx);
        else
            lx->pos++;
        return;
    case '#':
        if (hash_comments(lx->lang) && !(lx->lang == UL_PHP && d == '['))
            line_comment(lx);
        else
            lx->pos++;
        return;
    case '"':
    case '\'':
    case '`':
        open_quote(lx);
        return;
    case '{':
        if (lx->nframes > 1)
            f->depth++;
        lx->pos++;
        return;
    case '}':
        lx->pos++;
        if (lx->nframes > 1) {
            if (f->depth == 0)
                lx->nframes--; /* back into the string */
            else
                f->depth--;
        }
        return;
    case '?':
        if (d == '>') {
            lx->html = true;
            lx->pos += 2;
            return;
        }
        break;
    case '<':
        if (lx->lang == UL_PHP && d == '<' && i + 2 < lx->n && lx->p[i + 2] == '<' &&
            php_heredoc(lx))
            return;
        if (lx->lang == UL_RUBY && d == '<' && ruby_heredoc(lx))
            return;
        break;
    case '=':
        if (at_line_start(lx, i) && lx->n - i >= 6 && memcmp(lx->p + i, "=begin", 6) == 0 &&
            (i + 6 == lx->n || !is_word(lx->p[i + 6]))) {
            size_t k = line_end(lx, i);
            while (k < lx->n) {
                k++;
                if (lx->n - k >= 4 && memcmp(lx->p + k, "=end", 4) == 0 &&
                    (k + 4 == lx->n || !is_word(lx->p[k + 4]))) {
                    k = line_end(lx, k);
                    break;
                }
                k = line_end(lx, k);
            }
            lx->pos = k;
            return;
        }
        break;
    case '%':
        if (ruby_percent(lx))
            return;
        break;
    default:
        break;
    }
    lx->pos++;
}

/* ------------------------------------------------------------- strings */

/* Inside a string literal at pos: go to its end or its next embedded
 * expression, as one span. */
static void string_span(es_lexer *lx)
{
    es_lx_frame *f = top(lx);
    size_t i = lx->pos;
    const uint8_t q = f->quote;
    while (i < lx->n) {
        const uint8_t c = lx->p[i];
        if (c == '\\' && f->esc) {
            i += 2;
            continue;
        }
        if (c == '\n' && f->eol) {
            lx->nframes--;
            lx->pos = i;
            return;
        }
        if (f->open && c == f->open) {
            f->depth++;
        } else if (c == q) {
            if (f->open && f->depth > 0) {
                f->depth--;
                i++;
                continue;
            }
            if (f->dn) { /* C++ raw: )delim" */
                if (lx->n - i - 1 > f->dn && memcmp(lx->p + i + 1, lx->p + f->d0, f->dn) == 0 &&
                    lx->p[i + 1 + f->dn] == '"') {
                    lx->nframes--;
                    lx->pos = i + 2 + f->dn;
                    return;
                }
                i++;
                continue;
            }
            if (q == ')' && !f->open) { /* C++ raw without delimiter: )" */
                if (i + 1 < lx->n && lx->p[i + 1] == '"') {
                    lx->nframes--;
                    lx->pos = i + 2;
                    return;
                }
                i++;
                continue;
            }
            size_t r = run_of(lx, i, q);
            if (f->dbl && r >= 2 && f->nq == 1) {
                i += 2; /* "" inside @"..." */
                continue;
            }
            if (r >= f->nq) {
                size_t end = i + r; /* extra quotes before the closing run are content */
                if (f->hashes) {
                    if (r == 1 && run_of(lx, i + 1, '#') >= f->hashes) {
                        lx->nframes--;
                        lx->pos = i + 1 + f->hashes;
                        return;
                    }
                    i++;
                    continue;
                }
                lx->nframes--;
                lx->pos = f->nq == 1 ? i + 1 : end;
                return;
            }
            i += r;
            continue;
        } else if (f->interp != LXI_NONE) {
            const uint8_t d = i + 1 < lx->n ? lx->p[i + 1] : 0;
            switch (f->interp) {
            case LXI_DOLLAR:
                if (c == '$' && d == '$' && lx->lang == UL_SCALA) {
                    i += 2;
                    continue;
                }
                if (c == '$' && d == '{') {
                    push_code(lx, i + 2);
                    return;
                }
                break;
            case LXI_HASH:
                if (c == '#' && d == '{') {
                    push_code(lx, i + 2);
                    return;
                }
                break;
            case LXI_BRACE:
                if (c == '{' && d == '{') {
                    i += 2;
                    continue;
                }
                if (c == '{') {
                    push_code(lx, i + 1);
                    return;
                }
                break;
            case LXI_PHP:
                if (c == '{' && d == '$') {
                    push_code(lx, i + 1);
                    return;
                }
                if (c == '$' && d == '{') {
                    push_code(lx, i + 2);
                    return;
                }
                break;
            }
        }
        i++;
    }
    lx->pos = lx->n; /* unterminated: to the end */
}

/* PHP outside its tags: find the next <?php, <?= or <? + space. */
static void html_span(es_lexer *lx)
{
    size_t i = lx->pos;
    while (i + 1 < lx->n) {
        const uint8_t *lt = memchr(lx->p + i, '<', lx->n - i - 1);
        if (!lt)
            break;
        i = (size_t)(lt - lx->p);
        if (lx->p[i + 1] == '?') {
            size_t k = i + 2;
            if (lx->n - k >= 3 && (lx->p[k] | 0x20) == 'p' && (lx->p[k + 1] | 0x20) == 'h' &&
                (lx->p[k + 2] | 0x20) == 'p')
                k += 3;
            else if (k < lx->n && lx->p[k] == '=')
                k++;
            lx->html = false;
            lx->pos = k;
            return;
        }
        i++;
    }
    lx->pos = lx->n;
}

/* ------------------------------------------------------------- driver */

bool es_lex_code_at(es_lexer *lx, size_t t)
{
    while (lx->pos < t) {
        if (lx->html) {
            html_span(lx);
            continue;
        }
        es_lx_frame *f = top(lx);
        if (f->kind == LXF_STR) {
            string_span(lx);
            continue;
        }
        if (f->kind == LXF_HEREDOC) {
            heredoc_line(lx);
            continue;
        }
        const uint8_t *sp = lx->special;
        size_t i = lx->pos;
        while (i < t && !sp[lx->p[i]])
            i++;
        lx->pos = i;
        if (i < t)
            code_byte(lx);
    }
    return lx->pos == t && !lx->html && top(lx)->kind == LXF_CODE;
}
