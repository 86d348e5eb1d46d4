"""Differential conformance of the structured config formats against
references on this machine: /usr/bin/python3's standard library (3.11)
and, for .properties, java.util.Properties (JDK 17, /usr/bin/java).

INI (FORMAT ini): COUNT random but structured INI files from SEED are written to
OUT_DIR/ini and scanned by `envscan -f ndjson`. For each file:
  - values: RawConfigParser(strict=False, interpolation=None) with
    optionxform=str (envscan keeps the case of keys) reads the file; its
    sections and options must be exactly envscan's config records that are
    not flagged overridden (key "section.option", value as given). An
    option with an empty name, which configparser keeps under "" after
    complaining, is left out (envscan reports the line only);
  - syntax errors: the line numbers of configparser's ParsingError must be
    the lines of envscan's config-syntax diagnostics;
  - references: for each value, the names BasicInterpolation (%(x)s) and
    ExtendedInterpolation (${x}, ${section:x}) look up when the value is
    read must be the reference records envscan gives after it (a value
    either interpolation refuses is not compared).

.properties (FORMAT properties): COUNT random files scanned by envscan
and read by tests/conformance/PropsDump.java (Properties.load of a UTF-8
Reader). When Java loads a file, its keys and values must be exactly
envscan's config records that are not overridden (the empty key left
out; a lone surrogate compared as U+FFFD); when Java refuses it (a
malformed \\uXXXX), envscan must report a config-syntax error.

TOML (FORMAT toml): the hand-written cases of toml_cases.py and COUNT
random documents (generated from SEED: tables, arrays of tables, dotted
keys, inline tables, every kind of value in several spellings, and a
quarter of them broken by a random edit), named config-*.toml, against
tomllib.loads of /usr/bin/python3 (the file decoded as UTF-8, a leading
BOM dropped). When tomllib reads a file, its leaves, mapped to text as
docs/config.md says (str(int), repr(float), isoformat(), true/false),
must be exactly envscan's config records (path, value, quoted or not),
with no error; an integer outside 64 bits counts as a refusal (TOML 1.0
requires it; tomllib reads big integers). When tomllib refuses a file,
envscan must report a config-syntax error (or skip it as binary, for a
NUL byte in its first 64 bytes).

Usage: config_diff.py ENVSCAN OUT_DIR COUNT SEED [ini|properties|json|yaml|toml]
Exit: 0 all equal, 1 a difference, 77 the reference is absent.
"""
import configparser
import json
import os
import random
import re
import shutil
import subprocess
import sys

