"""The linked corpus (one entity per person, organisation or place) and what is asked of it.

Linking reads every stored mention, so its result is kept: in memory, keyed by the
side table's generation and the override file's mtime, and beside the index in
linked.pickle for the next start-up.
"""

from __future__ import annotations

import difflib
import os
import pickle
import threading
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from .engine import EntityMatch, name_terms
from .errors import UnknownEntity
from .linking import LinkedCorpus, Overrides, link
from .models import CorpusStats, Entity, EntityDetail, Mention, Quote
from .quote_records import speakers_quotes
from .store import Store

CACHE_NAME = "linked.pickle"
# Linking reads the mention table several times; a write in between makes it start again.
_LINK_ATTEMPTS = 3
_CLOSE_MATCHES = 5

Links = tuple[LinkedCorpus, array]


class LinkCache:
    """The corpus's linked entities and the mention rowids in the order linking read them."""

    def __init__(self, index_dir: Path, overrides_path: Path | None) -> None:
        self.index_dir = index_dir
        self.overrides_path = overrides_path
        self.key: tuple = ()
        self._links: Links | None = None
        self._lock = threading.RLock()

    @property
    def ready(self) -> bool:
        """Whether get() answers without linking (or loading the saved links) first."""
        return self._links is not None

    def forget(self) -> None:
        """Drop the links held in memory (after a write; the saved file is checked by key)."""
        self._links = None

    def get(self, store: Store, version: str) -> Links:
        """The links of the store's current generation, linking only after changes."""
        try:
            mtime = self.overrides_path.stat().st_mtime_ns if self.overrides_path else 0
        except OSError:
            mtime = 0
        key = (version, store.get_meta("generation", "0"), mtime)
        with self._lock:
            if self._links is None or self.key != key:
                self._links = self.load_saved(key) or self._link_now(store, key)
                self.key = key
            return self._links

    def load_saved(self, key: tuple) -> Links | None:
        """The links saved by an earlier run, if saved under this key."""
        try:
            with open(self.index_dir / CACHE_NAME, "rb") as f:
                saved_key, linked, rowids = pickle.load(f)
        except Exception:  # noqa: BLE001 - missing, damaged or from an older version: link again
            return None
        if saved_key != key or not isinstance(linked, LinkedCorpus) or not isinstance(rowids, array):
            return None
        return linked, rowids

    def _link_now(self, store: Store, key: tuple) -> Links:
        for _attempt in range(_LINK_ATTEMPTS):
            before = store.mention_shape()
            rowids = store.mention_rowids()
            linked = link(store.mention_rows, Overrides.load(self.overrides_path))
            if store.mention_shape() == before:
                break
        else:
            # Mentions changed under every pass (another thread writing on and on): link one
            # snapshot, read by one statement, so that every row keeps its own rowid.
            rowids, rows = store.mention_snapshot()
            linked = link(rows, Overrides.load(self.overrides_path))
        # Saved beside the index so the next start-up skips linking; a failed write costs nothing.
        tmp = self.index_dir / f"{CACHE_NAME}.{os.getpid()}"
        try:
            with open(tmp, "wb") as f:
                pickle.dump((key, linked, rowids), f, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(self.index_dir / CACHE_NAME)
        except OSError:
            tmp.unlink(missing_ok=True)
        return linked, rowids


def _position(rowids: array, rowid: int) -> int:
    """Where a mention rowid sits in the linked order (rowid order), or -1."""
    i = bisect_left(rowids, rowid)
    return i if i < len(rowids) and rowids[i] == rowid else -1


def mentions_in(store: Store, links: Links, article_id: str) -> list[tuple[str, Mention]]:
    """(entity id, mention) pairs of one article, in text order (captions after the body)."""
    linked, rowids = links
    out = []
    for row in store.mentions_in(article_id):
        eid = linked.entity_of_row(_position(rowids, row.rowid))
        if eid is not None:
            kind = linked.entities[eid].kind
            mention = Mention(article_id, row.surface, kind, row.start, row.end, row.where, row.role, row.side)
            out.append((eid, mention))
    out.sort(key=lambda x: (x[1].where != "body", x[1].where, x[1].start))
    return out


def mentions_of(store: Store, links: Links, entity: Entity) -> tuple[Mention, ...]:
    """An entity's mentions, by article, place and position."""
    linked, rowids = links
    rows = store.mentions_by_rowid([rowids[i] for i in linked.rows_of(entity.id)])
    rows.sort(key=lambda r: (r.article, r.where, r.start))
    return tuple(Mention(r.article, r.surface, entity.kind, r.start, r.end, r.where, r.role, r.side) for r in rows)


def find_entity(linked: LinkedCorpus, name: str) -> Entity:
    """The entity with this name, alias or id; UnknownEntity with close matches otherwise."""
    if name in linked.entities:
        return linked.entities[name]
    ids = linked.resolve(name)
    if ids:
        return linked.entities[ids[0]]
    names = {e.name: e for e in linked.entities.values()}
    close = difflib.get_close_matches(name, list(names), n=_CLOSE_MATCHES, cutoff=0.6)
    low = name.lower()
    close += [n for n in names if low in n.lower() and n not in close][:_CLOSE_MATCHES]
    raise UnknownEntity(f"no entity named {name!r}", close[:_CLOSE_MATCHES])


def entity_detail(
    store: Store, links: Links, entity: Entity, entities_of: Mapping[str, Sequence[str]] | None = None
) -> EntityDetail:
    """An entity with its mentions, the entities named in its articles, and its quotes.

    With entities_of (each article's entity ids), the entities named beside it are counted
    over its own articles; without, every entity's articles are compared with its own.
    """
    linked = links[0]
    co: Counter = Counter()
    if entities_of is not None:
        for a in set(entity.articles):
            co.update(entities_of.get(a, ()))
        co.pop(entity.id, None)
    else:
        arts = set(entity.articles)
        for other in linked.entities.values():
            if other.id != entity.id:
                shared = len(arts.intersection(other.articles))
                if shared:
                    co[other.id] = shared
    cooccurring = tuple(
        (i, linked.entities[i].name, n)
        for i, n in sorted(co.items(), key=lambda x: (-x[1], linked.entities[x[0]].name))
        if i in linked.entities
    )
    quotes = tuple(speakers_quotes(store.quote_rows(entity.articles), [entity]))
    return EntityDetail(entity, mentions_of(store, links, entity), cooccurring, quotes)


def quotes(store: Store, linked: LinkedCorpus, people: Sequence[Entity] | None) -> list[Quote]:
    """The quotes of these people (None: of every person entity), by article and position."""
    if people is not None:
        return speakers_quotes(store.quote_rows(sorted({a for e in people for a in e.articles})), people)
    everyone = [e for e in linked.entities.values() if e.kind == "person"]
    return speakers_quotes(store.quote_rows(), everyone)


class _NameWords:
    """The linked names of one field by each of their words, to find the names holding a name."""

    def __init__(self, linked: LinkedCorpus) -> None:
        self.linked = linked
        self.by_word: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = {}
        for field, low in linked.name_owners:
            words = tuple(name_terms(low))
            for w in set(words):
                self.by_word.setdefault((field, w), []).append((words, low))

    def holding(self, field: str, name: str) -> set[str]:
        """The longer names of this field with name's words in a row ("yasser arafat's fatah")."""
        words = tuple(name_terms(name))
        if not words:
            return set()
        n = len(words)
        return {
            low
            for other, low in self.by_word.get((field, words[0]), ())
            if len(other) > n and any(other[i : i + n] == words for i in range(len(other) - n + 1))
        }


_name_words: list[_NameWords] = []


def _words_of(linked: LinkedCorpus) -> _NameWords:
    """The word index of these links (built once per linked corpus)."""
    if not _name_words or _name_words[0].linked is not linked:
        _name_words[:] = [_NameWords(linked)]
    return _name_words[0]


def _not_naming(linked: LinkedCorpus, field: str, ids: Sequence[str], names: set[str]) -> tuple[str, ...]:
    """Articles of other entities whose names hold one of names, and that do not name ids."""
    words = _words_of(linked)
    owners: set[str] = set()
    for n in names:
        for longer in words.holding(field, n):
            owners |= linked.name_owners.get((field, longer), set())
    mine: set[str] = set()
    for eid in ids:
        mine.update(linked.entities[eid].articles)
    other: set[str] = set()
    for eid in owners - set(ids):
        other.update(a for a in linked.entities[eid].articles if a not in mine)
    return tuple(sorted(other))


def entity_match(linked: LinkedCorpus, field: str, name: str) -> EntityMatch | None:
    """How a person:, org: or place: query for name is answered (None: as words)."""
    ids = linked.resolve(name, field)
    if not ids:
        return None
    names: set[str] = set()
    for eid in ids:
        names.update(linked.names_of.get(eid, ()))
    if all(linked.name_owners.get((field, n.lower()), set()) <= set(ids) for n in names):
        return EntityMatch(names=tuple(sorted(names)), exclude=_not_naming(linked, field, ids, names))
    # A name shared with another entity (a common surname, a user split): use the exact
    # article list instead.
    arts: set[str] = set()
    for eid in ids:
        arts.update(linked.entities[eid].articles)
    return EntityMatch(ids=tuple(sorted(arts)))


def corpus_stats(store: Store, linked: LinkedCorpus) -> CorpusStats:
    """Articles, dated articles, entities, events and articles per month."""
    per_month = tuple(store.articles_per_month())
    dated = sum(n for _, n in per_month)
    return CorpusStats(store.article_count(), dated, len(linked.entities), store.event_count(), per_month)
