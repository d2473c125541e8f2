"""Helpers shared by tests: snapshots of output folders and graph loading."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

import pytest
from rdflib import Graph, Namespace

from xtd_rdf.extract import extract_facts
from xtd_rdf.facts import NoteFacts
from xtd_rdf.notes import parse_note
from xtd_rdf.vault import SourceFile
from xtd_rdf.writers.rdf import jsonld, ntriples, turtle

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("XTD_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "museumxtd"
SEED = SHARED / "corpus" / "seed"

SDO = Namespace("https://schema.org/")  # not rdflib's SDO: pytest's collection trips on it


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` → its SHA-256: equal snapshots mean byte-identical trees."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def writable_copy(source: Path, target: Path) -> Path:
    """A copy of a (read-only) corpus folder that a test may change."""
    shutil.copytree(source, target)
    for path in [target, *target.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return target


def load(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format={".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}[path.suffix])
    return graph


def require_corpus() -> Path:
    """The real vault beside the project (read-only); skips where it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    return CORPUS


def facts_of(body: str, name: str = "Note", language: str = "fr") -> NoteFacts:
    """The facts extraction reads in a note with this body (no front matter)."""
    return extract_facts(parse_note(SourceFile(f"{name}.md", body)), language)


LICENSE_SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ex: <https://museum.example/shapes#> .
ex:Licensed a sh:NodeShape ; sh:targetClass schema:Article ;
    sh:property [ sh:path dcterms:license ; sh:minCount 1 ;
        sh:message "Every note needs a license: add `license:` to its front matter." ] .
"""  # a user's own shapes file: every note needs dcterms:license


def dumps_are_the_whole_graph(out: Path, by_document: dict[str, list]) -> None:
    """dataset.ttl, .nt and .jsonld in `out` are what the serialisers make of all the triples at once."""
    everything = [t for triples in by_document.values() for t in triples]
    assert (out / "dataset.ttl").read_bytes() == turtle(everything)
    assert (out / "dataset.nt").read_bytes() == ntriples(everything)
    assert (out / "dataset.jsonld").read_bytes() == jsonld(everything)
