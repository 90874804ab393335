"""The `tradetui` command: the app with no subcommand, headless subcommands otherwise."""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TextIO

from search import (
    IndexReport,
    Library,
    NothingLoaded,
    Timeline,
    TradeTuiError,
    UnknownEntity,
    __version__,
    os_reason,
    to_jsonable,
)

EXIT_OK, EXIT_USER, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command-line usage (exit code 2)."""


class OutputError(Exception):
    """Standard output cannot be written (a full disk, a closed stream): exit 1."""


class OutputClosed(Exception):
    """The reader of standard output went away (`| head`): the output is not wanted, exit 0."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, never a traceback
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _common(parser: argparse.ArgumentParser, top: bool = False) -> None:
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


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON document to stdout")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _whole_number(minimum: int, words: str):
    """An argparse type: a whole number of at least `minimum`, refused in plain words."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise argparse.ArgumentTypeError(f"must be {words}, not {text!r}")
        return value

    return parse


_positive = _whole_number(1, "a whole number of 1 or more")
_not_negative = _whole_number(0, "a whole number of 0 or more")


def _name(text: str) -> str:
    """An argparse type: a name that is not blank (a blank --person would filter nothing)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("needs a name, not an empty string")
    return text


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="tradetui",
        description="A terminal research desk for news: search, read, and follow who said what, and when.",
        epilog="With no command, opens the app. Run 'tradetui COMMAND --help' for a command's options.",
    )
    p.add_argument("--version", action="version", version=f"tradetui {__version__}")
    _common(p, top=True)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    s = sub.add_parser("index", help="index the corpus and print a summary")
    _common(s)
    _json_flag(s)
    s.add_argument("--rebuild", action="store_true", help="discard the index and build it again")

    s = sub.add_parser("search", help="search the articles")
    _common(s)
    _json_flag(s)
    s.add_argument("query", nargs="+", help='query (Whoosh syntax: AND OR NOT "phrase" title: date: person: ...)')
    s.add_argument("--limit", type=_positive, default=20, help="results per page (default 20)")
    s.add_argument("--offset", type=_not_negative, default=0, help="skip this many results")
    s.add_argument("--sort", choices=("score", "date"), default="score")

    s = sub.add_parser("show", help="print one article")
    _common(s)
    _json_flag(s)
    s.add_argument("id")

    s = sub.add_parser("similar", help="articles like this one")
    _common(s)
    _json_flag(s)
    s.add_argument("id")
    s.add_argument("--limit", type=_positive, default=10)

    s = sub.add_parser("entities", help="people, organisations and places, by article count")
    _common(s)
    _json_flag(s)
    s.add_argument("--kind", choices=("person", "org", "place"))
    s.add_argument("--limit", type=_positive, default=None)

    s = sub.add_parser("entity", help="one entity: articles, mentions, roles, quotes")
    _common(s)
    _json_flag(s)
    s.add_argument("name", nargs="+")

    s = sub.add_parser("quotes", help="who said what: people's quotes, by article")
    _common(s)
    _json_flag(s)
    s.add_argument("--person", type=_name, help="only this person's quotes")

    s = sub.add_parser("timeline", help="dated events, in order")
    _common(s)
    s.add_argument("--person", type=_name, help="only events of this entity")
    s.add_argument("--from", dest="start", type=_iso_date, metavar="DATE")
    s.add_argument("--to", dest="end", type=_iso_date, metavar="DATE")
    s.add_argument("--text", help="only events whose sentence holds these words")
    s.add_argument("--format", choices=("table", "json", "csv", "md", "timelinejs"), default="table")
    s.add_argument("--json", action="store_const", const="json", dest="format", help="same as --format json")

    s = sub.add_parser("set-date", help="set or clear an article's date")
    _common(s)
    _json_flag(s)
    s.add_argument("id")
    s.add_argument("date", nargs="?", type=_iso_date)
    s.add_argument("--clear", action="store_true", help="forget the date set by hand")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        _say(f"tradetui: error: {exc}")
        return EXIT_USAGE
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    env_corpus = os.environ.get("TRADETUI_CORPUS")
    corpus = args.corpus or (Path(env_corpus) if env_corpus else None)
    try:
        if args.command is None:
            from .app import run_app

            return run_app(corpus, args.index)
        _check_combinations(args)
        return _run_command(args, corpus)
    except UsageError as exc:
        _say(f"tradetui: error: {exc}")
        return EXIT_USAGE
    except UnknownEntity as exc:
        hint = f" (did you mean: {', '.join(exc.suggestions)})" if exc.suggestions else ""
        _say(f"tradetui: error: {exc}{hint}")
        return EXIT_USER
    except NothingLoaded as exc:
        _say(f"tradetui: error: {exc}")
        _print_skipped(exc.skipped)
        return EXIT_USER
    except TradeTuiError as exc:
        _say(f"tradetui: error: {exc}")
        return EXIT_USER
    except OutputError as exc:
        _say(f"tradetui: error: {exc}")
        return EXIT_USER
    except KeyboardInterrupt:
        _say("tradetui: interrupted; the previous index is intact")
        return 130
    except OutputClosed:
        _detach_stdout()
        return EXIT_OK


