/*
 * gen_tree — write a deterministic repository-like tree of small files.
 *
 *   gen_tree [--files N] [--dirs D] [--seed S] [--env-ratio R]
 *            [--manifest FILE] DIR
 *
 * Why: envscan's cost on real repositories is per file (open, read, close)
 * and per directory, not per byte (docs/ARCHITECTURE.md). Benchmarking that
 * needs trees of tens of thousands of files, which are generated here from
 * a seed rather than committed. A fraction R of the files are env files
 * under the names people give them (.env, .env.local, .env.production,
 * config/app.env, .envrc...); the rest are source-looking files (.js, .py,
 * .go, .md) of 1-8 KiB with '=' in many lines, so a byte-grep such as
 * `rg '='` has real work in every file while envscan should skip them by
 * name.
 *
 * Directories form a random recursive tree (each new directory hangs under
 * a uniformly chosen earlier one), which gives the logarithmic depth and
 * uneven fan-out of real repositories. Every file's content comes from the
 * one seeded PRNG, so the same arguments give byte-identical trees. The
 * manifest records the ground truth: how many env files and how many
 * variable definitions they hold, as a dotenv reader counts them, and how
 * many of those are in .envrc files (which envscan reads as shell, where
 * `export A=b c` also exports c: their counts are not comparable).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "gen_dotenv_lib.h"

static const char usage[] =
    "usage: gen_tree [--files N] [--dirs D] [--seed S] [--env-ratio R]\n"
    "                [--manifest FILE] DIR\n"
    "  --files N       files to write (default 1000)\n"
    "  --dirs D        directories below DIR (default files/20)\n"
    "  --seed S        PRNG seed (default 1)\n"
    "  --env-ratio R   fraction of files that are env files, 0..1 (default 0.05)\n"
    "  --manifest FILE write the ground truth (JSON) to FILE\n"
    "DIR must not exist or be empty.\n";

static const char *const dir_words[] = {
    "src", "lib", "app", "services", "api", "worker", "config", "deploy",
    "packages", "web", "internal", "cmd", "pkg", "scripts", "tests", "docs",
    "tools", "infra", "modules", "components", "handlers", "models", "utils",
    "server", "client", "common", "core", "jobs", "migrations", "fixtures"};

/* Env file names, most common first. Once a name is taken in a directory
 * the file falls back to a unique `<word>-<n>.env`. */
static const struct {
    const char *name;
    unsigned weight;
} env_names[] = {
    {".env", 30},         {".env.local", 10},   {".env.development", 8},
    {".env.production", 8}, {".env.test", 6},   {".env.example", 12},
    {".envrc", 5},        {"app.env", 8},       {"db.env", 5},
    {"docker.env", 4},    {"app.env.docker", 4}};
#define N_ENV_NAMES (sizeof env_names / sizeof env_names[0])

static const char *const exts[] = {"js", "py", "go", "md"};
static const char *const idents[] = {
    "config", "client", "handler", "port", "timeout", "retries", "baseUrl",
    "user", "session", "cache", "result", "count", "limit", "token", "db"};
static const char *const words[] = {
    "the", "service", "reads", "its", "settings", "from", "environment",
    "when", "it", "starts", "and", "fails", "fast", "if", "a", "value",
    "is", "missing", "see", "deploy", "notes", "for", "details", "each"};

#define COUNT(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))
#define PICK(r, a) ((a)[gd_rng_below((r), COUNT(a))])

typedef struct dir {
    char *path;
    uint64_t words_used; /* bit i: dir_words[i] taken by a child */
    uint32_t envs_used;  /* bit i: env_names[i] taken by a file  */
} dir;

typedef struct totals {
    uint64_t env_files, variables, env_bytes, source_files, source_bytes;
    uint64_t envrc_files, envrc_variables; /* among env_files, variables */
} totals;

static int fail(const char *what, const char *path)
{
    fprintf(stderr, "gen_tree: %s %s: %s\n", what, path, strerror(errno));
    return 1;
}

