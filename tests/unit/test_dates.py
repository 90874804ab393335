"""Date expressions of longer periods, vague ones, spans and tense (search.dates via search.timeline)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.dates import candidates, sentences
from search.dates.candidates import CANDIDATES, candidate_matches
from search.dates.sentences import sentence_starts
from search.timeline import PRECISIONS, DateMention, find_dates
from tests.seeds import SEEDS

REF = date(2026, 3, 10)  # a Tuesday in spring, in the first quarter and the 2025-26 financial year


def _texts(words: list[str], most: int, sep: str = " ") -> st.SearchStrategy[str]:
    """Texts of up to `most` of these words, joined by sep."""
    return st.lists(st.sampled_from(words), max_size=most).map(sep.join)


def found(text: str, ref: date | None = REF) -> list[tuple[str, date | None, date | None, str]]:
    out = []
    for m in find_dates(text, "body", ref):
        assert text[m.start : m.end] == m.expression
        assert m.precision in PRECISIONS or (m.resolved_start is None and m.precision == "")
        out.append((m.expression, m.resolved_start, m.resolved_end, m.precision))
    return out


def one(text: str, ref: date | None = REF) -> tuple[str, date | None, date | None, str]:
    got = found(text, ref)
    assert len(got) == 1, got
    return got[0]


def year(y: int) -> tuple[date, date]:
    return date(y, 1, 1), date(y, 12, 31)


def test_a_span_starts_at_the_date_not_its_preposition():
    assert one("The board met on Thursday.")[0] == "Thursday"
    assert one("Prices have risen since May.")[:3] == ("May", date(2025, 5, 1), REF)
    assert one("It was founded in 1994.")[0] == "1994"
    assert one("Talks ran from April to June.", date(2025, 9, 1))[0] == "April to June"


@pytest.mark.parametrize(
    "text, expression, start, end",
    [
        ("Police reopened a 2014 border raid case.", "2014", *year(2014)),
        ("The 2019 accord collapsed.", "2019", *year(2019)),
        ("Turnout is the lowest since 1998, officials said.", "1998", date(1998, 1, 1), REF),
    ],
)
def test_attributive_and_bare_years(text, expression, start, end):
    assert one(text) == (expression, start, end, "year")


def test_a_count_is_not_a_year():
    assert found("The plant employs 2000 workers and exports 1990 tonnes.") == []
    assert found("Shares rose 2012 percent, at 2015 GMT.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Flight 1901 landed safely.",
        "The council passed resolution 1973 on Thursday.",
        "She was moved to room number 2004.",
        "Passengers boarded bus 1999 near the depot.",
        "See page 2011, section 2002 and No. 1998 of the list.",
    ],
)
def test_a_number_in_a_series_is_not_a_year(text):
    assert [f for f in found(text) if f[3] == "year"] == []


def test_a_year_after_a_word_of_time_or_an_act_stays_a_year():
    assert one("The Royal Commissions Act 1902 was cited.")[0] == "1902"
    assert one("Room rates rose in 1999.")[0] == "1999"
    assert one("The number fell after 2001.")[0] == "2001"


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("He chaired it in 1988-89.", date(1988, 1, 1), date(1989, 12, 31)),
        ("The 2014–15 drought was severe.", date(2014, 1, 1), date(2015, 12, 31)),
        ("She served 1998-2001.", date(1998, 1, 1), date(2001, 12, 31)),
    ],
)
def test_ranges_of_years(text, start, end):
    assert one(text)[1:] == (start, end, "year")


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("Gas will be scarce next winter.", date(2026, 12, 1), date(2027, 2, 28)),
        ("Floods hit the valley last summer.", date(2025, 6, 1), date(2025, 8, 31)),
        ("Crops failed last autumn.", date(2025, 9, 1), date(2025, 11, 30)),
        ("The works end this summer.", date(2026, 6, 1), date(2026, 8, 31)),
        ("The strike of the summer of 2019 is over.", date(2019, 6, 1), date(2019, 8, 31)),
        ("They will vote in the autumn.", date(2026, 9, 1), date(2026, 11, 30)),
        ("They voted in the autumn.", date(2025, 9, 1), date(2025, 11, 30)),
    ],
)
def test_seasons(text, start, end):
    assert one(text)[1:] == (start, end, "season")


def test_the_fall_of_prices_is_no_season():
    assert found("The fall in prices hurt farmers.") == []


@pytest.mark.parametrize(
    "text, start, end, precision",
    [
        ("A law of the 19th century still applies.", date(1800, 1, 1), date(1899, 12, 31), "century"),
        ("Mills closed in the nineteenth century.", date(1800, 1, 1), date(1899, 12, 31), "century"),
        ("It has grown since the last century.", date(1900, 1, 1), date(1999, 12, 31), "century"),
        ("Wages rose in the 1990s.", date(1990, 1, 1), date(1999, 12, 31), "decade"),
        ("Wages rose in the early 2000s.", date(2000, 1, 1), date(2003, 12, 31), "decade"),
        ("Wages fell in the late 1970s.", date(1977, 1, 1), date(1979, 12, 31), "decade"),
    ],
)
def test_centuries_and_decades(text, start, end, precision):
    assert one(text)[1:] == (start, end, precision)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("Sales fell in the fourth quarter.", date(2025, 10, 1), date(2025, 12, 31)),
        ("Sales will rise in the second quarter.", date(2026, 4, 1), date(2026, 6, 30)),
        ("Profit fell in the third quarter of 2024.", date(2024, 7, 1), date(2024, 9, 30)),
        ("Profit fell in Q3 2024.", date(2024, 7, 1), date(2024, 9, 30)),
        ("It will be settled by the close of the quarter.", date(2026, 1, 1), date(2026, 3, 31)),
        ("Profit rose last quarter.", date(2025, 10, 1), date(2025, 12, 31)),
        ("A third-quarter profit was reported.", date(2025, 7, 1), date(2025, 9, 30)),
    ],
)
def test_quarters(text, start, end):
    assert one(text)[1:] == (start, end, "quarter")


def test_halves_need_their_year_or_a_business_noun():
    assert one("Growth slows in the second half of next year.")[1:] == (date(2027, 7, 1), date(2027, 12, 31), "half")
    assert one("Growth slowed in the first half of 2025.")[1:] == (date(2025, 1, 1), date(2025, 6, 30), "half")
    assert found("He scored twice in the second half.") == []


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("No new taxes this financial year.", date(2025, 7, 1), date(2026, 6, 30)),
        ("The deficit grew last financial year.", date(2024, 7, 1), date(2025, 6, 30)),
        ("The 2026-27 financial year budget is due.", date(2026, 7, 1), date(2027, 6, 30)),
        ("Losses were cut in fiscal 2025.", date(2024, 7, 1), date(2025, 6, 30)),
    ],
)
def test_financial_years(text, start, end):
    assert one(text)[1:] == (start, end, "year")


def test_the_end_of_the_year_is_the_year():
    assert one("The mine will reopen by the end of the year.")[1:] == (*year(2026), "year")
    assert one("Rents rise at the start of next month.")[1:] == (date(2026, 4, 1), date(2026, 4, 30), "month")


def test_now_and_currently_are_an_approximate_range_never_a_day():
    for text in ("Prices are now falling.", "Rates are currently high."):
        _, start, end, precision = one(text)
        assert (start, end, precision) == (date(2026, 3, 3), date(2026, 3, 17), "approximate")
    assert found("Now that the vote is over, and until now, from now on.") == []


def test_counted_from_now():
    assert one("The vote is three weeks from now.")[1:] == (date(2026, 3, 30), date(2026, 4, 5), "week")


def test_to_run_through_a_month_looks_ahead():
    assert one("A scheme to run through June opens today.".replace(" opens today", " opened."))[1:] == (
        date(2026, 6, 1),
        date(2026, 6, 30),
        "month",
    )
    assert one("The scheme ran through June.", date(2026, 9, 1))[1] == date(2026, 6, 1)


def test_weekday_ranges_and_the_weekend():
    assert one("Rebels attacked on Saturday and Sunday.", date(2026, 3, 11))[1:] == (
        date(2026, 3, 7),
        date(2026, 3, 8),
        "day",
    )
    assert one("Fighting flared at the weekend.", date(2026, 3, 11))[1:] == (date(2026, 3, 7), date(2026, 3, 8), "day")
    assert one("Fans will gather over the weekend.", date(2026, 3, 11))[1:] == (
        date(2026, 3, 14),
        date(2026, 3, 15),
        "day",
    )


def test_a_month_day_with_its_year_named():
    assert one("She was operated on February 24 this year.", date(2026, 12, 5))[1:] == (
        date(2026, 2, 24),
        date(2026, 2, 24),
        "day",
    )


def test_absolute_periods_need_no_article_date_and_relative_ones_say_why():
    assert one("It was built in the 1990s.", None)[1:] == (date(1990, 1, 1), date(1999, 12, 31), "decade")
    m = find_dates("Rates are now high next winter.", "body", None)
    assert [x.reason for x in m] == ["the article has no date"] * 2
    assert all(isinstance(x, DateMention) and x.precision == "" for x in m)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("Prices rose over the past two years.", date(2024, 3, 10), REF),
        ("A deal is due within the next 48 hours.", REF, date(2026, 3, 12)),
        ("Talks resume in the coming weeks.", REF, date(2026, 4, 7)),
        ("Unrest grew in recent years.", date(2023, 3, 11), REF),
        ("Sales slowed in the past week.", date(2026, 3, 3), REF),
    ],
)
def test_vague_ranges_back_or_ahead(text, start, end):
    assert one(text)[1:] == (start, end, "approximate")


def test_fixed_holidays_are_days_the_tense_places():
    assert one("Shops will close on Christmas Day.")[1:] == (date(2026, 12, 25), date(2026, 12, 25), "day")
    assert one("The fire started on Boxing Day.")[1:] == (date(2025, 12, 26), date(2025, 12, 26), "day")
    assert one("Fireworks are planned for New Year's Eve.", date(2025, 12, 5))[1] == date(2025, 12, 31)
    assert found("Detainees on Christmas Island protested.") == []


NEW_KIND_SAMPLES = [
    "a 2014 border raid, 1988-89, next winter, the 19th century, the close of the quarter, this financial year",
    "the first half of 2025, the early 2000s, Q3 2024, third-quarter profit, now, currently, at present",
    "on Saturday and Sunday, at the weekend, three weeks from now, February 24 this year, fiscal 2025",
    "over the past two years, within the next 48 hours, on Boxing Day, before Christmas, in recent weeks",
]


def _windowed_and_full(text: str) -> tuple[list, list]:
    """(start, end, kind) of the candidates the windowed scan finds, and of a full scan's."""
    return (
        [(m.start(), m.end(), m.lastgroup) for m in candidate_matches(text)],
        [(m.start(), m.end(), m.lastgroup) for m in CANDIDATES.finditer(text)],
    )


