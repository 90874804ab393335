"""Snippets: the stretch of an article's body that best shows why it matched."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .models import Article, Hit

SNIPPET_WIDTH = 160
# Characters of context kept before the first match of the window.
_LEAD = 40

Spans = list[tuple[int, int]]


def make_snippet(body: str, spans: Sequence[tuple[int, int]], width: int = SNIPPET_WIDTH) -> tuple[str, Spans]:
    """(text, spans within it) of the width-character window holding most matches.

    Without matches it is the body's start, cut at a word. Whitespace runs become one
    space and the match spans are moved to match; "…" marks text cut at either end.
    """
    if not spans:
        text = body[:width]
        cut = text.rsplit(" ", 1)[0] if len(body) > width else text
        return " ".join(cut.split()) + ("…" if len(body) > width else ""), []
    start, end = _window(body, spans, width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(body) else ""
    text, index_of = _collapse_spaces(body[start:end])
    out_spans = []
    for a, b in spans:
        if a >= start and b <= end and (a - start) in index_of and (b - 1 - start) in index_of:
            out_spans.append((index_of[a - start] + len(prefix), index_of[b - 1 - start] + 1 + len(prefix)))
    return prefix + text + suffix, out_spans


def _window(body: str, spans: Sequence[tuple[int, int]], width: int) -> tuple[int, int]:
    """The window holding the most matches, starting near the first of them, cut at spaces."""
    best_start, best_count = spans[0][0], 0
    for s, _ in spans:
        count = sum(1 for a, b in spans if s <= a and b <= s + width)
        if count > best_count:
            best_start, best_count = s, count
    start = max(0, best_start - _LEAD)
    start = body.rfind(" ", 0, start) + 1 if start > 0 else 0
    end = min(len(body), start + width)
    if end < len(body):
        space = body.rfind(" ", start, end)
        end = space if space > best_start else end
    return start, end


def _collapse_spaces(raw: str) -> tuple[str, dict[int, int]]:
    """raw with each whitespace run as one space, and {old offset: new offset} of what is kept."""
    text_chars, mapping = [], []
    prev_space = False
    for i, ch in enumerate(raw):
        if ch.isspace():
            if prev_space:
                continue
            ch, prev_space = " ", True
        else:
            prev_space = False
        mapping.append(i)
        text_chars.append(ch)
    return "".join(text_chars), {orig: new for new, orig in enumerate(mapping)}


def snippet_hit(fields: Mapping[str, Any], score: float, spans: Sequence[tuple[int, int]]) -> Hit:
    """A result from an article's stored fields, its score and the match spans of its body."""
    snippet, snippet_spans = make_snippet(fields.get("body", ""), spans)
    return Hit(
        fields["id"], fields.get("title", ""), fields.get("date"), round(score, 4), snippet, tuple(snippet_spans)
    )


def article_of(fields: Mapping[str, Any]) -> Article:
    """The Article an index's stored fields hold."""
    get = fields.get
    return Article(
        fields["id"],
        get("title", ""),
        get("body", ""),
        get("path", ""),
        get("date"),
        get("source", ""),
        get("url", "") or "",
        get("captions", ()),
    )
