/*
 * config.c — the envscan config file: schema, loading, validation
 * (config.h, docs/config-file.md).
 *
 * The schema is libcyaml's (one table of fields per section, below), and
 * libcyaml loads the file into the structs of this file. Two passes:
 *
 *   1. A pre-pass walks the file's libyaml events beside the same cyaml
 *      schema. It is what gives every error its line and column: YAML
 *      syntax, a key the schema does not have (with "did you mean" over
 *      the keys of that level), a list where a value is expected, a bad
 *      boolean, number or enumeration value. It also records every
 *      scalar with its dotted path and position, which later checks
 *      (a custom pattern that does not compile) and `config show` use.
 *      libcyaml reports positions only as a backtrace in its log, and
 *      not for the key it refused, so it is asked to load only what the
 *      pre-pass has accepted; should it still refuse, its message and
 *      the position of its backtrace are reported.
 *   2. cyaml_load_data() over the same bytes (mapped by the caller).
 *
 * Two places of the schema are maps whose keys the user chooses
 * (`rules.severity`: rule id -> level, `scan.formats`: format -> on/off),
 * which libcyaml 1.3 cannot load into a struct: the schema marks them
 * CYAML_IGNORE and they are read from the pre-pass's scalars. And
 * `performance: auto` is a scalar where the schema has a mapping: the
 * pre-pass notes it and hands libcyaml a copy in which `auto` reads as
 * `{}` padded with spaces, so every position stays where it was.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cyaml/cyaml.h>
#include <yaml.h>

#ifdef ES_HAVE_HS
#include <hs.h>
#endif

#include "config.h"
#include "config_internal.h"
#include "analysis/lint.h"
#include "analysis/rules.h"
#include "secrets/secrets.h"
#include "es_io.h"

/* ---------------------------------------------------------------- schema */

static const cyaml_strval_t dialect_names[] = {{"node", ENVSCAN_DIALECT_NODE},
                                               {"python", ENVSCAN_DIALECT_PYTHON}};
static const cyaml_strval_t severity_names[] = {{"error", ENVSCAN_SEVERITY_ERROR},
                                                {"warning", ENVSCAN_SEVERITY_WARNING},
                                                {"info", ENVSCAN_SEVERITY_INFO}};
/* "close" is OpenMP's word for compact */
static const cyaml_strval_t affinity_names[] = {
    {"none", 0}, {"compact", 1}, {"close", 1}, {"spread", 2}};
static const cyaml_strval_t io_names[] = {{"auto", 0}, {"read", 1}, {"mmap", 2},
                                          {"io_uring", 3}};
static const cyaml_strval_t mode_names[] = {{"balanced", 0}, {"throughput", 1},
                                            {"low_memory", 2}};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const cyaml_schema_value_t string_entry = {
    CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 0, CYAML_UNLIMITED)};

#define STRINGS(key, st, member)                                                          \
    CYAML_FIELD_SEQUENCE(key, CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, st, member,       \
                         &string_entry, 0, CYAML_UNLIMITED)
#define STRING(key, st, member)                                                           \
    CYAML_FIELD_STRING_PTR(key, CYAML_FLAG_OPTIONAL, st, member, 0, CYAML_UNLIMITED)
#define BOOL(key, st, member) CYAML_FIELD_BOOL_PTR(key, CYAML_FLAG_OPTIONAL, st, member)
#define UINT(key, st, member) CYAML_FIELD_UINT_PTR(key, CYAML_FLAG_OPTIONAL, st, member)
#define FLOAT(key, st, member) CYAML_FIELD_FLOAT_PTR(key, CYAML_FLAG_OPTIONAL, st, member)
#define ENUM(key, st, member, names)                                                      \
    CYAML_FIELD_ENUM_PTR(key, CYAML_FLAG_OPTIONAL | CYAML_FLAG_STRICT, st, member, names, \
                         N(names))
#define SECTION(key, st, member, fields)                                                  \
    CYAML_FIELD_MAPPING_PTR(key, CYAML_FLAG_OPTIONAL | CYAML_FLAG_POINTER_NULL, st,       \
                            member, fields)

static const cyaml_schema_field_t scan_fields[] = {
    STRINGS("include", cfg_scan, include),
    STRINGS("exclude", cfg_scan, exclude),
    CYAML_FIELD_IGNORE("formats", CYAML_FLAG_OPTIONAL),
    STRINGS("env_names", cfg_scan, env_names),
    ENUM("dialect", cfg_scan, dialect, dialect_names),
    BOOL("follow_symlinks", cfg_scan, follow_symlinks),
    STRING("max_file_size", cfg_scan, max_file_size),
    BOOL("hidden", cfg_scan, hidden),
    BOOL("ignore_files", cfg_scan, ignore_files),
    CYAML_FIELD_END};

static const cyaml_schema_field_t allow_fields[] = {
    STRINGS("paths", cfg_allow, paths), STRINGS("values", cfg_allow, values),
    STRINGS("keys", cfg_allow, keys), CYAML_FIELD_END};

static const cyaml_schema_field_t custom_fields[] = {
    STRING("id", cfg_custom_raw, id),
    STRING("title", cfg_custom_raw, title),
    ENUM("severity", cfg_custom_raw, severity, severity_names),
    STRINGS("keywords", cfg_custom_raw, keywords),
    STRING("pattern", cfg_custom_raw, pattern),
    FLOAT("min_entropy", cfg_custom_raw, min_entropy),
    BOOL("need_key", cfg_custom_raw, need_key),
    CYAML_FIELD_END};

static const cyaml_schema_value_t custom_entry = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, cfg_custom_raw, custom_fields)};

static const cyaml_schema_field_t secrets_fields[] = {
    CYAML_FIELD_SEQUENCE("custom", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, cfg_secrets,
                         custom, &custom_entry, 0, 64),
    CYAML_FIELD_END};

static const cyaml_schema_field_t rules_fields[] = {
    STRINGS("enable", cfg_rules, enable),
    STRINGS("disable", cfg_rules, disable),
    CYAML_FIELD_IGNORE("severity", CYAML_FLAG_OPTIONAL),
    SECTION("allowlist", cfg_rules, allowlist, allow_fields),
    SECTION("secrets", cfg_rules, secrets, secrets_fields),
    CYAML_FIELD_END};

