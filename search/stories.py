"""Stories: articles that are versions of one report, found by the sentences they share.

Wire copy is reprinted, updated and rewritten, so one happening reaches a corpus
as several articles. Two articles are versions of one story when a substantial
part of the shorter one reappears in the longer one: containment, not whole-text
similarity, because an update with added paragraphs is much longer than the
version it grew from.

Each article is reduced to sentence fingerprints: every sentence of at least
``MIN_WORDS`` words, lower-cased, with punctuation and figures dropped (an
update that changes "$200 billion" to "$250 billion" keeps the sentence), hashed
to a signed 64-bit integer so that a side table can index it. Finding the
candidates of a new article is one look-up of its fingerprints, so adding an
article never recomputes the corpus. A fingerprint found in more than
``max_sentence_articles`` articles is boilerplate ("Reporting by ...") and is
ignored for matching.

Grouping does not chain: a new article joins the story whose first version it is
close to, never a story it only touches through another member. A story's id is
its earliest article's id (by date, then id).
"""

from __future__ import annotations

import difflib
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

# A sentence ends at . ! ? (optionally followed by a closing quotation mark) before a
# capital, a digit or an opening quotation mark, or at a blank line.
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019]))\s+(?=[\"'\u201c\u2018(\[A-Z0-9])|\n\s*\n")
_FAST_BREAK = re.compile(r"[.!?][\"'\u201d\u2019]?\s+|\n\s*\n")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
# Shorter sentences ("He declined to comment.") are too common to be evidence. Fixed,
# because fingerprints are computed once, at index time.
MIN_WORDS = 6
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


@dataclass(frozen=True)
class StoryConfig:
    """Thresholds of the grouping; every field can be set in the config file."""

    # Share of the shorter article's sentences that must reappear in the longer one.
    min_containment: float = 0.2
    # Sentences in common, at least: one or two shared sentences (a reused quote,
    # wire boilerplate) are not a story.
    min_shared: int = 3
    # A sentence in more articles than this is boilerplate and is not matched on.
    max_sentence_articles: int = 50

    def __post_init__(self) -> None:
        if not 0.0 < self.min_containment <= 1.0:
            raise ValueError("min_containment must be above 0 and at most 1")
        if self.min_shared < 1 or self.max_sentence_articles < 2:
            raise ValueError("min_shared must be at least 1 and max_sentence_articles at least 2")


def sentences(body: str) -> list[tuple[int, int]]:
    """The (start, end) character spans of the sentences of ``body``, without surrounding space."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for brk in _SENTENCE_BREAK.finditer(body):
        _add_span(body, pos, brk.start(), spans)
        pos = brk.end()
    _add_span(body, pos, len(body), spans)
    return spans


def _add_span(body: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = body[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))


def sentence_key(sentence: str) -> str:
    """The words of a sentence, lower-cased, without punctuation or figures."""
    return " ".join(_WORD.findall(sentence.lower()))


def _hash(key: bytes) -> int:
    """A stable signed 64-bit hash (Python's own hash() changes from run to run)."""
    return ((zlib.crc32(key) << 32) | zlib.adler32(key)) - (1 << 63)


def fingerprints(body: str, min_words: int = MIN_WORDS) -> tuple[int, ...]:
    """The sorted, distinct fingerprints of the sentences of ``body`` long enough to count.

    Cut at sentence ends more coarsely than sentences() (an abbreviation's full stop
    cuts too): every version is cut the same way, and this runs for every article.
    """
    keys = set()
    letters = _LETTER_RUN.findall
    for piece in _FAST_BREAK.split(body.lower()):
        # The runs of letters: what is left when figures, punctuation and spaces go.
        words = letters(piece)
        if len(words) >= min_words:
            keys.add(_hash(" ".join(words).encode("utf-8")))
    return tuple(sorted(keys))


class FingerprintTable(Protocol):
    """Where fingerprints and story assignments are kept (the side table, or memory)."""

    def article_counts(self, hashes: Sequence[int]) -> dict[int, int]:
        """For each hash, the number of articles that hold it (absent when none)."""

    def sharing(self, hashes: Sequence[int]) -> dict[str, int]:
        """Articles holding any of ``hashes``, with the number of them each holds."""

    def fingerprint_count(self, article: str) -> int:
        """How many fingerprints ``article`` has."""

    def story_of(self, article: str) -> str | None:
        """The story ``article`` belongs to."""

    def members(self, story: str) -> list[str]:
        """The articles of ``story``."""

    def order_key(self, article: str) -> tuple[str, str]:
        """Sorts articles oldest first: (ISO date or "9999", id)."""

    def add(self, article: str, hashes: Sequence[int], story: str, day: date | None) -> None:
        """Records ``article``'s fingerprints and its story."""

    def set_story(self, articles: Iterable[str], story: str) -> None:
        """Moves ``articles`` into ``story``."""

    def remove(self, article: str) -> None:
        """Forgets ``article``'s fingerprints and story."""


def order_key(article: str, day: date | None) -> tuple[str, str]:
    """Oldest first, undated last, then by id."""
    return (day.isoformat() if day else "9999", article)


@dataclass
class MemoryTable:
    """A FingerprintTable in memory: for tests, benchmarks and small corpora."""

    postings: dict[int, set[str]] = field(default_factory=dict)
    hashes_of: dict[str, tuple[int, ...]] = field(default_factory=dict)
    stories: dict[str, str] = field(default_factory=dict)
    days: dict[str, date | None] = field(default_factory=dict)
    by_story: dict[str, set[str]] = field(default_factory=dict)

    def article_counts(self, hashes: Sequence[int]) -> dict[int, int]:
        return {h: len(self.postings[h]) for h in hashes if self.postings.get(h)}

    def sharing(self, hashes: Sequence[int]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for h in hashes:
            for article in self.postings.get(h, ()):
                counts[article] = counts.get(article, 0) + 1
        return counts

    def fingerprint_count(self, article: str) -> int:
        return len(self.hashes_of.get(article, ()))

    def story_of(self, article: str) -> str | None:
        return self.stories.get(article)

    def members(self, story: str) -> list[str]:
        return sorted(self.by_story.get(story, ()))

    def order_key(self, article: str) -> tuple[str, str]:
        return order_key(article, self.days.get(article))

    def add(self, article: str, hashes: Sequence[int], story: str, day: date | None) -> None:
        self.hashes_of[article] = tuple(hashes)
        self.days[article] = day
        self._move(article, story)
        for h in hashes:
            self.postings.setdefault(h, set()).add(article)

    def set_story(self, articles: Iterable[str], story: str) -> None:
        for article in list(articles):
            self._move(article, story)

    def _move(self, article: str, story: str | None) -> None:
        old = self.stories.pop(article, None)
        if old is not None:
            self.by_story[old].discard(article)
            if not self.by_story[old]:
                del self.by_story[old]
        if story is not None:
            self.stories[article] = story
            self.by_story.setdefault(story, set()).add(article)

    def remove(self, article: str) -> None:
        for h in self.hashes_of.pop(article, ()):
            holders = self.postings.get(h)
            if holders is not None:
                holders.discard(article)
                if not holders:
                    del self.postings[h]
        self._move(article, None)
        self.days.pop(article, None)


@dataclass(frozen=True)
class Match:
    """Why an article joined a story: the sentences it shares with the story's first version."""

    story: str
    shared: int
    containment: float


class StoryGrouper:
    """Assigns each article, as it is indexed, to a story."""

    def __init__(self, table: FingerprintTable, config: StoryConfig | None = None) -> None:
        self.table = table
        self.config = config or StoryConfig()

    def add(self, article: str, body: str, day: date | None = None) -> str:
        """Indexes ``article`` and returns the id of its story."""
        hashes = fingerprints(body)
        return self.add_fingerprints(article, hashes, day)

    def add_fingerprints(self, article: str, hashes: Sequence[int], day: date | None = None) -> str:
        """Like add(), for fingerprints computed elsewhere (in a worker process)."""
        if self.table.story_of(article) is not None:
            self.remove(article)
        match = self.best_match(hashes)
        story = match.story if match else article
        self.table.add(article, hashes, story, day)
        if match and self.table.order_key(article) < self.table.order_key(story):
            # An earlier version arrived late: the story is named after it from now on.
            self.table.set_story(self.table.members(story), article)
            story = article
        return story

    def best_match(self, hashes: Sequence[int]) -> Match | None:
        """The story whose first version shares enough of these fingerprints, if any."""
        if not hashes:
            return None
        cfg = self.config
        common = self.table.article_counts(hashes)
        # A sentence no other article holds cannot be shared: only the others are looked up,
        # and an article with fewer than min_shared of them needs no look-up at all.
        usable = [h for h in hashes if 0 < common.get(h, 0) < cfg.max_sentence_articles]
        if len(usable) < cfg.min_shared:
            return None
        best: Match | None = None
        # Counted first: most articles share a sentence or two with many others, and only
        # those sharing enough are worth a look-up of their story.
        enough = [(other, shared) for other, shared in self.table.sharing(usable).items() if shared >= cfg.min_shared]
        for other, shared in enough:
            if self.table.story_of(other) != other:
                # Only a story's first version decides who joins it: no chaining.
                continue
            shorter = min(len(hashes), self.table.fingerprint_count(other)) or 1
            containment = shared / shorter
            if containment < cfg.min_containment:
                continue
            candidate = Match(other, shared, round(containment, 4))
            if best is None or (candidate.containment, candidate.shared) > (best.containment, best.shared):
                best = candidate
            elif (candidate.containment, candidate.shared) == (best.containment, best.shared):
                best = min(best, candidate, key=lambda m: self.table.order_key(m.story))
        return best

    def remove(self, article: str) -> None:
        """Forgets ``article``; if it named its story, the next oldest member names it now."""
        story = self.table.story_of(article)
        self.table.remove(article)
        if story != article:
            return
        rest = sorted(self.table.members(story), key=self.table.order_key)
        if rest:
            self.table.set_story(rest, rest[0])


@dataclass(frozen=True)
class StoryOverrides:
    """Hand corrections from the override file: articles to join into one story, or to keep apart."""

    joins: tuple[tuple[str, ...], ...] = ()
    splits: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> StoryOverrides:
        """Reads ``[[stories.join]]`` and ``[[stories.split]]`` tables (each with ``articles = [...]``)."""
        return cls(_groups(data, "join"), _groups(data, "split"))


def _groups(data: Mapping[str, object], key: str) -> tuple[tuple[str, ...], ...]:
    entries = data.get(key, [])
    if not isinstance(entries, list):
        raise ValueError(f"stories.{key} must be a list of tables")
    groups = []
    for entry in entries:
        articles = entry.get("articles") if isinstance(entry, dict) else None
        if not isinstance(articles, list) or not all(isinstance(a, str) for a in articles) or len(articles) < 2:
            raise ValueError(f"each [[stories.{key}]] needs articles = [two or more article ids]")
        groups.append(tuple(articles))
    return tuple(groups)


def apply_overrides(
    stories: Mapping[str, str], overrides: StoryOverrides, order: Mapping[str, tuple[str, str]]
) -> dict[str, str]:
    """Article -> story after the hand corrections; ``order`` sorts articles oldest first.

    A split takes each listed article (with the versions that joined through it) out
    into a story of its own; a join then puts the listed articles' stories together.
    Story ids are renamed after their oldest member.
    """
    result = dict(stories)
    for group in overrides.splits:
        for article in group:
            if article in result and result[article] != article:
                result[article] = article
    for number, group in enumerate(overrides.joins):
        wanted = {result[a] for a in group if a in result}
        for article, story in list(result.items()):
            if story in wanted:
                result[article] = f"\0join{number}"
    by_story: dict[str, list[str]] = {}
    for article, story in result.items():
        by_story.setdefault(story, []).append(article)
    renamed: dict[str, str] = {}
    for members in by_story.values():
        oldest = min(members, key=lambda a: order.get(a, ("9999", a)))
        for article in members:
            renamed[article] = oldest
    return renamed


@dataclass(frozen=True)
class VersionDiff:
    """What one version of a story adds and drops against another, sentence by sentence."""

    added: tuple[str, ...]
    dropped: tuple[str, ...]
    kept: int


def compare_versions(older: str, newer: str) -> VersionDiff:
    """The sentences ``newer`` adds to ``older`` and the ones it drops, in their order."""
    old = [older[s:e] for s, e in sentences(older)]
    new = [newer[s:e] for s, e in sentences(newer)]
    matcher = difflib.SequenceMatcher(
        a=[sentence_key(s) for s in old], b=[sentence_key(s) for s in new], autojunk=False
    )
    added: list[str] = []
    dropped: list[str] = []
    kept = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            kept += i2 - i1
            continue
        dropped.extend(old[i1:i2])
        added.extend(new[j1:j2])
    return VersionDiff(tuple(added), tuple(dropped), kept)
