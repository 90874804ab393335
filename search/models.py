"""Plain, frozen records that the search core hands to its callers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


def to_jsonable(obj: Any) -> Any:
    """Turn a record (or nested records) into JSON-ready builtins."""
    if hasattr(obj, "__dataclass_fields__"):
        return {k: to_jsonable(v) for k, v in asdict(obj).items()}
    if isinstance(obj, dict):
        return {k: to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


@dataclass(frozen=True)
class Article:
    """One cleaned article as loaded from the corpus."""

    id: str
    title: str
    body: str
    path: str
    date: date | None = None
    source: str = ""
    url: str = ""
    captions: tuple[str, ...] = ()
    # The byline, where the file gives one (front matter, a feed entry, a page's metadata,
    # a CSV column). Read on load; the index does not keep it yet.
    author: str = ""


@dataclass(frozen=True)
class Skipped:
    """A file (or part of one) that could not be loaded, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class IndexReport:
    """What one indexing run did."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    skipped: tuple[Skipped, ...] = ()
    rebuilt_reason: str = ""


@dataclass(frozen=True)
class Hit:
    """One search result."""

    id: str
    title: str
    date: date | None
    score: float
    snippet: str
    snippet_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class SearchPage:
    """A page of search results with the exact total."""

    query: str
    total: int
    hits: tuple[Hit, ...]
    suggestion: str | None = None
    offset: int = 0
    sort: str = "score"
    # The query's analysed text terms, for highlighting its hits (Library.match_spans)
    # without reading the query again; empty when the page has no hits.
    terms: tuple[str, ...] = ()
    # How many stories the results hold (Library.search(by_story=True)); -1 when not counted.
    stories: int = -1


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in an article."""

    article: str
    surface: str
    kind: str  # person | org | place
    start: int
    end: int
    where: str = "body"
    role: str = ""
    side: str = ""


@dataclass(frozen=True, slots=True)  # a large corpus holds hundreds of thousands
class Role:
    """A title or description the text gives an entity, with its article."""

    role: str
    article: str
    side: str = ""


@dataclass(frozen=True)
class Quote:
    """A statement of a person: the words in quotation marks (kind "direct") or the clause
    of reported speech ("reported"); text is the article's characters from start to end."""

    article: str
    text: str
    start: int
    end: int
    where: str = "body"
    speaker: str = ""  # the speaking entity's name
    kind: str = "reported"  # direct | reported
    entity_id: str = ""
    date: date | None = None  # the article's date

    def record(self) -> dict[str, Any]:
        """The quote as the JSON record of `tradetui quotes` and `tradetui entity --json`."""
        return {
            "speaker": self.speaker,
            "entity_id": self.entity_id,
            "article": self.article,
            "date": self.date.isoformat() if self.date else None,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "where": self.where,
        }


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place, linked across the corpus."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    articles: tuple[str, ...] = ()
    mentions: int = 0
    side: str = ""


@dataclass(frozen=True)
class EntityDetail:
    """An entity with everything the corpus says of it."""

    entity: Entity
    mentions: tuple[Mention, ...] = ()
    cooccurring: tuple[tuple[str, str, int], ...] = ()  # (entity id, name, article count)
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class EventSource:
    """One sentence of one article that tells of an event."""

    article: str
    text: str
    expression: str
    start: int
    end: int
    where: str = "body"
    # The names the sentence gives (as linked within its article), and the speaker of a
    # quote the sentence holds: whom the sentence belongs to.
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventStory:
    """One story telling an event, with its articles among the event's sources."""

    id: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    """A dated happening, told by one or more articles."""

    id: str
    start: date
    end: date
    precision: str  # day | week | month | season | quarter | half | year | decade | century | approximate
    text: str
    sources: tuple[EventSource, ...] = ()
    entities: tuple[str, ...] = ()
    # The stories among the sources: versions of one report count once.
    stories: tuple[EventStory, ...] = ()

    @property
    def articles(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for s in self.sources:
            seen.setdefault(s.article, None)
        return tuple(seen)


@dataclass(frozen=True)
class Story:
    """Versions of one report: articles sharing a substantial part of a first version."""

    # The earliest article's id (by date, then id).
    id: str
    title: str
    date: date | None
    # Newest first.
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Unresolved:
    """A date expression that could not be placed, and why."""

    article: str
    expression: str
    reason: str


@dataclass(frozen=True)
class Timeline:
    """Events in date order, plus the expressions that could not be placed."""

    events: tuple[Event, ...] = ()
    unresolved: tuple[Unresolved, ...] = ()


@dataclass(frozen=True)
class CorpusStats:
    """Counts shown in headers and summaries."""

    articles: int = 0
    dated: int = 0
    entities: int = 0
    events: int = 0
    per_month: tuple[tuple[str, int], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class TimelineGroup:
    """A run of consecutive events under one heading ('September 2018', or '2018' for a year)."""

    label: str
    count: int
    offset: int  # the place of its first event in the timeline


@dataclass(frozen=True)
class TimelinePage:
    """Some events of a timeline, with every group's count and the unplaced expressions counted."""

    events: tuple[Event, ...] = ()
    offset: int = 0
    total: int = 0
    groups: tuple[TimelineGroup, ...] = ()
    # (reason, count) of the expressions that could not be placed, most common first.
    unresolved: tuple[tuple[str, int], ...] = ()
    entity: str = ""  # whose timeline ('' for the whole corpus)

    @property
    def end(self) -> int:
        """The place after this page's last event."""
        return self.offset + len(self.events)


@dataclass(frozen=True)
class PaletteItem:
    """One thing the command palette jumps to: an entity, event or article."""

    label: str
    help: str
    kind: str  # "entity", "event" or "article"
    target: str
