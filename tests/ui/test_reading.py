"""Pilot tests of reading: the list's rows, zoom, next and previous from the reader, find, dates."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, OptionList

from tests.apphelpers import current_hit, prebuilt_app, settle, shown, type_text, wait_ready
from tui.screens.ask import AskScreen
from tui.screens.choose import ChooseScreen
from tui.session import join_adjacent
from tui.widgets.article_list import ArticleList, after_title
from tui.widgets.reader import ZOOM_MEASURE, Reader

S000 = "000_e13d86ead2c414f1"  # its title is its first sentence
S001 = "001_d45e1563e4736e50"  # its title is its first sentence, after a dateline


def _row_text(lst: ArticleList, row: int, part: int) -> str:
    return lst.render_line(row * 2 + part - int(lst.scroll_offset.y)).text


@pytest.mark.parametrize(("size", "room"), [((120, 40), 30), ((80, 24), 22), ((60, 20), 15)])
async def test_titles_get_most_of_the_row_and_the_snippet_does_not_repeat_them(app_env, size, room):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=size) as pilot:
        screen = await wait_ready(pilot)
        lst = screen.query_one("#articles", ArticleList)
        for row in range(lst.row_count):
            hit = lst.hit_at(row)
            assert hit is not None
            title_line, snippet_line = _row_text(lst, row, 0), _row_text(lst, row, 1)
            shown_title = title_line.strip().lstrip("★ ").rstrip("… ")
            assert len(shown_title) >= min(room, len(hit.title)), title_line
            assert "undated" not in title_line + snippet_line
            if hit.date is not None:
                assert hit.date.isoformat() in snippet_line
            # No query: the snippet is the body's start, less the title it opens with.
            head = hit.title[:20]
            assert head not in snippet_line or head not in hit.snippet[:25]


def test_after_title_cuts_a_first_sentence_title_and_its_dateline():
    title = "The Trump administration has reached out to China for a new round of talks"
    snippet = "WASHINGTON (Reuters) - The Trump administration has reached out to China for a new round of talks. Next."
    assert after_title(title, snippet) == "Next."
    assert after_title("Markets", "Markets fell.") == "Markets fell."  # too short to tell
    assert after_title("Other headline here", "Body text.") == "Body text."


async def test_the_reader_does_not_say_a_first_sentence_title_twice(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        reader = screen.query_one("#reader", Reader)
        for article_id in (S000, S001):
            screen._load_article(article_id, None, record=False)
            await settle(pilot, rounds=2)
            a = shown(reader).article
            head = a.title.rstrip("…")
            assert reader.plain_text.split("── Version")[0].count(head) == 1
            assert a.title in str(reader.border_title) or head in str(reader.border_title)


async def test_zoom_reads_full_screen_at_a_comfortable_length(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(160, 40)) as pilot:
        screen = await wait_ready(pilot)
        reader = screen.query_one("#reader", Reader)
        await pilot.press("z")
        await pilot.pause()
        assert screen.focused is reader
        for pane in ("#articles", "#entities", "#timeline"):
            assert not screen.query_one(pane).display or screen.query_one(pane).size.width == 0
        assert reader.size.width > ZOOM_MEASURE + 20
        widest = max(len(line.rstrip()) - len(line) + len(line.lstrip()) for line in _reader_lines(reader))
        assert widest <= ZOOM_MEASURE
        left = min(len(line) - len(line.lstrip()) for line in _reader_lines(reader) if line.strip())
        assert left >= 10  # centred
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.zoomed and screen.query_one("#articles").display


def _reader_lines(reader: Reader) -> list[str]:
    return [reader.render_line(y).text for y in range(reader.size.height)]


async def test_next_and_previous_article_from_the_reader_and_its_place(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        lst = screen.query_one("#articles", ArticleList)
        reader = screen.query_one("#reader", Reader)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.focused is reader
        assert f"1 of {lst.row_count} · " in str(reader.border_title)
        await pilot.press("J")
        await settle(pilot)
        assert lst.cursor == 1 and shown(reader).article.id == current_hit(lst).id
        assert f"2 of {lst.row_count} · " in str(reader.border_title)
        assert screen.focused is reader
        await pilot.press("K", "K")  # past the first: it stays, and says so
        await settle(pilot)
        assert lst.cursor == 0 and shown(reader).article.id == current_hit(lst).id


async def test_enter_opens_at_the_first_match_and_zero_results_clear_the_header(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "tariffs")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = screen.query_one("#reader", Reader)
        view = shown(reader)
        assert view.matches and reader.match_index == 0
        assert "match" in str(reader.border_subtitle)
        await pilot.press("slash", "ctrl+u")
        await type_text(pilot, "zzzqqq")
        await pilot.press("enter")
        await settle(pilot)
        assert reader.view is None
        assert str(reader.border_title) == "Reader" and not reader.border_subtitle


async def test_f_finds_words_in_the_reader_and_n_walks_them(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        reader = screen.query_one("#reader", Reader)
        await pilot.press("r", "f")
        await settle(pilot, rounds=2)
        assert isinstance(app.screen, AskScreen)
        await type_text(pilot, "china")
        await pilot.press("enter")
        await settle(pilot, rounds=2)
        body = shown(reader).article.body.lower()
        assert reader.find_text == "china" and reader.match_index == 0
        assert f"{body.count('china')} match" in str(reader.border_subtitle)
        assert 'find "china"' in str(reader.border_subtitle)
        await pilot.press("n")
        assert reader.match_index == (1 if body.count("china") > 1 else 0)
        await pilot.press("escape")  # stops finding; the find is never left on unseen
        assert reader.find_text == "" and screen.focused is reader
        assert "find" not in str(reader.border_subtitle)


async def test_d_in_the_reader_opens_the_dossier_of_the_name_at_the_cursor(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        reader = screen.query_one("#reader", Reader)
        await pilot.press("r", "right_square_bracket")
        await settle(pilot)
        name = reader.current_mention
        assert name is not None
        await pilot.press("d")
        await settle(pilot, rounds=2)
        assert not isinstance(app.screen, AskScreen)  # no date dialog: the dossier
        assert screen.dossier is not None and screen.dossier.entity.id == name[0]


async def test_c_sets_and_clears_an_articles_date(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        reader = screen.query_one("#reader", Reader)
        lst = screen.query_one("#articles", ArticleList)
        undated = next(lst.hit_at(n) for n in range(lst.row_count) if lst.hit_at(n).date is None)  # type: ignore[union-attr]
        assert undated is not None
        screen._load_article(undated.id, None, record=False)
        await settle(pilot, rounds=2)
        await pilot.press("r", "c")
        await settle(pilot, rounds=2)
        assert isinstance(app.screen, AskScreen)
        await type_text(pilot, "2019-13-01")
        await pilot.press("enter")
        assert isinstance(app.screen, AskScreen)  # not a date: it stays open and says why
        await pilot.press("ctrl+u")
        await type_text(pilot, "2019-09-01")
        await pilot.press("enter")
        await settle(pilot)
        assert shown(reader).article.date == date(2019, 9, 1)
        await pilot.press("r", "c")
        await settle(pilot, rounds=2)
        await pilot.press("ctrl+u", "enter")
        await settle(pilot)
        assert shown(reader).article.date is None


async def test_dialogs_take_j_and_k(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        await wait_ready(pilot)
        app.push_screen(ChooseScreen("pick", [("a", "first"), ("b", "second"), ("c", "third")]))
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        start = options.highlighted or 0
        await pilot.press("j")
        assert options.highlighted == start + 1
        await pilot.press("k")
        assert options.highlighted == start
        await pilot.press("escape")
        assert not isinstance(app.screen, ChooseScreen)
        assert not isinstance(app.screen.focused, Input) or app.screen.focused.id == "search"


def test_a_phrase_counts_once():
    text = "The trade war hit trade and war bonds."
    assert join_adjacent(text, [(4, 9), (10, 13), (18, 23), (28, 31)]) == [(4, 13), (18, 23), (28, 31)]
    assert join_adjacent(text, [(10, 13), (4, 9), (4, 9)]) == [(4, 13)]


async def test_a_person_query_highlights_their_mentions_and_n_walks_them(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "person:kudlow")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = screen.query_one("#reader", Reader)
        view = shown(reader)
        kudlow = {m.start for eid, m in view.mentions if eid == "person:larry-kudlow" and m.where == "body"}
        assert kudlow and {s for s, _e in view.matches} >= kudlow
        assert reader.match_index == 0
        await pilot.press("n")
        assert reader.match_index == (1 if len(view.matches) > 1 else 0)
        assert "0 matches" not in str(reader.border_subtitle)


async def test_one_story_is_one_story(app_env):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "Keqiang")
        await pilot.press("enter")
        await settle(pilot)
        lst = screen.query_one("#articles", ArticleList)
        assert lst.row_count == 1 and str(lst.border_title) == "Articles (1 · 1 story)"
