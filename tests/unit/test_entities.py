"""Entity extraction on handwritten sentences, cross-article linking, overrides, and the seeds."""

from __future__ import annotations

import pytest

from search import TradeTuiError, UnknownEntity
from search.entities import EntityExtractor
from search.linking import MentionRow, Overrides, link
from tests.seeds import S000, S001, S002, S003, S004, SEED_IDS


@pytest.fixture(scope="module")
def extractor():
    return EntityExtractor()


def people(extraction):
    return [m for m in extraction.mentions if m.kind == "person"]


def person_names(extraction) -> set[str]:
    return {m.name for m in people(extraction)}


def one_person(extraction, name):
    found = [m for m in people(extraction) if m.name == name]
    assert found, f"{name!r} not found among {person_names(extraction)}"
    return found[0]


# -- the extractor ---------------------------------------------------------------------


def test_title_gives_role_and_side(extractor):
    text = "U.S. Treasury Secretary Jane Doe met bankers in Ohio on Monday."
    e = extractor.extract(text)
    doe = one_person(e, "Jane Doe")
    assert (doe.surface, doe.role, doe.side) == ("Jane Doe", "Treasury Secretary", "United States")
    assert text[doe.start : doe.end] == "Jane Doe"
    assert person_names(e) == {"Jane Doe"}
    places = {m.name for m in e.mentions if m.kind == "place"}
    assert "United States" in places


def test_nationality_sides_and_multiword_titles(extractor):
    e = extractor.extract(
        "British Prime Minister Edith Brandon said the deal was fair. Chinese Vice Premier Wang Qishan disagreed."
    )
    brandon = one_person(e, "Edith Brandon")
    assert (brandon.role, brandon.side) == ("Prime Minister", "United Kingdom")
    wang = one_person(e, "Wang Qishan")
    assert (wang.role, wang.side) == ("Vice Premier", "China")


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("Meanwhile Dana Whitfield said the talks would resume.", "Dana Whitfield", ""),
        ("Even Trade Minister Pita Sharples said the deal was close.", "Pita Sharples", "Trade Minister"),
        ("Striker Peter Brandt said the team played well.", "Peter Brandt", ""),
        ("Asked about the deal, Sharples said nothing.", "Sharples", ""),
        ("But Commerce Secretary Lena Novak raised doubts.", "Lena Novak", "Commerce Secretary"),
    ],
)
def test_sentence_initial_capitals_are_not_names_or_roles(extractor, text, name, role):
    e = extractor.extract(text)
    assert person_names(e) == {name}
    m = one_person(e, name)
    assert m.surface == name and text[m.start : m.end] == name
    assert m.role == role


def test_possessive_is_outside_the_span(extractor):
    text = "Officials praised Pence's speech. Mr Pence said little."
    e = extractor.extract(text)
    spans = [(m.start, m.end) for m in people(e)]
    assert spans == [(18, 23), (37, 42)]
    assert all(text[a:b] == "Pence" for a, b in spans)
    assert text[spans[0][1] : spans[0][1] + 2] == "'s"
    assert {m.name for m in people(e)} == {"Pence"}


def test_curly_possessive(extractor):
    text = "Lawmakers doubted Halvorsen’s plan. Halvorsen said it was sound."
    e = extractor.extract(text)
    assert [text[m.start : m.end] for m in people(e)] == ["Halvorsen", "Halvorsen"]


@pytest.mark.parametrize("text", ["Mr Smith arrived late.", "Ms Smith arrived late.", "Dr. Smith arrived late."])
def test_honorific_marks_a_person_without_being_a_role(extractor, text):
    e = extractor.extract(text)
    smith = one_person(e, "Smith")
    assert smith.surface == "Smith" and text[smith.start : smith.end] == "Smith"
    assert smith.role == ""


def test_all_caps_caption_credit(extractor):
    caption = "Protesters gather outside parliament. REUTERS/JOHN SMITH"
    e = extractor.extract("The minister spoke on Monday.", (caption,))
    smith = one_person(e, "John Smith")
    assert (smith.surface, smith.where, smith.role) == ("JOHN SMITH", "caption:0", "photographer")
    assert caption[smith.start : smith.end] == "JOHN SMITH"


def test_hyphenated_caps_credit_is_title_cased_per_part(extractor):
    caption = "Workers at the port. REUTERS/MARIA GARCIA-LOPEZ"
    e = extractor.extract("Body text.", (caption,))
    credit = one_person(e, "Maria Garcia-Lopez")
    assert caption[credit.start : credit.end] == "MARIA GARCIA-LOPEZ"


