"""SVG snapshots of the app at fixed sizes (no clock shown, cursor blink off, index prebuilt)."""

from __future__ import annotations

import pytest

from tests.apphelpers import make_corpus, prebuilt_app, settle, type_text, wait_ready


@pytest.fixture
def snap_app(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADETUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TRADETUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRADETUI_CONFIG_DIR", str(tmp_path / "config"))
    corpus = make_corpus(tmp_path)
    return prebuilt_app(corpus, tmp_path / "index")


def test_start_screen(snap_app, snap_compare):
    async def run_before(pilot):
        await wait_ready(pilot)

    assert snap_compare(snap_app, terminal_size=(140, 42), run_before=run_before)


def test_search_with_results(snap_app, snap_compare):
    async def run_before(pilot):
        await wait_ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "face-to-face meeting")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(snap_app, terminal_size=(140, 42), run_before=run_before)


def test_entity_selected(snap_app, snap_compare):
    async def run_before(pilot):
        screen = await wait_ready(pilot)
        from tui.messages import EntitySelected

        screen.post_message(EntitySelected("person:larry-kudlow"))
        await settle(pilot)
        await pilot.press("e")

    assert snap_compare(snap_app, terminal_size=(140, 42), run_before=run_before)


def test_timeline_focused(snap_app, snap_compare):
    async def run_before(pilot):
        await wait_ready(pilot)
        await pilot.press("t", "down", "down")
        await settle(pilot)

    assert snap_compare(snap_app, terminal_size=(140, 42), run_before=run_before)


def test_help_screen(snap_app, snap_compare):
    async def run_before(pilot):
        await wait_ready(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(snap_app, terminal_size=(120, 40), run_before=run_before)


def test_small_terminal_layout(snap_app, snap_compare):
    async def run_before(pilot):
        await wait_ready(pilot)

    assert snap_compare(snap_app, terminal_size=(60, 20), run_before=run_before)


def test_light_theme(snap_app, snap_compare):
    async def run_before(pilot):
        await wait_ready(pilot)
        pilot.app.theme = "textual-light"
        await pilot.press("slash")
        await type_text(pilot, "tariffs")
        await pilot.press("enter", "enter")
        await settle(pilot)

    assert snap_compare(snap_app, terminal_size=(140, 42), run_before=run_before)


def _open_dossier(entity_id: str):
    async def run_before(pilot):
        screen = await wait_ready(pilot)
        from tui.messages import DossierOpened

        screen.post_message(DossierOpened(entity_id))
        await settle(pilot)

    return run_before


def test_dossier(snap_app, snap_compare):
    assert snap_compare(snap_app, terminal_size=(120, 40), run_before=_open_dossier("person:larry-kudlow"))


def test_dossier_small_terminal(snap_app, snap_compare):
    assert snap_compare(snap_app, terminal_size=(80, 24), run_before=_open_dossier("person:larry-kudlow"))


SIZES = [(120, 40), (80, 24), (60, 20)]


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24", "60x20"])
def test_results_list(snap_app, snap_compare, size):
    async def run_before(pilot):
        await wait_ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "tariffs")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(snap_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24", "60x20"])
def test_reader_zoomed(snap_app, snap_compare, size):
    async def run_before(pilot):
        await wait_ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "tariffs")
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)

    assert snap_compare(snap_app, terminal_size=size, run_before=run_before)
