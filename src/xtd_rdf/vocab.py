"""Namespaces and terms of the application profile (docs/model.md), in one place."""

from __future__ import annotations

from typing import Any

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

from .prefixes import PREFIXES as PREFIXES  # one table; the writers read it here

SCHEMA = SDO
SH = Namespace("http://www.w3.org/ns/shacl#")


class Terms:
    """A namespace whose terms are kept on first use, for hot loops: rdflib checks the name every time."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> Any:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> Any:  # DCTERMS["format"]: names that are Python words
        return self.__getattr__(name)


__all__ = [
    "DCAT",
    "DCTERMS",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "VOID",
    "XSD",
    "Terms",
]
