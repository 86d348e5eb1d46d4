/*
 * kubernetes.c — Kubernetes objects (a document with apiVersion and kind).
 *
 * Workloads (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job, CronJob, PodTemplate): in the pod spec, the
 * `env` of every container, init container and ephemeral container.
 *   name + value        a definition (value as written; absent = "")
 *   name + valueFrom    a definition without a value, flagged `indirect`
 *                       (a Secret, ConfigMap, field or resource supplies
 *                       it when the pod starts)
 *   $(VAR) in a value, in command or in args: a reference (`$$` escapes);
 *   flagged `unresolved` when no env entry of the container defines VAR
 *   (before it, for a value) and the container has no envFrom.
 *   envFrom             a link (ENVSCAN_LINK_ENV_FROM) to the ConfigMap or
 *                       Secret, with its prefix; `optional: true` makes it
 *                       not required
 *   valueFrom configMapKeyRef / secretKeyRef: also a link (KEY_REF) with the key
 * ConfigMaps and Secrets are declared with their keys (es_sink_object), so
 * api.c can resolve links to them once the tree is read (engine/src/link.c).
 * ConfigMap: `data` (and base64-decoded `binaryData`). Secret: `data`
 * (base64-decoded, flagged `decoded`; bad base64 = a `secret-base64`
 * warning and the text as written) and `stringData`.
 * Scope: "Kind/name/container" for containers, "Kind/name" otherwise.
 */
#include <string.h>

#include "yaml_fmt.h"

#define FMT ENVSCAN_FORMAT_KUBERNETES

bool ys_is_kubernetes(const es_yaml_doc *d)
{
    return d->root && d->root->kind == ES_YN_MAP &&
           es_yaml_get_kind(d->root, "apiVersion", ES_YN_SCALAR) &&
           es_yaml_get_kind(d->root, "kind", ES_YN_SCALAR);
}

/* Where each workload keeps its pod spec. */
static const struct {
    const char *kind;
    const char *path[6];
} workloads[] = {
    {"Pod", {"spec"}},
    {"Deployment", {"spec", "template", "spec"}},
    {"StatefulSet", {"spec", "template", "spec"}},
    {"DaemonSet", {"spec", "template", "spec"}},
    {"ReplicaSet", {"spec", "template", "spec"}},
    {"ReplicationController", {"spec", "template", "spec"}},
    {"Job", {"spec", "template", "spec"}},
    {"CronJob", {"spec", "jobTemplate", "spec", "template", "spec"}},
    {"PodTemplate", {"template", "spec"}},
};

/* The names an env list defines, for `unresolved`. */
typedef struct names {
    const es_ynode **v;
    size_t n;
    bool env_from;
} names;

static bool defined(const names *nm, size_t upto, const char *s, size_t len)
{
    for (size_t i = 0; i < upto && i < nm->n; i++)
        if (nm->v[i]->len == len && memcmp(nm->v[i]->s, s, len) == 0)
            return true;
    return nm->env_from;
}

/* $(VAR) references in scalar n; VAR must be among the first `upto` names. */
static void dependent(ys_ctx *c, const es_ynode *n, const char *scope, const names *nm,
                      size_t upto)
{
    if (!n || n->kind != ES_YN_SCALAR)
        return;
    const char *s = n->s;
    for (size_t i = 0; i + 1 < n->len;) {
        if (s[i] != '$') {
            i++;
            continue;
        }
        if (s[i + 1] == '$') {
            i += 2;
            continue;
        }
        const char *close = s[i + 1] == '(' ? memchr(s + i + 2, ')', n->len - i - 2) : NULL;
        if (!close || close == s + i + 2) {
            i++;
            continue;
        }
        size_t len = (size_t)(close - (s + i + 2));
        uint32_t line, col;
        es_yaml_pos(c->doc, n, i, &line, &col);
        ys_add(c, FMT, ENVSCAN_KIND_REFERENCE, scope, s + i + 2, len, NULL, 0, line, col,
               defined(nm, upto, s + i + 2, len) ? 0 : ENVSCAN_RECORD_UNRESOLVED);
        i = (size_t)(close - s) + 1;
    }
}

static bool yaml_true(const es_ynode *n)
{
    const char *v = ys_s(n);
    return v && (strcmp(v, "true") == 0 || strcmp(v, "True") == 0 || strcmp(v, "TRUE") == 0);
}

/* A link to a ConfigMap or Secret named in `ref` (configMapRef,
 * secretKeyRef, ...), at node `at`. */
