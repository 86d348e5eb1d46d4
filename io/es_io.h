/*
 * es_io.h — directory walk, ignore rules, file classification and file
 * reading (internal to envscan).
 *
 * Depends on POSIX (and later liburing) only; nothing else of envscan's.
 * The engine calls es_walk() once per scan, then reads each entry with an
 * es_reader owned by one worker thread.
 */
#ifndef ES_IO_H
#define ES_IO_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------- classify */

/* The numbers are envscan_format's (the engine checks they agree); io/
 * does not include the public header. */
typedef enum es_file_class {
    ES_CLASS_NONE = 0,   /* not a file envscan reads            */
    ES_CLASS_DOTENV = 1, /* .env family                         */
    ES_CLASS_SHELL = 2,
    ES_CLASS_DOCKERFILE = 3,
    ES_CLASS_COMPOSE = 4,
    ES_CLASS_YAML = 9,   /* any other YAML: Kubernetes, Actions and config
                            are told apart by path and content        */
    ES_CLASS_SYSTEMD = 7,
    ES_CLASS_JSON = 8,
    ES_CLASS_TOML = 10,
    ES_CLASS_INI = 11,
    ES_CLASS_PROPERTIES = 12,
    ES_CLASS_JAVASCRIPT = 13,
    ES_CLASS_PYTHON = 14,
    ES_CLASS_GO = 15,
    ES_CLASS_JVM = 16,
    ES_CLASS_CSHARP = 17,
    ES_CLASS_RUBY = 18,
    ES_CLASS_PHP = 19,
    ES_CLASS_RUST = 20,
    ES_CLASS_C = 21,
    ES_CLASS_MAX = 22
} es_file_class;

#define ES_CLASS_BIT(c) (UINT64_C(1) << (c))

/* The class of a file of any other format than dotenv, by base name,
 * among the classes whose bit is set in `enabled`; ES_CLASS_NONE when
 * none. The table is in classify.c. */
es_file_class es_classify_format(const char *base, size_t len, uint64_t enabled);

/* Classify by base name (no directory part). `extra_globs` are additional
 * gitignore-style globs (matched against the base name) that mean dotenv.
 * Built in: `.env`, `.env.*`, `*.env`, `*.env.*`, `env`, `.envrc`; the
 * `.env.*` and `*.env.*` forms exclude names whose last extension is that
 * of source code or another config format (js, ts, py, json, yml, ...). */
es_file_class es_classify_name(const char *base, const char *const *extra_globs,
                               size_t n_extra);

/* --------------------------------------------------------------- git index */

enum {
    ES_GIT_INDEX_OK = 0,
    ES_GIT_INDEX_BAD = -1,         /* not an index, or damaged            */
    ES_GIT_INDEX_UNSUPPORTED = -2, /* a version or a split index not read */
    ES_GIT_INDEX_NOMEM = -3        /* out of memory, or the callback said stop */
};

/* Receives each tracked path (relative to the work tree, '/'-separated,
 * NUL-terminated at path[len]); non-zero stops the parse. */
typedef int (*es_git_path_fn)(void *ctx, const char *path, size_t len);

/* Every path of a git index file held in buf[0, len) (gitindex.c): the
 * index versions 2, 3 and 4, SHA-1 or SHA-256 object ids (*hash_len, may
 * be NULL, gets which). Returns ES_GIT_INDEX_*. */
int es_git_index_parse(const uint8_t *buf, size_t len, es_git_path_fn fn, void *ctx,
                       size_t *hash_len);

/* The git directory of the work tree at `dir` (`dir`/.git, or the target
 * of a `.git` file), malloc'ed; NULL when `dir` has none. */
char *es_git_dir(const char *dir);

/* A whole regular file of at most `max` bytes, malloc'ed, its size in
 * *len; NULL when it cannot be read or is larger. */
uint8_t *es_read_small_file(const char *path, size_t max, size_t *len);

/* ------------------------------------------------------------------ ignore */

/* A compiled set of gitignore-syntax patterns from one file (or list),
 * anchored at directory `base` (relative path from the walk root, "" for
 * the root itself). */
typedef struct es_ignore es_ignore;

typedef enum es_ignore_match {
    ES_IGNORE_NONE = 0,    /* no pattern matched                */
    ES_IGNORE_IGNORE = 1,  /* last matching pattern ignores     */
    ES_IGNORE_WHITELIST = 2 /* last matching pattern is `!...`  */
} es_ignore_match;

