"""One row per story in the article list: each fetched page grouped on its own, without the interface.

The list stays virtual and lazy: it never fetches the whole result set to group it. The
search puts a story's versions side by side (Library.search(by_story=True)) and counts
the stories, so the story count is exact from the first page; each page of hits is
grouped when it arrives (a story's versions on one page become one row, the newest
version's), and a page not fetched yet is taken to hold its share of the stories. Only a
page's end can part a story's versions: such a story has a row on each of the two pages.
Where the search cannot count the stories, pages not fetched count one row per article
and the count is an upper bound ('at most') until every page is fetched.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from search import Hit, Story

# How many results a page of the list holds (each fetched in one read).
PAGE_SIZE = 50


@dataclass(frozen=True)
class StoryMark:
    """An article's place in its story: the story's id, how many versions it has, and which
    this one is (0 is the newest)."""

    story: str
    versions: int
    rank: int


@dataclass(frozen=True)
class StoryRow:
    """One row of the grouped list: the hit shown and how many versions its story has."""

    hit: Hit
    versions: int = 1


def story_marks(stories: Sequence[Story]) -> dict[str, StoryMark]:
    """Each article of these stories, marked with its story."""
    return {
        article: StoryMark(story.id, len(story.articles), rank)
        for story in stories
        for rank, article in enumerate(story.articles)
    }


def group_page(hits: Sequence[Hit], marks: Mapping[str, StoryMark]) -> list[StoryRow]:
    """One row per story among these hits, at the place of its best-ranked hit, showing the
    newest of its versions that the page holds."""
    shown: dict[str, Hit] = {}
    order: list[str] = []
    for hit in hits:
        mark = marks.get(hit.id)
        key = mark.story if mark is not None else hit.id
        best = shown.get(key)
        if best is None:
            order.append(key)
            shown[key] = hit
        elif mark is not None and mark.rank < marks[best.id].rank:
            shown[key] = hit
    rows = []
    for key in order:
        hit = shown[key]
        mark = marks.get(hit.id)
        rows.append(StoryRow(hit, mark.versions if mark is not None else 1))
    return rows


class PageRows:
    """Where each row of a lazily fetched, per-page grouped list is: page lengths and starts."""

    def __init__(self, articles: int = 0, stories: int = -1) -> None:
        self.articles = articles
        # How many stories the results hold, when the search counted them (-1: not known).
        # Their versions then come side by side, so a page not fetched yet is taken to
        # hold its share of the stories rather than one row per article.
        self.stories = stories
        self.lengths: list[int] = []
        self.fetched: set[int] = set()
        self._starts: list[int] = [0]
        self.resize(articles)

    def resize(self, articles: int) -> None:
        """The result set has this many articles (a page not fetched counts one row each)."""
        self.articles = articles
        pages = -(-articles // PAGE_SIZE)
        lengths = [self._expected(min(PAGE_SIZE, articles - p * PAGE_SIZE)) for p in range(pages)]
        for p in self.fetched:
            if p < pages:
                lengths[p] = self.lengths[p] if p < len(self.lengths) else lengths[p]
        self.lengths = lengths
        self._restart()

    def _expected(self, articles: int) -> int:
        """The rows a page of this many articles is taken to have until it is fetched."""
        if self.stories < 0 or not self.articles:
            return articles
        return max(1, min(articles, -(-articles * self.stories // self.articles)))

    def set_page(self, page: int, rows: int) -> None:
        """A page was fetched and grouped into this many rows."""
        if page >= len(self.lengths):
            self.lengths.extend([0] * (page + 1 - len(self.lengths)))
        self.lengths[page] = rows
        self.fetched.add(page)
        self._restart()

    def _restart(self) -> None:
        starts = [0]
        for n in self.lengths:
            starts.append(starts[-1] + n)
        self._starts = starts

    @property
    def rows(self) -> int:
        """How many rows the list has."""
        return self._starts[-1]

    @property
    def exact(self) -> bool:
        """Every page is fetched, so the row count is the story count, not an upper bound."""
        return all(p in self.fetched for p in range(len(self.lengths)))

    def locate(self, row: int) -> tuple[int, int]:
        """The page a row is on and its place in that page."""
        page = bisect_right(self._starts, row) - 1
        page = max(0, min(page, len(self.lengths) - 1)) if self.lengths else 0
        return page, row - self._starts[page]

    def start(self, page: int) -> int:
        """The first row of a page."""
        return self._starts[min(page, len(self._starts) - 1)]
