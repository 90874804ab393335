"""Watching the folder from the app (a file added while it runs is indexed, and the panes follow),
and the date dialog refusing a range that names no real day."""

from __future__ import annotations

import asyncio
import time

from textual.widgets import Static

from tests.apphelpers import make_corpus, prebuilt_app, wait_ready
from tui.messages import FolderChanged
from tui.widgets.article_list import ArticleList


def _env(tmp_path, monkeypatch):
    for name, folder in (("CACHE", "cache"), ("DATA", "data"), ("CONFIG", "config"), ("EXPORT", "exports")):
        monkeypatch.setenv(f"TRADETUI_{name}_DIR", str(tmp_path / folder))
    return make_corpus(tmp_path), tmp_path / "index"


async def _until(pilot, check, timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)
        await pilot.pause()


async def test_w_watches_the_folder_and_a_new_article_joins_the_list(tmp_path, monkeypatch):
    corpus, index = _env(tmp_path, monkeypatch)
    app = prebuilt_app(corpus, index)
    rounds: list[FolderChanged] = []
    async with app.run_test(notifications=True, size=(140, 42), message_hook=_collect(rounds)) as pilot:
        screen = await wait_ready(pilot)
        lst = screen.query_one("#articles", ArticleList)
        assert lst.total == 4
        await pilot.press("w")
        await _until(pilot, lambda: app.session.watching, what="the watcher to start")
        assert any("Watching" in str(n.message) for n in app._notifications)
        (corpus / "new.txt").write_text(
            "date: 2019-05-10\n\nHarbour pilots in Valparaiso stopped work on Friday over a pay dispute.",
            encoding="utf-8",
        )
        await _until(pilot, lambda: any(r.result.report and r.result.report.added for r in rounds), what="a round")
        await _until(pilot, lambda: lst.article_count == 6, what="the list to hold the new article")
        assert "6 articles" in app.sub_title
        await pilot.press("w")
        assert not app.session.watching
        assert "6 articles" in str(screen.query_one("#status", Static).visual)


def _collect(rounds: list[FolderChanged]):
    def hook(message) -> None:
        if isinstance(message, FolderChanged):
            rounds.append(message)

    return hook


async def test_the_date_dialog_stays_open_on_a_month_that_does_not_exist(tmp_path, monkeypatch):
    from tui.screens.date_filter import DateFilterScreen

    corpus, index = _env(tmp_path, monkeypatch)
    app = prebuilt_app(corpus, index)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("D")
        await _until(pilot, lambda: isinstance(app.screen, DateFilterScreen), what="the date dialog")
        for key in "2018-13":
            await pilot.press(key)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DateFilterScreen)
        assert "Dates look like" in str(app.screen.query_one("#date-body").border_subtitle)
        await pilot.press("escape")
        await _until(pilot, lambda: app.screen is screen, what="the dialog to close")
        assert screen.dates is None
