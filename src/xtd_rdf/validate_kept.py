"""Validation kept between exports, so that a re-export judges only the documents whose results may differ.

A document holds every triple of its subjects (graph.py: a subject `s` lives in `document_of(s)`), so
SHACL Core judges a described node on its own document, and on two facts from elsewhere: the classes
of its values (sh:class), each held in that value's own document, and the rdfs:subClassOf hierarchy.
What one validation leaves for the next (`Kept`, one blob in the cache) is, per document, a digest
of its triples, of its class statements (rdf:type, rdfs:subClassOf) and of the triples the SPARQL
constraints read; the results about its subjects; and the SPARQL constraints' results. The next
export judges again only
- the documents whose triples changed, appeared or have no row;
- the documents that point at a node of a document whose class statements changed or went;
- every document when a changed document states a subclass, or the shapes target the objects of a
  predicate (a cross-document read this module does not follow): then the whole graph is judged.
The SPARQL constraints join across documents: they run again over the whole graph unless no
document's triples they can read changed, when their last results stand.

Keyed by the export's scope (memo.scope: tool, config, shapes files, libraries): a blob of another
scope, or one that cannot be read back, is not used. Shapes only pySHACL can judge keep nothing.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, compress, repeat
from operator import attrgetter, is_, itemgetter

from rdflib import Literal, URIRef
from rdflib.term import Node

from .gc_pause import gc_paused
from .graph import Triple
from .iris import document_of
from .shacl_core import CompiledShapes, DataIndex
from .validate import (
    FILTER_ABOVE,
    Outcome,
    Result,
    SparqlCheck,
    _compiled,
    _read_by,
    _result,
    _run_check,
    result_order,
    split_shapes,
    validate,
)
from .vocab import RDF, RDFS
from .writers.rdf import oxigraph_store

FORMAT = 1  # of the pickled Kept
_TYPE, _SUBCLASS = RDF.type, RDFS.subClassOf  # IRIs: an IRI never equals a plain string
_CLASS_STATEMENTS = frozenset({_TYPE, _SUBCLASS})  # sets: a term is hashed in C, not compared in Python
_TYPES, _SUBCLASSES = frozenset({_TYPE}), frozenset({_SUBCLASS})
_SIZE = 16  # bytes of each digest
CLASS_CHANGES = 64  # documents whose classes changed: past this, every document is judged again
_subject, _predicate, _object = itemgetter(0), itemgetter(1), itemgetter(2)


@dataclass(frozen=True)
class Kept:
    """What a validation leaves for the next one."""

    scope: bytes
    digests: dict[str, bytes]  # document → digests of its triples, class statements, SPARQL-read triples
    results: dict[str, tuple[Result, ...]]  # document → the results about its subjects (if any)
    hierarchy: frozenset[str]  # the documents that state a subclass
    predicates: frozenset[URIRef] | None  # what the SPARQL constraints read (None: any predicate)
    sparql: tuple[Result, ...]

    def dump(self) -> bytes:
        return pickle.dumps((FORMAT, self), protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    @gc_paused()  # thousands of small objects, none of them garbage
    def load(blob: bytes | None, scope: bytes) -> Kept | None:
        """The blob's Kept if it is of this scope and reads back whole; else None."""
        if not blob:
            return None
        try:
            version, kept = pickle.loads(blob)
        except Exception:  # a damaged blob: any error unpickling it
            return None
        if version != FORMAT or type(kept) is not Kept or kept.scope != scope:
            return None
        return kept


