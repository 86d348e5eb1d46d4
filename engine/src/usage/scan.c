/*
 * scan.c — the usage scanner's driver: one parse function per language
 * (the format registry's rows), the prefilter loop, and the records.
 *
 * The prefilter runs over the file in 4 KiB pieces (each passed with the
 * two bytes after it, so an anchor across a cut is seen once); its masks
 * live on the stack. The matcher's and the lexer's state is allocated
 * only when a file has an identifier worth matching, so a file without
 * one costs the prefilter pass and nothing else.
 */
#include <stdlib.h>
#include <string.h>

#include "usage.h"

enum { PIECE = 4096 };

typedef struct cursor {
    size_t pos, ls; /* a position and the start of its line */
    uint32_t line;
} cursor;

/* 1-based line and byte column of pos, moving the cursor there. */
static void locate(const uint8_t *p, cursor *c, size_t pos, uint32_t *line, uint32_t *col)
{
    if (pos >= c->pos) {
        for (const uint8_t *q = p + c->pos;
             (q = memchr(q, '\n', (size_t)(p + pos - q))) != NULL; q++) {
            c->line++;
            c->ls = (size_t)(q - p) + 1;
        }
    } else {
        for (const uint8_t *q = p + pos; (q = memchr(q, '\n', (size_t)(p + c->pos - q))) != NULL;
             q++)
            c->line--;
        const uint8_t *nl = pos ? memrchr(p, '\n', pos) : NULL;
        c->ls = nl ? (size_t)(nl - p) + 1 : 0;
    }
    c->pos = pos;
    *line = c->line;
    const size_t column = pos - c->ls + 1;
    *col = column > UINT32_MAX ? UINT32_MAX : (uint32_t)column;
}

typedef struct state {
    es_ulang lang;
    const uint8_t *p;
    size_t n;
    es_sink *out;
    es_umatch *m; /* with the lexer right after it, one allocation */
    es_lexer *lx;
    cursor cur;
    uint32_t last_line, last_col;
    bool unsorted;
    bool failed;
    size_t nbad; /* usage-syntax diagnostics so far */
} state;

static bool ensure(state *st)
{
    if (st->m)
        return true;
    void *mem = malloc(sizeof(es_umatch) + sizeof(es_lexer));
    if (!mem) {
        st->failed = true;
        return false;
    }
    st->m = mem;
    st->lx = (es_lexer *)(void *)((char *)mem + sizeof(es_umatch));
    st->m->npend = 0;
    st->m->kb_used = 0;
    st->m->bad = false;
    st->m->lang = st->lang;
    st->m->p = st->p;
    st->m->n = st->n;
    es_lex_init(st->lx, st->lang, st->p, st->n);
    return true;
}

/* The identifier around the anchor at pos has been matched: if the lexer
 * says it is code, emit what the matcher found. */
static void flush(state *st, size_t ident)
{
    es_umatch *m = st->m;
    if ((m->npend || m->bad) && es_lex_code_at(st->lx, ident)) {
        for (size_t i = 0; i < m->npend; i++) {
            const es_upend *u = &m->pend[i];
            uint32_t line, col;
            locate(st->p, &st->cur, u->pos, &line, &col);
            if (line < st->last_line || (line == st->last_line && col < st->last_col))
                st->unsorted = true;
            st->last_line = line;
            st->last_col = col;
            es_sink_record(st->out, ENVSCAN_KIND_USAGE, u->key, u->key_len, u->val, u->val_len,
                           line, col, u->flags);
        }
        if (m->bad) {
            uint32_t line, col;
            locate(st->p, &st->cur, m->bad_pos, &line, &col);
            if (++st->nbad <= ES_UBAD_MAX)
                es_sink_diag(st->out, ENVSCAN_SEVERITY_WARNING, "usage-syntax", line, col, 0,
                             "%s with a key that does not end (no closing bracket or quote "
                             "within %d bytes): not reported as a usage",
                             m->bad_what, ES_UBOUND);
            else
                es_sink_diag(st->out, ENVSCAN_SEVERITY_WARNING, "usage-limit", line, col, 0,
                             "more than %d unreadable usages: the rest of the file is not "
                             "scanned for usages",
                             ES_UBAD_MAX);
        }
    }
    m->npend = 0;
    m->kb_used = 0;
    m->bad = false;
}

