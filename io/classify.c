/*
 * classify.c — which files are env files, by base name alone.
 *
 * The walk calls this for every regular file of a tree, so the common
 * answer ("no") must cost next to nothing: every built-in name contains
 * "env", and one memmem rejects the rest.
 *
 * Built in (case-sensitive, as file systems and .gitignore are):
 *   env, .envrc, .env, *.env (prod.env), .env.* (.env.production,
 *   .env.local, .env.example, .env.sample, .env.template ...) and *.env.*
 *   (x.env.docker).
 * The last two would also catch source code and files of other formats
 * (vite.env.d.ts, app.env.json, .env.sh); they are excluded when the LAST
 * extension (compared case-insensitively) is one of `excluded_ext` below.
 * The list, and why some extensions are deliberately not on it:
 *   - source code: the languages whose files sit beside env files in real
 *     repositories. Ambiguous short ones stay off (pl is also Poland, as in
 *     .env.pl; r, m, d are too short to be sure of).
 *   - shell and other scripts (sh bash zsh fish ksh csh ps1 psm1 bat cmd):
 *     shell syntax, a different grammar from dotenv.
 *   - formats with a grammar of their own: json json5 jsonc yaml yml toml
 *     xml ini properties plist hcl tf tfvars sql csv tsv ipynb, and lock,
 *     map, sum, log, diff, patch.
 *   - documents and markup: md markdown rst adoc html htm css scss sass less
 *     svg tex pdf.
 *   - binaries and archives, which cannot be parsed as text: images,
 *     archives, compiled code, vim swap files (swp swo).
 *   - keys and encrypted files: pem crt cer der p12 pfx gpg asc age.
 * Not excluded, on purpose:
 *   - txt: ".env.txt" is what an editor or a download dialog makes of an
 *     env file; such copies hold the same secrets, and a false positive
 *     costs only parse diagnostics.
 *   - conf, cfg: no fixed grammar; key=value lines are the norm.
 *   - bak old orig backup save tmp copy, and templates (j2 tpl tmpl):
 *     copies of env files are env files.
 *   - keys, vault, enc: dotenvx (.env.keys), dotenv-vault (.env.vault) and
 *     sops (.env.enc) keep dotenv syntax.
 * The caller's globs (base-name globs in gitignore syntax; one containing
 * '/' never matches a base name) add names; they are tried after the
 * built-in names and are not subject to the exclusions.
 */
#include "io_internal.h"

#include <string.h>

static const char *const excluded_ext[] = {
    /* source code */
    "c", "cc", "cjs", "clj", "cpp", "cs", "cts", "cxx", "dart", "elm", "erl",
    "ex", "exs", "go", "groovy", "h", "hh", "hpp", "hs", "hxx", "java", "js",
    "jsx", "kt", "kts", "lua", "mjs", "mts", "php", "py", "pyc", "pyi", "rb",
    "rs", "scala", "svelte", "swift", "ts", "tsx", "vue",
    /* scripts */
    "bash", "bat", "cmd", "csh", "fish", "ksh", "ps1", "psm1", "sh", "zsh",
    /* other formats */
    "csv", "diff", "hcl", "ini", "ipynb", "json", "json5", "jsonc", "lock",
    "log", "map", "patch", "plist", "properties", "sql", "sum", "tf",
    "tfvars", "toml", "tsv", "xml", "yaml", "yml",
    /* documents */
    "adoc", "css", "htm", "html", "less", "markdown", "md", "pdf", "rst",
    "sass", "scss", "svg", "tex",
    /* binaries and archives */
    "7z", "bz2", "class", "dll", "dylib", "exe", "gif", "gz", "ico", "jar",
    "jpeg", "jpg", "png", "rar", "so", "swo", "swp", "tar", "tgz", "war",
    "wasm", "webp", "xz", "zip", "zst",
    /* keys and encrypted files */
    "age", "asc", "cer", "crt", "der", "gpg", "p12", "pem", "pfx",
};

static int ext_excluded(const char *ext, size_t n)
{
    char low[16];
    if (n == 0 || n >= sizeof low)
        return 0;
    for (size_t i = 0; i < n; i++)
        low[i] = (ext[i] >= 'A' && ext[i] <= 'Z') ? (char)(ext[i] + 32) : ext[i];
    for (size_t i = 0; i < sizeof excluded_ext / sizeof excluded_ext[0]; i++)
        if (strlen(excluded_ext[i]) == n && memcmp(excluded_ext[i], low, n) == 0)
            return 1;
    return 0;
}

