"""Loading: seeds, cleaning, titles and captions, and forgiving handling of bad input."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

import search.loader as loader
from search import Article, NothingLoaded, Skipped
from search.loader import iter_corpus_files, load_file
from tests.seeds import S000, S001, S002, S003, S004, SEED_IDS, SEEDS


def load_all(root: Path):
    """Every article and skip record of a corpus, as the indexer sees them."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for path in iter_corpus_files(root):
        result = load_file(root, path)
        articles.extend(result.articles)
        skipped.extend(result.skipped)
    return {a.id: a for a in articles}, skipped


@pytest.fixture
def seeds():
    articles, skipped = load_all(SEEDS)
    assert skipped == []
    return articles


# -- the seeds ---------------------------------------------------------------------


def test_every_seed_loads_once_with_its_id(seeds):
    assert sorted(seeds) == list(SEED_IDS)
    assert len(SEED_IDS) == 5
    for art_id, a in seeds.items():
        assert a.path == f"{art_id}.txt"
        assert a.body.strip() and a.title.strip()


def test_seed_titles(seeds):
    # 003 and 004 carry a headline line; the others are titled by their first sentence.
    assert seeds[S003].title == (
        "Top US, Chinese trade officials have 'constructive' talk on holding face-to-face meeting"
    )
    assert seeds[S004].title == "High-level trade talks with US has resumed, keeping close contact: China"
    assert seeds[S000].title.startswith("The Trump administration has invited Chinese officials")
    assert seeds[S001].title.startswith("The Trump administration has reached out")
    assert seeds[S002].title.startswith("US and Chinese officials are working")
    for art_id in (S000, S001, S002):  # long first sentences are cut at a word, with an ellipsis
        title = seeds[art_id].title
        assert title.endswith("…") and len(title) <= 121
        assert title[:-1].rstrip() in seeds[art_id].body[:200]  # the dateline is left out


def test_headline_is_not_repeated_in_the_body(seeds):
    # 004 repeats its headline as the first body line: it is dropped, once and for all.
    a = seeds[S004]
    assert a.title not in a.body
    assert a.body.startswith('"We are willing to negotiate with the US", Chinese Premier Li Keqiang')
    assert not seeds[S003].body.startswith("Top US, Chinese trade officials")


def test_seed_captions(seeds):
    assert seeds[S001].captions == (
        "FILE PHOTO: A worker places U.S. and China flags near the Forbidden City ahead of a visit "
        "by U.S. President Donald Trump to Beijing, in Beijing, China November 8, 2017. "
        "REUTERS/Damir Sagolj/File Photo",
    )
    # 002 prints its caption twice; it is kept once and taken out of the body.
    assert seeds[S002].captions == ("White House economic adviser Larry Kudlow. Picture: REUTERS/CAROLS BARRIA",)
    for art_id in (S001, S002):
        for caption in seeds[art_id].captions:
            assert caption not in seeds[art_id].body
    for art_id in (S000, S003, S004):
        assert seeds[art_id].captions == ()


def test_boilerplate_is_dropped(seeds):
    assert "Continue Reading Below" not in seeds[S003].body
    assert "Related Articles" not in seeds[S004].body
    # ...while the text around it stays.
    assert "Treasury Secretary Steve Mnuchin talked with their Chinese counterparts" in seeds[S003].body
    assert seeds[S004].body.endswith("as well as tariffs on imports of U.S. goods.")


def test_seed_dates_from_header_and_undated(seeds):
    assert seeds[S000].date == date(2018, 9, 13)
    assert seeds[S001].date == date(2018, 9, 12)
    for art_id in (S002, S003, S004):
        assert seeds[art_id].date is None
    # The header itself is not part of the text.
    assert seeds[S000].body.startswith("The Trump administration has invited")
    assert "date 2018" not in seeds[S001].body


def test_seed_text_is_clean(seeds):
    for a in seeds.values():
        assert "\u00a0" not in a.body  # non-breaking spaces squeezed
        assert "  " not in a.body.replace("\n\n", "\n")
        assert "\r" not in a.body
    assert seeds[S001].source == "Reuters"  # from the dateline


# -- bad input: skipped with path and reason, the rest loads ------------------------


GOOD = "Ministers meet in Geneva\n\nTrade ministers met in Geneva on Monday to discuss tariffs.\n"


