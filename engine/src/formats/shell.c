/*
 * shell.c — shell scripts (sh, bash, zsh, ksh, .envrc, .profile, rc files).
 *
 * We do not run the script; we read it as the shell's parser does, far
 * enough to know which words are assignments and where variables are
 * expanded. The reader is a recursive-descent lexer over the whole buffer:
 *
 *   list     := commands up to the end of the file, or up to the ')' that
 *               closes a `$(`, or the '`' that closes a backquote
 *   command  := [assignment | redirection]* [word [word | redirection]*]
 *   word     := runs of plain bytes, '...', "...", $'...', \x, $NAME,
 *               ${...}, $(...), $((...)), `...`
 *
 * Records
 *   - An assignment word (NAME=value, unquoted NAME) at command position is
 *     a definition. Assignments written before a command word (`A=1 cmd`)
 *     live in that command's environment only: their scope is
 *     "command <word>". Others have no scope.
 *   - `export`, `readonly`, `declare`, `typeset` and `local` followed by
 *     NAME=value define NAME (flag export for `export` and for `-x`);
 *     `export NAME` / `declare -x NAME` alone is a passthrough definition
 *     (no value, flags export + passthrough).
 *   - NAME+=value appends: the value is written as "${NAME}value".
 *   - `$NAME`, `${NAME...}` and `${#NAME}` outside single quotes, comments
 *     and quoted-delimiter here-documents are usages (kind usage, position
 *     of the name). Special and positional parameters are not variables.
 * Values
 *   - The text after quote removal: '...' literal; "..." with \\ \" \$ \`
 *     and backslash-newline; unquoted \x is x; $'...' (bash, zsh, ksh
 *     files only) with its C escapes. Expansions are not evaluated: `$X`,
 *     `${X:-d}` stay as written; a value holding `$(...)` or `...` keeps
 *     it as written and is flagged templated.
 * What is not read, and says so
 *   - An unterminated quote, expansion or here-document: a warning, and no
 *     definition from the word it broke.
 *   - Nesting deeper than MAX_DEPTH: an error, and the rest of the file is
 *     not read (a bound on stack use for hostile input).
 *   - CRLF line ends: a warning (the shell keeps the CR in values; here it
 *     is read as the line end).
 * Arrays (`A=(1 2)`) are not environment variables: no record.
 */
#include <stdlib.h>
#include <string.h>

#include "lines.h"

#define MAX_DEPTH 64
#define SCOPE_WORD_MAX 64

typedef struct heredoc {
    const char *delim; /* in the arena */
    size_t dlen;
    bool strip_tabs; /* <<- */
    bool quoted;     /* no expansion in the body */
    size_t at;       /* where the << is, for diagnostics */
} heredoc;

typedef struct sh {
    const uint8_t *s;
    size_t n;
    es_sink *out;
    es_lc lc;
    es_buf buf;     /* value of the word being read */
    bool ansi_c;    /* $'...' is a quote (bash, zsh, ksh) */
    int depth;      /* recursion depth */
    int nodefs;     /* > 0 inside $(...) and `...`: usages only */
    int in_bq;      /* > 0 inside `...`: an unescaped ` closes it */
    bool stop;      /* the rest of the file is not read */
    es_vec docs;    /* pending here-documents */
} sh;

/* A word as read: its raw span and facts gathered while reading it. */
typedef struct word {
    size_t start, end;
    size_t vbase; /* its value is p->buf.data[vbase .. p->buf.len): words
                     read inside it (in $(...)) stack above and are gone
                     when it is done */
    bool quoted, subst, multiline, broken;
} word;

static size_t parse_list(sh *p, size_t i, uint8_t closer);
static size_t skip_dollar(sh *p, size_t i, bool build);
static size_t skip_backquote(sh *p, size_t i, bool build, word *w);

/* ------------------------------------------------------------ reporting */

static void diag(sh *p, envscan_severity sev, const char *code, size_t at, const char *fmt,
                 const char *what)
{
    uint32_t line, col;
    es_lc_at(&p->lc, at, &line, &col);
    es_sink_diag(p->out, sev, code, line, col, 0, fmt, what);
}

static void usage(sh *p, size_t at, size_t len, uint32_t flags)
{
    uint32_t line, col;
    es_lc_at(&p->lc, at, &line, &col);
    es_sink_record(p->out, ENVSCAN_KIND_USAGE, (const char *)p->s + at, len, NULL, 0, line,
                   col, flags);
}

/* Returns false (and stops the file) when nesting is too deep. */
static bool enter(sh *p, size_t at)
{
    if (p->stop)
        return false;
    if (++p->depth <= MAX_DEPTH)
        return true;
    diag(p, ENVSCAN_SEVERITY_ERROR, "too-deep", at,
         "%s: nesting deeper than 64 levels; the rest of the file is not read", "shell");
    p->stop = true;
    return false;
}

