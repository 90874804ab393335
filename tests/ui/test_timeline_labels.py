"""How the timeline pane names an event's time: each precision in a few characters."""

from __future__ import annotations

from datetime import date

import pytest

from search import Event
from tui.widgets.timeline_pane import _when


@pytest.mark.parametrize(
    ("precision", "start", "end", "label"),
    [
        ("day", date(2019, 5, 10), date(2019, 5, 10), "May 10"),
        ("day", date(2019, 5, 10), date(2019, 5, 12), "May 10–12"),
        ("month", date(2019, 5, 1), date(2019, 5, 31), "May"),
        ("year", date(2019, 1, 1), date(2019, 12, 31), "2019"),
        ("season", date(2019, 6, 1), date(2019, 8, 31), "summer 2019"),
        ("season", date(2019, 12, 1), date(2020, 2, 29), "winter 2019/20"),
        ("quarter", date(2019, 7, 1), date(2019, 9, 30), "Q3 2019"),
        ("half", date(2019, 1, 1), date(2019, 6, 30), "H1 2019"),
        ("decade", date(1990, 1, 1), date(1999, 12, 31), "1990s"),
        ("century", date(1901, 1, 1), date(2000, 12, 31), "20th century"),
        ("century", date(2001, 1, 1), date(2100, 12, 31), "21st century"),
        ("approximate", date(2019, 3, 5), date(2019, 3, 19), "~Mar 05"),
    ],
)
def test_each_precision_has_its_own_label(precision: str, start: date, end: date, label: str) -> None:
    assert _when(Event("ev", start, end, precision, "text")) == label
