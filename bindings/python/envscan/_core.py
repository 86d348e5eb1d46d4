"""Scanner and Result: the handles of envscan.h, owned by Python objects.

A Scanner owns an envscan_scanner; a Result owns an envscan_result. Each
frees its handle exactly once: on close(), on leaving a `with` block, or
when it is garbage collected (weakref.finalize), whichever comes first.
Records are read from the C result when asked for (Result.variables is a
sequence view, not a list) and copied into Python objects, so a record
outlives its Result; touching a closed Result raises ValueError instead of
reading freed memory.
"""

from __future__ import annotations

import collections.abc
import ctypes
import dataclasses
import enum
import operator
import os
import threading
import weakref
from ctypes import byref, c_char_p, c_int, c_int64, c_uint32, c_uint64, c_void_p

from . import _native
from ._errors import for_status
from ._types import (STAT_IDS, File, FileFlag, Finding, Link, LinkFlag, Progress, RecordFlag,
                     Stats, Variable)

# ENVSCAN_OPT_*
_OPT = {
    "threads": 1, "kernel": 2, "dialect": 3, "expand": 4, "ignore_files": 5, "hidden": 6,
    "follow_symlinks": 7, "max_file_size": 8, "lint": 9, "analysis": 10, "secrets": 11,
    "affinity": 16,
}
_SEVERITIES = {1: "info", 2: "warning", 3: "error"}
_KINDS = {1: "definition", 2: "reference", 3: "usage", 4: "config"}
_LINT_SETS = {"off": 0, "none": 0, "default": 1, "all": 2}
_REPORT_FLAGS = {"color": 0x1, "no_timing": 0x2, "no_values": 0x4, "show_secrets": 0x10}


def _check(status, scanner=None, context=None):
    """Raise the exception for a failed call, with the scanner's last error
    (message, path, line, column, errno) when there is a scanner."""
    if status == 0:
        return
    lib = _native.lib()
    message = ""
    detail = {}
    if scanner is not None:
        message = _native.text(lib.envscan_last_error(scanner)) or ""
        path, line, column, err = c_char_p(), c_uint32(), c_uint32(), c_int()
        lib.envscan_last_error_detail(scanner, byref(path), byref(line), byref(column),
                                      byref(err))
        detail = {"path": _native.text(path.value), "line": line.value,
                  "column": column.value, "errno": err.value}
    if not message:
        message = lib.envscan_strerror(status).decode()
    if context and not message.startswith(context):
        message = f"{context}: {message}"
    raise for_status(status, message, **detail)


def _from_name(fn, name, what, choices):
    """A name (str) to its enum number through an envscan_*_from_name()."""
    if not isinstance(name, str):
        raise TypeError(f"{what}: expected a name (str), not {type(name).__name__}")
    out = c_int()
    if fn(name.encode(), byref(out)) != 0:
        raise ValueError(f"{what}: unknown value {name!r} ({choices})")
    return out.value


def _format_number(name, what):
    return _from_name(_native.lib().envscan_format_from_name, name, what,
                      "a format name: dotenv, json, toml, ini, properties, python, ...")


def _flag(value, what):
    if isinstance(value, bool) or value in (0, 1):
        return int(value)
    raise TypeError(f"{what}: expected True or False, not {value!r}")


def _strings(value, what):
    """A list option: an iterable of str (one str alone is one item)."""
    if isinstance(value, (str, bytes, os.PathLike)):
        return [value]
    try:
        items = list(value)
    except TypeError:
        raise TypeError(f"{what}: expected a list of strings, not "
                        f"{type(value).__name__}") from None
    for item in items:
        if not isinstance(item, (str, bytes, os.PathLike)):
            raise TypeError(f"{what}: expected strings, not {type(item).__name__}")
    return items


def _pairs(value, what):
    """A mapping option: a dict, or an iterable of (name, setting) pairs."""
    items = value.items() if isinstance(value, collections.abc.Mapping) else value
    try:
        pairs = [(k, v) for k, v in items]
    except (TypeError, ValueError):
        raise TypeError(f"{what}: expected a dict (or (name, value) pairs)") from None
    for k, _ in pairs:
        if not isinstance(k, str):
            raise TypeError(f"{what}: names must be str, not {type(k).__name__}")
    return pairs


