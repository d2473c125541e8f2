"""The page builders' view of the site (writers/site_reads.py): what a page depends on; and what changed
since a snapshot (writers/site_changes.py): none of it on an export where none of it changed, some of
it on another where some did."""

from __future__ import annotations

from pathlib import Path

from xtd_rdf.config import Config
from xtd_rdf.pipeline import build
from xtd_rdf.writers.rdf import ntriples, ntriples_hash
from xtd_rdf.writers.site_changes import Snapshot, changes_since, snapshot
from xtd_rdf.writers.site_graph import SiteGraph
from xtd_rdf.writers.site_pages import Site, resource_page
from xtd_rdf.writers.site_reads import Dependencies, Reads

BASE = "https://example.org/xtd/"
NOTES = {
    "A.md": "# A\n\nVoir [[B]] et [[Absente]].\n",
    "B.md": "# B\n\n## Suite\n\nRien.\n",
}


def site_of(folder: Path, notes: dict[str, str]) -> tuple[Site, dict[str, str]]:
    """The site of a vault of these notes, and its documents' N-Triples digests."""
    folder.mkdir()
    for name, text in notes.items():
        (folder / name).write_text(text, encoding="utf-8")
    built = build(folder, Config(base=BASE))
    site = Site.of(built.dataset, SiteGraph.of(BASE, built.by_document), folder)
    site.sources = {state.path: state.digest for state in built.files}
    hashes = {d: ntriples_hash(ntriples(triples)) for d, triples in built.by_document.items()}
    return site, hashes


def read_a(site: Site) -> Dependencies:
    reads = Reads(site)
    assert resource_page(reads, BASE + "notes/a").title == "A"
    return reads.dependencies()


def test_a_page_depends_on_what_it_read(tmp_path: Path) -> None:
    site, _ = site_of(tmp_path / "vault", NOTES)
    depends = read_a(site)
    assert BASE + "notes/a" in depends.documents  # its triples, its staged JSON-LD
    assert BASE + "notes/a" in depends.targets  # its backlinks
    assert {BASE + "notes/b", BASE + "notes/absente"} <= set(depends.labels)  # its links' labels
    assert {"note\0" + BASE + "notes/a", "find_note\0B"} <= set(depends.others)
    assert BASE + "notes/b" not in depends.documents  # B's page is linked, not read
    assert len(depends.ids()) == 8 * sum(
        len(getattr(depends, kind)) for kind in ("documents", "labels", "edges", "targets", "predicates")
    )


def test_a_trace_holds_unless_what_the_page_read_changed(tmp_path: Path) -> None:
    site, hashes = site_of(tmp_path / "vault", NOTES)
    depends = read_a(site)
    before = snapshot(site, hashes, None)
    assert before is not None
    before = Snapshot.loads(before.answered(site, depends.others).dumps())  # as the cache keeps it
    assert before is not None and before.finds == {"B": BASE + "notes/b", "Absente": BASE + "notes/absente"}

    def holds(name: str, notes: dict[str, str]) -> bool:
        now_site, now_hashes = site_of(tmp_path / name, notes)
        now = snapshot(now_site, now_hashes, before)
        assert now is not None
        return changes_since(before, now, now_site).hold(depends.ids(), depends.others)

    assert holds("same", NOTES)
    assert holds("body", {**NOTES, "B.md": "# B\n\n## Suite\n\nAutre chose.\n"})  # B's text: not read by A
    assert holds("unrelated", {**NOTES, "C.md": "# C\n\nAilleurs.\n"})
    titled = {**NOTES, "B.md": "---\ntitle: Bé\n---\n" + NOTES["B.md"]}  # B says more, its name is the same
    assert holds("titled", titled)

    assert not holds("written", {**NOTES, "Absente.md": "# Absente\n"})  # its link is no longer missing
    assert not holds("backlink", {**NOTES, "C.md": "# C\n\nVoir [[A]].\n"})  # an incoming edge of A
    assert not holds("gone", {"A.md": NOTES["A.md"]})  # B is gone: the link goes missing
    assert not holds("own", {**NOTES, "A.md": NOTES["A.md"] + "\nEncore.\n"})  # A's own note


def test_a_snapshot_of_another_format_or_damaged_is_none(tmp_path: Path) -> None:
    site, hashes = site_of(tmp_path / "vault", NOTES)
    made = snapshot(site, hashes, None)
    assert made is not None
    data = made.dumps()
    assert Snapshot.loads(data) == made
    assert Snapshot.loads(data[:-3]) is None
    assert Snapshot.loads(b"not a snapshot") is None
    assert Snapshot.loads(None) is None
    assert snapshot(site, {}, None) is None  # no digests: nothing to check a trace against
