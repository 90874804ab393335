"""The main screen's stories: one list row per story or per version (`v`), and the story
count on the status line."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.reactive import var
from textual.screen import Screen

from ..notify import tell
from ..state import Status
from ..widgets.article_list import ArticleList


class StoryViews(Screen):
    """Toggle versions in the list and keep the status line's story count (keys bound by the main screen)."""

    show_versions: var[bool] = var(False)
    """The list shows every version of a story, not one row per story."""
    status: var[Status]

    def __init__(self) -> None:
        super().__init__()
        # How many stories the results hold, and whether that is exact (see tui.story_rows).
        self.story_count: tuple[int, bool] | None = None

    def action_toggle_versions(self) -> None:
        self.show_versions = not self.show_versions
        tell(self, "Every version listed" if self.show_versions else "One row per story")

    @on(ArticleList.StoriesCounted)
    def _show_story_count(self, event: ArticleList.StoriesCounted) -> None:
        self.story_count = (event.stories, event.exact)
        count = self.status.count
        if count is not None:
            stories = replace(count, stories=event.stories, stories_exact=event.exact)
            self.status = replace(self.status, count=stories)
