"""The article list: a virtual list that renders visible rows only and fetches pages lazily."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from search import Hit

ROW_HEIGHT = 2
PAGE_SIZE = 50

PageFetcher = Callable[[str, int, int], None]


class ArticleList(ScrollView, can_focus=True):
    """Search results, two lines a row: title and date, then the snippet with matches marked."""

    DEFAULT_CSS = """
    ArticleList { background: $surface; overflow-x: hidden; }
    ArticleList > .article-list--cursor { background: $block-cursor-background; }
    ArticleList:focus > .article-list--cursor { background: $block-cursor-background; text-style: bold; }
    ArticleList > .article-list--date { color: $text-muted; }
    ArticleList > .article-list--snippet { color: $text-muted; }
    ArticleList > .article-list--match { background: $warning 40%; text-style: bold; }
    ArticleList > .article-list--bookmark { color: $accent; }
    """
    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--date",
        "article-list--snippet",
        "article-list--match",
        "article-list--bookmark",
    }
    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("enter", "open", "Read", id="list.open"),
    ]

    # No automatic repaint: watch_cursor repaints only the two rows that change.
    cursor: reactive[int] = reactive(0, repaint=False)

    @dataclass
    class Highlighted(Message):
        """The highlighted row changed (coalesced while scrolling fast)."""

        article_id: str

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleList.Highlighted)

    @dataclass
    class Chosen(Message):
        """Enter on a row: read it."""

        article_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.query_text = ""
        self.total = 0
        self.pages: dict[int, list[Hit]] = {}
        self.pending: set[int] = set()
        self.fetch: PageFetcher | None = None
        # Shows the highlighted article, called within the keypress; without it the list
        # posts Highlighted (coalesced) instead.
        self.preview: Callable[[str], None] | None = None
        self.bookmarked: set[str] = set()
        self.generation = 0
        self._strips: dict[tuple, Strip] = {}

    # -- data ----------------------------------------------------------------------

    def show_results(self, query: str, total: int, first_page: list[Hit], generation: int) -> None:
        """Replace the list with a new result set; further pages are fetched on demand."""
        self.generation = generation
        self.query_text = query
        self.total = max(total, len(first_page))
        self.pages = {0: list(first_page)} if first_page else {}
        self._strips.clear()
        self.pending = set()
        self.virtual_size = Size(self.size.width, self.total * ROW_HEIGHT)
        self.cursor = 0
        self.scroll_to(y=0, animate=False)
        self.refresh()
        self._announce()

    def set_total(self, total: int, generation: int) -> None:
        if generation != self.generation:
            return
        self.total = total
        self.virtual_size = Size(self.size.width, self.total * ROW_HEIGHT)
        self.refresh()

    def add_page(self, page: int, hits: list[Hit], generation: int) -> None:
        if generation != self.generation:
            return
        self.pending.discard(page)
        self.pages[page] = list(hits)
        self.refresh()
        if page == self.cursor // PAGE_SIZE:
            self._announce()

    def hit_at(self, index: int) -> Hit | None:
        page = self.pages.get(index // PAGE_SIZE)
        if page is None:
            if 0 <= index < self.total:
                self._request(index // PAGE_SIZE)
            return None
        offset = index % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    @property
    def current(self) -> Hit | None:
        return self.hit_at(self.cursor) if self.total else None

    def _request(self, page: int) -> None:
        if page in self.pending or self.fetch is None:
            return
        self.pending.add(page)
        self.fetch(self.query_text, page * PAGE_SIZE, self.generation)

    # -- rendering -----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_y = int(self.scroll_offset.y)
        absolute = y + scroll_y
        index, part = divmod(absolute, ROW_HEIGHT)
        width = self.scrollable_content_region.width
        if index >= self.total:
            return Strip.blank(width, self.rich_style)
        hit = self.hit_at(index)
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
        strip = self._render_row(hit, part, width, selected, self.rich_style)
        if hit is not None:
            if len(self._strips) > 4000:
                self._strips.clear()
            self._strips[key] = strip
        return strip

    def _render_row(self, hit: Hit | None, part: int, width: int, selected: bool, base: Style) -> Strip:
        cursor_style = self.get_component_rich_style("article-list--cursor") if selected else Style()
        if hit is None:
            text = Text("  …" if part == 0 else "", style=self.get_component_rich_style("article-list--snippet"))
        elif part == 0:
            text = self._title_line(hit, width)
        else:
            text = self._snippet_line(hit)
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [
            Segment(s.text, base + s.style + cursor_style if s.style else base + cursor_style)
            for s in text.render(self.app.console)
        ]
        return Strip(segments).crop(0, width).extend_cell_length(width, base + cursor_style)

    def _title_line(self, hit: Hit, width: int) -> Text:
        mark = "★ " if hit.id in self.bookmarked else "  "
        date = hit.date.isoformat() if hit.date else "undated"
        room = max(4, width - len(date) - 3)
        line = Text()
        line.append(mark, style=self.get_component_rich_style("article-list--bookmark"))
        title = Text(hit.title, style="bold")
        title.truncate(room - 2, overflow="ellipsis", pad=True)
        line.append_text(title)
        line.append(" " + date, style=self.get_component_rich_style("article-list--date"))
        return line

    def _snippet_line(self, hit: Hit) -> Text:
        snippet = Text()
        snippet.append("  " + hit.snippet, style=self.get_component_rich_style("article-list--snippet"))
        match_style = self.get_component_rich_style("article-list--match")
        for a, b in hit.snippet_spans:
            snippet.stylize(match_style, a + 2, b + 2)
        # Start the single line at the first match so it is visible.
        if hit.snippet_spans and hit.snippet_spans[0][0] > 40:
            first = hit.snippet_spans[0][0]
            space = hit.snippet.rfind(" ", 0, first - 12)
            cut = space + 1 if space > 0 else first - 20
            snippet = Text("  …") + snippet[cut + 2 :]
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

    def _announce(self) -> None:
        hit = self.current
        if hit is None:
            return
        if self.preview is not None:
            # Within the keypress: the reader's repaint joins these rows' in one screen update.
            self.preview(hit.id)
        else:
            self.post_message(self.Highlighted(hit.id))

    def _move(self, delta: int) -> None:
        if self.total:
            self.cursor = max(0, min(self.total - 1, self.cursor + delta))

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
        self._move(self.total)

    def action_open(self) -> None:
        hit = self.current
        if hit is not None:
            self.post_message(self.Chosen(hit.id))

    async def _on_click(self, event: events.Click) -> None:
        index = (event.y + int(self.scroll_offset.y)) // ROW_HEIGHT
        if 0 <= index < self.total:
            if index == self.cursor and event.chain > 1:
                self.action_open()
            self.cursor = index
