"""The title or description written before a name, its side, and an appositive role after it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .gazetteer import Gazetteer
from .tokens import Tok

if TYPE_CHECKING:
    from .evidence import NameSpan

ALWAYS_COMMON = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december jan feb mar apr jun jul aug sep "
    "sept oct nov dec the a an but and or photo file picture image continue related".split()
)


def role_before(g: Gazetteer, s: NameSpan, places: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The title or description written just before a name, and the side it names."""
    toks = s.text_toks
    idx = s.first
    j = idx - 1
    taken: list[Tok] = []
    while j >= 0 and toks[j].sentence == toks[idx].sentence and toks[j].is_word:
        t = toks[j]
        if t.is_cap or t.low in g.titles or t.low in g.role_nouns or t.low in g.sides:
            if t.low in g.honorifics and not taken:
                return "", ""
            taken.append(t)
            j -= 1
            continue
        break
    if not taken and s.role_toks:
        taken = list(reversed(s.role_toks))
    if not taken:
        return "", ""
    taken.reverse()
    if not (taken[-1].low in g.titles or taken[-1].low in g.role_nouns):
        return "", ""
    return _role_words(g, taken, places or {})


def _place_opening(taken: list[Tok], places: Mapping[str, str]) -> tuple[int, str]:
    """A place of several words opening a role ("New Zealand Prime Minister"): (words, place)."""
    for n in range(min(4, len(taken) - 1), 1, -1):
        place = places.get(" ".join(t.low for t in taken[:n]))
        if place:
            return n, place
    return 0, ""


def _role_words(g: Gazetteer, taken: list[Tok], places: Mapping[str, str]) -> tuple[str, str]:
    side = ""
    while taken:
        low = taken[0].low
        n, place = _place_opening(taken, places)
        if n:
            side, taken = place, taken[n:]
            continue
        if low in g.sides or g.known.get(low, ("", ""))[1] == "place":
            side = g.sides.get(low) or g.known[low][0]
        elif low in g.titles or low in g.role_nouns or not (low in g.common_words or low in ALWAYS_COMMON):
            break
        # else an ordinary word opening the sentence ("Even Commerce Secretary"): not the role
        taken = taken[1:]
    while taken and taken[0].low in g.honorifics:
        taken = taken[1:]
    if not taken:
        return "", side
    return " ".join(t.text for t in taken), side


def appositive_role(g: Gazetteer, s: NameSpan) -> str:
    """ "Navarro, the toughest China critic in ..." -> "toughest China critic"."""
    after = s.after(1)
    if not after or after[0].text != ",":
        return ""
    seq = s.text_toks[s.last + 2 : s.last + 12]
    if not seq or seq[0].low not in ("the", "a", "an", "who", "his", "her", "its"):
        return ""
    words: list[Tok] = []
    for t in seq[1:]:
        if not t.is_word:
            break
        words.append(t)
        if t.low in g.role_nouns:
            return " ".join(w.text for w in words)
    return ""
