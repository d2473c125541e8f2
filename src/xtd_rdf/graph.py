"""Dataset → triples, grouped by the resource whose page and files hold them (docs/model.md)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from rdflib import Literal, URIRef
from rdflib.term import Node

from . import __version__, vocab
from .dataset import Dataset, Event, Organization, Person, Place, PublishedNote, Tag, VocabProperty
from .facts import PartialDate
from .gc_pause import gc_paused
from .iris import distribution_iri, document_of, hash_iri, publisher_iri, scheme_iri
from .notes import Note
from .sparql_blocks import query_blocks
from .urls import safe_iri

DCAT, DCTERMS, PROV, RDF, RDFS, SCHEMA, SKOS, VOID, XSD = (
    vocab.Terms(ns)
    for ns in (
        vocab.DCAT,
        vocab.DCTERMS,
        vocab.PROV,
        vocab.RDF,
        vocab.RDFS,
        vocab.SCHEMA,
        vocab.SKOS,
        vocab.VOID,
        vocab.XSD,
    )
)
_TYPE = vocab.RDF.type

Triple = tuple[URIRef, URIRef, Node]
DUMPS = (
    ("dataset.ttl", "text/turtle"),
    ("dataset.jsonld", "application/ld+json"),
    ("dataset.nt", "application/n-triples"),
)
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
_BCP47 = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_PRECISION = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def date_literal(date: PartialDate) -> Literal:
    """A date typed as precisely as the text gave it."""
    return Literal(date.value, datatype=_PRECISION[date.precision])


class _Triples:
    """Collects triples by document, dropping empty values; each IRI and literal is made once
    (rdflib checks every IRI it is given, and a vault names the same things again and again)."""

    def __init__(self) -> None:
        self.by_document: dict[str, dict[Triple, None]] = defaultdict(dict)
        self._iris: dict[str, URIRef] = {}
        self._texts: dict[tuple[str, str], Literal] = {}
        self._documents: dict[str, dict[Triple, None]] = {}  # subject → its document's triples

    def iri(self, value: str) -> URIRef:
        term = self._iris.get(value)
        if term is None:
            term = self._iris[value] = URIRef(value)
        return term

    def add(self, s: str, p: URIRef, o: Node | str | None) -> None:
        if o is None or o == "":
            return
        obj = self.iri(o) if isinstance(o, str) and not isinstance(o, Literal) else o
        triples = self._documents.get(s)
        if triples is None:
            triples = self._documents[s] = self.by_document[document_of(s)]
        triples[(self.iri(s), p, obj)] = None

    def text(self, s: str, p: URIRef, value: str, language: str = "") -> None:
        value = clean_text(value) if value else ""
        if value:
            literal = self._texts.get((value, language))
            if literal is None:
                literal = Literal(value, lang=language_tag(language) or None)
                self._texts[(value, language)] = literal
            self.add(s, p, literal)


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")


def clean_text(value: str) -> str:
    """Text safe for every RDF syntax: no control characters, no lone surrogates."""
    if not value.isascii():
        value = value.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub("", value).strip()


@gc_paused()
def dataset_triples(dataset: Dataset) -> dict[str, list[Triple]]:
    """Every triple of the dataset, keyed by document IRI, each list sorted for stable output."""
    out = _Triples()
    for item in dataset.notes:
        _note(out, dataset, item)
        _fields(out, item)
    for iri, name in dataset.missing_notes.items():
        out.text(iri, SCHEMA.name, name)
    for tag in dataset.tags.values():
        _tag(out, dataset, tag)
    for person in dataset.persons.values():
        _person(out, person)
    for org in dataset.organizations.values():
        _organization(out, org)
    for place in dataset.places.values():
        _place(out, place)
    for event in dataset.events.values():
        _event(out, event)
    for prop in dataset.properties.values():
        _property(out, dataset, prop)
    _describe_dataset(out, dataset)
    documents = out.by_document
    # one copy at a time: each document's list is dropped as its sorted copy is made
    return {doc: sorted(documents.pop(doc), key=triple_order) for doc in sorted(documents)}


def all_triples(by_document: dict[str, list[Triple]]) -> Iterator[Triple]:
    for triples in by_document.values():
        yield from triples


def triple_order(triple: Triple) -> tuple[str, bool, str, str]:
    """Subject, then its rdf:type first, then predicate and object: the order every writer lists."""
    s, p, o = triple
    return (str(s), p != _TYPE, str(p), o.n3())


def page_url(iri: str) -> str:
    """The HTML page of a resource: `{iri}/` (served from `{path}/index.html`)."""
    return iri + "/"


def language_tag(value: str) -> str:
    """A well-formed BCP 47 tag, or "" (a literal with a broken tag would make the whole dump invalid)."""
    return value if _BCP47.fullmatch(value) else ""


def _note(out: _Triples, dataset: Dataset, item: PublishedNote) -> None:
    note, facts, s = item.note, item.facts, item.iri
    lang = language_tag(facts.language)
    out.add(s, RDF.type, SCHEMA.Article)
    out.text(s, SCHEMA.name, note.name, lang)
    out.text(s, DCTERMS.title, note.name, lang)
    for title in dict.fromkeys(note.titles):
        if title != note.name:
            out.text(s, SCHEMA.alternateName, title, lang)
    out.add(s, SCHEMA.inLanguage, Literal(lang) if lang else None)
    if note.created:
        out.add(s, DCTERMS.created, Literal(note.created.isoformat(), datatype=XSD.date))
        out.add(s, SCHEMA.dateCreated, Literal(note.created.isoformat(), datatype=XSD.date))
    if note.modified:
        out.add(s, DCTERMS.modified, Literal(note.modified.isoformat(), datatype=XSD.date))
        out.add(s, SCHEMA.dateModified, Literal(note.modified.isoformat(), datatype=XSD.date))
    out.text(s, SCHEMA.description, note.description, lang)
    for tag_iri in item.tags:
        out.add(s, DCTERMS.subject, tag_iri)
    for key in dict.fromkeys(t.value for t in note.tags):
        out.text(s, SCHEMA.keywords, key)
    for target in item.relations:
        out.add(s, DCTERMS.relation, target)
    for link in note.links:
        out.add(s, SCHEMA.citation, safe_iri(link.value))
    for iri in item.about:
        out.add(s, SCHEMA.about, iri)
    for iri in item.same_as:
        out.add(s, SCHEMA.sameAs, iri)
    resource = facts.main_resource
    if resource is not None and safe_iri(resource.url):
        url = safe_iri(resource.url)
        out.add(s, SCHEMA.about, url)
        out.add(url, RDF.type, SCHEMA.CreativeWork)
        out.text(url, SCHEMA.name, resource.name, lang)
        out.add(url, SCHEMA.url, url)
    for iri in item.mentions:
        out.add(s, SCHEMA.mentions, iri)
    for quote in item.quotations:
        out.add(s, SCHEMA.hasPart, quote.iri)
        out.add(quote.iri, RDF.type, SCHEMA.Quotation)
        out.text(quote.iri, SCHEMA.text, quote.fact.text, lang)
        out.add(quote.iri, SCHEMA.spokenByCharacter, quote.speaker)
        out.add(quote.iri, SCHEMA.isPartOf, s)
    for n, video in enumerate(note.videos, start=1):
        video_iri = hash_iri(s, "video", n)
        out.add(s, SCHEMA.video, video_iri)
        out.add(video_iri, RDF.type, SCHEMA.VideoObject)
        out.add(video_iri, SCHEMA.embedUrl, safe_iri(video.value))
        out.text(video_iri, SCHEMA.name, f"{note.name} — video {n}", lang)
    _queries(out, s, note)
    out.add(s, SCHEMA.isPartOf, dataset.config.base)
    out.add(s, SCHEMA.url, page_url(s))
    path = clean_text(f"|{note.path}|")[1:-1]  # the file's name as is: a leading space is part of it
    out.add(s, PROV.wasDerivedFrom, Literal(path))
    out.add(s, DCTERMS.source, Literal(path))


def _fields(out: _Triples, item: PublishedNote) -> None:
    """What the note's own fields say (field_values.py): one triple per value."""
    for value in item.fields:
        out.add(item.iri, out.iri(value.predicate), value.object)


