"""The published triples, indexed both ways, so every page reads its links from the graph.

Backlinks, a person's talks, an organisation's people: all are incoming triples here, never
guesses from a note's text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
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
_LABEL_PREDICATES = frozenset(str(p) for p in LABELS)


@dataclass
class SiteGraph:
    """Outgoing and incoming edges of every IRI, and a label for each.

    Indexed as asked: a document's outgoing edges and labels when one of its IRIs is first read (every
    triple lives in the document of its subject), the incoming edges of all at the first such read. A
    re-export that builds a few pages reads a few documents; `index_all` indexes everything before
    worker processes share it.
    """

    base: str
    by_document: dict[str, list[Triple]]
    # predicates as plain strings: comparing rdflib terms runs Python code, comparing str does not
    _outgoing: dict[str, list[tuple[str, Node]]] = field(default_factory=lambda: defaultdict(list))
    _incoming: dict[str, list[tuple[str, str]]] | None = None
    _labels: dict[str, str] = field(default_factory=dict)
    _subjects: dict[str, list[str]] = field(default_factory=dict)  # document → its subjects, once indexed
    _kinds: dict[str, str] = field(default_factory=dict)  # asked for again and again: once per IRI
    curies: dict[str, str] = field(default_factory=dict)  # IRI → CURIE, as `curie` made them
    _ours: dict[str, bool] = field(default_factory=dict)
    # term → its IRI as one interned str (one str per IRI, not a copy per triple: that was a third
    # of the index); the graph makes each IRI's term once, so most lookups end on identity
    _names: dict[Node, str] = field(default_factory=dict)
    _whole: bool = False  # every document indexed, and the incoming edges
    _known: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # `know_incoming`'s

    @classmethod
    def of(cls, base: str, by_document: dict[str, list[Triple]]) -> SiteGraph:
        return cls(base, by_document)

    def index_all(self) -> None:
        """Every document's edges both ways and labels."""
        if self._whole:
            return
        for document in self.by_document:
            if document not in self._subjects:
                self._index(document)
        self._incoming, self._whole = self.incoming, True

    def _index(self, document: str) -> None:
        """One document's outgoing edges and labels (what `index_all` makes of it)."""
        names, outgoing, labels = self._names, self._outgoing, self._labels
        notation, label_predicates = str(SKOS.notation), _LABEL_PREDICATES
        subjects = self._subjects[document] = []
        last: Node | None = None
        for s, p, o in self.by_document.get(document, ()):
            if s is not last:
                last = s
                subject = names.get(s) or names.setdefault(s, intern(str(s)))
                edges = outgoing[subject]
                subjects.append(subject)
            predicate = names.get(p) or names.setdefault(p, intern(str(p)))
            edges.append((predicate, o))
            if isinstance(o, URIRef):
                continue
            if predicate == notation or (predicate in label_predicates and subject not in labels):
                labels[subject] = str(o)

    def _edges(self, iri: str) -> list[tuple[str, Node]]:
        document = document_of(iri)
        if document not in self._subjects:
            self._index(document)
        return self._outgoing.get(iri, ())  # type: ignore[return-value]

    @property
    def incoming(self) -> dict[str, list[tuple[str, str]]]:
        """(subject, predicate) of every triple whose object is an IRI, by that IRI."""
        if self._incoming is None:
            names: dict[Node, str] = self._names
            incoming: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for triples in self.by_document.values():
                last: Node | None = None
                for s, p, o in triples:
                    if not isinstance(o, URIRef):
                        continue
                    if s is not last:
                        last = s
                        subject = names.get(s) or names.setdefault(s, intern(str(s)))
                    predicate = names.get(p) or names.setdefault(p, intern(str(p)))
                    target = names.get(o) or names.setdefault(o, intern(str(o)))
                    incoming[target].append((subject, predicate))
            self._incoming = incoming
        return self._incoming

    def know_incoming(self, targets: set[str], documents: set[str]) -> None:
        """Index the incoming edges of `targets` only, which come from `documents` only: a re-export
        that builds a few pages knows where the edges they read can come from (site.py). Another
        IRI's are asked of the whole index."""
        if self._incoming is not None or not targets:
            return
        names = self._names
        known: dict[str, list[tuple[str, str]]] = {target: [] for target in targets}
        for document, triples in self.by_document.items():
            if document not in documents:
                continue
            for s, p, o in triples:
                if isinstance(o, URIRef):
                    edges = known.get(names.get(o) or names.setdefault(o, intern(str(o))))
                    if edges is not None:
                        subject = names.get(s) or names.setdefault(s, intern(str(s)))
                        edges.append((subject, names.get(p) or names.setdefault(p, intern(str(p)))))
        self._known = known

    def subjects_of(self, document: str) -> list[str]:
        """The subjects of a document's triples, in order."""
        if document not in self._subjects:
            self._index(document)
        return self._subjects[document]

    def labels_of(self, document: str) -> list[tuple[str, str]]:
        """(subject, label) of a document's subjects that have a label: what links to its IRIs show."""
        labels = self._labels
        return [(s, labels[s]) for s in self.subjects_of(document) if s in labels]

    def edges(self) -> Iterator[tuple[str, list[tuple[str, Node]]]]:
        """Every subject with its outgoing edges, document by document."""
        self.index_all()
        for subjects in self._subjects.values():
            for subject in subjects:
                yield subject, self._outgoing[subject]

    def values(self, iri: str, predicate: URIRef) -> list[Node]:
        wanted = str(predicate)
        return [o for p, o in self._edges(iri) if p == wanted]

    def objects(self, iri: str, predicate: URIRef) -> list[str]:
        return [str(o) for o in self.values(iri, predicate) if isinstance(o, URIRef)]

    def subjects(self, iri: str, predicate: URIRef) -> list[str]:
        wanted = str(predicate)
        return list(dict.fromkeys(s for s, p in self.edges_in(iri) if p == wanted))

    def literal(self, iri: str, predicate: URIRef) -> str:
        found = [str(o) for o in self.values(iri, predicate) if isinstance(o, Literal)]
        return found[0] if found else ""

    def label(self, iri: str) -> str:
        return self.own_label(iri) or self._labels.get(document_of(iri)) or iri

    def own_label(self, iri: str) -> str | None:
        """The IRI's own label, if the graph gives it one (`label` falls back on its document's)."""
        document = document_of(iri)
        if document not in self._subjects:
            self._index(document)
        return self._labels.get(iri)

    def triples(self, document: str) -> list[Triple]:
        return self.by_document[document]

    def edges_in(self, iri: str) -> list[tuple[str, str]]:
        """(subject, predicate) of every triple whose object is `iri`."""
        if self._incoming is None:
            found = self._known.get(iri)
            if found is not None:
                return found
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
