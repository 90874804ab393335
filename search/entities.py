"""Finding people, organisations and places in English news text, with roles and quotes.

Rule-based and model-free: capitalised runs are split into roles (titles,
nationalities, known organisations) and a name, and a name is judged a person
from evidence in the text (a title or honorific before it, a given name, a
speech verb beside it, an appositive role, or its surname standing alone
elsewhere). Single capitalised words with no evidence are kept as "candidate"
mentions that cross-article linking may later confirm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .gazetteer import Gazetteer, default_gazetteer
from .quote_records import link_speakers
from .quotes import ExtractedQuote, find_quotes, speech_beside

_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"  # acronyms with dots: U.S., U.K.
    r"|[^\W\d_](?:[\w'’\-]*[^\W_])?"  # words, with inner apostrophes and hyphens
    r"|\d+[^\W\d_]\w*"  # 5G, 10th
    r"|\d+(?:[.,]\d+)*"
    r"|[^\w\s]"
)
_POSSESSIVE = re.compile(r"['’]s?$")
_PARTICLES = frozenset("von van der den de da di du la le del della dos das bin ibn al el ben ter st".split())
# Particles that may open a surname written without the given name ("bin Laden", "van Gogh").
_NAME_PARTICLES = frozenset("bin ibn van von al el".split())
# Place words that never end a person's name (unlike Hill, Street or Park, which are surnames).
_PLACE_ONLY = frozenset(
    "highway island islands springs river bay lake mountains valley desert beach strait sea "
    "ocean creek reef peninsula gulf airport harbour harbor district province county".split()
)
_ABBREV_END = frozenset(
    "mr mrs ms dr st jr sr gen col lt sen rep gov prof rev capt maj sgt adm no vs etc inc co corp ltd".split()
)
_CREDIT = re.compile(
    r"\b(?:REUTERS|Reuters|AP|AFP|EPA|Getty Images|Getty|Bloomberg|Xinhua|AAP|[A-Z]{2,})"
    r"\s*/\s*([A-Z][A-Za-z'’\-]+(?: [A-Z][A-Za-z'’\-]+){1,3})"
)
_PHOTO_BY = re.compile(r"\b(?:Photo|Picture|Image)(?: by|:)\s+([A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+){1,3})")
_CELTIC_SURNAME = re.compile(r"^(?:Mc|Mac|O['’])[A-Z][a-z]+$")


class Tok:
    """A token with its offsets and sentence number; derived flags are computed once."""

    __slots__ = ("text", "start", "end", "sentence", "low", "is_cap", "is_word", "index")

    def __init__(self, text: str, start: int, end: int, sentence: int, index: int) -> None:
        self.index = index  # position in its text's token list
        self.text = text
        self.start = start
        self.end = end
        self.sentence = sentence
        self.low = text.lower()
        first = text[0]
        self.is_cap = first.isupper()
        self.is_word = first.isalpha()


@dataclass(frozen=True)
class ExtractedMention:
    """A mention found in one text: kind is person, org, place, or candidate."""

    surface: str
    name: str
    kind: str
    start: int
    end: int
    where: str
    role: str = ""
    side: str = ""
    sentence: int = 0


@dataclass(frozen=True)
class Extraction:
    mentions: tuple[ExtractedMention, ...]
    quotes: tuple[ExtractedQuote, ...]


def tokenize(text: str) -> list[Tok]:
    """Word, acronym, number and punctuation tokens with sentence numbers."""
    toks: list[Tok] = []
    append = toks.append
    find = text.find
    sentence = 0
    prev: Tok | None = None
    for i, m in enumerate(_TOKEN.finditer(text)):
        start = m.start()
        if (
            prev is not None
            and (prev.text in _BREAK_CHARS or find("\n", prev.end, start) >= 0)
            and (_ends_sentence(toks, text, start))
        ):
            sentence += 1
        prev = Tok(m.group(), start, m.end(), sentence, i)
        append(prev)
    return toks


_BREAK_CHARS = frozenset(".!?”’\"'")


def _ends_sentence(toks: list[Tok], text: str, next_start: int) -> bool:
    """Whether a sentence ends between the last token so far and the next one."""
    last = len(toks) - 1
    dot = toks[last]
    if text.find("\n", dot.end, next_start) >= 0:
        return True
    if dot.text in "”’\"'" and last >= 1 and toks[last - 1].text in ".!?":
        last -= 1
        dot = toks[last]
    if dot.text not in ".!?":
        return False
    if dot.text != ".":
        return True
    if last < 1:
        return True
    before = toks[last - 1]
    if before.low in _ABBREV_END or (len(before.text) == 1 and before.text.isupper()):
        return False
    nxt = text[next_start : next_start + 1]
    return nxt.isupper() or nxt in "\"'“‘(" or nxt.isdigit()


def _case_fold_caps(text: str) -> str:
    """Title-case words written in capitals, keeping every offset (for all-caps captions)."""

    def fix(m: re.Match) -> str:
        w = m.group()
        return w[0] + w[1:].lower() if len(w) > 3 else w

    return re.sub(r"\b[A-Z][A-Z'’\-]{2,}\b", fix, text)


class EntityExtractor:
    """Extracts mentions and quotes from article text."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.g = gazetteer or default_gazetteer()
        self._known_first = frozenset(k.split()[0] for k in self.g.known)

    # -- public --------------------------------------------------------------------

    def extract(self, body: str, captions: tuple[str, ...] = ()) -> Extraction:
        """Mentions and quotes of an article's body and captions."""
        mentions: list[ExtractedMention] = []
        quotes: list[ExtractedQuote] = []
        texts = [("body", body)] + [(f"caption:{i}", c) for i, c in enumerate(captions)]
        for where, text in texts:
            m, q = self._extract_text(text, where, caption=where != "body")
            mentions.extend(m)
            quotes.extend(q)
        unlinked = mentions
        mentions = _link_within_article(mentions)
        quotes = link_speakers(quotes, unlinked, mentions)
        return Extraction(tuple(mentions), tuple(quotes))

    # -- one text ------------------------------------------------------------------

    def _extract_text(
        self, text: str, where: str, caption: bool
    ) -> tuple[list[ExtractedMention], list[ExtractedQuote]]:
        out: list[ExtractedMention] = []
        credit_spans: list[tuple[int, int]] = []
        for rx in (_CREDIT, _PHOTO_BY):
            for m in rx.finditer(text):
                surface = m.group(1)
                if surface.lower().startswith("file photo"):
                    continue
                name = _title_name(surface)
                out.append(ExtractedMention(surface, name, "person", m.start(1), m.end(1), where, role="photographer"))
                credit_spans.append((m.start(), m.end()))
        scan = _case_fold_caps(text) if caption or _mostly_caps(text) else text
        toks = tokenize(scan)
        lower_words = {t.text for t in toks if t.is_word and t.text.islower()}
        runs = self._runs(toks, lower_words)
        for run in runs:
            if any(s <= run[0].start < e for s, e in credit_spans):
                continue
            out.extend(self._classify_run(run, toks, text, where, lower_words))
        quotes = self._quotes(toks, text, out, where)
        return out, quotes

    def _runs(self, toks: list[Tok], lower_words: set[str]) -> list[list[Tok]]:
        """Maximal runs of capitalised tokens (particles allowed inside)."""
        runs: list[list[Tok]] = []
        cur: list[Tok] = []
        for i, t in enumerate(toks):
            cap = t.is_word and t.is_cap
            of_link = (
                cur
                and t.low == "of"
                and i + 1 < len(toks)
                and (toks[i + 1].text[0].isdigit() or (toks[i + 1].is_word and toks[i + 1].is_cap))
            )
            if cur and cur[-1].low == "of" and t.text.isdigit():
                cur.append(t)
                continue
            lead_particle = (
                not cur
                and t.low in _NAME_PARTICLES
                and t.text.islower()
                and i + 1 < len(toks)
                and toks[i + 1].is_word
                and toks[i + 1].is_cap
                and i > 0
                and toks[i - 1].sentence == t.sentence
                and not toks[i - 1].is_cap
            )
            if cap or of_link or lead_particle or (cur and t.low in _PARTICLES and _particles_then_cap(toks, i)):
                if cur and t.sentence != cur[-1].sentence:
                    runs.append(cur)
                    cur = []
                cur.append(t)
            elif (
                cur
                and t.text == "."
                and (
                    (len(cur[-1].text) == 1 and cur[-1].is_cap)
                    or (
                        cur[-1].low in _ABBREV_END
                        and (cur[-1].low in self.g.honorifics or cur[-1].low in self.g.titles)
                    )
                )
                and i + 1 < len(toks)
                and toks[i + 1].is_cap
            ):
                continue  # the dot of a middle initial or a title: "George W. Bush", "Dr. Lee"
            else:
                if cur:
                    runs.append(cur)
                cur = []
        if cur:
            runs.append(cur)
        return runs

    def _known_at(self, run: list[Tok], i: int) -> tuple[int, str, str] | None:
        """Longest gazetteer match starting at run[i]: (length, canonical, kind)."""
        g = self.g
        if _strip_possessive(run[i].low) not in self._known_first:
            return None
        for n in range(min(g.max_known_tokens, len(run) - i), 0, -1):
            words = [_strip_possessive(t.text) for t in run[i : i + n]]
            key = " ".join(words).lower()
            hit = g.known.get(key)
            if hit:
                return n, hit[0], hit[1]
        return None

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
            and self._known_at(run, 0) is None
        )

    def _classify_run(
        self,
        run: list[Tok],
        toks: list[Tok],
        text: str,
        where: str,
        lower_words: set[str],
    ) -> list[ExtractedMention]:
        g = self.g
        out: list[ExtractedMention] = []
        # A sentence-initial ordinary word ("Asked", "Top") is not part of a name.
        first = run[0]
        idx = _index_of(toks, first)
        sentence_start = idx == 0 or toks[idx - 1].sentence != first.sentence or toks[idx - 1].text in "\"“‘'("
        while run and (
            (run[0].low in g.common_words or run[0].low in _ALWAYS_COMMON)
            and not (run[0].low in g.given_names and len(run) > 1 and not sentence_start)
            or (sentence_start and run[0].low in lower_words and run[0].low not in g.titles)
            or run[0].low == "of"
            or self._opens_before_given_name(run)
        ):
            run = run[1:]
            sentence_start = False
        while run and run[-1].low in _PARTICLES | {"of"}:
            run = run[:-1]
        if not run:
            return out
        role_toks: list[Tok] = []
        side = ""
        i = 0
        while i < len(run):
            known = self._known_at(run, i)
            if known:
                n, canonical, kind = known
                span = run[i : i + n]
                end = span[-1].start + len(_strip_possessive(span[-1].text))
                out.append(
                    ExtractedMention(
                        text[span[0].start : end], canonical, kind, span[0].start, end, where, sentence=span[0].sentence
                    )
                )
                role_toks.extend(span)
                side_name = g.sides.get(" ".join(t.low for t in span))
                if side_name:
                    side = side_name
                elif kind == "place":
                    side = canonical
                i += n
                continue
            t = run[i]
            if t.low in g.sides:
                side = g.sides[t.low]
                role_toks.append(t)
                i += 1
                continue
            if (
                (t.low in g.titles and t.low not in g.given_names)
                or (t.low == "of" and role_toks)
                or ("-" in t.low and all(part in g.titles for part in t.low.split("-")))
            ):
                role_toks.append(t)
                i += 1
                continue
            # The rest of the run, up to the next known entity, is a name candidate.
            j = i + 1
            while j < len(run) and not self._known_at(run, j):
                j += 1
            name_toks = run[i:j]
            # A title inside the candidate ends a qualifier the gazetteer does not know:
            # "Fisheries Minister Aroha Tanewa" -> role "Fisheries Minister", name "Aroha Tanewa".
            k = max((n for n, t in enumerate(name_toks[:-1]) if t.low in g.role_nouns), default=-1)
            if k >= 0:
                role_toks.extend(name_toks[: k + 1])
                name_toks = name_toks[k + 1 :]
            out.extend(self._judge_name(name_toks, role_toks, side, toks, text, where))
            role_toks = []
            i = j
        return out

    def _judge_name(
        self,
        name_toks: list[Tok],
        role_toks: list[Tok],
        side: str,
        toks: list[Tok],
        text: str,
        where: str,
    ) -> list[ExtractedMention]:
        g = self.g
        last = name_toks[-1]
        end = last.start + len(_strip_possessive(last.text))
        start = name_toks[0].start
        surface = text[start:end]
        words = [_strip_possessive(t.text) for t in name_toks]
        lows = [w.lower() for w in words]
        if any(w[0].isdigit() for w in words) or not surface:
            return []
        sentence = name_toks[0].sentence
        if lows[-1] in g.org_keywords and len(words) > 1:
            return [ExtractedMention(surface, " ".join(words), "org", start, end, where, sentence=sentence)]
        if len(words) > 1 and (
            lows[-1] in _PLACE_ONLY or (lows[-1] in g.place_keywords and lows[0] not in g.given_names)
        ):
            return [ExtractedMention(surface, " ".join(words), "place", start, end, where, sentence=sentence)]
        if any(w in g.org_keywords for w in lows[1:]) and lows[0] not in g.given_names:
            return []
        if lows[0] in g.org_keywords and lows[0] not in g.given_names:
            return []  # "Channel Seven", "Government"
        if len(words) == 1 and (lows[0] in g.sides or lows[0].rstrip("s") in g.sides or lows[0] in g.place_keywords):
            return []  # "Australians say": a people, not a person
        if "of" in lows or (len(words) == 1 and _not_a_name(words[0])):
            return []
        idx = _index_of(toks, name_toks[0])
        before = _words_before(toks, idx, 6)
        after = toks[_index_of(toks, last) + 1 : _index_of(toks, last) + 6]
        honorific = bool(role_toks) and role_toks[-1].low in g.honorifics
        titled = bool(role_toks) and role_toks[-1].low in g.role_nouns
        role, role_side = self._role_before(toks, idx, role_toks)
        side = side or role_side
        evidence = honorific or titled
        if not evidence:
            evidence = lows[0] in g.given_names and len(words) > 1
        if not evidence:
            evidence = lows[0] in g.surnames_first and len(words) in (2, 3)
        if not evidence and len(words) in (2, 3):
            evidence = bool(_CELTIC_SURNAME.match(words[-1]))
        if not evidence and speech_beside(before, after):
            evidence = True
        appositive = _appositive_role(after, toks, _index_of(toks, last), g)
        if appositive and not role:
            role = appositive
        if not evidence and appositive:
            evidence = True
        kind = "person" if evidence else "candidate"
        if kind == "candidate" and len(words) > 3:
            return []
        if kind == "candidate" and len(words) == 1 and lows[0] in g.common_words:
            return []
        return [
            ExtractedMention(
                surface,
                " ".join(words),
                kind,
                start,
                end,
                where,
                role=role,
                side=side,
                sentence=sentence,
            )
        ]

    def _role_before(self, toks: list[Tok], idx: int, role_toks: list[Tok]) -> tuple[str, str]:
        """The title or description written just before a name, and the side it names."""
        g = self.g
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
        if not taken and role_toks:
            taken = list(reversed(role_toks))
        if not taken:
            return "", ""
        taken.reverse()
        if not (taken[-1].low in g.titles or taken[-1].low in g.role_nouns):
            return "", ""
        side = ""
        while taken:
            low = taken[0].low
            if low in g.sides or g.known.get(low, ("", ""))[1] == "place":
                side = g.sides.get(low) or g.known[low][0]
            elif low in g.titles or low in g.role_nouns or not (low in g.common_words or low in _ALWAYS_COMMON):
                break
            # else an ordinary word opening the sentence ("Even Commerce Secretary"): not the role
            taken = taken[1:]
        while taken and taken[0].low in g.honorifics:
            taken = taken[1:]
        if not taken:
            return "", side
        role = " ".join(t.text for t in taken)
        return role, side

    def _quotes(self, toks: list[Tok], text: str, mentions: list[ExtractedMention], where: str) -> list[ExtractedQuote]:
        """Direct and reported quotes whose speaker is a person named in the text (search.quotes)."""
        return find_quotes(toks, text, mentions, where, self.g)


