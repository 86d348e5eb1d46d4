#!/usr/bin/python3
"""Check envscan's CSV, JUnit, GitHub and Markdown reports of one tree
against its JSON report, with real parsers: csv (RFC 4180 dialect),
xml.etree (well-formed XML, counts in attributes), the runner's own
unescaping of workflow commands, and the Markdown row cap.
Usage: check_formats.py FORMAT REPORT JSON"""
import csv
import io
import json
import re
import sys
import xml.etree.ElementTree as ET

fmt, report, json_path = sys.argv[1:4]
with open(json_path, encoding="utf-8", errors="surrogateescape") as f:
    diags = json.load(f)["diagnostics"]
with open(report, "rb") as f:
    raw = f.read()
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def text(b):
    return b.decode("utf-8", errors="surrogateescape")


if fmt == "csv":
    check(raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""),
          "every line ends with CRLF, no bare LF")
    rows = list(csv.reader(io.StringIO(text(raw), newline="")))
    check(rows[0] == ["severity", "rule", "file", "line", "column", "key", "message",
                      "fingerprint"], "header row: %r" % rows[0])
    check(len(rows) - 1 == len(diags), "%d rows for %d diagnostics" % (len(rows) - 1, len(diags)))
    for row, d in zip(rows[1:], diags):
        want = [d["severity"], d["code"], d["file"] or "", str(d["line"]), str(d["column"]),
                d.get("key") or "", d["message"], d["fingerprint"]]
        check(row == want, "row %r != %r" % (row, want))

elif fmt == "junit":
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        print("FAIL: not well-formed XML: %s" % e)
        sys.exit(1)
    check(root.tag == "testsuites", "root element %s" % root.tag)
    cases = fails = 0
    seen = []
    for suite in root.findall("testsuite"):
        tc = suite.findall("testcase")
        fl = [c for c in tc if c.find("failure") is not None]
        check(int(suite.get("tests")) == len(tc), "suite %r: tests=%s, %d testcases"
              % (suite.get("name"), suite.get("tests"), len(tc)))
        check(int(suite.get("failures")) == len(fl), "suite %r: failures=%s, %d failures"
              % (suite.get("name"), suite.get("failures"), len(fl)))
        cases += len(tc)
        fails += len(fl)
        for c in tc:
            if c.get("classname") != "envscan":
                seen.append(c)
    check(int(root.get("tests")) == cases and int(root.get("failures")) == fails,
          "totals: tests=%s failures=%s, counted %d and %d"
          % (root.get("tests"), root.get("failures"), cases, fails))
    check(len(seen) == len(diags), "%d testcases for %d diagnostics" % (len(seen), len(diags)))
    by_fp = {d["fingerprint"]: d for d in diags}
    for c in seen:
        body = c.find("failure")
        body = body if body is not None else c.find("system-out")
        m = re.search(r"fingerprint ([0-9a-f]{32})", body.text or "")
        d = by_fp.get(m.group(1)) if m else None
        check(d is not None, "testcase %r names no diagnostic" % c.get("name"))
        if d is None:
            continue
        failed = c.find("failure") is not None
        check(failed == (d["severity"] != "info"), "%s: failure for a %s"
              % (c.get("name"), d["severity"]))
        if failed:
            # XML forbids some characters; envscan writes U+FFFD for them
            msg = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", d["message"])
            check(c.find("failure").get("message") == msg, "%s: message" % c.get("name"))
        if d["file"] is not None:
            f = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", d["file"])
            check(c.get("file") == f, "%s: file %r != %r" % (c.get("name"), c.get("file"), f))

elif fmt == "github":
    lines = text(raw).split("\n")
    check(lines[-1] == "", "ends with a newline")
    lines = lines[:-1]
    check(len(lines) == len(diags), "%d commands for %d diagnostics" % (len(lines), len(diags)))

    def unescape(s, prop):
        s = s.replace("%0D", "\r").replace("%0A", "\n")
        if prop:
            s = s.replace("%3A", ":").replace("%2C", ",")
        return s.replace("%25", "%")

    cmd = {"error": "error", "warning": "warning", "info": "notice"}
    for line, d in zip(lines, diags):
        m = re.fullmatch(r"::(error|warning|notice)(?: ([^:]*))?::(.*)", line)
        check(m is not None, "not a workflow command: %r" % line)
        if not m:
            continue
        props = dict(p.split("=", 1) for p in m.group(2).split(",")) if m.group(2) else {}
        props = {k: unescape(v, True) for k, v in props.items()}
        check(m.group(1) == cmd[d["severity"]], "%r: command" % line)
        check(unescape(m.group(3), False) == d["message"], "%r: message" % line)
        check(props.get("title") == d["code"], "%r: title" % line)
        check(props.get("file") == d["file"], "%r: file %r" % (line, props.get("file")))
        check(props.get("line") == (str(d["line"]) if d["line"] else None), "%r: line" % line)

elif fmt == "markdown":
    md = text(raw)
    check(md.startswith("## envscan\n"), "heading")
    rows = [l for l in md.split("\n") if l.startswith("| ") and not l.startswith("| file |")
            and not l.startswith("| files |") and not l.startswith("| ---")]
    shown = len(rows) - 1  # the counts row
    more = sum(int(n) for n in re.findall(r"^\.\.\. and (\d+) more", md, re.M))
    check(shown + more == len(diags), "%d rows + %d more for %d diagnostics"
          % (shown, more, len(diags)))
    check(shown <= 500, "%d rows: over the cap" % shown)
    check(len(raw) < 1 << 20, "under GitHub's 1 MiB summary limit")
    for r in rows[1:]:
        cells = re.split(r"(?<!\\)\|", r)[1:-1]
        check(len(cells) == 4, "a row with %d cells: %r" % (len(cells), r))
        check("<" not in r and ">" not in r, "raw HTML in a row: %r" % r)
else:
    sys.exit("unknown format " + fmt)

for f in failures[:20]:
    print("FAIL: %s: %s" % (report, f))
sys.exit(1 if failures else 0)
