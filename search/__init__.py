"""tradetui's headless search core: loading, extraction, indexing and queries.

Never imports textual or rich; returns plain frozen dataclasses.
"""

from __future__ import annotations

from . import export
from .cleaning import strip_controls
from .config import Config, ConfigError, load_config
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
from .formats.columns import DEFAULT_COLUMNS, ColumnsError, parse_columns
from .jsonfile import read_json_dict, write_json_atomic
from .library import Library, bundled_seeds
from .loader import FORMAT_NAMES
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
from .paths import (
    cache_dir,
    corpus_key,
    default_config_path,
    default_index_dir,
    default_overrides_path,
    user_data_dir,
)
from .stories import StoryConfig
from .watch import CorpusWatcher, FileChange, WatchResult

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ColumnsError",
    "Config",
    "ConfigError",
    "Conflict",
    "ConflictValue",
    "CorpusNotFound",
    "CorpusStats",
    "CorpusWatcher",
    "DEFAULT_COLUMNS",
    "Entity",
    "EntityDetail",
    "Event",
    "EventSource",
    "EventStory",
    "FORMAT_NAMES",
    "FileChange",
    "Hit",
    "IndexBusy",
    "IndexReport",
    "IndexUnavailable",
    "Library",
    "Mention",
    "NothingLoaded",
    "QueryError",
    "Quote",
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
    "WatchResult",
    "bundled_seeds",
    "cache_dir",
    "corpus_key",
    "default_config_path",
    "default_index_dir",
    "default_overrides_path",
    "export",
    "load_config",
    "os_reason",
    "parse_columns",
    "read_json_dict",
    "strip_controls",
    "to_jsonable",
    "user_data_dir",
    "write_json_atomic",
]
