"""Reports that disagree: one happening told by several stories with different dates or figures.

Conservative on purpose. Two sentences from different stories tell of the same
happening only when they share most of their key terms and lie within a week
of each other; different tranches, different rounds of talks and different
events are not conflicts. A figure conflict needs the same kind of figure, the
same unit and the same subject ("tariffs on $200 billion of Chinese goods" and
"on $250 billion of Chinese goods"); a date conflict needs the same happening
placed on days that do not overlap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

from .events import key_terms as event_terms
from .figures import Figure, find_figures, same_value

# Besides the words events.key_terms leaves out: words every report of a figure or a
# date shares, which would make two unrelated reports look like one happening.
_REPORT_WORDS = frozenset(
    """say told about after before more most other some such only just being whom where while there here
    very much many new day january february march april may june july august september october november
    december percent billion million""".split()
)
# Share of the smaller sentence's key terms the two must have in common.
SAME_HAPPENING = 0.5
# Reports further apart than this are of different happenings.
WINDOW = timedelta(days=7)
# A term in more reports than this is too common to find candidates by.
_COMMON_TERM = 500


@dataclass(frozen=True)
class Report:
    """One sentence of one article that tells of a dated happening."""

    event: str
    article: str
    story: str
    text: str
    start: date
    end: date


@dataclass(frozen=True)
class ConflictValue:
    """One of the values the reports give, and the articles that give it."""

    value: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
    """A happening whose reports differ on one field ("date", or a figure's kind and subject)."""

    event: str
    field: str
    values: tuple[ConflictValue, ...]


def key_terms(text: str) -> frozenset[str]:
    """The content words of a sentence, lower-cased: an event's key terms, less report words."""
    return frozenset(event_terms(text) - _REPORT_WORDS)


def same_happening(a: Report, b: Report, terms_a: frozenset[str], terms_b: frozenset[str]) -> bool:
    """Whether two reports, of different stories, tell of one happening."""
    if a.story == b.story or not terms_a or not terms_b:
        return False
    if abs((a.start - b.start).days) > WINDOW.days:
        return False
    shared = len(terms_a & terms_b) / min(len(terms_a), len(terms_b))
    return shared >= SAME_HAPPENING


def _dates_overlap(a: Report, b: Report) -> bool:
    return a.start <= b.end and b.start <= a.end


def _date_label(r: Report) -> str:
    return r.start.isoformat() if r.start == r.end else f"{r.start.isoformat()}..{r.end.isoformat()}"


def _unambiguous(figures: Sequence[Figure]) -> dict[tuple[str, str, str], Figure]:
    """Figures by (kind, unit, subject), leaving out subjects a sentence gives two values for."""
    by: dict[tuple[str, str, str], list[Figure]] = defaultdict(list)
    for f in figures:
        by[(f.kind, f.unit, f.subject)].append(f)
    return {k: fs[0] for k, fs in by.items() if all(same_value(fs[0], g) for g in fs[1:])}


def _figure_key(f: Figure) -> str:
    return f"{f.value:.6g} {f.unit}"


def _candidate_pairs(reports: Sequence[Report], terms: Sequence[frozenset[str]]) -> Iterable[tuple[int, int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for i, ts in enumerate(terms):
        for t in ts:
            postings[t].append(i)
    seen: set[tuple[int, int]] = set()
    for holders in postings.values():
        if len(holders) > _COMMON_TERM:
            continue
        for i, j in combinations(holders, 2):
            if (i, j) not in seen:
                seen.add((i, j))
                yield i, j


def find_conflicts(reports: Sequence[Report]) -> list[Conflict]:
    """Every happening whose reports, from different stories, disagree on a date or a figure."""
    terms = [key_terms(r.text) for r in reports]
    figures = [_unambiguous(find_figures(r.text)) for r in reports]
    # (event of the earlier report, field) -> value -> (its words in the first report giving it, articles)
    found: dict[tuple[str, str], dict[str, tuple[str, set[str]]]] = defaultdict(dict)
    for i, j in _candidate_pairs(reports, terms):
        a, b = reports[i], reports[j]
        if not same_happening(a, b, terms[i], terms[j]):
            continue
        first, second = (a, b) if (a.start, a.event) <= (b.start, b.event) else (b, a)
        fa, fb = (figures[i], figures[j]) if first is a else (figures[j], figures[i])
        if not _dates_overlap(a, b) and a.event != b.event:
            slot = found[(first.event, "date")]
            for r in (first, second):
                slot.setdefault(_date_label(r), (_date_label(r), set()))[1].add(r.article)
        for key in fa.keys() & fb.keys():
            if same_value(fa[key], fb[key]):
                continue
            kind, _unit, subject = key
            slot = found[(first.event, f"{kind}: {subject}")]
            for fig, r in ((fa[key], first), (fb[key], second)):
                slot.setdefault(_figure_key(fig), (fig.text, set()))[1].add(r.article)
    conflicts = [
        Conflict(
            event,
            field_,
            tuple(
                ConflictValue(label, tuple(sorted(arts))) for label, arts in sorted(values.values(), key=lambda v: v[0])
            ),
        )
        for (event, field_), values in found.items()
        if len(values) > 1
    ]
    conflicts.sort(key=lambda c: (c.event, c.field))
    return conflicts
