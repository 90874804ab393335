"""Date expressions resolved against the article date, and the merged timeline."""

from __future__ import annotations

from datetime import date

from search.timeline import dateline_date, find_dates
from tests.seeds import S000, S001, S002, S003, S004, SEEDS

WED = date(2018, 9, 12)
THU = date(2018, 9, 13)


def resolve(text, article_date):
    """[(expression, start, end, precision)] of every date expression in text."""
    out = []
    for m in find_dates(text, "body", article_date):
        assert text[m.start : m.end].strip() == m.expression
        assert m.sentence_start <= m.start < m.end <= m.sentence_end
        out.append((m.expression, m.resolved_start, m.resolved_end, m.precision))
    return out


def one(text, article_date):
    found = resolve(text, article_date)
    assert len(found) == 1, found
    return found[0][1:]


def test_same_weekday_as_the_article_is_that_day():
    assert WED.weekday() == 2
    assert one("Officials met on Wednesday.", WED) == (WED, WED, "day")


def test_past_weekday_is_the_one_before():
    assert one("Officials met on Wednesday.", THU) == (WED, WED, "day")
    assert one("Officials met on Friday.", THU) == (date(2018, 9, 7), date(2018, 9, 7), "day")


def test_future_tense_weekday_is_the_one_after():
    assert one("Officials will meet on Wednesday.", THU) == (date(2018, 9, 19),) * 2 + ("day",)
    assert one("Talks are scheduled for Friday.", THU) == (date(2018, 9, 14),) * 2 + ("day",)
    assert one("They will meet next Thursday.", THU) == (date(2018, 9, 20),) * 2 + ("day",)
    assert one("They met last Thursday.", THU) == (date(2018, 9, 6),) * 2 + ("day",)


def test_day_range():
    assert one("Mid-level officials met on Aug. 22 and 23 with no agreements.", THU) == (
        date(2018, 8, 22),
        date(2018, 8, 23),
        "day",
    )
    assert one("Talks ran from March 4-6 in Geneva.", THU) == (date(2018, 3, 4), date(2018, 3, 6), "day")


def test_full_dates_need_no_article_date():
    for ref in (THU, None):
        assert one("Trump visited Beijing on November 8, 2017.", ref) == (date(2017, 11, 8), date(2017, 11, 8), "day")
        assert one("The report came out on 2019-03-04.", ref) == (date(2019, 3, 4), date(2019, 3, 4), "day")
        assert one("The deal was signed on 15 January 2020.", ref) == (date(2020, 1, 15), date(2020, 1, 15), "day")
        assert one("Tariffs were first raised in July 2018.", ref) == (date(2018, 7, 1), date(2018, 7, 31), "month")
        assert one("Sales fell in Sept. 2016.", ref) == (date(2016, 9, 1), date(2016, 9, 30), "month")


def test_month_day_year_rolls_over_with_future_tense():
    nov = date(2018, 11, 20)
    assert one("The tariff rate is set to increase to 25 percent on January 1.", nov) == (
        date(2019, 1, 1),
        date(2019, 1, 1),
        "day",
    )
    # Told in the past, the nearest January 1 behind the article.
    assert one("The tariff rate rose on January 1.", nov) == (date(2018, 1, 1), date(2018, 1, 1), "day")
    assert one("The talks on December 2 went well.", date(2019, 1, 3)) == (date(2018, 12, 2), date(2018, 12, 2), "day")


def test_year():
    assert one("Tariffs were imposed in 2018.", THU) == (date(2018, 1, 1), date(2018, 12, 31), "year")
    assert one("Tariffs were imposed in 2018.", None) == (date(2018, 1, 1), date(2018, 12, 31), "year")
    assert one("Prices have climbed since 2016.", THU) == (date(2016, 1, 1), THU, "year")


def test_since_month_runs_to_the_article_date():
    assert one("Trade talks have been stalled since May.", THU) == (date(2018, 5, 1), THU, "month")
    assert one("Trade talks have been stalled since October.", THU) == (date(2017, 10, 1), THU, "month")


