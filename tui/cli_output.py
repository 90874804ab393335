"""The command line's output: one-line errors on stderr, results on stdout, tables and a progress bar.

Writing failures become exit codes here: a full disk or closed stdout is a one-line error,
a reader that went away (`| head`) a quiet success.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from search import os_reason, to_jsonable

EXIT_OK, EXIT_USER, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command-line usage (exit code 2)."""


class OutputError(Exception):
    """Standard output cannot be written (a full disk, a closed stream): exit 1."""


class OutputClosed(Exception):
    """The reader of standard output went away (`| head`): the output is not wanted, exit 0."""


def say(message: str) -> None:
    """One line on stderr; nothing when stderr is closed (it must never land on stdout)."""
    err = sys.stderr
    if err is None:
        return
    with contextlib.suppress(OSError, ValueError):
        print(message, file=err)


@contextlib.contextmanager
def stdout() -> Iterator[TextIO]:
    """Standard output for one command's result, its write failures turned into exit codes.

    Only writing happens inside: the core is asked before, so an OSError here is the output's.
    The stream is flushed inside too, or a full disk would only show at interpreter exit.
    """
    out = sys.stdout
    if out is None:
        raise OutputError("cannot write the output: standard output is closed")
    try:
        yield out
        out.flush()
    except BrokenPipeError:
        raise OutputClosed from None
    except OSError as exc:
        raise OutputError(f"cannot write the output: {os_reason(exc)}") from None


def detach_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit does not hit the closed pipe again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        fd = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)


def emit(text: str) -> None:
    """Write a command's whole result to stdout."""
    with stdout() as out:
        out.write(text)


def json_text(obj: object) -> str:
    """One JSON document (the core's records made JSON-ready), indented, with a final newline."""
    return json.dumps(to_jsonable(obj), ensure_ascii=False, indent=2) + "\n"


def print_skipped(skipped: Sequence, shown: int = 20) -> None:
    """Each skipped file or record with its reason, on stderr (the first `shown` of them)."""
    for s in skipped[:shown]:
        say(f"  {s.path}: {s.reason}")
    if len(skipped) > shown:
        say(f"  ... and {len(skipped) - shown} more")


class ProgressBar:
    """A rich progress bar on stderr when it is a terminal; silent when piped."""

    def __init__(self) -> None:
        self._progress: Any = None  # a rich Progress, imported only when a bar is shown
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if sys.stderr is None or not sys.stderr.isatty() or total < 50:
            return
        if self._progress is None:
            from rich.console import Console
            from rich.progress import Progress

            self._progress = Progress(console=Console(stderr=True), transient=True)
            self._progress.start()
            self._task = self._progress.add_task("Indexing", total=total)
        self._progress.update(self._task, completed=done)
        if done >= total:
            self._progress.stop()


def console(out: TextIO):
    """A rich console on `out` whose broken pipe reaches main() instead of exiting with 1."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:  # rich's own exits with code 1, silently
            self.quiet = True
            raise BrokenPipeError

    return _Console(file=out, highlight=False, soft_wrap=False)


def table(*columns: str):
    """A plain rich table with these columns, folding long cells."""
    from rich.table import Table

    t = Table(show_edge=False, pad_edge=False, header_style="bold")
    for c in columns:
        t.add_column(c, overflow="fold")
    return t


def text(value: object):
    """Data as rich Text: never parsed as markup."""
    from rich.text import Text

    return Text(str(value) if value is not None else "")


def print_hits(hits) -> None:
    """Hits as a table: id, date, and the title over the snippet with its matches marked."""
    t = table("id", "date", "title / snippet")
    for h in hits:
        body = text(h.title)
        body.stylize("bold")
        snippet = text(h.snippet)
        for a, b in h.snippet_spans:
            snippet.stylize("reverse", a, b)
        body.append("\n")
        body.append_text(snippet)
        t.add_row(text(h.id), h.date.isoformat() if h.date else "—", body)
    with stdout() as out:
        console(out).print(t)
