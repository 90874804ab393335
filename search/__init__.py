"""tradetui's headless search core: loading, extraction, indexing and queries.

Never imports textual or rich; returns plain frozen dataclasses.
"""

from __future__ import annotations

from . import export
from .cleaning import strip_controls
from .conflicts import Conflict, ConflictValue
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
from .library import Library, bundled_seeds
from .models import (
    Article,
    CorpusStats,
    Entity,
    EntityDetail,
    Event,
    EventSource,
    EventStory,
    Hit,
    IndexReport,
    Mention,
    Quote,
    Role,
    SearchPage,
    Skipped,
    Story,
    Timeline,
    Unresolved,
    to_jsonable,
)
from .paths import cache_dir, corpus_key, default_index_dir, default_overrides_path, user_data_dir
from .stories import StoryConfig

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Conflict",
    "ConflictValue",
    "CorpusNotFound",
    "CorpusStats",
    "Entity",
    "EntityDetail",
    "Event",
    "EventSource",
    "EventStory",
    "Hit",
    "IndexBusy",
    "IndexReport",
    "IndexUnavailable",
    "Library",
    "Mention",
    "NothingLoaded",
    "Quote",
    "QueryError",
    "Role",
    "SearchPage",
    "Skipped",
    "Story",
    "StoryConfig",
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
    "export",
    "os_reason",
    "strip_controls",
    "to_jsonable",
    "user_data_dir",
]
