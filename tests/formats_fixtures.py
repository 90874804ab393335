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


RUSSIAN_PAGE = (
    "<html><head><meta charset='windows-1251'><title>Переговоры о пошлинах</title></head><body>"
    "<nav><a href='/'>Главная</a> <a href='/world'>Мир</a></nav><article><h1>Переговоры о пошлинах продолжатся</h1>"
    "<p>Министр финансов заявил в понедельник, что переговоры о пошлинах на сталь продолжатся в Женеве.</p>"
    "<p>Делегации обеих сторон привезли серьёзные предложения, сказал он журналистам после встречи.</p>"
    "</article></body></html>"
).encode("cp1251")


def mixed_corpus(root: Path) -> dict[str, str]:
    """A corpus holding every format, good and bad files; returns {article id: a word only it has}."""
    files: dict[str, bytes] = {
        "notes/plain.txt": b"Zinc smelters idle\n\nZinc smelters in Peru stood idle on Monday.\n",
        "notes/front.md": b"---\ntitle: Nickel output falls\ndate: 2019-05-09\n---\nNickel output fell.\n",
        "notes/windows.txt": "Cobalt deal signed\n\nA cobalt deal was signed in Kinshasa.\n".encode("utf-16"),
        "records/one.json": b'{"title": "Lithium rush", "text": "Lithium mines grew in Chile.", "date": "2019-05-08"}',
        "records/many.jsonl": b'{"title": "Tin rallies", "text": "Tin prices rallied in Penang."}\n{broken\n',
        "pages/Steel tariffs.html": NEWS_PAGE,
        "pages/Steel tariffs_files/frame.html": SECOND_PAGE,
        "pages/ru.html": RUSSIAN_PAGE,
        "pages/signin.html": NO_ARTICLE,
        "feeds/world.rss": (FIXTURES / "world.rss").read_bytes(),
        "feeds/markets.atom": (FIXTURES / "markets.atom").read_bytes(),
        "feeds/briefing.json": (FIXTURES / "briefing.json").read_bytes(),
        "feeds/broken.xml": (FIXTURES / "broken.xml").read_bytes(),
        "exports/export.csv": (FIXTURES / "export.csv").read_bytes(),
        "exports/wire.tsv": (FIXTURES / "wire.tsv").read_bytes(),
        "crawls/crawl.warc.gz": warc_bytes(
            [("html", "https://wire.example/port", SECOND_PAGE), ("html", "https://x.example/login", NO_ARTICLE)],
            gzip=True,
        ),
        "crawls/cut.warc": warc_bytes([("html", "https://wire.example/port2", SECOND_PAGE)])[:-300],
        "junk/photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00",
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return {
        "notes/plain": "smelters",
        "notes/front": "nickel",
        "notes/windows": "kinshasa",
        "records/one": "lithium",
        "records/many:1": "penang",
        "pages/Steel tariffs": "forsythe",
        "pages/ru": "Женеве",
        "exports/wire:1": "antwerp",
    }