def test_in_month_and_month_ranges():
    assert one("Exports fell in May.", THU) == (date(2018, 5, 1), date(2018, 5, 31), "month")
    assert one("Exports will be reviewed by May 5.", THU) == (date(2019, 5, 5), date(2019, 5, 5), "day")
    assert one("Exports will be reviewed in October.", THU) == (date(2018, 10, 1), date(2018, 10, 31), "month")
    assert one("Tariffs applied from May to June.", THU) == (date(2018, 5, 1), date(2018, 6, 30), "month")
    assert one("Quotas applied from November to February.", date(2019, 3, 1)) == (
        date(2018, 11, 1),
        date(2019, 2, 28),
        "month",
    )


def test_relative_weeks():
    assert one("Trump said last week that tariffs were ready.", THU) == (date(2018, 9, 3), date(2018, 9, 9), "week")
    assert one("Ross raised doubts earlier this week.", THU) == (date(2018, 9, 10), THU, "week")
    assert one("The phone calls are this week.", THU) == (date(2018, 9, 10), date(2018, 9, 16), "week")
    assert one("Talks resume next week.", THU) == (date(2018, 9, 17), date(2018, 9, 23), "week")


def test_relative_days_months_years():
    assert one("The talks collapsed yesterday.", THU) == (WED, WED, "day")
    assert one("The talks resume today.", THU) == (THU, THU, "day")
    assert one("The talks resume tomorrow.", THU) == (date(2018, 9, 14),) * 2 + ("day",)
    assert one("Talks will resume next month.", THU) == (date(2018, 10, 1), date(2018, 10, 31), "month")
    assert one("Talks will resume next month.", date(2018, 12, 5)) == (date(2019, 1, 1), date(2019, 1, 31), "month")
    assert one("Exports fell last month.", date(2019, 1, 10)) == (date(2018, 12, 1), date(2018, 12, 31), "month")
    assert one("Exports fell last year.", THU) == (date(2017, 1, 1), date(2017, 12, 31), "year")
    assert one("The plant closed three days ago.", THU) == (date(2018, 9, 10),) * 2 + ("day",)
    assert one("The plant closed two weeks ago.", THU) == (date(2018, 8, 27), date(2018, 9, 2), "week")


def test_vague_expressions_are_approximate():
    assert one("A meeting is expected in coming weeks.", THU) == (THU, date(2018, 10, 11), "approximate")
    assert one("Officials have sent conflicting signals in recent weeks.", THU) == (
        date(2018, 8, 16),
        THU,
        "approximate",
    )


def test_undated_article_relative_unresolved_absolute_placed():
    text = (
        "Talks collapsed yesterday and resumed on Wednesday. They have stalled since May, "
        "and last week a deal on January 1 looked near. Trump visited Beijing on November 8, 2017, "
        "and tariffs were imposed in 2018."
    )
    mentions = find_dates(text, "body", None)
    by_expr = {m.expression: m for m in mentions}
    for expr in ("yesterday", "Wednesday", "May", "last week", "January 1"):
        m = by_expr[expr]
        assert m.resolved_start is None and m.resolved_end is None
        assert m.reason == "the article has no date"
    assert by_expr["November 8, 2017"].resolved_start == date(2017, 11, 8)
    assert by_expr["2018"].resolved_start == date(2018, 1, 1)
    assert all(m.reason == "" for m in mentions if m.resolved_start is not None)


def test_not_dates():
    assert resolve("Tariffs rose 25 percent on 200 goods, May Smith said.", THU) == []
    assert resolve("Duties on $250 billion in goods remain.", THU) == []


def test_sentence_bounds_cover_the_telling_sentence():
    text = "Markets rose. Mid-level U.S. and Chinese officials met on Aug. 22 and 23 with no agreements. Then quiet."
    (m,) = find_dates(text, "body", THU)
    assert text[m.sentence_start : m.sentence_end] == (
        "Mid-level U.S. and Chinese officials met on Aug. 22 and 23 with no agreements."
    )


def test_dateline_date():
    assert dateline_date("WASHINGTON, Sept. 12, 2018 - Officials met.") == date(2018, 9, 12)
    assert dateline_date("BEIJING (Reuters) - Sept. 12, 2018 - Talks resumed.") == date(2018, 9, 12)
    assert dateline_date("September 12, 2018\n\nTalks resumed.") == date(2018, 9, 12)
    # A sentence that merely opens with a date is no dateline.
    assert dateline_date("Officials met on Sept. 12, 2018 in Washington.") is None
    assert dateline_date("Trump visited Beijing on November 8, 2017, and left.") is None


