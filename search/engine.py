"""The full-text engine seam: the only module that imports Whoosh.

Everything else talks to :class:`TextIndex` in plain values (dicts, strings,
dates), so another engine can replace this module behind the same methods.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

with warnings.catch_warnings():
    # Whoosh 2.7 carries regexes with invalid escapes; not ours to fix.
    warnings.simplefilter("ignore", SyntaxWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    from whoosh import index as whoosh_index
    from whoosh import query as wq
    from whoosh.analysis import (
        Filter,
        LowercaseFilter,
        RegexTokenizer,
        StemFilter,
        StopFilter,
    )
    from whoosh.analysis.filters import STOP_WORDS
    from whoosh.columns import NumericColumn
    from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema
    from whoosh.index import LockError
    from whoosh.lang.porter import stem as porter_stem
    from whoosh.qparser import MultifieldParser
    from whoosh.qparser.common import QueryParserError

from .errors import IndexBusy, QueryError

ENGINE_SCHEMA_VERSION = 6
ENTITY_FIELDS = ("person", "org", "place")
COUNTRY_TOKEN = "unitedstates"
# News needs "us" (the country), "may" (the month) and "will" (the noun, and tense cues).
NEWS_STOP_WORDS = frozenset(STOP_WORDS - {"may", "will", "us", "not"}) | {"us"}
_COUNTRY_FORMS = {"u.s", "u.s.a", "usa"}


class CountryFilter(Filter):
    """Fold US, U.S., USA and "United States" into one term; drop the pronoun "us" when indexing.

    Runs before lowercasing so that the capitalised country can be told from the
    pronoun in article text. In a query every spelling means the country.
    """

    def __call__(self, tokens: Iterator) -> Iterator:
        pending = None
        for t in tokens:
            raw = t.text
            low = raw.lower()
            if pending is not None:
                if low == "states":
                    pending.text = COUNTRY_TOKEN
                    if pending.chars:
                        pending.endchar = t.endchar
                    yield pending
                    pending = None
                    continue
                yield pending
                pending = None
            if low == "united" and raw[:1] == "U":
                pending = t.copy()
                continue
            if low in _COUNTRY_FORMS or (low == "us" and (t.mode == "query" or raw == "US")):
                t.text = COUNTRY_TOKEN
            yield t
        if pending is not None:
            yield pending


_FAST_TOKEN = re.compile(r"\w+(?:\.?\w+)*")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return porter_stem(word)


def news_terms(text: str) -> list[str]:
    """The index-time terms of news_analyzer(), in order, computed without Token objects.

    Indexing spends most of its time in Whoosh's per-token filter chain; this does the
    same folding, stop-word removal and stemming in one pass. A test keeps the two equal.
    """
    return [term for term, _start, _end in news_term_spans(text)]


_NAME_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*")


def name_terms(text: str) -> list[str]:
    """The terms of name_analyzer(): lowercase words, hyphens and apostrophes kept inside."""
    return [t.lower() for t in _NAME_TOKEN.findall(text)]


def news_term_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) for each index-time term of text: the terms news_terms() indexes."""
    stop = NEWS_STOP_WORDS
    pending: tuple[int, int] | None = None
    for m in _FAST_TOKEN.finditer(text):
        raw = m.group()
        low = raw.lower()
        if pending is not None:
            start = pending[0]
            pending_end = pending[1]
            pending = None
            if low == "states":
                yield _stem(COUNTRY_TOKEN), start, m.end()
                continue
            yield _stem("united"), start, pending_end
        if low == "united" and raw[0] == "U":
            pending = (m.start(), m.end())
            continue
        if low in _COUNTRY_FORMS or (low == "us" and raw == "US"):
            yield _stem(COUNTRY_TOKEN), m.start(), m.end()
            continue
        if low in stop:
            continue
        yield _stem(low), m.start(), m.end()
    if pending is not None:
        yield _stem("united"), pending[0], pending[1]


class Analysed(str):
    """Field text whose postings were computed ahead of time, in a worker process."""

    postings: tuple

    def __new__(cls, text: str, postings: tuple) -> Analysed:
        obj = super().__new__(cls, text)
        obj.postings = postings
        return obj

    def __reduce__(self):
        # Stored (pickled) as the plain text; the postings only matter while indexing.
        return (str, (str(self),))


