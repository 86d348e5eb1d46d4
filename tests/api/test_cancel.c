/*
 * test_cancel.c — envscan_cancel() from another thread stops a running
 * scan: the walk with reads during it (one root), the parallel read loop
 * (several roots), the streamed scan (file callback) and one big buffer.
 *
 * No clock is involved. The test is linked with -Wl,--wrap=openat and
 * -Wl,--wrap=es_index_lines, so it sees every file the scan opens and
 * every 4 KiB window the dotenv parser indexes. At a chosen count the
 * wrapper (running on a scan thread) wakes a canceller thread and waits
 * until it has called envscan_cancel(); from then on it counts what the
 * scan still does. A scan that stops must return ENVSCAN_E_CANCELLED,
 * open at most one more file per worker thread (a worker may have passed
 * its check just before the request), and so open fewer files than the
 * tree holds. A callback sees no file after the request.
 *
 * Usage: test_cancel [FILES]   (default 20000 files in a temporary tree)
 */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "envscan.h"

#include "check.h"
#include "membuf.h"

/* ------------------------------------------------------------ the trigger */

/* One pending cancel: the scan thread that reaches `at` hands `sc` to the
 * canceller and waits for it. */
static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    envscan_scanner *sc;
    bool fired, done;
} trig = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, false, false};

static atomic_long opens, opens_after; /* files of the tree opened; after cancel */
static atomic_long dirs_after;          /* directories opened after the cancel */
static atomic_long windows, windows_after;
static atomic_long open_trigger = -1, window_trigger = -1; /* -1: none armed */
static atomic_bool cancelled_now;

static void *canceller(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&trig.mu);
    while (!trig.fired)
        pthread_cond_wait(&trig.cv, &trig.mu);
    CHECK(envscan_cancel(trig.sc) == ENVSCAN_OK, "envscan_cancel");
    atomic_store(&cancelled_now, true);
    trig.done = true;
    pthread_cond_broadcast(&trig.cv);
    pthread_mutex_unlock(&trig.mu);
    return NULL;
}