envscan, out_dir, count, seed = os.path.abspath(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
fmt = sys.argv[5] if len(sys.argv) > 5 else "ini"
rng = random.Random(seed)

NAMES = ["host", "port", "db_url", "Name", "x", "path.sub", "a-b", "HOME", "k1"]
SECTIONS = ["db", "app", "DEFAULT", "sec.sub", "a b", "S"]


def token():
    r = rng.randrange(22)
    name = rng.choice(NAMES)
    return [
        "word", "two words", "%%(" + name + ")s", "%(" + name + ")s", "${" + name + "}",
        "${" + rng.choice(SECTIONS) + ":" + name + "}", "$$", "%%", "'q'", '"dq x"',
        " ; not a comment", " # nor this", "=", ":", "/p/a:th", "${" + name, "%(" + name + ")",
        "\t", "é", "", "http://h:1/x?y=z", "$",
    ][r]


def value():
    return "".join(token() for _ in range(rng.randrange(4)))


def line():
    r = rng.randrange(20)
    ind = rng.choice(["", "", "", " ", "  ", "\t", "    "])
    if r < 2:
        return ind + "[" + rng.choice(SECTIONS + ["x] y", "]", ""]) + "]" + rng.choice(["", "", " tail"])
    if r < 9:
        key = rng.choice(NAMES + ["", "two words"])
        return (ind + key + rng.choice(["", " ", "\t"]) + rng.choice("=:") +
                rng.choice(["", " ", "  "]) + value() + rng.choice(["", " ", "\t"]))
    if r < 13:
        return rng.choice(["  ", "    ", "\t", "        "]) + value() + "x"
    if r < 15:
        return ""
    if r < 17:
        return ind + rng.choice(["#", ";"]) + " comment " + value()
    if r < 18:
        return ind + "not an option " + rng.choice(NAMES)
    return ind + rng.choice(NAMES) + " = " + value()


def make_file():
    lines = ["[" + rng.choice(SECTIONS) + "]"]
    lines += [line() for _ in range(rng.randrange(1, 14))]
    eol = rng.choice(["\n", "\n", "\r\n"])
    return eol.join(lines) + rng.choice(["", eol])


class Recorder(dict):
    def __init__(self):
        super().__init__()
        self.names = []

    def __getitem__(self, k):
        self.names.append(k)
        return ""

    def __contains__(self, k):
        return True


class FakeParser:
    def __init__(self, rec):
        self.rec = rec

    def optionxform(self, s):
        return s

    def get(self, sect, opt, raw=False, **kw):
        if "fallback" not in kw:  # not the value's own read (for messages)
            self.rec.names.append(sect + "." + opt)
        return ""

    def has_section(self, s):
        return True


def refs_of(value, section, option):
    """Names read by the two interpolations, or None if either refuses."""
    out = []
    for interp in (configparser.BasicInterpolation(), configparser.ExtendedInterpolation()):
        rec = Recorder()
        try:
            interp._interpolate_some(FakeParser(rec), option, [], value, section, rec, 1)
        except (configparser.InterpolationSyntaxError, configparser.InterpolationMissingOptionError,
                configparser.InterpolationDepthError):
            return None
        out += rec.names
    return sorted(out)


def write_cases(ext, make):
    d = os.path.join(out_dir, ext)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    texts = {}
    for i in range(count):
        name = "case%05d.%s" % (i, ext)
        texts[name] = make()
        with open(os.path.join(d, name), "w", encoding="utf-8", newline="") as f:
            f.write(texts[name])
    return d, texts


def scan(d):
    """envscan's records and diagnostics of every file of d, by file."""
    run = subprocess.run([envscan, "--no-timing", "-f", "ndjson", "."], cwd=d,
                         capture_output=True)
    err = run.stderr.decode(errors="replace")
    if run.returncode not in (0, 1) or "runtime error" in err or "Sanitizer" in err:
        print("envscan failed (exit %d):\n%s" % (run.returncode, err[-3000:]))
        sys.exit(1)
    got = {}
    for ln in run.stdout.decode().split("\n"):
        if not ln:
            continue
        o = json.loads(ln)
        if o["type"] == "record":
            got.setdefault(o["record"]["file"], {"recs": [], "diags": []})["recs"].append(o["record"])
        elif o["type"] == "diagnostic" and o["diagnostic"].get("file"):
            got.setdefault(o["diagnostic"]["file"], {"recs": [], "diags": []})["diags"].append(
                o["diagnostic"])
    return got


def show(bad, name, text, problems):
    """Count a case that differs; print the first five."""
    if not problems:
        return bad
    if bad < 5:
        print("DIFF %s:\n%r\n---\n%s" % (name, text, "\n".join(problems)))
    return bad + 1


def main_ini():
    d, texts = write_cases("ini", make_file)
    got = scan(d)
    bad = 0
    for name in sorted(texts):
        g = got.get(name, {"recs": [], "diags": []})
        p = configparser.RawConfigParser(strict=False, interpolation=None)
        p.optionxform = str
        err_lines = []
        try:
            p.read(os.path.join(d, name), encoding="utf-8")
        except configparser.ParsingError as e:
            err_lines = [ln for ln, _ in e.errors]
        want = {}
        for sect, opts in [("DEFAULT", p._defaults)] + list(p._sections.items()):
            for k, v in opts.items():
                if k != "":
                    want[sect + "." + k] = v
        have = {r["key"]: r.get("value") for r in g["recs"]
                if r["kind"] == "config" and "overridden" not in r["flags"]}
        problems = []
        if want != have:
            problems.append("values: configparser %r\n  envscan %r" % (want, have))
        diag_lines = sorted(x["line"] for x in g["diags"] if x["code"] == "config-syntax")
        if diag_lines != sorted(err_lines):
            problems.append("syntax lines: configparser %r envscan %r" % (err_lines, diag_lines))
        recs = g["recs"]
        for i, r in enumerate(recs):
            if r["kind"] != "config":
                continue
            mine = []
            for q in recs[i + 1:]:
                if q["kind"] != "reference":
                    break
                mine.append(q["key"])
            sect, opt = r.get("scope") or "", r["key"][len(r.get("scope") or "") + 1:]
            ref = refs_of(r.get("value") or "", sect, opt)
            if ref is not None and sorted(mine) != ref:
                problems.append("references of %s: python %r envscan %r" % (r["key"], ref, sorted(mine)))
        bad = show(bad, name, texts[name], problems)
    print("%d INI cases, %d differ" % (len(texts), bad))
    return 1 if bad else 0


PKEYS = ["key", "a.b.c", "server.port", "k\\ x", "k\\=q", "k\\:c", "#h", "!b", "\\u0041z", "x\\\\"]


def ptoken():
    return rng.choice([
        "word", "two words", "${DB_HOST}", "${server.port:8080}", "\\t", "\\n", "\\\\",
        "\\u00e9", "\\uD83D\\uDE00", "\\uD800", "\\u12g4", "\\q", "é", "=", ":", " ",
        "\t", "\f", "\\", "\\\n   ", "\\\r\n\t", "#", "!", "\\ ", "",
    ])


def pline():
    r = rng.randrange(12)
    ind = rng.choice(["", "", " ", "\t", "\f "])
    if r < 7:
        return (ind + rng.choice(PKEYS) + rng.choice(["=", ":", " ", " = ", "\t:\t", "  "]) +
                "".join(ptoken() for _ in range(rng.randrange(4))))
    if r < 8:
        return ind + rng.choice(["#", "!"]) + " comment" + rng.choice(["", "\\"])
    if r < 9:
        return ""
    if r < 10:
        return ind + "".join(ptoken() for _ in range(rng.randrange(1, 4)))
    return ind + rng.choice(PKEYS)


def make_props():
    lines = [pline() for _ in range(rng.randrange(1, 12))]
    eol = rng.choice(["\n", "\n", "\r\n", "\r"])
    return eol.join(lines) + rng.choice(["", eol, "\\"])


def unpair(s):
    """Lone surrogates as U+FFFD, pairs as their character."""
    return s.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def main_properties():
    here = os.path.dirname(os.path.abspath(__file__))
    if not shutil.which("java"):
        print("no java here: skip")
        return 77
    d, texts = write_cases("properties", make_props)
    got = scan(d)
    ref = subprocess.run(["java", os.path.join(here, "PropsDump.java")] + sorted(texts), cwd=d,
                         capture_output=True)
    if ref.returncode != 0:
        print("PropsDump failed:", ref.stderr.decode(errors="replace"))
        return 1
    bad = 0
    for ln in ref.stdout.decode().splitlines():
        name, status, rest = ln.split("\t", 2)
        g = got.get(name, {"recs": [], "diags": []})
        problems = []
        if status == "error":
            if not any(x["code"] == "config-syntax" and x["severity"] == "error" for x in g["diags"]):
                problems.append("java refuses the file (%s); envscan reports no error" % rest)
        else:
            want = {unpair(k): unpair(v) for k, v in json.loads(rest).items() if k != ""}
            have = {r["key"]: r.get("value") for r in g["recs"]
                    if r["kind"] == "config" and "overridden" not in r["flags"]}
            if want != have:
                problems.append("values: java %r\n  envscan %r" % (want, have))
        bad = show(bad, name, texts[name], problems)
    print("%d .properties cases, %d differ" % (len(texts), bad))
    return 1 if bad else 0


def jstring():
    return "".join(rng.choice(["a", "Z", " ", "\t", "\n", "\"", "\\", "/", "é", "\u2028",
                               "\U0001F600", "\ud800", "\udc00", "${X}", "$HOME", "\x01", "\x7f"])
                   for _ in range(rng.randrange(5)))


def jvalue(depth):
    r = rng.randrange(10 if depth < 6 else 6)
    if r == 0:
        return jstring()
    if r == 1:
        return rng.choice([0, -1, 7, 12345678901234567890123456789, -0.5, 1.5e300, 3.25e-7])
    if r == 2:
        return rng.choice([True, False, None])
    if r == 3:
        return rng.choice(["value", "${DB_URL:-x}", "", "true", "1"])
    if r == 4:
        return rng.choice(["0", "-0", "1E+2", "1.000", "-12.5e-3"])  # written numbers
    if r < 8:
        return [("dup", jvalue(depth + 1)) if rng.randrange(8) == 0 else
                (rng.choice(["a", "b", "a.b", "Items", "", "é", "k\"q"]), jvalue(depth + 1))
                for _ in range(rng.randrange(4))]
    return tuple(jvalue(depth + 1) for _ in range(rng.randrange(4)))


def jdump(v):
    """Serialize with random white space and escaping; a list of pairs is
    an object (so keys may repeat), a tuple an array."""
    ws = lambda: rng.choice(["", "", " ", "\n  ", "\t", "\r\n"])
    if isinstance(v, list):
        return "{" + ws() + ("," + ws()).join(
            jdump(k) + ws() + ":" + ws() + jdump(x) for k, x in v) + ws() + "}"
    if isinstance(v, tuple):
        return "[" + ws() + ("," + ws()).join(jdump(x) for x in v) + ws() + "]"
    if isinstance(v, str) and v in ("0", "-0", "1E+2", "1.000", "-12.5e-3"):
        return v
    lone = isinstance(v, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in v)
    return json.dumps(v, ensure_ascii=lone or rng.choice([True, False]))


def make_json():
    if rng.randrange(4):
        top = [(rng.choice(["a", "b", "dup", "x"]), jvalue(1)) for _ in range(rng.randrange(1, 5))]
    else:
        top = tuple(jvalue(1) for _ in range(rng.randrange(1, 4)))
    text = jdump(top)
    if rng.randrange(6) == 0:  # broken on purpose
        at = rng.randrange(len(text) + 1)
        text = text[:at] if rng.randrange(2) else text[:at] + rng.choice("{}[]:,\"x\\") + text[at:]
    return text


def flatten(v, path, out, leaf):
    """The leaves of a loaded document as envscan names them: leaf(path, v)."""
    if isinstance(v, dict):
        for k, x in v.items():
            flatten(x, path + ("." if path else "") + k, out, leaf)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            flatten(x, path + "[%d]" % i, out, leaf)
    elif path:
        out.append(leaf(path, v))


def json_leaf(path, v):
    """(path, text, is a string) of a json.loads leaf (numbers as Num)."""
    if v is True or v is False or v is None:
        return (path, json.dumps(v), False)
    is_str = isinstance(v, str) and not getattr(v, "num", False)
    return (path, unpair(v) if is_str else str(v), is_str)


class Num(str):
    num = True


def main_json():
    d, texts = write_cases("config.json", make_json)
    got = scan(d)
    bad = 0
    for name in sorted(texts):
        g = got.get(name, {"recs": [], "diags": []})
        problems = []
        errors = [x for x in g["diags"] if x["code"] in ("config-syntax", "config-limit")]
        try:
            ref = json.loads(texts[name].encode(), parse_int=Num, parse_float=Num)
        except ValueError as e:
            # envscan accepts a comma before a closing bracket, python does not
            lenient = re.sub(r",(\s*[\]}])", r"\1", texts[name])
            try:
                json.loads(lenient)
                ok_lenient = True
            except ValueError:
                ok_lenient = False
            # and a file with no value at all (empty), which gives nothing
            if not errors and not ok_lenient and texts[name].strip():
                problems.append("python refuses it (%s); envscan reports no error" % e)
            bad = show(bad, name, texts[name], problems)
            continue
        want = []
        flatten(ref, "", want, json_leaf)
        have = [(r["key"], r.get("value"), "quoted" in r["flags"]) for r in g["recs"]
                if r["kind"] == "config" and "overridden" not in r["flags"]]
        if errors:
            problems.append("python reads it; envscan: %s" % errors[0]["message"])
        if sorted(want) != sorted(have):
            problems.append("leaves: python %r\n  envscan %r" % (sorted(want), sorted(have)))
        bad = show(bad, name, texts[name], problems)
    print("%d JSON cases, %d differ" % (len(texts), bad))
    return 1 if bad else 0


def ydump(v, ind):
    """Block YAML with random scalar styles and some flow collections;
    a list of pairs is a mapping (keys may repeat), a tuple a sequence."""
    pad = " " * ind
    if isinstance(v, list) and v and rng.randrange(5):
        out = ""
        for k, x in v:
            out += pad + yscalar(k, key=True) + ":" + yvalue(x, ind)
        return out
    if isinstance(v, tuple) and v and rng.randrange(5):
        return "".join(pad + "-" + yvalue(x, ind + 2).replace("\n" + " " * (ind + 2), "\n" + " " * (ind + 2), 1)
                       for x in v)
    return pad + yflow(v) + "\n"


def yvalue(x, ind):
    if isinstance(x, (list, tuple)) and x and rng.randrange(4):
        return "\n" + ydump(x, ind + 2)
    return " " + yflow(x) + "\n"


def yflow(v):
    if isinstance(v, list):
        return "{" + ", ".join(yscalar(k, key=True) + ": " + yflow(x) for k, x in v) + "}"
    if isinstance(v, tuple):
        return "[" + ", ".join(yflow(x) for x in v) + "]"
    return yscalar(v)


def yscalar(v, key=False):
    if not isinstance(v, str):
        v = json.dumps(v)
    v = unpair(v).replace("\x7f", "")
    r = rng.randrange(3)
    if r == 0 and re.fullmatch(r"[A-Za-z0-9_.${}-][A-Za-z0-9_.${}:/ -]*", v) and not v.endswith(" ") \
            and ": " not in v and not v.endswith(":"):
        return v  # plain
    if r == 1 and "\n" not in v and "\t" not in v:
        return "'" + v.replace("'", "''") + "'"
    return json.dumps(v, ensure_ascii=False)


def make_yaml():
    top = [(rng.choice(["spring", "server", "dup", "a.b", "x"]), jvalue(1))
           for _ in range(rng.randrange(1, 5))]
    text = ydump(top, 0)
    if rng.randrange(8) == 0:
        text += "---\n" + ydump([("other", jvalue(2))], 0)
    return text


def main_yaml():
    try:
        import yaml
    except ImportError:
        print("PyYAML is not importable by %s: skip" % sys.executable)
        return 77
    d, texts = write_cases("yml", make_yaml)
    leaves = 0
    # the config naming rule: application*.yml
    for name in list(texts):
        os.rename(os.path.join(d, name), os.path.join(d, "application-" + name))
        texts["application-" + name] = texts.pop(name)
    got = scan(d)
    bad = 0
    for name in sorted(texts):
        g = got.get(name, {"recs": [], "diags": []})
        problems = []
        try:
            docs = list(yaml.load_all(texts[name], Loader=yaml.BaseLoader))
        except yaml.YAMLError as e:
            if not any(x["severity"] == "error" for x in g["diags"]):
                problems.append("PyYAML refuses it (%s); envscan reports no error" % e)
            bad = show(bad, name, texts[name], problems)
            continue
        want = []
        for doc in docs:
            flatten(doc, "", want, lambda p, v: (p, v))
        have = [(r["key"], r.get("value")) for r in g["recs"]
                if r["kind"] == "config" and "overridden" not in r["flags"]]
        leaves += len(want)
        if sorted(want) != sorted(have):
            problems.append("leaves: PyYAML %r\n  envscan %r" % (sorted(want), sorted(have)))
        bad = show(bad, name, texts[name], problems)
    print("%d YAML cases (%d leaves), %d differ" % (len(texts), leaves, bad))
    return 1 if bad else 0


TKEYS = ["a", "b", "key", "x-y", "_u", "1", "true", '"q.k"', "'lit'", '""', '"é\\n"', "a.b", '"a".b']


def tstring():
    """A string in one of the four styles (the style must fit the text)."""
    chars = ["a", "Z", " ", "\t", "\n", '"', "'", "\\", "é", "😀", "${DB}", "$HOME", "#", "=", "\x01",
             "\x7f", "\r\n", "\u2028"]
    v = "".join(rng.choice(chars) for _ in range(rng.randrange(5)))
    r = rng.randrange(5)
    if r == 1 and not any(c in v for c in "'\n\r\x01\x7f"):
        return "'" + v + "'"
    if r == 2 and "'''" not in v and not any(c in v for c in "\x01\x7f") and not v.endswith("'"):
        return "'''" + rng.choice(["", "\n"]) + v + "'''"
    esc = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": rng.choice(["\t", "\\t"]), "\r": "\\r",
           "\x01": "\\u0001", "\x7f": "\\u007F", "é": rng.choice(["é", "\\u00e9", "\\U000000E9"]),
           "😀": rng.choice(["😀", "\\U0001F600"])}
    body = "".join(esc.get(c, c) for c in v)
    if r == 3:
        body = body.replace("\\n", rng.choice(["\n", "\\n"]))
        return '"""' + rng.choice(["", "\n"]) + body + rng.choice(["", "\\\n   "]) + '"""'
    return '"' + body + '"'


