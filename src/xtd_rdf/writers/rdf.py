"""The dumps (Turtle, N-Triples, JSON-LD) and each resource's own Turtle and JSON-LD.

pyoxigraph serialises Turtle and N-Triples (fast, strict); JSON-LD is compacted by rdflib
against an inline context, so no reader ever fetches a remote context.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from ..graph import Triple
from ..iris import relative_path
from ..vocab import PREFIXES, SCHEMA

CONTEXT: dict[str, Any] = {"@vocab": str(SCHEMA), **PREFIXES}


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
    """Compact JSON-LD with the context inline, keys and nodes in a stable order."""
    graph = Graph()
    for triple in triples:
        if isinstance(triple[0], BNode):  # pragma: no cover
            raise TypeError("blank nodes are not minted")
        graph.add(triple)
    data = json.loads(graph.serialize(format="json-ld", context=CONTEXT, auto_compact=True))
    return (json.dumps(_stable(data), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _stable(value: Any) -> Any:
    """Sort every JSON array (rdflib's order follows hashing), so output is byte-identical."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_stable(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


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
