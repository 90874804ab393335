"""Feeds: RSS and Atom (feedparser), and JSON Feed; one article per entry.

An entry's id is FILE:first 12 hex digits of the SHA-1 of its entry id (else its link,
else its title), so it stays the same when the feed is saved again with newer entries.
"""

from __future__ import annotations

import io
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..cleaning import strip_controls
from ..models import Article, Skipped
from .article import build_article
from .common import LoadResult, clean_field, one_problem, parse_any_date, quoted, record_id
from .html import fragment_text

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


@dataclass(frozen=True)
class Entry:
    """One feed entry, whatever the feed's kind."""

    key: str
    title: str
    text: str
    raw_date: str
    parsed_date: date | None
    author: str
    url: str
    source: str


def load_feed(rel: str, art_id: str, data: bytes) -> LoadResult:
    """An RSS or Atom file: one article per entry; a feed that is not well-formed is read as far as it goes."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False)
    notes: list[Skipped] = []
    if not parsed.get("version") and not parsed.entries:
        return one_problem(rel, "not an RSS or Atom feed")
    if parsed.get("bozo") and parsed.entries:
        problem = _problem(parsed.get("bozo_exception"))
        notes.append(Skipped(rel, f"the feed's XML is broken ({problem}); its entries are read as far as they go"))
    source = clean_field(parsed.feed.get("title", ""))
    entries = [_rss_entry(e, source) for e in parsed.entries]
    return _articles(rel, art_id, entries, notes)


def _problem(exc: object) -> str:
    message = getattr(exc, "getMessage", None)
    text = message() if callable(message) else str(exc or "")
    line = getattr(exc, "getLineNumber", None)
    where = f" at line {line()}" if callable(line) else ""
    text = strip_controls(text).strip().removeprefix("not well-formed").strip(" ()")[:80]
    return (text or "unreadable XML") + where


def _rss_entry(e: Any, feed_title: str) -> Entry:
    with warnings.catch_warnings():
        # feedparser maps a missing "updated" to "published" with a warning; either will do.
        warnings.simplefilter("ignore", DeprecationWarning)
        raw_date = e.get("published") or e.get("updated") or e.get("created") or ""
        struct = e.get("published_parsed") or e.get("updated_parsed")
    parsed_date = date(*struct[:3]) if isinstance(struct, time.struct_time) else None
    source = e.get("source", {}).get("title", "") if isinstance(e.get("source"), dict) else ""
    title = e.get("title", "")
    if e.get("title_detail", {}).get("type") in _HTML_TYPES:
        title = fragment_text(title)
    return Entry(
        key=clean_field(e.get("id") or e.get("link") or e.get("title") or ""),
        title=clean_field(title),
        text=_rss_text(e),
        raw_date=clean_field(raw_date),
        parsed_date=parsed_date,
        author=clean_field(e.get("author", "")),
        url=_web_address(e.get("link", "")),
        source=clean_field(source) or feed_title,
    )


def _rss_text(e: Any) -> str:
    """The entry's fullest text: its content, else its summary; HTML made plain."""
    parts = [c for c in e.get("content", []) if isinstance(c, dict) and c.get("value")]
    if e.get("summary"):
        parts.append({"value": e["summary"], "type": e.get("summary_detail", {}).get("type", "text/html")})
    if not parts:
        return ""
    best = max(parts, key=lambda c: len(c["value"]))
    value = str(best["value"])
    return fragment_text(value) if best.get("type", "text/html") in _HTML_TYPES else strip_controls(value)


def load_json_feed(rel: str, art_id: str, feed: dict) -> LoadResult:
    """A JSON Feed (jsonfeed.org, versions 1 and 1.1): one article per item."""
    source = clean_field(feed.get("title", ""))
    entries: list[Entry | None] = []
    for item in feed.get("items", []):
        entries.append(_json_entry(item, source) if isinstance(item, dict) else None)
    return _articles(rel, art_id, entries, [])


def _json_entry(item: dict, feed_title: str) -> Entry:
    html = item.get("content_html")
    plain = item.get("content_text")
    if isinstance(html, str) and html.strip():
        text = fragment_text(html)
    elif isinstance(plain, str):
        text = strip_controls(plain)
    else:
        summary = item.get("summary")
        text = strip_controls(summary) if isinstance(summary, str) else ""
    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
    names = [a.get("name") for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)]
    key = next((v for v in (item.get("id"), item.get("url"), item.get("title")) if isinstance(v, str | int) and v), "")
    return Entry(
        key=clean_field(str(key)),
        title=clean_field(item.get("title", "")),
        text=text,
        raw_date=clean_field(item.get("date_published") or item.get("date_modified") or ""),
        parsed_date=None,
        author=clean_field(names),
        url=_web_address(item.get("url", "")),
        source=feed_title,
    )


def _web_address(value: object) -> str:
    """A link that is a web address ("" for an RSS guid taken as one, or anything else)."""
    text = clean_field(value)
    return text if text.lower().startswith(("http://", "https://", "www.")) else ""


def _articles(rel: str, art_id: str, entries: Sequence[Entry | None], notes: list[Skipped]) -> LoadResult:
    articles: list[Article] = []
    skipped = list(notes)
    seen: dict[str, int] = {}
    for n, entry in enumerate(entries, start=1):
        where = f"{rel}[{n}]"
        if entry is None:
            skipped.append(Skipped(where, "the entry is not an object"))
            continue
        if not entry.key:
            skipped.append(Skipped(where, "the entry has no id, link or title"))
            continue
        if entry.key in seen:
            skipped.append(Skipped(where, f"the entry repeats entry {seen[entry.key]} (same id)"))
            continue
        seen[entry.key] = n
        article = _entry_article(rel, art_id, entry, where, skipped)
        if article is not None:
            articles.append(article)
    if not entries:
        skipped.append(Skipped(rel, "the feed has no entries"))
    return LoadResult(tuple(articles), tuple(skipped))


def _entry_article(rel: str, art_id: str, entry: Entry, where: str, skipped: list[Skipped]) -> Article | None:
    if not entry.text.strip() and not entry.title:
        skipped.append(Skipped(where, "the entry has no title and no text"))
        return None
    art_date = parse_any_date(entry.raw_date) if entry.raw_date else None
    if art_date is None:
        art_date = entry.parsed_date
    if entry.raw_date and art_date is None:
        skipped.append(Skipped(where, f"malformed date {quoted(entry.raw_date)}; loaded undated"))
    article = build_article(
        record_id(art_id, entry.key),
        rel,
        entry.text,
        title=entry.title,
        art_date=art_date,
        source=entry.source,
        url=entry.url,
        author=entry.author,
    )
    if article is None:
        skipped.append(Skipped(where, "no text after cleaning"))
    return article
