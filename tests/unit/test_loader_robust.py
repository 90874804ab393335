"""Loading never aborts on bad files: encodings, binaries, deep JSON, odd records and front matter.

Example tests pin the behaviour; property tests feed random input to load_file and check that
it returns articles and/or skip records, never raises, and never lets control characters in.
"""

from __future__ import annotations

import io
import json
import random
import unicodedata
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.cleaning import decode_text, looks_binary
from search.loader import MAX_JSON_DEPTH, LoadResult, load_file
from search.models import Article, Skipped

PROPERTY = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Words that mean a Python message leaked into what users read.
RAW_PYTHON = (
    "Error",
    "Errno",
    "Exception",
    "Traceback",
    "Expecting",
    "invalid literal",
    "codec",
    "object has no attribute",
)


def assert_clean(result: LoadResult) -> None:
    """Articles carry no control characters but tab and newline; reasons are one plain line."""
    assert isinstance(result, LoadResult)
    for article in result.articles:
        assert isinstance(article, Article)
        for text in (article.title, article.body, article.source, article.url, *article.captions):
            assert isinstance(text, str)
            bad = [c for c in text if unicodedata.category(c) in ("Cc", "Cs") and c not in "\t\n"]
            assert not bad, (text, bad)
        assert "\ufeff" not in article.title and not article.body.startswith("\ufeff")
    for skip in result.skipped:
        assert isinstance(skip, Skipped)
        assert skip.path and skip.reason
        assert "\n" not in skip.reason and "\r" not in skip.reason
        for word in RAW_PYTHON:
            assert word not in skip.reason, skip.reason


def load(folder: Path, name: str, content: bytes | str) -> LoadResult:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    result = load_file(folder, path)
    assert_clean(result)
    return result


def reasons(result: LoadResult) -> dict[str, str]:
    return {s.path: s.reason for s in result.skipped}


def nested(depth: int, kinds: str, core: str) -> str:
    """core wrapped in depth levels; kinds picks a list ("l") or an object ("o") per level."""
    opens = "".join("[" if kinds[n % len(kinds)] == "l" else '{"k": ' for n in range(depth))
    closes = "".join("]" if kinds[n % len(kinds)] == "l" else "}" for n in reversed(range(depth)))
    return opens + core + closes


STORY = "Tariff talks resume\n\nTrade officials met in Geneva on Monday to discuss steel tariffs.\n"


# -- encodings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding, with_bom",
    [
        ("utf-16", False),  # Python's "utf-16" writes a little-endian mark itself
        ("utf-16-le", True),
        ("utf-16-be", True),
        ("utf-32", False),
        ("utf-32-be", True),
        ("utf-8", True),
    ],
)
def test_text_with_a_byte_order_mark_loads_without_the_mark(tmp_path, encoding, with_bom):
    data = (("\ufeff" if with_bom else "") + STORY).encode(encoding)
    assert not looks_binary(data)
    text, _ = decode_text(data)
    assert text == STORY
    (a,) = load(tmp_path, "story.txt", data).articles
    assert a.title == "Tariff talks resume"
    assert a.body == "Trade officials met in Geneva on Monday to discuss steel tariffs."


def test_windows_export_with_a_doubled_mark_keeps_no_mark(tmp_path):
    # Encoding text that already starts with U+FEFF through a BOM-writing codec gives two marks.
    for encoding in ("utf-16", "utf-8-sig"):
        data = ("\ufeff" + STORY).encode(encoding)
        text, _ = decode_text(data)
        assert text == STORY
        (a,) = load(tmp_path, "win.txt", data).articles
        assert a.title == "Tariff talks resume"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_mostly_ascii_utf16_without_a_mark_loads(tmp_path, encoding):
    story = STORY.replace("Geneva", "Genève")
    data = story.encode(encoding)
    assert not looks_binary(data)
    assert decode_text(data) == (story, encoding)
    (a,) = load(tmp_path, "plain.md", data).articles
    assert "Genève" in a.body


