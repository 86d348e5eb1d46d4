#!/usr/bin/python3
"""compose_diff.py -- envscan's compose reader against a reference.

Generates random compose files (both environment forms, pass-through
entries, numbers, booleans, nulls, every scalar style, anchors and `<<`
merge keys from `x-` extensions, flow collections, CRLF files,
interpolation with nesting and `$$`), then compares, file by file, what
envscan reports with what this script derives on its own:

  - YAML: PyYAML (python3-yaml) composes the node graph; its own
    flatten_mapping resolves merge keys; a null is what its resolver tags
    null; values are the scalar text as decoded.
  - compose: the environment rules and the interpolation rules of the
    compose-spec (`${VAR}`, `$VAR`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`,
    `${VAR?e}`, `${VAR:+r}`, `${VAR+r}`, nesting after the operator, `$$`),
    written here independently of the C code.

Compared: definitions (service, key, value, pass-through, line, byte
column of the key's first character) and references (key, service,
line, and the column of the `$` where the scalar is plain, single-quoted
or a literal block, whose source maps to the text one to one). Exit 0
when all agree, 1 with the first differences otherwise, 77 when PyYAML
is missing.

Usage: compose_diff.py ENVSCAN WORKDIR COUNT [SEED]
"""
import json
import os
import random
import re
import shutil
import subprocess
import sys

try:
    import yaml
except ImportError:
    print("python3-yaml is not installed: skip")
    sys.exit(77)

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# ------------------------------------------------------------ interpolation

def interpolate(s, lo, hi, out, bad):
    """(offset, name) of every reference in s[lo:hi]; bad gets invalid ones."""
    i = lo
    while i < hi:
        if s[i] != "$" or i + 1 >= hi:
            i += 1
            continue
        nx = s[i + 1]
        if nx == "$":
            i += 2
            continue
        if nx != "{":
            m = NAME.match(s, i + 1, hi)
            if m:
                out.append((i, m.group()))
                i = m.end()
            else:
                i += 1
            continue
        m = NAME.match(s, i + 2, hi)
        if not m:
            bad.append(i)
            i += 2
            continue
        j = m.end()
        if j < hi and s[j] == "}":
            out.append((i, m.group()))
            i = j + 1
            continue
        if s.startswith((":-", ":?", ":+"), j) and j + 2 <= hi:
            op = 2
        elif j < hi and s[j] in "-?+":
            op = 1
        else:
            bad.append(i)
            i += 2
            continue
        depth, k = 1, j + op
        while k < hi:
            if s[k] == "}":
                depth -= 1
                if depth == 0:
                    break
            if s.startswith("${", k):
                depth += 1
                k += 1
            k += 1
        if k >= hi:
            bad.append(i)
            i += 2
            continue
        out.append((i, m.group()))
        interpolate(s, j + op, k, out, bad)
        i = k + 1


# ---------------------------------------------------------------- reference

def byte_col(text, mark):
    """1-based byte column of a PyYAML mark (which counts characters)."""
    ls = mark.index - mark.column
    return len(text[ls:mark.index].encode("utf-8")) + 1


def source_offset(node, text, off):
    """(line, col) of decoded offset `off` of a scalar, or None when the
    style does not map one to one."""
    sm, em = node.start_mark, node.end_mark
    if node.style is None and sm.line == em.line:
        idx = sm.index + off
    elif node.style == "'" and sm.line == em.line:
        idx, k = sm.index + 1, 0
        while k < off:
            idx += 2 if text.startswith("''", idx) else 1
            k += 1
    elif node.style == "|":
        before = node.value[:off]
        nl = before.count("\n")
        ls = text.index("\n", sm.index) + 1  # the first content line
        first = text[ls:]
        ind = len(first) - len(first.lstrip(" "))
        for _ in range(nl):
            ls = text.index("\n", ls) + 1
        col_chars = ind + len(before) - (before.rfind("\n") + 1)
        return sm.line + 2 + nl, len(text[ls:ls + col_chars].encode("utf-8")) + 1
    else:
        return None
    ls = text.rfind("\n", 0, idx) + 1
    return text.count("\n", 0, idx) + 1, len(text[ls:idx].encode("utf-8")) + 1


