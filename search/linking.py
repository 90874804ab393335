"""Cross-article linking: one entity per real person, organisation or place.

Runs over the stored mention table (surface forms, names resolved within each
article, spans), never over article text, so a new article that reveals a full
name re-links bare surnames elsewhere without re-reading anything. User
corrections from the override file are applied here too.

link() runs named passes over one _LinkState, in order: anchor the full names,
count which full names share articles (for shared surnames), assign the named
rows, assign the bare surnames, apply the user's merges, then splits, and build
the entities.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .clusters import _SET_LIMIT, LinkedCorpus, _bitmap, _Cluster, _display_name, _set_bit, person_key, slug
from .mentions import MentionRow
from .models import Entity, Role
from .overrides import Overrides

__all__ = [
    "_SET_LIMIT",
    "LinkedCorpus",
    "MentionRow",
    "Overrides",
    "Rows",
    "_Cluster",
    "_bitmap",
    "_set_bit",
    "link",
    "person_key",
    "slug",
]

Rows = Iterable[MentionRow] | Callable[[], Iterable[MentionRow]]
PersonKey = tuple[str, str]


@dataclass
class _LinkState:
    """What the passes share: the rows' source, the user's overrides and the clusters so far."""

    source: Callable[[], Iterable[MentionRow]]
    o: Overrides
    alias_to_person: dict[str, str] = field(default_factory=dict)
    # Articles are numbered as met; strings are shared, so each id is held once.
    numbers: dict[str, int] = field(default_factory=dict)
    article_ids: list[str] = field(default_factory=list)
    # Persons with a full name form the anchors; bare surnames attach to them.
    full_by_surname: dict[str, set[PersonKey]] = field(default_factory=lambda: defaultdict(set))
    entities_in_article: dict[int, set[PersonKey]] = field(default_factory=lambda: defaultdict(set))
    single_person_surnames: set[str] = field(default_factory=set)
    bare_persons: Counter = field(default_factory=Counter)  # one-word person rows per name
    cooccurs: dict[PersonKey, Counter] = field(default_factory=lambda: defaultdict(Counter))
    clusters: dict[tuple, _Cluster] = field(default_factory=dict)
    every: list[_Cluster] = field(default_factory=list)
    assign: array = field(default_factory=lambda: array("i"))
    redirect: dict[int, int] = field(default_factory=dict)  # a merged cluster's index -> the one it joined
    by_display: dict[str, tuple] = field(default_factory=dict)

    def number(self, article: str) -> int:
        n = self.numbers.get(article)
        if n is None:
            n = self.numbers[article] = len(self.article_ids)
            self.article_ids.append(article)
        return n

    def kept(self) -> Iterator[tuple[int, MentionRow]]:
        suppress = self.o.suppress
        for i, r in enumerate(self.source()):
            if r.surface.lower() not in suppress and r.name.lower() not in suppress:
                yield i, r

    def resolved_name(self, r: MentionRow) -> str:
        return r.name if r.kind in ("org", "place") else self.alias_to_person.get(r.name.lower(), r.name)

    def deferred(self, r: MentionRow) -> bool:
        """A row that waits for the anchors: a bare surname or a candidate."""
        return r.kind not in ("org", "place") and not (r.kind == "person" and person_key(self.resolved_name(r))[0])

    def add(self, i: int, key: tuple, kind: str, row: MentionRow, name: str) -> None:
        c = self.clusters.get(key)
        if c is None:
            c = self.clusters[key] = _Cluster(kind, len(self.every))
            self.every.append(c)
        c.add(row, name, self.number(row.article))
        if len(self.assign) <= i:
            self.assign.extend([-1] * (i + 1 - len(self.assign)))
        self.assign[i] = c.index

    def final(self, index: int) -> int:
        while index in self.redirect:
            index = self.redirect[index]
        return index


def link(rows: Rows, overrides: Overrides | None = None) -> LinkedCorpus:
    """Group mention rows into entities across the corpus.

    rows is a list, or a function giving the same rows in the same order each time it
    is called: linking reads them a few times and keeps none (a large corpus holds
    millions).
    """
    source = rows if callable(rows) else (lambda: rows)
    state = _LinkState(source, overrides or Overrides())
    for step in PASSES:
        step(state)
    return build_entities(state)


def read_user_people(s: _LinkState) -> None:
    """Extra names of people from the override file, each alias to its canonical name."""
    for canonical, aliases in s.o.people.items():
        for a in (canonical, *aliases):
            s.alias_to_person[a.lower()] = canonical


def anchor_full_names(s: _LinkState) -> None:
    """Full names per surname and per article; surnames that stand alone as persons."""
    for _, r in s.kept():
        if r.kind != "person":
            continue
        k = person_key(s.alias_to_person.get(r.name.lower(), r.name))
        if k[0]:
            s.full_by_surname[k[1]].add(k)
            s.entities_in_article[s.number(r.article)].add(k)
        if not person_key(r.name)[0]:
            s.single_person_surnames.add(person_key(r.name)[1])
            if " " not in r.name:
                s.bare_persons[r.name.lower()] += 1


def count_shared_surnames(s: _LinkState) -> None:
    """How many articles each full name shares with each other full name, for the names whose
    surname is shared (the only ones it is asked of: a dense table over every name of a large
    corpus would be the largest thing linking holds)."""
    shared = {k for options in s.full_by_surname.values() if len(options) > 1 for k in options}
    if not shared:
        return
    for keys in s.entities_in_article.values():
        for key in keys & shared:
            s.cooccurs[key].update(keys)


def assign_named_rows(s: _LinkState) -> None:
    """Organisations and places by name, persons by their full name."""
    for i, r in s.kept():
        if r.kind in ("org", "place"):
            s.add(i, (r.kind, r.name.lower()), r.kind, r, r.name)
        elif not s.deferred(r):
            name = s.resolved_name(r)
            s.add(i, ("person", *person_key(name)), "person", r, name)


def assign_bare_surnames(s: _LinkState) -> None:
    """A bare surname or candidate joins the one full name with that surname; among namesakes,
    the one who shares the most articles with this article's people; else it stands alone."""
    choices: dict[tuple[str, str], PersonKey | None] = {}
    for i, r in s.kept():
        if not s.deferred(r):
            continue
        name = s.resolved_name(r)
        k = person_key(name)
        if not k[1]:
            continue
        options = s.full_by_surname.get(k[1], set())
        company = _company_named(s, r, name) if not options else None
        if company is not None:
            s.add(i, company, "org", r, name)
            continue
        if len(options) > 1:
            options = _namesake_in_context(s, r.article, k[1], options, choices)
        if len(options) == 1:
            s.add(i, ("person", *next(iter(options))), "person", r, name)
        elif r.kind == "person" or (r.kind == "candidate" and k[1] in s.single_person_surnames):
            s.add(i, ("person", "", k[1]), "person", r, name)
    s.cooccurs.clear()
    s.bare_persons.clear()
    s.entities_in_article.clear()


