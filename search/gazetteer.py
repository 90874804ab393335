"""Reference data for extraction: titles, keywords, given names, places, organisations."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


def _read_words(name: str) -> frozenset[str]:
    text = resources.files("search.data").joinpath(name).read_text(encoding="utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        words.update(w.lower() for w in line.split())
    return frozenset(words)


@dataclass(frozen=True)
class Gazetteer:
    """Everything the extractor knows before reading an article."""

    titles: frozenset[str]
    honorifics: frozenset[str]
    role_nouns: frozenset[str]
    sides: dict[str, str]
    org_keywords: frozenset[str]
    place_keywords: frozenset[str]
    given_names: frozenset[str]
    surnames_first: frozenset[str]
    nicknames: dict[str, str]
    common_words: frozenset[str]
    # surface (lowercase) -> (canonical, kind)
    known: dict[str, tuple[str, str]] = field(default_factory=dict)
    max_known_tokens: int = 1
    # lowercase cue words around a name: a company's trade before it, what only a company
    # has after it, what only a place has after it or before "of" it
    org_before: frozenset[str] = frozenset()
    org_after: frozenset[str] = frozenset()
    place_after: frozenset[str] = frozenset()
    place_of: frozenset[str] = frozenset()
    # a nationality before these is a company ("British Airways"); these before a place too ("Air France")
    org_after_side: frozenset[str] = frozenset()
    org_before_place: frozenset[str] = frozenset()
    post_nominals: frozenset[str] = frozenset()  # "QC", "OBE" after a full name


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer (cached)."""
    raw = tomllib.loads(resources.files("search.data").joinpath("gazetteer.toml").read_text(encoding="utf-8"))
    known: dict[str, tuple[str, str]] = {}
    for kind, table in (("org", raw.get("orgs", {})), ("place", raw.get("places", {}))):
        for canonical, aliases in table.items():
            for surface in (canonical, *aliases):
                known[surface.lower()] = (canonical, kind)
    max_tokens = max((len(k.split()) for k in known), default=1)
    keywords = raw.get("keywords", {})
    return Gazetteer(
        titles=frozenset(w.lower() for w in raw.get("titles", [])),
        honorifics=frozenset(w.lower() for w in raw.get("honorifics", [])),
        role_nouns=frozenset(w.lower() for w in raw.get("role_nouns", [])),
        sides={k.lower(): v for k, v in raw.get("sides", {}).items()},
        org_keywords=frozenset(raw.get("keywords", {}).get("org", [])),
        place_keywords=frozenset(raw.get("keywords", {}).get("place", [])),
        given_names=_read_words("given_names.txt"),
        surnames_first=_read_words("surnames_first.txt"),
        nicknames={k.lower(): v.lower() for k, v in raw.get("nicknames", {}).items()},
        common_words=_read_words("common_words.txt"),
        known=known,
        max_known_tokens=max_tokens,
        org_before=frozenset(keywords.get("org_before", [])),
        org_after=frozenset(keywords.get("org_after", [])),
        place_after=frozenset(keywords.get("place_after", [])),
        place_of=frozenset(keywords.get("place_of", [])),
        org_after_side=frozenset(keywords.get("org_after_side", [])),
        org_before_place=frozenset(keywords.get("org_before_place", [])),
        post_nominals=frozenset(w.lower() for w in raw.get("post_nominals", [])),
    )
