/*
 * envscan.h — the public C API of envscan.
 *
 * envscan reads env and config files (a whole directory tree, or one buffer)
 * and reports every environment variable defined in them: key, value, file,
 * line, column, format and kind, plus diagnostics for everything it could
 * not read or parse.
 *
 * Anything not declared in this file is not part of the API. The library
 * exports exactly the functions declared here (all prefixed `envscan_`).
 *
 * Reading order of this header:
 *   1. version
 *   2. status codes and errors
 *   3. enumerations (formats, kinds, severities, dialects, kernels)
 *   4. the scanner: create, options, free
 *   4b. the config file (envscan.yml): load, rules, origins, show
 *   5. scanning: a tree of paths, or one buffer
 *   6. results: files, records, diagnostics, links, statistics; the
 *      drift matrix (keys x env files) of a result
 *   7. reports: text, JSON, NDJSON, SARIF, CSV, JUnit, GitHub, Markdown,
 *      HTML, baseline
 *   8. editing files: --fix of lint findings, sync of templates
 *   9. inventory: every variable, where it is defined and read, and its
 *      effective value in each environment
 *
 * Conventions
 *   - Functions that can fail return an `int` status: ENVSCAN_OK (0) or a
 *     negative envscan_status. The numeric values are pinned forever.
 *     Every one of them returns ENVSCAN_E_INVALID for a NULL handle or a
 *     NULL pointer it needs, and may return ENVSCAN_E_NOMEM where it
 *     allocates; the documentation below lists the other codes.
 *   - A function that returns a handle through `**out` sets *out to NULL
 *     when it fails.
 *   - Every handle has a create/free pair; every free function accepts NULL.
 *   - Strings handed in are UTF-8 (paths: bytes, as the OS gives them) and
 *     are copied when the callee keeps them.
 *   - Pointers handed out are borrowed from the handle that returned them
 *     and stay valid until that handle is freed, unless stated otherwise.
 *   - Thread-safety is stated per function. In short: different handles may
 *     be used from different threads at once; one scanner must not be used
 *     by two threads at once (envscan_cancel() and envscan_scanner_progress()
 *     are the exceptions, made to be called during a scan); a finished
 *     result, matrix or inventory is immutable and may be read from any
 *     number of threads. Scanners share nothing but one-time set-up (the
 *     CPU probe, the secrets database), done once and safely by whichever
 *     thread needs it first.
 *   - docs/api.md walks through the API; examples/ holds small programs.
 */
#ifndef ENVSCAN_H
#define ENVSCAN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define ENVSCAN_API
#elif defined(__GNUC__)
#define ENVSCAN_API __attribute__((visibility("default")))
#else
#define ENVSCAN_API
#endif

/* ----------------------------------------------------------------------
 * 1. Version
 * ------------------------------------------------------------------- */

#define ENVSCAN_VERSION_MAJOR 0
#define ENVSCAN_VERSION_MINOR 1
#define ENVSCAN_VERSION_PATCH 0
#define ENVSCAN_VERSION_NUMBER                                             \
    (ENVSCAN_VERSION_MAJOR * 10000 + ENVSCAN_VERSION_MINOR * 100 +         \
     ENVSCAN_VERSION_PATCH)
#define ENVSCAN_VERSION_STRING "0.1.0"

/* Version of the JSON/NDJSON report schema (docs/schema.md). */
#define ENVSCAN_SCHEMA_VERSION 1

/* The library's version as "MAJOR.MINOR.PATCH". Static storage.
 * Thread-safe. Compare with ENVSCAN_VERSION_STRING to detect a header and
 * library mismatch. */
ENVSCAN_API const char *envscan_version(void);

/* The library's ENVSCAN_VERSION_NUMBER: compare it with the header's to
 * detect a program built against another version. Thread-safe. */
ENVSCAN_API unsigned envscan_version_number(void);

/* ----------------------------------------------------------------------
 * 2. Status codes and errors
 * ------------------------------------------------------------------- */

typedef enum envscan_status {
    ENVSCAN_OK = 0,
    ENVSCAN_E_INVALID = -1,     /* an argument is NULL or malformed        */
    ENVSCAN_E_NOMEM = -2,       /* out of memory                            */
    ENVSCAN_E_IO = -3,          /* a path could not be read (see errno)     */
    ENVSCAN_E_RANGE = -4,       /* an option value is out of its bounds     */
    ENVSCAN_E_OPTION = -5,      /* unknown option                           */
    ENVSCAN_E_UNSUPPORTED = -6, /* known but not available in this build    */
    ENVSCAN_E_PARSE = -7,       /* the input could not be parsed            */
    ENVSCAN_E_NOTFOUND = -8,    /* a name (format, dialect, ...) is unknown */
    ENVSCAN_E_INTERNAL = -9,    /* a bug: please report it                  */
    ENVSCAN_E_CANCELLED = -10,  /* the scan was stopped: a callback asked,
                                   or envscan_cancel()                      */
    ENVSCAN_E_UNSAFE = -11      /* an edit would change what a file defines:
                                   refused, nothing written                 */
} envscan_status;

/* A static, human-readable string for a status code; "unknown status" for
 * a value that is not an envscan_status. Thread-safe. */
ENVSCAN_API const char *envscan_strerror(int status);

/* ----------------------------------------------------------------------
 * 3. Enumerations
 * ------------------------------------------------------------------- */

/* The file format a record was read from. */
typedef enum envscan_format {
    ENVSCAN_FORMAT_UNKNOWN = 0,    /* as input: detect from the file name */
    ENVSCAN_FORMAT_DOTENV = 1,     /* .env, .env.*, *.env, ...            */
    /* where variables are defined */
    ENVSCAN_FORMAT_SHELL = 2,      /* *.sh, *.bash, *.zsh, .envrc, .profile */
    ENVSCAN_FORMAT_DOCKERFILE = 3, /* Dockerfile, Containerfile, *.Dockerfile */
    ENVSCAN_FORMAT_COMPOSE = 4,    /* compose*.y[a]ml, docker-compose*.y[a]ml */
    ENVSCAN_FORMAT_KUBERNETES = 5, /* YAML with apiVersion and kind        */
    ENVSCAN_FORMAT_ACTIONS = 6,    /* YAML under .github/workflows      */
    ENVSCAN_FORMAT_SYSTEMD = 7,    /* *.service, *.socket, *.mount, *.swap */
    /* structured config */
    ENVSCAN_FORMAT_JSON = 8,
    ENVSCAN_FORMAT_YAML = 9,
    ENVSCAN_FORMAT_TOML = 10,
    ENVSCAN_FORMAT_INI = 11,       /* .ini, .cfg, .conf                    */
    ENVSCAN_FORMAT_PROPERTIES = 12, /* Java .properties                    */
    /* source code, where variables are used */
    ENVSCAN_FORMAT_JAVASCRIPT = 13, /* JavaScript and TypeScript           */
    ENVSCAN_FORMAT_PYTHON = 14,
    ENVSCAN_FORMAT_GO = 15,
    ENVSCAN_FORMAT_JVM = 16,       /* Java, Kotlin, Scala                  */
    ENVSCAN_FORMAT_CSHARP = 17,
    ENVSCAN_FORMAT_RUBY = 18,
    ENVSCAN_FORMAT_PHP = 19,
    ENVSCAN_FORMAT_RUST = 20,
    ENVSCAN_FORMAT_C = 21          /* C and C++                            */
    /* Numbers are appended, never reused. A format this build does not
     * implement yet is named by envscan_format_name() as "?", refused by
     * envscan_scan_buffer() with ENVSCAN_E_UNSUPPORTED, and its files are
     * not collected by the walk. */
} envscan_format;

/* What a record says about its key. */
typedef enum envscan_kind {
    ENVSCAN_KIND_DEFINITION = 1, /* the key is given a value here          */
    ENVSCAN_KIND_REFERENCE = 2,  /* the key is read here: `${KEY}` in a value */
    ENVSCAN_KIND_USAGE = 3,      /* the key is read by code                */
    ENVSCAN_KIND_CONFIG = 4      /* a leaf of a structured config file,
                                    key = its dotted path                  */
} envscan_kind;

typedef enum envscan_severity {
    ENVSCAN_SEVERITY_INFO = 1,
    ENVSCAN_SEVERITY_WARNING = 2,
    ENVSCAN_SEVERITY_ERROR = 3
} envscan_severity;