static inline bool is_blank(uint8_t c) { return c == ' ' || c == '\t'; }

/* A CR that ends a line (followed by LF). */
static inline bool cr_eol(const sh *p, size_t i)
{
    return p->s[i] == '\r' && i + 1 < p->n && p->s[i + 1] == '\n';
}

/* Bytes that end an unquoted word. */
static inline bool is_meta(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' ||
           c == '<' || c == '>' || c == '(' || c == ')';
}

/* ---------------------------------------------------------- expansions */

/* Skip a '...' at i (i on the quote); returns the position after it, or
 * n when unterminated. Appends the content when building. */
static size_t skip_squote(sh *p, size_t i, bool build, word *w)
{
    const uint8_t *q = memchr(p->s + i + 1, '\'', p->n - i - 1);
    size_t end = q ? (size_t)(q - p->s) : p->n;
    if (build)
        es_buf_put(&p->buf, p->s + i + 1, end - i - 1);
    if (w && memchr(p->s + i + 1, '\n', end - i - 1))
        w->multiline = true;
    if (!q) {
        diag(p, ENVSCAN_SEVERITY_WARNING, "unterminated-quote", i,
             "%s quote never closed: the rest of the file is inside it", "single");
        if (w)
            w->broken = true;
        return p->n;
    }
    return end + 1;
}

static int hexval(uint8_t c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
}

/* $'...' at i (on the '$'): bash's C escapes. */
static size_t skip_ansi_c(sh *p, size_t i, bool build, word *w)
{
    size_t j = i + 2;
    while (j < p->n && p->s[j] != '\'') {
        uint8_t c = p->s[j];
        if (c == '\n' && w)
            w->multiline = true;
        if (c != '\\' || j + 1 >= p->n) {
            if (build)
                es_buf_putc(&p->buf, c);
            j++;
            continue;
        }
        uint8_t e = p->s[j + 1];
        const char *from = "abefnrtv\\'\"?", *to = "\a\b\x1b\f\n\r\t\v\\'\"?";
        const char *k = e ? strchr(from, e) : NULL;
        j += 2;
        if (k) {
            if (build)
                es_buf_putc(&p->buf, (uint8_t)to[k - from]);
        } else if (e >= '0' && e <= '7') { /* up to three octal digits */
            unsigned v = (unsigned)(e - '0');
            for (int d = 0; d < 2 && j < p->n && p->s[j] >= '0' && p->s[j] <= '7'; d++)
                v = v * 8 + (unsigned)(p->s[j++] - '0');
            if (build)
                es_buf_putc(&p->buf, (uint8_t)v);
        } else if (e == 'x' || e == 'u' || e == 'U') {
            int maxd = e == 'x' ? 2 : e == 'u' ? 4 : 8, d = 0;
            uint32_t v = 0;
            for (; d < maxd && j < p->n && hexval(p->s[j]) >= 0; d++)
                v = v * 16 + (uint32_t)hexval(p->s[j++]);
            if (!d) {
                if (build) {
                    es_buf_putc(&p->buf, '\\');
                    es_buf_putc(&p->buf, e);
                }
            } else if (e == 'x') {
                if (build)
                    es_buf_putc(&p->buf, (uint8_t)v);
            } else if (build && v < 0x110000) {
                uint8_t u8[4];
                es_buf_put(&p->buf, u8, es_utf8_put(v, u8));
            }
        } else if (e == 'c' && j < p->n) { /* control character */
            if (build)
                es_buf_putc(&p->buf, (uint8_t)(p->s[j] & 0x1F));
            j++;
        } else if (build) {
            es_buf_putc(&p->buf, '\\');
            es_buf_putc(&p->buf, e);
        }
    }
    if (j >= p->n) {
        diag(p, ENVSCAN_SEVERITY_WARNING, "unterminated-quote", i,
             "%s quote never closed: the rest of the file is inside it", "$'...'");
        if (w)
            w->broken = true;
        return p->n;
    }
    return j + 1;
}

/* "..." at i: appends the content after quote removal (expansions as
 * written) when building; emits usages. */
