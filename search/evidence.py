"""The evidence that makes a capitalised name a person, an organisation or nothing.

Each rule is a named predicate over a NameSpan (the name's tokens, the title
words before it, and the whole text's tokens); PERSON_RULES and ORG_RULES are
tried in order and the first that holds decides. The rules for organisations and
places live in search.org_place_rules. The guards (REJECTIONS) run
first and keep places, peoples, acronyms and contractions out of the names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .gazetteer import Gazetteer
from .lexicon import COMMON_ZIPF, Lexicon
from .mentions import ExtractedMention
from .org_place_rules import (
    COMPANY_CONTEXT,
    ORG_RULES,
    PLACE_RULES,
    STRONG_ORG_RULES,
    Rule,
    acronym,
    org_acronym,
    team_row,
)
from .roles import ALWAYS_COMMON, appositive_role, role_before
from .tokens import Tok, is_possessive, strip_possessive

# Words that only ever end a place's name (unlike Hill, Street or Park, which are surnames).
_PLACE_ONLY = frozenset(
    "highway island islands springs river bay lake mountains valley desert beach strait sea "
    "ocean creek reef peninsula gulf airport harbour harbor district province county".split()
)
SPEECH = frozenset(
    "said says say told tells added adds stated states warned warns argued argues explained "
    "noted notes insisted insists announced announces wrote writes replied cautioned declared "
    "predicted claimed claims urged urges conceded admitted acknowledged confirmed confirms "
    "denied denies asserted remarked commented testified tweeted alleged alleges".split()
)
# Words of the gazetteer's organisation list that end the name of a document or an event, not
# of an organisation ("National Defense Strategy", "World Cup"): no person, and no organisation.
NOT_ORG_ENDINGS = frozenset(
    "strategy plan program programme initiative treaty agreement accord act summit conference cup "
    "championship championships games olympics".split()
)
_CELTIC_SURNAME = re.compile(r"^(?:Mc|Mac|O['’])[A-Z][a-z]+$")
_ROMAN = re.compile(r"^(?:I{1,3}|IV|V|VI{1,3}|IX|X|XI{1,3}|XIV|XV|XVI{1,3})$")
_CONTRACTION = re.compile(r"['’](?:ve|ll|m|re|d|t)$", re.IGNORECASE)
_PRONOUNS = frozenset("i me we us you he him she her it they them".split())
# Given names and surnames this frequent as words ("Will", "Friday", "Bank") are no evidence.
_NAME_ZIPF = 4.2
_SURNAME_ZIPF = 3.6
# How many words each word-class cache of a judge keeps.
_WORD_CACHE = 1 << 16
# In a text all in capitals, a word this frequent (and no name, title or keyword) ends a run.
_CAPS_TEXT_ZIPF = 5.0


class NameSpan:
    """A name candidate with what surrounds it (a plain class with slots: one is made for
    every name candidate)."""

    __slots__ = (
        "toks", "role_toks", "side", "text_toks", "text", "where", "words", "lows", "first", "last", "_before", "_after"
    )  # fmt: skip

    def __init__(
        self, toks: list[Tok], role_toks: list[Tok], side: str, text_toks: list[Tok], text: str, where: str
    ) -> None:
        self.toks = toks  # the name's own tokens
        self.role_toks = role_toks  # the title words just before it in the same run
        self.side = side
        self.text_toks = text_toks
        self.text = text
        self.where = where
        self.words = [strip_possessive(t.text) for t in toks]
        self.lows = [w.lower() for w in self.words]
        self.first = first = toks[0].index  # index of the name's first token in text_toks
        self.last = last = toks[-1].index  # and of its last
        # up to 4 tokens before, 6 after (read often)
        self._before = text_toks[max(0, first - 4) : first]
        self._after = text_toks[last + 1 : last + 7]

    def before(self, n: int = 1) -> list[Tok]:
        return self._before[-n:] if n <= 4 else self.text_toks[max(0, self.first - n) : self.first]

    def after(self, n: int = 1) -> list[Tok]:
        return self._after[:n] if n <= 6 else self.text_toks[self.last + 1 : self.last + 1 + n]

    def line_start(self) -> bool:
        """Whether the name opens its line (after any list number or dashes)."""
        j = self.first - 1
        here = self.toks[0].start
        toks, text = self.text_toks, self.text
        while j >= 0 and not toks[j].is_word and text.find("\n", toks[j].end, here) < 0:
            j -= 1
        return j < 0 or text.find("\n", toks[j].end, here) >= 0


class Judge:
    """The evidence rules, with the gazetteer and lexicon they read."""

    def __init__(self, g: Gazetteer, lex: Lexicon) -> None:
        self.g = g
        self.lex = lex
        # The word classes are pure functions of one lowercase word, asked about the same
        # words in every article: each is kept per word (bounded, per judge).
        self.given: Callable[[str], bool] = lru_cache(maxsize=_WORD_CACHE)(self._given)
        self.surname: Callable[[str], bool] = lru_cache(maxsize=_WORD_CACHE)(self._surname)
        self.common: Callable[[str], bool] = lru_cache(maxsize=_WORD_CACHE)(self._common)
        self.org_word: Callable[[str], bool] = lru_cache(maxsize=_WORD_CACHE)(self._org_word)
        self.headline_word: Callable[..., bool] = lru_cache(maxsize=_WORD_CACHE)(self._headline_word)

    # -- word classes ------------------------------------------------------------------

    def _given(self, low: str) -> bool:
        """A given name: listed by hand, or a top given name that is no frequent word."""
        return low in self.g.given_names or (self.lex.is_given(low) and self.lex.frequency(low) < _NAME_ZIPF)

    def _surname(self, low: str) -> bool:
        return low in self.g.surnames_first or (self.lex.is_surname(low) and self.lex.frequency(low) < _SURNAME_ZIPF)

    def _common(self, low: str) -> bool:
        """An ordinary English word (and not a name first)."""
        return self.lex.frequency(low) >= COMMON_ZIPF and not self.given(low)

    def _headline_word(self, low: str, strict: bool = True) -> bool:
        """A word written in capitals that is no part of a name ("SAYS", "GOLD", "SWIMMING-").
        On a headline line (strict) only names, places, nationalities, titles and known
        organisations join a run; in a text all in capitals, every word but a frequent one."""
        if "-" in low:
            return self.headline_word(low.split("-")[0], strict)
        low = strip_possessive(low)
        if low in self.g.sides or low in self.lex.places or low in self.g.known or low in self.g.honorifics:
            return False
        if low in self.g.role_nouns and low not in ALWAYS_COMMON:
            return False  # "PRESIDENT", "MINISTER": a title opening a name
        if self.lex.is_given(low) or self.lex.is_surname(low):
            return strict and self.lex.frequency(low) >= COMMON_ZIPF
        if strict or low in ALWAYS_COMMON:
            return True
        keyword = low in self.g.org_keywords or low in self.g.place_keywords or low in self.g.titles
        return not keyword and self.lex.frequency(low) >= _CAPS_TEXT_ZIPF

    def opening_word(self, run: list[Tok]) -> bool:
        """A sentence's first word that is capitalised only by its position ("Rival", "Asked")."""
        low = run[0].low
        g = self.g
        if low in g.titles or low in g.sides or low in g.known or low in self.lex.places:
            return False
        return self.common(low) and not self.surname(low)

    def place_stands(self, run: list[Tok], i: int, n: int, canonical: str) -> bool:
        """Whether a place-lexicon match is the place and not part of a person's name."""
        if n > 1:
            return True
        low = strip_possessive(run[i].low)
        nxt = run[i + 1] if i + 1 < len(run) else None
        if nxt is not None and self.given(low) and nxt.low not in self.g.titles and nxt.low not in self.lex.places:
            return False  # "Sofia Castellanos", "Jordan Henderson"
        if nxt is not None and canonical not in self.lex.countries and self.surname(strip_possessive(nxt.low)):
            return False  # "Pita Sharples"
        prev = run[i - 1] if i > 0 else None
        if prev is not None and (self.given(prev.low) or prev.low in self.g.honorifics) and self.surname(low):
            return False  # "Harriet Hamilton"
        if prev is not None and canonical not in self.lex.countries and self._name_word(prev.low):
            return False  # "Wang Qishan": a town's name as the last part of a person's
        return not (self.lex.frequency(low) >= 5.0 and canonical not in self.lex.countries)

    def org_context(self, span: NameSpan) -> bool:
        """Whether a word stands where a company does ("shares of X", "X chief executive")."""
        return _holds(COMPANY_CONTEXT, self, span)

    def _name_word(self, low: str) -> bool:
        g = self.g
        return not (low in g.titles or low in g.sides or low in g.known or low in self.lex.places or self.common(low))

    # -- organisations as whole runs ----------------------------------------------------

    def _org_word(self, low: str) -> bool:
        """A word that ends an organisation's name: "Bank", "Council", "Inc", "AG"."""
        low = strip_possessive(low)
        return (low in self.g.org_keywords and low not in NOT_ORG_ENDINGS) or low in self.lex.legal_suffixes

    def team_run(self, run: list[Tok], toks: list[Tok], text: str) -> bool:
        """A whole run in a standings row or a result line is a team (see team_row)."""
        if run[0].low in ALWAYS_COMMON or run[-1].low in ALWAYS_COMMON:
            return False  # "June 3 (Reuters)": a date
        return team_row(self, NameSpan(run, [], "", toks, text, ""))

    def org_run(self, run: list[Tok], toks: list[Tok]) -> list[Tok] | None:
        """A run that ends in an organisation word or a legal form is one organisation:
        "Dnipro Credit Bank's", "Swedish Research Council", "Norwell Foods Inc"."""
        if len(run) < 2:
            return None
        last = strip_possessive(run[-1].low)
        g = self.g
        if not self.org_word(last):
            return None
        inner = run[:-1]
        if inner[0].low in g.honorifics or any(t.low in g.role_nouns for t in inner):
            return None
        side_first = inner[0].low in g.sides and last not in g.org_after_side
        if len(run) == 2 and (side_first or self.given(inner[0].low) and last in ("post", "times")):
            return None  # "Chinese Government" (a side and a word)
        if len(run) == 2 and inner[0].low in g.known:
            return None  # "Labor Party" of a known party stays as the gazetteer has it
        return run

    # -- one name ----------------------------------------------------------------------

    def name(self, span: NameSpan) -> list[ExtractedMention]:
        """The mention a name candidate makes (person, org, place or candidate), if any."""
        if not span.toks:
            return []
        kind = self._kind_by_word(span)
        if kind:
            return [self._mention(span, kind)]
        if _holds(REJECTIONS, self, span):
            return []
        if not honorific_or_title(self, span) and _holds(STRONG_ORG_RULES, self, span):
            return [self._mention(span, "org")]
        role, side = role_before(self.g, span, self.lex.places)
        appositive = appositive_role(self.g, span)
        role = role or appositive
        if not role and _holds(PLACE_RULES, self, span) and not speech_beside(self, span):
            return [self._mention(span, "place")]
        person_rules = PERSON_RULES if len(span.toks) > 1 else PERSON_RULES_ONE_WORD
        if appositive or _holds(person_rules, self, span):
            return [self._mention(span, "person", role, side or span.side)]
        if _holds(ORG_RULES, self, span):
            return [self._mention(span, "org")]
        if self._no_candidate(span):
            return []
        return [self._mention(span, "candidate", role, side or span.side)]

    def _kind_by_word(self, span: NameSpan) -> str:
        lows = span.lows
        if len(lows) > 1 and self.org_word(lows[-1]):
            return "org"
        if len(lows) > 1 and (
            lows[-1] in _PLACE_ONLY or (lows[-1] in self.g.place_keywords and not self.given(lows[0]))
        ):
            return "place"
        if len(lows) == 1 and acronym(span.words[0]) and org_acronym(self, span):
            return "org"
        return ""

    def _no_candidate(self, span: NameSpan) -> bool:
        lows = span.lows
        if len(lows) > 3:
            return True
        if len(lows) == 1:
            low = lows[0]
            if low in self.g.common_words:
                return True
            # A frequent word capitalised only by its place (a sentence's or a line's first word, a
            # headline) is no name; capitalised mid-sentence ("The Trump administration") it may be.
            return self.common(low) and not self.lex.is_surname(low) and _by_position(span)
        return False

    def _mention(self, span: NameSpan, kind: str, role: str = "", side: str = "") -> ExtractedMention:
        first, last = span.toks[0], span.toks[-1]
        end = last.start + len(strip_possessive(last.text))
        return ExtractedMention(
            span.text[first.start : end],
            " ".join(span.words),
            kind,
            first.start,
            end,
            span.where,
            role=role,
            side=side,
            sentence=first.sentence,
        )


