"""The fast indexing path must produce exactly the terms and positions of the query analyzer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from search.engine import name_analyzer, name_terms, news_analyzer, news_term_spans, news_terms
from tests.seeds import SEEDS

SAMPLES = [
    "The United States and the U.S. Treasury; USA, US and us. United Nations, United.",
    "U.S.-China talks: Kudlow's “face-to-face” meeting on Aug. 22 and 23, 2018 — may/will happen.",
    "UNITED STATES united states United\nStates 5G $200bn co-operate O'Neil's",
    "",
]


@pytest.mark.parametrize("text", SAMPLES + [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))])
def test_news_terms_match_the_analyzer(text):
    tokens = [(t.text, t.pos) for t in news_analyzer()(text, positions=True, mode="index")]
    # Whoosh keeps the first kept token's original position; only relative positions matter.
    base = tokens[0][1] if tokens else 0
    expected = [(term, pos - base) for term, pos in tokens]
    fast = news_terms(text)
    assert [(term, i) for i, term in enumerate(fast)] == expected
    spans = list(news_term_spans(text))
    assert [term for term, _, _ in spans] == fast
    chars = [(t.startchar, t.endchar) for t in news_analyzer()(text, chars=True, mode="index")]
    assert [(a, b) for _, a, b in spans] == chars


@pytest.mark.parametrize("text", ["Steven Mnuchin\nMnuchin", "Ursula von der Leyen", "O'Neil Jean-Claude"])
def test_name_terms_match_the_analyzer(text):
    assert name_terms(text) == [t.text for t in name_analyzer()(text)]


def _write_batches(index_dir: Path, batches, monkeypatch, fast: bool) -> dict:
    from search import engine
    from search.engine import fastpaths

    if not fast:  # the stock run; the fast run takes the switches as they are
        monkeypatch.setattr(fastpaths, "FAST_FLUSH", False)
    fastpaths.reset()
    ti = engine.TextIndex(index_dir)
    ti.open_or_create()
    seen = set()
    grouped = []
    for batch in batches:
        w = ti.writer()
        grouped.append(w.grouped)
        for doc in batch:
            # New ids take the bulk add path; a repeated id replaces its document.
            w.upsert(**doc, new=doc["id"] not in seen)
            seen.add(doc["id"])
        w.commit()
    dump = ti.dump()
    dump["count"] = ti.doc_count()
    dump["grouped"] = grouped
    dump["flushes"] = fastpaths.taken["grouped flush"]
    dump["fell_back"] = dict(fastpaths.fell_back)
    ti.close()
    monkeypatch.undo()
    return dump


def test_fast_flush_writes_the_postings_whoosh_writes(tmp_path, monkeypatch):
    from datetime import date

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    docs = []
    for i in range(60):
        text = texts[i % len(texts)]
        paragraphs = text.split("\n\n")
        body = "\n\n".join(paragraphs[i % 3 :]) + f"\nword{i} tariffs " * (1 + i % 4)
        docs.append(
            {
                "id": f"doc{i}",
                "path": f"doc{i}.txt",
                "title": f"Title {i} of the trade talks",
                "body": body,
                "captions": [f"FILE PHOTO: caption {i}"] if i % 2 else [],
                "article_date": date(2018, 1 + i % 12, 1 + i % 28),
                "event_days": [date(2018, 8, 22), date(2018, 8, 23)] if i % 5 == 0 else [],
                "entities": {"person": ["Larry Kudlow", f"Person {i}"], "place": ["Beijing"]},
            }
        )
    # Several commits: later ones merge the small segments before them; a replaced and a
    # repeated document exercise deletions.
    batches = [docs[:7], docs[7:20], docs[20:21], docs[21:45], docs[45:] + [docs[3]]]
    stock = _write_batches(tmp_path / "stock", batches, monkeypatch, fast=False)
    fast = _write_batches(tmp_path / "fast", batches, monkeypatch, fast=True)
    # The comparison means something only if each run took the path it stands for.
    assert fast["grouped"] == [True] * len(batches) and fast["flushes"] >= len(batches)
    assert fast["fell_back"] == {}
    assert stock["grouped"] == [False] * len(batches) and stock["flushes"] == 0
    assert stock["fell_back"]["grouped flush"] == len(batches) and stock["fell_back"]["bulk add"] > 0
    assert fast["count"] == stock["count"] == 60
    assert fast["postings"].keys() == stock["postings"].keys()
    assert len(fast["postings"]) > 1000
    for key, value in stock["postings"].items():
        assert fast["postings"][key] == value, key
    assert fast["stored"] == stock["stored"]
    assert len(fast["stored"]) == 60 and {"id", "body", "title", "date"} <= fast["stored"][0].keys()
    assert fast["lengths"] == stock["lengths"]
    assert sum(n or 0 for n in fast["lengths"].values()) > 10_000


@pytest.mark.parametrize("field", ["body", "title", "caption", "person"])
def test_postings_encode_positions_as_the_field_format_does(field):
    from search.engine import build_schema

    fieldobj = build_schema()[field]
    texts = SAMPLES + [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for text in texts:
        positions: dict[str, list[int]] = {}
        for i, term in enumerate(fieldobj.terms(text)):
            positions.setdefault(term, []).append(i)
        boost = fieldobj.format.field_boost
        expected = {
            term.encode("utf-8"): (len(p), len(p) * boost, fieldobj.format.encode(p)) for term, p in positions.items()
        }
        got = {t: (freq, weight, value) for t, freq, weight, value in fieldobj.postings(text)}
        assert got == expected


TRICKY = (
    "United States and the united states, United\n\nStates; states. U.S. e.govern x.y.z "
    "govern.ment Governments' governing's co-operate. Happy happiness; relational relate "
    "ponies hoping hopping sensitivity organization. Ünited Stätes naïve café CAFÉ résumé"
)


@pytest.mark.parametrize("text", [TRICKY] + [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))])
def test_term_spans_find_what_full_analysis_finds(text):
    import random

    from search.engine import term_spans

    every = sorted({term for term, _, _ in news_term_spans(text)})
    rng = random.Random(len(text))
    choices = [{t} for t in every] + [set(rng.sample(every, min(len(every), 5))) for _ in range(30)]
    for terms in choices:
        expected = [(a, b) for term, a, b in news_term_spans(text) if term in terms]
        assert term_spans(text, terms) == expected, terms


@pytest.mark.parametrize("text", SAMPLES + [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))])
def test_word_terms_match_the_analyzer_and_analyse_document_agrees(text):
    from search.engine.analysis import word_analyzer, word_terms
    from search.engine.schema import _schema, analyse_document

    assert word_terms(text) == [t.text for t in word_analyzer()(text)]
    title, _, body = text.partition("\n")
    analysed = analyse_document(title, body, ["A caption"])
    assert analysed["words"] == _schema()["words"].postings("\n".join([title, body, "A caption"]))
    assert analysed["body"] == _schema()["body"].postings(body)


def _term_files(index_dir: Path, batches) -> list[tuple[str, bytes]]:
    """Index the batches of new documents, a commit each; the term and segment files written."""
    from search import engine

    ti = engine.TextIndex(index_dir)
    ti.open_or_create()
    for batch in batches:
        w = ti.writer()
        for doc in batch:
            w.upsert(**doc, new=True)
        w.commit()
    ti.close()
    files = [p for p in index_dir.iterdir() if p.suffix in (".trm", ".pst", ".seg")]
    # Segment names are random: compared by kind of file, then content.
    return sorted((p.suffix, p.read_bytes()) for p in files)


def test_term_files_written_with_kept_positions_are_byte_for_byte_whooshs(tmp_path, monkeypatch):
    # The term files keep their own write position instead of asking the file system; the
    # bytes must be what asking it writes.
    from search.engine import internals

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    docs: list[dict[str, Any]] = [
        {"id": f"d{i}", "path": f"d{i}.txt", "title": f"T{i}", "body": texts[i % 5] * (1 + i % 3)} for i in range(40)
    ]

    def term_files(index_dir: Path) -> list[tuple[str, bytes]]:
        return _term_files(index_dir, (docs[:15], docs[15:]))

    kept = term_files(tmp_path / "kept")
    wrapped: list[str] = []
    original = internals._positioned

    def unwrapped(sf: Any) -> Any:
        wrapped.append(type(original(sf)).__name__)
        return sf

    monkeypatch.setattr(internals, "_positioned", unwrapped)
    asked = term_files(tmp_path / "asked")
    assert wrapped and set(wrapped) == {"_PositionFile"}  # the kept run did take the new path
    assert len(kept) >= 2 and kept == asked


def test_article_date_terms_are_whooshs_and_worked_out_once_per_day():
    import pickle
    from datetime import datetime

    from whoosh.fields import DATETIME

    from search.engine.schema import build_schema

    field = build_schema()["date"]
    for day in (datetime(2018, 9, 13), datetime(2019, 2, 28), datetime(2018, 9, 13)):
        assert list(field.index(day)) == list(DATETIME.index(field, day))
    assert field.index(datetime(2018, 9, 13)) is field.index(datetime(2018, 9, 13))
    # A list of dates is indexed as Whoosh indexes it; the cache never reaches the index's
    # pickled schema.
    both = [datetime(2018, 9, 13), datetime(2019, 2, 28)]
    assert list(field.index(both)) == list(DATETIME.index(field, both))
    assert "_index_terms" not in pickle.loads(pickle.dumps(field)).__dict__


def test_terms_encoded_in_one_pass_are_byte_for_byte_whooshs_per_term_writing(tmp_path, monkeypatch):
    # blocks.write_terms encodes a field's blocks and term infos itself; the term files must
    # be what Whoosh's start_term / finish_term calls write. Enough documents that common
    # words fill several blocks (128 postings each), and fields with and without positions,
    # lengths and values (names, event days).
    from datetime import date

    from search import engine
    from search.engine import fastpaths

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    docs: list[dict[str, Any]] = []
    for i in range(300):
        words = texts[i % 5].split()
        docs.append(
            {
                "id": f"d{i}",
                "path": f"d{i}.txt",
                "title": f"T{i} " + " ".join(words[i % 40 : i % 40 + 8]),
                "body": " ".join(words[(i * 7) % 300 : (i * 7) % 300 + 60 + i % 50]) + (" rare" if i == 17 else ""),
                "captions": [f"caption {i % 3}"] if i % 4 == 0 else [],
                "article_date": date(2018, 1 + i % 12, 1 + i % 28) if i % 9 else None,
                "event_days": [date(2018, 8, 22 + i % 3)] if i % 2 else [],
                "entities": {"person": [f"Person {i % 130}", "Larry Kudlow"], "org": ["Commerce Ministry"]}
                if i % 3
                else None,
            }
        )

    def term_files(index_dir: Path, fast: bool) -> list[tuple[str, bytes]]:
        monkeypatch.setattr(fastpaths, "FAST_TERMS", fast)
        fastpaths.reset()
        files = _term_files(index_dir, (docs[:200], docs[200:]))
        assert fastpaths.taken["grouped flush"] == 2
        assert (fastpaths.fell_back["term writing"] == 0) is fast  # each run took its own path
        return files

    one_pass = term_files(tmp_path / "one-pass", fast=True)
    per_term = term_files(tmp_path / "per-term", fast=False)
    assert len(one_pass) >= 4 and one_pass == per_term
    # Terms of one posting and terms of several blocks were written.
    ti = engine.TextIndex(tmp_path / "one-pass")
    ti.open_or_create()
    counts = [len(postings) for postings, _ in ti.dump()["postings"].values()]
    ti.close()
    assert min(counts) == 1 and max(counts) > 2 * 128


def test_words_field_keeps_presence_only_and_postings_share_their_weights():
    # The words field answers wildcards, which Whoosh scores as a constant: a posting says a
    # document holds the word, with no count or value to write, pool and read back.
    from search.engine.schema import _schema, analyse_document

    text = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))][0]
    title, _, body = text.partition("\n")
    analysed = analyse_document(title, body, [])
    words = analysed["words"]
    assert len(words) > 100 and len({t for t, _, _, _ in words}) == len(words)
    assert {(n, w, v) for _, n, w, v in words} == {(1, 1.0, b"")}
    assert len({id(w) for _, _, w, _ in words}) == 1
    assert not _schema()["words"].scorable
    # Body terms seen the same number of times share one weight object.
    body_postings = analysed["body"]
    by_count: dict[int, set[int]] = {}
    for _, n, w, _ in body_postings:
        by_count.setdefault(n, set()).add(id(w))
        assert w == n * 1.0
    assert len(by_count) > 2 and all(len(ids) == 1 for ids in by_count.values())


def test_wildcards_over_presence_only_words_find_what_was_written(tmp_path):
    from search import engine

    ti = engine.TextIndex(tmp_path / "ix")
    ti.open_or_create()
    w = ti.writer()
    bodies = {"a": "Negotiations resumed. Negotiations, negotiations.", "b": "The negotiator left.", "c": "No talks."}
    for i, (doc_id, body) in enumerate(bodies.items()):
        w.upsert(id=doc_id, path=f"{doc_id}.txt", title=f"Title {i}", body=body, new=True)
    w.commit()
    dump = ti.dump()
    words = {term: postings for (field, term), (postings, _) in dump["postings"].items() if field == "words"}
    assert words["negotiations"] == ((0, 1.0, None),)  # held three times, kept once, no value
    assert {doc for doc, _, _ in words["negotiator"]} == {1}
    ti.close()