# -- the library's timeline ------------------------------------------------------------


def test_seed_events_merge_across_articles(library):
    tl = library.timeline()
    aug = [e for e in tl.events if e.start == date(2018, 8, 22)]
    assert len(aug) == 1
    meeting = aug[0]
    assert (meeting.end, meeting.precision) == (date(2018, 8, 23), "day")
    assert meeting.articles == (S000, S001)
    assert [s.expression for s in meeting.sources] == ["Aug. 22 and 23", "Aug. 22 and 23"]
    for s in meeting.sources:
        assert library.article(s.article).body[s.start : s.end] == s.text
        assert "met on Aug. 22 and 23" in s.text
    # "on Wednesday" in a Wednesday article and in a Thursday article: the same day, one event.
    wed = [e for e in tl.events if e.start == WED]
    assert len(wed) == 1 and wed[0].articles == (S000, S001)
    assert [e.start for e in tl.events] == sorted(e.start for e in tl.events)


def test_seed_timeline_contents(library):
    tl = library.timeline()
    spans = {(e.start, e.end, e.precision) for e in tl.events}
    assert (date(2017, 11, 8), date(2017, 11, 8), "day") in spans  # from 001's caption
    assert (date(2018, 9, 3), date(2018, 9, 9), "week") in spans  # 001 "last week"
    assert (THU, date(2018, 10, 11), "approximate") in spans  # 000 "in coming weeks"
    coming = next(e for e in tl.events if e.precision == "approximate")
    assert {"Steven Mnuchin", "Liu He", "Xi Jinping"} <= set(coming.entities)
    # Undated articles: relative expressions are listed, each with its reason.
    unresolved = {(u.article, u.expression) for u in tl.unresolved}
    assert (S002, "May") in unresolved  # "since May": the span starts at the date
    assert (S003, "Tuesday") in unresolved
    assert (S004, "January 1") in unresolved
    assert all(u.reason == "the article has no date" for u in tl.unresolved)
    assert {u.article for u in tl.unresolved} == {S002, S003, S004}


def test_events_of_two_articles_on_one_meeting_merge(make_corpus, open_library):
    lib = open_library(
        make_corpus(
            {
                "g1.txt": "date 2019-03-06\nGeneva talks\n\nTrade ministers met in Geneva on Tuesday to "
                "discuss steel tariffs.\n\nA storm hit the northern coast on Tuesday, closing ports.\n",
                "g2.txt": "date 2019-03-07\nNo deal\n\nThe Geneva meeting of trade ministers on March 5 ended "
                "without a deal on steel tariffs.\n",
            }
        )
    )
    events = lib.timeline().events
    assert [(e.start, e.articles) for e in events] == [(date(2019, 3, 5), ("g1", "g2")), (date(2019, 3, 5), ("g1",))]
    merged = events[0]
    assert [s.expression for s in merged.sources] == ["Tuesday", "March 5"]
    assert "storm" in events[1].text
    assert len({e.id for e in events}) == 2


def test_set_date_reresolves_and_clear_undoes(library, seed_corpus, seed_index, run_cli, user_dirs):
    assert library.article(S003).date is None
    article = library.set_date(S003, date(2019, 7, 9))  # a Tuesday
    assert article.date == date(2019, 7, 9)
    tl = library.timeline()
    told = [e for e in tl.events if S003 in e.articles]
    assert told and {(e.start, e.end) for e in told} == {(date(2019, 7, 9), date(2019, 7, 9))}
    assert {s.expression for e in told for s in e.sources} == {"Tuesday", "Earlier Tuesday"}
    assert not [u for u in tl.unresolved if u.article == S003]
    assert [h.id for h in library.search("event:2019-07").hits] == [S003]
    assert [h.id for h in library.search("date:2019-07-09").hits] == [S003]
    assert user_dirs.article_dates.exists()
    library.close()

    # A new run keeps the date set by hand...
    res = run_cli("show", S003, "--json", "--corpus", seed_corpus, "--index", seed_index)
    assert res.code == 0 and res.json()["date"] == "2019-07-09"
    # ...and --clear undoes it, events back to unresolved.
    res = run_cli("set-date", S003, "--clear", "--json", "--corpus", seed_corpus, "--index", seed_index)
    assert res.code == 0 and res.json() == {"id": S003, "date": None}
    res = run_cli("timeline", "--format", "json", "--corpus", seed_corpus, "--index", seed_index)
    doc = res.json()
    assert not [e for e in doc["events"] if S003 in e["articles"]]
    assert {u["expression"] for u in doc["unresolved"] if u["article"] == S003} == {"Tuesday", "Earlier Tuesday"}


