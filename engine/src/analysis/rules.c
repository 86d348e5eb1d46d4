/*
 * rules.c — the one table of diagnostic codes (see rules.h). Grouped by
 * the module that reports them; ids are unique across the table, and every
 * code the engine emits has its row (tests/engine/test_rules.c checks both).
 */
#include <string.h>

#include "rules.h"
#include "secrets/secrets.h"

#define W ENVSCAN_SEVERITY_WARNING
#define E ENVSCAN_SEVERITY_ERROR
#define I ENVSCAN_SEVERITY_INFO

static const es_rule rules[] = {
    /* reading files (engine/src/api.c, io/walk) */
    {"io-error", E, "a file or directory cannot be read", "schema.md"},
    {"parse-error", E, "the reader gave up on a file (out of memory)", "schema.md"},
    {"binary-skipped", I, "a NUL byte in the first 64 bytes: the file is not parsed",
     "schema.md"},
    {"special-file", W, "a FIFO, socket or device with an env file name is never opened",
     "schema.md"},
    {"symlink-loop", W, "a followed symbolic link leads back to an ancestor directory",
     "schema.md"},
    {"too-large", W, "a file over the maximum file size is not read", "schema.md"},

    /* dotenv reader (engine/src/formats/dotenv.c) */
    {"syntax", W,
     "a line or statement the reference reader ignores or refuses (dotenv, shell, Dockerfile, "
     "systemd)",
     "formats.md"},
    {"duplicate-key", W, "a key is defined twice in one file; the last definition wins",
     "dotenv.md"},
    {"proto-key", W, "a __proto__ key, which node's dotenv drops", "dotenv.md"},
    {"bom-in-key", W, "a byte-order mark that python-dotenv keeps in the first key",
     "dotenv.md"},
    {"invalid-utf8", E, "a file python-dotenv cannot read: it is not valid UTF-8", "dotenv.md"},
    {"unterminated-quote", W, "a quote that is never closed", "dotenv.md"},
    {"expand-limit", W, "an expansion stopped: too many steps or too much text", "dotenv.md"},

    /* shell, Dockerfile, systemd (engine/src/formats/) */
    {"unterminated-expansion", W, "a ${, $(, backquote or <( that is never closed",
     "formats.md"},
    {"unterminated-heredoc", W, "a here-document whose delimiter line never comes",
     "formats.md"},
    {"too-deep", E, "shell expansions nested more than 64 deep; the rest of the file is not read",
     "formats.md"},
    {"crlf", W, "a shell script with CRLF line ends (a shell keeps the CR in words)",
     "formats.md"},
    {"ignored-key", W, "a systemd environment key in a section that does not take it",
     "formats.md"},

    /* YAML: compose, Kubernetes, Actions, config (engine/src/formats/yaml*.c) */
    {"yaml-syntax", E, "YAML that cannot be parsed; the rest of the file is not read", "yaml.md"},
    {"helm-template", W, "a template file (Helm, Go) that is not YAML as written", "yaml.md"},
    {"yaml-limit", E, "a bound of the YAML reader: nesting, alias expansion or document size",
     "yaml.md"},
    {"yaml-alias", E, "an alias to an anchor not defined before it", "yaml.md"},
    {"yaml-merge", W, "a << merge key whose value is not a mapping or a list of them",
     "yaml.md"},
    {"unexpected-shape", W, "an element that does not have the shape envscan reads", "yaml.md"},
    {"compose-interpolation", W, "a ${ that docker compose cannot interpolate", "yaml.md"},
    {"secret-base64", W, "a Kubernetes Secret data value that is not valid base64", "yaml.md"},
    {"env-expression", I, "an Actions env: that is an expression, known only at run time",
     "yaml.md"},

    /* links (engine/src/link.c) */
    {"env-file-missing", E, "an env_file that does not exist or is not a regular file",
     "yaml.md"},
    {"env-file-outside", W, "an env_file outside every scanned path is not read", "yaml.md"},
    {"env-file-unresolved", I,
     "an env file path that depends on where the program runs, or is not found in the scan",
     "formats.md"},
    {"config-object-missing", W, "an envFrom ConfigMap or Secret that is not among the scanned "
                                 "objects",
     "yaml.md"},
    {"missing-config-key", W, "a configMapKeyRef or secretKeyRef to a key the object lacks",
     "yaml.md"},

    /* source code (engine/src/usage/) */
    {"usage-syntax", W, "an access to the environment whose key does not end within 1024 bytes",
     "usage.md"},
    {"usage-limit", W, "too many usage-syntax problems in one file; the rest is not scanned",
     "usage.md"},

    /* structured config (engine/src/formats/{ini,properties,json,toml}.c) */
    {"config-syntax", E, "a config file line or value the reference parser refuses",
     "config.md"},
    {"config-limit", E, "config nested too deep; the rest of the file is not read", "config.md"},

    /* cross-file analysis (engine/src/analysis/analysis.c) */
    {"missing", W,
     "a variable is read (in code, or by a reference without a default) but no scanned file "
     "defines it",
     "analysis.md"},
    {"unused", I, "a variable is defined in an env file but no scanned code or file reads it",
     "analysis.md"},
    {"unused-unchecked", I,
     "unused definitions are not reported because the scan read no source code", "analysis.md"},
    {"dotenv-committed", W,
     "an env file that holds values is tracked by git, or no ignore rule keeps it out",
     "analysis.md"},
    {"conflict", W,
     "two places a compose service, a container or a unit is made of set one key to different "
     "values; only one reaches the program",
     "analysis.md"},
    {"drift", W,
     "an env file and the template of its directory (.env.example, ...) disagree on a key",
     "analysis.md"},

    /* dotenv lint (engine/src/analysis/lint.c, docs/lint.md) */
    {"lint-ending-blank-line", I, "the file does not end with a line break", "lint.md"},
    {"lint-extra-blank-line", I, "two blank lines in a row", "lint.md"},
    {"lint-incorrect-delimiter", W,
     "a key holds a character other than [A-Za-z0-9_], which a shell cannot name", "lint.md"},
    {"lint-key-without-value", W, "a key without '='; readers disagree whether it is defined",
     "lint.md"},
    {"lint-leading-character", W,
     "a key starts with something other than a letter or '_', or the line is indented",
     "lint.md"},
    {"lint-lowercase-key", I, "a key has lowercase letters", "lint.md"},
    {"lint-quote-character", I, "a value is quoted but needs no quotes", "lint.md"},
    {"lint-space-character", W, "white space around '='", "lint.md"},
    {"lint-substitution-key", W, "a '${' without a well-formed NAME and closing '}'", "lint.md"},
    {"lint-trailing-whitespace", I, "white space at the end of a line", "lint.md"},
    {"lint-unordered-key", I, "a key sorts before the key above it in its group", "lint.md"},
    {"lint-value-without-quotes", W, "an unquoted value holds white space", "lint.md"},
    {"lint-unknown-rule", W, "an envscan:ignore comment names a rule that does not exist",
     "lint.md"},
    {"lint-portability", I, "node's dotenv and python-dotenv read a definition differently",
     "lint.md"},
};

#undef W
#undef E
#undef I

const es_rule *es_rules(size_t *n)
{
    *n = sizeof rules / sizeof rules[0];
    return rules;
}

/* The secrets rules (secrets/rules.c) are rows of their own table, with
 * patterns and samples beside each id; a `secret-*` id is looked up there. */
const es_rule *es_rule_find(const char *id)
{
    for (size_t i = 0; id && i < sizeof rules / sizeof rules[0]; i++)
        if (strcmp(rules[i].id, id) == 0)
            return &rules[i];
    return es_secret_rule_find(id);
}