def key_pos(node, text):
    """Where the key's first character is."""
    if node.style in ("|", ">"):
        return source_offset(node, text, 0) if node.style == "|" else \
            source_offset(yaml.ScalarNode(node.tag, node.value, node.start_mark, node.end_mark, "|"), text, 0)
    col = byte_col(text, node.start_mark)
    if node.style in ("'", '"'):
        col += 1
    return node.start_mark.line + 1, col


def reference(text):
    """Definitions, references and the count of invalid templates."""
    loader = yaml.SafeLoader(text)
    defs, refs, nbad = [], [], 0
    try:
        while loader.check_node():
            root = loader.get_node()
            d, r, b = one_document(loader, root, text)
            defs += d
            refs += r
            nbad += b
    finally:
        loader.dispose()
    return sorted(defs, key=repr), refs, nbad


def walk(node, seen, scalars, is_key=False):
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        scalars.append((node, is_key))
    elif isinstance(node, yaml.SequenceNode):
        for n in node.value:
            walk(n, seen, scalars)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            walk(k, seen, scalars, True)
            walk(v, seen, scalars)


def flatten_all(loader, node, seen):
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for k, v in list(node.value):
            flatten_all(loader, k, seen)
            flatten_all(loader, v, seen)
        loader.flatten_mapping(node)
    elif isinstance(node, yaml.SequenceNode):
        for n in node.value:
            flatten_all(loader, n, seen)


def get(node, key):
    if not isinstance(node, yaml.MappingNode):
        return None
    found = None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            found = v
    return found


def is_null(node):
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def one_document(loader, root, text):
    scalars = []
    walk(root, set(), scalars)  # before merging: each written scalar once
    flatten_all(loader, root, set())
    defs, refs, nbad = [], [], 0
    services = get(root, "services")
    spans = []
    if isinstance(services, yaml.MappingNode):
        for k, svc in services.value:
            spans.append((svc.start_mark.index, svc.end_mark.index, k.value))
            env = get(svc, "environment")
            if isinstance(env, yaml.MappingNode):
                last = {}
                for ek, ev in env.value:
                    last[ek.value] = (ek, ev)  # a dict: the last pair wins
                for ek, ev in last.values():
                    line, col = key_pos(ek, text)
                    if ev is None or is_null(ev):
                        defs.append((k.value, ek.value, None, line, col))
                    else:
                        defs.append((k.value, ek.value, ev.value, line, col))
            elif isinstance(env, yaml.SequenceNode):
                for it in env.value:
                    line, col = key_pos(it, text)
                    key, eq, val = it.value.partition("=")
                    defs.append((k.value, key, val if eq else None, line, col))
    spans.sort()
    for node, is_key in scalars:
        if is_key or "$" not in node.value:
            continue
        scope = None
        for a, b, name in spans:
            if a <= node.start_mark.index < b:
                scope = name
        found, bad = [], []
        interpolate(node.value, 0, len(node.value), found, bad)
        nbad += len(bad)
        for off, name in found:
            pos = source_offset(node, text, off)
            refs.append((scope or "", name, pos))
    return defs, refs, nbad


# ---------------------------------------------------------------- generator

def gen_name(rng):
    first = rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ_abc")
    return first + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") for _ in range(rng.randint(0, 6)))


def gen_template(rng, depth=0):
    name = gen_name(rng)
    r = rng.random()
    if r < 0.3:
        return "${%s}" % name
    if r < 0.5:
        return "$" + name
    op = rng.choice([":-", "-", ":?", "?", ":+", "+"])
    if depth < 2 and rng.random() < 0.4:
        return "${%s%s%s}" % (name, op, gen_template(rng, depth + 1))
    return "${%s%s%s}" % (name, op, rng.choice(["", "default", "x y", "a/b", "é"]))


