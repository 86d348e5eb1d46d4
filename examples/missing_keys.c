/*
 * missing_keys — the environment variables a tree's code reads that no
 * file of the tree defines.
 *
 *   missing_keys [PATH...]      (default: the current directory)
 *
 * Prints one line per variable, "KEY FILE:LINE:COLUMN" (its first read),
 * in the order of the scan's findings (by path, then line). Exits 0 when
 * nothing is missing, 1 when something is, 2 on an error.
 *
 * After a tree scan, envscan's cross-file analysis adds a `missing`
 * diagnostic for every such variable (docs/analysis.md says what counts
 * as a read and a definition, and which well-known names are left out),
 * with the variable in its `key`. This program only filters them. Like
 * the command, it reads the config file (envscan.yml) of the first PATH
 * when there is one: its excludes and rules apply.
 */
#include <stdio.h>
#include <string.h>

#include <envscan.h>

int main(int argc, char **argv)
{
    const char *const *paths = (const char *const *)(argv + 1);
    size_t npaths = (size_t)(argc - 1); /* 0: envscan scans "." */

    /* snippet: create */
    envscan_scanner *sc = NULL;
    int rc = envscan_scanner_create(&sc);
    if (rc != ENVSCAN_OK) {
        fprintf(stderr, "missing_keys: %s\n", envscan_strerror(rc));
        return 2;
    }
    /* the config file of the first root, where the command looks for it */
    char *config = NULL;
    if (envscan_config_find(npaths ? paths[0] : ".", &config) == ENVSCAN_OK) {
        rc = envscan_load_config(sc, config); /* applies it to sc */
        envscan_free(config);
    }
    /* what this program does not need: set after the file, so they win */
    if (rc == ENVSCAN_OK)
        rc = envscan_set_option(sc, ENVSCAN_OPT_LINT, 0);
    if (rc == ENVSCAN_OK)
        rc = envscan_set_option(sc, ENVSCAN_OPT_SECRETS, 0);
    if (rc != ENVSCAN_OK) {
        /* "envscan.yml:3:5: unknown key ..." for a bad config file */
        fprintf(stderr, "missing_keys: %s\n", envscan_last_error(sc));
        envscan_scanner_free(sc);
        return 2;
    }
    /* end snippet */

    /* snippet: missing */
    envscan_result *res = NULL;
    rc = envscan_scan_paths(sc, paths, npaths, &res);
    if (rc != ENVSCAN_OK) {
        /* the last error names the path and the OS error */
        fprintf(stderr, "missing_keys: %s\n", envscan_last_error(sc));
        envscan_scanner_free(sc);
        return 2;
    }
    size_t missing = 0;
    for (size_t i = 0; i < envscan_result_diagnostic_count(res); i++) {
        const envscan_diagnostic *d = envscan_result_diagnostic(res, i);
        if (strcmp(d->code, "missing") != 0)
            continue;
        printf("%s %s:%u:%u\n", d->key, d->file, d->line, d->column);
        missing++;
    }
    envscan_result_free(res); /* d, d->key, d->file die here */
    envscan_scanner_free(sc);
    /* end snippet */
    return missing ? 1 : 0;
}
