"""The research commands: who said what (quotes), versions of one report (stories), and the
reports that disagree (conflicts). Each is `<name>_arguments(parser)` and `run_<name>(lib,
report, args)`, listed in `tui.cli.COMMANDS` like the others."""

from __future__ import annotations

import argparse

from search import IndexReport, Library, export

from .cli_commands import common_arguments, json_flag, name_type, said
from .cli_output import EXIT_OK, console, emit, json_text, say, stdout, table, text
from .state import counted


def quotes_arguments(s: argparse.ArgumentParser) -> None:
    common_arguments(s)
    json_flag(s)
    s.add_argument("--person", type=name_type, help="only this person's quotes")


def run_quotes(lib: Library, report: IndexReport, args: argparse.Namespace) -> int:
    quotes = lib.quotes(person=args.person)
    if args.json:
        emit(json_text(export.quotes_record(quotes)))
        return EXIT_OK
    with stdout() as stream:
        con = console(stream)
        for q in quotes:
            when = q.date.isoformat() if q.date else "undated"
            con.print(text(f"{q.speaker} ({q.kind}; {q.article}, {when}): {said(q)}"))
    return EXIT_OK


def stories_arguments(s: argparse.ArgumentParser) -> None:
    common_arguments(s)
    json_flag(s)


def run_stories(lib: Library, report: IndexReport, args: argparse.Namespace) -> int:
    stories = lib.stories()
    if args.json:
        emit(json_text(export.stories_record(stories)))
        return EXIT_OK
    t = table("story", "date", "versions", "title")
    for st in stories:
        t.add_row(text(st.id), st.date.isoformat() if st.date else "undated", str(len(st.articles)), text(st.title))
    with stdout() as out:
        console(out).print(t)
    articles = sum(len(st.articles) for st in stories)
    say(f"{counted(len(stories), 'story', 'stories')} · {counted(articles, 'article')}")
    return EXIT_OK


def conflicts_arguments(s: argparse.ArgumentParser) -> None:
    common_arguments(s)
    json_flag(s)


def run_conflicts(lib: Library, report: IndexReport, args: argparse.Namespace) -> int:
    conflicts = lib.conflicts()
    if args.json:
        emit(json_text(export.conflicts_record(conflicts)))
        return EXIT_OK
    with stdout() as stream:
        con = console(stream)
        for c in conflicts:
            con.print(text(f"{c.event}: reports differ on {c.field}"), style="bold")
            for v in c.values:
                con.print(text(f"  {v.value}: {', '.join(v.articles)}"))
    say(counted(len(conflicts), "conflict"))
    return EXIT_OK