class _Owner:
    """Owns one C handle: frees it once, on close(), at the end of a `with`
    block, or when collected (weakref.finalize, set by the subclass; None
    for a handle lent by the library)."""

    _handle = None
    _finalizer = None

    def close(self):
        self._handle = None
        if self._finalizer is not None:
            self._finalizer()

    @property
    def closed(self):
        return self._handle is None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Scanner(_Owner):
    """An envscan_scanner with its options set.

    Options (all keyword arguments; any other name is a TypeError):
      config           path of an envscan.yml to load first (what the options
                       below set wins over it, as flags do over the file)
      threads          worker threads, 0 = one per CPU (default)
      affinity         where they run: "none" (default), "compact", "spread"
      kernel           "auto", "scalar", "sse42", "avx2", "neon"
      dialect          how .env files are read: "node" (default), "python"
      expand           True/False: interpolate values and report references;
                       None (default): what the dialect does
      ignore_files     honour .gitignore and friends (default True)
      hidden           walk names starting with '.' (default True)
      follow_symlinks  (default False)
      max_file_size    bytes, or a size such as "10M"
      lint             "off", "default", "all" (or False, True, 0, 1, 2)
      analysis         cross-file findings: missing, unused, drift (default True)
      secrets          look for secrets (default True)
      env_names        globs of more file names to read as .env files
      config_names     {glob: format}: more file names to read as config
      exclude          ignore patterns (gitignore syntax)
      allow_missing    names (or PREFIX*) that `missing` leaves alone
      formats          {format: bool}: read or skip the files of a format
      rules            {rule id: bool}: turn rules on or off
      severities       {rule id: "info"|"warning"|"error"}
      fingerprint_salt salt of the findings' fingerprints
      baseline         path of a baseline file: leave out what it holds
      on_file          callable(Result): receives each file's part of a tree
                       scan as soon as it is done (in path order, possibly
                       from another thread); the part is valid during the
                       call only, and the Result the scan returns holds no
                       files. An exception raised in it stops the scan and
                       is raised again by scan().

    One scanner must not run two calls at once: a call made while another
    runs (from another thread, or from on_file) raises RuntimeError. Use one
    Scanner per thread; scans in different threads run in parallel (the
    GIL is released while the library works).
    """

    def __init__(self, *, config=None, **options):
        unknown = sorted(set(options) - set(_SETTERS))
        if unknown:
            raise TypeError(f"envscan: unknown option {unknown[0]!r} (known: config, "
                            f"{', '.join(sorted(_SETTERS))})")
        lib = _native.lib()
        handle = c_void_p()
        _check(lib.envscan_scanner_create(byref(handle)), context="creating a scanner")
        self._handle = handle.value
        self._finalizer = weakref.finalize(self, lib.envscan_scanner_free, self._handle)
        self._busy = threading.Lock()
        self._on_file = None  # the Python callable
        self._file_fn = None  # its C wrapper, kept alive while set
        self._callback_error = None
        try:
            with self._call():
                if config is True:
                    raise TypeError("config=True (look for envscan.yml at the first path) "
                                    "is for envscan.scan(); give a Scanner the file's path")
                if config is not None and config is not False:
                    _check(lib.envscan_load_config(self._handle, _native.encode(config)),
                           self._handle)
                lib.envscan_set_origin(self._handle, b"python")
                # A fixed order, not the caller's: a rule set after `lint`
                # refines it, `rules` after `secrets` wins over it.
                for name, setter in _SETTERS.items():
                    if name in options:
                        setter(self, options[name])
        except BaseException:
            self.close()
            raise

    def close(self):
        """Free the scanner (results it made stay valid). Idempotent.
        Refused (RuntimeError) while a call runs on it, e.g. from on_file."""
        if self._handle is None:
            return
        with _Busy(self._busy):
            super().close()

    def _call(self):
        if self._handle is None:
            raise ValueError("envscan: the scanner is closed")
        return _Busy(self._busy)

    # -- scanning

    def scan(self, paths="."):
        """Scan files and directories (one path or a list; default ".").
        Returns a Result. Raises InputOutputError (an OSError) when a root
        does not exist; files that cannot be read are findings instead."""
        if isinstance(paths, (str, bytes, os.PathLike)):
            paths = [paths]
        raw = [_native.encode(p) for p in paths]
        array = (c_char_p * max(len(raw), 1))(*raw)
        out = c_void_p()
        with self._call():
            self._callback_error = None
            status = _native.lib().envscan_scan_paths(self._handle, array, len(raw), byref(out))
            error, self._callback_error = self._callback_error, None
            if error is not None:
                # the scan stopped because on_file raised: that is the error
                _native.lib().envscan_result_free(out.value)
                raise error
            _check(status, self._handle)
        return Result(out.value)

    def parse(self, text, format="dotenv", name=None):
        """Scan one text held in memory (str or bytes) as if it were a
        file called `name` (default "<buffer>"). format: a format name, or
        None to tell it from `name`."""
        data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else bytes(text)
        fmt = 0 if format is None else _format_number(format, "format")
        out = c_void_p()
        with self._call():
            _check(_native.lib().envscan_scan_buffer(
                self._handle, data, len(data), fmt,
                None if name is None else _native.encode(name), byref(out)), self._handle)
        return Result(out.value)

    def progress(self):
        """How far the scan running on this scanner has got, as a
        Progress: meant for another thread while scan() runs (it takes no
        lock; the three numbers are each current, not read at one instant).
        After a scan, that scan's totals."""
        handle = self._handle
        if handle is None:
            raise ValueError("envscan: the scanner is closed")
        files, done, total = c_uint64(), c_uint64(), c_uint64()
        _native.lib().envscan_scanner_progress(handle, byref(files), byref(done),
                                               byref(total))
        return Progress(files.value, done.value, total.value)

    def get_option(self, name):
        """The current value of an option of envscan_set_option() (as the
        library holds it: an int)."""
        if name not in _OPT:
            raise TypeError(f"envscan: unknown option {name!r} (known: {', '.join(_OPT)})")
        value = c_int64()
        with self._call():
            _check(_native.lib().envscan_get_option(self._handle, _OPT[name], byref(value)),
                   self._handle)
        return value.value

    # -- option setters (called from __init__, the scanner held)

    def _set(self, name, value):
        _check(_native.lib().envscan_set_option(self._handle, _OPT[name], value),
               self._handle, name)

    def _set_int(self, name, value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name}: expected an int, not {value!r}")
        self._set(name, value)

    def _set_named(self, name, value, fn, choices):
        self._set(name, value if isinstance(value, int) and not isinstance(value, bool)
                  else _from_name(fn, value, name, choices))

    def _set_expand(self, value):
        self._set("expand", -1 if value is None else _flag(value, "expand"))

    def _set_size(self, value):
        if isinstance(value, str):
            size = c_int64()
            if _native.lib().envscan_parse_size(value.encode(), byref(size)) != 0:
                raise ValueError(f"max_file_size: {value!r} is not a size (digits, then "
                                 "optionally K, M or G)")
            value = size.value
        self._set_int("max_file_size", value)

    def _set_lint(self, value):
        if isinstance(value, bool):
            value = int(value)
        elif isinstance(value, str):
            if value not in _LINT_SETS:
                raise ValueError(f"lint: unknown value {value!r} (off, default, all)")
            value = _LINT_SETS[value]
        self._set_int("lint", value)

    def _add_each(self, what, fn, value):
        for item in _strings(value, what):
            _check(fn(self._handle, _native.encode(item)), self._handle, what)

    def _set_config_names(self, value):
        for glob, fmt in _pairs(value, "config_names"):
            _check(_native.lib().envscan_add_config_name(
                self._handle, _native.encode(glob), _format_number(fmt, "config_names")),
                self._handle, f"config_names: {glob!r}")

    def _set_formats(self, value):
        for fmt, on in _pairs(value, "formats"):
            _check(_native.lib().envscan_set_format(
                self._handle, _format_number(fmt, "formats"), _flag(on, f"formats[{fmt!r}]")),
                self._handle, f"formats: {fmt!r}")

    def _set_rules(self, value):
        for rule, on in _pairs(value, "rules"):
            _check(_native.lib().envscan_set_rule(self._handle, rule.encode(),
                                                 _flag(on, f"rules[{rule!r}]")),
                   self._handle, f"rules: {rule!r}")

    def _set_severities(self, value):
        lib = _native.lib()
        for rule, sev in _pairs(value, "severities"):
            number = _from_name(lib.envscan_severity_from_name, sev, f"severities[{rule!r}]",
                                "info, warning, error")
            _check(lib.envscan_set_rule_severity(self._handle, rule.encode(), number),
                   self._handle, f"severities: {rule!r}")

    def _set_salt(self, value):
        if not isinstance(value, str):
            raise TypeError(f"fingerprint_salt: expected a str, not {type(value).__name__}")
        _check(_native.lib().envscan_set_fingerprint_salt(self._handle, value.encode()),
               self._handle, "fingerprint_salt")

    def _set_baseline(self, value):
        _check(_native.lib().envscan_set_baseline(self._handle, _native.encode(value)),
               self._handle)  # the message names the file

    def _set_on_file(self, fn):
        if fn is not None and not callable(fn):
            raise TypeError(f"on_file: expected a callable, not {type(fn).__name__}")
        self._on_file = fn
        self._file_fn = None if fn is None else _native.FILE_FN(self._deliver)
        # a NULL function pointer turns streaming off
        _native.lib().envscan_set_file_callback(
            self._handle, self._file_fn or _native.FILE_FN(), None)

    def _deliver(self, ctx, part):
        """The C file callback: hand the part to on_file as a borrowed
        Result, invalidated when the call returns. Runs with the GIL taken
        by ctypes, in whichever thread the library calls it from."""
        if self._callback_error is not None:
            return 1
        borrowed = Result(part, owned=False)
        try:
            self._on_file(borrowed)
        except BaseException as e:  # noqa: B902 - carried over to scan()
            self._callback_error = e
            return 1
        finally:
            borrowed._handle = None
        return 0


