"""The corpus's write lock, held across processes while an index is written."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import IndexBusy

LOCK_NAME = "write.lock"
_POLL_S = 0.1


@contextlib.contextmanager
def write_lock(index_dir: Path, wait: float) -> Iterator[None]:
    """Hold index_dir's write lock, waiting up to `wait` seconds; IndexBusy after that."""
    import fcntl

    fd = os.open(index_dir / LOCK_NAME, os.O_CREAT | os.O_RDWR, 0o644)
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy("the index is busy: another tradetui process is indexing this corpus") from None
                time.sleep(_POLL_S)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
