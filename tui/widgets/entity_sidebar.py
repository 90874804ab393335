"""The entity sidebar: people, organisations and places, and the selected one's detail."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from search import Entity, EntityDetail

from ..notify import tell
from .reader import KIND_MARK
from .vim_option_list import VimOptionList

KIND_TITLES = {"person": "People", "org": "Organisations", "place": "Places"}


class EntitySidebar(Vertical, can_focus=False):
    """Entities grouped by kind with article counts; the selected one's roles, aliases and quotes."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="entities.filter"),
        Binding("s", "toggle_sort", "Sort", id="entities.sort"),
        Binding("escape", "close_filter", "Close filter", show=False),
    ]

    @dataclass
    class Chosen(Message):
        entity_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entities: list[Entity] = []
        self.in_article: set[str] = set()
        self.sort_by = "count"
        self.filter_text = ""
        self._by_id: dict[str, Entity] = {}

    def compose(self):
        yield Input(placeholder="filter names…", id="entity-filter", classes="hidden")
        yield VimOptionList(id="entity-list")
        yield Static(id="entity-detail")

    def set_entities(self, entities: list[Entity]) -> None:
        self.entities = entities
        self._by_id = {e.id: e for e in entities}
        self._fill()

    def mark_article(self, entity_ids: set[str]) -> None:
        """Mark who is named in the current article, touching only the rows that change."""
        changed = self.in_article ^ entity_ids
        self.in_article = entity_ids
        lst = self.query_one("#entity-list", OptionList)
        for eid in changed:
            entity = self._by_id.get(eid)
            if entity is None:
                continue
            try:
                lst.replace_option_prompt(eid, self._prompt(entity))
            except Exception:
                continue  # filtered out of the list just now

    def _prompt(self, e: Entity) -> Text:
        mark = "●" if e.id in self.in_article else " "
        prompt = Text(f"{mark}{KIND_MARK[e.kind]} ")
        prompt.append(e.name)
        prompt.append(f" {len(e.articles)}", style="dim")
        return prompt

    def _fill(self) -> None:
        lst = self.query_one("#entity-list", OptionList)
        keep = lst.highlighted_option.id if lst.highlighted_option else None
        needle = self.filter_text.lower()
        options: list[Option] = []
        for kind in ("person", "org", "place"):
            group = [
                e
                for e in self.entities
                if e.kind == kind
                and (not needle or needle in e.name.lower() or any(needle in a.lower() for a in e.aliases))
            ]
            if not group:
                continue
            if self.sort_by == "name":
                group.sort(key=lambda e: e.name.lower())
            else:
                group.sort(key=lambda e: (-len(e.articles), e.name.lower()))
            options.append(Option(Text(f"{KIND_TITLES[kind]} ({len(group)})", style="bold"), disabled=True))
            for e in group:
                options.append(Option(self._prompt(e), id=e.id))
        lst.set_options(options)
        if keep:
            try:
                lst.highlighted = lst.get_option_index(keep)
            except Exception:
                lst.highlighted = None

    def show_detail(self, detail: EntityDetail | None, titles: dict[str, tuple]) -> None:
        static = self.query_one("#entity-detail", Static)
        if detail is None:
            static.update("")
            return
        e = detail.entity
        t = Text()
        t.append(f"{KIND_MARK[e.kind]} {e.name}", style="bold")
        if e.side:
            t.append(f"  ({e.side})", style="dim")
        t.append(f"\n{len(e.articles)} articles · {e.mentions} mentions\n")
        roles = Counter(r.role for r in e.roles)
        if roles:
            t.append("Roles: ", style="bold")
            t.append("; ".join(r for r, _ in roles.most_common(4)) + "\n")
        if e.aliases:
            t.append("Also: ", style="bold")
            t.append(", ".join(e.aliases[:6]) + "\n")
        if detail.cooccurring:
            t.append("With: ", style="bold")
            t.append(", ".join(f"{n} ({c})" for _, n, c in detail.cooccurring[:6]) + "\n")
        for q in detail.quotes[:4]:
            t.append("“", style="dim")
            t.append(q.text[:200], style="italic")
            title = titles.get(q.article, ("",))[0]
            t.append(f"” — {title[:40]}\n", style="dim")
        static.update(t)

    @on(OptionList.OptionSelected, "#entity-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))

    def action_filter(self) -> None:
        box = self.query_one("#entity-filter", Input)
        box.remove_class("hidden")
        box.focus()

    def action_close_filter(self) -> None:
        box = self.query_one("#entity-filter", Input)
        if not box.has_class("hidden"):
            box.add_class("hidden")
            self.query_one("#entity-list").focus()
        else:
            self.screen.action_escape()  # type: ignore[attr-defined]

    def action_toggle_sort(self) -> None:
        self.sort_by = "name" if self.sort_by == "count" else "count"
        self._fill()
        tell(self, f"Entities sorted by {self.sort_by}")

    @on(Input.Changed, "#entity-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter_text = event.value
        self._fill()

    @on(Input.Submitted, "#entity-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#entity-list").focus()
