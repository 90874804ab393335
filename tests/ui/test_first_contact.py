"""What a new user meets first: their own folder, a bad index path, an empty folder, a bad query.

Each test here stands for a failure met in real use: indexing from inside the app, an
index path that is a file, a folder that loads nothing, a query the parser cannot read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Static

from search import IndexUnavailable, Library, NothingLoaded, pipeline
from tests.apphelpers import prebuilt_app, settle, type_text, wait_ready
from tests.seeds import ROOT
from tui.app import MainScreen, TradeTuiApp
from tui.problems import ProblemScreen
from tui.widgets.article_list import ArticleList

SIZE = (120, 40)


def _write_articles(root: Path, count: int) -> Path:
    """count distinct small articles, each naming an official and a date."""
    root.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (root / f"a{n:05d}.txt").write_text(
            f" date 2019-0{1 + n % 9}-1{n % 10}\n"
            f"Talks resume in round {n}\n\n"
            f"Trade Minister Anna Berg said on Tuesday that round {n} of the talks would "
            f"resume in Geneva. Officials expect tariff number {n * 7} to fall.\n",
            encoding="utf-8",
        )
    return root


# -- indexing in worker processes from inside a terminal app ------------------------------

_NO_STDERR_FILE = r"""
import json, sys
from pathlib import Path

class Capture:  # what a terminal app puts in place of sys.stderr: no file behind it
    def write(self, text): return len(text)
    def flush(self): pass
    def isatty(self): return True
    def fileno(self): return -1

from search import Library, pipeline

calls = []
original = pipeline.prepare_file
pipeline.prepare_file = lambda *a: calls.append(1) or original(*a)
pipeline.POOL_THRESHOLD = 4
sys.stderr = Capture()
with Library(Path(sys.argv[1]), Path(sys.argv[2])) as lib:
    report = lib.update(procs=2)
    total = lib.count("talks")
