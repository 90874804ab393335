"""Watching a real folder: files added, changed and removed are indexed as they land."""

from __future__ import annotations

import os
import queue
from pathlib import Path

import pytest

from search import Library
from search.watch import CorpusWatcher, FileChange, WatchResult
from tests.formats_fixtures import NEWS_PAGE

WAIT = 30.0  # seconds a change may take to be seen and indexed on a slow machine

FIRST = "Tariff talks resume\n\nTrade officials met in Geneva on Monday to discuss steel tariffs.\n"
SECOND = "Port strike ends\n\nDock workers in Antwerp voted on Sunday to accept a pay offer.\n"
THIRD = "Copper slides\n\nCopper fell for a fourth day on Tuesday as demand from Asian factories cooled.\n"


@pytest.fixture
def watched(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "first.txt").write_text(FIRST, encoding="utf-8")
    lib = Library(corpus, tmp_path / "index")
    lib.open()
    lib.update()
    results: queue.Queue[WatchResult] = queue.Queue()
    watcher = CorpusWatcher(lib, results.put, debounce_ms=150)
    watcher.start()
    watcher.wait_ready(WAIT)
    yield corpus, lib, results
    watcher.stop()
    assert not watcher.running
    lib.close()


def next_result(results: queue.Queue[WatchResult]) -> WatchResult:
    try:
        return results.get(timeout=WAIT)
    except queue.Empty:
        raise AssertionError(f"no re-indexing within {WAIT} s") from None


def ids(lib: Library) -> list[str]:
    return lib.article_ids()


def test_an_added_file_is_indexed_and_found(watched):
    corpus, lib, results = watched
    (corpus / "second.txt").write_text(SECOND, encoding="utf-8")
    result = next_result(results)
    assert result.changes == (FileChange("second.txt", "added"),)
    assert result.report is not None and result.report.added == 1 and result.error == ""
    assert [h.id for h in lib.search("antwerp").hits] == ["second"]


def test_a_changed_file_is_indexed_again_and_a_removed_one_dropped(watched):
    corpus, lib, results = watched
    (corpus / "first.txt").write_text(THIRD, encoding="utf-8")
    result = next_result(results)
    assert result.changes == (FileChange("first.txt", "modified"),)
    assert result.report is not None and result.report.updated == 1
    assert lib.search("copper").total == 1 and lib.search("geneva").total == 0
    (corpus / "second.txt").write_text(SECOND, encoding="utf-8")
    next_result(results)
    os.remove(corpus / "first.txt")
    result = next_result(results)
    assert result.changes == (FileChange("first.txt", "deleted"),)
    assert result.report is not None and result.report.deleted == 1
    assert ids(lib) == ["second"]


def test_files_in_other_formats_and_subfolders_are_watched_and_foreign_ones_not(watched):
    corpus, lib, results = watched
    (corpus / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (corpus / ".draft.txt").write_text(SECOND, encoding="utf-8")
    (corpus / "pages").mkdir()
    (corpus / "pages" / "Steel_files").mkdir()
    (corpus / "pages" / "Steel.html").write_bytes(NEWS_PAGE)
    (corpus / "pages" / "Steel_files" / "frame.html").write_bytes(NEWS_PAGE)
    seen: set[str] = set()
    while "pages/Steel" not in ids(lib):
        result = next_result(results)
        assert result.error == ""
        seen.update(c.path for c in result.changes)
    # The page, or the folder it came in when it landed before the folder was watched.
    assert seen in ({"pages/Steel.html"}, {"pages/"}, {"pages/", "pages/Steel.html"})
    assert ids(lib) == ["first", "pages/Steel"]


def test_a_folder_moved_away_takes_its_articles_out_of_the_index(watched):
    corpus, lib, results = watched
    (corpus / "desk").mkdir()
    (corpus / "desk" / "second.txt").write_text(SECOND, encoding="utf-8")
    while "desk/second" not in ids(lib):
        next_result(results)
    (corpus / "desk").rename(corpus.parent / "elsewhere")
    while "desk/second" in ids(lib):
        next_result(results)
    assert ids(lib) == ["first"]


def test_a_corpus_emptied_and_filled_again_is_reported_then_indexed(watched):
    corpus, lib, results = watched
    os.remove(corpus / "first.txt")
    result = next_result(results)
    assert result.report is None and "no articles under" in result.error
    (corpus / "second.txt").write_text(SECOND, encoding="utf-8")
    result = next_result(results)
    assert result.report is not None and result.report.added == 1
    assert ids(lib) == ["second"]


def test_changes_made_while_nobody_watched_are_caught_up_on_start(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "first.txt").write_text(FIRST, encoding="utf-8")
    with Library(corpus, tmp_path / "index") as lib:
        lib.update()
        (corpus / "second.txt").write_text(SECOND, encoding="utf-8")
        results: queue.Queue[WatchResult] = queue.Queue()
        with CorpusWatcher(lib, results.put, debounce_ms=150) as watcher:
            watcher.wait_ready(WAIT)
            result = next_result(results)
        assert not watcher.running
        assert result.changes == () and result.report is not None and result.report.added == 1


def test_a_watcher_stops_promptly_even_when_nothing_happens(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "first.txt").write_text(FIRST, encoding="utf-8")
    with Library(corpus, tmp_path / "index") as lib:
        watcher = CorpusWatcher(lib, lambda r: None, catch_up=False)
        watcher.start()
        watcher.wait_ready(WAIT)
        watcher.stop(timeout=WAIT)
        assert not watcher.running
