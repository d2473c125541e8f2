"""Helpers shared by tests: snapshots of output folders and graph loading."""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import Graph, Namespace

SDO = Namespace("https://schema.org/")  # not rdflib's SDO: pytest's collection trips on it


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` → its SHA-256: equal snapshots mean byte-identical trees."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def load(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format={".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}[path.suffix])
    return graph