/* How .env files are read. Each dialect is the semantics of a reference
 * implementation; see docs/dotenv.md for the table of differences. */
typedef enum envscan_dialect {
    ENVSCAN_DIALECT_NODE = 0,    /* node `dotenv` parse() (default)        */
    ENVSCAN_DIALECT_PYTHON = 1,  /* python-dotenv dotenv_values()          */
    ENVSCAN_DIALECT_COMPOSE = 2, /* docker compose (not yet available)     */
    ENVSCAN_DIALECT_SHELL = 3    /* POSIX sh `set -a; . file` (not yet)    */
} envscan_dialect;

/* Stage-1 byte kernels. AUTO picks the best the CPU supports. */
typedef enum envscan_kernel {
    ENVSCAN_KERNEL_AUTO = 0,
    ENVSCAN_KERNEL_SCALAR = 1,
    ENVSCAN_KERNEL_SSE42 = 2,
    ENVSCAN_KERNEL_AVX2 = 3,
    ENVSCAN_KERNEL_NEON = 4
} envscan_kernel;

/* Names <-> values. The *_name functions return a static string ("?" for
 * an unknown value); the *_from_name functions return ENVSCAN_OK, or
 * ENVSCAN_E_NOTFOUND for an unknown or NULL name, and leave *out untouched
 * on failure. Thread-safe. */
ENVSCAN_API const char *envscan_format_name(envscan_format f);
ENVSCAN_API int envscan_format_from_name(const char *name, envscan_format *out);
ENVSCAN_API const char *envscan_kind_name(envscan_kind k);
ENVSCAN_API const char *envscan_severity_name(envscan_severity s);
ENVSCAN_API int envscan_severity_from_name(const char *name,
                                           envscan_severity *out);
ENVSCAN_API const char *envscan_dialect_name(envscan_dialect d);
ENVSCAN_API int envscan_dialect_from_name(const char *name,
                                          envscan_dialect *out);
ENVSCAN_API const char *envscan_kernel_name(envscan_kernel k);
ENVSCAN_API int envscan_kernel_from_name(const char *name, envscan_kernel *out);

/* ----------------------------------------------------------------------
 * 4. The scanner
 * ------------------------------------------------------------------- */

typedef struct envscan_scanner envscan_scanner;

/* Create a scanner with default options. The CPU is probed here, once, and
 * the stage-1 kernel chosen (the environment variable ENVSCAN_KERNELS =
 * scalar|sse42|avx2|neon overrides the choice; an unknown or unsupported
 * value makes this fail with ENVSCAN_E_UNSUPPORTED).
 * Returns ENVSCAN_OK and sets *out, or an error and sets *out to NULL.
 * Thread-safe. Free with envscan_scanner_free(). */
ENVSCAN_API int envscan_scanner_create(envscan_scanner **out);

/* Free a scanner. NULL is accepted. Results made by the scanner stay valid
 * (so do matrices and inventories built from them). Not thread-safe with
 * any other call on the same scanner, envscan_cancel() and
 * envscan_scanner_progress() included. */
ENVSCAN_API void envscan_scanner_free(envscan_scanner *sc);

/* How far the scan running on `sc` has got: files read and bytes read
 * since the scan call began, and the bytes it will read in all once that
 * is known (0 while a tree is still being walked). For a progress display
 * in another thread while envscan_scan_paths() runs: thread-safe and
 * lock-free, the three numbers each current but not read at one instant.
 * Any pointer may be NULL. */
ENVSCAN_API void envscan_scanner_progress(const envscan_scanner *sc, uint64_t *files,
                                          uint64_t *bytes, uint64_t *total_bytes);

typedef enum envscan_option {
    /* Worker threads. 0 = one per online CPU. Bounds 0..1024. Default 0. */
    ENVSCAN_OPT_THREADS = 1,
    /* envscan_kernel to use. Default: the one chosen at create time.
     * Setting a kernel the CPU lacks returns ENVSCAN_E_UNSUPPORTED. */
    ENVSCAN_OPT_KERNEL = 2,
    /* envscan_dialect for .env files. Default ENVSCAN_DIALECT_NODE.
     * Dialects not yet implemented (compose, shell) return
     * ENVSCAN_E_UNSUPPORTED. */
    ENVSCAN_OPT_DIALECT = 3,
    /* Interpolation of values, and a ENVSCAN_KIND_REFERENCE record for
     * each variable a value refers to. 1: on; 0: off; -1: what the
     * dialect's reference does by default (node's dotenv parse() does
     * not expand; python-dotenv's dotenv_values() does). The rules are
     * the dialect's: dotenv-expand 12 for node (`${VAR}`, `$VAR`,
     * `${VAR:-default}`, ...), python-dotenv's for python (`${VAR}`,
     * `${VAR:-default}`). Neither reads the process environment: a
     * scan means the same on every machine. Default -1. */
    ENVSCAN_OPT_EXPAND = 4,
    /* 1: honour .gitignore, .ignore, .git/info/exclude and .envscanignore.
     * Env files are still read when ignored (and flagged). Default 1. */
    ENVSCAN_OPT_IGNORE_FILES = 5,
    /* 1: walk hidden files and directories (names starting with '.').
     * Default 1: env files are usually hidden. `.git/` is never walked. */
    ENVSCAN_OPT_HIDDEN = 6,
    /* 1: follow symbolic links (loops are detected and reported). Default 0. */
    ENVSCAN_OPT_FOLLOW_SYMLINKS = 7,
    /* Files larger than this many bytes are skipped with a diagnostic.
     * Bounds 1..2^62. Default 2^62 (no limit in practice). */
    ENVSCAN_OPT_MAX_FILE_SIZE = 8,
    /* Lint rules for .env files (docs/lint.md): 0 none, 1 the default
     * set (rules about how a file is read: incorrect-delimiter,
     * key-without-value, leading-character, space-character,
     * substitution-key, value-without-quotes, unknown-rule), 2 all.
     * envscan_set_lint_rule() turns single rules on or off on top of it.
     * Findings are diagnostics whose code is the rule id ("lint-..."),
     * with the key they are about. Default 1. */
    ENVSCAN_OPT_LINT = 9,
    /* 1: after a tree scan, compute the cross-file findings `missing`,
     * `unused`, `drift` (docs/analysis.md) over every file of the scan
     * and add them to its diagnostics; 0: off. envscan_scan_buffer()
     * never runs them (one buffer is not a tree). Default 1. */
    ENVSCAN_OPT_ANALYSIS = 10,
    /* Secrets detection (docs/secrets.md): 1 (default) checks every
     * definition's value against the secrets rules (known credential
     * formats, and keys named like secrets) in the same pass that reads
     * the file, adds a `secret-*` diagnostic for each secret found and
     * flags its record ENVSCAN_RECORD_SECRET; 0: off. Known formats need
     * Vectorscan: see envscan_secrets_status(). */
    ENVSCAN_OPT_SECRETS = 11,
    /* Where worker threads run (envscan_affinity): ENVSCAN_AFFINITY_NONE
     * (0, the default) leaves them to the system; COMPACT (1) pins worker
     * i to the i-th CPU the process may use; SPREAD (2) spaces the
     * workers evenly over those CPUs. Pinned threads get their former
     * CPU set back before the scan call returns: the calling thread and
     * OpenMP's pool are left as they were. */
    ENVSCAN_OPT_AFFINITY = 16
} envscan_option;

typedef enum envscan_affinity {
    ENVSCAN_AFFINITY_NONE = 0,
    ENVSCAN_AFFINITY_COMPACT = 1,
    ENVSCAN_AFFINITY_SPREAD = 2
} envscan_affinity;

/* "none", "compact", "spread"; "?" for another value. Thread-safe. */
ENVSCAN_API const char *envscan_affinity_name(envscan_affinity a);
/* Sets *out from a name of envscan_affinity_name(). Returns ENVSCAN_OK or
 * ENVSCAN_E_NOTFOUND (*out untouched). Thread-safe. */
ENVSCAN_API int envscan_affinity_from_name(const char *name, envscan_affinity *out);

/* Set one option; it applies to the scans started after the call. Returns
 * ENVSCAN_OK, ENVSCAN_E_OPTION for an unknown option, ENVSCAN_E_RANGE for
 * a value outside envscan_option_bounds(), or ENVSCAN_E_UNSUPPORTED (see
 * the option); on failure the option keeps its value and
 * envscan_last_error() says why. Not thread-safe per scanner. */
