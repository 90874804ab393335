"""The index schema: its field classes, and the postings computed ahead of indexing.

Index folders pickle their schema, so the field classes here keep the module name
search.engine (which re-exports them) for the indexes that hold them.
"""

from __future__ import annotations

import calendar
import re
import warnings
from collections.abc import Iterable
from datetime import date, datetime, time
from functools import lru_cache
from itertools import chain

with warnings.catch_warnings():
    warnings.simplefilter("ignore", SyntaxWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    from whoosh import query as wq
    from whoosh.columns import NumericColumn
    from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema
    from whoosh.formats import Existence, Positions
    from whoosh.util.times import datetime_to_long

from ..errors import QueryError
from .analysis import (
    CountryFilter,
    name_analyzer,
    name_terms,
    news_analyzer,
    news_terms,
    news_terms_of,
    position_postings,
    presence_postings,
    text_words,
    word_analyzer,
    word_terms,
)
from .internals import DateTextHook

ENTITY_FIELDS = ("person", "org", "place")


class Analysed(str):
    """Field text whose postings were computed ahead of time, in a worker process."""

    postings: tuple

    def __new__(cls, text: str, postings: tuple) -> Analysed:
        obj = super().__new__(cls, text)
        obj.postings = postings
        return obj

    def __reduce__(self):
        # Stored (pickled) as the plain text; the postings only matter while indexing.
        return (str, (str(self),))


class FastText(TEXT):
    """A TEXT field indexed by a plain term function instead of Whoosh's per-token chain.

    Queries still go through the field's analyzer; tests keep the two in agreement.
    """

    def terms(self, text: str) -> list[str]:
        return news_terms(text)

    def postings(self, text: str) -> tuple:
        """(term bytes, frequency, weight, encoded positions) for each distinct term."""
        return self.postings_of(self.terms(text))

    def postings_of(self, terms: Iterable[str]) -> tuple:
        """postings() of the text's terms, already worked out."""
        if type(self.format) is not Positions:
            positions: dict[str, list[int]] = {}
            for i, term in enumerate(terms):
                positions.setdefault(term, []).append(i)
            boost, encode = self.format.field_boost, self.format.encode
            return tuple((term.encode("utf-8"), len(p), len(p) * boost, encode(p)) for term, p in positions.items())
        return position_postings(terms, self.format.field_boost)

    def index(self, value, **kwargs):
        # A tuple, not an iterator: the bulk add reads its length and its frequencies again.
        postings = getattr(value, "postings", None)
        return postings if postings is not None else self.postings(value)


class NewsText(FastText):
    """Article text: news_terms()."""


class WordText(FastText):
    """The text's words as written, unstemmed (word_terms()): wildcards match what was written.

    Only which documents hold a word (Whoosh's Existence format), no counts, positions or
    lengths: the field answers wildcards and prefixes, which Whoosh scores as a constant,
    so what a count or a length would tell is never read. Half the postings of an
    article are here; without values they cost the writer a fraction of the others.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.format = Existence(field_boost=kwargs.get("field_boost", 1.0))
        self.scorable = False

    def terms(self, text: str) -> list[str]:
        return word_terms(text)

    def postings(self, text: str) -> tuple:
        return self.postings_of(word_terms(text))

    def postings_of(self, terms: Iterable[str]) -> tuple:
        return presence_postings(terms, self.format.field_boost)


class NameText(FastText):
    """Entity names: name_terms()."""

    def terms(self, text: str) -> list[str]:
        return name_terms(text)


DATE_FORMS = "2018, 2018-09 or 2018-09-13"
# YYYY, YYYY-MM or YYYY-MM-DD (one-digit months and days read too), or YYYYMMDD, ISO's
# form without dashes. Six digits are not read as YYYYMM: ISO leaves that form out
# because it reads as YYMMDD as well.
_QUERY_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?|(\d{4})(\d{2})(\d{2})", re.ASCII)


def _shown(text: str, limit: int = 40) -> str:
    """User text quoted for a message: one line, and cut short when long."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def query_days(text: str) -> tuple[date, date]:
    """The first and last day of a date written in a query: a year, a month or a day.

    Raises QueryError, naming the forms read, for anything else.
    """
    value = text.strip()
    m = _QUERY_DATE.fullmatch(value)
    if m is None:
        raise QueryError(f"dates look like {DATE_FORMS} (not {_shown(value)})")
    year = int(m[1] or m[4])
    month = int(m[2] or m[5]) if (m[2] or m[5]) else None
    day = int(m[3] or m[6]) if (m[3] or m[6]) else None
    if year < 1:
        raise QueryError(f"{_shown(value)} is not a date: years run from 0001 to 9999")
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if not 1 <= month <= 12:
        raise QueryError(f"{_shown(value)} is not a date: months run from 01 to 12")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, 1), date(year, month, last)
    if not 1 <= day <= last:
        raise QueryError(f"{_shown(value)} is not a date: {year:04d}-{month:02d} has {last} days")
    return date(year, month, day), date(year, month, day)


_DAY_CACHE_LIMIT = 100_000


