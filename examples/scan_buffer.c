/*
 * scan_buffer — scan text held in memory and print its records.
 *
 *   scan_buffer                 scans a small .env text built into it
 *   scan_buffer NAME < FILE     scans standard input as a file called NAME
 *                               (the format is told from NAME: ".env",
 *                               "compose.yaml", "app.py", ...)
 *
 * Prints one line per record, "LINE:COLUMN KIND KEY=VALUE" (no "=VALUE"
 * for a record without one, such as a usage in code), then one line per
 * diagnostic, "LINE:COLUMN severity[code] message". Exits 0, or 1 when
 * the text could not be scanned.
 */
#include <stdio.h>
#include <stdlib.h>

#include <envscan.h>

static const char builtin[] = "# settings of the demo\n"
                              "export API_URL=https://api.example.test\n"
                              "GREETING=\"hello world\"\n"
                              "PORT=3000\n"
                              "PORT=3001\n";

/* All of standard input, malloc'ed; NULL on error. */
static char *read_stdin(size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, stdin);
        if (n < cap)
            break;
        char *more = realloc(buf, cap *= 2);
        if (!more)
            free(buf);
        buf = more;
    }
    if (buf && ferror(stdin)) {
        free(buf);
        buf = NULL;
    }
    *len = n;
    return buf;
}

/* snippet: records */
static void print_result(const envscan_result *res)
{
    for (size_t i = 0; i < envscan_result_record_count(res); i++) {
        const envscan_record *r = envscan_result_record(res, i);
        printf("%u:%u %s %s", r->line, r->column, envscan_kind_name((envscan_kind)r->kind),
               r->key);
        if (r->value) /* may hold NUL bytes: print value_len bytes */
            printf("=%.*s", (int)r->value_len, r->value);
        printf("\n");
    }
    for (size_t i = 0; i < envscan_result_diagnostic_count(res); i++) {
        const envscan_diagnostic *d = envscan_result_diagnostic(res, i);
        printf("%u:%u %s[%s] %s\n", d->line, d->column, envscan_severity_name(d->severity),
               d->code, d->message);
    }
}
/* end snippet */

int main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : ".env";
    size_t len = sizeof builtin - 1;
    char *input = NULL;
    if (argc > 1 && !(input = read_stdin(&len))) {
        perror("scan_buffer: standard input");
        return 1;
    }
    const char *text = input ? input : builtin;

    /* snippet: buffer */
    envscan_scanner *sc = NULL;
    int rc = envscan_scanner_create(&sc);
    envscan_result *res = NULL;
    if (rc == ENVSCAN_OK)
        /* ENVSCAN_FORMAT_UNKNOWN: tell the format from `name` */
        rc = envscan_scan_buffer(sc, text, len, ENVSCAN_FORMAT_UNKNOWN, name, &res);
    if (rc == ENVSCAN_OK)
        print_result(res);
    else
        fprintf(stderr, "scan_buffer: %s\n", sc ? envscan_last_error(sc) : envscan_strerror(rc));
    envscan_result_free(res); /* the result holds copies: `text` may go */
    envscan_scanner_free(sc);
    /* end snippet */
    free(input);
    return rc == ENVSCAN_OK ? 0 : 1;
}
