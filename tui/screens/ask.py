"""A one-line question: words to find, an article's date."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input


class AskScreen(ModalScreen[str | None]):
    """Ask for one line; `check` says what is wrong with an answer (None: it will do)."""

    BINDINGS = [Binding("escape", "cancel", "Close", id="ask.close", tooltip="close without an answer")]

    def __init__(
        self, title: str, value: str = "", placeholder: str = "", check: Callable[[str], str | None] | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.check = check

    def compose(self):
        with Vertical(id="ask-body") as body:
            body.border_title = self.title_text
            yield Input(value=self.value, placeholder=self.placeholder, id="ask-input")

    @on(Input.Submitted)
    def _done(self, event: Input.Submitted) -> None:
        problem = self.check(event.value.strip()) if self.check is not None else None
        if problem:
            # Stay open, saying what is wrong, until the answer will do or Escape.
            self.query_one("#ask-body").border_subtitle = problem
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
