/*
 * lint.h — the dotenv lint pass (docs/lint.md).
 *
 * The lint does not read the grammar itself: the dotenv parser hands it,
 * in file order, every statement it recognised (where the key, the '=',
 * the value and the line end are), and the lint reads the bytes between
 * statements as what the parser says they are: blank lines, comments, or
 * text the parser skipped. So a '#' line inside a quoted multi-line value
 * is value, never a comment, and both dialects lint the file as they read
 * it. State is a fixed struct: no allocation per line; findings go to the
 * sink as diagnostics with code = the rule id (analysis/rules.c).
 */
#ifndef ENVSCAN_LINT_H
#define ENVSCAN_LINT_H

#include "../internal.h"
#include "../formats/lines.h"

/* One bit per lint rule; the order is the table's in lint.c. */
enum {
    ES_LINT_ENDING_BLANK_LINE,
    ES_LINT_EXTRA_BLANK_LINE,
    ES_LINT_INCORRECT_DELIMITER,
    ES_LINT_KEY_WITHOUT_VALUE,
    ES_LINT_LEADING_CHARACTER,
    ES_LINT_LOWERCASE_KEY,
    ES_LINT_QUOTE_CHARACTER,
    ES_LINT_SPACE_CHARACTER,
    ES_LINT_SUBSTITUTION_KEY,
    ES_LINT_TRAILING_WHITESPACE,
    ES_LINT_UNORDERED_KEY,
    ES_LINT_VALUE_WITHOUT_QUOTES,
    ES_LINT_UNKNOWN_RULE,
    ES_LINT_PORTABILITY,
    ES_LINT_COUNT
};
#define ES_LINT_ALL ((1u << ES_LINT_COUNT) - 1)

/* The rules on when nothing says otherwise: those about how a file is
 * read (by another reader, a shell, docker --env-file), not its style. */
uint32_t es_lint_default_rules(void);
/* The bit of a rule named "lint-NAME" or "NAME"; -1 when unknown. */
/* The id ("lint-...") of a rule bit, or NULL. */
const char *es_lint_rule_id(int bit);
int es_lint_rule_bit(const char *name, size_t len);

/* A statement as the parser read it. Positions index the parser's text.
 * NONE-valued fields are (size_t)-1. */
typedef struct es_lint_stmt {
    size_t start;        /* first non-blank byte of the statement      */
    size_t key_s, key_e; /* the key as named (inside quotes, if any)   */
    size_t eq;           /* the '=' (or ':' separator); NONE: no value */
    size_t val_s, val_e; /* value as written, trimmed, quotes included */
    uint8_t quote;       /* the value's (closed) quote, or 0           */
    bool plain;          /* the parser saw no '#', quote or byte >= 0x80
                            on the line (its fast path): no comment    */
    size_t end;          /* the '\n' (or n) ending the statement's last
                            line when the parser knows it; 0: unknown  */
} es_lint_stmt;

/* lint-portability: the definitions on which the node and python dialects
 * disagree, found by reading the file once in each (expansion off) before
 * the lint pass, which reports them line by line so that suppression
 * comments apply to them as to any rule. */
typedef struct es_lint_diff {
    uint32_t line, col;
    const envscan_record *node, *python; /* either may be NULL: not defined */
} es_lint_diff;

typedef struct es_lint_port {
    es_arena arena;
    es_vec records[2], diags[2]; /* node, python                        */
    es_parse_ws ws;
    es_vec diffs;                /* es_lint_diff, in (line, col) order  */
} es_lint_port;

/* Read data in both dialects and list the differences. Returns
 * ENVSCAN_OK or ENVSCAN_E_NOMEM; free with es_lint_port_free (also after
 * an error). */
int es_lint_port_find(es_lint_port *pt, const es_parse_opts *o, const uint8_t *data,
                      size_t len);
void es_lint_port_free(es_lint_port *pt);

/* What --fix needs from a lint pass (analysis/fix.c): the edits of the
 * fixable rules whose findings the pass makes (so a rule that is off, or
 * silenced by a comment, gives no edit), and every statement with the
 * whole lines it covers, from which the fixer finds duplicated keys and
 * groups to sort. Positions index the text as parsed. */
typedef struct es_fix_edit {
    size_t a, b;      /* replace [a, b) ...                             */
    const char *text; /* ... with text (static, or the pass' arena)     */
    size_t len;
    uint32_t seq;     /* emission order: insertions at one point keep it */
    uint32_t pair;    /* edits of one fix share it: applied all or none  */
    uint8_t rule;     /* ES_LINT_* bit, or ES_FIX_DUPLICATE              */
    uint32_t fixes;   /* findings it fixes (0 for the other edits of a pair) */
} es_fix_edit;
#define ES_FIX_DUPLICATE ES_LINT_COUNT

typedef struct es_fix_stmt {
    size_t ls, le;       /* its lines: line start .. past the last '\n'  */
    size_t key_s, key_e;
    uint32_t group;      /* lint-unordered-key's group                   */
    bool has_eq;         /* written with a value (KEY=...)               */
    bool own_lines;      /* nothing else shares its first or last line   */
    bool sort_on;        /* lint-unordered-key is on and not silenced    */
} es_fix_stmt;

typedef struct es_lint_fix {
    es_vec edits; /* es_fix_edit */
    es_vec stmts; /* es_fix_stmt */
    uint32_t group, pairs;
    bool oom;
} es_lint_fix;

typedef struct es_lint {
    const uint8_t *s;
    size_t n;
    es_sink *out;
    uint32_t rules;
    size_t pos;              /* where the text not yet linted starts    */
    es_lc lc;                /* positions -> line, column               */
    bool prev_blank;         /* the previous whole line was blank       */
    size_t prev_key_s, prev_key_e; /* last key of the group, or NONE    */
    uint32_t off_file;       /* silenced from a `envscan:ignore` on     */
    uint32_t off_next;       /* silenced on the next line               */
    bool next_pending;
    uint32_t off_now;        /* silenced for the item being linted      */
    const es_lint_diff *diff;   /* portability findings still to report */
    size_t n_diff;
    uint8_t sev[ES_LINT_COUNT]; /* severities from the rules table, 0: not
                                   looked up yet                          */
    es_lint_fix *fix;        /* NULL: findings only                     */
    /* for the values lint-portability quotes: one that holds a secret is
     * shown redacted (NULL: shown as is) */
    const struct es_parse_opts *po;
    struct es_parse_ws *ws;
} es_lint;

void es_lint_begin(es_lint *l, const uint8_t *s, size_t n, uint32_t rules, es_sink *out);
void es_lint_stmt_add(es_lint *l, const es_lint_stmt *st);
/* Report these portability differences as the pass reaches their lines
 * (the array must outlive the pass). */
void es_lint_set_diffs(es_lint *l, const es_lint_diff *d, size_t n);
void es_lint_end(es_lint *l);

#endif
