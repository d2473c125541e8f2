"""A resource page's builder sees the site only through `Reads`, which notes what each read depended on.

The page's dependencies (issue #8) say when its previous file can be linked without building it:
- a read of an IRI's outgoing edges depends on the triples of the IRI's document, because every
  triple lives in the document of its subject (triples.py); so do the document's staged `.ttl` and
  `.jsonld` files, made from them. The RDF pass gives each document's N-Triples digest
  (`RdfWritten.hashes`), so such a read costs nothing to check again;
- an IRI's label, kind and missing mark (and so its link) are asked again: a link to a hub such as
  the dataset would otherwise depend on all it says, which changes with every note;
- a read of an IRI's incoming edges depends on the (subject, predicate) pairs of those edges, from
  any document, in order;
- every other read (a note, a wikilink's target, the missing notes, the roles, the query blocks…) is
  asked again and its answer compared, through a stand-in for the large ones (`Answers`).

`Dependencies.digest` is one digest of all of those answers, now. Correct by construction: the
builders get a `Reads`, never the `Site` or its `SiteGraph`. What they read unrecorded is in every
page's key already: the UI words, the base and language (config), and `curie` (the base and the
tool's prefixes).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from ..dataset import PublishedNote
from ..graph import Triple
from ..iris import document_of
from ..memo import unshared_digest
from .site_model import Link

if TYPE_CHECKING:
    from .site_pages import Site

_RESOLVED = tuple(f.name for f in fields(PublishedNote) if f.name not in ("note", "facts"))


@dataclass(frozen=True)
class Dependencies:
    """What a page's model was made from, as four tuples of IRIs (or of keys, for `others`)."""

    documents: tuple[str, ...]  # whose triples it read: outgoing edges, staged files
    targets: tuple[str, ...]  # whose incoming edges it read
    links: tuple[str, ...]  # whose label, kind and missing mark it read
    others: tuple[str, ...]  # "accessor\0argument": the other reads of the site

    def digest(self, answers: Answers) -> bytes:
        """The digest of what each dependency is now: equal digests, equal page models.

        A sum of each dependency's own 128-bit digest (a multiset hash: the tuples are sets), each
        made once per run: checking a page is then four sums in C, not a hash of its answers' text.
        """
        total = sum(map(answers.documents.__getitem__, self.documents))
        total += sum(map(answers.targets.__getitem__, self.targets))
        total += sum(map(answers.links.__getitem__, self.links))
        total += sum(map(answers.others.__getitem__, self.others))
        return (total & _MASK).to_bytes(16, "big")


_MASK = (1 << 128) - 1


class _Digests(dict[str, int]):
    """A dependency's digest, made from its answer the first time it is asked for."""

    def __init__(self, kind: str, answer: Callable[[str], str]) -> None:
        super().__init__()
        self._kind = kind
        self._answer = answer

    def __missing__(self, key: str) -> int:
        text = f"{self._kind}\0{key}\0{self._answer(key)}".encode("utf-8", "surrogatepass")
        found = self[key] = int.from_bytes(hashlib.blake2b(text, digest_size=16).digest(), "big")
        return found


class Answers:
    """What the site says now of each dependency, asked once per run (in each process)."""

    def __init__(self, site: Site, hashes: Mapping[str, str]) -> None:
        self.site = site
        self.documents = _Digests("document", lambda d: hashes.get(d, ""))  # the RDF pass's digests
        self.targets = _Digests("target", self._incoming)
        self.links = _Digests("link", self._link)
        self.others = _Digests("other", lambda key: _stand_in(site, *key.split("\0", 1)))

    def _incoming(self, iri: str) -> str:
        return "\x1e".join(f"{s} {p}" for s, p in self.site.graph.incoming.get(iri, ()))

    def _link(self, iri: str) -> str:
        graph, missing = self.site.graph, self.site.is_missing(iri)
        return f"{graph.label(iri)}\x1e{graph.own_label(iri)}\x1e{graph.kind(iri)}\x1e{missing}"


def _stand_in(site: Site, name: str, argument: str) -> str:
    """One read's answer as text: small answers as they are, large ones by a digest of their pickle."""
    if name == "note":
        return _note_digest(site, site.notes.get(argument))
    if name == "nav_note":
        return _note_digest(site, site.nav_note(argument))
    if name in ("queries_of", "uses_of"):
        return unshared_digest(getattr(site, name)(argument)).hex()
    return repr(getattr(site, name)(argument))


def _note_digest(site: Site, item: PublishedNote | None) -> str:
    """A note's file digest stands for its parsed Note and facts (made from the bytes alone, under this
    export's config and tool: the note cache's premise); what resolve gave it is digested as it is."""
    if item is None:
        return "-"
    source = site.sources.get(item.note.path)
    parsed = (item.note.path, source) if source is not None else (item.note, item.facts)
    return unshared_digest(*parsed, *(getattr(item, name) for name in _RESOLVED)).hex()


class Reads:
    """All a resource page's builder may read of the site, each read noted in the page's dependencies.

    The builders write `site.graph.objects(…)`, `site.link(…)` as they would on a `Site`: `graph` is
    this view too.
    """

    def __init__(self, site: Site) -> None:
        self._site = site
        self._graph = site.graph
        self._documents: set[str] = set()
        self._targets: set[str] = set()
        self._links: set[str] = set()
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
        return Dependencies(
            *(tuple(sorted(s)) for s in (self._documents, self._targets, self._links, self._others))
        )

    def _other(self, name: str, argument: str) -> Any:
        self._others.add(f"{name}\0{argument}")
        return getattr(self._site, name)(argument)

    # an IRI's label and kind (so its link): asked again, since a link to a hub such as the dataset
    # would otherwise depend on all the hub's document says, which changes with every note
    def kind(self, iri: str) -> str:
        self._links.add(iri)
        return self._graph.kind(iri)

    def label(self, iri: str) -> str:
        self._links.add(iri)
        return self._graph.label(iri)

    def own_label(self, iri: str) -> str | None:
        self._links.add(iri)
        return self._graph.own_label(iri)

    def is_ours(self, iri: str) -> bool:
        self._links.add(iri)  # "external" exactly when not ours (site_graph.py)
        return self._graph.is_ours(iri)

    def href(self, iri: str, prefix: str) -> str:
        self._links.add(iri)  # the page path comes from the IRI, given its kind
        return self._graph.href(iri, prefix)

    def is_missing(self, iri: str) -> bool:
        self._links.add(iri)
        return self._site.is_missing(iri)

    def link(self, iri: str, prefix: str, note: str = "") -> Link:
        self._links.add(iri)
        return self._site.link(iri, prefix, note)

    def object_link(self, iri: str, prefix: str) -> Link:
        self._links.add(iri)
        if iri.endswith("/"):  # schema:url, a page of ours
            self._links.add(iri[:-1])
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

    # incoming edges: from any document
    def subjects(self, iri: str, predicate: URIRef) -> list[str]:
        self._targets.add(iri)
        return self._graph.subjects(iri, predicate)

    def edges_in(self, iri: str) -> list[tuple[str, str]]:
        self._targets.add(iri)
        return self._graph.edges_in(iri)

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
        return self._other("uses_of", iri)

    def find_note(self, target: str) -> str | None:
        return self._other("find_note", target)

    def is_withheld(self, target: str) -> bool:
        return self._other("is_withheld", target)

    def anchors_of(self, iri: str) -> tuple[str, ...]:
        return self._other("anchors_of", iri)


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
