"""Loading a folder of articles: walking, decoding, cleaning, titles and captions."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .cleaning import decode_text, looks_binary, squeeze_spaces, strip_controls
from .models import Article, Skipped

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown"}
RECORD_SUFFIXES = {".jsonl", ".json"}
SUFFIXES = ARTICLE_SUFFIXES | RECORD_SUFFIXES
MAX_ARTICLE_BYTES = 8 * 1024 * 1024
MAX_RECORD_FILE_BYTES = 2 * 1024 * 1024 * 1024
# Article records are shallow; deeper nesting is refused before parsing, so that the
# parser's recursion never depends on how much stack the caller has left.
MAX_JSON_DEPTH = 200

_HEADER_DATE = re.compile(r"^\s*date\s*[:=]?\s*(\S+)\s*", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+\-Z]*)?$")
# Front matter: "---" on the first line, up to the next line that is just "---" (which may
# end the file). Without that closing line the file is all text.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*(?:\n|\Z)", re.DOTALL | re.MULTILINE)
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


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
# The JSON parser's messages, in the product's words.
_JSON_PROBLEMS = (
    ("Expecting value", "a value is missing"),
    ("Expecting property name", "a key is not in double quotes"),
    ("Expecting ':'", "a colon is missing"),
    ("Expecting ','", "a comma or closing bracket is missing"),
    ("Unterminated string", "a string is not closed"),
    ("Invalid control character", "a control character inside a string"),
    ("Invalid \\u", "a bad \\u escape in a string"),
    ("Invalid \\escape", "a bad escape in a string"),
    ("Extra data", "extra text after the data"),
)


@dataclass(frozen=True)
class LoadResult:
    """Articles read from one file, plus the problems met on the way."""

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]


def iter_corpus_files(root: Path) -> Iterator[Path]:
    """Yield loadable files under root in a stable order, skipping hidden entries."""
    if root.is_file():
        yield root
        return
    for rel in iter_corpus_paths(str(root)):
        yield root / rel


def iter_corpus_paths(root: str) -> Iterator[str]:
    """Relative POSIX paths of the loadable files under a folder, in a stable order.

    Plain strings: on a corpus of 100,000 files, building Path objects costs seconds.
    """
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        prefix = os.path.relpath(dirpath, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            dot = name.rfind(".")
            if dot > 0 and name[dot:].lower() in SUFFIXES:
                yield prefix + name


def article_id_for(root: Path, path: Path) -> str:
    """The stable id of a file's article: its path relative to the corpus, without extension."""
    rel = path.name if root.is_file() else path.relative_to(root).as_posix()
    stem, dot, _ext = rel.rpartition(".")
    return stem if dot else rel


def parse_iso_date(value: object) -> date | None:
    """Parse YYYY-MM-DD (optionally with a time) into a date, or None."""
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _unreadable(rel: str, exc: OSError) -> LoadResult:
    return LoadResult((), (Skipped(rel, f"unreadable: {exc.strerror or 'could not be read'}"),))


def _quoted(value: str, limit: int = 40) -> str:
    """Text from a file, for a one-line message: cut short and quoted with escapes."""
    return repr(value[:limit] + ("…" if len(value) > limit else ""))


def _describe(value: object) -> str:
    """A JSON value, for a one-line message."""
    if isinstance(value, str):
        return _quoted(strip_controls(value))
    if isinstance(value, bool):
        return "(true)" if value else "(false)"
    if isinstance(value, int | float):
        # Huge and non-finite numbers are not spelled out: only their kind matters.
        return str(value) if abs(value) < 1e15 else "(a number)"
    if isinstance(value, list):
        return "(a list)"
    if isinstance(value, dict):
        return "(an object)"
    return "(a value of another kind)"


def _parse_int(digits: str) -> int | float:
    # Python refuses to convert very long digit strings; such a number is of no use to an
    # article, so it is read approximately rather than failing the whole record.
    try:
        return int(digits)
    except ValueError:
        return float(digits)


def _json_too_deep(text: str) -> bool:
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return False
    depth = 0
    for ch in _NOT_BRACKET.sub("", _JSON_STRING.sub("", text)):
        if ch in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        else:
            depth -= 1
    return False


def _parse_json(text: str, label: str, *, at_line: bool) -> tuple[object, str]:
    """(value, "") for parsed JSON, or (None, the problem in plain words).

    label names what is read ("JSON", "JSON line"); at_line adds where a syntax error is.
    """
    if _json_too_deep(text):
        return None, f"{label} nested too deeply (over {MAX_JSON_DEPTH} levels)"
    try:
        return json.loads(text, parse_int=_parse_int, strict=False), ""
    except json.JSONDecodeError as exc:
        words = next((w for start, w in _JSON_PROBLEMS if exc.msg.startswith(start)), None)
        where = f" at line {exc.lineno}" if at_line else ""
        return None, f"broken {label}: {words or 'not readable as JSON'}{where}"
    except RecursionError:
        return None, f"{label} nested too deeply"
    except ValueError:
        return None, f"broken {label}: a value cannot be read"


