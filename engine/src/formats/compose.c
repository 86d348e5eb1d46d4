/*
 * compose.c — docker compose files (compose-spec).
 *
 * Read: `services.<name>.environment` as a mapping (`KEY: value`; a null
 * value passes the variable through from the environment) or a list
 * (`- KEY=value`, `- KEY` passes through, `- KEY=` is empty); values as
 * written after YAML decoding, never interpolated (numbers and booleans
 * keep their YAML spelling). `env_file` entries (a string, a list, the
 * long form with `path:` and `required:`, true unless written false) are
 * links (ENVSCAN_LINK_ENV_FILE) scoped to the service; api.c resolves
 * them once the tree is read (engine/src/link.c).
 *
 * Interpolation, as compose-spec documents it, in every value scalar of
 * the file: `${VAR}`, `$VAR`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`,
 * `${VAR?e}`, `${VAR:+a}`, `${VAR+a}`, nested in the text after the
 * operator (`${A:-${B}}`), and `$$` for a literal `$`. Each variable is a
 * reference record at the position of its `$`. Names are
 * [A-Za-z_][A-Za-z0-9_]*; a `${` that does not parse is an
 * `compose-interpolation` warning (compose refuses the file).
 */
#include <string.h>

#include "yaml_fmt.h"

#define FMT ENVSCAN_FORMAT_COMPOSE

static bool name_start(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static bool name_char(char ch)
{
    return name_start(ch) || (ch >= '0' && ch <= '9');
}

static void ref(ys_ctx *c, const es_ynode *n, size_t at, size_t name, size_t len,
                const char *scope, uint32_t flags)
{
    uint32_t line, col;
    es_yaml_pos(c->doc, n, at, &line, &col);
    ys_add(c, FMT, ENVSCAN_KIND_REFERENCE, scope, n->s + name, len, NULL, 0, line, col, flags);
}

static void bad(ys_ctx *c, const es_ynode *n, size_t at, const char *why)
{
    uint32_t line, col;
    es_yaml_pos(c->doc, n, at, &line, &col);
    size_t show = n->len - at < 24 ? n->len - at : 24;
    while (at + show < n->len && ((uint8_t)n->s[at + show] & 0xC0) == 0x80)
        show--; /* whole UTF-8 characters only */
    es_sink_diag(c->sink, ENVSCAN_SEVERITY_WARNING, "compose-interpolation", line, col, 0,
                 "%s in '%.*s': docker compose refuses this value", why, (int)show, n->s + at);
}

/* References in s[from, to) of scalar n. */
static void interpolate(ys_ctx *c, const es_ynode *n, size_t from, size_t to,
                        const char *scope, int depth)
{
    const char *s = n->s;
    for (size_t i = from; i < to;) {
        if (s[i] != '$' || i + 1 >= to) {
            i++;
            continue;
        }
        char nx = s[i + 1];
        if (nx == '$') { /* escape */
            i += 2;
            continue;
        }
        if (nx != '{') {
            size_t j = i + 1;
            if (!name_start(nx)) {
                i++;
                continue;
            }
            while (j < to && name_char(s[j]))
                j++;
            ref(c, n, i, i + 1, j - i - 1, scope, 0);
            i = j;
            continue;
        }
        size_t j = i + 2;
        if (j < to && name_start(s[j]))
            while (j < to && name_char(s[j]))
                j++;
        if (j == i + 2) {
            bad(c, n, i, "'${' without a variable name");
            i += 2;
            continue;
        }
        if (j < to && s[j] == '}') {
            ref(c, n, i, i + 2, j - i - 2, scope, 0);
            i = j + 1;
            continue;
        }
        size_t op = 0;
        if (j + 1 < to && s[j] == ':' && (s[j + 1] == '-' || s[j + 1] == '?' || s[j + 1] == '+'))
            op = 2;
        else if (j < to && (s[j] == '-' || s[j] == '?' || s[j] == '+'))
            op = 1;
        if (!op) {
            bad(c, n, i, j < to ? "an unexpected character after the variable name"
                                : "'${' not closed");
            i += 2;
            continue;
        }
        /* the closing brace: every "${" inside opens one more */
        size_t k = j + op, open = 1;
        while (k < to) {
            if (s[k] == '}' && --open == 0)
                break;
            if (s[k] == '$' && k + 1 < to && s[k + 1] == '{') {
                open++;
                k++;
            }
            k++;
        }
        if (k >= to) {
            bad(c, n, i, "'${' not closed");
            i += 2;
            continue;
        }
        /* ${X:-d} and ${X:+a} have a value when X is unset; ${X:?e} fails */
        ref(c, n, i, i + 2, j - i - 2, scope,
            s[j + op - 1] != '?' ? ENVSCAN_RECORD_DEFAULTED : 0);
        if (depth < 64)
            interpolate(c, n, j + op, k, scope, depth + 1);
        i = k + 1;
    }
}

static void environment(ys_ctx *c, const es_ynode *env, const char *scope, const char *svc)
{
    if (env->kind == ES_YN_MAP) {
        for (size_t i = 0; i < env->len; i++) {
            ys_kv kv;
            if (!ys_pair(c, env, i, scope, &kv))
                continue;
            ys_def(c, FMT, scope, kv.k, kv.s, kv.n, kv.s ? kv.fl : ENVSCAN_RECORD_PASSTHROUGH);
        }
        return;
    }
    if (env->kind != ES_YN_SEQ) {
        if (!es_yaml_is_null(env))
            ys_shape(c, env, "service %s: environment is neither a mapping nor a list", svc);
        return;
    }
    for (size_t i = 0; i < env->len; i++) {
        const es_ynode *it = env->items[i];
        if (it->kind != ES_YN_SCALAR) {
            ys_shape(c, it, "service %s: an environment entry that is not a string", svc);
            continue;
        }
        const char *eq = memchr(it->s, '=', it->len);
        size_t klen = eq ? (size_t)(eq - it->s) : it->len;
        if (klen == 0) {
            ys_shape(c, it, "service %s: an environment entry without a name", svc);
            continue;
        }
        uint32_t line, col;
        es_yaml_pos(c->doc, it, 0, &line, &col);
        uint32_t fl = it->style == ES_YS_SINGLE || it->style == ES_YS_DOUBLE
                          ? ENVSCAN_RECORD_QUOTED
                          : 0;
        if (!eq) {
            ys_add(c, FMT, ENVSCAN_KIND_DEFINITION, scope, it->s, klen, NULL, 0, line, col,
                   ENVSCAN_RECORD_PASSTHROUGH);
            continue;
        }
        const char *v = eq + 1;
        size_t vlen = it->len - klen - 1;
        if (memchr(v, '\n', vlen))
            fl |= ENVSCAN_RECORD_MULTILINE;
        if (memmem(v, vlen, "{{", 2))
            fl |= ENVSCAN_RECORD_TEMPLATED;
        ys_add(c, FMT, ENVSCAN_KIND_DEFINITION, scope, it->s, klen, v, vlen, line, col, fl);
    }
}

/* YAML's spellings of false (compose-go decodes `required:` with yaml.v3,
 * which still takes the YAML 1.1 words for a bool). */
static bool yaml_false(const char *v)
{
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO",
                                     "off", "Off", "OFF"};
    for (size_t i = 0; v && i < sizeof no / sizeof no[0]; i++)
        if (strcmp(v, no[i]) == 0)
            return true;
    return false;
}

