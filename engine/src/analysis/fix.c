/*
 * fix.c — `envscan --fix`: rewrite a .env file so that the lint findings
 * with a safe fix are gone (docs/lint.md, "Fixing").
 *
 * The fixer has no grammar of its own. A round parses the text with the
 * lint on and an edit collector attached (lint.h): the lint makes the
 * edits of the simple rules exactly where it makes their findings (so a
 * rule that is off or silenced gives none), and hands over every
 * statement with the lines it covers. From those this file adds the two
 * fixes that need the whole file: removing overridden duplicates and
 * sorting groups. Edits that overlap are left for the next round (a pair
 * of edits, such as the two quotes of a value, goes in whole or not at
 * all); rounds repeat until none is left, so a second --fix has nothing
 * to do.
 *
 * Nothing the fixer does is trusted: the caller compares the key->value
 * map of the result with the input's (es_fix_check) and refuses to write
 * on any difference the rules do not allow.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fix.h"
#include "rules.h"

#define NONE ((size_t)-1)
enum { ROUNDS = 8 };

/* ---------------------------------------------------------------- buffers */

void es_buf_add(es_buf *b, const void *p, size_t n)
{
    if (es_buf_grow(b, n + 1)) {
        if (n)
            memcpy(b->data + b->len, p, n);
        b->len += n;
        b->data[b->len] = '\0';
    }
}

void es_buf_str(es_buf *b, const char *s) { es_buf_add(b, s, strlen(s)); }

void es_buf_free(es_buf *b)
{
    free(b->data);
    *b = (es_buf){0};
}

/* ---------------------------------------------------------------- the map */

void es_fix_map_free(es_fix_map *m)
{
    es_vec_free(&m->recs);
    es_vec_free(&m->diags);
    es_vec_free(&m->defs);
    es_arena_free(&m->arena);
}

int es_fix_map_read(es_fix_map *m, const es_parse_opts *o, es_parse_ws *ws, const uint8_t *s,
                    size_t n, es_lint_fix *stmts)
{
    es_arena_init(&m->arena);
    es_vec_init(&m->recs, sizeof(envscan_record));
    es_vec_init(&m->diags, sizeof(envscan_diagnostic));
    es_vec_init(&m->defs, sizeof(es_fix_def));
    es_sink sink = {.arena = &m->arena, .records = &m->recs, .diags = &m->diags, .file = "",
                    .format = ENVSCAN_FORMAT_DOTENV};
    es_parse_opts po = *o;
    po.lint = stmts ? o->lint : 0;
    po.fix = stmts;
    FORWARD_IF_ERROR(es_dotenv_parse(&po, ws, s, n, &sink));
    RETURN_IF(sink.oom || (stmts && stmts->oom), ENVSCAN_E_NOMEM);
    const envscan_record *r = m->recs.data;
    for (size_t i = 0; i < m->recs.len; i++) {
        if (r[i].kind != ENVSCAN_KIND_DEFINITION || (r[i].flags & ENVSCAN_RECORD_OVERRIDDEN))
            continue;
        es_fix_def *d = es_vec_push(&m->defs);
        RETURN_IF(!d, ENVSCAN_E_NOMEM);
        *d = (es_fix_def){.key = r[i].key, .key_len = r[i].key_len, .value = r[i].value,
                          .value_len = r[i].value_len, .line = r[i].line,
                          .ord = m->defs.len - 1};
    }
    return ENVSCAN_OK;
}

static int def_key_cmp(const void *a, const void *b)
{
    const es_fix_def *x = a, *y = b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->key, y->key, n);
    if (c || x->key_len != y->key_len)
        return c ? c : x->key_len < y->key_len ? -1 : 1;
    return x->ord < y->ord ? -1 : x->ord > y->ord;
}

static bool same_def(const es_fix_def *x, const es_fix_def *y)
{
    return x->key_len == y->key_len && memcmp(x->key, y->key, x->key_len) == 0 &&
           !x->value == !y->value && x->value_len == y->value_len &&
           (!x->value || memcmp(x->value, y->value, x->value_len) == 0);
}

/* The first index where x[0, nx) and y[0, ny) differ; SIZE_MAX if none. */
static size_t first_diff(const es_fix_def *x, size_t nx, const es_fix_def *y, size_t ny)
{
    size_t i = 0;
    while (i < nx && i < ny && same_def(&x[i], &y[i]))
        i++;
    return i == nx && i == ny ? SIZE_MAX : i;
}

