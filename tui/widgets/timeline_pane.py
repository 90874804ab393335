"""The timeline pane: events in date order under an articles-per-month chart, read a page at a time.

The pane is handed the first page of a timeline with every group's count, lists that page
under its group headings, and asks for the next page (MoreWanted) as the cursor or the
scroll nears the end of what it holds, so a timeline of any length opens at once.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from search import Conflict, CorpusStats, Event, TimelineGroup, TimelinePage

from ..messages import EventSelected
from ..state import counted
from .vim_option_list import VimOptionList

SPARK = " ▁▂▃▄▅▆▇█"
EMPTY_MONTH = "·"
# Rows left below the cursor (or the view) when the next page is asked for.
FETCH_AHEAD = 20
WHEN_WIDTH = 17
# An event's text is cut at a word to about this many characters.
TEXT_LIMIT = 300
_UNRESOLVED = "unresolved:"


class TimelinePane(Vertical):
    """Events in date order, grouped by month (or year), headed by an articles-per-month chart."""

    @dataclass
    class MoreWanted(Message):
        """The pane has shown most of what it holds: the page of events from `offset`, please."""

        entity: str
        offset: int

    @dataclass
    class UnresolvedWanted(Message):
        """The summary row of unplaced expressions was chosen: list those of `reason`."""

        entity: str
        reason: str

    timeline: var[TimelinePage | None] = var(None, init=False)
    """The first page of the events shown (None until the corpus is linked)."""
    more: var[TimelinePage | None] = var(None, init=False)
    """A further page of the same timeline, appended when it follows what is shown."""
    label: var[str] = var("", init=False)
    """Whose events these are ('' for the whole corpus); set before the timeline."""
    stats: var[CorpusStats | None] = var(None, init=False)
    """The corpus's counts, for the articles-per-month chart."""
    months: var[tuple[tuple[str, int], ...] | None] = var(None, init=False)
    """The selected entity's articles per month (None: chart the corpus's)."""
    conflicts: var[dict[str, tuple[Conflict, ...]]] = var({}, init=False)
    """The events whose reports differ, by event id; set before the timeline."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.events_by_id: dict[str, Event] = {}
        self._group_starts: dict[int, TimelineGroup] = {}
        self._loaded = 0  # events of the timeline listed so far
        self._asked = -1  # the offset last asked for, so a page is asked for once
        self._flagged: set[str] = set()  # events shown with "reports differ"
        self._rows_width = 0  # the width the listed rows are wrapped to

    def compose(self):
        yield Static(id="timeline-chart")
        yield VimOptionList(id="event-list")

    def on_mount(self) -> None:
        self.border_title = "Timeline"

    def focus(self, scroll_visible: bool = True) -> TimelinePane:
        """Focus the list of events (the pane itself takes no focus)."""
        self.remove_class("hidden")
        self.query_one("#event-list").focus(scroll_visible)
        return self

    def bookmark_item(self) -> tuple[str, str, str] | None:
        """The highlighted event as (kind, id, label), for a bookmark."""
        option = self.query_one("#event-list", OptionList).highlighted_option
        ev = self.events_by_id.get(option.id or "") if option else None
        return ("event", ev.id, f"{ev.start.isoformat()} {' '.join(ev.text.split())[:60]}") if ev else None

    @property
    def loaded(self) -> int:
        """How many events of the timeline are listed (the rest come as the list scrolls)."""
        return self._loaded

    def watch_conflicts(self, conflicts: dict[str, tuple[Conflict, ...]]) -> None:
        """Flag the listed events whose reports differ (conflicts are known after the first screen)."""
        lst = self.query_one("#event-list", OptionList)
        changed = self._flagged ^ set(conflicts)
        self._flagged = set(conflicts)
        for event_id in changed:
            e = self.events_by_id.get(event_id)
            if e is not None:
                with contextlib.suppress(OptionDoesNotExist):
                    lst.replace_option_prompt(event_id, self._event_prompt(e))

    def watch_stats(self, stats: CorpusStats | None) -> None:
        if stats is not None and self.months is None:
            self._show_chart(stats.per_month)

    def watch_months(self, months: tuple[tuple[str, int], ...] | None) -> None:
        if months is not None:
            self._show_chart(months)
        elif self.stats is not None:
            self._show_chart(self.stats.per_month)

    def on_resize(self, event: events.Resize) -> None:
        if self.timeline is not None and self._text_width() != self._rows_width:
            self._rewrap()
        per_month = self.months if self.months is not None else self.stats.per_month if self.stats else None
        if per_month is not None:
            self._show_chart(per_month)

    def watch_timeline(self, page: TimelinePage | None) -> None:
        if page is not None:
            self._show_first_page(page, self.label)

    def watch_more(self, page: TimelinePage | None) -> None:
        current = self.timeline
        if page is None or current is None or page.entity != current.entity or page.offset != self._loaded:
            return  # a page of a timeline no longer shown, or one already listed
        lst = self.query_one("#event-list", OptionList)
        lst.add_options(self._event_options(page))
        self._loaded = page.end

    def _show_chart(self, per_month: tuple[tuple[str, int], ...]) -> None:
        chart = self.query_one("#timeline-chart", Static)
        chart.update(month_chart(per_month, max(20, self.size.width - 4)))

    def _rewrap(self) -> None:
        """Wrap the listed rows again to the list's width (after a resize)."""
        self._rows_width = self._text_width()
        lst = self.query_one("#event-list", OptionList)
        for event_id, e in self.events_by_id.items():
            with contextlib.suppress(OptionDoesNotExist):
                lst.replace_option_prompt(event_id, self._event_prompt(e))

    def _show_first_page(self, page: TimelinePage, label: str) -> None:
        self.events_by_id = {}
        self._rows_width = self._text_width()
        self._group_starts = {g.offset: g for g in page.groups}
        self._loaded, self._asked = page.end, -1
        lst = self.query_one("#event-list", OptionList)
        options = [Option(_unresolved_prompt(reason, n), id=f"{_UNRESOLVED}{reason}") for reason, n in page.unresolved]
        options.extend(self._event_options(page))
        if not options:
            options.append(Option(Text("No events" + (f" for {label}" if label else ""), style="dim"), disabled=True))
        lst.set_options(options)
        # A border title is markup: the label (a name, which an override may make anything) is not.
        self.border_title = Content.assemble(
            f"Timeline · {counted(page.total, 'event')}", f" · {label}" if label else ""
        )

    def _event_options(self, page: TimelinePage) -> list[Option]:
        options: list[Option] = []
        for n, e in enumerate(page.events, start=page.offset):
            group = self._group_starts.get(n)
            if group is not None:
                heading = Text(group.label, style="bold")
                heading.append(f" · {counted(group.count, 'event')}", style="dim")
                options.append(Option(heading, disabled=True))
            self.events_by_id[e.id] = e
            options.append(Option(self._event_prompt(e), id=e.id))
        return options

    def _event_prompt(self, e: Event) -> Text:
        text = Text(clip_at_word(" ".join(e.text.split()), TEXT_LIMIT))
        notes = len(text)
        text.append("  " + source_count(e), style="dim")
        if e.id in self.conflicts:
            text.append("  ⚠ reports differ", style="bold")
        return hanging_rows(Text(_when(e), style="bold"), text, self._text_width(), notes)

    def _text_width(self) -> int:
        """The width an event row has in the list (less its scrollbar and padding)."""
        width = self.query_one("#event-list", OptionList).scrollable_content_region.width
        return (width or self.size.width or 80) - 2

    def _want_more(self, rows_left: int) -> None:
        page = self.timeline
        if page is None or self._loaded >= page.total or rows_left > FETCH_AHEAD or self._asked == self._loaded:
            return
        self._asked = self._loaded
        self.post_message(self.MoreWanted(page.entity, self._loaded))

    @on(OptionList.OptionHighlighted, "#event-list")
    def _cursor_moved(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._want_more(event.option_list.option_count - 1 - event.option_index)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        lst = self.query_one("#event-list", OptionList)
        self._want_more(max(0, lst.max_scroll_y - round(lst.scroll_y)))

    @on(OptionList.OptionSelected, "#event-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        oid = event.option.id or ""
        if oid.startswith(_UNRESOLVED):
            entity = self.timeline.entity if self.timeline else ""
            self.post_message(self.UnresolvedWanted(entity, oid[len(_UNRESOLVED) :]))
        elif oid:
            self.post_message(EventSelected(oid))


def hanging_rows(when: Text, text: Text, width: int, whole_from: int | None = None) -> Text:
    """when, then text wrapped at words to width: lines after the first start under the text.

    From whole_from on, text is notes ("[2 sources]", "⚠ reports differ") kept whole: a line
    breaks only at the two spaces before each of them.
    """
    room = max(10, width - WHEN_WIDTH - 1)
    plain = text.plain
    whole_from = len(plain) if whole_from is None else whole_from
    breaks, line_start, last_space = [], 0, -1
    for i, ch in enumerate(plain):
        if ch == " " and (i < whole_from or plain[i - 1 : i + 1] == "  "):
            last_space = i
        if i - line_start >= room and last_space > line_start:
            breaks.append(last_space + 1)
            line_start = last_space + 1
    lines = text.divide(breaks) if breaks else [text]
    when = when.copy()
    when.truncate(WHEN_WIDTH, pad=True)
    out = Text.assemble(when, " ")
    indent = "\n" + " " * (WHEN_WIDTH + 1)
    for n, line in enumerate(lines):
        line.rstrip()
        out.append_text(line) if n == 0 else out.append_text(Text(indent).append_text(line))
    out.no_wrap = True
    return out


def _unresolved_prompt(reason: str, n: int) -> Text:
    t = Text("? ", style="bold")
    t.append(f"{counted(n, 'date')} not placed", style="bold")
    t.append(f": {reason}", style="dim")
    t.append("  (Enter lists them)", style="dim")
    return t


def clip_at_word(text: str, limit: int) -> str:
    """text cut to at most limit characters at a word, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:") + "…"


def month_chart(per_month: tuple[tuple[str, int], ...], width: int) -> Text:
    """'Articles per month 2017-01 ▁▃·█ 2017-04': every month from the first to the last,
    empty ones shown as a dot; months are put together in buckets when they would not fit."""
    if not per_month:
        return Text("No dated articles", style="dim")
    counts = dict(per_month)
    months = _month_range(per_month[0][0], per_month[-1][0])
    first, last = months[0], months[-1]
    room = max(4, width - len("Articles per month ") - len(first) - len(last) - 2)
    step = -(-len(months) // room)  # months per bar
    buckets = [sum(counts.get(m, 0) for m in months[i : i + step]) for i in range(0, len(months), step)]
    peak = max(buckets) or 1
    t = Text("Articles per month" + (f" (a bar is {step} months)" if step > 1 else "") + " ", style="dim")
    t.append(first + " ", style="dim")
    for n in buckets:
        if n:
            t.append(SPARK[max(1, round(n / peak * 8))], style="bold")
        else:
            t.append(EMPTY_MONTH, style="dim")
    if last != first:
        t.append(" " + last, style="dim")
    return t


def _month_range(first: str, last: str) -> list[str]:
    """Every YYYY-MM from first to last."""
    y, m = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    out = []
    while (y, m) <= end:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def source_count(e: Event) -> str:
    """'[3 sources]', or '[2 reports, 1 story]' when versions of one story tell it: a story counts once."""
    n = len(e.articles)
    stories = len(e.stories) or n
    if stories < n:
        return f"[{counted(n, 'report')}, {counted(stories, 'story', 'stories')}]"
    return f"[{counted(n, 'source')}]"


def _when(e: Event) -> str:
    if e.precision == "day":
        s = e.start.strftime("%b %d")
        return s + (e.end.strftime("–%d") if e.end != e.start else "")
    if e.precision == "week":
        return "wk of " + e.start.strftime("%b %d")
    if e.precision == "month":
        return e.start.strftime("%B")
    if e.precision == "year":
        return e.start.strftime("%Y")
    return _period(e)


_SEASONS = {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring"}


def _period(e: Event) -> str:
    """Spans longer than a month: a season, quarter, half, decade or century; else approximate."""
    y, m = e.start.year, e.start.month
    if e.precision == "season":
        season = _SEASONS.get(m) or ("summer" if m <= 8 else "autumn")
        return f"{season} {y}" if m != 12 else f"winter {y}/{(y + 1) % 100:02d}"
    if e.precision == "quarter":
        return f"Q{(m - 1) // 3 + 1} {y}"
    if e.precision == "half":
        return f"H{1 if m <= 6 else 2} {y}"
    if e.precision == "decade":
        return f"{y - y % 10}s"
    if e.precision == "century":
        n = y // 100 + 1
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix} century"
    return "~" + e.start.strftime("%b %d")
