"""Small JSON files kept in the user's folders: read leniently, written atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def read_json_dict(path: Path) -> dict[str, Any]:
    """The JSON object saved in path; {} when it is missing, unreadable or not an object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json_atomic(path: Path, data: object, *, sort_keys: bool = False) -> None:
    """Write data as JSON to path through a temporary file, so a reader never sees half of it.

    The folder is made when missing; OSError reaches the caller, who says what failed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(data, indent=1, sort_keys=sort_keys), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
