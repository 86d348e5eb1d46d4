"""envscan: every environment variable a repository defines and uses.

A binding of libenvscan (the engine of the `envscan` command) through
ctypes: nothing to compile, nothing to install from PyPI. The library
itself is found through $ENVSCAN_LIBRARY, else the dynamic loader.

    import envscan
    with envscan.scan("path/to/repo") as result:
        for v in result.variables:
            print(v.file, v.line, v.key)
        for f in result.findings:
            print(f.code, f.severity, f.message)

    envscan.parse("A=1\\nB='two'\\n").as_dict()   # {'A': '1', 'B': 'two'}

See docs/python.md in the envscan repository.
"""

from ._core import Result, Scanner, parse, scan, version
from ._errors import (BY_STATUS, CancelledError, Error, InputOutputError, InternalError,
                      InvalidArgumentError, LibraryNotFoundError, NotFoundError,
                      OutOfMemoryError, OutOfRangeError, ParseError, UnknownOptionError,
                      UnsafeEditError, UnsupportedError)
from ._types import (File, FileFlag, Finding, Link, LinkFlag, Progress, RecordFlag, Stats,
                     Variable)

# The version of this binding: the library version it is written for (the
# tests check it against ENVSCAN_VERSION_STRING in envscan.h).
__version__ = "0.1.0"

__all__ = [
    "scan", "parse", "Scanner", "Result", "version",
    "Variable", "Finding", "File", "Link", "Stats", "Progress", "RecordFlag", "FileFlag",
    "LinkFlag",
    "Error", "LibraryNotFoundError", "InvalidArgumentError", "OutOfMemoryError",
    "InputOutputError", "OutOfRangeError", "UnknownOptionError", "UnsupportedError",
    "ParseError", "NotFoundError", "InternalError", "CancelledError", "UnsafeEditError",
    "BY_STATUS",
]

# Name the public classes after the package, not the private module that
# defines them, in reprs and tracebacks.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type):
        _obj.__module__ = __name__
del _name, _obj
