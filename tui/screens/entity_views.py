"""The main screen's entity views: the sidebar's preview, the entity filter (a removable chip
beside the query), the dossier in place of the reader, and several entities together."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, Static

from search import Dossier, Entity, TimelinePage, Together

from ..messages import (
    DossierClosed,
    DossierOpened,
    DossierRead,
    EntityPreviewed,
    EntityPreviewRead,
    EntityRead,
    EntitySelected,
    TogetherOpened,
)
from ..notify import tell
from ..session import Session
from ..state import DateRange, JumpHistory, ViewSnapshot, restrict_query
from ..views import EntityView


def entity_clause(entity: Entity) -> str:
    """The query clause that keeps an entity's articles: person:"Larry Kudlow"."""
    return f'{entity.kind}:"{entity.name.replace(chr(34), "")}"'


def with_entity(query: str, entity: Entity | None) -> str:
    """The query restricted to the entity's articles (the query as typed when there is none)."""
    if entity is None:
        return query
    clause = entity_clause(entity)
    return f"({query}) AND {clause}" if query.strip() else clause


def chip_text(entity: Entity, all_events: bool) -> Text:
    """The entity filter's chip: whom the list and timeline are filtered to, and how to remove it."""
    chip = Text()
    chip.append(f" {entity.name} ", style="bold reverse")
    shown = "every event of their articles" if all_events else "their events"
    chip.append(f" {entity.kind} filter · timeline: {shown}")
    chip.append("  (u removes · A widens or narrows the timeline)", style="dim")
    return chip


