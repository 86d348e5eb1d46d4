/*
 * envscan — the command. A thin binding of the public API (envscan.h):
 * everything it reports comes from libenvscan, so every embedder can do
 * what the command does.
 *
 * Arguments are handled in two steps, as ripgrep does: parse_args() turns
 * argv into raw flags (and rejects what is malformed), resolve() turns the
 * raw flags plus the environment (NO_COLOR, the terminal) into settings.
 *
 * Exit status: 0 clean; 1 a diagnostic at or above --fail-on; 2 usage
 * error, a path or baseline that cannot be read, or any I/O error during
 * the scan. With --write-baseline the findings are recorded, not failed
 * on: 0 unless 2. --baseline takes out the findings it holds first.
 * --fix and sync: 0 done (or nothing to do), 1 with --dry-run when
 * something would change, 2 when a file could not be rewritten. 130 when
 * Ctrl-C (SIGINT) stopped a scan; a second Ctrl-C kills at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "envscan.h"
#include "runinfo.h"

#define EXIT_CLEAN 0
#define EXIT_FINDINGS 1
#define EXIT_ERROR 2
#define EXIT_INTERRUPTED 130 /* 128 + SIGINT, as shells report it */

/* ---- Ctrl-C: envscan_cancel() from the signal handler ------------------ */

static _Atomic(envscan_scanner *) scanning; /* the scan SIGINT stops */
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
    envscan_scanner *sc = atomic_load(&scanning);
    if (sc)
        envscan_cancel(sc); /* async-signal-safe */
}

/* envscan_scan_paths(), stopped by the first SIGINT (the handler is reset
 * by it, so a second one kills as usual). Returns the scan's status, or
 * ENVSCAN_E_CANCELLED with *res NULL and *stopped set after a SIGINT,
 * which it reports on stderr. */
static int scan_paths(envscan_scanner *sc, const char *const *paths, size_t n,
                      envscan_result **res, bool *stopped)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sa.sa_flags = SA_RESETHAND | SA_RESTART; /* writes to a pipe go on */
    sigemptyset(&sa.sa_mask);
    interrupted = 0;
    atomic_store(&scanning, sc);
    bool caught = sigaction(SIGINT, &sa, &old) == 0;
    int rc = envscan_scan_paths(sc, paths, n, res);
    atomic_store(&scanning, NULL);
    if (caught)
        sigaction(SIGINT, &old, NULL);
    *stopped = interrupted; /* also when it came as the scan ended */
    if (*stopped) {
        envscan_result_free(*res);
        *res = NULL;
        rc = ENVSCAN_E_CANCELLED;
        fprintf(stderr, "envscan: interrupted\n");
    }
    return rc;
}

static const char usage[] =
    "usage: envscan [OPTIONS] [PATH...]        scan files and directories (default .)\n"
    "       envscan parse [OPTIONS] FILE       parse one .env file ('-' = stdin)\n"
    "       envscan inventory [OPTIONS] [--key K]... [PATH...]\n"
    "                                          every variable: where it is defined,\n"
    "                                          used, referenced, and its effective\n"
    "                                          value in each environment (text, json)\n"
    "       envscan --fix [--dry-run] [OPTIONS] [PATH...]\n"
    "                                          fix the lint findings that have a safe fix\n"
    "                                          in every .env file (docs/lint.md, Fixing)\n"
    "       envscan sync [--prune] [--dry-run] [OPTIONS] [PATH...]\n"
    "                                          add the keys of each directory's env files\n"
    "                                          to its template (.env.example; docs/sync.md)\n"
    "       envscan config check [FILE]        validate a config file (default: the one\n"
    "                                          the scan would read); list its settings\n"
    "                                          not implemented yet\n"
    "       envscan config init [--template T] [FILE]\n"
    "                                          write a commented envscan.yml (templates:\n"
    "                                          default, ci, monorepo, huge-files)\n"
    "       envscan config show [OPTIONS] [PATH...]\n"
    "                                          the settings in effect, as YAML, with\n"
    "                                          where each comes from\n"
    "       envscan kernels                    list the SIMD kernels this machine runs\n"
    "       envscan --version | --help\n"
    "\n"
    "Config file (docs/config-file.md):\n"
    "      --config FILE      read settings from FILE (else ENVSCAN_CONFIG, else\n"
    "                         envscan.yml or .envscan.yml at the first PATH)\n"
    "      --no-config        read no config file\n"
    "                         Precedence: defaults < file < environment < flags\n"
    "Output:\n"
    "  -f, --format FMT       text (default), json, ndjson, sarif, csv, junit,\n"
    "                         github, markdown, html (one page with the drift\n"
    "                         matrix, docs/html.md), baseline (docs/reports.md);\n"
    "                         for parse also map (parse --format json prints\n"
    "                         the key->value map)\n"
    "      --color WHEN       auto (default), always, never; NO_COLOR is honoured\n"
    "      --no-values        leave values out of the report\n"
    "      --show-secrets     print the values of detected secrets as they are\n"
    "                         (by default they are redacted: docs/secrets.md)\n"
    "      --no-timing        leave timings out (byte-identical output run to run)\n"
    "      --key K            inventory: only the variable K (repeatable); exit 1\n"
    "                         when one is not in the scan\n"
    "      --fail-on LEVEL    exit 1 on a diagnostic at or above LEVEL:\n"
    "                         none, info, warning, error (default); diagnostics\n"
    "                         in the --baseline do not count\n"
    "Baseline (docs/reports.md):\n"
    "      --write-baseline FILE  write the fingerprints of every diagnostic to\n"
    "                         FILE (no values; mode 0600) and exit 0 unless an\n"
    "                         error stops the scan\n"
    "      --baseline FILE    report only diagnostics whose fingerprint is not in\n"
    "                         FILE; the summary counts the others\n"
    "      --fingerprint-salt S  salt of the fingerprints (default: the\n"
    "                         ENVSCAN_FINGERPRINT_SALT variable, else built in)\n"
    "Parsing:\n"
    "      --dialect NAME     read .env files as node's dotenv (node, the default)\n"
    "                         or python-dotenv (python) does; compose and shell\n"
    "                         are not implemented yet and are refused\n"
    "      --expand           resolve references in values the dialect's way\n"
    "                         (node: dotenv-expand's ${VAR}, $VAR, ${VAR:-x}, ...;\n"
    "                         python: ${VAR}, ${VAR:-x}) and report each one;\n"
    "                         the python dialect does this unless --no-expand\n"
    "      --no-expand        keep values as written\n"
    "Lint (.env files; docs/lint.md):\n"
    "      --lint[=SET]       default (the rules about how a file is read; on\n"
    "                         unless --no-lint), all, or off\n"
    "      --no-lint          the same as --lint=off\n"
    "      --lint-enable RULE[,RULE]   turn rules on (repeatable)\n"
    "      --lint-disable RULE[,RULE]  turn rules off (repeatable)\n"
    "Editing (--fix, sync):\n"
    "      --dry-run          print a unified diff of what would change; write nothing\n"
    "                         (exit 1 when something would change)\n"
    "      --prune            sync: remove the template's keys no env file defines\n"
    "Analysis (docs/analysis.md):\n"
    "      --no-analysis      no cross-file findings (missing, unused, drift)\n"
    "      --no-secrets       do not look for secrets (docs/secrets.md)\n"
    "      --allow-missing K  do not report K as missing: names separated by ',',\n"
    "                         a final '*' makes a prefix (repeatable)\n"
    "Walking:\n"
    "      --no-ignore        do not honour .gitignore, .ignore, .envscanignore,\n"
    "                         .git/info/exclude\n"
    "      --no-hidden        skip names starting with '.' (default: walk them;\n"
    "                         --hidden is accepted and means the default)\n"
    "  -u, -uu                as ripgrep: -u is --no-ignore, -uu also --hidden\n"
    "  -L, --follow           follow symbolic links (loops are detected)\n"
    "      --env-name GLOB    also treat files named GLOB as .env files (repeatable)\n"
    "      --config-name GLOB[:FORMAT]  also read files named GLOB as config: json,\n"
    "                         toml, ini or properties (default: by the extension;\n"
    "                         repeatable; docs/config.md)\n"
    "      --exclude GLOB     skip paths matching GLOB, gitignore syntax (repeatable)\n"
    "      --max-filesize N   skip files larger than N bytes (suffix K, M or G)\n"
    "Performance:\n"
    "  -j, --threads N        worker threads (0 = one per CPU, the default)\n"
    "      --affinity WHERE   none (default), compact, spread: pin the workers to CPUs\n"
    "      --kernel NAME      auto, scalar, sse42, avx2, neon (or ENVSCAN_KERNELS)\n"
    "      --stats            after the report, print counts, stage times, rates,\n"
    "                         per-file latency and peak memory on stderr\n"
    "      --metrics FILE     write the run's counters and timings to FILE in the\n"
    "                         Prometheus text format (textfile collector)\n"
    "      --progress, --no-progress  a progress line on stderr for scans over a\n"
    "                         second (default: only when stderr is a terminal\n"
    "                         and CI is not set)\n";

