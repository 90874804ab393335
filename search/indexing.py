"""Bringing the index up to date with the corpus folder: only changed files are read.

The text index and the side table are written together and committed together, a
batch of articles at a time, so a crash keeps the work done and other threads can
search what is already committed.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .engine import IndexWriter, TextIndex
from .errors import IndexUnavailable, NothingLoaded, os_reason
from .formats.columns import columns_key
from .loader import FORMAT_NAMES, iter_corpus_paths, suffix_of
from .models import Article, IndexReport, Skipped
from .store import ArticleRow, Store
from .stories import StoryConfig, StoryGrouper
from .write_lock import LOCK_NAME

if TYPE_CHECKING:  # the pipeline (extractors, process pools) loads only when indexing
    from .pipeline import PreparedArticle, PreparedFile

Progress = Callable[[int, int], None]
# What the index folder holds beside Whoosh's own files.
SIDE_FILES = ("state.sqlite", "state.sqlite-wal", "state.sqlite-shm", "linked.pickle")


@dataclass(frozen=True)
class Batching:
    """When a run commits: after `first` articles, then twice as many each time up to
    `most`; once near the end, when the files left are a third of the batch held (or
    `final_files`, if more); and when the postings held pass a limit."""

    first: int
    most: int
    final_files: int
    max_pending_postings: int


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
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


def make_index_dir(folder: Path) -> None:
    """Make the index folder and check it can be written; IndexUnavailable otherwise."""
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


def no_articles(corpus: Path) -> NothingLoaded:
    return NothingLoaded(f"no articles under {corpus}: it holds no {FORMAT_NAMES} files")


def nothing_loaded(corpus: Path, report: IndexReport) -> NothingLoaded:
    """The error for a corpus whose files were all skipped, with the reasons."""
    skipped = report.skipped
    files = len({s.path.split(":")[0].split("[")[0] for s in skipped})
    if not skipped:
        return no_articles(corpus)
    plural = "s" if files != 1 else ""
    return NothingLoaded(
        f"nothing could be loaded from {corpus}: {files} file{plural} found, {len(skipped)} skipped", files, skipped
    )


def write_prepared(
    store: Store, writer: IndexWriter, item: PreparedArticle, new: bool = False, stories: StoryConfig | None = None
) -> None:
    """Write one prepared article to the side table and the text index, and place it in its story."""
    article = item.article
    if not new:
        store.drop_articles([article.id])
    StoryGrouper(store.stories, stories).add_fingerprints(article.id, item.fingerprints, item.art_date)
    store.add_article(
        ArticleRow(
            article.id,
            article.path,
            article.title,
            item.art_date.isoformat() if item.art_date else None,
            article.date.isoformat() if article.date else None,
        )
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


def _leave_stories(store: Store, ids: list[str]) -> None:
    """Take removed articles out of their stories (the next oldest version names a story)."""
    grouper = StoryGrouper(store.stories)
    for i in ids:
        grouper.remove(i)


@dataclass
class _Run:
    """What one run found to do, and what it did."""

    todo: list[tuple[Path, str, os.stat_result]] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    def report(self) -> IndexReport:
        return IndexReport(self.added, self.updated, self.deleted, self.unchanged, tuple(self.skipped))


class Indexer:
    """One indexing run over a corpus folder (or file) into an open index and side table."""

    def __init__(
        self,
        corpus: Path,
        index: TextIndex,
        store: Store,
        batching: Batching,
        dates: dict[str, date],
        columns: dict[str, str] | None = None,
        stories: StoryConfig | None = None,
    ) -> None:
        self.corpus = corpus
        self.columns = columns
        self.stories = stories
        self.index = index
        self.store = store
        self.batching = batching
        self.dates = dates
        self.known = store.fingerprints()

    def run(self, progress: Progress | None, procs: int, on_commit: Callable[[], None] | None) -> IndexReport:
        """Index the files that are new or changed and drop those that are gone.

        IndexUnavailable when the disk fills or goes away (what was committed stays).
        """
        try:
            with fewer_collections():
                return self._run(progress, procs, on_commit)
        except OSError as exc:
            raise IndexUnavailable(f"cannot write the index in {self.index.directory}: {os_reason(exc)}") from None

    def _run(self, progress: Progress | None, procs: int, on_commit: Callable[[], None] | None) -> IndexReport:
        run = self._plan()
        if not run.todo and not run.gone:
            return run.report()
        from .pipeline import prepare_all

        # The index writer stays in this process; extraction fans out to `procs` workers.
        jobs = [
            (self.corpus, path, rel, st.st_size, st.st_mtime_ns, run.digests.get(rel), self.dates, self.columns)
            for path, rel, st in run.todo
        ]
        self._write(run, prepare_all(jobs, procs), progress, on_commit)
        return run.report()

    def _corpus_files(self) -> tuple[list[str], str]:
        """The corpus's article files, relative to the folder returned with them."""
        if self.corpus.is_file():
            if suffix_of(self.corpus.name) is None:
                raise NothingLoaded(f"{self.corpus} is not an article file: give a folder, or a {FORMAT_NAMES} file")
            return [self.corpus.name], str(self.corpus.parent)
        return list(iter_corpus_paths(str(self.corpus))), str(self.corpus)

    def _plan(self) -> _Run:
        """The files to read (new, or changed in size or mtime) and the files gone."""
        on_disk, base = self._corpus_files()
        known, store = self.known, self.store
        if not on_disk and not known:
            raise no_articles(self.corpus)
        run = _Run()
        seen: set[str] = set()
        unreadable: list[str] = []
        prefix = os.path.join(base, "")  # plain concatenation: this runs once per file
        for rel in on_disk:
            seen.add(rel)
            try:
                st = os.stat(prefix + rel)
            except OSError as exc:
                run.skipped.append(Skipped(rel, f"unreadable: {os_reason(exc)}"))
                unreadable.append(rel)
                continue
            prev = known.get(rel)
            if not (prev and prev[1] == st.st_size and prev[2] == st.st_mtime_ns):
                run.todo.append((Path(base, rel), rel, st))
        run.gone = [rel for rel in known if rel not in seen]
        # The articles of files left as they are: all, less those of files changed, gone or
        # unreadable (read one by one: on an unchanged corpus there are none).
        rows = {
            rel: store.file_row(rel)
            for rel in [*(r for _, r, _ in run.todo if r in known), *run.gone, *unreadable]
            if rel in known
        }
        run.unchanged = store.article_count() - sum(row.count for row in rows.values() if row)
        run.digests = {rel: row.digest for rel, row in rows.items() if row}
        return run

    def _write(
        self,
        run: _Run,
        prepared_files: Iterator[PreparedFile],
        progress: Progress | None,
        on_commit: Callable[[], None] | None,
    ) -> None:
        store, batching = self.store, self.batching
        writer = self.index.writer()
        # On an empty index nothing needs replacing: plain adds skip a lookup per article.
        fresh = not self.known and self.index.doc_count() == 0
        written: set[str] | None = set() if fresh else None
        in_batch, batch_size, total = 0, batching.first, len(run.todo)
        tail_committed = False
        try:
            self._drop_gone(run, writer)
            for n, prepared in enumerate(prepared_files, start=1):
                in_batch += self._take_file(run, writer, prepared, written)
                if progress:
                    progress(n, total)
                # The last commit runs alone once preparation is over; one commit before the
                # end keeps that last batch small. It comes when the files left are about what
                # the workers prepare while it runs (a third of the batch it writes, since a
                # commit takes about a millisecond a file), so that they are seldom idle.
                left = total - n
                near_end = (
                    not tail_committed
                    and total > 2 * batching.final_files
                    and 0 < left <= max(batching.final_files, in_batch // 3)
                )
                tail_committed = tail_committed or near_end
                if (
                    in_batch >= batch_size
                    or (near_end and in_batch)
                    or writer.pending_postings() > batching.max_pending_postings
                ):
                    self._commit(writer)
                    writer = self.index.writer()
                    in_batch = 0
                    # Early commits make a first index searchable soon; later ones grow so that
                    # Whoosh's segment merges stay few on big corpora.
                    batch_size = min(batch_size * 2, batching.most)
                    if on_commit:
                        on_commit()  # what is committed is searchable from here on
            self._commit(writer)
        except BaseException:
            with contextlib.suppress(Exception):
                writer.cancel()
            store.rollback()
            raise

    def _commit(self, writer: IndexWriter) -> None:
        self.store.bump_generation()
        writer.commit()
        self.store.commit()

    def _drop_gone(self, run: _Run, writer: IndexWriter) -> None:
        store = self.store
        for rel in run.gone:
            ids = store.file_ids(rel)
            for i in ids:
                writer.delete(i)
            store.drop_articles(ids)
            _leave_stories(store, ids)
            store.drop_file(rel)
            run.deleted += len(ids)

    def _take_file(self, run: _Run, writer: IndexWriter, prepared: PreparedFile, written: set[str] | None) -> int:
        """Write one prepared file's articles (and drop its old ones); the number written."""
        store, rel = self.store, prepared.rel
        prev = self.known.get(rel)
        run.skipped.extend(prepared.skipped)
        if prepared.digest is None:
            return 0
        if not prepared.changed:
            ids = store.file_ids(rel) if prev else []
            store.put_file(rel, prepared.size, prepared.mtime_ns, prepared.digest, ids)
            run.unchanged += len(ids)
            return 0
        old_ids = set(store.file_ids(rel)) if prev else set()
        new_ids: list[str] = []
        for item in prepared.articles:
            aid = item.article.id
            write_prepared(store, writer, item, new=written is not None and aid not in written, stories=self.stories)
            if written is not None:
                written.add(aid)
            new_ids.append(aid)
            if aid in old_ids:
                run.updated += 1
            else:
                run.added += 1
        for stale in old_ids - set(new_ids):
            writer.delete(stale)
            store.drop_articles([stale])
            _leave_stories(store, [stale])
            run.deleted += 1
        store.put_file(rel, prepared.size, prepared.mtime_ns, prepared.digest, new_ids)
        return len(new_ids)


# -- the index folder ------------------------------------------------------------------


@dataclass(frozen=True)
class ReadWith:
    """What the articles of an index were read with; another setting reads them anew."""

    # The CSV/TSV column mapping (search.formats.columns).
    columns: dict[str, str] | None = None
    # The entity backend (search.ner.backend_id()).
    ner: str = "rules"

    def changed(self, store: Store) -> str:
        """Why the index must be read anew under these settings ("" when it need not)."""
        if store.get_meta("columns") != columns_key(self.columns):
            return "the CSV column mapping changed; rebuilding"
        was = store.get_meta("ner", "rules")
        if was != self.ner:
            return f"entity backend changed ({was} -> {self.ner}); extracting again"
        return ""

    @classmethod
    def now(cls, columns: dict[str, str] | None) -> ReadWith:
        """The settings articles would be read with now."""
        from .ner import backend_id  # the backend's check loads spaCy only when asked for

        return cls(columns, backend_id())

    def record(self, store: Store) -> None:
        store.set_meta("columns", columns_key(self.columns))
        store.set_meta("ner", self.ner)


def open_index_files(
    index_dir: Path, index: TextIndex, version: str, columns: dict[str, str] | None = None
) -> tuple[Store | None, str]:
    """Open the side table and the text index; (store, why they must be rebuilt, or "").

    Articles read with another column mapping or entity backend are read anew.
    IndexUnavailable when the side table cannot be opened at all.
    """
    read_with = ReadWith.now(columns)
    store = None
    try:
        store = Store(index_dir / "state.sqlite")
        found = store.get_meta("schema")
        if found and found != version:
            return store, f"index format changed ({found} -> {version}); rebuilding"
        changed = read_with.changed(store) if found else ""
        if changed:
            return store, changed
    except sqlite3.OperationalError as exc:
        raise IndexUnavailable(f"cannot open the index in {index_dir}: {exc}") from None
    except sqlite3.DatabaseError:
        return store, "index side table is damaged; rebuilding"
    try:
        index.open_or_create()
    except ValueError as exc:
        return store, f"{exc}; rebuilding"
    if not store.get_meta("schema"):
        store.set_meta("schema", version)
        read_with.record(store)
        store.commit()
    return store, ""


def reset_index_files(
    index_dir: Path, index: TextIndex, store: Store | None, version: str, columns: dict[str, str] | None = None
) -> Store:
    """Empty the index and side table (closing store) and open them afresh."""
    if store is not None:
        with contextlib.suppress(Exception):
            store.close()
    for name in SIDE_FILES:
        (index_dir / name).unlink(missing_ok=True)
    index.wipe()
    store = Store(index_dir / "state.sqlite")
    store.set_meta("schema", version)
    ReadWith.now(columns).record(store)
    store.commit()
    index.open_or_create()
    return store


def remove_index_files(index_dir: Path, index: TextIndex) -> None:
    """Remove a closed index's files, and its folder when nothing else is in it."""
    index.wipe()
    for name in (*SIDE_FILES, LOCK_NAME):
        with contextlib.suppress(OSError):
            (index_dir / name).unlink()
    with contextlib.suppress(OSError):
        index_dir.rmdir()


def reindex_article(store: Store, index: TextIndex, article: Article, new_date: date | None) -> None:
    """Extract and write one article again under a date set by hand (None: its own date)."""
    from .pipeline import prepare_article

    header = store.header_date(article.id)
    original = replace(article, date=date.fromisoformat(header) if header else None)
    writer = index.writer()
    try:
        write_prepared(store, writer, prepare_article(original, new_date))
        store.bump_generation()
        writer.commit()
        store.commit()
    except BaseException:
        writer.cancel()
        store.rollback()
        raise
