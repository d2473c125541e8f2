"""The batched validator: same results whatever the batch size, graph-wide SPARQL checks across batches."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from tests.unit.test_shapes import FIXTURE, _by_document
from xtd_rdf import validate as validation
from xtd_rdf import vocab
from xtd_rdf.validate import (
    ShapesError,
    load_shapes,
    read_report,
    report_graph,
    result_order,
    split_shapes,
    validate,
)

B = "https://example.org/xtd/"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def _broken() -> Graph:
    graph = Graph().parse(FIXTURE, format="turtle")
    graph.add((URIRef(B + "notes/mc"), vocab.DCTERMS.relation, URIRef(B + "persons/jd")))  # not a note
    graph.add(
        (URIRef(B + "notes/other"), vocab.PROV.wasDerivedFrom, Literal("Copy.md"))
    )  # two files, one IRI
    graph.remove((URIRef(B + "events/mc"), vocab.SCHEMA.endDate, None))
    graph.add((URIRef(B + "events/mc"), vocab.SCHEMA.endDate, Literal("2021", datatype=vocab.XSD.gYear)))
    return graph


def test_batches_of_one_document_find_what_one_batch_finds(shapes: Graph, monkeypatch) -> None:
    """Types of resources in other batches are lent, so sh:class sees them; nothing is lost or added."""
    docs = _by_document(_broken())
    whole = validate(docs, shapes)
    monkeypatch.setattr(validation, "BATCH", 1)
    assert validate(docs, shapes) == whole
    found = {(r.focus, r.path, r.severity_name) for r in whole.results}
    assert found == {
        (B + "notes/mc", str(vocab.DCTERMS.relation), "warning"),
        (B + "notes/other", "", "violation"),
        (B + "events/mc", str(vocab.SCHEMA.endDate), "violation"),
    }


def test_sparql_messages_are_filled_with_the_solution(shapes: Graph) -> None:
    results = validate(_by_document(_broken()), shapes).results
    ends = next(r for r in results if r.path == str(vocab.SCHEMA.endDate))
    assert (
        ends.message == "The event ends (2021) before it starts (2022-03-14) — check both dates in the note."
    )
    twice = next(r for r in results if r.focus == B + "notes/other")
    assert twice.message.startswith("Two notes, Copy.md and Other.md, were published under one IRI")


def test_a_report_graph_reads_back_to_the_same_results(shapes: Graph) -> None:
    outcome = validate(_by_document(_broken()), shapes)
    assert sorted(read_report(report_graph(outcome)), key=result_order) == list(outcome.results)


def test_sparql_constraints_leave_the_core_shapes(shapes: Graph) -> None:
    core, checks = split_shapes(shapes)
    assert not list(core.triples((None, vocab.SH.sparql, None)))
    assert {str(c.shape).rsplit("#", 1)[1] for c in checks} == {"Article", "Event", "PersonIdentity"}
    assert all("?xtdTargetClass" in c.query for c in checks)


def test_a_sparql_constraint_without_targets_is_refused() -> None:
    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o }" ] .""",
        format="turtle",
    )
    with pytest.raises(ShapesError, match="needs sh:targetClass or sh:targetNode"):
        split_shapes(shapes)


def test_the_html_report_puts_warnings_before_the_folded_hints() -> None:
    from xtd_rdf.validate_report import Finding
    from xtd_rdf.writers.validation import validation_html

    hint = Finding("A.md", 1, "info", "Add a date.", B + "notes/a", 'note "A"', "schema:description", "", "s")
    warning = Finding("B.md", 7, "warning", "Fix <the> link.", B + "notes/b", 'note "B"', "", "[[X]]", "s")
    page = validation_html([hint, warning])
    assert (
        page.index("Fix &lt;the&gt; link.")
        < page.index("<details><summary>1 hint")
        < page.index("Add a date.")
    )
    assert "0 violations, 1 warning, 1 hint in 2 files" in page


def test_a_target_node_is_judged_once_whatever_the_batches(monkeypatch) -> None:
    """A user shape on one absent node gives one result, not one per batch."""
    shapes = load_shapes()
    shapes.parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:museum#Home> a sh:NodeShape ; sh:targetNode <https://example.org/xtd/notes/home> ;
            sh:property [ sh:path <https://schema.org/name> ; sh:minCount 1 ] .""",
        format="turtle",
    )
    monkeypatch.setattr(validation, "BATCH", 1)
    results = validate(_by_document(Graph().parse(FIXTURE, format="turtle")), shapes).results
    assert [(r.focus, r.path) for r in results] == [(B + "notes/home", "https://schema.org/name")]


def test_a_sparql_constraint_that_does_not_parse_is_a_shapes_error() -> None:
    shapes = load_shapes()
    shapes.parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:museum#S> a sh:NodeShape ; sh:targetClass <https://schema.org/Article> ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this <urn:p> }" ] .""",
        format="turtle",
    )
    with pytest.raises(ShapesError, match="urn:museum#S is not valid SPARQL"):
        validate(_by_document(Graph().parse(FIXTURE, format="turtle")), shapes)


def test_a_deactivated_sparql_constraint_is_not_run() -> None:
    shapes = load_shapes()
    shapes.parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:museum#S> a sh:NodeShape ; sh:targetClass <https://schema.org/Article> ; sh:deactivated true ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o }" ] .""",
        format="turtle",
    )
    assert validate(_by_document(Graph().parse(FIXTURE, format="turtle")), shapes).results == ()


def test_results_are_located_where_the_editor_wrote_the_thing(make_vault) -> None:
    """A tag where a note first writes it, a wikilink at its line, the dataset in the config file."""
    from xtd_rdf.config import Config
    from xtd_rdf.pipeline import build
    from xtd_rdf.validate import Result
    from xtd_rdf.validate_report import Locator

    vault = make_vault({"A.md": "---\ntags: [musees/art]\n---\nTexte.\n\nVoir [[Rien]].\n"})
    dataset = build(vault, Config()).dataset
    locator = Locator(dataset)

    def where(focus: str, path: str = "", value=None) -> tuple[str, int]:
        return locator.locate(Result(focus, path, vocab.SH.Warning, value, "", "", ""))

    assert where(B + "tags/musees-art") == ("A.md", 2)
    assert where(B + "notes/a", str(vocab.DCTERMS.relation), URIRef(B + "notes/rien")) == ("A.md", 6)
    assert where(B) == ("xtd-rdf.toml", 0)
    assert locator.label(B + "tags/musees-art") == 'tag "#musees/art"'
