"""Our compact JSON-LD reads back as the same graph, in rdflib and pyoxigraph, with no remote context."""

from __future__ import annotations

import json

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from helpers import SDO
from xtd_rdf.writers.jsonld import compact, compact_iri, dumps

S = URIRef("https://ex.org/notes/a")
TRIPLES = [
    (S, RDF.type, SDO.Article),
    (S, RDF.type, URIRef("https://ex.org/vocab/Thing")),
    (S, SDO.name, Literal("Été", lang="fr")),
    (S, SDO.keywords, Literal("plain")),
    (S, DCTERMS.created, Literal("2022-05-13", datatype=XSD.date)),
    (S, URIRef("https://ex.org/vocab/odd-key"), Literal("3", datatype=XSD.integer)),
    (S, DCTERMS.relation, URIRef("https://ex.org/notes/b")),
    (URIRef("https://ex.org/tags/t"), SKOS.prefLabel, Literal('quote " and \\ and </script>')),
]


def test_terms_compact_by_vocab_and_prefixes() -> None:
    assert compact_iri(str(SDO.name)) == "name"
    assert compact_iri(str(DCTERMS.title)) == "dcterms:title"
    assert compact_iri("https://ex.org/vocab/x") == "https://ex.org/vocab/x"


def test_the_document_is_compact_sorted_and_reads_back_as_the_same_graph() -> None:
    document = compact(TRIPLES)
    node = document["@graph"][0]
    assert node["@id"] == str(S) and node["name"] == {"@value": "Été", "@language": "fr"}
    assert node["@type"] == ["Article", "https://ex.org/vocab/Thing"]
    assert node["dcterms:created"] == {"@value": "2022-05-13", "@type": "xsd:date"}
    data = dumps(document)
    expected = Graph()
    for triple in TRIPLES:
        expected.add(triple)
    assert isomorphic(Graph().parse(data=data, format="json-ld"), expected)
    assert len(list(ox.parse(data, format=ox.RdfFormat.JSON_LD))) == len(TRIPLES)
    assert json.loads(data)["@context"]["@vocab"] == "https://schema.org/"


def test_a_document_written_node_by_node_is_byte_for_byte_the_compacted_one(tmp_path) -> None:
    """The dump is streamed per document (writers/rdf.py): it must equal compacting all at once."""
    from xtd_rdf.writers.jsonld import JsonLdDocument, node_texts

    whole = sorted([*TRIPLES, (S, SDO.keywords, Literal("b")), (S, SDO.keywords, Literal("a"))])
    assert JsonLdDocument.text(node_texts(whole)).encode("utf-8") == dumps(compact(whole))
    assert JsonLdDocument.text([]).encode("utf-8") == dumps(compact([]))
    with open(tmp_path / "in-order.jsonld", "wb") as file:
        document = JsonLdDocument(file)
        document.add(node_texts(TRIPLES[:-1]))
        document.add(node_texts(TRIPLES[-1:]))
        assert document.close()
    assert (tmp_path / "in-order.jsonld").read_bytes() == dumps(compact(TRIPLES))
    with open(tmp_path / "out-of-order.jsonld", "wb") as file:
        document = JsonLdDocument(file)
        document.add(node_texts(TRIPLES[-1:]))
        document.add(node_texts(TRIPLES[:-1]))
        assert not document.close()  # the caller then compacts the whole graph instead


def test_indented_json_is_what_json_dumps_writes() -> None:
    """The hand-written encoder (the json module encodes indented output in Python) changes no byte."""
    from xtd_rdf.writers.jsonld import indented_json

    cases = [
        {"a": [1, 2.5, True, None, 'x\n"é\u2028'], "b": {}, "c": [], "d": {"e": {"f": ["g", {"h": "i"}]}}},
        compact(TRIPLES),
        [],
        "s",
    ]
    for value in cases:
        assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)
