"""Feeds: RSS, Atom and JSON Feed entries as articles, with ids that survive a refresh."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

from search.loader import load_file
from tests.formats_fixtures import FIXTURES


def load(tmp_path: Path, name: str, data: bytes | None = None, as_name: str | None = None):
    path = tmp_path / (as_name or name)
    if data is None:
        shutil.copy(FIXTURES / name, path)
    else:
        path.write_bytes(data)
    return load_file(tmp_path, path)


def sha12(key: str) -> str:
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def test_rss_entries_are_articles_with_title_date_author_link_and_clean_text(tmp_path):
    result = load(tmp_path, "world.rss")
    assert result.skipped == ()
    steel, port = result.articles
    assert steel.id == "world:" + sha12("hl-2019-05-13-0042")
    assert steel.title == "Steel tariff talks resume in Geneva"
    assert steel.date == date(2019, 5, 13)
    assert steel.author == "Marta Okonjo"
    assert steel.source == "Harbour Ledger – World"
    assert steel.url == "https://www.harbourledger.example/world/2019/05/13/steel-tariff-talks-resume"
    # The fuller content:encoded wins over the description; its HTML is made plain.
    assert steel.body.split("\n\n") == [
        "GENEVA — Negotiators from Washington and Brussels met again on Monday"
        " to discuss the steel and aluminium tariffs.",
        'Trade Representative Daniel Forsythe said both delegations had brought "serious proposals".',
        "The talks are expected to last into Wednesday.",
    ]
    assert "alert" not in steel.body and "<p>" not in steel.body
    assert port.body.startswith("Dock workers in Antwerp voted on Sunday")
    assert port.date == date(2019, 5, 12)


def test_atom_entries_read_html_titles_and_the_publisher_s_day(tmp_path):
    copper, bonds = load(tmp_path, "markets.atom").articles
    assert copper.id == "markets:" + sha12("tag:harbourledger.example,2019:markets/7781")
    assert copper.title == "Copper slides as demand cools"
    # Published 06:55 on the 14th in UTC+8: the publisher's day, not the UTC one (the 13th).
    assert copper.date == date(2019, 5, 14)
    assert copper.author == "Chen Wei" and copper.source == "Ledger Markets"
    assert "stockpiles in Shanghai" in copper.body
    assert bonds.date == date(2019, 5, 13)  # only <updated>
    assert bonds.body == "Ten-year yields rose two basis points in thin trading on Monday."


def test_a_json_feed_is_read_by_its_shape(tmp_path):
    result = load(tmp_path, "briefing.json")
    assert result.skipped == ()
    tokyo, oil = result.articles
    assert tokyo.id == "briefing:" + sha12("https://briefing.example/2019/05/14/ministers-meet")
    assert tokyo.title == "Finance ministers meet in Tokyo"
    assert tokyo.body == "Finance ministers from the G7 meet in Tokyo on Tuesday.\n\nCurrency policy tops the agenda."
    assert tokyo.author == "Sato Kenji" and tokyo.source == "Morning Briefing"
    assert tokyo.date == date(2019, 5, 14)
    assert oil.id == "briefing:" + sha12("2019-05-13-oil")
    assert oil.author == "L. Moreau"  # JSON Feed 1.0's single author
    assert oil.url == ""


def test_a_json_article_that_merely_has_items_is_not_a_feed(tmp_path):
    record = {"title": "Inventory", "text": "Warehouses held more copper.", "items": [1, 2], "version": "2"}
    (a,) = load(tmp_path, "x.json", json.dumps(record).encode()).articles
    assert a.id == "x" and a.title == "Inventory"


def test_ids_survive_a_refresh_of_the_feed(tmp_path):
    before = {a.id: a.title for a in load(tmp_path, "world.rss").articles}
    text = (FIXTURES / "world.rss").read_text(encoding="utf-8")
    newer = text.replace(
        "<item>",
        "<item><title>A newer story</title><guid>hl-2019-05-14-0001</guid>"
        "<description>Fresh text.</description></item>\n<item>",
        1,
    )
    after = {a.id: a.title for a in load(tmp_path, "world.rss", newer.encode()).articles}
    assert len(after) == 3
    assert all(after[i] == t for i, t in before.items())


def test_a_feed_with_broken_entries_loads_the_good_ones_and_says_why_of_the_rest(tmp_path):
    result = load(tmp_path, "broken.xml")
    titles = [a.title for a in result.articles]
    assert titles[:2] == ["Ministers agree on a timetable", "A date nobody can read"]
    reasons = {s.path: s.reason for s in result.skipped}
    assert "XML is broken" in reasons["broken.xml"]
    assert reasons["broken.xml[2]"] == "malformed date 'sometime next week'; loaded undated"
    assert reasons["broken.xml[3]"] == "the entry has no title and no text"
    assert reasons["broken.xml[4]"] == "the entry repeats entry 1 (same id)"
    # An RSS guid is no web address, though feedparser offers it as the link.
    assert result.articles[0].url == ""


def test_xml_that_is_not_a_feed_is_skipped(tmp_path):
    result = load(tmp_path, "sitemap.xml")
    assert result.articles == ()
    assert [s.reason for s in result.skipped] == ["not an RSS or Atom feed"]


def test_a_feed_in_utf16_or_a_declared_charset_loads(tmp_path):
    text = (FIXTURES / "world.rss").read_text(encoding="utf-8")
    (tmp_path / "u16").mkdir()
    for name, data in {
        "u16/world.rss": text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
        "koi.xml": text.replace('encoding="UTF-8"', 'encoding="KOI8-R"')
        .replace("Port strike ends after three weeks", "Забастовка в порту закончилась")
        .encode("koi8-r", "replace"),
    }.items():
        result = load(tmp_path, name, data)
        assert len(result.articles) == 2, name
    assert result.articles[1].title == "Забастовка в порту закончилась"


def test_feeds_that_are_not_feeds_at_all_never_raise(tmp_path):
    for data in (
        b"<rss><channel><item>",
        b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'/>",
        b"plain text",
    ):
        result = load(tmp_path, "odd.atom", data)
        assert result.articles == () and result.skipped
