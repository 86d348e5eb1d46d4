/*
 * test_ignore_git.c — differential test of ignore decisions against git.
 *
 * Each scenario is a fresh git repository holding a tree of files, nested
 * .gitignore files and .git/info/exclude. Git's truth is
 * `git ls-files --others --ignored --exclude-standard` (a file is ignored
 * when it or a directory above it is excluded). Ours is es_walk with every
 * name classified as an env file (env_globs = "*"): a file is ignored when
 * it comes back with ES_ENTRY_IGNORED or does not come back at all (its
 * directory was excluded and not entered). One hand-written scenario
 * covers the rules of gitignore(5); then seeded random scenarios combine
 * them. Git runs with no system or global configuration and
 * core.excludesFile=/dev/null, so only the tree's own files count.
 *
 * Usage: test_ignore_git [GIT] [ROUNDS] [SEED]. Exits 77 (skipped) when git
 * cannot be run.
 */
#include "io_test.h"

#include <signal.h>

static const char *git = "git";

struct scenario {
    const char *files[128];
    size_t nfiles;
    const char *rules_path[8]; /* .gitignore files, relative to the top */
    const char *rules_text[8];
    size_t nrules;
    const char *exclude; /* .git/info/exclude, or NULL */
};

static char *slurp_cmd(const char *cmd, size_t *len)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    for (size_t k; b && (k = fread(b + n, 1, cap - n, p)) > 0;) {
        n += k;
        if (n == cap)
            b = realloc(b, cap *= 2);
    }
    int st = pclose(p);
    if (st != 0) {
        free(b);
        return NULL;
    }
    *len = n;
    return b;
}

/* 1 when `path` is one of the NUL-separated names in b[0..n). */
static int in_list(const char *b, size_t n, const char *path)
{
    for (size_t off = 0; off < n; off += strlen(b + off) + 1)
        if (strcmp(b + off, path) == 0)
            return 1;
    return 0;
}

static void dump(const struct scenario *s)
{
    for (size_t i = 0; i < s->nrules; i++)
        fprintf(stderr, "  --- %s\n%s", s->rules_path[i], s->rules_text[i]);
    if (s->exclude)
        fprintf(stderr, "  --- .git/info/exclude\n%s", s->exclude);
}

/* Returns the number of disagreements. */
static int compare(const struct scenario *s, const char *label)
{
    char *dir = make_tmpdir("gitdiff");
    if (chdir(dir) != 0) {
        perror("chdir");
        exit(2);
    }
    if (system(fmt("'%s' init -q . >/dev/null 2>&1", git)) != 0) {
        fprintf(stderr, "git init failed\n");
        exit(2);
    }
    put(".git/info/exclude", s->exclude ? s->exclude : "");
    for (size_t i = 0; i < s->nfiles; i++)
        put(s->files[i], "K=v\n");
    for (size_t i = 0; i < s->nrules; i++)
        put(s->rules_path[i], s->rules_text[i]);

    size_t ni = 0, no = 0;
    const char *gitcmd = fmt("'%s' -c core.excludesFile=/dev/null -c core.ignoreCase=false "
                             "ls-files -z --others --exclude-standard",
                             git);
    char *ign = slurp_cmd(fmt("%s --ignored", gitcmd), &ni);
    char *oth = slurp_cmd(gitcmd, &no);
    CHECK(ign && oth, "git ls-files failed");

    static const char *const all_names[] = {"*"};
    es_walk_opts o;
    memset(&o, 0, sizeof o);
    o.threads = 2;
    o.use_ignore_files = 1;
    o.hidden = 1;
    o.env_globs = all_names;
    o.n_env_globs = 1;
    const char *root[] = {"."};
    es_walk_result r;
    int rc = es_walk(&o, root, 1, &r);
    CHECK(rc == 0 && r.n_diags == 0, "walk rc=%d diags=%zu", rc, r.n_diags);

    int bad = 0;
    for (size_t i = 0; ign && oth && i < s->nfiles + s->nrules; i++) {
        const char *f = i < s->nfiles ? s->files[i] : s->rules_path[i - s->nfiles];
        int g = in_list(ign, ni, f);
        if (!g && !in_list(oth, no, f)) {
            if (access(f, F_OK) == 0) /* a path that could not be created is no case */
                fprintf(stderr, "%s: git lists %s nowhere\n", label, f);
            continue;
        }
        const es_entry *e = find_entry(&r, f);
        int ours = !e || (e->flags & ES_ENTRY_IGNORED);
        if (ours != g) {
            if (!bad)
                dump(s);
            fprintf(stderr, "%s: \"%s\": git says %s, we say %s\n", label, f,
                    g ? "ignored" : "not ignored", ours ? "ignored" : "not ignored");
            bad++;
        }
    }
    CHECK(bad == 0, "%s: %d disagreement(s) with git", label, bad);
    if (rc == 0)
        es_walk_result_free(&r);
    free(ign);
    free(oth);
    if (chdir("/") != 0)
        perror("chdir");
    rm_rf(dir);
    free(dir);
    return bad;
}

