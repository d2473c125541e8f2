"""The SPARQL 1.1 Protocol endpoint, queried by real clients: SPARQLWrapper, rdflib's SPARQLStore, urllib."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request

from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper

TAGS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?notation (COUNT(?note) AS ?notes)
WHERE { ?note <http://purl.org/dc/terms/subject> ?tag . ?tag skos:notation ?notation }
GROUP BY ?notation ORDER BY DESC(?notes) ?notation
"""
EXPECTED = [("strategie", "2"), ("numerique/3d", "1")]


def wrapper(server, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(TAGS)
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_json(server) -> None:
    result = wrapper(server, JSON).queryAndConvert()
    rows = [(b["notation"]["value"], b["notes"]["value"]) for b in result["results"]["bindings"]]
    assert rows == EXPECTED


def test_sparqlwrapper_xml(server) -> None:
    document = wrapper(server, XML).queryAndConvert()
    results = document.getElementsByTagNameNS("http://www.w3.org/2005/sparql-results#", "result")
    rows = []
    for result in results:
        values = {
            b.getAttribute("name"): b.firstChild.firstChild.data
            for b in result.getElementsByTagName("binding")
        }
        rows.append((values["notation"], values["notes"]))
    assert rows == EXPECTED


def test_sparqlwrapper_csv(server) -> None:
    text = wrapper(server, CSV).queryAndConvert().decode("utf-8")
    assert list(csv.reader(io.StringIO(text))) == [["notation", "notes"], *map(list, EXPECTED)]


def test_sparqlwrapper_post(server) -> None:
    client = wrapper(server, JSON)
    client.setMethod("POST")
    rows = [
        (b["notation"]["value"], b["notes"]["value"]) for b in client.queryAndConvert()["results"]["bindings"]
    ]
    assert rows == EXPECTED


def test_rdflib_sparqlstore(server) -> None:
    graph = Graph(store=SPARQLStore(server.sparql))
    rows = [(str(row.notation), str(row.notes)) for row in graph.query(TAGS)]
    assert rows == EXPECTED
    alpha = URIRef("https://example.org/xtd/notes/alpha")
    relations = set(graph.objects(alpha, URIRef("http://purl.org/dc/terms/relation")))
    assert relations == {
        URIRef("https://example.org/xtd/notes/beta"),
        URIRef("https://example.org/xtd/notes/nowhere"),
    }


def post(server, body: bytes, content_type: str, accept: str = "") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(server.sparql, data=body, headers={"Content-Type": content_type})
    if accept:
        request.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_post_sparql_query_body_with_predeclared_prefixes_as_tsv(server) -> None:
    query = b"SELECT ?name WHERE { ?n a schema:Article ; schema:name ?name } ORDER BY ?name"
    status, headers, body = post(server, query, "application/sparql-query", "text/tab-separated-values")
    assert status == 200
    assert headers["content-type"].startswith("text/tab-separated-values")
    assert body.decode().splitlines() == ["?name", '"Alpha"@en', '"Beta"@en', '"Gamma"@en']


def test_construct_as_turtle_jsonld_and_ntriples(server) -> None:
    query = b"CONSTRUCT WHERE { <https://example.org/xtd/notes/gamma> schema:citation ?c }"
    expected = {(URIRef("https://example.org/xtd/notes/gamma"), URIRef("https://schema.org/citation"))}
    for accept, rdf_format in [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
    ]:
        status, headers, body = post(server, query, "application/sparql-query", accept)
        assert (status, headers["content-type"].split(";")[0]) == (200, accept)
        graph = Graph().parse(data=body, format=rdf_format)
        assert {(s, p) for s, p, _ in graph} == expected
        assert {str(o) for o in graph.objects()} == {"https://www.gov.uk/report"}


def test_results_are_capped_and_the_cap_is_said(server) -> None:
    form = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}).encode()
    status, headers, body = post(server, form, "application/x-www-form-urlencoded", "application/json")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 20
    assert headers["x-sparql-results-truncated"] == "20"


def test_syntax_error_is_400_with_the_position(server) -> None:
    query = b'SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(LANG(?o) = "fr"\n}\n'
    status, _, body = post(server, query, "application/sparql-query")
    assert status == 400
    assert body.decode().startswith("syntax error at line 4, column 1: expected one of")


def test_cors_for_browser_clients(server) -> None:
    url = server.sparql + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    request = urllib.request.Request(url, headers={"Origin": "http://elsewhere.example"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["access-control-allow-origin"] == "*"
        assert json.loads(response.read()) == {"head": {}, "boolean": True}


def test_query_page_offers_the_named_queries(server) -> None:
    request = urllib.request.Request(server.sparql, headers={"Accept": "text/html"})
    with urllib.request.urlopen(request, timeout=30) as response:
        page = response.read().decode()
    assert "<form" in page
    assert "notes-per-tag" in page
    assert "people-across-events" in page
