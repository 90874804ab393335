"""The app at any size: the timeline a page at a time, the palette from its table, and no
corpus-wide work on the interface thread."""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path

import pytest
from textual.command import CommandInput, CommandList, CommandPalette
from textual.widgets import OptionList

from search import Library
from tests.seeds import SEEDS
from tui import session as session_module
from tui.messages import ArticleOpened, EntitySelected
from tui.screens.choose import ChooseScreen
from tui.testing import prebuilt_app, settle, type_text, wait_ready
from tui.widgets.timeline_pane import TimelinePane

SIZE = (140, 42)


def _event_ids(lst: OptionList) -> list[str]:
    return [o.id for o in lst.options if o.id and not o.id.startswith("unresolved:")]


def _headings(lst: OptionList) -> list[str]:
    return [str(o.prompt) for o in lst.options if o.disabled]


async def test_timeline_lists_a_page_then_more_as_the_cursor_nears_the_end(app_env, monkeypatch):
    monkeypatch.setattr(session_module, "TIMELINE_PAGE", 3)
    app = prebuilt_app(*app_env)
    messages: list = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = await wait_ready(pilot)
        pane = screen.query_one("#timeline", TimelinePane)
        lst = screen.query_one("#event-list", OptionList)
        page = pane.timeline
        assert page is not None and page.total > 3
        assert len(page.events) == 3 and pane.loaded == 3 and len(_event_ids(lst)) == 3
        # Every group's heading carries its count over the whole timeline, not over the page.
        assert sum(g.count for g in page.groups) == page.total
        for heading, group in zip(_headings(lst), page.groups, strict=False):
            assert heading.startswith(f"{group.label} · {group.count} event")
        assert str(pane.border_title) == f"Timeline · {page.total} events"
        await pilot.press("t")
        for _ in range(page.total + 4):
            await pilot.press("j")
            await settle(pilot, rounds=1)
        assert any(isinstance(m, TimelinePane.MoreWanted) for m in messages)
        ids = _event_ids(lst)
        assert len(ids) == page.total == pane.loaded and len(set(ids)) == len(ids)
        # A heading at the start of each group, in order.
        assert [h.partition(" · ")[0] for h in _headings(lst)] == [g.label for g in page.groups]


async def test_a_year_event_is_listed_under_its_year(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        lst = screen.query_one("#event-list", OptionList)
        heading = ""
        for option in lst.options:
            if option.disabled:
                heading = str(option.prompt).partition(" · ")[0]
            elif option.id and not option.id.startswith("unresolved:"):
                event = screen.query_one("#timeline", TimelinePane).events_by_id[option.id]
                expected = event.start.strftime("%B %Y") if event.precision == "day" else str(event.start.year)
                if event.precision in ("day", "year"):
                    assert heading == expected


def _undated(root: Path) -> Path:
    corpus = root / "undated"
    corpus.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        text = re.sub(r"\A\s*date\s*[:=]?\s*\S+\s*\n", "", path.read_text(encoding="utf-8"), flags=re.IGNORECASE)
        (corpus / path.name).write_text(text, encoding="utf-8")
    return corpus


async def test_undated_corpus_sums_its_unplaced_dates_in_one_row(tmp_path):
    corpus = _undated(tmp_path)
    with Library(corpus, tmp_path / "index") as lib:
        lib.update()
        unplaced = lib.timeline().unresolved
    assert len(unplaced) > 5
    app = prebuilt_app(corpus, tmp_path / "index")
    messages: list = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = await wait_ready(pilot)
        lst = screen.query_one("#event-list", OptionList)
        rows = [str(o.prompt) for o in lst.options]
        summaries = [r for r in rows if r.startswith("? ")]
        assert len(summaries) == len({u.reason for u in unplaced})  # one row per reason, none per date
        assert len(rows) == len(summaries) + len(_event_ids(lst)) + len(_headings(lst))
        assert rows[0].startswith(f"? {len(unplaced)} dates not placed: the article has no date")
        await pilot.press("t")
        lst.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        chooser = app.screen
        assert isinstance(chooser, ChooseScreen) and len(chooser.choices) == len(unplaced)
        await pilot.press("enter")
        await settle(pilot)
        opened = [m for m in messages if isinstance(m, ArticleOpened)]
        assert opened and opened[-1].article_id == unplaced[0].article


async def _palette_rows(pilot, text: str) -> list[tuple[str, str]]:
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CommandPalette)
    await type_text(pilot, text)
    commands = pilot.app.screen.query_one(CommandList)
    await settle(pilot)  # the palette gathers its hits in a worker, which settle waits for
    out = []
    for option in commands.options:
        hit = getattr(option, "hit", None)
        if hit is not None:
            out.append((str(hit.text or hit.prompt), str(hit.help or "")))
    return out


async def test_palette_finds_officials_by_side_before_textuals_commands(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        rows = await _palette_rows(pilot, "china")
        labels = [label for label, _ in rows]
        assert {"Liu He", "Xi Jinping"} <= set(labels)  # Chinese officials, by their side
        assert len(rows) == len(set(rows))  # no repeated rows
        kinds = [help_text.split(" · ")[0] for _, help_text in rows]
        app_rows = [k in ("person", "org", "place", "event", "article", "dossier") for k in kinds]
        assert app_rows == sorted(app_rows, reverse=True)  # every app row before Textual's own
        assert "Find a person" in str(app.screen.query_one(CommandInput).placeholder)


async def test_palette_jumps_to_an_official_by_alias(app_env):
    app = prebuilt_app(*app_env)
    messages: list = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = await wait_ready(pilot)
        rows = await _palette_rows(pilot, "kudlow")
        assert rows[0][0] == "Larry Kudlow"
        await pilot.press("enter")
        await settle(pilot)
        assert any(isinstance(m, EntitySelected) and m.entity_id == "person:larry-kudlow" for m in messages)
        assert screen.entity_id == "person:larry-kudlow"


# Library methods whose cost grows with the corpus or with an entity's articles.
CORPUS_WIDE = (
    "timeline",
    "entities",
    "entity",
    "conflicts",
    "stats",
    "stories",
    "quotes",
    "article_ids",
    "prepare_views",
    "timeline_page",
    "load_links",
)


@pytest.fixture
def guarded(monkeypatch):
    """Corpus-wide Library methods raise when called on the interface (main) thread."""
    calls: list[str] = []
    for name in CORPUS_WIDE:
        original = getattr(Library, name)

        def guard(*args, _name=name, _original=original, **kwargs):
            if threading.current_thread() is threading.main_thread():
                calls.append(_name)
                raise AssertionError(f"Library.{_name} called on the interface thread")
            return _original(*args, **kwargs)

        monkeypatch.setattr(Library, name, functools.wraps(original)(guard))
    return calls


async def test_no_move_calls_a_corpus_wide_method_on_the_interface_thread(app_env, guarded):
    corpus, index = app_env
    with Library(corpus, index) as lib:
        lib.update()
    guarded.clear()  # building the index above ran on this thread, before the app
    app = prebuilt_app(corpus, index)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        for keys in (["a", "j", "j", "k", "enter"], ["e", "j", "enter"], ["t", "j", "j"], ["less_than_sign"]):
            for key in keys:
                await pilot.press(key)
                await settle(pilot, rounds=1)
        await pilot.press("slash")
        await type_text(pilot, "tariffs")
        await settle(pilot)
        await pilot.press("escape")
        await _palette_rows(pilot, "kudlow")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.entity_id == "person:larry-kudlow"
    assert guarded == []
