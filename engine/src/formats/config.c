/*
 * config.c — pieces shared by the structured config formats: values that
 * know where their bytes came from, and placeholders inside values.
 *
 * The placeholder grammar is deliberately small and the same for every
 * format that opts into a piece of it (see config.h):
 *   ${NAME}            NAME = [A-Za-z_][A-Za-z0-9_]* (with ES_REF_DOTTED
 *                      also '.' and '-' after the first byte)
 *   ${NAME<op>...}     op is any of ":-" "-" ":=" "=" ":?" "?" ":+" "+"
 *                      or ":" (Spring's default); the rest
 *                      up to the matching '}' (nested "${" counted) is a
 *                      default we do not read for references. Not closed:
 *                      no reference.
 *   ${[^}]+}           (INI, instead of the two above) configparser's
 *                      ExtendedInterpolation: "${opt}" or "${sect:opt}"
 *                      (key "sect.opt"); more colons: no reference
 *   %(NAME)s           configparser's BasicInterpolation; "%%" is a '%'
 *   $NAME              a bare shell-style name ("$$" is a literal '$')
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

void es_cval_init(es_cval *v, char **data, size_t *cap)
{
    memset(v, 0, sizeof *v);
    es_buf_borrow(&v->b, data, cap);
}

void es_cval_done(es_cval *v, char **data, size_t *cap)
{
    es_buf_return(&v->b, data, cap);
    free(v->src);
    v->src = NULL;
}

static bool src_room(es_cval *v, size_t n)
{
    if (v->b.len + n <= v->src_cap)
        return true;
    size_t cap = (v->b.len + n) * 2;
    size_t *p = realloc(v->src, cap * sizeof *p);
    if (!p) {
        v->b.oom = true;
        return false;
    }
    v->src = p;
    v->src_cap = cap;
    return true;
}

void es_cval_put(es_cval *v, const void *p, size_t n, size_t src)
{
    if (!n || !src_room(v, n))
        return;
    size_t at = v->b.len;
    es_buf_put(&v->b, p, n);
    if (v->b.len != at + n)
        return;
    for (size_t i = 0; i < n; i++)
        v->src[at + i] = src;
}

void es_cval_putc(es_cval *v, uint8_t c, size_t src) { es_cval_put(v, &c, 1, src); }

static long hex4(const uint8_t *t, size_t n, size_t at)
{
    if (at > n || n - at < 4)
        return -1;
    long v = 0;
    for (size_t k = 0; k < 4; k++) {
        uint8_t h = t[at + k];
        int x = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
        if (x < 0)
            return -1;
        v = v * 16 + x;
    }
    return v;
}

size_t es_config_u_escape(const uint8_t *t, size_t n, size_t at, es_cval *v, size_t src)
{
    long u = hex4(t, n, at + 2);
    if (u < 0)
        return 0;
    size_t used = 6;
    uint32_t cp = (uint32_t)u;
    if (u >= 0xD800 && u <= 0xDBFF && n - at >= 12 && t[at + 6] == '\\' && t[at + 7] == 'u') {
        long lo = hex4(t, n, at + 8);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + (((uint32_t)u - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
            used = 12;
        }
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        cp = 0xFFFD;
    uint8_t u8[4];
    es_cval_put(v, u8, es_utf8_put(cp, u8), src);
    return used;
}

static size_t name_len(const uint8_t *s, size_t n, size_t i, bool dotted)
{
    if (i >= n || !es_is_name_start(s[i]))
        return 0;
    size_t j = i + 1;
    while (j < n && (es_is_name_char(s[j]) || (dotted && (s[j] == '.' || s[j] == '-'))))
        j++;
    /* a trailing '.' or '-' is punctuation, not part of the name */
    while (dotted && j > i + 1 && (s[j - 1] == '.' || s[j - 1] == '-'))
        j--;
    return j - i;
}

/* The '}' closing a "${" whose body starts at i, or n when none. */
static size_t brace_end(const uint8_t *s, size_t n, size_t i)
{
    unsigned depth = 1;
    for (; i < n; i++) {
        if (s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
            depth++;
            i++;
        } else if (s[i] == '}' && --depth == 0) {
            return i;
        }
    }
    return n;
}

