"""What a result holds, as plain Python values.

Each record is a small frozen dataclass (with __slots__ from Python 3.10
on) whose strings are copies: it stays valid after its Result is closed.
Field names follow the JSON report (docs/schema.md) so that the two can be
compared key by key.
"""

from __future__ import annotations

import enum
import sys
from dataclasses import dataclass, fields
from typing import Optional

_SLOTS = {"slots": True} if sys.version_info >= (3, 10) else {}


class RecordFlag(enum.IntFlag):
    """ENVSCAN_RECORD_*: what else is true of a record."""

    OVERRIDDEN = 0x1
    QUOTED = 0x2
    EXPORT = 0x4
    MULTILINE = 0x8
    UNRESOLVED = 0x10
    DYNAMIC = 0x20
    PASSTHROUGH = 0x40
    DECODED = 0x80
    TEMPLATED = 0x100
    INDIRECT = 0x200
    DEFAULTED = 0x400
    SECRET = 0x800


class FileFlag(enum.IntFlag):
    """ENVSCAN_FILE_*."""

    IGNORED = 0x1
    ERROR = 0x2
    LINKED = 0x4


class LinkFlag(enum.IntFlag):
    """ENVSCAN_LINK_*."""

    REQUIRED = 0x1
    RESOLVED = 0x2
    READ = 0x4


def flag_names(flags):
    """The lowercase names of the flags set, lowest bit first, as the JSON
    report spells them ("overridden", "secret", ...)."""
    return [f.name.lower() for f in type(flags) if f in flags]


@dataclass(frozen=True, repr=False, **_SLOTS)
class Variable:
    """One record (envscan_record): a key defined, referenced, used by
    code, or a leaf of a config file (kind says which)."""

    key: str
    value: Optional[str]  # None when the record has no value
    file: str
    line: int
    column: int
    format: str  # "dotenv", "compose", "python", ...
    kind: str  # "definition", "reference", "usage", "config"
    flags: RecordFlag
    scope: Optional[str]

    @property
    def secret(self):
        return RecordFlag.SECRET in self.flags

    def __repr__(self):
        # Secrets stay secret: a record of a secret does not print its
        # value where a log or a traceback would show it.
        value = "<secret>" if self.secret and self.value is not None else repr(self.value)
        return (f"Variable(key={self.key!r}, value={value}, file={self.file!r}, "
                f"line={self.line}, column={self.column}, format={self.format!r}, "
                f"kind={self.kind!r}, flags={self.flags!r}, scope={self.scope!r})")


@dataclass(frozen=True, **_SLOTS)
class Finding:
    """One diagnostic (envscan_diagnostic): a lint rule, a secret, a
    cross-file finding, or a problem reading a file."""

    code: str  # the rule id: "duplicate-key", "lint-space-character", ...
    severity: str  # "info", "warning", "error"
    message: str
    file: Optional[str]
    line: int  # 0 when not about a line
    column: int
    key: Optional[str]
    fingerprint: str
    errno: int = 0  # the OS error behind it, 0 when none


@dataclass(frozen=True, **_SLOTS)
class File:
    """One file of a scan (envscan_file)."""

    path: str
    format: str
    size: int
    flags: FileFlag
    first_record: int  # index of its first record in Result.variables
    record_count: int


@dataclass(frozen=True, **_SLOTS)
class Link:
    """A place where one file says another supplies variables
    (envscan_link): compose env_file, Kubernetes envFrom, ..."""

    file: str
    line: int
    column: int
    kind: str  # "env_file", "env_from", "key_ref"
    flags: LinkFlag
    target: str
    target_file: Optional[str]
    scope: Optional[str]
    prefix: Optional[str]
    key: Optional[str]


@dataclass(frozen=True, **_SLOTS)
class Stats:
    """The statistics of a scan (envscan_stat), named as in the JSON
    report's "stats"."""

    files_seen: int
    files_scanned: int
    files_ignored: int
    files_binary: int
    files_special: int
    files_error: int
    files_too_large: int
    symlinks_skipped: int
    dirs: int
    bytes: int
    definitions: int
    references: int
    usages: int
    errors: int
    warnings: int
    infos: int
    baselined: int
    threads: int
    elapsed_ns: int
    # where the time went: thread time summed over the workers for the
    # stages that run in parallel, so they can add up to more than elapsed
    walk_ns: int
    read_ns: int
    parse_ns: int
    secrets_ns: int
    analysis_ns: int
    # per file read: percentiles of the time from open to the end of its
    # secrets check (within 1/16)
    file_p50_ns: int
    file_p95_ns: int
    file_p99_ns: int
    peak_rss_bytes: int  # the process's, when the scan ended
    kernel: str
    affinity: str

    def as_dict(self):
        return {f.name: getattr(self, f.name) for f in fields(self)}


# Stats field -> ENVSCAN_STAT_* number.
STAT_IDS = {
    "files_scanned": 1, "files_seen": 2, "files_ignored": 3, "files_binary": 4,
    "files_special": 5, "files_error": 6, "bytes": 7, "definitions": 8, "references": 9,
    "elapsed_ns": 10, "threads": 11, "kernel": 12, "files_too_large": 13,
    "symlinks_skipped": 14, "dirs": 15, "infos": 16, "warnings": 17, "errors": 18,
    "usages": 19, "baselined": 20, "walk_ns": 24, "read_ns": 25, "parse_ns": 26,
    "secrets_ns": 27, "analysis_ns": 28, "peak_rss_bytes": 29, "file_p50_ns": 30,
    "file_p95_ns": 31, "file_p99_ns": 32, "affinity": 33,
}


@dataclass(frozen=True, **_SLOTS)
class Progress:
    """How far a running scan has got (envscan_scanner_progress): files
    and bytes read since the scan call began, and the bytes it will read
    in all (0 while the tree is still being walked)."""

    files: int
    bytes: int
    total_bytes: int
