"""The ctypes mirrors against envscan.h: struct layouts (offsetof from a C
program built from the header), constants, the version; and how the
library is found, or said not to be."""

import ctypes
import os
import re
import subprocess
import sys
import unittest

import envscan
from envscan import _core, _native, _types

from . import support

HEADER = os.path.join(support.SOURCE_DIR, "engine", "include", "envscan.h")


def header():
    with open(HEADER, encoding="utf-8") as f:
        return f.read()


def defines(prefix):
    """#define ENVSCAN_<prefix>NAME 0x..u -> {name: value}"""
    return {m.group(1): int(m.group(2), 0) for m in re.finditer(
        rf"^#define ENVSCAN_{prefix}(\w+) (0x[0-9a-fA-F]+|\d+)u?\b", header(), re.M)}


def enum_values(prefix):
    """ENVSCAN_<prefix>NAME = N inside enums -> {name: N}"""
    return {m.group(1): int(m.group(2)) for m in re.finditer(
        rf"^\s*ENVSCAN_{prefix}(\w+) = (-?\d+)", header(), re.M)}


class Layout(unittest.TestCase):

    def test_structs_match_the_compiler(self):
        if not support.LAYOUT_PROBE:
            self.skipTest("ENVSCAN_LAYOUT_PROBE is not set (ctest builds and sets it)")
        out = subprocess.run([support.LAYOUT_PROBE], env=support.clean_env(),
                             capture_output=True, text=True, check=True).stdout
        mirrors = {"envscan_record": _native.Record, "envscan_file": _native.File,
                   "envscan_diagnostic": _native.Diagnostic, "envscan_link": _native.Link}
        seen = set()
        for line in out.splitlines():
            name, size, *fields = line.split()
            cls = mirrors[name]
            seen.add(name)
            with self.subTest(struct=name):
                self.assertEqual(ctypes.sizeof(cls), int(size))
                want = [tuple(f.split(":")) for f in fields]
                got = [(f[0], str(getattr(cls, f[0]).offset), str(getattr(cls, f[0]).size))
                       for f in cls._fields_]
                self.assertEqual(got, want)
        self.assertEqual(seen, set(mirrors))


class Constants(unittest.TestCase):

    def test_flags(self):
        for cls, prefix in ((_types.RecordFlag, "RECORD_"), (_types.FileFlag, "FILE_"),
                            (_types.LinkFlag, "LINK_")):
            with self.subTest(flags=cls.__name__):
                want = defines(prefix)
                self.assertTrue(want)
                self.assertEqual({f.name: f.value for f in cls}, want)

    def test_enums(self):
        self.assertEqual(_core._OPT, {k.lower(): v for k, v in enum_values("OPT_").items()})
        renamed = {"FILES_SKIPPED_SIZE": "files_too_large", "PEAK_RSS": "peak_rss_bytes"}
        self.assertEqual(_types.STAT_IDS, {renamed.get(k, k.lower()): v
                                           for k, v in enum_values("STAT_").items()})
        self.assertEqual(_core._SEVERITIES,
                         {v: k.lower() for k, v in enum_values("SEVERITY_").items()})
        self.assertEqual(_core._KINDS, {v: k.lower() for k, v in enum_values("KIND_").items()})
        flags = defines("REPORT_")
        self.assertEqual({k: flags[k.upper()] for k in _core._REPORT_FLAGS},
                         _core._REPORT_FLAGS)

    def test_version(self):
        want = re.search(r'#define ENVSCAN_VERSION_STRING "([^"]+)"', header()).group(1)
        self.assertEqual(envscan.__version__, want)
        self.assertEqual(envscan.version(), want)


def run_python(code, **env):
    """Run code in a fresh interpreter with the package importable and the
    given environment variables (None removes one)."""
    e = support.clean_env(PYTHONPATH=support.PACKAGE_DIR)
    # the ASan build's library needs its runtime preloaded, as in this process
    if os.environ.get("LD_PRELOAD"):
        e["LD_PRELOAD"] = os.environ["LD_PRELOAD"]
    for k, v in env.items():
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    return subprocess.run([sys.executable, "-c", code], env=e, capture_output=True, text=True)


class Finding(unittest.TestCase):

    def test_named_library(self):
        p = run_python("import envscan; print(envscan.version())")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.strip(), envscan.__version__)

    def test_not_found_says_so(self):
        missing = "/nonexistent/libenvscan.so.0"
        p = run_python("import envscan\n"
                       "try:\n    envscan.parse('A=1')\n"
                       "except envscan.LibraryNotFoundError as e:\n"
                       "    print(isinstance(e, ImportError), isinstance(e, envscan.Error))\n"
                       "    print(e)\n", ENVSCAN_LIBRARY=missing)
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.splitlines()
        self.assertEqual(lines[0], "True True")
        self.assertIn("cannot load the shared library", lines[1])
        self.assertIn(missing + " ($ENVSCAN_LIBRARY)", p.stdout)
        self.assertIn("Set ENVSCAN_LIBRARY=", p.stdout)

    def test_not_envscan(self):
        libc = "libc.so.6"
        p = run_python("import envscan\nenvscan.parse('A=1')\n", ENVSCAN_LIBRARY=libc)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("LibraryNotFoundError: envscan: libc.so.6 is not libenvscan", p.stderr)

    def test_dynamic_loader_search(self):
        lib = os.environ.get("ENVSCAN_LIBRARY")
        if not lib:
            self.skipTest("ENVSCAN_LIBRARY is not set")
        p = run_python("import envscan, envscan._native as n\nenvscan.parse('A=1')\n"
                       "import ctypes\nprint(n.lib()._name)\n",
                       ENVSCAN_LIBRARY=None, LD_LIBRARY_PATH=os.path.dirname(lib))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.strip(), "libenvscan.so.0")

    def test_import_needs_no_library(self):
        p = run_python("import envscan; print(envscan.__version__, envscan.Result.__module__)",
                       ENVSCAN_LIBRARY="/nonexistent/lib.so")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.split(), [envscan.__version__, "envscan"])


if __name__ == "__main__":
    unittest.main()
