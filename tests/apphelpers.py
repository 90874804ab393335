"""Assertion helpers for the app's tests; driving the app lives in tui.testing."""

from __future__ import annotations

from textual.screen import Screen

from search import Hit
from tests.seeds import SEEDS
from tui.testing import make_corpus, prebuilt_app, settle, type_text, wait_for_workers, wait_ready
from tui.widgets.article_list import ArticleList
from tui.widgets.reader import ArticleView, Reader

__all__ = [
    "SEEDS",
    "current_hit",
    "focused_id",
    "hit_at",
    "make_corpus",
    "prebuilt_app",
    "settle",
    "shown",
    "type_text",
    "wait_for_workers",
    "wait_ready",
]


def current_hit(lst: ArticleList) -> Hit:
    """The highlighted hit of a result list; fails the test when nothing is highlighted."""
    hit = lst.current
    assert hit is not None, "no article is highlighted in the list"
    return hit


def hit_at(lst: ArticleList, index: int) -> Hit:
    """The hit at a position of a result list; fails the test when it is not loaded."""
    hit = lst.hit_at(index)
    assert hit is not None, f"no hit loaded at position {index}"
    return hit


def shown(reader: Reader) -> ArticleView:
    """What the reader shows; fails the test when it shows no article."""
    view = reader.view
    assert view is not None, "the reader shows no article"
    return view


def focused_id(screen: Screen[object]) -> str | None:
    """The id of the focused widget; fails the test when nothing has focus."""
    focused = screen.focused
    assert focused is not None, "nothing has focus"
    return focused.id
