"""The name evidence rules, whole-article confirmation and the lexicon, on invented sentences."""

from __future__ import annotations

import pickle

import pytest

from search.entities import EntityExtractor
from search.lexicon import _cache_file, build, default_lexicon


@pytest.fixture(scope="module")
def ex():
    return EntityExtractor()


def spans(extraction, kind):
    return [(m.surface, m.name) for m in extraction.mentions if m.kind == kind]


def surfaces(extraction, kind):
    return [m.surface for m in extraction.mentions if m.kind == kind]


# -- the lexicon -------------------------------------------------------------------------


def test_lexicon_knows_names_places_words_and_legal_forms():
    lex = default_lexicon()
    assert lex.is_given("maria") and lex.is_surname("nakamura")
    assert lex.places["bulgaria"] == "Bulgaria" and "Bulgaria" in lex.countries
    assert lex.places.get("sao paulo") == lex.places.get("são paulo")
    assert lex.frequency("the") > 6 and lex.frequency("qzxv") == 0
    assert {"inc", "ltd", "ag"} <= lex.legal_suffixes


def test_lexicon_is_built_once_into_the_cache_folder(user_dirs):
    path = _cache_file()
    assert path.is_relative_to(user_dirs.cache)
    data = build(default_lexicon().names)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(data))
    from search.lexicon import _load_cached

    loaded = _load_cached(path)
    assert loaded is not None and loaded["places"] == data["places"]
    path.write_bytes(b"not a pickle")
    assert _load_cached(path) is None  # a damaged cache file is built again, never an error


def test_lexicon_knows_official_and_former_country_names(ex):
    lex = default_lexicon()
    assert "czech republic" in lex.places and "zaire" in lex.places
    x = ex.extract("Envoys from Zaire and the Czech Republic arrived.")
    assert surfaces(x, "place") == ["Zaire", "Czech Republic"]


def test_every_countrys_people_are_a_side(ex):
    assert default_lexicon().demonyms["belgian"] == "Belgium"
    assert default_lexicon().demonyms["indian"] == "India"  # shared words go to the bigger country
    x = ex.extract("Talks resumed on Monday, Estonian Foreign Minister Kaarel Tamm said.")
    (m,) = [m for m in x.mentions if m.kind == "person"]
    assert (m.name, m.role, m.side) == ("Kaarel Tamm", "Foreign Minister", "Estonia")


def test_lexicon_knows_english_spellings_and_short_names_of_places():
    places = default_lexicon().places
    assert places["aarhus"] == places["århus"]  # a letter English spells with two
    assert places["frankfurt"] == "Frankfurt am Main"  # the town's name without its river
    assert "bavaria" in places  # the English name of an ISO subdivision


@pytest.mark.parametrize(
    "text, place",
    [
        ("South Africa won the toss.", "South Africa"),
        ("3. Pieter Vosloo (South Africa) 2:04.11", "South Africa"),
        ("New Zealand said it would send troops.", "New Zealand"),
    ],
)
def test_a_known_place_of_several_words_keeps_its_first_word(ex, text, place):
    assert place in surfaces(ex.extract(text), "place")
    assert place.split()[-1] not in surfaces(ex.extract(text), "place")


def test_a_place_of_several_words_before_a_title_is_the_side_not_the_role(ex):
    x = ex.extract("Talks resumed, New Zealand Prime Minister Aroha Tanewa said.")
    (m,) = [m for m in x.mentions if m.kind == "person"]
    assert (m.name, m.role, m.side) == ("Aroha Tanewa", "Prime Minister", "New Zealand")


def test_a_month_abbreviation_opening_a_name_is_a_given_name(ex):
    x = ex.extract("Jan Wielgosz lost in the first round. Wielgosz said he was tired.")
    assert [m.name for m in x.mentions if m.kind == "person"][0] == "Jan Wielgosz"


@pytest.mark.parametrize(
    "text, org",
    [
        ("British Airways cancelled 40 flights.", "British Airways"),
        ("Passengers on Air France were delayed.", "Air France"),
        ("He flew with Turkish Airlines to Izmir.", "Turkish Airlines"),
    ],
)
def test_a_people_or_place_word_before_company_words_is_one_organisation(ex, text, org):
    x = ex.extract(text)
    assert org in surfaces(x, "org")
    assert not [s for s in surfaces(x, "place") if s in org]


# -- persons -------------------------------------------------------------------------------


