/*
 * db.c — the secrets table's patterns compiled into one Vectorscan
 * database (secrets.h), and their keywords into a second, literal one
 * (the prefilter, see secrets.c).
 *
 * Compiling takes a few hundred milliseconds, more than a whole scan of a
 * small repository, so the build compiles it once (es_secrets_dbgen, in
 * this folder) and the library carries the serialised database
 * (blob.c). A process deserialises it, which takes about a millisecond,
 * and compiles at run time only when that fails: a build without the
 * tool (cross-compiling), or a CPU that lacks what the build machine's
 * database was compiled for.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <hs.h>

#include "secrets.h"

int es_secrets_compile(hs_database_t **db, char *why, size_t why_len)
{
    size_t n = 0;
    const es_secret_rule *r = es_secret_rules(&n);
    if (n > ES_SECRET_MAX_RULES) {
        snprintf(why, why_len, "secrets: %zu rules, more than %d", n, ES_SECRET_MAX_RULES);
        return -1;
    }
    const char *expr[ES_SECRET_MAX_RULES];
    unsigned flags[ES_SECRET_MAX_RULES], ids[ES_SECRET_MAX_RULES];
    unsigned k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!r[i].pattern)
            continue;
        expr[k] = r[i].pattern;
        flags[k] = HS_FLAG_SOM_LEFTMOST | HS_FLAG_DOTALL;
        ids[k] = (unsigned)i;
        k++;
    }
    hs_compile_error_t *err = NULL;
    *db = NULL;
    if (hs_compile_multi(expr, flags, ids, k, HS_MODE_BLOCK, NULL, db, &err) != HS_SUCCESS) {
        int at = err ? err->expression : -1;
        snprintf(why, why_len, "secrets: the pattern of %s does not compile: %s",
                 at >= 0 && (unsigned)at < k ? r[ids[at]].row.id : "the rules",
                 err && err->message ? err->message : "unknown error");
        hs_free_compile_error(err);
        *db = NULL;
        return -1;
    }
    return 0;
}

int es_secrets_compile_keywords(hs_database_t **db, char *why, size_t why_len)
{
    size_t n = 0;
    const es_secret_rule *r = es_secret_rules(&n);
    enum { MAX_WORDS = 8 * ES_SECRET_MAX_RULES };
    const char *lit[MAX_WORDS];
    size_t len[MAX_WORDS];
    unsigned flags[MAX_WORDS], ids[MAX_WORDS];
    unsigned k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!r[i].pattern)
            continue;
        for (const char *w = r[i].keywords; w && *w;) {
            const char *e = strchr(w, '|');
            size_t m = e ? (size_t)(e - w) : strlen(w);
            unsigned id = r[i].need_key ? ES_SECRET_KW_KEY
                          : m >= 3 && memcmp(w + m - 3, "://", 3) == 0 ? ES_SECRET_KW_URI
                                                                       : ES_SECRET_KW_VALUE;
            bool dup = m == 0;
            for (unsigned j = 0; j < k && !dup; j++)
                dup = ids[j] == id && len[j] == m && memcmp(lit[j], w, m) == 0;
            if (!dup) {
                if (k == MAX_WORDS) {
                    snprintf(why, why_len, "secrets: more than %d keywords", MAX_WORDS);
                    return -1;
                }
                lit[k] = w;
                len[k] = m;
                flags[k] = HS_FLAG_CASELESS;
                ids[k] = id;
                k++;
            }
            w = e ? e + 1 : NULL;
        }
    }
    hs_compile_error_t *err = NULL;
    *db = NULL;
    if (hs_compile_lit_multi(lit, flags, ids, len, k, HS_MODE_BLOCK, NULL, db, &err) !=
        HS_SUCCESS) {
        snprintf(why, why_len, "secrets: the keywords do not compile: %s",
                 err && err->message ? err->message : "unknown error");
        hs_free_compile_error(err);
        *db = NULL;
        return -1;
    }
    return 0;
}
