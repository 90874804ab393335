"""Evidence over the whole article: what one sentence confirms holds in every other.

* spread_names: a person confirmed once (a full name with evidence) makes every
  other bare use of the surname a person mention, in headlines and tables too
  ("PETROVA TAKES GOLD", "SWIMMING-PETROVA"); an organisation found once is an
  organisation wherever its name, or its first word alone, stands again
  ("Norwell Foods Inc" ... "Norwell chief executive").
* link_within_article: surname-only, given-name-only (regnal names: "Harald" for
  "Harald V") and candidate mentions take the full name used elsewhere.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import accumulate

from .evidence import Judge
from .mentions import ExtractedMention
from .org_place_rules import coined_word
from .tokens import Tok, strip_possessive

_REGNAL = frozenset("I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI".split())


@dataclass
class _Known:
    """Names confirmed in the article, by the lowercase word that may stand alone for them."""

    persons: dict[str, str]  # surname (or regnal given name) -> full name
    orgs: dict[str, str]  # org name or its first word -> org name
    phrases: dict[str, list[tuple[tuple[str, ...], str]]]  # first word -> (words, org name)
    places: set[str]  # lowercase names of two words or more found as places


def _confirmed(mentions: list[ExtractedMention], judge: Judge) -> _Known:
    persons: dict[str, str] = {}
    orgs: dict[str, str] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    places: set[str] = set()
    for m in mentions:
        if m.kind == "place" and " " in m.name:
            places.add(m.name.lower())
        parts = m.name.split()
        if m.kind == "person" and len(parts) >= 2:
            if parts[-1] in _REGNAL:
                persons.setdefault(parts[0].lower(), m.name)
            else:
                persons.setdefault(parts[-1].lower(), m.name)
        elif m.kind == "org":
            orgs.setdefault(m.name.lower(), m.name)
            words = tuple(p.lower() for p in m.surface.split())
            if len(words) >= 2 and words not in [w for w, _ in phrases.get(words[0], [])]:
                phrases.setdefault(words[0], []).append((words, m.name))
            head = parts[0].lower()
            if len(parts) >= 2 and not (judge.given(head) or head in judge.lex.places or judge.common(head)):
                orgs.setdefault(head, m.name)
    return _Known(persons, orgs, phrases, places)


def spread_names(
    mentions: list[ExtractedMention], toks_of: dict[str, list[Tok]], texts: dict[str, str], judge: Judge
) -> list[ExtractedMention]:
    """Mentions with the article's confirmed names applied to its other words (kept in text order)."""
    known = _confirmed(mentions, judge)
    if not known.persons and not known.orgs and not known.places:
        return mentions
    found = [f for where, toks in toks_of.items() for f in _bare_uses(toks, texts[where], where, known)]
    phrases = _reach([f for f in found if " " in f.surface])
    if phrases:
        mentions = [m for m in mentions if not (m.where in phrases and phrases[m.where](m.start) >= m.end)]
    out = [_as_known(m, known) if _taken_over(m, known, judge) else m for m in mentions]
    taken = {(m.where, m.start) for m in out} | {(m.where, m.end) for m in out}
    covered = _reach(out)
    for f in found:
        inside = f.where in covered and covered[f.where](f.start) > f.start
        if not inside and (f.where, f.start) not in taken:
            out.append(f)
    out.sort(key=lambda m: (m.where != "body", m.where, m.start))
    return out


