"""The reader's line breaking must be rich's divide_line, only faster."""

from __future__ import annotations

import random

import pytest
from rich._wrap import divide_line

from tests.seeds import SEEDS
from tui.widgets.wrap import wrap_offsets


def _paragraphs() -> list[str]:
    out = [line for p in sorted(SEEDS.glob("*.txt")) for line in p.read_text(encoding="utf-8").split("\n")]
    rng = random.Random(5)
    pieces = ["a", "b", " ", "   ", "-", ".", "word", "x" * 17, "y" * 61, "naïve", "東京", "\t"]
    out += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 50))) for _ in range(800)]
    out += ["   leading spaces then words", "trailing spaces   ", "     ", "a" * 200, "ab " * 40]
    return [p for p in out if p]


@pytest.mark.parametrize("width", [10, 11, 17, 40, 60, 61, 80, 120])
def test_wrap_offsets_are_rich_divide_line(width):
    for paragraph in _paragraphs():
        assert wrap_offsets(paragraph, width) == divide_line(paragraph, width, fold=True), paragraph
