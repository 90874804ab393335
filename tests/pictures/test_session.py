"""The recorded session: the real command in tmux, written as an asciinema cast and a GIF of the same frames."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from screenshots.pictures import PictureError, check_renderer
from screenshots.session import HEIGHT, WIDTH, Frame, Step, cast_lines, record, typing, write_gif
from tests.apphelpers import make_corpus

ASCIINEMA = Path(sys.executable).with_name("asciinema")


def _needs(tool: str) -> None:
    if shutil.which(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI installs {tool} (.ci/run), yet it is not on PATH")
        pytest.skip(f"{tool} is not installed")


def test_the_cast_is_one_asciinema_plays(tmp_path):
    frames = [Frame(("\x1b[1mtradetui\x1b[0m", "5 results"), 1.5), Frame(("tradetui", "2 results"), 0.25)]
    lines = cast_lines(frames, "tradetui")
    header = json.loads(lines[0])
    assert (header["version"], header["width"], header["height"]) == (2, WIDTH, HEIGHT)
    events = [json.loads(line) for line in lines[1:]]
    assert [e[0] for e in events] == [0.0, 1.5, 1.75], "each frame starts when the one before has held"
    assert all(kind == "o" for _, kind, _ in events)
    assert "\x1b[2;1H5 results" in events[0][2] and "\x1b[2;1H2 results" in events[1][2]
    cast = tmp_path / "session.cast"
    cast.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert ASCIINEMA.exists(), "asciinema is installed with the test extras"
    played = subprocess.run([str(ASCIINEMA), "cat", str(cast)], capture_output=True, text=True, check=True, timeout=30)
    assert played.stdout == "".join(e[2] for e in events)


def test_a_short_session_of_the_real_app(tmp_path):
    _needs("tmux")
    try:
        check_renderer()
    except PictureError as err:
        if os.environ.get("CI"):
            pytest.fail(f"CI installs the renderer and fonts (.ci/run), yet: {err}")
        pytest.skip(str(err))
    steps = [Step((), shows="5 articles"), Step(("/",), literal=True), *typing("lighthizer", shows="2 articles")]
    frames = record(make_corpus(tmp_path), tmp_path, steps)
    assert len(frames) == len(steps)
    assert all(len(f.rows) == HEIGHT for f in frames), "every frame is the whole screen"
    assert "5 articles" in "".join(frames[0].rows) and "2 articles" in "".join(frames[-1].rows)
    assert len({f.rows for f in frames}) == len(frames), "each key changes what the screen shows"
    gif = tmp_path / "session.gif"
    write_gif(frames, gif, "tradetui", scale=0.3)
    with Image.open(gif) as drawn:
        assert getattr(drawn, "n_frames", 1) == len(frames)
        drawn.seek(len(frames) - 1)
        assert drawn.info["duration"] == round(steps[-1].seconds * 1000)
