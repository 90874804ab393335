"""Web archives: each HTML response is a page; archives cut short keep what they hold."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator

from search.loader import iter_corpus_paths, load_file
from tests.formats_fixtures import NEWS_PAGE, NO_ARTICLE, SECOND_PAGE, warc_bytes

CRAWL = [
    ("request", "https://ledger.example/steel", b""),
    ("html", "https://ledger.example/steel", NEWS_PAGE),
    ("image", "https://ledger.example/port.jpg", b"\xff\xd8\xff\xe0" * 50),
    ("redirect", "https://ledger.example/old", b"<html>moved</html>"),
    ("html", "https://ledger.example/login", NO_ARTICLE),
    ("html", "https://wire.example/port", SECOND_PAGE),
]


def record_ids(data: bytes) -> list[str]:
    import io

    return [
        r.rec_headers.get_header("WARC-Record-ID")
        for r in ArchiveIterator(io.BytesIO(data))
        if r.rec_type == "response" and r.http_headers.get_header("Content-Type", "").startswith("text/html")
    ]


def load(tmp_path: Path, name: str, data: bytes):
    (tmp_path / name).write_bytes(data)
    return load_file(tmp_path, tmp_path / name)


@pytest.mark.parametrize("gzip", [False, True])
def test_each_html_response_is_an_article_with_the_record_s_id_url_and_date(tmp_path, gzip):
    data = warc_bytes(CRAWL, gzip=gzip)
    name = "crawl.warc.gz" if gzip else "crawl.warc"
    result = load(tmp_path, name, data)
    steel, port = result.articles
    ids = record_ids(data)
    assert steel.id == "crawl:" + hashlib.sha1(ids[0].encode()).hexdigest()[:12]
    assert port.id == "crawl:" + hashlib.sha1(ids[3].encode()).hexdigest()[:12]
    assert steel.path == port.path == name
    assert steel.title == "Steel tariff talks resume in Geneva"
    assert steel.date == date(2019, 5, 13)  # the page's own date
    assert steel.url.endswith("/steel-tariff-talks-resume")  # the page's canonical URL
    assert "Royal wedding" not in steel.body and "tradewatcher88" not in steel.body
    assert port.date == date(2019, 5, 14)  # no date in the page or its dateline: the capture's
    assert port.url == "https://wire.example/port"
    # Images, redirects and requests are not pages; the sign-in page is one without an article.
    assert [(s.path, s.reason.split(":")[0]) for s in result.skipped] == [
        (f"{name}[6]", "no article text in the page (navigation, forms or links only)")
    ]


def test_a_truncated_record_is_skipped_and_the_records_before_it_load(tmp_path):
    data = warc_bytes(CRAWL)
    result = load(tmp_path, "cut.warc", data[:-400])
    assert [a.title for a in result.articles] == ["Steel tariff talks resume in Geneva"]
    last = result.skipped[-1]
    assert last.path == "cut.warc[7]"
    assert "https://wire.example/port is cut short" in last.reason


def test_a_compressed_archive_cut_short_says_so(tmp_path):
    data = warc_bytes(CRAWL, gzip=True)
    result = load(tmp_path, "cut.warc.gz", data[:-400])
    assert [a.title for a in result.articles] == ["Steel tariff talks resume in Geneva"]
    assert result.skipped[-1].reason == "the archive is cut short or damaged after 6 records; those are read"


def test_garbage_and_archives_without_pages_are_reported(tmp_path):
    images = warc_bytes([("image", "https://x.example/a.jpg", b"\xff\xd8\xff" * 10)])
    assert load(tmp_path, "img.warc", images).skipped[0].reason == "no HTML pages among the archive's 2 records"
    broken = load(tmp_path, "junk.warc", b"WARC/1.0\r\nthis is not a record header\r\n\r\n" * 3)
    assert broken.articles == () and broken.skipped
    zipped = load(tmp_path, "junk.warc.gz", b"\x1f\x8b\x08\x00garbage")
    assert zipped.articles == () and zipped.skipped


def test_archives_are_walked_with_their_double_suffix(tmp_path):
    (tmp_path / "a.warc.gz").write_bytes(b"x")
    (tmp_path / "b.warc").write_bytes(b"x")
    (tmp_path / "c.gz").write_bytes(b"x")
    assert list(iter_corpus_paths(str(tmp_path))) == ["a.warc.gz", "b.warc"]


FULL = {g: warc_bytes(CRAWL, gzip=g) for g in (False, True)}
TITLES = ["Steel tariff talks resume in Geneva", "Port strike ends after three weeks"]


def whole_lengths(data: bytes, gzip: bool) -> set[int]:
    """Lengths at which a cut leaves whole records only (nothing to report).

    A record ends where the next begins; uncompressed, the blank line closing a record
    may be cut too, since what remains is still every record up to there, whole.
    """
    import io

    archive = ArchiveIterator(io.BytesIO(data))
    starts = [archive.get_record_offset() for _ in archive] + [len(data)]
    slack = 0 if gzip else 4
    return {n for start in starts[1:] for n in range(start - slack, start + 1)}


WHOLE = {g: whole_lengths(FULL[g], g) for g in (False, True)}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(gzip=st.booleans(), keep=st.floats(min_value=0.0, max_value=1.0))
def test_an_archive_cut_anywhere_loads_the_pages_before_the_cut(tmp_path, gzip, keep):
    data = FULL[gzip]
    cut = data[: int(len(data) * keep)]
    result = load(tmp_path, "any.warc.gz" if gzip else "any.warc", cut)
    titles = [a.title for a in result.articles]
    assert titles == TITLES[: len(titles)]
    if len(cut) not in WHOLE[gzip]:
        assert result.skipped


def test_an_archive_cut_inside_a_record_header_says_so_at_every_byte(tmp_path):
    # A cut that leaves a header without its Content-Length used to pass silently: the
    # reader hands such a record over with no length and no body.
    data = FULL[False]
    start = data.index(b"WARC/1.0", data.index(b"WARC-Type: response"))
    end = data.index(b"\r\n\r\n", start)
    for cut in range(start + 1, end, 7):
        result = load(tmp_path, "any.warc", data[:cut])
        assert [a.title for a in result.articles] == TITLES[:1], cut
        assert result.skipped, cut
