/*
 * secrets.c — secrets detection over a file's definitions (secrets.h).
 *
 * Why per value and not over the file's bytes: the parser has already cut
 * the file into key and value (unquoted, unescaped, base64-decoded for a
 * Kubernetes Secret), so a match knows its key and line without mapping
 * offsets back, and a quoted or escaped secret is seen as the program
 * sees it. Every format's pattern is in one Vectorscan database, so each
 * value is scanned once whatever the number of rules; a value without a
 * candidate costs one hs_scan of a few dozen bytes. Candidates are then
 * verified in table order: word boundaries, keywords in the key for plain
 * formats, an entropy floor (kernels/entropy.c), fake-looking text, and a
 * URI's or connection string's password. A value no format claims is
 * tried against the context rules when its key is named like a secret.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifdef ES_HAVE_HS
#include <hs.h>
#endif

#include "secrets.h"
#include "analysis/analysis.h"
#include "analysis/fingerprint.h"

enum { MAX_RULES = ES_SECRET_MAX_RULES };

/* Only the first SCAN_MAX bytes of a value are searched for a known
 * format: plain patterns (40 alphanumerics) match at every position of a
 * long run, and a credential is far shorter (a PEM RSA key is about 3 KiB).
 * docs/secrets.md says so. */
enum { SCAN_MAX = 64 * 1024 };

/* ------------------------------------------------------------ the database */

static struct {
    pthread_once_t once;
    bool ok;
    char why[256];
#ifdef ES_HAVE_HS
    hs_database_t *db; /* the formats' patterns       */
    hs_database_t *kw; /* their keywords (prefilter)  */
#endif
} g = {.once = PTHREAD_ONCE_INIT};

#ifdef ES_HAVE_HS
/* The build's database `which` (blob.c), or NULL. */
static hs_database_t *load_blob(int which)
{
    size_t len = 0;
    const char *blob = es_secrets_blob(which, &len);
    hs_database_t *db = NULL;
    if (blob && hs_deserialize_database(blob, len, &db) != HS_SUCCESS)
        db = NULL;
    return db;
}
#endif

/* Load the build's databases, or compile them (db.c). */
static void compile_db(void)
{
#ifdef ES_HAVE_HS
    g.db = load_blob(0);
    g.kw = load_blob(1);
    if (!g.db && es_secrets_compile(&g.db, g.why, sizeof g.why) != 0)
        return;
    if (!g.kw && es_secrets_compile_keywords(&g.kw, g.why, sizeof g.why) != 0)
        return;
    g.ok = true;
#else
    snprintf(g.why, sizeof g.why,
             "secrets: this build has no Vectorscan (libhs), so known credential formats are "
             "not detected; only keys named like secrets are checked");
#endif
}

bool es_secrets_available(const char **why)
{
    pthread_once(&g.once, compile_db);
    if (why)
        *why = g.ok ? NULL : g.why;
    return g.ok;
}

bool es_secrets_built(const char **why)
{
#ifdef ES_HAVE_HS
    if (why)
        *why = NULL;
    return true;
#else
    return es_secrets_available(why);
#endif
}

/* ASCII only, and inline: these run for every byte of every value, where
 * <ctype.h>'s locale lookups cost more than the work. */
static inline unsigned lc(unsigned char c) { return (unsigned)(c - 'A') < 26u ? c | 0x20u : c; }
static inline bool is_lower(unsigned char c) { return (unsigned)(c - 'a') < 26u; }
static inline bool is_upper(unsigned char c) { return (unsigned)(c - 'A') < 26u; }
static inline bool is_digit(unsigned char c) { return (unsigned)(c - '0') < 10u; }
static inline bool is_space(unsigned char c) { return c == ' ' || (unsigned)(c - '\t') < 5u; }
static inline bool alnum(char c)
{
    unsigned char u = (unsigned char)c;
    return is_lower(u) || is_upper(u) || is_digit(u);
}