class EntityViews(Screen):
    """Preview, filter chip, dossier and together for the main screen (which owns the vars)."""

    # The main screen's (see its vars).
    session: Session
    jumps: JumpHistory[ViewSnapshot]
    restoring: ViewSnapshot | None
    ready: bool
    query_text: str
    dates: DateRange | None
    entity_id: str
    entity: EntityView | None
    timeline: TimelinePage | None
    timeline_label: str
    timeline_months: tuple[tuple[str, int], ...] | None
    _corpus_timeline: TimelinePage | None
    _entity_timeline: TimelinePage | None
    _filtered_to: dict[str, Entity]
    _arrive_with_dossier: bool
    _read_timeline_first: Callable[..., Any]
    timeline_window: Callable[[], tuple[date | None, date | None]]

    if TYPE_CHECKING:  # the main screen's steps that these use

        def _search_now(self) -> None: ...

        def _read_entity(self, session: Session, entity_id: str, record: bool, all_events: bool = False) -> object: ...

        def leave_view(self) -> None: ...

        def read_after_first_screen(self, view: EntityView) -> None: ...

        def arrive(self, **fresh: object) -> None: ...

    entity_filter: var[Entity | None] = var(None)
    """The entity the list and timeline are filtered to (None: no filter)."""
    all_events: var[bool] = var(False)
    """Whether the filtered timeline shows every event of the entity's articles, not only theirs."""
    dossier: var[Dossier | None] = var(None, always_update=True)
    """The entity whose dossier is open in place of the reader (None when together or closed)."""
    together: var[Together | None] = var(None, always_update=True)
    """The entities shown together in place of the reader (None when a dossier or closed)."""
    dossier_open: var[bool] = var(False)
    """Whether the dossier (or together) view replaces the reader."""

    # -- workers -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def _read_preview(self, session: Session, entity_id: str) -> None:
        self.post_message(EntityPreviewRead(entity_id, session.entity_preview(entity_id)))

    @work(thread=True, exclusive=True, group="dossier", exit_on_error=False)
    def _read_dossier(self, session: Session, entity_id: str) -> None:
        self.post_message(DossierRead(dossier=session.dossier(entity_id)))

    @work(thread=True, exclusive=True, group="dossier", exit_on_error=False)
    def _read_together(self, session: Session, entity_ids: tuple[str, ...], query: str) -> None:
        self.post_message(DossierRead(together=session.together(entity_ids, query)))

    # -- the preview -------------------------------------------------------------------

    @on(EntityPreviewed)
    def _preview_entity(self, event: EntityPreviewed) -> None:
        if self.ready:
            self._read_preview(self.session, event.entity_id)

    @on(EntityPreviewRead)
    def _preview_read(self, event: EntityPreviewRead) -> None:
        self.entity = event.view

    @on(EntitySelected)
    def _select_entity(self, event: EntitySelected) -> None:
        if self.ready:
            if self.entity_filter is None or self.entity_filter.id != event.entity_id:
                self.all_events = False
            self._read_entity(self.session, event.entity_id, event.record, self.all_events)

    @on(EntityRead)
    def _show_entity(self, event: EntityRead) -> None:
        """Filter the list and the timeline to the entity, beside the query as typed."""
        restoring = not event.record  # read again for a view put back, or for its timeline only
        if restoring and event.entity_id != self.entity_id:
            return  # read for a view that was left since
        e = event.view.detail.entity
        changed = self.entity_filter is None or self.entity_filter.id != e.id
        if event.record and changed:
            self.leave_view()
        self.entity_id = event.entity_id
        self._filtered_to[e.id] = e
        self.entity_filter = e
        self.entity = event.view
        self._entity_timeline = event.view.timeline
        self._show_timeline()
        if changed:
            self.timeline_months = None
            self.read_after_first_screen(event.view)
            self._search_now()
            if event.record:
                self.arrive(list_row=0, reader_line=0)

    def clear_entity_filter(self) -> None:
        self.leave_view()
        self._drop_entity_filter()
        self._show_timeline()
        self._search_now()
        self.arrive(list_row=0, reader_line=0)
        tell(self, "Entity filter removed")

    def _drop_entity_filter(self) -> None:
        self.entity_filter = None
        self.all_events = False
        self.entity_id = ""
        self._entity_timeline = None
        self.timeline_months = None

    def _restore_entity(self, entity_id: str) -> None:
        """Filter to an entity again, as a view put back was ('' removes the filter)."""
        if entity_id == self.entity_id:
            return
        entity = self._filtered_to.get(entity_id)
        if entity is None:
            self._drop_entity_filter()
            return
        self.entity_id = entity_id
        self.entity_filter = entity  # the search that follows is filtered at once
        self._entity_timeline = None  # its events follow, read again
        self._read_entity(self.session, entity_id, False, False)

    def _show_timeline(self) -> None:
        """The entity filtered to's events, or the corpus's, within the date range."""
        entity = self.entity_filter
        label = entity.name if entity is not None else ""
        if self.dates is not None:  # the range's first page is read in a worker
            if self.ready:
                who = entity.id if entity is not None else ""
                self._read_timeline_first(self.session, who, self.all_events, self.timeline_window(), label)
            return
        timeline = self._entity_timeline if entity is not None else self._corpus_timeline
        if timeline is None:
            return
        self.timeline_label = label
        self.timeline = timeline

    def refilter_timeline(self) -> None:
        if self.entity_filter is not None:
            self._read_entity(self.session, self.entity_filter.id, False, self.all_events)

    def query_for_together(self) -> str:
        return restrict_query(self.query_text, self.dates)

    # -- the filter chip ---------------------------------------------------------------

    def watch_entity_filter(self, entity: Entity | None) -> None:
        self._show_chip()

    def watch_all_events(self, every: bool) -> None:
        self._show_chip()

    def _show_chip(self) -> None:
        chip = self.query_one("#entity-chip", Static)
        entity = self.entity_filter
        chip.set_class(entity is None, "hidden")
        chip.update(chip_text(entity, self.all_events) if entity is not None else "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Backspace removes the chip only from an empty search box; elsewhere it edits text.
        if action == "clear_entity_from_search":
            focused = self.focused
            in_empty_box = isinstance(focused, Input) and focused.id == "search" and not focused.value
            return self.entity_filter is not None and in_empty_box
        return True

    def action_clear_entity_from_search(self) -> None:
        self.clear_entity_filter()

    def action_clear_entity(self) -> None:
        if self.entity_filter is None:
            tell(self, "No entity filter to remove", severity="warning")
            return
        self.clear_entity_filter()

    def action_toggle_all_events(self) -> None:
        if self.entity_filter is None:
            tell(self, "Filter to an entity first (Enter in the entities)", severity="warning")
            return
        self.all_events = not self.all_events
        self.refilter_timeline()

    # -- the dossier -------------------------------------------------------------------

    @on(DossierOpened)
    def _open_dossier(self, event: DossierOpened) -> None:
        if not self.ready:
            tell(self, "Names are still being linked", severity="warning")
            return
        self._arrive_with_dossier = event.record
        self._read_dossier(self.session, event.entity_id)

    def action_open_dossier(self) -> None:
        """The dossier of the name under the reader's cursor, else of the entity filtered to."""
        from ..widgets.reader import Reader

        reader = self.query_one("#reader", Reader)
        mention = reader.current_mention if self.focused is reader else None
        target = mention[0] if mention is not None else (self.entity_filter.id if self.entity_filter else "")
        if not target:
            tell(self, "Move to a name in the reader (] or [) or filter to an entity first", severity="warning")
            return
        self.post_message(DossierOpened(target))

    @on(TogetherOpened)
    def _open_together(self, event: TogetherOpened) -> None:
        if not self.ready:
            return
        self._arrive_with_dossier = event.record
        self._read_together(self.session, event.entity_ids, self.query_for_together())

    @on(DossierRead)
    def _show_dossier(self, event: DossierRead) -> None:
        if self._arrive_with_dossier:
            self.leave_view()
        if event.dossier is not None:
            self.together = None
            self.dossier = event.dossier
        else:
            self.dossier = None
            self.together = event.together
        self.dossier_open = True
        self.query_one("#dossier").focus()
        if self._arrive_with_dossier:
            self._arrive_with_dossier = False
            self.arrive()

    def watch_dossier_open(self, shown: bool) -> None:
        # The dossier takes the reader's place and, while open, the list's and the timeline's
        # room too (its own sections hold the events and the articles).
        self.query_one("#dossier").set_class(not shown, "hidden")
        self.query_one("#reader").set_class(shown, "hidden")
        self.set_class(shown, "-dossier")

    @on(DossierClosed)
    def _close_dossier(self, event: DossierClosed) -> None:
        self.leave_view()
        self.dossier_open = False
        self.query_one("#reader").focus()
        self.arrive()

    # -- in the history ------------------------------------------------------------------

    def dossier_shown(self) -> str | None:
        """The entity whose dossier is open (None: the reader, or entities together, show)."""
        if self.dossier_open and self.dossier is not None:
            return self.dossier.entity.id
        return None

    def together_shown(self) -> tuple[str, ...]:
        """The entities shown together (empty: none)."""
        if self.dossier_open and self.dossier is None and self.together is not None:
            return tuple(e.id for e in self.together.entities)
        return ()

    def restore_dossier(self, view: ViewSnapshot) -> None:
        """Open the dossier (or entities together) a view put back had open, or close it."""
        self._arrive_with_dossier = False
        if view.dossier:
            if view.dossier != self.dossier_shown():
                self._read_dossier(self.session, view.dossier)
        elif view.together:
            if view.together != self.together_shown():
                self._read_together(self.session, view.together, self.query_for_together())
        elif self.dossier_open:
            self.dossier_open = False
