#!/usr/bin/env python3
"""Run one program of examples/ and check what it prints.

Usage: check_examples.py NAME PROGRAM ENVSCAN_CLI SAMPLE_DIR

Each check has an answer found without the program: written here for a
small tree or text whose answer can be read off it, or taken from the
command's reports (`envscan -f json`, `envscan parse -f ndjson`) on
the same input. Exits 1 with a diff-like message on the first mismatch.
"""
import json
import os
import subprocess
import sys
import tempfile

NAME = sys.argv[1]
PROGRAM, CLI, SAMPLE = (os.path.abspath(a) for a in sys.argv[2:5])


def fail(what, got, want):
    sys.stderr.write(f"{NAME}: {what}\n--- got\n{got}\n--- want\n{want}\n")
    sys.exit(1)


def run(args, cwd=None, stdin=None, codes=(0,)):
    p = subprocess.run(args, cwd=cwd, input=stdin, capture_output=True, text=True)
    if p.returncode not in codes:
        fail(f"{args} exited {p.returncode}: {p.stderr.strip()}", p.stdout, f"exit in {codes}")
    return p


def cli_json(args, cwd=None):
    # the command exits 0, or 1 when a diagnostic reaches --fail-on
    return json.loads(run([CLI, "-f", "json", *args], cwd=cwd, codes=(0, 1)).stdout)


def write_tree(root, files):
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)


# Code reads five variables; .env defines two of them and HOME is the
# system's: API_KEY and SECRET_TOKEN are missing, each reported at its
# first read in path order (app/index.js sorts before app/main.py).
INDEX_JS = ("const t = process.env.SECRET_TOKEN;\n"
            "const p = process.env.PORT;\n"
            "const k = process.env.API_KEY;\n")
MAIN_PY = ("import os\n"
           "url = os.environ[\"DB_URL\"]\n"
           "key = os.getenv(\"API_KEY\")\n"
           "home = os.environ[\"HOME\"]\n"
           "port = os.getenv(\"PORT\")\n")
APP = {"app/.env": "DB_URL=postgres://db/app\nPORT=3000\n",
       "app/index.js": INDEX_JS, "app/main.py": MAIN_PY}


def at(text, line, key):
    """LINE:COLUMN of `key` on 1-based line `line` of `text`."""
    return f"{line}:{text.splitlines()[line - 1].index(key) + 1}"


def missing_from_cli(root, cwd=None):
    doc = cli_json([root], cwd=cwd)
    return "".join(f"{d['key']} {d['file']}:{d['line']}:{d['column']}\n"
                   for d in doc["diagnostics"] if d["code"] == "missing")


def check_missing_keys():
    with tempfile.TemporaryDirectory() as tmp:
        write_tree(tmp, APP)
        want = (f"SECRET_TOKEN app/index.js:{at(INDEX_JS, 1, 'SECRET_TOKEN')}\n"
                f"API_KEY app/index.js:{at(INDEX_JS, 3, 'API_KEY')}\n")
        got = run([PROGRAM], cwd=tmp, codes=(1,)).stdout
        if got != want:
            fail("missing keys of the small tree", got, want)
        if got != missing_from_cli(".", cwd=tmp):
            fail("the command's missing findings", got, missing_from_cli(".", cwd=tmp))
        # a config file that excludes index.js: API_KEY's first read is
        # then in main.py, and SECRET_TOKEN is read nowhere
        with open(os.path.join(tmp, "envscan.yml"), "w") as f:
            f.write("scan:\n  exclude:\n    - app/index.js\n")
        want = f"API_KEY app/main.py:{at(MAIN_PY, 3, 'API_KEY')}\n"
        got = run([PROGRAM], cwd=tmp, codes=(1,)).stdout
        if got != want or got != missing_from_cli(".", cwd=tmp):
            fail("missing keys with envscan.yml", got, want)
        with open(os.path.join(tmp, "envscan.yml"), "w") as f:
            f.write("scan:\n  exlude: []\n")
        p = run([PROGRAM], cwd=tmp, codes=(2,))
        if "envscan.yml:2:3" not in p.stderr or "exclude" not in p.stderr:
            fail("a bad envscan.yml", p.stderr, "envscan.yml:2:3: ... 'exclude' ...")
        os.remove(os.path.join(tmp, "envscan.yml"))
        # define them: nothing is missing, and the program says so by exit 0
        with open(os.path.join(tmp, "app/.env"), "a") as f:
            f.write("API_KEY=k\nSECRET_TOKEN=t\n")
        got = run([PROGRAM, "app"], cwd=tmp, codes=(0,)).stdout
        if got != "":
            fail("nothing missing once defined", got, "")
    # the sample: whatever the command finds
    want = missing_from_cli(SAMPLE)
    got = run([PROGRAM, SAMPLE], codes=(0, 1)).stdout
    if got != want:
        fail("missing keys of the sample", got, want)


