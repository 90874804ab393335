"""What the session reads for the screens: frozen records, bound down into the panes.

The Session (tui.session) makes them; the screen keeps them as its typed state and the
panes show them. None of them holds a widget or touches the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from search import (
    Article,
    Conflict,
    CorpusStats,
    Entity,
    EntityDetail,
    Mention,
    TimelinePage,
    VersionDiff,
)


@dataclass(frozen=True)
class VersionNote:
    """An article set against another version of its story: what it adds and what it drops.

    `later` tells which way round: False, the other is the earlier version (the diff is what
    this article adds to it); True, this is the story's first version and the other is the
    next one (the diff is what that one adds to this).
    """

    other_id: str
    other_title: str
    number: int  # this article's place among the story's versions, 1 the earliest
    versions: int
    later: bool
    diff: VersionDiff


@dataclass(frozen=True)
class ArticleView:
    """What the reader shows: the article, its query matches and its linked mentions."""

    article: Article
    matches: list[tuple[int, int]]
    mentions: list[tuple[str, Mention]]
    focus_span: tuple[int, int, str] | None = None
    versions: VersionNote | None = None

    @property
    def entity_ids(self) -> frozenset[str]:
        """The entities named in the article."""
        return frozenset(eid for eid, _ in self.mentions)


@dataclass(frozen=True)
class Overview:
    """What the corpus holds, once it is indexed and its names are linked."""

    stats: CorpusStats = field(default_factory=CorpusStats)
    entities: tuple[Entity, ...] = ()
    timeline: TimelinePage = field(default_factory=TimelinePage)  # its first page
    problem: str = ""  # why names or events are missing (a broken override file), or ""
    conflicts: tuple[Conflict, ...] = ()  # happenings whose reports from different stories differ
    stories: int = 0  # how many stories the articles make (versions of one report count once)
    people: int = 0  # how many of the entities are people


@dataclass(frozen=True)
class EntityView:
    """One entity as the sidebar and the timeline show it once it is selected.

    Read in two steps: at once the entity and its timeline's first page (`complete` False,
    the detail holding the entity alone), then its mentions, companions and quotes.
    """

    detail: EntityDetail
    timeline: TimelinePage
    titles: dict[str, tuple]  # title and date of the articles the detail quotes
    complete: bool = True
