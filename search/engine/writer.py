"""Writing the index: one Whoosh writer per batch, with the grouped flush installed."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterable
from datetime import date, datetime

with warnings.catch_warnings():
    warnings.simplefilter("ignore", SyntaxWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    from whoosh.index import LockError

from ..errors import IndexBusy
from .flush import add_document, install_grouped_flush, uses_grouped_flush
from .internals import PostingCodec, writer_pool
from .schema import ENTITY_FIELDS, Analysed, _to_datetime, all_words

# zlib level for posting blocks (Whoosh's default is 3). Uncompressed blocks take more
# disk but skip compressing on every write and decompressing on every read of a common
# word (the README gives the numbers). Speed wins here; 3 trades back.
POSTING_COMPRESSION = 0
# Memory Whoosh's writer may use before it spills to temporary files.
_WRITER_LIMIT_MB = 256


def open_writer(ix):
    """A Whoosh writer for one batch of changes; raises IndexBusy if another holds the lock.

    One writer process: analysis happens in the callers' workers (see Analysed), and a
    single writer leaves one segment per batch, which keeps queries fast.
    """
    try:
        w = ix.writer(
            timeout=0.0,
            limitmb=_WRITER_LIMIT_MB,
            compound=False,
            codec=PostingCodec(compression=POSTING_COMPRESSION),
        )
    except LockError as exc:
        raise IndexBusy("the index is being written by another process") from exc
    install_grouped_flush(w)
    return w


class IndexWriter:
    """Adds, replaces and deletes article documents; commit() makes them visible atomically."""

    def __init__(self, writer, after_commit: Callable[[], None] | None = None) -> None:
        self._w = writer
        self._after_commit = after_commit

    def upsert(
        self,
        *,
        id: str,
        path: str,
        title: str,
        body: str,
        source: str = "",
        url: str = "",
        captions: Iterable[str] = (),
        article_date: date | None = None,
        event_days: Iterable[date] = (),
        entities: dict[str, list[str]] | None = None,
        analysed: dict[str, tuple] | None = None,
        new: bool = False,
    ) -> None:
        """Add or replace an article's document; new=True promises no document has this id."""
        captions = list(captions)
        doc: dict[str, str | datetime | list[date]] = {
            "id": id,
            "path": path,
            "title": title,
            "body": body,
            "source": source,
            "url": url,
            "captions": json.dumps(captions),
            "caption": "\n".join(captions),
            "words": all_words(title, body, captions),
        }
        if article_date is not None:
            doc["date"] = _to_datetime(article_date)
        days = sorted({d for d in event_days})
        if days:
            doc["event"] = days
        for field in ENTITY_FIELDS:
            names = (entities or {}).get(field)
            if names:
                doc[field] = "\n".join(names)
        for field, postings in (analysed or {}).items():
            if field in doc:
                text = doc[field]
                assert isinstance(text, str)  # postings are computed for text fields only
                doc[field] = Analysed(text, postings)
        if new:
            add_document(self._w, doc)
        else:
            self._w.update_document(**doc)

    @property
    def grouped(self) -> bool:
        """Whether this writer adds documents in bulk and flushes with the grouped pool."""
        return uses_grouped_flush(self._w)

    def pending_postings(self) -> int:
        """Postings held in memory until commit (the caller commits before this grows too big)."""
        return len(writer_pool(self._w)) if uses_grouped_flush(self._w) else 0

    def delete(self, doc_id: str) -> None:
        self._w.delete_by_term("id", doc_id)

    def commit(self) -> None:
        self._w.commit()
        if self._after_commit is not None:
            self._after_commit()

    def cancel(self) -> None:
        self._w.cancel()