def _company_named(s: _LinkState, r: MentionRow, name: str) -> tuple[str, str] | None:
    """The organisation a lone word with no role and no full name belongs to, when the corpus
    names it as that organisation at least as often as a person ("Norjet says" beside
    "Norjet maintenance workers" elsewhere): an airline or firm named alone is no person."""
    if r.role or " " in name:
        return None
    key = ("org", name.lower())
    org = s.clusters.get(key)
    return key if org is not None and org.count >= s.bare_persons[key[1]] else None


def _namesake_in_context(
    s: _LinkState, article: str, surname: str, options: set[PersonKey], choices: dict
) -> set[PersonKey]:
    key = (article, surname)
    if key not in choices:
        here = s.entities_in_article.get(s.numbers.get(article, -1), set())
        scores = sorted(((sum(s.cooccurs[o][e] for e in here), o) for o in options), reverse=True)
        choices[key] = None if scores[0][0] == scores[1][0] else scores[0][1]
    choice = choices[key]
    return set() if choice is None else {choice}


def apply_merges(s: _LinkState) -> None:
    """User merges, by display name or any name a cluster carries."""
    for key, c in s.clusters.items():
        s.by_display.setdefault(_display_name(c).lower(), key)
        for n in c.names:
            s.by_display.setdefault(n.lower(), key)
    for names, into in s.o.merge:
        found_keys = [s.by_display.get(n.lower()) for n in names]
        merge_keys = [mk for mk in found_keys if mk is not None and mk in s.clusters]
        if len(merge_keys) < 2:
            continue
        survivor = s.clusters[merge_keys[0]]
        for mk in merge_keys[1:]:
            if mk == merge_keys[0]:
                continue
            other = s.clusters.pop(mk)
            survivor.absorb(other)
            s.redirect[other.index] = survivor.index
        survivor.names[into] += 10**6


