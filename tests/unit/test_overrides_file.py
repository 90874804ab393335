"""The entity override file: the documented format loads, anything else is a one-line error."""

from __future__ import annotations

import datetime
import math
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.errors import OverridesError, TradeTuiError
from search.linking import Overrides
from tests.seeds import ROOT

KNOWN = ("suppress", "merge", "split", "rename", "roles", "people")

# Words that only a Python message would use; the product speaks of names, text, numbers.
PYTHON_WORDS = re.compile(r"\b(int|str|dict|tuple|bool|float|NoneType)\b|<class|Error|Traceback|object at 0x")


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "overrides.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str | bytes) -> str:
    path = write(tmp_path, text)
    with pytest.raises(OverridesError) as info:
        Overrides.load(path)
    message = str(info.value)
    assert isinstance(info.value, TradeTuiError)
    assert len(message.splitlines()) == 1, message
    assert str(path) in message
    assert not PYTHON_WORDS.search(without_quoted(message)), message
    return message


def without_quoted(message: str) -> str:
    """The message minus the user's own text echoed back in double quotes."""
    return re.sub(r'"(?:[^"\\]|\\.)*"', '""', message)


def expect(tmp_path: Path, text: str, key: str, *expected: str) -> str:
    message = load_error(tmp_path, text)
    assert f": {key} " in message, message
    for part in expected:
        assert part in message, message
    return message


# -- one test per kind of wrong value -------------------------------------------------------


def test_rename_to_a_number(tmp_path):
    message = expect(
        tmp_path, '[rename]\n"Larry Kudlow" = 5\n', 'rename."Larry Kudlow"', "must be a name (text)", "a number (5)"
    )
    assert message.endswith('rename."Larry Kudlow" must be a name (text), not a number (5)')


def test_suppress_as_one_string(tmp_path):
    expect(tmp_path, 'suppress = "Moving"\n', "suppress", "a list of names", '"Moving"')


def test_merge_names_as_one_string(tmp_path):
    text = '[[merge]]\nnames = ["Bob Lighthizer", "Robert Lighthizer"]\n[[merge]]\nnames = "x"\n'
    expect(tmp_path, text, "merge[2].names", "a list of names", '"x"')


def test_split_articles_as_a_number(tmp_path):
    text = '[[split]]\nname = "Li"\narticles = 3\ninto = "Li Keqiang"\n'
    expect(tmp_path, text, "split[1].articles", "a list of article ids", "a number (3)")


def test_split_article_id_as_a_number(tmp_path):
    text = '[[split]]\nname = "Li"\narticles = ["a", 4]\ninto = "Li Keqiang"\n'
    expect(tmp_path, text, "split[1].articles[2]", "an article id (text)", "a number (4)")


def test_people_names_as_one_string(tmp_path):
    expect(
        tmp_path,
        '[people]\n"Peter Navarro" = "Navarro"\n',
        'people."Peter Navarro"',
        "a list of other names",
        '"Navarro"',
    )


@pytest.mark.parametrize(
    "text, key, expected",
    [
        ('[merge]\nnames = ["a", "b"]\ninto = "b"\n', "merge", "[[merge]] sections"),
        ('[split]\nname = "Li"\narticles = ["a"]\ninto = "Li Keqiang"\n', "split", "[[split]] sections"),
        ("suppress = { Moving = true }\n", "suppress", "a list of names"),
        ('[[merge]]\nnames = { a = "b" }\n', "merge[1].names", "a list of names"),
    ],
)
def test_table_where_a_list_belongs(tmp_path, text, key, expected):
    expect(tmp_path, text, key, expected)


@pytest.mark.parametrize(
    "text, key, expected",
    [
        ('rename = ["Larry Kudlow", "Lawrence Kudlow"]\n', "rename", "a [rename] table"),
        ('roles = ["Director"]\n', "roles", "a [roles] table"),
        ('people = [["Peter Navarro", "Navarro"]]\n', "people", "a [people] table"),
        ('merge = [["Bob Lighthizer", "Robert Lighthizer"]]\n', "merge[1]", "a [[merge]] section"),
        ('[[split]]\nname = ["Li"]\narticles = ["a"]\ninto = "Li Keqiang"\n', "split[1].name", "a name (text)"),
    ],
)
def test_list_where_a_table_or_name_belongs(tmp_path, text, key, expected):
    expect(tmp_path, text, key, expected, "not a list")


