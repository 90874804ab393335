"""Text to index terms: the news and name analyzers, and the fast paths that match them.

Indexing and highlighting cut terms with plain functions (news_terms, news_term_spans,
term_spans); queries go through Whoosh's analyzer chain. Both fold the country the
same way ("US", "U.S.", "USA" and "United States" are one term), by the rules in
_is_country and _fold; tests keep the two paths equal.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Sequence
from functools import lru_cache

with warnings.catch_warnings():
    warnings.simplefilter("ignore", SyntaxWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
    from whoosh.analysis.filters import STOP_WORDS
    from whoosh.lang.porter import stem as porter_stem

COUNTRY_TOKEN = "unitedstates"
# News needs "us" (the country), "may" (the month) and "will" (the noun, and tense cues).
NEWS_STOP_WORDS = frozenset(STOP_WORDS - {"may", "will", "us", "not"}) | {"us"}
_COUNTRY_FORMS = frozenset({"u.s", "u.s.a", "usa"})
_FAST_TOKEN = re.compile(r"\w+(?:\.?\w+)*")
_NAME_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*")
# Distinct words whose terms are remembered between articles before the table restarts.
_WORD_CACHE_SIZE = 500_000


def _is_country(raw: str, query: bool = False) -> bool:
    """Whether one word is the country: U.S., USA, or US in capitals (any "us" in a query)."""
    low = raw.lower()
    return low in _COUNTRY_FORMS or (low == "us" and (query or raw == "US"))


def _is_united(raw: str) -> bool:
    """A capitalised "United", which joins a following "States" into the country."""
    return raw[:1] == "U" and raw.lower() == "united"


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return porter_stem(word)


_COUNTRY_TERM = _stem(COUNTRY_TOKEN)
_UNITED_TERM = _stem("united")
_WORD_TERMS: dict[str, str | None] = {}


def _word_term(raw: str) -> str | None:
    """The term of one word outside "United States" (None for a stop word)."""
    if _is_country(raw):
        return _COUNTRY_TERM
    low = raw.lower()
    if low in NEWS_STOP_WORDS:
        return None
    return _stem(low)


def _fold(words: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    """(first word, last word, term) for each index-time term of a run of words.

    The one place "United States" becomes one term across two words; every other
    word is looked up once per distinct spelling.
    """
    cache = _WORD_TERMS
    if len(cache) > _WORD_CACHE_SIZE:
        cache.clear()
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
        try:
            term = cache[raw]
        except KeyError:
            term = cache[raw] = _word_term(raw)
        if term is not None:
            yield i, i, term
        i += 1


def news_terms(text: str) -> list[str]:
    """The index-time terms of news_analyzer(), in order, computed without Token objects.

    Indexing spends most of its time in Whoosh's per-token filter chain; this does the
    same folding, stop-word removal and stemming in one pass.
    """
    return news_terms_of(_FAST_TOKEN.findall(text))


def text_words(text: str) -> list[str]:
    """The words news_terms() and word_terms() read, as written."""
    return _FAST_TOKEN.findall(text)


def news_terms_of(words: Sequence[str]) -> list[str]:
    """news_terms() of words already cut (text_words), so one cut serves both fields.

    What _fold() yields, as a plain loop: this runs over every word indexed.
    """
    cache = _WORD_TERMS
    if len(cache) > _WORD_CACHE_SIZE:
        cache.clear()
    out: list[str] = []
    append = out.append
    united = False  # the word before was a capitalised "United"
    for raw in words:
        if united:
            united = False
            if raw.lower() == "states":
                append(_COUNTRY_TERM)
                continue
            append(_UNITED_TERM)
        if raw[0] == "U" and _is_united(raw):
            united = True
            continue
        try:
            term = cache[raw]
        except KeyError:
            term = cache[raw] = _word_term(raw)
        if term is not None:
            append(term)
    if united:
        append(_UNITED_TERM)
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
def _candidate_words(terms: frozenset[str]) -> re.Pattern:
    prefixes = sorted({t[: max(1, len(t) - 2)] for t in terms}, key=len, reverse=True)
    # A whole token (as _FAST_TOKEN cuts them) that starts with one of the prefixes.
    alternatives = "|".join(map(re.escape, prefixes))
    return re.compile(rf"(?<![\w.])(?<!\w\.)(?:{alternatives})\w*(?:\.?\w+)*", re.IGNORECASE)


def _after_united(text: str, start: int) -> bool:
    """Whether the token before start is a capitalised "United" (which joins the next word)."""
    before = _FAST_TOKEN.findall(text[max(0, start - 200) : start])
    return bool(before) and _is_united(before[-1])


class CountryFilter(Filter):
    """Fold US, U.S., USA and "United States" into one term; drop the pronoun "us" when indexing.

    Runs before lowercasing so that the capitalised country can be told from the
    pronoun in article text. In a query every spelling means the country.
    """

    def __call__(self, tokens: Iterator) -> Iterator:
        pending = None
        for t in tokens:
            raw = t.text
            if pending is not None:
                if raw.lower() == "states":
                    pending.text = COUNTRY_TOKEN
                    if pending.chars:
                        pending.endchar = t.endchar
                    yield pending
                    pending = None
                    continue
                yield pending
                pending = None
            if _is_united(raw):
                pending = t.copy()
                continue
            if _is_country(raw, query=t.mode == "query"):
                t.text = COUNTRY_TOKEN
            yield t
        if pending is not None:
            yield pending


def news_analyzer(stem: bool = True):
    """Tokenise, fold the country, lowercase, drop stop words, and stem."""
    chain = (
        RegexTokenizer(r"\w+(\.?\w+)*")
        | CountryFilter()
        | LowercaseFilter()
        | StopFilter(stoplist=NEWS_STOP_WORDS, minsize=1)
    )
    return chain | StemFilter() if stem else chain


def word_analyzer():
    """The words as written, lowercased: word_terms()."""
    return RegexTokenizer(r"\w+(\.?\w+)*") | LowercaseFilter()


def name_analyzer():
    """Entity names: lowercase words, no stemming or stop words."""
    return RegexTokenizer(r"\w+(['’\-]\w+)*") | LowercaseFilter()
