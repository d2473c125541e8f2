"""A page's linked data: the table of its triples (with anchors for hash IRIs) and its JSON-LD."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rdflib import Literal, URIRef

from xtd_rdf.config import Config
from xtd_rdf.pipeline import build
from xtd_rdf.writers.rdf import jsonld
from xtd_rdf.writers.site_data import linked_data
from xtd_rdf.writers.site_graph import SiteGraph
from xtd_rdf.writers.site_model import Link, Page, Quote
from xtd_rdf.writers.site_pages import Site
from xtd_rdf.writers.site_text import jsonld_of, read_text
from xtd_rdf.writers.terms import SCHEMA, XSD

BASE = "https://example.org/xtd/"
DOC = BASE + "notes/a"
OTHER = BASE + "notes/b"
TRIPLES = [
    (URIRef(DOC), SCHEMA.dateCreated, Literal("2022-10-12", datatype=XSD.date)),
    (URIRef(DOC), SCHEMA.name, Literal("A")),
    (URIRef(DOC + "#q-1"), SCHEMA.text, Literal("Bonjour", lang="fr")),
    (URIRef(DOC + "#video-1"), SCHEMA.name, Literal("Film")),
    (URIRef(DOC + "#video-1"), SCHEMA.url, URIRef("https://video.example/1")),
    (URIRef(OTHER + "#video-1"), SCHEMA.about, URIRef(DOC)),
]


def _page(make_vault, stage: Path) -> Page:
    built = build(make_vault({"A.md": "A\n"}), Config(base=BASE))
    site = Site.of(built.dataset, SiteGraph.of(BASE, {DOC: TRIPLES}), stage)
    page = Page("notes/a/index.html", "A", "fr", "note", DOC)
    page.quotes = [Quote("q-1", "Bonjour", "fr", None, None)]  # shown above the table, with its id
    linked_data(site, page)
    return page


def test_a_row_per_triple_with_its_subject_predicate_value_and_annotation(make_vault, tmp_path: Path) -> None:
    rows = _page(make_vault, tmp_path).data
    assert [(r.subject, r.predicate, r.annotation) for r in rows] == [
        ("", "schema:dateCreated", "^^xsd:date"),
        ("", "schema:name", ""),
        ("#q-1", "schema:text", "@fr"),
        ("#video-1", "schema:name", ""),
        ("#video-1", "schema:url", ""),
        ("#video-1", "schema:about", ""),
    ]
    assert [r.value for r in rows[:4]] == ["2022-10-12", "A", "Bonjour", "Film"]
    assert rows[4].value == Link("https://video.example/1", "https://video.example/1", external=True)
    assert rows[5].value == Link("A", "../../notes/a/index.html")  # our resource: its page, by its name


def test_the_first_row_of_each_hash_iri_is_its_anchor_unless_a_quotation_has_the_id(
    make_vault, tmp_path: Path
) -> None:
    rows = _page(make_vault, tmp_path).data
    # q-1 is the quotation's id already; video-1 once, on its first row (not on another
    # document's `#video-1`, which would be a second element with the same id)
    assert [r.anchor for r in rows] == ["", "", "", "video-1", "", ""]


def staged(folder: Path) -> Callable[[str], str | None]:
    """A staging folder's files, read as the site reads them (Site.file_text)."""
    return lambda relative: read_text(f"{folder}/{relative}")


def test_the_page_embeds_the_json_ld_file_the_rdf_writer_wrote(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.jsonld").write_text('{"written": "by write_rdf <here>"}\n', encoding="utf-8")
    assert jsonld_of(staged(tmp_path), "notes/a", TRIPLES) == '{"written": "by write_rdf <here>"}\n'


def test_without_a_file_the_json_ld_is_made_from_the_triples(tmp_path: Path) -> None:
    made = jsonld(TRIPLES).decode("utf-8")
    assert jsonld_of(staged(tmp_path), "notes/a", TRIPLES) == made  # no file
    (tmp_path / "notes" / "b.jsonld").mkdir(parents=True)
    assert jsonld_of(staged(tmp_path), "notes/b", TRIPLES) == made  # a folder where the file would be
    (tmp_path / "dataset.jsonld").write_text("{}", encoding="utf-8")
    assert jsonld_of(staged(tmp_path), "dataset", TRIPLES) == made  # not a resource: never its own file
