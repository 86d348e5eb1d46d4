/*
 * test_secrets — the secrets rules table (engine/src/secrets/rules.c) and
 * the scan that applies it: every row's true sample fires that row and
 * its false sample does not; messages never hold the value; placeholders,
 * references, templates, ignore comments, the option and the redacted
 * form behave as docs/secrets.md says.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "envscan.h"
#include "gen_secrets_lib.h"
#include "secrets/secrets.h"

/* Scan `text` as a dotenv file named `name`; return the result. */
static envscan_result *scan(envscan_scanner *sc, const char *name, const char *text)
{
    envscan_result *res = NULL;
    int rc = envscan_scan_buffer(sc, text, strlen(text), ENVSCAN_FORMAT_UNKNOWN, name, &res);
    CHECK(rc == ENVSCAN_OK, "scan of %s: %s", name, envscan_last_error(sc));
    return res;
}

/* The number of secret-* diagnostics, and of those with code `id`. */
static size_t secrets_in(const envscan_result *res, const char *id, size_t *with_id)
{
    size_t n = 0, k = 0;
    for (size_t i = 0; res && i < envscan_result_diagnostic_count(res); i++) {
        const envscan_diagnostic *d = envscan_result_diagnostic(res, i);
        if (strncmp(d->code, "secret-", 7) != 0 || strcmp(d->code, "secret-base64") == 0)
            continue;
        n++;
        k += id && strcmp(d->code, id) == 0;
    }
    if (with_id)
        *with_id = k;
    return n;
}

static char *dotenv_line(const char *key, const char *value)
{
    size_t n = strlen(key) + strlen(value) + 8;
    char *s = malloc(n);
    /* backquotes keep both quote kinds and newlines as they are (node) */
    snprintf(s, n, "%s=`%s`\n", key, value);
    return s;
}

static void test_rows(envscan_scanner *sc)
{
    size_t n = 0;
    const es_secret_rule *r = es_secret_rules(&n);
    CHECK(n >= 120, "at least 120 rules (%zu)", n);
    uint64_t seed = 0x5eed;
    for (size_t i = 0; i < n; i++) {
        CHECK(strncmp(r[i].row.id, "secret-", 7) == 0, "row %zu: id %s", i, r[i].row.id);
        CHECK(es_rule_find(r[i].row.id) == &r[i].row, "%s is found through es_rule_find",
              r[i].row.id);
        CHECK(r[i].shape && r[i].no && r[i].keywords && *r[i].keywords, "%s: samples, keywords",
              r[i].row.id);
        CHECK(r[i].pattern || r[i].verify >= ES_SV_CONTEXT_PASSWORD, "%s: a pattern",
              r[i].row.id);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(r[j].row.id, r[i].row.id) != 0, "%s twice", r[i].row.id);
        char value[1024];
        long len = gs_expand(r[i].shape, &seed, value, sizeof value);
        CHECK(len > 0, "%s: shape expands", r[i].row.id);
        if (len <= 0)
            continue;
        const char *key = r[i].key ? r[i].key : "SAMPLE_VALUE";
        /* the keyword prefilter's contract (secrets.c): a match holds a
         * keyword of 3 characters or more (a need_key rule's key does) */
        if (r[i].pattern) {
            int has = 0;
            for (const char *k = r[i].keywords; k && *k;) {
                const char *e = strchr(k, '|');
                size_t m = e ? (size_t)(e - k) : strlen(k);
                char w[64];
                snprintf(w, sizeof w, "%.*s", (int)m, k);
                CHECK(m >= 3, "%s: keyword '%s' is shorter than 3", r[i].row.id, w);
                has |= strcasestr(r[i].need_key ? key : value, w) != NULL;
                k = e ? e + 1 : NULL;
            }
            CHECK(has, "%s: the true sample holds no keyword", r[i].row.id);
        }
        char *text = dotenv_line(key, value);
        envscan_result *res = scan(sc, ".env", text);
        size_t with = 0, all = secrets_in(res, r[i].row.id, &with);
        CHECK(all == 1 && with == 1, "%s: the true sample fires it (%zu findings, %zu of it): %s",
              r[i].row.id, all, with, value);
        for (size_t d = 0; res && d < envscan_result_diagnostic_count(res); d++) {
            const envscan_diagnostic *g = envscan_result_diagnostic(res, d);
            CHECK(!strstr(g->message, value + (len > 8 ? 4 : 0)),
                  "%s: a message holds the value: %s", r[i].row.id, g->message);
        }
        const envscan_record *rec = res ? envscan_result_record(res, 0) : NULL;
        CHECK(rec && (rec->flags & ENVSCAN_RECORD_SECRET), "%s: record flagged", r[i].row.id);
        envscan_result_free(res);
        free(text);
        text = dotenv_line(key, r[i].no);
        res = scan(sc, ".env", text);
        secrets_in(res, r[i].row.id, &with);
        CHECK(with == 0, "%s: the false sample '%s' fires it", r[i].row.id, r[i].no);
        envscan_result_free(res);
        free(text);
    }
}