typedef struct raw_args {
    const char *cmd; /* "scan", "parse", "kernels", "inventory", "sync", "config" */
    const char *config_cmd; /* config: "check", "init", "show" */
    const char *config, *template_name;
    bool no_config;
    const char *format, *color, *fail_on, *dialect, *kernel, *threads, *max_size;
    const char *affinity, *metrics;
    bool stats;
    int progress; /* 1 --progress, 0 --no-progress, -1 neither */
    const char *baseline, *write_baseline, *salt;
    bool no_values, no_timing, no_ignore, no_hidden, follow, no_analysis;
    bool show_secrets, no_secrets;
    bool fix, dry_run, prune;
    int expand; /* -1: the dialect's default */
    const char **env_names, **excludes, **paths, **allow_missing, **config_names, **keys;
    size_t n_env_names, n_excludes, n_paths, n_allow_missing, n_config_names, n_keys;
    const char *lint;        /* --lint[=SET] */
    const char **lint_rules; /* --lint-enable / --lint-disable values, in order */
    bool *lint_rule_on;
    size_t n_lint_rules;
} raw_args;

typedef struct settings {
    envscan_report_format format;
    unsigned report_flags;
    int fail_on; /* severity, or 4 = never */
} settings;

static int die_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "envscan: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'envscan --help'.\n");
    return EXIT_ERROR;
}

/* Value of an option given as `--opt value` or `--opt=value`. */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (strcmp(argv[*i], name) == 0 && *i + 1 < argc)
        return argv[++*i];
    return NULL;
}

