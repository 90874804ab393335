"""Every move of the app on a generated N-article corpus (bench_app.py --scale N).

The corpus and its index are made once under bench/out/ and reused. Each move runs several
times; per move it prints p50 and p95 of the interface thread's CPU time (time.thread_time
on the thread the app runs on) and of the wall time from the key to the settled screen.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
SIZE = (120, 40)
# A move that has not settled after this long is reported as such, not waited on for ever.
SETTLE_TIMEOUT = 120.0

FIRST_SCREEN = r"""
import time, sys, asyncio
from pathlib import Path
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from tui.app import TradeTuiApp, MainScreen
async def main():
    app = TradeTuiApp(Path({corpus!r}), Path({index!r}))
    async with app.run_test(size=(120, 40)) as pilot:
        while True:
            s = app.screen
            if isinstance(s, MainScreen) and s.results is not None:
                break
            await pilot.pause(0.005)
        await pilot.pause()
        print(time.perf_counter() - t0)
asyncio.run(main())
"""


def corpus_and_index(n: int) -> tuple[Path, Path]:
    """The N-article corpus and its built, linked index, made on the first run."""
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT))
    import run_bench

    from search import Library

    corpus, index = OUT / f"app-corpus-{n}", OUT / f"app-index-{n}"
    if not corpus.exists():
        print(f"[{n}] writing the corpus to {corpus}", flush=True)
        pool, _ = run_bench.sentence_pool(run_bench.LEE if run_bench.LEE.exists() else None)
        run_bench.write_corpus(corpus, n, pool, seed=1)
    t0 = time.perf_counter()
    with Library(corpus, index) as lib:
        report = lib.update(procs=min(2, os.cpu_count() or 1))
        built = time.perf_counter() - t0
        if report.added or report.updated:
            print(f"[{n}] indexed {report.added + report.updated} articles in {built:.0f} s", flush=True)
        t0 = time.perf_counter()
        lib.prepare_views()  # linking, the merged timeline and the tables, as the app's first start does
        print(f"[{n}] links, timeline and tables ready in {time.perf_counter() - t0:.1f} s", flush=True)
    return corpus, index


def first_screens(corpus: Path, index: Path, runs: int) -> list[float]:
    """Seconds from a fresh process's start to the first results on an existing index."""
    script = FIRST_SCREEN.format(root=str(ROOT), corpus=str(corpus), index=str(index))
    out = []
    for _ in range(runs + 1):  # the first run warms the OS file cache
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        out.append(float(done.stdout.strip().splitlines()[-1]))
    return out[1:]


async def until(pilot, ready: Callable[[], bool], what: str, timeout: float = SETTLE_TIMEOUT) -> None:
    """Let the app run until ready() holds; TimeoutError after timeout seconds."""
    deadline = time.perf_counter() + timeout
    while not ready():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{what}: not settled after {timeout} s")
        await pilot.pause(0.005)


def reader_follows(screen) -> bool:
    """Whether the reader shows the article the list points at."""
    return screen.article is not None and screen.article.article.id == screen.article_id


Move = Callable[[], Awaitable[None]]


async def timed(move: Move) -> tuple[float, float]:
    """(interface CPU ms, wall ms) of one move, from the key to the settled screen."""
    c0, w0 = time.thread_time(), time.perf_counter()
    await move()
    return (time.thread_time() - c0) * 1000, (time.perf_counter() - w0) * 1000


def summary(name: str, samples: list[tuple[float, float]], target: str) -> str:
    cpu = sorted(c for c, _ in samples)
    wall = sorted(w for _, w in samples)

    def p(xs: list[float], q: float) -> float:
        return xs[min(len(xs) - 1, max(0, round(q * len(xs) + 0.5) - 1))]

    return (
        f"  {name:<44} CPU p50 {statistics.median(cpu):7.1f} ms  p95 {p(cpu, 0.95):7.1f} ms   "
        f"wall p50 {statistics.median(wall):7.1f} ms  p95 {p(wall, 0.95):7.1f} ms   (target {target})"
    )


