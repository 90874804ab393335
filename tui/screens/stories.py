"""The main screen's stories: one list row per story or per version (`v`), the status line's
story count, and an event's sources, with the values side by side when its reports differ."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.reactive import var
from textual.screen import Screen

from search import Conflict, Event

from ..messages import ArticleOpened, EventSourcesRead
from ..notify import tell
from ..state import Status, counted
from ..widgets.article_list import ArticleList
from .choose import ChooseScreen


def story_words(stories: int) -> str:
    """'4 stories · ' for the header ('' when stories are not known)."""
    return f"{counted(stories, 'story', 'stories')} · " if stories else ""


def conflicts_by_event(conflicts: Iterable[Conflict]) -> dict[str, tuple[Conflict, ...]]:
    """The conflicts of each event, by the event's id."""
    found: dict[str, list[Conflict]] = {}
    for c in conflicts:
        found.setdefault(c.event, []).append(c)
    return {event: tuple(cs) for event, cs in found.items()}


def source_options(
    ev: Event, titles: dict[str, tuple], conflicts: tuple[Conflict, ...]
) -> list[tuple[str, Text, int | None]]:
    """An event's sources to pick from, as (key, label, source index); when its reports
    differ, each differing value comes first with the articles that give it, so the values
    read side by side (picking one opens its first source)."""
    options: list[tuple[str, Text, int | None]] = []
    first_source: dict[str, int] = {}
    for n, s in enumerate(ev.sources):
        first_source.setdefault(s.article, n)
    for k, c in enumerate(conflicts):
        for m, value in enumerate(c.values):
            label = Text(f"Reports differ on {c.field}: ", style="bold")
            label.append(value.value, style="bold underline")
            names = "; ".join(titles.get(a, (a,))[0][:40] for a in value.articles)
            label.append(f"\n  given by {len(value.articles)} article(s): {names}", style="dim")
            source = next((first_source[a] for a in value.articles if a in first_source), None)
            options.append((f"value:{k}:{m}", label, source))
    for n, s in enumerate(ev.sources):
        label = Text(titles.get(s.article, (s.article,))[0][:60], style="bold")
        label.append("\n  " + " ".join(s.text.split())[:100], style="dim")
        options.append((f"source:{n}", label, n))
    return options


class StoryViews(Screen):
    """Versions in the list, the story count, and an event's sources (keys bound by the main screen)."""

    show_versions: var[bool] = var(False)
    """The list shows every version of a story, not one row per story."""
    conflicts: var[dict[str, tuple[Conflict, ...]]] = var({})
    """The events whose reports differ, by event id, with what they differ on."""
    status: var[Status]

    def __init__(self) -> None:
        super().__init__()
        # How many stories the results hold, and whether that is exact (see tui.story_rows).
        self.story_count: tuple[int, bool] | None = None

    def action_toggle_versions(self) -> None:
        self.show_versions = not self.show_versions
        tell(self, "Every version listed" if self.show_versions else "One row per story")
        self.call_after_refresh(self.show_place)  # "n of N" counts the rows now listed

    if TYPE_CHECKING:

        def show_place(self) -> None:
            """Tell the reader where its article is in the list (the reading screen's)."""

    @on(ArticleList.StoriesCounted)
    def _show_story_count(self, event: ArticleList.StoriesCounted) -> None:
        self.story_count = (event.stories, event.exact)
        count = self.status.count
        if count is not None:
            stories = replace(count, stories=event.stories, stories_exact=event.exact)
            self.status = replace(self.status, count=stories)
        self.show_place()  # stories grouped as pages arrive: the reader's "n of N" follows

    @on(EventSourcesRead)
    def _choose_event_source(self, event: EventSourcesRead) -> None:
        ev, titles = event.event, event.titles
        conflicts = self.conflicts.get(ev.id, ())
        options = source_options(ev, titles, conflicts)
        sources = {key: n for key, _label, n in options}

        def picked(choice: str | None) -> None:
            n = sources.get(choice) if choice is not None else None
            if n is not None:
                self._open_source(ev, n)

        stories = len(ev.stories) or len(ev.articles)
        head = "Reports differ · " if conflicts else ""
        title = f"{head}{len(ev.sources)} sources, {stories} stor{'ies' if stories != 1 else 'y'} · pick one"
        self.app.push_screen(ChooseScreen(title, [(key, label) for key, label, _n in options]), picked)

    def _open_source(self, ev: Event, n: int) -> None:
        s = ev.sources[n]
        self.post_message(ArticleOpened(s.article, s.start, s.end, s.where))
