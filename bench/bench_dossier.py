"""Dossier speed: Library.dossier() and Library.together() on a corpus, and the timeline with
its events' quote speakers; prints numbers, asserts nothing.

    .venv/bin/python bench/bench_dossier.py [--corpus DIR --index DIR] [--people N]

`dossier_open_seconds(lib, names)` is the number bench_app.py can report too: the seconds
each dossier takes to read, the first (cold) and the rest.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def dossier_open_seconds(lib, names: list[str]) -> list[float]:
    """Seconds to read each of these entities' dossiers, in order."""
    out = []
    for name in names:
        t0 = time.perf_counter()
        lib.dossier(name)
        out.append(time.perf_counter() - t0)
    return out


def main() -> int:
    from search import Library

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=None, help="the corpus folder (default: the seeds)")
    p.add_argument("--index", type=Path, default=None, help="its index folder")
    p.add_argument("--people", type=int, default=10, help="how many of the most named people")
    args = p.parse_args()
    lib = Library(args.corpus, args.index)
    lib.open()
    t0 = time.perf_counter()
    lib.update(procs=2)
    lib.load_links()
    print(f"articles {lib.stats().articles}  open+update+link {time.perf_counter() - t0:.2f} s")
    people = [e.name for e in lib.entities("person", limit=args.people)]
    t0 = time.perf_counter()
    lib.timeline()
    print(f"timeline (events with their quote speakers) {time.perf_counter() - t0:.3f} s")
    times = dossier_open_seconds(lib, people)
    print(f"dossier of {people[0]!r} {times[0]:.3f} s (first)")
    if len(times) > 1:
        print(f"dossier median {statistics.median(times[1:]):.3f} s, max {max(times[1:]):.3f} s over {len(times) - 1}")
    if len(people) >= 2:
        t0 = time.perf_counter()
        lib.together(people[:2])
        print(f"together {people[0]!r} & {people[1]!r} {time.perf_counter() - t0:.3f} s")
    t0 = time.perf_counter()
    lib.timeline(person=people[0])
    print(f"timeline --person {people[0]!r} {time.perf_counter() - t0:.3f} s")
    lib.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
