"""The timeline pane: events in date order under an articles-per-month chart."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from search import Event, Timeline

from .vim_option_list import VimOptionList

SPARK = " ▁▂▃▄▅▆▇█"


class TimelinePane(Vertical):
    """Events in date order, grouped by month, headed by an articles-per-month chart."""

    @dataclass
    class Chosen(Message):
        event_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.timeline = Timeline()
        self.events_by_id: dict[str, Event] = {}

    def compose(self):
        yield Static(id="timeline-chart")
        yield VimOptionList(id="event-list")

    def set_chart(self, per_month: tuple[tuple[str, int], ...]) -> None:
        chart = self.query_one("#timeline-chart", Static)
        if not per_month:
            chart.update(Text("No dated articles", style="dim"))
            return
        peak = max(n for _, n in per_month) or 1
        bars = "".join(SPARK[max(1, round(n / peak * 8))] for _, n in per_month)
        t = Text("Articles per month ", style="dim")
        t.append(per_month[0][0] + " ", style="dim")
        t.append(bars, style="bold")
        t.append(" " + per_month[-1][0], style="dim")
        chart.update(t)

    def set_timeline(self, timeline: Timeline, label: str = "") -> None:
        self.timeline = timeline
        self.events_by_id = {e.id: e for e in timeline.events}
        lst = self.query_one("#event-list", OptionList)
        options: list[Option] = []
        month = ""
        for e in timeline.events:
            m = e.start.strftime("%B %Y")
            if m != month:
                month = m
                options.append(Option(Text(m, style="bold"), disabled=True))
            when = _when(e)
            prompt = Text(f"{when:<17} ", style="bold")
            prompt.append(" ".join(e.text.split())[:300])
            n = len(e.articles)
            prompt.append(f"  [{n} source{'s' if n != 1 else ''}]", style="dim")
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
        border = f"Timeline · {len(timeline.events)} events" + (f" · {label}" if label else "")
        self.border_title = border

    @on(OptionList.OptionSelected, "#event-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        oid = event.option.id or ""
        if oid.startswith("unresolved:"):
            u = self.timeline.unresolved[int(oid.split(":")[1])]
            self.post_message(_OpenUnresolved(u.article))
        elif oid:
            self.post_message(self.Chosen(oid))


@dataclass
class _OpenUnresolved(Message):
    article_id: str


OpenUnresolved = _OpenUnresolved


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
    return "~" + e.start.strftime("%b %d")
