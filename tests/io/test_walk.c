/*
 * test_walk.c — es_walk on temp trees: names, hidden files, .git, rules
 * files and their precedence, ignored env files, symbolic links (skipped,
 * followed, loops), FIFOs and sockets (never opened: alarm() turns a hang
 * into a failure), unreadable directories, explicit and odd roots, the
 * size limit, and identical results for 1, 2 and 7 threads.
 *
 * Each case builds its tree under a fresh temp dir D as D/t, chdir()s to D
 * and walks "t", so expected paths are plain strings like "t/.env".
 */
#include "io_test.h"

#include <signal.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#define IGN ES_ENTRY_IGNORED
#define EXP ES_ENTRY_EXPLICIT

struct want {
    const char *path;
    unsigned flags;
};

static es_walk_opts defaults(void)
{
    es_walk_opts o;
    memset(&o, 0, sizeof o);
    o.threads = 2;
    o.use_ignore_files = 1;
    o.hidden = 1;
    return o;
}

static char *enter_tmp(const char *tag)
{
    char *d = make_tmpdir(tag);
    if (chdir(d) != 0) {
        perror("chdir");
        exit(2);
    }
    return d;
}

static void leave_tmp(char *d)
{
    if (chdir("/") != 0)
        perror("chdir /");
    rm_rf(d);
    free(d);
}

static int run(const es_walk_opts *o, const char *const *roots, size_t n, es_walk_result *r)
{
    int rc = es_walk(o, roots, n, r);
    if (rc != 0)
        memset(r, 0, sizeof *r);
    return rc;
}

static void expect_entries(const char *what, const es_walk_result *r, const struct want *w,
                           size_t n)
{
    int ok = r->n_entries == n;
    for (size_t i = 0; ok && i < n; i++)
        ok = strcmp(r->entries[i].path, w[i].path) == 0 &&
             (r->entries[i].flags & ~ES_ENTRY_STATED) == w[i].flags &&
             r->entries[i].cls == ES_CLASS_DOTENV;
    CHECK(ok, "%s: entries differ", what);
    if (!ok) {
        fprintf(stderr, " want:\n");
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, "  entry %s flags=%u\n", w[i].path, w[i].flags);
        fprintf(stderr, " got:\n");
        dump_result(r);
    }
}

#define EXPECT(what, r, ...)                                                   \
    do {                                                                       \
        static const struct want w_[] = {__VA_ARGS__};                         \
        expect_entries(what, r, w_, sizeof w_ / sizeof w_[0]);                 \
    } while (0)

static void expect_diag(const char *what, const es_walk_result *r, const char *path,
                        es_walk_diag_kind kind, int err)
{
    const es_walk_diag *d = find_diag(r, path);
    CHECK(d && d->kind == kind && (err < 0 || d->sys_errno == err) && d->message &&
              d->message[0] && !strchr(d->message, '\n'),
          "%s: diag %d for %s (errno %d)", what, kind, path, err);
    if (!(d && d->kind == kind))
        dump_result(r);
}

static void symlink_or_die(const char *target, const char *path)
{
    if (symlink(target, path) != 0) {
        fprintf(stderr, "symlink %s: %s\n", path, strerror(errno));
        exit(2);
    }
}

/* ----------------------------------------------------------------- cases */

