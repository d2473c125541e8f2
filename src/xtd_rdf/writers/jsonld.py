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
from json.encoder import encode_basestring as _string  # type: ignore[attr-defined]
from typing import Any, BinaryIO

from rdflib import Literal, URIRef

from ..graph import Triple
from ..vocab import PREFIXES, SCHEMA
from .terms import RDF, XSD

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
    """`json.dumps(value, sort_keys=True, ensure_ascii=False)`, built by hand for our four shapes."""
    if isinstance(value, str):
        return _string(value)
    if len(value) == 1 and "@id" in value:
        return '{"@id": ' + _string(value["@id"]) + "}"
    if len(value) == 2 and "@value" in value:
        for key in ("@language", "@type"):
            if key in value:
                return f'{{"{key}": {_string(value[key])}, "@value": {_string(value["@value"])}}}'
    return json.dumps(value, sort_keys=True, ensure_ascii=False)  # pragma: no cover - not minted


def compact(triples: Iterable[Triple]) -> dict[str, Any]:
    """The triples as one compact JSON-LD document: `@context` and a `@graph` sorted by `@id`."""
    return {"@context": CONTEXT, "@graph": _nodes(triples)}


def _nodes(triples: Iterable[Triple]) -> list[dict[str, Any]]:
    type_ = RDF.type
    nodes: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        if p == type_ and isinstance(o, URIRef):
            nodes[str(s)]["@type"].append(compact_iri(str(o)))
        else:
            nodes[str(s)][compact_iri(str(p))].append(_value(o))
    graph = []
    for subject in sorted(nodes):
        node: dict[str, Any] = {"@id": subject}
        for key, values in sorted(nodes[subject].items()):
            node[key] = values[0] if len(values) == 1 else sorted(values, key=_sort_key)
        graph.append(node)
    return graph


def dumps(document: dict[str, Any]) -> bytes:
    """Readable, stable bytes: indented, keys in order, non-ASCII as written."""
    return (indented_json(document) + "\n").encode("utf-8")


def indented_json(value: Any, pad: str = "") -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)` at the depth `pad`, several times faster.

    With `indent`, the json module encodes in Python, not C; our documents are only dicts, lists
    and strings (anything else goes to json.dumps), so strings are encoded by its C function here.
    """
    if isinstance(value, str):
        return _string(value)
    inner = pad + "  "
    if isinstance(value, dict) and value:
        items = ",\n".join(f"{inner}{_string(k)}: {indented_json(v, inner)}" for k, v in value.items())
        return "{\n" + items + "\n" + pad + "}"
    if isinstance(value, list) and value:
        return "[\n" + ",\n".join(inner + indented_json(v, inner) for v in value) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False)


_HEAD, _TAIL = json.dumps({"@context": CONTEXT, "@graph": [0]}, ensure_ascii=False, indent=2).rsplit("0", 1)
_EMPTY = json.dumps({"@context": CONTEXT, "@graph": []}, ensure_ascii=False, indent=2) + "\n"
_NODE_PAD = "    "  # a node of `@graph` sits two levels deep in the document
_SEPARATOR = ",\n" + _NODE_PAD
_HEAD_UTF8, _SEPARATOR_UTF8 = _HEAD.encode("utf-8"), _SEPARATOR.encode("utf-8")
_TAIL_UTF8, _EMPTY_UTF8 = (_TAIL + "\n").encode("utf-8"), _EMPTY.encode("utf-8")


def node_texts(triples: Iterable[Triple]) -> list[tuple[str, str]]:
    """(`@id`, JSON text) of each node, as `dumps(compact(triples))` writes it inside `@graph`."""
    return [(node["@id"], indented_json(node, _NODE_PAD)) for node in _nodes(triples)]


class JsonLdDocument:
    """A compact JSON-LD document written node by node, byte for byte what `dumps(compact())` gives.

    Nodes must come in `@id` order, each once (documents in order do that): `close` says whether
    they did, so the caller can fall back to compacting the whole graph at once.
    """

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.last: str | None = None
        self.in_order = True

    @staticmethod
    def text(nodes: list[tuple[str, str]]) -> str:
        return JsonLdDocument.text_of(JsonLdDocument.joined(nodes)).decode("utf-8")

    @staticmethod
    def joined(nodes: list[tuple[str, str]]) -> bytes:
        """The nodes' texts as they follow one another inside `@graph`, in UTF-8."""
        return _SEPARATOR.join(text for _, text in nodes).encode("utf-8")

    @staticmethod
    def text_of(joined: bytes) -> bytes:
        """The document of the nodes `joined` gave."""
        return _HEAD_UTF8 + joined + _TAIL_UTF8 if joined else _EMPTY_UTF8

    def add(self, nodes: list[tuple[str, str]]) -> None:
        for node_id, text in nodes:
            self.add_part(node_id, node_id, text.encode("utf-8"))

    def add_part(self, first_id: str, last_id: str, joined: bytes) -> None:
        """Nodes from `first_id` to `last_id`, in order, as `joined` gave them."""
        if not joined:
            return
        if self.last is not None and first_id <= self.last:
            self.in_order = False
        self.file.write(_HEAD_UTF8 if self.last is None else _SEPARATOR_UTF8)
        self.file.write(joined)
        self.last = last_id

    def close(self) -> bool:
        self.file.write((_EMPTY if self.last is None else _TAIL + "\n").encode("utf-8"))
        return self.in_order
