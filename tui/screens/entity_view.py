"""The main screen's narrowing to one entity: its query, detail and events, and back to the corpus."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on
from textual.screen import Screen
from textual.widgets import Input

from search import Timeline

from ..messages import EntityRead
from ..session import EntityView, Session
from ..state import DateRange
from ..widgets.search_box import SearchBox


class EntityNarrowing(Screen):
    """Select an entity (its clause becomes the query), or widen the view back to the corpus."""

    # The main screen's state and steps that these use.
    session: Session
    query_text: str
    dates: DateRange | None
    entity_id: str
    entity: EntityView | None
    timeline: Timeline | None
    timeline_label: str
    _corpus_timeline: Timeline | None
    _entity_clause: str

    if TYPE_CHECKING:  # the main screen's steps that these use

        def _search_now(self) -> None: ...

        def _read_entity(self, session: Session, entity_id: str, record: bool) -> object: ...

        def leave_view(self) -> None: ...

        def arrive(self, **fresh: object) -> None: ...

    @on(EntityRead)
    def _show_entity(self, event: EntityRead) -> None:
        restoring = not event.record  # read again for a view put back: its query is set already
        if restoring and event.entity_id != self.entity_id:
            return  # read for a view that was left since
        if not restoring:
            self.leave_view()
        self.entity_id = event.entity_id
        e = event.view.detail.entity
        name = e.name.replace('"', "")
        self._entity_clause = f'{e.kind}:"{name}"'
        self.entity = event.view
        self._show_timeline()
        if restoring:
            return
        box = self.query_one(SearchBox)
        with box.prevent(Input.Changed):
            box.value = self._entity_clause
        self.query_text = self._entity_clause
        self._search_now()
        self.arrive(list_row=0, reader_line=0)

    def _restore_entity(self, entity_id: str) -> None:
        """Narrow the view to an entity again ('' widens it to the corpus)."""
        if entity_id == self.entity_id:
            return
        self.entity_id = entity_id
        if entity_id:
            self._read_entity(self.session, entity_id, False)
            return
        self._entity_clause = ""
        self.entity = None
        self._show_timeline()

    def _show_timeline(self) -> None:
        """The selected entity's events, or the corpus's, within the date range."""
        view = self.entity if self.entity_id else None
        timeline = view.timeline if view is not None else self._corpus_timeline
        if timeline is None:
            return
        dates = self.dates
        if dates is not None:
            events = tuple(e for e in timeline.events if dates.overlaps(e.start, e.end))
            timeline = replace(timeline, events=events)
        self.timeline_label = view.detail.entity.name if view is not None else ""
        self.timeline = timeline
