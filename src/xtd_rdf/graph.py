"""Dataset → triples, grouped by the resource whose page and files hold them (docs/model.md)."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Literal

from . import __version__, vocab
from .dataset import Dataset, Event, Organization, Person, Place, PublishedNote, Tag, VocabProperty
from .facts import PartialDate
from .gc_pause import gc_paused
from .iris import distribution_iri, hash_iri, publisher_iri, scheme_iri
from .notes import Note
from .sparql_blocks import query_blocks
from .triples import Triple, Triples, clean_text, language_tag
from .triples import triple_order as triple_order  # the writers' order, imported from here

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
DUMPS = (
    ("dataset.ttl", "text/turtle"),
    ("dataset.jsonld", "application/ld+json"),
    ("dataset.nt", "application/n-triples"),
)
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
_PRECISION = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def date_literal(date: PartialDate) -> Literal:
    """A date typed as precisely as the text gave it."""
    return Literal(date.value, datatype=_PRECISION[date.precision])


@gc_paused()
def dataset_triples(dataset: Dataset) -> dict[str, list[Triple]]:
    """Every triple of the dataset, keyed by document IRI, each list sorted for stable output."""
    out = Triples()
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
    return out.in_order()


def all_triples(by_document: dict[str, list[Triple]]) -> Iterator[Triple]:
    for triples in by_document.values():
        yield from triples


def page_url(iri: str) -> str:
    """The HTML page of a resource: `{iri}/` (served from `{path}/index.html`)."""
    return iri + "/"


def _note(out: Triples, dataset: Dataset, item: PublishedNote) -> None:
    note, facts, s = item.note, item.facts, item.iri
    lang = language_tag(facts.language)
    out.add(s, RDF.type, SCHEMA.Article)
    out.text(s, SCHEMA.name, note.name, lang)
    out.text(s, DCTERMS.title, note.name, lang)
    for title in dict.fromkeys(note.titles):
        if title != note.name:
            out.text(s, SCHEMA.alternateName, title, lang)
    if lang:
        out.literal(s, SCHEMA.inLanguage, lang)
    if note.created:
        out.literal(s, DCTERMS.created, note.created.isoformat(), XSD.date)
        out.literal(s, SCHEMA.dateCreated, note.created.isoformat(), XSD.date)
    if note.modified:
        out.literal(s, DCTERMS.modified, note.modified.isoformat(), XSD.date)
        out.literal(s, SCHEMA.dateModified, note.modified.isoformat(), XSD.date)
    out.text(s, SCHEMA.description, note.description, lang)
    out.add_all(s, DCTERMS.subject, item.tags)
    for key in dict.fromkeys(t.value for t in note.tags):
        out.text(s, SCHEMA.keywords, key)
    out.add_all(s, DCTERMS.relation, item.relations)
    out.add_all(s, SCHEMA.citation, (out.url(link.value) for link in note.links))
    out.add_all(s, SCHEMA.about, item.about)
    out.add_all(s, SCHEMA.sameAs, item.same_as)
    resource = facts.main_resource
    url = out.url(resource.url) if resource is not None else ""
    if url:
        out.add(s, SCHEMA.about, url)
        out.add(url, RDF.type, SCHEMA.CreativeWork)
        out.text(url, SCHEMA.name, resource.name, lang)
        out.add(url, SCHEMA.url, url)
    out.add_all(s, SCHEMA.mentions, item.mentions)
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
        out.add(video_iri, SCHEMA.embedUrl, out.url(video.value))
        out.text(video_iri, SCHEMA.name, f"{note.name} — video {n}", lang)
    _queries(out, s, note)
    out.add(s, SCHEMA.isPartOf, dataset.config.base)
    out.add(s, SCHEMA.url, page_url(s))
    path = clean_text(f"|{note.path}|")[1:-1]  # the file's name as is: a leading space is part of it
    out.literal(s, PROV.wasDerivedFrom, path)
    out.literal(s, DCTERMS.source, path)


def _fields(out: Triples, item: PublishedNote) -> None:
    """What the note's own fields say (field_values.py): one triple per value."""
    for value in item.fields:
        out.add(item.iri, out.iri(value.predicate), value.object)


def _property(out: Triples, dataset: Dataset, prop: VocabProperty) -> None:
    """A property of the vault's own vocabulary, labelled with its key as written."""
    out.add(prop.iri, RDF.type, RDF.Property)
    out.text(prop.iri, RDFS.label, prop.label)
    for label in prop.other_labels:
        out.text(prop.iri, SKOS.altLabel, label)
    out.add(prop.iri, RDFS.isDefinedBy, dataset.config.base)


QUERY_MEDIA_TYPE = "application/sparql-query"


