"""Text to terms for queries: the Whoosh analyzer chains of the news, word and name fields.

The plain term functions that indexing and highlighting use live in terms (compiled by
the build) and are re-exported here; tests keep the two paths equal.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator

with warnings.catch_warnings():
    warnings.simplefilter("ignore", SyntaxWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

from .terms import (
    COUNTRY_TOKEN,
    NEWS_STOP_WORDS,
    _is_country,
    _is_united,
    name_terms,
    news_term_spans,
    news_terms,
    news_terms_of,
    position_postings,
    presence_postings,
    term_spans,
    text_words,
    word_terms,
)

__all__ = [
    "COUNTRY_TOKEN", "NEWS_STOP_WORDS", "CountryFilter", "presence_postings", "name_analyzer", "name_terms",
    "news_analyzer", "news_term_spans", "news_terms", "news_terms_of", "position_postings", "term_spans",
    "text_words", "word_analyzer", "word_terms",
]  # fmt: skip


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
