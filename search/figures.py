"""Figures in a sentence, attached to what they measure.

"tariffs on $200 billion of Chinese goods" holds the amount 2e11 dollars of
"chinese goods"; "a 25 percent tariff" the percentage 25 of "tariff"; "killed 12
people" the count 12 of "people". Two reports disagree when they give the same
kind of figure for the same subject of the same happening with different
values, so a figure keeps its kind, its value in one unit, and a short subject
key made of content words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bln": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_CURRENCY_SIGN = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CURRENCY_WORD = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "yuan": "CNY",
    "renminbi": "CNY",
    "yen": "JPY",
    "rupees": "INR",
    "francs": "CHF",
}
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALES = "|".join(sorted(_SCALE, key=len, reverse=True))
_FIGURE = re.compile(
    rf"(?P<sign>US\$|[$€£¥])?\s?(?P<num>{_NUMBER})(?:\s?(?P<scale>{_SCALES})\b)?"
    rf"(?:\s?(?P<pct>%|percent\b|per\s+cent\b|percentage\s+points?\b))?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# Words that never name what a figure measures.
_STOP = frozenset(
    """a an the of on in at to for from by with and or than about around nearly almost some more less
    over under up down its their his her this that these those another other new further extra additional
    worth about roughly some per each every year years month months week weeks day days be been is are was
    were will would could may might has have had which who whom that rose fell grew gained lost increased
    decreased jumped dropped raised cut said says say just only also as into onto after before last next""".split()
)
_UNIT_NOUNS = frozenset("tonnes tons barrels people jobs workers troops soldiers votes seats cases deaths".split())


@dataclass(frozen=True)
class Figure:
    """One figure: its kind (amount, percent, count), its value, its unit and its subject key."""

    kind: str
    value: float
    unit: str
    subject: str
    text: str
    start: int
    end: int
    # The size of the last digit as written: "$812 million" is 1e6, "2.5 percent" 0.1.
    step: float = 1.0


def _value(num: str, scale: str | None) -> float:
    value = float(num.replace(",", ""))
    return value * _SCALE[scale.lower()] if scale else value


def _stem(word: str) -> str:
    word = word.lower().strip("'-")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _content_words(text: str, limit: int) -> list[str]:
    out: list[str] = []
    for w in _WORD.findall(text):
        if w.lower() in _STOP:
            if out:
                break
            continue
        out.append(_stem(w))
        if len(out) == limit:
            break
    return out


def _subject(sentence: str, start: int, end: int) -> str:
    """What a figure measures: "of X" after it, a noun right after it, else the words before it."""
    after = sentence[end:]
    of = re.match(r"\s*(?:worth\s+)?of\s+(.*)", after, re.IGNORECASE | re.DOTALL)
    if of:
        measured = _content_words(of.group(1)[:60], 2)
        if measured:
            return " ".join(measured)
    nxt = _WORD.match(after.lstrip()) if after[:1].isspace() else None
    if nxt and nxt.group(0).lower() not in _STOP:
        return " ".join(_content_words(after[:40], 2))
    before = _WORD.findall(sentence[max(0, start - 60) : start])
    while before and before[-1].lower() in _STOP:
        before.pop()
    words: list[str] = []
    while before and before[-1].lower() not in _STOP and len(words) < 2:
        words.insert(0, _stem(before.pop()))
    return " ".join(words)


def find_figures(sentence: str) -> list[Figure]:
    """Every amount, percentage and count in ``sentence`` with the subject it measures."""
    figures: list[Figure] = []
    for m in _FIGURE.finditer(sentence):
        num, sign, scale, pct = m.group("num"), m.group("sign"), m.group("scale"), m.group("pct")
        if not num or _is_date_or_clock(sentence, m.start("num"), m.end("num")):
            continue
        if scale and scale.lower() in {"m", "b", "k"} and not sign:
            scale = None  # "5 m" of distance, "the B team": too ambiguous without a currency
        start = m.start("sign") if sign else m.start("num")
        end = m.end() if pct else (m.end("scale") if scale else m.end("num"))
        tail = sentence[end:]
        word = _WORD.match(tail.lstrip())
        if pct:
            kind, unit = "percent", "points" if "point" in pct.lower() else "%"
        elif sign:
            kind, unit = "amount", _CURRENCY_SIGN.get(sign.upper() if sign.startswith("U") else sign, "USD")
        elif word and word.group(0).lower() in _CURRENCY_WORD:
            kind, unit = "amount", _CURRENCY_WORD[word.group(0).lower()]
            end += len(tail) - len(tail.lstrip()) + len(word.group(0))
        elif word and (word.group(0).lower() in _UNIT_NOUNS or (word.group(0).islower() and len(word.group(0)) > 3)):
            kind, unit = "count", _stem(word.group(0))
            end += len(tail) - len(tail.lstrip()) + len(word.group(0))
        else:
            continue
        value = _value(num, scale)
        decimals = len(num.split(".")[1]) if "." in num else 0
        step = _value(f"{10.0**-decimals}", scale)
        subject = unit if kind == "count" else _subject(sentence, start, end)
        if not subject:
            continue
        figures.append(Figure(kind, value, unit, subject, sentence[start:end].strip(), start, end, step))
    return figures


def _is_date_or_clock(sentence: str, start: int, end: int) -> bool:
    before = sentence[max(0, start - 10) : start].lower()
    after = sentence[end : end + 6]
    if re.match(r"[:/]\d", after) or re.search(r"\d[:/]$", before):
        return True
    if re.search(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", before) or re.match(
        r",?\s*(?:\d{4}\b|(?:a\.m|p\.m)\b)", after
    ):
        return True
    number = sentence[start:end]
    return len(number) == 4 and number.isdigit() and 1800 <= int(number) <= 2100


def same_value(a: Figure, b: Figure) -> bool:
    """Whether two figures agree as far as the coarser one is written ("$812 million" and "$812.3 million" do)."""
    if a.unit != b.unit:
        return False
    return abs(a.value - b.value) <= max(a.step, b.step) / 2 + 1e-9 * max(abs(a.value), abs(b.value))
