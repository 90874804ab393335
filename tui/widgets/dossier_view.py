"""The dossier: one entity in full (or where several appear together), in place of the reader.

A header (name, kind, side, aliases, roles with their dates, mentions per month), then one
collapsible section per kind of fact, each a list: Enter on a quote opens its article at the
sentence, on an event its first source, on a person their dossier, on an article the article.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import var
from textual.widgets import Collapsible, OptionList, Static
from textual.widgets.option_list import Option

from search import Companion, Dossier, Event, NamingArticle, Quote, Together

from ..dossier_rows import day_text, sparkline
from ..messages import ArticleOpened, DossierClosed, DossierOpened
from ..notify import tell
from ..state import counted
from .vim_option_list import VimOptionList

SECTIONS = (
    ("quotes", "Quotes"),
    ("events", "Events"),
    ("people", "People"),
    ("organisations", "Organisations"),
    ("places", "Places"),
    ("days", "Days"),
    ("articles", "Articles"),
)
# Characters of a quote or an event shown on its row (the article holds the rest).
ROW_TEXT = 400
# Characters of an article's title naming the source of a role.
TITLE_TEXT = 48


@dataclass(frozen=True)
class Row:
    """One line of a section and the message Enter on it posts."""

    prompt: Text
    intent: Callable[[], Message] | None


class DossierView(VerticalScroll):
    """One entity's dossier, or the common ground of several, as collapsible lists."""

    BINDINGS = [
        Binding("escape", "close", "Close dossier", id="dossier.close", tooltip="close the dossier, show the reader"),
        Binding("o", "sort_articles", "Sort articles", id="dossier.sort", tooltip="articles newest or oldest first"),
        Binding("c", "collapse", "Fold", id="dossier.fold", tooltip="fold or unfold the focused section"),
    ]

    dossier: var[Dossier | None] = var(None, init=False)
    """The entity shown (None when several together are shown, or nothing)."""
    together: var[Together | None] = var(None, init=False)
    """The entities shown together (None when one entity's dossier is shown)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.newest_first = True
        self.find_text = ""
        self._rows: dict[str, list[Row]] = {name: [] for name, _ in SECTIONS}
        self._shown: dict[str, list[Row]] = {name: [] for name, _ in SECTIONS}

    def compose(self) -> ComposeResult:
        yield Static(id="dossier-head")
        for name, title in SECTIONS:
            with Collapsible(title=title, id=f"dossier-{name}-section", collapsed=False):
                yield VimOptionList(id=f"dossier-{name}")

    def on_mount(self) -> None:
        self.border_title = "Dossier"

    # -- what is shown -----------------------------------------------------------------

    def watch_dossier(self, dossier: Dossier | None) -> None:
        if dossier is not None:
            self.find_text = ""  # a find is within one dossier
            self._show_dossier(dossier)

    def watch_together(self, together: Together | None) -> None:
        if together is not None:
            self.find_text = ""
            self._show_together(together)

    def section_rows(self, name: str) -> list[Text]:
        """The prompts a section shows now (after any find)."""
        return [row.prompt for row in self._shown[name]]

    def _show_dossier(self, d: Dossier) -> None:
        e = d.entity
        self.border_title = f"Dossier · {e.name}"
        head = Text()
        head.append(e.name, style="bold")
        head.append(f"  {e.kind}" + (f" · {d.side}" if d.side else ""), style="dim")
        head.append(f"\n{counted(len(e.articles), 'article')} · {counted(e.mentions, 'mention')}")
        head.append(f" · {counted(len(d.quotes), 'quote')}")
        if e.aliases:
            head.append("\nAlso: ", style="bold")
            head.append(", ".join(e.aliases))
        for r in d.roles:
            head.append("\nRole: ", style="bold")
            head.append(r.role)
            source = r.title if len(r.title) <= TITLE_TEXT else r.title[: TITLE_TEXT - 1] + "…"
            head.append(f"  {day_text(r.date)} · {source or r.article}", style="dim")
            if r.articles > 1:
                head.append(f" (+{r.articles - 1})", style="dim")
        if d.per_month:
            head.append("\nPer month ", style="bold")
            head.append(f"{d.per_month[0][0]} ", style="dim")
            head.append(sparkline([n for _, n in d.per_month], width=60), style="green")
            head.append(f" {d.per_month[-1][0]}", style="dim")
        self.query_one("#dossier-head", Static).update(head)
        titles = {a.id: a.title for a in d.articles}
        self._rows = {
            "quotes": [self._quote_row(q, titles, speaker=False) for q in d.quotes],
            "events": [self._event_row(ev) for ev in d.events],
            "people": [self._companion_row(c) for c in d.people],
            "organisations": [self._companion_row(c) for c in d.organisations],
            "places": [self._companion_row(c) for c in d.places],
            "days": [],
            "articles": [self._article_row(a) for a in self._sorted(d.articles)],
        }
        self._fill()
        self.scroll_home(animate=False)

    def _show_together(self, t: Together) -> None:
        names = " & ".join(e.name for e in t.entities)
        self.border_title = f"Together · {names}"
        head = Text()
        head.append(names, style="bold")
        head.append(
            f"\n{counted(len(t.articles), 'article')} naming all of them · {counted(len(t.days), 'day')}"
            f" · {counted(len(t.events), 'shared event')} · {counted(len(t.quotes), 'quote')}"
        )
        self.query_one("#dossier-head", Static).update(head)
        titles = {a.id: a.title for a in t.articles}
        self._rows = {
            "quotes": [self._quote_row(q, titles, speaker=True) for q in t.quotes],
            "events": [self._event_row(ev) for ev in t.events],
            "people": [],
            "organisations": [],
            "places": [],
            "days": [self._day_row(day, ids, titles) for day, ids in t.days],
            "articles": [self._article_row(a) for a in self._sorted(t.articles)],
        }
        self._fill()
        self.scroll_home(animate=False)

    def _fill(self) -> None:
        needle = self.find_text.lower()
        for name, title in SECTIONS:
            rows = [r for r in self._rows[name] if not needle or needle in r.prompt.plain.lower()]
            self._shown[name] = rows
            section = self.query_one(f"#dossier-{name}-section", Collapsible)
            section.title = f"{title} ({len(rows)})"
            section.display = bool(self._rows[name]) or name in ("quotes", "events", "articles")
            lst = self.query_one(f"#dossier-{name}", OptionList)
            lst.set_options([Option(r.prompt) for r in rows] or [Option(Text("None", style="dim"), disabled=True)])

    # -- rows ---------------------------------------------------------------------------

    @staticmethod
    def _quote_row(q: Quote, titles: dict[str, str], speaker: bool) -> Row:
        prompt = Text()
        prompt.append(f"{day_text(q.date)} ", style="dim")
        prompt.append("“direct” " if q.kind == "direct" else "reported ", style="bold" if q.kind == "direct" else "dim")
        if speaker:
            prompt.append(f"{q.speaker}: ", style="bold")
        body = q.text if len(q.text) <= ROW_TEXT else q.text[: ROW_TEXT - 1] + "…"
        prompt.append(f"“{body}”" if q.kind == "direct" else body, style="italic")
        prompt.append(f" — {titles.get(q.article) or q.article}", style="dim")
        return Row(prompt, lambda: ArticleOpened(q.article, q.start, q.end, q.where))

    @staticmethod
    def _event_row(ev: Event) -> Row:
        prompt = Text()
        prompt.append(f"{ev.start.isoformat()} ", style="bold")
        prompt.append(ev.text if len(ev.text) <= ROW_TEXT else ev.text[: ROW_TEXT - 1] + "…")
        if len(ev.sources) > 1:
            prompt.append(f" ({counted(len(ev.sources), 'source')})", style="dim")
        first = ev.sources[0] if ev.sources else None
        if first is None:
            return Row(prompt, None)
        return Row(prompt, lambda: ArticleOpened(first.article, first.start, first.end, first.where))

    @staticmethod
    def _companion_row(c: Companion) -> Row:
        prompt = Text()
        prompt.append(c.name)
        if c.side:
            prompt.append(f" · {c.side}", style="dim")
        prompt.append(f" {c.articles}", style="dim")
        return Row(prompt, lambda: DossierOpened(c.id))

    @staticmethod
    def _article_row(a: NamingArticle) -> Row:
        prompt = Text()
        prompt.append(f"{day_text(a.date)} ", style="dim")
        prompt.append(a.title or a.id)
        return Row(prompt, lambda: ArticleOpened(a.id))

    @staticmethod
    def _day_row(day, ids: Sequence[str], titles: dict[str, str]) -> Row:
        prompt = Text()
        prompt.append(f"{day.isoformat()} ", style="bold")
        prompt.append("; ".join(titles.get(i) or i for i in ids))
        return Row(prompt, lambda: ArticleOpened(ids[0]))

    def _sorted(self, articles: Sequence[NamingArticle]) -> list[NamingArticle]:
        # The records come newest first, undated last.
        dated = [a for a in articles if a.date is not None]
        undated = [a for a in articles if a.date is None]
        return (dated if self.newest_first else dated[::-1]) + undated

    # -- keys and choices ----------------------------------------------------------------

    def focus(self, scroll_visible: bool = True) -> DossierView:
        """Focus the first section with something in it."""
        for name, _ in SECTIONS:
            if self._shown[name]:
                self.query_one(f"#dossier-{name}", OptionList).focus(scroll_visible)
                return self
        return super().focus(scroll_visible)

    def find(self, text: str) -> int:
        """Show only the rows holding text (case-insensitive; '' shows all); how many are shown."""
        self.find_text = text
        self._fill()
        return sum(len(rows) for rows in self._shown.values())

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        name = (event.option_list.id or "").removeprefix("dossier-")
        rows = self._shown.get(name, [])
        if 0 <= event.option_index < len(rows) and rows[event.option_index].intent is not None:
            self.post_message(rows[event.option_index].intent())  # type: ignore[misc]

    def action_close(self) -> None:
        self.post_message(DossierClosed())

    def action_sort_articles(self) -> None:
        self.newest_first = not self.newest_first
        if self.dossier is not None and self.together is None:
            self._rows["articles"] = [self._article_row(a) for a in self._sorted(self.dossier.articles)]
        elif self.together is not None:
            self._rows["articles"] = [self._article_row(a) for a in self._sorted(self.together.articles)]
        self._fill()
        tell(self, f"Articles {'newest' if self.newest_first else 'oldest'} first")

    def action_collapse(self) -> None:
        focused = self.screen.focused
        for section in self.query(Collapsible):
            if focused is not None and focused in section.walk_children():
                section.collapsed = not section.collapsed
                # The focused list is hidden when folded: the section's title takes the
                # focus, so the dossier's keys (c again, Escape) still apply.
                target = section.query_one("CollapsibleTitle" if section.collapsed else "OptionList")
                self.call_after_refresh(target.focus)
                return
