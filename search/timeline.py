"""Date expressions in news text, resolved against the article's date.

Candidates are found with one regular expression (never dateparser's search over
a whole article, which is slow and matches "we" and "may"); each distinct
absolute expression is parsed once with dateparser (cached), and relative
arithmetic (weekdays, "last week", year choice for "January 1") is done here so
that tense decides which side of the article date a date falls on.
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_MONTH_RX = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY_RX = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR_RX = r"(?:19|20)\d\d"
_WEEKDAY_RX = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "an": 1,
}

_CANDIDATES = re.compile(
    rf"""
    \b(?=\w)(?:  # anchor once at a word start, so the alternation is not tried mid-word
    (?P<iso>\b{_YEAR_RX}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b)
    | (?P<mdy>\b{_MONTH_RX}\s+{_DAY_RX}(?:\s*(?:and|-|–|to)\s*{_DAY_RX})?,?\s+{_YEAR_RX}\b)
    | (?P<dmy>\b{_DAY_RX}\s+{_MONTH_RX}\s+{_YEAR_RX}\b)
    | (?P<mdrange>\b{_MONTH_RX}\s+{_DAY_RX}\s*(?:and|-|–|to|through)\s*{_DAY_RX}\b)
    | (?P<md>\b{_MONTH_RX}\s+{_DAY_RX}\b(?!\s*(?:%|percent|per\b|million|billion)))
    | (?P<dm>\b{_DAY_RX}\s+{_MONTH_RX}\b)
    | (?P<my>\b{_MONTH_RX}\s+(?:of\s+)?{_YEAR_RX}\b)
    | (?P<monthrange>\bfrom\s+{_MONTH_RX}\s+(?:to|until|through)\s+{_MONTH_RX}\b)
    | (?P<month>\b(?:in|since|by|until|during|through|early|late|mid-|mid|of|last|next|this|before|after)\s+{_MONTH_RX}\b
        (?!\.?,?\s+(?:of\s+)?{_YEAR_RX}\b)  # "in July 2017" is that July (my), not the nearest one
        (?!\.?\s+{_DAY_RX}\b(?!\s*(?:%|percent|per\b|million|billion))))  # "by May 5" is a day (md)
    | (?P<year>\b(?:in|since|by|until|during|through|of|before|after|from|early|late|mid-|mid)\s+{_YEAR_RX}\b(?!\s*(?:%|percent)))
    | (?P<weekday>\b(?:(?:last|next|this|on|since|by|until|early|late|earlier|later)\s+)?{_WEEKDAY_RX}\b)
    | (?P<rel_day>\b(?:yesterday|today|tomorrow|tonight|last\s+night|this\s+morning|this\s+afternoon|this\s+evening)\b)
    | (?P<rel_week>\b(?:(?:earlier|later)\s+)?(?:last|this|next)\s+(?:week|weekend)\b)
    | (?P<rel_month>\b(?:(?:earlier|later)\s+)?(?:last|this|next)\s+month\b)
    | (?P<rel_year>\b(?:(?:earlier|later)\s+)?(?:last|this|next)\s+year\b)
    | (?P<ago>\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an)\s+(?:days?|weeks?|months?|years?)\s+ago\b)
    | (?P<vague>\b(?:in\s+(?:the\s+)?coming\s+(?:days|weeks|months)|in\s+recent\s+(?:days|weeks|months)|in\s+the\s+next\s+few\s+(?:days|weeks|months)|in\s+the\s+past\s+(?:few\s+)?(?:days|weeks|months))\b)
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Every candidate above contains one of these words (or a year): a month, a weekday, a
# relative day, or a unit of time. Finding them is much cheaper than trying the whole
# pattern at every word, so the pattern only runs in windows around them.
_ANCHOR_WORDS = frozenset(
    [
        *_MONTHS,
        *_WEEKDAYS,
        "yesterday",
        "today",
        "tomorrow",
        "tonight",
        "night",
        "morning",
        "afternoon",
        "evening",
        "weekend",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "day",
        "days",
    ]
)
_ANCHOR_WORD = re.compile(r"[A-Za-z]{3,}|(?<![0-9])(?:19|20)[0-9][0-9](?![0-9])")
# How far a candidate reaches before its first anchor ("in the next few months") and after
# its last ("Aug. 22 and 23, 2018", "May 5" checked against a following "million").
_REACH_BEFORE = 40
_REACH_AFTER = 48


