"""Plain-text and Markdown articles: optional date header or front matter, then the text."""

from __future__ import annotations

import re

from ..models import Skipped
from .article import build_article
from .common import LoadResult, parse_iso_date, quoted

_HEADER_DATE = re.compile(r"^\s*date\s*[:=]?\s*(\S+)\s*", re.IGNORECASE)
# Front matter: "---" on the first line, up to the next line that is just "---" (which may
# end the file). Without that closing line the file is all text.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*(?:\n|\Z)", re.DOTALL | re.MULTILINE)


def load_text(rel: str, art_id: str, text: str) -> LoadResult:
    skipped: list[Skipped] = []
    meta: dict[str, str] = {}
    fm = _FRONT_MATTER.match(text)
    if fm:
        for line in fm.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[fm.end() :]
    art_date = None
    header = _HEADER_DATE.match(text)
    if header and re.match(r"\d", header.group(1)):
        art_date = parse_iso_date(header.group(1))
        if art_date is None:
            shown = quoted(header.group(1))
            skipped.append(Skipped(rel, f"malformed date header {shown}; loaded undated"))
        text = text[header.end() :]
    if "date" in meta and art_date is None:
        art_date = parse_iso_date(meta["date"])
        if art_date is None:
            shown = quoted(meta["date"])
            skipped.append(Skipped(rel, f"malformed date {shown}; loaded undated"))
    article = build_article(
        art_id,
        rel,
        text,
        title=meta.get("title", ""),
        art_date=art_date,
        source=meta.get("source", ""),
        url=meta.get("url", ""),
        author=meta.get("author", ""),
    )
    if article is None:
        return LoadResult((), (*skipped, Skipped(rel, "no text after cleaning")))
    return LoadResult((article,), tuple(skipped))