/* Called on a scan thread: fire the canceller and wait until it is done. */
static void fire(void)
{
    pthread_mutex_lock(&trig.mu);
    trig.fired = true;
    pthread_cond_broadcast(&trig.cv);
    while (!trig.done)
        pthread_cond_wait(&trig.cv, &trig.mu);
    pthread_mutex_unlock(&trig.mu);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The mode argument of open(2) and openat(2): there with O_CREAT only. */
#define MODE_ARG(flags, mode)                                                \
    do {                                                                     \
        if ((flags) & O_CREAT) {                                             \
            va_list ap_;                                                     \
            va_start(ap_, flags);                                            \
            (mode) = va_arg(ap_, mode_t);                                    \
            va_end(ap_);                                                     \
        }                                                                    \
    } while (0)

int __real_openat(int dirfd, const char *path, int flags, ...);
int __wrap_openat(int dirfd, const char *path, int flags, ...);
int __wrap_openat(int dirfd, const char *path, int flags, ...)
{
    mode_t mode = 0;
    MODE_ARG(flags, mode);
    if (ends_with(path, ".sh")) {
        if (atomic_load(&cancelled_now))
            atomic_fetch_add(&opens_after, 1);
        long n = atomic_fetch_add(&opens, 1) + 1;
        long at = atomic_load(&open_trigger);
        if (n == at)
            fire();
    }
    return __real_openat(dirfd, path, flags, mode);
}

/* the walk opens directories with open(2) */
int __real_open(const char *path, int flags, ...);
int __wrap_open(const char *path, int flags, ...);
int __wrap_open(const char *path, int flags, ...)
{
    mode_t mode = 0;
    MODE_ARG(flags, mode);
    if ((flags & O_DIRECTORY) && atomic_load(&cancelled_now))
        atomic_fetch_add(&dirs_after, 1);
    return __real_open(path, flags, mode);
}

/* the dotenv parser's stage-1 index of one window (kernels/es_kernels.h) */
struct es_kernels;
struct es_line_masks;
size_t __real_es_index_lines(const struct es_kernels *k, const uint8_t *p, size_t len,
                             struct es_line_masks *out);
size_t __wrap_es_index_lines(const struct es_kernels *k, const uint8_t *p, size_t len,
                             struct es_line_masks *out);
size_t __wrap_es_index_lines(const struct es_kernels *k, const uint8_t *p, size_t len,
                             struct es_line_masks *out)
{
    if (atomic_load(&cancelled_now))
        atomic_fetch_add(&windows_after, 1);
    long n = atomic_fetch_add(&windows, 1) + 1;
    if (n == atomic_load(&window_trigger))
        fire();
    return __real_es_index_lines(k, p, len, out);
}

/* Zero the counters, with no trigger armed. */
static void count_only(void)
{
    atomic_store(&open_trigger, -1);
    atomic_store(&window_trigger, -1);
    atomic_store(&cancelled_now, false);
    atomic_store(&opens, 0);
    atomic_store(&opens_after, 0);
    atomic_store(&dirs_after, 0);
    atomic_store(&windows, 0);
    atomic_store(&windows_after, 0);
}

/* Arm the trigger for scanner `sc` and start the canceller. */
static pthread_t arm(envscan_scanner *sc, long at_open, long at_window)
{
    count_only();
    trig.sc = sc;
    trig.fired = trig.done = false;
    atomic_store(&open_trigger, at_open);
    atomic_store(&window_trigger, at_window);
    pthread_t t;
    if (pthread_create(&t, NULL, canceller, NULL) != 0) {
        perror("pthread_create");
        exit(1);
    }
    return t;
}

/* After the scan: a trigger that never fired (the scan ended first, a
 * failed check already) must not leave the canceller waiting. */
static void disarm(pthread_t t)
{
    atomic_store(&open_trigger, -1);
    atomic_store(&window_trigger, -1);
    pthread_mutex_lock(&trig.mu);
    bool fired = trig.fired;
    if (!fired) {
        trig.fired = true; /* lets the canceller run; its cancel is void */
        pthread_cond_broadcast(&trig.cv);
    }
    pthread_mutex_unlock(&trig.mu);
    pthread_join(t, NULL);
    CHECK(fired, "the trigger fired during the scan");
}

/* ------------------------------------------------------------------ tools */

static envscan_scanner *scanner(int threads)
{
    envscan_scanner *sc = NULL;
    int rc = envscan_scanner_create(&sc);
    if (rc != ENVSCAN_OK) {
        fprintf(stderr, "cannot create scanner: %s\n", envscan_strerror(rc));
        exit(1);
    }
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_THREADS, threads) == ENVSCAN_OK, "threads");
    return sc;
}

/* Threads of this process (/proc/self/task). */
static int task_count(void)
{
    DIR *d = opendir("/proc/self/task");
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

/* `files` shell scripts under DIR/a and DIR/b, 100 to a directory. Not
 * .env files: the dotenv parser looks at the cancel by itself (see
 * cancel_buffer), and this must see what the walk and the read loops do. */
static void make_tree(char *dir, int files)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    char path[512];
    for (int i = 0; i < files; i++) {
        const char *half = i < files / 2 ? "a" : "b";
        if (i % 100 == 0 || i == files / 2) {
            snprintf(path, sizeof path, "%s/%s", dir, half);
            mkdir(path, 0700);
            snprintf(path, sizeof path, "%s/%s/d%05d", dir, half, i / 100);
            mkdir(path, 0700);
        }
        snprintf(path, sizeof path, "%s/%s/d%05d/f%05d.sh", dir, half, i / 100, i);
        FILE *f = fopen(path, "w");
        if (!f) {
            perror(path);
            exit(1);
        }
        fprintf(f, "export KEY_%d='value %d'\nSHARED=%d\n", i, i, i % 7);
        fclose(f);
    }
}

static void remove_tree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "cleanup");
}

/* ------------------------------------------------------------------ tests */

/* Counts the parts a streamed scan delivers, and those after the cancel. */
typedef struct parts {
    long seen, after, fire_at;
} parts;

