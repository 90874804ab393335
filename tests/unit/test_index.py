"""Incremental indexing, rebuilds of outdated or damaged indexes, and locking."""

from __future__ import annotations

import os
import sqlite3
import threading
from datetime import date

import pytest

import search.library as library_module
from search import CorpusNotFound, IndexBusy, Library, NothingLoaded, UnknownArticle
from search.entities import EntityExtractor
from search.write_lock import write_lock
from tests.seeds import S000, S001, S003, SEED_IDS, SEEDS

NEW_ARTICLE = (
    "Dairy exports rebound\n\nNew Zealand dairy exporters said on Monday that shipments of milk powder rebounded.\n"
)


def _touch_later(path):
    """Move a file's mtime forward so a change is seen even on coarse clocks."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))


def test_first_run_adds_every_seed(seed_corpus, index_dir):
    with Library(seed_corpus, index_dir) as lib:
        report = lib.update()
        assert (report.added, report.updated, report.deleted, report.unchanged) == (5, 0, 0, 0)
        assert report.skipped == () and report.rebuilt_reason == ""
        assert lib.article_ids() == list(SEED_IDS)
        assert lib.index.doc_count() == 5


def test_second_run_does_nothing(library, monkeypatch):
    def no_extraction(*args, **kwargs):
        raise AssertionError("an unchanged corpus must not be re-extracted")

    monkeypatch.setattr(EntityExtractor, "extract", no_extraction)
    report = library.update()
    assert (report.added, report.updated, report.deleted, report.unchanged) == (0, 0, 0, 5)
    # A new Library on the same index (the next run) agrees.
    with Library(library.corpus, library.index_dir) as again:
        report = again.update()
        assert (report.added, report.updated, report.deleted, report.unchanged) == (0, 0, 0, 5)


def test_added_changed_and_deleted_files(library, seed_corpus):
    assert library.search("milk").total == 0
    (seed_corpus / "new_story.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    report = library.update()
    assert (report.added, report.updated, report.deleted, report.unchanged) == (1, 0, 0, 5)
    assert [h.id for h in library.search("milk").hits] == ["new_story"]

    path = seed_corpus / f"{S003}.txt"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nThe zeppelin delegation was also present.\n", encoding="utf-8"
    )
    _touch_later(path)
    report = library.update()
    assert (report.added, report.updated, report.deleted, report.unchanged) == (0, 1, 0, 5)
    assert [h.id for h in library.search("zeppelin").hits] == [S003]
    # The old version is gone from this very process too (no stale copy, no double count).
    assert "zeppelin delegation" in library.article(S003).body
    assert library.index.doc_count() == 6
    assert library.search("Lighthizer").total == 2

    (seed_corpus / "new_story.txt").unlink()
    report = library.update()
    assert (report.added, report.updated, report.deleted, report.unchanged) == (0, 0, 1, 5)
    assert library.search("milk").total == 0
    with pytest.raises(UnknownArticle):
        library.article("new_story")
    assert "new_story" not in library.article_ids()


def test_touched_but_identical_file_is_unchanged(library, seed_corpus):
    _touch_later(seed_corpus / f"{S000}.txt")
    report = library.update()
    assert (report.added, report.updated, report.deleted, report.unchanged) == (0, 0, 0, 5)


def test_changed_file_replaces_its_mentions(library, seed_corpus):
    path = seed_corpus / f"{S003}.txt"
    text = path.read_text(encoding="utf-8").replace("Wilbur Ross", "Gina Raimondo")
    path.write_text(text, encoding="utf-8")
    _touch_later(path)
    library.update()
    ross = library.find_entity("Wilbur Ross")
    assert S003 not in ross.articles
    assert library.find_entity("Gina Raimondo").articles == (S003,)


def test_rebuild_on_request(library):
    report = library.update(rebuild=True)
    assert report.added == 5 and report.unchanged == 0
    assert report.rebuilt_reason == "rebuilt on request"
    assert library.search("tariffs").total == 5


def test_schema_bump_rebuilds_with_a_message(seed_corpus, seed_index, monkeypatch):
    monkeypatch.setattr(library_module, "SCHEMA_VERSION", "999.1")
    with Library(seed_corpus, seed_index) as lib:
        assert len(lib.messages) == 1
        assert "index format changed" in lib.messages[0] and "999.1" in lib.messages[0]
        report = lib.update()
        assert report.added == 5 and report.unchanged == 0
        assert "rebuilding" in report.rebuilt_reason
        assert lib.search("tariffs").total == 5
    monkeypatch.undo()
    with Library(seed_corpus, seed_index) as lib:  # and back again: rebuilt once more
        assert lib.messages and "999.1 ->" in lib.messages[0]


def test_schema_in_store_meta_differs(seed_corpus, seed_index):
    db = sqlite3.connect(seed_index / "state.sqlite")
    db.execute("UPDATE meta SET value='0.1' WHERE key='schema'")
    db.commit()
    db.close()
    with Library(seed_corpus, seed_index) as lib:
        assert lib.messages == [f"index format changed (0.1 -> {library_module.SCHEMA_VERSION}); rebuilding"]
        assert lib.update().added == 5
    with Library(seed_corpus, seed_index) as lib:
        assert lib.messages == []
        assert lib.update().unchanged == 5


def _whoosh_files(index_dir):
    return [p for p in index_dir.iterdir() if p.suffix in (".toc", ".seg", ".pst") or p.name.startswith(("_", "MAIN"))]


@pytest.mark.parametrize("damage", ["toc", "segments", "all"])
def test_corrupt_index_is_detected_and_rebuilt(seed_corpus, seed_index, damage):
    files = _whoosh_files(seed_index)
    # A table of contents, and segments written as separate files (postings, terms, columns).
    assert any(p.suffix == ".toc" for p in files) and any(p.suffix == ".pst" for p in files)
    for p in files:
        if damage == "all" or (damage == "toc") == (p.suffix == ".toc"):
            p.write_bytes(b"\x00garbage\xff" * 64)
    with Library(seed_corpus, seed_index) as lib:
        assert len(lib.messages) == 1 and "damaged" in lib.messages[0]
        report = lib.update()
        assert report.added == 5
        assert "damaged" in report.rebuilt_reason
        assert lib.search("tariffs").total == 5
        assert lib.article(S000).date is not None


def test_damaged_side_table_is_rebuilt(seed_corpus, seed_index):
    (seed_index / "state.sqlite").write_bytes(b"this is not a database" * 100)
    with Library(seed_corpus, seed_index) as lib:
        assert lib.messages and "side table is damaged" in lib.messages[0]
        assert lib.update().added == 5
        assert lib.find_entity("Kudlow").name == "Larry Kudlow"


def test_held_write_lock_gives_index_busy(library, seed_corpus, user_dirs):
    other = Library(seed_corpus, library.index_dir, lock_wait=0.2)
    other.open()
    try:
        with write_lock(library.index_dir, library.lock_wait):
            with pytest.raises(IndexBusy):
                other.update()
            with pytest.raises(IndexBusy):
                other.set_date(S003, None)
        # A refused set-date leaves no trace: the date was neither applied nor saved.
        assert other.article(S003).date is None
        assert not user_dirs.article_dates.exists()
        # Once the lock is free, the other one proceeds.
        assert other.update().unchanged == 5
    finally:
        other.close()


def test_lock_wait_lets_a_short_writer_finish(library, seed_corpus):
    other = Library(seed_corpus, library.index_dir, lock_wait=5.0)
    other.open()
    try:
        held = threading.Event()

        def hold_briefly():
            with write_lock(library.index_dir, 1.0):
                held.set()
                threading.Event().wait(0.3)

        t = threading.Thread(target=hold_briefly)
        t.start()
        assert held.wait(5), "the writer never took the lock"
        # The lock is held now: the update waits for it rather than failing busy.
        assert other.update().unchanged == 5
        t.join()
    finally:
        other.close()


def test_corpus_with_nothing_loadable(make_corpus, index_dir):
    corpus = make_corpus({"empty.txt": b"", "image.txt": b"\x00\x01\x02\x03", "data.csv": "a,b"})
    with Library(corpus, index_dir) as lib, pytest.raises(NothingLoaded) as info:
        lib.update()
    assert "nothing could be loaded" in str(info.value)


def test_corpus_without_article_files(make_corpus, index_dir):
    corpus = make_corpus({"notes.csv": "a,b"})
    with Library(corpus, index_dir) as lib, pytest.raises(NothingLoaded):
        lib.update()


def test_missing_corpus(tmp_path):
    with pytest.raises(CorpusNotFound) as info:
        Library(tmp_path / "no-such-folder", tmp_path / "index")
    assert "no-such-folder" in str(info.value)


def test_default_index_dir_is_under_the_cache_env(seed_corpus, user_dirs):
    with Library(seed_corpus) as lib:
        assert lib.index_dir.is_relative_to(user_dirs.cache / "indexes")
        assert lib.index_dir.name.startswith("seeds-")
        assert lib.update().added == 5
        assert (lib.index_dir / "state.sqlite").exists()


def test_single_file_corpus(seed_corpus, index_dir):
    with Library(seed_corpus / f"{S000}.txt", index_dir) as lib:
        assert lib.update().added == 1
        assert lib.article_ids() == [S000]


def test_commits_in_batches_with_a_small_last_one(make_corpus, open_library, monkeypatch):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    files = {f"part{i // 10}/a{i:02d}.txt": texts[i % len(texts)] + f"\nNote {i} on tariffs." for i in range(30)}
    corpus = make_corpus(files)
    monkeypatch.setattr(library_module, "BATCH", 8)
    monkeypatch.setattr(library_module, "FINAL_BATCH_FILES", 4)
    commits: list[int] = []
    lib = open_library(corpus, update=False)
    report = lib.update(on_commit=lambda: commits.append(lib.index.doc_count()))
    assert report.added == 30
    # Batches of 8 then 16 articles, a commit when 4 files remain, and the last commit.
    assert commits == [8, 24, 26]
    assert lib.search("tariffs").total == 30 and lib.count("note") == 30
    # A commit also comes when the postings held in memory pass their limit.
    monkeypatch.setattr(library_module, "MAX_PENDING_POSTINGS", 1)
    commits.clear()
    lib2 = open_library(corpus, update=False)
    lib2.update(on_commit=lambda: commits.append(lib2.index.doc_count()))
    assert commits == list(range(1, 31))
    assert lib2.search("tariffs").total == 30
    # Near the end, the commit before the last comes when the files left are a third of
    # the batch held (12 held, 4 left), not only when final_files are left.
    files40 = {f"part{i // 10}/a{i:02d}.txt": texts[i % len(texts)] + f"\nNote {i}." for i in range(40)}
    monkeypatch.setattr(library_module, "FINAL_BATCH_FILES", 2)
    monkeypatch.setattr(library_module, "MAX_PENDING_POSTINGS", 3_000_000)
    commits.clear()
    lib3 = open_library(make_corpus(files40), update=False)
    lib3.update(on_commit=lambda: commits.append(lib3.index.doc_count()))
    assert commits == [8, 24, 36]


def test_is_linked_tells_when_names_answer_from_memory(library, seed_corpus):
    assert not library.is_linked
    library.load_links()
    assert library.is_linked
    assert library.mentions_in(S000)
    (seed_corpus / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    library.update()
    assert not library.is_linked  # a change means linking again


def test_date_queries_after_a_date_is_set_and_cleared_again(library):
    # Clearing the date writes a one-article segment with no date at all, so Whoosh
    # writes no date column for it: the date fast path must read that as "no date".
    library.set_date(S003, date(2019, 7, 9))
    assert {h.id for h in library.search("date:2019").hits} == {S003}
    library.set_date(S003, None)
    assert library.search("date:2019").total == 0
    assert {h.id for h in library.search("date:2018").hits} == {S000, S001}
    assert library.search("tariffs", sort="date").total == library.search("tariffs").total
