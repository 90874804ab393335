"""The search box: an Input whose Up and Down walk the query history."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.widgets import Input

from ..state import HistoryWalk

PLACEHOLDER = 'Search: words, "phrases", person:kudlow, date:2018-09 …  (/ to focus)'


class SearchBox(Input):
    """The query as typed; results follow as you type, Enter goes to the list."""

    BINDINGS = [
        Binding(
            "up",
            "history(-1)",
            "Older query",
            id="search.history_back",
            show=False,
            tooltip="older query from the history",
        ),
        Binding(
            "down",
            "history(1)",
            "Newer query",
            id="search.history_forward",
            show=False,
            tooltip="newer query from the history",
        ),
    ]

    def __init__(self, history: Callable[[], list[str]], *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id)
        self._history = history
        self._walk: HistoryWalk | None = None

    def action_history(self, step: int) -> None:
        """Show an older (-1) or newer (+1) query from the history."""
        if self._walk is None:
            self._walk = HistoryWalk(self._history())
        query = self._walk.step(step)
        if query is None:
            self._walk = None
            return
        self.value = query  # the results follow, as when typing
        self.cursor_position = len(query)

    def restart_history(self) -> None:
        """The next Up starts again from the newest query (after a query is submitted)."""
        self._walk = None
