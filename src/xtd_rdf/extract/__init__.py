"""Extraction: a Note's structure and prose → NoteFacts. Pure functions, one note at a time."""

from __future__ import annotations

from dataclasses import replace

from ..facts import EventFact, NoteFacts, OrgMention, PersonMention, QuoteFact
from ..identity import org_key, person_key
from ..notes import Note
from .agents import agent_lines
from .events import described_event, programme, talk
from .language import detect_language
from .people import prose_organizations, prose_people, subject_person
from .quotes import quotations
from .resources import main_resource
from .text import BlockText, block_text

PROSE = ("paragraph", "item", "cell", "heading")


def extract_facts(note: Note, default_language: str) -> NoteFacts:
    """Read one note: its language, main resource, events, people, organisations and quotations."""
    language = detect_language(note, default_language)
    resource = main_resource(note)
    texts = [block_text(b) for b in note.blocks if b.kind in PROSE]
    speakers: dict[int, list[PersonMention]] = {}
    people: list[PersonMention] = []
    orgs: list[OrgMention] = []
    for index, bt in enumerate(texts):
        if bt.block.kind == "heading":
            continue
        for line in agent_lines(bt, "speaker"):
            speakers.setdefault(index, []).append(line.person)
            people.append(line.person)
    quotes = [_located(q) for q in quotations(texts)]
    taken = {p.name for p in people} | {
        q.speaker.name for q in quotes if isinstance(q.speaker, PersonMention)
    }
    subject = subject_person(note.name, texts) if not speakers else None
    if subject is not None:
        taken.add(subject.name)
    for index, bt in enumerate(texts):
        if index in speakers:  # a speaker line says all it has to say there
            continue
        people += prose_people(bt, taken)
        if bt.block.kind != "heading":
            orgs += prose_organizations(bt)
    described, linked = described_event(texts, note.name, resource)
    main_event = programme(texts, speakers, note.name) or talk(texts, speakers) or described
    if described is not None and main_event is not described and main_event.sub_events == ():
        main_event = described  # the sentence says more (date, place, organisers) than a heading
    if main_event is described and described is not None:
        main_event = _with_speakers(described, [p for group in speakers.values() for p in group])
    events: list[EventFact] = list(linked)
    return NoteFacts(
        language=language,
        events=tuple(events),
        main_event=main_event,
        people=tuple(_unique_people(people)),
        organizations=tuple(_unique_orgs(orgs, people)),
        quotes=tuple(quotes),
        main_resource=resource,
        subject=subject,
    )


def _with_speakers(event: EventFact, people: list[PersonMention]) -> EventFact:
    """The speakers a described event's note lists are its performers."""
    performers = tuple(p for p in people if p.role in ("speaker", "moderator"))
    return replace(event, performers=event.performers + performers) if performers else event


def _located(quote: QuoteFact) -> QuoteFact:
    """Speakers read inside a quotation's attribution carry the quotation's line."""
    if quote.speaker is None or quote.speaker.line:
        return quote
    speaker = quote.speaker
    if isinstance(speaker, PersonMention):
        speaker = replace(
            speaker,
            line=quote.line,
            affiliations=tuple(replace(o, line=quote.line) for o in speaker.affiliations),
        )
    else:
        speaker = replace(speaker, line=quote.line)
    return replace(quote, speaker=speaker)


def _unique_people(people: list[PersonMention]) -> list[PersonMention]:
    """One mention per person per note, the one that says the most kept first."""
    seen: dict[str, PersonMention] = {}
    for person in people:
        key = person_key(person.name)
        kept = seen.get(key)
        if kept is None or (
            not kept.job_titles and not kept.affiliations and (person.job_titles or person.affiliations)
        ):
            seen[key] = person
    return list(seen.values())


def _unique_orgs(orgs: list[OrgMention], people: list[PersonMention]) -> list[OrgMention]:
    known = {org_key(o.name) for p in people for o in p.affiliations}
    seen: dict[str, OrgMention] = {}
    for org in orgs:
        key = org_key(org.name)
        if key not in known and key not in seen:
            seen[key] = org
    return list(seen.values())


__all__ = ["BlockText", "extract_facts"]