@gc_paused()  # it keeps what it makes, or drops it by reference counting
def validate_kept(
    by_document: dict[str, list[Triple]], shapes: object, kept: Kept | None, scope: bytes
) -> tuple[Outcome, Kept | None]:
    """`validate.validate(by_document, shapes)`, judging again only what may have changed since `kept`.

    Returns the outcome and what to keep for the next validation (None: nothing can be kept).
    """
    core, checks = split_shapes(shapes)  # type: ignore[arg-type]
    compiled = _compiled(core)
    if compiled is None or any(target.objects_of for target, _ in compiled.roots):
        return validate(by_document, shapes), None  # type: ignore[arg-type]
    predicates = kept.predicates if kept is not None else _predicates(checks)
    digests = {doc: _digest(triples) for doc, triples in by_document.items()}
    old = kept.digests if kept is not None else {}
    changed = [doc for doc, digest in digests.items() if old.get(doc, b"")[:_SIZE] != digest]
    removed = [doc for doc in old if doc not in digests]
    parts = {doc: _parts(by_document[doc], predicates) for doc in changed}
    hierarchy = _hierarchy(kept, changed, removed, by_document)
    classes_changed = _class_changes(old, changed, removed, parts)
    if (
        kept is None
        or len(classes_changed) > CLASS_CHANGES
        or any(doc in kept.hierarchy or doc in hierarchy for doc in classes_changed)
    ):
        judged = list(by_document)
    else:
        judged = changed + _pointing_at(classes_changed, by_document, changed)
    found = _judge(compiled, by_document, judged, hierarchy)
    if found is None:  # a subject outside its document: nothing can be kept
        return validate(by_document, shapes), None  # type: ignore[arg-type]
    results, elsewhere = found
    if kept is not None:
        again = set(judged)
        results.update((doc, rs) for doc, rs in kept.results.items() if doc not in again and doc in digests)
    sparql = _sparql(checks, by_document, predicates, kept, changed, removed, parts)
    every = chain(chain.from_iterable(results.values()), elsewhere, sparql)
    outcome = Outcome(tuple(sorted(set(every), key=result_order)))
    new_digests = {
        doc: digest + (parts[doc] if doc in parts else old[doc][_SIZE:]) for doc, digest in digests.items()
    }
    return outcome, Kept(scope, new_digests, results, hierarchy, predicates, sparql)


def _predicates(checks: list[SparqlCheck]) -> frozenset[URIRef] | None:
    """The predicates the SPARQL constraints can read (None: any)."""
    return _read_by(checks) if checks else frozenset()


def _digest(triples: list[Triple]) -> bytes:
    """A digest of the triples, in order: their terms' texts, then each literal's language and datatype.

    Terms are separated by NUL, which no term of ours holds (triples.clean_text). Done in C as far
    as it goes: this runs over every triple of every export.
    """
    objects = list(map(_object, triples))
    literals = compress(objects, map(is_, map(type, objects), repeat(Literal)))
    text = (
        "\0".join(map("\0".join, triples))
        + "\1"
        + "".join(map(_LITERAL_KINDS.__getitem__, map(_kind, literals)))
    )
    return hashlib.sha1(text.encode("utf-8", "surrogatepass"), usedforsecurity=False).digest()[:_SIZE]


class _LiteralKinds(dict[tuple[str | None, URIRef | None], str]):
    """A literal's language and datatype → their text; a vault has few of them."""

    def __missing__(self, kind: tuple[str | None, URIRef | None]) -> str:
        language, datatype = kind
        text = self[kind] = f"{language or ''}\2{datatype or ''}\3"
        return text


_LITERAL_KINDS = _LiteralKinds()
_kind = attrgetter("_language", "_datatype")  # rdflib's slots: its properties cost a Python call each


def _parts(triples: list[Triple], predicates: frozenset[URIRef] | None) -> bytes:
    """The digests of a document's class statements and of the triples the SPARQL constraints read."""
    kinds = list(map(_predicate, triples))
    read = triples if predicates is None else list(compress(triples, map(predicates.__contains__, kinds)))
    return _digest(list(compress(triples, map(_CLASS_STATEMENTS.__contains__, kinds)))) + _digest(read)


_NONE = _digest([]) * 2  # the parts of a document that is not there
_ABSENT = bytes(_SIZE) + _NONE  # the kept digests of a document that was not there


def _hierarchy(
    kept: Kept | None, changed: list[str], removed: list[str], by_document: dict
) -> frozenset[str]:
    """The documents that state a subclass now (only changed ones can have started or stopped)."""
    before = set(kept.hierarchy) if kept is not None else set()
    looked = changed if kept is not None else list(by_document)
    before -= {*changed, *removed}
    before.update(
        doc for doc in looked if any(map(_SUBCLASSES.__contains__, map(_predicate, by_document[doc])))
    )
    return frozenset(before)


