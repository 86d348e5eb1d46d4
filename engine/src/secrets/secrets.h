/*
 * secrets.h — secrets detection (docs/secrets.md).
 *
 * One table of rules (rules.c): known credential formats, each a pattern
 * with what verifies a candidate, and two context rules about values of
 * keys named like secrets. The formats' patterns are compiled once per
 * process into one Vectorscan database; every definition's value is
 * scanned with it in the same pass that parsed the file (api.c calls
 * es_secrets_file after a file's parser), candidates are verified
 * (boundaries, entropy floor, placeholders, a URI's password), and a
 * value that holds a secret gets a `secret-*` diagnostic, whose message
 * holds the key and a redacted form only, and the record flag
 * ENVSCAN_RECORD_SECRET.
 */
#ifndef ES_SECRETS_H
#define ES_SECRETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "analysis/rules.h"

/* How a candidate is checked beyond its pattern. */
enum {
    ES_SV_NONE = 0,
    ES_SV_URI_PASSWORD, /* scheme://user:PASSWORD@host: the password is real */
    ES_SV_KV_PASSWORD,  /* ...password=VALUE;... (ADO.NET, JDBC): idem    */
    ES_SV_BASIC,        /* "Basic " + base64 of user:password             */
    ES_SV_CONTEXT_PASSWORD, /* no pattern: a value of a key like *_PASSWORD */
    ES_SV_CONTEXT_GENERIC   /* no pattern: a value of *_TOKEN, *_SECRET, ... */
};

typedef struct es_secret_rule {
    es_rule row;          /* id "secret-...", default severity, title, doc */
    const char *keywords; /* '|'-separated, lowercase: the words a value
                             of this format is named or prefixed with     */
    const char *pattern;  /* Vectorscan (PCRE subset) over the value; NULL
                             for a context rule                           */
    double min_entropy;   /* of the match, bits per byte; 0: none         */
    uint8_t verify;       /* ES_SV_*                                      */
    uint8_t need_key;     /* one keyword must occur in the key (a format
                             too plain to stand on its own: 32 hex digits) */
    uint8_t loose;        /* no word boundary needed around the match     */
    const char *shape;    /* a true sample: literal text and runs {Cn} or
                             {Cn-m} (datasets/gen/gen_secrets_lib.h)      */
    const char *no;       /* a false sample: must not fire this rule      */
    const char *key;      /* the key samples are tested under (NULL: one
                             that is not named like a secret)             */
} es_secret_rule;

/* What a scanner's configuration changes in secrets detection (the
 * config file's rules section, envscan_set_rule): built-in rules turned
 * off, rules of the user's own, and allowlists. All of it may be empty;
 * es_parse_opts.secpol NULL means none. The databases are Vectorscan's
 * (hs_database_t *), NULL in a build without it. */
typedef struct es_secret_custom {
    es_rule row;            /* id "secret-...", severity, title        */
    const char *keywords;   /* '|'-separated, lowercase                */
    double min_entropy;
    bool need_key;
    void *db;               /* the pattern                             */
} es_secret_custom;

struct es_ignore;
typedef struct es_secret_policy {
    uint64_t gen;                    /* unique per compiled set (never 0)  */
    uint64_t off[4];                 /* built-in rules turned off, by index */
    const es_secret_custom *custom;  /* tried before the built-in formats  */
    size_t n_custom;
    void *custom_kw;        /* the custom rules' keywords, caseless literals,
                               match id = rule index                     */
    struct es_ignore *allow_paths;   /* gitignore globs over the path     */
    const char *const *allow_keys;   /* fnmatch globs over the key        */
    size_t n_allow_keys;
    const char *const *allow_values; /* literal secrets                   */
    size_t n_allow_values;
    void *allow_re;                  /* regexes over a secret, or NULL    */
} es_secret_policy;

/* The table, in the order rules are tried (more specific first). */
const es_secret_rule *es_secret_rules(size_t *n);
/* The row of a secret rule's id, or NULL. */
const es_rule *es_secret_rule_find(const char *id);

/* Whether this build can detect known formats (Vectorscan was found and
 * the database compiled). When not, *why says why. */
bool es_secrets_available(const char **why);

/* Whether this build has Vectorscan, without compiling the database (which
 * happens at the first candidate value); when not, *why says why. */
