"""SHACL results mapped back to the file and line an editor must change, and printed for them.

A result names a resource (focus node), a property and maybe a value; the Dataset knows where each
resource was read (note paths, front-matter keys, wikilink lines, entity origins, quotation lines).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from .dataset import Dataset, PublishedNote
from .diagnostics import Diagnostic, Severity
from .iris import hash_iri, scheme_iri
from .pipeline import Built
from .validate import Outcome, Result, report_triples, validate
from .validate_kept import Kept, validate_kept
from .vocab import DCTERMS, PREFIXES, RDF, SCHEMA, SH, XSD
from .writers.rdf import OxTerms

CONFIG_FILE = "xtd-rdf.toml"
_SEVERITY = {"violation": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
_FRONT_MATTER_KEYS = {
    str(DCTERMS.created): ("date",),
    str(SCHEMA.dateCreated): ("date",),
    str(DCTERMS.modified): ("updated", "modified", "lastmod"),
    str(SCHEMA.dateModified): ("updated", "modified", "lastmod"),
    str(SCHEMA.alternateName): ("title", "aliases", "alias"),
    str(SCHEMA.inLanguage): ("lang", "language"),
    str(SCHEMA.keywords): ("tags", "tag"),
    str(DCTERMS.subject): ("tags", "tag"),
}
XSH = "https://w3id.org/xtd-rdf/shapes#"


@dataclass(frozen=True, order=True)
class Finding:
    """One validation result where an editor can act on it: file, line, what, and what to do."""

    path: str
    line: int
    severity: str  # violation, warning, info
    message: str
    resource: str  # the focus node's IRI
    label: str  # what the resource is, for people: `event "Museum Connections"`
    property: str  # a prefixed name such as schema:startDate, or ""
    value: str  # the offending value as written in Turtle, or ""
    shape: str

    def to_diagnostic(self) -> Diagnostic:
        where = "; ".join(part for part in (self.label, self._property_value()) if part)
        message = f"{self.message} ({where})" if where else self.message
        where_in_vault = self.path or f"<{self.resource}>"  # a resource no file describes
        return Diagnostic(where_in_vault, self.line, _SEVERITY[self.severity], "shacl", message)

    def _property_value(self) -> str:
        if self.property and self.value:
            return f"{self.property} = {self.value}"
        return self.property or self.value

    def __str__(self) -> str:
        return str(self.to_diagnostic())


def curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


class Locator:
    """Where each published resource was read, and how to name it for an editor.

    What a note says of itself, its quotations and videos is looked up when a result asks (a report
    names a few hundred of ten thousand notes), and so are the tags and web resources placed where
    a note first writes them; resources of other kinds, the config's and the properties' are set
    at once and win over what a note says, as they always have.
    """

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.places: dict[str, tuple[str, int]] = {}  # set at once: entities, properties, the dataset
        self.labels: dict[str, str] = {}
        self.notes: dict[str, PublishedNote] = {item.iri: item for item in dataset.notes}
        self._under: dict[str, list[PublishedNote]] = {}  # every note published under each IRI
        for item in dataset.notes:
            self._under.setdefault(item.iri, []).append(item)
        self._own_places: dict[str, tuple[str, int]] = {}  # a note, its quotations and videos
        self._own_labels: dict[str, str] = {}
        self._expanded: set[str] = set()
        self._first: tuple[dict[str, tuple[str, int]], dict[str, str]] | None = None
        self.missing = dict(dataset.missing_notes)
        for kind, entities in (
            ("person", dataset.persons),
            ("organisation", dataset.organizations),
            ("place", dataset.places),
            ("event", dataset.events),
        ):
            for iri, entity in entities.items():
                origin = entity.origins[0] if entity.origins else None
                self.places[iri] = (origin.path, origin.line) if origin else (CONFIG_FILE, 0)
                self.labels[iri] = f'{kind} "{entity.name}"'
        for tag in dataset.tags.values():
            self.labels[tag.iri] = f'tag "#{tag.path}"'
        for prop in dataset.properties.values():  # located where a note first writes the key
            self.places[prop.iri] = (
                (prop.origins[0].path, prop.origins[0].line) if prop.origins else (CONFIG_FILE, 0)
            )
            self.labels[prop.iri] = f'property "{prop.label}"'
        self.places[dataset.config.base] = (CONFIG_FILE, 0)
        self.places[scheme_iri(dataset.config.base)] = (CONFIG_FILE, 0)
        self.labels[scheme_iri(dataset.config.base)] = "the tag scheme"
        self.labels[dataset.config.base] = "the dataset"

    def _expand(self, iri: str) -> None:
        """What the notes published under this IRI say of themselves, their quotations and videos."""
        if iri in self._expanded:
            return
        self._expanded.add(iri)
        for item in self._under.get(iri, ()):  # two notes under one IRI: the last one's word stands
            self._note(item)

    def _note(self, item: PublishedNote) -> None:
        note = item.note
        places, labels = self._own_places, self._own_labels
        places[item.iri] = (note.path, 1)
        labels[item.iri] = f'note "{note.name}"'
        for quote in item.quotations:
            places[quote.iri] = (note.path, quote.fact.line)
            labels[quote.iri] = f'quotation "{_shorten(quote.fact.text)}"'
        for n, video in enumerate(note.videos, start=1):
            places[hash_iri(item.iri, "video", n)] = (note.path, video.line)
            labels[hash_iri(item.iri, "video", n)] = f'video {n} of note "{note.name}"'

    def _firsts(self) -> tuple[dict[str, tuple[str, int]], dict[str, str]]:
        """Tags and web resources, placed where the first note that writes them does (made once)."""
        if self._first is None:
            places: dict[str, tuple[str, int]] = {}
            labels: dict[str, str] = {}
            tags = self.dataset.tags
            for item in self.dataset.notes:
                note = item.note
                for written in note.tags:  # a tag concept is located where a note first writes it
                    tag = tags.get("/".join(p for p in written.value.split("/") if p).casefold())
                    if tag is not None:
                        places.setdefault(tag.iri, (note.path, written.line))
                resource = item.facts.main_resource
                if resource is not None:
                    places.setdefault(resource.url, (note.path, resource.line))
                    labels.setdefault(resource.url, f'web resource "{_shorten(resource.name)}"')
            self._first = places, labels
        return self._first

    def place(self, iri: str) -> tuple[str, int] | None:
        """Where the resource was read, if this vault says."""
        if iri in self.places:
            return self.places[iri]
        self._expand(iri.split("#", 1)[0])
        return self._own_places.get(iri) or self._firsts()[0].get(iri)

    def names(self, iri: str) -> set[str]:
        """The names a wikilink may give a note (or a missing note) by."""
        if iri in self.missing:
            return {self.missing[iri].casefold()}
        item = self.notes.get(iri)
        if item is None:
            return set()
        note = item.note
        return {note.name.casefold(), note.path[:-3].casefold()} | {a.casefold() for a in note.aliases}

    def locate(self, result: Result) -> tuple[str, int]:
        """The file and line to fix for this result."""
        focus = result.focus
        item = self.notes.get(focus)
        if item is not None:
            return item.note.path, self._note_line(item, result)
        for key in (focus, focus.split("#", 1)[0]):
            found = self.place(key)
            if found is not None:
                return found
        return "", 0

    def _note_line(self, item: PublishedNote, result: Result) -> int:
        note = item.note
        line = _field_line(item, result, exact=True)
        if line:
            return line
        if result.path == str(DCTERMS.relation) and isinstance(result.value, URIRef):
            names = self.names(str(result.value))
            for link in note.wikilinks:
                target = link.value.strip().casefold()
                if target in names or target.rsplit("/", 1)[-1] in names:
                    return link.line
        if result.path == str(SCHEMA.citation) and result.value is not None:
            for link in note.links:
                if link.value == str(result.value):
                    return link.line
        if result.path == str(SCHEMA.description):
            return note.body_line
        line = _field_line(item, result, exact=False)
        if line:
            return line
        for key in _FRONT_MATTER_KEYS.get(result.path, ()):
            if key in note.key_lines:
                return note.key_lines[key]
        return 1

    def label(self, iri: str) -> str:
        return self._label(iri) or self._label(iri.split("#", 1)[0]) or f"<{iri}>"

    def _label(self, iri: str) -> str:
        if iri in self.labels:
            return self.labels[iri]
        self._expand(iri.split("#", 1)[0])
        return self._own_labels.get(iri) or self._firsts()[1].get(iri, "")


def _field_line(item: PublishedNote, result: Result, exact: bool) -> int:
    """The line of the field that gave the result's value (not `exact`: of its property's first); or 0."""
    for value in item.fields:
        if value.predicate == result.path and (not exact or _term(value.object) == result.value):
            return value.line
    return 0


def _term(value: str | Literal) -> Node:
    return value if isinstance(value, Literal) else URIRef(value)


def _shorten(text: str, size: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def findings(outcome: Outcome, dataset: Dataset) -> list[Finding]:
    """Every result as a Finding, sorted by file and line so a report reads note by note."""
    return _located(outcome, dataset)[0]


Places = tuple[tuple[str, int], ...]  # the file and line of each result of an Outcome, in its order


def _located(outcome: Outcome, dataset: Dataset) -> tuple[list[Finding], Places]:
    """The findings, and where each result is (for as_turtle, which would locate them again)."""
    locator = Locator(dataset)
    found = []
    places = []
    for result in outcome.results:
        path, line = locator.locate(result)
        places.append((path, line))
        found.append(
            Finding(
                path=path,
                line=line,
                severity=result.severity_name,
                message=result.message,
                resource=result.focus,
                label=locator.label(result.focus),
                property=curie(result.path) if result.path else "",
                value=_value_text(result.value, locator),
                shape=curie(result.shape).replace(XSH, "xsh:"),
            )
        )
    return sorted(found), tuple(places)


def _value_text(value: Node | None, locator: Locator) -> str:
    if value is None:
        return ""
    if isinstance(value, URIRef):
        if str(value) in locator.missing:
            return f"[[{locator.missing[str(value)]}]]"
        return f"<{value}>"
    return value.n3(_NAMESPACES)


_NAMESPACES = NamespaceManager(Graph(), bind_namespaces="none")
for _prefix, _namespace in PREFIXES.items():
    _NAMESPACES.bind(_prefix, _namespace)


# -- the three formats


def counts(found: Iterable[Finding]) -> Counter[str]:
    return Counter(f.severity for f in found)


def summary(found: list[Finding]) -> str:
    c = counts(found)
    files = len({f.path for f in found})
    kinds = (("violation", "violation"), ("warning", "warning"), ("info", "hint"))
    parts = ", ".join(_plural(c[key], word) for key, word in kinds)
    return parts + (f" in {_plural(files, 'file')}" if found else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def as_text(found: list[Finding], show_info: bool = True) -> str:
    """Compiler-style lines, grouped by file with a blank line between files, then a summary."""
    lines: list[str] = []
    previous = None
    for finding in found:
        if finding.severity == "info" and not show_info:
            continue
        if previous is not None and finding.path != previous:
            lines.append("")
        lines.append(str(finding))
        previous = finding.path
    lines.append(summary(found))
    return "\n".join(lines) + "\n"


def as_json(found: list[Finding], conforms: bool) -> str:
    data = {
        "conforms": conforms,
        "counts": {k: counts(found)[k] for k in ("violation", "warning", "info")},
        "results": [asdict(f) for f in found],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


SOURCE_FILE = URIRef(XSH + "sourceFile")
SOURCE_LINE = URIRef(XSH + "sourceLine")


def as_turtle(outcome: Outcome, dataset: Dataset, places: Places | None = None) -> str:
    """The standard sh:ValidationReport as Turtle, each result with the file and line it comes from.

    Written by pyoxigraph (rdflib's serialiser takes seconds on a large vault); the blank nodes are
    labelled (report_triples) and the statements sorted, so the same findings give the same bytes.
    `places`: where each result is, when the caller knows (Validation.places).
    """
    if places is None:
        locator = Locator(dataset)
        places = tuple(locator.locate(result) for result in outcome.results)
    extra = []
    for result, (path, line) in zip(outcome.results, places, strict=True):
        where = [(SOURCE_FILE, Literal(path)), (SOURCE_LINE, Literal(line, datatype=XSD.integer))]
        extra.append((result, where))
    statements = report_triples(outcome, extra)
    statements.sort(key=_order())
    prefixes = {
        **{prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
        "sh": str(SH),
        "xsh": str(XSH),
    }
    terms = OxTerms()
    converted = [ox.Triple(terms.term(s), terms.node(p), terms.term(o)) for s, p, o in statements]
    return ox.serialize(converted, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")


def _order() -> Callable[[tuple[Node, URIRef, Node]], tuple[str, bool, str, str]]:
    """graph.triple_order, each IRI's N3 made once: the report repeats a few IRIs thousands of times."""
    texts: dict[Node, str] = {}

    def order(triple: tuple[Node, URIRef, Node]) -> tuple[str, bool, str, str]:
        s, p, o = triple
        text = o.n3() if type(o) is Literal else texts.get(o) or texts.setdefault(o, o.n3())
        return (str(s), not _TYPE_TEXT.__eq__(p), str(p), text)

    return order


_TYPE_TEXT = str(RDF.type)


@dataclass(frozen=True)
class Validation:
    """A built vault's validation: the SHACL outcome and its findings located in the notes."""

    outcome: Outcome
    findings: list[Finding]
    places: Places | None = field(default=None, compare=False)  # where each result is (as_turtle)
    kept: bytes | None = field(default=None, compare=False, repr=False)  # for the next one (validate_kept)

    @property
    def conforms(self) -> bool:
        return self.outcome.conforms


def validate_built(
    built: Built, shapes: Graph, scope: bytes | None = None, kept: bytes | None = None
) -> Validation:
    """Validate what `pipeline.build` made, and locate every result in the vault.

    With a `scope` (memo.scope), the validation is kept for the next one (`Validation.kept`), and
    `kept`, what the last one left, spares judging what has not changed (validate_kept).
    """
    blob = None
    if scope is None:
        outcome = validate(built.by_document, shapes)
    else:
        outcome, keeping = validate_kept(built.by_document, shapes, Kept.load(kept, scope), scope)
        blob = keeping.dump() if keeping is not None else None
    found, places = _located(outcome, built.dataset)
    return Validation(outcome, found, places, blob)
