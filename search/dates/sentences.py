"""A date candidate in its sentence: whether it numbers a thing, its span, its tense.

A candidate (search.dates.candidates) is read in its sentence: a bare year after a noun
that numbers things is no year, a preposition before a date is no part of its span, and
the words of the date's own clause say whether it speaks of the future.
"""

from __future__ import annotations

import bisect
import re
from typing import Final

# A number in a series is not a year: "Flight 1901", "resolution 1973", "room number 2004".
_NUMBERING_NOUNS: Final = frozenset(
    "number numbers no nos nr num flight flights route routes room rooms resolution resolutions highway"
    " page pages pp section sections clause paragraph chapter item platform gate seat exit bus channel"
    " track lot unit apartment apt suite box ticket code extension ext tel phone account rule".split()
)
_WORD_BEFORE: Final = re.compile(r"([A-Za-z]+)\.?[ \t]+$")


def numbers_a_thing(text: str, m: re.Match) -> bool:
    """Whether a bare year (no word of time before it) follows a noun that numbers things,
    so that it is a number in a series rather than a year."""
    start = m.start()
    if m.lastgroup != "year" or not text[start : start + 1].isdigit():
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 24), start)
    return before is not None and before.group(1).lower() in _NUMBERING_NOUNS


# A preposition before a date is no part of the date's span ("on Thursday" -> "Thursday");
# the resolver still reads it ("since May" runs from May to the article's date).
_LEAD_PREPOSITION: Final = re.compile(
    r"(?:in|on|at|since|by|until|till|during|through|throughout|of|before|after|from|for|over|within)\s+(?=\S)",
    re.IGNORECASE,
)


def date_span(m: re.Match) -> tuple[int, int]:
    """(start, end) of a candidate without its leading preposition."""
    start = m.start()
    if m.lastgroup == "monthrange" and m.group().lower().startswith("from"):
        return start + len(m.group().split(None, 1)[0]) + 1, m.end()
    lead = _LEAD_PREPOSITION.match(m.group())
    if lead and m.lastgroup not in ("now",):
        start += lead.end()
    return start, m.end()


# -- tense ---------------------------------------------------------------------------

_FUTURE: Final = re.compile(
    r"\b(?:will|won't|shall|'ll|would|is\s+set\s+to|are\s+set\s+to|set\s+to|is\s+due|are\s+due|due\s+to"
    r"|is\s+scheduled|are\s+scheduled|scheduled|plans?\s+to|planned|is\s+expected|are\s+expected"
    r"|expect|going\s+to|next|upcoming|would\s+take\s+effect|to\s+be\s+held"
    r"|to\s+(?:run|last|continue|remain|stay|extend|operate|begin|start|expire)|to\s+be"
    r"|(?:wants?|hopes?|aims?|intends?|plans?)\s+to)\b",
    re.IGNORECASE,
)
_PAST_MARK: Final = re.compile(r"\b(?:had|was|were|did|ago|last|earlier|already)\b", re.IGNORECASE)
_CLAUSE: Final = re.compile(r"[,;:()\u2014]|\s[\u2013-]\s|\b(?:and|but|while|after|before|when|as)\b")
_TENSE_REACH: Final = 60


def is_future(sentence: str, at: int) -> bool:
    """Whether the clause around position `at` speaks of the future.

    Only the words of the date's own clause count ("... said on Tuesday it will ..." is about
    Tuesday in the past); a past marker nearer the date than the future cue wins.  A plan
    "to run through June" looks ahead like "will".
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


# -- sentences -----------------------------------------------------------------------

# A sentence break: the spaces after . ! ? (and a closing quotation mark) before what can
# open a sentence, or a run of line breaks. The mark is matched, not looked behind at, so
# that the scan skips quickly to the next . ! ? or line break; the break starts after it.
_SENTENCE_BREAK: Final = re.compile(r"[.!?][\"”’']?\s+(?=[\"“‘'(]?[A-Z0-9])|\n+")
_NO_BREAK_AFTER: Final = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Sen|Rep|Gov|Prof|Rev|Capt|Maj|Sgt|Adm|No|vs|etc|Inc|Co|Corp|Ltd"
    r"|Det|Supt|Insp|Cmdr|Brig|Cpl"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$"
)


def sentence_starts(text: str) -> list[tuple[int, int]]:
    """(end of previous sentence, start of next) for every sentence break in text."""
    out: list[tuple[int, int]] = []
    for m in _SENTENCE_BREAK.finditer(text):
        start, end = m.span()
        if text[start] != "\n":
            start += 1  # past the mark: the break is the space after it
            if text[start] != "\n" and _NO_BREAK_AFTER.search(text, max(0, start - 6), start):
                continue  # "Mr. Liu", "Jan. 5": no break (a line break always is one)
        out.append((start, end))
    return out


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
