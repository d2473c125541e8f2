"""A resource page's builder sees the site only through `Reads`, which notes what each read depended on.

The page's dependencies (issue #8) say when its previous file can be linked without building it;
site_changes.py tells which of them changed since the last export:
- `documents`: a read of an IRI's outgoing edges depends on the triples of the IRI's document,
  because every triple lives in the document of its subject (triples.py); so do the document's
  staged `.ttl` and `.jsonld` files, made from them;
- `labels`: an IRI's label, kind and missing mark (and so its link) depend on the labels its
  document gives and on whether it is there, not on all it says: a link to a hub such as the
  dataset would otherwise change with every note;
- `targets` and `edges`: a read of an IRI's incoming edges depends on the documents those edges
  came from (`edges`), and on any document that now has one (`targets`);
- `predicates`: the uses of a property of the vault's vocabulary, likewise, with the documents of
  those uses in `documents`;
- `others`: every other read (a note, a wikilink's target, the roles, the query blocks…), as
  "accessor\\0argument"; a note's heading ids are read as the note.

Correct by construction: the builders get a `Reads`, never the `Site` or its `SiteGraph`. What
they read unrecorded is in every page's key already: the UI words, the base and language
(config), and `curie` (the base and the tool's prefixes).
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from ..dataset import PublishedNote
from ..graph import Triple
from ..iris import document_of
from .site_model import Link

if TYPE_CHECKING:
    from .site_pages import Site

KINDS = ("documents", "labels", "edges", "targets", "predicates")  # the dependencies kept as ids
IDS_ORDER = sys.byteorder  # ids are kept in this machine's order: a cache moved elsewhere is not read


@dataclass(frozen=True)
class Dependencies:
    """What a page's model was made from: IRIs by kind of read, and the keys of the other reads."""

    documents: tuple[str, ...] = ()  # whose triples it read: outgoing edges, staged files
    labels: tuple[str, ...] = ()  # documents whose labels it read, with their IRIs' kind and mark
    edges: tuple[str, ...] = ()  # documents the incoming edges it read came from
    targets: tuple[str, ...] = ()  # IRIs whose incoming edges it read
    predicates: tuple[str, ...] = ()  # vocabulary properties whose uses it read
    others: tuple[str, ...] = ()  # "accessor\0argument": the other reads of the site

    def ids(self) -> bytes:
        """The IRI dependencies as 64-bit ids (`dependency_id`), packed: a page's trace keeps these."""
        found = [dependency_id(kind, iri) for kind in KINDS for iri in getattr(self, kind)]
        return array("Q", found).tobytes()


_IDS: dict[str, int] = {}


def dependency_id(kind: str, iri: str) -> int:
    """A dependency as a 64-bit digest: two that collide only make a page built for nothing."""
    key = f"{kind}\0{iri}"
    found = _IDS.get(key)
    if found is None:
        digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        found = _IDS[key] = int.from_bytes(digest, IDS_ORDER)
    return found


def dependency_ids(kind: str, iris: Iterable[str]) -> set[int]:
    return {dependency_id(kind, iri) for iri in iris}


