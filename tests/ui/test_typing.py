"""Pilot tests of searching as you type: a half-typed word is a prefix, never 0 results mid-word."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from tests.apphelpers import make_corpus, prebuilt_app, settle, type_text, wait_ready
from tui.widgets.article_list import ArticleList


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADETUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TRADETUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRADETUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setattr("tui.screens.main.SEARCH_DEBOUNCE", 0.01)
    corpus = make_corpus(tmp_path)
    return corpus, tmp_path / "index"


def _status(screen) -> str:
    return str(screen.query_one("#status", Static).visual)


async def test_typing_never_drops_to_zero_mid_word(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        lst = screen.query_one("#articles", ArticleList)
        everything = lst.row_count
        await pilot.press("slash")
        counts = []
        for ch in "lighthizer":
            await type_text(pilot, ch)
            await settle(pilot, rounds=2)
            counts.append(lst.row_count)
            assert "did you mean" not in _status(screen)
        assert counts[0] == counts[1] == everything  # "l", "li": too short, the results stay
        assert all(n > 0 for n in counts)
        assert counts[-1] == 2
        await pilot.press("enter")
        await settle(pilot)
        assert lst.row_count == 2


async def test_the_committed_query_is_exact_and_may_suggest(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        lst = screen.query_one("#articles", ArticleList)
        await pilot.press("slash")
        await type_text(pilot, "tarif")
        await settle(pilot)
        assert lst.row_count > 0  # tarif* finds the tariffs while typing
        assert "did you mean" not in _status(screen)
        await pilot.press("enter")
        await settle(pilot)
        assert lst.row_count == 0 and "did you mean tariff" in _status(screen)
