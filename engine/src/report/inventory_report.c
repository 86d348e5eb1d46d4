/*
 * inventory.c (reports) — the inventory for people (text) and programs
 * (JSON; docs/schema.md, "Inventory"). Reads the inventory and the
 * result it was made of; writes nothing else.
 */
#include <string.h>

#include "../analysis/analysis.h"

static const char *const env_kinds[] = {"?", "dotenv", "compose", "kubernetes", "systemd",
                                        "file"};

static const char *env_kind_name(uint32_t k)
{
    return k < sizeof env_kinds / sizeof env_kinds[0] ? env_kinds[k] : "?";
}

/* Why a definition that wins has no value of its own. */
static const char *no_value_reason(const envscan_record *r)
{
    if (r->flags & ENVSCAN_RECORD_PASSTHROUGH)
        return "(passed on from the environment it is started in)";
    if (r->flags & ENVSCAN_RECORD_INDIRECT)
        return "(supplied at run time by another object)";
    return "(no value)";
}

/* ------------------------------------------------------------------ text */

typedef struct tcolors {
    const char *key, *path, *dim, *off;
} tcolors;

static void text_place(es_out *o, const tcolors *c, const envscan_record *r)
{
    es_out_printf(o, "%s%s%s%s:%u:%u%s", c->path, r->file, c->off, c->dim, r->line, r->column,
                  c->off);
    if (r->scope)
        es_out_printf(o, " [%s]", r->scope);
}

static void text_records(es_out *o, const tcolors *c, const envscan_result *res,
                         const char *title, const size_t *idx, size_t n, unsigned flags)
{
    for (size_t i = 0; i < n; i++) {
        const envscan_record *r = &res->records[idx[i]];
        es_out_printf(o, "  %-11s ", i ? "" : title);
        text_place(o, c, r);
        if (r->kind == ENVSCAN_KIND_DEFINITION && !(flags & ENVSCAN_REPORT_NO_VALUES)) {
            es_out_str(o, " = ");
            if (r->value)
                es_out_record_value(o, r, res->fp_seed, flags, false);
            else
                es_out_str(o, no_value_reason(r));
        } else if (r->kind == ENVSCAN_KIND_USAGE && r->value &&
                   !(flags & ENVSCAN_REPORT_NO_VALUES)) {
            es_out_str(o, " default ");
            es_out_record_value(o, r, res->fp_seed, flags, false);
        }
        es_out_str(o, "\n");
    }
}

static void text_key(es_out *o, const tcolors *c, const envscan_inventory *inv,
                     const envscan_key_info *k, unsigned flags)
{
    const envscan_result *res = es_inventory_result(inv);
    es_out_printf(o, "%s%s%s\n", c->key, k->key, c->off);
    text_records(o, c, res, "defined", k->definitions, k->n_definitions, flags);
    text_records(o, c, res, "used", k->usages, k->n_usages, flags);
    text_records(o, c, res, "referenced", k->references, k->n_references, flags);
    if (!k->n_definitions)
        es_out_printf(o, "  %-11s nowhere\n", "defined");
    for (size_t i = 0; i < k->n_effective; i++) {
        const envscan_effective *e = &k->effective[i];
        const envscan_record *w = &res->records[e->record];
        es_out_printf(o, "  %-11s %s: ", i ? "" : "effective",
                      envscan_inventory_environment(inv, e->environment)->name);
        if (flags & ENVSCAN_REPORT_NO_VALUES)
            es_out_str(o, "set");
        else if (w->value)
            es_out_record_value(o, w, res->fp_seed, flags, false);
        else
            es_out_str(o, no_value_reason(w));
        es_out_printf(o, " %sfrom%s %s:%u", c->dim, c->off, w->file, w->line);
        for (size_t j = e->chain_len - 1; j-- > 0;) {
            const envscan_record *r = &res->records[e->chain[j]];
            es_out_printf(o, "%s, over%s %s:%u", c->dim, c->off, r->file, r->line);
        }
        es_out_str(o, "\n");
    }
    for (size_t i = 0; i < k->n_diagnostics; i++) {
        const envscan_diagnostic *d = &res->diags[k->diagnostics[i]];
        es_out_printf(o, "  %-11s ", i ? "" : "findings");
        if (d->file)
            es_out_printf(o, "%s%s%s", c->path, d->file, c->off);
        if (d->file && d->line)
            es_out_printf(o, "%s:%u:%u%s", c->dim, d->line, d->column, c->off);
        es_out_printf(o, "%s%s[%s] %s\n", d->file ? " " : "",
                      envscan_severity_name(d->severity), d->code, d->message);
    }
    es_out_str(o, "\n");
}

/* ------------------------------------------------------------------ JSON */

static void json_place(es_out *o, const envscan_record *r, unsigned flags, bool value,
                       uint64_t seed)
{
    es_out_str(o, "{\"file\":");
    es_out_json_string(o, r->file, strlen(r->file));
    es_out_printf(o, ",\"line\":%u,\"column\":%u,\"format\":\"%s\"", r->line, r->column,
                  envscan_format_name((envscan_format)r->format));
    if (r->scope) {
        es_out_str(o, ",\"scope\":");
        es_out_json_string(o, r->scope, strlen(r->scope));
    }
    if (value && r->value && !(flags & ENVSCAN_REPORT_NO_VALUES)) {
        es_out_str(o, ",\"value\":");
        es_out_record_value(o, r, seed, flags, true);
    }
    es_out_str(o, "}");
}

static void json_list(es_out *o, const char *name, const envscan_result *res, const size_t *idx,
                      size_t n, unsigned flags)
{
    es_out_printf(o, ",\"%s\":[", name);
    for (size_t i = 0; i < n; i++) {
        es_out_str(o, i ? "," : "");
        json_place(o, &res->records[idx[i]], flags, true, res->fp_seed);
    }
    es_out_str(o, "]");
}

