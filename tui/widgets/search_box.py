"""The search box: an Input whose Up and Down walk the query history."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.widgets import Input

from ..state import HistoryWalk

PLACEHOLDER = 'Search: words, "phrases", person:NAME, date:YYYY-MM …  (/ to focus)'


def placeholder_for(person: str | None, month: str | None) -> str:
    """The box's hint, its examples taken from the corpus (a real name, a real month)."""
    who = person.split()[-1].lower() if person and person.split() else "NAME"
    if not who.replace("-", "").replace("'", "").isalnum():
        who = f'"{person}"'
    return f'Search: words, "phrases", person:{who}, date:{month or "YYYY-MM"} …  (/ to focus)'


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

    def show_examples(self, person: str | None, month: str | None) -> None:
        """Suggest examples from the corpus: its most named person and its busiest month."""
        self.placeholder = placeholder_for(person, month)

    def restart_history(self) -> None:
        """The next Up starts again from the newest query (after a query is submitted)."""
        self._walk = None