def gen_value(rng):
    parts = []
    for _ in range(rng.randint(1, 4)):
        r = rng.random()
        if r < 0.35:
            parts.append(gen_template(rng))
        elif r < 0.45:
            parts.append("$$" + rng.choice(["", "NOT", "{NOT}"]))
        elif r < 0.5:
            parts.append(rng.choice(["${", "${}", "${1A}", "${A:x}"]))
        elif r < 0.55:
            parts.append("cost $5")
        else:
            parts.append(rng.choice(["text", "a b", "x=y", "path/to", "héllo", "#hash", "v1.2", "'q'", '"dq"']))
    return rng.choice(["", " ", "-", ":"]).join(parts)


def plain_ok(v, flow):
    if not v or v != v.strip() or v[0] in "!&*-?:,[]{}#|>@`\"'%" or ": " in v or " #" in v or v.endswith(":"):
        return False
    if flow and any(c in v for c in ",[]{}"):
        return False
    try:
        return yaml.safe_load("k: " + v) == {"k": v} or isinstance(yaml.safe_load("k: " + v)["k"], (int, float, bool))
    except yaml.YAMLError:
        return False


def render(rng, v, indent, flow):
    r = rng.random()
    if r < 0.4 and plain_ok(v, flow):
        return v
    if r < 0.6 and "\n" not in v:
        return "'" + v.replace("'", "''") + "'"
    if r < 0.75 and not flow and v and v == v.strip() and not v.startswith("#"):
        return "|-\n" + " " * (indent + 2) + v
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


def gen_scalar(rng, indent, flow):
    r = rng.random()
    if r < 0.08:
        return rng.choice(["", "~", "null", "Null"])
    if r < 0.16:
        return rng.choice(["8080", "true", "no", "1.5", "0x1F", "'007'", '""'])
    return render(rng, gen_value(rng), indent, flow)


def gen_env(rng, keys, indent):
    pad = " " * indent
    if rng.random() < 0.5:
        if rng.random() < 0.25:
            items = []
            for k in keys:
                r = rng.random()
                items.append(k if r < 0.2 else render(rng, k + "=" + gen_value(rng), 0, True) if r < 0.6 else k + "=")
            return " [" + ", ".join(items) + "]\n"
        out = "\n"
        for k in keys:
            r = rng.random()
            if r < 0.15:
                out += pad + "- " + k + "\n"
            elif r < 0.25:
                out += pad + "- " + k + "=\n"
            else:
                out += pad + "- " + render(rng, k + "=" + gen_value(rng), indent, False) + "\n"
        return out
    if rng.random() < 0.2:
        return " {" + ", ".join("%s: %s" % (k, gen_scalar(rng, 0, True)) for k in keys) + "}\n"
    out = "\n"
    for k in keys:
        kk = k if rng.random() < 0.85 else '"%s"' % k
        out += pad + kk + ": " + gen_scalar(rng, indent, False) + "\n"
    return out