class _Busy:
    """Holds a scanner's lock for one call; a second call at once is an
    error, not a wait (a wait from on_file would never end)."""

    __slots__ = ("_lock",)

    def __init__(self, lock):
        self._lock = lock

    def __enter__(self):
        if not self._lock.acquire(blocking=False):
            raise RuntimeError("envscan: this Scanner is running another call; use one "
                               "Scanner per thread (and none from inside on_file)")

    def __exit__(self, *exc):
        self._lock.release()


def _s(method, *args):
    return lambda self, value: getattr(self, method)(*args, value)


# option name -> setter, in the order they are applied
_SETTERS = {
    "threads": _s("_set_int", "threads"),
    "affinity": lambda self, v: self._set_named(
        "affinity", v, _native.lib().envscan_affinity_from_name, "none, compact, spread"),
    "kernel": lambda self, v: self._set_named(
        "kernel", v, _native.lib().envscan_kernel_from_name, "auto, scalar, sse42, avx2, neon"),
    "dialect": lambda self, v: self._set_named(
        "dialect", v, _native.lib().envscan_dialect_from_name, "node, python"),
    "expand": Scanner._set_expand,
    "ignore_files": lambda self, v: self._set("ignore_files", _flag(v, "ignore_files")),
    "hidden": lambda self, v: self._set("hidden", _flag(v, "hidden")),
    "follow_symlinks": lambda self, v: self._set("follow_symlinks", _flag(v, "follow_symlinks")),
    "max_file_size": Scanner._set_size,
    "lint": Scanner._set_lint,
    "analysis": lambda self, v: self._set("analysis", _flag(v, "analysis")),
    "secrets": lambda self, v: self._set("secrets", _flag(v, "secrets")),
    "env_names": lambda self, v: self._add_each(
        "env_names", _native.lib().envscan_add_env_name, v),
    "config_names": Scanner._set_config_names,
    "exclude": lambda self, v: self._add_each(
        "exclude", _native.lib().envscan_add_ignore_pattern, v),
    "allow_missing": lambda self, v: self._add_each(
        "allow_missing", _native.lib().envscan_allow_missing, v),
    "formats": Scanner._set_formats,
    "rules": Scanner._set_rules,
    "severities": Scanner._set_severities,
    "fingerprint_salt": Scanner._set_salt,
    "baseline": Scanner._set_baseline,
    "on_file": Scanner._set_on_file,
}


