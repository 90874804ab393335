"""Messages of the main screen: the intents panes post, and the results its workers post."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from textual.message import Message

from search import (
    Article,
    Conflict,
    Dossier,
    Event,
    IndexReport,
    SearchPage,
    TimelinePage,
    Together,
    Unresolved,
    WatchResult,
)

from .story_rows import StoryMark
from .views import ArticleView, EntityView, Overview

# -- intents: panes, dialogs and the palette post these; the main screen decides what they change


@dataclass
class ArticleOpened(Message):
    """Open an article in the reader, optionally scrolled to a span of its body or a caption."""

    article_id: str
    start: int | None = None
    end: int | None = None
    where: str = "body"
    record: bool = True


@dataclass
class EntitySelected(Message):
    """Filter the list and timeline to one entity."""

    entity_id: str
    record: bool = True


@dataclass
class EntityPreviewed(Message):
    """Show one entity's detail beside the list, changing nothing else (the highlight moved)."""

    entity_id: str

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, EntityPreviewed)


@dataclass
class DossierOpened(Message):
    """Open one entity's dossier in place of the reader."""

    entity_id: str
    record: bool = True


@dataclass
class TogetherOpened(Message):
    """Show where two or more entities all appear, in place of the reader."""

    entity_ids: tuple[str, ...]
    record: bool = True


class DossierClosed(Message):
    """Close the dossier and show the reader again."""


@dataclass
class EventSelected(Message):
    """An event was chosen in the timeline."""

    event_id: str
    record: bool = True


@dataclass
class QuerySubmitted(Message):
    """Run a query (from the search box, an entity, history or the palette)."""

    query: str
    focus_list: bool = False


@dataclass
class ArticleDateAsked(Message):
    """Set or clear an article's date by hand (the reader's `d`; any pane listing articles may post it)."""

    article_id: str
    current: date | None = None


# -- worker results: each worker posts one of these to the main screen ---------------------


@dataclass
class IndexProgress(Message):
    """Indexing has prepared `done` of `total` files."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


class IndexOpened(Message):
    """An index built before is open: it is searched while the folder is looked over for changes."""


class FirstBatchCommitted(Message):
    """A first batch of a long indexing run is committed: text search can start."""


@dataclass
class Indexed(Message):
    """The index is complete; names, stats and the timeline are worked out next."""

    report: IndexReport


@dataclass
class Linked(Message):
    """Names are linked: the corpus's stats, entities and timeline."""

    overview: Overview


@dataclass
class ResultsFound(Message):
    """The first page of a search (`generation` tells a stale one from the current)."""

    generation: int
    page: SearchPage
    marks: Mapping[str, StoryMark] = field(default_factory=dict)  # the page's articles' stories


@dataclass
class ResultsCounted(Message):
    """The total of a search whose first page did not count it."""

    generation: int
    total: int


@dataclass
class ArticleRead(Message):
    """An article is read, with its matches and names."""

    view: ArticleView


@dataclass
class EntityRead(Message):
    """An entity's detail and timeline are read (`record`: the selection is a jump to go back to)."""

    entity_id: str
    view: EntityView
    record: bool = True


@dataclass
class EntityPreviewRead(Message):
    """The highlighted entity's detail, for the sidebar's detail box only."""

    entity_id: str
    view: EntityView


@dataclass
class DossierRead(Message):
    """An entity's dossier (or several entities' common ground) is read."""

    dossier: Dossier | None = None
    together: Together | None = None


@dataclass
class EventSourcesRead(Message):
    """An event with several sources, and the titles of their articles."""

    event: Event
    titles: dict[str, tuple]


@dataclass
class ArticleDateSet(Message):
    """An article's date is set (or cleared) by hand; the article as it now reads."""

    article: Article
    cleared: bool


@dataclass
class FolderChanged(Message):
    """A round of indexing the files that changed in the watched folder (or why it failed)."""

    result: WatchResult


@dataclass
class EntityDetailRead(Message):
    """The selected entity's mentions, companions and quotes, read after its first screen."""

    entity_id: str
    view: EntityView


@dataclass
class EntityMonthsRead(Message):
    """The selected entity's articles per month, for the timeline's chart."""

    entity_id: str
    months: tuple[tuple[str, int], ...]


@dataclass
class TimelinePageRead(Message):
    """A further page of the timeline shown."""

    page: TimelinePage


@dataclass
class TimelineFirstRead(Message):
    """The first page of the timeline to show (an entity's or the corpus's, within the dates)."""

    page: TimelinePage
    label: str  # whose it is ('' for the corpus)


@dataclass
class EventRead(Message):
    """An event chosen by id (in the timeline, history or the palette), read from the library."""

    event: Event
    record: bool = True


@dataclass
class UnresolvedRead(Message):
    """The unplaced expressions of one reason, to pick an article from."""

    reason: str
    rows: tuple[Unresolved, ...]


@dataclass
class ConflictsRead(Message):
    """The happenings whose reports differ, worked out after the first screen."""

    conflicts: tuple[Conflict, ...]
