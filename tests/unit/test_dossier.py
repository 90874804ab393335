"""Who said what, and when: an entity's own events, its dossier, and several entities together."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search import Entity, Role, UnknownEntity, export
from search.dossier import distinct_roles, is_credit, per_month, side_code, side_of
from tests.seeds import S000, S002, S003, S004

pytestmark = pytest.mark.unit

TALKS = """---
title: Talks resume
date: 2019-03-06
---
Trade Minister Ann Smith met her counterpart in Geneva.

“We met on Monday in Geneva. The talks went well and both sides want more,” Smith said.

Separately, markets in Tokyo rose on Tuesday after a quiet week.
"""
MARKETS = """---
title: Markets
date: 2019-03-07
---
Markets in Tokyo fell on Wednesday, traders said.

Ann Smith is expected to travel to Paris on Friday, officials said.
"""


@pytest.fixture
def talks(make_corpus, open_library):
    return open_library(make_corpus({"a.txt": TALKS, "b.txt": MARKETS}))


def test_own_events_are_named_in_the_sentence_or_hold_the_quote(talks):
    own = talks.timeline(person="Smith")
    assert [(e.start, e.text[:12]) for e in own.events] == [
        (date(2019, 3, 4), "“We met on M"),  # her quote: the sentence does not name her
        (date(2019, 3, 8), "Ann Smith is"),
    ]
    assert all("Ann Smith" in e.entities for e in own.events)
    every = talks.timeline(person="Ann Smith", all_events=True)
    assert len(every.events) == 4  # Tokyo's markets too: told by articles naming her
    assert set(own.events) < set(every.events)
    markets = [e for e in every.events if "Tokyo" in e.text]
    assert markets and all("Ann Smith" not in e.entities for e in markets)


def test_an_events_entities_name_the_speaker_of_its_quote(talks):
    record = export.timeline_record(talks.timeline())
    monday = next(e for e in record["events"] if e["start"] == "2019-03-04")
    assert monday["entities"] == ["Ann Smith"]


def test_own_events_on_the_seeds_name_the_person(library):
    names = {"Donald Trump": ("Trump",), "Steven Mnuchin": ("Mnuchin",), "Xi Jinping": ("Xi",)}
    for name, surnames in names.items():
        entity = library.find_entity(name)
        own = library.timeline(person=name).events
        assert own
        for ev in own:
            told = [s for s in ev.sources if s.article in entity.articles]
            assert any(n in s.text for s in told for n in (name, *surnames, *entity.aliases))
    # Kudlow is quoted often, but no dated sentence names him or holds his words.
    assert library.timeline(person="Kudlow").events == ()
    assert library.timeline(person="Kudlow", all_events=True).events


def test_several_people_events_name_all_of_them(library):
    both = library.timeline(people=["Mnuchin", "Xi Jinping"]).events
    assert both and all({"Steven Mnuchin", "Xi Jinping"} <= set(e.entities) for e in both)
    assert library.timeline(person="Trump", people=["Trump"]) == library.timeline(person="Trump")
    with pytest.raises(UnknownEntity):
        library.timeline(people=["Trump", "Nobody Atall"])


def test_dossier_of_an_official(library):
    d = library.dossier("Kudlow")
    e = d.entity
    assert e.name == "Larry Kudlow" and d.side == "United States"
    assert [q.text for q in d.quotes] == [q.text for q in sorted(library.quotes("Kudlow"), key=_quote_order)]
    assert len(d.quotes) == 12 and {q.kind for q in d.quotes} == {"direct", "reported"}
    # Roles once each: spellings and shorter forms of one role fold into the first.
    assert [r.role for r in d.roles] == ["top White House economic adviser", "National Economic Council Director"]
    assert d.roles[0].articles == 2 and d.roles[0].title
    assert {a.id for a in d.articles} == set(e.articles) == {S000, S002, S003, S004}
    # People apart from places and organisations; a picture's credit is no companion.
    assert "Donald Trump" in {c.name for c in d.people}
    assert not {c.kind for c in d.people} - {"person"}
    assert {c.kind for c in d.places} == {"place"} and {c.kind for c in d.organisations} == {"org"}
    assert "Carols Barria" not in {c.name for c in d.people}
    assert d.per_month == (("2018-09", 1),)
    assert d.events == library.timeline(person="Kudlow").events


def _quote_order(q):
    return (q.date or date.max, q.article, q.where, q.start)


def test_dossier_record_and_unknown_name(library):
    rec = export.dossier_record(library.dossier("Larry Kudlow"))
    assert rec["name"] == "Larry Kudlow" and rec["side"] == "United States"
    assert rec["articles"][0]["id"] == S000  # the dated article first
    assert rec["quotes"][0]["date"] == "2018-09-13"
    assert {"people", "organisations", "places", "per_month", "events", "roles"} <= set(rec)
    with pytest.raises(UnknownEntity):
        library.dossier("Nobody Atall")


def test_together(library):
    t = library.together(["Kudlow", "Liu He"])
    shared = set(library.find_entity("Kudlow").articles) & set(library.find_entity("Liu He").articles)
    assert {a.id for a in t.articles} == shared == {S000, S003}
    assert t.days == ((date(2018, 9, 13), (S000,)),)
    assert t.quotes and {q.article for q in t.quotes} <= shared
    assert {q.speaker for q in t.quotes} <= {"Larry Kudlow", "Liu He"}
    assert all({"Larry Kudlow", "Liu He"} <= set(e.entities) for e in t.events)
    talks = library.together(["Kudlow", "Liu He"], query="talk")
    assert talks.quotes and len(talks.quotes) < len(t.quotes)
    assert all("talk" in q.text.lower() for q in talks.quotes)
    rec = export.together_record(library.together(["Trump", "Mnuchin", "Steven Mnuchin"]))
    assert [e["name"] for e in rec["entities"]] == ["Donald Trump", "Steven Mnuchin"]
    both = set(library.find_entity("Trump").articles) & set(library.find_entity("Mnuchin").articles)
    assert set(rec["articles"]) == both
    assert sorted(a for d in rec["days"] for a in d["articles"]) == sorted(
        a["id"] for a in rec["titles"] if a["date"] is not None
    )


def test_sides_credits_and_roles():
    lighthizer = Entity("p:1", "Robert Lighthizer", "person", roles=(Role("United States Trade Representative", "a"),))
    critic = Entity("p:2", "Navarro", "person", roles=(Role("toughest China critic", "a"),))
    assert side_of(lighthizer) == "United States" and side_of(critic) == ""
    assert side_code("United States") == "USA" and side_code("China") == "CHN" and side_code("") == ""
    credit = Entity("p:3", "Jane Roe", "person", roles=(Role("photographer", "a"),))
    assert is_credit(credit) and not is_credit(lighthizer)
    titles = {"a": ("A", date(2019, 1, 2)), "b": ("B", date(2018, 5, 1))}
    roles = (Role("White House economic advisor", "a"), Role("top White House economic adviser", "b"))
    (only,) = distinct_roles(roles, titles)
    assert only.role == "top White House economic adviser" and only.date == date(2018, 5, 1) and only.articles == 2


@given(st.lists(st.dates(date(1990, 1, 1), date(2030, 12, 31)), max_size=40))
def test_per_month_counts_every_article_and_every_month_between(days):
    months = per_month(days)
    assert sum(n for _, n in months) == len(days)
    if days:
        first, last = min(days), max(days)
        assert len(months) == (last.year - first.year) * 12 + last.month - first.month + 1
        assert [m for m, _ in months] == sorted(m for m, _ in months)


def test_a_name_query_leaves_out_articles_of_a_longer_name_holding_it():
    from search.clusters import LinkedCorpus
    from search.links import entity_match

    arafat = Entity("person:yasser-arafat", "Yasser Arafat", "person", ("Arafat",), articles=("a1", "a2"))
    # Linking reads "Yasser Arafat's Fatah" as a name of its own, the possessive dropped.
    fatah = Entity("person:fatah", "Yasser Arafat Fatah", "person", articles=("a2", "a3"))
    linked = LinkedCorpus(
        {e.id: e for e in (arafat, fatah)},
        {"yasser arafat": [arafat.id], "arafat": [arafat.id], "yasser arafat fatah": [fatah.id]},
        {arafat.id: ("Arafat", "Yasser Arafat"), fatah.id: ("Yasser Arafat Fatah",)},
        {
            ("person", "arafat"): {arafat.id},
            ("person", "yasser arafat"): {arafat.id},
            ("person", "yasser arafat fatah"): {fatah.id},
        },
    )
    match = entity_match(linked, "person", "Arafat")
    assert match is not None and match.names == ("Arafat", "Yasser Arafat")
    # a3 holds "Yasser Arafat" only inside the longer name; a2 names him as well.
    assert match.exclude == ("a3",)
    longer = entity_match(linked, "person", "Yasser Arafat Fatah")
    assert longer is not None and longer.exclude == ()


def test_sidebar_count_agrees_with_the_person_query(library):
    for e in library.entities():
        assert library.count(f'{e.kind}:"{e.name}"') == len(e.articles), e.name
