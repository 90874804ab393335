"""Watching a corpus folder: files added, changed or removed are indexed as they land.

watchfiles (inotify, FSEvents or ReadDirectoryChangesW underneath; polling where the
file system has none, or with WATCHFILES_FORCE_POLLING set) reports changes in batches.
Each batch that touches a loadable file runs the Library's incremental update, which
reads only the files whose size or time changed and drops the articles of files gone,
then hands a WatchResult to the caller's callback. The callback runs in the watching
thread: an app posts a message from it, a command line prints.

    watcher = CorpusWatcher(library, on_result)
    watcher.start()          # a background thread; watcher.run() blocks instead
    watcher.wait_ready(10)   # changes from here on are seen
    ...
    watcher.stop()
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import TradeTuiError, os_reason
from .formats import ASSET_FOLDER_ENDINGS, PAGE_SUFFIXES
from .loader import is_loadable
from .models import IndexReport

if TYPE_CHECKING:
    from .library import Library

# How long a batch of changes settles before it is indexed (a browser saving a page
# writes the page and then its assets; an export is written in pieces).
DEBOUNCE_MS = 400
_CHANGE_KINDS = {1: "added", 2: "modified", 3: "deleted"}


@dataclass(frozen=True)
class FileChange:
    """One loadable file that changed: its path relative to the corpus, and how.

    A path ending in "/" is a folder made, moved or removed (its files are not listed).
    """

    path: str
    kind: str  # added | modified | deleted


@dataclass(frozen=True)
class WatchResult:
    """What one round of re-indexing did, after the changes that set it off.

    changes is empty for the round that catches up with what changed while nobody
    watched. report is None when indexing failed; error then says why in one line.
    """

    changes: tuple[FileChange, ...]
    report: IndexReport | None
    error: str = ""


class CorpusWatcher:
    """Keeps a Library's index in step with its corpus folder until stopped."""

    def __init__(
        self,
        library: Library,
        on_result: Callable[[WatchResult], None],
        *,
        debounce_ms: int = DEBOUNCE_MS,
        procs: int = 1,
        catch_up: bool = True,
    ) -> None:
        self.library = library
        self.on_result = on_result
        self.debounce_ms = debounce_ms
        self.procs = procs
        self.catch_up = catch_up
        corpus = library.corpus
        self.root = corpus.parent if corpus.is_file() else corpus
        self._only = corpus if corpus.is_file() else None
        self._index_dir = str(library.index_dir)
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None

    # -- running -------------------------------------------------------------------

    def start(self) -> None:
        """Watch in a background thread (a daemon: it never holds the process open)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._ready.clear()
        self._thread = threading.Thread(target=self.run, name="tradetui-watch", daemon=True)
        self._thread.start()

    def run(self) -> None:
        """Watch in this thread until stop(); in the main thread Ctrl+C raises KeyboardInterrupt."""
        import watchfiles

        try:
            for batch in watchfiles.watch(
                self.root,
                watch_filter=self._wanted,
                stop_event=self._stop,
                debounce=self.debounce_ms,
                step=50,
                rust_timeout=200,
                yield_on_timeout=True,
                # Ctrl+C reaches a command running run() as KeyboardInterrupt.
                raise_interrupt=threading.current_thread() is threading.main_thread(),
                ignore_permission_denied=True,
            ):
                if not self._ready.is_set():
                    # Watching from here on: catch up with what changed before, then say so.
                    if self.catch_up:
                        self._reindex(())
                    self._ready.set()
                changes = self._changes(batch)
                if changes:
                    self._reindex(changes)
        except (OSError, RuntimeError) as exc:
            reason = os_reason(exc) if isinstance(exc, OSError) else str(exc) or "the watcher stopped"
            self.on_result(WatchResult((), None, f"cannot watch {self.root}: {reason}"))
        finally:
            self._ready.set()  # nobody waits for a watcher that has ended

    def wait_ready(self, timeout: float) -> None:
        """Return once changes are being seen; TimeoutError after timeout seconds."""
        if not self._ready.wait(timeout):
            raise TimeoutError(f"the watcher did not start within {timeout} s")

    def stop(self, timeout: float = 10.0) -> None:
        """Stop watching (after the round of indexing under way, if any)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
            if thread.is_alive():
                raise TimeoutError(f"the watcher did not stop within {timeout} s")
        self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> CorpusWatcher:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what counts -----------------------------------------------------------------

    def _wanted(self, change: object, path: str) -> bool:
        """True for a loadable file or a folder of the corpus (not hidden, not assets, not the index).

        Folders count because a file written into a folder just made can come before the
        folder is watched, and a folder moved away takes its files without a word about
        them: the update that follows walks the corpus and finds them either way.
        """
        if path.startswith(self._index_dir):
            return False
        if self._only is not None:
            return path == str(self._only)
        rel = os.path.relpath(path, self.root)
        if rel.startswith("..") or rel == ".":
            return False
        parts = rel.split(os.sep)
        if any(p.startswith(".") for p in parts):
            return False
        if not is_loadable(parts[-1]) and not _maybe_folder(change, path):
            return False
        return not any(_is_asset_folder(self.root.joinpath(*parts[: i + 1])) for i in range(len(parts)))

    def _changes(self, batch: Iterable[tuple[object, str]]) -> tuple[FileChange, ...]:
        out: dict[str, str] = {}
        for change, path in batch:
            rel = Path(os.path.relpath(path, self.root)).as_posix()
            if not is_loadable(os.path.basename(path)):
                rel += "/"  # a folder: its files are found by the walk
            kind = _CHANGE_KINDS.get(int(change), "modified")  # type: ignore[call-overload]
            if out.get(rel) == "added" and kind == "modified":
                continue  # a file written in several pieces is still new
            out[rel] = kind
        return tuple(FileChange(rel, kind) for rel, kind in sorted(out.items()))

    # -- indexing --------------------------------------------------------------------

    def _reindex(self, changes: tuple[FileChange, ...]) -> None:
        library = self.library
        try:
            if library.store is None:  # closed after its corpus was emptied: look again
                library.open()
            report = library.update(procs=self.procs)
        except TradeTuiError as exc:
            self.on_result(WatchResult(changes, None, str(exc)))
            return
        if changes or report.added or report.updated or report.deleted:
            self.on_result(WatchResult(changes, report))


def _maybe_folder(change: object, path: str) -> bool:
    """True for a folder, or a path gone that may have been one (a name without a suffix)."""
    if int(change) == 3:  # type: ignore[call-overload]  # deleted
        return "." not in os.path.basename(path)
    return os.path.isdir(path)


def _is_asset_folder(folder: Path) -> bool:
    """True for "Page_files/" or "Page.files/" beside a saved "Page.html"."""
    name = folder.name
    if not name.lower().endswith(ASSET_FOLDER_ENDINGS):
        return False
    stem = name[:-6]
    with contextlib.suppress(OSError):
        siblings = {n.lower() for n in os.listdir(folder.parent)}
        return any((stem + s).lower() in siblings for s in PAGE_SUFFIXES)
    return False