def _holds(rules: tuple[Rule, ...], j: Judge, s: NameSpan) -> bool:
    """Whether any of the rules holds (the first that does decides; a loop, for speed)."""
    for rule in rules:  # noqa: SIM110 - a loop is faster than any() over a generator here
        if rule(j, s):
            return True
    return False


def _by_position(s: NameSpan) -> bool:
    t = s.toks[0]
    if t.in_caps or t.index == 0:
        return True
    prev = s.text_toks[t.index - 1]
    return prev.sentence != t.sentence or prev.text in "\"“‘'(-:" or s.line_start()


# -- guards ----------------------------------------------------------------------------


def _digits(j: Judge, s: NameSpan) -> bool:
    return any(w[0].isdigit() for w in s.words)


def _org_word_inside(j: Judge, s: NameSpan) -> bool:
    """ "Channel Seven Network Sport", "Government": an organisation word with no given name."""
    lows = s.lows
    keywords = j.g.org_keywords
    return not j.given(lows[0]) and (lows[0] in keywords or not keywords.isdisjoint(lows[1:]))


def _a_people(j: Judge, s: NameSpan) -> bool:
    """ "Australians say": a people, not a person."""
    if len(s.lows) != 1:
        return False
    low = s.lows[0]
    return low in j.g.sides or low.rstrip("s") in j.g.sides or low in j.g.place_keywords


