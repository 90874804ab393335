"""What the file formats cost and what the page extractor buys.

    python bench/bench_formats.py [--pages 300] [--records 300] [--mixed 600] [--procs 2,1] [--seed 1]

Pages are generated from the seed articles' sentences in three site layouts (a
newspaper with navigation, ads, share bars, related links, a newsletter box, comments
and a footer; a wire service's plain page; a blog-like page with a sidebar and tag
cloud). Each page's article paragraphs and each piece of its furniture are known, so:

  quality   of each page's known paragraphs, the share found in the extracted text
            (recall), and of its furniture lines, the share left in it (boilerplate
            kept); for the extractor used (trafilatura, with and without its
            fallbacks) and for the page's whole text (what indexing without an
            extractor would take in). Also on tests' saved news page fixture.
  html      pages loaded per second of one core's CPU time (search.loader.load_file:
            decoding, extraction, metadata, cleaning)
  warc      HTML response records loaded per second of CPU time, from a .warc.gz
            that also holds requests and image responses
  mixed     a corpus of every format (text, JSON lines, pages, feeds, CSV, WARC)
            built through Library.update(procs=P): articles per second (wall clock),
            and the same for the pages alone and for their stories as .txt files
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import shutil
import sys
import tempfile
import time
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from run_bench import paragraphs, sentence_pool  # noqa: E402

NAV = ["World", "Business", "Markets", "Opinion", "Sport", "Culture", "Travel", "Subscribe for $1 a week"]
FURNITURE = [
    "We use cookies to improve your experience on our site",
    "Share on Facebook",
    "Advertisement: Refinance your mortgage today with rates from 1.9 per cent",
    "Sign up for our newsletter and get the top stories every morning",
    "Five charts that explain the week in markets",
    "Ten best beaches in Europe this summer",
    "Comments are closed on this article after seven days",
    "tradewatcher88 wrote: this is the third round of talks and nothing has changed at all",
    "Copyright 2019 The Harbour Ledger Ltd. All rights reserved. Terms of use and privacy policy",
    "Most read: house prices fall for a third month in a row",
]


def _paragraphs(rng: random.Random, pool: list[str]) -> list[str]:
    return paragraphs(rng, pool, most=20)


def _bulk(rng: random.Random, pool: list[str]) -> tuple[str, str, str]:
    """What makes real news pages 50-150 kB: a mega-menu, inline scripts and a grid of teasers."""
    menu = "".join(
        f'<li class="menu-item"><a href="/section/{i}" data-track="nav-{i}">{escape(rng.choice(NAV))} {i}</a></li>'
        for i in range(150)
    )
    script = "<script>window.__STATE__ = " + json.dumps({"ads": list(range(1500)), "user": None}) + ";</script>"
    teasers = "".join(
        f'<div class="teaser"><a href="/story/{i}"><img src="t{i}.jpg" alt=""><h4>'
        f"{escape(' '.join(rng.choice(pool).split()[:7]))}</h4></a></div>"
        for i in range(40)
    )
    return f'<nav class="mega"><ul>{menu}</ul></nav>', script, f'<section class="more">{teasers}</section>'


def _page(layout: int, title: str, paras: list[str], day: str, bulk: tuple[str, str, str] = ("", "", "")) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paras)
    nav = "".join(f'<li><a href="/{n.lower()}">{escape(n)}</a></li>' for n in NAV) + bulk[0]
    f = [escape(x) for x in FURNITURE]
    head = (
        f'<head><meta charset="utf-8"><title>{escape(title)} | Ledger</title>'
        f'<meta property="og:title" content="{escape(title)}">'
        f'<meta property="article:published_time" content="{day}T08:00:00Z">'
        # Most news sites name the author in a meta tag; the wire layout does not.
        + ('<meta name="author" content="Marta Okonjo">' if layout != 1 else "")
        + f"<script>var x = {{track: true}};</script>{bulk[1]}</head>"
    )
    if layout == 0:
        return (
            f'<!DOCTYPE html><html>{head}<body><div class="cookie">{f[0]}</div><header><nav><ul>{nav}</ul></nav>'
            f'</header><div class="ad">{f[2]}</div><main><article><h1>{escape(title)}</h1>'
            f'<div class="share"><a href="#">{f[1]}</a></div><div class="story-body">{body}'
            f'<aside class="related"><h3>Related</h3><ul><li><a href="/a">{f[4]}</a></li></ul></aside></div>'
            f'<div class="newsletter"><p>{f[3]}</p><form><input type="email"></form></div></article>'
            f'<section id="comments"><p>{f[6]}</p><div class="comment"><p>{f[7]}</p></div></section>'
            f'<section class="most-read"><ol><li><a href="/1">{f[9]}</a></li><li><a href="/2">{f[5]}</a></li></ol>'
            f"</section>{bulk[2]}</main><footer><p>{f[8]}</p></footer></body></html>"
        )
    if layout == 1:
        return (
            f"<!DOCTYPE html><html>{head}<body><div id='top'><a href='/'>Wire</a> | <a href='/world'>World</a></div>"
            f"<h1>{escape(title)}</h1><div class='text'>{body}</div><div class='footer'>{f[8]}</div></body></html>"
        )
    tags = " ".join(f'<a href="/t/{n}">{escape(n)}</a>' for n in NAV)
    return (
        f'<!DOCTYPE html><html>{head}<body><div id="wrap"><div id="sidebar"><h3>Archives</h3><ul>{nav}</ul>'
        f'<div class="tagcloud">{tags}</div><div class="widget">{f[3]}</div><div class="ad">{f[2]}</div></div>'
        f'<div id="content"><div class="post"><h2 class="entry-title">{escape(title)}</h2>'
        f'<div class="entry-content">{body}</div><div class="postmeta">{f[1]}</div></div>'
        f'<div id="respond"><p>{f[6]}</p><ol class="commentlist"><li>{f[7]}</li></ol></div></div>'
        f"{bulk[2]}<div id='footer'>{f[8]}</div></div></body></html>"
    )


def make_pages(n: int, pool: list[str], seed: int) -> list[tuple[str, list[str], str]]:
    """(html, known paragraphs, layout name) for n generated pages."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        paras = _paragraphs(rng, pool)
        title = " ".join(paras[0].split()[:8]).rstrip(".,;")
        day = f"2019-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        layout = i % 3
        bulk = _bulk(rng, pool) if layout != 1 else ("", "", "")
        out.append((_page(layout, title, paras, day, bulk), paras, ("newspaper", "wire", "blog")[layout]))
    return out


