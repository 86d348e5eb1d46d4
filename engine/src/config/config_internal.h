/*
 * config_internal.h — the structs libcyaml loads envscan.yml into
 * (config.c's schema) and what api.c reads of a parsed config. Optional
 * values are pointers: NULL when the file does not give them.
 */
#ifndef ES_CONFIG_INTERNAL_H
#define ES_CONFIG_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "secrets/secrets.h"

typedef struct cfg_scan {
    char **include;
    unsigned include_count;
    char **exclude;
    unsigned exclude_count;
    char **env_names;
    unsigned env_names_count;
    int *dialect;
    bool *follow_symlinks;
    char *max_file_size;
    bool *hidden;
    bool *ignore_files;
} cfg_scan;

typedef struct cfg_allow {
    char **paths;
    unsigned paths_count;
    char **values;
    unsigned values_count;
    char **keys;
    unsigned keys_count;
} cfg_allow;

typedef struct cfg_custom_raw {
    char *id, *title;
    int *severity;
    char **keywords;
    unsigned keywords_count;
    char *pattern;
    double *min_entropy;
    bool *need_key;
} cfg_custom_raw;

typedef struct cfg_secrets {
    cfg_custom_raw *custom;
    unsigned custom_count;
} cfg_secrets;

typedef struct cfg_rules {
    char **enable;
    unsigned enable_count;
    char **disable;
    unsigned disable_count;
    cfg_allow *allowlist;
    cfg_secrets *secrets;
} cfg_rules;

typedef struct cfg_perf {
    char *threads;
    int *affinity;
    int *io;
    char *chunk_size;
    char *mmap_threshold;
    int *performance_mode;
    bool *memory_optimization;
    bool *cache_optimization;
} cfg_perf;

typedef struct cfg_cache {
    char *dir;
    char *max_size;
    bool *enabled;
} cfg_cache;

typedef struct cfg_thresholds {
    unsigned *max_response_time_ms;
    unsigned *max_memory_usage_mb;
    double *min_throughput;
} cfg_thresholds;

typedef struct cfg_bench {
    bool *enabled;
    unsigned *interval_seconds;
    cfg_thresholds *thresholds;
} cfg_bench;

typedef struct cfg_file {
    cfg_scan *scan;
    cfg_rules *rules;
    cfg_perf *performance;
    cfg_cache *cache;
    cfg_bench *benchmarking;
} cfg_file;

/* What the file loaded into (NULL for an empty file). */
const cfg_file *es_config_file(const es_config *c);
/* performance: auto */
bool es_config_perf_auto(const es_config *c);
/* The custom rules and allowlists, compiled (owned by the config). */
const es_secret_policy *es_config_policy(const es_config *c);

#endif
