"""search.export: the shapes results, articles, entities and timelines are written in.

The expected texts are the command line's and the app's exports as they were written
before both moved here; a change to any of them is a change users see.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from search import (
    Article,
    Entity,
    EntityDetail,
    Event,
    EventSource,
    Hit,
    IndexReport,
    Mention,
    Quote,
    Role,
    SearchPage,
    Skipped,
    Timeline,
    Unresolved,
    export,
)

HITS = (
    Hit("a1", "Tariffs rise", date(2018, 9, 13), 3.25, 'China said, "tariffs" rise', ((12, 19),)),
    Hit("b2", "Talks, resumed", None, 1.5, "no date here"),
)
ARTICLE = Article(
    "a1",
    "Tariffs rise",
    "Body line one.\nLine two.",
    "x/a1.txt",
    date(2018, 9, 13),
    "Reuters",
    "https://e.x/a1",
    ("A caption",),
)
BARE = Article("b2", "Untitled", "Just a body.", "b2.md")
ENTITY = Entity(
    "p-kudlow", "Larry Kudlow", "person", ("Kudlow",), (Role("adviser", "a1", "us"),), ("a1", "b2"), 3, "us"
)
EV1 = Event(
    "ev-1",
    date(2018, 9, 13),
    date(2018, 9, 13),
    "day",
    "Tariffs | rise\nagain",
    (EventSource("a1", "Tariffs | rise\nagain", "on Thursday", 0, 20),),
    ("Larry Kudlow", "Xi Jinping", "Z"),
)
EV2 = Event(
    "ev-2",
    date(2018, 9, 1),
    date(2018, 9, 30),
    "month",
    "Talks in September",
    (EventSource("b2", "Talks in September", "September", 5, 23, "caption:0"), EventSource("a1", "x", "y", 1, 2)),
)
EV3 = Event(
    "ev-3",
    date(2019, 1, 1),
    date(2019, 12, 31),
    "year",
    "A year-long thing",
    (EventSource("b2", "A year-long thing", "2019", 0, 4),),
    ("Solo",),
)
TIMELINE = Timeline((EV1, EV2, EV3), (Unresolved("c3", "next week", "undated article"),))


class _Titles:
    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def titles(self, ids: list[str]) -> dict[str, tuple[str, date | None]]:
        self.asked.append(ids)
        return {"a1": ("Tariffs rise", date(2018, 9, 13))} if "a1" in ids else {}


def test_results_csv_quotes_commas_and_quotes_and_leaves_no_date_empty():
    assert export.results_csv(HITS) == (
        "id,title,date,score,snippet\r\n"
        'a1,Tariffs rise,2018-09-13,3.25,"China said, ""tariffs"" rise"\r\n'
        'b2,"Talks, resumed",,1.5,no date here\r\n'
    )
    assert export.results_text("csv", "q", HITS) == export.results_csv(HITS)


def test_results_markdown_names_the_query_and_marks_undated_hits():
    assert export.results_markdown("q", HITS) == (
        "# Results for `q`\n\n"
        '- **Tariffs rise** (2018-09-13, `a1`): China said, "tariffs" rise\n'
        "- **Talks, resumed** (undated, `b2`): no date here\n"
    )


def test_results_json_file_holds_the_query_and_hits_without_spans():
    assert export.results_json("q", HITS[1:]) == (
        '{\n  "query": "q",\n  "hits": [\n    {\n      "id": "b2",\n      "title": "Talks, resumed",\n'
        '      "date": null,\n      "score": 1.5,\n      "snippet": "no date here"\n    }\n  ]\n}'
    )
    assert "matches" not in json.loads(export.results_json("q", HITS))["hits"][0]


def test_search_page_record_is_the_command_lines_json():
    page = SearchPage("tariffs", 2, HITS, "tariff", 20, "date")
    record = export.search_page_record(page)
    assert list(record) == ["query", "total", "suggestion", "offset", "sort", "hits"]
    assert record["hits"][0] == {
        "id": "a1",
        "title": "Tariffs rise",
        "date": "2018-09-13",
        "score": 3.25,
        "snippet": 'China said, "tariffs" rise',
        "matches": [[12, 19]],
    }
    assert (record["total"], record["suggestion"], record["offset"], record["sort"]) == (2, "tariff", 20, "date")
    assert export.similar_record("a1", HITS[1:]) == {"id": "a1", "hits": [export.hit_record(HITS[1])]}


def test_json_text_is_indented_unescaped_and_ends_with_a_newline():
    assert export.json_text({"d": date(2018, 1, 2), "s": "é"}) == '{\n  "d": "2018-01-02",\n  "s": "é"\n}\n'


def test_article_markdown_puts_source_date_and_url_under_the_title():
    assert export.article_markdown(ARTICLE) == (
        "# Tariffs rise\n\n_Reuters, 2018-09-13, https://e.x/a1_\n\n> A caption\n\nBody line one.\nLine two.\n"
    )
    assert export.article_markdown(BARE) == "# Untitled\n\n_undated_\n\nJust a body.\n"


def test_article_json_file_leaves_out_the_path_the_command_line_shows():
    assert export.article_json(BARE) == (
        '{\n  "id": "b2",\n  "title": "Untitled",\n  "date": null,\n  "source": "",\n  "url": "",\n'
        '  "captions": [],\n  "body": "Just a body."\n}'
    )
    record = export.article_record(ARTICLE)
    assert list(record) == ["id", "title", "date", "source", "path", "url", "captions", "body"]
    assert record["path"] == "x/a1.txt" and record["date"] == "2018-09-13"
    assert export.article_text("json", ARTICLE) == export.article_json(ARTICLE)


def test_article_meta_line_joins_what_is_known():
    assert export.article_meta_line(ARTICLE) == "2018-09-13 · Reuters · x/a1.txt"
    assert export.article_meta_line(BARE) == "undated · b2.md"


def test_entity_records():
    assert export.entity_record(ENTITY) == {
        "id": "p-kudlow",
        "name": "Larry Kudlow",
        "kind": "person",
        "aliases": ["Kudlow"],
        "roles": [{"role": "adviser", "article": "a1", "side": "us"}],
        "articles": ["a1", "b2"],
        "mentions": 3,
    }
    detail = EntityDetail(
        ENTITY,
        (Mention("a1", "Kudlow", "person", 4, 10), Mention("b2", "Larry Kudlow", "person", 0, 12, "caption:0")),
        (("o-wto", "WTO", 2),),
        (Quote("a1", "We will talk.", 20, 33),),
    )
    record = export.entity_detail_record(detail)
    assert list(record)[-4:] == ["side", "mention_spans", "cooccurring", "quotes"]
    assert record["side"] == "us"
    assert record["mention_spans"][1] == {
        "article": "b2",
        "surface": "Larry Kudlow",
        "start": 0,
        "end": 12,
        "where": "caption:0",
    }
    assert record["cooccurring"] == [{"id": "o-wto", "name": "WTO", "articles": 2}]
    # The same records as `tradetui quotes` and Library.quotes().
    assert record["quotes"] == [
        {
            "speaker": "",
            "entity_id": "",
            "article": "a1",
            "date": None,
            "kind": "reported",
            "text": "We will talk.",
            "start": 20,
            "end": 33,
            "where": "body",
        }
    ]
    assert export.entities_record([ENTITY]) == {"entities": [export.entity_record(ENTITY)]}


def test_index_report():
    report = IndexReport(1, 2, 3, 4, (Skipped("bad.json", "not JSON"),))
    assert export.index_report_record(report) == {
        "added": 1,
        "updated": 2,
        "deleted": 3,
        "unchanged": 4,
        "skipped": [{"path": "bad.json", "reason": "not JSON"}],
    }
    assert export.index_report_line("/c", report) == (
        "indexed /c: 1 added, 2 updated, 3 deleted, 4 unchanged, 1 skipped\n"
    )


def test_timeline_csv_and_markdown():
    assert export.timeline_csv(TIMELINE) == (
        "id,start,end,precision,text,articles,entities\r\n"
        'ev-1,2018-09-13,2018-09-13,day,"Tariffs | rise\nagain",a1,Larry Kudlow; Xi Jinping; Z\r\n'
        "ev-2,2018-09-01,2018-09-30,month,Talks in September,b2 a1,\r\n"
        "ev-3,2019-01-01,2019-12-31,year,A year-long thing,b2,Solo\r\n"
    )
    assert export.timeline_markdown(TIMELINE) == (
        "| date | precision | event | sources |\n|---|---|---|---|\n"
        "| 2018-09-13 | day | Tariffs \\| rise again | a1 |\n"
        "| 2018-09-01 – 2018-09-30 | month | Talks in September | b2, a1 |\n"
        "| 2019-01-01 – 2019-12-31 | year | A year-long thing | b2 |\n"
    )


def test_timeline_json_keeps_sources_and_unresolved():
    text = export.timeline_json(TIMELINE)
    assert text.endswith("}\n") and text.startswith('{\n  "events": [\n    {\n      "id": "ev-1",')
    doc = json.loads(text)
    assert list(doc["events"][0]) == [
        "id",
        "start",
        "end",
        "precision",
        "text",
        "articles",
        "stories",
        "entities",
        "sources",
    ]
    assert doc["events"][1]["articles"] == ["b2", "a1"]
    assert doc["events"][1]["sources"][0] == {
        "article": "b2",
        "text": "Talks in September",
        "expression": "September",
        "start": 5,
        "end": 23,
        "where": "caption:0",
    }
    assert doc["unresolved"] == [{"article": "c3", "expression": "next week", "reason": "undated article"}]


def test_timelinejs_dates_follow_precision_and_headlines_come_from_the_events():
    titles = _Titles()
    doc = json.loads(export.timeline_timelinejs(TIMELINE, titles))
    assert titles.asked == [["a1", "b2", "a1", "b2"]]
    assert doc["title"] == {"text": {"headline": "Timeline", "text": "3 events"}}
    day, month, year = doc["events"]
    assert list(day) == ["start_date", "text", "group", "unique_id"]  # a day needs no display_date
    assert day["start_date"] == {"year": "2018", "month": "9", "day": "13"}
    assert day["text"]["headline"] == "Tariffs | rise again"  # the event's sentence, not an article title
    assert day["text"]["text"] == "<p>Tariffs | rise again</p><p>Sources: Tariffs rise (2018-09-13)</p>"
    assert month["end_date"] == {"year": "2018", "month": "9"}
    assert month["text"]["headline"] == "Talks in September"
    assert month["text"]["text"].endswith("<p>Sources: b2; Tariffs rise (2018-09-13)</p>")  # b2's title unknown
    assert month["display_date"] == "September 2018"
    assert year["start_date"] == {"year": "2019"} and year["end_date"] == {"year": "2019"}
    assert year["display_date"] == "2019"
    # Groups say how precisely events are dated: a small set, not names.
    assert [e["group"] for e in doc["events"]] == ["Days", "Months", "Years"]
    assert set(export.TIMELINEJS_GROUPS.values()) <= {
        "Days", "Weeks", "Months", "Seasons and quarters", "Years", "Approximate dates"
    }  # fmt: skip
    mapped = export.timeline_text("timelinejs", TIMELINE, {"a1": ("Tariffs rise", date(2018, 9, 13))})
    assert json.loads(mapped) == doc
    bare = json.loads(export.timeline_text("timelinejs", TIMELINE))
    assert bare["events"][0]["text"]["text"] == "<p>Tariffs | rise again</p><p>Sources: a1</p>"


def test_timelinejs_escapes_article_text_into_its_html_fields():
    attack = "<img src=x onerror=alert(1)>"
    ev = Event(
        "ev-x",
        date(2019, 9, 1),
        date(2019, 9, 7),
        "approximate",
        f"Officials met {attack} in Beijing",
        (EventSource("a1", "Officials met", "early September", 0, 13),),
    )
    text = export.timeline_timelinejs(Timeline((ev,)), {"a1": (f"Title {attack}", None)})
    assert "<img" not in text and "onerror=alert(1)>" not in text.replace("&gt;", "")
    item = json.loads(text)["events"][0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in item["text"]["headline"]
    assert "Title &lt;img src=x onerror=alert(1)&gt;" in item["text"]["text"]
    assert item["display_date"] == "about 2019-09-01 – 2019-09-07"
    assert item["group"] == "Approximate dates"


@pytest.mark.parametrize(
    ("precision", "start", "shown"),
    [
        ("week", date(2019, 9, 2), "week of 2019-09-02"),
        ("quarter", date(2019, 7, 1), "Q3 2019"),
        ("half", date(2019, 1, 1), "first half of 2019"),
        ("season", date(2019, 6, 21), "summer 2019"),
        ("season", date(2019, 12, 21), "winter 2019"),
        ("decade", date(1990, 1, 1), "the 1990s"),
        ("day", date(2019, 9, 2), None),
    ],
)
def test_display_dates_say_how_approximate_events_read(precision, start, shown):
    assert export.display_date(Event("e", start, start, precision, "x")) == shown


def test_timeline_table_rows_and_unresolved_lines():
    assert export.timeline_table_rows(TIMELINE)[1] == (
        "2018-09-01 – 2018-09-30",
        "month",
        "Talks in September",
        "b2, a1",
    )
    assert export.unresolved_lines(TIMELINE) == [
        "1 unresolved expressions (undated articles):",
        "  c3: 'next week' (undated article)",
    ]
    assert export.unresolved_lines(Timeline()) == []


def test_unknown_formats_are_refused():
    with pytest.raises(ValueError, match="exported as"):
        export.results_text("xml", "q", HITS)
    with pytest.raises(ValueError, match="exported as"):
        export.article_text("csv", ARTICLE)
    with pytest.raises(ValueError, match="exported as"):
        export.timeline_text("table", TIMELINE)