static size_t skip_dquote(sh *p, size_t i, bool build, word *w)
{
    size_t j = i + 1;
    while (j < p->n && !p->stop) {
        uint8_t c = p->s[j];
        if (c == '"')
            return j + 1;
        if (c == '\\' && j + 1 < p->n) {
            uint8_t e = p->s[j + 1];
            if (e == '\n') { /* line continuation: both go */
                j += 2;
                continue;
            }
            if (e == '\r' && j + 2 < p->n && p->s[j + 2] == '\n') {
                j += 3;
                continue;
            }
            if (build) {
                if (e != '$' && e != '`' && e != '"' && e != '\\')
                    es_buf_putc(&p->buf, '\\');
                es_buf_putc(&p->buf, e);
            }
            j += 2;
            continue;
        }
        if (c == '$') {
            size_t e = skip_dollar(p, j, build);
            if (w && e > j + 1 && p->s[j + 1] == '(' && !(e > j + 2 && p->s[j + 2] == '('))
                w->subst = true;
            j = e;
            continue;
        }
        if (c == '`') {
            if (p->in_bq)
                return j; /* an unescaped ` closes the enclosing `...` */
            j = skip_backquote(p, j, build, w);
            continue;
        }
        if (c == '\n' && w)
            w->multiline = true;
        if (build)
            es_buf_putc(&p->buf, c);
        j++;
    }
    if (!p->stop)
        diag(p, ENVSCAN_SEVERITY_WARNING, "unterminated-quote", i,
             "%s quote never closed: the rest of the file is inside it", "double");
    if (w)
        w->broken = true;
    return p->n;
}

/* `...` at i: its content is a command list; usages only. The raw text is
 * appended when building (not evaluated). */
static size_t skip_backquote(sh *p, size_t i, bool build, word *w)
{
    if (w)
        w->subst = true;
    if (!enter(p, i))
        return p->n;
    p->nodefs++;
    p->in_bq++;
    size_t end = parse_list(p, i + 1, '`');
    p->in_bq--;
    p->nodefs--;
    p->depth--;
    if (end > p->n) {
        if (!p->stop)
            diag(p, ENVSCAN_SEVERITY_WARNING, "unterminated-expansion", i,
                 "%s never closed: the rest of the file is inside it", "backquote");
        if (w)
            w->broken = true;
        end = p->n;
    }
    if (build)
        es_buf_put(&p->buf, p->s + i, end - i);
    return end;
}

/* The body of ${...} or $((...)) after its opening, up to the closer
 * (`}` or the "))" pair): quotes, escapes and nested expansions are
 * skipped; usages are emitted. Returns the position after the closer, or
 * n + 1 when unterminated. */
static size_t skip_body(sh *p, size_t j, bool arith)
{
    int parens = 0;
    while (j < p->n && !p->stop) {
        uint8_t c = p->s[j];
        if (c == '\\') {
            j += 2;
            continue;
        }
        if (!arith && c == '}')
            return j + 1;
        if (arith && c == '(')
            parens++;
        if (arith && c == ')') {
            if (parens == 0)
                return (j + 1 < p->n && p->s[j + 1] == ')') ? j + 2 : p->n + 1;
            parens--;
        }
        if (c == '\'' && !arith) {
            const uint8_t *q = memchr(p->s + j + 1, '\'', p->n - j - 1);
            j = q ? (size_t)(q - p->s) + 1 : p->n;
            continue;
        }
        if (c == '"') {
            j = skip_dquote(p, j, false, NULL);
            continue;
        }
        if (c == '$') {
            j = skip_dollar(p, j, false);
            continue;
        }
        if (c == '`') {
            j = skip_backquote(p, j, false, NULL);
            continue;
        }
        j++;
    }
    return p->n + 1;
}

/* Is c a special parameter ($@ $* $# $? $- $$ $! $0..$9)? */
static inline bool is_special(uint8_t c)
{
    return (c >= '0' && c <= '9') || c == '@' || c == '*' || c == '#' || c == '?' ||
           c == '-' || c == '$' || c == '!';
}

/* A '$' at i, outside single quotes: returns the position after what it
 * introduces. Appends the raw text when building. */
