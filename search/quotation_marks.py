"""Pairs of quotation marks in news text: “…”, ‘…’ and "…"."""

from __future__ import annotations

import re

_MARKS = re.compile(r"[“”‘’\"\n]")
_OPENERS = '“‘"'


def quotations(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quotation marks.

    A quotation left open at a paragraph's end runs on when the next paragraph opens
    with a quotation mark (the news convention for a quotation over paragraphs)."""
    out: list[tuple[int, int]] = []
    open_at = -1
    for m in _MARKS.finditer(text):
        ch, i = m.group(), m.start()
        if ch == "\n":
            if open_at >= 0 and text[i:].lstrip()[:1] in tuple(_OPENERS):
                out.append((open_at + 1, i))
            open_at = -1
        elif open_at < 0:
            if ch in '“"' or (ch == "‘" and (i == 0 or not text[i - 1].isalnum())):
                open_at = i
        elif _closes(text, open_at, i, ch):
            if i > open_at + 1:
                out.append((open_at + 1, i))
            open_at = -1
        elif ch == "“":
            open_at = i  # an unclosed mark before it: start again here
    return out


def _closes(text: str, open_at: int, i: int, ch: str) -> bool:
    """Whether the mark at i closes the quotation opened at open_at."""
    opener = text[open_at]
    if opener == "‘":  # only a closing single mark that is not an apostrophe ("don’t")
        return ch == "’" and not (text[i - 1 : i].isalpha() and text[i + 1 : i + 2].isalpha())
    return ch in '”"'