static char *join(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *s = malloc(na + nb + 2);
    if (!s) {
        fputs("gen_tree: out of memory\n", stderr);
        exit(1);
    }
    memcpy(s, a, na);
    s[na] = '/';
    memcpy(s + na + 1, b, nb + 1);
    return s;
}

static int write_all(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return fail("cannot create", path);
    size_t put = fwrite(data, 1, len, f);
    if (fclose(f) != 0 || put != len)
        return fail("cannot write", path);
    return 0;
}

/* ---------------------------------------------------------- source files */

/* One line of source-looking text in language `ext`, at p. Many lines hold
 * '=' (assignments, comparisons, defaults), as real code does. */
static char *source_line(char *p, gd_rng *r, const char *ext)
{
    char key[80];
    gd_random_key(r, key);
    const char *id = PICK(r, idents), *w = PICK(r, words);
    uint32_t n = gd_rng_below(r, 1000);
    uint32_t t = gd_rng_below(r, 6);
    int len = 0;
    if (ext[0] == 'j') {
        switch (t) {
        case 0: len = sprintf(p, "const %s = process.env.%s || \"%s\";\n", id, key, w); break;
        case 1: len = sprintf(p, "import { %s } from \"./%s.js\";\n", id, w); break;
        case 2: len = sprintf(p, "  if (%s === undefined) { throw new Error(\"missing %s\"); }\n", id, key); break;
        case 3: len = sprintf(p, "// %s %s %s\n", w, PICK(r, words), PICK(r, words)); break;
        case 4: len = sprintf(p, "let %s = %u;\n", id, n); break;
        default: len = sprintf(p, "  return res.status(200).json({ %s: %s });\n", id, id); break;
        }
    } else if (ext[0] == 'p') {
        switch (t) {
        case 0: len = sprintf(p, "%s = os.environ.get(\"%s\", \"%s\")\n", id, key, w); break;
        case 1: len = sprintf(p, "def %s_%s(request):\n", w, id); break;
        case 2: len = sprintf(p, "    return {\"ok\": True, \"%s\": %u}\n", id, n); break;
        case 3: len = sprintf(p, "# %s %s %s\n", w, PICK(r, words), PICK(r, words)); break;
        case 4: len = sprintf(p, "    if %s == %u:\n        %s += 1\n", id, n, id); break;
        default: len = sprintf(p, "import os\n"); break;
        }
    } else if (ext[0] == 'g') {
        switch (t) {
        case 0: len = sprintf(p, "\t%s := os.Getenv(\"%s\")\n", id, key); break;
        case 1: len = sprintf(p, "func %s%u(w http.ResponseWriter, r *http.Request) {\n", w, n); break;
        case 2: len = sprintf(p, "\tif err != nil {\n\t\treturn err\n\t}\n"); break;
        case 3: len = sprintf(p, "// %s %s %s\n", w, PICK(r, words), PICK(r, words)); break;
        case 4: len = sprintf(p, "\tvar %s = %u\n", id, n); break;
        default: len = sprintf(p, "}\n\n"); break;
        }
    } else {
        switch (t) {
        case 0: len = sprintf(p, "Set `%s=%s` in `.env.local` to change this.\n", key, w); break;
        case 1: len = sprintf(p, "## %s %s\n\n", w, PICK(r, words)); break;
        case 2: len = sprintf(p, "- %s %s %s\n", w, PICK(r, words), PICK(r, words)); break;
        case 3: len = sprintf(p, "The %s %s %s %s.\n", id, w, PICK(r, words), PICK(r, words)); break;
        case 4: len = sprintf(p, "Defaults: `%s = %u` unless `%s` is set.\n", id, n, key); break;
        default: len = sprintf(p, "\n"); break;
        }
    }
    return p + len;
}

