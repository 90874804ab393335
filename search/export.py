"""Records turned into files and documents: JSON, CSV, Markdown and TimelineJS.

The command line and the app both export through these functions, so a result, an
article, an entity or a timeline has one shape wherever it is written. Nothing here
reads the index: callers hand in the records (and, for TimelineJS, where titles come
from). Text that is not JSON or CSV (Markdown) is meant for files, never for markup.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from .conflicts import Conflict
from .dossier import Companion, Dossier, NamingArticle, Together
from .models import (
    Article,
    Entity,
    EntityDetail,
    Event,
    Hit,
    IndexReport,
    Quote,
    SearchPage,
    Story,
    Timeline,
    to_jsonable,
)

# The formats timeline_text() writes; the command line's "table" is drawn by the caller.
TIMELINE_FORMATS = ("json", "csv", "md", "timelinejs")
RESULT_FORMATS = ("json", "csv", "md")
ARTICLE_FORMATS = ("json", "md")
_RESULT_COLUMNS = ["id", "title", "date", "score", "snippet"]


class TitleSource(Protocol):
    """Anything that gives (title, date) per article id: Library.titles does."""

    def titles(self, ids: list[str]) -> dict[str, tuple[str, date | None]]: ...


def json_text(obj: object) -> str:
    """Records (or builtins holding them) as indented JSON, non-ASCII kept, newline-ended."""
    return json.dumps(to_jsonable(obj), ensure_ascii=False, indent=2) + "\n"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def article_meta_line(article: Article) -> str:
    """ "date · source · path", the line under an article's title ("undated" without a date)."""
    when = article.date.isoformat() if article.date else "undated"
    return " · ".join(x for x in (when, article.source, article.path) if x)


# -- search results ------------------------------------------------------------------


def hit_record(hit: Hit, *, matches: bool = True) -> dict[str, Any]:
    """One result as a plain dict; matches adds the snippet's highlighted spans."""
    out: dict[str, Any] = {
        "id": hit.id,
        "title": hit.title,
        "date": _iso(hit.date),
        "score": hit.score,
        "snippet": hit.snippet,
    }
    if matches:
        out["matches"] = [list(s) for s in hit.snippet_spans]
    return out


def search_page_record(page: SearchPage) -> dict[str, Any]:
    """A page of results with its total, suggestion, offset and order."""
    return {
        "query": page.query,
        "total": page.total,
        "suggestion": page.suggestion,
        "offset": page.offset,
        "sort": page.sort,
        "hits": [hit_record(h) for h in page.hits],
    }


def similar_record(article_id: str, hits: Iterable[Hit]) -> dict[str, Any]:
    """The articles like one article."""
    return {"id": article_id, "hits": [hit_record(h) for h in hits]}


def results_json(query: str, hits: Iterable[Hit]) -> str:
    """Results written to a .json file: the query and every hit (no spans)."""
    rows = [hit_record(h, matches=False) for h in hits]
    return json.dumps({"query": query, "hits": rows}, indent=2, ensure_ascii=False)


