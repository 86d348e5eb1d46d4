/*
 * sarif.c — SARIF 2.1.0 (OASIS), the format GitHub code scanning and
 * other code-review tools read (docs/reports.md).
 *
 * One run. tool.driver.rules holds every row of the rules table, in table
 * order, then the config's custom secret rules, so ruleIndex is the row's
 * index and a consumer can show help for any code; each result carries its ruleId, ruleIndex, level (error,
 * warning, note), the diagnostic's message, a location when it is about a
 * file (a region when about a line) and the fingerprint as
 * partialFingerprints["envscan/v1"], which code scanning uses to follow a
 * finding across commits. Paths relative to the scan become relative URI
 * references against %SRCROOT%; absolute ones file:// URIs. Columns are
 * bytes, which no SARIF columnKind names, so none is claimed.
 */
#include <string.h>

#include "report.h"
#include "../analysis/rules.h"

static const char *level(envscan_severity s)
{
    return s == ENVSCAN_SEVERITY_ERROR ? "error" : s == ENVSCAN_SEVERITY_WARNING ? "warning"
                                                                                 : "note";
}

/* A path as a URI reference: unreserved characters and '/' as they are,
 * every other byte percent-encoded (a ':' in the first segment would
 * read as a scheme, '%', '#', '?' and spaces would not survive). */
static void uri(es_out *o, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    if (path[0] == '/')
        es_out_str(o, "file://");
    const unsigned char *p = (const unsigned char *)path, *run = p;
    for (; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~' || *p == '/')
            continue; /* part of the run written as it is */
        es_out_bytes(o, run, (size_t)(p - run));
        char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
        es_out_bytes(o, e, 3);
        run = p + 1;
    }
    es_out_bytes(o, run, (size_t)(p - run));
}

static void rule(es_out *o, const es_rule *r)
{
    es_out_printf(o, "{\"id\":\"%s\",\"shortDescription\":{\"text\":", r->id);
    es_out_json_string(o, r->summary, strlen(r->summary));
    es_out_str(o, "},\"fullDescription\":{\"text\":");
    char text[512];
    snprintf(text, sizeof text, "%s (default severity: %s).", r->summary,
             envscan_severity_name(r->severity));
    es_out_json_string(o, text, strlen(text));
    es_out_str(o, "},\"help\":{\"text\":");
    snprintf(text, sizeof text, "%s. envscan documents the %s diagnostic in docs/%s.",
             r->summary, r->id, r->doc);
    es_out_json_string(o, text, strlen(text));
    es_out_printf(o, "},\"defaultConfiguration\":{\"level\":\"%s\"}}", level(r->severity));
}

/* The index in tool.driver.rules of the rule of code: the table's rows,
 * then the result's own (custom) rules; -1 for none. */
static long rule_index(const envscan_result *res, const char *code, const es_rule *table)
{
    const es_rule *r = es_rule_find(code);
    if (r)
        return (long)(r - table);
    size_t n = 0;
    es_rules(&n);
    for (size_t i = 0; i < res->n_own_rules; i++)
        if (strcmp(res->own_rules[i].id, code) == 0)
            return (long)(n + i);
    return -1;
}

static void result(es_out *o, const envscan_result *res, const envscan_diagnostic *d,
                   const es_rule *table)
{
    const long ri = rule_index(res, d->code, table);
    es_out_str(o, "{\"ruleId\":\"");
    es_out_str(o, d->code);
    es_out_str(o, "\"");
    if (ri >= 0) {
        es_out_str(o, ",\"ruleIndex\":");
        es_out_u64(o, (uint64_t)ri);
    }
    es_out_str(o, ",\"level\":\"");
    es_out_str(o, level(d->severity));
    es_out_str(o, "\",\"message\":{\"text\":");
    es_out_json_string(o, d->message, strlen(d->message));
    es_out_str(o, "}");
    if (d->file) {
        es_out_str(o, ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"");
        uri(o, d->file);
        es_out_str(o, d->file[0] == '/' ? "\"}" : "\",\"uriBaseId\":\"%SRCROOT%\"}");
        if (d->line) {
            es_out_str(o, ",\"region\":{\"startLine\":");
            es_out_u64(o, d->line);
            if (d->column) {
                es_out_str(o, ",\"startColumn\":");
                es_out_u64(o, d->column);
            }
            es_out_str(o, "}");
        }
        es_out_str(o, "}}]");
    }
    if (d->fingerprint) {
        es_out_str(o, ",\"partialFingerprints\":{\"envscan/v1\":\"");
        es_out_str(o, d->fingerprint);
        es_out_str(o, "\"}");
    }
    es_out_str(o, "}");
}

int es_report_sarif(es_out *o, const envscan_result *res, unsigned flags)
{
    (void)flags;
    size_t n = 0;
    const es_rule *table = es_rules(&n);
    es_out_printf(o,
                  "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
                  "\"version\":\"2.1.0\",\n\"runs\":[{\"tool\":{\"driver\":{\"name\":\"envscan\","
                  "\"version\":\"%s\",\"semanticVersion\":\"%s\",\n\"rules\":[",
                  ENVSCAN_VERSION_STRING, ENVSCAN_VERSION_STRING);
    for (size_t i = 0; i < n + res->n_own_rules; i++) {
        es_out_str(o, i ? ",\n " : "\n ");
        rule(o, i < n ? &table[i] : &res->own_rules[i - n]);
    }
    es_out_str(o, "\n]}},\n\"results\":[");
    for (size_t i = 0; i < res->n_diags; i++) {
        es_out_str(o, i ? ",\n " : "\n ");
        result(o, res, &res->diags[i], table);
    }
    es_out_str(o, "\n]}]}\n");
    return ENVSCAN_OK;
}
