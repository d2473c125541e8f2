"""SHACL validation that stays linear: core shapes compiled (or per batch), SPARQL constraints graph-wide.

Core shapes are compiled into dictionary checks (shacl_core), which give pySHACL's results about
fifteen times faster. Shapes that use what the compiler does not know go to pySHACL. pySHACL over
one big rdflib graph is slow and holds everything in memory; every triple of a resource lives in its
document (graph.py), so it checks a batch of documents at a time, with the `rdf:type` of every
resource the batch points at added so `sh:class` works.
SHACL-SPARQL constraints of node shapes run once over the whole graph in pyoxigraph, their focus
nodes bound to the shape's targets, which is what pre-binding `$this` means.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .graph import Triple
from .query_predicates import query_predicates
from .shacl_core import CompiledShapes, DataIndex, Finding, Unsupported
from .vocab import RDF, RDFS, SH
from .writers.rdf import oxigraph_store

BATCH = 1000  # documents per pySHACL call: amortises its set-up and the lent types; bounds memory
SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


class ShapesError(Exception):
    """A shapes file cannot be read or uses what this validator cannot run; the message says which."""


@dataclass(frozen=True)
class Result:
    """One sh:ValidationResult, whichever route found it."""

    focus: str
    path: str  # the predicate IRI, or "" for a node-level result
    severity: URIRef
    value: Node | None
    message: str
    shape: str  # the source shape (an IRI, or a blank node id)
    component: str  # the source constraint component IRI
    constraint: str = ""  # the SPARQL constraint node, for SPARQL-based results
    message_language: str = ""  # the language tag of sh:message, kept in the report

    @property
    def severity_name(self) -> str:
        return SEVERITIES.get(self.severity, "violation")


def builtin_shapes_path() -> Path:
    """The shapes shipped inside the package."""
    return Path(str(resources.files("xtd_rdf") / "shapes" / "xtd.ttl"))


def load_shapes(extra: Sequence[Path] = ()) -> Graph:
    """Our shapes, plus a user's own shapes files."""
    graph = Graph()
    for path in (builtin_shapes_path(), *extra):
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many kinds of parse errors
            raise ShapesError(f"{path}: cannot read the shapes file ({exc})") from exc
    return graph


@dataclass(frozen=True)
class SparqlCheck:
    """A node shape's SHACL-SPARQL constraint, run once over the whole graph."""

    shape: Node
    constraint: Node
    query: str  # with the targets bound at the start of the outer group
    messages: tuple[Literal, ...]
    severity: URIRef


@dataclass(frozen=True)
class Outcome:
    """Every result, and whether the data conforms (no sh:Violation)."""

    results: tuple[Result, ...]

    @property
    def conforms(self) -> bool:
        return not any(r.severity == SH.Violation for r in self.results)


FILTER_ABOVE = 100_000  # triples: below, parsing the checks' queries (0.1 s) costs more than loading all


def validate(by_document: dict[str, list[Triple]], shapes: Graph, *, engine: str = "fast") -> Outcome:
    """Validate the documents' triples; each result once, sorted.

    Core shapes go to the compiled engine (shacl_core) unless they use what it does not compile, or
    `engine="pyshacl"` asks for the reference: then pySHACL judges them, a batch of documents at a time.
    """
    core, checks = split_shapes(shapes)
    compiled = _compiled(core) if engine == "fast" else None
    found: set[Result] = set()
    if compiled is not None:
        index = DataIndex(t for triples in by_document.values() for t in triples)
        found.update(_result(finding) for finding in compiled.findings(index))
    else:
        types, described = _index(by_document)
        for batch in _batches(list(by_document.values()), BATCH):
            found.update(_validate_batch(batch, types, described, core))
    if checks:
        large = sum(map(len, by_document.values())) > FILTER_ABOVE
        store = oxigraph_store(by_document, _read_by(checks) if large else None)
        for check in checks:
            found.update(_run_check(store, check))
    return Outcome(tuple(sorted(found, key=result_order)))