static int write_source(const dir *d, uint32_t index, gd_rng *r, totals *t, char *buf)
{
    const char *ext = PICK(r, exts);
    char name[96];
    snprintf(name, sizeof name, "%s_%u.%s", PICK(r, words), index, ext);
    size_t size = 1024 + gd_rng_below(r, 7 * 1024 + 1);
    char *p = buf;
    if (ext[0] == 'g')
        p += sprintf(p, "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n\n");
    else if (ext[0] == 'm')
        p += sprintf(p, "# %s\n\n", name);
    /* whole lines only; a line is at most ~200 bytes, the buffer is 8 KiB
     * plus room for one more */
    while ((size_t)(p - buf) < size) {
        char *q = source_line(p, r, ext);
        if ((size_t)(q - buf) > size && (size_t)(p - buf) >= 1024)
            break;
        p = q;
    }
    char *path = join(d->path, name);
    int rc = write_all(path, buf, (size_t)(p - buf));
    free(path);
    t->source_files++;
    t->source_bytes += (uint64_t)(p - buf);
    return rc;
}

/* ------------------------------------------------------------- env files */

static int write_env(dir *d, uint32_t index, gd_rng *r, totals *t, char *buf)
{
    unsigned total_w = 0;
    for (size_t i = 0; i < N_ENV_NAMES; i++)
        total_w += env_names[i].weight;
    unsigned roll = gd_rng_below(r, total_w);
    size_t pick = 0;
    while (roll >= env_names[pick].weight)
        roll -= env_names[pick++].weight;

    char name[96];
    if (d->envs_used & (1u << pick)) {
        snprintf(name, sizeof name, "%s-%u.env", PICK(r, dir_words), index);
    } else {
        d->envs_used |= 1u << pick;
        snprintf(name, sizeof name, "%s", env_names[pick].name);
    }
    gd_gen g;
    uint64_t seed = gd_rng_next(r);
    gd_init(&g, seed, gd_rng_pct(r, 75) ? GD_STYLE_TYPICAL : GD_STYLE_MIXED);
    g.export_all = strcmp(name, ".envrc") == 0;
    size_t size = 120 + gd_rng_below(r, 2900);
    if (gd_fill(&g, buf, size) != 0) {
        fputs("gen_tree: out of memory\n", stderr);
        return 1;
    }
    char *path = join(d->path, name);
    int rc = write_all(path, buf, size);
    free(path);
    t->env_files++;
    t->variables += g.variables;
    if (g.export_all) { /* a shell file to a reader that knows shell */
        t->envrc_files++;
        t->envrc_variables += g.variables;
    }
    t->env_bytes += size;
    return rc;
}

/* ----------------------------------------------------------------- main */

static int dir_is_usable(const char *path)
{
    if (mkdir(path, 0755) == 0)
        return 0;
    if (errno != EEXIST)
        return fail("cannot create", path);
    DIR *dp = opendir(path);
    if (!dp)
        return fail("cannot open", path);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(dp)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(dp);
    if (n) {
        fprintf(stderr, "gen_tree: %s is not empty; refusing to mix trees\n", path);
        return 1;
    }
    return 0;
}

static int bad(const char *what, const char *arg)
{
    fprintf(stderr, "gen_tree: %s '%s'\n%s", what, arg ? arg : "", usage);
    return 2;
}