def _property(out: _Triples, dataset: Dataset, prop: VocabProperty) -> None:
    """A property of the vault's own vocabulary, labelled with its key as written."""
    out.add(prop.iri, RDF.type, RDF.Property)
    out.text(prop.iri, RDFS.label, prop.label)
    for label in prop.other_labels:
        out.text(prop.iri, SKOS.altLabel, label)
    out.add(prop.iri, RDFS.isDefinedBy, dataset.config.base)


QUERY_MEDIA_TYPE = "application/sparql-query"


def _queries(out: _Triples, s: str, note: Note) -> None:
    """Each ```sparql block as a part of the note: its text as written, the language it is in."""
    for block in query_blocks(note):
        if not block.text.strip():
            continue
        iri = hash_iri(s, "query", block.number)
        out.add(s, SCHEMA.hasPart, iri)
        out.add(iri, RDF.type, SCHEMA.SoftwareSourceCode)
        out.add(iri, SCHEMA.programmingLanguage, Literal("SPARQL"))
        out.add(iri, SCHEMA.encodingFormat, Literal(QUERY_MEDIA_TYPE))
        out.add(iri, SCHEMA.text, Literal(clean_text(block.text)))
        out.add(iri, SCHEMA.isPartOf, s)


def _tag(out: _Triples, dataset: Dataset, tag: Tag) -> None:
    scheme = scheme_iri(dataset.config.base)
    out.add(tag.iri, RDF.type, SKOS.Concept)
    out.text(tag.iri, SKOS.notation, tag.path)
    out.text(tag.iri, SKOS.prefLabel, tag.label)
    out.add(tag.iri, SKOS.inScheme, scheme)
    if tag.broader:
        out.add(tag.iri, SKOS.broader, tag.broader)
    else:
        out.add(tag.iri, SKOS.topConceptOf, scheme)
        out.add(scheme, SKOS.hasTopConcept, tag.iri)
    out.add(scheme, RDF.type, SKOS.ConceptScheme)


