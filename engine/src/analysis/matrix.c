/*
 * matrix.c — the drift matrix of a result: keys x dotenv files, each cell
 * saying what that file does with that key (envscan.h, section 6b;
 * docs/analysis.md, "The drift matrix").
 *
 * Sparse by design: a cell that a definition fills is an entry; every
 * other cell (missing, or none of the directory's business) is derived on
 * demand from its neighbours. So memory is O(definitions), not keys x
 * files, which a monorepo with a thousand env files would make huge.
 *
 * Building is four linear passes plus two sorts of small things:
 *   1. columns: the dotenv files, grouped by directory (sorted by
 *      directory, then result order), each with its group number;
 *   2. entries: one per (key, column), keys interned in an open-addressing
 *      table keyed by XXH3 (as analysis.c does), the last definition of a
 *      key in a file winning (as it does when the file is loaded); the
 *      secret seam is a hash set of the secret findings, looked up per
 *      definition;
 *   3. rows: the distinct keys sorted bytewise, and the entries placed
 *      key by key with a counting sort (stable: column order is kept);
 *   4. per key and directory (a run of adjacent entries): the reference
 *      value, the cell states, and whether the row drifts.
 * The reference value is found by sorting the run's values by hash, so a
 * directory with many env files costs O(r log r), not O(r^2).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "analysis.h"

typedef struct mcol {
    size_t file;      /* index in the result                          */
    const char *path;
    size_t dir_len;   /* path[0, dir_len) is the directory, with '/'  */
    uint32_t group;   /* directory number, in column order            */
    bool tmpl, over;  /* a template; an override (.local)             */
} mcol;

typedef struct ment {
    uint32_t key;  /* interned id while building, then the row        */
    uint32_t col;
    const envscan_record *rec; /* the last definition in that file    */
    uint32_t ref;  /* the entry holding the reference, or UINT32_MAX  */
    uint8_t state; /* envscan_cell                                    */
    bool secret;
} ment;

typedef struct mkey {
    uint64_t hash; /* first: es_slots_grow() reads it */
    const char *key;
    size_t len;
    uint32_t last_col; /* 1 + the last column that defined it          */
    uint32_t last_ent; /* its entry                                   */
    uint32_t n;        /* entries                                     */
    uint32_t row;
} mkey;

_Static_assert(offsetof(mkey, hash) == 0, "es_slots_grow() reads the hash first");

struct envscan_matrix {
    mcol *cols;
    size_t n_cols;
    mkey *keys; /* by row once built */
    size_t n_keys;
    ment *ents; /* by row, then column */
    size_t n_ents;
    size_t *row_at; /* n_keys + 1 offsets into ents */
    uint8_t *drift; /* per row */
};

void envscan_matrix_free(envscan_matrix *m)
{
    if (!m)
        return;
    free(m->cols);
    free(m->keys);
    free(m->ents);
    free(m->row_at);
    free(m->drift);
    free(m);
}

const char *envscan_cell_name(envscan_cell c)
{
    static const char *const names[] = {"none",  "missing",  "present", "differs",
                                        "empty", "template", "secret"};
    return (unsigned)c < sizeof names / sizeof names[0] ? names[c] : "?";
}

/* ---------------------------------------------------------------- columns */

static int col_cmp(const void *a, const void *b)
{
    const mcol *x = a, *y = b;
    size_t n = x->dir_len < y->dir_len ? x->dir_len : y->dir_len;
    int c = memcmp(x->path, y->path, n);
    if (c)
        return c;
    if (x->dir_len != y->dir_len) /* a directory before its subdirectories */
        return x->dir_len < y->dir_len ? -1 : 1;
    return (x->file > y->file) - (x->file < y->file);
}

static int make_columns(envscan_matrix *m, const envscan_result *res)
{
    size_t n = 0;
    for (size_t i = 0; i < res->n_files; i++)
        n += res->files[i].format == ENVSCAN_FORMAT_DOTENV;
    m->cols = calloc(n ? n : 1, sizeof *m->cols);
    RETURN_IF(!m->cols, ENVSCAN_E_NOMEM);
    for (size_t i = 0; i < res->n_files; i++) {
        if (res->files[i].format != ENVSCAN_FORMAT_DOTENV)
            continue;
        mcol *c = &m->cols[m->n_cols++];
        const char *slash = strrchr(res->files[i].path, '/');
        const char *base = slash ? slash + 1 : res->files[i].path;
        *c = (mcol){.file = i, .path = res->files[i].path,
                    .dir_len = (size_t)(base - res->files[i].path),
                    .tmpl = es_analysis_template_name(base, NULL),
                    .over = es_analysis_override_name(base)};
    }
    if (m->n_cols > 1)
        qsort(m->cols, m->n_cols, sizeof *m->cols, col_cmp);
    for (size_t i = 1; i < m->n_cols; i++) {
        const mcol *p = &m->cols[i - 1], *c = &m->cols[i];
        bool same = p->dir_len == c->dir_len && memcmp(p->path, c->path, c->dir_len) == 0;
        m->cols[i].group = p->group + !same;
    }
    return ENVSCAN_OK;
}

