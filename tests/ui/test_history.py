"""Pilot tests of back and forward: they restore the whole view, not only the reader."""

from __future__ import annotations

from tests.apphelpers import current_hit, prebuilt_app, settle, shown, type_text, wait_ready
from tui.messages import ArticleOpened, EntitySelected
from tui.state import DateRange
from tui.widgets.article_list import ArticleList
from tui.widgets.reader import Reader
from tui.widgets.search_box import SearchBox
from tui.widgets.timeline_pane import TimelinePane


async def _search(pilot, screen, query: str) -> None:
    await pilot.press("slash", "ctrl+u")
    await type_text(pilot, query)
    await pilot.press("enter")
    await settle(pilot)


async def test_back_restores_query_list_row_article_and_scroll(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        await _search(pilot, screen, "tariffs")
        lst = screen.query_one("#articles", ArticleList)
        assert lst.row_count >= 2
        await pilot.press("down", "enter")
        await settle(pilot)
        reader = screen.query_one("#reader", Reader)
        article = shown(reader).article.id
        assert current_hit(lst).id == article
        await pilot.press("j", "j", "j")
        scrolled = int(reader.scroll_offset.y)
        assert scrolled > 0
        screen.post_message(EntitySelected("person:larry-kudlow"))
        await settle(pilot)
        # The query as typed stays; the entity filter is a chip beside it.
        assert screen.query_one(SearchBox).value == "tariffs"
        assert screen.entity_filter is not None and screen.entity_filter.id == "person:larry-kudlow"
        await pilot.press("a", "less_than_sign")
        await settle(pilot)
        assert screen.query_one(SearchBox).value == "tariffs"
        assert screen.entity_id == "" and screen.entity_filter is None
        assert lst.cursor == 1 and current_hit(lst).id == article
        assert shown(reader).article.id == article
        assert int(reader.scroll_offset.y) == scrolled
        assert screen.query_one("#timeline", TimelinePane).label == ""
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert screen.entity_id == "person:larry-kudlow"
        assert screen.entity_filter is not None and screen.entity_filter.id == "person:larry-kudlow"
        assert screen.query_one(SearchBox).value == "tariffs"


async def test_the_first_entity_selection_goes_back_to_the_start(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        lst = screen.query_one("#articles", ArticleList)
        everything = lst.row_count
        screen.post_message(EntitySelected("person:wilbur-ross"))
        await settle(pilot)
        assert lst.row_count < everything
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert screen.entity_id == "" and screen.entity_filter is None
        assert lst.row_count == everything


async def test_a_typed_search_is_not_an_entry_but_a_committed_one_is(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        await _search(pilot, screen, "soybeans")
        await _search(pilot, screen, "kudlow")
        await pilot.press("slash", "ctrl+u")
        await type_text(pilot, "china")
        await settle(pilot)
        await pilot.press("escape", "less_than_sign")
        await settle(pilot)
        assert screen.query_one(SearchBox).value == "soybeans"


async def test_jumps_move_the_list_highlight_to_the_article_read(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        lst = screen.query_one("#articles", ArticleList)
        last = lst.hit_at(lst.row_count - 1)
        assert last is not None and lst.cursor == 0
        screen.post_message(ArticleOpened(last.id))
        await settle(pilot)
        assert lst.cursor == lst.row_count - 1
        assert shown(screen.query_one("#reader", Reader)).article.id == last.id


async def test_the_chip_stays_beside_a_cleared_query_and_the_timeline_follows_dates(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        pane = screen.query_one("#timeline", TimelinePane)
        assert pane.timeline is not None
        every = pane.timeline.total
        screen.post_message(EntitySelected("person:donald-trump"))
        await settle(pilot)
        assert pane.label == "Donald Trump"
        own = pane.timeline.total
        assert 0 < own < every
        # The filter is a visible chip, not part of the query: clearing the query keeps it.
        await _search(pilot, screen, "")
        assert screen.entity_id == "person:donald-trump" and pane.label == "Donald Trump"
        await pilot.press("u")  # removes the chip: the corpus's timeline again
        await settle(pilot)
        assert screen.entity_id == "" and pane.label == "" and pane.timeline.total == every
        years = sorted({e.start.year for e in pane.timeline.events})
        screen.dates = DateRange(str(years[-1]))
        screen._show_timeline()
        await settle(pilot)
        assert pane.timeline.events and all(e.end.year >= years[-1] for e in pane.timeline.events)
        assert pane.timeline.total < every or len(years) == 1


async def test_back_restores_the_sort_and_the_date_range(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        lst = screen.query_one("#articles", ArticleList)
        await pilot.press("s")  # by date: a step of the history
        await settle(pilot)
        assert screen.sort.value == "date"
        await pilot.press("D")
        await settle(pilot, rounds=2)
        await type_text(pilot, "2018-09-13 2018-09-13")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.dates == DateRange("2018-09-13", "2018-09-13") and lst.row_count == 1
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert screen.dates is None and screen.sort.value == "date" and lst.row_count > 1
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert screen.sort.value == "score"
        await pilot.press("greater_than_sign", "greater_than_sign")
        await settle(pilot)
        assert screen.dates == DateRange("2018-09-13", "2018-09-13") and lst.row_count == 1
