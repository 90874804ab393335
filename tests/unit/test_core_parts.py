"""The one-job modules behind Library: JSON files, hand-set dates, snippets, events, the store."""

from __future__ import annotations

import json
from datetime import date

import pytest

from search.article_dates import ArticleDates
from search.errors import TradeTuiError
from search.events import canonical_names, merge_events
from search.jsonfile import read_json_dict, write_json_atomic
from search.models import Entity
from search.snippets import make_snippet
from search.store import EventRow, Store


def test_json_files_are_read_leniently_and_written_whole(tmp_path):
    path = tmp_path / "sub" / "data.json"
    assert read_json_dict(path) == {}
    write_json_atomic(path, {"b": 1, "a": [2]}, sort_keys=True)
    assert path.read_text(encoding="utf-8") == '{\n "a": [\n  2\n ],\n "b": 1\n}'
    assert read_json_dict(path) == {"a": [2], "b": 1}
    assert [p.name for p in path.parent.iterdir()] == ["data.json"]  # no temporary file left
    path.write_text("[1, 2]", encoding="utf-8")
    assert read_json_dict(path) == {}  # not an object
    path.write_text("{broken", encoding="utf-8")
    assert read_json_dict(path) == {}


def test_a_failed_json_write_leaves_the_old_file(tmp_path):
    path = tmp_path / "data.json"
    write_json_atomic(path, {"v": 1})
    with pytest.raises(TypeError):
        write_json_atomic(path, {"v": object()})
    assert read_json_dict(path) == {"v": 1}
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    with pytest.raises(OSError):
        write_json_atomic(blocked / "data.json", {})


def test_article_dates_are_kept_per_corpus(tmp_path):
    one = ArticleDates(tmp_path, tmp_path / "one")
    two = ArticleDates(tmp_path, tmp_path / "two")
    one.save("a", date(2018, 9, 13))
    two.save("a", date(2001, 1, 1))
    assert one.load() == {"a": date(2018, 9, 13)} and two.load() == {"a": date(2001, 1, 1)}
    one.save("a", None)
    assert one.load() == {} and two.load() == {"a": date(2001, 1, 1)}
    raw = json.loads(one.path.read_text(encoding="utf-8"))
    raw[one.key] = {"x": "not a date", "y": "2019-02-03"}
    one.path.write_text(json.dumps(raw), encoding="utf-8")
    assert one.load() == {"y": date(2019, 2, 3)}
    with pytest.raises(TradeTuiError, match="run from year"):
        ArticleDates.check(date(50, 1, 1))
    (tmp_path / "blocked").write_text("", encoding="utf-8")
    with pytest.raises(TradeTuiError, match="cannot save the date"):
        ArticleDates(tmp_path / "blocked", tmp_path).save("a", date(2018, 1, 1))


def test_snippet_shows_the_window_with_most_matches_and_moves_spans():
    body = "Intro words here. " * 20 + "Tariffs  and\nmore tariffs on steel." + " Tail text." * 20
    first = body.index("Tariffs")
    second = body.index("tariffs")
    text, spans = make_snippet(body, [(first, first + 7), (second, second + 7)])
    assert text.startswith("…") and text.endswith("…") and len(text) <= 162
    assert [text[a:b] for a, b in spans] == ["Tariffs", "tariffs"]
    assert "  " not in text and "\n" not in text
    assert make_snippet("short body", []) == ("short body", [])
    long_text, none = make_snippet("word " * 100, [])
    assert long_text.endswith("…") and none == [] and len(long_text) <= 161


def _row(article: str, text: str, names: list[str], start: str = "2018-09-13", span: int = 0) -> EventRow:
    return EventRow(article, start, start, "day", text, "Thursday", span, span + len(text), "body", json.dumps(names))


