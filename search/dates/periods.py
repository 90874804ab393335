"""Resolvers of periods longer than a month: years, seasons, quarters, halves, financial
years, decades, centuries, and the vague present ("now", "currently").

Conventions (the README lists them): seasons are the northern meteorological ones
(spring March to May, summer June to August, autumn September to November, winter
December to February, named by the year it starts in); a financial year runs from
July to June (FY_START_MONTH); a decade's early, mid and late parts are its years 0-3,
4-6 and 7-9; "now" is the fortnight around the article's date, never a day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .resolve import NEEDS_REF, Resolved, month_end, resolver, shift_month

FY_START_MONTH = 7
NOW_REACH = timedelta(days=7)
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
    )
}
_FOUR_DIGITS = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _year_in(low: str) -> int | None:
    m = _FOUR_DIGITS.search(low)
    return int(m.group()) if m else None


def _relative_year(low: str, ref: date | None) -> int | None:
    """The year named as "last year", "this year", "next year" or "the year", if any."""
    for word, shift in (("last year", -1), ("this year", 0), ("next year", 1), ("the year", 0)):
        if word in low and ref is not None:
            return ref.year + shift
    return None


def _by_tense(options: list[tuple[date, date]], ref: date, future: bool) -> tuple[date, date]:
    """The period that holds ref, else the next one (future) or the last one begun (past)."""
    for start, end in options:
        if start <= ref <= end:
            return start, end
    if future:
        return min((o for o in options if o[0] > ref), key=lambda o: o[0], default=options[-1])
    return max((o for o in options if o[1] < ref), key=lambda o: o[0], default=options[0])


# -- years ---------------------------------------------------------------------------


@resolver("year", needs_ref=False)
def _year(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    y = _year_in(low)
    assert y is not None  # the "year" pattern always holds a four-digit year
    if low.startswith("since") and ref is not None:
        return date(y, 1, 1), ref, "year", ""
    return date(y, 1, 1), date(y, 12, 31), "year", ""


@resolver("yearrange", needs_ref=False)
def _year_range(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    """ "1988-89", "2014–15", "1998-2001": from the first year to the last."""
    first, last = re.findall(r"\d+", low)[:2]
    y1 = int(first)
    y2 = int(last) if len(last) == 4 else y1 // 100 * 100 + int(last)
    if y2 < y1:
        y2 += 100
    if not 0 < y2 - y1 <= 30:
        return None, None, "", "not a range of years"
    return date(y1, 1, 1), date(y2, 12, 31), "year", ""


@resolver("decade", needs_ref=False)
def _decade(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    """ "the 1990s", "the early 2000s", "the '80s"."""
    digits = re.search(r"\d+", low)
    assert digits is not None
    d = int(digits.group())
    if d < 100:  # "'80s": the latest such decade begun by the article's date
        now = ref.year if ref else 2000
        d = 2000 + d if 2000 + d <= now else 1900 + d
    start, end = d, d + 9
    if "early" in low:
        end = d + 3
    elif "mid" in low:
        start, end = d + 4, d + 6
    elif "late" in low:
        start = d + 7
    return date(start, 1, 1), date(end, 12, 31), "decade", ""


@resolver("century", needs_ref=False)
def _century(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    """ "the 19th century" is 1800-1899; "this century", "the last century" from the article's date."""
    number = re.search(r"(\d+)(?:st|nd|rd|th)", low)
    if number:
        n = int(number.group(1))
    elif any(w in low for w in _ORDINALS):
        words = low.replace("-", " ").split()
        n = 21 if "twenty" in words and "first" in words else max(_ORDINALS.get(w, 0) for w in words)
    elif ref is None:
        return None, None, "", NEEDS_REF
    else:
        n = ref.year // 100 + 1 + (-1 if re.search(r"\b(?:last|past|previous)\b", low) else "next" in low)
    if not 1 <= n <= 22:
        return None, None, "", "not a century of news"
    return date((n - 1) * 100 or 1, 1, 1), date((n - 1) * 100 + 99, 12, 31), "century", ""


# -- parts of a year -----------------------------------------------------------------


