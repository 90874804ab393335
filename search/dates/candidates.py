"""Finding date expressions: the candidate pattern and the windows it runs in.

Candidates are found with one regular expression (never dateparser's search over a
whole article, which is slow and matches "we" and "may"), run only in windows around
the words every candidate holds.  Each alternative is a named group: the group's name
is the kind of expression, which picks its resolver (search.dates.resolve).
"""

from __future__ import annotations

import importlib
import re
from typing import Any, Final

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
MONTH_RX = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
DAY_RX = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR_RX = r"(?:19|20)\d\d"
_WEEKDAY_RX = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an)"
_ORDINAL = (
    r"(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
    r"|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth"
    r"|nineteenth|twentieth|twenty-first|twenty\s+first)"
)
# A count is not a year: "2000 workers", "about 1990 people", "1998 percent".
_COUNTED = (
    r"%|percent|per\s*cent|people|persons|workers|jobs|troops|soldiers|police|staff|employees|students"
    r"|members|residents|refugees|votes|homes|houses|cars|vehicles|units|tonnes|tons|barrels|metres"
    r"|meters|kilometres|kilometers|km|miles|feet|acres|hectares|points|deaths|cases|seats|times"
    r"|families|children|men|women|shares|dollars|euros|pounds|yuan|yen|rupees|million|billion"
    r"|GMT|UTC|BST|EST|CET|hours|hrs|local\s+time|calories"
)
_REL_YEAR = r"(?:last|this|next)\s+year"
_COUNT = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|few|several|couple\s+of)"
_HOLIDAY = (
    r"(?:Christmas\s+Eve|Christmas\s+Day|Christmas|Boxing\s+Day|New\s+Year['’]s\s+(?:Eve|Day)|Australia\s+Day"
    r"|Anzac\s+Day|Independence\s+Day|Valentine['’]s\s+Day|Halloween|Bastille\s+Day)"
)
_OF_YEAR = rf"(?:\s+of\s+(?:{YEAR_RX}|{_REL_YEAR}|the\s+year)|\s+{YEAR_RX})"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_SEASON_NOT_FALL = r"(?:spring|summer|autumn|winter)"  # "the fall in prices" is no season
_SEASON_LEAD = r"(?:this|last|next|early|late|mid|the|this\s+coming|the\s+coming|the\s+past)"

# Ranges of days: "from August 30 to September 2, 2019", "between June 3 and 5", "12-14 October".
# Without "from" or "between", "and" joins two dates, not a range ("on June 3 and June 5").
_MD = rf"{MONTH_RX}\s+{DAY_RX}"
_DM = rf"{DAY_RX}\s+{MONTH_RX}"
_YEAR_OPT = rf"(?:,?\s+{YEAR_RX})?"
_TO = r"(?:-|–|—|to|through|until|till)"
_TO_OR_AND = r"(?:-|–|—|to|through|until|till|and)"

