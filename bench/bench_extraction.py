"""Speed of extraction as indexing runs it: names and quotes, then dates, on one core.

    python bench/bench_extraction.py [--lee FILE] [--repeats 5]

Every article of the Lee corpus (one per line) goes through
EntityExtractor().extract(body) and find_dates(body, "body", 2001-12-05), in one
process, timed with time.perf_counter over several repeats after one warm-up (which
also imports dateparser).  The cache of parsed absolute dates is cleared before each
repeat, as a fresh indexing process would see it.  Prints articles per second (median
and best) for each part and for the whole.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from search.dates.resolve import parse_absolute  # noqa: E402
from search.entities import EntityExtractor  # noqa: E402
from search.timeline import find_dates  # noqa: E402

LEE = Path("/work/shared/corpora/lee/lee_background.cor")
REF = date(2001, 12, 5)


def timed(fn, texts: list[str], repeats: int) -> list[float]:
    runs = []
    for _ in range(repeats):
        parse_absolute.cache_clear()
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        runs.append(time.perf_counter() - t0)
    return runs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lee", type=Path, default=LEE)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    if not args.lee.exists():
        print(f"skipped: {args.lee} not found")
        return 0
    texts = [x for x in args.lee.read_text(encoding="utf-8").split("\n") if x.strip()]
    ex = EntityExtractor()

    def names_and_quotes(t: str) -> None:
        ex.extract(t)

    def dates(t: str) -> None:
        find_dates(t, "body", REF)

    def both(t: str) -> None:
        ex.extract(t)
        find_dates(t, "body", REF)

    for t in texts:  # warm-up: gazetteer, regex caches, dateparser's import and data
        both(t)
    n = len(texts)
    print(f"Extraction speed, 1 core, {n} Lee articles, {args.repeats} repeats (articles/s):")
    for label, fn in (("names+quotes", names_and_quotes), ("dates", dates), ("all", both)):
        runs = timed(fn, texts, args.repeats)
        print(f"  {label:13} median {n / statistics.median(runs):7.0f}   best {n / min(runs):7.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
