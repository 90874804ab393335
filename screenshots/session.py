"""A short recorded session of the real `tradetui` in tmux: an asciinema cast, and a GIF of the same frames.

The script types into the installed command through tmux and, after each step, waits (raising on
timeout) until the screen shows what the step should show and stops changing, then keeps that
screen, with its colours, as a frame. The frames hold for fixed times, so the cast and the GIF
come out the same on every run as long as the app draws the same screens.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from rich.console import Console
from rich.text import Text

from screenshots.pictures import PictureError, render_png

WIDTH, HEIGHT = 120, 34


@dataclass(frozen=True)
class Frame:
    """One screen of the session: the pane's rows with their colour escapes, and how long it stays."""

    rows: tuple[str, ...]
    seconds: float


@dataclass(frozen=True)
class Step:
    """Keys to send, then what the screen must show before its frame is kept, and for how long."""

    keys: tuple[str, ...]
    shows: str = ""
    seconds: float = 1.5
    literal: bool = False


def typing(text: str, shows: str = "", seconds: float = 1.0) -> list[Step]:
    """Type text one key at a time, a frame a key; the last frame holds for `seconds`."""
    steps = [Step((ch,), shows=text[: i + 1], seconds=0.12, literal=True) for i, ch in enumerate(text)]
    steps[-1] = Step((text[-1],), shows=shows or text, seconds=seconds, literal=True)
    return steps


# Search, read the best hit, open an official from the sidebar and his dossier, read one of
# his quotes in its article, jump to an event, and back.
STEPS: list[Step] = [
    Step((), shows="5 articles", seconds=2.0),
    Step(("/",), seconds=0.5, literal=True),
    *typing("lighthizer", shows="2 articles"),
    Step(("Enter",), seconds=1.0),
    Step(("Enter",), shows="2 matches", seconds=2.5),
    Step(("e",), seconds=0.6),
    Step(("f",), seconds=0.4, literal=True),
    *typing("kudlow"),
    Step(("Enter",), shows="person filter", seconds=2.5),
    Step(("d",), shows="Dossier · Larry Kudlow", seconds=3.0, literal=True),
    Step(("Down",), seconds=0.8),
    Step(("Enter",), seconds=3.0),
    Step(("<",), shows="Dossier · Larry Kudlow", seconds=2.0, literal=True),
    Step(("Escape",), seconds=1.0),
    Step(("u",), seconds=1.0, literal=True),
    Step(("t",), seconds=0.8),
    Step(("Down",), seconds=0.8),
    Step(("Enter",), seconds=3.0),
    Step(("<",), seconds=2.5, literal=True),
]