def apply_splits(s: _LinkState) -> None:
    """User splits: the named entity's rows in the given articles become an entity of their own."""
    for name, arts, into in s.o.split:
        split_key = s.by_display.get(name.lower())
        if split_key is None or split_key not in s.clusters:
            continue
        c = s.clusters[split_key]
        moved = [
            (i, r)
            for i, r in s.kept()
            if r.article in arts and i < len(s.assign) and s.assign[i] >= 0 and s.final(s.assign[i]) == c.index
        ]
        if not moved:
            continue
        key = ("split", into.lower())
        new = s.clusters.get(key)
        if new is None:
            new = s.clusters[key] = _Cluster(c.kind, len(s.every))
            s.every.append(new)
        for i, r in moved:
            c.remove(r, s.resolved_name(r))
            new.add(r, None, s.number(r.article))
            s.assign[i] = new.index
        c.drop_articles(s.numbers[a] for a in arts if a in s.numbers)
        c.roles = {rk: role for rk, role in c.roles.items() if rk[1] not in arts}
        new.names[into] += 10**6


PASSES: tuple[Callable[[_LinkState], None], ...] = (
    read_user_people,
    anchor_full_names,
    count_shared_surnames,
    assign_named_rows,
    assign_bare_surnames,
    apply_merges,
    apply_splits,
)


@dataclass
class _Built:
    entities: dict[str, Entity] = field(default_factory=dict)
    position: dict[int, int] = field(default_factory=dict)
    by_alias: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    names_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    name_owners: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))


def build_entities(s: _LinkState) -> LinkedCorpus:
    """One Entity per non-empty cluster, its aliases, and each row's entity."""
    b = _Built()
    for c in s.clusters.values():
        if c.count:
            _build_one(s, b, c)
    for index in s.redirect:
        if s.final(index) in b.position:
            b.position[index] = b.position[s.final(index)]
    lookup = [b.position.get(c.index, -1) for c in s.every]
    row_entity = array("i", (lookup[a] if a >= 0 else -1 for a in s.assign))
    return LinkedCorpus(b.entities, dict(b.by_alias), b.names_of, dict(b.name_owners), tuple(b.entities), row_entity)


def _build_one(s: _LinkState, b: _Built, c: _Cluster) -> None:
    found = _display_name(c)
    name = s.o.rename.get(found, found)
    eid = f"{c.kind}:{slug(name)}"
    while eid in b.entities:
        eid += "-2"
    aliases = sorted({*c.names, *c.surfaces} - {name}, key=str.lower)
    aliases = [a for a in aliases if a.lower() != name.lower() or a != name]
    roles = dict(c.roles)
    # Roles may be given under the name found in the text or the name it is renamed to.
    for extra in [*s.o.roles.get(found, []), *s.o.roles.get(name, [])]:
        roles.setdefault((extra.lower(), ""), Role(extra, ""))
    b.position[c.index] = len(b.entities)
    b.entities[eid] = Entity(
        id=eid,
        name=name,
        kind=c.kind,
        aliases=tuple(aliases),
        roles=tuple(roles.values()),
        articles=tuple(sorted(s.article_ids[n] for n in c.article_numbers())),
        mentions=c.count,
        side=c.sides.most_common(1)[0][0] if c.sides else "",
    )
    alias_keys = {name.lower(), *(a.lower() for a in aliases)}
    if c.kind == "person":
        alias_keys.add(name.split()[-1].lower())
    for alias_key in alias_keys:
        b.by_alias[" ".join(alias_key.split())].append(eid)
    b.names_of[eid] = tuple(sorted(c.found))
    for n in c.found:
        b.name_owners[(c.kind, n.lower())].add(eid)