static void basics(void)
{
    char *d = enter_tmp("basics");
    put("t/.env", "A=1\n");
    put("t/.envrc", "export A=1\n");
    put("t/env", "A=1\n");
    put("t/app.env", "A=1\n");
    put("t/README.md", "# hi\n");
    put("t/web/.env.js", "x\n");
    put("t/web/vite.env.d.ts", "x\n");
    put("t/.hidden/.env", "A=1\n");
    put("t/src/main.c", "int main;\n");
    put("t/src/.env.local", "A=1\n");
    put("t/.git/x.env", "A=1\n");
    put("t/sub/.env.example", "A=\n");
    put("t/deep/a/b/c/prod.env", "A=1\n");
    es_walk_opts o = defaults();
    const char *root[] = {"t"};
    es_walk_result r;
    CHECK(run(&o, root, 1, &r) == 0, "walk");
    EXPECT("hidden", &r, {"t/.env", 0}, {"t/.envrc", 0}, {"t/.hidden/.env", 0}, {"t/app.env", 0},
           {"t/deep/a/b/c/prod.env", 0}, {"t/env", 0}, {"t/src/.env.local", 0},
           {"t/sub/.env.example", 0});
    CHECK(r.files_seen == 12, "files_seen %llu", (unsigned long long)r.files_seen);
    CHECK(r.dirs == 9, "dirs %llu", (unsigned long long)r.dirs);
    CHECK(r.n_diags == 0 && r.files_ignored == 0, "no diags");
    const es_entry *e = find_entry(&r, "t/.env");
    /* one root, no size limit: the walk needs no stat, the reader's is
     * the file's only one */
    CHECK(e && !(e->flags & ES_ENTRY_STATED) && e->size == 0 && e->ino == 0,
          "entry not stated without a need");
    es_walk_result_free(&r);
    o.max_file_size = 1000; /* now the size is needed: stated */
    CHECK(run(&o, root, 1, &r) == 0, "walk with a size limit");
    e = find_entry(&r, "t/.env");
    struct stat st;
    CHECK(e && (e->flags & ES_ENTRY_STATED) && stat("t/.env", &st) == 0 && e->size == 4 &&
              e->ino == (uint64_t)st.st_ino && e->dev == (uint64_t)st.st_dev &&
              e->mtime_ns == (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec,
          "entry stat fields");
    o.max_file_size = 0;
    es_walk_result_free(&r);
    CHECK(r.entries == NULL && r.n_entries == 0, "free clears");

    o.hidden = 0;
    CHECK(run(&o, root, 1, &r) == 0, "walk");
    EXPECT("no hidden", &r, {"t/app.env", 0}, {"t/deep/a/b/c/prod.env", 0}, {"t/env", 0});
    CHECK(r.files_seen == 6, "files_seen %llu", (unsigned long long)r.files_seen);
    es_walk_result_free(&r);

    /* extra env globs */
    o.hidden = 1;
    const char *globs[] = {"README.*", "*.c"};
    o.env_globs = globs;
    o.n_env_globs = 2;
    CHECK(run(&o, root, 1, &r) == 0, "walk");
    CHECK(find_entry(&r, "t/README.md") && find_entry(&r, "t/src/main.c") && r.n_entries == 10,
          "env_globs add names");
    es_walk_result_free(&r);
    leave_tmp(d);
}

static void precedence(void)
{
    char *d = enter_tmp("prec");
    put("t/.git/info/exclude", "excl.env\n");
    put("t/.gitignore", "*.log\nbuild/\nsecret.env\ngi-only.env\n");
    put("t/.ignore", "!gi-only.env\nign.env\nkind.env\n!es2.env\n");
    put("t/.envscanignore", "es.env\nes2.env\nextra.env\n");
    put("t/sub/.gitignore", "!secret.env\nsub-only.env\n!kind.env\n");
    put("t/sub/.ignore", "!ign.env\n");
    const char *files[] = {"excl.env",     "a.log",          "build/.env",         "build/x.log",
                           "secret.env",   "sub/secret.env", "gi-only.env",        "ign.env",
                           "sub/ign.env",  "es.env",         "es2.env",            "sub/sub-only.env",
                           "other/sub-only.env", "plain.env", "sub/kind.env",      "extra.env",
                           "x-extra.env"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        put(fmt("t/%s", files[i]), "K=v\n");
    const char *extra[] = {"!extra.env", "x-extra.env"};
    es_walk_opts o = defaults();
    o.extra_ignores = extra;
    o.n_extra_ignores = 2;
    const char *root[] = {"t"};
    es_walk_result r;
    CHECK(run(&o, root, 1, &r) == 0, "walk");
    EXPECT("precedence", &r, {"t/es.env", IGN}, {"t/es2.env", IGN}, {"t/excl.env", IGN},
           {"t/extra.env", 0}, {"t/gi-only.env", 0}, {"t/ign.env", IGN},
           {"t/other/sub-only.env", 0}, {"t/plain.env", 0}, {"t/secret.env", IGN},
           {"t/sub/ign.env", 0}, {"t/sub/kind.env", IGN}, {"t/sub/secret.env", 0},
           {"t/sub/sub-only.env", IGN}, {"t/x-extra.env", IGN});
    CHECK(r.files_ignored == 1, "files_ignored %llu", (unsigned long long)r.files_ignored);
    CHECK(r.files_seen == 20, "files_seen %llu", (unsigned long long)r.files_seen);
    es_walk_result_free(&r);

    o.use_ignore_files = 0; /* the caller's patterns still apply */
    CHECK(run(&o, root, 1, &r) == 0, "walk");
    EXPECT("no ignore files", &r, {"t/build/.env", 0}, {"t/es.env", 0}, {"t/es2.env", 0},
           {"t/excl.env", 0}, {"t/extra.env", 0}, {"t/gi-only.env", 0}, {"t/ign.env", 0},
           {"t/other/sub-only.env", 0}, {"t/plain.env", 0}, {"t/secret.env", 0},
           {"t/sub/ign.env", 0}, {"t/sub/kind.env", 0}, {"t/sub/secret.env", 0},
           {"t/sub/sub-only.env", 0}, {"t/x-extra.env", IGN});
    CHECK(r.files_ignored == 0, "files_ignored %llu", (unsigned long long)r.files_ignored);
    es_walk_result_free(&r);
    leave_tmp(d);
}

static void repositories(void)
{
    char *d = enter_tmp("repo");
    es_walk_opts o = defaults();
    es_walk_result r;

    if (inside_git_repo(d)) {
        printf("temp dir is inside a git repository: not-a-repository checks skipped\n");
    } else {
        /* No repository: .gitignore is inert, .ignore is not, and the
         * root's parent directories' rules files count. */
        put("t/.gitignore", "*.env\n");
        put("t/.ignore", "b.env\n");
        put(".ignore", "anc.env\n");
        put(".gitignore", "*.env\n");
        put("t/a.env", "K=v\n");
        put("t/b.env", "K=v\n");
        put("t/anc.env", "K=v\n");
        const char *root[] = {"t"};
        CHECK(run(&o, root, 1, &r) == 0, "walk");
        EXPECT("not a repository", &r, {"t/a.env", 0}, {"t/anc.env", IGN}, {"t/b.env", IGN});
        es_walk_result_free(&r);
        rm_rf("t");
        unlink(".ignore");
        unlink(".gitignore");
    }

    /* A repository with a nested repository and a worktree-style .git file. */
    put("t/.git/info/exclude", "ex.env\n");
    put("t/.gitignore", "*.env\n!keep.env\n");
    put("t/y.env", "K=v\n");
    put("t/keep.env", "K=v\n");
    mkdirs("t/inner/.git", 1);
    put("t/inner/x.env", "K=v\n");
    put("t/wt/.git", "gitdir: ../gd\n");
    put("t/gd/commondir", "../common\n");
    put("t/common/info/exclude", "wt.env\n");
    put("t/wt/wt.env", "K=v\n");
    put("t/wt/other.env", "K=v\n");
    put("t/sub2/z.env", "K=v\n");
    put("t/sub2/ex.env", "K=v\n");
    put("t/sub2/keep.env", "K=v\n");
    const char *root[] = {"t"};
    CHECK(run(&o, root, 1, &r) == 0, "walk");
    EXPECT("repositories", &r, {"t/inner/x.env", 0}, {"t/keep.env", 0}, {"t/sub2/ex.env", IGN},
           {"t/sub2/keep.env", 0}, {"t/sub2/z.env", IGN}, {"t/wt/other.env", 0},
           {"t/wt/wt.env", IGN}, {"t/y.env", IGN});
    es_walk_result_free(&r);

    /* A root below the top of its repository: the rules above it apply. */
    const char *sub[] = {"t/sub2"};
    CHECK(run(&o, sub, 1, &r) == 0, "walk");
    EXPECT("root inside a repository", &r, {"t/sub2/ex.env", IGN}, {"t/sub2/keep.env", 0},
           {"t/sub2/z.env", IGN});
    es_walk_result_free(&r);
    leave_tmp(d);
}

static void links(void)
{
    char *d = enter_tmp("links");
    put("t/real/.env", "K=v\n");
    mkdirs("t/d", 1);
    symlink_or_die("real", "t/link");
    symlink_or_die("real/.env", "t/link.env");
    symlink_or_die("..", "t/d/a");
    symlink_or_die("nowhere", "t/dangling.env");
    symlink_or_die("self.env", "t/self.env");
    /* a rules file that is a symbolic link is not read (git does not
     * follow them), even when following links */
    put("t/rules.txt", "*.env\n");
    symlink_or_die("rules.txt", "t/.ignore");
    es_walk_opts o = defaults();
    const char *root[] = {"t"};
    es_walk_result r;
    CHECK(run(&o, root, 1, &r) == 0, "walk");
    EXPECT("not followed", &r, {"t/real/.env", 0});
    CHECK(r.symlinks_skipped == 6 && r.n_diags == 0, "symlinks_skipped %llu",
          (unsigned long long)r.symlinks_skipped);
    es_walk_result_free(&r);

    o.follow_symlinks = 1;
    for (unsigned th = 1; th <= 7; th += 6) {
        o.threads = th;
        CHECK(run(&o, root, 1, &r) == 0, "walk");
        EXPECT("followed", &r, {"t/link.env", 0}, {"t/link/.env", 0}, {"t/real/.env", 0});
        CHECK(r.n_diags == 3 && r.symlinks_skipped == 0, "followed: %zu diags", r.n_diags);
        CHECK(r.files_seen == 5, "followed: files_seen %llu", (unsigned long long)r.files_seen);
        expect_diag("loop", &r, "t/d/a", ES_WALK_DIAG_LOOP, 0);
        expect_diag("dangling", &r, "t/dangling.env", ES_WALK_DIAG_ERROR, ENOENT);
        expect_diag("self", &r, "t/self.env", ES_WALK_DIAG_LOOP, ELOOP);
        es_walk_result_free(&r);
    }
    leave_tmp(d);
}

static void specials(void)
{
    char *d = enter_tmp("special");
    put("t/ok.env", "K=v\n");
    CHECK(mkfifo("t/.env", 0644) == 0, "mkfifo: %s", strerror(errno));
    CHECK(mkfifo("t/pipe", 0644) == 0, "mkfifo: %s", strerror(errno));
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    snprintf(sa.sun_path, sizeof sa.sun_path, "t/s.env");
    CHECK(s >= 0 && bind(s, (struct sockaddr *)&sa, sizeof sa) == 0, "socket: %s",
          strerror(errno));
    es_walk_opts o = defaults();
    const char *root[] = {"t"};
    es_walk_result r;
    CHECK(run(&o, root, 1, &r) == 0, "walk");
    EXPECT("specials", &r, {"t/ok.env", 0});
    CHECK(r.files_special == 3 && r.files_seen == 1 && r.n_diags == 2, "special %llu diags %zu",
          (unsigned long long)r.files_special, r.n_diags);
    expect_diag("fifo", &r, "t/.env", ES_WALK_DIAG_SPECIAL, 0);
    expect_diag("socket", &r, "t/s.env", ES_WALK_DIAG_SPECIAL, 0);
    CHECK(r.n_diags == 2 && strcmp(r.diags[0].path, "t/.env") == 0, "diags sorted");
    es_walk_result_free(&r);

    /* Explicit special roots: reported, never opened. */
    const char *sroots[] = {"/dev/null", "t/.env"};
    CHECK(run(&o, sroots, 2, &r) == 0, "walk");
    CHECK(r.n_entries == 0 && r.files_special == 2 && r.n_diags == 2, "special roots");
    expect_diag("/dev/null", &r, "/dev/null", ES_WALK_DIAG_SPECIAL, 0);
    expect_diag("fifo root", &r, "t/.env", ES_WALK_DIAG_SPECIAL, 0);
    es_walk_result_free(&r);
    if (s >= 0)
        close(s);
    leave_tmp(d);
}

/* Unreadable things can only be tested without root's powers. As root we
 * drop to uid/gid 65534 in a child; if even that is refused, we skip. */
static void unreadable(void)
{
    char *d = enter_tmp("perm");
    put("t/locked/.env", "K=v\n");
    put("t/ok/.env", "K=v\n");
    put("t/noread.env", "K=v\n");
    put("t/ok/.ignore", "*.env\n");
    chmod("t/noread.env", 0);
    chmod("t/ok/.ignore", 0);
    chmod("t/locked", 0);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        g_failures = 0; /* the child reports only its own checks */
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(77);
        if (geteuid() == 0)
            _exit(77);
        es_walk_opts o = defaults();
        const char *root[] = {"t"};
        es_walk_result r;
        CHECK(run(&o, root, 1, &r) == 0, "walk");
        EXPECT("unreadable", &r, {"t/noread.env", 0}, {"t/ok/.env", 0});
        expect_diag("locked dir", &r, "t/locked", ES_WALK_DIAG_ERROR, EACCES);
        expect_diag("unreadable rules", &r, "t/ok/.ignore", ES_WALK_DIAG_ERROR, EACCES);
        CHECK(r.n_diags == 2, "two diags");
        es_walk_result_free(&r);
        es_reader *rd = es_reader_new();
        const uint8_t *data;
        size_t len;
        int rc = es_reader_read(rd, "t/noread.env", 0, &data, &len);
        CHECK(rc == -EACCES, "read unreadable: %d", rc);
        es_reader_free(rd);
        fflush(NULL);
        _exit(g_failures ? 1 : 0);
    }
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "fork/wait");
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77)
        printf("running as root and cannot drop privileges: unreadable-directory checks "
               "skipped (root reads everything)\n");
    else
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "unreadable checks (child)");
    chmod("t/locked", 0755);
    leave_tmp(d);
}

