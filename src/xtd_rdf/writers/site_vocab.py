"""The site's view of the fields users write: each note's fields as facts, and a page per property of
the vault's own vocabulary (`vocab/{slug}/`), listing the notes that use it with their values."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..dataset import PublishedNote
from .site_model import Link, Page, short_url
from .terms import SKOS

if TYPE_CHECKING:
    from .site_reads import Reads


def field_facts(site: Reads, item: PublishedNote, prefix: str) -> list[tuple[str, list[Link]]]:
    """One fact per field of the note, named by its key as first written, in the order written."""
    keys: dict[str, str] = {}
    for value in item.fields:
        keys.setdefault(value.predicate, value.key)
    return [
        (key, [_value_link(site, v, prefix) for v in site.graph.values(item.iri, URIRef(predicate))])
        for predicate, key in keys.items()
    ]


def property_page(site: Reads, page: Page) -> None:
    """A property of the vault's vocabulary: what it is, its other spellings, the notes that use it."""
    ui, graph = site.ui, site.graph
    page.description = ui["vocab_text"]
    page.facts = [(ui["alt_names"], [Link(str(label)) for label in graph.values(page.iri, SKOS.altLabel)])]
    uses = site.uses_of(page.iri)
    links = [
        site.link(subject, page.prefix, _value_link(site, value, page.prefix).label)
        for subject, value in uses
    ]
    page.sections = [(ui["used_in"], sorted(links, key=lambda link: (link.label.casefold(), link.note)))]


def _value_link(site: Reads, value: Node, prefix: str) -> Link:
    if isinstance(value, Literal):
        return Link(str(value), lang=value.language or "")
    iri = str(value)
    if site.graph.kind(iri) == "external":
        return Link(short_url(iri), iri, external=True)
    return site.link(iri, prefix)