_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def quality(pages, extract, furniture: list[str] | None = None) -> dict:
    """Mean share of known paragraphs found, and of furniture lines kept, over the pages."""
    furniture = furniture or FURNITURE
    found = kept = 0.0
    for html, paras, *_rest in pages:
        text = _norm(extract(html))
        found += sum(1 for p in paras if _norm(p) in text) / len(paras)
        kept += sum(1 for f in furniture if _norm(f) in text) / len(furniture)
    return {"paragraphs_found": found / len(pages), "furniture_kept": kept / len(pages)}


def _extractors() -> dict:
    import lxml.html
    import trafilatura

    from search.formats.html import page_article

    def loaded(html: str) -> str:
        article, _problem = page_article("x", "x.html", html)
        return article.body if article else ""

    def always_fallbacks(html: str) -> str:
        doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=False, deduplicate=False)
        return doc.text if doc is not None and doc.text else ""

    def whole(html: str) -> str:
        root = lxml.html.fromstring(html)
        for bad in root.xpath("//script|//style"):
            bad.drop_tree()
        return root.text_content()

    return {"as loaded": loaded, "trafilatura with fallbacks": always_fallbacks, "whole page text": whole}


def bench_quality(pages) -> dict:
    out = {}
    fixture = _fixture_page()
    for name, fn in _extractors().items():
        layouts = ("newspaper", "wire", "blog")
        out[name] = {layout: quality([p for p in pages if p[2] == layout], fn) for layout in layouts}
        out[name]["all"] = quality(pages, fn)
        out[name]["saved page"] = quality([fixture], fn, fixture[3])
        fn(pages[0][0])
        t0 = time.process_time()
        for html, _paras, _layout in pages:
            fn(html)
        out[name]["pages_per_s"] = len(pages) / (time.process_time() - t0)
    return out


