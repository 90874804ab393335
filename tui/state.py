"""Pure values the main screen holds: the sort, the date range and the jump history.

Nothing here imports Textual; each value is immutable or a small plain class, unit-tested alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Generic, Literal, TypeVar

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
DATE_HINT = "Dates look like 2018, 2018-09 or 2018-09-13"


class SortOrder(Enum):
    """How results are ordered: by relevance or by date (newest first)."""

    SCORE = "score"
    DATE = "date"

    def toggled(self) -> SortOrder:
        """The other order."""
        return SortOrder.DATE if self is SortOrder.SCORE else SortOrder.SCORE

    @property
    def label(self) -> str:
        """The order in words, as the status line shows it."""
        return self.value


@dataclass(frozen=True)
class DateRange:
    """A range of article dates; either end may be open ("" means unbounded).

    Each end is a year, a month or a day (2018, 2018-09, 2018-09-13), as the query language reads them.
    """

    start: str = ""
    end: str = ""

    def __post_init__(self) -> None:
        for value in (self.start, self.end):
            if value and (not _DATE.fullmatch(value) or _first_day(value) is None):
                raise ValueError(DATE_HINT)
        if self.start and self.end and _first_day(self.end) < _first_day(self.start):  # type: ignore[operator]
            raise ValueError(f"the range ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def parse(cls, text: str) -> DateRange | None:
        """A range from 'FROM TO' or 'FROM to TO' (None when blank); ValueError when unreadable."""
        parts = text.replace(" to ", " ").split()
        if not parts:
            return None
        if len(parts) > 2:
            raise ValueError(DATE_HINT)
        return cls(parts[0], parts[1] if len(parts) > 1 else "")

    def clause(self) -> str:
        """The range as a query clause."""
        return f"date:[{self.start} to {self.end}]"

    def restrict(self, query: str) -> str:
        """The query limited to this range."""
        query = query.strip()
        return f"({query}) AND {self.clause()}" if query else self.clause()

    def days(self) -> tuple[date | None, date | None]:
        """The range's first and last day (None at an open end)."""
        return (_first_day(self.start) if self.start else None, _last_day(self.end) if self.end else None)

    def overlaps(self, start: date, end: date) -> bool:
        """Whether days from `start` to `end` fall within the range (either end open)."""
        first = _first_day(self.start) if self.start else None
        last = _last_day(self.end) if self.end else None
        return (first is None or end >= first) and (last is None or start <= last)

    def __str__(self) -> str:
        return " ".join(p for p in (self.start, self.end) if p)


# The last word is searched as a prefix from this many letters; shorter, results stay as they were.
PREFIX_FROM = 3
_PLAIN_WORD = re.compile(r"[^\W\d_][\w'-]*")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def typed_query(text: str) -> str | None:
    """The query to run while it is being typed: its last word as a prefix (`tari` finds
    tariffs), or None while that word is too short, a phrase is open or an operator or a
    field waits for what follows (the results then stay as they were)."""
    if not text.strip() or text[-1].isspace():
        return text
    if text.count('"') % 2:
        return None  # a phrase is still being typed
    last = text.split()[-1]
    if last in _OPERATORS or last.endswith(":"):
        return None
    if ":" in last:
        value = last.split(":", 1)[1].strip('"')
        return text if len(value) >= PREFIX_FROM or last.endswith('"') else None
    if last.endswith("*") or not _PLAIN_WORD.fullmatch(last):
        return text
    return text + "*" if len(last) >= PREFIX_FROM else None


def restrict_query(query: str, dates: DateRange | None) -> str:
    """The query as run: the typed text, limited to the date range when there is one."""
    return dates.restrict(query) if dates is not None else query.strip()


T = TypeVar("T")

JumpKind = Literal["article", "entity", "event", "dossier", "together"]


@dataclass(frozen=True)
class Jump:
    """One place the reader went: an article (maybe at a span), an entity or an event."""

    kind: JumpKind
    target: str
    span: tuple[int, int, str] | None = None


Span = tuple[int, int, str]


