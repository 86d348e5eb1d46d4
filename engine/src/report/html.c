/*
 * html.c — the HTML report: one self-contained page for people (docs/html.md).
 *
 * The page is static HTML rows, so it reads without JavaScript; a small
 * inline script only sorts, filters and reads/writes the state in the URL
 * fragment (#filter=DB&severity=warning&drift=1&sort=-key&fsort=rule),
 * which makes a view shareable as a link. Nothing is fetched: the CSS and
 * the script are inline, and a Content-Security-Policy forbids every
 * fetch (default-src 'none'), so even injected markup could not reach the
 * network.
 *
 * Everything that comes from scanned files (keys, paths, messages) goes
 * through html_text(), which escapes the five HTML-special characters and
 * control bytes, in text and in attribute values alike; the script never
 * parses markup (textContent and attributes only). No value is ever
 * written: values may be secrets, and the matrix shows states.
 */
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* Escaped text, for element content and quoted attribute values. */
static void html_text(es_out *o, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *e;
        switch (c) {
        case '&': e = "&amp;"; break;
        case '<': e = "&lt;"; break;
        case '>': e = "&gt;"; break;
        case '"': e = "&quot;"; break;
        case '\'': e = "&#39;"; break;
        default:
            if ((c >= 0x20 && c != 0x7f) || c == '\t' || c == '\n')
                continue;
            e = "&#xFFFD;"; /* a control byte: shown, never interpreted */
        }
        es_out_bytes(o, s + run, i - run);
        es_out_str(o, e);
        run = i + 1;
    }
    es_out_bytes(o, s + run, n - run);
}

static void html_str(es_out *o, const char *s) { html_text(o, s, strlen(s)); }

/* ------------------------------------------------------------ the page */

