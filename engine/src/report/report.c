/*
 * report.c — text, JSON, NDJSON and key->value map reports of a result,
 * the helpers the other formats share (report.h), and envscan_report(),
 * which hands each format to its writer (sarif.c, csv.c, junit.c,
 * github.c, markdown.c, baseline.c, html.c).
 *
 * Every report reads the result only, so any number may be written from
 * any number of threads. JSON strings are written the way JSON.stringify
 * writes them; the map report is byte-identical to node's
 * `JSON.stringify(dotenv.parse(src), null, 2)` plus a newline (python's
 * `json.dumps(dotenv_values(f), indent=2, ensure_ascii=False)` writes the
 * same bytes for the python dialect), so the conformance tests compare
 * files, not interpretations. The JSON
 * schema is documented in docs/schema.md.
 */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "report.h"
#include "../analysis/rules.h"
#include "html.h"

static int write_file(void *ctx, const char *data, size_t len)
{
    return fwrite(data, 1, len, (FILE *)ctx) == len ? 0 : -1;
}

int envscan_report_file(const envscan_result *res, envscan_report_format fmt,
                        unsigned flags, FILE *out)
{
    RETURN_IF(!out, ENVSCAN_E_INVALID);
    int rc = envscan_report(res, fmt, flags, write_file, out);
    if (rc == ENVSCAN_OK && fflush(out) != 0)
        rc = ENVSCAN_E_IO;
    return rc;
}

/* ---------------------------------------------------- shared (report.h) */

void es_rep_json_str(es_out *o, const char *s)
{
    if (s)
        es_out_json_string(o, s, strlen(s));
    else
        es_out_str(o, "null");
}

void es_rep_escaped(es_out *o, const char *s, size_t n, es_rep_escape_fn escape)
{
    size_t run = 0; /* bytes written as they are, not yet flushed */
    for (size_t i = 0; i < n; i++) {
        const char *e = escape((unsigned char)s[i]);
        if (!e)
            continue;
        es_out_bytes(o, s + run, i - run);
        es_out_str(o, e);
        run = i + 1;
    }
    es_out_bytes(o, s + run, n - run);
}

void es_rep_count(const envscan_result *res, uint64_t counts[4])
{
    counts[0] = 0;
    counts[ENVSCAN_SEVERITY_INFO] = res->stats[ENVSCAN_STAT_INFOS];
    counts[ENVSCAN_SEVERITY_WARNING] = res->stats[ENVSCAN_STAT_WARNINGS];
    counts[ENVSCAN_SEVERITY_ERROR] = res->stats[ENVSCAN_STAT_ERRORS];
}

const char *es_rep_place(const envscan_diagnostic *d, char *buf, size_t cap)
{
    if (!d->file)
        snprintf(buf, cap, "-");
    else if (!d->line)
        snprintf(buf, cap, "%s", d->file);
    else if (!d->column)
        snprintf(buf, cap, "%s:%u", d->file, d->line);
    else
        snprintf(buf, cap, "%s:%u:%u", d->file, d->line, d->column);
    return buf;
}

