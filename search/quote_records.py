"""Speakers of quotes: named within an article at extraction, and linked entities in the store."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from .models import Entity, Quote

if TYPE_CHECKING:
    from .entities import ExtractedMention
    from .quotes import ExtractedQuote


def speakers_quotes(rows: Iterable[tuple], people: Sequence[Entity]) -> list[Quote]:
    """The quotes among rows (Store.quote_rows) whose speaker is one of these people.

    A row belongs to a person when its article is one of the person's articles and its
    speaker is the person's name or an alias; when two people of one article share a
    name, the first in order (the caller's, usually by article count) takes it.
    """
    owner: dict[tuple[str, str], Entity] = {}
    for e in people:
        names = (e.name, *e.aliases)
        for art in e.articles:
            for name in names:
                owner.setdefault((art, name), e)
    out: list[Quote] = []
    for article, speaker, text, start, end, where, kind, day in rows:
        who = owner.get((article, speaker))
        if who is None:
            continue
        out.append(
            Quote(
                article,
                text,
                start,
                end,
                where,
                speaker=who.name,
                kind=kind or "reported",
                entity_id=who.id,
                date=date.fromisoformat(day) if day else None,
            )
        )
    return out


def link_speakers(
    quotes: list[ExtractedQuote], unlinked: list[ExtractedMention], linked: list[ExtractedMention]
) -> list[ExtractedQuote]:
    """Quotes with their speakers' names as linked within the article (a surname becomes the
    full name).  A speaker must be a person, or a candidate with a full name (cross-article
    linking may still confirm it); other quotes are dropped."""
    names: dict[str, str] = {}
    persons: set[str] = set()
    for before, after in zip(unlinked, linked, strict=True):
        if after.kind in ("person", "candidate"):
            names.setdefault(before.name, after.name)
            if after.kind == "person":
                names[before.name] = after.name
                persons.add(after.name)
    full: dict[str, set[str]] = {}
    for m in linked:
        if m.kind in ("person", "candidate") and " " in m.name:
            full.setdefault(m.name.split()[-1], set()).add(m.name)
    for name, to in names.items():
        options = full.get(to, set()) if " " not in to else set()
        if len(options) == 1:
            names[name] = next(iter(options))  # "Dobrescu" alone, beside "Mirela Dobrescu"
    kept = {name: to for name, to in names.items() if to in persons or " " in to}
    return [replace(q, speaker=kept[q.speaker]) for q in quotes if q.speaker in kept]
