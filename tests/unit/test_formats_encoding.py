"""Encodings every format meets: marks, UTF-16, declared and sniffed charsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.cleaning import decode_text
from search.formats.encoding import codec_for, declared_charset, decode_markup
from search.loader import load_file

RUSSIAN = (
    "Министр финансов заявил в понедельник, что переговоры о пошлинах на сталь продолжатся. "
    "Делегации обеих сторон встретились в Женеве и обсудили квоты на импорт."
)
GREEK = (
    "Ο υπουργός Οικονομικών δήλωσε τη Δευτέρα ότι οι συνομιλίες για τους δασμούς θα συνεχιστούν. "
    "Οι αντιπροσωπείες συναντήθηκαν στη Γενεύη και συζήτησαν για τον χάλυβα."
)
JAPANESE = (
    "財務大臣は月曜日、関税交渉が続くと述べた。"
    "米国と中国の代表団は北京で会談し、鉄鋼とアルミニウムへの関税について話し合った。"
)
CHINESE = "财政部长周一表示，关税谈判将继续进行。美国和中国代表团在北京会晤，讨论了钢铁和铝的关税问题。"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(RUSSIAN, "cp1251"), (RUSSIAN, "koi8-r"), (GREEK, "cp1253"), (JAPANESE, "shift_jis"), (CHINESE, "gb18030")],
)
def test_undeclared_text_in_another_script_is_sniffed(tmp_path, text, encoding):
    data = text.encode(encoding)
    assert decode_text(data)[0] == text
    (tmp_path / "a.txt").write_bytes(("Talks resume\n\n" + text).encode(encoding))
    (a,) = load_file(tmp_path, tmp_path / "a.txt").articles
    assert a.body == text


def test_latin_text_that_is_not_utf8_stays_cp1252():
    # A detector cannot tell cp1252 from its neighbours on a short text; news exports use cp1252.
    assert decode_text("Caf\u00e9 \u201cno deal\u201d \u2014 na\u00efve".encode("cp1252")) == (
        "Caf\u00e9 \u201cno deal\u201d \u2014 na\u00efve",
        "cp1252",
    )


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_marks_and_utf16_load_in_every_format(tmp_path, encoding):
    files = {
        "a.txt": "Talks resume\n\nOfficials met in Genève on Monday.",
        "b.csv": "title,text\nTalks resume,Officials met in Genève on Monday.\n",
        "c.jsonl": '{"title": "Talks resume", "text": "Officials met in Genève on Monday."}\n',
        "d.md": "---\ntitle: Talks resume\n---\nOfficials met in Genève on Monday.",
    }
    for name, text in files.items():
        data = text.encode(encoding)
        if encoding in ("utf-16-le", "utf-16-be"):
            data = "\ufeff".encode(encoding) + data
        (tmp_path / name).write_bytes(data)
        (a,) = load_file(tmp_path, tmp_path / name).articles
        assert (a.title, a.body) == ("Talks resume", "Officials met in Genève on Monday."), (name, encoding)


def test_declarations_are_found_where_pages_and_servers_put_them():
    assert declared_charset(b'<?xml version="1.0" encoding="ISO-8859-5"?><rss/>') == "iso8859-5"
    assert declared_charset(b'<head><meta charset="koi8-r">') == "koi8-r"
    assert declared_charset(b"<meta http-equiv='Content-Type' content='text/html; charset=Shift_JIS'>") == "shift_jis"
    assert declared_charset(b"<html>", "text/html; charset=windows-1251") == "cp1251"
    assert declared_charset(b'<meta charset="no-such-charset">') is None
    assert codec_for("ISO-8859-1") == "cp1252" and codec_for("utf-16") == "utf-8"


def test_markup_with_a_declaration_that_lies_is_read_by_its_bytes():
    page = '<meta charset="utf-8"><p>Caf\u00e9</p>'.encode("cp1252")
    assert decode_markup(page)[0] == '<meta charset="utf-8"><p>Caf\u00e9</p>'


def test_a_file_that_reads_in_no_encoding_still_loads_with_replacements(tmp_path: Path):
    data = b"Headline here\n\nBytes \x81\x8d\x8f\x90\x9d that cp1252 leaves undefined, in a sentence."
    (tmp_path / "odd.txt").write_bytes(data)
    (a,) = load_file(tmp_path, tmp_path / "odd.txt").articles
    assert a.title == "Headline here" and "in a sentence." in a.body