def _pdf() -> bytes:
    stream = zlib.compress(b"BT /F1 12 Tf 72 712 Td (Trade talks resume) Tj ET\n" * 40)
    head = b"%PDF-1.7\n1 0 obj\n<< /Length " + str(len(stream)).encode()
    return (
        head
        + b" /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("story.txt", STORY * 20)
    return buf.getvalue()


def _nul_every_other() -> bytes:
    """Random bytes with a NUL in every other position, the pattern of UTF-16 text."""
    rng = random.Random(4)
    return bytes(rng.randrange(256) if n % 2 == 0 else 0 for n in range(8192))


@pytest.mark.parametrize(
    "make",
    [
        lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        _zip,
        _pdf,
        lambda: random.Random(1).randbytes(8192),
        lambda: b"\xff\xfe" + random.Random(2).randbytes(8192),  # random bytes after a UTF-16 mark
        lambda: b"\xfe\xff" + random.Random(3).randbytes(8192),
        _nul_every_other,
        lambda: bytes(2048),
    ],
    ids=["png", "zip", "pdf", "random", "random-le-mark", "random-be-mark", "nul-every-other", "all-nul"],
)
def test_real_binaries_stay_binary(tmp_path, make):
    data = make()
    assert looks_binary(data)
    assert reasons(load(tmp_path, "x.txt", data)) == {"x.txt": "binary file, not text"}


def test_random_bytes_are_binary_across_seeds():
    for seed in range(50):
        assert looks_binary(random.Random(seed).randbytes(8192)), seed


# -- JSON --------------------------------------------------------------------------


@pytest.mark.parametrize("kinds", ["l", "o", "lo"])
def test_deeply_nested_json_file_is_skipped_not_raised(tmp_path, kinds):
    result = load(tmp_path, "deep.json", nested(5000, kinds, "1"))
    assert result.articles == ()
    too_deep = f"JSON nested too deeply (over {MAX_JSON_DEPTH} levels)"
    assert reasons(result) == {"deep.json": too_deep}


def test_deeply_nested_jsonl_line_is_skipped_and_the_others_load(tmp_path):
    lines = [
        json.dumps({"title": "First", "text": "Tariffs rose on Monday."}),
        "[" * 5000 + "]" * 5000,
        nested(3000, "o", json.dumps({"text": "Hidden deep down."})),
        json.dumps({"title": "Fourth", "text": "Talks resumed in Beijing."}),
    ]
    result = load(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    assert [a.id for a in result.articles] == ["feed:1", "feed:4"]
    assert reasons(result) == {
        "feed.jsonl:2": f"JSON line nested too deeply (over {MAX_JSON_DEPTH} levels)",
        "feed.jsonl:3": f"JSON line nested too deeply (over {MAX_JSON_DEPTH} levels)",
    }


def test_nesting_within_the_limit_still_parses(tmp_path):
    # Brackets inside strings do not count as nesting.
    record = {"title": "Brackets", "text": "Officials said [[[{{{" * 100, "extra": [[[[1]]]]}
    result = load(tmp_path, "ok.json", json.dumps([record]))
    assert [a.id for a in result.articles] == ["ok:1"]
    assert result.skipped == ()
    shallow = load(tmp_path, "shallow.json", nested(MAX_JSON_DEPTH, "l", "1"))
    assert reasons(shallow) == {"shallow.json[1]": "not a JSON object"}


def test_huge_numbers_do_not_fail_the_record(tmp_path):
    huge = "9" * 5000  # more digits than Python converts to int by default
    text = f'{{"title": {huge}, "text": "Markets rallied.", "date": {huge}, "views": -{huge}}}'
    result = load(tmp_path, "big.json", text)
    (a,) = result.articles
    assert (a.title, a.body, a.date) == ("Markets rallied.", "Markets rallied.", None)
    assert reasons(result) == {"big.json": "malformed date (a number); loaded undated"}
    result = load(tmp_path, "big.jsonl", text + "\n")
    assert [a.body for a in result.articles] == ["Markets rallied."]


@pytest.mark.parametrize(
    "value",
    [
        0,
        7,
        -1.5,
        1e308,
        True,
        False,
        None,
        [],
        [1, "two"],
        {},
        {"nested": {"a": [1, 2]}},
        "",
        "   ",
        "\x1b[31m",
        "x" * 10_000,
    ],
    ids=repr,
)
@pytest.mark.parametrize("name", ["title", "text", "body", "date", "source", "url"])
def test_any_value_in_any_record_field_never_raises(tmp_path, name, value):
    record = {"title": "Default title", "text": "Default text of the story.", name: value}
    for suffix, content in ((".json", json.dumps(record)), (".jsonl", json.dumps(record) + "\n")):
        result = load(tmp_path, "rec" + suffix, content)
        assert len(result.articles) <= 1
        assert result.articles or result.skipped


def test_text_falls_back_to_body_when_text_is_not_a_string(tmp_path):
    result = load(tmp_path, "r.json", json.dumps({"text": 5, "body": "Talks resumed."}))
    assert [a.body for a in result.articles] == ["Talks resumed."]


def test_malformed_date_messages_describe_the_value_shortly(tmp_path):
    records = [{"text": "A story.", "date": d} for d in ([[1]], {"y": 1}, 20190102, "z" * 500)]
    result = load(tmp_path, "dates.json", json.dumps(records))
    assert len(result.articles) == 4
    assert reasons(result) == {
        "dates.json[1]": "malformed date (a list); loaded undated",
        "dates.json[2]": "malformed date (an object); loaded undated",
        "dates.json[3]": "malformed date 20190102; loaded undated",
        "dates.json[4]": f"malformed date {'z' * 40 + '…'!r}; loaded undated",
    }


def test_lone_surrogate_escapes_are_dropped(tmp_path):
    record = {"title": "Half \ud800 pair", "text": "Text with \udfff a lone half and \U0001f600."}
    (a,) = load(tmp_path, "s.json", json.dumps(record)).articles
    assert a.title == "Half pair"
    assert a.body == "Text with a lone half and \U0001f600."


def test_json_syntax_errors_are_reported_in_plain_words(tmp_path):
    cases = {
        "a.json": ('{"text": "x",}', "broken JSON: a key is not in double quotes at line 1"),
        "b.json": ('{"text" "x"}', "broken JSON: a colon is missing at line 1"),
        "c.json": ("[1 2]", "broken JSON: a comma or closing bracket is missing at line 1"),
        "d.json": ('\n{"text": "x', "broken JSON: a string is not closed at line 2"),
        "e.json": ('{"text": "x"} {}', "broken JSON: extra text after the data at line 1"),
        "f.json": ('{"text": "\\q"}', "broken JSON: a bad escape in a string at line 1"),
        "g.json": ("   ", "broken JSON: a value is missing at line 1"),
    }
    for name, (content, reason) in cases.items():
        assert reasons(load(tmp_path, name, content)) == {name: reason}
    jsonl = load(tmp_path, "h.jsonl", '{"text": "x",}\n')
    assert reasons(jsonl) == {"h.jsonl:1": "broken JSON line: a key is not in double quotes"}


def test_raw_tabs_inside_json_strings_are_accepted(tmp_path):
    line = '{"title": "Tab\there", "text": "A\ttabbed story."}\n'
    (a,) = load(tmp_path, "tab.jsonl", line).articles
    assert a.title == "Tab here"


# -- front matter ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "---\n",
        "---",
        "---\n---\n",
        "---\n---\nBody only.\n",
        "---\ntitle: Never closed\nBody goes on.\n",
        "---\ntitle\ndate\n:\n: value without key\n---\nBody text.\n",
        "---\ntitle: One\ntitle: Two\n---\nBody text.\n",
        "---\ntitle: " + "long " * 20_000 + "\ndate: " + "9" * 10_000 + "\n---\nBody text.\n",
        "---\n\x00\x01\x02\x1b[2J\x7f\x9b\n---\nBody text.\n",
        "---\ndate: 2019-02-30\n---\n",
        "---\ntitle: '\"'\ndate: ''\n---\n\n\n",
        "---\ntitle: Closed at the end\n---",
    ],
)
def test_odd_front_matter_never_raises(tmp_path, text):
    result = load(tmp_path, "fm.md", text)
    assert result.articles or result.skipped


