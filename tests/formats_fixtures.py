"""Fixtures for the format tests: the saved files in tests/unit/fixtures/formats, and web
archives written the way crawlers write them (warcio's writer)."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

FIXTURES = Path(__file__).resolve().parent / "unit" / "fixtures" / "formats"
NEWS_PAGE = (FIXTURES / "news_page.html").read_bytes()
NO_ARTICLE = (FIXTURES / "no_article.html").read_bytes()

SECOND_PAGE = b"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Port strike ends | Wire</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>
<article><h1>Port strike ends after three weeks</h1>
<p>ANTWERP (Wire) - Dock workers in Antwerp voted on Sunday to accept a pay offer, ending a strike
that had left hundreds of ships waiting offshore.</p>
<p>The union said the deal raised wages by four per cent this year and three per cent next year,
and limited night shifts.</p>
</article><footer>Copyright 2019 Wire. All rights reserved.</footer></body></html>"""


def warc_bytes(
    records: list[tuple[str, str, bytes]], *, gzip: bool = False, date: str = "2019-05-14T10:00:00Z"
) -> bytes:
    """A web archive of (kind, url, payload) records; kind "html", "image", "redirect" or "request"."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "a test crawler"}))
    for kind, url, payload in records:
        writer.write_record(_record(writer, kind, url, payload, date))
    return buf.getvalue()


def _record(writer: WARCWriter, kind: str, url: str, payload: bytes, date: str):
    warc_headers = StatusAndHeaders("", [("WARC-Date", date)], protocol="WARC/1.0")
    if kind == "request":
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        return writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http)
    status, ctype = {
        "html": ("200 OK", "text/html; charset=utf-8"),
        "image": ("200 OK", "image/jpeg"),
        "redirect": ("301 Moved Permanently", "text/html"),
    }[kind]
    http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=http)
    record.rec_headers.replace_header("WARC-Date", warc_headers.get_header("WARC-Date"))
    return record
