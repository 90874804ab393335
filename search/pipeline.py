"""Turning corpus files into everything the index and side table store, in parallel when large.

The work here is pure (no database, no index), so it runs in worker processes; the
calling process only writes the results. That keeps both cores busy on big corpora.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import marshal
import multiprocessing
import os
import queue
import sys
import threading
from collections import defaultdict, deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

from .engine import analyse_document
from .entities import EntityExtractor, ExtractedMention
from .errors import os_reason
from .loader import load_file
from .mentions import MentionRow
from .models import Article, Skipped
from .ner import make_extractor
from .stories import fingerprints
from .timeline import dateline_date, find_dates

# Article dates outside these years are ignored (events are resolved relative to them).
MIN_ARTICLE_YEAR, MAX_ARTICLE_YEAR = 100, 9900
# Below this many files a pool costs more to start than it saves.
POOL_THRESHOLD = 400
CHUNK = 16
IN_FLIGHT_PER_WORKER = 4
# Finished chunks that may wait for the writer (about 1 MB each on typical news).
READY_CHUNKS = 64


@dataclass(frozen=True)
class PreparedArticle:
    """One article with its extraction results, ready to be written."""

    article: Article
    art_date: date | None
    mentions: tuple[tuple, ...]
    quotes: tuple[tuple, ...]
    events: tuple[tuple, ...]
    unresolved: tuple[tuple, ...]
    event_days: tuple[date, ...]
    entity_names: dict[str, list[str]] = field(default_factory=dict)
    # analyse_document()'s postings, marshalled: they cross from a worker process, and
    # marshal moves these plain tuples several times faster than pickle.
    analysed: bytes = b""
    # The sentence fingerprints that group versions of one story.
    fingerprints: tuple[int, ...] = ()

    def postings(self) -> dict[str, tuple]:
        return marshal.loads(self.analysed) if self.analysed else {}


@dataclass(frozen=True)
class PreparedFile:
    """A corpus file read, hashed and (when its content changed) extracted."""

    rel: str
    size: int
    mtime_ns: int
    digest: str | None
    changed: bool
    articles: tuple[PreparedArticle, ...] = ()
    skipped: tuple[Skipped, ...] = ()


_extractor: EntityExtractor | None = None


def _get_extractor() -> EntityExtractor:
    global _extractor
    if _extractor is None:
        _extractor = make_extractor()
    return _extractor


def prepare_article(article: Article, date_override: date | None) -> PreparedArticle:
    """Extract entities, quotes and dated events from one article."""
    art_date = date_override or article.date or dateline_date(article.body)
    if art_date is not None and not MIN_ARTICLE_YEAR <= art_date.year <= MAX_ARTICLE_YEAR:
        # Relative dates are counted from the article's date; at the calendar's ends they
        # fall off it. A date so far out is taken as no date.
        art_date = None
    extraction = _get_extractor().extract(article.body, article.captions)
    aid = article.id
    mentions = tuple(MentionRow.of(aid, m) for m in extraction.mentions)
    quotes = tuple((aid, q.speaker, q.text, q.start, q.end, q.where, q.kind) for q in extraction.quotes)
    events, unresolved, days = _events(article, art_date, extraction.mentions)
    names: dict[str, list[str]] = defaultdict(list)
    for m in extraction.mentions:
        if m.kind == "candidate":
            # Linking may later confirm it as a person; index the name so person: finds it.
            names["person"].append(m.name)
        elif m.kind in ("person", "org", "place"):
            names[m.kind].append(m.name)
            if m.surface != m.name:
                names[m.kind].append(m.surface)
    analysed = marshal.dumps(analyse_document(article.title, article.body, article.captions, names))
    return PreparedArticle(
        article, art_date, mentions, quotes, events, unresolved, days, dict(names), analysed, fingerprints(article.body)
    )


def _events(
    article: Article, art_date: date | None, mentions: tuple[ExtractedMention, ...]
) -> tuple[tuple, tuple, tuple[date, ...]]:
    days: set[date] = set()
    texts = [("body", article.body)] + [(f"caption:{i}", c) for i, c in enumerate(article.captions)]
    rows, unresolved = [], []
    for where, text in texts:
        for d in find_dates(text, where, art_date):
            if d.resolved_start is None or d.resolved_end is None:
                unresolved.append((article.id, d.expression, d.reason))
                continue
            names = sorted(
                {
                    m.name
                    for m in mentions
                    if m.where == where and m.kind in ("person", "org") and d.sentence_start <= m.start < d.sentence_end
                }
            )
            rows.append(
                (
                    article.id,
                    d.resolved_start.isoformat(),
                    d.resolved_end.isoformat(),
                    d.precision,
                    text[d.sentence_start : d.sentence_end],
                    d.expression,
                    d.sentence_start,
                    d.sentence_end,
                    where,
                    json.dumps(names),
                )
            )
            if d.precision == "month":
                days.add(d.resolved_start)
            elif d.precision in ("day", "week"):
                span = (d.resolved_end - d.resolved_start).days
                if span <= 31:
                    for k in range(span + 1):
                        days.add(date.fromordinal(d.resolved_start.toordinal() + k))
    return tuple(rows), tuple(unresolved), tuple(sorted(days))


def prepare_file(
    corpus: Path,
    path: Path,
    rel: str,
    size: int,
    mtime_ns: int,
    previous_digest: str | None,
    date_overrides: dict[str, date],
    columns: dict[str, str] | None = None,
) -> PreparedFile:
    """Hash a file; if its content is new, load it and prepare its articles.

    columns: the user's CSV/TSV column mapping (see search.formats.columns).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        return PreparedFile(rel, size, mtime_ns, None, False, skipped=(Skipped(rel, f"unreadable: {os_reason(exc)}"),))
    digest = hashlib.sha1(data).hexdigest()
    if digest == previous_digest:
        return PreparedFile(rel, size, mtime_ns, digest, False)
    result = load_file(corpus, path, data, columns=columns)
    prepared: list[PreparedArticle] = []
    skipped = list(result.skipped)
    for article in result.articles:
        try:
            prepared.append(prepare_article(article, date_overrides.get(article.id)))
        except (RecursionError, MemoryError, ArithmeticError, ValueError, TypeError, IndexError, KeyError) as exc:
            # One article the extractors choke on must not stop the rest of the corpus;
            # it is reported with the others that were skipped.
            skipped.append(Skipped(article.id, f"could not be processed ({_kind_of(exc)})"))
    return PreparedFile(rel, size, mtime_ns, digest, True, tuple(prepared), tuple(skipped))


