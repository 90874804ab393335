"""tradetui's headless search core: loading, extraction, indexing and queries.

Never imports textual or rich; returns plain frozen dataclasses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .cleaning import strip_controls
from .errors import (
    CorpusNotFound,
    IndexBusy,
    IndexUnavailable,
    NothingLoaded,
    QueryError,
    TradeTuiError,
    UnknownArticle,
    UnknownEntity,
    os_reason,
)
from .models import (
    Article,
    CorpusStats,
    Entity,
    EntityDetail,
    Event,
    EventSource,
    Hit,
    IndexReport,
    Mention,
    Quote,
    Role,
    SearchPage,
    Skipped,
    Timeline,
    Unresolved,
    to_jsonable,
)
from .ner import BACKENDS as NER_BACKENDS
from .ner import NerUnavailable, select_ner
from .paths import cache_dir, corpus_key, default_index_dir, default_overrides_path, user_data_dir

if TYPE_CHECKING:
    from .library import Library, bundled_seeds

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Library and bundled_seeds load the index engine on first use, so that the light parts of
    the core (extraction, dates) import without it."""
    if name in ("Library", "bundled_seeds"):
        from . import library

        return getattr(library, name)
    raise AttributeError(f"module 'search' has no attribute {name!r}")


__all__ = [
    "Article",
    "CorpusNotFound",
    "CorpusStats",
    "Entity",
    "EntityDetail",
    "Event",
    "EventSource",
    "Hit",
    "IndexBusy",
    "IndexReport",
    "IndexUnavailable",
    "Library",
    "Mention",
    "NER_BACKENDS",
    "NerUnavailable",
    "NothingLoaded",
    "Quote",
    "QueryError",
    "Role",
    "SearchPage",
    "Skipped",
    "Timeline",
    "TradeTuiError",
    "UnknownArticle",
    "UnknownEntity",
    "Unresolved",
    "bundled_seeds",
    "cache_dir",
    "corpus_key",
    "default_index_dir",
    "default_overrides_path",
    "os_reason",
    "select_ner",
    "strip_controls",
    "to_jsonable",
    "user_data_dir",
]
