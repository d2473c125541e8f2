"""The local server: an export folder as a site, content negotiation on every resource IRI, and a
read-only SPARQL 1.1 Protocol endpoint at `/sparql` (starlette on uvicorn).

Queries run in worker processes (store.WorkerPool) so a runaway query is killed at the time limit
while other requests are answered.
"""

from __future__ import annotations

import copy
import html
import mimetypes
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import anyio
import pyoxigraph as ox
import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from .oai import oai_routes
from .query import Answer, QueryRefused, QuerySyntaxError, answer, check_read_only, named_queries, negotiate
from .request_limits import LimitRequests
from .store import Loaded, QueryTimeout, WorkerDied, WorkerPool

MEDIA_TYPES = {  # by file name, else by suffix; the rest as the system's mimetypes says
    "feed.xml": "application/atom+xml",
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
}
RESOURCE_TYPES = ["text/html", "text/turtle", "application/ld+json", "application/n-triples"]
TRUNCATED = "X-SPARQL-Results-Truncated"


@dataclass(frozen=True)
class Limits:
    """Per-query limits: seconds before the worker is killed, solutions or triples returned at most,
    how many queries run at once (others wait their turn), and characters per query at most."""

    timeout: float = 10.0
    max_results: int = 10_000
    workers: int = 2
    max_query: int = 64 * 1024


def create_app(
    site: Path, loaded: Loaded, limits: Limits = Limits(), on_stop: Callable[[], None] | None = None
) -> Starlette:
    """The whole server as an ASGI app: `/sparql`, `/oai`, then every file of `site` with conneg on IRIs.

    `on_stop` runs when the server shuts down (uvicorn re-raises the stopping signal afterwards).
    """
    endpoint = _Endpoint(loaded.store, limits)
    files = Site(site.resolve(), urlsplit(loaded.base or "/").path or "/")
    routes = [
        Route("/sparql", endpoint.handle, methods=["GET", "POST"]),
        *oai_routes(site, "/oai"),
        Route("/{path:path}", files.handle, methods=["GET", "HEAD"]),
    ]
    cors = Middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST"],
        allow_headers=["Accept", "Content-Type"],
        expose_headers=[TRUNCATED],
    )
    return Starlette(
        routes=routes, middleware=[Middleware(LimitRequests), cors], lifespan=_lifespan(endpoint, on_stop)
    )


def _lifespan(
    endpoint: _Endpoint, on_stop: Callable[[], None] | None
) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """Fork the query workers before the first request; stop them, then say so, at shutdown."""

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        endpoint.start()
        try:
            yield
        finally:
            endpoint.stop()
            if on_stop is not None:
                on_stop()

    return lifespan


def listen(host: str, port: int) -> socket.socket:
    """A socket bound and listening, so requests wait in its backlog until uvicorn runs (port 0: any)."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def origin_of(sock: socket.socket) -> str:
    """`http://host:port` of a listening socket, IPv6 hosts in brackets."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if sock.family == socket.AF_INET6 else f"http://{host}:{port}"


def serve(app: Starlette, sock: socket.socket, verbose: bool) -> None:
    """Run the app on an already bound socket until Ctrl+C; uvicorn logs each request with `verbose`."""
    level = "info" if verbose else "warning"
    logging = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    logging["handlers"]["access"]["stream"] = "ext://sys.stderr"  # every message on stderr, results never
    config = uvicorn.Config(app, log_level=level, access_log=verbose, lifespan="on", log_config=logging)
    uvicorn.Server(config).run(sockets=[sock])


# --- /sparql ---------------------------------------------------------------------------------------