CANDIDATES: Final = re.compile(
    rf"""
    \b(?=\w)(?:  # anchor once at a word start, so the alternation is not tried mid-word
    (?P<iso>\b{YEAR_RX}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b)
    | (?P<daterange>\b(?:(?:from|between)\s+{_MD}{_YEAR_OPT}\s*{_TO_OR_AND}\s*{_MD}{_YEAR_OPT}
        |{_MD}{_YEAR_OPT}\s*{_TO}\s*{_MD}{_YEAR_OPT}
        |(?:from|between)\s+{_DM}{_YEAR_OPT}\s*{_TO_OR_AND}\s*{_DM}{_YEAR_OPT}
        |{_DM}{_YEAR_OPT}\s*{_TO}\s*{_DM}{_YEAR_OPT}
        |(?:from|between)\s+{DAY_RX}\s*{_TO_OR_AND}\s*{_DM}{_YEAR_OPT}
        |{DAY_RX}\s*{_TO}\s*{_DM}{_YEAR_OPT})\b)
    | (?P<mdy>\b{MONTH_RX}\s+{DAY_RX}(?:\s*(?:and|-|–|to)\s*{DAY_RX})?,?\s+{YEAR_RX}\b)
    | (?P<dmy>\b{DAY_RX}\s+{MONTH_RX}\s+{YEAR_RX}\b)
    | (?P<mdrange>\b{MONTH_RX}\s+{DAY_RX}\s*(?:and|-|–|to|through)\s*{DAY_RX}\b)
    | (?P<md>\b{MONTH_RX}\s+{DAY_RX}\b(?!\s*(?:%|percent|per\b|million|billion))(?:,?\s+(?:this|last|next)\s+year\b)?)
    | (?P<dm>\b{DAY_RX}\s+{MONTH_RX}\b)
    | (?P<my>\b{MONTH_RX}\s+(?:of\s+)?{YEAR_RX}\b)
    | (?P<monthrange>\bfrom\s+{MONTH_RX}\s+(?:to|until|through)\s+{MONTH_RX}\b)
    | (?P<month>\b(?:in|since|by|until|during|through|early|late|mid-|mid|of|last|next|this|before|after)\s+{MONTH_RX}\b
        (?!\.?,?\s+(?:of\s+)?{YEAR_RX}\b)  # "in July 2017" is that July (my), not the nearest one
        (?!\.?\s+{DAY_RX}\b(?!\s*(?:%|percent|per\b|million|billion))))  # "by May 5" is a day (md)
    | (?P<fiscal>\b(?:(?:this|last|next|the\s+current|the\s+previous|the\s+coming|the)\s+(?:financial|fiscal)\s+year\b(?:\s+{YEAR_RX}(?:[-/]\d\d)?\b)?
        |(?:the\s+)?{YEAR_RX}[-/]\d\d\s+(?:financial|fiscal)\s+year\b|(?:fiscal|financial)\s+year\s+{YEAR_RX}\b(?:[-/]\d\d\b)?|fiscal\s+{YEAR_RX}\b))
    | (?P<yearrange>\b(?:in|since|during|of|from)?\s*{YEAR_RX}\s*[-–/]\s*(?:{YEAR_RX}|\d\d)\b(?![-/]\d)(?!\s*(?:{_COUNTED})\b))
    | (?P<decade>\b(?:the\s+)?(?:(?:early|mid|late)[-\s]?)?(?:(?:19|20)\d0s|['’]\d0s)\b)
    | (?P<century>\b(?:the\s+)?(?:(?:early|mid|late)[-\s]?)?{_ORDINAL}[-\s]century\b
        |\b(?:this|last|next|the\s+(?:last|past|previous|current|next))\s+century\b)
    | (?P<quarter>\b(?:the\s+)?(?:first|second|third|fourth|final|1st|2nd|3rd|4th)[-\s]quarter\b{_OF_YEAR}?
        |\b(?:this|last|next|the\s+(?:current|previous|past|coming|next|last))\s+quarter\b
        |\b(?:the\s+)?(?:close|end|start|beginning|middle|rest)\s+of\s+(?:the|this)\s+(?:current\s+)?quarter\b
        |\bQ[1-4](?:\s+{YEAR_RX}|\s*['’]?\d\d)?\b)
    | (?P<half>\b(?:the\s+)?(?:first|second|1st|2nd)\s+half{_OF_YEAR}\b
        |\b(?:first|second)-half(?=\s+(?:profit|earnings|results|sales|revenue|growth|loss|output|figures)))
    | (?P<period_of>\b(?:the\s+)?(?:end|close|start|beginning|middle|rest|remainder)\s+of\s+(?:the|this|next|last)\s+(?:year|month|week)\b)
    | (?P<season>\b(?:{_SEASON_LEAD}[-\s]+{_SEASON}\s+(?:of\s+)?{YEAR_RX}\b(?:[-/]\d\d\b)?
        |{_SEASON_LEAD}[-\s]+{_SEASON_NOT_FALL}\b(?!\s+of\b)
        |(?:this|last|next|early|late)\s+fall\b|in\s+the\s+fall\b(?!\s+(?:of|in)\b)
        |{_SEASON}\s+(?:of\s+)?{YEAR_RX}\b(?:[-/]\d\d\b)?))
    | (?P<year>\b(?:(?:in|since|by|until|during|through|of|before|after|from|early|late|mid-|mid)\s+)?(?<![$€£¥#]){YEAR_RX}\b
        (?![-/.:,]\d)(?!\s*(?:{_COUNTED})\b)(?!\s*[-–]\s*\d))
    | (?P<weekdayrange>\b(?:(?:on|from|between)\s+)?{_WEEKDAY_RX}\s+(?:and|to|through|until|-|–)\s+{_WEEKDAY_RX}\b)
    | (?P<weekend>\b(?:at|over|during|on)\s+the\s+weekend\b)
    | (?P<weekday>\b(?:(?:last|next|this|on|since|by|until|early|late|earlier|later)\s+)?{_WEEKDAY_RX}\b)
    | (?P<rel_day>\b(?:yesterday|today|tomorrow|tonight|last\s+night|this\s+morning|this\s+afternoon|this\s+evening)\b)
    | (?P<rel_week>\b(?:(?:earlier|later)\s+)?(?:last|this|next)\s+(?:week|weekend)\b)
    | (?P<rel_month>\b(?:(?:earlier|later)\s+)?(?:last|this|next)\s+month\b)
    | (?P<rel_year>\b(?:(?:earlier|later)\s+)?(?:last|this|next)\s+year\b)
    | (?P<ago>\b{_NUM}\s+(?:days?|weeks?|months?|years?)\s+ago\b)
    | (?P<from_now>\b{_NUM}\s+(?:days?|weeks?|months?|years?)\s+from\s+now\b)
    | (?P<vague>\b(?:the\s+)?(?:coming|recent|next|past|last|previous)\s+(?:{_COUNT}\s+)?(?:hours|days|weeks|months|years|decades)\b
        |\bthe\s+(?:past|last|previous|coming|next)\s+(?:week|month|year|decade)\b)
    | (?P<holiday>\b(?:(?:last|next|this)\s+)?{_HOLIDAY}\b(?!\s+Island))
    | (?P<now>\b(?<!until\s)(?<!up\sto\s)(?<!till\s)(?:now|currently|at\s+present)\b(?!\s+that\b)(?![-–]\w)(?!\s+on\b))
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)


def _lowercase_pattern(source: str) -> str:
    """A pattern's source with its letters in lowercase, escapes and group names kept."""
    return re.sub(
        r"\\.|\(\?P<\w+>|[^\\(]+|\(",
        lambda m: m.group() if m.group()[0] == "\\" or m.group().startswith("(?P<") else m.group().lower(),
        source,
    )


# The same pattern, case-sensitive, for the lowercased text: about twice as fast as
# IGNORECASE, which compares every letter case-folded. Used where _matches_lowered() holds.
_LOWER_CANDIDATES: Final = re.compile(_lowercase_pattern(CANDIDATES.pattern), re.VERBOSE)


# -- trying only the kinds a word can open -------------------------------------------
#
# A failed match costs a walk through all thirty-odd kinds. Which words each kind can
# open with is read off its parsed pattern once (_opening_words); at a word, a pattern of
# only the kinds that can open with it is tried, in the same order, so that it finds
# what the whole pattern finds there.

_WORD_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_HEAD: Final = "\\b(?=\\w)(?:"


def _kind_sources(source: str) -> list[str]:
    """The alternatives (one per kind) of the lowercased CANDIDATES source."""
    body = source.strip()
    if not (body.startswith(_HEAD) and body.endswith(")")):
        return []
    body = body[len(_HEAD) : -1].split("\n", 1)[1]  # after the head's comment
    return [part.strip() for part in re.split(r"\n    \| (?=\(\?P<)", body)]


def _compile_kinds(sources: list[str]) -> re.Pattern[str]:
    """The candidate pattern of these kinds only (a kind's source may end in a comment)."""
    return re.compile(_HEAD + "\n|".join(sources) + "\n)", re.VERBOSE)


def _charset_sides(items: list) -> tuple[str, bool]:
    """What a parsed character set adds to a word ("#" a digit, "?" any word character,
    "" none) and whether it may hold a character that ends the word."""
    word: set[str] = set()
    other = False
    for op, av in items:
        name, value = str(op), str(av)
        if name == "LITERAL":
            if chr(av) in _WORD_CHARS:
                word.add(chr(av))
            else:
                other = True
        elif name == "RANGE":
            lo, hi = av
            inside = [c for c in _WORD_CHARS if lo <= ord(c) <= hi]
            word.update(inside)
            other = other or hi - lo + 1 > len(inside)
        elif name == "CATEGORY" and value in ("CATEGORY_SPACE", "CATEGORY_NOT_WORD"):
            other = True
        elif name == "CATEGORY" and value == "CATEGORY_DIGIT":
            word.update(_DIGITS)  # a digit of another script ends the word
            other = True
        else:  # NEGATE, word characters of every script, anything else: both
            word.update(_WORD_CHARS)
            other = True
    return _added(word), other


_DIGITS: Final = frozenset("0123456789")
_OPENING_CUT: Final = 5


def _added(word: set[str]) -> str:
    return "" if not word else "#" if word <= _DIGITS else "?"


# (the word's first characters, "#" standing for a digit and "?" for any word character;
# whether more characters may follow)
Opening = tuple[str, bool]


def _walk(items: list, opens: set[Opening]) -> tuple[set[Opening], set[Opening]]:
    """How a parsed sequence can go on from the open beginnings of a word: (the ways the
    word can end, the beginnings still open after the sequence)."""
    done: set[Opening] = set()
    for op, av in items:
        if not opens:
            break
        name = str(op)
        if name == "LITERAL" and chr(av) in _WORD_CHARS:
            opens = {(p, True) if more else (p + chr(av), False) for p, more in opens}
        elif name == "LITERAL":
            done |= opens
            opens = set()
        elif name in ("IN", "ANY", "NOT_LITERAL"):
            adds, other = _charset_sides(av) if name == "IN" else ("?", True)
            if other:
                done |= opens
            opens = {(p, True) if more else (p + adds, False) for p, more in opens} if adds else set()
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero width: only narrows what can match
        elif name == "SUBPATTERN":
            ended, opens = _walk(list(av[3]), opens)
            done |= ended
        elif name == "BRANCH":
            after: set[Opening] = set()
            for branch in av[1]:
                ended, left = _walk(list(branch), opens)
                done |= ended
                after |= left
            opens = after
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            least, most, sub = av
            ended, left = _walk(list(sub), opens)
            done |= ended
            if most > 1:  # further rounds may add to the word: anything may follow
                left = {(p, True) for p, _ in left}
            opens = left | (opens if least == 0 else set())
        else:  # anything else: the word may go on in any way
            opens = {(p, True) for p, _ in opens}
    return done, opens


def _opening_words(kind_source: str) -> frozenset[Opening]:
    """The words (as _LOWER_WORD cuts them) a kind's match can open with: exact words, and
    beginnings any word may follow. Over-counting is safe; a missing word is not."""
    # The standard library's own parser of patterns (what re.compile reads them with).
    parser: Any = importlib.import_module("re._parser")
    parsed = parser.parse(kind_source, re.VERBOSE)
    ended, left = _walk(list(parsed), {("", False)})
    # What a match ends on, the text's word may go on past. Cut to their first few
    # characters (anything may follow), the openings stay few: one kind's digits and
    # optional spaces would otherwise spell out hundreds.
    cut = _OPENING_CUT
    return frozenset(
        {(p, True) for p, _ in left if len(p) <= cut}
        | {(p[:cut], True) for p, _ in ended | left if len(p) > cut}
        | {(p, more) for p, more in ended if len(p) <= cut}
    )


_GROUP_NAME: Final = re.compile(r"\(\?P<(\w+)>")


def _kind_table() -> tuple[list[str], list[frozenset[Opening]]]:
    """The kinds' sources and opening words; empty if the pattern cannot be read so."""
    sources = _kind_sources(_LOWER_CANDIDATES.pattern)
    # Each kind is one named group, in the whole pattern's order, and nothing else is.
    names = [found.group(1) if (found := _GROUP_NAME.match(src)) else "" for src in sources]
    index = _LOWER_CANDIDATES.groupindex
    if len(sources) != _LOWER_CANDIDATES.groups or [index.get(name) for name in names] != list(
        range(1, len(names) + 1)
    ):
        return [], []
    try:
        openings = [_opening_words(src) for src in sources]
    except (ImportError, AttributeError, TypeError, ValueError, IndexError, KeyError, re.error):
        return [], []
    return sources, openings


# Read on first use (a worker's first article), not at import: the app never needs it.
_KIND_TABLE: Final[list[tuple[list[str], list[frozenset[Opening]]]]] = []


def kind_table() -> tuple[list[str], list[frozenset[Opening]]]:
    """The kinds' sources and the words each can open with (see _kind_table)."""
    if not _KIND_TABLE:
        _KIND_TABLE.append(_kind_table())
    return _KIND_TABLE[0]


# Per word: the pattern of the kinds it can open (None: no kind can).
_WORD_PATTERNS: Final[dict[str, re.Pattern[str] | None]] = {}
_PATTERNS_OF_KINDS: Final[dict[tuple[int, ...], re.Pattern[str]]] = {}
_WORD_PATTERNS_LIMIT: Final = 20_000


def _opens(word: str, opening: str, more: bool) -> bool:
    """Whether word fits an opening: its characters ("#" any digit, "?" any word
    character), then the word's end unless more may follow."""
    if len(word) < len(opening) or (not more and len(word) != len(opening)):
        return False
    return all(o in (c, "?") or (o == "#" and c in _DIGITS) for c, o in zip(word, opening, strict=False))


def _pattern_for(word: str) -> re.Pattern[str] | None:
    """The candidate pattern narrowed to the kinds that can open with word (lowercased)."""
    # Openings are at most _OPENING_CUT characters long: a word's first characters, and
    # whether it has more, decide.
    word = word[: _OPENING_CUT + 1]
    found = _WORD_PATTERNS.get(word, _LOWER_CANDIDATES)
    if found is not _LOWER_CANDIDATES:
        return found
    sources, kind_openings = kind_table()
    if not sources:
        return _LOWER_CANDIDATES
    kinds = tuple(i for i, openings in enumerate(kind_openings) if any(_opens(word, p, more) for p, more in openings))
    pattern: re.Pattern[str] | None = None
    if kinds:
        pattern = _PATTERNS_OF_KINDS.get(kinds)
        if pattern is None:
            pattern = _compile_kinds([sources[i] for i in kinds])
            _PATTERNS_OF_KINDS[kinds] = pattern
    if len(_WORD_PATTERNS) >= _WORD_PATTERNS_LIMIT:
        _WORD_PATTERNS.clear()
    _WORD_PATTERNS[word] = pattern
    return pattern


# Every candidate above contains one of these words (or a year, a decade or a quarter
# name): finding them is much cheaper than trying the whole pattern at every word, so
# the pattern only runs in windows around them.
_ANCHOR_WORDS: Final = frozenset(
    [
        *MONTHS,
        *WEEKDAYS,
        *"yesterday today tomorrow tonight night morning afternoon evening weekend week weeks".split(),
        *"month months year years day days century quarter half spring summer autumn fall winter".split(),
        *"now currently present decade decades hours christmas halloween".split(),
    ]
)
# (IGNORECASE: a Kelvin sign is a letter of "week" here, as the pattern takes it.)
_ANCHOR_WORD: Final = re.compile(r"[A-Za-z]{3,}", re.IGNORECASE)
# The anchor words as whole runs of ASCII letters in the lowercased text, in one scan:
# grouped by first letter, so that most positions fail at one test. Letter runs bounded
# on both sides cannot overlap, so the order of the alternatives changes nothing.


def _by_first_letter(words: frozenset[str]) -> str:
    """An alternation of words, grouped by first letter: "m(?:onday|ay)|..."."""
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=lambda w: (-len(w), w)):
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in sorted(groups.items()))


