"""vocab.py's terms for hot loops: rdflib checks a namespace's term name on every lookup."""

from __future__ import annotations

from typing import Any

from .. import vocab

DCAT: Any = vocab.Terms(vocab.DCAT)
DCTERMS: Any = vocab.Terms(vocab.DCTERMS)
RDF: Any = vocab.Terms(vocab.RDF)
RDFS: Any = vocab.Terms(vocab.RDFS)
SCHEMA: Any = vocab.Terms(vocab.SCHEMA)
SKOS: Any = vocab.Terms(vocab.SKOS)
VOID: Any = vocab.Terms(vocab.VOID)
XSD: Any = vocab.Terms(vocab.XSD)