class DayField(DateTextHook, DATETIME):
    """A DATETIME field queried by days, months and years, read by query_days().

    Whoosh's own reading takes any run of digits and lets Python's errors out for the
    rest; this one reads the forms query_days() names and turns anything else into a
    QueryError. Indexing is Whoosh's. Index folders pickle their schema, so this class
    keeps its name and module for the indexes that hold it.
    """

    def parse_date_text(self, text: str) -> datetime:
        """The first instant of a date written as query_days() reads it."""
        return _to_datetime(query_days(text)[0])

    def index(self, value, **kwargs):
        # An article's date is one of a few thousand days: its terms (one per tier) are
        # worked out once per day rather than once per article.
        if isinstance(value, (list, tuple)):
            return tuple(super().index(value, **kwargs))
        cache = self.__dict__.get("_index_terms")
        if cache is None:
            cache = self.__dict__["_index_terms"] = {}
        terms = cache.get(value)
        if terms is None:
            if len(cache) >= _DAY_CACHE_LIMIT:
                cache.clear()
            terms = cache[value] = tuple(super().index(value, **kwargs))
        return terms

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_index_terms", None)
        return state

    @staticmethod
    def day_numbers(text: str) -> tuple[int, int]:
        """The field's numbers for the first and last instant of a query date."""
        first, last = query_days(text)
        return (datetime_to_long(_to_datetime(first)), datetime_to_long(datetime.combine(last, time.max)))

    def parse_query(self, fieldname, qstring, boost=1.0):
        value = qstring.strip()
        try:
            if value[:1] in (">", "<"):
                bound = value.lstrip("<>=").strip()
                bound = bound if _QUERY_DATE.fullmatch(bound) else "2018"
                shape = f"[{bound} to]" if value[0] == ">" else f"[to {bound}]"
                raise QueryError(f"{fieldname}: takes ranges rather than > or <, e.g. {fieldname}:{shape}")
            start, end = self.day_numbers(value)
        except QueryError as exc:
            return wq.error_query(exc)
        return wq.NumericRange(fieldname, start, end, boost=boost)

    def parse_range(self, fieldname, start, end, startexcl, endexcl, boost=1.0):
        if start is None and end is None:
            return wq.Every(fieldname, boost=boost)
        try:
            low = self.day_numbers(start)[0] if start is not None else None
            high = self.day_numbers(end)[1] if end is not None else None
        except QueryError as exc:
            return wq.error_query(exc)
        if low is not None and high is not None and low > high:
            # Both ends were read as dates above, so they are safe to show as typed.
            return wq.error_query(
                QueryError(f"the date range ends before it starts ({fieldname}:[{start.strip()} to {end.strip()}])")
            )
        return wq.NumericRange(fieldname, low, high, startexcl, endexcl, boost=boost)


class EventDays(DayField):
    """The days an article's events fall on: one term per day, no coarser tiers.

    DATETIME indexes eight terms per value so that ranges over microseconds are fast;
    events are days (a few dozen per article, a few thousand distinct in a corpus), so
    one term each is enough and a range reads at most that many terms.
    """

    def __init__(self) -> None:
        super().__init__()
        self.shift_step = 0
        self._day_terms: dict[int, bytes] = {}

    def day_term(self, day: date) -> bytes:
        ordinal = day.toordinal()
        term = self._day_terms.get(ordinal)
        if term is None:
            term = self._day_terms[ordinal] = self.to_bytes(_to_datetime(day))
        return term

    def index(self, value, **kwargs):
        days = value if isinstance(value, (list, tuple)) else [value]
        return [(self.day_term(d), 1, 1.0, b"") for d in days]

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_day_terms", None)
        return state

    def __setstate__(self, state) -> None:
        super().__setstate__(state)
        self._day_terms = {}


def build_schema() -> Schema:
    """The index schema; bump ENGINE_SCHEMA_VERSION whenever it changes."""
    news = news_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        title=NewsText(analyzer=news, stored=True, field_boost=2.0),
        body=NewsText(analyzer=news, stored=True),
        caption=NewsText(analyzer=news),
        # Title, body and captions again, unstemmed, presence only: `negotia*` runs over
        # "negotiations", not over its stem "negoti".
        words=WordText(analyzer=word_analyzer(), phrase=False),
        source=TEXT(analyzer=name_analyzer(), stored=True, phrase=False),
        url=STORED(),
        captions=STORED(),
        # Undated articles sort as the oldest, so "newest first" lists them last.
        date=DayField(stored=True, sortable=NumericColumn("Q", default=0)),
        event=EventDays(),
        person=NameText(analyzer=name_analyzer()),
        org=NameText(analyzer=name_analyzer()),
        place=NameText(analyzer=name_analyzer()),
        # Never written: story:ID is answered with its articles' ids (see querying).
        story=ID(),
    )


@lru_cache(maxsize=1)
def _schema() -> Schema:
    return build_schema()


def analyse_document(
    title: str, body: str, captions: Iterable[str], entities: dict[str, list[str]] | None = None
) -> dict[str, tuple]:
    """Postings of an article's text fields, computed where the caller likes (a worker)."""
    schema = _schema()
    words = {
        field: text_words(text) for field, text in (("title", title), ("body", body), ("caption", "\n".join(captions)))
    }
    out = {field: schema[field].postings_of(news_terms_of(ws)) for field, ws in words.items()}
    # The words field is the three again, as written: cut once, read twice.
    out["words"] = schema["words"].postings_of(map(str.lower, chain.from_iterable(words.values())))
    for field in ENTITY_FIELDS:
        names = (entities or {}).get(field)
        if names:
            out[field] = schema[field].postings("\n".join(names))
    return out


def all_words(title: str, body: str, captions: Iterable[str]) -> str:
    """The text the words field indexes: title, body and captions."""
    return "\n".join([title, body, *captions])


def _to_datetime(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


# The names the pickled schemas of existing indexes use.
for _cls in (CountryFilter, FastText, NewsText, WordText, NameText, DayField, EventDays):
    _cls.__module__ = "search.engine"