@dataclass(frozen=True)
class ViewSnapshot:
    """Everything the main screen shows, as back and forward restore it.

    The query as committed, its filters and order, the entity the view is narrowed to, the
    list's highlighted row, the article read with the span it was opened at and how far it is
    scrolled, and an official's dossier (or several entities together) when one is open.
    """

    query: str = ""
    sort: SortOrder = SortOrder.SCORE
    dates: DateRange | None = None
    entity_id: str = ""
    article_id: str = ""
    span: Span | None = None
    list_row: int = 0
    reader_line: int = 0
    dossier: str | None = None
    together: tuple[str, ...] = ()

    def same_place(self, other: ViewSnapshot) -> bool:
        """The same view, wherever the list and the reader are scrolled to."""
        return _place(self) == _place(other)


def _place(view: ViewSnapshot) -> tuple:
    return (
        view.query.strip(),
        view.sort,
        view.dates,
        view.entity_id,
        view.article_id,
        view.span,
        view.dossier,
        view.together,
    )


class JumpHistory(Generic[T]):
    """Back and forward through views, as a browser does: a new view drops the forward ones.

    Entries are any frozen values; `same` tells when a new entry is the current one again
    (then only its details are updated, so one place is never listed twice in a row).
    """

    def __init__(self, same: Callable[[T, T], bool] | None = None) -> None:
        self.jumps: list[T] = []
        self.position = -1
        self._same = same or (lambda a, b: a == b)

    @property
    def current(self) -> T | None:
        """The entry shown now (None before the first)."""
        return self.jumps[self.position] if self.position >= 0 else None

    def record(self, jump: T) -> None:
        """Add an entry after the current one (the same place twice in a row is kept once, updated)."""
        current = self.current
        if current is not None and self._same(current, jump):
            self.jumps[self.position] = jump
            return
        self.jumps = [*self.jumps[: self.position + 1], jump]
        self.position = len(self.jumps) - 1

    def update_current(self, jump: T) -> None:
        """Replace the current entry (where its list and reader have been scrolled since)."""
        if self.position >= 0:
            self.jumps[self.position] = jump

    def back(self) -> T | None:
        """The entry before the current one (None at the start)."""
        if self.position <= 0:
            return None
        self.position -= 1
        return self.jumps[self.position]

    def forward(self) -> T | None:
        """The entry after the current one (None at the end)."""
        if self.position >= len(self.jumps) - 1:
            return None
        self.position += 1
        return self.jumps[self.position]


@dataclass
class HistoryWalk:
    """Walking the query history with Up and Down; past the newest entry is the empty box."""

    items: list[str]
    position: int | None = None

    def step(self, delta: int) -> str | None:
        """The query `delta` steps away (None when there is no history)."""
        if not self.items:
            return None
        if self.position is None:
            self.position = len(self.items)
        self.position = max(0, min(len(self.items), self.position + delta))
        return self.items[self.position] if self.position < len(self.items) else ""


@dataclass(frozen=True)
class ResultCount:
    """How many results a search found, and how they are shown."""

    total: int
    counting: bool  # the total is a lower bound while the rest are counted
    sort: SortOrder
    dates: DateRange | None = None
    suggestion: str | None = None
    stories: int | None = None  # how many stories the results hold (None: not grouped)
    stories_exact: bool = True  # False: an upper bound, until every page is fetched


@dataclass(frozen=True)
class Status:
    """The status line: a note, an error, or a result count."""

    message: str = ""
    error: bool = False
    count: ResultCount | None = None


def counted(n: int, noun: str, plural: str = "") -> str:
    """ "1 article", "2 articles": a count with its noun in the right number."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def _first_day(value: str) -> date | None:
    """The first day a year, month or day (2018, 2018-09, 2018-09-13) names; None if no such day."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        return date(parts[0], parts[1], parts[2])
    except ValueError:
        return None


def _last_day(value: str) -> date | None:
    """The last day a year, month or day names (2018 is 2018-12-31); None if no such day."""
    first = _first_day(value)
    if first is None:
        return None
    depth = value.count("-")
    if depth == 2:
        return first
    if depth == 1:
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return date(first.year, 12, 31)