static int rec_cmp(const void *a, const void *b)
{
    const envscan_record *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->flags > y->flags) - (x->flags < y->flags);
}

static int usage_parse(es_ulang lang, const es_parse_opts *o, const uint8_t *data, size_t len,
                       es_sink *out)
{
    state st = {.lang = lang, .p = data, .n = len, .out = out, .cur = {.line = 1}};
    const size_t first = out->records->len;
    const es_kernels *k = o->kernels ? o->kernels : es_kernels_best();
    uint64_t masks[PIECE / 64 + 1];
    size_t next = 0; /* anchors before this are in an identifier already seen */
    for (size_t off = 0; off < len && !st.failed && st.nbad <= ES_UBAD_MAX; off += PIECE) {
        const size_t piece = len - off < PIECE ? len - off : PIECE;
        const size_t span = len - off < PIECE + 2 ? len - off : PIECE + 2;
        const size_t nb = es_anchors(k, data + off, span, masks);
        for (size_t b = 0; b < nb && b * 64 < piece; b++) {
            uint64_t bits = masks[b];
            while (bits) {
                const size_t pos = off + b * 64 + (size_t)__builtin_ctzll(bits);
                bits &= bits - 1;
                if (pos >= off + piece)
                    break;
                if (pos < next || st.nbad > ES_UBAD_MAX)
                    continue;
                size_t s = pos, e = pos;
                while (s > 0 && es_usage_ident_byte(lang, data[s - 1]))
                    s--;
                while (e < len && es_usage_ident_byte(lang, data[e]))
                    e++;
                next = e > pos ? e : pos + 1;
                if (e - s > 32 || !es_usage_trigger(data + s, e - s))
                    continue; /* "Envelope", "environment": no idiom starts here */
                if (!ensure(&st))
                    break;
                es_usage_match(st.m, s, e);
                flush(&st, s);
            }
        }
    }
    free(st.m);
    if (st.failed || out->oom)
        return ENVSCAN_E_NOMEM;
    if (st.unsorted)
        qsort((envscan_record *)out->records->data + first, out->records->len - first,
              sizeof(envscan_record), rec_cmp);
    return ENVSCAN_OK;
}

/* A JVM file's language, by extension: the three lex differently. */
static es_ulang jvm_lang(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    if (n >= 6 && strcmp(path + n - 6, ".scala") == 0)
        return UL_SCALA;
    if ((n >= 3 && strcmp(path + n - 3, ".kt") == 0) || (n >= 4 && strcmp(path + n - 4, ".kts") == 0))
        return UL_KOTLIN;
    return UL_JAVA;
}

#define ES_USAGE_PARSER(fn, lang_expr)                                                       \
    int fn(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data, size_t len,         \
           es_sink *out)                                                                     \
    {                                                                                        \
        (void)ws;                                                                            \
        return usage_parse(lang_expr, o, data, len, out);                                    \
    }

ES_USAGE_PARSER(es_usage_parse_javascript, UL_JS)
ES_USAGE_PARSER(es_usage_parse_python, UL_PY)
ES_USAGE_PARSER(es_usage_parse_go, UL_GO)
ES_USAGE_PARSER(es_usage_parse_jvm, jvm_lang(out->file))
ES_USAGE_PARSER(es_usage_parse_csharp, UL_CSHARP)
ES_USAGE_PARSER(es_usage_parse_ruby, UL_RUBY)
ES_USAGE_PARSER(es_usage_parse_php, UL_PHP)
ES_USAGE_PARSER(es_usage_parse_rust, UL_RUST)
ES_USAGE_PARSER(es_usage_parse_c, UL_C)