def test_empty_and_repeated_front_matter_keys(tmp_path):
    (a,) = load(tmp_path, "a.md", "---\n---\nBody only.\n").articles
    assert (a.title, a.body) == ("Body only.", "Body only.")
    (b,) = load(tmp_path, "b.md", "---\ntitle: One\ntitle: Two\nsource\n---\nBody text.\n").articles
    assert (b.title, b.body, b.source) == ("Two", "Body text.", "")
    (c,) = load(tmp_path, "c.md", "---\ntitle: Closed at the end\n---").articles
    assert c.title == "Closed at the end"


def test_long_front_matter_date_is_reported_shortly(tmp_path):
    result = load(tmp_path, "d.md", "---\ndate: " + "9" * 10_000 + "\n---\nBody text.\n")
    assert len(result.articles) == 1
    (reason,) = reasons(result).values()
    assert reason.startswith("malformed date '9999") and len(reason) < 100


# -- properties --------------------------------------------------------------------


BOMS = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]
random_bytes = st.one_of(
    st.binary(max_size=3000),
    st.builds(lambda bom, rest: bom + rest, st.sampled_from(BOMS), st.binary(max_size=3000)),
    # Mostly-ASCII UTF-16 look-alikes: a NUL in every other byte, with random damage.
    st.builds(
        lambda text, junk, le: text.encode("utf-16-le" if le else "utf-16-be") + junk,
        st.text(max_size=300),
        st.binary(max_size=20),
        st.booleans(),
    ),
)