static size_t skip_dollar(sh *p, size_t i, bool build)
{
    size_t n = p->n, end;
    if (i + 1 >= n) {
        end = n;
    } else if (p->s[i + 1] == '{') {
        if (!enter(p, i))
            return n;
        size_t k = i + 2;
        /* ${#NAME} is a length; ${!NAME} an indirection; ${#} ${!} specials */
        if (k < n && (p->s[k] == '#' || p->s[k] == '!') && es_name_len(p->s, n, k + 1))
            k++;
        size_t nl = es_name_len(p->s, n, k);
        if (nl) /* ${NAME:-word}, ${NAME:=word}: a fallback when unset */
            usage(p, k, nl,
                  es_brace_default(p->s, n, k + nl, false) ? ENVSCAN_RECORD_DEFAULTED : 0);
        end = skip_body(p, k + nl, false);
        p->depth--;
        if (end > n) {
            if (!p->stop)
                diag(p, ENVSCAN_SEVERITY_WARNING, "unterminated-expansion", i,
                     "%s never closed: the rest of the file is inside it", "${");
            end = n;
        }
    } else if (p->s[i + 1] == '(') {
        if (!enter(p, i))
            return n;
        bool arith = i + 2 < n && p->s[i + 2] == '(';
        if (arith) {
            end = skip_body(p, i + 3, true);
        } else {
            p->nodefs++;
            int bq = p->in_bq;
            p->in_bq = 0;
            end = parse_list(p, i + 2, ')');
            p->in_bq = bq;
            p->nodefs--;
        }
        p->depth--;
        if (end > n) {
            if (!p->stop)
                diag(p, ENVSCAN_SEVERITY_WARNING, "unterminated-expansion", i,
                     "%s never closed: the rest of the file is inside it",
                     arith ? "$((" : "$(");
            end = n;
        }
    } else {
        size_t nl = es_name_len(p->s, n, i + 1);
        if (nl)
            usage(p, i + 1, nl, 0);
        end = i + 1 + (nl ? nl : is_special(p->s[i + 1]) ? 1 : 0);
    }
    if (build)
        es_buf_put(&p->buf, p->s + i, end - i);
    return end;
}

/* ---------------------------------------------------------------- words */

/* Read the word at i into w (its value in p->buf after quote removal). */
static size_t read_word(sh *p, size_t i, word *w)
{
    *w = (word){.start = i, .vbase = p->buf.len};
    size_t n = p->n;
    while (i < n && !p->stop) {
        uint8_t c = p->s[i];
        if (is_meta(c) || cr_eol(p, i)) {
            /* bash's NAME=(...) array and <(...) >(...) are part of a word */
            if (c == '(' && i > w->start && p->s[i - 1] == '=') {
                if (!enter(p, i))
                    break;
                p->nodefs++;
                i = parse_list(p, i + 1, ')');
                p->nodefs--;
                p->depth--;
                if (i > n && !p->stop) {
                    diag(p, ENVSCAN_SEVERITY_WARNING, "unterminated-expansion", w->start,
                         "%s never closed: the rest of the file is inside it", "array (");
                    w->broken = true;
                }
                continue;
            }
            break;
        }
        if (c == '\\') {
            if (i + 1 < n && p->s[i + 1] == '\n') {
                i += 2;
                continue;
            }
            if (i + 2 < n && p->s[i + 1] == '\r' && p->s[i + 2] == '\n') {
                i += 3;
                continue;
            }
            w->quoted = true;
            if (i + 1 < n)
                es_buf_putc(&p->buf, p->s[i + 1]);
            i += 2;
            continue;
        }
        if (c == '\'') {
            w->quoted = true;
            i = skip_squote(p, i, true, w);
        } else if (c == '"') {
            w->quoted = true;
            i = skip_dquote(p, i, true, w);
        } else if (c == '$' && i + 1 < n && p->s[i + 1] == '\'' && p->ansi_c) {
            w->quoted = true;
            i = skip_ansi_c(p, i, true, w);
        } else if (c == '$' && i + 1 < n && p->s[i + 1] == '"' && p->ansi_c) {
            w->quoted = true; /* $"..." is a translated "..." */
            i = skip_dquote(p, i + 1, true, w);
        } else if (c == '$') {
            size_t e = skip_dollar(p, i, true);
            if (e > i + 1 && p->s[i + 1] == '(' && !(e > i + 2 && p->s[i + 2] == '('))
                w->subst = true;
            i = e;
        } else if (c == '`') {
            if (p->in_bq)
                break; /* closes the enclosing `...` */
            i = skip_backquote(p, i, true, w);
        } else {
            es_buf_putc(&p->buf, c);
            i++;
        }
    }
    w->end = i > n ? n : i;
    return w->end;
}

static inline const char *wval(const sh *p, const word *w) { return p->buf.data + w->vbase; }
static inline size_t wlen(const sh *p, const word *w) { return p->buf.len - w->vbase; }
/* Forget the value of w (and of anything read after it). */
static inline void wdone(sh *p, const word *w) { p->buf.len = w->vbase; }

/* The word's value equals the text t. */
static bool word_is(sh *p, const word *w, const char *t)
{
    size_t l = strlen(t);
    return !w->quoted && wlen(p, w) == l && memcmp(wval(p, w), t, l) == 0;
}

/* The word is an option: unquoted, starting with c. */
static bool word_opt(sh *p, const word *w, char c)
{
    return !w->quoted && wlen(p, w) && wval(p, w)[0] == c;
}

/* Length of "NAME" when the word starts with an unquoted NAME= or NAME+=
 * (sets *append for +=), else 0. */