static void roots(void)
{
    char *d = enter_tmp("roots");
    mkdirs("t/.git", 1);
    put("t/.gitignore", "ign.env\n");
    put("t/config.txt", "K=v\n");
    put("t/ign.env", "K=v\n");
    put("t/.env", "K=v\n");
    put("t/sub/.env", "K=v\n");
    symlink_or_die("sub", "t/lnk");
    es_walk_opts o = defaults();
    es_walk_result r;

    const char *files[] = {"t/config.txt", "t/ign.env"};
    CHECK(run(&o, files, 2, &r) == 0, "walk");
    EXPECT("explicit files", &r, {"t/config.txt", EXP}, {"t/ign.env", EXP});
    CHECK(r.files_seen == 2, "seen");
    es_walk_result_free(&r);

    const char *missing[] = {"t", "t/nope"};
    r.n_entries = 99;
    CHECK(es_walk(&o, missing, 2, &r) == -ENOENT, "missing root");
    CHECK(r.n_entries == 0 && r.entries == NULL && r.n_diags == 0, "nothing to free");
    const char *notdir[] = {"t/config.txt/"};
    CHECK(es_walk(&o, notdir, 1, &r) == -ENOTDIR, "file with a slash");
    CHECK(es_walk(NULL, missing, 1, &r) == -EINVAL, "NULL opts");
    CHECK(es_walk(&o, missing, 1, NULL) == -EINVAL, "NULL out");

    const char *slash[] = {"t//"};
    CHECK(run(&o, slash, 1, &r) == 0, "walk");
    EXPECT("trailing slash", &r, {"t/.env", 0}, {"t/ign.env", IGN}, {"t/sub/.env", 0});
    es_walk_result_free(&r);

    const char *both[] = {"t", "t/sub", "t/ign.env"};
    CHECK(run(&o, both, 3, &r) == 0, "walk");
    EXPECT("overlapping roots", &r, {"t/.env", 0}, {"t/ign.env", EXP}, {"t/sub/.env", 0});
    es_walk_result_free(&r);

    CHECK(chdir("t") == 0, "chdir");
    const char *dot[] = {"."};
    CHECK(run(&o, dot, 1, &r) == 0, "walk");
    EXPECT("root .", &r, {".env", 0}, {"ign.env", IGN}, {"sub/.env", 0});
    es_walk_result_free(&r);
    const char *dotslash[] = {"./"};
    CHECK(run(&o, dotslash, 1, &r) == 0, "walk");
    EXPECT("root ./", &r, {".env", 0}, {"ign.env", IGN}, {"sub/.env", 0});
    es_walk_result_free(&r);
    const char *overlap[] = {"./sub", ".", "sub"};
    CHECK(run(&o, overlap, 3, &r) == 0, "walk");
    EXPECT("first root's path wins", &r, {"./sub/.env", 0}, {".env", 0}, {"ign.env", IGN});
    es_walk_result_free(&r);
    const char *lnk[] = {"lnk"};
    CHECK(run(&o, lnk, 1, &r) == 0, "walk");
    EXPECT("symlinked root is followed", &r, {"lnk/.env", 0});
    es_walk_result_free(&r);
    const char *none[] = {NULL};
    CHECK(run(&o, none, 0, &r) == 0 && r.n_entries == 0, "no roots");
    CHECK(chdir("..") == 0, "chdir");
    leave_tmp(d);
}

