/* gen_secrets_lib.c — see gen_secrets_lib.h. */
#include <string.h>

#include "gen_secrets_lib.h"

uint64_t gs_rand(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static const char *class_chars(char c)
{
    switch (c) {
    case 'A': return "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    case 'a': return "abcdefghijklmnopqrstuvwxyz";
    case '0': return "0123456789";
    case 'h': return "0123456789abcdef";
    case 'H': return "0123456789ABCDEF";
    case 'x': return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    case 'u': return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    case 'b': return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    case '2': return "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    case 'd': return "abcdefghijklmnopqrstuvwxyz0123456789";
    case 'B': return "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";
    default: return NULL;
    }
}

static const char *number(const char *p, unsigned long *v)
{
    if (*p < '0' || *p > '9')
        return NULL;
    *v = 0;
    while (*p >= '0' && *p <= '9' && *v < 100000)
        *v = *v * 10 + (unsigned long)(*p++ - '0');
    return p;
}

long gs_expand(const char *shape, uint64_t *state, char *out, size_t cap)
{
    size_t o = 0;
    for (const char *p = shape; *p;) {
        if (p[0] == '{' && p[1] == '{') {
            if (o + 1 >= cap)
                return -1;
            out[o++] = '{';
            p += 2;
            continue;
        }
        if (*p != '{') {
            if (o + 1 >= cap)
                return -1;
            out[o++] = *p++;
            continue;
        }
        const char *set = class_chars(p[1]);
        unsigned long lo, hi;
        const char *q = set ? number(p + 2, &lo) : NULL;
        if (!q)
            return -1;
        hi = lo;
        if (*q == '-' && !(q = number(q + 1, &hi)))
            return -1;
        if (*q != '}' || hi < lo)
            return -1;
        size_t n = lo + (hi > lo ? (size_t)(gs_rand(state) % (hi - lo + 1)) : 0);
        size_t k = strlen(set);
        if (o + n >= cap)
            return -1;
        for (size_t i = 0; i < n; i++)
            out[o++] = set[gs_rand(state) % k];
        p = q + 1;
    }
    if (o >= cap)
        return -1;
    out[o] = '\0';
    return (long)o;
}

/* ---------------------------------------------------- planted-secrets tree */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* A shape with every run filled with its least count of 'x': a
 * look-alike (placeholder-shaped). -1 for a shape without runs. */
static long fake_expand(const char *shape, char *out, size_t cap)
{
    size_t o = 0;
    int runs = 0;
    for (const char *p = shape; *p;) {
        if (o + 1 >= cap)
            return -1;
        if (p[0] == '{' && p[1] == '{') {
            out[o++] = '{';
            p += 2;
        } else if (*p == '{' && p[1] && strchr(p, '}')) {
            unsigned long c = strtoul(p + 2, NULL, 10);
            for (unsigned long i = 0; i < c && o + 1 < cap; i++)
                out[o++] = 'x';
            p = strchr(p, '}') + 1;
            runs++;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    return runs ? (long)o : -1;
}

static unsigned newlines(const char *s)
{
    unsigned n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

typedef struct plant_file {
    FILE *f;
    char path[256]; /* relative */
    unsigned line;  /* of the next line written */
} plant_file;

static int pf_open(plant_file *pf, const char *dir, const char *rel)
{
    char full[1024];
    snprintf(pf->path, sizeof pf->path, "%s", rel);
    snprintf(full, sizeof full, "%s/%s", dir, rel);
    char *slash = strrchr(full, '/');
    if (slash) {
        *slash = '\0';
        if (mkdir(full, 0755) != 0 && errno != EEXIST)
            return -1;
        *slash = '/';
    }
    pf->f = fopen(full, "w");
    pf->line = 1;
    return pf->f ? 0 : -1;
}

/* KEY=`value` (backquotes keep quotes and newlines as written) */
static void pf_put(plant_file *pf, FILE *manifest, const char *key, const char *value,
                   const char *expect)
{
    fprintf(pf->f, "%s=`%s`\n", key, value);
    fprintf(manifest, "%s\t%u\t%s\t%s\n", pf->path, pf->line, key, expect);
    pf->line += 1 + newlines(value);
}

static void b64_encode(const char *s, size_t n, char *out)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned char)s[i] << 16;
        if (i + 1 < n)
            v |= (unsigned char)s[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)s[i + 2];
        out[o++] = t[(v >> 18) & 63];
        out[o++] = t[(v >> 12) & 63];
        out[o++] = i + 1 < n ? t[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? t[v & 63] : '=';
    }
    out[o] = '\0';
}

static const char *const placeholders[] = {
    "changeme", "<your-api-key>", "${API_TOKEN}", "$SECRET_FROM_ENV", "xxxxxxxxxxxxxxxxxxxx",
    "your_token_here", "example-secret-value", "dummy", "", "vault:secret/data/app#key",
    "op://Private/app/password", "********", "{{ .Values.token }}", "REPLACE_ME",
    "/run/secrets/api_token",
};

/* An ordinary setting, the kind most lines of a real env file are:
 * ports, hosts, URLs without credentials, paths, flags, sizes, versions,
 * addresses, ids. Keys are not named like secrets; none is a secret.
 * Written as KEY=value (no quotes) into the env file and its template,
 * counted in the manifest as "-". */
static void pf_filler(plant_file *pf, plant_file *tp, FILE *manifest, uint64_t *state,
                      unsigned c, size_t i, unsigned j)
{
    static const char *const words[] = {"orders", "billing", "search", "media", "auth",
                                        "gateway", "worker", "cache", "reports", "notify"};
    const char *w = words[gs_rand(state) % 10], *w2 = words[gs_rand(state) % 10];
    char key[96], value[160];
    uint64_t r = gs_rand(state);
    switch (r % 10) {
    case 0: snprintf(key, sizeof key, "F%u_%zu_%u_PORT", c, i, j);
            snprintf(value, sizeof value, "%u", (unsigned)(1024 + r % 60000)); break;
    case 1: snprintf(key, sizeof key, "F%u_%zu_%u_HOST", c, i, j);
            snprintf(value, sizeof value, "%s-%u.internal", w, (unsigned)(r >> 8) % 9); break;
    case 2: snprintf(key, sizeof key, "F%u_%zu_%u_URL", c, i, j);
            snprintf(value, sizeof value, "https://%s.example.org/%s/v%u", w, w2,
                     (unsigned)(r >> 8) % 4); break;
    case 3: snprintf(key, sizeof key, "F%u_%zu_%u_LOG_LEVEL", c, i, j);
            snprintf(value, sizeof value, "%s", (const char *[]){"debug", "info", "warn"}[(r >> 8) % 3]); break;
    case 4: snprintf(key, sizeof key, "F%u_%zu_%u_FEATURE_%s_ENABLED", c, i, j, "NEW_UI");
            snprintf(value, sizeof value, "%s", (r >> 8) & 1 ? "true" : "false"); break;
    case 5: snprintf(key, sizeof key, "F%u_%zu_%u_DATA_PATH", c, i, j);
            snprintf(value, sizeof value, "/var/lib/%s/%s", w, w2); break;
    case 6: snprintf(key, sizeof key, "F%u_%zu_%u_TIMEOUT_MS", c, i, j);
            snprintf(value, sizeof value, "%u", (unsigned)(r >> 8) % 120000); break;
    case 7: snprintf(key, sizeof key, "F%u_%zu_%u_VERSION", c, i, j);
            snprintf(value, sizeof value, "%u.%u.%u", (unsigned)(r >> 8) % 9,
                     (unsigned)(r >> 16) % 30, (unsigned)(r >> 24) % 100); break;
    case 8: snprintf(key, sizeof key, "F%u_%zu_%u_CONTACT_EMAIL", c, i, j);
            snprintf(value, sizeof value, "%s-team@example.org", w); break;
    default: snprintf(key, sizeof key, "F%u_%zu_%u_TENANT_ID", c, i, j);
             snprintf(value, sizeof value, "%08x-%04x-4%03x-a%03x-%012llx",
                      (unsigned)(r >> 32), (unsigned)(r >> 16) & 0xffff, (unsigned)(r >> 4) & 0xfff,
                      (unsigned)(r >> 20) & 0xfff, (unsigned long long)(gs_rand(state) & 0xffffffffffffull));
             break;
    }
    /* the template lists the same settings, as real ones do */
    plant_file *both[] = {pf, tp};
    for (int t = 0; t < 2; t++) {
        fprintf(both[t]->f, "%s=%s\n", key, value);
        fprintf(manifest, "%s\t%u\t%s\t-\n", both[t]->path, both[t]->line, key);
        both[t]->line++;
    }
}

int gs_plant_tree(const char *dir, const gs_rule *rules, size_t n, unsigned copies,
                  unsigned filler, uint64_t seed, FILE *manifest)
{
    char value[4096], key[160], rel[128];
    const size_t per_file = 12;
    size_t files = 0;
    for (unsigned c = 0; c < copies; c++) {
        for (size_t i0 = 0; i0 < n; i0 += per_file) {
            plant_file pf, tp;
            snprintf(rel, sizeof rel, "svc%zu/.env", files);
            if (pf_open(&pf, dir, rel) != 0)
                return -1;
            snprintf(rel, sizeof rel, "svc%zu/.env.example", files);
            if (pf_open(&tp, dir, rel) != 0) {
                fclose(pf.f);
                return -1;
            }
            files++;
            for (size_t i = i0; i < n && i < i0 + per_file; i++) {
                const gs_rule *r = &rules[i];
                /* the true sample */
                if (gs_expand(r->shape, &seed, value, sizeof value) < 0)
                    continue;
                if (r->key)
                    snprintf(key, sizeof key, "S%u_%zu_%s", c, i, r->key);
                else
                    snprintf(key, sizeof key, "S%u_%zu_SETTING", c, i);
                pf_put(&pf, manifest, key, value, r->id);
                /* in the template too, as a real leak there, unless a
                 * context rule (which templates do not get) */
                if (!strstr(r->id, "-assignment")) {
                    snprintf(key, sizeof key, "T%u_%zu_SETTING%s%s", c, i, r->key ? "_" : "",
                             r->key ? r->key : "");
                    gs_expand(r->shape, &seed, value, sizeof value);
                    pf_put(&tp, manifest, key, value, r->id);
                } else {
                    snprintf(key, sizeof key, "T%u_%zu_%s", c, i, r->key);
                    gs_expand(r->shape, &seed, value, sizeof value);
                    pf_put(&tp, manifest, key, value, "-");
                }
                /* the false sample and a look-alike: nothing */
                snprintf(key, sizeof key, "N%u_%zu_SETTING", c, i);
                pf_put(&pf, manifest, key, r->no, "-");
                if (fake_expand(r->shape, value, sizeof value) > 0) {
                    snprintf(key, sizeof key, "L%u_%zu_%s", c, i, r->key ? r->key : "SETTING");
                    pf_put(&pf, manifest, key, value, "-");
                }
                /* a placeholder under a key named like a secret */
                const char *ph = placeholders[(i + c) % (sizeof placeholders /
                                                         sizeof placeholders[0])];
                snprintf(key, sizeof key, "P%u_%zu_%s", c, i,
                         (i & 1) ? "API_TOKEN" : "DB_PASSWORD");
                pf_put(&pf, manifest, key, ph, "-");
                for (unsigned j = 0; j < filler; j++)
                    pf_filler(&pf, &tp, manifest, &seed, c, i, j);
            }
            fclose(pf.f);
            fclose(tp.f);
        }
        /* a Kubernetes Secret: data is base64, checked decoded */
        plant_file k;
        snprintf(rel, sizeof rel, "k8s%u/secret.yaml", c);
        if (pf_open(&k, dir, rel) != 0)
            return -1;
        fprintf(k.f, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app%u\ndata:\n", c);
        k.line = 6;
        for (size_t i = 0; i < n; i++) {
            const gs_rule *r = &rules[i];
            if (strstr(r->id, "-assignment") || gs_expand(r->shape, &seed, value, sizeof value) < 0 ||
                strchr(value, '\n') || strlen(value) > 1000)
                continue;
            char enc[1400];
            b64_encode(value, strlen(value), enc);
            snprintf(key, sizeof key, "K%u_%zu%s%s", c, i, r->key ? "_" : "", r->key ? r->key : "");
            fprintf(k.f, "  %s: %s\n", key, enc);
            fprintf(manifest, "%s\t%u\t%s\t%s\n", k.path, k.line++, key, r->id);
        }
        fclose(k.f);
    }
    return 0;
}
