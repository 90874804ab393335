"""Who said what, and when: one entity's dossier, several entities together, their events.

Everything here reads the linked corpus and the store; Library's dossier(), together() and
timeline(person=...) hand the records below to their callers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from . import story_list as _stories
from .events import build_timeline, events_of, surface_names
from .gazetteer import default_gazetteer
from .linking import LinkedCorpus
from .models import Entity, EntityDetail, Event, Quote, Role, Timeline

if TYPE_CHECKING:
    from .library import Library

# Roles that credit a picture rather than tell who someone is.
_CREDIT_WORDS = frozenset("photographer photographers photo photos picture pictures camera cameraman".split())
_WORDS = re.compile(r"[a-z]+")
# Spellings of one role word (British and American); folded before roles are compared.
_SPELLINGS = {"advisor": "adviser", "councillor": "councilor", "organisation": "organization"}


@dataclass(frozen=True)
class DatedRole:
    """A role the corpus gives an entity, first given by this article on this date."""

    role: str
    article: str
    date: date | None = None
    title: str = ""
    side: str = ""
    articles: int = 1  # how many articles give it


@dataclass(frozen=True)
class Companion:
    """An entity named in the same articles, with how many of them."""

    id: str
    name: str
    kind: str
    articles: int
    side: str = ""


@dataclass(frozen=True)
class NamingArticle:
    """An article that names the entity (or all of several)."""

    id: str
    title: str
    date: date | None = None


@dataclass(frozen=True)
class Dossier:
    """Everything the corpus says of one entity, in the order a reader asks for it."""

    entity: Entity
    side: str
    roles: tuple[DatedRole, ...]
    per_month: tuple[tuple[str, int], ...]  # ("YYYY-MM", articles), every month from first to last
    quotes: tuple[Quote, ...]  # by date, then article and place
    events: tuple[Event, ...]  # events naming the entity or holding its quote
    people: tuple[Companion, ...]
    organisations: tuple[Companion, ...]
    places: tuple[Companion, ...]
    articles: tuple[NamingArticle, ...]  # newest first, undated last
    credits: tuple[Companion, ...] = ()  # people named only as a picture's credit


@dataclass(frozen=True)
class Together:
    """Where several entities all appear: articles, days, shared events and their quotes."""

    entities: tuple[Entity, ...]
    articles: tuple[NamingArticle, ...]  # naming all of them, newest first
    days: tuple[tuple[date, tuple[str, ...]], ...]  # article dates on which all are named
    events: tuple[Event, ...]  # events naming all of them
    quotes: tuple[Quote, ...]  # quotes by any of them in those articles, by date


Titles = Callable[[list[str]], dict[str, tuple[str, date | None]]]


def is_credit(entity: Entity) -> bool:
    """A person the corpus names only as the credit of a picture ("Photo: Jane Roe")."""
    if entity.kind != "person" or not entity.roles:
        return False
    return all(set(_WORDS.findall(r.role.lower())) & _CREDIT_WORDS for r in entity.roles)


def side_of(entity: Entity) -> str:
    """The entity's country or side: as linked, else the one opening a role ("U.S. Trade Representative")."""
    if entity.side:
        return entity.side
    sides = Counter(r.side for r in entity.roles if r.side)
    if sides:
        return sides.most_common(1)[0][0]
    g = default_gazetteer()
    for r in entity.roles:
        # Only a role that opens with the country ("U.S. Trade Representative", "Chinese Vice
        # Premier"): one naming it later is about it ("toughest China critic").
        words = r.role.split()
        for n in range(min(len(words) - 1, g.max_known_tokens), 0, -1):
            phrase = " ".join(words[:n]).lower()
            if phrase in g.sides:
                return g.sides[phrase]
            known = g.known.get(phrase)
            if known and known[1] == "place":
                return known[0]
    return ""


@lru_cache(maxsize=512)
def side_code(side: str) -> str:
    """A short form of a country or side for narrow lists: its ISO code (USA, CHN), else the
    initials of a name of several words (EU), else the name itself."""
    if not side:
        return ""
    import pycountry  # reference data, read only when a side is shown

    try:
        return str(pycountry.countries.lookup(side).alpha_3)
    except LookupError:
        words = side.split()
        return "".join(w[0] for w in words if w[0].isupper()) if len(words) > 1 else side


def _role_key(role: str) -> str:
    return " ".join(_SPELLINGS.get(w, w) for w in _WORDS.findall(role.lower()))


def distinct_roles(roles: Iterable[Role], titles: Mapping[str, tuple[str, date | None]]) -> tuple[DatedRole, ...]:
    """Each role once (spellings folded, a role inside a longer one dropped), first given first."""
    by_key: dict[str, list[Role]] = {}
    for r in roles:
        by_key.setdefault(_role_key(r.role), []).append(r)
    keys = [k for k in by_key if k and not any(k != o and f" {k} " in f" {o} " for o in by_key)]
    out = []
    for k in keys:
        group = by_key[k] + [r for o, rs in by_key.items() if o != k and f" {o} " in f" {k} " for r in rs]
        dated = sorted(group, key=lambda r: (titles.get(r.article, ("", None))[1] or date.max, r.article))
        first = dated[0]
        title, day = titles.get(first.article, ("", None))
        side = next((r.side for r in dated if r.side), "")
        out.append(DatedRole(first.role, first.article, day, title, side, len({r.article for r in group})))
    out.sort(key=lambda r: (r.date or date.max, -r.articles, r.role))
    return tuple(out)


