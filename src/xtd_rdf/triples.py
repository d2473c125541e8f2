"""Triples gathered by document, then listed in the one order every writer uses (triple_order).

A vault names the same things again and again, and rdflib is slow to make a term (it checks every IRI)
and to print one: so each IRI, literal and checked URL is made once per export, with the N3 text it
sorts by, and each triple is stored with that text instead of printing its object again to sort it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import itemgetter

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
_UNSEEN = ("", "")


class Triples:
    """Collects triples by document, dropping empty values, each triple stored with its object's N3."""

    def __init__(self) -> None:
        self.by_document: dict[str, dict[Triple, str]] = {}
        self._subjects: dict[str, tuple[URIRef, dict[Triple, str]]] = {}  # → its term, its document's triples
        self._subject_texts: dict[URIRef, str] = {}
        self._iris: dict[str, URIRef] = {}
        self._objects: dict[str, _Entry] = {}  # IRIs given as text
        self._nodes: dict[Node, str] = {}  # terms made elsewhere (vocabulary, field values)
        self._texts: dict[tuple[str, str], _Entry | None] = {}  # None: nothing left once cleaned
        self._literals: dict[tuple[str, URIRef | None], _Entry] = {}
        self._urls: dict[str, str] = {}

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
            entry = self._objects.get(o)
            if entry is None:
                term = self.iri(o)
                entry = self._objects[o] = (term, term.n3())
            self._put(s, p, entry)
        elif o is not None:
            text = self._nodes.get(o)
            if text is None:
                text = self._nodes[o] = o.n3()
            self._put(s, p, (o, text))

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
            self._put(s, p, entry)

    def literal(self, s: str, p: URIRef, lexical: str, datatype: URIRef | None = None) -> None:
        """A literal written as given (a date, a file name, a code)."""
        entry = self._literals.get((lexical, datatype))
        if entry is None:
            literal = Literal(lexical, datatype=datatype)
            entry = self._literals[(lexical, datatype)] = (literal, literal.n3())
        self._put(s, p, entry)

    def _put(self, s: str, p: URIRef, entry: _Entry) -> None:
        subject = self._subjects.get(s)
        if subject is None:
            subject = self._subjects[s] = (self.iri(s), self.by_document.setdefault(document_of(s), {}))
            self._subject_texts[subject[0]] = str(s)
        # the first of two equal triples is kept, as a set would; its object's N3 goes with it
        subject[1].setdefault((subject[0], p, entry[0]), entry[1])

    def in_order(self) -> dict[str, list[Triple]]:
        """Documents by IRI, the triples of each by triple_order: one document's list at a time is made
        (each document's collection is dropped as its list is made)."""
        predicates = _PredicateKeys()
        subjects = self._subject_texts

        def order(item: tuple[Triple, str]) -> tuple[str, tuple[bool, str], str]:
            (s, p, _), object_text = item
            return (subjects[s], predicates[p], object_text)

        documents = self.by_document
        first = itemgetter(0)
        return {
            doc: list(map(first, sorted(documents.pop(doc).items(), key=order))) for doc in sorted(documents)
        }


def _text_entry(value: str, language: str) -> _Entry | None:
    text = clean_text(value)
    if not text:
        return None
    literal = Literal(text, lang=language_tag(language) or None)
    return (literal, literal.n3())


class _PredicateKeys(dict[URIRef, tuple[bool, str]]):
    """The predicate's part of triple_order, made once per predicate."""

    def __missing__(self, p: URIRef) -> tuple[bool, str]:
        key = self[p] = (p != _TYPE, str(p))
        return key
