"""envscan.scan() against the command: the same tree, the same settings,
the same records, findings, files, links and statistics."""

import json
import os
import unittest

import envscan
from envscan._types import flag_names

from . import support


def record_json(v):
    """A Variable as the JSON report writes a record."""
    out = {"file": v.file, "line": v.line, "column": v.column, "format": v.format,
           "kind": v.kind, "key": v.key, "flags": sorted(flag_names(v.flags))}
    if v.value is not None:
        out["value"] = v.value
    if v.scope is not None:
        out["scope"] = v.scope
    return out


def finding_json(f):
    out = {"file": f.file, "line": f.line, "column": f.column, "severity": f.severity,
           "code": f.code, "message": f.message, "fingerprint": f.fingerprint}
    if f.key is not None:
        out["key"] = f.key
    if f.errno:
        out["errno"] = f.errno
    return out


def file_json(f):
    out = {"path": f.path, "format": f.format, "size": f.size, "records": f.record_count,
           "ignored": envscan.FileFlag.IGNORED in f.flags,
           "error": envscan.FileFlag.ERROR in f.flags}
    if envscan.FileFlag.LINKED in f.flags:
        out["linked"] = True
    return out


def link_json(k):
    out = {"file": k.file, "line": k.line, "column": k.column, "kind": k.kind,
           "target": k.target, "target_file": k.target_file,
           "flags": sorted(flag_names(k.flags))}
    for name in ("scope", "prefix", "key"):
        if getattr(k, name) is not None:
            out[name] = getattr(k, name)
    return out


def normalise(doc):
    """The parts of a JSON report compared, flags as sorted lists."""
    records = [dict(r, flags=sorted(r["flags"])) for r in doc["records"]]
    links = [dict(k, flags=sorted(k["flags"])) for k in doc.get("links", [])]
    return records, doc["diagnostics"], doc["files"], links, doc["stats"]


# (options of envscan.scan, the command's flags for the same thing, and
# the flags of a run whose report must differ from theirs on TREE, or None:
# where it differs, an option the binding dropped would show)
CASES = [
    ({}, [], None),
    ({"lint": "all"}, ["--lint=all"], []),
    ({"lint": False, "secrets": False, "analysis": False},
     ["--no-lint", "--no-secrets", "--no-analysis"], []),
    ({"dialect": "python"}, ["--dialect", "python"], []),
    ({"expand": True}, ["--expand"], []),
    ({"expand": False, "dialect": "python"}, ["--no-expand", "--dialect", "python"],
     ["--dialect", "python"]),
    ({"exclude": ["api/"]}, ["--exclude", "api/"], []),
    ({"hidden": False}, ["--no-hidden"], []),
    ({"rules": {"lint-space-character": False}}, ["--lint-disable", "space-character"], []),
    ({"allow_missing": "NOT_*"}, ["--allow-missing", "NOT_*"], []),
    ({"max_file_size": "100"}, ["--max-filesize", "100"], []),
    ({"env_names": ["*.envfile"]}, ["--env-name", "*.envfile"], []),
    ({"config_names": {"*.settings": "ini"}}, ["--config-name", "*.settings:ini"], None),
    ({"fingerprint_salt": "pepper"}, ["--fingerprint-salt", "pepper"], []),
    ({"threads": 1, "kernel": "scalar"}, ["-j", "1", "--kernel", "scalar"], None),
    ({"affinity": "compact"}, ["--affinity", "compact"], None),
]


