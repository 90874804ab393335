"""The corpus's merged timeline held once, and any entity's share of it read a page at a time.

Merging reads every event row, so it is done once per generation of the links; an entity's
events are then found through the articles that name it (an inverted map from article to
event), kept to those whose sentence names it or holds its quote unless every event of its
articles is asked for, and its groups counted once and kept for the next page.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .events import names_entity
from .models import Entity, Event, Timeline, TimelineGroup, TimelinePage, Unresolved

# Entities whose selection (events and groups) is kept for their next pages.
_KEPT_SELECTIONS = 16
_MONTHLY = ("day", "week", "month")


# A range of days (either end open: None).
Window = tuple[date | None, date | None]


def _overlaps(e: Event, first: date | None, last: date | None) -> bool:
    return (first is None or e.end >= first) and (last is None or e.start <= last)


def group_label(e: Event) -> str:
    """The heading an event is listed under: its month, or its year when it spans longer."""
    return e.start.strftime("%B %Y") if e.precision in _MONTHLY else str(e.start.year)


@dataclass(frozen=True)
class _Selection:
    positions: Sequence[int]  # places in the corpus's timeline, in order
    groups: tuple[TimelineGroup, ...]
    unresolved: tuple[Unresolved, ...]
    reasons: tuple[tuple[str, int], ...]


class TimelineIndex:
    """One generation's merged timeline, with pages of it for the corpus or one entity."""

    def __init__(self, timeline: Timeline) -> None:
        self.events = timeline.events
        self.unresolved = timeline.unresolved
        self.labels = [group_label(e) for e in self.events]
        self.position = {e.id: i for i, e in enumerate(self.events)}
        self.by_article: dict[str, list[int]] = {}
        for i, e in enumerate(self.events):
            for a in dict.fromkeys(e.articles):
                self.by_article.setdefault(a, []).append(i)
        self._kept: OrderedDict[str, _Selection] = OrderedDict()
        self._lock = threading.Lock()

    def event(self, event_id: str) -> Event | None:
        i = self.position.get(event_id)
        return self.events[i] if i is not None else None

    def page(
        self,
        entity: Entity | None,
        offset: int,
        limit: int,
        names: frozenset[str] = frozenset(),
        every: bool = False,
        within: Window = (None, None),
    ) -> TimelinePage:
        """limit events from offset, of the entity's timeline (the corpus's for None): the events
        naming it (any of names) or holding its quote; every: each event of its articles;
        within: only the events overlapping those days (either end open)."""
        sel = self._selection(entity, names, every, within)
        offset = max(0, min(offset, len(sel.positions)))
        events = tuple(self.events[i] for i in sel.positions[offset : offset + limit])
        return TimelinePage(events, offset, len(sel.positions), sel.groups, sel.reasons, entity.id if entity else "")

    def unresolved_of(self, entity: Entity | None, reason: str | None, offset: int, limit: int) -> list[Unresolved]:
        """The entity's unplaced expressions (of one reason, or all), limit from offset."""
        rows = self._selection(entity, frozenset(), True, (None, None)).unresolved
        if reason is not None:
            rows = tuple(u for u in rows if u.reason == reason)
        return list(rows[offset : offset + limit])

    def _selection(self, entity: Entity | None, names: frozenset[str], every: bool, within: Window) -> _Selection:
        every = every or not names
        key = f"{entity.id if entity else ''}\t{every}\t{within}"
        with self._lock:
            sel = self._kept.get(key)
            if sel is not None:
                self._kept.move_to_end(key)
                return sel
        sel = self._select(entity, names, every, within)
        with self._lock:
            self._kept[key] = sel
            while len(self._kept) > _KEPT_SELECTIONS:
                self._kept.popitem(last=False)
        return sel

    def _select(self, entity: Entity | None, names: frozenset[str], every: bool, within: Window) -> _Selection:
        if entity is None:
            positions: Sequence[int] = range(len(self.events))
            unresolved = self.unresolved
        else:
            found: set[int] = set()
            for a in entity.articles:
                found.update(self.by_article.get(a, ()))
            arts = set(entity.articles)
            if not every:
                found = {i for i in found if names_entity(self.events[i], arts, names)}
            positions = sorted(found)
            unresolved = tuple(u for u in self.unresolved if u.article in arts)
        first, last = within
        if first is not None or last is not None:
            positions = [i for i in positions if _overlaps(self.events[i], first, last)]
        reasons = tuple(Counter(u.reason for u in unresolved).most_common())
        return _Selection(positions, self._groups(positions), unresolved, reasons)

    def _groups(self, positions: Sequence[int]) -> tuple[TimelineGroup, ...]:
        """Runs of consecutive events under one heading, with their sizes."""
        groups: list[TimelineGroup] = []
        label, start = None, 0
        for n, i in enumerate(positions):
            if self.labels[i] != label:
                if label is not None:
                    groups.append(TimelineGroup(label, n - start, start))
                label, start = self.labels[i], n
        if label is not None:
            groups.append(TimelineGroup(label, len(positions) - start, start))
        return tuple(groups)
