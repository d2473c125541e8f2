"""writers/rdf_parts.py: a document met again is not serialised again, and the bytes never change.

Every export here is compared with serialising the whole graph at once (writers/rdf.py's plain
functions), with the cache and without, after edits, additions, deletions and damaged rows.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from helpers import SDO, dumps_are_the_whole_graph
from xtd_rdf.cache import DB_NAME, NoteCache, opened
from xtd_rdf.writers.rdf import OxTerms, TermTexts, jsonld, turtle, write_rdf
from xtd_rdf.writers.rdf_parts import DocumentParts

BASE = "https://ex.org/"
TRICKY = [
    'quote " backslash \\ </script>',
    "lines\nand\ttabs\rand \x08\x0c\x01\x1f\x7f",
    "Été, 𝄞, \u2028, \ufeff, \ufffd, \ufffe, \uffff",
    "",
]


def documents(names: list[str], extra: str = "") -> dict[str, list]:
    found = {}
    for name in names:
        iri = URIRef(f"{BASE}notes/{name}")
        part = URIRef(f"{iri}#part")
        found[str(iri)] = [
            (iri, RDF.type, SDO.Article),
            (iri, SDO.name, Literal(name + extra, lang="fr")),
            (iri, SDO.dateCreated, Literal("2021-03-04", datatype=XSD.date)),
            (iri, SDO.hasPart, part),
            (part, SDO.text, Literal(f"part of {name}")),
        ]
    return found


def check(out: Path, by_document: dict[str, list]) -> None:
    """The dumps are the whole graph's; each resource's files are its own triples'."""
    dumps_are_the_whole_graph(out, by_document)
    for document, triples in by_document.items():
        relative = document.removeprefix(BASE)
        assert (out / f"{relative}.ttl").read_bytes() == turtle(triples)
        assert (out / f"{relative}.jsonld").read_bytes() == jsonld(triples)


def export(tmp_path: Path, name: str, cache: NoteCache, by_document: dict[str, list]) -> int:
    out = tmp_path / name
    written = write_rdf(out, BASE, by_document, cache)
    check(out, by_document)
    return written.made


def test_only_new_and_changed_documents_are_serialised(tmp_path: Path) -> None:
    with opened(tmp_path / "cache") as cache:
        first = documents(["a", "b", "c"])
        assert export(tmp_path, "1", cache, first) == 3
        assert export(tmp_path, "2", cache, first) == 0
        edited = {**first, **documents(["b"], extra=" (edited)")}
        del edited[f"{BASE}notes/c"]
        edited.update(documents(["d"]))
        assert export(tmp_path, "3", cache, edited) == 2  # b changed, d is new
        assert export(tmp_path, "4", cache, first) == 2  # b and c: their rows were pruned
        assert export(tmp_path, "5", cache, first) == 0


def test_the_same_triples_for_another_document_are_not_its_row(tmp_path: Path) -> None:
    """The feed's type is the document's own subject's: the IRI is in the key."""
    triples = documents(["a"])[f"{BASE}notes/a"]
    with opened(tmp_path / "cache") as cache:
        export(tmp_path, "1", cache, {f"{BASE}notes/a": triples})
        written = write_rdf(tmp_path / "2", BASE, {f"{BASE}notes/z": triples}, cache)
    assert written.made == 1 and written.types == {f"{BASE}notes/z": "Object"}


@pytest.mark.parametrize("damage", ["garbage", "a flipped byte", "truncated"])
def test_a_damaged_row_is_made_again(tmp_path: Path, damage: str) -> None:
    by_document = documents(["a", "b"])
    with opened(tmp_path / "cache") as cache:
        export(tmp_path, "1", cache, by_document)
    db = sqlite3.connect(tmp_path / "cache" / DB_NAME)
    for key, value in db.execute("SELECT key, value FROM documents").fetchall():
        if damage == "garbage":
            value = b"not a row"
        elif damage == "a flipped byte":
            value = value[:-3] + bytes([value[-3] ^ 1]) + value[-2:]
        else:
            value = value[: len(value) // 2]
        db.execute("UPDATE documents SET value = ? WHERE key = ?", (value, key))
    db.commit()
    db.close()
    with opened(tmp_path / "cache") as cache:
        assert export(tmp_path, "2", cache, by_document) == 2
        assert export(tmp_path, "3", cache, by_document) == 0  # replaced by sound rows


def test_full_clears_the_rows(tmp_path: Path) -> None:
    by_document = documents(["a"])
    with opened(tmp_path / "cache") as cache:
        export(tmp_path, "1", cache, by_document)
        cache.clear()
        assert export(tmp_path, "2", cache, by_document) == 1


def test_parts_survive_their_encoding() -> None:
    parts = DocumentParts(
        "ab" * 32, "Article", f"{BASE}a", f"{BASE}a#é\udc80", b'{"x": 1}', b"<a> <b> <c> .\n"
    )
    assert DocumentParts.decode(parts.encode()) == parts
    assert DocumentParts.decode(parts.encode()[:-1]) is None
    assert DocumentParts.decode(b"") is None


def test_a_subject_split_across_documents_still_gives_the_whole_turtle(tmp_path: Path) -> None:
    """Not what the map stage makes, but write_rdf takes any documents: the dump falls back."""
    a, b = URIRef(f"{BASE}notes/a"), URIRef(f"{BASE}notes/b")
    by_document = {
        str(a): [(a, SDO.name, Literal("A")), (b, SDO.name, Literal("B"))],
        str(b): [(b, SDO.text, Literal("more of B"))],
    }
    with opened(tmp_path / "cache") as cache:
        write_rdf(tmp_path / "out", BASE, by_document, cache)
    everything = [t for triples in by_document.values() for t in triples]
    assert (tmp_path / "out" / "dataset.ttl").read_bytes() == turtle(everything)


def test_term_texts_are_pyoxigraphs_n_triples() -> None:
    """Each code point of the BMP (and some beyond), languages in any case, datatypes, xsd:string."""
    s, p = URIRef(f"{BASE}notes/a"), SDO.text
    points = [*range(0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 4099), 0x10FFFF]
    values = [*TRICKY, *("a" + chr(c) + "b" for c in points)]
    literals = [Literal(v) for v in values]
    literals += [Literal(v, lang=lang) for v in TRICKY for lang in ("fr", "EN", "fr-CA")]
    literals += [Literal(v, datatype=d) for v in TRICKY for d in (XSD.string, XSD.token, XSD.date)]
    triples = [(s, p, o) for o in literals] + [
        (s, RDF.type, SDO.Article),
        (s, SDO.url, URIRef("http://x/é?q")),
    ]
    expected = ox.serialize(OxTerms().triples(triples), format=ox.RdfFormat.N_TRIPLES)
    assert TermTexts(OxTerms()).ntriples(triples) == expected
