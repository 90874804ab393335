"""Tokens of article text: words, acronyms, numbers and punctuation, with sentence numbers.

Every token keeps its character offsets, so a mention's span is always the
article's own characters. Lines written in capitals (headlines, captions) can be
title-cased first without moving any offset.
"""

from __future__ import annotations

import re
from typing import Final

_TOKEN: Final = re.compile(
    r"(?:[A-Z]\.){2,}"  # acronyms with dots: U.S., U.K.
    # words, with inner apostrophes, hyphens and underscores, each followed by letters or digits
    # (written so, matching steps back only over marks that end a word, not over every word)
    r"|[^\W\d_][^\W_]*(?:[_'’\-]+[^\W_]+)*"
    r"|\d+(?:[^\W\d_]\w*|(?:[.,]\d+)*)"  # 5G, 10th; 3.5, 1,000
    r"|[^\w\s]"
)
ABBREV_END: Final = frozenset(
    "mr mrs ms dr st jr sr gen col lt sen rep gov prof rev capt maj sgt adm no vs etc inc co corp ltd".split()
)
_BREAK_CHARS: Final = frozenset(".!?”’\"'")
# Tok.in_caps: a headline line in capitals inside a mixed-case text, or a text all in capitals.
HEADLINE, ALL_CAPS = 1, 2


class Tok:
    """A token with its offsets and sentence number; derived flags are computed once."""

    __slots__ = ("text", "start", "end", "sentence", "low", "is_cap", "is_word", "index", "in_caps")

    def __init__(
        self, text: str, start: int, end: int, sentence: int, index: int, low: str, is_cap: bool, is_word: bool
    ) -> None:
        self.index = index  # position in its text's token list
        self.text = text
        self.start = start
        self.end = end
        self.sentence = sentence
        self.low = low
        self.is_cap = is_cap  # opens with a capital
        self.is_word = is_word  # opens with a letter
        self.in_caps = 0  # HEADLINE or ALL_CAPS when written in capitals (title-cased for reading)


# What tokenizing needs of a token's text, computed once per distinct text: its lowercase,
# whether it opens with a capital and with a letter, whether it is a word written in
# lowercase, and whether it may end a sentence.
_TOKEN_INFO: Final[dict[str, tuple[str, bool, bool, bool, bool]]] = {}
_TOKEN_INFO_LIMIT: Final = 200_000


def _token_info(text: str) -> tuple[str, bool, bool, bool, bool]:
    if len(_TOKEN_INFO) >= _TOKEN_INFO_LIMIT:
        _TOKEN_INFO.clear()
    first = text[0]
    is_cap, is_word = first.isupper(), first.isalpha()
    info = (text.lower(), is_cap, is_word, is_word and not is_cap and text.islower(), text in _BREAK_CHARS)
    _TOKEN_INFO[text] = info
    return info


def tokenize(text: str, lower_words: set[str] | None = None) -> list[Tok]:
    """Word, acronym, number and punctuation tokens with sentence numbers; lower_words, when
    given, receives the words written in lowercase."""
    # Methods are called where they are used, not bound to locals first: compiled, a direct
    # call of a list's, dict's or str's method is a primitive, a bound one a generic call.
    toks: list[Tok] = []
    infos = _TOKEN_INFO
    sentence = index = pos = 0
    may_end = False  # whether the last token may end a sentence (".", "!", a closing quote)
    # No token holds a line break, so each line is tokenized alone and a line break always
    # ends the sentence: only a mark inside a line needs the full test.
    for line in text.split("\n"):
        line_end = pos + len(line)
        new_line = bool(toks)
        at = pos
        # Tokens as strings, then their offsets by str.find: cheaper than a match object
        # each. Between two tokens lie only spaces and lone underscores, which no token
        # starts with, so the first occurrence from the last token's end is the token.
        for word in _TOKEN.findall(text, pos, line_end):
            start = text.find(word, at)
            at = start + len(word)
            if new_line:
                sentence += 1
                new_line = False
            elif may_end and _ends_sentence(toks, text, start):
                sentence += 1
            info = infos.get(word)
            if info is None:
                info = _token_info(word)
            low, is_cap, is_word, lowercase, may_end = info
            toks.append(Tok(word, start, at, sentence, index, low, is_cap, is_word))
            index += 1
            if lowercase and lower_words is not None:
                lower_words.add(word)
        pos = line_end + 1
    return toks


