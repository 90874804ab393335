"""A dialog to pick one of several options."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..widgets.vim_option_list import VimOptionList


class ChooseScreen(ModalScreen[str | None]):
    """Pick one of several options (an event's sources, bookmarks, export formats)."""

    BINDINGS = [Binding("escape", "cancel", "Close", id="choose.close", tooltip="close without choosing")]

    def __init__(self, title: str, options: Sequence[tuple[str, Text | str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = options

    def compose(self):
        with Vertical(id="choose-body") as body:
            body.border_title = self.title_text
            yield VimOptionList(
                *[Option(Text(p) if isinstance(p, str) else p, id=i) for i, p in self.choices], id="choose-list"
            )

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