static void env_file_one(ys_ctx *c, const es_ynode *f, const char *scope, const char *svc)
{
    const es_ynode *path = f, *req = NULL;
    if (f->kind == ES_YN_MAP) {
        path = es_yaml_get(f, "path");
        req = es_yaml_get(f, "required");
    }
    if (!path || path->kind != ES_YN_SCALAR || path->len == 0) {
        ys_shape(c, f, "service %s: an env_file entry without a file name", svc);
        return;
    }
    es_link l = {.pub = {.line = path->line, .column = path->col, .scope = scope,
                         .kind = ENVSCAN_LINK_ENV_FILE,
                         .flags = yaml_false(ys_s(req)) ? 0 : ENVSCAN_LINK_REQUIRED,
                         .target = path->s},
                 .format = FMT};
    es_sink_link(c->sink, &l);
}

static void env_file(ys_ctx *c, const es_ynode *ef, const char *scope, const char *svc)
{
    if (ef->kind == ES_YN_SEQ) {
        for (size_t i = 0; i < ef->len; i++)
            env_file_one(c, ef->items[i], scope, svc);
    } else if (!es_yaml_is_null(ef)) {
        env_file_one(c, ef, scope, svc);
    }
}

void ys_compose(ys_ctx *c)
{
    const es_yaml_doc *d = c->doc;
    const es_ynode *root = ys_root_map(c, "compose file");
    if (!root)
        return;
    const es_ynode *services = es_yaml_get(root, "services");
    ys_range *ranges = NULL;
    size_t nr = 0;
    if (services && services->kind == ES_YN_MAP) {
        ranges = es_arena_alloc(d->arena, (services->len + 1) * sizeof *ranges);
        if (!ranges) {
            c->oom = true;
            return;
        }
        for (size_t i = 0; i < services->len; i++) {
            const es_ynode *k = services->items[2 * i], *v = services->items[2 * i + 1];
            if (k->kind != ES_YN_SCALAR) {
                ys_shape(c, k, "a service name that is not a string");
                continue;
            }
            const char *scope = ys_str(c, "%s", k->s);
            if (!scope)
                return;
            ranges[nr++] = (ys_range){v->start, v->end, scope};
            if (v->kind != ES_YN_MAP) {
                if (!es_yaml_is_null(v))
                    ys_shape(c, v, "service %s is not a mapping", k->s);
                continue;
            }
            const es_ynode *env = es_yaml_get(v, "environment");
            if (env)
                environment(c, env, scope, k->s);
            const es_ynode *ef = es_yaml_get(v, "env_file");
            if (ef)
                env_file(c, ef, scope, k->s);
        }
    } else if (services && !es_yaml_is_null(services)) {
        ys_shape(c, services, "services is not a mapping");
    }
    ys_ranges_sort(ranges, nr);
    for (size_t i = 0; i < d->n_scalars; i++) {
        const es_ynode *n = d->scalars[i];
        if (!n->is_key && memchr(n->s, '$', n->len))
            interpolate(c, n, 0, n->len, ys_range_find(ranges, nr, n->start), 0);
    }
}