def _fixture_page() -> tuple[str, list[str], str, list[str]]:
    """The tests' saved news page, its story's paragraphs and its furniture (read from its markup)."""
    import lxml.html

    html = (ROOT / "tests" / "unit" / "fixtures" / "formats" / "news_page.html").read_text(encoding="utf-8")
    root = lxml.html.fromstring(html)
    story = [p.text_content() for p in root.xpath('//div[@class="story-body"]/p')]
    furniture = [
        el.text_content()
        for el in root.xpath(
            '//nav|//div[contains(@class,"ad")]|//aside|//div[@class="newsletter"]|//section|//footer'
            '|//div[@class="cookie-banner"]|//div[@class="share-bar"]|//div[@class="tags"]'
        )
    ]
    return html, story, "saved page", [" ".join(f.split()) for f in furniture if f.strip()]


def _time_loads(root: Path, files: list[Path]) -> tuple[float, int]:
    from search.loader import load_file

    t0 = time.process_time()  # CPU time: the machine may be shared, and this is one core's work
    count = 0
    for path in files:
        count += len(load_file(root, path).articles)
    return time.process_time() - t0, count


def bench_html(pages, work: Path) -> dict:
    root = work / "pages"
    root.mkdir(parents=True)
    files = []
    twins = work / "twins"
    twins.mkdir(parents=True)
    for i, (html, paras, _layout) in enumerate(pages):
        path = root / f"{i:05d}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
        # The same story as a text file, to build side by side with the pages.
        (twins / f"{i:05d}.txt").write_text("\n\n".join(paras), encoding="utf-8")
    _time_loads(root, files[:5])  # imports and first-use set-up apart
    seconds, loaded = _time_loads(root, files)
    size = sum(len(p[0]) for p in pages) / len(pages)
    return {"pages": len(files), "loaded": loaded, "seconds": seconds, "per_s": len(files) / seconds, "bytes": size}


def bench_prepare(work: Path) -> dict:
    """Entities, quotes, dates and postings of the pages' stories (as .txt), per second of CPU time."""
    from search.loader import load_file
    from search.pipeline import prepare_article

    twins = sorted((work / "twins").glob("*.txt"))
    articles = [a for path in twins for a in load_file(work / "twins", path).articles]
    prepare_article(articles[0], None)  # the extractor's set-up apart
    t0 = time.process_time()
    for article in articles:
        prepare_article(article, None)
    return {"articles": len(articles), "per_s": len(articles) / (time.process_time() - t0)}


