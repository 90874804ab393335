"""The timeline pane: events in date order under an articles-per-month chart."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import var
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from search import Conflict, CorpusStats, Event, Timeline

from ..messages import ArticleOpened, EventSelected
from ..state import counted
from .vim_option_list import VimOptionList

SPARK = " ▁▂▃▄▅▆▇█"


class TimelinePane(Vertical):
    """Events in date order, grouped by month, headed by an articles-per-month chart."""

    timeline: var[Timeline | None] = var(None, init=False)
    """The events shown (None until the corpus is linked)."""
    label: var[str] = var("", init=False)
    """Whose events these are ('' for the whole corpus); set before the timeline."""
    stats: var[CorpusStats | None] = var(None, init=False)
    """The corpus's counts, for the articles-per-month chart."""
    conflicts: var[dict[str, tuple[Conflict, ...]]] = var({}, init=False)
    """The events whose reports differ, by event id; set before the timeline."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.events_by_id: dict[str, Event] = {}

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

    def watch_stats(self, stats: CorpusStats | None) -> None:
        if stats is not None:
            self._show_chart(stats.per_month)

    def watch_timeline(self, timeline: Timeline | None) -> None:
        if timeline is not None:
            self._show_timeline(timeline, self.label)

    def _show_chart(self, per_month: tuple[tuple[str, int], ...]) -> None:
        chart = self.query_one("#timeline-chart", Static)
        if not per_month:
            chart.update(Text("No dated articles", style="dim"))
            return
        peak = max(n for _, n in per_month) or 1
        bars = "".join(SPARK[max(1, round(n / peak * 8))] for _, n in per_month)
        t = Text("Articles per month ", style="dim")
        t.append(per_month[0][0] + " ", style="dim")
        t.append(bars, style="bold")
        if per_month[-1][0] != per_month[0][0]:
            t.append(" " + per_month[-1][0], style="dim")
        chart.update(t)

    def _show_timeline(self, timeline: Timeline, label: str) -> None:
        self.events_by_id = {e.id: e for e in timeline.events}
        lst = self.query_one("#event-list", OptionList)
        options: list[Option] = []
        month = ""
        for e in timeline.events:
            # A year, season or longer is grouped under its year, not its first month.
            m = e.start.strftime("%B %Y") if e.precision in ("day", "week", "month") else str(e.start.year)
            if m != month:
                month = m
                options.append(Option(Text(m, style="bold"), disabled=True))
            when = _when(e)
            prompt = Text(f"{when:<17} ", style="bold")
            prompt.append(" ".join(e.text.split())[:300])
            prompt.append("  " + source_count(e), style="dim")
            if e.id in self.conflicts:
                prompt.append("  ⚠ reports differ", style="bold")
            options.append(Option(prompt, id=e.id))
        if timeline.unresolved:
            options.append(Option(Text(f"Unresolved ({len(timeline.unresolved)})", style="bold"), disabled=True))
            for n, u in enumerate(timeline.unresolved[:200]):
                t = Text(f"? {u.expression!s:<16} ", style="dim")
                t.append(f"{u.article}: {u.reason}", style="dim")
                options.append(Option(t, id=f"unresolved:{n}"))
        if not options:
            options.append(Option(Text("No events" + (f" for {label}" if label else ""), style="dim"), disabled=True))
        lst.set_options(options)
        # A border title is markup: the label (a name, which an override may make anything) is not.
        self.border_title = Content.assemble(
            f"Timeline · {counted(len(timeline.events), 'event')}", f" · {label}" if label else ""
        )

    @on(OptionList.OptionSelected, "#event-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        oid = event.option.id or ""
        if oid.startswith("unresolved:") and self.timeline is not None:
            u = self.timeline.unresolved[int(oid.split(":")[1])]
            self.post_message(ArticleOpened(u.article))
        elif oid:
            self.post_message(EventSelected(oid))


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
