"""Who said what: direct quotations and reported speech, with their speakers.

Works on the extractor's tokens and the person mentions it found in one text.

* A quotation is the text between a pair of quotation marks (“…”, ‘…’ or "…"),
  kept whole across the sentences inside it; a quotation split by its attribution
  ("“A,” she said, “B.”") is two quotes.  A quote's text is the characters between
  the marks, so ``text == article[start:end]``.
* A quotation is direct speech when a speech clause stands beside it (before it,
  ending in the verb, or after it, opening with the subject or the verb), or when it
  opens a sentence right after another quote of the same speaker.  A short phrase in
  quotation marks inside a sentence is not a quote of its own.
* Reported speech is a sentence with a speech verb whose subject is a person: the
  statement is what follows the verb ("… said the land had been given …"), what
  precedes the clause ("Prices could fall, she said, …"), a participle's clause
  (", alleging that …"), or what follows "According to X,".
* The speaker is the subject of the speech verb, never its object ("told the envoy
  that") nor a name inside the statement.  A pronoun (he, she) or a description
  ("the ambassador") resolves to the nearest earlier person who fits: same gender
  where the text shows it, a role that shares the description's noun.
"""

from __future__ import annotations

import bisect
import re
from operator import attrgetter
from typing import TYPE_CHECKING

from .mentions import ExtractedQuote
from .quotation_marks import quotations
from .quote_words import ABBREV_ROLE, AUDIENCE, GENDER_WORDS, RANK_ABBREV
from .tokens import is_possessive

if TYPE_CHECKING:
    from .entities import ExtractedMention, Tok
    from .gazetteer import Gazetteer

