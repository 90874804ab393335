"""Modal screens: help, choosing an event's source, date filter, bookmarks, export."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

HELP = [
    (
        "Anywhere",
        [
            ("/", "focus the search box"),
            ("a r e t", "focus list, reader, entities, timeline"),
            ("Tab / Shift+Tab", "cycle panes"),
            ("< >", "back / forward through jumps"),
            ("s", "sort results by score or date (list)"),
            ("D", "date range filter"),
            ("m", "bookmark the focused article, entity or event"),
            ("b", "list bookmarks"),
            ("x", "export results or article (Markdown, CSV, JSON)"),
            ("F2 F3 F4", "hide/show entities, timeline, list"),
            ("Ctrl+← Ctrl+→", "narrower / wider article list"),
            ("Ctrl+↑ Ctrl+↓", "taller / shorter timeline"),
            ("Ctrl+P", "jump to any article, official or event"),
            ("?", "this help"),
            ("Escape", "close a dialog or filter; back to the list"),
            ("q / Ctrl+Q", "quit (q not in a text box)"),
        ],
    ),
    (
        "Search box",
        [
            ("typing", "results update as you type"),
            ("Enter", "go to the results"),
            ("Up / Down", "walk the query history"),
        ],
    ),
    (
        "Article list",
        [
            ("j k ↑ ↓", "move"),
            ("PgUp PgDn g G", "page, first, last"),
            ("Enter", "read the article"),
        ],
    ),
    (
        "Reader",
        [
            ("n / N", "next / previous query match"),
            ("] / [", "next / previous named entity"),
            ("Enter", "select the entity under the cursor"),
            ("y", "copy the sentence with its citation"),
            ("o", "open the article's URL"),
        ],
    ),
    (
        "Entities",
        [
            ("/", "filter names"),
            ("s", "sort by count or name"),
            ("Enter", "filter everything to this entity"),
        ],
    ),
    (
        "Timeline",
        [
            ("Enter", "open the source article at the sentence"),
        ],
    ),
]


class HelpScreen(ModalScreen[None]):
    """Every key, by pane."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def compose(self):
        table = Table(show_header=False, box=None, padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for section, rows in HELP:
            table.add_row(Text(section, style="bold underline"), "")
            for key, what in rows:
                table.add_row(Text(key), Text(what))
            table.add_row("", "")
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            yield Static(table)

    def action_dismiss(self, result=None) -> None:  # type: ignore[override]
        self.dismiss(None)


class ChooseScreen(ModalScreen[str | None]):
    """Pick one of several options (an event's sources, bookmarks, export formats)."""

    BINDINGS = [Binding("escape", "cancel", "Close")]

    def __init__(self, title: str, options: Sequence[tuple[str, Text | str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = options

    def compose(self):
        with Vertical(id="choose-body") as body:
            body.border_title = self.title_text
            yield OptionList(
                *[Option(Text(p) if isinstance(p, str) else p, id=i) for i, p in self.choices], id="choose-list"
            )

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class DateFilterScreen(ModalScreen[str | None]):
    """Ask for a date range: 'FROM TO', either side may be empty; empty clears the filter."""

    BINDINGS = [Binding("escape", "cancel", "Close")]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self):
        with Vertical(id="date-body") as body:
            body.border_title = "Date range (YYYY[-MM[-DD]] to YYYY[-MM[-DD]]); empty clears"
            yield Input(value=self.current, placeholder="2018-09 2018-12", id="date-input")

    @on(Input.Submitted)
    def _done(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