def tint():
    v = rng.choice([0, 1, -1, 42, 7_000_000, 2**63 - 1, -2**63, 2**63, 255,
                    rng.randrange(-10**12, 10**12)])
    r = rng.randrange(5)
    if r == 0 and 0 <= v:
        return rng.choice(["0x%x" % v, "0x%X" % v, "0o%o" % v, "0b" + bin(v)[2:]])
    t = str(abs(v))
    if r == 1 and len(t) > 3:
        t = t[0] + "_" + t[1:]
    return ("-" if v < 0 else rng.choice(["", "", "+"])) + t


def tfloat():
    if rng.randrange(6) == 0:
        return rng.choice(["inf", "+inf", "-inf", "nan", "+nan", "-nan", "-0.0", "0e0", "1e400",
                           "5e-324", "2.2250738585072014e-308"])
    f = rng.choice([rng.uniform(-1e6, 1e6), rng.random() * 10 ** rng.randrange(-30, 30),
                    float(rng.randrange(10**17)), 0.1 * rng.randrange(100),
                    float(2 ** rng.randrange(-1074, 1024))])
    t = repr(f)
    if rng.randrange(2):  # another spelling of a nearby number
        t = ("%.*e" % (rng.randrange(0, 18), f)).replace("e+", rng.choice(["e+", "E", "e"]))
    if "." in t and rng.randrange(3) == 0:
        a, b = t.split(".", 1)
        if len(b) > 2 and b[0].isdigit() and b[1].isdigit():
            t = a + "." + b[0] + "_" + b[1:]
    return t


