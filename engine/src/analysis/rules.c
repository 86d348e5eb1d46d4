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

    /* cross-file analysis (engine/src/analysis/) */

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
