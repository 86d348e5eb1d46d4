/*
 * inventory.c — every variable of a result: its definitions, usages,
 * references and findings, and its effective value in each environment
 * (envscan.h section 8; docs/analysis.md).
 *
 * Keys are the records' keys sorted bytewise once (one sort of record
 * indices); each record then knows its key id, so the lists per key are
 * two counting passes. Environments and chains come from context.c, the
 * code the `conflict` finding reads, fed here with the result's records
 * (record indices kept), so the inventory and the finding agree.
 */
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "analysis.h"
#include "context.h"

typedef struct ikey {
    const char *name;
    size_t len;
} ikey;

/* An effective value as the contexts deliver it, before keys are sorted. */
typedef struct pending {
    uint32_t key; /* id into keys */
    size_t env;
    size_t *chain;
    size_t n;
} pending;

struct envscan_inventory {
    const envscan_result *res;
    es_arena arena;
    envscan_key_info *keys; /* sorted by name */
    size_t n_keys;
    es_vec envs; /* envscan_environment */
};

typedef struct build {
    envscan_inventory *inv;
    es_vec ids;     /* ikey: ids 0..n_sorted-1 sorted, then added ones */
    size_t n_sorted;
    es_vec pend;    /* pending */
    es_cfile *files;
} build;

/* --------------------------------------------------------------- key ids */

typedef struct rkey {
    const char *key;
    size_t len, rec;
} rkey;

static int bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : (an > bn) - (an < bn);
}

static int rkey_cmp(const void *a, const void *b)
{
    const rkey *x = a, *y = b;
    int c = bytes_cmp(x->key, x->len, y->key, y->len);
    return c ? c : (x->rec > y->rec) - (x->rec < y->rec);
}

/* The list of a key a record goes to: 0 definitions, 1 usages,
 * 2 references. */
static size_t list_of(const envscan_record *r)
{
    return r->kind == ENVSCAN_KIND_DEFINITION ? 0 : r->kind == ENVSCAN_KIND_USAGE ? 1 : 2;
}

static bool counted(const envscan_record *r)
{
    return r->kind != ENVSCAN_KIND_CONFIG &&
           !(r->kind == ENVSCAN_KIND_USAGE && (r->flags & ENVSCAN_RECORD_DYNAMIC));
}

/* The id of a name among the sorted ones, or UINT32_MAX. */
static uint32_t sorted_id(const build *b, const char *name, size_t len)
{
    const ikey *k = b->ids.data;
    size_t lo = 0, hi = b->n_sorted;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = bytes_cmp(k[mid].name, k[mid].len, name, len);
        if (c == 0)
            return (uint32_t)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return UINT32_MAX;
}

/* ------------------------------------------------------------ contexts */

static int on_context(void *ctx, const es_context *c)
{
    build *b = ctx;
    envscan_inventory *inv = b->inv;
    envscan_environment *e = es_vec_push(&inv->envs);
    RETURN_IF(!e, ENVSCAN_E_NOMEM);
    const char *path = b->files[c->file].path;
    e->kind = (uint32_t)c->kind; /* the numbers are the public ones */
    e->name = es_context_name(&inv->arena, c, b->files);
    e->file = c->kind == ES_CONTEXT_DOTENV ? es_arena_strndup(&inv->arena, path, c->dir_len)
                                           : path;
    e->scope = c->scope ? es_arena_strndup(&inv->arena, c->scope, strlen(c->scope)) : NULL;
    RETURN_IF(!e->name || !e->file || (c->scope && !e->scope), ENVSCAN_E_NOMEM);
    return ENVSCAN_OK;
}

static int on_chain(void *ctx, uint32_t key, const es_clink *chain, size_t n)
{
    build *b = ctx;
    pending *p = es_vec_push(&b->pend);
    size_t *ch = p ? es_arena_alloc(&b->inv->arena, n * sizeof *ch) : NULL;
    RETURN_IF(!ch, ENVSCAN_E_NOMEM);
    for (size_t i = 0; i < n; i++)
        ch[i] = chain[i].def->record;
    *p = (pending){key, b->inv->envs.len - 1, ch, n};
    return ENVSCAN_OK;
}

