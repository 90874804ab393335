"""Shared helpers for driving the Textual app in tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from search import Library
from tui.app import MainScreen, TradeTuiApp

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


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
    search_box = screen.query_one("#search")
    search_box.cursor_blink = False
    return screen


async def settle(pilot, rounds: int = 6) -> None:
    """Let workers finish and messages drain."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")
