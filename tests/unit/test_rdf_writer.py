"""writers/rdf.py: the one-pass writer gives the very bytes of serialising the whole graph at once."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef

from helpers import SDO, dumps_are_the_whole_graph
from xtd_rdf.writers.rdf import jsonld, turtle, write_rdf

BASE = "https://ex.org/"


def by_document(names: list[str]) -> dict[str, list]:
    documents = {}
    for name in names:
        iri = URIRef(f"{BASE}notes/{name}")
        documents[str(iri)] = [
            (iri, SDO.name, Literal(name, lang="fr")),
            (iri, SDO.hasPart, URIRef(f"{iri}#part")),
            (URIRef(f"{iri}#part"), SDO.text, Literal(f"part of {name}")),
        ]
    return documents


def test_dumps_and_resource_files_equal_whole_graph_serialisations(tmp_path: Path) -> None:
    documents = by_document(["a", "b"])
    written = write_rdf(tmp_path, BASE, documents)
    dumps_are_the_whole_graph(tmp_path, documents)
    assert written.resources == 2 and set(written.hashes) == set(documents)
    assert (tmp_path / "notes/a.ttl").read_bytes() == turtle(documents[f"{BASE}notes/a"])
    assert (tmp_path / "notes/b.jsonld").read_bytes() == jsonld(documents[f"{BASE}notes/b"])


def test_subjects_out_of_order_across_documents_still_give_the_sorted_json_ld(tmp_path: Path) -> None:
    """`a!b` sorts between `a` and `a#part`: the node-by-node dump falls back to compacting it all."""
    documents = by_document(["a", "a!b"])
    write_rdf(tmp_path, BASE, documents)
    dumps_are_the_whole_graph(tmp_path, documents)