def test_mixed_case_credit_with_file_photo(extractor):
    caption = "FILE PHOTO: Ships wait at anchor. REUTERS/Ana Lucia Ortiz/File Photo"
    e = extractor.extract("Body text.", (caption,))
    credit = one_person(e, "Ana Lucia Ortiz")
    assert credit.role == "photographer" and caption[credit.start : credit.end] == "Ana Lucia Ortiz"


def test_middle_initials(extractor):
    text = "George W Bush visited Texas. Later George W. Bush spoke."
    e = extractor.extract(text)
    assert [(m.surface, m.name) for m in people(e)] == [
        ("George W Bush", "George W Bush"),
        ("George W. Bush", "George W Bush"),
    ]
    for m in people(e):
        assert text[m.start : m.end] == m.surface


@pytest.mark.parametrize("name", ["Ursula von der Leyen", "Oscar de la Renta", "Ludwig van Beethoven"])
def test_name_particles(extractor, name):
    text = f"{name} said the plan would work."
    e = extractor.extract(text)
    assert person_names(e) == {name}
    m = one_person(e, name)
    assert (m.start, m.end) == (0, len(name))


def test_particles_mid_sentence_and_bare_surname(extractor):
    text = "Chancellor Olaf Scholz and Ursula von der Leyen met in Berlin. Later Leyen said little."
    e = extractor.extract(text)
    assert person_names(e) == {"Olaf Scholz", "Ursula von der Leyen"}
    assert [m.name for m in people(e) if m.surface == "Leyen"] == ["Ursula von der Leyen"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Jean-Claude Juncker said the union would respond.", "Jean-Claude Juncker"),
        ("Seamus O'Brien told reporters the plan was dead.", "Seamus O'Brien"),
        ("Aoife Ní Bhriain said the vote was close.", "Aoife Ní Bhriain"),
    ],
)
def test_hyphen_apostrophe_and_accented_names(extractor, text, name):
    e = extractor.extract(text)
    assert person_names(e) == {name}
    m = one_person(e, name)
    assert text[m.start : m.end] == name


def test_surname_as_modifier_links_to_the_full_name(extractor):
    text = "Anna Kowalski won the vote. The Kowalski administration promised reform."
    e = extractor.extract(text)
    assert [(m.surface, m.name) for m in people(e)] == [
        ("Anna Kowalski", "Anna Kowalski"),
        ("Kowalski", "Anna Kowalski"),
    ]
    modifier = people(e)[1]
    assert text[modifier.start : modifier.end] == "Kowalski" and modifier.start == 32


def test_surname_standing_alone_makes_a_full_name_a_person(extractor):
    text = "Asked about the deal, Pita Sharples smiled. Sharples said nothing."
    e = extractor.extract(text)
    assert [(m.surface, m.name) for m in people(e)] == [
        ("Pita Sharples", "Pita Sharples"),
        ("Sharples", "Pita Sharples"),
    ]


FALSE_POSITIVES = (
    "The White House said Fox Business Network reported that the Vice Premier went to "
    "Capitol Hill before the Group of 20 summit. He later spoke at the Hudson Institute.\n\n"
    "Continue Reading Below\n\n"
    "Lawmakers on Capitol Hill objected, the White House said."
)


def test_false_positives_are_not_persons(extractor):
    e = extractor.extract(FALSE_POSITIVES)
    assert people(e) == []
    assert all(m.kind == "candidate" for m in e.mentions if "Reading" in m.surface)
    kinds = {(m.name, m.kind) for m in e.mentions}
    assert {
        ("White House", "org"),
        ("Fox Business Network", "org"),
        ("Group of 20", "org"),
        ("Hudson Institute", "org"),
        ("Capitol Hill", "place"),
    } <= kinds
    assert not any("Vice" in m.surface or "Premier" in m.surface for m in e.mentions)
    assert e.quotes == ()


def test_false_positives_never_become_person_entities(make_corpus, open_library):
    lib = open_library(make_corpus({"fp.txt": "Capital news\n\n" + FALSE_POSITIVES}))
    names = {e.name for e in lib.entities(kind="person")}
    assert names == set()
    for bad in ("White House", "Vice Premier", "Continue Reading Below", "Reading Below"):
        assert not lib.linked().resolve(bad, "person")


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("Finance Minister Aroha Tanewa said the budget would balance.", "Aroha Tanewa", "Finance Minister"),
        ("Fisheries Minister Aroha Tanewa said the quota would rise.", "Aroha Tanewa", "Fisheries Minister"),
        ("Bundesbank President Kai Lindemann warned of inflation.", "Kai Lindemann", "Bundesbank President"),
        ("The plan is sound, according to Deputy Governor Mele Tupou.", "Mele Tupou", "Deputy Governor"),
    ],
)
def test_officials_in_no_list(extractor, text, name, role):
    e = extractor.extract(text)
    assert person_names(e) == {name}
    m = one_person(e, name)
    assert m.role == role
    assert text[m.start : m.end] == name


