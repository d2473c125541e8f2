"""The dumps (Turtle, N-Triples, JSON-LD) and each resource's own Turtle and JSON-LD.

pyoxigraph serialises Turtle and N-Triples (fast, strict); JSON-LD is compacted against an
inline context (writers/jsonld.py), so no reader ever fetches a remote context.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef

from ..graph import Triple
from ..iris import relative_path
from ..vocab import PREFIXES
from .jsonld import compact, dumps


def to_oxigraph(triples: Iterable[Triple]) -> list[ox.Triple]:
    """rdflib triples → pyoxigraph triples (we mint no blank nodes)."""
    converted = []
    for s, p, o in triples:
        converted.append(ox.Triple(ox.NamedNode(s), ox.NamedNode(p), _ox_object(o)))
    return converted


def _ox_object(o: Any) -> ox.NamedNode | ox.Literal:
    if isinstance(o, URIRef):
        return ox.NamedNode(o)
    if isinstance(o, Literal):
        if o.language:
            return ox.Literal(str(o), language=o.language)
        if o.datatype is not None:
            return ox.Literal(str(o), datatype=ox.NamedNode(o.datatype))
        return ox.Literal(str(o))
    raise TypeError(f"unexpected term {o!r}")  # pragma: no cover - graph.py mints no blank nodes


def turtle(triples: list[Triple]) -> bytes:
    return ox.serialize(to_oxigraph(triples), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def ntriples(triples: list[Triple]) -> bytes:
    return ox.serialize(to_oxigraph(triples), format=ox.RdfFormat.N_TRIPLES)


def jsonld(triples: list[Triple]) -> bytes:
    """Compact JSON-LD with the context inline, nodes and values in a stable order."""
    return dumps(compact(triples))


def write_dumps(out: Path, triples: list[Triple]) -> None:
    """`dataset.ttl`, `dataset.nt` and `dataset.jsonld`: the whole graph."""
    (out / "dataset.ttl").write_bytes(turtle(triples))
    (out / "dataset.nt").write_bytes(ntriples(triples))
    (out / "dataset.jsonld").write_bytes(jsonld(triples))


def write_resources(out: Path, base: str, by_document: dict[str, list[Triple]]) -> int:
    """Each resource's concise bounded description as `{kind}/{slug}.ttl` and `.jsonld`."""
    written = 0
    for document, triples in by_document.items():
        relative = relative_path(document, base)
        if not relative or "/" not in relative:
            continue  # the dataset itself and the tag scheme live in the dumps
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.with_suffix(".ttl").write_bytes(turtle(triples))
        target.with_suffix(".jsonld").write_bytes(jsonld(triples))
        written += 1
    return written