_ALWAYS_COMMON = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december jan feb mar apr jun jul aug sep "
    "sept oct nov dec the a an but and or photo file picture image continue related".split()
)


def _particles_then_cap(toks: list[Tok], i: int) -> bool:
    """Whether the particle at toks[i] (with any particles after it) leads to a capitalised word:
    "van Beethoven", "von der Leyen", "de la Renta"."""
    j = i + 1
    while j < len(toks) and j - i <= 3 and toks[j].low in _PARTICLES and toks[j].text.islower():
        j += 1
    return j < len(toks) and toks[j].is_word and toks[j].is_cap


def _not_a_name(word: str) -> bool:
    """Acronyms and hyphenated words with a lowercase part ("Mid-level") are not names."""
    if word.isupper() and len(word) <= 5:
        return True
    parts = word.split("-")
    return len(parts) > 1 and any(p[:1].islower() for p in parts[1:]) and parts[0].lower() not in _PARTICLES


def _strip_possessive(word: str) -> str:
    if word.endswith(("'s", "’s")) and len(word) > 2:
        return word[:-2]
    return word


_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")


def _mostly_caps(text: str) -> bool:
    upper = len(_UPPER.findall(text))
    lower = len(_LOWER.findall(text))
    return upper + lower > 0 and upper / (upper + lower) > 0.6