class _View(collections.abc.Sequence):
    """A read-only sequence over one kind of item of a C result: the count
    is read once, each item is read from the C result when indexed."""

    __slots__ = ("_result", "_len", "_get", "_convert", "_what")

    def __init__(self, result, count_fn, get_fn, convert, what):
        self._result = result
        self._len = count_fn(result._live())
        self._get = get_fn
        self._convert = convert
        self._what = what

    def __len__(self):
        return self._len

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._len))]
        i = operator.index(i)
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError(f"{self._what} index out of range")
        ptr = self._get(self._result._live(), i)
        return self._convert(ptr.contents)

    def __iter__(self):
        for i in range(self._len):
            yield self._convert(self._get(self._result._live(), i).contents)

    def __repr__(self):
        return f"<envscan {self._what}: {self._len}>"


def _record(r):
    t = _native.text
    return Variable(
        key=ctypes.string_at(r.key, r.key_len).decode("utf-8", "surrogateescape"),
        value=None if r.value is None
        else ctypes.string_at(r.value, r.value_len).decode("utf-8", "surrogateescape"),
        file=t(r.file), line=r.line, column=r.column, format=_format_name(r.format),
        kind=_KINDS.get(r.kind, "?"), flags=RecordFlag(r.flags), scope=t(r.scope))


