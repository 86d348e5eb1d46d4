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

enum { MAX_RULES = 256 };

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
    hs_database_t *db;
#endif
} g = {.once = PTHREAD_ONCE_INIT};

static void compile_db(void)
{
#ifdef ES_HAVE_HS
    size_t n = 0;
    const es_secret_rule *r = es_secret_rules(&n);
    if (n > MAX_RULES) {
        snprintf(g.why, sizeof g.why, "secrets: %zu rules, more than %d", n, MAX_RULES);
        return;
    }
    const char *expr[MAX_RULES];
    unsigned flags[MAX_RULES], ids[MAX_RULES];
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
    if (hs_compile_multi(expr, flags, ids, k, HS_MODE_BLOCK, NULL,
                         &g.db, &err) != HS_SUCCESS) {
        int at = err ? err->expression : -1;
        snprintf(g.why, sizeof g.why, "secrets: the pattern of %s does not compile: %s",
                 at >= 0 && (unsigned)at < k ? r[ids[at]].row.id : "the rules",
                 err && err->message ? err->message : "unknown error");
        hs_free_compile_error(err);
        g.db = NULL;
        return;
    }
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

/* ------------------------------------------------------ keyword prefilter */

/* Every format's match holds one of its keywords (for a need_key rule:
 * its key does), in any letter case; test_secrets checks it on each true
 * sample. So a value holding no keyword's first three characters (and a
 * key holding none of the need_key rules') cannot match, and is not
 * scanned: most values are not, and a process that meets no candidate
 * never compiles the database (a few hundred milliseconds). The
 * trigrams are hashed into two 32 Kibit sets. */
enum { TRI_BITS = 15 };
static struct {
    pthread_once_t once;
    uint64_t value[(1u << TRI_BITS) / 64], key[(1u << TRI_BITS) / 64];
} tri = {.once = PTHREAD_ONCE_INIT};

static unsigned tri_hash(const char *p)
{
    unsigned a = (unsigned)tolower((unsigned char)p[0]);
    unsigned b = (unsigned)tolower((unsigned char)p[1]);
    unsigned c = (unsigned)tolower((unsigned char)p[2]);
    return ((a * 0x9e37u) ^ (b * 0x85ebu) ^ (c * 0xc2b3u) ^ (a << 7) ^ (b << 3)) &
           ((1u << TRI_BITS) - 1);
}

static void tri_init(void)
{
    size_t n = 0;
    const es_secret_rule *r = es_secret_rules(&n);
    for (size_t i = 0; i < n; i++) {
        if (!r[i].pattern)
            continue;
        uint64_t *set = r[i].need_key ? tri.key : tri.value;
        for (const char *k = r[i].keywords; k && *k;) {
            const char *e = strchr(k, '|');
            size_t m = e ? (size_t)(e - k) : strlen(k);
            if (m >= 3) {
                unsigned h = tri_hash(k);
                set[h / 64] |= 1ull << (h % 64);
            }
            k = e ? e + 1 : NULL;
        }
    }
}

static bool tri_any(const uint64_t *set, const char *s, size_t n)
{
    for (size_t i = 0; i + 3 <= n; i++) {
        unsigned h = tri_hash(s + i);
        if (set[h / 64] >> (h % 64) & 1)
            return true;
    }
    return false;
}

void es_secrets_ws_free(es_parse_ws *ws)
{
#ifdef ES_HAVE_HS
    if (ws->hs_scratch)
        hs_free_scratch(ws->hs_scratch);
#endif
    ws->hs_scratch = NULL;
}

/* ------------------------------------------------------------ small helpers */

static bool alnum(char c) { return isalnum((unsigned char)c) != 0; }

/* Does s[0, n) contain `w` (lowercase), in any letter case? */
static bool has_ci(const char *s, size_t n, const char *w)
{
    size_t m = strlen(w);
    for (size_t i = 0; i + m <= n; i++)
        if (strncasecmp(s + i, w, m) == 0)
            return true;
    return false;
}

static bool eq_ci(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

/* Text that marks a value as made up, wherever it sits in it. */
static const char *const fake_words[] = {
    "example", "changeme", "change_me", "change-me", "changethis", "placeholder", "dummy",
    "your_", "your-", "yourkey", "your key", "<your", "xxxx", "****", "....", "redacted",
    "replace_me", "replace-me", "replaceme", "todo", "fixme", "fake", "sample", "insert_",
    "insert-", "notasecret", "not-a-secret", "not_a_secret", "_here", "-here", "foobar",
};

static bool fake(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof fake_words / sizeof fake_words[0]; i++)
        if (has_ci(s, n, fake_words[i]))
            return true;
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
    while (n && (isspace((unsigned char)v[0]) || v[0] == '"' || v[0] == '\''))
        v++, n--;
    while (n && (isspace((unsigned char)v[n - 1]) || v[n - 1] == '"' || v[n - 1] == '\''))
        n--;
    if (n == 0)
        return true;
    if (v[0] == '$' || has_ci(v, n, "${") || has_ci(v, n, "{{") || has_ci(v, n, "#{") ||
        (v[0] == '<' && v[n - 1] == '>') || (v[0] == '%' && v[n - 1] == '%') ||
        (v[0] == '[' && v[n - 1] == ']'))
        return true;
    for (size_t i = 0; i < sizeof ref_prefixes / sizeof ref_prefixes[0]; i++)
        if (n >= strlen(ref_prefixes[i]) &&
            strncasecmp(v, ref_prefixes[i], strlen(ref_prefixes[i])) == 0)
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

/* Split a key into lowercase words at non-alphanumerics and camelCase
 * humps; classify by its last one or two words. */
static int key_kind(const char *k, size_t n)
{
    char w[2][24];
    size_t wl[2] = {0, 0};
    int nw = 0;
    char cur[24];
    size_t cl = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? k[i] : '\0';
        bool split = !alnum(c) || (i > 0 && isupper((unsigned char)c) &&
                                   islower((unsigned char)k[i - 1]));
        if (split && cl) {
            memcpy(w[0], w[1], sizeof w[0]);
            wl[0] = wl[1];
            memcpy(w[1], cur, cl);
            wl[1] = cl;
            w[1][cl] = '\0';
            nw++;
            cl = 0;
        }
        if (alnum(c) && cl < sizeof cur - 1)
            cur[cl++] = (char)tolower((unsigned char)c);
    }
    if (nw == 0)
        return KEY_NONE;
    const char *last = w[1];
    const char *prev = nw > 1 ? w[0] : "";
    static const char *const pw[] = {"password", "passwd", "passphrase", "pass", "pwd"};
    for (size_t i = 0; i < sizeof pw / sizeof pw[0]; i++)
        if (strcmp(last, pw[i]) == 0)
            /* PWD and OLDPWD are the shell's directories; a lone PASS too
             * plain */
            return nw == 1 && (i >= 3) ? KEY_NONE : KEY_PASSWORD;
    static const char *const gen[] = {"secret", "token", "apikey", "credentials", "privatekey",
                                      "secretkey", "accesskey", "authkey", "credential"};
    for (size_t i = 0; i < sizeof gen / sizeof gen[0]; i++)
        if (strcmp(last, gen[i]) == 0)
            return KEY_GENERIC;
    if (strcmp(last, "key") == 0) {
        static const char *const kp[] = {"api", "private", "secret", "access", "auth",
                                         "signing", "encryption", "master", "license",
                                         "client", "webhook", "service", "app", "hmac"};
        for (size_t i = 0; i < sizeof kp / sizeof kp[0]; i++)
            if (strcmp(prev, kp[i]) == 0)
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
                if (isspace(c))
                    return -1;
                lo |= islower(c) != 0, up |= isupper(c) != 0, dg |= isdigit(c) != 0;
                ot |= !isalnum(c);
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

int es_secrets_file(const es_parse_opts *po, es_parse_ws *ws, const uint8_t *data, size_t len,
                    es_sink *s, size_t first)
{
    size_t nr = 0;
    const es_secret_rule *rules = es_secret_rules(&nr);
    bool formats = es_secrets_built(NULL);
    pthread_once(&tri.once, tri_init);
    const char *base = s->file ? strrchr(s->file, '/') : NULL;
    base = base ? base + 1 : s->file ? s->file : "";
    const bool tmpl = es_analysis_template_name(base, NULL);
    line_cursor lc = {.d = data, .len = len, .off = 0, .line = 1};
    hits h;
    for (size_t i = first; i < s->records->len; i++) {
        envscan_record *r = &ES_VEC_AT(s->records, envscan_record, i);
        if (r->kind != ENVSCAN_KIND_DEFINITION || !r->value || r->value_len == 0 ||
            (r->flags & (ENVSCAN_RECORD_TEMPLATED | ENVSCAN_RECORD_PASSTHROUGH)))
            continue;
        int rule = -1;
#ifdef ES_HAVE_HS
        size_t vl = r->value_len < SCAN_MAX ? r->value_len : SCAN_MAX;
        if (formats && (tri_any(tri.value, r->value, vl) || tri_any(tri.key, r->key, r->key_len))) {
            if (!es_secrets_available(NULL))
                return ENVSCAN_E_INTERNAL; /* the table's patterns did not compile */
            if (!ws->hs_scratch &&
                hs_alloc_scratch(g.db, (hs_scratch_t **)&ws->hs_scratch) != HS_SUCCESS)
                return ENVSCAN_E_NOMEM;
            h.n = 0;
            memset(h.hit, 0, nr);
            if (hs_scan(g.db, r->value, (unsigned)vl, 0, ws->hs_scratch, on_match, &h) !=
                HS_SUCCESS)
                return ENVSCAN_E_INTERNAL;
            if (h.n)
                rule = verify_hits(rules, nr, &h, r->key, r->key_len, r->value, vl);
        }
#else
        (void)h;
        (void)formats;
        (void)tri_any;
#endif
        if (rule < 0 && !tmpl)
            rule = verify_context(rules, nr, key_kind(r->key, r->key_len), r->value,
                                  r->value_len);
        if (rule < 0 || ignored(&lc, r->line, rules[rule].row.id))
            continue;
        r->flags |= ENVSCAN_RECORD_SECRET;
        char red[ES_SECRET_REDACTED_MAX];
        es_secret_redact(po->fp_seed, r->value, r->value_len, red);
        es_sink_diag_key(s, rules[rule].row.severity, rules[rule].row.id, r->key, r->key_len,
                         r->line, r->column, "%s in %.*s: %s", rules[rule].row.summary,
                         (int)(r->key_len > 64 ? 64 : r->key_len), r->key, red);
        if (s->oom)
            return ENVSCAN_E_NOMEM;
    }
    return ENVSCAN_OK;
}