def results_csv(hits: Iterable[Hit]) -> str:
    """Results as CSV: id, title, date, score, snippet."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=_RESULT_COLUMNS)
    w.writeheader()
    w.writerows(hit_record(h, matches=False) for h in hits)
    return buf.getvalue()


def results_markdown(query: str, hits: Iterable[Hit]) -> str:
    """Results as a Markdown list under a heading naming the query."""
    lines = [f"# Results for `{query}`", ""]
    for h in hits:
        lines.append(f"- **{h.title}** ({_iso(h.date) or 'undated'}, `{h.id}`): {h.snippet}")
    return "\n".join(lines) + "\n"


def results_text(fmt: str, query: str, hits: Sequence[Hit]) -> str:
    """Results in one of RESULT_FORMATS."""
    if fmt == "json":
        return results_json(query, hits)
    if fmt == "csv":
        return results_csv(hits)
    if fmt == "md":
        return results_markdown(query, hits)
    raise ValueError(f"results are exported as {', '.join(RESULT_FORMATS)}, not {fmt!r}")


# -- articles ------------------------------------------------------------------------


def article_record(article: Article, *, path: bool = True) -> dict[str, Any]:
    """An article as a plain dict; path=False leaves out where it was read from."""
    out: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "date": _iso(article.date),
        "source": article.source,
    }
    if path:
        out["path"] = article.path
    out.update(url=article.url, captions=list(article.captions), body=article.body)
    return out


def article_json(article: Article) -> str:
    """An article written to a .json file (without its path)."""
    return json.dumps(article_record(article, path=False), indent=2, ensure_ascii=False)


def article_markdown(article: Article) -> str:
    """An article as Markdown: title, an italic line of source, date and URL, captions, body."""
    a = article
    meta = ", ".join(x for x in (a.source, a.date.isoformat() if a.date else "undated", a.url) if x)
    return f"# {a.title}\n\n_{meta}_\n\n" + "".join(f"> {c}\n\n" for c in a.captions) + a.body + "\n"


def article_text(fmt: str, article: Article) -> str:
    """An article in one of ARTICLE_FORMATS."""
    if fmt == "json":
        return article_json(article)
    if fmt == "md":
        return article_markdown(article)
    raise ValueError(f"articles are exported as {', '.join(ARTICLE_FORMATS)}, not {fmt!r}")


# -- entities ------------------------------------------------------------------------


def entity_record(entity: Entity) -> dict[str, Any]:
    """An entity as listed: names, kind, roles, articles and mention count."""
    e = entity
    return {
        "id": e.id,
        "name": e.name,
        "kind": e.kind,
        "aliases": list(e.aliases),
        "roles": [{"role": r.role, "article": r.article, "side": r.side} for r in e.roles],
        "articles": list(e.articles),
        "mentions": e.mentions,
    }


def entities_record(entities: Iterable[Entity]) -> dict[str, Any]:
    return {"entities": [entity_record(e) for e in entities]}


def entity_detail_record(detail: EntityDetail) -> dict[str, Any]:
    """An entity with its side, every mention, who it appears with, and its quotes."""
    out = entity_record(detail.entity)
    out["side"] = detail.entity.side
    out["mention_spans"] = [
        {"article": m.article, "surface": m.surface, "start": m.start, "end": m.end, "where": m.where}
        for m in detail.mentions
    ]
    out["cooccurring"] = [{"id": i, "name": n, "articles": c} for i, n, c in detail.cooccurring]
    out["quotes"] = [q.record() for q in detail.quotes]
    return out


def _companions(items: Iterable[Companion]) -> list[dict[str, Any]]:
    return [{"id": c.id, "name": c.name, "kind": c.kind, "articles": c.articles, "side": c.side} for c in items]


def _naming(items: Iterable[NamingArticle]) -> list[dict[str, Any]]:
    return [{"id": a.id, "title": a.title, "date": _iso(a.date)} for a in items]


def dossier_record(d: Dossier) -> dict[str, Any]:
    """`tradetui dossier --json`: the entity, its roles with dates, mentions per month, quotes,
    own events, the people, organisations and places it appears with, and its articles."""
    out = entity_record(d.entity)
    out["side"] = d.side
    out["roles"] = [
        {
            "role": r.role,
            "article": r.article,
            "date": _iso(r.date),
            "title": r.title,
            "side": r.side,
            "articles": r.articles,
        }
        for r in d.roles
    ]
    out["articles"] = _naming(d.articles)
    out["per_month"] = [{"month": m, "articles": n} for m, n in d.per_month]
    out["quotes"] = [q.record() for q in d.quotes]
    out["events"] = [event_record(e) for e in d.events]
    out["people"] = _companions(d.people)
    out["organisations"] = _companions(d.organisations)
    out["places"] = _companions(d.places)
    out["credits"] = _companions(d.credits)
    return out


def together_record(t: Together) -> dict[str, Any]:
    """`tradetui together --json`: the entities, the articles and days naming all of them, the
    events naming all of them, and their quotes in those articles."""
    return {
        "entities": [{**entity_record(e), "side": e.side} for e in t.entities],
        "articles": [a.id for a in t.articles],
        "titles": _naming(t.articles),
        "days": [{"date": d.isoformat(), "articles": list(ids)} for d, ids in t.days],
        "events": [event_record(e) for e in t.events],
        "quotes": [q.record() for q in t.quotes],
    }


# -- indexing ------------------------------------------------------------------------


def index_report_record(report: IndexReport) -> dict[str, Any]:
    """What an indexing run did, and the files it skipped with the reasons."""
    return {
        "added": report.added,
        "updated": report.updated,
        "deleted": report.deleted,
        "unchanged": report.unchanged,
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
    }


def index_report_line(corpus: object, report: IndexReport) -> str:
    """One line saying what an indexing run did."""
    return (
        f"indexed {corpus}: {report.added} added, {report.updated} updated, "
        f"{report.deleted} deleted, {report.unchanged} unchanged, "
        f"{len(report.skipped)} skipped\n"
    )


# -- timelines -----------------------------------------------------------------------


def event_when(event: Event) -> str:
    """An event's day, or its first and last day joined by an en dash."""
    return event.start.isoformat() + (f" – {event.end.isoformat()}" if event.end != event.start else "")


