"""The user's corrections to linking: merges, splits, renames, roles, suppressions, extra names.

Read from a TOML file; every value is checked against the documented format.
"""

from __future__ import annotations

import ast
import datetime
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OverridesError


@dataclass
class Overrides:
    """User corrections: merges, splits, renames, roles, suppressions, extra names."""

    merge: list[tuple[list[str], str]] = field(default_factory=list)
    split: list[tuple[str, set[str], str]] = field(default_factory=list)
    rename: dict[str, str] = field(default_factory=dict)
    roles: dict[str, list[str]] = field(default_factory=dict)
    suppress: set[str] = field(default_factory=set)
    people: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> Overrides:
        """Read an override file; a missing file means no overrides.

        Every value is checked against the documented format: a wrong type, a blank name
        or an unknown key raises OverridesError naming the file and the key, since a
        value coerced or ignored would change the entities without telling the user.
        """
        if path is None or not path.exists():
            return cls()
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise OverridesError(f"cannot read override file {path}: {_toml_reason(exc)}") from exc
        except UnicodeDecodeError as exc:
            reason = "it is not UTF-8 text"
            raise OverridesError(f"cannot read override file {path}: {reason}") from exc
        except OSError as exc:
            reason = (exc.strerror or "the file cannot be opened").lower()
            raise OverridesError(f"cannot read override file {path}: {reason}") from exc
        try:
            return _parse_overrides(cls(), raw)
        except _BadOverride as exc:
            raise OverridesError(f"{path}: {exc}") from None


# -- reading the override file ---------------------------------------------------------------

# "stories" is read by search.story_list.
_OVERRIDE_KEYS = ("suppress", "merge", "split", "rename", "roles", "people", "stories")
_MERGE_KEYS = ("names", "into")
_SPLIT_KEYS = ("name", "articles", "into")
_MISSING = object()
_NAME = "a name (text)"
_NAMES = "a list of names"


class _BadOverride(Exception):
    """One wrong value in the override file; the message lacks only the file's name."""


def _parse_overrides(o: Overrides, raw: dict) -> Overrides:
    _known_keys(raw, "", _OVERRIDE_KEYS)
    for n, item in enumerate(_sections(raw, "merge", "a [[merge]] section (names, into)"), 1):
        where = f"merge[{n}]"
        _known_keys(item, where, _MERGE_KEYS)
        names = _name_list(item.get("names", _MISSING), f"{where}.names", _NAMES, _NAME)
        into = item.get("into", _MISSING)
        into = names[0] if into is _MISSING else _name(into, f"{where}.into")
        o.merge.append((names, into))
    splits = _sections(raw, "split", "a [[split]] section (name, articles, into)")
    for n, item in enumerate(splits, 1):
        where = f"split[{n}]"
        _known_keys(item, where, _SPLIT_KEYS)
        name = _name(item.get("name", _MISSING), f"{where}.name")
        articles = _name_list(
            item.get("articles", _MISSING), f"{where}.articles", "a list of article ids", "an article id (text)"
        )
        into = _name(item.get("into", _MISSING), f"{where}.into")
        o.split.append((name, set(articles), into))
    rename = _table(raw, "rename", 'a [rename] table ("old name" = "new name")')
    o.rename = {_name(k, f"rename.{_key(k)}"): _name(v, f"rename.{_key(k)}") for k, v in rename.items()}
    roles = _table(raw, "roles", 'a [roles] table ("name" = ["role", ...])')
    for k, v in roles.items():
        where = f"roles.{_key(k)}"
        _name(k, where)
        if isinstance(v, str):  # one role may be written without brackets
            o.roles[k] = [_name(v, where, "a role (text) or a list of roles")]
        else:
            o.roles[k] = _name_list(v, where, "a role (text) or a list of roles", "a role (text)", empty_ok=True)
    suppress = _name_list(raw.get("suppress", []), "suppress", _NAMES, _NAME, empty_ok=True)
    o.suppress = {s.lower() for s in suppress}
    people = _table(raw, "people", 'a [people] table ("name" = ["other name", ...])')
    for k, v in people.items():
        where = f"people.{_key(k)}"
        _name(k, where)
        o.people[k] = _name_list(v, where, "a list of other names", _NAME, empty_ok=True)
    return o