void es_secrets_ws_free(es_parse_ws *ws)
{
#ifdef ES_HAVE_HS
    if (ws->hs_scratch)
        hs_free_scratch(ws->hs_scratch);
#endif
    ws->hs_scratch = NULL;
    free(ws->sec_buf);
    free(ws->sec_off);
    free(ws->sec_val);
    free(ws->sec_rec);
    free(ws->sec_cand);
    ws->sec_buf = NULL;
    ws->sec_off = ws->sec_val = ws->sec_rec = NULL;
    ws->sec_cand = NULL;
    ws->sec_cap = ws->sec_n_cap = 0;
}

/* ------------------------------------------------------------ small helpers */

/* Does s start with w[0, m) (lowercase), in any letter case? */
static inline bool prefix_ci(const char *s, const char *w, size_t m)
{
    for (size_t j = 0; j < m; j++)
        if (lc((unsigned char)s[j]) != (unsigned char)w[j])
            return false;
    return true;
}

/* Does s[0, n) contain `w` (lowercase), in any letter case? */
static bool has_ci(const char *s, size_t n, const char *w)
{
    size_t m = strlen(w);
    if (m == 0)
        return true;
    const unsigned char f = (unsigned char)w[0];
    const unsigned char F = is_lower(f) ? (unsigned char)(f - 32) : f;
    for (size_t i = 0; i + m <= n; i++)
        if (((unsigned char)s[i] == f || (unsigned char)s[i] == F) &&
            prefix_ci(s + i + 1, w + 1, m - 1))
            return true;
    return false;
}

/* Is s[0, n) the word w (lowercase), in any letter case? */
static bool eq_ci(const char *s, size_t n, const char *w)
{
    for (size_t j = 0; j < n; j++)
        if (!w[j] || lc((unsigned char)s[j]) != (unsigned char)w[j])
            return false;
    return w[n] == '\0';
}

/* Text that marks a value as made up, wherever it sits in it. */
static const char *const fake_words[] = {
    "example", "changeme", "change_me", "change-me", "changethis", "placeholder", "dummy",
    "your_", "your-", "yourkey", "your key", "<your", "xxxx", "****", "....", "redacted",
    "replace_me", "replace-me", "replaceme", "todo", "fixme", "fake", "sample", "insert_",
    "insert-", "notasecret", "not-a-secret", "not_a_secret", "_here", "-here", "foobar",
};

enum { N_FAKE = sizeof fake_words / sizeof fake_words[0] };

/* The fake words by first character: fake_at[c] lists (as a bit set over
 * fake_words) the words that start with c; built once. */
static struct {
    pthread_once_t once;
    uint64_t at[256];
    uint8_t len[N_FAKE];
} fk = {.once = PTHREAD_ONCE_INIT};

static void fake_init(void)
{
    _Static_assert(N_FAKE <= 64, "one bit per fake word");
    for (size_t i = 0; i < N_FAKE; i++) {
        fk.at[(unsigned char)fake_words[i][0]] |= 1ull << i;
        fk.len[i] = (uint8_t)strlen(fake_words[i]);
    }
}

/* Does s[0, n) hold a fake word, in any letter case? One pass: at each
 * position, only the words starting with its character are compared. */
static bool fake(const char *s, size_t n)
{
    pthread_once(&fk.once, fake_init);
    for (size_t i = 0; i < n; i++) {
        uint64_t w = fk.at[lc((unsigned char)s[i])];
        while (w) {
            unsigned k = (unsigned)__builtin_ctzll(w);
            w &= w - 1;
            if (fk.len[k] <= n - i && prefix_ci(s + i + 1, fake_words[k] + 1, fk.len[k] - 1u))
                return true;
        }
    }
    return false;
}

/* Whole values that are defaults or words, not secrets. */
static const char *const default_words[] = {
    "password", "passwd", "secret", "token", "pass", "pwd", "test", "testing", "admin",
    "root", "none", "null", "nil", "true", "false", "default", "string", "value", "key",
    "apikey", "api_key", "tbd", "n/a", "na", "unset", "empty", "localhost", "guest",
    "postgres", "mysql", "redis", "rabbitmq", "user", "username", "demo", "dev",
    "development", "local", "1234", "12345", "123456", "12345678", "123456789", "qwerty",
    "letmein", "secret123", "password123", "p@ssw0rd", "mongo", "sa", "docker",
};

