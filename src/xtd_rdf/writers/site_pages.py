"""One Page per resource: what each kind shows, read from the graph and the resolved dataset."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from rdflib import Literal
from rdflib.term import Node

from ..dataset import Dataset, PublishedNote
from ..identity import person_key
from ..publish import WithheldNames
from ..query_blocks import Ran
from ..resolve import _NoteIndex
from .html import LinkTargets, heading_id, render_note
from .site_data import linked_data
from .site_graph import SiteGraph
from .site_model import KIND_SINGULAR, Link, Page, Quote, short_url, ui_for
from .site_queries import shown_queries
from .site_reads import Reads
from .site_text import format_date, read_text
from .site_vocab import field_facts, property_page
from .terms import DCTERMS, SCHEMA, SKOS


class _HeadingIds(dict[str, frozenset[str]]):
    """Each note's heading ids (note IRI → ids), made when a link to the note first asks."""

    def __init__(self, notes: dict[str, PublishedNote]) -> None:
        super().__init__()
        self._notes = notes

    def __missing__(self, iri: str) -> frozenset[str]:
        ids = self[iri] = frozenset(map(heading_id, self._notes[iri].note.headings))
        return ids

    def get(self, iri: str, default: frozenset[str] | tuple[()] | None = None):  # type: ignore[override]
        return self[iri] if iri in self._notes else default


