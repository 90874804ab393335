"""Person-mention quality and speed of the entity extractor, against bench/gold/persons.jsonl.

    python bench/eval_entities.py [--verbose] [--repeats 5] [--json FILE]

Extraction
    search.entities.EntityExtractor().extract(text) runs on each gold text as the
    body (no captions; a seed text may begin with its caption line, which then is
    part of the body).  Only mentions with kind == "person" count as predictions.
    strict:  a prediction is a hit when its (start, end) equals a gold span;
             each gold span can be hit once, so a repeated span is a false positive.
    lenient: precision = predictions overlapping any gold span / predictions,
             recall    = gold spans overlapped by any prediction / gold spans.
    "after linking" scores the mentions that end up inside a person entity when all
    extracted mentions (person, candidate, org, place) go through search.linking.link,
    as Library.linked() does; candidates confirmed by linking then count as persons.

Cross-article linking
    Rows (search.linking.MentionRow) are built from the predicted person mentions of
    every gold article and linked with search.linking.link (no user overrides).
    Scoring is pairwise over the predicted mentions that strictly match a gold
    mention: two such mentions are "same" in the prediction when link() put them in
    one entity, and "same" in the gold when their normalised gold entities agree.

    Gold entity names are written per article ("Trump" in one, "Donald Trump" in
    another), so they are normalised across the whole gold file by this rule:
      * a name is split into words after turning dots into spaces; one-letter
        initials ("W", "F") are dropped; the surname is the last word, the first
        name the first word (lowercased);
      * two full names (2+ words) are one entity when their surnames are equal and
        their first names are equal or one is a prefix (3+ letters) of the other
        ("Steve"/"Steven", "Rob"/"Robert");
      * a one-word name ("Trump", "Bush", "Mnuchin") is that full-name entity when
        exactly one full-name entity in the gold file has that surname; otherwise it
        is an entity of its own (keyed by the word).
    The normalised clusters are printed with --verbose.

Speed
    Articles per second on one core over all articles of the Lee corpus (one per
    line), timed with time.perf_counter over several repeats after one warm-up.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from corpus_paths import LEE

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from search.entities import EntityExtractor  # noqa: E402
from search.linking import MentionRow, Overrides, link  # noqa: E402

GOLD = HERE / "gold" / "persons.jsonl"


# -- gold ---------------------------------------------------------------------------


def load_gold(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def group_of(article_id: str) -> str:
    return article_id.split(":", 1)[0]  # "seed" or "lee"


def _name_parts(name: str) -> list[str]:
    return [p for p in name.replace(".", " ").split() if not (len(p) == 1 and p.isalpha())]


def _first_names_agree(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_.startswith(short)


def normalise_gold_entities(names: set[str]) -> dict[str, str]:
    """Map each per-article gold entity name to a corpus-wide entity key (rule in the module doc)."""
    full: list[tuple[str, str, str]] = []  # (first, surname, name)
    single: list[tuple[str, str]] = []
    for name in sorted(names):
        parts = _name_parts(name)
        if len(parts) >= 2:
            full.append((parts[0].lower(), parts[-1].lower(), name))
        else:
            single.append(((parts[0] if parts else name).lower(), name))
    # Union full names with equal surname and agreeing first names.
    parent = {n: n for _, _, n in full}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (f1, s1, n1), (f2, s2, n2) in combinations(full, 2):
        if s1 == s2 and _first_names_agree(f1, f2):
            parent[find(n1)] = find(n2)
    key_of: dict[str, str] = {}
    for _, _, n in full:
        root = find(n)
        # The cluster key is its longest member name, for readable reports.
        members = [m for _, _, m in full if find(m) == root]
        key_of[n] = max(members, key=lambda m: (len(m), m))
    by_surname: dict[str, set[str]] = defaultdict(set)
    for _, s, n in full:
        by_surname[s].add(key_of[n])
    for word, name in single:
        options = by_surname.get(word, set())
        key_of[name] = next(iter(options)) if len(options) == 1 else f"{name} (alone)"
    return key_of


# -- extraction scoring --------------------------------------------------------------


def prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "predicted": n_pred, "gold": n_gold, "tp_pred": tp_p, "tp_gold": tp_g}


def score_mentions(gold_rows: list[dict], predicted: dict[str, list[tuple[int, int, str]]]) -> dict:
    """Strict and lenient scores per group; plus the error lists."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    fps, fns, matched = [], [], []
    for row in gold_rows:
        aid = row["id"]
        grp = group_of(aid)
        gold = [(g["start"], g["end"], g["surface"], g["entity"]) for g in row["persons"]]
        preds = predicted.get(aid, [])
        gold_spans = {(s, e): ent for s, e, _, ent in gold}
        used: set[tuple[int, int]] = set()
        for s, e, surface in preds:
            if (s, e) in gold_spans and (s, e) not in used:
                used.add((s, e))
                matched.append((aid, s, e, surface, gold_spans[(s, e)]))
                ok = True
            else:
                ok = False
                fps.append((aid, s, e, surface))
            lenient = any(s < ge and gs < e for gs, ge, _, _ in gold)
            for key in (grp, "all"):
                c = counts[key]
                c["pred"] += 1
                c["tp_strict"] += ok
                c["tp_lenient_pred"] += lenient
        for gs, ge, surface, _ in gold:
            hit = (gs, ge) in used
            lenient = any(s < ge and gs < e for s, e, _ in preds)
            if not hit:
                fns.append((aid, gs, ge, surface))
            for key in (grp, "all"):
                c = counts[key]
                c["gold"] += 1
                c["tp_lenient_gold"] += lenient
    scores = {}
    for key, c in counts.items():
        scores[key] = {
            "strict": prf(c["tp_strict"], c["pred"], c["tp_strict"], c["gold"]),
            "lenient": prf(c["tp_lenient_pred"], c["pred"], c["tp_lenient_gold"], c["gold"]),
        }
    return {"scores": scores, "false_positives": fps, "false_negatives": fns, "matched": matched}


# -- linking scoring -----------------------------------------------------------------


def score_linking(
    matched: list[tuple], predicted_entity: dict[tuple[str, int, int], str], gold_key: dict[str, str]
) -> dict:
    """Pairwise P/R/F1 over matched mentions; all pairs and cross-article pairs only."""
    items = [(aid, predicted_entity.get((aid, s, e)), gold_key[ent]) for aid, s, e, _, ent in matched]
    out = {}
    for label, cross_only in (("all_pairs", False), ("cross_article_pairs", True)):
        tp = fp = fn = 0
        for (a1, p1, g1), (a2, p2, g2) in combinations(items, 2):
            if cross_only and a1 == a2:
                continue
            same_p = p1 is not None and p1 == p2
            same_g = g1 == g2
            tp += same_p and same_g
            fp += same_p and not same_g
            fn += same_g and not same_p
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[label] = {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}
    return out


def linking_errors(matched, predicted_entity, gold_key, entity_names) -> tuple[list, list]:
    """Gold entities split over several predicted ones, and predicted ones merging gold ones."""
    by_gold: dict[str, set] = defaultdict(set)
    by_pred: dict[str, set] = defaultdict(set)
    for aid, s, e, _surface, ent in matched:
        pid = predicted_entity.get((aid, s, e))
        by_gold[gold_key[ent]].add(pid)
        if pid is not None:
            by_pred[pid].add(gold_key[ent])
    splits = [(g, sorted(entity_names.get(p, str(p)) for p in ps)) for g, ps in sorted(by_gold.items()) if len(ps) > 1]
    merges = [(entity_names.get(p, p), sorted(gs)) for p, gs in sorted(by_pred.items()) if len(gs) > 1]
    return splits, merges


def rows_for(aid: str, mentions) -> list[MentionRow]:
    return [MentionRow(aid, m.surface, m.name, m.kind, m.start, m.end, m.where, m.role, m.side) for m in mentions]


def entity_of_rows(linked, rows: list) -> dict[tuple[str, int, int], str]:
    out = {}
    for i, r in enumerate(rows):
        eid = linked.entity_of_row(i)
        if eid is not None and linked.entities[eid].kind == "person":
            out[(r.article, r.start, r.end)] = eid
    return out


# -- speed ---------------------------------------------------------------------------


