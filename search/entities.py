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
from .quote_records import link_speakers
from .quotes import find_quotes
from .tokens import ALL_CAPS, HEADLINE, Tok, caps_lines, fold_caps_lines, mark_caps, mostly_caps, title_name, tokenize

__all__ = ["EntityExtractor", "ExtractedMention", "ExtractedQuote", "Extraction", "NameSpan", "Tok", "tokenize"]

_SPEECH = SPEECH
_CREDIT = re.compile(
    r"\b(?:REUTERS|Reuters|AP|AFP|EPA|Getty Images|Getty|Bloomberg|Xinhua|AAP|[A-Z]{2,})"
    r"\s*/\s*([A-Z][A-Za-z'’\-]+(?: [A-Z][A-Za-z'’\-]+){1,3})"
)
_PHOTO_BY = re.compile(r"\b(?:Photo|Picture|Image)(?: by|:)\s+([A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+){1,3})")
# Each expression with the strings that any of its matches holds.
_CREDIT_CUES = ((_CREDIT, ("/",)), (_PHOTO_BY, ("Photo", "Picture", "Image")))


class EntityExtractor:
    """Extracts mentions and quotes from article text."""

    def __init__(self, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or default_lexicon()
        g = gazetteer or default_gazetteer()
        # The hand-kept sides first; every other country's people by their demonym ("Belgian").
        self.g = replace(g, sides={**self.lex.demonyms, **g.sides}) if self.lex.demonyms else g
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
        quotes = link_speakers(quotes, unlinked, mentions)
        return Extraction(tuple(mentions), tuple(quotes))

    # -- one text ------------------------------------------------------------------

    def _extract_text(
        self, text: str, where: str, caption: bool
    ) -> tuple[list[ExtractedMention], list[ExtractedQuote], list[Tok]]:
        out: list[ExtractedMention] = []
        credit_spans: list[tuple[int, int]] = []
        for rx, needed in _CREDIT_CUES:
            if not any(word in text for word in needed):
                continue  # a plain substring test is far cheaper than the expression's scan
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
            if credit_spans and any(s <= run[0].start < e for s, e in credit_spans):
                continue
            out.extend(self.reader.classify_run(run, toks, text, where, lower_words))
        quotes = self._quotes(toks, text, out, where)
        return out, quotes, toks

    def _quotes(self, toks: list[Tok], text: str, mentions: list[ExtractedMention], where: str) -> list[ExtractedQuote]:
        """Quotations and reported speech with their speakers (see search.quotes)."""
        return find_quotes(toks, text, mentions, where, self.g)
