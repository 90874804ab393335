"""Story grouping on a generated corpus with known near-duplicate families.

Each family is a first version and 0-4 later versions that drop, reword and add
sentences; families are drawn from disjoint sentences, and some articles of
other families reuse one or two of a family's sentences (a quote, a sign-off),
which must not join them. Prints pairwise precision and recall of the grouping,
the time it takes and the memory it holds.

    python bench/bench_stories.py --articles 20000
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlite3  # noqa: E402
import tempfile  # noqa: E402

from search.store_tables import StoryTable  # noqa: E402
from search.stories import FingerprintTable, MemoryTable, StoryConfig, StoryGrouper, fingerprints  # noqa: E402

_VOCAB_SIZE = 20_000


def _vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(_VOCAB_SIZE)]


class _Corpus:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.vocab = _vocabulary(self.rng)

    def sentence(self) -> str:
        words = self.rng.choices(self.vocab, k=self.rng.randint(8, 24))
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def reword(self, sentence: str) -> str:
        words = sentence[:-1].split()
        words[self.rng.randrange(len(words))] = self.rng.choice(self.vocab)
        return " ".join(words) + "."

    def family(self, size: int) -> list[list[str]]:
        first = [self.sentence() for _ in range(self.rng.randint(8, 30))]
        versions = [first]
        for _ in range(size - 1):
            kept = [s for s in first if self.rng.random() > 0.3]
            kept = [self.reword(s) if self.rng.random() < 0.15 else s for s in kept]
            for _ in range(self.rng.randint(0, len(first) // 2)):
                kept.insert(self.rng.randrange(len(kept) + 1), self.sentence())
            versions.append(kept)
        return versions


def build(n: int, seed: int) -> tuple[list[tuple[str, str, date]], dict[str, int]]:
    corpus = _Corpus(seed)
    rng = corpus.rng
    articles: list[tuple[str, str, date]] = []
    truth: dict[str, int] = {}
    family_no = 0
    shared_pool: list[str] = []
    start = date(2019, 1, 1)
    while len(articles) < n:
        size = min(n - len(articles), rng.choice([1, 1, 1, 2, 2, 3, 4, 5]))
        day = start + timedelta(days=rng.randrange(700))
        for version, sents in enumerate(corpus.family(size)):
            if shared_pool and rng.random() < 0.2:
                # A reused quote or sign-off from another story: not enough to join it.
                sents = sents + rng.sample(shared_pool, min(2, len(shared_pool)))
            art = f"f{family_no}v{version}"
            articles.append((art, " ".join(sents), day + timedelta(days=version)))
            truth[art] = family_no
        shared_pool.append(sents[0])
        if len(shared_pool) > 200:
            shared_pool.pop(0)
        family_no += 1
    rng.shuffle(articles)
    return articles, truth


def pairs(groups: dict[str, object]) -> set[tuple[str, str]]:
    by: dict[object, list[str]] = {}
    for art, key in groups.items():
        by.setdefault(key, []).append(art)
    out: set[tuple[str, str]] = set()
    for members in by.values():
        out.update(itertools.combinations(sorted(members), 2))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--memory", action="store_true", help="keep the table in memory, not in SQLite")
    args = parser.parse_args()
    articles, truth = build(args.articles, args.seed)
    began = time.perf_counter()
    # Fingerprints are made in the indexing worker processes; timed apart from grouping.
    prints = [(art, fingerprints(body), day) for art, body, day in articles]
    fingerprinting = time.perf_counter() - began
    del articles
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as folder:
        db = sqlite3.connect(f"{folder}/stories.sqlite")
        table: FingerprintTable = MemoryTable() if args.memory else StoryTable(db)
        grouper = StoryGrouper(table, StoryConfig())
        began = time.perf_counter()
        for art, hashes, day in prints:
            grouper.add_fingerprints(art, hashes, day)
        db.commit()
        took = time.perf_counter() - began
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        found = {a: table.story_of(a) for a, _, _ in prints}
        db.close()
    got = pairs(dict(found))
    want = pairs(dict(truth))
    tp = len(got & want)
    precision = tp / len(got) if got else 1.0
    recall = tp / len(want) if want else 1.0
    print(f"articles            {len(prints):>10,}")
    print(f"families            {len(set(truth.values())):>10,}")
    print(f"stories found       {len(set(found.values())):>10,}")
    print(f"pair precision      {precision:>10.3f}")
    print(f"pair recall         {recall:>10.3f}")
    where = "memory" if args.memory else "SQLite"
    print(f"fingerprinting      {fingerprinting:>10.2f} s  ({len(prints) / fingerprinting:,.0f} articles/s, one core)")
    print(f"grouping time       {took:>10.2f} s  ({len(prints) / took:,.0f} articles/s, {where})")
    print(f"memory held (maxrss) {(rss_after - rss_before) / 1024:>9.1f} MB")


if __name__ == "__main__":
    main()
