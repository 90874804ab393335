"""Pilot tests of stories in the app: one row per story, versions on a key, and the reader's diff."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from tests.apphelpers import current_hit, hit_at, make_corpus, prebuilt_app, settle, wait_ready
from tui.widgets.article_list import ArticleList
from tui.widgets.reader import Reader

# Seeds 000 and 001 are two versions of one story; 000 (dated a day later) is the newer.
LATER, EARLIER = "000_e13d86ead2c414f1", "001_d45e1563e4736e50"


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    for name in ("CACHE", "DATA", "CONFIG", "EXPORT"):
        monkeypatch.setenv(f"TRADETUI_{name}_DIR", str(tmp_path / name.lower()))
    return make_corpus(tmp_path), tmp_path / "index"


def _status(screen) -> str:
    return str(screen.query_one("#status", Static).visual)


def _row_of(lst: ArticleList, article_id: str) -> int:
    row = lst.row_of(article_id)
    assert row is not None, f"{article_id} has no row"
    return row


async def test_one_row_per_story_and_v_lists_every_version(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        lst = screen.query_one("#articles", ArticleList)
        assert lst.total == 4
        assert "4 stories · 5 articles" in _status(screen)
        ids = [hit_at(lst, n).id for n in range(lst.total)]
        assert LATER in ids and EARLIER not in ids  # the newest version stands for the story
        row = lst.row_at(ids.index(LATER))
        assert row is not None and row.versions == 2
        lst.cursor = ids.index(LATER)
        await settle(pilot)
        first_line = lst.render_line(ids.index(LATER) * 2 - int(lst.scroll_offset.y)).text
        assert "2 versions" in first_line  # said in words, not colour alone

        await pilot.press("v")
        await settle(pilot)
        assert lst.total == 5
        assert {hit_at(lst, n).id for n in range(5)} >= {EARLIER, LATER}
        assert current_hit(lst).id == LATER  # the highlighted article stays highlighted
        assert "4 stories · 5 articles" in _status(screen)
        await pilot.press("v")
        await settle(pilot)
        assert lst.total == 4 and current_hit(lst).id == LATER


async def test_a_query_matching_one_version_keeps_its_row(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        lst = screen.query_one("#articles", ArticleList)
        await pilot.press("slash")
        for ch in f"story:{EARLIER}":
            await pilot.press(ch)
        await pilot.press("enter")
        for _ in range(50):
            await settle(pilot)
            if "2 articles" in _status(screen):
                break
        assert "1 story · 2 articles" in _status(screen)
        assert lst.total == 1 and hit_at(lst, 0).id == LATER


async def test_reader_shows_what_a_version_adds_and_drops(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        lst = screen.query_one("#articles", ArticleList)
        reader = screen.query_one("#reader", Reader)
        lst.cursor = _row_of(lst, LATER)
        await settle(pilot)
        text = reader.plain_text
        assert "Version 2 of 2" in text
        assert "Added in this version:" in text
        view = reader.view
        assert view is not None and view.versions is not None
        assert view.versions.other_id == EARLIER
        for sentence in view.versions.diff.added[:3]:
            assert " ".join(sentence.split())[:40] in " ".join(text.split())

        await pilot.press("v")
        await settle(pilot)
        lst.cursor = _row_of(lst, EARLIER)
        await settle(pilot)
        text = reader.plain_text
        assert "Version 1 of 2" in text
        assert "Added in the later version:" in text


async def test_an_article_with_one_version_shows_no_diff(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        lst = screen.query_one("#articles", ArticleList)
        reader = screen.query_one("#reader", Reader)
        other = next(n for n in range(lst.total) if hit_at(lst, n).id not in (EARLIER, LATER))
        lst.cursor = other
        await settle(pilot)
        view = reader.view
        assert view is not None and view.versions is None
        assert "Added in this version:" not in reader.plain_text