bool es_secrets_built(const char **why);

/* Detect secrets in the definitions records[first, end) of one file,
 * `data` being its bytes (for `# envscan:ignore secret` comments).
 * Adds diagnostics to the sink and sets ENVSCAN_RECORD_SECRET. Returns
 * ENVSCAN_OK or ENVSCAN_E_NOMEM / ENVSCAN_E_INTERNAL. */
int es_secrets_file(const es_parse_opts *po, es_parse_ws *ws, const uint8_t *data,
                    size_t len, es_sink *s, size_t first);

/* Would the value of `key` be reported as a secret (any rule, as in a
 * file that is not a template)? For text that quotes a value elsewhere
 * (lint-portability's messages): it is then shown redacted. Uses the
 * workspace's Vectorscan scratch; false when secrets are off. */
bool es_secret_in_value(const es_parse_opts *po, es_parse_ws *ws, const char *key, size_t kl,
                        const char *v, size_t n);

/* Is the value a placeholder, a reference or an obvious fake? */
bool es_secret_placeholder(const char *v, size_t n);

/* The redacted form of a secret: up to 4 leading characters (never more
 * than a quarter of it), its length and 6 hex digits of its salted hash,
 * as "ghp_*** (40 chars, #1a2b3c)". Writes a NUL-terminated string of at
 * most ES_SECRET_REDACTED_MAX bytes; returns its length. */
#define ES_SECRET_REDACTED_MAX 48
size_t es_secret_redact(uint64_t seed, const char *v, size_t n, char *out);

/* The most rules the table may hold (a match names its rule by index). */
#define ES_SECRET_MAX_RULES 256

#ifdef ES_HAVE_HS
struct hs_database;
/* Compile rule i's pattern into a database of its own (db.c); *db is
 * NULL for a rule without a pattern. On failure returns -1 with the
 * reason in why. */
int es_secrets_compile_rule(size_t i, struct hs_database **db, char *why, size_t why_len);
/* Compile the formats' keywords into a literal database, caseless, whose
 * match ids are ES_SECRET_KW_ID(rule, where the keyword counts) (db.c). */
int es_secrets_compile_keywords(struct hs_database **db, char *why, size_t why_len);
#endif
enum { ES_SECRET_KW_VALUE = 0, /* a keyword of a format: in the value   */
       ES_SECRET_KW_KEY = 1,   /* of a need_key format: in the key      */
       ES_SECRET_KW_URI = 2 }; /* a scheme ("...://"): in the value, and
                                  only when an '@' follows, as the
                                  rules that use one all need a user and
                                  password before the host              */
#define ES_SECRET_KW_ID(rule, kind) ((rule) << 2 | (kind))
/* The databases the build compiled, serialised (blob.c): which = 0 the
 * patterns (in db.c's layout), 1 the keywords. NULL, *len 0 when the
 * build did not. */
const char *es_secrets_blob(int which, size_t *len);

/* How many databases this process compiled instead of loading the
 * build's (0 when the build embedded them and they all loaded). */
unsigned es_secrets_compiled_at_run_time(void);

/* Tests only: with `on` false, every value is scanned with the patterns,
 * as if the keyword prefilter had marked it (secrets.c), so a test can
 * prove the prefilter drops nothing. Process-wide; not thread-safe. */
void es_secrets_prefilter_for_tests(bool on);

/* Compile one pattern (Vectorscan syntax) the way the table's are, or
 * (literal) a set of caseless literals whose ids are their index; on
 * failure returns -1 with the reason in why (db.c). */
#ifdef ES_HAVE_HS
int es_secrets_compile_user(const char *pattern, struct hs_database **db, char *why,
                            size_t why_len);
int es_secrets_compile_literals(const char *const *lits, const unsigned *ids, size_t n,
                                bool caseless, struct hs_database **db, char *why,
                                size_t why_len);
/* Regexes (allowlist values): ids are their index; on failure *bad is
 * the index of the one that does not compile. */
int es_secrets_compile_regexes(const char *const *res, size_t n, struct hs_database **db,
                               size_t *bad, char *why, size_t why_len);
#endif

/* Free a workspace's Vectorscan scratch (es_parse_ws_free calls it). */
void es_secrets_ws_free(es_parse_ws *ws);

#endif
