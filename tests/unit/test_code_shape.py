"""The code stays in rooms a reader can hold: no module of the product over 500 lines,
no function over 80."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.seeds import ROOT

MODULE_LINES = 500
FUNCTION_LINES = 80
PRODUCT = sorted(p for package in ("search", "tui") for p in (ROOT / package).rglob("*.py"))


def _long_functions(source: str) -> list[tuple[str, int]]:
    """(name, lines) of every function or method of source longer than FUNCTION_LINES."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            if lines > FUNCTION_LINES:
                found.append((node.name, lines))
    return found


def test_the_product_modules_are_found():
    names = {p.relative_to(ROOT).as_posix() for p in PRODUCT}
    assert {"search/library.py", "search/evidence.py", "tui/session.py", "search/dates/candidates.py"} <= names


@pytest.mark.parametrize("path", PRODUCT, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_module_is_over_500_lines_and_no_function_over_80(path: Path):
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MODULE_LINES
    assert _long_functions(source) == []


def test_a_long_function_is_seen():
    body = "\n".join(f"    x{i} = {i}" for i in range(FUNCTION_LINES))
    assert _long_functions(f"def long():\n{body}\n") == [("long", FUNCTION_LINES + 1)]
    assert _long_functions("class A:\n    def short(self):\n        return 1\n") == []