@PROPERTY
@given(data=random_bytes, suffix=st.sampled_from([".txt", ".md", ".json", ".jsonl"]))
def test_random_bytes_never_raise(tmp_path, data, suffix):
    load(tmp_path, "random" + suffix, data)


@PROPERTY
@given(
    depth=st.integers(min_value=1, max_value=4000),
    kinds=st.text(alphabet="lo", min_size=1, max_size=5),
    core=st.sampled_from(["1", "null", '"x"', '{"text": "A story deep inside."}', "[", "]]"]),
    suffix=st.sampled_from([".json", ".jsonl"]),
)
def test_nested_json_of_any_depth_never_raises(tmp_path, depth, kinds, core, suffix):
    result = load(tmp_path, "nest" + suffix, nested(depth, kinds, core))
    if depth > MAX_JSON_DEPTH:
        assert result.articles == ()
        assert len(result.skipped) == 1 and "nested too deeply" in result.skipped[0].reason


WIDE_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,éüß中€—“”😀"
# Single-byte encodings: letters whose bytes can never read as UTF-8 by accident.
LATIN_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,éüßàçñö"
CP1252_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,€—“”"
ENCODINGS = {
    "utf-8": ("", WIDE_ALPHABET),
    "utf-8-sig": ("", WIDE_ALPHABET),
    "utf-16": ("", WIDE_ALPHABET),
    "utf-16-le": ("\ufeff", WIDE_ALPHABET),
    "utf-16-be": ("\ufeff", WIDE_ALPHABET),
    "utf-32": ("", WIDE_ALPHABET),
    "cp1252": ("", CP1252_ALPHABET),
    "latin-1": ("", LATIN_ALPHABET),
}


@st.composite
def encoded_story(draw):
    encoding = draw(st.sampled_from(sorted(ENCODINGS)))
    mark, alphabet = ENCODINGS[encoding]
    words = draw(st.text(alphabet=alphabet, min_size=1, max_size=300))
    text = "Officials said " + words + "."
    suffix = draw(st.sampled_from([".txt", ".md"]))
    return encoding, (mark + text).encode(encoding), text, suffix


@PROPERTY
@given(story=encoded_story())
def test_common_encodings_round_trip_to_readable_text(tmp_path, story):
    encoding, data, text, suffix = story
    result = load(tmp_path, "enc" + suffix, data)
    assert result.skipped == ()
    (a,) = result.articles
    assert a.body == " ".join(text.split()), encoding


