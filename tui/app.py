"""The tradetui app: the main screen over one corpus, the command palette, and the quit keys."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette

from search import Library

from .commands import PLACEHOLDER, JumpProvider
from .screens.main import MainScreen
from .session import Session

__all__ = ["MainScreen", "TradeTuiApp", "run_app"]


class TradeTuiApp(App):
    """tradetui: a terminal research desk for news."""

    CSS_PATH = "tradetui.tcss"
    TITLE = "tradetui"
    COMMANDS = App.COMMANDS | {JumpProvider}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="quit (not in a text box)"),
        Binding(
            "ctrl+q", "quit", "Quit", id="app.quit_anywhere", show=False, priority=True, tooltip="quit, from anywhere"
        ),
    ]

    def __init__(
        self,
        corpus: Path | None = None,
        index_dir: Path | None = None,
        library: Library | None = None,
        columns: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        from search import bundled_seeds

        self.corpus = (library.corpus if library else None) or (corpus or bundled_seeds()).expanduser().resolve()
        self.session = Session(self.corpus, index_dir, library, columns)

    def on_mount(self) -> None:
        self.push_screen(MainScreen(self.session))

    def action_command_palette(self) -> None:
        """Open the palette, saying what it finds."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=PLACEHOLDER, id="--command-palette"))

    def on_unmount(self) -> None:
        with contextlib.suppress(Exception):  # closing on the way out must not hide the exit
            self.session.close()


def run_app(
    corpus: Path | None, index_dir: Path | None, columns: Mapping[str, str] | None = None, watch: bool = False
) -> int:
    """Launch the app; a missing corpus is a one-line error before the screen opens."""
    from search import CorpusNotFound

    if corpus is not None and not corpus.expanduser().exists():
        raise CorpusNotFound(f"corpus not found: {corpus}")
    app = TradeTuiApp(corpus, index_dir, columns=columns)
    app.session.watch_at_start = watch
    app.run()
    # A crash inside the app ends it with a non-zero return code: pass it on.
    return app.return_code or 0