def _quotes(e):
    return [(q.speaker, q.text) for q in e.quotes]


def test_quote_name_said(extractor):
    text = "Talks resumed on Monday. Carla Mendes said the deal was done. She added that it was fair."
    e = extractor.extract(text)
    assert _quotes(e) == [
        ("Carla Mendes", "the deal was done"),
        ("Carla Mendes", "it was fair"),
    ]
    for q in e.quotes:
        assert text[q.start : q.end] == q.text and q.where == "body"


def test_quote_said_name_with_appositive(extractor):
    text = '"The deal is done," said Carla Mendes, a senior negotiator.'
    e = extractor.extract(text)
    assert _quotes(e) == [("Carla Mendes", "The deal is done,")]
    assert e.quotes[0].kind == "direct"
    assert one_person(e, "Carla Mendes").role == "senior negotiator"


def test_quote_name_told_reuters(extractor):
    text = '"Talks went well," Carla Mendes told Reuters.'
    e = extractor.extract(text)
    assert _quotes(e) == [("Carla Mendes", "Talks went well,")]
    assert person_names(e) == {"Carla Mendes"}
    assert ("Reuters", "org") in {(m.name, m.kind) for m in e.mentions}


def test_quote_speaker_uses_the_full_name_of_the_article(extractor):
    text = "Edmund Tallis opened the session. Tallis added that taxes would not rise."
    e = extractor.extract(text)
    assert _quotes(e) == [("Edmund Tallis", "taxes would not rise")]


def test_possessive_is_not_a_speaker_and_no_speaker_no_quote(extractor):
    e = extractor.extract("Two aides said Halvorsen's plan was sound. Prices rose on Monday.")
    assert e.quotes == ()


ALL_SENTENCES = [
    "U.S. Treasury Secretary Jane Doe met bankers in Ohio on Monday.",
    "Officials praised Pence's speech. Mr Pence said little.",
    "George W Bush visited Texas. Later George W. Bush spoke.",
    "Ursula von der Leyen said Europe would respond, Jean-Claude Juncker added.",
    "“We will not pay,” said Finance Minister Aroha Tanewa.\n\nTanewa’s aides agreed.",
    "Mr Smith arrived late. REUTERS/JOHN SMITH",
    FALSE_POSITIVES,
]


@pytest.mark.parametrize("text", ALL_SENTENCES)
def test_every_span_is_exact(extractor, text):
    caption = "Ships at anchor in the bay. REUTERS/Ana Ortiz"
    e = extractor.extract(text, (caption,))
    assert e.mentions
    for m in e.mentions:
        source = text if m.where == "body" else caption
        assert source[m.start : m.end] == m.surface, m
    for q in e.quotes:
        source = text if q.where == "body" else caption
        assert source[q.start : q.end] == q.text


# -- linking over mention rows ------------------------------------------------------------


def row(article, surface, name=None, kind="person", start=0, role="", side=""):
    return MentionRow(article, surface, name or surface, kind, start, start + len(surface), "body", role, side)


def test_nicknames_titles_and_bare_surnames_link_across_articles():
    rows = [
        row("a1", "Robert Halvorsen", role="Finance Minister"),
        row("a2", "Bob Halvorsen"),
        row("a3", "Halvorsen", role="Minister"),  # "Minister Halvorsen"
        row("a4", "Halvorsen", kind="candidate"),  # no first name, no evidence of its own
        row("a5", "Karin Holm"),
    ]
    linked = link(rows)
    persons = {e.name: e for e in linked.entities.values() if e.kind == "person"}
    assert set(persons) == {"Robert Halvorsen", "Karin Holm"}
    h = persons["Robert Halvorsen"]
    assert h.articles == ("a1", "a2", "a3", "a4")
    assert h.mentions == 4
    assert set(h.aliases) == {"Bob Halvorsen", "Halvorsen"}
    for alias in ("halvorsen", "Bob Halvorsen", "ROBERT HALVORSEN"):
        assert linked.resolve(alias) == [h.id]


