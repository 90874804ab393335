"""The reader: one article with query matches and entity mentions styled, and jumps between them."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from search import Mention

from ..messages import ArticleDateAsked, EntitySelected
from ..notify import tell
from ..views import ArticleView
from .reader_text import find_spans, reader_header, sentence_around, title_in_text, version_changes
from .wrap import wrap_offsets

KIND_STYLE = {"person": "bold underline", "org": "italic underline", "place": "underline"}
KIND_MARK = {"person": "@", "org": "#", "place": "^"}

# Zoomed, lines wrap at this many columns at most, centred: a comfortable line length.
ZOOM_MEASURE = 78


class Reader(ScrollView, can_focus=True):
    """Title, date, source, captions and body of the current article.

    Renders pre-wrapped lines (the line API), so showing another article or moving
    between matches repaints this pane only, never the layout of the screen.
    """

    DEFAULT_CSS = """
    Reader { overflow-x: hidden; overflow-y: scroll; }
    Reader > .reader--match { background: $warning 40%; }
    Reader > .reader--versions { color: $accent; text-style: bold; }
    Reader > .reader--added { color: $success; }
    Reader > .reader--dropped { color: $error; }
    Reader > .reader--current { background: $accent; color: $text; text-style: bold; }
    Reader > .reader--target { background: $success 30%; }
    """
    COMPONENT_CLASSES = {
        "reader--match",
        "reader--current",
        "reader--target",
        "reader--versions",
        "reader--added",
        "reader--dropped",
    }
    BINDINGS = [
        Binding("J", "step_article(1)", "Next article", id="reader.next_article", tooltip="read the next result"),
        Binding(
            "K",
            "step_article(-1)",
            "Prev article",
            id="reader.prev_article",
            show=False,
            tooltip="read the previous result",
        ),
        Binding("n", "next_match", "Next match", id="reader.next_match", tooltip="next query match (or found word)"),
        Binding(
            "N", "previous_match", "Prev match", id="reader.prev_match", show=False, tooltip="previous query match"
        ),
        Binding(
            "right_square_bracket", "next_mention", "Next name", id="reader.next_mention", tooltip="next named entity"
        ),
        Binding(
            "left_square_bracket",
            "previous_mention",
            "Prev name",
            id="reader.prev_mention",
            show=False,
            tooltip="previous named entity",
        ),
        Binding(
            "enter", "select_mention", "Select name", id="reader.select", tooltip="select the entity under the cursor"
        ),
        Binding("o", "open_url", "Open URL", id="reader.open_url", show=False, tooltip="open the article's URL"),
        Binding("y", "copy", "Copy cite", id="reader.copy", tooltip="copy the sentence with its citation"),
        Binding("f", "find", "Find", id="reader.find", tooltip="find words in the article (n and N walk them)"),
        Binding("escape", "clear_find", "Clear find", id="reader.clear_find", show=False, tooltip="stop finding"),
        Binding(
            "c",
            "set_date",
            "Change date",
            id="reader.set_date",
            show=False,
            tooltip="change or clear the article's date",
        ),
        Binding("down,j", "scroll_down", "Down", id="reader.down", show=False, tooltip="scroll down a line"),
        Binding("up,k", "scroll_up", "Up", id="reader.up", show=False, tooltip="scroll up a line"),
        Binding("pagedown,space", "page_down", "Page down", id="reader.page_down", show=False, tooltip="a page down"),
        Binding("pageup", "page_up", "Page up", id="reader.page_up", show=False, tooltip="a page up"),
        Binding("home,g", "scroll_home", "Top", id="reader.top", show=False, tooltip="top of the article"),
        Binding("end,G", "scroll_end", "Bottom", id="reader.bottom", show=False, tooltip="end of the article"),
    ]

    view: var[ArticleView | None] = var(None, always_update=True, init=False)
    """The article shown, with its matches and names; None shows no article."""
    place: var[tuple[int, int] | None] = var(None, init=False)
    """Where the article is in the results, as (1-based row, rows); None when it is not listed."""
    zoomed: var[bool] = var(False, init=False)
    """Read full-screen: lines wrap at ZOOM_MEASURE columns, centred."""
    find_text: var[str] = var("", init=False)
    """Words looked for with `f` ('' when not finding): n and N walk them instead of the query's."""

    @dataclass
    class StepArticle(Message):
        """Read the next (1) or previous (-1) result."""

        step: int

    @dataclass
    class FindAsked(Message):
        """The reader wants words to find (the screen asks for them)."""

        current: str

    @dataclass
    class Copied(Message):
        """The citation was copied to the clipboard."""

        text: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown_any = False
        self.match_index = -1
        self.mention_index = -1
        self._offsets: dict[str, int] = {}
        self._text = Text("Search, then pick an article to read it here.", style="dim")
        # Wrapped lines as (paragraph, start, end) offsets into the paragraph; a line's styled
        # Text is cut out of its paragraph only when it is first drawn.
        self._line_spans: list[tuple[int, int, int]] = []
        self._paragraphs: list[Text] | None = None
        self._paragraph_lines: dict[int, dict[int, Text]] = {}
        self._styled: set[int] | None = None
        self._line_starts: list[int] = []
        self._wrapped_width = -1
        self._strips: dict[int, Strip] = {}
        self._base_style: Style | None = None  # the pane's own style, worked out once
        self._margin = 0  # blank columns left of each line (zoomed)
        self._found: list[tuple[int, int]] = []

    @property
    def plain_text(self) -> str:
        """What the reader shows, as plain text."""
        return self._text.plain

    # -- content -------------------------------------------------------------------

    def on_mount(self) -> None:
        self.border_title = "Reader"

    def watch_view(self, view: ArticleView | None) -> None:
        """Show an article (None clears the reader, once one was shown)."""
        if view is None and not self._shown_any:
            return  # the first words stay until there is something to read
        self._shown_any = True
        self.match_index = -1
        self.mention_index = -1
        self._found = self._find_spans()
        self._render_view()
        if view is not None and view.focus_span is not None:
            start, _end, where = view.focus_span
            self._scroll_to_offset(self._offsets.get(where, 0) + start)
        else:
            self.scroll_to(y=0, animate=False)
        self._show_header()

    def watch_place(self) -> None:
        self._show_header()

    def watch_zoomed(self) -> None:
        self._wrapped_width = -1
        self._wrap()
        self.refresh()

    def watch_find_text(self) -> None:
        self.match_index = -1
        self._found = self._find_spans()
        if self.view is not None:
            self._render_view()
            if self._found:
                self.action_next_match()
        self._show_header()

    def _find_spans(self) -> list[tuple[int, int]]:
        return find_spans(self.view.article.body, self.find_text) if self.view is not None else []

    def _show_header(self) -> None:
        """'3 of 25 · Title…' above, '2 matches · 5 names' below: what is read and where it is."""
        self.border_title, self.border_subtitle = reader_header(self.view, self.place, self.find_text, self._found)

    def _render_view(self) -> None:
        if self.view is None:
            self._set_text(Text("No article.", style="dim"))
            return
        a = self.view.article
        text = Text()
        in_body = title_in_text(a.title, a.body)
        if in_body is None:
            text.append(a.title + "\n", style="bold")
        meta = " · ".join(x for x in (a.date.isoformat() if a.date else "undated", a.source, a.path) if x)
        text.append(meta + "\n", style="dim")
        note = self.view.versions
        if note is not None:
            text.append(
                f"Version {note.number} of {note.versions} of this story · "
                f"{len(note.diff.added)} sentences added, {len(note.diff.dropped)} dropped (see the end)\n",
                style=self.get_component_rich_style("reader--versions"),
            )
        self._offsets = {}
        for i, caption in enumerate(a.captions):
            text.append("Caption: ", style="dim italic")
            self._offsets[f"caption:{i}"] = len(text)
            text.append(caption + "\n", style="italic")
        text.append("\n")
        self._offsets["body"] = len(text)
        text.append(a.body)
        body = self._offsets["body"]
        if in_body is not None:  # the title is the first sentence: bold there, not said twice
            text.stylize("bold", body + in_body[0], body + in_body[1])
        if self.view.focus_span is not None:
            s, e, where = self.view.focus_span
            base = self._offsets.get(where, body)
            text.stylize(self.get_component_rich_style("reader--target"), base + s, base + e)
        current = self.get_component_rich_style("reader--current")
        for n, (_eid, m) in enumerate(self.view.mentions):
            offset = self._offsets.get(m.where)
            if offset is None:
                continue
            style = Style.parse(KIND_STYLE.get(m.kind, "underline"))
            text.stylize(style + current if n == self.mention_index else style, offset + m.start, offset + m.end)
        match = self.get_component_rich_style("reader--match")
        for n, (s, e) in enumerate(self._walked()):
            text.stylize(current if n == self.match_index else match, body + s, body + e)
        if note is not None:
            styles = (self.get_component_rich_style(f"reader--{k}") for k in ("versions", "added", "dropped"))
            text.append_text(version_changes(note, *styles))
        self._set_text(text)

    def _set_text(self, text: Text) -> None:
        self._text = text
        self._paragraphs = None
        self._paragraph_lines = {}
        self._wrapped_width = -1
        self._wrap()
        self.refresh()

    def _wrap(self) -> None:
        """Wrap the text to the pane, remembering where each line starts in the text."""
        region = max(10, self.scrollable_content_region.width or 60)
        width = min(region, ZOOM_MEASURE) if self.zoomed else region
        margin = (region - width) // 2
        if margin != self._margin:
            self._margin = margin
            self._strips.clear()
        if width == self._wrapped_width:
            return
        spans: list[tuple[int, int, int]] = []
        starts: list[int] = []
        offset = 0
        for n, plain in enumerate(self._text.plain.split("\n")):
            cuts = wrap_offsets(plain, width) if plain else []
            bounds = [0, *cuts, len(plain)]
            for a, b in pairwise(bounds):
                spans.append((n, a, b))
                starts.append(offset + a)
            offset += len(plain) + 1
        self._line_spans, self._line_starts = spans, starts
        self._wrapped_width = width
        self._strips.clear()
        self._paragraph_lines = {}
        self._styled = None
        size = Size(width, len(spans))
        if self.is_mounted:
            # The vertical scrollbar is always shown (CSS), so a new length changes no layout:
            # set it quietly and update the scrollbar alone, instead of re-laying out the screen.
            if size != self.virtual_size:
                self.set_reactive(Reader.virtual_size, size)
                scrollbar = self.vertical_scrollbar
                scrollbar.window_virtual_size = size.height
                scrollbar.refresh()
        else:
            self.virtual_size = size

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None
        self._strips.clear()
        if self.view is not None:  # a theme change: restyle matches and names
            self._render_view()

    def on_resize(self) -> None:
        self._wrap()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        index = y + int(self.scroll_offset.y)
        region = self.scrollable_content_region.width
        if not 0 <= index < len(self._line_spans):
            return Strip.blank(region, self.rich_style)
        margin = self._margin
        width = region - 2 * margin if margin else region
        strip = self._strips.get(index)
        if strip is None:
            if self._base_style is None:
                self._base_style = self.rich_style
            if index in self._styled_lines():
                line = self._line_text(index)
                if len(line) > width:
                    line = line.copy()
                    line.rstrip_end(width)
                segments = list(line.render(self.app.console))
            else:
                # No style touches this line: the one segment rich would make, without
                # building a Text for it.
                start = self._line_starts[index]
                _n, a, b = self._line_spans[index]
                plain = self._text.plain[start : start + b - a]
                if len(plain) > width:  # Text.rstrip_end(): trailing spaces beyond the width
                    trailing = len(plain) - len(plain.rstrip())
                    plain = plain[: len(plain) - min(trailing, len(plain) - width)]
                segments = [Segment(plain)]
            strip = Strip(segments)
            strip = strip.crop(0, width).extend_cell_length(width)
            if margin:
                strip = Strip.join([Strip.blank(margin), strip]).extend_cell_length(region)
            strip = strip.apply_style(self._base_style)
            if len(self._strips) > 2000:
                self._strips.clear()
            self._strips[index] = strip
        return strip

    def _line_text(self, index: int) -> Text:
        """The styled text of one wrapped line; its paragraph is cut into lines in one pass."""
        paragraphs = self._paragraphs
        if paragraphs is None:
            paragraphs = self._paragraphs = list(self._text.split("\n", allow_blank=True))
            self._paragraph_lines = {}
        n, start, end = self._line_spans[index]
        lines = self._paragraph_lines.get(n)
        if lines is None:
            first = self.line_of(self._line_starts[index] - start)  # the paragraph's first line
            cuts = []
            for k in range(first, len(self._line_spans)):
                para, a, b = self._line_spans[k]
                if para != n:
                    break
                cuts.append(b)
            pieces = list(paragraphs[n].divide(cuts[:-1])) if cuts[-1] > 0 else [Text()]
            self._paragraph_lines[n] = lines = {first + i: t for i, t in enumerate(pieces)}
        return lines[index]

    def _styled_lines(self) -> set[int]:
        """Wrapped lines that any style span touches (or comes within a character of)."""
        if self._styled is None:
            marked: set[int] = set()
            for span in self._text.spans:
                marked.update(range(self.line_of(max(0, span.start - 1)), self.line_of(span.end) + 1))
            self._styled = marked
        return self._styled

    def line_of(self, offset: int) -> int:
        """The wrapped line holding a character offset of the text."""
        return max(0, bisect_right(self._line_starts, offset) - 1)

    def _scroll_to_offset(self, offset: int) -> None:
        self._wrap()
        row = self.line_of(offset)
        self.scroll_to(y=max(0, row - 2), animate=False)

    # -- jumps ---------------------------------------------------------------------

    def _jump(self, items: list[tuple[int, int, str]], attr: str, step: int) -> None:
        if not items:
            self.app.bell()
            return
        index = (getattr(self, attr) + step) % len(items)
        setattr(self, attr, index)
        self._render_view()
        s, _e, where = items[index]
        self._scroll_to_offset(self._offsets.get(where, 0) + s)

    def _walked(self) -> list[tuple[int, int]]:
        """What n and N walk: the found words while finding, else the query's matches."""
        if self.find_text:
            return self._found
        return list(self.view.matches) if self.view else []

    def _match_items(self) -> list[tuple[int, int, str]]:
        return [(s, e, "body") for s, e in self._walked()]

    def show_first_match(self) -> None:
        """Go to the first match (Enter on a result opens the article there)."""
        if self._walked():
            self.match_index = -1
            self.action_next_match()

    def _mention_items(self) -> list[tuple[int, int, str]]:
        return [(m.start, m.end, m.where) for _e, m in self.view.mentions] if self.view else []

    def action_next_match(self) -> None:
        self._jump(self._match_items(), "match_index", 1)

    def action_previous_match(self) -> None:
        self._jump(self._match_items(), "match_index", -1)

    def action_next_mention(self) -> None:
        self._jump(self._mention_items(), "mention_index", 1)

    def action_previous_mention(self) -> None:
        self._jump(self._mention_items(), "mention_index", -1)

    @property
    def current_mention(self) -> tuple[str, Mention] | None:
        if self.view and 0 <= self.mention_index < len(self.view.mentions):
            return self.view.mentions[self.mention_index]
        return None

    def action_select_mention(self) -> None:
        current = self.current_mention
        if current is None:
            tell(self, "Move to a name with ] or [ first", severity="warning")
            return
        self.post_message(EntitySelected(current[0]))

    def action_step_article(self, step: int) -> None:
        self.post_message(self.StepArticle(step))

    def action_find(self) -> None:
        self.post_message(self.FindAsked(self.find_text))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Escape stops finding when words are found; otherwise it goes on to the screen.
        if action == "clear_find":
            return bool(self.find_text)
        return True

    def action_clear_find(self) -> None:
        self.find_text = ""

    def action_set_date(self) -> None:
        if self.view is None:
            tell(self, "Open an article first", severity="warning")
            return
        a = self.view.article
        self.post_message(ArticleDateAsked(a.id, a.date))

    def action_open_url(self) -> None:
        if self.view and self.view.article.url:
            self.app.open_url(self.view.article.url)
        else:
            tell(self, "This article has no URL", severity="warning")

    def citation_text(self) -> str:
        """The sentence at the current mention, match or event, with title, source and date."""
        if self.view is None:
            return ""
        a = self.view.article
        span = None
        if self.view.focus_span is not None:
            span = self.view.focus_span
        elif self.current_mention is not None:
            m = self.current_mention[1]
            span = (m.start, m.end, m.where)
        elif 0 <= self.match_index < len(self._walked()):
            s, e = self._walked()[self.match_index]
            span = (s, e, "body")
        source_text = a.body
        if span and span[2].startswith("caption:"):
            source_text = a.captions[int(span[2].split(":")[1])]
        quote = sentence_around(source_text, span[0], span[1]) if span else a.title
        cite = ", ".join(x for x in (a.title, a.source, a.date.isoformat() if a.date else "undated") if x)
        return f"“{quote}” ({cite})"

    def action_copy(self) -> None:
        text = self.citation_text()
        if text:
            self.app.copy_to_clipboard(text)
            tell(self, "Copied: " + text, title="Clipboard")
            self.post_message(self.Copied(text))
