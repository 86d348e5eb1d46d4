/*
 * test_secrets_quality — recall and precision of the default secrets rules
 * on a planted tree (datasets/gen/gen_secrets_lib.h): every rule's format
 * planted under varied keys, in env files, templates and a Kubernetes
 * Secret, beside look-alikes, false samples, placeholders and ordinary
 * settings (four after each rule's lines), with a
 * ground-truth manifest. A planted secret counts as found when a secret-*
 * diagnostic sits on its file, line and key (whatever the rule; how often
 * the rule is the planted one is printed too); any other secret-*
 * diagnostic is a false alarm. Needs recall >= 0.99, precision >= 0.98.
 * Usage: test_secrets_quality WORKDIR [COPIES]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "envscan.h"
#include "gen_secrets_lib.h"
#include "secrets/secrets.h"

typedef struct truth {
    char *path, *key, *expect;
    unsigned line;
    int hit;        /* diagnostics on it */
    int right_rule; /* one of them is the expected rule */
} truth;

static int ends_with_path(const char *file, const char *rel)
{
    size_t a = strlen(file), b = strlen(rel);
    return a >= b && strcmp(file + a - b, rel) == 0 && (a == b || file[a - b - 1] == '/');
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    if (envscan_secrets_status(NULL) != ENVSCAN_OK)
        return 77;
    unsigned copies = argc > 2 ? (unsigned)atoi(argv[2]) : 2;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/planted-XXXXXX", argv[1]);
    if (!mkdtemp(dir)) {
        perror(dir);
        return 2;
    }
    size_t n = 0;
    const es_secret_rule *r = es_secret_rules(&n);
    gs_rule *g = calloc(n, sizeof *g);
    for (size_t i = 0; i < n; i++)
        g[i] = (gs_rule){r[i].row.id, r[i].shape, r[i].no, r[i].key};
    char mpath[1100];
    snprintf(mpath, sizeof mpath, "%s/manifest.tsv", dir);
    FILE *m = fopen(mpath, "w+");
    CHECK(m != NULL, "manifest");
    if (!m)
        return 1;
    /* the tree goes in dir/tree, so the manifest is not scanned */
    char tree[1100];
    snprintf(tree, sizeof tree, "%s/tree", dir);
    CHECK(mkdir(tree, 0755) == 0, "mkdir %s", tree);
    CHECK(gs_plant_tree(tree, g, n, copies, 4, 0x5ec7e75ull, m) == 0, "plant the tree");
    rewind(m);
    truth *t = NULL;
    size_t nt = 0, cap = 0;
    char line[8192];
    while (fgets(line, sizeof line, m)) {
        char *f[4];
        char *p = line;
        for (int k = 0; k < 4; k++) {
            f[k] = p;
            p = strpbrk(p, k < 3 ? "\t" : "\n");
            if (p)
                *p++ = '\0';
            else
                p = f[k] + strlen(f[k]);
        }
        if (nt == cap)
            t = realloc(t, (cap = cap ? cap * 2 : 256) * sizeof *t);
        t[nt++] = (truth){strdup(f[0]), strdup(f[2]), strdup(f[3]), (unsigned)atoi(f[1]), 0, 0};
    }
    fclose(m);

    envscan_scanner *sc = NULL;
    CHECK(envscan_scanner_create(&sc) == ENVSCAN_OK, "scanner");
    envscan_set_option(sc, ENVSCAN_OPT_ANALYSIS, 0);
    const char *paths[] = {tree};
    envscan_result *res = NULL;
    CHECK(envscan_scan_paths(sc, paths, 1, &res) == ENVSCAN_OK, "scan: %s",
          envscan_last_error(sc));
    size_t fp = 0, diags = 0;
    for (size_t i = 0; res && i < envscan_result_diagnostic_count(res); i++) {
        const envscan_diagnostic *d = envscan_result_diagnostic(res, i);
        if (strncmp(d->code, "secret-", 7) != 0 || strcmp(d->code, "secret-base64") == 0)
            continue;
        diags++;
        int matched = 0;
        for (size_t j = 0; j < nt; j++) {
            if (t[j].line != d->line || !d->key || strcmp(t[j].key, d->key) != 0 ||
                !ends_with_path(d->file, t[j].path))
                continue;
            matched = 1;
            if (strcmp(t[j].expect, "-") == 0) {
                fp++;
                fprintf(stderr, "false alarm: %s:%u %s [%s]\n", t[j].path, t[j].line, t[j].key,
                        d->code);
            } else {
                t[j].hit++;
                t[j].right_rule |= strcmp(t[j].expect, d->code) == 0;
            }
        }
        if (!matched) {
            fp++;
            fprintf(stderr, "false alarm (not planted): %s:%u %s [%s]\n", d->file, d->line,
                    d->key ? d->key : "", d->code);
        }
    }
    size_t pos = 0, tp = 0, right = 0, neg = 0;
    for (size_t j = 0; j < nt; j++) {
        if (strcmp(t[j].expect, "-") == 0) {
            neg++;
            continue;
        }
        pos++;
        tp += t[j].hit > 0;
        right += t[j].right_rule;
        if (!t[j].hit)
            fprintf(stderr, "missed: %s:%u %s (%s)\n", t[j].path, t[j].line, t[j].key,
                    t[j].expect);
    }
    double recall = pos ? (double)tp / (double)pos : 0;
    double precision = tp + fp ? (double)tp / (double)(tp + fp) : 0;
    printf("planted %zu secrets and %zu non-secrets over %zu rules; %zu secret findings\n", pos,
           neg, n, diags);
    printf("recall %.4f (%zu/%zu), precision %.4f (%zu false alarms), right rule %.4f\n", recall,
           tp, pos, precision, fp, pos ? (double)right / (double)pos : 0);
    CHECK(pos >= n, "every rule planted (%zu of %zu)", pos, n);
    CHECK(neg >= 2 * n, "look-alikes and placeholders planted (%zu)", neg);
    CHECK(recall >= 0.99, "recall %.4f < 0.99", recall);
    CHECK(precision >= 0.98, "precision %.4f < 0.98", precision);
    envscan_result_free(res);
    envscan_scanner_free(sc);
    for (size_t j = 0; j < nt; j++) {
        free(t[j].path);
        free(t[j].key);
        free(t[j].expect);
    }
    free(t);
    free(g);
    if (!getenv("ENVSCAN_KEEP_TREE")) {
        char cmd[1200];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", dir);
    } else {
        printf("tree and manifest kept in %s\n", dir);
    }
    return failures != 0;
}
