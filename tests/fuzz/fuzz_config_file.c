/*
 * fuzz_config_file.c — the config file loader (envscan_load_config_buffer,
 * engine/src/config/config.c) under fuzzing. Whatever the bytes, it must
 * not crash and must either load or refuse with ENVSCAN_E_PARSE (or
 * _NOMEM); a refusal names the file and a place inside the input (line
 * and column within its lines, or 0 for a problem without a place) and
 * leaves no setting behind. A loaded config must write its effective
 * settings, and a scan under it (custom rules, allowlists, severities)
 * must run. Any failure aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envscan.h"
#include "fuzz_buf.h"

static const char sample[] = "A=1\nA=2\nGH=ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5c\n"
                             "TOKEN=acme_Q7x9Lm2Vb8Nc4Zt6Rp1Ws3Yk\nDB_PASSWORD=Zq8mR2pL5xT7vB\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    envscan_scanner *sc;
    if (envscan_scanner_create(&sc) != ENVSCAN_OK)
        abort();
    int rc = envscan_load_config_buffer(sc, data, size, "fuzz.yml");
    if (rc == ENVSCAN_OK) {
        buf out = {0};
        if (envscan_config_write(sc, put, &out) != ENVSCAN_OK || out.n == 0)
            abort();
        free(out.p);
        for (size_t i = 0; i < envscan_config_unimplemented_count(sc); i++)
            if (!envscan_config_unimplemented(sc, i))
                abort();
        envscan_result *res = NULL;
        if (envscan_scan_buffer(sc, sample, sizeof sample - 1, ENVSCAN_FORMAT_DOTENV, ".env",
                                &res) != ENVSCAN_OK)
            abort();
        envscan_result_free(res);
    } else {
        if (rc != ENVSCAN_E_PARSE && rc != ENVSCAN_E_NOMEM)
            abort();
        const char *path = NULL;
        uint32_t line = 0, col = 0;
        envscan_last_error_detail(sc, &path, &line, &col, NULL);
        size_t lines = 1;
        for (size_t i = 0; i < size; i++)
            lines += data[i] == '\n' || data[i] == '\r';
        if (!path || strcmp(path, "fuzz.yml") != 0 || line > lines + 1 ||
            strncmp(envscan_last_error(sc), "fuzz.yml", 8) != 0)
            abort();
        if (envscan_config_unimplemented_count(sc) != 0)
            abort();
    }
    envscan_scanner_free(sc);
    return 0;
}
