"""Tables worked out once names are linked: what a keypress needs, so that it only reads.

Per-entity articles per month, each entity's most frequent companions among people, and the
command palette's name table (entities by name, alias, role and side; events by text).
They are written beside the index under the links' key and rebuilt only when it changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from .linking import LinkedCorpus
from .models import Entity, Event, PaletteItem
from .store import Store
from .store_tables import PaletteRow

# Companions kept per entity; the dossier shows a few, the sidebar fewer.
COMPANIONS = 16
# Role phrases of an entity put in its palette terms (the most frequent).
_ROLES_IN_TERMS = 6
_EVENT_LABEL = 90
_META_KEY = "derived_key"


def tables_current(store: Store, key: tuple) -> bool:
    """Whether the tables were written for these links."""
    return store.get_meta(_META_KEY) == repr(key)


def write_tables(store: Store, key: tuple, linked: LinkedCorpus, events: Sequence[Event]) -> None:
    """Work out every table anew from the linked entities and the corpus's events."""
    entities = sorted(linked.entities.values(), key=lambda e: (-len(e.articles), -e.mentions, e.name.lower()))
    month_of = dict(store.article_months())
    store.derived.replace_all(
        _months(entities, month_of),
        _companions(entities),
        _palette_rows(entities, events),
    )
    store.set_meta(_META_KEY, repr(key))
    store.db.commit()


def _months(entities: Iterable[Entity], month_of: dict[str, str]) -> Iterator[tuple[str, str, int]]:
    for e in entities:
        counts = Counter(month_of[a] for a in e.articles if a in month_of)
        for month, n in counts.items():
            yield (e.id, month, n)


def _companions(entities: Sequence[Entity]) -> Iterator[tuple[str, str, int, str, str, int]]:
    """(entity, 'person', rank, other id, other name, shared articles), the top COMPANIONS."""
    people_of: dict[str, list[str]] = {}
    names = {}
    for e in entities:
        if e.kind == "person":
            names[e.id] = e.name
            for a in e.articles:
                people_of.setdefault(a, []).append(e.id)
    for e in entities:
        counts: Counter[str] = Counter()
        for a in e.articles:
            counts.update(people_of.get(a, ()))
        counts.pop(e.id, None)
        top = sorted(counts.items(), key=lambda x: (-x[1], names[x[0]].lower()))[:COMPANIONS]
        for rank, (other, n) in enumerate(top):
            yield (e.id, "person", rank, other, names[other], n)


def _palette_rows(entities: Sequence[Entity], events: Sequence[Event]) -> Iterator[tuple[PaletteRow, str]]:
    """Entities first (most named first), then events in date order, each with its search terms."""
    for e in entities:
        roles = [r for r, _ in Counter(r.role for r in e.roles).most_common(_ROLES_IN_TERMS)]
        terms = " | ".join(dict.fromkeys((e.name, *e.aliases, e.side, *roles)))
        side = f" · {e.side}" if e.side else ""
        n = len(e.articles)
        help_text = f"{e.kind}{side} · {n} article{'s' if n != 1 else ''}"
        yield PaletteRow(e.name, help_text, "entity", e.id), terms
    for ev in events:
        text = " ".join(ev.text.split())
        when = ev.start.isoformat() + ("" if ev.precision == "day" else f" ({ev.precision})")
        yield PaletteRow(_clip(text, _EVENT_LABEL), f"event · {when}", "event", ev.id), text


def _clip(text: str, width: int) -> str:
    """text cut at a word to at most width characters, with an ellipsis when cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0] or text[: width - 1]
    return cut.rstrip(" ,;:") + "…"


def palette_lookup(store: Store, query: str, limit: int) -> list[PaletteItem]:
    """Entities, then events, matching every word of query; at most limit of each.

    Words of three letters or more are matched anywhere in the terms through the trigram
    table, best rows first; shorter queries match the start of a label.
    """
    words = [w for w in query.split() if len(w) >= 3]
    if not words:
        if not query.strip():
            return []
        rows = store.derived.palette_prefix(query.strip(), limit)
    else:
        rows = store.derived.palette_match(words, "entity", limit) + store.derived.palette_match(words, "event", limit)
    return [PaletteItem(r.label, r.help, r.kind, r.target) for r in dict.fromkeys(rows)]
