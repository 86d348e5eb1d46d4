"""Differential conformance against python-dotenv itself.

Run by Debian's /usr/bin/python3, which sees the python3-dotenv package
(0.21.0, listed in .ci/packages.txt). For every input, what
`dotenv_values(path)` returns, written as json.dumps(..., indent=2,
ensure_ascii=False) + "\\n", must be byte-identical to what
`envscan parse --dialect python --format json` prints: values, nulls and
key order alike.

Inputs: every file of the fixture folders given with --fixtures, then
COUNT random but structured inputs from SEED, written to OUT_DIR (kept
when a case fails, so it can be replayed by hand). MODE "interp" (the
default) compares dotenv_values() with envscan's default for the
dialect; MODE "raw" compares dotenv_values(interpolate=False) with
--no-expand. The process environment is emptied before python-dotenv
runs, because envscan never reads it (a scan means the same everywhere).

Usage: python_diff.py ENVSCAN OUT_DIR COUNT SEED [MODE] [--fixtures DIR...]
Exit: 0 all equal, 1 a difference, 77 python-dotenv 0.21.0 is absent.
"""
import json
import logging
import os
import subprocess
import sys

try:
    import dotenv
    from dotenv import dotenv_values
    from dotenv.version import __version__ as dotenv_version
except ImportError:
    print("python-dotenv is not importable by %s: skip" % sys.executable)
    sys.exit(77)
if dotenv_version != "0.21.0":
    print("python-dotenv %s here, the reference is 0.21.0: skip" % dotenv_version)
    sys.exit(77)

args = sys.argv[1:]
fixture_dirs = []
if "--fixtures" in args:
    at = args.index("--fixtures")
    fixture_dirs = args[at + 1:]
    args = args[:at]
envscan, out_dir, count, seed = args[0], args[1], int(args[2]), int(args[3])
mode = args[4] if len(args) > 4 else "interp"
interpolate = mode == "interp"
os.environ.clear()
logging.disable(logging.CRITICAL)  # its "could not parse" warnings: envscan reports its own

MASK = (1 << 64) - 1
state = seed & MASK


def rand():
    """splitmix64: a seed names the same cases on every machine."""
    global state
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return (z ^ (z >> 31)) & 0xFFFFFFFF


def pick(items):
    return items[rand() % len(items)]


def chance(p):
    return rand() % 1000 < p * 1000


# Pieces chosen for what python-dotenv's grammar treats specially: its
# white space (U+001C-U+001F, U+0085 and U+00A0 are white space, U+FEFF
# is not), quoted keys, the escapes of each quote, '#' after white space,
# unclosed and multi-line quotes, keys without '=', and ${...} forms.
SPACE = [" ", "  ", "\t", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u2003",
         "\u3000", "\ufeff", "\u2028"]
KEYS = ["KEY", "A", "b_2", "x.y-z", "export", "dup", "dup", "1", "10", "k\u00e9y",
        "a$b", "u[%]", "q'x", 'q"x', "K:V", "__proto__"]
NAMES = ["KEY", "A", "b_2", "dup", "1", "UNSET", "", "a b", "x{y"]
BITS = ["val", "a b", "x#y", " #c", "\t#c", "#", "'", '"', "\\", "\\'", '\\"', "\\\\",
        "\\n", "\\t", "\\a", "\\v", "\\x", "\u00e9", "\u2028", "=", ":", " ", "\t", "\n",
        "\r\n", "\r", "{", "}", "$", "\x00", "\x1e"]
EOLS = ["\n", "\n", "\r\n", "\r", "\n\n", "", " \n", "\t\n"]


def template():
    n = pick(NAMES)
    return pick(["${%s}" % n, "${%s:-%s}" % (n, pick(["d", "", "${A}", "x-y", "a:b"])),
                 "${%s:?err}" % n, "${%s-d}" % n, "$%s" % n, "${}", "${A${B}}",
                 "${A:-${B}}", "${A:-${B:-deep}}", "$${A}", "\\${A}"])


def raw_value():
    return "".join(pick(BITS) if not chance(0.3) else template()
                   for _ in range(rand() % 6))


def value():
    kind = rand() % 10
    body = raw_value()
    if kind < 2:
        return "'" + body.replace("'", pick(["\\'", "'", ""])) + pick(["'", "'", "", "' #c", "' x"])
    if kind < 4:
        return '"' + body.replace('"', pick(['\\"', '"', ""])) + pick(['"', '"', "", '" #c', '" x'])
    if kind < 5:
        return template()
    return body


def line():
    kind = rand() % 20
    if kind == 0:
        return pick(["", "#", "# comment", " # indented", "#=x"])
    s = pick(SPACE) if chance(0.15) else ""
    if chance(0.15):
        s += pick(["export ", "export\t", "export  ", "export"])
    key = pick(KEYS)
    if chance(0.1):
        key = "'" + key + pick(["'", "'", ""])
    s += key
    if kind == 1:
        return s + pick(["", " ", " #c", "#c"])
    s += pick(["=", "=", " = ", "= ", " =", "\t=\t", "==", ":", ": "])
    s += value()
    if chance(0.1):
        s += pick([" # comment", "#c", " #", pick(SPACE)])
    return s


def case():
    text = "".join(line() + pick(EOLS) for _ in range(1 + rand() % 8))
    if chance(0.05):
        text = "\ufeff" + text
    return text


def reference(path):
    values = dotenv_values(path, interpolate=interpolate)
    return (json.dumps(values, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def ours(path):
    opts = [] if interpolate else ["--no-expand"]
    r = subprocess.run([envscan, "parse", "--dialect", "python", *opts, path,
                        "--format", "json"], capture_output=True, check=False)
    if r.returncode not in (0, 1):
        return ("exit %d: %s" % (r.returncode, r.stderr.decode(errors="replace"))).encode()
    return r.stdout


def check(path, label):
    try:
        want = reference(path)
    except (UnicodeDecodeError, ValueError):
        return None  # python-dotenv cannot read it: no reference answer
    got = ours(path)
    if got == want:
        return True
    print("FAIL: %s (%s)" % (label, path))
    print("  input: %r" % open(path, "rb").read()[:300])
    print("  python-dotenv: %s" % want.decode(errors="replace")[:400].replace("\n", "\n    "))
    print("  envscan:       %s" % got.decode(errors="replace")[:400].replace("\n", "\n    "))
    return False


passed = failed = unreadable = 0


def tally(result):
    global passed, failed, unreadable
    if result is None:
        unreadable += 1
    elif result:
        passed += 1
    else:
        failed += 1


for d in fixture_dirs:
    for root, _, files in sorted(os.walk(d)):
        for name in sorted(files):
            if name.endswith(".json") or name.endswith(".md"):
                continue
            tally(check(os.path.join(root, name), "fixture"))

os.makedirs(out_dir, exist_ok=True)
for i in range(count):
    path = os.path.join(out_dir, "case-%d-%05d.env" % (seed, i))
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(case())
    result = check(path, "case %d" % i)
    tally(result)
    if result:
        os.unlink(path)

print("python_diff (%s, python-dotenv %s): %d equal, %d different, %d unreadable by python"
      % (mode, dotenv_version, passed, failed, unreadable))
sys.exit(0 if failed == 0 and passed > 0 else 1)
