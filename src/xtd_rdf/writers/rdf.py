"""The dumps (Turtle, N-Triples, JSON-LD) and each resource's own Turtle and JSON-LD.

pyoxigraph serialises Turtle and N-Triples (fast, strict); JSON-LD is compacted against an
inline context (writers/jsonld.py), so no reader ever fetches a remote context.

`write_rdf` makes one pass over the documents and streams the dumps to disk as it goes, so the
whole graph is never held a second time (as pyoxigraph terms, or as one big string):
- a document's N-Triples are each term's N-Triples text (made once per term), joined;
- its Turtle body and JSON-LD nodes are made once, then kept in the cache by its N-Triples
  (rdf_parts.py): a re-export serialises only the documents that changed;
- `dataset.ttl` is the prefixes and the documents' Turtle bodies in turn, which is pyoxigraph's
  Turtle of the whole graph byte for byte, because no subject spans two documents (TurtleDump).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from ..cache import NoteCache
from ..graph import Triple
from ..iris import relative_path
from ..output import Files
from ..vocab import PREFIXES
from .jsonld import JsonLdDocument, compact, dumps, node_texts
from .rdf_parts import DocumentParts, PartsStore
from .terms import RDF

TURTLE, NTRIPLES = ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES


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


class TermTexts:
    """Each term's N-Triples text, made once: a document's N-Triples are then one join.

    Terms are looked up by identity (the map stage makes each term once, triples.py) and kept, so
    an identity is never reused for another term while this lives.
    """

    def __init__(self, terms: OxTerms) -> None:
        self._terms = terms
        self._texts: dict[int, str] = {}
        self._kept: list[Any] = []

    def ntriples(self, triples: list[Triple]) -> bytes:
        """What `ox.serialize(…, N_TRIPLES)` writes for the triples (oxrdf prints both alike)."""
        get, make = self._texts.get, self._text
        lines = [
            f"{get(id(s)) or make(s)} {get(id(p)) or make(p)} {get(id(o)) or make(o)} .\n"
            for s, p, o in triples
        ]
        return "".join(lines).encode("utf-8")

    def _text(self, term: Any) -> str:
        """An IRI is printed as it is, a literal with nothing to escape as it is (with its language
        in lower case, or its datatype but xsd:string), any other as pyoxigraph prints it. A term
        pyoxigraph would refuse is refused when its document is serialised (no row has its key)."""
        self._kept.append(term)
        if isinstance(term, URIRef):
            text = f"<{term}>"
        elif isinstance(term, Literal) and _AS_IS.fullmatch(term) and (term.language or "").isascii():
            datatype = term.datatype
            suffix = f"^^<{datatype}>" if datatype is not None and datatype != _XSD_STRING else ""
            text = f'"{term}"{"@" + term.language.lower() if term.language else suffix}'
        else:
            text = str(self._terms.term(term))
        self._texts[id(term)] = text
        return text


_AS_IS = re.compile(r'[^"\\\x00-\x1f\x7f\ufffe\uffff]*')  # what oxrdf prints unescaped in a literal
_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


def resource_type(iri: str, triples: list[Triple]) -> str:
    """The ActivityStreams object type: the local name of the resource's class, else `Object`."""
    types = sorted(str(o) for s, p, o in triples if p in _TYPE and str(s) == iri)  # hashed, not compared
    if not types:
        return "Object"
    return types[0].rsplit("/", 1)[-1].rsplit("#", 1)[-1]


_TYPE = frozenset({RDF.type})


@dataclass
class RdfWritten:
    """What the RDF pass leaves for the writers after it."""

    resources: int = 0
    hashes: dict[str, str] = field(default_factory=dict)  # document IRI → ntriples_hash of it
    types: dict[str, str] = field(default_factory=dict)  # document IRI → resource_type of it
    made: int = 0  # documents serialised (the others came from the cache)


