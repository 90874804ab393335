"""Pilot tests of the app's linked moves, asserting on pane contents and messages."""

from __future__ import annotations

import json

from textual.message import Message
from textual.widgets import Input, OptionList, Static

from tests.apphelpers import (
    current_hit,
    focused_id,
    hit_at,
    make_corpus,
    prebuilt_app,
    settle,
    shown,
    type_text,
    wait_ready,
)
from tui.app import MainScreen
from tui.messages import ArticleOpened, EntitySelected
from tui.screens.choose import ChooseScreen
from tui.screens.help import HelpScreen
from tui.state import SortOrder
from tui.widgets.article_list import ArticleList
from tui.widgets.reader import Reader
from tui.widgets.timeline_pane import TimelinePane


def _status(screen) -> str:
    return str(screen.query_one("#status", Static).visual)


def _reader_text(screen) -> str:
    return screen.query_one("#reader", Reader).plain_text


async def test_start_screen_lists_every_article(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        lst = screen.query_one("#articles", ArticleList)
        assert lst.total == 4  # seeds 000 and 001 are one story
        assert "4 stories · 5 articles" in _status(screen)
        assert "seeds · 4 stories · 5 articles" in app.sub_title
        assert screen.focused is lst
        # The highlighted article previews in the reader.
        assert lst.current is not None
        assert lst.current.title.split()[0] in _reader_text(screen)


async def test_results_and_reading_do_not_wait_for_linking(app_env, monkeypatch):
    import threading

    from search import Library

    release = threading.Event()
    original = Library.entities

    def slow_entities(self, *args, **kwargs):
        release.wait(10)  # linking a large corpus for the first time takes a minute
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Library, "entities", slow_entities)
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = app.screen
        for _ in range(100):
            if getattr(screen, "results", None) is not None:
                break
            await pilot.pause(0.05)
            screen = app.screen
        try:
            assert isinstance(screen, MainScreen), "main screen did not open"
            assert not screen.ready
            lst = screen.query_one("#articles", ArticleList)
            assert lst.total == 4
            await pilot.press("j")
            for _ in range(40):  # read by a worker meanwhile (no names yet)
                reader = screen.query_one("#reader", Reader)
                if reader.view is not None and reader.view.article.id == current_hit(lst).id:
                    break
                await pilot.pause(0.05)
            view = shown(reader)
            assert view.article.id == current_hit(lst).id and not view.mentions
        finally:
            release.set()
        await wait_ready(pilot)
        assert screen.ready and shown(screen.query_one("#reader", Reader)).mentions