class CompareWithCommand(support.TreeCase):

    def assert_same(self, result, doc):
        records, diags, files, links, stats = normalise(doc)
        self.assertEqual([record_json(v) for v in result.variables], records)
        self.assertEqual([finding_json(f) for f in result.findings], diags)
        self.assertEqual([file_json(f) for f in result.files], files)
        self.assertEqual([link_json(k) for k in result.links], links)
        ours = result.stats.as_dict()
        for key, value in stats.items():
            self.assertEqual(ours[key], value, f"stats.{key}")

    def test_options_match_the_command_flags(self):
        default = support.cli_json("--no-config", self.tree)
        self.assertTrue(default["records"] and default["diagnostics"] and default.get("links"))
        for options, flags, other in CASES:
            with self.subTest(options=options):
                doc = support.cli_json("--no-config", *flags, self.tree)
                if other is not None:
                    base = support.cli_json("--no-config", *other, self.tree)
                    self.assertNotEqual(normalise(doc)[:4], normalise(base)[:4],
                                        f"{flags} changes nothing on the tree: the case "
                                        "cannot tell an option dropped")
                with envscan.scan(self.tree, config=False, **options) as result:
                    self.assert_same(result, doc)

    def test_sample_tree(self):
        doc = support.cli_json("--no-config", support.SAMPLE)
        with envscan.scan(support.SAMPLE, config=False) as result:
            self.assertGreater(len(result.variables), 50)
            self.assert_same(result, doc)

    def test_several_roots(self):
        roots = [os.path.join(self.tree, "api"), os.path.join(self.tree, "web")]
        doc = support.cli_json("--no-config", *roots)
        with envscan.scan(iter(roots), config=False) as result:
            self.assertEqual({f.path.split("/")[-2] for f in result.files}, {"api", "web"})
            self.assert_same(result, doc)

    def test_report_is_the_commands_report(self):
        # not text: the command adds its own "by rule" tally to it
        for fmt in ("json", "ndjson", "sarif", "csv", "junit", "github", "markdown", "html",
                    "baseline"):
            with self.subTest(format=fmt):
                want = support.cli("--no-config", "--format", fmt, "--no-timing",
                                   "--color", "never", self.tree).stdout
                with envscan.scan(self.tree, config=False) as result:
                    self.assertEqual(result.report(fmt, timing=False), want)
        with envscan.scan(self.tree, config=False) as result:
            redacted = result.report("json", timing=False)
            shown = result.report("json", timing=False, show_secrets=True)
            bare = result.report("json", timing=False, values=False)
        self.assertNotIn("ghp_Zx81mQ4rT7vK2nB5pL9wC3yH6dF0sJ1aG8eU", redacted)
        self.assertIn("ghp_Zx81mQ4rT7vK2nB5pL9wC3yH6dF0sJ1aG8eU", shown)
        self.assertNotIn("localhost", bare)
        with self.assertRaisesRegex(ValueError, "format: unknown value 'yaml'"):
            envscan.Result.report(envscan.scan(self.tree, config=False), "yaml")


class Statistics(support.TreeCase):

    def test_names_and_timing_group(self):
        doc = support.cli("--no-config", "--format", "json", "--affinity", "spread",
                          self.tree).stdout
        want = json.loads(doc)["stats"]
        self.assertIn("walk_ns", want)
        with envscan.scan(self.tree, config=False, affinity="spread") as r:
            got = r.stats.as_dict()
        self.assertEqual(set(want) - set(got), set())  # every name the command uses
        for key in ("kernel", "affinity", "threads", "files_scanned", "bytes"):
            self.assertEqual(got[key], want[key], key)
        self.assertGreater(got["elapsed_ns"], 0)
        self.assertGreater(got["peak_rss_bytes"], 0)


class ConfigFile(support.TreeCase):
    """Settings from envscan.yml: found at the root as the command finds
    it, or named; severities and formats have no flag, only the file."""

    CONFIG = ("rules:\n  severity:\n    drift: error\n    duplicate-key: info\n"
              "scan:\n  formats:\n    python: false\n")

    def test_found_at_the_root_like_the_command(self):
        support.write_tree(self.tree, {"envscan.yml": self.CONFIG})
        doc = support.cli_json(self.tree)
        self.assertNotEqual(doc, support.cli_json("--no-config", self.tree))
        with envscan.scan(self.tree) as result:
            CompareWithCommand.assert_same(self, result, doc)
            self.assertIn("error", {f.severity for f in result.findings if f.code == "drift"})
        with envscan.scan(self.tree, config=False) as plain:
            self.assertIn("python", {f.format for f in plain.files})

    def test_options_equal_the_file(self):
        path = os.path.join(self.tree, "elsewhere.yml")
        support.write_tree(self.tree, {"elsewhere.yml": self.CONFIG})
        doc = support.cli_json("--config", path, self.tree)
        with envscan.scan(self.tree, config=path) as by_file:
            CompareWithCommand.assert_same(self, by_file, doc)
        with envscan.scan(self.tree, config=False,
                          severities={"drift": "error", "duplicate-key": "info"},
                          formats={"python": False}) as by_options:
            CompareWithCommand.assert_same(self, by_options, doc)

    def test_options_win_over_the_file(self):
        support.write_tree(self.tree, {"envscan.yml": "scan:\n  dialect: python\n"})
        with envscan.Scanner(config=os.path.join(self.tree, "envscan.yml")) as sc:
            self.assertEqual(sc.get_option("dialect"), 1)
        with envscan.Scanner(config=os.path.join(self.tree, "envscan.yml"),
                             dialect="node") as sc:
            self.assertEqual(sc.get_option("dialect"), 0)


if __name__ == "__main__":
    unittest.main()