def _finding(d):
    t = _native.text
    return Finding(code=t(d.code), severity=_SEVERITIES.get(d.severity, "?"),
                   message=t(d.message), file=t(d.file), line=d.line, column=d.column,
                   key=t(d.key), fingerprint=t(d.fingerprint), errno=d.sys_errno)


def _file(f):
    return File(path=_native.text(f.path), format=_format_name(f.format), size=f.size,
                flags=FileFlag(f.flags), first_record=f.first_record,
                record_count=f.record_count)


def _link(k):
    t = _native.text
    return Link(file=t(k.file), line=k.line, column=k.column,
                kind=t(_native.lib().envscan_link_kind_name(k.kind)), flags=LinkFlag(k.flags),
                target=t(k.target), target_file=t(k.target_file), scope=t(k.scope),
                prefix=t(k.prefix), key=t(k.key))


_format_names = {}


def _format_name(number):
    name = _format_names.get(number)
    if name is None:
        name = _format_names[number] = _native.lib().envscan_format_name(number).decode()
    return name


class Result(_Owner):
    """What a scan found. Free it with close() or a `with` block (or let
    it be collected); records read from it are copies and stay valid.

    variables  every record, in the library's order (path, line, column):
               a sequence read on demand, not a list
    findings   every diagnostic (lint, secrets, cross-file, I/O problems)
    files      the files scanned
    links      where files name other files that supply variables
    stats      the statistics (a Stats)
    """

    def __init__(self, handle, *, owned=True):
        self._handle = handle
        self._stats = None
        if owned:
            self._finalizer = weakref.finalize(self, _native.lib().envscan_result_free, handle)
        else:
            self._finalizer = None  # a part lent to on_file: the library frees it

    def _live(self):
        if self._handle is None:
            raise ValueError("envscan: the result is closed (records read before close() "
                             "stay valid)")
        return self._handle

    def close(self):
        """Free the C result now. Idempotent; reading it afterwards raises
        ValueError. Not to be called while another thread reads it."""
        super().close()

    def __repr__(self):
        if self._handle is None:
            return "<envscan.Result closed>"
        lib = _native.lib()
        return (f"<envscan.Result: {lib.envscan_result_file_count(self._handle)} files, "
                f"{lib.envscan_result_record_count(self._handle)} variables, "
                f"{lib.envscan_result_diagnostic_count(self._handle)} findings>")

    @property
    def variables(self):
        lib = _native.lib()
        return _View(self, lib.envscan_result_record_count, lib.envscan_result_record,
                     _record, "variables")

    @property
    def findings(self):
        lib = _native.lib()
        return _View(self, lib.envscan_result_diagnostic_count, lib.envscan_result_diagnostic,
                     _finding, "findings")

    @property
    def files(self):
        lib = _native.lib()
        return _View(self, lib.envscan_result_file_count, lib.envscan_result_file, _file,
                     "files")

    @property
    def links(self):
        lib = _native.lib()
        return _View(self, lib.envscan_result_link_count, lib.envscan_result_link, _link,
                     "links")

    @property
    def stats(self):
        if self._stats is None:
            handle = self._live()
            lib = _native.lib()
            values = {}
            for name, number in STAT_IDS.items():
                v = c_uint64()
                _check(lib.envscan_result_stat(handle, number, byref(v)),
                       context=f"stat {name}")
                values[name] = v.value
            values["kernel"] = _native.text(lib.envscan_kernel_name(values["kernel"]))
            values["affinity"] = _native.text(lib.envscan_affinity_name(values["affinity"]))
            self._stats = Stats(**values)
        return self._stats

    @property
    def max_severity(self):
        """"info", "warning" or "error": the highest among the findings;
        None when there are none."""
        return _SEVERITIES.get(_native.lib().envscan_result_max_severity(self._live()))

    def as_dict(self):
        """{key: value} of the definitions, the last definition of a key
        winning, as the dialect's reference parse() returns them (a key
        without a value maps to None; unlike node's object, and the
        command's map, a dict keeps a key named __proto__). Meant for one
        parsed text; over a tree, files later in path order win."""
        out = {}
        for v in self.variables:
            if v.kind == "definition":
                out[v.key] = v.value
        return out

    def report(self, format="json", *, values=True, timing=True, show_secrets=False,
               color=False):
        """The result as one of the library's reports (json, ndjson, text,
        sarif, csv, junit, github, markdown, html, baseline), as str."""
        lib = _native.lib()
        fmt = _from_name(lib.envscan_report_format_from_name, format, "format",
                         "json, ndjson, text, sarif, csv, junit, github, markdown, html, "
                         "baseline")
        flags = ((0 if values else _REPORT_FLAGS["no_values"])
                 | (0 if timing else _REPORT_FLAGS["no_timing"])
                 | (_REPORT_FLAGS["show_secrets"] if show_secrets else 0)
                 | (_REPORT_FLAGS["color"] if color else 0))
        chunks = []

        def write(ctx, data, length):
            chunks.append(ctypes.string_at(data, length))
            return 0

        _check(lib.envscan_report(self._live(), fmt, flags, _native.WRITE_FN(write), None),
               context=f"report {format}")
        return b"".join(chunks).decode("utf-8", "surrogateescape")

    def to_pandas(self, what="variables"):
        """A pandas.DataFrame of the variables (or what="findings",
        "files", "links"): one row per item, one column per field. Needs
        pandas, which envscan itself does not."""
        try:
            import pandas
        except ImportError as e:
            raise ImportError("envscan: Result.to_pandas() needs pandas, which is not "
                              "installed here (envscan itself does not need it)") from e
        kinds = {"variables": (self.variables, Variable), "findings": (self.findings, Finding),
                 "files": (self.files, File), "links": (self.links, Link)}
        if what not in kinds:
            raise ValueError(f"to_pandas: what={what!r} is not one of {', '.join(kinds)}")
        items, kind = kinds[what]
        names = [f.name for f in dataclasses.fields(kind)]
        columns = {n: [] for n in names}
        for item in items:
            for n in names:
                v = getattr(item, n)
                # flags as plain ints: pandas has no use for the enum class
                columns[n].append(int(v) if isinstance(v, enum.IntFlag) else v)
        return pandas.DataFrame(columns, columns=names)


