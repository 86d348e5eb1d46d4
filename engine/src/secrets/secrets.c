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
#include <fnmatch.h>
#include <pthread.h>
#include <stdatomic.h>
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
#include "es_io.h"


/* Only the first SCAN_MAX bytes of a value are searched for a known
 * format: plain patterns (40 alphanumerics) match at every position of a
 * long run, and a credential is far shorter (a PEM RSA key is about 3 KiB).
 * docs/secrets.md says so. */
enum { SCAN_MAX = 64 * 1024 };

/* ------------------------------------------------------------ the database */

/* The keyword database is loaded at the first scan; a format's database
 * when a value first names it (a process meets a few formats, and
 * loading all 150 took 6.5 ms, three times a small scan). */
static struct {
    pthread_once_t once;
    bool ok;
    char why[256];
#ifdef ES_HAVE_HS
    hs_database_t *kw; /* all the formats' keywords (the prefilter)     */
    /* the build's serialised pattern databases: where each starts in the
     * blob and its size (0: none, or no blob) */
    const char *blob;
    size_t at[ES_SECRET_MAX_RULES], size[ES_SECRET_MAX_RULES];
    pthread_mutex_t mu; /* loading a format's database */
    _Atomic(hs_database_t *) rule[ES_SECRET_MAX_RULES];
    _Atomic bool tried[ES_SECRET_MAX_RULES];
    atomic_uint compiled; /* databases compiled at run time */
#endif
} g = {.once = PTHREAD_ONCE_INIT,
#ifdef ES_HAVE_HS
       .mu = PTHREAD_MUTEX_INITIALIZER
#endif
};

#ifdef ES_HAVE_HS
/* The build's serialised database at p[0, len), or NULL. */
static hs_database_t *load(const char *p, size_t len)
{
    hs_database_t *db = NULL;
    if (!p || !len || hs_deserialize_database(p, len, &db) != HS_SUCCESS)
        return NULL;
    return db;
}

static uint64_t get_le(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}
#endif

/* Load the keyword database (the build's, or compiled) and find the
 * pattern databases in the build's blob (db.c's layout). */
static void compile_db(void)
{
#ifdef ES_HAVE_HS
    size_t n = 0, len = 0;
    es_secret_rules(&n);
    if (n > ES_SECRET_MAX_RULES) {
        snprintf(g.why, sizeof g.why, "secrets: %zu rules, more than %d", n,
                 ES_SECRET_MAX_RULES);
        return;
    }
    const unsigned char *blob = (const unsigned char *)es_secrets_blob(0, &len);
    if (blob && len >= 4 + 8 * n && get_le(blob, 4) == n) {
        size_t at = 4 + 8 * n;
        for (size_t i = 0; i < n; i++) {
            size_t sz = (size_t)get_le(blob + 4 + 8 * i, 8);
            if (sz > len - at)
                break; /* damaged: what is left is compiled */
            g.at[i] = at;
            g.size[i] = sz;
            at += sz;
        }
        g.blob = (const char *)blob;
    }
    const char *kw = es_secrets_blob(1, &len); /* (len is set by the call) */
    g.kw = load(kw, len);
    if (!g.kw) {
        atomic_fetch_add(&g.compiled, 1);
        if (es_secrets_compile_keywords(&g.kw, g.why, sizeof g.why) != 0)
            return;
    }
    g.ok = true;
#else
    snprintf(g.why, sizeof g.why,
             "secrets: this build has no Vectorscan (libhs), so known credential formats are "
             "not detected; only keys named like secrets are checked");
#endif
}

#ifdef ES_HAVE_HS
/* Rule i's pattern database, loaded (or compiled) the first time; NULL
 * for a rule without a pattern, or when it does not compile (g.why). */
