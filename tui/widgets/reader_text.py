"""The reader's text: what a version changes, the sentence around a span, and a title read in its body."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from ..state import counted
from ..views import ArticleView, VersionNote


def find_spans(body: str, words: str) -> list[tuple[int, int]]:
    """Where words are in the body, case aside (what the reader's `f` finds)."""
    needle = words.strip().lower()
    if not needle:
        return []
    low = body.lower()
    spans, at = [], low.find(needle)
    while at >= 0:
        spans.append((at, at + len(needle)))
        at = low.find(needle, at + len(needle))
    return spans


def reader_header(
    view: ArticleView | None, place: tuple[int, int] | None, find_text: str, found: list[tuple[int, int]]
) -> tuple[Text | str, Text | str]:
    """The reader's border title and subtitle: the article and its place, then its matches and names."""
    if view is None:
        return "Reader", ""
    title = Text()
    if place is not None:
        title.append(f"{place[0]} of {place[1]} · ", style="bold")
    title.append(" ".join(view.article.title.split()))
    if find_text:
        matches = f'find "{find_text}": {counted(len(found), "match", "matches")}'
    else:
        matches = counted(len(view.matches), "match", "matches")
    return title, Text(f"{matches} · {counted(len(view.mentions), 'name')}")


def title_in_text(title: str, text: str) -> tuple[int, int] | None:
    """Where the text's opening says the title (a title made from its first sentence, maybe
    after a dateline), as (start, end); None when the title is its own line."""
    head = title.strip().rstrip(".…").strip()
    if len(head) < 8:
        return None
    start = text.lower().find(head.lower(), 0, len(head) + 80)
    return (start, start + len(head)) if start >= 0 else None


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], on one line."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return " ".join(text[left + 1 if left >= 0 else 0 : right].split())


def version_changes(note: VersionNote, heading: Style, added: Style, dropped: Style) -> Text:
    """What a version adds and drops against the other, each sentence under a heading in words."""
    text = Text()
    text.append(f"\n\n── Version {note.number} of {note.versions} ──\n", style=heading)
    text.append("Compared with ", style="dim")
    text.append(
        f"{'the later' if note.later else 'the earlier'} version: {note.other_title} ({note.other_id})\n", style="dim"
    )
    if note.later:
        sections = (
            ("Added in the later version:", note.diff.added, "+"),
            ("Dropped in the later version:", note.diff.dropped, "-"),
        )
    else:
        sections = (
            ("Added in this version:", note.diff.added, "+"),
            ("Dropped from the earlier version:", note.diff.dropped, "-"),
        )
    for label, sentences, sign in sections:
        text.append("\n" + label + "\n", style="bold")
        if not sentences:
            text.append("  (none)\n", style="dim")
        for sentence in sentences:
            text.append(f"  {sign} " + " ".join(sentence.split()) + "\n", style=added if sign == "+" else dropped)
    text.append(f"\n{note.diff.kept} sentences are the same in both.\n", style="dim")
    return text
