"""Resolving a date expression: one resolver per candidate kind, in a table.

A resolver takes the expression (lowercase and as written), the article's date and
whether its clause speaks of the future, and gives (start, end, precision) or a reason
it cannot.  Kinds that need the article's date are marked so; the others resolve on
their own.  Relative arithmetic (weekdays, "last week", year choice for "January 1") is
done here so that tense decides which side of the article date a date falls on; fully
written dates are parsed once each with dateparser (cached).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

from .candidates import MONTH_RX, MONTHS, WEEKDAYS, YEAR_RX

Resolved = tuple[date | None, date | None, str, str]
Resolver = Callable[[str, str, "date | None", bool], Resolved]

NEEDS_REF = "the article has no date"
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "a": 1, "an": 1, "twelve": 12, "fifteen": 15, "twenty": 20, "couple": 2,
}  # fmt: skip

RESOLVERS: dict[str, tuple[Resolver, bool]] = {}


def resolver(*kinds: str, needs_ref: bool = True) -> Callable[[Resolver], Resolver]:
    """Register a function as the resolver of these candidate kinds."""

    def register(fn: Resolver) -> Resolver:
        for kind in kinds:
            RESOLVERS[kind] = (fn, needs_ref)
        return fn

    return register


def resolve(kind: str, expr: str, ref: date | None, future: bool) -> Resolved:
    """(start, end, precision, reason-if-unresolved) for one expression of a kind."""
    entry = RESOLVERS.get(kind)
    if entry is None:
        return None, None, "", "not understood"
    fn, needs_ref = entry
    if needs_ref and ref is None:
        return None, None, "", NEEDS_REF
    return fn(expr.lower(), expr, ref, future)


# -- helpers -------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def parse_absolute(expression: str) -> tuple[int, int, int] | None:
    """Parse a fully written date once with dateparser (English only, cached)."""
    import dateparser  # deferred: costly to import, only indexing needs it

    parsed = dateparser.parse(
        expression,
        languages=["en"],
        settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"]},
    )
    if parsed is None:
        return None
    return parsed.year, parsed.month, parsed.day


def month_of(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def days_in(text: str) -> list[int]:
    return [int(d) for d in re.findall(r"\d+", text)]


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def pick_year(m: int, d: int, ref: date, future: bool) -> date | None:
    """The year that puts month-day nearest the reference on the side the tense implies."""
    options = [x for x in (safe_date(y, m, d) for y in (ref.year - 1, ref.year, ref.year + 1)) if x]
    if not options:
        return None
    side = [x for x in options if (x >= ref if future else x <= ref)]
    pool = side or options
    return min(pool, key=lambda x: abs((x - ref).days))


def week_of(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def shift_month(y: int, mo: int, by: int) -> tuple[int, int]:
    n = y * 12 + (mo - 1) + by
    return n // 12, n % 12 + 1


# -- absolute dates ------------------------------------------------------------------


@resolver("iso", needs_ref=False)
def _iso(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    y, mo, d = (int(x) for x in expr.split("-"))
    x = safe_date(y, mo, d)
    return (x, x, "day", "") if x else (None, None, "", "not a real date")


@resolver("mdy", "dmy", needs_ref=False)
def _full_date(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    parsed = parse_absolute(re.sub(r"\s*(?:and|-|–|to)\s*\d+(?:st|nd|rd|th)?", "", expr))
    if not parsed:
        return None, None, "", "unreadable date"
    x = safe_date(*parsed)
    days = days_in(re.sub(YEAR_RX, "", expr))
    end = safe_date(parsed[0], parsed[1], days[-1]) if len(days) > 1 else x
    return x, end or x, "day", ""


@resolver("my", needs_ref=False)
def _month_year(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    parsed = parse_absolute(expr)
    if not parsed:
        return None, None, "", "unreadable date"
    return date(parsed[0], parsed[1], 1), month_end(parsed[0], parsed[1]), "month", ""


@resolver("daterange", needs_ref=False)
def _date_range(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    """One range of days, each end a month and day ("from August 30 to September 2, 2019",
    "12-14 October"); without a year, the article's date places it."""
    years = [int(y) for y in re.findall(rf"\b{YEAR_RX}\b", expr)]
    rest = re.sub(rf"\b{YEAR_RX}\b", " ", expr)
    months = [month_of(m) for m in re.findall(MONTH_RX, rest, re.IGNORECASE)]
    days = days_in(rest)
    if len(days) != 2 or not months:
        return None, None, "", "unreadable date"
    (m1, d1), (m2, d2) = (months[0], days[0]), (months[-1], days[1])
    wraps = (m2, d2) < (m1, d1)  # "December 30 to January 2": the range runs into the next year
    if years:
        y2 = years[-1]
        first = safe_date(years[0] if len(years) > 1 else y2 - wraps, m1, d1)
    elif ref is None:
        return None, None, "", NEEDS_REF
    else:
        first = pick_year(m1, d1, ref, future)
        y2 = first.year + wraps if first is not None else 0
    last = safe_date(y2, m2, d2) if first is not None else None
    if first is None or last is None or last < first:
        return None, None, "", "not a real date"
    return first, last, "day", ""