int main(int argc, char **argv)
{
    uint64_t files = 1000, dirs = UINT64_MAX, seed = 1;
    double ratio = 0.05;
    const char *root = NULL, *manifest = NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if (strcmp(a, "--files") == 0) {
            if (gd_parse_size(v, &files) != 0 || files > UINT32_MAX)
                return bad("--files takes a count, not", v);
            i++;
        } else if (strcmp(a, "--dirs") == 0) {
            if (gd_parse_size(v, &dirs) != 0 || dirs > 10000000)
                return bad("--dirs takes a count up to 10M, not", v);
            i++;
        } else if (strcmp(a, "--seed") == 0) {
            if (gd_parse_u64(v, &seed) != 0)
                return bad("--seed takes a number, not", v);
            i++;
        } else if (strcmp(a, "--env-ratio") == 0) {
            char *end = NULL;
            ratio = v ? strtod(v, &end) : -1;
            if (!v || *end || !(ratio >= 0 && ratio <= 1))
                return bad("--env-ratio takes a fraction 0..1, not", v);
            i++;
        } else if (strcmp(a, "--manifest") == 0) {
            if (!v)
                return bad("missing file after", a);
            manifest = v;
            i++;
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && v) {
            root = v;
            i++;
        } else if (a[0] != '-' && !root) {
            root = a;
        } else {
            return bad("unknown argument", a);
        }
    }
    if (!root)
        return bad("missing output directory", "");
    if (dirs == UINT64_MAX)
        dirs = files / 20;

    if (dir_is_usable(root) != 0)
        return 1;
    gd_rng rng;
    gd_rng_seed(&rng, seed);

    dir *ds = calloc((size_t)dirs + 1, sizeof *ds);
    char *buf = malloc(16 * 1024);
    if (!ds || !buf) {
        fputs("gen_tree: out of memory\n", stderr);
        return 1;
    }
    size_t rlen = strlen(root);
    while (rlen > 1 && root[rlen - 1] == '/')
        rlen--;
    ds[0].path = strndup(root, rlen);
    for (uint64_t i = 1; i <= dirs; i++) {
        dir *parent = &ds[gd_rng_below(&rng, (uint32_t)i)];
        uint32_t w = gd_rng_below(&rng, COUNT(dir_words));
        char name[64];
        if (parent->words_used & (1ull << w)) {
            snprintf(name, sizeof name, "%s-%llu", dir_words[w], (unsigned long long)i);
        } else {
            parent->words_used |= 1ull << w;
            snprintf(name, sizeof name, "%s", dir_words[w]);
        }
        ds[i].path = join(parent->path, name);
        if (mkdir(ds[i].path, 0755) != 0)
            return fail("cannot create", ds[i].path);
    }

    totals t = {0};
    uint32_t threshold = (uint32_t)(ratio * 1000000.0 + 0.5);
    for (uint64_t f = 0; f < files; f++) {
        dir *d = &ds[gd_rng_below(&rng, (uint32_t)dirs + 1)];
        int rc = gd_rng_below(&rng, 1000000) < threshold
                     ? write_env(d, (uint32_t)f, &rng, &t, buf)
                     : write_source(d, (uint32_t)f, &rng, &t, buf);
        if (rc != 0)
            return 1;
    }

    if (manifest) {
        FILE *m = fopen(manifest, "w");
        if (!m)
            return fail("cannot create", manifest);
        fprintf(m,
                "{\n"
                "  \"generator\": \"gen_tree\",\n"
                "  \"seed\": %llu,\n"
                "  \"files\": %llu,\n"
                "  \"dirs\": %llu,\n"
                "  \"env_ratio\": %g,\n"
                "  \"env_files\": %llu,\n"
                "  \"variables\": %llu,\n"
                "  \"envrc_files\": %llu,\n"
                "  \"envrc_variables\": %llu,\n"
                "  \"env_bytes\": %llu,\n"
                "  \"source_files\": %llu,\n"
                "  \"source_bytes\": %llu\n"
                "}\n",
                (unsigned long long)seed, (unsigned long long)files,
                (unsigned long long)dirs, ratio, (unsigned long long)t.env_files,
                (unsigned long long)t.variables, (unsigned long long)t.envrc_files,
                (unsigned long long)t.envrc_variables, (unsigned long long)t.env_bytes,
                (unsigned long long)t.source_files, (unsigned long long)t.source_bytes);
        if (fclose(m) != 0)
            return fail("cannot write", manifest);
    }
    for (uint64_t i = 0; i <= dirs; i++)
        free(ds[i].path);
    free(ds);
    free(buf);
    return 0;
}