static bool is_opt(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

static void free_args(raw_args *a)
{
    free(a->env_names);
    free(a->config_names);
    free(a->excludes);
    free(a->paths);
    free(a->lint_rules);
    free(a->lint_rule_on);
    free(a->allow_missing);
    free(a->keys);
}

static int parse_args(int argc, char **argv, raw_args *a)
{
    memset(a, 0, sizeof *a);
    a->expand = -1;
    a->progress = -1;
    a->cmd = "scan";
    size_t cap = (size_t)argc;
    a->env_names = calloc(cap, sizeof(char *));
    a->config_names = calloc(cap, sizeof(char *));
    a->excludes = calloc(cap, sizeof(char *));
    a->paths = calloc(cap, sizeof(char *));
    a->lint_rules = calloc(cap, sizeof(char *));
    a->lint_rule_on = calloc(cap, sizeof(bool));
    a->allow_missing = calloc(cap, sizeof(char *));
    a->keys = calloc(cap, sizeof(char *));
    if (!a->env_names || !a->config_names || !a->excludes || !a->paths || !a->lint_rules || !a->lint_rule_on ||
        !a->allow_missing || !a->keys)
        return die_usage("%s", "out of memory");
    int i = 1;
    if (i < argc && (strcmp(argv[i], "parse") == 0 || strcmp(argv[i], "kernels") == 0 ||
                     strcmp(argv[i], "inventory") == 0 || strcmp(argv[i], "sync") == 0 ||
                     strcmp(argv[i], "config") == 0))
        a->cmd = argv[i++];
    if (strcmp(a->cmd, "config") == 0) {
        if (i >= argc || (strcmp(argv[i], "check") && strcmp(argv[i], "init") &&
                          strcmp(argv[i], "show")))
            return die_usage("%s", "config wants check, init or show");
        a->config_cmd = argv[i++];
    }
    bool only_paths = false;
    for (; i < argc; i++) {
        const char *s = argv[i];
        const char *v;
#define VALUE(long_, short_, field)                                          \
    if (is_opt(s, long_) || (short_[0] && strcmp(s, short_) == 0)) {         \
        if (short_[0] && strcmp(s, short_) == 0)                             \
            v = i + 1 < argc ? argv[++i] : NULL;                             \
        else                                                                 \
            v = opt_value(argc, argv, &i, long_);                            \
        if (!v)                                                              \
            return die_usage("option %s needs a value", long_);              \
        a->field = v;                                                        \
        continue;                                                            \
    }
        if (only_paths || s[0] != '-' || strcmp(s, "-") == 0) {
            a->paths[a->n_paths++] = s;
            continue;
        }
        if (strcmp(s, "--") == 0) {
            only_paths = true;
            continue;
        }
        if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
            fputs(usage, stdout);
            free_args(a);
            exit(EXIT_CLEAN);
        }
        if (strcmp(s, "-V") == 0 || strcmp(s, "--version") == 0) {
            printf("envscan %s\n", envscan_version());
            free_args(a);
            exit(EXIT_CLEAN);
        }
        VALUE("--format", "-f", format)
        VALUE("--color", "", color)
        VALUE("--fail-on", "", fail_on)
        VALUE("--dialect", "", dialect)
        VALUE("--kernel", "", kernel)
        VALUE("--threads", "-j", threads)
        VALUE("--affinity", "", affinity)
        VALUE("--metrics", "", metrics)
        if (strcmp(s, "--stats") == 0) { a->stats = true; continue; }
        if (strcmp(s, "--progress") == 0) { a->progress = 1; continue; }
        if (strcmp(s, "--no-progress") == 0) { a->progress = 0; continue; }
        VALUE("--max-filesize", "", max_size)
        VALUE("--baseline", "", baseline)
        VALUE("--write-baseline", "", write_baseline)
        VALUE("--fingerprint-salt", "", salt)
        VALUE("--config", "", config)
        VALUE("--template", "", template_name)
        if (strcmp(s, "--no-config") == 0) { a->no_config = true; continue; }
        if (is_opt(s, "--config-name")) {
            if (!(v = opt_value(argc, argv, &i, "--config-name")))
                return die_usage("option %s needs a value", "--config-name");
            a->config_names[a->n_config_names++] = v;
            continue;
        }
        if (is_opt(s, "--key")) {
            if (!(v = opt_value(argc, argv, &i, "--key")))
                return die_usage("option %s needs a value", "--key");
            a->keys[a->n_keys++] = v;
            continue;
        }
        if (is_opt(s, "--env-name")) {
            if (!(v = opt_value(argc, argv, &i, "--env-name")))
                return die_usage("option %s needs a value", "--env-name");
            a->env_names[a->n_env_names++] = v;
            continue;
        }
        if (is_opt(s, "--exclude")) {
            if (!(v = opt_value(argc, argv, &i, "--exclude")))
                return die_usage("option %s needs a value", "--exclude");
            a->excludes[a->n_excludes++] = v;
            continue;
        }
        if (strcmp(s, "--lint") == 0 || strncmp(s, "--lint=", 7) == 0) {
            a->lint = s[6] ? s + 7 : "default";
            continue;
        }
        if (strcmp(s, "--no-lint") == 0) { a->lint = "off"; continue; }
        if (is_opt(s, "--lint-enable") || is_opt(s, "--lint-disable")) {
            bool on = is_opt(s, "--lint-enable");
            const char *name = on ? "--lint-enable" : "--lint-disable";
            if (!(v = opt_value(argc, argv, &i, name)))
                return die_usage("option %s needs a value", name);
            a->lint_rule_on[a->n_lint_rules] = on;
            a->lint_rules[a->n_lint_rules++] = v;
            continue;
        }
        if (is_opt(s, "--allow-missing")) {
            if (!(v = opt_value(argc, argv, &i, "--allow-missing")))
                return die_usage("option %s needs a value", "--allow-missing");
            a->allow_missing[a->n_allow_missing++] = v;
            continue;
        }
        if (strcmp(s, "--no-analysis") == 0) { a->no_analysis = true; continue; }
        if (strcmp(s, "--no-secrets") == 0) { a->no_secrets = true; continue; }
        if (strcmp(s, "--show-secrets") == 0) { a->show_secrets = true; continue; }
        if (strcmp(s, "--fix") == 0) { a->fix = true; continue; }
        if (strcmp(s, "--dry-run") == 0) { a->dry_run = true; continue; }
        if (strcmp(s, "--prune") == 0) { a->prune = true; continue; }
        if (strcmp(s, "--no-values") == 0) { a->no_values = true; continue; }
        if (strcmp(s, "--no-timing") == 0) { a->no_timing = true; continue; }
        if (strcmp(s, "--expand") == 0) { a->expand = 1; continue; }
        if (strcmp(s, "--no-expand") == 0) { a->expand = 0; continue; }
        if (strcmp(s, "--no-ignore") == 0) { a->no_ignore = true; continue; }
        if (strcmp(s, "--no-hidden") == 0) { a->no_hidden = true; continue; }
        if (strcmp(s, "--hidden") == 0) { a->no_hidden = false; continue; }
        if (strcmp(s, "-u") == 0) { a->no_ignore = true; continue; }
        if (strcmp(s, "-uu") == 0) { a->no_ignore = true; a->no_hidden = false; continue; }
        if (strcmp(s, "-L") == 0 || strcmp(s, "--follow") == 0) { a->follow = true; continue; }
#undef VALUE
        return die_usage("unknown option '%s'", s);
    }
    bool sync = strcmp(a->cmd, "sync") == 0;
    if (a->fix && strcmp(a->cmd, "scan") != 0)
        return die_usage("%s", "--fix is an option of the scan, not of a subcommand");
    if (a->dry_run && !a->fix && !sync)
        return die_usage("%s", "--dry-run goes with --fix or sync");
    if (a->prune && !sync)
        return die_usage("%s", "--prune is an option of sync");
    if (a->template_name && !(a->config_cmd && strcmp(a->config_cmd, "init") == 0))
        return die_usage("%s", "--template is an option of 'envscan config init'");
    if (a->config && a->no_config)
        return die_usage("%s", "--config and --no-config together");
    return EXIT_CLEAN;
}

/* Apply an option; on failure print the library's message. */
static int set(envscan_scanner *sc, envscan_option opt, int64_t v)
{
    int rc = envscan_set_option(sc, opt, v);
    if (rc != ENVSCAN_OK) {
        fprintf(stderr, "envscan: %s\n", envscan_last_error(sc)); /* names the option */
        return EXIT_ERROR;
    }
    return EXIT_CLEAN;
}

/* --config-name GLOB[:FORMAT]: the format named, or the one the glob's
 * extension says (.json, .toml, .ini/.cfg/.conf, .properties). */
static int add_config_name(envscan_scanner *sc, const char *arg)
{
    static const struct {
        const char *ext;
        envscan_format f;
    } exts[] = {{".json", ENVSCAN_FORMAT_JSON}, {".toml", ENVSCAN_FORMAT_TOML},
                {".ini", ENVSCAN_FORMAT_INI},   {".cfg", ENVSCAN_FORMAT_INI},
                {".conf", ENVSCAN_FORMAT_INI},  {".properties", ENVSCAN_FORMAT_PROPERTIES}};
    char glob[512];
    const char *colon = strrchr(arg, ':');
    size_t n = colon ? (size_t)(colon - arg) : strlen(arg);
    if (n == 0 || n >= sizeof glob)
        return die_usage("--config-name wants GLOB[:FORMAT], not '%s'", arg);
    memcpy(glob, arg, n);
    glob[n] = '\0';
    envscan_format f = ENVSCAN_FORMAT_UNKNOWN;
    if (colon) {
        if (envscan_format_from_name(colon + 1, &f) != ENVSCAN_OK)
            return die_usage("--config-name: unknown format in '%s' (json, toml, ini, "
                             "properties)", arg);
    } else {
        if ((n >= 4 && strcmp(glob + n - 4, ".yml") == 0) ||
            (n >= 5 && strcmp(glob + n - 5, ".yaml") == 0))
            return die_usage("--config-name: '%s': every YAML file is read already "
                             "(docs/config.md says which count as config)", arg);
        for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
            size_t k = strlen(exts[i].ext);
            if (n >= k && strcmp(glob + n - k, exts[i].ext) == 0)
                f = exts[i].f;
        }
        if (f == ENVSCAN_FORMAT_UNKNOWN)
            return die_usage("--config-name: say the format of '%s' (GLOB:json, :toml, :ini, "
                             ":properties)", arg);
    }
    if (envscan_add_config_name(sc, glob, f) != ENVSCAN_OK)
        return die_usage("--config-name: '%s' is not a config format envscan reads by name "
                         "(json, toml, ini, properties; every YAML file is read already)", arg);
    return 0;
}

