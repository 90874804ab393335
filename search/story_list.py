"""Stories as the library gives them: grouped articles with the hand corrections applied,
and the conflicts among the reports of their events."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from .conflicts import Conflict, Report, find_conflicts
from .errors import OverridesError
from .models import Event, EventStory, Story, Timeline
from .store import Store
from .stories import StoryOverrides, apply_overrides


def load_overrides(path: Path | None) -> StoryOverrides:
    """The ``[[stories.join]]`` and ``[[stories.split]]`` tables of the override file."""
    if path is None or not path.exists():
        return StoryOverrides()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return StoryOverrides()  # the entity overrides report an unreadable file
    table = raw.get("stories", {})
    if not isinstance(table, dict):
        raise OverridesError(f"{path}: stories must be a table")
    unknown = set(table) - {"join", "split"}
    if unknown:
        raise OverridesError(f"{path}: unknown key stories.{sorted(unknown)[0]} (known: join, split)")
    try:
        return StoryOverrides.from_mapping(table)
    except ValueError as exc:
        raise OverridesError(f"{path}: {exc}") from None


def assignments(store: Store, overrides: StoryOverrides) -> dict[str, str]:
    """Article -> story id, after the hand corrections."""
    rows = store.stories.rows()
    stories = {r.article: r.story for r in rows}
    if not (overrides.joins or overrides.splits):
        return stories
    order = {r.article: (r.day or "9999", r.article) for r in rows}
    return apply_overrides(stories, overrides, order)


def story_groups(store: Store, overrides_path: Path | None) -> dict[str, str]:
    """Every article's story id, after the hand corrections."""
    return assignments(store, load_overrides(overrides_path))


def story_articles(store: Store, overrides_path: Path | None, article: str) -> tuple[str, ...]:
    """The articles of the story ``article`` names or belongs to (none for an unknown id)."""
    overrides = load_overrides(overrides_path)
    if not (overrides.joins or overrides.splits):
        story = store.stories.story_of(article)
        return tuple(store.stories.members(story)) if story else ()
    assigned = assignments(store, overrides)
    story = assigned.get(article)
    return tuple(sorted(a for a, s in assigned.items() if s == story)) if story else ()


def stories(store: Store, overrides_path: Path | None, articles: Iterable[str] | None = None) -> list[Story]:
    """Every story (or those holding one of ``articles``), oldest first; versions newest first."""
    assigned = assignments(store, load_overrides(overrides_path))
    wanted = None if articles is None else {assigned[a] for a in articles if a in assigned}
    members: dict[str, list[str]] = defaultdict(list)
    for article, story in assigned.items():
        if wanted is None or story in wanted:
            members[story].append(article)
    titles = {r.id: r for r in store.titles(sorted({a for m in members.values() for a in m}))}

    def day(article: str) -> date | None:
        row = titles.get(article)
        return date.fromisoformat(row.date) if row and row.date else None

    out = []
    for story, arts in members.items():
        arts.sort(key=lambda a: ((day(a) or date.min).toordinal(), a), reverse=True)
        first = titles.get(story)
        out.append(Story(story, first.title if first else "", day(story), tuple(arts)))
    out.sort(key=lambda s: ((s.date or date.max).toordinal(), s.id))
    return out


def conflicts(store: Store, overrides_path: Path | None, events: Sequence[Event]) -> list[Conflict]:
    """Happenings whose reports, from different stories, disagree on a date or a figure."""
    assigned = assignments(store, load_overrides(overrides_path))
    reports = [
        Report(e.id, s.article, assigned.get(s.article, s.article), s.text, e.start, e.end)
        for e in events
        for s in e.sources
    ]
    return find_conflicts(reports)


def with_stories(store: Store, overrides_path: Path | None, timeline: Timeline) -> Timeline:
    """The timeline with each event's stories: the articles among its sources, by story."""
    if not timeline.events:
        return timeline
    assigned = assignments(store, load_overrides(overrides_path))
    events = []
    for e in timeline.events:
        by: dict[str, list[str]] = {}
        for article in e.articles:
            by.setdefault(assigned.get(article, article), []).append(article)
        events.append(replace(e, stories=tuple(EventStory(k, tuple(v)) for k, v in by.items())))
    return replace(timeline, events=tuple(events))
