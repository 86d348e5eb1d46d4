/*
 * gen_dotenv_lib.c — the dotenv text generator (see gen_dotenv_lib.h).
 *
 * How the text is made, and why this way:
 *
 *   - Keys come in blocks, as real .env files group them by service: a
 *     block picks an area (PAYMENTS) and 3-12 distinct attributes
 *     (DB_HOST, DB_PORT, JWT_SECRET...). The n-th block of an area is
 *     numbered (PAYMENTS_2_DB_HOST) so keys never repeat within one text:
 *     a duplicate would turn a speed benchmark into a benchmark of the
 *     duplicate-key diagnostic. Area names hold no '_' and attributes do
 *     not start with a digit, so distinct triples give distinct keys.
 *   - Each attribute has a kind (host, port, URL, boolean, hex token...)
 *     that decides what its value looks like. Kinds of flexible length
 *     (tokens, hosts, URLs, paths) aim at a line of 30-60 bytes, the range
 *     ARCHITECTURE.md names as typical, so the byte mix resembles real
 *     files rather than a worst or best case.
 *   - Text is assembled with small append helpers, not snprintf: 256 MiB
 *     is about five million lines, and the generator should take well
 *     under a second so benchmarks spend their time in envscan.
 */
#include "gen_dotenv_lib.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ----------------------------------------------------------------- tables */

static const char *const areas[GD_N_AREAS] = {
    "APP",      "API",       "AUTH",     "BILLING",  "PAYMENTS", "SEARCH",
    "CACHE",    "QUEUE",     "MAILER",   "STORAGE",  "METRICS",  "LOGGING",
    "GATEWAY",  "WORKER",    "SCHEDULER", "NOTIFY",  "CDN",      "ANALYTICS",
    "INVENTORY", "ORDERS",   "USERS",    "SESSION",  "UPLOADS",  "REPORTS",
    "WEBHOOK",  "LEDGER",    "CATALOG",  "SHIPPING", "PRICING",  "FRONTEND",
    "ADMIN",    "SUPPORT",   "AUDIT",    "EXPORT",   "IMPORT",   "BACKUP",
    "SYNC",     "MEDIA",     "CHAT",     "GEO"};

typedef enum kind {
    K_HOST, K_PORT, K_URL_DB, K_URL_REDIS, K_URL_HTTP, K_BOOL, K_HEX,
    K_INT, K_LEVEL, K_ENVNAME, K_REGION, K_PATH, K_EMAIL, K_NAME,
    K_DURATION, K_IP, K_TZ, K_PEM, K_TEXT, K_VERSION
} kind;

