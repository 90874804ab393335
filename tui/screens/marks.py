"""The main screen's bookmarks and export: the focused item marked, the marks listed, results or article saved."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from rich.text import Text
from textual.screen import Screen

from search import TimelinePage, export, os_reason

from ..messages import ArticleOpened, EntitySelected, EventSelected
from ..notify import tell
from ..session import Session
from ..state import Status
from ..user_files import UserFiles
from ..views import ArticleView
from ..widgets.article_list import ArticleList
from .choose import ChooseScreen

# The export dialog's choices: what, then the format (one of search.export's).
EXPORT_CHOICES = (
    ("results.md", "Results as Markdown"),
    ("results.csv", "Results as CSV"),
    ("results.json", "Results as JSON"),
    ("article.md", "Article as Markdown"),
    ("article.json", "Article as JSON"),
    ("timeline.timelinejs", "Timeline as TimelineJS (the events shown)"),
)


class MarksAndExport(Screen):
    """Bookmark what has focus, list the bookmarks, export results or the article (keys bound by the main screen)."""

    # The main screen's state that these read and set.
    files: UserFiles
    article_id: str
    article: ArticleView | None
    bookmarked: frozenset[str]
    timeline: TimelinePage | None
    all_events: bool
    timeline_window: Callable[[], tuple[date | None, date | None]]
    session: Session
    status: Status

    def effective_query(self) -> str:
        """The query as run (the main screen's)."""
        raise NotImplementedError

    def _show_error(self, message: str) -> None:
        raise NotImplementedError

    def _focused_item(self) -> tuple[str, str, str] | None:
        """The article, entity or event of the focused pane, as (kind, id, label)."""
        for pane in self.query("#articles, #entities, #timeline").results():
            if pane.has_focus_within:
                return pane.bookmark_item()  # type: ignore[attr-defined]
        view = self.article
        if self.query_one("#reader").has_focus and self.article_id:
            return ("article", self.article_id, view.article.title if view else self.article_id)
        return None

    def action_bookmark(self) -> None:
        item = self._focused_item()
        if item is None:
            tell(self, "Nothing to bookmark here", severity="warning")
            return
        added = self.files.toggle_bookmark(*item)
        tell(self, ("Bookmarked: " if added else "Removed bookmark: ") + item[2][:80])
        self.bookmarked = self.files.bookmarked_articles()

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

        self.app.push_screen(ChooseScreen("Export", EXPORT_CHOICES), picked)

    def _export(self, choice: str) -> None:
        what, fmt = choice.split(".")
        out_dir = Path(os.environ.get("TRADETUI_EXPORT_DIR") or Path.cwd())
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = out_dir / f"tradetui-{what}-{stamp}.{'json' if fmt == 'timelinejs' else fmt}"
        if what == "results":
            hits = self.query_one(ArticleList).loaded_hits()
            content = export.results_text(fmt, self.effective_query(), hits)
        elif what == "timeline":
            shown = self.timeline
            if shown is None or not shown.events:
                tell(self, "No events to export yet", severity="warning")
                return
            timeline = self.session.whole_timeline(shown.entity, self.all_events, self.timeline_window())
            ids = sorted({a for e in timeline.events for a in e.articles})
            content = export.timeline_text(fmt, timeline, self.session.titles(ids))
        elif self.article is None:
            tell(self, "Open an article first", severity="warning")
            return
        else:
            content = export.article_text(fmt, self.article.article)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        except OSError as exc:
            self._show_error(f"Export failed: {os_reason(exc)} ({out_dir})")
            return
        self.status = Status(f"Exported to {path}")
        tell(self, f"Exported to {path}")
