/*
 * test_threads.c — several scanners in several threads of one process.
 *
 * The header says: different handles may be used from different threads
 * at once, and a finished result is immutable and may be read from any
 * number of threads. This checks both against a single-threaded run:
 *
 *   1. every job (tree scans with one and two roots, a streamed tree
 *      scan, buffers of three formats) is run once on the main thread,
 *      with one worker thread, and its JSON report kept;
 *   2. eight threads, each with its own scanner (0, 1 or 2 worker
 *      threads), run every job three times in a rotated order, released
 *      together by a barrier, and each report must be byte-identical to
 *      the single-threaded one;
 *   3. eight threads read one shared result at once: reports in seven
 *      formats, a drift matrix, an inventory and a walk over the records,
 *      each compared with what the main thread got from the same result.
 *
 * Usage: test_threads SAMPLE_DIR   (datasets/sample; a second tree is
 * generated in a temporary directory)
 */
#include <pthread.h>
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

#define THREADS 8
#define ROUNDS 3

static bool same(const membuf *a, const membuf *b)
{
    return a->n == b->n && (a->n == 0 || memcmp(a->p, b->p, a->n) == 0);
}

/* --------------------------------------------------------------- the jobs */

static const char dotenv_text[] =
    "# a buffer\n"
    "export API_URL=https://api.example.test\n"
    "DB_HOST=localhost\nDB_PORT=5432\n"
    "DB_URL=\"postgres://${DB_HOST}:${DB_PORT}/app\"\n"
    "MULTI=\"line one\nline two\"\n"
    "DB_PORT=6543\n"
    "not a definition\n"
    "EMPTY=\n";
static const char compose_text[] =
    "services:\n"
    "  web:\n"
    "    image: nginx\n"
    "    env_file: .env\n"
    "    environment:\n"
    "      - PORT=8080\n"
    "      - HOST\n"
    "      LOG: ${LOG_LEVEL:-info}\n"
    "  db:\n"
    "    environment:\n"
    "      POSTGRES_PASSWORD: ${PGPASS}\n";
static const char python_text[] =
    "import os\n"
    "host = os.environ['DB_HOST']\n"
    "port = os.getenv('DB_PORT', '5432')\n"
    "name = os.environ.get(\"APP_NAME\")\n"
    "key = os.environ[prefix + 'KEY']\n";

typedef enum job_kind { JOB_PATHS, JOB_STREAM, JOB_BUFFER } job_kind;

typedef struct job {
    const char *name;
    job_kind kind;
    const char *roots[2];
    size_t nroots;
    const char *text; /* JOB_BUFFER */
    size_t len;
    envscan_format format;
    const char *file; /* the buffer's name */
} job;

static job jobs[7];
static size_t n_jobs;
static membuf want[7];

/* Streamed parts, written as NDJSON without summaries. */
static int on_part(void *ctx, const envscan_result *part)
{
    return envscan_report(part, ENVSCAN_REPORT_NDJSON,
                          ENVSCAN_REPORT_NO_TIMING | ENVSCAN_REPORT_NO_SUMMARY, mem_write,
                          ctx) != ENVSCAN_OK;
}

/* Run one job on `sc` into `out`; ENVSCAN_OK or the failing status. */
static int run(envscan_scanner *sc, const job *j, membuf *out)
{
    envscan_result *res = NULL;
    int rc;
    out->n = 0;
    switch (j->kind) {
    case JOB_PATHS:
        rc = envscan_scan_paths(sc, j->roots, j->nroots, &res);
        if (rc == ENVSCAN_OK)
            rc = envscan_report(res, ENVSCAN_REPORT_JSON, ENVSCAN_REPORT_NO_TIMING, mem_write,
                                out);
        break;
    case JOB_STREAM:
        /* parts, then what only the whole scan knows: equal to the NDJSON
         * of an unstreamed scan (tests/engine/test_api.c checks that) */
        envscan_set_file_callback(sc, on_part, out);
        rc = envscan_scan_paths(sc, j->roots, j->nroots, &res);
        envscan_set_file_callback(sc, NULL, NULL);
        if (rc == ENVSCAN_OK)
            rc = envscan_report(res, ENVSCAN_REPORT_NDJSON, ENVSCAN_REPORT_NO_TIMING, mem_write,
                                out);
        break;
    default:
        rc = envscan_scan_buffer(sc, j->text, j->len, j->format, j->file, &res);
        if (rc == ENVSCAN_OK)
            rc = envscan_report(res, ENVSCAN_REPORT_JSON, ENVSCAN_REPORT_NO_TIMING, mem_write,
                                out);
        break;
    }
    envscan_result_free(res);
    return rc;
}

