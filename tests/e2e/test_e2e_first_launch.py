"""First launch of the real `tradetui --corpus DIR` on a big folder of its own, in tmux.

The cache folder starts empty, so the app indexes every article itself (in worker
processes: the folder is far above the pool threshold), then searches, then quits.
"""

from __future__ import annotations

import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.tmux

TMUX = shutil.which("tmux")
# Real news to draw the articles from (lee_background.cor, one article per line), when the
# TRADETUI_LEE_CORPUS environment variable names it; invented sentences otherwise.
LEE = Path(os.environ.get("TRADETUI_LEE_CORPUS") or "lee_background.cor")
WIDTH, HEIGHT = 120, 40
# More than one indexing batch (2,000 articles), so a first batch is searchable early.
ARTICLES = 2400
# Invented, so the articles holding it are exactly the ones given it below.
MARKER = "harbourmaster"
MARKED_EVERY = 3
DATED_EVERY = 4
INDEX_TIMEOUT = 120.0
STEP_TIMEOUT = 30.0
POLL = 0.2
# Any of these on any screen means indexing or the app went wrong.
FORBIDDEN = ("Indexing failed", "Indexing stopped", "unexpected error", "Traceback", "Error", "bad value")
EXITED = re.compile(r"APP-EXITED-(\d+)")
# Loaded by every Python process the app starts (PYTHONPATH): a fatal error such as a
# segmentation fault is reported, with every thread's stack, in a file of the test's own
# (the app's standard error is its screen, gone once the shell prints the exit code).
FAULT_HOOK = """\
import faulthandler, os
_folder = os.environ.get("E2E_FAULT_DIR")
if _folder:
    _log = open(os.path.join(_folder, f"fault-{os.getpid()}.log"), "w")
    faulthandler.enable(_log, all_threads=True)
"""


# -- the corpus ------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def _lee_articles() -> list[list[str]]:
    """The real articles, one per line, each split into sentences."""
    text = LEE.read_text(encoding="ascii", errors="replace")
    return [_SENTENCE_END.split(line.strip()) for line in text.splitlines() if line.strip()]


def _synthetic_articles(count: int = 300) -> list[list[str]]:
    """News-like articles from small word lists, for hosts without the shared corpus."""
    rng = random.Random(2018)
    people = [
        "Maria Keller",
        "Tom Okafor",
        "Ana Lindqvist",
        "Rajesh Menon",
        "Claire Dubois",
        "Kenji Watanabe",
        "Lucia Ferraro",
        "Samuel Osei",
    ]
    roles = [
        "the finance minister",
        "the trade envoy",
        "the central bank governor",
        "the opposition leader",
        "the port authority chief",
        "the farm lobby head",
    ]
    places = ["Rotterdam", "Valparaiso", "Mombasa", "Gdansk", "Busan", "Halifax", "Durban"]
    subjects = [
        "Steel exports",
        "Grain shipments",
        "Fuel prices",
        "Tariff talks",
        "Factory output",
        "Freight rates",
        "Bond yields",
    ]
    verbs = ["rose", "fell", "stalled", "recovered", "slowed", "doubled"]
    days = ["on Monday", "on Tuesday", "on Wednesday", "last week", "in March", "this year"]
    articles = []
    for _ in range(count):
        sentences = []
        for _ in range(rng.randint(5, 9)):
            sentences.append(
                rng.choice(
                    [
                        f"{rng.choice(subjects)} {rng.choice(verbs)} in {rng.choice(places)} {rng.choice(days)}.",
                        f"{rng.choice(people)}, {rng.choice(roles)}, said the outlook "
                        f"{rng.choice(verbs)} {rng.choice(days)}.",
                        f"Officials in {rng.choice(places)} said {rng.choice(subjects).lower()} "
                        f"{rng.choice(verbs)} after talks with {rng.choice(people)}.",
                    ]
                )
            )
        articles.append(sentences)
    return articles