print(json.dumps({"added": report.added, "in_this_process": len(calls), "total": total}))
"""


def test_worker_processes_start_when_stderr_has_no_file(tmp_path):
    # In a fresh interpreter, as in the app: multiprocessing's helper process is started
    # on first use with sys.stderr's file descriptor, and a terminal app's is -1.
    corpus = _write_articles(tmp_path / "corpus", 40)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", _NO_STDERR_FILE, str(corpus), str(tmp_path / "ix")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"added": 40, "in_this_process": 0, "total": 40}


def test_a_pool_that_cannot_start_falls_back_to_one_process(tmp_path, monkeypatch):
    corpus = _write_articles(tmp_path / "corpus", 12)

    def refuse(*args, **kwargs):
        raise ValueError("bad value(s) in fds_to_keep")

    monkeypatch.setattr(pipeline, "POOL_THRESHOLD", 4)
    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", refuse)
    with Library(corpus, tmp_path / "ix") as lib:
        report = lib.update(procs=2)
        assert report.added == 12 and not report.skipped
        assert lib.count("talks") == 12


def test_an_article_the_extractors_fail_on_is_skipped_not_fatal(tmp_path, monkeypatch):
    corpus = _write_articles(tmp_path / "corpus", 3)
    original = pipeline.prepare_article

    def fragile(article, date_override):
        if article.id == "a00001":
            raise RecursionError("maximum recursion depth exceeded")
        return original(article, date_override)

    monkeypatch.setattr(pipeline, "prepare_article", fragile)
    with Library(corpus, tmp_path / "ix") as lib:
        report = lib.update()
        assert report.added == 2
        assert [(s.path, s.reason) for s in report.skipped] == [
            ("a00001", "could not be processed (its text is nested too deeply)")
        ]


async def test_first_launch_on_a_new_folder_of_hundreds_indexes_from_the_app(tmp_path):
    corpus = _write_articles(tmp_path / "corpus", pipeline.POOL_THRESHOLD + 50)
    app = TradeTuiApp(corpus, tmp_path / "ix")
    async with app.run_test(notifications=True, size=SIZE) as pilot:
        screen = await wait_ready(pilot, timeout=120)
        assert screen.query_one("#articles", ArticleList).total == pipeline.POOL_THRESHOLD + 50
        status = str(screen.query_one("#status", Static).visual)
        assert "Indexing" not in status and "failed" not in status
        assert f"{pipeline.POOL_THRESHOLD + 50} articles" in app.sub_title


# -- the index folder ----------------------------------------------------------------------


@pytest.mark.parametrize("where", ["a file", "under a file", "impossible"])
def test_an_index_path_that_cannot_hold_an_index_is_a_clear_error(tmp_path, seed_corpus, where):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    index = {"a file": blocker, "under a file": blocker / "index", "impossible": Path("/proc/tradetui-nope")}[where]
    lib = Library(seed_corpus, index)
    with pytest.raises(IndexUnavailable) as info:
        lib.open()
    message = str(info.value)
    assert str(index) in message and "\n" not in message
    assert "Errno" not in message and "Error" not in message
    assert blocker.read_text(encoding="utf-8") == "not a folder"  # the user's file is untouched


# -- a folder that loads nothing -------------------------------------------------------------


def _unloadable(root: Path) -> Path:
    root.mkdir()
    (root / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (root / "empty.md").write_bytes(b"")
    return root


def test_a_folder_that_loads_nothing_names_every_reason_and_leaves_no_index(tmp_path):
    corpus = _unloadable(tmp_path / "corpus")
    index = tmp_path / "ix"
    for _attempt in range(2):  # the second run says the same: nothing was kept
        lib = Library(corpus, index)
        lib.open()
        with pytest.raises(NothingLoaded) as info:
            lib.update()
        assert "nothing could be loaded" in str(info.value) and "2 files found" in str(info.value)
        assert sorted(s.path for s in info.value.skipped) == ["empty.md", "photo.txt"]
        assert not index.exists()


def test_an_empty_folder_leaves_no_index(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lib = Library(corpus, tmp_path / "ix")
    lib.open()
    with pytest.raises(NothingLoaded) as info:
        lib.update()
    assert "holds no .txt, .md, .json, .jsonl, .html, .xml, .rss, .atom, .csv, .tsv or .warc files" in str(info.value)
    assert not (tmp_path / "ix").exists()


async def _problem_screen(pilot, timeout: float = 20.0) -> ProblemScreen:
    """Wait until the problem screen is up with its text composed; raises on timeout."""
    app = pilot.app
    for _ in range(int(timeout / 0.05)):
        screen = app.screen
        if isinstance(screen, ProblemScreen) and screen.query("#problem-hint"):
            await settle(pilot)
            return screen
        await pilot.pause(0.05)
    raise AssertionError(f"no problem screen; the app shows {app.screen!r}")


async def test_the_app_on_a_folder_that_loads_nothing_says_why_and_what_to_do(tmp_path):
    corpus = _unloadable(tmp_path / "corpus")
    app = TradeTuiApp(corpus, tmp_path / "ix")
    async with app.run_test(notifications=True, size=SIZE) as pilot:
        screen = await _problem_screen(pilot)
        shown = " ".join(str(w.visual) for w in screen.query(Static))
        assert "nothing could be loaded" in shown
        assert "photo.txt" in shown and "binary" in shown and "empty.md" in shown
        assert "press r" in shown
        # The user adds an article and presses r: the app opens on it.
        _write_articles(corpus, 1)
        await pilot.press("r")
        main = await wait_ready(pilot, timeout=30)
        assert main.query_one("#articles", ArticleList).total == 1


# -- a query the parser cannot read -----------------------------------------------------------


async def test_a_bad_query_in_the_app_clears_the_results_and_says_why(tmp_path, seed_corpus):
    app = prebuilt_app(seed_corpus, tmp_path / "ix")
    async with app.run_test(notifications=True, size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "date:[nonsense to 2018]")
        await pilot.press("enter")
        await settle(pilot)
        status = screen.query_one("#status", Static)
        text = str(status.visual)
        assert "dates look like 2018, 2018-09 or 2018-09-13" in text
        assert "invalid literal" not in text and "results" not in text
        assert status.has_class("-error")
        assert screen.query_one("#articles", ArticleList).total == 0
        # A good query afterwards: results again, and the error style is gone.
        await pilot.press("slash", "ctrl+u")
        await type_text(pilot, "tariffs")
        await pilot.press("enter")
        await settle(pilot)
        assert "articles" in str(status.visual) and not status.has_class("-error")
        assert isinstance(app.screen, MainScreen)


async def test_the_app_with_an_index_path_that_is_a_file_says_so(tmp_path, seed_corpus):
    blocker = tmp_path / "passwd"
    blocker.write_text("root:x:0:0\n", encoding="utf-8")
    app = TradeTuiApp(seed_corpus, blocker)
    async with app.run_test(notifications=True, size=SIZE) as pilot:
        await _problem_screen(pilot)
        shown = " ".join(str(w.visual) for w in app.screen.query(Static))
        assert f"cannot keep the index in {blocker}: it is a file, not a folder" in shown
        assert "Error" not in shown and "Errno" not in shown
    assert blocker.read_text(encoding="utf-8") == "root:x:0:0\n"