static void fixed(void)
{
    struct scenario s = {
        .files = {"a.env", "b.log", "keep.log", "c.txt", ".env", ".env.local", "build/out.o",
                  "build/keep.env", "build/sub/x.env", "doc/frotz/a", "a/doc/frotz/b",
                  "src/x.c", "src/deep/y.c", "src/deep/.env", "src/deep/x.c",
                  "logs/2024/app.log", "logs/keep/k.log", "logs/keep/deeper/k2.log",
                  "hello.txt", "a/hello.java", "#hash", "!bang", "trail ", "trail",
                  "foo/test.json", "foo/bar/hello.c", "Documentation/foo.html",
                  "Documentation/gitignore.html", "vendor/a/b/c.env", "vendor/a/c/d.env",
                  "sp ace", "x1", "xa", "q/r/s/t.bin", "q/t.bin", "crlf.txt", "tab\tname"},
        .nfiles = 37,
        .rules_path = {".gitignore", "Documentation/.gitignore", "src/.gitignore",
                       "q/.gitignore"},
        .rules_text = {"# a comment\n"
                       "*.log\n"
                       "!keep.log\n"
                       "build/\n"
                       "doc/frotz/\n"
                       "/hello.*\n"
                       "\\#hash\n"
                       "\\!bang\n"
                       "trail\\ \n"
                       "foo/*\n"
                       "!foo/bar/\n"
                       "logs/**\n"
                       "!logs/keep/\n"
                       "!logs/keep/**\n"
                       "src/**/y.c\n"
                       "x[[:digit:]]\n"
                       "sp ace   \n"
                       "crlf.txt\r\n"
                       "tab\tname\n",
                       "*.html\n!foo.html\n",
                       "/x.c\n.env\n",
                       "r/**/t.bin\n"},
        .nrules = 4,
        .exclude = "vendor/*/b/\n",
    };
    compare(&s, "fixed");
}

/* ------------------------------------------------------- random scenarios */

static uint64_t rng;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const char *const dir_pool[] = {"sub", "deep", "x.env", "build", ".hid", "dd"};
static const char *const file_pool[] = {"a",     "b",     "ab",  "ba",  "y.env", ".env",
                                        ".env.local", "c.log", "d.txt", "e.c", "#h", "!n",
                                        "s p",   "t ",    "[x]", "a*b", "z.env.js"};
static const char *const seg_pool[] = {
    "a",      "b",     "sub",     "deep",   "x.env",  "build", ".hid",        "dd",
    "*",      "?",     "*.env",   "*.log",  "[a-c]*", "[!a]*", "**",         "a*",
    "*b",     ".env*", "y.e?v",   "\\#h",   "\\!n",   "s\\ p", "t\\ ",       "\\[x]",
    "a\\*b",  "[[:alpha:]]*", "d?", "[[:punct:]]*", "*.*", "e.[ch]"};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static void gen_pattern(char *out, size_t cap)
{
    unsigned kind = rnd(100);
    if (kind < 4) {
        snprintf(out, cap, "# %s\n", seg_pool[rnd(N_OF(seg_pool))]);
        return;
    }
    if (kind < 8) {
        snprintf(out, cap, "\n");
        return;
    }
    size_t n = 0;
    if (rnd(4) == 0)
        out[n++] = '!';
    if (rnd(6) == 0)
        out[n++] = '/';
    unsigned nseg = rnd(3) == 0 ? 2 + rnd(2) : 1;
    for (unsigned i = 0; i < nseg; i++)
        n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? "/" : "",
                              seg_pool[rnd(N_OF(seg_pool))]);
    if (rnd(5) == 0)
        out[n++] = '/';
    if (rnd(8) == 0) {
        out[n++] = ' ';
        out[n++] = ' ';
    }
    out[n++] = '\n';
    out[n] = 0;
}