/* ------------------------------------------------------- the secret seam */

/* Diagnostics that mark a definition as a secret: code "secret" or
 * "secret-*", about a key, at a line of a file. */
static bool secret_diag(const envscan_diagnostic *d)
{
    return d->key && d->file && d->line &&
           strncmp(d->code, "secret", 6) == 0 && (d->code[6] == '\0' || d->code[6] == '-');
}

static uint64_t site_hash(const char *file, uint32_t line, const char *key, size_t key_len)
{
    uint64_t h = XXH3_64bits_withSeed(key, key_len, line);
    return XXH3_64bits_withSeed(file, strlen(file), h);
}

typedef struct secret_set {
    const envscan_diagnostic **slot;
    size_t cap; /* power of two, or 0: no secret findings */
} secret_set;

static int secrets_make(secret_set *s, const envscan_result *res)
{
    size_t n = 0;
    for (size_t i = 0; i < res->n_diags; i++)
        n += secret_diag(&res->diags[i]);
    s->cap = 0;
    s->slot = NULL;
    if (!n)
        return ENVSCAN_OK;
    s->cap = 16;
    while (s->cap < 2 * n)
        s->cap *= 2;
    s->slot = calloc(s->cap, sizeof *s->slot);
    RETURN_IF(!s->slot, ENVSCAN_E_NOMEM);
    for (size_t i = 0; i < res->n_diags; i++) {
        const envscan_diagnostic *d = &res->diags[i];
        if (!secret_diag(d))
            continue;
        size_t at = site_hash(d->file, d->line, d->key, strlen(d->key)) & (s->cap - 1);
        while (s->slot[at])
            at = (at + 1) & (s->cap - 1);
        s->slot[at] = d;
    }
    return ENVSCAN_OK;
}

static bool secrets_has(const secret_set *s, const envscan_record *r)
{
    if (!s->cap)
        return false;
    for (size_t at = site_hash(r->file, r->line, r->key, r->key_len) & (s->cap - 1);
         s->slot[at]; at = (at + 1) & (s->cap - 1)) {
        const envscan_diagnostic *d = s->slot[at];
        if (d->line == r->line && strlen(d->key) == r->key_len &&
            memcmp(d->key, r->key, r->key_len) == 0 && strcmp(d->file, r->file) == 0)
            return true;
    }
    return false;
}

/* ---------------------------------------------------------------- entries */

typedef struct builder {
    envscan_matrix *m;
    uint32_t *slot; /* 1 + key id; 0 = empty */
    size_t n_slot, cap_keys, cap_ents;
} builder;

static bool grow(void **p, size_t *cap, size_t need, size_t item)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap * 2 : 64;
    void *q = realloc(*p, n * item);
    if (!q)
        return false;
    *p = q;
    *cap = n;
    return true;
}

/* The id of a key, made on first sight; UINT32_MAX on OOM. */
static uint32_t intern(builder *b, const char *key, size_t len)
{
    envscan_matrix *m = b->m;
    if ((m->n_keys + 1) * 2 > b->n_slot &&
        !es_slots_grow(&b->slot, &b->n_slot, 256, m->keys, m->n_keys, sizeof *m->keys))
        return UINT32_MAX;
    uint64_t h = XXH3_64bits(key, len);
    size_t at = h & (b->n_slot - 1);
    for (; b->slot[at]; at = (at + 1) & (b->n_slot - 1)) {
        const mkey *k = &m->keys[b->slot[at] - 1];
        if (k->hash == h && k->len == len && memcmp(k->key, key, len) == 0)
            return b->slot[at] - 1;
    }
    if (m->n_keys >= UINT32_MAX - 1 ||
        !grow((void **)&m->keys, &b->cap_keys, m->n_keys + 1, sizeof *m->keys))
        return UINT32_MAX;
    m->keys[m->n_keys] = (mkey){.hash = h, .key = key, .len = len};
    b->slot[at] = (uint32_t)++m->n_keys;
    return (uint32_t)(m->n_keys - 1);
}