def test_events_merge_on_dates_and_shared_people_or_words():
    entities = [Entity("p1", "Larry Kudlow", "person", ("Kudlow",))]
    rows = [
        _row("a", "Kudlow met envoys over steel tariffs", ["Kudlow"]),
        _row("b", "Larry Kudlow discussed steel quotas", ["Larry Kudlow"]),
        _row("c", "Farmers protested about rain", []),
        _row("d", "Kudlow met envoys over steel tariffs", ["Kudlow"], start="2018-09-14"),
    ]
    events = merge_events(rows, canonical_names(entities))
    assert [(e.start.isoformat(), e.articles) for e in events][:2] in (
        [("2018-09-13", ("a", "b")), ("2018-09-13", ("c",))],
        [("2018-09-13", ("c",)), ("2018-09-13", ("a", "b"))],
    )
    merged = next(e for e in events if e.articles == ("a", "b"))
    assert merged.entities == ("Larry Kudlow",) and merged.text == rows[0].text
    assert events[-1].start == date(2018, 9, 14) and events[-1].id.startswith("ev-")
    assert merge_events(rows, {}) == merge_events(list(reversed(rows[:1])) + rows[1:], {})


def test_store_rows_are_named_and_in_chunks(tmp_path):
    store = Store(tmp_path / "state.sqlite")
    from search.store import ArticleRow

    store.add_article(ArticleRow("a", "a.txt", "A", "2018-09-13", None))
    for i in range(1200):
        store.add_rows("mentions", [(f"x{i}", "Kudlow", "Kudlow", "person", i, i + 6, "body", "", "")])
    store.commit()
    assert store.titles(["a", "missing"])[0].title == "A"
    assert store.header_date("a") is None and store.header_date("zzz") is None
    rowids = store.mention_rowids()
    found = store.mentions_by_rowid(list(rowids))  # more than one IN (...) chunk
    assert len(found) == 1200 and {m.article for m in found} == {f"x{i}" for i in range(1200)}
    assert store.mention_shape()[:2] == (1200, rowids[-1])
    assert next(store.mention_rows()).article == "x0"
    store.close()


def test_rewriting_the_last_articles_mentions_changes_the_mention_shape(tmp_path):
    """Dropping the newest article's mentions and writing them again reuses their rowids:
    count and largest rowid come back the same, and only the change count tells."""
    from search.store import ArticleRow

    store = Store(tmp_path / "state.sqlite")
    rows = [("b", n, n, "person", i * 20, i * 20 + len(n), "body", "", "") for i, n in enumerate(["Liu He", "Xi"])]
    for article in ("a", "b"):
        store.add_article(ArticleRow(article, f"{article}.txt", article, None, None))
    store.add_rows("mentions", [("a", "Kudlow", "Kudlow", "person", 0, 6, "body", "", ""), *rows])
    store.commit()
    before = store.mention_shape()
    snapshot = store.mention_snapshot()
    store.drop_articles(["b"])
    store.add_article(ArticleRow("b", "b.txt", "b", None, None))
    store.add_rows("mentions", rows)
    store.commit()
    after = store.mention_shape()
    assert after[:2] == before[:2]  # what the change count has to catch
    assert after != before
    rowids, again = store.mention_snapshot()
    assert list(rowids) == list(snapshot[0]) and again == snapshot[1] == list(store.mention_rows())
    assert again[1].article is again[2].article  # one string per article id
    store.close()


def test_links_stay_consistent_when_mentions_change_under_every_linking_pass(tmp_path, monkeypatch):
    """Another thread writing on and on: each attempt sees the mentions change, so linking
    falls back to one snapshot, and every linked row still has its rowid."""
    from itertools import count

    from search.links import LinkCache, mentions_of
    from search.store import ArticleRow

    store = Store(tmp_path / "state.sqlite")
    store.add_article(ArticleRow("a", "a.txt", "A", "2018-09-13", None))
    names = ["Larry Kudlow", "Steven Mnuchin", "Liu He"]
    store.add_rows(
        "mentions", [("a", n, n, "person", i * 20, i * 20 + len(n), "body", "", "") for i, n in enumerate(names)]
    )
    store.commit()
    shapes = count()
    monkeypatch.setattr(store, "mention_shape", lambda: next(shapes))  # never the same twice
    full = store.mention_rowids
    monkeypatch.setattr(store, "mention_rowids", lambda: full()[:1])  # read before rows were added
    linked, rowids = LinkCache(tmp_path, None).get(store, "test")
    assert len(rowids) == len(names)
    found = [m.surface for e in linked.entities.values() for m in mentions_of(store, (linked, rowids), e)]
    assert sorted(found) == sorted(names)
    store.close()
