"""Bad queries: each is a QueryError whose one-line message says what to write instead."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq
from whoosh.qparser import QueryParser
from whoosh.qparser.common import QueryParserError

from search import QueryError, TradeTuiError
from search.engine import QUERY_FIELDS, build_schema
from search.engine.querying import _error_of
from tests.seeds import S000, S001, S003

DATE_FORMS = "dates look like 2018, 2018-09 or 2018-09-13"
ALL_FIELDS = "title, body, caption, source, date, event, person, org, place and story"
PYTHON_NAME = re.compile(r"\b[A-Z]\w*(?:Error|Exception)\b")
PYTHON_TEXT = (
    "Traceback",
    "invalid literal",
    "[Errno",
    "is not a parseable date",
    "must be in",
    "out of range",
    "base 10",
)


def query_error(library, query: str, **kwargs) -> str:
    """The message of the QueryError the query raises, checked to be one line of our words."""
    with pytest.raises(QueryError) as caught:
        library.search(query, **kwargs)
    message = str(caught.value)
    assert message and "\n" not in message
    assert not PYTHON_NAME.search(message), message
    assert not any(text in message for text in PYTHON_TEXT), message
    return message


@pytest.fixture
def cli_error(run_cli, seed_corpus, seed_index):
    """Run `tradetui search QUERY` on the seeds; the one error line it prints, checked."""

    def run(query: str) -> str:
        res = run_cli("--corpus", seed_corpus, "--index", seed_index, "search", query)
        assert res.code == 1, res
        lines = res.err.strip().splitlines()
        assert len(lines) == 1, res.err
        assert lines[0].startswith("tradetui: error:")
        assert not PYTHON_NAME.search(res.err), res.err
        assert not any(text in res.err for text in PYTHON_TEXT), res.err
        return lines[0]

    return run


def ids(library, query: str) -> set[str]:
    page = library.search(query, limit=100)
    assert page.total == len(page.hits)
    return {h.id for h in page.hits}


# -- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["date:[nonsense to 2018]", "date:[2018 to nonsense]", "event:[nonsense to 2018]"])
def test_unreadable_date_in_a_range(library, cli_error, query):
    message = query_error(library, query)
    assert DATE_FORMS in message and "'nonsense'" in message
    assert DATE_FORMS in cli_error(query)


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("date:nonsense", f"{DATE_FORMS} (not 'nonsense')"),
        ("event:zz", f"{DATE_FORMS} (not 'zz')"),
        ("date:2018-09-13T10", f"{DATE_FORMS} (not '2018-09-13T10')"),
        ("date:201809", f"{DATE_FORMS} (not '201809')"),
        ("date:*", f"{DATE_FORMS} (not '*')"),
        ("date:2018-13", "'2018-13' is not a date: months run from 01 to 12"),
        ("date:2018-09-31", "'2018-09-31' is not a date: 2018-09 has 30 days"),
        ("date:0000", "'0000' is not a date: years run from 0001 to 9999"),
        ("date:>2018", "date: takes ranges rather than > or <, e.g. date:[2018 to]"),
        ("event:<2018-08", "event: takes ranges rather than > or <, e.g. event:[to 2018-08]"),
        ('date:"nonsense"', f"{DATE_FORMS} (not 'nonsense')"),
    ],
)
def test_unreadable_date(library, cli_error, query, says):
    assert says in query_error(library, query)
    assert says in cli_error(query)


def test_dates_read_in_the_forms_named(library):
    assert ids(library, "date:2018") == ids(library, "date:2018-09") == {S000, S001}
    assert ids(library, "date:2018-9") == {S000, S001}
    assert ids(library, "date:20180913") == ids(library, "date:2018-09-13") == {S000}
    assert ids(library, "date:2018-9-12") == {S001}
    # A quoted date is the same date.
    assert ids(library, 'date:"2018-09-12"') == {S001}
    assert ids(library, "date:2016-02-29") == set()


def test_date_range_that_ends_before_it_starts(library, cli_error):
    says = "the date range ends before it starts (date:[2019 to 2018])"
    assert says in query_error(library, "date:[2019 to 2018]")
    assert says in cli_error("date:[2019 to 2018]")
    assert "ends before it starts" in query_error(library, "event:[2018-09-13 to 2018-09-12]")
    # Open ends, and a range within one day or month, are ranges.
    assert ids(library, "date:[2018 to]") == {S000, S001}
    assert ids(library, "date:[to 2018]") == {S000, S001}
    assert ids(library, "date:[2018-09-13 to 2018-09]") == {S000}
    assert ids(library, "date:[2018-09-12 to 2018-09-12]") == {S001}
    assert ids(library, "date:[2019 to]") == set()


# -- fields, quotes -----------------------------------------------------------------------


def test_unknown_field(library, cli_error):
    message = query_error(library, "foo:bar")
    assert "unknown field 'foo'" in message and ALL_FIELDS in message
    assert '"foo:bar"' in message  # how to search the words instead
    assert "unknown field 'foo'" in cli_error("tariffs AND foo:bar")
    for query in ("id:abc", "url:x", "captions:x", "path:a.txt", "tariffs (foo:(a OR b))"):
        assert "unknown field" in query_error(library, query)
    assert "field names are lowercase: title:, not Title:" in query_error(library, "Title:trade")


def test_the_fields_named_are_the_searchable_ones():
    schema = build_schema()
    searchable = {name for name in schema.names() if schema[name].indexed}
    # id and path are bookkeeping; words holds the text fields unstemmed, for their wildcards.
    assert set(QUERY_FIELDS) == searchable - {"id", "path", "words"}


@pytest.mark.parametrize(
    "query",
    [
        "10:30",
        "tariffs 10:30",
        "http://example.com",
        "https://www.reuters.com/article",
        '"foo:bar"',
        "Exclusive: tariffs",
        "'foo:bar'",
        "ratio 3:1",
    ],
)
def test_text_with_colons_is_searched_as_text(library, query):
    page = library.search(query)
    assert page.total >= 0


def test_colon_text_finds_words(library):
    assert ids(library, "Exclusive: tariffs") == ids(library, "exclusive tariffs")
    assert ids(library, '"trade war:"') == {S000}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("person:", "person"),
        ("title:", "title"),
        ("title: tariffs", "title"),
        ("tariffs (title:)", "title"),
        ('person:""', "person"),
        ('org:"  "', "org"),
        ("date:", "date"),
        ("huawei event:", "event"),
        ("place:]", "place"),
    ],
)
def test_field_without_a_value(library, cli_error, query, field):
    example = {
        "person": "kudlow",
        "title": "tariffs",
        "org": "huawei",
        "date": "2018-09-13",
        "event": "2018-08",
        "place": "china",
    }[field]
    says = f"{field}: needs a value, e.g. {field}:{example}"
    assert says in query_error(library, query)
    assert says in cli_error(query)


@pytest.mark.parametrize("query", ['"trade war', 'trade war"', '"trade" "war', 'person:"Xi', 'title:"trade war'])
def test_quote_not_closed(library, cli_error, query):
    assert "a quote is not closed" in query_error(library, query)
    assert "a quote is not closed" in cli_error(query)


def test_quotes_that_close_are_phrases(library):
    assert ids(library, '"trade war"') == {S000}
    assert ids(library, '"trade\nwar"') == {S000}  # a line break in a phrase is a space
    assert ids(library, "\"trade war\" 'tariffs'") == {S000}


# -- whatever else the parser cannot read -----------------------------------------------


def test_error_queries_are_told_in_product_words():
    raw = wq.And([wq.Term("body", "tariff"), wq.error_query(ValueError("invalid literal for int() with base 10: 'x'"))])
    message = _error_of(raw)
    assert message and "invalid literal" not in message and "ValueError" not in message
    assert _error_of(wq.error_query(QueryError("the own words"))) == "the own words"


def test_parser_failure_is_told_in_product_words(library, cli_error, monkeypatch):
    def fail(self, text, normalize=True, debug=False):
        raise QueryParserError(ValueError("invalid literal for int() with base 10: 'x'"))

    monkeypatch.setattr(QueryParser, "parse", fail)
    message = query_error(library, "tariffs")
    assert message.startswith("cannot read query: ")
    assert "cannot read query" in cli_error("tariffs")


# -- any query at all ---------------------------------------------------------------------

ATOMS = (
    # fields, real and made up
    *(f"{name}:" for name in QUERY_FIELDS),
    "foo:",
    "Title:",
    "id:",
    "url:",
    "captions:",
    "path:",
    "x1:",
    "10:",
    "http:",
    "https://",
    "*:",
    ":",
    "::",
    # operators and syntax
    "AND",
    "OR",
    "NOT",
    "ANDNOT",
    "ANDMAYBE",
    "REQUIRE",
    "and",
    "-",
    "+",
    '"',
    '""',
    "'",
    "(",
    ")",
    "()",
    "[",
    "]",
    "{",
    "}",
    "to",
    "TO",
    " to ",
    "[2018 to",
    "to 2019]",
    "*",
    "?",
    "~",
    "~2",
    "^",
    "^2",
    "^0.5",
    "\\",
    "/",
    ",",
    ".",
    "!",
    "&&",
    "||",
    # dates, valid and not
    "2018",
    "2018-09",
    "2018-09-13",
    "20180913",
    "2018-9",
    "201809",
    "2018-13",
    "2018-02-30",
    "0000",
    "9999",
    "9999-12-31",
    "0001-01-01",
    ">2018",
    "<2018",
    ">=2018",
    "nonsense",
    "-2018",
    "2018-",
    "2018--09",
    "١٢٣٤",
    # words
    "tariffs",
    "trade",
    "war",
    "huawei",
    "kudlow",
    "us",
    "U.S.",
    "United States",
    "talks",
    # letters beyond ASCII, control characters, spaces
    "é",
    "Zürich",
    "日本",
    "ß",
    "İ",
    "ﬁ",
    "Ω",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\u200b",
    "\ufeff",
    "\ud7ff",
    " ",
    "\t",
    "\n",
    "\r",
    "\u00a0",
    "\u3000",
    "\u2028",
)
queries = st.lists(
    st.tuples(st.one_of(st.sampled_from(ATOMS), st.text(max_size=3)), st.sampled_from(["", " ", " ", ""])),
    max_size=12,
).map(lambda parts: "".join(atom + sep for atom, sep in parts))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(query=queries)
def test_any_query_is_answered_or_is_a_product_error(library, query):
    calls = (
        lambda: library.search(query),
        lambda: library.search(query, sort="date"),
        lambda: library.count(query),
        lambda: library.match_spans(S003, query),
    )
    for call in calls:
        try:
            call()
        except TradeTuiError as exc:
            message = str(exc)
            assert message and "\n" not in message
            assert not any(text in message for text in ("Traceback", "invalid literal", "[Errno"))


# -- what the property test found --------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "NOT NOT huawei",
        "tariffs AND NOT NOT huawei",
        "NOT AND huawei",
        "NOT OR huawei",
        "NOT REQUIRE huawei",
        "tariffs ANDNOT ANDNOT huawei",
        "tariffs ANDMAYBE REQUIRE huawei",
        "tariffs REQUIRE REQUIRE huawei",
        "NOT NOT AND huawei",
    ],
)
def test_operator_beside_an_operator(library, query):
    # Whoosh's parser failed on these with an AssertionError or an IndexError.
    by_date = library.search(query, sort="date", limit=100).hits
    assert ids(library, query) == {h.id for h in by_date}
    assert library.count(query) == len(ids(library, query))
    library.match_spans(S003, query)


def test_operator_beside_an_operator_is_dropped(library):
    huawei = ids(library, "huawei")
    assert ids(library, "NOT AND huawei") == ids(library, "NOT OR huawei") == huawei
    assert ids(library, "NOT NOT huawei") == huawei
    assert ids(library, "tariffs ANDNOT ANDNOT huawei") == ids(library, "tariffs ANDNOT huawei")
    required = ids(library, "tariffs REQUIRE huawei")
    assert ids(library, "tariffs ANDMAYBE REQUIRE huawei") == required


@pytest.mark.parametrize("query", ["captions:} x", "url:]", "url://example.com", "id:{a"])
def test_stored_and_bookkeeping_fields_before_a_bracket_or_url(library, query):
    # Whoosh gave these fields the next part of the query and then failed on a stored field
    # ("field has no format"); they are not fields a query can name.
    assert "unknown field" in query_error(library, query)


@pytest.mark.parametrize("query", ["((", "()", "( )", '""', "AND", "OR OR"])
def test_a_query_of_syntax_alone_is_an_error_not_an_empty_result(library, cli_error, query):
    assert "holds no words to search for" in query_error(library, query)
    assert "holds no words to search for" in cli_error(query)
    # Brackets and operators around words are still read.
    assert ids(library, "(tariffs") == ids(library, "tariffs") != set()
