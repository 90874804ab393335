"""The `tradetui` command: the app with no subcommand, headless subcommands otherwise.

A subcommand is one row of COMMANDS: its name, its help line, the function that adds its
options, the one that runs it, and optionally one that refuses options that do not go together.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from search import IndexReport, Library, NothingLoaded, TradeTuiError, UnknownEntity, __version__, select_ner

from . import cli_commands as c
from . import cli_dossier as d
from . import cli_research as r
from .cli_output import (
    EXIT_OK,
    EXIT_USAGE,
    EXIT_USER,
    OutputClosed,
    OutputError,
    UsageError,
    detach_stdout,
    print_skipped,
    say,
)

__all__ = ["COMMANDS", "EXIT_OK", "EXIT_USAGE", "EXIT_USER", "Command", "build_parser", "main"]


@dataclass(frozen=True)
class Command:
    """One subcommand: its options, what it runs on the opened library, and its own checks."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[Library, IndexReport, argparse.Namespace], int]
    check: Callable[[argparse.Namespace], None] | None = None


COMMANDS: tuple[Command, ...] = (
    Command("index", "index the corpus and print a summary", c.index_arguments, c.run_index),
    Command("search", "search the articles", c.search_arguments, c.run_search),
    Command("show", "print one article", c.show_arguments, c.run_show),
    Command("similar", "articles like this one", c.similar_arguments, c.run_similar),
    Command("entities", "people, organisations and places, by article count", c.entities_arguments, c.run_entities),
    Command("entity", "one entity: articles, mentions, roles, quotes", c.entity_arguments, c.run_entity),
    Command(
        "dossier",
        "one entity in full: roles, quotes, own events, company, articles",
        d.dossier_arguments,
        d.run_dossier,
    ),
    Command(
        "together", "where two or more entities all appear", d.together_arguments, d.run_together, d.check_together
    ),
    Command("quotes", "who said what: people's quotes, by article", r.quotes_arguments, r.run_quotes),
    Command("stories", "versions of one report, grouped", r.stories_arguments, r.run_stories),
    Command("conflicts", "reports of one happening that disagree", r.conflicts_arguments, r.run_conflicts),
    Command("timeline", "dated events, in order", c.timeline_arguments, c.run_timeline, c.check_timeline),
    Command("set-date", "set or clear an article's date", c.set_date_arguments, c.run_set_date, c.check_set_date),
)
_BY_NAME = {command.name: command for command in COMMANDS}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, never a traceback
        self.print_usage(sys.stderr)
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The command line: the app's options, then one subparser per row of COMMANDS."""
    p = _Parser(
        prog="tradetui",
        description="A terminal research desk for news: search, read, and follow who said what, and when.",
        epilog="With no command, opens the app. Run 'tradetui COMMAND --help' for a command's options.",
    )
    p.add_argument("--version", action="version", version=f"tradetui {__version__}")
    c.common_arguments(p, top=True)
    p.add_argument(
        "--watch", dest="watch_app", action="store_true", help="in the app, index files as they change (key w)"
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        command.arguments(sub.add_parser(command.name, help=command.help))
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        say(f"tradetui: error: {exc}")
        return EXIT_USAGE
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    env_corpus = os.environ.get("TRADETUI_CORPUS")
    corpus = args.corpus or (Path(env_corpus) if env_corpus else None)
    try:
        return _dispatch(args, corpus)
    except UsageError as exc:
        say(f"tradetui: error: {exc}")
        return EXIT_USAGE
    except UnknownEntity as exc:
        hint = f" (did you mean: {', '.join(exc.suggestions)})" if exc.suggestions else ""
        say(f"tradetui: error: {exc}{hint}")
        return EXIT_USER
    except NothingLoaded as exc:
        say(f"tradetui: error: {exc}")
        print_skipped(exc.skipped)
        return EXIT_USER
    except (TradeTuiError, OutputError) as exc:
        say(f"tradetui: error: {exc}")
        return EXIT_USER
    except KeyboardInterrupt:
        say("tradetui: interrupted; the previous index is intact")
        return 130
    except OutputClosed:
        detach_stdout()
        return EXIT_OK


def _dispatch(args: argparse.Namespace, corpus: Path | None) -> int:
    """The app, or one subcommand: its checks first (before any indexing), then its run."""
    select_ner(args.ner)
    if args.command is None:
        from .app import run_app

        return run_app(corpus, args.index, c.columns_of(args), watch=args.watch_app)
    command = _BY_NAME[args.command]
    if command.check is not None:
        command.check(args)
    lib, report = c.open_library(args, corpus)
    try:
        return command.run(lib, report, args)
    finally:
        lib.close()


if __name__ == "__main__":
    raise SystemExit(main())