static const char page_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    "style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; "
    "form-action 'none'\">\n"
    "<meta name=\"referrer\" content=\"no-referrer\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>envscan report</title>\n<style>\n"
    ":root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;"
    "--present:#dafbe1;--present-fg:#116329;--missing:#ffebe9;--missing-fg:#a40e26;"
    "--differs:#fff8c5;--differs-fg:#7d4e00;--empty:#eaeef2;--empty-fg:#424a53;"
    "--template:#ddf4ff;--template-fg:#0550ae;--secret:#fbefff;--secret-fg:#6e40c9}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;padding:24px 32px;font:14px/1.45 system-ui,-apple-system,\"Segoe UI\","
    "\"DejaVu Sans\",sans-serif;color:var(--fg);background:var(--bg)}\n"
    "h1{font-size:22px;margin:0 0 2px}h2{font-size:17px;margin:28px 0 8px}\n"
    ".sub,.count,footer{color:var(--muted)}.count{margin:0 0 8px}\n"
    "footer{margin-top:28px;font-size:12px}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0 0;padding:0}\n"
    ".card{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:112px;"
    "background:var(--soft)}\n"
    ".card dt{font-size:12px;color:var(--muted)}.card dd{margin:0;font-size:20px;"
    "font-weight:600}\n"
    ".card.error dd{color:var(--missing-fg)}.card.warning dd{color:var(--differs-fg)}\n"
    ".controls{display:flex;flex-wrap:wrap;gap:18px;align-items:center;margin:22px 0 0;"
    "padding:10px 14px;border:1px solid var(--line);border-radius:8px}\n"
    ".controls input[type=search]{width:260px;padding:4px 8px;font:inherit}\n"
    ".controls select{padding:3px 6px;font:inherit}\n"
    ".scroll{overflow:auto;max-height:75vh;border:1px solid var(--line);border-radius:8px}\n"
    "table{border-collapse:separate;border-spacing:0;width:100%}\n"
    "#matrix{width:auto;min-width:50%}\n"
    "th,td{padding:5px 10px;border-bottom:1px solid var(--line);text-align:left;"
    "vertical-align:top}\n"
    "thead th{position:sticky;top:0;background:var(--soft);font-weight:600;z-index:1;"
    "white-space:nowrap}\n"
    "#matrix thead tr+tr th{top:31px}\n"
    "th[data-sort]{cursor:pointer;user-select:none}\n"
    "th[data-sort]::after{content:\" \\2195\";color:#8c959f}\n"
    "th[aria-sort=ascending]::after{content:\" \\25B2\";color:var(--fg)}\n"
    "th[aria-sort=descending]::after{content:\" \\25BC\";color:var(--fg)}\n"
    "tbody tr:hover td,tbody tr:hover th{background:#f0f6fc}\n"
    "td code{white-space:nowrap}\n"
    "code,.key,.loc{font-family:\"DejaVu Sans Mono\",ui-monospace,monospace;font-size:13px}\n"
    "#matrix tbody th{position:sticky;left:0;background:var(--bg);font-weight:500;"
    "white-space:nowrap}\n"
    "#matrix th.dir{text-align:center;border-left:2px solid var(--line)}\n"
    "#matrix th.file{font-weight:500;font-family:\"DejaVu Sans Mono\",monospace;font-size:12px}\n"
    "#matrix .first{border-left:2px solid var(--line)}\n"
    ".tag{display:inline-block;margin-left:4px;padding:0 5px;border-radius:8px;font-size:11px;"
    "background:var(--template);color:var(--template-fg);font-family:system-ui,sans-serif}\n"
    "td.c{text-align:center;font-weight:600;min-width:44px}\n"
    ".present{background:var(--present);color:var(--present-fg)}\n"
    ".missing{background:var(--missing);color:var(--missing-fg)}\n"
    ".differs{background:var(--differs);color:var(--differs-fg)}\n"
    ".empty{background:var(--empty);color:var(--empty-fg)}\n"
    ".template{background:var(--template);color:var(--template-fg)}\n"
    ".secret{background:var(--secret);color:var(--secret-fg)}\n"
    ".none{color:#afb8c1}\n"
    "td.drift{color:var(--differs-fg);white-space:nowrap}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:8px 16px;list-style:none;padding:0;margin:0 0 10px}\n"
    ".legend li{display:flex;align-items:center;gap:6px}\n"
    ".legend .c{display:inline-block;width:26px;text-align:center;border-radius:4px;"
    "font-weight:600;border:1px solid var(--line)}\n"
    ".badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;"
    "font-weight:600}\n"
    ".badge.error{background:var(--missing);color:var(--missing-fg)}\n"
    ".badge.warning{background:var(--differs);color:var(--differs-fg)}\n"
    ".badge.info{background:var(--template);color:var(--template-fg)}\n"
    "tr[hidden]{display:none}\n"
    "</style>\n</head>\n<body>\n";

/* The script: sort (click a header, or #sort= / #fsort= NAME or -NAME),
 * filter (#filter=, #severity=, #drift=1); state mirrored in the URL
 * fragment. It reads attributes and sets textContent, nothing else. */