def test_windowed_candidates_find_what_a_full_scan_finds_for_the_new_kinds():
    for text in NEW_KIND_SAMPLES:
        windowed, full = _windowed_and_full(text)
        assert windowed == full
        assert len(full) >= 5


def test_windowed_candidates_find_what_a_full_scan_finds_in_the_seed_articles():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    assert texts
    for text in texts:
        windowed, full = _windowed_and_full(text)
        assert windowed == full


@settings(max_examples=300, deadline=None)
@given(
    _texts(
        ["in", "the", "of", "a", "on", "from", "between", "first", "next", "few", "coming", "current",
         "close", "financial", "quarter", "months", "May", "3", "2019", "1990s", "Q2", "now", "Monday",
         "workers", "percent", "and", "to", "ministers", "agreed", "negotiations", "continued", ",", "."],
        40,
    )
)  # fmt: skip
def test_windowed_candidates_equal_a_full_scan_on_any_text(text):
    # Starters far before an anchor, after the last one, and between anchors: skipping the
    # words that no anchor follows closely enough must never lose or move a candidate.
    windowed, full = _windowed_and_full(text)
    assert windowed == full


@settings(max_examples=300, deadline=None)
@given(
    _texts(
        ["Last", "MONDAY", "Next Week", "May", "JUNE 3", "In 2019", "The Fall", "Q3", "q3", "Now", "Today",
         "\u0130stanbul", "wee\u212a", "Stra\u00dfe", "Ma\u00ff", "caf\u00e9",
         "\u00c9t\u00e9", "the", "of", "ministers", "said", ",", "."],
        30,
    )
)  # fmt: skip
def test_candidates_in_any_case_and_script_equal_an_ignorecase_scan(text):
    # The windowed scan matches the lowercased text case-sensitively where that finds what
    # IGNORECASE finds, and the text as written elsewhere (a lowercase that is longer than
    # its capital, a Kelvin sign).
    windowed, full = _windowed_and_full(text)
    assert windowed == full