def gen_file(rng):
    out = ""
    anchors = []
    for i in range(rng.randint(0, 2)):
        keys = rng.sample([gen_name(rng) for _ in range(8)], rng.randint(1, 4))
        keys = list(dict.fromkeys(keys))
        out += "x-env%d: &env%d\n" % (i, i)
        for k in keys:
            out += "  %s: %s\n" % (k, gen_scalar(rng, 2, False))
        anchors.append("env%d" % i)
    if rng.random() < 0.3:
        out += "x-svc: &svc\n  image: \"img:${TAG:-latest}\"\n  environment:\n    FROM_SVC: one\n    SVC_REF: $SVC_VAR\n"
        anchors.append("svc")
    out += "services:\n"
    for s in range(rng.randint(1, 4)):
        name = "svc%d%s" % (s, rng.choice(["", "-api", "_db"]))
        out += "  %s:\n" % name
        if "svc" in anchors and rng.random() < 0.4:
            out += "    <<: *svc\n"
        out += "    image: %s\n" % render(rng, "repo/" + gen_value(rng), 4, False)
        r = rng.random()
        envs = [a for a in anchors if a.startswith("env")]
        keys = list(dict.fromkeys(gen_name(rng) for _ in range(rng.randint(0, 6))))
        if envs and r < 0.3:
            out += "    environment:\n"
            if rng.random() < 0.5:
                out += "      <<: *%s\n" % rng.choice(envs)
            else:
                out += "      <<: [%s]\n" % ", ".join("*" + a for a in rng.sample(envs, len(envs)))
            for k in keys:
                out += "      %s: %s\n" % (k, gen_scalar(rng, 6, False))
        elif keys:
            out += "    environment:" + gen_env(rng, keys, 6)
        if rng.random() < 0.3:
            out += "    command: %s\n" % render(rng, gen_value(rng), 4, False)
    if rng.random() < 0.2:
        out += "---\nservices:\n  second:\n    environment:\n      - SECOND=%s\n" % gen_value(rng).replace("#", "")
    return out


def main():
    envscan, work, count = os.path.abspath(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 20261124
    rng = random.Random(seed)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    expect = {}
    made = 0
    while made < count:
        text = gen_file(rng)
        try:
            ref = reference(text)
        except yaml.YAMLError:
            continue  # the generator made invalid YAML: draw again
        crlf = rng.random() < 0.1
        name = "compose.%04d.yml" % made
        with open(os.path.join(work, name), "wb") as f:
            f.write(text.replace("\n", "\r\n").encode() if crlf else text.encode())
        expect[name] = (ref, text)
        made += 1
    # each file is compared with compose on its own: no cross-file findings
    out = subprocess.run([envscan, "--no-timing", "--no-analysis", "-f", "json", "."], cwd=work,
                         capture_output=True, text=True)
    rep = json.loads(out.stdout)
    got = {n: ([], [], 0) for n in expect}
    for r in rep["records"]:
        d, f, _ = got[r["file"]]
        if r["kind"] == "definition":
            passthrough = "passthrough" in r["flags"]
            d.append((r.get("scope", ""), r["key"], None if passthrough else r.get("value"),
                      r["line"], r["column"]))
        else:
            f.append((r.get("scope", ""), r["key"], (r["line"], r["column"])))
    for dg in rep["diagnostics"]:
        if dg["code"] == "compose-interpolation":
            d, f, n = got[dg["file"]]
            got[dg["file"]] = (d, f, n + 1)
        elif dg["severity"] != "info":
            print("unexpected diagnostic:", dg)
            got[dg["file"]] = (got[dg["file"]][0], got[dg["file"]][1], -1000)
    bad = 0
    ndefs = nrefs = 0
    for name, ((rdefs, rrefs, rbad), text) in sorted(expect.items()):
        gdefs, grefs, gbad = got[name]
        gdefs.sort(key=repr)
        # the column of a reference is compared where the reference knows it
        known = set(rrefs)
        grefs = [(sc, k, p if (sc, k, p) in known or (sc, k, None) not in known else None)
                 for sc, k, p in grefs]
        rrefs = sorted(rrefs, key=repr)
        grefs = sorted(grefs, key=repr)
        ndefs += len(rdefs)
        nrefs += len(rrefs)
        if (rdefs, rrefs, rbad) != (gdefs, grefs, gbad):
            bad += 1
            if bad <= 3:
                print("=== %s differs" % name)
                print(text)
                for a, b, what in ((rdefs, gdefs, "definitions"), (rrefs, grefs, "references")):
                    if a != b:
                        print("  %s only in reference: %s" % (what, [x for x in a if x not in b]))
                        print("  %s only in envscan:   %s" % (what, [x for x in b if x not in a]))
                if rbad != gbad:
                    print("  invalid templates: reference %d, envscan %d" % (rbad, gbad))
    print("compose_diff: %d files, %d definitions, %d references; %d differ" %
          (count, ndefs, nrefs, bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
