"""Namespaces and terms of the application profile (docs/model.md), in one place."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

SCHEMA = SDO
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, str] = {
    "schema": str(SCHEMA),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "prov": str(PROV),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
}

__all__ = ["DCAT", "DCTERMS", "PREFIXES", "PROV", "RDF", "RDFS", "SCHEMA", "SH", "SKOS", "VOID", "XSD"]