def candidate_windows(text: str) -> list[tuple[int, int]]:
    """Merged spans of text that can hold a date candidate; outside them none can start."""
    windows: list[tuple[int, int]] = []
    lo = hi = -1
    n = len(text)
    anchors = _ANCHOR_WORDS
    for m in _ANCHOR_WORD.finditer(text):
        word = m.group()
        if word[0].isalpha() and word.lower() not in anchors:
            continue
        a = max(0, m.start() - _REACH_BEFORE)
        b = min(n, m.end() + _REACH_AFTER)
        if a <= hi:
            hi = max(hi, b)
            continue
        if hi >= 0:
            windows.append((lo, hi))
        lo, hi = a, b
    if hi >= 0:
        windows.append((lo, hi))
    return windows


def _candidates(text: str):
    for lo, hi in candidate_windows(text):
        yield from _CANDIDATES.finditer(text, lo, hi)


_FUTURE = re.compile(
    r"\b(?:will|won't|shall|'ll|is\s+set\s+to|are\s+set\s+to|set\s+to|is\s+due|are\s+due|due\s+to"
    r"|is\s+scheduled|are\s+scheduled|scheduled|plans?\s+to|planned|is\s+expected|are\s+expected"
    r"|expect|going\s+to|next|upcoming|would\s+take\s+effect|to\s+be\s+held)\b",
    re.IGNORECASE,
)
_PAST_MARK = re.compile(r"\b(?:had|was|were|did|ago|last|earlier|already)\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[,;:()\u2014]|\s[\u2013-]\s|\b(?:and|but|while|after|before|when|as)\b")
_TENSE_REACH = 60


