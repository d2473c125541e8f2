"""The export folder as a site: every resource IRI answers in HTML, Turtle, JSON-LD or N-Triples by Accept."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph, URIRef

from xtd_rdf.cli import main

from .conftest import start_server

ALPHA = "https://example.org/xtd/notes/alpha"


def fetch(url: str, accept: str | None = None) -> tuple[int, str, str, bytes]:
    """Status, final URL (redirects followed), media type and body."""
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            media_type = response.headers["content-type"].split(";")[0]
            return response.status, response.url, media_type, response.read()
    except urllib.error.HTTPError as error:
        return error.code, url, "", error.read()


def test_the_same_iri_in_turtle_jsonld_ntriples_and_html(server, site: Path) -> None:
    url = server.origin + "/xtd/notes/alpha"
    graphs = {}
    for accept, rdf_format in [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
    ]:
        status, final, media_type, body = fetch(url, accept)
        assert (status, final, media_type) == (200, url, accept)
        graphs[accept] = Graph().parse(data=body, format=rdf_format)
    turtle = graphs["text/turtle"]
    assert (URIRef(ALPHA), URIRef("https://schema.org/name"), None) in turtle
    assert set(turtle) == set(graphs["application/ld+json"]) == set(graphs["application/n-triples"])
    assert len(turtle) == len(Graph().parse(site / "notes" / "alpha.ttl"))
    status, final, media_type, body = fetch(url, "text/html,application/xhtml+xml,*/*;q=0.8")
    assert (status, final, media_type) == (200, url + "/", "text/html")
    assert b"page of alpha" in body


def test_browser_default_and_quality_values(server) -> None:
    url = server.origin + "/xtd/tags/strategie"
    assert fetch(url)[2] == "text/html"
    assert fetch(url, "application/ld+json;q=0.9, text/turtle;q=0.5")[2] == "application/ld+json"
    assert fetch(url, "text/*;q=0.2, text/html;q=0.1")[2] == "text/turtle"


def test_the_dataset_iri_is_the_site_root(server) -> None:
    status, _, media_type, body = fetch(server.origin + "/xtd/", "text/turtle")
    assert (status, media_type) == (200, "text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    assert (URIRef("https://example.org/xtd/"), None, None) in graph
    assert fetch(server.origin + "/xtd/", "text/html")[3].startswith(b"<!doctype html><title>home")


def test_files_are_served_as_they_are(server) -> None:
    status, _, media_type, body = fetch(server.origin + "/xtd/dataset.jsonld")
    assert (status, media_type) == (200, "application/ld+json")
    assert "@context" in json.loads(body)
    assert fetch(server.origin + "/xtd/notes/beta.ttl")[2] == "text/turtle"
    assert fetch(server.origin + "/xtd/feed.xml")[2] == "application/atom+xml"  # what feed readers expect
    assert fetch(server.origin + "/xtd/sitemap.xml")[2] in ("application/xml", "text/xml")


def test_unknown_resources_and_escapes_are_404(server) -> None:
    assert fetch(server.origin + "/xtd/persons/nobody", "text/turtle")[0] == 404
    assert fetch(server.origin + "/xtd/../../etc/passwd")[0] == 404
    assert fetch(server.origin + "/xtd/%2e%2e/%2e%2e/etc/passwd")[0] == 404


def test_start_up_access_log_and_clean_shutdown(site: Path, tmp_path: Path) -> None:
    running = start_server(site, tmp_path / "serve.log", "--verbose")
    assert fetch(running.sparql + "?query=ASK%7B%7D")[0] == 200
    assert running.stop() == 0
    output = running.output()
    assert output.startswith(f"Serving {site}/ (85 triples, base https://example.org/xtd/)\n")
    assert f"  site:   {running.origin}/xtd/\n" in output
    assert running.origin.startswith("http://127.0.0.1:")
    assert '"GET /sparql?query=ASK%7B%7D HTTP/1.1" 200' in output
    assert output.rstrip().endswith("Stopped.") or "Stopped.\n" in output


def test_a_taken_port_is_a_usage_error(site: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", str(site), "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_the_server_answers_oai_pmh_at_oai(server) -> None:
    status, _, media_type, body = fetch(server.origin + "/oai?verb=Identify")
    assert status == 200 and media_type.endswith("xml")
    assert b"<repositoryName>" in body and b"<protocolVersion>2.0</protocolVersion>" in body
    status, _, _, body = fetch(server.origin + "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc")
    assert body.count(b"<identifier>") == 3  # the three notes of the fixture vault
