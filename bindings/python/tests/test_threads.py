"""Scans in two threads run at the same time: the GIL is released while
the library works (ctypes.CDLL does that around each foreign call)."""

import ctypes
import faulthandler
import os
import sys
import threading
import unittest

import envscan
from envscan import _native

from . import support

# If a scan held the GIL, the first test below would never end: a watchdog
# thread of faulthandler (C code, it needs no GIL) then prints every
# thread's stack and exits the process, which fails the run.
WATCHDOG_SECONDS = 300


def in_threads(target, args):
    """Run target(a) for each a of args, each in a thread of its own, and
    wait for all of them."""
    threads = [threading.Thread(target=target, args=(a,)) for a in args]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def one_file_tree(root, name):
    support.write_tree(root, {f"{name}/.env": f"{name.upper()}=1\n"})
    return os.path.join(root, name)


class GilReleased(support.TreeCase):

    def setUp(self):
        super().setUp()
        faulthandler.dump_traceback_later(WATCHDOG_SECONDS, exit=True)

    def tearDown(self):
        faulthandler.cancel_dump_traceback_later()
        super().tearDown()

    def test_two_scans_meet_inside_the_library(self):
        """Each scan's file callback is pthread_barrier_wait on one barrier
        of two: C code, no Python, no GIL. The barrier opens only when two
        threads wait at it at once, that is when both scans are inside the
        library at the same moment. Had the first scan kept the GIL while
        it waited, the second thread could not have started its scan."""
        if not sys.platform.startswith("linux"):
            self.skipTest("pthread barriers through libc: Linux only")
        libc = ctypes.CDLL(None)
        if not hasattr(libc, "pthread_barrier_wait"):
            self.skipTest("libc has no pthread_barrier_wait")
        barrier = ctypes.create_string_buffer(256)  # glibc's pthread_barrier_t: 32 bytes
        self.assertEqual(libc.pthread_barrier_init(barrier, None, 2), 0)
        # int pthread_barrier_wait(pthread_barrier_t *) called as
        # int (*)(void *ctx, const envscan_result *): the extra argument is
        # ignored by the callee in the Linux calling conventions.
        wait = ctypes.cast(libc.pthread_barrier_wait, _native.FILE_FN)
        roots = [one_file_tree(self.tree, "a"), one_file_tree(self.tree, "b")]
        outcomes = {}

        def run(root):
            sc = envscan.Scanner(threads=1)
            _native.lib().envscan_set_file_callback(sc._handle, wait, ctypes.addressof(barrier))
            try:
                with sc.scan(root) as r:
                    outcomes[root] = ("returned", r.stats.files_scanned)
            except (envscan.CancelledError, envscan.InvalidArgumentError):
                # exactly one waiter gets PTHREAD_BARRIER_SERIAL_THREAD (-1),
                # which as a callback's answer stops its scan. (The header
                # says a scan so stopped returns ENVSCAN_E_CANCELLED; the
                # library of this version takes a negative answer for a
                # status and returns it: -1, ENVSCAN_E_INVALID.)
                outcomes[root] = ("stopped",)
            finally:
                sc.close()

        in_threads(run, roots)
        libc.pthread_barrier_destroy(barrier)
        self.assertEqual(sorted(outcomes.values()), [("returned", 1), ("stopped",)])

    def test_python_callbacks_of_two_scans_meet(self):
        """The same with on_file in Python: each scan waits in its first
        callback for the other's, so both were in flight at once, and the
        callbacks took the GIL from whichever thread the library used."""
        meet = threading.Barrier(2, timeout=60)
        seen = {"a": [], "b": []}

        def on_file(name):
            def callback(part):
                if not seen[name]:
                    meet.wait()
                seen[name].append((part.files[0].path, threading.get_ident()))
            return callback

        support.write_tree(self.tree, {f"{n}/{i}/.env": f"K{i}=v\n"
                                       for n in "ab" for i in range(20)})
        results = {}

        def run(name):
            with envscan.scan(os.path.join(self.tree, name), config=False, threads=2,
                              on_file=on_file(name)) as r:
                results[name] = r.stats.files_scanned

        in_threads(run, "ab")
        self.assertFalse(meet.broken)
        self.assertEqual(results, {"a": 20, "b": 20})
        self.assertEqual([len(seen[n]) for n in "ab"], [20, 20])
        self.assertEqual([p for p, _ in seen["a"]], sorted(p for p, _ in seen["a"]))


class Progress(support.TreeCase):

    def test_from_inside_and_after_a_scan(self):
        """progress() takes no lock: it answers while the scanner is busy
        (here from on_file), and the files delivered so far have been read."""
        seen = []

        def on_file(part):
            seen.append(sc.progress())

        sc = envscan.Scanner(threads=2, on_file=on_file)
        with sc.scan(self.tree) as r:
            stats = r.stats
        after = sc.progress()
        sc.close()
        self.assertEqual(len(seen), stats.files_scanned)
        for delivered, p in enumerate(seen, 1):
            self.assertGreaterEqual(p.files, delivered)
            self.assertLessEqual(p.files, stats.files_scanned)
            self.assertLessEqual(p.bytes, stats.bytes)
        # (a streamed scan leaves total_bytes at 0 in this version)
        self.assertEqual((after.files, after.bytes), (stats.files_scanned, stats.bytes))
        with self.assertRaisesRegex(ValueError, "scanner is closed"):
            sc.progress()
        with envscan.Scanner() as sc:
            with sc.scan(self.tree) as r:
                stats = r.stats
            self.assertEqual(sc.progress(), envscan.Progress(stats.files_scanned, stats.bytes,
                                                             stats.bytes))


class ResultsUnderThreads(unittest.TestCase):

    def test_concurrent_scans_give_the_sequential_answer(self):
        with envscan.scan(support.SAMPLE, config=False) as r:
            want = (list(r.variables), list(r.findings))
        got = [None] * 4

        def run(i):
            with envscan.scan(support.SAMPLE, config=False) as r:
                got[i] = (list(r.variables), list(r.findings))

        in_threads(run, range(4))
        self.assertEqual(got, [want] * 4)

    def test_one_result_read_by_many_threads(self):
        with envscan.scan(support.SAMPLE, config=False) as r:
            want = list(r.variables)
            got = [None] * 4

            def read(i):
                got[i] = list(r.variables)

            in_threads(read, range(4))
        self.assertEqual(got, [want] * 4)


if __name__ == "__main__":
    unittest.main()
