/*
 * gitstate.h — whether git tracks a file (gitstate.c).
 */
#ifndef ES_GITSTATE_H
#define ES_GITSTATE_H

#include <stdbool.h>

typedef enum es_git_answer {
    ES_GIT_NO_REPO = 0,   /* no git work tree above the file            */
    ES_GIT_UNTRACKED = 1, /* in a work tree, not in its index           */
    ES_GIT_TRACKED = 2,   /* in the index: committed or staged          */
    ES_GIT_UNKNOWN = 3    /* the path or the index could not be read     */
} es_git_answer;

typedef struct es_git_state es_git_state;

/* A cache of the repositories met; NULL on OOM. */
es_git_state *es_git_state_create(void);
void es_git_state_free(es_git_state *g);

/* Where `path` (as walked: relative to the working directory, or
 * absolute) stands in the nearest git work tree above it. */
es_git_answer es_git_tracked(es_git_state *g, const char *path);

#endif
