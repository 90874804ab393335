"""The guard that stops the suite when a compiled module would run an older source."""

from __future__ import annotations

import os
from pathlib import Path

from tests.compiled_sources import ROOT, compiled_sources, stale_modules

_PROJECT = """
[tool.hatch.build.targets.wheel.hooks.mypyc]
include = ["/pkg/fast.py", "/pkg/sub/other.py"]
"""


def _project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(_PROJECT, encoding="utf-8")
    for rel in ("pkg/fast.py", "pkg/sub/other.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x = 1\n", encoding="utf-8")
    return tmp_path


def _age(path: Path, seconds: int) -> None:
    st = path.stat()
    os.utime(path, (st.st_atime - seconds, st.st_mtime - seconds))


def test_the_listed_sources_are_read_from_the_build_hook(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert compiled_sources(root) == [root / "pkg/fast.py", root / "pkg/sub/other.py"]


def test_a_pure_python_install_is_never_stale(tmp_path: Path) -> None:
    assert stale_modules(_project(tmp_path)) == []


def test_a_module_compiled_before_its_source_changed_is_stale(tmp_path: Path) -> None:
    root = _project(tmp_path)
    fresh = root / "pkg/sub/other.cpython-311-x86_64-linux-gnu.so"
    fresh.write_bytes(b"")
    old = root / "pkg/fast.cpython-311-x86_64-linux-gnu.so"
    old.write_bytes(b"")
    _age(old, 60)
    assert stale_modules(root) == ["pkg/fast.py"]


def test_the_project_lists_only_sources_that_exist() -> None:
    sources = compiled_sources(ROOT)
    assert sources and all(p.is_file() and p.suffix == ".py" for p in sources)