def _queries(out: Triples, s: str, note: Note) -> None:
    """Each ```sparql block as a part of the note: its text as written, the language it is in."""
    for block in query_blocks(note):
        if not block.text.strip():
            continue
        iri = hash_iri(s, "query", block.number)
        out.add(s, SCHEMA.hasPart, iri)
        out.add(iri, RDF.type, SCHEMA.SoftwareSourceCode)
        out.literal(iri, SCHEMA.programmingLanguage, "SPARQL")
        out.literal(iri, SCHEMA.encodingFormat, QUERY_MEDIA_TYPE)
        out.literal(iri, SCHEMA.text, clean_text(block.text))
        out.add(iri, SCHEMA.isPartOf, s)


def _tag(out: Triples, dataset: Dataset, tag: Tag) -> None:
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


def _subject_of(out: Triples, iri: str, notes: set[str]) -> None:
    out.add_all(iri, SCHEMA.subjectOf, sorted(notes))


def _person(out: Triples, person: Person) -> None:
    out.add(person.iri, RDF.type, SCHEMA.Person)
    out.text(person.iri, SCHEMA.name, person.name)
    for alt in sorted(person.alternate_names):
        out.text(person.iri, SCHEMA.alternateName, alt)
    for title, language in sorted(person.job_titles.items()):
        out.text(person.iri, SCHEMA.jobTitle, title, language)
    out.add_all(person.iri, SCHEMA.affiliation, sorted(person.affiliations))
    out.add_all(person.iri, SCHEMA.sameAs, [out.url(page) for page in sorted(person.same_as)])
    _subject_of(out, person.iri, person.notes)


def _organization(out: Triples, org: Organization) -> None:
    out.add(org.iri, RDF.type, SCHEMA.Organization)
    out.text(org.iri, SCHEMA.name, org.name)
    for alt in sorted(org.alternate_names):
        out.text(org.iri, SCHEMA.alternateName, alt)
    out.add_all(org.iri, SCHEMA.url, [out.url(url) for url in sorted(org.urls)])
    for country in sorted(org.countries):
        address = hash_iri(org.iri, "address", country.lower())
        out.add(org.iri, SCHEMA.address, address)
        out.add(address, RDF.type, SCHEMA.PostalAddress)
        out.literal(address, SCHEMA.addressCountry, country)
    for location in sorted(org.locations):
        out.text(org.iri, SCHEMA.location, location)
    for topic in sorted(org.knows_about):
        out.text(org.iri, SCHEMA.knowsAbout, topic)
    out.add_all(org.iri, SCHEMA.sameAs, sorted(org.same_as))
    _subject_of(out, org.iri, org.notes)


def _place(out: Triples, place: Place) -> None:
    out.add(place.iri, RDF.type, SCHEMA.Place)
    out.text(place.iri, SCHEMA.name, place.name)
    _subject_of(out, place.iri, place.notes)


def _event(out: Triples, event: Event) -> None:
    out.add(event.iri, RDF.type, SCHEMA.Event)
    out.text(event.iri, SCHEMA.name, event.name, event.language)
    if event.start:
        out.add(event.iri, SCHEMA.startDate, date_literal(event.start))
    if event.end:
        out.add(event.iri, SCHEMA.endDate, date_literal(event.end))
    out.add(event.iri, SCHEMA.location, event.location)
    out.add_all(event.iri, SCHEMA.organizer, event.organizers)
    out.add_all(event.iri, SCHEMA.performer, event.performers)
    out.add(event.iri, SCHEMA.url, out.url(event.url) if event.url else "")
    out.add_all(event.iri, SCHEMA.subEvent, event.sub_events)
    out.add_all(event.iri, SCHEMA.sameAs, sorted(event.same_as))
    _subject_of(out, event.iri, event.notes)


def _describe_dataset(out: Triples, dataset: Dataset) -> None:
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
        out.literal(s, DCTERMS.modified, str(modified), XSD.date)
    out.literal(s, VOID.uriSpace, s)
    out.literal(s, SCHEMA.creator, f"xtd-rdf {__version__}")
    for filename, media_type in DUMPS:
        dist = distribution_iri(s, filename)
        out.add(s, DCAT.distribution, dist)
        out.add(dist, RDF.type, DCAT.Distribution)
        out.add(dist, DCAT.mediaType, IANA_MEDIA_TYPES + media_type)  # an IRI, as DCAT-AP asks
        out.add(dist, DCAT.downloadURL, s + filename)
        out.text(dist, DCTERMS.title, filename)
    entities = len(dataset.notes) + len(dataset.tags) + len(dataset.entities()) + len(dataset.properties)
    out.add(s, VOID.entities, Literal(entities))
    out.add(s, VOID.triples, Literal(len(out) + 1))  # this statement counts itself
