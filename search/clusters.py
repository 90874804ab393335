"""What linking builds: clusters of mentions, and the linked corpus it hands out.

A cluster keeps counts, never the rows themselves; the linked corpus keeps the
entities and one small integer per row, and pickles in a compact form.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .gazetteer import default_gazetteer
from .mentions import MentionRow
from .models import Entity, Role


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


class _Cluster:
    """What linking keeps of the mentions it groups: counts, never the rows themselves."""

    __slots__ = ("kind", "index", "names", "surfaces", "found", "count", "articles", "roles", "sides")

    def __init__(self, kind: str, index: int) -> None:
        self.kind = kind
        self.index = index
        self.names: Counter = Counter()  # names as resolved per article
        self.surfaces: Counter = Counter()  # forms as written
        self.found: Counter = Counter()  # both, before user aliases (for query rewriting)
        self.count = 0
        # Article numbers (see link()): a small set, or a bit per article once there are
        # many: sets of strings over a large corpus would hold most of linking's memory,
        # and a bitmap for every one of many rare names would take more still.
        self.articles: set[int] | bytearray = set()
        self.roles: dict[tuple[str, str], Role] = {}
        self.sides: Counter = Counter()

    def add(self, r: MentionRow, name: str | None, article: int) -> None:
        if name is not None:
            self.names[name] += 1
        self.surfaces[r.surface] += 1
        self.found[r.name] += 1
        self.found[r.surface] += 1
        self.count += 1
        self._add_article(article)
        if r.role:
            self.roles.setdefault((r.role.lower(), r.article), Role(r.role, r.article, r.side))
        if r.side:
            self.sides[r.side] += 1

    def _add_article(self, article: int) -> None:
        arts = self.articles
        if isinstance(arts, set):
            arts.add(article)
            if len(arts) > _SET_LIMIT:
                self.articles = _bitmap(arts)
        else:
            _set_bit(arts, article)

    def remove(self, r: MentionRow, name: str) -> None:
        """Take back what add() counted (the caller drops the article's roles and itself)."""
        for counter, key in (
            (self.names, name),
            (self.surfaces, r.surface),
            (self.found, r.name),
            (self.found, r.surface),
            (self.sides, r.side),
        ):
            if key in counter:
                counter[key] -= 1
                if counter[key] <= 0:
                    del counter[key]
        self.count -= 1

    def drop_articles(self, numbers: Iterable[int]) -> None:
        arts = self.articles
        if isinstance(arts, set):
            arts.difference_update(numbers)
            return
        for n in numbers:
            if n >> 3 < len(arts):
                arts[n >> 3] &= ~(1 << (n & 7)) & 0xFF

    def article_numbers(self) -> Iterator[int]:
        arts = self.articles
        if isinstance(arts, set):
            yield from arts
            return
        for i, byte in enumerate(arts):
            if byte:
                for bit in range(8):
                    if byte >> bit & 1:
                        yield i << 3 | bit

    def absorb(self, other: _Cluster) -> None:
        self.names.update(other.names)
        self.surfaces.update(other.surfaces)
        self.found.update(other.found)
        self.count += other.count
        for article in other.article_numbers():
            self._add_article(article)
        for key, role in other.roles.items():
            self.roles.setdefault(key, role)
        self.sides.update(other.sides)


_SET_LIMIT = 256  # articles a cluster keeps as a set before it switches to a bitmap


def _set_bit(bits: bytearray, n: int) -> None:
    byte = n >> 3
    if byte >= len(bits):
        bits.extend(bytes(byte + 1 - len(bits)))
    bits[byte] |= 1 << (n & 7)


def _bitmap(numbers: set[int]) -> bytearray:
    bits = bytearray((max(numbers) >> 3) + 1)
    for n in numbers:
        bits[n >> 3] |= 1 << (n & 7)
    return bits


@dataclass(frozen=True)
class LinkedCorpus:
    """Entities, and which entity each mention row belongs to.

    row_entity[i] is the position in entity_ids of the entity holding the i-th row
    given to link(), or -1 for a row that is no entity (suppressed, or a lone
    candidate). The rows themselves stay where they came from (the side table), so a
    large corpus is linked and kept in memory as counts and one small integer per row.
    """

    entities: dict[str, Entity]
    by_alias: dict[str, list[str]]  # lowercase alias -> entity ids
    # The names (as extracted per article) each entity's mentions carry, and who carries each.
    names_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    name_owners: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    entity_ids: tuple[str, ...] = ()
    row_entity: array = field(default_factory=lambda: array("i"))

    def resolve(self, name: str, kind: str | None = None) -> list[str]:
        """Entity ids whose name or any alias is name (case-insensitive)."""
        ids = self.by_alias.get(" ".join(name.lower().split()), [])
        if kind:
            ids = [i for i in ids if self.entities[i].kind == kind]
        return sorted(ids, key=lambda i: -len(self.entities[i].articles))

    # Saved in a compact form: numbers instead of objects, each string once. Pickling a
    # million article references as objects kept a memo entry per object (hundreds of MB
    # on a large corpus), and loading them made a string per reference.
    def __getstate__(self) -> dict:
        strings: dict[str, int] = {}

        def code(text: str) -> int:
            n = strings.get(text)
            if n is None:
                n = strings[text] = len(strings)
            return n

        entities = []
        for e in self.entities.values():
            roles = array("i")
            for r in e.roles:
                roles.extend((code(r.role), code(r.article), code(r.side)))
            entities.append(
                (e.id, e.name, e.kind, e.aliases, roles, array("i", map(code, e.articles)), e.mentions, e.side)
            )
        return {
            "strings": list(strings),
            "entities": entities,
            "by_alias": self.by_alias,
            "names_of": self.names_of,
            "name_owners": self.name_owners,
            "entity_ids": self.entity_ids,
            "row_entity": self.row_entity,
        }

    def __setstate__(self, state: dict) -> None:
        if "strings" not in state:
            raise ValueError("links saved in an older form")
        strings = state["strings"]
        entities = {}
        for eid, name, kind, aliases, roles, articles, mentions, side in state["entities"]:
            entities[eid] = Entity(
                id=eid,
                name=name,
                kind=kind,
                aliases=aliases,
                roles=tuple(
                    Role(strings[roles[i]], strings[roles[i + 1]], strings[roles[i + 2]])
                    for i in range(0, len(roles), 3)
                ),
                articles=tuple(map(strings.__getitem__, articles)),
                mentions=mentions,
                side=side,
            )
        for attr, value in (
            ("entities", entities),
            ("by_alias", state["by_alias"]),
            ("names_of", state["names_of"]),
            ("name_owners", state["name_owners"]),
            ("entity_ids", state["entity_ids"]),
            ("row_entity", state["row_entity"]),
        ):
            object.__setattr__(self, attr, value)

    def entity_of_row(self, position: int) -> str | None:
        at = self.row_entity[position] if 0 <= position < len(self.row_entity) else -1
        return self.entity_ids[at] if at >= 0 else None

    def rows_of(self, entity_id: str) -> list[int]:
        """Positions of the rows linked to one entity."""
        try:
            target = self.entity_ids.index(entity_id)
        except ValueError:
            return []
        return [i for i, e in enumerate(self.row_entity) if e == target]


def _display_name(c: _Cluster) -> str:
    """The most used full form; ties go to the longer, then the formal given name."""
    nick = default_gazetteer().nicknames

    def rank(item: tuple[str, int]) -> tuple:
        name, count = item
        first = name.split()[0].lower() if name.split() else ""
        return (len(name.split()) > 1, count, first not in nick, len(name))

    return max(c.names.items(), key=rank)[0]
