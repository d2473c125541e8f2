"""The config file (`xtd-rdf.toml` in the vault) and its defaults, in one dataclass."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .iris import slugify
from .prefixes import PREFIXES

CONFIG_NAME = "xtd-rdf.toml"
DEFAULT_BASE = "https://example.org/xtd/"
PUBLISH_MODES = ("all", "explicit")
NOT_DATA = ("layout", "permalink", "eleventyNavigation", "eleventyExcludeFromCollections")  # site generator's
# What `[fields]` terms may be written with: the profile's prefixes and FOAF
FIELD_PREFIXES = {**PREFIXES, "foaf": "http://xmlns.com/foaf/0.1/"}


class ConfigError(Exception):
    """The config file cannot be used; the message says which file and what to fix."""


@dataclass(frozen=True)
class Config:
    """Everything a run can be told; CLI options override the file only when given."""

    base: str = DEFAULT_BASE
    title: str = "xtd-rdf dataset"
    description: str = "Notes published as linked open data by xtd-rdf."
    license: str = "https://creativecommons.org/licenses/by/4.0/"
    publisher: str = ""
    language: str = "fr"
    ignore: tuple[str, ...] = field(default_factory=tuple)
    modified: str = ""
    max_note_bytes: int = 5_000_000
    exclude: tuple[str, ...] = field(default_factory=tuple)  # withheld like `ignore` (publish.py)
    publish: str = "all"  # or "explicit": only notes whose front matter says `publish: true`
    feed_entries: int = 50  # newest notes in `feed.xml` and in each tag's feed
    fields: tuple[tuple[str, str], ...] = ()  # `[fields]`: a field's key as written → the term's IRI
    not_data: tuple[str, ...] = NOT_DATA  # front-matter and inline keys that are not data

    def with_overrides(self, **values: Any) -> Config:
        """A copy with the given values, skipping the ones that are None (options not given)."""
        given = {k: v for k, v in values.items() if v is not None}
        return replace(self, **given)


def load_config(vault: Path, explicit: Path | None = None) -> Config:
    """Read `explicit`, else `vault/xtd-rdf.toml` if present, else defaults."""
    path = explicit if explicit is not None else vault / CONFIG_NAME
    if explicit is None and not path.is_file():
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return _from_table(data, path)


def _from_table(data: dict[str, Any], path: Path) -> Config:
    known = {f.name: f for f in fields(Config)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown setting '{key}' (known: {', '.join(sorted(known))})")
        if key in ("ignore", "exclude"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{path}: '{key}' must be a list of glob strings")
            value = tuple(value)
        elif key == "not_data":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(
                    f'{path}: \'not_data\' must be a list of keys, e.g. ["layout", "permalink"]'
                )
            value = tuple(value)
        elif key == "fields":
            value = _field_terms(value, path)
        elif key in ("max_note_bytes", "feed_entries"):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ConfigError(f"{path}: '{key}' must be a positive whole number")
        elif key == "publish" and value not in PUBLISH_MODES:
            raise ConfigError(f"{path}: 'publish' must be one of {', '.join(PUBLISH_MODES)} (got {value!r})")
        elif not isinstance(value, str):
            raise ConfigError(f"{path}: '{key}' must be a string")
        values[key] = value
    config = Config(**values)
    if not config.base.endswith("/"):  # documents and their `#` parts are paths under it
        raise ConfigError(f"{path}: 'base' must end with '/' (got {config.base!r})")
    return config


_LOCAL_NAME = re.compile(r"[A-Za-z_][\w\-.]*")
_IRI = re.compile(r"https?://[^\s<>\"{}|\\^`]+")  # what RFC 3987 forbids raw, out
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _field_terms(table: Any, path: Path) -> tuple[tuple[str, str], ...]:
    """`[fields]` → (key, IRI) pairs; keys that slug alike (`Lieu`, `lieu`) are one field, so one entry."""
    if not isinstance(table, dict):
        raise ConfigError(
            f"{path}: 'fields' must be a table: [fields] then lines such as lieu = \"schema:location\""
        )
    terms: dict[str, tuple[str, str]] = {}
    for key, term in table.items():
        where = f"{path}: [fields] {key!r}"
        if not isinstance(term, str):
            raise ConfigError(f'{where} must be a term as text, e.g. "schema:location"')
        iri = field_term(term.strip())
        if iri is None:
            known = ", ".join(FIELD_PREFIXES)
            raise ConfigError(
                f"{where} = {term!r} is neither a term of a known prefix ({known}) nor a full http(s) IRI"
            )
        slug = slugify(key)
        if slug in terms:
            raise ConfigError(f"{where} and {terms[slug][0]!r} name the same field; keep one of them")
        terms[slug] = (key, iri)
    return tuple(sorted(terms.values()))


def field_term(term: str) -> str | None:
    """The IRI of `schema:location` or of a full `https://…` IRI; None when it is neither."""
    prefix, colon, local = term.partition(":")
    if colon and prefix in FIELD_PREFIXES and _LOCAL_NAME.fullmatch(local):
        return FIELD_PREFIXES[prefix] + local
    if not _IRI.fullmatch(term) or _BAD_PERCENT.search(term):
        return None
    try:
        parts = urlsplit(term)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number
    except ValueError:
        return None
    return term if parts.hostname else None


TEMPLATE = """\
# xtd-rdf configuration. Every setting is optional; CLI options override these.

# The IRI every published resource lives under. Use the URL the site will be served from.
base = "https://example.org/xtd/"

# How the dataset describes itself (DCAT, VoID, schema:Dataset).
title = "My museum knowledge base"
description = "Notes on the digital transition of museums, as linked open data."
license = "https://creativecommons.org/licenses/by/4.0/"
publisher = "My museum"

# Language of notes whose language cannot be told from their text (BCP 47: fr, en, de).
language = "fr"

# Files and folders not to publish (globs relative to the vault; hidden folders are always skipped).
# A link to an excluded note is shown as plain text. `ignore` is accepted as another name for it.
exclude = ["Template/**", "Brouillon/**"]

# "all" publishes every note but drafts (`draft: true`) and private ones (`publish: false`);
# "explicit" publishes only the notes whose front matter says `publish: true`.
publish = "all"

# How many of the newest notes feed.xml (and each tag's tags/{slug}/feed.xml) lists.
feed_entries = 50

# The dataset's dcterms:modified (ISO date); empty means the newest note date.
modified = ""

# Notes larger than this are read up to it only, with a warning.
max_note_bytes = 5000000

# Front-matter keys and inline fields (`key:: value`) that only drive the site generator, not data.
not_data = ["layout", "permalink", "eleventyNavigation", "eleventyExcludeFromCollections"]

# Every other field is data. Map a key to a term (a CURIE of schema, dcterms, foaf, skos… or a full
# IRI); an unmapped key becomes a property of the vault's own vocabulary (BASE vocab/{slug}).
[fields]
# speaker = "schema:performer"
# lieu = "schema:location"
"""
