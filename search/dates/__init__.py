"""Date expressions in news text, resolved against the article's date.

candidates.py finds the expressions (one pattern, run in windows around the words a
date holds); sentences.py reads each in its sentence (its span and the tense of its
clause); resolve.py and periods.py turn each kind of expression into a range of days
with a precision: day, week, month, season, quarter, half, year, decade, century or
approximate.  A span starts at the date
itself, never at its preposition ("on Thursday" is "Thursday").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .candidates import DAY_RX, MONTH_RX, YEAR_RX, candidate_matches, candidate_windows
from .resolve import parse_absolute, resolve, safe_date
from .sentences import date_span, is_future, numbers_a_thing, sentence_bounds, sentence_starts

PRECISIONS = ("day", "week", "month", "season", "quarter", "half", "year", "decade", "century", "approximate")

_DATELINE = re.compile(
    rf"^\W{{0,3}}(?:[A-Z][A-Za-z.\- ]{{0,40}},?\s+)?(?:\(?[A-Za-z]+\)?\s*[-–—,]\s*)?"
    rf"(?P<date>{MONTH_RX}\s+{DAY_RX},?\s+{YEAR_RX}|{YEAR_RX}-\d\d-\d\d)"
    # A dateline's date ends it ("WASHINGTON, Sept. 12, 2018 -"); a sentence's date does not.
    r"(?=[ \t]*(?:[-–—(/|]|\n|$))"
)


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text, resolved when possible.

    precision is one of PRECISIONS when resolved, "" when not (reason says why)."""

    expression: str
    start: int
    end: int
    where: str
    sentence_start: int
    sentence_end: int
    resolved_start: date | None
    resolved_end: date | None
    precision: str = ""
    reason: str = ""


def dateline_date(body: str) -> date | None:
    """A date written in the article's dateline ("WASHINGTON, Sept. 12, 2018 -"), if any."""
    m = _DATELINE.match(body[:160])
    if not m:
        return None
    raw = m.group("date")
    if re.match(r"\d{4}-", raw):
        y, mo, d = (int(x) for x in raw.split("-"))
        return safe_date(y, mo, d)
    parsed = parse_absolute(raw)
    return safe_date(*parsed) if parsed else None


def find_dates(text: str, where: str, article_date: date | None) -> list[DateMention]:
    """Every date expression in text, resolved against article_date where that is needed."""
    out: list[DateMention] = []
    breaks: list[tuple[int, int]] | None = None
    for m in candidate_matches(text):
        if numbers_a_thing(text, m):
            continue
        if breaks is None:
            breaks = sentence_starts(text)
        start, end = date_span(m)
        s0, s1 = sentence_bounds(text, start, breaks)
        future = is_future(text[s0:s1], m.start() - s0)
        # The match may be of the lowercased text: the expression as written is the text's.
        r_start, r_end, precision, reason = resolve(m.lastgroup or "", text[m.start() : m.end()], article_date, future)
        out.append(DateMention(text[start:end], start, end, where, s0, s1, r_start, r_end, precision, reason))
    return out


__all__ = [
    "PRECISIONS",
    "DateMention",
    "candidate_windows",
    "dateline_date",
    "find_dates",
    "is_future",
    "sentence_bounds",
    "sentence_starts",
]