static int on_prefixed(void *ctx, const char *prefix, uint32_t key, uint32_t *out)
{
    build *b = ctx;
    const ikey *k = &ES_VEC_AT(&b->ids, ikey, key);
    size_t pl = strlen(prefix), n = pl + k->len;
    char *name = es_arena_alloc_chars(&b->inv->arena, n + 1, 0);
    RETURN_IF(!name, ENVSCAN_E_NOMEM);
    memcpy(name, prefix, pl);
    memcpy(name + pl, k->name, k->len);
    name[n] = '\0';
    uint32_t id = sorted_id(b, name, n);
    for (size_t i = b->n_sorted; id == UINT32_MAX && i < b->ids.len; i++) {
        const ikey *x = &ES_VEC_AT(&b->ids, ikey, i);
        if (x->len == n && memcmp(x->name, name, n) == 0)
            id = (uint32_t)i;
    }
    if (id == UINT32_MAX) { /* a name only the prefix makes */
        ikey *x = es_vec_push(&b->ids);
        RETURN_IF(!x, ENVSCAN_E_NOMEM);
        *x = (ikey){name, n};
        id = (uint32_t)(b->ids.len - 1);
    }
    *out = id;
    return ENVSCAN_OK;
}

/* The result's files with their definitions, for context.c. */
static int feed_files(build *b, const envscan_result *res, const uint32_t *rec_key,
                      es_cdef **defs_out)
{
    size_t n_defs = 0;
    for (size_t i = 0; i < res->n_records; i++)
        n_defs += res->records[i].kind == ENVSCAN_KIND_DEFINITION;
    es_cdef *defs = malloc((n_defs + 1) * sizeof *defs);
    b->files = malloc((res->n_files + 1) * sizeof *b->files);
    *defs_out = defs;
    RETURN_IF(!defs || !b->files, ENVSCAN_E_NOMEM);
    size_t nd = 0;
    for (size_t f = 0; f < res->n_files; f++) {
        const envscan_file *ef = &res->files[f];
        const char *slash = strrchr(ef->path, '/');
        es_cfile *cf = &b->files[f];
        *cf = (es_cfile){.path = ef->path, .format = (uint16_t)ef->format, .defs = defs + nd};
        cf->is_template = ef->format == ENVSCAN_FORMAT_DOTENV &&
                          es_analysis_template_name(slash ? slash + 1 : ef->path, NULL);
        for (size_t i = ef->first_record; i < ef->first_record + ef->record_count; i++) {
            const envscan_record *r = &res->records[i];
            if (r->kind != ENVSCAN_KIND_DEFINITION)
                continue;
            bool concrete = es_cdef_concrete(r);
            defs[nd++] = (es_cdef){.key = rec_key[i], .line = r->line, .col = r->column,
                                   .format = r->format,
                                   .flags = r->flags, .scope = r->scope, .concrete = concrete,
                                   .vhash = concrete ? XXH3_64bits(r->value, r->value_len) : 0,
                                   .record = i};
        }
        cf->n_defs = (size_t)(defs + nd - cf->defs);
    }
    return ENVSCAN_OK;
}

/* ------------------------------------------------------------- assembly */

