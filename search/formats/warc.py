"""Web archives (.warc, .warc.gz) from crawlers and archiving tools, read with warcio.

Each HTML response (or resource) record is a saved page, read as html.py reads one: its
URL is the record's target URI unless the page names a canonical one, its date the
page's own, else its dateline's, else the day it was captured. An article's id is
FILE:first 12 hex digits of the SHA-1 of the record's WARC-Record-ID. Records cut short
are skipped and reported; an archive that breaks off keeps the records before the break.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass
from datetime import date

from ..models import Article, Skipped
from .common import LoadResult, parse_iso_date, record_id
from .encoding import decode_markup
from .html import page_article

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1024 * 1024
_HTML_START = (b"<!doctype html", b"<html", b"<?xml")


def _damage_errors() -> tuple[type[BaseException], ...]:
    from warcio.exceptions import ArchiveLoadFailed

    # What warcio raises on a damaged archive: its own error, and whatever a header cut
    # in the middle makes of its parsing (a None where a URI was, a short line).
    return (
        ArchiveLoadFailed,
        EOFError,
        OSError,
        ValueError,
        zlib.error,
        AttributeError,
        TypeError,
        IndexError,
        KeyError,
    )


@dataclass(frozen=True)
class _Capture:
    """One HTML page as the archive holds it."""

    uri: str
    record_id: str
    captured: date | None
    content_type: str
    body: bytes
    missing: int  # bytes the record declares but the file does not hold


def load_warc(rel: str, art_id: str, data: bytes) -> LoadResult:
    """Every HTML page the archive holds, one article each."""
    from warcio.archiveiterator import ArchiveIterator

    damage = _damage_errors()
    articles: list[Article] = []
    skipped: list[Skipped] = []
    records = pages = 0
    broke = False
    archive = ArchiveIterator(io.BytesIO(data), arc2warc=True)
    try:
        for record in archive:
            records += 1
            capture = _capture(record)
            if capture is None:
                if _cut_short(record):
                    skipped.append(Skipped(f"{rel}[{records}]", f"the archive is cut short in record {records}"))
                    broke = True
                    break
                continue
            pages += 1
            article = _page(rel, art_id, capture, f"{rel}[{records}]", skipped)
            if article is not None:
                articles.append(article)
    except damage as exc:
        broke = True
        skipped.append(
            Skipped(
                f"{rel}[{records + 1}]", f"the archive breaks off ({_why(exc)}); the {records} records before are read"
            )
        )
    gzipped_badly = data[:2] == b"\x1f\x8b" and not _gzip_complete(data)
    if not broke and (gzipped_badly or (records and _unread_tail(archive, data))):
        said = f"after {records} records; those are read" if records else "at its start; nothing in it can be read"
        skipped.append(Skipped(f"{rel}[{records + 1}]", f"the archive is cut short or damaged {said}"))
    if not records and not skipped:
        skipped.append(Skipped(rel, "no records in the archive"))
    elif not pages and records:
        skipped.append(Skipped(rel, f"no HTML pages among the archive's {records} records"))
    return LoadResult(tuple(articles), tuple(skipped))


def _why(exc: BaseException) -> str:
    """What broke, in words (warcio's messages quote the file or speak Python)."""
    if isinstance(exc, EOFError | zlib.error) or "gzip" in type(exc).__name__.lower():
        return "its compressed data is damaged"
    if type(exc).__name__ == "ArchiveLoadFailed":
        return "a record does not start as WARC records do"
    return "a record's header is damaged"


def _unread_tail(archive, data: bytes) -> bool:
    """True when bytes other than blank lines follow the last record read (a header cut off)."""
    end = (archive.get_record_offset() or 0) + (archive.get_record_length() or 0)
    return bool(data[end:].strip())


def _gzip_complete(data: bytes) -> bool:
    """True when every gzip member of a compressed archive is whole.

    A crawl cut off mid-record leaves a last member without its end; the archive reader
    passes over it without a word, so the stream is checked on its own (in C, a few
    hundred MB a second; nothing is kept).
    """
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        try:
            while stream.read(_CHUNK):
                pass
        except (EOFError, OSError, zlib.error):
            return False
    return True


def _capture(record) -> _Capture | None:
    """The record's page when it is a successful HTML response or resource, else None."""
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.rec_headers
    content_type = headers.get_header("Content-Type") or ""
    if record.rec_type == "response":
        http = record.http_headers
        if http is None:
            return None
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        content_type = http.get_header("Content-Type") or ""
    body = record.content_stream().read()
    if not _is_html(content_type, body):
        return None
    missing = max(0, getattr(record.raw_stream, "limit", 0) or 0)
    return _Capture(
        uri=headers.get_header("WARC-Target-URI") or "",
        record_id=headers.get_header("WARC-Record-ID") or "",
        captured=parse_iso_date(headers.get_header("WARC-Date") or ""),
        content_type=content_type,
        body=body,
        missing=missing,
    )


def _cut_short(record) -> bool:
    """True when a record passed over holds fewer bytes than it declares (the file ends in it).

    A record whose header breaks off before its Content-Length (which every WARC record
    must carry) is cut short too: the reader hands it over with no length and no body.
    """
    if not (record.rec_headers.get_header("Content-Length") or "").strip():
        return True
    stream = record.raw_stream
    while stream.read(_CHUNK):
        pass
    return bool(getattr(stream, "limit", 0))


def _is_html(content_type: str, body: bytes) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    if kind:
        return kind in _HTML_TYPES
    return body[:512].lstrip().lower().startswith(_HTML_START)


def _page(rel: str, art_id: str, capture: _Capture, where: str, skipped: list[Skipped]) -> Article | None:
    if capture.missing:
        have = len(capture.body)
        skipped.append(
            Skipped(
                where,
                f"the record of {capture.uri or 'a page'} is cut short ({capture.missing} bytes missing after {have})",
            )
        )
        return None
    key = capture.record_id or f"{capture.uri} {capture.captured}"
    markup, _codec = decode_markup(capture.body, capture.content_type)
    article, problem = page_article(
        record_id(art_id, key), rel, markup, url=capture.uri, fallback_date=capture.captured
    )
    if article is None:
        skipped.append(Skipped(where, f"{problem}: {capture.uri}" if capture.uri else problem))
    return article
