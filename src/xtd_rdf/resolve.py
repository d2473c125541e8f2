"""The whole-vault step: one IRI per note, tag, person, organisation, place and event; links resolved.

Linear in the vault: every lookup is a dict, every merge a union-find step.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from .config import Config
from .dataset import (
    Dataset,
    Entity,
    Event,
    Organization,
    Origin,
    Person,
    Place,
    PublishedNote,
    Quotation,
    Tag,
)
from .diagnostics import Diagnostic, warning
from .facts import Agent, EventFact, NoteFacts, OrgMention, PersonMention
from .field_values import resolve_fields
from .gc_pause import gc_paused
from .identity import UnionFind, fold, has_honorific, org_key, person_key
from .iris import IriMinter, hash_iri, tag_slug
from .links import SameAsRow, attach_same_as, pin_note_iris
from .notes import Note
from .publish import Withheld, WithheldNames


@gc_paused()
def resolve(
    pairs: Sequence[tuple[Note, NoteFacts]],
    config: Config,
    table_orgs: Iterable[tuple[str, OrgMention]] = (),
    withheld: Sequence[Withheld] = (),
    same_as_rows: Sequence[SameAsRow] = (),
) -> Dataset:
    """Tie every note's facts together into one Dataset; links to `withheld` notes lead nowhere."""
    minter = IriMinter(config.base)
    diagnostics: list[Diagnostic] = []
    diagnostics += pin_note_iris(minter, [note for note, _ in pairs])  # `iri:` before any other slug
    published = [
        PublishedNote(note, facts, minter.mint("notes", note.path, note.name)) for note, facts in pairs
    ]
    index = _NoteIndex(published)
    missing: dict[str, str] = {}
    hidden = WithheldNames(withheld)
    for item in published:
        item.relations = _relations(item, index, minter, missing, diagnostics, hidden)
    _backlinks(published)
    tags = _tags(published, minter)
    people = _People(minter, table_orgs)
    for item in published:
        people.collect(item, index)
    people.resolve()
    for item in published:
        people.link(item)
    dataset = Dataset(
        config=config,
        notes=published,
        persons=people.persons,
        organizations=people.orgs,
        places=people.places,
        events=people.events,
        tags=tags,
        missing_notes=missing,
        diagnostics=diagnostics,
        merges=people.merges,
        withheld=tuple(withheld),
    )
    diagnostics += attach_same_as(dataset, same_as_rows)
    diagnostics += resolve_fields(dataset, minter, index.find, hidden)
    for kind, first, other in minter.collisions:
        diagnostics.append(
            warning(
                other if kind == "notes" else "",
                0,
                "slug-collision",
                f"'{other}' and '{first}' fold to the same {kind[:-1]} slug; "
                "the second one's IRI got a number",
            )
        )
    return dataset


class _NoteIndex:
    """Wikilink targets → published notes, by path, name or alias, case-insensitively."""

    def __init__(self, published: list[PublishedNote]) -> None:
        self.by_name: dict[str, PublishedNote] = {}
        for item in published:  # names first, so a note's own name wins over another's alias
            self.by_name.setdefault(item.note.path[:-3].casefold(), item)
            self.by_name.setdefault(item.note.name.casefold(), item)
        for item in published:
            for alias in item.note.aliases:
                self.by_name.setdefault(alias.casefold(), item)

    def find(self, target: str) -> PublishedNote | None:
        key = target.strip().casefold()
        return self.by_name.get(key) or self.by_name.get(key.rsplit("/", 1)[-1])


def _relations(
    item: PublishedNote,
    index: _NoteIndex,
    minter: IriMinter,
    missing: dict[str, str],
    diagnostics: list[Diagnostic],
    hidden: WithheldNames,
) -> list[str]:
    relations: list[str] = []
    for link in item.note.wikilinks:
        if link.embed and _is_attachment(link.value):
            continue  # `![[plan.png]]` embeds a file, not a note
        target = index.find(link.value)
        if target is None and hidden(link.value):
            continue  # a withheld note: no relation, no "missing note", no warning
        if target is not None:
            iri = target.iri
        else:
            name = link.value.rsplit("/", 1)[-1]
            iri = minter.mint("notes", "missing:" + name.casefold(), name)
            missing.setdefault(iri, name)
            diagnostics.append(
                warning(
                    item.note.path,
                    link.line,
                    "missing-note",
                    f"the wikilink [[{link.value}]] points to no note of the vault",
                    "create the note, or correct the link's spelling",
                )
            )
        if iri not in relations:
            relations.append(iri)
    return relations


