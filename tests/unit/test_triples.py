"""The triple collector: what it drops and keeps, and that it lists each document in triple_order."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from helpers import SDO, SEED, require_corpus
from xtd_rdf.config import load_config
from xtd_rdf.iris import document_of
from xtd_rdf.pipeline import build
from xtd_rdf.triples import Triples, triple_order
from xtd_rdf.urls import safe_iri

S = "https://museum.example/notes/a"


def test_values_not_given_are_dropped_and_empty_literals_kept() -> None:
    out = Triples()
    out.add(S, SDO.about, None)
    out.add(S, SDO.about, "")
    out.text(S, SDO.name, " \x01 ")  # nothing left once cleaned
    out.text(S, SDO.name, None)
    out.literal(S, SDO.text, "")  # a literal written as given, even empty
    assert out.in_order() == {S: [(URIRef(S), SDO.text, Literal(""))]}


def test_equal_triples_are_kept_once_the_first_as_given() -> None:
    """As a set would: an IRI as text or as a term is one object, and so are tags differing in case."""
    out = Triples()
    out.add(S, SDO.about, "https://museum.example/persons/b")
    out.add(S, SDO.about, URIRef("https://museum.example/persons/b"))
    out.text(S, SDO.name, "Musée", "fr")
    out.text(S, SDO.name, "Musée", "FR")
    triples = out.in_order()[S]
    assert len(out) == len(triples) == 2
    name = next(o for _, p, o in triples if p == SDO.name)
    assert name.n3() == '"Musée"@fr'


def test_each_document_is_listed_in_triple_order() -> None:
    out = Triples()
    quote = S + "#quote-1"
    out.add(quote, SDO.isPartOf, S)
    out.text(quote, SDO.text, "Bonjour", "fr")
    out.add(quote, RDF.type, SDO.Quotation)
    out.literal(S, SDO.dateCreated, "2020-01-02", XSD.date)
    out.add(S, SDO.mentions, "https://museum.example/persons/z")
    out.add(S, SDO.mentions, "https://museum.example/persons/b")
    out.add(S, SDO.hasPart, quote)
    out.literal(S, SDO.keywords, "zoo")
    out.text(S, SDO.keywords, "art", "fr")
    out.add(S, RDF.type, SDO.Article)
    out.add("https://museum.example/persons/b", RDF.type, SDO.Person)
    documents = out.in_order()
    assert list(documents) == sorted(documents) == [S, "https://museum.example/persons/b"]
    triples = documents[S]
    assert len(triples) == 10 and triples == sorted(triples, key=triple_order)
    assert triples[0] == (URIRef(S), RDF.type, SDO.Article)  # the type first, though added last


def test_urls_are_checked_as_safe_iri_checks_them() -> None:
    out = Triples()
    for url in ("https://example.org/a b", "ftp://example.org/", "https://example.org:x/", "https://é.fr/ü"):
        assert out.url(url) == out.url(url) == safe_iri(url)


@pytest.mark.parametrize("vault", ["seed", "corpus"])
def test_a_real_vault_gives_each_document_its_triples_in_order_once(vault: str) -> None:
    folder = SEED if vault == "seed" else require_corpus()
    documents = build(folder, load_config(folder)).by_document
    assert list(documents) == sorted(documents)
    for doc, triples in documents.items():
        assert triples == sorted(triples, key=triple_order)
        assert len(set(triples)) == len(triples)
        assert {document_of(str(s)) for s, _, _ in triples} == {doc}
    described = [o for s, p, o in documents[str(load_config(folder).base)] if p.endswith("void#triples")]
    assert described == [Literal(sum(map(len, documents.values())))]
