"""Names in one text: capitalised runs split into roles, known places and organisations, and names.

A run of capitalised tokens is read left to right: known organisations and places
(the gazetteer, then the place lexicon), nationality words (sides), titles, and
the rest as a name, which is judged by the evidence rules in search.evidence.
"""

from __future__ import annotations

from .evidence import ALWAYS_COMMON, Judge, NameSpan
from .gazetteer import Gazetteer
from .lexicon import Lexicon
from .mentions import ExtractedMention
from .tokens import ABBREV_END, HEADLINE, Tok, is_possessive, strip_possessive

PARTICLES = frozenset("von van der den de da di du la le del della dos das bin ibn al el ben ter st".split())
# Particles that may open a surname written without the given name ("bin Laden", "van Gogh").
_NAME_PARTICLES = frozenset("bin ibn van von al el".split())
# Words that never end a name: a weekday or month glued after it ("Minister Ana Restrepo Friday").
_GLUED_AFTER = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february april june july "
    "august september october november december tonight today yesterday".split()
)
_MAX_PLACE_TOKENS = 4
# Months' short forms that are also given names ("Jan Kowalski", "Jun Tanaka").
_MONTH_GIVEN = frozenset(("jan", "jun"))


class Reader:
    """Splits capitalised runs into mentions; one per extractor."""

    def __init__(self, g: Gazetteer, lex: Lexicon) -> None:
        self.g = g
        self.lex = lex
        self.judge = Judge(g, lex)
        self._known_first = frozenset(k.split()[0] for k in g.known)
        self._place_first = frozenset(k.split()[0] for k in lex.places)

    # -- runs --------------------------------------------------------------------------

    def runs(self, toks: list[Tok]) -> list[list[Tok]]:
        """Maximal runs of capitalised tokens (particles allowed inside)."""
        runs: list[list[Tok]] = []
        cur: list[Tok] = []
        joins = self._joins
        for i, t in enumerate(toks):
            if t.is_cap and t.is_word and not t.in_caps:
                if cur and t.sentence != cur[-1].sentence:
                    runs.append(cur)
                    cur = []
                cur.append(t)
                continue
            if not cur and not t.is_cap and t.low not in _NAME_PARTICLES:
                continue  # the common case: a lowercase word or a mark outside any run
            if cur and cur[-1].low == "of" and t.text.isdigit():
                cur.append(t)
                continue
            if joins(toks, i, cur):
                if cur and t.sentence != cur[-1].sentence:
                    runs.append(cur)
                    cur = []
                cur.append(t)
            elif cur and t.text == "." and self._inner_dot(toks, i, cur):
                continue  # the dot of a middle initial or a title: "George W. Bush", "Dr. Lee"
            else:
                if cur:
                    runs.append(cur)
                cur = []
        if cur:
            runs.append(cur)
        return runs

    def _joins(self, toks: list[Tok], i: int, cur: list[Tok]) -> bool:
        """Whether toks[i] extends (or opens) the current run."""
        t = toks[i]
        if t.is_word and t.is_cap:
            return not (t.in_caps and self.judge.headline_word(t.low, strict=t.in_caps == HEADLINE))
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if cur and t.text == "&":
            return nxt is not None and nxt.is_word and nxt.is_cap  # "Straughan & Co", "Procter & Gamble"
        if cur and t.low == "of":
            return nxt is not None and (nxt.text[0].isdigit() or (nxt.is_word and nxt.is_cap))
        if cur:
            return t.low in PARTICLES and _particles_then_cap(toks, i)
        return (
            t.low in _NAME_PARTICLES
            and t.text.islower()
            and nxt is not None
            and nxt.is_word
            and nxt.is_cap
            and i > 0
            and toks[i - 1].sentence == t.sentence
            and not toks[i - 1].is_cap
        )

    def _inner_dot(self, toks: list[Tok], i: int, cur: list[Tok]) -> bool:
        last = cur[-1]
        titled = last.low in ABBREV_END and (last.low in self.g.honorifics or last.low in self.g.titles)
        return ((len(last.text) == 1 and last.is_cap) or titled) and i + 1 < len(toks) and toks[i + 1].is_cap

    # -- known entities ----------------------------------------------------------------

    def known_at(self, run: list[Tok], i: int) -> tuple[int, str, str] | None:
        """Longest gazetteer or place-lexicon match starting at run[i]: (length, canonical, kind)."""
        first = strip_possessive(run[i].low)
        in_known = first in self._known_first
        if not in_known and first not in self._place_first:
            return None
        longest = max(self.g.max_known_tokens, _MAX_PLACE_TOKENS)
        keys = [first]
        for t in run[i + 1 : i + longest]:
            keys.append(keys[-1] + " " + strip_possessive(t.low))
        if in_known:
            known = self.g.known
            for n in range(min(self.g.max_known_tokens, len(keys)), 0, -1):
                hit = known.get(keys[n - 1])
                if hit:
                    return n, hit[0], hit[1]
        places = self.lex.places
        for n in range(min(_MAX_PLACE_TOKENS, len(keys)), 0, -1):
            canonical = places.get(keys[n - 1])
            if canonical and self.judge.place_stands(run, i, n, canonical):
                return n, canonical, "place"
        return None

    # -- one run -----------------------------------------------------------------------

    def classify_run(
        self, run: list[Tok], toks: list[Tok], text: str, where: str, lower_words: frozenset[str] | set[str]
    ) -> list[ExtractedMention]:
        """The mentions of one capitalised run (lower_words: the words the text writes in lowercase)."""
        if len(run) == 1 and (run[0].low in ALWAYS_COMMON or run[0].low in self.g.common_words):
            return []  # the most frequent run of all: "The", "But", "It" opening a sentence
        nxt = run[-1].index + 1
        numbered = nxt < len(toks) and toks[nxt].text.isdigit()
        if numbered and self.known_at(run, 0) is None and self.judge.team_run(run, toks, text):
            return [self._mention(text, run, "org", where)]
        if self._named_for_a_place(run):
            return [self._mention(text, run, "org", where)]
        run = self._trim(run, toks, lower_words)
        if not run:
            return []
        k = self._person_of(run)
        if k:  # "Maria Lindqvist of Norrvik Mining": the person, then the firm
            head, rest = run[:k], run[k + 1 :]
            return [
                *self.classify_run(head, toks, text, where, lower_words),
                *self.classify_run(rest, toks, text, where, lower_words),
            ]
        known = self.known_at(run, 0)
        if known and known[0] < len(run) and _possessive(run[known[0] - 1]) and self.judge.org_word(run[-1].low):
            # "Japan's Health Ministry", "Germany's Rheinmark Bank AG": the owner, then its organisation
            owner = self._mention(text, run[: known[0]], known[2], where, known[1])
            return [owner, *self.classify_run(run[known[0] :], toks, text, where, lower_words)]
        org = None if known and known[0] == len(run) else self.judge.org_run(run, toks)
        if org:
            return [self._mention(text, org, "org", where)]
        return self._split_run(run, toks, text, where, known)

    def _trim(self, run: list[Tok], toks: list[Tok], lower_words: frozenset[str] | set[str]) -> list[Tok]:
        """Drops ordinary words that open the run and particles or glued weekdays that end it."""
        first = run[0]
        idx = first.index
        sentence_start = idx == 0 or toks[idx - 1].sentence != first.sentence or toks[idx - 1].text in "\"“‘'("
        if len(run) > 1 and self.judge.org_word(run[-1].low):
            # "the International Atomic Energy Agency": an organisation's own words stay, but
            # not a sentence's opening word before "of" ("Shares of Dnipro Credit Bank").
            while run and (run[0].low in ALWAYS_COMMON or run[0].low == "of" or _opens_with_of(run)):
                run = run[1:]
            return run
        while (
            run
            and not self._opens_known_phrase(run)
            and (
                self._opening_noise(run, sentence_start)
                or (sentence_start and run[0].low in lower_words and run[0].low not in self.g.titles)
            )
        ):
            run = run[1:]
            sentence_start = False
        while run and (
            run[-1].low in PARTICLES
            or run[-1].low == "of"
            or run[-1].low in _GLUED_AFTER
            or (len(run) > 2 and run[-1].text.isupper() and run[-1].low in self.g.post_nominals)
        ):
            run = run[:-1]
        return run

    def _named_for_a_place(self, run: list[Tok]) -> bool:
        """A company word before a place is one company's name: "Air France", "Radio Sweden"."""
        if len(run) < 2 or run[0].low not in self.g.org_before_place:
            return False
        known = self.known_at(run, 1)
        return known is not None and known[0] == len(run) - 1 and known[2] == "place"

    def _opens_known_phrase(self, run: list[Tok]) -> bool:
        """A known name of several words opens the run ("South Africa", "New Zealand"): its first
        word is no sentence-opening noise, though alone it is a common word."""
        if len(run) < 2 or run[0].low in ALWAYS_COMMON:
            return False
        known = self.known_at(run, 0)
        return known is not None and known[0] > 1

    def _opening_noise(self, run: list[Tok], sentence_start: bool) -> bool:
        g = self.g
        low = run[0].low
        if low == "of":
            return True
        if (low in g.common_words or low in ALWAYS_COMMON) and not (
            self.judge.given(low) and len(run) > 1 and (not sentence_start or self._month_given_name(run))
        ):
            return True
        if sentence_start and self.judge.opening_word(run):
            return True
        return self._opens_before_given_name(run)

    def _month_given_name(self, run: list[Tok]) -> bool:
        """A month's short form that is a given name, before a word only a name can be, opens the
        name though it opens the sentence ("Jan Wielgosz lost"); "Jan Reuters" does not."""
        if run[0].low not in _MONTH_GIVEN:
            return False
        nxt = run[1].low
        g = self.g
        return not (
            nxt in ALWAYS_COMMON
            or nxt in g.common_words
            or nxt in g.titles
            or nxt in g.sides
            or nxt in g.known
            or nxt in self.lex.places
            or self.judge.common(nxt)
        )

    def _opens_before_given_name(self, run: list[Tok]) -> bool:
        """A sentence's unknown opening word before a given name and surname ("Striker Peter
        Brandt said"): capitalised only by position, so no part of the name."""
        g = self.g
        low = run[0].low
        return (
            len(run) >= 3
            and run[1].low in g.given_names
            and run[2].is_cap
            and low not in g.given_names
            and low not in g.surnames_first
            and low not in g.titles
            and low not in g.sides
            and self.known_at(run, 0) is None
        )

    def _mention(self, text: str, span: list[Tok], kind: str, where: str, canonical: str = "") -> ExtractedMention:
        end = span[-1].start + len(strip_possessive(span[-1].text))
        surface = text[span[0].start : end]
        name = canonical or " ".join(strip_possessive(t.text) for t in span)
        return ExtractedMention(surface, name, kind, span[0].start, end, where, sentence=span[0].sentence)

    def _split_run(
        self, run: list[Tok], toks: list[Tok], text: str, where: str, known_first: tuple[int, str, str] | None
    ) -> list[ExtractedMention]:
        """The mentions of a run, given the known entity at its first token."""
        g = self.g
        known_at = [known_first, *(self.known_at(run, i) for i in range(1, len(run)))]
        out: list[ExtractedMention] = []
        role_toks: list[Tok] = []
        side = ""
        i = 0
        while i < len(run):
            known = known_at[i]
            if known and self._small_place_as_company(run, i, known, toks, text):
                known = known_at[i] = None
            if known:
                n, canonical, kind = known
                span = run[i : i + n]
                out.append(self._mention(text, span, kind, where, canonical))
                role_toks.extend(span)
                side = g.sides.get(" ".join(t.low for t in span)) or (canonical if kind == "place" else side)
                i += n
                continue
            t = run[i]
            if t.low in g.sides:
                side = g.sides[t.low]
                role_toks.append(t)
                i += 1
                continue
            if self._title_word(t, role_toks):
                role_toks.append(t)
                i += 1
                continue
            j = i + 1
            while j < len(run) and not known_at[j]:
                j += 1
            name_toks = run[i:j]
            while len(name_toks) > 1 and name_toks[-1].low == "of":
                name_toks = name_toks[:-1]  # "King Harald V of Norway"
            # A role noun inside the candidate ends a qualifier the gazetteer does not know:
            # "Fisheries Minister Aroha Tanewa" -> role "Fisheries Minister", name "Aroha Tanewa".
            k = max(
                (
                    n
                    for n, t in enumerate(name_toks[:-1])
                    if t.low in g.role_nouns or (self._plural_role(t.low) and self.judge.given(name_toks[n + 1].low))
                ),
                default=-1,
            )
            if k >= 0:
                role_toks.extend(name_toks[: k + 1])
                name_toks = name_toks[k + 1 :]
            k = self._person_of(name_toks)
            if k:  # "Jens Verhoeven of Team Lotto": the person, then what they belong to
                out.extend(self.judge.name(NameSpan(name_toks[:k], role_toks, side, toks, text, where)))
                name_toks, role_toks = name_toks[k + 1 :], []
            found = self.judge.name(NameSpan(name_toks, role_toks, side, toks, text, where))
            out.extend(found)
            role_toks = []
            i = j
        return out

    def _plural_role(self, low: str) -> bool:
        """A role noun's plural, before names ("Businessmen Tomas Reyes and Ana Ortiz")."""
        nouns = self.g.role_nouns
        return (low.endswith("men") and low[:-3] + "man" in nouns) or (low.endswith("s") and low[:-1] in nouns)

    def _person_of(self, name_toks: list[Tok]) -> int:
        """Where "of" parts a person's name opening with a given name from a team, a firm or a
        town after it (0 when it does not): "Jens Verhoeven of Team Lotto Vlaanderen"."""
        k = next((n for n, t in enumerate(name_toks) if t.low == "of"), 0)
        if k < 2 or k + 1 >= len(name_toks) or not self.judge.given(name_toks[0].low):
            return 0
        return 0 if any(self.judge.org_word(t.low) or t.low in self.g.titles for t in name_toks[:k]) else k

    def _small_place_as_company(
        self, run: list[Tok], i: int, known: tuple[int, str, str], toks: list[Tok], text: str
    ) -> bool:
        """A one-word town from the lexicon where a company stands: "Shares of Quillon fell"."""
        n, canonical, kind = known
        if kind != "place" or n != 1 or canonical in self.lex.countries or run[i].low in self.g.known:
            return False
        return self.judge.org_context(NameSpan(run[i : i + 1], [], "", toks, text, ""))

    def _title_word(self, t: Tok, role_toks: list[Tok]) -> bool:
        g = self.g
        return (
            (t.low in g.titles and t.low not in g.given_names)
            or (t.low == "of" and bool(role_toks))
            or ("-" in t.low and all(part in g.titles for part in t.low.split("-")))
        )


def _possessive(t: Tok) -> bool:
    """ "Germany's Rheinmark Bank AG": the place that owns what follows is no part of its name."""
    return is_possessive(t.low)


def _opens_with_of(run: list[Tok]) -> bool:
    return len(run) > 2 and run[1].low == "of" and run[0].low not in ALWAYS_COMMON and not run[0].in_caps


def _particles_then_cap(toks: list[Tok], i: int) -> bool:
    """Whether the particle at toks[i] (with any particles after it) leads to a capitalised word:
    "van Beethoven", "von der Leyen", "de la Renta"."""
    j = i + 1
    while j < len(toks) and j - i <= 3 and toks[j].low in PARTICLES and toks[j].text.islower():
        j += 1
    return j < len(toks) and toks[j].is_word and toks[j].is_cap
