/*
 * dockerfile.c — Dockerfile and Containerfile, read as BuildKit's
 * Dockerfile frontend reads them (dockerfile 1.x syntax).
 *
 *   - Parser directives (`# escape=` and `# syntax=`, `# check=`) are read
 *     only before the first instruction, comment or empty line. The escape
 *     character (\ or `) continues lines and escapes in words.
 *   - Lines end at LF (a CR before it is dropped). A line whose last
 *     non-blank byte is the escape character continues on the next one
 *     (joined as written, the escape removed); comment and empty lines
 *     inside a continuation are skipped. '#' starts a comment only as the
 *     first non-blank byte of a line.
 *   - Instruction names are case-insensitive.
 *   - Here-documents (`<<EOF`, `<<-EOF`, `<<"EOF"`) of RUN, COPY and ADD:
 *     their bodies are skipped, up to the line holding the delimiter.
 * Records
 *   - ENV NAME=value ... (several pairs) and the legacy ENV NAME value
 *     (the rest of the line is the value): definitions.
 *   - ARG NAME[=value] ...: definitions; without a value, a passthrough
 *     (the value comes from --build-arg or an earlier ARG).
 *   - `$NAME`, `${NAME}` and `${NAME<op>word}` in the instructions Docker
 *     expands itself (ADD ARG COPY ENV EXPOSE FROM LABEL STOPSIGNAL USER
 *     VOLUME WORKDIR, and those after ONBUILD): references. RUN, CMD,
 *     ENTRYPOINT, SHELL and HEALTHCHECK are not expanded by Docker (a
 *     shell does it when the container runs): nothing is read there.
 *   - ONBUILD ENV/ARG define nothing in this image: references only.
 * Values are the words after quote removal as BuildKit's lexer does it
 * ('...' literal; "..." with escapes of ", $ and the escape character;
 * elsewhere the escape character takes the next byte as it is); variable
 * expansions are kept as written, not evaluated.
 * Scope: after `FROM image AS name` the stage name, after an unnamed FROM
 * "stage N" (0-based); ARGs before the first FROM have no scope. A FROM
 * line's own references belong to the stage it starts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lines.h"

typedef struct heredoc {
    size_t at, len; /* delimiter, in the logical line */
    bool strip;     /* <<- */
} heredoc;

typedef struct df {
    es_text x;    /* x.val holds a processed word */
    uint8_t esc;  /* the escape character */
    int stages;   /* FROMs seen */
    size_t first; /* first record of the file */
} df;