def _title_name(surface: str) -> str:
    if surface.isupper():
        # Each part of a hyphenated or apostrophised name: "GARCIA-LOPEZ" -> "Garcia-Lopez".
        return re.sub(r"[A-Z]+", lambda m: m.group()[0] + m.group()[1:].lower(), surface)
    return surface


def _index_of(toks: list[Tok], tok: Tok) -> int:
    return tok.index


def _words_before(toks: list[Tok], idx: int, n: int) -> list[Tok]:
    return toks[max(0, idx - n) : idx]


def _appositive_role(after: list[Tok], toks: list[Tok], last_idx: int, g: Gazetteer) -> str:
    """ "Navarro, the toughest China critic in ..." -> "toughest China critic"."""
    if not after or after[0].text != ",":
        return ""
    seq = toks[last_idx + 2 : last_idx + 12]
    if not seq or seq[0].low not in ("the", "a", "an", "who", "his", "her"):
        return ""
    words: list[Tok] = []
    for t in seq[1:]:
        if not t.is_word:
            break
        words.append(t)
        if t.low in g.role_nouns:
            return " ".join(w.text for w in words)
    return ""


def _name_key(name: str, nicknames: dict[str, str]) -> tuple[str, str]:
    """(normalised first name, surname) of a full name; middle initials ignored."""
    parts = [p for p in name.replace(".", " ").split() if not (len(p) == 1 and p.isupper())]
    if len(parts) < 2:
        return ("", parts[0].lower() if parts else "")
    first = parts[0].lower()
    return (nicknames.get(first, first), parts[-1].lower())


