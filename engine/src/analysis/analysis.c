/*
 * analysis.c — cross-file findings over one scan (see analysis.h and
 * docs/analysis.md for the rules and the decisions behind them).
 *
 * One pass over the records, O(records): every key is interned once in an
 * open-addressing table keyed by XXH3 (as the dotenv parser hashes keys),
 * and its entry gathers what the rules ask: is it defined somewhere, read
 * somewhere, where it is first read without a default and how often.
 * Definitions are kept as one site per key and file (the first one), in
 * file order, each file owning a contiguous range of them: that is the
 * per-file key set drift compares, and the shape a later N-way presence
 * matrix (files x keys of a directory, for the HTML report) is built from
 * without reading the records again.
 *
 * Drift compares each env file with one template of its directory, using
 * a generation stamp on the key entries instead of a set per file: mark
 * the keys of one side, test the other, both ways. Each env file is paired
 * with at most one template, so drift is linear in the definitions too.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "analysis.h"
#include "context.h"
#include "gitstate.h"
#include "fingerprint.h"
#include "rules.h"

/* ------------------------------------------------------- well-known names */

/* Variables the operating system, a shell, a CI runner or a language
 * runtime provides: a program reading them is not missing a definition,
 * and a file setting them is read by that runtime, not by scanned code.
 * An entry ending in '*' is a prefix. NODE_ENV is in: build tools and
 * hosting platforms set it, and most JavaScript code reads it. Actions
 * `secrets.*` and `vars.*` are repository settings, never files. */
static const char *const well_known[] = {
    "PATH", "HOME", "USER", "USERNAME", "LOGNAME", "SHELL", "SHLVL", "PWD", "OLDPWD",
    "TMPDIR", "TMP", "TEMP", "LANG", "LANGUAGE", "LC_*", "TZ", "TERM", "COLORTERM",
    "NO_COLOR", "FORCE_COLOR", "EDITOR", "VISUAL", "PAGER", "DISPLAY", "HOSTNAME",
    "SSH_AUTH_SOCK", "XDG_*", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY",
    "http_proxy", "https_proxy", "no_proxy", "all_proxy",
    /* Windows */
    "APPDATA", "LOCALAPPDATA", "USERPROFILE", "SYSTEMROOT", "SystemRoot", "COMSPEC",
    "ProgramFiles", "PROGRAMFILES", "WINDIR", "windir",
    /* CI runners: GitHub Actions, GitLab CI, and the generic flag */
    "CI", "GITHUB_*", "RUNNER_*", "CI_*", "GITLAB_*", "secrets.*", "vars.*",
    /* Kubernetes service discovery */
    "KUBERNETES_SERVICE_*", "KUBERNETES_PORT*",
    /* runtimes */
    "NODE_ENV",
};

static bool pattern_match(const char *pat, const char *key, size_t len)
{
    size_t pl = strlen(pat);
    if (pl && pat[pl - 1] == '*')
        return len >= pl - 1 && memcmp(pat, key, pl - 1) == 0;
    return pl == len && memcmp(pat, key, len) == 0;
}

bool es_analysis_well_known(const char *key, size_t len)
{
    for (size_t i = 0; i < sizeof well_known / sizeof well_known[0]; i++)
        if (pattern_match(well_known[i], key, len))
            return true;
    return false;
}

/* ---------------------------------------------------------- template names */

/* A dotenv file is a template (it documents keys, it is not loaded) when
 * one dot-separated part of its name is one of these, in any case:
 * .env.example, .env.sample, .env.template, .env.dist, app.env.example,
 * example.env, .env.local.example. */
static const char *const template_words[] = {"example", "sample", "template", "tmpl", "tpl",
                                             "dist"};

/* If `base` names a template, the name without the template word (and
 * one dot next to it) into out[] ("" fits: out has len+1 bytes), unless
 * out is NULL. */
bool es_analysis_template_name(const char *base, char *out)
{
    size_t n = strlen(base);
    for (size_t s = 0; s <= n;) {
        size_t e = s;
        while (e < n && base[e] != '.')
            e++;
        for (size_t w = 0; w < sizeof template_words / sizeof template_words[0]; w++) {
            const char *word = template_words[w];
            if (e - s == strlen(word) && strncasecmp(base + s, word, e - s) == 0) {
                if (!out)
                    return true;
                size_t cut_s = s > 0 ? s - 1 : s, cut_e = s > 0 ? e : (e < n ? e + 1 : e);
                memcpy(out, base, cut_s);
                memcpy(out + cut_s, base + cut_e, n - cut_e);
                out[cut_s + n - cut_e] = '\0';
                return true;
            }
        }
        s = e + 1;
    }
    return false;
}