def _reach(mentions: list[ExtractedMention]) -> dict[str, Callable[[int], int]]:
    """Per text, a function giving the furthest end of the mentions starting at or before an
    offset (-1 when none does): a point p is inside one when reach(p) > p, and a span s..e
    within one when reach(s) >= e (a search, not a scan of every mention)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for m in mentions:
        spans.setdefault(m.where, []).append((m.start, m.end))
    out: dict[str, Callable[[int], int]] = {}
    for where, found in spans.items():
        found.sort()
        starts = [s for s, _ in found]
        furthest = list(accumulate((e for _, e in found), max))

        def reach(pos: int, starts: list[int] = starts, furthest: list[int] = furthest) -> int:
            k = bisect_right(starts, pos)
            return furthest[k - 1] if k else -1

        out[where] = reach
    return out


def _taken_over(m: ExtractedMention, known: _Known, judge: Judge) -> bool:
    """A candidate naming a confirmed entity, a name with no title that is a confirmed place or
    organisation, or a town's name that is a confirmed person's surname."""
    if m.kind in ("candidate", "person") and not m.role and " " in m.name and m.name.lower() in known.places:
        return True  # "the Kolbar Pass region" in one sentence: "Kolbar Pass" is no person in the next
    if m.kind == "candidate":
        return _confirmed_word(m, known)
    if m.kind == "person" and not m.role and " " in m.name and m.name.lower() in known.orgs:
        return True  # "DEPORTIVO CARRASCO" in a headline, an organisation in the table below
    if m.kind == "person" and not m.role and " " not in m.name and m.name.lower() in known.orgs:
        return coined_word(judge, m.name.lower())  # "Norjet said": the airline named elsewhere
    low = strip_possessive(m.surface).lower()
    return m.kind == "place" and " " not in low and low in known.persons and m.name not in judge.lex.countries


def _confirmed_word(m: ExtractedMention, known: _Known) -> bool:
    low = m.name.lower()
    return low in known.orgs or (len(m.name.split()) == 1 and low in known.persons)


def _as_known(m: ExtractedMention, known: _Known) -> ExtractedMention:
    low = m.name.lower()
    if m.kind in ("candidate", "person") and " " in low and low in known.places:
        return replace(m, kind="place", role="", side="")
    if m.kind in ("candidate", "person") and low in known.orgs:
        return replace(m, kind="org", name=known.orgs[low], role="", side="")
    return replace(m, kind="person", name=strip_possessive(m.surface) if m.kind == "place" else m.name)


def _bare_uses(toks: list[Tok], text: str, where: str, known: _Known) -> list[ExtractedMention]:
    """Capitalised words (or the name part of a headline's "SPORT-NAME") naming a confirmed entity."""
    out = []
    skip_to = -1
    persons, orgs, phrases = known.persons, known.orgs, known.phrases
    for t in toks:
        if t.index <= skip_to or not (t.is_word and t.is_cap):
            continue
        low = t.low
        plain = not ("'" in low or "’" in low or "-" in low)
        if plain and low not in persons and low not in orgs and low not in phrases:
            continue
        phrase = _phrase_at(toks, t.index, known)
        if phrase:
            last, name = phrase
            end = toks[last].start + len(strip_possessive(toks[last].text))
            out.append(ExtractedMention(text[t.start : end], name, "org", t.start, end, where, sentence=t.sentence))
            skip_to = last
            continue
        start, word = t.start, strip_possessive(t.text)
        if "-" in word and t.in_caps:
            head, _, word = word.rpartition("-")
            start += len(head) + 1
        low = word.lower()
        kind = "person" if low in known.persons else "org" if low in known.orgs else ""
        if not kind:
            continue
        end = start + len(word)
        name = word.title() if word.isupper() or t.in_caps else word
        if kind == "org":
            name = known.orgs[low]
        out.append(ExtractedMention(text[start:end], name, kind, start, end, where, sentence=t.sentence))
    return out


def _phrase_at(toks: list[Tok], i: int, known: _Known) -> tuple[int, str] | None:
    """(last token index, org name) of a confirmed organisation's full name written at toks[i]."""
    for words, name in known.phrases.get(toks[i].low, ()):
        j = i + len(words) - 1
        if j < len(toks) and all(strip_possessive(toks[i + k].low) == strip_possessive(w) for k, w in enumerate(words)):
            return j, name
    return None


def link_within_article(mentions: list[ExtractedMention]) -> list[ExtractedMention]:
    """Give surname-only, given-name-only and candidate mentions the full name used elsewhere."""
    full_by_last: dict[str, str] = {}
    persons_single: set[str] = set()
    for m in mentions:
        if m.kind == "person":
            parts = m.name.split()
            if len(parts) >= 2:
                key = parts[0] if parts[-1] in _REGNAL else parts[-1]
                full_by_last.setdefault(key.lower(), m.name)
            else:
                persons_single.add(m.name.lower())
    # A full name with no evidence of its own is a person when its surname stands alone as a
    # person elsewhere in the article ("Pita Sharples smiled. Sharples said ...").
    for m in mentions:
        parts = m.name.split()
        if m.kind == "candidate" and len(parts) in (2, 3) and parts[-1].lower() in persons_single:
            full_by_last.setdefault(parts[-1].lower(), m.name)
    return [_linked(m, full_by_last, persons_single) for m in mentions]


def _linked(m: ExtractedMention, full_by_last: dict[str, str], persons_single: set[str]) -> ExtractedMention:
    if m.kind not in ("person", "candidate"):
        return m
    parts = m.name.split()
    if len(parts) >= 2 and m.kind == "candidate" and parts[-1].lower() in full_by_last:
        return replace(m, kind="person")
    if len(parts) == 1 and parts[0].lower() in full_by_last:
        return replace(m, name=full_by_last[parts[0].lower()], kind="person")
    if len(parts) == 1 and m.kind == "candidate" and parts[0].lower() in persons_single:
        return replace(m, kind="person")
    return m
