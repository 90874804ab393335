"""The records extraction gives: a mention, a quote, and both for one article."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class ExtractedQuote:
    speaker: str
    text: str
    start: int
    end: int
    where: str


@dataclass(frozen=True)
class Extraction:
    mentions: tuple[ExtractedMention, ...]
    quotes: tuple[ExtractedQuote, ...]
