/* Scans a buffer through the installed library and checks what it got. */
#include <stdio.h>
#include <string.h>

#include <envscan.h>

int main(void)
{
    static const char text[] = "# demo\nexport API_URL=https://example.test\nEMPTY=\n";
    envscan_scanner *sc;
    envscan_result *res;
    if (strcmp(envscan_version(), ENVSCAN_VERSION_STRING) != 0) {
        fprintf(stderr, "header %s, library %s\n", ENVSCAN_VERSION_STRING, envscan_version());
        return 1;
    }
    if (envscan_scanner_create(&sc) != ENVSCAN_OK)
        return 1;
    if (envscan_scan_buffer(sc, text, sizeof text - 1, ENVSCAN_FORMAT_DOTENV, "demo.env", &res) != ENVSCAN_OK) {
        fprintf(stderr, "scan: %s\n", envscan_last_error(sc));
        return 1;
    }
    const envscan_record *r = envscan_result_record(res, 0);
    int ok = envscan_result_record_count(res) == 2 && r && strcmp(r->key, "API_URL") == 0 &&
             strcmp(r->value, "https://example.test") == 0 && r->line == 2 &&
             (r->flags & ENVSCAN_RECORD_EXPORT);
    printf("consumer: %zu records, first %s=%s: %s\n", envscan_result_record_count(res),
           r ? r->key : "-", r ? r->value : "-", ok ? "ok" : "WRONG");
    envscan_result_free(res);
    envscan_scanner_free(sc);
    return ok ? 0 : 1;
}