static int builtin_env_name(const char *s, size_t n)
{
    if (n < 3 || !memmem(s, n, "env", 3))
        return 0;
    if (n == 3) /* contains "env", so is "env" */
        return 1;
    if (n == 6 && memcmp(s, ".envrc", 6) == 0)
        return 1;
    if (n >= 4 && memcmp(s + n - 4, ".env", 4) == 0) /* .env, *.env */
        return 1;
    if (!memmem(s, n, ".env.", 5)) /* .env.*, *.env.* */
        return 0;
    const char *dot = memrchr(s, '.', n);
    return !ext_excluded(dot + 1, n - (size_t)(dot + 1 - s));
}

es_file_class es_classify_compiled(const char *base, size_t len,
                                   es_glob *const *globs, size_t nglobs)
{
    if (builtin_env_name(base, len))
        return ES_CLASS_DOTENV;
    for (size_t i = 0; i < nglobs; i++)
        if (es_glob_match(globs[i], base, len))
            return ES_CLASS_DOTENV;
    return ES_CLASS_NONE;
}

es_file_class es_classify_name(const char *base, const char *const *extra_globs,
                               size_t n_extra)
{
    if (!base)
        return ES_CLASS_NONE;
    size_t len = strlen(base);
    if (builtin_env_name(base, len))
        return ES_CLASS_DOTENV;
    for (size_t i = 0; i < n_extra; i++) {
        if (!extra_globs[i])
            continue;
        es_glob *g = es_glob_compile(extra_globs[i], strlen(extra_globs[i]));
        int hit = g && es_glob_match(g, base, len);
        es_glob_free(g);
        if (hit)
            return ES_CLASS_DOTENV;
    }
    return ES_CLASS_NONE;
}

/* ------------------------------------------------------- other formats */

/* Files of the other formats, by base name. A row matches a name equal
 * to `name`, or starting with `prefix` and ending with `suffix` (either
 * may be empty; the name must be longer than both together, so that
 * "compose.yml" is not "compose" + ".yml" with nothing between, when
 * `prefix` ends in '.' or '-'); suffixes of extensions compare without
 * regard to case. Rows are tried in order: the first match wins, so the
 * specific names come before the extensions that would also match them.
 *
 * What is deliberately not here: *.json, *.toml, *.ini beyond config
 * names (package.json, Cargo.toml, tox.ini would flood a repository's
 * report with build metadata); shell rc files of other shells. */