class FastText(TEXT):
    """A TEXT field indexed by a plain term function instead of Whoosh's per-token chain.

    Queries still go through the field's analyzer; tests keep the two in agreement.
    """

    def terms(self, text: str) -> list[str]:
        return news_terms(text)

    def postings(self, text: str) -> tuple:
        """(term bytes, frequency, weight, encoded positions) for each distinct term."""
        positions: dict[str, list[int]] = {}
        for i, term in enumerate(self.terms(text)):
            positions.setdefault(term, []).append(i)
        boost = self.format.field_boost
        encode = self.format.encode
        return tuple((term.encode("utf-8"), len(p), len(p) * boost, encode(p))
                     for term, p in positions.items())

    def index(self, value, **kwargs):
        postings = getattr(value, "postings", None)
        return iter(postings if postings is not None else self.postings(value))


class NewsText(FastText):
    """Article text: news_terms()."""


class NameText(FastText):
    """Entity names: name_terms()."""

    def terms(self, text: str) -> list[str]:
        return name_terms(text)


def news_analyzer(stem: bool = True):
    """Tokenise, fold the country, lowercase, drop stop words, and stem."""
    chain = (
        RegexTokenizer(r"\w+(\.?\w+)*")
        | CountryFilter()
        | LowercaseFilter()
        | StopFilter(stoplist=NEWS_STOP_WORDS, minsize=1)
    )
    return chain | StemFilter() if stem else chain


def name_analyzer():
    """Entity names: lowercase word tokens, no stemming or stop words."""
    return RegexTokenizer(r"\w+(['’\-]\w+)*") | LowercaseFilter()


def build_schema() -> Schema:
    """The index schema; bump ENGINE_SCHEMA_VERSION whenever it changes."""
    news = news_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        title=NewsText(analyzer=news, stored=True, field_boost=2.0),
        body=NewsText(analyzer=news, stored=True),
        caption=NewsText(analyzer=news),
        source=TEXT(analyzer=name_analyzer(), stored=True, phrase=False),
        url=STORED(),
        captions=STORED(),
        # Undated articles sort as the oldest, so "newest first" lists them last.
        date=DATETIME(stored=True, sortable=NumericColumn("Q", default=0)),
        event=DATETIME(),
        person=NameText(analyzer=name_analyzer()),
        org=NameText(analyzer=name_analyzer()),
        place=NameText(analyzer=name_analyzer()),
    )


@lru_cache(maxsize=1)
def _schema() -> Schema:
    return build_schema()


def analyse_document(title: str, body: str, captions: Iterable[str],
                     entities: dict[str, list[str]] | None = None) -> dict[str, tuple]:
    """Postings of an article's text fields, computed where the caller likes (a worker)."""
    schema = _schema()
    texts = {"title": title, "body": body, "caption": "\n".join(captions)}
    for field in ENTITY_FIELDS:
        names = (entities or {}).get(field)
        if names:
            texts[field] = "\n".join(names)
    return {field: schema[field].postings(text) for field, text in texts.items()}


@dataclass(frozen=True)
class RawHit:
    """A hit as the engine sees it: stored fields plus score."""

    fields: dict
    score: float