class Reads:
    """All a resource page's builder may read of the site, each read noted in the page's dependencies.

    The builders write `site.graph.objects(…)`, `site.link(…)` as they would on a `Site`: `graph` is
    this view too.
    """

    def __init__(self, site: Site) -> None:
        self._site = site
        self._graph = site.graph
        self._documents: set[str] = set()
        self._labels: set[str] = set()
        self._edges: set[str] = set()
        self._targets: set[str] = set()
        self._predicates: set[str] = set()
        self._others: set[str] = set()
        self.graph = self
        self.ui = site.ui  # in every page's key (site._shared_key), as are the base and the language
        self.base = site.base
        self.language = site.language
        self.targets = replace(
            site.targets,
            find=self.find_note,
            missing=_Missing(self),
            anchors=_Anchors(self),
            withheld=self.is_withheld,
        )

    def dependencies(self) -> Dependencies:
        kinds = (self._documents, self._labels, self._edges, self._targets, self._predicates, self._others)
        return Dependencies(*(tuple(sorted(s)) for s in kinds))

    def _other(self, name: str, argument: str) -> Any:
        self._others.add(f"{name}\0{argument}")
        return getattr(self._site, name)(argument)

    def _label(self, iri: str) -> None:
        self._labels.add(document_of(iri))

    # an IRI's label, kind and missing mark (so its link): from the labels its document gives and
    # whether it is there, not all it says (a hub such as the dataset says more with every note)
    def kind(self, iri: str) -> str:
        self._label(iri)
        return self._graph.kind(iri)

    def label(self, iri: str) -> str:
        self._label(iri)
        return self._graph.label(iri)

    def own_label(self, iri: str) -> str | None:
        self._label(iri)
        return self._graph.own_label(iri)

    def is_ours(self, iri: str) -> bool:
        self._label(iri)  # "external" exactly when not ours (site_graph.py)
        return self._graph.is_ours(iri)

    def href(self, iri: str, prefix: str) -> str:
        self._label(iri)  # the page path comes from the IRI, given its kind
        return self._graph.href(iri, prefix)

    def is_missing(self, iri: str) -> bool:
        self._label(iri)
        return self._site.is_missing(iri)

    def link(self, iri: str, prefix: str, note: str = "") -> Link:
        self._label(iri)
        return self._site.link(iri, prefix, note)

    def object_link(self, iri: str, prefix: str) -> Link:
        self._label(iri)
        if iri.endswith("/"):  # schema:url, a page of ours
            self._label(iri[:-1])
        return self._site.object_link(iri, prefix)

    def links(self, iris: list[str], prefix: str) -> list[Link]:
        return sorted((self.link(i, prefix) for i in dict.fromkeys(iris)), key=lambda x: x.label.casefold())

    # what the IRI's document says of it
    def values(self, iri: str, predicate: URIRef) -> list:
        self._documents.add(document_of(iri))
        return self._graph.values(iri, predicate)

    def objects(self, iri: str, predicate: URIRef) -> list[str]:
        self._documents.add(document_of(iri))
        return self._graph.objects(iri, predicate)

    def literal(self, iri: str, predicate: URIRef) -> str:
        self._documents.add(document_of(iri))
        return self._graph.literal(iri, predicate)

    def triples(self, document: str) -> list[Triple]:
        self._documents.add(document)
        return self._graph.triples(document)

    # the staged files of a document: made from its triples by the RDF writer
    def file_text(self, relative: str) -> str | None:
        self._documents.add(self.base + relative.rsplit(".", 1)[0])
        return self._site.file_text(relative)

    def is_file(self, relative: str) -> bool:
        self._documents.add(self.base + relative.rsplit(".", 1)[0])
        return self._site.is_file(relative)

    # incoming edges: from the documents of their subjects
    def subjects(self, iri: str, predicate: URIRef) -> list[str]:
        self._incoming(iri)
        return self._graph.subjects(iri, predicate)

    def edges_in(self, iri: str) -> list[tuple[str, str]]:
        self._incoming(iri)
        return self._graph.edges_in(iri)

    def _incoming(self, iri: str) -> None:
        self._targets.add(iri)
        self._edges.update(document_of(s) for s, _ in self._graph.edges_in(iri))

    def curie(self, iri: str) -> str:
        """Unrecorded: made from the IRI, the base and the tool's prefixes alone."""
        return self._graph.curie(iri)

    # the other reads: asked again on the next export
    def note(self, iri: str) -> PublishedNote:
        return self._other("note", iri)

    def nav_note(self, key: str) -> PublishedNote | None:
        return self._other("nav_note", key)

    def roles_of(self, iri: str) -> tuple[str, ...]:
        return self._other("roles_of", iri)

    def queries_of(self, iri: str) -> tuple:
        return self._other("queries_of", iri)

    def uses_of(self, iri: str) -> list:
        """The uses of a vocabulary property: from the documents of their subjects, as incoming edges."""
        uses = self._site.uses_of(iri)
        self._predicates.add(iri)
        self._documents.update(document_of(s) for s, _ in uses)
        return uses

    def find_note(self, target: str) -> str | None:
        return self._other("find_note", target)

    def is_withheld(self, target: str) -> bool:
        return self._other("is_withheld", target)

    def anchors_of(self, iri: str) -> tuple[str, ...]:
        """A note's heading ids: made from the note, so read as it."""
        self._others.add(f"note\0{iri}")
        return self._site.anchors_of(iri)


class _Missing:
    """`LinkTargets.missing` read through `Reads`: `iri in targets.missing`."""

    def __init__(self, reads: Reads) -> None:
        self._reads = reads

    def __contains__(self, iri: object) -> bool:
        return isinstance(iri, str) and self._reads.is_missing(iri)


class _Anchors:
    """`LinkTargets.anchors` read through `Reads`: `targets.anchors.get(iri, ())`."""

    def __init__(self, reads: Reads) -> None:
        self._reads = reads

    def get(self, iri: str, default: object = ()) -> tuple[str, ...]:
        return self._reads.anchors_of(iri)
