/*
 * properties.c — Java .properties files, read the way
 * java.util.Properties.load(Reader) reads them (JDK 17):
 *   - A natural line ends at LF, CR or CRLF. Space, tab and form feed at
 *     the start of a line are skipped; a line that is then empty is
 *     skipped; one that starts with '#' or '!' is a comment (even if it
 *     ends with a backslash).
 *   - A line ending in an odd number of backslashes continues: that
 *     backslash and the line end are dropped, and so is the white space at
 *     the start of the next line (an empty next line ends the logical
 *     line). A backslash before the end of the file is dropped. As in
 *     Java, '#' or '!' after a continued line that held only "\" starts
 *     a comment (Java tests for comments while its buffer is empty).
 *   - The key ends at the first '=', ':', space, tab or form feed not
 *     escaped by a backslash; after white space one '=' or ':' may follow;
 *     white space around it is skipped. The value is the rest of the line,
 *     trailing white space included.
 *   - In key and value, \t \n \r \f are control characters, \uXXXX is a
 *     UTF-16 code unit (a surrogate pair makes one character; a lone
 *     surrogate becomes U+FFFD, as it would on output as UTF-8), and a
 *     backslash before any other character gives that character (\= \:
 *     \# \! \\ and "\ " among them).
 * Bytes are kept as they are: a UTF-8 file reads as load(Reader) with a
 * UTF-8 reader reads it (load(InputStream) would read ISO-8859-1).
 * A malformed \uXXXX, for which Java refuses the whole file, is a
 * `config-syntax` error: the line gives no record, the rest is read.
 *
 * Records: ENVSCAN_KIND_CONFIG, key as decoded (Spring's dotted names
 * are the keys as written), value as decoded, no scope; the last of
 * duplicate keys wins. ${name} and ${name:default} in a value (Spring's
 * placeholders; name may hold '.' and '-') are references.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"

static inline bool is_ws(uint8_t c) { return c == ' ' || c == '\t' || c == '\f'; }

/* Java's loadConvert of the logical line's bytes [a, b) into out. Returns
 * false at a malformed \uXXXX, whose offset in the line is *bad. */
static bool decode(const es_cval *ln, size_t a, size_t b, es_cval *out, size_t *bad)
{
    const uint8_t *t = (const uint8_t *)ln->b.data;
    es_cval_reset(out);
    for (size_t i = a; i < b;) {
        uint8_t c = t[i];
        size_t src = ln->src[i];
        if (c != '\\') {
            es_cval_putc(out, c, src);
            i++;
            continue;
        }
        if (i + 1 >= b) { /* a lone backslash at the end: nothing */
            i++;
            continue;
        }
        c = t[i + 1];
        if (c != 'u') {
            static const char from[] = "tnrf", to[] = "\t\n\r\f";
            const char *k = strchr(from, c);
            es_cval_putc(out, k ? (uint8_t)to[k - from] : c, src);
            i += 2;
            continue;
        }
        size_t used = es_config_u_escape(t, b, i, out, src);
        if (!used) {
            *bad = i;
            return false;
        }
        i += used;
    }
    return true;
}

typedef struct props {
    const uint8_t *s;
    size_t n;
    es_sink *out;
    es_lc lc;
    es_cval line, key, val;
} props;