def is_future(sentence: str, at: int) -> bool:
    """Whether the clause around position `at` speaks of the future.

    Only the words of the date's own clause count ("... said on Tuesday it will ..." is about
    Tuesday in the past); a past marker nearer the date than the future cue wins.
    """
    lo = max(0, at - _TENSE_REACH)
    before = sentence[lo:at]
    cut = max((m.end() for m in _CLAUSE.finditer(before)), default=0)
    window = before[cut:] + sentence[at : at + 25]
    cues = list(_FUTURE.finditer(window))
    if not cues:
        return False
    cue = cues[-1]  # the cue nearest the date
    past = [
        m
        for m in _PAST_MARK.finditer(window)
        if m.start() > cue.end()
        or (m.end() <= cue.start() and cue.group().lower() in ("planned", "expected", "scheduled"))
    ]
    return not past


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘'(]?[A-Z0-9])|\n+")
_DATELINE = re.compile(
    rf"^\W{{0,3}}(?:[A-Z][A-Za-z.\- ]{{0,40}},?\s+)?(?:\(?[A-Za-z]+\)?\s*[-–—,]\s*)?"
    rf"(?P<date>{_MONTH_RX}\s+{_DAY_RX},?\s+{_YEAR_RX}|{_YEAR_RX}-\d\d-\d\d)"
    # A dateline's date ends it ("WASHINGTON, Sept. 12, 2018 -"); a sentence's date does not.
    r"(?=[ \t]*(?:[-–—(/|]|\n|$))"
)


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text, resolved when possible."""

    expression: str
    start: int
    end: int
    where: str
    sentence_start: int
    sentence_end: int
    resolved_start: date | None
    resolved_end: date | None
    precision: str
    reason: str = ""


@lru_cache(maxsize=4096)
def _parse_absolute(expression: str) -> tuple[int, int, int] | None:
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


def _month_of(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _days(text: str) -> list[int]:
    return [int(d) for d in re.findall(r"\d+", text)]


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _pick_year(m: int, d: int, ref: date, future: bool) -> date | None:
    """The year that puts month-day nearest the reference on the side the tense implies."""
    options = [x for x in (_safe_date(y, m, d) for y in (ref.year - 1, ref.year, ref.year + 1)) if x]
    if not options:
        return None
    side = [x for x in options if (x >= ref if future else x <= ref)]
    pool = side or options
    return min(pool, key=lambda x: abs((x - ref).days))


def _week_of(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


_NO_BREAK_AFTER = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Sen|Rep|Gov|Prof|Rev|Capt|Maj|Sgt|Adm|No|vs|etc|Inc|Co|Corp|Ltd"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$"
)


def _breaks(text: str, lo: int, hi: int):
    for m in _SENTENCE_BREAK.finditer(text, lo, hi):
        if m.group().startswith("\n") or not _NO_BREAK_AFTER.search(text, max(0, m.start() - 6), m.start()):
            yield m


def sentence_starts(text: str) -> list[tuple[int, int]]:
    """(end of previous sentence, start of next) for every sentence break in text."""
    return [(m.start(), m.end()) for m in _breaks(text, 0, len(text))]


def sentence_bounds(text: str, pos: int, breaks: list[tuple[int, int]] | None = None) -> tuple[int, int]:
    """The sentence of text around position pos (breaks: sentence_starts(text), if known)."""
    if breaks is None:
        breaks = sentence_starts(text)
    i = bisect.bisect_right(breaks, (pos, len(text) + 1))
    start = breaks[i - 1][1] if i > 0 else 0
    if start > pos:  # pos falls inside the gap of a break
        start = pos
    end = breaks[i][0] if i < len(breaks) else len(text)
    # Keep a closing quote that belongs to the sentence.
    while end < len(text) and text[end] in "\"”’'":
        end += 1
    return start, end


def dateline_date(body: str) -> date | None:
    """A date written in the article's dateline ("WASHINGTON, Sept. 12, 2018 -"), if any."""
    m = _DATELINE.match(body[:160])
    if not m:
        return None
    raw = m.group("date")
    if re.match(r"\d{4}-", raw):
        y, mo, d = (int(x) for x in raw.split("-"))
        return _safe_date(y, mo, d)
    parsed = _parse_absolute(raw)
    return _safe_date(*parsed) if parsed else None


def find_dates(text: str, where: str, article_date: date | None) -> list[DateMention]:
    """Every date expression in text, resolved against article_date where that is needed."""
    out: list[DateMention] = []
    breaks: list[tuple[int, int]] | None = None
    for m in _candidates(text):
        kind = m.lastgroup or ""
        expr = m.group()
        if breaks is None:
            breaks = sentence_starts(text)
        s0, s1 = sentence_bounds(text, m.start(), breaks)
        sentence = text[s0:s1]
        future = is_future(sentence, m.start() - s0)
        start, end, precision, reason = _resolve(kind, expr, article_date, future)
        out.append(DateMention(expr.strip(), m.start(), m.end(), where, s0, s1, start, end, precision, reason))
    return out


