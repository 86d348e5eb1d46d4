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
    {"drift", ENVSCAN_SEVERITY_WARNING,
     "an env file and the template of its directory (.env.example, ...) disagree on a key"},

    /* dotenv lint (engine/src/analysis/) */
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
