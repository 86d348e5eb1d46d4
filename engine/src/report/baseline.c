/*
 * baseline.c — the baseline file: written as a report
 * (ENVSCAN_REPORT_BASELINE) and read back to leave known diagnostics out
 * of later scans. Both ends live here so the format has one home.
 *
 *   {"baseline_version":1,"envscan_version":"0.1.0",
 *    "salt_check":"<16 hex>",
 *    "entries":[
 *     {"fingerprint":"<32 hex>","rule":"duplicate-key","severity":"warning",
 *      "file":".env","key":"PORT"},
 *     ...]}
 *
 * No value and no line is written: an entry is matched by its fingerprint
 * alone (analysis/fingerprint.h), and entries are sorted by file, rule,
 * key and fingerprint, so a baseline written again after lines moved is
 * the same file. The reader is the JSON config reader of the engine
 * (formats/json.c): its records' dotted paths ("entries[3].fingerprint")
 * are all that is looked at, and its syntax errors come with a position.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "report.h"
#include "../analysis/fingerprint.h"

#define BASELINE_VERSION 1

/* ------------------------------------------------------------------ write */

int es_report_baseline(es_out *o, const envscan_result *res, unsigned flags)
{
    (void)flags;
    size_t *ix = es_rep_sorted(res, true);
    RETURN_IF(!ix && res->n_diags, ENVSCAN_E_NOMEM);
    es_out_printf(o,
                  "{\"baseline_version\":%d,\"envscan_version\":\"%s\",\"salt_check\":\"%016llx\",\n"
                  "\"entries\":[",
                  BASELINE_VERSION, ENVSCAN_VERSION_STRING,
                  (unsigned long long)es_fp_salt_check(res->fp_seed));
    for (size_t i = 0; i < res->n_diags; i++) {
        const envscan_diagnostic *d = &res->diags[ix[i]];
        es_out_printf(o, "%s{\"fingerprint\":", i ? ",\n " : "\n ");
        es_rep_json_str(o, d->fingerprint);
        es_out_printf(o, ",\"rule\":\"%s\",\"severity\":\"%s\",\"file\":", d->code,
                      envscan_severity_name(d->severity));
        es_rep_json_str(o, d->file);
        es_out_str(o, ",\"key\":");
        es_rep_json_str(o, d->key);
        es_out_str(o, "}");
    }
    es_out_str(o, "\n]}\n");
    free(ix);
    return ENVSCAN_OK;
}

/* ------------------------------------------------------------------- read */

typedef struct fp128 {
    uint64_t hi, lo;
} fp128;

struct es_baseline {
    char *name;
    fp128 *fps; /* sorted, each once */
    size_t n;
    uint64_t salt_check;
};

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Parse `n` lowercase hex digits into *out (n <= 16). */
static bool hex64(const char *s, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        int h = hexval(s[i]);
        if (h < 0)
            return false;
        v = v << 4 | (uint64_t)h;
    }
    *out = v;
    return true;
}

static bool parse_fp(const char *s, size_t n, fp128 *out)
{
    return n == ES_FP_HEX && hex64(s, 16, &out->hi) && hex64(s + 16, 16, &out->lo);
}