def _known_keys(table: dict, where: str, known: tuple[str, ...]) -> None:
    for k in table:
        if k not in known:
            full = f"{where}.{_key(k)}" if where else _key(k)
            raise _BadOverride(f"{full} is not a known key (known keys: {', '.join(known)})")


def _sections(raw: dict, key: str, expected: str) -> list[dict]:
    """The [[key]] sections, each checked to be a section."""
    value = raw.get(key, [])
    if isinstance(value, dict):
        raise _BadOverride(f"{key} must be written as [[{key}]] sections, not as one [{key}] table")
    if not isinstance(value, list):
        raise _BadOverride(f"{key} must be a list of [[{key}]] sections, not {_describe(value)}")
    for n, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise _BadOverride(f"{key}[{n}] must be {expected}, not {_describe(item)}")
    return value


def _table(raw: dict, key: str, expected: str) -> dict:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise _BadOverride(f"{key} must be {expected}, not {_describe(value)}")
    return value


def _name(value: object, where: str, expected: str = _NAME) -> str:
    """A non-blank piece of text (names, article ids, roles)."""
    if value is _MISSING:
        raise _BadOverride(f"{where} is missing; it must be {expected}")
    if not isinstance(value, str) or not value.strip():
        raise _BadOverride(f"{where} must be {expected}, not {_describe(value)}")
    return value


def _name_list(value: object, where: str, expected: str, item: str, empty_ok: bool = False) -> list[str]:
    if value is _MISSING:
        raise _BadOverride(f"{where} is missing; it must be {expected}")
    if not isinstance(value, list) or not (value or empty_ok):
        raise _BadOverride(f"{where} must be {expected}, not {_describe(value)}")
    return [_name(v, f"{where}[{n}]", item) for n, v in enumerate(value, 1)]


def _key(key: str) -> str:
    """A key as it is written in TOML: bare when it can be, else quoted."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _quoted(key)


def _quoted(text: str, limit: int = 60) -> str:
    """Text in double quotes, shortened, with anything that would break the line escaped."""
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(c if len(f"a{c}b".splitlines()) == 1 else f"\\u{ord(c):04x}" for c in quoted)


def _describe(value: object) -> str:
    """A value in the words of the file's format, shown briefly on one line."""
    if isinstance(value, bool):
        return f"true/false ({'true' if value else 'false'})"
    if isinstance(value, int | float):
        return f"a number ({_number(value)})"
    if isinstance(value, datetime.datetime):
        return f"a date and time ({value.isoformat()})"
    if isinstance(value, datetime.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, datetime.time):
        return f"a time ({value.isoformat()})"
    if isinstance(value, str):
        if not value:
            return 'empty text ("")'
        return f"text ({_quoted(value)})" if value.strip() else f"blank text ({_quoted(value)})"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a table"
    return "an unknown value"


def _number(value: int | float) -> str:
    text = str(value).lower()
    return text if len(text) <= 30 else f"{text[:27]}..."


def _toml_reason(exc: tomllib.TOMLDecodeError) -> str:
    """The parser's message, with keys shown as TOML writes them rather than as tuples."""

    def dotted(m: re.Match) -> str:
        try:
            parts = ast.literal_eval(m.group(0))
        except (ValueError, SyntaxError):
            return m.group(0)
        if isinstance(parts, tuple) and parts and all(isinstance(p, str) for p in parts):
            return ".".join(_key(p) for p in parts)
        return m.group(0)

    part = r"""(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
    text = re.sub(rf"\({part}(?:, {part})*,?\)", dotted, str(exc))
    return " ".join(text.split())
