"""Pairs of quotation marks in news text: “…”, ‘…’ and "…"."""

from __future__ import annotations

import re

_MARKS = re.compile(r"[“”‘’\"\n]")


def quotations(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quotation marks.

    A quotation left open at a paragraph's end runs on when the next paragraph opens
    with a quotation mark (the news convention for a quotation over paragraphs); so
    does one left open where a new quotation plainly opens (paragraphs run together
    on one line).  A straight mark opens or closes by its neighbours ( "A" ), and
    toggles only where they do not tell."""
    out: list[tuple[int, int]] = []
    open_at = -1
    for m in _MARKS.finditer(text):
        ch, i = m.group(), m.start()
        way = _way(text, i) if ch == '"' else ""
        if ch == "\n":
            nxt = _NEXT_MARK.match(text, i)
            if open_at >= 0 and nxt and nxt.group(1):
                _keep(out, text, open_at, i)
            open_at = -1
        elif open_at < 0:
            if ch == "“" or (ch == '"' and way != "close") or (ch == "‘" and (i == 0 or not text[i - 1].isalnum())):
                open_at = i
        elif way != "open" and _closes(text, open_at, i, ch):
            _keep(out, text, open_at, i)
            open_at = -1
        elif ch == "“" or way == "open":
            _keep(out, text, open_at, i)  # run on to where the next quotation opens
            open_at = i
    return out


_NEXT_MARK = re.compile(r"\s*([“‘\"])?")
_BEFORE_OPEN = " \t\n([{—–-"


def _way(text: str, i: int) -> str:
    """ "open", "close" or "" (either) for a straight double mark, by its neighbours."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before in _BEFORE_OPEN and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-"):
        return "close"
    return ""


def _keep(out: list[tuple[int, int]], text: str, open_at: int, end: int) -> None:
    while end > open_at + 1 and text[end - 1].isspace():
        end -= 1
    if end > open_at + 1:
        out.append((open_at + 1, end))


def _closes(text: str, open_at: int, i: int, ch: str) -> bool:
    """Whether the mark at i closes the quotation opened at open_at."""
    opener = text[open_at]
    if opener == "‘":  # only a closing single mark that is not an apostrophe ("don’t")
        return ch == "’" and not (text[i - 1 : i].isalpha() and text[i + 1 : i + 2].isalpha())
    return ch in '”"'
