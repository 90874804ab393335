"""The status line under the search box: what the app is doing, the result count, or what went wrong."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import var
from textual.widgets import Static

from ..state import ResultCount, Status


def count_text(count: ResultCount) -> Text:
    """'12 results · sorted by date · dates 2018-09', with a suggestion when nothing matched."""
    n = f"{count.total}+" if count.counting else str(count.total)
    text = Text(f"{n} result{'s' if count.total != 1 else ''}", style="bold")
    text.append(f" · sorted by {count.sort.label}", style="dim")
    if count.dates is not None:
        text.append(f" · dates {count.dates}", style="dim")
    if not count.counting and count.total == 0 and count.suggestion:
        text.append(" · did you mean ", style="dim")
        text.append(count.suggestion, style="bold italic")
    return text


class StatusLine(Static):
    """One line of status, rendered from a Status value."""

    status: var[Status] = var(Status(), init=False)
    """What the line says."""

    def watch_status(self, status: Status) -> None:
        self.set_class(status.error, "-error")
        if status.count is not None:
            self.update(count_text(status.count))
        else:
            self.update(Text(status.message, style="" if status.error else "dim"))
