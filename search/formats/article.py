"""Turning loose text into an article: headline, captions, boilerplate, dateline."""

from __future__ import annotations

import re
from datetime import date

from ..cleaning import squeeze_spaces
from ..models import Article

_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bSt)[.!?][\"'”’]?(?=\s|$)")

BOILERPLATE = {
    "continue reading below",
    "continue reading",
    "related articles",
    "related article",
    "related coverage",
    "related stories",
    "advertisement",
    "story continues below advertisement",
    "read more",
    "read more:",
    "share this article",
    "share this:",
    "click here to subscribe",
    "sign up for our newsletter",
    "subscribe now",
    "more from this author",
    "recommended",
    "skip advertisement",
}
_CAPTION_START = re.compile(
    r"^(?:FILE PHOTO|PHOTO|FILE|Photo|Picture|Image|Pictured|Caption)\s*[:\-–]\s", re.IGNORECASE
)
_CREDIT = re.compile(
    r"(?:\b(?:Picture|Photo|Image|Credit|Photograph)\s*:\s*\S+"
    r"|\b[A-Z][A-Za-z]+/[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)*(?:/File Photo)?\s*$"
    r"|\(Photo by [^)]+\))"
)
_DATELINE_PREFIX = re.compile(
    r"^(?:[A-Z][A-Z .,'\-]{1,40}(?:\s*\([A-Za-z&. ]{1,30}\))?\s*[-–—]|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}\s+[—–])\s+"
)
_DATELINE_SOURCE = re.compile(r"^[A-Z][A-Z .,'\-]{1,40}\s*\(([A-Z][A-Za-z&. ]{1,30})\)\s*[-–—]")


def is_caption(paragraph: str) -> bool:
    """True for photo captions and credits ("FILE PHOTO: ...", "... Picture: REUTERS/...")."""
    if len(paragraph) > 500:
        return False
    if _CAPTION_START.match(paragraph):
        return True
    # Each of the credit's forms holds a colon, a slash or "(Photo by": most paragraphs
    # have none and skip the search.
    if ":" not in paragraph and "/" not in paragraph and "(Photo by" not in paragraph:
        return False
    return bool(_CREDIT.search(paragraph))


def is_boilerplate(paragraph: str) -> bool:
    """True for navigation and advertising lines scraped along with the story."""
    return paragraph.lower().strip(" .:•|>-") in BOILERPLATE


def looks_like_headline(line: str) -> bool:
    """A short line without closing punctuation, of several words, reads like a headline."""
    words = line.split()
    if not (2 <= len(words) <= 25) or len(line) > 200:
        return False
    if line.endswith((".", ",", ";")) and not line.endswith("..."):
        return False
    return line[0].isupper() or line[0].isdigit() or line[0] in "\"'‘“"


def first_sentence(text: str, limit: int = 120) -> str:
    """The first sentence of text, cut at a word boundary when long."""
    m = _SENTENCE_END.search(text)
    sentence = text[: m.end()] if m else text
    sentence = sentence.strip()
    if len(sentence) > limit:
        cut = sentence[:limit].rsplit(" ", 1)[0]
        sentence = cut.rstrip(",;:") + "…"
    return sentence


def build_article(
    art_id: str,
    rel: str,
    text: str,
    *,
    title: str = "",
    art_date: date | None = None,
    source: str = "",
    url: str = "",
    author: str = "",
) -> Article | None:
    """Split raw text into title, captions and body paragraphs; None if nothing is left."""
    lines = [squeeze_spaces(line) for line in text.split("\n")]
    paragraphs: list[str] = []
    captions: list[str] = []
    for line in lines:
        if not line or is_boilerplate(line):
            continue
        if is_caption(line):
            if line not in captions:
                captions.append(line)
            continue
        paragraphs.append(line)
    title = squeeze_spaces(title)
    if not title and len(paragraphs) > 1 and looks_like_headline(paragraphs[0]):
        title = paragraphs.pop(0)
    # Scraped pages often repeat the headline as the first line of the body.
    while title and paragraphs and paragraphs[0] == title:
        paragraphs.pop(0)
    if not paragraphs:
        if not title:
            return None
        paragraphs = [title]
    body = "\n\n".join(paragraphs)
    if not title:
        # A derived title skips the dateline ("WASHINGTON (Reuters) -", "Washington —").
        lead = _DATELINE_PREFIX.sub("", paragraphs[0], count=1)
        title = first_sentence(lead[:1].upper() + lead[1:] if lead else paragraphs[0])
    if not source:
        m = _DATELINE_SOURCE.match(paragraphs[0])
        if m:
            source = m.group(1).strip()
    return Article(
        id=art_id,
        title=title,
        body=body,
        path=rel,
        date=art_date,
        source=source,
        url=url,
        captions=tuple(captions),
        author=squeeze_spaces(author),
    )