def _of_inside(j: Judge, s: NameSpan) -> bool:
    return "of" in s.lows


def _not_a_name(j: Judge, s: NameSpan) -> bool:
    """Acronyms, contractions ("I've") and hyphenated words with a lowercase part ("Mid-level")."""
    if len(s.words) != 1:
        return any(_CONTRACTION.search(w) for w in s.words)
    word = s.words[0]
    if acronym(word) or _CONTRACTION.search(word) or len(word) == 1:
        return True
    parts = word.split("-")
    return len(parts) > 1 and any(p[:1].islower() for p in parts[1:]) and parts[0].lower() != "al"


def pronoun_or_contraction(surface: str) -> bool:
    """ "I've", "We'll", "She": words that stand for a person, never a name (for any span,
    a model's included)."""
    words = surface.split()
    return any(_CONTRACTION.search(w) for w in words) or (len(words) == 1 and words[0].lower() in _PRONOUNS)


def _label(j: Judge, s: NameSpan) -> bool:
    """A one-word heading of a table or list: "Goalscorers:", "Standings (".
    A word standing before a colon at the start of its line is a label, not a name."""
    after = s.after(1)
    return len(s.words) == 1 and s.line_start() and bool(after) and after[0].text in ":("


REJECTIONS: tuple[Rule, ...] = (_digits, _org_word_inside, _a_people, _of_inside, _not_a_name, _label)


