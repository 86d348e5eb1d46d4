/*
 * fingerprint.c — stable fingerprints of diagnostics (see fingerprint.h).
 *
 * fingerprint = XXH3-128, seeded with the salt's seed, of
 *   (base, occurrence index among equal bases in the batch), where
 *   base = XXH3-128(seed) of "fp1", code, file, key and the value's
 *   salted XXH3-64, each field tagged so that "no file" differs from "".
 * XXH3 is not a cryptographic hash: the salt keeps the fingerprints of two
 * repositories apart and makes guessing values from a baseline need the
 * salt; a secret salt is what protects low-entropy values (docs/reports.md).
 */
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "fingerprint.h"

uint64_t es_fp_seed(const char *salt)
{
    if (!salt)
        salt = ES_FP_DEFAULT_SALT;
    return XXH3_64bits_withSeed(salt, strlen(salt), 0x656e767363616e31ull /* "envscan1" */);
}

uint64_t es_fp_value(uint64_t seed, const char *v, size_t n)
{
    return XXH3_64bits_withSeed(v, n, seed);
}

uint64_t es_fp_salt_check(uint64_t seed)
{
    static const char what[] = "envscan baseline salt check";
    return XXH3_64bits_withSeed(what, sizeof what - 1, seed);
}

/* A field: a presence byte, then the bytes and a NUL (so fields cannot
 * run into each other). */
static void field(XXH3_state_t *st, const char *s)
{
    const char present = s ? 1 : 0;
    XXH3_128bits_update(st, &present, 1);
    if (s)
        XXH3_128bits_update(st, s, strlen(s) + 1);
}

static void put64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

typedef struct fp_ent {
    XXH128_hash_t base;
    size_t at; /* index in the batch */
} fp_ent;

static int ent_cmp(const void *a, const void *b)
{
    const fp_ent *x = a, *y = b;
    if (x->base.high64 != y->base.high64)
        return x->base.high64 < y->base.high64 ? -1 : 1;
    if (x->base.low64 != y->base.low64)
        return x->base.low64 < y->base.low64 ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

int es_fp_assign(es_arena *arena, uint64_t seed, envscan_diagnostic *d, size_t n,
                 es_fp_value_fn value, void *ctx)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += d[i].fingerprint == NULL;
    if (!m)
        return ENVSCAN_OK;
    fp_ent *e = malloc(m * sizeof *e);
    XXH3_state_t *st = XXH3_createState();
    if (!e || !st) {
        free(e);
        XXH3_freeState(st);
        return ENVSCAN_E_NOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (d[i].fingerprint)
            continue;
        uint64_t vh = 0;
        unsigned char v[9] = {0};
        if (value && value(ctx, &d[i], i, &vh)) {
            v[0] = 1;
            put64(v + 1, vh);
        }
        XXH3_128bits_reset_withSeed(st, seed);
        XXH3_128bits_update(st, "fp1", 3);
        field(st, d[i].code);
        field(st, d[i].file);
        field(st, d[i].key);
        XXH3_128bits_update(st, v, sizeof v);
        e[k].base = XXH3_128bits_digest(st);
        e[k].at = i;
        k++;
    }
    XXH3_freeState(st);
    qsort(e, m, sizeof *e, ent_cmp);
    int rc = ENVSCAN_OK;
    for (size_t i = 0, occ = 0; i < m && rc == ENVSCAN_OK; i++) {
        occ = i && XXH128_isEqual(e[i].base, e[i - 1].base) ? occ + 1 : 0;
        XXH128_canonical_t base;
        XXH128_canonicalFromHash(&base, e[i].base);
        unsigned char in[sizeof base + 8];
        memcpy(in, &base, sizeof base);
        put64(in + sizeof base, (uint64_t)occ);
        XXH128_canonical_t fp;
        XXH128_canonicalFromHash(&fp, XXH3_128bits_withSeed(in, sizeof in, seed));
        char *hex = es_arena_alloc_chars(arena, ES_FP_HEX + 1, 0);
        if (!hex) {
            rc = ENVSCAN_E_NOMEM;
            break;
        }
        static const char digits[] = "0123456789abcdef";
        for (size_t b = 0; b < sizeof fp.digest; b++) {
            hex[2 * b] = digits[fp.digest[b] >> 4];
            hex[2 * b + 1] = digits[fp.digest[b] & 15];
        }
        hex[ES_FP_HEX] = '\0';
        d[e[i].at].fingerprint = hex;
    }
    free(e);
    return rc;
}

/* ------------------------------------------------- values of a file's records */

typedef struct rec_index {
    const envscan_record *recs;
    uint64_t *by_line; /* line << 32 | record index, sorted */
    size_t n;
    uint64_t seed;
} rec_index;

static int u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static bool is_definition(uint16_t kind)
{
    return kind == ENVSCAN_KIND_DEFINITION || kind == ENVSCAN_KIND_CONFIG;
}

static bool record_value(void *ctx, const envscan_diagnostic *d, size_t i, uint64_t *vh)
{
    (void)i;
    const rec_index *x = ctx;
    if (!d->key || !d->line || !x->by_line)
        return false;
    size_t lo = 0, hi = x->n;
    while (lo < hi) { /* the first record at d->line */
        size_t mid = lo + (hi - lo) / 2;
        if ((x->by_line[mid] >> 32) < d->line)
            lo = mid + 1;
        else
            hi = mid;
    }
    const envscan_record *pick = NULL;
    for (size_t j = lo; j < x->n && (x->by_line[j] >> 32) == d->line; j++) {
        const envscan_record *r = &x->recs[(uint32_t)x->by_line[j]];
        if (strcmp(r->key, d->key) != 0)
            continue;
        if (!pick || (is_definition(r->kind) && !is_definition(pick->kind)))
            pick = r;
        if (is_definition(pick->kind))
            break;
    }
    if (!pick || !pick->value)
        return false;
    *vh = es_fp_value(x->seed, pick->value, pick->value_len);
    return true;
}

int es_fp_assign_file(es_arena *arena, uint64_t seed, envscan_diagnostic *d, size_t n,
                      const envscan_record *recs, size_t nrec)
{
    rec_index x = {.recs = recs, .n = nrec, .seed = seed};
    bool need = false;
    for (size_t i = 0; i < n && !need; i++)
        need = d[i].key && d[i].line && !d[i].fingerprint;
    if (need && nrec && nrec < UINT32_MAX) {
        x.by_line = malloc(nrec * sizeof *x.by_line);
        RETURN_IF(!x.by_line, ENVSCAN_E_NOMEM);
        bool sorted = true;
        for (size_t i = 0; i < nrec; i++) {
            x.by_line[i] = (uint64_t)recs[i].line << 32 | i;
            sorted = sorted && (i == 0 || x.by_line[i - 1] < x.by_line[i]);
        }
        if (!sorted)
            qsort(x.by_line, nrec, sizeof *x.by_line, u64_cmp);
    }
    int rc = es_fp_assign(arena, seed, d, n, record_value, &x);
    free(x.by_line);
    return rc;
}
