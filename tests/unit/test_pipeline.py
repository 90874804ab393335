"""Parallel preparation, entity queries by name, the linked-corpus cache, and tense per clause."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from search import Library, pipeline
from search.timeline import find_dates, is_future
from tests.seeds import SEEDS


def _many_articles(root: Path, copies: int) -> Path:
    """A corpus of several copies of each seed, in subfolders."""
    for n in range(copies):
        shutil.copytree(SEEDS, root / f"batch{n}")
    return root


def _snapshot(lib: Library) -> tuple:
    people = sorted((e.name, e.articles) for e in lib.entities("person"))
    events = sorted((e.start, e.end, e.articles) for e in lib.timeline().events)
    return people, events, lib.count("tariffs"), lib.count('person:"Steven Mnuchin"')


def test_worker_processes_give_the_same_index_as_one_process(tmp_path, monkeypatch):
    corpus = _many_articles(tmp_path / "corpus", 6)
    monkeypatch.setattr(pipeline, "POOL_THRESHOLD", 4)
    monkeypatch.setattr(pipeline, "CHUNK", 3)
    with Library(corpus, tmp_path / "serial") as serial:
        report = serial.update(procs=1)
        assert report.added == 30
        expected = _snapshot(serial)
    with Library(corpus, tmp_path / "parallel") as parallel:
        report = parallel.update(procs=2)
        assert report.added == 30
        assert _snapshot(parallel) == expected


def test_person_query_uses_names_and_finds_linked_bare_surnames(library):
    linked = library.linked()
    mnuchin = linked.entities["person:steven-mnuchin"]
    # Seed 004 only says "Mnuchin"; the entity's names include the bare surname, so it is found.
    assert "Mnuchin" in linked.names_of[mnuchin.id]
    found = {h.id for h in library.search('person:"Steve Mnuchin"', limit=50).hits}
    assert found == set(mnuchin.articles)


def test_shared_surname_falls_back_to_exact_articles(make_corpus, open_library):
    corpus = make_corpus(
        {
            "a.txt": "Budget talks\n\nTreasurer Peter Walsh said the deficit would shrink. Walsh said so again.",
            "b.txt": "Tennis final\n\nCoach Anna Walsh said her player was ready. Walsh smiled.",
        }
    )
    lib = open_library(corpus)
    peter = lib.find_entity("Peter Walsh")
    anna = lib.find_entity("Anna Walsh")
    assert peter.id != anna.id
    assert {h.id for h in lib.search('person:"Peter Walsh"').hits} == {"a"}
    assert {h.id for h in lib.search('person:"Anna Walsh"').hits} == {"b"}


def test_linked_corpus_is_cached_and_invalidated(library, seed_corpus, seed_index, monkeypatch):
    library.linked()
    cache = seed_index / "linked.pickle"
    assert cache.exists()
    again = Library(seed_corpus, seed_index)
    again.open()
    assert again.links.load_saved(again.links.key or ("x",)) is None  # a wrong key never matches
    import search.links as links_module

    def no_linking(*args, **kwargs):
        raise AssertionError("linked again although the cache was valid")

    with monkeypatch.context() as m:
        m.setattr(links_module, "link", no_linking)
        assert again.linked().entities.keys() == library.linked().entities.keys()
    (seed_corpus / "new.txt").write_text("Senator Jane Roe said the vote is close.\n", encoding="utf-8")
    again.update()
    assert "person:jane-roe" in again.linked().entities
    again.close()
    (seed_corpus / "new.txt").unlink()
    again = Library(seed_corpus, seed_index)
    again.open()
    again.update(rebuild=True)  # generations restart: an old cache must not be taken for new
    assert "person:jane-roe" not in again.linked().entities
    again.close()


def test_links_saved_by_an_older_version_are_made_again(library, seed_corpus, seed_index):
    import pickle

    from search.linking import LinkedCorpus

    key = library.load_links() or library.links.key
    expected = library.linked().entities.keys()
    cache = seed_index / "linked.pickle"

    class OlderForm:
        # What an older version saved: the object's plain fields, mention rows included.
        def __reduce__(self):
            return (object.__new__, (LinkedCorpus,), {"entities": {}, "mentions": {}, "by_alias": {}})

    older = pickle.dumps((key, OlderForm()))
    for content in (older, pickle.dumps((key, "not links", None)), b"garbage"):
        cache.write_bytes(content)
        again = Library(seed_corpus, seed_index)
        again.open()
        assert again.linked().entities.keys() == expected
        again.close()


def test_tense_is_read_from_the_dates_own_clause():
    thursday = date(2019, 7, 11)
    past = "Officials said on Tuesday that talks will resume soon."
    (d,) = find_dates(past, "body", thursday)
    assert d.resolved_start == date(2019, 7, 9)
    future = "Talks will resume on Tuesday, officials said."
    (d,) = find_dates(future, "body", thursday)
    assert d.resolved_start == date(2019, 7, 16)
    assert not is_future("The meeting had been planned for Friday.", 31)
    assert is_future("The tariff is set to rise on January 1.", 29)