def _is_attachment(target: str) -> bool:
    extension = target.rsplit("/", 1)[-1].rpartition(".")[2]
    return extension.isalnum() and extension.lower() != "md" and len(extension) <= 5 and "." in target


def _backlinks(published: list[PublishedNote]) -> None:
    by_iri = {item.iri: item for item in published}
    for item in published:
        for iri in item.relations:
            if iri in by_iri:
                by_iri[iri].backlinks.append(item.iri)


def _tags(published: list[PublishedNote], minter: IriMinter) -> dict[str, Tag]:
    """One SKOS concept per tag path (case-insensitive), with a concept for every parent path."""
    written: dict[str, str] = {}
    for item in published:
        for tag in item.note.tags:
            parts = [p for p in tag.value.split("/") if p]
            for depth in range(1, len(parts) + 1):
                path = "/".join(parts[:depth])
                written.setdefault(path.casefold(), path)
    tags: dict[str, Tag] = {}
    for key in sorted(written):
        path = written[key]
        parent = key.rsplit("/", 1)[0] if "/" in key else ""
        iri = minter.mint("tags", key, tag_slug(path))
        broader = tags[parent].iri if parent else ""
        tags[key] = Tag(iri, path, path.rsplit("/", 1)[-1], broader)
    for item in published:
        item.tags = _unique(
            [
                tags["/".join(p for p in t.value.split("/") if p).casefold()].iri
                for t in item.note.tags
                if any(t.value.split("/"))
            ]
        )
    return tags


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