def tdate():
    date = "%04d-%02d-%02d" % (rng.randrange(0, 10000), rng.randrange(1, 13),
                               rng.randrange(1, 32 if rng.randrange(9) else 30))
    tm = "%02d:%02d:%02d" % (rng.randrange(24), rng.randrange(60),
                             rng.randrange(61 if rng.randrange(20) == 0 else 60))
    if rng.randrange(2):
        tm += "." + "".join(rng.choice("0123456789") for _ in range(rng.randrange(1, 10)))
    r = rng.randrange(4)
    if r == 0:
        return date
    if r == 1:
        return tm
    off = rng.choice(["", "Z", "z", "+00:00", "-00:00", "+05:30", "-08:00", "+23:59"])
    return date + rng.choice(["T", "t", " "]) + tm + off


def tvalue(depth):
    r = rng.randrange(9 if depth < 4 else 6)
    if r in (0, 5):
        return tstring()
    if r == 1:
        return tint()
    if r == 2:
        return tfloat()
    if r == 3:
        return rng.choice(["true", "false"])
    if r == 4:
        return tdate()
    if r < 8:
        sep = rng.choice([", ", ",", ",\n  ", " , # c\n"])
        items = [tvalue(depth + 1) for _ in range(rng.randrange(4))]
        return "[" + rng.choice(["", " ", "\n"]) + sep.join(items) + rng.choice(["", ",", "\n"]) + "]"
    keys = rng.sample(TKEYS, rng.randrange(4))
    return "{" + ", ".join(k + " = " + tvalue(depth + 1) for k in keys) + rng.choice([" }", "}"])