def test_linking_reads_a_row_source_and_tells_each_rows_entity():
    rows = [
        row("a1", "Robert Halvorsen", role="Finance Minister", side="Norwegian"),
        row("a2", "Halvorsen"),
        row("a2", "Oslo", kind="place", start=30),
        row("a3", "Unknown", kind="candidate"),  # a lone candidate is nobody
        row("a3", "Karin Holm"),
    ]
    calls = []

    def source():
        calls.append(1)
        return iter(rows)

    linked = link(source)
    assert len(calls) >= 2  # read more than once, kept nowhere
    assert [linked.entity_of_row(i) for i in range(len(rows))] == [
        "person:robert-halvorsen",
        "person:robert-halvorsen",
        "place:oslo",
        None,
        "person:karin-holm",
    ]
    assert linked.rows_of("person:robert-halvorsen") == [0, 1]
    assert linked.entity_of_row(99) is None and linked.rows_of("person:nobody") == []
    # Saved and loaded in its compact form, it is the same corpus.
    import pickle

    again = pickle.loads(pickle.dumps(linked, protocol=pickle.HIGHEST_PROTOCOL))
    assert again.entities == linked.entities
    assert again.entities["person:robert-halvorsen"].roles[0].side == "Norwegian"
    assert (again.by_alias, again.names_of, again.name_owners) == (linked.by_alias, linked.names_of, linked.name_owners)
    assert list(again.row_entity) == list(linked.row_entity) and again.entity_ids == linked.entity_ids


def test_same_surname_different_people_are_not_merged():
    rows = [
        row("c1", "Alice Brandt", role="Trade Minister"),
        row("c1", "Klaus Weber"),
        row("c2", "Peter Brandt"),
        row("c3", "Brandt"),  # nothing tells which Brandt
    ]
    linked = link(rows)
    persons = {e.name: e.articles for e in linked.entities.values() if e.kind == "person"}
    assert persons["Alice Brandt"] == ("c1",)
    assert persons["Peter Brandt"] == ("c2",)
    assert "c3" not in persons["Alice Brandt"] + persons["Peter Brandt"]


def test_shared_surname_resolved_by_the_company_it_keeps():
    rows = [
        row("c1", "Alice Brandt"),
        row("c1", "Klaus Weber"),
        row("c2", "Peter Brandt"),
        row("c2", "Sven Ek"),
        row("c3", "Klaus Weber"),
        row("c3", "Brandt"),
        row("c4", "Sven Ek"),
        row("c4", "Brandt"),
    ]
    persons = {e.name: e.articles for e in link(rows).entities.values()}
    assert persons["Alice Brandt"] == ("c1", "c3")
    assert persons["Peter Brandt"] == ("c2", "c4")


def test_a_full_name_in_a_new_article_relinks_a_bare_surname():
    before = [row("b1", "Okafor"), row("b1", "Lagos", kind="place")]
    linked = link(before)
    assert [e.name for e in linked.entities.values() if e.kind == "person"] == ["Okafor"]
    after = link([*before, row("b2", "Chidi Okafor", role="Port Minister")])
    persons = [e for e in after.entities.values() if e.kind == "person"]
    assert [(e.name, e.articles) for e in persons] == [("Chidi Okafor", ("b1", "b2"))]


def test_orgs_and_places_link_by_name():
    rows = [
        row("a", "Huawei", kind="org"),
        row("b", "Huawei Technologies", "Huawei", kind="org"),
        row("b", "Beijing", kind="place"),
    ]
    linked = link(rows)
    huawei = linked.entities[linked.resolve("Huawei Technologies")[0]]
    assert (huawei.kind, huawei.name, huawei.articles) == ("org", "Huawei", ("a", "b"))


def test_a_lone_word_the_corpus_names_mostly_as_a_company_joins_the_company():
    # "Skyjet maintenance workers" (org) in two articles, "Skyjet says" (a bare person) in one,
    # a candidate in another: one organisation. A bare name the corpus calls a company less
    # often than a person ("Marlowe"), or one holding a role, stays a person.
    rows = [
        row("a", "Skyjet", kind="org"),
        row("b", "Skyjet", kind="org"),
        row("c", "Skyjet"),
        row("d", "Skyjet", kind="candidate"),
        row("c", "Marlowe"),
        row("e", "Marlowe"),
        row("f", "Marlowe", kind="org"),
        row("g", "Tarrant", kind="org"),
        row("g", "Tarrant", role="Administrator"),
    ]
    linked = link(rows)
    by = {(e.kind, e.name): e.articles for e in linked.entities.values()}
    assert by[("org", "Skyjet")] == ("a", "b", "c", "d")
    assert ("person", "Skyjet") not in by
    assert by[("person", "Marlowe")] == ("c", "e") and by[("org", "Marlowe")] == ("f",)
    assert by[("person", "Tarrant")] == ("g",)