@pytest.mark.parametrize(
    "text, key, shown",
    [
        ("suppress = [true]\n", "suppress[1]", "true/false (true)"),
        ('[rename]\n"Larry Kudlow" = false\n', 'rename."Larry Kudlow"', "true/false (false)"),
        ('[[merge]]\nnames = ["a", "b"]\ninto = true\n', "merge[1].into", "true/false (true)"),
    ],
)
def test_booleans(tmp_path, text, key, shown):
    expect(tmp_path, text, key, "must be a name (text)", shown)


@pytest.mark.parametrize(
    "text, key, shown",
    [
        ('[roles]\n"Larry Kudlow" = 2018-03-14\n', 'roles."Larry Kudlow"', "a date (2018-03-14)"),
        ("suppress = [1979-05-27T07:32:00]\n", "suppress[1]", "a date and time (1979-05-27T07:32:00)"),
        ('[people]\n"Peter Navarro" = [07:32:00]\n', 'people."Peter Navarro"[1]', "a time (07:32:00)"),
    ],
)
def test_dates_and_times(tmp_path, text, key, shown):
    expect(tmp_path, text, key, "(text)", shown)


@pytest.mark.parametrize(
    "text, key",
    [
        ('[rename]\n"Larry Kudlow" = { name = "Lawrence Kudlow" }\n', 'rename."Larry Kudlow"'),
        ('[rename."Larry Kudlow"]\nto = "Lawrence Kudlow"\n', 'rename."Larry Kudlow"'),
        ('[people]\n"Peter Navarro" = [{ alias = "Navarro" }]\n', 'people."Peter Navarro"[1]'),
        ('[roles."Larry Kudlow"]\nrole = "Director"\n', 'roles."Larry Kudlow"'),
    ],
)
def test_nested_tables(tmp_path, text, key):
    expect(tmp_path, text, key, "not a table")


@pytest.mark.parametrize(
    "text, key",
    [
        ('[renames]\n"Larry Kudlow" = "Lawrence Kudlow"\n', "renames"),
        ('supress = ["Moving"]\n', "supress"),
        ('"rename " = {}\n', '"rename "'),
    ],
)
def test_unknown_top_level_keys(tmp_path, text, key):
    expect(tmp_path, text, key, "is not a known key", "suppress, merge, split, rename, roles, people")


@pytest.mark.parametrize(
    "text, key, known",
    [
        ('[[merge]]\nname = ["a", "b"]\n', "merge[1].name", "names, into"),
        ('[[split]]\nname = "Li"\narticle = ["a"]\ninto = "Li Keqiang"\n', "split[1].article", "name, articles, into"),
    ],
)
def test_unknown_keys_in_a_section(tmp_path, text, key, known):
    expect(tmp_path, text, key, "is not a known key", known)


@pytest.mark.parametrize(
    "text, key",
    [
        ('[rename]\n"Larry Kudlow" = ""\n', 'rename."Larry Kudlow"'),
        ('[rename]\n"" = "Lawrence Kudlow"\n', 'rename.""'),
        ('suppress = ["Moving", "  "]\n', "suppress[2]"),
        ('[[merge]]\nnames = ["a", "b"]\ninto = ""\n', "merge[1].into"),
        ('[[split]]\nname = ""\narticles = ["a"]\ninto = "Li Keqiang"\n', "split[1].name"),
        ('[people]\n"Peter Navarro" = [""]\n', 'people."Peter Navarro"[1]'),
        ('[roles]\n"Larry Kudlow" = ""\n', 'roles."Larry Kudlow"'),
    ],
)
def test_empty_names(tmp_path, text, key):
    message = expect(tmp_path, text, key, "(text)")
    assert "empty text" in message or "blank text" in message


@pytest.mark.parametrize(
    "text, key, expected",
    [
        ('[[split]]\nname = "Li"\narticles = ["a"]\n', "split[1].into", "a name (text)"),
        ('[[split]]\narticles = ["a"]\ninto = "Li Keqiang"\n', "split[1].name", "a name (text)"),
        ('[[split]]\nname = "Li"\ninto = "Li Keqiang"\n', "split[1].articles", "a list of article ids"),
        ('[[merge]]\ninto = "Robert Lighthizer"\n', "merge[1].names", "a list of names"),
    ],
)
def test_missing_keys_in_a_section(tmp_path, text, key, expected):
    expect(tmp_path, text, key, "is missing", expected)


@pytest.mark.parametrize(
    "text",
    [
        '[[merge]]\nnames = []\ninto = "Robert Lighthizer"\n',
        '[[split]]\nname = "Li"\narticles = []\ninto = "Li Keqiang"\n',
    ],
)
def test_sections_that_would_do_nothing(tmp_path, text):
    assert "not an empty list" in load_error(tmp_path, text)


