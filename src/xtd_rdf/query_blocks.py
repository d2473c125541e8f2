"""Running a vault's ```sparql blocks at export time, read-only, over the whole published graph.

One pyoxigraph store of the graph is built per export, and only when some note has a query block.
The queries run as `xtd-rdf query` runs them (query.execute: the model's prefixes predeclared;
updates, LOAD and SERVICE refused), one at a time in a worker process forked from this one
(store.WorkerPool): pyoxigraph cannot be interrupted, so a query past the time limit has its worker
killed. What a worker sends back is plain values (Term tuples), at most ROW_CAP rows or statements.
A query that is refused, does not parse, fails or runs too long is a warning naming the file line
the parser points at, and its page shows the message instead of a result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pyoxigraph as ox

from .dataset import PublishedNote
from .diagnostics import Diagnostic, warning
from .graph import Triple
from .query import QueryRefused, QuerySyntaxError, execute
from .sparql_blocks import QueryBlock, query_blocks
from .store import QueryTimeout, WorkerDied, WorkerPool
from .writers.rdf import oxigraph_store

ROW_CAP = 1000  # rows (or statements) a page shows; the page says when there were more
TIME_LIMIT = 10.0  # seconds per query
CODE = "query-block"


class Term(NamedTuple):
    """An RDF term as plain values: `iri`, `literal`, `bnode` or `triple` (an RDF-star quoted triple)."""

    kind: str
    value: str
    language: str = ""
    datatype: str = ""


@dataclass(frozen=True)
class Solutions:
    """A SELECT's answer: the variables, then each row's value per variable (None when unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    truncated: bool = False


@dataclass(frozen=True)
class Verdict:
    """An ASK's answer."""

    value: bool


@dataclass(frozen=True)
class Statements:
    """A CONSTRUCT's or DESCRIBE's answer: its triples, in the store's order."""

    triples: tuple[tuple[Term, Term, Term], ...]
    truncated: bool = False


@dataclass(frozen=True)
class Failure:
    """Why a query gave no answer; `line` is the query's own line (from 1) when the parser says."""

    message: str
    line: int | None = None


Answer = Solutions | Verdict | Statements | Failure


@dataclass(frozen=True)
class Ran:
    """A query block and what it gave."""

    block: QueryBlock
    answer: Answer


@dataclass(frozen=True)
class QueryRun:
    """Every note's query blocks with their answers (note IRI → blocks), and the warnings they gave."""

    results: dict[str, tuple[Ran, ...]]
    diagnostics: list[Diagnostic]


def run_query_blocks(
    notes: list[PublishedNote], by_document: dict[str, list[Triple]], time_limit: float = TIME_LIMIT
) -> QueryRun:
    """Run every query block of the published notes over the graph `by_document` holds."""
    found = [(item, blocks) for item in notes if (blocks := query_blocks(item.note))]
    if not found:
        return QueryRun({}, [])
    store = oxigraph_store(by_document)
    pool = WorkerPool(lambda text: answer(store, text), size=1)
    results: dict[str, tuple[Ran, ...]] = {}
    diagnostics: list[Diagnostic] = []
    try:
        for item, blocks in found:
            ran = tuple(Ran(block, _run(pool, block, time_limit)) for block in blocks)
            results[item.iri] = ran
            diagnostics += [_warning(item.note.path, r) for r in ran if isinstance(r.answer, Failure)]
    finally:
        pool.close()
    return QueryRun(results, diagnostics)


def _run(pool: WorkerPool, block: QueryBlock, time_limit: float) -> Answer:
    if not block.text.strip():
        return Failure("the sparql block is empty: there is no query to run")
    try:
        return pool.run(block.text, time_limit)
    except QueryTimeout:
        return Failure(f"the query ran past the time limit of {time_limit:g} s and was stopped")
    except WorkerDied:
        return Failure("the query stopped the process that ran it (too deep, or out of memory)")


def _warning(path: str, ran: Ran) -> Diagnostic:
    failure = ran.answer
    assert isinstance(failure, Failure)
    return warning(
        path,
        ran.block.file_line(failure.line),
        CODE,
        f"sparql block {ran.block.number}: {failure.message}",
        "the page shows this message instead of the query's result",
    )


def answer(store: ox.Store, text: str, cap: int = ROW_CAP) -> Answer:
    """The answer to one query (at most `cap` rows or statements), or why there is none."""
    try:
        results = execute(store, text)
        if isinstance(results, ox.QueryBoolean):
            return Verdict(bool(results))
        if isinstance(results, ox.QueryTriples):
            triples = _first(results, cap)
            return Statements(
                tuple((term(t.subject), term(t.predicate), term(t.object)) for t in triples[:cap]),
                len(triples) > cap,
            )
        variables = tuple(v.value for v in results.variables)
        solutions = _first(results, cap)
        rows = tuple(
            tuple(None if s[v] is None else term(s[v]) for v in results.variables) for s in solutions[:cap]
        )
        return Solutions(variables, rows, len(solutions) > cap)
    except QuerySyntaxError as exc:
        where = f" at line {exc.line}, column {exc.column} of the query" if exc.line else ""
        return Failure(f"syntax error{where}: {exc.message}", exc.line)
    except QueryRefused as exc:
        return Failure(str(exc))
    except Exception as exc:  # evaluation errors of pyoxigraph come as OSError, ValueError, …
        return Failure(f"the query failed: {exc}")


def _first(results: ox.QuerySolutions | ox.QueryTriples, cap: int) -> list:
    """The first cap + 1 items: one more than shown, to know whether there were more."""
    taken = []
    for item in results:
        taken.append(item)
        if len(taken) > cap:
            break
    return taken


def term(value: object) -> Term:
    """A pyoxigraph term as plain values."""
    if isinstance(value, ox.NamedNode):
        return Term("iri", value.value)
    if isinstance(value, ox.Literal):
        return Term("literal", value.value, value.language or "", value.datatype.value)
    if isinstance(value, ox.BlankNode):
        return Term("bnode", value.value)
    return Term("triple", str(value))
