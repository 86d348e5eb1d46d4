"""The Python examples of README.md ("## Python") and docs/python.md run,
from the repository's root as the README says, and print what their
`# → ...` comments say they print (in that order; a trailing "..." leaves
the rest of that line open)."""

import os
import re
import subprocess
import sys
import unittest

from . import support


def python_blocks(path, section=None):
    with open(os.path.join(support.SOURCE_DIR, path), encoding="utf-8") as f:
        text = f.read()
    if section:
        start = text.index(f"\n## {section}\n")
        end = text.find("\n## ", start + 1)
        text = text[start:end if end >= 0 else len(text)]
    return re.findall(r"^```python\n(.*?)^```$", text, re.M | re.S)


class Examples(unittest.TestCase):

    def run_block(self, code):
        env = support.clean_env(PYTHONPATH=support.PACKAGE_DIR)
        if os.environ.get("LD_PRELOAD"):  # the ASan build's runtime, as here
            env["LD_PRELOAD"] = os.environ["LD_PRELOAD"]
        p = subprocess.run([sys.executable, "-c", code], cwd=support.SOURCE_DIR, env=env,
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, f"{code}\n---\n{p.stderr}")
        out = p.stdout
        pos = 0
        for want in re.findall(r"# → (.*)$", code, re.M):
            want = want.rstrip()
            if want.endswith("..."):
                want = want[:-3]
            found = out.find(want, pos)
            self.assertGreaterEqual(found, 0, f"{want!r} not printed (in order) by:\n{code}"
                                    f"\n---\n{out}")
            pos = found + len(want)
        return out

    def test_readme(self):
        blocks = python_blocks("README.md", "Python")
        self.assertEqual(len(blocks), 1)
        out = self.run_block(blocks[0])
        self.assertIn("datasets/sample/.env:5 PORT=3000", out)

    def test_docs_page(self):
        blocks = python_blocks(os.path.join("docs", "python.md"))
        self.assertGreaterEqual(len(blocks), 3)
        for i, code in enumerate(blocks):
            with self.subTest(block=i):
                self.run_block(code)


if __name__ == "__main__":
    unittest.main()
