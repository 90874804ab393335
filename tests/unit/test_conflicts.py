"""Figures attached to their subjects, and reports of one happening that disagree."""

from __future__ import annotations

from datetime import date

import pytest

from search.conflicts import Report, find_conflicts, key_terms, same_happening
from search.figures import find_figures, same_value


def _fig(text: str):
    figures = find_figures(text)
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit", "subject"),
    [
        ("Tariffs on $200 billion of Chinese goods begin.", "amount", 200e9, "USD", "chinese good"),
        ("They agreed a 25 percent tariff on steel.", "percent", 25, "%", "tariff"),
        ("Rates rose by 0.25 percentage points.", "percent", 0.25, "points", "rate"),
        ("The storm killed 12 people overnight.", "count", 12, "people", "people"),
        ("A deal worth 1.7 billion euros was signed.", "amount", 1.7e9, "EUR", "deal"),
        ("Output fell 3.5% in May.", "percent", 3.5, "%", "output"),
        ("The bank cut 1,500 jobs.", "count", 1500, "job", "job"),
    ],
)
def test_figures_keep_kind_value_unit_and_subject(text: str, kind: str, value: float, unit: str, subject: str) -> None:
    f = _fig(text)
    assert (f.kind, f.unit, f.subject) == (kind, unit, subject)
    assert f.value == pytest.approx(value)
    assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(
    "text", ["The talks began on Sept. 27, 2018.", "The fire broke out at 3:40 a.m.", "In 2019 the club won."]
)
def test_dates_clock_times_and_years_are_not_figures(text: str) -> None:
    assert find_figures(text) == []


def test_values_agree_as_far_as_the_coarser_is_written() -> None:
    a, b, c = (_fig(f"A profit of ${v} million was posted.") for v in ("812", "812.3", "790"))
    assert same_value(a, b)
    assert not same_value(a, c)


def _report(event: str, story: str, text: str, day: date, end: date | None = None) -> Report:
    return Report(event, story + "-1", story, text, day, end or day)


def test_same_figure_subject_and_happening_with_other_values_conflict() -> None:
    day = date(2021, 3, 2)
    conflicts = find_conflicts(
        [
            _report("ev1", "s1", "The ministry approved a rescue package of $4.5 billion for the rail operator.", day),
            _report("ev1", "s2", "The ministry approved a rescue package of $3.8 billion for the rail operator.", day),
        ]
    )
    assert [(c.event, c.field, [v.value for v in c.values]) for c in conflicts] == [
        ("ev1", "amount: rescue package", ["$3.8 billion", "$4.5 billion"])
    ]
    assert {a for v in conflicts[0].values for a in v.articles} == {"s1-1", "s2-1"}


def test_versions_of_one_story_and_different_happenings_are_not_conflicts() -> None:
    text = "Floods in the northern valley killed {} people."
    same_story = [
        _report("ev1", "s1", text.format(41), date(2020, 7, 14)),
        _report("ev1", "s1", text.format(37), date(2020, 7, 14)),
    ]
    weeks_apart = [
        _report("ev1", "s1", text.format(41), date(2020, 7, 14)),
        _report("ev2", "s2", text.format(12), date(2020, 8, 30)),
    ]
    assert find_conflicts(same_story) == []
    assert find_conflicts(weeks_apart) == []


def test_one_happening_on_days_that_do_not_overlap_is_a_date_conflict() -> None:
    text = "The coastal refinery shut down after a fire broke out in its main unit."
    conflicts = find_conflicts(
        [_report("ev1", "s1", text, date(2021, 12, 1)), _report("ev2", "s2", text, date(2021, 12, 4))]
    )
    assert [(c.event, c.field, [v.value for v in c.values]) for c in conflicts] == [
        ("ev1", "date", ["2021-12-01", "2021-12-04"])
    ]


def test_same_happening_needs_shared_terms_other_stories_and_a_week() -> None:
    a = _report("e", "s1", "Police arrested protesters outside parliament.", date(2021, 10, 3))
    b = _report("e", "s2", "Police arrested protesters outside the parliament building.", date(2021, 10, 5))
    far = _report("e", "s2", b.text, date(2021, 11, 5))
    other = _report("e", "s2", "The league postponed matches because of heat.", date(2021, 10, 3))
    assert same_happening(a, b, key_terms(a.text), key_terms(b.text))
    assert not same_happening(a, far, key_terms(a.text), key_terms(far.text))
    assert not same_happening(a, other, key_terms(a.text), key_terms(other.text))
    assert not same_happening(a, a, key_terms(a.text), key_terms(a.text))
