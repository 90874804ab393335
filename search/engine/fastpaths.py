"""Switches for the engine's fast paths, and counts of when each ran or fell back.

Each fast path (the grouped segment flush and bulk document add, block-at-a-time
scoring) does what a stock Whoosh path does, only quicker. When one cannot run (a
writer or searcher it does not know, or its switch off) the stock path answers
instead: the answer is the same, and the fall-back is counted here and logged, so
tests and benchmarks can tell which path ran.
"""

from __future__ import annotations

import logging
from collections import Counter

# Off: every writer flushes and adds documents the way Whoosh does.
FAST_FLUSH = True
# Off: the grouped flush writes each term through Whoosh's per-term calls rather than
# encoding a field's blocks and term infos in one pass (engine/blocks.py).
FAST_TERMS = True
# Off: every query is scored by Whoosh's matchers.
BLOCK_SCORING = True

taken: Counter[str] = Counter()
fell_back: Counter[str] = Counter()
_log = logging.getLogger("search.engine")


def took(path: str) -> None:
    taken[path] += 1


def fall_back(path: str, why: str) -> None:
    """Count (and log at debug level) a fast path that did not run."""
    fell_back[path] += 1
    _log.debug("fast path %s fell back: %s", path, why)


def reset() -> None:
    taken.clear()
    fell_back.clear()
