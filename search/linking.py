"""Cross-article linking: one entity per real person, organisation or place.

Runs over the stored mention table (surface forms, names resolved within each
article, spans), never over article text, so a new article that reveals a full
name re-links bare surnames elsewhere without re-reading anything. User
corrections from the override file are applied here too.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .errors import OverridesError
from .gazetteer import default_gazetteer
from .models import Entity, Role


class MentionRow(NamedTuple):
    """One stored mention (a tuple: hundreds of thousands are built per linking run)."""

    article: str
    surface: str
    name: str
    kind: str
    start: int
    end: int
    where: str
    role: str
    side: str


@dataclass
class Overrides:
    """User corrections: merges, splits, renames, roles, suppressions, extra names."""

    merge: list[tuple[list[str], str]] = field(default_factory=list)
    split: list[tuple[str, set[str], str]] = field(default_factory=list)
    rename: dict[str, str] = field(default_factory=dict)
    roles: dict[str, list[str]] = field(default_factory=dict)
    suppress: set[str] = field(default_factory=set)
    people: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> Overrides:
        """Read an override file; a missing file means no overrides."""
        if path is None or not path.exists():
            return cls()
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise OverridesError(f"cannot read override file {path}: {exc}") from exc
        o = cls()
        for item in raw.get("merge", []):
            names = [str(n) for n in item.get("names", [])]
            into = str(item.get("into") or (names[0] if names else ""))
            if names and into:
                o.merge.append((names, into))
        for item in raw.get("split", []):
            name, into = str(item.get("name", "")), str(item.get("into", ""))
            if name and into:
                o.split.append((name, {str(a) for a in item.get("articles", [])}, into))
        o.rename = {str(k): str(v) for k, v in raw.get("rename", {}).items()}
        o.roles = {str(k): [str(r) for r in (v if isinstance(v, list) else [v])]
                   for k, v in raw.get("roles", {}).items()}
        o.suppress = {str(s).lower() for s in raw.get("suppress", [])}
        o.people = {str(k): [str(a) for a in v] for k, v in raw.get("people", {}).items()}
        return o


_UNSET = object()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


@lru_cache(maxsize=100_000)
def person_key(name: str) -> tuple[str, str]:
    """(normalised given name, surname); middle initials and nicknames folded."""
    nick = default_gazetteer().nicknames
    parts = [p for p in name.replace(".", " ").split() if not (len(p) == 1 and p.isupper())]
    if not parts:
        return ("", "")
    if len(parts) == 1 or parts[0].islower():
        # A surname alone, or one opened by a particle ("bin Laden", "van Gogh").
        return ("", parts[-1].lower())
    first = parts[0].lower()
    return (nick.get(first, first), parts[-1].lower())


@dataclass
class _Cluster:
    kind: str
    names: Counter = field(default_factory=Counter)
    surfaces: Counter = field(default_factory=Counter)
    rows: list[MentionRow] = field(default_factory=list)


@dataclass(frozen=True)
class LinkedCorpus:
    """Entities and the mention rows that belong to each."""

    entities: dict[str, Entity]
    mentions: dict[str, list[MentionRow]]
    by_alias: dict[str, list[str]]  # lowercase alias -> entity ids
    # The names (as extracted per article) each entity's mentions carry, and who carries each.
    names_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    name_owners: dict[tuple[str, str], set[str]] = field(default_factory=dict)

    def resolve(self, name: str, kind: str | None = None) -> list[str]:
        """Entity ids whose name or any alias is name (case-insensitive)."""
        ids = self.by_alias.get(" ".join(name.lower().split()), [])
        if kind:
            ids = [i for i in ids if self.entities[i].kind == kind]
        return sorted(ids, key=lambda i: -len(self.entities[i].articles))


def link(rows: Iterable[MentionRow], overrides: Overrides | None = None) -> LinkedCorpus:
    """Group mention rows into entities across the corpus."""
    o = overrides or Overrides()
    rows = [r for r in rows if r.surface.lower() not in o.suppress and r.name.lower() not in o.suppress]
    alias_to_person: dict[str, str] = {}
    for canonical, aliases in o.people.items():
        for a in (canonical, *aliases):
            alias_to_person[a.lower()] = canonical

    clusters: dict[tuple, _Cluster] = {}

    def add(key: tuple, kind: str, row: MentionRow, name: str) -> None:
        c = clusters.get(key)
        if c is None:
            c = clusters[key] = _Cluster(kind)
        c.names[name] += 1
        c.surfaces[row.surface] += 1
        c.rows.append(row)

    # Persons with a full name form the anchors; bare surnames attach to them.
    full_by_surname: dict[str, set[tuple]] = defaultdict(set)
    articles_of: dict[tuple, set[str]] = defaultdict(set)
    for r in rows:
        if r.kind == "person":
            name = alias_to_person.get(r.name.lower(), r.name)
            k = person_key(name)
            if k[0]:
                full_by_surname[k[1]].add(k)
                articles_of[k].add(r.article)
    single_person_surnames = {person_key(r.name)[1] for r in rows
                              if r.kind == "person" and not person_key(r.name)[0]}
    entities_in_article: dict[str, set[tuple]] = defaultdict(set)
    for k, arts in articles_of.items():
        for a in arts:
            entities_in_article[a].add(k)

    # How many articles each full name shares with each other full name.
    cooccurs: dict[tuple, Counter] = defaultdict(Counter)
    for keys in entities_in_article.values():
        for key in keys:
            cooccurs[key].update(keys)
    choices: dict[tuple[str, str], object] = {}
    deferred: list[MentionRow] = []
    for r in rows:
        if r.kind in ("org", "place"):
            add((r.kind, r.name.lower()), r.kind, r, r.name)
            continue
        name = alias_to_person.get(r.name.lower(), r.name)
        k = person_key(name)
        if r.kind == "person" and k[0]:
            add(("person", *k), "person", r, name)
        else:
            deferred.append(r)
    for r in deferred:
        name = alias_to_person.get(r.name.lower(), r.name)
        k = person_key(name)
        if not k[1]:
            continue
        options = full_by_surname.get(k[1], set())
        if len(options) > 1:
            # Context: prefer the namesake who shares the most articles with this one's people.
            choice = choices.get((r.article, k[1]), _UNSET)
            if choice is _UNSET:
                here = entities_in_article.get(r.article, set())
                scores = sorted(((sum(cooccurs[o][e] for e in here), o) for o in options), reverse=True)
                tie = scores[0][0] == scores[1][0]
                choice = choices[(r.article, k[1])] = None if tie else scores[0][1]
            options = set() if choice is None else {choice}
        if len(options) == 1:
            target = next(iter(options))
            add(("person", *target), "person", r, name)
        elif r.kind == "person" or (r.kind == "candidate" and k[1] in single_person_surnames):
            add(("person", "", k[1]), "person", r, name)

    # User merges and splits, by display name.
    def display(c: _Cluster) -> str:
        return _display_name(c)

    by_display: dict[str, tuple] = {}
    for key, c in clusters.items():
        by_display.setdefault(display(c).lower(), key)
        for n in c.names:
            by_display.setdefault(n.lower(), key)
    for names, into in o.merge:
        keys = [by_display.get(n.lower()) for n in names]
        keys = [k for k in keys if k is not None and k in clusters]
        if len(keys) < 2:
            continue
        target = clusters[keys[0]]
        for k in keys[1:]:
            if k == keys[0]:
                continue
            other = clusters.pop(k)
            target.names.update(other.names)
            target.surfaces.update(other.surfaces)
            target.rows.extend(other.rows)
        target.names[into] += 10**6
    for name, arts, into in o.split:
        k = by_display.get(name.lower())
        if k is None or k not in clusters:
            continue
        c = clusters[k]
        moved = [r for r in c.rows if r.article in arts]
        if not moved:
            continue
        c.rows = [r for r in c.rows if r.article not in arts]
        new = clusters.setdefault(("split", into.lower()), _Cluster(c.kind))
        new.rows.extend(moved)
        new.names[into] += 10**6
        for r in moved:
            new.surfaces[r.surface] += 1

    entities: dict[str, Entity] = {}
    mentions: dict[str, list[MentionRow]] = {}
    by_alias: dict[str, list[str]] = defaultdict(list)
    for c in clusters.values():
        if not c.rows:
            continue
        found = display(c)
        name = o.rename.get(found, found)
        eid = f"{c.kind}:{slug(name)}"
        while eid in entities:
            eid += "-2"
        aliases = sorted({*c.names, *c.surfaces} - {name}, key=str.lower)
        aliases = [a for a in aliases if a.lower() != name.lower() or a != name]
        roles: dict[tuple[str, str], Role] = {}
        for r in c.rows:
            if r.role:
                roles.setdefault((r.role.lower(), r.article), Role(r.role, r.article, r.side))
        # Roles may be given under the name found in the text or the name it is renamed to.
        for extra in [*o.roles.get(found, []), *o.roles.get(name, [])]:
            roles.setdefault((extra.lower(), ""), Role(extra, ""))
        sides = Counter(r.side for r in c.rows if r.side)
        arts = tuple(dict.fromkeys(sorted(r.article for r in c.rows)))
        entities[eid] = Entity(
            id=eid,
            name=name,
            kind=c.kind,
            aliases=tuple(aliases),
            roles=tuple(roles.values()),
            articles=arts,
            mentions=len(c.rows),
            side=sides.most_common(1)[0][0] if sides else "",
        )
        c.rows.sort(key=lambda r: (r.article, r.where, r.start))
        mentions[eid] = c.rows
        keys = {name.lower(), *(a.lower() for a in aliases)}
        if c.kind == "person":
            keys.add(name.split()[-1].lower())
        for key in keys:
            by_alias[" ".join(key.split())].append(eid)
    names_of: dict[str, tuple[str, ...]] = {}
    name_owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for eid, rows_of in mentions.items():
        kind = entities[eid].kind
        found = {n for r in rows_of for n in (r.name, r.surface)}
        names_of[eid] = tuple(sorted(found))
        for n in found:
            name_owners[(kind, n.lower())].add(eid)
    return LinkedCorpus(entities, mentions, dict(by_alias), names_of, dict(name_owners))


def _display_name(c: _Cluster) -> str:
    """The most used full form; ties go to the longer, then the formal given name."""
    nick = default_gazetteer().nicknames

    def rank(item: tuple[str, int]) -> tuple:
        name, count = item
        first = name.split()[0].lower() if name.split() else ""
        return (len(name.split()) > 1, count, first not in nick, len(name))

    return max(c.names.items(), key=rank)[0]