def _resolve(kind: str, expr: str, ref: date | None, future: bool) -> tuple[date | None, date | None, str, str]:
    """(start, end, precision, reason-if-unresolved) for one expression."""
    low = expr.lower()
    needs_ref = "the article has no date"
    if kind == "iso":
        y, mo, d = (int(x) for x in expr.split("-"))
        x = _safe_date(y, mo, d)
        return (x, x, "day", "") if x else (None, None, "", "not a real date")
    if kind in ("mdy", "dmy"):
        parsed = _parse_absolute(re.sub(r"\s*(?:and|-|–|to)\s*\d+(?:st|nd|rd|th)?", "", expr))
        if not parsed:
            return None, None, "", "unreadable date"
        x = _safe_date(*parsed)
        days = _days(re.sub(_YEAR_RX, "", expr))
        end = _safe_date(parsed[0], parsed[1], days[-1]) if len(days) > 1 else x
        return x, end or x, "day", ""
    if kind == "my":
        parsed = _parse_absolute(expr)
        if not parsed:
            return None, None, "", "unreadable date"
        return date(parsed[0], parsed[1], 1), _month_end(parsed[0], parsed[1]), "month", ""
    if kind == "year":
        year_match = re.search(r"\d{4}", expr)
        assert year_match is not None  # the "year" pattern always ends in a four-digit year
        y = int(year_match.group())
        if low.startswith("since") and ref is not None:
            return date(y, 1, 1), ref, "year", ""
        return date(y, 1, 1), date(y, 12, 31), "year", ""
    if ref is None:
        return None, None, "", needs_ref
    if kind in ("mdrange", "md", "dm"):
        month_match = re.search(_MONTH_RX, expr, re.IGNORECASE)
        assert month_match is not None  # these patterns always contain a month name
        month_word = month_match.group()
        mo = _month_of(month_word)
        days = _days(expr)
        first = _pick_year(mo, days[0], ref, future)
        if first is None:
            return None, None, "", "not a real date"
        last = _safe_date(first.year, mo, days[-1]) or first
        return first, last, "day", ""
    if kind == "month":
        words = low.replace("-", " ").split()
        mo = _month_of(words[-1])
        lead = words[0]
        if lead == "next" or (future and lead not in ("since", "last")):
            y = ref.year if mo >= ref.month else ref.year + 1
        elif lead == "this":
            y = ref.year
        else:
            y = ref.year if mo <= ref.month else ref.year - 1
        start, end = date(y, mo, 1), _month_end(y, mo)
        if lead == "since":
            return start, ref, "month", ""
        return start, end, "month", ""
    if kind == "monthrange":
        names = re.findall(_MONTH_RX, expr, re.IGNORECASE)
        m1, m2 = _month_of(names[0]), _month_of(names[-1])
        y1 = (
            ref.year if (m1 >= ref.month if future else m1 <= ref.month) else (ref.year + 1 if future else ref.year - 1)
        )
        y2 = y1 if m2 >= m1 else y1 + 1
        return date(y1, m1, 1), _month_end(y2, m2), "month", ""
    if kind == "weekday":
        words = low.split()
        wd = _WEEKDAYS[words[-1]]
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
    if kind == "rel_day":
        offset = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(" ".join(low.split()), 0)
        x = ref + timedelta(days=offset)
        return x, x, "day", ""
    if kind == "rel_week":
        words = low.split()
        monday, sunday = _week_of(ref)
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
    if kind == "rel_month":
        words = low.split()
        shift = {"last": -1, "this": 0, "next": 1}[words[-2]]
        y, mo = ref.year, ref.month + shift
        if mo == 0:
            y, mo = y - 1, 12
        elif mo == 13:
            y, mo = y + 1, 1
        return date(y, mo, 1), _month_end(y, mo), "month", ""
    if kind == "rel_year":
        words = low.split()
        y = ref.year + {"last": -1, "this": 0, "next": 1}[words[-2]]
        return date(y, 1, 1), date(y, 12, 31), "year", ""
    if kind == "ago":
        words = low.split()
        n = int(words[0]) if words[0].isdigit() else _NUMBER_WORDS[words[0]]
        unit = words[1].rstrip("s")
        if unit == "day":
            x = ref - timedelta(days=n)
            return x, x, "day", ""
        if unit == "week":
            x = ref - timedelta(days=7 * n)
            return x - timedelta(days=x.weekday()), x - timedelta(days=x.weekday()) + timedelta(days=6), "week", ""
        if unit == "month":
            y, mo = ref.year, ref.month - n
            while mo <= 0:
                y, mo = y - 1, mo + 12
            return date(y, mo, 1), _month_end(y, mo), "month", ""
        return date(ref.year - n, 1, 1), date(ref.year - n, 12, 31), "year", ""
    if kind == "vague":
        span = 28 if "week" in low else (7 if "day" in low else 90)
        if "recent" in low or "past" in low:
            return ref - timedelta(days=span), ref, "approximate", ""
        return ref, ref + timedelta(days=span), "approximate", ""
    return None, None, "", "not understood"