static int resolve(const raw_args *a, envscan_scanner *sc, settings *st)
{
    bool parse = strcmp(a->cmd, "parse") == 0;
    st->format = ENVSCAN_REPORT_TEXT;
    if (a->format) {
        if (parse && strcmp(a->format, "json") == 0)
            st->format = ENVSCAN_REPORT_MAP;
        else if (envscan_report_format_from_name(a->format, &st->format) != ENVSCAN_OK ||
                 (!parse && st->format == ENVSCAN_REPORT_MAP))
            return die_usage("unknown --format '%s' (text, json, ndjson, sarif, csv, junit, "
                             "github, markdown, html, baseline)", a->format);
    }
    if (a->baseline && a->write_baseline)
        return die_usage("%s", "--baseline and --write-baseline together: the new baseline "
                               "would miss what the old one holds");
    if (a->salt && !*a->salt)
        return die_usage("%s", "--fingerprint-salt needs a non-empty value");
    const char *salt = a->salt ? a->salt : getenv("ENVSCAN_FINGERPRINT_SALT");
    if (salt && *salt && envscan_set_fingerprint_salt(sc, salt) != ENVSCAN_OK)
        return die_usage("%s", "cannot set the fingerprint salt");
    if (a->baseline && envscan_set_baseline(sc, a->baseline) != ENVSCAN_OK) {
        fprintf(stderr, "envscan: %s\n", envscan_last_error(sc));
        return EXIT_ERROR;
    }
    if (strcmp(a->cmd, "inventory") == 0 && st->format != ENVSCAN_REPORT_TEXT &&
        st->format != ENVSCAN_REPORT_JSON)
        return die_usage("inventory writes text or json, not '%s'", a->format);
    if (a->n_keys && strcmp(a->cmd, "inventory") != 0)
        return die_usage("%s", "--key is an option of 'envscan inventory'");
    const char *color = a->color ? a->color : "auto";
    bool use_color;
    if (strcmp(color, "always") == 0)
        use_color = true;
    else if (strcmp(color, "never") == 0)
        use_color = false;
    else if (strcmp(color, "auto") == 0) {
        const char *nc = getenv("NO_COLOR");
        const char *term = getenv("TERM");
        use_color = isatty(STDOUT_FILENO) && !(nc && *nc) &&
                    !(term && strcmp(term, "dumb") == 0);
    } else
        return die_usage("unknown --color '%s' (auto, always, never)", color);
    st->report_flags = (use_color ? ENVSCAN_REPORT_COLOR : 0) |
                       (a->no_values ? ENVSCAN_REPORT_NO_VALUES : 0) |
                       (a->show_secrets ? ENVSCAN_REPORT_SHOW_SECRETS : 0) |
                       (a->no_timing ? ENVSCAN_REPORT_NO_TIMING : 0);
    st->fail_on = ENVSCAN_SEVERITY_ERROR;
    if (a->fail_on) {
        envscan_severity sev;
        if (strcmp(a->fail_on, "none") == 0)
            st->fail_on = 4;
        else if (envscan_severity_from_name(a->fail_on, &sev) == ENVSCAN_OK)
            st->fail_on = sev;
        else
            return die_usage("unknown --fail-on '%s' (none, info, warning, error)", a->fail_on);
    }
    if (a->dialect) {
        envscan_dialect d;
        if (envscan_dialect_from_name(a->dialect, &d) != ENVSCAN_OK)
            return die_usage("unknown --dialect '%s' (node, python, compose, shell)", a->dialect);
        if (set(sc, ENVSCAN_OPT_DIALECT, d))
            return EXIT_ERROR;
    }
    if (a->kernel) {
        envscan_kernel k;
        if (envscan_kernel_from_name(a->kernel, &k) != ENVSCAN_OK)
            return die_usage("unknown --kernel '%s' (auto, scalar, sse42, avx2, neon)", a->kernel);
        if (set(sc, ENVSCAN_OPT_KERNEL, k))
            return EXIT_ERROR;
    }
    if (a->affinity) {
        envscan_affinity af;
        if (envscan_affinity_from_name(a->affinity, &af) != ENVSCAN_OK)
            return die_usage("unknown --affinity '%s' (none, compact, spread)", a->affinity);
        if (set(sc, ENVSCAN_OPT_AFFINITY, af))
            return EXIT_ERROR;
    }
    if (a->threads) {
        char *end;
        long n = strtol(a->threads, &end, 10);
        if (*end || end == a->threads)
            return die_usage("--threads takes a number, not '%s'", a->threads);
        if (set(sc, ENVSCAN_OPT_THREADS, n))
            return EXIT_ERROR;
    }
    if (a->max_size) {
        int64_t n;
        if (envscan_parse_size(a->max_size, &n) != ENVSCAN_OK)
            return die_usage("--max-filesize takes a size like 10M, not '%s'", a->max_size);
        if (set(sc, ENVSCAN_OPT_MAX_FILE_SIZE, n))
            return EXIT_ERROR;
    }
    if ((a->expand >= 0 && set(sc, ENVSCAN_OPT_EXPAND, a->expand)) ||
        (a->no_ignore && set(sc, ENVSCAN_OPT_IGNORE_FILES, 0)) ||
        (a->no_hidden && set(sc, ENVSCAN_OPT_HIDDEN, 0)) ||
        (a->follow && set(sc, ENVSCAN_OPT_FOLLOW_SYMLINKS, 1)) ||
        (a->no_analysis && set(sc, ENVSCAN_OPT_ANALYSIS, 0)) ||
        (a->no_secrets && set(sc, ENVSCAN_OPT_SECRETS, 0)))
        return EXIT_ERROR;
    const char *why = NULL;
    if (!a->no_secrets && envscan_secrets_status(&why) != ENVSCAN_OK)
        fprintf(stderr, "envscan: note: %s\n", why ? why : "known secret formats unavailable");
    if (a->lint) {
        static const char *const sets[] = {"off", "default", "all"};
        int level = -1;
        for (int i = 0; i < 3; i++)
            if (strcmp(a->lint, sets[i]) == 0)
                level = i;
        if (level < 0)
            return die_usage("unknown --lint '%s' (default, all, off)", a->lint);
        if (set(sc, ENVSCAN_OPT_LINT, level))
            return EXIT_ERROR;
    }
    for (size_t i = 0; i < a->n_lint_rules; i++) {
        char name[64];
        for (const char *p = a->lint_rules[i]; *p;) {
            size_t n = strcspn(p, ",");
            if (n == 0 || n >= sizeof name ||
                (memcpy(name, p, n), name[n] = '\0',
                 envscan_set_lint_rule(sc, name, a->lint_rule_on[i]) != ENVSCAN_OK))
                return die_usage("unknown lint rule in '%s' (see docs/lint.md)",
                                 a->lint_rules[i]);
            p += n + (p[n] == ',');
        }
    }
    for (size_t i = 0; i < a->n_allow_missing; i++) {
        /* K1,K2,...: each name on its own */
        for (const char *p = a->allow_missing[i];;) {
            const char *e = strchr(p, ',');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            char name[256];
            if (n == 0 || n >= sizeof name)
                return die_usage("--allow-missing takes names separated by ',', not '%s'",
                                 a->allow_missing[i]);
            memcpy(name, p, n);
            name[n] = '\0';
            if (envscan_allow_missing(sc, name) != ENVSCAN_OK)
                return die_usage("cannot add --allow-missing '%s'", a->allow_missing[i]);
            if (!e)
                break;
            p = e + 1;
        }
    }
    for (size_t i = 0; i < a->n_config_names; i++)
        if (add_config_name(sc, a->config_names[i]) != 0)
            return EXIT_ERROR;
    for (size_t i = 0; i < a->n_env_names; i++)
        if (envscan_add_env_name(sc, a->env_names[i]) != ENVSCAN_OK)
            return die_usage("cannot add --env-name '%s'", a->env_names[i]);
    for (size_t i = 0; i < a->n_excludes; i++)
        if (envscan_add_ignore_pattern(sc, a->excludes[i]) != ENVSCAN_OK)
            return die_usage("cannot add --exclude '%s'", a->excludes[i]);
    return EXIT_CLEAN;
}