def test_a_text_with_a_letter_ignorecase_folds_is_matched_as_written():
    for ch in sorted(candidates._FOLDS_TO_ASCII):
        text = f"Talks resumed on Monday in {ch}stanbul."
        assert not candidates._matches_lowered(text, text.lower())
        assert [m.group() for m in candidate_matches(text)] == ["on Monday"]
    assert candidates._matches_lowered("Talks resumed on Monday.", "talks resumed on monday.")


def test_every_letter_ignorecase_folds_to_ascii_makes_the_text_match_as_written():
    # A character that IGNORECASE takes for an ASCII letter, or whose lowercase is one, would
    # be matched differently in the lowercased text: each must be on the list.
    ascii_letter = re.compile("[a-z]", re.IGNORECASE).fullmatch
    folding = {
        chr(cp)
        for cp in range(0x80, 0x110000)
        if len(chr(cp).lower()) == 1 and (ascii_letter(chr(cp)) or chr(cp).lower().isascii())
    }
    assert folding and folding <= candidates._FOLDS_TO_ASCII


def test_every_kind_of_candidate_is_read_with_the_words_it_can_open_with():
    # Should the pattern stop being readable so, every word would try every kind: still
    # right, but slow. This keeps the narrowing in place.
    sources, openings = candidates.kind_table()
    assert len(sources) == CANDIDATES.groups == len(openings)
    assert all(openings)
    the = candidates._pattern_for("the")
    assert the is not None and "quarter" in the.groupindex and "md" not in the.groupindex
    assert candidates._pattern_for("negotiations") is None


