"""Fixtures of the unit layer's session tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.session import Session


@pytest.fixture
def session(seed_corpus: Path, seed_index: Path):
    """A session opened on the seeds (its index prebuilt), closed after the test."""
    s = Session(seed_corpus, seed_index)
    s.open()
    yield s
    s.close()