def warc_file(pages, path: Path) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i, (html, _paras, _layout) in enumerate(pages):
        url = f"https://ledger.example/story/{i}"
        req = StatusAndHeaders("GET /story HTTP/1.1", [("Host", "ledger.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=req))
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        payload = io.BytesIO(html.encode("utf-8"))
        writer.write_record(writer.create_warc_record(url, "response", payload=payload, http_headers=http))
        if i % 3 == 0:
            img = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
            jpg = io.BytesIO(b"\xff\xd8\xff" + bytes(2000))
            writer.write_record(writer.create_warc_record(url + ".jpg", "response", payload=jpg, http_headers=img))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())
    return len(pages)


def bench_warc(pages, work: Path) -> dict:
    path = work / "warc" / "crawl.warc.gz"
    warc_file(pages[:5], work / "warm" / "warm.warc.gz")
    _time_loads(work / "warm", [work / "warm" / "warm.warc.gz"])  # imports and first-use set-up apart
    records = warc_file(pages, path)
    seconds, loaded = _time_loads(path.parent, [path])
    return {"records": records, "loaded": loaded, "seconds": seconds, "per_s": records / seconds}


def _html(paras: list[str]) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in paras)


def mixed_corpus(root: Path, n: int, pages, pool: list[str], seed: int) -> None:
    """About n articles: a fifth each of text files, JSON lines, pages, feed entries and CSV rows, plus a WARC."""
    rng = random.Random(seed)
    fifth = max(1, n // 5)
    for sub in ("text", "records", "pages", "feeds", "exports", "crawls"):
        (root / sub).mkdir(parents=True)
    for i in range(fifth):
        (root / "text" / f"{i:05d}.txt").write_text("\n\n".join(_paragraphs(rng, pool)), encoding="utf-8")
    with open(root / "records" / "wire.jsonl", "w", encoding="utf-8") as f:
        for i in range(fifth):
            f.write(json.dumps({"title": f"Record {i}", "text": "\n\n".join(_paragraphs(rng, pool))}) + "\n")
    for i in range(fifth // 2):
        (root / "pages" / f"{i:05d}.html").write_text(pages[i % len(pages)][0], encoding="utf-8")
    for k in range(0, fifth, 20):
        items = "".join(
            f"<item><title>Entry {k + j}</title><guid>e-{k + j}</guid>"
            "<pubDate>Mon, 13 May 2019 08:00:00 GMT</pubDate>"
            f"<description>{escape(_html(_paragraphs(rng, pool)))}</description></item>"
            for j in range(min(20, fifth - k))
        )
        feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {k}</title>{items}</channel></rss>'
        (root / "feeds" / f"feed{k:05d}.rss").write_text(feed, encoding="utf-8")
    import csv

    with open(root / "exports" / "export.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "headline", "date", "text"])
        for i in range(fifth):
            w.writerow([f"r{i}", f"Row {i}", "2019-05-13", "\n\n".join(_paragraphs(rng, pool))])
    warc_file(pages[: fifth - fifth // 2], root / "crawls" / "crawl.warc.gz")


def bench_build(root: Path, index: Path, procs: int) -> dict:
    from search import Library

    if index.exists():
        shutil.rmtree(index)
    t0 = time.perf_counter()
    with Library(root, index, overrides_path=index.parent / "none.toml", data_dir=index.parent / "data") as lib:
        report = lib.update(procs=procs)
    seconds = time.perf_counter() - t0
    return {"procs": procs, "articles": report.added, "seconds": seconds, "per_s": report.added / seconds}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=300, help="generated pages for the quality and speed runs")
    ap.add_argument("--records", type=int, default=300, help="HTML records in the generated WARC")
    ap.add_argument("--mixed", type=int, default=600, help="articles in the mixed corpus")
    ap.add_argument("--procs", default="2,1", help="Library.update(procs=...) values for the mixed builds")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    pool, _meta = sentence_pool(None)
    pages = make_pages(max(args.pages, args.records), pool, args.seed)
    work = Path(tempfile.mkdtemp(prefix="tradetui-formats-"))
    results: dict = {}
    try:
        results["quality"] = bench_quality(pages[: args.pages])
        results["html"] = bench_html(pages[: args.pages], work)
        results["prepare"] = bench_prepare(work)
        results["warc"] = bench_warc(pages[: args.records], work)
        mixed = work / "mixed"
        mixed_corpus(mixed, args.mixed, pages, pool, args.seed)
        bench_build(work / "warm", work / "ix-warm", 1)  # imports and the extractors' set-up apart
        only_pages = work / "pages"
        results["mixed"] = [bench_build(mixed, work / "ix-mixed", int(p)) for p in args.procs.split(",")]
        results["pages_only"] = [bench_build(only_pages, work / "ix-pages", int(p)) for p in args.procs.split(",")]
        results["text_twins"] = [bench_build(work / "twins", work / "ix-twins", int(p)) for p in args.procs.split(",")]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _print(results)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "formats-latest.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


def _print(r: dict) -> None:
    print("Boilerplate removal (share of known article paragraphs found / of furniture lines kept):")
    for name, by_layout in r["quality"].items():
        parts = {k: v for k, v in by_layout.items() if isinstance(v, dict)}
        cells = ", ".join(f"{k} {v['paragraphs_found']:.0%}/{v['furniture_kept']:.0%}" for k, v in parts.items())
        print(f"  {name:26} {cells}; {by_layout['pages_per_s']:.0f} pages/s")
    h, w = r["html"], r["warc"]
    size = f"{h['pages']} pages of {h['bytes'] / 1024:.0f} kB on average"
    print(f"HTML pages, one core: {h['per_s']:.0f} pages/s ({size})")
    print(f"WARC records, one core: {w['per_s']:.0f} HTML records/s ({w['records']} records, .warc.gz)")
    print(f"The rest of an article's preparation (entities, dates, postings), one core: {r['prepare']['per_s']:.0f}/s")
    for label, key in (("mixed corpus", "mixed"), ("pages alone", "pages_only"), ("their text as .txt", "text_twins")):
        for b in r[key]:
            rate = f"{b['per_s']:.0f} articles/s ({b['articles']} in {b['seconds']:.1f} s)"
            print(f"Build, {label}, procs={b['procs']}: {rate}")


if __name__ == "__main__":
    raise SystemExit(main())
