"""Date expressions in news text, resolved against the article's date (see search.dates).

The public seam of date extraction: find_dates(text, where, article_date) and
DateMention, with the helpers callers use (dateline_date, is_future, sentences).
"""

from __future__ import annotations

from .dates import (
    PRECISIONS,
    DateMention,
    candidate_windows,
    dateline_date,
    find_dates,
    is_future,
    sentence_bounds,
    sentence_starts,
)
from .dates.candidates import CANDIDATES as _CANDIDATES
from .dates.candidates import candidate_matches as _candidates
from .dates.resolve import parse_absolute as _parse_absolute

__all__ = [
    "PRECISIONS",
    "DateMention",
    "candidate_windows",
    "dateline_date",
    "find_dates",
    "is_future",
    "sentence_bounds",
    "sentence_starts",
    "_CANDIDATES",
    "_candidates",
    "_parse_absolute",
]