_LOWER_ANCHOR_WORDS: Final = re.compile(rf"(?<![a-z])(?:{_by_first_letter(_ANCHOR_WORDS)})(?![a-z])")
# Each begins with a character class, so that the scan over the whole text is fast.
_YEAR_ANCHOR: Final = re.compile(r"[12][09][0-9][0-9](?![0-9])")
_OTHER_ANCHORS: Final = (re.compile(r"['’][0-9]0s"), re.compile(r"Q[1-4]\b", re.IGNORECASE))
# The same in lowercased text, case-sensitive: "q" is then a literal the scan skips to.
_LOWER_OTHER_ANCHORS: Final = (_OTHER_ANCHORS[0], re.compile(r"q[1-4]\b"))
# How far a candidate reaches before its first anchor ("in the next few months", "the
# close of the current quarter") and after its last ("Aug. 22 and 23, 2018").
_REACH_BEFORE: Final = 40
_REACH_AFTER: Final = 48


def _anchors(text: str, low: str | None = None) -> list[tuple[int, int]]:
    """Spans of the anchor words (whole runs of ASCII letters) and numbers, in order.

    low: text.lower(), when the caller has it."""
    if low is None:
        low = text.lower()
    if len(low) != len(text):  # a character whose lowercase is longer: offsets would shift
        words = [m.span() for m in _ANCHOR_WORD.finditer(text) if m.group().lower() in _ANCHOR_WORDS]
        _add_numbers(text, words)
        words.sort()
        return words
    words = [m.span() for m in _LOWER_ANCHOR_WORDS.finditer(low)]
    _add_numbers(low, words, _LOWER_OTHER_ANCHORS)
    words.sort()
    return words


