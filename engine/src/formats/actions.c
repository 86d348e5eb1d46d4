/*
 * actions.c — GitHub Actions workflows (YAML under .github/workflows/).
 *
 * Definitions: the `env:` mappings of the workflow (scope "workflow"), of
 * each job ("job <id>"), of a job's container ("job <id> / container") and
 * services ("job <id> / service <name>"), and of each step
 * ("job <id> / step <name>", or "step <n>", 1-based, for a step without a
 * name). Values as written; a null value is the empty string; a value
 * holding an expression is flagged `templated`. An `env:` that is itself
 * an expression (`env: ${{ fromJSON(...) }}`) is an `env-expression` info
 * diagnostic: its keys are known only when the workflow runs.
 *
 * References: inside every `${{ ... }}` of every value in the file, the
 * contexts env.NAME, secrets.NAME and vars.NAME (also written
 * env['NAME']; context names in any case). The key is NAME for env, and
 * "secrets.NAME" / "vars.NAME" for the others (they are repository
 * settings, not environment variables, and must not be confused with
 * one); the position is the `$` of the expression; the scope is the
 * innermost job or step whose text holds it, else "workflow".
 */
#include <string.h>
#include <strings.h>

#include "yaml_fmt.h"

#define FMT ENVSCAN_FORMAT_ACTIONS

static void env_map(ys_ctx *c, const es_ynode *env, const char *scope)
{
    if (!env || es_yaml_is_null(env))
        return;
    if (env->kind == ES_YN_SCALAR) {
        es_sink_diag(c->sink, ENVSCAN_SEVERITY_INFO, "env-expression", env->line, env->col, 0,
                     "%s: env is an expression; its variables are known only when the "
                     "workflow runs",
                     scope);
        return;
    }
    if (env->kind != ES_YN_MAP) {
        ys_shape(c, env, "%s: env is not a mapping", scope);
        return;
    }
    for (size_t i = 0; i < env->len; i++) {
        ys_kv kv;
        if (!ys_pair(c, env, i, scope, &kv))
            continue;
        ys_def(c, FMT, scope, kv.k, kv.s ? kv.s : "", kv.n, kv.fl);
    }
}

static bool ident(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '-';
}

static const struct {
    const char *name, *prefix;
} contexts[] = {{"env", ""}, {"secrets", "secrets."}, {"vars", "vars."}};

/* Context references in the expression s[from, to) of scalar n, whose
 * `${{` starts at `at`. */
static void expression(ys_ctx *c, const es_ynode *n, size_t at, size_t from, size_t to,
                       const char *scope)
{
    const char *s = n->s;
    for (size_t i = from; i < to;) {
        if (s[i] == '\'') { /* a string literal ('' escapes a quote) */
            for (i++; i < to; i++)
                if (s[i] == '\'' && !(i + 1 < to && s[i + 1] == '\'' && ++i))
                    break;
            i++;
            continue;
        }
        if (!ident(s[i]) || (i > from && (ident(s[i - 1]) || s[i - 1] == '.'))) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < to && ident(s[j]))
            j++;
        for (size_t k = 0; k < sizeof contexts / sizeof contexts[0]; k++) {
            size_t cl = strlen(contexts[k].name);
            if (j - i != cl || strncasecmp(s + i, contexts[k].name, cl) != 0)
                continue;
            size_t ns = 0, ne = 0;
            if (j + 1 < to && s[j] == '.' && ident(s[j + 1])) {
                ns = j + 1;
                for (ne = ns; ne < to && ident(s[ne]);)
                    ne++;
            } else if (j + 2 < to && s[j] == '[' && (s[j + 1] == '\'' || s[j + 1] == '"')) {
                const char *q = memchr(s + j + 2, s[j + 1], to - j - 2);
                if (q && q > s + j + 2) {
                    ns = j + 2;
                    ne = (size_t)(q - s);
                }
            }
            if (ne > ns) {
                uint32_t line, col;
                es_yaml_pos(c->doc, n, at, &line, &col);
                size_t pl = strlen(contexts[k].prefix), kl = pl + ne - ns;
                char *key = es_arena_alloc(c->doc->arena, kl + 1);
                if (!key) {
                    c->oom = true;
                    return;
                }
                memcpy(key, contexts[k].prefix, pl);
                memcpy(key + pl, s + ns, ne - ns);
                key[kl] = '\0';
                ys_add(c, FMT, ENVSCAN_KIND_REFERENCE, scope, key, kl, NULL, 0, line, col, 0);
                j = ne;
            }
            break;
        }
        i = j;
    }
}