static size_t assign_name(sh *p, const word *w, bool *append)
{
    size_t nl = es_name_len(p->s, w->end, w->start);
    *append = false;
    if (!nl)
        return 0;
    size_t e = w->start + nl;
    if (e < w->end && p->s[e] == '=')
        return nl;
    if (e + 1 < w->end && p->s[e] == '+' && p->s[e + 1] == '=') {
        *append = true;
        return nl;
    }
    return 0;
}

/* Emit the definition written by assignment word w; returns false when the
 * word is not one. */
static bool define(sh *p, const word *w, uint32_t flags)
{
    bool append;
    size_t nl = assign_name(p, w, &append);
    if (!nl || p->nodefs)
        return nl != 0;
    if (w->broken)
        return true;
    if (w->end > w->start + nl + 1 + append && p->s[w->start + nl + 1 + append] == '(')
        return true; /* an array */
    /* the value: what follows "NAME=" in the built word (the name and the
     * '=' are plain bytes, so they were copied as they are) */
    size_t skip = nl + 1 + (append ? 1 : 0);
    const char *v = wval(p, w) + skip;
    size_t vl = wlen(p, w) - skip;
    if (w->quoted)
        flags |= ENVSCAN_RECORD_QUOTED;
    if (w->subst)
        flags |= ENVSCAN_RECORD_TEMPLATED;
    if (w->multiline)
        flags |= ENVSCAN_RECORD_MULTILINE;
    uint32_t line, col;
    es_lc_at(&p->lc, w->start, &line, &col);
    if (append) { /* NAME+=v is NAME=${NAME}v */
        v = es_arena_printf(p->out->arena, "${%.*s}%.*s", (int)nl,
                            (const char *)p->s + w->start, (int)vl, v);
        if (!v) {
            p->out->oom = true;
            return true;
        }
        vl = strlen(v); /* the value holds no NUL: it came from the text */
    }
    es_sink_record(p->out, ENVSCAN_KIND_DEFINITION, (const char *)p->s + w->start, nl, v, vl,
                   line, col, flags);
    return true;
}

/* A name alone after `export` / `declare -x`: passed through. */
static void passthrough(sh *p, const word *w, uint32_t flags)
{
    size_t nl = es_name_len(p->s, w->end, w->start);
    if (!nl || nl != w->end - w->start || p->nodefs)
        return;
    uint32_t line, col;
    es_lc_at(&p->lc, w->start, &line, &col);
    es_sink_record(p->out, ENVSCAN_KIND_DEFINITION, (const char *)p->s + w->start, nl, NULL, 0, line, col,
                   flags | ENVSCAN_RECORD_PASSTHROUGH);
}

/* ----------------------------------------------------------- here-docs */

static void queue_heredoc(sh *p, size_t at, bool strip)
{
    heredoc *d = es_vec_push(&p->docs);
    if (!d) {
        p->out->oom = true;
        return;
    }
    d->at = at;
    d->strip_tabs = strip;
}

/* Scan an unquoted here-document line for usages: $ and ` expand, \ escapes. */
static size_t scan_doc_text(sh *p, size_t j, size_t end)
{
    while (j < end && !p->stop) {
        uint8_t c = p->s[j];
        if (c == '\\')
            j += 2;
        else if (c == '$')
            j = skip_dollar(p, j, false);
        else if (c == '`')
            j = skip_backquote(p, j, false, NULL);
        else
            j++;
    }
    return j;
}

/* Read the bodies of the pending here-documents, which start at i (just
 * after a newline). Returns where the script goes on. */
static size_t read_heredocs(sh *p, size_t i)
{
    for (size_t k = 0; k < p->docs.len && !p->stop; k++) {
        heredoc d = ES_VEC_AT(&p->docs, heredoc, k);
        bool found = false;
        while (i < p->n) {
            size_t ls = i;
            if (d.strip_tabs)
                while (ls < p->n && p->s[ls] == '\t')
                    ls++;
            const uint8_t *nl = memchr(p->s + i, '\n', p->n - i);
            size_t le = nl ? (size_t)(nl - p->s) : p->n;
            size_t te = le > ls && p->s[le - 1] == '\r' ? le - 1 : le;
            if (d.delim && te - ls == d.dlen && memcmp(p->s + ls, d.delim, d.dlen) == 0) {
                i = nl ? le + 1 : p->n;
                found = true;
                break;
            }
            size_t next = nl ? le + 1 : p->n;
            if (!d.quoted) {
                size_t e = scan_doc_text(p, i, le);
                if (e > next) /* an expansion ran over lines */
                    next = e;
            }
            i = next;
        }
        if (!found && !p->stop)
            diag(p, ENVSCAN_SEVERITY_WARNING, "unterminated-heredoc", d.at,
                 "here-document '%s' never ends: the rest of the file is its body",
                 d.delim ? d.delim : "");
    }
    p->docs.len = 0;
    return i;
}