/* Read all of a stream (for `parse -`). */
static char *slurp(FILE *f, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) {
            if (ferror(f)) {
                free(buf);
                return NULL;
            }
            break;
        }
        char *nb = realloc(buf, cap *= 2);
        if (!nb)
            free(buf);
        buf = nb;
    }
    *len = n;
    return buf;
}

static int cmd_kernels(void)
{
    envscan_scanner *sc;
    if (envscan_scanner_create(&sc) != ENVSCAN_OK) {
        fprintf(stderr, "envscan: cannot create a scanner (is ENVSCAN_KERNELS valid?)\n");
        return EXIT_ERROR;
    }
    int64_t chosen;
    envscan_get_option(sc, ENVSCAN_OPT_KERNEL, &chosen);
    for (int k = ENVSCAN_KERNEL_SCALAR; k <= ENVSCAN_KERNEL_NEON; k++)
        if (envscan_set_option(sc, ENVSCAN_OPT_KERNEL, k) == ENVSCAN_OK)
            printf("%s%s\n", envscan_kernel_name((envscan_kernel)k), k == chosen ? " (default)" : "");
    envscan_scanner_free(sc);
    return EXIT_CLEAN;
}

/* --fix and sync read the tree as a scan does, then edit its .env files
 * (not those read only because a link named them: they may lie outside
 * the tree). */
static int edit_scan(envscan_scanner *sc, const raw_args *a, envscan_result **res)
{
    bool stopped = false;
    if (envscan_set_option(sc, ENVSCAN_OPT_ANALYSIS, 0) != ENVSCAN_OK ||
        scan_paths(sc, a->paths, a->n_paths, res, &stopped) != ENVSCAN_OK) {
        if (stopped)
            return EXIT_INTERRUPTED;
        fprintf(stderr, "envscan: %s\n", envscan_last_error(sc));
        return EXIT_ERROR;
    }
    return EXIT_CLEAN;
}

static bool editable(const envscan_file *f)
{
    return f->format == ENVSCAN_FORMAT_DOTENV && !(f->flags & ENVSCAN_FILE_LINKED);
}

static int cmd_fix(envscan_scanner *sc, const raw_args *a)
{
    envscan_result *res = NULL;
    int rc = edit_scan(sc, a, &res);
    bool pending = false;
    const size_t nf = rc == EXIT_CLEAN ? envscan_result_file_count(res) : 0;
    for (size_t i = 0; i < nf; i++) {
        const envscan_file *f = envscan_result_file(res, i);
        if (!editable(f))
            continue;
        size_t n = 0, dlen = 0;
        char *diff = NULL;
        if (envscan_fix_file(sc, f->path, a->dry_run ? ENVSCAN_EDIT_DRY_RUN : 0, &n,
                             a->dry_run ? &diff : NULL, &dlen) != ENVSCAN_OK) {
            fprintf(stderr, "envscan: %s\n", envscan_last_error(sc));
            rc = EXIT_ERROR;
            continue;
        }
        if (a->dry_run)
            fwrite(diff, 1, dlen, stdout);
        else if (n)
            printf("fixed %s: %s\n", f->path, envscan_last_change(sc));
        pending |= n > 0;
        envscan_free(diff);
    }
    envscan_result_free(res);
    return rc == EXIT_CLEAN && a->dry_run && pending ? EXIT_FINDINGS : rc;
}

static int cmd_sync(envscan_scanner *sc, const raw_args *a)
{
    envscan_result *res = NULL;
    int rc = edit_scan(sc, a, &res);
    bool pending = false;
    const size_t nf = rc == EXIT_CLEAN ? envscan_result_file_count(res) : 0;
    char **dirs = calloc(nf ? nf : 1, sizeof *dirs);
    size_t nd = 0;
    if (!dirs) {
        fprintf(stderr, "envscan: out of memory\n");
        rc = EXIT_ERROR;
    }
    for (size_t i = 0; dirs && i < nf; i++) { /* each directory once */
        const envscan_file *f = envscan_result_file(res, i);
        const char *slash = strrchr(f->path, '/');
        /* "x" is in ".", "/x" in "/" */
        size_t n = slash && slash != f->path ? (size_t)(slash - f->path) : 1;
        const char *d = slash ? f->path : ".";
        bool seen = !editable(f);
        for (size_t k = 0; k < nd && !seen; k++)
            seen = strlen(dirs[k]) == n && memcmp(dirs[k], d, n) == 0;
        if (!seen && (dirs[nd] = strndup(d, n)))
            nd++;
    }
    unsigned flags = (a->dry_run ? ENVSCAN_EDIT_DRY_RUN : 0) | (a->prune ? ENVSCAN_SYNC_PRUNE : 0);
    for (size_t k = 0; k < nd; k++) {
        size_t added = 0, stale = 0, dlen = 0;
        char *diff = NULL;
        if (envscan_sync_template(sc, dirs[k], flags, &added, &stale,
                                  a->dry_run ? &diff : NULL, &dlen) != ENVSCAN_OK) {
            fprintf(stderr, "envscan: %s\n", envscan_last_error(sc));
            rc = EXIT_ERROR;
        } else if (a->dry_run) {
            fwrite(diff, 1, dlen, stdout);
        } else if (*envscan_last_change(sc)) {
            printf("synced %s\n", envscan_last_change(sc));
        }
        pending |= added > 0 || (a->prune && stale > 0);
        envscan_free(diff);
        free(dirs[k]);
    }
    free(dirs);
    envscan_result_free(res);
    return rc == EXIT_CLEAN && a->dry_run && pending ? EXIT_FINDINGS : rc;
}

