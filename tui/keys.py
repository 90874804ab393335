"""Every key of the app, by pane, read from the bindings themselves.

The help screen and the README's key table are both made here, so neither can drift from
what the keys do. A few keys are Textual's own (Tab, Ctrl+P) or an Input's (typing, Enter in
the search box): they are listed once, as notes of their section.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode

from .app import TradeTuiApp
from .problems import ProblemScreen
from .screens.ask import AskScreen
from .screens.choose import ChooseScreen
from .screens.date_filter import DateFilterScreen
from .screens.help import HelpScreen
from .screens.main import MainScreen
from .widgets.article_list import ArticleList
from .widgets.dossier_view import DossierView
from .widgets.entity_sidebar import EntitySidebar
from .widgets.reader import Reader
from .widgets.search_box import SearchBox
from .widgets.vim_option_list import VimOptionList

KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "less_than_sign": "<",
    "greater_than_sign": ">",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "escape": "Escape",
    "enter": "Enter",
    "space": "Space",
    "backspace": "Backspace",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "tab": "Tab",
}


@dataclass(frozen=True)
class Section:
    """The keys of one pane or dialog: those its classes bind, then notes on keys bound elsewhere."""

    title: str
    owners: tuple[type[DOMNode], ...]
    notes: tuple[tuple[str, str], ...] = ()


SECTIONS: tuple[Section, ...] = (
    Section(
        "Anywhere",
        (MainScreen, TradeTuiApp),
        (("Tab Shift+Tab", "cycle panes"), ("Ctrl+P", "jump to any article, official or event")),
    ),
    Section(
        "Search box",
        (SearchBox,),
        (("typing", "results update as you type"), ("Enter", "go to the results")),
    ),
    Section("Article list", (ArticleList,)),
    Section("Reader", (Reader,)),
    Section(
        "Entities",
        (EntitySidebar,),
        (("Enter", "filter the list and timeline to this entity (a chip beside the query)"),),
    ),
    Section(
        "Dossier",
        (DossierView,),
        (("Enter", "open the quote's article at its sentence, the event's source, a person's dossier"),),
    ),
    Section("Timeline", (), (("Enter", "open the source article at the sentence"),)),
    Section("Entity and event lists", (VimOptionList,), (("↑ ↓ PgUp PgDn Home End", "move"),)),
    Section("Dialogs", (HelpScreen, ChooseScreen, DateFilterScreen, AskScreen, ProblemScreen)),
)


def key_display(key: str) -> str:
    """A binding's keys as a reader types them: 'down,j' is '↓ j', 'ctrl+left' is 'Ctrl+←'."""
    shown = []
    for one in key.split(","):
        *mods, name = one.strip().split("+")
        if name in KEY_NAMES:
            label = KEY_NAMES[name]
        elif (mods and len(name) == 1) or (name[0] == "f" and name[1:].isdigit()):
            label = name.upper()  # Ctrl+Q, F2
        else:
            label = name
        shown.append("+".join([*(m.capitalize() for m in mods), label]))
    return " ".join(shown)


def own_bindings(owner: type[DOMNode]) -> list[Binding]:
    """The bindings a class declares itself (not those it inherits)."""
    return [b for b in owner.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


def section_rows(section: Section) -> list[tuple[str, str]]:
    """(keys, what they do) of a section in the order the classes bind them; keys doing the same share a row."""
    keys_for: dict[str, list[str]] = {}
    for owner in section.owners:
        for binding in own_bindings(owner):
            keys = keys_for.setdefault(binding.tooltip or binding.description, [])
            shown = key_display(binding.key)
            if shown not in keys:
                keys.append(shown)
    return [(" ".join(keys), what) for what, keys in keys_for.items()] + list(section.notes)


def markdown_table() -> str:
    """The README's key table."""
    lines = ["| keys | where | what |", "|---|---|---|"]
    for section in SECTIONS:
        for keys, what in section_rows(section):
            lines.append(f"| {_cell(keys)} | {section.title.lower()} | {what} |")
    return "\n".join(lines) + "\n"


def _cell(keys: str) -> str:
    return " ".join(f"`{k}`" if k != "typing" else k for k in keys.split(" ")).replace("`|`", "`\\|`")