ENVSCAN_API int envscan_set_option(envscan_scanner *sc, envscan_option opt,
                                   int64_t value);

/* Read one option's current value into *value. Returns ENVSCAN_OK, or
 * ENVSCAN_E_OPTION for an unknown option (*value untouched). Thread-safe
 * with other readers of the same scanner. */
ENVSCAN_API int envscan_get_option(const envscan_scanner *sc,
                                   envscan_option opt, int64_t *value);

/* The inclusive bounds of an option into *min and *max (either may be
 * NULL). Returns ENVSCAN_OK, or ENVSCAN_E_OPTION for an unknown option.
 * Thread-safe. */
ENVSCAN_API int envscan_option_bounds(envscan_option opt, int64_t *min,
                                      int64_t *max);

/* Add a file-name glob that marks a file as a .env file, in addition to
 * the built-in ones (.env, .env.*, *.env, *.env.*, env, .envrc). The glob
 * matches the base name: `*` and `?` and `[...]` as in gitignore.
 * The string is copied. Returns ENVSCAN_OK (a malformed glob, such as an
 * unclosed `[`, is not an error: it matches nothing, as in git). Not
 * thread-safe per scanner. */
ENVSCAN_API int envscan_add_env_name(envscan_scanner *sc, const char *glob);

/* Add a file-name glob (base name, as envscan_add_env_name) whose files
 * are read as structured config of `format`: ENVSCAN_FORMAT_JSON, _TOML,
 * _INI or _PROPERTIES (docs/config.md), in addition to the built-in
 * config names. YAML is not taken: every *.y[a]ml file is read already,
 * and which is config is told by its name and content. Copied.
 * ENVSCAN_E_INVALID for NULL or another format. Not thread-safe per
 * scanner. */
ENVSCAN_API int envscan_add_config_name(envscan_scanner *sc, const char *glob,
                                        envscan_format format);

/* Add an ignore pattern (gitignore syntax) applied at every scanned root,
 * after the files' own rules (so it can override them). Copied. Returns
 * ENVSCAN_OK. Not thread-safe per scanner. */
ENVSCAN_API int envscan_add_ignore_pattern(envscan_scanner *sc,
                                           const char *pattern);

/* Turn one lint rule on (on != 0) or off, whatever ENVSCAN_OPT_LINT
 * says; the later call for a rule wins. `rule` is an id as in
 * docs/lint.md, with or without its "lint-" prefix. Returns ENVSCAN_OK,
 * ENVSCAN_E_INVALID, or ENVSCAN_E_NOTFOUND for a name that is not a lint
 * rule. Not thread-safe per scanner. */
ENVSCAN_API int envscan_set_lint_rule(envscan_scanner *sc, const char *rule, int on);
/* Add a name that the `missing` finding leaves alone, besides the
 * built-in well-known ones (PATH, HOME, LC_*, GITHUB_*, ...; see
 * docs/analysis.md): an exact variable name, or a prefix followed by a
 * final `*` (no other pattern syntax). Copied. ENVSCAN_E_INVALID for
 * NULL or "". Not thread-safe per scanner. */
ENVSCAN_API int envscan_allow_missing(envscan_scanner *sc, const char *name);

/* Salt the fingerprints of diagnostics (envscan_diagnostic.fingerprint)
 * with `salt` instead of the built-in public one (NULL restores it). A
 * fingerprint holds a hash of the value a finding is about; with a secret
 * salt, nobody without it can test guesses of a value against a baseline.
 * The string is not kept. ENVSCAN_E_INVALID for "". Not thread-safe per
 * scanner. */
ENVSCAN_API int envscan_set_fingerprint_salt(envscan_scanner *sc, const char *salt);

/* Whether this build detects known credential formats: ENVSCAN_OK, or
 * ENVSCAN_E_UNSUPPORTED when it was built without Vectorscan (or its
 * rules database did not compile), with *detail (if detail is not NULL)
 * set to a static sentence saying why; keys named like secrets are
 * checked either way (docs/secrets.md). Thread-safe. */
ENVSCAN_API int envscan_secrets_status(const char **detail);

/* Leave out of every later scan the diagnostics whose fingerprint is in
 * the baseline file at `path` (one written by ENVSCAN_REPORT_BASELINE with
 * the same fingerprint salt), and count them in ENVSCAN_STAT_BASELINED;
 * severity statistics, envscan_result_max_severity() and every report
 * then see only the others. NULL removes the baseline. The file is read
 * now. Returns ENVSCAN_OK; ENVSCAN_E_IO when it cannot be read (errno in
 * envscan_last_error_detail); ENVSCAN_E_PARSE when it is not a baseline,
 * with envscan_last_error() saying "PATH:LINE:COLUMN: reason". A scan
 * with a baseline written under another salt fails with
 * ENVSCAN_E_INVALID. Not thread-safe per scanner. */
ENVSCAN_API int envscan_set_baseline(envscan_scanner *sc, const char *path);

/* The same from a baseline held in memory, named `name` in messages
 * (NULL: "<baseline>"). The bytes are not kept. */
ENVSCAN_API int envscan_set_baseline_buffer(envscan_scanner *sc, const void *data,
                                            size_t len, const char *name);

/* The last error on this scanner: a message with path, line and errno
 * where they apply. The calls that can explain a failure (the scans,
 * envscan_set_option, the baseline, rule, format and config-loading
 * functions, the editing functions) clear it when they start and set it
 * when they fail, so it is "" after one of them succeeded; other calls
 * leave it as it was. Never NULL ("invalid scanner" for NULL). The
 * pointer stays valid until the next call on the scanner; read it from
 * the thread that made the failing call. */
ENVSCAN_API const char *envscan_last_error(const envscan_scanner *sc);

/* Detail of the last error: path (may be NULL), 1-based line and column
 * (0 when not applicable) and the OS errno (0 when none). Any out-pointer
 * may be NULL. The path stays valid until the next call on the scanner.
 * Same thread rule as envscan_last_error(). */
ENVSCAN_API void envscan_last_error_detail(const envscan_scanner *sc,
                                          const char **path, uint32_t *line,
                                          uint32_t *column, int *sys_errno);

/* ----------------------------------------------------------------------
 * 4b. The config file (envscan.yml; docs/config-file.md)
 *
 * A config file is YAML with the sections scan, rules, performance,
 * cache and benchmarking. Loading one applies its settings to a scanner
 * through the same setters a program would call (options, ignore
 * patterns, env names, rules), so what is set after it (the command's
 * environment variables and flags) wins: built-in defaults < file <
 * environment < flags, when applied in that order. Settings envscan does
 * not implement yet (I/O backends, the cache, benchmarking, auto-tuning,
 * CPU affinity) are parsed and validated and listed by
 * envscan_config_unimplemented(), never acted upon.
 *
 * Rule ids are diagnostic codes (docs/schema.md), lint rules ("lint-*",
 * docs/lint.md), secret rules ("secret-*", docs/secrets.md, and the
 * config's own), or the word "secrets" (all of secrets detection).
 * ------------------------------------------------------------------- */

/* The config file of a scan root: ROOT/envscan.yml, else
 * ROOT/.envscan.yml (for a root that is a file: its directory's). On
 * ENVSCAN_OK *path is a malloc'ed path (free with envscan_free());
 * ENVSCAN_E_NOTFOUND when there is none (*path NULL); ENVSCAN_E_INVALID
 * for NULL; ENVSCAN_E_NOMEM. Thread-safe. */
ENVSCAN_API int envscan_config_find(const char *root, char **path);

/* Load the config file at `path` (mapped with mmap, never written) and
 * apply it to the scanner. Errors leave the scanner as it was:
 * ENVSCAN_E_IO when it cannot be read (errno in envscan_last_error_detail);
 * ENVSCAN_E_PARSE when it is not valid: YAML syntax, a key the schema
 * does not have (the message suggests the nearest key: "did you mean
 * 'exclude'?"), a value of the wrong type, an unknown rule id, a custom
 * secret pattern that does not compile, ... envscan_last_error() then
 * says "PATH:LINE:COLUMN: what was expected", and
 * envscan_last_error_detail() gives the path, line and column (0 when
 * the problem has no place, e.g. a missing key). ENVSCAN_E_NOMEM.
 * Custom secret rules and allowlists replace those of a config loaded
 * before; lists (exclude, env_names) are added to; single values are
 * overwritten. The scanner keeps what it needs (no pointer into the
 * file is kept). Not thread-safe per scanner. */
