"""Every shape of shapes/xtd.ttl, on a hand-made graph that passes it and a variant that fails it.

The fixture graph conforms to all shapes with no result at all; each case changes it with a SPARQL
update and must give exactly the expected results (focus node, path, severity, shape label), both
through xtd-rdf's compiled engine, its batched pySHACL route, and plain pySHACL over the whole graph.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import Graph, URIRef

from xtd_rdf.iris import document_of
from xtd_rdf.validate import Outcome, load_shapes, read_report, validate
from xtd_rdf.vocab import RDF, RDFS, SH

FIXTURE = Path(__file__).with_name("shapes_fixture.ttl")
B = "https://example.org/xtd/"
PREFIXES = """
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
BASE <https://example.org/xtd/>
"""
V, W, H = "violation", "warning", "info"  # H: a hint (sh:Info)
S, DC, SK, DCAT, VOID = (
    "https://schema.org/",
    "http://purl.org/dc/terms/",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/dcat#",
    "http://rdfs.org/ns/void#",
)


def _set(s: str, p: str, o: str) -> str:
    return f"DELETE {{ <{s}> {p} ?o }} INSERT {{ <{s}> {p} {o} }} WHERE {{ OPTIONAL {{ <{s}> {p} ?o }} }}"


def _drop(s: str, p: str) -> str:
    return f"DELETE WHERE {{ <{s}> {p} ?o }}"


MC, OTHER, EV, TALK = "notes/mc", "notes/other", "events/mc", "events/talk"
JD, MEG, PARIS, QUOTE = "persons/jd", "organizations/meg", "places/paris", "notes/mc#quote-1"
LIEU = "vocab/lieu"  # a property of the vault's own vocabulary
QUERY = "notes/mc#query-1"

# shape label → (update, [(focus, path, severity)])
CASES: dict[str, tuple[str, list[tuple[str, ...]]]] = {
    "note name": (_drop(MC, "schema:name"), [(MC, S + "name", V)]),
    "note title": (_set(MC, "dcterms:title", '"MC"'), [(MC, DC + "title", V)]),
    "note other names": (_set(MC, "schema:alternateName", '"MC"'), [(MC, S + "alternateName", V)]),
    "note language": (_set(MC, "schema:inLanguage", '"French"'), [(MC, S + "inLanguage", V)]),
    "note creation date": (_set(MC, "dcterms:created", '"13/05/2022"'), [(MC, DC + "created", V)]),
    "note creation date (schema.org)": (
        _set(MC, "schema:dateCreated", '"2022-05-13T10:00:00"^^xsd:dateTime'),
        [(MC, S + "dateCreated", V)],
    ),
    "note modification date": (
        f'INSERT DATA {{ <{MC}> dcterms:modified "2022-07-01"^^xsd:date }}',
        [(MC, DC + "modified", V)],
    ),
    "note modification date (schema.org)": (
        _set(MC, "schema:dateModified", '"hier"@fr'),
        [(MC, S + "dateModified", V)],
    ),
    "note description": (_drop(MC, "schema:description"), [(MC, S + "description", H)]),
    "note tags": (_set(MC, "dcterms:subject", f"<{JD}>"), [(MC, DC + "subject", V)]),
    "note keywords": (_set(MC, "schema:keywords", '"3d"@fr'), [(MC, S + "keywords", V)]),
    "note wikilinks": (
        _set(MC, "dcterms:relation", '"Other"'),
        [(MC, DC + "relation", V), (MC, DC + "relation", W, "wikilink to a missing note")],
    ),
    "wikilink to a missing note": (
        _set(MC, "dcterms:relation", "<notes/missing>")
        + ' ; INSERT DATA { <notes/missing> schema:name "Missing" }',
        [(MC, DC + "relation", W)],
    ),
    "note web links": (_set(MC, "schema:citation", '"https://x.org/"'), [(MC, S + "citation", V)]),
    "note main subject": (_set(MC, "schema:about", "<tags/numerique>"), [(MC, S + "about", V)]),
    "note mentions": (f"INSERT DATA {{ <{MC}> schema:mentions <{PARIS}> }}", [(MC, S + "mentions", V)]),
    "note parts": (
        f"INSERT DATA {{ <{MC}> schema:hasPart <{OTHER}> }}",
        [(MC, S + "hasPart", V)],
    ),
    "note videos": (_set(MC, "schema:video", f"<{QUOTE}>"), [(MC, S + "video", V)]),
    "note dataset": (_drop(OTHER, "schema:isPartOf"), [(OTHER, S + "isPartOf", V)]),
    "note page": (_set(OTHER, "schema:url", '"notes/other/"'), [(OTHER, S + "url", V)]),
    "note source file (PROV)": (
        _drop(OTHER, "prov:wasDerivedFrom"),
        [(OTHER, "http://www.w3.org/ns/prov#wasDerivedFrom", V)],
    ),
    "note source file (Dublin Core)": (_drop(OTHER, "dcterms:source"), [(OTHER, DC + "source", V)]),
    "one note per IRI": (f'INSERT DATA {{ <{MC}> prov:wasDerivedFrom "Notes/Copy.md" }}', [(MC, "", V)]),
    "event name": (_drop(EV, "schema:name"), [(EV, S + "name", V)]),
    "event start date": (_set(EV, "schema:startDate", '"2022-02-31"^^xsd:date'), [(EV, S + "startDate", V)]),
    "event without a date": (_drop(TALK, "schema:startDate"), [(TALK, S + "startDate", W)]),
    "event end date": (_set(EV, "schema:endDate", '"mars 2022"@fr'), [(EV, S + "endDate", V)]),
    "event place": (_set(EV, "schema:location", f"<{JD}>"), [(EV, S + "location", V)]),
    "event organiser": (_set(EV, "schema:organizer", f"<{PARIS}>"), [(EV, S + "organizer", V)]),
    "event speaker": (_set(EV, "schema:performer", f"<{MEG}>"), [(EV, S + "performer", V)]),
    "event page": (_set(EV, "schema:url", '"museumconnections.com"'), [(EV, S + "url", V)]),
    "event talks": (_set(EV, "schema:subEvent", f"<{PARIS}>"), [(EV, S + "subEvent", V)]),
    "event notes": (_set(EV, "schema:subjectOf", f"<{JD}>"), [(EV, S + "subjectOf", V)]),
    "event ends after it starts": (
        _set(EV, "schema:endDate", '"2022-02"^^xsd:gYearMonth'),
        [(EV, S + "endDate", V)],
    ),
    "place name": (_drop(PARIS, "schema:name"), [(PARIS, S + "name", V)]),
    "place notes": (_set(PARIS, "schema:subjectOf", f"<{JD}>"), [(PARIS, S + "subjectOf", V)]),
    "person name": (_set(JD, "schema:name", '"Jeanne Dupont"@fr'), [(JD, S + "name", V)]),
    "person job title": (_set(JD, "schema:jobTitle", '"curator"'), [(JD, S + "jobTitle", V)]),
    "person affiliation": (_set(JD, "schema:affiliation", f"<{PARIS}>"), [(JD, S + "affiliation", V)]),
    "person without affiliation": (_drop(JD, "schema:affiliation"), [(JD, S + "affiliation", W)]),
    "person page": (_set(JD, "schema:sameAs", '"linkedin"'), [(JD, S + "sameAs", V)]),
    "note same as": (_set(MC, "schema:sameAs", '"Q42"'), [(MC, S + "sameAs", V)]),
    "organisation same as": (_set(MEG, "schema:sameAs", '"Q42"'), [(MEG, S + "sameAs", V)]),
    "event same as": (_set(EV, "schema:sameAs", '"Q42"'), [(EV, S + "sameAs", V)]),
    "one person per personal page": (
        'INSERT DATA { <persons/j-dupont> a schema:Person . <persons/j-dupont> schema:name "J. Dupont" . '
        "<persons/j-dupont> schema:sameAs <https://www.linkedin.com/in/jd> . "
        "<persons/j-dupont> schema:affiliation <organizations/meg> }",
        [(JD, S + "sameAs", W), ("persons/j-dupont", S + "sameAs", W)],
    ),
    "person notes": (_set(JD, "schema:subjectOf", f"<{PARIS}>"), [(JD, S + "subjectOf", V)]),
    "organisation name": (_drop(MEG, "schema:name"), [(MEG, S + "name", V)]),
    "organisation other names": (
        _set(MEG, "schema:alternateName", '"MEG"@fr'),
        [(MEG, S + "alternateName", V)],
    ),
    "organisation web site": (_set(MEG, "schema:url", '"www.meg.ch"'), [(MEG, S + "url", V)]),
    "organisation address": (_set(MEG, "schema:address", f"<{PARIS}>"), [(MEG, S + "address", V)]),
    "organisation notes": (_set(MEG, "schema:subjectOf", f"<{JD}>"), [(MEG, S + "subjectOf", V)]),
    "address country": (
        _set(MEG + "#address-ch", "schema:addressCountry", '"Suisse"'),
        [(MEG + "#address-ch", S + "addressCountry", V)],
    ),
    "quotation text": (_drop(QUOTE, "schema:text"), [(QUOTE, S + "text", V)]),
    "quotation speaker": (
        _set(QUOTE, "schema:spokenByCharacter", f"<{PARIS}>"),
        [(QUOTE, S + "spokenByCharacter", V)],
    ),
    "quotation without a speaker": (
        _drop(QUOTE, "schema:spokenByCharacter"),
        [(QUOTE, S + "spokenByCharacter", W)],
    ),
    "quotation note": (_set(QUOTE, "schema:isPartOf", f"<{JD}>"), [(QUOTE, S + "isPartOf", V)]),
    "query text": (_set(QUERY, "schema:text", '"SELECT"@en'), [(QUERY, S + "text", V)]),
    "query language": (
        _set(QUERY, "schema:programmingLanguage", '"SQL"'),
        [(QUERY, S + "programmingLanguage", V)],
    ),
    "query media type": (
        _set(QUERY, "schema:encodingFormat", '"text/plain"'),
        [(QUERY, S + "encodingFormat", V)],
    ),
    "query note": (_drop(QUERY, "schema:isPartOf"), [(QUERY, S + "isPartOf", V)]),
    "video address": (
        _drop("notes/mc#video-1", "schema:embedUrl"),
        [("notes/mc#video-1", S + "embedUrl", V)],
    ),
    "resource name": (
        _drop("https://example.com/report", "schema:name"),
        [("https://example.com/report", S + "name", V)],
    ),
    "tag path": (_drop("tags/numerique", "skos:notation"), [("tags/numerique", SK + "notation", V)]),
    "tag label": (_drop("tags/numerique", "skos:prefLabel"), [("tags/numerique", SK + "prefLabel", V)]),
    "tag scheme": (
        _set("tags/numerique", "skos:inScheme", f"<{MC}>"),
        [("tags/numerique", SK + "inScheme", V)],
    ),
    "parent tag": (
        _set("tags/numerique-3d", "skos:broader", f"<{PARIS}>"),
        [("tags/numerique-3d", SK + "broader", V)],
    ),
    "top tags": (_drop("tags", "skos:hasTopConcept"), [("tags", SK + "hasTopConcept", V)]),
    "property label": (_drop(LIEU, "rdfs:label"), [(LIEU, str(RDFS.label), V)]),
    "property other spellings": (_set(LIEU, "skos:altLabel", '"lieu"@fr'), [(LIEU, SK + "altLabel", V)]),
    "property's dataset": (_set(LIEU, "rdfs:isDefinedBy", f"<{MC}>"), [(LIEU, str(RDFS.isDefinedBy), V)]),
    "dataset types": (f"DELETE DATA {{ <{B}> a void:Dataset }}", [("", str(RDF.type), V)]),
    "dataset title": (_drop(B, "dcterms:title"), [("", DC + "title", V)]),
    "dataset description": (_drop(B, "dcterms:description"), [("", DC + "description", V)]),
    "dataset license": (_set(B, "dcterms:license", '"CC-BY"'), [("", DC + "license", V)]),
    "dataset publisher": (_drop(B, "dcterms:publisher"), [("", DC + "publisher", H)]),
    "dataset modification date": (_set(B, "dcterms:modified", '"2022"'), [("", DC + "modified", V)]),
    "dataset size in triples": (_set(B, "void:triples", '"100"'), [("", VOID + "triples", V)]),
    "dataset size in entities": (_drop(B, "void:entities"), [("", VOID + "entities", V)]),
    "dataset dumps": (_drop(B, "dcat:distribution"), [("", DCAT + "distribution", V)]),
    "dump media type": (
        _drop(B + "#dataset-ttl", "dcat:mediaType"),
        [("#dataset-ttl", DCAT + "mediaType", V)],
    ),
    "dump address": (
        _set(B + "#dataset-ttl", "dcat:downloadURL", '"dataset.ttl"'),
        [("#dataset-ttl", DCAT + "downloadURL", V)],
    ),
}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def _graph(update: str = "") -> Graph:
    graph = Graph().parse(FIXTURE, format="turtle")
    for part in filter(None, (u.strip() for u in update.split(" ; "))):
        graph.update(PREFIXES + part)
    return graph


def _by_document(graph: Graph) -> dict[str, list]:
    docs: dict[str, list] = {}
    for triple in sorted(graph):
        docs.setdefault(document_of(str(triple[0])), []).append(triple)
    return docs


def _seen(outcome_results, shapes: Graph) -> set[tuple[str, str, str, str]]:
    seen = set()
    for r in outcome_results:
        source = r.constraint or r.shape
        shape = URIRef(source) if source.startswith("http") else None
        label = str(shapes.value(shape, RDFS.label)) if shape is not None else _bnode_label(shapes, source)
        seen.add((r.focus, r.path, r.severity_name, label))
    return seen


def _bnode_label(shapes: Graph, node_id: str) -> str:
    for s, label in shapes.subject_objects(RDFS.label):
        if str(s) == node_id:
            return str(label)
    return node_id


def test_the_fixture_passes_every_shape_without_any_result(shapes: Graph) -> None:
    """The pass graph of every shape: no violation, no warning, not even a hint."""
    outcome = validate(_by_document(_graph()), shapes)
    assert outcome.results == ()
    assert outcome.conforms


def test_every_shape_has_a_failing_case(shapes: Graph) -> None:
    """Each labelled shape of xtd.ttl (node shapes aside) is exercised by a case below."""
    labels = {str(shapes.value(s, RDFS.label)) for s in shapes.subjects(RDF.type, SH.PropertyShape)}
    labels |= {str(shapes.value(s, RDFS.label)) for s in shapes.subjects(RDF.type, SH.SPARQLConstraint)}
    assert labels - set(CASES) == set()


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
@pytest.mark.parametrize("label", sorted(CASES))
def test_a_graph_that_breaks_the_shape_gives_its_result(label: str, engine: str, shapes: Graph) -> None:
    """Focus node, path, severity and source shape of each failure, by every route."""
    update, expected = CASES[label]
    graph = _graph(update)
    want = {(_iri(e[0]), e[1], e[2], e[3] if len(e) > 3 else label) for e in expected}
    outcome = validate(_by_document(graph), shapes, engine=engine)
    assert _seen(outcome.results, shapes) == want
    assert outcome.conforms is not any(e[2] == V for e in expected)
    _, report, _ = pyshacl_validate(graph, shacl_graph=shapes, inference="none")
    assert _seen(read_report(report), shapes) == want


def _iri(focus: str) -> str:
    return focus if focus.startswith("http") else B + focus


def test_conformance_ignores_warnings_and_hints() -> None:
    outcome = Outcome(())
    assert outcome.conforms


def test_every_shape_is_documented_and_speaks_to_the_editor(shapes: Graph) -> None:
    """Labels and comments on every shape; a message on every constraint."""
    undocumented, silent = [], []
    for kind in (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint):
        for shape in shapes.subjects(RDF.type, kind):
            if shapes.value(shape, RDFS.label) is None or shapes.value(shape, RDFS.comment) is None:
                undocumented.append(shape)
            if kind != SH.NodeShape and shapes.value(shape, SH.message) is None:
                silent.append(shape)
    assert (undocumented, silent) == ([], [])
    assert len(set(shapes.subjects(RDF.type, SH.PropertyShape))) >= 60
