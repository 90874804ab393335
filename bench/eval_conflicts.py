"""Precision and recall of the conflict finder on hand-written pairs of reports.

Each line of gold/conflicts.jsonl is two reports of one happening (or of two
happenings) from different stories, marked as disagreeing or not.

    python bench/eval_conflicts.py [--show]
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from search.conflicts import Report, find_conflicts  # noqa: E402

GOLD = Path(__file__).with_name("gold") / "conflicts.jsonl"


def _report(case: dict, side: str) -> Report:
    start = date.fromisoformat(case[side]["date"])
    end = date.fromisoformat(case.get(f"{side}_end", case[side]["date"]))
    # Reports on the same dates are one merged event; on other dates, two events.
    return Report(f"ev-{start}-{end}", f"{side}1", f"story-{side}", case[side]["text"], start, end)


def evaluate(show: bool = False) -> tuple[int, int, int, int]:
    tp = fp = fn = tn = 0
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        found = find_conflicts([_report(case, "a"), _report(case, "b")])
        predicted = bool(found)
        if predicted and case["conflict"]:
            tp += 1
        elif predicted:
            fp += 1
        elif case["conflict"]:
            fn += 1
        else:
            tn += 1
        if show and predicted != case["conflict"]:
            print("MISS" if case["conflict"] else "FALSE", case.get("field") or case.get("why"), case["a"]["text"])
            for c in found:
                print("   ", c.field, [v.value for v in c.values])
    return tp, fp, fn, tn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print the pairs it gets wrong")
    args = parser.parse_args()
    tp, fp, fn, tn = evaluate(args.show)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"pairs {tp + fp + fn + tn}: conflicts found {tp}/{tp + fn}, false alarms {fp}/{fp + tn}")
    print(f"precision {precision:.2f}  recall {recall:.2f}")


if __name__ == "__main__":
    main()
