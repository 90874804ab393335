"""Errors the search core raises; each carries a one-line message for users."""

from __future__ import annotations

import errno
import os

_OS_REASONS = {
    errno.ENOENT: "no such file or folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EEXIST: "a file is in the way",
    errno.ENOTDIR: "a file is in the way of a folder",
    errno.EISDIR: "a folder is in the way of a file",
    errno.EIO: "an input/output error",
}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in words (never Python's '[Errno N] ...')."""
    if exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return os.strerror(exc.errno).lower() if exc.errno else "the system refused"


class TradeTuiError(Exception):
    """Base class: a problem a user can act on, with a one-line message."""


class CorpusNotFound(TradeTuiError):
    """The corpus path does not exist or holds nothing loadable."""


class NothingLoaded(TradeTuiError):
    """The corpus holds no article that could be loaded (none found, or every one skipped).

    found: how many article files were found; skipped: each skipped file or record
    (objects with .path and .reason), so the reasons can be listed.
    """

    def __init__(self, message: str, found: int = 0, skipped: tuple = ()) -> None:
        super().__init__(message)
        self.found = found
        self.skipped = tuple(skipped)


class IndexUnavailable(TradeTuiError):
    """The index folder cannot be created, opened or written."""


class QueryError(TradeTuiError):
    """A query could not be understood."""


class UnknownArticle(TradeTuiError):
    """No article has that id."""


class UnknownEntity(TradeTuiError):
    """No entity has that name or alias."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class IndexBusy(TradeTuiError):
    """Another process is writing the index."""


class OverridesError(TradeTuiError, ValueError):
    """The user's entity override file cannot be read."""