/* ------------------------------------------------------------- commands */

typedef enum cmode {
    M_START,  /* command position: assignments, then a command word */
    M_ARGS,   /* arguments of an ordinary command                   */
    M_DECL,   /* arguments of export / declare / ...                 */
    M_ENV     /* arguments of env: NAME=value before the command   */
} cmode;

typedef struct cmd {
    cmode mode;
    size_t first_def;  /* index of the first record of this command   */
    bool has_prefix;   /* assignments were written before the command */
    bool is_export;    /* export, or declare -x                       */
    bool skip_args;    /* export -n / -f, declare -f, -a ...          */
} cmd;

static const char *const reserved_cmdpos[] = {
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "{", "}", "!",
    "time", "esac", NULL};

static bool in_list(sh *p, const word *w, const char *const *l)
{
    for (; *l; l++)
        if (word_is(p, w, *l))
            return true;
    return false;
}

/* Give the assignments before a command word the scope "command WORD". */
static void scope_prefix(sh *p, cmd *c, const word *w)
{
    size_t wl = wlen(p, w), len = wl < SCOPE_WORD_MAX ? wl : SCOPE_WORD_MAX;
    const char *scope = es_arena_printf(p->out->arena, "command %.*s%s", (int)len,
                                        wval(p, w), wl > SCOPE_WORD_MAX ? "..." : "");
    if (!scope) {
        p->out->oom = true;
        return;
    }
    envscan_record *r = p->out->records->data;
    for (size_t k = c->first_def; k < p->out->records->len; k++)
        if (r[k].kind == ENVSCAN_KIND_DEFINITION)
            r[k].scope = scope;
}

static void new_command(sh *p, cmd *c)
{
    *c = (cmd){.mode = M_START, .first_def = p->out->records->len};
}

/* Options of a declaration command: -x exports, -n/-f/-F/-a/-A make the
 * names something other than exported scalars. */
static void decl_option(sh *p, cmd *c, const word *w)
{
    const char *o = wval(p, w);
    if (o[0] != '-')
        return; /* +x removes an attribute */
    for (size_t k = 1; k < wlen(p, w); k++) {
        if (o[k] == 'x')
            c->is_export = true;
        else if (strchr("nfFaA", o[k]))
            c->skip_args = true;
    }
}

/* A case statement: at i, right after `in` or `;;`, read patterns up to
 * their ')' and return where the commands start; *esac when `esac` ends
 * the statement instead. */
static size_t case_patterns(sh *p, size_t i, bool *esac)
{
    *esac = false;
    for (;;) {
        while (i < p->n && (is_blank(p->s[i]) || p->s[i] == '\n' || p->s[i] == '\r'))
            i++;
        if (i < p->n && p->s[i] == '#') {
            const uint8_t *nl = memchr(p->s + i, '\n', p->n - i);
            i = nl ? (size_t)(nl - p->s) : p->n;
            continue;
        }
        break;
    }
    if (i + 4 <= p->n && memcmp(p->s + i, "esac", 4) == 0 &&
        (i + 4 == p->n || is_meta(p->s[i + 4]))) {
        *esac = true;
        return i + 4;
    }
    if (i < p->n && p->s[i] == '(')
        i++;
    while (i < p->n && !p->stop && p->s[i] != ')') {
        if (is_blank(p->s[i]) || p->s[i] == '|' || p->s[i] == '\n') {
            i++;
            continue;
        }
        word w;
        size_t e = read_word(p, i, &w);
        wdone(p, &w);
        i = e > i ? e : i + 1;
    }
    return i < p->n ? i + 1 : p->n;
}

/* What a list remembers between words. */
typedef struct lstate {
    cmd c;
    int cases;           /* open case statements */
    bool after_case;     /* `case WORD` read, `in` to come */
    bool after_function; /* `function` read, its name to come */
} lstate;

