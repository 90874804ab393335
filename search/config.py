"""The user's settings file, config.toml in the config folder.

Today it holds one table, the CSV/TSV column mapping:

    [columns]
    body = "Story Text"
    date = "PubDate"

Keys it does not know are left alone (other settings may live beside them).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import TradeTuiError, os_reason
from .formats.columns import ColumnsError, normalise_columns
from .paths import default_config_path
from .stories import StoryConfig


class ConfigError(TradeTuiError, ValueError):
    """The settings file cannot be read or holds a value that cannot be used."""


@dataclass(frozen=True)
class Config:
    """What config.toml says (each part empty when the file or its table is absent)."""

    columns: dict[str, str] = field(default_factory=dict)
    # The entity backend asked for (search.ner): "", "rules", "spacy" or "auto".
    ner: str = ""
    # The thresholds that group versions of one story (search.stories).
    stories: StoryConfig = field(default_factory=StoryConfig)


def load_config(path: Path | None = None) -> Config:
    """Read the settings file; a missing file is no settings, a broken one a ConfigError."""
    path = path or default_config_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {os_reason(exc)}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"cannot read {path}: it is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    columns = raw.get("columns", {})
    if not isinstance(columns, dict):
        raise ConfigError(f'in {path}: columns must be a table of field = "header" lines')
    try:
        normalised = normalise_columns(columns)
    except ColumnsError as exc:
        raise ConfigError(f"in {path}: {exc}") from None
    ner = raw.get("ner", "")
    if not isinstance(ner, str):
        raise ConfigError(f"in {path}: ner must be one of rules, spacy, auto")
    return Config(columns=normalised, ner=ner, stories=_stories(path, raw.get("stories", {})))


def _stories(path: Path, table: object) -> StoryConfig:
    """The [stories] table: min_containment, min_shared, max_sentence_articles."""
    if not isinstance(table, dict):
        raise ConfigError(f"in {path}: stories must be a table")
    known = {f.name: f.type for f in fields(StoryConfig)}
    for key, value in table.items():
        if key not in known:
            raise ConfigError(f"in {path}: stories.{key} is not a setting (settings: {', '.join(known)})")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"in {path}: stories.{key} must be a number")
    try:
        return StoryConfig(**table)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"in {path}: stories: {exc}") from None


def resolve_columns(columns: Mapping[str, str] | None) -> dict[str, str]:
    """The column mapping in force: the caller's when given (even empty), else config.toml's."""
    if columns is None:
        return load_config().columns
    return normalise_columns(columns)