class _Endpoint:
    """SPARQL 1.1 Protocol, query operation only: GET ?query=, POST form or application/sparql-query."""

    def __init__(self, store: ox.Store, limits: Limits) -> None:
        self.store, self.limits = store, limits
        self.limiter = anyio.CapacityLimiter(limits.workers)
        self.pool: WorkerPool | None = None

    def start(self) -> None:
        store = self.store
        self.pool = WorkerPool(lambda request: answer(store, *request), self.limits.workers)

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.close()

    async def handle(self, request: Request) -> Response:
        text, refusal = await _query_text(request)
        if refusal is not None:
            return refusal
        if text is None:
            if "text/html" in request.headers.get("accept", ""):
                return Response(query_page(), media_type="text/html; charset=utf-8")
            return PlainTextResponse("missing query: send ?query=… (SPARQL 1.1 Protocol)", status_code=400)
        if len(text) > self.limits.max_query:
            message = f"query of {len(text)} characters refused: the limit is {self.limits.max_query}"
            return PlainTextResponse(message, status_code=413)
        if (depth := nesting(text)) > MAX_NESTING:
            message = f"query nested {depth} brackets deep refused: the limit is {MAX_NESTING}"
            return PlainTextResponse(message, status_code=400)
        try:
            check_read_only(text)
            result = await anyio.to_thread.run_sync(
                self._run, text, request.headers.get("accept", ""), limiter=self.limiter
            )
        except QueryRefused as exc:
            return PlainTextResponse(str(exc), status_code=403)
        except QuerySyntaxError as exc:
            return PlainTextResponse(f"syntax error at {exc}", status_code=400)
        except QueryTimeout as exc:
            return PlainTextResponse(str(exc), status_code=503)
        except WorkerDied as exc:
            return PlainTextResponse(f"{exc}: the query could not be answered", status_code=400)
        except (OSError, ValueError) as exc:
            return PlainTextResponse(f"the query failed: {exc}", status_code=400)
        headers = {"Vary": "Accept"}
        if result.truncated:
            headers[TRUNCATED] = str(self.limits.max_results)
        return Response(result.body, media_type=result.media_type, headers=headers)

    def _run(self, text: str, accept: str) -> Answer:
        if self.pool is None:
            raise RuntimeError("the query workers are not started (the app runs without its lifespan)")
        return self.pool.run((text, accept, self.limits.max_results), self.limits.timeout)


MAX_NESTING = 256  # the query parser recurses per bracket: thousands overflow a worker's stack


def nesting(text: str) -> int:
    """How deep brackets nest in a query (in strings too: an over-estimate that errs on refusing)."""
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth = max(depth - 1, 0)
    return deepest


async def _query_text(request: Request) -> tuple[str | None, Response | None]:
    """The query of a GET or POST, or a refusal for updates and dataset selection we do not offer."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    params = dict(request.query_params)
    if request.method == "POST":
        if content_type == "application/sparql-update":
            return None, _read_only()
        if content_type == "application/sparql-query":
            return (await request.body()).decode("utf-8", "replace"), None
        if content_type == "application/x-www-form-urlencoded":
            params.update(parse_qsl((await request.body()).decode("utf-8", "replace")))
        else:
            return None, PlainTextResponse(f"unsupported content type {content_type!r}", status_code=415)
    if "update" in params:
        return None, _read_only()
    if "default-graph-uri" in params or "named-graph-uri" in params:
        message = "this endpoint has one default graph: leave out default-graph-uri and named-graph-uri"
        return None, PlainTextResponse(message, status_code=400)
    return params.get("query"), None


def _read_only() -> Response:
    return PlainTextResponse("updates are refused: this endpoint is read-only", status_code=403)


def query_page() -> str:
    """A small HTML form to try queries, the named queries as examples."""
    options = "".join(
        f'<option value="{html.escape(q.text)}">{html.escape(q.name)} — {html.escape(q.comment)}</option>'
        for q in named_queries()
    )
    return _PAGE.replace("{options}", options)


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SPARQL — xtd-rdf</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}textarea{width:100%;height:14rem;
font-family:monospace}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem}</style>
</head><body><h1>SPARQL</h1>
<p>Prefixes schema:, dcterms:, skos:, dcat:, void:, prov:, xsd:, rdf:, rdfs: are predeclared. Read-only.</p>
<form method="get" action="sparql"><label>Example <select id="examples">
<option value="">(choose a named query)</option>{options}</select></label>
<textarea name="query" id="query">SELECT * WHERE { ?s ?p ?o } LIMIT 10</textarea>
<label>Results <select name="format" id="format"><option>application/sparql-results+json</option>
<option>text/csv</option><option>text/turtle</option></select></label>
<button type="submit">Run</button></form><div id="out"></div>
<script>
const q = document.getElementById("query"), out = document.getElementById("out");
document.getElementById("examples").onchange = e => { if (e.target.value) q.value = e.target.value; };
document.querySelector("form").onsubmit = async e => {
  e.preventDefault();
  const accept = document.getElementById("format").value;
  const r = await fetch("sparql", {method: "POST", headers: {"Content-Type": "application/sparql-query",
    "Accept": accept + ", text/turtle;q=0.5"}, body: q.value});
  const text = await r.text();
  out.replaceChildren();
  if (!r.ok || !(r.headers.get("content-type") || "").includes("json")) {
    const pre = document.createElement("pre"); pre.textContent = text; out.append(pre); return; }
  const data = JSON.parse(text), table = document.createElement("table");
  if (!data.results) { out.textContent = String(data.boolean); return; }
  const row = cells => { const tr = table.insertRow();
    cells.forEach(c => { const td = tr.insertCell(); td.textContent = c; }); };
  row(data.head.vars);
  data.results.bindings.forEach(b => row(data.head.vars.map(v => b[v] ? b[v].value : "")));
  out.append(table);
};
</script></body></html>
"""


