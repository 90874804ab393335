"""The fast indexing path must produce exactly the terms and positions of the query analyzer."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.engine import name_analyzer, name_terms, news_analyzer, news_term_spans, news_terms

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

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
