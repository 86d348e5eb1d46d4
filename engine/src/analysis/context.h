/*
 * context.h — the environments of a scan, and the order in which the
 * places that define a variable override each other in each one
 * (docs/analysis.md, "Environments and effective values").
 *
 * An environment ("context") is what one program is started with:
 *   - a directory's .env files for one mode, in node's layering
 *     (.env < .env.local < .env.MODE < .env.MODE.local; no .env.local
 *     for the mode `test`), plus a `default` one without a mode;
 *   - a compose service: its env_file files in order, then environment:;
 *   - a Kubernetes container: its envFrom objects in order, then env:;
 *   - a systemd unit section: Environment=, then its EnvironmentFile=
 *     files in order (systemd lets the files win);
 *   - any other file and scope (a Dockerfile stage, a workflow job, a
 *     shell script, an env file no layering names): its own definitions.
 * Templates (.env.example, ...) are in none: nothing loads them.
 *
 * The caller owns the data: the cross-file analysis feeds what it keeps
 * of a (possibly streamed) scan, the inventory feeds a result's records.
 * Both read the same chains, so `conflict` and the effective values can
 * never disagree.
 */
#ifndef ES_CONTEXT_H
#define ES_CONTEXT_H

#include "internal.h"

/* One definition, as the caller keeps it. */
typedef struct es_cdef {
    uint32_t key;      /* the caller's key id                          */
    uint32_t line, col;
    uint32_t flags;    /* ENVSCAN_RECORD_*                             */
    uint16_t format;   /* of the record (a YAML file's objects are
                          Kubernetes ones)                            */
    const char *scope; /* NULL when none                               */
    uint64_t vhash;    /* XXH3 of the value, when `concrete`           */
    bool concrete;     /* a literal value: no reference, no template,
                          not passed through, not supplied elsewhere  */
    size_t record;     /* index in the result, or SIZE_MAX            */
} es_cdef;

/* One file with definitions, in the caller's (path) order. */
typedef struct es_cfile {
    const char *path;
    uint16_t format; /* of the file                                    */
    bool is_template;
    const es_cdef *defs; /* in position order */
    size_t n_defs;
} es_cfile;

typedef enum es_context_kind {
    ES_CONTEXT_DOTENV = 1,
    ES_CONTEXT_COMPOSE = 2,
    ES_CONTEXT_KUBERNETES = 3,
    ES_CONTEXT_SYSTEMD = 4,
    ES_CONTEXT_FILE = 5
} es_context_kind;

typedef struct es_context {
    es_context_kind kind;
    uint32_t file;     /* DOTENV: the directory's first env file; else the
                          file the environment is written in          */
    size_t dir_len;    /* DOTENV: path[0, dir_len) is the directory    */
    const char *scope; /* DOTENV: the mode ("" for the default one);
                          else the service, container, section, or NULL */
} es_context;

/* A member of a chain: a definition and the file it is in. */
typedef struct es_clink {
    const es_cdef *def;
    uint32_t file;
} es_clink;

typedef struct es_context_sink {
    void *ctx;
    /* a new context; the chains that follow are its own */
    int (*context)(void *ctx, const es_context *c);
    /* one key of the current context: every definition that sets it,
     * lowest priority first (the last one wins), one per layer (a
     * layer's last definition of the key) */
    int (*chain)(void *ctx, uint32_t key, const es_clink *chain, size_t n);
    /* the key id of PREFIX+KEY (Kubernetes envFrom `prefix`); ENVSCAN_OK
     * and *out set, or an error */
    int (*prefixed)(void *ctx, const char *prefix, uint32_t key, uint32_t *out);
} es_context_sink;

/* Walk every context of `files`, resolving `links` (a result's links;
 * their file and target_file are matched by path). Chains come in key-id
 * order within a context; contexts in file order. Returns ENVSCAN_OK, a
 * sink's error, or ENVSCAN_E_NOMEM. */
int es_contexts_run(const es_cfile *files, size_t n_files, const envscan_link *links,
                    size_t n_links, const es_context_sink *sink);

/* The layer of a .env file's base name in node's order: 0 `.env`,
 * 1 `.env.local`, 2 `.env.MODE`, 3 `.env.MODE.local`, or -1 for a name
 * outside it; *mode and *mode_len get MODE ("" for layers 0 and 1). */
int es_dotenv_layer(const char *base, const char **mode, size_t *mode_len);

/* Is this definition's value a literal that can be compared? */
bool es_cdef_concrete(const envscan_record *r);

/* "app/ (production)", "compose.yaml service web", ...: into the arena. */
const char *es_context_name(es_arena *a, const es_context *c, const es_cfile *files);

#endif