def scan(paths=".", *, config=True, **options):
    """Scan files and directories and return a Result.

    config: True (default) reads envscan.yml or .envscan.yml at the first
    path, as the command does; False reads none; a path reads that file.
    Other options: see Scanner. The scanner is freed before returning (the
    result does not need it)."""
    if not isinstance(paths, (str, bytes, os.PathLike)):
        paths = list(paths)
    if config is True:
        first = paths if isinstance(paths, (str, bytes, os.PathLike)) else \
            (paths[0] if paths else ".")
        config = _find_config(first)
    with Scanner(config=config, **options) as sc:
        return sc.scan(paths)


def parse(text, dialect="node", *, format="dotenv", name=None, **options):
    """Parse one text held in memory (a .env file by default) and return a
    Result: result.as_dict() is {key: value}, result.findings the lint
    findings. Options: see Scanner (no config file is read unless
    config=PATH is given)."""
    with Scanner(dialect=dialect, **options) as sc:
        return sc.parse(text, format=format, name=name)


def _find_config(root):
    lib = _native.lib()
    out = c_void_p()
    status = lib.envscan_config_find(_native.encode(root), byref(out))
    if status == -8:  # ENVSCAN_E_NOTFOUND: no config file, nothing to load
        return None
    _check(status, context="looking for a config file")
    try:
        return os.fsdecode(ctypes.string_at(out.value))
    finally:
        lib.envscan_free(out.value)


def version():
    """The library's version, "MAJOR.MINOR.PATCH" (loads the library)."""
    return _native.lib().envscan_version().decode()