# -- files that are not TOML ----------------------------------------------------------------


def test_not_toml_names_the_file_and_the_place(tmp_path):
    message = load_error(tmp_path, "[rename\n")
    assert message.startswith("cannot read override file ")
    assert "line 1" in message


def test_a_table_twice_is_named_as_written(tmp_path):
    message = load_error(tmp_path, '[rename]\n"a" = "b"\n[rename]\n"c" = "d"\n')
    assert "rename" in message and "line 3" in message
    assert "('" not in message and '("' not in message  # no Python tuple of key parts


def test_not_utf8(tmp_path):
    message = load_error(tmp_path, b'suppress = ["\xff"]\n')
    assert "not UTF-8 text" in message and "codec" not in message


# -- the documented format ------------------------------------------------------------------


def readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("Entity corrections") :]
    return section.split("```toml\n", 1)[1].split("```", 1)[0]


def test_readme_example_loads(tmp_path):
    o = Overrides.load(write(tmp_path, readme_example()))
    assert o == Overrides(
        merge=[(["Bob Lighthizer", "Robert Lighthizer"], "Robert Lighthizer")],
        split=[("Li", {"004_a5b493ab6fed987d"}, "Li Keqiang")],
        rename={"Larry Kudlow": "Lawrence Kudlow"},
        roles={"Larry Kudlow": ["Director, National Economic Council"]},
        suppress={"moving"},
        people={"Peter Navarro": ["Navarro"]},
    )


def test_optional_forms_keep_working(tmp_path):
    text = (
        '[[merge]]\nnames = ["Bob Lighthizer", "Robert Lighthizer"]\n'
        '[roles]\n"Larry Kudlow" = "Director"\n"Liu He" = []\n'
        '[people]\n"Peter Navarro" = []\n'
    )
    o = Overrides.load(write(tmp_path, text))
    assert o.merge == [(["Bob Lighthizer", "Robert Lighthizer"], "Bob Lighthizer")]
    assert o.roles == {"Larry Kudlow": ["Director"], "Liu He": []}
    assert o.people == {"Peter Navarro": []}


def test_missing_and_empty_files_mean_no_overrides(tmp_path):
    assert Overrides.load(None) == Overrides()
    assert Overrides.load(tmp_path / "absent.toml") == Overrides()
    assert Overrides.load(write(tmp_path, "")) == Overrides()


# -- random documents -----------------------------------------------------------------------


def toml_string(text: str) -> str:
    escapes = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    out = []
    for c in text:
        if c in escapes:
            out.append(escapes[c])
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, datetime.date | datetime.time):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_document(doc: dict, headers: bool) -> str:
    """doc as TOML: inline values, or [table] and [[array]] headers where they fit."""
    lines, sections = [], []
    for key, value in doc.items():
        if headers and isinstance(value, dict):
            sections.append(f"[{toml_string(key)}]")
            sections.extend(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items())
        elif headers and value and isinstance(value, list) and all(isinstance(v, dict) for v in value):
            for item in value:
                sections.append(f"[[{toml_string(key)}]]")
                sections.extend(f"{toml_string(k)} = {toml_value(v)}" for k, v in item.items())
        else:
            lines.append(f"{toml_string(key)} = {toml_value(value)}")
    return "\n".join([*lines, *sections]) + "\n"


# Text without surrogates (they cannot be written as UTF-8); keys never spell a Python
# word, so a key echoed in a message is not mistaken for leaked Python text.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
KEYS = st.one_of(st.sampled_from(["Larry Kudlow", "Li", "", " ", "a.b", "x\ny"]), TEXT).filter(
    lambda k: not PYTHON_WORDS.search(k)
)
NAMES = st.one_of(st.sampled_from(["Larry Kudlow", "Navarro", "Li Keqiang"]), TEXT.filter(str.strip))
SCALARS = st.one_of(
    TEXT,
    NAMES,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.none() | st.just(datetime.UTC)),
    st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=8,
)


def sometimes(good, bad=VALUES):
    return st.one_of(good, good, bad)


