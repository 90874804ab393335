"""Choosing the entity backend, and the spaCy backend run on a blank pipeline with an entity ruler."""

from __future__ import annotations

import pytest

from search import ner
from search.ner import NerUnavailable, backend_id, make_extractor, requested, resolve

TEXT = (
    "Harbour Minister Tilde Okafor-Brandt said on Monday that Veltrano Freight would leave Marsholm. "
    "Okafor-Brandt told reporters the move was final."
)


@pytest.fixture
def no_model(monkeypatch):
    monkeypatch.setattr(ner, "installed_model", lambda: "")


@pytest.fixture
def ruler_nlp():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "Tilde Okafor-Brandt"},
            {"label": "ORG", "pattern": [{"LOWER": "veltrano"}, {"LOWER": "freight"}]},
            {"label": "GPE", "pattern": "Marsholm"},
        ]
    )
    return nlp


def test_the_argument_then_the_variable_then_the_config_file(monkeypatch, user_dirs):
    monkeypatch.delenv("TRADETUI_NER", raising=False)
    assert requested() == "auto"
    (user_dirs.config / "config.toml").parent.mkdir(parents=True, exist_ok=True)
    (user_dirs.config / "config.toml").write_text('ner = "spacy"\n', encoding="utf-8")
    assert requested() == "spacy"
    monkeypatch.setenv("TRADETUI_NER", "rules")
    assert requested() == "rules"
    assert requested("auto") == "auto"


def test_unknown_backend_and_bad_config_are_user_errors(monkeypatch, user_dirs):
    with pytest.raises(NerUnavailable, match="unknown entity backend 'crf'"):
        requested("crf")
    monkeypatch.delenv("TRADETUI_NER", raising=False)
    (user_dirs.config / "config.toml").parent.mkdir(parents=True, exist_ok=True)
    (user_dirs.config / "config.toml").write_text("ner = 3\n", encoding="utf-8")
    with pytest.raises(NerUnavailable, match="ner must be one of"):
        requested()


def test_auto_without_a_model_is_the_rules_and_spacy_without_one_says_so(no_model):
    assert resolve("auto") == ("rules", "")
    assert backend_id("auto") == "rules"
    with pytest.raises(NerUnavailable, match="nothing is downloaded"):
        resolve("spacy")
    assert type(make_extractor("auto")).__name__ == "EntityExtractor"


def test_model_spans_and_kinds_with_the_rules_roles_and_quotes(ruler_nlp):
    x = make_extractor("spacy", nlp=ruler_nlp).extract(TEXT)
    kinds = [(m.surface, m.kind) for m in x.mentions]
    assert kinds == [("Tilde Okafor-Brandt", "person"), ("Veltrano Freight", "org"), ("Marsholm", "place")]
    person = x.mentions[0]
    assert person.role == "Harbour Minister"
    assert {q.speaker for q in x.quotes} == {"Tilde Okafor-Brandt"}
    for m in x.mentions:
        assert TEXT[m.start : m.end] == m.surface


def test_auto_combines_the_models_mentions_with_the_rules_others(ruler_nlp):
    x = make_extractor("auto", nlp=ruler_nlp).extract(TEXT)
    people = [(m.surface, m.name) for m in x.mentions if m.kind == "person"]
    # The bare surname is the rules' find; linking within the article gives it the full name.
    assert people == [("Tilde Okafor-Brandt", "Tilde Okafor-Brandt"), ("Okafor-Brandt", "Tilde Okafor-Brandt")]


def test_the_backend_is_recorded_with_the_index_and_a_change_extracts_again(make_corpus, monkeypatch):
    from search import Library

    corpus = make_corpus({"a.txt": TEXT})
    monkeypatch.setattr(ner, "backend_id", lambda name=None: "rules")
    lib = Library(corpus)
    lib.open()
    lib.update()
    assert lib.store is not None and lib.store.get_meta("ner") == "rules"
    lib.close()
    monkeypatch.setattr(ner, "backend_id", lambda name=None: "auto:en-core-web-sm-3.8.0")
    again = Library(corpus)
    again.open()
    assert any("entity backend changed (rules -> auto:en-core-web-sm-3.8.0)" in m for m in again.messages)
    again.close()


def test_select_ner_sets_the_backend_for_the_workers(monkeypatch, no_model):
    import search

    monkeypatch.delenv("TRADETUI_NER", raising=False)
    assert search.select_ner("rules") == "rules"
    assert ner.os.environ["TRADETUI_NER"] == "rules"
    with pytest.raises(search.TradeTuiError, match="needs spaCy and an English pipeline"):
        search.select_ner("spacy")


def test_a_models_pronoun_or_contraction_is_no_mention():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": [{"LOWER": "i"}, {"LOWER": "'ve"}]},
            {"label": "PERSON", "pattern": "She"},
            {"label": "PERSON", "pattern": "Ondrej Valcik"},
        ]
    )
    text = "I've never seen the harbour so full, Ondrej Valcik said. She agreed."
    x = make_extractor("spacy", nlp=nlp).extract(text)
    assert [(m.surface, m.kind) for m in x.mentions] == [("Ondrej Valcik", "person")]