static hs_database_t *rule_db(size_t i)
{
    hs_database_t *db = atomic_load_explicit(&g.rule[i], memory_order_acquire);
    if (db || atomic_load_explicit(&g.tried[i], memory_order_acquire))
        return db;
    pthread_mutex_lock(&g.mu);
    if (!atomic_load_explicit(&g.tried[i], memory_order_relaxed)) {
        db = g.size[i] ? load(g.blob + g.at[i], g.size[i]) : NULL;
        size_t nr = 0;
        if (!db && es_secret_rules(&nr)[i].pattern) {
            atomic_fetch_add(&g.compiled, 1);
            es_secrets_compile_rule(i, &db, g.why, sizeof g.why);
        }
        atomic_store_explicit(&g.rule[i], db, memory_order_release);
        atomic_store_explicit(&g.tried[i], true, memory_order_release);
    }
    db = atomic_load_explicit(&g.rule[i], memory_order_relaxed);
    pthread_mutex_unlock(&g.mu);
    return db;
}
#endif

unsigned es_secrets_compiled_at_run_time(void)
{
#ifdef ES_HAVE_HS
    return atomic_load(&g.compiled);
#else
    return 0;
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
    ws->sec_custom_gen = 0;
    free(ws->sec_buf);
    free(ws->sec_off);
    free(ws->sec_val);
    free(ws->sec_rec);
    free(ws->sec_pairs);
    ws->sec_buf = NULL;
    ws->sec_off = ws->sec_val = ws->sec_rec = NULL;
    ws->sec_pairs = NULL;
    ws->sec_n_pairs = ws->sec_pairs_cap = 0;
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

/* Is s[0, n) written in one letter case (digits and others aside)? */
static bool one_case(const char *s, size_t n)
{
    bool lo = false, up = false;
    for (size_t i = 0; i < n; i++) {
        lo |= is_lower((unsigned char)s[i]);
        up |= is_upper((unsigned char)s[i]);
    }
    return !(lo && up);
}

/* Does s[0, n) hold a fake word as people write one: in one letter case
 * (EXAMPLE, example), and either long or at an edge of a word (your_...,
 * ...-here, ...7EXAMPLE, xxxx after a prefix)? A random token holds short
 * words by chance (1 in 200 of 150-character tokens held "fake" or
 * "todo" in some mixed case, as "RsfAKEsQ"), and is not fake for it.
 * One pass: at each position, only the words starting with its character
 * are compared. */
static bool fake(const char *s, size_t n)
{
    pthread_once(&fk.once, fake_init);
    for (size_t i = 0; i < n; i++) {
        uint64_t w = fk.at[lc((unsigned char)s[i])];
        while (w) {
            unsigned k = (unsigned)__builtin_ctzll(w);
            w &= w - 1;
            const size_t m = fk.len[k];
            if (m > n - i || !prefix_ci(s + i + 1, fake_words[k] + 1, m - 1u) ||
                !one_case(s + i, m))
                continue;
            if (m >= 6 || i == 0 || !alnum(s[i - 1]) || i + m == n || !alnum(s[i + m]))
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

/* The longest match of one rule's pattern in a value. */
typedef struct match {
    uint32_t from, to;
    bool hit;
} match;

#ifdef ES_HAVE_HS
static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned fl,
                    void *ctx)
{
    (void)id;
    (void)fl;
    match *m = ctx;
    if (!m->hit || to - from > (unsigned long long)(m->to - m->from)) {
        m->hit = true;
        m->from = (uint32_t)from;
        m->to = (uint32_t)to;
    }
    return 0;
}
#endif

/* Does rule r's match v[a, b) hold a secret? Word boundaries, a keyword
 * in the key for a format too plain on its own, the entropy floor, fake
 * text, and a URI's or connection string's password. */
static bool verify_rule(const es_secret_rule *r, size_t a, size_t b, const char *key, size_t kl,
                        const char *v, size_t n)
{
    if (b > n || a >= b)
        return false;
    if (!r->loose && ((a > 0 && alnum(v[a - 1]) && alnum(v[a])) ||
                      (b < n && alnum(v[b]) && alnum(v[b - 1]))))
        return false;
    if (r->need_key && !key_has_keyword(key, kl, r->keywords))
        return false;
    if (r->min_entropy > 0 && es_entropy((const uint8_t *)v + a, b - a) < r->min_entropy)
        return false;
    switch (r->verify) {
    case ES_SV_URI_PASSWORD: return verify_uri(v + a, b - a) && !fake(v + a, b - a);
    case ES_SV_KV_PASSWORD: return verify_kv(v + a, b - a);
    case ES_SV_BASIC: return verify_basic(v + a, b - a);
    default: return !fake(v + a, b - a);
    }
}

#ifdef ES_HAVE_HS
/* 1 when value v (its first SCAN_MAX bytes) holds a secret of rule i, 0
 * when not, or ENVSCAN_E_INTERNAL. */
static int try_rule(es_parse_ws *ws, const es_secret_rule *rules, size_t i, const char *key,
                    size_t kl, const char *v, size_t n, size_t *from, size_t *to)
{
    hs_database_t *db = rule_db(i);
    if (!db)
        return rules[i].pattern ? ENVSCAN_E_INTERNAL : 0; /* did not compile */
    if (!(ws->sec_scratch_for[i / 64] >> (i % 64) & 1)) { /* first use in this workspace */
        hs_scratch_t *sc = ws->hs_scratch;
        if (hs_alloc_scratch(db, &sc) != HS_SUCCESS)
            return ENVSCAN_E_NOMEM;
        ws->hs_scratch = sc;
        ws->sec_scratch_for[i / 64] |= 1ull << (i % 64);
    }
    size_t vl = n < SCAN_MAX ? n : SCAN_MAX;
    match m = {0, 0, false};
    if (hs_scan(db, v, (unsigned)vl, 0, ws->hs_scratch, on_match, &m) != HS_SUCCESS)
        return ENVSCAN_E_INTERNAL;
    *from = m.from;
    *to = m.to;
    return m.hit && verify_rule(&rules[i], m.from, m.to, key, kl, v, vl);
}

/* ------------------------------------------------ the config's own rules */

static int on_any(unsigned id, unsigned long long from, unsigned long long to, unsigned fl,
                  void *ctx)
{
    (void)id, (void)from, (void)to, (void)fl;
    *(bool *)ctx = true;
    return 1; /* one is enough */
}

typedef struct kw_hits {
    const es_secret_policy *pol;
    uint64_t bits;
    bool in_key;
} kw_hits;

static int on_custom_kw(unsigned id, unsigned long long from, unsigned long long to,
                        unsigned fl, void *ctx)
{
    (void)from, (void)to, (void)fl;
    kw_hits *h = ctx;
    if (id < 64 && h->pol->custom[id].need_key == h->in_key)
        h->bits |= 1ull << id;
    return 0;
}

/* The policy's databases need room in the workspace's scratch. */
static int custom_scratch(es_parse_ws *ws, const es_secret_policy *pol)
{
    if (ws->sec_custom_gen == pol->gen)
        return ENVSCAN_OK;
    hs_scratch_t *sc = ws->hs_scratch;
    for (size_t i = 0; i <= pol->n_custom + 1; i++) {
        const hs_database_t *db = i < pol->n_custom    ? pol->custom[i].db
                                  : i == pol->n_custom ? pol->custom_kw
                                                       : pol->allow_re;
        if (db && hs_alloc_scratch(db, &sc) != HS_SUCCESS)
            return ENVSCAN_E_NOMEM;
    }
    ws->hs_scratch = sc;
    ws->sec_custom_gen = pol->gen;
    return ENVSCAN_OK;
}

/* The first custom rule (in the config's order) whose keywords the
 * value (or, for need_key, the key) holds and whose pattern matches and
 * verifies: 1 with *which and the match, 0 when none, or an error. */
static int try_custom(es_parse_ws *ws, const es_secret_policy *pol, const envscan_record *r,
                      size_t *which, size_t *from, size_t *to)
{
    if (!pol || !pol->n_custom)
        return 0;
    FORWARD_IF_ERROR(custom_scratch(ws, pol));
    const size_t vl = r->value_len < SCAN_MAX ? r->value_len : SCAN_MAX;
    kw_hits h = {.pol = pol, .bits = 0, .in_key = false};
    if (hs_scan(pol->custom_kw, r->value, (unsigned)vl, 0, ws->hs_scratch, on_custom_kw, &h) !=
        HS_SUCCESS)
        return ENVSCAN_E_INTERNAL;
    h.in_key = true;
    if (r->key_len && hs_scan(pol->custom_kw, r->key, (unsigned)r->key_len, 0, ws->hs_scratch,
                              on_custom_kw, &h) != HS_SUCCESS)
        return ENVSCAN_E_INTERNAL;
    for (uint64_t b = h.bits; b; b &= b - 1) {
        size_t i = (size_t)__builtin_ctzll(b);
        const es_secret_custom *c = &pol->custom[i];
        match m = {0, 0, false};
        if (hs_scan(c->db, r->value, (unsigned)vl, 0, ws->hs_scratch, on_match, &m) != HS_SUCCESS)
            return ENVSCAN_E_INTERNAL;
        const es_secret_rule as_row = {.row = c->row, .keywords = c->keywords,
                                       .min_entropy = c->min_entropy, .need_key = c->need_key};
        if (m.hit && verify_rule(&as_row, m.from, m.to, r->key, r->key_len, r->value, vl)) {
            *which = i;
            *from = m.from;
            *to = m.to;
            return 1;
        }
    }
    return 0;
}
#endif

/* Is the secret r->value[a, b) allowlisted: its key matches a key glob,
 * or the secret (or the whole value) is a literal of the list, or a
 * regex of the list matches in the secret? */
static bool allowed(const es_secret_policy *pol, es_parse_ws *ws, const envscan_record *r,
                    size_t a, size_t b)
{
    if (!pol)
        return false;
    for (size_t i = 0; i < pol->n_allow_keys; i++)
        if (fnmatch(pol->allow_keys[i], r->key, 0) == 0)
            return true;
    for (size_t i = 0; i < pol->n_allow_values; i++) {
        size_t n = strlen(pol->allow_values[i]);
        if ((n == b - a && memcmp(pol->allow_values[i], r->value + a, n) == 0) ||
            (n == r->value_len && memcmp(pol->allow_values[i], r->value, n) == 0))
            return true;
    }
#ifdef ES_HAVE_HS
    bool hit = false;
    if (pol->allow_re && custom_scratch(ws, pol) == ENVSCAN_OK)
        hs_scan(pol->allow_re, r->value + a, (unsigned)(b - a), 0, ws->hs_scratch, on_any, &hit);
    return hit;
#else
    (void)ws;
    return false;
#endif
}

/* Is the file's path one the policy's path globs allowlist (itself, or a
 * directory it is in)? */
static bool path_allowed(const es_secret_policy *pol, const char *path)
{
    if (!pol || !pol->allow_paths || !path)
        return false;
    if (path[0] == '.' && path[1] == '/')
        path += 2;
    char buf[4096];
    size_t n = strlen(path);
    if (n >= sizeof buf)
        return false;
    memcpy(buf, path, n + 1);
    for (size_t i = 0; i < n; i++)
        if (buf[i] == '/') {
            buf[i] = '\0';
            es_ignore_match m = es_ignore_matches(pol->allow_paths, buf, 1);
            buf[i] = '/';
            if (m == ES_IGNORE_IGNORE)
                return true;
            if (m == ES_IGNORE_WHITELIST)
                return false;
        }
    return es_ignore_matches(pol->allow_paths, buf, 0) == ES_IGNORE_IGNORE;
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
    int any; /* does the file hold "envscan:ignore" (-1: not looked yet)? */
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
    /* most files hold no ignore comment at all: one memmem, once */
    if (lc->any < 0)
        lc->any = memmem(lc->d, lc->len, "envscan:ignore", 14) != NULL;
    if (!lc->any)
        return false;
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
 * sample. So a format whose keywords a value does not hold (under a key
 * that does not hold a need_key format's) cannot match it, and its
 * pattern need not run. Which values hold which keywords is found for
 * many records at once: a batch of up to BATCH bytes lays each record out
 * as key, 0x01, value, 0x00, and one scan of the keywords' literal
 * database (Vectorscan's literal matchers run at memory speed) over the
 * batch yields (record, rule) pairs. No keyword holds 0x00 or 0x01, so no
 * match straddles two records or a key and its value. Then only the
 * named rules' patterns, each a database of its own (db.c), scan only
 * the values named: most values are never scanned, and a scan with one
 * small database costs a fraction of what a scan with all of them does. */
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
    es_parse_ws *ws;
    const uint32_t *off; /* where record k's key starts; off[n]: the end */
    const uint32_t *val; /* where its value starts                        */
    size_t n, cur;
    bool oom;
} batch_ctx;

/* Append the pair (record k of the batch, rule). */
static bool pair_add(es_parse_ws *ws, uint32_t k, uint32_t rule)
{
    if (ws->sec_n_pairs == ws->sec_pairs_cap) {
        size_t cap = ws->sec_pairs_cap ? ws->sec_pairs_cap * 2 : 1024;
        uint32_t *p = realloc(ws->sec_pairs, cap * 2 * sizeof *p);
        if (!p)
            return false;
        ws->sec_pairs = p;
        ws->sec_pairs_cap = cap;
    }
    ws->sec_pairs[2 * ws->sec_n_pairs] = k;
    ws->sec_pairs[2 * ws->sec_n_pairs + 1] = rule;
    ws->sec_n_pairs++;
    return true;
}

static int on_keyword(unsigned id, unsigned long long from, unsigned long long to,
                      unsigned fl, void *ctx)
{
    (void)from;
    (void)fl;
    batch_ctx *b = ctx;
    const unsigned kind = id & 3, rule = id >> 2;
    size_t last = (size_t)to - 1; /* matches come in order of their end */
    while (b->cur + 1 < b->n && b->off[b->cur + 1] <= last)
        b->cur++;
    bool in_value = last >= b->val[b->cur];
    if (in_value != (kind != ES_SECRET_KW_KEY))
        return 0;
    if (kind == ES_SECRET_KW_URI) {
        size_t end = b->off[b->cur + 1] - 1; /* the value's 0x00 */
        if (!memchr(b->ws->sec_buf + to, '@', end - (size_t)to))
            return 0;
    }
    if (!pair_add(b->ws, (uint32_t)b->cur, rule)) {
        b->oom = true;
        return 1; /* stops the scan */
    }
    return 0;
}

/* Lay out records [from, to) of the sink's that are checked, as many as
 * fit in a batch (at least one), and find their (record, rule) pairs in
 * ws->sec_pairs, in record order; *next is where the next batch starts.
 * ws->sec_rec[k] is the index (from `from`) of the batch's k-th record.
 * Returns how many records the batch holds, or -1 with *rc set. */
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
            if (!o || !v || !rr)
                goto oom;
            ws->sec_n_cap = cap;
        }
        ws->sec_off[n] = (uint32_t)used;
        memcpy(ws->sec_buf + used, r->key, r->key_len);
        used += r->key_len;
        ws->sec_buf[used++] = 0x01;
        ws->sec_val[n] = (uint32_t)used;
        memcpy(ws->sec_buf + used, r->value, scanned_len(r));
        used += scanned_len(r);
        ws->sec_buf[used++] = 0x00;
        ws->sec_rec[n] = (uint32_t)(i - from);
        n++;
    }
    *next = i;
    ws->sec_n_pairs = 0;
    if (n == 0)
        return 0;
    ws->sec_off[n] = (uint32_t)used;
    if (!prefilter_on) { /* tests: every record, every rule with a pattern */
        size_t nr = 0;
        const es_secret_rule *rules = es_secret_rules(&nr);
        for (size_t k = 0; k < n; k++)
            for (size_t rule = 0; rule < nr; rule++)
                if (rules[rule].pattern && !pair_add(ws, (uint32_t)k, (uint32_t)rule))
                    goto oom;
        return (long)n;
    }
    batch_ctx b = {.ws = ws, .off = ws->sec_off, .val = ws->sec_val, .n = n, .cur = 0};
    hs_error_t e = hs_scan(g.kw, ws->sec_buf, (unsigned)used, 0, ws->hs_scratch, on_keyword, &b);
    if (b.oom)
        goto oom;
    if (e != HS_SUCCESS) {
        *rc = ENVSCAN_E_INTERNAL;
        return -1;
    }
    return (long)n;
oom:
    *rc = ENVSCAN_E_NOMEM;
    return -1;
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
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

/* Report record r if it holds a secret: of the first of the formats
 * cand[0, nc) (rule indexes, ascending) that verifies, else of a context
 * rule. */
static int check_record(file_ctx *fc, es_parse_ws *ws, es_sink *s, envscan_record *r,
                        const uint32_t *cand, size_t nc)
{
    const es_secret_policy *pol = fc->po->secpol;
    int rule = -1;
    size_t a = 0, b = r->value_len;
    es_secret_rule custom_row;
    const es_secret_rule *sr = NULL;
#ifdef ES_HAVE_HS
    size_t which = 0;
    int chit = try_custom(ws, pol, r, &which, &a, &b);
    if (chit < 0)
        return chit;
    if (chit) { /* the config's own rules come first: they know the tree */
        const es_secret_custom *c = &pol->custom[which];
        custom_row = (es_secret_rule){.row = c->row};
        sr = &custom_row;
    }
    for (size_t j = 0; j < nc && rule < 0 && !sr; j++) {
        if (pol && (pol->off[cand[j] / 64] >> (cand[j] % 64) & 1))
            continue;
        int hit = try_rule(ws, fc->rules, cand[j], r->key, r->key_len, r->value, r->value_len,
                           &a, &b);
        if (hit < 0)
            return hit;
        if (hit)
            rule = (int)cand[j];
    }
#else
    (void)ws;
    (void)cand;
    (void)nc;
    (void)custom_row;
#endif
    if (rule < 0 && !sr && !fc->tmpl) {
        rule = verify_context(fc->rules, fc->nr, key_kind(r->key, r->key_len), r->value,
                              r->value_len);
        if (rule >= 0 && pol && (pol->off[rule / 64] >> (rule % 64) & 1))
            rule = -1;
        a = 0;
        b = r->value_len;
    }
    if (rule >= 0)
        sr = &fc->rules[rule];
    if (!sr || ignored(&fc->lc, r->line, sr->row.id) || allowed(pol, ws, r, a, b))
        return ENVSCAN_OK;
    r->flags |= ENVSCAN_RECORD_SECRET;
    char red[ES_SECRET_REDACTED_MAX];
    es_secret_redact(fc->po->fp_seed, r->value, r->value_len, red);
    es_sink_diag_key(s, sr->row.severity, sr->row.id, r->key, r->key_len, r->line, r->column,
                     "%s in %.*s: %s", sr->row.summary, (int)(r->key_len > 64 ? 64 : r->key_len),
                     r->key, red);
    if (sr == &custom_row && !s->oom && s->diags->len) { /* the id outlives the config */
        envscan_diagnostic *d = &ES_VEC_AT(s->diags, envscan_diagnostic, s->diags->len - 1);
        if (!(d->code = es_arena_strndup(s->arena, sr->row.id, strlen(sr->row.id))))
            s->oom = true;
    }
    return s->oom ? ENVSCAN_E_NOMEM : ENVSCAN_OK;
}

/* Give the workspace a scratch for the keyword database; try_rule grows
 * it for a format's database at that format's first use here. */
#ifdef ES_HAVE_HS
static int ensure_scratch(es_parse_ws *ws)
{
    if (!es_secrets_available(NULL))
        return ENVSCAN_E_INTERNAL; /* the table's patterns did not compile */
    if (ws->hs_scratch)
        return ENVSCAN_OK;
    hs_scratch_t *sc = NULL;
    if (hs_alloc_scratch(g.kw, &sc) != HS_SUCCESS) /* grown per format (try_rule) */
        return ENVSCAN_E_NOMEM;
    ws->hs_scratch = sc;
    memset(ws->sec_scratch_for, 0, sizeof ws->sec_scratch_for);
    ws->sec_custom_gen = 0;
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
    /* rare (a message quoting a value): every format, no prefilter */
    if (es_secrets_built(NULL) && ensure_scratch(ws) == ENVSCAN_OK)
        for (size_t i = 0; i < nr; i++)
            if (try_rule(ws, rules, i, key, kl, v, n, &(size_t){0}, &(size_t){0}) > 0)
                return true;
#else
    (void)ws;
#endif
    return verify_context(rules, nr, key_kind(key, kl), v, n) >= 0;
}

int es_secrets_file(const es_parse_opts *po, es_parse_ws *ws, const uint8_t *data, size_t len,
                    es_sink *s, size_t first)
{
    file_ctx fc = {.po = po, .lc = {.d = data, .len = len, .off = 0, .line = 1, .any = -1}};
    fc.rules = es_secret_rules(&fc.nr);
    const char *base = s->file ? strrchr(s->file, '/') : NULL;
    base = base ? base + 1 : s->file ? s->file : "";
    fc.tmpl = es_analysis_template_name(base, NULL);
    if (path_allowed(po->secpol, s->file))
        return ENVSCAN_OK; /* rules.allowlist.paths: no secret findings here */
    const size_t end = s->records->len;
#ifdef ES_HAVE_HS
    if (es_secrets_built(NULL)) {
        FORWARD_IF_ERROR(ensure_scratch(ws));
        uint32_t cand[ES_SECRET_MAX_RULES];
        for (size_t at = first; at < end;) {
            size_t next = at;
            int rc = ENVSCAN_OK;
            long n = prefilter_batch(ws, s, at, end, &next, &rc);
            if (n < 0)
                return rc;
            size_t p = 0; /* pairs come in record order */
            for (long k = 0; k < n; k++) {
                size_t nc = 0;
                uint64_t seen[ES_SECRET_MAX_RULES / 64] = {0}; /* each rule once */
                for (; p < ws->sec_n_pairs && ws->sec_pairs[2 * p] == (uint32_t)k; p++) {
                    uint32_t rule = ws->sec_pairs[2 * p + 1];
                    if (!(seen[rule / 64] >> (rule % 64) & 1)) {
                        seen[rule / 64] |= 1ull << (rule % 64);
                        cand[nc++] = rule;
                    }
                }
                if (nc > 1) /* tried in table order */
                    qsort(cand, nc, sizeof *cand, u32_cmp);
                /* the record vector does not move: only diagnostics grow */
                envscan_record *r = &ES_VEC_AT(s->records, envscan_record, at + ws->sec_rec[k]);
                FORWARD_IF_ERROR(check_record(&fc, ws, s, r, cand, nc));
            }
            at = next;
        }
        return ENVSCAN_OK;
    }
#endif
    for (size_t i = first; i < end; i++) {
        envscan_record *r = &ES_VEC_AT(s->records, envscan_record, i);
        if (checked(r))
            FORWARD_IF_ERROR(check_record(&fc, ws, s, r, NULL, 0));
    }
    return ENVSCAN_OK;
}
