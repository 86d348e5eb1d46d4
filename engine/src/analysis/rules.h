/*
 * rules.h — the table of findings: one row per rule id (the diagnostic
 * code a finding carries), with its default severity and a one-line
 * summary. Reports (SARIF rules, help text, docs) read it; analyses look
 * their rows up instead of repeating ids and severities.
 */
#ifndef ENVSCAN_RULES_H
#define ENVSCAN_RULES_H

#include "envscan.h"

typedef struct es_rule {
    const char *id;            /* kebab-case, stable: the diagnostic code */
    envscan_severity severity; /* default severity                        */
    const char *summary;       /* one line, no trailing period            */
} es_rule;

/* The row for `id`, or NULL. */
const es_rule *es_rule_find(const char *id);
/* All rows, in table order; *n gets their number. */
const es_rule *es_rules(size_t *n);

#endif
