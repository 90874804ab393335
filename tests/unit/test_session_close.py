"""Closing a Session while other threads still read or write through it.

The app closes its session as it quits, while thread workers may still be reading. Closing
an SQLite connection under a statement another thread runs on it crashes Python's sqlite3
module (a segmentation fault, no traceback), so the library must outlive every call under way.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tui.session import Session, SessionClosed

WAIT = 10.0  # seconds any one step may take before the test fails instead of hanging


def test_close_during_a_read_leaves_the_library_to_the_read_which_closes_it(session: Session, monkeypatch):
    lib = session.lib
    article_id = lib.article_ids()[0]
    inside, closed = threading.Event(), threading.Event()
    read_titles = lib.titles

    def titles_after_close(ids: list[str]):
        inside.set()
        assert closed.wait(WAIT)
        return read_titles(ids)  # runs its SQL after close() returned

    monkeypatch.setattr(lib, "titles", titles_after_close)
    outcome: list[object] = []

    def read() -> None:
        try:
            outcome.append(session.titles([article_id]))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcome.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        assert inside.wait(WAIT)
        session.close()  # returns at once: the read is still under way
        assert lib.store is not None, "the library was closed under a read"
    finally:
        closed.set()
        reader.join(WAIT)
    assert not reader.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], dict), outcome
    assert set(outcome[0]) == {article_id}
    assert lib.store is None, "the last read out did not close the library"
    with pytest.raises(SessionClosed):
        session.titles([article_id])
    session.close()  # a second close is fine


def test_close_while_idle_closes_at_once_and_later_reads_say_so(session: Session):
    lib = session.lib
    session.close()
    assert lib.store is None
    with pytest.raises(SessionClosed):
        session.first_page("trade", "score")


def test_close_stops_indexing_at_the_next_file_and_the_next_open_finishes(make_corpus, tmp_path: Path):
    files = {f"story-{n:02d}.txt": f"Officials met in Geneva on trade, round {n}.\n" for n in range(40)}
    corpus = make_corpus(files)
    index = tmp_path / "index"
    session = Session(corpus, index)
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done == 5:
            session.close()  # as the app does when it quits during indexing

    with pytest.raises(SessionClosed):
        session.open(progress=progress)
    assert seen == [1, 2, 3, 4, 5]
    assert session.library is not None and session.library.store is None, "the library is left open"
    # The write lock and the index are free again: the next start indexes everything.
    again = Session(corpus, index)
    try:
        report = again.open()
        assert report.added == len(files)
        assert again.count("geneva") == len(files)
    finally:
        again.close()


# Readers and a writer through the public API while the main thread closes the session, over
# several rounds, in a child process: a crash there fails this test instead of ending the run.
STRESS = r"""
import sys, threading
from datetime import date
from pathlib import Path
from tui.session import Session, SessionClosed

corpus, index, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
CALLS_BEFORE_CLOSE = 3
for _ in range(rounds):
    s = Session(corpus, index)
    s.open()
    overview = s.overview()
    entity = overview.entities[0].id
    article = s.first_page("trade", "score").hits[0].id
    reads = [
        lambda: s.entity_preview(entity),
        lambda: s.entity_detail(s.entity_view(entity)),
        lambda: (s.conflicts(), s.titles([article]), s.story_marks([article])),
        lambda: (s.first_page("trade", "score"), s.count("china"), s.read(article, "trade")),
        lambda: (s.set_date(article, date(2019, 5, 1)), s.set_date(article, None)),
    ]
    warmed = [threading.Event() for _ in reads]
    ended = []

    def run(n):
        calls = 0
        try:
            while True:
                reads[n]()
                calls += 1
                if calls == CALLS_BEFORE_CLOSE:
                    warmed[n].set()
        except SessionClosed:
            ended.append("closed")
        except BaseException as exc:
            ended.append(f"{type(exc).__name__}: {exc}")
        finally:
            warmed[n].set()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(reads))]
    for t in threads:
        t.start()
    for w in warmed:
        w.wait(30)
    s.close()
    for t in threads:
        t.join(30)
    assert not any(t.is_alive() for t in threads), "a thread did not end"
    assert ended == ["closed"] * len(reads), ended
    assert s.library.store is None, "the library was left open"
print("ok")
"""


def test_reads_and_writes_racing_close_end_cleanly(seed_corpus: Path, seed_index: Path, tmp_path: Path):
    script = tmp_path / "stress.py"
    script.write_text(STRESS, encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-X", "faulthandler", str(script), str(seed_corpus), str(seed_index), "4"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=root,
    )
    assert done.returncode == 0, f"exit {done.returncode}:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    assert done.stdout.strip() == "ok"
