"""The date range dialog."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from ..state import DateRange


class DateFilterScreen(ModalScreen[str | None]):
    """Ask for a date range: 'FROM TO', either side may be empty; empty clears the filter."""

    BINDINGS = [Binding("escape", "cancel", "Close", id="dates.close", tooltip="close without changing the range")]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self):
        with Vertical(id="date-body") as body:
            body.border_title = "Date range (YYYY[-MM[-DD]] to YYYY[-MM[-DD]]); empty clears"
            yield Input(value=self.current, placeholder="2018-09 2018-12", id="date-input")

    @on(Input.Submitted)
    def _done(self, event: Input.Submitted) -> None:
        try:
            DateRange.parse(event.value)
        except ValueError as exc:
            # Stay open, saying what is wrong, until the range reads or Escape.
            self.query_one("#date-body").border_subtitle = str(exc)
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
