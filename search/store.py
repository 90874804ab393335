"""The side table beside the text index: file fingerprints and per-article extraction results.

Kept in SQLite so that incremental runs can tell unchanged files without reading
them, and cross-article linking can run over stored mentions without re-reading text.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from .linking import MentionRow
from .store_tables import DerivedTables, StoryTable, select_in

STORE_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, digest TEXT, ids TEXT
);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, path TEXT, title TEXT, date TEXT, header_date TEXT
);
CREATE TABLE IF NOT EXISTS mentions (
    article TEXT, surface TEXT, name TEXT, kind TEXT, start INTEGER, "end" INTEGER,
    place TEXT, role TEXT, side TEXT
);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article);
CREATE TABLE IF NOT EXISTS quotes (
    article TEXT, speaker TEXT, text TEXT, start INTEGER, "end" INTEGER, place TEXT, kind TEXT
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article);
CREATE TABLE IF NOT EXISTS events (
    article TEXT, start TEXT, "end" TEXT, precision TEXT, text TEXT, expression TEXT,
    span_start INTEGER, span_end INTEGER, place TEXT, names TEXT
);
CREATE INDEX IF NOT EXISTS events_article ON events(article);
CREATE TABLE IF NOT EXISTS unresolved (article TEXT, expression TEXT, reason TEXT);
CREATE INDEX IF NOT EXISTS unresolved_article ON unresolved(article);
"""

PER_ARTICLE_TABLES = ("articles", "mentions", "quotes", "events", "unresolved")
_INSERT = {
    "articles": "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)",
    "mentions": "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "quotes": "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?)",
    "events": "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "unresolved": "INSERT INTO unresolved VALUES (?, ?, ?)",
}
# Rows buffered before they are written in one statement per table.
_BUFFERED_ROWS = 20_000
_MENTION_COLUMNS = 'article, surface, name, kind, start, "end", place, role, side'
_EVENT_COLUMNS = 'article, start, "end", precision, text, expression, span_start, span_end, place, names'


class FileRow(NamedTuple):
    """A file's fingerprint in the side table; its article ids come from Store.file_ids()."""

    path: str
    size: int
    mtime_ns: int
    digest: str
    # The field shadows the tuple.count() method typeshed declares; callers use the name.
    count: int  # type: ignore[assignment]  # articles in the file


class ArticleRow(NamedTuple):
    """An article's row: where it came from, its title, the date used and the file's own."""

    id: str
    path: str
    title: str
    date: str | None  # ISO; the date set by hand when there is one
    header_date: str | None  # ISO; the date the file gives


class TitleRow(NamedTuple):
    id: str
    title: str
    date: str | None


class ArticleMention(NamedTuple):
    """A mention of one article, with its rowid (the link to its entity)."""

    rowid: int
    surface: str
    start: int
    end: int
    where: str
    role: str
    side: str


class EntityMention(NamedTuple):
    """A mention read back by rowid, for an entity's list of mentions."""

    article: str
    surface: str
    start: int
    end: int
    where: str
    role: str
    side: str


class QuoteRow(NamedTuple):
    """One quote of one article, with the article's date (ISO, or None)."""

    article: str
    speaker: str
    text: str
    start: int
    end: int
    where: str
    kind: str
    date: str | None


class EventRow(NamedTuple):
    """One dated sentence of one article; names is a JSON list of the names in it."""

    article: str
    start: str  # ISO day
    end: str  # ISO day
    precision: str
    text: str
    expression: str
    span_start: int
    span_end: int
    where: str
    names: str


class UnresolvedRow(NamedTuple):
    article: str
    expression: str
    reason: str