def _kind_of(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "its text is nested too deeply"
    if isinstance(exc, MemoryError):
        return "it is too large to process"
    return "an internal error in extraction"


def _prepare_chunk(jobs: list[tuple]) -> list[PreparedFile]:
    return [prepare_file(*job) for job in jobs]


def prepare_all(jobs: list[tuple], procs: int) -> Iterator[PreparedFile]:
    """Prepare files in order, in worker processes when there are many and procs > 1.

    When worker processes cannot be started (no /dev/shm, a host without a real standard
    error, a sandbox that forbids them), the files are prepared in this process instead.
    """
    if procs <= 1 or len(jobs) < POOL_THRESHOLD:
        for job in jobs:
            yield prepare_file(*job)
        return
    chunks = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    results: queue.Queue = queue.Queue(maxsize=READY_CHUNKS)
    stop = threading.Event()
    feeder = threading.Thread(target=_feed, args=(chunks, procs, results, stop), name="tradetui-prepare", daemon=True)
    feeder.start()
    done = 0
    try:
        while True:
            item = results.get()
            if item is _END:
                break
            if isinstance(item, _PoolFailed):
                # Workers could not start or died (a host script without a main guard, no
                # /dev/shm, no usable standard error): finish in this process instead.
                for job in jobs[done:]:
                    yield prepare_file(*job)
                return
            if isinstance(item, BaseException):
                raise item
            for prepared in item:
                done += 1
                yield prepared
    finally:
        stop.set()
        # Unblock the feeder if it waits on a full queue, then let it shut the pool down.
        while feeder.is_alive():
            with contextlib.suppress(queue.Empty):
                results.get(timeout=0.05)
        feeder.join()


_END = object()


@dataclass(frozen=True)
class _PoolFailed:
    """The worker pool could not start, or lost a worker: the caller carries on alone."""

    reason: str


def _feed(chunks: list[list[tuple]], procs: int, results: queue.Queue, stop: threading.Event) -> None:
    """Keep the workers busy and hand finished chunks over in order.

    Runs in a thread so that preparation goes on while the caller is busy writing (a
    commit takes seconds on a big batch). Memory stays bounded: at most READY_CHUNKS
    finished chunks wait for the caller, and a few more are in the workers.
    """
    # "spawn": the caller may be a thread of a running app, where fork is unsafe.
    context = multiprocessing.get_context("spawn")
    try:
        _start_resource_tracker()
        pool = ProcessPoolExecutor(max_workers=procs, mp_context=context, initializer=_init_worker)
    except Exception as exc:  # noqa: BLE001 - any reason workers cannot start: carry on alone
        _put(results, _PoolFailed(str(exc)), stop)
        return
    try:
        with pool:
            pending: deque = deque()
            todo = iter(chunks)
            for chunk in islice(todo, procs * IN_FLIGHT_PER_WORKER):
                pending.append(pool.submit(_prepare_chunk, chunk))
            while pending and not stop.is_set():
                prepared = pending.popleft().result()
                for chunk in islice(todo, 1):
                    pending.append(pool.submit(_prepare_chunk, chunk))
                _put(results, prepared, stop)
            for future in pending:
                future.cancel()
    except (BrokenProcessPool, OSError, ValueError) as exc:
        # Starting a worker failed (spawning happens on the first submits) or one died.
        _put(results, _PoolFailed(str(exc)), stop)
        return
    except BaseException as exc:  # handed to the caller, which decides
        _put(results, exc, stop)
        return
    _put(results, _END, stop)


_TRACKER_LOCK = threading.Lock()


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real standard error.

    The tracker process is started on first use and is handed sys.stderr's file
    descriptor. A terminal app replaces sys.stderr with an object whose fileno() is -1,
    which makes every worker start fail ("bad value(s) in fds_to_keep"). The tracker is
    started once, here, with the process's own standard error (or /dev/null) instead.
    """
    from multiprocessing import resource_tracker

    if _has_real_fileno(sys.stderr):
        return
    with _TRACKER_LOCK:
        saved = sys.stderr
        real = sys.__stderr__ if _has_real_fileno(sys.__stderr__) else None
        devnull = None
        if real is None:
            devnull = open(os.devnull, "w")  # noqa: SIM115 - closed below
        try:
            sys.stderr = real or devnull
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved
            if devnull is not None:
                devnull.close()


def _has_real_fileno(stream: object) -> bool:
    try:
        fd = stream.fileno()  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - no file behind it
        return False
    return isinstance(fd, int) and fd >= 0


def _init_worker() -> None:
    # Extraction makes many short-lived objects and no reference cycles: collect rarely.
    gc.set_threshold(200_000, 20, 100)


def _put(results: queue.Queue, item: object, stop: threading.Event) -> None:
    """Queue an item for the caller, waiting while the queue is full, unless told to stop."""
    while not stop.is_set():
        try:
            results.put(item, timeout=0.1)
            return
        except queue.Full:
            continue