static const cyaml_schema_field_t perf_fields[] = {
    STRING("threads", cfg_perf, threads),
    ENUM("affinity", cfg_perf, affinity, affinity_names),
    ENUM("io", cfg_perf, io, io_names),
    STRING("chunk_size", cfg_perf, chunk_size),
    STRING("mmap_threshold", cfg_perf, mmap_threshold),
    ENUM("performance_mode", cfg_perf, performance_mode, mode_names),
    BOOL("memory_optimization", cfg_perf, memory_optimization),
    BOOL("cache_optimization", cfg_perf, cache_optimization),
    CYAML_FIELD_END};

static const cyaml_schema_field_t cache_fields[] = {
    STRING("dir", cfg_cache, dir), STRING("max_size", cfg_cache, max_size),
    BOOL("enabled", cfg_cache, enabled), CYAML_FIELD_END};

static const cyaml_schema_field_t thresholds_fields[] = {
    UINT("max_response_time_ms", cfg_thresholds, max_response_time_ms),
    UINT("max_memory_usage_mb", cfg_thresholds, max_memory_usage_mb),
    FLOAT("min_throughput", cfg_thresholds, min_throughput),
    CYAML_FIELD_END};

static const cyaml_schema_field_t bench_fields[] = {
    BOOL("enabled", cfg_bench, enabled),
    UINT("interval_seconds", cfg_bench, interval_seconds),
    SECTION("thresholds", cfg_bench, thresholds, thresholds_fields),
    CYAML_FIELD_END};

static const cyaml_schema_field_t top_fields[] = {
    SECTION("scan", cfg_file, scan, scan_fields),
    SECTION("rules", cfg_file, rules, rules_fields),
    SECTION("performance", cfg_file, performance, perf_fields),
    SECTION("cache", cfg_file, cache, cache_fields),
    SECTION("benchmarking", cfg_file, benchmarking, bench_fields),
    CYAML_FIELD_END};

static const cyaml_schema_value_t top_schema = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, cfg_file, top_fields)};

/* ------------------------------------------------------------ the config */

struct es_config {
    cfg_file *file;        /* what libcyaml loaded (NULL: an empty file) */
    es_vec nodes;          /* es_cfg_node */
    bool perf_auto;        /* performance: auto */
    es_vec unimpl;         /* es_cfg_unimpl */
    char **kw_store;       /* the custom rules' keywords, lowercased */
    size_t n_kw_store;
    es_secret_policy pol;  /* compiled custom rules and allowlists */
};

static const cyaml_config_t cy_quiet = {
    .log_fn = NULL, .mem_fn = cyaml_mem, .log_level = CYAML_LOG_ERROR,
    .flags = CYAML_CFG_NO_ALIAS};

const es_cfg_node *es_config_nodes(const es_config *c, size_t *n)
{
    *n = c->nodes.len;
    return c->nodes.data;
}

const es_cfg_node *es_config_node(const es_config *c, const char *path)
{
    for (size_t i = 0; i < c->nodes.len; i++) {
        const es_cfg_node *nd = &ES_VEC_AT(&c->nodes, es_cfg_node, i);
        if (strcmp(nd->path, path) == 0)
            return nd;
    }
    return NULL;
}

const es_cfg_unimpl *es_config_unimplemented(const es_config *c, size_t *n)
{
    *n = c->unimpl.len;
    return c->unimpl.data;
}

const es_secret_policy *es_config_policy(const es_config *c) { return &c->pol; }
bool es_config_perf_auto(const es_config *c) { return c->perf_auto; }
const cfg_file *es_config_file(const es_config *c) { return c->file; }

/* ------------------------------------------------------------ did you mean */

unsigned es_edit_distance(const char *a, const char *b)
{
    /* optimal string alignment: insertions, deletions, substitutions and
     * swaps of two neighbours ("sacn" is one step from "scan") */
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return 255;
    unsigned d[65][65];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (unsigned)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (unsigned)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            unsigned ca = (unsigned)tolower((unsigned char)a[i - 1]);
            unsigned cb = (unsigned)tolower((unsigned char)b[j - 1]);
            unsigned best = d[i - 1][j - 1] + (ca != cb);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && ca == (unsigned)tolower((unsigned char)b[j - 2]) &&
                (unsigned)tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m] > 255 ? 255 : d[n][m];
}

const char *es_did_you_mean(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL;
    unsigned bd = 255;
    for (size_t i = 0; i < n; i++) {
        unsigned d = es_edit_distance(word, names[i]);
        if (d < bd) {
            bd = d;
            best = names[i];
        }
    }
    size_t len = strlen(word);
    unsigned limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    return best && bd <= limit ? best : NULL;
}

/* ---------------------------------------------------------------- pre-pass */

typedef struct prepass {
    yaml_parser_t p;
    yaml_event_t ev;
    bool have_ev;
    es_config *c;
    es_cfg_error *err;
    bool failed;
    size_t auto_at, auto_len; /* performance: auto, as written */
    bool root;                /* the document has a root mapping */
    char path[512];
} prepass;

static bool fail_at(prepass *pp, yaml_mark_t m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail_at(prepass *pp, yaml_mark_t m, const char *fmt, ...)
{
    if (pp->failed)
        return false;
    pp->failed = true;
    pp->err->line = (uint32_t)m.line + 1;
    pp->err->column = (uint32_t)m.column + 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pp->err->msg, sizeof pp->err->msg, fmt, ap);
    va_end(ap);
    return false;
}

static bool next(prepass *pp)
{
    if (pp->have_ev)
        yaml_event_delete(&pp->ev);
    pp->have_ev = false;
    if (!yaml_parser_parse(&pp->p, &pp->ev)) {
        yaml_mark_t m = pp->p.problem_mark;
        if (pp->p.error == YAML_MEMORY_ERROR)
            return fail_at(pp, m, "out of memory");
        return fail_at(pp, m, "YAML syntax: %s%s%s", pp->p.problem ? pp->p.problem : "error",
                       pp->p.context ? " " : "", pp->p.context ? pp->p.context : "");
    }
    pp->have_ev = true;
    if (pp->ev.type == YAML_ALIAS_EVENT)
        return fail_at(pp, pp->ev.start_mark,
                       "aliases (*name) are not allowed in the config file");
    return true;
}