static int make_entries(builder *b, const envscan_result *res)
{
    envscan_matrix *m = b->m;
    secret_set sec;
    FORWARD_IF_ERROR(secrets_make(&sec, res));
    int rc = ENVSCAN_OK;
    /* (a streamed result has no files, hence no columns) */
    for (uint32_t c = 0; c < m->n_cols && rc == ENVSCAN_OK; c++) {
        const envscan_file *f = &res->files[m->cols[c].file];
        for (size_t i = f->first_record; i < f->first_record + f->record_count; i++) {
            const envscan_record *r = &res->records[i];
            if (r->kind != ENVSCAN_KIND_DEFINITION)
                continue;
            uint32_t id = intern(b, r->key, r->key_len);
            if (id == UINT32_MAX) {
                rc = ENVSCAN_E_NOMEM;
                break;
            }
            mkey *k = &m->keys[id];
            bool secret = secrets_has(&sec, r);
            if (k->last_col == c + 1) { /* defined again: the later one wins */
                m->ents[k->last_ent].rec = r;
                m->ents[k->last_ent].secret |= secret;
                continue;
            }
            if (m->n_ents >= UINT32_MAX - 1 || /* entries are named by 32-bit indices */
                !grow((void **)&m->ents, &b->cap_ents, m->n_ents + 1, sizeof *m->ents)) {
                rc = ENVSCAN_E_NOMEM;
                break;
            }
            k->last_col = c + 1;
            k->last_ent = (uint32_t)m->n_ents;
            k->n++;
            m->ents[m->n_ents++] = (ment){.key = id, .col = c, .rec = r, .ref = UINT32_MAX,
                                          .secret = secret};
        }
    }
    free(sec.slot);
    return rc;
}

/* ------------------------------------------------------------------- rows */

static int key_cmp(const void *a, const void *b)
{
    const mkey *x = a, *y = b;
    int c = memcmp(x->key, y->key, x->len < y->len ? x->len : y->len);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Sort the keys and lay the entries out row by row (column order kept). */
static int make_rows(envscan_matrix *m)
{
    m->row_at = calloc(m->n_keys + 1, sizeof *m->row_at);
    uint32_t *row_of = malloc((m->n_keys ? m->n_keys : 1) * sizeof *row_of);
    ment *sorted = malloc((m->n_ents ? m->n_ents : 1) * sizeof *sorted);
    if (!m->row_at || !row_of || !sorted) {
        free(row_of);
        free(sorted);
        return ENVSCAN_E_NOMEM;
    }
    /* remember each key's id in `row` before sorting moves it */
    for (size_t i = 0; i < m->n_keys; i++)
        m->keys[i].row = (uint32_t)i;
    if (m->n_keys > 1) /* (no keys: m->keys is NULL, which qsort must not get) */
        qsort(m->keys, m->n_keys, sizeof *m->keys, key_cmp);
    for (size_t r = 0; r < m->n_keys; r++) {
        row_of[m->keys[r].row] = (uint32_t)r;
        m->keys[r].row = (uint32_t)r;
        m->row_at[r + 1] = m->row_at[r] + m->keys[r].n;
    }
    size_t *next = malloc((m->n_keys ? m->n_keys : 1) * sizeof *next);
    if (!next) {
        free(row_of);
        free(sorted);
        return ENVSCAN_E_NOMEM;
    }
    memcpy(next, m->row_at, m->n_keys * sizeof *next);
    for (size_t i = 0; i < m->n_ents; i++) {
        ment e = m->ents[i];
        e.key = row_of[e.key];
        sorted[next[e.key]++] = e;
    }
    free(next);
    free(row_of);
    free(m->ents);
    m->ents = sorted;
    return ENVSCAN_OK;
}

/* ---------------------------------------------------------------- states */

static bool has_value(const envscan_record *r) { return r->value && r->value_len; }

static bool same_value(const envscan_record *a, const envscan_record *b)
{
    return a->value_len == b->value_len && memcmp(a->value, b->value, a->value_len) == 0;
}

typedef struct vslot {
    uint64_t hash;
    const ment *e;
} vslot;

static int vslot_cmp(const void *a, const void *b)
{
    const vslot *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    const envscan_record *p = x->e->rec, *q = y->e->rec;
    if (p->value_len != q->value_len)
        return p->value_len < q->value_len ? -1 : 1;
    int c = memcmp(p->value, q->value, p->value_len);
    return c ? c : (x->e->col > y->e->col) - (x->e->col < y->e->col);
}

/* The entry holding the reference value among run[0, n) (one key, one
 * directory), or NULL: the directory's `.env` when its value is not
 * empty, else the most common non-empty non-template value, a tie going
 * to the one whose first holder comes first. `scratch` has room for n. */
static const ment *reference(const envscan_matrix *m, const ment *run, size_t n, vslot *scratch)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const mcol *c = &m->cols[run[i].col];
        if (c->tmpl || !has_value(run[i].rec))
            continue;
        if (strcmp(c->path + c->dir_len, ".env") == 0)
            return &run[i];
        scratch[k++] = (vslot){XXH3_64bits(run[i].rec->value, run[i].rec->value_len), &run[i]};
    }
    if (k == 0)
        return NULL;
    qsort(scratch, k, sizeof *scratch, vslot_cmp);
    const ment *best = NULL;
    size_t best_n = 0;
    for (size_t i = 0; i < k;) {
        size_t j = i + 1;
        while (j < k && scratch[j].hash == scratch[i].hash &&
               same_value(scratch[j].e->rec, scratch[i].e->rec))
            j++;
        /* scratch[i] is the earliest column holding this value */
        if (j - i > best_n || (j - i == best_n && scratch[i].e->col < best->col)) {
            best = scratch[i].e;
            best_n = j - i;
        }
        i = j;
    }
    return best;
}