static inline bool is_blank(uint8_t c) { return c == ' ' || c == '\t'; }
static inline bool is_space(uint8_t c) { return is_blank(c) || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

/* ------------------------------------------------------------ words */

/* The end of the word starting at i in t[..n): white space outside quotes
 * ends it; the escape character protects the next byte (BuildKit's
 * parseWords). */
static size_t word_end(const df *d, const uint8_t *t, size_t n, size_t i)
{
    uint8_t q = 0;
    for (; i < n; i++) {
        uint8_t c = t[i];
        if (c == d->esc && q != '\'') {
            i++;
            continue;
        }
        if (q) {
            if (c == q)
                q = 0;
        } else if (c == '\'' || c == '"') {
            q = c;
        } else if (is_space(c)) {
            break;
        }
    }
    return i < n ? i : n;
}

static void reference(df *d, size_t at, size_t len, uint32_t flags)
{
    uint32_t line, col;
    es_text_pos(&d->x, at, &line, &col);
    es_sink_record(d->x.out, ENVSCAN_KIND_REFERENCE, d->x.line.data + at, len, NULL, 0, line, col,
                   flags);
}

/* A '$' at t[i] (outside single quotes): emit the references it makes
 * (when refs) and return the position after the expansion. ${...} words
 * may nest. */
static size_t dollar(df *d, const uint8_t *t, size_t n, size_t i, bool refs, int depth)
{
    if (i + 1 >= n)
        return i + 1;
    if (t[i + 1] != '{') {
        size_t nl = es_name_len(t, n, i + 1);
        if (nl && refs)
            reference(d, i + 1, nl, 0);
        return i + 1 + nl;
    }
    size_t k = i + 2;
    size_t nl = es_name_len(t, n, k);
    if (nl && refs) /* ${NAME:-word}: a fallback when unset */
        reference(d, k, nl, es_brace_default(t, n, k + nl, false) ? ENVSCAN_RECORD_DEFAULTED : 0);
    k += nl;
    /* the rest up to the matching '}' is a word that may hold more */
    while (k < n && t[k] != '}') {
        if (t[k] == d->esc) {
            k += 2;
        } else if (t[k] == '$' && depth < 32) {
            k = dollar(d, t, n, k, refs, depth + 1);
        } else if (t[k] == '\'') {
            const uint8_t *q = memchr(t + k + 1, '\'', n - k - 1);
            k = q ? (size_t)(q - t) + 1 : n;
        } else {
            k++;
        }
    }
    if (k >= n)
        es_text_warn(&d->x, "unterminated-expansion", i, "'${' never closed in this instruction");
    return k < n ? k + 1 : n;
}

/* Quote removal of the word t[a, b) into d->x.val (expansions as written),
 * emitting references when refs. Sets *quoted. */
static void process_word(df *d, size_t a, size_t b, bool refs, bool *quoted)
{
    const uint8_t *t = (const uint8_t *)d->x.line.data;
    es_buf_reset(&d->x.val);
    uint8_t q = 0;
    for (size_t i = a; i < b;) {
        uint8_t c = t[i];
        if (q == '\'') {
            if (c == '\'')
                q = 0;
            else
                es_buf_putc(&d->x.val, c);
            i++;
        } else if (c == d->esc) {
            if (i + 1 >= b) { /* an escape at the end of a word goes */
                i++;
                continue;
            }
            uint8_t e = t[i + 1];
            if (q == '"' && e != '"' && e != '$' && e != d->esc)
                es_buf_putc(&d->x.val, c);
            es_buf_putc(&d->x.val, e);
            *quoted = true;
            i += 2;
        } else if (c == '$') {
            size_t e = dollar(d, t, b, i, refs, 0);
            es_buf_put(&d->x.val, t + i, e - i);
            i = e;
        } else if (q == '"') {
            if (c == '"')
                q = 0;
            else
                es_buf_putc(&d->x.val, c);
            i++;
        } else if (c == '\'' || c == '"') {
            q = c;
            *quoted = true;
            i++;
        } else {
            es_buf_putc(&d->x.val, c);
            i++;
        }
    }
    if (q)
        es_text_warn(&d->x, "unterminated-quote", a, "%s quote never closed in this word",
             q == '"' ? "double" : "single");
}

/* References in arguments t[a, b) (all words). */
static void scan_refs(df *d, size_t a, size_t b)
{
    const uint8_t *t = (const uint8_t *)d->x.line.data;
    for (size_t i = a; i < b;) {
        while (i < b && is_space(t[i]))
            i++;
        if (i >= b)
            break;
        size_t e = word_end(d, t, b, i);
        bool quoted = false;
        process_word(d, i, e, true, &quoted);
        i = e;
    }
}

static void define(df *d, size_t key, size_t klen, size_t va, size_t vb, bool has_value,
                   bool refs)
{
    bool quoted = false;
    if (has_value)
        process_word(d, va, vb, refs, &quoted);
    uint32_t line, col;
    es_text_pos(&d->x, key, &line, &col);
    uint32_t flags = quoted ? ENVSCAN_RECORD_QUOTED : 0;
    if (!has_value)
        flags |= ENVSCAN_RECORD_PASSTHROUGH;
    else if (memchr(d->x.val.data, '\n', d->x.val.len))
        flags |= ENVSCAN_RECORD_MULTILINE;
    es_sink_record(d->x.out, ENVSCAN_KIND_DEFINITION, d->x.line.data + key, klen,
                   has_value ? d->x.val.data : NULL, has_value ? d->x.val.len : 0, line, col, flags);
}

/* ENV and ARG arguments t[a, b). defs: emit definitions (not under
 * ONBUILD). */
static void env_or_arg(df *d, const char *ins, bool is_arg, size_t a, size_t b, bool defs)
{
    const uint8_t *t = (const uint8_t *)d->x.line.data;
    if (a >= b) {
        es_text_warn(&d->x, "syntax", a, "%s needs at least one argument; Docker refuses the file", ins);
        return;
    }
    size_t e0 = word_end(d, t, b, a);
    if (!is_arg && !memchr(t + a, '=', e0 - a)) {
        /* legacy ENV NAME value: the rest of the line is the value */
        size_t k = a;
        while (k < b && !is_space(t[k]))
            k++;
        size_t v = k;
        while (v < b && is_space(t[v]))
            v++;
        if (v >= b) {
            es_text_warn(&d->x, "syntax", a, "ENV %.*s has no value; Docker refuses the file",
                 (int)(k - a < 80 ? k - a : 80), (const char *)t + a);
            return;
        }
        if (defs)
            define(d, a, k - a, v, b, true, true);
        else
            scan_refs(d, v, b);
        return;
    }
    /* check every word first: BuildKit refuses the instruction whole */
    for (size_t i = a; i < b;) {
        size_t e = word_end(d, t, b, i);
        if (!is_arg && !memchr(t + i, '=', e - i)) {
            es_text_warn(&d->x, "syntax", i, "ENV: '%.*s' has no '='; Docker refuses the file",
                 (int)(e - i < 80 ? e - i : 80), (const char *)t + i);
            return;
        }
        for (i = e; i < b && is_space(t[i]); i++)
            ;
    }
    for (size_t i = a; i < b;) {
        size_t e = word_end(d, t, b, i);
        const uint8_t *eq = memchr(t + i, '=', e - i);
        size_t ke = eq ? (size_t)(eq - t) : e;
        if (ke == i)
            es_text_warn(&d->x, "syntax", i, "%s: a name is missing before '='", ins);
        else if (defs)
            define(d, i, ke - i, eq ? ke + 1 : e, e, eq != NULL, true);
        else if (eq)
            scan_refs(d, ke + 1, e);
        for (i = e; i < b && is_space(t[i]); i++)
            ;
    }
}

/* FROM [--flags] image [AS name]: the scope of what follows. */
static void from(df *d, size_t a, size_t b)
{
    const uint8_t *t = (const uint8_t *)d->x.line.data;
    size_t w[4][2], nw = 0;
    for (size_t i = a; i < b && nw < 4;) {
        while (i < b && is_space(t[i]))
            i++;
        if (i >= b)
            break;
        size_t e = word_end(d, t, b, i);
        if (!(t[i] == '-' && t[i + 1 < b ? i + 1 : i] == '-')) { /* skip --platform=... */
            w[nw][0] = i;
            w[nw][1] = e;
            nw++;
        }
        i = e;
    }
    const char *scope;
    if (nw >= 3 && w[1][1] - w[1][0] == 2 && (t[w[1][0]] | 0x20) == 'a' &&
        (t[w[1][0] + 1] | 0x20) == 's')
        scope = es_arena_strndup(d->x.out->arena, t + w[2][0], w[2][1] - w[2][0]);
    else
        scope = es_arena_printf(d->x.out->arena, "stage %d", d->stages);
    if (!scope)
        d->x.out->oom = true;
    d->stages++;
    d->x.out->scope = scope;
    scan_refs(d, a, b);
}

/* Delimiters of the here-documents in t[a, b): `<<[-]WORD`, WORD maybe
 * quoted. */
static size_t find_heredocs(df *d, size_t a, size_t b, heredoc *out, size_t max)
{
    const uint8_t *t = (const uint8_t *)d->x.line.data;
    size_t k = 0;
    for (size_t i = a; i + 2 < b && k < max; i++) {
        if (t[i] != '<' || t[i + 1] != '<' || (i > a && t[i - 1] == '<'))
            continue;
        size_t j = i + 2;
        bool strip = j < b && t[j] == '-';
        j += strip;
        uint8_t q = j < b && (t[j] == '"' || t[j] == '\'') ? t[j] : 0;
        j += q != 0;
        size_t s = j;
        while (j < b && (es_is_name_char(t[j]) || t[j] == '-' || t[j] == '.'))
            j++;
        if (j == s || (q && (j >= b || t[j] != q)))
            continue;
        out[k++] = (heredoc){s, j - s, strip};
        i = j;
    }
    return k;
}

/* Skip here-document bodies starting at file offset i; returns where
 * the next instruction may start. */
static size_t skip_heredocs(df *d, const heredoc *h, size_t nh, size_t i)
{
    for (size_t k = 0; k < nh; k++) {
        /* copy the delimiter: the line buffer is stable here */
        const char *delim = d->x.line.data + h[k].at;
        bool found = false;
        while (i < d->x.n && !found) {
            const uint8_t *nl = memchr(d->x.s + i, '\n', d->x.n - i);
            size_t le = nl ? (size_t)(nl - d->x.s) : d->x.n;
            size_t ls = i, te = le > i && d->x.s[le - 1] == '\r' ? le - 1 : le;
            if (h[k].strip)
                while (ls < te && d->x.s[ls] == '\t')
                    ls++;
            found = te - ls == h[k].len && memcmp(d->x.s + ls, delim, h[k].len) == 0;
            i = nl ? le + 1 : d->x.n;
        }
        if (!found)
            es_text_warn(&d->x, "unterminated-heredoc", h[k].at,
                 "here-document '%.*s' never ends: the rest of the file is its body",
                 (int)(h[k].len < 80 ? h[k].len : 80), delim);
    }
    return i;
}

/* Instructions whose arguments Docker expands. */
static const char *const expands[] = {"ADD",   "ARG",        "COPY", "ENV",    "EXPOSE", "FROM",
                                      "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR", NULL};
static const char *const others[] = {"RUN",         "CMD",  "ENTRYPOINT", "SHELL", "HEALTHCHECK",
                                     "MAINTAINER", "ONBUILD", NULL};

static int lookup(const char *const *l, const uint8_t *t, size_t len)
{
    for (int k = 0; l[k]; k++) {
        if (strlen(l[k]) != len)
            continue;
        size_t j = 0;
        while (j < len && (t[j] & 0xDF) == (uint8_t)l[k][j])
            j++;
        if (j == len)
            return k;
    }
    return -1;
}

/* One instruction in the logical line; returns the file offset after any
 * here-document bodies it has (next = after its last physical line). */
static size_t instruction(df *d, size_t next)
{
    const uint8_t *t = (const uint8_t *)d->x.line.data;
    size_t b = d->x.line.len, a = 0;
    while (a < b && is_space(t[a]))
        a++;
    while (b > a && is_space(t[b - 1]))
        b--;
    if (a == b)
        return next;
    size_t ne = a;
    while (ne < b && !is_space(t[ne]))
        ne++;
    size_t args = ne;
    while (args < b && is_space(t[args]))
        args++;
    bool onbuild = false;
    int k = lookup(expands, t + a, ne - a), o = -1;
    if (k < 0) {
        o = lookup(others, t + a, ne - a);
        if (o < 0) {
            es_text_warn(&d->x, "syntax", a, "unknown instruction '%.*s'; Docker refuses the file",
                 (int)(ne - a < 40 ? ne - a : 40), (const char *)t + a);
            return next;
        }
        if (strcmp(others[o], "ONBUILD") == 0) { /* the trigger instruction */
            onbuild = true;
            a = args;
            ne = a;
            while (ne < b && !is_space(t[ne]))
                ne++;
            for (args = ne; args < b && is_space(t[args]); args++)
                ;
            k = lookup(expands, t + a, ne - a);
        }
    }
    const char *name = k >= 0 ? expands[k] : o >= 0 ? others[o] : "";
    heredoc h[8];
    size_t nh = 0;
    if (strcmp(name, "RUN") == 0 || strcmp(name, "COPY") == 0 || strcmp(name, "ADD") == 0)
        nh = find_heredocs(d, args, b, h, 8);
    if (k >= 0) {
        if (strcmp(name, "FROM") == 0 && !onbuild)
            from(d, args, b);
        else if (strcmp(name, "ENV") == 0 || strcmp(name, "ARG") == 0)
            env_or_arg(d, name, name[0] == 'A', args, b, !onbuild);
        else
            scan_refs(d, args, b);
    }
    return nh ? skip_heredocs(d, h, nh, next) : next;
}

/* `# key=value` at the top: sets the escape character. Returns false when
 * the line is not a directive (directives end there). */
static bool directive(df *d, size_t i, size_t le)
{
    const uint8_t *s = d->x.s;
    if (i >= le || s[i] != '#')
        return false;
    size_t k = i + 1;
    while (k < le && is_blank(s[k]))
        k++;
    size_t ks = k;
    while (k < le && (es_is_name_char(s[k])))
        k++;
    size_t ke = k;
    while (k < le && is_blank(s[k]))
        k++;
    if (ke == ks || k >= le || s[k] != '=')
        return false;
    k++;
    while (k < le && is_blank(s[k]))
        k++;
    size_t ve = le;
    while (ve > k && is_space(s[ve - 1]))
        ve--;
    if (ke - ks == 6 && strncasecmp((const char *)s + ks, "escape", 6) == 0) {
        if (ve - k == 1 && (s[k] == '\\' || s[k] == '`')) {
            d->esc = s[k];
        } else {
            uint32_t line, col;
            es_lc_at(&d->x.lc, k, &line, &col);
            es_sink_diag(d->x.out, ENVSCAN_SEVERITY_WARNING, "syntax", line, col, 0,
                         "invalid escape directive '%.*s' (\\ or `); Docker refuses the file",
                         (int)(ve - k < 20 ? ve - k : 20), (const char *)s + k);
        }
    }
    return true;
}

int es_dockerfile_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data,
                        size_t len, es_sink *out)
{
    (void)o;
    df d = {.esc = '\\', .first = out->records->len};
    es_text_init(&d.x, ws, data, len, out);
    if (d.x.line.oom || d.x.val.oom) {
        es_text_done(&d.x, ws);
        return ENVSCAN_E_NOMEM;
    }
    bool directives = true, cont = false;
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3; /* a byte-order mark */
    while (i < len && !out->oom) {
        const uint8_t *nl = memchr(data + i, '\n', len - i);
        size_t le = nl ? (size_t)(nl - data) : len, next = nl ? le + 1 : len;
        if (le > i && data[le - 1] == '\r')
            le--;
        if (directives && !cont && directive(&d, i, le)) {
            i = next;
            continue;
        }
        directives = false;
        size_t f = i;
        while (f < le && is_space(data[f]))
            f++;
        if (f == le || data[f] == '#') { /* empty or comment: skipped */
            i = next;
            continue;
        }
        if (!cont)
            es_text_start(&d.x);
        size_t te = le;
        while (te > i && is_space(data[te - 1]))
            te--;
        cont = te > i && data[te - 1] == d.esc;
        es_text_piece(&d.x, i, cont ? te - 1 - i : le - i);
        if (cont && next < len) {
            i = next;
            continue;
        }
        cont = false;
        i = instruction(&d, next);
    }
    es_text_done(&d.x, ws);
    es_lines_finish(out, d.first, true);
    return ENVSCAN_OK;
}