static void object_link(ys_ctx *c, const es_ynode *at, const es_ynode *ref, bool secret,
                        envscan_link_kind kind, const char *scope, const char *ns,
                        const char *prefix, const char *key)
{
    const char *name = ys_s(es_yaml_get(ref, "name"));
    if (!name) {
        ys_shape(c, ref, "%s: a %s reference without a name", scope,
                 secret ? "Secret" : "ConfigMap");
        return;
    }
    const char *target = ys_str(c, "%s/%s", secret ? "Secret" : "ConfigMap", name);
    if (!target)
        return;
    es_link l = {.pub = {.line = at->line, .column = at->col, .scope = scope, .kind = kind,
                         .flags = yaml_true(es_yaml_get(ref, "optional"))
                                      ? 0
                                      : ENVSCAN_LINK_REQUIRED,
                         .target = target, .prefix = prefix, .key = key},
                 .ns = ns, .format = FMT};
    es_sink_link(c->sink, &l);
}

static void env_from(ys_ctx *c, const es_ynode *list, const char *scope, const char *ns)
{
    for (size_t i = 0; list && list->kind == ES_YN_SEQ && i < list->len; i++) {
        const es_ynode *it = list->items[i];
        const es_ynode *cm = es_yaml_get(it, "configMapRef"), *sr = es_yaml_get(it, "secretRef");
        const es_ynode *src = cm ? cm : sr;
        if (!src) {
            ys_shape(c, it, "%s: an envFrom entry with neither configMapRef nor secretRef", scope);
            continue;
        }
        object_link(c, it, src, !cm, ENVSCAN_LINK_ENV_FROM, scope, ns,
                    ys_s(es_yaml_get(it, "prefix")), NULL);
    }
}

/* valueFrom: a key of a ConfigMap or Secret is a link; fields and
 * resources are not. */
static void value_from(ys_ctx *c, const es_ynode *vf, const char *scope, const char *ns)
{
    const es_ynode *cm = es_yaml_get(vf, "configMapKeyRef"), *sk = es_yaml_get(vf, "secretKeyRef");
    const es_ynode *ref = cm ? cm : sk;
    if (!ref)
        return;
    const char *key = ys_s(es_yaml_get(ref, "key"));
    if (!key) {
        ys_shape(c, ref, "%s: a %s without a key", scope, cm ? "configMapKeyRef" : "secretKeyRef");
        return;
    }
    object_link(c, ref, ref, !cm, ENVSCAN_LINK_KEY_REF, scope, ns, NULL, key);
}

static void container(ys_ctx *c, const char *owner, const char *ns, const es_ynode *ct,
                      size_t idx)
{
    const char *cname = ys_s(es_yaml_get(ct, "name"));
    const char *scope = cname ? ys_str(c, "%s/%s", owner, cname)
                              : ys_str(c, "%s/#%zu", owner, idx + 1);
    if (!scope)
        return;
    const es_ynode *env = es_yaml_get(ct, "env"), *ef = es_yaml_get(ct, "envFrom");
    names nm = {.env_from = ef && ef->kind == ES_YN_SEQ && ef->len > 0};
    if (env && env->kind == ES_YN_SEQ) {
        nm.v = es_arena_alloc(c->doc->arena, (env->len + 1) * sizeof *nm.v);
        if (!nm.v) {
            c->oom = true;
            return;
        }
        for (size_t i = 0; i < env->len; i++) {
            const es_ynode *it = env->items[i];
            const es_ynode *name = es_yaml_get(it, "name");
            if (!name || name->kind != ES_YN_SCALAR) {
                ys_shape(c, it, "%s: an env entry without a name", scope);
                continue;
            }
            nm.v[nm.n++] = name;
            const es_ynode *vf = es_yaml_get(it, "valueFrom"), *v = es_yaml_get(it, "value");
            if (vf && !es_yaml_is_null(vf)) {
                ys_def(c, FMT, scope, name, NULL, 0, ENVSCAN_RECORD_INDIRECT);
                value_from(c, vf, scope, ns);
                continue;
            }
            const char *s = "";
            size_t n = 0;
            uint32_t fl = 0;
            if (!es_yaml_is_null(v) && !ys_text(c, v, &s, &n, &fl)) {
                ys_shape(c, v, "%s: the value of %s is not a string", scope, name->s);
                continue;
            }
            ys_def(c, FMT, scope, name, s, n, fl);
            dependent(c, v, scope, &nm, nm.n - 1);
        }
    } else if (env && !es_yaml_is_null(env)) {
        ys_shape(c, env, "%s: env is not a list", scope);
    }
    env_from(c, ef, scope, ns);
    static const char *const cmd[] = {"command", "args"};
    for (size_t k = 0; k < 2; k++) {
        const es_ynode *l = es_yaml_get(ct, cmd[k]);
        for (size_t i = 0; l && l->kind == ES_YN_SEQ && i < l->len; i++)
            dependent(c, l->items[i], scope, &nm, nm.n);
    }
}