static const char page_script[] =
    "<script>\n"
    "(function () {\n"
    "  \"use strict\";\n"
    "  var doc = document, q = doc.getElementById(\"q\"), sev = doc.getElementById(\"sev\"),\n"
    "      drift = doc.getElementById(\"drift\"), SEV = {info: 1, warning: 2, error: 3};\n"
    "  var tables = [{id: \"matrix\", param: \"sort\", noun: \"keys\", dflt: \"key\"},\n"
    "                {id: \"findings\", param: \"fsort\", noun: \"findings\", dflt: \"\"}];\n"
    "  function list(x) { return Array.prototype.slice.call(x); }\n"
    "  function rows(t) { return t.el ? list(t.el.tBodies[0].rows) : []; }\n"
    "  function heads(t) { return t.el ? list(t.el.querySelectorAll(\"th[data-sort]\")) : []; }\n"
    "  function value(tr, th) {\n"
    "    var c = tr.cells[+th.getAttribute(\"data-idx\")];\n"
    "    var v = !c ? \"\" : c.hasAttribute(\"data-v\") ? c.getAttribute(\"data-v\") : c.textContent;\n"
    "    return th.hasAttribute(\"data-num\") ? +v : v;\n"
    "  }\n"
    "  /* spec: NAME ascending, -NAME descending, \"\" the page's own order */\n"
    "  function sortBy(t, spec) {\n"
    "    var desc = spec.charAt(0) === \"-\", name = desc ? spec.slice(1) : spec, th = null;\n"
    "    heads(t).forEach(function (h) { if (h.getAttribute(\"data-sort\") === name) th = h; });\n"
    "    if (!th && spec !== \"\") return false;\n"
    "    var keyed = rows(t).map(function (tr) {\n"
    "      return {tr: tr, v: th ? value(tr, th) : 0, i: +tr.getAttribute(\"data-i\")};\n"
    "    });\n"
    "    keyed.sort(function (a, b) {\n"
    "      var c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;\n"
    "      return (desc ? -c : c) || a.i - b.i;\n"
    "    });\n"
    "    var body = t.el.tBodies[0];\n"
    "    keyed.forEach(function (k) { body.appendChild(k.tr); });\n"
    "    heads(t).forEach(function (h) { h.removeAttribute(\"aria-sort\"); });\n"
    "    if (th) th.setAttribute(\"aria-sort\", desc ? \"descending\" : \"ascending\");\n"
    "    t.sort = spec;\n"
    "    return true;\n"
    "  }\n"
    "  function apply() {\n"
    "    var text = q.value.toLowerCase(), min = SEV[sev.value] || 0, only = drift.checked;\n"
    "    tables.forEach(function (t) {\n"
    "      var all = rows(t), shown = 0;\n"
    "      all.forEach(function (tr) {\n"
    "        var hay = (tr.getAttribute(\"data-text\") || tr.textContent).toLowerCase();\n"
    "        var ok = hay.indexOf(text) >= 0 && (t.id === \"matrix\"\n"
    "          ? !only || tr.getAttribute(\"data-drift\") === \"1\"\n"
    "          : +tr.getAttribute(\"data-sev\") >= min);\n"
    "        tr.hidden = !ok;\n"
    "        shown += ok ? 1 : 0;\n"
    "      });\n"
    "      var out = doc.getElementById(t.id + \"-count\");\n"
    "      if (out) out.textContent = shown + \" of \" + all.length + \" \" + t.noun + \" shown\";\n"
    "    });\n"
    "  }\n"
    "  function readHash() {\n"
    "    var p = {};\n"
    "    location.hash.replace(/^#/, \"\").split(\"&\").forEach(function (kv) {\n"
    "      var i = kv.indexOf(\"=\");\n"
    "      if (!kv || i < 1) return;\n"
    "      try {\n"
    "        p[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1).replace(/\\+/g, \" \"));\n"
    "      } catch (e) { /* a malformed escape: that pair is ignored */ }\n"
    "    });\n"
    "    return p;\n"
    "  }\n"
    "  function writeHash() {\n"
    "    var parts = [];\n"
    "    if (q.value) parts.push(\"filter=\" + encodeURIComponent(q.value));\n"
    "    if (sev.value) parts.push(\"severity=\" + sev.value);\n"
    "    if (drift.checked) parts.push(\"drift=1\");\n"
    "    tables.forEach(function (t) {\n"
    "      if (t.el && t.sort !== t.dflt) parts.push(t.param + \"=\" + encodeURIComponent(t.sort));\n"
    "    });\n"
    "    var h = \"#\" + parts.join(\"&\");\n"
    "    try { history.replaceState(null, \"\", h); } catch (e) { location.replace(h); }\n"
    "  }\n"
    "  function load() {\n"
    "    var p = readHash();\n"
    "    q.value = p.filter || \"\";\n"
    "    sev.value = SEV[p.severity] > 1 ? p.severity : \"\";\n"
    "    drift.checked = p.drift === \"1\";\n"
    "    tables.forEach(function (t) {\n"
    "      if (t.el && !(p[t.param] && sortBy(t, p[t.param]))) sortBy(t, t.dflt);\n"
    "    });\n"
    "    apply();\n"
    "  }\n"
    "  tables.forEach(function (t) {\n"
    "    t.el = doc.getElementById(t.id);\n"
    "    heads(t).forEach(function (th) {\n"
    "      var name = th.getAttribute(\"data-sort\");\n"
    "      function go() { sortBy(t, t.sort === name ? \"-\" + name : name); writeHash(); }\n"
    "      th.tabIndex = 0;\n"
    "      th.addEventListener(\"click\", go);\n"
    "      th.addEventListener(\"keydown\", function (e) {\n"
    "        if (e.key === \"Enter\" || e.key === \" \") { e.preventDefault(); go(); }\n"
    "      });\n"
    "    });\n"
    "  });\n"
    "  [q, sev, drift].forEach(function (el) {\n"
    "    el.addEventListener(el === q ? \"input\" : \"change\", function () { apply(); writeHash(); });\n"
    "  });\n"
    "  window.addEventListener(\"hashchange\", load);\n"
    "  load();\n"
    "  doc.getElementById(\"controls\").hidden = false;\n"
    "  doc.documentElement.setAttribute(\"data-ready\", \"1\");\n"
    "})();\n"
    "</script>\n";