/* Values that must never fire, under keys named like secrets. */
static void test_placeholders(envscan_scanner *sc)
{
    static const char *const values[] = {
        "", "changeme", "<your-key>", "${API_TOKEN}", "$API_TOKEN", "xxxxxxxxxxxxxxxx",
        "example-token-value-1234", "dummy-secret-value", "your_api_key_here",
        "vault:secret/data/app#token", "op://vault/item/password", "/run/secrets/db_password",
        "{{ .Values.password }}", "%DB_PASSWORD%", "password", "********",
        "postgres://user:password@localhost/db", "mysql://root:${MYSQL_PASSWORD}@db/app",
        "AKIAIOSFODNN7EXAMPLE",
    };
    static const char *const keys[] = {"DB_PASSWORD", "API_TOKEN", "CLIENT_SECRET",
                                       "STRIPE_API_KEY", "JWT_PRIVATE_KEY"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
            char *text = dotenv_line(keys[k], values[v]);
            envscan_result *res = scan(sc, ".env", text);
            CHECK(secrets_in(res, NULL, NULL) == 0, "%s='%s' is not a secret", keys[k],
                  values[v]);
            envscan_result_free(res);
            free(text);
        }
    /* keys not named like secrets: a strong password-looking value is fine */
    envscan_result *res = scan(sc, ".env", "PWD=/home/me\nLOG_LEVEL=Zq8mR2pL5xT7vB\n"
                                            "SORT_KEY=Zq8mR2pL5xT7vBa9Kd3\nTOKEN_URL=https://"
                                            "auth.internal/oauth/token\n");
    CHECK(secrets_in(res, NULL, NULL) == 0, "neutral keys");
    envscan_result_free(res);
}

static void test_context_and_templates(envscan_scanner *sc)
{
    const char *text = "DB_PASSWORD=hunter2-prod\nAPI_TOKEN=Zq8mR2pL5xT7vBa9Kd3W\n"
                       "GH_TOKEN=ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5c\n";
    envscan_result *res = scan(sc, ".env", text);
    size_t w = 0;
    CHECK(secrets_in(res, "secret-password-assignment", &w) == 3 && w == 1,
          "context rules and a known format in .env");
    envscan_result_free(res);
    /* a template: only a known (live) format is a leak */
    res = scan(sc, ".env.example", text);
    CHECK(secrets_in(res, "secret-github-pat", &w) == 1 && w == 1,
          "only the GitHub token in .env.example");
    envscan_result_free(res);
}

static void test_ignore(envscan_scanner *sc)
{
    envscan_result *res = scan(sc, ".env",
                               "A=ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5c # envscan:ignore secret\n"
                               "# envscan:ignore-next-line secret-github-pat\n"
                               "B=ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5d\n"
                               "C=ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5e # envscan:ignore "
                               "secret-npm-token\n");
    size_t w = 0;
    CHECK(secrets_in(res, "secret-github-pat", &w) == 1 && w == 1,
          "two silenced, one named another rule");
    for (size_t i = 0; res && i < envscan_result_diagnostic_count(res); i++)
        CHECK(strcmp(envscan_result_diagnostic(res, i)->code, "lint-unknown-rule") != 0,
              "'secret' is a known word for envscan:ignore");
    envscan_result_free(res);
}

static void test_kubernetes_decoded(envscan_scanner *sc)
{
    /* ghp_... base64-encoded in a Secret's data */
    const char *yaml = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n"
                       "  GH: Z2hwX2FCM2RFNWZHN2hKOWtMMW1OM3BRNXJTN3RWOXdYMXlaM2E1Yw==\n";
    envscan_result *res = NULL;
    int rc = envscan_scan_buffer(sc, yaml, strlen(yaml), ENVSCAN_FORMAT_KUBERNETES, "s.yaml",
                                 &res);
    CHECK(rc == ENVSCAN_OK, "k8s scan");
    size_t w = 0;
    CHECK(secrets_in(res, "secret-github-pat", &w) == 1 && w == 1, "decoded data is checked");
    envscan_result_free(res);
}

static void test_option_and_redact(envscan_scanner *sc)
{
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_SECRETS, 0) == ENVSCAN_OK, "off");
    envscan_result *res = scan(sc, ".env", "GH=ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5c\n");
    CHECK(secrets_in(res, NULL, NULL) == 0, "no findings when off");
    envscan_result_free(res);
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_SECRETS, 2) == ENVSCAN_E_RANGE, "range");
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_SECRETS, 1) == ENVSCAN_OK, "on");
    char out[ES_SECRET_REDACTED_MAX];
    size_t n = es_secret_redact(1, "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a5c", 40, out);
    CHECK(n == strlen(out) && strncmp(out, "ghp_*** (40 chars, #", 20) == 0, "redacted: %s", out);
    n = es_secret_redact(1, "hunter2", 7, out);
    CHECK(strncmp(out, "h*** (7 chars, #", 16) == 0, "a short value shows a quarter: %s", out);
    char other[ES_SECRET_REDACTED_MAX];
    es_secret_redact(2, "hunter2", 7, other);
    CHECK(strcmp(out, other) != 0, "the hash is salted");
    const char *why = "unset";
    CHECK(envscan_secrets_status(&why) == ENVSCAN_OK && why == NULL, "Vectorscan in this build");
}