class _People:
    """Identity resolution for people, organisations, places and events across the vault."""

    def __init__(self, minter: IriMinter, table_orgs: Iterable[tuple[str, OrgMention]]) -> None:
        self.minter = minter
        self.person_mentions: list[tuple[PublishedNote | None, PersonMention]] = []
        self.org_mentions: list[tuple[PublishedNote | None, str, OrgMention]] = [
            (None, path, org) for path, org in table_orgs
        ]
        self.event_mentions: list[tuple[PublishedNote, str, EventFact]] = []
        self.org_names = UnionFind()
        self._ties: dict[str, list[str]] = defaultdict(list)  # org key → "Name (ALT) at path:line"
        self.persons: dict[str, Person] = {}
        self.orgs: dict[str, Organization] = {}
        self.places: dict[str, Place] = {}
        self.events: dict[str, Event] = {}
        self.merges: list[str] = []
        self._person_iri: dict[str, str] = {}
        self._org_iri: dict[str, str] = {}
        self._event_iri: dict[str, str] = {}
        self._event_key: dict[int, str] = {}  # id of an EventFact → its identity key
        self._note_events: dict[str, list[str]] = defaultdict(list)  # note IRI → event keys

    # -- collect every mention, in note order

    def collect(self, item: PublishedNote, index: _NoteIndex) -> None:
        facts = item.facts
        for agent in self._agents(facts):
            self._collect_agent(item, agent)
        events = list(facts.events)
        if facts.main_event is not None and facts.main_event not in events:
            events.insert(0, facts.main_event)
        for event in events:
            self._collect_event(item, index, event, main=event is facts.main_event)

    def _agents(self, facts: NoteFacts) -> list[Agent]:
        agents: list[Agent] = [*facts.people, *facts.organizations]
        agents += [q.speaker for q in facts.quotes if q.speaker is not None]
        if facts.subject is not None:
            agents.append(facts.subject)
        return agents

    def _collect_agent(self, item: PublishedNote | None, agent: Agent) -> None:
        if isinstance(agent, PersonMention):
            self.person_mentions.append((item, agent))
            for org in agent.affiliations:
                self._collect_agent(item, org)
        else:
            self.org_mentions.append((item, item.note.path if item else "", agent))
            for alt in agent.alternate_names:
                self.org_names.union(org_key(agent.name), org_key(alt))
                where = f"{item.note.path}:{agent.line}" if item else "a data table"
                self._ties[org_key(agent.name)].append(f"'{agent.name}' is written with '{alt}' at {where}")

    def _collect_event(self, item: PublishedNote, index: _NoteIndex, event: EventFact, main: bool) -> None:
        linked = index.find(event.note_link) if event.note_link else None
        if main:
            key = "note:" + item.note.path
        elif linked is not None:
            key = "note:" + linked.note.path
        else:
            key = "name:" + fold(event.name) + "|" + (event.start.value if event.start else "")
        self.event_mentions.append((item, key, event))
        self._event_key[id(event)] = key
        self._note_events[item.iri].append(key)
        for agent in (*event.organizers, *event.performers):
            self._collect_agent(item, agent)
        for sub in event.sub_events:
            self._collect_event(item, index, sub, main=False)

    # -- one entity per group of mentions

    def resolve(self) -> None:
        self._resolve_orgs()
        self._resolve_persons()
        self._resolve_events()

    def _resolve_orgs(self) -> None:
        groups: dict[str, list[tuple[PublishedNote | None, str, OrgMention]]] = defaultdict(list)
        for item, path, org in self.org_mentions:
            groups[self.org_names.find(org_key(org.name))].append((item, path, org))
        for root in sorted(groups):
            mentions = groups[root]
            name = _preferred(
                [m.name for _, _, m in mentions], penalty=lambda n: n.isupper() and " " not in n
            )
            iri = self.minter.mint("organizations", root, name)
            entity = self.orgs.setdefault(iri, Organization(iri, name))
            for item, path, org in mentions:
                self._org_iri[org_key(org.name)] = iri
                self._add_origin(entity, item, path, org.line, org.name)
                entity.alternate_names.update(
                    n for n in (org.name, *org.alternate_names) if fold(n) != fold(name)
                )
                entity.urls.update([org.url] if org.url else [])
                entity.countries.update([org.country] if org.country else [])
                entity.locations.update([org.location] if org.location else [])
                entity.knows_about.update(org.knows_about)
            forms = sorted(
                {m.name for _, _, m in mentions} | {a for _, _, m in mentions for a in m.alternate_names}
            )
            if len({fold(f) for f in forms}) > 1 or len(forms) > 1:
                self.merges.append(
                    f"organization {iri}: {' = '.join(forms)} ({_org_reasons(forms, mentions, self._ties)})"
                )

    def _resolve_persons(self) -> None:
        groups: dict[str, list[tuple[PublishedNote | None, PersonMention]]] = defaultdict(list)
        for item, person in self.person_mentions:
            groups[person_key(person.name)].append((item, person))
        for key in sorted(groups):
            mentions = groups[key]
            name = _preferred([p.name for _, p in mentions], penalty=has_honorific)
            iri = self.minter.mint("persons", key, name)
            entity = self.persons.setdefault(iri, Person(iri, name))
            self._person_iri[key] = iri
            for item, person in mentions:
                self._add_origin(entity, item, item.note.path if item else "", person.line, person.name)
                if fold(person.name) != fold(name):
                    entity.alternate_names.add(person.name)
                language = item.facts.language if item else ""
                for title in person.job_titles:
                    if fold(title) not in {fold(known) for known in entity.job_titles}:
                        entity.job_titles[title] = language  # "Directrice" and "directrice" are one title
                entity.affiliations.update(self._org_iri[org_key(o.name)] for o in person.affiliations)
                entity.same_as.update([person.same_as] if person.same_as else [])
            first_seen: dict[str, str] = {}
            for item, p in mentions:
                if p.name not in first_seen:  # most groups have one form: no text made for the others
                    first_seen[p.name] = f"{item.note.path}:{p.line}" if item else "a data table"
            if len(first_seen) > 1:
                forms = " = ".join(f"{n} ({first_seen[n]})" for n in sorted(first_seen))
                self.merges.append(
                    f"person {iri}: {forms} (same name but for case, accents, hyphens, titles)"
                )

    def _resolve_events(self) -> None:
        groups: dict[str, list[tuple[PublishedNote, EventFact]]] = defaultdict(list)
        for item, key, event in self.event_mentions:
            groups[key].append((item, event))
        for key in sorted(groups):
            mentions = groups[key]
            name = mentions[0][1].name
            for item, event in mentions:  # the describing note's own wording wins
                if key == "note:" + item.note.path:
                    name = event.name
                    break
            iri = self.minter.mint("events", key, name)
            self._event_iri[key] = iri
            self.events[iri] = Event(iri, name, language=mentions[0][0].facts.language)
        for item, key, event in self.event_mentions:
            self._merge_event(self.events[self._event_iri[key]], item, event)

    def _merge_event(self, entity: Event, item: PublishedNote, event: EventFact) -> None:
        self._add_origin(entity, item, item.note.path, event.line, event.name)
        entity.start = entity.start or event.start
        entity.end = entity.end or event.end
        entity.url = entity.url or event.url
        if event.place and not entity.location:
            key = fold(event.place)
            iri = self.minter.mint("places", key, event.place)
            place = self.places.setdefault(iri, Place(iri, event.place))
            self._add_origin(place, item, item.note.path, event.line, event.place)
            entity.location = iri
        for agent in event.organizers:
            entity.organizers = _unique([*entity.organizers, self.agent_iri(agent)])
        for person in event.performers:
            entity.performers = _unique([*entity.performers, self.agent_iri(person)])
        for sub in event.sub_events:
            entity.sub_events = _unique([*entity.sub_events, self._sub_iri(item, sub)])

    def _sub_iri(self, item: PublishedNote, sub: EventFact) -> str:
        return self._event_iri[self._event_key[id(sub)]]

    def _add_origin(
        self, entity: Entity, item: PublishedNote | None, path: str, line: int, name: str
    ) -> None:
        entity.origins.append(Origin(path, line))
        if item is not None:
            entity.notes.add(item.iri)
        if fold(name) != fold(entity.name) and not isinstance(entity, Person):
            entity.alternate_names.add(name)

    def agent_iri(self, agent: Agent) -> str:
        if isinstance(agent, PersonMention):
            return self._person_iri[person_key(agent.name)]
        return self._org_iri[org_key(agent.name)]

    # -- what each note is about and mentions

    def link(self, item: PublishedNote) -> None:
        facts = item.facts
        mentions = [self.agent_iri(a) for a in self._agents(facts)]
        mentions += [self.agent_iri(o) for p in facts.people for o in p.affiliations]
        for key in self._note_events[item.iri]:
            event = self.events[self._event_iri[key]]
            mentions.append(event.iri)
            mentions += event.organizers + event.performers
        about: list[str] = []
        if facts.main_event is not None:
            about.append(self._event_iri["note:" + item.note.path])
        if facts.subject is not None:
            about.append(self.agent_iri(facts.subject))
        item.about = about
        item.mentions = _unique(m for m in mentions if m not in about)
        item.quotations = [
            Quotation(
                hash_iri(item.iri, "quote", n), quote, self.agent_iri(quote.speaker) if quote.speaker else ""
            )
            for n, quote in enumerate(facts.quotes, start=1)
        ]


def _preferred(names: list[str], penalty: Callable[[str], bool] = lambda n: False) -> str:
    """The form most often written, not an acronym or a title-prefixed form when there is another;
    ties go to the longer, then the alphabetically first."""
    counts = Counter(n.strip() for n in names)
    return min(counts, key=lambda n: (penalty(n), -counts[n], -len(n), n))


def _is_acronym(name: str) -> bool:
    return name.isupper() and " " not in name


def _org_reasons(forms: list[str], mentions: list, ties: dict[str, list[str]]) -> str:  # type: ignore[type-arg]
    """Why these names are one organisation: the notes that tie an acronym to a name, and spellings."""
    keys = {org_key(m.name) for _, _, m in mentions}
    reasons = sorted({tie for key in keys for tie in ties.get(key, [])})
    by_fold: dict[str, set[str]] = defaultdict(set)
    for form in forms:
        by_fold[org_key(form)].add(form)
    variants = [" / ".join(sorted(v)) for v in by_fold.values() if len(v) > 1]
    reasons += [f"{v}: same name but for case, accents or spacing" for v in sorted(variants)]
    return "; ".join(reasons)
