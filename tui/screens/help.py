"""The help screen: every key, by pane, as the bindings declare them."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    """Every key, by pane."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close", tooltip="close this help"),
        Binding("j,down", "scroll('down')", "Down", id="help.down", show=False, tooltip="scroll the keys down"),
        Binding("k,up", "scroll('up')", "Up", id="help.up", show=False, tooltip="scroll the keys up"),
    ]

    def compose(self):
        table = Table(show_header=False, box=None, padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        from ..keys import SECTIONS, section_rows  # the key table reads this screen's bindings too

        for section in SECTIONS:
            table.add_row(Text(section.title, style="bold underline"), "")
            for key, what in section_rows(section):
                table.add_row(Text(key), Text(what))
            table.add_row("", "")
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            yield Static(table)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "down":
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)

    def action_dismiss(self, result=None) -> None:  # type: ignore[override]
        self.dismiss(None)