/* ---------------------------------------------------------------- summary */

static void card(es_out *o, const char *cls, const char *label, const char *value)
{
    es_out_printf(o, "<div class=\"card%s%s\"><dt>%s</dt><dd>%s</dd></div>\n", *cls ? " " : "",
                  cls, label, value);
}

static void card_n(es_out *o, const char *cls, const char *label, uint64_t n)
{
    char v[32];
    snprintf(v, sizeof v, "%llu", (unsigned long long)n);
    card(o, cls, label, v);
}

static void summary(es_out *o, const envscan_result *res, const envscan_matrix *m, unsigned flags)
{
    const uint64_t *st = res->stats;
    char v[48];
    es_out_str(o, "<section id=\"summary\" aria-label=\"Summary\">\n<dl class=\"cards\">\n");
    card_n(o, "", "Files scanned", st[ENVSCAN_STAT_FILES_SCANNED]);
    es_human_bytes(v, sizeof v, st[ENVSCAN_STAT_BYTES]);
    card(o, "", "Bytes", v);
    card_n(o, "", "Variables defined", st[ENVSCAN_STAT_DEFINITIONS]);
    card_n(o, "", "References", st[ENVSCAN_STAT_REFERENCES]);
    card_n(o, "", "Usages in code", st[ENVSCAN_STAT_USAGES]);
    card_n(o, "", "Env files", envscan_matrix_file_count(m));
    card_n(o, "error", "Errors", st[ENVSCAN_STAT_ERRORS]);
    card_n(o, "warning", "Warnings", st[ENVSCAN_STAT_WARNINGS]);
    card_n(o, "info", "Infos", st[ENVSCAN_STAT_INFOS]);
    if (!(flags & ENVSCAN_REPORT_NO_TIMING)) {
        snprintf(v, sizeof v, "%.2f ms", st[ENVSCAN_STAT_ELAPSED_NS] / 1e6);
        card(o, "", "Time", v);
        card_n(o, "", "Threads", st[ENVSCAN_STAT_THREADS]);
        card(o, "", "Kernel", envscan_kernel_name((envscan_kernel)st[ENVSCAN_STAT_KERNEL]));
    }
    es_out_str(o, "</dl>\n</section>\n");
}