def _add_numbers(text: str, words: list[tuple[int, int]], others: tuple[re.Pattern[str], ...] = ()) -> None:
    """Add the spans of the years, decades ("'90s") and quarter names ("Q3") in text (or in
    its lowercase, with the lowercase patterns)."""
    for m in _YEAR_ANCHOR.finditer(text):
        i = m.start()
        if text[i : i + 2] in ("19", "20") and not (i and text[i - 1].isdigit()):
            words.append(m.span())
    for rx in others or _OTHER_ANCHORS:
        words += [m.span() for m in rx.finditer(text)]


# Characters that IGNORECASE matches to an ASCII letter although str.lower() does not turn
# them into that letter, or turns them into one that _WORD would then cut differently
# (dotless i, long s, the Kelvin sign): a text holding one is matched as written.
_FOLDS_TO_ASCII: Final = frozenset("\u0131\u017f\u212a")


def _matches_lowered(text: str, low: str) -> bool:
    """Whether matching low (text.lower()) with _LOWER_CANDIDATES finds what CANDIDATES
    finds in text: lowercasing kept every offset and no letter IGNORECASE folds otherwise."""
    return len(low) == len(text) and (text.isascii() or _FOLDS_TO_ASCII.isdisjoint(text))


def _letter(ch: str) -> bool:
    return "a" <= ch <= "z"