def per_month(days: Iterable[date | None]) -> tuple[tuple[str, int], ...]:
    """Articles per month, every month from the first to the last (months without any as 0)."""
    counts = Counter(f"{d.year:04d}-{d.month:02d}" for d in days if d is not None)
    if not counts:
        return ()
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:])
    out = []
    while True:
        key = f"{year:04d}-{month:02d}"
        out.append((key, counts.get(key, 0)))
        if key >= last:
            return tuple(out)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def naming_articles(ids: Iterable[str], titles: dict[str, tuple[str, date | None]]) -> tuple[NamingArticle, ...]:
    """The articles with their titles and dates, newest first and undated last."""
    arts = [NamingArticle(i, *titles[i]) for i in ids if i in titles]
    arts.sort(key=lambda a: (a.date is None, -(a.date.toordinal() if a.date else 0), a.id))
    return tuple(arts)


def _by_date(quotes: Iterable[Quote]) -> tuple[Quote, ...]:
    return tuple(sorted(quotes, key=lambda q: (q.date or date.max, q.article, q.where, q.start)))


def companions(linked: LinkedCorpus, cooccurring: Sequence[tuple[str, str, int]]) -> dict[str, list[Companion]]:
    """Co-occurring entities by kind, people named only as a picture's credit apart."""
    out: dict[str, list[Companion]] = {"person": [], "org": [], "place": [], "credit": []}
    for eid, name, n in cooccurring:
        other = linked.entities.get(eid)
        if other is None:
            continue
        kind = "credit" if is_credit(other) else other.kind
        out.setdefault(kind, []).append(Companion(eid, name, other.kind, n, side_of(other)))
    return out


def build_dossier(linked: LinkedCorpus, detail: EntityDetail, timeline: Timeline, titles: Titles) -> Dossier:
    """The dossier of detail's entity, its own events given as timeline."""
    e = detail.entity
    known = titles(list(e.articles))
    co = companions(linked, detail.cooccurring)
    return Dossier(
        e,
        side_of(e),
        distinct_roles(e.roles, known),
        per_month(day for _, day in known.values()),
        _by_date(detail.quotes),
        timeline.events,
        tuple(co["person"]),
        tuple(co["org"]),
        tuple(co["place"]),
        naming_articles(e.articles, known),
        tuple(co["credit"]),
    )


def shared_articles(entities: Sequence[Entity]) -> set[str]:
    """The articles naming every one of these entities."""
    if not entities:
        return set()
    return set.intersection(*(set(e.articles) for e in entities))


def matching_quotes(quotes: Iterable[Quote], spans_of: Callable[[str], list[tuple[int, int]]]) -> list[Quote]:
    """The quotes of an article's body overlapping a match of the query (spans_of(article))."""
    spans: dict[str, list[tuple[int, int]]] = {}
    out = []
    for q in quotes:
        if q.where != "body":
            continue
        if q.article not in spans:
            spans[q.article] = spans_of(q.article)
        if any(start < q.end and end > q.start for start, end in spans[q.article]):
            out.append(q)
    return out


def build_together(
    entities: Sequence[Entity],
    events: Timeline,
    quotes: Iterable[Quote],
    titles: Titles,
    spans_of: Callable[[str], list[tuple[int, int]]] | None = None,
) -> Together:
    """Where all of entities appear: their shared articles and days, the events naming all of
    them, and their quotes in those articles (meeting the query, with spans_of) by date."""
    shared = shared_articles(entities)
    known = titles(sorted(shared))
    arts = naming_articles(shared, known)
    by_day: dict[date, list[str]] = {}
    for a in arts:
        if a.date is not None:
            by_day.setdefault(a.date, []).append(a.id)
    days = tuple((d, tuple(sorted(ids))) for d, ids in sorted(by_day.items()))
    quotes = [q for q in quotes if q.article in shared]
    said = _by_date(matching_quotes(quotes, spans_of) if spans_of is not None else quotes)
    return Together(tuple(entities), arts, days, events.events, said)


def unique_entities(entities: Iterable[Entity]) -> tuple[Entity, ...]:
    """The entities once each, in the order given."""
    return tuple({e.id: e for e in entities}.values())


def own_events(timeline: Timeline, linked: LinkedCorpus, entities: Sequence[Entity], every: bool) -> Timeline:
    """The timeline's events naming all of entities (every: told by an article naming them all)."""
    people = [(e, surface_names(e, linked.names_of.get(e.id, ()))) for e in entities]
    return Timeline(tuple(events_of(timeline.events, people, every)), timeline.unresolved)


def entity_timeline(
    lib: Library,
    names: Sequence[str],
    start: date | None,
    end: date | None,
    text: str | None,
    articles: set[str] | None,
    every: bool,
) -> Timeline:
    """Library.timeline: the corpus's events, or those belonging to all of these entities."""
    linked = lib.linked()
    who = unique_entities(lib.find_entity(n) for n in names)
    if who:
        shared = shared_articles(who)
        articles = shared if articles is None else articles & shared
    store = lib._store()
    timeline = build_timeline(store, linked.entities.values(), start, end, text, articles)
    if who:
        timeline = own_events(timeline, linked, who, every)
    return _stories.with_stories(store, lib.overrides_path, timeline)


def dossier(lib: Library, name: str) -> Dossier:
    """Library.dossier."""
    detail = lib.entity(name)
    return build_dossier(lib.linked(), detail, lib.timeline(person=detail.entity.id), lib.titles)


def together(lib: Library, names: Sequence[str], query: str | None) -> Together:
    """Library.together."""
    from . import links as _links  # the index engine loads with the library, not with the records

    who = unique_entities(lib.find_entity(n) for n in names)
    quotes = _links.quotes(lib._store(), lib.linked(), who)
    spans_of = (lambda article: lib.match_spans(article, query)) if query else None
    return build_together(who, lib.timeline(people=[e.id for e in who]), quotes, lib.titles, spans_of)
