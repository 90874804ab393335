"""Driving the app headless: for the tests, the screenshots and the app benchmark.

Every wait here raises when its time is up, so a stuck app fails loudly instead of hanging.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled

from search import Library, bundled_seeds

from .app import MainScreen, TradeTuiApp


def make_corpus(root: Path) -> Path:
    """A private copy of the bundled seeds (named 'seeds', so headers read the same everywhere)."""
    corpus = root / "seeds"
    shutil.copytree(bundled_seeds(), corpus)
    return corpus


def prebuilt_app(corpus: Path, index_dir: Path) -> TradeTuiApp:
    """An app on a corpus whose index is already built, so start-up is silent and deterministic."""
    with Library(corpus, index_dir) as lib:
        lib.update()
    return TradeTuiApp(corpus, index_dir)


async def wait_for_workers(app: TradeTuiApp, timeout: float = 30.0) -> None:
    """Wait until no worker runs; a worker cancelled by a newer one (a read, a search) is done.

    Raises TimeoutError when workers are still running after `timeout` seconds.
    """

    async def drain() -> None:
        while True:
            try:
                await app.workers.wait_for_complete()
                return
            except WorkerCancelled:
                continue  # the others are waited for on the next round

    await asyncio.wait_for(drain(), timeout)


async def settle(pilot: Pilot, rounds: int = 6) -> None:
    """Let workers finish and messages drain."""
    for _ in range(rounds):
        await wait_for_workers(pilot.app)  # type: ignore[arg-type]
        await pilot.pause(0.05)


async def wait_ready(pilot: Pilot, timeout: float = 10.0) -> MainScreen:
    """Wait until the app has opened its index and shown the first results; TimeoutError if not."""
    app = pilot.app
    waited = 0.0
    while True:
        screen = app.screen
        if isinstance(screen, MainScreen) and screen.ready and screen.results is not None:
            break
        if waited >= timeout:
            raise TimeoutError(f"the app was not ready after {timeout} s; it shows {screen!r}")
        await pilot.pause(0.05)
        waited += 0.05
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, MainScreen), "main screen did not open"
    screen.query_one("#search", Input).cursor_blink = False
    return screen


async def type_text(pilot: Pilot, text: str) -> None:
    """Type text key by key, as a user does."""
    for ch in text:
        await pilot.press(ch if ch != " " else "space")