static void controls(es_out *o)
{
    es_out_str(o,
               "<nav id=\"controls\" class=\"controls\" aria-label=\"Filters\" hidden>\n"
               "<label>Filter <input id=\"q\" type=\"search\" "
               "placeholder=\"key, file, rule or message\"></label>\n"
               "<label>Findings <select id=\"sev\"><option value=\"\">all severities</option>"
               "<option value=\"warning\">warnings and errors</option>"
               "<option value=\"error\">errors only</option></select></label>\n"
               "<label><input id=\"drift\" type=\"checkbox\"> only keys with drift</label>\n"
               "</nav>\n");
}

/* --------------------------------------------------------------- findings */

static void findings(es_out *o, const envscan_result *res)
{
    es_out_printf(o, "<section id=\"findings-section\">\n<h2>Findings</h2>\n"
                     "<p class=\"count\" id=\"findings-count\">%zu of %zu findings shown</p>\n",
                  res->n_diags, res->n_diags);
    if (!res->n_diags) {
        es_out_str(o, "<p>Nothing to report.</p>\n</section>\n");
        return;
    }
    es_out_str(o, "<div class=\"scroll\"><table id=\"findings\">\n<thead><tr>"
                  "<th scope=\"col\" data-sort=\"severity\" data-idx=\"0\" data-num>Severity</th>"
                  "<th scope=\"col\" data-sort=\"rule\" data-idx=\"1\">Rule</th>"
                  "<th scope=\"col\" data-sort=\"location\" data-idx=\"2\">Location</th>"
                  "<th scope=\"col\" data-sort=\"key\" data-idx=\"3\">Key</th>"
                  "<th scope=\"col\" data-sort=\"message\" data-idx=\"4\">Message</th>"
                  "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < res->n_diags; i++) {
        const envscan_diagnostic *d = &res->diags[i];
        const char *sn = envscan_severity_name(d->severity);
        /* data-v of the severity: worst first when ascending */
        es_out_printf(o, "<tr data-i=\"%zu\" data-sev=\"%d\"><td data-v=\"%d\">"
                         "<span class=\"badge %s\">%s</span></td><td><code>",
                      i, (int)d->severity, 3 - (int)d->severity, sn, sn);
        html_str(o, d->code);
        es_out_str(o, "</code></td><td class=\"loc\" data-v=\"");
        if (d->file)
            html_str(o, d->file);
        es_out_printf(o, "\n%010u:%010u\">", d->line, d->column);
        if (d->file) {
            html_str(o, d->file);
            if (d->line)
                es_out_printf(o, ":%u:%u", d->line, d->column);
        } else {
            es_out_str(o, "&#x2014;");
        }
        es_out_str(o, "</td><td class=\"key\">");
        if (d->key)
            html_str(o, d->key);
        es_out_str(o, "</td><td>");
        html_str(o, d->message);
        es_out_str(o, "</td></tr>\n");
    }
    es_out_str(o, "</tbody>\n</table></div>\n</section>\n");
}

/* ----------------------------------------------------------------- matrix */

typedef struct look {
    const char *sym;  /* what the cell shows: readable without colour     */
    const char *text; /* the legend                                        */
    int rank;         /* sort order of a file column: problems first       */
} look;

static const look looks[] = {
    [ENVSCAN_CELL_NONE] = {"&#xB7;", "no file of the directory defines it", 6},
    [ENVSCAN_CELL_MISSING] = {"&#x2717;", "not here, in another file of the directory", 0},
    [ENVSCAN_CELL_PRESENT] = {"&#x2713;", "the reference value", 4},
    [ENVSCAN_CELL_DIFFERS] = {"&#x2260;", "another value than the reference", 1},
    [ENVSCAN_CELL_EMPTY] = {"&#x2205;", "defined without a value", 3},
    [ENVSCAN_CELL_TEMPLATE] = {"&#x25C7;", "in a template: placeholders, not compared", 5},
    [ENVSCAN_CELL_SECRET] = {"&#x2731;", "a secret finding here", 2},
};