const es_fix_def *es_fix_map_diff(const es_fix_map *a, const es_fix_map *b, bool any_order,
                                  bool *in_a)
{
    const size_t na = a->defs.len, nb = b->defs.len;
    const es_fix_def *x = a->defs.data, *y = b->defs.data;
    *in_a = true;
    /* a key gone, added or with another value first (sorted copies: it
     * names the key that changed), then the order */
    es_fix_def *sx = malloc((na + nb + 1) * sizeof *sx), *sy = sx ? sx + na : NULL;
    if (!sx) /* cannot tell: call it a difference */
        return na ? x : (*in_a = false, nb ? y : NULL);
    if (na)
        memcpy(sx, x, na * sizeof *sx);
    if (nb)
        memcpy(sy, y, nb * sizeof *sy);
    qsort(sx, na, sizeof *sx, def_key_cmp);
    qsort(sy, nb, sizeof *sy, def_key_cmp);
    const es_fix_def *bad = NULL;
    size_t i = first_diff(sx, na, sy, nb);
    if (i != SIZE_MAX) {
        /* the smaller key of the two is the one one side lacks or changed */
        bool take_a = i < na && (i == nb || def_key_cmp(&sx[i], &sy[i]) <= 0);
        *in_a = take_a;
        bad = take_a ? &x[sx[i].ord] : &y[sy[i].ord];
    } else if (!any_order && (i = first_diff(x, na, y, nb)) != SIZE_MAX) {
        bad = &x[i];
    }
    free(sx);
    return bad;
}

int es_fix_check(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *a, size_t na,
                 const uint8_t *b, size_t nb, bool any_order, char *key, size_t key_cap,
                 uint32_t *line)
{
    es_fix_map ma, mb;
    int rc = es_fix_map_read(&ma, o, ws, a, na, NULL);
    int rc2 = es_fix_map_read(&mb, o, ws, b, nb, NULL);
    if (rc == ENVSCAN_OK)
        rc = rc2;
    if (rc == ENVSCAN_OK) {
        bool in_a;
        const es_fix_def *d = es_fix_map_diff(&ma, &mb, any_order, &in_a);
        rc = d != NULL;
        if (d) {
            size_t n = d->key_len < key_cap - 1 ? d->key_len : key_cap - 1;
            memcpy(key, d->key, n);
            key[n] = '\0';
            *line = in_a ? d->line : 0;
            if (!in_a) /* where the input defines it, if it does at all */
                for (size_t i = 0; i < ma.defs.len; i++) {
                    const es_fix_def *e = &ES_VEC_AT(&ma.defs, es_fix_def, i);
                    if (e->key_len == d->key_len && memcmp(e->key, d->key, d->key_len) == 0)
                        *line = e->line;
                }
        }
    }
    es_fix_map_free(&ma);
    es_fix_map_free(&mb);
    return rc;
}

/* ------------------------------------------------------ whole-file fixes */

static int key_cmp(const uint8_t *s, const es_fix_stmt *x, const es_fix_stmt *y)
{
    size_t la = x->key_e - x->key_s, lb = y->key_e - y->key_s;
    int c = memcmp(s + x->key_s, s + y->key_s, la < lb ? la : lb);
    return c ? c : (la > lb) - (la < lb);
}

/* qsort has no context argument in C11: the text being sorted */
static _Thread_local const uint8_t *sort_text;
static _Thread_local const es_fix_stmt *sort_stmts;

static int stmt_idx_cmp(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = key_cmp(sort_text, &sort_stmts[i], &sort_stmts[j]);
    return c ? c : (i > j) - (i < j);
}

static bool push_edit(es_lint_fix *f, size_t a, size_t b, const char *text, size_t len, int rule,
                      uint32_t fixes)
{
    es_fix_edit *e = es_vec_push(&f->edits);
    if (!e)
        return false;
    *e = (es_fix_edit){.a = a, .b = b, .text = text, .len = len, .seq = (uint32_t)f->edits.len,
                       .pair = ++f->pairs, .rule = (uint8_t)rule, .fixes = fixes};
    return true;
}

