/*
 * lint.c — the dotenv lint rules and their suppression comments
 * (docs/lint.md). See lint.h for how the parser feeds it.
 *
 * One pass, forward only: the text between two statements is read line
 * by line (blank, comment, or skipped text), then the statement itself is
 * checked. Findings are made in position order (within a line, at most
 * one step back), so the line cursor (formats/lines.h) only moves
 * forward and the whole pass is linear in the file; its state is a fixed
 * struct. Rule ids, severities and summaries live in rules.c.
 */
#include <stdio.h>

#include "lint.h"
#include "../formats/lines.h"
#include "rules.h"
#include "../secrets/secrets.h"

#define NONE ((size_t)-1)

/* Bit order of lint.h. */
static const char *const rule_ids[ES_LINT_COUNT] = {
    "lint-ending-blank-line",  "lint-extra-blank-line", "lint-incorrect-delimiter",
    "lint-key-without-value",  "lint-leading-character", "lint-lowercase-key",
    "lint-quote-character",    "lint-space-character",  "lint-substitution-key",
    "lint-trailing-whitespace", "lint-unordered-key",   "lint-value-without-quotes",
    "lint-unknown-rule",       "lint-portability",
};

uint32_t es_lint_default_rules(void)
{
    /* style-only rules (blank lines, case, order, quotes that do no harm,
     * trailing blanks) are off until asked for */
    return 1u << ES_LINT_INCORRECT_DELIMITER | 1u << ES_LINT_KEY_WITHOUT_VALUE |
           1u << ES_LINT_LEADING_CHARACTER | 1u << ES_LINT_SPACE_CHARACTER |
           1u << ES_LINT_SUBSTITUTION_KEY | 1u << ES_LINT_VALUE_WITHOUT_QUOTES |
           1u << ES_LINT_UNKNOWN_RULE;
}

const char *es_lint_rule_id(int bit)
{
    return bit >= 0 && bit < ES_LINT_COUNT ? rule_ids[bit] : NULL;
}

int es_lint_rule_bit(const char *name, size_t len)
{
    if (len > 5 && memcmp(name, "lint-", 5) == 0) {
        name += 5;
        len -= 5;
    }
    for (int i = 0; i < ES_LINT_COUNT; i++)
        if (strlen(rule_ids[i]) - 5 == len && memcmp(rule_ids[i] + 5, name, len) == 0)
            return i;
    return -1;
}

/* ------------------------------------------------------------ helpers */

