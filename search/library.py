"""The public face of the search core: a corpus, its index, and everything asked of it.

Library is a facade: indexing, hand-set dates, snippets, links and events each live in
a module of their own, and every SQL statement in Store.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from . import dossier as _dossier
from . import indexing as _ix
from . import links as _links
from . import story_list as _stories
from .article_dates import ArticleDates
from .config import load_config, resolve_columns
from .conflicts import Conflict
from .dossier import Dossier, Together
from .engine import ENGINE_SCHEMA_VERSION, EntityMatch, TextIndex
from .errors import CorpusNotFound, NothingLoaded, OverridesError, UnknownArticle
from .library_views import LibraryViews
from .linking import LinkedCorpus
from .models import (
    Article,
    CorpusStats,
    Entity,
    EntityDetail,
    Hit,
    IndexReport,
    Mention,
    Quote,
    SearchPage,
    Story,
    Timeline,
)
from .paths import bundled_seeds, default_index_dir, default_overrides_path, user_data_dir
from .snippets import article_of, snippet_hit
from .store import Store
from .write_lock import write_lock

# Bump when extraction or the side table changes: older indexes are rebuilt.
EXTRACTION_VERSION = 11
SCHEMA_VERSION = f"{ENGINE_SCHEMA_VERSION}.{EXTRACTION_VERSION}"
# How often indexing commits (see indexing.Batching); read at each update.
BATCH = 2000
MAX_BATCH = 8000
FINAL_BATCH_FILES = 500
# Postings held before a commit is forced whatever the batch (about 90 bytes each in memory).
MAX_PENDING_POSTINGS = 3_000_000


class Library(LibraryViews):
    """One corpus and its persistent index."""

    def __init__(
        self,
        corpus: Path | None = None,
        index_dir: Path | None = None,
        *,
        overrides_path: Path | None = None,
        data_dir: Path | None = None,
        lock_wait: float = 10.0,
        columns: Mapping[str, str] | None = None,
    ) -> None:
        self.corpus = (corpus or bundled_seeds()).expanduser().resolve()
        if not self.corpus.exists():
            raise CorpusNotFound(f"corpus not found: {self.corpus}")
        self.index_dir = (index_dir or default_index_dir(self.corpus)).expanduser().resolve()
        self.overrides_path = overrides_path or default_overrides_path()
        self.data_dir = data_dir or user_data_dir()
        self.lock_wait = lock_wait
        # CSV/TSV columns by field ({"body": "Story Text"}); None reads config.toml's.
        self.columns = resolve_columns(columns)
        self.index = TextIndex(self.index_dir)
        self.store: Store | None = None
        self.links = _links.LinkCache(self.index_dir, self.overrides_path)
        self.dates = ArticleDates(self.data_dir, self.corpus)
        self._lock = threading.RLock()
        self.messages: list[str] = []
        self._groups: tuple[tuple, Mapping[str, str]] | None = None

    # -- opening -------------------------------------------------------------------

    def open(self) -> None:
        """Open (or create, or rebuild if outdated or damaged) the index; IndexUnavailable if unwritable."""
        _ix.make_index_dir(self.index_dir)
        self.store, reason = _ix.open_index_files(self.index_dir, self.index, SCHEMA_VERSION, self.columns)
        if reason:
            self.messages.append(reason)
            self._reset()

    def _store(self) -> Store:
        assert self.store is not None, "the library is not open"
        return self.store

    def _reset(self) -> None:
        self._groups = None
        self.store = _ix.reset_index_files(self.index_dir, self.index, self.store, SCHEMA_VERSION, self.columns)
        self.links.forget()

    def _discard_empty_index(self) -> None:
        """Remove an index that holds no article, so the next run looks at the folder afresh."""
        self.close()
        _ix.remove_index_files(self.index_dir, self.index)

    def close(self) -> None:
        self.index.close()
        if self.store is not None:
            self.store.close()
            self.store = None

    def __enter__(self) -> Library:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- indexing ------------------------------------------------------------------

    def update(
        self,
        *,
        rebuild: bool = False,
        progress: _ix.Progress | None = None,
        procs: int = 1,
        on_commit: Callable[[], None] | None = None,
    ) -> IndexReport:
        """Bring the index up to date with the corpus folder, reading only changed files; commits a batch
        at a time (on_commit after each), so a crash keeps the work done and searches see it meanwhile."""
        self._store()
        with self._lock, write_lock(self.index_dir, self.lock_wait):
            rebuilt = ""
            if rebuild:
                self._reset()
                rebuilt = "rebuilt on request"
            elif self.messages:
                rebuilt = self.messages[-1]
            batching = _ix.Batching(BATCH, MAX_BATCH, FINAL_BATCH_FILES, MAX_PENDING_POSTINGS)
            indexer = _ix.Indexer(
                self.corpus, self.index, self._store(), batching, self.dates.load(), self.columns, load_config().stories
            )
            try:
                report = indexer.run(progress, procs, on_commit)
            except NothingLoaded:
                self._discard_empty_index()
                raise
            finally:
                self.links.forget()
            report = replace(report, rebuilt_reason=rebuilt) if rebuilt else report
            if self._store().article_count() == 0:
                self._discard_empty_index()
                raise _ix.nothing_loaded(self.corpus, report)
            return report

    def set_date(self, article_id: str, new_date: date | None) -> Article:
        """Set (or clear, with None) an article's date; its events are re-resolved."""
        article = self.article(article_id)
        ArticleDates.check(new_date)
        with self._lock, write_lock(self.index_dir, self.lock_wait):
            # Saved under the write lock: a busy index leaves the date unset, not half set.
            self.dates.save(article_id, new_date)
            _ix.reindex_article(self._store(), self.index, article, new_date)
        self.links.forget()
        return self.article(article_id)

    # -- reading -------------------------------------------------------------------

    def article(self, article_id: str) -> Article:
        fields = self.index.get(article_id)
        if fields is None:
            raise UnknownArticle(f"no article with id {article_id!r}")
        return article_of(fields)

    def article_ids(self) -> list[str]:
        return self._store().article_ids()

    def _resolver(self) -> Callable[[str, str], EntityMatch | None]:
        """Answers entity fields of a query; links the corpus only when a query has one."""

        def resolve(field: str, name: str) -> EntityMatch | None:
            if field == "story":
                return EntityMatch(ids=_stories.story_articles(self._store(), self.overrides_path, name))
            return _links.entity_match(self.linked(), field, name)

        return resolve

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        sort: str = "score",
        with_total: bool = True,
        by_story: bool = False,
    ) -> SearchPage:
        """One page of results with snippets; the exact total unless with_total is False.

        by_story: the versions of one story come side by side, where the story's best-ranked
        version stands, and the page counts the stories that match (SearchPage.stories);
        the total and the hits stay articles.
        """
        # Read once; the page, the total and the terms all come from the one reading.
        parsed = self.index.parse_query(query, self._resolver())
        raw = self.index.page(
            parsed,
            limit=limit,
            offset=offset,
            sort=sort,
            with_terms=True,
            with_total=with_total,
            groups=self._story_groups() if by_story else None,
        )
        terms = frozenset(raw.terms)
        spans = self.index.term_spans
        hits = tuple(snippet_hit(h.fields, h.score, spans(h.fields.get("body", ""), terms)) for h in raw.hits)
        suggestion = None
        if raw.total == 0 or (raw.total < 0 and not raw.hits and offset == 0):
            suggestion = self.index.suggest(query)
        return SearchPage(query, raw.total, hits, suggestion, offset, sort, tuple(sorted(terms)), raw.groups)

    def _story_groups(self) -> Mapping[str, str] | None:
        """Article -> story id, kept until the index or the override file changes (None
        when the override file's stories cannot be read: results are then not grouped)."""
        store = self._store()
        try:
            stamp = self.overrides_path.stat().st_mtime_ns if self.overrides_path else None
        except OSError:
            stamp = None
        key = (store.get_meta("generation", "0"), stamp)
        kept = self._groups
        if kept is not None and kept[0] == key:
            return kept[1]
        try:
            groups = _stories.story_groups(store, self.overrides_path)
        except OverridesError:
            return None
        self._groups = (key, groups)
        return groups

    def count(self, query: str) -> int:
        return self.index.count(query, self._resolver())

    def match_spans(self, article: str | Article, query: str | Iterable[str]) -> list[tuple[int, int]]:
        """Spans of an article's body (by id, or the Article already read) matching the query.

        query is the query's text, or the terms a SearchPage carries (read no second time).
        """
        if isinstance(article, str):
            article = self.article(article)
        terms = self.index.query_terms(query, self._resolver()) if isinstance(query, str) else set(query)
        return self.index.term_spans(article.body, terms)

    def similar(self, article_id: str, limit: int = 10) -> list[Hit]:
        self.article(article_id)
        # No query: the snippet is the body's start.
        return [snippet_hit(h.fields, h.score, []) for h in self.index.more_like(article_id, limit)]

    # -- entities ------------------------------------------------------------------

    @property
    def is_linked(self) -> bool:
        """Whether linked() and mentions_in() answer without linking first (else seconds)."""
        return self.links.ready

    def linked(self) -> LinkedCorpus:
        """The corpus's linked entities, recomputed only after changes."""
        return self.links.get(self._store(), SCHEMA_VERSION)[0]

    def load_links(self) -> None:
        """Link the corpus now (or load the saved links), so that is_linked holds."""
        self.links.get(self._store(), SCHEMA_VERSION)

    def mentions_in(self, article_id: str) -> list[tuple[str, Mention]]:
        """(entity id, mention) pairs of one article, in text order (captions after the body)."""
        store = self._store()
        return _links.mentions_in(store, self.links.get(store, SCHEMA_VERSION), article_id)

    def entities(self, kind: str | None = None, limit: int | None = None) -> list[Entity]:
        """Entities sorted by how many articles name them."""
        items = [e for e in self.linked().entities.values() if kind is None or e.kind == kind]
        items.sort(key=lambda e: (-len(e.articles), -e.mentions, e.name.lower()))
        return items[:limit] if limit else items

    def find_entity(self, name: str) -> Entity:
        """The entity with this name, alias or id; UnknownEntity with close matches otherwise."""
        return _links.find_entity(self.linked(), name)

    def entity(self, name: str) -> EntityDetail:
        """An entity with its mentions, co-occurring entities and quotes."""
        entity = self.find_entity(name)
        store = self._store()
        return _links.entity_detail(store, self.links.get(store, SCHEMA_VERSION), entity, self.entities_by_article())

    def quotes(self, person: str | None = None) -> list[Quote]:
        """Quotes of person entities by article and position; only this person's (a name,
        alias or id; UnknownEntity otherwise) when one is given."""
        who = [self.find_entity(person)] if person is not None else None
        return _links.quotes(self._store(), self.linked(), who)

    # -- timeline ------------------------------------------------------------------

    def timeline(
        self, *, person: str | None = None, start: date | None = None, end: date | None = None,
        text: str | None = None, articles: set[str] | None = None, people: Sequence[str] = (), all_events: bool = False,
    ) -> Timeline:  # fmt: skip
        """Merged, dated events in order, plus unresolved expressions, filtered as asked. With person
        (and people): events whose sentence names them all or holds their quote; all_events: every
        event told by an article naming them all."""
        names = [person, *people] if person else list(people)
        return _dossier.entity_timeline(self, names, start, end, text, articles, all_events)

    def dossier(self, name: str) -> Dossier:
        """One entity (a name, alias or id): roles, mentions per month, quotes, own events, company."""
        return _dossier.dossier(self, name)

    def together(self, names: Sequence[str], *, query: str | None = None) -> Together:
        """Where all of these entities appear; their quotes there meet the query when one is given."""
        return _dossier.together(self, names, query)

    def stories(self, articles: Iterable[str] | None = None) -> list[Story]:
        """Versions of one report grouped: every story, or those of these articles; oldest first."""
        return _stories.stories(self._store(), self.overrides_path, articles)

    def conflicts(self) -> list[Conflict]:
        """Happenings whose reports from different stories disagree on a date or a figure."""
        return _stories.conflicts(self._store(), self.overrides_path, self.corpus_events())

    def stats(self) -> CorpusStats:
        return _links.corpus_stats(self._store(), self.linked())

    def titles(self, ids: list[str]) -> dict[str, tuple[str, date | None]]:
        """Title and date of each article id (ids unknown to the index are left out)."""
        return {r.id: (r.title, date.fromisoformat(r.date) if r.date else None) for r in self._store().titles(ids)}
