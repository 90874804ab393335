"""Which named-entity backend extraction uses: the rules, a spaCy model, or both.

The choice comes from, in order: the name passed in (the command line's `--ner`),
the TRADETUI_NER variable, `ner = "..."` in config.toml in the config folder, and
else "auto". "rules" is the rule-based extractor alone. "spacy" takes spans and
kinds from an installed English spaCy pipeline and keeps the rules' roles, sides,
quotes and aliases. "auto" is both (the rules' people, places and organisations, and
the model's mentions they leave uncovered) when an English model is installed, else
the rules alone.
Nothing is ever downloaded: a model is a package installed beforehand.

The backend an index was built with is recorded with it (backend_id()); an index
built with another backend is extracted again.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import TradeTuiError
from .paths import default_config_path

if TYPE_CHECKING:  # the extractors load only when extracting
    from .entities import EntityExtractor

BACKENDS = ("rules", "spacy", "auto")
ENV = "TRADETUI_NER"
_MODEL_DIST = re.compile(r"^en[_-]core[_-]web[_-](sm|md|lg|trf)(?:$|[_-])", re.IGNORECASE)


class NerUnavailable(TradeTuiError):
    """The backend asked for cannot run here (an unknown name, or spaCy or its model missing)."""


def config_file() -> Path:
    """config.toml in the config folder (beside the override file)."""
    return default_config_path()


def requested(name: str | None = None) -> str:
    """The backend asked for: the argument, else TRADETUI_NER, else config.toml's ner, else auto."""
    value = name or os.environ.get(ENV) or _configured() or "auto"
    value = value.strip().lower()
    if value not in BACKENDS:
        raise NerUnavailable(f"unknown entity backend {value!r}: choose one of {', '.join(BACKENDS)}")
    return value


def _configured() -> str:
    from .config import ConfigError, load_config

    try:
        return load_config(config_file()).ner
    except ConfigError as exc:
        raise NerUnavailable(str(exc)) from None


@lru_cache(maxsize=1)
def installed_model() -> str:
    """The name of an installed English spaCy pipeline package (smallest first), or ""."""
    from importlib import metadata

    found = []
    for dist in metadata.distributions():
        name = dist.metadata["Name"] or ""
        m = _MODEL_DIST.match(name)
        if m:
            found.append(("sm md lg trf".split().index(m.group(1).lower()), name))
    if not found or not _has_spacy():
        return ""
    return min(found)[1]


def _has_spacy() -> bool:
    from importlib import metadata

    try:
        metadata.version("spacy")
    except metadata.PackageNotFoundError:
        return False
    return True


def resolve(name: str | None = None) -> tuple[str, str]:
    """(mode, model package): mode is rules, spacy or auto; the model is "" for the rules."""
    mode = requested(name)
    if mode == "rules":
        return "rules", ""
    model = installed_model()
    if model:
        return mode, model
    if mode == "auto":
        return "rules", ""
    raise NerUnavailable(
        "the spacy entity backend needs spaCy and an English pipeline installed "
        "(pip install 'tradetui[spacy]' and a package such as en_core_web_sm); nothing is downloaded"
    )


def backend_id(name: str | None = None) -> str:
    """What an index records of the backend: "rules", or "auto:PACKAGE-VERSION"."""
    from importlib import metadata

    mode, model = resolve(name)
    if not model:
        return "rules"
    return f"{mode}:{model}-{metadata.version(model)}"


def select_ner(name: str | None = None) -> str:
    """Choose the backend for this process and the workers it starts (the command line's
    `--ner`): checks it can run here, sets TRADETUI_NER, and returns what the index records.
    NerUnavailable (a TradeTuiError, one line) when it cannot."""
    mode = requested(name)
    found = backend_id(mode)
    os.environ[ENV] = mode
    return found


def make_extractor(name: str | None = None, nlp: Any = None) -> EntityExtractor:
    """The extractor for a backend; nlp is a spaCy pipeline to use instead of loading the model."""
    from .entities import EntityExtractor
    from .spacy_backend import SpacyExtractor

    if nlp is not None:
        mode = requested(name)
        return SpacyExtractor(nlp, combine=mode != "spacy") if mode != "rules" else EntityExtractor()
    mode, model = resolve(name)
    if not model:
        return EntityExtractor()
    return SpacyExtractor(_load(model), combine=mode == "auto")


@lru_cache(maxsize=2)
def _load(model: str) -> Any:
    import spacy

    module = model.replace("-", "_")
    try:
        return spacy.load(module, exclude=["lemmatizer"])
    except OSError as exc:
        raise NerUnavailable(f"cannot load the spaCy pipeline {model}: {exc}") from None