static int on_part(void *ctx, const envscan_result *part)
{
    parts *p = ctx;
    CHECK(envscan_result_file_count(part) == 1, "a part is one file");
    if (atomic_load(&cancelled_now))
        p->after++;
    if (++p->seen == p->fire_at)
        fire();
    return 0;
}

/* The same scanner still scans the whole tree after a cancel. */
static void expect_full(envscan_scanner *sc, const char *const *roots, size_t nroots,
                        int files, const membuf *want)
{
    envscan_result *res = NULL;
    int rc = envscan_scan_paths(sc, roots, nroots, &res);
    CHECK(rc == ENVSCAN_OK, "a scan after the cancel: %s", envscan_last_error(sc));
    uint64_t scanned = 0;
    envscan_result_stat(res, ENVSCAN_STAT_FILES_SCANNED, &scanned);
    CHECK(scanned == (uint64_t)files, "%llu files scanned after the cancel, want %d",
          (unsigned long long)scanned, files);
    if (want) {
        membuf got = {0};
        envscan_report(res, ENVSCAN_REPORT_JSON, ENVSCAN_REPORT_NO_TIMING, mem_write, &got);
        CHECK(got.n == want->n && memcmp(got.p, want->p, want->n) == 0,
              "the report after a cancel is the fresh scanner's");
        free(got.p);
    }
    envscan_result_free(res);
}

/* A tree scan stopped from another thread when the trigger-th file is
 * opened. `stream`: with a file callback (then the trigger is the
 * fire_at-th delivered part instead). */
static void cancel_tree(const char *const *roots, size_t nroots, int files, int threads,
                        bool stream, const membuf *want)
{
    envscan_scanner *sc = scanner(threads);
    const long at = files / 20 > 1 ? files / 20 : 1;
    parts pt = {.fire_at = -1};
    if (stream)
        envscan_set_file_callback(sc, on_part, &pt);
    /* warm up: the thread pools a full scan leaves behind */
    count_only();
    expect_full(sc, roots, nroots, files, NULL);
    pt.seen = 0;
    pt.fire_at = at;
    const int tasks_before = task_count();

    pthread_t t = arm(sc, stream ? -1 : at, -1);
    envscan_result *res = (envscan_result *)&res; /* must become NULL */
    int rc = envscan_scan_paths(sc, roots, nroots, &res);
    disarm(t);
    const long opened = atomic_load(&opens), late = atomic_load(&opens_after);
    CHECK(rc == ENVSCAN_E_CANCELLED, "cancelled scan returned %d (%s), roots %zu threads %d%s",
          rc, envscan_strerror(rc), nroots, threads, stream ? " stream" : "");
    CHECK(res == NULL, "no result from a cancelled scan");
    CHECK(strstr(envscan_last_error(sc), "cancel") != NULL, "last error says cancelled: '%s'",
          envscan_last_error(sc));
    CHECK(opened < files, "the scan stopped early: %ld of %d files opened", opened, files);
    CHECK(late <= threads, "%ld files opened after the cancel (threads %d)", late, threads);
    CHECK(atomic_load(&dirs_after) <= threads, "%ld directories opened after the cancel",
          atomic_load(&dirs_after));
    if (stream) {
        CHECK(pt.seen == at, "%ld parts delivered, the cancel came at %ld", pt.seen, at);
        CHECK(pt.after == 0, "%ld parts delivered after the cancel", pt.after);
    }
    CHECK(task_count() == tasks_before, "threads after the cancelled scan: %d, before: %d",
          task_count(), tasks_before);

    /* the request was used up: the next scan runs to the end */
    pt.seen = pt.after = 0;
    pt.fire_at = -1;
    count_only();
    expect_full(sc, roots, nroots, files, stream ? NULL : want);
    envscan_scanner_free(sc);
}