def _link_within_article(mentions: list[ExtractedMention]) -> list[ExtractedMention]:
    """Give surname-only and candidate mentions the full name used elsewhere in the article."""
    g = default_gazetteer()
    full_by_last: dict[str, str] = {}
    persons_single: set[str] = set()
    for m in mentions:
        if m.kind == "person":
            parts = m.name.split()
            if len(parts) >= 2:
                full_by_last.setdefault(parts[-1].lower(), m.name)
            else:
                persons_single.add(m.name.lower())
    # A full name with no evidence of its own is a person when its surname stands alone as a
    # person elsewhere in the article ("Pita Sharples smiled. Sharples said ...").
    for m in mentions:
        parts = m.name.split()
        if m.kind == "candidate" and len(parts) in (2, 3) and parts[-1].lower() in persons_single:
            full_by_last.setdefault(parts[-1].lower(), m.name)
    # Full names without a title in one place and with one in another: prefer the fuller form.
    linked: list[ExtractedMention] = []
    roles: dict[str, tuple[str, str]] = {}
    for m in mentions:
        if m.kind in ("person", "candidate"):
            parts = m.name.split()
            if len(parts) >= 2 and m.kind == "candidate" and parts[-1].lower() in full_by_last:
                m = _replace(m, kind="person")
            if len(parts) == 1 and parts[0].lower() in full_by_last:
                m = _replace(m, name=full_by_last[parts[0].lower()], kind="person")
            elif len(parts) == 1 and m.kind == "candidate" and parts[0].lower() in persons_single:
                m = _replace(m, kind="person")
            if m.kind == "person" and m.role:
                roles.setdefault(m.name, (m.role, m.side))
        linked.append(m)
    del g
    return linked


def _replace(m: ExtractedMention, **changes) -> ExtractedMention:
    return replace(m, **changes)
