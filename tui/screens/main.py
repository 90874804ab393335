"""The main screen: search box, article list, reader, entity sidebar and timeline, linked.

The screen owns the state, as the documented vars below, and binds it into the panes,
which render it in their own watchers. Panes post what the user means (an entity or an
event chosen, an article opened); the screen decides what that changes. Every library
read runs in a worker that calls the Session and posts one result message; one handler
turns a failed worker into an error the user sees.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static
from textual.worker import Worker, WorkerState

from search import (
    CorpusStats,
    Entity,
    Event,
    PaletteItem,
    QueryError,
    SearchPage,
    TimelinePage,
    TradeTuiError,
)

from ..commands import with_dossiers
from ..messages import (
    ArticleOpened,
    ArticleRead,
    EntityRead,
    EventSourcesRead,
    FirstBatchCommitted,
    Indexed,
    IndexOpened,
    IndexProgress,
    Linked,
    QuerySubmitted,
    ResultsCounted,
    ResultsFound,
)
from ..notify import tell
from ..problems import cannot_open_screen, log_unexpected
from ..session import PAGE_SIZE, Session, index_summary
from ..state import DateRange, ResultCount, SortOrder, Status, counted, restrict_query, typed_query
from ..story_rows import StoryMark
from ..user_files import UserFiles
from ..views import ArticleView, EntityView, Overview
from ..widgets.article_list import ArticleList
from ..widgets.dossier_view import DossierView
from ..widgets.entity_sidebar import EntitySidebar
from ..widgets.reader import Reader
from ..widgets.search_box import SearchBox
from ..widgets.status_line import StatusLine
from ..widgets.timeline_pane import TimelinePane
from .date_filter import DateFilterScreen
from .entity_views import EntityViews, with_entity
from .history import ViewHistory
from .layout import PaneLayout
from .main_keys import MAIN_BINDINGS
from .marks import MarksAndExport
from .reading import ReadingKeys
from .stories import StoryViews, story_words
from .timeline_views import TimelineViews
from .watching import FolderWatching

# Results follow the typing once it pauses this long (seconds).
SEARCH_DEBOUNCE = 0.25


class MainScreen(
    EntityViews, ReadingKeys, ViewHistory, TimelineViews, PaneLayout, MarksAndExport, FolderWatching, StoryViews
):
    """Owns the state (query, sort, dates, results, article, entity, timeline) and links the panes."""

    BINDINGS = MAIN_BINDINGS

    query_text: var[str] = var("")
    """The query as typed in the search box."""
    sort: var[SortOrder] = var(SortOrder.SCORE)
    """How results are ordered."""
    dates: var[DateRange | None] = var(None)
    """The date range results are limited to (None: every date)."""
    results: var[SearchPage | None] = var(None, always_update=True)
    """The first page of the current results (None before the first search)."""
    result_marks: var[dict[str, StoryMark]] = var({})
    """The stories of the first page's articles (set before `results`)."""
    result_total: var[int | None] = var(None, always_update=True)
    """How many results the current search has (None while counting)."""
    query_problem: var[str] = var("")
    """Why the current query was not understood ('' when it was)."""
    article_id: var[str] = var("")
    """The id of the article being read (set at once; `article` follows when it is read)."""
    article: var[ArticleView | None] = var(None, always_update=True)
    """The article being read, with its matches and names."""
    entity_id: var[str] = var("")
    """The id of the selected entity."""
    entity: var[EntityView | None] = var(None, always_update=True)
    """The selected entity's detail and events."""
    entities: var[tuple[Entity, ...]] = var(())
    """Every entity of the corpus, once names are linked."""
    timeline: var[TimelinePage | None] = var(None, always_update=True)
    """The first page of the events shown: the corpus's, or the selected entity's."""
    timeline_label: var[str] = var("")
    """Whose events the timeline shows ('' for the whole corpus); set before `timeline`."""
    stats: var[CorpusStats | None] = var(None)
    """The corpus's counts, once it is indexed."""
    bookmarked: var[frozenset[str]] = var(frozenset())
    """Ids of the bookmarked articles."""
    status: var[Status] = var(Status())
    """What the status line says."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.files = UserFiles(session.corpus)
        self.init_history()
        self._filtered_to: dict[str, Entity] = {}  # the entities filtered to, for views put back
        self._entity_timeline: TimelinePage | None = None  # the events of the entity filtered to
        self._arrive_with_dossier = False  # a dossier (or together) being read is a new history entry
        self.generation = 0  # of the current search; results of older ones are dropped
        self.ready = False  # names are linked: entities, events and the reader's names work
        self.searchable = False  # some of the corpus is indexed: searches can run
        self._searched_before_update = False  # the index built before was searched at once
        self._debounce: Timer | None = None
        # The query text last run: the box's, or while typing, its last word as a prefix.
        self.searched_text = ""
        self.typing = False  # the last search ran on a query still being typed
        self._search_worker: Worker | None = None
        self._summary = ""
        self._corpus_timeline: TimelinePage | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield SearchBox(self.files.history, id="search")
        yield Static(id="entity-chip", classes="hidden")
        yield StatusLine(id="status").data_bind(MainScreen.status)
        with Horizontal(id="main"):
            yield ArticleList(self.session, self._preview, id="articles").data_bind(
                MainScreen.bookmarked,
                MainScreen.result_total,
                MainScreen.result_marks,
                MainScreen.show_versions,
                problem=MainScreen.query_problem,
                results=MainScreen.results,
            )
            yield Reader(id="reader").data_bind(
                view=MainScreen.article, place=MainScreen.article_place, zoomed=MainScreen.zoomed
            )
            yield DossierView(id="dossier", classes="hidden").data_bind(
                dossier=MainScreen.dossier, together=MainScreen.together
            )
            yield EntitySidebar(id="entities").data_bind(
                MainScreen.entities, selected=MainScreen.entity, article=MainScreen.article
            )
        yield TimelinePane(id="timeline").data_bind(
            MainScreen.stats,
            MainScreen.conflicts,
            label=MainScreen.timeline_label,
            timeline=MainScreen.timeline,
            more=MainScreen.timeline_more,
            months=MainScreen.timeline_months,
        )
        yield Footer()

    def on_mount(self) -> None:
        self._index(self.session)
        self.status = Status("Indexing…")
        self.query_one("#articles").focus()

    # -- workers: each calls the session once and posts one result ----------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _index(self, session: Session) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(IndexProgress(done, total))

        def committed() -> None:
            self.post_message(FirstBatchCommitted())

        def opened() -> None:
            self.post_message(IndexOpened())

        self.post_message(Indexed(session.open(progress=progress, on_commit=committed, on_open=opened)))

    @work(thread=True, exclusive=True, group="link", exit_on_error=False)
    def _link(self, session: Session) -> None:
        self.post_message(Linked(session.overview()))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, session: Session, query: str, sort: SortOrder, generation: int) -> None:
        page = session.first_page(query, sort.value)
        self.post_message(ResultsFound(generation, page, session.story_marks([h.id for h in page.hits])))

    @work(thread=True, exclusive=True, group="count", exit_on_error=False)
    def _count(self, session: Session, query: str, generation: int) -> None:
        self.post_message(ResultsCounted(generation, session.count(query)))

    @work(thread=True, exclusive=True, group="reader", exit_on_error=False)
    def _read(self, session: Session, article_id: str, query: str, span: tuple[int, int, str] | None) -> None:
        self.post_message(ArticleRead(session.read(article_id, query, span)))

    @work(thread=True, exclusive=True, group="entity", exit_on_error=False)
    def _read_entity(self, session: Session, entity_id: str, record: bool, all_events: bool = False) -> None:
        self.post_message(EntityRead(entity_id, session.entity_view(entity_id, all_events), record))

    @work(thread=True, exclusive=True, group="event", exit_on_error=False)
    def _read_event_sources(self, session: Session, event: Event) -> None:
        self.post_message(EventSourcesRead(event, session.titles(event.articles)))

    @on(Worker.StateChanged)
    def _report_failed_worker(self, event: Worker.StateChanged) -> None:
        """Every worker of the screen and its panes fails here, in words on the status line."""
        if event.state is not WorkerState.ERROR:
            return
        worker, error = event.worker, event.worker.error
        if worker.group == "search" and isinstance(error, QueryError):
            if worker is self._search_worker:
                self._show_query_problem(str(error))
        elif worker.group == "index" and isinstance(error, TradeTuiError):
            if self.searchable:  # part of the corpus is indexed and searchable: say so, go on
                self._show_error(f"Indexing stopped: {error}")
            else:
                self._show_cannot_open(error)
        elif isinstance(error, TradeTuiError):
            self._show_error(str(error))
        else:
            log = log_unexpected(error) if error is not None else "the error log"
            what = "Indexing" if worker.group == "index" else "That"
            self._show_error(f"{what} stopped by an unexpected error; details are in {log}")

    def _show_error(self, message: str) -> None:
        tell(self, message, severity="error")
        self.status = Status(message, error=True)

    # -- opening and indexing ------------------------------------------------------------

    @on(IndexProgress)
    def _show_progress(self, event: IndexProgress) -> None:
        if self.searchable and not self.ready:
            return  # the result count owns the status line while searching a partial index
        self.status = Status(f"Indexing {event.done}/{event.total}…")

    @on(IndexOpened)
    def _search_index_built_before(self, event: IndexOpened) -> None:
        if not self.searchable:
            self.searchable = True
            self._searched_before_update = True
            self._search_now()

    @on(FirstBatchCommitted)
    def _search_partial_index(self, event: FirstBatchCommitted) -> None:
        if not self.searchable:
            self.searchable = True
            tell(self, "Searching what is indexed so far; people and the timeline follow")
            self._search_now()

    @on(Indexed)
    def _search_full_index(self, event: Indexed) -> None:
        self._summary = index_summary(event.report)
        for s in event.report.skipped[:5]:
            self._show_error(f"Skipped {s.path}: {s.reason}")
        changed = bool(event.report.added or event.report.updated or event.report.deleted)
        if not self.ready and (changed or not self._searched_before_update):
            self.searchable = True
            self._search_now()
        self._link(self.session)
        if self.session.watch_at_start and not self.session.watching:
            self.start_watching()

    @on(Linked)
    def _show_linked_corpus(self, event: Linked) -> None:
        overview = event.overview
        if overview.problem:
            self._show_error(overview.problem)
        self.ready = True
        if self.jumps.current is not None:
            self.restoring = self.snapshot()  # searched again with names: the view stays where it is
        self._search_now()  # results first; the panes below fill in meanwhile
        with self.app.batch_update():  # one repaint for the header, sidebar and timeline
            self.app.title = "tradetui"
            self.app.sub_title = (
                f"{self.session.corpus.name} · {story_words(overview.stories)}"
                f"{counted(overview.stats.articles, 'article')} · "
                f"{overview.people:,} people · "
                f"{counted(overview.timeline.total, 'event')}"
            )
            self.entities = overview.entities
            self._show_examples(overview)
            self.stats = overview.stats
            self._corpus_timeline = overview.timeline
            if self.entity_filter is None:
                self.timeline_months = None
                self._show_timeline()
            else:
                self.refilter_timeline()
        self._read_conflicts(self.session)  # slow on a large corpus: the timeline flags them when known
        view = self.article
        if view is not None and view.article.id == self.article_id:
            # Read while names were still being linked: read again, now with its names.
            self._load_article(self.article_id, view.focus_span, record=False)
        if self._summary:
            tell(self, f"Index updated: {self._summary}")

    def _show_examples(self, overview: Overview) -> None:
        people = [e for e in overview.entities if e.kind == "person"]
        person = max(people, key=lambda e: (len(e.articles), e.name), default=None)
        month = max(overview.stats.per_month, key=lambda m: (m[1], m[0]), default=None)
        self.query_one(SearchBox).show_examples(person.name if person else None, month[0] if month else None)

    def _show_cannot_open(self, error: TradeTuiError) -> None:
        self.status = Status(str(error), error=True)

        def closed(retry: bool | None) -> None:
            if retry:
                self.status = Status("Indexing…")
                self._index(self.session)

        self.app.push_screen(cannot_open_screen(error), closed)

    # -- searching -----------------------------------------------------------------------

    def effective_query(self) -> str:
        """The query as run: the text last searched within the date range, kept to the entity filtered to."""
        return with_entity(restrict_query(self.searched_text, self.dates), self.entity_filter)

    @on(Input.Changed, "#search")
    def _search_as_typed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(SEARCH_DEBOUNCE, self._search_typed)

    def _search_typed(self) -> None:
        """Search what is typed so far, unless its last word is too short to mean much yet."""
        text = typed_query(self.query_text)
        if text is not None:
            self._search_now(text)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        if self._debounce is not None:
            self._debounce.stop()  # the committed query runs, exact; not the one typed before it
        self.leave_view()
        self.query_text = event.value
        self.files.remember(event.value)
        self.query_one(SearchBox).restart_history()
        self._search_now()
        self.arrive(list_row=0, reader_line=0)
        self.query_one("#articles").focus()

    @on(QuerySubmitted)
    def _search_for(self, event: QuerySubmitted) -> None:
        box = self.query_one(SearchBox)
        with box.prevent(Input.Changed):
            box.value = event.query
        self.query_text = event.query
        self._search_now()
        if event.focus_list:
            self.query_one("#articles").focus()

    def _search_now(self, typed: str | None = None) -> None:
        """Run the query in the box (or, while typing, the query as `typed_query` reads it)."""
        if not (self.ready or self.searchable):
            return
        self.typing = typed is not None
        self.searched_text = self.query_text if typed is None else typed
        self.generation += 1
        self._search_worker = self._search(self.session, self.effective_query(), self.sort, self.generation)

    @on(ResultsFound)
    def _show_first_results(self, event: ResultsFound) -> None:
        if event.generation != self.generation:
            return
        page = event.page
        self.bookmarked = self.files.bookmarked_articles()
        self.query_problem = ""
        self.story_count = None
        self.result_marks = dict(event.marks)
        self.results = page
        self._show_count(len(page.hits), counting=len(page.hits) >= PAGE_SIZE)
        if not page.hits:
            self.article = None
        if page.total < 0:  # not counted on the way (a date sort): count now
            self._count(self.session, page.query, event.generation)
        else:
            self._show_total(page.total)
        if self.restoring is not None:
            self.place_restored()
        elif self.jumps.current is None:  # the first view is the first place to go back to
            self.arrive(list_row=0, reader_line=0)

    @on(ResultsCounted)
    def _show_counted_total(self, event: ResultsCounted) -> None:
        if event.generation == self.generation:
            self._show_total(event.total)

    def _show_total(self, total: int) -> None:
        self.result_total = total
        self.show_place()
        self._show_count(total, counting=False)

    def _show_count(self, total: int, counting: bool) -> None:
        # No "did you mean" for a word still being typed.
        suggestion = self.results.suggestion if self.results is not None and not self.typing else None
        stories, exact = self.story_count or (None, True)
        self.status = Status(count=ResultCount(total, counting, self.sort, self.dates, suggestion, stories, exact))

    def _show_query_problem(self, message: str) -> None:
        if self.typing:  # still being typed: the results stay, the status line says what is wrong
            self.status = Status(f"Query not understood yet: {message}", error=True)
            return
        self.query_problem = message
        self.results = SearchPage(self.effective_query(), 0, ())
        self.status = Status(f"Query not understood: {message}", error=True)

    # -- reading -------------------------------------------------------------------------

    def _preview(self, article_id: str) -> None:
        """The list's highlighted article, shown within the keypress that moved to it."""
        self._load_article(article_id, None, record=False)

    @on(ArticleList.Chosen)
    def _read_chosen(self, event: ArticleList.Chosen) -> None:
        self._pending_scroll = (event.article_id, -1)  # opened at its first match
        self._load_article(event.article_id, None, record=True)
        self.query_one("#reader").focus()

    @on(ArticleOpened)
    def _open_article(self, event: ArticleOpened) -> None:
        span = (event.start, event.end, event.where) if event.start is not None and event.end is not None else None
        self.dossier_open = False
        self._load_article(event.article_id, span, record=event.record)
        self.query_one("#reader").focus()

    def _load_article(self, article_id: str, span: tuple[int, int, str] | None, record: bool) -> None:
        if record:
            self.leave_view()
        self.article_id = article_id
        if record:
            self.query_one("#articles", ArticleList).follow(article_id)
            self.arrive(span=span, reader_line=0)
        self.show_place()
        query = self.effective_query()
        try:
            view = self.session.try_read_now(article_id, query, span)
        except TradeTuiError as exc:
            self._show_error(str(exc))
            return
        if view is None:
            self._read(self.session, article_id, query, span)
        else:
            self.article = view
            self.scroll_restored()

    @on(ArticleRead)
    def _show_article(self, event: ArticleRead) -> None:
        if event.view.article.id == self.article_id:
            self.article = event.view
            self.scroll_restored()

    # -- keys ----------------------------------------------------------------------------

    def action_toggle_sort(self) -> None:
        self.leave_view()
        self.sort = self.sort.toggled()
        tell(self, f"Sorted by {self.sort.label}")
        self._search_now()
        self.arrive(list_row=0, reader_line=0)

    def action_date_filter(self) -> None:
        def done(value: str | None) -> None:
            if value is None:
                return
            try:
                dates = DateRange.parse(value)
            except ValueError as exc:
                tell(self, str(exc), severity="error")
                return
            self.leave_view()
            self.dates = dates
            self._show_timeline()
            self._search_now()
            self.arrive(list_row=0, reader_line=0)

        self.app.push_screen(DateFilterScreen(str(self.dates or "")), done)

    # -- the command palette -------------------------------------------------------------

    def palette_items(self, query: str) -> list[PaletteItem]:
        """What the palette lists for query (in a worker thread; [] until names are linked)."""
        return with_dossiers(self.session.palette(query)) if self.ready else []