def _to_datetime(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


def _error_of(q) -> str | None:
    err = getattr(q, "error", None)
    if err:
        return str(err)
    for child in q.children() if hasattr(q, "children") else ():
        msg = _error_of(child)
        if msg:
            return msg
    return None


@dataclass(frozen=True)
class EntityMatch:
    """How an entity query is answered: by the names it goes by, or by its article ids."""

    names: tuple[str, ...] | None = None
    ids: tuple[str, ...] = ()


EntityResolver = Callable[[str, str], "EntityMatch | None"]


class TextIndex:
    """A persistent full-text index of articles in one directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._local = threading.local()
        self._schema = build_schema()
        self._ix = None

    # -- lifecycle -----------------------------------------------------------------

    def exists(self) -> bool:
        return whoosh_index.exists_in(str(self.directory))

    def open_or_create(self) -> None:
        """Open the index, creating it when absent; a corrupt index raises ValueError."""
        self.directory.mkdir(parents=True, exist_ok=True)
        try:
            # exists_in() itself opens the table of contents, so it fails on damaged files too.
            if self.exists():
                self._ix = whoosh_index.open_dir(str(self.directory))
                with self._ix.searcher() as s:
                    s.doc_count()
                return
        except Exception as exc:  # whoosh raises many kinds for damaged files
            self._ix = None
            raise ValueError(f"index is damaged ({type(exc).__name__})") from exc
        self._ix = whoosh_index.create_in(str(self.directory), self._schema)

    def wipe(self) -> None:
        """Remove every index file (keeps the directory)."""
        self.close()
        if self.directory.exists():
            for child in self.directory.iterdir():
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                elif child.name.startswith(("_", "MAIN")) or child.suffix in (".toc", ".seg", ".pst"):
                    child.unlink(missing_ok=True)

    def close(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
            self._local.searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    # -- writing -------------------------------------------------------------------

    def writer(self) -> IndexWriter:
        """A writer for one batch of changes; raises IndexBusy if another holds the lock.

        One writer process: analysis happens in the callers' workers (see Analysed), and a
        single writer leaves one segment per batch, which keeps queries fast.
        """
        assert self._ix is not None
        try:
            w = self._ix.writer(timeout=0.0, limitmb=256)
        except LockError as exc:
            raise IndexBusy("the index is being written by another process") from exc
        return IndexWriter(w, self)

    def _after_commit(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            self._local.searcher = self._reopened(searcher)

    def _reopened(self, searcher):
        """A new searcher in place of an outdated one.

        Not Searcher.refresh(): it reuses the old segment readers by segment id, so
        deletions made since (a replaced article's old version) stay invisible.
        """
        with contextlib.suppress(Exception):
            searcher.close()
        return self._ix.searcher()

    # -- reading -------------------------------------------------------------------

    def searcher(self):
        """The calling thread's searcher, refreshed when the index changed."""
        assert self._ix is not None
        s = getattr(self._local, "searcher", None)
        if s is None:
            s = self._ix.searcher()
        elif not s.up_to_date():
            s = self._reopened(s)
        self._local.searcher = s
        return s

    def doc_count(self) -> int:
        return self.searcher().doc_count()

    def get(self, doc_id: str) -> dict | None:
        fields = self.searcher().document(id=doc_id)
        return _decode_fields(fields) if fields else None

    def all_ids(self) -> list[str]:
        s = self.searcher()
        return [f["id"] for f in s.all_stored_fields()]

    def parse(self, text: str, resolver: EntityResolver | None = None):
        """Parse the query language; entity fields are resolved to article ids when possible."""
        parser = MultifieldParser(["title", "body", "caption"], self._schema)
        stripped = text.strip()
        if not stripped:
            return wq.Every()
        if stripped in {"*", "?"}:
            raise QueryError("a lone wildcard matches everything; add a word to search for")
        try:
            q = parser.parse(stripped)
        except QueryParserError as exc:
            raise QueryError(f"cannot read query: {exc}") from exc
        err = _error_of(q)
        if err:
            raise QueryError(f"cannot read query: {err}")
        if resolver is not None:
            q = self._resolve_entities(q, resolver)
        return q

    def _resolve_entities(self, q, resolver: EntityResolver):
        def rewrite(node):
            field = getattr(node, "fieldname", None)
            if field in ENTITY_FIELDS:
                if isinstance(node, wq.Term):
                    name = str(node.text)
                elif isinstance(node, wq.Phrase):
                    name = " ".join(node.words)
                else:
                    return node
                found = resolver(field, name)
                if found is None:
                    return node
                if found.names is not None:
                    # The names the entity goes by, looked up in the entity field: a handful of
                    # terms however many articles name it.
                    parts = []
                    for n in found.names:
                        words = name_terms(n)
                        if len(words) == 1:
                            parts.append(wq.Term(field, words[0]))
                        elif words:
                            parts.append(wq.Phrase(field, words))
                    return wq.Or(parts) if parts else wq.NullQuery
                if not found.ids:
                    return wq.NullQuery
                return wq.Or([wq.Term("id", i) for i in found.ids])
            if hasattr(node, "apply"):
                return node.apply(rewrite)
            return node

        return rewrite(q)

    def search(
        self,
        text: str,
        *,
        limit: int = 20,
        offset: int = 0,
        sort: str = "score",
        resolver: EntityResolver | None = None,
        restrict_ids: Iterable[str] | None = None,
    ) -> list[RawHit]:
        """One page of hits, best first (or newest first with sort='date')."""
        q = self.parse(text, resolver)
        if restrict_ids is not None:
            q = wq.And([q, wq.Or([wq.Term("id", i) for i in restrict_ids])])
        s = self.searcher()
        kwargs: dict = {"limit": offset + limit}
        if sort == "date":
            kwargs.update(sortedby="date", reverse=True)
        results = s.search(q, **kwargs)
        page = []
        for hit in results[offset : offset + limit]:
            page.append(RawHit(_decode_fields(hit.fields()), float(hit.score or 0.0)))
        return page

    def count(self, text: str, resolver: EntityResolver | None = None) -> int:
        """Exact number of matching articles, counted without scoring."""
        q = self.parse(text, resolver)
        return sum(1 for _ in self.searcher().docs_for_query(q))

    def query_terms(self, text: str, resolver: EntityResolver | None = None) -> set[str]:
        """Analysed body/title terms of a query (wildcards expanded against the index)."""
        q = self.parse(text, resolver)
        s = self.searcher()
        terms: set[str] = set()
        pairs: set = set()
        # Leaf by leaf: Whoosh's existing_terms() on a compound query reuses its fieldname
        # argument as a loop variable, so after the first title term it skips every body term.
        for leaf in q.leaves():
            try:
                pairs |= leaf.existing_terms(s.reader(), expand=True)
            except Exception:
                continue
        for field, value in pairs:
            if field in ("body", "title"):
                terms.add(value.decode("utf-8") if isinstance(value, bytes) else str(value))
        return terms

    def suggest(self, text: str) -> str | None:
        """A corrected query made of real corpus words (never stems), or None."""
        s = self.searcher()
        corrector = s.corrector("body")
        changed = False
        out = []
        for token in text.split():
            bare = token.strip("\"()")
            if ":" in bare or not bare.isalpha() or bare.upper() in ("AND", "OR", "NOT"):
                out.append(token)
                continue
            terms = news_terms(bare)
            if not terms or s.doc_frequency("body", terms[0]) > 0:
                out.append(token)
                continue
            # Stems of one word differ ("negoti", "negotiat"): look a little wider, then pick
            # the written form nearest to what was typed.
            options = corrector.suggest(terms[0], limit=5, maxdist=2)
            term = terms[0]
            options += [term[:k] for k in range(len(term) - 1, 3, -1)
                        if s.doc_frequency("body", term[:k]) > 0][:2]
            forms = [f for f in (self._surface_of(o, bare.lower()) for o in options) if f]
            word = max(forms, key=lambda f: SequenceMatcher(None, bare.lower(), f).ratio(), default=None)
            if word:
                out.append(token.replace(bare, word))
                changed = True
            else:
                out.append(token)
        return " ".join(out) if changed else None

    def _surface_of(self, term: str, typed: str) -> str | None:
        """The written form of an indexed stem nearest to what was typed, read from articles."""
        s = self.searcher()
        counts: dict[str, int] = {}
        for docnum in list(s.docs_for_query(wq.Term("body", term)))[:25]:
            body = s.stored_fields(docnum).get("body", "")
            for found, a, b in news_term_spans(body):
                if found == term:
                    form = body[a:b].lower()
                    counts[form] = counts.get(form, 0) + 1
        if not counts:
            return None
        return max(counts, key=lambda f: (SequenceMatcher(None, typed, f).ratio(), counts[f]))

    def more_like(self, doc_id: str, limit: int = 10) -> list[RawHit]:
        s = self.searcher()
        docnum = s.document_number(id=doc_id)
        if docnum is None:
            return []
        results = s.more_like(docnum, "body", top=limit, numterms=25)
        return [RawHit(_decode_fields(h.fields()), float(h.score or 0.0)) for h in results]

    def term_spans(self, text: str, terms: set[str]) -> list[tuple[int, int]]:
        """Character spans in text whose analysed form is one of terms."""
        if not terms or not text:
            return []
        return [(a, b) for term, a, b in news_term_spans(text) if term in terms]


class IndexWriter:
    """Adds, replaces and deletes article documents; commit() makes them visible atomically."""

    def __init__(self, writer, owner: TextIndex) -> None:
        self._w = writer
        self._owner = owner

    def upsert(
        self,
        *,
        id: str,
        path: str,
        title: str,
        body: str,
        source: str = "",
        url: str = "",
        captions: Iterable[str] = (),
        article_date: date | None = None,
        event_days: Iterable[date] = (),
        entities: dict[str, list[str]] | None = None,
        analysed: dict[str, tuple] | None = None,
    ) -> None:
        captions = list(captions)
        doc = {
            "id": id,
            "path": path,
            "title": title,
            "body": body,
            "source": source,
            "url": url,
            "captions": json.dumps(captions),
            "caption": "\n".join(captions),
        }
        if article_date is not None:
            doc["date"] = _to_datetime(article_date)
        days = sorted({d for d in event_days})
        if days:
            doc["event"] = [_to_datetime(d) for d in days]
        for field in ENTITY_FIELDS:
            names = (entities or {}).get(field)
            if names:
                doc[field] = "\n".join(names)
        for field, postings in (analysed or {}).items():
            if field in doc:
                doc[field] = Analysed(doc[field], postings)
        self._w.update_document(**doc)

    def delete(self, doc_id: str) -> None:
        self._w.delete_by_term("id", doc_id)

    def commit(self) -> None:
        self._w.commit()
        self._owner._after_commit()

    def cancel(self) -> None:
        self._w.cancel()


def _decode_fields(fields: dict) -> dict:
    out = dict(fields)
    value = out.get("date")
    out["date"] = value.date() if isinstance(value, datetime) else None
    try:
        out["captions"] = tuple(json.loads(out.get("captions") or "[]"))
    except (TypeError, ValueError):
        out["captions"] = ()
    return out