# -- evidence for a person --------------------------------------------------------------


def honorific_or_title(j: Judge, s: NameSpan) -> bool:
    """ "Mr Kudlow", "Treasury Secretary Steven Mnuchin", "Paramount Chief X"."""
    return bool(s.role_toks) and (s.role_toks[-1].low in j.g.honorifics or s.role_toks[-1].low in j.g.role_nouns)


def role_noun_before(j: Judge, s: NameSpan) -> bool:
    """A lowercase role noun just before: "its leader Tomas Halvorsen", "his aide X"."""
    before = s.before(1)
    return bool(before) and before[0].is_word and not before[0].is_cap and before[0].low in j.g.role_nouns


def given_name_first(j: Judge, s: NameSpan) -> bool:
    """ "Ana Petrova": a known given name opens a name of two to four words."""
    return 2 <= len(s.lows) <= 4 and j.given(s.lows[0])


def surname_form(j: Judge, s: NameSpan) -> bool:
    """A surname-first name ("Xi Jinping") or a Celtic surname ("Gordon McAllister")."""
    if len(s.lows) not in (2, 3):
        return False
    return s.lows[0] in j.g.surnames_first or bool(_CELTIC_SURNAME.match(s.words[-1]))


def known_surname_last(j: Judge, s: NameSpan) -> bool:
    """Two words, the last a surname and the first no ordinary word: "Lim Boon Keng" aside."""
    if len(s.lows) != 2:
        return False
    return j.surname(s.lows[1]) and not j.common(s.lows[0]) and s.lows[0] not in j.lex.places