/* The keyword prefilter (secrets.c) drops no finding: a text of more
 * lines than one batch holds (so batches and their arrays grow and
 * restart), with every row's true and false samples among neutral,
 * look-alike and secret-named lines, gets the same diagnostics (code,
 * line, message) with it as with every value scanned. */
static void test_prefilter_drops_nothing(envscan_scanner *sc)
{
    size_t n = 0;
    const es_secret_rule *r = es_secret_rules(&n);
    size_t cap = 8u << 20, len = 0;
    char *text = malloc(cap);
    CHECK(text != NULL, "memory");
    if (!text)
        return;
    uint64_t seed = 0xfeed;
    char value[8192];
    for (unsigned round = 0; round < 300; round++) {
        for (size_t i = 0; i < n && len + 20000 < cap; i++) {
            const char *key = r[i].key ? r[i].key : "SOME_SETTING";
            if (round % 3 == 0 && gs_expand(r[i].shape, &seed, value, sizeof value) > 0 &&
                !strchr(value, '\n') && !strchr(value, '`'))
                len += (size_t)snprintf(text + len, cap - len, "%s_%u=`%s`\n", key, round, value);
            else if (round % 3 == 1 && !strchr(r[i].no, '\n') && !strchr(r[i].no, '`'))
                len += (size_t)snprintf(text + len, cap - len, "%s_%u=`%s`\n", key, round,
                                        r[i].no);
            else
                len += (size_t)snprintf(text + len, cap - len,
                                        "APP_%u_%zu_URL=https://svc-%zu.example.org/path\n"
                                        "APP_%u_%zu_PASSWORD=Zq8mR2pL%zux\n",
                                        round, i, i, round, i, i);
        }
    }
    envscan_result *with = NULL, *without = NULL;
    CHECK(envscan_scan_buffer(sc, text, len, ENVSCAN_FORMAT_DOTENV, ".env", &with) ==
              ENVSCAN_OK, "scan with the prefilter");
    es_secrets_prefilter_for_tests(false);
    CHECK(envscan_scan_buffer(sc, text, len, ENVSCAN_FORMAT_DOTENV, ".env", &without) ==
              ENVSCAN_OK, "scan without");
    es_secrets_prefilter_for_tests(true);
    size_t a = envscan_result_diagnostic_count(with), b = envscan_result_diagnostic_count(without);
    CHECK(a == b, "%zu diagnostics with the prefilter, %zu without", a, b);
    CHECK(secrets_in(with, NULL, NULL) > n, "the text holds secrets (%zu)",
          secrets_in(with, NULL, NULL));
    for (size_t i = 0; i < a && i < b; i++) {
        const envscan_diagnostic *x = envscan_result_diagnostic(with, i);
        const envscan_diagnostic *y = envscan_result_diagnostic(without, i);
        if (strcmp(x->code, y->code) != 0 || x->line != y->line ||
            strcmp(x->message, y->message) != 0) {
            CHECK(0, "diagnostic %zu: %s line %u with the prefilter, %s line %u without", i,
                  x->code, x->line, y->code, y->line);
            break;
        }
    }
    envscan_result_free(with);
    envscan_result_free(without);
    free(text);
}

int main(void)
{
    envscan_scanner *sc = NULL;
    if (envscan_scanner_create(&sc) != ENVSCAN_OK)
        return 1;
    if (envscan_secrets_status(NULL) != ENVSCAN_OK) {
        fprintf(stderr, "test_secrets: no Vectorscan in this build\n");
        envscan_scanner_free(sc);
        return 77;
    }
    test_rows(sc);
    test_placeholders(sc);
    test_context_and_templates(sc);
    test_ignore(sc);
    test_kubernetes_decoded(sc);
    test_option_and_redact(sc);
    test_prefilter_drops_nothing(sc);
    /* every format has been scanned by now: all from the build's blob */
    size_t blob_len = 0;
    if (es_secrets_blob(1, &blob_len) && blob_len)
        CHECK(es_secrets_compiled_at_run_time() == 0,
              "%u databases compiled at run time, though the build embedded them",
              es_secrets_compiled_at_run_time());
    envscan_scanner_free(sc);
    if (failures)
        fprintf(stderr, "test_secrets: %d failures\n", failures);
    return failures != 0;
}
