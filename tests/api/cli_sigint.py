#!/usr/bin/env python3
"""Ctrl-C stops `envscan` in the middle of a scan (envscan_cancel() from
its SIGINT handler): exit status 130, "interrupted" on stderr, and fewer
files reported than the tree holds.

Usage: cli_sigint.py ENVSCAN_CLI [FILES]

No clock: the command streams its text report into a pipe of one page
that this script reads. Once the first file's lines have come, the scan
is delivering files; the script sends SIGINT and only then reads on, so
the command can have written at most a page more when the signal lands,
and each later file must see the cancel before it is delivered.
"""
import fcntl
import os
import signal
import subprocess
import sys
import tempfile

CLI = sys.argv[1]
FILES = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
F_SETPIPE_SZ = 1031


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for d in range(FILES // 100):
            os.mkdir(os.path.join(tmp, f"d{d:04}"))
            for i in range(100):
                with open(os.path.join(tmp, f"d{d:04}", f"f{i:03}.env"), "w") as f:
                    f.write(f"KEY_{d}_{i}=value {i}\nOTHER_{i}=x\n")
        r, w = os.pipe()
        fcntl.fcntl(w, F_SETPIPE_SZ, 4096)
        p = subprocess.Popen([CLI, "--no-analysis", "--color", "never", tmp],
                             stdout=w, stderr=subprocess.PIPE)
        os.close(w)
        out = os.fdopen(r, "rb")
        first = out.readline()
        if not first.startswith(tmp.encode()):
            sys.exit(f"first line is not a file: {first!r}")
        p.send_signal(signal.SIGINT)
        rest = out.read()
        err = p.stderr.read().decode()
        code = p.wait()
        files = 1 + sum(1 for line in rest.splitlines() if line.startswith(tmp.encode()))
        problems = []
        if code != 130:
            problems.append(f"exit status {code}, want 130")
        if "envscan: interrupted" not in err:
            problems.append(f"stderr does not say interrupted: {err!r}")
        if files >= FILES:
            problems.append(f"{files} of {FILES} files reported: the scan was not stopped")
        if problems:
            sys.exit("\n".join(problems))
        print(f"cli_sigint: stopped after {files} of {FILES} files, exit 130")


main()