async def moves(corpus: Path, index: Path, repeats: int) -> list[str]:
    """Each move `repeats` times on the real app; one summary line per move."""
    from textual.command import CommandList, CommandPalette

    from tui.app import MainScreen, TradeTuiApp
    from tui.screens import main as main_screen
    from tui.testing import wait_for_workers

    main_screen.SEARCH_DEBOUNCE = 0.001  # measured apart: the typing pause is by design
    app = TradeTuiApp(corpus, index)
    lines = []
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.ready, "linking")
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await until(pilot, lambda: screen.results is not None and screen.article is not None, "first results")
        await wait_for_workers(app, SETTLE_TIMEOUT)
        lib = screen.session.lib
        top = lib.entities(kind="person")[0]

        # -- keypress in the list, with the reader following ------------------------------
        screen.query_one("#articles").focus()
        samples = []
        for n in range(repeats * 2):
            key = "j" if n % 4 < 2 else "k"

            async def list_key(key: str = key) -> None:
                before = screen.article_id
                await pilot.press(key)
                await until(pilot, lambda: screen.article_id != before, "list key")
                await until(
                    pilot,
                    lambda: screen.article is not None and screen.article.article.id == screen.article_id,
                    "reader",
                )

            samples.append(await timed(list_key))
        lines.append(summary("keypress in the list (reader follows)", samples, "<= 15 ms CPU"))

        screen.query_one("#reader").focus()
        samples = []
        for n in range(repeats * 2):
            samples.append(await timed(lambda n=n: pilot.press("j" if n % 4 < 2 else "k")))
        lines.append(summary("keypress in the reader", samples, "<= 15 ms CPU"))

        # -- search as you type: a key to the first rows -------------------------------------
        samples = []
        for word in ("tariffs", "minister", "government", "security")[: max(2, repeats // 2)]:
            await pilot.press("slash")
            await pilot.press("ctrl+a", "ctrl+k")
            await wait_for_workers(app, SETTLE_TIMEOUT)
            for i, ch in enumerate(word):

                async def type_key(ch: str = ch, typed: str = word[: i + 1]) -> None:
                    await pilot.press(ch)
                    await until(pilot, lambda: screen.results is not None and screen.results.query == typed, "search")

                samples.append(await timed(type_key))
            await pilot.press("escape")
        lines.append(summary("search as you type: key to first rows", samples, "<= 150 ms"))
        await wait_for_workers(app, SETTLE_TIMEOUT)

        # -- select the most-named person -----------------------------------------------------
        samples = []
        for _ in range(repeats):
            screen.query_one("#articles").focus()
            screen.timeline = None
            await wait_for_workers(app, SETTLE_TIMEOUT)
            old_results = screen.results

            async def select_top(old_results=old_results) -> None:
                from tui.messages import EntitySelected

                screen.post_message(EntitySelected(top.id))
                await until(
                    pilot,
                    lambda: (
                        screen.timeline is not None
                        and screen.timeline.entity == top.id
                        and screen.results is not old_results
                    ),
                    "entity",
                )

            samples.append(await timed(select_top))
        lines.append(
            summary(f"select {top.name} ({len(top.articles):,} articles): list + timeline", samples, "<= 200 ms")
        )
        await wait_for_workers(app, SETTLE_TIMEOUT)

        # -- timeline: scroll to the end of the first page and on -----------------------------
        screen.query_one("#timeline").focus()
        samples = []
        for _ in range(repeats * 2):
            samples.append(await timed(lambda: pilot.press("j")))
        lines.append(summary("keypress in the timeline", samples, "<= 15 ms CPU"))

        # -- the palette ----------------------------------------------------------------------
        samples = []
        name = top.name.split()[-1][:6]
        for _ in range(repeats):
            await pilot.press("ctrl+p")
            await until(pilot, lambda: isinstance(app.screen, CommandPalette), "palette")
            for ch in name[:-1]:
                await pilot.press(ch)
            await wait_for_workers(app, SETTLE_TIMEOUT)
            palette = app.screen
            commands = palette.query_one(CommandList)

            async def palette_key(commands: CommandList = commands) -> None:
                await pilot.press(name[-1])
                await pilot.pause()
                await wait_for_workers(app, SETTLE_TIMEOUT)
                await until(pilot, lambda: commands.option_count > 0, "palette rows")

            samples.append(await timed(palette_key))
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is screen, "palette closed")
        lines.append(summary(f"palette: a key of '{name}' to its results", samples, "<= 100 ms"))

        # -- back and forward -----------------------------------------------------------------
        # An article, then an entity, then the other way and back, each a jump of the history.
        samples = []
        second = lib.entities(kind="person")[1]
        from tui.messages import EntitySelected

        screen.post_message(EntitySelected(second.id))
        await wait_for_workers(app, SETTLE_TIMEOUT)
        await until(pilot, lambda: screen.entity_id == second.id, "second entity")
        screen.query_one("#articles").focus()
        for n in range(repeats * 2):
            key, want = ("less_than_sign", top.id) if n % 2 == 0 else ("greater_than_sign", second.id)

            async def jump(key: str = key, want: str = want) -> None:
                await pilot.press(key)
                await until(
                    pilot,
                    lambda: screen.entity_id == want and screen.timeline is not None and screen.timeline.entity == want,
                    "back/forward",
                    timeout=10.0,
                )

            samples.append(await timed(jump))
            await wait_for_workers(app, SETTLE_TIMEOUT)
        lines.append(summary("back / forward (between two people)", samples, "<= 100 ms"))
    return lines


def run_scale(n: int, repeats: int, runs: int) -> None:
    corpus, index = corpus_and_index(n)
    with tempfile.TemporaryDirectory() as tmp:
        for var, sub in (("TRADETUI_DATA_DIR", "d"), ("TRADETUI_CONFIG_DIR", "g")):
            os.environ[var] = str(Path(tmp) / sub)
        starts = first_screens(corpus, index, max(1, runs))
        lines = asyncio.run(moves(corpus, index, repeats))
    print(f"{n:,} articles (tmux-sized {SIZE[0]}x{SIZE[1]}, headless):")
    print(
        f"  {'first screen on the existing index':<44} wall median {statistics.median(starts):.2f} s, "
        f"max {max(starts):.2f} s over {len(starts)} runs   (target <= 1.0 s)"
    )
    for line in lines:
        print(line, flush=True)
