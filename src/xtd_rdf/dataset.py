"""The resolved vault: one entity per real-world thing, with IRIs, ready to become triples.

`resolve` builds it; graph mapping and writers only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal

from .config import Config
from .diagnostics import Diagnostic
from .facts import NoteFacts, PartialDate, QuoteFact
from .notes import Note
from .publish import Withheld


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a fact was read: a vault-relative path and a line."""

    path: str
    line: int


@dataclass(slots=True)
class Entity:
    """What every person, organisation, place and event has: an IRI, names, and the notes about it."""

    iri: str
    name: str
    alternate_names: set[str] = field(default_factory=set)
    notes: set[str] = field(default_factory=set)  # IRIs of notes that describe or mention it
    origins: list[Origin] = field(default_factory=list)
    same_as: set[str] = field(default_factory=set)  # personal pages, authority IRIs (links.py)


@dataclass(slots=True)
class Person(Entity):
    job_titles: dict[str, str] = field(default_factory=dict)  # title → language
    affiliations: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Organization(Entity):
    urls: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    locations: set[str] = field(default_factory=set)
    knows_about: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Place(Entity):
    pass


@dataclass(slots=True)
class Event(Entity):
    language: str = ""
    start: PartialDate | None = None
    end: PartialDate | None = None
    location: str = ""  # place IRI
    organizers: list[str] = field(default_factory=list)
    performers: list[str] = field(default_factory=list)
    url: str = ""
    sub_events: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Tag:
    iri: str
    path: str  # full tag path as first written, without '#'
    label: str
    broader: str  # parent concept IRI, or ""


@dataclass(frozen=True, slots=True)
class Quotation:
    iri: str
    fact: QuoteFact
    speaker: str  # person or organisation IRI, or ""


@dataclass(frozen=True, slots=True)
class FieldValue:
    """One typed value of a field of a note (fields.py, field_values.py), with the line it was read at."""

    key: str  # as written
    predicate: str  # the config's term, or the vault's own property
    object: str | Literal  # an IRI, or a typed or language-tagged literal
    line: int


@dataclass(slots=True)
class VocabProperty:
    """A property of the vault's own vocabulary (`BASE vocab/{slug}`): a field no term was mapped to."""

    iri: str
    label: str  # the key as most often written
    other_labels: list[str] = field(default_factory=list)  # other spellings of the same slug
    origins: list[Origin] = field(default_factory=list)


@dataclass(slots=True)
class PublishedNote:
    """A note with its IRI and everything resolve tied it to."""

    note: Note
    facts: NoteFacts
    iri: str
    relations: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    about: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)
    backlinks: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)  # front-matter links when it is about no one entity
    fields: list[FieldValue] = field(default_factory=list)  # what the note's fields say (field_values.py)


@dataclass(slots=True)
class Dataset:
    """The whole vault, resolved."""

    config: Config
    notes: list[PublishedNote]
    persons: dict[str, Person]
    organizations: dict[str, Organization]
    places: dict[str, Place]
    events: dict[str, Event]
    tags: dict[str, Tag]
    missing_notes: dict[str, str]  # IRI → the name wikilinks used
    diagnostics: list[Diagnostic]
    merges: list[str] = field(default_factory=list)  # explanations of identity merges
    withheld: tuple[Withheld, ...] = ()  # notes not published (publish.py), for links and the summary
    properties: dict[str, VocabProperty] = field(default_factory=dict)  # the vault's own vocabulary, by IRI

    def entities(self) -> list[Entity]:
        return [
            *self.persons.values(),
            *self.organizations.values(),
            *self.places.values(),
            *self.events.values(),
        ]