def test_overrides_on_rows():
    rows = [
        row("o1", "Jon Smythe"),
        row("o2", "Jonathan Smythe"),
        row("o3", "Alice Brandt"),
        row("o4", "Brandt"),
        row("o5", "Larry Quinlan"),
        row("o6", "Dana Whitfield"),
    ]
    o = Overrides(
        merge=[(["Jon Smythe", "Jonathan Smythe"], "Jonathan Smythe")],
        split=[("Alice Brandt", {"o4"}, "Otto Brandt")],
        rename={"Larry Quinlan": "Lawrence Quinlan"},
        roles={"Larry Quinlan": ["Budget Director"]},
        suppress={"dana whitfield"},
    )
    persons = {e.name: e for e in link(rows, o).entities.values()}
    assert set(persons) == {"Jonathan Smythe", "Alice Brandt", "Otto Brandt", "Lawrence Quinlan"}
    assert persons["Jonathan Smythe"].articles == ("o1", "o2")
    assert persons["Alice Brandt"].articles == ("o3",)
    assert persons["Otto Brandt"].articles == ("o4",)
    assert [r.role for r in persons["Lawrence Quinlan"].roles] == ["Budget Director"]
    assert "Larry Quinlan" in persons["Lawrence Quinlan"].aliases


# -- linking through the Library ------------------------------------------------------------


def test_one_person_within_an_article(make_corpus, open_library):
    lib = open_library(
        make_corpus(
            {
                "t1.txt": "Session opens\n\nEdmund Tallis opened the session on Monday. "
                "Tallis added that taxes would not rise. Mr Tallis then left the room.\n",
            }
        )
    )
    tallis = lib.find_entity("Tallis")
    assert tallis.name == "Edmund Tallis"
    assert tallis.articles == ("t1",) and tallis.mentions == 3
    assert [p.name for p in lib.entities(kind="person")] == ["Edmund Tallis"]
    detail = lib.entity("Edmund Tallis")
    body = lib.article("t1").body
    assert [body[m.start : m.end] for m in detail.mentions] == ["Edmund Tallis", "Tallis", "Tallis"]
    assert [q.text for q in detail.quotes] == ["taxes would not rise"]


HALVORSEN = {
    "a1.txt": "Budget talks resume\n\nFinance Minister Robert Halvorsen said on Monday that the "
    "budget would balance.\n",
    "a2.txt": "Fund is safe\n\nBob Halvorsen told reporters on Tuesday that the pension fund was safe.\n",
    "a3.txt": "Minister stays quiet\n\nMinister Halvorsen said nothing new about the budget.\n",
    "a4.txt": "Plan called sound\n\nHalvorsen said the plan was sound and the deficit would shrink.\n",
    "a5.txt": "Unrelated\n\nThe harbour was calm on Sunday and fishing boats stayed in port.\n",
}


def test_one_person_across_articles(make_corpus, open_library):
    lib = open_library(make_corpus(HALVORSEN))
    h = lib.find_entity("Bob Halvorsen")
    assert h.name == "Robert Halvorsen"
    assert h.articles == ("a1", "a2", "a3", "a4")
    assert {"Bob Halvorsen", "Halvorsen"} <= set(h.aliases)
    assert ("Finance Minister", "a1") in {(r.role, r.article) for r in h.roles}
    assert [e.name for e in lib.entities(kind="person")] == ["Robert Halvorsen"]
    assert {x.id for x in lib.search('person:"Robert Halvorsen"', limit=50).hits} == {"a1", "a2", "a3", "a4"}


def test_namesakes_through_the_library(make_corpus, open_library):
    lib = open_library(
        make_corpus(
            {
                "c1.txt": "Vote won\n\nTrade Minister Alice Brandt said the vote was a victory. "
                "Klaus Weber said he agreed.\n",
                "c2.txt": "Match won\n\nStriker Peter Brandt said the team played well.\n",
                "c3.txt": "Meeting\n\nKlaus Weber said he met Brandt in the capital on Friday.\n",
            }
        )
    )
    persons = {e.name: e.articles for e in lib.entities(kind="person")}
    assert persons["Alice Brandt"] == ("c1", "c3")
    assert persons["Peter Brandt"] == ("c2",)
    assert persons["Klaus Weber"] == ("c1", "c3")
    with pytest.raises(UnknownEntity):
        lib.find_entity("Striker Peter Brandt")


def test_new_article_revealing_the_full_name_relinks(make_corpus, open_library, monkeypatch):
    corpus = make_corpus({"b1.txt": "Port to reopen\n\nOkafor said the port would reopen next month.\n"})
    lib = open_library(corpus)
    assert lib.find_entity("Okafor").name == "Okafor"
    (corpus / "b2.txt").write_text(
        "Minister named\n\nPort Minister Chidi Okafor said cargo volumes rose.\n", encoding="utf-8"
    )
    extracted = []
    real = EntityExtractor.extract

    def counting(self, body, captions=()):
        extracted.append(body)
        return real(self, body, captions)

    monkeypatch.setattr(EntityExtractor, "extract", counting)
    report = lib.update()
    assert (report.added, report.unchanged) == (1, 1)
    assert len(extracted) == 1 and "Chidi Okafor" in extracted[0]  # b1 was not read again
    okafor = lib.find_entity("Okafor")
    assert okafor.name == "Chidi Okafor"
    assert okafor.articles == ("b1", "b2")
    assert [e.name for e in lib.entities(kind="person")] == ["Chidi Okafor"]