static int random_round(unsigned round)
{
    static char paths[128][256], texts[8][1024], rpaths[8][256], excl[512];
    static char dirs[16][256];
    struct scenario s;
    memset(&s, 0, sizeof s);
    size_t ndirs = 1;
    dirs[0][0] = 0;
    for (unsigned i = 0; i < 8; i++) {
        path_join(dirs[ndirs], sizeof dirs[0], dirs[rnd((unsigned)ndirs)],
                  dir_pool[rnd(N_OF(dir_pool))]);
        int dup = 0;
        for (size_t k = 0; k < ndirs; k++)
            dup |= strcmp(dirs[k], dirs[ndirs]) == 0;
        ndirs += !dup;
    }
    unsigned nf = 20 + rnd(40);
    for (unsigned i = 0; i < nf; i++) {
        const char *dir = dirs[rnd((unsigned)ndirs)];
        path_join(paths[s.nfiles], sizeof paths[0], dir, file_pool[rnd(N_OF(file_pool))]);
        int dup = 0;
        for (size_t k = 0; k < s.nfiles; k++)
            dup |= strcmp(paths[k], paths[s.nfiles]) == 0;
        if (!dup)
            s.files[s.nfiles] = paths[s.nfiles], s.nfiles++;
    }
    unsigned nr = 1 + rnd(4);
    for (unsigned i = 0; i < nr && s.nrules < 8; i++) {
        const char *dir = i == 0 ? "" : dirs[rnd((unsigned)ndirs)];
        path_join(rpaths[s.nrules], sizeof rpaths[0], dir, ".gitignore");
        int dup = 0;
        for (size_t k = 0; k < s.nrules; k++)
            dup |= strcmp(rpaths[k], rpaths[s.nrules]) == 0;
        if (dup)
            continue;
        size_t n = 0;
        unsigned lines = 1 + rnd(6);
        for (unsigned l = 0; l < lines; l++)
            gen_pattern(texts[s.nrules] + n, sizeof texts[0] - n), n = strlen(texts[s.nrules]);
        s.rules_path[s.nrules] = rpaths[s.nrules];
        s.rules_text[s.nrules] = texts[s.nrules];
        s.nrules++;
    }
    excl[0] = 0;
    for (unsigned l = 0, lines = rnd(3); l < lines; l++)
        gen_pattern(excl + strlen(excl), sizeof excl - strlen(excl));
    s.exclude = excl;
    char label[64];
    snprintf(label, sizeof label, "round %u", round);
    return compare(&s, label);
}

int main(int argc, char **argv)
{
    if (argc > 1 && argv[1][0])
        git = argv[1];
    unsigned rounds = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 200;
    uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 0) : 0x5eed1e55ull;
    if (strchr(git, '\'') || system(fmt("'%s' --version >/dev/null 2>&1", git)) != 0) {
        printf("git not available: skipped\n");
        return 77;
    }
    /* Only the tree's rules: no user or system configuration. */
    char *home = make_tmpdir("gitdiff_home");
    setenv("HOME", home, 1);
    setenv("XDG_CONFIG_HOME", home, 1);
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
    unsetenv("GIT_DIR");
    unsetenv("GIT_WORK_TREE");
    unsetenv("GIT_INDEX_FILE");
    unsetenv("GIT_CEILING_DIRECTORIES");
    signal(SIGPIPE, SIG_IGN);

    fixed();
    rng = seed ? seed : 1;
    int bad_rounds = 0;
    for (unsigned i = 0; i < rounds && bad_rounds < 5; i++)
        bad_rounds += random_round(i) != 0;
    printf("fixed scenario + %u random scenarios (seed %#llx)\n", rounds,
           (unsigned long long)seed);
    rm_rf(home);
    free(home);
    return test_result("test_ignore_git");
}
