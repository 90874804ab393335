"""The main screen: search box, article list, reader, entity sidebar and timeline, linked."""

from __future__ import annotations

import contextlib
import os
import re
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, OptionList, Static

from search import (
    CorpusStats,
    Event,
    Library,
    NothingLoaded,
    QueryError,
    SearchPage,
    Timeline,
    TradeTuiError,
    os_reason,
)

from .. import exporting
from ..messages import ArticleOpened, EntitySelected, EventSelected, QuerySubmitted
from ..notify import tell
from ..problems import ProblemScreen, log_unexpected
from ..user_files import UserFiles
from ..widgets.article_list import PAGE_SIZE, ArticleList
from ..widgets.entity_sidebar import EntitySidebar
from ..widgets.reader import ArticleView, Reader
from ..widgets.timeline_pane import OpenUnresolved, TimelinePane
from .choose import ChooseScreen
from .date_filter import DateFilterScreen
from .help import HelpScreen

KIND_FIELD = {"person": "person", "org": "org", "place": "place"}


@dataclass
class _Results(Message):
    generation: int
    page: SearchPage


@dataclass
class _Total(Message):
    generation: int
    total: int


@dataclass
class _Page(Message):
    generation: int
    page_index: int
    hits: list


@dataclass
class _ReaderReady(Message):
    view: ArticleView
    entity_ids: set


class _Batch(Message):
    """A first batch of a long indexing run is committed: text search can start."""


class _Searchable(Message):
    """The index is complete; names, stats and the timeline are still being worked out."""


@dataclass
class _Indexed(Message):
    summary: str
    stats: CorpusStats
    entities: list
    timeline: Timeline


@dataclass
class _Failed(Message):
    message: str


@dataclass
class _QueryFailed(Message):
    """The query could not be read: the list is cleared and the status line says why."""

    generation: int
    message: str


@dataclass
class _CannotOpen(Message):
    """Nothing can be shown: the corpus loads nothing, or the index cannot be used."""

    error: TradeTuiError


@dataclass
class _Progress(Message):
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, _Progress)


