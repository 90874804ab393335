"""Article records in JSON: one object, a list of them, or one a line (.jsonl).

A .json file in the shape of a JSON Feed is read as a feed (feeds.py).
"""

from __future__ import annotations

import json
import re

from ..cleaning import strip_controls
from ..models import Article, Skipped
from .article import build_article
from .common import LoadResult, clean_field, parse_iso_date, quoted

# Article records are shallow; deeper nesting is refused before parsing, so that the
# parser's recursion never depends on how much stack the caller has left.
MAX_JSON_DEPTH = 200
MAX_LINE_CHARS = 8 * 1024 * 1024

_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
# The JSON parser's messages, in the product's words.
_JSON_PROBLEMS = (
    ("Expecting value", "a value is missing"),
    ("Expecting property name", "a key is not in double quotes"),
    ("Expecting ':'", "a colon is missing"),
    ("Expecting ','", "a comma or closing bracket is missing"),
    ("Unterminated string", "a string is not closed"),
    ("Invalid control character", "a control character inside a string"),
    ("Invalid \\u", "a bad \\u escape in a string"),
    ("Invalid \\escape", "a bad escape in a string"),
    ("Extra data", "extra text after the data"),
)


def _describe(value: object) -> str:
    """A JSON value, for a one-line message."""
    if isinstance(value, str):
        return quoted(strip_controls(value))
    if isinstance(value, bool):
        return "(true)" if value else "(false)"
    if isinstance(value, int | float):
        # Huge and non-finite numbers are not spelled out: only their kind matters.
        return str(value) if abs(value) < 1e15 else "(a number)"
    if isinstance(value, list):
        return "(a list)"
    if isinstance(value, dict):
        return "(an object)"
    return "(a value of another kind)"


def _parse_int(digits: str) -> int | float:
    # Python refuses to convert very long digit strings; such a number is of no use to an
    # article, so it is read approximately rather than failing the whole record.
    try:
        return int(digits)
    except ValueError:
        return float(digits)


def _json_too_deep(text: str) -> bool:
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return False
    depth = 0
    for ch in _NOT_BRACKET.sub("", _JSON_STRING.sub("", text)):
        if ch in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        else:
            depth -= 1
    return False


def _parse_json(text: str, label: str, *, at_line: bool) -> tuple[object, str]:
    """(value, "") for parsed JSON, or (None, the problem in plain words).

    label names what is read ("JSON", "JSON line"); at_line adds where a syntax error is.
    """
    if _json_too_deep(text):
        return None, f"{label} nested too deeply (over {MAX_JSON_DEPTH} levels)"
    try:
        return json.loads(text, parse_int=_parse_int, strict=False), ""
    except json.JSONDecodeError as exc:
        words = next((w for start, w in _JSON_PROBLEMS if exc.msg.startswith(start)), None)
        where = f" at line {exc.lineno}" if at_line else ""
        return None, f"broken {label}: {words or 'not readable as JSON'}{where}"
    except RecursionError:
        return None, f"{label} nested too deeply"
    except ValueError:
        return None, f"broken {label}: a value cannot be read"


def _record_to_article(rec: object, art_id: str, rel: str, where: str) -> tuple[Article | None, list[Skipped]]:
    problems: list[Skipped] = []
    if not isinstance(rec, dict):
        return None, [Skipped(where, "not a JSON object")]
    texts = (rec.get("text"), rec.get("body"))
    body = next((v for v in texts if isinstance(v, str) and v.strip()), None)
    if body is None:
        return None, [Skipped(where, "no text or body field")]

    def field(name: str) -> str:
        value = rec.get(name, "")
        return strip_controls(value) if isinstance(value, str) else ""

    raw_date = rec.get("date")
    art_date = parse_iso_date(raw_date) if raw_date else None
    if raw_date and art_date is None:
        problems.append(Skipped(where, f"malformed date {_describe(raw_date)}; loaded undated"))
    article = build_article(
        art_id,
        rel,
        strip_controls(body),
        title=field("title"),
        art_date=art_date,
        source=field("source"),
        url=field("url"),
        author=clean_field(rec.get("author")),
    )
    if article is None:
        problems.append(Skipped(where, "no text after cleaning"))
    return article, problems


def load_jsonl(rel: str, art_id: str, text: str) -> LoadResult:
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{rel}:{lineno}"
        if len(line) > MAX_LINE_CHARS:
            skipped.append(Skipped(where, "line too large"))
            continue
        rec, problem = _parse_json(line, "JSON line", at_line=False)
        if problem:
            skipped.append(Skipped(where, problem))
            continue
        article, problems = _record_to_article(rec, f"{art_id}:{lineno}", rel, where)
        skipped.extend(problems)
        if article is not None:
            articles.append(article)
    if not articles and not skipped:
        skipped.append(Skipped(rel, "no articles in file"))
    return LoadResult(tuple(articles), tuple(skipped))


def load_json(rel: str, art_id: str, text: str) -> LoadResult:
    data, problem = _parse_json(text, "JSON", at_line=True)
    if problem:
        return LoadResult((), (Skipped(rel, problem),))
    if is_json_feed(data):
        from .feeds import load_json_feed

        assert isinstance(data, dict)
        return load_json_feed(rel, art_id, data)
    if isinstance(data, dict):
        article, problems = _record_to_article(data, art_id, rel, rel)
        return LoadResult((article,) if article else (), tuple(problems))
    if not isinstance(data, list):
        return LoadResult((), (Skipped(rel, "JSON is neither an object nor a list"),))
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for n, rec in enumerate(data, start=1):
        article, problems = _record_to_article(rec, f"{art_id}:{n}", rel, f"{rel}[{n}]")
        skipped.extend(problems)
        if article is not None:
            articles.append(article)
    return LoadResult(tuple(articles), tuple(skipped))


def is_json_feed(data: object) -> bool:
    """True for a JSON Feed (jsonfeed.org): an object with its version URL and a list of items."""
    if not isinstance(data, dict):
        return False
    version = data.get("version")
    return isinstance(version, str) and "jsonfeed.org/version/" in version and isinstance(data.get("items"), list)