static void sizes(void)
{
    char *d = enter_tmp("size");
    char big[1001];
    memset(big, 'x', 1000);
    big[1000] = 0;
    put("t/big.env", big);
    put("t/big.txt", big);
    put("t/small.env", "K=v\n");
    es_walk_opts o = defaults();
    o.max_file_size = 100;
    const char *root[] = {"t", "t/big.env"};
    es_walk_result r;
    CHECK(run(&o, root, 1, &r) == 0, "walk");
    EXPECT("max_file_size", &r, {"t/small.env", 0});
    CHECK(r.files_too_big == 1 && r.n_diags == 1, "too big %llu",
          (unsigned long long)r.files_too_big);
    expect_diag("too big", &r, "t/big.env", ES_WALK_DIAG_TOO_BIG, 0);
    es_walk_result_free(&r);
    CHECK(run(&o, root + 1, 1, &r) == 0, "walk");
    CHECK(r.n_entries == 0 && r.files_too_big == 1, "explicit too big");
    expect_diag("explicit too big", &r, "t/big.env", ES_WALK_DIAG_TOO_BIG, 0);
    es_walk_result_free(&r);
    leave_tmp(d);
}

/* ------------------------------------------------------------ determinism */

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static int same(const es_walk_result *a, const es_walk_result *b)
{
    if (a->n_entries != b->n_entries || a->n_diags != b->n_diags ||
        a->files_seen != b->files_seen || a->files_ignored != b->files_ignored ||
        a->files_special != b->files_special || a->symlinks_skipped != b->symlinks_skipped ||
        a->files_too_big != b->files_too_big || a->dirs != b->dirs)
        return 0;
    for (size_t i = 0; i < a->n_entries; i++) {
        const es_entry *x = &a->entries[i], *y = &b->entries[i];
        if (strcmp(x->path, y->path) || x->size != y->size || x->dev != y->dev ||
            x->ino != y->ino || x->mtime_ns != y->mtime_ns || x->cls != y->cls ||
            x->flags != y->flags)
            return 0;
    }
    for (size_t i = 0; i < a->n_diags; i++) {
        const es_walk_diag *x = &a->diags[i], *y = &b->diags[i];
        if (strcmp(x->path, y->path) || x->kind != y->kind || x->sys_errno != y->sys_errno ||
            strcmp(x->message, y->message))
            return 0;
    }
    return 1;
}