# Speech verbs that are evidence of a name beside them ("Kudlow said", "said Kudlow").
_NAME_EVIDENCE_VERBS = frozenset(
    "said says say told tells added adds stated states warned warns argued argues explained "
    "noted notes insisted insists announced announces wrote writes replied cautioned declared "
    "predicted claimed claims urged urges conceded admitted acknowledged confirmed confirms "
    "denied denies asserted remarked commented testified tweeted".split()
)
# Verbs that introduce speech.
SPEECH_VERBS = _NAME_EVIDENCE_VERBS | frozenset(
    "predicts alleged alleges maintained stressed emphasised emphasized recalled promised vowed "
    "complained observed suggested estimated forecast responded countered".split()
)
# Verbs whose object is the one spoken to ("told reporters that"): skipped before the statement.
_TO_WHOM = frozenset("told tells urged urges assured reminded warned informed".split())
# Participles that carry a statement of the sentence's subject (", alleging that ...").
_PARTICIPLES = frozenset(
    "alleging claiming saying insisting arguing warning predicting adding noting stressing "
    "asserting maintaining contending suggesting".split()
)
# Words a statement usually holds when it is a clause rather than a noun ("a surplus").
_FINITE = frozenset(
    "is are was were has have had will would could should can may might must did does do "
    "shall won't can't wasn't weren't isn't aren't hadn't hasn't haven't".split()
)
_GAP_WORDS = frozenset(
    "also earlier later then has had have on last this week recently again previously "
    "repeatedly publicly privately once further yesterday today tonight "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
# Words that may stand between an inverted speech verb and its speaker (", said central
# bank governor X") beside titles and role nouns.
_LEAD_WORDS = frozenset("the a an its their his her".split())
# What may follow an inverted speaker before the clause ends (", said X on Tuesday.").
_CLAUSE_END_WORDS = frozenset("on in at who yesterday today tonight last this after before during".split())
_PRONOUNS = {"he": "m", "she": "f"}
_CUES = SPEECH_VERBS | _PARTICIPLES | {"according"}
_WORDY = re.compile(r"\w")
_LOW, _START, _SENTENCE = attrgetter("low"), attrgetter("start"), attrgetter("sentence")
_TRAIL = frozenset(".,;:!?")


def speech_beside(before: list[Tok], after: list[Tok]) -> bool:
    """A speech verb next to a name: "Kudlow said", "Kudlow earlier told", "said Kudlow"."""
    for t in after[:3]:
        if t.low in _NAME_EVIDENCE_VERBS:
            return True
        if not t.is_word:
            break
    return bool(before) and before[-1].low in _NAME_EVIDENCE_VERBS


class _Finder:
    """The quotes of one text: units of sentences, speakers and statements."""

    def __init__(self, toks: list[Tok], text: str, people: list[ExtractedMention], where: str, g: Gazetteer) -> None:
        self.toks, self.text, self.where, self.g = toks, text, where, g
        self.starts = list(map(_START, toks))
        self.people = sorted(people, key=lambda m: m.start)
        self.people_starts = [m.start for m in self.people]
        self.by_end = {m.end: m for m in self.people}
        self.by_start = {m.start: m for m in self.people}
        self.spans = quotations(text)
        self.quoted = [(s, e) for s, e in self.spans]
        self.gender: dict[str, str] = {}
        for m in self.people:
            self._learn_gender(m)
        self.out: list[ExtractedQuote] = []
        self.last_speaker: str = ""

    # -- layout ----------------------------------------------------------------------

    def tok_at(self, pos: int) -> int:
        """Index of the first token starting at or after pos."""
        return bisect.bisect_left(self.starts, pos)

    def units(self) -> list[tuple[int, int]]:
        """Token ranges of sentences, joined where a rank's dot or a quotation crosses a break."""
        sentences = list(map(_SENTENCE, self.toks))
        out: list[tuple[int, int]] = []
        lo = 0
        for number in range(sentences[0] + 1, sentences[-1] + 1):
            i = bisect.bisect_left(sentences, number)
            if i > lo and not self._joined(i):
                out.append((lo, i))
                lo = i
        out.append((lo, len(sentences)))
        return out

    def _joined(self, i: int) -> bool:
        toks = self.toks
        if toks[i - 1].text == "." and i >= 2 and toks[i - 2].low in RANK_ABBREV and toks[i].is_cap:
            return self.text.find("\n", toks[i - 1].end, toks[i].start) < 0
        pos = toks[i].start
        k = bisect.bisect_right(self.quoted, (pos, len(self.text) + 1)) - 1
        return k >= 0 and self.quoted[k][0] <= pos <= self.quoted[k][1]

    def inside_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.quoted, (pos, len(self.text) + 1)) - 1
        return k >= 0 and self.quoted[k][0] <= pos < self.quoted[k][1]

    # -- people ----------------------------------------------------------------------

    def _learn_gender(self, m: ExtractedMention) -> None:
        before = self.text[max(0, m.start - 14) : m.start].lower().replace(".", " ").split()
        for w in (before[-1:] if before else []) + m.role.lower().split():
            if w in GENDER_WORDS:
                self.gender.setdefault(m.name, GENDER_WORDS[w])

    def mention_ending(self, j: int) -> ExtractedMention | None:
        t = self.toks[j]
        m = self.by_end.get(t.end)
        if m is None or is_possessive(t.text) or self.text[t.end : t.end + 1] in "'’":
            return None
        return m

    def earlier_people(self, pos: int):
        """Person mentions before pos, nearest first, outside quotations."""
        k = bisect.bisect_left(self.people_starts, pos)
        for m in reversed(self.people[:k]):
            if not self.inside_quote(m.start):
                yield m

    def resolve_pronoun(self, word: str, pos: int) -> ExtractedMention | None:
        """ "he", "she": the speaker of the sentence before, when the gender fits, else the
        nearest earlier person of that gender (or of none the text shows)."""
        want = _PRONOUNS[word]
        people = list(self.earlier_people(pos))
        speaker = [m for m in people if m.name == self.last_speaker]
        for m in speaker[:1] + people:
            if self.gender.get(m.name, want) == want:
                self.gender.setdefault(m.name, want)
                return m
        return None

    def resolve_description(self, noun: str, pos: int) -> ExtractedMention | None:
        """ "the ambassador": the nearest earlier person the text gives that role."""
        for m in self.earlier_people(pos):
            if noun in self._role_words(m):
                return m
        return None

    def _role_words(self, m: ExtractedMention) -> set[str]:
        """Role words the text gives a mention: its role, the title words before it, and an
        appositive on either side ("The ambassador of Norland, Petra Vasquez-Lind,")."""
        toks, g = self.toks, self.g
        words = {w for w in re.split(r"[\s.\-]+", m.role.lower()) if w}
        k = self.tok_at(m.start)
        j = k - 1
        while j >= 0 and k - j <= 6 and (toks[j].text in ".-" or toks[j].low in g.titles or toks[j].is_cap):
            words.add(toks[j].low)
            j -= 1
        e = self.tok_at(m.end)
        near = []
        if j >= 0 and j == k - 1 and toks[j].text == ",":
            near = toks[max(0, j - 8) : j]
        if e + 1 < len(toks) and toks[e].text == "," and toks[e + 1].low in _LEAD_WORDS:
            near += toks[e + 1 : e + 9]
        words.update(t.low for t in near if t.low in g.role_nouns)
        return {ABBREV_ROLE.get(w, w) for w in words}

    # -- speakers --------------------------------------------------------------------

    def subject_before(self, lo: int, v: int) -> ExtractedMention | None:
        """The person who is the subject of the speech verb at toks[v], looking back to lo."""
        toks = self.toks
        j = v - 1
        while j >= lo:
            t = toks[j]
            if t.low in _GAP_WORDS:
                j -= 1
                continue
            if t.text == ",":
                k = self._paren_open(lo, j)
                if k is None:
                    return None
                named = self.mention_ending(j - 1)
                if named is not None and named.start == toks[k + 1].start:
                    return named  # "The agriculture minister, Tomasz Wielgus, claimed"
                j = k - 1
                continue
            break
        if j < lo:
            return None
        return self._subject_at(lo, j)

    def _paren_open(self, lo: int, j: int) -> int | None:
        """The comma opening the parenthetical that the comma at toks[j] closes."""
        for k in range(j - 1, max(lo, j - 30) - 1, -1):
            if self.toks[k].text == ",":
                return k if k > lo else None
            if self.toks[k].text in '“”"':
                return None
        return None

    def _subject_at(self, lo: int, j: int) -> ExtractedMention | None:
        toks = self.toks
        t = toks[j]
        named = self.mention_ending(j)
        if named is not None:
            return named
        if t.low in _PRONOUNS and t.text.islower() or (t.low in _PRONOUNS and j == lo):
            return self.resolve_pronoun(t.low, t.start)
        if t.low in self.g.role_nouns:
            k = j - 1
            while k >= lo and k >= j - 4 and toks[k].is_word and toks[k].low not in ("the", "a", "an"):
                k -= 1
            if k >= lo and toks[k].low == "the":
                return self.resolve_description(t.low, t.start)
        return None

    def subject_after(self, v: int, hi: int) -> ExtractedMention | None:
        """The speaker of an inverted clause: "…,” said central bank governor X on Tuesday."""
        toks = self.toks
        k = v + 1
        while k < hi and k <= v + 7:
            t = toks[k]
            named = self.by_start.get(t.start)
            if named is not None:
                end = self.tok_at(named.end)
                nxt = toks[end] if end < hi else None
                if nxt is None or nxt.text in _TRAIL or nxt.low in _CLAUSE_END_WORDS:
                    return named
                return None
            if not (t.is_word and (t.low in self.g.titles or t.is_cap or _describing(t.low))):
                return None
            k += 1
        return None

    # -- direct speech ---------------------------------------------------------------

    def direct(self, lo: int, hi: int, inner: list[tuple[int, int]]) -> bool:
        """Quotes for the quotations inside one unit; whether any was attributed."""
        found = False
        prev_speaker = ""
        bounds = [(self.tok_at(s - 1), self.tok_at(e)) for s, e in inner]
        for n, (s, e) in enumerate(inner):
            qo, qc = bounds[n]  # token of the opening mark, token of the closing one
            before_lo = bounds[n - 1][1] + 1 if n else lo
            after_hi = bounds[n + 1][0] if n + 1 < len(bounds) else hi
            speaker = self._attribution_after(qc + 1, after_hi)
            if speaker is None:
                speaker = self._attribution_before(before_lo, qo)
            if speaker is None and n and prev_speaker and self._only_attribution(before_lo, qo):
                speaker = prev_speaker  # the second half of a split quotation
            if speaker is None and qo == lo and self.last_speaker and _long(self.text[s:e]):
                speaker = self.last_speaker  # a quotation opening the sentence after one of its speaker's
            if speaker and _WORDY.search(self.text, s, e):
                self.add(speaker, s, e, "direct")
                prev_speaker = speaker
                found = True
        return found

    def _attribution_after(self, lo: int, hi: int) -> str | None:
        toks = self.toks
        for v in range(lo, min(hi, lo + 12)):
            t = toks[v]
            if t.low in SPEECH_VERBS:
                words_before = [x for x in toks[lo:v] if x.is_word]
                who = self.subject_before(lo, v) if words_before else self.subject_after(v, hi)
                return who.name if who else None
            if t.text in ".!?;" or t.text in '“‘"':
                return None
        return None

    def _attribution_before(self, lo: int, qo: int) -> str | None:
        """The speaker of a clause that ends at the quotation: 'He said: "…"', 'She told
        reporters on Friday: "…"', 'X said in a statement: "…"'."""
        toks = self.toks
        end = qo - 1
        if end >= lo and toks[end].text in ":,":
            end -= 1
        v = end
        while v >= lo and end - v < 8 and toks[v].low not in SPEECH_VERBS and toks[v].is_word:
            v -= 1
        if v < lo or toks[v].low not in SPEECH_VERBS or (v < end and toks[qo - 1].text != ":"):
            return None
        who = self.subject_before(lo, v)
        return who.name if who else None

    def _only_attribution(self, lo: int, qo: int) -> bool:
        """Whether the words between two quotations are one speech clause ("she said,")."""
        words = [t for t in self.toks[lo:qo] if t.is_word]
        return 0 < len(words) <= 10 and any(t.low in SPEECH_VERBS for t in words)

    # -- reported speech -------------------------------------------------------------

    def reported(self, lo: int, hi: int) -> None:
        toks = self.toks
        for v in range(lo, hi):
            t = toks[v]
            if t.low == "according" and v + 1 < hi and toks[v + 1].low == "to":
                if self._according(v, hi):
                    return
            elif t.low in SPEECH_VERBS and not self.inside_quote(t.start):
                if self._speech_clause(lo, v, hi):
                    return
            elif t.low in _PARTICIPLES and v > lo and toks[v - 1].text == ",":
                self._participle(lo, v, hi)

    def _speech_clause(self, lo: int, v: int, hi: int) -> bool:
        toks = self.toks
        who = self.subject_before(lo, v)
        if who is None and v > lo and toks[v - 1].text == ",":
            who = self.subject_after(v, hi)
            if who is not None:
                return self.add_span(who.name, lo, v - 1)
        if who is None:
            return False
        k = self._statement_start(v, hi)
        if k < hi and toks[k].text not in _TRAIL:
            return self.add_span(who.name, k, self._statement_end(k, hi))
        # "Prices could fall next winter, she said, if ...": the statement comes first.
        c = v - 1
        while c > lo and toks[c].text != ",":
            c -= 1
        return c > lo and self.add_span(who.name, lo, c)

    def _statement_start(self, v: int, hi: int) -> int:
        toks = self.toks
        k = v + 1
        if toks[v].low in _TO_WHOM:  # skip the one spoken to
            that = next((i for i in range(k, min(hi, k + 10)) if toks[i].low == "that"), None)
            if that is not None:
                return that + 1
            k = self._after_audience(k, hi)
        if k < hi and toks[k].low == "on" and k + 1 < hi and toks[k + 1].is_cap:
            k += 2  # "said on Monday"
        if k + 1 < hi and toks[k].low == "that" and toks[k + 1].low not in _FINITE:
            k += 1  # "said that prices rose", not "said that will mean"
        return k

    def _after_audience(self, k: int, hi: int) -> int:
        """The token after the one spoken to: "reporters", "the court", "ABC radio",
        "Channel Nine,", "the BBC's Newsnight program", "a news conference"."""
        toks = self.toks
        start = k
        if k < hi and toks[k].low in _LEAD_WORDS:
            k += 1
        while k < hi and toks[k].is_cap and toks[k].is_word:
            k += 1
        nouns = 0
        while k < hi and nouns < 2 and (toks[k].low in AUDIENCE or (k == start and toks[k].text.islower())):
            k += 1
            nouns += 1
        if k == start:
            k += 1
        if k < hi and toks[k].text == ",":
            k += 1
        return k

    def _statement_end(self, k: int, hi: int) -> int:
        """Token index ending the statement: the sentence's end, or a trailing ", adding ..." phrase."""
        toks = self.toks
        for i in range(k + 1, hi - 1):
            nxt = toks[i + 1]
            if toks[i].text == "," and nxt.text.islower() and nxt.low.endswith("ing") and len(nxt.low) > 5:
                return i
        return hi

    def _participle(self, lo: int, v: int, hi: int) -> None:
        toks = self.toks
        that = v + 1 < hi and toks[v + 1].low == "that"
        k = v + 1 + that
        end = next((i for i in range(k, hi) if toks[i].text in ",;"), hi)
        if not (that or {t.low for t in toks[k:end]} & _FINITE):
            return
        who = self.mention_ending(v - 2) if v >= 2 else None
        if who is None:
            firsts = [self.by_end.get(t.end) for t in toks[lo : min(v, lo + 10)]]
            who = next((m for m in firsts if m is not None), None)
        if who is not None:
            self.add_span(who.name, k, end)

    def _according(self, v: int, hi: int) -> bool:
        toks = self.toks
        for i in range(v + 2, min(hi, v + 10)):
            who = self.mention_ending(i)
            if who is not None:
                if i + 2 < hi and toks[i + 1].text == ",":
                    return self.add_span(who.name, i + 2, hi)
                return False
        return False

    # -- output ----------------------------------------------------------------------

    def add_span(self, speaker: str, k: int, end: int) -> bool:
        """A reported statement over tokens k..end-1, less trailing punctuation."""
        toks = self.toks
        while end > k and toks[end - 1].text in _TRAIL:
            end -= 1
        words = [t for t in toks[k:end] if t.is_word]
        if len(words) < 2:
            return False
        self.add(speaker, toks[k].start, toks[end - 1].end, "reported")
        return True

    def add(self, speaker: str, start: int, end: int, kind: str) -> None:
        self.out.append(ExtractedQuote(speaker, self.text[start:end], start, end, self.where, kind))
        self.last_speaker = speaker

    def run(self) -> list[ExtractedQuote]:
        cues = [i for i, low in enumerate(map(_LOW, self.toks)) if low in _CUES]
        spans = self.spans
        # The quotations are in text order and do not overlap: those of a unit are a slice.
        span_starts = [s for s, _ in spans]
        for lo, hi in self.units():
            if lo >= hi:
                continue
            before = len(self.out)
            s0, s1 = self.toks[lo].start, self.toks[hi - 1].end
            a = b = bisect.bisect_right(span_starts, s0)
            while b < len(spans) and spans[b][1] <= s1:
                b += 1
            inner = spans[a:b]
            attributed = bool(inner) and self.direct(lo, hi, inner)
            k = bisect.bisect_left(cues, lo)
            if not attributed and k < len(cues) and cues[k] < hi:
                self.reported(lo, hi)
            if len(self.out) == before:
                self.last_speaker = ""
        return self.out


def _describing(low: str) -> bool:
    """A lowercase word that may describe an inverted speaker ("said union organiser X"),
    unlike a verb ("said police had arrested X")."""
    return low in _LEAD_WORDS or not (low in _FINITE or low.endswith("ed") or low in SPEECH_VERBS)


def _long(quoted: str) -> bool:
    return len(quoted.split()) >= 3


def find_quotes(
    toks: list[Tok], text: str, mentions: list[ExtractedMention], where: str, g: Gazetteer
) -> list[ExtractedQuote]:
    """Direct and reported quotes of one text whose speaker is one of its person mentions."""
    people = [m for m in mentions if m.kind in ("person", "candidate") and m.where == where]
    if not people:
        return []
    return _Finder(toks, text, people, where, g).run()