/* ------------------------------------------------------------------ state */

enum { ROLE_OTHER = 0, ROLE_ENV = 1, ROLE_TEMPLATE = 2 };

typedef struct kent {
    uint64_t hash; /* first: es_slots_grow() reads it */
    const char *key;
    uint32_t len;
    uint32_t last_file; /* 1 + the last file that got a definition site */
    uint32_t stamp;     /* drift's generation mark                       */
    uint32_t n_uses;    /* reads without a default                       */
    uint32_t use_file, use_line, use_col; /* the first of them          */
    bool defined, used;
} kent;

_Static_assert(offsetof(kent, hash) == 0, "es_slots_grow() reads the hash first");

typedef struct afile {
    const char *path;
    const char *base;     /* within path                                */
    const char *stripped; /* template: base without the template word   */
    uint32_t dir_len;     /* path[0, dir_len) is the directory           */
    uint16_t format;
    uint8_t role;
    size_t first_site, n_sites;
    size_t first_def, n_defs; /* into es_analysis.defs */
    uint32_t n_values;        /* definitions with a non-empty value */
    bool ignored;             /* ENVSCAN_FILE_IGNORED               */
} afile;

typedef struct asite {
    uint32_t key, file, line, col;
    uint64_t vh;       /* es_fp_value of the definition's value */
    bool has_value;
    uint16_t format; /* of the record: a YAML file holds Kubernetes objects */
} asite;

typedef struct afind {
    uint32_t file; /* UINT32_MAX: about no file */
    uint32_t line, col;
    const char *key; /* NULL: about no key      */
    const es_rule *rule;
    const char *msg;
    uint64_t vh; /* the value it is about (fingerprints), if has_value */
    bool has_value;
} afind;

struct es_analysis {
    es_arena arena;
    es_vec keys;  /* kent  */
    uint32_t *slot; /* 1 + index into keys; 0 = empty */
    size_t n_slot;
    es_vec files; /* afile */
    es_vec sites; /* asite */
    es_vec defs;  /* es_cdef: every definition of the formats with
                     environments that can conflict (context.h)     */
    es_vec finds; /* afind */
    char **allow;
    size_t n_allow;
    size_t n_source;
    uint64_t seed; /* of fingerprints: values are kept as their hash */
    bool oom;
    bool borrow; /* es_analysis_borrow: keys are not copied */
};

void es_analysis_borrow(es_analysis *an) { an->borrow = true; }

int es_analysis_create(es_analysis **out, uint64_t seed, const char *const *allow,
                       size_t n_allow)
{
    es_analysis *an = calloc(1, sizeof *an);
    RETURN_IF(!an, ENVSCAN_E_NOMEM);
    an->seed = seed;
    es_arena_init(&an->arena);
    es_vec_init(&an->keys, sizeof(kent));
    es_vec_init(&an->files, sizeof(afile));
    es_vec_init(&an->sites, sizeof(asite));
    es_vec_init(&an->defs, sizeof(es_cdef));
    es_vec_init(&an->finds, sizeof(afind));
    an->allow = n_allow ? calloc(n_allow, sizeof *an->allow) : NULL;
    bool oom = n_allow && !an->allow;
    for (size_t i = 0; i < n_allow && !oom; i++)
        oom = !(an->allow[an->n_allow++] =
                    es_arena_strndup(&an->arena, allow[i], strlen(allow[i])));
    if (oom) {
        es_analysis_free(an);
        return ENVSCAN_E_NOMEM;
    }
    *out = an;
    return ENVSCAN_OK;
}

void es_analysis_free(es_analysis *an)
{
    if (!an)
        return;
    es_arena_free(&an->arena);
    es_vec_free(&an->keys);
    es_vec_free(&an->files);
    es_vec_free(&an->sites);
    es_vec_free(&an->defs);
    es_vec_free(&an->finds);
    free(an->slot);
    free(an->allow);
    free(an);
}