def _write_corpus(folder: Path, count: int) -> int:
    """Write `count` distinct articles; returns how many hold MARKER."""
    pool = _lee_articles() if LEE.is_file() else _synthetic_articles()
    folder.mkdir(parents=True)
    marked = 0
    for n in range(count):
        first = pool[n % len(pool)]
        second = pool[(n * 7 + n // len(pool) + 1) % len(pool)]
        start = n % max(1, len(second) - 2)
        paragraphs = [
            " ".join(first[:4]),
            " ".join(second[start : start + 3]),
            f"This is article number {n} of the desk's sample.",
        ]
        if n % MARKED_EVERY == 0:
            paragraphs.append(f"The {MARKER} said the port stayed open.")
            marked += 1
        text = "\n\n".join(paragraphs) + "\n"
        if n % DATED_EVERY == 1:
            k = n // DATED_EVERY  # spreads the dates over every month of the year
            text = f" date 2018-{k % 12 + 1:02d}-{k % 28 + 1:02d}\n" + text
        (folder / f"article-{n:05d}.txt").write_text(text, encoding="utf-8")
    return marked


# -- the terminal ----------------------------------------------------------------------------


class Terminal:
    """One tmux session on a private server, read by polling its screen."""

    def __init__(self) -> None:
        tag = uuid.uuid4().hex[:10]
        self.socket = f"tradetui-first-{tag}"
        self.session = f"first-launch-{tag}"
        self.socket_path: Path | None = None
        self.last = ""
        self.watched: dict[str, bool] = {}  # text -> whether any screen so far showed it

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([TMUX or "tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check)

    def start(self, command: str) -> None:
        # One invocation: the size is pinned before any other client can make the server
        # recalculate it (a transient 80x24 resize leaves COLUMNS and LINES in the shell).
        # -f /dev/null: the user's tmux configuration has no say over the size or keys.
        subprocess.run(
            [
                TMUX or "tmux",
                "-L",
                self.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                self.session,
                "-x",
                str(WIDTH),
                "-y",
                str(HEIGHT),
                command,
                ";",
                "set-option",
                "-t",
                self.session,
                "window-size",
                "manual",
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        where = self.tmux("display-message", "-p", "#{socket_path}").stdout.strip()
        self.socket_path = Path(where) if where else None
        size = self.tmux("display-message", "-p", "-t", self.session, "#{window_width}x#{window_height}").stdout.strip()
        assert size == f"{WIDTH}x{HEIGHT}", f"the terminal is {size}, not {WIDTH}x{HEIGHT}"

    def kill(self) -> None:
        self.tmux("kill-server", check=False)
        # The server leaves its socket file behind; it is of no use to anyone after the test.
        if self.socket_path is not None and self.socket_path.name == self.socket:
            self.socket_path.unlink(missing_ok=True)

    def capture(self, history: bool = False) -> str:
        args = ["capture-pane", "-p", "-t", self.session]
        if history:
            args += ["-S", "-"]  # what scrolled off too: a crash report may be long
        return self.tmux(*args, check=False).stdout

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.session, *keys)

    def check(self, screen: str) -> None:
        for bad in FORBIDDEN:
            if bad in screen:
                raise AssertionError(f"{bad!r} appeared on screen:\n{screen}")

    def wait_for(self, what: str, ready: Callable[[str], bool], timeout: float = STEP_TIMEOUT) -> str:
        """Poll until ready(screen); every screen seen on the way is checked for failures."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.capture()
            self.last = screen
            self.check(screen)
            for text in self.watched:
                self.watched[text] = self.watched[text] or text in screen
            if ready(screen):
                return screen
            if EXITED.search(screen):
                raise AssertionError(f"the app ended while waiting for {what}:\n{self.capture(history=True)}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} did not show within {timeout:.0f} s; the last screen was:\n{screen}")
            time.sleep(POLL)


def _fault_reports(folder: Path) -> str:
    """What the fault handler wrote in any of the app's processes ('' when none failed)."""
    return "\n".join(p.read_text(errors="replace") for p in sorted(folder.glob("fault-*.log")) if p.stat().st_size)


def _results(total: int) -> re.Pattern[str]:
    """The status line's count of a finished search ("2400 results" or "... · 2400 articles", not "2400+")."""
    return re.compile(rf"(?<![\d+]){total} (?:results?|articles?)(?![\d+])")


def _top(screen: str) -> str:
    # The search box sits in the first rows, above the status line and the panes.
    return "\n".join(screen.splitlines()[:4])


def _footer(screen: str) -> str:
    lines = screen.rstrip("\n").splitlines()
    return lines[-1] if lines else ""


def _list_focused(screen: str) -> bool:
    # The footer names the list's own keys only while the article list has the focus.
    return "Read" in _footer(screen) and "Quit" in _footer(screen)


def _search_focused(screen: str) -> bool:
    # In the search box, q is a letter to type: the footer drops Quit and the list's keys.
    footer = _footer(screen)
    return "Search" in footer and "Quit" not in footer and "Read" not in footer


def _timeline_filled(screen: str) -> bool:
    # The timeline's border counts its events once indexing and linking are done.
    return re.search(r"Timeline · [1-9][\d,]* events?", screen) is not None


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed, so the real terminal run is skipped")
def test_first_launch_indexes_a_big_folder_then_searches_and_quits(tmp_path, user_dirs):
    command = Path(sys.executable).parent / "tradetui"
    assert command.exists(), "the tradetui console script is not installed"
    corpus = tmp_path / "news"
    marked = _write_corpus(corpus, ARTICLES)
    assert 0 < marked < ARTICLES
    texts = {p.read_text(encoding="utf-8") for p in corpus.glob("*.txt")}
    assert len(texts) == ARTICLES, "every article is distinct"
    assert not any(user_dirs.cache.iterdir()), "the cache folder must start empty"
    faults = tmp_path / "faults"
    faults.mkdir()
    (faults / "sitecustomize.py").write_text(FAULT_HOOK, encoding="utf-8")
    env = {
        "PYTHONPATH": faults,
        "E2E_FAULT_DIR": faults,
        "TRADETUI_CACHE_DIR": user_dirs.cache,
        "TRADETUI_DATA_DIR": user_dirs.data,
        "TRADETUI_CONFIG_DIR": user_dirs.config,
        "TRADETUI_EXPORT_DIR": user_dirs.exports,
        "TERM": "xterm-256color",
    }
    assignments = " ".join(f"{k}={shlex.quote(str(v))}" for k, v in env.items())
    # The shell stays after the app ends, so its exit code and any crash report can be read.
    # The terminal's own size decides the layout, never COLUMNS or LINES left over.
    shell = (
        f"env -u TRADETUI_CORPUS -u COLUMNS -u LINES {assignments} "
        f"{shlex.quote(str(command))} --corpus {shlex.quote(str(corpus))}; "
        "echo APP-EXITED-$?; sleep 600"
    )
    term = Terminal()
    # The title bar names the folder, its stories and its article count once indexing is done.
    title = f"tradetui — {corpus.name} · "
    counts = f" stories · {ARTICLES:,} articles · "
    term.watched[title] = False
    term.watched[counts] = False
    try:
        _first_launch(term, shell, marked, user_dirs.cache / "errors.log", title, counts)
    except AssertionError as failure:
        report = _fault_reports(faults)
        if report:
            raise AssertionError(f"{failure}\n\nthe app's fault report:\n{report}") from None
        raise
    finally:
        term.kill()
    assert not _fault_reports(faults), _fault_reports(faults)


def _first_launch(term: Terminal, shell: str, marked: int, errors_log: Path, title: str, counts: str) -> None:
    """Index, search the marker, quit: each step waits for its screen."""
    started = time.monotonic()
    term.start(shell)
    every = _results(ARTICLES)
    term.wait_for(
        f"'{ARTICLES} results' and a filled timeline",
        lambda s: every.search(s) is not None and _timeline_filled(s),
        timeout=INDEX_TIMEOUT,
    )
    indexed_in = time.monotonic() - started
    indexed_screen = term.last
    lines = indexed_screen.splitlines()
    # At the full size the footer is on the last row and the borders span every column.
    assert len(lines) == HEIGHT and "Quit" in lines[-1], (
        f"the app does not fill the {HEIGHT}-row terminal:\n{indexed_screen}"
    )
    assert max(len(line) for line in lines) == WIDTH, (
        f"the app does not fill the {WIDTH}-column terminal:\n{indexed_screen}"
    )

    term.send("/")
    term.wait_for("the search box taking the focus", _search_focused)
    term.send("-l", MARKER)
    term.wait_for(f"{MARKER!r} in the search box", lambda s: MARKER in _top(s))
    term.send("Enter")
    found = _results(marked)
    screen = term.wait_for(
        f"'{marked} results' for {MARKER!r}", lambda s: found.search(s) is not None and _list_focused(s)
    )
    assert f"Articles ({marked}" in screen

    term.send("q")
    screen = term.wait_for("the app to exit", lambda s: EXITED.search(s) is not None)
    term.check(term.capture(history=True))
    exited = EXITED.search(screen)
    assert exited is not None
    code = exited.group(1)
    assert code == "0", f"the app exited with {code}:\n{term.capture(history=True)}"
    assert not errors_log.exists(), errors_log.read_text(encoding="utf-8")[-4000:]
    assert term.watched[title] and term.watched[counts], (
        f"indexing finished in {indexed_in:.0f} s but no screen showed the title {title!r}; "
        f"the screen then was:\n{indexed_screen}"
    )
