"""OAI-PMH 2.0 over an export folder, as starlette routes for `xtd-rdf serve` (mounted at /oai).

The protocol is oai_protocol.py (a pure function); this module only does HTTP (GET and POST) and
reads the export folder again when an export has swapped in a new one.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .oai_protocol import PAGE_SIZE, SCHEMA_XSD, respond
from .oai_repository import Repository, load_repository

__all__ = ["PAGE_SIZE", "oai_app", "oai_routes", "respond"]


class _Loaded:
    """The repository of an export folder, read again when an export has replaced the folder."""

    def __init__(self, folder: Path, admin_email: str | None) -> None:
        self.folder, self.admin_email = folder, admin_email
        self.key: tuple[int, int] | None = None
        self.repo: Repository | None = None

    def get(self) -> Repository:
        stat = (self.folder / "dataset.nt").stat()
        key = (stat.st_ino, stat.st_mtime_ns)
        if self.repo is None or key != self.key:
            self.repo, self.key = load_repository(self.folder, self.admin_email), key
        return self.repo


def oai_routes(
    folder: Path, path: str = "/oai", page_size: int = PAGE_SIZE, admin_email: str | None = None
) -> list[Route]:
    """The endpoint (GET and POST) at `path` and its `schema_org` XML schema beside it."""
    loaded = _Loaded(folder, admin_email)

    async def endpoint(request: Request) -> Response:
        if request.method == "POST":
            params = parse_qsl((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
        else:
            params = list(request.query_params.multi_items())
        base_url = str(request.url.replace(query=""))
        try:
            repo = loaded.get()
        except FileNotFoundError:
            return Response(f"no export in {folder}: run `xtd-rdf export` first\n", status_code=503)
        body = respond(repo, params, base_url, page_size)
        return Response(body, media_type="text/xml; charset=utf-8")

    async def schema(request: Request) -> Response:
        return Response(SCHEMA_XSD, media_type="application/xml")

    return [
        Route(path, endpoint, methods=["GET", "POST"]),
        Route(path.rstrip("/") + "/schema_org.xsd", schema, methods=["GET"]),
    ]


def oai_app(folder: Path, page_size: int = PAGE_SIZE, admin_email: str | None = None) -> Starlette:
    """A starlette app serving OAI-PMH for one export folder at `/oai`."""
    return Starlette(routes=oai_routes(folder, "/oai", page_size, admin_email))