def write_rdf(
    target: Path | Files, base: str, by_document: dict[str, list[Triple]], cache: NoteCache | None = None
) -> RdfWritten:
    """The three dumps and every resource's `{kind}/{slug}.ttl` and `.jsonld`, in one pass.

    With a cache, a document whose N-Triples an earlier export met is not serialised again
    (rdf_parts.py): its Turtle and JSON-LD come from the cache, its N-Triples from each term's text.
    """
    files = Files.of(target)
    written = RdfWritten()
    store = PartsStore(cache)
    with (
        files.create("dataset.nt") as nt,
        files.create("dataset.jsonld") as js,
        files.create("dataset.ttl") as ttl,
    ):
        dump, turtle_dump = JsonLdDocument(js), TurtleDump(ttl)
        for document, triples, document_nt, digest, parts in _parts_of(by_document, store):
            nt.write(document_nt)
            written.hashes[document] = parts.ntriples_hash
            written.types[document] = parts.type
            dump.add_part(parts.first_id, parts.last_id, parts.jsonld)
            turtle_dump.add(triples, parts.turtle)
            relative = relative_path(document, base)
            if relative and "/" in relative:  # the dataset itself and the tag scheme live in the dumps
                # both are made from the triples in this order (N-Triples keeps every term's detail)
                files.write_memo(f"{relative}.ttl", digest, partial(_prefixed, parts.turtle))
                files.write_memo(f"{relative}.jsonld", digest, partial(_jsonld_text, parts))
                written.resources += 1
        if not turtle_dump.close():  # a subject split across documents: serialise it whole
            _rewrite(ttl, turtle([t for triples in by_document.values() for t in triples]))
        if not dump.close():  # subjects out of order across documents: rewrite it whole
            _rewrite(js, jsonld([t for triples in by_document.values() for t in triples]))
    store.finish()
    written.made = store.made
    return written


_BATCH = 500  # documents looked up in the cache at once


def _parts_of(
    by_document: dict[str, list[Triple]], store: PartsStore
) -> Iterator[tuple[str, list[Triple], bytes, bytes, DocumentParts]]:
    """Each document, its N-Triples and their SHA-256, and its parts: from the cache, else made."""
    texts = TermTexts(OxTerms())
    documents = iter(by_document.items())
    while batch := list(islice(documents, _BATCH)):
        ntriples = [texts.ntriples(triples) for _, triples in batch]
        digests = [hashlib.sha256(text).digest() for text in ntriples]  # they fix the triples, in order
        keys = [store.key(document, digest) for (document, _), digest in zip(batch, digests, strict=True)]
        found = store.get(keys)
        for (document, triples), text, digest, key, parts in zip(
            batch, ntriples, digests, keys, found, strict=True
        ):
            if parts is None:
                parts = _parts(document, triples, text)
                store.put(key, parts)
            yield document, triples, text, digest, parts


def _parts(document: str, triples: list[Triple], document_nt: bytes) -> DocumentParts:
    """Serialise one document: what the cache keeps of it. Its Turtle is printed from its
    N-Triples read back by pyoxigraph (the same terms, without converting each from rdflib)."""
    nodes = node_texts(triples)
    whole = ox.serialize(ox.parse(document_nt, format=NTRIPLES), format=TURTLE, prefixes=PREFIXES)
    return DocumentParts(
        ntriples_hash=ntriples_hash(document_nt),
        type=resource_type(document, triples),
        first_id=nodes[0][0] if nodes else "",
        last_id=nodes[-1][0] if nodes else "",
        jsonld=JsonLdDocument.joined(nodes),
        turtle=whole[len(_PREFIX_LINES) :] if whole.startswith(_PREFIX_LINES) else whole,
    )


class TurtleDump:
    """`dataset.ttl` as the prefixes, then each document's Turtle body in turn.

    pyoxigraph closes a subject's statements when the next subject starts, so the bodies of
    documents in a row are the whole graph's Turtle, byte for byte, as long as no subject runs
    on from one document into the next (`close` says whether that held).
    """

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.last: Any = None  # the subject of the last triple written
        self.whole = True

    def add(self, triples: list[Triple], body: bytes) -> None:
        if not triples:
            return
        if body.startswith(b"@prefix") or (self.last is not None and triples[0][0] == self.last):
            self.whole = False  # a body with prefixes of its own: not from this pyoxigraph
        if self.last is None:
            self.file.write(_PREFIX_LINES)
        self.file.write(body)
        self.last = triples[-1][0]

    def close(self) -> bool:
        return self.whole


def _rewrite(file: BinaryIO, data: bytes) -> None:
    file.seek(0)
    file.truncate()
    file.write(data)


def _turtle(converted: list[ox.Triple]) -> bytes:
    return ox.serialize(converted, format=TURTLE, prefixes=PREFIXES)


_PREFIX_LINES = _turtle([ox.Triple(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal(""))])
_PREFIX_LINES = _PREFIX_LINES[: _PREFIX_LINES.index(b"<urn:x:s>")]  # what every Turtle file starts with


def _prefixed(body: bytes) -> bytes:
    """A document's own Turtle file: the prefixes and its body (nothing at all without triples)."""
    return body if not body or body.startswith(b"@prefix") else _PREFIX_LINES + body


def _jsonld_text(parts: DocumentParts) -> bytes:
    return JsonLdDocument.text_of(parts.jsonld)
