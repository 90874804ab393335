"""The main screen's layout keys: which pane has focus, which panes show, and how big they are."""

from __future__ import annotations

from textual.screen import Screen

from ..messages import DossierClosed
from ..widgets.search_box import SearchBox
from .help import HelpScreen


class PaneLayout(Screen):
    """Focus, show, hide and resize the panes (the main screen binds the keys)."""

    def on_resize(self, event) -> None:
        self._make_room(sidebar=self.has_class("-crowded"), width=event.size.width)
        self.set_class(event.size.height < 30, "-short")

    def _make_room(self, sidebar: bool, width: int | None = None) -> None:
        """Narrow terminals hide the sidebar; opened there, it takes the list's place, so the
        reader keeps a readable width."""
        narrow = (self.size.width if width is None else width) < 100
        self.set_class(narrow and not sidebar, "-narrow")
        self.set_class(narrow and sidebar, "-crowded")

    def action_focus_search(self) -> None:
        self.query_one(SearchBox).focus()

    def action_focus_pane(self, selector: str) -> None:
        if selector != "#entities" and getattr(self, "dossier_open", False):
            # The dossier holds the reader's, the list's and the timeline's room: going to one
            # of them closes it (as Escape does), then focuses the pane.
            self.post_message(DossierClosed())
            self.call_after_refresh(self.action_focus_pane, selector)
            return
        widget = self.query_one(selector)
        for ancestor in widget.ancestors_with_self:
            if ancestor.has_class("hidden"):
                ancestor.remove_class("hidden")
            if ancestor.id == "entities":
                self._make_room(sidebar=True)
            if ancestor.id == "articles":
                self._make_room(sidebar=False)
        widget.focus()

    def action_escape(self) -> None:
        self._make_room(sidebar=False)
        self.query_one("#articles").focus()

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
