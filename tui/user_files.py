"""The app's own files in the user data folder: query history and bookmarks, kept across runs."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from search import corpus_key, read_json_dict, user_data_dir, write_json_atomic

HISTORY_FILE = "history.json"
BOOKMARKS_FILE = "bookmarks.json"
HISTORY_LIMIT = 200


@dataclass(frozen=True)
class Bookmark:
    """A bookmarked article, entity or event, with the label it was shown by."""

    kind: str
    id: str
    label: str


class UserFiles:
    """Query history and bookmarks, one list of each per corpus."""

    def __init__(self, corpus: Path) -> None:
        self.dir = user_data_dir()
        self.key = corpus_key(corpus)

    def _load(self, name: str) -> dict:
        return read_json_dict(self.dir / name)

    def _save(self, name: str, data: dict) -> None:
        # A file that cannot be written costs the history, never the session.
        with contextlib.suppress(OSError):
            write_json_atomic(self.dir / name, data)

    def history(self) -> list[str]:
        """This corpus's past queries, oldest first."""
        by_corpus = self._load(HISTORY_FILE).get("corpora", {})
        queries = by_corpus.get(self.key, []) if isinstance(by_corpus, dict) else []
        return [q for q in queries if isinstance(q, str)] if isinstance(queries, list) else []

    def remember(self, query: str) -> None:
        """Add a query to the end of this corpus's history (moved there if already in it)."""
        if not query.strip():
            return
        data = self._load(HISTORY_FILE)
        by_corpus = data.get("corpora")
        if not isinstance(by_corpus, dict):
            by_corpus = data["corpora"] = {}
        items = [q for q in self.history() if q != query] + [query]
        by_corpus[self.key] = items[-HISTORY_LIMIT:]
        self._save(HISTORY_FILE, data)

    def _raw_bookmarks(self, data: dict) -> list[dict]:
        return [b for b in data.get(self.key, []) if isinstance(b, dict)]

    def bookmarks(self) -> list[Bookmark]:
        """This corpus's bookmarks, in the order they were made."""
        return [
            Bookmark(str(b.get("kind", "?")), str(b.get("id", "")), str(b.get("label", "")))
            for b in self._raw_bookmarks(self._load(BOOKMARKS_FILE))
        ]

    def bookmarked_articles(self) -> frozenset[str]:
        """Ids of the bookmarked articles."""
        return frozenset(b.id for b in self.bookmarks() if b.kind == "article")

    def toggle_bookmark(self, kind: str, item_id: str, label: str) -> bool:
        """Bookmark an item, or remove its bookmark; True when it is now bookmarked."""
        data = self._load(BOOKMARKS_FILE)
        items = self._raw_bookmarks(data)
        if any(b.get("kind") == kind and b.get("id") == item_id for b in items):
            items = [b for b in items if not (b.get("kind") == kind and b.get("id") == item_id)]
            added = False
        else:
            items.append({"kind": kind, "id": item_id, "label": label})
            added = True
        data[self.key] = items
        self._save(BOOKMARKS_FILE, data)
        return added
