/*
 * junit.c — JUnit XML, the test report GitLab, Jenkins, Azure DevOps and
 * most CI systems render (docs/reports.md).
 *
 *   <testsuites name="envscan" tests=T failures=F errors="0" skipped="0">
 *    <testsuite name="FILE" tests=.. failures=..>   one per file with
 *     <testcase classname="envscan.RULE" name="RULE KEY" file=.. line=..>
 *      <failure type="warning" message="MESSAGE">PLACE ...</failure>
 *     </testcase>                                   one per diagnostic
 *    </testsuite>
 *    <testsuite name="envscan">   the scan itself (a passing testcase) and
 *                                 the diagnostics about no file
 *
 * Errors and warnings are failures; an info diagnostic is a passing
 * testcase whose <system-out> says it, so notes do not fail a pipeline
 * the exit status lets pass. Text is escaped for XML 1.0: & < > " ' as
 * references, TAB/LF/CR in attributes as character references, the
 * control characters XML 1.0 forbids and bytes that are not UTF-8 as
 * U+FFFD, so any path or key gives a well-formed document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* The length of the well-formed UTF-8 character at s[0, n) that XML 1.0
 * allows, or 0. */
static size_t xml_char(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return c >= 0x20 || c == '\t' || c == '\n' || c == '\r' ? 1 : 0;
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (!len || len > n || c > 0xF4)
        return 0;
    uint32_t cp = c & (0xFF >> (len + 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE ||
        cp == 0xFFFF)
        return 0;
    return len;
}

/* XML text (attr: also an attribute value in double quotes). */
static void xml(es_out *o, const char *str, bool attr)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t n = strlen(str);
    for (size_t i = 0; i < n;) {
        size_t len = xml_char(s + i, n - i);
        const char *e = NULL;
        switch (len ? s[i] : 0) {
        case 0: e = "\xEF\xBF\xBD"; break; /* U+FFFD */
        case '&': e = "&amp;"; break;
        case '<': e = "&lt;"; break;
        case '>': e = "&gt;"; break;
        case '"': e = attr ? "&quot;" : NULL; break;
        case '\'': e = attr ? "&apos;" : NULL; break;
        case '\t': e = attr ? "&#9;" : NULL; break;
        case '\n': e = attr ? "&#10;" : NULL; break;
        case '\r': e = "&#13;"; break; /* a raw CR would be read as LF */
        }
        if (e)
            es_out_str(o, e);
        else
            es_out_bytes(o, s + i, len);
        i += len ? len : 1;
    }
}

static void attr(es_out *o, const char *name, const char *value)
{
    es_out_printf(o, " %s=\"", name);
    xml(o, value, true);
    es_out_str(o, "\"");
}

static void testcase(es_out *o, const envscan_diagnostic *d)
{
    char buf[4200];
    es_out_str(o, "  <testcase");
    snprintf(buf, sizeof buf, "envscan.%s", d->code);
    attr(o, "classname", buf);
    snprintf(buf, sizeof buf, "%s%s%s", d->code, d->key ? " " : "", d->key ? d->key : "");
    attr(o, "name", buf);
    if (d->file)
        attr(o, "file", d->file);
    if (d->line)
        es_out_printf(o, " line=\"%u\"", d->line);
    es_out_str(o, ">\n   ");
    bool failure = d->severity >= ENVSCAN_SEVERITY_WARNING;
    if (failure) {
        es_out_str(o, "<failure");
        attr(o, "type", envscan_severity_name(d->severity));
        attr(o, "message", d->message);
        es_out_str(o, ">");
    } else {
        es_out_str(o, "<system-out>");
    }
    xml(o, es_rep_place(d, buf, sizeof buf), false);
    es_out_printf(o, ": %s[%s] ", envscan_severity_name(d->severity), d->code);
    xml(o, d->message, false);
    if (d->fingerprint)
        es_out_printf(o, "\nfingerprint %s", d->fingerprint);
    es_out_str(o, failure ? "</failure>\n  </testcase>\n" : "</system-out>\n  </testcase>\n");
}

static void suite_open(es_out *o, const char *name, size_t tests, size_t failures)
{
    es_out_str(o, " <testsuite");
    attr(o, "name", name);
    es_out_printf(o, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n", tests,
                  failures);
}

int es_report_junit(es_out *o, const envscan_result *res, unsigned flags)
{
    (void)flags;
    size_t failures = 0, loose = 0, loose_fail = 0;
    for (size_t i = 0; i < res->n_diags; i++) {
        const envscan_diagnostic *d = &res->diags[i];
        failures += d->severity >= ENVSCAN_SEVERITY_WARNING;
        loose += !d->file;
        loose_fail += !d->file && d->severity >= ENVSCAN_SEVERITY_WARNING;
    }
    es_out_str(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"envscan\"");
    es_out_printf(o, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
                  res->n_diags + 1, failures);
    /* the files in path order; a file's diagnostics are not contiguous
     * in the result (findings and links come last), so sort them */
    size_t *ix = es_rep_sorted(res, false);
    RETURN_IF(!ix && res->n_diags, ENVSCAN_E_NOMEM);
    for (size_t i = 0; i < res->n_diags;) {
        const char *file = res->diags[ix[i]].file;
        size_t j = i, fail = 0;
        for (; j < res->n_diags && res->diags[ix[j]].file &&
               (file && strcmp(res->diags[ix[j]].file, file) == 0);
             j++)
            fail += res->diags[ix[j]].severity >= ENVSCAN_SEVERITY_WARNING;
        if (!file) { /* about no file: in the scan's own suite */
            i++;
            continue;
        }
        suite_open(o, file, j - i, fail);
        for (; i < j; i++)
            testcase(o, &res->diags[ix[i]]);
        es_out_str(o, " </testsuite>\n");
    }
    suite_open(o, "envscan", loose + 1, loose_fail);
    es_out_printf(o, "  <testcase classname=\"envscan\" name=\"scan\">\n   <system-out>%llu "
                     "files scanned, %zu diagnostics</system-out>\n  </testcase>\n",
                  (unsigned long long)res->stats[ENVSCAN_STAT_FILES_SCANNED], res->n_diags);
    for (size_t i = 0; i < res->n_diags; i++)
        if (!res->diags[ix[i]].file)
            testcase(o, &res->diags[ix[i]]);
    es_out_str(o, " </testsuite>\n</testsuites>\n");
    free(ix);
    return ENVSCAN_OK;
}
