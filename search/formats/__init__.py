"""The file formats a corpus may hold, one module each, and which suffix is which.

- text.py: .txt, .md, .markdown (one article; date header or front matter)
- records.py: .json (an article or a list; a JSON Feed goes to feeds.py), .jsonl (one a line)
- html.py: .html, .htm, .xhtml (a saved page: main text and metadata, via trafilatura)
- feeds.py: .xml, .rss, .atom (RSS and Atom, via feedparser) and JSON Feed
- tables.py: .csv, .tsv (one article per row; columns.py maps headers to fields)
- warc.py: .warc, .warc.gz (each HTML response is a page, via warcio)

article.py turns loose text into an article for all of them; encoding.py decodes markup.
"""

from __future__ import annotations

FORMATS: dict[str, str] = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".json": "json",
    ".jsonl": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".csv": "csv",
    ".tsv": "tsv",
    ".warc": "warc",
    ".warc.gz": "warc",
}
# Suffixes of two parts, checked before the last part alone.
_COMPOUND = (".warc.gz",)
# Folders a browser saves beside a page ("Page_files/", "Page.files/"): its images, scripts
# and embedded frames, never articles.
ASSET_FOLDER_ENDINGS = ("_files", ".files")
PAGE_SUFFIXES = tuple(s for s, kind in FORMATS.items() if kind == "html")
# For messages: "it holds no {FORMAT_NAMES} files".
FORMAT_NAMES = ".txt, .md, .json, .jsonl, .html, .xml, .rss, .atom, .csv, .tsv or .warc"


def suffix_of(name: str) -> str | None:
    """The format suffix of a file name (".warc.gz", ".txt"), lower case, or None if not loadable."""
    low = name.lower()
    for compound in _COMPOUND:
        if low.endswith(compound) and len(low) > len(compound):
            return compound
    dot = low.rfind(".")
    if dot <= 0:
        return None
    suffix = low[dot:]
    return suffix if suffix in FORMATS else None


def kind_of(name: str) -> str | None:
    """The format of a file name ("text", "json", "html", "feed", "csv", "tsv", "warc"), or None."""
    suffix = suffix_of(name)
    return FORMATS[suffix] if suffix else None


def asset_folders(dirnames: list[str], filenames: list[str]) -> set[str]:
    """The folders among dirnames that hold the assets of a page saved beside them."""
    candidates = [d for d in dirnames if d.lower().endswith(ASSET_FOLDER_ENDINGS)]
    if not candidates:
        return set()
    pages = {name.lower()[: -len(s)] for name in filenames for s in PAGE_SUFFIXES if name.lower().endswith(s)}
    return {d for d in candidates if d.lower()[:-6] in pages}