ENVSCAN_API int envscan_load_config(envscan_scanner *sc, const char *path);

/* The same for a config held in memory, called `name` in messages
 * (NULL: "<config>"). The bytes are not kept. */
ENVSCAN_API int envscan_load_config_buffer(envscan_scanner *sc, const void *data, size_t len,
                                           const char *name);

/* Turn a rule on (on != 0) or off. A lint rule as envscan_set_lint_rule();
 * "secrets" as ENVSCAN_OPT_SECRETS; a secret rule (built-in or custom) is
 * no longer tried when off; any other diagnostic code, when off, is left
 * out of results (and of statistics). Returns ENVSCAN_OK,
 * ENVSCAN_E_INVALID, or ENVSCAN_E_NOTFOUND for an unknown id. Not
 * thread-safe per scanner. */
ENVSCAN_API int envscan_set_rule(envscan_scanner *sc, const char *id, int on);

/* Give every diagnostic of rule `id` the severity `sev` instead of its
 * default (reports, --fail-on, statistics see the new one). Errors as
 * envscan_set_rule(); ENVSCAN_E_RANGE for a bad severity. Not
 * thread-safe per scanner. */
ENVSCAN_API int envscan_set_rule_severity(envscan_scanner *sc, const char *id,
                                          envscan_severity sev);

/* Read (on != 0) or skip the files of a format in tree scans. Formats the
 * walk tells by file name can be turned off: shell, dockerfile, compose,
 * yaml (every other YAML file: Kubernetes, Actions, YAML config), systemd,
 * json, toml, ini, properties and the source languages. dotenv,
 * kubernetes and actions give ENVSCAN_E_UNSUPPORTED (env files are always
 * read; the other two are told from YAML by content); a value that is not
 * a format this build reads gives ENVSCAN_E_INVALID. Not thread-safe per
 * scanner. */
ENVSCAN_API int envscan_set_format(envscan_scanner *sc, envscan_format format, int on);

/* Name where the settings made from now on come from, for
 * envscan_config_write(): e.g. "environment", "command line". Copied.
 * NULL restores the default, "api". envscan_load_config() names its own
 * settings "PATH:LINE". Returns ENVSCAN_OK. Not thread-safe per scanner. */
ENVSCAN_API int envscan_set_origin(envscan_scanner *sc, const char *origin);

/* Write the scanner's effective settings as a YAML document in the
 * config file's shape, each value followed by a comment naming its
 * origin ("default", the file and line, or what envscan_set_origin()
 * named) and, for settings not implemented yet, saying so. Allowlisted
 * literal values are not printed (they are secrets), only counted.
 * Returns ENVSCAN_OK, ENVSCAN_E_INVALID, ENVSCAN_E_IO (the writer
 * stopped). Thread-safe with other readers of the scanner. */
typedef int (*envscan_write_fn)(void *ctx, const char *data, size_t len); /* see 7. */
ENVSCAN_API int envscan_config_write(const envscan_scanner *sc, envscan_write_fn write,
                                     void *ctx);

/* Settings of the loaded config that envscan does not implement yet: how
 * many, and the i-th as one line for people ("performance.io: io_uring
 * (not implemented yet: ...)"); NULL past the end. Valid until the next
 * envscan_load_config*() or the scanner's free. Thread-safe with other
 * readers of the scanner. */
ENVSCAN_API size_t envscan_config_unimplemented_count(const envscan_scanner *sc);
ENVSCAN_API const char *envscan_config_unimplemented(const envscan_scanner *sc, size_t i);

/* Read a size as the config file and --max-filesize write it: digits,
 * then optionally K, M or G (powers of 1024) and optionally B ("10M",
 * "512k", "65536"). Returns ENVSCAN_OK and sets *out, or
 * ENVSCAN_E_INVALID for text that is not a size, 0, or more than 2^62.
 * Thread-safe. */
ENVSCAN_API int envscan_parse_size(const char *text, int64_t *out);

/* A commented envscan.yml to start from: "default", "ci", "monorepo" or
 * "huge-files" (NULL: "default"). Static text, or NULL for another name.
 * Thread-safe. */
ENVSCAN_API const char *envscan_config_template(const char *name);

/* ----------------------------------------------------------------------
 * 5. Scanning
 * ------------------------------------------------------------------- */

typedef struct envscan_result envscan_result;

/* Walk every path (a file or a directory; NULL or npaths == 0 means ".")
 * and scan every file that holds environment definitions.
 *
 * A file or directory that cannot be read does not fail the scan: it is
 * reported as a diagnostic in the result, and the walk goes on. The call
 * itself fails only when the arguments are bad, memory runs out, or a
 * root path does not exist (ENVSCAN_E_IO, with envscan_last_error()).
 *
 * The result is deterministic: the same tree gives the same records in the
 * same order (path, line, column) whatever the thread count, kernel or
 * I/O path. Free it with envscan_result_free().
 *
 * Returns ENVSCAN_OK and sets *out; else *out is NULL and the status is
 * ENVSCAN_E_IO (a root), ENVSCAN_E_NOMEM, ENVSCAN_E_CANCELLED (the file
 * callback or envscan_cancel() stopped it), or ENVSCAN_E_INVALID (also
 * when a baseline was written under another fingerprint salt).
 * The work is shared by ENVSCAN_OPT_THREADS threads (POSIX threads for
 * the walk, an OpenMP team for reading), all done with it when the call
 * returns (OpenMP may keep its idle threads for the next scan).
 * Not thread-safe per scanner; use one scanner per thread. */
ENVSCAN_API int envscan_scan_paths(envscan_scanner *sc,
                                   const char *const *paths, size_t npaths,
                                   envscan_result **out);

/* Receives one file's part of a scan while the scan runs (see
 * envscan_set_file_callback). `file_result` holds that file only: its
 * envscan_file, its records and its diagnostics, with the same getters and
 * reports as any result. It and every pointer got from it are valid during
 * the call only (copy what you keep); do not free it. The callback may
 * call any function on `file_result`, envscan_cancel() and
 * envscan_scanner_progress(), but no other function on the scanner that
 * is scanning.
 * Return 0 to go on, non-zero to stop the scan (it then returns
 * ENVSCAN_E_CANCELLED and the callback is not called again). */
typedef int (*envscan_file_fn)(void *ctx, const envscan_result *file_result);

/* Stream the files of envscan_scan_paths() to `fn` instead of keeping them:
 * each file is delivered, in the result's order (by path), as soon as it
 * and every file before it are done, from whichever thread finished it
 * (one call at a time), and its memory is released after the call. The
 * result envscan_scan_paths() then returns holds no files or records, only
 * the diagnostics about paths that were not scanned, the links with their
 * diagnostics (envscan_result_link) and the statistics.
 * Memory then grows with the files in flight, not with the tree.
 * `ctx` is passed to fn as it is. fn == NULL turns streaming off.
 * envscan_scan_buffer() does not stream. Returns ENVSCAN_OK. Not
 * thread-safe per scanner; fn itself runs on the scan's worker threads. */
ENVSCAN_API int envscan_set_file_callback(envscan_scanner *sc, envscan_file_fn fn,
                                          void *ctx);

/* Ask the scan running on `sc` (envscan_scan_paths() or
 * envscan_scan_buffer(), called by another thread) to stop. It returns
 * ENVSCAN_E_CANCELLED soon after, with *out NULL, every worker thread it
 * started finished and all its memory released; a file callback is not
 * called again once it has seen the request. The scan looks at the
 * request before each directory entry it lists, before each file it
 * reads and delivers, and every 4 KiB of a .env file; a single big file
 * of another format is read to its end first.
 *
 * The request is a flag that each scan clears when it starts: made while
 * no scan runs on `sc`, it has no effect, and one made just before a scan
 * begins may be lost. To stop a scan for sure, call this from a file
 * callback's thread, or again until the scan has returned.
 * Returns ENVSCAN_OK, or ENVSCAN_E_INVALID for NULL.
 *
 * Thread-safe (with envscan_scanner_progress(), the only calls that may
 * run during a scan on the same scanner) and async-signal-safe (it stores
 * to a lock-free atomic int): it may be called from a signal handler,
 * e.g. on SIGINT. `sc` must stay alive during the call: do not free it
 * concurrently. */
ENVSCAN_API int envscan_cancel(envscan_scanner *sc);

