"""The app's pure values: sort order, date range, jump history and the query-history walk."""

from __future__ import annotations

import pytest

from tui.state import DateRange, HistoryWalk, Jump, JumpHistory, SortOrder, restrict_query


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
    h = JumpHistory()
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