static int fp_cmp(const void *a, const void *b)
{
    const fp128 *x = a, *y = b;
    if (x->hi != y->hi)
        return x->hi < y->hi ? -1 : 1;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

void es_baseline_free(es_baseline *b)
{
    if (!b)
        return;
    free(b->name);
    free(b->fps);
    free(b);
}

const char *es_baseline_name(const es_baseline *b) { return b->name; }

bool es_baseline_salt_ok(const es_baseline *b, uint64_t seed)
{
    return b->salt_check == es_fp_salt_check(seed);
}

/* Is the record's key "entries[N].FIELD"? */
static bool entry_field(const envscan_record *r, const char *field)
{
    if (strncmp(r->key, "entries[", 8) != 0)
        return false;
    const char *p = r->key + 8;
    while (*p >= '0' && *p <= '9')
        p++;
    return p > r->key + 8 && p[0] == ']' && p[1] == '.' && strcmp(p + 2, field) == 0;
}

int es_baseline_read(const void *data, size_t len, const char *name, es_baseline **out,
                     char *err, size_t cap)
{
    *out = NULL;
    es_arena arena;
    es_arena_init(&arena);
    es_vec recs, diags;
    es_vec_init(&recs, sizeof(envscan_record));
    es_vec_init(&diags, sizeof(envscan_diagnostic));
    es_parse_ws ws;
    memset(&ws, 0, sizeof ws);
    es_sink sink = {.arena = &arena, .records = &recs, .diags = &diags, .file = name,
                    .format = ENVSCAN_FORMAT_JSON};
    es_parse_opts po = {.kernels = NULL};
    int rc = es_json_parse(&po, &ws, data, len, &sink);
    es_parse_ws_free(&ws);
    es_baseline *b = calloc(1, sizeof *b);
    if (rc == ENVSCAN_OK && (sink.oom || !b))
        rc = ENVSCAN_E_NOMEM;
    if (rc == ENVSCAN_OK) {
        b->fps = malloc((recs.len ? recs.len : 1) * sizeof *b->fps);
        b->name = strdup(name);
        if (!b->fps || !b->name)
            rc = ENVSCAN_E_NOMEM;
    }
    for (size_t i = 0; rc == ENVSCAN_OK && i < diags.len; i++) {
        const envscan_diagnostic *d = &ES_VEC_AT(&diags, envscan_diagnostic, i);
        if (d->severity < ENVSCAN_SEVERITY_ERROR)
            continue;
        size_t ml = strcspn(d->message, ";");
        snprintf(err, cap, "%s:%u:%u: %.*s", name, d->line, d->column, (int)ml, d->message);
        rc = ENVSCAN_E_PARSE;
    }
    bool versioned = false, salted = false;
    for (size_t i = 0; rc == ENVSCAN_OK && i < recs.len; i++) {
        const envscan_record *r = &ES_VEC_AT(&recs, envscan_record, i);
        if (r->kind != ENVSCAN_KIND_CONFIG || (r->flags & ENVSCAN_RECORD_OVERRIDDEN))
            continue;
        const char *v = r->value ? r->value : "";
        size_t vl = r->value ? r->value_len : 0;
        if (strcmp(r->key, "baseline_version") == 0) {
            versioned = true;
            if (vl != 1 || v[0] != '0' + BASELINE_VERSION) {
                snprintf(err, cap, "%s:%u:%u: baseline_version %s is not one this envscan reads "
                         "(%d)", name, r->line, r->column, v, BASELINE_VERSION);
                rc = ENVSCAN_E_PARSE;
            }
        } else if (strcmp(r->key, "salt_check") == 0) {
            salted = hex64(v, vl, &b->salt_check) && vl == 16;
            if (!salted) {
                snprintf(err, cap, "%s:%u:%u: salt_check is not 16 hex digits", name, r->line,
                         r->column);
                rc = ENVSCAN_E_PARSE;
            }
        } else if (entry_field(r, "fingerprint")) {
            if (!(r->flags & ENVSCAN_RECORD_QUOTED) || !parse_fp(v, vl, &b->fps[b->n])) {
                snprintf(err, cap, "%s:%u:%u: %s is not a fingerprint (32 lowercase hex digits)",
                         name, r->line, r->column, r->key);
                rc = ENVSCAN_E_PARSE;
            } else {
                b->n++;
            }
        }
    }
    if (rc == ENVSCAN_OK && (!versioned || !salted)) {
        snprintf(err, cap, "%s: not an envscan baseline (no %s; write one with "
                 "--write-baseline)", name, versioned ? "salt_check" : "baseline_version");
        rc = ENVSCAN_E_PARSE;
    }
    es_vec_free(&recs);
    es_vec_free(&diags);
    es_arena_free(&arena);
    if (rc != ENVSCAN_OK) {
        if (rc == ENVSCAN_E_NOMEM)
            snprintf(err, cap, "%s: %s", name, envscan_strerror(rc));
        es_baseline_free(b);
        return rc;
    }
    qsort(b->fps, b->n, sizeof *b->fps, fp_cmp);
    size_t k = 0;
    for (size_t i = 0; i < b->n; i++)
        if (!k || fp_cmp(&b->fps[k - 1], &b->fps[i]) != 0)
            b->fps[k++] = b->fps[i];
    b->n = k;
    *out = b;
    return ENVSCAN_OK;
}

/* ------------------------------------------------------------------ apply */

static bool known(const es_baseline *b, const envscan_diagnostic *d)
{
    fp128 f;
    return d->fingerprint && parse_fp(d->fingerprint, strlen(d->fingerprint), &f) &&
           bsearch(&f, b->fps, b->n, sizeof f, fp_cmp) != NULL;
}

static envscan_stat severity_stat(envscan_severity s)
{
    return s == ENVSCAN_SEVERITY_ERROR     ? ENVSCAN_STAT_ERRORS
           : s == ENVSCAN_SEVERITY_WARNING ? ENVSCAN_STAT_WARNINGS
                                           : ENVSCAN_STAT_INFOS;
}

void es_result_filter(envscan_result *res, int (*fn)(void *ctx, envscan_diagnostic *d),
                      void *ctx)
{
    const size_t links_at = res->n_diags - res->n_link_diags;
    size_t k = 0, findings = 0, link_diags = 0, first_finding = 0;
    size_t l = 0; /* link diagnostics are in link order: one cursor */
    for (size_t i = 0; i < res->n_diags; i++) {
        envscan_diagnostic *d = &res->diags[i];
        if (i == res->first_finding)
            first_finding = k;
        size_t *link = NULL;
        if (i >= links_at && res->link_diag) {
            while (l < res->n_links && res->link_diag[l] != i)
                l++;
            link = l < res->n_links ? &res->link_diag[l] : NULL;
        }
        const envscan_severity was = d->severity;
        int verdict = fn(ctx, d);
        if (verdict != ES_FILTER_KEEP) {
            res->stats[severity_stat(was)]--;
            res->stats[ENVSCAN_STAT_BASELINED] += verdict == ES_FILTER_BASELINED;
            if (link)
                *link = SIZE_MAX;
            continue;
        }
        if (d->severity != was) {
            res->stats[severity_stat(was)]--;
            res->stats[severity_stat(d->severity)]++;
        }
        findings += i >= res->first_finding && i - res->first_finding < res->n_findings;
        link_diags += i >= links_at;
        if (link)
            *link = k;
        res->diags[k++] = *d;
    }
    if (res->first_finding >= res->n_diags)
        first_finding = k - link_diags;
    res->n_diags = k;
    res->n_findings = findings;
    res->first_finding = first_finding;
    res->n_link_diags = link_diags;
}

static int baseline_verdict(void *ctx, envscan_diagnostic *d)
{
    return known(ctx, d) ? ES_FILTER_BASELINED : ES_FILTER_KEEP;
}

void es_baseline_apply(const es_baseline *b, envscan_result *res)
{
    res->baselined = true;
    es_result_filter(res, baseline_verdict, (void *)b);
}
