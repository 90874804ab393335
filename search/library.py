"""The public face of the search core: a corpus, its index, and everything asked of it."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import pickle
import re
import sqlite3
import threading
import time
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .engine import ENGINE_SCHEMA_VERSION, EntityMatch, TextIndex
from .errors import (
    CorpusNotFound,
    IndexBusy,
    IndexUnavailable,
    NothingLoaded,
    TradeTuiError,
    UnknownArticle,
    UnknownEntity,
    os_reason,
)
from .linking import LinkedCorpus, MentionRow, Overrides, link
from .loader import SUFFIXES, iter_corpus_paths
from .models import (
    Article,
    CorpusStats,
    Entity,
    EntityDetail,
    Event,
    EventSource,
    Hit,
    IndexReport,
    Mention,
    Quote,
    SearchPage,
    Skipped,
    Timeline,
    Unresolved,
)
from .paths import corpus_key, default_index_dir, default_overrides_path, user_data_dir
from .store import Store

# Kept here as numbers, not imported: the pipeline loads only when indexing.
MIN_ARTICLE_YEAR, MAX_ARTICLE_YEAR = 100, 9900

if TYPE_CHECKING:  # the pipeline (extractors, process pools) loads only when indexing
    from .pipeline import PreparedArticle

# Bump when extraction or the side table changes: older indexes are rebuilt.
EXTRACTION_VERSION = 11
SCHEMA_VERSION = f"{ENGINE_SCHEMA_VERSION}.{EXTRACTION_VERSION}"
BATCH = 2000
# Postings held before a commit is forced whatever the batch (about 150 bytes each in memory).
MAX_PENDING_POSTINGS = 2_000_000
MAX_BATCH = 8000
FINAL_BATCH_FILES = 1000
_WORD = re.compile(r"[a-z][a-z'\-]{2,}")
_EVENT_STOP = frozenset(
    "the and for with that this from have has had was were are said says will would been "
    "their they them its his her not but who which when what also than then into over on "
    "monday tuesday wednesday thursday friday saturday sunday week month year last next "
    "earlier later today yesterday".split()
)

Progress = Callable[[int, int], None]


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector rarely while indexing.

    Writing holds millions of small tuples until a commit, and by default the collector
    walks them again and again (a tenth or more of the writer's time); the data made here
    has no reference cycles, so reference counting frees it anyway.
    """
    old = gc.get_threshold()
    gc.set_threshold(200_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def bundled_seeds() -> Path:
    """The seed articles shipped with the package (wheel) or beside it (source tree)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "bundled_seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise CorpusNotFound("the bundled seed articles are missing from this installation")


def _backend_id() -> str:
    """The entity backend extraction would use now (recorded with the index)."""
    from .ner import backend_id

    return backend_id()


class Library:
    """One corpus and its persistent index."""

    def __init__(
        self,
        corpus: Path | None = None,
        index_dir: Path | None = None,
        *,
        overrides_path: Path | None = None,
        data_dir: Path | None = None,
        lock_wait: float = 10.0,
    ) -> None:
        self.corpus = (corpus or bundled_seeds()).expanduser().resolve()
        if not self.corpus.exists():
            raise CorpusNotFound(f"corpus not found: {self.corpus}")
        self.index_dir = (index_dir or default_index_dir(self.corpus)).expanduser().resolve()
        self.overrides_path = overrides_path or default_overrides_path()
        self.data_dir = data_dir or user_data_dir()
        self.lock_wait = lock_wait
        self.index = TextIndex(self.index_dir)
        self.store: Store | None = None
        self._linked: tuple[LinkedCorpus, array] | None = None
        self._linked_key: tuple = ()
        self._lock = threading.RLock()
        self.messages: list[str] = []

    # -- opening -------------------------------------------------------------------

    def open(self) -> None:
        """Open (or create, or rebuild if outdated or damaged) the index and side table.

        IndexUnavailable when the index folder cannot be made or written.
        """
        self._make_index_dir()
        reason = ""
        try:
            self.store = Store(self.index_dir / "state.sqlite")
            version = self.store.get_meta("schema")
            backend, was = _backend_id(), self.store.get_meta("ner", "rules")
            if version and version != SCHEMA_VERSION:
                reason = f"index format changed ({version} -> {SCHEMA_VERSION}); rebuilding"
            elif version and was != backend:
                reason = f"entity backend changed ({was} -> {backend}); extracting again"
        except sqlite3.OperationalError as exc:
            raise IndexUnavailable(f"cannot open the index in {self.index_dir}: {exc}") from None
        except sqlite3.DatabaseError:
            reason = "index side table is damaged; rebuilding"
        if not reason:
            try:
                self.index.open_or_create()
            except ValueError as exc:
                reason = f"{exc}; rebuilding"
        if reason:
            self.messages.append(reason)
            self._reset()
        assert self.store is not None
        if not self.store.get_meta("schema"):
            self.store.set_meta("schema", SCHEMA_VERSION)
            self.store.set_meta("ner", _backend_id())
            self.store.commit()

    def _make_index_dir(self) -> None:
        folder = self.index_dir
        if folder.exists() and not folder.is_dir():
            raise IndexUnavailable(f"cannot keep the index in {folder}: it is a file, not a folder")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexUnavailable(f"cannot create the index folder {folder}: {os_reason(exc)}") from None
        probe = folder / f".probe-{os.getpid()}"
        try:
            probe.touch()
            probe.unlink()
        except OSError as exc:
            raise IndexUnavailable(f"cannot write to the index folder {folder}: {os_reason(exc)}") from None

    def _discard_empty_index(self) -> None:
        """Remove an index that holds no article, so the next run looks at the folder afresh."""
        self.close()
        self.index.wipe()
        for name in ("state.sqlite", "state.sqlite-wal", "state.sqlite-shm", "linked.pickle", "write.lock"):
            with contextlib.suppress(OSError):
                (self.index_dir / name).unlink()
        with contextlib.suppress(OSError):
            self.index_dir.rmdir()  # only when nothing else is in it

    def _reset(self) -> None:
        if self.store is not None:
            with contextlib.suppress(Exception):
                self.store.close()
        for name in ("state.sqlite", "state.sqlite-wal", "state.sqlite-shm", "linked.pickle"):
            (self.index_dir / name).unlink(missing_ok=True)
        self.index.wipe()
        self.store = Store(self.index_dir / "state.sqlite")
        self.store.set_meta("schema", SCHEMA_VERSION)
        self.store.set_meta("ner", _backend_id())
        self.store.commit()
        self.index.open_or_create()
        self._linked = None

    def close(self) -> None:
        self.index.close()
        if self.store is not None:
            self.store.close()
            self.store = None

    def __enter__(self) -> Library:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the corpus's write lock across processes, waiting up to lock_wait seconds."""
        import fcntl

        lock_path = self.index_dir / "write.lock"
        fd = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o644)
        deadline = time.monotonic() + self.lock_wait
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexBusy("the index is busy: another tradetui process is indexing this corpus") from None
                    time.sleep(0.1)
            yield
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    # -- indexing ------------------------------------------------------------------

    def update(
        self,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        procs: int = 1,
        on_commit: Callable[[], None] | None = None,
    ) -> IndexReport:
        """Bring the index up to date with the corpus folder; only changed files are read.

        Commits every BATCH articles (on_commit is called after each), so a crash keeps
        the work done and other threads can search what is already indexed.
        """
        assert self.store is not None
        with self._lock, self._writing():
            rebuilt = ""
            if rebuild:
                self._reset()
                rebuilt = "rebuilt on request"
            elif self.messages:
                rebuilt = self.messages[-1]
            try:
                with _fewer_collections():
                    report = self._update(progress, procs, on_commit)
            except NothingLoaded:
                self._discard_empty_index()
                raise
            except OSError as exc:  # the disk is full or went away: what was committed stays
                raise IndexUnavailable(f"cannot write the index in {self.index_dir}: {os_reason(exc)}") from None
            if rebuilt:
                report = IndexReport(
                    report.added, report.updated, report.deleted, report.unchanged, report.skipped, rebuilt
                )
            assert self.store is not None
            if self.store.article_count() == 0:
                self._discard_empty_index()
                raise _nothing_loaded(self.corpus, report)
            return report

    def _update(
        self, progress: Progress | None, procs: int, on_commit: Callable[[], None] | None = None
    ) -> IndexReport:
        store = self.store
        assert store is not None
        known = store.fingerprints()
        if self.corpus.is_file():
            if self.corpus.suffix.lower() not in SUFFIXES:
                raise NothingLoaded(
                    f"{self.corpus} is not an article file: give a folder, or a .txt, .md, .json or .jsonl file"
                )
            on_disk = [self.corpus.name]
            base = str(self.corpus.parent)
        else:
            on_disk = list(iter_corpus_paths(str(self.corpus)))
            base = str(self.corpus)
        if not on_disk and not known:
            raise _no_articles(self.corpus)
        overrides = self._date_overrides()
        added = updated = unchanged = deleted = 0
        skipped: list[Skipped] = []
        seen: set[str] = set()
        todo: list[tuple[Path, str, os.stat_result]] = []
        unreadable: list[str] = []
        prefix = os.path.join(base, "")  # plain concatenation: this runs once per file
        for rel in on_disk:
            seen.add(rel)
            try:
                st = os.stat(prefix + rel)
            except OSError as exc:
                skipped.append(Skipped(rel, f"unreadable: {os_reason(exc)}"))
                unreadable.append(rel)
                continue
            prev = known.get(rel)
            if prev and prev[1] == st.st_size and prev[2] == st.st_mtime_ns:
                continue
            todo.append((Path(base, rel), rel, st))
        gone = [rel for rel in known if rel not in seen]
        # The articles of files left as they are: all, less those of files changed, gone or
        # unreadable (read one by one: on an unchanged corpus there are none).
        rows = {
            rel: store.file_row(rel)
            for rel in [*(r for _, r, _ in todo if r in known), *gone, *unreadable]
            if rel in known
        }
        unchanged = store.article_count() - sum(row.count for row in rows.values() if row)
        if not todo and not gone:
            return IndexReport(0, 0, 0, unchanged, tuple(skipped))
        from .pipeline import prepare_all

        # The index writer stays in this process; extraction fans out to `procs` workers.
        writer = self.index.writer()
        in_batch = 0
        batch_size = BATCH
        # On an empty index nothing needs replacing: plain adds skip a lookup per article.
        fresh = not known and self.index.doc_count() == 0
        written: set[str] = set()
        digests = {rel: row.digest for rel, row in rows.items() if row}
        jobs = [
            (self.corpus, path, rel, st.st_size, st.st_mtime_ns, digests.get(rel), overrides) for path, rel, st in todo
        ]
        try:
            for rel in gone:
                ids = store.file_ids(rel)
                for i in ids:
                    writer.delete(i)
                store.drop_articles(ids)
                store.drop_file(rel)
                deleted += len(ids)
            for n, prepared in enumerate(prepare_all(jobs, procs), start=1):
                rel = prepared.rel
                prev = known.get(rel)
                skipped.extend(prepared.skipped)
                if prepared.digest is None:
                    continue
                if not prepared.changed:
                    ids = store.file_ids(rel) if prev else []
                    store.put_file(rel, prepared.size, prepared.mtime_ns, prepared.digest, ids)
                    unchanged += len(ids)
                    continue
                old_ids = set(store.file_ids(rel)) if prev else set()
                new_ids: list[str] = []
                for item in prepared.articles:
                    aid = item.article.id
                    self._write_prepared(writer, item, new=fresh and aid not in written)
                    if fresh:
                        written.add(aid)
                    new_ids.append(aid)
                    if aid in old_ids:
                        updated += 1
                    else:
                        added += 1
                for stale in old_ids - set(new_ids):
                    writer.delete(stale)
                    store.drop_articles([stale])
                    deleted += 1
                store.put_file(rel, prepared.size, prepared.mtime_ns, prepared.digest, new_ids)
                in_batch += len(new_ids)
                if progress:
                    progress(n, len(todo))
                # The last commit runs alone once preparation is over; a commit shortly
                # before the end keeps that last batch small.
                near_end = len(todo) > 2 * FINAL_BATCH_FILES and len(todo) - n == FINAL_BATCH_FILES
                if (
                    in_batch >= batch_size
                    or (near_end and in_batch)
                    or writer.pending_postings() > MAX_PENDING_POSTINGS
                ):
                    store.bump_generation()
                    writer.commit()
                    store.commit()
                    writer = self.index.writer()
                    in_batch = 0
                    # Early commits make a first index searchable soon; later ones grow so that
                    # Whoosh's segment merges stay few on big corpora.
                    batch_size = min(batch_size * 2, MAX_BATCH)
                    if on_commit:
                        on_commit()  # what is committed is searchable from here on
            store.bump_generation()
            writer.commit()
            store.commit()
        except BaseException:
            with contextlib.suppress(Exception):
                writer.cancel()
            store.rollback()
            raise
        self._linked = None
        return IndexReport(added, updated, deleted, unchanged, tuple(skipped))

    def _write_prepared(self, writer, item: PreparedArticle, new: bool = False) -> None:
        """Write one prepared article to the side table and the text index."""
        store = self.store
        assert store is not None
        article = item.article
        if not new:
            store.drop_articles([article.id])
        store.add_rows(
            "articles",
            [
                (
                    article.id,
                    article.path,
                    article.title,
                    item.art_date.isoformat() if item.art_date else None,
                    article.date.isoformat() if article.date else None,
                )
            ],
        )
        store.add_rows("mentions", item.mentions)
        store.add_rows("quotes", item.quotes)
        store.add_rows("events", item.events)
        store.add_rows("unresolved", item.unresolved)
        writer.upsert(
            id=article.id,
            path=article.path,
            title=article.title,
            body=article.body,
            source=article.source,
            url=article.url,
            captions=article.captions,
            article_date=item.art_date,
            event_days=item.event_days,
            entities=item.entity_names,
            analysed=item.postings(),
            new=new,
        )

    # -- article dates set by the user ------------------------------------------------

    def _dates_file(self) -> Path:
        return self.data_dir / "article-dates.json"

    def _date_overrides(self) -> dict[str, date]:
        try:
            raw = json.loads(self._dates_file().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        table = raw.get(corpus_key(self.corpus), {}) if isinstance(raw, dict) else {}
        out = {}
        for k, v in table.items():
            with contextlib.suppress(ValueError, TypeError):
                out[k] = date.fromisoformat(v)
        return out

    def set_date(self, article_id: str, new_date: date | None) -> Article:
        """Set (or clear, with None) an article's date; its events are re-resolved."""
        from .pipeline import prepare_article

        article = self.article(article_id)
        store = self.store
        assert store is not None
        if new_date is not None and not MIN_ARTICLE_YEAR <= new_date.year <= MAX_ARTICLE_YEAR:
            raise TradeTuiError(f"article dates run from year {MIN_ARTICLE_YEAR} to {MAX_ARTICLE_YEAR}")
        with self._lock, self._writing():
            # Saved under the write lock: a busy index leaves the date unset, not half set.
            self._save_date_override(article_id, new_date)
            row = store.db.execute("SELECT header_date FROM articles WHERE id=?", (article_id,)).fetchone()
            original = date.fromisoformat(row[0]) if row and row[0] else None
            raw_article = Article(
                article.id,
                article.title,
                article.body,
                article.path,
                original,
                article.source,
                article.url,
                article.captions,
            )
            writer = self.index.writer()
            try:
                self._write_prepared(writer, prepare_article(raw_article, new_date))
                store.bump_generation()
                writer.commit()
                store.commit()
            except BaseException:
                writer.cancel()
                store.rollback()
                raise
        self._linked = None
        return self.article(article_id)

    def _save_date_override(self, article_id: str, new_date: date | None) -> None:
        path = self._dates_file()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raw = {}
        except (OSError, ValueError):
            raw = {}
        table = raw.setdefault(corpus_key(self.corpus), {})
        if new_date is None:
            table.pop(article_id, None)
        else:
            table[article_id] = new_date.isoformat()
        tmp = path.with_suffix(".tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(raw, indent=1, sort_keys=True), encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            raise TradeTuiError(f"cannot save the date in {path}: {os_reason(exc)}") from None

    # -- reading -------------------------------------------------------------------

    def article(self, article_id: str) -> Article:
        fields = self.index.get(article_id)
        if fields is None:
            raise UnknownArticle(f"no article with id {article_id!r}")
        return Article(
            id=fields["id"],
            title=fields.get("title", ""),
            body=fields.get("body", ""),
            path=fields.get("path", ""),
            date=fields.get("date"),
            source=fields.get("source", ""),
            url=fields.get("url", "") or "",
            captions=fields.get("captions", ()),
        )

    def article_ids(self) -> list[str]:
        assert self.store is not None
        return [r[0] for r in self.store.db.execute("SELECT id FROM articles ORDER BY id")]

    def _resolver(self):
        def resolve(field: str, name: str) -> EntityMatch | None:
            linked = self.linked()
            ids = linked.resolve(name, field)
            if not ids:
                return None
            names: set[str] = set()
            for eid in ids:
                names.update(linked.names_of.get(eid, ()))
            if all(linked.name_owners.get((field, n.lower()), set()) <= set(ids) for n in names):
                return EntityMatch(names=tuple(sorted(names)))
            # A name shared with another entity (a common surname, a user split): use the
            # exact article list instead.
            arts: set[str] = set()
            for eid in ids:
                arts.update(linked.entities[eid].articles)
            return EntityMatch(ids=tuple(sorted(arts)))

        return resolve

    def search(
        self, query: str, *, limit: int = 20, offset: int = 0, sort: str = "score", with_total: bool = True
    ) -> SearchPage:
        """One page of results with snippets; the exact total unless with_total is False."""
        resolver = self._resolver()
        raw = self.index.page(query, limit=limit, offset=offset, sort=sort, resolver=resolver, with_terms=True)
        hits = []
        for h in raw.hits:
            snippet, spans = self._snippet(h.fields.get("body", ""), raw.terms)
            hits.append(
                Hit(
                    h.fields["id"],
                    h.fields.get("title", ""),
                    h.fields.get("date"),
                    round(h.score, 4),
                    snippet,
                    tuple(spans),
                )
            )
        total = raw.total
        if with_total and total < 0:
            total = self.index.count(query, resolver)
        suggestion = None
        if total == 0 or (total < 0 and not raw.hits and offset == 0):
            suggestion = self.index.suggest(query)
        return SearchPage(query, total, tuple(hits), suggestion, offset, sort)

    def count(self, query: str) -> int:
        return self.index.count(query, self._resolver())

    def match_spans(self, article: str | Article, query: str) -> list[tuple[int, int]]:
        """Spans of an article's body (by id, or the Article already read) matching the query."""
        if isinstance(article, str):
            article = self.article(article)
        terms = self.index.query_terms(query, self._resolver())
        return self.index.term_spans(article.body, terms)

    def _snippet(self, body: str, terms: set[str], width: int = 160) -> tuple[str, list[tuple[int, int]]]:
        spans = self.index.term_spans(body, terms)
        if not spans:
            text = body[:width]
            cut = text.rsplit(" ", 1)[0] if len(body) > width else text
            return " ".join(cut.split()) + ("…" if len(body) > width else ""), []
        # The window holding the most matches, starting near the first of them.
        best_start, best_count = spans[0][0], 0
        for s, _ in spans:
            count = sum(1 for a, b in spans if s <= a and b <= s + width)
            if count > best_count:
                best_start, best_count = s, count
        start = max(0, best_start - 40)
        start = body.rfind(" ", 0, start) + 1 if start > 0 else 0
        end = min(len(body), start + width)
        if end < len(body):
            space = body.rfind(" ", start, end)
            end = space if space > best_start else end
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(body) else ""
        raw = body[start:end]
        # Collapse whitespace while keeping offsets aligned.
        text_chars, mapping = [], []
        prev_space = False
        for i, ch in enumerate(raw):
            if ch.isspace():
                if prev_space:
                    continue
                ch, prev_space = " ", True
            else:
                prev_space = False
            mapping.append(i)
            text_chars.append(ch)
        index_of = {orig: new for new, orig in enumerate(mapping)}
        out_spans = []
        for a, b in spans:
            if a >= start and b <= end and (a - start) in index_of and (b - 1 - start) in index_of:
                out_spans.append((index_of[a - start] + len(prefix), index_of[b - 1 - start] + 1 + len(prefix)))
        return prefix + "".join(text_chars) + suffix, out_spans

    def similar(self, article_id: str, limit: int = 10) -> list[Hit]:
        self.article(article_id)
        out = []
        for h in self.index.more_like(article_id, limit):
            snippet, _ = self._snippet(h.fields.get("body", ""), set())
            out.append(Hit(h.fields["id"], h.fields.get("title", ""), h.fields.get("date"), round(h.score, 4), snippet))
        return out

    # -- entities ------------------------------------------------------------------

    @property
    def is_linked(self) -> bool:
        """Whether linked() and mentions_in() answer without linking first (else seconds)."""
        return self._linked is not None

    def linked(self) -> LinkedCorpus:
        """The corpus's linked entities, recomputed only after changes."""
        return self._links()[0]

    def _links(self) -> tuple[LinkedCorpus, array]:
        """The linked corpus and the side table's mention rowids, in the order it was given them."""
        store = self.store
        assert store is not None
        try:
            mtime = self.overrides_path.stat().st_mtime_ns if self.overrides_path else 0
        except OSError:
            mtime = 0
        key = (SCHEMA_VERSION, store.get_meta("generation", "0"), mtime)
        with self._lock:
            if self._linked is None or self._linked_key != key:
                self._linked = self._cached_link(key) or self._link_now(key)
                self._linked_key = key
            return self._linked

    def _cached_link(self, key: tuple) -> tuple[LinkedCorpus, array] | None:
        """The linked corpus saved by an earlier run, if nothing changed since."""
        try:
            with open(self.index_dir / "linked.pickle", "rb") as f:
                saved_key, linked, rowids = pickle.load(f)
        except Exception:  # noqa: BLE001 - missing, damaged or from an older version: link again
            return None
        if saved_key != key or not isinstance(linked, LinkedCorpus) or not isinstance(rowids, array):
            return None
        return linked, rowids

    def _link_now(self, key: tuple) -> tuple[LinkedCorpus, array]:
        store = self.store
        assert store is not None
        db = store.db

        def shape() -> tuple:
            return db.execute("SELECT count(*), max(rowid) FROM mentions").fetchone()

        def rows() -> Iterator[MentionRow]:
            # Streamed: a large corpus has millions. One string per article id, shared.
            ids: dict[str, str] = {}
            for r in db.execute(
                'SELECT article, surface, name, kind, start, "end", place, role, side FROM mentions ORDER BY rowid'
            ):
                yield MentionRow(ids.setdefault(r[0], r[0]), *r[1:])

        for _attempt in range(3):
            before = shape()
            rowids = array("q", (r[0] for r in db.execute("SELECT rowid FROM mentions ORDER BY rowid")))
            linked = link(rows, Overrides.load(self.overrides_path))
            if shape() == before:  # linking reads the table several times: it must hold still
                break
        # Saved beside the index so the next start-up skips linking; a failed write costs nothing.
        tmp = self.index_dir / f"linked.pickle.{os.getpid()}"
        try:
            with open(tmp, "wb") as f:
                pickle.dump((key, linked, rowids), f, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(self.index_dir / "linked.pickle")
        except OSError:
            tmp.unlink(missing_ok=True)
        return linked, rowids

    def load_links(self) -> None:
        """Link the corpus now (or load the saved links), so that is_linked holds."""
        self._links()

    def mentions_in(self, article_id: str) -> list[tuple[str, Mention]]:
        """(entity id, mention) pairs of one article, in text order (captions after the body)."""
        linked, rowids = self._links()
        store = self.store
        assert store is not None
        out = []
        for rowid, surface, start, end, where, role, side in store.db.execute(
            'SELECT rowid, surface, start, "end", place, role, side FROM mentions WHERE article=?',
            (article_id,),
        ):
            eid = linked.entity_of_row(_position(rowids, rowid))
            if eid is not None:
                kind = linked.entities[eid].kind
                out.append((eid, Mention(article_id, surface, kind, start, end, where, role, side)))
        out.sort(key=lambda x: (x[1].where != "body", x[1].where, x[1].start))
        return out

    def _mentions_of(self, entity: Entity) -> tuple[Mention, ...]:
        """An entity's mentions, by article, place and position."""
        linked, rowids = self._links()
        store = self.store
        assert store is not None
        wanted = [rowids[i] for i in linked.rows_of(entity.id)]
        out: list[tuple[str, str, int, int, str, str, str]] = []
        for chunk in range(0, len(wanted), 500):
            part = wanted[chunk : chunk + 500]
            out.extend(
                store.db.execute(
                    'SELECT article, surface, start, "end", place, role, side FROM mentions'
                    f" WHERE rowid IN ({','.join('?' * len(part))})",
                    part,
                )
            )
        out.sort(key=lambda r: (r[0], r[4], r[2]))
        return tuple(
            Mention(a, surface, entity.kind, s, t, where, role, side) for a, surface, s, t, where, role, side in out
        )

    def entities(self, kind: str | None = None, limit: int | None = None) -> list[Entity]:
        """Entities sorted by how many articles name them."""
        items = [e for e in self.linked().entities.values() if kind is None or e.kind == kind]
        items.sort(key=lambda e: (-len(e.articles), -e.mentions, e.name.lower()))
        return items[:limit] if limit else items

    def find_entity(self, name: str) -> Entity:
        """The entity with this name, alias or id; UnknownEntity with close matches otherwise."""
        linked = self.linked()
        if name in linked.entities:
            return linked.entities[name]
        ids = linked.resolve(name)
        if ids:
            return linked.entities[ids[0]]
        import difflib

        names = {e.name: e for e in linked.entities.values()}
        close = difflib.get_close_matches(name, list(names), n=5, cutoff=0.6)
        low = name.lower()
        close += [n for n in names if low in n.lower() and n not in close][:5]
        raise UnknownEntity(f"no entity named {name!r}", close[:5])

    def entity(self, name: str) -> EntityDetail:
        """An entity with its mentions, co-occurring entities and quotes."""
        e = self.find_entity(name)
        linked = self.linked()
        mentions = self._mentions_of(e)
        arts = set(e.articles)
        co: Counter = Counter()
        for other in linked.entities.values():
            if other.id != e.id:
                shared = len(arts.intersection(other.articles))
                if shared:
                    co[other.id] = shared
        cooccurring = tuple(
            (i, linked.entities[i].name, n)
            for i, n in sorted(co.items(), key=lambda x: (-x[1], linked.entities[x[0]].name))
        )
        quotes: list[Quote] = []
        names = {e.name, *e.aliases}
        store = self.store
        assert store is not None
        for art in e.articles:
            for speaker, text, s, t, where in store.db.execute(
                'SELECT speaker, text, start, "end", place FROM quotes WHERE article=? ORDER BY start',
                (art,),
            ):
                if speaker in names:
                    quotes.append(Quote(art, text, s, t, where))
        return EntityDetail(e, mentions, cooccurring, tuple(quotes))

    # -- timeline ------------------------------------------------------------------

    def timeline(
        self,
        *,
        person: str | None = None,
        start: date | None = None,
        end: date | None = None,
        text: str | None = None,
        articles: set[str] | None = None,
    ) -> Timeline:
        """Merged, dated events in order, plus unresolved expressions, filtered as asked."""
        store = self.store
        assert store is not None
        sql = (
            'SELECT article, start, "end", precision, text, expression, span_start, span_end, place, names FROM events'
        )
        cond, args = [], []
        if start:
            cond.append('"end" >= ?')
            args.append(start.isoformat())
        if end:
            cond.append("start <= ?")
            args.append(end.isoformat())
        if cond:
            sql += " WHERE " + " AND ".join(cond)
        rows = store.db.execute(sql, args).fetchall()
        if person:
            # An entity's events are those told by the articles that name it.
            arts = set(self.find_entity(person).articles)
            articles = arts if articles is None else articles & arts
        # Merge first, so an event keeps every source even when a filter matches only one.
        events = _merge_events(rows, self.linked())
        if articles is not None:
            events = [e for e in events if articles.intersection(e.articles)]
        if text:
            words = [w.lower() for w in text.split()]
            events = [e for e in events if any(all(w in s.text.lower() for w in words) for s in e.sources)]
        unresolved_sql = "SELECT article, expression, reason FROM unresolved ORDER BY article"
        unresolved = [
            Unresolved(*r)
            for r in dict.fromkeys(store.db.execute(unresolved_sql))
            if articles is None or r[0] in articles
        ]
        if start or end or text:
            unresolved = []
        return Timeline(tuple(events), tuple(unresolved))

    def stats(self) -> CorpusStats:
        store = self.store
        assert store is not None
        total = store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        per_month = tuple(
            store.db.execute(
                "SELECT substr(date, 1, 7) AS m, COUNT(*) FROM articles WHERE date IS NOT NULL GROUP BY m ORDER BY m"
            ).fetchall()
        )
        dated = sum(n for _, n in per_month)
        events = store.db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        return CorpusStats(total, dated, len(self.linked().entities), events, per_month)

    def titles(self, ids: list[str]) -> dict[str, tuple[str, date | None]]:
        """Title and date of each article id (ids unknown to the index are left out)."""
        store = self.store
        assert store is not None
        out = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for aid, title, d in store.db.execute(f"SELECT id, title, date FROM articles WHERE id IN ({marks})", chunk):
                out[aid] = (title, date.fromisoformat(d) if d else None)
        return out


def _no_articles(corpus: Path) -> NothingLoaded:
    return NothingLoaded(f"no articles under {corpus}: it holds no .txt, .md, .json or .jsonl files")


def _nothing_loaded(corpus: Path, report: IndexReport) -> NothingLoaded:
    """The error for a corpus whose files were all skipped, with the reasons."""
    skipped = report.skipped
    files = len({s.path.split(":")[0].split("[")[0] for s in skipped})
    if not skipped:
        return _no_articles(corpus)
    plural = "s" if files != 1 else ""
    return NothingLoaded(
        f"nothing could be loaded from {corpus}: {files} file{plural} found, {len(skipped)} skipped", files, skipped
    )


def _key_terms(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _EVENT_STOP}


def _merge_events(rows: list, linked: LinkedCorpus) -> list[Event]:
    """One event per happening: same dates and shared people or key terms across sources."""
    groups: dict[tuple, list] = defaultdict(list)
    for r in rows:
        groups[(r[1], r[2], r[3])].append(r)
    canonical: dict[str, str] = {}
    for e in linked.entities.values():
        for n in (e.name, *e.aliases):
            canonical.setdefault(n, e.name)
    events: list[Event] = []
    for (s, e, precision), members in groups.items():
        clusters: list[dict] = []
        for r in members:
            names = {canonical.get(n, n) for n in json.loads(r[9])}
            terms = _key_terms(r[4])
            for c in clusters:
                shared_terms = len(terms & c["terms"]) / max(1, min(len(terms), len(c["terms"])))
                if (names & c["names"] and shared_terms >= 0.2) or shared_terms >= 0.5:
                    c["rows"].append(r)
                    c["names"] |= names
                    c["terms"] |= terms
                    break
            else:
                clusters.append({"rows": [r], "names": set(names), "terms": terms})
        for c in clusters:
            sources = []
            seen = set()
            for r in sorted(c["rows"], key=lambda r: (r[0], r[6])):
                key = (r[0], r[8], r[6])
                if key in seen:
                    continue
                seen.add(key)
                sources.append(EventSource(r[0], r[4], r[5], r[6], r[7], r[8]))
            first = sources[0]
            eid = "ev-" + hashlib.sha1(f"{s}|{e}|{first.article}|{first.where}|{first.start}".encode()).hexdigest()[:10]
            events.append(
                Event(
                    eid,
                    date.fromisoformat(s),
                    date.fromisoformat(e),
                    precision,
                    first.text,
                    tuple(sources),
                    tuple(sorted(c["names"])),
                )
            )
    events.sort(key=lambda ev: (ev.start, ev.end, ev.id))
    return events


def _position(rowids: array, rowid: int) -> int:
    """Where a mention rowid sits in the linked order (rowid order), or -1."""
    i = bisect_left(rowids, rowid)
    return i if i < len(rowids) and rowids[i] == rowid else -1