def records_lines(records, with_values=True):
    out = []
    for r in records:
        line = f"{r['line']}:{r['column']} {r['kind']} {r['key']}"
        if with_values and "value" in r:
            line += "=" + r["value"]
        out.append(line + "\n")
    return "".join(out)


def check_scan_buffer():
    # the text built into the program, read off by eye
    want = ("2:8 definition API_URL=https://api.example.test\n"
            "3:1 definition GREETING=hello world\n"
            "4:1 definition PORT=3000\n"
            "5:1 definition PORT=3001\n")
    got = run([PROGRAM]).stdout
    if not got.startswith(want):
        fail("records of the built-in text", got, want)
    rest = got[len(want):].splitlines()
    if len(rest) != 1 or not rest[0].startswith("4:1 warning[duplicate-key] PORT "):
        fail("diagnostics of the built-in text", "\n".join(rest),
             "4:1 warning[duplicate-key] PORT ...")
    # a .env text on standard input against `envscan parse -f ndjson`
    text = ("# comment\n"
            "export A=1\n"
            "B='single quoted'\n"
            "C=\"two\\nlines\"\n"
            "D = spaced\n"
            "not a definition\n"
            "E=\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "t.env")
        with open(path, "w") as f:
            f.write(text)
        lines = run([CLI, "parse", "-f", "ndjson", path], codes=(0, 1)).stdout.splitlines()
        items = [json.loads(x) for x in lines]
        want = records_lines(x["record"] for x in items if x["type"] == "record") + "".join(
            f"{d['line']}:{d['column']} {d['severity']}[{d['code']}] {d['message']}\n"
            for d in (x["diagnostic"] for x in items if x["type"] == "diagnostic"))
        got = run([PROGRAM, ".env"], stdin=text).stdout
        if got != want:
            fail("a .env text against envscan parse -f ndjson", got, want)
        if "definition A=1" not in got or "syntax" not in got:
            fail("the .env text's records and syntax finding", got, "A=1 ... syntax")
        # code, told by its name: the records of the same file in a tree scan
        with open(os.path.join(tmp, "main.py"), "w") as f:
            f.write(MAIN_PY)
        doc = cli_json([os.path.join(tmp, "main.py")])
        want = records_lines(doc["records"])
        got = run([PROGRAM, "main.py"], stdin=MAIN_PY).stdout
        if got != want or got.count(" usage ") != 4:
            fail("a Python text against the command", got, want)


def stream_from_cli(root, cwd=None):
    doc = cli_json([root], cwd=cwd)
    out, k = [], 0
    recs = doc["records"]
    for f in doc["files"]:
        out.append(f"{f['path']} {f['format']} {f['records']}\n")
        for r in recs[k:k + f["records"]]:
            assert r["file"] == f["path"]
            out.append(f"  {r['line']}:{r['column']} {r['kind']} {r['key']}\n")
        k += f["records"]
    st = doc["stats"]
    out.append(f"files {len(doc['files'])}, definitions {st['definitions']}, "
               f"usages {st.get('usages', 0)}\n")
    return "".join(out)


def check_stream_tree():
    with tempfile.TemporaryDirectory() as tmp:
        write_tree(tmp, APP)
        want = ("app/.env dotenv 2\n"
                "  1:1 definition DB_URL\n"
                "  2:1 definition PORT\n"
                "app/index.js javascript 3\n"
                f"  {at(INDEX_JS, 1, 'SECRET_TOKEN')} usage SECRET_TOKEN\n"
                f"  {at(INDEX_JS, 2, 'PORT')} usage PORT\n"
                f"  {at(INDEX_JS, 3, 'API_KEY')} usage API_KEY\n"
                "app/main.py python 4\n"
                f"  {at(MAIN_PY, 2, 'DB_URL')} usage DB_URL\n"
                f"  {at(MAIN_PY, 3, 'API_KEY')} usage API_KEY\n"
                f"  {at(MAIN_PY, 4, 'HOME')} usage HOME\n"
                f"  {at(MAIN_PY, 5, 'PORT')} usage PORT\n"
                "files 3, definitions 2, usages 7\n")
        got = run([PROGRAM, "app"], cwd=tmp).stdout
        if got != want:
            fail("the small tree, streamed", got, want)
        want = stream_from_cli("app", cwd=tmp)
        if got != want:
            fail("the small tree against the command", got, want)
    want = stream_from_cli(SAMPLE)
    got = run([PROGRAM, SAMPLE]).stdout
    if got != want:
        fail("the sample, streamed, against the command", got, want)
    if got.count("\n") < 50:
        fail("the sample has files and records", got, "50 lines or more")


def check_hello():
    # the two lines of the text in hello.c, read off by eye
    want = "API_URL=https://api.example.test (line 1)\nPORT=3000 (line 2)\n"
    got = run([PROGRAM]).stdout
    if got != want:
        fail("hello's records", got, want)


def check_report():
    # the same bytes and exit status as the command's, format by format
    with tempfile.TemporaryDirectory() as tmp:
        write_tree(tmp, APP)
        with open(os.path.join(tmp, "app/compose.yaml"), "w") as f:
            f.write("services:\n  web:\n    env_file: nowhere.env\n")  # an error
        for root in (SAMPLE, tmp):
            for fmt in ("json", "ndjson", "sarif", "csv", "markdown", "baseline"):
                cli = subprocess.run([CLI, "-f", fmt, "--no-timing", root],
                                     capture_output=True)
                got = subprocess.run([PROGRAM, fmt, root], capture_output=True)
                if got.stdout != cli.stdout or got.returncode != cli.returncode:
                    fail(f"{fmt} of {root} (exit {got.returncode}, the command's "
                         f"{cli.returncode})", got.stdout.decode()[:2000],
                         cli.stdout.decode()[:2000])
            doc = cli_json([root])
            st = doc["stats"]
            want = (f"json: {len(cli_json_bytes(root))} bytes; {st['files_scanned']} files, "
                    f"{st['errors']} errors, {st['warnings']} warnings\n")
            got = run([PROGRAM, "json", root], codes=(0, 1)).stderr
            if got != want:
                fail(f"the summary of {root}", got, want)
        if run([PROGRAM, "json", tmp], codes=(1,)).returncode != 1:
            fail("an error makes the exit status 1", "", "")
    run([PROGRAM, "no-such-format"], codes=(2,))


def cli_json_bytes(root):
    return run([CLI, "-f", "json", "--no-timing", root], codes=(0, 1)).stdout.encode()


{"hello": check_hello, "missing_keys": check_missing_keys, "report": check_report, "scan_buffer": check_scan_buffer,
 "stream_tree": check_stream_tree}[NAME]()
print(f"{NAME}: as expected")