def event_record(e: Event) -> dict[str, Any]:
    """One event: days, text, articles, stories, the entities it belongs to, and its sources."""
    return {
        "id": e.id,
        "start": e.start.isoformat(),
        "end": e.end.isoformat(),
        "precision": e.precision,
        "text": e.text,
        "articles": list(e.articles),
        "stories": [{"id": st.id, "articles": list(st.articles)} for st in e.stories],
        "entities": list(e.entities),
        "sources": [
            {
                "article": s.article,
                "text": s.text,
                "expression": s.expression,
                "start": s.start,
                "end": s.end,
                "where": s.where,
            }
            for s in e.sources
        ],
    }


def timeline_record(timeline: Timeline) -> dict[str, Any]:
    """Events with their sources, and the expressions that could not be placed."""
    return {
        "events": [event_record(e) for e in timeline.events],
        "unresolved": [
            {"article": u.article, "expression": u.expression, "reason": u.reason} for u in timeline.unresolved
        ],
    }


def timeline_json(timeline: Timeline) -> str:
    return json.dumps(timeline_record(timeline), ensure_ascii=False, indent=2) + "\n"


def timeline_csv(timeline: Timeline) -> str:
    """One row per event: id, days, precision, text, articles, entities."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "start", "end", "precision", "text", "articles", "entities"])
    for e in timeline.events:
        w.writerow([e.id, e.start, e.end, e.precision, e.text, " ".join(e.articles), "; ".join(e.entities)])
    return buf.getvalue()


def timeline_markdown(timeline: Timeline) -> str:
    """A Markdown table of events; pipes and line breaks in the text are escaped."""
    lines = ["| date | precision | event | sources |", "|---|---|---|---|"]
    for e in timeline.events:
        text = e.text.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {event_when(e)} | {e.precision} | {text} | {', '.join(e.articles)} |")
    return "\n".join(lines) + "\n"


def _timelinejs_date(d: date, precision: str) -> dict[str, str]:
    out = {"year": str(d.year)}
    if precision != "year":
        out["month"] = str(d.month)
    if precision in ("day", "week"):
        out["day"] = str(d.day)
    return out


# TimelineJS groups (rows): how precisely each event is dated, a handful of names.
TIMELINEJS_GROUPS = {
    "day": "Days",
    "week": "Weeks",
    "month": "Months",
    "season": "Seasons and quarters",
    "quarter": "Seasons and quarters",
    "half": "Seasons and quarters",
    "year": "Years",
    "decade": "Years",
    "century": "Years",
    "approximate": "Approximate dates",
}
# The season of each month (northern).
_SEASONS = (
    "winter", "winter", "spring", "spring", "spring", "summer",
    "summer", "summer", "autumn", "autumn", "autumn", "winter",
)  # fmt: skip


def display_date(event: Event) -> str | None:
    """How an event not dated to a day reads ("Q3 2019", "about 2019-09-01 – 2019-09-07"); None for days."""
    s, p = event.start, event.precision
    shown = {
        "week": f"week of {s.isoformat()}",
        "month": s.strftime("%B %Y"),
        "season": f"{_SEASONS[s.month - 1]} {s.year}",
        "quarter": f"Q{(s.month - 1) // 3 + 1} {s.year}",
        "half": f"{'first' if s.month <= 6 else 'second'} half of {s.year}",
        "year": str(s.year),
        "decade": f"the {s.year // 10 * 10}s",
        "century": f"the {s.year // 100 + 1}th century",
        "approximate": f"about {event_when(event)}",
    }
    return shown.get(p)


def event_headline(event: Event, limit: int = 90) -> str:
    """An event's headline: its own sentence, cut at a word when long."""
    text = " ".join(event.text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _timelinejs_text(event: Event, known: Mapping[str, tuple[str, date | None]]) -> str:
    """The event's sentence and its sources' titles, as the HTML TimelineJS shows: every text escaped."""
    parts = [f"<p>{html.escape(' '.join(event.text.split()))}</p>"]
    sources = []
    for article in event.articles:
        title, when = known.get(article, (article, None))
        sources.append(html.escape(title) + (f" ({when.isoformat()})" if when else ""))
    if sources:
        parts.append("<p>Sources: " + "; ".join(sources) + "</p>")
    return "".join(parts)


def timeline_timelinejs(
    timeline: Timeline, titles: Mapping[str, tuple[str, date | None]] | TitleSource | None = None
) -> str:
    """A TimelineJS document: each event headlined by its own sentence, its sources' titles below.

    TimelineJS reads headline, text and display_date as HTML: every piece of article text is
    escaped, so an article's markup is shown as text, never run. titles maps article ids to
    (title, date), or is a TitleSource such as a Library; without it sources are named by id.
    Groups are how precisely events are dated (a handful of rows); an event not dated to a
    day keeps how it reads ("Q3 2019") as its display_date.
    """
    if titles is not None and not isinstance(titles, Mapping):
        titles = titles.titles([a for e in timeline.events for a in e.articles])
    known: Mapping[str, tuple[str, date | None]] = titles or {}
    events = []
    for e in timeline.events:
        item: dict[str, Any] = {
            "start_date": _timelinejs_date(e.start, e.precision),
            "text": {"headline": html.escape(event_headline(e)), "text": _timelinejs_text(e, known)},
            "group": TIMELINEJS_GROUPS.get(e.precision, "Approximate dates"),
            "unique_id": e.id,
        }
        if e.end != e.start:
            item["end_date"] = _timelinejs_date(e.end, e.precision)
        shown = display_date(e)
        if shown is not None:
            item["display_date"] = html.escape(shown)
        events.append(item)
    doc = {"title": {"text": {"headline": "Timeline", "text": f"{len(events)} events"}}, "events": events}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def timeline_text(
    fmt: str, timeline: Timeline, titles: Mapping[str, tuple[str, date | None]] | TitleSource | None = None
) -> str:
    """A timeline in one of TIMELINE_FORMATS (titles are used by timelinejs only)."""
    if fmt == "json":
        return timeline_json(timeline)
    if fmt == "csv":
        return timeline_csv(timeline)
    if fmt == "md":
        return timeline_markdown(timeline)
    if fmt == "timelinejs":
        return timeline_timelinejs(timeline, titles)
    raise ValueError(f"timelines are exported as {', '.join(TIMELINE_FORMATS)}, not {fmt!r}")


def timeline_table_rows(timeline: Timeline) -> list[tuple[str, str, str, str]]:
    """(when, precision, text, sources) per event, for a table the caller draws."""
    return [(event_when(e), e.precision, e.text, ", ".join(e.articles)) for e in timeline.events]


def unresolved_lines(timeline: Timeline, limit: int = 30) -> list[str]:
    """The heading and lines listing unresolved expressions under a drawn timeline table."""
    if not timeline.unresolved:
        return []
    lines = [f"{len(timeline.unresolved)} unresolved expressions (undated articles):"]
    lines += [f"  {u.article}: {u.expression!r} ({u.reason})" for u in timeline.unresolved[:limit]]
    return lines


# -- quotes, stories and conflicts -------------------------------------------------------


def quotes_record(quotes: Iterable[Quote]) -> dict[str, Any]:
    """Who said what: {"quotes": [{"speaker", "entity_id", "article", "date", "kind", ...}]}."""
    return {"quotes": [q.record() for q in quotes]}


def story_record(story: Story) -> dict[str, Any]:
    """A story: its id (its earliest article's), title, date and articles, newest first."""
    return {"id": story.id, "title": story.title, "date": _iso(story.date), "articles": list(story.articles)}


def stories_record(stories: Iterable[Story]) -> dict[str, Any]:
    return {"stories": [story_record(s) for s in stories]}


def conflicts_record(conflicts: Iterable[Conflict]) -> dict[str, Any]:
    """Reports that disagree: {"conflicts": [{"event", "field", "values": [{"value", "articles"}]}]}."""
    return {
        "conflicts": [
            {
                "event": c.event,
                "field": c.field,
                "values": [{"value": v.value, "articles": list(v.articles)} for v in c.values],
            }
            for c in conflicts
        ]
    }
