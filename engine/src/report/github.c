/*
 * github.c — GitHub Actions workflow commands, one line per diagnostic
 * (docs/reports.md):
 *   ::error file=PATH,line=N,col=N,title=RULE::MESSAGE
 * warning is ::warning and info ::notice. GitHub shows each as an
 * annotation on the file and line. Escaping is the runner's: in the
 * message '%', CR and LF become %25, %0D, %0A; in a property value ':'
 * and ',' also become %3A and %2C. line and col are left out when 0, file
 * when the diagnostic is about no file.
 */
#include <string.h>

#include "report.h"

static const char *data_escape(unsigned char c)
{
    return c == '%' ? "%25" : c == '\r' ? "%0D" : c == '\n' ? "%0A" : NULL;
}

static const char *property_escape(unsigned char c)
{
    return c == ':' ? "%3A" : c == ',' ? "%2C" : data_escape(c);
}

int es_report_github(es_out *o, const envscan_result *res, unsigned flags)
{
    (void)flags;
    for (size_t i = 0; i < res->n_diags; i++) {
        const envscan_diagnostic *d = &res->diags[i];
        es_out_str(o, d->severity == ENVSCAN_SEVERITY_ERROR     ? "::error "
                      : d->severity == ENVSCAN_SEVERITY_WARNING ? "::warning "
                                                                : "::notice ");
        if (d->file) {
            es_out_str(o, "file=");
            es_rep_escaped(o, d->file, strlen(d->file), property_escape);
            if (d->line)
                es_out_printf(o, ",line=%u", d->line);
            if (d->line && d->column)
                es_out_printf(o, ",col=%u", d->column);
            es_out_str(o, ",");
        }
        es_out_str(o, "title=");
        es_rep_escaped(o, d->code, strlen(d->code), property_escape);
        es_out_str(o, "::");
        es_rep_escaped(o, d->message, strlen(d->message), data_escape);
        es_out_str(o, "\n");
    }
    return ENVSCAN_OK;
}