static const struct attr {
    const char *name;
    kind k;
} attrs[] = {
    {"DB_HOST", K_HOST},           {"DB_PORT", K_PORT},
    {"DB_NAME", K_NAME},           {"DB_USER", K_NAME},
    {"DATABASE_URL", K_URL_DB},    {"REDIS_URL", K_URL_REDIS},
    {"REDIS_HOST", K_HOST},        {"REDIS_PORT", K_PORT},
    {"SMTP_HOST", K_HOST},         {"SMTP_PORT", K_PORT},
    {"PUBLIC_URL", K_URL_HTTP},    {"API_BASE_URL", K_URL_HTTP},
    {"CALLBACK_URL", K_URL_HTTP},  {"HEALTHCHECK_URL", K_URL_HTTP},
    {"DEBUG_MODE", K_BOOL},             {"FEATURE_NEW_CHECKOUT", K_BOOL},
    {"SMTP_USE_TLS", K_BOOL},           {"CACHE_ENABLED", K_BOOL},
    {"DRY_RUN_ENABLED", K_BOOL},           {"API_KEY", K_HEX},
    {"SECRET_KEY", K_HEX},         {"JWT_SECRET", K_HEX},
    {"SESSION_SECRET", K_HEX},     {"WEBHOOK_SIGNING_SECRET", K_HEX},
    {"ACCESS_TOKEN", K_HEX},       {"REQUEST_TIMEOUT_MS", K_INT},
    {"MAX_CONNECTIONS", K_INT},    {"DB_POOL_SIZE", K_INT},
    {"HTTP_RETRY_COUNT", K_INT},        {"RATE_LIMIT_PER_MINUTE", K_INT},
    {"BATCH_SIZE", K_INT},         {"LOG_LEVEL", K_LEVEL},
    {"ENVIRONMENT", K_ENVNAME},    {"REGION", K_REGION},
    {"DATA_DIR", K_PATH},          {"LOG_FILE", K_PATH},
    {"TLS_CERT_PATH", K_PATH},     {"FROM_ADDRESS", K_EMAIL},
    {"ADMIN_EMAIL", K_EMAIL},      {"BUCKET_NAME", K_NAME},
    {"QUEUE_NAME", K_NAME},        {"SERVICE_NAME", K_NAME},
    {"CACHE_TTL_DEFAULT", K_DURATION},     {"IDLE_TIMEOUT", K_DURATION},
    {"BIND_ADDRESS", K_IP},        {"TIMEZONE", K_TZ},
    {"TLS_PRIVATE_KEY", K_PEM},    {"SIGNING_KEY_PEM", K_PEM},
    {"DISPLAY_NAME", K_TEXT},      {"WELCOME_MESSAGE", K_TEXT},
    {"MIN_CLIENT_VERSION", K_VERSION}};

#define N_ATTRS (sizeof attrs / sizeof attrs[0])

static const char *const host_words[] = {
    "db", "cache", "api", "edge", "auth", "mq", "search", "files",
    "mail", "core", "web", "app", "ingest", "stream", "primary", "replica"};
static const char *const domains[] = {
    "internal", "example.com", "example.org", "svc.cluster.local",
    "local", "test", "example.net", "lan"};
static const char *const short_domains[] = {"lan", "test", "local"};
static const char *const path_words[] = {
    "v1", "v2", "health", "hooks", "callback", "status", "events", "public",
    "static", "uploads", "reports", "data", "logs", "cache", "tmp", "certs"};
static const char *const levels[] = {"debug", "info", "warn", "error", "trace"};
static const char *const envnames[] = {"development", "staging", "production",
                                       "test", "preview"};
static const char *const regions[] = {
    "eu-west-1", "us-east-1", "us-west-2", "eu-central-1", "ap-southeast-2",
    "ap-northeast-1", "sa-east-1", "ca-central-1"};
static const char *const zones[] = {"UTC", "Europe/Berlin", "America/New_York",
                                    "Asia/Tokyo", "Europe/London",
                                    "Australia/Sydney"};
static const char *const passwords[] = {"devpass", "changeme", "example",
                                        "not-a-secret", "localonly"};
static const char *const text_words[] = {
    "Example", "App", "Welcome", "to", "the", "demo", "Store", "dev",
    "build", "Acme", "Widgets", "Portal", "local", "preview", "team", "Hello"};
static const char *const comments[] = {
    "local development only",
    "see docs/configuration.md",
    "values below are placeholders",
    "required in production",
    "set by the deploy pipeline",
    "keep in sync with .env.example",
    "rotate every 90 days",
    "defaults match docker-compose.yml",
    "override in .env.local",
    "not used by the worker"};

#define COUNT(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))
#define PICK(r, a) ((a)[gd_rng_below((r), COUNT(a))])

/* --------------------------------------------------------- append helpers */