static bool default_word(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof default_words / sizeof default_words[0]; i++)
        if (eq_ci(s, n, default_words[i]))
            return true;
    return false;
}

/* References to a secret kept elsewhere: a value naming where, not what. */
static const char *const ref_prefixes[] = {
    "vault:", "op://", "ref+", "arn:aws:secretsmanager:", "arn:aws:ssm:", "sm://",
    "gcp-secret://", "secretsmanager:", "akv://", "@microsoft.keyvault(", "/run/secrets/",
    "file://", "file:", "env:", "secret:", "secretref:", "k8s://", "keyvault:", "gcpsm://",
    "doppler://", "infisical://",
};

bool es_secret_placeholder(const char *v, size_t n)
{
    while (n && (is_space((unsigned char)v[0]) || v[0] == '"' || v[0] == '\''))
        v++, n--;
    while (n && (is_space((unsigned char)v[n - 1]) || v[n - 1] == '"' || v[n - 1] == '\''))
        n--;
    if (n == 0)
        return true;
    if (v[0] == '$' || has_ci(v, n, "${") || has_ci(v, n, "{{") || has_ci(v, n, "#{") ||
        (v[0] == '<' && v[n - 1] == '>') || (v[0] == '%' && v[n - 1] == '%') ||
        (v[0] == '[' && v[n - 1] == ']'))
        return true;
    for (size_t i = 0; i < sizeof ref_prefixes / sizeof ref_prefixes[0]; i++)
        if (n >= strlen(ref_prefixes[i]) && prefix_ci(v, ref_prefixes[i], strlen(ref_prefixes[i])))
            return true;
    size_t same = 1;
    while (same < n && v[same] == v[0])
        same++;
    if (same == n)
        return true;
    return fake(v, n) || default_word(v, n);
}