/* Fill the per-key index lists: records by kind, then diagnostics. */
static int fill_lists(envscan_inventory *inv, const uint32_t *rec_key, const uint32_t *rank)
{
    const envscan_result *res = inv->res;
    const size_t nk = inv->n_keys;
    size_t *cnt = calloc(4 * nk + 1, sizeof *cnt);
    RETURN_IF(!cnt, ENVSCAN_E_NOMEM);
    /* cnt[4k + 0..2]: definitions, usages, references; + 3: findings */
    for (size_t i = 0; i < res->n_records; i++)
        if (rec_key[i] != UINT32_MAX)
            cnt[4 * rank[rec_key[i]] + list_of(&res->records[i])]++;
    uint32_t *diag_key = malloc((res->n_diags + 1) * sizeof *diag_key);
    if (!diag_key) {
        free(cnt);
        return ENVSCAN_E_NOMEM;
    }
    for (size_t i = 0; i < res->n_diags; i++) {
        const char *k = res->diags[i].key;
        size_t at;
        diag_key[i] = UINT32_MAX;
        if (k && envscan_inventory_find(inv, k, &at) == ENVSCAN_OK) {
            diag_key[i] = (uint32_t)at;
            cnt[4 * at + 3]++;
        }
    }
    int rc = ENVSCAN_OK;
    for (size_t k = 0; k < nk && rc == ENVSCAN_OK; k++) {
        envscan_key_info *e = &inv->keys[k];
        size_t total = cnt[4 * k] + cnt[4 * k + 1] + cnt[4 * k + 2] + cnt[4 * k + 3];
        size_t *p = es_arena_alloc(&inv->arena, (total ? total : 1) * sizeof *p);
        if (!p) {
            rc = ENVSCAN_E_NOMEM;
            break;
        }
        e->definitions = p;
        e->usages = p + cnt[4 * k];
        e->references = e->usages + cnt[4 * k + 1];
        e->diagnostics = e->references + cnt[4 * k + 2];
    }
    for (size_t i = 0; rc == ENVSCAN_OK && i < res->n_records; i++) {
        if (rec_key[i] == UINT32_MAX)
            continue;
        envscan_key_info *e = &inv->keys[rank[rec_key[i]]];
        switch (list_of(&res->records[i])) {
        case 0: ((size_t *)e->definitions)[e->n_definitions++] = i; break;
        case 1: ((size_t *)e->usages)[e->n_usages++] = i; break;
        default: ((size_t *)e->references)[e->n_references++] = i; break;
        }
    }
    for (size_t i = 0; rc == ENVSCAN_OK && i < res->n_diags; i++)
        if (diag_key[i] != UINT32_MAX) {
            envscan_key_info *e = &inv->keys[diag_key[i]];
            ((size_t *)e->diagnostics)[e->n_diagnostics++] = i;
        }
    free(diag_key);
    free(cnt);
    return rc;
}

/* Sort every key (the records' and the ones prefixes made), then hand
 * each its effective values, in environment order. */
static int assemble(build *b, const uint32_t *rec_key)
{
    envscan_inventory *inv = b->inv;
    const size_t n = b->ids.len;
    rkey *order = malloc((n + 1) * sizeof *order);
    uint32_t *rank = malloc((n + 1) * sizeof *rank);
    size_t *n_eff = calloc(n + 1, sizeof *n_eff);
    inv->keys = es_arena_alloc(&inv->arena, (n ? n : 1) * sizeof *inv->keys);
    int rc = order && rank && n_eff && inv->keys ? ENVSCAN_OK : ENVSCAN_E_NOMEM;
    for (size_t i = 0; rc == ENVSCAN_OK && i < n; i++) {
        const ikey *k = &ES_VEC_AT(&b->ids, ikey, i);
        order[i] = (rkey){k->name, k->len, i};
    }
    if (rc == ENVSCAN_OK && n > b->n_sorted)
        qsort(order, n, sizeof *order, rkey_cmp);
    for (size_t i = 0; rc == ENVSCAN_OK && i < n; i++) {
        rank[order[i].rec] = (uint32_t)i;
        inv->keys[i] = (envscan_key_info){.key = order[i].key};
    }
    inv->n_keys = rc == ENVSCAN_OK ? n : 0;
    if (rc == ENVSCAN_OK)
        rc = fill_lists(inv, rec_key, rank);
    const pending *p = b->pend.data;
    for (size_t i = 0; rc == ENVSCAN_OK && i < b->pend.len; i++)
        n_eff[rank[p[i].key]]++;
    for (size_t k = 0; rc == ENVSCAN_OK && k < n; k++) {
        envscan_effective *e =
            n_eff[k] ? es_arena_alloc(&inv->arena, n_eff[k] * sizeof *e) : NULL;
        if (n_eff[k] && !e)
            rc = ENVSCAN_E_NOMEM;
        inv->keys[k].effective = e;
    }
    for (size_t i = 0; rc == ENVSCAN_OK && i < b->pend.len; i++) {
        envscan_key_info *k = &inv->keys[rank[p[i].key]];
        ((envscan_effective *)k->effective)[k->n_effective++] =
            (envscan_effective){p[i].env, p[i].chain[p[i].n - 1], p[i].chain, p[i].n};
    }
    free(order);
    free(rank);
    free(n_eff);
    return rc;
}

