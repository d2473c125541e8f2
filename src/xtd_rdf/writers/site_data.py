"""A page's linked data: its embedded JSON-LD, its alternates and the table of its triples."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..graph import Triple
from .site_model import DataRow, Page
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


def _rows(site: Site, page: Page, triples: list[Triple]) -> list[DataRow]:
    """A row per triple; a document's triples share a few subjects, each named once."""
    prefix, curie, object_link = page.prefix, site.graph.curie, site.object_link
    subjects: dict[Node, str] = {}
    rows = []
    for s, p, o in triples:
        subject = subjects.get(s)
        if subject is None:
            subject = subjects[s] = _subject(page.iri, str(s))
        predicate = str(p)
        if isinstance(o, URIRef):
            rows.append(DataRow(subject, curie(predicate), predicate, object_link(str(o), prefix), ""))
            continue
        literal = o if isinstance(o, Literal) else Literal(str(o))
        annotation = f"@{literal.language}" if literal.language else ""
        if literal.datatype is not None:
            annotation = "^^" + curie(str(literal.datatype))
        rows.append(DataRow(subject, curie(predicate), predicate, str(literal), annotation))
    return rows


def _subject(own: str, subject: str) -> str:
    """The page's own IRI as "", its hash IRIs as `#fragment`, any other as it is."""
    if subject == own:
        return ""
    return "#" + subject.rsplit("#", 1)[-1] if "#" in subject else subject