size_t es_secret_redact(uint64_t seed, const char *v, size_t n, char *out)
{
    size_t k = n / 4 < 4 ? n / 4 : 4;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = (unsigned char)v[i];
        out[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    uint64_t h = es_fp_value(seed, v, n);
    int w = snprintf(out + k, ES_SECRET_REDACTED_MAX - k, "*** (%zu chars, #%06x)", n,
                     (unsigned)(h >> 40));
    return k + (w > 0 ? (size_t)w : 0);
}

/* ------------------------------------------------------------- key names */

enum { KEY_NONE, KEY_PASSWORD, KEY_GENERIC };

/* The last word of k[0, end) as [*a, *b): words are the runs of letters
 * and digits, also split where a lowercase letter meets an uppercase one
 * (camelCase humps). False when there is none. */
static bool word_before(const char *k, size_t end, size_t *a, size_t *b)
{
    size_t j = end;
    while (j > 0 && !alnum(k[j - 1]))
        j--;
    if (j == 0)
        return false;
    size_t i = j - 1;
    while (i > 0 && alnum(k[i - 1]) &&
           !(is_upper((unsigned char)k[i]) && is_lower((unsigned char)k[i - 1])))
        i--;
    *a = i;
    *b = j;
    return true;
}

static bool word_in(const char *w, size_t n, const char *const *list, size_t m, size_t *at)
{
    for (size_t i = 0; i < m; i++)
        if (eq_ci(w, n, list[i])) {
            if (at)
                *at = i;
            return true;
        }
    return false;
}

/* Classify a key by its last one or two words (any letter case). It runs
 * for every definition, so it reads the key from its end and stops at
 * the words it needs. */
static int key_kind(const char *k, size_t n)
{
    size_t a, b, pa, pb, i;
    if (!word_before(k, n, &a, &b))
        return KEY_NONE;
    const char *w = k + a;
    const size_t wl = b - a;
    const bool alone = !word_before(k, a, &pa, &pb);
    static const char *const pw[] = {"password", "passwd", "passphrase", "pass", "pwd"};
    if (word_in(w, wl, pw, sizeof pw / sizeof pw[0], &i))
        /* PWD and OLDPWD are the shell's directories; a lone PASS too
         * plain */
        return alone && i >= 3 ? KEY_NONE : KEY_PASSWORD;
    static const char *const gen[] = {"secret", "token", "apikey", "credentials", "privatekey",
                                      "secretkey", "accesskey", "authkey", "credential"};
    if (word_in(w, wl, gen, sizeof gen / sizeof gen[0], NULL))
        return KEY_GENERIC;
    if (!alone && eq_ci(w, wl, "key")) {
        static const char *const kp[] = {"api", "private", "secret", "access", "auth",
                                         "signing", "encryption", "master", "license",
                                         "client", "webhook", "service", "app", "hmac"};
        if (word_in(k + pa, pb - pa, kp, sizeof kp / sizeof kp[0], NULL))
            return KEY_GENERIC;
    }
    return KEY_NONE;
}

/* ------------------------------------------------------------ verifiers */

/* Is p[0, n) a password worth reporting (in a URI, a connection string)? */
static bool real_password(const char *p, size_t n, const char *user, size_t un)
{
    if (n == 0 || es_secret_placeholder(p, n))
        return false;
    if (un == n && memcmp(p, user, n) == 0) /* guest:guest, postgres:postgres */
        return false;
    return true;
}

static bool verify_uri(const char *t, size_t n)
{
    const char *s = memchr(t, ':', n);
    if (!s || (size_t)(s - t) + 3 > n || s[1] != '/' || s[2] != '/')
        return false;
    const char *u = s + 3, *end = t + n;
    const char *at = memchr(u, '@', (size_t)(end - u));
    if (!at)
        return false;
    const char *c = memchr(u, ':', (size_t)(at - u));
    if (!c)
        return false;
    return real_password(c + 1, (size_t)(at - c - 1), u, (size_t)(c - u));
}

static bool verify_kv(const char *t, size_t n)
{
    static const char *const names[] = {"password=", "pwd="};
    const char *best = NULL;
    for (size_t k = 0; k < 2; k++) {
        size_t m = strlen(names[k]);
        for (size_t i = 0; i + m <= n; i++)
            if (strncasecmp(t + i, names[k], m) == 0 && (i == 0 || !alnum(t[i - 1])))
                best = t + i + m;
    }
    if (!best)
        return false;
    while (best < t + n && *best == ' ')
        best++;
    size_t l = 0;
    while (best + l < t + n && best[l] != ';' && best[l] != '&')
        l++;
    return real_password(best, l, "", 0);
}

static bool verify_basic(const char *t, size_t n)
{
    const char *s = memchr(t, ' ', n);
    if (!s)
        return false;
    s++;
    size_t len = (size_t)(t + n - s);
    uint8_t out[256];
    if (len / 4 * 3 > sizeof out)
        return false;
    long o = es_base64_decode(s, len, out);
    if (o <= 0)
        return false;
    for (long i = 0; i < o; i++)
        if (out[i] < 0x20 || out[i] >= 0x7f)
            return false;
    const char *u = (const char *)out;
    const char *c = memchr(u, ':', (size_t)o);
    if (!c)
        return false;
    return real_password(c + 1, (size_t)(u + o - c - 1), u, (size_t)(c - u));
}

static bool key_has_keyword(const char *key, size_t kl, const char *kw)
{
    while (kw && *kw) {
        const char *e = strchr(kw, '|');
        size_t m = e ? (size_t)(e - kw) : strlen(kw);
        char w[64];
        if (m < sizeof w) {
            memcpy(w, kw, m);
            w[m] = '\0';
            if (has_ci(key, kl, w))
                return true;
        }
        kw = e ? e + 1 : NULL;
    }
    return false;
}

/* ------------------------------------------------------------ detection */

typedef struct hits {
    uint32_t from[MAX_RULES], to[MAX_RULES];
    uint8_t hit[MAX_RULES];
    size_t n;
} hits;

#ifdef ES_HAVE_HS
static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned fl,
                    void *ctx)
{
    hits *h = ctx;
    if (id >= MAX_RULES)
        return 0;
    if (!h->hit[id]) {
        h->hit[id] = 1;
        h->n++;
        h->from[id] = (uint32_t)from;
        h->to[id] = (uint32_t)to;
    } else if (to - from > (unsigned long long)(h->to[id] - h->from[id])) {
        h->from[id] = (uint32_t)from;
        h->to[id] = (uint32_t)to;
    }
    return 0;
}
#endif