static void data_map(ys_ctx *c, const es_ynode *m, const char *scope, const char *field,
                     bool base64)
{
    if (!m || es_yaml_is_null(m))
        return;
    if (m->kind != ES_YN_MAP) {
        ys_shape(c, m, "%s: %s is not a mapping", scope, field);
        return;
    }
    for (size_t i = 0; i < m->len; i++) {
        ys_kv kv;
        if (!ys_pair(c, m, i, scope, &kv))
            continue;
        const char *s = kv.s ? kv.s : "";
        size_t n = kv.n;
        uint32_t fl = kv.fl;
        if (base64 && !(fl & ENVSCAN_RECORD_TEMPLATED)) {
            uint8_t *out = es_arena_alloc(c->doc->arena, n / 4 * 3 + 3);
            if (!out) {
                c->oom = true;
                return;
            }
            long got = es_base64_decode(s, n, out);
            if (got < 0) {
                const es_ynode *v = m->items[2 * i + 1];
                es_sink_diag(c->sink, ENVSCAN_SEVERITY_WARNING, "secret-base64", v->line,
                             v->col, 0, "%s: the %s value of %s is not valid base64; kept as "
                             "written", scope, field, kv.k->s);
            } else {
                s = (const char *)out;
                n = (size_t)got;
                fl = (fl & ~(uint32_t)(ENVSCAN_RECORD_QUOTED | ENVSCAN_RECORD_MULTILINE)) |
                     ENVSCAN_RECORD_DECODED | (memchr(s, '\n', n) ? ENVSCAN_RECORD_MULTILINE : 0);
            }
        }
        ys_def(c, FMT, scope, kv.k, s, n, fl);
    }
}

/* Declare a ConfigMap or Secret with its keys, for the links that name
 * it (engine/src/link.c). */
static void declare(ys_ctx *c, const es_ynode *root, const char *kind, const char *name,
                    const char *ns, bool secret)
{
    const es_ynode *maps[2] = {es_yaml_get(root, "data"),
                               es_yaml_get(root, secret ? "stringData" : "binaryData")};
    size_t n = 0;
    for (size_t m = 0; m < 2; m++)
        n += maps[m] && maps[m]->kind == ES_YN_MAP ? maps[m]->len : 0;
    const char **keys = es_arena_alloc(c->doc->arena, (n ? n : 1) * sizeof *keys);
    if (!keys) {
        c->oom = true;
        return;
    }
    size_t k = 0;
    for (size_t m = 0; m < 2; m++)
        for (size_t i = 0; maps[m] && maps[m]->kind == ES_YN_MAP && i < maps[m]->len; i++)
            if (ys_s(maps[m]->items[2 * i]))
                keys[k++] = maps[m]->items[2 * i]->s;
    es_sink_object(c->sink, kind, name, ns, root->line, keys, k);
}

void ys_kubernetes(ys_ctx *c)
{
    const es_ynode *root = c->doc->root;
    const char *kind = ys_s(es_yaml_get(root, "kind"));
    const es_ynode *meta = es_yaml_get(root, "metadata");
    const char *name = ys_s(es_yaml_get(meta, "name"));
    if (!name)
        name = "?";
    const char *ns = ys_s(es_yaml_get(meta, "namespace"));
    if (strcmp(kind, "ConfigMap") == 0 || strcmp(kind, "Secret") == 0) {
        bool secret = kind[0] == 'S';
        const char *scope = ys_str(c, "%s/%s", kind, name);
        if (!scope)
            return;
        data_map(c, es_yaml_get(root, "data"), scope, "data", secret);
        data_map(c, es_yaml_get(root, secret ? "stringData" : "binaryData"), scope,
                 secret ? "stringData" : "binaryData", !secret);
        declare(c, root, kind, name, ns, secret);
        return;
    }
    for (size_t w = 0; w < sizeof workloads / sizeof workloads[0]; w++) {
        if (strcmp(workloads[w].kind, kind) != 0)
            continue;
        const es_ynode *spec = root;
        for (size_t i = 0; spec && i < 6 && workloads[w].path[i]; i++)
            spec = es_yaml_get(spec, workloads[w].path[i]);
        if (!spec || spec->kind != ES_YN_MAP)
            return;
        const char *owner = ys_str(c, "%s/%s", kind, name);
        if (!owner)
            return;
        static const char *const lists[] = {"initContainers", "containers",
                                            "ephemeralContainers"};
        for (size_t l = 0; l < 3; l++) {
            const es_ynode *cs = es_yaml_get(spec, lists[l]);
            if (cs && cs->kind == ES_YN_SEQ) {
                for (size_t i = 0; i < cs->len; i++)
                    if (cs->items[i]->kind == ES_YN_MAP)
                        container(c, owner, ns, cs->items[i], i);
            } else if (cs && !es_yaml_is_null(cs)) {
                ys_shape(c, cs, "%s: %s is not a list", owner, lists[l]);
            }
        }
        return;
    }
}