/* The exit status a result's diagnostics call for (combined with `code`,
 * the status of the parts seen so far). */
static int exit_status(const envscan_result *res, const settings *st, int code)
{
    for (size_t i = 0; i < envscan_result_diagnostic_count(res); i++) {
        const envscan_diagnostic *d = envscan_result_diagnostic(res, i);
        if (strcmp(d->code, "io-error") == 0)
            return EXIT_ERROR;
        if ((int)d->severity >= st->fail_on && code == EXIT_CLEAN)
            code = EXIT_FINDINGS;
    }
    return code;
}

/* With a machine format on stdout, people still see problems on stderr.
 * stderr is unbuffered: a line per write cost 9,948 system calls, 75% of
 * the system time, on a tree with 9,080 findings. So the lines gather in
 * a buffer, written when full (a line longer than it goes alone). */
static void echo_problems(const envscan_result *res, envscan_severity min)
{
    char buf[1 << 15];
    size_t used = 0;
    for (size_t i = 0; i < envscan_result_diagnostic_count(res); i++) {
        const envscan_diagnostic *d = envscan_result_diagnostic(res, i);
        if (d->severity < min)
            continue;
        for (int pass = 0; pass < 2; pass++) {
            char *at = buf + used;
            const size_t room = sizeof buf - used;
            const char *file = d->file ? d->file : "-", *sev = envscan_severity_name(d->severity);
            int n = d->line ? snprintf(at, room, "%s:%u:%u: %s[%s]: %s\n", file, d->line,
                                       d->column, sev, d->code, d->message)
                            : snprintf(at, room, "%s: %s[%s]: %s\n", file, sev, d->code,
                                       d->message);
            if (n < 0)
                break;
            if ((size_t)n < room) {
                used += (size_t)n;
                break;
            }
            fwrite(buf, 1, used, stderr); /* full: write what is there */
            used = 0;
            if (pass == 1 || (size_t)n >= sizeof buf) { /* longer than the buffer */
                if (d->line)
                    fprintf(stderr, "%s:%u:%u: %s[%s]: %s\n", file, d->line, d->column, sev,
                            d->code, d->message);
                else
                    fprintf(stderr, "%s: %s[%s]: %s\n", file, sev, d->code, d->message);
                break;
            }
        }
    }
    fwrite(buf, 1, used, stderr);
}

/* --write-baseline: the baseline report into a temporary file beside
 * FILE (0600, as every file envscan writes), renamed over FILE once
 * complete, so a failed write leaves the old baseline. */
static int write_baseline(const envscan_result *res, const char *path)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp)
        return EXIT_ERROR;
    snprintf(tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    int ok = f && envscan_report_file(res, ENVSCAN_REPORT_BASELINE, 0, f) == ENVSCAN_OK;
    int err = errno;
    if (f ? fclose(f) != 0 : (fd >= 0 && close(fd) != 0))
        ok = 0;
    if (ok && rename(tmp, path) != 0) {
        err = errno;
        ok = 0;
    }
    if (!ok) {
        fprintf(stderr, "envscan: cannot write the baseline %s: %s\n", path,
                strerror(err ? err : EIO));
        if (fd >= 0)
            unlink(tmp);
    }
    free(tmp);
    return ok ? EXIT_CLEAN : EXIT_ERROR;
}

/* Text and NDJSON reports are written file by file while the scan runs:
 * output starts at once on a huge tree, and memory stays bounded. */
/* Diagnostics counted by severity and code, for the text report's
 * closing "by rule" line: which problems there are, on one screen. */
typedef struct tally_row {
    const char *code; /* copied: the parts that hold them are freed */
    int severity;
    size_t n;
} tally_row;

typedef struct tally {
    tally_row *rows;
    size_t n, cap;
    bool oom;
} tally;

static void tally_add(tally *t, const envscan_result *res)
{
    for (size_t i = 0; i < envscan_result_diagnostic_count(res) && !t->oom; i++) {
        const envscan_diagnostic *d = envscan_result_diagnostic(res, i);
        size_t k = 0;
        while (k < t->n && !(t->rows[k].severity == (int)d->severity &&
                             strcmp(t->rows[k].code, d->code) == 0))
            k++;
        if (k == t->n) {
            if (t->n == t->cap) {
                size_t cap = t->cap ? t->cap * 2 : 16;
                tally_row *r = realloc(t->rows, cap * sizeof *r);
                if (!r) {
                    t->oom = true;
                    return;
                }
                t->rows = r;
                t->cap = cap;
            }
            char *code = strdup(d->code);
            if (!code) {
                t->oom = true;
                return;
            }
            t->rows[t->n++] = (tally_row){code, (int)d->severity, 0};
        }
        t->rows[k].n++;
    }
}

static int tally_cmp(const void *a, const void *b)
{
    const tally_row *x = a, *y = b;
    if (x->severity != y->severity)
        return y->severity - x->severity;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->code, y->code);
}

/* "by rule: error ...; warning drift 4, conflict 1; info unused 31" */
static void tally_print(tally *t, bool color)
{
    if (!t->n || t->oom)
        return;
    qsort(t->rows, t->n, sizeof *t->rows, tally_cmp);
    static const char *const col[] = {"", "\033[34m", "\033[33m", "\033[1;31m"};
    fputs("by rule:", stdout);
    for (size_t i = 0; i < t->n; i++) {
        const tally_row *r = &t->rows[i];
        bool first = i == 0 || t->rows[i - 1].severity != r->severity;
        if (first)
            printf("%s %s%s%s", i ? ";" : "", color ? col[r->severity & 3] : "",
                   envscan_severity_name((envscan_severity)r->severity), color ? "\033[0m" : "");
        printf("%s %s %zu", first ? "" : ",", r->code, r->n);
    }
    fputs("\n", stdout);
}

static void tally_free(tally *t)
{
    for (size_t i = 0; i < t->n; i++)
        free((char *)t->rows[i].code);
    free(t->rows);
}

typedef struct stream_ctx {
    const settings *st;
    int status;
    int write_failed;
    tally by_rule;
} stream_ctx;

static int on_file(void *ctx, const envscan_result *part)
{
    stream_ctx *c = ctx;
    if (envscan_report_file(part, c->st->format, c->st->report_flags | ENVSCAN_REPORT_NO_SUMMARY,
                            stdout) != ENVSCAN_OK) {
        c->write_failed = 1;
        return 1; /* stop the scan: nobody reads the output */
    }
    if (c->st->format != ENVSCAN_REPORT_TEXT)
        echo_problems(part, ENVSCAN_SEVERITY_WARNING);
    else
        tally_add(&c->by_rule, part);
    c->status = exit_status(part, c->st, c->status);
    return 0;
}

