"""The extractor's tokens: offsets are the text's own characters, found as the token
pattern finds them, with a new sentence after each line break and sentence end."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from search.tokens import _TOKEN, tokenize

# Words, marks and the characters between tokens that no token starts with.
PIECES = st.sampled_from(
    ["Mr", ".", "Smith", "said", "U.S.", "o'clock", "well-known", "3.5", "1,000", "5G", "_", "__", "a_b",
     "Zoë", "naïve", "“", "”", "'", "!", "?", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "-", "--", "'s", "X"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_token_offsets_are_the_patterns_matches(text):
    toks = tokenize(text)
    expected = [m.span() for m in _TOKEN.finditer(text)]
    assert [(t.start, t.end) for t in toks] == expected
    for i, t in enumerate(toks):
        assert text[t.start : t.end] == t.text and t.index == i
        if i:
            before = toks[i - 1]
            # Sentence numbers never go down, and a line break always starts a new one.
            assert t.sentence >= before.sentence
            if "\n" in text[before.end : t.start]:
                assert t.sentence == before.sentence + 1


def test_sentences_end_at_marks_but_not_after_abbreviations():
    toks = tokenize("Mr. Lee spoke. Talks resumed.\nNew line")
    by_word = {t.text: t.sentence for t in toks}
    assert by_word["Mr"] == by_word["Lee"] == by_word["spoke"] == 0
    assert by_word["Talks"] == 1 and by_word["New"] == 2


def test_lower_words_collects_words_written_in_lowercase():
    seen: set[str] = set()
    tokenize("Officials said talks_resumed in Beijing", seen)
    assert "said" in seen and "in" in seen and "Officials" not in seen and "Beijing" not in seen
