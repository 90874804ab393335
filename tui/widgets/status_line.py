"""The status line under the search box: what the app is doing, the result count, or what went wrong."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import var
from textual.widgets import Static

from ..state import ResultCount, Status


def count_text(count: ResultCount) -> Text:
    """'4 stories · 5 articles · sorted by date · dates 2018-09' ('12 results' before the
    stories are known), with a suggestion when nothing matched."""
    n = f"{count.total}+" if count.counting else str(count.total)
    if count.stories is not None and count.total > 0:
        stories = f"{'at most ' if not count.stories_exact else ''}{count.stories}"
        plural = "ies" if count.stories != 1 else "y"
        text = Text(f"{stories} stor{plural} · {n} article{'s' if count.total != 1 else ''}", style="bold")
    else:
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
