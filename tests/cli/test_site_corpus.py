"""The site of the real corpus, exported through the CLI: every page reachable, no link broken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser.pages import all_pages, crawl, embedded_graph, jsonld_graph
from click.testing import CliRunner
from rdflib import URIRef
from rdflib.compare import isomorphic

from helpers import require_corpus
from xtd_rdf.cli import main

BASE = "https://example.org/xtd/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = require_corpus()
    out = tmp_path_factory.mktemp("site") / "out"
    result = CliRunner().invoke(main, ["export", str(corpus), "--out", str(out), "--base", BASE, "-q"])
    assert result.exit_code == 0, result.output
    return out


def test_every_page_is_reached_from_the_index_and_no_internal_link_is_broken(site: Path) -> None:
    reached, broken, followed = crawl(site)
    assert broken == []
    assert all_pages(site) - reached == set()  # no orphan page
    assert len(reached) > 250 and followed > 5000


def test_every_resource_file_has_its_page(site: Path) -> None:
    """Each `{kind}/{slug}.ttl` is the data of a page `{kind}/{slug}/index.html`."""
    data = {p.with_suffix("") for p in site.glob("*/*.ttl")}
    assert data and all((d / "index.html").is_file() for d in data)


def test_every_page_embeds_json_ld_about_its_own_iri_equal_to_its_file(site: Path) -> None:
    checked = 0
    for ttl in sorted(site.glob("*/*.jsonld")):
        relative = ttl.relative_to(site).with_suffix("").as_posix()
        html = (site / relative / "index.html").read_text(encoding="utf-8")
        graph = embedded_graph(html, BASE + relative + "/")
        assert (URIRef(BASE + relative), None, None) in graph, relative
        assert isomorphic(graph, jsonld_graph(ttl.read_text(encoding="utf-8"))), relative
        checked += 1
    assert checked > 250


def test_index_embeds_the_dataset_description_for_dataset_search(site: Path) -> None:
    graph = embedded_graph((site / "index.html").read_text(encoding="utf-8"), BASE)
    types = set(graph.objects(URIRef(BASE), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")))
    assert URIRef("https://schema.org/Dataset") in types
    assert URIRef("http://www.w3.org/ns/dcat#Dataset") in types


def test_search_index_lists_every_note(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    marker = '<script type="application/json" id="search-index">'
    start = html.index(marker) + len(marker)
    entries = json.loads(html[start : html.index("</script>", start)])
    notes = [e for e in entries if e[2].startswith("notes/")]
    assert len(notes) == 197
    assert all((site / e[2]).is_file() for e in entries)


def test_server_configs_negotiate_turtle_and_json_ld(site: Path) -> None:
    htaccess = (site / ".htaccess").read_text(encoding="utf-8")
    nginx = (site / "nginx.conf.example").read_text(encoding="utf-8")
    for text in (htaccess, nginx):
        assert "text/turtle" in text and "application/ld+json" in text
    assert "RewriteRule ^(.+?)/?$ $1.ttl" in htaccess
    assert "try_files $uri$xtd_rdf_suffix" in nginx
