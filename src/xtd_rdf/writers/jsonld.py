"""Compact JSON-LD with an inline context, written straight from our triples.

rdflib's serialiser does the same ten times slower, and pyoxigraph writes only expanded JSON-LD.
Our graphs are simple (IRIs and literals, no blank nodes or lists), so compaction is a mapping:
schema.org terms by `@vocab`, other vocabularies as `prefix:term`, values as `@id`/`@value` objects.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from rdflib import Literal, URIRef

from ..graph import Triple
from ..vocab import PREFIXES, RDF, SCHEMA, XSD

CONTEXT: dict[str, Any] = {"@vocab": str(SCHEMA), **PREFIXES}
_SCHEMA = str(SCHEMA)
_TERM = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_PREFIXES = sorted(((ns, p) for p, ns in PREFIXES.items() if ns != _SCHEMA), key=lambda x: -len(x[0]))


@lru_cache(maxsize=4096)
def compact_iri(iri: str) -> str:
    """`https://schema.org/name` → `name`; `http://purl.org/dc/terms/title` → `dcterms:title`."""
    local = iri[len(_SCHEMA) :] if iri.startswith(_SCHEMA) else None
    if local is not None and _TERM.fullmatch(local):
        return local
    for namespace, prefix in _PREFIXES:
        if iri.startswith(namespace) and _TERM.fullmatch(iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _value(term: Any) -> Any:
    if isinstance(term, URIRef):
        return {"@id": str(term)}
    assert isinstance(term, Literal)
    if term.language:
        return {"@value": str(term), "@language": term.language}
    if term.datatype is None or term.datatype == XSD.string:
        return str(term)
    return {"@value": str(term), "@type": compact_iri(str(term.datatype))}


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def compact(triples: Iterable[Triple]) -> dict[str, Any]:
    """The triples as one compact JSON-LD document: `@context` and a `@graph` sorted by `@id`."""
    nodes: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        if p == RDF.type and isinstance(o, URIRef):
            nodes[str(s)]["@type"].append(compact_iri(str(o)))
        else:
            nodes[str(s)][compact_iri(str(p))].append(_value(o))
    graph = []
    for subject in sorted(nodes):
        node: dict[str, Any] = {"@id": subject}
        for key, values in sorted(nodes[subject].items()):
            ordered = sorted(values, key=_sort_key)
            node[key] = ordered[0] if len(ordered) == 1 else ordered
        graph.append(node)
    return {"@context": CONTEXT, "@graph": graph}


def dumps(document: dict[str, Any]) -> bytes:
    """Readable, stable bytes: indented, keys in order, non-ASCII as written."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