/* A word w read at [i, e) in a list: act on it. Returns where to go on. */
static size_t command_word(sh *p, lstate *st, const word *w, size_t i, size_t e)
{
    size_t n = p->n;
    cmd *c = &st->c;
    if (e == i) /* a stray byte (or the file stopped): never loop on it */
        return i + 1;
    i = e;
    /* a number right before < or > is a file descriptor */
    if (i < n && (p->s[i] == '<' || p->s[i] == '>') && !w->quoted) {
        bool digits = true;
        for (size_t k = w->start; k < w->end && digits; k++)
            digits = p->s[k] >= '0' && p->s[k] <= '9';
        if (digits)
            return i;
    }
    if (st->after_function) { /* the name of `function NAME` */
        st->after_function = false;
        c->mode = M_START;
        return i;
    }
    if (st->after_case) {
        if (word_is(p, w, "in")) {
            st->after_case = false;
            bool esac;
            i = case_patterns(p, i, &esac);
            if (esac)
                st->cases--;
            new_command(p, c);
        }
        return i;
    }
    switch (c->mode) {
    case M_START:
        if (define(p, w, 0)) {
            c->has_prefix = true;
            return i;
        }
        if (c->has_prefix) {
            scope_prefix(p, c, w);
        } else {
            if (st->cases > 0 && word_is(p, w, "esac"))
                st->cases--;
            if (in_list(p, w, reserved_cmdpos))
                return i; /* still at command position */
            if (word_is(p, w, "case")) {
                st->cases++;
                st->after_case = true;
                c->mode = M_ARGS;
                return i;
            }
            if (word_is(p, w, "function")) {
                st->after_function = true;
                return i;
            }
        }
        c->mode = M_ARGS;
        if (word_is(p, w, "export")) {
            c->mode = M_DECL;
            c->is_export = true;
        } else if (word_is(p, w, "declare") || word_is(p, w, "typeset") ||
                   word_is(p, w, "local") || word_is(p, w, "readonly")) {
            c->mode = M_DECL;
        } else if (word_is(p, w, "env") && !c->has_prefix) {
            c->mode = M_ENV;
            c->first_def = p->out->records->len;
        }
        return i;
    case M_DECL:
        if (word_opt(p, w, '-') || word_opt(p, w, '+'))
            decl_option(p, c, w);
        else if (!c->skip_args &&
                 !define(p, w, c->is_export ? ENVSCAN_RECORD_EXPORT : 0) && c->is_export)
            passthrough(p, w, ENVSCAN_RECORD_EXPORT);
        return i;
    case M_ENV:
        /* env [-i] [-u NAME] NAME=value ... command */
        if (word_opt(p, w, '-')) {
            if (word_is(p, w, "-u")) {
                word skip;
                while (i < n && is_blank(p->s[i]))
                    i++;
                i = read_word(p, i, &skip);
                wdone(p, &skip);
            }
        } else if (!define(p, w, 0)) {
            scope_prefix(p, c, w);
            c->mode = M_ARGS;
        }
        return i;
    case M_ARGS:
        break;
    }
    return i;
}

/* Commands from i up to `closer` (0: the end of the file). Returns the
 * position after the closer, or n. */
static size_t parse_list(sh *p, size_t i, uint8_t closer)
{
    size_t n = p->n;
    lstate st = {0};
    new_command(p, &st.c);
    int parens = 0;
    while (i < n && !p->stop) {
        uint8_t ch = p->s[i];
        if (is_blank(ch)) {
            i++;
            continue;
        }
        if (ch == '\\' && i + 1 < n && p->s[i + 1] == '\n') {
            i += 2;
            continue;
        }
        if (ch == '\r' && cr_eol(p, i)) {
            i++;
            continue;
        }
        if (ch == '\n') {
            new_command(p, &st.c);
            i = read_heredocs(p, i + 1);
            continue;
        }
        if (ch == '#') {
            const uint8_t *nl = memchr(p->s + i, '\n', n - i);
            i = nl ? (size_t)(nl - p->s) : n;
            continue;
        }
        if (closer == '`' && ch == '`')
            return i + 1;
        if (ch == ')' && parens == 0 && closer == ')')
            return i + 1;
        /* operators */
        if (ch == ';' || ch == '&' || ch == '|' || ch == '(' || ch == ')') {
            bool dsemi = ch == ';' && i + 1 < n && (p->s[i + 1] == ';' || p->s[i + 1] == '&');
            if (ch == '&' && i + 1 < n && p->s[i + 1] == '>') {
                i += 2; /* &> and &>> redirect */
                if (i < n && p->s[i] == '>')
                    i++;
                goto redirect_target;
            }
            if (ch == '(' && st.c.mode == M_START && i + 1 < n && p->s[i + 1] == '(') {
                /* ((arithmetic)) command */
                if (!enter(p, i))
                    return n;
                size_t e = skip_body(p, i + 2, true);
                p->depth--;
                i = e > n ? n : e;
                continue;
            }
            if (ch == '(')
                parens++;
            if (ch == ')')
                parens--;
            new_command(p, &st.c);
            i += (i + 1 < n && (p->s[i + 1] == ch || (ch == '|' && p->s[i + 1] == '&')) &&
                  ch != '(' && ch != ')')
                     ? 2
                     : 1;
            if (dsemi && i < n && p->s[i] == '&')
                i++;
            if (dsemi && st.cases > 0) {
                bool esac;
                i = case_patterns(p, i, &esac);
                if (esac)
                    st.cases--;
            }
            continue;
        }
        if (ch == '<' || ch == '>') {
            bool heredoc_op = ch == '<' && i + 1 < n && p->s[i + 1] == '<' &&
                              !(i + 2 < n && p->s[i + 2] == '<');
            if ((ch == '<' || ch == '>') && i + 1 < n && p->s[i + 1] == '(') {
                /* process substitution <(...) >(...) */
                size_t at = i;
                if (!enter(p, i))
                    return n;
                p->nodefs++;
                i = parse_list(p, i + 2, ')');
                p->nodefs--;
                p->depth--;
                if (i > n) {
                    if (!p->stop)
                        diag(p, ENVSCAN_SEVERITY_WARNING, "unterminated-expansion", at,
                             "%s never closed: the rest of the file is inside it", "<(");
                    i = n;
                }
                if (st.c.mode == M_START)
                    st.c.mode = M_ARGS;
                continue;
            }
            if (heredoc_op) {
                bool strip = i + 2 < n && p->s[i + 2] == '-';
                size_t at = i;
                i += strip ? 3 : 2;
                while (i < n && is_blank(p->s[i]))
                    i++;
                word w;
                i = read_word(p, i, &w);
                queue_heredoc(p, at, strip);
                if (p->docs.len) {
                    heredoc *d = &ES_VEC_AT(&p->docs, heredoc, p->docs.len - 1);
                    d->quoted = w.quoted;
                    d->dlen = wlen(p, &w);
                    d->delim = es_arena_strndup(p->out->arena, wval(p, &w), d->dlen);
                    if (!d->delim)
                        p->out->oom = true;
                }
                wdone(p, &w);
                continue;
            }
            i++;
            while (i < n && (p->s[i] == '<' || p->s[i] == '>' || p->s[i] == '&' ||
                             p->s[i] == '|'))
                i++;
        redirect_target:
            while (i < n && is_blank(p->s[i]))
                i++;
            if (i < n && !is_meta(p->s[i])) {
                word w;
                i = read_word(p, i, &w);
                wdone(p, &w);
            }
            continue;
        }
        /* a word */
        word w;
        size_t e = read_word(p, i, &w);
        i = command_word(p, &st, &w, i, e);
        wdone(p, &w);
    }
    if (closer && !p->stop)
        return n + 1; /* unterminated: the caller reports it */
    return i > n ? n : i;
}

