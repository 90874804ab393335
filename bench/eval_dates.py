"""Date-expression quality and speed of the timeline extractor, against bench/gold/dates.jsonl.

    python bench/eval_dates.py [--verbose] [--repeats 5] [--json FILE]

search.timeline.find_dates(text, "body", article_date) runs on each gold text with
the gold article date.  Predictions and gold items are paired one to one: each gold
item takes the unused prediction that overlaps it most (spans overlap when
pred.start < gold.end and gold.start < pred.end).

    detection   precision = paired predictions / predictions,
                recall    = paired gold items / gold items
    resolution  a paired prediction is correct when its resolved start and end dates
                equal the gold start_date and end_date;
                precision = correct / predictions that resolved to a date,
                recall    = correct / gold items
    precision-field agreement (day/week/month/...) among correct pairs is shown too.

Speed: articles per second on one core over every article of the Lee corpus (one per
line) with a fixed article date (2001-12-05, the corpus' own period), timed with
time.perf_counter.  "cold" clears the cache of parsed absolute dates before each
repeat (what a fresh indexing process sees), "warm" keeps it.  The import of
dateparser is timed separately and excluded from both.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from corpus_paths import LEE

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from search import timeline  # noqa: E402
from search.timeline import find_dates  # noqa: E402

GOLD = HERE / "gold" / "dates.jsonl"
SPEED_DATE = date(2001, 12, 5)


def load_gold(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def group_of(article_id: str) -> str:
    return article_id.split(":", 1)[0]


def pair(gold: list[dict], preds: list) -> tuple[list[tuple[dict, object]], list[dict], list]:
    """One-to-one pairs by largest overlap; returns (pairs, unpaired gold, unpaired predictions)."""
    used: set[int] = set()
    pairs, missed = [], []
    for g in sorted(gold, key=lambda g: g["start"]):
        best, best_overlap = None, 0
        for i, p in enumerate(preds):
            if i in used:
                continue
            overlap = min(p.end, g["end"]) - max(p.start, g["start"])
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is None:
            missed.append(g)
        else:
            used.add(best)
            pairs.append((g, preds[best]))
    extra = [p for i, p in enumerate(preds) if i not in used]
    return pairs, missed, extra


def ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(rows: list[dict]) -> dict:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    wrong, missed_all, extra_all = [], [], []
    for row in rows:
        aid = row["id"]
        ref = date.fromisoformat(row["article_date"]) if row.get("article_date") else None
        preds = find_dates(row["text"], "body", ref)
        pairs, missed, extra = pair(row["dates"], preds)
        for key in (group_of(aid), "all"):
            c = counts[key]
            c["gold"] += len(row["dates"])
            c["pred"] += len(preds)
            c["pred_resolved"] += sum(p.resolved_start is not None for p in preds)
            c["paired"] += len(pairs)
        for g, p in pairs:
            ok = (
                p.resolved_start is not None
                and p.resolved_start.isoformat() == g["start_date"]
                and p.resolved_end.isoformat() == g["end_date"]
            )
            for key in (group_of(aid), "all"):
                counts[key]["correct"] += ok
                counts[key]["same_precision"] += ok and p.precision == g.get("precision")
            if not ok:
                wrong.append((aid, g, p))
        missed_all += [(aid, g) for g in missed]
        extra_all += [(aid, p) for p in extra]
    scores = {}
    for key, c in counts.items():
        dp, dr = ratio(c["paired"], c["pred"]), ratio(c["paired"], c["gold"])
        rp, rr = ratio(c["correct"], c["pred_resolved"]), ratio(c["correct"], c["gold"])
        scores[key] = {
            "gold": c["gold"],
            "predicted": c["pred"],
            "predicted_resolved": c["pred_resolved"],
            "paired": c["paired"],
            "correct": c["correct"],
            "precision_field_agrees": c["same_precision"],
            "detection": {"precision": dp, "recall": dr, "f1": f1(dp, dr)},
            "resolution": {"precision": rp, "recall": rr, "f1": f1(rp, rr)},
        }
    return {"scores": scores, "wrong": wrong, "missed": missed_all, "extra": extra_all}


def import_dateparser() -> tuple[float, float]:
    """Seconds to import dateparser (timeline imports it lazily) and for its first parse."""
    t0 = time.perf_counter()
    import dateparser

    t1 = time.perf_counter()
    dateparser.parse("November 8, 2017", languages=["en"])  # loads its language data
    return t1 - t0, time.perf_counter() - t1


def time_find_dates(texts: list[str], repeats: int, import_s: tuple[float, float]) -> dict:
    for t in texts:  # warm-up: regex compilation, dateparser's own lazy data
        find_dates(t, "body", SPEED_DATE)
    out: dict = {
        "articles": len(texts),
        "chars": sum(len(t) for t in texts),
        "repeats": repeats,
        "dateparser_import_s": import_s[0],
        "dateparser_first_parse_s": import_s[1],
    }
    for label, clear in (("cold", True), ("warm", False)):
        runs = []
        for _ in range(repeats):
            if clear:
                timeline._parse_absolute.cache_clear()
            t0 = time.perf_counter()
            for t in texts:
                find_dates(t, "body", SPEED_DATE)
            runs.append(time.perf_counter() - t0)
        med = statistics.median(runs)
        out[label] = {
            "seconds": runs,
            "articles_per_s_median": len(texts) / med,
            "articles_per_s_best": len(texts) / min(runs),
            "ms_per_article_median": 1000 * med / len(texts),
        }
    return out


def show_pred(p) -> str:
    if p.resolved_start is None:
        return f"{p.expression!r} @{p.start}-{p.end} unresolved ({p.reason})"
    return f"{p.expression!r} @{p.start}-{p.end} -> {p.resolved_start}..{p.resolved_end} [{p.precision}]"


def show_gold(g: dict) -> str:
    return (
        f"{g['expression']!r} @{g['start']}-{g['end']} = {g['start_date']}..{g['end_date']} [{g.get('precision', '')}]"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--lee", type=Path, default=LEE, help="one-article-per-line file for the speed test")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--verbose", "-v", action="store_true", help="list every mismatch")
    ap.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = ap.parse_args(argv)

    import_s = import_dateparser()  # before anything else can import it
    rows = load_gold(args.gold)
    res = evaluate(rows)
    speed = None
    if args.lee.exists():
        texts = [x for x in args.lee.read_text(encoding="utf-8").split("\n") if x.strip()]
        speed = time_find_dates(texts, args.repeats, import_s)

    n_seed = sum(group_of(r["id"]) == "seed" for r in rows)
    n_inv = sum(group_of(r["id"]) == "inv" for r in rows)
    print(
        f"Date expressions: {len(rows)} gold articles ({n_seed} seeds, {n_inv} invented,"
        f" {len(rows) - n_seed - n_inv} lee; {args.gold.name})"
    )
    for key in ("all", "seed", "lee", "inv"):
        s = res["scores"].get(key)
        if not s:
            continue
        d, r = s["detection"], s["resolution"]
        print(
            f"  {key:5} detection  P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}"
            f"  (pred {s['predicted']}, gold {s['gold']}, paired {s['paired']})"
        )
        print(
            f"  {'':5} resolution P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}"
            f"  (correct {s['correct']} / resolved {s['predicted_resolved']} / gold {s['gold']};"
            f" precision field agrees on {s['precision_field_agrees']})"
        )
    if speed:
        c, w = speed["cold"], speed["warm"]
        print(
            f"find_dates speed (1 core, {speed['articles']} lee articles, article date {SPEED_DATE}, "
            f"{speed['repeats']} repeats): cold cache {c['articles_per_s_median']:.0f} articles/s "
            f"({c['ms_per_article_median']:.2f} ms/article), warm {w['articles_per_s_median']:.0f} articles/s; "
            f"dateparser import {speed['dateparser_import_s']:.2f} s + first parse "
            f"{speed['dateparser_first_parse_s']:.2f} s (once per process, excluded)"
        )
    else:
        print(f"find_dates speed: skipped ({args.lee} not found)")

    if args.verbose:
        print("\nWrongly resolved (gold -> predicted):")
        for aid, g, p in res["wrong"]:
            print(f"  {aid:28} {show_gold(g)}\n  {'':28}   got {show_pred(p)}")
        print("\nMissed gold expressions:")
        for aid, g in res["missed"]:
            print(f"  {aid:28} {show_gold(g)}")
        print("\nPredictions with no gold counterpart:")
        for aid, p in res["extra"]:
            print(f"  {aid:28} {show_pred(p)}")

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "scores": res["scores"],
                    "speed": speed,
                    "wrong": [(a, g, show_pred(p)) for a, g, p in res["wrong"]],
                    "missed": res["missed"],
                    "extra": [(a, show_pred(p)) for a, p in res["extra"]],
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
