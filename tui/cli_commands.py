"""The headless subcommands: for each, the options it takes and what it does.

Each command is two functions, `<name>_arguments(parser)` and `run_<name>(lib, report, args)`,
plus an optional `check_<name>(args)` for options that are each valid but do not go together;
`tui.cli.COMMANDS` lists them.
"""

from __future__ import annotations

import argparse
import io
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from search import (
    NER_BACKENDS,
    ColumnsError,
    CorpusWatcher,
    IndexReport,
    Library,
    Timeline,
    WatchResult,
    export,
    parse_columns,
)

from .cli_output import (
    EXIT_OK,
    ProgressBar,
    UsageError,
    console,
    emit,
    json_text,
    print_hits,
    print_skipped,
    say,
    stdout,
    table,
    text,
)
from .state import counted

# -- options shared by the commands -------------------------------------------------------


def common_arguments(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """--corpus and --index, taken before or after the command's name."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--corpus",
        type=Path,
        default=default,
        metavar="DIR",
        help="folder of articles (default: $TRADETUI_CORPUS or the bundled seeds)",
    )
    parser.add_argument(
        "--index",
        type=Path,
        default=default,
        metavar="DIR",
        help="where to keep the index (default: the user cache folder)",
    )
    parser.add_argument(
        "--columns",
        type=_columns,
        default=default,
        metavar="MAP",
        help='CSV/TSV columns by field, e.g. "title=Headline,body=Story Text" (default: config.toml)',
    )
    parser.add_argument(
        "--ner",
        choices=NER_BACKENDS,
        default=default,
        help="entity backend (default: $TRADETUI_NER, config.toml's ner, else auto)",
    )


def json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON document to stdout")


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _whole_number(minimum: int, words: str):
    """An argparse type: a whole number of at least `minimum`, refused in plain words."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = None
        if number is None or number < minimum:
            raise argparse.ArgumentTypeError(f"must be {words}, not {value!r}")
        return number

    return parse


_positive = _whole_number(1, "a whole number of 1 or more")
_not_negative = _whole_number(0, "a whole number of 0 or more")


def name_type(value: str) -> str:
    """An argparse type: a name that is not blank (a blank --person would filter nothing)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("needs a name, not an empty string")
    return value


def _columns(value: str) -> dict[str, str]:
    """An argparse type: the --columns mapping ("title=Headline,body=Story Text")."""
    try:
        return parse_columns(value)
    except ColumnsError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def columns_of(args: argparse.Namespace) -> dict[str, str] | None:
    """The --columns mapping, or None for config.toml's."""
    return args.columns or None


def open_library(args: argparse.Namespace, corpus: Path | None) -> tuple[Library, IndexReport]:
    """The library on the corpus, brought up to date; its notes and skipped files on stderr."""
    lib = Library(corpus, args.index, columns=columns_of(args))
    lib.open()
    for message in lib.messages:
        say(f"tradetui: {message}")
    rebuild = getattr(args, "rebuild", False)
    report = lib.update(rebuild=rebuild, progress=ProgressBar(), procs=min(2, os.cpu_count() or 1))
    if report.skipped:
        say(f"tradetui: warning: skipped {len(report.skipped)} file(s) or record(s):")
        print_skipped(report.skipped)
    return lib, report


# -- index ------------------------------------------------------------------------------


def index_arguments(s: argparse.ArgumentParser) -> None:
    common_arguments(s)
    json_flag(s)
    s.add_argument("--rebuild", action="store_true", help="discard the index and build it again")
    s.add_argument("--watch", action="store_true", help="then keep indexing files as they change (Ctrl+C stops)")


def run_index(lib: Library, report: IndexReport, args: argparse.Namespace) -> int:
    emit(json_text(export.index_report_record(report)) if args.json else export.index_report_line(lib.corpus, report))
    if args.watch:
        say(f"tradetui: watching {lib.corpus} (Ctrl+C stops)")
        CorpusWatcher(lib, _watched(lib, args.json), procs=min(2, os.cpu_count() or 1), catch_up=False).run()
    return EXIT_OK


def _watched(lib: Library, as_json: bool) -> Callable[[WatchResult], None]:
    """What `index --watch` prints after each round: the report, or why indexing failed."""

    def show(result: WatchResult) -> None:
        if result.report is None:
            say(f"tradetui: error: {result.error}")
        elif as_json:
            doc = export.index_report_record(result.report)
            doc["changes"] = [{"path": ch.path, "change": ch.kind} for ch in result.changes]
            emit(json.dumps(doc, ensure_ascii=False) + "\n")
        else:
            emit(export.index_report_line(lib.corpus, result.report))

    return show


# -- search -----------------------------------------------------------------------------


def search_arguments(s: argparse.ArgumentParser) -> None:
    common_arguments(s)
    json_flag(s)
    s.add_argument("query", nargs="+", help='query (Whoosh syntax: AND OR NOT "phrase" title: date: person: ...)')
    s.add_argument("--limit", type=_positive, default=20, help="results per page (default 20)")
    s.add_argument("--offset", type=_not_negative, default=0, help="skip this many results")
    s.add_argument("--sort", choices=("score", "date"), default="score", help="best match first, or newest first")
    s.add_argument("--stories", action="store_true", help="with --json, also the stories the hits belong to")


def run_search(lib: Library, report: IndexReport, args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    page = lib.search(query, limit=args.limit, offset=args.offset, sort=args.sort)
    if args.json:
        doc = export.search_page_record(page)
        if args.stories:
            doc["stories"] = [export.story_record(st) for st in lib.stories(h.id for h in page.hits)]
        emit(json_text(doc))
        return EXIT_OK
    print_hits(page.hits)
    shown = f"{page.offset + 1}-{page.offset + len(page.hits)} of " if page.hits else ""
    say(f"{shown}{counted(page.total, 'result')}")
    if page.suggestion:
        say(f"did you mean: {page.suggestion}")
    return EXIT_OK


# -- show -------------------------------------------------------------------------------


def show_arguments(s: argparse.ArgumentParser) -> None:
    common_arguments(s)
    json_flag(s)
    s.add_argument("id", help="an article's id (as search lists them)")


def run_show(lib: Library, report: IndexReport, args: argparse.Namespace) -> int:
    a = lib.article(args.id)
    if args.json:
        emit(json_text(export.article_record(a)))
        return EXIT_OK
    with stdout() as out:
        con = console(out)
        con.print(text(a.title), style="bold")
        con.print(text(export.article_meta_line(a)), style="dim")
        for c in a.captions:
            con.print(text(c), style="italic")
        con.print()
        con.print(text(a.body))
    return EXIT_OK


# -- similar ----------------------------------------------------------------------------


def similar_arguments(s: argparse.ArgumentParser) -> None:
    common_arguments(s)
    json_flag(s)
    s.add_argument("id", help="an article's id (as search lists them)")
    s.add_argument("--limit", type=_positive, default=10, help="how many (default 10)")


def run_similar(lib: Library, report: IndexReport, args: argparse.Namespace) -> int:
    hits = lib.similar(args.id, args.limit)
    if args.json:
        emit(json_text(export.similar_record(args.id, hits)))
    else:
        print_hits(hits)
    return EXIT_OK


# -- entities and entity ----------------------------------------------------------------


def entities_arguments(s: argparse.ArgumentParser) -> None:
    common_arguments(s)
    json_flag(s)
    s.add_argument("--kind", choices=("person", "org", "place"))
    s.add_argument("--limit", type=_positive, default=None, help="only the first N")


def run_entities(lib: Library, report: IndexReport, args: argparse.Namespace) -> int:
    items = lib.entities(args.kind, args.limit)
    if args.json:
        emit(json_text(export.entities_record(items)))
        return EXIT_OK
    t = table("name", "kind", "articles", "mentions", "roles")
    for e in items:
        roles = ", ".join(dict.fromkeys(r.role for r in e.roles))
        t.add_row(text(e.name), e.kind, str(len(e.articles)), str(e.mentions), text(roles))
    with stdout() as out:
        console(out).print(t)
    return EXIT_OK


def entity_arguments(s: argparse.ArgumentParser) -> None:
    common_arguments(s)
    json_flag(s)
    s.add_argument("name", nargs="+")


def run_entity(lib: Library, report: IndexReport, args: argparse.Namespace) -> int:
    d = lib.entity(" ".join(args.name))
    if args.json:
        emit(json_text(export.entity_detail_record(d)))
        return EXIT_OK
    e = d.entity
    with stdout() as stream:
        con = console(stream)
        con.print(text(f"{e.name}  ({e.kind}{', ' + e.side if e.side else ''})"), style="bold")
        if e.aliases:
            con.print(text("aliases: " + ", ".join(e.aliases)))
        for r in e.roles:
            con.print(text(f"role: {r.role}  [{r.article}]"))
        con.print(text(f"{counted(len(e.articles), 'article')}, {counted(e.mentions, 'mention')}"))
        for aid in e.articles:
            con.print(text(f"  {aid}"))
        if d.cooccurring:
            con.print(text("appears with: " + ", ".join(f"{n} ({c})" for _, n, c in d.cooccurring[:12])))
        for q in d.quotes:
            con.print(text(f"{said(q)} — {q.article}"), style="italic")
    return EXIT_OK


# -- timeline ---------------------------------------------------------------------------


def timeline_arguments(s: argparse.ArgumentParser) -> None:
    common_arguments(s)
    s.add_argument(
        "--person",
        type=name_type,
        action="append",
        default=[],
        help="only events whose sentence names this entity or holds its quote (repeat: all of them)",
    )
    s.add_argument("--all-events", action="store_true", help="with --person, every event of the articles naming them")
    s.add_argument("--from", dest="start", type=_iso_date, metavar="DATE", help="only events from this day on")
    s.add_argument("--to", dest="end", type=_iso_date, metavar="DATE", help="only events up to this day")
    s.add_argument("--text", help="only events whose sentence holds these words")
    s.add_argument("--format", choices=("table", "json", "csv", "md", "timelinejs"), default="table")
    s.add_argument("--json", action="store_const", const="json", dest="format", help="same as --format json")


def check_timeline(args: argparse.Namespace) -> None:
    if args.all_events and not args.person:
        raise UsageError("--all-events widens --person: give --person NAME too")
    if args.start and args.end and args.end < args.start:
        raise UsageError(f"--to {args.end} is before --from {args.start}")


def run_timeline(lib: Library, report: IndexReport, args: argparse.Namespace) -> int:
    tl = lib.timeline(people=args.person, all_events=args.all_events, start=args.start, end=args.end, text=args.text)
    emit(render_timeline(tl, args.format, lib))
    return EXIT_OK


def render_timeline(tl: Timeline, fmt: str, lib: Library | None = None) -> str:
    """The timeline in one of the export formats, or as a table for the terminal."""
    if fmt != "table":
        return export.timeline_text(fmt, tl, lib)
    from rich.console import Console

    buf = io.StringIO()
    con = Console(file=buf, width=120, highlight=False, force_terminal=False)
    t = table("date", "precision", "event", "sources")
    for row in export.timeline_table_rows(tl):
        t.add_row(row[0], row[1], text(row[2]), text(row[3]))
    con.print(t)
    for line in export.unresolved_lines(tl):
        con.print(text(line))
    return buf.getvalue()


def said(q) -> str:
    """A quote as printed: direct words in quotation marks, reported speech as it stands."""
    return f"“{q.text}”" if q.kind == "direct" else q.text


# -- set-date ---------------------------------------------------------------------------


def set_date_arguments(s: argparse.ArgumentParser) -> None:
    common_arguments(s)
    json_flag(s)
    s.add_argument("id", help="an article's id (as search lists them)")
    s.add_argument("date", nargs="?", type=_iso_date, help="the article's date, YYYY-MM-DD")
    s.add_argument("--clear", action="store_true", help="forget the date set by hand")


def check_set_date(args: argparse.Namespace) -> None:
    if args.clear and args.date is not None:
        raise UsageError("give a DATE (YYYY-MM-DD) or --clear, not both")
    if not args.clear and args.date is None:
        raise UsageError("give a DATE (YYYY-MM-DD) or --clear")


def run_set_date(lib: Library, report: IndexReport, args: argparse.Namespace) -> int:
    a = lib.set_date(args.id, None if args.clear else args.date)
    if args.json:
        emit(json_text({"id": a.id, "date": a.date}))
    else:
        emit(f"{a.id}: date {'cleared' if args.clear else 'set'}; now {a.date or 'undated'}\n")
    return EXIT_OK
