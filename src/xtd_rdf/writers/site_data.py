"""A page's linked data: its embedded JSON-LD, its alternates and the table of its triples."""

from __future__ import annotations

import os
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
    if os.path.isfile(f"{site.stage}/{relative}.ttl"):
        name = relative.rsplit("/", 1)[-1]
        page.alternates = [("text/turtle", f"../{name}.ttl"), ("application/ld+json", f"../{name}.jsonld")]
    page.data = _rows(site, page, triples)
    taken = {q.id for q in page.quotes if q.source is None}  # shown, with their ids, above
    for n, row in enumerate(page.data):
        fragment = row.subject[1:] if row.subject.startswith("#") else ""
        if fragment and fragment not in taken:
            taken.add(fragment)
            page.data[n] = row._replace(anchor=fragment)


def _rows(site: Site, page: Page, triples: list) -> list[DataRow]:
    """A row per triple; a document's triples share a few subjects and predicates, named once each."""
    graph, prefix = site.graph, page.prefix
    subjects: dict[str, str] = {}
    rows = []
    for s, p, o in triples:
        subject = subjects.get(s)
        if subject is None:
            subject = subjects[s] = _subject(page.iri, str(s))
        predicate = str(p)
        if isinstance(o, URIRef):
            value, annotation = _object_link(site, prefix, str(o)), ""
        else:
            literal = o if isinstance(o, Literal) else Literal(str(o))
            value, annotation = str(literal), f"@{literal.language}" if literal.language else ""
            if literal.datatype is not None:
                annotation = "^^" + graph.curie(str(literal.datatype))
        rows.append(DataRow(subject, graph.curie(predicate), predicate, value, annotation))
    return rows


def _subject(own: str, subject: str) -> str:
    """ "" for the page's own IRI, `#fragment` for its hash IRIs, else the IRI."""
    if subject == own:
        return ""
    return "#" + subject.rsplit("#", 1)[-1] if "#" in subject else subject


def _object_link(site: Site, prefix: str, iri: str) -> Link:
    """Our resources by name, our pages' URLs as relative links, vocabulary terms as CURIEs."""
    graph = site.graph
    if graph.is_ours(iri) or iri == site.base:
        return site.link(iri, prefix)
    if iri.endswith("/") and graph.is_ours(iri[:-1]):  # schema:url, the page itself
        return Link(iri, graph.href(iri[:-1], prefix))
    return site.curie_link(iri)