OVERRIDE_CORPUS = {
    "o1.txt": "Exports\n\nJon Smythe said exports rose in March.\n",
    "o2.txt": "Imports\n\nJonathan Smythe said imports fell in March.\n",
    "o3.txt": "Vote\n\nTrade Minister Alice Brandt said the vote was a victory.\n",
    "o4.txt": "Budget\n\nBrandt said the budget was fair.\n",
    "o5.txt": "Markets\n\nLarry Quinlan said the market was calm.\n",
    "o6.txt": "Plan\n\nDana Whitfield said the plan was sound.\n",
    "o7.txt": "Port\n\nOkafor said the port would reopen.\n",
}

OVERRIDES_TOML = """
suppress = ["Dana Whitfield"]
[[merge]]
names = ["Jon Smythe", "Jonathan Smythe"]
into = "Jonathan Smythe"
[[split]]
name = "Alice Brandt"
articles = ["o4"]
into = "Otto Brandt"
[rename]
"Larry Quinlan" = "Lawrence Quinlan"
[roles]
"Larry Quinlan" = ["Director, Budget Office"]
[people]
"Chidi Okafor" = ["Okafor"]
"""


def test_overrides_apply_at_the_next_run_without_reextraction(make_corpus, open_library, user_dirs, monkeypatch):
    corpus = make_corpus(OVERRIDE_CORPUS)
    index = corpus.parent / "override-index"
    lib = open_library(corpus, index)
    before = {e.name: e.articles for e in lib.entities(kind="person")}
    assert before == {
        "Jon Smythe": ("o1",),
        "Jonathan Smythe": ("o2",),
        "Alice Brandt": ("o3", "o4"),
        "Larry Quinlan": ("o5",),
        "Dana Whitfield": ("o6",),
        "Okafor": ("o7",),
    }
    lib.close()

    user_dirs.overrides.write_text(OVERRIDES_TOML, encoding="utf-8")

    def no_extraction(*args, **kwargs):
        raise AssertionError("overrides must not re-extract articles")

    monkeypatch.setattr(EntityExtractor, "extract", no_extraction)
    lib = open_library(corpus, index)
    after = {e.name: e for e in lib.entities(kind="person")}
    assert {n: e.articles for n, e in after.items()} == {
        "Jonathan Smythe": ("o1", "o2"),
        "Alice Brandt": ("o3",),
        "Otto Brandt": ("o4",),
        "Lawrence Quinlan": ("o5",),
        "Chidi Okafor": ("o7",),
    }
    assert ("Director, Budget Office", "") in {(r.role, r.article) for r in after["Lawrence Quinlan"].roles}
    assert lib.find_entity("Larry Quinlan").name == "Lawrence Quinlan"
    assert lib.find_entity("Jon Smythe").name == "Jonathan Smythe"
    with pytest.raises(UnknownEntity):
        lib.find_entity("Dana Whitfield")
    assert {h.id for h in lib.search("person:smythe").hits} == {"o1", "o2"}


def test_overrides_file_change_seen_by_an_open_library(make_corpus, open_library, user_dirs):
    lib = open_library(make_corpus(OVERRIDE_CORPUS))
    assert lib.find_entity("Whitfield").name == "Dana Whitfield"
    user_dirs.overrides.write_text('suppress = ["Dana Whitfield"]\n', encoding="utf-8")
    with pytest.raises(UnknownEntity):
        lib.find_entity("Whitfield")


def test_broken_overrides_file_is_a_user_error(make_corpus, open_library, user_dirs):
    lib = open_library(make_corpus(OVERRIDE_CORPUS))
    user_dirs.overrides.write_text("suppress = [unclosed\n", encoding="utf-8")
    with pytest.raises(TradeTuiError) as info:
        lib.entities()
    assert "overrides.toml" in str(info.value) and "\n" not in str(info.value)


# -- the seeds ---------------------------------------------------------------------------------

# Read off the seed texts: which articles name each official (in any form, including
# "the Trump administration", "Secretary Mnuchin", "aides such as Mnuchin and Ross").
SEED_OFFICIALS = {
    "Larry Kudlow": {S000, S002, S003, S004},
    "Steven Mnuchin": {S000, S001, S003, S004},
    "Robert Lighthizer": {S003, S004},
    "Liu He": {S000, S001, S003},
    "Xi Jinping": {S000, S002, S003},
    "Wilbur Ross": {S003, S004},
    "Donald Trump": set(SEED_IDS),
}


