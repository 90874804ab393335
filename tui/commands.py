"""Command palette: jump to any article, official or event by fuzzy name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content


class JumpProvider(Provider):
    """Articles by title, entities by name and alias, events by text."""

    def _items(self):
        screen = self.screen
        items = getattr(screen, "palette_items", None)
        return items() if callable(items) else []

    async def discover(self) -> Hits:
        for label, help_text, callback in self._items()[:20]:
            yield DiscoveryHit(Content(label), callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, callback in self._items():
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