void es_config_scan(const uint8_t *s, size_t n, unsigned how, es_ref_fn fn, void *ctx)
{
    bool dotted = how & ES_REF_DOTTED, stop = false;
    for (size_t i = 0; i < n && !stop; i++) {
        if (s[i] == '%' && (how & ES_REF_PERCENT)) {
            if (i + 1 < n && s[i + 1] == '%') {
                i++;
                continue;
            }
            if (i + 1 < n && s[i + 1] == '(') {
                const uint8_t *close = memchr(s + i + 2, ')', n - i - 2);
                if (close && close > s + i + 2 && (size_t)(close - s) + 1 < n &&
                    close[1] == 's') {
                    stop = !fn(ctx, i, (const char *)s + i + 2, (size_t)(close - s) - i - 2);
                    i = (size_t)(close - s) + 1;
                }
            }
            continue;
        }
        if (s[i] != '$' || i + 1 >= n || !(how & (ES_REF_BRACE | ES_REF_SECTION | ES_REF_DOLLAR)))
            continue;
        if (s[i + 1] == '$') {
            i++;
            continue;
        }
        if (s[i + 1] == '{' && (how & ES_REF_SECTION)) {
            /* configparser's ExtendedInterpolation: ${[^}]+}, split at
             * ':' into option, or section and option */
            const uint8_t *close = memchr(s + i + 2, '}', n - i - 2);
            size_t a = i + 2, e = close ? (size_t)(close - s) : n;
            const uint8_t *colon = close ? memchr(s + a, ':', e - a) : NULL;
            if (!close || e == a || (colon && memchr(colon + 1, ':', e - (size_t)(colon - s) - 1)))
                continue; /* configparser refuses the value */
            if (!colon) {
                stop = !fn(ctx, i, (const char *)s + a, e - a);
            } else if (e - a < 512) {
                char key[512];
                size_t sl = (size_t)(colon - s) - a;
                memcpy(key, s + a, e - a);
                key[sl] = '.';
                stop = !fn(ctx, i, key, e - a);
            }
            i = e;
            continue;
        }
        if (s[i + 1] == '{' && (how & ES_REF_BRACE)) {
            size_t a = i + 2, nl = name_len(s, n, a, dotted);
            size_t end = brace_end(s, n, a);
            if (!nl || end == n) /* no name, or never closed */
                continue;
            size_t after = a + nl;
            static const char ops[] = ":-=?+}";
            if (!s[after] || !strchr(ops, s[after]))
                continue; /* "${a b}" and the like: not a placeholder */
            stop = !fn(ctx, i, (const char *)s + a, nl);
            i = after - 1; /* defaults may hold placeholders too */
            continue;
        }
        if (how & ES_REF_DOLLAR) {
            size_t nl = name_len(s, n, i + 1, false);
            if (nl) {
                stop = !fn(ctx, i, (const char *)s + i + 1, nl);
                i += nl;
            }
        }
    }
}
uint32_t es_config_ref_flags(const uint8_t *s, size_t n, size_t at, size_t klen)
{
    return at + 1 < n && s[at] == '$' && s[at + 1] == '{' &&
                   es_brace_default(s, n, at + 2 + klen, true)
               ? ENVSCAN_RECORD_DEFAULTED
               : 0;
}

typedef struct sink_refs {
    es_sink *out;
    es_lc *lc;
    const es_cval *v;
} sink_refs;

static bool to_sink(void *ctx, size_t at, const char *key, size_t klen)
{
    sink_refs *c = ctx;
    uint32_t line, col;
    es_lc_at(c->lc, c->v->src[at], &line, &col);
    es_sink_record(c->out, ENVSCAN_KIND_REFERENCE, key, klen, NULL, 0, line, col,
                   es_config_ref_flags((const uint8_t *)c->v->b.data, c->v->b.len, at, klen));
    return !c->out->oom;
}

void es_config_refs(es_sink *out, es_lc *lc, const es_cval *v, unsigned how)
{
    sink_refs c = {out, lc, v};
    es_config_scan((const uint8_t *)v->b.data, v->b.len, how, to_sink, &c);
}

void es_config_leaf(es_sink *out, es_lc *lc, size_t at, const char *path, size_t plen,
                    const char *v, size_t vl, const es_cval *str, unsigned how)
{
    uint32_t line, col;
    es_lc_at(lc, at, &line, &col);
    uint32_t fl = str ? ENVSCAN_RECORD_QUOTED : 0;
    if (str && memchr(v, '\n', vl))
        fl |= ENVSCAN_RECORD_MULTILINE;
    es_sink_record(out, ENVSCAN_KIND_CONFIG, path, plen, v, vl, line, col, fl);
    if (str)
        es_config_refs(out, lc, str, how);
}

void es_config_stop(es_sink *out, es_lc *lc, size_t at, const char *code, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    uint32_t line, col;
    es_lc_at(lc, at < lc->n ? at : lc->n, &line, &col);
    es_sink_diag(out, ENVSCAN_SEVERITY_ERROR, code, line, col, 0,
                 "%s; the rest of the file is not read", msg);
}

void es_config_path_index(es_buf *path, size_t base, size_t idx)
{
    char num[32];
    int l = snprintf(num, sizeof num, "[%zu]", idx);
    path->len = base;
    es_buf_put(path, num, (size_t)l);
}
