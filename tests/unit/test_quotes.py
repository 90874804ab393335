"""Who said what: direct and reported quotes, their speakers, and the quote records of the Library."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from search.entities import EntityExtractor
from search.quotation_marks import quotations


@pytest.fixture(scope="module")
def extractor():
    return EntityExtractor()


def said(extractor, text):
    """(speaker, kind, text) of each quote, after checking its text is the article's characters."""
    e = extractor.extract(text)
    for q in e.quotes:
        assert text[q.start : q.end] == q.text and q.where == "body"
    return [(q.speaker, q.kind, q.text) for q in e.quotes]


def test_a_pronoun_speaker_is_the_nearest_earlier_person(extractor):
    text = "Captain Teodor Vrabie closed the port on Friday. “The swell is too high,” he said."
    assert said(extractor, text) == [("Teodor Vrabie", "direct", "The swell is too high,")]


def test_a_pronoun_skips_a_person_of_the_other_gender(extractor):
    text = (
        "Ms Odile Garnier chaired the meeting with Mr Anton Petrescu. She said the vote would be held after the recess."
    )
    assert said(extractor, text) == [("Odile Garnier", "reported", "the vote would be held after the recess")]


def test_a_pronoun_prefers_the_speaker_of_the_sentence_before(extractor):
    text = "Senator Mia Holt said adviser Dana Reyes had changed her speech. “I listened,” she said."
    assert said(extractor, text) == [
        ("Mia Holt", "reported", "adviser Dana Reyes had changed her speech"),
        ("Mia Holt", "direct", "I listened,"),
    ]


def test_a_description_speaker_is_the_earlier_person_with_that_role(extractor):
    text = (
        "Health Minister Sabine Kloster met nurses' leader Jonas Ruud in Bergen on Monday. "
        "The minister said the wards would get more staff."
    )
    assert said(extractor, text) == [("Sabine Kloster", "reported", "the wards would get more staff")]


def test_a_description_with_no_named_person_is_no_quote(extractor):
    assert said(extractor, "The spokesman said the plant would close. Prices rose.") == []


def test_the_speaker_is_the_subject_not_a_name_after_the_verb(extractor):
    text = "State auditor Wendell Okafor said Governor Lucia Marchand had approved the loan."
    assert said(extractor, text) == [("Wendell Okafor", "reported", "Governor Lucia Marchand had approved the loan")]


def test_the_one_told_is_not_the_speaker(extractor):
    text = "Senator Ilse Brenner told Treasurer Paulo Mendes on Friday that the bill was dead."
    assert said(extractor, text) == [("Ilse Brenner", "reported", "the bill was dead")]


@pytest.mark.parametrize(
    "audience",
    ["reporters", "the court", "ABC radio", "Channel Seven,", "the BBC's Newsnight program", "a news conference"],
)
def test_the_statement_after_told_starts_after_the_one_spoken_to(extractor, audience):
    text = f"Senator Ilse Brenner told {audience} the bill was dead."
    assert said(extractor, text) == [("Ilse Brenner", "reported", "the bill was dead")]


def test_an_inverted_speaker_after_the_quotation(extractor):
    text = "“We are not leaving,” said union organiser Marta Kowalczyk on Sunday."
    assert said(extractor, text) == [("Marta Kowalczyk", "direct", "We are not leaving,")]


@pytest.mark.parametrize("verb", ["alleged", "claimed", "warned", "predicted", "insisted"])
def test_more_speech_verbs(extractor, verb):
    text = f"Councillor Priya Natarajan {verb} that the contract had been rigged."
    assert said(extractor, text) == [("Priya Natarajan", "reported", "the contract had been rigged")]


@pytest.mark.parametrize("participle", ["alleging", "claiming", "warning"])
def test_a_participle_carries_the_subjects_statement(extractor, participle):
    text = f"Activist Rosa Lindgren, {participle} that the river was poisoned, asked for tests."
    assert said(extractor, text) == [("Rosa Lindgren", "reported", "the river was poisoned")]


def test_a_participle_without_a_clause_is_no_statement(extractor):
    text = "Chancellor Viktor Hale, urging calm, said the budget would balance."
    assert said(extractor, text) == [("Viktor Hale", "reported", "the budget would balance")]


def test_a_quotation_over_sentences_is_kept_whole(extractor):
    text = "Coach Ramon Estrada was blunt. “We lost. We deserved to lose. We go again,” Estrada said."
    assert said(extractor, text) == [("Ramon Estrada", "direct", "We lost. We deserved to lose. We go again,")]


def test_a_quotation_split_by_its_attribution_is_two_quotes(extractor):
    text = 'Judge Amara Osei spoke last. "The law is clear," she said, "and it binds us all."'
    assert said(extractor, text) == [
        ("Amara Osei", "direct", "The law is clear,"),
        ("Amara Osei", "direct", "and it binds us all."),
    ]