static int make_states(envscan_matrix *m)
{
    /* non-override columns per directory, for `missing` drift */
    size_t n_groups = m->n_cols ? m->cols[m->n_cols - 1].group + 1u : 0;
    uint32_t *strict = calloc(n_groups ? n_groups : 1, sizeof *strict);
    size_t widest = 0;
    for (size_t r = 0; r < m->n_keys; r++)
        widest = m->keys[r].n > widest ? m->keys[r].n : widest;
    vslot *scratch = malloc((widest ? widest : 1) * sizeof *scratch);
    m->drift = calloc(m->n_keys ? m->n_keys : 1, 1);
    if (!strict || !scratch || !m->drift) {
        free(strict);
        free(scratch);
        return ENVSCAN_E_NOMEM;
    }
    for (size_t c = 0; c < m->n_cols; c++)
        strict[m->cols[c].group] += !m->cols[c].over;
    for (size_t r = 0; r < m->n_keys; r++) {
        ment *row = m->ents + m->row_at[r];
        const size_t n = m->keys[r].n;
        for (size_t i = 0; i < n;) {
            const uint32_t g = m->cols[row[i].col].group;
            size_t j = i, defined_strict = 0;
            while (j < n && m->cols[row[j].col].group == g)
                defined_strict += !m->cols[row[j++].col].over;
            const ment *ref = reference(m, row + i, j - i, scratch);
            for (size_t e = i; e < j; e++) {
                ment *x = &row[e];
                x->ref = ref ? (uint32_t)(ref - m->ents) : UINT32_MAX;
                if (x->secret)
                    x->state = ENVSCAN_CELL_SECRET;
                else if (m->cols[x->col].tmpl)
                    x->state = ENVSCAN_CELL_TEMPLATE;
                else if (!has_value(x->rec))
                    x->state = ENVSCAN_CELL_EMPTY;
                else if (ref && !same_value(x->rec, ref->rec))
                    x->state = ENVSCAN_CELL_DIFFERS;
                else
                    x->state = ENVSCAN_CELL_PRESENT;
                m->drift[r] |= x->state == ENVSCAN_CELL_DIFFERS;
            }
            m->drift[r] |= defined_strict < strict[g];
            i = j;
        }
    }
    free(strict);
    free(scratch);
    return ENVSCAN_OK;
}

int envscan_matrix_build(const envscan_result *res, envscan_matrix **out)
{
    if (out)
        *out = NULL;
    RETURN_IF(!res || !out, ENVSCAN_E_INVALID);
    envscan_matrix *m = calloc(1, sizeof *m);
    RETURN_IF(!m, ENVSCAN_E_NOMEM);
    builder b = {.m = m};
    int rc = make_columns(m, res);
    if (rc == ENVSCAN_OK)
        rc = make_entries(&b, res);
    free(b.slot);
    if (rc == ENVSCAN_OK)
        rc = make_rows(m);
    if (rc == ENVSCAN_OK)
        rc = make_states(m);
    if (rc != ENVSCAN_OK) {
        envscan_matrix_free(m);
        return rc;
    }
    *out = m;
    return ENVSCAN_OK;
}

