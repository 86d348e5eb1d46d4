/*
 * rules.c — the one table of finding rules (see rules.h). Grouped by the
 * module that reports them; ids are unique across the table (a test checks).
 */
#include <string.h>

#include "rules.h"

static const es_rule rules[] = {
    /* dotenv parser (engine/src/formats/dotenv.c) */
    {"duplicate-key", ENVSCAN_SEVERITY_WARNING,
     "a key is defined twice in one file; the last definition wins"},

    /* cross-file analysis (engine/src/analysis/analysis.c) */
    {"missing", ENVSCAN_SEVERITY_WARNING,
     "a variable is read (in code, or by a reference without a default) but no scanned file "
     "defines it"},
    {"unused", ENVSCAN_SEVERITY_INFO,
     "a variable is defined in an env file but no scanned code or file reads it"},
    {"unused-unchecked", ENVSCAN_SEVERITY_INFO,
     "unused definitions are not reported because the scan read no source code"},
    {"dotenv-committed", ENVSCAN_SEVERITY_WARNING,
     "an env file that holds values is tracked by git, or no ignore rule keeps it out"},
    {"conflict", ENVSCAN_SEVERITY_WARNING,
     "two places a compose service, a container or a unit is made of set one key to different "
     "values; only one reaches the program"},
    {"drift", ENVSCAN_SEVERITY_WARNING,
     "an env file and the template of its directory (.env.example, ...) disagree on a key"},

    /* dotenv lint (engine/src/analysis/lint.c, docs/lint.md) */
    {"lint-ending-blank-line", ENVSCAN_SEVERITY_INFO,
     "the file does not end with a line break"},
    {"lint-extra-blank-line", ENVSCAN_SEVERITY_INFO, "two blank lines in a row"},
    {"lint-incorrect-delimiter", ENVSCAN_SEVERITY_WARNING,
     "a key holds a character other than [A-Za-z0-9_], which a shell cannot name"},
    {"lint-key-without-value", ENVSCAN_SEVERITY_WARNING,
     "a key without '='; readers disagree whether it is defined"},
    {"lint-leading-character", ENVSCAN_SEVERITY_WARNING,
     "a key starts with something other than a letter or '_', or the line is indented"},
    {"lint-lowercase-key", ENVSCAN_SEVERITY_INFO, "a key has lowercase letters"},
    {"lint-quote-character", ENVSCAN_SEVERITY_INFO, "a value is quoted but needs no quotes"},
    {"lint-space-character", ENVSCAN_SEVERITY_WARNING, "white space around '='"},
    {"lint-substitution-key", ENVSCAN_SEVERITY_WARNING,
     "a '${' without a well-formed NAME and closing '}'"},
    {"lint-trailing-whitespace", ENVSCAN_SEVERITY_INFO, "white space at the end of a line"},
    {"lint-unordered-key", ENVSCAN_SEVERITY_INFO,
     "a key sorts before the key above it in its group"},
    {"lint-value-without-quotes", ENVSCAN_SEVERITY_WARNING,
     "an unquoted value holds white space"},
    {"lint-unknown-rule", ENVSCAN_SEVERITY_WARNING,
     "an envscan:ignore comment names a rule that does not exist"},
    {"lint-portability", ENVSCAN_SEVERITY_INFO,
     "node's dotenv and python-dotenv read a definition differently"},
};

const es_rule *es_rules(size_t *n)
{
    *n = sizeof rules / sizeof rules[0];
    return rules;
}

const es_rule *es_rule_find(const char *id)
{
    for (size_t i = 0; id && i < sizeof rules / sizeof rules[0]; i++)
        if (strcmp(rules[i].id, id) == 0)
            return &rules[i];
    return NULL;
}
