"""The side table beside the text index: file fingerprints and per-article extraction results.

Kept in SQLite so that incremental runs can tell unchanged files without reading
them, and cross-article linking can run over stored mentions without re-reading text.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

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


class FileRow(NamedTuple):
    """A file's fingerprint in the side table; its article ids come from Store.file_ids()."""

    path: str
    size: int
    mtime_ns: int
    digest: str
    # The field shadows the tuple.count() method typeshed declares; callers use the name.
    count: int  # type: ignore[assignment]  # articles in the file


class Store:
    """A small SQLite database in the index directory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(str(path), timeout=30.0, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(STORE_SCHEMA)
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

    def drop_article_events(self, article: str) -> None:
        self.flush()
        self.db.execute("DELETE FROM events WHERE article=?", (article,))
        self.db.execute("DELETE FROM unresolved WHERE article=?", (article,))

    def quote_rows(self, articles: Iterable[str] | None = None) -> list[tuple]:
        """(article, speaker, text, start, end, place, kind, article date) of the quotes of these
        articles (of all when None), by article and position."""
        sql = (
            'SELECT q.article, q.speaker, q.text, q.start, q."end", q.place, q.kind, a.date'
            " FROM quotes q LEFT JOIN articles a ON a.id = q.article"
        )
        if articles is None:
            return self.db.execute(sql + " ORDER BY q.article, q.place, q.start").fetchall()
        ids = list(articles)
        rows: list[tuple] = []
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            rows += self.db.execute(sql + f" WHERE q.article IN ({','.join('?' * len(part))})", part)
        return sorted(rows, key=lambda r: (r[0], r[5], r[3]))

    def commit(self) -> None:
        self.flush()
        self.db.commit()

    def rollback(self) -> None:
        self._pending, self._pending_count = {}, 0
        self.db.rollback()
