"""What extraction finds in one note: events, people, organisations, quotations — each with its line.

These are values (frozen), per note, with names as written; identity across notes is `resolve`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Diagnostic
from .frozen import fast_pickle


@fast_pickle
@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    """A date as precise as the text: `2018-10-05` (day), `2018-10` (month) or `2018` (year)."""

    value: str

    @property
    def precision(self) -> str:
        return {10: "day", 7: "month", 4: "year"}[len(self.value)]


@fast_pickle
@dataclass(frozen=True, slots=True)
class OrgMention:
    """An organisation as a note names it."""

    name: str
    line: int
    url: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, when the note states it: "(CH)"
    alternate_names: tuple[str, ...] = ()
    location: str = ""
    knows_about: tuple[str, ...] = ()


@fast_pickle
@dataclass(frozen=True, slots=True)
class PersonMention:
    """A person as a note names them, with the job and affiliations written beside the name."""

    name: str
    line: int
    job_titles: tuple[str, ...] = ()
    affiliations: tuple[OrgMention, ...] = ()
    same_as: str = ""  # a personal page the note links the name to
    role: str = ""  # speaker, moderator, author, quoted, subject, other


Agent = PersonMention | OrgMention


@fast_pickle
@dataclass(frozen=True, slots=True)
class EventFact:
    """An event the note states or describes; talks of a programme are its sub-events."""

    name: str
    line: int
    start: PartialDate | None = None
    end: PartialDate | None = None
    place: str = ""
    organizers: tuple[Agent, ...] = ()
    performers: tuple[PersonMention, ...] = ()
    url: str = ""
    sub_events: tuple[EventFact, ...] = ()
    note_link: str = ""  # the wikilink target of a note that describes this event


@fast_pickle
@dataclass(frozen=True, slots=True)
class QuoteFact:
    """A quotation, without its quote marks, and who said it when the note says so."""

    text: str
    line: int
    speaker: Agent | None = None


@fast_pickle
@dataclass(frozen=True, slots=True)
class MainResource:
    """The external resource a note summarises: its URL and link text."""

    url: str
    name: str
    line: int


@fast_pickle
@dataclass(frozen=True, slots=True)
class NoteFacts:
    """Everything extraction read in one note's prose."""

    language: str
    events: tuple[EventFact, ...] = ()
    main_event: EventFact | None = None  # the event the note describes (schema:about)
    people: tuple[PersonMention, ...] = ()
    organizations: tuple[OrgMention, ...] = ()
    quotes: tuple[QuoteFact, ...] = ()
    main_resource: MainResource | None = None
    subject: Agent | None = None  # the person or organisation a note is about
    diagnostics: tuple[Diagnostic, ...] = ()
