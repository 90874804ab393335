"""Where the reader breaks lines: the one module that uses rich's private line divider."""

from __future__ import annotations

import re

from rich._wrap import divide_line

_LINE_PATTERNS: dict[int, re.Pattern] = {}


def wrap_offsets(plain: str, width: int) -> list[int]:
    """Where rich's divide_line() breaks a paragraph (fold=True), found a line at a time.

    For printable ASCII (one cell per character) a regex takes each line whole: the
    longest run ending a word within the width, plus the spaces after it. Anything else,
    and words longer than a line (which divide_line folds), goes to divide_line itself.
    """
    if not (plain.isascii() and plain.isprintable()):
        return divide_line(plain, width, fold=True)
    pattern = _LINE_PATTERNS.get(width)
    if pattern is None:
        pattern = _LINE_PATTERNS[width] = re.compile(rf".{{0,{width - 1}}}\S(?=\s|$)\s*")
    breaks = []
    pos, n = 0, len(plain)
    match = pattern.match
    while pos < n:
        m = match(plain, pos)
        if m is None:
            return divide_line(plain, width, fold=True)
        pos = m.end()
        if pos < n:
            breaks.append(pos)
    return breaks
