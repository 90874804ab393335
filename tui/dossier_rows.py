"""Plain helpers the dossier's text shares between the command line and the app."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

SPARK = "▁▂▃▄▅▆▇█"


def sparkline(counts: Sequence[int], width: int | None = None) -> str:
    """One block character per count (the highest the tallest, none as a space); with width,
    neighbouring counts are summed so the line fits."""
    values = list(counts)
    if width is not None and width > 0 and len(values) > width:
        step = -(-len(values) // width)
        values = [sum(values[i : i + step]) for i in range(0, len(values), step)]
    top = max(values, default=0)
    if top <= 0:
        return " " * len(values)
    return "".join(" " if n <= 0 else SPARK[min(len(SPARK) - 1, (n * len(SPARK) - 1) // top)] for n in values)


def day_text(day: date | None) -> str:
    """An ISO day, or 'undated'."""
    return day.isoformat() if day else "undated"