/* The rule a format match verifies for, or -1. */
static int verify_hits(const es_secret_rule *rules, size_t nr, hits *h, const char *key,
                       size_t kl, const char *v, size_t n)
{
    for (size_t i = 0; i < nr && h->n; i++) {
        if (!h->hit[i])
            continue;
        const es_secret_rule *r = &rules[i];
        size_t a = h->from[i], b = h->to[i];
        if (b > n || a >= b)
            continue;
        if (!r->loose && ((a > 0 && alnum(v[a - 1]) && alnum(v[a])) ||
                          (b < n && alnum(v[b]) && alnum(v[b - 1]))))
            continue;
        if (r->need_key && !key_has_keyword(key, kl, r->keywords))
            continue;
        if (r->min_entropy > 0 && es_entropy((const uint8_t *)v + a, b - a) < r->min_entropy)
            continue;
        bool ok;
        switch (r->verify) {
        case ES_SV_URI_PASSWORD: ok = verify_uri(v + a, b - a) && !fake(v + a, b - a); break;
        case ES_SV_KV_PASSWORD: ok = verify_kv(v + a, b - a); break;
        case ES_SV_BASIC: ok = verify_basic(v + a, b - a); break;
        default: ok = !fake(v + a, b - a); break;
        }
        if (ok)
            return (int)i;
    }
    return -1;
}

/* The context rule a value verifies for, or -1. */
static int verify_context(const es_secret_rule *rules, size_t nr, int kind, const char *v,
                          size_t n)
{
    if (kind == KEY_NONE || es_secret_placeholder(v, n) || memmem(v, n, "://", 3))
        return -1;
    for (size_t i = 0; i < nr; i++) {
        const es_secret_rule *r = &rules[i];
        if (kind == KEY_PASSWORD && r->verify == ES_SV_CONTEXT_PASSWORD) {
            if (n < 6 || n > 256 || es_entropy((const uint8_t *)v, n) < r->min_entropy)
                return -1;
            return (int)i;
        }
        if (kind == KEY_GENERIC && r->verify == ES_SV_CONTEXT_GENERIC) {
            if (n < 16 || n > 1024 || v[0] == '/' || v[0] == '.')
                return -1;
            int cls = 0, lo = 0, up = 0, dg = 0, ot = 0;
            for (size_t j = 0; j < n; j++) {
                unsigned char c = (unsigned char)v[j];
                if (is_space(c))
                    return -1;
                lo |= is_lower(c), up |= is_upper(c), dg |= is_digit(c);
                ot |= !alnum((char)c);
            }
            cls = lo + up + dg + ot;
            if (cls < 2 || es_entropy((const uint8_t *)v, n) < r->min_entropy)
                return -1;
            return (int)i;
        }
    }
    return -1;
}

/* Lines of the file for ignore comments, found forward from the last. */
typedef struct line_cursor {
    const uint8_t *d;
    size_t len, off; /* start of line `line` */
    uint32_t line;
} line_cursor;

static bool line_at(line_cursor *lc, uint32_t line, size_t *a, size_t *b)
{
    if (line == 0 || !lc->d)
        return false;
    if (line < lc->line) {
        lc->line = 1;
        lc->off = 0;
    }
    while (lc->line < line) {
        const uint8_t *nl = memchr(lc->d + lc->off, '\n', lc->len - lc->off);
        if (!nl)
            return false;
        lc->off = (size_t)(nl - lc->d) + 1;
        lc->line++;
    }
    const uint8_t *nl = memchr(lc->d + lc->off, '\n', lc->len - lc->off);
    *a = lc->off;
    *b = nl ? (size_t)(nl - lc->d) : lc->len;
    return true;
}

/* Does the line hold `word` (envscan:ignore, -line, -next-line) followed by
 * a list naming "secret" or the rule's id? */
