"""The compiled SHACL Core engine gives pySHACL's results, component by component, and knows its limits."""

from __future__ import annotations

import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import Graph

from xtd_rdf.shacl_core import CompiledShapes, Unsupported
from xtd_rdf.validate import read_report, validate

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/> .
"""

DATA = (
    PREFIXES
    + """
ex:Curator rdfs:subClassOf ex:Person .
ex:ann a ex:Curator ; ex:name "Ann"@en, "Anne"@fr, "Anna"@fr ; ex:code "ab-12" ;
    ex:born "1970-13-45"^^xsd:date ; ex:knows ex:bob, "Bob", _:someone ; ex:status ex:active ;
    ex:page <https://ann.example/> .
ex:bob a ex:Person ; ex:name "B" ; ex:code "XY-99" ; ex:born "1980-01-02"^^xsd:date ; ex:status ex:retired ;
    ex:knows ex:nobody .
ex:cat a ex:Animal ; ex:name "Cat"@de .
_:someone ex:name "Someone" .
"""
)

# one constraint per case, on a property of ex:Person; the data breaks each one somewhere
CASES = {
    "minCount": "ex:page ; sh:minCount 1",
    "maxCount": "ex:name ; sh:maxCount 2",
    "datatype date": "ex:born ; sh:datatype xsd:date",
    "datatype string": "ex:name ; sh:datatype xsd:string",
    "langString": "ex:name ; sh:datatype <http://www.w3.org/1999/02/22-rdf-syntax-ns#langString>",
    "class": "ex:knows ; sh:class ex:Person",
    "nodeKind IRI": "ex:knows ; sh:nodeKind sh:IRI",
    "nodeKind literal": "ex:knows ; sh:nodeKind sh:Literal",
    "nodeKind blank or IRI": "ex:knows ; sh:nodeKind sh:BlankNodeOrIRI",
    "pattern": 'ex:code ; sh:pattern "^[a-z]{2}-[0-9]+$"',
    "pattern with flags": 'ex:code ; sh:pattern "^[a-z]{2}-1" ; sh:flags "i"',
    "pattern on IRIs": 'ex:page ; sh:pattern "^http://"',
    "minLength": "ex:name ; sh:minLength 3",
    "maxLength": "ex:name ; sh:maxLength 3",
    "hasValue": "ex:status ; sh:hasValue ex:active",
    "in": "ex:status ; sh:in ( ex:active ex:retired2 )",
    "languageIn": 'ex:name ; sh:languageIn ( "en" "de" )',
    "uniqueLang": "ex:name ; sh:uniqueLang true",
    "or of datatypes": "ex:born ; sh:or ( [ sh:datatype xsd:gYear ] [ sh:datatype xsd:date ] )",
    "or of classes": "ex:knows ; sh:or ( [ sh:class ex:Animal ] [ sh:nodeKind sh:Literal ] )",
    "severity warning": "ex:page ; sh:minCount 1 ; sh:severity sh:Warning",
}


def _shapes(constraint: str, target: str = "sh:targetClass ex:Person") -> Graph:
    text = (
        PREFIXES + f"ex:Shape a sh:NodeShape ; {target} ; sh:property ex:P .\nex:P sh:path {constraint} .\n"
    )
    return Graph().parse(data=text, format="turtle")


def _data() -> Graph:
    return Graph().parse(data=DATA, format="turtle")


def _by_document(graph: Graph) -> dict[str, list]:
    return {"all": sorted(graph)}


def _key(result) -> tuple:
    value = result.value.n3() if result.value is not None and not result.value.n3().startswith("_:") else ""
    focus = result.focus if result.focus.startswith("http") else "_"  # blank nodes: labels differ per parse
    return (focus, result.path, result.component, value, str(result.severity))


def _pyshacl(shapes: Graph) -> set[tuple]:
    _, report, _ = pyshacl_validate(_data(), shacl_graph=shapes, inference="none")
    return {_key(r) for r in read_report(report)}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_component_gives_pyshacls_results(case: str) -> None:
    shapes = _shapes(CASES[case])
    fast = {_key(r) for r in validate(_by_document(_data()), shapes).results}
    assert fast == _pyshacl(shapes)
    assert fast, f"the data must break {case!r} somewhere, or the case proves nothing"


@pytest.mark.parametrize(
    "target",
    [
        "sh:targetNode ex:cat",
        "sh:targetSubjectsOf ex:code",
        "sh:targetObjectsOf ex:knows",
        "sh:targetClass ex:Curator",
    ],
)
def test_each_kind_of_target_picks_pyshacls_focus_nodes(target: str) -> None:
    shapes = _shapes("ex:name ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:string", target)
    fast = {_key(r) for r in validate(_by_document(_data()), shapes).results}
    assert fast == _pyshacl(shapes)
    assert fast


def test_subclass_instances_are_focus_nodes_of_the_superclass() -> None:
    shapes = _shapes("ex:page ; sh:minCount 1")
    focus = {r.focus for r in validate(_by_document(_data()), shapes).results}
    assert focus == {"https://example.org/bob"}  # ann is an ex:Curator, a subclass: she has her page


@pytest.mark.parametrize(
    "shape",
    [
        "sh:closed true",
        "sh:property [ sh:path ( ex:knows ex:name ) ; sh:minCount 1 ]",
        "sh:property [ sh:path ex:knows ; sh:node ex:Other ]",
        "sh:not [ sh:class ex:Animal ]",
    ],
)
def test_what_the_engine_does_not_compile_goes_to_pyshacl(shape: str) -> None:
    text = f"ex:Shape a sh:NodeShape ; sh:targetClass ex:Person ; {shape} .\n"
    text += "ex:Other sh:property [ sh:path ex:name ; sh:minCount 2 ] ."
    shapes = Graph().parse(data=PREFIXES + text, format="turtle")
    with pytest.raises(Unsupported):
        CompiledShapes(shapes)
    fast = {_key(r) for r in validate(_by_document(_data()), shapes).results}
    assert fast == _pyshacl(shapes)


def test_a_message_of_the_shape_is_the_results_message() -> None:
    shapes = _shapes('ex:page ; sh:minCount 1 ; sh:message "Give the page."@en')
    (result,) = validate(_by_document(_data()), shapes).results
    assert (result.message, result.message_language) == ("Give the page.", "en")
