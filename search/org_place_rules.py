"""The evidence that makes a capitalised name an organisation or a place.

Named predicates over a NameSpan, as in search.evidence (which tries them): a company's
shares, officers, trade and market moves; a team in a standings row; the nouns only a
place has around it; an acronym after "the" or before a role.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .lexicon import COMMON_ZIPF
from .tokens import is_possessive

if TYPE_CHECKING:
    from .evidence import Judge, NameSpan

Rule = Callable[["Judge", "NameSpan"], bool]

_MARKET_MOVES = frozenset(
    "rose fell gained jumped slipped dropped climbed added lost surged slumped tumbled eased "
    "advanced declined sank soared rallied".split()
)
_SHARE_WORDS = frozenset("shares stock stake stocks bonds".split())


# -- evidence for an organisation -------------------------------------------------------


def shares_of(j: Judge, s: NameSpan) -> bool:
    """ "Shares of Kestrel Mining", "a stake in X", "X shares"."""
    before = s.before(2)
    if len(before) == 2 and before[0].low in _SHARE_WORDS and before[1].low in ("of", "in"):
        return True
    after = s.after(1)
    return bool(after) and after[0].low in _SHARE_WORDS and not is_possessive(s.toks[-1].text)


def role_in_it_after(j: Judge, s: NameSpan) -> bool:
    """ "Norwell chief executive Harriet Osei", "Pemberton's founder X": a company's officer."""
    after = s.after(4)
    words = []
    for t in after:
        if t.is_word and not t.is_cap:
            words.append(t)
            continue
        break
    return bool(words) and words[-1].low in j.g.role_nouns and len(words) < len(after) and after[len(words)].is_cap


def works_at(j: Judge, s: NameSpan) -> bool:
    """ "an analyst at Banque Saint-Aubin", "a portfolio manager at X"."""
    before = s.before(2)
    return len(before) == 2 and before[1].low == "at" and before[0].low in j.g.role_nouns


def market_move(j: Judge, s: NameSpan) -> bool:
    """ "Kharkiv Steelworks gained 2.5 percent"."""
    after = s.after(3)
    return len(after) >= 2 and after[0].low in _MARKET_MOVES and any(t.text[0].isdigit() for t in after[1:])


def team_row(j: Judge, s: NameSpan) -> bool:
    """A standings row ("Real Altamira 7 5 1 1 14 6 16") or a result ("Altamira 3 (Quiroga 12)")."""
    after = s.after(3)
    if not after or not after[0].text.isdigit():
        return False
    if len(after) >= 2 and after[1].text == "(":
        return True
    return s.line_start() and len(after) == 3 and all(t.text.isdigit() for t in after)


def trade_before(j: Judge, s: NameSpan) -> bool:
    """ "the airline Norjet", "rival carrier Skybridge": a company's trade written just before."""
    before = s.before(1)
    return bool(before) and before[0].is_word and before[0].text.islower() and before[0].low in j.g.org_before


def coined_word(j: Judge, low: str) -> bool:
    """A rare word of letters that no list of given names or surnames holds: a company's coined
    name more often than a person's ("Norjet"), unlike "Christmas" or "Baker"."""
    g = j.g
    if not low.isalpha() or low in g.given_names or low in g.surnames_first or j.lex.names.get(low):
        return False
    return j.lex.frequency(low) < COMMON_ZIPF


def company_things_after(j: Judge, s: NameSpan) -> bool:
    """ "Norjet flights", "Skybridge staff": one coined word before what only a company has."""
    if len(s.lows) != 1 or is_possessive(s.toks[-1].text) or not coined_word(j, s.lows[0]):
        return False
    after = s.after(1)
    return bool(after) and after[0].is_word and after[0].text.islower() and after[0].low in j.g.org_after


# Cues that outweigh a name's look ("an analyst at Harrowgate Barclay") and a small town's name.
STRONG_ORG_RULES: tuple[Rule, ...] = (shares_of, works_at, trade_before, company_things_after)


# -- evidence for a place ----------------------------------------------------------------


def place_noun_after(j: Judge, s: NameSpan) -> bool:
    """ "the Kolbar region", "the Kolbar caves": a noun only a place has, just after."""
    if is_possessive(s.toks[-1].text):
        return False
    after = s.after(1)
    return bool(after) and after[0].is_word and after[0].text.islower() and after[0].low in j.g.place_after


def place_noun_of_before(j: Judge, s: NameSpan) -> bool:
    """ "the caves of Kolbar", "the vicinity of Kolbar": a noun only a place has, then "of"."""
    before = s.before(2)
    return len(before) == 2 and before[1].low == "of" and before[0].text.islower() and before[0].low in j.g.place_of


# Cues that outweigh a name's look ("Tora" is a given name too) when nothing else makes it a
# person: no title or role, no appositive, no speech verb beside it.
PLACE_RULES: tuple[Rule, ...] = (place_noun_after, place_noun_of_before)
ORG_RULES: tuple[Rule, ...] = (role_in_it_after, market_move, team_row)
COMPANY_CONTEXT: tuple[Rule, ...] = (*STRONG_ORG_RULES, role_in_it_after, market_move)


def acronym(word: str) -> bool:
    return word.isupper() and 2 <= len(word) <= 5 and word.isalpha()


def org_acronym(j: Judge, s: NameSpan) -> bool:
    """An acronym is an organisation after "the" or before a role: "the IAEA", "IAEA director"."""
    if s.lows[0] in j.lex.places or s.lows[0] in j.g.sides:
        return False
    before = s.before(2)
    if before and before[-1].text == "the":
        return True
    if len(before) == 2 and before[1].text == "," and before[0].low in j.g.org_keywords:
        return True  # "the pilots' union, APLA, said"
    return role_in_it_after(j, s) or shares_of(j, s)
