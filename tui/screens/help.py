"""The help screen: every key, by pane."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

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
