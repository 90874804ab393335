"""The records extraction gives: a mention, a quote, and both for one article."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class ExtractedMention:
    """A mention found in one text: kind is person, org, place, or candidate."""

    surface: str
    name: str
    kind: str
    start: int
    end: int
    where: str
    role: str = ""
    side: str = ""
    sentence: int = 0


@dataclass(frozen=True, slots=True)
class ExtractedQuote:
    """A statement and its speaker; kind is "direct" (in quotation marks) or "reported"."""

    speaker: str
    text: str
    start: int
    end: int
    where: str
    kind: str = "reported"


@dataclass(frozen=True, slots=True)
class Extraction:
    mentions: tuple[ExtractedMention, ...]
    quotes: tuple[ExtractedQuote, ...]


class MentionRow(NamedTuple):
    """One stored mention: an ExtractedMention with its article, as the side table holds it and
    linking reads it (a tuple: hundreds of thousands are built per linking run)."""

    article: str
    surface: str
    name: str
    kind: str
    start: int
    end: int
    where: str
    role: str
    side: str

    @classmethod
    def of(cls, article: str, m: ExtractedMention) -> MentionRow:
        return cls(article, m.surface, m.name, m.kind, m.start, m.end, m.where, m.role, m.side)
