"""CSV and TSV exports: a row an article, columns by header name, and the mess exports hold."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.formats.columns import ColumnsError, columns_key, map_headers, parse_columns
from search.formats.tables import sniff_delimiter
from search.loader import load_file
from tests.formats_fixtures import FIXTURES


def load(tmp_path: Path, name: str, data: bytes | str | None = None, **kwargs):
    path = tmp_path / name
    if data is None:
        shutil.copy(FIXTURES / name, path)
    else:
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return load_file(tmp_path, path, **kwargs)


def test_an_export_loads_a_row_an_article_with_the_user_s_text_column(tmp_path):
    result = load(tmp_path, "export.csv", columns={"body": "Story Text"})
    by_id = {a.id: a for a in result.articles}
    assert list(by_id) == [
        "export:A-1001",
        "export:A-1002",
        "export:A-1003",
        "export:A-1005",
        "export:A-1006",
        "export:A-1007",
        "export:A-1008",
        "export:#9",
    ]
    first = by_id["export:A-1001"]
    assert first.title == "EU ministers back steel quota plan"
    assert first.date == date(2019, 5, 10)
    assert first.source == "Ledger Wire" and first.author == "Marta Okonjo"
    assert first.url == "https://wire.example/a-1001"
    assert first.body == (
        "BRUSSELS — European trade ministers backed a plan on Friday to cap steel imports.\n\n"
        "The quota would apply from July, officials said."
    )
    assert by_id["export:A-1002"].title == 'Farmers protest "unfair" duties'
    assert by_id["export:A-1002"].date == date(2019, 5, 11)  # 05/11/2019, month first
    assert by_id["export:A-1005"].date == date(2019, 5, 14)  # "May 14, 2019"
    assert by_id["export:A-1006"].date is None


def test_the_mess_in_an_export_is_reported_and_the_rest_loads(tmp_path):
    result = load(tmp_path, "export.csv", columns={"body": "story text"})
    reasons = [(s.path, s.reason) for s in result.skipped]
    assert ("export.csv:7", "no text in the row") in reasons  # a short row: no text column
    assert ("export.csv:12", "the row has no id; its id is its row number, #9") in reasons
    assert ("export.csv", "line 10: a stray quote, read as a character of the line") in reasons
    ragged = [r for p, r in reasons if "more or fewer fields" in r]
    assert ragged == [
        "2 rows with more or fewer fields than the header (lines 7, 8):"
        " missing fields read as empty, extra ones ignored"
    ]
    # The stray quote swallowed nothing: the rows after it are there, quotes and all.
    exporters = next(a for a in result.articles if a.id == "export:A-1008")
    assert exporters.body == 'Exporters said the delay gave them time to find "new buyers" abroad.'


def test_without_a_text_column_the_file_is_skipped_naming_its_headers(tmp_path):
    result = load(tmp_path, "export.csv")
    assert result.articles == ()
    (s,) = result.skipped
    assert s.reason.startswith("no column holds the text (headers: 'Article ID', 'Headline'")


def test_a_mapping_to_a_header_the_file_lacks_is_reported(tmp_path):
    result = load(tmp_path, "wire.tsv", columns={"author": "Reporter"})
    assert len(result.articles) == 2
    assert [s.reason for s in result.skipped] == ["no column named 'Reporter' for author"]


def test_a_tsv_export_loads_with_row_numbers_as_ids(tmp_path):
    result = load(tmp_path, "wire.tsv")
    assert result.skipped == ()
    assert [(a.id, a.title, a.date) for a in result.articles] == [
        ("wire:1", "Port strike ends", date(2019, 5, 12)),
        ("wire:2", "Ministers meet in Tokyo", date(2019, 5, 14)),
    ]
    assert "currency policy tops the agenda" in result.articles[1].body  # a ";" is not a delimiter in a TSV


def test_a_huge_field_loads_and_one_past_the_limit_is_skipped(tmp_path, monkeypatch):
    import search.formats.tables as tables

    long_body = "Officials said the talks would go on. " * 20_000  # 760 kB, over csv's default 128 kB
    data = f'title,text\nLong story,"{long_body}"\nShort one,Tariffs rose on Monday.\n'
    result = load(tmp_path, "long.csv", data)
    assert [a.title for a in result.articles] == ["Long story", "Short one"]
    monkeypatch.setattr(tables, "MAX_FIELD_CHARS", 100_000)
    result = load(tmp_path, "long.csv", data)
    assert [a.title for a in result.articles] == ["Short one"]
    assert result.skipped[0].path == "long.csv:2" and "too large" in result.skipped[0].reason


def test_excel_s_utf16_unicode_text_and_semicolon_csv_load(tmp_path):
    tsv = "Title\tText\tDate\nGenève talks\tNégociations reprises à Genève lundi.\t13.05.2019\n"
    (a,) = load(tmp_path, "excel.tsv", tsv.encode("utf-16")).articles
    assert a.title == "Genève talks" and a.date == date(2019, 5, 13)
    semi = "\ufeffTitel;Headline;Body;Date\nx;Zölle steigen;Die Zölle stiegen am Montag, sagte das Amt.;2019-05-13\n"
    (b,) = load(tmp_path, "de.csv", semi.encode("utf-8")).articles
    assert b.title == "Zölle steigen" and b.body.startswith("Die Zölle stiegen am Montag, sagte")


def test_html_in_a_text_cell_is_made_plain(tmp_path):
    (a,) = load(tmp_path, "h.csv", 'headline,content\nA,"<p>First para.</p><p>Second <b>para</b>.</p>"\n').articles
    assert a.body == "First para.\n\nSecond para."


def test_repeated_ids_fall_back_to_row_numbers(tmp_path):
    result = load(tmp_path, "dup.csv", "id,title,text\n7,One,First text.\n7,Two,Second text.\n")
    assert [a.id for a in result.articles] == ["dup:7", "dup:#2"]
    assert result.skipped[0].reason == "the row repeats the id '7'; its id is its row number, #2"


def test_empty_and_header_only_tables_are_skipped(tmp_path):
    assert load(tmp_path, "h.csv", "title,text\n").skipped[0].reason == "no rows in the table"
    assert load(tmp_path, "e.csv", "\n\n\n").skipped[0].reason in ("no rows in the table", "empty file")


def test_headers_match_whatever_their_case_and_separators():
    found, problems = map_headers(["ID", "HEADLINE", "Published-At", "Body Text", "Content"], None)
    assert found == {"id": 0, "title": 1, "date": 2, "body": 4} and problems == []
    found, _ = map_headers(["Story", "Summary", "Link"], {"text": "summary"})
    assert found["body"] == 1 and found["url"] == 2


def test_the_column_option_is_checked_and_keyed():
    assert parse_columns("body=Story Text, date = PubDate") == {"body": "Story Text", "date": "PubDate"}
    assert parse_columns("text=Story") == {"body": "Story"}
    with pytest.raises(ColumnsError, match="unknown article field 'colour'"):
        parse_columns("colour=Red")
    with pytest.raises(ColumnsError, match="FIELD=HEADER"):
        parse_columns("body")
    assert columns_key(None) == "" == columns_key({})
    assert columns_key({"body": "Story Text"}) == columns_key({"text": "story_text"})


def test_the_delimiter_is_sniffed_from_the_header():
    assert sniff_delimiter("a;b;c") == ";"
    assert sniff_delimiter('"a,b";c;d') == ";"
    assert sniff_delimiter("title|text") == "|"
    assert sniff_delimiter("single") == ","


cell = st.text(alphabet=st.sampled_from(list('ab ,;"\t\n\r') + ["é", "x"]), max_size=12)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell, max_size=6), max_size=8), header=st.sampled_from(["title,text\n", "text\n", ""]))
def test_any_table_loads_or_says_why_never_raises(tmp_path, rows, header):
    data = header + "\n".join(",".join(r) for r in rows)
    result = load(tmp_path, "any.csv", data)
    assert result.articles or result.skipped
    assert len({a.id for a in result.articles}) == len(result.articles)