static void determinism(void)
{
    char *d = enter_tmp("det");
    static const char *names[] = {".env", "a.env", ".env.local", "x.txt", "main.c", "b.log",
                                  "env", ".hidden", "c.env.json", "prod.env", "y.md", "z"};
    static const char *rules[] = {"*.log\n", "*.env\n!a.env\n", "d3/\n", "/x.txt\n",
                                  "**/prod.env\n", "!*.env\n", "d1/**/z\n", ".env*\n"};
    char dirs[60][256];
    snprintf(dirs[0], sizeof dirs[0], "t");
    mkdirs("t/.git", 1);
    for (int i = 1; i < 60; i++) {
        path_join(dirs[i], sizeof dirs[i], dirs[rnd((unsigned)i)], fmt("d%u", rnd(5)));
        mkdirs(dirs[i], 1);
    }
    for (int i = 0; i < 2000; i++)
        put(fmt("%s/%u%s", dirs[rnd(60)], rnd(4), names[rnd(12)]), "K=v\n");
    for (int i = 0; i < 20; i++) {
        static const char *kinds[] = {".gitignore", ".ignore", ".envscanignore"};
        put(fmt("%s/%s", dirs[rnd(60)], kinds[rnd(3)]), rules[rnd(8)]);
    }
    for (int i = 0; i < 10; i++)
        if (symlink(rnd(2) ? ".." : "../d1", fmt("%s/l%d", dirs[1 + rnd(59)], i)) != 0)
            CHECK(errno == EEXIST, "symlink: %s", strerror(errno));
    CHECK(mkfifo("t/fifo.env", 0644) == 0, "mkfifo: %s", strerror(errno));

    const char *root[] = {"t"};
    for (int follow = 0; follow <= 1; follow++) {
        es_walk_opts o = defaults();
        o.follow_symlinks = follow;
        o.threads = 1;
        es_walk_result base;
        CHECK(run(&o, root, 1, &base) == 0, "walk");
        CHECK(base.n_entries > 100 && base.files_ignored > 0 && base.n_diags > 0,
              "a tree worth comparing: %zu entries, %zu diags", base.n_entries, base.n_diags);
        for (size_t i = 1; i < base.n_entries; i++)
            CHECK(strcmp(base.entries[i - 1].path, base.entries[i].path) < 0, "sorted, unique");
        for (size_t i = 1; i < base.n_diags; i++)
            CHECK(strcmp(base.diags[i - 1].path, base.diags[i].path) <= 0, "diags sorted");
        static const unsigned threads[] = {2, 7, 2, 7, 3};
        for (size_t k = 0; k < sizeof threads / sizeof threads[0]; k++) {
            o.threads = threads[k];
            es_walk_result r;
            CHECK(run(&o, root, 1, &r) == 0, "walk");
            CHECK(same(&base, &r), "follow=%d: %u threads differ from 1", follow, threads[k]);
            es_walk_result_free(&r);
        }
        es_walk_result_free(&base);
    }
    leave_tmp(d);
}

