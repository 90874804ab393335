"""Command palette: jump to any official, event or article from a table prebuilt at linking.

Each keystroke asks the library for at most a few rows of each kind (entities by name,
alias, role or side; events by text; article titles through the text index), in a thread,
so its cost does not grow with the corpus and the interface never waits on it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.message import Message

from search import PaletteItem

from .messages import ArticleOpened, DossierOpened, EntitySelected, EventSelected

PLACEHOLDER = "Find a person, organisation or place (by name, alias, role or country), an event or a title…"
# App rows score above any of Textual's own commands (whose scores are at most 1), in the
# library's order: entities, then events, then titles.
_APP_SCORE = 2.0
_INTENTS: dict[str, Callable[[str], Message]] = {
    "entity": EntitySelected,
    "event": EventSelected,
    "article": ArticleOpened,
    "dossier": DossierOpened,
}


@runtime_checkable
class JumpSource(Protocol):
    """A screen the palette can jump from: it lists the items matching what is typed."""

    def palette_items(self, query: str) -> list[PaletteItem]: ...


def with_dossiers(items: list[PaletteItem]) -> list[PaletteItem]:
    """The items, each entity followed by a row opening its dossier."""
    out: list[PaletteItem] = []
    for item in items:
        out.append(item)
        if item.kind == "entity":
            out.append(
                PaletteItem(f"{item.label} · dossier", "dossier · quotes, events, company", "dossier", item.target)
            )
    return out


def unique_items(items: list[PaletteItem]) -> list[PaletteItem]:
    """The items with any repeated row (same label, help and target) left out."""
    return list(dict.fromkeys(items))


class JumpProvider(Provider):
    """Entities, events and article titles matching what is typed, read in a thread per keystroke."""

    async def search(self, query: str) -> Hits:
        screen = self.screen
        if not isinstance(screen, JumpSource) or not query.strip():
            return
        items = unique_items(await asyncio.to_thread(screen.palette_items, query))
        for rank, item in enumerate(items):
            make = _INTENTS[item.kind]
            yield Hit(
                _APP_SCORE - rank / 1000,
                _highlight(query, item.label),
                _poster(screen, make, item.target),
                text=item.label,
                help=item.help,
            )


def _poster(screen: Any, make: Callable[[str], Message], target: str) -> Callable[[], object]:
    return lambda: screen.post_message(make(target))  # the message is made when chosen


def _highlight(query: str, label: str) -> Content:
    """Mark where the typed words occur; the label is data, so it is never parsed as markup."""
    content = Content(label)
    low = label.lower()
    for word in query.lower().split():
        start = low.find(word)
        if start >= 0:
            content = content.stylize("bold reverse", start, start + len(word))
    return content


__all__ = ["PLACEHOLDER", "JumpProvider", "JumpSource", "unique_items"]