def _ends_sentence(toks: list[Tok], text: str, next_start: int) -> bool:
    """Whether a sentence ends between the last token so far and the next one."""
    last = len(toks) - 1
    dot = toks[last]
    if text.find("\n", dot.end, next_start) >= 0:
        return True
    if dot.text in "”’\"'" and last >= 1 and toks[last - 1].text in ".!?":
        last -= 1
        dot = toks[last]
    if dot.text not in ".!?":
        return False
    if dot.text != ".":
        return True
    if last < 1:
        return True
    before = toks[last - 1]
    if before.low in ABBREV_END or (len(before.text) == 1 and before.text.isupper()):
        return False
    nxt = text[next_start : next_start + 1]
    return nxt.isupper() or nxt in "\"'“‘(" or nxt.isdigit()


_CAPS_WORD: Final = re.compile(r"\b[A-Z][A-Z'’\-]{2,}\b")


def case_fold_caps(text: str) -> str:
    """Title-case words written in capitals, keeping every offset (for all-caps captions)."""

    def fix(m: re.Match) -> str:
        w = m.group()
        return w[0] + w[1:].lower() if len(w) > 3 else w

    return _CAPS_WORD.sub(fix, text)


_UPPER: Final = bytes(range(ord("A"), ord("Z") + 1))
_LOWER: Final = bytes(range(ord("a"), ord("z") + 1))


def mostly_caps(text: str) -> bool:
    """Whether most (ASCII) letters of a text are capitals."""
    raw = text.encode("ascii", "ignore")
    upper = len(raw) - len(raw.translate(None, _UPPER))
    lower = len(raw) - len(raw.translate(None, _LOWER))
    return upper + lower > 0 and upper / (upper + lower) > 0.6


def caps_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines of two or more words written mostly in capitals (headlines)."""
    spans: list[tuple[int, int]] = []
    if "\n" not in text:
        return [(0, len(text))] if mostly_caps(text) and len(text.split(None, 2)) >= 2 else spans
    pos = 0
    for line in text.split("\n"):
        if len(line.split()) >= 2 and mostly_caps(line):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def fold_caps_lines(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the given capital lines title-cased (same length, same offsets)."""
    if not spans:
        return text
    parts, pos = [], 0
    for s, e in spans:
        parts.append(text[pos:s])
        parts.append(case_fold_caps(text[s:e]))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def mark_caps(toks: list[Tok], spans: list[tuple[int, int]], how: int = 1) -> None:
    """Flag the tokens that stand on a line written in capitals (HEADLINE), or in a text
    written all in capitals (ALL_CAPS)."""
    if not spans:
        return
    for t in toks:
        for s, e in spans:
            if s <= t.start < e:
                t.in_caps = how
                break


def is_possessive(word: str) -> bool:
    """ "Kudlow's", "Norjet’s": a word written with the possessive 's."""
    return word.endswith(("'s", "’s"))


def strip_possessive(word: str) -> str:
    """ "Kudlow's" -> "Kudlow"."""
    if is_possessive(word) and len(word) > 2:
        return word[:-2]
    return word


def title_name(surface: str) -> str:
    """A name written in capitals, title-cased: "GARCIA-LOPEZ" -> "Garcia-Lopez"."""
    if surface.isupper():
        return re.sub(r"[A-Z]+", lambda m: m.group()[0] + m.group()[1:].lower(), surface)
    return surface