def _subject_of(out: _Triples, iri: str, notes: set[str]) -> None:
    for note in sorted(notes):
        out.add(iri, SCHEMA.subjectOf, note)


def _person(out: _Triples, person: Person) -> None:
    out.add(person.iri, RDF.type, SCHEMA.Person)
    out.text(person.iri, SCHEMA.name, person.name)
    for alt in sorted(person.alternate_names):
        out.text(person.iri, SCHEMA.alternateName, alt)
    for title, language in sorted(person.job_titles.items()):
        out.text(person.iri, SCHEMA.jobTitle, title, language)
    for org in sorted(person.affiliations):
        out.add(person.iri, SCHEMA.affiliation, org)
    for page in sorted(person.same_as):
        out.add(person.iri, SCHEMA.sameAs, safe_iri(page))
    _subject_of(out, person.iri, person.notes)


def _organization(out: _Triples, org: Organization) -> None:
    out.add(org.iri, RDF.type, SCHEMA.Organization)
    out.text(org.iri, SCHEMA.name, org.name)
    for alt in sorted(org.alternate_names):
        out.text(org.iri, SCHEMA.alternateName, alt)
    for url in sorted(org.urls):
        out.add(org.iri, SCHEMA.url, safe_iri(url))
    for country in sorted(org.countries):
        address = hash_iri(org.iri, "address", country.lower())
        out.add(org.iri, SCHEMA.address, address)
        out.add(address, RDF.type, SCHEMA.PostalAddress)
        out.add(address, SCHEMA.addressCountry, Literal(country))
    for location in sorted(org.locations):
        out.text(org.iri, SCHEMA.location, location)
    for topic in sorted(org.knows_about):
        out.text(org.iri, SCHEMA.knowsAbout, topic)
    for iri in sorted(org.same_as):
        out.add(org.iri, SCHEMA.sameAs, iri)
    _subject_of(out, org.iri, org.notes)


