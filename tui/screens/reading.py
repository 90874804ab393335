"""The main screen's reading keys: zoom, the next and previous result, find, and an article's date."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import on, work
from textual.reactive import var
from textual.screen import Screen

from ..messages import ArticleDateAsked, ArticleDateSet
from ..notify import tell
from ..session import Session
from ..state import ViewSnapshot
from ..views import ArticleView
from ..widgets.article_list import ArticleList
from ..widgets.reader import Reader
from .ask import AskScreen


def date_problem(text: str) -> str | None:
    """Why an answer is not a date to set ('' clears it): None when it will do."""
    if not text:
        return None
    try:
        date.fromisoformat(text)
    except ValueError:
        return "give a date as YYYY-MM-DD, or nothing to clear it"
    return None


class ReadingKeys(Screen):
    """Read full-screen, step through the results from the reader, find words, set a date."""

    zoomed: var[bool] = var(False)
    """The reader alone, full-screen (`z`)."""
    article_place: var[tuple[int, int] | None] = var(None)
    """Where the article read is among the results, as (1-based row, rows)."""

    # The main screen's state and steps that these use.
    session: Session
    article_id: str
    article: ArticleView | None

    if TYPE_CHECKING:  # the main screen's steps that these use

        def _search_now(self) -> None: ...

        def snapshot(self) -> ViewSnapshot: ...

        restoring: ViewSnapshot | None

        def _link(self, session: Session) -> object: ...

        def _load_article(self, article_id: str, span: tuple[int, int, str] | None, record: bool) -> None: ...

    def watch_zoomed(self, zoomed: bool) -> None:
        self.set_class(zoomed, "-zoom")

    def action_escape(self) -> None:
        if self.zoomed:  # Escape leaves the zoom first
            self.zoomed = False
            return
        super().action_escape()  # type: ignore[misc]

    def action_find_here(self) -> None:
        tell(self, "f finds words in the reader and filters the entities' names", severity="warning")

    def action_zoom(self) -> None:
        self.zoomed = not self.zoomed
        self.query_one("#reader").focus()

    def show_place(self) -> None:
        """Tell the reader where its article is in the results."""
        lst = self.query_one("#articles", ArticleList)
        row = lst.row_of(self.article_id) if self.article_id else None
        self.article_place = (row + 1, lst.row_count) if row is not None else None

    @on(Reader.StepArticle)
    def _step_article(self, event: Reader.StepArticle) -> None:
        lst = self.query_one("#articles", ArticleList)
        row = lst.row_of(self.article_id) if self.article_id else None
        target = (row if row is not None else lst.cursor) + event.step
        if not 0 <= target < lst.row_count:
            tell(self, "No more results" if event.step > 0 else "This is the first result", severity="warning")
            return
        lst.cursor = target  # the list previews it, as when moving there

    @on(Reader.FindAsked)
    def _ask_find(self, event: Reader.FindAsked) -> None:
        def found(words: str | None) -> None:
            if words is not None:
                self.query_one("#reader", Reader).find_text = words

        self.app.push_screen(AskScreen("Find in the article (empty stops finding)", event.current), found)

    @on(ArticleDateAsked)
    def _ask_date(self, event: ArticleDateAsked) -> None:
        def answered(text: str | None) -> None:
            if text is not None:
                self._set_date(self.session, event.article_id, date.fromisoformat(text) if text else None)

        title = "The article's date, YYYY-MM-DD (empty clears the date set by hand)"
        current = event.current.isoformat() if event.current else ""
        self.app.push_screen(AskScreen(title, current, "2019-09-01", date_problem), answered)

    @work(thread=True, exclusive=True, group="set-date", exit_on_error=False)
    def _set_date(self, session: Session, article_id: str, new_date: date | None) -> None:
        self.post_message(ArticleDateSet(session.set_date(article_id, new_date), new_date is None))

    @on(ArticleDateSet)
    def _date_set(self, event: ArticleDateSet) -> None:
        article = event.article
        done = "cleared" if event.cleared else "set"
        tell(self, f"{' '.join(article.title.split())[:60]}: date {done}; now {article.date or 'undated'}")
        # The list is read again (the article may move in a date sort); the view stays where it was.
        self.restoring = self.snapshot()
        self._search_now()
        self._link(self.session)  # the article's events are placed again
