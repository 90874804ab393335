"""Shared fixtures: private user folders, copies of the seed corpus, opened libraries, the CLI.

Every test runs with TRADETUI_CACHE_DIR, TRADETUI_DATA_DIR, TRADETUI_CONFIG_DIR and
TRADETUI_EXPORT_DIR pointing into its own tmp_path, so nothing touches the real home folders.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from tests.compiled_sources import stale_modules

# A compiled module older than its source would test the old code (see the mypyc hook in
# pyproject.toml); checked before the first import of the core.
if _stale := stale_modules():
    pytest.exit(f"compiled modules older than their sources, run `make install`: {', '.join(_stale)}", 2)

from search import Library  # noqa: E402
from tests.seeds import SEEDS

# Property tests draw the same examples on every run, so a red suite is red again on the
# next run and on another machine; `HYPOTHESIS_PROFILE=explore` draws fresh random examples
# (and more of them) to look for new failures.
settings.register_profile("deterministic", derandomize=True, print_blob=True)
settings.register_profile("explore", max_examples=500, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

# Each folder is a layer: tests/unit the headless core and the command line, tests/ui the
# app through Textual's Pilot, tests/e2e the installed command in a real terminal, tests/pictures
# the README's PNGs and recorded session.
_LAYER_MARKS = {"unit": "unit", "ui": "ui", "e2e": "tmux", "pictures": "pictures"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test with its layer, so `-m unit` / `-m "not tmux"` pick layers."""
    for item in items:
        layer = Path(str(item.path)).parent.name
        if layer in _LAYER_MARKS:
            item.add_marker(_LAYER_MARKS[layer])


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text boxes never blink in tests: screens and snapshots do not depend on the clock."""
    from textual.widgets import Input

    original = Input.__init__

    def steady(self: Input, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        self.cursor_blink = False

    monkeypatch.setattr(Input, "__init__", steady)


_ENV_DIRS = {
    "TRADETUI_CACHE_DIR": "cache",
    "TRADETUI_DATA_DIR": "data",
    "TRADETUI_CONFIG_DIR": "config",
    "TRADETUI_EXPORT_DIR": "exports",
}


@dataclass(frozen=True)
class UserDirs:
    """The per-test folders standing in for the user's cache, data and config folders."""

    cache: Path
    data: Path
    config: Path
    exports: Path

    @property
    def overrides(self) -> Path:
        """Where the entity override file is read from."""
        return self.config / "overrides.toml"

    @property
    def article_dates(self) -> Path:
        """Where dates set by hand are kept."""
        return self.data / "article-dates.json"


def _point_env_at(base: Path, mp: pytest.MonkeyPatch) -> UserDirs:
    paths = {}
    for var, name in _ENV_DIRS.items():
        folder = base / name
        folder.mkdir(parents=True, exist_ok=True)
        mp.setenv(var, str(folder))
        paths[name] = folder
    mp.delenv("TRADETUI_CORPUS", raising=False)
    return UserDirs(**paths)


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> UserDirs:
    """Private cache, data, config and export folders for every test (autouse)."""
    return _point_env_at(tmp_path / "user", monkeypatch)


@pytest.fixture(scope="session")
def _seed_index_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds indexed once per session; tests get private copies of it."""
    base = tmp_path_factory.mktemp("seed-template")
    with pytest.MonkeyPatch.context() as mp:
        _point_env_at(base / "user", mp)
        corpus = base / "seeds"
        shutil.copytree(SEEDS, corpus)  # copy2 keeps sizes and mtimes, so copies read as unchanged
        with Library(corpus, base / "index") as lib:
            lib.update()
    return base / "index"


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    """A private copy of the bundled seed articles (tmp_path/seeds)."""
    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    return corpus


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    """An index folder of the test's own (tmp_path/index; not created)."""
    return tmp_path / "index"


@pytest.fixture
def seed_index(seed_corpus: Path, index_dir: Path, _seed_index_template: Path) -> Path:
    """index_dir already holding an up-to-date index of seed_corpus (a copy of a prebuilt one)."""
    shutil.copytree(_seed_index_template, index_dir)
    return index_dir


@pytest.fixture
def library(seed_corpus: Path, seed_index: Path) -> Iterator[Library]:
    """An opened and updated Library on seed_corpus, closed after the test."""
    lib = Library(seed_corpus, seed_index)
    lib.open()
    lib.update()
    yield lib
    lib.close()


@pytest.fixture
def make_corpus(tmp_path: Path) -> Callable[..., Path]:
    """Write a corpus folder from {relative path: text or bytes}; returns its path."""

    def make(files: dict[str, str | bytes], name: str = "corpus") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make


@pytest.fixture
def open_library(tmp_path: Path) -> Iterator[Callable[..., Library]]:
    """Open (and by default update) a Library on any corpus; every one is closed after the test."""
    opened: list[Library] = []

    def open_(corpus: Path, index: Path | None = None, *, update: bool = True, **kwargs) -> Library:
        lib = Library(corpus, index or tmp_path / f"index-{len(opened)}", **kwargs)
        opened.append(lib)
        lib.open()
        if update:
            lib.update()
        return lib

    yield open_
    for lib in opened:
        lib.close()


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run `tradetui ARGS...` in-process; returns the exit code and captured stdout/stderr."""
    from tui.cli import main

    def run(*args: str | Path) -> CliResult:
        capsys.readouterr()  # drop anything printed before
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