def test_a_quotation_after_a_speakers_quote_is_the_same_speakers(extractor):
    text = '"Rates stay where they are," bank governor Elena Moraes said. "We will look again in June."'
    assert said(extractor, text) == [
        ("Elena Moraes", "direct", "Rates stay where they are,"),
        ("Elena Moraes", "direct", "We will look again in June."),
    ]


def test_an_attribution_before_a_colon(extractor):
    text = "Mayor Hugo Lindqvist was asked about the bridge. He said: “It will open. I promise.”"
    assert said(extractor, text) == [("Hugo Lindqvist", "direct", "It will open. I promise.")]


@pytest.mark.parametrize("clause", ["said in a statement", "told reporters on Friday", "wrote on Twitter"])
def test_an_attribution_with_words_after_its_verb_before_a_colon(extractor, clause):
    text = f"Mayor Hugo Lindqvist {clause}: “The bridge will open.”"
    assert said(extractor, text) == [("Hugo Lindqvist", "direct", "The bridge will open.")]


def test_scare_quotes_inside_reported_speech_are_not_a_quote_of_their_own(extractor):
    text = 'Economist Farah Nadeem said the recovery was "fragile at best".'
    assert said(extractor, text) == [("Farah Nadeem", "reported", 'the recovery was "fragile at best"')]


def test_an_abbreviated_rank_does_not_end_the_sentence(extractor):
    text = "Det.-Sgt. Colm Brannigan said the van had been stolen in March. Supt. Aoife Keane agreed."
    assert said(extractor, text) == [("Colm Brannigan", "reported", "the van had been stolen in March")]


def test_the_statement_comes_before_the_clause(extractor):
    text = "Tomato prices could double by summer, trader Ines Carvalho said, unless the rain comes."
    assert said(extractor, text) == [("Ines Carvalho", "reported", "Tomato prices could double by summer")]


def test_according_to(extractor):
    text = "According to engineer Dmitri Volkov, the dam was never inspected."
    assert said(extractor, text) == [("Dmitri Volkov", "reported", "the dam was never inspected")]


def test_quotation_marks_pairs():
    text = 'He said “one” and ‘two’ and "three" but don’t split.'
    assert [text[s:e] for s, e in quotations(text)] == ["one", "two", "three"]
    run_on = "“First paragraph.\n\n“Second paragraph.”"
    assert [run_on[s:e] for s, e in quotations(run_on)] == ["First paragraph.", "Second paragraph."]
    one_line = '"First paragraph. "Second," she said. "Third."'  # paragraphs run together
    assert [one_line[s:e] for s, e in quotations(one_line)] == ["First paragraph.", "Second,", "Third."]


def test_that_as_the_statements_subject_is_kept(extractor):
    text = "Minister Warren Hale says that will mean farmers suffer."
    assert said(extractor, text) == [("Warren Hale", "reported", "that will mean farmers suffer")]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Mayor Ana Ruiz", "she", "he", "said", "told", "“", "”", '"', ",", ".", "the minister", "that",
             "Det.-Sgt.", "prices rose", "according to", "claiming", "\n", ":", "‘", "’", "Ruiz"]
        ),
        max_size=40,
    ).map(" ".join)
)  # fmt: skip
@example("Mayor Ana Ruiz , claiming")  # a participle ending the text
def test_any_text_gives_quotes_that_are_its_own_characters(text):
    for q in EntityExtractor().extract(text).quotes:
        assert text[q.start : q.end] == q.text
        assert q.kind in ("direct", "reported") and q.text.strip()


def test_library_quotes_are_records_of_linked_people(make_corpus, open_library):
    corpus = make_corpus(
        {
            "a.txt": "Port strike\n\nDockers' leader Nuno Ferraz said the strike would go on. "
            "“We are not afraid,” he said.\n",
            "b.txt": "Port talks\n\nPort director Greta Solheim said the talks had failed. Ferraz said nothing.\n",
        }
    )
    lib = open_library(corpus)
    quotes = lib.quotes()
    assert [(q.speaker, q.kind, q.text) for q in quotes] == [
        ("Nuno Ferraz", "reported", "the strike would go on"),
        ("Nuno Ferraz", "direct", "We are not afraid,"),
        ("Greta Solheim", "reported", "the talks had failed"),
    ]
    ferraz = lib.find_entity("Nuno Ferraz")
    assert lib.quotes(person="Ferraz") == [q for q in quotes if q.entity_id == ferraz.id]
    assert list(lib.entity("Nuno Ferraz").quotes) == lib.quotes(person=ferraz.id)
    record = quotes[1].record()
    assert list(record) == ["speaker", "entity_id", "article", "date", "kind", "text", "start", "end", "where"]
    assert record["entity_id"] == ferraz.id and record["kind"] == "direct"
    body = lib.article(record["article"]).body
    assert body[record["start"] : record["end"]] == record["text"]