@settings(max_examples=400, deadline=None)
@given(
    _texts(
        ["mid-2019", "mid", "-", "12-14", "1988-89", "2019/20", "q3", "3rd", "20th", "'90s", "the", "first-half",
         "second", "half", "of", "quarter", "century", "early", "late", "1990s", "10", "days", "ago", "from",
         "now", "between", "June", "3", "and", "5", "to", "through", "Sept.", "4th", "twenty-first", "a",
         "week", "fiscal", "2025-26", "financial", "year", "in", "the", "fall", "christmas", "eve", "at", "present"],
        40,
    )
)  # fmt: skip
def test_narrowed_kinds_find_what_the_whole_pattern_finds(text):
    windowed, full = _windowed_and_full(text)
    assert windowed == full


def _breaks_by_lookbehind(text: str) -> list[tuple[int, int]]:
    """sentence_starts() as first written: the break pattern looks behind for its mark."""
    rx = re.compile(r"(?<=[.!?])[\"\u201d\u2019']?\s+(?=[\"\u201c\u2018'(]?[A-Z0-9])|\n+")
    return [
        m.span()
        for m in rx.finditer(text)
        if m.group().startswith("\n") or not sentences._NO_BREAK_AFTER.search(text, max(0, m.start() - 6), m.start())
    ]