/* duplicate-key: every definition a later one of the same key overrides
 * goes, with its lines (when it has them to itself). Returns how many. */
static size_t fix_duplicates(const uint8_t *s, es_lint_fix *f, size_t *idx, bool *oom)
{
    const es_fix_stmt *st = f->stmts.data;
    size_t n = 0, made = 0;
    for (size_t i = 0; i < f->stmts.len; i++)
        if (st[i].has_eq)
            idx[n++] = i;
    sort_text = s;
    sort_stmts = st;
    qsort(idx, n, sizeof *idx, stmt_idx_cmp);
    for (size_t i = 0; i + 1 < n; i++) {
        const es_fix_stmt *x = &st[idx[i]];
        if (key_cmp(s, x, &st[idx[i + 1]]) != 0 || !x->own_lines)
            continue;
        if (!push_edit(f, x->ls, x->le, "", 0, ES_FIX_DUPLICATE, 1))
            *oom = true;
        made++;
    }
    return made;
}

/* Is the line that ends just before `ls` a comment line? */
static bool comment_above(const uint8_t *s, size_t ls)
{
    if (ls == 0)
        return false;
    size_t a = ls - 1;
    while (a > 0 && s[a - 1] != '\n')
        a--;
    while (a < ls && (s[a] == ' ' || s[a] == '\t'))
        a++;
    return a < ls && s[a] == '#';
}

/* lint-unordered-key: a run of adjacent statements of one group, each on
 * lines of its own and with the rule on, is sorted by key (stable, lines
 * moved whole with their inline comments). A group has no comment line
 * inside (a comment line starts a new group); a comment right above it
 * may be about its first key, so a run under a comment is sorted only
 * when its first key stays first. */
static void fix_order(const uint8_t *s, es_lint_fix *f, size_t *idx, es_arena *ar, bool *oom)
{
    const es_fix_stmt *st = f->stmts.data;
    const size_t n = f->stmts.len;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        if (st[i].own_lines && st[i].sort_on)
            while (j < n && st[j].own_lines && st[j].sort_on && st[j].group == st[i].group &&
                   st[j].ls == st[j - 1].le)
                j++;
        size_t inversions = 0;
        for (size_t k = i + 1; k < j; k++)
            inversions += key_cmp(s, &st[k], &st[k - 1]) < 0;
        if (!inversions || !st[i].own_lines || !st[i].sort_on) {
            i = j;
            continue;
        }
        for (size_t k = i; k < j; k++)
            idx[k - i] = k;
        sort_text = s;
        sort_stmts = st;
        qsort(idx, j - i, sizeof *idx, stmt_idx_cmp);
        if (idx[0] != i && comment_above(s, st[i].ls)) {
            i = j;
            continue;
        }
        const size_t a = st[i].ls, b = st[j - 1].le;
        char *text = es_arena_alloc_chars(ar, b - a + 1, 0);
        if (!text) {
            *oom = true;
            return;
        }
        size_t o = 0;
        for (size_t k = 0; k < j - i; k++) {
            const es_fix_stmt *x = &st[idx[k]];
            size_t e = x->le;
            if (e > x->ls && s[e - 1] == '\n')
                e--;
            if (k)
                text[o++] = '\n';
            memcpy(text + o, s + x->ls, e - x->ls);
            o += e - x->ls;
        }
        if (s[b - 1] == '\n')
            text[o++] = '\n';
        if (!push_edit(f, a, b, text, o, ES_LINT_UNORDERED_KEY, (uint32_t)inversions))
            *oom = true;
        i = j;
    }
}

/* ------------------------------------------------------- applying edits */