/* Scan one buffer held in memory as if it were a file called `name` (used
 * in records and diagnostics; NULL means "<buffer>"). `format` may be
 * ENVSCAN_FORMAT_UNKNOWN to decide from `name`; when that finds no format
 * the call fails with ENVSCAN_E_UNSUPPORTED. The buffer is not kept: the
 * result holds copies of what it needs. Links in it (envscan_link) are
 * kept as written, unresolved, with no diagnostics about their targets:
 * one buffer has no tree to resolve them in. Text that does not parse is
 * not a failure: its problems are diagnostics of the result.
 * Returns ENVSCAN_OK and sets *out; else *out is NULL and the status is
 * ENVSCAN_E_UNSUPPORTED (no format, see above), ENVSCAN_E_NOMEM,
 * ENVSCAN_E_CANCELLED (envscan_cancel()) or ENVSCAN_E_INVALID (data NULL
 * with len > 0, a baseline of another salt). Runs on the calling thread.
 * Not thread-safe per scanner. */
ENVSCAN_API int envscan_scan_buffer(envscan_scanner *sc, const void *data,
                                    size_t len, envscan_format format,
                                    const char *name, envscan_result **out);

/* Free a result. NULL is accepted. Every pointer borrowed from it dies,
 * and matrices and inventories built from it must not be used after. Not
 * thread-safe with readers of the same result. */
ENVSCAN_API void envscan_result_free(envscan_result *res);

/* ----------------------------------------------------------------------
 * 6. Results
 *
 * A result is immutable once returned; all functions below are thread-safe.
 * Index-based getters return NULL past the end (and counts are 0 for a
 * NULL result). Everything they point to, strings included, is borrowed
 * from the result and valid until envscan_result_free(). Records, files
 * and diagnostics are numbered from 0 in result order; a file's records
 * are the envscan_file's record_count ones from first_record on.
 * ------------------------------------------------------------------- */

/* Record flags. */
#define ENVSCAN_RECORD_OVERRIDDEN 0x1u /* a later definition of the same key
                                          in the same file wins over this  */
#define ENVSCAN_RECORD_QUOTED 0x2u     /* the value was quoted             */
#define ENVSCAN_RECORD_EXPORT 0x4u     /* written with an `export` prefix  */
#define ENVSCAN_RECORD_MULTILINE 0x8u  /* the value spans several lines    */
#define ENVSCAN_RECORD_UNRESOLVED 0x10u /* a reference to nothing defined  */
#define ENVSCAN_RECORD_DYNAMIC 0x20u   /* a usage whose key is computed at
                                          run time: key = the expression   */
#define ENVSCAN_RECORD_PASSTHROUGH 0x40u /* a definition without a value
                                          that passes the variable on from
                                          the environment (compose `- KEY`) */
#define ENVSCAN_RECORD_DECODED 0x80u   /* the value was decoded (base64 of a
                                          Kubernetes Secret's data)         */
#define ENVSCAN_RECORD_TEMPLATED 0x100u /* the value holds template syntax
                                          envscan does not evaluate (Helm)  */
#define ENVSCAN_RECORD_INDIRECT 0x200u /* a definition whose value another
                                          object supplies at run time
                                          (Kubernetes valueFrom); value NULL */
#define ENVSCAN_RECORD_SECRET 0x800u /* the value holds a secret (a secret-*
                                        diagnostic names it): reports show
                                        it redacted unless given
                                        ENVSCAN_REPORT_SHOW_SECRETS      */
#define ENVSCAN_RECORD_DEFAULTED 0x400u /* a reference or usage that has a
                                          value when the variable is unset
                                          (`${KEY:-x}`, `${KEY:+x}`, Spring
                                          `${KEY:x}`); a usage in code with
                                          a default has it as its value   */

typedef struct envscan_record {
    const char *key;     /* NUL-terminated; key_len excludes the NUL      */
    size_t key_len;
    const char *value;   /* NUL-terminated (the value itself may hold NUL
                            bytes: use value_len); NULL when none         */
    size_t value_len;
    const char *file;    /* path as walked, or the buffer's name          */
    const char *scope;   /* where in the file the record belongs, or NULL:
                            compose service, Kubernetes kind/name/container,
                            workflow job/step, Dockerfile stage, unit section */
    uint32_t line;       /* 1-based line of the key                        */
    uint32_t column;     /* 1-based byte column of the key                 */
    uint16_t format;     /* envscan_format                                 */
    uint16_t kind;       /* envscan_kind                                   */
    uint32_t flags;      /* ENVSCAN_RECORD_*                               */
} envscan_record;

/* File flags. */
#define ENVSCAN_FILE_IGNORED 0x1u /* matched an ignore rule; read anyway
                                     because it is an env file            */
#define ENVSCAN_FILE_ERROR 0x2u   /* could not be read or parsed in full  */
#define ENVSCAN_FILE_LINKED 0x4u  /* not collected by the walk: read as a
                                     dotenv file because a link names it
                                     (see envscan_link)                  */

typedef struct envscan_file {
    const char *path;
    envscan_format format;
    uint32_t flags;     /* ENVSCAN_FILE_*                                  */
    uint64_t size;      /* bytes                                           */
    size_t first_record; /* index of its first record                      */
    size_t record_count;
} envscan_file;

typedef struct envscan_diagnostic {
    const char *code;    /* stable id, e.g. "io-error", "syntax",
                            "duplicate-key", "binary-skipped"; see
                            docs/schema.md                            */
    envscan_severity severity;
    const char *message; /* one line, no trailing newline                  */
    const char *file;    /* NULL when not about a file                     */
    uint32_t line;       /* 0 when not about a line                        */
    uint32_t column;
    int sys_errno;       /* 0 when not an OS error                         */
    const char *key;     /* the variable it is about (a finding such as
                            duplicate-key), NUL-terminated; NULL if none  */
    const char *fingerprint; /* 32 lowercase hex digits naming the
                            diagnostic by code, file, key and a salted
                            hash of the value it is about, never by line
                            or column: it survives lines moving and
                            changes with the value; equal diagnostics
                            are told apart by occurrence order. See
                            envscan_set_fingerprint_salt, docs/reports.md */
} envscan_diagnostic;

ENVSCAN_API size_t envscan_result_file_count(const envscan_result *res);
ENVSCAN_API const envscan_file *envscan_result_file(const envscan_result *res,
                                                    size_t i);
ENVSCAN_API size_t envscan_result_record_count(const envscan_result *res);
ENVSCAN_API const envscan_record *
envscan_result_record(const envscan_result *res, size_t i);
ENVSCAN_API size_t envscan_result_diagnostic_count(const envscan_result *res);
ENVSCAN_API const envscan_diagnostic *
envscan_result_diagnostic(const envscan_result *res, size_t i);

/* Links: where one file or object says that another supplies variables
 * (docs/formats.md, docs/yaml.md). A tree scan resolves them once every
 * file is read; envscan_scan_buffer() keeps them as written, unresolved,
 * and says nothing about their targets. */
typedef enum envscan_link_kind {
    ENVSCAN_LINK_ENV_FILE = 1, /* compose `env_file`, systemd
                                  `EnvironmentFile=`: target is a path   */
    ENVSCAN_LINK_ENV_FROM = 2, /* Kubernetes `envFrom` configMapRef or
                                  secretRef: target "ConfigMap/NAME" or
                                  "Secret/NAME", every key a variable    */
    ENVSCAN_LINK_KEY_REF = 3   /* Kubernetes `valueFrom` configMapKeyRef
                                  or secretKeyRef: one key of the object */
    /* Numbers are appended, never reused. */
} envscan_link_kind;

/* Link flags. */
#define ENVSCAN_LINK_REQUIRED 0x1u /* the program refuses to start without
                                      the target (compose `required:`,
                                      no systemd `-`, no k8s `optional`) */
#define ENVSCAN_LINK_RESOLVED 0x2u /* target_file names what supplies it
                                      (KEY_REF: the object was found; a
                                      missing key is a diagnostic)       */
#define ENVSCAN_LINK_READ 0x4u     /* the target was not collected by the
                                      walk and was read because of this
                                      link (its file is ENVSCAN_FILE_LINKED) */

