/*
 * dbgen.c — es_secrets_dbgen PATTERNS KEYWORDS: compile the secrets table
 * (rules.c) into its Vectorscan databases (db.c) and write them
 * serialised: every rule's pattern database into PATTERNS (in db.c's
 * layout), the keywords' into KEYWORDS, for blob.c to embed in the
 * library. Runs at build time only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <hs.h>

#include "secrets.h"

static int fail(const char *what)
{
    fprintf(stderr, "es_secrets_dbgen: %s\n", what);
    return 1;
}

static int put_le(FILE *f, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        if (fputc((int)(v >> (8 * i) & 0xff), f) == EOF)
            return -1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: es_secrets_dbgen PATTERNS KEYWORDS\n");
        return 2;
    }
    char why[256];
    size_t n = 0;
    es_secret_rules(&n);
    char **bytes = calloc(n ? n : 1, sizeof *bytes);
    size_t *len = calloc(n ? n : 1, sizeof *len);
    if (!bytes || !len)
        return fail("out of memory");
    for (size_t i = 0; i < n; i++) {
        hs_database_t *db = NULL;
        if (es_secrets_compile_rule(i, &db, why, sizeof why) != 0)
            return fail(why);
        if (db && hs_serialize_database(db, &bytes[i], &len[i]) != HS_SUCCESS)
            return fail("could not serialise a database");
        hs_free_database(db);
    }
    FILE *f = fopen(argv[1], "wb");
    if (!f || put_le(f, n, 4) != 0)
        return perror(argv[1]), 1;
    for (size_t i = 0; i < n; i++)
        if (put_le(f, len[i], 8) != 0)
            return perror(argv[1]), 1;
    for (size_t i = 0; i < n; i++)
        if (len[i] && fwrite(bytes[i], 1, len[i], f) != len[i])
            return perror(argv[1]), 1;
    if (fclose(f) != 0)
        return perror(argv[1]), 1;
    hs_database_t *kw = NULL;
    char *kb = NULL;
    size_t kl = 0;
    if (es_secrets_compile_keywords(&kw, why, sizeof why) != 0)
        return fail(why);
    if (hs_serialize_database(kw, &kb, &kl) != HS_SUCCESS)
        return fail("could not serialise the keywords");
    f = fopen(argv[2], "wb");
    if (!f || fwrite(kb, 1, kl, f) != kl || fclose(f) != 0)
        return perror(argv[2]), 1;
    for (size_t i = 0; i < n; i++)
        free(bytes[i]);
    free(bytes);
    free(len);
    free(kb);
    hs_free_database(kw);
    return 0;
}