static envscan_scanner *scanner(int threads)
{
    envscan_scanner *sc = NULL;
    if (envscan_scanner_create(&sc) != ENVSCAN_OK) {
        fprintf(stderr, "cannot create a scanner\n");
        exit(1);
    }
    CHECK(envscan_set_option(sc, ENVSCAN_OPT_THREADS, threads) == ENVSCAN_OK, "threads");
    return sc;
}

/* ------------------------------------------------- 2. one scanner a thread */

static pthread_barrier_t start;
static atomic_int mismatches, errors;

static void *scan_worker(void *arg)
{
    const int me = (int)(intptr_t)arg;
    envscan_scanner *sc = scanner(me % 3); /* 0: one per CPU */
    membuf got = {0};
    pthread_barrier_wait(&start);
    for (int round = 0; round < ROUNDS; round++) {
        for (size_t k = 0; k < n_jobs; k++) {
            const size_t j = (k + (size_t)me + (size_t)round) % n_jobs;
            int rc = run(sc, &jobs[j], &got);
            if (rc != ENVSCAN_OK) {
                fprintf(stderr, "thread %d: %s: %s\n", me, jobs[j].name,
                        envscan_last_error(sc));
                atomic_fetch_add(&errors, 1);
            } else if (!same(&got, &want[j])) {
                fprintf(stderr, "thread %d round %d: %s differs from the single-threaded "
                                "report (%zu bytes, want %zu)\n",
                        me, round, jobs[j].name, got.n, want[j].n);
                atomic_fetch_add(&mismatches, 1);
            }
        }
    }
    free(got.p);
    envscan_scanner_free(sc);
    return NULL;
}

/* -------------------------------------------------- 3. one shared result */

static const envscan_report_format formats[] = {
    ENVSCAN_REPORT_TEXT, ENVSCAN_REPORT_JSON,     ENVSCAN_REPORT_NDJSON, ENVSCAN_REPORT_SARIF,
    ENVSCAN_REPORT_CSV,  ENVSCAN_REPORT_MARKDOWN, ENVSCAN_REPORT_HTML};
#define N_FORMATS (sizeof formats / sizeof formats[0])

typedef struct reading {
    membuf report[N_FORMATS];
    membuf matrix, inventory, records;
} reading;

static void fnv(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        *h = (*h ^ s[i]) * 0x100000001b3ull;
}

/* Everything a reader can get from a result, as text. */
static int read_all(const envscan_result *res, reading *r)
{
    int rc = ENVSCAN_OK;
    for (size_t f = 0; f < N_FORMATS && rc == ENVSCAN_OK; f++)
        rc = envscan_report(res, formats[f], ENVSCAN_REPORT_NO_TIMING, mem_write, &r->report[f]);
    envscan_matrix *m = NULL;
    if (rc == ENVSCAN_OK)
        rc = envscan_matrix_build(res, &m);
    for (size_t k = 0; m && k < envscan_matrix_key_count(m); k++) {
        const char *key = envscan_matrix_key(m, k);
        mem_write(&r->matrix, key, strlen(key));
        for (size_t f = 0; f < envscan_matrix_file_count(m); f++) {
            const char *c = envscan_cell_name(envscan_matrix_cell(m, k, f));
            mem_write(&r->matrix, " ", 1);
            mem_write(&r->matrix, c, strlen(c));
        }
        const char *end = envscan_matrix_key_drift(m, k) ? " drift\n" : "\n";
        mem_write(&r->matrix, end, strlen(end));
    }
    envscan_matrix_free(m);
    envscan_inventory *inv = NULL;
    if (rc == ENVSCAN_OK)
        rc = envscan_inventory_create(res, &inv);
    if (rc == ENVSCAN_OK)
        rc = envscan_inventory_report(inv, ENVSCAN_REPORT_JSON, 0, NULL, 0, mem_write,
                                      &r->inventory);
    envscan_inventory_free(inv);
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < envscan_result_record_count(res); i++) {
        const envscan_record *rec = envscan_result_record(res, i);
        fnv(&h, rec->key, rec->key_len);
        if (rec->value)
            fnv(&h, rec->value, rec->value_len);
        fnv(&h, rec->file, strlen(rec->file));
        fnv(&h, &rec->line, sizeof rec->line);
    }
    char line[64];
    int n = snprintf(line, sizeof line, "%zu records %016llx\n",
                     envscan_result_record_count(res), (unsigned long long)h);
    mem_write(&r->records, line, (size_t)n);
    return rc;
}

