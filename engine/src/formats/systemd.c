/*
 * systemd.c — systemd unit files (*.service, *.socket, *.mount, *.swap).
 *
 * The syntax is systemd's "ini" of systemd.syntax(7), read the way its
 * config parser reads it (systemd 252):
 *   - Lines end at LF (a CR before it is dropped). Leading and trailing
 *     white space is stripped. A line starting with '#' or ';' is a comment.
 *   - A line ending in an odd number of backslashes continues: the last
 *     backslash becomes a space and the next line is appended. Comment
 *     lines inside a continuation are skipped.
 *   - "[Name]" starts a section; "Key=Value" splits at the first '='; key
 *     and value are stripped.
 * Only the exec sections ([Service], [Socket], [Mount], [Swap]) read the
 * environment keys; elsewhere systemd ignores them with a warning, and so
 * do we.
 *   - Environment= is split into words as extract_first_word() does with
 *     EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE: white space separates words;
 *     '...' and "..." may start anywhere in a word; backslash escapes (C
 *     escapes, \s, \xNN, \NNN, \uXXXX, \UXXXXXXXX) work inside and outside
 *     quotes. A bad escape or an unclosed quote makes systemd ignore the
 *     rest of the line (words before it are kept). Each word must be
 *     NAME=VALUE with a valid name; others are ignored. An empty
 *     Environment= empties the list: the definitions before it are flagged
 *     overridden. Specifiers (%n, %i, ...) are left as written; a value
 *     holding '%' is flagged templated.
 *   - PassEnvironment=NAME... defines each NAME as a passthrough.
 *   - EnvironmentFile=[-]PATH is a link (ENVSCAN_LINK_ENV_FILE, required
 *     unless '-'); the path names a file on the machine that runs the
 *     unit, so a scan never resolves it (engine/src/link.c says why).
 * Lines outside a section, and in sections systemd does not know for these
 * unit types (X-... among them), are skipped without a word, as systemd
 * skips them (it warns once about an unknown section; we do not).
 * An invalid section header is an error: systemd refuses the whole unit.
 * The scope of a record is its section name.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"

typedef struct unit {
    es_text x;           /* x.val holds a word of a value */
    const char *section; /* in the arena, or NULL */
    size_t first;        /* first record of the file */
} unit;

static inline bool is_ws(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* cunescape_one: the escape after a backslash at t[i]; writes the bytes
 * to w and returns how many input bytes it used, or 0 when invalid. */
static size_t unescape_one(const uint8_t *t, size_t n, size_t i, es_buf *w)
{
    static const char from[] = "abfnrtv\\\"'s", to[] = "\a\b\f\n\r\t\v\\\"' ";
    uint8_t c = t[i];
    const char *k = c ? strchr(from, c) : NULL;
    if (k) {
        es_buf_putc(w, (uint8_t)to[k - from]);
        return 1;
    }
    int digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : (c >= '0' && c <= '7') ? 3 : 0;
    if (!digits)
        return 0;
    int base = (c >= '0' && c <= '7') ? 8 : 16;
    size_t start = base == 8 ? i : i + 1;
    if (start + (size_t)digits > n)
        return 0;
    uint32_t v = 0;
    for (int d = 0; d < digits; d++) {
        uint8_t h = t[start + (size_t)d];
        int x = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                : h >= 'A' && h <= 'F' ? h - 'A' + 10 : 99;
        if (x >= base)
            return 0;
        v = v * (uint32_t)base + (uint32_t)x;
    }
    if (v == 0 || v >= 0x110000 || (v >= 0xD800 && v <= 0xDFFF) || (base == 8 && v > 255))
        return 0; /* systemd refuses NUL and non-characters */
    if (c == 'x' || base == 8) {
        es_buf_putc(w, (uint8_t)v);
    } else {
        uint8_t u8[4];
        es_buf_put(w, u8, es_utf8_put(v, u8));
    }
    return (start - i) + (size_t)digits;
}

/* One word of t[*i..n) into w, starting at *start. Returns 1 for a word,
 * 0 at the end, -1 for a bad escape, -2 for an unclosed quote. *quoted is
 * set when quotes were used. */
static int next_word(const uint8_t *t, size_t n, size_t *i, size_t *start, es_buf *w,
                     bool *quoted)
{
    size_t j = *i;
    while (j < n && is_ws(t[j]))
        j++;
    *start = j;
    if (j >= n)
        return 0;
    es_buf_reset(w);
    *quoted = false;
    uint8_t quote = 0;
    for (; j < n; j++) {
        uint8_t c = t[j];
        if (c == '\\') {
            size_t used = j + 1 < n ? unescape_one(t, n, j + 1, w) : 0;
            if (!used)
                return -1;
            j += used;
        } else if (quote) {
            if (c == quote)
                quote = 0;
            else
                es_buf_putc(w, c);
        } else if (c == '\'' || c == '"') {
            quote = c;
            *quoted = true;
        } else if (is_ws(c)) {
            break;
        } else {
            es_buf_putc(w, c);
        }
    }
    *i = j;
    return quote ? -2 : 1;
}

/* Valid UTF-8 without control characters other than tab and newline
 * (systemd's env_value_is_valid). */
static bool value_ok(const uint8_t *v, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint8_t c = v[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
                return false;
            i++;
            continue;
        }
        size_t need = c >= 0xC2 && c <= 0xDF   ? 1
                      : c >= 0xE0 && c <= 0xEF ? 2
                      : c >= 0xF0 && c <= 0xF4 ? 3
                                               : 0;
        if (!need || n - i <= need)
            return false;
        uint8_t lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
        uint8_t hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
        for (size_t k = 1; k <= need; k++, lo = 0x80, hi = 0xBF)
            if (v[i + k] < lo || v[i + k] > hi)
                return false;
        i += need + 1;
    }
    return true;
}

