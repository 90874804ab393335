"""The article list: a virtual list that renders visible rows only and fetches pages lazily."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive, var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from search import Hit, SearchPage

from ..session import PAGE_SIZE
from ..state import counted
from ..story_rows import PageRows, StoryMark, StoryRow, group_page
from .reader_text import title_in_text

ROW_HEIGHT = 2


def after_title(title: str, snippet: str) -> str:
    """The snippet less the title it opens with (a title made from the first sentence)."""
    found = title_in_text(title, snippet)
    if found is None:
        return snippet
    rest = snippet[found[1] :].lstrip(".…:;,—- ")
    return rest or snippet


class PageSource(Protocol):
    """Where the list gets later pages of a result set (called from a worker thread)."""

    def page(self, query: str, sort: str, offset: int) -> Sequence[Hit]: ...

    def story_marks(self, article_ids: Sequence[str]) -> dict[str, StoryMark]: ...


class ArticleList(ScrollView, can_focus=True):
    """Search results, two lines a row: title and date, then the snippet with matches marked.

    By default one row per story (its newest version, marked "N versions"), grouped page by
    page as pages arrive (see tui.story_rows); show_versions lists every article instead.
    """

    DEFAULT_CSS = """
    ArticleList { background: $surface; overflow-x: hidden; }
    ArticleList > .article-list--cursor { background: $block-cursor-background; }
    ArticleList:focus > .article-list--cursor { background: $block-cursor-background; text-style: bold; }
    ArticleList > .article-list--date { color: $text-muted; }
    ArticleList > .article-list--snippet { color: $text-muted; }
    ArticleList > .article-list--match { background: $warning 40%; text-style: bold; }
    ArticleList > .article-list--bookmark { color: $accent; }
    ArticleList > .article-list--versions { color: $accent; text-style: italic; }
    """
    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--date",
        "article-list--snippet",
        "article-list--match",
        "article-list--bookmark",
        "article-list--versions",
    }
    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", id="list.down", show=False, tooltip="next article"),
        Binding("up,k", "cursor_up", "Up", id="list.up", show=False, tooltip="previous article"),
        Binding("pagedown", "page_down", "Page down", id="list.page_down", show=False, tooltip="a page down"),
        Binding("pageup", "page_up", "Page up", id="list.page_up", show=False, tooltip="a page up"),
        Binding("home,g", "first", "First", id="list.first", show=False, tooltip="first article"),
        Binding("end,G", "last", "Last", id="list.last", show=False, tooltip="last article"),
        Binding("enter", "open", "Read", id="list.open", tooltip="read the article"),
    ]

    # No automatic repaint: watch_cursor repaints only the two rows that change.
    cursor: reactive[int] = reactive(0, repaint=False)
    results: var[SearchPage | None] = var(None, always_update=True, init=False)
    """The first page of the result set shown; None before the first search."""
    result_total: var[int | None] = var(None, init=False)
    """How many results there are; None while they are still being counted."""
    problem: var[str] = var("", init=False)
    """Why the query gave no result set ('' when it was understood)."""
    bookmarked: var[frozenset[str]] = var(frozenset(), init=False)
    """Ids of the bookmarked articles, starred in the list."""
    result_marks: var[Mapping[str, StoryMark]] = var({}, init=False)
    """The stories of the first page's articles; set before `results`."""
    show_versions: var[bool] = var(False, init=False)
    """One row per article (every version) instead of one per story."""

    @dataclass
    class Chosen(Message):
        """Enter on a row: read it."""

        article_id: str

    @dataclass
    class StoriesCounted(Message):
        """How many story rows the results have: exact once every page is fetched, else at most."""

        stories: int
        exact: bool

    @dataclass
    class _PageFetched(Message):
        generation: int
        page: int
        hits: tuple[Hit, ...]
        marks: Mapping[str, StoryMark]

    def __init__(
        self,
        pages: PageSource | None = None,
        preview: Callable[[str], None] | None = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.row_count = 0
        self.pages: dict[int, list[Hit]] = {}
        # The same pages grouped one row per story, and where each page's rows start.
        self.story_pages: dict[int, list[StoryRow]] = {}
        self.story_rows = PageRows()
        self.article_count = 0
        self.story_total = -1
        self._count_label = ""
        self.marks: dict[str, StoryMark] = {}
        self.pending: set[int] = set()
        self.source = pages
        # Shows the highlighted article, called within the keypress, so the reader's repaint
        # joins these rows' in one screen update.
        self.preview = preview
        self.generation = 0
        self._strips: dict[tuple, Strip] = {}
        self._quiet = False  # moving the cursor to follow the reader: no preview

    # -- data ----------------------------------------------------------------------

    def watch_results(self, page: SearchPage | None) -> None:
        """A new result set: the first page now, further pages fetched when scrolled to."""
        first_page = list(page.hits) if page is not None else []
        known = page.total if page is not None and page.total >= 0 else None  # counted on the way
        self.generation += 1
        self.article_count = max(known, len(first_page)) if known is not None else len(first_page)
        self.pages = {0: first_page} if first_page else {}
        self.story_pages = {}
        self.marks = {}
        # Counted by the search itself (its versions side by side), else -1.
        self.story_total = page.stories if page is not None else -1
        self.story_rows = PageRows(self.article_count, self.story_total)
        if first_page:
            self._group(0, first_page, self.result_marks)
        self._strips.clear()
        self.pending = set()
        self._relayout()
        self.cursor = 0
        self.scroll_to(y=0, animate=False)
        self.refresh()
        if page is None:
            self.border_title = "Articles"
            return
        counting = known is None and len(first_page) >= PAGE_SIZE
        self._set_title(f"{self.article_count}+" if counting else str(self.article_count))
        self._announce()

    def watch_result_total(self, total: int | None) -> None:
        if total is None:
            return
        self._set_title(str(total))
        if total == self.article_count:
            return  # counted with the first page: the list already has its length
        self.article_count = total
        self.story_rows.resize(total)
        self._relayout()
        self._count_stories()

    def watch_show_versions(self) -> None:
        """Switch between one row per story and one per article, keeping the article highlighted."""
        current = self.current
        self._strips.clear()
        self._relayout()
        if self._count_label:
            self._set_title()
        row = self.row_of(current.id) if current is not None else None
        self.cursor = row if row is not None else 0
        self.refresh()

    def _relayout(self) -> None:
        self.row_count = self.article_count if self.show_versions else self.story_rows.rows
        self.virtual_size = Size(self.size.width, self.row_count * ROW_HEIGHT)
        self.refresh()

    def _group(self, page: int, hits: Sequence[Hit], marks: Mapping[str, StoryMark]) -> None:
        self.marks.update(marks)
        rows = group_page(hits, marks)
        self.story_pages[page] = rows
        self.story_rows.set_page(page, len(rows))
        self._count_stories()

    def _count_stories(self) -> None:
        if self._count_label:
            self._set_title()
        self.post_message(self.StoriesCounted(*self._story_count()))

    def _story_count(self) -> tuple[int, bool]:
        """How many stories the results hold, and whether that is exact (not an upper bound)."""
        if self.story_total >= 0:
            return self.story_total, True
        return self.story_rows.rows, self.story_rows.exact

    def row_of(self, article_id: str, page: int | None = None) -> int | None:
        """The row showing an article (grouped: its story's row), among the fetched pages (or on one)."""
        mark = self.marks.get(article_id)
        story = mark.story if mark is not None else article_id
        pages = sorted(self.pages.items()) if page is None else [(page, self.pages.get(page, []))]
        for number, hits in pages:
            if self.show_versions:
                ids = [h.id for h in hits]
                if article_id in ids:
                    return number * PAGE_SIZE + ids.index(article_id)
                continue
            for n, row in enumerate(self.story_pages.get(number, [])):
                shown = self.marks.get(row.hit.id)
                if (shown.story if shown is not None else row.hit.id) == story:
                    return self.story_rows.start(number) + n
        return None

    def watch_bookmarked(self) -> None:
        self._strips.clear()
        self.refresh()

    def _set_title(self, count: str | None = None) -> None:
        """'Articles (5 · 4 stories)' grouped, 'Articles (5)' with every version listed."""
        self._count_label = count if count is not None else self._count_label
        if self.problem:
            self.border_title = "Articles (query not understood)"
            return
        how_many, exact = self._story_count()
        stories = (
            ""
            if self.show_versions or not how_many
            else f" · {'≤' if not exact else ''}{counted(how_many, 'story', 'stories')}"
        )
        self.border_title = f"Articles ({self._count_label}{stories})"

    @on(_PageFetched)
    def _add_page(self, event: _PageFetched) -> None:
        event.stop()
        if event.generation != self.generation:
            return
        # Grouping a page changes how many rows it has: the highlighted article keeps the cursor.
        before = self.hit_at(self.cursor)
        current = self._place(self.cursor)[0]
        self.pending.discard(event.page)
        self.pages[event.page] = list(event.hits)
        self._group(event.page, event.hits, event.marks)
        self._strips.clear()
        self._relayout()
        row = self.row_of(before.id, current) if before is not None else None
        if row is not None and row != self.cursor:
            self.cursor = row
        elif self.row_count and self.cursor >= self.row_count:
            self.cursor = self.row_count - 1
        elif event.page == current:
            self._announce()

    def _place(self, index: int) -> tuple[int, int]:
        """The page a row is on and its place in that page."""
        return divmod(index, PAGE_SIZE) if self.show_versions else self.story_rows.locate(index)

    def row_at(self, index: int) -> StoryRow | None:
        """The row at an index (a hit and its story's versions), or None while its page is fetched."""
        if not 0 <= index < self.row_count:
            return None
        page, offset = self._place(index)
        hits = self.pages.get(page)
        if hits is None:
            self._request(page)
            return None
        if self.show_versions:
            return StoryRow(hits[offset]) if offset < len(hits) else None
        rows = self.story_pages.get(page, [])
        return rows[offset] if offset < len(rows) else None

    def hit_at(self, index: int) -> Hit | None:
        """The hit at a row, or None while its page is being fetched."""
        row = self.row_at(index)
        return row.hit if row is not None else None

    @property
    def total(self) -> int:
        """How many rows the list has (the first page's length until the total is counted)."""
        return self.row_count

    @property
    def current(self) -> Hit | None:
        """The highlighted hit."""
        return self.hit_at(self.cursor) if self.row_count else None

    def loaded_hits(self) -> list[Hit]:
        """Every hit fetched so far, in order."""
        return [h for p in sorted(self.pages) for h in self.pages[p]]

    def bookmark_item(self) -> tuple[str, str, str] | None:
        """The highlighted article as (kind, id, label), for a bookmark."""
        hit = self.current
        return ("article", hit.id, hit.title) if hit else None

    def _request(self, page: int) -> None:
        results = self.results
        if page in self.pending or self.source is None or results is None:
            return
        self.pending.add(page)
        self._fetch_page(self.source, results.query, results.sort, page, self.generation)

    @work(thread=True, group="pages", exit_on_error=False)
    def _fetch_page(self, source: PageSource, query: str, sort: str, page: int, generation: int) -> None:
        hits = source.page(query, sort, page * PAGE_SIZE)
        marks = source.story_marks([h.id for h in hits])
        self.post_message(self._PageFetched(generation, page, tuple(hits), marks))

    # -- rendering -----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_y = int(self.scroll_offset.y)
        absolute = y + scroll_y
        index, part = divmod(absolute, ROW_HEIGHT)
        width = self.scrollable_content_region.width
        if index >= self.row_count:
            return Strip.blank(width, self.rich_style)
        row = self.row_at(index)
        hit = row.hit if row is not None else None
        selected = index == self.cursor
        key = (
            index,
            part,
            selected,
            width,
            hit is not None and hit.id in self.bookmarked,
            hit is None,
            self.has_focus,
            self.app.theme,
        )
        cached = self._strips.get(key)
        if cached is not None:
            return cached
        strip = self._render_row(row, part, width, selected, self.rich_style)
        if hit is not None:
            if len(self._strips) > 4000:
                self._strips.clear()
            self._strips[key] = strip
        return strip

    def _render_row(self, row: StoryRow | None, part: int, width: int, selected: bool, base: Style) -> Strip:
        cursor_style = self.get_component_rich_style("article-list--cursor") if selected else Style()
        if row is None:
            text = Text("  …" if part == 0 else "", style=self.get_component_rich_style("article-list--snippet"))
        elif part == 0:
            text = self._title_line(row, width)
        else:
            text = self._snippet_line(row)
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [
            Segment(s.text, base + s.style + cursor_style if s.style else base + cursor_style)
            for s in text.render(self.app.console)
        ]
        return Strip(segments).crop(0, width).extend_cell_length(width, base + cursor_style)

    def _title_line(self, row: StoryRow, width: int) -> Text:
        """The bookmark star and the title: the title gets the row."""
        hit = row.hit
        mark = "★ " if hit.id in self.bookmarked else "  "
        line = Text()
        line.append(mark, style=self.get_component_rich_style("article-list--bookmark"))
        line.append(" ".join(hit.title.split()), style="bold")
        return line

    def _snippet_line(self, row: StoryRow) -> Text:
        """The date (none when undated) and "N versions", then the snippet with its matches; never the title again."""
        hit = row.hit
        snippet = Text()
        snippet.append("  ")
        if hit.date is not None:
            snippet.append(hit.date.isoformat() + " ", style=self.get_component_rich_style("article-list--date"))
        if row.versions > 1:
            snippet.append(f"{row.versions} versions ", style=self.get_component_rich_style("article-list--versions"))
        lead = len(snippet)
        text, spans = hit.snippet, hit.snippet_spans
        if not spans:
            text = after_title(hit.title, text)
        snippet.append(text, style=self.get_component_rich_style("article-list--snippet"))
        match_style = self.get_component_rich_style("article-list--match")
        for a, b in spans:
            snippet.stylize(match_style, a + lead, b + lead)
        # Start the single line at the first match so it is visible.
        if spans and spans[0][0] > 40:
            first = spans[0][0]
            space = text.rfind(" ", 0, first - 12)
            cut = space + 1 if space > 0 else first - 20
            snippet = snippet[:lead] + Text("…") + snippet[cut + lead :]
        return snippet

    # -- movement ------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        top = new * ROW_HEIGHT
        visible = self.scrollable_content_region.height
        if top < self.scroll_offset.y:
            self.scroll_to(y=top, animate=False)
        elif top + ROW_HEIGHT > self.scroll_offset.y + visible:
            self.scroll_to(y=top + ROW_HEIGHT - visible, animate=False)
        # Only the rows losing and gaining the cursor change; a scroll repaints the rest.
        self.refresh_lines(old * ROW_HEIGHT, ROW_HEIGHT)
        self.refresh_lines(top, ROW_HEIGHT)
        if old != new:
            self._announce()

    def follow(self, article_id: str, fallback_row: int | None = None) -> None:
        """Highlight the row of an article opened elsewhere (or a fallback row), without previewing it."""
        row = self.row_of(article_id) if article_id else None
        if row is None and fallback_row is not None and 0 <= fallback_row < self.row_count:
            row = fallback_row
        if row is None or row == self.cursor:
            return
        self._quiet = True
        try:
            self.cursor = row
        finally:
            self._quiet = False

    def _announce(self) -> None:
        hit = self.current
        if hit is not None and self.preview is not None and not self._quiet:
            self.preview(hit.id)

    def _move(self, delta: int) -> None:
        if self.row_count:
            self.cursor = max(0, min(self.row_count - 1, self.cursor + delta))

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_page_down(self) -> None:
        self._move(max(1, self.scrollable_content_region.height // ROW_HEIGHT))

    def action_page_up(self) -> None:
        self._move(-max(1, self.scrollable_content_region.height // ROW_HEIGHT))

    def action_first(self) -> None:
        self._move(-self.cursor)

    def action_last(self) -> None:
        self._move(self.row_count)

    def action_open(self) -> None:
        hit = self.current
        if hit is not None:
            self.post_message(self.Chosen(hit.id))

    async def _on_click(self, event: events.Click) -> None:
        index = (event.y + int(self.scroll_offset.y)) // ROW_HEIGHT
        if 0 <= index < self.row_count:
            if index == self.cursor and event.chain > 1:
                self.action_open()
            self.cursor = index
