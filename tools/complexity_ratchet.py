"""Complexity ratchet: no function may grow past the limit, and the list of exceptions only shrinks.

ruff's C901 (mccabe) reports every function over `max-complexity`; the functions that
were over it when the limit was set are listed in pyproject.toml under
[tool.tradetui.complexity] allow, as "path:function". A function not on the list fails;
a listed function that is back under the limit fails too, until it is taken off the list.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    allowed = set(config["tool"]["tradetui"]["complexity"]["allow"])
    ruff = Path(sys.executable).with_name("ruff")
    done = subprocess.run(
        # The files of listed functions ignore C901 in ruff's own run; here nothing is ignored.
        [
            str(ruff),
            "check",
            "--select",
            "C901",
            "--config",
            "lint.per-file-ignores = {}",
            "--output-format",
            "json",
            "--exit-zero",
            ".",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found = set()
    for item in json.loads(done.stdout or "[]"):
        path = Path(item["filename"]).resolve().relative_to(ROOT).as_posix()
        name = item["message"].split("`")[1]
        found.add(f"{path}:{name}")
    new, fixed = sorted(found - allowed), sorted(allowed - found)
    for entry in new:
        print(f"too complex (C901), and not on the list: {entry}; split it up")
    for entry in fixed:
        print(f"no longer too complex: {entry}; take it off [tool.tradetui.complexity] allow")
    return 1 if new or fixed else 0


if __name__ == "__main__":
    raise SystemExit(main())
