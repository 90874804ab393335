"""Speed of extraction as indexing runs it, and a dump of its whole output to compare.

    python bench/bench_extraction.py [--lee FILE] [--repeats 5] [--generated N]
    python bench/bench_extraction.py --check OUT.json [--against BEFORE.json]

Speed: every article of the Lee corpus (one per line) goes through
EntityExtractor().extract(body) and find_dates(body, "body", 2001-12-05), in one
process, over several repeats after one warm-up (which also imports dateparser).
The cache of parsed absolute dates is cleared before each repeat, as a fresh
indexing process would see it.  Prints articles per second (median and best) and
CPU milliseconds per article (time.process_time, median) for each part and for the
whole.  With --generated N, the same for N articles generated as bench/run_bench.py
writes them (8-25 sentences pooled from the seeds and the Lee corpus).

Check: --check writes every mention (surface, name, kind, offsets, where, role,
side, sentence) and every quote (speaker, text, offsets, kind) that the rules give
on the seeds, the Lee articles, the texts of the gold sets and 300 generated
articles, as JSON; --against compares the dump with an earlier one and lists the
articles whose output differs (exit status 1 when any does).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from pathlib import Path

from corpus_paths import LEE

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from search.dates.resolve import parse_absolute  # noqa: E402
from search.entities import EntityExtractor  # noqa: E402
from search.timeline import find_dates  # noqa: E402

SEEDS = HERE.parent / "seeds"
GOLD = HERE / "gold"
REF = date(2001, 12, 5)
CHECK_GENERATED = 300


def timed(fn: Callable[[str], object], texts: list[str], repeats: int) -> list[tuple[float, float]]:
    """(wall seconds, CPU seconds) of each repeat over all texts."""
    runs = []
    for _ in range(repeats):
        parse_absolute.cache_clear()
        w0, c0 = time.perf_counter(), time.process_time()
        for t in texts:
            fn(t)
        runs.append((time.perf_counter() - w0, time.process_time() - c0))
    return runs


def generated_articles(n: int, lee: Path | None, seed: int = 1) -> list[str]:
    """N article bodies drawn as bench/run_bench.py draws them (8-25 pooled sentences)."""
    from run_bench import article_body, sentence_pool

    pool, _ = sentence_pool(lee if lee is not None and lee.exists() else None)
    rng = random.Random(seed * 1_000_003 + n)
    return [article_body(rng, pool) for _ in range(n)]


def _gold_texts() -> list[tuple[str, str]]:
    from eval_names import parse_gold

    out = []
    for path in sorted(GOLD.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if not line.strip():
                continue
            row = json.loads(line)
            texts = [row["text"]] if "text" in row else [row[k]["text"] for k in ("a", "b") if k in row]
            out.extend((f"{path.stem}:{n}:{i}", t) for i, t in enumerate(texts))
    for path in sorted((GOLD / "names").glob("*.txt")):
        out.extend((f"names:{a['id']}", a["text"]) for a in parse_gold(path))
    return out


def check_inputs(lee: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """(label, body, captions) of every text the check dumps."""
    from search.loader import iter_corpus_files, load_file

    out: list[tuple[str, str, tuple[str, ...]]] = []
    for path in iter_corpus_files(SEEDS):
        for art in load_file(SEEDS, path).articles:
            out.append((f"seed:{art.id}", art.body, tuple(art.captions)))
    if lee.exists():
        lines = [x for x in lee.read_text(encoding="utf-8").split("\n") if x.strip()]
        out.extend((f"lee:{i}", t, ()) for i, t in enumerate(lines))
    out.extend((label, t, ()) for label, t in _gold_texts())
    out.extend((f"gen:{i}", t, ()) for i, t in enumerate(generated_articles(CHECK_GENERATED, lee)))
    return out


def dump(lee: Path) -> dict[str, dict]:
    ex = EntityExtractor()
    out = {}
    for label, body, captions in check_inputs(lee):
        found = ex.extract(body, captions)
        out[label] = {
            "mentions": [asdict(m) for m in found.mentions],
            "quotes": [asdict(q) for q in found.quotes],
        }
    return out


def compare(now: dict[str, dict], before: dict[str, dict]) -> int:
    differ = [k for k in sorted(set(now) | set(before)) if now.get(k) != before.get(k)]
    for k in differ:
        a, b = before.get(k, {}), now.get(k, {})
        for part in ("mentions", "quotes"):
            gone = [x for x in a.get(part, []) if x not in b.get(part, [])]
            new = [x for x in b.get(part, []) if x not in a.get(part, [])]
            for x in gone:
                print(f"{k} {part} - {json.dumps(x, ensure_ascii=False)}")
            for x in new:
                print(f"{k} {part} + {json.dumps(x, ensure_ascii=False)}")
    print(f"{len(now)} texts, {len(differ)} differ")
    return 1 if differ else 0


def bench(texts: list[str], label: str, repeats: int) -> None:
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
    print(f"Extraction speed, 1 core, {n} {label} articles, {repeats} repeats:")
    for name, fn in (("names+quotes", names_and_quotes), ("dates", dates), ("all", both)):
        runs = timed(fn, texts, repeats)
        wall = [w for w, _ in runs]
        cpu = statistics.median(c for _, c in runs)
        print(
            f"  {name:13} median {n / statistics.median(wall):7.0f}/s   best {n / min(wall):7.0f}/s"
            f"   CPU {1000 * cpu / n:6.3f} ms/article ({n / cpu:6.0f}/CPU s)"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--lee", type=Path, default=LEE)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--generated", type=int, default=0, help="also time N generated articles")
    ap.add_argument("--check", type=Path, help="write the rules' whole output to this JSON file")
    ap.add_argument("--against", type=Path, help="with --check: an earlier dump to compare with")
    args = ap.parse_args(argv)
    if args.check:
        now = dump(args.lee)
        args.check.write_text(json.dumps(now, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
        if args.against:
            return compare(now, json.loads(args.against.read_text(encoding="utf-8")))
        print(f"{len(now)} texts written to {args.check}")
        return 0
    if not args.lee.exists():
        print(f"skipped: {args.lee} not found")
        return 0
    texts = [x for x in args.lee.read_text(encoding="utf-8").split("\n") if x.strip()]
    bench(texts, "Lee", args.repeats)
    if args.generated:
        bench(generated_articles(args.generated, args.lee), "generated", args.repeats)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