int envscan_inventory_create(const envscan_result *res, envscan_inventory **out)
{
    RETURN_IF(!out, ENVSCAN_E_INVALID);
    *out = NULL;
    RETURN_IF(!res, ENVSCAN_E_INVALID);
    envscan_inventory *inv = calloc(1, sizeof *inv);
    RETURN_IF(!inv, ENVSCAN_E_NOMEM);
    inv->res = res;
    es_arena_init(&inv->arena);
    es_vec_init(&inv->envs, sizeof(envscan_environment));
    build b = {.inv = inv};
    es_vec_init(&b.ids, sizeof(ikey));
    es_vec_init(&b.pend, sizeof(pending));
    const size_t nr = res->n_records;
    rkey *rk = malloc((nr + 1) * sizeof *rk);
    uint32_t *rec_key = malloc((nr + 1) * sizeof *rec_key);
    es_cdef *defs = NULL;
    int rc = rk && rec_key ? ENVSCAN_OK : ENVSCAN_E_NOMEM;
    size_t n = 0;
    for (size_t i = 0; rc == ENVSCAN_OK && i < nr; i++) {
        rec_key[i] = UINT32_MAX;
        if (counted(&res->records[i]))
            rk[n++] = (rkey){res->records[i].key, res->records[i].key_len, i};
    }
    if (rc == ENVSCAN_OK && n)
        qsort(rk, n, sizeof *rk, rkey_cmp);
    for (size_t i = 0; rc == ENVSCAN_OK && i < n; i++) {
        if (i == 0 || bytes_cmp(rk[i].key, rk[i].len, rk[i - 1].key, rk[i - 1].len) != 0) {
            ikey *k = es_vec_push(&b.ids);
            if (!k || b.ids.len >= UINT32_MAX) {
                rc = ENVSCAN_E_NOMEM;
                break;
            }
            *k = (ikey){rk[i].key, rk[i].len};
        }
        rec_key[rk[i].rec] = (uint32_t)(b.ids.len - 1);
    }
    b.n_sorted = b.ids.len;
    if (rc == ENVSCAN_OK)
        rc = feed_files(&b, res, rec_key, &defs);
    if (rc == ENVSCAN_OK) {
        es_context_sink sink = {&b, on_context, on_chain, on_prefixed};
        rc = es_contexts_run(b.files, res->n_files, res->links, res->n_links, &sink);
    }
    if (rc == ENVSCAN_OK)
        rc = assemble(&b, rec_key);
    free(rk);
    free(rec_key);
    free(defs);
    free(b.files);
    es_vec_free(&b.ids);
    es_vec_free(&b.pend);
    if (rc != ENVSCAN_OK) {
        envscan_inventory_free(inv);
        return rc;
    }
    *out = inv;
    return ENVSCAN_OK;
}

void envscan_inventory_free(envscan_inventory *inv)
{
    if (!inv)
        return;
    es_arena_free(&inv->arena);
    es_vec_free(&inv->envs);
    free(inv);
}

size_t envscan_inventory_key_count(const envscan_inventory *inv)
{
    return inv ? inv->n_keys : 0;
}

const envscan_key_info *envscan_inventory_key(const envscan_inventory *inv, size_t i)
{
    return inv && i < inv->n_keys ? &inv->keys[i] : NULL;
}

int envscan_inventory_find(const envscan_inventory *inv, const char *key, size_t *index)
{
    RETURN_IF(!inv || !key || !index, ENVSCAN_E_INVALID);
    size_t lo = 0, hi = inv->n_keys, n = strlen(key);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = bytes_cmp(inv->keys[mid].key, strlen(inv->keys[mid].key), key, n);
        if (c == 0) {
            *index = mid;
            return ENVSCAN_OK;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return ENVSCAN_E_NOTFOUND;
}

size_t envscan_inventory_environment_count(const envscan_inventory *inv)
{
    return inv ? inv->envs.len : 0;
}

const envscan_environment *envscan_inventory_environment(const envscan_inventory *inv, size_t i)
{
    return inv && i < inv->envs.len ? &ES_VEC_AT(&inv->envs, envscan_environment, i) : NULL;
}

const envscan_result *es_inventory_result(const envscan_inventory *inv)
{
    return inv->res;
}