static void json_key(es_out *o, const envscan_inventory *inv, const envscan_key_info *k,
                     unsigned flags)
{
    const envscan_result *res = es_inventory_result(inv);
    es_out_str(o, "{\"key\":");
    es_out_json_string(o, k->key, strlen(k->key));
    json_list(o, "definitions", res, k->definitions, k->n_definitions, flags);
    json_list(o, "usages", res, k->usages, k->n_usages, flags);
    json_list(o, "references", res, k->references, k->n_references, flags);
    es_out_str(o, ",\"effective\":[");
    for (size_t i = 0; i < k->n_effective; i++) {
        const envscan_effective *e = &k->effective[i];
        es_out_printf(o, "%s{\"environment\":%zu,\"chain\":[", i ? "," : "", e->environment);
        for (size_t j = 0; j < e->chain_len; j++) {
            es_out_str(o, j ? "," : "");
            json_place(o, &res->records[e->chain[j]], flags, true, res->fp_seed);
        }
        es_out_str(o, "]}");
    }
    es_out_str(o, "],\"findings\":[");
    for (size_t i = 0; i < k->n_diagnostics; i++) {
        const envscan_diagnostic *d = &res->diags[k->diagnostics[i]];
        es_out_printf(o, "%s{\"code\":\"%s\",\"severity\":\"%s\",\"file\":", i ? "," : "",
                      d->code, envscan_severity_name(d->severity));
        if (d->file)
            es_out_json_string(o, d->file, strlen(d->file));
        else
            es_out_str(o, "null");
        es_out_printf(o, ",\"line\":%u,\"column\":%u,\"message\":", d->line, d->column);
        es_out_json_string(o, d->message, strlen(d->message));
        es_out_str(o, "}");
    }
    es_out_str(o, "]}");
}

static void json_environments(es_out *o, const envscan_inventory *inv)
{
    es_out_str(o, "\"environments\":[");
    for (size_t i = 0; i < envscan_inventory_environment_count(inv); i++) {
        const envscan_environment *e = envscan_inventory_environment(inv, i);
        es_out_str(o, i ? ",\n " : "\n ");
        es_out_str(o, "{\"name\":");
        es_out_json_string(o, e->name, strlen(e->name));
        es_out_printf(o, ",\"kind\":\"%s\",\"file\":", env_kind_name(e->kind));
        es_out_json_string(o, e->file, strlen(e->file));
        es_out_str(o, ",\"scope\":");
        if (e->scope)
            es_out_json_string(o, e->scope, strlen(e->scope));
        else
            es_out_str(o, "null");
        es_out_str(o, "}");
    }
    es_out_str(o, "\n],\n");
}

/* ---------------------------------------------------------------- entry */

int envscan_inventory_report(const envscan_inventory *inv, envscan_report_format fmt,
                             unsigned flags, const char *const *keys, size_t n_keys,
                             envscan_write_fn write, void *ctx)
{
    RETURN_IF(!inv || !write || (n_keys && !keys), ENVSCAN_E_INVALID);
    RETURN_IF(fmt != ENVSCAN_REPORT_TEXT && fmt != ENVSCAN_REPORT_JSON, ENVSCAN_E_UNSUPPORTED);
    es_out o = {.write = write, .ctx = ctx};
    const bool json = fmt == ENVSCAN_REPORT_JSON;
    const tcolors c = (flags & ENVSCAN_REPORT_COLOR)
                          ? (tcolors){"\033[1;36m", "\033[35m", "\033[2m", "\033[0m"}
                          : (tcolors){"", "", "", ""};
    const size_t total = n_keys ? n_keys : envscan_inventory_key_count(inv);
    size_t shown = 0, missing = 0;
    if (json) {
        es_out_printf(&o, "{\"schema_version\":%d,\"envscan_version\":\"%s\",\n",
                      ENVSCAN_SCHEMA_VERSION, ENVSCAN_VERSION_STRING);
        json_environments(&o, inv);
        es_out_str(&o, "\"keys\":[");
    }
    for (size_t i = 0; i < total; i++) {
        size_t at = i;
        if (n_keys && (!keys[i] || envscan_inventory_find(inv, keys[i], &at) != ENVSCAN_OK)) {
            missing++;
            if (!json)
                es_out_printf(&o, "%s%s%s\n  not defined, used or referenced in the scan\n\n",
                              c.key, keys[i] ? keys[i] : "(null)", c.off);
            continue;
        }
        if (json) {
            es_out_str(&o, shown ? ",\n " : "\n ");
            json_key(&o, inv, envscan_inventory_key(inv, at), flags);
        } else {
            text_key(&o, &c, inv, envscan_inventory_key(inv, at), flags);
        }
        shown++;
    }
    if (json) {
        es_out_str(&o, "\n],\n\"not_found\":[");
        for (size_t i = 0, first = 1; i < n_keys; i++) {
            size_t at;
            if (keys[i] && envscan_inventory_find(inv, keys[i], &at) == ENVSCAN_OK)
                continue;
            es_out_str(&o, first ? "" : ",");
            es_out_json_string(&o, keys[i] ? keys[i] : "", keys[i] ? strlen(keys[i]) : 0);
            first = 0;
        }
        es_out_str(&o, "]}\n");
    } else {
        es_out_printf(&o, "%zu key%s, %zu environment%s", shown, shown == 1 ? "" : "s",
                      envscan_inventory_environment_count(inv),
                      envscan_inventory_environment_count(inv) == 1 ? "" : "s");
        if (missing)
            es_out_printf(&o, ", %zu not found", missing);
        es_out_str(&o, "\n");
    }
    return es_out_flush(&o);
}
