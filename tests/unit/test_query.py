"""Query running: the read-only guard, syntax error positions, negotiation, capped and whole results."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from xtd_rdf.query import (
    QueryRefused,
    QuerySyntaxError,
    answer,
    check_read_only,
    execute,
    negotiate,
    render,
    table,
)

DATA = """
<https://example.org/xtd/notes/a> a <https://schema.org/Article> ;
  <https://schema.org/name> "Note A"@fr ; <https://schema.org/position> 1 .
<https://example.org/xtd/notes/b> a <https://schema.org/Article> ; <https://schema.org/name> "Bee" .
<https://example.org/xtd/notes/c> a <https://schema.org/Article> ;
  <https://schema.org/name> "C, \\"quoted\\"" .
"""


@pytest.fixture
def store() -> ox.Store:
    graph = ox.Store()
    graph.load(DATA, format=ox.RdfFormat.TURTLE)
    return graph


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",
        "PREFIX SERVICE: <http://x/> SELECT * WHERE { SERVICE:y { ?s ?p ?o } }",
        "SELECT * WHERE { ?s <http://x/p> ex:a\\# SERVICE <http://x/> { } }",
        "SELECT * WHERE {}SERVICE<http://x/>{}",
    ],
)
def test_service_is_refused_however_written(query: str) -> None:
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_read_only(query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service WHERE { ?service ?p ?o }",
        "SELECT * WHERE { ?s ?p <http://x/#SERVICE> }",
        'SELECT * WHERE { ?s ?p "SERVICE <http://x/> {}" }',
        "SELECT * WHERE { ?s ?p ?o } # no SERVICE here\n",
        "SELECT * WHERE { ?s ex:SERVICE ?o }",
    ],
)
def test_service_as_a_name_string_or_comment_is_no_service(query: str) -> None:
    check_read_only(query)


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "PREFIX ex: <http://x/>\nDELETE WHERE { ?s ex:p ?o }",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "load silent <http://x/> into graph <http://y/>",
        "CLEAR ALL",
        "DROP GRAPH <http://x/>",
        "BASE <http://x/> WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused(update: str) -> None:
    with pytest.raises(QueryRefused, match="read-only"):
        check_read_only(update)


def test_execute_refuses_before_running(store: ox.Store) -> None:
    with pytest.raises(QueryRefused):
        execute(store, "INSERT DATA { <http://a> <http://b> <http://c> }")
    assert len(store) == 7


def test_model_prefixes_are_predeclared(store: ox.Store) -> None:
    results = execute(store, "SELECT ?n WHERE { ?x a schema:Article ; schema:name ?n } ORDER BY ?n")
    assert [s["n"].value for s in results] == ["Bee", 'C, "quoted"', "Note A"]


def test_syntax_error_keeps_line_and_column(store: ox.Store) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        execute(store, "SELECT ?n\nWHERE { ?x ?p }")
    assert (caught.value.line, caught.value.column) == (2, 16)
    assert str(caught.value).startswith("line 2, column 16: expected")


def test_undeclared_prefix_says_so(store: ox.Store) -> None:
    with pytest.raises(QuerySyntaxError, match="undeclared prefix"):
        execute(store, "SELECT * WHERE { ?s foo:bar ?o }")


def test_table_is_aligned_with_prefixed_iris(store: ox.Store) -> None:
    results = execute(store, "SELECT ?t ?n WHERE { ?x a ?t ; schema:name ?n } ORDER BY ?n")
    text, count = table(results)
    assert count == 3
    assert text.splitlines() == [
        "t              | n",
        "---------------+------------",
        "schema:Article | Bee",
        'schema:Article | C, "quoted"',
        "schema:Article | Note A",
    ]


def test_render_csv_is_the_w3c_format(store: ox.Store) -> None:
    output, count = render(execute(store, "SELECT ?n WHERE { ?x schema:name ?n } ORDER BY ?n"), "csv")
    assert count is None
    assert output == b'n\r\nBee\r\n"C, ""quoted"""\r\nNote A\r\n'


def test_render_refuses_a_graph_format_for_solutions(store: ox.Store) -> None:
    with pytest.raises(ValueError, match="SELECT or ASK"):
        render(execute(store, "SELECT * WHERE { ?s ?p ?o }"), "turtle")


def test_render_construct_as_turtle_by_default(store: ox.Store) -> None:
    output, _ = render(execute(store, "CONSTRUCT WHERE { ?x schema:position ?v }"), "table")
    parsed = list(ox.parse(output, format=ox.RdfFormat.TURTLE))
    assert [str(t) for t in parsed] == [
        '<https://example.org/xtd/notes/a> <https://schema.org/position> "1"^^<http://www.w3.org/2001/XMLSchema#integer>'
    ]


def test_answer_caps_solutions_and_says_so(store: ox.Store) -> None:
    query = "SELECT ?x ?n WHERE { ?x schema:name ?n } ORDER BY ?n"
    capped = answer(store, query, "text/csv", cap=2)
    assert capped.truncated
    assert capped.media_type == "text/csv; charset=utf-8"
    assert capped.body.decode().splitlines()[1:] == [
        "https://example.org/xtd/notes/b,Bee",
        'https://example.org/xtd/notes/c,"C, ""quoted"""',
    ]
    assert not answer(store, query, "text/csv", cap=3).truncated


def test_answer_json_keeps_language_and_datatype(store: ox.Store) -> None:
    result = answer(store, "SELECT ?n ?v WHERE { ?x schema:name ?n ; schema:position ?v }", "", cap=10)
    assert result.media_type == "application/sparql-results+json"
    bindings = json.loads(result.body)["results"]["bindings"]
    assert bindings == [
        {
            "n": {"type": "literal", "value": "Note A", "xml:lang": "fr"},
            "v": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
        }
    ]


def test_answer_graph_as_jsonld_capped(store: ox.Store) -> None:
    result = answer(store, "CONSTRUCT WHERE { ?x schema:name ?n }", "application/ld+json", cap=1)
    assert result.truncated
    assert result.media_type == "application/ld+json"
    assert len(list(ox.parse(result.body, format=ox.RdfFormat.JSON_LD))) == 1


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/*;q=0.9, application/json;q=0.1", "text/csv"),
        ("image/png", "application/sparql-results+json"),
        ("*/*;q=0.1, text/tab-separated-values;q=0", "application/sparql-results+json"),
    ],
)
def test_negotiate(accept: str, expected: str) -> None:
    offered = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"]
    offered.append("text/tab-separated-values")
    assert negotiate(accept, offered) == expected
