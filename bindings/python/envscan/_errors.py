"""Exceptions: one class per envscan_status code, under envscan.Error.

Each class also derives from the built-in exception a Python programmer
would reach for (ValueError for bad arguments, OSError for I/O, ...), so
`except OSError` catches a path that cannot be read.
"""

from __future__ import annotations


class Error(Exception):
    """A call into libenvscan failed.

    status   the ENVSCAN_E_* code (a negative int); None for failures that
             have no code (LibraryNotFoundError)
    message  the library's message (envscan_last_error), or the code's text
    path, line, column, errno
             where, as envscan_last_error_detail() gives them: path None,
             line/column/errno 0 when they do not apply
    """

    status = None

    def __init__(self, message, *, path=None, line=0, column=0, errno=0):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.errno = errno

    def __str__(self):
        return self.message


class LibraryNotFoundError(Error, ImportError):
    """libenvscan could not be loaded, or is not a version this binding
    can use. The message says where it looked."""


class InvalidArgumentError(Error, ValueError):
    status = -1  # ENVSCAN_E_INVALID


class OutOfMemoryError(Error, MemoryError):
    status = -2  # ENVSCAN_E_NOMEM


class InputOutputError(Error, OSError):
    """A path could not be read (or a report not written). Being an
    OSError, it has errno and filename as well."""

    status = -3  # ENVSCAN_E_IO

    def __init__(self, message, *, path=None, line=0, column=0, errno=0):
        super().__init__(message, path=path, line=line, column=column, errno=errno)
        # OSError's own fields, for code that reads them
        self.filename = path
        self.strerror = message


class OutOfRangeError(Error, ValueError):
    status = -4  # ENVSCAN_E_RANGE


class UnknownOptionError(Error, ValueError):
    status = -5  # ENVSCAN_E_OPTION


class UnsupportedError(Error):
    status = -6  # ENVSCAN_E_UNSUPPORTED


class ParseError(Error, ValueError):
    status = -7  # ENVSCAN_E_PARSE


class NotFoundError(Error, LookupError):
    status = -8  # ENVSCAN_E_NOTFOUND


class InternalError(Error):
    status = -9  # ENVSCAN_E_INTERNAL


class CancelledError(Error):
    status = -10  # ENVSCAN_E_CANCELLED


class UnsafeEditError(Error):
    status = -11  # ENVSCAN_E_UNSAFE


BY_STATUS = {c.status: c for c in (
    InvalidArgumentError, OutOfMemoryError, InputOutputError, OutOfRangeError,
    UnknownOptionError, UnsupportedError, ParseError, NotFoundError, InternalError,
    CancelledError, UnsafeEditError)}


def for_status(status, message, **detail):
    """The exception for a status code; a code this binding does not know
    (a newer library) is a plain Error that still carries it."""
    cls = BY_STATUS.get(status)
    if cls is None:
        err = Error(message, **detail)
        err.status = status
        return err
    return cls(message, **detail)