static int write_stdout(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

/* envscan inventory: scan, then the inventory of every key or of --key K.
 * Problems reading files go to stderr; exit 1 when a key asked for is not
 * in the scan, 2 on an error. */
static int cmd_inventory(envscan_scanner *sc, const raw_args *a, const settings *st)
{
    envscan_result *res = NULL;
    envscan_inventory *inv = NULL;
    int rc = EXIT_CLEAN;
    bool stopped = false;
    if (scan_paths(sc, a->paths, a->n_paths, &res, &stopped) != ENVSCAN_OK) {
        if (stopped)
            return EXIT_INTERRUPTED;
        fprintf(stderr, "envscan: %s\n", envscan_last_error(sc));
        return EXIT_ERROR;
    }
    echo_problems(res, ENVSCAN_SEVERITY_ERROR);
    int irc = envscan_inventory_create(res, &inv);
    if (irc != ENVSCAN_OK) {
        fprintf(stderr, "envscan: inventory: %s\n", envscan_strerror(irc));
        rc = EXIT_ERROR;
    } else if (envscan_inventory_report(inv, st->format, st->report_flags, a->keys, a->n_keys,
                                        write_stdout, NULL) != ENVSCAN_OK ||
               fflush(stdout) != 0) {
        fprintf(stderr, "envscan: cannot write the report: %s\n", strerror(errno));
        rc = EXIT_ERROR;
    }
    for (size_t i = 0; rc == EXIT_CLEAN && i < a->n_keys; i++) {
        size_t at;
        if (envscan_inventory_find(inv, a->keys[i], &at) != ENVSCAN_OK)
            rc = EXIT_FINDINGS;
    }
    for (size_t i = 0; rc == EXIT_CLEAN && i < envscan_result_diagnostic_count(res); i++)
        if (strcmp(envscan_result_diagnostic(res, i)->code, "io-error") == 0)
            rc = EXIT_ERROR;
    envscan_inventory_free(inv);
    envscan_result_free(res);
    return rc;
}

/* ------------------------------------------------------------ config file */

/* The config file a command reads: --config FILE, else $ENVSCAN_CONFIG,
 * else envscan.yml or .envscan.yml at the first root. *path is malloc'ed,
 * or NULL when there is none. */
static int config_path(const raw_args *a, const char *root, char **path)
{
    *path = NULL;
    if (a->no_config)
        return EXIT_CLEAN;
    const char *env = getenv("ENVSCAN_CONFIG");
    const char *given = a->config ? a->config : env && *env ? env : NULL;
    if (given) {
        *path = strdup(given);
        return *path ? EXIT_CLEAN : EXIT_ERROR;
    }
    int rc = envscan_config_find(root && strcmp(root, "-") != 0 ? root : ".", path);
    if (rc == ENVSCAN_E_NOTFOUND)
        return EXIT_CLEAN;
    if (rc != ENVSCAN_OK) {
        fprintf(stderr, "envscan: looking for a config file: %s\n", envscan_strerror(rc));
        return EXIT_ERROR;
    }
    return EXIT_CLEAN;
}

/* Load the config file (if any), then the environment's settings: what
 * the flags (applied after, by resolve()) leave alone. */
static int load_settings(envscan_scanner *sc, const raw_args *a, char **used)
{
    const char *root = a->n_paths ? a->paths[0] : ".";
    if (config_path(a, root, used) != EXIT_CLEAN)
        return EXIT_ERROR;
    if (*used && envscan_load_config(sc, *used) != ENVSCAN_OK) {
        fprintf(stderr, "envscan: %s\n", envscan_last_error(sc));
        return EXIT_ERROR;
    }
    const char *threads = getenv("ENVSCAN_THREADS");
    if (threads && *threads) {
        char *end;
        long n = strtol(threads, &end, 10);
        envscan_set_origin(sc, "environment (ENVSCAN_THREADS)");
        if (*end || envscan_set_option(sc, ENVSCAN_OPT_THREADS, n) != ENVSCAN_OK) {
            fprintf(stderr, "envscan: ENVSCAN_THREADS: '%s' is not 0..1024\n", threads);
            return EXIT_ERROR;
        }
    }
    envscan_set_origin(sc, "command line");
    return EXIT_CLEAN;
}

/* One line on stderr when the config sets what envscan cannot do yet. */
static void note_unimplemented(const envscan_scanner *sc, const char *path)
{
    size_t n = envscan_config_unimplemented_count(sc);
    if (!n)
        return;
    fprintf(stderr, "envscan: note: %s: %zu setting%s not implemented yet, not acted upon (",
            path, n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        const char *u = envscan_config_unimplemented(sc, i);
        fprintf(stderr, "%s%.*s", i ? ", " : "", (int)strcspn(u, ":"), u);
    }
    fprintf(stderr, "); see 'envscan config check'\n");
}

static int cmd_config_init(const raw_args *a)
{
    const char *name = a->template_name ? a->template_name : "default";
    const char *text = envscan_config_template(name);
    if (!text)
        return die_usage("unknown --template '%s' (default, ci, monorepo, huge-files)", name);
    if (a->n_paths > 1)
        return die_usage("%s", "config init takes at most one FILE");
    const char *path = a->n_paths ? a->paths[0] : "envscan.yml";
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "envscan: %s: %s%s\n", path, strerror(errno),
                errno == EEXIST ? " (config init never overwrites a file)" : "");
        return EXIT_ERROR;
    }
    size_t len = strlen(text);
    ssize_t w = write(fd, text, len);
    int err = errno;
    if (close(fd) != 0 || w != (ssize_t)len) {
        fprintf(stderr, "envscan: %s: %s\n", path, strerror(w < 0 ? err : EIO));
        unlink(path);
        return EXIT_ERROR;
    }
    printf("wrote %s (template %s)\n", path, name);
    return EXIT_CLEAN;
}

static int cmd_config_check(envscan_scanner *sc, const raw_args *a)
{
    char *path = NULL;
    if (a->n_paths > 1)
        return die_usage("%s", "config check takes at most one FILE");
    if (a->n_paths) {
        path = strdup(a->paths[0]);
    } else {
        raw_args b = *a;
        b.no_config = false;
        if (config_path(&b, ".", &path) != EXIT_CLEAN)
            return EXIT_ERROR;
    }
    if (!path) {
        fprintf(stderr, "envscan: no config file: neither envscan.yml nor .envscan.yml is here "
                        "('envscan config init' writes one)\n");
        return EXIT_ERROR;
    }
    int rc = EXIT_CLEAN;
    if (envscan_load_config(sc, path) != ENVSCAN_OK) {
        fprintf(stderr, "envscan: %s\n", envscan_last_error(sc));
        rc = EXIT_ERROR;
    } else {
        printf("%s: valid\n", path);
        size_t n = envscan_config_unimplemented_count(sc);
        if (n)
            printf("not implemented yet (read and checked, not acted upon):\n");
        for (size_t i = 0; i < n; i++)
            printf("  %s\n", envscan_config_unimplemented(sc, i));
    }
    free(path);
    return rc;
}

