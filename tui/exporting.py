"""Export shapes: hits, articles, entities and timelines as JSON, CSV, Markdown and TimelineJS.

Plain functions from the core's records to text or JSON-ready dicts, with no terminal code:
the app's export dialog and the command line's `--json` and `--format` both come here.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from search import Article, EntityDetail, Hit, IndexReport, Timeline

# -- the command line's JSON documents ------------------------------------------------


def hit_json(h: Hit) -> dict:
    """One search hit, with the matched spans of its snippet."""
    return {
        "id": h.id,
        "title": h.title,
        "date": h.date.isoformat() if h.date else None,
        "score": h.score,
        "snippet": h.snippet,
        "matches": [list(s) for s in h.snippet_spans],
    }


def index_report_json(report: IndexReport) -> dict:
    """What one indexing run did."""
    return {
        "added": report.added,
        "updated": report.updated,
        "deleted": report.deleted,
        "unchanged": report.unchanged,
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
    }


def article_json(a: Article) -> dict:
    """An article in full, as `show --json` prints it (dates stay dates for the core's encoder)."""
    return {
        "id": a.id,
        "title": a.title,
        "date": a.date,
        "source": a.source,
        "path": a.path,
        "url": a.url,
        "captions": list(a.captions),
        "body": a.body,
    }


def entity_json(e) -> dict:
    """An entity as `entities --json` lists it."""
    return {
        "id": e.id,
        "name": e.name,
        "kind": e.kind,
        "aliases": list(e.aliases),
        "roles": [{"role": r.role, "article": r.article, "side": r.side} for r in e.roles],
        "articles": list(e.articles),
        "mentions": e.mentions,
    }


def entity_detail_json(d: EntityDetail) -> dict:
    """One entity with its mentions, the names it appears with, and its quotes."""
    out = entity_json(d.entity)
    out["side"] = d.entity.side
    out["mention_spans"] = [
        {"article": m.article, "surface": m.surface, "start": m.start, "end": m.end, "where": m.where}
        for m in d.mentions
    ]
    out["cooccurring"] = [{"id": i, "name": n, "articles": c} for i, n, c in d.cooccurring]
    out["quotes"] = [
        {"article": q.article, "text": q.text, "start": q.start, "end": q.end, "where": q.where} for q in d.quotes
    ]
    return out


# -- timelines --------------------------------------------------------------------------

TitleLookup = Callable[[list[str]], Mapping[str, tuple]]


def timeline_json(tl: Timeline) -> str:
    """Events with their sources, and the expressions no date was found for."""
    doc = {
        "events": [
            {
                "id": e.id,
                "start": e.start.isoformat(),
                "end": e.end.isoformat(),
                "precision": e.precision,
                "text": e.text,
                "articles": list(e.articles),
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
            for e in tl.events
        ],
        "unresolved": [{"article": u.article, "expression": u.expression, "reason": u.reason} for u in tl.unresolved],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def timeline_csv(tl: Timeline) -> str:
    """One row per event."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "start", "end", "precision", "text", "articles", "entities"])
    for e in tl.events:
        w.writerow([e.id, e.start, e.end, e.precision, e.text, " ".join(e.articles), "; ".join(e.entities)])
    return buf.getvalue()


def event_when(e) -> str:
    """An event's date, or its range of dates."""
    return e.start.isoformat() + (f" – {e.end.isoformat()}" if e.end != e.start else "")


def timeline_markdown(tl: Timeline) -> str:
    """A Markdown table of the events."""
    lines = ["| date | precision | event | sources |", "|---|---|---|---|"]
    for e in tl.events:
        text = e.text.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {event_when(e)} | {e.precision} | {text} | {', '.join(e.articles)} |")
    return "\n".join(lines) + "\n"


def _js_date(d: date, precision: str) -> dict:
    out = {"year": str(d.year)}
    if precision != "year":
        out["month"] = str(d.month)
    if precision in ("day", "week"):
        out["day"] = str(d.day)
    return out


def timeline_timelinejs(tl: Timeline, titles: TitleLookup | None = None) -> str:
    """Knight Lab TimelineJS JSON; each event headed by its first source's title when known."""
    known = titles([a for e in tl.events for a in e.articles]) if titles else {}
    events = []
    for e in tl.events:
        item = {
            "start_date": _js_date(e.start, e.precision),
            "text": {"headline": known.get(e.articles[0], (e.text[:80],))[0], "text": e.text},
            "group": ", ".join(e.entities[:2]) or None,
            "unique_id": e.id,
        }
        if e.end != e.start:
            item["end_date"] = _js_date(e.end, e.precision)
        if item["group"] is None:
            del item["group"]
        events.append(item)
    doc = {"title": {"text": {"headline": "Timeline", "text": f"{len(events)} events"}}, "events": events}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# -- the app's export dialog --------------------------------------------------------------

EXPORT_CHOICES = (
    ("results.md", "Results as Markdown"),
    ("results.csv", "Results as CSV"),
    ("results.json", "Results as JSON"),
    ("article.md", "Article as Markdown"),
    ("article.json", "Article as JSON"),
)


def _result_rows(hits: Sequence[Hit]) -> list[dict]:
    return [
        {
            "id": h.id,
            "title": h.title,
            "date": h.date.isoformat() if h.date else None,
            "score": h.score,
            "snippet": h.snippet,
        }
        for h in hits
    ]


def export_results(query: str, hits: Sequence[Hit], fmt: str) -> str:
    """The results loaded so far, as JSON, CSV or Markdown."""
    rows = _result_rows(hits)
    if fmt == "json":
        return json.dumps({"query": query, "hits": rows}, indent=2, ensure_ascii=False)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=["id", "title", "date", "score", "snippet"])
        w.writeheader()
        w.writerows(rows)
        return buf.getvalue()
    lines = [f"# Results for `{query}`", ""]
    lines += [f"- **{r['title']}** ({r['date'] or 'undated'}, `{r['id']}`): {r['snippet']}" for r in rows]
    return "\n".join(lines) + "\n"


def export_article(a: Article, fmt: str) -> str:
    """One article, as JSON or Markdown."""
    if fmt == "json":
        doc = {
            "id": a.id,
            "title": a.title,
            "date": a.date.isoformat() if a.date else None,
            "source": a.source,
            "url": a.url,
            "captions": list(a.captions),
            "body": a.body,
        }
        return json.dumps(doc, indent=2, ensure_ascii=False)
    meta = ", ".join(x for x in (a.source, a.date.isoformat() if a.date else "undated", a.url) if x)
    return f"# {a.title}\n\n_{meta}_\n\n" + "".join(f"> {c}\n\n" for c in a.captions) + a.body + "\n"