class Pane:
    """A detached tmux session on a private server, running one command at a fixed size."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True)
        return done.stdout

    def rows(self) -> tuple[str, ...]:
        """The visible rows with their SGR escapes and trailing spaces kept."""
        shown = self.tmux("capture-pane", "-p", "-e", "-N", "-t", "session")
        return tuple(shown.split("\n")[:HEIGHT])

    def text(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "session")

    def settled(self, shows: str, unlike: tuple[str, ...] | None, timeout: float = 30.0) -> tuple[str, ...]:
        """The screen once it shows `shows`, differs from `unlike`, and its words stay put for half a second.

        The words, not the colours: a focused text box blinks its cursor every half second, so the
        screen is then watched for one more blink and kept with the cursor shown, on every run alike.
        """
        deadline = time.monotonic() + timeout
        last, same_since = "", time.monotonic()
        while time.monotonic() < deadline:
            words = self.text()
            if words != last:
                last, same_since = words, time.monotonic()
            elif time.monotonic() - same_since >= 0.5 and shows in words:
                rows = self._with_cursor()
                if self.text() == words and (unlike is None or rows != unlike):
                    return rows
            time.sleep(0.05)
        raise TimeoutError(f"the app never settled on a screen showing {shows!r}; it shows:\n{self.text()}")

    def _with_cursor(self, blink: float = 0.6) -> tuple[str, ...]:
        """Of the screens seen over one blink, the one with the cursor drawn (its reverse cell adds escapes)."""
        seen = {self.rows()}
        until = time.monotonic() + blink
        while time.monotonic() < until:
            time.sleep(0.05)
            seen.add(self.rows())
        return max(seen, key=lambda rows: (sum(map(len, rows)), rows))


@contextmanager
def running_app(corpus: Path, home: Path) -> Iterator[Pane]:
    """The installed `tradetui` on a corpus, in a private tmux server that is ended afterwards."""
    if shutil.which("tmux") is None:
        raise PictureError("the recorded session needs tmux (Debian package tmux)")
    command = Path(sys.executable).with_name("tradetui")
    if not command.exists():
        raise PictureError(f"the recorded session needs the installed command {command.name} (make install)")
    env = {
        "TRADETUI_CACHE_DIR": str(home / "cache"),
        "TRADETUI_DATA_DIR": str(home / "data"),
        "TRADETUI_CONFIG_DIR": str(home / "config"),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
    }
    settings = " ".join(f"{k}={v}" for k, v in env.items())
    pane = Pane(f"tradetui-session-{os.getpid()}")
    # The size is pinned in the call that makes the session, before any client can resize it.
    pane.tmux(
        "new-session", "-d", "-s", "session", "-x", str(WIDTH), "-y", str(HEIGHT),
        f"env -u COLUMNS -u LINES {settings} {command} --corpus {corpus}; sleep 60",
        ";", "set-option", "-t", "session", "window-size", "manual",
    )  # fmt: skip
    try:
        yield pane
    finally:
        subprocess.run(["tmux", "-L", pane.socket, "kill-server"], capture_output=True, check=False)


def record(corpus: Path, home: Path, steps: list[Step] = STEPS) -> list[Frame]:
    """Drive the app through the steps and keep one frame a step."""
    frames: list[Frame] = []
    with running_app(corpus, home) as pane:
        previous: tuple[str, ...] | None = None
        for step in steps:
            if step.keys:
                pane.tmux("send-keys", "-t", "session", *(("-l",) if step.literal else ()), *step.keys)
            rows = pane.settled(step.shows, previous if step.keys else None)
            frames.append(Frame(rows, step.seconds))
            previous = rows
        pane.tmux("send-keys", "-t", "session", "q")
    return frames


def cast_lines(frames: list[Frame], title: str) -> list[str]:
    """An asciicast v2 recording: a header, then each frame drawn whole at its time."""
    header = {"version": 2, "width": WIDTH, "height": HEIGHT, "title": title, "env": {"TERM": "xterm-256color"}}
    lines = [json.dumps(header)]
    at = 0.0
    for frame in frames:
        drawn = "\x1b[?25l\x1b[0m\x1b[2J" + "".join(
            f"\x1b[{row};1H{line}\x1b[0m" for row, line in enumerate(frame.rows, start=1)
        )
        lines.append(json.dumps([round(at, 3), "o", drawn]))
        at += frame.seconds
    lines.append(json.dumps([round(at, 3), "o", "\x1b[0m\x1b[2J\x1b[H\x1b[?25h"]))
    return lines


def frame_svg(frame: Frame, title: str) -> str:
    """A frame as Rich's SVG export: the same window and font as the screenshots."""
    console = Console(
        record=True, width=WIDTH, height=HEIGHT, file=io.StringIO(), force_terminal=True, color_system="truecolor"
    )
    for line in frame.rows:
        console.print(Text.from_ansi(line), no_wrap=True, crop=True, overflow="crop")
    return console.export_svg(title=title)


def write_gif(frames: list[Frame], path: Path, title: str, scale: float = 0.68) -> None:
    """An animated GIF of the frames, each drawn by the screenshots' renderer and held for its time."""
    images: list[Image.Image] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, frame in enumerate(frames):
            svg, png = Path(tmp) / f"{n}.svg", Path(tmp) / f"{n}.png"
            svg.write_text(frame_svg(frame, title), encoding="utf-8")
            render_png(svg, png, scale=scale)
            with Image.open(png) as drawn:
                images.append(drawn.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE))
    durations = [round(frame.seconds * 1000) for frame in frames]
    images[0].save(path, save_all=True, append_images=images[1:], duration=durations, loop=0, optimize=True)


def make_session(out_dir: Path, corpus: Path, title: str = "tradetui") -> tuple[Path, Path]:
    """Record the session and write session.cast and session.gif into out_dir."""
    with tempfile.TemporaryDirectory() as tmp:
        frames = record(corpus, Path(tmp))
    cast, gif = out_dir / "session.cast", out_dir / "session.gif"
    cast.write_text("\n".join(cast_lines(frames, title)) + "\n", encoding="utf-8")
    write_gif(frames, gif, title)
    return cast, gif