bool es_slots_grow(uint32_t **slot, size_t *n_slot, size_t first, const void *items, size_t n,
                   size_t stride)
{
    size_t cap = *n_slot ? *n_slot * 2 : first;
    uint32_t *t = calloc(cap, sizeof *t);
    if (!t)
        return false;
    for (size_t i = 0; i < n; i++) {
        uint64_t h;
        memcpy(&h, (const char *)items + i * stride, sizeof h);
        size_t at = h & (cap - 1);
        while (t[at])
            at = (at + 1) & (cap - 1);
        t[at] = (uint32_t)i + 1;
    }
    free(*slot);
    *slot = t;
    *n_slot = cap;
    return true;
}

static bool grow_table(es_analysis *an)
{
    return es_slots_grow(&an->slot, &an->n_slot, 1024, an->keys.data, an->keys.len, sizeof(kent));
}

/* The entry of a key, made on first sight; NULL on OOM. */
static kent *intern(es_analysis *an, const char *key, size_t len)
{
    if ((an->keys.len + 1) * 2 > an->n_slot && !grow_table(an))
        return NULL;
    uint64_t h = XXH3_64bits(key, len);
    size_t at = h & (an->n_slot - 1);
    for (; an->slot[at]; at = (at + 1) & (an->n_slot - 1)) {
        kent *k = &ES_VEC_AT(&an->keys, kent, an->slot[at] - 1);
        if (k->hash == h && k->len == len && memcmp(k->key, key, len) == 0)
            return k;
    }
    if (an->keys.len >= UINT32_MAX - 1)
        return NULL;
    const char *copy = an->borrow ? key : es_arena_strndup(&an->arena, key, len);
    kent *k = copy ? es_vec_push(&an->keys) : NULL;
    if (!k)
        return NULL;
    *k = (kent){.hash = h, .key = copy, .len = (uint32_t)len};
    an->slot[at] = (uint32_t)an->keys.len;
    return k;
}

static bool is_config(uint16_t format)
{
    return format >= ENVSCAN_FORMAT_JSON && format <= ENVSCAN_FORMAT_PROPERTIES;
}

/* A placeholder in a structured config file names an environment
 * variable by convention only when it is written as one: upper-case
 * letters, digits and '_' (DB_HOST). `host`, `spring.db.password`,
 * configparser's `%(port)s` name config properties, which are not
 * checked here. */
static bool env_shaped(const char *k, size_t n)
{
    bool letter = false;
    for (size_t i = 0; i < n; i++) {
        if (k[i] >= 'A' && k[i] <= 'Z')
            letter = true;
        else if (!(k[i] == '_' || (k[i] >= '0' && k[i] <= '9')))
            return false;
    }
    return letter;
}

static bool is_source(uint16_t format)
{
    return format >= ENVSCAN_FORMAT_JAVASCRIPT && format <= ENVSCAN_FORMAT_C;
}

/* Formats whose definitions hand variables to a program that may be in
 * the scan: their definitions can be `unused`. Shell scripts and
 * workflows are left out: what reads their variables (the commands they
 * run, the actions) is not source code envscan reads. */
static bool unused_candidate(uint16_t format)
{
    return format == ENVSCAN_FORMAT_DOTENV || format == ENVSCAN_FORMAT_COMPOSE ||
           format == ENVSCAN_FORMAT_KUBERNETES || format == ENVSCAN_FORMAT_DOCKERFILE ||
           format == ENVSCAN_FORMAT_SYSTEMD;
}

/* Formats whose definitions take part in `conflict`: the ones a compose
 * service, a container or a unit is made of (context.h). */
static bool conflict_format(uint16_t format)
{
    return format == ENVSCAN_FORMAT_DOTENV || format == ENVSCAN_FORMAT_COMPOSE ||
           format == ENVSCAN_FORMAT_KUBERNETES || format == ENVSCAN_FORMAT_SYSTEMD;
}

/* Keep a definition for the environments; the scope is copied once per
 * run of equal scopes. */
