"""Build search/data/names.txt.gz, the given names and surnames the extractor knows.

    python tools/build_names.py   (needs the `lexicon` extra: pip install -e '.[lexicon]')

The source is names-dataset (Apache-2.0): first and last names with a popularity rank
in each of 105 countries. A name is kept when it ranks in the top RANK (600) of at least one
country, is one word of letters (inner hyphens and apostrophes allowed) and is at least
two letters long. Each line is "name<TAB>g|s|gs" (given, surname, both), lowercased,
sorted; the file is shipped so that no run ever reads the 55 MB source.
"""

from __future__ import annotations

import gzip
import pickle
import re
import sys
from pathlib import Path

RANK = 600
OUT = Path(__file__).resolve().parent.parent / "search" / "data" / "names.txt.gz"
_WORD = re.compile(r"^[^\W\d_]{2,}(?:['’\-][^\W\d_]+)*$")


def _kept(path: Path) -> set[str]:
    with gzip.open(path, "rb") as fh:
        table = pickle.load(fh)
    out = set()
    for name, attrs in table.items():
        ranks = attrs.get("rank") or {}
        if ranks and min(ranks.values()) <= RANK and _WORD.match(name):
            out.add(name.lower())
    return out


def main() -> int:
    import names_dataset

    base = Path(names_dataset.__file__).parent / "v3"
    given = _kept(base / "first_names.pkl.gz")
    last = _kept(base / "last_names.pkl.gz")
    lines = []
    for name in sorted(given | last):
        flag = ("g" if name in given else "") + ("s" if name in last else "")
        lines.append(f"{name}\t{flag}\n")
    with gzip.GzipFile(OUT, "wb", mtime=0) as fh:
        fh.write("".join(lines).encode("utf-8"))
    print(f"{OUT.name}: {len(given)} given names, {len(last)} surnames, {OUT.stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
