"""envscan.parse() against the command's `parse`: the dotenv fixtures of
the reference parsers, in both dialects."""

import json
import os
import unittest

import envscan

from . import support
from .test_scan import finding_json, record_json


def fixtures():
    """Every .env fixture (not the .json maps beside them)."""
    out = []
    for d, _, names in sorted(os.walk(support.FIXTURES)):
        for n in sorted(names):
            if not n.endswith((".json", ".md")):
                out.append(os.path.join(d, n))
    return out


class ParseLikeTheCommand(unittest.TestCase):

    def test_fixtures_map(self):
        paths = fixtures()
        self.assertGreater(len(paths), 50)
        compared = 0
        for path in paths:
            with open(path, "rb") as f:
                data = f.read()
            for dialect in ("node", "python"):
                with self.subTest(fixture=os.path.relpath(path, support.FIXTURES),
                                  dialect=dialect):
                    p = support.cli("parse", "--no-config", "--dialect", dialect, "--format",
                                    "json", path)
                    want = json.loads(p.stdout)
                    with envscan.parse(data, dialect=dialect, name=path) as result:
                        got = result.as_dict()
                    self.assertEqual(got, want)
                    compared += 1
        self.assertEqual(compared, 2 * len(paths))

    def test_fixtures_records_and_findings(self):
        for path in fixtures()[::5]:
            with open(path, "rb") as f:
                data = f.read()
            with self.subTest(fixture=os.path.relpath(path, support.FIXTURES)):
                lines = support.cli("parse", "--no-config", "--lint=all", "--show-secrets",
                                    "--format", "ndjson", path).stdout.splitlines()
                docs = [json.loads(x) for x in lines]
                with envscan.parse(data, name=path, lint="all") as result:
                    self.assertEqual([record_json(v) for v in result.variables],
                                     [dict(d["record"], flags=sorted(d["record"]["flags"]))
                                      for d in docs if d["type"] == "record"])
                    self.assertEqual([finding_json(f) for f in result.findings],
                                     [d["diagnostic"] for d in docs
                                      if d["type"] == "diagnostic"])

    def test_str_and_bytes(self):
        text = "A=1\nB='two'\n# comment\nC=\"x\\ny\"\nD=grüße ✓\n"
        want = {"A": "1", "B": "two", "C": "x\ny", "D": "grüße ✓"}
        self.assertEqual(envscan.parse(text).as_dict(), want)
        self.assertEqual(envscan.parse(text.encode()).as_dict(), want)
        self.assertEqual(envscan.parse(bytearray(text.encode())).as_dict(), want)

    def test_dialects_differ(self):
        text = "A=1\nB=${A}2\nBARE\n"
        self.assertEqual(envscan.parse(text).as_dict(), {"A": "1", "B": "${A}2"})
        self.assertEqual(envscan.parse(text, dialect="python").as_dict(),
                         {"A": "1", "B": "12", "BARE": None})
        self.assertEqual(envscan.parse(text, expand=True).as_dict()["B"], "12")

    def test_value_with_nul_bytes(self):
        # value_len, not strlen: a NUL inside a value is kept
        with envscan.parse(b"A=x\x00y\nB=\"p\x00q\"\n") as result:
            self.assertEqual(result.as_dict(), {"A": "x\x00y", "B": "p\x00q"})
            self.assertEqual([len(v.value) for v in result.variables], [3, 3])

    def test_other_formats(self):
        with envscan.parse("[db]\nhost = x\n", format="ini") as result:
            self.assertEqual([(v.key, v.value, v.kind, v.format) for v in result.variables],
                             [("db.host", "x", "config", "ini")])
        with envscan.parse("services:\n  a:\n    environment:\n      K: v\n",
                           format=None, name="compose.yaml") as result:
            self.assertEqual([(v.key, v.value, v.scope) for v in result.variables],
                             [("K", "v", "a")])
        with self.assertRaises(envscan.UnsupportedError):
            envscan.parse("x", format=None, name="no-format-here")
        with self.assertRaisesRegex(ValueError, "format: unknown value 'cobol'"):
            envscan.parse("x", format="cobol")


if __name__ == "__main__":
    unittest.main()
