"""App speed: first screen on the seeds (warm index), a 100k-row result list, keypress cost;
and with --scale N[,N] every move on a generated N-article corpus.

    python bench/bench_app.py [--runs 5] [--rows 100000] [--keys 80]
    python bench/bench_app.py --scale 10000,100000 [--repeats 7]

--scale writes an N-article corpus from the seeds and the Lee corpus (as bench/run_bench.py
does: articles of pooled sentences, so reprinted sentences are shared) into bench/out/, builds
its index once and reuses both on later runs. It then drives the real app headless (Pilot)
and prints, per move, p50 and p95 of the CPU time of the interface thread and of the wall time
from the key to the settled screen. Run on demand: prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

FIRST_SCREEN = r"""
import time, sys, asyncio
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from tui.app import TradeTuiApp, MainScreen
t_imported = time.perf_counter()
async def main():
    app = TradeTuiApp()
    async with app.run_test(size=(140, 42)) as pilot:
        while True:
            s = app.screen
            if isinstance(s, MainScreen) and s.results is not None:
                break
            await pilot.pause(0.005)
        await pilot.pause()
        print(t_imported - t0, time.perf_counter() - t0)
asyncio.run(main())
"""


def first_screen(runs: int) -> list[tuple[float, float]]:
    """(imports, total) seconds from the script's start to the first results on screen."""
    times = []
    for _ in range(runs + 1):  # the first run warms the index and the OS file cache
        out = subprocess.run(
            [sys.executable, "-c", FIRST_SCREEN.format(root=str(ROOT))],
            capture_output=True,
            text=True,
            env=os.environ,
            check=True,
        )
        imports, total = out.stdout.strip().splitlines()[-1].split()
        times.append((float(imports), float(total)))
    return times[1:]


async def big_list(rows: int) -> float:
    """Milliseconds from handing a result set of `rows` hits to the list until it has rendered."""
    from textual.app import App

    from search import Hit, SearchPage
    from tui.widgets.article_list import PAGE_SIZE, ArticleList

    page = [
        Hit(
            f"a{i}",
            f"Article number {i} about trade talks",
            date(2018, 9, 1 + i % 28),
            1.0,
            f"snippet {i} with tariffs",
            ((11, 18),),
        )
        for i in range(PAGE_SIZE)
    ]

    class NoPages:
        def page(self, query: str, sort: str, offset: int) -> list[Hit]:
            return []

    class Harness(App):
        def compose(self):
            yield ArticleList(NoPages(), id="articles")

    app = Harness()
    async with app.run_test(size=(140, 42)) as pilot:
        lst = app.query_one(ArticleList)
        await pilot.pause()
        start = time.perf_counter()
        lst.results = SearchPage("trade", rows, tuple(page))
        lst.result_total = rows
        await pilot.pause()
        elapsed = time.perf_counter() - start
        lst.focus()
        for key in ("G", "g", "pagedown"):
            await pilot.press(key)
        return elapsed * 1000


async def keypresses(n: int) -> tuple[float, float]:
    """CPU milliseconds per j/k keypress in the list (reader preview included), p50 and max."""
    from tui.testing import make_corpus, prebuilt_app, settle, wait_ready

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ.update(
            TRADETUI_CACHE_DIR=str(root / "c"), TRADETUI_DATA_DIR=str(root / "d"), TRADETUI_CONFIG_DIR=str(root / "g")
        )
        app = prebuilt_app(make_corpus(root), root / "index")
        async with app.run_test(size=(140, 42)) as pilot:
            await wait_ready(pilot)

            async def cost(keys: list[str]) -> list[float]:
                out = []
                for key in keys:
                    c0 = time.process_time()
                    await pilot.press(key)
                    await settle(pilot, rounds=1)
                    out.append((time.process_time() - c0) * 1000)
                return out

            # The same loop with a key bound to nothing measures the harness itself. Idle and
            # moving blocks alternate, so that a machine whose speed drifts (shared cores)
            # drifts under both alike; each block's moves are compared with the idle block
            # next to it.
            diffs: list[float] = []
            block = 8
            for _ in range(max(1, n // block)):
                idle = await cost(["f12"] * block)
                keys = ["j" if (i // 4) % 2 == 0 else "k" for i in range(block)]  # rows 0-4 and back
                moves = await cost(keys)
                base = statistics.median(idle)
                diffs.extend(m - base for m in moves)
            return statistics.median(diffs), max(diffs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--keys", type=int, default=80)
    ap.add_argument("--scale", default="", help="corpus sizes for the moves, e.g. 10000,100000")
    ap.add_argument("--repeats", type=int, default=7, help="runs of each move (--scale)")
    args = ap.parse_args()
    if args.scale:
        from bench_scale import run_scale

        for n in (int(x) for x in args.scale.split(",")):
            run_scale(n, args.repeats, args.runs)
        return 0
    runs = first_screen(args.runs)
    times = [total for _imports, total in runs]
    imports = statistics.median(i for i, _ in runs)
    print(
        f"first screen, seeds, warm index: median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}) over {len(times)} runs; "
        f"of which importing the app {imports:.2f} s"
    )
    ms = asyncio.run(big_list(args.rows))
    print(f"{args.rows:,}-hit result to rows on screen: {ms:.1f} ms")
    p50, worst = asyncio.run(keypresses(args.keys))
    print(
        f"keypress in the list (with reader preview): CPU p50 {p50:.1f} ms, max {worst:.1f} ms "
        f"(headless, less the harness's own cost for a key bound to nothing)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
