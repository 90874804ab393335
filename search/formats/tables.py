"""CSV and TSV exports from news databases: one article per row, columns found by header name.

Python's csv module reads the rows, its field size limit raised so that a long article in
one cell loads. Exports are often not clean, so: rows with fewer fields than the header
get empty ones and extra fields are ignored (one note per file says which lines); a stray
quote, which would swallow the rest of the file into one field, is read as a character
of its line; rows without text are reported. An article's id is FILE:VALUE of its id
column, else FILE:ROW (the data row's number, from 1).
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Mapping

from ..models import Article, Skipped
from .article import build_article
from .columns import DEFAULT_COLUMNS, map_headers
from .common import LoadResult, clean_field, one_problem, parse_any_date, quoted

MAX_FIELD_CHARS = 8 * 1024 * 1024
_CANDIDATE_DELIMITERS = ",;\t|"
_HTML_TAG = re.compile(r"</?(?:p|br|div|span|a|em|strong|b|i|h[1-6]|ul|li)\b[^>]*>", re.IGNORECASE)
_SHOWN_LINES = 5
# Lines of a suspect record read again to tell a stray quote from a long quoted field.
_STRAY_QUOTE_LINES = 50


def _raise_field_limit() -> None:
    # The limit is the process's; it only ever goes up here. A C long may be 32 bits.
    limit = sys.maxsize
    while limit > csv.field_size_limit():
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 2


_raise_field_limit()


class _Lines:
    """The file's lines, handed to csv.reader one at a time, so a row can be read again."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.pos = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1] + "\n"


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of a CSV export: whichever candidate the header line holds most of."""
    outside = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: outside.count(d) for d in _CANDIDATE_DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _rows(text: str, delimiter: str, width: int | None, notes: list[str]):
    """(first line number, fields) of each record; width is the header's, once known."""
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    while True:
        start = lines.pos
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            row = None
        spanned = lines.pos - start
        suspect = width is not None and (row is None or spanned > 1)
        if suspect and _stray_quote(lines.lines[start : lines.pos], delimiter, width or 0):
            notes.append(f"line {start + 1}: a stray quote, read as a character of the line")
            (row,) = list(csv.reader([lines.lines[start]], delimiter=delimiter, quoting=csv.QUOTE_NONE))
            lines.pos = start + 1
            reader = csv.reader(lines, delimiter=delimiter, strict=False)
        elif row is None:
            notes.append(f"line {start + 1}: a row that cannot be read")
            continue
        yield start + 1, row
        if width is None and any(cell.strip() for cell in row):
            width = len(row)


def _stray_quote(span: list[str], delimiter: str, width: int) -> bool:
    """True when a record that ran over several lines reads as rows of its own, line by line.

    A quoted field may hold line breaks (an article's paragraphs); its lines, read one
    by one, rarely split into exactly as many fields as the header has. Rows swallowed
    by an unclosed quote do.
    """
    rows = list(csv.reader(span[:_STRAY_QUOTE_LINES], delimiter=delimiter, quoting=csv.QUOTE_NONE))
    fitting = sum(1 for r in rows if len(r) == width)
    return len(rows) > 1 and fitting * 2 >= len(rows)


def load_table(
    rel: str, art_id: str, text: str, *, delimiter: str | None = None, columns: Mapping[str, str] | None = None
) -> LoadResult:
    """Articles from the rows of a CSV (delimiter sniffed) or TSV (delimiter="\\t") export."""
    text = text.lstrip("\ufeff")
    first_line = next((line for line in text.split("\n", 50) if line.strip()), "")
    if not first_line:
        return one_problem(rel, "no rows in the table")
    notes: list[str] = []
    rows = _rows(text, delimiter or sniff_delimiter(first_line), None, notes)
    header: list[str] = []
    for _line, row in rows:
        if any(cell.strip() for cell in row):
            header = row
            break
    found, problems = map_headers(header, columns)
    skipped = [Skipped(rel, p) for p in problems]
    if "body" not in found:
        shown = ", ".join(quoted(h, 20) for h in header[:8]) + (", …" if len(header) > 8 else "")
        wanted = ", ".join(DEFAULT_COLUMNS["body"][:4])
        return LoadResult(
            (), (*skipped, Skipped(rel, f"no column holds the text (headers: {shown}; looked for {wanted}…)"))
        )
    articles, more = _read_rows(rel, art_id, rows, header, found, notes)
    skipped.extend(more)
    skipped.extend(Skipped(rel, n) for n in notes)
    if not articles and not more:
        skipped.append(Skipped(rel, "no rows in the table"))
    return LoadResult(tuple(articles), tuple(skipped))


def _read_rows(rel, art_id, rows, header, found, notes) -> tuple[list[Article], list[Skipped]]:
    articles: list[Article] = []
    skipped: list[Skipped] = []
    ragged: list[int] = []
    ids_seen: set[str] = set()
    rowno = 0
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        rowno += 1
        if len(row) != len(header):
            ragged.append(line)
        where = f"{rel}:{line}"
        if any(len(cell) > MAX_FIELD_CHARS for cell in row):
            skipped.append(Skipped(where, f"a field is too large (over {MAX_FIELD_CHARS} characters)"))
            continue
        aid = _row_id(art_id, row, found, rowno, ids_seen, where, skipped)
        article = _row_article(aid, rel, row, found, where, skipped)
        if article is not None:
            articles.append(article)
    if ragged:
        lines = ", ".join(str(n) for n in ragged[:_SHOWN_LINES]) + (", …" if len(ragged) > _SHOWN_LINES else "")
        notes.append(
            f"{len(ragged)} row{'s' if len(ragged) != 1 else ''} with more or fewer fields than the header"
            f" (line{'s' if len(ragged) != 1 else ''} {lines}): missing fields read as empty, extra ones ignored"
        )
    return articles, skipped


def _cell(row: list[str], found: dict[str, int], field: str) -> str:
    i = found.get(field)
    return row[i] if i is not None and i < len(row) else ""


def _row_id(art_id: str, row, found, rowno: int, seen: set[str], where: str, skipped: list[Skipped]) -> str:
    """FILE:VALUE of the id column; FILE:ROW without one; FILE:#ROW for an empty or repeated value."""
    if "id" not in found:
        return f"{art_id}:{rowno}"
    value = clean_field(_cell(row, found, "id"))
    if value and value not in seen:
        seen.add(value)
        return f"{art_id}:{value}"
    why = f"repeats the id {quoted(value)}" if value else "has no id"
    skipped.append(Skipped(where, f"the row {why}; its id is its row number, #{rowno}"))
    return f"{art_id}:#{rowno}"


def _row_article(aid: str, rel: str, row, found, where: str, skipped: list[Skipped]) -> Article | None:
    body = _cell(row, found, "body")
    if not body.strip():
        skipped.append(Skipped(where, "no text in the row"))
        return None
    if _HTML_TAG.search(body):
        from .html import fragment_text

        body = fragment_text(body)
    raw_date = clean_field(_cell(row, found, "date"))
    art_date = parse_any_date(raw_date) if raw_date else None
    if raw_date and art_date is None:
        skipped.append(Skipped(where, f"malformed date {quoted(raw_date)}; loaded undated"))
    article = build_article(
        aid,
        rel,
        body,
        title=clean_field(_cell(row, found, "title")),
        art_date=art_date,
        source=clean_field(_cell(row, found, "source")),
        url=clean_field(_cell(row, found, "url")),
        author=clean_field(_cell(row, found, "author")),
    )
    if article is None:
        skipped.append(Skipped(where, "no text after cleaning"))
    return article