static const char *event_name(yaml_event_type_t t)
{
    switch (t) {
    case YAML_SCALAR_EVENT: return "a single value";
    case YAML_SEQUENCE_START_EVENT: return "a list";
    case YAML_MAPPING_START_EVENT: return "a mapping";
    default: return "nothing";
    }
}

static bool record(prepass *pp, const char *value, size_t len)
{
    es_cfg_node *nd = es_vec_push(&pp->c->nodes);
    if (!nd || !(nd->path = strdup(pp->path)) || !(nd->value = strndup(value, len)))
        return fail_at(pp, pp->ev.start_mark, "out of memory");
    nd->line = (uint32_t)pp->ev.start_mark.line + 1;
    nd->column = (uint32_t)pp->ev.start_mark.column + 1;
    return true;
}

static bool is_null(const yaml_event_t *ev)
{
    if (ev->type != YAML_SCALAR_EVENT || ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = (const char *)ev->data.scalar.value;
    return !*v || strcmp(v, "~") == 0 || strcmp(v, "null") == 0;
}

/* Push ".key" or "[i]" onto the path; returns the old length. */
static size_t path_push(prepass *pp, const char *fmt, const char *key, size_t i)
{
    size_t at = strlen(pp->path);
    if (key)
        snprintf(pp->path + at, sizeof pp->path - at, "%s%s", at ? "." : "", key);
    else
        snprintf(pp->path + at, sizeof pp->path - at, fmt, i);
    return at;
}

static bool walk_value(prepass *pp, const cyaml_schema_value_t *s, const char *key);

/* A subtree the schema leaves to us (rules.severity, scan.formats): a
 * mapping of names to single values, recorded as key.name. */
static bool walk_map_of_scalars(prepass *pp, const char *what)
{
    if (is_null(&pp->ev))
        return true;
    if (pp->ev.type != YAML_MAPPING_START_EVENT)
        return fail_at(pp, pp->ev.start_mark, "%s: expected a mapping of %s, found %s",
                       pp->path, what, event_name(pp->ev.type));
    for (;;) {
        if (!next(pp))
            return false;
        if (pp->ev.type == YAML_MAPPING_END_EVENT)
            return true;
        if (pp->ev.type != YAML_SCALAR_EVENT)
            return fail_at(pp, pp->ev.start_mark, "%s: a key must be a single value",
                           pp->path);
        char name[128];
        snprintf(name, sizeof name, "%s", (const char *)pp->ev.data.scalar.value);
        if (!next(pp))
            return false;
        if (pp->ev.type != YAML_SCALAR_EVENT)
            return fail_at(pp, pp->ev.start_mark, "%s.%s: expected %s, found %s", pp->path,
                           name, what, event_name(pp->ev.type));
        size_t at = path_push(pp, NULL, name, 0);
        bool ok = record(pp, (const char *)pp->ev.data.scalar.value, pp->ev.data.scalar.length);
        pp->path[at] = '\0';
        if (!ok)
            return false;
    }
}

static bool walk_mapping(prepass *pp, const cyaml_schema_value_t *s)
{
    const cyaml_schema_field_t *f = s->mapping.fields;
    size_t nf = 0;
    while (f[nf].key)
        nf++;
    uint64_t seen = 0;
    for (;;) {
        if (!next(pp))
            return false;
        if (pp->ev.type == YAML_MAPPING_END_EVENT)
            return true;
        if (pp->ev.type != YAML_SCALAR_EVENT)
            return fail_at(pp, pp->ev.start_mark, "%s%sa key must be a single value",
                           pp->path, *pp->path ? ": " : "");
        const char *key = (const char *)pp->ev.data.scalar.value;
        size_t k = 0;
        while (k < nf && strcmp(f[k].key, key) != 0)
            k++;
        if (k == nf) {
            const char *names[32];
            size_t nn = 0;
            for (size_t j = 0; j < nf && nn < 32; j++)
                names[nn++] = f[j].key;
            const char *dym = es_did_you_mean(key, names, nn);
            char list[400] = "";
            for (size_t j = 0, at = 0; j < nn && at < sizeof list; j++)
                at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", j ? ", " : "",
                                       names[j]);
            if (dym)
                return fail_at(pp, pp->ev.start_mark, "unknown key '%s'%s%s (did you mean '%s'?)",
                               key, *pp->path ? " in " : "", pp->path, dym);
            return fail_at(pp, pp->ev.start_mark, "unknown key '%s'%s%s (expected one of: %s)",
                           key, *pp->path ? " in " : "", pp->path, list);
        }
        if (seen >> k & 1)
            return fail_at(pp, pp->ev.start_mark, "'%s' is given twice%s%s", key,
                           *pp->path ? " in " : "", pp->path);
        seen |= 1ull << k;
        char kbuf[64];
        snprintf(kbuf, sizeof kbuf, "%s", key);
        if (!walk_value(pp, &f[k].value, kbuf))
            return false;
    }
}

static bool check_scalar(prepass *pp, const cyaml_schema_value_t *s)
{
    const char *v = (const char *)pp->ev.data.scalar.value;
    yaml_mark_t m = pp->ev.start_mark;
    switch (s->type) {
    case CYAML_BOOL:
        if (strcmp(v, "true") && strcmp(v, "false") && strcmp(v, "yes") && strcmp(v, "no") &&
            strcmp(v, "on") && strcmp(v, "off"))
            return fail_at(pp, m, "%s: expected true or false, found '%s'", pp->path, v);
        return true;
    case CYAML_UINT: {
        char *end;
        errno = 0;
        unsigned long long x = strtoull(v, &end, 10);
        if (!isdigit((unsigned char)*v) || *end || errno || x > UINT32_MAX)
            return fail_at(pp, m, "%s: expected a whole number, found '%s'", pp->path, v);
        return true;
    }
    case CYAML_FLOAT: {
        char *end;
        double x = strtod(v, &end);
        if (!*v || *end || !isfinite(x) || x < 0)
            return fail_at(pp, m, "%s: expected a number (0 or more), found '%s'", pp->path, v);
        return true;
    }
    case CYAML_ENUM: {
        char list[200] = "";
        for (uint32_t i = 0, at = 0; i < s->enumeration.count; i++) {
            if (strcmp(v, s->enumeration.strings[i].str) == 0)
                return true;
            at += (uint32_t)snprintf(list + at, sizeof list - at, "%s%s", i ? ", " : "",
                                     s->enumeration.strings[i].str);
        }
        return fail_at(pp, m, "%s: expected one of %s, found '%s'", pp->path, list, v);
    }
    default:
        return true;
    }
}