/* Compile patterns from `text` (gitignore syntax: comments, blank lines,
 * `!` negation, leading/middle `/` anchoring, trailing `/` directory-only,
 * `*`, `?`, `[...]` classes with ranges and `!`/`^` negation, `**` in all
 * its positions, backslash escapes, trailing spaces trimmed unless
 * escaped; CRLF line ends and a UTF-8 byte-order mark read as git reads
 * them). `base` is copied. Returns NULL only when out of memory. */
es_ignore *es_ignore_compile(const char *base, const char *text, size_t len);
void es_ignore_free(es_ignore *ig);

/* Match `relpath` (relative to the walk root, '/'-separated, no leading
 * "./") against the set. `is_dir` enables directory-only patterns.
 * Paths outside `base` never match. */
es_ignore_match es_ignore_matches(const es_ignore *ig, const char *relpath,
                                  int is_dir);

/* -------------------------------------------------------------------- walk */

#define ES_ENTRY_IGNORED 0x1u  /* matched an ignore rule; kept because it is
                                  an env file (never with EXPLICIT)        */
#define ES_ENTRY_EXPLICIT 0x2u /* named on the command line               */
#define ES_ENTRY_STATED 0x4u   /* size, dev, ino, mtime_ns are known: the
                                  walk stats a file only when it needs to
                                  (max_file_size, several roots); else 0 */

typedef struct es_entry {
    char *path;           /* root joined with the relative path          */
    uint64_t size;
    uint64_t dev, ino;
    int64_t mtime_ns;
    es_file_class cls;    /* ES_CLASS_DOTENV for explicit files too      */
    uint32_t flags;       /* ES_ENTRY_*                                  */
    void *user;           /* what es_walk_opts.on_entry left; else NULL  */
} es_entry;

typedef enum es_walk_diag_kind {
    ES_WALK_DIAG_ERROR = 1,   /* opendir/stat failed, or reading an
                                 ignore file (errno set)                 */
    ES_WALK_DIAG_SPECIAL = 2, /* FIFO, socket or device: never opened    */
    ES_WALK_DIAG_LOOP = 3,    /* symlink loop (only with follow)         */
    ES_WALK_DIAG_TOO_BIG = 4  /* over max_file_size                      */
} es_walk_diag_kind;

typedef struct es_walk_diag {
    es_walk_diag_kind kind;
    char *path;
    int sys_errno;
    char *message;        /* one line, no path in it                     */
} es_walk_diag;

#define ES_WALK_MAX_THREADS 256 /* es_walk_opts.threads is capped here */
#define ES_WALK_FILE_BATCH 32

/* ------------------------------------------------------------ affinity */

typedef enum es_affinity_plan {
    ES_AFFINITY_NONE = 0,    /* as envscan_affinity */
    ES_AFFINITY_COMPACT = 1,
    ES_AFFINITY_SPREAD = 2
} es_affinity_plan;

/* A thread's CPU set before es_pin_self(). */
typedef struct es_cpu_saved {
    unsigned long set[1024 / (8 * sizeof(unsigned long))]; /* a cpu_set_t */
    int valid;
} es_cpu_saved;

/* The CPUs this process may run on (sched_getaffinity), up to max, in
 * ascending order; their number (0 when unknown). */
size_t es_cpu_list(int *cpus, size_t max);
/* The CPU worker `worker` of `nworkers` goes to under `plan`: compact,
 * the worker-th CPU of the list (wrapping around); spread, CPUs evenly
 * spaced over the list; -1 for none. */
int es_cpu_for(es_affinity_plan plan, const int *cpus, size_t ncpus, unsigned worker,
               unsigned nworkers);
/* Pin the calling thread to `cpu` (saving its set in *saved), 0; or -1
 * when cpu is -1 or the system refuses (nothing changed then). */
int es_pin_self(int cpu, es_cpu_saved *saved);
/* Give the calling thread back the set es_pin_self() saved, if it pinned. */
void es_pin_restore(const es_cpu_saved *saved);