@dataclass
class Site:
    """Everything the page builders share: the graph, the dataset, the UI words, the staging folder."""

    dataset: Dataset
    graph: SiteGraph
    stage: Path
    notes: dict[str, PublishedNote]
    nav: dict[str, PublishedNote]  # eleventyNavigation key (casefolded) → note
    targets: LinkTargets
    roles: dict[str, set[str]] = field(default_factory=dict)  # person IRI → roles the notes give
    kinds: list[str] = field(default_factory=list)  # the listings the site has, for its menu
    uses: dict[str, list[tuple[str, Node]]] | None = None  # vocabulary property → (note, value), when asked
    queries: dict[str, tuple[Ran, ...]] = field(default_factory=dict)  # note IRI → its query blocks run
    sources: dict[str, str] = field(default_factory=dict)  # note file → its content digest (site_reads.py)
    # prefix → IRI → its Link: the same few thousand are asked for again and again, page after page
    _links: dict[str, dict[str, Link]] = field(default_factory=dict, repr=False)
    _object_links: dict[str, dict[str, Link]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, dataset: Dataset, graph: SiteGraph, stage: Path) -> Site:
        index = _NoteIndex(dataset.notes)
        missing = {name.casefold(): iri for iri, name in dataset.missing_notes.items()}

        def find(target: str) -> str | None:
            found = index.find(target)
            if found is not None:
                return found.iri
            return missing.get(target.strip().rsplit("/", 1)[-1].casefold())

        nav = {}
        for item in dataset.notes:
            key = _nav(item).get("key")
            if isinstance(key, str) and key.strip():
                nav.setdefault(key.strip().casefold(), item)
        notes = {n.iri: n for n in dataset.notes}
        anchors = _HeadingIds(notes)
        targets = LinkTargets(find, frozenset(dataset.missing_notes), dataset.config.base, anchors)
        targets = replace(targets, withheld=WithheldNames(dataset.withheld))
        return cls(dataset, graph, stage, notes, nav, targets, _roles(dataset))

    @cached_property
    def ui(self) -> dict[str, str]:
        return ui_for(self.dataset.config.language)

    @property
    def base(self) -> str:
        return self.dataset.config.base

    @property
    def language(self) -> str:
        return self.dataset.config.language

    # What the page builders read beside the graph; they read it through site_reads.Reads, which
    # asks these methods, so every answer is one a later export can ask again.
    def is_missing(self, iri: str) -> bool:
        return iri in self.dataset.missing_notes

    def note(self, iri: str) -> PublishedNote:
        return self.notes[iri]

    def nav_note(self, key: str) -> PublishedNote | None:
        """The note whose eleventyNavigation key is `key` (casefolded)."""
        return self.nav.get(key)

    def roles_of(self, iri: str) -> tuple[str, ...]:
        return tuple(sorted(self.roles.get(iri, ())))

    def queries_of(self, iri: str) -> tuple[Ran, ...]:
        return self.queries.get(iri, ())

    def uses_of(self, iri: str) -> list[tuple[str, Node]]:
        """The (note, value) pairs of a property of the vault's vocabulary."""
        if self.uses is None:
            properties = set(self.dataset.properties)
            self.uses = {}
            for subject, edges in self.graph.edges():
                for predicate, value in edges:
                    if predicate in properties:
                        self.uses.setdefault(predicate, []).append((subject, value))
        return self.uses.get(iri, [])

    def file_text(self, relative: str) -> str | None:
        """A file the writers before the site put in the staging folder (None: there is none)."""
        return read_text(f"{self.stage}/{relative}")

    def is_file(self, relative: str) -> bool:
        return os.path.isfile(f"{self.stage}/{relative}")

    def find_note(self, target: str) -> str | None:
        return self.targets.find(target)

    def is_withheld(self, target: str) -> bool:
        return self.targets.withheld(target)

    def anchors_of(self, iri: str) -> tuple[str, ...]:
        return tuple(sorted(self.targets.anchors.get(iri, ())))

    def link(self, iri: str, prefix: str, note: str = "") -> Link:
        if note:
            return replace(self.link(iri, prefix), note=note)
        links = self._links.get(prefix)
        if links is None:
            links = self._links[prefix] = {}
        found = links.get(iri)
        if found is None:
            found = links[iri] = Link(
                self.graph.label(iri),
                self.graph.href(iri, prefix),
                external=self.graph.kind(iri) == "external",
                missing=iri in self.dataset.missing_notes,
            )
        return found

    def object_link(self, iri: str, prefix: str) -> Link:
        """A data table's object: our resources by name, our pages' URLs as relative links, other
        IRIs (vocabulary terms) as CURIEs."""
        links = self._object_links.get(prefix)
        if links is None:
            links = self._object_links[prefix] = {}
        found = links.get(iri)
        if found is None:
            graph = self.graph
            if graph.is_ours(iri) or iri == self.base:
                found = self.link(iri, prefix)
            elif iri.endswith("/") and graph.is_ours(iri[:-1]):  # schema:url, the page itself
                found = Link(iri, graph.href(iri[:-1], prefix))
            else:
                found = Link(graph.curie(iri), iri, external=True)
            links[iri] = found
        return found

    def links(self, iris: list[str], prefix: str) -> list[Link]:
        return sorted((self.link(i, prefix) for i in dict.fromkeys(iris)), key=lambda x: x.label.casefold())


def _roles(dataset: Dataset) -> dict[str, set[str]]:
    """The roles notes give each person (speaker, moderator, author…), by the identity resolve used."""
    by_key = {person_key(n): p.iri for p in dataset.persons.values() for n in (p.name, *p.alternate_names)}
    roles: dict[str, set[str]] = {}
    for item in dataset.notes:
        for mention in item.facts.people:
            iri = by_key.get(person_key(mention.name))
            if iri and mention.role and mention.role != "other":
                roles.setdefault(iri, set()).add(mention.role)
    return roles


def _nav(item: PublishedNote) -> dict:
    nav = item.note.front_matter.get("eleventyNavigation")
    return nav if isinstance(nav, dict) else {}


def page_path(site: Site | Reads, iri: str) -> str:
    return f"{iri[len(site.base) :]}/index.html"


