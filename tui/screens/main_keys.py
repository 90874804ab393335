"""The main screen's keys: each with an id (to remap it), a footer label and a line of help."""

from __future__ import annotations

from textual.binding import Binding, BindingType

MAIN_BINDINGS: list[BindingType] = [
    Binding("slash", "focus_search", "Search", id="main.search", tooltip="focus the search box"),
    Binding("a", "focus_pane('#articles')", "List", id="main.list", show=False, tooltip="focus the article list"),
    Binding("r", "focus_pane('#reader')", "Reader", id="main.reader", show=False, tooltip="focus the reader"),
    Binding("e", "focus_pane('#entities')", "Entities", id="main.entities", show=False, tooltip="focus the entities"),
    Binding("t", "focus_pane('#timeline')", "Timeline", id="main.timeline", show=False, tooltip="focus the timeline"),
    Binding("escape", "escape", "Back to list", id="main.escape", show=False, tooltip="back to the list"),
    Binding("z", "zoom", "Zoom", id="main.zoom", tooltip="read full-screen, or back to the panes"),
    Binding("f", "find_here", "Find", id="main.find", show=False, tooltip="find or filter in the focused pane"),
    Binding("s", "toggle_sort", "Sort", id="main.sort", tooltip="sort results by score or date"),
    Binding(
        "v", "toggle_versions", "Versions", id="main.versions", show=False, tooltip="one row per story or every version"
    ),
    Binding("D", "date_filter", "Dates", id="main.dates", tooltip="date range filter"),
    Binding(
        "d",
        "open_dossier",
        "Dossier",
        id="main.dossier",
        show=False,
        tooltip="dossier of the name at the reader's cursor, or of the entity filtered to",
    ),
    Binding("u", "clear_entity", "Unfilter", id="main.unfilter", show=False, tooltip="remove the entity filter"),
    Binding(
        "backspace",
        "clear_entity_from_search",
        "Unfilter",
        id="main.unfilter_backspace",
        show=False,
        priority=True,
        tooltip="in an empty search box: remove the entity filter",
    ),
    Binding(
        "A",
        "toggle_all_events",
        "All events",
        id="main.all_events",
        show=False,
        tooltip="entity timeline: their events, or every event of their articles",
    ),
    Binding("less_than_sign", "back", "Back", id="main.back", tooltip="back through jumps"),
    Binding("greater_than_sign", "forward", "Fwd", id="main.forward", show=False, tooltip="forward through jumps"),
    Binding(
        "m", "bookmark", "Mark", id="main.bookmark", show=False, tooltip="bookmark the focused article, entity or event"
    ),
    Binding("b", "bookmarks", "Bookmarks", id="main.bookmarks", show=False, tooltip="list bookmarks"),
    Binding(
        "w",
        "toggle_watch",
        "Watch",
        id="main.watch",
        show=False,
        tooltip="watch the folder: index changes",
    ),
    Binding(
        "x", "export", "Export", id="main.export", show=False, tooltip="export results or article (Markdown, CSV, JSON)"
    ),
    Binding(
        "f2",
        "toggle_pane('entities')",
        "Entities",
        id="main.toggle_entities",
        show=False,
        tooltip="hide/show the entities",
    ),
    Binding(
        "f3",
        "toggle_pane('timeline')",
        "Timeline",
        id="main.toggle_timeline",
        show=False,
        tooltip="hide/show the timeline",
    ),
    Binding("f4", "toggle_pane('articles')", "List", id="main.toggle_list", show=False, tooltip="hide/show the list"),
    Binding("question_mark", "help", "Keys", id="main.help", tooltip="every key"),
    Binding(
        "ctrl+left",
        "resize('#articles', 'width', -4)",
        "Narrower list",
        id="main.narrower",
        show=False,
        tooltip="narrower article list",
    ),
    Binding(
        "ctrl+right",
        "resize('#articles', 'width', 4)",
        "Wider list",
        id="main.wider",
        show=False,
        tooltip="wider article list",
    ),
    Binding(
        "ctrl+up",
        "resize('#timeline', 'height', 2)",
        "Taller timeline",
        id="main.taller",
        show=False,
        tooltip="taller timeline",
    ),
    Binding(
        "ctrl+down",
        "resize('#timeline', 'height', -2)",
        "Shorter timeline",
        id="main.shorter",
        show=False,
        tooltip="shorter timeline",
    ),
]
