"""The page builders' view of the site (writers/site_reads.py): what a page depends on, and that its
digest is the same on an export where none of it changed, another where some of it did."""

from __future__ import annotations

from pathlib import Path

from xtd_rdf.config import Config
from xtd_rdf.pipeline import build
from xtd_rdf.writers.rdf import ntriples, ntriples_hash
from xtd_rdf.writers.site_graph import SiteGraph
from xtd_rdf.writers.site_pages import Site, resource_page
from xtd_rdf.writers.site_reads import Answers, Reads

BASE = "https://example.org/xtd/"
NOTES = {
    "A.md": "# A\n\nVoir [[B]] et [[Absente]].\n",
    "B.md": "# B\n\n## Suite\n\nRien.\n",
}


def answers_of(folder: Path, notes: dict[str, str]) -> Answers:
    folder.mkdir()
    for name, text in notes.items():
        (folder / name).write_text(text, encoding="utf-8")
    built = build(folder, Config(base=BASE))
    site = Site.of(built.dataset, SiteGraph.of(BASE, built.by_document), folder)
    site.sources = {state.path: state.digest for state in built.files}
    hashes = {d: ntriples_hash(ntriples(triples)) for d, triples in built.by_document.items()}
    return Answers(site, hashes)


def test_a_page_depends_on_what_it_read(tmp_path: Path) -> None:
    answers = answers_of(tmp_path / "vault", NOTES)
    reads = Reads(answers.site)
    page = resource_page(reads, BASE + "notes/a")
    assert page.title == "A"
    depends = reads.dependencies()
    assert BASE + "notes/a" in depends.documents  # its triples, its staged JSON-LD
    assert BASE + "notes/a" in depends.targets  # its backlinks
    assert {BASE + "notes/b", BASE + "notes/absente"} <= set(depends.links)  # its links' labels
    assert {"note\0" + BASE + "notes/a", "find_note\0B"} <= set(depends.others)
    assert BASE + "notes/b" not in depends.documents  # B's page is linked, not read


def test_the_digest_changes_only_with_what_the_page_depends_on(tmp_path: Path) -> None:
    answers = answers_of(tmp_path / "vault", NOTES)
    reads = Reads(answers.site)
    resource_page(reads, BASE + "notes/a")
    depends = reads.dependencies()
    digest = depends.digest(answers)
    assert depends.digest(answers_of(tmp_path / "same", NOTES)) == digest

    other_body = {**NOTES, "B.md": "# B\n\n## Suite\n\nAutre chose.\n"}  # B's text: not read by A's page
    assert depends.digest(answers_of(tmp_path / "body", other_body)) == digest
    unrelated = {**NOTES, "C.md": "# C\n\nAilleurs.\n"}
    assert depends.digest(answers_of(tmp_path / "unrelated", unrelated)) == digest

    written = {**NOTES, "Absente.md": "# Absente\n"}  # a missing note written: its link is no longer missing
    backlink = {**NOTES, "C.md": "# C\n\nVoir [[A]].\n"}  # an incoming edge of A
    gone = {"A.md": NOTES["A.md"]}  # B is gone: the link goes missing
    for name, notes in (("written", written), ("backlink", backlink), ("gone", gone)):
        assert depends.digest(answers_of(tmp_path / name, notes)) != digest, name
