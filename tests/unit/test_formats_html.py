"""Saved web pages: main text without the page's furniture, metadata, charsets, asset folders."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from search.formats.html import fragment_text, has_prose
from search.loader import iter_corpus_paths, load_file
from tests.formats_fixtures import NEWS_PAGE, NO_ARTICLE, SECOND_PAGE

# Words that appear only in the page's navigation, ads, comments, newsletter box, cookie
# banner, "most read" list and footer of news_page.html.
FURNITURE = [
    "Subscribe for $1",
    "Search the Ledger",
    "Buy gold",
    "Share on Facebook",
    "Five charts",
    "Sign up for our newsletter",
    "tradewatcher88",
    "bourbon duties are hurting",
    "Royal wedding",
    "Refinance your mortgage",
    "All rights reserved",
    "We use cookies",
    "Advertisement",
    "Topics:",
]
STORY = [
    "Negotiators from Washington and Brussels met again on Monday",
    "serious proposals",
    "a quota system would be unacceptable",
    "deadline of June 30",
    "We are not going to negotiate with a gun to our head",
    "Steel prices rose 2 per cent",
]


def load(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return load_file(tmp_path, path)


def test_a_saved_news_page_loads_its_story_without_the_page_around_it(tmp_path):
    result = load(tmp_path, "world/steel.html", NEWS_PAGE)
    assert result.skipped == ()
    (a,) = result.articles
    assert a.id == "world/steel"
    for sentence in STORY:
        assert sentence in a.body
    for words in FURNITURE:
        assert words not in a.body, words
    # The story's paragraphs, in order, and the headline only once (as the title).
    assert a.body.index("Negotiators") < a.body.index("serious proposals") < a.body.index("Steel prices rose")
    assert "Steel tariff talks resume in Geneva" not in a.body


def test_a_page_s_metadata_comes_from_its_meta_tags_and_json_ld(tmp_path):
    (a,) = load(tmp_path, "steel.htm", NEWS_PAGE).articles
    assert a.title == "Steel tariff talks resume in Geneva"  # og:title / JSON-LD, not the <title> with the site
    assert a.date == date(2019, 5, 13)
    assert a.author == "Marta Okonjo"
    assert a.source == "The Harbour Ledger"
    assert a.url == "https://www.harbourledger.example/world/2019/05/13/steel-tariff-talks-resume"


def test_a_page_without_metadata_falls_back_to_the_dateline_rules(tmp_path):
    (a,) = load(tmp_path, "port.html", SECOND_PAGE).articles
    assert a.title == "Port strike ends after three weeks"
    assert a.source == "Wire"  # from "ANTWERP (Wire) -", as for plain text
    assert a.date is None  # the page states none; the pipeline reads the dateline


def test_a_page_with_no_article_is_skipped_with_its_reason(tmp_path):
    result = load(tmp_path, "signin.html", NO_ARTICLE)
    assert result.articles == ()
    (s,) = result.skipped
    assert s.path == "signin.html"
    assert "no article text" in s.reason


def test_an_empty_or_broken_page_is_skipped_not_raised(tmp_path):
    for name, data in {
        "tags.html": b"<html><body><div><div></div></div></body></html>",
        "half.html": NEWS_PAGE[: len(NEWS_PAGE) // 3],
        "junk.html": b"\xff\xfe<\x00h\x00" * 3,
        "deep.html": b"<div>" * 5000 + b"text" + b"</div>" * 5000,
    }.items():
        result = load(tmp_path, name, data)
        assert result.articles == () or result.articles[0].body
        assert result.articles or result.skipped


def test_the_declared_charset_is_honoured(tmp_path):
    story = (
        "<p>Министр финансов заявил в понедельник, что переговоры о пошлинах на сталь продолжатся в Женеве.</p>"
        "<p>Делегации обеих сторон привезли серьёзные предложения, сказал он журналистам после встречи.</p>"
    )
    for declaration in (
        '<meta charset="windows-1251">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
    ):
        page = (
            f"<html><head>{declaration}<title>Переговоры</title></head><body><article>{story}</article></body></html>"
        )
        (a,) = load(tmp_path, "ru.html", page.encode("cp1251")).articles
        assert "Министр финансов заявил в понедельник" in a.body


def test_a_page_declared_latin1_is_read_as_windows_1252(tmp_path):
    # Browsers do the same: pages labelled ISO-8859-1 use cp1252's quotes and dashes.
    story = (
        "<p>The caf\u00e9 owner said \u201cno deal\u201d on Monday \u2014"
        " and the ministers left Geneva without an agreement on steel.</p>"
    )
    more = "<p>Officials said the talks would resume in the spring, after the elections in both countries.</p>"
    page = f'<html><head><meta charset="iso-8859-1"></head><body><article>{story}{more}</article></body></html>'
    (a,) = load(tmp_path, "fr.html", page.encode("cp1252")).articles
    assert "caf\u00e9 owner said \u201cno deal\u201d on Monday \u2014" in a.body


def test_a_byte_order_mark_beats_the_declaration(tmp_path):
    page = NEWS_PAGE.decode("utf-8").replace('<meta charset="utf-8">', '<meta charset="windows-1251">')
    (a,) = load(tmp_path, "bom.html", page.encode("utf-16")).articles
    assert "Negotiators from Washington" in a.body


def test_a_wrong_declaration_falls_back_to_what_the_bytes_are(tmp_path):
    page = (
        NEWS_PAGE.decode("utf-8").replace("Negotiators", "Négociateurs").replace('charset="utf-8"', 'charset="utf-8"')
    )
    (a,) = load(tmp_path, "wrong.html", page.encode("cp1252")).articles
    assert "Négociateurs from Washington" in a.body


def test_asset_folders_beside_a_saved_page_are_not_walked(tmp_path):
    files = {
        "Steel tariffs.html": NEWS_PAGE,
        "Steel tariffs_files/ad.html": NO_ARTICLE,
        "Steel tariffs_files/main.css": b"body{}",
        "port.htm": SECOND_PAGE,
        "port.files/frame.html": NO_ARTICLE,
        "court_files/ruling.txt": b"A folder merely ending in _files, with no page beside it, holds articles.",
    }
    for rel, data in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    assert list(iter_corpus_paths(str(tmp_path))) == ["Steel tariffs.html", "port.htm", "court_files/ruling.txt"]


def test_feed_fragments_become_paragraphs_without_scripts():
    text = fragment_text("<p>First <b>bold</b> line.</p><script>alert(1)</script><p>Second<br>third</p> tail")
    assert text.split("\n") == ["First bold line.", "Second", "third", "tail"]
    assert fragment_text("no markup at all") == "no markup at all"


def test_a_page_in_a_script_without_spaces_is_an_article(tmp_path):
    story = (
        "<p>财政部长周一表示，关税谈判将继续进行，双方都带来了认真的建议。</p>"
        "<p>美国和中国代表团在北京会晤，讨论了钢铁和铝的关税问题，会议预计持续到周三。</p>"
    )
    page = (
        f"<html><head><meta charset='gb2312'></head><body><nav>首页 新闻</nav><article>{story}</article></body></html>"
    )
    (a,) = load(tmp_path, "zh.html", page.encode("gb18030")).articles
    assert "关税谈判将继续进行" in a.body


def test_prose_is_told_from_menus():
    assert has_prose(
        "Home\nWorld\nBusiness\n" + "A sentence of enough words to count as prose in a news story, surely.\n" * 2
    )
    assert not has_prose("Home\nWorld\nBusiness\nSign in\nForgot your password?")