/* The logical line in p->line: split, decode, emit. */
static void entry(props *p, bool multi)
{
    const uint8_t *t = (const uint8_t *)p->line.b.data;
    size_t n = p->line.b.len, ke = 0, vs = n;
    bool sep = false, bs = false;
    for (; ke < n; ke++) {
        uint8_t c = t[ke];
        if (!bs && (c == '=' || c == ':')) {
            vs = ke + 1;
            sep = true;
            break;
        }
        if (!bs && is_ws(c)) {
            vs = ke + 1;
            break;
        }
        bs = c == '\\' && !bs;
    }
    for (; vs < n; vs++) {
        uint8_t c = t[vs];
        if (is_ws(c))
            continue;
        if (!sep && (c == '=' || c == ':')) {
            sep = true;
            continue;
        }
        break;
    }
    size_t bad;
    if (!decode(&p->line, 0, ke, &p->key, &bad) || !decode(&p->line, vs, n, &p->val, &bad)) {
        uint32_t line, col;
        es_lc_at(&p->lc, p->line.src[bad], &line, &col);
        es_sink_diag(p->out, ENVSCAN_SEVERITY_ERROR, "config-syntax", line, col, 0,
                     "malformed \\uXXXX escape (Java refuses the whole file); the line is "
                     "not read");
        return;
    }
    if (es_cval_oom(&p->key) || es_cval_oom(&p->val)) {
        p->out->oom = true;
        return;
    }
    uint32_t line, col;
    es_lc_at(&p->lc, p->line.src[0], &line, &col);
    if (p->key.b.len == 0) {
        /* Java keeps it under the empty key; a record needs a key */
        es_sink_diag(p->out, ENVSCAN_SEVERITY_WARNING, "config-syntax", line, col, 0,
                     "a value without a key (Java keeps it under the empty key); not reported");
        return;
    }
    es_sink_record(p->out, ENVSCAN_KIND_CONFIG, p->key.b.data, p->key.b.len, p->val.b.data,
                   p->val.b.len, line, col, multi ? ENVSCAN_RECORD_MULTILINE : 0);
    es_config_refs(p->out, &p->lc, &p->val, ES_REF_BRACE | ES_REF_DOTTED);
}

int es_properties_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *s, size_t n,
                        es_sink *out)
{
    (void)o;
    props p = {.s = s, .n = n, .out = out};
    size_t first = out->records->len;
    char *ld = NULL, *kd = NULL;
    size_t lcap = 0, kcap = 0;
    es_lc_init(&p.lc, s, n);
    es_cval_init(&p.line, &ld, &lcap);
    es_cval_init(&p.key, &kd, &kcap);
    es_cval_init(&p.val, &ws->val, &ws->val_cap);
    size_t i = 0;
    while (i < n && !out->oom) {
        while (i < n && (is_ws(s[i]) || s[i] == '\r' || s[i] == '\n'))
            i++;
        if (i >= n)
            break;
        if (s[i] == '#' || s[i] == '!') {
            while (i < n && s[i] != '\n' && s[i] != '\r')
                i++;
            continue;
        }
        es_cval_reset(&p.line);
        bool bs = false, multi = false;
        while (i < n) {
            uint8_t c = s[i];
            if (c != '\n' && c != '\r') {
                es_cval_putc(&p.line, c, i);
                bs = c == '\\' && !bs;
                i++;
                continue;
            }
            i += (c == '\r' && i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
            if (!bs)
                break;
            p.line.b.len--; /* the continuing backslash */
            bs = false;
            multi = true;
            while (i < n && is_ws(s[i]))
                i++;
            if (p.line.b.len == 0 && i < n && (s[i] == '#' || s[i] == '!')) {
                /* Java looks for a comment while its line buffer is
                 * empty: a line of just "\" continues into a comment */
                while (i < n && s[i] != '\n' && s[i] != '\r')
                    i++;
                break;
            }
        }
        if (bs)
            p.line.b.len--; /* a backslash before the end of the file */
        if (es_cval_oom(&p.line)) {
            out->oom = true;
            break;
        }
        if (p.line.b.len)
            entry(&p, multi);
    }
    if (es_cval_oom(&p.line) || es_cval_oom(&p.key) || es_cval_oom(&p.val))
        out->oom = true;
    es_cval_done(&p.val, &ws->val, &ws->val_cap);
    es_cval_done(&p.key, &kd, &kcap);
    es_cval_done(&p.line, &ld, &lcap);
    free(kd);
    free(ld);
    es_lines_finish(out, first, true);
    return out->oom ? ENVSCAN_E_NOMEM : ENVSCAN_OK;
}
