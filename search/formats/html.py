"""Saved web pages: the article's main text and metadata, without navigation, ads or comments.

trafilatura finds the main text (its own rules, with jusText and a readability port as
fallbacks) and reads the metadata: title, author, site name and canonical URL from meta
tags and JSON-LD, the publication date from the markup (meta tags, JSON-LD, <time>, the
URL) through htmldate. Where it finds nothing, the rules every article goes through apply
(headline from the first line, date and source from the dateline).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import date

from ..cleaning import strip_controls
from ..models import Article
from .article import build_article
from .common import LoadResult, clean_field, one_problem, parse_iso_date
from .encoding import decode_markup

# A page holds an article when some of its text reads as prose: a line of at least this
# many words, and this many words in such lines. Section fronts, sign-in pages and error
# pages are link lists and form labels.
PROSE_LINE_WORDS = 10
MIN_PROSE_WORDS = 20
# htmldate's "extensive" search guesses from any date in the text (a copyright line, a
# comment); only dates the markup states are taken, the text's dateline comes after.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_TAG = re.compile(r"<[a-zA-Z!/?]")
# A line of the page's text worth keeping holds a letter or a digit ("|" between menu items does not).
_WORDY = re.compile(r"\w")
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass(frozen=True)
class Page:
    """What a page says of itself, and its main text (paragraphs one a line)."""

    text: str
    title: str = ""
    date: date | None = None
    author: str = ""
    source: str = ""
    url: str = ""
    host: str = ""  # the site's host name, the source of last resort


def _quiet_trafilatura() -> None:
    # The extractor logs each page it finds too short or too big; here such a page is
    # reported once, as skipped, with its reason.
    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def extract_page(markup: str, url: str = "") -> Page | None:
    """The main text and metadata of an HTML document, or None when it has no text at all.

    trafilatura's own rules run first (its "fast" mode); only when they find no prose
    does it run again with its fallbacks (jusText, a readability port), which change
    nothing on pages the rules read and add to the time of each.
    """
    doc = _bare_extraction(markup, url, fast=True)
    if doc is None or not has_prose(doc.text or ""):
        doc = _bare_extraction(markup, url, fast=False) or doc
    if doc is None:
        return None
    text = "\n".join(line for line in strip_controls(doc.text or "").split("\n") if _WORDY.search(line))
    host = clean_field(doc.hostname)
    site = clean_field(doc.sitename)
    return Page(
        text=text,
        title=clean_field(doc.title),
        date=parse_iso_date(doc.date) if doc.date else None,
        author=clean_field(doc.author),
        # Without a site name in the page, trafilatura names the host; the dateline's
        # agency ("(Reuters)") says more, so the host comes last.
        source="" if site.lower() == host.lower() else site,
        url=clean_field(doc.url) or url,
        host=host,
    )


def _bare_extraction(markup: str, url: str, *, fast: bool):
    import trafilatura

    _quiet_trafilatura()
    try:
        doc = trafilatura.bare_extraction(
            markup,
            url=url or None,
            fast=fast,
            with_metadata=True,
            include_comments=False,
            # Tables are left out: pages laid out in tables (older news sites) would come
            # out as one row of cells, and a story's data tables are not its prose.
            include_tables=False,
            include_images=False,
            include_links=False,
            deduplicate=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, TypeError, AttributeError, RecursionError, UnicodeError) as exc:
        raise PageError(f"the page cannot be parsed ({type(exc).__name__})") from None
    return None if doc is None or isinstance(doc, dict) else doc


class PageError(ValueError):
    """A page the extractor cannot read at all."""


def has_prose(text: str) -> bool:
    """True when text holds a paragraph or more of running prose, not only menus and labels.

    Words are counted by spaces; in scripts written without them (Chinese, Japanese,
    Korean's syllables too), two characters count as a word.
    """
    words = 0
    for line in text.split("\n"):
        n = len(line.split()) + len(_UNSPACED.findall(line)) // 2
        if n >= PROSE_LINE_WORDS:
            words += n
            if words >= MIN_PROSE_WORDS:
                return True
    return False


def page_article(
    art_id: str, rel: str, markup: str, *, url: str = "", fallback_date: date | None = None
) -> tuple[Article | None, str]:
    """(the page's article, "") or (None, why the page gives none)."""
    try:
        page = extract_page(markup, url)
    except PageError as exc:
        return None, str(exc)
    if page is None or not has_prose(page.text):
        return None, "no article text in the page (navigation, forms or links only)"
    art_date = page.date
    if art_date is None and fallback_date is not None:
        from ..timeline import dateline_date

        art_date = dateline_date(page.text) or fallback_date
    article = build_article(
        art_id,
        rel,
        page.text,
        title=page.title,
        art_date=art_date,
        source=page.source,
        url=page.url,
        author=page.author,
    )
    if article is None:
        return None, "no text after cleaning"
    if not article.source and page.host:
        article = replace(article, source=page.host)
    return article, ""


def fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), paragraphs one a line.

    A fragment is the article already, so nothing is judged boilerplate except what
    every article loses (scripts, styles, embedded frames); trafilatura's plain-text
    conversion keeps block breaks.
    """
    if not _TAG.search(markup):
        return strip_controls(markup)
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError, TypeError):
        return strip_controls(markup)
    for bad in root.xpath(".//script|.//style|.//iframe|.//noscript|.//form|.//button"):
        bad.drop_tree()
    lines: list[str] = []
    current: list[str] = []
    try:
        _walk_text(root, lines, current)
    except RecursionError:
        return strip_controls(root.text_content())
    _flush(lines, current)
    return strip_controls("\n".join(lines))


_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tr section article header footer figure figcaption"
    " dd dt dl hr".split()
)


def _walk_text(el, lines: list[str], current: list[str]) -> None:
    """Gather text, starting a new line at every block element."""
    tag = el.tag if isinstance(el.tag, str) else ""
    block = tag.lower() in _BLOCKS
    if block:
        _flush(lines, current)
    if el.text and tag:
        current.append(el.text)
    for child in el:
        _walk_text(child, lines, current)
    if block:
        _flush(lines, current)
    if el.tail:
        current.append(el.tail)


def _flush(lines: list[str], current: list[str]) -> None:
    line = " ".join("".join(current).split())
    if line:
        lines.append(line)
    current.clear()


def load_html(rel: str, art_id: str, data: bytes) -> LoadResult:
    """One saved page: one article, or a reason it has none."""
    markup, _codec = decode_markup(data)
    article, problem = page_article(art_id, rel, markup)
    if article is None:
        return one_problem(rel, problem)
    return LoadResult((article,), ())