def _class_changes(
    old: dict[str, bytes], changed: list[str], removed: list[str], parts: dict[str, bytes]
) -> set[str]:
    """The documents whose class statements are not what they were (appeared and went included)."""
    return {
        doc
        for doc in (*changed, *removed)
        if old.get(doc, _ABSENT)[_SIZE : 2 * _SIZE] != parts.get(doc, _NONE)[:_SIZE]
    }


def _pointing_at(documents: set[str], by_document: dict[str, list[Triple]], skip: list[str]) -> list[str]:
    """The other documents with a value in one of `documents` (whose classes a sh:class may read).

    A node lives in `document_of(node)`: the document's IRI, or it and `#…`. Searched in each
    document's values joined by NUL (a literal that spells such an IRI only costs a judgement).
    """
    if not documents:
        return []
    needles = [needle for doc in documents for needle in (f"\0{doc}\0", f"\0{doc}#")]
    skipped = set(skip)
    found = []
    for doc, triples in by_document.items():
        if doc not in skipped:
            values = "\0" + "\0".join(map(_object, triples)) + "\0"
            if any(needle in values for needle in needles):
                found.append(doc)
    return found


def _judge(
    compiled: CompiledShapes,
    by_document: dict[str, list[Triple]],
    judged: list[str],
    hierarchy: frozenset[str],
) -> tuple[dict[str, tuple[Result, ...]], list[Result]] | None:
    """The judged documents' results (by document, those that have some), and the results about
    nodes no document describes; None if a subject lives outside its document."""
    subjects: set[Node] = set()
    for doc in judged:
        own = dict.fromkeys(map(_subject, by_document[doc]))
        if any(document_of(s) != doc for s in own):
            return None
        subjects.update(own)
    if len(judged) == len(by_document):
        index = DataIndex(t for triples in by_document.values() for t in triples)
    else:
        index = DataIndex(_around(by_document, judged, subjects, hierarchy))
    results: dict[str, list[Result]] = {}
    elsewhere = []
    for finding in compiled.findings(index):
        focus = finding.focus
        if focus in subjects:
            results.setdefault(document_of(focus), []).append(_result(finding))
        elif focus not in index.values and not _described(focus, by_document):  # not a lent node
            elsewhere.append(_result(finding))
    return {doc: tuple(found) for doc, found in results.items()}, elsewhere


def _around(
    by_document: dict[str, list[Triple]], judged: list[str], subjects: set[Node], hierarchy: frozenset[str]
) -> Iterable[Triple]:
    """The judged documents' triples, the class statements of every node they point at, the hierarchy."""
    lent: dict[str, None] = {}
    for doc in judged:
        yield from by_document[doc]
        lent.update((document_of(o), None) for o in map(_object, by_document[doc]) if type(o) is URIRef)
    values = {o for doc in judged for o in map(_object, by_document[doc]) if type(o) is URIRef}
    for doc in lent:
        for t in by_document.get(doc, ()):
            if t[1] in _TYPES and t[0] in values and t[0] not in subjects:
                yield t
    for doc in hierarchy:
        if doc not in judged:
            yield from (t for t in by_document.get(doc, ()) if t[1] in _SUBCLASSES)


def _described(node: Node, by_document: dict[str, list[Triple]]) -> bool:
    """Whether some triple describes the node (its subjects live in its document)."""
    return any(t[0] == node for t in by_document.get(document_of(node), ()))


def _sparql(
    checks: list[SparqlCheck],
    by_document: dict[str, list[Triple]],
    predicates: frozenset[URIRef] | None,
    kept: Kept | None,
    changed: list[str],
    removed: list[str],
    parts: dict[str, bytes],
) -> tuple[Result, ...]:
    """The SPARQL constraints' results: the kept ones while nothing they can read changed."""
    if not checks:
        return ()
    if kept is not None:
        read = slice(2 * _SIZE, 3 * _SIZE)
        same = (
            kept.digests.get(doc, _ABSENT)[read] == parts.get(doc, _NONE)[_SIZE:]
            for doc in (*changed, *removed)
        )
        if all(same):
            return kept.sparql
    large = sum(map(len, by_document.values())) > FILTER_ABOVE
    store = oxigraph_store(by_document, predicates if large else None)
    return tuple(sorted({r for check in checks for r in _run_check(store, check)}, key=result_order))
