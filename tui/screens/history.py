"""The main screen's history: back and forward restore the whole view, not only the reader.

Each entry is a ViewSnapshot (tui.state): the committed query, sort, dates, the entity the view
is filtered to, the list's row, the article with its span and scroll, and a dossier once one
is open. Leaving a view first updates its entry with where the list and reader are scrolled
to; a move that changes the view adds an entry after the change; back and forward put a
snapshot back and, once its results arrive, the list row, the article and its scroll.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.widgets import Input

from ..notify import tell
from ..state import DateRange, JumpHistory, SortOrder, ViewSnapshot
from ..views import ArticleView
from ..widgets.article_list import ArticleList
from ..widgets.reader import Reader
from ..widgets.search_box import SearchBox


class ViewHistory(Screen):
    """Record and restore whole views (the main screen binds `<` and `>`)."""

    # The main screen's state and steps that these use.
    query_text: str
    sort: SortOrder
    dates: DateRange | None
    entity_id: str
    article_id: str
    article: ArticleView | None

    if TYPE_CHECKING:  # the main screen's steps that these use

        def _search_now(self) -> None: ...

        def _restore_entity(self, entity_id: str) -> None: ...

        def _show_timeline(self) -> None: ...

        def _load_article(self, article_id: str, span: tuple[int, int, str] | None, record: bool) -> None: ...

    def init_history(self) -> None:
        self.jumps: JumpHistory[ViewSnapshot] = JumpHistory(ViewSnapshot.same_place)
        # The snapshot being put back: its results are awaited to place the list and reader.
        self.restoring: ViewSnapshot | None = None
        # (article id, reader line) to scroll the reader to once that article is shown (-1: its first match).
        self._pending_scroll: tuple[str, int] | None = None

    def dossier_shown(self) -> str | None:
        """The official whose dossier is open (None: the reader shows)."""
        return None

    def together_shown(self) -> tuple[str, ...]:
        """The entities shown together (empty: none)."""
        return ()

    def restore_dossier(self, view: ViewSnapshot) -> None:
        """Open or close the dossier as the view put back had it."""

    def snapshot(self) -> ViewSnapshot:
        """The view as it is now."""
        lst = self.query_one("#articles", ArticleList)
        reader = self.query_one("#reader", Reader)
        view = self.article
        shown = view is not None and view.article.id == self.article_id
        return ViewSnapshot(
            query=self.query_text,
            sort=self.sort,
            dates=self.dates,
            entity_id=self.entity_id,
            article_id=self.article_id,
            span=view.focus_span if shown and view is not None else None,
            list_row=lst.cursor,
            reader_line=int(reader.scroll_offset.y) if shown else 0,
            dossier=self.dossier_shown(),
            together=self.together_shown(),
        )

    def leave_view(self) -> None:
        """Before a move: the current entry keeps where the list and reader are now."""
        current, now = self.jumps.current, self.snapshot()
        # Results of a query typed but not committed are no place to come back to: the entry keeps its own.
        if self.restoring is None and (
            current is None or current.same_place(replace(now, article_id=current.article_id, span=current.span))
        ):
            self.jumps.update_current(now)

    def arrive(self, **fresh: object) -> None:
        """After a move: the new view is an entry (`fresh`: fields the panes have not caught up with)."""
        self.jumps.record(replace(self.snapshot(), **fresh))  # type: ignore[arg-type]

    def action_back(self) -> None:
        self._walk(-1)

    def action_forward(self) -> None:
        self._walk(1)

    def _walk(self, step: int) -> None:
        self.leave_view()
        view = self.jumps.back() if step < 0 else self.jumps.forward()
        if view is None:
            tell(self, f"Nothing to go {'back' if step < 0 else 'forward'} to", severity="warning")
            return
        self.restore(view)

    def restore(self, view: ViewSnapshot) -> None:
        """Put a view back: the query, filters and entity now, the list and reader with its results."""
        self.restoring = view
        box = self.query_one(SearchBox)
        with box.prevent(Input.Changed):
            box.value = view.query
        self.query_text = view.query
        self.sort = view.sort
        self.dates = view.dates
        self._restore_entity(view.entity_id)
        self._show_timeline()
        self.restore_dossier(view)
        self._search_now()

    def place_restored(self) -> None:
        """The restored view's results are shown: highlight its row, read its article where it was."""
        view, self.restoring = self.restoring, None
        if view is None:
            return
        self.query_one("#articles", ArticleList).follow(view.article_id, view.list_row)
        if view.article_id:
            self._pending_scroll = (view.article_id, view.reader_line)
            self._load_article(view.article_id, view.span, record=False)

    def scroll_restored(self) -> None:
        """The article is shown: scroll it back to where it was read, when a restore asked for that."""
        pending, view = self._pending_scroll, self.article
        if pending is None or view is None or view.article.id != pending[0]:
            return
        self._pending_scroll = None
        reader = self.query_one("#reader", Reader)
        if pending[1] < 0:
            reader.show_first_match()
        else:
            reader.scroll_to(y=pending[1], animate=False, immediate=True)
