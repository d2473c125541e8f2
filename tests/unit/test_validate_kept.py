"""Validation kept between exports (validate_kept): the same results as `validate`, whatever changed."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from xtd_rdf.validate import Outcome, validate
from xtd_rdf.validate_kept import Kept, validate_kept
from xtd_rdf.vocab import RDF, RDFS

EX = "https://example.org/"
SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property ex:knowsShape , ex:nameShape ;
    sh:sparql ex:samePage .
ex:knowsShape sh:path ex:knows ; sh:class ex:Person ; sh:message "knows a person"@en .
ex:nameShape sh:path ex:name ; sh:minCount 1 ; sh:message "a name"@en .
ex:samePage sh:message "shares a page with {?other}"@en ; sh:select '''
        SELECT $this ?other ?value WHERE {
            $this <https://example.org/page> ?value . ?other <https://example.org/page> ?value .
            FILTER (?other != $this) }''' .
ex:Absent a sh:NodeShape ; sh:targetNode ex:nobody ; sh:property ex:nameShape .
"""
Documents = dict[str, list[tuple[URIRef, URIRef, Node]]]


def _u(name: str) -> URIRef:
    return URIRef(EX + name)


def _person(name: str, *, knows: str = "", page: str = "", named: bool = True, kind: str = "Person"):
    s = _u(name)
    triples = [(s, RDF.type, _u(kind))]
    if named:
        triples.append((s, _u("name"), Literal(name, lang="en")))
    if knows:
        triples.append((s, _u("knows"), _u(knows)))
        triples.append((URIRef(f"{s}#card"), RDF.type, _u("Card")))  # a hash IRI of the same document
    if page:
        triples.append((s, _u("page"), Literal(page)))
    return triples


SHAPES_GRAPH = Graph().parse(data=SHAPES, format="turtle")


def _step(documents: Documents, kept: Kept | None) -> tuple[Outcome, Kept]:
    outcome, keeping = validate_kept(documents, SHAPES_GRAPH, kept, b"scope")
    assert outcome == validate(documents, SHAPES_GRAPH)
    assert keeping is not None
    return outcome, Kept.load(keeping.dump(), b"scope") or keeping


def _messages(outcome: Outcome) -> list[tuple[str, str]]:
    return [(r.focus.removeprefix(EX), r.message) for r in outcome.results]


def test_kept_results_equal_a_whole_validation_through_edits() -> None:
    docs: Documents = {
        EX + "a": _person("a", knows="b"),
        EX + "b": _person("b"),
        EX + "c": _person("c", page="p"),
        EX + "d": _person("d"),
    }
    outcome, kept = _step(docs, None)
    assert _messages(outcome) == [("nobody", "a name")]
    edits = [
        ("b is no person: a's value is wrong, a unchanged", {EX + "b": _person("b", kind="Thing")}),
        ("b is a person again", {EX + "b": _person("b")}),
        ("d loses its name", {EX + "d": _person("d", named=False)}),
        ("d shares c's page (SPARQL)", {EX + "d": _person("d", page="p")}),
        ("a new document describes the target node", {EX + "nobody": _person("nobody")}),
        (
            "c changes nothing the checks read",
            {EX + "c": [*_person("c", page="p"), (_u("c"), _u("x"), _u("y"))]},
        ),
    ]
    shared = [
        ("c", "shares a page with https://example.org/d"),
        ("d", "shares a page with https://example.org/c"),
    ]
    expected = [
        [("a", "knows a person"), ("nobody", "a name")],
        [("nobody", "a name")],
        [("d", "a name"), ("nobody", "a name")],
        [*shared, ("nobody", "a name")],
        shared,
        shared,
    ]
    for (step, edit), messages in zip(edits, expected, strict=True):
        docs = {**docs, **edit}
        outcome, kept = _step(docs, kept)
        assert _messages(outcome) == messages, step
    del docs[EX + "b"]  # the document a points at goes: a is judged again though it did not change
    outcome, kept = _step(docs, kept)
    assert ("a", "knows a person") in _messages(outcome)


def test_a_subclass_stated_in_a_changed_document_judges_every_document_again() -> None:
    docs: Documents = {
        EX + "a": _person("a", knows="b"),
        EX + "b": _person("b", kind="Author"),
        EX + "Author": [(_u("Author"), RDFS.subClassOf, _u("Person"))],
    }
    outcome, kept = _step(docs, None)
    assert ("a", "knows a person") not in _messages(outcome)
    docs[EX + "Author"] = [(_u("Author"), RDFS.subClassOf, _u("Agent"))]
    outcome, kept = _step(docs, kept)
    assert ("a", "knows a person") in _messages(outcome)


def test_an_unchanged_document_keeps_its_results_without_a_new_judgement() -> None:
    docs: Documents = {EX + "a": _person("a", named=False), EX + "b": _person("b", named=False)}
    _, kept = _step(docs, None)
    docs[EX + "b"] = _person("b")
    _, again = _step(docs, kept)
    assert again.results[EX + "a"] is not None and EX + "b" not in again.results
    assert again.results[EX + "a"] == kept.results[EX + "a"]


def test_a_blob_of_another_scope_or_damaged_is_not_used() -> None:
    docs: Documents = {EX + "a": _person("a", named=False)}
    _, kept = _step(docs, None)
    blob = kept.dump()
    assert Kept.load(blob, b"other scope") is None
    assert Kept.load(blob[:-5], b"scope") is None
    assert Kept.load(b"", b"scope") is None


def test_a_subject_outside_its_document_keeps_nothing() -> None:
    docs: Documents = {EX + "a": _person("b")}  # b's triples in a's document
    outcome, keeping = validate_kept(docs, SHAPES_GRAPH, None, b"scope")
    assert outcome == validate(docs, SHAPES_GRAPH) and keeping is None
