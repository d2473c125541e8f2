"""Fields (fields.py) → typed values of their notes, under a term of the config or the vault's own property.

A key the config's `[fields]` maps is written with that term; any other key becomes `BASE vocab/{slug}`,
declared in the vocabulary (keys that slug alike are one property). Keys of `not_data` are skipped.
Values are typed as people read them: a wikilink is the IRI of what it names, an ISO date `xsd:date`,
a URL an IRI, a number `xsd:integer`/`xsd:decimal`, true/false `xsd:boolean`, other text a literal in
the note's language. A value that looks typed but is not (`2022-02-30`) stays text, with a warning.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

from rdflib import Literal

from .config import Config
from .dataset import Dataset, FieldValue, Origin, PublishedNote, VocabProperty
from .diagnostics import Diagnostic, warning
from .fields import Field
from .graph import clean_text, language_tag
from .identity import org_key, person_key
from .iris import IriMinter, slugify
from .publish import WithheldNames
from .urls import safe_iri
from .vocab import XSD

FindNote = Callable[[str], PublishedNote | None]

_WIKILINKS = re.compile(r"\s*(?:\[\[[^\[\]]+\]\]\s*(?:,\s*|$))+")
_WIKILINK = re.compile(r"\[\[([^\[\]]+)\]\]")
_MARKDOWN_LINK = re.compile(r"\[[^\[\]]*\]\((https?://[^()\s]+)\)")
_URL = re.compile(r"https?://\S+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")
_INTEGER = re.compile(r"[+-]?(?:0|[1-9]\d*)")
_DECIMAL = re.compile(r"[+-]?\d+\.\d+")
_ATTACHMENT = re.compile(r".+\.(?!md$)[A-Za-z0-9]{1,5}")  # `plan.png`, `rapport.pdf`: as resolve tells
_AMBIGUOUS = ""


def resolve_fields(
    dataset: Dataset, minter: IriMinter, find: FindNote, hidden: WithheldNames
) -> list[Diagnostic]:
    """Give every published note its field values, and the dataset its vocabulary; returns warnings."""
    config = dataset.config
    typing = _Typing(dataset, minter, find, hidden)
    vocabulary = _Vocabulary(minter)
    terms = mapped_terms(config)
    for item in dataset.notes:
        language = language_tag(item.facts.language)
        for field in item.note.fields:
            if not is_data(field.key, config):
                continue
            values = typing.values(item, field, language)
            if not values:
                continue
            predicate = terms.get(slugify(field.key)) or vocabulary.declare(field, item.note.path)
            item.fields += [FieldValue(field.key, predicate, value, field.line) for value in values]
    dataset.properties = vocabulary.properties()
    return typing.diagnostics


def mapped_terms(config: Config) -> dict[str, str]:
    """The `[fields]` table by slug of its keys: `Lieu::` and `lieu:` both find `lieu = "…"`."""
    return {slugify(key): iri for key, iri in config.fields}


def is_data(key: str, config: Config) -> bool:
    """False for a key of `not_data` (in any case), or a nested key under one (`eleventyNavigation.key`)."""
    skipped = {k.casefold() for k in config.not_data}
    folded = key.casefold()
    return folded not in skipped and folded.split(".", 1)[0] not in skipped


class _Vocabulary:
    """The vault's own properties, one per slug, labelled with the key as most often written."""

    def __init__(self, minter: IriMinter) -> None:
        self.minter = minter
        self.forms: dict[str, Counter[str]] = {}
        self.origins: dict[str, list[Origin]] = {}

    def declare(self, field: Field, path: str) -> str:
        slug = slugify(field.key)
        iri = self.minter.mint("vocab", slug, slug)
        self.forms.setdefault(iri, Counter())[field.key] += 1
        self.origins.setdefault(iri, []).append(Origin(path, field.line))
        return iri

    def properties(self) -> dict[str, VocabProperty]:
        found = {}
        for iri in sorted(self.forms):
            forms = self.forms[iri]
            ranked = sorted(forms, key=lambda form: (-forms[form], form))
            found[iri] = VocabProperty(iri, ranked[0], sorted(ranked[1:]), self.origins[iri])
        return found