static bool names_secret(const char *s, size_t n, const char *word, const char *id)
{
    size_t m = strlen(word);
    for (size_t i = 0; i + m <= n; i++) {
        if (memcmp(s + i, word, m) != 0 || (i + m < n && (s[i + m] == '-')))
            continue;
        size_t j = i + m;
        while (j < n) {
            while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == ','))
                j++;
            size_t w = j;
            while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != ',' && s[j] != '\r')
                j++;
            if (j == w)
                break;
            if (eq_ci(s + w, j - w, "secret") || (j - w == strlen(id) && !memcmp(s + w, id, j - w)))
                return true;
        }
    }
    return false;
}

static bool ignored(line_cursor *lc, uint32_t line, const char *id)
{
    size_t a, b;
    if (line > 1 && line_at(lc, line - 1, &a, &b) &&
        names_secret((const char *)lc->d + a, b - a, "envscan:ignore-next-line", id))
        return true;
    if (!line_at(lc, line, &a, &b))
        return false;
    const char *s = (const char *)lc->d + a;
    return names_secret(s, b - a, "envscan:ignore", id) ||
           names_secret(s, b - a, "envscan:ignore-line", id);
}

/* ----------------------------------------------------------- prefilter */

/* Every format's match holds one of its keywords (for a need_key rule:
 * its key does), in any letter case; test_secrets checks it on each true
 * sample. So a value holding none of the keywords (under a key holding
 * none of the need_key rules') cannot match, and needs no scan with the
 * patterns. Which values hold one is found for many records at once: a
 * batch of up to BATCH bytes lays each record out as key, 0x01, value,
 * 0x00, and one scan of the keywords' literal database (Vectorscan's
 * literal matchers run at memory speed) over the batch marks the records
 * its matches fall in. No keyword holds 0x00 or 0x01, so no match
 * straddles two records or a key and its value. The patterns then scan
 * only the marked values: most values are never scanned, and a value's
 * scan costs a call into Vectorscan, which would otherwise dominate. */
enum { BATCH = 1u << 20 };

static bool prefilter_on = true;

void es_secrets_prefilter_for_tests(bool on) { prefilter_on = on; }

/* Is the record one whose value is checked at all? */
static bool checked(const envscan_record *r)
{
    return r->kind == ENVSCAN_KIND_DEFINITION && r->value && r->value_len &&
           !(r->flags & (ENVSCAN_RECORD_TEMPLATED | ENVSCAN_RECORD_PASSTHROUGH));
}

static size_t scanned_len(const envscan_record *r)
{
    return r->value_len < SCAN_MAX ? r->value_len : SCAN_MAX;
}

#ifdef ES_HAVE_HS
typedef struct batch_ctx {
    const char *buf;
    const uint32_t *off; /* where record k's key starts; off[n]: the end */
    const uint32_t *val; /* where its value starts                        */
    uint8_t *cand;
    size_t n, cur;
} batch_ctx;

static int on_keyword(unsigned id, unsigned long long from, unsigned long long to,
                      unsigned fl, void *ctx)
{
    (void)from;
    (void)fl;
    batch_ctx *b = ctx;
    size_t last = (size_t)to - 1; /* matches come in order of their end */
    while (b->cur + 1 < b->n && b->off[b->cur + 1] <= last)
        b->cur++;
    bool in_value = last >= b->val[b->cur];
    if (in_value != (id != ES_SECRET_KW_KEY))
        return 0;
    if (id == ES_SECRET_KW_URI) {
        size_t end = b->off[b->cur + 1] - 1; /* the value's 0x00 */
        if (!memchr(b->buf + to, '@', end - (size_t)to))
            return 0;
    }
    b->cand[b->cur] = 1;
    return 0;
}

/* Lay out records [from, to) of the sink's that are checked, as many as
 * fit in a batch (at least one), and mark which hold a keyword; *next is
 * where the next batch starts. rec[k] is the index of the batch's k-th
 * record. Returns how many records the batch holds, or -1 (out of
 * memory, a Vectorscan error in *rc). */
