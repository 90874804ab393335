"""The headless core never pulls in the UI libraries, and only search/engine/ knows Whoosh."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.seeds import ROOT

SEARCH_MODULES = sorted(
    ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for p in (ROOT / "search").rglob("*.py")
)
ENGINE = ROOT / "search" / "engine"


def _loaded_after_import(module: str) -> dict:
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        "mods = set(sys.modules)\n"
        "print(json.dumps({'textual': sorted(m for m in mods if m.split('.')[0] == 'textual'),"
        " 'rich': sorted(m for m in mods if m.split('.')[0] == 'rich'),"
        " 'whoosh': any(m.split('.')[0] == 'whoosh' for m in mods)}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_module_list_covers_the_core():
    assert {
        "search",
        "search.engine",
        "search.library",
        "search.loader",
        "search.entities",
        "search.linking",
        "search.timeline",
        "search.store",
        "search.models",
        "search.cleaning",
    } <= set(SEARCH_MODULES)


@pytest.mark.parametrize("module", SEARCH_MODULES)
def test_search_modules_import_neither_textual_nor_rich(module):
    loaded = _loaded_after_import(module)
    assert loaded["textual"] == []
    assert loaded["rich"] == []


def test_the_probe_does_see_modules_that_are_imported():
    # The check above would pass vacuously if the probe could not see imports at all.
    assert _loaded_after_import("search.engine")["whoosh"] is True
    assert _loaded_after_import("rich.text")["rich"] != []


_WHOOSH_IMPORT = re.compile(r"^\s*(?:from\s+whoosh\b|import\s+whoosh\b)", re.MULTILINE)
_WHOOSH_DYNAMIC = re.compile(r"""import_module\(\s*['"]whoosh|__import__\(\s*['"]whoosh""")


def test_only_engine_imports_whoosh():
    offenders = []
    checked = engine_files = 0
    for folder in ("search", "tui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            checked += 1
            text = path.read_text(encoding="utf-8")
            if path.parent == ENGINE:
                engine_files += 1
                continue
            if _WHOOSH_IMPORT.search(text) or _WHOOSH_DYNAMIC.search(text):
                offenders.append(str(path.relative_to(ROOT)))
    assert checked > 5 and engine_files >= 2
    # The search itself sees imports: the engine's own modules are full of them.
    assert _WHOOSH_IMPORT.search((ENGINE / "internals.py").read_text(encoding="utf-8"))
    assert offenders == []


def _contract_modules(name: str, key: str) -> set[str]:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [c for c in config["tool"]["importlinter"]["contracts"] if c["name"] == name]
    return set(contract[key])


def _top_level(module: str) -> str:
    """search.formats.html -> search.formats: a listed package covers its descendants."""
    return ".".join(module.split(".")[:2])


def test_import_contracts_list_every_module_of_the_core():
    # The contracts name modules one by one (import-linter has no wildcards), so a new
    # module left out of them would be left unchecked.
    core = {_top_level(m) for m in SEARCH_MODULES if m != "search"} - {"search.data"}
    private = _contract_modules("The app uses the core's public API only", "forbidden_modules")
    # search.export is part of the public API, reached as `from search import export`.
    assert core - {"search.export"} - private == set(), "add these to the public-API contract in pyproject.toml"
    whoosh_free = _contract_modules("Only the engine imports Whoosh", "source_modules")
    assert core - {"search.engine"} - whoosh_free == set(), "add these to the Whoosh contract in pyproject.toml"
