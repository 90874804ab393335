"""The sources the build compiles with mypyc, and whether their compiled modules are stale.

    python tests/compiled_sources.py    # prints the sources, one a line (the Makefile's list)

A compiled module (NAME.cpython-*.so beside NAME.py) is imported in place of its source,
so after an edit it runs the old code until the package is built again (`make install`).
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compiled_sources(root: Path = ROOT) -> list[Path]:
    """The sources the mypyc build hook in pyproject.toml lists."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    hook = project["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["mypyc"]
    return [root / pattern.lstrip("/") for pattern in hook["include"]]


def stale_modules(root: Path = ROOT) -> list[str]:
    """The compiled modules older than their sources (none when the package is pure Python)."""
    stale = []
    for source in compiled_sources(root):
        built = source.parent.glob(f"{source.stem}.cpython-*.so")
        if any(so.stat().st_mtime < source.stat().st_mtime for so in built):
            stale.append(str(source.relative_to(root)))
    return stale


if __name__ == "__main__":
    sys.stdout.write("".join(f"{p.relative_to(ROOT)}\n" for p in compiled_sources()))
