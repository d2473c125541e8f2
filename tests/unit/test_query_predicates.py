"""The predicates a SPARQL query can match: the validation store keeps only those triples."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from tests.helpers import SDO, require_corpus
from tests.unit.test_shapes import _by_document
from tests.unit.test_validate import _broken
from xtd_rdf import validate as validation
from xtd_rdf.query_predicates import query_predicates
from xtd_rdf.validate import load_shapes, validate

S = "https://schema.org/"
B = "https://example.org/xtd/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PRE = "PREFIX s: <https://schema.org/>\n"


def _names(query: str) -> set[str] | None:
    found = query_predicates(PRE + query)
    return None if found is None else {str(p) for p in found}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("SELECT * WHERE { ?x s:name ?n ; a s:Person }", {S + "name", RDF_TYPE}),
        ("SELECT * WHERE { ?x s:a/s:b* ?y . ?y ^s:c|s:d ?z }", {S + "a", S + "b", S + "c", S + "d"}),
        ("SELECT * WHERE { ?x s:a ?y OPTIONAL { ?y s:b ?z } }", {S + "a", S + "b"}),
        ("SELECT * WHERE { { ?x s:a ?y } UNION { ?x s:b ?y } }", {S + "a", S + "b"}),
        ("SELECT * WHERE { ?x s:a ?y FILTER NOT EXISTS { ?y s:b ?z } }", {S + "a", S + "b"}),
        ("SELECT * WHERE { ?x s:a ?y MINUS { ?y s:b ?z } }", {S + "a", S + "b"}),
        ("SELECT * WHERE { ?x s:a ?y { SELECT ?y WHERE { ?y s:b ?z } } }", {S + "a", S + "b"}),
    ],
)
def test_every_pattern_wherever_it_sits_is_counted(query: str, expected: set[str]) -> None:
    assert _names(query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?x ?p ?y }",  # a variable predicate
        "SELECT * WHERE { ?x !s:a ?y }",  # a negated property set
        "SELECT * WHERE { ?x s:a ?y FILTER EXISTS { ?y ?q ?z } }",
        "SELECT * WHERE { ?x s:a",  # does not parse: the store keeps everything
    ],
)
def test_a_query_that_may_read_any_predicate_keeps_every_triple(query: str) -> None:
    assert _names(query) is None


@pytest.fixture(autouse=True)
def _always_filter(monkeypatch) -> None:
    """The store is filtered above FILTER_ABOVE triples only: here, always."""
    monkeypatch.setattr(validation, "FILTER_ABOVE", 0)


def test_our_checks_read_few_predicates() -> None:
    _, checks = validation.split_shapes(load_shapes())
    read = validation._read_by(checks)
    assert read is not None and URIRef(S + "sameAs") in read and URIRef(S + "mentions") not in read


def _everything(checks: list) -> None:
    return None


def _clashing() -> dict:
    """Broken for the three SPARQL checks: two files, dates backwards, one sameAs for two people."""
    graph = _broken()
    wikidata = URIRef("http://www.wikidata.org/entity/Q1")
    jd, twin = URIRef(B + "persons/jd"), URIRef(B + "persons/twin")
    graph.add((twin, RDF.type, SDO.Person))
    graph.add((twin, SDO.name, Literal("Jeanne Twin")))
    for person in (jd, twin):
        graph.add((person, SDO.sameAs, wikidata))
    return _by_document(graph)


def test_the_smaller_store_finds_what_the_whole_graph_finds(monkeypatch) -> None:
    """The fixture's broken graph has a result from each SPARQL check: the same with every triple loaded."""
    shapes = load_shapes()
    docs = _clashing()
    small = validate(docs, shapes)
    monkeypatch.setattr(validation, "_read_by", _everything)
    assert validate(docs, shapes) == small
    shapes_hit = {r.shape for r in small.results if r.component.endswith("SPARQLConstraintComponent")}
    assert {s.rsplit("#", 1)[1] for s in shapes_hit} == {"Article", "Event", "PersonIdentity"}


def test_on_the_real_vault_too(monkeypatch) -> None:
    from xtd_rdf.config import Config
    from xtd_rdf.pipeline import build

    built = build(require_corpus(), Config())
    shapes = load_shapes()
    small = validate(built.by_document, shapes)
    monkeypatch.setattr(validation, "_read_by", _everything)
    assert validate(built.by_document, shapes) == small