/* The value whose first event is pp->ev, against schema s, at pp->path. */
static bool walk_current(prepass *pp, const cyaml_schema_value_t *s)
{
    switch (s->type) {
    case CYAML_IGNORE:
        return walk_map_of_scalars(pp, strcmp(pp->path, "rules.severity") == 0
                                           ? "rule ids to error, warning or info"
                                           : "format names to true or false");
    case CYAML_MAPPING:
        if (is_null(&pp->ev))
            return true; /* an empty section */
        if (strcmp(pp->path, "performance") == 0 && pp->ev.type == YAML_SCALAR_EVENT &&
            strcmp((const char *)pp->ev.data.scalar.value, "auto") == 0) {
            pp->c->perf_auto = true;
            pp->auto_at = pp->ev.start_mark.index;
            pp->auto_len = pp->ev.end_mark.index - pp->ev.start_mark.index;
            return record(pp, "auto", 4);
        }
        if (pp->ev.type != YAML_MAPPING_START_EVENT)
            return fail_at(pp, pp->ev.start_mark, "%s: expected a mapping%s, found %s",
                           *pp->path ? pp->path : "the file",
                           strcmp(pp->path, "performance") == 0 ? " or 'auto'" : "",
                           event_name(pp->ev.type));
        return walk_mapping(pp, s);
    case CYAML_SEQUENCE:
        if (is_null(&pp->ev))
            return true;
        if (pp->ev.type != YAML_SEQUENCE_START_EVENT)
            return fail_at(pp, pp->ev.start_mark, "%s: expected a list, found %s", pp->path,
                           event_name(pp->ev.type));
        for (size_t i = 0;; i++) {
            if (!next(pp))
                return false;
            if (pp->ev.type == YAML_SEQUENCE_END_EVENT)
                return true;
            size_t at = path_push(pp, "[%zu]", NULL, i);
            if (i >= s->sequence.max)
                return fail_at(pp, pp->ev.start_mark, "%s: more than %u entries", pp->path,
                               s->sequence.max);
            bool ok = walk_current(pp, s->sequence.entry);
            pp->path[at] = '\0';
            if (!ok)
                return false;
        }
    default:
        if (pp->ev.type != YAML_SCALAR_EVENT)
            return fail_at(pp, pp->ev.start_mark, "%s: expected a single value, found %s",
                           pp->path, event_name(pp->ev.type));
        return check_scalar(pp, s) &&
               record(pp, (const char *)pp->ev.data.scalar.value, pp->ev.data.scalar.length);
    }
}

static bool walk_value(prepass *pp, const cyaml_schema_value_t *s, const char *key)
{
    size_t at = path_push(pp, NULL, key, 0);
    bool ok = next(pp) && walk_current(pp, s);
    pp->path[at] = '\0';
    return ok;
}

/* The whole stream: one document whose root is a mapping (or nothing). */
static bool run_prepass(prepass *pp)
{
    if (!next(pp) || pp->ev.type != YAML_STREAM_START_EVENT || !next(pp))
        return false;
    if (pp->ev.type == YAML_STREAM_END_EVENT)
        return true; /* an empty file */
    if (!next(pp)) /* the root node */
        return false;
    if (!is_null(&pp->ev)) {
        if (pp->ev.type != YAML_MAPPING_START_EVENT)
            return fail_at(pp, pp->ev.start_mark,
                           "the config file must be a mapping (scan:, rules:, ...), found %s",
                           event_name(pp->ev.type));
        pp->root = true;
        if (!walk_mapping(pp, &top_schema))
            return false;
    }
    if (!next(pp)) /* document end */
        return false;
    if (!next(pp))
        return false;
    if (pp->ev.type != YAML_STREAM_END_EVENT)
        return fail_at(pp, pp->ev.start_mark, "the config file must hold one YAML document");
    return true;
}

/* ------------------------------------------------------------ libcyaml */

/* libcyaml's log: its message, and the position of the innermost line
 * of its backtrace ("  in mapping field 'x' (line: 3, column: 5)"). */
typedef struct cy_log {
    char msg[256];
    unsigned long line, column;
} cy_log;

static void cy_log_fn(cyaml_log_t level, void *ctx, const char *fmt, va_list args)
{
    cy_log *l = ctx;
    char buf[256];
    if (level < CYAML_LOG_ERROR)
        return;
    vsnprintf(buf, sizeof buf, fmt, args);
    buf[strcspn(buf, "\n")] = '\0';
    const char *at = strstr(buf, "(line: ");
    if (at) {
        if (!l->line)
            sscanf(at, "(line: %lu, column: %lu)", &l->line, &l->column);
    } else if (!l->msg[0] && !strstr(buf, "Backtrace")) {
        snprintf(l->msg, sizeof l->msg, "%s", strncmp(buf, "Load: ", 6) == 0 ? buf + 6 : buf);
    }
}

/* ------------------------------------------------------------ validation */

bool es_config_size(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    if (!isdigit((unsigned char)*s))
        return false;
    unsigned long long v = strtoull(s, &end, 10);
    unsigned long long mul = 1;
    if (*end == 'K' || *end == 'k')
        mul = 1ull << 10, end++;
    else if (*end == 'M' || *end == 'm')
        mul = 1ull << 20, end++;
    else if (*end == 'G' || *end == 'g')
        mul = 1ull << 30, end++;
    if (*end == 'B' || *end == 'b')
        end++;
    if (errno || *end || v == 0 || v > (1ull << 62) / mul)
        return false;
    *out = (int64_t)(v * mul);
    return true;
}