static size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) + 1 : 0;
}

/* Is column f the first of its directory? (A directory's columns are
 * adjacent.) */
static bool starts_dir(const envscan_matrix *m, size_t f)
{
    if (f == 0)
        return true;
    const char *p = envscan_matrix_file(m, f), *q = envscan_matrix_file(m, f - 1);
    size_t dl = dir_len(p);
    return dir_len(q) != dl || memcmp(p, q, dl) != 0;
}

static void legend(es_out *o)
{
    static const envscan_cell order[] = {ENVSCAN_CELL_PRESENT, ENVSCAN_CELL_DIFFERS,
                                         ENVSCAN_CELL_MISSING, ENVSCAN_CELL_EMPTY,
                                         ENVSCAN_CELL_TEMPLATE, ENVSCAN_CELL_SECRET,
                                         ENVSCAN_CELL_NONE};
    es_out_str(o, "<ul class=\"legend\" aria-label=\"Legend\">\n");
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *name = envscan_cell_name(order[i]);
        es_out_printf(o, "<li><span class=\"c %s\">%s</span> <b>%s</b> %s</li>\n", name,
                      looks[order[i]].sym, name, looks[order[i]].text);
    }
    es_out_str(o, "</ul>\n");
}

static void matrix_head(es_out *o, const envscan_matrix *m)
{
    const size_t nf = envscan_matrix_file_count(m);
    es_out_str(o, "<div class=\"scroll\"><table id=\"matrix\">\n<thead><tr>"
                  "<th scope=\"col\" rowspan=\"2\" data-sort=\"key\" data-idx=\"0\" "
                  "data-num>Key</th>"
                  "<th scope=\"col\" rowspan=\"2\" data-sort=\"drift\" data-idx=\"1\" "
                  "data-num>Drift</th>");
    for (size_t f = 0; f < nf;) {
        const char *p = envscan_matrix_file(m, f);
        size_t dl = dir_len(p), g = f + 1;
        while (g < nf && !starts_dir(m, g))
            g++;
        es_out_printf(o, "<th scope=\"colgroup\" colspan=\"%zu\" class=\"dir\">", g - f);
        if (dl)
            html_text(o, p, dl);
        else
            es_out_str(o, "./");
        es_out_str(o, "</th>");
        f = g;
    }
    es_out_str(o, "</tr>\n<tr>");
    for (size_t f = 0; f < nf; f++) {
        const char *p = envscan_matrix_file(m, f);
        es_out_printf(o, "<th scope=\"col\" class=\"file%s\" data-sort=\"f%zu\" data-idx=\"%zu\" "
                         "data-num title=\"",
                      starts_dir(m, f) ? " first" : "", f, f + 2);
        html_str(o, p);
        es_out_str(o, "\">");
        html_str(o, p + dir_len(p));
        if (envscan_matrix_file_is_template(m, f))
            es_out_str(o, "<span class=\"tag\">template</span>");
        es_out_str(o, "</th>");
    }
    es_out_str(o, "</tr></thead>\n<tbody>\n");
}

/* The hover text of a cell: where, and why; never a value. */
static void cell_title(es_out *o, const envscan_matrix *m, size_t k, size_t f, envscan_cell c)
{
    const envscan_record *r = envscan_matrix_record(m, k, f);
    const envscan_record *ref = envscan_matrix_reference(m, k, f);
    switch (c) {
    case ENVSCAN_CELL_NONE:
    case ENVSCAN_CELL_MISSING:
        es_out_str(o, c == ENVSCAN_CELL_NONE ? "no file of this directory defines it"
                                             : "not defined in ");
        if (c == ENVSCAN_CELL_MISSING)
            html_str(o, envscan_matrix_file(m, f));
        return;
    default: break;
    }
    html_str(o, r->file);
    es_out_printf(o, ":%u: %s", r->line, envscan_cell_name(c));
    if ((c == ENVSCAN_CELL_DIFFERS || c == ENVSCAN_CELL_PRESENT) && ref && ref != r) {
        es_out_str(o, c == ENVSCAN_CELL_DIFFERS ? " from the value in " : " as in ");
        html_str(o, ref->file);
        es_out_printf(o, ":%u", ref->line);
    }
}

