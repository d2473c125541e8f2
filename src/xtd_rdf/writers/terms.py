"""vocab.py's terms for hot loops: rdflib checks a namespace's term name on every lookup."""

from __future__ import annotations

from typing import Any

from .. import vocab


class _Terms:
    """`SCHEMA.name` as in vocab.py, the term kept on first use (rdflib checks the name every time)."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> Any:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> Any:
        return self.__getattr__(name)


DCAT: Any = _Terms(vocab.DCAT)
DCTERMS: Any = _Terms(vocab.DCTERMS)
RDF: Any = _Terms(vocab.RDF)
SCHEMA: Any = _Terms(vocab.SCHEMA)
SKOS: Any = _Terms(vocab.SKOS)
VOID: Any = _Terms(vocab.VOID)
XSD: Any = _Terms(vocab.XSD)