def tline():
    r = rng.randrange(12)
    key = lambda n: ".".join(rng.choice(TKEYS) for _ in range(n))
    if r < 6:
        return (key(rng.choice([1, 1, 1, 2, 3])) + rng.choice([" = ", "=", " =\t"]) + tvalue(0) +
                rng.choice(["", " # note", "\t#"]))
    if r < 8:
        return "[" + key(rng.randrange(1, 3)) + "]"
    if r < 10:
        return "[[" + key(rng.randrange(1, 3)) + "]]"
    return rng.choice(["", "# comment é", "   "])


def make_toml():
    text = "\n".join(tline() for _ in range(rng.randrange(1, 12))) + rng.choice(["", "\n"])
    if rng.randrange(3) == 0:
        text = text.replace("\n", "\r\n")
    data = text.encode()
    if rng.randrange(4) == 0:  # broken on purpose
        at = rng.randrange(len(data) + 1)
        edit = rng.choice([b"", b"=", b".", b'"', b"'", b"[", b"]", b"{", b"}", b",", b"\n", b"\r",
                           b"\\", b"#", b"_", b"\x7f", b"\x00", b"\xff", b"\t", b"0x", b"1", b"e",
                           b":", b"-", b"T", b"Z", b"\xed\xa0\x80"])
        data = data[:at] + edit + data[at + rng.choice([0, 0, 1]):]
    if rng.randrange(10) == 0:
        data = b"\xef\xbb\xbf" + data
    return data


