"""The main screen's timeline and entity reads that follow the first screen.

Selecting an entity shows its name and the first page of its timeline at once; its
mentions, companions, quotes and articles per month come after, each from a worker of
its own group, so a newer selection replaces (cancels) the older one's reads. Further
pages of the timeline are read as the pane asks for them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.reactive import var
from textual.screen import Screen

from search import Conflict, Event, TimelinePage

from ..messages import (
    ArticleOpened,
    ConflictsRead,
    EntityDetailRead,
    EntityMonthsRead,
    EventRead,
    EventSelected,
    ResultsFound,
    TimelineFirstRead,
    TimelinePageRead,
    UnresolvedRead,
)
from ..session import Session
from ..state import DateRange, counted
from ..widgets.timeline_pane import TimelinePane
from .choose import ChooseScreen
from .stories import conflicts_by_event

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..views import EntityView


Window = tuple[date | None, date | None]

# An entity's detail is read after the list's first results, or after this long (seconds).
DETAIL_AT_LATEST = 0.5


class TimelineViews(Screen):
    """Workers and handlers for what an entity or event needs after the first paint."""

    timeline_more: var[TimelinePage | None] = var(None, always_update=True)
    """A further page of the timeline shown, as the pane asked for it."""
    timeline_months: var[tuple[tuple[str, int], ...] | None] = var(None, always_update=True)
    """The selected entity's articles per month (None: the corpus's are charted)."""
    _pending_detail: EntityView | None = None  # an entity whose detail waits on the first results
    # The main screen's, which these handlers read and set.
    session: Session
    ready: bool
    entity_id: var[str]
    all_events: var[bool]
    dates: var[DateRange | None]
    timeline: var[TimelinePage | None]
    timeline_label: var[str]
    entity: var[EntityView | None]
    conflicts: var[dict[str, tuple[Conflict, ...]]]
    _read_event_sources: Callable[..., Any]
    _open_source: Callable[..., Any]

    # -- workers: each calls the session once and posts one result ----------------------

    @work(thread=True, exclusive=True, group="entity-detail", exit_on_error=False)
    def _read_entity_detail(self, session: Session, view: EntityView) -> None:
        self.post_message(EntityDetailRead(view.detail.entity.id, session.entity_detail(view)))

    @work(thread=True, exclusive=True, group="entity-months", exit_on_error=False)
    def _read_entity_months(self, session: Session, entity_id: str) -> None:
        self.post_message(EntityMonthsRead(entity_id, session.entity_months(entity_id)))

    @work(thread=True, exclusive=True, group="timeline-page", exit_on_error=False)
    def _read_timeline_page(self, session: Session, entity: str, offset: int, every: bool, within: Window) -> None:
        self.post_message(TimelinePageRead(session.timeline_page(entity, offset, every, within)))

    @work(thread=True, exclusive=True, group="timeline-first", exit_on_error=False)
    def _read_timeline_first(self, session: Session, entity: str, every: bool, within: Window, label: str) -> None:
        self.post_message(TimelineFirstRead(session.timeline_page(entity, 0, every, within), label))

    def timeline_window(self) -> Window:
        """The days the timeline is kept to: the date range's (open ends None)."""
        return self.dates.days() if self.dates is not None else (None, None)

    @work(thread=True, exclusive=True, group="event", exit_on_error=False)
    def _read_event(self, session: Session, event_id: str, record: bool) -> None:
        event = session.event(event_id)
        if event is not None:
            self.post_message(EventRead(event, record))

    @work(thread=True, exclusive=True, group="unresolved", exit_on_error=False)
    def _read_unresolved(self, session: Session, entity: str, reason: str) -> None:
        self.post_message(UnresolvedRead(reason, tuple(session.unresolved(entity, reason))))

    @work(thread=True, exclusive=True, group="conflicts", exit_on_error=False)
    def _read_conflicts(self, session: Session) -> None:
        self.post_message(ConflictsRead(session.conflicts()))

    @on(ConflictsRead)
    def _show_conflicts(self, event: ConflictsRead) -> None:
        self.conflicts = conflicts_by_event(event.conflicts)

    # -- after an entity's first screen ------------------------------------------------

    def read_after_first_screen(self, view: EntityView) -> None:
        """Start the entity's slower reads: its articles per month now, its detail once the
        list's first results are in (the detail holds the library a while; the search goes first)."""
        self._read_entity_months(self.session, view.detail.entity.id)
        if not view.complete:
            self._pending_detail = view
            self.set_timer(DETAIL_AT_LATEST, self._read_pending_detail)

    def _read_pending_detail(self) -> None:
        view, self._pending_detail = self._pending_detail, None
        if view is not None and view.detail.entity.id == self.entity_id:
            self._read_entity_detail(self.session, view)

    @on(ResultsFound)
    def _results_in_read_detail(self, event: ResultsFound) -> None:
        self._read_pending_detail()

    @on(EntityDetailRead)
    def _show_entity_detail(self, event: EntityDetailRead) -> None:
        if event.entity_id == self.entity_id:
            self.entity = event.view

    @on(EntityMonthsRead)
    def _show_entity_months(self, event: EntityMonthsRead) -> None:
        if event.entity_id == self.entity_id:
            self.timeline_months = event.months

    # -- the timeline's further pages ----------------------------------------------------

    @on(TimelinePane.MoreWanted)
    def _read_more_events(self, event: TimelinePane.MoreWanted) -> None:
        event.stop()
        self._read_timeline_page(self.session, event.entity, event.offset, self.all_events, self.timeline_window())

    @on(TimelinePageRead)
    def _append_events(self, event: TimelinePageRead) -> None:
        self.timeline_more = event.page

    @on(TimelineFirstRead)
    def _show_timeline_read(self, event: TimelineFirstRead) -> None:
        if event.page.entity == self.entity_id:  # not one of a filter removed since
            self.timeline_label = event.label
            self.timeline = event.page

    # -- events ----------------------------------------------------------------------------

    @on(EventSelected)
    def _select_event(self, event: EventSelected) -> None:
        if self.ready:
            self._read_event(self.session, event.event_id, event.record)

    @on(EventRead)
    def _open_event(self, event: EventRead) -> None:
        ev: Event = event.event
        if len(ev.sources) == 1:
            self._open_source(ev, 0)
        else:
            self._read_event_sources(self.session, ev)

    # -- expressions no date was found for -----------------------------------------------

    @on(TimelinePane.UnresolvedWanted)
    def _list_unresolved(self, event: TimelinePane.UnresolvedWanted) -> None:
        event.stop()
        self._read_unresolved(self.session, event.entity, event.reason)

    @on(UnresolvedRead)
    def _choose_unresolved(self, event: UnresolvedRead) -> None:
        rows = event.rows
        options = []
        for n, u in enumerate(rows):
            label = Text(f"{u.expression!s:<18} ", style="bold")
            label.append(u.article, style="dim")
            options.append((str(n), label))

        def picked(choice: str | None) -> None:
            if choice is not None:
                self.post_message(ArticleOpened(rows[int(choice)].article))

        title = f"{counted(len(rows), 'date')} not placed: {event.reason} · pick an article"
        self.app.push_screen(ChooseScreen(title, options), picked)
