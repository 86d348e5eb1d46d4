"""pip installs the package offline, from the directory and from its
sdist, with nothing from PyPI; it imports from where it was installed and
uninstalls without leftovers. (Not named test_*: ctest runs it on its own,
once, as python_install; it does not need the library's build flavour.)"""

import os
import subprocess
import sys
import tempfile
import unittest

from . import support

sys.path.insert(0, os.path.join(support.PACKAGE_DIR, "_build"))
import envscan_build  # noqa: E402


def run(*args, cwd=None, check=True):
    env = support.clean_env(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
                            PIP_NO_CACHE_DIR="1")
    env.pop("PYTHONPATH", None)
    p = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {p.returncode}:\n{p.stdout}\n{p.stderr}")
    return p


class Install(unittest.TestCase):

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="envscan-install-")
        self.tmp = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def smoke(self, python, cwd, where):
        """Import the installed package (not the source tree) and parse."""
        code = ("import envscan, sys\nprint(envscan.__file__)\n"
                "print(envscan.parse('A=1\\nB=x y').as_dict())\n")
        p = run(python, "-c", code, cwd=cwd)
        path, mapping = p.stdout.splitlines()
        self.assertTrue(path.startswith(where), (path, where))
        self.assertEqual(mapping, "{'A': '1', 'B': 'x y'}")

    def test_venv_install_and_uninstall(self):
        venv = os.path.join(self.tmp, "venv")
        # --without-pip: the venv borrows the interpreter's own pip through
        # --system-site-packages, as a machine without network would
        run(sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv)
        py = os.path.join(venv, "bin", "python")
        run(py, "-m", "pip", "install", support.PACKAGE_DIR)
        self.smoke(py, self.tmp, os.path.realpath(venv) + "/")
        p = run(py, "-m", "pip", "show", "-f", "envscan")
        self.assertIn("Version: 0.1.0", p.stdout)
        self.assertIn("envscan/_core.py", p.stdout)
        run(py, "-m", "pip", "uninstall", "-y", "envscan")
        p = run(py, "-c", "import envscan", cwd=self.tmp, check=False)
        self.assertIn("No module named 'envscan'", p.stderr)
        leftovers = [os.path.relpath(os.path.join(d, n), venv)
                     for d, _, names in os.walk(venv) for n in names]
        leftovers = [p for p in leftovers if "envscan" in p]
        self.assertEqual(leftovers, [])

    def test_sdist_builds_the_same_package(self):
        name = envscan_build.build_sdist(self.tmp)
        self.assertEqual(name, "envscan-0.1.0.tar.gz")
        target = os.path.join(self.tmp, "target")
        run(sys.executable, "-m", "pip", "install", "--target", target,
            os.path.join(self.tmp, name))
        self.smoke(sys.executable, target, os.path.realpath(target) + "/")
        installed = sorted(n for n in os.listdir(os.path.join(target, "envscan"))
                           if n.endswith(".py"))
        self.assertEqual(installed, sorted(
            n for n in os.listdir(os.path.join(support.PACKAGE_DIR, "envscan"))
            if n.endswith(".py")))

    def test_wheel_is_reproducible(self):
        a, b = os.path.join(self.tmp, "a"), os.path.join(self.tmp, "b")
        os.mkdir(a)
        os.mkdir(b)
        name = envscan_build.build_wheel(a)
        self.assertEqual(envscan_build.build_wheel(b), name)
        self.assertEqual(name, "envscan-0.1.0-py3-none-any.whl")
        with open(os.path.join(a, name), "rb") as fa, open(os.path.join(b, name), "rb") as fb:
            self.assertEqual(fa.read(), fb.read())


if __name__ == "__main__":
    unittest.main()