def _read_by(checks: list[SparqlCheck]) -> frozenset[URIRef] | None:
    """The predicates the checks can match: the store needs no others (None: it needs every one)."""
    read: set[URIRef] = set()
    for check in checks:
        predicates = query_predicates(check.query)
        if predicates is None:
            return None
        read |= predicates
    return frozenset(read)


def _compiled(core: Graph) -> CompiledShapes | None:
    try:
        return CompiledShapes(core)
    except Unsupported:
        return None


def _result(finding: Finding) -> Result:
    message = finding.messages[0] if finding.messages else Literal(_DEFAULT_MESSAGES[finding.component])
    return Result(
        focus=str(finding.focus),
        path=finding.path,
        severity=finding.severity,
        value=finding.value,
        message=str(message),
        shape=finding.shape,
        component=finding.component,
        message_language=message.language or "",
    )


_DEFAULT_MESSAGES = {
    str(SH[f"{name}ConstraintComponent"]): text
    for name, text in {
        "MinCount": "Too few values",
        "MaxCount": "Too many values",
        "HasValue": "The required value is missing",
        "UniqueLang": "Two values share a language tag",
        "Or": "The value matches none of the allowed shapes",
        "Class": "The value is not an instance of the required class",
        "Datatype": "The value does not have the required datatype",
        "NodeKind": "The value is not of the required node kind",
        "Pattern": "The value does not match the required pattern",
        "MinLength": "The value is too short",
        "MaxLength": "The value is too long",
        "In": "The value is not one of the allowed values",
        "LanguageIn": "The value's language is not one of the allowed ones",
    }.items()
}


def result_order(result: Result) -> tuple[str, str, str, str, str]:
    value = result.value.n3() if result.value is not None else ""
    return (result.focus, result.path, result.shape, value, result.message)


