"""Every binding has an id and a description, and the help screen and README list them all."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import tui
from tui.keys import SECTIONS, key_display, markdown_table, own_bindings, section_rows


def _load_tool() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "tools" / "readme_keys.py"
    spec = importlib.util.spec_from_file_location("readme_keys", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


readme_keys = _load_tool()


def _tui_classes() -> list[type[DOMNode]]:
    classes: set[type[DOMNode]] = set()
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        module = importlib.import_module(info.name)
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, DOMNode) and obj.__module__.startswith("tui."):
                classes.add(obj)
    return sorted(classes, key=lambda c: c.__qualname__)


def test_every_binding_has_an_id_a_description_and_help():
    ids: list[str] = []
    for cls in _tui_classes():
        for raw in cls.__dict__.get("BINDINGS", []):
            assert isinstance(raw, Binding), f"{cls.__name__} binds {raw!r} without a Binding"
            assert raw.id, f"{cls.__name__}: {raw.key} -> {raw.action} has no id"
            assert raw.description, f"{cls.__name__}: {raw.id} has no description"
            assert raw.tooltip, f"{cls.__name__}: {raw.id} has no help text (tooltip)"
            ids.append(raw.id)
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicated == [], f"binding ids used twice: {duplicated}"


def test_every_class_with_bindings_is_in_a_help_section():
    listed = {owner for section in SECTIONS for owner in section.owners}
    missing = [c.__name__ for c in _tui_classes() if own_bindings(c) and c not in listed]
    assert missing == [], f"bindings that the help screen does not show: {missing}"


def test_help_rows_come_from_the_bindings():
    anywhere = section_rows(SECTIONS[0])
    assert ("/", "focus the search box") in anywhere
    assert ("<", "back through jumps") in anywhere
    assert ("Ctrl+←", "narrower article list") in anywhere
    reader = dict((what, keys) for keys, what in section_rows(next(s for s in SECTIONS if s.title == "Reader")))
    assert reader["a page down"] == "PgDn Space"


@pytest.mark.parametrize(
    ("key", "shown"),
    [("down,j", "↓ j"), ("ctrl+left", "Ctrl+←"), ("ctrl+q", "Ctrl+Q"), ("f2", "F2"), ("G", "G"), ("slash", "/")],
)
def test_key_display(key, shown):
    assert key_display(key) == shown


def test_the_readme_key_table_is_up_to_date():
    readme = readme_keys.README.read_text(encoding="utf-8")
    assert readme_keys.with_table(readme, markdown_table()) == readme, (
        "README.md's key table is out of date: run python tools/readme_keys.py"
    )
    assert readme_keys.main(["--check"]) == 0


def test_a_stale_readme_table_is_found():
    readme = readme_keys.README.read_text(encoding="utf-8")
    stale = readme.replace("| `/` | anywhere | focus the search box |", "| `/` | anywhere | search |")
    assert stale != readme
    assert readme_keys.with_table(stale, markdown_table()) == readme
    with pytest.raises(ValueError):
        readme_keys.with_table("no markers here", markdown_table())
