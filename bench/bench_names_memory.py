"""Memory and import cost of the extractor: RSS growth of one process after extracting 100
articles (lexicon load included), and the import time of search.entities.

    python bench/bench_names_memory.py [--lee FILE]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from corpus_paths import LEE

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lee", type=Path, default=LEE)
    args = ap.parse_args(argv)
    texts = [t for t in args.lee.read_text(encoding="utf-8").split("\n") if t.strip()][:100]
    t0 = time.perf_counter()
    import search.entities as entities

    imported = time.perf_counter() - t0
    before = rss_mb()
    ex = entities.EntityExtractor()
    for t in texts:
        ex.extract(t)
    grown = rss_mb() - before
    out = (
        subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import search.entities"],
            capture_output=True,
            text=True,
            cwd=HERE.parent,
            check=True,
        )
        .stderr.strip()
        .splitlines()[-1]
    )
    total_us = int(out.split("|")[1])
    print(f"import search.entities: {imported * 1000:.0f} ms here, {total_us / 1000:.0f} ms by -X importtime")
    print(f"RSS growth after extracting {len(texts)} articles (lexicon included): {grown:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
