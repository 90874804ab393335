"""The app's pure values: sort order, date range, jump history and the query-history walk."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.state import DateRange, HistoryWalk, Jump, JumpHistory, SortOrder, ViewSnapshot, restrict_query, typed_query


def test_sort_order_toggles_and_names_itself():
    assert SortOrder.SCORE.toggled() is SortOrder.DATE
    assert SortOrder.DATE.toggled() is SortOrder.SCORE
    assert SortOrder.DATE.label == "date"
    assert SortOrder("score") is SortOrder.SCORE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018-09 2018-12", DateRange("2018-09", "2018-12")),
        ("2018 to 2019-01-31", DateRange("2018", "2019-01-31")),
        ("  2018-09-13 ", DateRange("2018-09-13", "")),
        ("", None),
        ("   ", None),
    ],
)
def test_date_range_parses_what_the_dialog_takes(text, expected):
    assert DateRange.parse(text) == expected


@pytest.mark.parametrize("text", ["2018-9", "sept", "2018 2019 2020", "18-09-2018", "2018-09-13x"])
def test_date_range_refuses_what_the_query_language_cannot_read(text):
    with pytest.raises(ValueError, match="Dates look like"):
        DateRange.parse(text)


def test_date_range_restricts_a_query():
    dates = DateRange("2018-09", "2018-12")
    assert str(dates) == "2018-09 2018-12"
    assert dates.restrict("tariffs") == "(tariffs) AND date:[2018-09 to 2018-12]"
    assert dates.restrict("  ") == "date:[2018-09 to 2018-12]"
    assert DateRange("2018").clause() == "date:[2018 to ]"
    assert str(DateRange("", "2019")) == "2019"
    assert restrict_query(" tariffs ", None) == "tariffs"
    assert restrict_query("tariffs", dates) == dates.restrict("tariffs")


def test_date_range_is_a_value():
    assert DateRange("2018") == DateRange("2018", "")
    assert len({DateRange("2018"), DateRange("2018", "")}) == 1
    with pytest.raises(ValueError):
        DateRange("last week")


def test_jump_history_goes_back_and_forward_like_a_browser():
    h: JumpHistory[Jump] = JumpHistory()
    assert h.back() is None and h.forward() is None
    a, b, c, d = (Jump("article", "a"), Jump("entity", "b"), Jump("event", "c"), Jump("article", "d", (1, 2, "body")))
    for jump in (a, b, c):
        h.record(jump)
    h.record(c)  # the same place twice in a row is one jump
    assert h.jumps == [a, b, c]
    assert h.back() == b
    assert h.back() == a
    assert h.back() is None
    assert h.forward() == b
    h.record(d)  # a new jump drops the forward ones
    assert h.jumps == [a, b, d]
    assert h.forward() is None
    assert h.back() == b


def test_history_walk_steps_through_queries_and_past_the_newest_to_empty():
    walk = HistoryWalk(["tariffs", "kudlow", "soybeans"])
    assert walk.step(-1) == "soybeans"
    assert walk.step(-1) == "kudlow"
    assert walk.step(-5) == "tariffs"
    assert walk.step(1) == "kudlow"
    assert walk.step(9) == ""
    assert HistoryWalk([]).step(-1) is None


@pytest.mark.parametrize("text", ["2018-13", "2018-02-30", "2019-00", "2018-09-31 2018-10"])
def test_a_range_with_a_day_no_calendar_has_is_refused(text):
    with pytest.raises(ValueError, match="Dates look like"):
        DateRange.parse(text)


def test_a_range_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="ends"):
        DateRange.parse("2019-03 2018-12")
    assert DateRange.parse("2018-12 2019") == DateRange("2018-12", "2019")


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("", ""),
        ("ta", None),  # too short to mean much: the results stay
        ("tar", "tar*"),
        ("negotia", "negotia*"),
        ("trade negot", "trade negot*"),
        ("trade ne", None),
        ("tariffs ", "tariffs "),  # a finished word is searched as written
        ('"trade wa', None),  # an open phrase
        ('"trade war"', '"trade war"'),
        ("tariffs AND", None),
        ("person:", None),
        ("person:ku", None),
        ("person:kudlow", "person:kudlow"),
        ("negot*", "negot*"),
        ("2018", "2018"),
    ],
)
def test_typed_query_searches_the_last_word_as_a_prefix_from_three_letters(typed, query):
    assert typed_query(typed) == query


@given(st.text(alphabet='abcdefgh :"*AND', max_size=30))
def test_typed_query_never_changes_what_was_typed_except_for_a_trailing_star(text):
    query = typed_query(text)
    assert query is None or query in (text, text + "*")


def test_date_ranges_overlap_events_by_their_days():
    from datetime import date

    sept = DateRange("2019-09", "2019-09")
    assert sept.overlaps(date(2019, 8, 30), date(2019, 9, 2))
    assert sept.overlaps(date(2019, 9, 30), date(2019, 9, 30))
    assert not sept.overlaps(date(2019, 10, 1), date(2019, 10, 3))
    assert DateRange("", "2018").overlaps(date(2018, 12, 31), date(2019, 1, 2))
    assert not DateRange("2020", "").overlaps(date(2019, 1, 1), date(2019, 12, 31))


def test_view_history_keeps_one_entry_per_place_and_updates_it():
    h: JumpHistory[ViewSnapshot] = JumpHistory(ViewSnapshot.same_place)
    start = ViewSnapshot()
    tariffs = ViewSnapshot(query="tariffs", article_id="a1")
    h.record(start)
    h.record(tariffs)
    h.record(ViewSnapshot(query="tariffs", article_id="a1", list_row=3, reader_line=12))  # same place, scrolled
    assert len(h.jumps) == 2 and h.current is not None and h.current.reader_line == 12
    h.update_current(ViewSnapshot(query="tariffs", article_id="a2", list_row=4))
    assert h.back() == start
    assert h.forward() == ViewSnapshot(query="tariffs", article_id="a2", list_row=4)