@pytest.mark.parametrize("name", sorted(SEED_OFFICIALS))
def test_seed_officials_link_to_exactly_their_articles(library, name):
    e = library.find_entity(name)
    assert e.name == name and e.kind == "person"
    assert set(e.articles) == SEED_OFFICIALS[name]
    assert len(library.linked().resolve(name, "person")) == 1


@pytest.mark.parametrize(
    "alias, name",
    [
        ("Kudlow", "Larry Kudlow"),
        ("Mnuchin", "Steven Mnuchin"),
        ("Steve Mnuchin", "Steven Mnuchin"),
        ("Lighthizer", "Robert Lighthizer"),
        ("Ross", "Wilbur Ross"),
        ("Trump", "Donald Trump"),
        ("xi jinping", "Xi Jinping"),
    ],
)
def test_seed_aliases(library, alias, name):
    assert library.find_entity(alias).name == name


def test_seed_roles_and_sides(library):
    def roles(name):
        return {r.role for r in library.find_entity(name).roles}

    assert "Treasury Secretary" in roles("Steven Mnuchin")
    assert roles("Wilbur Ross") == {"Commerce Secretary"}
    assert "Vice Premier" in roles("Liu He")
    # the country before the title is the side, as "Chinese" is in "Chinese Vice Premier"
    assert "Trade Representative" in roles("Robert Lighthizer")
    assert library.find_entity("Robert Lighthizer").side == "United States"
    assert "National Economic Council Director" in roles("Larry Kudlow")
    assert library.find_entity("Liu He").side == "China"
    assert library.find_entity("Xi Jinping").side == "China"
    assert library.find_entity("Steven Mnuchin").side == "United States"


def test_seed_false_positives_are_not_persons(library):
    persons = {e.name for e in library.entities(kind="person")}
    for bad in (
        "White House",
        "Fox Business Network",
        "Vice Premier",
        "Capitol Hill",
        "Group of 20",
        "Hudson Institute",
        "Continue Reading Below",
        "Moving",
        "Asked",
        "Mid-level",
        "Even Commerce Secretary",
        "Related Articles",
    ):
        assert bad not in persons
        assert not any(bad in p for p in persons)
    orgs = {e.name for e in library.entities(kind="org")}
    assert {"White House", "Fox Business Network", "Group of 20", "Hudson Institute", "Huawei"} <= orgs


def test_seed_other_people(library):
    persons = {e.name: set(e.articles) for e in library.entities(kind="person")}
    assert persons["Li Keqiang"] == {S004}
    assert persons["Pence"] == {S004}
    assert persons["Carols Barria"] == {S002}  # the caption's photographer
    assert persons["Damir Sagolj"] == {S001}


def test_seed_readme_override_example(library, user_dirs):
    user_dirs.overrides.write_text(
        'suppress = ["Woodward"]\n'
        '[[merge]]\nnames = ["Bob Lighthizer", "Robert Lighthizer"]\ninto = "Robert Lighthizer"\n'
        '[rename]\n"Larry Kudlow" = "Lawrence Kudlow"\n'
        '[roles]\n"Larry Kudlow" = ["Director, National Economic Council"]\n'
        '[people]\n"Peter Navarro" = ["Navarro"]\n',
        encoding="utf-8",
    )
    kudlow = library.find_entity("Kudlow")
    assert kudlow.name == "Lawrence Kudlow"
    assert set(kudlow.articles) == SEED_OFFICIALS["Larry Kudlow"]
    assert "Director, National Economic Council" in {r.role for r in kudlow.roles}
    assert library.find_entity("Larry Kudlow").id == kudlow.id
    assert library.find_entity("Navarro").name == "Peter Navarro"
    assert library.find_entity("Lighthizer").name == "Robert Lighthizer"
    assert "Woodward" not in {e.name for e in library.entities()}
    assert {h.id for h in library.search('person:"Lawrence Kudlow"').hits} == SEED_OFFICIALS["Larry Kudlow"]


