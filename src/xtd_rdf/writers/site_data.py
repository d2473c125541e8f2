"""A page's linked data: its embedded JSON-LD, its alternates and the table of its triples."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from .site_model import DataRow, Link, Page
from .site_text import json_for_script, jsonld_of

if TYPE_CHECKING:
    from .site_pages import Site


def linked_data(site: Site, page: Page) -> None:
    """The embedded JSON-LD, the alternates and the data table, all from the document's triples."""
    triples = site.graph.by_document[page.iri]
    relative = page.iri[len(site.base) :]
    page.jsonld = json_for_script(jsonld_of(site.stage, relative, triples))
    ttl = site.stage / f"{relative}.ttl"
    if ttl.is_file():
        name = relative.rsplit("/", 1)[-1]
        page.alternates = [("text/turtle", f"../{name}.ttl"), ("application/ld+json", f"../{name}.jsonld")]
    page.data = [_row(site, page, s, p, o) for s, p, o in triples]
    taken = {q.id for q in page.quotes if q.source is None}  # shown, with their ids, above
    for n, row in enumerate(page.data):
        fragment = row.subject[1:] if row.subject.startswith("#") else ""
        if fragment and fragment not in taken:
            taken.add(fragment)
            page.data[n] = replace(row, anchor=fragment)


def _object_link(site: Site, page: Page, iri: str) -> Link:
    """Our resources by name, our pages' URLs as relative links, vocabulary terms as CURIEs."""
    graph = site.graph
    if graph.is_ours(iri) or iri == site.base:
        return site.link(iri, page.prefix)
    if iri.endswith("/") and graph.is_ours(iri[:-1]):  # schema:url, the page itself
        return Link(iri, graph.href(iri[:-1], page.prefix))
    return Link(graph.curie(iri), iri, external=True)


def _row(site: Site, page: Page, s: URIRef, p: URIRef, o: object) -> DataRow:
    subject = "" if str(s) == page.iri else "#" + str(s).rsplit("#", 1)[-1] if "#" in s else str(s)
    if isinstance(o, URIRef):
        return DataRow(subject, site.graph.curie(str(p)), str(p), _object_link(site, page, str(o)), "")
    literal = o if isinstance(o, Literal) else Literal(str(o))
    annotation = f"@{literal.language}" if literal.language else ""
    if literal.datatype is not None:
        annotation = "^^" + site.graph.curie(str(literal.datatype))
    return DataRow(subject, site.graph.curie(str(p)), str(p), Link(str(literal)), annotation)
