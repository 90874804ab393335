"""Pilot tests of exporting from the app: where the file went, a TimelineJS file, errors in the error style."""

from __future__ import annotations

import json

from textual.widgets import OptionList, Static

from tests.apphelpers import prebuilt_app, settle, wait_ready
from tui.screens.choose import ChooseScreen


async def _export(pilot, app, key: str) -> None:
    await pilot.press("x")
    await settle(pilot, rounds=2)
    assert isinstance(app.screen, ChooseScreen)
    options = app.screen.query_one(OptionList)
    options.highlighted = next(n for n, o in enumerate(options.options) if o.id == key)
    await pilot.press("enter")
    await settle(pilot, rounds=2)


async def test_the_timeline_exports_as_timelinejs_and_the_status_says_where(app_env, tmp_path):
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        await _export(pilot, app, "timeline.timelinejs")
        written = list((tmp_path / "exports").glob("tradetui-timeline-*.json"))
        assert len(written) == 1
        doc = json.loads(written[0].read_text())
        assert screen.timeline is not None and len(doc["events"]) == len(screen.timeline.events)
        status = screen.query_one("#status", Static)
        assert str(written[0]) in str(status.visual) and not status.has_class("-error")


async def test_an_export_that_cannot_be_written_is_an_error_on_the_status_line(app_env, tmp_path, monkeypatch):
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("TRADETUI_EXPORT_DIR", str(blocker / "exports"))
    app = prebuilt_app(*app_env)
    async with app.run_test(notifications=True, size=(120, 40)) as pilot:
        screen = await wait_ready(pilot)
        await _export(pilot, app, "results.md")
        status = screen.query_one("#status", Static)
        assert "Export failed" in str(status.visual) and status.has_class("-error")