# The words that may stand between a speaker and the speech verb: "Kudlow earlier told".
_BEFORE_VERB = frozenset(
    "has had have was is would will may might could also earlier later then again previously "
    "recently once often never not yesterday today himself herself".split()
)


# A name after these, after a person's role or relation, belongs to a phrase whose head
# is the speaker: "a spokesman for Norjet said", "the wife of Tomas Reyes told".
_OBJECT_OF = frozenset(("of", "for"))
_RELATIONS = frozenset("member members wife husband son daughter father mother brother sister friend family".split())


def _speaking_head(j: Judge, low: str) -> bool:
    return low in j.g.titles or low in j.g.role_nouns or low in _RELATIONS


def speech_beside(j: Judge, s: NameSpan) -> bool:
    """ "Kudlow said", "Kudlow earlier told", "said Kudlow"; not "says Norjet's new owners",
    where the name after the verb owns the speaker's subject."""
    before2 = s.before(2)
    if len(before2) == 2 and before2[1].text in _OBJECT_OF and _speaking_head(j, before2[0].low):
        return False  # "the director of Norjet says", "the Member for Kolbar says": no speaker
    for t in s.after(3):
        if t.low in SPEECH:
            return True
        if not t.is_word or not (t.low in _BEFORE_VERB or (t.low.endswith("ly") and t.text.islower())):
            break  # "Valdorian rebel groups denied": a noun between, so the name is no speaker
    before = s.before(1)
    return (
        bool(before)
        and before[0].low in SPEECH
        and before[0].text.islower()  # not "United States Space Agency"
        and not is_possessive(s.toks[-1].text)
    )


def results_layout(j: Judge, s: NameSpan) -> bool:
    """A results line or table row: "Ana Petrova (Bulgaria) 1:52.04", "3. Kenji Watanabe (Japan)"."""
    after = s.after(6)
    if len(s.lows) < 2 or len(after) < 3 or after[0].text != "(":
        return False
    close = next((k for k, t in enumerate(after) if t.text == ")"), 0)
    if close < 2 or not all(t.is_word for t in after[1:close]):
        return False
    inside = " ".join(t.low for t in after[1:close])  # "(Bulgaria)", "(United States)", "(KEN)"
    code = close == 2 and after[1].text.isupper() and len(after[1].text) == 3 and not _spelled_by(after[1].text, s)
    return inside in j.lex.places or inside in j.g.sides or code


def _spelled_by(code: str, s: NameSpan) -> bool:
    """Whether a bracketed code is the initials of the capitalised words before it, an
    abbreviation and no country: "International Space Station (ISS)"."""
    words = [t.text for t in (*s.before(4), *s.toks) if t.is_word and t.text[:1].isupper()]
    return "".join(w[0] for w in words[-len(code) :]).upper() == code


def byline(j: Judge, s: NameSpan) -> bool:
    """ "By Miriam Achterberg" or "-- Name, City newsroom" opening a line."""
    if len(s.lows) < 2 or not s.line_start():
        return False
    before = s.before(2)
    if before and before[-1].text == "By":
        return True
    after = s.after(1)
    return len(before) == 2 and all(t.text == "-" for t in before) and bool(after) and after[0].text == ","


PERSON_RULES: tuple[Rule, ...] = (
    honorific_or_title,
    role_noun_before,
    given_name_first,
    surname_form,
    speech_beside,
    results_layout,
    byline,
    known_surname_last,
)
# The rules that can hold for a one-word name (the others need two words or more).
PERSON_RULES_ONE_WORD: tuple[Rule, ...] = (honorific_or_title, role_noun_before, speech_beside)
