"""Cross-article linking: one entity per real person, organisation or place.

Runs over the stored mention table (surface forms, names resolved within each
article, spans), never over article text, so a new article that reveals a full
name re-links bare surnames elsewhere without re-reading anything. User
corrections from the override file are applied here too.
"""

from __future__ import annotations

import ast
import datetime
import json
import re
import tomllib
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
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
        """Read an override file; a missing file means no overrides.

        Every value is checked against the documented format: a wrong type, a blank name
        or an unknown key raises OverridesError naming the file and the key, since a
        value coerced or ignored would change the entities without telling the user.
        """
        if path is None or not path.exists():
            return cls()
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise OverridesError(f"cannot read override file {path}: {_toml_reason(exc)}") from exc
        except UnicodeDecodeError as exc:
            reason = "it is not UTF-8 text"
            raise OverridesError(f"cannot read override file {path}: {reason}") from exc
        except OSError as exc:
            reason = (exc.strerror or "the file cannot be opened").lower()
            raise OverridesError(f"cannot read override file {path}: {reason}") from exc
        try:
            return _parse_overrides(cls(), raw)
        except _BadOverride as exc:
            raise OverridesError(f"{path}: {exc}") from None


# -- reading the override file ---------------------------------------------------------------

# "stories" is read by search.story_list.
_OVERRIDE_KEYS = ("suppress", "merge", "split", "rename", "roles", "people", "stories")
_MERGE_KEYS = ("names", "into")
_SPLIT_KEYS = ("name", "articles", "into")
_MISSING = object()
_NAME = "a name (text)"
_NAMES = "a list of names"


class _BadOverride(Exception):
    """One wrong value in the override file; the message lacks only the file's name."""


def _parse_overrides(o: Overrides, raw: dict) -> Overrides:
    _known_keys(raw, "", _OVERRIDE_KEYS)
    for n, item in enumerate(_sections(raw, "merge", "a [[merge]] section (names, into)"), 1):
        where = f"merge[{n}]"
        _known_keys(item, where, _MERGE_KEYS)
        names = _name_list(item.get("names", _MISSING), f"{where}.names", _NAMES, _NAME)
        into = item.get("into", _MISSING)
        into = names[0] if into is _MISSING else _name(into, f"{where}.into")
        o.merge.append((names, into))
    splits = _sections(raw, "split", "a [[split]] section (name, articles, into)")
    for n, item in enumerate(splits, 1):
        where = f"split[{n}]"
        _known_keys(item, where, _SPLIT_KEYS)
        name = _name(item.get("name", _MISSING), f"{where}.name")
        articles = _name_list(
            item.get("articles", _MISSING), f"{where}.articles", "a list of article ids", "an article id (text)"
        )
        into = _name(item.get("into", _MISSING), f"{where}.into")
        o.split.append((name, set(articles), into))
    rename = _table(raw, "rename", 'a [rename] table ("old name" = "new name")')
    o.rename = {_name(k, f"rename.{_key(k)}"): _name(v, f"rename.{_key(k)}") for k, v in rename.items()}
    roles = _table(raw, "roles", 'a [roles] table ("name" = ["role", ...])')
    for k, v in roles.items():
        where = f"roles.{_key(k)}"
        _name(k, where)
        if isinstance(v, str):  # one role may be written without brackets
            o.roles[k] = [_name(v, where, "a role (text) or a list of roles")]
        else:
            o.roles[k] = _name_list(v, where, "a role (text) or a list of roles", "a role (text)", empty_ok=True)
    suppress = _name_list(raw.get("suppress", []), "suppress", _NAMES, _NAME, empty_ok=True)
    o.suppress = {s.lower() for s in suppress}
    people = _table(raw, "people", 'a [people] table ("name" = ["other name", ...])')
    for k, v in people.items():
        where = f"people.{_key(k)}"
        _name(k, where)
        o.people[k] = _name_list(v, where, "a list of other names", _NAME, empty_ok=True)
    return o


