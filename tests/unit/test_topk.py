"""Block-at-a-time scoring must rank, score and count exactly as Whoosh does."""

from __future__ import annotations

import random
from datetime import date

import pytest

from search.engine import TextIndex, topk

WORDS = ["alpha", "beta", "gamma", "delta", "tariffs", "talks", "minister", "prime"]


def _doc(i: int, rng: random.Random) -> dict:
    # Varied term frequencies and lengths, so that scores differ and ties still occur.
    words = [rng.choice(WORDS) for _ in range(rng.randint(3, 40))]
    if i % 3 == 0:
        words += ["prime", "minister"]
    undated = i % 11 == 0
    return {
        "id": f"doc{i}",
        "path": f"doc{i}.txt",
        "title": " ".join(rng.sample(WORDS, 2)),
        "body": " ".join(words) + ".",
        "captions": ["alpha photo"] if i % 7 == 0 else [],
        "article_date": None if undated else date(2017 + i % 3, 1 + i % 12, 1 + i % 28),
        "event_days": [date(2018, 8, 22)] if i % 5 == 0 else [],
        "entities": {"person": ["Larry Kudlow"] if i % 4 == 0 else [], "place": [], "org": []},
    }


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    rng = random.Random(7)
    docs = [_doc(i, rng) for i in range(420)]
    ti = TextIndex(tmp_path_factory.mktemp("topk") / "index")
    ti.open_or_create()
    # Several segments, and replaced documents leave deletions behind in older ones.
    batches: tuple[tuple[list[dict], list[int]], ...] = (
        (docs[:160], []),
        (docs[160:330], [5, 17]),
        (docs[330:], [40, 200, 333]),
    )
    for batch, replaced in batches:
        w = ti.writer()
        for doc in batch:
            w.upsert(**doc, new=True)
        for i in replaced:
            w.upsert(**dict(_doc(i, rng), id=f"doc{i}"), new=False)
        w.commit()
    yield ti
    ti.close()


def test_the_fixture_covers_every_reading_path(index):
    s = index.searcher()
    readers = [sub.reader() for sub, _ in s.leaf_searchers()]
    assert len(readers) >= 2
    assert any(r.has_deletions() for r in readers)
    # Posting lists longer than one 128-posting block, and one-posting (inlined) terms.
    assert max(r.doc_frequency("body", "alpha") for r in readers) > 128
    assert s.doc_frequency("body", "photo") == 0 and s.doc_frequency("caption", "photo") > 0


def _whoosh_ranking(s, q) -> list[tuple[int, float]]:
    """Every match with Whoosh's own score, in Whoosh's order (score, then docnum)."""
    import whoosh.collectors  # only the engine package may; a test may look

    c = whoosh.collectors.TopCollector(limit=10**6, usequality=False)
    s.search_with_collector(q, c)
    return sorted(((h.docnum, h.score) for h in c.results()), key=lambda p: (-p[1], p[0]))


QUERIES = [
    "alpha",
    "alpha beta",
    "alpha OR gamma",
    "tariffs OR talks OR delta",
    '"prime minister"',
    'title:"alpha beta"',
    "title:alpha",
    "caption:photo",
    "alpha NOT beta",
    "alph*",
    "alpha^2 OR beta",
    "(alpha OR beta) AND gamma",
    "date:[2018-01-01 to 2018-06-30]",
    "date:{2018-01-01 to 2018-06-30}",
    "date:[to 2018-03-01]",
    "date:[2019-01-01 to]",
    "alpha date:2018",
    "event:2018-08",
    "person:kudlow",
    "person:kudlow OR gamma",
    "zzzz",
    "alpha AND zzzz",
    '"minister prime"',
    # Phrases of three words and more: their terms' scores are summed as a balanced tree.
    '"alpha beta gamma"',
    '"prime minister alpha"',
    '"alpha alpha alpha"',
    '"tariffs talks minister prime"',
    '"beta gamma delta alpha beta"',
    '"alpha beta gamma" OR delta',
    '"alpha beta gamma" AND tariffs',
    # With slop, Whoosh's own matcher scores the phrase.
    '"alpha gamma"~2',
    '"prime alpha minister"~3',
]
THREE_WORD_PHRASES = ['"alpha beta gamma"', '"prime minister alpha"', '"alpha alpha alpha"']


@pytest.mark.parametrize("query", QUERIES)
def test_block_scoring_matches_whoosh(index, query):
    s = index.searcher()
    q = index.parse(query)
    expected = _whoosh_ranking(s, q)
    got, total = topk.top_documents(s, q, 25)
    assert total == len(expected) == sum(1 for _ in s.docs_for_query(q))
    assert [d for d, _ in got] == [d for d, _ in expected[:25]]
    assert [round(x, 9) for _, x in got] == [round(x, 9) for _, x in expected[:25]]
    assert topk.count(s, q) == total


@pytest.mark.parametrize("query", THREE_WORD_PHRASES)
def test_long_phrases_are_scored_by_blocks_and_found(index, query):
    from search.engine import fastpaths

    fastpaths.reset()
    s = index.searcher()
    ranked, total = topk.top_documents(s, index.parse(query), 10)
    assert total > 0 and ranked  # the comparison above is not over empty results
    assert fastpaths.taken["whoosh matcher"] == 0  # no node left to Whoosh


def test_whole_lists_match_too(index):
    # Beyond the first page: every match of a broad query, in order.
    s = index.searcher()
    q = index.parse("alpha OR beta OR gamma")
    expected = _whoosh_ranking(s, q)
    got, total = topk.top_documents(s, q, 10_000)
    assert total == len(expected) > 300
    assert [d for d, _ in got] == [d for d, _ in expected]


def test_pages_and_their_total(index):
    first = index.page("alpha", limit=10)
    second = index.page("alpha", limit=10, offset=10)
    ranked, total = topk.top_documents(index.searcher(), index.parse("alpha"), 20)
    assert first.total == second.total == total == index.count("alpha")
    ids = [h.fields["id"] for h in first.hits + second.hits]
    assert ids == [index.searcher().stored_fields(d)["id"] for d, _ in ranked]
    assert len(set(ids)) == 20
    by_date = index.page("alpha", limit=10, sort="date")
    assert by_date.total == -1  # Whoosh sorts by date; the total is counted separately
    days = [h.fields["date"] for h in by_date.hits]
    assert days == sorted(days, reverse=True)


def test_query_terms_come_with_the_page(index):
    page = index.page("alph* OR title:gamma", limit=5, with_terms=True)
    assert page.terms == {"alpha", "gamma"}
    assert index.page("alpha", limit=5).terms == set()