static long prefilter_batch(es_parse_ws *ws, const es_sink *s, size_t from, size_t to,
                            size_t *next, int *rc)
{
    size_t n = 0, used = 0, i = from;
    for (; i < to; i++) {
        const envscan_record *r = &ES_VEC_AT(s->records, envscan_record, i);
        if (!checked(r))
            continue;
        size_t need = r->key_len + scanned_len(r) + 2;
        if (n && used + need > BATCH)
            break;
        if (used + need > ws->sec_cap) {
            size_t cap = used + need > BATCH ? used + need : BATCH;
            char *p = realloc(ws->sec_buf, cap);
            if (!p)
                goto oom;
            ws->sec_buf = p;
            ws->sec_cap = cap;
        }
        if (n + 2 > ws->sec_n_cap) {
            size_t cap = ws->sec_n_cap ? ws->sec_n_cap * 2 : 4096;
            uint32_t *o = realloc(ws->sec_off, cap * sizeof *o);
            if (o)
                ws->sec_off = o;
            uint32_t *v = realloc(ws->sec_val, cap * sizeof *v);
            if (v)
                ws->sec_val = v;
            uint32_t *rr = realloc(ws->sec_rec, cap * sizeof *rr);
            if (rr)
                ws->sec_rec = rr;
            uint8_t *c = realloc(ws->sec_cand, cap);
            if (c)
                ws->sec_cand = c;
            if (!o || !v || !rr || !c)
                goto oom;
            ws->sec_n_cap = cap;
        }
        uint32_t *off = ws->sec_off, *val = ws->sec_val, *rec = ws->sec_rec;
        off[n] = (uint32_t)used;
        memcpy(ws->sec_buf + used, r->key, r->key_len);
        used += r->key_len;
        ws->sec_buf[used++] = 0x01;
        val[n] = (uint32_t)used;
        memcpy(ws->sec_buf + used, r->value, scanned_len(r));
        used += scanned_len(r);
        ws->sec_buf[used++] = 0x00;
        rec[n] = (uint32_t)(i - from);
        n++;
    }
    *next = i;
    if (n == 0)
        return 0;
    uint32_t *off = ws->sec_off, *val = ws->sec_val;
    off[n] = (uint32_t)used;
    memset(ws->sec_cand, !prefilter_on, n);
    if (!prefilter_on)
        return (long)n;
    batch_ctx b = {.buf = ws->sec_buf, .off = off, .val = val, .cand = ws->sec_cand, .n = n, .cur = 0};
    if (hs_scan(g.kw, ws->sec_buf, (unsigned)used, 0, ws->hs_scratch, on_keyword, &b) !=
        HS_SUCCESS) {
        *rc = ENVSCAN_E_INTERNAL;
        return -1;
    }
    return (long)n;
oom:
    *rc = ENVSCAN_E_NOMEM;
    return -1;
}
#endif

/* ----------------------------------------------------------- detection */

typedef struct file_ctx {
    const es_parse_opts *po;
    const es_secret_rule *rules;
    size_t nr;
    bool tmpl;
    line_cursor lc;
} file_ctx;

/* Report record r if it holds a secret; `scan`: its value may hold a
 * known format (the prefilter marked it). */
static int check_record(file_ctx *fc, es_parse_ws *ws, es_sink *s, envscan_record *r, bool scan)
{
    int rule = -1;
#ifdef ES_HAVE_HS
    if (scan) {
        hits h;
        h.n = 0;
        memset(h.hit, 0, fc->nr);
        size_t vl = scanned_len(r);
        if (hs_scan(g.db, r->value, (unsigned)vl, 0, ws->hs_scratch, on_match, &h) !=
            HS_SUCCESS)
            return ENVSCAN_E_INTERNAL;
        if (h.n)
            rule = verify_hits(fc->rules, fc->nr, &h, r->key, r->key_len, r->value, vl);
    }
#else
    (void)ws;
    (void)scan;
#endif
    if (rule < 0 && !fc->tmpl)
        rule = verify_context(fc->rules, fc->nr, key_kind(r->key, r->key_len), r->value,
                              r->value_len);
    if (rule < 0 || ignored(&fc->lc, r->line, fc->rules[rule].row.id))
        return ENVSCAN_OK;
    r->flags |= ENVSCAN_RECORD_SECRET;
    char red[ES_SECRET_REDACTED_MAX];
    es_secret_redact(fc->po->fp_seed, r->value, r->value_len, red);
    const es_secret_rule *sr = &fc->rules[rule];
    es_sink_diag_key(s, sr->row.severity, sr->row.id, r->key, r->key_len, r->line, r->column,
                     "%s in %.*s: %s", sr->row.summary, (int)(r->key_len > 64 ? 64 : r->key_len),
                     r->key, red);
    return s->oom ? ENVSCAN_E_NOMEM : ENVSCAN_OK;
}

