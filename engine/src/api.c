/*
 * api.c — the public API: names, scanners and options, scans, results.
 *
 * A tree scan is three steps: io/walk lists the files (sorted, so the
 * order is fixed before any work is shared out); an OpenMP loop with
 * dynamic scheduling reads and parses them, each worker with its own
 * reader, parse workspace and arena, writing into the slot of its file;
 * then the slots are concatenated in walk order. The output therefore
 * does not depend on thread count or timing.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "es_io.h"
#include "internal.h"
#include "analysis/lint.h"
#include "analysis/analysis.h"
#include "analysis/fingerprint.h"
#include "report/baseline.h"
#include "secrets/secrets.h"
#include "config/config.h"
#include "config/config_internal.h"

/* ---------------------------------------------------------------- version */

const char *envscan_version(void) { return ENVSCAN_VERSION_STRING; }
unsigned envscan_version_number(void) { return ENVSCAN_VERSION_NUMBER; }

const char *envscan_strerror(int status)
{
    switch (status) {
    case ENVSCAN_OK: return "success";
    case ENVSCAN_E_INVALID: return "invalid argument";
    case ENVSCAN_E_NOMEM: return "out of memory";
    case ENVSCAN_E_IO: return "input/output error";
    case ENVSCAN_E_RANGE: return "option value out of range";
    case ENVSCAN_E_OPTION: return "unknown option";
    case ENVSCAN_E_UNSUPPORTED: return "not supported by this build or machine";
    case ENVSCAN_E_PARSE: return "parse error";
    case ENVSCAN_E_NOTFOUND: return "unknown name";
    case ENVSCAN_E_INTERNAL: return "internal error";
    case ENVSCAN_E_CANCELLED: return "cancelled by the caller";
    case ENVSCAN_E_UNSAFE: return "refused: the change would alter what the file defines";
    default: return "unknown status";
    }
}

/* ------------------------------------------------------------------ names */

typedef struct name_val {
    const char *name;
    int value;
} name_val;

static const char *name_of(const name_val *t, size_t n, int v)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].value == v)
            return t[i].name;
    return "?";
}

static int value_of(const name_val *t, size_t n, const char *name, int *out)
{
    for (size_t i = 0; name && i < n; i++)
        if (strcmp(t[i].name, name) == 0) {
            *out = t[i].value;
            return ENVSCAN_OK;
        }
    return ENVSCAN_E_NOTFOUND;
}

#define N(t) (sizeof(t) / sizeof((t)[0]))
/* ENVSCAN_OPT_MAX_FILE_SIZE at its default and top bound: no limit */
#define MAX_FILE_SIZE_NONE (INT64_C(1) << 62)

static const name_val kinds[] = {{"definition", ENVSCAN_KIND_DEFINITION},
                                 {"reference", ENVSCAN_KIND_REFERENCE},
                                 {"usage", ENVSCAN_KIND_USAGE},
                                 {"config", ENVSCAN_KIND_CONFIG}};
static const name_val sevs[] = {{"info", ENVSCAN_SEVERITY_INFO},
                                {"warning", ENVSCAN_SEVERITY_WARNING},
                                {"error", ENVSCAN_SEVERITY_ERROR}};
static const name_val dialects[] = {{"node", ENVSCAN_DIALECT_NODE},
                                    {"python", ENVSCAN_DIALECT_PYTHON},
                                    {"compose", ENVSCAN_DIALECT_COMPOSE},
                                    {"shell", ENVSCAN_DIALECT_SHELL}};
static const name_val kernel_names[] = {{"auto", ENVSCAN_KERNEL_AUTO},
                                        {"scalar", ENVSCAN_KERNEL_SCALAR},
                                        {"sse42", ENVSCAN_KERNEL_SSE42},
                                        {"avx2", ENVSCAN_KERNEL_AVX2},
                                        {"neon", ENVSCAN_KERNEL_NEON}};
static const name_val affinities[] = {{"none", ENVSCAN_AFFINITY_NONE},
                                      {"compact", ENVSCAN_AFFINITY_COMPACT},
                                      {"spread", ENVSCAN_AFFINITY_SPREAD}};
static const name_val link_kinds[] = {{"env_file", ENVSCAN_LINK_ENV_FILE},
                                      {"env_from", ENVSCAN_LINK_ENV_FROM},
                                      {"key_ref", ENVSCAN_LINK_KEY_REF}};
static const name_val reports[] = {{"text", ENVSCAN_REPORT_TEXT},
                                   {"json", ENVSCAN_REPORT_JSON},
                                   {"ndjson", ENVSCAN_REPORT_NDJSON},
                                   {"map", ENVSCAN_REPORT_MAP},
                                   {"sarif", ENVSCAN_REPORT_SARIF},
                                   {"csv", ENVSCAN_REPORT_CSV},
                                   {"junit", ENVSCAN_REPORT_JUNIT},
                                   {"github", ENVSCAN_REPORT_GITHUB},
                                   {"markdown", ENVSCAN_REPORT_MARKDOWN},
                                   {"baseline", ENVSCAN_REPORT_BASELINE},
                                   {"html", ENVSCAN_REPORT_HTML}};

const char *envscan_format_name(envscan_format f)
{
    const es_format_def *d = es_format_get(f);
    return d ? d->name : "?";
}

int envscan_format_from_name(const char *name, envscan_format *out)
{
    const es_format_def *d = es_format_by_name(name);
    RETURN_IF(!out, ENVSCAN_E_INVALID);
    RETURN_IF(!d, ENVSCAN_E_NOTFOUND);
    *out = d->id;
    return ENVSCAN_OK;
}

const char *envscan_kind_name(envscan_kind k) { return name_of(kinds, N(kinds), k); }
const char *envscan_link_kind_name(envscan_link_kind k) { return name_of(link_kinds, N(link_kinds), k); }
const char *envscan_severity_name(envscan_severity s) { return name_of(sevs, N(sevs), s); }
const char *envscan_dialect_name(envscan_dialect d) { return name_of(dialects, N(dialects), d); }
const char *envscan_kernel_name(envscan_kernel k) { return name_of(kernel_names, N(kernel_names), k); }
const char *envscan_report_format_name(envscan_report_format f) { return name_of(reports, N(reports), f); }
const char *envscan_affinity_name(envscan_affinity a) { return name_of(affinities, N(affinities), a); }

#define FROM_NAME(fn, table, type)                                           \
    int fn(const char *name, type *out)                                      \
    {                                                                        \
        int v;                                                               \
        RETURN_IF(!out, ENVSCAN_E_INVALID);                                  \
        FORWARD_IF_ERROR(value_of(table, N(table), name, &v));               \
        *out = (type)v;                                                      \
        return ENVSCAN_OK;                                                   \
    }
FROM_NAME(envscan_severity_from_name, sevs, envscan_severity)
FROM_NAME(envscan_dialect_from_name, dialects, envscan_dialect)
FROM_NAME(envscan_affinity_from_name, affinities, envscan_affinity)
FROM_NAME(envscan_kernel_from_name, kernel_names, envscan_kernel)
FROM_NAME(envscan_report_format_from_name, reports, envscan_report_format)

/* ---------------------------------------------------------------- scanner */

struct envscan_scanner {
    int64_t threads;
    const es_kernels *kernels;
    envscan_dialect dialect;
    int expand; /* -1: the dialect's default */
    bool ignore_files, hidden, follow;
    int64_t max_file_size;
    int lint;                   /* ENVSCAN_OPT_LINT                        */
    uint32_t lint_on, lint_off; /* single rules forced on, off (lint.h bits) */
    es_vec env_globs; /* char * */
    es_vec config_globs;  /* char *: envscan_add_config_name */
    es_vec config_classes; /* es_file_class, one per config glob */
    es_vec ignores;   /* char * */
    bool analysis;
    bool secrets;     /* ENVSCAN_OPT_SECRETS */
    envscan_affinity affinity; /* ENVSCAN_OPT_AFFINITY */
    /* the running scan's progress (envscan_scanner_progress), and the
     * analysis time a streamed scan's deliveries add up */
    _Atomic uint64_t prog_files, prog_bytes, prog_total;
    uint64_t analysis_ns;
    es_vec allow_missing; /* char * */
    es_analysis *an;  /* during a streamed scan: what deliver() feeds */
    uint64_t fp_seed; /* of fingerprints: envscan_set_fingerprint_salt */
    es_baseline *baseline; /* envscan_set_baseline, or NULL */
    envscan_file_fn on_file;
    void *on_file_ctx;
    /* envscan_cancel(): set by any thread (or a signal handler), cleared
     * when a scan starts, read by the scan's loops */
    atomic_int cancel;
    /* parse workspaces reused from scan to scan: [0] for scan_buffer and
     * worker 0, [i] for worker i */
    es_parse_ws *ws;
    size_t n_ws;
    /* last error */
    char err[1024];
    char *err_path;
    uint32_t err_line, err_col;
    int err_errno;
    char *change; /* envscan_last_change(); NULL: "" */
    /* the config file (config/config.c) and where settings come from */
    es_config *config;         /* the last one loaded, or NULL           */
    char *config_name;         /* its name                               */
    es_secret_policy pol;      /* its custom rules and allowlists, and the
                                  secret rules turned off               */
    es_vec origins;            /* char *: every origin named (owned)     */
    const char *origin;        /* of the settings made now; NULL: "api"  */
    const char *opt_from[24];  /* per envscan_option; NULL: "default"    */
    es_vec env_from, ignore_from; /* const char *, beside env_globs, ignores */
    es_vec includes, include_from; /* scan.include: char *, const char * */
    es_vec rule_ovr;           /* rule_ovr                               */
    uint64_t formats_off;      /* ES_CLASS_BIT()s not read               */
    const char *formats_from[ES_CLASS_MAX];
    const char **walk_ignores; /* scan.include as ignore lines, then ignores */
    size_t n_walk_ignores;
};

/* A rule turned on or off, or given a severity (envscan_set_rule*). */
typedef struct rule_ovr {
    char *id;
    int on;       /* 1 on, 0 off, -1 not said */
    int severity; /* 0: not said */
    const char *on_from, *sev_from;
} rule_ovr;

static rule_ovr *find_ovr(envscan_scanner *sc, const char *id, bool add);
static void apply_rules(envscan_scanner *sc, envscan_result *res);
static int walk_ignores(envscan_scanner *sc);