class MainScreen(Screen):
    """Owns the state (query, sort, date filter, entity, article) and links the panes."""

    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="main.search"),
        Binding("a", "focus_pane('#articles')", "List", id="main.list", show=False),
        Binding("r", "focus_pane('#reader')", "Reader", id="main.reader", show=False),
        Binding("e", "focus_pane('#entity-list')", "Entities", id="main.entities", show=False),
        Binding("t", "focus_pane('#event-list')", "Timeline", id="main.timeline", show=False),
        Binding("escape", "escape", "Back to list", show=False),
        Binding("s", "toggle_sort", "Sort", id="main.sort"),
        Binding("D", "date_filter", "Dates", id="main.dates"),
        Binding("less_than_sign", "back", "Back", id="main.back"),
        Binding("greater_than_sign", "forward", "Fwd", id="main.forward", show=False),
        Binding("m", "bookmark", "Mark", id="main.bookmark", show=False),
        Binding("b", "bookmarks", "Bookmarks", id="main.bookmarks", show=False),
        Binding("x", "export", "Export", id="main.export", show=False),
        Binding("f2", "toggle_pane('entities')", "Entities", show=False),
        Binding("f3", "toggle_pane('timeline')", "Timeline", show=False),
        Binding("f4", "toggle_pane('articles')", "List", show=False),
        Binding("question_mark", "help", "Keys", id="main.help"),
        Binding("ctrl+left", "resize('#articles', 'width', -4)", "Narrower list", show=False),
        Binding("ctrl+right", "resize('#articles', 'width', 4)", "Wider list", show=False),
        Binding("ctrl+up", "resize('#timeline', 'height', 2)", "Taller timeline", show=False),
        Binding("ctrl+down", "resize('#timeline', 'height', -2)", "Shorter timeline", show=False),
    ]

    query_text: var[str] = var("")
    sort: var[str] = var("score")
    date_filter: var[str] = var("")
    entity_id: var[str] = var("")
    article_id: var[str] = var("")

    def __init__(self, library: Library | None, corpus: Path, index_dir: Path | None) -> None:
        super().__init__()
        self.lib = library
        self.corpus = corpus
        self.index_dir = index_dir
        self.generation = 0
        self.files = UserFiles(corpus)
        self.history_pos: int | None = None
        self.jumps: list[tuple[str, tuple]] = []
        self.jump_pos = -1
        # Not `lock`: that name is Textual's own lock of every widget and screen.
        self.library_lock = threading.RLock()
        self.ready = False
        self.searchable = False  # true once a first batch is committed during a long first index
        self._debounce: Timer | None = None
        self._mark_timer: Timer | None = None
        self._last_page: SearchPage | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Input(placeholder='Search: words, "phrases", person:kudlow, date:2018-09 …  (/ to focus)', id="search")
        yield Static(id="status")
        with Horizontal(id="main"):
            yield ArticleList(id="articles")
            yield Reader(id="reader")
            yield EntitySidebar(id="entities")
        yield TimelinePane(id="timeline")
        yield Footer()

    def on_mount(self) -> None:
        # The library opens in a worker at once; the panes are labelled meanwhile.
        self._open_library()
        self.query_one("#articles", ArticleList).border_title = "Articles"
        self.query_one("#reader", Reader).border_title = "Reader"
        self.query_one("#entities", EntitySidebar).border_title = "Entities"
        self.query_one("#timeline", TimelinePane).border_title = "Timeline"
        self.query_one("#articles", ArticleList).fetch = self._fetch_page
        self.query_one("#articles", ArticleList).preview = self._preview
        self._set_status("Indexing…")
        self.query_one("#articles").focus()

    def on_resize(self, event) -> None:
        self.set_class(event.size.width < 100, "-narrow")
        self.set_class(event.size.height < 30, "-short")

    # -- library access ------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _open_library(self) -> None:
        try:
            with self.library_lock:
                if self.lib is None:
                    self.lib = Library(self.corpus, self.index_dir)
                if self.lib.store is None:
                    self.lib.open()

            def progress(done: int, total: int) -> None:
                self.post_message(_Progress(done, total))

            def committed() -> None:
                self.post_message(_Batch())

            report = self.lib.update(progress=progress, procs=min(2, os.cpu_count() or 1), on_commit=committed)
            parts = [
                f"{report.added} added" if report.added else "",
                f"{report.updated} updated" if report.updated else "",
                f"{report.deleted} deleted" if report.deleted else "",
                f"{len(report.skipped)} skipped" if report.skipped else "",
            ]
            summary = ", ".join(p for p in parts if p)
            for s in report.skipped[:5]:
                self.post_message(_Failed(f"Skipped {s.path}: {s.reason}"))
            self.post_message(_Searchable())
            # Linking a big corpus takes seconds (a minute at 100,000 articles, when nothing
            # is saved yet): here, not in the interface's thread, and without the app's lock,
            # so that searches and reading go on meanwhile. These only read, and the library
            # guards its links itself.
            try:
                stats = self.lib.stats()
                entities = self.lib.entities()
                timeline = self.lib.timeline()
                self.lib.load_links()  # the reader's per-article names, ready in memory
            except TradeTuiError as exc:  # a broken override file: search still works
                self.post_message(_Failed(str(exc)))
                stats, entities, timeline = CorpusStats(), [], Timeline()
            self.post_message(_Indexed(summary, stats, entities, timeline))
        except TradeTuiError as exc:
            if self.searchable:  # part of the corpus is indexed and searchable: say so, go on
                self.post_message(_Failed(f"Indexing stopped: {exc}"))
            else:
                self.post_message(_CannotOpen(exc))
        except Exception as exc:  # noqa: BLE001 - never let the app die on an unforeseen failure
            log = log_unexpected(exc)
            self.post_message(_Failed(f"Indexing stopped by an unexpected error; details are in {log}"))

    @on(_Progress)
    def _progress(self, event: _Progress) -> None:
        if self.searchable and not self.ready:
            return  # the result count owns the status line while searching a partial index
        self._set_status(f"Indexing {event.done}/{event.total}…")

    @on(_Batch)
    def _batch(self, event: _Batch) -> None:
        if not self.searchable:
            self.searchable = True
            tell(self, "Searching what is indexed so far; people and the timeline follow")
            self._search_now()

    @on(_Searchable)
    def _searchable(self, event: _Searchable) -> None:
        if not self.ready:
            self.searchable = True
            self._search_now()

    @on(_Indexed)
    def _indexed(self, event: _Indexed) -> None:
        self.ready = True
        self._search_now()  # results first; the panes below fill in meanwhile
        stats, entities, timeline = event.stats, event.entities, event.timeline
        with self.app.batch_update():  # one repaint for the header, sidebar and timeline
            self.app.title = "tradetui"
            self.app.sub_title = (
                f"{self.corpus.name} · {stats.articles} articles · "
                f"{len([e for e in entities if e.kind == 'person'])} people · "
                f"{len(timeline.events)} events"
            )
            self.query_one("#entities", EntitySidebar).set_entities(entities)
            pane = self.query_one("#timeline", TimelinePane)
            pane.set_chart(stats.per_month)
            pane.set_timeline(timeline)
        reader = self.query_one("#reader", Reader)
        if reader.view is not None and reader.view.article.id == self.article_id:
            # Read while names were still being linked: read again, now with its names.
            self._load_article(self.article_id, reader.view.focus_span, record=False)
        if event.summary:
            tell(self, f"Index updated: {event.summary}")

    @on(_Failed)
    def _failed(self, event: _Failed) -> None:
        tell(self, event.message, severity="error")
        self._set_status(event.message, error=True)

    @on(_CannotOpen)
    def _cannot_open(self, event: _CannotOpen) -> None:
        error = event.error
        self._set_status(str(error), error=True)
        if isinstance(error, NothingLoaded):
            title = "Nothing to show yet"
            reasons = [f"{s.path}: {s.reason}" for s in error.skipped]
            hint = (
                "Put news articles in the folder as .txt or .md files (one article each), "
                ".json or .jsonl files (fields title, text, date), then press r to look again."
            )
        else:
            title = "The index cannot be opened"
            reasons = []
            hint = "Check the folder named above, or choose another with --index DIR; then press r to try again."

        def closed(retry: bool | None) -> None:
            if retry:
                self._set_status("Indexing…")
                self._open_library()

        self.app.push_screen(ProblemScreen(title, str(error), reasons, hint), closed)

    def _set_status(self, message: str, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.set_class(error, "-error")
        status.update(Text(message, style="" if error else "dim"))

    # -- searching -----------------------------------------------------------------

    def effective_query(self) -> str:
        q = self.query_text.strip()
        if self.date_filter:
            parts = self.date_filter.split()
            lo = parts[0] if parts else ""
            hi = parts[1] if len(parts) > 1 else ""
            clause = f"date:[{lo} to {hi}]"
            q = f"({q}) AND {clause}" if q else clause
        return q

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.25, self._search_now)

    @on(Input.Submitted, "#search")
    def _submitted(self, event: Input.Submitted) -> None:
        self.query_text = event.value
        self.files.remember(event.value)
        self.history_pos = None
        self._search_now()
        self.query_one("#articles").focus()

    @on(QuerySubmitted)
    def _query_submitted(self, event: QuerySubmitted) -> None:
        box = self.query_one("#search", Input)
        with box.prevent(Input.Changed):
            box.value = event.query
        self.query_text = event.query
        self._search_now()
        if event.focus_list:
            self.query_one("#articles").focus()

    def _search_now(self) -> None:
        if not (self.ready or self.searchable):
            return
        self.generation += 1
        self._run_search(self.effective_query(), self.sort, self.generation)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _run_search(self, query: str, sort: str, generation: int) -> None:
        lib = self.lib
        assert lib is not None
        try:
            with self.library_lock:
                page = lib.search(query, limit=PAGE_SIZE, sort=sort, with_total=False)
            self.post_message(_Results(generation, page))
            total = page.total
            if total < 0:  # not counted on the way (a date sort): count now
                with self.library_lock:
                    total = lib.count(query)
            self.post_message(_Total(generation, total))
        except QueryError as exc:
            self.post_message(_QueryFailed(generation, str(exc)))
        except TradeTuiError as exc:
            self.post_message(_Failed(str(exc)))

    def _fetch_page(self, query: str, offset: int, generation: int) -> None:
        self._run_page(self.effective_query(), self.sort, offset, generation)

    @work(thread=True, group="pages", exit_on_error=False)
    def _run_page(self, query: str, sort: str, offset: int, generation: int) -> None:
        lib = self.lib
        assert lib is not None
        try:
            with self.library_lock:
                page = lib.search(query, limit=PAGE_SIZE, offset=offset, sort=sort, with_total=False)
            self.post_message(_Page(generation, offset // PAGE_SIZE, list(page.hits)))
        except TradeTuiError:
            pass

    @on(_Results)
    def _results(self, event: _Results) -> None:
        if event.generation != self.generation:
            return
        self._last_page = event.page
        lst = self.query_one("#articles", ArticleList)
        lst.bookmarked = self.files.bookmarked_articles()
        lst.show_results(event.page.query, len(event.page.hits), list(event.page.hits), event.generation)
        self._show_count(len(event.page.hits), counting=len(event.page.hits) >= PAGE_SIZE)
        if not event.page.hits:
            self.query_one("#reader", Reader).show(None)

    @on(_QueryFailed)
    def _query_failed(self, event: _QueryFailed) -> None:
        if event.generation != self.generation:
            return
        self._last_page = None
        lst = self.query_one("#articles", ArticleList)
        lst.show_results(self.effective_query(), 0, [], event.generation)
        lst.border_title = "Articles (query not understood)"
        self._set_status(f"Query not understood: {event.message}", error=True)

    @on(_Total)
    def _total(self, event: _Total) -> None:
        if event.generation != self.generation:
            return
        self.query_one("#articles", ArticleList).set_total(event.total, event.generation)
        self._show_count(event.total, counting=False)

    def _show_count(self, total: int, counting: bool) -> None:
        n = f"{total}+" if counting else str(total)
        text = Text(f"{n} result{'s' if total != 1 else ''}", style="bold")
        text.append(f" · sorted by {self.sort}", style="dim")
        if self.date_filter:
            text.append(f" · dates {self.date_filter}", style="dim")
        page = self._last_page
        if not counting and total == 0 and page is not None and page.suggestion:
            text.append(" · did you mean ", style="dim")
            text.append(page.suggestion, style="bold italic")
        status = self.query_one("#status", Static)
        status.remove_class("-error")
        status.update(text)
        self.query_one("#articles", ArticleList).border_title = f"Articles ({n})"

    @on(_Page)
    def _page(self, event: _Page) -> None:
        self.query_one("#articles", ArticleList).add_page(event.page_index, event.hits, event.generation)

    # -- reading -------------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _highlighted(self, event: ArticleList.Highlighted) -> None:
        self._preview(event.article_id)

    def _preview(self, article_id: str) -> None:
        self._load_article(article_id, None, record=False)

    @on(ArticleList.Chosen)
    def _chosen(self, event: ArticleList.Chosen) -> None:
        self._load_article(event.article_id, None, record=True)
        self.query_one("#reader").focus()

    @on(ArticleOpened)
    def _opened(self, event: ArticleOpened) -> None:
        span = (event.start, event.end, event.where) if event.start is not None else None
        self._load_article(event.article_id, span, record=event.record)
        self.query_one("#reader").focus()

    def _load_article(self, article_id: str, span, record: bool) -> None:
        if record:
            self._record("article", (article_id, span))
        self.article_id = article_id
        query = self.effective_query()
        # Reading one article takes a millisecond or two: do it now, so the list and the
        # reader repaint together. Only if no other thread holds the library (indexing
        # commits take seconds) and names are linked (a person: query needs the links, and
        # linking may be under way); else a worker reads it.
        lib = self.lib
        if lib is not None and lib.is_linked and self.library_lock.acquire(blocking=False):
            try:
                result = self._read_now(article_id, query, span)
            finally:
                self.library_lock.release()
            self._show_read(result)
        else:
            self._read(article_id, query, span)

    def _read_now(self, article_id: str, query: str, span) -> Message:
        """The reader's view of an article (or the failure), read under the library lock."""
        lib = self.lib
        assert lib is not None
        try:
            article = lib.article(article_id)
            try:
                matches = lib.match_spans(article, query) if query else []
            except TradeTuiError:
                matches = []
            # Names are linked once indexing ends; until then the reader shows plain text.
            try:
                mentions = lib.mentions_in(article_id) if self.ready else []
            except TradeTuiError:
                mentions = []  # linking failed (reported once, when indexing ended)
        except TradeTuiError as exc:
            return _Failed(str(exc))
        return _ReaderReady(ArticleView(article, matches, mentions, span), {eid for eid, _ in mentions})

    @work(thread=True, exclusive=True, group="reader", exit_on_error=False)
    def _read(self, article_id: str, query: str, span) -> None:
        with self.library_lock:
            result = self._read_now(article_id, query, span)
        self.post_message(result)

    def _show_read(self, result: Message) -> None:
        if isinstance(result, _ReaderReady):
            self._reader_ready(result)
        else:
            self.post_message(result)

    @on(_ReaderReady)
    def _reader_ready(self, event: _ReaderReady) -> None:
        if event.view.article.id != self.article_id:
            return
        reader = self.query_one("#reader", Reader)
        reader.show(event.view)
        title = f"Reader · {len(event.view.matches)} matches · {len(event.view.mentions)} names"
        if reader.border_title != title:
            reader.border_title = title
        # Marking rows repaints the sidebar list; while the user scrolls fast, do it once they pause.
        if self._mark_timer is not None:
            self._mark_timer.stop()
        sidebar = self.query_one("#entities", EntitySidebar)
        self._mark_timer = self.set_timer(0.2, lambda: sidebar.mark_article(event.entity_ids))

    @on(Reader.Copied)
    def _copied(self, event: Reader.Copied) -> None:
        tell(self, "Copied: " + event.text, title="Clipboard")

    # -- entities and events -------------------------------------------------------

    @on(EntitySidebar.Chosen)
    def _entity_chosen(self, event: EntitySidebar.Chosen) -> None:
        self.post_message(EntitySelected(event.entity_id))

    @on(Reader.MentionChosen)
    def _mention_chosen(self, event: Reader.MentionChosen) -> None:
        self.post_message(EntitySelected(event.entity_id))

    @on(EntitySelected)
    def _entity_selected(self, event: EntitySelected) -> None:
        lib = self.lib
        if lib is None or not self.ready:
            return
        with self.library_lock:
            try:
                detail = lib.entity(event.entity_id)
            except TradeTuiError as exc:
                tell(self, str(exc), severity="error")
                return
            timeline = lib.timeline(person=event.entity_id)
            titles = lib.titles(list(detail.entity.articles))
        if event.record:
            self._record("entity", (event.entity_id,))
        self.entity_id = event.entity_id
        e = detail.entity
        name = e.name.replace('"', "")
        self.post_message(QuerySubmitted(f'{KIND_FIELD[e.kind]}:"{name}"', focus_list=False))
        sidebar = self.query_one("#entities", EntitySidebar)
        sidebar.show_detail(detail, titles)
        lst = sidebar.query_one("#entity-list", OptionList)
        with contextlib.suppress(Exception):  # the entity may be filtered out of the list
            lst.highlighted = lst.get_option_index(e.id)
        self.query_one("#timeline", TimelinePane).set_timeline(timeline, e.name)

    @on(TimelinePane.Chosen)
    def _event_chosen(self, event: TimelinePane.Chosen) -> None:
        self.post_message(EventSelected(event.event_id))

    @on(EventSelected)
    def _event_selected(self, event: EventSelected) -> None:
        pane = self.query_one("#timeline", TimelinePane)
        ev = pane.events_by_id.get(event.event_id)
        if ev is None:
            return
        if event.record:
            self._record("event", (event.event_id,))
        if len(ev.sources) == 1:
            self._open_source(ev, 0)
            return
        lib = self.lib
        assert lib is not None
        with self.library_lock:
            titles = lib.titles(list(ev.articles))
        options = []
        for n, s in enumerate(ev.sources):
            label = Text(titles.get(s.article, (s.article,))[0][:60], style="bold")
            label.append("\n  " + " ".join(s.text.split())[:100], style="dim")
            options.append((str(n), label))

        def picked(choice: str | None) -> None:
            if choice is not None:
                self._open_source(ev, int(choice))

        self.app.push_screen(ChooseScreen(f"{len(ev.sources)} sources · pick one", options), picked)

    def _open_source(self, ev: Event, n: int) -> None:
        s = ev.sources[n]
        self.post_message(ArticleOpened(s.article, s.start, s.end, s.where, record=False))

    @on(OpenUnresolved)
    def _open_unresolved(self, event: OpenUnresolved) -> None:
        self.post_message(ArticleOpened(event.article_id))

    # -- history -------------------------------------------------------------------

    def _record(self, kind: str, payload: tuple) -> None:
        entry = (kind, payload)
        if self.jumps and self.jump_pos >= 0 and self.jumps[self.jump_pos] == entry:
            return
        self.jumps = self.jumps[: self.jump_pos + 1] + [entry]
        self.jump_pos = len(self.jumps) - 1

    def _replay(self) -> None:
        kind, payload = self.jumps[self.jump_pos]
        if kind == "article":
            article_id, span = payload
            s = span or (None, None, "body")
            self.post_message(ArticleOpened(article_id, s[0], s[1], s[2], record=False))
        elif kind == "entity":
            self.post_message(EntitySelected(payload[0], record=False))
        elif kind == "event":
            self.post_message(EventSelected(payload[0], record=False))

    def action_back(self) -> None:
        if self.jump_pos <= 0:
            tell(self, "Nothing to go back to", severity="warning")
            return
        self.jump_pos -= 1
        self._replay()

    def action_forward(self) -> None:
        if self.jump_pos >= len(self.jumps) - 1:
            tell(self, "Nothing to go forward to", severity="warning")
            return
        self.jump_pos += 1
        self._replay()

    # -- keys ----------------------------------------------------------------------

    def on_key(self, event) -> None:
        box = self.query_one("#search", Input)
        if self.focused is box and event.key in ("up", "down"):
            items = self.files.history()
            if not items:
                return
            if self.history_pos is None:
                self.history_pos = len(items)
            self.history_pos += -1 if event.key == "up" else 1
            self.history_pos = max(0, min(len(items), self.history_pos))
            box.value = items[self.history_pos] if self.history_pos < len(items) else ""
            box.cursor_position = len(box.value)
            event.stop()

    def action_focus_search(self) -> None:
        self.query_one("#search").focus()

    def action_focus_pane(self, selector: str) -> None:
        widget = self.query_one(selector)
        for ancestor in widget.ancestors_with_self:
            if ancestor.has_class("hidden"):
                ancestor.remove_class("hidden")
            if ancestor.id == "entities":
                self.remove_class("-narrow")
        widget.focus()

    def action_escape(self) -> None:
        self.query_one("#articles").focus()

    def action_toggle_sort(self) -> None:
        self.sort = "date" if self.sort == "score" else "score"
        tell(self, f"Sorted by {self.sort}")
        self._search_now()

    def action_date_filter(self) -> None:
        def done(value: str | None) -> None:
            if value is None:
                return
            parts = value.replace(" to ", " ").split()
            bad = [p for p in parts if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", p)]
            if bad or len(parts) > 2:
                tell(self, "Dates look like 2018, 2018-09 or 2018-09-13", severity="error")
                return
            self.date_filter = " ".join(parts)
            self._search_now()

        self.app.push_screen(DateFilterScreen(self.date_filter), done)

    def action_toggle_pane(self, name: str) -> None:
        self.query_one(f"#{name}").toggle_class("hidden")

    def action_resize(self, selector: str, dimension: str, step: int) -> None:
        """Grow or shrink a pane by a few cells (its size is then fixed, not a share)."""
        widget = self.query_one(selector)
        current = widget.outer_size.width if dimension == "width" else widget.outer_size.height
        limit = self.size.width - 30 if dimension == "width" else self.size.height - 10
        setattr(widget.styles, dimension, max(6, min(limit, current + step)))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def _focused_item(self) -> tuple[str, str, str] | None:
        focused = self.focused
        if focused is None:
            return None
        lib = self.lib
        if focused.id == "entity-list":
            opt = focused.highlighted_option  # type: ignore[attr-defined]
            if opt and opt.id and lib:
                return ("entity", opt.id, lib.linked().entities[opt.id].name)
        if focused.id == "event-list":
            opt = focused.highlighted_option  # type: ignore[attr-defined]
            ev = self.query_one("#timeline", TimelinePane).events_by_id.get(opt.id if opt else "")
            if ev:
                return ("event", ev.id, f"{ev.start.isoformat()} {' '.join(ev.text.split())[:60]}")
        if focused.id == "articles":
            hit = self.query_one("#articles", ArticleList).current
            if hit:
                return ("article", hit.id, hit.title)
        if focused.id == "reader" and self.article_id:
            reader = self.query_one("#reader", Reader)
            title = reader.view.article.title if reader.view else self.article_id
            return ("article", self.article_id, title)
        return None

    def action_bookmark(self) -> None:
        item = self._focused_item()
        if item is None:
            tell(self, "Nothing to bookmark here", severity="warning")
            return
        added = self.files.toggle_bookmark(*item)
        tell(self, ("Bookmarked: " if added else "Removed bookmark: ") + item[2][:80])
        lst = self.query_one("#articles", ArticleList)
        lst.bookmarked = self.files.bookmarked_articles()
        lst.refresh()

    def action_bookmarks(self) -> None:
        marks = self.files.bookmarks()
        if not marks:
            tell(self, "No bookmarks yet: press m on an article, entity or event")
            return
        options = [(f"{n}", Text(f"{b.kind:<8} {b.label}")) for n, b in enumerate(marks)]

        def picked(choice: str | None) -> None:
            if choice is None:
                return
            b = marks[int(choice)]
            if b.kind == "article":
                self.post_message(ArticleOpened(b.id))
            elif b.kind == "entity":
                self.post_message(EntitySelected(b.id))
            elif b.kind == "event":
                self.post_message(EventSelected(b.id))

        self.app.push_screen(ChooseScreen("Bookmarks", options), picked)

    def action_export(self) -> None:
        def picked(choice: str | None) -> None:
            if choice:
                self._export(choice)

        self.app.push_screen(ChooseScreen("Export", exporting.EXPORT_CHOICES), picked)

    def _export(self, choice: str) -> None:
        what, fmt = choice.split(".")
        out_dir = Path(os.environ.get("TRADETUI_EXPORT_DIR") or Path.cwd())
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = out_dir / f"tradetui-{what}-{stamp}.{fmt}"
        if what == "results":
            lst = self.query_one("#articles", ArticleList)
            hits = [h for p in sorted(lst.pages) for h in lst.pages[p]]
            content = exporting.export_results(self.effective_query(), hits, fmt)
        else:
            reader = self.query_one("#reader", Reader)
            if reader.view is None:
                tell(self, "Open an article first", severity="warning")
                return
            content = exporting.export_article(reader.view.article, fmt)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        except OSError as exc:
            tell(self, f"Export failed: {os_reason(exc)}", severity="error")
            return
        tell(self, f"Exported to {path}")

    # -- palette -------------------------------------------------------------------

    def palette_items(self) -> list[tuple[str, str, object]]:
        lib = self.lib
        if lib is None or not self.ready:
            return []
        items: list[tuple[str, str, object]] = []
        with self.library_lock:
            entities = lib.entities()
            titles = lib.titles(lib.article_ids())
            events = self.query_one("#timeline", TimelinePane).timeline.events
        for e in entities:
            items.append(
                (
                    e.name,
                    f"{e.kind} · {len(e.articles)} articles",
                    lambda eid=e.id: self.post_message(EntitySelected(eid)),
                )
            )
        for aid, (title, d) in titles.items():
            items.append(
                (
                    title,
                    f"article · {d.isoformat() if d else 'undated'} · {aid}",
                    lambda a=aid: self.post_message(ArticleOpened(a)),
                )
            )
        for ev in events:
            items.append(
                (
                    " ".join(ev.text.split())[:90],
                    f"event · {ev.start.isoformat()}",
                    lambda i=ev.id: self.post_message(EventSelected(i)),
                )
            )
        return items
