"""Pilot tests of stories in the app: one row per story, versions on a key, and the reader's diff."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from textual.widgets import OptionList, Static

from search import Conflict, ConflictValue, Library
from tests.apphelpers import current_hit, hit_at, prebuilt_app, settle, shown, wait_ready
from tui.screens.choose import ChooseScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.reader import Reader

# Seeds 000 and 001 are two versions of one story; 000 (dated a day later) is the newer.
LATER, EARLIER = "000_e13d86ead2c414f1", "001_d45e1563e4736e50"


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
        second_line = lst.render_line(ids.index(LATER) * 2 + 1 - int(lst.scroll_offset.y)).text
        assert "2 versions" in second_line  # said in words, not colour alone

        await pilot.press("v")
        await settle(pilot)
        assert lst.total == 5
        assert {hit_at(lst, n).id for n in range(5)} >= {EARLIER, LATER}
        assert current_hit(lst).id == LATER  # the highlighted article stays highlighted
        assert "4 stories · 5 articles" in _status(screen)
        reader = screen.query_one("#reader", Reader)
        assert reader.place == (_row_of(lst, LATER) + 1, 5)  # "n of 5" in the reader's title
        await pilot.press("v")
        await settle(pilot)
        assert lst.total == 4 and current_hit(lst).id == LATER
        assert reader.place == (_row_of(lst, LATER) + 1, 4)


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


def _shared_event(corpus, index_dir):
    """An event the seeds' two versions both tell."""
    with Library(corpus, index_dir) as lib:
        return next(e for e in lib.timeline().events if {EARLIER, LATER} <= set(e.articles))


async def _enter_event(pilot, screen, event_id: str) -> None:
    events = screen.query_one("#event-list", OptionList)
    await pilot.press("t")
    events.highlighted = next(n for n, o in enumerate(events.options) if o.id == event_id)
    await pilot.press("enter")
    await settle(pilot)


def _event_prompt(screen, event_id: str) -> str:
    events = screen.query_one("#event-list", OptionList)
    return str(next(o.prompt for o in events.options if o.id == event_id))


async def test_timeline_counts_a_story_once(app_env):
    app = prebuilt_app(*app_env)
    shared = _shared_event(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        await settle(pilot)
        prompt = _event_prompt(screen, shared.id)
        assert "[2 reports, 1 story]" in prompt
        assert "reports differ" not in prompt  # one story does not disagree with itself
        await _enter_event(pilot, screen, shared.id)
        assert isinstance(app.screen, ChooseScreen)
        assert "2 sources, 1 story" in str(app.screen.title_text)


async def test_reports_that_differ_are_flagged_and_shown_side_by_side(app_env, monkeypatch):
    app = prebuilt_app(*app_env)
    shared = _shared_event(*app_env)
    # The seeds' reports agree: the library is made to say these two differ on a figure.
    differ = Conflict(
        shared.id,
        "amount of tariffs",
        (ConflictValue("$200 billion", (LATER,)), ConflictValue("$250 billion", (EARLIER,))),
    )
    monkeypatch.setattr(Library, "conflicts", lambda self: [differ])
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        await settle(pilot)
        assert "reports differ" in _event_prompt(screen, shared.id)
        await _enter_event(pilot, screen, shared.id)
        chooser = app.screen
        assert isinstance(chooser, ChooseScreen)
        assert chooser.title_text.startswith("Reports differ")
        lines = [str(o.prompt) for o in chooser.query_one(OptionList).options]
        assert "Reports differ on amount of tariffs: $200 billion" in lines[0]
        assert "Reports differ on amount of tariffs: $250 billion" in lines[1]
        await pilot.press("down", "enter")  # the second value: the article that gives it opens
        await settle(pilot)
        assert shown(screen.query_one("#reader", Reader)).article.id == EARLIER


def _story_corpus(root: Path, stories: int, updated: int) -> Path:
    """Articles of distinct made-up sentences; the first `updated` have a later version with a
    sentence added."""
    rng = random.Random(17)
    letters = "bcdfghjklmnprstvz"
    vowels = "aeiou"
    words = ["".join(rng.choice(letters) + rng.choice(vowels) for _ in range(3)) for _ in range(3000)]

    def sentence() -> str:
        return " ".join(rng.choice(words) for _ in range(9)).capitalize() + "."

    corpus = root / "stories"
    corpus.mkdir()
    for n in range(stories):
        day = date(2019, 1, 1) + timedelta(days=n)
        body = " ".join(sentence() for _ in range(6))
        (corpus / f"s{n:03d}a.txt").write_text(f" date {day}\nReport {n}\n\n{body}\n", encoding="utf-8")
        if n < updated:
            later = f"{body} {sentence()}"
            (corpus / f"s{n:03d}b.txt").write_text(
                f" date {day + timedelta(days=1)}\nReport {n}, updated\n\n{later}\n", encoding="utf-8"
            )
    return corpus


async def test_the_search_counts_the_stories_and_pages_group_as_they_come(tmp_path, monkeypatch):
    for name in ("CACHE", "DATA", "CONFIG", "EXPORT"):
        monkeypatch.setenv(f"TRADETUI_{name}_DIR", str(tmp_path / name.lower()))
    corpus = _story_corpus(tmp_path, stories=70, updated=40)
    app = prebuilt_app(corpus, tmp_path / "index")
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot, timeout=60)
        lst = screen.query_one("#articles", ArticleList)
        for _ in range(100):
            await settle(pilot)
            if lst.article_count == 110:
                break
        assert lst.article_count == 110
        # The search counts the stories itself: exact before later pages are fetched.
        assert not lst.story_rows.exact
        assert "70 stories · 110 articles" in _status(screen) and "at most" not in _status(screen)
        assert "70 stories" in str(lst.border_title) and "≤" not in str(lst.border_title)
        for _ in range(200):  # walk to the end: each page is fetched and grouped as it is reached
            await pilot.press("G")
            await settle(pilot, rounds=2)
            if lst.story_rows.exact:
                break
        assert lst.story_rows.exact
        await settle(pilot)
        await pilot.press("G")
        assert lst.cursor == lst.total - 1 and current_hit(lst).id == lst.row_at(lst.total - 1).hit.id
        rows = [lst.row_at(n) for n in range(lst.total)]
        assert all(r is not None for r in rows)
        shown_ids = [r.hit.id for r in rows if r is not None]
        stories = {lst.marks[i].story for i in shown_ids}
        assert len(stories) == 70  # every story has a row
        together = 0
        for page, hits in lst.pages.items():  # within a page, a story's newest version stands for it
            ids = {h.id for h in hits}
            for n in range(40):
                if {f"s{n:03d}a", f"s{n:03d}b"} <= ids:
                    together += 1
                    assert f"s{n:03d}a" not in [r.hit.id for r in lst.story_pages[page]]
                    assert f"s{n:03d}b" in [r.hit.id for r in lst.story_pages[page]]
        assert together > 0
        assert "70 stories · 110 articles" in _status(screen)
        assert "at most" not in _status(screen)
        # A story's versions come side by side: only a page's end can part them.
        assert 70 <= lst.total <= 70 + len(lst.pages) - 1
        await pilot.press("v")
        await settle(pilot)
        assert lst.total == 110