static int write_stdout(void *ctx, const char *data, size_t len);

static int cmd_config_show(envscan_scanner *sc, const char *path)
{
    printf("# config file: %s\n", path ? path : "none");
    if (envscan_config_write(sc, write_stdout, NULL) != ENVSCAN_OK || fflush(stdout) != 0) {
        fprintf(stderr, "envscan: cannot write: %s\n", strerror(errno));
        return EXIT_ERROR;
    }
    return EXIT_CLEAN;
}

int main(int argc, char **argv)
{
    raw_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc == EXIT_CLEAN && strcmp(a.cmd, "kernels") == 0)
        rc = cmd_kernels();
    if (rc != EXIT_CLEAN || strcmp(a.cmd, "kernels") == 0) {
        free_args(&a);
        return rc;
    }

    envscan_scanner *sc = NULL;
    int src = envscan_scanner_create(&sc);
    if (src != ENVSCAN_OK) {
        fprintf(stderr, "envscan: %s (ENVSCAN_KERNELS=%s)\n", envscan_strerror(src),
                getenv("ENVSCAN_KERNELS") ? getenv("ENVSCAN_KERNELS") : "");
        return EXIT_ERROR;
    }
    bool config = strcmp(a.cmd, "config") == 0;
    if (config && strcmp(a.config_cmd, "init") == 0) {
        rc = cmd_config_init(&a);
        envscan_scanner_free(sc);
        free_args(&a);
        return rc;
    }
    if (config && strcmp(a.config_cmd, "check") == 0) {
        rc = cmd_config_check(sc, &a);
        envscan_scanner_free(sc);
        free_args(&a);
        return rc;
    }
    char *config_file = NULL;
    settings st;
    rc = load_settings(sc, &a, &config_file);
    if (rc == EXIT_CLEAN)
        rc = resolve(&a, sc, &st);
    if (rc == EXIT_CLEAN && config) {
        rc = cmd_config_show(sc, config_file);
        free(config_file);
        envscan_scanner_free(sc);
        free_args(&a);
        return rc;
    }
    if (rc == EXIT_CLEAN && config_file)
        note_unimplemented(sc, config_file);
    free(config_file);
    if (rc == EXIT_CLEAN && (a.fix || strcmp(a.cmd, "sync") == 0)) {
        rc = a.fix ? cmd_fix(sc, &a) : cmd_sync(sc, &a);
        envscan_scanner_free(sc);
        free_args(&a);
        return rc;
    }
    envscan_result *res = NULL;
    if (rc == EXIT_CLEAN && strcmp(a.cmd, "parse") == 0) {
        if (a.n_paths != 1) {
            rc = die_usage("%s", "parse takes exactly one FILE ('-' for stdin)");
        } else {
            const char *path = a.paths[0];
            FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
            size_t len = 0;
            char *buf = f ? slurp(f, &len) : NULL;
            if (!buf) {
                fprintf(stderr, "envscan: %s: %s\n", path, strerror(errno ? errno : EIO));
                rc = EXIT_ERROR;
            } else if (envscan_scan_buffer(sc, buf, len, ENVSCAN_FORMAT_DOTENV,
                                           strcmp(path, "-") == 0 ? "<stdin>" : path,
                                           &res) != ENVSCAN_OK) {
                fprintf(stderr, "envscan: %s\n", envscan_last_error(sc));
                rc = EXIT_ERROR;
            }
            if (f && f != stdin)
                fclose(f);
            free(buf);
        }
    }
    stream_ctx sctx = {.st = &st, .status = EXIT_CLEAN};
    uint64_t report_ns = 0;
    if (rc == EXIT_CLEAN && strcmp(a.cmd, "scan") == 0) {
        /* a baseline holds every diagnostic: keep the files for it */
        bool stream = (st.format == ENVSCAN_REPORT_TEXT || st.format == ENVSCAN_REPORT_NDJSON) &&
                      !a.write_baseline;
        if (stream)
            envscan_set_file_callback(sc, on_file, &sctx);
        runinfo_progress prog;
        const bool show = runinfo_progress_wanted(a.progress) &&
                          runinfo_progress_start(&prog, sc) == 0;
        bool stopped = false;
        int src2 = scan_paths(sc, a.paths, a.n_paths, &res, &stopped);
        if (show)
            runinfo_progress_stop(&prog);
        if (stopped) {
            rc = EXIT_INTERRUPTED;
        } else if (src2 != ENVSCAN_OK) {
            if (sctx.write_failed)
                fprintf(stderr, "envscan: cannot write the report: %s\n", strerror(errno));
            else
                fprintf(stderr, "envscan: %s\n", envscan_last_error(sc));
            rc = EXIT_ERROR;
        }
    }
    if (rc == EXIT_CLEAN && strcmp(a.cmd, "inventory") == 0) {
        rc = cmd_inventory(sc, &a, &st);
    } else if (res) {
        struct timespec r0, r1;
        clock_gettime(CLOCK_MONOTONIC, &r0);
        if (envscan_report_file(res, st.format, st.report_flags, stdout) != ENVSCAN_OK) {
            fprintf(stderr, "envscan: cannot write the report: %s\n", strerror(errno));
            rc = EXIT_ERROR;
        } else {
            rc = exit_status(res, &st, sctx.status);
        }
        fflush(stdout);
        clock_gettime(CLOCK_MONOTONIC, &r1);
        /* a streamed text or NDJSON report was written during the scan:
         * its time is in the scan's */
        report_ns = (uint64_t)(r1.tv_sec - r0.tv_sec) * 1000000000u +
                    (uint64_t)(r1.tv_nsec - r0.tv_nsec);
        if (st.format != ENVSCAN_REPORT_TEXT) {
            echo_problems(res, ENVSCAN_SEVERITY_WARNING);
        } else {
            tally_add(&sctx.by_rule, res);
            tally_print(&sctx.by_rule, st.report_flags & ENVSCAN_REPORT_COLOR);
        }
        if (a.write_baseline && rc != EXIT_ERROR)
            rc = write_baseline(res, a.write_baseline);
        if (a.stats)
            runinfo_print_stats(stderr, res, report_ns);
        if (a.metrics && runinfo_write_metrics(a.metrics, res, report_ns, rc) != 0) {
            fprintf(stderr, "envscan: cannot write the metrics to %s: %s\n", a.metrics,
                    strerror(errno));
            rc = EXIT_ERROR;
        }
    }
    tally_free(&sctx.by_rule);
    envscan_result_free(res);
    envscan_scanner_free(sc);
    free_args(&a);
    return rc;
}
