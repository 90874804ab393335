"""The full-text engine seam: the only package that imports Whoosh.

Everything else talks to TextIndex in plain values (dicts, strings, dates), so another
engine could replace this package behind the same methods. The parts: terms and analysis
(text to terms), schema (fields), querying (the query language), index (TextIndex), writer and
flush (writing), topk (scoring), internals (every use of Whoosh's private names) and
fastpaths (switches and counts of the fast paths).
"""

from __future__ import annotations

from . import fastpaths, topk
from .analysis import (
    COUNTRY_TOKEN,
    NEWS_STOP_WORDS,
    CountryFilter,
    name_analyzer,
    name_terms,
    news_analyzer,
    news_term_spans,
    news_terms,
    term_spans,
)
from .index import RawHit, RawPage, TextIndex
from .internals import PINNED_WHOOSH, PostingCodec, WhooshMismatch
from .querying import QUERY_FIELDS, UNREADABLE_QUERY, EntityMatch, EntityResolver, ParsedQuery, check_query_syntax
from .schema import (
    ENTITY_FIELDS,
    Analysed,
    DayField,
    EventDays,
    FastText,
    NameText,
    NewsText,
    WordText,
    analyse_document,
    build_schema,
    query_days,
)
from .writer import POSTING_COMPRESSION, IndexWriter

# Bump whenever the schema or the way documents are indexed changes: older indexes are rebuilt.
ENGINE_SCHEMA_VERSION = 10

__all__ = [
    "COUNTRY_TOKEN", "ENGINE_SCHEMA_VERSION", "ENTITY_FIELDS", "NEWS_STOP_WORDS", "PINNED_WHOOSH",
    "POSTING_COMPRESSION", "QUERY_FIELDS", "UNREADABLE_QUERY", "Analysed", "CountryFilter", "DayField",
    "EntityMatch", "EntityResolver", "EventDays", "FastText", "IndexWriter", "NameText", "NewsText",
    "ParsedQuery", "PostingCodec", "RawHit", "RawPage", "TextIndex", "WhooshMismatch", "WordText", "analyse_document",
    "build_schema", "check_query_syntax", "fastpaths", "name_analyzer", "name_terms", "news_analyzer",
    "news_term_spans", "news_terms", "query_days", "term_spans", "topk",
]  # fmt: skip
