/*
 * db.c — the secrets table compiled for Vectorscan (secrets.h): each
 * format's pattern into a database of its own, and all the formats'
 * keywords into one literal database (the prefilter, see secrets.c).
 *
 * One database per pattern, not one for all: the prefilter already says
 * which formats a value may hold (their keywords are in it), and a scan
 * with one small database costs a fraction of a microsecond where a scan
 * of a short value with all the patterns at once costs 0.5-7 us (their
 * start-of-match tracking and the generic patterns' many matches).
 *
 * Compiling takes about a second, more than a whole scan of a
 * repository, so the build compiles once (es_secrets_dbgen, in this
 * folder) and the library carries the serialised databases (blob.c). A
 * process deserialises them, in about a millisecond, and compiles at run
 * time only when that fails: a build without the tool (cross-compiling),
 * or a CPU that lacks what the build machine's databases were made for.
 *
 * The patterns' blob is a count n (4 bytes, little-endian), n sizes (8
 * bytes each; 0 for a rule without a pattern), then the n serialised
 * databases one after the other.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <hs.h>

#include "secrets.h"

int es_secrets_compile_rule(size_t i, hs_database_t **db, char *why, size_t why_len)
{
    size_t n = 0;
    const es_secret_rule *r = es_secret_rules(&n);
    *db = NULL;
    if (i >= n || !r[i].pattern)
        return 0;
    hs_compile_error_t *err = NULL;
    if (hs_compile(r[i].pattern, HS_FLAG_SOM_LEFTMOST | HS_FLAG_DOTALL, HS_MODE_BLOCK, NULL, db,
                   &err) != HS_SUCCESS) {
        snprintf(why, why_len, "secrets: the pattern of %s does not compile: %s", r[i].row.id,
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
    if (n > ES_SECRET_MAX_RULES) {
        snprintf(why, why_len, "secrets: %zu rules, more than %d", n, ES_SECRET_MAX_RULES);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!r[i].pattern)
            continue;
        for (const char *w = r[i].keywords; w && *w;) {
            const char *e = strchr(w, '|');
            size_t m = e ? (size_t)(e - w) : strlen(w);
            unsigned kind = r[i].need_key ? ES_SECRET_KW_KEY
                            : m >= 3 && memcmp(w + m - 3, "://", 3) == 0 ? ES_SECRET_KW_URI
                                                                         : ES_SECRET_KW_VALUE;
            if (m) {
                if (k == MAX_WORDS) {
                    snprintf(why, why_len, "secrets: more than %d keywords", MAX_WORDS);
                    return -1;
                }
                lit[k] = w;
                len[k] = m;
                flags[k] = HS_FLAG_CASELESS;
                ids[k] = ES_SECRET_KW_ID((unsigned)i, kind);
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

/* ------------------------------------------------- rules of the user's own */

int es_secrets_compile_user(const char *pattern, hs_database_t **db, char *why, size_t why_len)
{
    hs_compile_error_t *err = NULL;
    *db = NULL;
    if (hs_compile(pattern, HS_FLAG_SOM_LEFTMOST | HS_FLAG_DOTALL, HS_MODE_BLOCK, NULL, db,
                   &err) != HS_SUCCESS) {
        snprintf(why, why_len, "%s", err && err->message ? err->message : "unknown error");
        hs_free_compile_error(err);
        *db = NULL;
        return -1;
    }
    return 0;
}

int es_secrets_compile_literals(const char *const *lits, const unsigned *ids, size_t n,
                                bool caseless, hs_database_t **db, char *why, size_t why_len)
{
    enum { MAX = 1024 };
    size_t len[MAX];
    unsigned flags[MAX];
    *db = NULL;
    if (n == 0 || n > MAX) {
        snprintf(why, why_len, "%zu literals (1 to %d)", n, MAX);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        len[i] = strlen(lits[i]);
        flags[i] = (caseless ? HS_FLAG_CASELESS : 0) | HS_FLAG_SINGLEMATCH;
    }
    hs_compile_error_t *err = NULL;
    if (hs_compile_lit_multi(lits, flags, ids, len, (unsigned)n, HS_MODE_BLOCK, NULL, db,
                             &err) != HS_SUCCESS) {
        snprintf(why, why_len, "%s", err && err->message ? err->message : "unknown error");
        hs_free_compile_error(err);
        *db = NULL;
        return -1;
    }
    return 0;
}

int es_secrets_compile_regexes(const char *const *res, size_t n, hs_database_t **db,
                               size_t *bad, char *why, size_t why_len)
{
    enum { MAX = 1024 };
    unsigned flags[MAX], ids[MAX];
    *db = NULL;
    *bad = 0;
    if (n == 0 || n > MAX) {
        snprintf(why, why_len, "%zu regexes (1 to %d)", n, MAX);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        flags[i] = HS_FLAG_SINGLEMATCH | HS_FLAG_DOTALL;
        ids[i] = (unsigned)i;
    }
    hs_compile_error_t *err = NULL;
    if (hs_compile_multi(res, flags, ids, (unsigned)n, HS_MODE_BLOCK, NULL, db, &err) !=
        HS_SUCCESS) {
        *bad = err && err->expression >= 0 ? (size_t)err->expression : 0;
        snprintf(why, why_len, "%s", err && err->message ? err->message : "unknown error");
        hs_free_compile_error(err);
        *db = NULL;
        return -1;
    }
    return 0;
}
