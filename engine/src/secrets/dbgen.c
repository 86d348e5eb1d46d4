/*
 * dbgen.c — es_secrets_dbgen PATTERNS KEYWORDS: compile the secrets table
 * (rules.c) into its two Vectorscan databases (db.c) and write them
 * serialised to the two files, for blob.c to embed in the library (db.c
 * says why). Runs at build time only.
 */
#include <stdio.h>
#include <stdlib.h>

#include <hs.h>

#include "secrets.h"

static int write_db(hs_database_t *db, const char *path)
{
    char *bytes = NULL;
    size_t len = 0;
    if (hs_serialize_database(db, &bytes, &len) != HS_SUCCESS) {
        fprintf(stderr, "es_secrets_dbgen: could not serialise a database\n");
        return 1;
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        return 1;
    }
    free(bytes);
    hs_free_database(db);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: es_secrets_dbgen PATTERNS KEYWORDS\n");
        return 2;
    }
    char why[256];
    hs_database_t *db = NULL, *kw = NULL;
    if (es_secrets_compile(&db, why, sizeof why) != 0 ||
        es_secrets_compile_keywords(&kw, why, sizeof why) != 0) {
        fprintf(stderr, "es_secrets_dbgen: %s\n", why);
        return 1;
    }
    return write_db(db, argv[1]) || write_db(kw, argv[2]);
}
