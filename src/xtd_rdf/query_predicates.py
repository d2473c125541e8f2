"""Which predicates a SPARQL query can match, so a store for it can leave the others out.

The validation's SPARQL checks read a few predicates (names, dates, sameAs, types) of a graph whose
bulk is mentions, citations and relations: loading only what a query reads keeps the store small
(a tenth of the triples at 10,000 notes). `None` means "any predicate may matter": a variable in
predicate position, a negated property set, or a query rdflib cannot parse (then the caller keeps
every triple and pyoxigraph reports the error, as before).
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import URIRef
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath


class _AnyPredicate(Exception):
    """The query may match any predicate."""


def query_predicates(query: str) -> frozenset[URIRef] | None:
    """Every predicate IRI a triple pattern or property path of `query` names, or None if any may match."""
    from rdflib.plugins.sparql import prepareQuery  # 70 ms of imports: only for a large store

    try:
        algebra = prepareQuery(query).algebra
    except Exception:  # pyparsing and rdflib raise many kinds; the store keeps everything instead
        return None
    try:
        return frozenset(_predicates(algebra))
    except _AnyPredicate:
        return None


def _predicates(value: object) -> Iterator[URIRef]:
    """Walk the algebra: every pattern, wherever it sits (joins, optionals, unions, EXISTS, subqueries).

    Its nodes are rdflib's CompValues, which are dicts (so are VALUES rows, which hold no pattern)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "triples":
                for pattern in item:
                    yield from _path_iris(pattern[1])
            else:
                yield from _predicates(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _predicates(item)


def _path_iris(predicate: object) -> Iterator[URIRef]:
    if isinstance(predicate, URIRef):
        yield predicate
    elif isinstance(predicate, (SequencePath, AlternativePath)):
        for part in predicate.args:
            yield from _path_iris(part)
    elif isinstance(predicate, MulPath):
        yield from _path_iris(predicate.path)
    elif isinstance(predicate, InvPath):
        yield from _path_iris(predicate.arg)
    else:  # a variable, a negated property set (!p), or something this walk does not know
        raise _AnyPredicate