static const struct row {
    const char *name, *prefix, *suffix;
    size_t name_len, prefix_len, suffix_len; /* the walk asks for every file */
    es_file_class cls;
} rows[] = {
#define NAME(n, c) {n, NULL, NULL, sizeof n - 1, 0, 0, c}
#define AFFIX(p, s, c) {NULL, p, s, 0, sizeof p - 1, sizeof s - 1, c}
    /* shell */
    NAME(".envrc", ES_CLASS_SHELL),
    NAME(".profile", ES_CLASS_SHELL),
    NAME(".bashrc", ES_CLASS_SHELL),
    NAME(".bash_profile", ES_CLASS_SHELL),
    NAME(".zshrc", ES_CLASS_SHELL),
    NAME(".zshenv", ES_CLASS_SHELL),
    NAME(".zprofile", ES_CLASS_SHELL),
    AFFIX("", ".sh", ES_CLASS_SHELL),
    AFFIX("", ".bash", ES_CLASS_SHELL),
    AFFIX("", ".zsh", ES_CLASS_SHELL),
    AFFIX("", ".ksh", ES_CLASS_SHELL),
    /* containers */
    NAME("Dockerfile", ES_CLASS_DOCKERFILE),
    NAME("Containerfile", ES_CLASS_DOCKERFILE),
    AFFIX("Dockerfile.", "", ES_CLASS_DOCKERFILE),
    AFFIX("Containerfile.", "", ES_CLASS_DOCKERFILE),
    AFFIX("", ".Dockerfile", ES_CLASS_DOCKERFILE),
    AFFIX("", ".dockerfile", ES_CLASS_DOCKERFILE),
    NAME("compose.yml", ES_CLASS_COMPOSE),
    NAME("compose.yaml", ES_CLASS_COMPOSE),
    NAME("docker-compose.yml", ES_CLASS_COMPOSE),
    NAME("docker-compose.yaml", ES_CLASS_COMPOSE),
    AFFIX("compose.", ".yml", ES_CLASS_COMPOSE),
    AFFIX("compose.", ".yaml", ES_CLASS_COMPOSE),
    AFFIX("docker-compose.", ".yml", ES_CLASS_COMPOSE),
    AFFIX("docker-compose.", ".yaml", ES_CLASS_COMPOSE),
    AFFIX("docker-compose-", ".yml", ES_CLASS_COMPOSE),
    AFFIX("docker-compose-", ".yaml", ES_CLASS_COMPOSE),
    /* systemd units that take Environment= */
    AFFIX("", ".service", ES_CLASS_SYSTEMD),
    AFFIX("", ".socket", ES_CLASS_SYSTEMD),
    AFFIX("", ".mount", ES_CLASS_SYSTEMD),
    AFFIX("", ".swap", ES_CLASS_SYSTEMD),
    /* YAML: manifests, workflows and config, told apart by the module */
    AFFIX("", ".yml", ES_CLASS_YAML),
    AFFIX("", ".yaml", ES_CLASS_YAML),
    /* structured config, by config-like names only (the bare names need
     * rows of their own: a prefix row wants something between) */
    NAME("appsettings.json", ES_CLASS_JSON),
    NAME("config.json", ES_CLASS_JSON),
    NAME("settings.json", ES_CLASS_JSON),
    AFFIX("appsettings", ".json", ES_CLASS_JSON),
    AFFIX("config", ".json", ES_CLASS_JSON),
    AFFIX("settings", ".json", ES_CLASS_JSON),
    AFFIX("", ".config.json", ES_CLASS_JSON),
    NAME("config.toml", ES_CLASS_TOML),
    NAME("settings.toml", ES_CLASS_TOML),
    AFFIX("config", ".toml", ES_CLASS_TOML),
    AFFIX("settings", ".toml", ES_CLASS_TOML),
    AFFIX("", ".config.toml", ES_CLASS_TOML),
    AFFIX("", ".ini", ES_CLASS_INI),
    AFFIX("", ".cfg", ES_CLASS_INI),
    AFFIX("", ".conf", ES_CLASS_INI),
    AFFIX("", ".properties", ES_CLASS_PROPERTIES),
    /* source code */
    AFFIX("", ".js", ES_CLASS_JAVASCRIPT),
    AFFIX("", ".jsx", ES_CLASS_JAVASCRIPT),
    AFFIX("", ".mjs", ES_CLASS_JAVASCRIPT),
    AFFIX("", ".cjs", ES_CLASS_JAVASCRIPT),
    AFFIX("", ".ts", ES_CLASS_JAVASCRIPT),
    AFFIX("", ".tsx", ES_CLASS_JAVASCRIPT),
    AFFIX("", ".mts", ES_CLASS_JAVASCRIPT),
    AFFIX("", ".cts", ES_CLASS_JAVASCRIPT),
    AFFIX("", ".vue", ES_CLASS_JAVASCRIPT),
    AFFIX("", ".svelte", ES_CLASS_JAVASCRIPT),
    AFFIX("", ".py", ES_CLASS_PYTHON),
    AFFIX("", ".pyi", ES_CLASS_PYTHON),
    AFFIX("", ".go", ES_CLASS_GO),
    AFFIX("", ".java", ES_CLASS_JVM),
    AFFIX("", ".kt", ES_CLASS_JVM),
    AFFIX("", ".kts", ES_CLASS_JVM),
    AFFIX("", ".scala", ES_CLASS_JVM),
    AFFIX("", ".cs", ES_CLASS_CSHARP),
    AFFIX("", ".rb", ES_CLASS_RUBY),
    NAME("Rakefile", ES_CLASS_RUBY),
    NAME("Gemfile", ES_CLASS_RUBY),
    AFFIX("", ".php", ES_CLASS_PHP),
    AFFIX("", ".rs", ES_CLASS_RUST),
    AFFIX("", ".c", ES_CLASS_C),
    AFFIX("", ".h", ES_CLASS_C),
    AFFIX("", ".cc", ES_CLASS_C),
    AFFIX("", ".cpp", ES_CLASS_C),
    AFFIX("", ".cxx", ES_CLASS_C),
    AFFIX("", ".hh", ES_CLASS_C),
    AFFIX("", ".hpp", ES_CLASS_C),
    AFFIX("", ".hxx", ES_CLASS_C),
};
#undef NAME
#undef AFFIX

static int ends_with_nocase(const char *s, size_t n, const char *suf, size_t k)
{
    if (k > n)
        return 0;
    for (size_t i = 0; i < k; i++) {
        char a = s[n - k + i], b = suf[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a + 32);
        if (b >= 'A' && b <= 'Z')
            b = (char)(b + 32);
        if (a != b)
            return 0;
    }
    return 1;
}

es_file_class es_classify_format(const char *base, size_t len, uint64_t enabled)
{
    if (!base || !enabled)
        return ES_CLASS_NONE;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct row *r = &rows[i];
        if (!(enabled & ES_CLASS_BIT(r->cls)))
            continue;
        if (r->name) {
            if (r->name_len == len && memcmp(r->name, base, len) == 0)
                return r->cls;
            continue;
        }
        size_t p = r->prefix_len, k = r->suffix_len;
        if (len > p + k && memcmp(base, r->prefix, p) == 0 &&
            ends_with_nocase(base, len, r->suffix, k))
            return r->cls;
    }
    return ES_CLASS_NONE;
}