static void reading_free(reading *r)
{
    for (size_t f = 0; f < N_FORMATS; f++)
        free(r->report[f].p);
    free(r->matrix.p);
    free(r->inventory.p);
    free(r->records.p);
}

static const envscan_result *shared;
static reading shared_want;

static void *read_worker(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (int round = 0; round < ROUNDS; round++) {
        reading r;
        memset(&r, 0, sizeof r);
        if (read_all(shared, &r) != ENVSCAN_OK)
            atomic_fetch_add(&errors, 1);
        for (size_t f = 0; f < N_FORMATS; f++)
            if (!same(&r.report[f], &shared_want.report[f])) {
                fprintf(stderr, "shared result: the %s report differs\n",
                        envscan_report_format_name(formats[f]));
                atomic_fetch_add(&mismatches, 1);
            }
        if (!same(&r.matrix, &shared_want.matrix) ||
            !same(&r.inventory, &shared_want.inventory) ||
            !same(&r.records, &shared_want.records)) {
            fprintf(stderr, "shared result: matrix, inventory or records differ\n");
            atomic_fetch_add(&mismatches, 1);
        }
        reading_free(&r);
    }
    return NULL;
}

/* ------------------------------------------------------------------ tree */

static void put(const char *dir, const char *name, const char *text)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

/* 40 small applications of several formats, with drift, missing and
 * unused variables, duplicate keys and references between files. */
