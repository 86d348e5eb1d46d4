"""What the tests share: where things are, the command to compare with,
and a small tree of every kind of file.

ctest passes ENVSCAN_LIBRARY (the library under test), ENVSCAN_CLI (the
command of the same build), ENVSCAN_LAYOUT_PROBE and ENVSCAN_SOURCE_DIR;
run by hand, point ENVSCAN_LIBRARY and ENVSCAN_CLI at a build tree.
"""

import json
import os
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("ENVSCAN_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(HERE)))
PACKAGE_DIR = os.path.dirname(HERE)
SAMPLE = os.path.join(SOURCE_DIR, "datasets", "sample")
FIXTURES = os.path.join(SOURCE_DIR, "tests", "conformance", "fixtures")
CLI = os.environ.get("ENVSCAN_CLI")
LAYOUT_PROBE = os.environ.get("ENVSCAN_LAYOUT_PROBE")


def clean_env(**extra):
    """The environment for a child process: none of the command's own
    settings, and no sanitizer runtime preloaded (the ASan build's command
    links its own)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("LD_PRELOAD", "ENVSCAN_CONFIG", "ENVSCAN_THREADS",
                        "ENVSCAN_FINGERPRINT_SALT", "ENVSCAN_KERNELS")}
    env.update(extra)
    return env


def cli(*args, cwd=None, ok=(0, 1)):
    """Run the envscan command; returns CompletedProcess (text)."""
    if not CLI:
        raise unittest.SkipTest("ENVSCAN_CLI is not set: no command to compare with")
    p = subprocess.run([CLI, *args], cwd=cwd, env=clean_env(), capture_output=True)
    # decoded by hand: text=True would turn a CSV report's CRLF into LF
    p.stdout = p.stdout.decode("utf-8", "surrogateescape")
    p.stderr = p.stderr.decode("utf-8", "surrogateescape")
    if p.returncode not in ok:
        raise AssertionError(f"envscan {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p


def cli_json(*args, cwd=None):
    """The command's JSON report of a scan, values shown as they are."""
    return json.loads(cli("--format", "json", "--no-timing", "--show-secrets", *args,
                          cwd=cwd).stdout)


def write_tree(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


# A tree with something for most of what a scan reports: definitions in
# several formats, references, code usages, a duplicate, lint findings, a
# secret, a template that drifts, compose links, config leaves.
TREE = {
    ".env": "APP_PORT=8080\nAPP_PORT=9090\nDB_HOST=localhost\n"
            "DB_URL=postgres://${DB_HOST}:5432/app\nGREETING = hello world\n"
            "GITHUB_TOKEN=ghp_Zx81mQ4rT7vK2nB5pL9wC3yH6dF0sJ1aG8eU\nexport EXPORTED=yes\n",
    ".env.example": "APP_PORT=\nDB_HOST=\nDB_URL=\nGREETING=\nSMTP_HOST=\n",
    "api/.env.production": "APP_PORT=80\nLOG_LEVEL='warn'\nMULTI=\"line one\nline two\"\n",
    "api/server.py": "import os\nport = os.environ['APP_PORT']\n"
                     "level = os.getenv('LOG_LEVEL', 'info')\nmissing = os.environ['NOT_DEFINED']\n",
    "web/index.js": "const url = process.env.DB_URL;\nconst k = process.env['API_' + x];\n",
    "compose.yaml": "services:\n  web:\n    image: nginx\n    env_file: [api/.env.production]\n"
                    "    environment:\n      - APP_PORT=${APP_PORT:-80}\n      - PASSTHRU\n",
    "config/settings.json": "{\"db\": {\"host\": \"db\", \"port\": 5432}}\n",
    "deploy/k8s.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
                       "  containers:\n    - name: c\n      image: x\n      env:\n"
                       "        - name: K8S_MODE\n          value: prod\n",
    "notes.envfile": "EXTRA_NAME=1\n",
    "big/.env.big": "BIG=" + "x" * 300 + "\n",
}


class TreeCase(unittest.TestCase):
    """A test case with TREE written to a fresh directory, self.tree."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="envscan-py-")
        self.tree = self._tmp.name
        write_tree(self.tree, TREE)

    def tearDown(self):
        self._tmp.cleanup()