def _check_combinations(args: argparse.Namespace) -> None:
    """Options that are each valid but do not go together (checked before any indexing)."""
    if args.command == "set-date":
        if args.clear and args.date is not None:
            raise UsageError("give a DATE (YYYY-MM-DD) or --clear, not both")
        if not args.clear and args.date is None:
            raise UsageError("give a DATE (YYYY-MM-DD) or --clear")
    if args.command == "timeline" and args.start and args.end and args.end < args.start:
        raise UsageError(f"--to {args.end} is before --from {args.start}")


def _say(message: str) -> None:
    """One line on stderr; nothing when stderr is closed (it must never land on stdout)."""
    err = sys.stderr
    if err is None:
        return
    with contextlib.suppress(OSError, ValueError):
        print(message, file=err)


@contextlib.contextmanager
def _stdout() -> Iterator[TextIO]:
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


def _detach_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit does not hit the closed pipe again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        fd = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)


def _emit(text: str) -> None:
    with _stdout() as out:
        out.write(text)


def _open(args: argparse.Namespace, corpus: Path | None, rebuild: bool = False) -> tuple[Library, IndexReport]:
    lib = Library(corpus, args.index)
    lib.open()
    for message in lib.messages:
        _say(f"tradetui: {message}")
    report = lib.update(rebuild=rebuild, progress=_progress_bar(), procs=min(2, os.cpu_count() or 1))
    if report.skipped:
        _say(f"tradetui: warning: skipped {len(report.skipped)} file(s) or record(s):")
        _print_skipped(report.skipped)
    return lib, report


def _print_skipped(skipped: Sequence, shown: int = 20) -> None:
    """Each skipped file or record with its reason, on stderr (the first `shown` of them)."""
    for s in skipped[:shown]:
        _say(f"  {s.path}: {s.reason}")
    if len(skipped) > shown:
        _say(f"  ... and {len(skipped) - shown} more")


class _progress_bar:
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


def _json_text(obj: object) -> str:
    return json.dumps(to_jsonable(obj), ensure_ascii=False, indent=2) + "\n"