def resource_page(site: Reads, iri: str) -> Page:
    """The page of one of our documents, filled by its kind's builder from what `site` answers."""
    kind = site.graph.kind(iri)
    page = Page(page_path(site, iri), site.graph.label(iri), site.language, "", iri)
    page.kind = page_kind(site, iri)
    page.breadcrumbs = [Link(site.ui["home"], page.prefix + "index.html")]
    if kind in KIND_SINGULAR:
        page.breadcrumbs.append(Link(site.ui[kind], page.prefix + kind + "/index.html"))
    BUILDERS.get(page.kind, _generic)(site, page)
    linked_data(site, page)
    return page


def page_kind(site: Site | Reads, iri: str) -> str:
    """`note`, `person`, … `missing` or `scheme`: what the page of one of our documents shows."""
    kind = site.graph.kind(iri)
    return "missing" if site.is_missing(iri) else KIND_SINGULAR.get(kind, kind)


def _note(site: Reads, page: Page) -> None:
    item = site.note(page.iri)
    ui, prefix, graph = site.ui, page.prefix, site.graph
    page.lang = item.facts.language or page.lang
    page.description = item.note.description
    page.breadcrumbs[1:] = _nav_trail(site, item, prefix) or page.breadcrumbs[1:]
    created = [Link(format_date(item.note.created.isoformat(), page.lang))] if item.note.created else []
    modified = [Link(format_date(item.note.modified.isoformat(), page.lang))] if item.note.modified else []
    same_as = graph.objects(page.iri, SCHEMA.sameAs)
    page.facts = [
        (ui["created"], created),
        (ui["modified"], modified),
        (ui["subject"], [_about_link(site, i, prefix) for i in graph.objects(page.iri, SCHEMA.about)]),
        (ui["tags"], site.links(graph.objects(page.iri, DCTERMS.subject), prefix)),
        (ui["same_as"], [Link(short_url(u), u, external=True) for u in same_as]),
        *field_facts(site, item, prefix),
    ]
    page.body = render_note(item, site.targets, prefix, shown_queries(site, item, prefix))
    page.quotes = [_quote(site, q.iri, prefix, own_note=True) for q in item.quotations]
    mentions = graph.objects(page.iri, SCHEMA.mentions)
    page.sections = [
        (ui["events"], site.links([m for m in mentions if graph.kind(m) == "events"], prefix)),
        (ui["persons"], site.links([m for m in mentions if graph.kind(m) == "persons"], prefix)),
        (ui["organizations"], site.links([m for m in mentions if graph.kind(m) == "organizations"], prefix)),
        (ui["backlinks"], site.links(graph.subjects(page.iri, DCTERMS.relation), prefix)),
    ]


def _about_link(site: Reads, iri: str, prefix: str) -> Link:
    if site.graph.kind(iri) == "external":
        return Link(site.graph.label(iri), iri, external=True)
    return site.link(iri, prefix)


def _nav_trail(site: Reads, item: PublishedNote, prefix: str) -> list[Link]:
    """Breadcrumbs from eleventyNavigation parents, root first (cycles cut)."""
    trail: list[Link] = []
    seen = {item.iri}
    parent = str(_nav(item).get("parent") or "").strip().casefold()
    while parent and (node := site.nav_note(parent)) is not None and node.iri not in seen:
        seen.add(node.iri)
        trail.insert(0, replace(site.link(node.iri, prefix), label=note_label(node)))
        parent = str(_nav(node).get("parent") or "").strip().casefold()
    return trail


def note_label(item: PublishedNote) -> str:
    """A note by its name, or by its title when the file name says nothing (`index`, `README`)."""
    if item.note.name.casefold() in ("index", "readme") and item.note.titles:
        return item.note.titles[0]
    return item.note.name


def _quote(site: Reads, iri: str, prefix: str, own_note: bool) -> Quote:
    graph = site.graph
    text = next((o for o in graph.values(iri, SCHEMA.text) if isinstance(o, Literal)), None)
    speakers = graph.objects(iri, SCHEMA.spokenByCharacter)
    notes = graph.objects(iri, SCHEMA.isPartOf)
    return Quote(
        iri.rsplit("#", 1)[-1],
        str(text) if text is not None else "",
        (text.language or "") if text is not None else "",
        site.link(speakers[0], prefix) if speakers else None,
        None if own_note or not notes else site.link(iri, prefix),
    )


