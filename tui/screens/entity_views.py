"""The main screen's entity views: the sidebar's preview, the entity filter (a removable chip
beside the query), the dossier in place of the reader, and several entities together."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, Static

from search import Dossier, Entity, Timeline, Together

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
from ..session import EntityView, Session
from ..state import DateRange, Jump, JumpHistory, restrict_query


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
    jumps: JumpHistory
    ready: bool
    query_text: str
    dates: DateRange | None
    entity_id: str
    entity: EntityView | None
    timeline: Timeline | None
    timeline_label: str
    _corpus_timeline: Timeline | None

    def _search_now(self) -> None: ...

    def _read_entity(self, session: Session, entity_id: str, record: bool, all_events: bool = False) -> object: ...

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
        if event.record:
            self.jumps.record(Jump("entity", event.entity_id))
        self.entity_id = event.entity_id
        e = event.view.detail.entity
        changed = self.entity_filter is None or self.entity_filter.id != e.id
        self.entity_filter = e
        self.entity = event.view
        self.timeline_label = e.name
        self.timeline = event.view.timeline
        if changed:
            self._search_now()

    def clear_entity_filter(self) -> None:
        self.entity_filter = None
        self.all_events = False
        self.entity_id = ""
        self.timeline_label = ""
        self.timeline = self._corpus_timeline
        self._search_now()
        tell(self, "Entity filter removed")

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
        if event.record:
            self.jumps.record(Jump("dossier", event.entity_id))
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
        if event.record:
            self.jumps.record(Jump("together", "\t".join(event.entity_ids)))
        self._read_together(self.session, event.entity_ids, self.query_for_together())

    @on(DossierRead)
    def _show_dossier(self, event: DossierRead) -> None:
        if event.dossier is not None:
            self.together = None
            self.dossier = event.dossier
        else:
            self.dossier = None
            self.together = event.together
        self.dossier_open = True
        self.query_one("#dossier").focus()

    def watch_dossier_open(self, shown: bool) -> None:
        # The dossier takes the reader's place and, while open, the list's and the timeline's
        # room too (its own sections hold the events and the articles).
        self.query_one("#dossier").set_class(not shown, "hidden")
        self.query_one("#reader").set_class(shown, "hidden")
        self.set_class(shown, "-dossier")

    @on(DossierClosed)
    def _close_dossier(self, event: DossierClosed) -> None:
        self.dossier_open = False
        self.query_one("#reader").focus()