static bool keep_def(es_analysis *an, const envscan_record *r, uint32_t key)
{
    es_cdef *d = es_vec_push(&an->defs);
    if (!d)
        return false;
    const es_cdef *prev = an->defs.len > 1 ? d - 1 : NULL;
    const char *scope = NULL;
    if (r->scope) {
        if (prev && prev->scope && strcmp(prev->scope, r->scope) == 0)
            scope = prev->scope;
        else if (!(scope = es_arena_strndup(&an->arena, r->scope, strlen(r->scope))))
            return false;
    }
    bool concrete = es_cdef_concrete(r);
    *d = (es_cdef){.key = key, .line = r->line, .col = r->column, .flags = r->flags,
                   .format = r->format,
                   .scope = scope, .concrete = concrete,
                   /* salted as fingerprints hash values: the conflict
                    * finding's fingerprint holds the winner's */
                   .vhash = concrete ? es_fp_value(an->seed, r->value, r->value_len) : 0,
                   .record = SIZE_MAX};
    return true;
}

int es_analysis_add(es_analysis *an, const envscan_file *f, const envscan_record *recs,
                    size_t n)
{
    RETURN_IF(an->oom, ENVSCAN_E_NOMEM);
    if (n == 0 && f->format != ENVSCAN_FORMAT_DOTENV) {
        /* nothing to remember but that source code was read (a source
         * file without usages is the common case): no copy of its path */
        an->n_source += is_source((uint16_t)f->format);
        return ENVSCAN_OK;
    }
    const uint32_t serial = (uint32_t)an->files.len;
    afile *af = es_vec_push(&an->files);
    /* a copy even when borrowing: reports tell a finding from the file's
     * own diagnostics by the path pointer */
    char *path = af ? es_arena_strndup(&an->arena, f->path, strlen(f->path)) : NULL;
    if (!path) {
        an->oom = true;
        return ENVSCAN_E_NOMEM;
    }
    const char *slash = strrchr(path, '/');
    af->path = path;
    af->base = slash ? slash + 1 : path;
    af->dir_len = (uint32_t)(af->base - path);
    af->format = (uint16_t)f->format;
    af->ignored = (f->flags & ENVSCAN_FILE_IGNORED) != 0;
    af->first_site = an->sites.len;
    af->first_def = an->defs.len;
    an->n_source += is_source(af->format);
    if (af->format == ENVSCAN_FORMAT_DOTENV) {
        char *stripped = es_arena_alloc_chars(&an->arena, strlen(af->base) + 1, 0);
        if (!stripped) {
            an->oom = true;
            return ENVSCAN_E_NOMEM;
        }
        af->role = es_analysis_template_name(af->base, stripped) ? ROLE_TEMPLATE : ROLE_ENV;
        af->stripped = af->role == ROLE_TEMPLATE ? stripped : NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const envscan_record *r = &recs[i];
        if (r->kind == ENVSCAN_KIND_CONFIG ||
            (r->kind == ENVSCAN_KIND_USAGE && (r->flags & ENVSCAN_RECORD_DYNAMIC)))
            continue;
        kent *k = intern(an, r->key, r->key_len);
        if (!k) {
            an->oom = true;
            return ENVSCAN_E_NOMEM;
        }
        if (r->kind == ENVSCAN_KIND_DEFINITION) {
            k->defined = true;
            af->n_values += r->value_len > 0;
            if (conflict_format(r->format) &&
                !keep_def(an, r, (uint32_t)(k - (kent *)an->keys.data))) {
                an->oom = true;
                return ENVSCAN_E_NOMEM;
            }
            if (k->last_file == serial + 1)
                continue;
            k->last_file = serial + 1;
            asite *s = es_vec_push(&an->sites);
            if (!s) {
                an->oom = true;
                return ENVSCAN_E_NOMEM;
            }
            *s = (asite){.key = (uint32_t)(k - (kent *)an->keys.data), .file = serial,
                         .line = r->line, .col = r->column,
                         .vh = r->value ? es_fp_value(an->seed, r->value, r->value_len) : 0,
                         .has_value = r->value != NULL, .format = r->format};
            continue;
        }
        /* a usage or a reference: a read; one with a default needs no
         * definition (a usage's value is its default) */
        k->used = true;
        bool defaulted = (r->flags & ENVSCAN_RECORD_DEFAULTED) ||
                         (r->kind == ENVSCAN_KIND_USAGE && r->value != NULL);
        if (defaulted || (is_config(af->format) && !env_shaped(r->key, r->key_len)))
            continue;
        if (k->n_uses++ == 0) {
            k->use_file = serial;
            k->use_line = r->line;
            k->use_col = r->column;
        }
    }
    af->n_sites = an->sites.len - af->first_site;
    af->n_defs = an->defs.len - af->first_def;
    return ENVSCAN_OK;
}

