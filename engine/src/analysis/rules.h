/*
 * rules.h — the table of diagnostics: one row per code a diagnostic can
 * carry (the readers' problems and the findings alike), with its default
 * severity, a one-line summary and the page of docs/ that explains it.
 * Reports (SARIF rules, help text, docs) read it; analyses look their rows
 * up instead of repeating ids and severities. A code the engine emits that
 * has no row is a bug (tests/engine/test_rules.c checks the sources).
 */
#ifndef ENVSCAN_RULES_H
#define ENVSCAN_RULES_H

#include <stddef.h>

#include "envscan.h"

typedef struct es_rule {
    const char *id;            /* kebab-case, stable: the diagnostic code */
    envscan_severity severity; /* default severity (a diagnostic may carry
                                  another one: see docs/schema.md)        */
    const char *summary;       /* one line, no trailing period            */
    const char *doc;           /* the page of docs/ that explains it      */
} es_rule;

/* The row for `id`, or NULL. */
const es_rule *es_rule_find(const char *id);
/* All rows, in table order; *n gets their number. */
const es_rule *es_rules(size_t *n);

#endif
