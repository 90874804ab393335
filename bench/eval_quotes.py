"""Who said what: quote quality of the extractor, against bench/gold/quotes.jsonl.

    python bench/eval_quotes.py [--gold FILE] [--verbose] [--json FILE]

search.entities.EntityExtractor().extract(text) runs on each gold text as the body.
A predicted quote is paired with a gold quote of the same article when

    * the speakers agree: equal names, or equal last words (a surname written alone
      against the full name), compared case-insensitively; and
    * the statements agree: the characters the two spans share are at least half of
      the longer span (so a whole sentence does not pass for the clause said in it).

Each gold quote is paired once, greedily by overlap.  Scores are precision, recall
and F1 of (article, speaker, statement) triples over all quotes, then per kind:
"direct" pairs only gold and predicted quotes of kind direct, "reported" likewise
(a quote of the wrong kind counts against both).  A prediction without a kind is
taken as reported.  "text exact" counts predictions whose text is exactly the
article's characters from start to end.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from search.entities import EntityExtractor  # noqa: E402

GOLD = HERE / "gold" / "quotes.jsonl"


def load_gold(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def same_speaker(a: str, b: str) -> bool:
    a, b = a.lower().split(), b.lower().split()
    return bool(a and b) and (a == b or a[-1] == b[-1])


def overlap(g: dict, p: dict) -> float:
    shared = min(g["end"], p["end"]) - max(g["start"], p["start"])
    return shared / max(g["end"] - g["start"], p["end"] - p["start"], 1) if shared > 0 else 0.0


def pair(gold: list[dict], preds: list[dict]) -> tuple[list, list, list]:
    """(pairs, missed gold, extra predictions), each gold quote paired at most once."""
    options = sorted(
        (
            (overlap(g, p), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(preds)
            if same_speaker(g["speaker"], p["speaker"]) and overlap(g, p) >= 0.5
        ),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in options:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gold[gi], preds[pi]))
    missed = [g for i, g in enumerate(gold) if i not in used_g]
    extra = [p for i, p in enumerate(preds) if i not in used_p]
    return pairs, missed, extra


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "tp": tp,
        "predicted": n_pred,
        "gold": n_gold,
    }


def predictions(ex: EntityExtractor, text: str) -> list[dict]:
    return [
        {
            "speaker": q.speaker,
            "kind": getattr(q, "kind", "reported") or "reported",
            "start": q.start,
            "end": q.end,
            "text": q.text,
            "exact": q.text == text[q.start : q.end],
        }
        for q in ex.extract(text).quotes
        if q.where == "body"
    ]


def evaluate(rows: list[dict]) -> dict:
    ex = EntityExtractor()
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    errors: dict[str, list] = {"missed": [], "extra": []}
    exact = total = 0
    for row in rows:
        preds = predictions(ex, row["text"])
        exact += sum(p["exact"] for p in preds)
        total += len(preds)
        for kind in ("all", "direct", "reported"):
            g = [q for q in row["quotes"] if kind == "all" or q["kind"] == kind]
            p = [q for q in preds if kind == "all" or q["kind"] == kind]
            pairs, missed, extra = pair(g, p)
            c = counts[kind]
            c["tp"] += len(pairs)
            c["pred"] += len(p)
            c["gold"] += len(g)
            if kind == "all":
                errors["missed"] += [(row["id"], q) for q in missed]
                errors["extra"] += [(row["id"], q) for q in extra]
    scores = {k: prf(c["tp"], c["pred"], c["gold"]) for k, c in counts.items()}
    return {"scores": scores, "text_exact": [exact, total], **errors}


def show(q: dict) -> str:
    return f"{q['speaker']!r} [{q['kind']}] @{q['start']}-{q['end']} {q['text'][:90]!r}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--verbose", "-v", action="store_true", help="list missed and extra quotes")
    ap.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = ap.parse_args(argv)
    rows = load_gold(args.gold)
    res = evaluate(rows)
    n = sum(len(r["quotes"]) for r in rows)
    print(f"Quotes: {len(rows)} gold articles, {n} gold quotes ({args.gold.name})")
    for kind in ("all", "direct", "reported"):
        s = res["scores"][kind]
        print(
            f"  {kind:8} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
            f"  (tp {s['tp']}, pred {s['predicted']}, gold {s['gold']})"
        )
    exact, total = res["text_exact"]
    print(f"  text exact (text == article[start:end]): {exact}/{total}")
    if args.verbose:
        print("\nMissed gold quotes:")
        for aid, q in res["missed"]:
            print(f"  {aid:10} {show(q)}")
        print("\nPredictions with no gold counterpart:")
        for aid, q in res["extra"]:
            print(f"  {aid:10} {show(q)}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(res, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
