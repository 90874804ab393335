"""Shared helpers for driving the Textual app in tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.screen import Screen
from textual.widgets import Input

from search import Hit, Library
from tests.seeds import SEEDS
from tui.app import MainScreen, TradeTuiApp
from tui.article_list import ArticleList
from tui.reader import ArticleView, Reader


def make_corpus(root: Path) -> Path:
    """A private copy of the seeds (named 'seeds', so headers read the same everywhere)."""
    corpus = root / "seeds"
    shutil.copytree(SEEDS, corpus)
    return corpus


def prebuilt_app(corpus: Path, index_dir: Path) -> TradeTuiApp:
    """An app on a corpus whose index is already built, so start-up is silent and deterministic."""
    with Library(corpus, index_dir) as lib:
        lib.update()
    return TradeTuiApp(corpus, index_dir)


async def wait_ready(pilot, timeout: float = 10.0) -> MainScreen:
    """Wait until the app has opened its index and shown the first results."""
    app = pilot.app
    waited = 0.0
    while waited < timeout:
        screen = app.screen
        if isinstance(screen, MainScreen) and screen.ready and screen._last_page is not None:
            break
        await pilot.pause(0.05)
        waited += 0.05
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, MainScreen), "main screen did not open"
    search_box = screen.query_one("#search", Input)
    search_box.cursor_blink = False
    return screen


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


async def wait_for_workers(app, timeout: float = 30.0) -> None:
    """Wait until no worker runs; a worker cancelled by a newer one (a read, a search) is done.

    Raises TimeoutError when workers are still running after `timeout` seconds.
    """
    import asyncio

    from textual.worker import WorkerCancelled

    async def drain() -> None:
        while True:
            try:
                await app.workers.wait_for_complete()
                return
            except WorkerCancelled:
                continue  # the others are waited for on the next round

    await asyncio.wait_for(drain(), timeout)


async def settle(pilot, rounds: int = 6) -> None:
    """Let workers finish and messages drain."""
    for _ in range(rounds):
        await wait_for_workers(pilot.app)
        await pilot.pause(0.05)


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")