static int fail_node(es_cfg_error *err, const es_cfg_node *nd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail_node(es_cfg_error *err, const es_cfg_node *nd, const char *fmt, ...)
{
    err->line = nd ? nd->line : 0;
    err->column = nd ? nd->column : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return ENVSCAN_E_PARSE;
}

/* Every rule id a config may name: the diagnostics table (lint rules
 * included), the secrets table, and the file's own rules. */
static size_t all_rule_ids(const es_config *c, const char **ids, size_t max)
{
    size_t n = 0, nr = 0;
    const es_rule *r = es_rules(&nr);
    for (size_t i = 0; i < nr && n < max; i++)
        ids[n++] = r[i].id;
    const es_secret_rule *sr = es_secret_rules(&nr);
    for (size_t i = 0; i < nr && n < max; i++)
        ids[n++] = sr[i].row.id;
    for (size_t i = 0; i < c->pol.n_custom && n < max; i++)
        if (c->pol.custom[i].row.id)
            ids[n++] = c->pol.custom[i].row.id;
    if (n < max)
        ids[n++] = "secrets";
    return n;
}

static int check_rule_id(const es_config *c, const es_cfg_node *nd, es_cfg_error *err,
                         const char *id, const char *where)
{
    const char *ids[1024];
    size_t n = all_rule_ids(c, ids, N(ids));
    for (size_t i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return ENVSCAN_OK;
    const char *dym = es_did_you_mean(id, ids, n);
    if (dym)
        return fail_node(err, nd, "%s: unknown rule '%s' (did you mean '%s'?)", where, id, dym);
    return fail_node(err, nd, "%s: unknown rule '%s' (rule ids are in docs/schema.md, "
                              "docs/lint.md and docs/secrets.md)", where, id);
}

static bool add_unimpl(es_config *c, const char *path, const char *value, const char *why)
{
    es_cfg_unimpl *u = es_vec_push(&c->unimpl);
    if (!u)
        return false;
    u->path = path;
    size_t n = strlen(path) + strlen(value) + strlen(why) + 32;
    if (!(u->text = malloc(n))) {
        c->unimpl.len--;
        return false;
    }
    snprintf(u->text, n, "%s: %s (%s)", path, value, why);
    return true;
}

/* What the file sets that envscan cannot do yet: listed, never pretended. */
static int note_unimplemented(es_config *c)
{
    static const struct {
        const char *prefix, *why;
    } later[] = {
        {"performance.io", "not implemented yet: files are read with read(); io_uring and "
                           "mmap readers are later work"},
        {"performance.chunk_size", "not implemented yet: big files are not read in chunks"},
        {"performance.mmap_threshold", "not implemented yet: no file is mmap'ed"},
        {"performance.performance_mode", "not implemented yet"},
        {"performance.memory_optimization", "not implemented yet"},
        {"performance.cache_optimization", "not implemented yet"},
        {"cache.", "not implemented yet: there is no result cache"},
        {"benchmarking.", "not implemented yet: envscan does not benchmark itself"},
    };
    for (size_t i = 0; i < c->nodes.len; i++) {
        const es_cfg_node *nd = &ES_VEC_AT(&c->nodes, es_cfg_node, i);
        if (strcmp(nd->path, "performance") == 0 && c->perf_auto) {
            if (!add_unimpl(c, nd->path, "auto", "not implemented yet: no auto-tuning; the "
                                                 "defaults apply"))
                return ENVSCAN_E_NOMEM;
            continue;
        }
        for (size_t k = 0; k < N(later); k++)
            if (strncmp(nd->path, later[k].prefix, strlen(later[k].prefix)) == 0) {
                if (!add_unimpl(c, nd->path, nd->value, later[k].why))
                    return ENVSCAN_E_NOMEM;
                break;
            }
    }
    return ENVSCAN_OK;
}

static char *lower_dup(const char *s)
{
    char *d = strdup(s);
    for (char *p = d; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return d;
}

/* The custom rules: required fields, ids, keywords; patterns compiled. */
static int check_custom(es_config *c, es_cfg_error *err)
{
    const cfg_rules *r = c->file ? c->file->rules : NULL;
    const cfg_secrets *sec = r ? r->secrets : NULL;
    const size_t n = sec ? sec->custom_count : 0;
    char path[96];
    if (n == 0)
        return ENVSCAN_OK;
    es_secret_custom *rows = calloc(n, sizeof *rows);
    RETURN_IF(!rows, ENVSCAN_E_NOMEM);
    c->pol.custom = rows;
    c->pol.n_custom = n;
    size_t nkw = 0;
    for (size_t i = 0; i < n; i++)
        nkw += sec->custom[i].keywords_count;
    c->kw_store = calloc(nkw ? nkw : 1, sizeof *c->kw_store);
    unsigned *kw_ids = calloc(nkw ? nkw : 1, sizeof *kw_ids);
    if (!c->kw_store || !kw_ids) {
        free(kw_ids);
        return ENVSCAN_E_NOMEM;
    }
    int rc = ENVSCAN_OK;
    for (size_t i = 0; i < n && rc == ENVSCAN_OK; i++) {
        const cfg_custom_raw *cr = &sec->custom[i];
        snprintf(path, sizeof path, "rules.secrets.custom[%zu]", i);
        const es_cfg_node *at = NULL;
        size_t nn;
        const es_cfg_node *nodes = es_config_nodes(c, &nn);
        for (size_t k = 0; k < nn && !at; k++) /* the rule's first value */
            if (strncmp(nodes[k].path, path, strlen(path)) == 0 &&
                nodes[k].path[strlen(path)] == '.')
                at = &nodes[k];
        char sub[128];
        snprintf(sub, sizeof sub, "%s.id", path);
        const es_cfg_node *idn = es_config_node(c, sub);
        if (!cr->id) {
            rc = fail_node(err, at, "%s: a custom rule needs an id (secret-...)", path);
            break;
        }
        if (strncmp(cr->id, "secret-", 7) != 0 || !cr->id[7]) {
            rc = fail_node(err, idn, "%s.id: '%s' must start with 'secret-'", path, cr->id);
            break;
        }
        for (size_t k = 0; k < i && rc == ENVSCAN_OK; k++)
            if (strcmp(rows[k].row.id, cr->id) == 0)
                rc = fail_node(err, idn, "%s.id: '%s' is the id of another custom rule", path,
                               cr->id);
        if (rc == ENVSCAN_OK && es_rule_find(cr->id))
            rc = fail_node(err, idn, "%s.id: '%s' is a built-in rule's id", path, cr->id);
        if (rc != ENVSCAN_OK)
            break;
        snprintf(sub, sizeof sub, "%s.pattern", path);
        const es_cfg_node *pn = es_config_node(c, sub);
        if (!cr->pattern || !*cr->pattern) {
            rc = fail_node(err, at, "%s: rule %s needs a pattern", path, cr->id);
            break;
        }
        if (!cr->keywords_count) {
            rc = fail_node(err, at, "%s: rule %s needs keywords: at least one word its matches "
                                    "hold (or, with need_key, its keys hold)", path, cr->id);
            break;
        }
        snprintf(sub, sizeof sub, "%s.min_entropy", path);
        if (cr->min_entropy && *cr->min_entropy > 8) {
            rc = fail_node(err, es_config_node(c, sub),
                           "%s.min_entropy: %g is more than 8 bits per byte", path,
                           *cr->min_entropy);
            break;
        }
        size_t jl = 0;
        for (unsigned k = 0; k < cr->keywords_count; k++) {
            snprintf(sub, sizeof sub, "%s.keywords[%u]", path, k);
            if (!cr->keywords[k][0]) {
                rc = fail_node(err, es_config_node(c, sub), "%s: an empty keyword", sub);
                break;
            }
            if (!(c->kw_store[c->n_kw_store] = lower_dup(cr->keywords[k]))) {
                rc = ENVSCAN_E_NOMEM;
                break;
            }
            kw_ids[c->n_kw_store++] = (unsigned)i;
            jl += strlen(cr->keywords[k]) + 1;
        }
        if (rc != ENVSCAN_OK)
            break;
        char *joined = malloc(jl);
        if (!joined) {
            rc = ENVSCAN_E_NOMEM;
            break;
        }
        joined[0] = '\0';
        for (unsigned k = 0; k < cr->keywords_count; k++) {
            if (k)
                strcat(joined, "|");
            strcat(joined, c->kw_store[c->n_kw_store - cr->keywords_count + k]);
        }
        rows[i].keywords = joined;
        rows[i].row.id = cr->id;
        rows[i].row.summary = cr->title ? cr->title : cr->id;
        rows[i].row.severity = cr->severity ? (envscan_severity)*cr->severity
                                            : ENVSCAN_SEVERITY_WARNING;
        rows[i].row.doc = "config-file.md";
        rows[i].min_entropy = cr->min_entropy ? *cr->min_entropy : 0;
        rows[i].need_key = cr->need_key && *cr->need_key;
#ifdef ES_HAVE_HS
        char why[256];
        if (es_secrets_compile_user(cr->pattern, (hs_database_t **)&rows[i].db, why,
                                    sizeof why) != 0)
            rc = fail_node(err, pn, "%s.pattern: the pattern of %s does not compile: %s", path,
                           cr->id, why);
#else
        rc = fail_node(err, pn, "%s: custom secret rules need Vectorscan, which this build "
                                "lacks (docs/secrets.md)", path);
#endif
    }
#ifdef ES_HAVE_HS
    char why[256];
    if (rc == ENVSCAN_OK &&
        es_secrets_compile_literals((const char *const *)c->kw_store, kw_ids, c->n_kw_store,
                                    true, (hs_database_t **)&c->pol.custom_kw, why,
                                    sizeof why) != 0)
        rc = fail_node(err, NULL, "rules.secrets.custom: the keywords do not compile: %s", why);
#endif
    free(kw_ids);
    return rc;
}

/* rules.allowlist: path globs, key globs, literal and /regex/ values. */
static int check_allowlist(es_config *c, es_cfg_error *err)
{
    const cfg_allow *a = c->file && c->file->rules ? c->file->rules->allowlist : NULL;
    if (!a)
        return ENVSCAN_OK;
    if (a->paths_count) {
        size_t len = 0;
        for (unsigned i = 0; i < a->paths_count; i++)
            len += strlen(a->paths[i]) + 1;
        char *text = malloc(len + 1);
        RETURN_IF(!text, ENVSCAN_E_NOMEM);
        text[0] = '\0';
        for (unsigned i = 0; i < a->paths_count; i++) {
            strcat(text, a->paths[i]);
            strcat(text, "\n");
        }
        c->pol.allow_paths = es_ignore_compile("", text, strlen(text));
        free(text);
        RETURN_IF(!c->pol.allow_paths, ENVSCAN_E_NOMEM);
    }
    c->pol.allow_keys = (const char *const *)a->keys;
    c->pol.n_allow_keys = a->keys_count;
    /* literals stay in place; regexes (written /.../) are compiled */
    const char *res[1024];
    size_t nre = 0, where[1024];
    char **lits = calloc(a->values_count ? a->values_count : 1, sizeof *lits);
    RETURN_IF(!lits, ENVSCAN_E_NOMEM);
    c->pol.allow_values = (const char *const *)lits;
    for (unsigned i = 0; i < a->values_count; i++) {
        const char *v = a->values[i];
        size_t n = strlen(v);
        if (n >= 2 && v[0] == '/' && v[n - 1] == '/') {
            char path[64];
            snprintf(path, sizeof path, "rules.allowlist.values[%u]", i);
            char *re = nre < N(res) ? strndup(v + 1, n - 2) : NULL; /* freed below */
            if (!re) {
                for (size_t k = 0; k < nre; k++)
                    free((char *)res[k]);
                if (nre < N(res))
                    return ENVSCAN_E_NOMEM;
                return fail_node(err, es_config_node(c, path), "%s: more than %zu regexes",
                                 path, N(res));
            }
            where[nre] = i;
            res[nre++] = re;
        } else {
            lits[c->pol.n_allow_values++] = a->values[i];
        }
    }
    int rc = ENVSCAN_OK;
#ifdef ES_HAVE_HS
    if (nre) {
        char why[256];
        size_t bad = 0;
        if (es_secrets_compile_regexes(res, nre, (hs_database_t **)&c->pol.allow_re, &bad, why,
                                       sizeof why) != 0) {
            char path[64];
            snprintf(path, sizeof path, "rules.allowlist.values[%zu]", where[bad]);
            rc = fail_node(err, es_config_node(c, path), "%s: the regex does not compile: %s",
                           path, why);
        }
    }
#else
    if (nre) {
        char path[64];
        snprintf(path, sizeof path, "rules.allowlist.values[%zu]", where[0]);
        rc = fail_node(err, es_config_node(c, path),
                       "%s: regexes need Vectorscan, which this build lacks", path);
    }
#endif
    for (size_t i = 0; i < nre; i++)
        free((char *)res[i]);
    return rc;
}

/* The checks a schema cannot say. */
static int validate(es_config *c, es_cfg_error *err)
{
    for (size_t i = 0; i < c->nodes.len; i++) {
        const es_cfg_node *nd = &ES_VEC_AT(&c->nodes, es_cfg_node, i);
        const char *p = nd->path, *v = nd->value;
        int64_t sz;
        if (strcmp(p, "scan.max_file_size") == 0 || strcmp(p, "performance.chunk_size") == 0 ||
            strcmp(p, "performance.mmap_threshold") == 0 || strcmp(p, "cache.max_size") == 0) {
            if (!es_config_size(v, &sz))
                return fail_node(err, nd, "%s: expected a size such as 65536, 512K, 10M or "
                                          "1G, found '%s'", p, v);
        } else if (strcmp(p, "performance.threads") == 0) {
            char *end;
            long t = strtol(v, &end, 10);
            if (strcmp(v, "auto") != 0 && (!isdigit((unsigned char)*v) || *end || t > 1024))
                return fail_node(err, nd, "%s: expected auto or 0 to 1024, found '%s'", p, v);
        } else if (strncmp(p, "rules.severity.", 15) == 0) {
            envscan_severity s;
            if (envscan_severity_from_name(v, &s) != ENVSCAN_OK)
                return fail_node(err, nd, "%s: expected error, warning or info, found '%s'", p,
                                 v);
        } else if (strncmp(p, "scan.formats.", 13) == 0) {
            envscan_format f;
            const char *name = p + 13;
            if (envscan_format_from_name(name, &f) != ENVSCAN_OK)
                return fail_node(err, nd, "scan.formats: unknown format '%s'", name);
            if (f == ENVSCAN_FORMAT_DOTENV || f == ENVSCAN_FORMAT_KUBERNETES ||
                f == ENVSCAN_FORMAT_ACTIONS)
                return fail_node(err, nd, "scan.formats.%s: cannot be turned %s%s", name,
                                 "off or on on its own",
                                 f == ENVSCAN_FORMAT_DOTENV
                                     ? " (env files are always read)"
                                     : " (it is read from YAML files by content: use yaml)");
            if (strcmp(v, "true") && strcmp(v, "false") && strcmp(v, "on") &&
                strcmp(v, "off") && strcmp(v, "yes") && strcmp(v, "no"))
                return fail_node(err, nd, "%s: expected true or false, found '%s'", p, v);
        }
    }
    int rc = check_custom(c, err);
    if (rc != ENVSCAN_OK)
        return rc;
    /* rule ids (after the custom ones are known) */
    for (size_t i = 0; i < c->nodes.len; i++) {
        const es_cfg_node *nd = &ES_VEC_AT(&c->nodes, es_cfg_node, i);
        if (strncmp(nd->path, "rules.severity.", 15) == 0)
            FORWARD_IF_ERROR(check_rule_id(c, nd, err, nd->path + 15, "rules.severity"));
        else if (strncmp(nd->path, "rules.enable[", 13) == 0)
            FORWARD_IF_ERROR(check_rule_id(c, nd, err, nd->value, "rules.enable"));
        else if (strncmp(nd->path, "rules.disable[", 14) == 0)
            FORWARD_IF_ERROR(check_rule_id(c, nd, err, nd->value, "rules.disable"));
    }
    FORWARD_IF_ERROR(check_allowlist(c, err));
    return note_unimplemented(c);
}

/* ------------------------------------------------------------ the loader */

void es_config_free(es_config *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nodes.len; i++) {
        free(ES_VEC_AT(&c->nodes, es_cfg_node, i).path);
        free(ES_VEC_AT(&c->nodes, es_cfg_node, i).value);
    }
    es_vec_free(&c->nodes);
    for (size_t i = 0; i < c->unimpl.len; i++)
        free(ES_VEC_AT(&c->unimpl, es_cfg_unimpl, i).text);
    es_vec_free(&c->unimpl);
    for (size_t i = 0; i < c->n_kw_store; i++)
        free(c->kw_store[i]);
    free(c->kw_store);
    for (size_t i = 0; i < c->pol.n_custom; i++) {
        free((char *)c->pol.custom[i].keywords);
#ifdef ES_HAVE_HS
        hs_free_database(c->pol.custom[i].db);
#endif
    }
    free((void *)c->pol.custom);
#ifdef ES_HAVE_HS
    hs_free_database(c->pol.custom_kw);
    hs_free_database(c->pol.allow_re);
#endif
    es_ignore_free(c->pol.allow_paths);
    free((void *)c->pol.allow_values);
    if (c->file)
        cyaml_free(&cy_quiet, &top_schema, c->file, 0);
    free(c);
}

int es_config_parse(const uint8_t *data, size_t len, const char *name, es_config **out,
                    es_cfg_error *err)
{
    (void)name;
    *out = NULL;
    memset(err, 0, sizeof *err);
    es_config *c = calloc(1, sizeof *c);
    RETURN_IF(!c, ENVSCAN_E_NOMEM);
    es_vec_init(&c->nodes, sizeof(es_cfg_node));
    es_vec_init(&c->unimpl, sizeof(es_cfg_unimpl));
    prepass pp = {.c = c, .err = err};
    if (!yaml_parser_initialize(&pp.p)) {
        es_config_free(c);
        return ENVSCAN_E_NOMEM;
    }
    yaml_parser_set_input_string(&pp.p, data, len);
    bool ok = run_prepass(&pp);
    if (pp.have_ev)
        yaml_event_delete(&pp.ev);
    yaml_parser_delete(&pp.p);
    if (!ok || pp.failed) {
        es_config_free(c);
        return strcmp(err->msg, "out of memory") == 0 ? ENVSCAN_E_NOMEM : ENVSCAN_E_PARSE;
    }
    if (pp.root) {
        uint8_t *copy = NULL;
        const uint8_t *in = data;
        if (c->perf_auto) { /* `auto` reads as `{}` and spaces: positions stay */
            if (!(copy = malloc(len))) {
                es_config_free(c);
                return ENVSCAN_E_NOMEM;
            }
            memcpy(copy, data, len);
            memset(copy + pp.auto_at, ' ', pp.auto_len);
            memcpy(copy + pp.auto_at, "{}", 2);
            in = copy;
        }
        cy_log lg = {{0}, 0, 0};
        cyaml_config_t cfg = cy_quiet;
        cfg.log_fn = cy_log_fn;
        cfg.log_ctx = &lg;
        cyaml_err_t e = cyaml_load_data(in, len, &cfg, &top_schema, (cyaml_data_t **)&c->file,
                                        NULL);
        free(copy);
        if (e != CYAML_OK) {
            c->file = NULL;
            err->line = (uint32_t)lg.line;
            err->column = (uint32_t)lg.column;
            snprintf(err->msg, sizeof err->msg, "%s (libcyaml: %s)",
                     lg.msg[0] ? lg.msg : "refused by the schema", cyaml_strerror(e));
            es_config_free(c);
            return e == CYAML_ERR_OOM ? ENVSCAN_E_NOMEM : ENVSCAN_E_PARSE;
        }
    }
    int rc = validate(c, err);
    if (rc != ENVSCAN_OK) {
        es_config_free(c);
        return rc;
    }
    static _Atomic uint64_t next_gen = 1; /* tells workspaces' scratch apart */
    c->pol.gen = atomic_fetch_add(&next_gen, 1);
    *out = c;
    return ENVSCAN_OK;
}

/* ------------------------------------------------------------ templates */

#define TPL_HEAD                                                                          \
    "# envscan.yml: the settings of envscan for this tree (docs/config-file.md).\n"      \
    "# Precedence: built-in defaults < this file < environment < command-line flags.\n" \
    "# `envscan config check` validates it; `envscan config show` prints the\n"         \
    "# settings in effect and where each comes from.\n\n"

static const char tpl_default[] =
    TPL_HEAD
    "scan:\n"
    "  # paths to skip, gitignore syntax\n"
    "  exclude:\n"
    "    - node_modules/\n"
    "    - vendor/\n"
    "  # more file names read as .env files\n"
    "  env_names: []\n"
    "  dialect: node        # node | python\n"
    "  hidden: true         # walk names starting with '.'\n"
    "  ignore_files: true   # honour .gitignore, .ignore, .envscanignore\n"
    "  follow_symlinks: false\n"
    "\n"
    "rules:\n"
    "  # rule ids: docs/schema.md, docs/lint.md, docs/secrets.md\n"
    "  enable: []\n"
    "  disable: []\n"
    "  severity: {}         # e.g. lint-space-character: error\n"
    "  allowlist:\n"
    "    paths: []          # no secret findings in these files (gitignore globs)\n"
    "    values: []         # secrets never reported: literal, or /regex/\n"
    "    keys: []           # no secret findings under these keys (globs)\n";

static const char tpl_ci[] =
    TPL_HEAD
    "# For CI: every file, no surprises from a developer's machine.\n"
    "scan:\n"
    "  exclude:\n"
    "    - node_modules/\n"
    "  follow_symlinks: false\n"
    "\n"
    "rules:\n"
    "  enable:\n"
    "    - secrets\n"
    "  severity:\n"
    "    drift: error       # a template out of step fails the build\n"
    "    missing: error\n"
    "  allowlist:\n"
    "    paths:\n"
    "      - test/fixtures/\n"
    "\n"
    "performance:\n"
    "  threads: 2           # CI runners are small\n";

static const char tpl_monorepo[] =
    TPL_HEAD
    "# For a monorepo: many services, generated and vendored trees left out.\n"
    "scan:\n"
    "  exclude:\n"
    "    - node_modules/\n"
    "    - vendor/\n"
    "    - dist/\n"
    "    - build/\n"
    "    - '**/testdata/'\n"
    "  env_names:\n"
    "    - '*.env.tpl'\n"
    "  ignore_files: true\n"
    "\n"
    "rules:\n"
    "  allowlist:\n"
    "    paths:\n"
    "      - '**/fixtures/'\n"
    "    keys:\n"
    "      - 'EXAMPLE_*'\n"
    "\n"
    "performance:\n"
    "  threads: 0           # one per CPU\n";

static const char tpl_huge[] =
    TPL_HEAD
    "# For trees with huge files (dumps, generated env files).\n"
    "scan:\n"
    "  max_file_size: 1G    # files over this are skipped, with a diagnostic\n"
    "  exclude:\n"
    "    - '*.sql'\n"
    "\n"
    "performance:\n"
    "  threads: 0           # one per CPU\n"
    "  # Not implemented yet (envscan says so when it reads them):\n"
    "  # io: io_uring\n"
    "  # chunk_size: 64M\n"
    "  # mmap_threshold: 16M\n";

const char *es_config_template(const char *name)
{
    if (!name || strcmp(name, "default") == 0)
        return tpl_default;
    if (strcmp(name, "ci") == 0)
        return tpl_ci;
    if (strcmp(name, "monorepo") == 0)
        return tpl_monorepo;
    if (strcmp(name, "huge-files") == 0)
        return tpl_huge;
    return NULL;
}