# --- the site and content negotiation --------------------------------------------------------------


class Site:
    """Files of the export folder; a resource path without extension is negotiated by `Accept`."""

    def __init__(self, root: Path, base_path: str) -> None:
        self.root, self.base_path = root, base_path

    async def handle(self, request: Request) -> Response:
        path = request.url.path
        relative = path[len(self.base_path) :] if path.startswith(self.base_path) else path.lstrip("/")
        if "\x00" in relative:  # no file name holds NUL, and the OS calls below would raise on it
            return PlainTextResponse("not found", status_code=404)
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root):
            return PlainTextResponse("not found", status_code=404)
        if _is_file(target):
            return _file(target)
        return await self._negotiate(request, relative.rstrip("/"))

    async def _negotiate(self, request: Request, relative: str) -> Response:
        stem = self.root / relative if relative else self.root / "dataset"
        page = (self.root / relative / "index.html") if relative else self.root / "index.html"
        available = {
            "text/html": page,
            "text/turtle": stem.with_name(stem.name + ".ttl"),
            "application/ld+json": stem.with_name(stem.name + ".jsonld"),
            "application/n-triples": stem.with_name(stem.name + ".ttl"),
        }
        offered = [t for t in RESOURCE_TYPES if _inside(available[t], self.root)]
        if not offered:
            return PlainTextResponse("not found", status_code=404)
        chosen = negotiate(request.headers.get("accept", "*/*"), offered)
        headers = {"Vary": "Accept"}
        if chosen == "text/html" and not request.url.path.endswith("/"):
            return RedirectResponse(request.url.path + "/", status_code=303, headers=headers)
        if chosen == "application/n-triples":
            body = await anyio.to_thread.run_sync(_ntriples, available[chosen])
            return Response(body, media_type=chosen, headers=headers)
        media_type = "text/html; charset=utf-8" if chosen == "text/html" else chosen
        return FileResponse(available[chosen], media_type=media_type, headers=headers)


def _file(target: Path) -> FileResponse:
    media_type = (
        MEDIA_TYPES.get(target.name) or MEDIA_TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0]
    )
    return FileResponse(target, media_type=media_type or "application/octet-stream")


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root) and _is_file(path)


def _is_file(path: Path) -> bool:
    """Path.is_file, False for a name the OS refuses (over 255 bytes: ENAMETOOLONG, which it raises)."""
    try:
        return path.is_file()
    except OSError:
        return False


def _ntriples(turtle: Path) -> bytes:
    """A resource's N-Triples, generated from its Turtle file."""
    return ox.serialize(ox.parse(path=str(turtle), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