def _console(out: TextIO):
    """A rich console on `out` whose broken pipe reaches main() instead of exiting with 1."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:  # rich's own exits with code 1, silently
            self.quiet = True
            raise BrokenPipeError

    return _Console(file=out, highlight=False, soft_wrap=False)


def _table(*columns: str):
    from rich.table import Table

    t = Table(show_edge=False, pad_edge=False, header_style="bold")
    for c in columns:
        t.add_column(c, overflow="fold")
    return t


def _text(value: object):
    from rich.text import Text

    return Text(str(value) if value is not None else "")


def _run_command(args: argparse.Namespace, corpus: Path | None) -> int:
    cmd = args.command
    lib, report = _open(args, corpus, rebuild=getattr(args, "rebuild", False))
    try:
        if cmd == "index":
            if args.json:
                _emit(
                    _json_text(
                        {
                            "added": report.added,
                            "updated": report.updated,
                            "deleted": report.deleted,
                            "unchanged": report.unchanged,
                            "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
                        }
                    )
                )
            else:
                _emit(
                    f"indexed {lib.corpus}: {report.added} added, {report.updated} updated, "
                    f"{report.deleted} deleted, {report.unchanged} unchanged, "
                    f"{len(report.skipped)} skipped\n"
                )
            return EXIT_OK
        if cmd == "search":
            return _cmd_search(lib, args)
        if cmd == "show":
            a = lib.article(args.id)
            if args.json:
                _emit(
                    _json_text(
                        {
                            "id": a.id,
                            "title": a.title,
                            "date": a.date,
                            "source": a.source,
                            "path": a.path,
                            "url": a.url,
                            "captions": list(a.captions),
                            "body": a.body,
                        }
                    )
                )
                return EXIT_OK
            with _stdout() as out:
                con = _console(out)
                con.print(_text(a.title), style="bold")
                when = a.date.isoformat() if a.date else "undated"
                line = " · ".join(x for x in (when, a.source, a.path) if x)
                con.print(_text(line), style="dim")
                for c in a.captions:
                    con.print(_text(c), style="italic")
                con.print()
                con.print(_text(a.body))
            return EXIT_OK
        if cmd == "similar":
            hits = lib.similar(args.id, args.limit)
            if args.json:
                _emit(_json_text({"id": args.id, "hits": [_hit_json(h) for h in hits]}))
            else:
                _print_hits(hits)
            return EXIT_OK
        if cmd == "entities":
            items = lib.entities(args.kind, args.limit)
            if args.json:
                _emit(_json_text({"entities": [_entity_json(e) for e in items]}))
            else:
                t = _table("name", "kind", "articles", "mentions", "roles")
                for e in items:
                    roles = ", ".join(dict.fromkeys(r.role for r in e.roles))
                    t.add_row(_text(e.name), e.kind, str(len(e.articles)), str(e.mentions), _text(roles))
                with _stdout() as out:
                    _console(out).print(t)
            return EXIT_OK
        if cmd == "entity":
            return _cmd_entity(lib, " ".join(args.name), args.json)
        if cmd == "quotes":
            return _cmd_quotes(lib, args.person, args.json)
        if cmd == "timeline":
            tl = lib.timeline(person=args.person, start=args.start, end=args.end, text=args.text)
            _emit(render_timeline(tl, args.format, lib))
            return EXIT_OK
        if cmd == "set-date":
            a = lib.set_date(args.id, None if args.clear else args.date)
            if args.json:
                _emit(_json_text({"id": a.id, "date": a.date}))
            else:
                _emit(f"{a.id}: date {'cleared' if args.clear else 'set'}; now {a.date or 'undated'}\n")
            return EXIT_OK
    finally:
        lib.close()
    return EXIT_USAGE


def _hit_json(h) -> dict:
    return {
        "id": h.id,
        "title": h.title,
        "date": h.date.isoformat() if h.date else None,
        "score": h.score,
        "snippet": h.snippet,
        "matches": [list(s) for s in h.snippet_spans],
    }


def _print_hits(hits) -> None:
    t = _table("id", "date", "title / snippet")
    for h in hits:
        body = _text(h.title)
        body.stylize("bold")
        snippet = _text(h.snippet)
        for a, b in h.snippet_spans:
            snippet.stylize("reverse", a, b)
        body.append("\n")
        body.append_text(snippet)
        t.add_row(_text(h.id), h.date.isoformat() if h.date else "—", body)
    with _stdout() as out:
        _console(out).print(t)


def _cmd_search(lib: Library, args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    page = lib.search(query, limit=args.limit, offset=args.offset, sort=args.sort)
    if args.json:
        _emit(
            _json_text(
                {
                    "query": page.query,
                    "total": page.total,
                    "suggestion": page.suggestion,
                    "offset": page.offset,
                    "sort": page.sort,
                    "hits": [_hit_json(h) for h in page.hits],
                }
            )
        )
        return EXIT_OK
    _print_hits(page.hits)
    shown = f"{page.offset + 1}-{page.offset + len(page.hits)} of " if page.hits else ""
    _say(f"{shown}{page.total} result{'s' if page.total != 1 else ''}")
    if page.suggestion:
        _say(f"did you mean: {page.suggestion}")
    return EXIT_OK


def _entity_json(e) -> dict:
    return {
        "id": e.id,
        "name": e.name,
        "kind": e.kind,
        "aliases": list(e.aliases),
        "roles": [{"role": r.role, "article": r.article, "side": r.side} for r in e.roles],
        "articles": list(e.articles),
        "mentions": e.mentions,
    }


def _cmd_entity(lib: Library, name: str, as_json: bool) -> int:
    d = lib.entity(name)
    if as_json:
        out = _entity_json(d.entity)
        out["side"] = d.entity.side
        out["mention_spans"] = [
            {"article": m.article, "surface": m.surface, "start": m.start, "end": m.end, "where": m.where}
            for m in d.mentions
        ]
        out["cooccurring"] = [{"id": i, "name": n, "articles": c} for i, n, c in d.cooccurring]
        out["quotes"] = [q.record() for q in d.quotes]
        _emit(_json_text(out))
        return EXIT_OK
    e = d.entity
    with _stdout() as stream:
        con = _console(stream)
        con.print(_text(f"{e.name}  ({e.kind}{', ' + e.side if e.side else ''})"), style="bold")
        if e.aliases:
            con.print(_text("aliases: " + ", ".join(e.aliases)))
        for r in e.roles:
            con.print(_text(f"role: {r.role}  [{r.article}]"))
        con.print(_text(f"{len(e.articles)} articles, {e.mentions} mentions"))
        for aid in e.articles:
            con.print(_text(f"  {aid}"))
        if d.cooccurring:
            con.print(_text("appears with: " + ", ".join(f"{n} ({c})" for _, n, c in d.cooccurring[:12])))
        for q in d.quotes:
            con.print(_text(f"{_said(q)} — {q.article}"), style="italic")
    return EXIT_OK


def _said(q) -> str:
    return f"“{q.text}”" if q.kind == "direct" else q.text


def _cmd_quotes(lib: Library, person: str | None, as_json: bool) -> int:
    quotes = lib.quotes(person=person)
    if as_json:
        _emit(_json_text({"quotes": [q.record() for q in quotes]}))
        return EXIT_OK
    with _stdout() as stream:
        con = _console(stream)
        for q in quotes:
            when = q.date.isoformat() if q.date else "undated"
            con.print(_text(f"{q.speaker} ({q.kind}; {q.article}, {when}): {_said(q)}"))
    return EXIT_OK


def render_timeline(tl: Timeline, fmt: str, lib: Library | None = None) -> str:
    """The timeline in one of the export formats."""
    if fmt == "json":
        return (
            json.dumps(
                {
                    "events": [
                        {
                            "id": e.id,
                            "start": e.start.isoformat(),
                            "end": e.end.isoformat(),
                            "precision": e.precision,
                            "text": e.text,
                            "articles": list(e.articles),
                            "entities": list(e.entities),
                            "sources": [
                                {
                                    "article": s.article,
                                    "text": s.text,
                                    "expression": s.expression,
                                    "start": s.start,
                                    "end": s.end,
                                    "where": s.where,
                                }
                                for s in e.sources
                            ],
                        }
                        for e in tl.events
                    ],
                    "unresolved": [
                        {"article": u.article, "expression": u.expression, "reason": u.reason} for u in tl.unresolved
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["id", "start", "end", "precision", "text", "articles", "entities"])
        for e in tl.events:
            w.writerow([e.id, e.start, e.end, e.precision, e.text, " ".join(e.articles), "; ".join(e.entities)])
        return buf.getvalue()
    if fmt == "md":
        lines = ["| date | precision | event | sources |", "|---|---|---|---|"]
        for e in tl.events:
            when = e.start.isoformat() + (f" – {e.end.isoformat()}" if e.end != e.start else "")
            text = e.text.replace("|", "\\|").replace("\n", " ")
            lines.append(f"| {when} | {e.precision} | {text} | {', '.join(e.articles)} |")
        return "\n".join(lines) + "\n"
    if fmt == "timelinejs":
        titles = lib.titles([a for e in tl.events for a in e.articles]) if lib else {}

        def jsdate(d: date, precision: str) -> dict:
            out = {"year": str(d.year)}
            if precision != "year":
                out["month"] = str(d.month)
            if precision in ("day", "week"):
                out["day"] = str(d.day)
            return out

        events = []
        for e in tl.events:
            item = {
                "start_date": jsdate(e.start, e.precision),
                "text": {"headline": titles.get(e.articles[0], (e.text[:80],))[0], "text": e.text},
                "group": ", ".join(e.entities[:2]) or None,
                "unique_id": e.id,
            }
            if e.end != e.start:
                item["end_date"] = jsdate(e.end, e.precision)
            if item["group"] is None:
                del item["group"]
            events.append(item)
        doc = {"title": {"text": {"headline": "Timeline", "text": f"{len(events)} events"}}, "events": events}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    # table
    from rich.console import Console

    buf = io.StringIO()
    con = Console(file=buf, width=120, highlight=False, force_terminal=False)
    t = _table("date", "precision", "event", "sources")
    for e in tl.events:
        when = e.start.isoformat() + (f" – {e.end.isoformat()}" if e.end != e.start else "")
        t.add_row(when, e.precision, _text(e.text), _text(", ".join(e.articles)))
    con.print(t)
    if tl.unresolved:
        con.print(_text(f"{len(tl.unresolved)} unresolved expressions (undated articles):"))
        for u in tl.unresolved[:30]:
            con.print(_text(f"  {u.article}: {u.expression!r} ({u.reason})"))
    return buf.getvalue()


if __name__ == "__main__":
    raise SystemExit(main())