def _batches(items: list[list[Triple]], size: int) -> Iterator[list[list[Triple]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _index(by_document: dict[str, list[Triple]]) -> tuple[dict[Node, list[Triple]], set[Node]]:
    """Every resource's rdf:type triples (to lend to the batches that point at it), and every subject."""
    types: dict[Node, list[Triple]] = {}
    described: set[Node] = set()
    for triples in by_document.values():
        for triple in triples:
            described.add(triple[0])
            if triple[1] == RDF.type:
                types.setdefault(triple[0], []).append(triple)
    return types, described


def _validate_batch(
    batch: list[list[Triple]], types: dict[Node, list[Triple]], described: set[Node], core: Graph
) -> list[Result]:
    """pySHACL on a batch; a resource described elsewhere is judged only in its own document's batch.

    Focus nodes no document describes (a literal, an sh:targetNode that is absent) are judged the
    same in every batch; the caller keeps one copy of each result.
    """
    graph = Graph()
    subjects: set[Node] = set()
    for triples in batch:
        for triple in triples:
            graph.add(triple)
            subjects.add(triple[0])
    for triples in batch:
        for _, _, o in triples:
            if isinstance(o, URIRef) and o not in subjects:
                for lent in types.get(o, ()):
                    graph.add(lent)
    from pyshacl import validate as pyshacl_validate  # slow to import, and only needed for unusual shapes

    _, report, _ = pyshacl_validate(graph, shacl_graph=core, inference="none", inplace=True)
    return [r for r in read_report(report) if URIRef(r.focus) in subjects or URIRef(r.focus) not in described]


# -- the shapes, split in two routes


def split_shapes(shapes: Graph) -> tuple[Graph, list[SparqlCheck]]:
    """The shapes without their SPARQL constraints (checked per batch), and those constraints."""
    core = Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    checks: list[SparqlCheck] = []
    for s, p, o in shapes:
        if p == SH.sparql:
            if not _deactivated(shapes, s) and not _deactivated(shapes, o):
                checks.append(_sparql_check(shapes, s, o))
        else:
            core.add((s, p, o))
    return core, sorted(checks, key=lambda c: (str(c.shape), str(c.constraint)))


def _deactivated(shapes: Graph, node: Node) -> bool:
    flag = shapes.value(node, SH.deactivated)
    return isinstance(flag, Literal) and flag.toPython() is True


def _sparql_check(shapes: Graph, shape: Node, constraint: Node) -> SparqlCheck:
    if shapes.value(shape, SH.path) is not None:
        raise ShapesError(f"SPARQL constraints on property shapes are not supported ({shape})")
    select = shapes.value(constraint, SH.select)
    if select is None:
        raise ShapesError(f"the SPARQL constraint {constraint} has no sh:select")
    classes = [str(c) for c in shapes.objects(shape, SH.targetClass)]
    if isinstance(shape, URIRef) and (shape, RDF.type, RDFS.Class) in shapes:
        classes.append(str(shape))
    nodes = [str(n) for n in shapes.objects(shape, SH.targetNode)]
    if not classes and not nodes:
        raise ShapesError(f"{shape}: a SPARQL constraint needs sh:targetClass or sh:targetNode here")
    query = _prefixes(shapes, constraint) + _bind_targets(str(select), classes, nodes)
    return SparqlCheck(
        shape=shape,
        constraint=constraint,
        query=query,
        messages=tuple(shapes.objects(constraint, SH.message)) or tuple(shapes.objects(shape, SH.message)),
        severity=shapes.value(shape, SH.severity) or SH.Violation,  # type: ignore[arg-type]
    )


def _prefixes(shapes: Graph, constraint: Node) -> str:
    lines = []
    for ontology in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(ontology, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(set(lines)))


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")
_OUTER_GROUP = re.compile(r"\bWHERE\s*\{|\{", re.IGNORECASE)


def _bind_targets(select: str, classes: list[str], nodes: list[str]) -> str:
    """Bind `$this` to the shape's targets at the start of the query's outer group."""
    match = _OUTER_GROUP.search(select)
    if match is None:
        raise ShapesError(f"cannot find the WHERE clause of {select!r}")
    parts = []
    if classes:
        values = " ".join(f"<{c}>" for c in classes)
        parts.append(
            f"{{ VALUES ?xtdTargetClass {{ {values} }} "
            "?this <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/"
            "<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?xtdTargetClass }"
        )
    if nodes:
        parts.append("{ VALUES ?this { " + " ".join(f"<{n}>" for n in nodes) + " } }")
    targets = " UNION ".join(parts)
    return select[: match.end()] + f" {targets} " + select[match.end() :]


def _run_check(store: ox.Store, check: SparqlCheck) -> Iterator[Result]:
    try:
        solutions = store.query(check.query)
    except SyntaxError as exc:
        raise ShapesError(f"the SPARQL constraint of {check.shape} is not valid SPARQL: {exc}") from exc
    variables = [v.value for v in solutions.variables]
    for solution in solutions:
        row = {name: solution[name] for name in variables if solution[name] is not None}
        focus = row.get("this")
        if focus is None:
            continue
        value = _rdflib(row["value"]) if "value" in row else None
        path = row["path"].value if "path" in row else ""
        for message in check.messages or (Literal(""),):
            yield Result(
                focus=focus.value,
                path=path,
                severity=check.severity,
                value=value,
                message=_fill(str(message), row),
                shape=str(check.shape),
                component=str(SH.SPARQLConstraintComponent),
                constraint=str(check.constraint),
                message_language=message.language or "",
            )


def _fill(message: str, row: dict[str, object]) -> str:
    """SHACL-SPARQL message templates: `{?var}` and `{$var}` become the solution's values."""
    return re.sub(
        r"\{[?$](\w+)\}", lambda m: _display(row[m.group(1)]) if m.group(1) in row else m.group(0), message
    )


def _display(term: object) -> str:
    return term.value if isinstance(term, ox.Literal | ox.NamedNode) else str(term)


def _rdflib(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return BNode(term.value)


# -- reports


def read_report(report: Graph) -> list[Result]:
    """The results of a standard sh:ValidationReport graph (pySHACL's, ours, anyone's)."""
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(node, SH.resultPath)
        messages = sorted(report.objects(node, SH.resultMessage), key=str) or [Literal("")]
        results.append(
            Result(
                focus=str(report.value(node, SH.focusNode)),
                path=str(path) if isinstance(path, URIRef) else "",
                severity=report.value(node, SH.resultSeverity) or SH.Violation,  # type: ignore[arg-type]
                value=report.value(node, SH.value),
                message=str(messages[0]),
                message_language=messages[0].language or "",
                shape=str(report.value(node, SH.sourceShape)),
                component=str(report.value(node, SH.sourceConstraintComponent)),
                constraint=str(report.value(node, SH.sourceConstraint) or ""),
            )
        )
    return results


Annotations = Iterable[tuple[Result, Iterable[tuple[URIRef, Node]]]]


def report_graph(outcome: Outcome, extra: Annotations = ()) -> Graph:
    """The standard sh:ValidationReport; `extra` adds statements about some results (e.g. source lines)."""
    graph = Graph()
    graph.bind("sh", SH)
    for triple in report_triples(outcome, extra):
        graph.add(triple)
    return graph


def report_triples(outcome: Outcome, extra: Annotations = ()) -> list[tuple[Node, URIRef, Node]]:
    """The statements of report_graph, without building a graph (writers serialise them directly)."""
    report = BNode("report")  # fixed labels, results in a fixed order: the same findings, the same bytes
    # as pySHACL's --allow-warnings: warnings and hints do not make the data non-conforming
    out: list[tuple[Node, URIRef, Node]] = [
        (report, RDF.type, SH.ValidationReport),
        (report, SH.conforms, Literal(outcome.conforms)),
    ]
    more = {id(r): list(pairs) for r, pairs in extra}
    ordered = sorted(
        outcome.results, key=lambda r: (r.focus, r.path or "", r.component, r.message, str(r.value))
    )
    iris: dict[str, URIRef] = {}  # each IRI checked once (URIRef checks every character)
    iri = lambda text: iris.get(text) or iris.setdefault(text, URIRef(text))  # noqa: E731
    for number, result in enumerate(ordered, start=1):
        node = BNode(f"result{number}")
        out += [
            (report, _RESULT, node),
            (node, _TYPE, _VALIDATION_RESULT),
            (node, _FOCUS_NODE, iri(result.focus)),
            (node, _RESULT_SEVERITY, result.severity),
            (node, _SOURCE_COMPONENT, iri(result.component)),
            (node, _SOURCE_SHAPE, _shape_node(result.shape, result, iri)),
        ]
        if result.constraint:
            out.append((node, _SOURCE_CONSTRAINT, _shape_node(result.constraint, result, iri)))
        if result.path:
            out.append((node, _RESULT_PATH, iri(result.path)))
        if result.value is not None:
            out.append((node, _VALUE, result.value))
        if result.message:
            message = Literal(result.message, lang=result.message_language or None)
            out.append((node, _RESULT_MESSAGE, message))
        out += [(node, p, o) for p, o in more.get(id(result), ())]
    return list(dict.fromkeys(out))  # a graph holds each statement once


# looked up once: a namespace's attribute makes (and checks) a new IRI each time
_RESULT, _TYPE, _VALIDATION_RESULT, _FOCUS_NODE = SH.result, RDF.type, SH.ValidationResult, SH.focusNode
_RESULT_SEVERITY, _SOURCE_COMPONENT = SH.resultSeverity, SH.sourceConstraintComponent
_SOURCE_SHAPE, _SOURCE_CONSTRAINT, _RESULT_PATH = SH.sourceShape, SH.sourceConstraint, SH.resultPath
_VALUE, _RESULT_MESSAGE = SH.value, SH.resultMessage


def _shape_node(shape: str, result: Result, iri: Callable[[str], URIRef] = URIRef) -> Node:
    """A shape's IRI; a blank-node shape (labelled at random by the parser) is labelled by what it checks."""
    if _SCHEME.match(shape):
        return iri(shape)
    digest = hashlib.sha1(f"{result.path}|{result.component}|{result.message}".encode()).hexdigest()[:12]
    return BNode(f"shape-{digest}")