static void references(ys_ctx *c, const es_ynode *n, const char *scope)
{
    const char *s = n->s;
    for (size_t i = 0; i + 3 <= n->len;) {
        const char *p = memmem(s + i, n->len - i, "${{", 3);
        if (!p)
            return;
        size_t at = (size_t)(p - s);
        const char *e = memmem(p + 3, n->len - at - 3, "}}", 2);
        size_t end = e ? (size_t)(e - s) : n->len;
        expression(c, n, at, at + 3, end, scope);
        i = e ? end + 2 : n->len;
    }
}

void ys_actions(ys_ctx *c)
{
    const es_yaml_doc *d = c->doc;
    const es_ynode *root = ys_root_map(c, "workflow");
    if (!root)
        return;
    const char *wf = ys_str(c, "workflow");
    if (!wf)
        return;
    env_map(c, es_yaml_get(root, "env"), wf);
    const es_ynode *jobs = es_yaml_get(root, "jobs");
    size_t cap = 1, nj = 0, ns = 0;
    if (jobs && jobs->kind == ES_YN_MAP)
        for (size_t i = 0; i < jobs->len; i++) {
            const es_ynode *steps = es_yaml_get(jobs->items[2 * i + 1], "steps");
            cap += 1 + (steps && steps->kind == ES_YN_SEQ ? steps->len : 0);
        }
    ys_range *jr = es_arena_alloc(d->arena, cap * sizeof *jr);
    ys_range *sr = es_arena_alloc(d->arena, cap * sizeof *sr);
    if (!jr || !sr) {
        c->oom = true;
        return;
    }
    for (size_t i = 0; jobs && jobs->kind == ES_YN_MAP && i < jobs->len; i++) {
        const es_ynode *k = jobs->items[2 * i], *job = jobs->items[2 * i + 1];
        if (k->kind != ES_YN_SCALAR || job->kind != ES_YN_MAP)
            continue;
        const char *js = ys_str(c, "job %s", k->s);
        if (!js)
            return;
        jr[nj++] = (ys_range){job->start, job->end, js};
        env_map(c, es_yaml_get(job, "env"), js);
        const es_ynode *ct = es_yaml_get(job, "container");
        if (ct && ct->kind == ES_YN_MAP)
            env_map(c, es_yaml_get(ct, "env"), ys_str(c, "job %s / container", k->s));
        const es_ynode *svcs = es_yaml_get(job, "services");
        for (size_t s = 0; svcs && svcs->kind == ES_YN_MAP && s < svcs->len; s++) {
            const es_ynode *sk = svcs->items[2 * s], *sv = svcs->items[2 * s + 1];
            if (sk->kind == ES_YN_SCALAR && sv->kind == ES_YN_MAP)
                env_map(c, es_yaml_get(sv, "env"), ys_str(c, "job %s / service %s", k->s, sk->s));
        }
        const es_ynode *steps = es_yaml_get(job, "steps");
        for (size_t s = 0; steps && steps->kind == ES_YN_SEQ && s < steps->len; s++) {
            const es_ynode *st = steps->items[s];
            if (st->kind != ES_YN_MAP)
                continue;
            const char *name = ys_s(es_yaml_get(st, "name"));
            const char *ss = name ? ys_str(c, "job %s / step %s", k->s, name)
                                  : ys_str(c, "job %s / step %zu", k->s, s + 1);
            if (!ss)
                return;
            sr[ns++] = (ys_range){st->start, st->end, ss};
            env_map(c, es_yaml_get(st, "env"), ss);
        }
    }
    ys_ranges_sort(jr, nj);
    ys_ranges_sort(sr, ns);
    for (size_t i = 0; i < d->n_scalars; i++) {
        const es_ynode *n = d->scalars[i];
        if (n->is_key || n->len < 3 || !memmem(n->s, n->len, "${{", 3))
            continue;
        const char *scope = ys_range_find(sr, ns, n->start);
        if (!scope)
            scope = ys_range_find(jr, nj, n->start);
        references(c, n, scope ? scope : wf);
    }
}
