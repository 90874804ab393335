"""The real `tradetui` command driven inside tmux: launch, search, open, select an entity, back, quit."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.apphelpers import make_corpus

pytestmark = pytest.mark.tmux

TMUX = shutil.which("tmux")


def _capture(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=False
    ).stdout


def _wait_for(session: str, needle: str, timeout: float = 30.0, gone: str = "") -> str:
    """The screen once it shows needle (and, when given, no longer shows gone)."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _capture(session)
        if needle in screen and not (gone and gone in screen):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{needle!r} never appeared (or {gone!r} never went); screen was:\n{screen}")


def _send(session: str, *keys: str) -> None:
    subprocess.run(["tmux", "send-keys", "-t", session, *keys], check=True)
    time.sleep(0.3)


def _launch(tmp_path: Path, session: str) -> None:
    corpus = make_corpus(tmp_path)
    command = Path(sys.executable).parent / "tradetui"
    assert command.exists(), "the tradetui console script is not installed"
    env = (
        f"TRADETUI_CACHE_DIR={tmp_path / 'cache'} TRADETUI_DATA_DIR={tmp_path / 'data'} "
        f"TRADETUI_CONFIG_DIR={tmp_path / 'config'} TERM=xterm-256color"
    )
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "140",
            "-y",
            "42",
            f"env -u COLUMNS -u LINES {env} {command} --corpus {corpus}; sleep 30",
            ";",
            "set-option",
            "-t",
            session,
            "window-size",
            "manual",
        ],
        check=True,
    )


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed, so the real terminal run is skipped")
def test_an_officials_quotes_in_the_dossier(tmp_path):
    session = f"tradetui-dossier-{int(time.time() * 1000) % 100000}"
    _launch(tmp_path, session)
    try:
        _wait_for(session, "4 stories · 5 articles")
        _send(session, "e")
        _send(session, "f")  # the sidebar's name filter
        _send(session, "-l", "kudlow")
        _send(session, "Enter")  # the only name left: filtered to
        _wait_for(session, "12 quotes")  # his detail, under the list
        _send(session, "e")
        _send(session, "d")
        screen = _wait_for(session, "Dossier · Larry Kudlow")
        assert "Quotes (12)" in screen and "United States" in screen
        # Read on down the quotes: the last ones come into view.
        for _ in range(12):  # the first Down highlights the first quote
            _send(session, "Down")
        screen = _wait_for(session, "at all levels")
        _send(session, "Enter")  # the article, at the quote
        _wait_for(session, " names ─")
        screen = _wait_for(session, "the two sides were in touch")  # scrolled to the sentence
        assert "Dossier ·" not in screen
        _send(session, "<")
        _wait_for(session, "Dossier · Larry Kudlow")
        _send(session, "Escape")
        _wait_for(session, " names ─")
        # In the reader, d opens the dossier of the name at the cursor (not the date dialog).
        _send(session, "r")
        _send(session, "]")
        _send(session, "d")
        screen = _wait_for(session, "Dossier · ")
        assert "The article's date" not in screen
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False, capture_output=True)


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed, so the real terminal run is skipped")
def test_real_command_in_tmux(tmp_path):
    corpus = make_corpus(tmp_path)
    command = Path(sys.executable).parent / "tradetui"
    assert command.exists(), "the tradetui console script is not installed"
    session = f"tradetui-e2e-{int(time.time() * 1000) % 100000}"
    env = (
        f"TRADETUI_CACHE_DIR={tmp_path / 'cache'} TRADETUI_DATA_DIR={tmp_path / 'data'} "
        f"TRADETUI_CONFIG_DIR={tmp_path / 'config'} TERM=xterm-256color"
    )
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "140",
            "-y",
            "42",
            # COLUMNS and LINES from the caller would override the pane's size in the app.
            f"env -u COLUMNS -u LINES {env} {command} --corpus {corpus}; sleep 30",
            # Pinned in the same call, before a client can resize the detached session.
            ";",
            "set-option",
            "-t",
            session,
            "window-size",
            "manual",
        ],
        check=True,
    )
    size = subprocess.run(
        ["tmux", "display-message", "-p", "-t", session, "#{window_width}x#{window_height}"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    assert size == "140x42", f"the terminal is {size}, not 140x42"
    try:
        _wait_for(session, "4 stories · 5 articles")
        _send(session, "/")
        _send(session, "-l", "lighthizer")
        _send(session, "Enter")
        _wait_for(session, "2 stories · 2 articles")
        _send(session, "Enter")  # read the highlighted article
        screen = _wait_for(session, "2 matches")
        assert "Top US, Chinese trade" in screen  # the best hit, now in the reader
        _send(session, "e")
        _send(session, "f")  # the sidebar's name filter
        _send(session, "-l", "mnuchin")
        _send(session, "Enter")  # the only name left: selected
        # The typed query stays; a chip beside it filters to him, and the timeline is his.
        screen = _wait_for(session, "person filter")
        assert "Steven Mnuchin" in screen and "lighthizer" in screen
        assert "filter" in screen and "mnuchin" in screen  # the name filter stays in sight while applied
        _wait_for(session, "· Steven Mnuchin ─")
        # Back: the earlier view, its list and the article read come back together, unfiltered.
        _send(session, "Escape", "Escape")
        _send(session, "<")
        # The filtered view counts the same, so the wait is for the chip to go as well.
        screen = _wait_for(session, "2 stories · 2 articles", gone="person filter")
        assert "lighthizer" in screen and "Top US, Chinese trade" in screen
        _send(session, "a")
        _send(session, "q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if "tradetui" not in _capture(session) or "Articles" not in _capture(session):
                break
            time.sleep(0.2)
        assert "Articles (" not in _capture(session), "the app did not quit on q"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False, capture_output=True)
