"""What the app shows when there is nothing it can show: the reasons, and what to do."""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from search import FORMAT_NAMES, NothingLoaded, TradeTuiError, cache_dir

from .notify import plain_line

# Reasons listed one per line; a folder of thousands of broken files shows the first ones.
MAX_REASONS = 200


class ProblemScreen(Screen[bool]):
    """A full screen naming the problem, each reason, and the way out (dismissed with True to retry)."""

    BINDINGS = [
        Binding("r", "retry", "Try again", id="problem.retry", tooltip="look at the folder again"),
        Binding("escape", "retry", "Try again", id="problem.escape", show=False, tooltip="look at the folder again"),
    ]

    def __init__(self, title: str, message: str, reasons: list[str], hint: str) -> None:
        super().__init__()
        self.heading = title
        self.message = message
        self.reasons = reasons
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="problem-body") as body:
            body.border_title = self.heading
            yield Static(Text(plain_line(self.message, 1000), style="bold"), id="problem-message")
            if self.reasons:
                shown = self.reasons[:MAX_REASONS]
                lines = Text("\n".join(plain_line(r, 200) for r in shown))
                if len(self.reasons) > len(shown):
                    lines.append(f"\n… and {len(self.reasons) - len(shown)} more")
                with VerticalScroll(id="problem-reasons") as reasons:
                    reasons.border_title = "Skipped"
                    yield Static(lines)
            yield Static(Text(self.hint), id="problem-hint")
        yield Footer()

    def action_retry(self) -> None:
        self.dismiss(True)


def cannot_open_screen(error: TradeTuiError) -> ProblemScreen:
    """The screen for a corpus that loads nothing, or an index that cannot be used."""
    if isinstance(error, NothingLoaded):
        title = "Nothing to show yet"
        reasons = [f"{s.path}: {s.reason}" for s in error.skipped]
        hint = (
            "Put news articles in the folder as text (.txt, .md), JSON (.json, .jsonl: fields title, text, "
            f"date), saved pages, feeds, CSV exports or web archives ({FORMAT_NAMES}), then press r to look again."
        )
    else:
        title = "The index cannot be opened"
        reasons = []
        hint = "Check the folder named above, or choose another with --index DIR; then press r to try again."
    return ProblemScreen(title, str(error), reasons, hint)


def log_unexpected(exc: BaseException) -> Path:
    """Append an unforeseen failure's traceback to the error log; returns the log's path."""
    base = cache_dir()
    path = base / "errors.log"
    try:
        base.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n")
            log.write("".join(traceback.format_exception(exc)))
    except OSError:
        pass
    return path