/* ---------------------------------------------------------------- findings */

static kent *key_at(es_analysis *an, uint32_t i) { return &ES_VEC_AT(&an->keys, kent, i); }
static afile *file_at(es_analysis *an, uint32_t i) { return &ES_VEC_AT(&an->files, afile, i); }

/* A finding; `site`: the definition it is about, whose value its
 * fingerprint holds (NULL: about no value; a read without a default, the
 * only read `missing` reports, has none). */
static void find(es_analysis *an, const char *rule, uint32_t file, uint32_t line, uint32_t col,
                 const char *key, const asite *site, const char *msg)
{
    afind *f = msg ? es_vec_push(&an->finds) : NULL;
    if (!f) {
        an->oom = true;
        return;
    }
    *f = (afind){.file = file, .line = line, .col = col, .key = key,
                 .rule = es_rule_find(rule), .msg = msg,
                 .vh = site ? site->vh : 0, .has_value = site && site->has_value};
}


static bool allowed(const es_analysis *an, const kent *k)
{
    if (es_analysis_well_known(k->key, k->len))
        return true;
    for (size_t i = 0; i < an->n_allow; i++)
        if (pattern_match(an->allow[i], k->key, k->len))
            return true;
    return false;
}

static void rule_missing(es_analysis *an)
{
    for (uint32_t i = 0; i < an->keys.len; i++) {
        kent *k = key_at(an, i);
        if (!k->n_uses || k->defined || allowed(an, k))
            continue;
        const char *msg =
            k->n_uses == 1
                ? es_arena_printf(&an->arena, "%s is read here but no scanned file defines it",
                                  k->key)
                : es_arena_printf(&an->arena,
                                  "%s is read here and in %u other place%s but no scanned file "
                                  "defines it",
                                  k->key, k->n_uses - 1, k->n_uses == 2 ? "" : "s");
        find(an, "missing", k->use_file, k->use_line, k->use_col, k->key, NULL, msg);
    }
}

static void rule_unused(es_analysis *an)
{
    bool hidden = false;
    for (size_t i = 0; i < an->sites.len; i++) {
        const asite *s = &ES_VEC_AT(&an->sites, asite, i);
        const afile *f = file_at(an, s->file);
        const kent *k = key_at(an, s->key);
        if (f->role == ROLE_TEMPLATE || !unused_candidate(s->format) || k->used ||
            es_analysis_well_known(k->key, k->len))
            continue;
        if (!an->n_source) {
            hidden = true;
            break;
        }
        find(an, "unused", s->file, s->line, s->col, k->key, s,
             es_arena_printf(&an->arena, "%s is defined here but no scanned code or file reads it",
                             k->key));
    }
    if (hidden)
        find(an, "unused-unchecked", UINT32_MAX, 0, 0, NULL, NULL,
             es_arena_printf(&an->arena, "unused definitions are not reported: the scan read no "
                                         "source code, so nothing tells what is read"));
}

/* The template env file `e` is compared with: among the templates of its
 * directory (t[0, nt)), the one whose name without the template word is
 * e's name or the longest dot-prefix of it (.env.example for .env and
 * .env.production; .env.production.example for .env.production.local;
 * example.env, whose rest "env" reads as ".env", for .env). None when no
 * name matches: docker.env beside .env.example is another file's
 * business, and guessing would report every key of it. */
size_t es_template_match(const char *env_base, const char *stripped)
{
    const char *st = strcmp(stripped, "env") == 0 ? ".env" : stripped;
    size_t sl = strlen(st), bl = strlen(env_base);
    if (sl == 0 || sl > bl || memcmp(st, env_base, sl) != 0 || (sl < bl && env_base[sl] != '.'))
        return 0;
    return sl;
}

static const afile *template_for(const afile *e, const afile *const *t, size_t nt)
{
    const afile *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < nt; i++) {
        size_t sl = es_template_match(e->base, t[i]->stripped);
        if (!sl)
            continue;
        if (!best || sl > best_len) {
            best = t[i];
            best_len = sl;
        }
    }
    return best;
}