static int set_error(envscan_scanner *sc, int code, const char *path,
                     int sys_errno, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int vset_error(envscan_scanner *sc, int code, const char *path, uint32_t line,
                      int sys_errno, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

static int vset_error(envscan_scanner *sc, int code, const char *path, uint32_t line,
                      int sys_errno, const char *fmt, va_list ap)
{
    vsnprintf(sc->err, sizeof sc->err, fmt, ap);
    free(sc->err_path);
    sc->err_path = path ? strdup(path) : NULL;
    sc->err_line = line;
    sc->err_col = 0;
    sc->err_errno = sys_errno;
    return code;
}

static int set_error(envscan_scanner *sc, int code, const char *path,
                     int sys_errno, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vset_error(sc, code, path, 0, sys_errno, fmt, ap);
    va_end(ap);
    return code;
}

static int diag_cmp(const void *a, const void *b);

static void clear_error(envscan_scanner *sc)
{
    sc->err[0] = '\0';
    free(sc->err_path);
    sc->err_path = NULL;
    sc->err_line = sc->err_col = 0;
    sc->err_errno = 0;
}

int envscan_scanner_create(envscan_scanner **out)
{
    RETURN_IF(!out, ENVSCAN_E_INVALID);
    *out = NULL;
    const char *want = getenv("ENVSCAN_KERNELS");
    const es_kernels *k = es_kernels_by_name(want);
    RETURN_IF(!k, ENVSCAN_E_UNSUPPORTED);
    envscan_scanner *sc = calloc(1, sizeof *sc);
    RETURN_IF(!sc, ENVSCAN_E_NOMEM);
    sc->kernels = k;
    sc->dialect = ENVSCAN_DIALECT_NODE;
    sc->expand = -1;
    sc->ignore_files = true;
    sc->hidden = true;
    sc->max_file_size = MAX_FILE_SIZE_NONE;
    sc->lint = 1;
    es_vec_init(&sc->env_globs, sizeof(char *));
    es_vec_init(&sc->config_globs, sizeof(char *));
    es_vec_init(&sc->config_classes, sizeof(es_file_class));
    es_vec_init(&sc->ignores, sizeof(char *));
    sc->analysis = true;
    sc->secrets = true;
    es_vec_init(&sc->allow_missing, sizeof(char *));
    es_vec_init(&sc->origins, sizeof(char *));
    es_vec_init(&sc->env_from, sizeof(char *));
    es_vec_init(&sc->ignore_from, sizeof(char *));
    es_vec_init(&sc->includes, sizeof(char *));
    es_vec_init(&sc->include_from, sizeof(char *));
    es_vec_init(&sc->rule_ovr, sizeof(rule_ovr));
    sc->fp_seed = es_fp_seed(NULL);
    *out = sc;
    return ENVSCAN_OK;
}

static void free_strings(es_vec *v)
{
    for (size_t i = 0; i < v->len; i++)
        free(ES_VEC_AT(v, char *, i));
    es_vec_free(v);
}

void envscan_scanner_free(envscan_scanner *sc)
{
    if (!sc)
        return;
    free_strings(&sc->env_globs);
    free_strings(&sc->config_globs);
    es_vec_free(&sc->config_classes);
    free_strings(&sc->ignores);
    free_strings(&sc->allow_missing);
    free_strings(&sc->origins);
    free_strings(&sc->includes);
    es_vec_free(&sc->env_from);
    es_vec_free(&sc->ignore_from);
    es_vec_free(&sc->include_from);
    for (size_t i = 0; i < sc->rule_ovr.len; i++)
        free(ES_VEC_AT(&sc->rule_ovr, rule_ovr, i).id);
    es_vec_free(&sc->rule_ovr);
    es_config_free(sc->config);
    free(sc->config_name);
    free(sc->walk_ignores);
    es_baseline_free(sc->baseline);
    for (size_t i = 0; i < sc->n_ws; i++)
        es_parse_ws_free(&sc->ws[i]);
    free(sc->ws);
    free(sc->err_path);
    free(sc->change);
    free(sc);
}

static const struct {
    envscan_option opt;
    const char *name;
    int64_t min, max;
} bounds[] = {
    {ENVSCAN_OPT_THREADS, "threads", 0, 1024},
    {ENVSCAN_OPT_KERNEL, "kernel", ENVSCAN_KERNEL_AUTO, ENVSCAN_KERNEL_NEON},
    {ENVSCAN_OPT_DIALECT, "dialect", ENVSCAN_DIALECT_NODE, ENVSCAN_DIALECT_SHELL},
    {ENVSCAN_OPT_EXPAND, "expand", -1, 1},
    {ENVSCAN_OPT_IGNORE_FILES, "ignore files", 0, 1},
    {ENVSCAN_OPT_HIDDEN, "hidden", 0, 1},
    {ENVSCAN_OPT_FOLLOW_SYMLINKS, "follow symlinks", 0, 1},
    {ENVSCAN_OPT_MAX_FILE_SIZE, "max file size", 1, MAX_FILE_SIZE_NONE},
    {ENVSCAN_OPT_LINT, "lint", 0, 2},
    {ENVSCAN_OPT_ANALYSIS, "analysis", 0, 1},
    {ENVSCAN_OPT_SECRETS, "secrets", 0, 1},
    {ENVSCAN_OPT_AFFINITY, "affinity", ENVSCAN_AFFINITY_NONE, ENVSCAN_AFFINITY_SPREAD},
};

static const char *option_name(envscan_option opt)
{
    for (size_t i = 0; i < N(bounds); i++)
        if (bounds[i].opt == opt)
            return bounds[i].name;
    return "?";
}

int envscan_option_bounds(envscan_option opt, int64_t *min, int64_t *max)
{
    for (size_t i = 0; i < N(bounds); i++)
        if (bounds[i].opt == opt) {
            if (min)
                *min = bounds[i].min;
            if (max)
                *max = bounds[i].max;
            return ENVSCAN_OK;
        }
    return ENVSCAN_E_OPTION;
}

int envscan_set_option(envscan_scanner *sc, envscan_option opt, int64_t value)
{
    int64_t lo, hi;
    RETURN_IF(!sc, ENVSCAN_E_INVALID);
    clear_error(sc);
    if (envscan_option_bounds(opt, &lo, &hi) != ENVSCAN_OK)
        return set_error(sc, ENVSCAN_E_OPTION, NULL, 0, "unknown option %d", (int)opt);
    if (value < lo || value > hi)
        return set_error(sc, ENVSCAN_E_RANGE, NULL, 0, "%s: %lld is outside %lld..%lld",
                         option_name(opt), (long long)value, (long long)lo, (long long)hi);
    switch (opt) {
    case ENVSCAN_OPT_THREADS: sc->threads = value; break;
    case ENVSCAN_OPT_KERNEL: {
        const es_kernels *k = value == ENVSCAN_KERNEL_AUTO
                                  ? es_kernels_best()
                                  : es_kernels_get((es_kernel_id)value);
        if (!k)
            return set_error(sc, ENVSCAN_E_UNSUPPORTED, NULL, 0,
                             "kernel %s is not available on this machine",
                             envscan_kernel_name((envscan_kernel)value));
        sc->kernels = k;
        break;
    }
    case ENVSCAN_OPT_DIALECT:
        if (!es_dotenv_dialect((envscan_dialect)value))
            return set_error(sc, ENVSCAN_E_UNSUPPORTED, NULL, 0,
                             "dialect '%s' is not implemented yet (available: node, python)",
                             envscan_dialect_name((envscan_dialect)value));
        sc->dialect = (envscan_dialect)value;
        break;
    case ENVSCAN_OPT_EXPAND: sc->expand = (int)value; break;
    case ENVSCAN_OPT_IGNORE_FILES: sc->ignore_files = value; break;
    case ENVSCAN_OPT_HIDDEN: sc->hidden = value; break;
    case ENVSCAN_OPT_FOLLOW_SYMLINKS: sc->follow = value; break;
    case ENVSCAN_OPT_MAX_FILE_SIZE: sc->max_file_size = value; break;
    case ENVSCAN_OPT_LINT: sc->lint = (int)value; break;
    case ENVSCAN_OPT_ANALYSIS: sc->analysis = value; break;
    case ENVSCAN_OPT_SECRETS: sc->secrets = value; break;
    case ENVSCAN_OPT_AFFINITY: sc->affinity = (envscan_affinity)value; break;
    }
    if ((size_t)opt < N(sc->opt_from))
        sc->opt_from[opt] = sc->origin ? sc->origin : "api";
    return ENVSCAN_OK;
}

int envscan_get_option(const envscan_scanner *sc, envscan_option opt, int64_t *value)
{
    RETURN_IF(!sc || !value, ENVSCAN_E_INVALID);
    switch (opt) {
    case ENVSCAN_OPT_THREADS: *value = sc->threads; break;
    case ENVSCAN_OPT_KERNEL: *value = sc->kernels->id; break;
    case ENVSCAN_OPT_DIALECT: *value = sc->dialect; break;
    case ENVSCAN_OPT_EXPAND: *value = sc->expand; break;
    case ENVSCAN_OPT_IGNORE_FILES: *value = sc->ignore_files; break;
    case ENVSCAN_OPT_HIDDEN: *value = sc->hidden; break;
    case ENVSCAN_OPT_FOLLOW_SYMLINKS: *value = sc->follow; break;
    case ENVSCAN_OPT_MAX_FILE_SIZE: *value = sc->max_file_size; break;
    case ENVSCAN_OPT_LINT: *value = sc->lint; break;
    case ENVSCAN_OPT_ANALYSIS: *value = sc->analysis; break;
    case ENVSCAN_OPT_SECRETS: *value = sc->secrets; break;
    case ENVSCAN_OPT_AFFINITY: *value = sc->affinity; break;
    default: return ENVSCAN_E_OPTION;
    }
    return ENVSCAN_OK;
}

static int add_string(envscan_scanner *sc, es_vec *v, const char *s)
{
    RETURN_IF(!sc || !s, ENVSCAN_E_INVALID);
    char *c = strdup(s);
    char **slot = c ? es_vec_push(v) : NULL;
    if (!slot) {
        free(c);
        return ENVSCAN_E_NOMEM;
    }
    *slot = c;
    return ENVSCAN_OK;
}

/* Note where the item just added to a list came from. */
static int note_from(envscan_scanner *sc, es_vec *from, int rc)
{
    if (rc != ENVSCAN_OK)
        return rc;
    const char **f = es_vec_push(from);
    RETURN_IF(!f, ENVSCAN_E_NOMEM);
    *f = sc->origin ? sc->origin : "api";
    return ENVSCAN_OK;
}

int envscan_add_env_name(envscan_scanner *sc, const char *glob)
{
    int rc = add_string(sc, sc ? &sc->env_globs : NULL, glob);
    return sc ? note_from(sc, &sc->env_from, rc) : rc;
}

int envscan_add_config_name(envscan_scanner *sc, const char *glob, envscan_format format)
{
    RETURN_IF(!sc || !glob, ENVSCAN_E_INVALID);
    RETURN_IF(format != ENVSCAN_FORMAT_JSON && format != ENVSCAN_FORMAT_TOML &&
                  format != ENVSCAN_FORMAT_INI && format != ENVSCAN_FORMAT_PROPERTIES,
              ENVSCAN_E_INVALID);
    es_file_class *cls = es_vec_push(&sc->config_classes);
    RETURN_IF(!cls, ENVSCAN_E_NOMEM);
    *cls = (es_file_class)format; /* io/ numbers classes as formats */
    int rc = add_string(sc, &sc->config_globs, glob);
    if (rc != ENVSCAN_OK)
        sc->config_classes.len--;
    return rc;
}

int envscan_add_ignore_pattern(envscan_scanner *sc, const char *pattern)
{
    int rc = add_string(sc, sc ? &sc->ignores : NULL, pattern);
    return sc ? note_from(sc, &sc->ignore_from, rc) : rc;
}

int envscan_allow_missing(envscan_scanner *sc, const char *name)
{
    RETURN_IF(name && !*name, ENVSCAN_E_INVALID);
    return add_string(sc, sc ? &sc->allow_missing : NULL, name);
}

int envscan_set_fingerprint_salt(envscan_scanner *sc, const char *salt)
{
    RETURN_IF(!sc || (salt && !*salt), ENVSCAN_E_INVALID);
    sc->fp_seed = es_fp_seed(salt);
    return ENVSCAN_OK;
}

int envscan_set_baseline_buffer(envscan_scanner *sc, const void *data, size_t len,
                                const char *name)
{
    RETURN_IF(!sc || (!data && len), ENVSCAN_E_INVALID);
    clear_error(sc);
    if (!name)
        name = "<baseline>";
    es_baseline *b = NULL;
    char why[sizeof sc->err];
    int rc = es_baseline_read(data ? data : "", len, name, &b, why, sizeof why);
    if (rc != ENVSCAN_OK) {
        set_error(sc, rc, name, rc == ENVSCAN_E_NOMEM ? ENOMEM : 0, "%s", why);
        /* the reader's message starts "NAME:LINE:COLUMN: " when it has a
         * position: the detail says the same */
        const size_t nl = strlen(name);
        unsigned line = 0, col = 0;
        if (rc == ENVSCAN_E_PARSE && strncmp(why, name, nl) == 0 && why[nl] == ':' &&
            sscanf(why + nl + 1, "%u:%u:", &line, &col) == 2) {
            sc->err_line = line;
            sc->err_col = col;
        }
        return rc;
    }
    es_baseline_free(sc->baseline);
    sc->baseline = b;
    return ENVSCAN_OK;
}

int envscan_set_baseline(envscan_scanner *sc, const char *path)
{
    RETURN_IF(!sc, ENVSCAN_E_INVALID);
    clear_error(sc);
    if (!path) {
        es_baseline_free(sc->baseline);
        sc->baseline = NULL;
        return ENVSCAN_OK;
    }
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int err = f ? 0 : errno;
    while (f && !err) {
        if (len == cap) {
            char *nb = realloc(buf, cap = cap ? cap * 2 : 1 << 16);
            if (!nb) {
                err = ENOMEM;
                break;
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            err = ferror(f) ? (errno ? errno : EIO) : 0;
            break;
        }
    }
    if (f)
        fclose(f);
    if (err) {
        free(buf);
        return set_error(sc, err == ENOMEM ? ENVSCAN_E_NOMEM : ENVSCAN_E_IO, path, err,
                         "%s: cannot read the baseline: %s", path, strerror(err));
    }
    int rc = envscan_set_baseline_buffer(sc, buf, len, path);
    free(buf);
    return rc;
}

int envscan_cancel(envscan_scanner *sc)
{
    RETURN_IF(!sc, ENVSCAN_E_INVALID);
    atomic_store(&sc->cancel, 1); /* lock-free: safe in a signal handler */
    return ENVSCAN_OK;
}

/* A scan starts: a cancel made while no scan ran is forgotten. */
static void scan_begin(envscan_scanner *sc)
{
    atomic_store_explicit(&sc->cancel, 0, memory_order_relaxed);
}

static bool cancel_asked(const envscan_scanner *sc)
{
    return atomic_load_explicit(&sc->cancel, memory_order_relaxed) != 0;
}

int envscan_set_file_callback(envscan_scanner *sc, envscan_file_fn fn, void *ctx)
{
    RETURN_IF(!sc, ENVSCAN_E_INVALID);
    sc->on_file = fn;
    sc->on_file_ctx = ctx;
    return ENVSCAN_OK;
}

const char *envscan_last_error(const envscan_scanner *sc)
{
    return sc ? sc->err : "invalid scanner";
}

void envscan_last_error_detail(const envscan_scanner *sc, const char **path,
                               uint32_t *line, uint32_t *column, int *sys_errno)
{
    if (path)
        *path = sc ? sc->err_path : NULL;
    if (line)
        *line = sc ? sc->err_line : 0;
    if (column)
        *column = sc ? sc->err_col : 0;
    if (sys_errno)
        *sys_errno = sc ? sc->err_errno : 0;
}

/* ------------------------------------------------------------------ scans */

/* A baseline fits the scanner's fingerprints only when written with the
 * same salt: refuse it rather than match nothing. */
static int check_baseline(envscan_scanner *sc)
{
    if (!sc->baseline || es_baseline_salt_ok(sc->baseline, sc->fp_seed))
        return ENVSCAN_OK;
    const char *name = es_baseline_name(sc->baseline);
    return set_error(sc, ENVSCAN_E_INVALID, name, 0,
                     "%s: the baseline was written with another fingerprint salt", name);
}


static unsigned thread_count(const envscan_scanner *sc)
{
    if (sc->threads > 0)
        return (unsigned)sc->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

/* At least n workspaces in sc->ws (zeroed when new). */
static bool reserve_ws(envscan_scanner *sc, size_t n)
{
    if (n <= sc->n_ws)
        return true;
    es_parse_ws *w = realloc(sc->ws, n * sizeof *w);
    if (!w)
        return false;
    memset(w + sc->n_ws, 0, (n - sc->n_ws) * sizeof *w);
    sc->ws = w;
    sc->n_ws = n;
    return true;
}

static es_parse_opts parse_opts(const envscan_scanner *sc)
{
    const es_dialect_info *d = es_dotenv_dialect(sc->dialect);
    bool expand = sc->expand < 0 ? (d && d->expand_default) : sc->expand == 1;
    uint32_t lint = sc->lint == 0 ? 0 : sc->lint == 1 ? es_lint_default_rules() : ES_LINT_ALL;
    lint = (lint & ~sc->lint_off) | sc->lint_on;
    return (es_parse_opts){.kernels = sc->kernels, .dialect = sc->dialect, .expand = expand,
                           .lint = lint, .secrets = sc->secrets, .fp_seed = sc->fp_seed,
                           .secpol = &sc->pol};
}

/* ------------------------------------------------ for the editing functions */

es_parse_opts es_scanner_parse_opts(const envscan_scanner *sc) { return parse_opts(sc); }

es_parse_ws *es_scanner_ws(envscan_scanner *sc) { return reserve_ws(sc, 1) ? &sc->ws[0] : NULL; }

bool es_scanner_env_name(const envscan_scanner *sc, const char *base)
{
    return es_classify_name(base, (const char *const *)sc->env_globs.data, sc->env_globs.len) ==
           ES_CLASS_DOTENV;
}

void es_scanner_clear_error(envscan_scanner *sc) { clear_error(sc); }

int es_scanner_error(envscan_scanner *sc, int code, const char *path, uint32_t line,
                     int sys_errno, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vset_error(sc, code, path, line, sys_errno, fmt, ap);
    va_end(ap);
    return code;
}

int es_scanner_set_change(envscan_scanner *sc, const char *text)
{
    char *c = strdup(text ? text : "");
    RETURN_IF(!c, ENVSCAN_E_NOMEM);
    free(sc->change);
    sc->change = c;
    return ENVSCAN_OK;
}

const char *envscan_last_change(const envscan_scanner *sc)
{
    return sc && sc->change ? sc->change : "";
}

void envscan_free(void *p) { free(p); }

int envscan_secrets_status(const char **detail)
{
    const char *why = NULL;
    bool ok = es_secrets_built(&why);
    if (detail)
        *detail = why;
    return ok ? ENVSCAN_OK : ENVSCAN_E_UNSUPPORTED;
}

int envscan_set_lint_rule(envscan_scanner *sc, const char *rule, int on)
{
    RETURN_IF(!sc || !rule, ENVSCAN_E_INVALID);
    clear_error(sc);
    int bit = es_lint_rule_bit(rule, strlen(rule));
    if (bit < 0)
        return set_error(sc, ENVSCAN_E_NOTFOUND, NULL, 0, "'%s' is not a lint rule", rule);
    uint32_t b = 1u << bit;
    sc->lint_on = on ? sc->lint_on | b : sc->lint_on & ~b;
    sc->lint_off = on ? sc->lint_off & ~b : sc->lint_off | b;
    rule_ovr *o = find_ovr(sc, es_lint_rule_id(bit), true);
    RETURN_IF(!o, ENVSCAN_E_NOMEM);
    o->on = on != 0;
    o->on_from = sc->origin ? sc->origin : "api";
    return ENVSCAN_OK;
}


/* ------------------------------------------------------------ the config */

static rule_ovr *find_ovr(envscan_scanner *sc, const char *id, bool add)
{
    for (size_t i = 0; i < sc->rule_ovr.len; i++)
        if (strcmp(ES_VEC_AT(&sc->rule_ovr, rule_ovr, i).id, id) == 0)
            return &ES_VEC_AT(&sc->rule_ovr, rule_ovr, i);
    if (!add)
        return NULL;
    char *c = strdup(id);
    rule_ovr *o = c ? es_vec_push(&sc->rule_ovr) : NULL;
    if (!o) {
        free(c);
        return NULL;
    }
    *o = (rule_ovr){.id = c, .on = -1};
    return o;
}

/* Rules off and severities given, applied to a result's diagnostics. */
static int rule_verdict(void *ctx, envscan_diagnostic *d)
{
    envscan_scanner *sc = ctx;
    rule_ovr *o = find_ovr(sc, d->code, false);
    if (!o)
        return ES_FILTER_KEEP;
    if (o->on == 0)
        return ES_FILTER_DROP;
    if (o->severity)
        d->severity = (envscan_severity)o->severity;
    return ES_FILTER_KEEP;
}

static void apply_rules(envscan_scanner *sc, envscan_result *res)
{
    if (sc->rule_ovr.len)
        es_result_filter(res, rule_verdict, sc);
}

/* The walk's ignore lines: scan.include as "everything but these" (every
 * file ignored, directories walked, the included globs taken back), then
 * the ignore patterns, which may take out again what an include named. */
static int walk_ignores(envscan_scanner *sc)
{
    size_t n = (sc->includes.len ? sc->includes.len + 2 : 0) + sc->ignores.len;
    const char **w = realloc(sc->walk_ignores, (n ? n : 1) * sizeof *w);
    RETURN_IF(!w, ENVSCAN_E_NOMEM);
    sc->walk_ignores = w;
    size_t k = 0;
    if (sc->includes.len) {
        w[k++] = "*";
        w[k++] = "!*/";
        for (size_t i = 0; i < sc->includes.len; i++)
            w[k++] = ES_VEC_AT(&sc->includes, char *, i); /* stored as "!GLOB" */
    }
    for (size_t i = 0; i < sc->ignores.len; i++)
        w[k++] = ES_VEC_AT(&sc->ignores, char *, i);
    sc->n_walk_ignores = k;
    return ENVSCAN_OK;
}

int envscan_set_origin(envscan_scanner *sc, const char *origin)
{
    RETURN_IF(!sc, ENVSCAN_E_INVALID);
    if (!origin) {
        sc->origin = NULL;
        return ENVSCAN_OK;
    }
    for (size_t i = 0; i < sc->origins.len; i++)
        if (strcmp(ES_VEC_AT(&sc->origins, char *, i), origin) == 0) {
            sc->origin = ES_VEC_AT(&sc->origins, char *, i);
            return ENVSCAN_OK;
        }
    FORWARD_IF_ERROR(add_string(sc, &sc->origins, origin));
    sc->origin = ES_VEC_AT(&sc->origins, char *, sc->origins.len - 1);
    return ENVSCAN_OK;
}

/* A secret rule's index in the table, or -1. */
static int secret_index(const char *id)
{
    size_t n = 0;
    const es_secret_rule *r = es_secret_rules(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(r[i].row.id, id) == 0)
            return (int)i;
    return -1;
}

static bool custom_rule(const envscan_scanner *sc, const char *id)
{
    for (size_t i = 0; i < sc->pol.n_custom; i++)
        if (strcmp(sc->pol.custom[i].row.id, id) == 0)
            return true;
    return false;
}

int envscan_set_rule(envscan_scanner *sc, const char *id, int on)
{
    RETURN_IF(!sc || !id, ENVSCAN_E_INVALID);
    clear_error(sc);
    if (strcmp(id, "secrets") == 0)
        return envscan_set_option(sc, ENVSCAN_OPT_SECRETS, on != 0);
    if (strncmp(id, "lint-", 5) == 0 && es_lint_rule_bit(id, strlen(id)) >= 0)
        return envscan_set_lint_rule(sc, id, on);
    int si = secret_index(id);
    if (si < 0 && !custom_rule(sc, id) && !es_rule_find(id))
        return set_error(sc, ENVSCAN_E_NOTFOUND, NULL, 0, "'%s' is not a rule id", id);
    if (si >= 0) {
        uint64_t b = 1ull << (si % 64);
        sc->pol.off[si / 64] = on ? sc->pol.off[si / 64] & ~b : sc->pol.off[si / 64] | b;
    }
    rule_ovr *o = find_ovr(sc, id, true);
    RETURN_IF(!o, ENVSCAN_E_NOMEM);
    o->on = on != 0;
    o->on_from = sc->origin ? sc->origin : "api";
    return ENVSCAN_OK;
}

int envscan_set_rule_severity(envscan_scanner *sc, const char *id, envscan_severity sev)
{
    RETURN_IF(!sc || !id, ENVSCAN_E_INVALID);
    clear_error(sc);
    if (sev < ENVSCAN_SEVERITY_INFO || sev > ENVSCAN_SEVERITY_ERROR)
        return set_error(sc, ENVSCAN_E_RANGE, NULL, 0, "%d is not a severity", (int)sev);
    if (!es_rule_find(id) && !custom_rule(sc, id))
        return set_error(sc, ENVSCAN_E_NOTFOUND, NULL, 0, "'%s' is not a rule id", id);
    rule_ovr *o = find_ovr(sc, id, true);
    RETURN_IF(!o, ENVSCAN_E_NOMEM);
    o->severity = (int)sev;
    o->sev_from = sc->origin ? sc->origin : "api";
    return ENVSCAN_OK;
}

int envscan_set_format(envscan_scanner *sc, envscan_format format, int on)
{
    RETURN_IF(!sc, ENVSCAN_E_INVALID);
    clear_error(sc);
    if (format == ENVSCAN_FORMAT_DOTENV || format == ENVSCAN_FORMAT_KUBERNETES ||
        format == ENVSCAN_FORMAT_ACTIONS)
        return set_error(sc, ENVSCAN_E_UNSUPPORTED, NULL, 0,
                         "%s files cannot be turned off or on on their own",
                         envscan_format_name(format));
    RETURN_IF(format <= ENVSCAN_FORMAT_UNKNOWN || (int)format >= ES_CLASS_MAX ||
                  !(es_format_classes() & ES_CLASS_BIT(format)),
              ENVSCAN_E_INVALID);
    uint64_t b = ES_CLASS_BIT(format);
    sc->formats_off = on ? sc->formats_off & ~b : sc->formats_off | b;
    sc->formats_from[format] = sc->origin ? sc->origin : "api";
    return ENVSCAN_OK;
}

int envscan_config_find(const char *root, char **path)
{
    RETURN_IF(!root || !path, ENVSCAN_E_INVALID);
    *path = NULL;
    struct stat st;
    size_t n = strlen(root);
    char *dir = strdup(root);
    RETURN_IF(!dir, ENVSCAN_E_NOMEM);
    if (stat(root, &st) == 0 && !S_ISDIR(st.st_mode)) {
        char *slash = strrchr(dir, '/');
        if (slash)
            slash[slash == dir] = '\0';
        else
            strcpy(dir, ".");
        n = strlen(dir);
    }
    static const char *const names[] = {"envscan.yml", ".envscan.yml"};
    for (size_t i = 0; i < N(names); i++) {
        char *p = malloc(n + strlen(names[i]) + 2);
        if (!p) {
            free(dir);
            return ENVSCAN_E_NOMEM;
        }
        sprintf(p, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", names[i]);
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
            free(dir);
            *path = p;
            return ENVSCAN_OK;
        }
        free(p);
    }
    free(dir);
    return ENVSCAN_E_NOTFOUND;
}

/* The origin "NAME:LINE" of a value of the file. */
static int from_node(envscan_scanner *sc, const char *name, const es_cfg_node *nd)
{
    char o[600];
    snprintf(o, sizeof o, "%s:%u", name, nd ? nd->line : 0);
    return envscan_set_origin(sc, o);
}

/* Apply a parsed config, its values through the public setters. */
static int apply_config(envscan_scanner *sc, es_config *c, const char *name)
{
    size_t n;
    const es_cfg_node *nodes = es_config_nodes(c, &n);
    for (size_t i = 0; i < n; i++) {
        const es_cfg_node *nd = &nodes[i];
        const char *p = nd->path, *v = nd->value;
        bool yes = strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "on") == 0;
        int64_t sz = 0;
        FORWARD_IF_ERROR(from_node(sc, name, nd));
        int rc = ENVSCAN_OK;
        if (strncmp(p, "scan.include[", 13) == 0) {
            char *g = malloc(strlen(v) + 2);
            RETURN_IF(!g, ENVSCAN_E_NOMEM);
            sprintf(g, "!%s", v);
            char **slot = es_vec_push(&sc->includes);
            if (!slot) {
                free(g);
                return ENVSCAN_E_NOMEM;
            }
            *slot = g;
            rc = note_from(sc, &sc->include_from, ENVSCAN_OK);
        } else if (strncmp(p, "scan.exclude[", 13) == 0) {
            rc = envscan_add_ignore_pattern(sc, v);
        } else if (strncmp(p, "scan.env_names[", 15) == 0) {
            rc = envscan_add_env_name(sc, v);
        } else if (strncmp(p, "scan.formats.", 13) == 0) {
            envscan_format fm;
            rc = envscan_format_from_name(p + 13, &fm);
            if (rc == ENVSCAN_OK)
                rc = envscan_set_format(sc, fm, yes);
        } else if (strcmp(p, "scan.dialect") == 0) {
            envscan_dialect d;
            rc = envscan_dialect_from_name(v, &d);
            if (rc == ENVSCAN_OK)
                rc = envscan_set_option(sc, ENVSCAN_OPT_DIALECT, d);
        } else if (strcmp(p, "scan.follow_symlinks") == 0) {
            rc = envscan_set_option(sc, ENVSCAN_OPT_FOLLOW_SYMLINKS, yes);
        } else if (strcmp(p, "scan.hidden") == 0) {
            rc = envscan_set_option(sc, ENVSCAN_OPT_HIDDEN, yes);
        } else if (strcmp(p, "scan.ignore_files") == 0) {
            rc = envscan_set_option(sc, ENVSCAN_OPT_IGNORE_FILES, yes);
        } else if (strcmp(p, "scan.max_file_size") == 0) {
            rc = es_config_size(v, &sz) ? envscan_set_option(sc, ENVSCAN_OPT_MAX_FILE_SIZE, sz)
                                        : ENVSCAN_E_INTERNAL;
        } else if (strcmp(p, "performance.threads") == 0) {
            rc = envscan_set_option(sc, ENVSCAN_OPT_THREADS,
                                    strcmp(v, "auto") == 0 ? 0 : strtoll(v, NULL, 10));
        } else if (strcmp(p, "performance.affinity") == 0) {
            envscan_affinity af;
            rc = envscan_affinity_from_name(strcmp(v, "close") == 0 ? "compact" : v, &af);
            if (rc == ENVSCAN_OK)
                rc = envscan_set_option(sc, ENVSCAN_OPT_AFFINITY, af);
        } else if (strncmp(p, "rules.enable[", 13) == 0 || strncmp(p, "rules.disable[", 14) == 0) {
            rc = envscan_set_rule(sc, v, p[6] == 'e');
        } else if (strncmp(p, "rules.severity.", 15) == 0) {
            envscan_severity sev;
            rc = envscan_severity_from_name(v, &sev);
            if (rc == ENVSCAN_OK)
                rc = envscan_set_rule_severity(sc, p + 15, sev);
        }
        if (rc != ENVSCAN_OK)
            return set_error(sc, rc, name, 0, "%s:%u:%u: %s: %s", name, nd->line, nd->column,
                             p, sc->err[0] ? sc->err : envscan_strerror(rc));
    }
    return ENVSCAN_OK;
}

int envscan_load_config_buffer(envscan_scanner *sc, const void *data, size_t len,
                               const char *name)
{
    RETURN_IF(!sc || (!data && len), ENVSCAN_E_INVALID);
    clear_error(sc);
    if (!name)
        name = "<config>";
    es_config *c = NULL;
    es_cfg_error e;
    int rc = es_config_parse(data ? data : (const void *)"", len, name, &c, &e);
    if (rc != ENVSCAN_OK) {
        if (e.line)
            es_scanner_error(sc, rc, name, e.line, 0, "%s:%u:%u: %s", name, e.line, e.column,
                             e.msg);
        else
            set_error(sc, rc, name, 0, "%s: %s", name, e.msg[0] ? e.msg : envscan_strerror(rc));
        sc->err_col = e.column;
        return rc;
    }
    /* the custom rules and allowlists of this file replace any earlier
     * ones; the secret rules turned off stay */
    es_config *old = sc->config;
    uint64_t off[4];
    memcpy(off, sc->pol.off, sizeof off);
    sc->config = c;
    sc->pol = *es_config_policy(c);
    memcpy(sc->pol.off, off, sizeof off);
    const char *saved = sc->origin;
    rc = apply_config(sc, c, name);
    /* apply_config fails only short of memory (the file was validated);
     * what was applied stays, with the new file's rules */
    sc->origin = saved;
    es_config_free(old);
    char *cname = strdup(name);
    free(sc->config_name);
    sc->config_name = cname;
    return rc == ENVSCAN_OK && !cname ? ENVSCAN_E_NOMEM : rc;
}

int envscan_load_config(envscan_scanner *sc, const char *path)
{
    RETURN_IF(!sc || !path, ENVSCAN_E_INVALID);
    clear_error(sc);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int err = fd < 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        if (fd >= 0)
            close(fd);
        return set_error(sc, ENVSCAN_E_IO, path, err, "%s: cannot read the config file: %s",
                         path, strerror(err));
    }
    if (st.st_size > (off_t)16 << 20) {
        close(fd);
        return set_error(sc, ENVSCAN_E_IO, path, EFBIG,
                         "%s: a config file of %lld bytes is more than 16 MiB", path,
                         (long long)st.st_size);
    }
    size_t len = (size_t)st.st_size;
    void *map = len ? mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
    int err = errno;
    close(fd);
    if (len && map == MAP_FAILED)
        return set_error(sc, ENVSCAN_E_IO, path, err, "%s: cannot map the config file: %s",
                         path, strerror(err));
    int rc = envscan_load_config_buffer(sc, len ? map : "", len, path);
    if (len)
        munmap(map, len);
    return rc;
}

size_t envscan_config_unimplemented_count(const envscan_scanner *sc)
{
    size_t n = 0;
    if (sc && sc->config)
        es_config_unimplemented(sc->config, &n);
    return n;
}

const char *envscan_config_unimplemented(const envscan_scanner *sc, size_t i)
{
    size_t n = 0;
    const es_cfg_unimpl *u = sc && sc->config ? es_config_unimplemented(sc->config, &n) : NULL;
    return i < n ? u[i].text : NULL;
}

const char *envscan_config_template(const char *name) { return es_config_template(name); }

int envscan_parse_size(const char *text, int64_t *out)
{
    RETURN_IF(!text || !out, ENVSCAN_E_INVALID);
    return es_config_size(text, out) ? ENVSCAN_OK : ENVSCAN_E_INVALID;
}

/* ---------------------------------------------------- config show (YAML) */

static const char *cfg_name(const envscan_scanner *sc)
{
    return sc->config_name ? sc->config_name : "<config>";
}

/* A YAML double-quoted scalar. */
static void out_yaml_str(es_out *o, const char *v)
{
    es_out_str(o, "\"");
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if (*p == '"' || *p == '\\')
            es_out_printf(o, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            es_out_printf(o, "\\x%02x", *p);
        else
            es_out_bytes(o, p, 1);
    }
    es_out_str(o, "\"");
}

/* "  key: value  # origin" */
static void out_setting(es_out *o, int indent, const char *key, const char *value,
                        const char *from)
{
    char line[512];
    int n = snprintf(line, sizeof line, "%*s%s: %s", indent, "", key, value);
    es_out_printf(o, "%s%*s # %s\n", line, n < 40 ? 40 - n : 1, "", from ? from : "default");
}

static void out_list(es_out *o, int indent, const char *key, const es_vec *items,
                     const es_vec *from, size_t skip)
{
    if (!items->len) {
        out_setting(o, indent, key, "[]", NULL);
        return;
    }
    es_out_printf(o, "%*s%s:\n", indent, "", key);
    for (size_t i = 0; i < items->len; i++) {
        const char *item = ES_VEC_AT(items, char *, i) + skip;
        int n = indent + 2 + 4 + (int)strlen(item);
        es_out_printf(o, "%*s- ", indent + 2, "");
        out_yaml_str(o, item);
        es_out_printf(o, "%*s # %s\n", n < 40 ? 40 - n : 1, "",
                      ES_VEC_AT(from, const char *, i));
    }
}

/* The file's values under `section.` (performance, cache, benchmarking),
 * nested one level deeper where their path is; each marked not
 * implemented unless `implemented` names it. */
/* Is p one of the ','-separated paths of list? */
static bool in_list(const char *list, const char *p)
{
    const size_t n = strlen(p);
    for (const char *at = list; at && *at;) {
        const char *end = strchr(at, ',');
        const size_t k = end ? (size_t)(end - at) : strlen(at);
        if (k == n && strncmp(at, p, n) == 0)
            return true;
        at = end ? end + 1 : NULL;
    }
    return false;
}

/* The settings of `section` the file made, but those of `implemented`
 * (','-separated paths: shown by the caller). */
static void out_section_nodes(const envscan_scanner *sc, es_out *o, const char *section,
                              const char *implemented)
{
    size_t n = 0, sl = strlen(section);
    const es_cfg_node *nodes = sc->config ? es_config_nodes(sc->config, &n) : NULL;
    size_t nu = 0;
    const es_cfg_unimpl *u = sc->config ? es_config_unimplemented(sc->config, &nu) : NULL;
    char open[64] = "";
    for (size_t i = 0; i < n; i++) {
        const char *p = nodes[i].path;
        if (strncmp(p, section, sl) != 0 || p[sl] != '.' ||
            (implemented && in_list(implemented, p)))
            continue;
        const char *rest = p + sl + 1, *dot = strchr(rest, '.');
        int indent = 2;
        if (dot) {
            if (strlen(open) != (size_t)(dot - rest) || strncmp(open, rest, (size_t)(dot - rest))) {
                snprintf(open, sizeof open, "%.*s", (int)(dot - rest), rest);
                es_out_printf(o, "  %s:\n", open);
            }
            rest = dot + 1;
            indent = 4;
        }
        bool later = false;
        for (size_t k = 0; k < nu; k++)
            later |= strcmp(u[k].path, p) == 0;
        char from[600];
        snprintf(from, sizeof from, "%s:%u%s", cfg_name(sc), nodes[i].line,
                 later ? ", not implemented yet" : "");
        out_setting(o, indent, rest, nodes[i].value, from);
    }
}

int envscan_config_write(const envscan_scanner *sc, envscan_write_fn write, void *ctx)
{
    RETURN_IF(!sc || !write, ENVSCAN_E_INVALID);
    es_out o = {.write = write, .ctx = ctx};
    char v[64];
    const char *const *from = sc->opt_from;
    es_out_str(&o, "# The settings in effect; each comment says where a value comes from\n"
                   "# (default, a config file and line, the environment or the command line).\n");
    es_out_str(&o, "scan:\n");
    out_list(&o, 2, "include", &sc->includes, &sc->include_from, 1);
    out_list(&o, 2, "exclude", &sc->ignores, &sc->ignore_from, 0);
    out_list(&o, 2, "env_names", &sc->env_globs, &sc->env_from, 0);
    if (!sc->formats_off) {
        out_setting(&o, 2, "formats", "{}", NULL);
    } else {
        es_out_str(&o, "  formats:\n");
        for (int f = 1; f < ES_CLASS_MAX; f++)
            if (sc->formats_off & ES_CLASS_BIT(f))
                out_setting(&o, 4, envscan_format_name((envscan_format)f), "false",
                            sc->formats_from[f]);
    }
    out_setting(&o, 2, "dialect", envscan_dialect_name(sc->dialect), from[ENVSCAN_OPT_DIALECT]);
    out_setting(&o, 2, "follow_symlinks", sc->follow ? "true" : "false",
                from[ENVSCAN_OPT_FOLLOW_SYMLINKS]);
    if (sc->max_file_size >= MAX_FILE_SIZE_NONE)
        snprintf(v, sizeof v, "none");
    else
        snprintf(v, sizeof v, "%lld", (long long)sc->max_file_size);
    out_setting(&o, 2, "max_file_size", v, from[ENVSCAN_OPT_MAX_FILE_SIZE]);
    out_setting(&o, 2, "hidden", sc->hidden ? "true" : "false", from[ENVSCAN_OPT_HIDDEN]);
    out_setting(&o, 2, "ignore_files", sc->ignore_files ? "true" : "false",
                from[ENVSCAN_OPT_IGNORE_FILES]);

    es_out_str(&o, "rules:\n");
    static const char *const lint_sets[] = {"off", "default", "all"};
    out_setting(&o, 2, "lint", lint_sets[sc->lint], from[ENVSCAN_OPT_LINT]);
    out_setting(&o, 2, "secrets", sc->secrets ? "true" : "false", from[ENVSCAN_OPT_SECRETS]);
    for (int on = 1; on >= 0; on--) {
        size_t k = 0;
        for (size_t i = 0; i < sc->rule_ovr.len; i++) {
            const rule_ovr *r = &ES_VEC_AT(&sc->rule_ovr, rule_ovr, i);
            if (r->on != on)
                continue;
            if (!k++)
                es_out_printf(&o, "  %s:\n", on ? "enable" : "disable");
            char item[300];
            snprintf(item, sizeof item, "    - %s", r->id);
            es_out_printf(&o, "%s%*s # %s\n", item,
                          (int)strlen(item) < 40 ? 40 - (int)strlen(item) : 1, "", r->on_from);
        }
        if (!k)
            out_setting(&o, 2, on ? "enable" : "disable", "[]", NULL);
    }
    size_t ns = 0;
    for (size_t i = 0; i < sc->rule_ovr.len; i++)
        if (ES_VEC_AT(&sc->rule_ovr, rule_ovr, i).severity && !ns++)
            es_out_str(&o, "  severity:\n");
    for (size_t i = 0; i < sc->rule_ovr.len; i++) {
        const rule_ovr *r = &ES_VEC_AT(&sc->rule_ovr, rule_ovr, i);
        if (r->severity)
            out_setting(&o, 4, r->id, envscan_severity_name((envscan_severity)r->severity),
                        r->sev_from);
    }
    if (!ns)
        out_setting(&o, 2, "severity", "{}", NULL);
    const cfg_file *cf = sc->config ? es_config_file(sc->config) : NULL;
    const cfg_allow *al = cf && cf->rules ? cf->rules->allowlist : NULL;
    if (!al) {
        out_setting(&o, 2, "allowlist", "{}", NULL);
    } else {
        es_out_str(&o, "  allowlist:\n");
        static const char *const names[] = {"paths", "values", "keys"};
        for (int k = 0; k < 3; k++) {
            char **items = k == 0 ? al->paths : k == 1 ? al->values : al->keys;
            unsigned n = k == 0 ? al->paths_count : k == 1 ? al->values_count : al->keys_count;
            es_out_printf(&o, "    %s:%s  # %s\n", names[k], n ? "" : " []", cfg_name(sc));
            unsigned hidden = 0;
            for (unsigned i = 0; i < n; i++) {
                size_t l = strlen(items[i]);
                if (k == 1 && !(l >= 2 && items[i][0] == '/' && items[i][l - 1] == '/')) {
                    hidden++; /* a literal secret: never printed */
                    continue;
                }
                es_out_str(&o, "      - ");
                out_yaml_str(&o, items[i]);
                es_out_str(&o, "\n");
            }
            if (hidden)
                es_out_printf(&o, "      # and %u literal value%s, not shown (secrets)\n",
                              hidden, hidden == 1 ? "" : "s");
        }
    }
    if (!sc->pol.n_custom) {
        es_out_str(&o, "  secrets:\n");
        out_setting(&o, 4, "custom", "[]", NULL);
    } else {
        es_out_printf(&o, "  secrets:\n    custom:  # %s\n", cfg_name(sc));
        for (size_t i = 0; i < sc->pol.n_custom; i++) {
            const es_secret_custom *c = &sc->pol.custom[i];
            es_out_printf(&o, "      - id: %s\n        title: ", c->row.id);
            out_yaml_str(&o, c->row.summary);
            es_out_printf(&o, "\n        severity: %s\n        keywords: [",
                          envscan_severity_name(c->row.severity));
            for (const char *w = c->keywords; *w;) {
                size_t m = strcspn(w, "|");
                char kw[128];
                snprintf(kw, sizeof kw, "%.*s", (int)m, w);
                out_yaml_str(&o, kw);
                w += m;
                if (*w == '|') {
                    w++;
                    es_out_str(&o, ", ");
                }
            }
            es_out_printf(&o, "]\n        min_entropy: %g\n        need_key: %s\n",
                          c->min_entropy, c->need_key ? "true" : "false");
        }
    }

    es_out_str(&o, "performance:\n");
    snprintf(v, sizeof v, "%lld", (long long)sc->threads);
    out_setting(&o, 2, "threads", v, from[ENVSCAN_OPT_THREADS]);
    out_setting(&o, 2, "affinity", envscan_affinity_name(sc->affinity),
                from[ENVSCAN_OPT_AFFINITY]);
    if (sc->config && es_config_perf_auto(sc->config)) {
        char f[600];
        snprintf(f, sizeof f, "%s:%u, not implemented yet: the values above apply",
                 cfg_name(sc), es_config_node(sc->config, "performance")->line);
        out_setting(&o, 2, "auto", "true", f);
    }
    out_section_nodes(sc, &o, "performance", "performance.threads,performance.affinity");
    es_out_str(&o, "cache:  # not implemented yet\n");
    out_section_nodes(sc, &o, "cache", NULL);
    es_out_str(&o, "benchmarking:  # not implemented yet\n");
    out_section_nodes(sc, &o, "benchmarking", NULL);
    return es_out_flush(&o) == 0 && !o.failed ? ENVSCAN_OK : ENVSCAN_E_IO;
}

/* Order a file's diagnostics by (line, column), stably. */
static int diag_cmp(const void *a, const void *b)
{
    const envscan_diagnostic *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Add diagnostics to the per-severity statistics. */
static void count_diags(uint64_t *stats, const envscan_diagnostic *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        stats[d[i].severity == ENVSCAN_SEVERITY_ERROR     ? ENVSCAN_STAT_ERRORS
              : d[i].severity == ENVSCAN_SEVERITY_WARNING ? ENVSCAN_STAT_WARNINGS
                                                          : ENVSCAN_STAT_INFOS]++;
}

/* The statistic that counts records of a kind. */
static envscan_stat kind_stat(uint16_t kind)
{
    return kind == ENVSCAN_KIND_REFERENCE ? ENVSCAN_STAT_REFERENCES
           : kind == ENVSCAN_KIND_USAGE   ? ENVSCAN_STAT_USAGES
                                          : ENVSCAN_STAT_DEFINITIONS;
}

/* Copy the scanner's custom secret rules into the result (arena), for
 * the reports that list rules (SARIF's tool.driver.rules). */
static int keep_own_rules(envscan_result *res, const envscan_scanner *sc)
{
    const size_t n = sc->pol.n_custom;
    if (!n)
        return ENVSCAN_OK;
    es_rule *rows = es_arena_alloc(&res->arena, n * sizeof *rows);
    RETURN_IF(!rows, ENVSCAN_E_NOMEM);
    for (size_t i = 0; i < n; i++) {
        const es_rule *c = &sc->pol.custom[i].row;
        rows[i] = *c;
        rows[i].id = es_arena_strndup(&res->arena, c->id, strlen(c->id));
        rows[i].summary = es_arena_strndup(&res->arena, c->summary, strlen(c->summary));
        rows[i].doc = es_arena_strndup(&res->arena, c->doc, strlen(c->doc));
        RETURN_IF(!rows[i].id || !rows[i].summary || !rows[i].doc, ENVSCAN_E_NOMEM);
    }
    res->own_rules = rows;
    res->n_own_rules = n;
    return ENVSCAN_OK;
}

/* Concatenate per-file outputs (already in order) and loose diagnostics
 * (sorted by path) into `res`. */
static int assemble(envscan_result *res, es_file_out *fo, size_t nf,
                    envscan_diagnostic *loose, size_t nloose)
{
    size_t nrec = 0, ndiag = nloose;
    for (size_t i = 0; i < nf; i++) {
        nrec += fo[i].records.len;
        ndiag += fo[i].diags.len;
    }
    res->files = es_arena_alloc(&res->arena, (nf ? nf : 1) * sizeof *res->files);
    /* one file: its record vector becomes the result's (no copy) */
    bool adopt = nf == 1 && nrec > 0;
    if (adopt) {
        res->records = fo[0].records.data;
        res->owned = fo[0].records.data;
        res->owned_bytes = fo[0].records.cap * fo[0].records.item;
        fo[0].records.data = NULL;
        fo[0].records.cap = 0;
    } else {
        res->records = es_arena_alloc(&res->arena, (nrec ? nrec : 1) * sizeof *res->records);
    }
    res->diags = es_arena_alloc(&res->arena, (ndiag ? ndiag : 1) * sizeof *res->diags);
    RETURN_IF(!res->files || !res->records || !res->diags, ENVSCAN_E_NOMEM);
    size_t r = 0, d = 0, l = 0;
    for (size_t i = 0; i < nf; i++) {
        envscan_file *f = &res->files[i];
        *f = fo[i].file;
        f->first_record = r;
        f->record_count = fo[i].records.len;
        if (fo[i].records.len && !adopt)
            memcpy(res->records + r, fo[i].records.data,
                   fo[i].records.len * sizeof(envscan_record));
        r += fo[i].records.len;
        /* loose diagnostics about paths that sort before this file */
        while (l < nloose && loose[l].file && strcmp(loose[l].file, f->path) <= 0)
            res->diags[d++] = loose[l++];
        if (fo[i].diags.len) {
            qsort(fo[i].diags.data, fo[i].diags.len, sizeof(envscan_diagnostic), diag_cmp);
            FORWARD_IF_ERROR(es_fp_assign_file(&res->arena, res->fp_seed, fo[i].diags.data,
                                               fo[i].diags.len, res->records + f->first_record,
                                               f->record_count));
            memcpy(res->diags + d, fo[i].diags.data,
                   fo[i].diags.len * sizeof(envscan_diagnostic));
        }
        d += fo[i].diags.len;
    }
    while (l < nloose)
        res->diags[d++] = loose[l++];
    res->n_files = nf;
    res->n_records = nrec;
    res->n_diags = ndiag;
    /* per file: the sink's counts when it saw every record, else a pass
     * (a pass over a big file's records reads them all from memory) */
    for (size_t i = 0; i < nf; i++) {
        const envscan_file *f = &res->files[i];
        size_t refs = fo[i].n_refs, uses = fo[i].n_uses;
        if (!fo[i].counted) {
            refs = uses = 0;
            for (size_t j = f->first_record; j < f->first_record + f->record_count; j++) {
                envscan_stat st = kind_stat(res->records[j].kind);
                refs += st == ENVSCAN_STAT_REFERENCES;
                uses += st == ENVSCAN_STAT_USAGES;
            }
        }
        res->stats[ENVSCAN_STAT_REFERENCES] += refs;
        res->stats[ENVSCAN_STAT_USAGES] += uses;
        res->stats[ENVSCAN_STAT_DEFINITIONS] += f->record_count - refs - uses;
    }
    count_diags(res->stats, res->diags, ndiag);
    return ENVSCAN_OK;
}

static void file_out_init(es_file_out *fo)
{
    es_vec_init(&fo->records, sizeof(envscan_record));
    es_vec_init(&fo->diags, sizeof(envscan_diagnostic));
    es_vec_init(&fo->links, sizeof(es_link));
    es_vec_init(&fo->objects, sizeof(es_object));
}

static void file_out_free(es_file_out *fo)
{
    es_vec_free(&fo->records);
    es_vec_free(&fo->diags);
    es_vec_free(&fo->links);
    es_vec_free(&fo->objects);
}

/* Read (unless given) and parse one file into fo. */
static int scan_one(const es_parse_opts *po, es_parse_ws *ws, es_arena *arena,
                    const uint8_t *data, size_t len, es_file_out *fo)
{
    const uint64_t t0 = es_now_ns();
    es_sink sink = {.arena = arena, .records = &fo->records, .diags = &fo->diags,
                    .file = fo->file.path, .format = fo->file.format,
                    .links = &fo->links, .objects = &fo->objects};
    const es_format_def *fmt = es_format_get(fo->file.format);
    if (!fmt)
        return ENVSCAN_E_UNSUPPORTED;
    const size_t before = fo->records.len;
    int rc = fmt->parse(po, ws, data, len, &sink);
    if (rc == ENVSCAN_OK && sink.oom)
        rc = ENVSCAN_E_NOMEM;
    const uint64_t t1 = es_now_ns();
    ws->clock.parse_ns += t1 - t0;
    /* secrets: over the definitions this file just gave, in the same pass */
    if (rc == ENVSCAN_OK && po->secrets) {
        rc = es_secrets_file(po, ws, data, len, &sink, before);
        ws->clock.secrets_ns += es_now_ns() - t1;
    }
    fo->counted = before == 0 && sink.n_records == fo->records.len;
    fo->n_refs = sink.n_refs;
    fo->n_uses = sink.n_uses;
    return rc;
}

int envscan_scan_buffer(envscan_scanner *sc, const void *data, size_t len,
                        envscan_format format, const char *name,
                        envscan_result **out)
{
    RETURN_IF(!sc || !out || (!data && len), ENVSCAN_E_INVALID);
    *out = NULL;
    scan_begin(sc);
    clear_error(sc);
    FORWARD_IF_ERROR(check_baseline(sc));
    uint64_t t0 = es_now_ns();
    if (!name)
        name = "<buffer>";
    if (format == ENVSCAN_FORMAT_UNKNOWN) {
        const char *base = strrchr(name, '/');
        base = base ? base + 1 : name;
        if (es_classify_name(base, (const char *const *)sc->env_globs.data,
                             sc->env_globs.len) == ES_CLASS_DOTENV)
            format = ENVSCAN_FORMAT_DOTENV;
        else
            format = (envscan_format)es_classify_format(base, strlen(base),
                                                        es_format_classes());
        if (format == ENVSCAN_FORMAT_UNKNOWN)
            return set_error(sc, ENVSCAN_E_UNSUPPORTED, name, 0,
                             "%s: no format is known for this file name", name);
    }
    if (!es_format_get(format))
        return set_error(sc, ENVSCAN_E_UNSUPPORTED, name, 0,
                         "format %d is not implemented in this version", (int)format);
    envscan_result *res = calloc(1, sizeof *res);
    RETURN_IF(!res, ENVSCAN_E_NOMEM);
    res->dialect = sc->dialect;
    res->fp_seed = sc->fp_seed;
    es_arena_init(&res->arena);
    if (keep_own_rules(res, sc) != ENVSCAN_OK) {
        envscan_result_free(res);
        return ENVSCAN_E_NOMEM;
    }
    es_file_out fo;
    memset(&fo, 0, sizeof fo);
    file_out_init(&fo);
    fo.file.path = es_arena_strndup(&res->arena, name, strlen(name));
    fo.file.format = format;
    fo.file.size = len;
    es_parse_opts po = parse_opts(sc);
    po.cancel = &sc->cancel;
    es_stage_clock clock = {0};
    int rc = !fo.file.path ? ENVSCAN_E_NOMEM : !reserve_ws(sc, 1) ? ENVSCAN_E_NOMEM : ENVSCAN_OK;
    if (rc == ENVSCAN_OK) {
        memset(&sc->ws[0].clock, 0, sizeof sc->ws[0].clock);
        rc = scan_one(&po, &sc->ws[0], &res->arena, data, len, &fo);
        clock = sc->ws[0].clock;
    }
    if (sc->n_ws)
        es_parse_ws_trim(&sc->ws[0]);
    if (rc == ENVSCAN_OK)
        rc = assemble(res, &fo, 1, NULL, 0);
    if (rc == ENVSCAN_OK)
        rc = es_link_keep(res, &fo);
    if (rc == ENVSCAN_OK)
        apply_rules(sc, res);
    if (rc == ENVSCAN_OK && sc->baseline)
        es_baseline_apply(sc->baseline, res);
    file_out_free(&fo);
    if (rc != ENVSCAN_OK) {
        envscan_result_free(res);
        return set_error(sc, rc, name, 0, "%s: %s", name, envscan_strerror(rc));
    }
    res->stats[ENVSCAN_STAT_FILES_SCANNED] = 1;
    res->stats[ENVSCAN_STAT_FILES_SEEN] = 1;
    res->stats[ENVSCAN_STAT_BYTES] = len;
    res->stats[ENVSCAN_STAT_THREADS] = 1;
    res->stats[ENVSCAN_STAT_KERNEL] = sc->kernels->id;
    res->stats[ENVSCAN_STAT_PARSE_NS] = clock.parse_ns;
    res->stats[ENVSCAN_STAT_SECRETS_NS] = clock.secrets_ns;
    res->stats[ENVSCAN_STAT_ELAPSED_NS] = es_now_ns() - t0;
    *out = res;
    return ENVSCAN_OK;
}

/* A diagnostic about a path, in the result's arena. */
static bool loose_diag(es_arena *a, es_vec *v, const char *path,
                       envscan_severity sev, const char *code, int err,
                       const char *msg)
{
    envscan_diagnostic *d = es_vec_push(v);
    if (!d)
        return false;
    d->code = code;
    d->severity = sev;
    d->file = path ? es_arena_strndup(a, path, strlen(path)) : NULL;
    d->message = es_arena_strndup(a, msg, strlen(msg));
    d->sys_errno = err;
    return d->message && (!path || d->file);
}

static int path_cmp(const void *a, const void *b)
{
    const envscan_diagnostic *x = a, *y = b;
    int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
    return c ? c : (x < y ? -1 : x > y);
}

typedef struct scan_counts {
    uint64_t bytes, scanned, binary, failed;
    uint64_t defs, refs, uses; /* streamed records */
    uint64_t baselined;        /* streamed diagnostics left out */
    uint64_t sev[24];    /* streamed diagnostics, by stat index */
} scan_counts;

/* Read and parse one walked file into f. Problems with the file become
 * its diagnostics; only running out of memory and a cancel are returned. */
static int read_and_scan(const envscan_scanner *sc, const es_parse_opts *po, es_reader *rd,
                         es_parse_ws *ws, es_arena *arena, const es_entry *e,
                         es_file_out *f, scan_counts *c)
{
    const uint8_t *data;
    size_t len;
    const uint64_t t0 = es_now_ns();
    int err = es_reader_read(rd, e->path, (uint64_t)sc->max_file_size, &data, &len);
    ws->clock.read_ns += es_now_ns() - t0;
    es_sink sink = {.arena = arena, .records = &f->records, .diags = &f->diags,
                    .file = f->file.path, .format = f->file.format};
    if (err < 0) {
        c->failed++;
        f->file.flags |= ENVSCAN_FILE_ERROR;
        es_sink_diag(&sink, ENVSCAN_SEVERITY_ERROR, "io-error", 0, 0, -err, "cannot read: %s",
                     strerror(-err));
        return sink.oom ? ENVSCAN_E_NOMEM : ENVSCAN_OK;
    }
    f->file.size = len;
    if (memchr(data, 0, len < 64 ? len : 64)) {
        c->binary++;
        es_sink_diag(&sink, ENVSCAN_SEVERITY_INFO, "binary-skipped", 0, 0, 0,
                     "skipped: binary file (NUL byte in the first 64 bytes)");
        return sink.oom ? ENVSCAN_E_NOMEM : ENVSCAN_OK;
    }
    c->scanned++;
    c->bytes += len;
    int rc = scan_one(po, ws, arena, data, len, f);
    if (rc == ENVSCAN_OK)
        return ENVSCAN_OK;
    if (rc == ENVSCAN_E_CANCELLED)
        return rc; /* the whole scan stops: this file is not reported */
    f->file.flags |= ENVSCAN_FILE_ERROR;
    es_sink_diag(&sink, ENVSCAN_SEVERITY_ERROR, "parse-error", 0, 0, 0, "cannot parse: %s",
                 envscan_strerror(rc));
    return rc == ENVSCAN_E_NOMEM ? rc : ENVSCAN_OK;
}

/* read_and_scan(), timed (the file's latency), and counted in the
 * progress envscan_scanner_progress() reports. */
static int scan_entry(const envscan_scanner *sc, const es_parse_opts *po, es_reader *rd,
                      es_parse_ws *ws, es_arena *arena, const es_entry *e,
                      es_file_out *f, scan_counts *c)
{
    const uint64_t t0 = es_now_ns(), bytes0 = c->bytes;
    int rc = read_and_scan(sc, po, rd, ws, arena, e, f, c);
    ws->clock.lat[es_lat_bucket(es_now_ns() - t0)]++;
    /* the counters are the scanner's running state, not its settings */
    envscan_scanner *run = (envscan_scanner *)sc;
    atomic_fetch_add_explicit(&run->prog_files, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&run->prog_bytes, c->bytes - bytes0, memory_order_relaxed);
    return rc;
}

/* Hand one finished file to the streaming callback as a result of its
 * own, then release what it held. Returns 0 to go on, 1 to cancel, or a
 * negative status. */
static int deliver(envscan_scanner *sc, es_file_out *fo, es_arena *arena, scan_counts *c)
{
    envscan_result part;
    memset(&part, 0, sizeof part);
    part.dialect = sc->dialect;
    part.fp_seed = sc->fp_seed; /* the redacted values' hashes (reports) */
    fo->file.first_record = 0;
    fo->file.record_count = fo->records.len;
    part.files = &fo->file;
    part.n_files = 1;
    part.records = fo->records.data;
    part.n_records = fo->records.len;
    if (fo->diags.len)
        qsort(fo->diags.data, fo->diags.len, sizeof(envscan_diagnostic), diag_cmp);
    int rc = es_fp_assign_file(arena, sc->fp_seed, fo->diags.data, fo->diags.len,
                               fo->records.data, fo->records.len);
    if (rc != ENVSCAN_OK) {
        file_out_free(fo);
        es_arena_free(arena);
        return rc;
    }
    part.diags = fo->diags.data;
    part.n_diags = fo->diags.len;
    for (size_t i = 0; i < part.n_records; i++) {
        envscan_stat s = kind_stat(part.records[i].kind);
        part.stats[s]++;
        *(s == ENVSCAN_STAT_REFERENCES ? &c->refs
          : s == ENVSCAN_STAT_USAGES   ? &c->uses
                                       : &c->defs) += 1;
    }
    count_diags(part.stats, part.diags, part.n_diags);
    apply_rules(sc, &part);
    if (sc->baseline)
        es_baseline_apply(sc->baseline, &part);
    c->baselined += part.stats[ENVSCAN_STAT_BASELINED];
    count_diags(c->sev, part.diags, part.n_diags);
    /* files come here one at a time, in path order: the analysis sees
     * them as it would in the assembled result (its OOM shows at finish) */
    if (sc->an) {
        const uint64_t ta = es_now_ns();
        (void)es_analysis_add(sc->an, &fo->file, part.records, part.n_records);
        sc->analysis_ns += es_now_ns() - ta; /* deliveries are one at a time */
    }
    part.stats[ENVSCAN_STAT_FILES_SCANNED] = 1;
    part.stats[ENVSCAN_STAT_BYTES] = fo->file.size;
    int stop = sc->on_file(sc->on_file_ctx, &part);
    file_out_free(fo);
    /* this thread has no other file in flight (deliveries are ordered),
     * so everything in its arena belonged to this one */
    es_arena_free(arena);
    return stop != 0; /* any non-zero, negative too, asks to stop (envscan_file_fn) */
}

/* A walked file's output, before it is read: its path in `arena`. */
static bool file_out_start(es_file_out *f, es_arena *arena, const es_entry *e)
{
    memset(f, 0, sizeof *f);
    file_out_init(f);
    f->file.path = es_arena_strndup(arena, e->path, strlen(e->path));
    f->file.format = (envscan_format)e->cls;
    f->file.size = e->size;
    if (e->flags & ES_ENTRY_IGNORED)
        f->file.flags |= ENVSCAN_FILE_IGNORED;
    return f->file.path != NULL;
}

/* Reading during the walk (one root, no streaming callback): each walk
 * worker reads and parses the files it finds with its own reader,
 * workspace and arena, so listing directories and reading files overlap
 * instead of running as two phases. */
typedef struct found_file {
    es_file_out out;
    /* its counts, added to the scan's when the output is kept (what
     * scan_entry counts outside streaming; compact: one per file) */
    uint64_t bytes;
    uint8_t scanned, binary, failed;
} found_file;

typedef struct found_worker {
    es_reader *rd;
    es_arena arena;
    es_vec outs; /* found_file *: all it made, to free them on failure */
    int err;
} found_worker;

typedef struct found_ctx {
    const envscan_scanner *sc;
    const es_parse_opts *po;
    found_worker *wk;
} found_ctx;

static void scan_found(void *ctx, unsigned me, es_entry *e)
{
    found_ctx *c = ctx;
    found_worker *w = &c->wk[me];
    if (w->err != ENVSCAN_OK)
        return;
    found_file *ff = calloc(1, sizeof *ff);
    found_file **slot = ff ? es_vec_push(&w->outs) : NULL;
    if (!slot) {
        free(ff);
        w->err = ENVSCAN_E_NOMEM;
        return;
    }
    *slot = ff;
    if (!file_out_start(&ff->out, &w->arena, e)) {
        w->err = ENVSCAN_E_NOMEM;
        return;
    }
    scan_counts n = {0};
    es_parse_ws *ws = &c->sc->ws[me];
    const uint64_t t0 = es_now_ns();
    w->err = scan_entry(c->sc, c->po, w->rd, ws, &w->arena, e, &ff->out, &n);
    ws->clock.found_ns += es_now_ns() - t0;
    ff->bytes = n.bytes;
    ff->scanned = (uint8_t)n.scanned;
    ff->binary = (uint8_t)n.binary;
    ff->failed = (uint8_t)n.failed;
    e->user = ff;
}

/* Release the found workers; `failed`: also what they made (else it moved
 * into the result). */
static void found_free(found_worker *fw, unsigned n, bool failed)
{
    for (unsigned i = 0; fw && i < n; i++) {
        if (failed) {
            for (size_t j = 0; j < fw[i].outs.len; j++) {
                found_file *ff = ((found_file **)fw[i].outs.data)[j];
                file_out_free(&ff->out);
                free(ff);
            }
            es_arena_free(&fw[i].arena);
        }
        es_vec_free(&fw[i].outs);
        es_reader_free(fw[i].rd);
    }
    free(fw);
}

static void counts_add(scan_counts *to, const scan_counts *from)
{
    to->bytes += from->bytes;
    to->scanned += from->scanned;
    to->binary += from->binary;
    to->failed += from->failed;
    to->defs += from->defs;
    to->refs += from->refs;
    to->uses += from->uses;
    to->baselined += from->baselined;
    for (size_t k = 0; k < 24; k++)
        to->sev[k] += from->sev[k];
}

/* The files a scan reads: the walk's entries, plus the files that compose
 * env_file links name and the walk did not collect (read as dotenv,
 * flagged linked), in path order. */
typedef struct entry_list {
    es_entry *e;
    uint8_t *linked;     /* per entry: added because of a link */
    const char **paths;  /* per entry: e[i].path                */
    size_t n;
    char **added;        /* paths owned here                    */
    size_t n_added;
} entry_list;

static void entry_list_free(entry_list *el)
{
    for (size_t i = 0; i < el->n_added; i++)
        free(el->added[i]);
    free(el->added);
    free(el->e);
    free(el->linked);
    free(el->paths);
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One compose file's env_file targets: those the walk collected under
 * another format are read as dotenv (compose reads them so); those it did
 * not collect are added to `el->added`. */
static int prepass_links(es_link_set *ls, es_walk_result *w, const char *const *wpaths,
                         const es_entry *e, const es_vec *links, entry_list *el, size_t *cap)
{
    int rc = ENVSCAN_OK;
    for (size_t i = 0; rc == ENVSCAN_OK && i < links->len; i++) {
        const es_link *l = &ES_VEC_AT(links, es_link, i);
        if (l->pub.kind != ENVSCAN_LINK_ENV_FILE)
            continue;
        char *name = NULL;
        size_t at = 0;
        int t = es_link_lookup(ls, (envscan_format)e->cls, e->path, l->pub.target, wpaths,
                               w->n_entries, &name, &at);
        if (t < 0) {
            rc = ENVSCAN_E_NOMEM;
        } else if (t == ES_TARGET_WALKED && w->entries[at].cls != ES_CLASS_COMPOSE) {
            w->entries[at].cls = ES_CLASS_DOTENV;
        } else if (t == ES_TARGET_UNWALKED) {
            if (el->n_added == *cap) {
                size_t nc = *cap ? *cap * 2 : 8;
                char **g = realloc(el->added, nc * sizeof *g);
                if (!g) {
                    free(name);
                    rc = ENVSCAN_E_NOMEM;
                    break;
                }
                el->added = g;
                *cap = nc;
            }
            el->added[el->n_added++] = name;
            name = NULL;
        }
        free(name);
    }
    return rc;
}

static int prepass_file(envscan_scanner *sc, const es_parse_opts *po, es_link_set *ls,
                        es_reader **rd, es_walk_result *w, const char *const *wpaths,
                        es_entry *e, entry_list *el, size_t *cap)
{
    const found_file *ff = e->user;
    if (ff && ff->out.file.format == (envscan_format)e->cls) /* parsed during the walk */
        return prepass_links(ls, w, wpaths, e, &ff->out.links, el, cap);
    /* read again: a file the walk did not read (several roots, streaming) */
    RETURN_IF(!*rd && (!(*rd = es_reader_new()) || !reserve_ws(sc, 1)), ENVSCAN_E_NOMEM);
    const uint8_t *data;
    size_t len;
    if (es_reader_read(*rd, e->path, (uint64_t)sc->max_file_size, &data, &len) < 0)
        return ENVSCAN_OK; /* the scan proper reports it */
    es_arena arena;
    es_arena_init(&arena);
    es_file_out fo;
    memset(&fo, 0, sizeof fo);
    file_out_init(&fo);
    fo.file.path = e->path;
    fo.file.format = (envscan_format)e->cls;
    int rc = scan_one(po, &sc->ws[0], &arena, data, len, &fo);
    if (rc != ENVSCAN_E_NOMEM)
        rc = prepass_links(ls, w, wpaths, e, &fo.links, el, cap);
    file_out_free(&fo);
    es_arena_free(&arena);
    return rc;
}

static int link_prepass(envscan_scanner *sc, const es_parse_opts *po, es_link_set *ls,
                        es_walk_result *w, entry_list *el)
{
    memset(el, 0, sizeof *el);
    const char **wpaths = malloc((w->n_entries + 1) * sizeof *wpaths);
    RETURN_IF(!wpaths, ENVSCAN_E_NOMEM);
    for (size_t i = 0; i < w->n_entries; i++)
        wpaths[i] = w->entries[i].path;
    es_reader *rd = NULL;
    size_t cap = 0;
    int rc = ENVSCAN_OK;
    for (size_t i = 0; rc == ENVSCAN_OK && i < w->n_entries; i++) {
        if (w->entries[i].cls != ES_CLASS_COMPOSE && w->entries[i].cls != ES_CLASS_SYSTEMD)
            continue;
        rc = cancel_asked(sc) ? ENVSCAN_E_CANCELLED
                              : prepass_file(sc, po, ls, &rd, w, wpaths, &w->entries[i], el, &cap);
    }
    es_reader_free(rd);
    if (sc->n_ws)
        es_parse_ws_trim(&sc->ws[0]);
    free(wpaths);
    RETURN_IF(rc != ENVSCAN_OK, rc);
    /* sorted, each once */
    if (el->n_added > 1)
        qsort(el->added, el->n_added, sizeof *el->added, str_cmp);
    size_t k = 0;
    for (size_t i = 0; i < el->n_added; i++) {
        if (k && strcmp(el->added[k - 1], el->added[i]) == 0)
            free(el->added[i]);
        else
            el->added[k++] = el->added[i];
    }
    el->n_added = k;
    size_t n = w->n_entries + k;
    el->e = malloc((n ? n : 1) * sizeof *el->e);
    el->linked = calloc(n ? n : 1, 1);
    el->paths = malloc((n ? n : 1) * sizeof *el->paths);
    RETURN_IF(!el->e || !el->linked || !el->paths, ENVSCAN_E_NOMEM);
    for (size_t i = 0, j = 0; i + j < n;) {
        if (j < k && (i == w->n_entries || strcmp(el->added[j], w->entries[i].path) < 0)) {
            struct stat st;
            es_entry *e = &el->e[i + j];
            memset(e, 0, sizeof *e);
            e->path = el->added[j];
            e->size = stat(e->path, &st) == 0 ? (uint64_t)st.st_size : 0;
            e->cls = ES_CLASS_DOTENV;
            el->linked[i + j] = 1;
            j++;
        } else {
            el->e[i + j] = w->entries[i];
            i++;
        }
    }
    for (size_t i = 0; i < n; i++)
        el->paths[i] = el->e[i].path;
    el->n = n;
    return ENVSCAN_OK;
}

/* What the diagnostics outside the files are about (es_fp_value_fn):
 * a cross-file finding, the value the analysis kept for it; a link
 * problem, the link's target as written (so two missing env_files of one
 * compose file are told apart by name, not by order). Called with i
 * ascending, so one cursor walks the links. */
typedef struct finding_ctx {
    const es_analysis *an;
    const envscan_result *res;
    uint64_t seed;
    size_t link; /* cursor into res->links */
} finding_ctx;

static bool finding_value(void *ctx, const envscan_diagnostic *d, size_t i, uint64_t *vh)
{
    (void)d;
    finding_ctx *c = ctx;
    const envscan_result *res = c->res;
    size_t f = res->first_finding;
    if (i >= f && i - f < res->n_findings)
        return c->an && es_analysis_finding_value(c->an, i - f, vh);
    if (i < res->n_diags - res->n_link_diags || !res->link_diag)
        return false;
    while (c->link < res->n_links && res->link_diag[c->link] != i)
        c->link++;
    if (c->link == res->n_links || !res->links[c->link].target)
        return false;
    const char *t = res->links[c->link].target;
    *vh = es_fp_value(c->seed, t, strlen(t));
    return true;
}

/* A scan begins: the workers' clocks and the progress counters start
 * from zero. */
static void clocks_start(envscan_scanner *sc)
{
    for (size_t i = 0; i < sc->n_ws; i++)
        memset(&sc->ws[i].clock, 0, sizeof sc->ws[i].clock);
    atomic_store_explicit(&sc->prog_files, 0, memory_order_relaxed);
    atomic_store_explicit(&sc->prog_bytes, 0, memory_order_relaxed);
    atomic_store_explicit(&sc->prog_total, 0, memory_order_relaxed);
    sc->analysis_ns = 0;
}

/* The value below which a fraction q of the histogram's counts lie. */
static uint64_t lat_quantile(const uint64_t *lat, uint64_t n, double q)
{
    if (n == 0)
        return 0;
    uint64_t want = (uint64_t)(q * (double)n + 0.5), seen = 0;
    if (want == 0)
        want = 1;
    for (unsigned b = 0; b < ES_LAT_BUCKETS; b++) {
        seen += lat[b];
        if (seen >= want)
            return es_lat_value(b);
    }
    return es_lat_value(ES_LAT_BUCKETS - 1);
}

/* The workers' clocks, summed, into res->stats; walk_busy: the walk
 * threads' time (reading during the walk included, taken out here). */
static void clocks_finish(const envscan_scanner *sc, envscan_result *res, uint64_t walk_busy,
                          uint64_t analysis_ns, envscan_affinity affinity)
{
    uint64_t lat[ES_LAT_BUCKETS] = {0}, n = 0, found = 0;
    uint64_t *st = res->stats;
    for (size_t i = 0; i < sc->n_ws; i++) {
        const es_stage_clock *c = &sc->ws[i].clock;
        st[ENVSCAN_STAT_READ_NS] += c->read_ns;
        st[ENVSCAN_STAT_PARSE_NS] += c->parse_ns;
        st[ENVSCAN_STAT_SECRETS_NS] += c->secrets_ns;
        found += c->found_ns;
        for (unsigned b = 0; b < ES_LAT_BUCKETS; b++) {
            lat[b] += c->lat[b];
            n += c->lat[b];
        }
    }
    st[ENVSCAN_STAT_WALK_NS] = walk_busy > found ? walk_busy - found : 0;
    st[ENVSCAN_STAT_ANALYSIS_NS] = analysis_ns;
    st[ENVSCAN_STAT_FILE_P50_NS] = lat_quantile(lat, n, 0.50);
    st[ENVSCAN_STAT_FILE_P95_NS] = lat_quantile(lat, n, 0.95);
    st[ENVSCAN_STAT_FILE_P99_NS] = lat_quantile(lat, n, 0.99);
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        st[ENVSCAN_STAT_PEAK_RSS] = (uint64_t)ru.ru_maxrss * 1024u; /* Linux: KiB */
    st[ENVSCAN_STAT_AFFINITY] = (uint64_t)affinity;
}

void envscan_scanner_progress(const envscan_scanner *sc, uint64_t *files, uint64_t *bytes,
                              uint64_t *total_bytes)
{
    envscan_scanner *s = (envscan_scanner *)sc; /* atomics: read only */
    if (files)
        *files = s ? atomic_load_explicit(&s->prog_files, memory_order_relaxed) : 0;
    if (bytes)
        *bytes = s ? atomic_load_explicit(&s->prog_bytes, memory_order_relaxed) : 0;
    if (total_bytes)
        *total_bytes = s ? atomic_load_explicit(&s->prog_total, memory_order_relaxed) : 0;
}

int envscan_scan_paths(envscan_scanner *sc, const char *const *paths,
                       size_t npaths, envscan_result **out)
{
    RETURN_IF(!sc || !out, ENVSCAN_E_INVALID);
    *out = NULL;
    scan_begin(sc);
    clear_error(sc);
    FORWARD_IF_ERROR(check_baseline(sc));
    uint64_t t0 = es_now_ns();
    clocks_start(sc);
    /* ENVSCAN_OPT_AFFINITY: the CPUs workers are pinned to */
    int cpus[256];
    const size_t ncpus = sc->affinity != ENVSCAN_AFFINITY_NONE ? es_cpu_list(cpus, 256) : 0;
    const es_affinity_plan plan = ncpus ? (es_affinity_plan)sc->affinity : ES_AFFINITY_NONE;
    static const char *const dot[] = {"."};
    if (!paths || npaths == 0) {
        paths = dot;
        npaths = 1;
    }
    unsigned nthreads = thread_count(sc);
    FORWARD_IF_ERROR(walk_ignores(sc));
    es_walk_opts wo = {
        .threads = nthreads,
        .use_ignore_files = sc->ignore_files,
        .hidden = sc->hidden,
        .follow_symlinks = sc->follow,
        /* the default (no limit) spares the walk a stat per file */
        .max_file_size = sc->max_file_size >= MAX_FILE_SIZE_NONE ? 0 : (uint64_t)sc->max_file_size,
        .env_globs = (const char *const *)sc->env_globs.data,
        .n_env_globs = sc->env_globs.len,
        .config_globs = (const char *const *)sc->config_globs.data,
        .config_classes = (const es_file_class *)sc->config_classes.data,
        .n_config_globs = sc->config_globs.len,
        .formats = es_format_classes() & ~sc->formats_off,
        .extra_ignores = (const char *const *)sc->walk_ignores,
        .n_extra_ignores = sc->n_walk_ignores,
        .affinity = plan,
        .cpus = cpus,
        .ncpus = ncpus,
        .cancel = &sc->cancel,
    };
    const bool stream = sc->on_file != NULL;
    es_parse_opts po = parse_opts(sc);
    po.cancel = &sc->cancel;
    /* one root and no streaming: read during the walk (see found_ctx) */
    const unsigned nfound = stream || npaths != 1 ? 0
                            : nthreads < ES_WALK_MAX_THREADS ? nthreads : ES_WALK_MAX_THREADS;
    found_worker *fw = nfound ? calloc(nfound, sizeof *fw) : NULL;
    found_ctx fc = {.sc = sc, .po = &po, .wk = fw};
    if (nfound) {
        bool ok = fw && reserve_ws(sc, nfound);
        for (unsigned i = 0; ok && i < nfound; i++) {
            es_arena_init(&fw[i].arena);
            es_vec_init(&fw[i].outs, sizeof(found_file *));
            ok = (fw[i].rd = es_reader_new()) != NULL;
        }
        if (!ok) {
            found_free(fw, nfound, true);
            return set_error(sc, ENVSCAN_E_NOMEM, NULL, ENOMEM, "scan failed: %s",
                             envscan_strerror(ENVSCAN_E_NOMEM));
        }
        wo.on_entry = scan_found;
        wo.ctx = &fc;
    }
    es_walk_result w;
    int wrc = es_walk(&wo, paths, npaths, &w);
    const bool walked = wrc == 0;
    const uint64_t walk_busy = walked ? w.busy_ns : 0;
    scan_counts total = {0};
    for (unsigned i = 0; i < nfound; i++) {
        es_reader_free(fw[i].rd);
        fw[i].rd = NULL;
        es_parse_ws_trim(&sc->ws[i]);
        if (wrc == 0 && fw[i].err != ENVSCAN_OK)
            wrc = fw[i].err == ENVSCAN_E_NOMEM       ? -ENOMEM
                  : fw[i].err == ENVSCAN_E_CANCELLED ? -ECANCELED
                                                     : -EIO;
    }
    if (wrc < 0 && nfound) {
        if (walked)
            es_walk_result_free(&w);
        found_free(fw, nfound, true);
        if (wrc == -ENOMEM)
            return set_error(sc, ENVSCAN_E_NOMEM, NULL, ENOMEM, "scan failed: %s",
                             envscan_strerror(ENVSCAN_E_NOMEM));
    }
    if (wrc == -ECANCELED)
        return set_error(sc, ENVSCAN_E_CANCELLED, NULL, 0, "scan failed: %s",
                         envscan_strerror(ENVSCAN_E_CANCELLED));
    if (wrc < 0) {
        /* find which root failed, for the message */
        const char *bad = paths[0];
        for (size_t i = 0; i < npaths; i++)
            if (access(paths[i], F_OK) != 0) {
                bad = paths[i];
                break;
            }
        return set_error(sc, ENVSCAN_E_IO, bad, -wrc, "%s: %s", bad, strerror(-wrc));
    }

    /* links: the files compose env_file names are read before the walk's
     * list is shared out, so they take their place in path order */
    es_link_set ls;
    entry_list el;
    memset(&el, 0, sizeof el);
    int rc = es_link_set_init(&ls, paths, npaths);
    if (rc == ENVSCAN_OK)
        rc = link_prepass(sc, &po, &ls, &w, &el);
    envscan_result *res = calloc(1, sizeof *res);
    es_file_out *fo = calloc(el.n ? el.n : 1, sizeof *fo);
    if (rc == ENVSCAN_OK && !(res && fo))
        rc = ENVSCAN_E_NOMEM;
    if (res) {
        res->dialect = sc->dialect;
        res->fp_seed = sc->fp_seed;
    }
    /* cross-file findings: fed file by file in path order (by deliver()
     * when streaming, after assemble() otherwise), computed at the end */
    es_analysis *an = NULL;
    if (rc == ENVSCAN_OK && sc->analysis)
        rc = es_analysis_create(&an, sc->fp_seed, (const char *const *)sc->allow_missing.data,
                                sc->allow_missing.len);
    sc->an = stream ? an : NULL;
    if (an && !stream) /* fed from the result's own records (below) */
        es_analysis_borrow(an);
    if (res) {
        es_arena_init(&res->arena);
        if (rc == ENVSCAN_OK)
            rc = keep_own_rules(res, sc);
    }
    es_vec loose;
    es_vec_init(&loose, sizeof(envscan_diagnostic));

    /* the files read during the walk move in, unless a compose env_file
     * link made them dotenv (then they are read again, as compose does);
     * the rest (linked files the walk did not collect, a root that is a
     * file, several roots, streaming) are read below */
    size_t *todo = rc == ENVSCAN_OK ? malloc((el.n ? el.n : 1) * sizeof *todo) : NULL;
    size_t ntodo = 0;
    if (rc == ENVSCAN_OK && !todo)
        rc = ENVSCAN_E_NOMEM;
    for (size_t i = 0; i < el.n; i++) {
        found_file *ff = el.e[i].user;
        es_file_out *f = ff ? &ff->out : NULL;
        if (f && fo && rc == ENVSCAN_OK && f->file.format == (envscan_format)el.e[i].cls) {
            fo[i] = *f; /* moved: its vectors now belong to fo[i] */
            total.bytes += ff->bytes;
            total.scanned += ff->scanned;
            total.binary += ff->binary;
            total.failed += ff->failed;
            free(ff);
            continue;
        }
        if (ff) { /* its counts were never added */
            file_out_free(f);
            free(ff);
        }
        if (rc != ENVSCAN_OK)
            continue;
        todo[ntodo++] = i;
        if (!file_out_start(&fo[i], &res->arena, &el.e[i]))
            rc = ENVSCAN_E_NOMEM;
        if (el.linked[i])
            fo[i].file.flags |= ENVSCAN_FILE_LINKED;
    }
    for (size_t i = 0; i < w.n_entries; i++)
        w.entries[i].user = NULL; /* moved or freed above */
    /* the bytes left are known when the walk gave every size */
    uint64_t left = 0;
    bool sized = true;
    for (size_t k = 0; k < ntodo && sized; k++) {
        left += el.e[todo[k]].size;
        sized = el.e[todo[k]].size > 0 || el.linked[todo[k]];
    }
    if (sized)
        atomic_store_explicit(&sc->prog_total,
                              atomic_load_explicit(&sc->prog_bytes, memory_order_relaxed) + left,
                              memory_order_relaxed);
    if (fw) {
        for (unsigned i = 0; i < nfound; i++) {
            fw[i].outs.len = 0; /* what they made is in fo[] or freed above */
            if (rc == ENVSCAN_OK)
                es_arena_adopt(&res->arena, &fw[i].arena);
            else
                es_arena_free(&fw[i].arena);
        }
        found_free(fw, nfound, false);
    }
    unsigned workers = nthreads;
#ifndef _OPENMP
    workers = 1;
#endif
    /* Waking and synchronising a worker costs more than reading a few
     * small files (milliseconds on a busy machine): give each worker at
     * least 16 files. */
    size_t by_files = (ntodo + 15) / 16;
    if (workers > by_files)
        workers = by_files ? (unsigned)by_files : 1;
    es_arena *arenas = rc == ENVSCAN_OK ? calloc(workers, sizeof *arenas) : NULL;
    if (rc == ENVSCAN_OK && (!arenas || !reserve_ws(sc, workers)))
        rc = ENVSCAN_E_NOMEM;
    int fail = ENVSCAN_OK, cancelled = 0;
    /* whose turn it is to deliver (streaming) */
    struct {
        pthread_mutex_t mu;
        pthread_cond_t cv;
        size_t next;
    } turn = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};

    if (rc == ENVSCAN_OK && ntodo) {
#pragma omp parallel num_threads(workers)
        {
            unsigned me = 0;
#ifdef _OPENMP
            me = (unsigned)omp_get_thread_num();
#endif
            es_arena *arena = &arenas[me];
            es_arena_init(arena);
            es_cpu_saved pinned;
            es_pin_self(es_cpu_for(plan, cpus, ncpus, me, workers), &pinned);
            es_reader *rd = es_reader_new();
            es_parse_ws *ws = &sc->ws[me];
            scan_counts mine = {0};
            int err = rd ? ENVSCAN_OK : ENVSCAN_E_NOMEM;
            if (!stream) {
#pragma omp for schedule(dynamic, 1)
                for (size_t k = 0; k < ntodo; k++) {
                    const size_t i = todo[k];
                    if (err == ENVSCAN_OK && cancel_asked(sc))
                        err = ENVSCAN_E_CANCELLED; /* the rest of the loop only counts */
                    if (err == ENVSCAN_OK)
                        err = scan_entry(sc, &po, rd, ws, arena, &el.e[i], &fo[i], &mine);
                }
            } else {
                /* files are delivered in order: a thread that finished
                 * file k sleeps on turn.cv until files before k are
                 * delivered. Not `omp ordered`: libgomp spins there, and
                 * with delivery (the caller's callback: printing a report)
                 * the slow part, a spinning thread took the CPU the
                 * delivering one needed (a text scan of 540 files took
                 * 2.0-2.7 s on a busy 2-core machine, 0.35-0.59 s with
                 * the threads asleep). The thread holding the next file
                 * to deliver never waits, so this cannot deadlock. */
#pragma omp for schedule(dynamic, 1)
                for (size_t k = 0; k < ntodo; k++) {
                    const size_t i = todo[k]; /* all of them, in order */
                    int stop;
#pragma omp atomic read
                    stop = cancelled;
                    if (err == ENVSCAN_OK && cancel_asked(sc))
                        err = ENVSCAN_E_CANCELLED;
                    if (err == ENVSCAN_OK && !stop)
                        err = scan_entry(sc, &po, rd, ws, arena, &el.e[i], &fo[i], &mine);
                    pthread_mutex_lock(&turn.mu);
                    while (turn.next != k)
                        pthread_cond_wait(&turn.cv, &turn.mu);
                    pthread_mutex_unlock(&turn.mu);
                    /* read again: an earlier delivery may have cancelled,
                     * or envscan_cancel() came meanwhile */
#pragma omp atomic read
                    stop = cancelled;
                    if (err == ENVSCAN_OK && cancel_asked(sc))
                        err = ENVSCAN_E_CANCELLED;
                    if (err == ENVSCAN_OK && !stop)
                        err = es_link_harvest(&ls, &fo[i]);
                    int dr = err == ENVSCAN_OK && !stop ? deliver(sc, &fo[i], arena, &mine) : 0;
                    if (dr < 0)
                        err = dr;
                    if (dr > 0) {
#pragma omp atomic write
                        cancelled = 1;
                    }
                    pthread_mutex_lock(&turn.mu);
                    turn.next = k + 1;
                    pthread_cond_broadcast(&turn.cv);
                    pthread_mutex_unlock(&turn.mu);
                }
            }
            es_parse_ws_trim(ws);
            es_reader_free(rd);
            es_pin_restore(&pinned);
#pragma omp critical(envscan_totals)
            {
                counts_add(&total, &mine);
                if (err != ENVSCAN_OK)
                    fail = err;
            }
        }
        rc = fail != ENVSCAN_OK ? fail : cancelled ? ENVSCAN_E_CANCELLED : ENVSCAN_OK;
    }
    /* what follows (links, cross-file analysis) reads every record: not
     * for a scan that was asked to stop */
    if (rc == ENVSCAN_OK && cancel_asked(sc))
        rc = ENVSCAN_E_CANCELLED;

    if (rc == ENVSCAN_OK) {
        for (size_t i = 0; i < w.n_diags && rc == ENVSCAN_OK; i++) {
            const es_walk_diag *wd = &w.diags[i];
            static const char *const codes[] = {"", "io-error", "special-file",
                                                "symlink-loop", "too-large"};
            envscan_severity sev = wd->kind == ES_WALK_DIAG_ERROR
                                       ? ENVSCAN_SEVERITY_ERROR
                                       : ENVSCAN_SEVERITY_WARNING;
            const char *code = (wd->kind >= 1 && wd->kind <= 4) ? codes[wd->kind] : "io-error";
            if (!loose_diag(&res->arena, &loose, wd->path, sev, code, wd->sys_errno,
                            wd->message ? wd->message : ""))
                rc = ENVSCAN_E_NOMEM;
        }
        if (loose.len)
            qsort(loose.data, loose.len, sizeof(envscan_diagnostic), path_cmp);
    }
    for (size_t i = 0; rc == ENVSCAN_OK && !stream && i < el.n; i++)
        rc = es_link_harvest(&ls, &fo[i]);
    if (rc == ENVSCAN_OK)
        rc = assemble(res, fo, stream ? 0 : el.n, loose.data, loose.len);
    if (rc == ENVSCAN_OK)
        rc = es_link_resolve(&ls, res, el.paths, el.linked, el.n);
    const uint64_t ta = es_now_ns();
    for (size_t i = 0; an && !stream && rc == ENVSCAN_OK && i < res->n_files; i++)
        rc = es_analysis_add(an, &res->files[i], res->records + res->files[i].first_record,
                             res->files[i].record_count);
    if (an && rc == ENVSCAN_OK)
        rc = es_analysis_finish(an, res);
    const uint64_t analysis_ns = an ? sc->analysis_ns + (es_now_ns() - ta) : 0;
    /* the rest of the fingerprints: walk problems, findings, links */
    finding_ctx fctx = {.an = an, .res = res, .seed = sc->fp_seed};
    if (rc == ENVSCAN_OK)
        rc = es_fp_assign(&res->arena, sc->fp_seed, res->diags, res->n_diags, finding_value,
                          &fctx);
    if (rc == ENVSCAN_OK)
        apply_rules(sc, res);
    if (rc == ENVSCAN_OK && sc->baseline)
        es_baseline_apply(sc->baseline, res);
    es_analysis_free(an);
    sc->an = NULL;
    if (arenas) {
        for (unsigned i = 0; i < workers; i++) {
            if (rc == ENVSCAN_OK)
                es_arena_adopt(&res->arena, &arenas[i]);
            else
                es_arena_free(&arenas[i]);
        }
        free(arenas);
    }
    for (size_t i = 0; fo && i < el.n; i++)
        file_out_free(&fo[i]);
    free(fo);
    free(todo);
    es_vec_free(&loose);
    es_link_set_free(&ls);
    entry_list_free(&el);
    if (rc != ENVSCAN_OK) {
        es_walk_result_free(&w);
        envscan_result_free(res);
        return set_error(sc, rc, NULL, rc == ENVSCAN_E_NOMEM ? ENOMEM : 0,
                         "scan failed: %s", envscan_strerror(rc));
    }
    uint64_t *st = res->stats;
    if (stream) {
        st[ENVSCAN_STAT_DEFINITIONS] = total.defs;
        st[ENVSCAN_STAT_REFERENCES] = total.refs;
        st[ENVSCAN_STAT_USAGES] = total.uses;
        st[ENVSCAN_STAT_BASELINED] += total.baselined;
        for (size_t k = ENVSCAN_STAT_INFOS; k <= ENVSCAN_STAT_ERRORS; k++)
            st[k] += total.sev[k];
    }
    st[ENVSCAN_STAT_FILES_SCANNED] = total.scanned;
    st[ENVSCAN_STAT_FILES_SEEN] = w.files_seen;
    st[ENVSCAN_STAT_FILES_IGNORED] = w.files_ignored;
    st[ENVSCAN_STAT_FILES_BINARY] = total.binary;
    st[ENVSCAN_STAT_FILES_SPECIAL] = w.files_special;
    st[ENVSCAN_STAT_FILES_ERROR] = total.failed;
    st[ENVSCAN_STAT_FILES_SKIPPED_SIZE] = w.files_too_big;
    st[ENVSCAN_STAT_SYMLINKS_SKIPPED] = w.symlinks_skipped;
    st[ENVSCAN_STAT_DIRS] = w.dirs;
    st[ENVSCAN_STAT_BYTES] = total.bytes;
    st[ENVSCAN_STAT_THREADS] = nfound > workers ? nfound : workers;
    st[ENVSCAN_STAT_KERNEL] = sc->kernels->id;
    es_walk_result_free(&w);
    clocks_finish(sc, res, walk_busy, analysis_ns, plan ? sc->affinity : ENVSCAN_AFFINITY_NONE);
    /* done: the total is what was read */
    atomic_store_explicit(&sc->prog_total,
                          atomic_load_explicit(&sc->prog_bytes, memory_order_relaxed),
                          memory_order_relaxed);
    st[ENVSCAN_STAT_ELAPSED_NS] = es_now_ns() - t0;
    *out = res;
    return ENVSCAN_OK;
}

/* ---------------------------------------------------------------- results */

void envscan_result_free(envscan_result *res)
{
    if (!res)
        return;
    es_arena_free(&res->arena);
    es_big_free(res->owned, res->owned_bytes);
    free(res);
}

size_t envscan_result_file_count(const envscan_result *res) { return res ? res->n_files : 0; }
size_t envscan_result_record_count(const envscan_result *res) { return res ? res->n_records : 0; }
size_t envscan_result_diagnostic_count(const envscan_result *res) { return res ? res->n_diags : 0; }

const envscan_file *envscan_result_file(const envscan_result *res, size_t i)
{
    return res && i < res->n_files ? &res->files[i] : NULL;
}

const envscan_record *envscan_result_record(const envscan_result *res, size_t i)
{
    return res && i < res->n_records ? &res->records[i] : NULL;
}

const envscan_diagnostic *envscan_result_diagnostic(const envscan_result *res, size_t i)
{
    return res && i < res->n_diags ? &res->diags[i] : NULL;
}

size_t envscan_result_link_count(const envscan_result *res) { return res ? res->n_links : 0; }

const envscan_link *envscan_result_link(const envscan_result *res, size_t i)
{
    return res && i < res->n_links ? &res->links[i] : NULL;
}

int envscan_result_stat(const envscan_result *res, envscan_stat stat, uint64_t *value)
{
    RETURN_IF(!res || !value, ENVSCAN_E_INVALID);
    RETURN_IF(stat < ENVSCAN_STAT_FILES_SCANNED || stat > ENVSCAN_STAT_AFFINITY ||
                  (stat > ENVSCAN_STAT_BASELINED && stat < ENVSCAN_STAT_WALK_NS),
              ENVSCAN_E_OPTION);
    *value = res->stats[stat];
    return ENVSCAN_OK;
}

int envscan_result_max_severity(const envscan_result *res)
{
    int m = 0;
    for (size_t i = 0; res && i < res->n_diags; i++)
        if ((int)res->diags[i].severity > m)
            m = (int)res->diags[i].severity;
    return m;
}