def test_entity_detail_on_seeds(library):
    d = library.entity("Kudlow")
    assert d.entity.name == "Larry Kudlow"
    assert {m.article for m in d.mentions} == SEED_OFFICIALS["Larry Kudlow"]
    for m in d.mentions:
        art = library.article(m.article)
        source = art.body if m.where == "body" else art.captions[int(m.where.split(":")[1])]
        assert source[m.start : m.end] == m.surface
    assert any(m.where == "caption:0" and m.article == S002 for m in d.mentions)
    co = {name: n for _, name, n in d.cooccurring}
    assert co["Donald Trump"] == 4 and co["Steven Mnuchin"] == 3
    quotes = [q.text for q in d.quotes]
    assert "I guarantee nothing." in quotes  # "But he cautioned:": "he" is Kudlow
    direct = [q.text for q in d.quotes if q.kind == "direct"]
    assert not any(q.startswith(("“", '"')) or q.endswith(("”", '"')) for q in direct)
    assert 'a face-to-face meeting would make "good sense."' in quotes  # "In addition, Kudlow said ..."
    for q in d.quotes:
        assert library.article(q.article).body[q.start : q.end] == q.text


def test_a_cluster_keeps_few_articles_as_a_set_and_many_as_bits():
    from search.linking import _SET_LIMIT, _Cluster

    rare, common = _Cluster("person", 0), _Cluster("person", 1)
    r = row("a1", "Karin Holm")
    for n in (5, 70_000, 5):
        rare.add(r, "Karin Holm", n)
    assert type(rare.articles) is set and sorted(rare.article_numbers()) == [5, 70_000]
    numbers = list(range(0, 3 * (_SET_LIMIT + 10), 3))
    for n in numbers:
        common.add(r, "Karin Holm", n)
    assert type(common.articles) is bytearray and sorted(common.article_numbers()) == numbers
    common.absorb(rare)
    assert sorted(common.article_numbers()) == sorted({*numbers, 5, 70_000})
    common.drop_articles([0, 5, 70_000])
    rare.drop_articles([5])
    assert sorted(common.article_numbers()) == numbers[1:] and list(rare.article_numbers()) == [70_000]


def kinds(extraction) -> list[tuple[str, str]]:
    return [(m.surface, m.kind) for m in extraction.mentions]


@pytest.mark.parametrize(
    "text, name",
    [
        ("The airline Norjet cut its winter timetable on Monday.", "Norjet"),
        ("Shoppers deserted rival retailer Kellaby after the price rise.", "Kellaby"),
        ("Skybridge flights to the north were cancelled because of fog.", "Skybridge"),
        ("About 300 Tarnavia staff walked off the job in a pay dispute.", "Tarnavia"),
    ],
)
def test_a_company_named_alone_by_its_trade_or_what_it_has(extractor, text, name):
    assert (name, "org") in kinds(extractor.extract(text))


def test_a_company_confirmed_once_is_no_person_where_it_speaks(extractor):
    text = (
        "Norjet said it would return two leased jets by March. "
        "Union officials met Norjet management, and Norjet told them no jobs would go."
    )
    found = kinds(extractor.extract(text))
    assert ("Norjet", "person") not in found
    assert found.count(("Norjet", "org")) == 3


def test_a_name_or_a_common_word_before_company_nouns_stays_as_it_was(extractor):
    found = kinds(extractor.extract("Officials said Christmas flights were full. Pilar Okonjo staff met on Friday."))
    assert ("Christmas", "org") not in found
    assert ("Pilar Okonjo", "person") in found


@pytest.mark.parametrize(
    "text",
    [
        "Bombers struck the caves of Rosa Kelba before dawn on Sunday.",
        "Militia fighters regrouped in the Rosa Kelba region overnight.",
        "Troops searched the vicinity of Rosa Kelba for a second day.",
    ],
)
def test_a_place_by_the_nouns_only_places_have_though_it_looks_like_a_name(extractor, text):
    found = kinds(extractor.extract(text))
    assert ("Rosa Kelba", "place") in found
    assert ("Rosa Kelba", "person") not in found


def test_a_place_confirmed_once_is_a_place_in_every_sentence(extractor):
    text = "Aircraft circled Rosa Kelba all morning. Later the Rosa Kelba caves fell silent."
    assert kinds(extractor.extract(text)) == [("Rosa Kelba", "place"), ("Rosa Kelba", "place")]


def test_place_nouns_do_not_outweigh_a_title_or_a_speech_verb(extractor):
    text = "Governor Rosa Kelba region chiefs met. The area of Tomas Lindqvist said nothing."
    x = extractor.extract(text)
    assert one_person(x, "Rosa Kelba").role == "Governor"
    assert ("Tomas Lindqvist", "person") in kinds(x)


@pytest.mark.parametrize("word", ["I've", "I’ll", "We'd", "They're"])
def test_contractions_are_no_names(extractor, word):
    x = extractor.extract(f'"{word} waited long enough," Danuta Rybak said. {word} Done It was a film.')
    assert {m.name for m in x.mentions if m.kind in ("person", "candidate")} == {"Danuta Rybak"}
