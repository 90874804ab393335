"""Events: dated sentences of many articles merged into one event per happening."""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from .models import Entity, Event, EventSource, Timeline, Unresolved
from .store import EventRow, QuoteRow, Store

# Per article, the quotes' places and speakers: (where, start, end, speaker).
Speakers = Mapping[str, Sequence[tuple[str, int, int, str]]]

_WORD = re.compile(r"[a-z][a-z'\-]{2,}")
_EVENT_STOP = frozenset(
    "the and for with that this from have has had was were are said says will would been "
    "their they them its his her not but who which when what also than then into over on "
    "monday tuesday wednesday thursday friday saturday sunday week month year last next "
    "earlier later today yesterday".split()
)
# Sources are one event when they share people and this much of their key terms, or
# share this much of their key terms alone.
_SHARED_WITH_NAMES, _SHARED_ALONE = 0.2, 0.5


def key_terms(text: str) -> set[str]:
    """The words of a sentence that tell one happening from another (no dates, no stop words)."""
    return {w for w in _WORD.findall(text.lower()) if w not in _EVENT_STOP}


def canonical_names(entities: Iterable[Entity]) -> dict[str, str]:
    """Every name and alias of the entities, mapped to the entity's name."""
    canonical: dict[str, str] = {}
    for e in entities:
        for n in (e.name, *e.aliases):
            canonical.setdefault(n, e.name)
    return canonical


@dataclass
class _Cluster:
    rows: list[EventRow]
    names: set[str]
    terms: set[str] = field(default_factory=set)

    def takes(self, names: set[str], terms: set[str]) -> bool:
        shared = len(terms & self.terms) / max(1, min(len(terms), len(self.terms)))
        return bool(names & self.names and shared >= _SHARED_WITH_NAMES) or shared >= _SHARED_ALONE


def quote_speakers(rows: Iterable[QuoteRow]) -> dict[str, list[tuple[str, int, int, str]]]:
    """Where each article's quotes are, and who speaks them."""
    out: dict[str, list[tuple[str, int, int, str]]] = defaultdict(list)
    for q in rows:
        out[q.article].append((q.where, q.start, q.end, q.speaker))
    return out


def source_names(row: EventRow, speakers: Speakers) -> tuple[str, ...]:
    """The names a dated sentence gives, then the speakers of the quotes it overlaps."""
    names = list(dict.fromkeys(json.loads(row.names)))
    for where, start, end, speaker in speakers.get(row.article, ()):
        if where == row.where and start < row.span_end and end > row.span_start and speaker not in names:
            names.append(speaker)
    return tuple(names)


def merge_events(
    rows: Iterable[EventRow], canonical: Mapping[str, str], speakers: Speakers | None = None
) -> list[Event]:
    """One event per happening: same dates and shared people or key terms across sources.

    An event's entities are everyone its sentences name, and the speakers of their quotes.

    A sentence joins one event of its dates only, even when it holds two expressions of
    those dates, so no two events share a first source; with the precision in the digest
    and a suffix on a digest already taken, event ids are unique by construction.
    """
    groups: dict[tuple[str, str, str], list[EventRow]] = defaultdict(list)
    for r in rows:
        groups[(r.start, r.end, r.precision)].append(r)
    events: list[Event] = []
    named: dict[int, tuple[str, ...]] = {}  # each row's names, read once
    for (start, end, precision), members in groups.items():
        clusters: list[_Cluster] = []
        placed: dict[tuple[str, str, int], _Cluster] = {}
        for r in members:
            named[id(r)] = source_names(r, speakers or {})
            names = {canonical.get(n, n) for n in named[id(r)]}
            terms = key_terms(r.text)
            key = (r.article, r.where, r.span_start)
            cluster = placed.get(key) or next((c for c in clusters if c.takes(names, terms)), None)
            if cluster is None:
                cluster = _Cluster([], set(), set())
                clusters.append(cluster)
            cluster.rows.append(r)
            cluster.names |= names
            cluster.terms |= terms
            placed[key] = cluster
        events.extend(_event(start, end, precision, c, named) for c in clusters)
    events.sort(key=lambda ev: (ev.start, ev.end, ev.id))
    return _unique_ids(events)


