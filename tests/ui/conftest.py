"""The app's tests: a corpus of the seeds in a private folder, with private user folders."""

from __future__ import annotations

import pytest

from tests.apphelpers import make_corpus


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    """(corpus folder, index folder) for one test, its cache, data, config and exports its own."""
    for name, folder in (("CACHE", "cache"), ("DATA", "data"), ("CONFIG", "config"), ("EXPORT", "exports")):
        monkeypatch.setenv(f"TRADETUI_{name}_DIR", str(tmp_path / folder))
    return make_corpus(tmp_path), tmp_path / "index"
