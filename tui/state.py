"""Pure values the main screen holds: the sort, the date range and the jump history.

Nothing here imports Textual; each value is immutable or a small plain class, unit-tested alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Literal

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

    def __str__(self) -> str:
        return " ".join(p for p in (self.start, self.end) if p)


def restrict_query(query: str, dates: DateRange | None) -> str:
    """The query as run: the typed text, limited to the date range when there is one."""
    return dates.restrict(query) if dates is not None else query.strip()


JumpKind = Literal["article", "entity", "event", "dossier", "together"]


@dataclass(frozen=True)
class Jump:
    """One place the reader went: an article (maybe at a span), an entity or an event."""

    kind: JumpKind
    target: str
    span: tuple[int, int, str] | None = None


@dataclass
class JumpHistory:
    """Back and forward through jumps, as a browser does: a new jump drops the forward ones."""

    jumps: list[Jump] = field(default_factory=list)
    position: int = -1

    def record(self, jump: Jump) -> None:
        """Add a jump after the current one (the same jump twice in a row is kept once)."""
        if self.jumps and self.position >= 0 and self.jumps[self.position] == jump:
            return
        self.jumps = [*self.jumps[: self.position + 1], jump]
        self.position = len(self.jumps) - 1

    def back(self) -> Jump | None:
        """The jump before the current one (None at the start)."""
        if self.position <= 0:
            return None
        self.position -= 1
        return self.jumps[self.position]

    def forward(self) -> Jump | None:
        """The jump after the current one (None at the end)."""
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