static char *put(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

static char *put_lower(char *p, const char *s)
{
    for (; *s; s++)
        *p++ = (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s;
    return p;
}

static char *put_u(char *p, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *put_hex(char *p, gd_rng *r, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    while (n) {
        uint64_t w = gd_rng_next(r);
        for (int i = 0; i < 16 && n; i++, n--, w >>= 4)
            *p++ = hex[w & 15];
    }
    return p;
}

static char *put_b64(char *p, gd_rng *r, size_t n)
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    while (n) {
        uint64_t w = gd_rng_next(r);
        for (int i = 0; i < 10 && n; i++, n--, w >>= 6)
            *p++ = b64[w & 63];
    }
    return p;
}

/* A host name; longer when the budget allows: db-3.payments.internal. */
static char *put_host(char *p, gd_rng *r, const char *area, size_t budget)
{
    char *start = p;
    p = put(p, PICK(r, host_words));
    if (gd_rng_pct(r, 60)) {
        *p++ = '-';
        p = put_u(p, 1 + gd_rng_below(r, 9));
    }
    const char *dom = PICK(r, domains);
    if ((size_t)(p - start) + strlen(dom) + 1 > budget)
        dom = PICK(r, short_domains);
    if ((size_t)(p - start) + strlen(area) + strlen(dom) + 2 <= budget) {
        *p++ = '.';
        p = put_lower(p, area);
    }
    *p++ = '.';
    return put(p, dom);
}

/* ------------------------------------------------------------------ values */

/* A value of kind k that needs no quoting: no '#', no quote, no backslash,
 * no newline, does not start with white space. `budget` is the value
 * length that would make the line land in the 30-60 byte range; kinds of
 * flexible length follow it. */
static char *put_value(char *p, gd_rng *r, kind k, const char *area,
                       size_t budget)
{
    switch (k) {
    case K_HOST:
        return put_host(p, r, area, budget);
    case K_PORT: {
        static const unsigned ports[] = {5432, 6379, 3306, 8080, 3000, 587,
                                         9090, 27017, 5672, 8443, 443, 25};
        return put_u(p, gd_rng_pct(r, 70) ? ports[gd_rng_below(r, COUNT(ports))]
                                           : 1024 + gd_rng_below(r, 60000));
    }
    case K_URL_DB: {
        /* the database user and name are the area's, when they fit */
        bool pg = gd_rng_pct(r, 70);
        const char *pw = PICK(r, passwords);
        const char *who = 2 * strlen(area) + strlen(pw) + 30 <= budget ? area : "app";
        p = put(p, pg ? "postgres://" : "mysql://");
        p = put_lower(p, who);
        *p++ = ':';
        p = put(p, pw);
        p = put(p, "@db:");
        p = put_u(p, pg ? 5432 : 3306);
        *p++ = '/';
        return put_lower(p, who);
    }
    case K_URL_REDIS:
        p = put(p, "redis://");
        p = put(p, gd_rng_pct(r, 50) ? "cache" : "localhost");
        p = put(p, ":6379/");
        return put_u(p, gd_rng_below(r, 16));
    case K_URL_HTTP: {
        char *start = p;
        p = put(p, gd_rng_pct(r, 80) ? "https://" : "http://");
        size_t used = 8;
        p = put_host(p, r, area, budget > used + 6 ? budget - used - 6 : 0);
        while ((size_t)(p - start) + 8 < budget) {
            *p++ = '/';
            p = put(p, PICK(r, path_words));
        }
        return p;
    }
    case K_BOOL: {
        static const char *const b[] = {"true", "false", "true", "false",
                                        "1", "0", "yes", "no"};
        return put(p, PICK(r, b));
    }
    case K_HEX:
        return put_hex(p, r, budget < 16 ? 16 : budget > 64 ? 64 : budget);
    case K_INT: {
        /* more digits when the line is short: limits and timeouts in
         * real files run from 3 to 300000 */
        static const uint32_t mag[] = {10, 100, 1000, 10000, 100000, 1000000};
        uint32_t top = budget < 2 ? 0 : budget > 7 ? 5 : (uint32_t)budget - 2;
        return put_u(p, 1 + gd_rng_below(r, mag[top - gd_rng_below(r, top / 2 + 1)]));
    }
    case K_LEVEL:
        return put(p, PICK(r, levels));
    case K_ENVNAME:
        return put(p, PICK(r, envnames));
    case K_REGION:
        return put(p, PICK(r, regions));
    case K_PATH: {
        char *start = p;
        p = put(p, gd_rng_pct(r, 70) ? "/var/lib/" : "./");
        p = put_lower(p, area);
        do {
            *p++ = '/';
            p = put(p, PICK(r, path_words));
        } while ((size_t)(p - start) + 6 < budget);
        return p;
    }
    case K_EMAIL:
        p = put(p, gd_rng_pct(r, 50) ? "noreply" : "ops");
        *p++ = '+';
        p = put_lower(p, area);
        return put(p, gd_rng_pct(r, 50) ? "@example.com" : "@example.org");
    case K_NAME:
        p = put_lower(p, area);
        *p++ = '-';
        return put(p, PICK(r, path_words));
    case K_DURATION: {
        static const char *const unit[] = {"ms", "s", "m", "h"};
        p = put_u(p, 1 + gd_rng_below(r, 300));
        return put(p, PICK(r, unit));
    }
    case K_IP:
        if (gd_rng_pct(r, 40))
            return put(p, gd_rng_pct(r, 50) ? "0.0.0.0" : "127.0.0.1");
        p = put(p, "10.");
        p = put_u(p, gd_rng_below(r, 256));
        *p++ = '.';
        p = put_u(p, gd_rng_below(r, 256));
        *p++ = '.';
        return put_u(p, 1 + gd_rng_below(r, 254));
    case K_TZ:
        return put(p, PICK(r, zones));
    case K_PEM:
        /* single-line form; the multi-line one is put_pem() */
        p = put(p, "FAKE-KEY-FOR-TESTS-");
        return put_b64(p, r, budget < 27 ? 8 : budget > 83 ? 64 : budget - 19);
    case K_TEXT: {
        uint32_t n = 2 + gd_rng_below(r, 3);
        for (uint32_t i = 0; i < n; i++) {
            if (i)
                *p++ = ' ';
            p = put(p, PICK(r, text_words));
        }
        return p;
    }
    case K_VERSION:
        p = put_u(p, gd_rng_below(r, 5));
        *p++ = '.';
        p = put_u(p, gd_rng_below(r, 20));
        *p++ = '.';
        return put_u(p, gd_rng_below(r, 10));
    }
    /* not reached: -Wswitch checks that every kind has a case */
    return p;
}

/* A PEM-looking multi-line body, obviously fake. With `escaped` the line
 * breaks are written as the two characters \n (one physical line), which
 * node's dotenv expands inside double quotes. */
static char *put_pem(char *p, gd_rng *r, bool escaped)
{
    const char *nl = escaped ? "\\n" : "\n";
    p = put(p, "-----BEGIN FAKE PRIVATE KEY-----");
    p = put(p, nl);
    p = put(p, "FAKE-KEY-FOR-TESTS-");
    p = put_b64(p, r, 45);
    uint32_t lines = 1 + gd_rng_below(r, 10);
    for (uint32_t i = 0; i < lines; i++) {
        p = put(p, nl);
        p = put_b64(p, r, 64);
    }
    p = put(p, nl);
    return put(p, "-----END FAKE PRIVATE KEY-----");
}

/* -------------------------------------------------------------- generator */

void gd_init(gd_gen *g, uint64_t seed, gd_style style)
{
    memset(g, 0, sizeof *g);
    gd_rng_seed(&g->rng, seed);
    g->style = style;
    for (uint32_t i = 0; i < N_ATTRS; i++)
        g->attr_order[i] = (uint8_t)i;
}

static void new_block(gd_gen *g)
{
    gd_rng *r = &g->rng;
    g->block_area = gd_rng_below(r, GD_N_AREAS);
    g->block_use = g->area_uses[g->block_area]++;
    g->block_left = 3 + gd_rng_below(r, 10);
    /* partial Fisher-Yates: the block's attributes are the first
     * block_left entries, distinct by construction */
    for (uint32_t i = 0; i < g->block_left; i++) {
        uint32_t j = i + gd_rng_below(r, (uint32_t)N_ATTRS - i);
        uint8_t t = g->attr_order[i];
        g->attr_order[i] = g->attr_order[j];
        g->attr_order[j] = t;
    }
    g->attr_next = 0;
}

static char *put_key(char *p, const gd_gen *g, const char *attr)
{
    p = put(p, areas[g->block_area]);
    if (g->block_use) {
        *p++ = '_';
        p = put_u(p, g->block_use + 1);
    }
    *p++ = '_';
    return put(p, attr);
}

size_t gd_item(gd_gen *g, char *out)
{
    _Static_assert(N_ATTRS <= sizeof(((gd_gen *)0)->attr_order),
                   "attr_order too small");
    _Static_assert(N_ATTRS >= 12, "a block takes up to 12 attributes");
    gd_rng *r = &g->rng;
    char *p = out;
    bool mixed = g->style == GD_STYLE_MIXED, quoted = g->style == GD_STYLE_QUOTED;

    if (mixed) {
        uint32_t roll = gd_rng_below(r, 100);
        if (roll < 6) {
            p = put(p, "# ");
            p = put(p, PICK(r, comments));
            *p++ = '\n';
            return (size_t)(p - out);
        }
        if (roll < 11) {
            *p++ = '\n';
            return (size_t)(p - out);
        }
    }
    if (g->block_left == 0) {
        new_block(g);
        if ((mixed || quoted) && gd_rng_pct(r, 50)) {
            p = put(p, "# --- ");
            p = put_lower(p, areas[g->block_area]);
            p = put(p, " ---\n");
            return (size_t)(p - out);
        }
    }
    const struct attr *a = &attrs[g->attr_order[g->attr_next++]];
    g->block_left--;
    const char *area = areas[g->block_area];

    if (g->export_all || (mixed && gd_rng_pct(r, 8)) || (quoted && gd_rng_pct(r, 3)))
        p = put(p, "export ");
    char *key = p;
    p = put_key(p, g, a->name);
    size_t key_len = (size_t)(p - key);
    p = put(p, mixed && gd_rng_pct(r, 3) ? " = " : "=");

    /* aim the whole line at 30-60 bytes */
    size_t line = 30 + gd_rng_below(r, 31);
    size_t budget = line > key_len + 2 + 4 ? line - key_len - 2 : 4;

    bool empty = mixed && gd_rng_pct(r, 2);
    bool ref = !empty && mixed && a->k == K_URL_HTTP && gd_rng_pct(r, 25);
    bool quote = false;
    char q = '"';
    if (!empty && !ref) {
        if (quoted)
            quote = a->k == K_PEM || a->k == K_TEXT || gd_rng_pct(r, 85);
        else if (mixed)
            quote = a->k == K_TEXT || gd_rng_pct(r, 12);
        if (quote) {
            uint32_t roll = gd_rng_below(r, 100);
            q = roll < 65 ? '"' : roll < 95 || !quoted ? '\'' : '`';
        }
    }

    if (ref) {
        p = put(p, "http://${");
        p = put(p, area);
        p = put(p, "_HOST}:${");
        p = put(p, area);
        p = put(p, "_PORT}/");
        p = put(p, PICK(r, path_words));
    } else if (quote) {
        *p++ = q;
        if (quoted && a->k == K_PEM) {
            /* real line breaks in any quote; \n escapes only mean a line
             * break inside double quotes */
            p = put_pem(p, r, q == '"' && gd_rng_pct(r, 30));
        } else {
            p = put_value(p, r, a->k, area, budget);
            if (a->k == K_TEXT && gd_rng_pct(r, 30))
                p = put(p, " #1"); /* a '#' that quoting keeps in the value */
        }
        *p++ = q;
    } else if (!empty) {
        p = put_value(p, r, a->k, area, budget);
    }

    if (!empty && ((mixed && gd_rng_pct(r, 6)) || (quoted && gd_rng_pct(r, 5)))) {
        p = put(p, " # ");
        p = put(p, PICK(r, comments));
    }
    *p++ = '\n';
    g->variables++;
    assert((size_t)(p - out) <= GD_ITEM_MAX);
    return (size_t)(p - out);
}

#define GD_CHUNK ((size_t)1 << 20)

int gd_write(gd_gen *g, uint64_t total, gd_sink sink, void *ctx)
{
    /* small texts (a tree's .env files) get a small staging buffer */
    size_t cap = total + GD_ITEM_MAX < GD_CHUNK ? (size_t)total + GD_ITEM_MAX : GD_CHUNK;
    char *buf = malloc(cap);
    if (!buf)
        return -1;
    size_t used = 0;
    uint64_t left = total;
    int rc = 0;
    bool tail = false;
    while (left > 0 && rc == 0) {
        if (used + GD_ITEM_MAX > cap) {
            rc = sink(ctx, buf, used);
            used = 0;
            continue;
        }
        char *at = buf + used;
        size_t n = 0;
        /* Near the end, an item that does not fit is dropped (its
         * definition uncounted) and a few more are tried, so the filler
         * line stays short. */
        for (int tries = 0; tries < (tail ? 8 : 1); tries++) {
            uint64_t vars = g->variables;
            n = gd_item(g, at);
            if (n <= left)
                break;
            g->variables = vars;
            n = 0;
            tail = true;
        }
        if (n == 0 && tail) {
            n = (size_t)left;
            if (left >= 6) {
                size_t k = left >= 10 ? 8 : 4; /* "PADDING=" or "PAD=" */
                memcpy(at, "PADDING=", k - 1);
                at[k - 1] = '=';
                memset(at + k, 'x', n - k - 1);
                at[n - 1] = '\n';
                g->variables++;
            } else {
                memset(at, '\n', n);
            }
        }
        used += n;
        left -= n;
        g->bytes += n;
    }
    if (rc == 0 && used)
        rc = sink(ctx, buf, used);
    free(buf);
    return rc;
}

typedef struct fill_ctx {
    char *dst;
    size_t off;
} fill_ctx;

static int fill_sink(void *ctx, const char *data, size_t len)
{
    fill_ctx *f = ctx;
    memcpy(f->dst + f->off, data, len);
    f->off += len;
    return 0;
}

int gd_fill(gd_gen *g, char *buf, size_t total)
{
    fill_ctx f = {buf, 0};
    return gd_write(g, total, fill_sink, &f);
}

size_t gd_random_key(gd_rng *r, char *out)
{
    char *p = put(out, areas[gd_rng_below(r, GD_N_AREAS)]);
    *p++ = '_';
    p = put(p, attrs[gd_rng_below(r, (uint32_t)N_ATTRS)].name);
    *p = '\0';
    return (size_t)(p - out);
}

/* ------------------------------------------------------------ small parse */

static const char *const style_names[] = {"typical", "mixed", "quoted"};

int gd_style_from_name(const char *name, gd_style *out)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(name, style_names[i]) == 0) {
            *out = (gd_style)i;
            return 0;
        }
    return -1;
}

const char *gd_style_name(gd_style s)
{
    return (unsigned)s < 3 ? style_names[s] : "?";
}

int gd_parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

int gd_parse_size(const char *s, uint64_t *out)
{
    if (!s || *s < '0' || *s > '9')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno)
        return -1;
    unsigned shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: break;
    }
    if (*end == 'i' && shift) /* accept KiB-style "256Mi" */
        end++;
    if (*end || v > (UINT64_MAX >> shift))
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
}
