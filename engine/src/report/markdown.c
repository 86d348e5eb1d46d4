/*
 * markdown.c — a GitHub-flavoured Markdown summary, for
 * $GITHUB_STEP_SUMMARY or a pull-request comment (docs/reports.md):
 * a heading, a table of counts, then the findings grouped by rule (errors
 * first, then warnings, then notes; rules in table order), one table per
 * rule with file, line, key and message.
 *
 * GitHub refuses a step summary over 1 MiB, so at most ES_MD_MAX_ROWS
 * rows are written in all ("... and N more" says what was left out) and
 * each cell is cut at ES_MD_MAX_CELL bytes (on a UTF-8 boundary): the
 * document stays under about 600 KiB whatever the scan. Cell text is
 * escaped so that it is shown as written: '|' and Markdown's emphasis,
 * code and link characters get a backslash, '<', '>' and '&' become
 * entities (no HTML gets through), line breaks and control characters
 * become spaces.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "../analysis/rules.h"

#define ES_MD_MAX_ROWS 500
#define ES_MD_MAX_CELL 200

static const char *cell_escape(unsigned char c)
{
    switch (c) {
    case '|': return "\\|";
    case '\\': return "\\\\";
    case '`': return "\\`";
    case '*': return "\\*";
    case '_': return "\\_";
    case '[': return "\\[";
    case ']': return "\\]";
    case '~': return "\\~";
    case '#': return "\\#";
    case '!': return "\\!";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '&': return "&amp;";
    default: return c < 0x20 || c == 0x7f ? " " : NULL;
    }
}

static void cell(es_out *o, const char *s)
{
    if (!s || !*s) {
        es_out_str(o, " |");
        return;
    }
    size_t n = strlen(s), cut = n;
    if (n > ES_MD_MAX_CELL) {
        cut = ES_MD_MAX_CELL;
        while (cut && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--; /* not inside a UTF-8 character */
    }
    es_out_str(o, " ");
    es_rep_escaped(o, s, cut, cell_escape);
    es_out_str(o, cut < n ? "… |" : " |");
}

static const char *const sev_word[] = {"", "note", "warning", "error"};

typedef struct grp {
    int sev;    /* 3 - severity: errors first */
    size_t row; /* in the rules table */
    size_t at;  /* in the result */
} grp;

static int grp_cmp(const void *a, const void *b)
{
    const grp *x = a, *y = b;
    if (x->sev != y->sev)
        return x->sev < y->sev ? -1 : 1;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

int es_report_markdown(es_out *o, const envscan_result *res, unsigned flags)
{
    (void)flags;
    const uint64_t *st = res->stats;
    uint64_t c[4];
    es_rep_count(res, c);
    es_out_str(o, "## envscan\n\n| files | variables | references | usages | errors | warnings "
                  "| notes |");
    if (res->baselined)
        es_out_str(o, " baselined |");
    es_out_str(o, "\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    if (res->baselined)
        es_out_str(o, " ---: |");
    es_out_printf(o, "\n| %llu | %llu | %llu | %llu | %llu | %llu | %llu |",
                  (unsigned long long)st[ENVSCAN_STAT_FILES_SCANNED],
                  (unsigned long long)st[ENVSCAN_STAT_DEFINITIONS],
                  (unsigned long long)st[ENVSCAN_STAT_REFERENCES],
                  (unsigned long long)st[ENVSCAN_STAT_USAGES],
                  (unsigned long long)c[ENVSCAN_SEVERITY_ERROR],
                  (unsigned long long)c[ENVSCAN_SEVERITY_WARNING],
                  (unsigned long long)c[ENVSCAN_SEVERITY_INFO]);
    if (res->baselined)
        es_out_printf(o, " %llu |", (unsigned long long)st[ENVSCAN_STAT_BASELINED]);
    es_out_str(o, "\n");
    if (!res->n_diags) {
        es_out_str(o, "\nNo findings.\n");
        return ENVSCAN_OK;
    }
    size_t nr = 0;
    const es_rule *table = es_rules(&nr);
    /* group: severity (highest first), rule (table order; codes not in
     * the table last), then result order; one sort */
    grp *g = malloc(res->n_diags * sizeof *g);
    RETURN_IF(!g, ENVSCAN_E_NOMEM);
    for (size_t i = 0; i < res->n_diags; i++) {
        const es_rule *r = es_rule_find(res->diags[i].code);
        g[i] = (grp){.sev = 3 - (int)res->diags[i].severity,
                     .row = r ? (size_t)(r - table) : nr, .at = i};
    }
    qsort(g, res->n_diags, sizeof *g, grp_cmp);
    size_t written = 0;
    for (size_t i = 0, j; i < res->n_diags; i = j) {
        for (j = i; j < res->n_diags && g[j].sev == g[i].sev && g[j].row == g[i].row; j++)
            ;
        const size_t r = g[i].row;
        es_out_printf(o, "\n### %s: %s (%zu)\n\n", sev_word[3 - g[i].sev],
                      r < nr ? table[r].id : "other", j - i);
        if (r < nr) {
            es_rep_escaped(o, table[r].summary, strlen(table[r].summary), cell_escape);
            es_out_str(o, ".\n\n");
        }
        es_out_str(o, "| file | line | key | message |\n| --- | ---: | --- | --- |\n");
        size_t k = i;
        for (; k < j && written < ES_MD_MAX_ROWS; k++, written++) {
            const envscan_diagnostic *d = &res->diags[g[k].at];
            es_out_str(o, "|");
            cell(o, d->file);
            if (d->line)
                es_out_printf(o, " %u |", d->line);
            else
                es_out_str(o, " |");
            cell(o, d->key);
            cell(o, d->message);
            es_out_str(o, "\n");
        }
        if (k < j)
            es_out_printf(o, "\n... and %zu more (at most %d rows are shown; see the full "
                             "report)\n",
                          j - k, ES_MD_MAX_ROWS);
    }
    free(g);
    return ENVSCAN_OK;
}
