"""Pilot tests of the entity moves: the preview follows the highlight, the filter chip, the
dossier (open, scroll, a quote's sentence and back), and officials side by side."""

from __future__ import annotations

import asyncio

import pytest
from textual.message import Message
from textual.widgets import Input, OptionList, Static

from tests.apphelpers import prebuilt_app, settle, shown, type_text, wait_ready
from tui.messages import ArticleOpened, DossierOpened, EntityPreviewed, TogetherOpened
from tui.widgets.article_list import ArticleList
from tui.widgets.dossier_view import DossierView
from tui.widgets.entity_sidebar import EntitySidebar
from tui.widgets.reader import Reader
from tui.widgets.timeline_pane import TimelinePane

pytestmark = pytest.mark.ui


async def _until(pilot, condition, timeout: float = 5.0) -> None:
    """Wait (settling between looks) until condition() holds; raise when it never does."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.02)
    await settle(pilot)


async def _highlight(pilot, screen, entity_id: str) -> OptionList:
    await pilot.press("e")
    lst = screen.query_one("#entity-list", OptionList)
    lst.highlighted = lst.get_option_index(entity_id)
    await _until(pilot, lambda: screen.entity is not None and screen.entity.detail.entity.id == entity_id)
    return lst


def _detail(screen) -> str:
    return str(screen.query_one("#entity-detail", Static).visual)


async def _open_dossier(pilot, screen, entity_id: str) -> DossierView:
    screen.post_message(DossierOpened(entity_id))
    await settle(pilot)
    return screen.query_one("#dossier", DossierView)


async def test_preview_follows_the_highlight_and_keeps_the_search(app_env):
    app = prebuilt_app(*app_env)
    messages: list[Message] = []
    async with app.run_test(notifications=True, size=(140, 42), message_hook=messages.append) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "tariffs")
        await pilot.press("enter")
        await settle(pilot)
        total = screen.result_total
        await _highlight(pilot, screen, "person:larry-kudlow")
        assert "Larry Kudlow" in _detail(screen)
        await pilot.press("down")
        await _until(
            pilot, lambda: screen.entity is not None and screen.entity.detail.entity.id != "person:larry-kudlow"
        )
        previewed = [m.entity_id for m in messages if isinstance(m, EntityPreviewed)]
        assert previewed[-1] != "person:larry-kudlow"
        assert screen.entity is not None and screen.entity.detail.entity.id == previewed[-1]
        # Only the detail box moved: the query, its results and the timeline are as they were.
        assert screen.query_one("#search", Input).value == "tariffs"
        assert screen.result_total == total
        assert screen.entity_filter is None


async def test_enter_adds_a_chip_and_u_removes_it(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        everything = screen.query_one("#timeline", TimelinePane).timeline
        await _highlight(pilot, screen, "person:donald-trump")
        await pilot.press("enter")
        await settle(pilot)
        chip = screen.query_one("#entity-chip", Static)
        assert not chip.has_class("hidden") and "Donald Trump" in str(chip.visual)
        pane = screen.query_one("#timeline", TimelinePane)
        assert "Donald Trump" in str(pane.border_title)
        own = pane.timeline
        assert own is not None and own.events
        assert all("Donald Trump" in ev.entities for ev in own.events)
        await pilot.press("A")
        await settle(pilot)
        assert "every event" in str(chip.visual)
        assert pane.timeline is not None and len(pane.timeline.events) > len(own.events)
        await pilot.press("u")
        await settle(pilot)
        assert chip.has_class("hidden") and screen.entity_filter is None
        assert pane.timeline == everything
        assert screen.query_one("#articles", ArticleList).article_count == 5
        # Backspace edits the query, and only in an empty search box removes the chip.
        await _highlight(pilot, screen, "person:larry-kudlow")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.entity_filter is not None
        await pilot.press("a", "slash")  # in the entities, / filters names
        await type_text(pilot, "ab")
        await pilot.press("backspace", "backspace")
        box = screen.query_one("#search", Input)
        assert box.value == "" and screen.entity_filter is not None
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.entity_filter is None and chip.has_class("hidden")


async def test_dossier_opens_scrolls_jumps_to_a_quote_and_comes_back(app_env):
    app = prebuilt_app(*app_env)
    messages: list[Message] = []
    async with app.run_test(notifications=True, size=(140, 42), message_hook=messages.append) as pilot:
        screen = await wait_ready(pilot)
        await _highlight(pilot, screen, "person:larry-kudlow")
        await pilot.press("d")
        await settle(pilot)
        view = screen.query_one("#dossier", DossierView)
        assert view.display and not view.has_class("hidden")
        assert screen.query_one("#reader", Reader).has_class("hidden")
        assert any(isinstance(m, DossierOpened) for m in messages)
        quotes = view.section_rows("quotes")
        assert len(quotes) == len(screen.session.lib.quotes("Larry Kudlow")) > 4
        assert screen.focused is view.query_one("#dossier-quotes")
        await pilot.press("down", "down", "down")
        await pilot.press("pagedown")
        await settle(pilot)
        # Back to the first quote, open it: the reader shows the article at the quote.
        await pilot.press("g", "enter")
        await settle(pilot)
        opened = [m for m in messages if isinstance(m, ArticleOpened)][-1]
        reader = screen.query_one("#reader", Reader)
        assert not reader.has_class("hidden") and view.has_class("hidden")
        article = shown(reader)
        assert article.article.id == opened.article_id
        assert article.focus_span is not None
        start, end, _ = article.focus_span
        assert view.dossier is not None
        assert article.article.body[start:end] == view.dossier.quotes[0].text
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert not view.has_class("hidden")
        await pilot.press("escape")
        await settle(pilot)
        assert view.has_class("hidden") and not reader.has_class("hidden")


async def test_dossier_find_and_sort(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        view = await _open_dossier(pilot, screen, "person:larry-kudlow")
        everything = view.find("")
        found = view.find("face-to-face")
        assert 0 < found < everything
        assert view.dossier is not None
        rows = view.section_rows("quotes")
        assert rows and all("face-to-face" in row.plain for row in rows)
        assert len(rows) < len(view.dossier.quotes)
        screen.post_message(DossierOpened("person:donald-trump"))
        await settle(pilot)
        view.focus()
        assert view.dossier is not None
        dated = [a.date for a in view.dossier.articles if a.date is not None]
        assert len(set(dated)) >= 2
        assert dated == sorted(dated, reverse=True)
        before = [r.plain for r in view.section_rows("articles")]
        await pilot.press("o")
        after = [r.plain for r in view.section_rows("articles")]
        assert after != before and sorted(after) == sorted(before)
        assert after[0].startswith(min(dated).isoformat())


async def test_two_officials_together(app_env):
    app = prebuilt_app(*app_env)
    messages: list[Message] = []
    async with app.run_test(notifications=True, size=(140, 42), message_hook=messages.append) as pilot:
        screen = await wait_ready(pilot)
        lst = await _highlight(pilot, screen, "person:larry-kudlow")
        await pilot.press("space")
        lst.highlighted = lst.get_option_index("person:liu-he")
        await pilot.press("space", "T")
        await settle(pilot)
        together = [m for m in messages if isinstance(m, TogetherOpened)]
        assert together and together[-1].entity_ids == ("person:larry-kudlow", "person:liu-he")
        view = screen.query_one("#dossier", DossierView)
        assert view.together is not None
        lib = screen.session.lib
        both = set(lib.find_entity("Kudlow").articles) & set(lib.find_entity("Liu He").articles)
        assert {a.id for a in view.together.articles} == both
        assert "Together" in str(view.border_title)
        assert len(view.section_rows("quotes")) == len(view.together.quotes) > 0


async def test_sidebar_shows_sides_and_filters_by_kind_and_side(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("e")
        sidebar = screen.query_one("#entities", EntitySidebar)
        lst = screen.query_one("#entity-list", OptionList)
        kudlow = lst.get_option("person:larry-kudlow")
        assert "USA" in str(kudlow.prompt)
        await pilot.press("i")  # people only
        assert {o.id.split(":")[0] for o in lst.options if o.id} == {"person"}
        while sidebar.side_filter != "China":
            await pilot.press("c")
        ids = {o.id for o in lst.options if o.id}
        assert "person:xi-jinping" in ids and "person:larry-kudlow" not in ids


async def test_folding_a_section_keeps_the_focus_in_the_dossier_and_escape_still_closes_it(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        view = await _open_dossier(pilot, screen, "person:larry-kudlow")
        view.focus()
        await settle(pilot)
        section = view.query_one("#dossier-quotes-section")
        await pilot.press("c")
        await settle(pilot)
        assert section.collapsed  # type: ignore[attr-defined]
        assert screen.focused is not None and screen.focused in list(view.walk_children())
        await pilot.press("c")  # unfolds again, back in its list
        await settle(pilot)
        assert not section.collapsed  # type: ignore[attr-defined]
        assert screen.focused is view.query_one("#dossier-quotes")
        await pilot.press("c", "escape")
        await settle(pilot)
        assert view.has_class("hidden") and not screen.query_one("#reader", Reader).has_class("hidden")


async def test_going_to_the_reader_list_or_timeline_closes_the_dossier_first(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        for key, pane in (("r", "#reader"), ("a", "#articles"), ("t", "#timeline")):
            screen.post_message(DossierOpened("person:larry-kudlow"))
            await settle(pilot)
            view = screen.query_one("#dossier", DossierView)
            assert not view.has_class("hidden")
            await pilot.press(key)
            await settle(pilot)
            assert view.has_class("hidden") and not screen.has_class("-dossier")
            assert not screen.query_one("#reader", Reader).has_class("hidden")
            focused = screen.focused
            assert focused is not None and any(a.id == pane.lstrip("#") for a in focused.ancestors_with_self)
