"""Entities from a spaCy pipeline, with the rules' roles, sides, quotes and aliases.

"spacy": the model gives the spans and kinds; each model span takes the role, side
and name the rules found on the same words; quotes are the rules' quotes whose
speaker is a person in the result. Combined ("auto"), the rules' people, places and
organisations come first (they are the more precise on news) and the model adds
the mentions they leave uncovered.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .entities import EntityExtractor
from .evidence import pronoun_or_contraction
from .in_article import link_within_article
from .mentions import ExtractedMention, Extraction
from .tokens import strip_possessive, title_name

# spaCy's labels and the kinds they stand for (NORP, nationalities, are sides, not mentions).
KINDS = {"PERSON": "person", "PER": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}


class SpacyExtractor(EntityExtractor):
    """Spans and kinds from a spaCy pipeline; roles, sides, quotes and aliases from the rules."""

    def __init__(self, nlp: Any, combine: bool = True) -> None:
        super().__init__()
        self.nlp = nlp
        self.combine = combine

    def extract(self, body: str, captions: tuple[str, ...] = ()) -> Extraction:
        rules = super().extract(body, captions)
        texts = {"body": body} | {f"caption:{i}": c for i, c in enumerate(captions)}
        model: list[ExtractedMention] = []
        for where, text in texts.items():
            model.extend(self._model_mentions(text, where, rules.mentions))
        mentions = merge(model, rules.mentions, keep_rules=self.combine)
        mentions = link_within_article(mentions)
        persons = {m.name for m in mentions if m.kind == "person"}
        quotes = tuple(q for q in rules.quotes if q.speaker in persons)
        return Extraction(tuple(mentions), quotes)

    def _model_mentions(self, text: str, where: str, rules: tuple[ExtractedMention, ...]) -> list[ExtractedMention]:
        out = []
        for ent in self.nlp(text).ents:
            kind = KINDS.get(ent.label_)
            if not kind:
                continue
            raw = text[ent.start_char : ent.end_char]
            start = ent.start_char + len(raw) - len(raw.lstrip())
            surface = strip_possessive(raw.strip())
            if not surface or pronoun_or_contraction(surface):
                continue  # a model's "I've" or "She" as a person
            end = start + len(surface)
            m = ExtractedMention(surface, title_name(surface), kind, start, end, where)
            out.append(_with_rule_details(m, rules))
        return out


def _with_rule_details(m: ExtractedMention, rules: tuple[ExtractedMention, ...]) -> ExtractedMention:
    """The model's span and kind, with the role, side, sentence and name the rules found for it."""
    for r in rules:
        if r.where == m.where and r.start < m.end and m.start < r.end:
            name = r.name if (r.start, r.end) == (m.start, m.end) and r.kind in (m.kind, "candidate") else m.name
            return replace(m, name=name, role=r.role if m.kind == "person" else "", side=r.side, sentence=r.sentence)
    return m


def merge(
    model: list[ExtractedMention], rules: tuple[ExtractedMention, ...], keep_rules: bool
) -> list[ExtractedMention]:
    """The model's mentions alone, or (combining) the rules' typed mentions first, then the
    model's mentions they leave uncovered, then the rules' candidates nothing covers."""
    if not keep_rules:
        out = list(model)
    else:
        typed = [r for r in rules if r.kind != "candidate"]
        out = typed + [m for m in model if not _overlaps(m, typed)]
        out += [r for r in rules if r.kind == "candidate" and not _overlaps(r, out)]
    out.sort(key=lambda m: (m.where != "body", m.where, m.start))
    return out


def _overlaps(m: ExtractedMention, others: list[ExtractedMention]) -> bool:
    return any(o.where == m.where and o.start < m.end and m.start < o.end for o in others)
