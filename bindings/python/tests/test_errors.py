"""Status codes become exceptions that carry the library's detail; options
the binding does not know, or values it cannot take, are refused naming
the option."""

import errno
import os
import re
import unittest

import envscan
from envscan import _core, _native

from . import support


class StatusCodes(unittest.TestCase):

    def header_codes(self):
        with open(os.path.join(support.SOURCE_DIR, "engine", "include", "envscan.h")) as f:
            return {name: int(v) for name, v in
                    re.findall(r"^\s*ENVSCAN_(E_\w+) = (-\d+)", f.read(), re.M)}

    def test_one_class_per_code(self):
        codes = self.header_codes()
        self.assertEqual(len(codes), 11)
        self.assertEqual(set(codes.values()), set(envscan.BY_STATUS))
        lib = _native.lib()
        for name, status in codes.items():
            cls = envscan.BY_STATUS[status]
            with self.subTest(code=name):
                self.assertTrue(issubclass(cls, envscan.Error))
                self.assertEqual(cls.status, status)
                # without a scanner, the message is the code's own text
                with self.assertRaises(cls) as cm:
                    _core._check(status)
                self.assertEqual(str(cm.exception), lib.envscan_strerror(status).decode())
                self.assertNotEqual(str(cm.exception), "unknown status")
        self.assertTrue(issubclass(envscan.InputOutputError, OSError))
        self.assertTrue(issubclass(envscan.InvalidArgumentError, ValueError))
        self.assertTrue(issubclass(envscan.OutOfRangeError, ValueError))
        self.assertTrue(issubclass(envscan.NotFoundError, LookupError))
        self.assertTrue(issubclass(envscan.OutOfMemoryError, MemoryError))

    def test_a_code_this_binding_does_not_know(self):
        with self.assertRaises(envscan.Error) as cm:
            _core._check(-99)
        self.assertEqual(type(cm.exception), envscan.Error)
        self.assertEqual(cm.exception.status, -99)
        self.assertEqual(str(cm.exception), "unknown status")


class Detail(support.TreeCase):

    def test_missing_root(self):
        path = os.path.join(self.tree, "no-such-dir")
        with self.assertRaises(envscan.InputOutputError) as cm:
            envscan.scan(path, config=False)
        e = cm.exception
        self.assertIsInstance(e, OSError)
        self.assertEqual(e.errno, errno.ENOENT)
        self.assertEqual(e.path, path)
        self.assertEqual(e.filename, path)
        self.assertEqual(e.status, -3)
        p = support.cli("--no-config", path, ok=(2,))
        self.assertEqual(p.stderr.strip(), f"envscan: {e}")

    def test_bad_config_has_path_line_column(self):
        support.write_tree(self.tree, {"envscan.yml": "scan:\n  dialect: node\n  exclud: [x]\n"})
        path = os.path.join(self.tree, "envscan.yml")
        with self.assertRaises(envscan.ParseError) as cm:
            envscan.scan(self.tree)  # found at the root, as the command finds it
        e = cm.exception
        self.assertEqual((e.path, e.line, e.column), (path, 3, 3))
        self.assertIn("did you mean 'exclude'?", str(e))
        self.assertTrue(str(e).startswith(f"{path}:3:3: "))
        p = support.cli(self.tree, ok=(2,))
        self.assertEqual(p.stderr.strip(), f"envscan: {e}")
        # and through Scanner(config=...)
        with self.assertRaises(envscan.ParseError) as cm:
            envscan.Scanner(config=path)
        self.assertEqual(cm.exception.line, 3)

    def test_unreadable_config(self):
        path = os.path.join(self.tree, "nope.yml")
        with self.assertRaises(envscan.InputOutputError) as cm:
            envscan.scan(self.tree, config=path)
        self.assertEqual(cm.exception.errno, errno.ENOENT)
        self.assertEqual(cm.exception.path, path)

    def test_bad_baseline(self):
        support.write_tree(self.tree, {"base.txt": "not a baseline\n"})
        path = os.path.join(self.tree, "base.txt")
        with self.assertRaises(envscan.ParseError) as cm:
            envscan.scan(self.tree, config=False, baseline=path)
        self.assertEqual(cm.exception.path, path)
        # (envscan_last_error_detail() gives line 0 here although the
        # message has the place: the message is what is checked)
        self.assertTrue(str(cm.exception).startswith(f"{path}:1:1: "), str(cm.exception))
        p = support.cli("--no-config", "--baseline", path, self.tree, ok=(2,))
        self.assertEqual(p.stderr.strip(), f"envscan: {cm.exception}")

    def test_baseline_leaves_findings_out(self):
        with envscan.scan(self.tree, config=False) as r:
            n = len(r.findings)
            baseline = r.report("baseline")
        self.assertGreater(n, 5)
        support.write_tree(self.tree, {"base.txt": baseline})
        with envscan.scan(self.tree, config=False,
                          baseline=os.path.join(self.tree, "base.txt")) as r:
            self.assertEqual(len(r.findings), 0)
            self.assertEqual(r.stats.baselined, n)