/* A cancel while no scan runs is forgotten when the next one starts. */
static void cancel_between_scans(const char *root, int files)
{
    envscan_scanner *sc = scanner(2);
    CHECK(envscan_cancel(NULL) == ENVSCAN_E_INVALID, "cancel(NULL)");
    CHECK(envscan_cancel(sc) == ENVSCAN_OK, "cancel with no scan running");
    expect_full(sc, &root, 1, files, NULL);
    envscan_result *res = NULL;
    CHECK(envscan_cancel(sc) == ENVSCAN_OK, "cancel again");
    CHECK(envscan_scan_buffer(sc, "A=1\n", 4, ENVSCAN_FORMAT_DOTENV, NULL, &res) == ENVSCAN_OK,
          "a buffer scan after a cancel made between scans");
    CHECK(envscan_result_record_count(res) == 1, "one record");
    envscan_result_free(res);
    envscan_scanner_free(sc);
}

/* One big .env buffer, stopped inside the parse. */
static void cancel_buffer(void)
{
    const size_t lines = 400000;
    size_t cap = lines * 32, len = 0;
    char *text = malloc(cap);
    if (!text)
        exit(1);
    for (size_t i = 0; i < lines; i++)
        len += (size_t)snprintf(text + len, cap - len, "KEY_%zu=value-%zu\n", i, i);
    envscan_scanner *sc = scanner(1);
    envscan_result *res = NULL;
    /* the whole buffer first: how many windows a full parse indexes */
    count_only();
    CHECK(envscan_scan_buffer(sc, text, len, ENVSCAN_FORMAT_DOTENV, "big.env", &res) == ENVSCAN_OK,
          "full buffer scan");
    const long all = atomic_load(&windows);
    CHECK(envscan_result_record_count(res) == lines, "%zu records",
          envscan_result_record_count(res));
    envscan_result_free(res);

    const long at = all / 10;
    CHECK(at > 10, "the buffer spans %ld windows", all);
    pthread_t t = arm(sc, -1, at);
    res = (envscan_result *)&res;
    int rc = envscan_scan_buffer(sc, text, len, ENVSCAN_FORMAT_DOTENV, "big.env", &res);
    disarm(t);
    CHECK(rc == ENVSCAN_E_CANCELLED, "cancelled buffer scan returned %d (%s)", rc,
          envscan_strerror(rc));
    CHECK(res == NULL, "no result from a cancelled buffer scan");
    CHECK(atomic_load(&windows_after) == 0, "%ld windows indexed after the cancel",
          atomic_load(&windows_after));
    CHECK(atomic_load(&windows) < all, "stopped early: %ld of %ld windows",
          atomic_load(&windows), all);
    free(text);
    envscan_scanner_free(sc);
}

int main(int argc, char **argv)
{
    const int files = argc > 1 ? atoi(argv[1]) : 20000;
    if (files < 100) {
        fprintf(stderr, "usage: test_cancel [FILES >= 100]\n");
        return 2;
    }
    char dir[] = "/tmp/envscan-cancel-XXXXXX";
    make_tree(dir, files);
    char a[600], b[600];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    const char *one[] = {dir};
    const char *two[] = {a, b};

    /* what a fresh scanner says about the tree, to compare after cancels */
    membuf want = {0};
    {
        envscan_scanner *sc = scanner(2);
        envscan_result *res = NULL;
        CHECK(envscan_scan_paths(sc, one, 1, &res) == ENVSCAN_OK, "reference scan");
        envscan_report(res, ENVSCAN_REPORT_JSON, ENVSCAN_REPORT_NO_TIMING, mem_write, &want);
        envscan_result_free(res);
        envscan_scanner_free(sc);
    }

    cancel_between_scans(dir, files);
    for (int threads = 1; threads <= 2; threads++) {
        cancel_tree(one, 1, files, threads, false, &want); /* reads during the walk */
        cancel_tree(two, 2, files, threads, false, NULL);  /* the parallel read loop */
        cancel_tree(one, 1, files, threads, true, NULL);   /* streamed */
    }
    cancel_buffer();
    remove_tree(dir);
    free(want.p);
    if (failures)
        fprintf(stderr, "test_cancel: %d checks failed\n", failures);
    else
        printf("test_cancel: %d files; walk, read loop, stream and buffer scans all stop\n",
               files);
    return failures ? 1 : 0;
}