/* Empty Environment= / PassEnvironment=: earlier definitions of the same
 * kind in this section no longer count. */
static void reset(unit *u, bool pass)
{
    envscan_record *r = u->x.out->records->data;
    for (size_t k = u->first; k < u->x.out->records->len; k++)
        if (r[k].kind == ENVSCAN_KIND_DEFINITION &&
            !!(r[k].flags & ENVSCAN_RECORD_PASSTHROUGH) == pass && r[k].scope &&
            u->section && strcmp(r[k].scope, u->section) == 0)
            r[k].flags |= ENVSCAN_RECORD_OVERRIDDEN;
}

/* A printable copy of a word for a message (at most 60 bytes). */
static const char *shown(const es_buf *w, char out[64])
{
    size_t k = w->len < 60 ? w->len : 60;
    for (size_t z = 0; z < k; z++)
        out[z] = (uint8_t)w->data[z] < 0x20 ? '?' : w->data[z];
    strcpy(out + k, w->len > k ? "..." : "");
    return out;
}

/* Environment= and PassEnvironment= values: the line's bytes [v, ve). */
static void env_words(unit *u, const char *key, size_t v, size_t ve, bool pass)
{
    const uint8_t *t = (const uint8_t *)u->x.line.data;
    if (v == ve) {
        reset(u, pass);
        return;
    }
    size_t i = v, at;
    bool quoted;
    int rc;
    while ((rc = next_word(t, ve, &i, &at, &u->x.val, &quoted)) != 0) {
        char buf[64];
        if (rc < 0) {
            es_text_warn(&u->x, "syntax", at, "%s=: %s; systemd ignores the rest of the line", key,
                 rc == -1 ? "invalid escape sequence" : "unbalanced quotes");
            return;
        }
        const uint8_t *w = (const uint8_t *)u->x.val.data;
        size_t wl = u->x.val.len;
        const uint8_t *eq = pass ? NULL : memchr(w, '=', wl);
        size_t kl = pass ? wl : eq ? (size_t)(eq - w) : 0;
        if (!kl || es_name_len(w, kl, 0) != kl || (!pass && !value_ok(eq + 1, wl - kl - 1))) {
            es_text_warn(&u->x, "syntax", at, "%s=: '%s' is not a valid %s; systemd ignores it", key,
                 shown(&u->x.val, buf), pass ? "variable name" : "NAME=VALUE assignment");
            continue;
        }
        uint32_t flags = quoted ? ENVSCAN_RECORD_QUOTED : 0;
        const char *val = NULL;
        size_t vl = 0;
        if (pass) {
            flags |= ENVSCAN_RECORD_PASSTHROUGH;
        } else {
            val = (const char *)eq + 1;
            vl = wl - kl - 1;
            if (memchr(val, '%', vl))
                flags |= ENVSCAN_RECORD_TEMPLATED;
            if (memchr(val, '\n', vl))
                flags |= ENVSCAN_RECORD_MULTILINE;
        }
        uint32_t line, col;
        es_text_pos(&u->x, at, &line, &col);
        es_sink_record(u->x.out, ENVSCAN_KIND_DEFINITION, (const char *)w, kl, val, vl, line, col,
                       flags);
    }
}

static bool exec_section(const char *s)
{
    return s && (strcmp(s, "Service") == 0 || strcmp(s, "Socket") == 0 ||
                 strcmp(s, "Mount") == 0 || strcmp(s, "Swap") == 0);
}

