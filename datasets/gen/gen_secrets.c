/*
 * gen_secrets — write a tree with planted secrets and its ground truth.
 *
 *   gen_secrets [--copies N] [--filler F] [--seed S] DIR
 *
 * Writes DIR/tree (which must not exist yet): env files, templates and
 * Kubernetes Secrets that plant every secrets rule's format N times
 * (default 2) under varied keys, beside look-alikes, every rule's false
 * sample and placeholders under keys named like secrets, and F ordinary
 * settings after each rule's lines (default 0: every line planted; a real
 * env file is mostly ordinary settings); and
 * DIR/manifest.tsv, one line per planted value:
 *   path<TAB>line<TAB>key<TAB>expected
 * with path relative to DIR/tree and expected a rule id (a secret) or "-"
 * (must not be reported). The same arguments give byte-identical output.
 *
 * The formats are the rules' own: this program compiles in the rules
 * table (engine/src/secrets/rules.c, data only) and nothing else of the
 * engine, and the planting is gen_secrets_lib's. tests/ scores envscan on
 * such a tree (test_secrets_quality); bench/bench_secrets.sh scores
 * envscan and secretlint on one and times both.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen_secrets_lib.h"
#include "secrets/secrets.h"

static const char usage[] = "usage: gen_secrets [--copies N] [--filler F] [--seed S] DIR\n"
                            "  --copies N  plantings of each rule's format (default 2)\n"
                            "  --filler F  ordinary settings after each rule's lines (default 0)\n"
                            "  --seed S    generator seed (default 0x5ec7e75)\n";

int main(int argc, char **argv)
{
    unsigned long copies = 2, filler = 0;
    unsigned long long seed = 0x5ec7e75ull;
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        char *end = NULL;
        if (strcmp(argv[i], "--copies") == 0 && i + 1 < argc) {
            copies = strtoul(argv[++i], &end, 0);
            if (*end || copies == 0 || copies > 10000)
                return fprintf(stderr, "gen_secrets: bad --copies\n%s", usage), 2;
        } else if (strcmp(argv[i], "--filler") == 0 && i + 1 < argc) {
            filler = strtoul(argv[++i], &end, 0);
            if (*end || filler > 100000)
                return fprintf(stderr, "gen_secrets: bad --filler\n%s", usage), 2;
        } else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            seed = strtoull(argv[++i], &end, 0);
            if (*end)
                return fprintf(stderr, "gen_secrets: bad --seed\n%s", usage), 2;
        } else if (strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if (argv[i][0] == '-' || dir) {
            return fprintf(stderr, "gen_secrets: unexpected '%s'\n%s", argv[i], usage), 2;
        } else {
            dir = argv[i];
        }
    }
    if (!dir)
        return fprintf(stderr, "%s", usage), 2;
    size_t n = 0;
    const es_secret_rule *r = es_secret_rules(&n);
    gs_rule *g = calloc(n, sizeof *g);
    if (!g)
        return perror("gen_secrets"), 1;
    for (size_t i = 0; i < n; i++)
        g[i] = (gs_rule){r[i].row.id, r[i].shape, r[i].no, r[i].key};
    char tree[4096], mpath[4096];
    snprintf(tree, sizeof tree, "%s/tree", dir);
    snprintf(mpath, sizeof mpath, "%s/manifest.tsv", dir);
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return perror(dir), 1;
    if (mkdir(tree, 0755) != 0)
        return perror(tree), 1;
    FILE *m = fopen(mpath, "w");
    if (!m)
        return perror(mpath), 1;
    if (gs_plant_tree(tree, g, n, (unsigned)copies, (unsigned)filler, seed, m) != 0)
        return perror("gen_secrets: planting"), 1;
    if (fclose(m) != 0)
        return perror(mpath), 1;
    free(g);
    return 0;
}
