"""Who said what, and when, from the command line: one entity's dossier, several together.

Each is `<name>_arguments(parser)` and `run_<name>(lib, report, args)`, listed in
`tui.cli.COMMANDS` like the others.
"""

from __future__ import annotations

import argparse

from search import Dossier, IndexReport, Library, Together, export

from .cli_commands import common_arguments, json_flag, name_type, said
from .cli_output import EXIT_OK, UsageError, console, emit, json_text, stdout, text
from .dossier_rows import day_text as _day
from .dossier_rows import sparkline
from .state import counted


def dossier_arguments(s: argparse.ArgumentParser) -> None:
    common_arguments(s)
    json_flag(s)
    s.add_argument("name", type=name_type, help="a name, alias or entity id (one argument: quote a full name)")


def run_dossier(lib: Library, report: IndexReport, args: argparse.Namespace) -> int:
    d = lib.dossier(args.name)
    if args.json:
        emit(json_text(export.dossier_record(d)))
        return EXIT_OK
    with stdout() as stream:
        print_dossier(console(stream), d)
    return EXIT_OK


def print_dossier(con, d: Dossier) -> None:
    """The dossier as text: a header, then one section per kind of fact."""
    e = d.entity
    con.print(text(f"{e.name}  ({e.kind}{', ' + d.side if d.side else ''})"), style="bold")
    if e.aliases:
        con.print(text("also: " + ", ".join(e.aliases)))
    con.print(text(f"{counted(len(e.articles), 'article')}, {counted(e.mentions, 'mention')}"))
    if d.per_month:
        months = f"{d.per_month[0][0]}…{d.per_month[-1][0]}"
        con.print(text(f"per month {months}: {sparkline([n for _, n in d.per_month])}"))
    _section(con, "Roles", [f"{r.role} ({_day(r.date)}, {r.title or r.article})" for r in d.roles])
    _section(con, "Quotes", [f"{_day(q.date)} [{q.kind}] {said(q)} ({q.article})" for q in d.quotes])
    _section(con, "Events", [f"{e.start.isoformat()} {e.text}" for e in d.events])
    for title, items in (("People", d.people), ("Organisations", d.organisations), ("Places", d.places)):
        _section(con, f"With: {title.lower()}", [f"{c.name} ({c.articles})" for c in items])
    _section(con, "Articles", [f"{_day(a.date)} {a.id}  {a.title}" for a in d.articles])


def _section(con, title: str, lines: list[str]) -> None:
    con.print(text(f"\n{title} ({len(lines)})"), style="bold")
    for line in lines:
        con.print(text(f"  {line}"))


def together_arguments(s: argparse.ArgumentParser) -> None:
    common_arguments(s)
    json_flag(s)
    s.add_argument("names", nargs="+", type=name_type, metavar="NAME", help="two or more names, aliases or ids")
    s.add_argument("--query", help="only quotes meeting this query (its words, as a search reads them)")


def check_together(args: argparse.Namespace) -> None:
    if len(args.names) < 2:
        raise UsageError('give two or more names (quote a full name: "Liu He")')


def run_together(lib: Library, report: IndexReport, args: argparse.Namespace) -> int:
    t = lib.together(args.names, query=args.query)
    if args.json:
        emit(json_text(export.together_record(t)))
        return EXIT_OK
    with stdout() as stream:
        print_together(console(stream), t)
    return EXIT_OK


def print_together(con, t: Together) -> None:
    con.print(text(" & ".join(e.name for e in t.entities)), style="bold")
    _section(con, "Articles naming all of them", [f"{_day(a.date)} {a.id}  {a.title}" for a in t.articles])
    _section(con, "Days", [f"{d.isoformat()}: {', '.join(ids)}" for d, ids in t.days])
    _section(con, "Shared events", [f"{e.start.isoformat()} {e.text}" for e in t.events])
    _section(con, "Quotes", [f"{_day(q.date)} {q.speaker}: {said(q)} ({q.article})" for q in t.quotes])