def _known_keys(table: dict, where: str, known: tuple[str, ...]) -> None:
    for k in table:
        if k not in known:
            full = f"{where}.{_key(k)}" if where else _key(k)
            raise _BadOverride(f"{full} is not a known key (known keys: {', '.join(known)})")


def _sections(raw: dict, key: str, expected: str) -> list[dict]:
    """The [[key]] sections, each checked to be a section."""
    value = raw.get(key, [])
    if isinstance(value, dict):
        raise _BadOverride(f"{key} must be written as [[{key}]] sections, not as one [{key}] table")
    if not isinstance(value, list):
        raise _BadOverride(f"{key} must be a list of [[{key}]] sections, not {_describe(value)}")
    for n, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise _BadOverride(f"{key}[{n}] must be {expected}, not {_describe(item)}")
    return value


def _table(raw: dict, key: str, expected: str) -> dict:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise _BadOverride(f"{key} must be {expected}, not {_describe(value)}")
    return value


def _name(value: object, where: str, expected: str = _NAME) -> str:
    """A non-blank piece of text (names, article ids, roles)."""
    if value is _MISSING:
        raise _BadOverride(f"{where} is missing; it must be {expected}")
    if not isinstance(value, str) or not value.strip():
        raise _BadOverride(f"{where} must be {expected}, not {_describe(value)}")
    return value


def _name_list(value: object, where: str, expected: str, item: str, empty_ok: bool = False) -> list[str]:
    if value is _MISSING:
        raise _BadOverride(f"{where} is missing; it must be {expected}")
    if not isinstance(value, list) or not (value or empty_ok):
        raise _BadOverride(f"{where} must be {expected}, not {_describe(value)}")
    return [_name(v, f"{where}[{n}]", item) for n, v in enumerate(value, 1)]


def _key(key: str) -> str:
    """A key as it is written in TOML: bare when it can be, else quoted."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _quoted(key)


def _quoted(text: str, limit: int = 60) -> str:
    """Text in double quotes, shortened, with anything that would break the line escaped."""
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(c if len(f"a{c}b".splitlines()) == 1 else f"\\u{ord(c):04x}" for c in quoted)


def _describe(value: object) -> str:
    """A value in the words of the file's format, shown briefly on one line."""
    if isinstance(value, bool):
        return f"true/false ({'true' if value else 'false'})"
    if isinstance(value, int | float):
        return f"a number ({_number(value)})"
    if isinstance(value, datetime.datetime):
        return f"a date and time ({value.isoformat()})"
    if isinstance(value, datetime.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, datetime.time):
        return f"a time ({value.isoformat()})"
    if isinstance(value, str):
        if not value:
            return 'empty text ("")'
        return f"text ({_quoted(value)})" if value.strip() else f"blank text ({_quoted(value)})"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a table"
    return "an unknown value"


def _number(value: int | float) -> str:
    text = str(value).lower()
    return text if len(text) <= 30 else f"{text[:27]}..."


