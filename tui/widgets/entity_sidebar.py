"""The entity sidebar: people, organisations and places, and the selected one's detail."""

from __future__ import annotations

import contextlib

from rich.text import Text
from textual import events, on
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from search import Entity, distinct_roles, is_credit, side_code, side_of

from ..messages import DossierOpened, EntityPreviewed, EntitySelected, TogetherOpened
from ..notify import tell
from ..state import counted
from ..views import ArticleView, EntityView
from .reader import KIND_MARK
from .vim_option_list import VimOptionList

# Rows made at once when the list is filled, and again when the cursor or the scroll comes
# within FILL_AHEAD rows of the last one made.
FILL_ROWS = 200
FILL_AHEAD = 40
# Marking rows repaints the list: while the reader moves fast through articles, mark once it pauses.
MARK_DELAY = 0.2
# The detail box follows the highlight once it rests this long (seconds).
PREVIEW_DELAY = 0.15

KIND_TITLES = {"person": "People", "org": "Organisations", "place": "Places", "credit": "Picture credits"}
KINDS = ("person", "org", "place")


class EntitySidebar(Vertical, can_focus=False):
    """Entities grouped by kind with article counts; the selected one's roles, aliases and quotes."""

    BINDINGS = [
        Binding("f", "filter", "Filter", id="entities.filter", tooltip="filter names (stays shown until cleared)"),
        Binding("s", "toggle_sort", "Sort", id="entities.sort", tooltip="sort by count or name"),
        Binding("d", "dossier", "Dossier", id="entities.dossier", tooltip="open the highlighted entity's dossier"),
        Binding("space", "toggle_mark", "Pick", id="entities.pick", tooltip="pick or unpick an entity to compare"),
        Binding("T", "together", "Together", id="entities.together", tooltip="where the picked entities all appear"),
        Binding("i", "cycle_kind", "Kind", id="entities.kind", show=False, tooltip="show one kind of entity, or all"),
        Binding("c", "cycle_side", "Side", id="entities.side", show=False, tooltip="show one country or side, or all"),
        Binding(
            "escape",
            "close_filter",
            "Clear filter",
            id="entities.close_filter",
            show=False,
            tooltip="clear the name filter",
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
        self._preview_timer: Timer | None = None
        self._sides: dict[str, str] = {}
        # Entities picked to compare (in picking order), and the kind and side the list shows.
        self.picked: list[str] = []
        self.kind_filter = ""
        self.side_filter = ""
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
        self._sides = {e.id: side_of(e) for e in entities if e.kind == "person"}
        self.picked = [eid for eid in self.picked if eid in self._by_id]
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
        prompt = Text(mark)
        prompt.append("✓" if e.id in self.picked else KIND_MARK[e.kind], style="bold" if e.id in self.picked else "")
        prompt.append(" ")
        prompt.append(e.name)
        prompt.append(f" {len(e.articles)}", style="dim")
        side = self._sides.get(e.id)
        if side:
            prompt.append(f" {side_code(side)}", style="italic dim")
        return prompt

    def _shown(self, e: Entity, needle: str) -> bool:
        if self.kind_filter and e.kind != self.kind_filter:
            return False
        if self.side_filter and self._sides.get(e.id) != self.side_filter:
            return False
        return not needle or needle in self._haystacks.get(e.id, "")

    def _fill(self) -> None:
        """List the entities of the filter in the sort order: the first rows now, the rest on scrolling."""
        lst = self.query_one("#entity-list", OptionList)
        keep = lst.highlighted_option.id if lst.highlighted_option else None
        needle = self.filter_text.lower()
        rows: list[tuple[str, int] | Entity] = []
        credits: list[Entity] = []
        for kind in ("person", "org", "place"):
            group = [e for e in self._ordered(kind) if self._shown(e, needle)]
            if kind == "person":
                credits = [e for e in group if is_credit(e)]
                group = [e for e in group if not is_credit(e)] if credits else group
            if group:
                rows.append((kind, len(group)))
                rows.extend(group)
        if credits:
            rows.append(("credit", len(credits)))
            rows.extend(credits)
        self._rows = rows
        self._row_of = {r.id: n for n, r in enumerate(rows) if isinstance(r, Entity)}
        self._listed = 0
        lst.set_options(self._options_until(FILL_ROWS))
        if keep and keep in self._row_of:
            self._list_through(keep)
            lst.highlighted = lst.get_option_index(keep)
        if lst.highlighted is None or lst.highlighted_option is None or lst.highlighted_option.disabled:
            first = next((n for n, r in enumerate(rows[: self._listed]) if isinstance(r, Entity)), None)
            lst.highlighted = first  # a filtered list is never left with nothing highlighted
        self._show_filter_title()

    def _show_filter_title(self) -> None:
        """'Entities · filter "mnuch" (1)' while a name filter applies: it never hides the names silently."""
        if not self.filter_text:
            self.border_title = "Entities"
            return
        title = Text("Entities · filter ")
        title.append(f'"{self.filter_text}"', style="bold")
        title.append(f" ({len(self._row_of):,})")
        self.border_title = title

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
        side = side_of(e)
        if side:
            t.append(f"  ({side})", style="dim")
        t.append(f"\n{counted(len(e.articles), 'article')} · {counted(e.mentions, 'mention')}")
        t.append(f" · {counted(len(detail.quotes), 'quote')}\n")
        roles = distinct_roles(e.roles, titles)
        if roles:
            t.append("Roles: ", style="bold")
            t.append("; ".join(r.role for r in roles[:3]) + "\n")
        if e.aliases:
            t.append("Also: ", style="bold")
            t.append(", ".join(e.aliases[:6]) + "\n")
        people = [(n, c) for i, n, c in detail.cooccurring if self._is_person(i)]
        if people:
            t.append("With: ", style="bold")
            t.append(", ".join(f"{n} ({c})" for n, c in people[:5]) + "\n")
        t.append("d: dossier (quotes, events) · Enter: filter", style="dim")
        static.update(t)

    def _is_person(self, entity_id: str) -> bool:
        other = self._by_id.get(entity_id)
        return other is not None and other.kind == "person" and not is_credit(other)

    @on(OptionList.OptionHighlighted, "#entity-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The detail box follows the highlight, once it rests."""
        event.stop()
        if self._preview_timer is not None:
            self._preview_timer.stop()
        entity_id = event.option.id
        if entity_id and (self.selected is None or self.selected.detail.entity.id != entity_id):
            self._preview_timer = self.set_timer(PREVIEW_DELAY, lambda: self.post_message(EntityPreviewed(entity_id)))

    def highlighted_entity(self) -> Entity | None:
        """The entity under the list's cursor."""
        option = self.query_one("#entity-list", OptionList).highlighted_option
        return self._by_id.get(option.id or "") if option else None

    def action_dossier(self) -> None:
        entity = self.highlighted_entity()
        if entity is not None:
            self.post_message(DossierOpened(entity.id))

    def action_toggle_mark(self) -> None:
        entity = self.highlighted_entity()
        if entity is None:
            return
        if entity.id in self.picked:
            self.picked.remove(entity.id)
        else:
            self.picked.append(entity.id)
        with contextlib.suppress(Exception):
            self.query_one("#entity-list", OptionList).replace_option_prompt(entity.id, self._prompt(entity))
        names = ", ".join(self._by_id[i].name for i in self.picked)
        tell(self, f"Picked: {names} (T: where they all appear)" if self.picked else "Nothing picked")

    def action_together(self) -> None:
        if len(self.picked) < 2:
            tell(self, "Pick two or more entities with Space first", severity="warning")
            return
        self.post_message(TogetherOpened(tuple(self.picked)))

    def action_cycle_kind(self) -> None:
        order = ("", *KINDS)
        self.kind_filter = order[(order.index(self.kind_filter) + 1) % len(order)]
        self._fill()
        tell(self, f"Showing {KIND_TITLES[self.kind_filter].lower() if self.kind_filter else 'every kind'}")

    def action_cycle_side(self) -> None:
        sides = sorted({s for s in self._sides.values() if s})
        order = ["", *sides]
        now = order.index(self.side_filter) if self.side_filter in order else 0
        self.side_filter = order[(now + 1) % len(order)]
        self._fill()
        tell(self, f"Showing {self.side_filter or 'every side'}")

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
        # Escape clears the filter when one is open or applied; otherwise it goes on to the screen.
        if action == "close_filter":
            return bool(self.filter_text) or not self.query_one("#entity-filter", Input).has_class("hidden")
        return True

    def action_close_filter(self) -> None:
        box = self.query_one("#entity-filter", Input)
        box.add_class("hidden")
        if box.value:
            box.value = ""  # Changed refills the list with every name
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
        """Enter keeps the filter applied (and shown); with one name left, it selects that name."""
        event.stop()
        lst = self.query_one("#entity-list", OptionList)
        matches = [o.id for o in lst.options if o.id]
        lst.focus()
        if len(matches) == 1:
            self.post_message(EntitySelected(matches[0]))