/* `.env.local`, `.env.production.local`: loaded over the other files to
 * change a few keys on one machine. */
bool es_analysis_override_name(const char *base)
{
    size_t n = strlen(base);
    return n > 6 && strcmp(base + n - 6, ".local") == 0;
}

/* Do `o` and `e` (env files of one directory) load together, with `o`
 * first, in node's layering (.env < .env.local < .env.MODE <
 * .env.MODE.local; no .env.local in the mode `test`)? */
static bool loads_with(const afile *e, const afile *o)
{
    const char *em, *om;
    size_t el, ol;
    int le = es_dotenv_layer(e->base, &em, &el), lo = es_dotenv_layer(o->base, &om, &ol);
    if (le < 0 || lo < 0 || o == e || o->role != ROLE_ENV)
        return false;
    if (lo <= 1)
        return lo != le && !(lo == 1 && el == 4 && memcmp(em, "test", 4) == 0);
    return le >= 2 && el == ol && memcmp(em, om, el) == 0;
}

/* `dir` (nd files): e's directory, whose files that load with e count
 * as e's for the template's keys. */
static void drift_pair(es_analysis *an, const afile *e, const afile *t, const afile *const *dir,
                       size_t nd, uint32_t *gen)
{
    const asite *es = &ES_VEC_AT(&an->sites, asite, e->first_site);
    const asite *ts = &ES_VEC_AT(&an->sites, asite, t->first_site);
    const uint32_t ei = (uint32_t)(e - (afile *)an->files.data);
    ++*gen;
    for (size_t i = 0; i < t->n_sites; i++)
        key_at(an, ts[i].key)->stamp = *gen;
    for (size_t i = 0; i < e->n_sites; i++)
        if (key_at(an, es[i].key)->stamp != *gen)
            find(an, "drift", ei, es[i].line, es[i].col, key_at(an, es[i].key)->key, &es[i],
                 es_arena_printf(&an->arena, "%s is not in the template %s",
                                 key_at(an, es[i].key)->key, t->base));
    if (es_analysis_override_name(e->base))
        return; /* it holds what it changes, not every key */
    ++*gen;
    for (size_t i = 0; i < e->n_sites; i++)
        key_at(an, es[i].key)->stamp = *gen;
    for (size_t k = 0; k < nd; k++)
        if (loads_with(e, dir[k]))
            for (size_t i = 0; i < dir[k]->n_sites; i++)
                key_at(an, ES_VEC_AT(&an->sites, asite, dir[k]->first_site + i).key)->stamp =
                    *gen;
    for (size_t i = 0; i < t->n_sites; i++)
        if (key_at(an, ts[i].key)->stamp != *gen)
            find(an, "drift", ei, 0, 0, key_at(an, ts[i].key)->key, NULL,
                 es_arena_printf(&an->arena, "%s of the template %s (line %u) is not defined here",
                                 key_at(an, ts[i].key)->key, t->base, ts[i].line));
}

static int dir_cmp(const void *a, const void *b)
{
    const afile *x = *(const afile *const *)a, *y = *(const afile *const *)b;
    size_t n = x->dir_len < y->dir_len ? x->dir_len : y->dir_len;
    int c = memcmp(x->path, y->path, n);
    if (c)
        return c;
    if (x->dir_len != y->dir_len)
        return x->dir_len < y->dir_len ? -1 : 1;
    return x < y ? -1 : x > y; /* path order within a directory */
}

static void rule_drift(es_analysis *an)
{
    size_t n = 0;
    for (size_t i = 0; i < an->files.len; i++)
        n += file_at(an, (uint32_t)i)->role != ROLE_OTHER;
    if (!n)
        return;
    const afile **v = malloc(2 * n * sizeof *v), **t = v + n;
    if (!v) {
        an->oom = true;
        return;
    }
    n = 0;
    for (size_t i = 0; i < an->files.len; i++)
        if (file_at(an, (uint32_t)i)->role != ROLE_OTHER)
            v[n++] = file_at(an, (uint32_t)i);
    qsort(v, n, sizeof *v, dir_cmp);
    uint32_t gen = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && v[j]->dir_len == v[i]->dir_len &&
               memcmp(v[j]->path, v[i]->path, v[i]->dir_len) == 0)
            j++;
        /* v[i, j): one directory */
        size_t nt = 0;
        for (size_t k = i; k < j; k++)
            if (v[k]->role == ROLE_TEMPLATE)
                t[nt++] = v[k];
        for (size_t k = i; k < j && nt; k++) {
            const afile *tp = v[k]->role == ROLE_ENV ? template_for(v[k], t, nt) : NULL;
            if (tp)
                drift_pair(an, v[k], tp, v + i, j - i, &gen);
        }
        i = j;
    }
    free(v);
}

