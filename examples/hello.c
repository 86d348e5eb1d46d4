/* hello — the smallest use of libenvscan: scan a .env text, print it. */
#include <stdio.h>

#include <envscan.h>

int main(void)
{
    static const char text[] = "API_URL=https://api.example.test\n"
                               "export PORT=3000\n";
    envscan_scanner *sc;
    envscan_result *res;
    if (envscan_scanner_create(&sc) != ENVSCAN_OK)
        return 1;
    if (envscan_scan_buffer(sc, text, sizeof text - 1, ENVSCAN_FORMAT_DOTENV, ".env",
                            &res) != ENVSCAN_OK) {
        fprintf(stderr, "%s\n", envscan_last_error(sc));
        envscan_scanner_free(sc);
        return 1;
    }
    for (size_t i = 0; i < envscan_result_record_count(res); i++) {
        const envscan_record *r = envscan_result_record(res, i);
        printf("%s=%s (line %u)\n", r->key, r->value, r->line);
    }
    envscan_result_free(res);
    envscan_scanner_free(sc);
    return 0;
}
