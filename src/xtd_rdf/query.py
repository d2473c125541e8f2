"""Running SPARQL queries read-only, with the model's prefixes predeclared, and writing their results.

Used by `xtd-rdf query` (whole results, an aligned table or a W3C format) and by the server
(results capped at a size, the format chosen from the `Accept` header).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .vocab import PREFIXES

QUERIES = Path(__file__).parent / "queries"
Results = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

SOLUTION_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


class QueryRefused(Exception):
    """The query would write, load remote data or call a remote service: this store is read-only."""


class QuerySyntaxError(Exception):
    """The query does not parse; `line` and `column` count from 1 in the text the user wrote."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column

    def __reduce__(self) -> tuple[Any, ...]:
        return (QuerySyntaxError, (self.message, self.line, self.column))

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}: " if self.line else ""
        return f"{where}{self.message}"

    def pointed(self, source: str, text: str) -> str:
        """`source:line:column: syntax error: …`, then the query's line and a caret under the column."""
        if self.line is None or self.column is None:
            return f"{source}: syntax error: {self.message}"
        lines = text.splitlines() or [""]
        line = lines[min(self.line, len(lines)) - 1]
        caret = " " * (min(self.column, len(line) + 1) - 1) + "^"
        return f"{source}:{self.line}:{self.column}: syntax error: {self.message}\n  {line}\n  {caret}"


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped in `queries/`: its name (the file stem), what it answers, its text."""

    name: str
    comment: str
    text: str


def named_queries() -> list[NamedQuery]:
    """Every named query, sorted by name; the comment is the file's leading `#` lines."""
    return [_named(path) for path in sorted(QUERIES.glob("*.rq"))]


def named_query(name: str) -> NamedQuery | None:
    path = QUERIES / f"{name}.rq"
    return _named(path) if re.fullmatch(r"[a-z0-9-]+", name) and path.is_file() else None