typedef struct envscan_link {
    const char *file;   /* where the link is written (path as walked)      */
    uint32_t line;      /* 1-based position of the target as written       */
    uint32_t column;
    const char *scope;  /* compose service, unit section, Kubernetes
                           Kind/name/container; NULL when none          */
    uint32_t kind;      /* envscan_link_kind                               */
    uint32_t flags;     /* ENVSCAN_LINK_*                                  */
    const char *target; /* as written: a path, or "ConfigMap/NAME",
                           "Secret/NAME"                                  */
    const char *target_file; /* the file that supplies it, named as the walk
                           names paths; NULL when unresolved            */
    const char *prefix; /* envFrom `prefix`, or NULL                       */
    const char *key;    /* ENVSCAN_LINK_KEY_REF: the key; else NULL        */
} envscan_link;

/* Links in the order of the files that hold them (path), then position.
 * With a file callback set, the parts handed to it hold no links: the
 * links of the whole scan are in the result envscan_scan_paths() returns.
 * A resolution problem (a missing file, an object not scanned) is a
 * diagnostic at the link's position; those diagnostics come after all
 * others, in link order. Thread-safe (the result is not modified). */
ENVSCAN_API size_t envscan_result_link_count(const envscan_result *res);
ENVSCAN_API const envscan_link *envscan_result_link(const envscan_result *res,
                                                    size_t i);
/* "env_file", "env_from", "key_ref"; "?" for another value. Thread-safe. */
ENVSCAN_API const char *envscan_link_kind_name(envscan_link_kind k);

typedef enum envscan_stat {
    ENVSCAN_STAT_FILES_SCANNED = 1,  /* files read and parsed              */
    ENVSCAN_STAT_FILES_SEEN = 2,     /* regular files the walk visited     */
    ENVSCAN_STAT_FILES_IGNORED = 3,  /* not read: matched an ignore rule   */
    ENVSCAN_STAT_FILES_BINARY = 4,   /* not read: binary (NUL in 1st block) */
    ENVSCAN_STAT_FILES_SPECIAL = 5,  /* not opened: FIFO, socket, device   */
    ENVSCAN_STAT_FILES_ERROR = 6,    /* could not be read                  */
    ENVSCAN_STAT_BYTES = 7,          /* bytes parsed                       */
    ENVSCAN_STAT_DEFINITIONS = 8,
    ENVSCAN_STAT_REFERENCES = 9,
    ENVSCAN_STAT_ELAPSED_NS = 10,    /* wall time of the scan call         */
    ENVSCAN_STAT_THREADS = 11,       /* worker threads used                */
    ENVSCAN_STAT_KERNEL = 12,        /* envscan_kernel used                */
    ENVSCAN_STAT_FILES_SKIPPED_SIZE = 13, /* not read: over max file size  */
    ENVSCAN_STAT_SYMLINKS_SKIPPED = 14, /* not followed (no --follow)      */
    ENVSCAN_STAT_DIRS = 15,             /* directories read                */
    ENVSCAN_STAT_INFOS = 16,            /* diagnostics by severity, streamed */
    ENVSCAN_STAT_WARNINGS = 17,         /* ones included                    */
    ENVSCAN_STAT_ERRORS = 18,
    ENVSCAN_STAT_USAGES = 19,           /* ENVSCAN_KIND_USAGE records      */
    ENVSCAN_STAT_BASELINED = 20,        /* diagnostics left out: their
                                           fingerprint is in the baseline
                                           (envscan_set_baseline)        */
    /* Where the time went (envscan_scan_paths; envscan_scan_buffer sets
     * parse and secrets). Stages that run in parallel are thread time,
     * summed over the workers, so they can add up to more than
     * ENVSCAN_STAT_ELAPSED_NS: */
    ENVSCAN_STAT_WALK_NS = 24,    /* listing directories, classifying names */
    ENVSCAN_STAT_READ_NS = 25,    /* opening and reading files              */
    ENVSCAN_STAT_PARSE_NS = 26,   /* the formats' parsers, SIMD index incl. */
    ENVSCAN_STAT_SECRETS_NS = 27, /* secrets detection                       */
    /* wall time of the cross-file analysis (missing, unused, drift) */
    ENVSCAN_STAT_ANALYSIS_NS = 28,
    /* the process's peak resident set size when the scan ended, bytes
     * (getrusage: it covers the whole process, not only the scan) */
    ENVSCAN_STAT_PEAK_RSS = 29,
    /* per file read by the scan, time from opening it to the end of its
     * secrets check: percentiles 50, 95 and 99, in nanoseconds (from a
     * log-linear histogram: within 1/16 of the true value) */
    ENVSCAN_STAT_FILE_P50_NS = 30,
    ENVSCAN_STAT_FILE_P95_NS = 31,
    ENVSCAN_STAT_FILE_P99_NS = 32,
    ENVSCAN_STAT_AFFINITY = 33    /* envscan_affinity the workers ran with */
} envscan_stat;

/* Read one statistic into *value. Returns ENVSCAN_OK, or ENVSCAN_E_OPTION
 * for an unknown stat. */
ENVSCAN_API int envscan_result_stat(const envscan_result *res,
                                    envscan_stat stat, uint64_t *value);

/* The highest severity among the diagnostics, or 0 when there are none
 * (or res is NULL). */
ENVSCAN_API int envscan_result_max_severity(const envscan_result *res);

/* ----------------------------------------------------------------------
 * 6b. The drift matrix (docs/analysis.md, "The drift matrix")
 *
 * Keys x env files: one column for every dotenv-format file of a result
 * (ENVSCAN_FORMAT_DOTENV; templates such as .env.example are columns too,
 * marked), one row for every key any of them defines, and in each cell
 * what that file says about that key. Values are compared within one
 * directory only: each directory is its own application.
 *
 * Order: columns grouped by directory (directories bytewise, the root
 * first), the files of one directory in the result's order (by path);
 * rows sorted bytewise by key. The same result gives the same matrix.
 *
 * Cost: O(definitions) with hashing (plus sorting the distinct keys);
 * memory grows with the definitions, not with keys x files: cells that
 * no definition fills are derived on demand.
 *
 * A matrix borrows the result's strings and records: it must not be used
 * after the result is freed (free it first, or at the same time). A
 * result whose files were streamed (envscan_set_file_callback) keeps no
 * records, so its matrix is empty. Building reads the result only and is
 * thread-safe; a built matrix is immutable and every getter below is
 * thread-safe. Index-based getters return NULL (or ENVSCAN_CELL_NONE, 0)
 * past the end.
 * ------------------------------------------------------------------- */

typedef struct envscan_matrix envscan_matrix;

/* The state of one cell. Numbers are pinned; more may be appended. The
 * reference value of a key in a directory is the value of that
 * directory's `.env` when it defines the key with a non-empty value;
 * else the most common non-empty value among the directory's non-template
 * files, a tie going to the value of the earliest column. */
typedef enum envscan_cell {
    ENVSCAN_CELL_NONE = 0,     /* no file of this file's directory defines
                                  the key: not this directory's business */
    ENVSCAN_CELL_MISSING = 1,  /* another file of the directory defines it,
                                  this one does not                      */
    ENVSCAN_CELL_PRESENT = 2,  /* defined with the reference value        */
    ENVSCAN_CELL_DIFFERS = 3,  /* defined with another non-empty value    */
    ENVSCAN_CELL_EMPTY = 4,    /* defined with an empty value, or none
                                  (python: a key without '=')            */
    ENVSCAN_CELL_TEMPLATE = 5, /* defined in a template: placeholders are
                                  not compared                           */
    ENVSCAN_CELL_SECRET = 6    /* a definition of the key in this file has
                                  a secret finding: a diagnostic whose code
                                  is "secret" or starts with "secret-", at
                                  the file, line and key of the definition.
                                  No rule of this version makes one (the
                                  secret detectors are later work).
                                  Wins over every other state.           */
} envscan_cell;

/* "none", "missing", "present", "differs", "empty", "template", "secret";
 * "?" for another value. Thread-safe. */
ENVSCAN_API const char *envscan_cell_name(envscan_cell c);

/* Build the matrix of a result. Returns ENVSCAN_OK and sets *out, or
 * ENVSCAN_E_INVALID (NULL argument) / ENVSCAN_E_NOMEM and sets *out to
 * NULL (when out is not NULL). Free with envscan_matrix_free(). */
ENVSCAN_API int envscan_matrix_build(const envscan_result *res, envscan_matrix **out);

/* Free a matrix. NULL is accepted. */
ENVSCAN_API void envscan_matrix_free(envscan_matrix *m);

