"""The side table's story and derived tables, and the chunked "IN (...)" reads they share
with search.store.Store (which opens them on its connection).

Every SQL statement of these tables is here, as every other one is in search.store.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import chain
from typing import NamedTuple

# Values bound in one "IN (?, ...)" statement (SQLite's limit is higher; this keeps
# statements small).
_IN_CHUNK = 500
# Sentences whose holders StoryTable remembers between commits, at most (a few MB).
_HOLDERS_REMEMBERED = 100_000

STORY_SCHEMA = """
CREATE TABLE IF NOT EXISTS story_fingerprints (hash INTEGER, article TEXT);
DROP INDEX IF EXISTS story_fingerprints_hash;
CREATE INDEX IF NOT EXISTS story_fingerprints_hash_article ON story_fingerprints(hash, article);
CREATE INDEX IF NOT EXISTS story_fingerprints_article ON story_fingerprints(article);
-- How many fingerprint rows hold each hash, kept beside them: read once per article indexed.
CREATE TABLE IF NOT EXISTS story_hash_counts (hash INTEGER PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS stories (
    article TEXT PRIMARY KEY, story TEXT, day TEXT, fingerprints INTEGER
);
CREATE INDEX IF NOT EXISTS stories_story ON stories(story);
"""


def select_in(db: sqlite3.Connection, sql: str, values: Sequence) -> Iterator[tuple]:
    """Rows of sql, whose "{}" is a list of placeholders, over values a chunk at a time."""
    for i in range(0, len(values), _IN_CHUNK):
        chunk = list(values[i : i + _IN_CHUNK])
        yield from db.execute(sql.format(",".join("?" * len(chunk))), chunk)


class StoryRow(NamedTuple):
    """An article's place in its story."""

    article: str
    story: str
    day: str | None


class StoryTable:
    """The stories' fingerprints and assignments (a FingerprintTable for search.stories).

    An article's story row is written at once. Its fingerprint rows wait in memory until
    the commit (or a removal, which reads them), and look-ups add them to what they read:
    the next article's look-up sees this one either way.

    The articles holding each sentence looked up are remembered until the next commit or
    rollback (this process writes alone meanwhile, under the index's write lock): a
    sentence many articles share is then read from the table once, not once per article
    that holds it. Only sentences some article holds are ever looked up, so on news where
    most sentences are an article's own this stays small.
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._holders: dict[int, list[str]] = {}
        # Fingerprint rows added since the last write, by hash: written together at commit
        # (sorted, two statements in all) rather than two statements per article.
        self._unwritten: dict[int, list[str]] = {}
        db.executescript(STORY_SCHEMA)
        counted = db.execute("SELECT 1 FROM story_hash_counts LIMIT 1").fetchone()
        if not counted and db.execute("SELECT 1 FROM story_fingerprints LIMIT 1").fetchone():
            # A side table written before the counts were kept: count once.
            db.execute("INSERT INTO story_hash_counts SELECT hash, COUNT(*) FROM story_fingerprints GROUP BY hash")

    def forget(self) -> None:
        """Drop what is remembered of the table (another process may write it from now on)."""
        self.write()
        self._holders = {}

    def write(self) -> None:
        """Write the fingerprint rows added since the last write (before a commit)."""
        unwritten, self._unwritten = self._unwritten, {}
        if not unwritten:
            return
        hashes = sorted(unwritten)
        self.db.executemany(
            "INSERT INTO story_fingerprints VALUES (?, ?)", [(h, a) for h in hashes for a in unwritten[h]]
        )
        self.db.executemany(
            "INSERT INTO story_hash_counts VALUES (?, ?) ON CONFLICT(hash) DO UPDATE SET n = n + excluded.n",
            [(h, len(unwritten[h])) for h in hashes],
        )

    def discard(self) -> None:
        """Forget the rows added since the last write (the transaction is rolled back)."""
        self._unwritten = {}

    def article_counts(self, hashes: Sequence[int]) -> dict[int, int]:
        holders, unwritten = self._holders, self._unwritten
        counts = {h: len(holders[h]) for h in hashes if h in holders}
        rest = [h for h in hashes if h not in holders]
        if rest:
            sql = "SELECT hash, n FROM story_hash_counts WHERE hash IN ({})"
            counts.update(select_in(self.db, sql, rest))
            for h in rest:
                if h in unwritten:
                    counts[h] = counts.get(h, 0) + len(unwritten[h])
        return {h: n for h, n in counts.items() if n > 0}

    def sharing(self, hashes: Sequence[int]) -> dict[str, int]:
        holders, unwritten = self._holders, self._unwritten
        rest = [h for h in hashes if h not in holders]
        if rest:
            if len(holders) + len(rest) > _HOLDERS_REMEMBERED:
                holders = self._holders = {h: holders[h] for h in hashes if h in holders}
            for h in rest:
                holders[h] = []
            # The (hash, article) index covers the look-up.
            sql = "SELECT hash, article FROM story_fingerprints WHERE hash IN ({})"
            for h, article in select_in(self.db, sql, rest):
                holders[h].append(article)
            for h in rest:
                if h in unwritten:
                    holders[h].extend(unwritten[h])
        # Counted here rather than by GROUP BY, which sorts the rows first.
        return dict(Counter(chain.from_iterable(holders[h] for h in hashes)))

    def fingerprint_count(self, article: str) -> int:
        row = self.db.execute("SELECT fingerprints FROM stories WHERE article=?", (article,)).fetchone()
        return row[0] if row else 0

    def story_of(self, article: str) -> str | None:
        row = self.db.execute("SELECT story FROM stories WHERE article=?", (article,)).fetchone()
        return row[0] if row else None

    def members(self, story: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT article FROM stories WHERE story=? ORDER BY article", (story,))]

    def order_key(self, article: str) -> tuple[str, str]:
        row = self.db.execute("SELECT day FROM stories WHERE article=?", (article,)).fetchone()
        return ((row[0] if row else None) or "9999", article)

    def add(self, article: str, hashes: Sequence[int], story: str, day: date | None) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?)",
            (article, story, day.isoformat() if day else None, len(hashes)),
        )
        holders, unwritten = self._holders, self._unwritten
        for h in hashes:
            unwritten.setdefault(h, []).append(article)
            held = holders.get(h)
            if held is not None:
                held.append(article)

    def set_story(self, articles: Iterable[str], story: str) -> None:
        self.db.executemany("UPDATE stories SET story=? WHERE article=?", [(story, a) for a in articles])

    def remove(self, article: str) -> None:
        self.write()
        held = self.db.execute("SELECT hash FROM story_fingerprints WHERE article=?", (article,)).fetchall()
        for (h,) in held:
            self._holders.pop(h, None)
        self.db.executemany("UPDATE story_hash_counts SET n = n - 1 WHERE hash=?", held)
        self.db.executemany("DELETE FROM story_hash_counts WHERE hash=? AND n <= 0", held)
        self.db.execute("DELETE FROM story_fingerprints WHERE article=?", (article,))
        self.db.execute("DELETE FROM stories WHERE article=?", (article,))

    def rows(self) -> list[StoryRow]:
        """Every article's story, oldest story first."""
        sql = "SELECT article, story, day FROM stories ORDER BY story, day, article"
        return [StoryRow._make(r) for r in self.db.execute(sql)]


DERIVED_SCHEMA = """
CREATE TABLE IF NOT EXISTS entity_months (entity TEXT, month TEXT, n INTEGER, PRIMARY KEY (entity, month))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entity_companions (
    entity TEXT, kind TEXT, rank INTEGER, other TEXT, name TEXT, n INTEGER, PRIMARY KEY (entity, kind, rank)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS palette_names (key TEXT, label TEXT, help TEXT, kind TEXT, target TEXT);
CREATE INDEX IF NOT EXISTS palette_names_key ON palette_names(key);
CREATE VIRTUAL TABLE IF NOT EXISTS palette_grams USING fts5(terms, content='', tokenize='trigram');
"""


class PaletteRow(NamedTuple):
    """One thing the palette jumps to: shown as label and help; kind is entity or event."""

    label: str
    help: str
    kind: str
    target: str


class DerivedTables:
    """Tables worked out once names are linked, so that a keypress only reads.

    Rows are written best first (palette rows by kind, then weight), so reading in rowid
    order with a limit stops at the first rows that match.
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        db.executescript(DERIVED_SCHEMA)

    def replace_all(
        self,
        months: Iterable[tuple[str, str, int]],
        companions: Iterable[tuple[str, str, int, str, str, int]],
        palette: Iterable[tuple[PaletteRow, str]],
    ) -> None:
        """Write every table anew (palette rows with their search terms), in one transaction."""
        db = self.db
        for table in ("entity_months", "entity_companions", "palette_names"):
            db.execute(f"DELETE FROM {table}")
        db.execute("INSERT INTO palette_grams(palette_grams) VALUES ('delete-all')")
        db.executemany("INSERT INTO entity_months VALUES (?, ?, ?)", months)
        db.executemany("INSERT INTO entity_companions VALUES (?, ?, ?, ?, ?, ?)", companions)
        for row, terms in palette:
            cur = db.execute("INSERT INTO palette_names VALUES (?, ?, ?, ?, ?)", (row.label.lower(), *row))
            db.execute("INSERT INTO palette_grams(rowid, terms) VALUES (?, ?)", (cur.lastrowid, terms))
        db.commit()

    def months(self, entity: str) -> list[tuple[str, int]]:
        sql = "SELECT month, n FROM entity_months WHERE entity=? ORDER BY month"
        return [(m, n) for m, n in self.db.execute(sql, (entity,))]

    def companions(self, entity: str, kind: str, limit: int) -> list[tuple[str, str, int]]:
        sql = "SELECT other, name, n FROM entity_companions WHERE entity=? AND kind=? ORDER BY rank LIMIT ?"
        return [(o, name, n) for o, name, n in self.db.execute(sql, (entity, kind, limit))]

    def palette_match(self, phrases: Sequence[str], kind: str, limit: int) -> list[PaletteRow]:
        """Rows of this kind whose terms hold every phrase (of 3 letters or more), best first."""
        match = " ".join('"' + p.replace('"', '""') + '"' for p in phrases)
        sql = (
            "SELECT p.label, p.help, p.kind, p.target FROM palette_grams g JOIN palette_names p"
            " ON p.rowid = g.rowid WHERE palette_grams MATCH ? AND p.kind = ? LIMIT ?"
        )
        return [PaletteRow._make(r) for r in self.db.execute(sql, (match, kind, limit))]

    def palette_prefix(self, prefix: str, limit: int) -> list[PaletteRow]:
        """Rows whose label starts with prefix (any case), by label."""
        low = prefix.lower()
        sql = "SELECT label, help, kind, target FROM palette_names WHERE key >= ? AND key < ? ORDER BY key LIMIT ?"
        return [PaletteRow._make(r) for r in self.db.execute(sql, (low, low + "\uffff", limit))]
