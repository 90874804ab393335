"""The bundled seed articles as the tests know them: where they are and their ids."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_IDS = tuple(sorted(p.stem for p in SEEDS.glob("*.txt")))
S000, S001, S002, S003, S004 = SEED_IDS
