"""The app's one way to the corpus: the Library, its one lock, and every read the screens make.

Plain synchronous Python with no interface code, so it is tested without Textual. The
screen's workers are short wrappers that call one method here and post its result.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from search import (
    Article,
    Conflict,
    CorpusWatcher,
    Dossier,
    EntityDetail,
    Event,
    Hit,
    IndexReport,
    Library,
    PaletteItem,
    SearchPage,
    Story,
    Timeline,
    TimelinePage,
    Together,
    TradeTuiError,
    Unresolved,
    WatchResult,
    compare_versions,
)

from .story_rows import PAGE_SIZE as PAGE_SIZE
from .story_rows import StoryMark, story_marks
from .views import ArticleView, EntityView, Overview, VersionNote

# Events of a timeline read at a time; unplaced expressions listed when asked for; palette rows per kind.
TIMELINE_PAGE = 50
UNRESOLVED_LISTED = 200
PALETTE_ROWS = 12


# A person:, org: or place: clause of a query: its name quoted, or one bare word.
ENTITY_CLAUSE = re.compile(r'\b(person|org|place):(?:"([^"]+)"|([^\s"()]+))', re.IGNORECASE)


def join_adjacent(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Matches in order, those only a space apart made one: a phrase (or a full name) is one match."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if out and start <= out[-1][1] + 1 and not text[out[-1][1] : start].strip():
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def index_summary(report: IndexReport) -> str:
    """What an update changed, in words ('' when nothing changed)."""
    parts = [
        f"{report.added} added" if report.added else "",
        f"{report.updated} updated" if report.updated else "",
        f"{report.deleted} deleted" if report.deleted else "",
        f"{len(report.skipped)} skipped" if report.skipped else "",
    ]
    return ", ".join(p for p in parts if p)


class SessionClosed(TradeTuiError):
    """The session was closed: its library answers no more."""


P = ParamSpec("P")
R = TypeVar("R")


def _uses_library(method: Callable[Concatenate[Session, P], R]) -> Callable[Concatenate[Session, P], R]:
    """Count each call of the method as a use of the library, which close() never closes under."""

    @functools.wraps(method)
    def in_use(self: Session, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._in_use():
            return method(self, *args, **kwargs)

    return in_use


class Session:
    """The library of one corpus and the reads the app makes of it, each under the one lock.

    Indexing and linking run without the lock: the library guards its own writing and its
    links, so searches and reading go on meanwhile. Every public read counts as a use of
    the library, and the library is closed only once no use is under way (see close()).
    """

    def __init__(
        self,
        corpus: Path,
        index_dir: Path | None = None,
        library: Library | None = None,
        columns: Mapping[str, str] | None = None,
    ) -> None:
        self.corpus = corpus
        self.index_dir = index_dir
        self.library = library
        # The CSV/TSV column mapping (None: config.toml's).
        self.columns = columns
        self.lock = threading.RLock()
        # True once linking has been tried: from then on the reader asks for names.
        self.names_ready = False
        # Watching the folder: asked for at launch (--watch), and the watcher while it runs.
        self.watch_at_start = False
        self._watcher: CorpusWatcher | None = None
        # The last search's query and its terms, for highlighting without reading it again.
        self._terms: tuple[str, tuple[str, ...]] = ("", ())
        # The last query read and the entities its clauses name.
        self._named: tuple[str, frozenset[str]] = ("", frozenset())
        # Every article's story, read once (the library reads all its assignments for any
        # question about stories) and again after the index changes.
        self._stories: tuple[dict[str, StoryMark], dict[str, Story]] | None = None
        # The calls using the library now, and whether close() was asked for. Closing an
        # SQLite connection while another thread runs a statement on it crashes Python's
        # sqlite3 module, so the library is closed by whichever of close() and the last
        # call under way comes last.
        self._uses = 0
        self._closing = False
        self._uses_lock = threading.Lock()

    @property
    def lib(self) -> Library:
        """The open library (only after open())."""
        if self.library is None:
            raise RuntimeError("the session's library is not open")
        return self.library

    def close(self) -> None:
        """Stop watching and close the library, if it was opened: now when no call is using it,
        else as the last one ends (indexing stops at its next file). Later calls raise
        SessionClosed."""
        self.stop_watching()
        with self._uses_lock:
            if self._closing:
                return
            self._closing = True
            idle = self._uses == 0
        if idle:
            self._close_library()

    @contextmanager
    def _in_use(self) -> Iterator[None]:
        """One use of the library: refused once close() was asked for; the last use closes it then."""
        with self._uses_lock:
            if self._closing:
                raise SessionClosed("the corpus is closed")
            self._uses += 1
        try:
            yield
        finally:
            with self._uses_lock:
                self._uses -= 1
                last = self._closing and self._uses == 0
            if last:
                self._close_library()

    def _close_library(self) -> None:
        if self.library is not None:
            self.library.close()

    # -- watching the folder ------------------------------------------------------------

    @property
    def watching(self) -> bool:
        return self._watcher is not None

    @_uses_library
    def watch(self, on_round: Callable[[WatchResult], None]) -> None:
        """Index files added, changed or removed in the corpus folder as they come, in a
        background thread, until stop_watching(); on_round is called (in that thread)
        after each round. The library guards its own writing, so reads go on meanwhile."""
        if self._watcher is None:
            procs = min(2, os.cpu_count() or 1)

            def round_done(result: WatchResult) -> None:
                self._stories = None  # articles came, changed or went: stories are read again
                on_round(result)

            self._watcher = CorpusWatcher(self.lib, round_done, procs=procs, catch_up=True)
            self._watcher.start()

    def stop_watching(self) -> None:
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop()

    # -- opening ------------------------------------------------------------------------

    @_uses_library
    def open(
        self,
        progress: Callable[[int, int], None] | None = None,
        on_commit: Callable[[], None] | None = None,
        on_open: Callable[[], None] | None = None,
    ) -> IndexReport:
        """Open the library (made here on first use) and bring its index up to date; on_open is
        called once the index is open, when it already holds articles (it can be searched while
        the folder is looked over for changes)."""
        with self.lock:
            if self.library is None:
                self.library = Library(self.corpus, self.index_dir, columns=self.columns)
            if self.library.store is None:
                self.library.open()
            held = self.library.store is not None and self.library.store.article_count() > 0
        if held and on_open is not None:
            on_open()

        def progress_until_closed(done: int, total: int) -> None:
            # Quitting must not wait for a whole corpus: the batch under way is dropped and
            # what was committed stays for the next start.
            if self._closing:
                raise SessionClosed("indexing stopped: the corpus was closed")
            if progress is not None:
                progress(done, total)

        try:
            return self.lib.update(
                progress=progress_until_closed, procs=min(2, os.cpu_count() or 1), on_commit=on_commit
            )
        finally:
            self._stories = None

    @_uses_library
    def overview(self) -> Overview:
        """Stats, entities and the timeline, with the names linked for the reader."""
        self._named = ("", frozenset())  # names are linked again: the clauses are read again
        lib = self.lib
        try:
            stats = lib.stats()
            entities = tuple(lib.entities())
            lib.prepare_views()  # the timeline merged once, the palette's and entities' tables written
            timeline = lib.timeline_page(limit=TIMELINE_PAGE)
            with self.lock:
                stories = len(self._story_index()[1])
            lib.load_links()  # the reader's names of each article, ready in memory
            people = sum(1 for e in entities if e.kind == "person")
            return Overview(stats, entities, timeline, stories=stories, people=people)
        except TradeTuiError as exc:  # a broken override file: search still works
            return Overview(problem=str(exc))
        finally:
            self.names_ready = True

    # -- searching ----------------------------------------------------------------------

    @_uses_library
    def first_page(self, query: str, sort: str) -> SearchPage:
        """The first page of results, not counted when counting would slow it (a date sort)."""
        with self.lock:
            page = self.lib.search(query, limit=PAGE_SIZE, sort=sort, with_total=False, by_story=True)
        if page.hits:
            # The reader highlights with these terms: the query is read once, here.
            self._terms = (query, page.terms)
        return page

    @_uses_library
    def count(self, query: str) -> int:
        """How many articles match."""
        with self.lock:
            return self.lib.count(query)

    @_uses_library
    def page(self, query: str, sort: str, offset: int) -> Sequence[Hit]:
        """The hits of one later page of results."""
        with self.lock:
            return self.lib.search(
                query, limit=PAGE_SIZE, offset=offset, sort=sort, with_total=False, by_story=True
            ).hits

    @_uses_library
    def story_marks(self, article_ids: Sequence[str]) -> dict[str, StoryMark]:
        """The story of each of these articles, to group a page of results ({} when unknown)."""
        if not article_ids:
            return {}
        with self.lock:
            marks = self._story_index()[0]
        return {a: marks[a] for a in article_ids if a in marks}

    # -- reading ------------------------------------------------------------------------

    @_uses_library
    def read(self, article_id: str, query: str, span: tuple[int, int, str] | None = None) -> ArticleView:
        """An article with its matches for the query and, once names are linked, its mentions."""
        with self.lock:
            return self._read(article_id, query, span)

    @_uses_library
    def try_read_now(self, article_id: str, query: str, span: tuple[int, int, str] | None) -> ArticleView | None:
        """The article read at once, or None when that could wait on other work.

        Reading takes a millisecond or two, so the list and the reader can repaint in one
        keypress; but not while another thread holds the library (an indexing commit takes
        seconds), nor before names are linked (a person: query needs the links).
        """
        lib = self.library
        if lib is None or not lib.is_linked or not self.lock.acquire(blocking=False):
            return None
        try:
            return self._read(article_id, query, span)
        finally:
            self.lock.release()

    def _read(self, article_id: str, query: str, span: tuple[int, int, str] | None) -> ArticleView:
        lib = self.lib
        article = lib.article(article_id)
        try:
            known = self._terms[1] if self._terms[0] == query else None
            matches = lib.match_spans(article, query if known is None else known) if query else []
        except TradeTuiError:
            matches = []
        try:
            mentions = list(lib.mentions_in(article_id)) if self.names_ready else []
        except TradeTuiError:
            mentions = []  # linking failed (reported once, when indexing ended)
        named = self._named_in_query(query)
        matches += [(m.start, m.end) for eid, m in mentions if eid in named and m.where == "body"]
        return ArticleView(article, join_adjacent(article.body, matches), mentions, span, self._version_note(article))

    def _named_in_query(self, query: str) -> frozenset[str]:
        """The entities a query's person:, org: and place: clauses name (their mentions are its matches)."""
        if query == self._named[0]:
            return self._named[1]
        ids = set()
        for kind, quoted, bare in ENTITY_CLAUSE.findall(query):
            try:
                entity = self.lib.find_entity(quoted or bare)
            except TradeTuiError:
                continue  # not an entity the corpus knows: its words were searched
            if entity.kind == kind.lower():
                ids.add(entity.id)
        self._named = (query, frozenset(ids))
        return self._named[1]

    def _story_index(self) -> tuple[dict[str, StoryMark], dict[str, Story]]:
        """Every article's story, and every story by id (empty when stories cannot be read)."""
        if self._stories is None:
            try:
                stories = self.lib.stories()
            except TradeTuiError:
                return {}, {}
            self._stories = (story_marks(stories), {s.id: s for s in stories})
        return self._stories

    def _version_note(self, article: Article) -> VersionNote | None:
        """The article against its story's previous version (the next one for the first)."""
        marks, stories = self._story_index()
        mark = marks.get(article.id)
        story = stories.get(mark.story) if mark is not None else None
        if story is None or len(story.articles) < 2:
            return None
        ids = list(story.articles)  # newest first
        rank = ids.index(article.id)
        later = rank == len(ids) - 1
        other = self.lib.article(ids[rank - 1] if later else ids[rank + 1])
        older, newer = (article, other) if later else (other, article)
        diff = compare_versions(older.body, newer.body)
        return VersionNote(other.id, other.title, len(ids) - rank, len(ids), later, diff)

    # -- entities, events and the palette ------------------------------------------------

    @_uses_library
    def set_date(self, article_id: str, new_date: date | None) -> Article:
        """Set (or clear, with None) an article's date by hand, as `tradetui set-date` does."""
        with self.lock:
            article = self.lib.set_date(article_id, new_date)
            self._stories = None
        return article

    @_uses_library
    def entity_view(self, entity_id: str, all_events: bool = False) -> EntityView:
        """The entity and the first page of its timeline (its own events; all_events: every
        event of its articles): what the screen shows at once."""
        with self.lock:
            entity = self.lib.find_entity(entity_id)
            timeline = self.lib.timeline_page(entity.id, limit=TIMELINE_PAGE, all_events=all_events)
        return EntityView(EntityDetail(entity), timeline, {}, complete=False)

    @_uses_library
    def entity_detail(self, view: EntityView) -> EntityView:
        """The entity's mentions, co-occurring entities and quotes, with the quoted articles' titles.

        Read without the session's lock: it only reads the side table (SQLite, serialized per
        connection) and the links, and for an entity of many articles it takes a while, which
        the next selection or search must not wait behind.
        """
        detail = self.lib.entity(view.detail.entity.id)
        titles = self.lib.titles(list(dict.fromkeys(q.article for q in detail.quotes)))
        return EntityView(detail, view.timeline, titles)

    @_uses_library
    def entity_months(self, entity_id: str) -> tuple[tuple[str, int], ...]:
        """The entity's articles per month (YYYY-MM, count), from the table written at linking."""
        with self.lock:
            return tuple(self.lib.entity_months(entity_id))

    @_uses_library
    def timeline_page(
        self, entity: str, offset: int, all_events: bool = False, within: tuple[date | None, date | None] = (None, None)
    ) -> TimelinePage:
        """A page of the entity's timeline ('' for the corpus's) from offset, within those days."""
        with self.lock:
            return self.lib.timeline_page(
                entity or None,
                offset=offset,
                limit=TIMELINE_PAGE,
                all_events=all_events,
                start=within[0],
                end=within[1],
            )

    @_uses_library
    def whole_timeline(
        self, entity: str, all_events: bool = False, within: tuple[date | None, date | None] = (None, None)
    ) -> Timeline:
        """Every event of the timeline a page of which is shown (for an export)."""
        with self.lock:
            page = self.lib.timeline_page(
                entity or None, limit=1 << 30, all_events=all_events, start=within[0], end=within[1]
            )
        return Timeline(page.events)

    @_uses_library
    def event(self, event_id: str) -> Event | None:
        """One event of the corpus's timeline (None when it is gone)."""
        with self.lock:
            return self.lib.timeline_event(event_id)

    @_uses_library
    def unresolved(self, entity: str, reason: str) -> list[Unresolved]:
        """The first unplaced expressions of one reason, of the entity's articles ('' for all)."""
        with self.lock:
            return self.lib.unresolved_page(entity or None, reason=reason, limit=UNRESOLVED_LISTED)

    @_uses_library
    def conflicts(self) -> tuple[Conflict, ...]:
        """Happenings whose reports from different stories differ (slow: read after the first screen)."""
        try:
            return tuple(self.lib.conflicts())
        except TradeTuiError:
            return ()

    @_uses_library
    def palette(self, query: str) -> list[PaletteItem]:
        """What the palette lists for what is typed: entities, events, then article titles."""
        with self.lock:
            return self.lib.palette(query, limit=PALETTE_ROWS)

    @_uses_library
    def entity_preview(self, entity_id: str) -> EntityView:
        """One entity's detail and the titles of the articles it is quoted in, for the sidebar
        (no events). Read without the session's lock, as entity_detail is."""
        detail = self.lib.entity(entity_id)
        titles = self.lib.titles(list(dict.fromkeys(q.article for q in detail.quotes)))
        return EntityView(detail, TimelinePage(entity=entity_id), titles)

    @_uses_library
    def dossier(self, entity_id: str) -> Dossier:
        """Everything the corpus says of one entity."""
        with self.lock:
            return self.lib.dossier(entity_id)

    @_uses_library
    def together(self, entity_ids: Sequence[str], query: str) -> Together:
        """Where all of these entities appear, their quotes meeting the query when there is one."""
        with self.lock:
            return self.lib.together(entity_ids, query=query or None)

    @_uses_library
    def titles(self, article_ids: Sequence[str]) -> dict[str, tuple]:
        """Title and date of each article."""
        with self.lock:
            return self.lib.titles(list(article_ids))