class _Typing:
    """A field's value → its objects: IRIs of what wikilinks name, typed literals, text."""

    def __init__(self, dataset: Dataset, minter: IriMinter, find: FindNote, hidden: WithheldNames) -> None:
        self.dataset, self.minter, self.find, self.hidden = dataset, minter, find, hidden
        self.agents = _agents(dataset)
        self.diagnostics: list[Diagnostic] = []

    def values(self, item: PublishedNote, field: Field, language: str) -> list[str | Literal]:
        value = field.value
        if isinstance(value, bool):
            return [Literal("true" if value else "false", datatype=XSD.boolean)]
        if isinstance(value, int):
            return [Literal(str(value), datatype=XSD.integer)]
        if isinstance(value, float):
            return [_decimal(value)]
        text = value.strip()
        if _WIKILINKS.fullmatch(text):
            found = [self._link(item, field, m.group(1), language) for m in _WIKILINK.finditer(text)]
            return [value for value in found if value]
        typed = self._typed(item, field, text)
        if typed is not None:
            return [typed]
        text = clean_text(text)
        return [Literal(text, lang=language or None)] if text else []

    def _typed(self, item: PublishedNote, field: Field, text: str) -> str | Literal | None:
        """A URL, a date, or (inline, where nothing is quoted) a number or a boolean; else None."""
        link = _MARKDOWN_LINK.fullmatch(text)
        if link or _URL.fullmatch(text):
            return safe_iri(link.group(1) if link else text) or None
        if _DATE.fullmatch(text) or _DATETIME.fullmatch(text):
            literal = _date_literal(text)
            if literal is None:
                message = (
                    f"the field {field.key} {text!r} is not a real date or time; it was published as text"
                )
                hint = "write it as YYYY-MM-DD, e.g. 2022-05-13, or YYYY-MM-DDThh:mm"
                self.diagnostics.append(warning(item.note.path, field.line, "bad-field-value", message, hint))
            return literal
        if not field.inline:  # YAML typed the unquoted values already: a quoted "42" is meant as text
            return None
        if _INTEGER.fullmatch(text):
            return Literal(str(int(text)), datatype=XSD.integer)
        if _DECIMAL.fullmatch(text):
            return Literal(text, datatype=XSD.decimal)
        if text.casefold() in ("true", "false"):
            return Literal(text.casefold(), datatype=XSD.boolean)
        return None

    def _link(self, item: PublishedNote, field: Field, written: str, language: str) -> str | Literal:
        """A note of that name; "" for a withheld one; else a person or organisation of that name;
        else the missing note's IRI, as for any wikilink (with the same warning). A file that is no
        note (`[[plan.pdf]]`) is published as its name."""
        target = written.split("|", 1)[0].split("#", 1)[0].strip()
        target = target[:-3] if target.lower().endswith(".md") else target
        if not target:
            return item.iri  # `[[#Heading]]`: the note itself
        note = self.find(target)
        if note is not None:
            return note.iri
        if self.hidden(target):
            return ""
        agent = self.agents.get(person_key(target)) or self.agents.get(org_key(target))
        if agent:
            return agent
        if _ATTACHMENT.fullmatch(target.rsplit("/", 1)[-1]):
            return Literal(clean_text(target), lang=language or None)
        name = target.rsplit("/", 1)[-1]
        iri = self.minter.mint("notes", "missing:" + name.casefold(), name)
        self.dataset.missing_notes.setdefault(iri, name)
        if not any(link.value == target for link in item.note.wikilinks):  # else warned already
            message = f"the wikilink [[{target}]] of the field {field.key} points to no note of the vault"
            hint = "create the note, or correct the link's spelling"
            self.diagnostics.append(warning(item.note.path, field.line, "missing-note", message, hint))
        return iri


def _agents(dataset: Dataset) -> dict[str, str]:
    """People and organisations by every name they carry (folded as identity does); "" when two share one."""
    found: dict[str, str] = {}
    named = [(person_key, p) for p in dataset.persons.values()]
    named += [(org_key, o) for o in dataset.organizations.values()]
    for key_of, entity in named:
        for name in (entity.name, *sorted(entity.alternate_names)):
            key = key_of(name)
            if key:
                found[key] = entity.iri if found.get(key, entity.iri) == entity.iri else _AMBIGUOUS
    return found


def _decimal(value: float) -> Literal:
    """A YAML float as xsd:decimal, written out (no exponent, which xsd:decimal does not allow)."""
    if not math.isfinite(value):
        return Literal({math.inf: "INF", -math.inf: "-INF"}.get(value, "NaN"), datatype=XSD.double)
    text = format(Decimal(repr(value)), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _date_literal(text: str) -> Literal | None:
    """`2022-05-13` as xsd:date, `2022-05-13T10:30` as xsd:dateTime (seconds added); None if no such day."""
    try:
        if _DATE.fullmatch(text):
            return Literal(dt.date.fromisoformat(text).isoformat(), datatype=XSD.date)
        match = _DATETIME.fullmatch(text)
        assert match is not None
        day, minutes, seconds, zone = match.groups()
        lexical = f"{day}T{minutes}{seconds or ':00'}{zone or ''}"
        dt.datetime.fromisoformat(lexical.replace("Z", "+00:00"))
        return Literal(lexical, datatype=XSD.dateTime)
    except ValueError:
        return None
