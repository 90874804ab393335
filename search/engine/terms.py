"""Text to index terms as plain functions, and the postings of a field's terms.

Indexing and highlighting cut terms here (news_terms, news_term_spans, term_spans);
queries go through the Whoosh analyzer chains in analysis, which fold the country the
same way ("US", "U.S.", "USA" and "United States" are one term) by the rules in
_is_country and _fold; tests keep the two paths equal. This module runs over every
word indexed, so the build compiles it with mypyc (see pyproject.toml); it imports only
Whoosh's stemmer, stop list and integer packing.
"""

from __future__ import annotations

import pickle
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, Final

with warnings.catch_warnings():
    warnings.simplefilter("ignore", SyntaxWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    from whoosh.analysis.filters import STOP_WORDS
    from whoosh.lang.porter import stem as porter_stem
    from whoosh.system import pack_uint

COUNTRY_TOKEN: Final = "unitedstates"
# News needs "us" (the country), "may" (the month) and "will" (the noun, and tense cues).
NEWS_STOP_WORDS: Final[frozenset[str]] = frozenset(STOP_WORDS - {"may", "will", "us", "not"}) | {"us"}
_COUNTRY_FORMS: Final = frozenset({"u.s", "u.s.a", "usa"})
_FAST_TOKEN: Final = re.compile(r"\w+(?:\.?\w+)*")
_NAME_TOKEN: Final = re.compile(r"\w+(?:['’\-]\w+)*")
# Distinct words whose terms are remembered between articles before the table restarts.
_WORD_CACHE_SIZE: Final = 500_000
# The encoded positions of a term found once, kept by position for the first few thousand.
_ONE_POSITION_KEPT: Final = 5000


def _is_country(raw: str, query: bool = False) -> bool:
    """Whether one word is the country: U.S., USA, or US in capitals (any "us" in a query)."""
    low = raw.lower()
    return low in _COUNTRY_FORMS or (low == "us" and (query or raw == "US"))


def _is_united(raw: str) -> bool:
    """A capitalised "United", which joins a following "States" into the country."""
    return raw[:1] == "U" and raw.lower() == "united"


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return str(porter_stem(word))


_COUNTRY_TERM: Final = _stem(COUNTRY_TOKEN)
_UNITED_TERM: Final = _stem("united")
_WORD_TERMS: Final[dict[str, str | None]] = {}
_ONE_POSITION: Final[dict[int, bytes]] = {}


def _word_term(raw: str) -> str | None:
    """The term of one word outside "United States" (None for a stop word)."""
    if _is_country(raw):
        return _COUNTRY_TERM
    low = raw.lower()
    if low in NEWS_STOP_WORDS:
        return None
    return _stem(low)


def _cached_term(raw: str) -> str | None:
    """_word_term(), remembered per spelling between articles."""
    cache = _WORD_TERMS
    if raw in cache:
        return cache[raw]
    if len(cache) > _WORD_CACHE_SIZE:
        cache.clear()
    term = cache[raw] = _word_term(raw)
    return term


def _fold(words: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    """(first word, last word, term) for each index-time term of a run of words.

    The one place "United States" becomes one term across two words; every other
    word is looked up once per distinct spelling.
    """
    i, n = 0, len(words)
    while i < n:
        raw = words[i]
        if raw[0] == "U" and _is_united(raw):
            if i + 1 < n and words[i + 1].lower() == "states":
                yield i, i + 1, _COUNTRY_TERM
                i += 2
            else:
                yield i, i, _UNITED_TERM
                i += 1
            continue
        term = _cached_term(raw)
        if term is not None:
            yield i, i, term
        i += 1


def text_words(text: str) -> list[str]:
    """The words news_terms() and word_terms() read, as written."""
    return _FAST_TOKEN.findall(text)


def news_terms(text: str) -> list[str]:
    """The index-time terms of news_analyzer(), in order, computed without Token objects.

    Indexing spends most of its time in Whoosh's per-token filter chain; this does the
    same folding, stop-word removal and stemming in one pass.
    """
    return news_terms_of(_FAST_TOKEN.findall(text))


def news_terms_of(words: list[str]) -> list[str]:
    """news_terms() of words already cut (text_words), so one cut serves both fields.

    What _fold() yields, as a plain loop: this runs over every word indexed.
    """
    out: list[str] = []
    united = False  # the word before was a capitalised "United"
    for raw in words:
        if united:
            united = False
            if raw.lower() == "states":
                out.append(_COUNTRY_TERM)
                continue
            out.append(_UNITED_TERM)
        if raw[0] == "U" and _is_united(raw):
            united = True
            continue
        term = _cached_term(raw)
        if term is not None:
            out.append(term)
    if united:
        out.append(_UNITED_TERM)
    return out


def news_term_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) for each index-time term of text: the terms news_terms() indexes."""
    matches = list(_FAST_TOKEN.finditer(text))
    for first, last, term in _fold([m.group() for m in matches]):
        yield term, matches[first].start(), matches[last].end()


def word_terms(text: str) -> list[str]:
    """The words as written (lowercased, nothing dropped or stemmed): what wildcards run over."""
    return [w.lower() for w in _FAST_TOKEN.findall(text)]


def name_terms(text: str) -> list[str]:
    """The terms of name_analyzer(): lowercase words, hyphens and apostrophes kept inside."""
    return [t.lower() for t in _NAME_TOKEN.findall(text)]


def term_spans(text: str, terms: set[str] | frozenset[str]) -> list[tuple[int, int]]:
    """Spans of text whose index-time term is one of terms (news_term_spans, filtered).

    Snippets and highlights ask this of whole articles, twenty at a time. Rather than
    analyse every word, a regex finds the words that could stem to one of the terms (a
    stem and its word share all but the stem's last two letters at most), and only those
    are analysed. "United States" folds two words into one term, so queries for those
    terms take the full pass.
    """
    if not terms or not text:
        return []
    if _COUNTRY_TERM in terms or _UNITED_TERM in terms:
        return [(a, b) for term, a, b in news_term_spans(text) if term in terms]
    out = []
    for m in _candidate_words(frozenset(terms)).finditer(text):
        raw = m.group()
        term = _word_term(raw)
        if term is None or term not in terms:
            continue
        if raw.lower() == "states" and _after_united(text, m.start()):
            continue  # the second half of "United States"
        out.append((m.start(), m.end()))
    return out


@lru_cache(maxsize=256)
def _candidate_words(terms: frozenset[str]) -> re.Pattern[str]:
    prefixes = sorted({t[: max(1, len(t) - 2)] for t in terms}, key=len, reverse=True)
    # A whole token (as _FAST_TOKEN cuts them) that starts with one of the prefixes.
    alternatives = "|".join(map(re.escape, prefixes))
    return re.compile(rf"(?<![\w.])(?<!\w\.)(?:{alternatives})\w*(?:\.?\w+)*", re.IGNORECASE)


def _after_united(text: str, start: int) -> bool:
    """Whether the token before start is a capitalised "United" (which joins the next word)."""
    before = _FAST_TOKEN.findall(text[max(0, start - 200) : start])
    return bool(before) and _is_united(before[-1])


def position_postings(terms: Iterable[str], boost: Any) -> tuple:
    """(term bytes, frequency, weight, encoded positions) per distinct term, in Whoosh's
    Positions format: the count, then the pickled gaps between positions.

    boost is an object, not a float: compiled code would box a new number for every
    posting. The weights of terms seen the same number of times are one object, which
    marshal and the writer's pool then hold once.
    """
    positions: dict[str, list[int]] = {}
    for i, term in enumerate(terms):
        p = positions.get(term)
        if p is None:
            positions[term] = [i]
        else:
            p.append(i)
    once = _ONE_POSITION
    weights: dict[int, Any] = {1: boost}
    out: list[tuple[bytes, int, Any, bytes]] = []
    for term, p in positions.items():
        n = len(p)
        if n == 1:
            # Most terms occur once in an article: their encoding is looked up, not pickled.
            first = p[0]
            value = once.get(first)
            if value is None:
                value = pack_uint(1) + pickle.dumps(p, 2)
                if first < _ONE_POSITION_KEPT:
                    once[first] = value
            out.append((term.encode("utf-8"), 1, boost, value))
            continue
        deltas = [p[0]]
        for k in range(1, n):
            deltas.append(p[k] - p[k - 1])
        weight = weights.get(n)
        if weight is None:
            weight = weights[n] = n * boost
        out.append((term.encode("utf-8"), n, weight, pack_uint(n) + pickle.dumps(deltas, 2)))
    return tuple(out)


def presence_postings(terms: Iterable[str], boost: Any) -> tuple:
    """(term bytes, 1, weight, no value) per distinct term, in Whoosh's Existence format:
    that the document holds the term, nothing more. Every posting shares one weight
    object and the empty value.
    """
    return tuple((term.encode("utf-8"), 1, boost, b"") for term in dict.fromkeys(terms))


def pool_postings(terms: dict[bytes, list], postings: tuple[tuple, ...], docnum: object) -> int:
    """Add one document's postings of a field to the writer's pool; the sum of their
    frequencies (the field's length in the document).

    terms maps a term to its flat list of postings, three slots each: document, weight,
    encoded value (see flush.TermPool). docnum is an object, not an int, so that compiled
    code appends the one number object rather than a new one per posting.
    """
    length = 0
    for posting in postings:
        term = posting[0]
        bucket = terms.get(term)
        if bucket is None:
            terms[term] = [docnum, posting[2], posting[3]]
        else:
            bucket.append(docnum)
            bucket.append(posting[2])
            bucket.append(posting[3])
        length += posting[1]
    return length
