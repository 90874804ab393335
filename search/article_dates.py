"""Article dates set by hand, kept per corpus as JSON in the user's data folder."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

from .errors import TradeTuiError, os_reason
from .jsonfile import read_json_dict, write_json_atomic
from .paths import corpus_key

# Kept here as numbers, not imported: the pipeline loads only when indexing.
MIN_ARTICLE_YEAR, MAX_ARTICLE_YEAR = 100, 9900
FILE_NAME = "article-dates.json"


class ArticleDates:
    """The dates a user set on a corpus's articles: {corpus key: {article id: ISO day}}."""

    def __init__(self, data_dir: Path, corpus: Path) -> None:
        self.path = data_dir / FILE_NAME
        self.key = corpus_key(corpus)

    def load(self) -> dict[str, date]:
        """Every date set on this corpus (entries that are not dates are left out)."""
        table = read_json_dict(self.path).get(self.key, {})
        out: dict[str, date] = {}
        for k, v in table.items() if isinstance(table, dict) else ():
            with contextlib.suppress(ValueError, TypeError):
                out[k] = date.fromisoformat(v)
        return out

    @staticmethod
    def check(new_date: date | None) -> None:
        """TradeTuiError for a date outside the years articles may have."""
        if new_date is not None and not MIN_ARTICLE_YEAR <= new_date.year <= MAX_ARTICLE_YEAR:
            raise TradeTuiError(f"article dates run from year {MIN_ARTICLE_YEAR} to {MAX_ARTICLE_YEAR}")

    def save(self, article_id: str, new_date: date | None) -> None:
        """Set (or, with None, forget) one article's date; TradeTuiError when it cannot be saved."""
        raw = read_json_dict(self.path)
        table = raw.get(self.key)
        if not isinstance(table, dict):
            table = raw[self.key] = {}
        if new_date is None:
            table.pop(article_id, None)
        else:
            table[article_id] = new_date.isoformat()
        try:
            write_json_atomic(self.path, raw, sort_keys=True)
        except OSError as exc:
            raise TradeTuiError(f"cannot save the date in {self.path}: {os_reason(exc)}") from None