# -- days, weeks and months near the article's date ------------------------------------


@resolver("mdrange", "md", "dm")
def _month_day(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    assert ref is not None
    month_match = re.search(MONTH_RX, expr, re.IGNORECASE)
    assert month_match is not None  # these patterns always contain a month name
    mo = month_of(month_match.group())
    days = days_in(expr)
    named = re.search(r"\b(last|this|next)\s+year", low)  # "February 24 this year"
    if named:
        y = ref.year + {"last": -1, "this": 0, "next": 1}[named.group(1)]
        first = safe_date(y, mo, days[0])
    else:
        first = pick_year(mo, days[0], ref, future)
    if first is None:
        return None, None, "", "not a real date"
    last = safe_date(first.year, mo, days[-1]) or first
    return first, last, "day", ""


@resolver("month")
def _month(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    assert ref is not None
    words = low.replace("-", " ").split()
    mo = month_of(words[-1])
    lead = words[0]
    if lead == "next" or (future and lead not in ("since", "last")):
        y = ref.year if mo >= ref.month else ref.year + 1
    elif lead == "this":
        y = ref.year
    else:
        y = ref.year if mo <= ref.month else ref.year - 1
    start = date(y, mo, 1)
    return start, ref if lead == "since" else month_end(y, mo), "month", ""


@resolver("monthrange")
def _month_range(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    assert ref is not None
    names = re.findall(MONTH_RX, expr, re.IGNORECASE)
    m1, m2 = month_of(names[0]), month_of(names[-1])
    side = m1 >= ref.month if future else m1 <= ref.month
    y1 = ref.year if side else (ref.year + 1 if future else ref.year - 1)
    y2 = y1 if m2 >= m1 else y1 + 1
    return date(y1, m1, 1), month_end(y2, m2), "month", ""


@resolver("weekday")
def _weekday(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    assert ref is not None
    words = low.split()
    wd = WEEKDAYS[words[-1]]
    lead = words[0] if len(words) > 1 else ""
    if lead == "next" or (future and lead not in ("last", "since", "earlier")):
        delta = (wd - ref.weekday()) % 7
        if lead == "next" and delta == 0:
            delta = 7
        x = ref + timedelta(days=delta)
    else:
        delta = (ref.weekday() - wd) % 7
        if lead == "last" and delta == 0:
            delta = 7
        x = ref - timedelta(days=delta)
    return x, x, "day", ""


@resolver("weekdayrange")
def _weekday_range(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    """ "Saturday and Sunday": each day as a weekday alone, from the first to the last."""
    days = [_weekday(w, w, ref, future)[0] for w in re.findall(r"[a-z]+day", low) if w in WEEKDAYS]
    first, last = days[0], days[-1]
    assert first is not None and last is not None
    if last < first:
        last += timedelta(days=7) if future else timedelta(0)
        first = first if future else first - timedelta(days=7)
    return first, last, "day", ""


@resolver("weekend")
def _weekend(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    """ "at the weekend": the coming one (future), else the last one begun."""
    assert ref is not None
    saturday = ref + timedelta(days=(5 - ref.weekday()) % 7)
    if not future and saturday > ref:
        saturday -= timedelta(days=7)
    return saturday, saturday + timedelta(days=1), "day", ""


@resolver("rel_day")
def _relative_day(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    assert ref is not None
    offset = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(" ".join(low.split()), 0)
    x = ref + timedelta(days=offset)
    return x, x, "day", ""


@resolver("rel_week")
def _relative_week(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    assert ref is not None
    words = low.split()
    monday, sunday = week_of(ref)
    shift = {"last": -7, "this": 0, "next": 7}[words[-2]]
    start, end = monday + timedelta(days=shift), sunday + timedelta(days=shift)
    if words[-1] == "weekend":
        start = end - timedelta(days=1)
        if words[-2] == "this" and not future and ref.weekday() < 5:
            start, end = start - timedelta(days=7), end - timedelta(days=7)
        return start, end, "day", ""
    if words[0] == "earlier" and shift == 0:
        end = ref
    elif words[0] == "later" and shift == 0:
        start = ref
    return start, end, "week", ""


@resolver("rel_month")
def _relative_month(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    assert ref is not None
    y, mo = shift_month(ref.year, ref.month, {"last": -1, "this": 0, "next": 1}[low.split()[-2]])
    return date(y, mo, 1), month_end(y, mo), "month", ""


@resolver("rel_year")
def _relative_year(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    assert ref is not None
    y = ref.year + {"last": -1, "this": 0, "next": 1}[low.split()[-2]]
    return date(y, 1, 1), date(y, 12, 31), "year", ""


def _counted(low: str, ref: date, sign: int) -> Resolved:
    """ "three weeks ago" (sign -1), "three weeks from now" (sign 1)."""
    words = low.split()
    n = sign * (int(words[0]) if words[0].isdigit() else NUMBER_WORDS[words[0]])
    unit = words[1].rstrip("s")
    if unit == "day":
        x = ref + timedelta(days=n)
        return x, x, "day", ""
    if unit == "week":
        monday, sunday = week_of(ref + timedelta(days=7 * n))
        return monday, sunday, "week", ""
    if unit == "month":
        y, mo = shift_month(ref.year, ref.month, n)
        return date(y, mo, 1), month_end(y, mo), "month", ""
    return date(ref.year + n, 1, 1), date(ref.year + n, 12, 31), "year", ""


@resolver("ago")
def _ago(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    assert ref is not None
    return _counted(low, ref, -1)


@resolver("from_now")
def _from_now(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    assert ref is not None
    return _counted(low, ref, 1)


_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365, "decade": 3652}
# A plural unit with no number ("in coming weeks", "the past few days") is about this many days.
_SOME_DAYS = {"hour": 1, "day": 7, "week": 28, "month": 90, "year": 3 * 365, "decade": 3 * 3652}


@resolver("vague")
def _vague(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    """ "in coming weeks", "over the past two years", "the last 24 hours": a range back or
    ahead of the article's date (approximate)."""
    assert ref is not None
    words = low.split()
    unit = words[-1].rstrip("s")
    count = next(
        (int(w) if w.isdigit() else NUMBER_WORDS.get(w, 0) for w in words if w.isdigit() or w in NUMBER_WORDS), 0
    )
    if not words[-1].endswith("s"):
        span = float(_UNIT_DAYS[unit])
    elif count and "few" not in words:
        span = float(count * _UNIT_DAYS[unit])
    else:
        span = float(_SOME_DAYS[unit])
    days = timedelta(days=max(1, round(span)))
    if any(w in ("coming", "next") for w in words):
        return ref, ref + days, "approximate", ""
    return ref - days, ref, "approximate", ""


_HOLIDAYS = {
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25), "boxing day": (12, 26),
    "new year's eve": (12, 31), "new year's day": (1, 1), "australia day": (1, 26), "anzac day": (4, 25),
    "independence day": (7, 4), "valentine's day": (2, 14), "halloween": (10, 31), "bastille day": (7, 14),
}  # fmt: skip
_HOLIDAY_NAME = re.compile("|".join(sorted(_HOLIDAYS, key=len, reverse=True)))


@resolver("holiday")
def _holiday(low: str, expr: str, ref: date | None, future: bool) -> Resolved:
    """ "Christmas", "on Boxing Day", "last New Year's Eve": that day, in the year the tense picks."""
    assert ref is not None
    name = _HOLIDAY_NAME.search(" ".join(low.replace("’", "'").split()))
    assert name is not None
    mo, d = _HOLIDAYS[name.group()]
    words = low.split()
    if "next" in words[:2] or "last" in words[:2]:
        future = "next" in words[:2]
    day = pick_year(mo, d, ref, future) if "this" not in words[:2] else safe_date(ref.year, mo, d)
    return day, day, "day", ""


from . import periods as _periods  # noqa: E402,F401  (registers the resolvers of longer periods)
