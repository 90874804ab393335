"""The app's Session: every read the screen makes, without any interface (Textual is never imported)."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from search import QueryError, TradeTuiError
from tui.session import PAGE_SIZE, Session, index_summary


def test_session_imports_no_interface_code():
    probe = "import sys, tui.session; print(sorted(m for m in ('textual', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_open_indexes_once_and_the_overview_links_names(session: Session):
    again = session.open()
    assert (again.added, again.updated, again.deleted) == (0, 0, 0)
    assert index_summary(again) == ""
    assert not session.names_ready
    overview = session.overview()
    assert session.names_ready and not overview.problem
    assert overview.stats.articles == len(session.lib.article_ids())
    assert any(e.id == "person:larry-kudlow" for e in overview.entities)
    assert overview.timeline.events


def test_first_page_count_and_later_pages_agree(session: Session):
    page = session.first_page("trade", "score")
    total = page.total if page.total >= 0 else session.count("trade")
    assert total == session.count("trade") > 0
    assert len(page.hits) == min(total, PAGE_SIZE)
    by_date = session.first_page("trade", "date")
    dated = [h.date for h in by_date.hits if h.date]
    assert dated == sorted(dated, reverse=True)
    assert list(session.page("trade", "score", 0)) == list(page.hits)
    assert list(session.page("trade", "score", PAGE_SIZE * 100)) == []


def test_a_query_the_parser_cannot_read_is_a_query_error(session: Session):
    with pytest.raises(QueryError):
        session.first_page('"unclosed', "score")


def test_reading_gives_names_only_once_they_are_linked(session: Session):
    article_id = session.first_page("Kudlow", "score").hits[0].id
    before = session.read(article_id, "Kudlow")
    assert before.matches and before.mentions == [] and before.entity_ids == frozenset()
    session.overview()
    after = session.read(article_id, "Kudlow", (0, 4, "body"))
    assert "person:larry-kudlow" in after.entity_ids
    assert after.focus_span == (0, 4, "body")
    with pytest.raises(TradeTuiError):
        session.read("no-such-article", "")


def test_try_read_now_waits_for_nobody(session: Session):
    article_id = session.first_page("tariffs", "score").hits[0].id
    assert session.try_read_now(article_id, "tariffs", None) is None  # names not linked yet
    session.overview()
    view = session.try_read_now(article_id, "tariffs", None)
    assert view is not None and view.article.id == article_id
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with session.lock:
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        assert session.try_read_now(article_id, "tariffs", None) is None  # another thread holds the library
    finally:
        release.set()
        holder.join()


def test_entity_view_first_then_its_detail(session: Session):
    session.overview()
    trump = session.entity_view("person:donald-trump")
    # His own events (named, or quoting him); every event of his articles when asked.
    assert trump.timeline.events and all("Donald Trump" in e.entities for e in trump.timeline.events)
    wide = session.entity_view("person:donald-trump", all_events=True).timeline.events
    assert set(trump.timeline.events) < set(wide)
    assert all(set(e.articles) & set(trump.detail.entity.articles) for e in wide)
    # Larry Kudlow is named in no dated sentence of the seeds: his own timeline is empty.
    assert session.entity_view("person:larry-kudlow").timeline.total == 0
    view = session.entity_view("person:donald-trump")
    # At once: the entity and its timeline's first page; the detail follows.
    assert view.detail.entity.name == "Donald Trump" and not view.complete
    assert view.detail.quotes == () and view.titles == {}
    assert view.timeline.entity == "person:donald-trump" and view.timeline.total >= len(view.timeline.events) > 0
    assert all("Donald Trump" in e.entities for e in view.timeline.events)
    full = session.entity_detail(view)
    assert full.complete and full.detail.quotes and full.detail.cooccurring
    assert set(full.titles) == {q.article for q in full.detail.quotes}
    event = view.timeline.events[0]
    assert session.event(event.id) == event
    assert set(session.titles(event.articles)) == set(event.articles)
    preview = session.entity_preview("person:larry-kudlow")
    assert preview.detail.entity.name == "Larry Kudlow" and preview.timeline.events == ()
    assert len(session.dossier("person:larry-kudlow").quotes) == len(preview.detail.quotes)
    together = session.together(["person:larry-kudlow", "person:liu-he"], "")
    assert {e.name for e in together.entities} == {"Larry Kudlow", "Liu He"}


def test_palette_finds_entities_by_side_events_and_titles(session: Session):
    session.overview()
    china = session.palette("China")
    kinds = [i.kind for i in china]
    assert kinds == sorted(kinds, key=["entity", "event", "article"].index)
    people = {i.label for i in china if i.kind == "entity" and i.help.startswith("person")}
    assert {"Liu He", "Xi Jinping"} <= people  # Chinese officials, found by their side
    assert len(china) == len(set(china))
    assert [i.label for i in session.palette("kudlow") if i.kind == "entity"] == ["Larry Kudlow"]


def test_a_session_not_opened_says_so(tmp_path: Path, seed_corpus: Path):
    s = Session(seed_corpus, tmp_path / "never")
    with pytest.raises(RuntimeError):
        s.first_page("trade", "score")
    s.close()  # closing what was never opened is fine


# Seeds 000 and 001 are two versions of one story; 000, dated a day later, is the newer.
NEWER, EARLIER = "000_e13d86ead2c414f1", "001_d45e1563e4736e50"


def test_story_marks_tell_each_article_its_story_and_place(session: Session):
    marks = session.story_marks([NEWER, EARLIER, "002_43b2c1d46dec56f2"])
    assert marks[NEWER].story == marks[EARLIER].story == EARLIER  # a story is named by its first version
    assert (marks[NEWER].versions, marks[NEWER].rank) == (2, 0)
    assert (marks[EARLIER].versions, marks[EARLIER].rank) == (2, 1)
    assert marks["002_43b2c1d46dec56f2"].versions == 1
    assert session.story_marks([]) == {}


def test_reading_a_version_says_what_it_adds_and_drops(session: Session):
    from search import compare_versions

    newer = session.read(NEWER, "").versions
    assert newer is not None and (newer.other_id, newer.number, newer.versions, newer.later) == (EARLIER, 2, 2, False)
    lib = session.lib
    expected = compare_versions(lib.article(EARLIER).body, lib.article(NEWER).body)
    assert newer.diff == expected and expected.added and expected.dropped
    earlier = session.read(EARLIER, "").versions
    assert earlier is not None and (earlier.other_id, earlier.number, earlier.later) == (NEWER, 1, True)
    assert earlier.diff == expected  # the same comparison, read from the other side
    assert session.read("002_43b2c1d46dec56f2", "").versions is None