def _named(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    comment = " ".join(
        line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#") and line.strip("# ")
    )
    return NamedQuery(path.stem, comment, text)


# --- read-only guard -------------------------------------------------------------------------------

_LEXEME = re.compile(
    r"""(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                  |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
      | (?P<comment>\#[^\n\r]*)
      | (?P<escape>\\.)
      | (?P<word>[?$]?[^\W\d](?:[\w.\-:%]|\\.)*)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def keywords(text: str) -> list[str]:
    """The bare words of a query, outside IRIs, strings and comments, as the SPARQL parser reads them.

    Codepoint escapes are decoded first (SPARQL does so before parsing), so `\\u0053ERVICE` is seen.
    """
    decoded = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    return [m.group("word") for m in _LEXEME.finditer(decoded) if m.lastgroup == "word"]


def check_read_only(text: str) -> None:
    """Refuse updates, `LOAD` and `SERVICE` before anything runs: no write, no outbound request."""
    words = [w for w in keywords(text) if w[0] not in "?$"]
    if any(re.match(r"SERVICE(?![\w])", w, re.IGNORECASE) for w in words):
        raise QueryRefused("SERVICE is refused: this endpoint makes no outbound requests")
    operations = [w.upper() for w in words if ":" not in w and w.upper() not in {"BASE", "PREFIX"}]
    if (operations and operations[0] in _UPDATE_KEYWORDS) or "LOAD" in operations:
        raise QueryRefused(
            "updates (INSERT, DELETE, LOAD, CLEAR, DROP…) are refused: this store is read-only"
        )


def execute(store: ox.Store, text: str) -> Results:
    """Run a read-only query with the model's prefixes predeclared."""
    check_read_only(text)
    try:
        return store.query(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise syntax_error(exc) from exc


def syntax_error(exc: SyntaxError) -> QuerySyntaxError:
    """pyoxigraph says `error at 2:9: expected …`; keep the position apart so it can be shown."""
    match = re.match(r"error at (\d+):(\d+):\s*(.*)", str(exc), re.DOTALL)
    if match is None:
        return QuerySyntaxError(str(exc), None, None)
    message = match.group(3).splitlines()[0] if match.group(3) else "invalid query"
    if len(message) > 200:
        message = message[:200].rsplit(",", 1)[0] + ", …"
    if "Prefix not found" in message:
        message = f"undeclared prefix (predeclared: {', '.join(PREFIXES)})"
    return QuerySyntaxError(message, int(match.group(1)), int(match.group(2)))


# --- whole results (the CLI) -----------------------------------------------------------------------


def serialize(results: Results, fmt: str) -> bytes:
    """Results in a W3C format: solutions and booleans as json/xml/csv/tsv, graphs as RDF."""
    if isinstance(results, ox.QueryTriples):
        if fmt not in GRAPH_FORMATS:
            raise ValueError(f"a CONSTRUCT or DESCRIBE gives a graph: use one of {', '.join(GRAPH_FORMATS)}")
        return ox.serialize(list(results), format=GRAPH_FORMATS[fmt], prefixes=PREFIXES)
    if fmt not in SOLUTION_FORMATS:
        raise ValueError(f"a SELECT or ASK gives solutions: use one of {', '.join(SOLUTION_FORMATS)}")
    return results.serialize(format=SOLUTION_FORMATS[fmt])


def render(results: Results, fmt: str) -> tuple[bytes, int | None]:
    """What `xtd-rdf query` prints: a table (graphs as Turtle) or a W3C format; the row count for tables."""
    if fmt == "table" and not isinstance(results, ox.QueryTriples):
        text, rows = table(results)
        return (text + "\n").encode("utf-8"), rows
    return serialize(results, "turtle" if fmt == "table" else fmt), None


def table(results: ox.QuerySolutions | ox.QueryBoolean) -> tuple[str, int]:
    """An aligned text table of the solutions (IRIs shortened by the model's prefixes), and its row count."""
    if isinstance(results, ox.QueryBoolean):
        return ("true" if bool(results) else "false"), 1
    names = [v.value for v in results.variables]
    rows = [[short(solution[v]) for v in results.variables] for solution in results]
    widths = [max([len(n), *(len(row[i]) for row in rows)]) for i, n in enumerate(names)]
    lines = [_row(names, widths), "-+-".join("-" * w for w in widths)]
    lines += [_row(row, widths) for row in rows]
    return "\n".join(lines), len(rows)


def _row(cells: list[str], widths: list[int]) -> str:
    return " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()


def short(term: Any) -> str:
    """A term as a person reads it: `schema:Person`, `<https://…>`, a literal's text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace) and re.fullmatch(r"[\w.-]*", term.value[len(namespace) :]):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split())
    return str(term)


# --- capped results (the server) -------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """A serialised result, its media type, and whether the result cap cut it."""

    body: bytes
    media_type: str
    truncated: bool = False


_SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml",
}


def answer(store: ox.Store, text: str, accept: str, cap: int) -> Answer:
    """Run a query and serialise at most `cap` solutions or triples in the format `accept` prefers.

    pyoxigraph writes the results natively, one per line (TSV, N-Triples), into a sink that stops it
    after the cap; the lines kept are parsed back and written in the format asked for.
    """
    results = execute(store, text)
    if isinstance(results, ox.QueryTriples):
        media_type = negotiate(accept, list(_GRAPH_TYPES))
        lines, truncated = _capped_lines(results, ox.RdfFormat.N_TRIPLES, cap)
        triples = ox.parse(lines, format=ox.RdfFormat.N_TRIPLES)
        body = ox.serialize(triples, format=GRAPH_FORMATS[_GRAPH_TYPES[media_type]], prefixes=PREFIXES)
        return Answer(body, _charset(media_type), truncated)
    media_type = negotiate(accept, list(_SOLUTION_TYPES))
    result_format = SOLUTION_FORMATS[_SOLUTION_TYPES[media_type]]
    if isinstance(results, ox.QueryBoolean):
        return Answer(results.serialize(format=result_format), _charset(media_type))
    lines, truncated = _capped_lines(results, ox.QueryResultsFormat.TSV, cap + 1)  # + the header line
    solutions = ox.parse_query_results(lines, format=ox.QueryResultsFormat.TSV)
    return Answer(solutions.serialize(format=result_format), _charset(media_type), truncated)


class _Enough(Exception):
    """Raised from inside the serialiser's writes to stop it: the cap is reached."""


class _LineSink:
    """A binary write target that stops the serialiser once it holds more than `limit` lines."""

    def __init__(self, limit: int) -> None:
        self.limit, self.lines, self.chunks = limit, 0, list[bytes]()

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        self.lines += data.count(b"\n")
        if self.lines > self.limit:
            raise _Enough
        return len(data)

    def flush(self) -> None:
        pass


def _capped_lines(results: ox.QuerySolutions | ox.QueryTriples, fmt: Any, limit: int) -> tuple[bytes, bool]:
    """The first `limit` lines of the line-based serialisation, and whether there were more."""
    sink = _LineSink(limit)
    with contextlib.suppress(_Enough):
        results.serialize(sink, format=fmt)
    lines = b"".join(sink.chunks).split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    return b"".join(line + b"\n" for line in lines[:limit]), len(lines) > limit


def _charset(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


def negotiate(accept: str, offered: list[str]) -> str:
    """The offered media type the `Accept` header ranks highest; the first offered when none matches."""
    best, best_q = offered[0], 0.0
    for media_type in offered:
        q = _quality(accept, media_type)
        if q > best_q:
            best, best_q = media_type, q
    return best


def _quality(accept: str, media_type: str) -> float:
    """The q-value `accept` gives `media_type`, the most specific range winning (RFC 9110)."""
    kind = media_type.split("/")[0]
    found: tuple[int, float] = (-1, 0.0)
    for part in (accept or "*/*").split(","):
        fields = [f.strip() for f in part.split(";")]
        pattern = fields[0].lower()
        specificity = {media_type: 2, f"{kind}/*": 1, "*/*": 0}.get(pattern, -1)
        if specificity > found[0]:
            found = (specificity, _q(fields[1:]))
    return found[1]


def _q(params: list[str]) -> float:
    for param in params:
        if param.lower().startswith("q="):
            try:
                return float(param[2:])
            except ValueError:
                return 0.0
    return 1.0
