"""Where tradetui keeps its index, user data and configuration."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import platformdirs

from .errors import CorpusNotFound

APP = "tradetui"


def corpus_key(corpus: Path) -> str:
    """A stable key for a corpus folder: its absolute path."""
    return str(corpus.expanduser().resolve())


def cache_dir() -> Path:
    """The user cache folder: indexes and the error log (TRADETUI_CACHE_DIR overrides)."""
    return Path(os.environ.get("TRADETUI_CACHE_DIR") or platformdirs.user_cache_dir(APP))


def default_index_dir(corpus: Path) -> Path:
    """The cache folder holding this corpus's index (TRADETUI_CACHE_DIR overrides the base)."""
    base = cache_dir()
    key = corpus_key(corpus)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(key).name or "corpus")[:40]
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    return base / "indexes" / f"{name}-{digest}"


def user_data_dir() -> Path:
    """Dates set by hand, query history and bookmarks (TRADETUI_DATA_DIR overrides)."""
    return Path(os.environ.get("TRADETUI_DATA_DIR") or platformdirs.user_data_dir(APP))


def default_overrides_path() -> Path:
    """The user's entity override file (TRADETUI_CONFIG_DIR overrides the folder)."""
    base = Path(os.environ.get("TRADETUI_CONFIG_DIR") or platformdirs.user_config_dir(APP))
    return base / "overrides.toml"


def bundled_seeds() -> Path:
    """The seed articles shipped with the package (wheel) or beside it (source tree)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "bundled_seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise CorpusNotFound("the bundled seed articles are missing from this installation")
