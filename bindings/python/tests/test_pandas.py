"""Result.to_pandas(): a DataFrame when pandas is there, a clear
ImportError when it is not."""

import importlib.util
import sys
import types
import unittest
from unittest import mock

import envscan

from . import support

HAVE_PANDAS = importlib.util.find_spec("pandas") is not None


class WithoutPandas(support.TreeCase):

    @unittest.skipIf(HAVE_PANDAS, "pandas is installed: its absence cannot be seen here")
    def test_not_installed(self):
        with envscan.scan(self.tree, config=False) as r:
            with self.assertRaisesRegex(ImportError, r"to_pandas\(\) needs pandas"):
                r.to_pandas()

    def test_import_blocked(self):
        # None in sys.modules makes `import pandas` fail, installed or not
        with mock.patch.dict(sys.modules, {"pandas": None}):
            with envscan.scan(self.tree, config=False) as r:
                with self.assertRaises(ImportError) as cm:
                    r.to_pandas()
        self.assertIn("needs pandas", str(cm.exception))
        self.assertIsInstance(cm.exception.__cause__, ImportError)


class FakeFrame:
    def __init__(self, data, columns):
        self.data = data
        self.columns = columns


class Columns(support.TreeCase):
    """What to_pandas hands pandas.DataFrame, seen through a stand-in."""

    def test_columns_and_rows(self):
        fake = types.ModuleType("pandas")
        fake.DataFrame = FakeFrame
        with mock.patch.dict(sys.modules, {"pandas": fake}):
            with envscan.scan(self.tree, config=False) as r:
                variables = list(r.variables)
                findings = list(r.findings)
                df = r.to_pandas()
                dff = r.to_pandas("findings")
                with self.assertRaisesRegex(ValueError, "what='records'"):
                    r.to_pandas("records")
        self.assertEqual(df.columns, ["key", "value", "file", "line", "column", "format",
                                      "kind", "flags", "scope"])
        rows = list(zip(*(df.data[c] for c in df.columns)))
        self.assertEqual(rows, [(v.key, v.value, v.file, v.line, v.column, v.format, v.kind,
                                 int(v.flags), v.scope) for v in variables])
        self.assertTrue(all(type(x) is int for x in df.data["flags"]))
        self.assertEqual(dff.data["code"], [f.code for f in findings])


@unittest.skipUnless(HAVE_PANDAS, "pandas is not installed")
class WithPandas(support.TreeCase):

    def test_dataframe(self):
        with envscan.scan(self.tree, config=False) as r:
            variables = list(r.variables)
            df = r.to_pandas()
            files = r.to_pandas("files")
        self.assertEqual(len(df), len(variables))
        self.assertEqual(list(df["key"]), [v.key for v in variables])
        self.assertEqual(set(df.loc[df["kind"] == "usage", "format"]),
                         {"python", "javascript"})
        self.assertEqual(len(files), len({v.file for v in variables}))


if __name__ == "__main__":
    unittest.main()