def test_results_table_rows_are_people(ex):
    text = (
        "Results of the men's 1,500 metres:\n\n"
        "1. Dario Fenwick (Portugal) 3:34.10\n"
        "2. Oyelaran Adebayo (Nigeria) 3:34.52\n"
        "3. Halvard Toresen (Norway) 3:35.01\n"
    )
    x = ex.extract(text)
    assert surfaces(x, "person") == ["Dario Fenwick", "Oyelaran Adebayo", "Halvard Toresen"]
    assert surfaces(x, "place") == ["Portugal", "Nigeria", "Norway"]


def test_results_rows_with_a_country_of_several_words_or_a_code(ex):
    text = "Women's 800 metres\n1. Quenby Brassart (New Zealand) 1:58.20\n2. Taveth Orrell (GBR) 1:58.74\n"
    assert surfaces(ex.extract(text), "person") == ["Quenby Brassart", "Taveth Orrell"]


def test_a_possessive_name_after_a_speech_verb_is_not_its_speaker(ex):
    x = ex.extract("The receiver Tomas Okafor says Skyvale's new owners will decide. Okafor says more.")
    assert surfaces(x, "person") == ["Tomas Okafor", "Okafor"]
    assert [m.kind for m in x.mentions if m.name == "Skyvale"] == ["candidate"]


def test_a_speech_verb_beside_a_name_needs_nothing_but_adverbs_between(ex):
    x = ex.extract("Valdorian rebel groups denied the claim. Kessler earlier told reporters he had left.")
    assert surfaces(x, "person") == ["Kessler"]
    x = ex.extract("The United States Survey Vessel Marisol has docked in the harbour.")
    assert surfaces(x, "person") == []


def test_letters_after_a_full_name_are_no_part_of_it(ex):
    x = ex.extract("Counsel assisting Maren Oakhurst QC told the inquiry. Sir Edwin Talbot OBE was there.")
    assert [m.name for m in x.mentions if m.kind == "person"] == ["Maren Oakhurst", "Edwin Talbot"]


def test_the_object_of_a_speakers_phrase_is_not_the_speaker(ex):
    x = ex.extract("The Member for Kolbarra says the vote was fair. A spokesman for Velmont Biotics said so too.")
    assert surfaces(x, "person") == []


def test_a_plural_role_noun_before_names_is_no_part_of_them(ex):
    x = ex.extract("Businessmen Tomas Reyes and Ana Ortiz have called for calm.")
    assert surfaces(x, "person") == ["Tomas Reyes", "Ana Ortiz"]
    x = ex.extract("Traffic stopped on the Kings Highway near Kolbarra.")
    assert surfaces(x, "person") == [] and "Kings Highway" in surfaces(x, "place")


def test_an_abbreviation_in_brackets_is_no_results_row(ex):
    x = ex.extract("The crew docked at the Orbital Research Station (ORS) after the Polar Ice Survey (PIS) ended.")
    assert surfaces(x, "person") == []


def test_a_person_of_a_team_or_firm_is_parted_from_it(ex):
    x = ex.extract("Belgian Jens Verhoeven of Team Lotto Vlaanderen won. Maria Lindqvist of Norrvik Mining said.")
    assert surfaces(x, "person") == ["Jens Verhoeven", "Maria Lindqvist"]


def test_byline_and_sign_off(ex):
    text = "By Corinna Vasquez-Hale\n\nThe talks ended.\n\n-- Ruairi Tennant, Dublin newsroom"
    x = ex.extract(text)
    assert surfaces(x, "person") == ["Corinna Vasquez-Hale", "Ruairi Tennant"]
    assert "Dublin" in surfaces(x, "place")


def test_names_after_role_nouns(ex):
    x = ex.extract("The movement and its leader Gintaras Vaitkus met Paramount Chief Obiora Nnaji on Monday.")
    assert {"Gintaras Vaitkus", "Obiora Nnaji"} <= set(surfaces(x, "person"))


def test_a_weekday_glued_after_a_name_is_no_part_of_it(ex):
    x = ex.extract("Foreign Minister Amalia Restrepo Quintero Friday rejected the offer.")
    assert surfaces(x, "person") == ["Amalia Restrepo Quintero"]


def test_contractions_and_table_words_are_not_people(ex):
    x = ex.extract("I've never seen it.\n\nStandings (after 12 games):\n\nGoalscorers: 7 - Ilkka Marjamaki.")
    assert surfaces(x, "person") == ["Ilkka Marjamaki"]
    assert not [m for m in x.mentions if m.surface in ("I've", "Standings", "Goalscorers")]