class Store:
    """A small SQLite database in the index directory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(str(path), timeout=30.0, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(STORE_SCHEMA)
        self.stories = StoryTable(self.db)
        self.derived = DerivedTables(self.db)
        # Reading the header is enough to catch a file that is not a database; a full
        # integrity check would read all of it on every start.
        self.db.execute("PRAGMA schema_version").fetchone()
        self._pending: dict[str, list[tuple]] = {}
        self._pending_count = 0

    def close(self) -> None:
        self.db.close()

    # -- meta ------------------------------------------------------------------------

    def get_meta(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def bump_generation(self) -> None:
        self.set_meta("generation", str(int(self.get_meta("generation", "0")) + 1))

    # -- files -----------------------------------------------------------------------

    def fingerprints(self) -> dict[str, tuple[str, int, int]]:
        """Every indexed file's (path, size, mtime_ns), by path.

        On a large unchanged corpus this is most of what a start-up reads, so nothing
        else is read here: digests and article ids stay in SQLite until a changed or
        deleted file needs them (file_row(), file_ids()).
        """
        return {row[0]: row for row in self.db.execute("SELECT path, size, mtime_ns FROM files")}

    def file_row(self, path: str) -> FileRow | None:
        try:
            row = self.db.execute(
                "SELECT path, size, mtime_ns, digest, json_array_length(ids) FROM files WHERE path=?", (path,)
            ).fetchone()
        except sqlite3.OperationalError:  # an SQLite built without JSON functions
            row = self.db.execute(
                "SELECT path, size, mtime_ns, digest, ids FROM files WHERE path=?", (path,)
            ).fetchone()
            row = row and (*row[:4], len(json.loads(row[4])))
        return FileRow._make(row) if row else None

    def article_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def file_ids(self, path: str) -> list[str]:
        row = self.db.execute("SELECT ids FROM files WHERE path=?", (path,)).fetchone()
        return json.loads(row[0]) if row else []

    def put_file(self, path: str, size: int, mtime_ns: int, digest: str, ids: list[str]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
            (path, size, mtime_ns, digest, json.dumps(ids)),
        )

    def drop_file(self, path: str) -> None:
        self.db.execute("DELETE FROM files WHERE path=?", (path,))

    # -- articles --------------------------------------------------------------------

    def add_rows(self, table: str, rows: Iterable[tuple]) -> None:
        """Queue per-article rows; they are written at the latest on commit()."""
        rows = list(rows)
        if not rows:
            return
        self._pending.setdefault(table, []).extend(rows)
        self._pending_count += len(rows)
        if self._pending_count >= _BUFFERED_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write the queued rows (inside the open transaction)."""
        pending, self._pending, self._pending_count = self._pending, {}, 0
        for table, rows in pending.items():
            self.db.executemany(_INSERT[table], rows)

    def drop_articles(self, ids: Iterable[str]) -> None:
        self.flush()  # a queued row of one of these articles must go too
        ids = list(ids)
        for table in PER_ARTICLE_TABLES:
            key = "id" if table == "articles" else "article"
            self.db.executemany(f"DELETE FROM {table} WHERE {key}=?", [(i,) for i in ids])

    def add_article(self, row: ArticleRow) -> None:
        self.add_rows("articles", [row])

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY id")]

    def header_date(self, article_id: str) -> str | None:
        """The date the article's file gives (ISO), whatever date was set by hand."""
        row = self.db.execute("SELECT header_date FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def titles(self, ids: Sequence[str]) -> list[TitleRow]:
        sql = "SELECT id, title, date FROM articles WHERE id IN ({})"
        return [TitleRow._make(r) for r in self._select_in(sql, ids)]

    def articles_per_month(self) -> list[tuple[str, int]]:
        """(YYYY-MM, dated articles) in month order."""
        sql = "SELECT substr(date, 1, 7) AS m, COUNT(*) FROM articles WHERE date IS NOT NULL GROUP BY m ORDER BY m"
        return [(m, n) for m, n in self.db.execute(sql)]

    def article_months(self) -> Iterator[tuple[str, str]]:
        """(article id, YYYY-MM) of every dated article."""
        return iter(self.db.execute("SELECT id, substr(date, 1, 7) FROM articles WHERE date IS NOT NULL"))

    # -- mentions, quotes, events -----------------------------------------------------

    def mention_shape(self) -> tuple[int, int | None, int]:
        """(count, largest rowid, rows this connection changed): equal shapes mean no write between.

        The count of changes catches what the first two miss: a thread that drops an
        article's mentions on this connection and writes them again leaves the same count
        and, when they were the last rows, the same largest rowid.
        """
        count, top = self.db.execute("SELECT count(*), max(rowid) FROM mentions").fetchone()
        return count, top, self.db.total_changes

    def mention_rowids(self) -> array:
        """Every mention's rowid, ascending (the order mention_rows() yields them)."""
        return array("q", (r[0] for r in self.db.execute("SELECT rowid FROM mentions ORDER BY rowid")))

    def mention_snapshot(self) -> tuple[array, list[MentionRow]]:
        """Every mention's rowid and row, in rowid order, read by one statement."""
        rowids = array("q")

        def columns() -> Iterator[tuple]:
            for r in self.db.execute(f"SELECT rowid, {_MENTION_COLUMNS} FROM mentions ORDER BY rowid"):
                rowids.append(r[0])
                yield r[1:]

        rows = list(_mention_rows(columns()))
        return rowids, rows

    def mention_rows(self) -> Iterator[MentionRow]:
        """Every mention in rowid order, streamed; one string object per article id."""
        return _mention_rows(self.db.execute(f"SELECT {_MENTION_COLUMNS} FROM mentions ORDER BY rowid"))

    def mentions_in(self, article_id: str) -> list[ArticleMention]:
        sql = 'SELECT rowid, surface, start, "end", place, role, side FROM mentions WHERE article=?'
        return [ArticleMention._make(r) for r in self.db.execute(sql, (article_id,))]

    def mentions_by_rowid(self, rowids: Sequence[int]) -> list[EntityMention]:
        sql = 'SELECT article, surface, start, "end", place, role, side FROM mentions WHERE rowid IN ({})'
        return [EntityMention._make(r) for r in self._select_in(sql, rowids)]

    def events(self, start: str | None = None, end: str | None = None) -> list[EventRow]:
        """Event rows overlapping the ISO days start..end (either end open)."""
        sql = f"SELECT {_EVENT_COLUMNS} FROM events"
        cond, args = [], []
        if start:
            cond.append('"end" >= ?')
            args.append(start)
        if end:
            cond.append("start <= ?")
            args.append(end)
        if cond:
            sql += " WHERE " + " AND ".join(cond)
        return [EventRow._make(r) for r in self.db.execute(sql, args)]

    def event_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM events").fetchone()[0]

    def unresolved(self) -> list[UnresolvedRow]:
        """Expressions no date was found for, by article (a repeated row once)."""
        sql = "SELECT article, expression, reason FROM unresolved ORDER BY article"
        return [UnresolvedRow._make(r) for r in dict.fromkeys(self.db.execute(sql))]

    def _select_in(self, sql: str, values: Sequence) -> Iterator[tuple]:
        return select_in(self.db, sql, values)

    def quote_rows(self, articles: Iterable[str] | None = None) -> list[QuoteRow]:
        """The quotes of these articles (of all when None), by article, place and position."""
        sql = (
            'SELECT q.article, q.speaker, q.text, q.start, q."end", q.place, q.kind, a.date'
            " FROM quotes q LEFT JOIN articles a ON a.id = q.article"
        )
        rows: Iterable[tuple]
        if articles is None:
            rows = self.db.execute(sql + " ORDER BY q.article, q.place, q.start")
        else:
            rows = sorted(
                self._select_in(sql + " WHERE q.article IN ({})", list(articles)), key=lambda r: (r[0], r[5], r[3])
            )
        return [QuoteRow._make(r) for r in rows]

    def commit(self) -> None:
        self.flush()
        self.stories.write()
        self.db.commit()
        self.stories.forget()

    def rollback(self) -> None:
        self._pending, self._pending_count = {}, 0
        self.stories.discard()
        self.db.rollback()
        self.stories.forget()


def _mention_rows(rows: Iterable[tuple]) -> Iterator[MentionRow]:
    """Mention rows (in _MENTION_COLUMNS' order) as MentionRow, one string object per article id."""
    ids: dict[str, str] = {}
    for r in rows:
        yield MentionRow(ids.setdefault(r[0], r[0]), *r[1:])
