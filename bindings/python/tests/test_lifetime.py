"""Who frees what, and when: results and scanners are freed exactly once
(close, with, or garbage collection); records are copies that outlive
their result; nothing is read from a freed result; records are read on
demand, not all at once."""

import gc
import os
import unittest

import envscan
from envscan import _native

from . import support


class Counting:
    """Replaces one function of the loaded library with a wrapper that
    records its arguments (restored by undo())."""

    def __init__(self, name):
        self.lib = _native.lib()
        self.name = name
        self.real = getattr(self.lib, name)
        self.calls = []

        def wrapper(*args):
            self.calls.append(args)
            return self.real(*args)

        setattr(self.lib, name, wrapper)

    def undo(self):
        setattr(self.lib, self.name, self.real)


class Freeing(support.TreeCase):

    def setUp(self):
        super().setUp()
        self.result_free = Counting("envscan_result_free")
        self.scanner_free = Counting("envscan_scanner_free")

    def tearDown(self):
        self.result_free.undo()
        self.scanner_free.undo()
        super().tearDown()

    def freed(self):
        return [a[0] for a in self.result_free.calls]

    def test_with_block_frees_once(self):
        with envscan.scan(self.tree, config=False) as r:
            handle = r._handle
            self.assertEqual(self.freed(), [])
        self.assertEqual(self.freed(), [handle])
        r.close()
        r.close()
        del r
        gc.collect()
        self.assertEqual(self.freed(), [handle])
        # the scan's own scanner was freed before scan() returned
        self.assertEqual(len(self.scanner_free.calls), 1)

    def test_garbage_collection_frees(self):
        r = envscan.parse("A=1\n")
        handle = r._handle
        del r
        gc.collect()
        self.assertEqual(self.freed(), [handle])

    def test_a_cycle_is_freed_by_the_collector(self):
        r = envscan.parse("A=1\n")
        handle = r._handle
        r.me = r  # a cycle: only the cycle collector can free it
        del r
        self.assertEqual(self.freed(), [])
        gc.collect()
        self.assertEqual(self.freed(), [handle])

    def test_scanner_close_keeps_results(self):
        sc = envscan.Scanner()
        r1 = sc.scan(self.tree)
        r2 = sc.parse("A=1\n")
        sc.close()
        sc.close()
        self.assertEqual(len(self.scanner_free.calls), 1)
        self.assertTrue(sc.closed)
        self.assertGreater(len(r1.variables), 10)
        self.assertEqual(r2.as_dict(), {"A": "1"})
        with self.assertRaisesRegex(ValueError, "scanner is closed"):
            sc.scan(self.tree)
        r1.close()
        r2.close()
        self.assertEqual(len(self.freed()), 2)

    def test_file_parts_are_not_freed_by_python(self):
        parts = []
        with envscan.scan(self.tree, config=False, on_file=parts.append) as r:
            handle = r._handle
            self.assertEqual(len(parts), r.stats.files_scanned)
        self.assertGreater(len(parts), 5)
        self.assertEqual(self.freed(), [handle])


class RecordsOutliveTheResult(support.TreeCase):

    def test_copies(self):
        r = envscan.scan(self.tree, config=False)
        variables = list(r.variables)
        findings = r.findings[:]
        files = list(r.files)
        links = list(r.links)
        stats = r.stats
        view = r.variables
        r.close()
        gc.collect()
        # every string was copied out: reading them now touches no C memory
        self.assertIn("DB_URL", {v.key for v in variables})
        self.assertIn("postgres://${DB_HOST}:5432/app", {v.value for v in variables})
        self.assertIn("duplicate-key", {f.code for f in findings})
        self.assertTrue(all(f.path.startswith(self.tree) for f in files))
        self.assertEqual(links[0].target, "api/.env.production")
        self.assertEqual(stats.files_scanned, len(files))
        for read in (lambda: r.variables, lambda: r.findings, lambda: r.stats and r.files,
                     lambda: view[0], lambda: list(view), lambda: r.max_severity,
                     lambda: r.report("json")):
            with self.assertRaisesRegex(ValueError, "result is closed"):
                read()
        self.assertEqual(repr(r), "<envscan.Result closed>")

    def test_closed_while_iterating(self):
        r = envscan.scan(self.tree, config=False)
        it = iter(r.variables)
        first = next(it)
        r.close()
        with self.assertRaisesRegex(ValueError, "result is closed"):
            next(it)
        self.assertEqual(first.file, os.path.join(self.tree, ".env"))

    def test_records_are_frozen(self):
        with envscan.parse("A=1\n") as r:
            v = r.variables[0]
        with self.assertRaises(AttributeError):
            v.key = "B"
        self.assertEqual(hash(v), hash(envscan.parse("A=1\n").variables[0]))


