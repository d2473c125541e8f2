"""Triples gathered by document, then listed in the one order every writer uses (triple_order).

A vault names the same things again and again, and rdflib is slow to make a term (it checks every IRI)
and to print one: so each IRI, literal and checked URL is made once per export, with the N3 text it
sorts by, and each triple is stored with that text instead of printing its object again to sort it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.term import Node

from . import vocab
from .iris import document_of
from .urls import safe_iri

Triple = tuple[URIRef, URIRef, Node]
_TYPE = vocab.RDF.type
_BCP47 = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")


def clean_text(value: str) -> str:
    """Text safe for every RDF syntax: no control characters, no lone surrogates."""
    if not value.isascii():
        value = value.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub("", value).strip()


def language_tag(value: str) -> str:
    """A well-formed BCP 47 tag, or "" (a literal with a broken tag would make the whole dump invalid)."""
    return value if _BCP47.fullmatch(value) else ""


def triple_order(triple: Triple) -> tuple[str, bool, str, str]:
    """Subject, then its rdf:type first, then predicate and object: the order every writer lists."""
    s, p, o = triple
    return (str(s), p != _TYPE, str(p), o.n3())


_Entry = tuple[Node, str]  # a term and its N3 text
_Statements = dict[Triple, str]  # one subject's triples, each with its object's N3
_UNSEEN = ("", "")


class Triples:
    """Collects triples by document and subject, dropping empty values; of equal triples the first
    stays, as in a set. Each triple keeps its object's N3, printed once per term, to be sorted by."""

    def __init__(self) -> None:
        self._documents: dict[str, dict[str, _Statements]] = {}  # document → subject → its triples
        self._subjects: dict[str, tuple[URIRef, _Statements]] = {}
        self._iris: dict[str, URIRef] = {}
        self._objects: dict[str, _Entry] = {}  # IRIs given as text
        self._nodes: dict[Node, _Entry] = {}  # terms made elsewhere (vocabulary, field values)
        self._texts: dict[tuple[str, str], _Entry | None] = {}  # None: nothing left once cleaned
        self._literals: dict[tuple[str, URIRef | None], _Entry] = {}
        self._urls: dict[str, str] = {}

    def __len__(self) -> int:
        return sum(len(statements) for _, statements in self._subjects.values())

    def iri(self, value: str) -> URIRef:
        term = self._iris.get(value)
        if term is None:
            term = self._iris[value] = URIRef(value)
        return term

    def url(self, value: str) -> str:
        """safe_iri, remembered for the whole vault (its own cache is bounded, and a big vault has more)."""
        iri = self._urls.get(value)
        if iri is None:
            iri = self._urls[value] = safe_iri(value)
        return iri

    def add(self, s: str, p: URIRef, o: Node | str | None) -> None:
        """`s p o`, unless o is None or "" (a value not given); an IRI may be given as text."""
        if o.__class__ is str:
            if not o:
                return
            entry = self._objects.get(o) or self._object(o)
        elif o is not None:
            entry = self._nodes.get(o) or self._node(o)
        else:
            return
        subject, statements = self._subjects.get(s) or self._subject(s)
        statements.setdefault((subject, p, entry[0]), entry[1])

    def add_all(self, s: str, p: URIRef, objects: Iterable[Node | str | None]) -> None:
        for o in objects:
            self.add(s, p, o)

    def text(self, s: str, p: URIRef, value: str | None, language: str = "") -> None:
        """A text cleaned for RDF (clean_text) in a language if its tag is well-formed; nothing if empty."""
        if not value:
            return
        entry = self._texts.get((value, language), _UNSEEN)
        if entry is _UNSEEN:
            entry = self._texts[(value, language)] = _text_entry(value, language)
        if entry is not None:
            subject, statements = self._subjects.get(s) or self._subject(s)
            statements.setdefault((subject, p, entry[0]), entry[1])

    def literal(self, s: str, p: URIRef, lexical: str, datatype: URIRef | None = None) -> None:
        """A literal written as given (a date, a file name, a code)."""
        entry = self._literals.get((lexical, datatype))
        if entry is None:
            entry = self._literals[(lexical, datatype)] = _entry(Literal(lexical, datatype=datatype))
        subject, statements = self._subjects.get(s) or self._subject(s)
        statements.setdefault((subject, p, entry[0]), entry[1])

    def _object(self, iri: str) -> _Entry:
        entry = self._objects[iri] = _entry(self.iri(iri))
        return entry

    def _node(self, term: Node) -> _Entry:
        entry = self._nodes[term] = _entry(term)
        return entry

    def _subject(self, iri: str) -> tuple[URIRef, _Statements]:
        statements: _Statements = {}
        self._documents.setdefault(document_of(iri), {})[str(iri)] = statements
        subject = self._subjects[iri] = (self.iri(iri), statements)
        return subject

    def in_order(self) -> dict[str, list[Triple]]:
        """Documents by IRI, the triples of each in triple_order; each document's statements are
        dropped as its list is made, so the two are not held whole at once."""
        documents, predicates = self._documents, _PredicateKeys()
        return {doc: _in_order(documents.pop(doc), predicates) for doc in sorted(documents)}


class _PredicateKeys(dict[URIRef, tuple[bool, str]]):
    """The predicate's part of triple_order, made once per predicate."""

    def __missing__(self, p: URIRef) -> tuple[bool, str]:
        key = self[p] = (p != _TYPE, str(p))
        return key


def _in_order(subjects: dict[str, _Statements], predicates: _PredicateKeys) -> list[Triple]:
    """triple_order: by subject, then rdf:type first, predicate, object; ties (two doubles can print
    alike) in the order the triples came, as a stable sort on triple_order leaves them."""
    triples: list[Triple] = []
    for subject in sorted(subjects):
        statements = subjects[subject].items()
        keyed = sorted([(predicates[t[1]], text, n, t) for n, (t, text) in enumerate(statements)])
        triples += [t for _, _, _, t in keyed]
    return triples


def _entry(term: Node) -> _Entry:
    return (term, term.n3())


def _text_entry(value: str, language: str) -> _Entry | None:
    text = clean_text(value)
    return _entry(Literal(text, lang=language_tag(language) or None)) if text else None