static int edit_cmp(const void *x, const void *y)
{
    const es_fix_edit *a = x, *b = y;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    if (a->b != b->b)
        return a->b < b->b ? -1 : 1;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Apply the edits that do not overlap (whole pairs only) to s into out;
 * counts go to st. Returns whether anything was applied, or -1 on OOM. */
static int apply(const uint8_t *s, size_t n, es_lint_fix *f, es_buf *out, es_fix_stats *st)
{
    es_fix_edit *e = f->edits.data;
    const size_t ne = f->edits.len;
    qsort(e, ne, sizeof *e, edit_cmp);
    bool *rejected = calloc((size_t)f->pairs + 1, sizeof *rejected);
    RETURN_IF(!rejected, -1);
    for (bool again = true; again;) { /* each round rejects a pair more, or ends */
        again = false;
        size_t last = 0;
        for (size_t i = 0; i < ne && !again; i++) {
            if (rejected[e[i].pair])
                continue;
            if (e[i].a < last)
                rejected[e[i].pair] = again = true;
            else if (e[i].b > last)
                last = e[i].b;
        }
    }
    size_t at = 0;
    int applied = 0;
    for (size_t i = 0; i < ne; i++) {
        if (rejected[e[i].pair])
            continue;
        es_buf_add(out, s + at, e[i].a - at);
        es_buf_add(out, e[i].text, e[i].len);
        at = e[i].b;
        st->fixed[e[i].rule] += e[i].fixes;
        st->reordered |= e[i].rule == ES_LINT_UNORDERED_KEY;
        applied = 1;
    }
    es_buf_add(out, s + at, n - at);
    free(rejected);
    return out->oom ? -1 : applied;
}

/* ------------------------------------------------------------- a round */

/* One round over s: the edits, applied into out. Returns 1 when something
 * changed, 0 when there was nothing to fix, or an error. */
static int round_once(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *s, size_t n,
                      es_buf *out, es_fix_stats *st)
{
    es_lint_fix lf = {0};
    es_vec_init(&lf.edits, sizeof(es_fix_edit));
    es_vec_init(&lf.stmts, sizeof(es_fix_stmt));
    /* positions are all a round needs: no expansion, no second reading */
    es_parse_opts po = *o;
    po.expand = false;
    po.lint &= ~(1u << ES_LINT_PORTABILITY);
    es_fix_map m; /* its arena holds the texts of sorted groups */
    int rc = es_fix_map_read(&m, &po, ws, s, n, &lf);
    size_t *idx = NULL;
    bool oom = rc == ENVSCAN_E_NOMEM;
    rc = oom ? ENVSCAN_OK : rc;
    if (rc == ENVSCAN_OK && !oom && lf.stmts.len) {
        idx = malloc(lf.stmts.len * sizeof *idx);
        oom = !idx;
        /* sort only once no duplicate is left: both move the same lines */
        if (idx && !fix_duplicates(s, &lf, idx, &oom) && !oom)
            fix_order(s, &lf, idx, &m.arena, &oom);
    }
    if (rc == ENVSCAN_OK && oom)
        rc = ENVSCAN_E_NOMEM;
    if (rc == ENVSCAN_OK && lf.edits.len) {
        int a = apply(s, n, &lf, out, st);
        rc = a < 0 ? ENVSCAN_E_NOMEM : a;
    }
    free(idx);
    es_vec_free(&lf.edits);
    es_vec_free(&lf.stmts);
    es_fix_map_free(&m);
    return rc;
}

bool es_utf8_valid(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint8_t c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t k = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
                   : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
        if (!k || n - i <= k)
            return false;
        uint8_t lo = 0x80, hi = 0xBF;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
        else if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return false;
        for (size_t j = 2; j <= k; j++)
            if (s[i + j] < 0x80 || s[i + j] > 0xBF)
                return false;
        i += k + 1;
    }
    return true;
}