class OnDemand(support.TreeCase):
    """Result.variables reads a record when it is indexed, not before."""

    def setUp(self):
        super().setUp()
        self.record = Counting("envscan_result_record")

    def tearDown(self):
        self.record.undo()
        super().tearDown()

    def test_lazy(self):
        with envscan.scan(self.tree, config=False) as r:
            view = r.variables
            n = len(view)
            self.assertGreater(n, 20)
            self.assertEqual(self.record.calls, [])
            last = view[-1]
            self.assertEqual([a[1] for a in self.record.calls], [n - 1])
            it = iter(view)
            next(it)
            next(it)
            self.assertEqual([a[1] for a in self.record.calls], [n - 1, 0, 1])
            self.assertEqual(view[n - 1], last)
            self.assertEqual(view[1:4], [view[1], view[2], view[3]])
            self.assertEqual(view[::-1][0], last)
            with self.assertRaises(IndexError):
                view[n]
            with self.assertRaises(IndexError):
                view[-n - 1]
            with self.assertRaises(TypeError):
                view["a"]
            self.assertEqual(repr(view), f"<envscan variables: {n}>")


class FileCallback(support.TreeCase):

    def test_parts_in_path_order(self):
        seen = []

        def on_file(part):
            self.assertEqual(len(part.files), 1)
            seen.append((part.files[0].path, list(part.variables), list(part.findings)))
            kept.append(part)

        kept = []
        with envscan.scan(self.tree, config=False, on_file=on_file) as r:
            self.assertEqual(len(r.files), 0)
            self.assertEqual(len(r.variables), 0)
            self.assertEqual(r.stats.files_scanned, len(seen))
        with envscan.scan(self.tree, config=False) as whole:
            self.assertEqual([p for p, _, _ in seen], [f.path for f in whole.files])
            self.assertEqual([v for _, vs, _ in seen for v in vs], list(whole.variables))
            # per-file findings only: the cross-file ones need the whole tree
            per_file = [f for _, _, fs in seen for f in fs]
            self.assertTrue(set(per_file) <= set(whole.findings))
            self.assertIn("duplicate-key", {f.code for f in per_file})
        # a part is lent for the call only
        self.assertTrue(all(p.closed for p in kept))
        with self.assertRaisesRegex(ValueError, "result is closed"):
            kept[0].variables

    def test_exception_stops_the_scan(self):
        calls = []

        class Stop(Exception):
            pass

        def on_file(part):
            calls.append(part.files[0].path)
            raise Stop("enough")

        with self.assertRaisesRegex(Stop, "enough"):
            envscan.scan(self.tree, config=False, threads=1, on_file=on_file)
        self.assertEqual(len(calls), 1)

    def test_a_scan_from_inside_a_callback_is_refused(self):
        sc = envscan.Scanner(on_file=lambda part: sc.scan(self.tree))
        with self.assertRaisesRegex(RuntimeError, "one Scanner per thread"):
            sc.scan(self.tree)
        sc.close()

    def test_no_close_from_inside_a_callback(self):
        sc = envscan.Scanner(on_file=lambda part: sc.close())
        with self.assertRaisesRegex(RuntimeError, "running another call"):
            sc.scan(self.tree)
        self.assertFalse(sc.closed)
        sc.close()
        self.assertTrue(sc.closed)

    def test_callback_off_again(self):
        sc = envscan.Scanner(on_file=print)
        sc._set_on_file(None)
        with sc.scan(self.tree) as r:
            self.assertEqual(len(r.files), r.stats.files_scanned)
            self.assertGreater(len(r.files), 5)
        sc.close()


class SecretsStaySecret(support.TreeCase):

    def test_repr_redacts(self):
        with envscan.scan(self.tree, config=False) as r:
            token = [v for v in r.variables if v.key == "GITHUB_TOKEN"][0]
            plain = [v for v in r.variables if v.key == "DB_HOST"][0]
        self.assertTrue(token.secret)
        self.assertTrue(token.value.startswith("ghp_"))  # the program can use it
        self.assertNotIn(token.value, repr(token))
        self.assertIn("<secret>", repr(token))
        self.assertIn("'localhost'", repr(plain))
        self.assertFalse(plain.secret)


if __name__ == "__main__":
    unittest.main()