/* Sections whose lines systemd reads (in the unit types of this module). */
static bool known_section(const char *s)
{
    return exec_section(s) || (s && (strcmp(s, "Unit") == 0 || strcmp(s, "Install") == 0));
}

/* One logical line, already joined, in u->x.line. */
static void logical_line(unit *u)
{
    const uint8_t *t = (const uint8_t *)u->x.line.data;
    size_t a = 0, b = u->x.line.len;
    while (a < b && is_ws(t[a]))
        a++;
    while (b > a && is_ws(t[b - 1]))
        b--;
    if (a == b || t[a] == '#' || t[a] == ';')
        return;
    if (t[a] == '[') {
        if (t[b - 1] != ']') {
            uint32_t line, col;
            es_text_pos(&u->x, a, &line, &col);
            es_sink_diag(u->x.out, ENVSCAN_SEVERITY_ERROR, "syntax", line, col, 0,
                         "invalid section header: systemd refuses to load the unit");
            return;
        }
        u->section = es_arena_strndup(u->x.out->arena, t + a + 1, b - a - 2);
        if (!u->section)
            u->x.out->oom = true;
        return;
    }
    if (!known_section(u->section))
        return; /* X-... and unknown sections: systemd skips their lines */
    const uint8_t *eq = memchr(t + a, '=', b - a);
    if (!eq) {
        es_text_warn(&u->x, "syntax", a, "missing '='; systemd ignores the line");
        return;
    }
    size_t ke = (size_t)(eq - t), v = ke + 1;
    while (ke > a && is_ws(t[ke - 1]))
        ke--;
    while (v < b && is_ws(t[v]))
        v++;
    static const char *const keys[] = {"Environment", "PassEnvironment", "EnvironmentFile"};
    size_t which = 3;
    for (size_t k = 0; k < 3; k++)
        if (ke - a == strlen(keys[k]) && memcmp(t + a, keys[k], ke - a) == 0)
            which = k;
    if (which == 3)
        return; /* a key that does not touch the environment */
    if (!exec_section(u->section)) {
        es_text_warn(&u->x, "ignored-key", a, "%s= in section [%s] is ignored by systemd", keys[which],
             u->section ? u->section : "(none)");
        return;
    }
    u->x.out->scope = u->section;
    if (which < 2) {
        env_words(u, keys[which], v, b, which == 1);
        return;
    }
    if (v == b)
        return; /* an empty EnvironmentFile= resets the list of files */
    size_t p = v + (t[v] == '-');
    if (p == b) {
        es_text_warn(&u->x, "syntax", v, "EnvironmentFile=- without a path; systemd ignores it");
        return;
    }
    uint32_t line, col;
    es_text_pos(&u->x, p, &line, &col);
    char *path = es_arena_strndup(u->x.out->arena, t + p, b - p);
    if (!path) {
        u->x.out->oom = true;
        return;
    }
    es_link l = {.pub = {.line = line, .column = col, .scope = u->section,
                         .kind = ENVSCAN_LINK_ENV_FILE,
                         .flags = p == v ? ENVSCAN_LINK_REQUIRED : 0, .target = path},
                 .format = ENVSCAN_FORMAT_SYSTEMD};
    es_sink_link(u->x.out, &l);
}

int es_systemd_parse(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *data, size_t len,
                     es_sink *out)
{
    (void)o;
    unit u = {.first = out->records->len};
    es_text_init(&u.x, ws, data, len, out);
    if (u.x.line.oom || u.x.val.oom) {
        es_text_done(&u.x, ws);
        return ENVSCAN_E_NOMEM;
    }
    bool cont = false;
    for (size_t i = 0; i < len && !out->oom;) {
        const uint8_t *nl = memchr(data + i, '\n', len - i);
        size_t le = nl ? (size_t)(nl - data) : len, next = nl ? le + 1 : len;
        if (le > i && data[le - 1] == '\r')
            le--;
        size_t f = i;
        while (f < le && is_ws(data[f]))
            f++;
        if (cont && f < le && (data[f] == '#' || data[f] == ';')) {
            i = next; /* a comment inside a continuation is skipped */
            continue;
        }
        if (!cont)
            es_text_start(&u.x);
        es_text_piece(&u.x, i, le - i);
        /* an odd number of trailing backslashes continues the line; the
         * last one becomes a space */
        size_t bs = 0;
        while (bs < le - i && data[le - 1 - bs] == '\\')
            bs++;
        if (bs & 1)
            u.x.line.data[u.x.line.len - 1] = ' ';
        cont = (bs & 1) && next < len;
        if (!cont)
            logical_line(&u);
        i = next;
    }
    es_text_done(&u.x, ws);
    es_lines_finish(out, u.first, true);
    return ENVSCAN_OK;
}