/* on_entry: every file below the one root is handed over exactly once,
 * by a valid worker index, and keeps what the callback left in `user`;
 * a big directory's files are shared out in batches. */
struct found {
    atomic_uint calls;
    atomic_uint bad_worker;
    unsigned threads;
    atomic_uint by_worker[8];
};

static void on_found(void *ctx, unsigned worker, es_entry *e)
{
    struct found *f = ctx;
    atomic_fetch_add(&f->calls, 1);
    if (worker >= f->threads || worker >= 8) {
        atomic_fetch_add(&f->bad_worker, 1);
        return;
    }
    atomic_fetch_add(&f->by_worker[worker], 1);
    e->user = strdup(e->path); /* what a caller makes: here, a copy */
}

static void found_entries(void)
{
    char *d = enter_tmp("found");
    char name[64];
    for (int i = 0; i < 300; i++) { /* one flat directory: 10 batches */
        snprintf(name, sizeof name, "t/flat/%03d.env", i);
        put(name, "A=1\n");
    }
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "t/d%02d/sub/.env", i);
        put(name, "A=1\n");
    }
    put("t/skip.txt", "not collected\n");
    const char *root[] = {"t"};
    for (unsigned threads = 1; threads <= 4; threads++) {
        struct found f;
        memset(&f, 0, sizeof f);
        f.threads = threads;
        es_walk_opts o = defaults();
        o.threads = threads;
        o.on_entry = on_found;
        o.ctx = &f;
        es_walk_result r;
        CHECK(run(&o, root, 1, &r) == 0, "walk with on_entry");
        CHECK(r.n_entries == 340 && atomic_load(&f.calls) == 340,
              "%u threads: %zu entries, %u calls", threads, r.n_entries, atomic_load(&f.calls));
        CHECK(atomic_load(&f.bad_worker) == 0, "worker index in range");
        size_t kept = 0;
        for (size_t i = 0; i < r.n_entries; i++) {
            kept += r.entries[i].user && strcmp(r.entries[i].user, r.entries[i].path) == 0;
            free(r.entries[i].user);
        }
        CHECK(kept == r.n_entries, "%u threads: user kept by %zu of %zu entries", threads,
              kept, r.n_entries);
        es_walk_result_free(&r);
    }
    /* several roots: nothing is handed over (entries are de-duplicated
     * after the walk) */
    struct found f;
    memset(&f, 0, sizeof f);
    f.threads = 2;
    es_walk_opts o = defaults();
    o.on_entry = on_found;
    o.ctx = &f;
    const char *roots2[] = {"t/flat", "t/d00"};
    es_walk_result r;
    CHECK(run(&o, roots2, 2, &r) == 0, "walk two roots");
    CHECK(r.n_entries == 301 && atomic_load(&f.calls) == 0, "two roots: %zu entries, %u calls",
          r.n_entries, atomic_load(&f.calls));
    es_walk_result_free(&r);
    leave_tmp(d);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    alarm(60); /* a FIFO opened for real would hang: fail instead */
    basics();
    precedence();
    repositories();
    links();
    specials();
    unreadable();
    roots();
    sizes();
    determinism();
    found_entries();
    es_walk_result_free(NULL);
    return test_result("test_walk");
}