def _place(out: _Triples, place: Place) -> None:
    out.add(place.iri, RDF.type, SCHEMA.Place)
    out.text(place.iri, SCHEMA.name, place.name)
    _subject_of(out, place.iri, place.notes)


def _event(out: _Triples, event: Event) -> None:
    out.add(event.iri, RDF.type, SCHEMA.Event)
    out.text(event.iri, SCHEMA.name, event.name, event.language)
    if event.start:
        out.add(event.iri, SCHEMA.startDate, date_literal(event.start))
    if event.end:
        out.add(event.iri, SCHEMA.endDate, date_literal(event.end))
    out.add(event.iri, SCHEMA.location, event.location)
    for iri in event.organizers:
        out.add(event.iri, SCHEMA.organizer, iri)
    for iri in event.performers:
        out.add(event.iri, SCHEMA.performer, iri)
    out.add(event.iri, SCHEMA.url, safe_iri(event.url) if event.url else "")
    for iri in event.sub_events:
        out.add(event.iri, SCHEMA.subEvent, iri)
    for iri in sorted(event.same_as):
        out.add(event.iri, SCHEMA.sameAs, iri)
    _subject_of(out, event.iri, event.notes)


def _describe_dataset(out: _Triples, dataset: Dataset) -> None:
    config, s = dataset.config, dataset.config.base
    for cls in (DCAT.Dataset, VOID.Dataset, SCHEMA.Dataset):
        out.add(s, RDF.type, cls)
    for prop in (DCTERMS.title, SCHEMA.name):
        out.text(s, prop, config.title, config.language)
    for prop in (DCTERMS.description, SCHEMA.description):
        out.text(s, prop, config.description, config.language)
    out.add(s, DCTERMS.license, config.license)
    out.add(s, SCHEMA.license, config.license)
    if config.publisher:
        publisher = publisher_iri(s)
        out.add(s, DCTERMS.publisher, publisher)
        out.add(s, SCHEMA.publisher, publisher)
        out.add(publisher, RDF.type, SCHEMA.Organization)
        out.text(publisher, SCHEMA.name, config.publisher)
    modified = config.modified or max(
        (n.note.modified or n.note.created for n in dataset.notes if n.note.modified or n.note.created),
        default=None,
    )
    if modified:
        out.add(s, DCTERMS.modified, Literal(str(modified), datatype=XSD.date))
    out.add(s, VOID.uriSpace, Literal(s))
    out.add(s, SCHEMA.creator, Literal(f"xtd-rdf {__version__}"))
    for filename, media_type in DUMPS:
        dist = distribution_iri(s, filename)
        out.add(s, DCAT.distribution, dist)
        out.add(dist, RDF.type, DCAT.Distribution)
        out.add(dist, DCAT.mediaType, IANA_MEDIA_TYPES + media_type)  # an IRI, as DCAT-AP asks
        out.add(dist, DCAT.downloadURL, s + filename)
        out.text(dist, DCTERMS.title, filename)
    entities = len(dataset.notes) + len(dataset.tags) + len(dataset.entities()) + len(dataset.properties)
    out.add(s, VOID.entities, Literal(entities))
    described = sum(len(v) for v in out.by_document.values())
    out.add(s, VOID.triples, Literal(described + 1))  # this statement counts itself