/* Columns: the path of file i (as the result names it), and whether it
 * is a template (1) or not (0). The directory of a column is its path up
 * to the last '/' ("" for the root); the columns of one directory are
 * adjacent. */
ENVSCAN_API size_t envscan_matrix_file_count(const envscan_matrix *m);
ENVSCAN_API const char *envscan_matrix_file(const envscan_matrix *m, size_t i);
ENVSCAN_API int envscan_matrix_file_is_template(const envscan_matrix *m, size_t i);

/* Rows: key k, NUL-terminated. */
ENVSCAN_API size_t envscan_matrix_key_count(const envscan_matrix *m);
ENVSCAN_API const char *envscan_matrix_key(const envscan_matrix *m, size_t k);

/* 1 when row k drifts: a cell is ENVSCAN_CELL_DIFFERS, or
 * ENVSCAN_CELL_MISSING in a file that is not an override (.env.local and
 * other names ending in ".local" hold only the keys they change); else 0. */
ENVSCAN_API int envscan_matrix_key_drift(const envscan_matrix *m, size_t k);

/* The state of the cell of key k and file f (O(log) in the files that
 * define k). */
ENVSCAN_API envscan_cell envscan_matrix_cell(const envscan_matrix *m, size_t k, size_t f);

/* The definition a cell shows: the last definition of key k in file f
 * (the one that wins), or NULL when f does not define k. Borrowed from
 * the result. */
ENVSCAN_API const envscan_record *envscan_matrix_record(const envscan_matrix *m, size_t k,
                                                        size_t f);

/* The definition that holds the reference value of key k in the
 * directory of file f, or NULL when that directory has none (only
 * templates or empty values define k there, or nothing does). Borrowed
 * from the result. */
ENVSCAN_API const envscan_record *envscan_matrix_reference(const envscan_matrix *m, size_t k,
                                                           size_t f);

/* ----------------------------------------------------------------------
 * 7. Reports
 * ------------------------------------------------------------------- */

typedef enum envscan_report_format {
    ENVSCAN_REPORT_TEXT = 1,   /* for people, grouped by file             */
    ENVSCAN_REPORT_JSON = 2,   /* one document, schema-versioned          */
    ENVSCAN_REPORT_NDJSON = 3, /* one JSON object a line                  */
    ENVSCAN_REPORT_MAP = 4,    /* key -> value object of the definitions,
                                  laid out as node's JSON.stringify(obj,
                                  null, 2) does (last definition wins)   */
    /* Reports of the diagnostics alone (docs/reports.md): */
    ENVSCAN_REPORT_SARIF = 5,  /* SARIF 2.1.0, as GitHub code scanning
                                  reads it; every rule in driver.rules,
                                  fingerprints as partialFingerprints     */
    ENVSCAN_REPORT_CSV = 6,    /* RFC 4180, CRLF line ends, a header row  */
    ENVSCAN_REPORT_JUNIT = 7,  /* JUnit XML: a testsuite per file        */
    ENVSCAN_REPORT_GITHUB = 8, /* GitHub Actions workflow commands
                                  (::error file=...::message)            */
    ENVSCAN_REPORT_MARKDOWN = 9, /* a summary for $GITHUB_STEP_SUMMARY or
                                  a pull request comment (rows capped)   */
    ENVSCAN_REPORT_HTML = 10   /* one self-contained page for people:
                                  summary, findings, the drift matrix;
                                  sortable and filterable, no network
                                  access, never any value (docs/html.md) */,
    ENVSCAN_REPORT_BASELINE = 11 /* the fingerprints of every diagnostic,
                                  for envscan_set_baseline (no values)   */
} envscan_report_format;

/* "text", "json", "ndjson", "map", "sarif", "csv", "junit", "github",
 * "markdown", "html", "baseline"; "?" for another value; and back, as the
 * other *_from_name functions (section 3). Thread-safe. */
ENVSCAN_API const char *envscan_report_format_name(envscan_report_format f);
ENVSCAN_API int envscan_report_format_from_name(const char *name,
                                                envscan_report_format *out);

/* Report flags. */
#define ENVSCAN_REPORT_COLOR 0x1u     /* ANSI colours (text only)          */
#define ENVSCAN_REPORT_NO_TIMING 0x2u /* leave out timings, so the output
                                         is byte-identical between runs   */
#define ENVSCAN_REPORT_NO_VALUES 0x4u /* leave values out                  */
#define ENVSCAN_REPORT_NO_SUMMARY 0x8u /* NDJSON: no closing summary line
                                          (for streamed per-file parts)   */
#define ENVSCAN_REPORT_SHOW_SECRETS 0x10u /* print the values of records
                                             flagged ENVSCAN_RECORD_SECRET
                                             as they are; without it they
                                             are shown redacted: up to 4
                                             characters, the length and a
                                             short salted hash           */

/* Receives report bytes. Return 0 to go on, non-zero to stop (the report
 * call then returns ENVSCAN_E_IO). */
typedef int (*envscan_write_fn)(void *ctx, const char *data, size_t len);

/* Write a report of `res` through `write` (called on this thread, in
 * pieces of any size, `ctx` passed as it is). Returns ENVSCAN_OK,
 * ENVSCAN_E_INVALID (also for an unknown format), ENVSCAN_E_NOMEM, or
 * ENVSCAN_E_IO when the writer stopped. Thread-safe (the result is not
 * modified). */
ENVSCAN_API int envscan_report(const envscan_result *res,
                               envscan_report_format fmt, unsigned flags,
                               envscan_write_fn write, void *ctx);

/* The same, to a stdio stream, flushed at the end. ENVSCAN_E_IO when a
 * write or the flush fails. Thread-safe as envscan_report(); two threads
 * writing to one stream at once interleave their bytes. */
ENVSCAN_API int envscan_report_file(const envscan_result *res,
                                    envscan_report_format fmt, unsigned flags,
                                    FILE *out);

/* ----------------------------------------------------------------------
 * 8. Editing files
 *
 * envscan can rewrite .env files: fix the lint findings that have a safe
 * fix (docs/lint.md, "Fixing"), and keep a directory's template
 * (.env.example) in step with its env files (docs/sync.md). Every edit is
 * checked before anything is written: the result is read again in the
 * scanner's dialect (with its expansion setting) and what it defines is
 * compared with what the input defined; a difference the edit is not
 * allowed to make refuses the whole file with ENVSCAN_E_UNSAFE, and the
 * last error names the file and the key (line: where the input defines
 * it). Files are written atomically: a temporary file in the same
 * directory, with the original's permission bits (0600 for a new file),
 * written and fsync'ed, then renamed over the original. A symbolic link
 * is never written through (ENVSCAN_E_IO, saying so); a file without
 * any write permission bit, or in a directory that is not writable, is
 * an ENVSCAN_E_IO error even for root; a file that changed between the
 * read and the write (size, mtime or inode) is an ENVSCAN_E_IO error and
 * stays as the other writer left it.
 *
 * Diffs are unified diffs ("--- a/PATH", "+++ b/PATH", "@@ -l,n +l,n @@"
 * hunks with three lines of context); past about a million line pairs
 * the changed middle of a file is one hunk instead of a minimal diff.
 * Text handed out (a fixed buffer, a diff) is malloc'ed: free it with
 * envscan_free(). None of these functions is thread-safe per scanner.
 * ------------------------------------------------------------------- */

/* Flags of the editing functions. */
#define ENVSCAN_EDIT_DRY_RUN 0x1u /* compute and check, write nothing      */
#define ENVSCAN_SYNC_PRUNE 0x2u   /* sync: remove the template's keys that
                                     no env file defines                 */

/* Fix the lint findings of a .env text held in memory, as read by the
 * scanner's dialect: the rules that are on (ENVSCAN_OPT_LINT,
 * envscan_set_lint_rule()) and have a safe fix, where no `# envscan:ignore`
 * comment silences them, plus the parser's duplicate-key (the earlier,
 * overridden definitions are removed). Fixes are applied until none is
 * left (a few rounds at most), so a second call changes nothing. CRLF
 * line ends are kept; a text with mixed line ends, or that is not valid
 * UTF-8, is refused with ENVSCAN_E_UNSUPPORTED (nothing is changed).
 * `name` (NULL: "<buffer>") is used in messages; `flags` must be 0.
 * On ENVSCAN_OK, *out is the fixed text (a copy even when nothing
 * changed; NUL-terminated, *out_len excludes the NUL) and *n_fixed the
 * number of findings fixed; envscan_last_change() says which rules.
 * On error *out is NULL. Errors: ENVSCAN_E_INVALID, ENVSCAN_E_NOMEM,
 * ENVSCAN_E_UNSUPPORTED, ENVSCAN_E_UNSAFE. */
