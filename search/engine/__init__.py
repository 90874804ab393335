"""The full-text engine seam: the only module that imports Whoosh.

Everything else talks to :class:`TextIndex` in plain values (dicts, strings,
dates), so another engine can replace this module behind the same methods.
"""

from __future__ import annotations

import calendar
import contextlib
import json
import pickle
import re
import shutil
import threading
import warnings
from array import array
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter
from pathlib import Path

with warnings.catch_warnings():
    # Whoosh 2.7 carries regexes with invalid escapes; not ours to fix.
    warnings.simplefilter("ignore", SyntaxWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    from whoosh import index as whoosh_index
    from whoosh import query as wq
    from whoosh.analysis import (
        Filter,
        LowercaseFilter,
        RegexTokenizer,
        StemFilter,
        StopFilter,
    )
    from whoosh.analysis.filters import STOP_WORDS
    from whoosh.codec import whoosh3 as _whoosh3
    from whoosh.columns import NumericColumn
    from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema
    from whoosh.formats import Positions
    from whoosh.index import LockError
    from whoosh.lang.porter import stem as porter_stem
    from whoosh.qparser import MultifieldParser
    from whoosh.qparser import syntax as qsyntax
    from whoosh.qparser.common import QueryParserError
    from whoosh.qparser.plugins import OperatorsPlugin, RangePlugin
    from whoosh.system import pack_uint
    from whoosh.util.times import datetime_to_long

from ..errors import IndexBusy, QueryError
from . import topk

# Two codec helpers, swapped for faster equivalents. Posting blocks are pickled: with
# Whoosh's protocol 2 every positions value (a bytes object) is written as a call to
# codecs.encode() that loading must replay, 128 times a block, which dominates reading
# a common word's postings. Any protocol loads the same way, so indexes stay readable by
# stock Whoosh. Block ids are delta-coded; the running
# sum is itertools.accumulate's.
_whoosh3.dumps = lambda obj, protocol=None: pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
_whoosh3.delta_decode = accumulate

ENGINE_SCHEMA_VERSION = 7
# zlib level for posting blocks (Whoosh's default is 3). Uncompressed blocks take more
# disk but skip compressing on every write and decompressing on every read of a common
# word (the README gives the numbers). Speed wins here; 3 trades back.
POSTING_COMPRESSION = 0
ENTITY_FIELDS = ("person", "org", "place")
COUNTRY_TOKEN = "unitedstates"
# News needs "us" (the country), "may" (the month) and "will" (the noun, and tense cues).
NEWS_STOP_WORDS = frozenset(STOP_WORDS - {"may", "will", "us", "not"}) | {"us"}
_COUNTRY_FORMS = {"u.s", "u.s.a", "usa"}


class CountryFilter(Filter):
    """Fold US, U.S., USA and "United States" into one term; drop the pronoun "us" when indexing.

    Runs before lowercasing so that the capitalised country can be told from the
    pronoun in article text. In a query every spelling means the country.
    """

    def __call__(self, tokens: Iterator) -> Iterator:
        pending = None
        for t in tokens:
            raw = t.text
            low = raw.lower()
            if pending is not None:
                if low == "states":
                    pending.text = COUNTRY_TOKEN
                    if pending.chars:
                        pending.endchar = t.endchar
                    yield pending
                    pending = None
                    continue
                yield pending
                pending = None
            if low == "united" and raw[:1] == "U":
                pending = t.copy()
                continue
            if low in _COUNTRY_FORMS or (low == "us" and (t.mode == "query" or raw == "US")):
                t.text = COUNTRY_TOKEN
            yield t
        if pending is not None:
            yield pending


_FAST_TOKEN = re.compile(r"\w+(?:\.?\w+)*")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return porter_stem(word)


_COUNTRY_TERM = _stem(COUNTRY_TOKEN)
_UNITED_TERM = _stem("united")


def news_terms(text: str) -> list[str]:
    """The index-time terms of news_analyzer(), in order, computed without Token objects.

    Indexing spends most of its time in Whoosh's per-token filter chain; this does the
    same folding, stop-word removal and stemming in one pass, with each distinct word's
    term looked up once. A test keeps the two equal.
    """
    words = _FAST_TOKEN.findall(text)
    cache = _WORD_TERMS
    if len(cache) > 500_000:
        cache.clear()
    out: list[str] = []
    append = out.append
    i, n = 0, len(words)
    while i < n:
        raw = words[i]
        i += 1
        if raw[0] == "U" and raw.lower() == "united":
            if i < n and words[i].lower() == "states":
                append(_COUNTRY_TERM)
                i += 1
            else:
                append(_UNITED_TERM)
            continue
        try:
            term = cache[raw]
        except KeyError:
            term = cache[raw] = _word_term(raw)
        if term is not None:
            append(term)
    return out


_WORD_TERMS: dict[str, str | None] = {}


def _word_term(raw: str) -> str | None:
    """The term of one word outside "United States" (None for a stop word)."""
    low = raw.lower()
    if low in _COUNTRY_FORMS or (low == "us" and raw == "US"):
        return _COUNTRY_TERM
    if low in NEWS_STOP_WORDS:
        return None
    return _stem(low)


_NAME_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*")


def name_terms(text: str) -> list[str]:
    """The terms of name_analyzer(): lowercase words, hyphens and apostrophes kept inside."""
    return [t.lower() for t in _NAME_TOKEN.findall(text)]


def news_term_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) for each index-time term of text: the terms news_terms() indexes."""
    stop = NEWS_STOP_WORDS
    pending: tuple[int, int] | None = None
    for m in _FAST_TOKEN.finditer(text):
        raw = m.group()
        low = raw.lower()
        if pending is not None:
            start = pending[0]
            pending_end = pending[1]
            pending = None
            if low == "states":
                yield _stem(COUNTRY_TOKEN), start, m.end()
                continue
            yield _stem("united"), start, pending_end
        if low == "united" and raw[0] == "U":
            pending = (m.start(), m.end())
            continue
        if low in _COUNTRY_FORMS or (low == "us" and raw == "US"):
            yield _stem(COUNTRY_TOKEN), m.start(), m.end()
            continue
        if low in stop:
            continue
        yield _stem(low), m.start(), m.end()
    if pending is not None:
        yield _stem("united"), pending[0], pending[1]


def term_spans(text: str, terms: set[str] | frozenset[str]) -> list[tuple[int, int]]:
    """Spans of text whose index-time term is one of terms (news_term_spans, filtered).

    Snippets and highlights ask this of whole articles, twenty at a time. Rather than
    analyse every word, a regex finds the words that could stem to one of the terms (a
    stem and its word share all but the stem's last two letters at most), and only those
    are analysed. "United States" folds two words into one term, so queries for those
    terms take the full pass.
    """
    if not terms or not text:
        return []
    if _COUNTRY_TERM in terms or _UNITED_TERM in terms:
        return [(a, b) for term, a, b in news_term_spans(text) if term in terms]
    out = []
    for m in _candidate_words(frozenset(terms)).finditer(text):
        raw = m.group()
        term = _word_term(raw)
        if term is None or term not in terms:
            continue
        if raw.lower() == "states" and _after_united(text, m.start()):
            continue  # the second half of "United States"
        out.append((m.start(), m.end()))
    return out


@lru_cache(maxsize=256)
def _candidate_words(terms: frozenset[str]) -> re.Pattern:
    prefixes = sorted({t[: max(1, len(t) - 2)] for t in terms}, key=len, reverse=True)
    # A whole token (as _FAST_TOKEN cuts them) that starts with one of the prefixes.
    alternatives = "|".join(map(re.escape, prefixes))
    return re.compile(rf"(?<![\w.])(?<!\w\.)(?:{alternatives})\w*(?:\.?\w+)*", re.IGNORECASE)


def _after_united(text: str, start: int) -> bool:
    """Whether the token before start is a capitalised "United" (which joins the next word)."""
    before = _FAST_TOKEN.findall(text[max(0, start - 200) : start])
    return bool(before) and before[-1][0] == "U" and before[-1].lower() == "united"


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
        positions: dict[str, list[int]] = {}
        for i, term in enumerate(self.terms(text)):
            p = positions.get(term)
            if p is None:
                positions[term] = [i]
            else:
                p.append(i)
        boost = self.format.field_boost
        if type(self.format) is not Positions:
            encode = self.format.encode
            return tuple((term.encode("utf-8"), len(p), len(p) * boost, encode(p)) for term, p in positions.items())
        out = []
        for term, p in positions.items():
            # Positions.encode(): the count, then the pickled gaps between positions.
            deltas = p if len(p) == 1 else [b - a for a, b in zip([0, *p[:-1]], p, strict=True)]
            out.append((term.encode("utf-8"), len(p), len(p) * boost, pack_uint(len(p)) + pickle.dumps(deltas, 2)))
        return tuple(out)

    def index(self, value, **kwargs):
        postings = getattr(value, "postings", None)
        return iter(postings if postings is not None else self.postings(value))


class NewsText(FastText):
    """Article text: news_terms()."""


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


class DayField(DATETIME):
    """A DATETIME field queried by days, months and years, read by query_days().

    Whoosh's own reading takes any run of digits and lets Python's errors out for the
    rest; this one reads the forms query_days() names and turns anything else into a
    QueryError. Indexing is Whoosh's. Index folders pickle their schema, so this class
    keeps its name and module for the indexes that hold it.
    """

    def _parse_datestring(self, qstring):
        return _to_datetime(query_days(qstring)[0])

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


def news_analyzer(stem: bool = True):
    """Tokenise, fold the country, lowercase, drop stop words, and stem."""
    chain = (
        RegexTokenizer(r"\w+(\.?\w+)*")
        | CountryFilter()
        | LowercaseFilter()
        | StopFilter(stoplist=NEWS_STOP_WORDS, minsize=1)
    )
    return chain | StemFilter() if stem else chain


def name_analyzer():
    """Entity names: lowercase word tokens, no stemming or stop words."""
    return RegexTokenizer(r"\w+(['’\-]\w+)*") | LowercaseFilter()


def build_schema() -> Schema:
    """The index schema; bump ENGINE_SCHEMA_VERSION whenever it changes."""
    news = news_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        title=NewsText(analyzer=news, stored=True, field_boost=2.0),
        body=NewsText(analyzer=news, stored=True),
        caption=NewsText(analyzer=news),
        source=TEXT(analyzer=name_analyzer(), stored=True, phrase=False),
        url=STORED(),
        captions=STORED(),
        # Undated articles sort as the oldest, so "newest first" lists them last.
        date=DayField(stored=True, sortable=NumericColumn("Q", default=0)),
        event=EventDays(),
        person=NameText(analyzer=name_analyzer()),
        org=NameText(analyzer=name_analyzer()),
        place=NameText(analyzer=name_analyzer()),
    )


@lru_cache(maxsize=1)
def _schema() -> Schema:
    return build_schema()


def analyse_document(
    title: str, body: str, captions: Iterable[str], entities: dict[str, list[str]] | None = None
) -> dict[str, tuple]:
    """Postings of an article's text fields, computed where the caller likes (a worker)."""
    schema = _schema()
    texts = {"title": title, "body": body, "caption": "\n".join(captions)}
    for field in ENTITY_FIELDS:
        names = (entities or {}).get(field)
        if names:
            texts[field] = "\n".join(names)
    return {field: schema[field].postings(text) for field, text in texts.items()}


@dataclass(frozen=True)
class RawHit:
    """A hit as the engine sees it: stored fields plus score."""

    fields: dict
    score: float


@dataclass(frozen=True)
class RawPage:
    """A page of hits; total is -1 when it was not counted on the way."""

    hits: list[RawHit]
    total: int
    terms: set[str]


@dataclass(frozen=True, eq=False)
class ParsedQuery:
    """A query read once (TextIndex.parse_query), to page, count and highlight with."""

    text: str
    query: object  # the engine's own query tree


def _to_datetime(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


# The fields a query may name, in the order the README lists them (id and path are the
# index's own bookkeeping; url and captions are stored, not searchable).
QUERY_FIELDS = ("title", "body", "caption", "source", "date", "event", *ENTITY_FIELDS)
_FIELD_EXAMPLES = {
    "title": "tariffs",
    "body": "tariffs",
    "caption": "tariffs",
    "source": "reuters",
    "date": "2018-09-13",
    "event": "2018-08",
    "person": "kudlow",
    "org": "huawei",
    "place": "china",
}
UNREADABLE_QUERY = "check its quotes, brackets and field names"

# Query syntax as Whoosh's parser finds it: at each position it tries a single-quoted
# term, then a field name, then a phrase, then a range (its taggers, in their order);
# the other taggers consume no quote, colon or bracket, so the scan steps over them.
_SINGLE_QUOTED = re.compile(r"(^|(?<=\W))'(?P<text>.*?)'(?=\s|\]|[)}]|$)")
_FIELD_NAME = re.compile(r"(?P<text>\w+|[*]):")
_PHRASE = re.compile(r'"(?P<text>.*?)"(~(?P<slop>[1-9][0-9]*))?')
_RANGE = RangePlugin.expr
_PLAIN_VALUE = re.compile(r"[^\s\"'()\[\]{}]+")
_ANY_SPACE = re.compile(r"\s")


def check_query_syntax(text: str, schema_fields: Container[str]) -> None:
    """Raise QueryError for an unclosed quote, an unknown field or a field without a value.

    Reads the text the way Whoosh's parser tags it, so a quoted "foo:bar" is a phrase and
    a range's brackets hold what they hold. Whoosh itself reads a name outside the schema
    as words and drops an unclosed quote, which gives quietly wrong results instead of a
    message; schema_fields are the names it would take for fields.
    """
    pos, n = 0, len(text)
    while pos < n:
        m = _SINGLE_QUOTED.match(text, pos)
        if m is None:
            m = _FIELD_NAME.match(text, pos)
            if m is not None:
                _check_field(text, m, schema_fields)
        if m is None and text[pos] == '"':
            m = _PHRASE.match(text, pos)
            if m is None:
                raise QueryError('a quote is not closed; end the phrase with another "')
        if m is None:
            m = _RANGE.match(text, pos)
        pos = m.end() if m is not None else pos + 1


def _check_field(text: str, m: re.Match, schema_fields: Container[str]) -> None:
    """Raise QueryError for the field name m found, when it is not a field with a value."""
    name, end = m["text"], m.end()
    # Whoosh gives a field the next part of the query unless a space, the end of the
    # query or of its group comes first; then the name is read as a word.
    bare = end == len(text) or text[end].isspace() or text[end] == ")"
    if name in QUERY_FIELDS:
        quoted = _PHRASE.match(text, end) or _SINGLE_QUOTED.match(text, end)
        if bare or text[end] in "]}" or (quoted is not None and not quoted["text"].strip()):
            raise QueryError(f"{name}: needs a value, e.g. {name}:{_FIELD_EXAMPLES[name]}")
        return
    if bare:
        return  # a word ending in a colon, as headlines have them ("Exclusive: talks resume")
    # Text, not fields, when Whoosh reads them as text: "*:" (its every-field mark), clock
    # times and ratios ("10:30", "3:1"), and URLs ("https://...").
    if name not in schema_fields and (name == "*" or name[0].isdigit() or text.startswith("//", end)):
        return
    if name.lower() in QUERY_FIELDS:
        raise QueryError(f"field names are lowercase: {name.lower()}:, not {name}:")
    fields = ", ".join(QUERY_FIELDS[:-1]) + " and " + QUERY_FIELDS[-1]
    message = f"unknown field {_shown(name)}; the fields are {fields}"
    value = _PLAIN_VALUE.match(text, end)
    if value is not None and len(name) + len(value[0]) <= 60:
        message += f' (quote "{name}:{value[0]}" to search it as words)'
    raise QueryError(message)


class _InfixOperator(qsyntax.InfixOperator):
    """AND, OR, ANDNOT, ANDMAYBE, REQUIRE: an operator beside another has no operand there.

    Whoosh drops an operator that has no operand at an end of the query, but takes an
    operator beside it for one ("a ANDNOT ANDNOT b"), and its two-sided groups then fail
    on an assertion. Such an operator is dropped the same way.
    """

    def replace_self(self, parser, group, position):
        if any(0 <= i < len(group) and isinstance(group[i], qsyntax.Operator) for i in (position - 1, position + 1)):
            del group[position]
            return position
        return super().replace_self(parser, group, position)


class _PrefixOperator(qsyntax.PrefixOperator):
    """NOT: "NOT NOT x" is the inner NOT's group negated; "NOT AND x" drops the NOT.

    Whoosh would wrap the next operator itself, which leaves an empty NOT group that
    fails when the query is built.
    """

    def replace_self(self, parser, group, position):
        following = position + 1
        while following < len(group) and isinstance(group[following], qsyntax.Operator):
            inner = group[following]
            if not (isinstance(inner, _PrefixOperator) and inner.grouptype is self.grouptype):
                del group[position]
                return position
            inner.replace_self(parser, group, following)  # wraps its operand or drops itself
        return super().replace_self(parser, group, position)


def _query_parser(schema: Schema):
    """Whoosh's parser over the default fields, with operators that take only operands."""
    parser = MultifieldParser(["title", "body", "caption"], schema)
    operators = OperatorsPlugin()
    for tagger, _ in operators.ops:
        if tagger.optype is qsyntax.PrefixOperator:
            tagger.optype = _PrefixOperator
        elif tagger.optype is qsyntax.InfixOperator:
            tagger.optype = _InfixOperator
    parser.replace_plugin(operators)
    return parser


def _error_of(q) -> str | None:
    """The message of the first error a parsed query holds, in the product's words.

    Whoosh marks what it could not read with error queries; the date fields put a
    QueryError there, anything else would carry Python's text, which users never see.
    """
    err = getattr(q, "error", None)
    if err:
        return str(err) if isinstance(err, QueryError) else UNREADABLE_QUERY
    for child in q.children() if hasattr(q, "children") else ():
        msg = _error_of(child)
        if msg:
            return msg
    return None


@dataclass(frozen=True)
class EntityMatch:
    """How an entity query is answered: by the names it goes by, or by its article ids."""

    names: tuple[str, ...] | None = None
    ids: tuple[str, ...] = ()


EntityResolver = Callable[[str, str], "EntityMatch | None"]


class TextIndex:
    """A persistent full-text index of articles in one directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._local = threading.local()
        self._schema = build_schema()
        self._ix: whoosh_index.Index | None = None

    # -- lifecycle -----------------------------------------------------------------

    def exists(self) -> bool:
        return whoosh_index.exists_in(str(self.directory))

    def open_or_create(self) -> None:
        """Open the index, creating it when absent; a corrupt index raises ValueError."""
        self.directory.mkdir(parents=True, exist_ok=True)
        try:
            # exists_in() itself opens the table of contents, so it fails on damaged files too.
            if self.exists():
                self._ix = whoosh_index.open_dir(str(self.directory))
                with self._ix.searcher() as s:
                    s.doc_count()
                return
        except Exception as exc:  # whoosh raises many kinds for damaged files
            self._ix = None
            raise ValueError(f"index is damaged ({type(exc).__name__})") from exc
        self._ix = whoosh_index.create_in(str(self.directory), self._schema)

    def wipe(self) -> None:
        """Remove every index file (keeps the directory)."""
        self.close()
        if self.directory.exists():
            for child in self.directory.iterdir():
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                elif child.name.startswith(("_", "MAIN")) or child.suffix in (".toc", ".seg", ".pst"):
                    child.unlink(missing_ok=True)

    def close(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
            self._local.searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    # -- writing -------------------------------------------------------------------

    def writer(self) -> IndexWriter:
        """A writer for one batch of changes; raises IndexBusy if another holds the lock.

        One writer process: analysis happens in the callers' workers (see Analysed), and a
        single writer leaves one segment per batch, which keeps queries fast.
        """
        assert self._ix is not None
        try:
            w = self._ix.writer(
                timeout=0.0, limitmb=256, compound=False, codec=_whoosh3.W3Codec(compression=POSTING_COMPRESSION)
            )
        except LockError as exc:
            raise IndexBusy("the index is being written by another process") from exc
        _install_fast_flush(w)
        return IndexWriter(w, self)

    def _after_commit(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            self._local.searcher = self._reopened(searcher)

    def _reopened(self, searcher):
        """A new searcher in place of an outdated one.

        Not Searcher.refresh(): it reuses the old segment readers by segment id, so
        deletions made since (a replaced article's old version) stay invisible.
        """
        with contextlib.suppress(Exception):
            searcher.close()
        assert self._ix is not None  # only called while the index is open
        return self._ix.searcher()

    # -- reading -------------------------------------------------------------------

    def searcher(self):
        """The calling thread's searcher, refreshed when the index changed."""
        assert self._ix is not None
        s = getattr(self._local, "searcher", None)
        if s is None:
            s = self._ix.searcher()
        elif not s.up_to_date():
            s = self._reopened(s)
        self._local.searcher = s
        return s

    def doc_count(self) -> int:
        return self.searcher().doc_count()

    def dump(self) -> dict:
        """Everything the index holds, for checking how it was written (reads it all).

        "postings": {(field, term): (((docnum, weight, value bytes), ...), (doc freq,
        weight, min length, max length, max weight))}; "stored": each document's stored
        fields; "lengths": {(docnum, field): length}.
        """
        out = {}
        reader = self.searcher().reader()
        stored = [dict(fields) for fields in reader.all_stored_fields()]
        lengths = {
            (doc, field): reader.doc_field_length(doc, field)
            for doc in reader.all_doc_ids()
            for field in self._schema.scorable_names()
        }
        for field, btext in reader.all_terms():
            if field not in self._schema or not self._schema[field].indexed:
                continue
            info = reader.term_info(field, btext)
            m = reader.postings(field, btext)
            postings = []
            while m.is_active():
                postings.append((m.id(), m.weight(), m.value()))
                m.next()
            stats = (info.doc_frequency(), info.weight(), info.min_length(), info.max_length(), info.max_weight())
            out[(field, btext.decode("utf-8", "replace"))] = (tuple(postings), stats)
        return {"postings": out, "stored": stored, "lengths": lengths}

    def get(self, doc_id: str) -> dict | None:
        fields = self.searcher().document(id=doc_id)
        return _decode_fields(fields) if fields else None

    def parse(self, text: str, resolver: EntityResolver | None = None):
        """Parse the query language; entity fields are resolved to article ids when possible."""
        parser = _query_parser(self._schema)
        # Queries are one line: a line break or tab is a space (Whoosh's phrases stop at
        # line breaks).
        stripped = _ANY_SPACE.sub(" ", text).strip()
        if not stripped:
            return wq.Every()
        if stripped in {"*", "?"}:
            raise QueryError("a lone wildcard matches everything; add a word to search for")
        try:
            check_query_syntax(stripped, self._schema.names())
            try:
                q = parser.parse(stripped)
            except QueryParserError as exc:
                raise QueryError(UNREADABLE_QUERY) from exc
            err = _error_of(q)
            if err:
                raise QueryError(err)
            q = self._read_quoted_dates(q)
        except QueryError as exc:
            # Every message on what the query says leads with the same words.
            raise QueryError(f"cannot read query: {exc}") from None
        if resolver is not None:
            q = self._resolve_entities(q, resolver)
        return q

    def _read_quoted_dates(self, q):
        """Date field terms read as dates.

        A quoted date (date:"2018-09") reaches the field as a plain term, which Whoosh
        would turn into a number only while searching, with its lenient reading; here it
        becomes the same range as the unquoted date, or a QueryError.
        """

        def rewrite(node):
            name = getattr(node, "fieldname", None)
            field = self._schema[name] if name and name in self._schema else None
            if isinstance(field, DayField) and isinstance(node, (wq.Term, wq.Phrase)):
                text = node.text if isinstance(node, wq.Term) else " ".join(node.words)
                if isinstance(text, str):
                    found = field.parse_query(name, text, boost=node.boost)
                    err = _error_of(found)
                    if err:
                        raise QueryError(err)
                    return found
            return node.apply(rewrite) if hasattr(node, "apply") else node

        return rewrite(q)

    def _resolve_entities(self, q, resolver: EntityResolver):
        def rewrite(node):
            field = getattr(node, "fieldname", None)
            if field in ENTITY_FIELDS:
                if isinstance(node, wq.Term):
                    name = str(node.text)
                elif isinstance(node, wq.Phrase):
                    name = " ".join(node.words)
                else:
                    return node
                found = resolver(field, name)
                if found is None:
                    return node
                if found.names is not None:
                    # The names the entity goes by, looked up in the entity field: a handful of
                    # terms however many articles name it.
                    parts = []
                    for n in found.names:
                        words = name_terms(n)
                        if len(words) == 1:
                            parts.append(wq.Term(field, words[0]))
                        elif words:
                            parts.append(wq.Phrase(field, words))
                    return wq.Or(parts) if parts else wq.NullQuery
                if not found.ids:
                    return wq.NullQuery
                return wq.Or([wq.Term("id", i) for i in found.ids])
            if hasattr(node, "apply"):
                return node.apply(rewrite)
            return node

        return rewrite(q)

    def parse_query(self, text: str, resolver: EntityResolver | None = None) -> ParsedQuery:
        """The query read once, for page(), count() and query_terms(); QueryError if unreadable."""
        return ParsedQuery(text, self.parse(text, resolver))

    def _parsed(self, text: str | ParsedQuery, resolver: EntityResolver | None):
        return text.query if isinstance(text, ParsedQuery) else self.parse(text, resolver)

    def page(
        self,
        text: str | ParsedQuery,
        *,
        limit: int = 20,
        offset: int = 0,
        sort: str = "score",
        resolver: EntityResolver | None = None,
        with_terms: bool = False,
        with_total: bool = False,
    ) -> RawPage:
        """One page of hits (best first, or newest first with sort='date'), the total, and
        the query's text terms (with_terms, when there are hits).

        Ranked by score, the page and the exact total come from one pass (topk); sorted by
        date, Whoosh sorts and the total is counted only when with_total asks (else -1).
        """
        q = self._parsed(text, resolver)
        s = self.searcher()
        total = -1
        if sort == "score":
            try:
                ranked, total = topk.top_documents(s, q, offset + limit)
            except topk.Unsupported:
                ranked = [(hit.docnum, float(hit.score or 0.0)) for hit in s.search(q, limit=offset + limit)]
                total = -1
            hits = [
                RawHit(_decode_fields(s.stored_fields(doc)), score) for doc, score in ranked[offset : offset + limit]
            ]
        else:
            results = s.search(q, limit=offset + limit, sortedby="date", reverse=True)
            hits = [
                RawHit(_decode_fields(hit.fields()), float(hit.score or 0.0))
                for hit in results[offset : offset + limit]
            ]
        if with_total and total < 0:
            total = self._count(q)
        terms = self._terms_of(q) if with_terms and hits else set()
        return RawPage(hits, total, terms)

    def count(self, text: str | ParsedQuery, resolver: EntityResolver | None = None) -> int:
        """Exact number of matching articles."""
        return self._count(self._parsed(text, resolver))

    def _count(self, q) -> int:
        s = self.searcher()
        try:
            return topk.count(s, q)
        except topk.Unsupported:
            return sum(1 for _ in s.docs_for_query(q))

    def query_terms(self, text: str | ParsedQuery, resolver: EntityResolver | None = None) -> set[str]:
        """Analysed body/title terms of a query (wildcards expanded against the index)."""
        return self._terms_of(self._parsed(text, resolver))

    def _terms_of(self, q) -> set[str]:
        s = self.searcher()
        terms: set[str] = set()
        pairs: set = set()
        # Leaf by leaf: Whoosh's existing_terms() on a compound query reuses its fieldname
        # argument as a loop variable, so after the first title term it skips every body term.
        for leaf in q.leaves():
            try:
                pairs |= leaf.existing_terms(s.reader(), expand=True)
            except Exception:
                continue
        for field, value in pairs:
            if field in ("body", "title"):
                terms.add(value.decode("utf-8") if isinstance(value, bytes) else str(value))
        return terms

    def suggest(self, text: str) -> str | None:
        """A corrected query made of real corpus words (never stems), or None."""
        s = self.searcher()
        corrector = s.corrector("body")
        changed = False
        out = []
        for token in text.split():
            bare = token.strip('"()')
            if ":" in bare or not bare.isalpha() or bare.upper() in ("AND", "OR", "NOT"):
                out.append(token)
                continue
            terms = news_terms(bare)
            if not terms or s.doc_frequency("body", terms[0]) > 0:
                out.append(token)
                continue
            # Stems of one word differ ("negoti", "negotiat"): look a little wider, then pick
            # the written form nearest to what was typed.
            options = corrector.suggest(terms[0], limit=5, maxdist=2)
            term = terms[0]
            options += [term[:k] for k in range(len(term) - 1, 3, -1) if s.doc_frequency("body", term[:k]) > 0][:2]
            forms = [f for f in (self._surface_of(o, bare.lower()) for o in options) if f]
            word = max(forms, key=lambda f: SequenceMatcher(None, bare.lower(), f).ratio(), default=None)
            if word:
                out.append(token.replace(bare, word))
                changed = True
            else:
                out.append(token)
        return " ".join(out) if changed else None

    def _surface_of(self, term: str, typed: str) -> str | None:
        """The written form of an indexed stem nearest to what was typed, read from articles."""
        s = self.searcher()
        counts: dict[str, int] = {}
        for docnum in list(s.docs_for_query(wq.Term("body", term)))[:25]:
            body = s.stored_fields(docnum).get("body", "")
            for found, a, b in news_term_spans(body):
                if found == term:
                    form = body[a:b].lower()
                    counts[form] = counts.get(form, 0) + 1
        if not counts:
            return None
        return max(counts, key=lambda f: (SequenceMatcher(None, typed, f).ratio(), counts[f]))

    def more_like(self, doc_id: str, limit: int = 10) -> list[RawHit]:
        s = self.searcher()
        docnum = s.document_number(id=doc_id)
        if docnum is None:
            return []
        results = s.more_like(docnum, "body", top=limit, numterms=25)
        return [RawHit(_decode_fields(h.fields()), float(h.score or 0.0)) for h in results]

    def term_spans(self, text: str, terms: set[str] | frozenset[str]) -> list[tuple[int, int]]:
        """Character spans in text whose analysed form is one of terms."""
        return term_spans(text, terms)


# -- a faster segment flush ------------------------------------------------------------
#
# Whoosh's SegmentWriter collects every posting as a (field, term, doc, weight, value)
# tuple, sorts them all, then hands them one by one to the codec, looking up the field
# length of each posting on disk; at a few hundred postings per article that dominates
# indexing. The flush below groups postings by term in a dict, sorts only the
# distinct terms, reads each field's lengths once, and fills the codec's posting blocks
# a block at a time. The files written are the same (tests compare them posting by
# posting with Whoosh's own flush); only the way there is shorter.


class _TermPool:
    """Postings grouped by (field, term) as they arrive: {key: [(doc, weight, value), ...]}.

    Whoosh's merge of older segments adds (field, term, doc, weight, value) tuples one at
    a time through add(); new documents go in a field at a time (_add_document).
    """

    def __init__(self) -> None:
        self.groups: dict[tuple[str, bytes], list[tuple]] = {}
        self.count = 0

    def add(self, item: tuple) -> None:
        key = (item[0], item[1])
        bucket = self.groups.get(key)
        if bucket is None:
            self.groups[key] = [(item[2], item[3], item[4])]
        else:
            bucket.append((item[2], item[3], item[4]))
        self.count += 1

    def __len__(self) -> int:
        return self.count

    def cleanup(self) -> None:
        self.groups = {}
        self.count = 0


def _install_fast_flush(w) -> None:
    """Give a Whoosh SegmentWriter the grouped pool and the flush below."""
    if not hasattr(w, "pool") or not hasattr(w, "fieldwriter"):
        return  # not a plain segment writer: keep Whoosh's own path
    w.pool = _TermPool()
    w._flush_segment = lambda: _flush_segment(w)


def _flush_segment(w) -> None:
    w.perdocwriter.close()
    pdr = w.per_document_reader() if w.codec.length_stats else None
    groups = w.pool.groups
    w.pool.cleanup()
    fw = w.fieldwriter
    schema = w.schema
    doc_count = pdr.doc_count_all() if pdr is not None else 0
    field = None
    lengths: list = []
    for key in sorted(groups):
        fieldname, btext = key
        if fieldname != field:
            if field is not None:
                fw.finish_field()
            field = fieldname
            fw.start_field(fieldname, schema[fieldname])
            if pdr is not None:
                lengths = [pdr.doc_field_length(d, fieldname) for d in range(doc_count)]
        # A term's postings arrive in document order: documents are added in order, and
        # segments merged in at commit get the numbers after them.
        fw.start_term(btext)
        _write_postings(fw._postwriter, groups[key], lengths)
        fw.finish_term()
    if field is not None:
        fw.finish_field()
    fw.close()
    if pdr is not None:
        pdr.close()


def _write_postings(pw, items: list[tuple], lengths: list) -> None:
    """What W3PostingsWriter.add_posting does per posting, done a block at a time."""
    limit = pw._blocklimit
    for start in range(0, len(items), limit):
        if start:
            pw._write_block()
        block = items[start : start + limit]
        docs = list(map(_DOC, block))
        weights = list(map(_WEIGHT, block))
        pw._ids = array("I", docs)
        pw._weights = array("f", weights)
        pw._values = list(filter(None, map(_VALUE, block)))
        pw._maxweight = max(0, max(weights))
        if lengths:
            lens = list(filter(None, map(lengths.__getitem__, docs)))
            pw._minlength = min(lens) if lens else None
            pw._maxlength = max(lens) if lens else 0


_DOC = itemgetter(0)
_WEIGHT = itemgetter(1)
_VALUE = itemgetter(2)


def _add_document(w, fields: dict) -> None:
    """SegmentWriter.add_document for this schema, with postings added in bulk.

    The same steps as Whoosh's (fields in name order, postings to the pool, stored value
    and length to the per-document writer, then sortable columns) minus what no field
    here uses (per-field boosts, spelling fields, term vectors).
    """
    if not isinstance(w.pool, _TermPool):
        w.add_document(**fields)
        return
    w._check_state()
    perdoc = w.perdocwriter
    schema = w.schema
    docnum = w.docnum
    pool = w.pool
    groups = pool.groups
    get = groups.get
    perdoc.start_doc(docnum)
    try:
        for fieldname in sorted(fields):
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed:
                postings = list(field.index(value))
                for term, _freq, weight, vbytes in postings:
                    key = (fieldname, term)
                    bucket = get(key)
                    if bucket is None:
                        groups[key] = [(docnum, weight, vbytes)]
                    else:
                        bucket.append((docnum, weight, vbytes))
                pool.count += len(postings)
                if field.scorable:
                    length = sum(p[1] for p in postings)
            perdoc.add_field(fieldname, field, value if field.stored else None, length)
            column = field.column_type
            if column:
                perdoc.add_column_value(fieldname, column, field.to_column_value(value))
    except Exception:
        perdoc.cancel_doc()
        raise
    perdoc.finish_doc()
    w._added = True
    w.docnum += 1


class IndexWriter:
    """Adds, replaces and deletes article documents; commit() makes them visible atomically."""

    def __init__(self, writer, owner: TextIndex) -> None:
        self._w = writer
        self._owner = owner

    def upsert(
        self,
        *,
        id: str,
        path: str,
        title: str,
        body: str,
        source: str = "",
        url: str = "",
        captions: Iterable[str] = (),
        article_date: date | None = None,
        event_days: Iterable[date] = (),
        entities: dict[str, list[str]] | None = None,
        analysed: dict[str, tuple] | None = None,
        new: bool = False,
    ) -> None:
        """Add or replace an article's document; new=True promises no document has this id."""
        captions = list(captions)
        doc: dict[str, str | datetime | list[date]] = {
            "id": id,
            "path": path,
            "title": title,
            "body": body,
            "source": source,
            "url": url,
            "captions": json.dumps(captions),
            "caption": "\n".join(captions),
        }
        if article_date is not None:
            doc["date"] = _to_datetime(article_date)
        days = sorted({d for d in event_days})
        if days:
            doc["event"] = days
        for field in ENTITY_FIELDS:
            names = (entities or {}).get(field)
            if names:
                doc[field] = "\n".join(names)
        for field, postings in (analysed or {}).items():
            if field in doc:
                text = doc[field]
                assert isinstance(text, str)  # postings are computed for text fields only
                doc[field] = Analysed(text, postings)
        if new:
            _add_document(self._w, doc)
        else:
            self._w.update_document(**doc)

    def pending_postings(self) -> int:
        """Postings held in memory until commit (the caller commits before this grows too big)."""
        pool = getattr(self._w, "pool", None)
        return len(pool) if isinstance(pool, _TermPool) else 0

    def delete(self, doc_id: str) -> None:
        self._w.delete_by_term("id", doc_id)

    def commit(self) -> None:
        self._w.commit()
        self._owner._after_commit()

    def cancel(self) -> None:
        self._w.cancel()


def _decode_fields(fields: dict) -> dict:
    out = dict(fields)
    value = out.get("date")
    out["date"] = value.date() if isinstance(value, datetime) else None
    try:
        out["captions"] = tuple(json.loads(out.get("captions") or "[]"))
    except (TypeError, ValueError):
        out["captions"] = ()
    return out
