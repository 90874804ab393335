"""TextIndex: one index folder, its searchers, and the questions asked of it."""

from __future__ import annotations

import contextlib
import json
import shutil
import threading
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

with warnings.catch_warnings():
    warnings.simplefilter("ignore", SyntaxWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    from whoosh import index as whoosh_index

from . import fastpaths, querying, topk
from .analysis import term_spans
from .querying import EntityResolver, ParsedQuery
from .schema import build_schema
from .writer import IndexWriter, open_writer

# How many queries' grouped matches are kept (each a list of every match).
_GROUPED_KEPT = 4


class TextIndex:
    """A persistent full-text index of articles in one directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._local = threading.local()
        self._schema = build_schema()
        self._ix: whoosh_index.Index | None = None
        # page(groups=...)'s ranked matches of the latest queries, for their next pages.
        self._groups_cache: dict[tuple, tuple[Mapping[str, str], tuple[list[tuple[int, float]], int]]] = {}
        self._groups_lock = threading.Lock()

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
        with self._groups_lock:
            self._groups_cache.clear()
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
        return IndexWriter(open_writer(self._ix), self._after_commit)

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
        with self._groups_lock:
            self._groups_cache.clear()
        assert self._ix is not None  # only called while the index is open
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

    def dump(self) -> dict:
        """Everything the index holds, for checking how it was written (reads it all).

        "postings": {(field, term): (((docnum, weight, value bytes), ...), (doc freq,
        weight, min length, max length, max weight))}; "stored": each document's stored
        fields; "lengths": {(docnum, field): length}.
        """
        out = {}
        reader = self.searcher().reader()
        stored = [dict(fields) for fields in reader.all_stored_fields()]
        lengths = {
            (doc, field): reader.doc_field_length(doc, field)
            for doc in reader.all_doc_ids()
            for field in self._schema.scorable_names()
        }
        for field, btext in reader.all_terms():
            if field not in self._schema or not self._schema[field].indexed:
                continue
            info = reader.term_info(field, btext)
            m = reader.postings(field, btext)
            postings = []
            while m.is_active():
                postings.append((m.id(), m.weight(), m.value()))
                m.next()
            stats = (info.doc_frequency(), info.weight(), info.min_length(), info.max_length(), info.max_weight())
            out[(field, btext.decode("utf-8", "replace"))] = (tuple(postings), stats)
        return {"postings": out, "stored": stored, "lengths": lengths}

    def get(self, doc_id: str) -> dict | None:
        fields = self.searcher().document(id=doc_id)
        return _decode_fields(fields) if fields else None

    def parse(self, text: str, resolver: EntityResolver | None = None):
        """Parse the query language; entity fields are resolved to article ids when possible."""
        return querying.parse(self._schema, text, resolver)

    def parse_query(self, text: str, resolver: EntityResolver | None = None) -> ParsedQuery:
        """The query read once, for page(), count() and query_terms(); QueryError if unreadable."""
        return ParsedQuery(text, self.parse(text, resolver))

    def _parsed(self, text: str | ParsedQuery, resolver: EntityResolver | None):
        return text.query if isinstance(text, ParsedQuery) else self.parse(text, resolver)

    def page(
        self,
        text: str | ParsedQuery,
        *,
        limit: int = 20,
        offset: int = 0,
        sort: str = "score",
        resolver: EntityResolver | None = None,
        with_terms: bool = False,
        with_total: bool = False,
        groups: Mapping[str, str] | None = None,
    ) -> RawPage:
        """One page of hits (best first, or newest first with sort='date'), the total, and
        the query's text terms (with_terms, when there are hits).

        Ranked by score, the page and the exact total come from one pass (topk); sorted by
        date, Whoosh sorts and the total is counted only when with_total asks (else -1).
        With groups (document id -> group id), each group's matches come side by side where
        its best-ranked match stands, and the page says how many groups match (topk's
        grouped_documents; -1 where that pass cannot read the index).
        """
        q = self._parsed(text, resolver)
        s = self.searcher()
        if groups is not None:
            grouped = self._grouped(s, q, sort, groups)
            if grouped is not None:
                ranked, group_count = grouped
                hits = [
                    RawHit(_decode_fields(s.stored_fields(doc)), score)
                    for doc, score in ranked[offset : offset + limit]
                ]
                terms = self._terms_of(q) if with_terms and hits else set()
                return RawPage(hits, len(ranked), terms, group_count)
        total = -1
        if sort == "score":
            try:
                ranked, total = topk.top_documents(s, q, offset + limit)
            except topk.Unsupported as exc:
                fastpaths.fall_back("block scoring", str(exc))
                ranked = [(hit.docnum, float(hit.score or 0.0)) for hit in s.search(q, limit=offset + limit)]
                total = -1
            hits = [
                RawHit(_decode_fields(s.stored_fields(doc)), score) for doc, score in ranked[offset : offset + limit]
            ]
        else:
            results = s.search(q, limit=offset + limit, sortedby="date", reverse=True)
            # Whoosh's hit.score is then the sort key (the date as a number), not a relevance:
            # newest-first hits are not ranked, and say so with a score of 0.
            hits = [RawHit(_decode_fields(hit.fields()), 0.0) for hit in results[offset : offset + limit]]
        if with_total and total < 0:
            total = self._count(q)
        terms = self._terms_of(q) if with_terms and hits else set()
        return RawPage(hits, total, terms)

    def _grouped(self, s, q, sort: str, groups: Mapping[str, str]) -> tuple[list[tuple[int, float]], int] | None:
        """Every match in groups and the number of groups, kept for the next pages of the
        same query (None where the grouped pass cannot read the index)."""
        key: tuple | None = (s, q, sort, id(groups))
        try:
            hash(key)
        except TypeError:  # a query Whoosh cannot hash: not kept
            key = None
        cache = self._groups_cache
        if key is not None:
            with self._groups_lock:
                found = cache.get(key)
            if found is not None and found[0] is groups:
                return found[1]
        try:
            result = topk.grouped_documents(s, q, groups, by_date=sort == "date")
        except topk.Unsupported as exc:
            fastpaths.fall_back("grouped ranking", str(exc))
            return None
        if key is not None:
            with self._groups_lock:
                while len(cache) >= _GROUPED_KEPT:
                    cache.pop(next(iter(cache)))
                cache[key] = (groups, result)
        return result

    def count(self, text: str | ParsedQuery, resolver: EntityResolver | None = None) -> int:
        """Exact number of matching articles."""
        return self._count(self._parsed(text, resolver))

    def _count(self, q) -> int:
        s = self.searcher()
        try:
            return topk.count(s, q)
        except topk.Unsupported as exc:
            fastpaths.fall_back("block counting", str(exc))
            return sum(1 for _ in s.docs_for_query(q))

    def query_terms(self, text: str | ParsedQuery, resolver: EntityResolver | None = None) -> set[str]:
        """Analysed body/title terms of a query (wildcards expanded against the index)."""
        return self._terms_of(self._parsed(text, resolver))

    def _terms_of(self, q) -> set[str]:
        return querying.terms_of(self.searcher(), q)

    def suggest(self, text: str) -> str | None:
        """A corrected query made of real corpus words (never stems), or None."""
        return querying.suggest(self.searcher(), text)

    def more_like(self, doc_id: str, limit: int = 10) -> list[RawHit]:
        s = self.searcher()
        docnum = s.document_number(id=doc_id)
        if docnum is None:
            return []
        results = s.more_like(docnum, "body", top=limit, numterms=25)
        return [RawHit(_decode_fields(h.fields()), float(h.score or 0.0)) for h in results]

    def term_spans(self, text: str, terms: set[str] | frozenset[str]) -> list[tuple[int, int]]:
        """Character spans in text whose analysed form is one of terms."""
        return term_spans(text, terms)


@dataclass(frozen=True)
class RawHit:
    """A hit as the engine sees it: stored fields plus score."""

    fields: dict
    score: float


@dataclass(frozen=True)
class RawPage:
    """A page of hits; total is -1 when it was not counted on the way."""

    hits: list[RawHit]
    total: int
    terms: set[str]
    groups: int = -1  # how many groups match (page(groups=...)), else -1


def _decode_fields(fields: dict) -> dict:
    out = dict(fields)
    value = out.get("date")
    out["date"] = value.date() if isinstance(value, datetime) else None
    try:
        out["captions"] = tuple(json.loads(out.get("captions") or "[]"))
    except (TypeError, ValueError):
        out["captions"] = ()
    return out
