"""What every format's loader shares: the result record, dates, ids and short quotes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from ..cleaning import squeeze_spaces, strip_controls
from ..models import Article, Skipped

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+\-Z]*)?$")
# Dates spelled out ("May 10, 2019", "10/05/2019") are read by dateparser; text longer
# than this is not a date field.
_MAX_DATE_TEXT = 60


@dataclass(frozen=True)
class LoadResult:
    """Articles read from one file, plus the problems met on the way."""

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]


def parse_iso_date(value: object) -> date | None:
    """Parse YYYY-MM-DD (optionally with a time) into a date, or None."""
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_any_date(value: object) -> date | None:
    """A date from the forms exports and feeds use: ISO 8601, RFC 2822, or written out.

    The date is the one written (the publisher's day), whatever the time zone.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = squeeze_spaces(value)
    if not text or len(text) > _MAX_DATE_TEXT or not any(ch.isdigit() for ch in text):
        return None
    found = parse_iso_date(text)
    if found is not None:
        return found
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    return _written_date(text)


def _written_date(text: str) -> date | None:
    import dateparser  # slow to import: only for dates that are neither ISO nor RFC 2822

    try:
        parsed = dateparser.parse(
            text, languages=["en"], settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
        )
    except (ValueError, TypeError, OverflowError, RecursionError):
        return None
    return parsed.date() if parsed is not None else None


def record_id(file_id: str, key: str) -> str:
    """The stable id of one record of a file: FILE:first 12 hex digits of the key's SHA-1."""
    return f"{file_id}:{hashlib.sha1(key.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}"


def quoted(value: str, limit: int = 40) -> str:
    """Text from a file, for a one-line message: cut short and quoted with escapes."""
    return repr(value[:limit] + ("…" if len(value) > limit else ""))


def clean_field(value: object) -> str:
    """A metadata value as one clean line ("" for anything that is not text)."""
    if isinstance(value, list | tuple):
        value = ", ".join(v for v in value if isinstance(v, str))
    if not isinstance(value, str):
        return ""
    return squeeze_spaces(strip_controls(value).replace("\n", " "))


def one_problem(rel: str, reason: str) -> LoadResult:
    """A file that gave nothing, and why."""
    return LoadResult((), (Skipped(rel, reason),))