def _person(site: Reads, page: Page) -> None:
    ui, prefix, graph, iri = site.ui, page.prefix, site.graph, page.iri
    talks = graph.subjects(iri, SCHEMA.performer)
    organised = graph.subjects(iri, SCHEMA.organizer)
    quotes = graph.subjects(iri, SCHEMA.spokenByCharacter)
    roles = set(site.roles_of(iri))
    roles |= {r for r, has in (("speaker", talks), ("organizer", organised), ("quoted", quotes)) if has}
    page.facts = [
        (ui["job"], [Link(str(t), lang=t.language or "") for t in graph.values(iri, SCHEMA.jobTitle)]),
        (ui["roles"], [Link(ui.get(f"role_{r}", r)) for r in ROLES if r in roles]),
        (ui["affiliations"], site.links(graph.objects(iri, SCHEMA.affiliation), prefix)),
        (ui["alt_names"], [Link(str(n)) for n in graph.values(iri, SCHEMA.alternateName)]),
        (ui["same_as"], [Link(short_url(u), u, external=True) for u in graph.objects(iri, SCHEMA.sameAs)]),
    ]
    page.quotes = [_quote(site, q, prefix, own_note=False) for q in quotes]
    page.sections = [
        (ui["talks"], [_event_link(site, e, prefix) for e in talks]),
        (ui["events"], site.links(organised, prefix)),
        (ui["mentioned_in"], site.links(_notes_about(site, iri), prefix)),
    ]


def _notes_about(site: Reads, iri: str) -> list[str]:
    graph = site.graph
    return graph.objects(iri, SCHEMA.subjectOf) + graph.subjects(iri, SCHEMA.mentions)


def _event_link(site: Reads, iri: str, prefix: str, with_parent: bool = True) -> Link:
    """A talk with its date and, away from the programme's own page, the programme it belongs to."""
    graph = site.graph
    parents = [graph.label(p) for p in graph.subjects(iri, SCHEMA.subEvent)] if with_parent else []
    start = graph.literal(iri, SCHEMA.startDate)
    note = " · ".join(x for x in (format_date(start, site.language), *parents) if x)
    return site.link(iri, prefix, note)


def _organization(site: Reads, page: Page) -> None:
    ui, prefix, graph, iri = site.ui, page.prefix, site.graph, page.iri
    addresses = graph.objects(iri, SCHEMA.address)
    countries = [str(c) for a in addresses for c in graph.values(a, SCHEMA.addressCountry)]
    page.facts = [
        (ui["alt_names"], [Link(str(n)) for n in graph.values(iri, SCHEMA.alternateName)]),
        (ui["website"], [Link(short_url(u), u, external=True) for u in graph.objects(iri, SCHEMA.url)]),
        (ui["country"], [Link(c) for c in countries]),
        (ui["location"], [Link(str(v)) for v in graph.values(iri, SCHEMA.location)]),
        (ui["same_as"], [Link(short_url(u), u, external=True) for u in graph.objects(iri, SCHEMA.sameAs)]),
    ]
    events = graph.subjects(iri, SCHEMA.organizer) + graph.subjects(iri, SCHEMA.performer)
    quotes = graph.subjects(iri, SCHEMA.spokenByCharacter)
    page.quotes = [_quote(site, q, prefix, own_note=False) for q in quotes]
    page.sections = [
        (ui["people"], site.links(graph.subjects(iri, SCHEMA.affiliation), prefix)),
        (ui["events"], [_event_link(site, e, prefix) for e in dict.fromkeys(events)]),
        (ui["mentioned_in"], site.links(_notes_about(site, iri), prefix)),
    ]