@settings(max_examples=400, deadline=None)
@given(
    _texts(
        ["Mr.", "Jan.", "U.S.", "said.", "ends!", "why?", '"', "\u201d", "'", "\n", "\n\n", " ", "The", "he",
         "5", "(A", "\u201cWe", "talks", ".\n", "?\u201d"],
        30, sep="",
    )
)  # fmt: skip
def test_sentence_breaks_equal_the_look_behind_pattern_on_any_text(text):
    assert sentence_starts(text) == _breaks_by_lookbehind(text)


def test_sentence_breaks_after_abbreviations_and_line_breaks():
    text = 'He met Mr. Liu.\nThen Jan. 5 came. "Why?" she asked.\n\nNew paragraph.'
    starts = [text[b:].split(None, 1)[0] for _, b in sentence_starts(text)]
    assert starts == ["Then", '"Why?"', "New"]
    assert sentence_starts(text) == _breaks_by_lookbehind(text)


@settings(max_examples=200, deadline=None)
@given(
    _texts(
        ["in", "on", "the", "next", "last", "this", "winter", "quarter", "first", "half", "of", "2019", "1988-89",
         "19th", "century", "1990s", "now", "currently", "financial", "year", "Q3", "Saturday", "and", "will",
         "to run through", "June", "fall", ",", ".", "2000", "workers", "from", "weekend", "at"],
        30,
    ),
    st.sampled_from([None, date(2026, 1, 1), date(2025, 12, 31), date(2024, 2, 29)]),
)  # fmt: skip
def test_any_text_gives_valid_mentions(text, ref):
    for m in find_dates(text, "body", ref):
        assert text[m.start : m.end] == m.expression and m.expression.strip() == m.expression
        if m.resolved_start is not None:
            assert m.resolved_end is not None and m.resolved_start <= m.resolved_end
            assert m.precision in PRECISIONS
        else:
            assert m.reason


@pytest.mark.parametrize(
    ("text", "expression", "start", "end"),
    [
        ("The talks ran from August 30 to September 2, 2019.", "August 30 to September 2, 2019",
         date(2019, 8, 30), date(2019, 9, 2)),
        ("Officials met between June 3 and June 5, 2019.", "June 3 and June 5, 2019",
         date(2019, 6, 3), date(2019, 6, 5)),
        ("The summit is set for 12-14 October 2019.", "12-14 October 2019", date(2019, 10, 12), date(2019, 10, 14)),
        ("Between 10 and 12 July 2019 the envoys talked.", "10 and 12 July 2019", date(2019, 7, 10), date(2019, 7, 12)),
        ("It ran from 30 August to 2 September 2019.", "30 August to 2 September 2019",
         date(2019, 8, 30), date(2019, 9, 2)),
        ("From December 30, 2018 to January 2, 2019 nothing moved.", "December 30, 2018 to January 2, 2019",
         date(2018, 12, 30), date(2019, 1, 2)),
        ("Markets closed December 30 - January 2, 2019.", "December 30 - January 2, 2019",
         date(2018, 12, 30), date(2019, 1, 2)),
        ("The fair runs March 3–5.", "March 3–5", date(2026, 3, 3), date(2026, 3, 5)),
        ("The fair ran 3–5 March.", "3–5 March", date(2026, 3, 3), date(2026, 3, 5)),
    ],
)  # fmt: skip
def test_a_range_of_days_is_one_event(text, expression, start, end):
    got = one(text)
    assert got[0].endswith(expression) and got[1:] == (start, end, "day")


def test_and_without_from_or_between_joins_two_dates():
    got = found("They met on June 3 and June 5, 2019.")
    assert [(g[1], g[2]) for g in got] == [(date(2025, 6, 3), date(2025, 6, 3)), (date(2019, 6, 5), date(2019, 6, 5))]


def test_an_undated_article_cannot_place_a_range_without_a_year():
    assert one("The fair runs March 3–5.", None)[1:3] == (None, None)
    assert one("It ran from August 30 to September 2, 2019.", None)[1:3] == (date(2019, 8, 30), date(2019, 9, 2))
