"""External URLs become valid IRIs or nothing: found by `make fuzz` (`http://0%` crashed the writers)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from xtd_rdf.config import Config
from xtd_rdf.extract import extract_facts
from xtd_rdf.graph import dataset_triples
from xtd_rdf.notes import parse_note
from xtd_rdf.resolve import resolve
from xtd_rdf.urls import safe_iri
from xtd_rdf.vault import SourceFile
from xtd_rdf.writers.rdf import turtle


@pytest.mark.parametrize(
    ("url", "iri"),
    [
        ("http://0%", "http://0%25"),
        ("https://ex.org/100%/done", "https://ex.org/100%25/done"),
        ("https://ex.org/a%2Fb%zz", "https://ex.org/a%2Fb%25zz"),
        ("https://ex.org/a b<c>", "https://ex.org/a%20b%3Cc%3E"),
        ("https://ex.org/caf%C3%A9", "https://ex.org/caf%C3%A9"),
    ],
)
def test_stray_percent_signs_are_encoded_and_escapes_kept(url: str, iri: str) -> None:
    assert safe_iri(url) == iri
    assert ox.NamedNode(iri).value == iri


@pytest.mark.parametrize("url", ["http://ex.org:port/", "http://[zz]/", "mailto:a@b.c", "http:///x"])
def test_what_cannot_be_an_iri_is_dropped(url: str) -> None:
    assert safe_iri(url) == ""


def test_a_note_with_a_stray_percent_in_a_bare_url_gives_turtle_that_parses() -> None:
    note = parse_note(SourceFile("n.md", "See http://0% now.\n"))
    dataset = resolve([(note, extract_facts(note, "fr"))], Config())
    triples = [t for triples in dataset_triples(dataset).values() for t in triples]
    data = turtle(triples)
    assert b"<http://0%25>" in data
    assert len(list(ox.parse(data, format=ox.RdfFormat.TURTLE))) == len(triples)