static void make_tree(char *dir)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    for (int a = 0; a < 40; a++) {
        char app[600], text[1024];
        snprintf(app, sizeof app, "%s/app%02d", dir, a);
        mkdir(app, 0700);
        snprintf(text, sizeof text, "PORT=%d\nHOST=localhost\nDB_URL=postgres://db/app%d\n%s",
                 3000 + a, a, a % 3 ? "" : "DEBUG=1\nDEBUG=0\n");
        put(app, ".env", text);
        put(app, ".env.example", "PORT=\nHOST=\nDB_URL=\nSMTP_HOST=\n");
        snprintf(text, sizeof text,
                 "services:\n  app%d:\n    env_file: .env\n    environment:\n"
                 "      - LOG_LEVEL=${LOG_LEVEL:-info}\n      - REGION=eu-%d\n",
                 a, a % 4);
        put(app, "compose.yaml", text);
        snprintf(text, sizeof text,
                 "import os\nport = os.environ['PORT']\nkey = os.getenv('API_KEY_%d')\n"
                 "region = os.environ.get('REGION')\n",
                 a % 5);
        put(app, "main.py", text);
        snprintf(text, sizeof text,
                 "const host = process.env.HOST;\nconst t = process.env.TOKEN_%d || 'x';\n", a);
        put(app, "index.js", text);
        snprintf(text, sizeof text, "{\"db\": {\"url\": \"${DB_URL}\", \"pool\": %d}}\n", a);
        put(app, "settings.json", text);
        put(app, "run.sh", "#!/bin/sh\nexport MODE=prod\necho \"$PORT $UNSET_ONE\"\n");
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_threads SAMPLE_DIR\n");
        return 2;
    }
    char dir[] = "/tmp/envscan-threads-XXXXXX";
    make_tree(dir);
    const char *sample = argv[1];
    jobs[n_jobs++] = (job){.name = "tree", .kind = JOB_PATHS, .roots = {dir}, .nroots = 1};
    jobs[n_jobs++] = (job){.name = "sample", .kind = JOB_PATHS, .roots = {sample}, .nroots = 1};
    jobs[n_jobs++] =
        (job){.name = "two roots", .kind = JOB_PATHS, .roots = {dir, sample}, .nroots = 2};
    jobs[n_jobs++] =
        (job){.name = "streamed tree", .kind = JOB_STREAM, .roots = {dir}, .nroots = 1};
    jobs[n_jobs++] = (job){.name = "dotenv buffer", .kind = JOB_BUFFER, .text = dotenv_text,
                           .len = sizeof dotenv_text - 1, .format = ENVSCAN_FORMAT_DOTENV,
                           .file = "buf.env"};
    jobs[n_jobs++] = (job){.name = "compose buffer", .kind = JOB_BUFFER, .text = compose_text,
                           .len = sizeof compose_text - 1, .format = ENVSCAN_FORMAT_UNKNOWN,
                           .file = "compose.yaml"};
    jobs[n_jobs++] = (job){.name = "python buffer", .kind = JOB_BUFFER, .text = python_text,
                           .len = sizeof python_text - 1, .format = ENVSCAN_FORMAT_UNKNOWN,
                           .file = "app.py"};

    /* 1. the single-threaded answers */
    envscan_scanner *sc = scanner(1);
    for (size_t j = 0; j < n_jobs; j++) {
        int rc = run(sc, &jobs[j], &want[j]);
        CHECK(rc == ENVSCAN_OK, "%s: %s", jobs[j].name, envscan_last_error(sc));
        CHECK(want[j].n > 100, "%s: a report of %zu bytes", jobs[j].name, want[j].n);
    }
    /* the answers say something: records, findings, both roots */
    CHECK(strstr(want[0].p, "\"code\":\"missing\"") && strstr(want[0].p, "\"code\":\"drift\""),
          "the tree has missing and drift findings");
    CHECK(strstr(want[2].p, "app00/.env") && strstr(want[2].p, "services/api/.env"),
          "two roots: files of both");
    CHECK(strstr(want[4].p, "\"key\":\"DB_URL\"") && strstr(want[6].p, "\"key\":\"APP_NAME\""),
          "buffers: their records");

    /* 2. eight scanners at once */
    pthread_t t[THREADS];
    pthread_barrier_init(&start, NULL, THREADS);
    for (int i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], NULL, scan_worker, (void *)(intptr_t)i) != 0) {
            perror("pthread_create");
            return 1;
        }
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    CHECK(atomic_load(&errors) == 0, "%d scans failed in threads", atomic_load(&errors));
    CHECK(atomic_load(&mismatches) == 0, "%d reports differ from the single-threaded ones",
          atomic_load(&mismatches));

    /* 3. one result, read by eight threads at once */
    envscan_result *res = NULL;
    CHECK(envscan_scan_paths(sc, jobs[2].roots, 2, &res) == ENVSCAN_OK, "shared scan");
    shared = res;
    CHECK(read_all(res, &shared_want) == ENVSCAN_OK, "reading the shared result");
    CHECK(shared_want.matrix.n > 0 && shared_want.inventory.n > 0, "matrix and inventory");
    atomic_store(&errors, 0);
    atomic_store(&mismatches, 0);
    pthread_barrier_init(&start, NULL, THREADS);
    for (int i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], NULL, read_worker, NULL) != 0) {
            perror("pthread_create");
            return 1;
        }
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    CHECK(atomic_load(&errors) == 0, "%d reads of the shared result failed",
          atomic_load(&errors));
    CHECK(atomic_load(&mismatches) == 0, "%d reads of the shared result differ",
          atomic_load(&mismatches));

    envscan_result_free(res);
    reading_free(&shared_want);
    envscan_scanner_free(sc);
    for (size_t j = 0; j < n_jobs; j++)
        free(want[j].p);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "cleanup");
    if (failures)
        fprintf(stderr, "test_threads: %d checks failed\n", failures);
    else
        printf("test_threads: %d threads x %d rounds x %zu jobs, and %d readers of one "
               "result, all equal to one thread's answers\n",
               THREADS, ROUNDS, n_jobs, THREADS);
    return failures ? 1 : 0;
}