def _unique_ids(events: list[Event]) -> list[Event]:
    """The events, a digest already taken (a hash collision) given a numbered suffix."""
    seen: set[str] = set()
    out = []
    for ev in events:
        eid, n = ev.id, 1
        while eid in seen:
            n += 1
            eid = f"{ev.id}-{n}"
        seen.add(eid)
        out.append(ev if eid == ev.id else replace(ev, id=eid))
    return out


def _event(start: str, end: str, precision: str, cluster: _Cluster, named: Mapping[int, tuple[str, ...]]) -> Event:
    sources = []
    seen = set()
    for r in sorted(cluster.rows, key=lambda r: (r.article, r.span_start)):
        key = (r.article, r.where, r.span_start)
        if key in seen:
            continue
        seen.add(key)
        sources.append(EventSource(r.article, r.text, r.expression, r.span_start, r.span_end, r.where, named[id(r)]))
    first = sources[0]
    where = f"{first.article}|{first.where}|{first.start}"
    digest = hashlib.sha1(f"{start}|{end}|{precision}|{where}".encode()).hexdigest()
    return Event(
        "ev-" + digest[:12],
        date.fromisoformat(start),
        date.fromisoformat(end),
        precision,
        first.text,
        tuple(sources),
        tuple(sorted(cluster.names)),
    )


def filter_events(events: list[Event], articles: set[str] | None, text: str | None) -> list[Event]:
    """Events told by one of the articles (None: any), with a source holding every word of text."""
    if articles is not None:
        events = [e for e in events if articles.intersection(e.articles)]
    if text:
        words = [w.lower() for w in text.split()]
        events = [e for e in events if any(all(w in s.text.lower() for w in words) for s in e.sources)]
    return events


def build_timeline(
    store: Store,
    entities: Iterable[Entity],
    start: date | None,
    end: date | None,
    text: str | None,
    articles: set[str] | None,
) -> Timeline:
    """Merged events overlapping start..end, told by one of articles (None: any), holding
    text's words; the unresolved expressions of those articles when no date or text is asked."""
    rows = store.events(start.isoformat() if start else None, end.isoformat() if end else None)
    if articles is not None:
        # Sources merge only within one span of days: the spans these articles tell are enough.
        spans = {(r.start, r.end, r.precision) for r in rows if r.article in articles}
        rows = [r for r in rows if (r.start, r.end, r.precision) in spans]
    told = {r.article for r in rows}
    speakers = quote_speakers(store.quote_rows(told if articles is None else told & articles))
    # Merge first, so an event keeps every source even when a filter matches only one.
    events = filter_events(merge_events(rows, canonical_names(entities), speakers), articles, text)
    unresolved: list[Unresolved] = []
    if not (start or end or text):
        unresolved = [Unresolved(*r) for r in store.unresolved() if articles is None or r.article in articles]
    return Timeline(tuple(events), tuple(unresolved))


def surface_names(entity: Entity, extracted: Iterable[str] = ()) -> frozenset[str]:
    """Every name an entity goes by: its name, aliases and the names its mentions carry."""
    return frozenset((entity.name, *entity.aliases, *extracted))


def names_entity(event: Event, articles: set[str] | frozenset[str], names: frozenset[str]) -> bool:
    """Whether one of the event's sentences, in one of the entity's articles, names it or
    holds its quote (names: surface_names(entity))."""
    return any(s.article in articles and not names.isdisjoint(s.names) for s in event.sources)


def events_of(events: Iterable[Event], people: Sequence[tuple[Entity, frozenset[str]]], every: bool) -> list[Event]:
    """Events belonging to all of these entities (each with its surface_names): named in a
    sentence or quoted; with every, any event told by an article naming all of them."""
    if every:
        shared = set.intersection(*(set(e.articles) for e, _ in people)) if people else set()
        return [ev for ev in events if shared.intersection(ev.articles)]
    each = [(frozenset(e.articles), names) for e, names in people]
    return [ev for ev in events if all(names_entity(ev, arts, names) for arts, names in each)]
