/*
 * ini.c — INI-style config files (*.ini, *.cfg, *.conf), read the way
 * Python's configparser reads them with its defaults (RawConfigParser /
 * ConfigParser of Python 3.11), except where docs/config.md says not:
 *   - Lines end at LF; a CR before it is dropped. White space is space,
 *     tab, CR, VT and FF.
 *   - A line whose first non-blank byte is '#' or ';' is a comment.
 *     There are no inline comments: "k = v ; c" has the value "v ; c"
 *     (configparser's default inline_comment_prefixes=None).
 *   - A line indented deeper than the line that started the current
 *     option continues its value; blank lines inside such a value are
 *     kept; pieces are joined with '\n' and trailing white space of the
 *     whole value is dropped. Comment lines inside are skipped.
 *   - "[name]" (the text up to the last ']' of the line) starts a
 *     section; "[section.sub]" is one section named "section.sub".
 *   - "key = value" and "key: value" split at the first '=' or ':'; key
 *     and value are stripped; quotes are kept as written.
 * Differences: option names keep their case (configparser lowercases
 * them), options before the first section are read with no section
 * (configparser refuses the file), and duplicate sections and options are
 * read (strict configparser refuses the file): the earlier option is
 * flagged overridden, as a non-strict parser keeps the last.
 *
 * Records: ENVSCAN_KIND_CONFIG, key "section.key" (or "key" outside a
 * section), value as configparser gives it, scope the section. Inside a
 * value %(name)s, ${name} and ${section:name} are references (both of
 * configparser's interpolation syntaxes; "%%" and "$$" are literals).
 * A line that is none of these is a `config-syntax` error (configparser
 * raises ParsingError for the file).
 */
#include <string.h>

#include "config.h"

typedef struct ini {
    const uint8_t *s;
    size_t n;
    es_sink *out;
    es_lc lc;
    es_cval val;
    const char *section; /* arena, or NULL */
    size_t sect_len;
    /* the option whose value is open */
    bool open;
    size_t key_at, key_len; /* in the file */
    size_t indent;
    size_t pending_blank;   /* blank lines seen since its last piece */
} ini;

static inline bool is_ws(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static void emit(ini *p)
{
    if (!p->open)
        return;
    p->open = false;
    es_cval *v = &p->val;
    while (v->b.len && is_ws((uint8_t)v->b.data[v->b.len - 1]))
        v->b.len--;
    while (v->b.len && v->b.data[v->b.len - 1] == '\n') /* rstrip() */
        v->b.len--;
    if (es_cval_oom(v)) {
        p->out->oom = true;
        return;
    }
    /* key = "section.key": built in the value buffer's spare room would
     * alias it, so a small stack buffer is used (keys are short) */
    char key[1024];
    size_t kl = p->section ? p->sect_len + 1 : 0;
    uint32_t line, col;
    es_lc_at(&p->lc, p->key_at, &line, &col);
    if (kl + p->key_len >= sizeof key) {
        es_sink_diag(p->out, ENVSCAN_SEVERITY_WARNING, "config-syntax", line, col, 0,
                     "a section and key longer than %zu bytes: not reported", sizeof key - 1);
        return;
    }
    if (p->section) {
        memcpy(key, p->section, p->sect_len);
        key[p->sect_len] = '.';
    }
    memcpy(key + kl, p->s + p->key_at, p->key_len);
    uint32_t flags = memchr(v->b.data, '\n', v->b.len) ? ENVSCAN_RECORD_MULTILINE : 0;
    p->out->scope = p->section;
    es_sink_record(p->out, ENVSCAN_KIND_CONFIG, key, kl + p->key_len, v->b.data, v->b.len, line,
                   col, flags);
    /* the two interpolations of configparser read a value independently
     * (a %(x)s inside ${...} is still one); es_lines_finish sorts */
    es_config_refs(p->out, &p->lc, v, ES_REF_PERCENT);
    es_config_refs(p->out, &p->lc, v, ES_REF_SECTION);
}

static void bad_line(ini *p, size_t at, const char *why)
{
    uint32_t line, col;
    es_lc_at(&p->lc, at, &line, &col);
    es_sink_diag(p->out, ENVSCAN_SEVERITY_ERROR, "config-syntax", line, col, 0, "%s", why);
}

/* One physical line [a, b) stripped, starting at column `indent`. As in
 * configparser, a line that is neither a section nor an option leaves the
 * open option open (a deeper line after it still continues that value),
 * and any line that is not a continuation sets the indentation to beat. */
static void line(ini *p, size_t a, size_t b, size_t indent)
{
    const uint8_t *s = p->s;
    if (p->open && indent > p->indent) { /* a continuation */
        for (; p->pending_blank; p->pending_blank--)
            es_cval_putc(&p->val, '\n', a);
        es_cval_putc(&p->val, '\n', a);
        for (size_t i = a; i < b; i++)
            es_cval_putc(&p->val, s[i], i);
        return;
    }
    p->indent = indent;
    if (s[a] == '[') {
        size_t close = b;
        while (close > a + 1 && s[close - 1] != ']')
            close--;
        if (close > a + 2) { /* "[x]" at least: configparser's \[(.+)\] */
            emit(p);
            p->section = es_arena_strndup(p->out->arena, s + a + 1, close - a - 2);
            p->sect_len = close - a - 2;
            if (!p->section)
                p->out->oom = true;
            return;
        }
    }
    size_t d = a;
    while (d < b && s[d] != '=' && s[d] != ':')
        d++;
    if (d == b) {
        bad_line(p, a, s[a] == '[' ? "a section header without a closing ']'"
                                   : "neither a [section], a key = value, nor a comment");
        return;
    }
    size_t ke = d;
    while (ke > a && is_ws(s[ke - 1]))
        ke--;
    emit(p);
    if (ke == a) { /* configparser complains, and no continuation follows */
        bad_line(p, a, "a value without a key");
        return;
    }
    size_t v = d + 1;
    while (v < b && is_ws(s[v]))
        v++;
    p->open = true;
    p->key_at = a;
    p->key_len = ke - a;
    p->pending_blank = 0;
    es_cval_reset(&p->val);
    for (size_t i = v; i < b; i++)
        es_cval_putc(&p->val, s[i], i);
}

int es_ini_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data, size_t len,
                 es_sink *out)
{
    (void)o;
    ini p = {.s = data, .n = len, .out = out};
    size_t first = out->records->len;
    es_lc_init(&p.lc, data, len);
    es_cval_init(&p.val, &ws->val, &ws->val_cap);
    for (size_t i = 0; i < len && !out->oom;) {
        const uint8_t *nl = memchr(data + i, '\n', len - i);
        size_t b = nl ? (size_t)(nl - data) : len, next = nl ? b + 1 : len;
        size_t a = i;
        while (a < b && is_ws(data[a]))
            a++;
        size_t e = b;
        while (e > a && is_ws(data[e - 1]))
            e--;
        if (a == e) {
            if (p.open)
                p.pending_blank++;
        } else if (data[a] != '#' && data[a] != ';') {
            line(&p, a, e, a - i);
        }
        i = next;
    }
    emit(&p);
    if (es_cval_oom(&p.val))
        out->oom = true;
    es_cval_done(&p.val, &ws->val, &ws->val_cap);
    out->scope = NULL;
    es_lines_finish(out, first, true); /* the last of duplicate options wins */
    return out->oom ? ENVSCAN_E_NOMEM : ENVSCAN_OK;
}