def test_bad_files_are_skipped_with_path_and_reason(make_corpus, open_library):
    corpus = make_corpus(
        {
            "good.txt": GOOD,
            "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            "empty.txt": b"",
            "sub/also-good.md": "Second story\n\nTariffs were raised again on steel imports.\n",
        }
    )
    articles, skipped = load_all(corpus)
    assert sorted(articles) == ["good", "sub/also-good"]
    reasons = {s.path: s.reason for s in skipped}
    assert reasons == {"binary.txt": "binary file, not text", "empty.txt": "empty file"}

    lib = open_library(corpus)
    report = lib.update(rebuild=True)
    assert report.added == 2
    assert {s.path: s.reason for s in report.skipped} == reasons
    assert lib.search("tariffs").total == 2


def test_malformed_date_header_still_loads_undated_and_is_reported(make_corpus, open_library):
    corpus = make_corpus({"odd.txt": "date 2018-13-45\nA headline here\n\nOfficials met on Monday.\n"})
    articles, skipped = load_all(corpus)
    a = articles["odd"]
    assert a.date is None
    assert a.title == "A headline here"
    assert a.body == "Officials met on Monday."
    assert len(skipped) == 1
    assert skipped[0].path == "odd.txt"
    assert "malformed date header" in skipped[0].reason and "2018-13-45" in skipped[0].reason

    lib = open_library(corpus, update=False)
    report = lib.update()
    assert report.added == 1
    assert [s.path for s in report.skipped] == ["odd.txt"]
    assert lib.article("odd").date is None


def test_good_date_header_and_front_matter(make_corpus):
    corpus = make_corpus(
        {
            "h.txt": "date 2019-07-09\nHeadline of h\n\nBody of h is here.\n",
            "f.md": "---\ntitle: Front matter title\ndate: 2019-05-01\nsource: Example Wire\n"
            "url: https://example.com/f\n---\nBody of f is here.\n",
        }
    )
    articles, skipped = load_all(corpus)
    assert skipped == []
    assert articles["h"].date == date(2019, 7, 9) and articles["h"].title == "Headline of h"
    f = articles["f"]
    assert (f.title, f.date, f.source, f.url) == (
        "Front matter title",
        date(2019, 5, 1),
        "Example Wire",
        "https://example.com/f",
    )
    assert f.body == "Body of f is here."


def test_file_over_the_size_limit_is_skipped(make_corpus, monkeypatch):
    monkeypatch.setattr(loader, "MAX_ARTICLE_BYTES", 100)
    corpus = make_corpus({"big.txt": "Big story\n\n" + "word " * 100, "small.txt": GOOD[:90]})
    articles, skipped = load_all(corpus)
    assert sorted(articles) == ["small"]
    assert len(skipped) == 1 and skipped[0].path == "big.txt"
    assert skipped[0].reason.startswith("too large") and "limit 100" in skipped[0].reason


def test_unreadable_file_is_skipped(make_corpus):
    corpus = make_corpus({"good.txt": GOOD, "locked.txt": GOOD})
    locked = corpus / "locked.txt"
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running with privileges that read a mode-000 file (root)")
        articles, skipped = load_all(corpus)
        assert sorted(articles) == ["good"]
        assert len(skipped) == 1 and skipped[0].path == "locked.txt"
        assert skipped[0].reason.startswith("unreadable")
    finally:
        locked.chmod(0o644)


def test_read_error_is_skipped_even_with_privileges(make_corpus, monkeypatch):
    # The same path as above, forced: root reads mode-000 files, so simulate the refusal.
    corpus = make_corpus({"good.txt": GOOD, "locked.txt": GOOD})
    real_read_bytes = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    articles, skipped = load_all(corpus)
    assert sorted(articles) == ["good"]
    assert [(s.path, s.reason) for s in skipped] == [("locked.txt", "unreadable: Permission denied")]


def test_jsonl_broken_line_skipped_others_load_with_line_ids(make_corpus):
    lines = [
        json.dumps(
            {
                "title": "First",
                "text": "Tariffs rose on Monday.",
                "date": "2019-01-02",
                "source": "Wire",
                "url": "https://example.com/1",
            }
        ),
        '{"title": "Broken", "text": "no closing brace"',
        "",
        json.dumps({"title": "Fourth", "body": "Talks resumed in Beijing."}),
        json.dumps({"title": "No text"}),
    ]
    corpus = make_corpus({"feed.jsonl": "\n".join(lines) + "\n"})
    articles, skipped = load_all(corpus)
    assert sorted(articles) == ["feed:1", "feed:4"]
    first = articles["feed:1"]
    assert (first.title, first.body, first.date, first.source, first.url) == (
        "First",
        "Tariffs rose on Monday.",
        date(2019, 1, 2),
        "Wire",
        "https://example.com/1",
    )
    assert articles["feed:4"].body == "Talks resumed in Beijing."
    assert articles["feed:4"].path == "feed.jsonl"
    reasons = {s.path: s.reason for s in skipped}
    assert set(reasons) == {"feed.jsonl:2", "feed.jsonl:5"}
    assert reasons["feed.jsonl:2"].startswith("broken JSON line")
    assert reasons["feed.jsonl:5"] == "no text or body field"