def _part_of_year(low: str, ref: date | None, future: bool, part: int, months: int) -> Resolved:
    """Quarter (months 3) or half (months 6) number `part` of the year the words name."""

    def period(y: int) -> tuple[date, date]:
        first = (part - 1) * months + 1
        return date(y, first, 1), month_end(y, first + months - 1)

    y = _year_in(low) or _relative_year(low, ref)
    two_digits = re.search(r"q[1-4]\s*['’]?(\d\d)\b", low)
    if y is None and two_digits:
        y = 2000 + int(two_digits.group(1))
    if y is not None:
        start, end = period(y)
    elif ref is None:
        return None, None, "", NEEDS_REF
    else:
        start, end = _by_tense([period(ref.year + k) for k in (-1, 0, 1)], ref, future)
    return start, end, "quarter" if months == 3 else "half", ""


@resolver("quarter", needs_ref=False)
def _quarter(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    """ "the third quarter", "Q3 2025", "this quarter", "the close of the quarter"."""
    words = low.replace("-", " ").split()
    named = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4}
    q = next((named[w] for w in words if w in named), None)
    if q is None and re.match(r"q[1-4]", low):
        q = int(low[1])
    if q is not None:
        return _part_of_year(low, ref, future, q, 3)
    if ref is None:
        return None, None, "", NEEDS_REF
    shift = (
        -1 if re.search(r"\b(?:last|previous|past)\b", low) else (1 if re.search(r"\b(?:next|coming)\b", low) else 0)
    )
    y, mo = shift_month(ref.year, (ref.month - 1) // 3 * 3 + 1, 3 * shift)
    return date(y, mo, 1), month_end(y, mo + 2), "quarter", ""


@resolver("half", needs_ref=False)
def _half(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    return _part_of_year(low, ref, future, 1 if re.search(r"\b(?:first|1st)\b", low) else 2, 6)


@resolver("period_of")
def _period_of(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    """ "the end of the year", "the start of next month": the whole year, month or week."""
    assert ref is not None
    shift = 1 if " next " in low else (-1 if " last " in low else 0)
    unit = low.split()[-1]
    if unit == "year":
        return date(ref.year + shift, 1, 1), date(ref.year + shift, 12, 31), "year", ""
    if unit == "month":
        y, mo = shift_month(ref.year, ref.month, shift)
        return date(y, mo, 1), month_end(y, mo), "month", ""
    monday = ref - timedelta(days=ref.weekday()) + timedelta(days=7 * shift)
    return monday, monday + timedelta(days=6), "week", ""


def _season_of(season: str, y: int) -> tuple[date, date]:
    """The season starting in year y."""
    first = _SEASON_START[season]
    if first == 12:
        return date(y, 12, 1), month_end(y + 1, 2)
    return date(y, first, 1), month_end(y, first + 2)


@resolver("season", needs_ref=False)
def _season(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    """ "next winter", "last autumn", "this summer", "the spring", "the summer of 2019"."""
    season = next(w for w in re.findall(r"[a-z]+", low) if w in _SEASON_START)
    y = _year_in(low)
    if y is not None:
        start, end = _season_of(season, y)
    elif ref is None:
        return None, None, "", NEEDS_REF
    else:
        options = [_season_of(season, ref.year + k) for k in (-2, -1, 0, 1)]
        if re.search(r"\b(?:next|coming)\b", low):
            start, end = min(o for o in options if o[0] > ref)
        elif re.search(r"\b(?:last|past)\b", low):
            start, end = max(o for o in options if o[1] < ref)
        elif low.startswith("this"):
            start, end = _season_of(season, ref.year - (season == "winter" and ref.month <= 2))
        else:
            start, end = _by_tense(options, ref, future)
    return start, end, "season", ""


@resolver("fiscal", needs_ref=False)
def _fiscal(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    """ "this financial year", "the 2025-26 financial year", "fiscal 2025" (the year ending then)."""
    written = re.search(r"((?:19|20)\d\d)(?:[-/](\d\d))?", low)
    if written:
        first = int(written.group(1))
        # "2025-26" and "financial year 2025-26" start in 2025; "fiscal 2025" ends in 2025.
        start_year = first if (written.group(2) or low.index(written.group(1)) < low.find("year")) else first - 1
    elif ref is None:
        return None, None, "", NEEDS_REF
    else:
        start_year = ref.year - (ref.month < FY_START_MONTH)
        if re.search(r"\b(?:last|previous)\b", low):
            start_year -= 1
        elif re.search(r"\b(?:next|coming)\b", low):
            start_year += 1
    end_year, end_month = shift_month(start_year, FY_START_MONTH, 11)
    return date(start_year, FY_START_MONTH, 1), month_end(end_year, end_month), "year", ""


@resolver("now")
def _now(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    assert ref is not None
    return ref - NOW_REACH, ref + NOW_REACH, "approximate", ""