def test_a_confirmed_surname_is_a_person_everywhere_in_the_article(ex):
    text = "DRESSAGE-VANTERPOOL WINS IN AACHEN\n\nAACHEN, June 2 - Ingeborg Vanterpool won. Vanterpool rode last."
    x = ex.extract(text)
    found = [(m.surface, m.name) for m in x.mentions if m.kind == "person"]
    assert found == [
        ("VANTERPOOL", "Ingeborg Vanterpool"),
        ("Ingeborg Vanterpool",) * 2,
        ("Vanterpool", "Ingeborg Vanterpool"),
    ]
    assert [m.start for m in x.mentions if m.surface == "VANTERPOOL"] == [text.index("VANTERPOOL")]


def test_a_town_that_is_a_confirmed_surname_is_the_person(ex):
    x = ex.extract("Opposition leader Peter Mwangi Karanja spoke. Karanja, 58, said he would appeal.")
    assert [m.name for m in x.mentions if m.kind == "person"] == ["Peter Mwangi Karanja"] * 2


def test_regnal_numbers_keep_one_person(ex):
    x = ex.extract("King Olav VII of Norway opened parliament. Olav, 70, read the speech.")
    assert [(m.surface, m.name) for m in x.mentions if m.kind == "person"] == [
        ("Olav VII", "Olav VII"),
        ("Olav", "Olav VII"),
    ]


def test_a_given_name_that_is_a_city_opens_a_persons_name(ex):
    x = ex.extract("Sofia Lindahl of Sweden finished second in Sofia.")
    assert surfaces(x, "person") == ["Sofia Lindahl"]
    assert surfaces(x, "place") == ["Sweden", "Sofia"]


# -- organisations ---------------------------------------------------------------------------


def test_organisations_by_their_last_word_and_legal_form(ex):
    x = ex.extract("Brennmoor Holdings AG and the Tarsk Savings Bank's board met the Corvell Research Council.")
    assert surfaces(x, "org") == ["Brennmoor Holdings AG", "Tarsk Savings Bank", "Corvell Research Council"]


def test_market_cues_make_organisations(ex):
    text = (
        "Shares of Quillon fell 3 percent. Quillon chief executive Mireille Baptiste said sales slowed, "
        "said Ottila Brandvold, an analyst at Harrowgate Barclay. Velmont rose 2.1 percent."
    )
    x = ex.extract(text)
    assert surfaces(x, "org") == ["Quillon", "Quillon", "Harrowgate Barclay", "Velmont"]
    assert surfaces(x, "person") == ["Mireille Baptiste", "Ottila Brandvold"]


def test_teams_in_standings_and_results(ex):
    text = (
        "Atletico Sombrerete 2 (Ruben Escalante 33, 71) Union Tlaxco 0\n\n"
        "Standings:\n\nAtletico Sombrerete 9 7 1 1 20 8 22\nUnion Tlaxco 9 5 2 2 14 9 17\n\n"
        "Escalante has scored in five games for Atletico Sombrerete."
    )
    x = ex.extract(text)
    assert surfaces(x, "org").count("Atletico Sombrerete") == 3
    assert surfaces(x, "org").count("Union Tlaxco") == 2
    assert [m.name for m in x.mentions if m.kind == "person"] == ["Ruben Escalante"] * 2


def test_a_place_owning_a_company_is_a_place_and_the_company_an_organisation(ex):
    x = ex.extract("Norway's Fjellvik Shipping ASA said profits fell, Chile's Health Ministry said.")
    assert surfaces(x, "place") == ["Norway", "Chile"]
    assert surfaces(x, "org") == ["Fjellvik Shipping ASA", "Health Ministry"]


def test_a_party_named_by_its_members_is_an_organisation(ex):
    x = ex.extract("The Social Democrats said they would vote against it.")
    assert surfaces(x, "org") == ["Social Democrats"] and not surfaces(x, "person")


def test_an_acronym_after_the_or_in_apposition_is_an_organisation(ex):
    x = ex.extract("The pilots' union, FPLV, said talks with the ICAO had failed.")
    assert surfaces(x, "org") == ["FPLV", "ICAO"]


def test_every_span_is_the_articles_own_text(ex):
    text = "MARKETS-KESTREL'S SHARES SLIP\n\nBy Ana Lucia Ferro\n\nKestrel Mining's Dorian Pell said it."
    x = ex.extract(text)
    assert x.mentions
    for m in x.mentions:
        assert text[m.start : m.end] == m.surface
