"""The dumps (Turtle, N-Triples, JSON-LD) and each resource's own Turtle and JSON-LD.

pyoxigraph serialises Turtle and N-Triples (fast, strict); JSON-LD is compacted against an
inline context (writers/jsonld.py), so no reader ever fetches a remote context.

`write_rdf` makes one pass over the documents: each triple is converted to pyoxigraph once, each
document serialised once per syntax, and the dumps are streamed to disk as the pass goes, so the
whole graph is never held a second time (as pyoxigraph terms, or as one big string).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from ..graph import Triple
from ..iris import relative_path
from ..output import Files
from ..vocab import PREFIXES
from .jsonld import JsonLdDocument, compact, dumps, node_texts

TURTLE = ox.RdfFormat.TURTLE


class OxTerms:
    """rdflib → pyoxigraph terms; an IRI recurs thousands of times, so each is converted once."""

    def __init__(self) -> None:
        self._nodes: dict[str, ox.NamedNode] = {}

    def node(self, iri: str) -> ox.NamedNode:
        found = self._nodes.get(iri)
        if found is None:
            found = self._nodes[iri] = ox.NamedNode(iri)
        return found

    def triples(self, triples: Iterable[Triple]) -> list[ox.Triple]:
        node, term = self.node, self.term
        return [ox.Triple(node(s), node(p), term(o)) for s, p, o in triples]

    def term(self, o: Any) -> ox.NamedNode | ox.Literal:
        if isinstance(o, URIRef):
            return self.node(o)
        if isinstance(o, Literal):
            if o.language:
                return ox.Literal(str(o), language=o.language)
            if o.datatype is not None:
                return ox.Literal(str(o), datatype=self.node(o.datatype))
            return ox.Literal(str(o))
        if isinstance(o, BNode):  # the validation report's labelled nodes; graph.py mints none
            return ox.BlankNode(str(o))
        raise TypeError(f"unexpected term {o!r}")


def to_oxigraph(triples: Iterable[Triple]) -> list[ox.Triple]:
    """rdflib triples → pyoxigraph triples (we mint no blank nodes)."""
    return OxTerms().triples(triples)


def oxigraph_store(
    by_document: dict[str, list[Triple]], predicates: frozenset[URIRef] | None = None
) -> ox.Store:
    """The graph in an in-memory pyoxigraph store, for SPARQL (each IRI converted once).

    `predicates`: only the triples with one of these (a query that reads no others needs no others).
    """
    terms = OxTerms()
    store = ox.Store()
    documents = by_document.values()
    if predicates is not None:
        documents = [[t for t in document if t[1] in predicates] for document in documents]
    triples = (t for document in documents for t in terms.triples(document))
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


def turtle(triples: list[Triple]) -> bytes:
    return ox.serialize(to_oxigraph(triples), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def ntriples(triples: list[Triple]) -> bytes:
    return ox.serialize(to_oxigraph(triples), format=ox.RdfFormat.N_TRIPLES)


def jsonld(triples: list[Triple]) -> bytes:
    """Compact JSON-LD with the context inline, nodes and values in a stable order."""
    return dumps(compact(triples))


def ntriples_hash(ntriples_bytes: bytes) -> str:
    """SHA-256 of the sorted N-Triples lines: equal iff the description is the same graph."""
    lines = sorted(line for line in ntriples_bytes.splitlines() if line.strip())
    return hashlib.sha256(b"\n".join(lines)).hexdigest()


@dataclass
class RdfWritten:
    """What the RDF pass leaves for the writers after it."""

    resources: int = 0
    hashes: dict[str, str] = field(default_factory=dict)  # document IRI → ntriples_hash of it


def write_rdf(target: Path | Files, base: str, by_document: dict[str, list[Triple]]) -> RdfWritten:
    """The three dumps and every resource's `{kind}/{slug}.ttl` and `.jsonld`, in one pass."""
    files = Files.of(target)
    written = RdfWritten()
    with files.create("dataset.nt") as nt, files.create("dataset.jsonld") as js:
        dump = JsonLdDocument(js)
        documents = _documents(files, base, by_document, nt, dump, written)
        with files.create("dataset.ttl") as ttl:
            ox.serialize(documents, ttl, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        if not dump.close():  # subjects out of order across documents: rewrite it whole
            js.seek(0)
            js.truncate()
            js.write(jsonld([t for triples in by_document.values() for t in triples]))
    return written


def _documents(
    files: Files,
    base: str,
    by_document: dict[str, list[Triple]],
    nt: BinaryIO,
    dump: JsonLdDocument,
    written: RdfWritten,
) -> Iterator[ox.Triple]:
    """Each document's pyoxigraph triples, for the Turtle dump; writes all else on the way."""
    terms = OxTerms()
    for document, triples in by_document.items():
        converted = terms.triples(triples)
        document_nt = ox.serialize(converted, format=ox.RdfFormat.N_TRIPLES)
        nt.write(document_nt)
        written.hashes[document] = ntriples_hash(document_nt)
        nodes = node_texts(triples)
        dump.add(nodes)
        relative = relative_path(document, base)
        if relative and "/" in relative:  # the dataset itself and the tag scheme live in the dumps
            # both are made from the triples in this order (N-Triples keeps every term's detail)
            key = hashlib.sha256(document_nt).digest()
            files.write_memo(f"{relative}.ttl", key, partial(_turtle, converted))
            files.write_memo(f"{relative}.jsonld", key, partial(_jsonld_text, nodes))
            written.resources += 1
        yield from converted


def _turtle(converted: list[ox.Triple]) -> bytes:
    return ox.serialize(converted, format=TURTLE, prefixes=PREFIXES)


def _jsonld_text(nodes: list[tuple[str, str]]) -> bytes:
    return JsonLdDocument.text(nodes).encode("utf-8")


def write_dumps(out: Path, triples: list[Triple]) -> None:
    """`dataset.ttl`, `dataset.nt` and `dataset.jsonld`: the whole graph (without resource files)."""
    (out / "dataset.ttl").write_bytes(turtle(triples))
    (out / "dataset.nt").write_bytes(ntriples(triples))
    (out / "dataset.jsonld").write_bytes(jsonld(triples))


def write_resources(out: Path, base: str, by_document: dict[str, list[Triple]]) -> int:
    """Each resource's concise bounded description as `{kind}/{slug}.ttl` and `.jsonld`."""
    files = Files.of(out)
    written = 0
    for document, triples in by_document.items():
        relative = relative_path(document, base)
        if not relative or "/" not in relative:
            continue  # the dataset itself and the tag scheme live in the dumps
        files.write(f"{relative}.ttl", turtle(triples))
        files.write(f"{relative}.jsonld", jsonld(triples))
        written += 1
    return written
