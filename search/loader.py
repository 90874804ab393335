"""Loading a folder of articles: walking it, and handing each file to its format's reader.

The formats themselves live in search/formats/ (one module each); this module keeps
the walk, the article ids, the size limits and the checks every file goes through.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from .cleaning import decode_text, looks_binary, strip_controls
from .formats import FORMAT_NAMES, FORMATS, asset_folders, kind_of, suffix_of
from .formats.article import (
    BOILERPLATE,
    build_article,
    first_sentence,
    is_boilerplate,
    is_caption,
    looks_like_headline,
)
from .formats.common import LoadResult, parse_any_date, parse_iso_date
from .formats.records import MAX_JSON_DEPTH, load_json, load_jsonl
from .formats.text import load_text
from .models import Skipped

SUFFIXES = set(FORMATS)
ARTICLE_SUFFIXES = {s for s, kind in FORMATS.items() if kind == "text"}
RECORD_SUFFIXES = {".jsonl", ".json"}
MAX_ARTICLE_BYTES = 8 * 1024 * 1024
MAX_RECORD_FILE_BYTES = 2 * 1024 * 1024 * 1024
# Pages saved "complete" carry their images inline; feeds hold many entries.
MAX_PAGE_BYTES = 32 * 1024 * 1024
MAX_FEED_BYTES = 64 * 1024 * 1024
# Formats whose files hold many articles and may be as large as a JSON-lines file.
_LARGE_KINDS = ("jsonl", "csv", "tsv", "warc")

__all__ = [
    "ARTICLE_SUFFIXES",
    "BOILERPLATE",
    "FORMAT_NAMES",
    "MAX_JSON_DEPTH",
    "RECORD_SUFFIXES",
    "SUFFIXES",
    "LoadResult",
    "article_id_for",
    "build_article",
    "first_sentence",
    "is_boilerplate",
    "is_caption",
    "is_loadable",
    "iter_corpus_files",
    "iter_corpus_paths",
    "load_file",
    "looks_like_headline",
    "parse_any_date",
    "parse_iso_date",
    "suffix_of",
]


def is_loadable(name: str) -> bool:
    """True for a file name the loader reads (by its suffix; hidden files are not)."""
    return not name.startswith(".") and suffix_of(name) is not None


def iter_corpus_files(root: Path) -> Iterator[Path]:
    """Yield loadable files under root in a stable order, skipping hidden entries."""
    if root.is_file():
        yield root
        return
    for rel in iter_corpus_paths(str(root)):
        yield root / rel


def iter_corpus_paths(root: str) -> Iterator[str]:
    """Relative POSIX paths of the loadable files under a folder, in a stable order.

    Hidden files and folders are passed over, and so are the asset folders a browser
    saves beside a page ("Page_files/" next to "Page.html"). Plain strings: on a corpus
    of 100,000 files, building Path objects costs seconds.
    """
    for dirpath, dirnames, filenames in os.walk(root):
        assets = asset_folders(dirnames, filenames)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in assets)
        prefix = os.path.relpath(dirpath, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            dot = name.rfind(".")
            if dot > 0 and (name[dot:].lower() in SUFFIXES or suffix_of(name) is not None):
                yield prefix + name


def article_id_for(root: Path, path: Path) -> str:
    """The stable id of a file's article: its path relative to the corpus, without extension."""
    rel = path.name if root.is_file() else path.relative_to(root).as_posix()
    suffix = suffix_of(path.name)
    if suffix:
        return rel[: -len(suffix)]
    stem, dot, _ext = rel.rpartition(".")
    return stem if dot else rel


def _size_limit(kind: str | None) -> int:
    if kind in _LARGE_KINDS:
        return MAX_RECORD_FILE_BYTES
    if kind == "html":
        return max(MAX_PAGE_BYTES, MAX_ARTICLE_BYTES)
    if kind == "feed":
        return max(MAX_FEED_BYTES, MAX_ARTICLE_BYTES)
    return MAX_ARTICLE_BYTES


def load_file(
    root: Path, path: Path, data: bytes | None = None, *, columns: Mapping[str, str] | None = None
) -> LoadResult:
    """Read one corpus file into articles; never raises for bad content.

    data: the file's bytes when the caller has read them already (they are not read again).
    columns: the user's {field: header} mapping for CSV and TSV files.
    """
    rel = path.name if root.is_file() else path.relative_to(root).as_posix()
    kind = kind_of(path.name) or "text"
    try:
        size = path.stat().st_size if data is None else len(data)
    except OSError as exc:
        return _unreadable(rel, exc)
    limit = _size_limit(kind)
    if size > limit:
        return LoadResult((), (Skipped(rel, f"too large ({size} bytes, limit {limit})"),))
    if size == 0:
        return LoadResult((), (Skipped(rel, "empty file"),))
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            return _unreadable(rel, exc)
    art_id = article_id_for(root, path)
    if kind == "warc":
        from .formats.warc import load_warc

        return load_warc(rel, art_id, data)
    if looks_binary(data):
        return LoadResult((), (Skipped(rel, "binary file, not text"),))
    return _load_kind(kind, rel, art_id, data, columns)


def _load_kind(kind: str, rel: str, art_id: str, data: bytes, columns: Mapping[str, str] | None) -> LoadResult:
    """Hand text-like bytes to their format's reader (the heavy ones are imported when met)."""
    if kind == "html":
        from .formats.html import load_html

        return load_html(rel, art_id, data)
    if kind == "feed":
        from .formats.feeds import load_feed

        return load_feed(rel, art_id, data)
    text, _encoding = decode_text(data)
    text = strip_controls(text)
    if kind in ("csv", "tsv"):
        from .formats.tables import load_table

        return load_table(rel, art_id, text, delimiter="\t" if kind == "tsv" else None, columns=columns)
    if kind == "jsonl":
        return load_jsonl(rel, art_id, text)
    if kind == "json":
        return load_json(rel, art_id, text)
    return load_text(rel, art_id, text)


def _unreadable(rel: str, exc: OSError) -> LoadResult:
    return LoadResult((), (Skipped(rel, f"unreadable: {exc.strerror or 'could not be read'}"),))