def load_lee(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def time_extraction(texts: list[str], repeats: int) -> dict:
    ex = EntityExtractor()
    for t in texts:  # warm-up: gazetteer loading, regex caches
        ex.extract(t)
    runs, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        for t in texts:
            ex.extract(t)
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    chars = sum(len(t) for t in texts)
    best, med = min(runs), statistics.median(runs)
    return {
        "articles": len(texts),
        "chars": chars,
        "repeats": repeats,
        "seconds": runs,
        "articles_per_s_median": len(texts) / med,
        "articles_per_s_best": len(texts) / best,
        "chars_per_s_median": chars / med,
        "ms_per_article_median": 1000 * med / len(texts),
        # CPU time of this process: steadier than the wall clock on a machine shared with others.
        "cpu_articles_per_s_median": len(texts) / statistics.median(cpu),
    }


# -- report --------------------------------------------------------------------------


def fmt(s: dict) -> str:
    return f"P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  (pred {s['predicted']}, gold {s['gold']})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--lee", type=Path, default=LEE, help="one-article-per-line file for the speed test")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--verbose", "-v", action="store_true", help="list false positives and negatives")
    ap.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = ap.parse_args(argv)

    gold_rows = load_gold(args.gold)
    ex = EntityExtractor()
    extractions = {row["id"]: ex.extract(row["text"]) for row in gold_rows}
    predicted = {
        aid: [(m.start, m.end, m.surface) for m in x.mentions if m.kind == "person" and m.where == "body"]
        for aid, x in extractions.items()
    }
    result = score_mentions(gold_rows, predicted)

    # After cross-article linking of every mention kind, as Library.linked() does.
    all_rows = [r for aid, x in extractions.items() for r in rows_for(aid, x.mentions)]
    linked_all = link(all_rows, Overrides())
    in_person = entity_of_rows(linked_all, all_rows)
    predicted_after = {row["id"]: [] for row in gold_rows}
    surface_of = {(r.article, r.start, r.end): r.surface for r in all_rows}
    for aid, s, e in sorted(in_person):
        predicted_after[aid].append((s, e, surface_of[(aid, s, e)]))
    after = score_mentions(gold_rows, predicted_after)

    # Pairwise linking over the predicted person mentions only (as the brief defines it).
    person_rows = [
        r
        for aid, x in extractions.items()
        for r in rows_for(aid, [m for m in x.mentions if m.kind == "person" and m.where == "body"])
    ]
    linked = link(person_rows, Overrides())
    pred_entity = entity_of_rows(linked, person_rows)
    gold_names = {p["entity"] for row in gold_rows for p in row["persons"]}
    gold_key = normalise_gold_entities(gold_names)
    link_scores = score_linking(result["matched"], pred_entity, gold_key)
    link_scores_all = score_linking(result["matched"], entity_of_rows(linked_all, all_rows), gold_key)
    names = {eid: e.name for eid, e in linked.entities.items()}
    splits, merges = linking_errors(result["matched"], pred_entity, gold_key, names)

    speed = None
    if args.lee.exists():
        speed = time_extraction(load_lee(args.lee), args.repeats)

    n_seed = sum(group_of(r["id"]) == "seed" for r in gold_rows)
    print(f"Person mentions: {len(gold_rows)} gold articles ({n_seed} seeds, {len(gold_rows) - n_seed} lee)")
    for key in ("all", "seed", "lee"):
        if key not in result["scores"]:
            continue
        s = result["scores"][key]
        print(f"  {key:5} strict   {fmt(s['strict'])}")
        print(f"  {'':5} lenient  {fmt(s['lenient'])}")
    s = after["scores"]["all"]
    print(f"  after linking (all kinds -> person entities): strict {fmt(s['strict'])}")
    print(f"Cross-article linking ({len(result['matched'])} strictly matched mentions, pairwise):")
    for label, v in link_scores.items():
        print(
            f"  {label:20} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}"
            f"  (tp {v['tp']}, fp {v['fp']}, fn {v['fn']})"
        )
    v = link_scores_all["cross_article_pairs"]
    print(
        f"  {'(all kinds linked)':20} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}"
        "  cross-article pairs, rows of every kind fed to link() as Library does"
    )
    if speed:
        print(
            f"Extraction speed (1 core, {speed['articles']} lee articles, {speed['repeats']} repeats): "
            f"{speed['articles_per_s_median']:.0f} articles/s median, "
            f"{speed['articles_per_s_best']:.0f} best, {speed['ms_per_article_median']:.2f} ms/article, "
            f"{speed['chars_per_s_median'] / 1000:.0f}k chars/s; "
            f"{speed['cpu_articles_per_s_median']:.0f} articles per CPU second"
        )
    else:
        print(f"Extraction speed: skipped ({args.lee} not found)")

    if args.verbose:
        print("\nFalse positives (article, start-end, surface):")
        for aid, s, e, surface in result["false_positives"]:
            print(f"  {aid:28} {s:5}-{e:<5} {surface!r}")
        print("\nFalse negatives (article, start-end, surface):")
        for aid, s, e, surface in result["false_negatives"]:
            print(f"  {aid:28} {s:5}-{e:<5} {surface!r}")
        print("\nGold entity normalisation (per-article name -> corpus entity), where they differ:")
        for name, key in sorted(gold_key.items()):
            if name != key:
                print(f"  {name!r} -> {key!r}")
        print("\nLinking: gold entities split over several predicted entities:")
        for g, ps in splits:
            print(f"  {g!r}: {ps}")
        print("Linking: predicted entities merging several gold entities:")
        for p, gs in merges:
            print(f"  {p!r}: {gs}")

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "extraction": result["scores"],
                    "after_linking": after["scores"],
                    "linking": link_scores,
                    "linking_all_kinds": link_scores_all,
                    "speed": speed,
                    "false_positives": result["false_positives"],
                    "false_negatives": result["false_negatives"],
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