def _event(site: Reads, page: Page) -> None:
    ui, prefix, graph, iri = site.ui, page.prefix, site.graph, page.iri
    lang = site.language
    if graph.subjects(iri, SCHEMA.subEvent):
        page.kind_label = ui["talk"]
    dates = [format_date(graph.literal(iri, p), lang) for p in (SCHEMA.startDate, SCHEMA.endDate)]
    url = graph.objects(iri, SCHEMA.url)
    page.facts = [
        (ui["date"], [Link(" – ".join(d for d in dates if d))] if any(dates) else []),
        (ui["location"], site.links(graph.objects(iri, SCHEMA.location), prefix)),
        (ui["part_of"], site.links(graph.subjects(iri, SCHEMA.subEvent), prefix)),
        (ui["website"], [Link(short_url(u), u, external=True) for u in url]),
        (ui["same_as"], [Link(short_url(u), u, external=True) for u in graph.objects(iri, SCHEMA.sameAs)]),
    ]
    page.sections = [
        (ui["organizers"], site.links(graph.objects(iri, SCHEMA.organizer), prefix)),
        (ui["speakers"], site.links(graph.objects(iri, SCHEMA.performer), prefix)),
        (ui["talks"], [_event_link(site, e, prefix, False) for e in graph.objects(iri, SCHEMA.subEvent)]),
        (ui["mentioned_in"], site.links(_notes_about(site, iri), prefix)),
    ]


def _place(site: Reads, page: Page) -> None:
    prefix, graph, iri = page.prefix, site.graph, page.iri
    page.sections = [
        (site.ui["events"], [_event_link(site, e, prefix) for e in graph.subjects(iri, SCHEMA.location)]),
        (site.ui["mentioned_in"], site.links(_notes_about(site, iri), prefix)),
    ]


def _tag(site: Reads, page: Page) -> None:
    ui, prefix, graph, iri = site.ui, page.prefix, site.graph, page.iri
    page.title = graph.literal(iri, SKOS.notation) or page.title
    page.facts = [(ui["broader"], site.links(graph.objects(iri, SKOS.broader), prefix))]
    page.sections = [
        (ui["narrower"], site.links(graph.subjects(iri, SKOS.broader), prefix)),
        (ui["notes"], site.links(graph.subjects(iri, DCTERMS.subject), prefix)),
    ]


def _missing(site: Reads, page: Page) -> None:
    page.description = site.ui["missing_text"]
    linking = site.graph.subjects(page.iri, DCTERMS.relation)
    page.sections = [(site.ui["backlinks"], site.links(linking, page.prefix))]


def _scheme(site: Reads, page: Page) -> None:
    page.title = site.ui["tags"]
    page.breadcrumbs = page.breadcrumbs[:1]
    page.extra["tree"] = _tag_tree(site, site.graph.objects(page.iri, SKOS.hasTopConcept), page.prefix)


def _tag_tree(site: Reads, iris: list[str], prefix: str) -> list[tuple[Link, list]]:
    graph = site.graph
    return [
        (
            site.link(iri, prefix, str(len(graph.subjects(iri, DCTERMS.subject)))),
            _tag_tree(site, graph.subjects(iri, SKOS.broader), prefix),
        )
        for iri in sorted(iris, key=lambda i: graph.label(i).casefold())
    ]


def _generic(site: Reads, page: Page) -> None:
    linking = [s for s, _ in site.graph.edges_in(page.iri)]
    page.sections = [(site.ui["backlinks"], site.links(linking, page.prefix))]


ROLES = ("speaker", "moderator", "organizer", "author", "quoted", "subject")

BUILDERS: dict[str, Callable[[Reads, Page], None]] = {
    "note": _note,
    "person": _person,
    "organization": _organization,
    "event": _event,
    "place": _place,
    "tag": _tag,
    "missing": _missing,
    "scheme": _scheme,
    "property": property_page,
}