def toml_big_int(v):
    """Raise OverflowError for an integer outside 64 bits anywhere in v."""
    for x in v.values() if isinstance(v, dict) else v if isinstance(v, list) else [v]:
        if isinstance(x, (dict, list)):
            toml_big_int(x)
        elif isinstance(x, int) and not isinstance(x, bool) and not -2**63 <= x < 2**63:
            raise OverflowError("integer %d outside 64 bits" % x)


def toml_leaf(path, v):
    """(path, text, is a string) as docs/config.md maps TOML values."""
    import datetime
    if isinstance(v, bool):
        return (path, "true" if v else "false", False)
    if isinstance(v, int):
        return (path, str(v), False)
    if isinstance(v, float):
        return (path, repr(v), False)
    if isinstance(v, (datetime.date, datetime.time)):
        return (path, v.isoformat(), False)
    return (path, v, True)


def main_toml():
    try:
        import tomllib
    except ImportError:
        print("no tomllib in %s (Python 3.11 or later): skip" % sys.executable)
        return 77
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from toml_cases import CASES
    d = os.path.join(out_dir, "toml")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    texts = {"config-case-%s.toml" % name: data for name, data in CASES}
    for i in range(count):
        texts["config-%05d.toml" % i] = make_toml()
    # doubles from random bit patterns, written shortest and with 17 digits
    import struct
    nums = [struct.unpack("<d", rng.randbytes(8))[0] for _ in range(max(count, 100))]
    texts["config-floats.toml"] = "".join(
        "f%d = %s\ng%d = %.17g\n" % (i, repr(x), i, x) for i, x in enumerate(nums)
        if x == x and abs(x) != float("inf")).replace("e+", "e").encode()
    for name, data in texts.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    got = scan(d)
    bad = accepted = leaves = 0
    for name in sorted(texts):
        g = got.get(name, {"recs": [], "diags": []})
        problems = []
        errors = [x for x in g["diags"] if x["severity"] == "error"]
        try:
            want = []
            doc = tomllib.loads(texts[name].decode("utf-8-sig"))
            toml_big_int(doc)
            flatten(doc, "", want, toml_leaf)
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, OverflowError) as e:
            # a NUL in the first 64 bytes: not parsed at all (binary-skipped)
            if not any(x["code"] in ("config-syntax", "binary-skipped") for x in g["diags"]):
                problems.append("tomllib refuses it (%s: %s); envscan reports no error" %
                                (type(e).__name__, e))
            bad = show(bad, name, texts[name], problems)
            continue
        accepted += 1
        leaves += len(want)
        have = [(r["key"], r.get("value"), "quoted" in r["flags"]) for r in g["recs"]
                if r["kind"] == "config"]
        if errors:
            problems.append("tomllib reads it; envscan: %s" % errors[0]["message"])
        if sorted(want) != sorted(have):
            problems.append("leaves: tomllib %r\n  envscan %r" % (sorted(want), sorted(have)))
        bad = show(bad, name, texts[name], problems)
    print("%d TOML cases (%d hand-written); tomllib reads %d (%d leaves) and refuses %d; %d differ" %
          (len(texts), len(CASES), accepted, leaves, len(texts) - accepted, bad))
    return 1 if bad else 0

sys.exit({"properties": main_properties, "json": main_json, "yaml": main_yaml,
          "toml": main_toml}.get(fmt, main_ini)())
