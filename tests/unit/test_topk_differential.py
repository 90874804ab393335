"""Block-at-a-time scoring against Whoosh's exhaustive search, on random corpora and queries.

test_topk.py checks a fixed list of queries over one fixed index; here hypothesis draws
the documents (several segments, replaced documents) and query trees of terms, phrases
(two to four words), field terms, AND, OR, NOT and boosts, and the two scorers must
agree on every match, its score and its rank.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.engine import TextIndex, topk

VOCABULARY = ["alpha", "beta", "gamma", "delta", "talks", "minister"]

words = st.sampled_from(VOCABULARY)
documents = st.lists(st.lists(words, min_size=1, max_size=25), min_size=2, max_size=40)


def _leaf():
    term = words
    phrase = st.lists(words, min_size=2, max_size=4).map(lambda ws: '"' + " ".join(ws) + '"')
    field = st.tuples(st.sampled_from(["title", "body"]), words).map(lambda p: f"{p[0]}:{p[1]}")
    boosted = st.tuples(words, st.sampled_from([2, 3])).map(lambda p: f"{p[0]}^{p[1]}")
    return st.one_of(term, phrase, field, boosted)


def _tree(children):
    pair = st.tuples(children, st.sampled_from(["AND", "OR", "AND NOT"]), children)
    return st.one_of(
        pair.map(lambda p: f"({p[0]} {p[1]} {p[2]})"),
        st.lists(children, min_size=2, max_size=3).map(lambda cs: " ".join(cs)),
    )


queries = st.recursive(_leaf(), _tree, max_leaves=6)


def _build(directory: Path, bodies: list[list[str]]) -> TextIndex:
    ti = TextIndex(directory)
    ti.open_or_create()
    half = len(bodies) // 2
    # Two segments, and a replaced document leaves a deletion behind in the first.
    for n, batch in enumerate((bodies[:half], bodies[half:])):
        w = ti.writer()
        for i, body in enumerate(batch, start=n * half):
            w.upsert(id=f"d{i}", path=f"d{i}.txt", title=" ".join(body[:2]), body=" ".join(body), new=True)
        if n == 1:
            w.upsert(id="d0", path="d0.txt", title="alpha", body=" ".join(bodies[0][::-1]), new=False)
        w.commit()
    return ti


def _whoosh_ranking(s, q) -> list[tuple[int, float]]:
    import whoosh.collectors  # only the engine package may; a test may look

    c = whoosh.collectors.TopCollector(limit=10**6, usequality=False)
    s.search_with_collector(q, c)
    return sorted(((h.docnum, h.score) for h in c.results()), key=lambda p: (-p[1], p[0]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies=documents, query_list=st.lists(queries, min_size=1, max_size=5))
def test_block_scoring_agrees_with_whoosh_on_random_corpora(bodies, query_list):
    with tempfile.TemporaryDirectory() as tmp:
        ti = _build(Path(tmp) / "index", bodies)
        try:
            s = ti.searcher()
            for text in query_list:
                q = ti.parse(text)
                expected = _whoosh_ranking(s, q)
                got, total = topk.top_documents(s, q, 10**6)
                assert total == len(expected), text
                assert [d for d, _ in got] == [d for d, _ in expected], text
                assert [round(x, 9) for _, x in got] == [round(x, 9) for _, x in expected], text
                assert topk.count(s, q) == total
        finally:
            ti.close()


def test_the_whoosh_check_names_the_version_and_what_is_missing():
    import pytest

    from search.engine import internals

    with pytest.raises(internals.WhooshMismatch, match=r"needs whoosh-reloaded 2\.7\.5, but 2\.7\.9 is installed"):
        internals.check_whoosh("2.7.9")
    internals.check_whoosh()  # the installed one passes
    saved = internals._METHODS
    try:
        internals._METHODS = (*saved, (internals.whoosh3.W3LeafMatcher, "_gone_in_a_new_release"))
        with pytest.raises(internals.WhooshMismatch, match="W3LeafMatcher._gone_in_a_new_release"):
            internals.check_whoosh()
    finally:
        internals._METHODS = saved


def test_fallbacks_are_counted(tmp_path, monkeypatch):
    from search.engine import fastpaths

    ti = _build(tmp_path / "index", [["alpha", "beta"], ["beta", "gamma"], ["alpha"]])
    try:
        fastpaths.reset()
        assert ti.page("alpha", limit=5).total == 2 and fastpaths.fell_back == {}
        monkeypatch.setattr(fastpaths, "BLOCK_SCORING", False)
        page = ti.page("alpha", limit=5, with_total=True)
        assert page.total == 2 and len(page.hits) == 2  # the same answer, from Whoosh
        assert fastpaths.fell_back == {"block scoring": 1, "block counting": 1}  # the page, then its total
        assert ti.count("alpha") == 2 and fastpaths.fell_back["block counting"] == 2
    finally:
        ti.close()


def test_indexes_name_their_codec_and_fields_by_the_facade(tmp_path):
    ti = _build(tmp_path / "index", [["alpha"], ["beta"]])
    ti.close()
    toc = b"".join(p.read_bytes() for p in (tmp_path / "index").glob("*.toc"))
    assert b"PostingCodec" in toc and b"DayField" in toc
    assert b"search.engine.internals" not in toc and b"search.engine.schema" not in toc
    reopened = TextIndex(tmp_path / "index")
    reopened.open_or_create()
    assert reopened.count("alpha") == 1
    reopened.close()