def test_json_list_and_single_object(make_corpus):
    corpus = make_corpus(
        {
            "list.json": json.dumps(
                [
                    {"title": "One", "text": "The first story about tariffs."},
                    {"title": "Two", "body": "The second story about talks.", "date": "2019-03-04"},
                    "not an object",
                ]
            ),
            "single.json": json.dumps({"title": "Solo", "text": "A story alone.", "date": "2019-02-30"}),
            "broken.json": "[{",
        }
    )
    articles, skipped = load_all(corpus)
    assert sorted(articles) == ["list:1", "list:2", "single"]
    assert articles["list:2"].date == date(2019, 3, 4)
    assert articles["single"].title == "Solo" and articles["single"].date is None
    reasons = {s.path: s.reason for s in skipped}
    assert reasons["list.json[3]"] == "not a JSON object"
    assert "malformed date" in reasons["single.json"]
    assert reasons["broken.json"].startswith("broken JSON")


def test_cp1252_and_latin1_text_decodes(make_corpus):
    corpus = make_corpus(
        {
            "cafe.txt": b"Caf\xe9 owners protest\n\nThe caf\xe9 owner said \x93no deal\x94 on Monday.\n",
            "latin.txt": b"Na\xefve plan\n\nA na\xefve plan for the r\xe9gion \x81 was dropped.\n",
        }
    )
    articles, skipped = load_all(corpus)
    assert skipped == []
    cafe = articles["cafe"]
    assert cafe.title == "Café owners protest"
    assert cafe.body == "The café owner said “no deal” on Monday."
    latin = articles["latin"]  # 0x81 is undefined in cp1252: latin-1 takes over
    assert latin.title == "Naïve plan"
    assert "région" in latin.body


def test_markup_is_text_and_ansi_escapes_are_stripped(make_corpus):
    raw = (
        "Markup [bold]stays[/] text\n\n"
        "The minister said [bold]no[/] and \x1b[31mred words\x1b[0m appeared, "
        "then \x1b]0;evil title\x07a bell\x07 and a tab\tstayed.\n"
    )
    corpus = make_corpus({"markup.txt": raw})
    articles, _ = load_all(corpus)
    a = articles["markup"]
    assert a.title == "Markup [bold]stays[/] text"
    assert "[bold]no[/]" in a.body
    assert "red words appeared" in a.body
    assert "\x1b" not in a.body and "[31m" not in a.body and "[0m" not in a.body
    assert "evil title" not in a.body and "\x07" not in a.body


def test_one_line_article_keeps_its_whole_text(make_corpus):
    text = "Officials met in Geneva on Monday to discuss tariffs. Nothing was agreed, they said."
    corpus = make_corpus({"one.txt": text})
    articles, skipped = load_all(corpus)
    assert skipped == []
    a = articles["one"]
    assert a.body == text
    assert a.title == "Officials met in Geneva on Monday to discuss tariffs."


def test_hidden_and_foreign_files_are_ignored(make_corpus):
    corpus = make_corpus(
        {
            "a.txt": GOOD,
            ".hidden.txt": GOOD,
            ".git/b.txt": GOOD,
            "image.png": b"\x89PNG\x00",
            "styles.css": "a { color: red }\n",
        }
    )
    articles, skipped = load_all(corpus)
    assert sorted(articles) == ["a"]
    assert skipped == []


def test_a_corpus_of_only_bad_files_raises_nothing_loaded(make_corpus, open_library):
    corpus = make_corpus({"empty.txt": b"", "bin.txt": b"\x00\x01\x02"})
    lib = open_library(corpus, update=False)
    with pytest.raises(NothingLoaded):
        lib.update()


def test_bytes_already_read_load_the_same_articles(tmp_path):
    for path in sorted(SEEDS.glob("*.txt")):
        assert load_file(SEEDS, path, path.read_bytes()) == load_file(SEEDS, path)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x")
    # Limits apply to the bytes given: an empty read is reported like an empty file.
    assert load_file(tmp_path, big, b"").skipped[0].reason == "empty file"