def _toml_reason(exc: tomllib.TOMLDecodeError) -> str:
    """The parser's message, with keys shown as TOML writes them rather than as tuples."""

    def dotted(m: re.Match) -> str:
        try:
            parts = ast.literal_eval(m.group(0))
        except (ValueError, SyntaxError):
            return m.group(0)
        if isinstance(parts, tuple) and parts and all(isinstance(p, str) for p in parts):
            return ".".join(_key(p) for p in parts)
        return m.group(0)

    part = r"""(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
    text = re.sub(rf"\({part}(?:, {part})*,?\)", dotted, str(exc))
    return " ".join(text.split())


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


Rows = Iterable[MentionRow] | Callable[[], Iterable[MentionRow]]


def link(rows: Rows, overrides: Overrides | None = None) -> LinkedCorpus:
    """Group mention rows into entities across the corpus.

    rows is a list, or a function giving the same rows in the same order each time it
    is called: linking reads them a few times and keeps none (a large corpus holds
    millions).
    """
    source = rows if callable(rows) else (lambda: rows)
    o = overrides or Overrides()
    suppress = o.suppress
    alias_to_person: dict[str, str] = {}
    for canonical, aliases in o.people.items():
        for a in (canonical, *aliases):
            alias_to_person[a.lower()] = canonical

    # Articles are numbered as met; strings are shared, so each id is held once.
    numbers: dict[str, int] = {}
    article_ids: list[str] = []

    def number(article: str) -> int:
        n = numbers.get(article)
        if n is None:
            n = numbers[article] = len(article_ids)
            article_ids.append(article)
        return n

    def kept() -> Iterator[tuple[int, MentionRow]]:
        for i, r in enumerate(source()):
            if r.surface.lower() not in suppress and r.name.lower() not in suppress:
                yield i, r

    def resolved_name(r: MentionRow) -> str:
        return r.name if r.kind in ("org", "place") else alias_to_person.get(r.name.lower(), r.name)

    # Persons with a full name form the anchors; bare surnames attach to them.
    full_by_surname: dict[str, set[tuple[str, str]]] = defaultdict(set)
    # Full names per article.
    entities_in_article: dict[int, set[tuple[str, str]]] = defaultdict(set)
    single_person_surnames: set[str] = set()
    for _, r in kept():
        if r.kind == "person":
            k = person_key(alias_to_person.get(r.name.lower(), r.name))
            if k[0]:
                full_by_surname[k[1]].add(k)
                entities_in_article[number(r.article)].add(k)
            if not person_key(r.name)[0]:
                single_person_surnames.add(person_key(r.name)[1])

    # How many articles each full name shares with each other full name, for the names
    # whose surname is shared (the only ones it is asked of: a dense table over every
    # name of a large corpus would be the largest thing linking holds).
    shared = {k for options in full_by_surname.values() if len(options) > 1 for k in options}
    cooccurs: dict[tuple, Counter] = defaultdict(Counter)
    for keys in entities_in_article.values():
        for key in keys & shared if shared else ():
            cooccurs[key].update(keys)

    clusters: dict[tuple, _Cluster] = {}
    every: list[_Cluster] = []
    assign = array("i")

    def add(i: int, key: tuple, kind: str, row: MentionRow, name: str) -> None:
        c = clusters.get(key)
        if c is None:
            c = clusters[key] = _Cluster(kind, len(every))
            every.append(c)
        c.add(row, name, number(row.article))
        if len(assign) <= i:
            assign.extend([-1] * (i + 1 - len(assign)))
        assign[i] = c.index

    def deferred(r: MentionRow) -> bool:
        return r.kind not in ("org", "place") and not (r.kind == "person" and person_key(resolved_name(r))[0])

    for i, r in kept():
        if r.kind in ("org", "place"):
            add(i, (r.kind, r.name.lower()), r.kind, r, r.name)
        elif not deferred(r):
            name = resolved_name(r)
            add(i, ("person", *person_key(name)), "person", r, name)
    choices: dict[tuple[str, str], tuple[str, str] | None] = {}
    for i, r in kept():
        if not deferred(r):
            continue
        name = resolved_name(r)
        k = person_key(name)
        if not k[1]:
            continue
        options = full_by_surname.get(k[1], set())
        if len(options) > 1:
            # Context: prefer the namesake who shares the most articles with this one's people.
            choice_key = (r.article, k[1])
            if choice_key in choices:
                choice = choices[choice_key]
            else:
                here = entities_in_article.get(numbers.get(r.article, -1), set())
                scores = sorted(((sum(cooccurs[o][e] for e in here), o) for o in options), reverse=True)
                tie = scores[0][0] == scores[1][0]
                choice = choices[choice_key] = None if tie else scores[0][1]
            options = set() if choice is None else {choice}
        if len(options) == 1:
            target = next(iter(options))
            add(i, ("person", *target), "person", r, name)
        elif r.kind == "person" or (r.kind == "candidate" and k[1] in single_person_surnames):
            add(i, ("person", "", k[1]), "person", r, name)
    del choices, cooccurs, entities_in_article

    # User merges and splits, by display name.
    by_display: dict[str, tuple] = {}
    for key, c in clusters.items():
        by_display.setdefault(_display_name(c).lower(), key)
        for n in c.names:
            by_display.setdefault(n.lower(), key)
    redirect: dict[int, int] = {}  # a merged cluster's index -> the index of the one it joined
    for names, into in o.merge:
        found_keys = [by_display.get(n.lower()) for n in names]
        merge_keys = [mk for mk in found_keys if mk is not None and mk in clusters]
        if len(merge_keys) < 2:
            continue
        survivor = clusters[merge_keys[0]]
        for mk in merge_keys[1:]:
            if mk == merge_keys[0]:
                continue
            other = clusters.pop(mk)
            survivor.absorb(other)
            redirect[other.index] = survivor.index
        survivor.names[into] += 10**6

    def final(index: int) -> int:
        while index in redirect:
            index = redirect[index]
        return index

    for name, arts, into in o.split:
        split_key = by_display.get(name.lower())
        if split_key is None or split_key not in clusters:
            continue
        c = clusters[split_key]
        moved = [
            (i, r)
            for i, r in kept()
            if r.article in arts and i < len(assign) and assign[i] >= 0 and final(assign[i]) == c.index
        ]
        if not moved:
            continue
        key = ("split", into.lower())
        new = clusters.get(key)
        if new is None:
            new = clusters[key] = _Cluster(c.kind, len(every))
            every.append(new)
        for i, r in moved:
            c.remove(r, resolved_name(r))
            new.add(r, None, number(r.article))
            assign[i] = new.index
        c.drop_articles(numbers[a] for a in arts if a in numbers)
        c.roles = {rk: role for rk, role in c.roles.items() if rk[1] not in arts}
        new.names[into] += 10**6

    entities: dict[str, Entity] = {}
    position: dict[int, int] = {}
    by_alias: dict[str, list[str]] = defaultdict(list)
    names_of: dict[str, tuple[str, ...]] = {}
    name_owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in clusters.values():
        if not c.count:
            continue
        found = _display_name(c)
        name = o.rename.get(found, found)
        eid = f"{c.kind}:{slug(name)}"
        while eid in entities:
            eid += "-2"
        aliases = sorted({*c.names, *c.surfaces} - {name}, key=str.lower)
        aliases = [a for a in aliases if a.lower() != name.lower() or a != name]
        roles = dict(c.roles)
        # Roles may be given under the name found in the text or the name it is renamed to.
        for extra in [*o.roles.get(found, []), *o.roles.get(name, [])]:
            roles.setdefault((extra.lower(), ""), Role(extra, ""))
        position[c.index] = len(entities)
        entities[eid] = Entity(
            id=eid,
            name=name,
            kind=c.kind,
            aliases=tuple(aliases),
            roles=tuple(roles.values()),
            articles=tuple(sorted(article_ids[n] for n in c.article_numbers())),
            mentions=c.count,
            side=c.sides.most_common(1)[0][0] if c.sides else "",
        )
        alias_keys = {name.lower(), *(a.lower() for a in aliases)}
        if c.kind == "person":
            alias_keys.add(name.split()[-1].lower())
        for alias_key in alias_keys:
            by_alias[" ".join(alias_key.split())].append(eid)
        names_of[eid] = tuple(sorted(c.found))
        for n in c.found:
            name_owners[(c.kind, n.lower())].add(eid)
    for index in redirect:
        if final(index) in position:
            position[index] = position[final(index)]
    lookup = [position.get(c.index, -1) for c in every]
    row_entity = array("i", (lookup[a] if a >= 0 else -1 for a in assign))
    return LinkedCorpus(entities, dict(by_alias), names_of, dict(name_owners), tuple(entities), row_entity)


def _display_name(c: _Cluster) -> str:
    """The most used full form; ties go to the longer, then the formal given name."""
    nick = default_gazetteer().nicknames

    def rank(item: tuple[str, int]) -> tuple:
        name, count = item
        first = name.split()[0].lower() if name.split() else ""
        return (len(name.split()) > 1, count, first not in nick, len(name))

    return max(c.names.items(), key=rank)[0]