static int cmp_opt(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int file_cmp(const void *a, const void *b)
{
    const envscan_diagnostic *x = *(const envscan_diagnostic *const *)a,
                             *y = *(const envscan_diagnostic *const *)b;
    int c = cmp_opt(x->file, y->file);
    return c ? c : (x < y ? -1 : x > y);
}

static int what_cmp(const void *a, const void *b)
{
    const envscan_diagnostic *x = *(const envscan_diagnostic *const *)a,
                             *y = *(const envscan_diagnostic *const *)b;
    int c = cmp_opt(x->file, y->file);
    if (!c)
        c = strcmp(x->code, y->code);
    if (!c)
        c = cmp_opt(x->key, y->key);
    if (!c)
        c = cmp_opt(x->fingerprint, y->fingerprint);
    return c ? c : (x < y ? -1 : x > y);
}

size_t *es_rep_sorted(const envscan_result *res, bool by_what)
{
    const envscan_diagnostic **p = malloc((res->n_diags ? res->n_diags : 1) * sizeof *p);
    size_t *ix = malloc((res->n_diags ? res->n_diags : 1) * sizeof *ix);
    if (!p || !ix) {
        free(p);
        free(ix);
        return NULL;
    }
    for (size_t i = 0; i < res->n_diags; i++)
        p[i] = &res->diags[i];
    qsort(p, res->n_diags, sizeof *p, by_what ? what_cmp : file_cmp);
    for (size_t i = 0; i < res->n_diags; i++)
        ix[i] = (size_t)(p[i] - res->diags);
    free(p);
    return ix;
}

/* ------------------------------------------------------------------- JSON */

typedef struct flag_name {
    uint32_t bit;
    const char *name;
} flag_name;

/* `,"flags":[...]}` with the names of the bits set. */
static void json_flags(es_out *o, const flag_name *t, size_t n, uint32_t bits)
{
    es_out_str(o, ",\"flags\":[");
    int first = 1;
    for (size_t i = 0; i < n; i++)
        if (bits & t[i].bit) {
            es_out_printf(o, "%s\"%s\"", first ? "" : ",", t[i].name);
            first = 0;
        }
    es_out_str(o, "]}");
}

static const flag_name record_flags[] = {{ENVSCAN_RECORD_OVERRIDDEN, "overridden"},
                    {ENVSCAN_RECORD_QUOTED, "quoted"},
                    {ENVSCAN_RECORD_EXPORT, "export"},
                    {ENVSCAN_RECORD_MULTILINE, "multiline"},
                    {ENVSCAN_RECORD_UNRESOLVED, "unresolved"},
                    {ENVSCAN_RECORD_DYNAMIC, "dynamic"},
                    {ENVSCAN_RECORD_PASSTHROUGH, "passthrough"},
                    {ENVSCAN_RECORD_DECODED, "decoded"},
                    {ENVSCAN_RECORD_TEMPLATED, "templated"},
                    {ENVSCAN_RECORD_INDIRECT, "indirect"},
                    {ENVSCAN_RECORD_DEFAULTED, "defaulted"},
                    {ENVSCAN_RECORD_SECRET, "secret"}};

static void json_record(es_out *o, const envscan_record *r, unsigned flags, uint64_t seed)
{
    es_out_str(o, "{\"file\":");
    es_out_json_string(o, r->file, strlen(r->file));
    es_out_str(o, ",\"line\":");
    es_out_u64(o, r->line);
    es_out_str(o, ",\"column\":");
    es_out_u64(o, r->column);
    es_out_str(o, ",\"format\":\"");
    es_out_str(o, envscan_format_name((envscan_format)r->format));
    es_out_str(o, "\",\"kind\":\"");
    es_out_str(o, envscan_kind_name((envscan_kind)r->kind));
    es_out_str(o, "\",\"key\":");
    es_out_json_string(o, r->key, r->key_len);
    if (r->scope) {
        es_out_str(o, ",\"scope\":");
        es_out_json_string(o, r->scope, strlen(r->scope));
    }
    if (r->value && !(flags & ENVSCAN_REPORT_NO_VALUES)) {
        es_out_str(o, ",\"value\":");
        es_out_record_value(o, r, seed, flags, true);
    }
    json_flags(o, record_flags, sizeof record_flags / sizeof record_flags[0], r->flags);
}

static void json_diag(es_out *o, const envscan_diagnostic *d)
{
    es_out_str(o, "{\"file\":");
    if (d->file)
        es_out_json_string(o, d->file, strlen(d->file));
    else
        es_out_str(o, "null");
    es_out_str(o, ",\"line\":");
    es_out_u64(o, d->line);
    es_out_str(o, ",\"column\":");
    es_out_u64(o, d->column);
    es_out_str(o, ",\"severity\":\"");
    es_out_str(o, envscan_severity_name(d->severity));
    es_out_str(o, "\",\"code\":\"");
    es_out_str(o, d->code);
    es_out_str(o, "\",\"message\":");
    es_out_json_string(o, d->message, strlen(d->message));
    if (d->sys_errno)
        es_out_printf(o, ",\"errno\":%d", d->sys_errno);
    if (d->key) {
        es_out_str(o, ",\"key\":");
        es_out_json_string(o, d->key, strlen(d->key));
    }
    if (d->fingerprint) {
        es_out_str(o, ",\"fingerprint\":\"");
        es_out_str(o, d->fingerprint);
        es_out_str(o, "\"");
    }
    es_out_str(o, "}");
}

static void json_file(es_out *o, const envscan_file *f)
{
    es_out_str(o, "{\"path\":");
    es_out_json_string(o, f->path, strlen(f->path));
    es_out_printf(o, ",\"format\":\"%s\",\"size\":%llu,\"records\":%zu,\"ignored\":%s,\"error\":%s",
                  envscan_format_name(f->format), (unsigned long long)f->size,
                  f->record_count, (f->flags & ENVSCAN_FILE_IGNORED) ? "true" : "false",
                  (f->flags & ENVSCAN_FILE_ERROR) ? "true" : "false");
    if (f->flags & ENVSCAN_FILE_LINKED) /* only when set: older readers */
        es_out_str(o, ",\"linked\":true");
    es_out_str(o, "}");
}

static const flag_name link_flags[] = {{ENVSCAN_LINK_REQUIRED, "required"},
                  {ENVSCAN_LINK_RESOLVED, "resolved"},
                  {ENVSCAN_LINK_READ, "read"}};

static void json_opt_string(es_out *o, const char *field, const char *s)
{
    if (!s)
        return;
    es_out_printf(o, ",\"%s\":", field);
    es_out_json_string(o, s, strlen(s));
}

static void json_link(es_out *o, const envscan_link *l)
{
    es_out_str(o, "{\"file\":");
    es_out_json_string(o, l->file, strlen(l->file));
    es_out_printf(o, ",\"line\":%u,\"column\":%u,\"kind\":\"%s\"", l->line, l->column,
                  envscan_link_kind_name((envscan_link_kind)l->kind));
    json_opt_string(o, "scope", l->scope);
    json_opt_string(o, "target", l->target);
    es_out_str(o, ",\"target_file\":");
    if (l->target_file)
        es_out_json_string(o, l->target_file, strlen(l->target_file));
    else
        es_out_str(o, "null");
    json_opt_string(o, "prefix", l->prefix);
    json_opt_string(o, "key", l->key);
    json_flags(o, link_flags, sizeof link_flags / sizeof link_flags[0], l->flags);
}

/* The diagnostics before the ones about links. */
static size_t base_diags(const envscan_result *res)
{
    return res->n_diags - res->n_link_diags;
}

/* The diagnostic about link i, or NULL. */
static const envscan_diagnostic *link_diag(const envscan_result *res, size_t i)
{
    return res->link_diag && res->link_diag[i] != SIZE_MAX ? &res->diags[res->link_diag[i]]
                                                           : NULL;
}

static const struct {
    envscan_stat stat;
    const char *name;
    int timing; /* 1: left out with NO_TIMING; 2: left out when 0;
                   3: only with a baseline */
} stat_names[] = {
    {ENVSCAN_STAT_FILES_SEEN, "files_seen", 0},
    {ENVSCAN_STAT_FILES_SCANNED, "files_scanned", 0},
    {ENVSCAN_STAT_FILES_IGNORED, "files_ignored", 0},
    {ENVSCAN_STAT_FILES_BINARY, "files_binary", 0},
    {ENVSCAN_STAT_FILES_SPECIAL, "files_special", 0},
    {ENVSCAN_STAT_FILES_ERROR, "files_error", 0},
    {ENVSCAN_STAT_FILES_SKIPPED_SIZE, "files_too_large", 0},
    {ENVSCAN_STAT_SYMLINKS_SKIPPED, "symlinks_skipped", 0},
    {ENVSCAN_STAT_DIRS, "dirs", 0},
    {ENVSCAN_STAT_BYTES, "bytes", 0},
    {ENVSCAN_STAT_DEFINITIONS, "definitions", 0},
    {ENVSCAN_STAT_REFERENCES, "references", 0},
    {ENVSCAN_STAT_USAGES, "usages", 2},
    {ENVSCAN_STAT_ERRORS, "errors", 0},
    {ENVSCAN_STAT_WARNINGS, "warnings", 0},
    {ENVSCAN_STAT_INFOS, "infos", 0},
    {ENVSCAN_STAT_BASELINED, "baselined", 3},
    {ENVSCAN_STAT_THREADS, "threads", 1},
    {ENVSCAN_STAT_ELAPSED_NS, "elapsed_ns", 1},
    {ENVSCAN_STAT_WALK_NS, "walk_ns", 1},
    {ENVSCAN_STAT_READ_NS, "read_ns", 1},
    {ENVSCAN_STAT_PARSE_NS, "parse_ns", 1},
    {ENVSCAN_STAT_SECRETS_NS, "secrets_ns", 1},
    {ENVSCAN_STAT_ANALYSIS_NS, "analysis_ns", 1},
    {ENVSCAN_STAT_FILE_P50_NS, "file_p50_ns", 1},
    {ENVSCAN_STAT_FILE_P95_NS, "file_p95_ns", 1},
    {ENVSCAN_STAT_FILE_P99_NS, "file_p99_ns", 1},
    {ENVSCAN_STAT_PEAK_RSS, "peak_rss_bytes", 1},
};

/* Stats as `"name":value` pairs. Thread count and kernel depend on the
 * machine and timings on the moment: they are left out with NO_TIMING so
 * that output is byte-identical across runs and machines. */
static void json_stats(es_out *o, const envscan_result *res, unsigned flags)
{
    int first = 1;
    for (size_t i = 0; i < sizeof stat_names / sizeof stat_names[0]; i++) {
        if (stat_names[i].timing == 1 && (flags & ENVSCAN_REPORT_NO_TIMING))
            continue;
        if (stat_names[i].timing == 2 && res->stats[stat_names[i].stat] == 0)
            continue;
        if (stat_names[i].timing == 3 && !res->baselined)
            continue;
        es_out_printf(o, "%s\"%s\":%llu", first ? "" : ",", stat_names[i].name,
                      (unsigned long long)res->stats[stat_names[i].stat]);
        first = 0;
    }
    if (!(flags & ENVSCAN_REPORT_NO_TIMING))
        es_out_printf(o, ",\"kernel\":\"%s\",\"affinity\":\"%s\"",
                      envscan_kernel_name((envscan_kernel)res->stats[ENVSCAN_STAT_KERNEL]),
                      envscan_affinity_name((envscan_affinity)res->stats[ENVSCAN_STAT_AFFINITY]));
}

/* `"matrix":{...},` (envscan_matrix, docs/schema.md): only when an env
 * file defines a key, so documents without env files are as before.
 * Sparse: a row lists its cells that are not "none", as [column, letter]
 * (the first letter of the state's name), so the size follows the
 * entries, not keys x files. */
static int json_matrix(es_out *o, const envscan_result *res)
{
    envscan_matrix *m = NULL;
    FORWARD_IF_ERROR(envscan_matrix_build(res, &m));
    const size_t nk = envscan_matrix_key_count(m), nf = envscan_matrix_file_count(m);
    if (nk) {
        uint32_t *col = malloc((nf ? nf : 1) * sizeof *col);
        char *letter = malloc(nf ? nf : 1);
        if (!col || !letter) {
            free(col);
            free(letter);
            envscan_matrix_free(m);
            return ENVSCAN_E_NOMEM;
        }
        es_out_str(o, "\"matrix\":{\"files\":[");
        for (size_t f = 0; f < nf; f++) {
            es_out_str(o, f ? ",\n {\"path\":" : "\n {\"path\":");
            es_out_json_string(o, envscan_matrix_file(m, f), strlen(envscan_matrix_file(m, f)));
            es_out_printf(o, ",\"template\":%s}",
                          envscan_matrix_file_is_template(m, f) ? "true" : "false");
        }
        es_out_str(o, "\n],\n\"keys\":[");
        for (size_t k = 0; k < nk; k++) {
            es_out_str(o, k ? ",\n {\"key\":" : "\n {\"key\":");
            es_out_json_string(o, envscan_matrix_key(m, k), strlen(envscan_matrix_key(m, k)));
            es_out_printf(o, ",\"drift\":%s,\"cells\":[",
                          envscan_matrix_key_drift(m, k) ? "true" : "false");
            size_t n = es_matrix_row_cells(m, k, col, letter);
            for (size_t j = 0; j < n; j++)
                es_out_printf(o, "%s[%u,\"%c\"]", j ? "," : "", col[j], letter[j]);
            es_out_str(o, "]}");
        }
        es_out_str(o, "\n]},\n");
        free(col);
        free(letter);
    }
    envscan_matrix_free(m);
    return ENVSCAN_OK;
}

static int report_json(es_out *o, const envscan_result *res, unsigned flags)
{
    es_out_printf(o, "{\"schema_version\":%d,\"envscan_version\":\"%s\",\n\"files\":[",
                  ENVSCAN_SCHEMA_VERSION, ENVSCAN_VERSION_STRING);
    for (size_t i = 0; i < res->n_files; i++) {
        es_out_str(o, i ? ",\n " : "\n ");
        json_file(o, &res->files[i]);
    }
    es_out_str(o, "\n],\n\"records\":[");
    for (size_t i = 0; i < res->n_records; i++) {
        es_out_str(o, i ? ",\n " : "\n ");
        json_record(o, &res->records[i], flags, res->fp_seed);
    }
    es_out_str(o, "\n],\n\"diagnostics\":[");
    for (size_t i = 0; i < res->n_diags; i++) {
        es_out_str(o, i ? ",\n " : "\n ");
        json_diag(o, &res->diags[i]);
    }
    es_out_str(o, "\n],\n");
    if (res->n_links) { /* only when there are links: older readers */
        es_out_str(o, "\"links\":[");
        for (size_t i = 0; i < res->n_links; i++) {
            es_out_str(o, i ? ",\n " : "\n ");
            json_link(o, &res->links[i]);
        }
        es_out_str(o, "\n],\n");
    }
    FORWARD_IF_ERROR(json_matrix(o, res));
    es_out_str(o, "\"stats\":{");
    json_stats(o, res, flags);
    es_out_str(o, "}}\n");
    return ENVSCAN_OK;
}

/* The index of the scanned file a diagnostic belongs to, or -1 for one
 * about a path that was not scanned. Files are sorted by path (bytewise)
 * and a file's diagnostics share its path pointer. */
static long diag_file(const envscan_result *res, const envscan_diagnostic *d)
{
    size_t lo = 0, hi = res->n_files;
    while (d->file && lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(res->files[mid].path, d->file);
        if (c == 0)
            return res->files[mid].path == d->file ? (long)mid : -1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* One object a line, each with "type": a file, its records, its
 * diagnostics; then diagnostics about paths not scanned; then a summary.
 * A streamed scan writes the same lines, file by file. */
static void report_ndjson(es_out *o, const envscan_result *res, unsigned flags)
{
    const size_t nd = base_diags(res);
    size_t d = 0;
    for (size_t i = 0; i < res->n_files; i++) {
        const envscan_file *f = &res->files[i];
        es_out_str(o, "{\"type\":\"file\",\"file\":");
        json_file(o, f);
        es_out_str(o, "}\n");
        for (size_t r = f->first_record; r < f->first_record + f->record_count; r++) {
            es_out_str(o, "{\"type\":\"record\",\"record\":");
            json_record(o, &res->records[r], flags, res->fp_seed);
            es_out_str(o, "}\n");
        }
        while (d < nd && diag_file(res, &res->diags[d]) < (long)i)
            d++;
        for (; d < nd && res->diags[d].file == f->path; d++) {
            es_out_str(o, "{\"type\":\"diagnostic\",\"diagnostic\":");
            json_diag(o, &res->diags[d]);
            es_out_str(o, "}\n");
        }
    }
    for (size_t k = 0; k < nd; k++) {
        if (diag_file(res, &res->diags[k]) >= 0)
            continue;
        es_out_str(o, "{\"type\":\"diagnostic\",\"diagnostic\":");
        json_diag(o, &res->diags[k]);
        es_out_str(o, "}\n");
    }
    for (size_t k = 0; k < res->n_links; k++) {
        es_out_str(o, "{\"type\":\"link\",\"link\":");
        json_link(o, &res->links[k]);
        es_out_str(o, "}\n");
        const envscan_diagnostic *ld = link_diag(res, k);
        if (ld) {
            es_out_str(o, "{\"type\":\"diagnostic\",\"diagnostic\":");
            json_diag(o, ld);
            es_out_str(o, "}\n");
        }
    }
    if (flags & ENVSCAN_REPORT_NO_SUMMARY)
        return;
    es_out_printf(o, "{\"type\":\"summary\",\"schema_version\":%d,\"stats\":{",
                  ENVSCAN_SCHEMA_VERSION);
    json_stats(o, res, flags);
    es_out_str(o, "}}\n");
}

/* -------------------------------------------------------------------- map */

typedef struct mapent {
    es_js_key order;             /* first: sorted by es_js_key_cmp */
    const envscan_record *first; /* the key's first definition     */
    const envscan_record *last;  /* its value                      */
} mapent;

static int report_map(es_out *o, const envscan_result *res, unsigned flags)
{
    /* the dialect decides the key order and whether __proto__ is a key */
    const es_dialect_info *d = es_dotenv_dialect(res->dialect);
    bool js = !d || d->js_key_order, noproto = !d || d->proto_dropped;
    size_t n = 0;
    for (size_t i = 0; i < res->n_records; i++)
        n += res->records[i].kind == ENVSCAN_KIND_DEFINITION &&
             !(noproto && strcmp(res->records[i].key, "__proto__") == 0);
    mapent *e = calloc(n ? n : 1, sizeof *e);
    RETURN_IF(!e, ENVSCAN_E_NOMEM);
    size_t m = 0;
    /* a linear probe table keyed by the key string keeps this O(n) */
    size_t cap = 16;
    while (cap < n * 2)
        cap *= 2;
    size_t *slot = malloc(cap * sizeof *slot);
    if (!slot) {
        free(e);
        return ENVSCAN_E_NOMEM;
    }
    for (size_t i = 0; i < cap; i++)
        slot[i] = (size_t)-1;
    for (size_t i = 0; i < res->n_records; i++) {
        const envscan_record *r = &res->records[i];
        if (r->kind != ENVSCAN_KIND_DEFINITION ||
            (noproto && strcmp(r->key, "__proto__") == 0))
            continue;
        uint64_t h = XXH3_64bits(r->key, r->key_len);
        size_t j = (size_t)h & (cap - 1);
        while (slot[j] != (size_t)-1 &&
               (e[slot[j]].first->key_len != r->key_len ||
                memcmp(e[slot[j]].first->key, r->key, r->key_len)))
            j = (j + 1) & (cap - 1);
        if (slot[j] == (size_t)-1) {
            slot[j] = m;
            e[m].first = r;
            es_js_key_init(&e[m].order, r->key, r->key_len, i);
            m++;
        }
        e[slot[j]].last = r;
    }
    free(slot);
    if (js) /* else: first definitions, in order, as they are */
        qsort(e, m, sizeof *e, es_js_key_cmp);
    if (m == 0) {
        es_out_str(o, "{}\n");
    } else {
        es_out_str(o, "{\n");
        for (size_t i = 0; i < m; i++) {
            es_out_str(o, "  ");
            es_out_json_string(o, e[i].first->key, e[i].first->key_len);
            es_out_str(o, ": ");
            const envscan_record *v = e[i].last;
            if (v->value) /* a key without a value (python) is null */
                es_out_record_value(o, v, res->fp_seed, flags, true);
            else
                es_out_str(o, "null");
            es_out_str(o, i + 1 < m ? ",\n" : "\n");
        }
        es_out_str(o, "}\n");
    }
    free(e);
    return ENVSCAN_OK;
}

/* ------------------------------------------------------------------- text */

typedef struct palette {
    const char *path, *key, *dim, *warn, *err, *info, *off;
} palette;

static const palette colors = {"\033[35m", "\033[1;36m", "\033[2m", "\033[33m",
                               "\033[1;31m", "\033[34m", "\033[0m"};
static const palette plain = {"", "", "", "", "", "", ""};

void es_human_bytes(char *buf, size_t cap, uint64_t b)
{
    if (b < 1024)
        snprintf(buf, cap, "%llu B", (unsigned long long)b);
    else if (b < 1024 * 1024)
        snprintf(buf, cap, "%.1f KiB", b / 1024.0);
    else if (b < 1024ull * 1024 * 1024)
        snprintf(buf, cap, "%.1f MiB", b / (1024.0 * 1024));
    else
        snprintf(buf, cap, "%.2f GiB", b / (1024.0 * 1024 * 1024));
}

static void text_diag(es_out *o, const palette *c, const envscan_diagnostic *d)
{
    const char *col = d->severity == ENVSCAN_SEVERITY_ERROR ? c->err
                      : d->severity == ENVSCAN_SEVERITY_WARNING ? c->warn
                                                                : c->info;
    es_out_str(o, "  ");
    if (d->line)
        es_out_printf(o, "%s%u:%u%s ", c->dim, d->line, d->column, c->off);
    es_out_printf(o, "%s%s[%s]%s %s\n", col, envscan_severity_name(d->severity),
                  d->code, c->off, d->message);
}

/* Is diagnostic k one of the cross-file findings? */
static bool is_finding(const envscan_result *res, size_t k)
{
    return k >= res->first_finding && k - res->first_finding < res->n_findings;
}

/* Cross-file findings after the files, with their place in full: they are
 * known only once every file is read, so a streamed report can only write
 * them at the end, and a report written after the scan does the same. */
static void text_findings(es_out *o, const palette *c, const envscan_result *res)
{
    if (!res->n_findings)
        return;
    es_out_str(o, "findings:\n");
    for (size_t k = res->first_finding; k < res->first_finding + res->n_findings; k++) {
        const envscan_diagnostic *d = &res->diags[k];
        es_out_printf(o, "  %s%s%s", c->path, d->file ? d->file : "-", c->off);
        if (d->line)
            es_out_printf(o, "%s:%u:%u%s", c->dim, d->line, d->column, c->off);
        es_out_printf(o, " %s%s[%s]%s %s\n",
                      d->severity == ENVSCAN_SEVERITY_ERROR     ? c->err
                      : d->severity == ENVSCAN_SEVERITY_WARNING ? c->warn
                                                                : c->info,
                      envscan_severity_name(d->severity), d->code, c->off, d->message);
    }
    es_out_str(o, "\n");
}

/* Links after the files: a scan resolves them once every file is read,
 * so a streamed report can only write them at the end, and a report
 * written after the scan puts them at the same place. */
static void text_links(es_out *o, const palette *c, const envscan_result *res)
{
    if (!res->n_links)
        return;
    es_out_str(o, "links:\n");
    for (size_t i = 0; i < res->n_links; i++) {
        const envscan_link *l = &res->links[i];
        es_out_printf(o, "  %s%s%s%s:%u:%u%s", c->path, l->file, c->off, c->dim, l->line,
                      l->column, c->off);
        if (l->scope)
            es_out_printf(o, " %s[%s]%s", c->dim, l->scope, c->off);
        es_out_printf(o, " %s %s", envscan_link_kind_name((envscan_link_kind)l->kind), l->target);
        if (l->key)
            es_out_printf(o, " key %s", l->key);
        if (l->prefix)
            es_out_printf(o, " (prefix %s)", l->prefix);
        if (l->target_file)
            es_out_printf(o, " -> %s%s%s", c->path, l->target_file, c->off);
        if (l->flags & ENVSCAN_LINK_READ)
            es_out_printf(o, " %s(read via link)%s", c->dim, c->off);
        else if (!(l->flags & ENVSCAN_LINK_RESOLVED))
            es_out_printf(o, " %s(unresolved%s)%s", c->dim,
                          (l->flags & ENVSCAN_LINK_REQUIRED) ? "" : ", optional", c->off);
        es_out_str(o, "\n");
        const envscan_diagnostic *d = link_diag(res, i);
        if (d) {
            es_out_str(o, "  ");
            text_diag(o, c, d);
        }
    }
    es_out_str(o, "\n");
}

static void report_text(es_out *o, const envscan_result *res, unsigned flags)
{
    const palette *c = (flags & ENVSCAN_REPORT_COLOR) ? &colors : &plain;
    const size_t nd = base_diags(res);
    /* a file's diagnostics are contiguous and in file order */
    size_t d = 0;
    for (size_t i = 0; i < res->n_files; i++) {
        const envscan_file *f = &res->files[i];
        while (d < nd && diag_file(res, &res->diags[d]) < (long)i)
            d++;
        size_t dend = d;
        while (dend < nd && res->diags[dend].file == f->path)
            dend++;
        if (!f->record_count && dend == d)
            continue;
        es_out_printf(o, "%s%s%s", c->path, f->path, c->off);
        if (f->flags & ENVSCAN_FILE_IGNORED)
            es_out_printf(o, " %s(ignored by an ignore file; read because env files hold secrets)%s",
                          c->dim, c->off);
        es_out_str(o, "\n");
        /* positions padded to the widest in the file, so keys line up */
        int width = 0;
        for (size_t r = f->first_record; r < f->first_record + f->record_count; r++) {
            char pos[24];
            int w = snprintf(pos, sizeof pos, "%u:%u", res->records[r].line, res->records[r].column);
            width = w > width ? w : width;
        }
        for (size_t r = f->first_record; r < f->first_record + f->record_count; r++) {
            const envscan_record *rec = &res->records[r];
            char pos[24];
            snprintf(pos, sizeof pos, "%u:%u", rec->line, rec->column);
            es_out_printf(o, "  %s%-*s%s  %s%s%s", c->dim, width, pos, c->off, c->key, rec->key,
                          c->off);
            if (rec->scope)
                es_out_printf(o, " %s[%s]%s", c->dim, rec->scope, c->off);
            if (rec->kind == ENVSCAN_KIND_USAGE) {
                es_out_printf(o, " %s(usage%s)%s", c->dim,
                              (rec->flags & ENVSCAN_RECORD_DYNAMIC) ? ", dynamic" : "", c->off);
                if (rec->value && !(flags & ENVSCAN_REPORT_NO_VALUES)) {
                    es_out_str(o, " default ");
                    es_out_record_value(o, rec, res->fp_seed, flags, false);
                }
            } else if (rec->kind == ENVSCAN_KIND_REFERENCE) {
                es_out_printf(o, " %s(reference%s)%s", c->dim,
                              (rec->flags & ENVSCAN_RECORD_UNRESOLVED) ? ", undefined" : "",
                              c->off);
            } else if (!rec->value) {
                es_out_printf(o, " %s(%s)%s", c->dim,
                              (rec->flags & ENVSCAN_RECORD_PASSTHROUGH) ? "passed through"
                                                                       : "no value",
                              c->off);
            } else if (!(flags & ENVSCAN_REPORT_NO_VALUES)) {
                es_out_str(o, " = ");
                es_out_record_value(o, rec, res->fp_seed, flags, false);
            }
            if (rec->flags & ENVSCAN_RECORD_OVERRIDDEN)
                es_out_printf(o, " %s(overridden below)%s", c->dim, c->off);
            es_out_str(o, "\n");
        }
        for (; d < dend; d++)
            text_diag(o, c, &res->diags[d]);
        es_out_str(o, "\n");
    }
    /* diagnostics not attached to a scanned file (walk problems) */
    bool header = false;
    for (size_t k = 0; k < nd; k++) {
        const envscan_diagnostic *dg = &res->diags[k];
        if (diag_file(res, dg) >= 0 || is_finding(res, k))
            continue;
        if (!header) {
            es_out_str(o, "not scanned:\n");
            header = true;
        }
        es_out_printf(o, "  %s%s%s ", c->path, dg->file ? dg->file : "-", c->off);
        es_out_printf(o, "%s%s[%s]%s %s\n",
                      dg->severity == ENVSCAN_SEVERITY_ERROR ? c->err : c->warn,
                      envscan_severity_name(dg->severity), dg->code, c->off, dg->message);
    }
    if (header)
        es_out_str(o, "\n");
    text_findings(o, c, res);
    text_links(o, c, res);
    if (flags & ENVSCAN_REPORT_NO_SUMMARY)
        return;

    const uint64_t *st = res->stats;
    char bytes[32];
    es_human_bytes(bytes, sizeof bytes, st[ENVSCAN_STAT_BYTES]);
    uint64_t warn = st[ENVSCAN_STAT_WARNINGS], err = st[ENVSCAN_STAT_ERRORS];
#define PL(n, word) (unsigned long long)(n), word, (n) == 1 ? "" : "s"
    es_out_printf(o, "%llu %s%s, %s, %llu %s%s, %llu %s%s; %llu %s%s, %llu %s%s",
                  PL(st[ENVSCAN_STAT_FILES_SCANNED], "file"), bytes,
                  PL(st[ENVSCAN_STAT_DEFINITIONS], "variable"),
                  PL(st[ENVSCAN_STAT_REFERENCES], "reference"), PL(err, "error"),
                  PL(warn, "warning"));
    if (res->baselined)
        es_out_printf(o, "; %llu baselined", (unsigned long long)st[ENVSCAN_STAT_BASELINED]);
    if (st[ENVSCAN_STAT_USAGES])
        es_out_printf(o, "; %llu %s%s in code", PL(st[ENVSCAN_STAT_USAGES], "usage"));
    uint64_t skipped = st[ENVSCAN_STAT_FILES_BINARY] + st[ENVSCAN_STAT_FILES_SPECIAL] +
                       st[ENVSCAN_STAT_FILES_SKIPPED_SIZE];
    if (skipped)
        es_out_printf(o, "; %llu skipped (binary %llu, special %llu, too large %llu)",
                      (unsigned long long)skipped,
                      (unsigned long long)st[ENVSCAN_STAT_FILES_BINARY],
                      (unsigned long long)st[ENVSCAN_STAT_FILES_SPECIAL],
                      (unsigned long long)st[ENVSCAN_STAT_FILES_SKIPPED_SIZE]);
    if (st[ENVSCAN_STAT_SYMLINKS_SKIPPED])
        es_out_printf(o, "; %llu symbolic link%s not followed (see --follow)",
                      (unsigned long long)st[ENVSCAN_STAT_SYMLINKS_SKIPPED],
                      st[ENVSCAN_STAT_SYMLINKS_SKIPPED] == 1 ? "" : "s");
#undef PL
    if (!(flags & ENVSCAN_REPORT_NO_TIMING)) {
        double secs = st[ENVSCAN_STAT_ELAPSED_NS] / 1e9;
        double rate = secs > 0 ? st[ENVSCAN_STAT_DEFINITIONS] / secs : 0;
        es_out_printf(o, "; %.2f ms (%.0f variables/s)", secs * 1e3, rate);
    }
    es_out_str(o, "\n");
}

int envscan_report(const envscan_result *res, envscan_report_format fmt,
                   unsigned flags, envscan_write_fn write, void *ctx)
{
    RETURN_IF(!res || !write, ENVSCAN_E_INVALID);
    es_out *o = malloc(sizeof *o);
    RETURN_IF(!o, ENVSCAN_E_NOMEM);
    o->write = write;
    o->ctx = ctx;
    o->len = 0;
    o->failed = 0;
    int rc = ENVSCAN_OK;
    switch (fmt) {
    case ENVSCAN_REPORT_TEXT: report_text(o, res, flags); break;
    case ENVSCAN_REPORT_JSON: rc = report_json(o, res, flags); break;
    case ENVSCAN_REPORT_NDJSON: report_ndjson(o, res, flags); break;
    case ENVSCAN_REPORT_MAP: rc = report_map(o, res, flags); break;
    case ENVSCAN_REPORT_SARIF: rc = es_report_sarif(o, res, flags); break;
    case ENVSCAN_REPORT_CSV: rc = es_report_csv(o, res, flags); break;
    case ENVSCAN_REPORT_JUNIT: rc = es_report_junit(o, res, flags); break;
    case ENVSCAN_REPORT_GITHUB: rc = es_report_github(o, res, flags); break;
    case ENVSCAN_REPORT_MARKDOWN: rc = es_report_markdown(o, res, flags); break;
    case ENVSCAN_REPORT_BASELINE: rc = es_report_baseline(o, res, flags); break;
    case ENVSCAN_REPORT_HTML: rc = es_report_html(o, res, flags); break;
    default: rc = ENVSCAN_E_INVALID;
    }
    int frc = es_out_flush(o);
    free(o);
    return rc != ENVSCAN_OK ? rc : frc;
}
