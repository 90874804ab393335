"""The app's one way to tell the user something: a toast of plain, one-line text.

Messages often carry article titles, names and paths, which are data: they are never
parsed as markup, and control characters and line breaks are taken out.
"""

from __future__ import annotations

import re
from typing import Literal

from textual.dom import DOMNode

from search import strip_controls

Severity = Literal["information", "warning", "error"]
MAX_CHARS = 300
_SPACES = re.compile(r"\s+")


def plain_line(message: str, limit: int = MAX_CHARS) -> str:
    """Message as one line of plain text, cut at a word boundary when long."""
    if not isinstance(message, str):
        raise TypeError("a notification is plain text")
    line = _SPACES.sub(" ", strip_controls(message)).strip()
    if len(line) > limit:
        line = line[:limit].rsplit(" ", 1)[0] + "…"
    return line


def tell(
    node: DOMNode, message: str, *, severity: Severity = "information", title: str = "", timeout: float | None = None
) -> None:
    """Show a toast; text only, never markup."""
    node.app.notify(
        plain_line(message),
        title=plain_line(title, 80) if title else "",
        severity=severity,
        timeout=timeout,
        markup=False,
    )
