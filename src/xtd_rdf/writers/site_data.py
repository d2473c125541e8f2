"""A page's linked data: its embedded JSON-LD, its alternates and the table of its triples."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..graph import Triple
from .site_model import DataRow, Page
from .site_text import json_for_script, jsonld_of

if TYPE_CHECKING:
    from .site_pages import Site
    from .site_reads import Reads


def linked_data(site: Site | Reads, page: Page) -> None:
    """The embedded JSON-LD, the alternates and the data table, all from the document's triples."""
    triples = site.graph.triples(page.iri)
    relative = page.iri[len(site.base) :]
    page.jsonld = json_for_script(jsonld_of(site.file_text, relative, triples))
    if site.is_file(f"{relative}.ttl"):
        name = relative.rsplit("/", 1)[-1]
        page.alternates = [("text/turtle", f"../{name}.ttl"), ("application/ld+json", f"../{name}.jsonld")]
    page.data = _rows(site, page, triples)


def _rows(site: Site | Reads, page: Page, triples: list[Triple]) -> list[DataRow]:
    """A row per triple; a document's triples share a few subjects, each named once.

    The first row of each hash IRI gets its fragment as anchor, unless a quotation shown above has
    that id already. Tens of thousands of rows per site: the lookups are inlined.
    """
    prefix, graph = page.prefix, site.graph
    curie, object_link = graph.curie, site.object_link
    taken = {q.id for q in page.quotes if q.source is None}  # shown, with their ids, above
    subjects: dict[Node, str] = {}
    rows = []
    for s, p, o in triples:
        anchor = ""
        subject = subjects.get(s)
        if subject is None:
            subject = subjects[s] = _subject(page.iri, str(s))
            fragment = subject[1:] if subject.startswith("#") else ""
            if fragment and fragment not in taken:
                anchor = fragment
                taken.add(fragment)
        predicate = str(p)
        name = curie(predicate)
        if isinstance(o, URIRef):
            iri = str(o)
            link = object_link(iri, prefix)
            rows.append(DataRow(subject, name, predicate, link, "", anchor))
            continue
        literal = o if isinstance(o, Literal) else Literal(str(o))
        datatype = literal.datatype
        if datatype is not None:
            datatype_iri = str(datatype)
            annotation = "^^" + curie(datatype_iri)
        else:
            language = literal.language
            annotation = f"@{language}" if language else ""
        rows.append(DataRow(subject, name, predicate, str(literal), annotation, anchor))
    return rows


def _subject(own: str, subject: str) -> str:
    """The page's own IRI as "", its hash IRIs as `#fragment`, any other as it is."""
    if subject == own:
        return ""
    return "#" + subject.rsplit("#", 1)[-1] if "#" in subject else subject