/* Give the workspace a scratch for both databases. */
#ifdef ES_HAVE_HS
static int ensure_scratch(es_parse_ws *ws)
{
    if (!es_secrets_available(NULL))
        return ENVSCAN_E_INTERNAL; /* the table's patterns did not compile */
    if (ws->hs_scratch)
        return ENVSCAN_OK;
    hs_scratch_t *sc = NULL;
    if (hs_alloc_scratch(g.db, &sc) != HS_SUCCESS || hs_alloc_scratch(g.kw, &sc) != HS_SUCCESS) {
        if (sc)
            hs_free_scratch(sc);
        return ENVSCAN_E_NOMEM;
    }
    ws->hs_scratch = sc;
    return ENVSCAN_OK;
}
#endif

bool es_secret_in_value(const es_parse_opts *po, es_parse_ws *ws, const char *key, size_t kl,
                        const char *v, size_t n)
{
    if (!po->secrets || !v || n == 0)
        return false;
    size_t nr = 0;
    const es_secret_rule *rules = es_secret_rules(&nr);
#ifdef ES_HAVE_HS
    if (es_secrets_built(NULL) && ensure_scratch(ws) == ENVSCAN_OK) {
        hits h;
        h.n = 0;
        memset(h.hit, 0, nr);
        size_t vl = n < SCAN_MAX ? n : SCAN_MAX;
        if (hs_scan(g.db, v, (unsigned)vl, 0, ws->hs_scratch, on_match, &h) == HS_SUCCESS &&
            h.n && verify_hits(rules, nr, &h, key, kl, v, vl) >= 0)
            return true;
    }
#else
    (void)ws;
#endif
    return verify_context(rules, nr, key_kind(key, kl), v, n) >= 0;
}

int es_secrets_file(const es_parse_opts *po, es_parse_ws *ws, const uint8_t *data, size_t len,
                    es_sink *s, size_t first)
{
    file_ctx fc = {.po = po, .lc = {.d = data, .len = len, .off = 0, .line = 1}};
    fc.rules = es_secret_rules(&fc.nr);
    const char *base = s->file ? strrchr(s->file, '/') : NULL;
    base = base ? base + 1 : s->file ? s->file : "";
    fc.tmpl = es_analysis_template_name(base, NULL);
    const size_t end = s->records->len;
#ifdef ES_HAVE_HS
    if (es_secrets_built(NULL)) {
        FORWARD_IF_ERROR(ensure_scratch(ws));
        for (size_t at = first; at < end;) {
            size_t next = at;
            int rc = ENVSCAN_OK;
            long n = prefilter_batch(ws, s, at, end, &next, &rc);
            if (n < 0)
                return rc;
            const uint32_t *rec = ws->sec_rec;
            for (long k = 0; k < n; k++) {
                /* the record vector does not move: only diagnostics grow */
                envscan_record *r = &ES_VEC_AT(s->records, envscan_record, at + rec[k]);
                FORWARD_IF_ERROR(check_record(&fc, ws, s, r, ws->sec_cand[k] != 0));
            }
            at = next;
        }
        return ENVSCAN_OK;
    }
#endif
    for (size_t i = first; i < end; i++) {
        envscan_record *r = &ES_VEC_AT(s->records, envscan_record, i);
        if (checked(r))
            FORWARD_IF_ERROR(check_record(&fc, ws, s, r, false));
    }
    return ENVSCAN_OK;
}
