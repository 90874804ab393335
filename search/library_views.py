"""What the app reads at a keypress, answered from work done once after linking.

A page of a timeline (the corpus's or one entity's) with its group counts, one event by
id, an entity's articles per month and companions, and the palette's matches. The
Library takes these methods from here; prepare_views() does the work they read.
"""

from __future__ import annotations

import re
import threading
from datetime import date
from typing import TYPE_CHECKING, Protocol

from . import precomputed as _pre
from .errors import QueryError
from .events import surface_names
from .models import Entity, Event, PaletteItem, Timeline, TimelinePage, Unresolved
from .timeline_pages import TimelineIndex

if TYPE_CHECKING:
    from .linking import LinkedCorpus
    from .links import LinkCache
    from .models import SearchPage
    from .store import Store

_WORD = re.compile(r"\w+")
# A title's last word is matched as a prefix once it has this many letters.
_TITLE_PREFIX = 3


class _Core(Protocol):
    links: LinkCache

    def _store(self) -> Store: ...
    def linked(self) -> LinkedCorpus: ...
    def find_entity(self, name: str) -> Entity: ...
    def timeline(self) -> Timeline: ...
    def search(self, query: str, *, limit: int = ..., with_total: bool = ...) -> SearchPage: ...


class _Prepared:
    """The timeline index of one links key, built once and shared by every thread."""

    def __init__(self) -> None:
        self.key: tuple = ()
        self.index: TimelineIndex | None = None
        self.entities_of: dict[str, list[str]] | None = None  # each article's entity ids
        self.lock = threading.Lock()


def _prepared(lib: object) -> _Prepared:
    """The library's prepared state (dict.setdefault is atomic, so threads share one)."""
    return lib.__dict__.setdefault("_prepared_views", _Prepared())


def _entities_of(linked: LinkedCorpus) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in linked.entities.values():
        for a in dict.fromkeys(e.articles):
            out.setdefault(a, []).append(e.id)
    return out


class LibraryViews:
    """Reads for the interface; each costs a page, not the corpus, once prepare_views() ran."""

    def prepare_views(self: _Core) -> TimelineIndex:
        """Link, merge the corpus's timeline and write the per-entity tables, if not done yet."""
        state = _prepared(self)
        with state.lock:
            self.linked()
            key = self.links.key
            if state.index is None or state.key != key:
                state.index = TimelineIndex(self.timeline())
                state.entities_of = _entities_of(self.linked())
                state.key = key
            store = self._store()
            if not _pre.tables_current(store, key):
                _pre.write_tables(store, key, self.linked(), state.index.events)
            return state.index

    def entities_by_article(self: _Core) -> dict[str, list[str]] | None:
        """Each article's entity ids, once prepare_views() ran for the current links (else None)."""
        state = _prepared(self)
        return state.entities_of if state.key == self.links.key else None

    def corpus_events(self: _Core) -> tuple[Event, ...]:
        """The corpus's merged events: the prepared ones when current, else merged now."""
        state = _prepared(self)
        self.linked()
        index = state.index
        if index is not None and state.key == self.links.key:
            return index.events
        return self.timeline().events

    def timeline_page(
        self: _Core,
        entity: str | None = None,
        *,
        offset: int = 0,
        limit: int = 100,
        all_events: bool = False,
        start: date | None = None,
        end: date | None = None,
    ) -> TimelinePage:
        """limit events from offset of the entity's timeline (a name, alias or id; None: the
        corpus's), in date order, with every group's count and the unplaced expressions counted.

        An entity's timeline holds the events whose sentence names it (any alias) or holds its
        quote; all_events: every event of the articles naming it. start, end: only the events
        overlapping those days."""
        index = LibraryViews.prepare_views(self)
        who = self.find_entity(entity) if entity else None
        if who is None:
            return index.page(None, offset, limit, within=(start, end))
        names = surface_names(who, self.linked().names_of.get(who.id, ()))
        return index.page(who, offset, limit, names, all_events, (start, end))

    def timeline_event(self: _Core, event_id: str) -> Event | None:
        """One event of the corpus's timeline by id (None when no event has it)."""
        return LibraryViews.prepare_views(self).event(event_id)

    def unresolved_page(
        self: _Core, entity: str | None = None, *, reason: str | None = None, offset: int = 0, limit: int = 50
    ) -> list[Unresolved]:
        """The expressions of the entity's articles (None: every article) no date was found for."""
        index = LibraryViews.prepare_views(self)
        who = self.find_entity(entity) if entity else None
        return index.unresolved_of(who, reason, offset, limit)

    def entity_months(self: _Core, entity_id: str) -> list[tuple[str, int]]:
        """(YYYY-MM, articles naming the entity) for each month with any, in month order."""
        LibraryViews.prepare_views(self)
        return self._store().derived.months(entity_id)

    def entity_companions(
        self: _Core, entity_id: str, kind: str = "person", limit: int = 10
    ) -> list[tuple[str, str, int]]:
        """(entity id, name, shared articles) of the people most often named beside the entity."""
        LibraryViews.prepare_views(self)
        return self._store().derived.companions(entity_id, kind, min(limit, _pre.COMPANIONS))

    def palette(self: _Core, query: str, limit: int = 10) -> list[PaletteItem]:
        """Entities (by name, alias, role or side), events and article titles matching query."""
        store = self._store()
        if not _pre.tables_current(store, self.links.key):
            LibraryViews.prepare_views(self)
        items = _pre.palette_lookup(store, query, limit)
        return items + LibraryViews._titles(self, query, limit)

    def _titles(self: _Core, query: str, limit: int) -> list[PaletteItem]:
        words = _WORD.findall(query.lower())
        if not words or len(words[-1]) < _TITLE_PREFIX:
            return []
        q = " AND ".join(f"title:{w}" for w in words[:-1]) + (" AND " if len(words) > 1 else "")
        try:
            page = self.search(q + f"title:{words[-1]}*", limit=limit, with_total=False)
        except QueryError:
            return []
        return [
            PaletteItem(h.title, f"article · {h.date.isoformat() if h.date else 'undated'} · {h.id}", "article", h.id)
            for h in page.hits
        ]
