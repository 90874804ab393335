"""Pilot tests of searching as you type: a half-typed word is a prefix, never 0 results mid-word."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from tests.apphelpers import make_corpus, prebuilt_app, settle, type_text, wait_ready
from tui.user_files import UserFiles
from tui.widgets.article_list import ArticleList
from tui.widgets.search_box import SearchBox, placeholder_for


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


async def test_the_placeholder_gives_examples_from_this_corpus(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        box = screen.query_one(SearchBox)
        people = [e for e in screen.entities if e.kind == "person"]
        top = max(people, key=lambda e: (len(e.articles), e.name))
        assert f"person:{top.name.split()[-1].lower()}" in box.placeholder
        assert screen.stats is not None
        busiest = max(screen.stats.per_month, key=lambda m: (m[1], m[0]))[0]
        assert f"date:{busiest}" in box.placeholder


def test_placeholder_for_a_corpus_without_people_or_dates():
    assert "person:NAME" in placeholder_for(None, None) and "date:YYYY-MM" in placeholder_for(None, None)
    assert "person:ross" in placeholder_for("Wilbur Ross", "2019-09")


def test_the_query_history_is_kept_per_corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADETUI_DATA_DIR", str(tmp_path / "data"))
    one, other = tmp_path / "one", tmp_path / "other"
    one.mkdir()
    other.mkdir()
    UserFiles(one).remember("tariffs")
    UserFiles(other).remember("soybeans")
    UserFiles(one).remember("kudlow")
    assert UserFiles(one).history() == ["tariffs", "kudlow"]
    assert UserFiles(other).history() == ["soybeans"]