/* -------------------------------------------------------- dotenv-committed */

/* An env file (not a template) that holds values and that git tracks, or
 * that sits in a git work tree with no ignore rule keeping it out. */
static void rule_committed(es_analysis *an)
{
    es_git_state *g = NULL;
    for (uint32_t i = 0; i < an->files.len && !an->oom; i++) {
        const afile *f = file_at(an, i);
        if (f->role != ROLE_ENV || !f->n_values)
            continue;
        if (!g && !(g = es_git_state_create())) {
            an->oom = true;
            break;
        }
        es_git_answer a = es_git_tracked(g, f->path);
        const char *n = f->n_values == 1 ? "" : "s";
        if (a == ES_GIT_TRACKED)
            find(an, "dotenv-committed", i, 0, 0, NULL, NULL,
                 es_arena_printf(&an->arena,
                                 "%s holds %u value%s and git tracks it: every clone has them; "
                                 "untrack it (git rm --cached) and ignore it",
                                 f->base, f->n_values, n));
        else if (a == ES_GIT_UNTRACKED && !f->ignored)
            find(an, "dotenv-committed", i, 0, 0, NULL, NULL,
                 es_arena_printf(&an->arena,
                                 "%s holds %u value%s and no ignore rule keeps it out of git: "
                                 "the next 'git add .' commits it; add it to .gitignore",
                                 f->base, f->n_values, n));
    }
    es_git_state_free(g);
}

/* ---------------------------------------------------------------- conflict */

typedef struct conflict_run {
    es_analysis *an;
    es_cfile *files;
    es_context cur;
    const char *cur_name; /* made when the context's first conflict is */
} conflict_run;

static int conflict_context(void *ctx, const es_context *c)
{
    conflict_run *cr = ctx;
    cr->cur = *c;
    cr->cur_name = NULL;
    return ENVSCAN_OK;
}

static int conflict_prefixed(void *ctx, const char *prefix, uint32_t key, uint32_t *out)
{
    es_analysis *an = ((conflict_run *)ctx)->an;
    const kent *k = key_at(an, key);
    size_t pl = strlen(prefix);
    char *name = es_arena_alloc_chars(&an->arena, pl + k->len + 1, 0);
    kent *p = NULL;
    if (name) {
        memcpy(name, prefix, pl);
        memcpy(name + pl, k->key, k->len + 1);
        p = intern(an, name, pl + k->len);
    }
    RETURN_IF(!p, ENVSCAN_E_NOMEM);
    *out = (uint32_t)(p - (kent *)an->keys.data);
    return ENVSCAN_OK;
}

/* In a compose service, a container or a unit, two of the places it is
 * made of set one key to different literal values: only one of them
 * reaches the program. (Layered .env files override each other on
 * purpose, and a file set apart is not a mix of places.) */
static int conflict_chain(void *ctx, uint32_t key, const es_clink *chain, size_t n)
{
    conflict_run *cr = ctx;
    es_analysis *an = cr->an;
    if (n < 2 || cr->cur.kind == ES_CONTEXT_DOTENV || cr->cur.kind == ES_CONTEXT_FILE)
        return ENVSCAN_OK;
    const es_clink *win = &chain[n - 1];
    if (!win->def->concrete)
        return ENVSCAN_OK;
    for (size_t i = n - 1; i-- > 0;) {
        const es_clink *lose = &chain[i];
        if (!lose->def->concrete || lose->def->vhash == win->def->vhash)
            continue;
        if (!cr->cur_name)
            cr->cur_name = es_context_name(&an->arena, &cr->cur, cr->files);
        const char *k = key_at(an, key)->key;
        const asite value = {.vh = win->def->vhash, .has_value = true};
        find(an, "conflict", win->file, win->def->line, win->def->col, k, &value,
             es_arena_printf(&an->arena,
                             "%s in %s: this value wins over a different one at %s:%u",
                             k, cr->cur_name ? cr->cur_name : "?",
                             cr->files[lose->file].path, lose->def->line));
        break;
    }
    return an->oom ? ENVSCAN_E_NOMEM : ENVSCAN_OK;
}

