"""Command palette: jump to any article, official or event by fuzzy name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.message import Message
from textual.worker import Worker, WorkerCancelled, WorkerFailed

from .messages import ArticleOpened, EntitySelected, EventSelected
from .session import PaletteSnapshot
from .state import counted

JumpItem = tuple[str, str, Any]


@runtime_checkable
class JumpSource(Protocol):
    """A screen the palette can jump from: it reads a snapshot in a worker and lists its items."""

    def read_palette(self) -> Worker[Any] | None: ...

    def jump_items(self, snapshot: Any) -> list[JumpItem]: ...


def jump_items(snapshot: PaletteSnapshot, post: Callable[[Message], object]) -> list[JumpItem]:
    """(label, help, callback) for every entity, article and event; a callback posts the intent."""

    def poster(make: Callable[[str], Message], target: str) -> Callable[[], object]:
        return lambda: post(make(target))  # the message is made when chosen, not for every item

    items: list[JumpItem] = []
    for e in snapshot.entities:
        items.append((e.name, f"{e.kind} · {counted(len(e.articles), 'article')}", poster(EntitySelected, e.id)))
    for aid, (title, d) in snapshot.titles.items():
        items.append((title, f"article · {d.isoformat() if d else 'undated'} · {aid}", poster(ArticleOpened, aid)))
    for ev in snapshot.events:
        items.append((" ".join(ev.text.split())[:90], f"event · {ev.start.isoformat()}", poster(EventSelected, ev.id)))
    return items


class JumpProvider(Provider):
    """Articles by title, entities by name and alias, events by text; read once when the palette opens."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._items: list[JumpItem] = []

    async def startup(self) -> None:
        screen = self.screen
        if not isinstance(screen, JumpSource):
            return
        worker = screen.read_palette()
        if worker is None:
            return
        try:
            snapshot = await worker.wait()
        except (WorkerFailed, WorkerCancelled):
            return  # the screen reports a failed worker; the palette lists nothing of it
        self._items = screen.jump_items(snapshot)

    async def discover(self) -> Hits:
        for label, help_text, callback in self._items[:20]:
            yield DiscoveryHit(Content(label), callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, callback in self._items:
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, _highlight(matcher, label), partial(callback), help=help_text)


def _highlight(matcher, label: str) -> Content:
    """Mark the matched letters; the label is data, so it is never parsed as markup."""
    content = Content(label)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, label)
    for offset in offsets:
        if not label[offset].isspace():
            content = content.stylize("bold reverse", offset, offset + 1)
    return content


__all__ = ["JumpItem", "JumpProvider", "JumpSource", "jump_items"]
