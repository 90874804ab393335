"""Which column of a CSV or TSV export holds which part of an article.

Columns are found by their header's name, case-insensitive, with spaces, hyphens and
underscores alike ("Published At" = "published_at"). The first name of each list that a
header has wins. A user's mapping (the Library's `columns`, the `[columns]` table of
config.toml, the command line's --columns) names the header for a field and comes first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import TradeTuiError

# field: header names, most specific first.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "article id", "guid", "uuid", "doc id", "document id", "record id", "identifier"),
    "title": ("title", "headline", "heading", "subject"),
    "body": ("text", "body", "content", "article", "article text", "full text", "story", "summary", "description"),
    "date": ("date", "published", "published at", "publish date", "publication date", "pub date", "pubdate",
             "datetime", "timestamp", "created", "created at"),
    "source": ("source", "source name", "publication", "publisher", "outlet", "newspaper", "site", "site name"),
    "url": ("url", "link", "permalink", "href", "uri", "web url"),
    "author": ("author", "authors", "byline", "by", "writer"),
}  # fmt: skip
FIELDS = tuple(DEFAULT_COLUMNS)
# What a user may call a field.
_FIELD_ALIASES = {"text": "body", "content": "body", "headline": "title", "link": "url", "byline": "author"}
_SEPARATORS = re.compile(r"[\s_\-.]+")


class ColumnsError(TradeTuiError, ValueError):
    """A column mapping that cannot be used, with a one-line message."""


def header_key(name: str) -> str:
    """A header as it is compared: lower case, separators as single spaces, no mark or quotes."""
    return _SEPARATORS.sub(" ", name.replace("\ufeff", "").strip().strip("\"'").lower()).strip()


def normalise_columns(columns: Mapping[str, str] | None) -> dict[str, str]:
    """A user's {field: header} mapping checked and keyed by field; ColumnsError if unusable."""
    out: dict[str, str] = {}
    for field, header in (columns or {}).items():
        if not isinstance(field, str) or not isinstance(header, str):
            raise ColumnsError("a column mapping maps field names to header names, both text")
        key = header_key(field)
        key = _FIELD_ALIASES.get(key, key)
        if key not in DEFAULT_COLUMNS:
            raise ColumnsError(f"unknown article field {field!r} in the column mapping: use {', '.join(FIELDS)}")
        if not header_key(header):
            raise ColumnsError(f"the column mapping gives no header name for {field!r}")
        out[key] = header
    return out


def parse_columns(text: str) -> dict[str, str]:
    """A mapping written on a command line: "body=Story Text,date=PubDate" (ColumnsError if unusable)."""
    out: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        field, sep, header = part.partition("=")
        if not sep:
            raise ColumnsError(f"write each column as FIELD=HEADER (got {part.strip()!r})")
        out[field.strip()] = header.strip()
    return normalise_columns(out)


def columns_key(columns: Mapping[str, str] | None) -> str:
    """A stable text for a mapping ("" when there is none), to tell when it changes."""
    norm = normalise_columns(columns)
    return ";".join(f"{k}={header_key(v)}" for k, v in sorted(norm.items()))


def map_headers(headers: list[str], columns: Mapping[str, str] | None = None) -> tuple[dict[str, int], list[str]]:
    """({field: column index}, problems) for a header row.

    A user's header that the file does not have is a problem (the field falls back to the
    usual names); so is a file where no column holds text.
    """
    keys = [header_key(h) for h in headers]
    found: dict[str, int] = {}
    problems: list[str] = []
    for field, header in normalise_columns(columns).items():
        want = header_key(header)
        if want in keys:
            found[field] = keys.index(want)
        else:
            problems.append(f"no column named {header!r} for {field}")
    taken = set(found.values())
    for field, names in DEFAULT_COLUMNS.items():
        if field in found:
            continue
        for name in names:
            if name in keys and keys.index(name) not in taken:
                found[field] = keys.index(name)
                taken.add(found[field])
                break
    return found, problems