NAME_LIST = st.lists(NAMES, max_size=3)
MERGE = st.fixed_dictionaries(
    {"names": sometimes(NAME_LIST)},
    optional={"into": sometimes(NAMES), "name": VALUES},
)
SPLIT = st.fixed_dictionaries(
    {"name": sometimes(NAMES), "articles": sometimes(NAME_LIST), "into": sometimes(NAMES)},
    optional={"article": VALUES},
)
SECTIONS = {
    "suppress": sometimes(NAME_LIST),
    "merge": sometimes(st.lists(sometimes(MERGE), max_size=3)),
    "split": sometimes(st.lists(sometimes(SPLIT), max_size=3)),
    "rename": sometimes(st.dictionaries(KEYS, sometimes(NAMES), max_size=3)),
    "roles": sometimes(st.dictionaries(KEYS, sometimes(NAMES | NAME_LIST), max_size=3)),
    "people": sometimes(st.dictionaries(KEYS, sometimes(NAME_LIST), max_size=3)),
}


@st.composite
def documents(draw) -> dict:
    doc = draw(st.fixed_dictionaries({}, optional=SECTIONS))
    if draw(st.integers(0, 4)) == 0:
        doc[draw(KEYS.filter(lambda k: k not in KNOWN))] = draw(VALUES)
    return doc


def is_name(value) -> bool:
    return type(value) is str and value.strip() != ""


def holds_documented_types(o: Overrides) -> bool:
    return (
        type(o.merge) is list
        and all(
            type(m) is tuple
            and len(m) == 2
            and type(m[0]) is list
            and m[0]
            and all(map(is_name, m[0]))
            and is_name(m[1])
            for m in o.merge
        )
        and type(o.split) is list
        and all(
            type(s) is tuple
            and len(s) == 3
            and is_name(s[0])
            and type(s[1]) is set
            and s[1]
            and all(map(is_name, s[1]))
            and is_name(s[2])
            for s in o.split
        )
        and type(o.rename) is dict
        and all(is_name(k) and is_name(v) for k, v in o.rename.items())
        and all(
            type(d) is dict and all(is_name(k) and type(v) is list and all(map(is_name, v)) for k, v in d.items())
            for d in (o.roles, o.people)
        )
        and type(o.suppress) is set
        and all(map(is_name, o.suppress))
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(doc=documents(), headers=st.booleans())
def test_random_documents_load_or_fail_in_one_line(tmp_path, doc, headers):
    text = toml_document(doc, headers)
    tomllib.loads(text)  # the document itself is valid TOML
    path = write(tmp_path, text)
    try:
        o = Overrides.load(path)
    except OverridesError as exc:
        message = str(exc)
        assert len(message.splitlines()) == 1, message
        assert message.startswith(f"{path}: "), message
        assert not PYTHON_WORDS.search(without_quoted(message)), message
    else:
        assert holds_documented_types(o), o


GOOD_DOCUMENTS = st.fixed_dictionaries(
    {},
    optional={
        "suppress": NAME_LIST,
        "merge": st.lists(
            st.fixed_dictionaries({"names": st.lists(NAMES, min_size=1, max_size=3)}, optional={"into": NAMES}),
            max_size=3,
        ),
        "split": st.lists(
            st.fixed_dictionaries(
                {
                    "name": NAMES,
                    "articles": st.lists(NAMES, min_size=1, max_size=3),
                    "into": NAMES,
                }
            ),
            max_size=3,
        ),
        "rename": st.dictionaries(NAMES, NAMES, max_size=3),
        "roles": st.dictionaries(NAMES, NAMES | NAME_LIST, max_size=3),
        "people": st.dictionaries(NAMES, NAME_LIST, max_size=3),
    },
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(doc=GOOD_DOCUMENTS, headers=st.booleans())
def test_documented_format_loads_as_written(tmp_path, doc, headers):
    o = Overrides.load(write(tmp_path, toml_document(doc, headers)))
    assert o == Overrides(
        merge=[(m["names"], m.get("into", m["names"][0])) for m in doc.get("merge", [])],
        split=[(s["name"], set(s["articles"]), s["into"]) for s in doc.get("split", [])],
        rename=doc.get("rename", {}),
        roles={k: [v] if isinstance(v, str) else v for k, v in doc.get("roles", {}).items()},
        suppress={s.lower() for s in doc.get("suppress", [])},
        people=doc.get("people", {}),
    )


# -- through the command line ---------------------------------------------------------------


def test_cli_entities_with_a_wrong_value(run_cli, seed_corpus, seed_index, user_dirs):
    user_dirs.overrides.write_text('[rename]\n"Larry Kudlow" = 5\n', encoding="utf-8")
    res = run_cli("entities", "--corpus", seed_corpus, "--index", seed_index)
    assert res.code == 1 and res.out == ""
    lines = res.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.err, res.err
    assert lines[0] == (
        f'tradetui: error: {user_dirs.overrides}: rename."Larry Kudlow" must be a name (text), not a number (5)'
    )
