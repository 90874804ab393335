"""tradetui's headless search core: loading, extraction, indexing and queries.

Never imports textual or rich; returns plain frozen dataclasses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import export
from .cleaning import strip_controls
from .config import Config, ConfigError, load_config
from .conflicts import Conflict, ConflictValue
from .dossier import (
    Companion,
    DatedRole,
    Dossier,
    NamingArticle,
    Together,
    distinct_roles,
    is_credit,
    side_code,
    side_of,
)
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
    PaletteItem,
    Quote,
    Role,
    SearchPage,
    Skipped,
    Story,
    Timeline,
    TimelineGroup,
    TimelinePage,
    Unresolved,
    to_jsonable,
)
from .ner import BACKENDS as NER_BACKENDS
from .ner import NerUnavailable, select_ner
from .paths import (
    cache_dir,
    corpus_key,
    default_config_path,
    default_index_dir,
    default_overrides_path,
    user_data_dir,
)
from .stories import StoryConfig, VersionDiff, compare_versions
from .watch import CorpusWatcher, FileChange, WatchResult

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
    "Companion",
    "DatedRole",
    "Dossier",
    "NamingArticle",
    "Together",
    "distinct_roles",
    "is_credit",
    "side_code",
    "side_of",
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
    "NER_BACKENDS",
    "NerUnavailable",
    "NothingLoaded",
    "QueryError",
    "Quote",
    "Role",
    "SearchPage",
    "Skipped",
    "Story",
    "StoryConfig",
    "PaletteItem",
    "Timeline",
    "TimelineGroup",
    "TimelinePage",
    "TradeTuiError",
    "UnknownArticle",
    "UnknownEntity",
    "Unresolved",
    "VersionDiff",
    "WatchResult",
    "bundled_seeds",
    "cache_dir",
    "compare_versions",
    "corpus_key",
    "default_config_path",
    "default_index_dir",
    "default_overrides_path",
    "export",
    "load_config",
    "os_reason",
    "parse_columns",
    "read_json_dict",
    "select_ner",
    "strip_controls",
    "to_jsonable",
    "user_data_dir",
    "write_json_atomic",
]