class Options(unittest.TestCase):

    def test_unknown_option_is_a_type_error_naming_it(self):
        for call in (lambda: envscan.scan(".", colour=True),
                     lambda: envscan.parse("A=1", threds=2),
                     lambda: envscan.Scanner(Lint="all")):
            with self.assertRaises(TypeError) as cm:
                call()
            self.assertRegex(str(cm.exception), r"unknown option '(colour|threds|Lint)'")
            self.assertIn("known: config,", str(cm.exception))
        with self.assertRaisesRegex(TypeError, "unknown option 'colour'"):
            envscan.Scanner().get_option("colour")

    def test_bad_values_name_the_option(self):
        cases = [
            ({"threads": 5000}, envscan.OutOfRangeError, "threads"),
            ({"threads": -1}, envscan.OutOfRangeError, "threads"),
            ({"threads": "2"}, TypeError, "threads: expected an int"),
            ({"threads": True}, TypeError, "threads: expected an int"),
            ({"dialect": "bash"}, ValueError, r"dialect: unknown value 'bash' \(node, python\)"),
            ({"dialect": "compose"}, envscan.UnsupportedError, "compose"),
            ({"kernel": "avx9000"}, ValueError, "kernel: unknown value 'avx9000'"),
            ({"lint": "most"}, ValueError, "lint: unknown value 'most'"),
            ({"lint": 3}, envscan.OutOfRangeError, "lint"),
            ({"hidden": "no"}, TypeError, "hidden: expected True or False"),
            ({"expand": 2}, TypeError, "expand: expected True or False"),
            ({"max_file_size": "ten"}, ValueError, "max_file_size: 'ten' is not a size"),
            ({"max_file_size": 0}, envscan.OutOfRangeError, "max_file_size"),
            ({"exclude": 5}, TypeError, "exclude: expected a list of strings"),
            ({"exclude": ["a", 5]}, TypeError, "exclude: expected strings"),
            ({"rules": {"no-such-rule": False}}, envscan.NotFoundError,
             "rules: 'no-such-rule'"),
            ({"rules": ["lint-x"]}, TypeError, "rules: expected a dict"),
            ({"severities": {"drift": "fatal"}}, ValueError,
             r"severities\['drift'\]: unknown value 'fatal'"),
            ({"formats": {"cobol": True}}, ValueError, "formats: unknown value 'cobol'"),
            ({"formats": {"dotenv": False}}, envscan.UnsupportedError, "formats: 'dotenv'"),
            ({"config_names": {"*.x": "yaml"}}, envscan.InvalidArgumentError,
             r"config_names: '\*.x'"),
            ({"fingerprint_salt": ""}, envscan.InvalidArgumentError, "fingerprint_salt"),
            ({"allow_missing": [""]}, envscan.InvalidArgumentError, "allow_missing"),
            ({"on_file": 3}, TypeError, "on_file: expected a callable"),
            ({"config": True}, TypeError, r"config=True .* is for envscan.scan\(\)"),
        ]
        for options, exc, pattern in cases:
            with self.subTest(options=options):
                with self.assertRaisesRegex(exc, pattern):
                    envscan.Scanner(**options)

    def test_accepted_forms(self):
        with envscan.Scanner(threads=3, kernel="scalar", dialect="python", expand=None,
                             lint="all", hidden=False, max_file_size="2K",
                             ignore_files=0, exclude="one/") as sc:
            self.assertEqual([sc.get_option(n) for n in
                              ("threads", "kernel", "dialect", "expand", "lint", "hidden",
                               "max_file_size", "ignore_files")],
                             [3, 1, 1, -1, 2, 0, 2048, 0])
        for value, want in ((False, 0), (True, 1), ("off", 0), ("default", 1), (2, 2)):
            with envscan.Scanner(lint=value) as sc:
                self.assertEqual(sc.get_option("lint"), want)

    def test_unsupported_kernel(self):
        other = "neon" if os.uname().machine in ("x86_64", "i686") else "avx2"
        with self.assertRaises(envscan.UnsupportedError):
            envscan.Scanner(kernel=other)


if __name__ == "__main__":
    unittest.main()
