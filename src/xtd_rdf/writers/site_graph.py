"""The published triples, indexed both ways, so every page reads its links from the graph.

Backlinks, a person's talks, an organisation's people: all are incoming triples here, never
guesses from a note's text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from sys import intern

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..graph import Triple
from ..iris import KINDS, document_of
from ..vocab import PREFIXES
from .html import page_href
from .terms import DCTERMS, RDF, RDFS, SCHEMA, SKOS

LABELS = (SCHEMA.name, SKOS.prefLabel, DCTERMS.title, RDFS.label)


@dataclass
class SiteGraph:
    """Outgoing and incoming edges of every IRI, and a label for each."""

    base: str
    by_document: dict[str, list[Triple]]
    # predicates as plain strings: comparing rdflib terms runs Python code, comparing str does not
    outgoing: dict[str, list[tuple[str, Node]]] = field(default_factory=lambda: defaultdict(list))
    incoming: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    labels: dict[str, str] = field(default_factory=dict)
    _kinds: dict[str, str] = field(default_factory=dict)  # asked for again and again: once per IRI
    curies: dict[str, str] = field(default_factory=dict)  # IRI → CURIE, as `curie` made them
    _ours: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def of(cls, base: str, by_document: dict[str, list[Triple]]) -> SiteGraph:
        graph = cls(base, by_document)
        outgoing, incoming, labels = graph.outgoing, graph.incoming, graph.labels
        notation, label_predicates = str(SKOS.notation), {str(p) for p in LABELS}
        # term → its IRI as one interned str (one str per IRI, not a copy per triple: that was a third
        # of the index); the graph makes each IRI's term once, so most lookups end on identity
        names: dict[Node, str] = {}
        for triples in by_document.values():
            last: Node | None = None
            for s, p, o in triples:
                if s is not last:  # a document's triples come sorted: a subject's run, one lookup
                    last = s
                    subject = names.get(s) or names.setdefault(s, intern(str(s)))
                    edges = outgoing[subject]
                predicate = names.get(p) or names.setdefault(p, intern(str(p)))
                edges.append((predicate, o))
                if isinstance(o, URIRef):
                    target = names.get(o) or names.setdefault(o, intern(str(o)))
                    incoming[target].append((subject, predicate))
                elif predicate == notation or (predicate in label_predicates and subject not in labels):
                    labels[subject] = str(o)  # a tag is known by its full path
        return graph

    def values(self, iri: str, predicate: URIRef) -> list[Node]:
        wanted = str(predicate)
        return [o for p, o in self.outgoing.get(iri, ()) if p == wanted]

    def objects(self, iri: str, predicate: URIRef) -> list[str]:
        return [str(o) for o in self.values(iri, predicate) if isinstance(o, URIRef)]

    def subjects(self, iri: str, predicate: URIRef) -> list[str]:
        wanted = str(predicate)
        return list(dict.fromkeys(s for s, p in self.incoming.get(iri, ()) if p == wanted))

    def literal(self, iri: str, predicate: URIRef) -> str:
        found = [str(o) for o in self.values(iri, predicate) if isinstance(o, Literal)]
        return found[0] if found else ""

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or self.labels.get(document_of(iri)) or iri

    def own_label(self, iri: str) -> str | None:
        """The IRI's own label, if the graph gives it one (`label` falls back on its document's)."""
        return self.labels.get(iri)

    def triples(self, document: str) -> list[Triple]:
        return self.by_document[document]

    def edges_in(self, iri: str) -> list[tuple[str, str]]:
        """(subject, predicate) of every triple whose object is `iri`."""
        return self.incoming.get(iri, [])

    def is_ours(self, iri: str) -> bool:
        found = self._ours.get(iri)
        if found is None:
            found = self._ours[iri] = document_of(iri) in self.by_document and iri.startswith(self.base)
        return found

    def kind(self, iri: str) -> str:
        """`notes`, `persons`, … for our IRIs; `dataset`, `scheme` or `external` otherwise."""
        found = self._kinds.get(iri)
        if found is None:
            found = self._kinds[iri] = self._kind(iri)
        return found

    def _kind(self, iri: str) -> str:
        if iri == self.base:
            return "dataset"
        if not self.is_ours(iri):
            return "external"
        relative = document_of(iri)[len(self.base) :]
        head = relative.split("/", 1)[0]
        if "/" not in relative:
            return "scheme" if head == "tags" else "other"
        return head if head in KINDS else "other"

    def is_a(self, iri: str, cls: URIRef) -> bool:
        return cls in self.values(iri, RDF.type)

    def href(self, iri: str, prefix: str) -> str:
        """A relative link from a page `prefix` away from the root, or the IRI itself if not ours."""
        if iri == self.base:
            return prefix + "index.html"
        if self.kind(iri) == "external":
            return iri
        return page_href(iri[len(self.base) :], prefix)

    def curie(self, iri: str) -> str:
        found = self.curies.get(iri)
        if found is None:
            vocabulary = self.base + "vocab/"  # the vault's own properties (field_values.py), shown alike
            own = iri.startswith(vocabulary) and len(iri) > len(vocabulary)
            found = self.curies[iri] = f"vocab:{iri[len(vocabulary) :]}" if own else _curie(iri)
        return found


def _curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri
