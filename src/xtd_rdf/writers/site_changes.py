"""What changed since the last export, in the terms of the resource pages' traces (site_reads.py).

An export leaves a `Snapshot` of what the site's reads answered; the next makes its own and compares
the two (`Changes`). A page whose trace names none of the changed dependencies is the page it was,
and is linked from the previous output unbuilt (writers/site.py). Each part is found by a pass over
what the export has at hand, never by asking each page's reads again:
- a document changed when its N-Triples digest did (the RDF pass's, `RdfWritten.hashes`); the labels
  it gives, when their digest did, made again for the changed documents only; an IRI whose missing
  mark changed counts as a change of its document's labels;
- an IRI's incoming edges can change only if a changed document had one (the page named that
  document among its `edges`) or has one now (its objects are the changed `targets`); the uses of a
  vocabulary property likewise, by the changed documents' predicates;
- the notes (a digest of what resolve gave each, its file's digest standing for its parse), the
  navigation keys, the roles and the query blocks' results are compared whole, and each wikilink
  target a page read is looked up again.

Each trace holds from the export that left the snapshot: written together (one transaction), a
trace is either made by that export or checked by it against the one before, and so on back to the
export that made it. Without a snapshot of this format, every page is built.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING

from rdflib import URIRef

from ..dataset import PublishedNote
from ..iris import document_of
from ..memo import unshared_digest
from .site_reads import IDS_ORDER, dependency_ids

if TYPE_CHECKING:
    from .site_pages import Site

FORMAT = ("site-snapshot", 1, IDS_ORDER)
_RESOLVED = tuple(f.name for f in fields(PublishedNote) if f.name not in ("note", "facts"))


@dataclass(frozen=True)
class Snapshot:
    """What the site's reads answered at one export, summed up for the next to compare."""

    documents: dict[str, tuple[str, bytes]]  # document → its N-Triples digest, the digest of its labels
    missing: frozenset[str]  # the IRIs of missing notes
    notes: dict[str, bytes]  # note IRI → digest of the note (`note_digest`)
    nav: dict[str, str]  # eleventyNavigation key → note IRI
    roles: dict[str, tuple[str, ...]]  # person IRI → the roles notes give
    queries: dict[str, bytes]  # note IRI → digest of its query blocks run, for the notes with some
    finds: dict[str, str | None] = field(default_factory=dict)  # wikilink target → note IRI
    withheld: dict[str, bool] = field(default_factory=dict)  # wikilink target → a withheld note?

    def dumps(self) -> bytes:
        values = tuple(getattr(self, f.name) for f in fields(self))  # not astuple: it copies deep
        return pickle.dumps((FORMAT, values), pickle.HIGHEST_PROTOCOL)

    @classmethod
    def loads(cls, data: bytes | None) -> Snapshot | None:
        """The snapshot `dumps` wrote; None if there is none, or of another format, or damaged."""
        if data is None:
            return None
        try:
            found, values = pickle.loads(data)
            made = cls(*values) if found == FORMAT else None
        except Exception:  # damaged: every page is built
            return None
        if made is None or not isinstance(made.missing, frozenset):
            return None
        shapes = (made.documents, made.notes, made.nav, made.roles, made.queries, made.finds, made.withheld)
        if not all(isinstance(part, dict) for part in shapes):
            return None
        documents = all(isinstance(v, tuple) and len(v) == 2 for v in made.documents.values())
        return made if documents else None

    def answered(self, site: Site, used: Iterable[str]) -> Snapshot:
        """This snapshot with the wikilink targets the pages read (`used`, "accessor\\0argument")
        looked up, reusing the answers `changes_since` found."""
        finds, withheld = dict(self.finds), dict(self.withheld)
        for key in used:
            name, _, argument = key.partition("\0")
            if name == "find_note" and argument not in finds:
                finds[argument] = site.find_note(argument)
            elif name == "is_withheld" and argument not in withheld:
                withheld[argument] = site.is_withheld(argument)
        used = set(used)
        finds = {t: iri for t, iri in finds.items() if f"find_note\0{t}" in used}
        withheld = {t: w for t, w in withheld.items() if f"is_withheld\0{t}" in used}
        return replace(self, finds=finds, withheld=withheld)


def snapshot(site: Site, hashes: Mapping[str, str], before: Snapshot | None) -> Snapshot | None:
    """What the site answers now (without the wikilink targets: `Snapshot.answered`); None when a
    document has no digest (no trace can be checked against it).

    A document whose digest is the one `before` has keeps its labels' digest from it.
    """
    graph, dataset = site.graph, site.dataset
    then = before.documents if before is not None else {}
    documents: dict[str, tuple[str, bytes]] = {}
    for document in graph.by_document:
        digest = hashes.get(document)
        if digest is None:
            return None
        found = then.get(document)
        if found is None or found[0] != digest:
            found = (digest, _labels(site, document))
        documents[document] = found
    return Snapshot(
        documents,
        frozenset(dataset.missing_notes),
        {item.iri: note_digest(site, item) for item in dataset.notes},
        {key: item.iri for key, item in site.nav.items()},
        {iri: tuple(sorted(roles)) for iri, roles in site.roles.items()},
        {iri: unshared_digest(ran) for iri, ran in site.queries.items() if ran},
    )


def _labels(site: Site, document: str) -> bytes:
    text = "\x1f".join(f"{subject}\x1e{label}" for subject, label in site.graph.labels_of(document))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def note_digest(site: Site, item: PublishedNote | None) -> bytes:
    """A note's file digest stands for its parsed Note and facts (made from the bytes alone, under this
    export's config and tool: the note cache's premise); what resolve gave it is digested as it is."""
    if item is None:
        return b"-"
    source = site.sources.get(item.note.path)
    parsed = (item.note.path, source) if source is not None else (item.note, item.facts)
    return unshared_digest(*parsed, *(getattr(item, name) for name in _RESOLVED))


@dataclass(frozen=True)
class Changes:
    """The dependencies whose answer may differ from the last export's: a trace naming none holds."""

    ids: frozenset[int]  # of the IRI dependencies (site_reads.dependency_id)
    others: frozenset[str]  # "accessor\0argument"
    documents: frozenset[str]  # whose N-Triples changed
    now: Snapshot  # with the answers found for the wikilink targets `before` had

    def hold(self, ids: bytes, others: tuple[str, ...]) -> bool:
        """Whether a trace with these dependencies still holds."""
        return self.ids.isdisjoint(memoryview(ids).cast("Q")) and self.others.isdisjoint(others)


def changes_since(before: Snapshot, now: Snapshot, site: Site) -> Changes:
    """What differs between the snapshot the traces hold from and this export's."""
    documents, labels = set(), set()
    for document, (digest, labelled) in now.documents.items():
        found = before.documents.get(document)
        if found is None or found[0] != digest:
            documents.add(document)
            if found is None or found[1] != labelled:
                labels.add(document)
    gone = before.documents.keys() - now.documents.keys()
    documents |= gone
    labels |= gone | {document_of(iri) for iri in now.missing ^ before.missing}
    targets, predicates = set(), set()
    for document in documents:
        for _, p, o in site.graph.by_document.get(document, ()):
            predicates.add(str(p))
            if isinstance(o, URIRef):
                targets.add(str(o))
    ids = dependency_ids("documents", documents) | dependency_ids("edges", documents)
    ids |= dependency_ids("labels", labels) | dependency_ids("targets", targets)
    ids |= dependency_ids("predicates", predicates)

    finds = {target: site.find_note(target) for target in before.finds}
    withheld = {target: site.is_withheld(target) for target in before.withheld}
    nav_now = {key: (iri, now.notes.get(iri)) for key, iri in now.nav.items()}
    nav_then = {key: (iri, before.notes.get(iri)) for key, iri in before.nav.items()}
    others = {f"note\0{iri}" for iri in _differ(before.notes, now.notes)}
    others |= {f"nav_note\0{key}" for key in _differ(nav_then, nav_now)}
    others |= {f"roles_of\0{iri}" for iri in _differ(before.roles, now.roles)}
    others |= {f"queries_of\0{iri}" for iri in _differ(before.queries, now.queries)}
    others |= {f"find_note\0{t}" for t in _differ(before.finds, finds)}
    others |= {f"is_withheld\0{t}" for t in _differ(before.withheld, withheld)}
    now = replace(now, finds=finds, withheld=withheld)
    return Changes(frozenset(ids), frozenset(others), frozenset(documents), now)


def _differ(before: Mapping[str, object], now: Mapping[str, object]) -> set[str]:
    """The keys whose value differs, or that one of the two lacks."""
    return {key for key, _ in before.items() ^ now.items()}
