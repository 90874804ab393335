"""Finding people, organisations and places in English news text, with roles and quotes.

Rule-based and model-free: capitalised runs are split into roles (titles,
nationalities, known organisations and places) and a name (search.names), and a
name is judged a person, an organisation or a candidate by named evidence rules
(search.evidence): a title or honorific before it, a given name, a speech verb
beside it, an appositive role, a results-table layout, a byline. Then evidence
over the whole article (search.in_article) applies what one sentence confirms to
every other. Single capitalised words with no evidence are kept as "candidate"
mentions that cross-article linking may later confirm.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .evidence import SPEECH, NameSpan
from .gazetteer import Gazetteer, default_gazetteer
from .in_article import link_within_article, spread_names
from .lexicon import Lexicon, default_lexicon
from .mentions import ExtractedMention, ExtractedQuote, Extraction
from .names import Reader
from .tokens import ALL_CAPS, HEADLINE, Tok, caps_lines, fold_caps_lines, mark_caps, mostly_caps, title_name, tokenize

__all__ = ["EntityExtractor", "ExtractedMention", "ExtractedQuote", "Extraction", "NameSpan", "Tok", "tokenize"]

_SPEECH = SPEECH
_CREDIT = re.compile(
    r"\b(?:REUTERS|Reuters|AP|AFP|EPA|Getty Images|Getty|Bloomberg|Xinhua|AAP|[A-Z]{2,})"
    r"\s*/\s*([A-Z][A-Za-z'’\-]+(?: [A-Z][A-Za-z'’\-]+){1,3})"
)
_PHOTO_BY = re.compile(r"\b(?:Photo|Picture|Image)(?: by|:)\s+([A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+){1,3})")
_PRONOUN_SPEAKER = frozenset({"he", "she"})


class EntityExtractor:
    """Extracts mentions and quotes from article text."""

    def __init__(self, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None) -> None:
        self.g = gazetteer or default_gazetteer()
        self.lex = lexicon or default_lexicon()
        self.reader = Reader(self.g, self.lex)

    # -- public --------------------------------------------------------------------

    def extract(self, body: str, captions: tuple[str, ...] = ()) -> Extraction:
        """Mentions and quotes of an article's body and captions."""
        mentions: list[ExtractedMention] = []
        quotes: list[ExtractedQuote] = []
        texts = {"body": body} | {f"caption:{i}": c for i, c in enumerate(captions)}
        toks_of: dict[str, list[Tok]] = {}
        for where, text in texts.items():
            m, q, toks = self._extract_text(text, where, caption=where != "body")
            mentions.extend(m)
            quotes.extend(q)
            toks_of[where] = toks
        mentions = spread_names(mentions, toks_of, texts, self.reader.judge)
        unlinked = mentions
        mentions = link_within_article(mentions)
        linked_names = {}
        for before, after in zip(unlinked, mentions, strict=True):
            if after.kind == "person":
                linked_names[before.name] = after.name
        quotes = [
            replace(q, speaker=linked_names.get(q.speaker, q.speaker)) for q in quotes if q.speaker in linked_names
        ]
        return Extraction(tuple(mentions), tuple(quotes))

    # -- one text ------------------------------------------------------------------

    def _extract_text(
        self, text: str, where: str, caption: bool
    ) -> tuple[list[ExtractedMention], list[ExtractedQuote], list[Tok]]:
        out: list[ExtractedMention] = []
        credit_spans: list[tuple[int, int]] = []
        for rx in (_CREDIT, _PHOTO_BY):
            for m in rx.finditer(text):
                surface = m.group(1)
                if surface.lower().startswith("file photo"):
                    continue
                name = title_name(surface)
                out.append(ExtractedMention(surface, name, "person", m.start(1), m.end(1), where, role="photographer"))
                credit_spans.append((m.start(), m.end()))
        # A text all in capitals (a caption) is read title-cased; a headline line in capitals
        # inside a mixed-case body is read title-cased with only names joining its runs.
        whole = caption or mostly_caps(text)
        spans = [(0, len(text))] if whole else caps_lines(text)
        lower_words: set[str] = set()
        toks = tokenize(fold_caps_lines(text, spans), lower_words)
        mark_caps(toks, spans, HEADLINE if not whole else ALL_CAPS)
        for run in self.reader.runs(toks):
            if any(s <= run[0].start < e for s, e in credit_spans):
                continue
            out.extend(self.reader.classify_run(run, toks, text, where, lower_words))
        quotes = self._quotes(toks, text, out, where)
        return out, quotes, toks

    def _quotes(self, toks: list[Tok], text: str, mentions: list[ExtractedMention], where: str) -> list[ExtractedQuote]:
        """Sentences whose speaker is a named person ("Kudlow said", "said Kudlow", "he said")."""
        people = [m for m in mentions if m.kind in ("person", "candidate") and m.where == where]
        by_sentence: dict[int, list[Tok]] = {}
        for t in toks:
            by_sentence.setdefault(t.sentence, []).append(t)
        quotes: list[ExtractedQuote] = []
        last_speaker = ""
        for sent, stoks in by_sentence.items():
            verbs = [i for i, t in enumerate(stoks) if t.low in _SPEECH]
            acc = [i for i in range(len(stoks) - 1) if stoks[i].low == "according" and stoks[i + 1].low == "to"]
            if not verbs and not acc:
                continue
            in_sent = [m for m in people if m.sentence == sent]
            speaker = ""
            for a in acc:
                after = [m for m in in_sent if m.start > stoks[a + 1].start]
                if after:
                    first = min(after, key=lambda m: m.start)
                    between = [t for t in stoks if stoks[a + 1].end <= t.start < first.start and t.is_word]
                    if len(between) <= 6 and all(
                        t.is_cap or t.low in self.g.titles or t.low in self.g.role_nouns for t in between
                    ):
                        speaker = first.name
            for vi in verbs:
                if speaker:
                    break
                vpos = stoks[vi].start
                best = None
                for m in in_sent:
                    if text[m.end : m.end + 1] in "'’":
                        continue  # "said Mnuchin's invitation": a possessive is not the speaker
                    gap_tokens = (
                        [t for t in stoks if m.end <= t.start < vpos]
                        if m.end <= vpos
                        else [t for t in stoks if vpos < t.start < m.start]
                    )
                    words_between = [t for t in gap_tokens if t.is_word]
                    if m.end <= vpos and _subject_gap(gap_tokens, self.g):
                        dist = vpos - m.end
                    elif (
                        m.start > vpos
                        and all(t.is_cap or t.low in self.g.titles or t.low in self.g.role_nouns for t in words_between)
                        and len(words_between) <= 6
                    ):
                        dist = m.start - vpos
                    else:
                        continue
                    if best is None or dist < best[0]:
                        best = (dist, m)
                if best:
                    speaker = best[1].name
                    break
                if vi > 0 and stoks[vi - 1].low in _PRONOUN_SPEAKER and last_speaker:
                    speaker = last_speaker
                    break
            if speaker:
                s, e = stoks[0].start, stoks[-1].end
                quotes.append(ExtractedQuote(speaker, text[s:e], s, e, where))
                last_speaker = speaker
            elif in_sent:
                last_speaker = in_sent[-1].name if len({m.name for m in in_sent}) == 1 else ""
        return quotes


_GAP_WORDS = frozenset(
    "also earlier later then has had have on last this week recently again previously "
    "repeatedly publicly privately once further yesterday today tonight has have had "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


def _subject_gap(gap: list[Tok], g: Gazetteer) -> bool:
    """Whether the tokens between a name and a speech verb keep the name as the subject."""
    if not gap:
        return True
    if any(t.text in '“"' for t in gap):
        return False
    if gap[0].text == "," and gap[-1].text == ",":
        return sum(t.is_word for t in gap) <= 15  # "Kudlow, who heads the council, told"
    return all(t.low in _GAP_WORDS for t in gap if t.is_word) and sum(t.is_word for t in gap) <= 4


def _speech_beside(before: list[Tok], after: list[Tok]) -> bool:
    # "Kudlow said", "Kudlow earlier told", "said Kudlow", "Kudlow, ..., said"
    for t in after[:3]:
        if t.low in _SPEECH:
            return True
        if not t.is_word:
            break
    return bool(before) and before[-1].low in _SPEECH