/* ---------------------------------------------------------------- getters */

size_t envscan_matrix_file_count(const envscan_matrix *m) { return m ? m->n_cols : 0; }
size_t envscan_matrix_key_count(const envscan_matrix *m) { return m ? m->n_keys : 0; }

const char *envscan_matrix_file(const envscan_matrix *m, size_t i)
{
    return m && i < m->n_cols ? m->cols[i].path : NULL;
}

int envscan_matrix_file_is_template(const envscan_matrix *m, size_t i)
{
    return m && i < m->n_cols && m->cols[i].tmpl;
}

const char *envscan_matrix_key(const envscan_matrix *m, size_t k)
{
    return m && k < m->n_keys ? m->keys[k].key : NULL;
}

int envscan_matrix_key_drift(const envscan_matrix *m, size_t k)
{
    return m && k < m->n_keys && m->drift[k];
}

/* The position of column f in row k's entries: the first entry whose
 * column is >= f (== end when none). */
static size_t seek(const envscan_matrix *m, size_t k, size_t f)
{
    size_t lo = m->row_at[k], hi = m->row_at[k + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->ents[mid].col < f)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Row k's entry at column f, or NULL. */
static const ment *entry(const envscan_matrix *m, size_t k, size_t f, size_t *at)
{
    if (!m || k >= m->n_keys || f >= m->n_cols)
        return NULL;
    *at = seek(m, k, f);
    return *at < m->row_at[k + 1] && m->ents[*at].col == f ? &m->ents[*at] : NULL;
}

envscan_cell envscan_matrix_cell(const envscan_matrix *m, size_t k, size_t f)
{
    size_t at = 0;
    const ment *e = entry(m, k, f, &at);
    if (e)
        return (envscan_cell)e->state;
    if (!m || k >= m->n_keys || f >= m->n_cols)
        return ENVSCAN_CELL_NONE;
    /* the directory's columns are adjacent, so are the row's entries in it */
    const uint32_t g = m->cols[f].group;
    bool here = (at > m->row_at[k] && m->cols[m->ents[at - 1].col].group == g) ||
                (at < m->row_at[k + 1] && m->cols[m->ents[at].col].group == g);
    return here ? ENVSCAN_CELL_MISSING : ENVSCAN_CELL_NONE;
}

size_t es_matrix_row_cells(const envscan_matrix *m, size_t k, uint32_t *col, char *letter)
{
    size_t n = 0, at = m->row_at[k];
    const size_t end = m->row_at[k + 1];
    while (at < end) { /* one directory of the row at a time */
        const uint32_t g = m->cols[m->ents[at].col].group;
        size_t a = m->ents[at].col, b = a + 1;
        while (a > 0 && m->cols[a - 1].group == g)
            a--;
        while (b < m->n_cols && m->cols[b].group == g)
            b++;
        for (size_t c = a; c < b; c++) {
            if (at < end && m->ents[at].col == c)
                letter[n] = envscan_cell_name((envscan_cell)m->ents[at++].state)[0];
            else
                letter[n] = 'm'; /* the key's directory, not this file */
            col[n++] = (uint32_t)c;
        }
    }
    return n;
}

const envscan_record *envscan_matrix_record(const envscan_matrix *m, size_t k, size_t f)
{
    size_t at = 0;
    const ment *e = entry(m, k, f, &at);
    return e ? e->rec : NULL;
}

const envscan_record *envscan_matrix_reference(const envscan_matrix *m, size_t k, size_t f)
{
    if (!m || k >= m->n_keys || f >= m->n_cols)
        return NULL;
    const uint32_t g = m->cols[f].group;
    size_t at = seek(m, k, f);
    /* any entry of the directory holds the run's reference */
    const ment *e = at < m->row_at[k + 1] && m->cols[m->ents[at].col].group == g ? &m->ents[at]
                    : at > m->row_at[k] && m->cols[m->ents[at - 1].col].group == g
                        ? &m->ents[at - 1]
                        : NULL;
    return e && e->ref != UINT32_MAX ? m->ents[e->ref].rec : NULL;
}