static inline bool is_blank(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}
static inline bool is_alpha(uint8_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline bool is_word(uint8_t c)
{
    return is_alpha(c) || (c >= '0' && c <= '9') || c == '_';
}

/* Eight bytes at a time for the lines of the parser's fast path, whose
 * bytes are all below 0x80 (the per-byte loops cost as much as the parse):
 * the classic "has a byte less than / more than / equal to" word tests. */
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
static inline uint64_t load8(const uint8_t *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}
static inline uint64_t has_less(uint64_t w, uint8_t c) /* c <= 128 */
{
    return (w - ONES * c) & ~w & HIGHS;
}
static inline uint64_t has_more(uint64_t w, uint8_t c) /* c <= 127 */
{
    return ((w + ONES * (uint8_t)(127 - c)) | w) & HIGHS;
}
static inline uint64_t has_byte(uint64_t w, uint8_t c)
{
    return has_less(w ^ (ONES * c), 1);
}

/* Word tests of [a, b) (b - a >= 8; the last word overlaps the one before
 * it, which an "any" test does not mind). */
typedef enum { ANY_LOWER, ANY_BELOW_DIGITS, ANY_BLANK_OR_DOLLAR } any_test;
static inline bool any8(const uint8_t *s, size_t a, size_t b, any_test k)
{
    for (size_t i = a;; i += 8) {
        if (i + 8 > b)
            i = b - 8;
        uint64_t w = load8(s + i), hit;
        if (k == ANY_LOWER)
            hit = has_more(w, 'a' - 1);
        else if (k == ANY_BELOW_DIGITS)
            hit = has_less(w, '0');
        else
            hit = has_byte(w, ' ') | has_byte(w, '\t') | has_byte(w, '$');
        if (hit)
            return true;
        if (i + 8 >= b)
            return false;
    }
}

static size_t line_end(const es_lint *l, size_t i)
{
    const uint8_t *q = i < l->n ? memchr(l->s + i, '\n', l->n - i) : NULL;
    return q ? (size_t)(q - l->s) : l->n;
}

static void vfinding(es_lint *l, int bit, uint32_t line, uint32_t col, const char *key,
                     size_t key_len, const char *fmt, va_list ap)
{
    if (!l->sev[bit]) { /* looked up once per file and rule */
        const es_rule *r = es_rule_find(rule_ids[bit]);
        l->sev[bit] = r ? r->severity : ENVSCAN_SEVERITY_WARNING;
    }
    char msg[256];
    vsnprintf(msg, sizeof msg, fmt, ap);
    es_sink_diag_key(l->out, (envscan_severity)l->sev[bit], rule_ids[bit], key, key_len, line,
                     col, "%s", msg);
}

/* The same at line:col, about a key already copied out. */
static void finding_lc(es_lint *l, int bit, uint32_t line, uint32_t col, const char *key,
                       size_t key_len, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
static void finding_lc(es_lint *l, int bit, uint32_t line, uint32_t col, const char *key,
                       size_t key_len, const char *fmt, ...)
{
    if (!(l->rules & (1u << bit)) || (l->off_now & (1u << bit)))
        return;
    va_list ap;
    va_start(ap, fmt);
    vfinding(l, bit, line, col, key, key_len, fmt, ap);
    va_end(ap);
}

/* A finding of rule `bit` at pos, about key [ks, ke) (ks NONE: none). */
static void finding(es_lint *l, int bit, size_t pos, size_t ks, size_t ke, const char *fmt,
                    ...) __attribute__((format(printf, 6, 7)));
static void finding(es_lint *l, int bit, size_t pos, size_t ks, size_t ke, const char *fmt, ...)
{
    if (!(l->rules & (1u << bit)) || (l->off_now & (1u << bit)))
        return;
    uint32_t line, col;
    es_lc_at(&l->lc, pos, &line, &col);
    va_list ap;
    va_start(ap, fmt);
    vfinding(l, bit, line, col, ks == NONE ? NULL : (const char *)l->s + ks,
             ks == NONE ? 0 : ke - ks, fmt, ap);
    va_end(ap);
}

/* ---------------------------------------------------------------- --fix */

/* Is rule `bit` to be fixed on the item being linted? Exactly when the
 * pass would report its finding there: on, and not silenced. */
static bool fixing(const es_lint *l, int bit)
{
    return l->fix && (l->rules & (1u << bit)) && !(l->off_now & (1u << bit));
}

/* Record an edit of rule `bit`: [a, b) becomes `text` (static). `pair` 0
 * starts a new fix (the edit that counts); pass the returned pair to add
 * edits that must be applied with it. */
static uint32_t edit(es_lint *l, int bit, uint32_t pair, size_t a, size_t b, const char *text)
{
    es_lint_fix *f = l->fix;
    es_fix_edit *e = es_vec_push(&f->edits);
    if (!e) {
        f->oom = true;
        return pair;
    }
    *e = (es_fix_edit){.a = a, .b = b, .text = text, .len = strlen(text),
                       .seq = (uint32_t)f->edits.len, .pair = pair ? pair : ++f->pairs,
                       .rule = (uint8_t)bit, .fixes = pair == 0};
    return e->pair;
}

/* A new lint-unordered-key group starts (a blank or comment line). */
static void group_break(es_lint *l)
{
    l->prev_key_s = NONE;
    if (l->fix)
        l->fix->group++;
}

static int key_show(size_t ks, size_t ke)
{
    return (int)(ke - ks > 64 ? 64 : ke - ks);
}

/* --------------------------------------------------- suppression comments */

enum { DIR_NONE, DIR_FILE, DIR_LINE, DIR_NEXT };

/* Read the comment [c, e) (s[c] == '#'). Returns its kind and sets *mask
 * to the rules it names (all when it names none). With `report`, each
 * name that is not a lint rule is a finding. */
static int directive(es_lint *l, size_t c, size_t e, uint32_t *mask, bool report)
{
    const uint8_t *s = l->s;
    size_t i = c + 1;
    while (i < e && is_blank(s[i]))
        i++;
    static const struct {
        const char *word;
        int kind;
    } kinds[] = {{"envscan:ignore-next-line", DIR_NEXT},
                 {"envscan:ignore-line", DIR_LINE},
                 {"envscan:ignore", DIR_FILE}};
    int kind = DIR_NONE;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        size_t w = strlen(kinds[k].word);
        if (e - i >= w && memcmp(s + i, kinds[k].word, w) == 0 &&
            (i + w == e || is_blank(s[i + w]))) {
            kind = kinds[k].kind;
            i += w;
            break;
        }
    }
    if (kind == DIR_NONE)
        return DIR_NONE;
    uint32_t m = 0;
    bool named = false;
    while (i < e) {
        while (i < e && (is_blank(s[i]) || s[i] == ','))
            i++;
        size_t a = i;
        while (i < e && !is_blank(s[i]) && s[i] != ',')
            i++;
        if (i == a)
            break;
        named = true;
        int bit = es_lint_rule_bit((const char *)s + a, i - a);
        if (bit >= 0)
            m |= 1u << bit;
        else if ((i - a == 6 && memcmp(s + a, "secret", 6) == 0) ||
                 (i - a > 7 && memcmp(s + a, "secret-", 7) == 0))
            ; /* the secrets scan reads it (secrets/secrets.c) */
        else if (report)
            finding(l, ES_LINT_UNKNOWN_RULE, a, NONE, NONE,
                    "'%.*s' is not a lint rule (see docs/lint.md); this comment silences "
                    "nothing for it",
                    key_show(a, i), (const char *)s + a);
    }
    *mask = named ? m : ES_LINT_ALL;
    return kind;
}

/* The silences for the item (line or statement) that starts now. */
static void item_begin(es_lint *l)
{
    l->off_now = l->off_file | (l->next_pending ? l->off_next : 0);
    l->next_pending = false;
}

/* Apply a directive read on the current item. */
static void directive_apply(es_lint *l, int kind, uint32_t mask)
{
    if (kind == DIR_FILE) {
        l->off_file |= mask;
        l->off_now |= mask;
    } else if (kind == DIR_LINE) {
        l->off_now |= mask;
    } else if (kind == DIR_NEXT) {
        l->off_next = mask;
        l->next_pending = true;
    }
}

/* ------------------------------------------------------------ portability */

void es_lint_set_diffs(es_lint *l, const es_lint_diff *d, size_t n)
{
    l->diff = d;
    l->n_diff = n;
}

/* Up to 24 bytes of a value for a message, other bytes than printable
 * ASCII shown as '?'; "(no value)" for NULL; the redacted form of a
 * secret (secrets.h), as no report may hold one in plain text. */
static const char *show_value(const es_lint *l, const envscan_record *r, char *buf, size_t cap)
{
    if (!r->value)
        return "(no value)";
    if (l->po && l->ws && cap >= ES_SECRET_REDACTED_MAX &&
        es_secret_in_value(l->po, l->ws, r->key, r->key_len, r->value, r->value_len)) {
        es_secret_redact(l->po->fp_seed, r->value, r->value_len, buf);
        return buf;
    }
    size_t n = r->value_len < 24 ? r->value_len : 24, o = 0;
    buf[o++] = '"';
    for (size_t i = 0; i < n && o + 5 < cap; i++) {
        uint8_t c = (uint8_t)r->value[i];
        buf[o++] = c >= 0x20 && c < 0x7f && c != '"' ? (char)c : '?';
    }
    if (r->value_len > n)
        buf[o++] = '.', buf[o++] = '.', buf[o++] = '.';
    buf[o++] = '"';
    buf[o] = '\0';
    return buf;
}

/* Report the differences on lines up to `line` (all: UINT32_MAX). */
static void diffs_until(es_lint *l, uint32_t line)
{
    for (; l->n_diff && l->diff->line <= line; l->diff++, l->n_diff--) {
        const es_lint_diff *d = l->diff;
        const envscan_record *r = d->node ? d->node : d->python;
        char va[ES_SECRET_REDACTED_MAX], vb[ES_SECRET_REDACTED_MAX];
        if (!d->node || !d->python)
            finding_lc(l, ES_LINT_PORTABILITY, d->line, d->col, r->key, r->key_len,
                       "%.*s is defined here by %s only; the %s dialect reads this line "
                       "differently",
                       (int)(r->key_len > 64 ? 64 : r->key_len), r->key,
                       d->node ? "node" : "python", d->node ? "python" : "node");
        else
            finding_lc(l, ES_LINT_PORTABILITY, d->line, d->col, r->key, r->key_len,
                       "%.*s: node reads %.*s = %s, python reads %.*s = %s",
                       (int)(r->key_len > 64 ? 64 : r->key_len), r->key,
                       (int)(d->node->key_len > 64 ? 64 : d->node->key_len), d->node->key,
                       show_value(l, d->node, va, sizeof va),
                       (int)(d->python->key_len > 64 ? 64 : d->python->key_len),
                       d->python->key, show_value(l, d->python, vb, sizeof vb));
    }
}

/* The same up to the line holding pos. */
static void diffs_at(es_lint *l, size_t pos)
{
    if (!l->n_diff || !(l->rules & (1u << ES_LINT_PORTABILITY)))
        return;
    uint32_t line, col;
    es_lc_at(&l->lc, pos, &line, &col);
    diffs_until(l, line);
}

static bool same_value(const envscan_record *a, const envscan_record *b)
{
    if (!a->value || !b->value)
        return !a->value && !b->value;
    return a->value_len == b->value_len && memcmp(a->value, b->value, a->value_len) == 0;
}

static int pos_cmp(const envscan_record *a, const envscan_record *b)
{
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a->column < b->column ? -1 : a->column > b->column;
}

int es_lint_port_find(es_lint_port *pt, const es_parse_opts *o, const uint8_t *data, size_t len)
{
    static const envscan_dialect ds[2] = {ENVSCAN_DIALECT_NODE, ENVSCAN_DIALECT_PYTHON};
    memset(pt, 0, sizeof *pt);
    es_arena_init(&pt->arena);
    es_vec_init(&pt->diffs, sizeof(es_lint_diff));
    for (int i = 0; i < 2; i++) {
        es_vec_init(&pt->records[i], sizeof(envscan_record));
        es_vec_init(&pt->diags[i], sizeof(envscan_diagnostic));
    }
    for (int i = 0; i < 2; i++) {
        es_sink sink = {.arena = &pt->arena, .records = &pt->records[i],
                        .diags = &pt->diags[i], .file = "", .format = ENVSCAN_FORMAT_DOTENV};
        /* raw values: expansion differs between the dialects by design */
        es_parse_opts po = {.kernels = o->kernels, .dialect = ds[i]};
        FORWARD_IF_ERROR(es_dotenv_parse(&po, &pt->ws, data, len, &sink));
    }
    const envscan_record *a = pt->records[0].data, *b = pt->records[1].data;
    const size_t na = pt->records[0].len, nb = pt->records[1].len;
    for (size_t i = 0, j = 0; i < na || j < nb;) {
        int c = i == na ? 1 : j == nb ? -1 : pos_cmp(&a[i], &b[j]);
        const envscan_record *x = c <= 0 ? &a[i] : NULL, *y = c >= 0 ? &b[j] : NULL;
        i += c <= 0;
        j += c >= 0;
        if (x && y && x->key_len == y->key_len && memcmp(x->key, y->key, x->key_len) == 0 &&
            same_value(x, y))
            continue;
        es_lint_diff *d = es_vec_push(&pt->diffs);
        RETURN_IF(!d, ENVSCAN_E_NOMEM);
        const envscan_record *r = x ? x : y;
        *d = (es_lint_diff){.line = r->line, .col = r->column, .node = x, .python = y};
    }
    return ENVSCAN_OK;
}

void es_lint_port_free(es_lint_port *pt)
{
    for (int i = 0; i < 2; i++) {
        es_vec_free(&pt->records[i]);
        es_vec_free(&pt->diags[i]);
    }
    es_vec_free(&pt->diffs);
    es_parse_ws_free(&pt->ws);
    es_arena_free(&pt->arena);
}

/* ------------------------------------------------------------ lines */

static void trailing(es_lint *l, size_t from, size_t e, size_t ks, size_t ke)
{
    size_t t = e;
    while (t > from && (l->s[t - 1] == ' ' || l->s[t - 1] == '\t'))
        t--;
    if (t < e) {
        finding(l, ES_LINT_TRAILING_WHITESPACE, t, ks, ke,
                "%zu white-space character%s at the end of the line", e - t,
                e - t == 1 ? "" : "s");
        if (fixing(l, ES_LINT_TRAILING_WHITESPACE))
            edit(l, ES_LINT_TRAILING_WHITESPACE, 0, t, e, "");
    }
}

/* Lint the text from l->pos up to `upto` (a line start, or n): lines
 * the parser read as blank, comment or skipped text. */
static void gap(es_lint *l, size_t upto)
{
    const uint8_t *s = l->s;
    while (l->pos < upto) {
        size_t a = l->pos, e = line_end(l, a);
        bool whole = a == 0 || s[a - 1] == '\n';
        size_t f = a;
        while (f < e && is_blank(s[f]))
            f++;
        item_begin(l);
        diffs_at(l, a);
        if (f == e) {
            if (whole && l->prev_blank) {
                finding(l, ES_LINT_EXTRA_BLANK_LINE, a, NONE, NONE,
                        "a second blank line in a row");
                /* the line and its line break; the last line: the break
                 * before it (a > 0: the previous line was blank) */
                if (fixing(l, ES_LINT_EXTRA_BLANK_LINE))
                    edit(l, ES_LINT_EXTRA_BLANK_LINE, 0, e < l->n ? a : a - 1,
                         e < l->n ? e + 1 : e, "");
            }
            l->prev_blank = whole;
            group_break(l);
        } else if (s[f] == '#') {
            uint32_t mask = 0;
            int kind = directive(l, f, e, &mask, false);
            directive_apply(l, kind, mask);
            if (kind != DIR_NONE)
                directive(l, f, e, &mask, true);
            l->prev_blank = false;
            group_break(l);
        } else {
            l->prev_blank = false;
        }
        trailing(l, a, e, NONE, NONE);
        l->pos = e < l->n ? e + 1 : l->n;
    }
}

/* ---------------------------------------------------------- statements */

static int key_cmp(const uint8_t *s, size_t as, size_t ae, size_t bs, size_t be)
{
    size_t la = ae - as, lb = be - bs;
    int c = memcmp(s + as, s + bs, la < lb ? la : lb);
    return c ? c : (la > lb) - (la < lb);
}

/* The first `${` in [a, b) that is not a well-formed reference, or NONE.
 * Well formed: `${NAME}` or `${NAME` + one of : - + = ? + ... + `}`,
 * NAME = [A-Za-z_][A-Za-z0-9_]*. A `\$` is not a reference. */
static size_t bad_substitution(const uint8_t *s, size_t a, size_t b)
{
    size_t last_close = NONE;
    for (size_t i = b; i-- > a;)
        if (s[i] == '}') {
            last_close = i;
            break;
        }
    for (size_t i = a; i + 1 < b; i++) {
        if (s[i] != '$' || s[i + 1] != '{' || (i > 0 && s[i - 1] == '\\'))
            continue;
        size_t j = i + 2;
        if (j < b && (is_alpha(s[j]) || s[j] == '_'))
            while (j < b && is_word(s[j]))
                j++;
        bool named = j > i + 2;
        bool next_ok = j < b && (s[j] == '}' || strchr(":-+=?", s[j]));
        if (!named || !next_ok || last_close == NONE || last_close < j)
            return i;
    }
    return NONE;
}

static bool needs_no_quotes(const uint8_t *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (!is_word(s[i]) && !strchr("-./:@%+,", s[i]))
            return false;
    return true;
}

/* The quotes that keep the unquoted value [a, b) as it is read, or NULL:
 * single ones when it has no ' (no reader decodes anything in them, and
 * python does not expand them, so not with a '$'); else double ones when
 * it has no " (with no backslash, neither dialect decodes anything). */
static const char *quote_for(const uint8_t *s, size_t a, size_t b)
{
    bool sq = false, dq = false, bs = false, dollar = false;
    for (size_t i = a; i < b; i++) {
        sq |= s[i] == '\'';
        dq |= s[i] == '"';
        bs |= s[i] == '\\';
        dollar |= s[i] == '$';
    }
    return bs ? NULL : !sq && !dollar ? "'" : !dq ? "\"" : NULL;
}

void es_lint_begin(es_lint *l, const uint8_t *s, size_t n, uint32_t rules, es_sink *out)
{
    *l = (es_lint){.s = s, .n = n, .out = out, .rules = rules, .prev_key_s = NONE,
                   .prev_key_e = NONE};
    es_lc_init(&l->lc, s, n);
}

void es_lint_stmt_add(es_lint *l, const es_lint_stmt *st)
{
    const uint8_t *s = l->s;
    /* the line the statement starts on */
    size_t ls = st->start;
    while (ls > l->pos && s[ls - 1] != '\n')
        ls--;
    gap(l, ls);
    const size_t ks = st->key_s, ke = st->key_e;
    size_t from = ke;
    if (st->eq != NONE && st->eq + 1 > from)
        from = st->eq + 1;
    if (st->val_s != NONE && st->val_e > from)
        from = st->val_e;
    if (from < st->start)
        from = st->start;
    const size_t e = st->end ? st->end : line_end(l, from);

    item_begin(l);
    /* a comment after the statement may silence it */
    const uint8_t *h = !st->plain && from < e ? memchr(s + from, '#', e - from) : NULL;
    size_t hash = h ? (size_t)(h - s) : NONE;
    int kind = DIR_NONE;
    uint32_t mask = 0;
    if (hash != NONE) {
        kind = directive(l, hash, e, &mask, false);
        uint32_t next_mask = l->off_next;
        bool next_pending = l->next_pending;
        directive_apply(l, kind, mask);
        if (kind != DIR_NEXT) { /* a next-line silence waits for the next item */
            l->off_next = next_mask;
            l->next_pending = next_pending;
        }
    }

    diffs_at(l, e);
    if (l->fix) {
        es_fix_stmt *fs = es_vec_push(&l->fix->stmts);
        if (!fs)
            l->fix->oom = true;
        else
            *fs = (es_fix_stmt){.ls = ls, .le = e < l->n ? e + 1 : l->n, .key_s = ks, .key_e = ke,
                                .group = l->fix->group, .has_eq = st->eq != NONE,
                                .own_lines = (ls == 0 || s[ls - 1] == '\n') &&
                                             (e >= l->n || s[e] == '\n'),
                                .sort_on = fixing(l, ES_LINT_UNORDERED_KEY)};
    }
    const int kn = key_show(ks, ke);
    const char *k = (const char *)s + ks;
    if (ls < st->start && ls == l->pos)
        finding(l, ES_LINT_LEADING_CHARACTER, ls, ks, ke,
                "%.*s: the line starts with white space", kn, k);
    else if (ke > ks && !is_alpha(s[ks]) && s[ks] != '_')
        finding(l, ES_LINT_LEADING_CHARACTER, ks, ks, ke,
                "%.*s: a key should start with a letter or '_'", kn, k);
    /* one pass over the key for both rules that read all of it; leading
     * characters are leading-character's, not incorrect-delimiter's */
    bool lower = false;
    size_t delim = NONE;
    const bool wide = st->plain && ke - ks >= 8 && is_word(s[ks]);
    if (wide && (l->rules & (1u << ES_LINT_LOWERCASE_KEY | 1u << ES_LINT_INCORRECT_DELIMITER))) {
        /* a fast-path key holds only [A-Za-z0-9_.-]: lowercase letters
         * are the bytes above '`', the delimiters those below '0' */
        lower = any8(s, ks, ke, ANY_LOWER);
        if (any8(s, ks, ke, ANY_BELOW_DIGITS))
            for (size_t i = ks; delim == NONE; i++)
                delim = is_word(s[i]) ? NONE : i;
    } else if (l->rules & (1u << ES_LINT_LOWERCASE_KEY | 1u << ES_LINT_INCORRECT_DELIMITER)) {
        size_t i = ks;
        while (i < ke && !is_word(s[i]))
            i++;
        for (size_t d = i; i < ke; i++) {
            lower |= s[i] >= 'a' && s[i] <= 'z';
            if (delim == NONE && i > d && !is_word(s[i]))
                delim = i;
        }
    }
    if (lower)
        finding(l, ES_LINT_LOWERCASE_KEY, ks, ks, ke, "%.*s: the key has lowercase letters", kn,
                k);
    if (l->prev_key_s != NONE && key_cmp(s, ks, ke, l->prev_key_s, l->prev_key_e) < 0)
        finding(l, ES_LINT_UNORDERED_KEY, ks, ks, ke,
                "%.*s should come before %.*s (keys of a group in byte order)", kn, k,
                key_show(l->prev_key_s, l->prev_key_e), (const char *)s + l->prev_key_s);
    l->prev_key_s = ks;
    l->prev_key_e = ke;
    if (st->eq == NONE)
        finding(l, ES_LINT_KEY_WITHOUT_VALUE, ks, ks, ke,
                "%.*s has no '=': readers disagree whether it is defined", kn, k);
    if (delim != NONE)
        finding(l, ES_LINT_INCORRECT_DELIMITER, delim, ks, ke,
                "%.*s: '%c' in a key; a shell cannot name it (use '_')", kn, k,
                s[delim] < 0x80 && s[delim] >= 0x20 ? s[delim] : '?');
    if (st->eq != NONE && s[st->eq] == '=') {
        size_t sp = NONE;
        if (st->eq > ke && is_blank(s[st->eq - 1])) {
            sp = st->eq;
            while (sp > ke && is_blank(s[sp - 1]))
                sp--;
        } else if (st->eq + 1 < l->n && (s[st->eq + 1] == ' ' || s[st->eq + 1] == '\t')) {
            sp = st->eq + 1;
        }
        if (sp != NONE)
            finding(l, ES_LINT_SPACE_CHARACTER, sp, ks, ke,
                    "%.*s: white space around '='; a shell reads it differently", kn, k);
        if (sp != NONE && fixing(l, ES_LINT_SPACE_CHARACTER)) {
            /* the blanks before '=', and those after it unless a '#' or
             * the line end follows them (python reads `K=#x` as "#x") */
            size_t b0 = st->eq, j = st->eq + 1;
            while (b0 > ke && is_blank(s[b0 - 1]))
                b0--;
            while (j < l->n && (s[j] == ' ' || s[j] == '\t'))
                j++;
            uint32_t pair = b0 < st->eq ? edit(l, ES_LINT_SPACE_CHARACTER, 0, b0, st->eq, "") : 0;
            if (j > st->eq + 1 && j < l->n && s[j] != '#' && s[j] != '\n')
                edit(l, ES_LINT_SPACE_CHARACTER, pair, st->eq + 1, j, "");
        }
    }
    if (st->val_s != NONE && st->val_e > st->val_s) {
        const size_t a = st->val_s, b = st->val_e;
        const uint32_t on = l->rules & ~l->off_now;
        if ((on & 1u << ES_LINT_QUOTE_CHARACTER) && st->quote && needs_no_quotes(s, a + 1, b - 1)) {
            finding(l, ES_LINT_QUOTE_CHARACTER, a, ks, ke,
                    "%.*s: the value needs no quotes", kn, k);
            /* not when a '#' follows the closing quote: unquoted, python
             * would read it as value */
            if (fixing(l, ES_LINT_QUOTE_CHARACTER) &&
                (b == l->n || s[b] == ' ' || s[b] == '\t' || s[b] == '\n'))
                edit(l, ES_LINT_QUOTE_CHARACTER, edit(l, ES_LINT_QUOTE_CHARACTER, 0, a, a + 1, ""),
                     b - 1, b, "");
        }
        /* one pass for white space and the first '$' (values are short:
         * a loop beats two calls to memchr) */
        bool space = false;
        size_t dollar = NONE;
        const bool look = on & (1u << ES_LINT_VALUE_WITHOUT_QUOTES | 1u << ES_LINT_SUBSTITUTION_KEY);
        if (look && st->plain && b - a >= 8 && !any8(s, a, b, ANY_BLANK_OR_DOLLAR))
            ; /* nothing to find */
        else if (look)
            for (size_t i = b; i-- > a;) {
                space |= s[i] == ' ' || s[i] == '\t';
                dollar = s[i] == '$' ? i : dollar;
            }
        if ((on & 1u << ES_LINT_VALUE_WITHOUT_QUOTES) && space && !st->quote && s[a] != '"' &&
            s[a] != '\'' && s[a] != '`') {
            finding(l, ES_LINT_VALUE_WITHOUT_QUOTES, a, ks, ke,
                    "%.*s: a value with white space should be quoted", kn, k);
            const char *q = fixing(l, ES_LINT_VALUE_WITHOUT_QUOTES) ? quote_for(s, a, b) : NULL;
            if (q)
                edit(l, ES_LINT_VALUE_WITHOUT_QUOTES,
                     edit(l, ES_LINT_VALUE_WITHOUT_QUOTES, 0, a, a, q), b, b, q);
        }
        size_t bad = (on & 1u << ES_LINT_SUBSTITUTION_KEY) && st->quote != '\'' && dollar != NONE
                         ? bad_substitution(s, dollar, b)
                         : NONE;
        if (bad != NONE)
            finding(l, ES_LINT_SUBSTITUTION_KEY, bad, ks, ke,
                    "%.*s: '${' is not followed by NAME and a closing '}'", kn, k);
    }
    trailing(l, from, e, ks, ke);
    if (kind != DIR_NONE)
        directive(l, hash, e, &mask, true);
    l->prev_blank = false;
    l->pos = e < l->n ? e + 1 : l->n;
}

void es_lint_end(es_lint *l)
{
    gap(l, l->n);
    item_begin(l);
    l->off_now = l->off_file;
    if (l->rules & (1u << ES_LINT_PORTABILITY))
        diffs_until(l, UINT32_MAX);
    if (l->n > 0 && l->s[l->n - 1] != '\n') {
        finding(l, ES_LINT_ENDING_BLANK_LINE, l->n, NONE, NONE,
                "the file does not end with a line break");
        if (fixing(l, ES_LINT_ENDING_BLANK_LINE))
            edit(l, ES_LINT_ENDING_BLANK_LINE, 0, l->n, l->n, "\n");
    }
}