front_matter_line = st.one_of(
    st.builds(
        lambda k, v: f"{k}: {v}",
        st.sampled_from(["title", "Title", "date", "source", "url", "", "x y", "TITLE "]),
        st.text(max_size=60),
    ),
    st.sampled_from(["title", "date:", ":", "---x", "- - -", "", "date: 2019-01-02"]),
    st.text(max_size=60),
)


@PROPERTY
@given(
    lines=st.lists(front_matter_line, max_size=12),
    closed=st.booleans(),
    body=st.text(max_size=200),
    encode=st.sampled_from(["utf-8", "utf-16", "cp1252-ish"]),
)
def test_random_front_matter_never_raises(tmp_path, lines, closed, body, encode):
    text = "---\n" + "\n".join(lines) + ("\n---\n" if closed else "\n") + body
    cp1252 = encode == "cp1252-ish"
    data = text.encode("cp1252", "replace") if cp1252 else text.encode(encode, "surrogatepass")
    load(tmp_path, "front.md", data)


@PROPERTY
@given(
    title=st.text(alphabet="abcdefghij ", min_size=1, max_size=30).filter(str.strip),
    repeats=st.integers(min_value=0, max_value=3),
)
def test_repeated_title_keys_keep_the_last(tmp_path, title, repeats):
    text = "---\n" + "title: Earlier\n" * repeats + f"title: {title}\n---\nThe body text.\n"
    (a,) = load(tmp_path, "t.md", text).articles
    assert a.title == " ".join(title.split())


json_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40), st.just("HUGE-NUMBER")
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)


@PROPERTY
@given(
    fields=st.dictionaries(
        st.sampled_from(["title", "text", "body", "date", "source", "url", "other"]), json_values, max_size=7
    ),
    suffix=st.sampled_from([".json", ".jsonl"]),
    as_list=st.booleans(),
)
def test_any_record_shape_never_raises(tmp_path, fields, suffix, as_list):
    record = json.dumps([fields] if as_list else fields, allow_nan=True)
    record = record.replace('"HUGE-NUMBER"', "-" + "7" * 5000)
    result = load(tmp_path, "shape" + suffix, record + "\n")
    assert len(result.articles) <= 1
    if as_list and suffix == ".jsonl":
        # A JSON line holds one record, an object: a list on a line is reported, not read.
        assert not result.articles and [s.reason for s in result.skipped] == ["not a JSON object"]
        return
    text = fields.get("text")
    if isinstance(text, str) and any(c.isalnum() for c in text) and text.isprintable() and text != "HUGE-NUMBER":
        assert len(result.articles) == 1


# -- through the index -------------------------------------------------------------


def test_index_run_keeps_good_files_and_reports_each_broken_one(make_corpus, open_library):
    good_record = {"title": "Steel record", "text": "Steel tariffs were raised in Brussels."}
    corpus = make_corpus(
        {
            "story.txt": "Steel talks\n\nSteel tariffs dominated the meeting in Geneva.\n",
            "notes.md": "---\ntitle: Steel notes\n---\nSteel tariffs were on the agenda again.\n",
            "records.json": json.dumps([good_record]),
            "feed.jsonl": json.dumps(good_record) + "\n",
            "windows.txt": "\ufeffSteel export\n\nSteel tariffs hit Windows users.\n".encode("utf-16"),
            "broken.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            "broken.md": "---\ntitle: Only front matter\n" + "\x00" * 64,
            "broken.json": "[" * 5000 + "]" * 5000,
            "broken.jsonl": "{" * 3000 + "\n",
        }
    )
    lib = open_library(corpus, update=False)
    report = lib.update()
    assert report.added == 5
    assert {s.path: s.reason for s in report.skipped} == {
        "broken.txt": "binary file, not text",
        "broken.md": "binary file, not text",
        "broken.json": f"JSON nested too deeply (over {MAX_JSON_DEPTH} levels)",
        "broken.jsonl:1": f"JSON line nested too deeply (over {MAX_JSON_DEPTH} levels)",
    }
    assert lib.search("steel").total == 5
    assert lib.article("windows").title == "Steel export"
    assert lib.article("records:1").title == "Steel record"
    assert lib.article("feed:1").body == "Steel tariffs were raised in Brussels."
