"""SHACL Core, compiled: the common constraint components checked with dictionaries, in one pass.

pySHACL re-walks an rdflib graph for every shape, focus node and constraint: about 5 ms a note on
our shapes, minutes at 10,000 notes. Shapes that only use the components below are compiled
into plain checks over an index of the data (subject → predicate → values, node → types), which
is linear in the data. Anything else (sh:node, sh:and, sh:closed, paths that are not one IRI...)
raises `Unsupported`, and the caller lets pySHACL judge those shapes: the result is the same,
only slower. `tests/shapes` holds both engines to the same results.

Supported: targets (sh:targetClass, implicit class targets, sh:targetNode, sh:targetSubjectsOf,
sh:targetObjectsOf); sh:property with a single-IRI sh:path; sh:minCount, sh:maxCount,
sh:datatype, sh:class, sh:nodeKind, sh:pattern (+ sh:flags), sh:minLength, sh:maxLength,
sh:hasValue, sh:in, sh:languageIn, sh:uniqueLang, and sh:or of shapes that use only the
value-level ones; sh:severity, sh:message, sh:deactivated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from .vocab import RDF, RDFS, SH, XSD

Triple = tuple[Node, Node, Node]
Check = Callable[[Node], bool]  # one value node → conforms?


class Unsupported(Exception):
    """A shape uses what this engine does not compile; pySHACL must judge it."""


@dataclass(frozen=True)
class Finding:
    """One result before it becomes a validate.Result (kept free of that module to avoid a cycle)."""

    focus: Node
    path: str
    severity: URIRef
    value: Node | None
    messages: tuple[Literal, ...]
    shape: str
    component: str


_DESCRIPTIVE = {
    RDF.type, SH.name, SH.description, SH.order, SH.group, SH.message, SH.severity, SH.deactivated,
    SH.path, SH.property, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
    SH.sparql, SH.declare, SH.prefixes, SH.defaultValue, SH.flags,
}  # fmt: skip
_NODE_KINDS: dict[Node, tuple[type, ...]] = {
    SH.IRI: (URIRef,),
    SH.BlankNode: (BNode,),
    SH.Literal: (Literal,),
    SH.BlankNodeOrIRI: (BNode, URIRef),
    SH.BlankNodeOrLiteral: (BNode, Literal),
    SH.IRIOrLiteral: (URIRef, Literal),
}


class DataIndex:
    """The data graph as dictionaries: what each subject says, and what each node is an instance of.

    Classes are kept as plain strings (an IRI's text; other terms as they are): a shape's class and
    the data's are different objects, and rdflib compares two terms in Python, a plain string in C.
    """

    def __init__(self, triples: Iterable[Triple]) -> None:
        self.values: dict[Node, dict[Node, dict[Node, None]]] = {}  # an ordered set of values
        types: dict[Node, set[object]] = {}
        parents: dict[object, set[object]] = {}
        values = self.values
        is_type, is_subclass = str(RDF.type).__eq__, str(RDFS.subClassOf).__eq__  # str compare: fast
        for s, p, o in triples:
            values.setdefault(s, {}).setdefault(p, {})[o] = None
            if is_type(p):
                types.setdefault(s, set()).add(class_key(o))
            elif is_subclass(p):
                parents.setdefault(class_key(s), set()).add(class_key(o))
        closures: dict[frozenset[object], frozenset[object]] = {}  # most nodes share their types
        self.classes: dict[Node, frozenset[object]] = {}
        for node, direct in types.items():
            key = frozenset(direct)
            found = closures.get(key)
            self.classes[node] = (
                found if found is not None else closures.setdefault(key, _closure(key, parents))
            )
        self.instances: dict[object, list[Node]] = {}
        for node in sorted(self.classes, key=str):
            for cls in self.classes[node]:
                self.instances.setdefault(cls, []).append(node)
        self._predicates = {p: p for by_predicate in values.values() for p in by_predicate}

    def is_instance(self, node: Node, cls: object) -> bool:
        """Whether the node is an instance of the class (given by its class_key)."""
        return cls in self.classes.get(node, ())

    def predicate(self, path: Node) -> Node:
        """The data's own term for a shape's predicate: found by identity in the index after that."""
        return self._predicates.get(path, path)


def class_key(node: Node) -> object:
    """A class as DataIndex keeps it: an IRI as its plain text (compared in C), another term as it is."""
    return str.__str__(node) if type(node) is URIRef else node


def _closure(direct: frozenset[object], parents: dict[object, set[object]]) -> frozenset[object]:
    """The classes and every superclass the data states (rdfs:subClassOf*, as SHACL instance means)."""
    seen, todo = set(direct), list(direct)
    while todo:
        for parent in parents.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return frozenset(seen)


@dataclass
class _Constraint:
    component: URIRef
    per_value: Check | None = None  # judged value by value (a result names the value)
    per_focus: Callable[[list[Node]], bool] | None = None  # judged on all values (no value named)


@dataclass
class _Shape:
    node: Node
    path: Node | None  # None: the focus node itself is the value (a node shape)
    severity: URIRef
    messages: tuple[Literal, ...]
    constraints: list[_Constraint] = field(default_factory=list)
    properties: list[_Shape] = field(default_factory=list)


@dataclass
class _Target:
    classes: list[Node]
    nodes: list[Node]
    subjects_of: list[Node]
    objects_of: list[Node]


class CompiledShapes:
    """Shapes compiled once; `findings(index)` checks a data index against them."""

    def __init__(self, shapes: Graph) -> None:
        self._graph = shapes
        self._index: DataIndex | None = None
        self._paths: dict[Node | None, Node] = {}  # each property shape's path → the data's own term
        self.roots: list[tuple[_Target, _Shape]] = []
        for node in sorted(_node_shapes(shapes), key=str):
            if _deactivated(shapes, node):
                continue
            self.roots.append((self._target(node), self._shape(node, None)))

    def findings(self, index: DataIndex) -> Iterator[Finding]:
        self._index = index
        self._paths = {
            child.path: index.predicate(child.path) for _, root in self.roots for child in root.properties
        }
        for target, shape in self.roots:
            for focus in _focus_nodes(target, index):
                yield from self._judge(shape, focus, [focus])

    # -- judging

    def _judge(self, shape: _Shape, focus: Node, values: list[Node]) -> Iterator[Finding]:
        path = str(shape.path) if shape.path is not None else ""
        for constraint in shape.constraints:
            if constraint.per_focus is not None and not constraint.per_focus(values):
                yield self._finding(shape, focus, path, None, constraint)
            if constraint.per_value is not None:
                for value in values:
                    if not constraint.per_value(value):
                        yield self._finding(shape, focus, path, value, constraint)
        assert self._index is not None
        for child in shape.properties:
            child_values = self._index.values.get(focus, {}).get(self._paths[child.path], {})  # type: ignore[index]
            yield from self._judge(child, focus, list(child_values))

    @staticmethod
    def _finding(shape: _Shape, focus: Node, path: str, value: Node | None, c: _Constraint) -> Finding:
        return Finding(focus, path, shape.severity, value, shape.messages, str(shape.node), str(c.component))

    # -- compiling

    def _target(self, node: Node) -> _Target:
        g = self._graph
        classes = list(g.objects(node, SH.targetClass))
        if (node, RDF.type, RDFS.Class) in g:
            classes.append(node)
        return _Target(
            classes=classes,
            nodes=list(g.objects(node, SH.targetNode)),
            subjects_of=list(g.objects(node, SH.targetSubjectsOf)),
            objects_of=list(g.objects(node, SH.targetObjectsOf)),
        )

    def _shape(self, node: Node, path: Node | None) -> _Shape:
        g = self._graph
        shape = _Shape(
            node=node,
            path=path,
            severity=g.value(node, SH.severity) or SH.Violation,  # type: ignore[arg-type]
            messages=_messages(g, node),
        )
        for predicate, obj in sorted(g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            if predicate == SH.property:
                if path is not None:
                    raise Unsupported(f"sh:property inside the property shape {node}")
                if not _deactivated(g, obj):
                    shape.properties.append(self._shape(obj, _single_iri_path(g, obj)))
            elif predicate not in _DESCRIPTIVE and str(predicate).startswith(str(SH)):
                shape.constraints.append(self._constraint(node, predicate, obj, path is not None))
        return shape

    def _constraint(self, node: Node, predicate: Node, obj: Node, on_property: bool) -> _Constraint:
        if predicate in (SH.minCount, SH.maxCount, SH.uniqueLang) and not on_property:
            raise Unsupported(f"{predicate} on the node shape {node}")
        if predicate == SH.minCount:
            least = int(obj)  # type: ignore[call-overload]
            return _Constraint(SH.MinCountConstraintComponent, per_focus=lambda vs: len(vs) >= least)
        if predicate == SH.maxCount:
            most = int(obj)  # type: ignore[call-overload]
            return _Constraint(SH.MaxCountConstraintComponent, per_focus=lambda vs: len(vs) <= most)
        if predicate == SH.hasValue:
            return _Constraint(SH.HasValueConstraintComponent, per_focus=lambda vs: obj in vs)
        if predicate == SH.uniqueLang:
            return _Constraint(SH.UniqueLangConstraintComponent, per_focus=_unique_languages)
        if predicate == SH["or"]:
            members = [_member_check(self._graph, m, self._is_instance) for m in _list(self._graph, obj)]
            return _Constraint(SH.OrConstraintComponent, per_value=lambda v: any(ok(v) for ok in members))
        return _Constraint(*_value_constraint(self._graph, node, predicate, obj, self._is_instance))

    def _is_instance(self, node: Node, cls: object) -> bool:
        assert self._index is not None
        return self._index.is_instance(node, cls)


InstanceOf = Callable[[Node, object], bool]


def _member_check(g: Graph, member: Node, is_instance: InstanceOf) -> Check:
    """A member of sh:or: a shape whose constraints are all value-level; conforms when all hold."""
    checks = [
        _value_constraint(g, member, predicate, obj, is_instance)[1]
        for predicate, obj in g.predicate_objects(member)
        if predicate not in _DESCRIPTIVE and str(predicate).startswith(str(SH))
    ]
    return lambda v: all(ok(v) for ok in checks)


def _value_constraint(
    g: Graph, shape: Node, predicate: Node, obj: Node, is_instance: InstanceOf
) -> tuple[URIRef, Check]:
    """A constraint judged value by value: its component, and the check."""
    if predicate == SH["class"]:
        cls = class_key(obj)
        return SH.ClassConstraintComponent, lambda v: not isinstance(v, Literal) and is_instance(v, cls)
    if predicate == SH.datatype:
        wanted = str(obj)
        return SH.DatatypeConstraintComponent, lambda v: isinstance(v, Literal) and _has_datatype(v, wanted)
    if predicate == SH.nodeKind and obj in _NODE_KINDS:
        kinds = _NODE_KINDS[obj]
        return SH.NodeKindConstraintComponent, lambda v: isinstance(v, kinds)
    if predicate == SH.pattern:
        regex = re.compile(str(obj), _regex_flags(str(g.value(shape, SH.flags) or "")))
        return SH.PatternConstraintComponent, lambda v: not isinstance(v, BNode) and bool(regex.search(v))
    if predicate == SH.minLength:
        least = int(obj)  # type: ignore[call-overload]
        return (
            SH.MinLengthConstraintComponent,
            lambda v: least == 0 or (not isinstance(v, BNode) and len(str(v)) >= least),
        )
    if predicate == SH.maxLength:
        most = int(obj)  # type: ignore[call-overload]
        return SH.MaxLengthConstraintComponent, lambda v: not isinstance(v, BNode) and len(str(v)) <= most
    if predicate == SH["in"]:
        allowed = set(_list(g, obj))
        return SH.InConstraintComponent, lambda v: v in allowed
    if predicate == SH.languageIn:
        ranges = [str(r).lower() for r in _list(g, obj)]
        return SH.LanguageInConstraintComponent, lambda v: _language_in(v, ranges)
    raise Unsupported(f"{g.namespace_manager.normalizeUri(predicate)} {obj} in the shape {shape}")


def _messages(g: Graph, shape: Node) -> tuple[Literal, ...]:
    return tuple(sorted((m for m in g.objects(shape, SH.message) if isinstance(m, Literal)), key=str))


_PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {
    str(XSD.string): (str, bytes),
    str(XSD.integer): int,
    str(XSD.float): float,
    str(XSD.decimal): Decimal,
    str(XSD.boolean): bool,
    str(XSD.date): date,
    str(XSD.time): time,
    str(XSD.dateTime): datetime,
}
_RDFS_LITERAL, _LANG_STRING, _XSD_STRING = str(RDFS.Literal), str(RDF.langString), str(XSD.string)


def _has_datatype(value: Literal, wanted: str) -> bool:
    """As pySHACL: plain literals are xsd:string, tagged ones rdf:langString, ill-typed ones fail."""
    if wanted == _RDFS_LITERAL:
        return True
    if value.language:
        return wanted == _LANG_STRING
    datatype = str(value.datatype) if value.datatype is not None else _XSD_STRING
    if datatype != wanted or getattr(value, "ill_typed", None) is True:
        return False
    python_type = _PYTHON_TYPES.get(wanted)  # as pySHACL: a value rdflib cannot read is ill-typed
    return python_type is None or isinstance(value.value, python_type)


def _regex_flags(flags: str) -> int:
    known = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}
    result = 0
    for letter in flags:
        if letter not in known:
            raise Unsupported(f"sh:flags {flags!r}")
        result |= known[letter]
    return result


def _language_in(value: Node, ranges: list[str]) -> bool:
    tag = value.language.lower() if isinstance(value, Literal) and value.language else ""
    return bool(tag) and any(r == "*" or tag == r or tag.startswith(r + "-") for r in ranges)


def _unique_languages(values: list[Node]) -> bool:
    tags = [v.language.lower() for v in values if isinstance(v, Literal) and v.language]
    return len(tags) == len(set(tags))


def _node_shapes(g: Graph) -> set[Node]:
    """Every shape that has a target (property shapes are reached from their node shapes)."""
    shapes = set(g.subjects(RDF.type, SH.NodeShape))
    for target in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        shapes.update(g.subjects(target, None))
    for shape in shapes:
        if (shape, SH.path, None) in g:
            raise Unsupported(f"the property shape {shape} has a target of its own")
    return shapes


def _single_iri_path(g: Graph, shape: Node) -> Node:
    path = g.value(shape, SH.path)
    if not isinstance(path, URIRef):
        raise Unsupported(f"the path of {shape} is not a single IRI")
    return path


def _focus_nodes(target: _Target, index: DataIndex) -> Iterator[Node]:
    seen: set[Node] = set()
    candidates: list[Node] = []
    for cls in target.classes:
        candidates += index.instances.get(class_key(cls), [])
    candidates += target.nodes
    for predicate in target.subjects_of:
        candidates += [s for s, by_predicate in index.values.items() if predicate in by_predicate]
    for predicate in target.objects_of:
        candidates += [o for by_predicate in index.values.values() for o in by_predicate.get(predicate, ())]
    for node in candidates:
        if node not in seen:
            seen.add(node)
            yield node


def _list(g: Graph, head: Node) -> list[Node]:
    return list(Collection(g, head))


def _deactivated(g: Graph, node: Node) -> bool:
    flag = g.value(node, SH.deactivated)
    return isinstance(flag, Literal) and flag.toPython() is True