def load_file(root: Path, path: Path, data: bytes | None = None) -> LoadResult:
    """Read one corpus file into articles; never raises for bad content.

    data: the file's bytes when the caller has read them already (they are not read again).
    """
    rel = path.name if root.is_file() else path.relative_to(root).as_posix()
    try:
        size = path.stat().st_size if data is None else len(data)
    except OSError as exc:
        return _unreadable(rel, exc)
    suffix = path.suffix.lower()
    limit = MAX_RECORD_FILE_BYTES if suffix == ".jsonl" else MAX_ARTICLE_BYTES
    if size > limit:
        return LoadResult((), (Skipped(rel, f"too large ({size} bytes, limit {limit})"),))
    if size == 0:
        return LoadResult((), (Skipped(rel, "empty file"),))
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            return _unreadable(rel, exc)
    if looks_binary(data):
        return LoadResult((), (Skipped(rel, "binary file, not text"),))
    text, _encoding = decode_text(data)
    text = strip_controls(text)
    art_id = article_id_for(root, path)
    if suffix == ".jsonl":
        return _load_jsonl(rel, art_id, text)
    if suffix == ".json":
        return _load_json(rel, art_id, text)
    return _load_text(rel, art_id, text)


def _load_text(rel: str, art_id: str, text: str) -> LoadResult:
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
            shown = _quoted(header.group(1))
            skipped.append(Skipped(rel, f"malformed date header {shown}; loaded undated"))
        text = text[header.end() :]
    if "date" in meta and art_date is None:
        art_date = parse_iso_date(meta["date"])
        if art_date is None:
            shown = _quoted(meta["date"])
            skipped.append(Skipped(rel, f"malformed date {shown}; loaded undated"))
    article = build_article(
        art_id,
        rel,
        text,
        title=meta.get("title", ""),
        art_date=art_date,
        source=meta.get("source", ""),
        url=meta.get("url", ""),
    )
    if article is None:
        return LoadResult((), (*skipped, Skipped(rel, "no text after cleaning")))
    return LoadResult((article,), tuple(skipped))


def _record_to_article(rec: object, art_id: str, rel: str, where: str) -> tuple[Article | None, list[Skipped]]:
    problems: list[Skipped] = []
    if not isinstance(rec, dict):
        return None, [Skipped(where, "not a JSON object")]
    texts = (rec.get("text"), rec.get("body"))
    body = next((v for v in texts if isinstance(v, str) and v.strip()), None)
    if body is None:
        return None, [Skipped(where, "no text or body field")]

    def field(name: str) -> str:
        value = rec.get(name, "")
        return strip_controls(value) if isinstance(value, str) else ""

    raw_date = rec.get("date")
    art_date = parse_iso_date(raw_date) if raw_date else None
    if raw_date and art_date is None:
        problems.append(Skipped(where, f"malformed date {_describe(raw_date)}; loaded undated"))
    article = build_article(
        art_id,
        rel,
        strip_controls(body),
        title=field("title"),
        art_date=art_date,
        source=field("source"),
        url=field("url"),
    )
    if article is None:
        problems.append(Skipped(where, "no text after cleaning"))
    return article, problems


def _load_jsonl(rel: str, art_id: str, text: str) -> LoadResult:
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{rel}:{lineno}"
        if len(line) > MAX_ARTICLE_BYTES:
            skipped.append(Skipped(where, "line too large"))
            continue
        rec, problem = _parse_json(line, "JSON line", at_line=False)
        if problem:
            skipped.append(Skipped(where, problem))
            continue
        article, problems = _record_to_article(rec, f"{art_id}:{lineno}", rel, where)
        skipped.extend(problems)
        if article is not None:
            articles.append(article)
    if not articles and not skipped:
        skipped.append(Skipped(rel, "no articles in file"))
    return LoadResult(tuple(articles), tuple(skipped))


def _load_json(rel: str, art_id: str, text: str) -> LoadResult:
    data, problem = _parse_json(text, "JSON", at_line=True)
    if problem:
        return LoadResult((), (Skipped(rel, problem),))
    if isinstance(data, dict):
        article, problems = _record_to_article(data, art_id, rel, rel)
        return LoadResult((article,) if article else (), tuple(problems))
    if not isinstance(data, list):
        return LoadResult((), (Skipped(rel, "JSON is neither an object nor a list"),))
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for n, rec in enumerate(data, start=1):
        article, problems = _record_to_article(rec, f"{art_id}:{n}", rel, f"{rel}[{n}]")
        skipped.extend(problems)
        if article is not None:
            articles.append(article)
    return LoadResult(tuple(articles), tuple(skipped))


def is_caption(paragraph: str) -> bool:
    """True for photo captions and credits ("FILE PHOTO: ...", "... Picture: REUTERS/...")."""
    if len(paragraph) > 500:
        return False
    return bool(_CAPTION_START.match(paragraph) or _CREDIT.search(paragraph))


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
    )