int es_fix_text(const es_parse_opts *o, es_parse_ws *ws, const uint8_t *s, size_t n,
                es_buf *out, es_fix_stats *st, const char **why)
{
    *st = (es_fix_stats){0};
    *why = NULL;
    if (!es_utf8_valid(s, n)) {
        *why = "it is not valid UTF-8";
        return ENVSCAN_E_UNSUPPORTED;
    }
    /* CRLF files are fixed as LF text and get their CRs back: every '\r'
     * must then be the first half of a "\r\n", and every '\n' the second */
    const bool crlf = memchr(s, '\r', n) != NULL;
    es_buf cur = {0}, next = {0};
    for (size_t i = 0; i < n; i++) {
        if (crlf && ((s[i] == '\r') != (i + 1 < n && s[i + 1] == '\n') ||
                     (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')))) {
            es_buf_free(&cur);
            *why = "its line ends are mixed (CRLF and LF or a lone CR)";
            return ENVSCAN_E_UNSUPPORTED;
        }
        if (s[i] != '\r' || !crlf)
            es_buf_add(&cur, s + i, 1);
    }
    es_buf_add(&cur, "", 0); /* a NUL-terminated buffer even when empty */
    int rc = cur.oom ? ENVSCAN_E_NOMEM : ENVSCAN_OK;
    for (int r = 0; r < ROUNDS && rc == ENVSCAN_OK; r++) {
        next.len = 0;
        int changed = round_once(o, ws, (const uint8_t *)cur.data, cur.len, &next, st);
        if (changed <= 0) {
            rc = changed;
            break;
        }
        es_buf t = cur;
        cur = next;
        next = t;
    }
    es_buf_free(&next);
    if (rc == ENVSCAN_OK) {
        out->len = 0;
        for (size_t i = 0; i < cur.len; i++) {
            if (crlf && cur.data[i] == '\n')
                es_buf_add(out, "\r", 1);
            es_buf_add(out, cur.data + i, 1);
        }
        es_buf_add(out, "", 0);
        rc = out->oom ? ENVSCAN_E_NOMEM : ENVSCAN_OK;
    }
    es_buf_free(&cur);
    return rc;
}

void es_fix_describe(const es_fix_stats *st, es_buf *out)
{
    bool first = true;
    for (int i = 0; i <= ES_FIX_DUPLICATE; i++) {
        /* lint ids without their "lint-" prefix; the parser's duplicates */
        const char *name = i == ES_FIX_DUPLICATE ? es_rule_find("duplicate-key")->id
                           : es_lint_rule_id(i) ? es_lint_rule_id(i) + 5
                                                : NULL;
        if (!st->fixed[i] || !name)
            continue;
        char num[32];
        snprintf(num, sizeof num, " %zu", st->fixed[i]);
        if (!first)
            es_buf_str(out, ", ");
        es_buf_str(out, name);
        es_buf_str(out, num);
        first = false;
    }
    es_buf_add(out, "", 0);
}

/* ------------------------------------------------------------ public API */

static size_t total(const es_fix_stats *st)
{
    size_t t = 0;
    for (int i = 0; i <= ES_FIX_DUPLICATE; i++)
        t += st->fixed[i];
    return t;
}

/* Fix and check data; on success out holds the result. */
/* One fix of data[0, len) into out, checked; no change summary. */
static int fix_round(envscan_scanner *sc, const char *name, const uint8_t *data, size_t len,
                     es_buf *out, es_fix_stats *st)
{
    es_parse_ws *ws = es_scanner_ws(sc);
    RETURN_IF(!ws, ENVSCAN_E_NOMEM);
    es_parse_opts o = es_scanner_parse_opts(sc);
    char key[128];
    uint32_t line = 0;
    int rc;
    /* sorting moves definitions past the references that read them: when
     * that changes a value, the file is fixed once more without sorting */
    for (int sorted = 1; sorted >= 0; sorted--) {
        const char *why;
        rc = es_fix_text(&o, ws, data, len, out, st, &why);
        if (rc == ENVSCAN_E_UNSUPPORTED)
            return es_scanner_error(sc, rc, name, 0, 0, "%s: not fixed: %s", name, why);
        if (rc != ENVSCAN_OK)
            return es_scanner_error(sc, rc, name, 0, 0, "%s: %s", name, envscan_strerror(rc));
        rc = total(st) ? es_fix_check(&o, ws, data, len, (const uint8_t *)out->data, out->len,
                                      st->reordered, key, sizeof key, &line)
                       : 0;
        if (rc <= 0 || !st->reordered)
            break;
        o.lint &= ~(1u << ES_LINT_UNORDERED_KEY);
    }
    if (rc < 0)
        return es_scanner_error(sc, rc, name, 0, 0, "%s: %s", name, envscan_strerror(rc));
    if (rc > 0)
        return es_scanner_error(sc, ENVSCAN_E_UNSAFE, name, line, 0,
                                "%s: not fixed: the fixes would change how %s is defined "
                                "(line %u); the file is left as it is (docs/lint.md, Fixing)",
                                name, key, line);
    return ENVSCAN_OK;
}

/* Fix until the text no longer changes (a few rounds at most), so that
 * fixing a fixed file changes nothing: a fix can make another one safe
 * that the check refused before (quotes added let a sort keep every
 * value). A later round that is refused ends the rounds, keeping what
 * the earlier ones did (each was checked against its own input). */
static int fix_checked(envscan_scanner *sc, const char *name, const uint8_t *data, size_t len,
                       es_buf *out, es_fix_stats *st)
{
    int rc = fix_round(sc, name, data, len, out, st);
    for (int round = 0; rc == ENVSCAN_OK && round < 4; round++) {
        es_buf next = {0};
        es_fix_stats more;
        if (out->len == len && memcmp(out->data, data, len) == 0)
            break; /* nothing changed: a fixed point already */
        if (fix_round(sc, name, (const uint8_t *)out->data, out->len, &next, &more) != ENVSCAN_OK ||
            (next.len == out->len && memcmp(next.data, out->data, out->len) == 0)) {
            es_scanner_clear_error(sc);
            es_buf_free(&next);
            break;
        }
        for (size_t i = 0; i < sizeof st->fixed / sizeof st->fixed[0]; i++)
            st->fixed[i] += more.fixed[i];
        st->reordered |= more.reordered;
        es_buf_free(out);
        *out = next;
    }
    if (rc != ENVSCAN_OK)
        return rc;
    es_buf d = {0};
    es_fix_describe(st, &d);
    rc = d.oom ? ENVSCAN_E_NOMEM : es_scanner_set_change(sc, d.data);
    es_buf_free(&d);
    return rc;
}

int envscan_fix_buffer(envscan_scanner *sc, const void *data, size_t len, const char *name,
                       unsigned flags, char **out, size_t *out_len, size_t *n_fixed)
{
    if (out)
        *out = NULL;
    RETURN_IF(!sc || !out || (!data && len) || flags, ENVSCAN_E_INVALID);
    es_scanner_clear_error(sc);
    es_scanner_set_change(sc, "");
    es_buf b = {0};
    es_fix_stats st;
    int rc = fix_checked(sc, name ? name : "<buffer>", data ? data : "", len, &b, &st);
    if (rc != ENVSCAN_OK) {
        es_buf_free(&b);
        return rc;
    }
    *out = b.data;
    if (out_len)
        *out_len = b.len;
    if (n_fixed)
        *n_fixed = total(&st);
    return ENVSCAN_OK;
}

int envscan_fix_file(envscan_scanner *sc, const char *path, unsigned flags, size_t *n_fixed,
                     char **diff, size_t *diff_len)
{
    if (diff)
        *diff = NULL;
    if (n_fixed)
        *n_fixed = 0;
    RETURN_IF(!sc || !path || (flags & ~ENVSCAN_EDIT_DRY_RUN), ENVSCAN_E_INVALID);
    es_scanner_clear_error(sc);
    es_scanner_set_change(sc, "");
    char err[512];
    int eno = 0;
    es_file_snap snap;
    uint8_t *data = NULL;
    size_t len = 0;
    int rc = es_file_load(path, false, &snap, &data, &len, err, sizeof err, &eno);
    if (rc != ENVSCAN_OK)
        return es_scanner_error(sc, rc, path, 0, eno, "%s", err);
    es_buf b = {0}, d = {0};
    es_fix_stats st;
    rc = fix_checked(sc, path, data, len, &b, &st);
    const bool changed = rc == ENVSCAN_OK && (b.len != len || memcmp(b.data, data, len) != 0);
    if (rc == ENVSCAN_OK && diff) {
        if (changed)
            es_udiff(path, data, len, (const uint8_t *)b.data, b.len, &d);
        es_buf_add(&d, "", 0);
        rc = d.oom ? es_scanner_error(sc, ENVSCAN_E_NOMEM, path, 0, 0, "%s: out of memory", path)
                   : ENVSCAN_OK;
    }
    if (rc == ENVSCAN_OK && changed && !(flags & ENVSCAN_EDIT_DRY_RUN)) {
        rc = es_file_store(path, &snap, b.data, b.len, err, sizeof err, &eno);
        if (rc != ENVSCAN_OK)
            es_scanner_error(sc, rc, path, 0, eno, "%s", err);
    }
    if (rc == ENVSCAN_OK) {
        if (n_fixed)
            *n_fixed = total(&st);
        if (diff) {
            *diff = d.data;
            d.data = NULL;
            if (diff_len)
                *diff_len = d.len;
        }
    } else {
        es_scanner_set_change(sc, "");
    }
    es_buf_free(&d);
    es_buf_free(&b);
    free(data);
    return rc;
}
