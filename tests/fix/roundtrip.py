#!/usr/bin/env python3
"""--fix keeps what a file defines, and a second --fix changes nothing.

Inputs: the .env files the golden trees build, the shared dotenv fixtures
and the dotenv fuzz corpus (copied; the originals are read-only), and
random files from a fixed seed built from fragments that trigger every
lint rule (quotes, blanks around '=', trailing blanks, CRLF, duplicates,
references, comments, suppression comments, multi-line values, ...).

For each input and dialect (node, python): the key->value map before
(`envscan parse FILE --format json`), `envscan --fix --lint=all`, the map
after. The maps must be equal as dictionaries (order aside: unordered-key
may reorder; the library itself checks the order of last definitions
when it does not). --fix may refuse a file (exit 2, "not fixed: ...")
and must then leave it byte for byte as it was. A second --fix must
print nothing and leave the file as the first one left it.

usage: roundtrip.py ENVSCAN WORKDIR GOLDEN_TREES FIXTURES CORPUS [N_RANDOM] [SEED]
(FIX_VERBOSE=1 also prints why each refused file was refused.)
"""
import json
import os
import random
import shutil
import subprocess
import sys

envscan, work, trees, fixtures, corpus = sys.argv[1:6]
n_random = int(sys.argv[6]) if len(sys.argv) > 6 else 300
seed = int(sys.argv[7]) if len(sys.argv) > 7 else 20261126


def run(*args, cwd=None):
    p = subprocess.run([envscan, *args], cwd=cwd, capture_output=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def parse_map(path, dialect):
    code, out, err = run("parse", path, "--format", "json", "--dialect", dialect,
                         "--no-lint", "--fail-on", "none")
    if code != 0:
        raise RuntimeError(f"parse {path} failed ({code}): {err.decode(errors='replace')}")
    return json.loads(out)


def random_file(rng):
    keys = ["A", "B", "C", "DB_URL", "a_b", "PORT", "Z9", "_X", "KEY"]
    seps = ["=", "=", "=", " = ", "= ", " =", "\t=\t"]
    vals = ["1", "abc", "a b", '"q"', "'s'", '""', '"a b"', "${A}", "$B c", "x # c",
            '"multi\nline"', "", "it's x", '"a#b"', "'${A}'", "p/a:t@h", "x  ", "\"x\"#c",
            "`bt`", "a\\ b", "${BAD", "é ü"]
    lines = []
    for _ in range(rng.randint(0, 14)):
        r = rng.random()
        if r < 0.12:
            lines.append(rng.choice(["", "  ", "\t"]))
        elif r < 0.2:
            lines.append(rng.choice(["# comment", "# envscan:ignore-next-line",
                                     "# envscan:ignore-next-line unordered-key",
                                     "# envscan:ignore trailing-whitespace", "#x  "]))
        elif r < 0.25:
            lines.append(rng.choice(["BARE", "  INDENT=1", "export E=2", "bad line"]))
        else:
            line = rng.choice(keys) + rng.choice(seps) + rng.choice(vals)
            if rng.random() < 0.15:
                line += rng.choice(["  ", "\t", " # envscan:ignore-line"])
            lines.append(line)
    text = "\n".join(lines)
    if lines and rng.random() < 0.8:
        text += "\n"
    if rng.random() < 0.15:
        text = text.replace("\n", "\r\n")
    return text.encode()


def collect_inputs():
    inputs = []  # (label, bytes)
    tmp = os.path.join(work, "trees")
    for t in sorted(os.listdir(trees)):
        d = os.path.join(tmp, t)
        os.makedirs(d, exist_ok=True)
        subprocess.run(["bash", os.path.join(trees, t)], cwd=d, capture_output=True)
        for root, _, files in os.walk(d):
            for f in sorted(files):
                if ".env" in f or f.endswith("env"):
                    p = os.path.join(root, f)
                    if os.path.isfile(p) and not os.path.islink(p):
                        inputs.append((f"tree {t}: {os.path.relpath(p, d)}", open(p, "rb").read()))
    for base in (fixtures, corpus):
        for root, _, files in os.walk(base):
            for f in sorted(files):
                if f.endswith(".json") or f.endswith(".md"):
                    continue
                p = os.path.join(root, f)
                inputs.append((os.path.relpath(p, base), open(p, "rb").read()))
    rng = random.Random(seed)
    for i in range(n_random):
        inputs.append((f"random #{i} (seed {seed})", random_file(rng)))
    return inputs


def main():
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    inputs = collect_inputs()
    case = os.path.join(work, "case")
    os.makedirs(case)
    path = os.path.join(case, "input.env")
    fails = fixed = refused = 0
    for label, data in inputs:
        for dialect in ("node", "python"):
            with open(path, "wb") as f:
                f.write(data)
            try:
                before = parse_map(path, dialect)
            except (RuntimeError, json.JSONDecodeError) as e:
                print(f"FAIL {label} [{dialect}]: {e}")
                fails += 1
                continue
            code, out, err = run("--fix", "--lint=all", "--dialect", dialect, "input.env",
                                 cwd=case)
            now = open(path, "rb").read()
            if code == 2:
                if b"not fixed:" not in err or now != data:
                    print(f"FAIL {label} [{dialect}]: exit 2 without a clean refusal: {err!r}")
                    fails += 1
                refused += 1
                if os.environ.get("FIX_VERBOSE"):
                    print(f"refused {label} [{dialect}]: {err.decode(errors='replace').strip()}")
                continue
            if code != 0:
                print(f"FAIL {label} [{dialect}]: exit {code}: {err!r}")
                fails += 1
                continue
            after = parse_map(path, dialect)
            if after != before:
                print(f"FAIL {label} [{dialect}]: the map changed\n  input {data!r}\n"
                      f"  fixed {now!r}\n  before {before}\n  after  {after}")
                fails += 1
                continue
            fixed += now != data
            code2, out2, err2 = run("--fix", "--lint=all", "--dialect", dialect, "input.env",
                                    cwd=case)
            again = open(path, "rb").read()
            if code2 != 0 or out2 or again != now:
                print(f"FAIL {label} [{dialect}]: a second --fix changed something "
                      f"(exit {code2}, {out2!r})\n  first  {now!r}\n  second {again!r}")
                fails += 1
    total = 2 * len(inputs)
    print(f"fix roundtrip: {total} runs, {fixed} files changed, {refused} refused, {fails} failed")
    if fixed == 0:
        print("FAIL: nothing was fixed at all: the test tests nothing")
        fails += 1
    sys.exit(1 if fails else 0)


main()
