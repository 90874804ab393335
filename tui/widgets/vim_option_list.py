"""An OptionList with vim keys."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class VimOptionList(OptionList):
    """An OptionList with vim keys."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", id="options.down", show=False, tooltip="next row"),
        Binding("k", "cursor_up", "Up", id="options.up", show=False, tooltip="previous row"),
        Binding("g", "first", "First", id="options.first", show=False, tooltip="first row"),
        Binding("G", "last", "Last", id="options.last", show=False, tooltip="last row"),
    ]
