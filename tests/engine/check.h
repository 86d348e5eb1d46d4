/*
 * check.h — the assertion of the engine tests: count a failure, say where
 * and why, go on (so one run reports every failed check).
 */
#ifndef ES_TEST_CHECK_H
#define ES_TEST_CHECK_H

#include <stdio.h>

static int failures;

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                    \
            fprintf(stderr, "\n");                                           \
            failures++;                                                      \
        }                                                                    \
    } while (0)

#endif
