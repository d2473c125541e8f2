"""What the RDF pass makes of one document, kept in the cache database for the next export.

A re-export after one edit meets the same documents again: turning each one's triples into
pyoxigraph terms, Turtle and JSON-LD costs most of writers/rdf.py's time, and gives the same bytes.
A document's row is keyed by its IRI and N-Triples (which fix its triples, in order, and so all that
is made from them) in a scope of the tool's own files and the libraries that write the bytes: a row
whose key matches is right, whatever export left it. A row that cannot be read back (its checksum
or its layout is wrong) is made again and replaced.
"""

from __future__ import annotations

import hashlib
import platform
import struct
import zlib
from dataclasses import dataclass
from importlib.metadata import version

from ..cache import NoteCache, tool_fingerprint

_LENGTHS = struct.Struct(">I5I")  # checksum, then the lengths of the fields before `turtle`


@dataclass(frozen=True)
class DocumentParts:
    """A document's N-Triples hash, feed type, JSON-LD nodes and Turtle body (without prefixes)."""

    ntriples_hash: str  # writers/rdf.ntriples_hash
    type: str  # writers/feed.resource_type
    first_id: str  # the `@id` of its first and last JSON-LD nodes ("" without nodes)
    last_id: str
    jsonld: bytes  # its nodes' texts as they sit in `@graph`, joined, in UTF-8
    turtle: bytes  # its Turtle after the `@prefix` lines: the dump is these, one after another

    def encode(self) -> bytes:
        texts = [_utf8(t) for t in (self.ntriples_hash, self.type, self.first_id, self.last_id)]
        fields = [*texts, self.jsonld]
        payload = b"".join([*fields, self.turtle])
        return _LENGTHS.pack(zlib.crc32(payload), *map(len, fields)) + payload

    @classmethod
    def decode(cls, value: bytes) -> DocumentParts | None:
        """The parts stored as `value`, or None if they cannot be read back whole."""
        try:
            checksum, *lengths = _LENGTHS.unpack_from(value)
            payload = memoryview(value)[_LENGTHS.size :]
            if zlib.crc32(payload) != checksum or sum(lengths) > len(payload):
                return None
            texts, at = [], 0
            for length in lengths[:-1]:
                texts.append(str(payload[at : at + length], "utf-8", "surrogatepass"))
                at += length
            jsonld = bytes(payload[at : at + lengths[-1]])
            return cls(*texts, jsonld, bytes(payload[at + lengths[-1] :]))
        except (struct.error, UnicodeDecodeError):
            return None


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _scope() -> bytes:
    """The tool's files and the versions that turn triples into these bytes."""
    parts = (tool_fingerprint(), platform.python_version(), version("pyoxigraph"))
    return hashlib.sha256("\0".join(parts).encode()).digest()


class PartsStore:
    """The rows of the cache's `documents` table that this export looks up, makes and keeps."""

    def __init__(self, cache: NoteCache | None) -> None:
        self.cache = cache
        self.scope = _scope() if cache is not None else b""
        self.used: list[bytes] = []
        self.made = 0  # documents whose parts were not in the cache

    def key(self, document: str, ntriples: bytes) -> bytes:
        return hashlib.sha256(
            self.scope + document.encode("utf-8", "surrogatepass") + b"\0" + ntriples
        ).digest()

    def get(self, keys: list[bytes]) -> list[DocumentParts | None]:
        """The parts stored under each key (None: none, or none that can be read back)."""
        if self.cache is None:
            return [None] * len(keys)
        self.used += keys
        found = self.cache.documents(keys)
        return [DocumentParts.decode(found[key]) if key in found else None for key in keys]

    def put(self, key: bytes, parts: DocumentParts) -> None:
        self.made += 1
        if self.cache is not None:
            self.cache.put_document(key, parts.encode())

    def finish(self) -> None:
        """Drop the rows no document of this export used."""
        if self.cache is not None:
            self.cache.keep_documents(self.used)