static void rule_conflict(es_analysis *an, const envscan_result *res)
{
    const size_t nf = an->files.len;
    es_cfile *files = malloc((nf + 1) * sizeof *files);
    if (!files) {
        an->oom = true;
        return;
    }
    for (size_t i = 0; i < nf; i++) {
        const afile *f = file_at(an, (uint32_t)i);
        files[i] = (es_cfile){.path = f->path, .format = f->format,
                              .is_template = f->role == ROLE_TEMPLATE,
                              .defs = f->n_defs ? (const es_cdef *)an->defs.data + f->first_def : NULL,
                              .n_defs = f->n_defs};
    }
    conflict_run cr = {.an = an, .files = files};
    es_context_sink sink = {&cr, conflict_context, conflict_chain, conflict_prefixed};
    if (es_contexts_run(files, nf, res->links, res->n_links, &sink) != ENVSCAN_OK)
        an->oom = true;
    free(files);
}

static int find_cmp(const void *a, const void *b)
{
    const afind *x = a, *y = b;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    int c = strcmp(x->rule->id, y->rule->id);
    if (c)
        return c;
    if (!x->key || !y->key)
        return !x->key - !y->key;
    return strcmp(x->key, y->key);
}

int es_analysis_finish(es_analysis *an, envscan_result *res)
{
    RETURN_IF(an->oom, ENVSCAN_E_NOMEM);
    rule_missing(an);
    rule_unused(an);
    rule_drift(an);
    rule_conflict(an, res);
    rule_committed(an);
    RETURN_IF(an->oom, ENVSCAN_E_NOMEM);
    const size_t nf = an->finds.len;
    afind *fs = an->finds.data;
    for (size_t i = 0; i < nf; i++)
        RETURN_IF(!fs[i].rule, ENVSCAN_E_INTERNAL); /* a rule missing from the table */
    if (nf)
        qsort(fs, nf, sizeof *fs, find_cmp);
    const size_t base = res->n_diags - res->n_link_diags;
    envscan_diagnostic *d = es_arena_alloc(&res->arena, (res->n_diags + nf + 1) * sizeof *d);
    RETURN_IF(!d, ENVSCAN_E_NOMEM);
    if (base)
        memcpy(d, res->diags, base * sizeof *d);
    for (size_t i = 0; i < nf; i++) {
        const afind *f = &fs[i];
        d[base + i] = (envscan_diagnostic){
            .code = f->rule->id, .severity = f->rule->severity, .message = f->msg,
            .file = f->file == UINT32_MAX ? NULL : file_at(an, f->file)->path,
            .line = f->line, .column = f->col,
            .key = f->key};
        res->stats[f->rule->severity == ENVSCAN_SEVERITY_ERROR     ? ENVSCAN_STAT_ERRORS
                   : f->rule->severity == ENVSCAN_SEVERITY_WARNING ? ENVSCAN_STAT_WARNINGS
                                                                   : ENVSCAN_STAT_INFOS]++;
    }
    if (res->n_link_diags)
        memcpy(d + base + nf, res->diags + base, res->n_link_diags * sizeof *d);
    for (size_t i = 0; res->link_diag && i < res->n_links; i++)
        if (res->link_diag[i] != SIZE_MAX)
            res->link_diag[i] += nf;
    res->diags = d;
    res->n_diags += nf;
    res->first_finding = base;
    res->n_findings = nf;
    /* the strings the findings point to move with the arena */
    es_arena_adopt(&res->arena, &an->arena);
    return ENVSCAN_OK;
}

bool es_analysis_finding_value(const es_analysis *an, size_t i, uint64_t *vh)
{
    if (i >= an->finds.len || !ES_VEC_AT(&an->finds, afind, i).has_value)
        return false;
    *vh = ES_VEC_AT(&an->finds, afind, i).vh;
    return true;
}
