"""The shared library, found, loaded and described to ctypes.

Everything here mirrors engine/include/envscan.h: the structs the getters
hand out (the header pins their layout for a major version; the tests
compare these mirrors with offsetof() of a C program built from the same
header), and a prototype for every function the binding calls.

The library is loaded on first use, not at import, so that `import envscan`
works (and says what it is) on a machine without the library; the first
call that needs it raises LibraryNotFoundError saying where it looked.

ctypes.CDLL releases the GIL around every foreign call, so a scan in one
thread lets other Python threads run; callbacks (CFUNCTYPE) take the GIL
back while Python code runs in them, from whichever thread calls them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_int, c_int64, c_size_t,
                    c_uint, c_uint16, c_uint32, c_uint64, c_void_p)

from ._errors import LibraryNotFoundError

# The ABI this binding is written against: the header's major version (the
# soname) and the oldest minor that has every function below.
ABI_MAJOR = 0
ABI_MIN_NUMBER = 100  # 0.1.0, as ENVSCAN_VERSION_NUMBER counts

SONAME = "libenvscan.so.0"
ENV_VAR = "ENVSCAN_LIBRARY"


class Record(Structure):
    _fields_ = [
        ("key", c_void_p),  # with key_len: read with string_at(key, key_len)
        ("key_len", c_size_t),
        ("value", c_void_p),  # may hold NUL bytes: value_len says how long
        ("value_len", c_size_t),
        ("file", c_char_p),
        ("scope", c_char_p),
        ("line", c_uint32),
        ("column", c_uint32),
        ("format", c_uint16),
        ("kind", c_uint16),
        ("flags", c_uint32),
    ]


class File(Structure):
    _fields_ = [
        ("path", c_char_p),
        ("format", c_int),
        ("flags", c_uint32),
        ("size", c_uint64),
        ("first_record", c_size_t),
        ("record_count", c_size_t),
    ]


class Diagnostic(Structure):
    _fields_ = [
        ("code", c_char_p),
        ("severity", c_int),
        ("message", c_char_p),
        ("file", c_char_p),
        ("line", c_uint32),
        ("column", c_uint32),
        ("sys_errno", c_int),
        ("key", c_char_p),
        ("fingerprint", c_char_p),
    ]


class Link(Structure):
    _fields_ = [
        ("file", c_char_p),
        ("line", c_uint32),
        ("column", c_uint32),
        ("scope", c_char_p),
        ("kind", c_uint32),
        ("flags", c_uint32),
        ("target", c_char_p),
        ("target_file", c_char_p),
        ("prefix", c_char_p),
        ("key", c_char_p),
    ]


# int (*)(void *ctx, const char *data, size_t len)
WRITE_FN = CFUNCTYPE(c_int, c_void_p, POINTER(ctypes.c_char), c_size_t)
# int (*)(void *ctx, const envscan_result *file_result)
FILE_FN = CFUNCTYPE(c_int, c_void_p, c_void_p)

_p = c_void_p  # every opaque handle
_out = POINTER(c_void_p)
_PROTOTYPES = {
    # name: (restype, argtypes)
    "envscan_version": (c_char_p, []),
    "envscan_version_number": (c_uint, []),
    "envscan_strerror": (c_char_p, [c_int]),
    "envscan_format_name": (c_char_p, [c_int]),
    "envscan_format_from_name": (c_int, [c_char_p, POINTER(c_int)]),
    "envscan_kind_name": (c_char_p, [c_int]),
    "envscan_severity_name": (c_char_p, [c_int]),
    "envscan_severity_from_name": (c_int, [c_char_p, POINTER(c_int)]),
    "envscan_dialect_from_name": (c_int, [c_char_p, POINTER(c_int)]),
    "envscan_kernel_name": (c_char_p, [c_int]),
    "envscan_kernel_from_name": (c_int, [c_char_p, POINTER(c_int)]),
    "envscan_affinity_name": (c_char_p, [c_int]),
    "envscan_affinity_from_name": (c_int, [c_char_p, POINTER(c_int)]),
    "envscan_report_format_from_name": (c_int, [c_char_p, POINTER(c_int)]),
    "envscan_link_kind_name": (c_char_p, [c_int]),
    "envscan_scanner_create": (c_int, [_out]),
    "envscan_scanner_free": (None, [_p]),
    "envscan_scanner_progress": (None, [_p, POINTER(c_uint64), POINTER(c_uint64),
                                        POINTER(c_uint64)]),
    "envscan_set_option": (c_int, [_p, c_int, c_int64]),
    "envscan_get_option": (c_int, [_p, c_int, POINTER(c_int64)]),
    "envscan_add_env_name": (c_int, [_p, c_char_p]),
    "envscan_add_config_name": (c_int, [_p, c_char_p, c_int]),
    "envscan_add_ignore_pattern": (c_int, [_p, c_char_p]),
    "envscan_allow_missing": (c_int, [_p, c_char_p]),
    "envscan_set_fingerprint_salt": (c_int, [_p, c_char_p]),
    "envscan_set_baseline": (c_int, [_p, c_char_p]),
    "envscan_last_error": (c_char_p, [_p]),
    "envscan_last_error_detail": (None, [_p, POINTER(c_char_p), POINTER(c_uint32),
                                         POINTER(c_uint32), POINTER(c_int)]),
    "envscan_config_find": (c_int, [c_char_p, _out]),
    "envscan_load_config": (c_int, [_p, c_char_p]),
    "envscan_set_rule": (c_int, [_p, c_char_p, c_int]),
    "envscan_set_rule_severity": (c_int, [_p, c_char_p, c_int]),
    "envscan_set_format": (c_int, [_p, c_int, c_int]),
    "envscan_set_origin": (c_int, [_p, c_char_p]),
    "envscan_parse_size": (c_int, [c_char_p, POINTER(c_int64)]),
    "envscan_free": (None, [_p]),
    "envscan_scan_paths": (c_int, [_p, POINTER(c_char_p), c_size_t, _out]),
    "envscan_set_file_callback": (c_int, [_p, FILE_FN, _p]),
    "envscan_scan_buffer": (c_int, [_p, c_char_p, c_size_t, c_int, c_char_p, _out]),
    "envscan_result_free": (None, [_p]),
    "envscan_result_file_count": (c_size_t, [_p]),
    "envscan_result_file": (POINTER(File), [_p, c_size_t]),
    "envscan_result_record_count": (c_size_t, [_p]),
    "envscan_result_record": (POINTER(Record), [_p, c_size_t]),
    "envscan_result_diagnostic_count": (c_size_t, [_p]),
    "envscan_result_diagnostic": (POINTER(Diagnostic), [_p, c_size_t]),
    "envscan_result_link_count": (c_size_t, [_p]),
    "envscan_result_link": (POINTER(Link), [_p, c_size_t]),
    "envscan_result_stat": (c_int, [_p, c_int, POINTER(c_uint64)]),
    "envscan_result_max_severity": (c_int, [_p]),
    "envscan_report": (c_int, [_p, c_int, c_uint, WRITE_FN, _p]),
}

_lock = threading.Lock()
_lib = None


def _candidates():
    """Where to look, in order, as (what to dlopen, how it was found)."""
    given = os.environ.get(ENV_VAR)
    if given:
        # An explicit choice is the only one: falling back to another copy
        # would hide a typo behind a library of another version.
        return [(given, "$" + ENV_VAR)]
    found = [(SONAME, "the dynamic loader's search (LD_LIBRARY_PATH, ld.so.cache)")]
    other = ctypes.util.find_library("envscan")
    if other and other != SONAME:
        found.append((other, "ctypes.util.find_library('envscan')"))
    return found


def _load():
    tried = []
    for name, how in _candidates():
        try:
            lib = ctypes.CDLL(name)
        except OSError as e:
            tried.append(f"{name} ({how}): {e}")
            continue
        _describe(lib, name)
        return lib
    raise LibraryNotFoundError(
        "envscan: cannot load the shared library libenvscan. Tried:\n  "
        + "\n  ".join(tried)
        + f"\nSet {ENV_VAR}=/path/to/{SONAME} (a build tree has it in build/engine/), "
        "or install it (cmake --install build; ldconfig) where the dynamic loader finds it.")


def _describe(lib, name):
    """Give each function its prototype; refuse a library of another ABI."""
    missing = [f for f in _PROTOTYPES if not hasattr(lib, f)]
    if "envscan_version_number" in missing:
        raise LibraryNotFoundError(f"envscan: {name} is not libenvscan "
                                   "(it has no envscan_version_number)")
    for fname, (restype, argtypes) in _PROTOTYPES.items():
        if fname in missing:
            continue
        fn = getattr(lib, fname)
        fn.restype = restype
        fn.argtypes = argtypes
    number = lib.envscan_version_number()
    version = lib.envscan_version().decode()
    need = f"{ABI_MAJOR}.{ABI_MIN_NUMBER // 100 % 100}.{ABI_MIN_NUMBER % 100}"
    if number // 10000 != ABI_MAJOR or number < ABI_MIN_NUMBER:
        raise LibraryNotFoundError(
            f"envscan: {name} is libenvscan {version}; this binding needs {need} "
            f"or a later {ABI_MAJOR}.x")
    if missing:
        raise LibraryNotFoundError(
            f"envscan: {name} (libenvscan {version}) lacks functions this binding calls "
            f"(a build older than this binding?): {', '.join(missing)}")


def lib():
    """The loaded library (loaded once, on first use, by any thread)."""
    global _lib
    if _lib is None:
        with _lock:
            if _lib is None:
                _lib = _load()
    return _lib


def text(raw):
    """A C string (bytes or None) as str, bytes that are not UTF-8 kept
    reversibly as surrogates, as os.fsdecode does for paths."""
    return None if raw is None else raw.decode("utf-8", "surrogateescape")


def encode(s):
    """str (or PathLike, or bytes) to the bytes the library takes."""
    if isinstance(s, bytes):
        return s
    if isinstance(s, os.PathLike):
        return os.fsencode(s)
    return s.encode("utf-8", "surrogateescape")
