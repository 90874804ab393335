"""Errors the search core raises; each carries a one-line message for users."""

from __future__ import annotations


class TradeTuiError(Exception):
    """Base class: a problem a user can act on, with a one-line message."""


class CorpusNotFound(TradeTuiError):
    """The corpus path does not exist or holds nothing loadable."""


class NothingLoaded(TradeTuiError):
    """Every file of the corpus was skipped."""


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