def test_set_date_survives_a_rebuild(library):
    library.set_date(S004, date(2018, 12, 4))
    library.update(rebuild=True)
    assert library.article(S004).date == date(2018, 12, 4)
    # 004 says the rate "is set to increase ... on January 1": the next one.
    jan = [e for e in library.timeline().events if S004 in e.articles and e.precision == "day" and e.start.month == 1]
    assert [(e.start, e.precision) for e in jan] == [(date(2019, 1, 1), "day")]


def test_timeline_filter_by_person(library):
    kudlow = set(library.find_entity("Kudlow").articles)
    tl = library.timeline(person="Kudlow", all_events=True)
    assert tl.events
    assert all(kudlow & set(e.articles) for e in tl.events)
    # 001 alone does not name Kudlow: its caption's 2017 visit is not his.
    assert date(2017, 11, 8) not in {e.start for e in tl.events}
    assert {u.article for u in tl.unresolved} <= kudlow
    lighthizer = library.timeline(person="Lighthizer", all_events=True)
    assert lighthizer.events == ()  # 003 and 004 are undated
    assert {u.article for u in lighthizer.unresolved} == {S003, S004}


def test_timeline_filter_by_dates(library):
    tl = library.timeline(start=date(2018, 9, 1), end=date(2018, 9, 30))
    assert tl.events and tl.unresolved == ()
    for e in tl.events:
        assert e.end >= date(2018, 9, 1) and e.start <= date(2018, 9, 30)
    starts = {e.start for e in tl.events}
    assert date(2018, 8, 22) not in starts and date(2017, 11, 8) not in starts
    assert {WED, THU} <= starts
    only_aug = library.timeline(start=date(2018, 8, 1), end=date(2018, 8, 31))
    assert [(e.start, e.end) for e in only_aug.events if e.precision == "day"] == [
        (date(2018, 8, 22), date(2018, 8, 23))
    ]


def test_timeline_filter_by_text(library):
    tl = library.timeline(text="no agreements")
    assert [(e.start, e.articles) for e in tl.events] == [(date(2018, 8, 22), (S000, S001))]
    assert library.timeline(text="zeppelin").events == ()


WINDOW_SAMPLES = [
    "Officials met on Aug. 22 and 23, 2018, and again from May to June; in the next few months, "
    "talks resume. May 5 million people voted on 5 May 2019. He may go in mid-July.",
    "The FY2018 budget; 2018-09-01 and 2017-11-08 were Mondays. Last night, this morning, "
    "three weeks ago, 12 days ago, in recent weeks, earlier this week, on Thursday.",
    "WASHINGTON (Reuters) - No dates here at all, only words and Marketplace numbers 1234.",
    "   " + "x" * 300 + " in January " + "y" * 300 + " since 2016.",
    "MAY 2019 caption: JANUARY 1 — ON FRIDAY; ÉJanuary 3; décembre; 22 August; Sept. 12, 2018",
]


def test_windowed_candidates_find_what_a_full_scan_finds():
    from search.timeline import _CANDIDATES, _candidates

    texts = WINDOW_SAMPLES + [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for text in texts:
        full = [(m.start(), m.end(), m.lastgroup) for m in _CANDIDATES.finditer(text)]
        windowed = [(m.start(), m.end(), m.lastgroup) for m in _candidates(text)]
        assert windowed == full
    assert sum(1 for t in texts for _ in _candidates(t)) > 40
