"""Every key bound anywhere in the app, pressed with focus in each pane and each dialog.

The keys come from the bindings themselves (the app, the screens, every widget on the
screen and every dialog), so a key added later is swept too. After each key the test
waits for workers and lets notifications render, then checks the app is still running
with no exception. The quit keys are tested apart: they must end the app cleanly.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.widgets import Input, OptionList

from tests.apphelpers import SEEDS, prebuilt_app, wait_for_workers, wait_ready
from tui.app import MainScreen, TradeTuiApp
from tui.screens.choose import ChooseScreen
from tui.screens.date_filter import DateFilterScreen
from tui.screens.help import HelpScreen
from tui.widgets.timeline_pane import TimelinePane

SIZE = (120, 40)
# A key and what it sets off (a search, an export, a dialog) take well under a second.
STEP_TIMEOUT = 20.0
QUIT_ACTIONS = {"quit", "app.quit"}


def _undated_seeds(root: Path) -> Path:
    """The seeds with their date headers removed: nothing on the timeline resolves."""
    corpus = root / "undated"
    corpus.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\A\s*date\s*[:=]?\s*\S+\s*\n", "", text, flags=re.IGNORECASE)
        (corpus / path.name).write_text(text, encoding="utf-8")
    return corpus


def _dated_seeds(root: Path) -> Path:
    import shutil

    corpus = root / "seeds"
    shutil.copytree(SEEDS, corpus)
    return corpus


CORPORA = {"seeds": _dated_seeds, "undated": _undated_seeds}


def _keys_of(classes: set[type[DOMNode]]) -> tuple[list[str], list[str]]:
    """(keys to sweep, quit keys) bound by any of these classes."""
    keys: set[str] = set()
    quit_keys: set[str] = set()
    for cls in classes:
        merged = cls._merged_bindings
        if merged is None:
            continue
        for key, bindings in merged.key_to_bindings.items():
            if any(b.action in QUIT_ACTIONS for b in bindings):
                quit_keys.add(key)
            else:
                keys.add(key)
    return sorted(keys - quit_keys), sorted(quit_keys)


def _bound_classes(app: TradeTuiApp) -> set[type[DOMNode]]:
    classes: set[type[DOMNode]] = {
        type(app),
        type(app.screen),
        HelpScreen,
        ChooseScreen,
        DateFilterScreen,
        CommandPalette,
        Input,
        OptionList,
    }
    classes.update(type(node) for node in app.screen.walk_children(with_self=True))
    return classes


async def _to_main(pilot) -> MainScreen:
    """Close every dialog, back to the main screen."""
    app = pilot.app
    for _ in range(10):
        if isinstance(app.screen, MainScreen):
            break
        app.pop_screen()
        await pilot.pause()
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def _focus(selector: str) -> Callable[[object], Awaitable[None]]:
    async def setup(pilot) -> None:
        screen = await _to_main(pilot)
        widget = screen.query_one(selector)
        for ancestor in widget.ancestors_with_self:
            ancestor.remove_class("hidden")
        widget.focus()
        await pilot.pause()

    return setup


async def _entity_filter(pilot) -> None:
    screen = await _to_main(pilot)
    screen.query_one("#entity-list").focus()
    await pilot.pause()
    await pilot.press("slash")
    await pilot.pause()


def _modal(key: str, kind: type) -> Callable[[object], Awaitable[None]]:
    async def setup(pilot) -> None:
        screen = await _to_main(pilot)
        screen.query_one("#articles").focus()
        await pilot.pause()
        await pilot.press(key)
        await _quiet(pilot)
        assert isinstance(pilot.app.screen, kind), f"{key} did not open {kind.__name__}"

    return setup


async def _bookmarks(pilot) -> None:
    screen = await _to_main(pilot)
    if not screen.files.bookmarks():
        screen.query_one("#articles").focus()
        await pilot.press("m")
        await _quiet(pilot)
    await _modal("b", ChooseScreen)(pilot)


async def _source_chooser(pilot) -> None:
    screen = await _to_main(pilot)
    timeline = screen.query_one("#timeline", TimelinePane).timeline
    events = timeline.events if timeline is not None else ()
    several = [e for e in events if len(e.sources) > 1]
    if not several:  # an undated corpus has no events to choose from
        await _focus("#event-list")(pilot)
        return
    from tui.messages import EventSelected

    screen.post_message(EventSelected(several[0].id))
    await _quiet(pilot)
    assert isinstance(pilot.app.screen, ChooseScreen)


CONTEXTS: dict[str, Callable[[object], Awaitable[None]]] = {
    "search box": _focus("#search"),
    "list": _focus("#articles"),
    "reader": _focus("#reader"),
    "entities": _focus("#entity-list"),
    "entity filter": _entity_filter,
    "timeline": _focus("#event-list"),
    "help": _modal("question_mark", HelpScreen),
    "palette": _modal("ctrl+p", CommandPalette),
    "export": _modal("x", ChooseScreen),
    "bookmarks": _bookmarks,
    "date filter": _modal("D", DateFilterScreen),
    "source chooser": _source_chooser,
}


@pytest.fixture
def no_browser(monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(TradeTuiApp, "open_url", lambda self, url, **kw: opened.append(url))
    return opened


def _place(app: TradeTuiApp) -> tuple:
    """Where keys go now: the screen on top and its focused widget."""
    return (id(app.screen), id(app.screen.focused))


async def _quiet(pilot) -> None:
    """Let the key's messages, workers and the toasts they raise run and render."""
    await wait_for_workers(pilot.app)
    await pilot.pause()


async def _press(pilot, key: str) -> None:
    await pilot.press(key)
    await _quiet(pilot)


def _alive(app: TradeTuiApp, where: str, key: str) -> None:
    assert app._exception is None, f"{key!r} in {where} raised {app._exception!r}"
    assert app.is_running, f"{key!r} in {where} ended the app"


@pytest.mark.parametrize("corpus_kind", sorted(CORPORA))
async def test_every_bound_key_in_every_pane_and_dialog(tmp_path, corpus_kind, no_browser, user_dirs):
    corpus = CORPORA[corpus_kind](tmp_path)
    app = prebuilt_app(corpus, tmp_path / "index")
    async with app.run_test(notifications=True, size=SIZE) as pilot:
        await wait_ready(pilot)
        keys, quit_keys = _keys_of(_bound_classes(app))
        assert {"m", "y", "x", "slash", "question_mark", "enter"} <= set(keys)
        assert "q" in quit_keys
        for where, setup in CONTEXTS.items():
            place = None
            for key in keys:
                # Back into the pane or dialog whenever the last key took the user elsewhere.
                if place is None or _place(app) != place:
                    await asyncio.wait_for(setup(pilot), STEP_TIMEOUT)
                    _alive(app, where, "(setting up)")
                    place = _place(app)
                await asyncio.wait_for(_press(pilot, key), STEP_TIMEOUT)
                _alive(app, where, key)
    assert app.return_code in (None, 0)


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quit_keys_end_the_app_cleanly(tmp_path, key):
    app = prebuilt_app(_dated_seeds(tmp_path), tmp_path / "index")
    async with app.run_test(notifications=True, size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press(key)
        await pilot.pause()
    assert app._exception is None
    assert app.return_code == 0
