"""Cross-pane intents: panes post these; the main screen decides what they change."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class ArticleOpened(Message):
    """Open an article in the reader, optionally scrolled to a span of its body or a caption."""

    article_id: str
    start: int | None = None
    end: int | None = None
    where: str = "body"
    record: bool = True


@dataclass
class EntitySelected(Message):
    """Filter the list and timeline to one entity."""

    entity_id: str
    record: bool = True


@dataclass
class EventSelected(Message):
    """An event was chosen in the timeline."""

    event_id: str
    record: bool = True


@dataclass
class QuerySubmitted(Message):
    """Run a query (from the search box, an entity, history or the palette)."""

    query: str
    focus_list: bool = False