def candidate_windows(text: str) -> list[tuple[int, int]]:
    """Merged spans of text that can hold a date candidate; outside them none can start."""
    return _windows(_anchors(text), len(text))


def _windows(anchors: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    lo = hi = -1
    for start, end in anchors:
        a = max(0, start - _REACH_BEFORE)
        b = min(n, end + _REACH_AFTER)
        if a <= hi:
            hi = max(hi, b)
            continue
        if hi >= 0:
            windows.append((lo, hi))
        lo, hi = a, b
    if hi >= 0:
        windows.append((lo, hi))
    return windows


# Every candidate's first word is one of these (or a number): the pattern is tried only
# at such words, which is much cheaper than letting it try every word of a window.
_STARTERS: Final = frozenset(
    [
        *MONTHS,
        *WEEKDAYS,
        *"in on at since by until during through early late mid of last next this before after from the".split(),
        *"fiscal financial first second third fourth final close end start beginning middle rest".split(),
        *"remainder spring summer autumn fall winter between over earlier later yesterday today".split(),
        *"tomorrow tonight now currently one two three four five six seven eight nine ten a an".split(),
        *"fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth".split(),
        *"sixteenth seventeenth eighteenth nineteenth twentieth twenty q1 q2 q3 q4".split(),
        *"coming recent past previous christmas boxing new australia anzac independence".split(),
        *"valentine halloween bastille".split(),
    ]
)
_WORD: Final = re.compile(r"[A-Za-z0-9]+")
_LOWER_WORD: Final = re.compile(r"[a-z0-9]+")


def candidate_matches(text: str):
    """Matches of CANDIDATES in text, in order, as CANDIDATES.finditer(text) finds them:
    tried only at the starting words of candidates, inside candidate_windows(), and only
    where an anchor lies close enough ahead (a candidate holds its anchor: one cannot start
    after the last anchor of a window, nor further than _REACH_BEFORE before the next).

    The matches may be of the lowercased text (same offsets and groups): read the
    expression from text, not from the match."""
    low = text.lower()
    if _matches_lowered(text, low):
        match, subject, word_rx, fold = _LOWER_CANDIDATES.match, low, _LOWER_WORD, False
    else:
        match, subject, word_rx, fold = CANDIDATES.match, text, _WORD, True
    starters = _STARTERS
    anchors = _anchors(text, low)
    ahead = [start for start, _ in anchors]
    count = len(ahead)
    k = 0
    for lo, hi in _windows(anchors, len(text)):
        pos = lo
        for w in word_rx.finditer(subject, lo, hi):
            at = w.start()
            if at < pos:
                continue
            while k < count and ahead[k] < at:
                k += 1
            if k == count:
                return
            if ahead[k] - at > _REACH_BEFORE:
                continue
            word = w.group()
            if not (word[0].isdigit() or (word.lower() if fold else word) in starters):
                continue
            if fold:
                m = match(subject, at, hi)
            else:
                narrowed = _pattern_for(word)
                if narrowed is None:
                    continue
                m = narrowed.match(subject, at, hi)
            if m:
                yield m
                pos = m.end()