async def test_search_as_you_type_then_enter_moves_to_list(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("slash")
        assert isinstance(screen.focused, Input)
        await type_text(pilot, "lighthizer")
        await pilot.pause(0.4)
        await settle(pilot)
        lst = screen.query_one("#articles", ArticleList)
        assert lst.total == 2
        assert "2 stories · 2 articles" in _status(screen)
        await pilot.press("enter")
        assert screen.focused is lst
        hit = lst.current
        assert hit is not None and any(a <= b for a, b in hit.snippet_spans)
        # Highlighted matches show in the reader; n jumps between them.
        await settle(pilot)
        reader = screen.query_one("#reader", Reader)
        assert reader.view is not None and reader.view.matches
        await pilot.press("r", "n")
        assert reader.match_index == 0
        # Moving in the list previews each article within the keypress.
        await pilot.press("a", "j")
        assert lst.cursor == 1 and shown(reader).article.id == current_hit(lst).id


async def test_zero_hits_show_did_you_mean(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "tarifs")
        await pilot.press("enter")
        await settle(pilot)
        assert "0 results" in _status(screen)
        assert "did you mean tariffs" in _status(screen)


async def test_list_keys_and_sort(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        lst = screen.query_one("#articles", ArticleList)
        await pilot.press("j", "j")
        assert lst.cursor == 2
        await pilot.press("G")
        assert lst.cursor == 3
        await pilot.press("g")
        assert lst.cursor == 0
        await pilot.press("s")
        await settle(pilot)
        assert screen.sort is SortOrder.DATE
        hits = [hit_at(lst, i) for i in range(lst.total)]
        dated = [h.date for h in hits if h.date]
        assert dated == sorted(dated, reverse=True)
        assert "sorted by date" in _status(screen)


async def test_reader_mention_selects_entity_and_filters_everything(app_env):
    app = prebuilt_app(*app_env)
    messages: list[Message] = []
    async with app.run_test(notifications=True, size=(140, 42), message_hook=messages.append) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "kudlow")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # read
        await settle(pilot)
        reader = screen.query_one("#reader", Reader)
        assert screen.focused is reader
        # Walk to the first person mention and select it.
        while True:
            await pilot.press("right_square_bracket")
            current = reader.current_mention
            assert current is not None
            if current[1].kind == "person":
                break
        entity_id = current[0]
        await pilot.press("enter")
        await settle(pilot)
        selected = [m for m in messages if isinstance(m, EntitySelected)]
        assert selected and selected[-1].entity_id == entity_id
        assert screen.entity_id == entity_id
        # The query as typed stays; the entity filter is a chip beside it.
        assert screen.query_one("#search", Input).value == "kudlow"
        assert screen.entity_filter is not None and screen.entity_filter.id == entity_id
        assert not screen.query_one("#entity-chip", Static).has_class("hidden")
        lib = screen.session.lib
        assert lib is not None
        entity = lib.linked().entities[entity_id]
        lst = screen.query_one("#articles", ArticleList)
        # The typed query, kept to the entity's articles.
        assert lst.article_count == lib.count(f'kudlow AND person:"{entity.name}"')
        assert {h.id for h in lib.search(screen.effective_query()).hits} <= set(entity.articles)
        detail = str(screen.query_one("#entity-detail", Static).visual)
        assert entity.name in detail
        pane = screen.query_one("#timeline", TimelinePane)
        assert pane.border_title is not None and entity.name in pane.border_title


async def test_sidebar_filter_and_select(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("e")
        lst = screen.query_one("#entity-list", OptionList)
        assert screen.focused is lst
        await pilot.press("f")
        box = screen.query_one("#entity-filter", Input)
        assert screen.focused is box
        await type_text(pilot, "mnuch")
        await pilot.press("enter")  # the only match left: Enter selects it
        await settle(pilot)
        assert screen.focused is lst
        ids = [o.id for o in lst.options if o.id]
        assert ids == ["person:steven-mnuchin"]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert screen.query_one("#search", Input).value == ""
        assert screen.entity_filter is not None and screen.entity_filter.name == "Steven Mnuchin"
        assert screen.query_one("#articles", ArticleList).article_count == 4
        # The applied filter stays in sight: the box shows it and the title says so.
        sidebar = screen.query_one("#entities")
        assert not box.has_class("hidden") and box.value == "mnuch"
        assert "mnuch" in str(sidebar.border_title)
        # Escape clears the filter, then returns to the list; never into a text box.
        await pilot.press("escape")
        assert screen.focused is lst and box.has_class("hidden") and box.value == ""
        assert len([o for o in lst.options if o.id]) > 1
        assert str(sidebar.border_title) == "Entities"
        await pilot.press("escape")
        assert screen.focused is screen.query_one("#articles")


async def test_slash_is_the_search_box_even_in_the_sidebar(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("e", "slash")
        assert screen.focused is screen.query_one("#search", Input)
        assert screen.query_one("#entity-filter", Input).has_class("hidden")


async def test_timeline_enter_opens_source_at_sentence_and_choose_between_sources(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        timeline = screen.query_one("#timeline", TimelinePane).timeline
        assert timeline is not None
        meeting = [e for e in timeline.events if e.start.isoformat() == "2018-08-22"]
        assert meeting and len(meeting[0].articles) == 2
        await pilot.press("t")
        lst = screen.query_one("#event-list", OptionList)
        lst.highlighted = lst.get_option_index(meeting[0].id)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press("enter")
        await settle(pilot)
        reader = screen.query_one("#reader", Reader)
        assert reader.view is not None and reader.view.focus_span is not None
        s, e, where = reader.view.focus_span
        body = reader.view.article.body
        assert "Aug. 22 and 23" in body[s:e]
        assert screen.focused is reader


async def test_history_back_and_forward(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        first = current_hit(screen.query_one("#articles", ArticleList)).id
        screen.post_message(ArticleOpened(first))
        await settle(pilot)
        screen.post_message(EntitySelected("person:larry-kudlow"))
        await settle(pilot)
        assert screen.entity_id == "person:larry-kudlow"
        screen.post_message(EntitySelected("person:wilbur-ross"))
        await settle(pilot)
        await pilot.press("a", "less_than_sign")
        await settle(pilot)
        assert screen.entity_id == "person:larry-kudlow"
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert screen.article_id == first
        await pilot.press("a", "greater_than_sign")
        await settle(pilot)
        assert screen.entity_id == "person:larry-kudlow"


async def test_help_focus_keys_and_quit(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("r")
        assert focused_id(screen) == "reader"
        await pilot.press("t")
        assert focused_id(screen) == "event-list"
        await pilot.press("a")
        assert focused_id(screen) == "articles"
        # q typed into the search box is text, not quit.
        await pilot.press("slash", "q")
        assert screen.query_one("#search", Input).value == "q"
        await pilot.press("escape")
        await pilot.press("q")
    assert app.return_code == 0


async def test_query_history_kept_across_runs(app_env):
    corpus, index = app_env
    app = prebuilt_app(corpus, index)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        await wait_ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "huawei")
        await pilot.press("enter")
        await settle(pilot)
    app = prebuilt_app(corpus, index)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("slash", "up")
        assert screen.query_one("#search", Input).value == "huawei"


async def test_bookmarks_and_export(app_env, tmp_path):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        article = current_hit(screen.query_one("#articles", ArticleList))
        await pilot.press("m")
        marks = json.loads((tmp_path / "data" / "bookmarks.json").read_text())
        assert any(b["id"] == article.id for entries in marks.values() for b in entries)
        await pilot.press("x")
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press("enter")  # results as Markdown
        await settle(pilot)
        exported = list((tmp_path / "exports").glob("tradetui-results-*.md"))
        assert exported and article.title in exported[0].read_text()


async def test_copy_citation(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("r", "right_square_bracket", "y")
        reader = screen.query_one("#reader", Reader)
        assert app.clipboard.startswith("“") and shown(reader).article.title in app.clipboard


async def test_markup_and_escapes_in_articles_are_text(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADETUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TRADETUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRADETUI_CONFIG_DIR", str(tmp_path / "config"))
    corpus = tmp_path / "odd"
    corpus.mkdir()
    (corpus / "markup.txt").write_text(
        "Markup [bold]trap[/] headline\n\nSenator Jane Roe said [/] and [red]x[/red] "
        "\x1b[31mred\x1b[0m are text, not styles.\n",
        encoding="utf-8",
    )
    app = prebuilt_app(corpus, tmp_path / "index")
    async with app.run_test(notifications=True, size=(120, 36)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("enter")
        await settle(pilot)
        text = _reader_text(screen)
        assert "[bold]trap[/]" in text and "[red]x[/red]" in text
        assert "\x1b" not in text and "red are text" in text


async def test_narrow_layout_still_works(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(60, 20)) as pilot:
        screen = await wait_ready(pilot)
        assert screen.has_class("-narrow")
        await pilot.press("e")
        assert focused_id(screen) == "entity-list"
        # The sidebar takes the list's place: the reader keeps a readable width.
        assert screen.query_one("#reader").size.width >= 24
        await pilot.press("f")
        await type_text(pilot, "ross")
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert screen.entity_filter is not None and screen.entity_filter.name == "Wilbur Ross"
        await pilot.press("escape", "escape")
        assert focused_id(screen) == "articles" and screen.query_one("#articles").size.width >= 20


async def test_panes_resize_and_hide(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        articles = screen.query_one("#articles")
        timeline = screen.query_one("#timeline")
        width, height = articles.outer_size.width, timeline.outer_size.height
        await pilot.press("ctrl+right", "ctrl+right", "ctrl+up")
        await pilot.pause()
        assert articles.outer_size.width == width + 8
        assert timeline.outer_size.height == height + 2
        await pilot.press("f3")
        await pilot.pause()
        assert not timeline.display or timeline.has_class("hidden")
        await pilot.press("f3")
        assert not timeline.has_class("hidden")


async def test_first_index_is_searchable_after_its_first_batch(tmp_path, monkeypatch):
    import search.library
    from tui.app import TradeTuiApp
    from tui.messages import FirstBatchCommitted

    monkeypatch.setenv("TRADETUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TRADETUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(search.library, "BATCH", 2)
    corpus = make_corpus(tmp_path)
    messages: list[Message] = []
    app = TradeTuiApp(corpus, tmp_path / "index")
    async with app.run_test(notifications=True, size=(120, 36), message_hook=messages.append) as pilot:
        screen = await wait_ready(pilot)
        assert any(isinstance(m, FirstBatchCommitted) for m in messages)
        assert screen.searchable and screen.ready
        assert screen.query_one("#articles", ArticleList).total == 4


async def test_broken_override_file_is_reported_and_search_still_works(app_env):
    corpus, index_dir = app_env
    app = prebuilt_app(corpus, index_dir)
    overrides = index_dir.parent / "config" / "overrides.toml"
    overrides.parent.mkdir(parents=True, exist_ok=True)
    overrides.write_text("[merge\nthis is = not toml", encoding="utf-8")
    async with app.run_test(notifications=True, size=(140, 42)) as pilot:
        screen = await wait_ready(pilot)
        assert any("cannot read override file" in n.message for n in app._notifications)
        lst = screen.query_one("#articles", ArticleList)
        assert lst.total == 4
        await pilot.press("j")
        await settle(pilot)
        assert lst.current is not None and lst.current.title.split()[0] in _reader_text(screen)
