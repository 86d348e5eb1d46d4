#!/usr/bin/env python3
"""shell_diff.py -- envscan's shell definitions against the shells themselves.

Generates scripts made only of assignments (every quoting form: '...',
"..." with its escapes, unquoted backslashes, backslash-newline, $'...'
in bash files, several assignments on a line, export / readonly /
declare -x, comments, blank lines), sources each one in a clean
environment with `set -a` and reads back what the shell exported:

    env -i dash -c 'set -a; . ./f.sh; exec env -0'
    env -i bash --norc --noprofile -c 'set -a; . ./f.bash; exec env -0'

and compares that with the last definition envscan reports for each key.
The generator writes no unescaped `$`, backquote or `~` outside quotes:
envscan keeps expansions (tilde expansion included) as written, where a
shell would evaluate them.

Usage: shell_diff.py ENVSCAN WORKDIR CASES SEED
Exit 0 when all agree, 1 on a difference (the script and both answers are
printed), 77 when dash or bash is missing.
"""
import json
import os
import random
import shutil
import subprocess
import sys

SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:@%+,-="
# characters that need care; 'é' and a tab test bytes beyond ASCII and blanks
ANY = SAFE + " \t\"'\\$`#;&|<>(){}*?[]~!é\n"


def name(rng):
    while True:  # `_` alone is the shell's own (the last argument)
        first = rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
        n = first + "".join(rng.choice(SAFE[:63]) for _ in range(rng.randint(0, 8)))
        if n != "_":
            return n


def piece(rng, bash, first):
    """One piece of a word: (text as written, value after quote removal)."""
    k = rng.randint(0, 6 if bash else 5)
    if k == 0:  # plain bytes; '#' is literal after the first byte
        s = "".join(rng.choice(SAFE) for _ in range(rng.randint(1, 6)))
        if not first and rng.random() < 0.3:
            s += "#"
        return s, s
    if k == 1:  # '...': everything literal but the quote itself
        v = "".join(rng.choice(ANY.replace("'", "")) for _ in range(rng.randint(0, 8)))
        return "'" + v + "'", v
    if k == 2:  # "...": \\ \" \$ \` escape; other backslashes stay
        text, val = '"', ""
        for _ in range(rng.randint(0, 8)):
            c = rng.choice(ANY)
            if c in '"$`':
                text += "\\" + c
                val += c
            elif c == "\\":
                nxt = rng.choice('\\"$`\nabn ')
                text += "\\" + nxt
                val += "" if nxt == "\n" else (nxt if nxt in '\\"$`' else "\\" + nxt)
            else:
                text += c
                val += c
        return text + '"', val
    if k == 3:  # an unquoted backslash escape
        c = rng.choice(ANY.replace("\n", "") + "\n")
        return "\\" + c, "" if c == "\n" else c
    if k == 4:  # a word split by backslash-newline
        a = "".join(rng.choice(SAFE) for _ in range(rng.randint(1, 4)))
        return a + "\\\n" + a, a + a
    if k == 5:  # empty quotes
        q = rng.choice(["''", '""'])
        return q, ""
    # $'...' (bash): C escapes
    esc = [("\\t", "\t"), ("\\n", "\n"), ("\\\\", "\\"), ("\\'", "'"), ('\\"', '"'),
           ("\\x41", "A"), ("\\101", "A"), ("\\u00e9", "é"), ("\\e", "\x1b"), ("\\?", "?"),
           ("a", "a"), (" ", " "), ("$", "$"), ("`", "`"), ("#", "#")]
    parts = [rng.choice(esc) for _ in range(rng.randint(0, 6))]
    return "$'" + "".join(p[0] for p in parts) + "'", "".join(p[1] for p in parts)


def script(rng, bash):
    lines, want, frozen = [], {}, set()
    for _ in range(rng.randint(1, 12)):
        r = rng.random()
        if r < 0.08:
            lines.append("# " + "".join(rng.choice(SAFE + " =$'\"") for _ in range(10)))
            continue
        if r < 0.12:
            lines.append("")
            continue
        words = []
        for _ in range(rng.randint(1, 3)):
            n = name(rng)
            text, val = "", ""
            for i in range(rng.randint(0, 4)):
                t, v = piece(rng, bash, i == 0)
                text += t
                val += v
            words.append((n, text, val))
        prefix = rng.choice(["", "", "", "export ", "readonly "] +
                            (["declare -x ", "typeset -x "] if bash else []))
        # a read-only variable cannot be assigned again (nor twice on its line)
        if prefix == "readonly ":
            words = list({w[0]: w for w in words}.values())
        words = [w for w in words if w[0] not in frozen]
        if not words:
            continue
        if prefix == "readonly ":
            frozen.update(w[0] for w in words)
        lines.append(prefix + " ".join(f"{n}={t}" for n, t, _ in words) +
                     rng.choice(["", "", " # note", "\t# x=y"]))
        for n, _, v in words:
            want[n] = v
    return "\n".join(lines) + "\n"


def shell_env(sh, path):
    cmd = [sh] + (["--norc", "--noprofile"] if sh.endswith("bash") else []) + \
          ["-c", 'set -a; . "$1"; exec env -0', "sh", path]
    # a UTF-8 locale, so that bash's \u escapes give UTF-8 (as in a user's shell)
    out = subprocess.run(["env", "-i", "LC_ALL=C.UTF-8"] + cmd, capture_output=True, timeout=20)
    if out.returncode != 0:
        return None, out.stderr.decode("utf-8", "replace")
    env = {}
    for item in out.stdout.split(b"\0"):
        if b"=" in item:
            k, v = item.split(b"=", 1)
            env[k.decode()] = v.decode("utf-8", "surrogateescape")
    return env, ""


def main():
    envscan, work, cases, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    shells = {".sh": shutil.which("dash"), ".bash": shutil.which("bash")}
    if not all(shells.values()):
        print("dash or bash not found: skip")
        return 77
    rng = random.Random(seed)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    files = []
    for i in range(cases):
        ext = ".sh" if i % 2 == 0 else ".bash"
        path = os.path.join(work, f"case{i:05d}{ext}")
        with open(path, "w", encoding="utf-8") as f:
            f.write(script(rng, ext == ".bash"))
        files.append(path)
    out = subprocess.run([envscan, "--no-timing", "-f", "json", work], capture_output=True)
    report = json.loads(out.stdout)
    got = {}
    for r in report["records"]:
        if r["kind"] == "definition" and "value" in r:
            got.setdefault(r["file"], {})[r["key"]] = r["value"]
    bad = 0
    for path in files:
        env, err = shell_env(shells[os.path.splitext(path)[1]], path)
        if env is None:
            print(f"FAIL {path}: the shell refused it: {err}")
            bad += 1
            continue
        mine = got.get(path, {})
        # every name the script defines: the shell must agree on each
        names = set(mine) | {k for k in env if k not in ("PWD", "SHLVL", "_", "OLDPWD", "LC_ALL")}
        diff = {k: (mine.get(k), env.get(k)) for k in names if mine.get(k) != env.get(k)}
        if diff:
            bad += 1
            if bad <= 5:
                print(f"FAIL {path}")
                print(open(path, encoding="utf-8").read())
                for k, (m, t) in sorted(diff.items()):
                    print(f"  {k}: envscan {m!r}, shell {t!r}")
    print(f"shell_diff: {len(files)} scripts, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