static void matrix_rows(es_out *o, const envscan_matrix *m)
{
    const size_t nf = envscan_matrix_file_count(m);
    for (size_t k = 0; k < envscan_matrix_key_count(m); k++) {
        const char *key = envscan_matrix_key(m, k);
        const int drift = envscan_matrix_key_drift(m, k);
        /* the filter matches the key and the files that define it */
        es_out_printf(o, "<tr data-i=\"%zu\" data-drift=\"%d\" data-text=\"", k, drift);
        html_str(o, key);
        for (size_t f = 0; f < nf; f++)
            if (envscan_matrix_record(m, k, f)) {
                es_out_str(o, "\n");
                html_str(o, envscan_matrix_file(m, f));
            }
        es_out_printf(o, "\"><th scope=\"row\" class=\"key\" data-v=\"%zu\">", k);
        html_str(o, key);
        es_out_printf(o, "</th><td class=\"drift\" data-v=\"%d\">%s</td>", !drift,
                      drift ? "&#x2260; drift" : "");
        for (size_t f = 0; f < nf; f++) {
            envscan_cell c = envscan_matrix_cell(m, k, f);
            es_out_printf(o, "<td class=\"c %s%s\" data-s=\"%s\" data-v=\"%d\" title=\"",
                          envscan_cell_name(c), starts_dir(m, f) ? " first" : "",
                          envscan_cell_name(c), looks[c].rank);
            cell_title(o, m, k, f, c);
            es_out_printf(o, "\">%s</td>", looks[c].sym);
        }
        es_out_str(o, "</tr>\n");
    }
    es_out_str(o, "</tbody>\n</table></div>\n");
}

static void matrix(es_out *o, const envscan_matrix *m)
{
    const size_t nk = envscan_matrix_key_count(m);
    es_out_printf(o, "<section id=\"matrix-section\">\n<h2>Drift matrix</h2>\n"
                     "<p class=\"count\" id=\"matrix-count\">%zu of %zu keys shown</p>\n",
                  nk, nk);
    if (!nk) {
        es_out_str(o, "<p>No env file defines a variable.</p>\n</section>\n");
        return;
    }
    es_out_str(o, "<p>Every key defined in an env file (rows) against every env file (columns, "
                  "grouped by directory). Values are compared within a directory, with the "
                  "reference value of a key: the one in that directory&#x2019;s "
                  "<code>.env</code>, else the most common one. Values themselves are never "
                  "shown.</p>\n");
    legend(o);
    matrix_head(o, m);
    matrix_rows(o, m);
    es_out_str(o, "</section>\n");
}

int es_report_html(es_out *o, const envscan_result *res, unsigned flags)
{
    envscan_matrix *m = NULL;
    FORWARD_IF_ERROR(envscan_matrix_build(res, &m));
    es_out_str(o, page_head);
    es_out_printf(o, "<header><h1>envscan report</h1><p class=\"sub\">envscan %s &#xB7; "
                     "every environment variable defined and used, and what is wrong with "
                     "them</p></header>\n",
                  ENVSCAN_VERSION_STRING);
    summary(o, res, m, flags);
    controls(o);
    matrix(o, m);
    findings(o, res);
    es_out_printf(o, "<footer>Generated by envscan %s. Values are never written into this "
                     "page. It loads nothing from the network.</footer>\n",
                  ENVSCAN_VERSION_STRING);
    es_out_str(o, page_script);
    es_out_str(o, "</body>\n</html>\n");
    envscan_matrix_free(m);
    return ENVSCAN_OK;
}