typedef struct es_walk_opts {
    unsigned threads;               /* >= 1 (0 counts as 1)              */
    /* worker i runs on es_cpu_for(affinity, cpus, ncpus, i, threads) for
     * the walk, and gets its CPU set back after */
    es_affinity_plan affinity;
    const int *cpus;
    size_t ncpus;
    int use_ignore_files;           /* .gitignore, .ignore, exclude, ... */
    int hidden;                     /* walk dot-names                    */
    int follow_symlinks;
    uint64_t max_file_size;         /* env files over it: diag; 0 = none */
    const char *const *env_globs;   /* extra dotenv names (base-name globs) */
    uint64_t formats;               /* ES_CLASS_BIT()s of the other classes
                                       to collect (dotenv always is)     */
    size_t n_env_globs;
    const char *const *config_globs;      /* more config names (base-name */
    const es_file_class *config_classes;  /* globs) and the class of each */
    size_t n_config_globs;
    const char *const *extra_ignores; /* gitignore lines applied at each
                                         root, overriding the files' rules */
    size_t n_extra_ignores;
    /* Optional. With exactly one root, each file found below it is handed
     * to on_entry by the worker that found it (`worker` 0..threads-1, one
     * thread per index), while the walk goes on, so reading and parsing
     * overlap listing: a directory's first ES_WALK_FILE_BATCH files go to
     * the worker that listed it, the rest in batches to any idle worker.
     * on_entry may set e->user; the entry keeps it in the result. A root
     * that is a file, and every entry when there are several roots (they
     * are de-duplicated after the walk), is not handed over: user stays
     * NULL. If es_walk fails, the user pointers are lost: the caller keeps
     * its own list of what it allocated. */
    void (*on_entry)(void *ctx, unsigned worker, es_entry *e);
    void *ctx;
    /* Optional. When another thread sets *cancel to non-zero, the walk
     * stops: each worker looks at it before each directory entry it
     * visits and each found file it hands to on_entry, lists no new
     * directory, and es_walk returns -ECANCELED once every worker has
     * stopped (its threads are joined, its memory freed). */
    const atomic_int *cancel;
} es_walk_opts;

typedef struct es_walk_result {
    es_entry *entries;      /* sorted by path (bytewise), no duplicates  */
    size_t n_entries;
    es_walk_diag *diags;    /* sorted by path                            */
    size_t n_diags;
    uint64_t files_seen;    /* regular files visited (any class)         */
    uint64_t files_ignored; /* not returned: matched an ignore rule      */
    uint64_t files_special; /* FIFOs, sockets, devices                   */
    uint64_t symlinks_skipped; /* not followed                           */
    uint64_t files_too_big;
    uint64_t dirs;          /* directories read                          */
    uint64_t busy_ns;       /* the workers' time in the walk, summed (what
                               on_entry takes included)                  */
} es_walk_result;

/* Walk `roots` (files or directories) in parallel. Returns 0, or -errno
 * when a root itself does not exist or cannot be stat'ed (then `out` holds
 * nothing to free; also -EINVAL for NULL arguments, -ENOMEM, -ECANCELED
 * when opts->cancel was set). Errors below
 * a root become diags; the walk goes on.
 *
 * Roots are followed when they are symbolic links and lose trailing '/'s;
 * paths are the root joined with '/' and the path below it, except that
 * root "." gives bare relative paths (".env", "sub/.env"). A root that is
 * a regular file is an entry (ES_ENTRY_EXPLICIT, never ignored); a FIFO,
 * socket or device root is a diag. Rules files: see walk.c; in short,
 * ripgrep's precedence (extra_ignores > .envscanignore > .ignore >
 * .gitignore > .git/info/exclude, then deeper over shallower), the root's
 * parent directories' files included, .gitignore and exclude only inside a
 * git repository. When roots overlap, a file (same st_dev, st_ino) reached
 * from a later root is dropped in favour of the earliest root's entries,
 * which then carry ES_ENTRY_EXPLICIT if any of the copies did. Counters
 * count visits, so overlapping roots count twice. The result is the same
 * for any thread count. */
int es_walk(const es_walk_opts *opts, const char *const *roots, size_t nroots,
            es_walk_result *out);
void es_walk_result_free(es_walk_result *r);

/* -------------------------------------------------------------------- read */

/* A per-thread reader with a reusable buffer. es_reader_new returns NULL
 * only when out of memory; es_reader_free accepts NULL. */
typedef struct es_reader es_reader;

es_reader *es_reader_new(void);
void es_reader_free(es_reader *rd);

/* Read the whole of `path` into the reader's buffer. Opens with
 * O_RDONLY|O_NONBLOCK|O_NOCTTY|O_CLOEXEC and refuses anything fstat does
 * not call a regular file, so a file swapped for a FIFO between walk and
 * read never blocks. Reads until end of file whatever fstat said (files
 * that grow or shrink meanwhile, /proc files of size 0), never more than
 * `max_size` bytes (0 = no limit). On success returns 0 and sets *data
 * and *len; the buffer has at least 64 zero bytes after *len and stays
 * valid until the next call on this reader. On failure returns -errno
 * (-ENOTSUP for a non-regular file, -EFBIG over max_size, -ENOMEM). */
int es_reader_read(es_reader *rd, const char *path, uint64_t max_size,
                   const uint8_t **data, size_t *len);

#endif /* ES_IO_H */