ENVSCAN_API int envscan_fix_buffer(envscan_scanner *sc, const void *data, size_t len,
                                   const char *name, unsigned flags, char **out,
                                   size_t *out_len, size_t *n_fixed);

/* The same for the file at `path`, rewritten in place (atomically, see
 * above) when something changed, unless flags has ENVSCAN_EDIT_DRY_RUN.
 * *n_fixed (may be NULL) gets the number of findings fixed. With `diff`
 * non-NULL, *diff gets the unified diff of the change ("" when none;
 * free with envscan_free()) and *diff_len its length (may be NULL).
 * Errors: those of envscan_fix_buffer(), and ENVSCAN_E_IO for a file
 * that cannot be read or written (see above); the file is then unchanged. */
ENVSCAN_API int envscan_fix_file(envscan_scanner *sc, const char *path, unsigned flags,
                                 size_t *n_fixed, char **diff, size_t *diff_len);

/* Bring the template of directory `dir` up to date with the env files of
 * that directory (docs/sync.md): every key they define is in it, with an
 * empty value (values never reach a template). Keys it has keep their
 * place, comments and placeholder values; missing keys are appended,
 * under a comment naming the file they come from, in the order of their
 * first definition; keys only the template has are kept (and counted as
 * stale) unless flags has ENVSCAN_SYNC_PRUNE. The template is the one
 * drift pairs the env files with (.env.example, .env.sample, .env.dist,
 * ...); with none, .env.example is created for the files it would pair
 * with (.env, .env.*). Env files are the directory's dotenv files that
 * are not templates, `.local` overrides included. Flags: also
 * ENVSCAN_EDIT_DRY_RUN. *n_added and *n_stale (may be NULL) get the
 * number of keys added and of stale keys (kept or pruned); `diff` as for
 * envscan_fix_file(); envscan_last_change() says what changed, per
 * template. A directory without env files is not an error (nothing to
 * do). Errors: ENVSCAN_E_INVALID, ENVSCAN_E_NOMEM, ENVSCAN_E_IO,
 * ENVSCAN_E_UNSAFE (e.g. a key that cannot be written as KEY=). */
ENVSCAN_API int envscan_sync_template(envscan_scanner *sc, const char *dir, unsigned flags,
                                      size_t *n_added, size_t *n_stale, char **diff,
                                      size_t *diff_len);

/* What the last envscan_fix_buffer(), envscan_fix_file() or
 * envscan_sync_template() call on this scanner changed (or, with
 * ENVSCAN_EDIT_DRY_RUN, would change), in one line for people, e.g.
 * "trailing-whitespace 2, quote-character 1"; "" when nothing. Valid until
 * the next editing call on the scanner or its free. */
ENVSCAN_API const char *envscan_last_change(const envscan_scanner *sc);

/* Free text handed out by the library (the editing functions,
 * envscan_config_find()). NULL is accepted. Thread-safe. */
ENVSCAN_API void envscan_free(void *p);

/* ----------------------------------------------------------------------
 * 9. Inventory: every variable of a result, where it is defined, read and
 *    referenced, and the value it ends up with in each environment
 *    (docs/analysis.md, "Inventory and effective values")
 * ------------------------------------------------------------------- */

typedef struct envscan_inventory envscan_inventory;

/* What kind of place an environment is: what one program is started with. */
typedef enum envscan_env_kind {
    ENVSCAN_ENV_DOTENV = 1,     /* a directory's .env files for one mode, in
                                   node's order: .env < .env.local <
                                   .env.MODE < .env.MODE.local (no
                                   .env.local for the mode `test`)       */
    ENVSCAN_ENV_COMPOSE = 2,    /* a compose service: its env_file files in
                                   order, then `environment:`              */
    ENVSCAN_ENV_KUBERNETES = 3, /* a container: its envFrom objects in
                                   order, then `env:`                      */
    ENVSCAN_ENV_SYSTEMD = 4,    /* a unit section: Environment=, then its
                                   EnvironmentFile= files (they win)       */
    ENVSCAN_ENV_FILE = 5        /* one file and scope on its own: a
                                   Dockerfile stage, a workflow job, an env
                                   file outside node's naming, ...        */
    /* Numbers are appended, never reused. */
} envscan_env_kind;

typedef struct envscan_environment {
    const char *name;  /* for people: "app/ (production)",
                          "app/compose.yaml service web", ...           */
    uint32_t kind;     /* envscan_env_kind                                */
    const char *file;  /* DOTENV: the directory as the walk names it ("" for
                          the scan's own); else the file that defines it */
    const char *scope; /* DOTENV: the mode ("" for the default one); else
                          the service, container, section, or NULL        */
} envscan_environment;

/* The value a key ends up with in one environment. */
typedef struct envscan_effective {
    size_t environment;  /* index for envscan_inventory_environment()      */
    size_t record;       /* the definition that wins: an index for
                            envscan_result_record()                      */
    const size_t *chain; /* every definition that sets the key there (one
                            per file or object), lowest priority first;
                            chain[chain_len - 1] == record               */
    size_t chain_len;
} envscan_effective;

typedef struct envscan_key_info {
    const char *key;
    /* record indices (envscan_result_record()), in result order */
    const size_t *definitions;
    size_t n_definitions;
    const size_t *usages;      /* ENVSCAN_KIND_USAGE, not dynamic        */
    size_t n_usages;
    const size_t *references;  /* ENVSCAN_KIND_REFERENCE                 */
    size_t n_references;
    /* the findings about this key: indices for envscan_result_diagnostic() */
    const size_t *diagnostics;
    size_t n_diagnostics;
    const envscan_effective *effective; /* in environment order          */
    size_t n_effective;
} envscan_key_info;

/* Build the inventory of a result: every key of its definitions, usages
 * and references (config leaves, ENVSCAN_KIND_CONFIG, are not variables;
 * dynamic usages have no key), sorted bytewise, and every environment of
 * the result with the effective value of each key it sets. The result
 * must hold its records: a scan streamed to a file callback has none, and
 * its inventory is empty. `res` must outlive the inventory (records,
 * files and diagnostics are borrowed). Returns ENVSCAN_OK,
 * ENVSCAN_E_INVALID or ENVSCAN_E_NOMEM. Thread-safe (the result is not
 * modified); free with envscan_inventory_free(). */
ENVSCAN_API int envscan_inventory_create(const envscan_result *res,
                                         envscan_inventory **out);
/* NULL is accepted. */
ENVSCAN_API void envscan_inventory_free(envscan_inventory *inv);

/* The getters are thread-safe and return NULL past the end (counts: 0 for
 * NULL). What they point to is borrowed from the inventory and the result
 * behind it: valid until envscan_inventory_free(). */
ENVSCAN_API size_t envscan_inventory_key_count(const envscan_inventory *inv);
ENVSCAN_API const envscan_key_info *
envscan_inventory_key(const envscan_inventory *inv, size_t i);
/* The index of `key` into *index: ENVSCAN_OK or ENVSCAN_E_NOTFOUND. */
ENVSCAN_API int envscan_inventory_find(const envscan_inventory *inv, const char *key,
                                       size_t *index);
ENVSCAN_API size_t envscan_inventory_environment_count(const envscan_inventory *inv);
ENVSCAN_API const envscan_environment *
envscan_inventory_environment(const envscan_inventory *inv, size_t i);

/* Write the inventory as ENVSCAN_REPORT_TEXT or ENVSCAN_REPORT_JSON
 * (docs/schema.md, "Inventory"); other formats give ENVSCAN_E_UNSUPPORTED.
 * `keys` (n_keys of them; NULL or 0 = every key) selects keys by exact
 * name: a name the inventory lacks is written as not found (text) or
 * listed in "not_found" (JSON). Report flags as for envscan_report()
 * (COLOR, NO_VALUES). Thread-safe. */
ENVSCAN_API int envscan_inventory_report(const envscan_inventory *inv,
                                         envscan_report_format fmt, unsigned flags,
                                         const char *const *keys, size_t n_keys,
                                         envscan_write_fn write, void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* ENVSCAN_H */
