"""Person, place and organisation mentions against the invented gold in bench/gold/names/.

    python bench/eval_names.py [--split tune|heldout|both] [--ner rules|spacy|auto] [-v] [--json FILE]

Gold
    bench/gold/names/{tune,heldout}.txt: articles written for the gold (no real
    article is copied), each opened by "### id | kind", with mentions marked inline:
    [[P:..]] person, [[L:..]] place, [[O:..]] organisation, and "=Full Name" after a
    person when the text writes the name otherwise. The marks are removed to give the
    text and the offsets. "heldout" is measured at the end of a change only.

Scores (exact span; each gold span can be hit once)
    per entity type (person, place, org) and per article kind (sport, markets, wire,
    headline, politics, news), micro-averaged; and (article, person) pairs: the set
    of people an article names (gold: the "=Full Name" or the surface; predicted: the
    name of each person mention after linking within the article), compared as
    lowercased names.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from search.entities import EntityExtractor  # noqa: E402

GOLD = HERE / "gold" / "names"
TYPES = {"P": "person", "L": "place", "O": "org"}
_MARK = re.compile(r"\[\[([PLO]):([^\]=]+)(?:=([^\]]+))?\]\]")


def parse_gold(path: Path) -> list[dict]:
    """Articles of one gold file: id, kind, text and mentions (type, start, end, surface, entity)."""
    articles: list[dict] = []
    for block in path.read_text(encoding="utf-8").split("\n### ")[1:]:
        head, _, body = block.partition("\n")
        aid, _, kind = (p.strip() for p in head.partition("|"))
        text, mentions, pos = [], [], 0
        out_len = 0
        raw = body.strip("\n")
        for m in _MARK.finditer(raw):
            text.append(raw[pos : m.start()])
            out_len += m.start() - pos
            surface = m.group(2)
            mentions.append(
                {
                    "type": TYPES[m.group(1)],
                    "start": out_len,
                    "end": out_len + len(surface),
                    "surface": surface,
                    "entity": m.group(3) or surface,
                }
            )
            text.append(surface)
            out_len += len(surface)
            pos = m.end()
        text.append(raw[pos:])
        articles.append({"id": aid, "kind": kind, "text": "".join(text), "mentions": mentions})
    return articles


def _prf(tp: int, pred: int, gold: int) -> dict:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "pred": pred, "gold": gold}


def score(articles: list[dict], extract) -> dict:
    """P/R/F1 per type, per kind (all types) and per kind for persons; pairs; error lists."""
    c: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, pred, gold
    pairs = [0, 0, 0]
    errors: list[str] = []
    for art in articles:
        x = extract(art["text"])
        preds = [(m.start, m.end, m.kind, m.surface) for m in x.mentions if m.kind in ("person", "place", "org")]
        gold = {(g["start"], g["end"]): g for g in art["mentions"]}
        used: set[tuple[int, int]] = set()
        for s, e, kind, surface in preds:
            g = gold.get((s, e))
            ok = g is not None and g["type"] == kind and (s, e) not in used
            if ok:
                used.add((s, e))
            for key in (kind, f"{art['kind']}", f"{art['kind']}/{kind}"):
                c[key][0] += ok
                c[key][1] += 1
            if not ok:
                want = g["type"] if g else "-"
                errors.append(f"FP {art['id']:24} {kind:6} {surface!r} (gold: {want})")
        for (s, e), g in gold.items():
            for key in (g["type"], f"{art['kind']}", f"{art['kind']}/{g['type']}"):
                c[key][2] += 1
            if (s, e) not in used:
                errors.append(f"FN {art['id']:24} {g['type']:6} {g['surface']!r}")
        want = {g["entity"].lower() for g in art["mentions"] if g["type"] == "person"}
        got = {m.name.lower() for m in x.mentions if m.kind == "person"}
        pairs[0] += len(want & got)
        pairs[1] += len(got)
        pairs[2] += len(want)
        errors.extend(f"PAIR-FP {art['id']:20} {n!r}" for n in sorted(got - want))
    out = {key: _prf(*v) for key, v in sorted(c.items())}
    all_types = [sum(c[t][i] for t in TYPES.values()) for i in range(3)]
    out["all"] = _prf(*all_types)
    out["pairs"] = _prf(*pairs)
    return {"scores": out, "errors": errors}


def extractor(ner: str):
    if ner == "rules":
        return EntityExtractor().extract
    from search.ner import make_extractor

    return make_extractor(ner).extract


def report(name: str, result: dict) -> None:
    s = result["scores"]
    print(f"{name}:")
    for key in ("person", "place", "org", "all", "pairs"):
        v = s.get(key)
        if v:
            counts = f"(tp {v['tp']}, pred {v['pred']}, gold {v['gold']})"
            print(f"  {key:22} P {v['p']:.3f}  R {v['r']:.3f}  F1 {v['f1']:.3f}  {counts}")
    for key, v in s.items():
        if key in ("person", "place", "org", "all", "pairs"):
            continue
        print(f"  {key:22} P {v['p']:.3f}  R {v['r']:.3f}  F1 {v['f1']:.3f}  (gold {v['gold']})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("tune", "heldout", "both"), default="tune")
    ap.add_argument("--ner", default="rules")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    splits = ("tune", "heldout") if args.split == "both" else (args.split,)
    extract = extractor(args.ner)
    results = {}
    for split in splits:
        results[split] = score(parse_gold(GOLD / f"{split}.txt"), extract)
        report(f"{split} ({args.ner})", results[split])
        if args.verbose:
            print("\n".join(results[split]["errors"]))
    if args.json:
        args.json.write_text(json.dumps({k: v["scores"] for k, v in results.items()}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
