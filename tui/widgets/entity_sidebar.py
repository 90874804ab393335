"""The entity sidebar: people, organisations and places, and the selected one's detail."""

from __future__ import annotations

import contextlib
from collections import Counter

from rich.text import Text
from textual import events, on
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from search import Entity

from ..messages import EntitySelected
from ..notify import tell
from ..session import ArticleView, EntityView
from ..state import counted
from .reader import KIND_MARK
from .vim_option_list import VimOptionList

# Rows made at once when the list is filled, and again when the cursor or the scroll comes
# within FILL_AHEAD rows of the last one made.
FILL_ROWS = 200
FILL_AHEAD = 40
# Marking rows repaints the list: while the reader moves fast through articles, mark once it pauses.
MARK_DELAY = 0.2

KIND_TITLES = {"person": "People", "org": "Organisations", "place": "Places"}


class EntitySidebar(Vertical, can_focus=False):
    """Entities grouped by kind with article counts; the selected one's roles, aliases and quotes."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="entities.filter", tooltip="filter names"),
        Binding("s", "toggle_sort", "Sort", id="entities.sort", tooltip="sort by count or name"),
        Binding(
            "escape", "close_filter", "Close filter", id="entities.close_filter", show=False, tooltip="close the filter"
        ),
    ]

    entities: var[tuple[Entity, ...]] = var((), init=False)
    """Every entity of the corpus."""
    selected: var[EntityView | None] = var(None, init=False)
    """The selected entity, shown under the list and highlighted in it."""
    article: var[ArticleView | None] = var(None, init=False)
    """The article being read: the entities it names are marked."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.in_article: frozenset[str] = frozenset()
        self.sort_by = "count"
        self.filter_text = ""
        self._by_id: dict[str, Entity] = {}
        self._mark_timer: Timer | None = None
        # The rows of the current filter and order (a kind's heading, or an entity), of which
        # the first _listed are options of the list; the rest are made as the list scrolls.
        self._rows: list[tuple[str, int] | Entity] = []
        self._row_of: dict[str, int] = {}
        self._listed = 0
        self._haystacks: dict[str, str] = {}
        self._orders: dict[tuple[str, str], list[Entity]] = {}

    def compose(self):
        yield Input(placeholder="filter names…", id="entity-filter", classes="hidden")
        yield VimOptionList(id="entity-list")
        yield Static(id="entity-detail")

    def on_mount(self) -> None:
        self.border_title = "Entities"

    def focus(self, scroll_visible: bool = True) -> EntitySidebar:
        """Focus the list of names (the sidebar itself takes no focus)."""
        self.remove_class("hidden")
        self.query_one("#entity-list").focus(scroll_visible)
        return self

    def watch_entities(self, entities: tuple[Entity, ...]) -> None:
        self._by_id = {e.id: e for e in entities}
        self._haystacks = {e.id: "\n".join((e.name, *e.aliases)).lower() for e in entities}
        self._orders = {}
        self._fill()

    def watch_selected(self, view: EntityView | None) -> None:
        self._show_detail(view)
        if view is None:
            return
        lst = self.query_one("#entity-list", OptionList)
        self._list_through(view.detail.entity.id)
        with contextlib.suppress(Exception):  # the entity may be filtered out of the list
            lst.highlighted = lst.get_option_index(view.detail.entity.id)

    def watch_article(self, view: ArticleView | None) -> None:
        if view is None:
            return
        if self._mark_timer is not None:
            self._mark_timer.stop()
        ids = view.entity_ids
        self._mark_timer = self.set_timer(MARK_DELAY, lambda: self.mark_article(ids))

    def bookmark_item(self) -> tuple[str, str, str] | None:
        """The highlighted entity as (kind, id, label), for a bookmark."""
        option = self.query_one("#entity-list", OptionList).highlighted_option
        entity = self._by_id.get(option.id or "") if option else None
        return ("entity", entity.id, entity.name) if entity else None

    def mark_article(self, entity_ids: frozenset[str]) -> None:
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
        """List the entities of the filter in the sort order: the first rows now, the rest on scrolling."""
        lst = self.query_one("#entity-list", OptionList)
        keep = lst.highlighted_option.id if lst.highlighted_option else None
        needle = self.filter_text.lower()
        rows: list[tuple[str, int] | Entity] = []
        for kind in ("person", "org", "place"):
            group = self._ordered(kind)
            if needle:
                hay = self._haystacks
                group = [e for e in group if needle in hay[e.id]]
            if group:
                rows.append((kind, len(group)))
                rows.extend(group)
        self._rows = rows
        self._row_of = {r.id: n for n, r in enumerate(rows) if isinstance(r, Entity)}
        self._listed = 0
        lst.set_options(self._options_until(FILL_ROWS))
        if keep and keep in self._row_of:
            self._list_through(keep)
            lst.highlighted = lst.get_option_index(keep)

    def _ordered(self, kind: str) -> list[Entity]:
        """The entities of one kind in the sort order, sorted once per order."""
        key = (kind, self.sort_by)
        found = self._orders.get(key)
        if found is None:
            group = [e for e in self.entities if e.kind == kind]
            if self.sort_by == "name":
                group.sort(key=lambda e: e.name.lower())
            else:
                group.sort(key=lambda e: (-len(e.articles), e.name.lower()))
            found = self._orders[key] = group
        return found

    def _options_until(self, end: int) -> list[Option]:
        """Options for the rows not listed yet, up to row end."""
        options: list[Option] = []
        for row in self._rows[self._listed : end]:
            if isinstance(row, Entity):
                options.append(Option(self._prompt(row), id=row.id))
            else:
                kind, n = row
                options.append(Option(Text(f"{KIND_TITLES[kind]} ({n:,})", style="bold"), disabled=True))
        self._listed = max(self._listed, min(end, len(self._rows)))
        return options

    def _list_more(self, end: int) -> None:
        if end > self._listed and self._listed < len(self._rows):
            self.query_one("#entity-list", OptionList).add_options(self._options_until(end))

    def _list_through(self, entity_id: str) -> None:
        """List every row up to this entity's (and a screen more), so it can be highlighted."""
        row = self._row_of.get(entity_id)
        if row is not None:
            self._list_more(row + FILL_ROWS)

    @on(OptionList.OptionHighlighted, "#entity-list")
    def _cursor_moved(self, event: OptionList.OptionHighlighted) -> None:
        if self._listed - event.option_index < FILL_AHEAD:
            self._list_more(self._listed + FILL_ROWS)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        lst = self.query_one("#entity-list", OptionList)
        if lst.max_scroll_y - lst.scroll_y < FILL_AHEAD:
            self._list_more(self._listed + FILL_ROWS)

    def _show_detail(self, view: EntityView | None) -> None:
        static = self.query_one("#entity-detail", Static)
        if view is None:
            static.update("")
            return
        detail, titles = view.detail, view.titles
        e = detail.entity
        t = Text()
        t.append(f"{KIND_MARK[e.kind]} {e.name}", style="bold")
        if e.side:
            t.append(f"  ({e.side})", style="dim")
        t.append(f"\n{counted(len(e.articles), 'article')} · {counted(e.mentions, 'mention')}\n")
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
            # Direct words in quotation marks; reported speech as it stands.
            direct = q.kind == "direct"
            t.append("“" if direct else "", style="dim")
            t.append(q.text[:200], style="italic")
            title = titles.get(q.article, ("",))[0]
            t.append(f"{'”' if direct else ''} — {title[:40]}\n", style="dim")
        static.update(t)

    @on(OptionList.OptionSelected, "#entity-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(EntitySelected(event.option.id))

    def action_filter(self) -> None:
        box = self.query_one("#entity-filter", Input)
        box.remove_class("hidden")
        box.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Escape closes the filter when it is open; otherwise it goes on to the screen.
        if action == "close_filter":
            return not self.query_one("#entity-filter", Input).has_class("hidden")
        return True

    def action_close_filter(self) -> None:
        self.query_one("#entity-filter", Input).add_class("hidden")
        self.query_one("#entity-list").focus()

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