/* ------------------------------------------------------------- the file */

/* bash, zsh and ksh know $'...'; dash and POSIX sh do not. Decided by the
 * name, then by the #! line. */
static bool ansi_c_quotes(const char *file, const uint8_t *s, size_t n)
{
    const char *base = file ? strrchr(file, '/') : NULL;
    base = base ? base + 1 : file ? file : "";
    static const char *const names[] = {".bashrc", ".bash_profile", ".bash_login",
                                        ".zshrc", ".zshenv", ".zprofile", ".envrc", NULL};
    for (size_t k = 0; names[k]; k++)
        if (strcmp(base, names[k]) == 0)
            return true;
    const char *dot = strrchr(base, '.');
    if (dot && (strcmp(dot, ".bash") == 0 || strcmp(dot, ".zsh") == 0 ||
                strcmp(dot, ".ksh") == 0))
        return true;
    if (n < 2 || s[0] != '#' || s[1] != '!')
        return false;
    const uint8_t *nl = memchr(s, '\n', n);
    size_t le = nl ? (size_t)(nl - s) : n;
    return memmem(s, le, "bash", 4) || memmem(s, le, "zsh", 3) || memmem(s, le, "ksh", 3);
}

int es_shell_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data, size_t len,
                   es_sink *out)
{
    (void)o;
    sh p = {.s = data, .n = len, .out = out};
    es_buf_borrow(&p.buf, &ws->val, &ws->val_cap);
    if (p.buf.oom)
        return ENVSCAN_E_NOMEM;
    es_lc_init(&p.lc, data, len);
    es_vec_init(&p.docs, sizeof(heredoc));
    p.ansi_c = ansi_c_quotes(out->file, data, len);
    size_t first = out->records->len;
    const uint8_t *cr = len ? memmem(data, len, "\r\n", 2) : NULL;
    if (cr)
        diag(&p, ENVSCAN_SEVERITY_WARNING, "crlf", (size_t)(cr - data),
             "%s: CRLF line ends; a shell keeps the CR as part of values and words, "
             "read here as the line end",
             "shell");
    size_t end = parse_list(&p, 0, 0);
    if (p.docs.len)
        read_heredocs(&p, end);
    es_vec_free(&p.docs);
    es_buf_return(&p.buf, &ws->val, &ws->val_cap);
    if (p.buf.oom)
        out->oom = true;
    es_lines_finish(out, first, false);
    return ENVSCAN_OK;
}
