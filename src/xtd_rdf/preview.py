"""`xtd-rdf preview`: export a vault, serve the site, re-export when a file is saved, reload the pages.

The export goes to a folder of the preview's own through the ordinary `export()`, so the preview
shows exactly what would be published. Browsers listen on a server-sent event stream; a failed
export keeps the last good output in place and shows its diagnostics in the page and the terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import html
import json
import secrets
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import anyio
import uvicorn
import watchfiles
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.routing import Route

from .config import ConfigError, load_config
from .diagnostics import Diagnostic, Severity
from .export import ExportResult, export
from .output import OutputError
from .preview_page import EVENTS_PATH, InjectScript
from .serve import Site
from .validate import ShapesError

BANNER_LIMIT = 50  # diagnostics listed in the page at most; the terminal has them all


@dataclass(frozen=True)
class Settings:
    """What the preview exports and how: the `export` command's options."""

    vault: Path
    out: Path
    config_path: Path | None = None
    base: str | None = None
    validate: bool = True
    shapes: Sequence[Path] = ()


@dataclass(frozen=True)
class Outcome:
    """One export attempt as the page and the terminal see it."""

    attempt: int
    generation: int  # the output being served: grows only when an export was published
    ok: bool
    message: str
    diagnostics: tuple[Diagnostic, ...] = ()  # for the banner: the errors, and warnings of saved files
    seconds: float = 0.0

    def event(self, name: str, run: str) -> str:
        """The server-sent event that tells a page of preview `run` about this outcome."""
        shown = [str(d) for d in self.diagnostics[:BANNER_LIMIT]]
        if len(self.diagnostics) > BANNER_LIMIT:
            shown.append(f"… and {len(self.diagnostics) - BANNER_LIMIT} more (see the terminal)")
        data = {
            "attempt": self.attempt,
            "generation": self.generation,
            "version": f"{run}.{self.generation}",
            "ok": self.ok,
            "message": self.message,
        }
        return f"event: {name}\ndata: {json.dumps({**data, 'diagnostics': shown})}\n\n"


def export_once(settings: Settings, attempt: int, generation: int, saved: Sequence[str]) -> Outcome:
    """Export the vault into the preview's folder; never raises for bad input, says what went wrong."""
    started = time.perf_counter()
    try:
        config = load_config(settings.vault, settings.config_path).with_overrides(base=settings.base)
        result = export(
            settings.vault, settings.out, config, validate=settings.validate, shapes=settings.shapes
        )
    except (ConfigError, OutputError, ShapesError, OSError) as exc:
        return Outcome(attempt, generation, False, f"export failed: {exc}; showing the previous output")
    except Exception as exc:  # a bug must not stop the preview: say so and keep serving
        message = f"export failed ({type(exc).__name__}: {exc}): please report this bug"
        return Outcome(attempt, generation, False, message)
    return _outcome(result, attempt, generation, saved, time.perf_counter() - started)


def _outcome(result: ExportResult, attempt: int, generation: int, saved: Sequence[str], s: float) -> Outcome:
    findings = [f.to_diagnostic() for f in result.validation.findings] if result.validation else []
    every = sorted({str(d): d for d in [*result.diagnostics, *findings]}.values())  # one line per text
    errors = tuple(d for d in every if d.severity is Severity.ERROR)
    if not result.published:
        message = f"export refused: {len(errors)} errors; showing the previous output"
        return Outcome(attempt, generation, False, message, errors, s)
    shown = tuple(d for d in every if d.severity is Severity.ERROR or (d.path in saved and _is_warning(d)))
    warnings = sum(1 for d in every if _is_warning(d))
    message = f"exported in {s:.2f} s: {len(errors)} errors, {warnings} warnings"
    return Outcome(attempt, generation + 1, True, message, shown, s)


def _is_warning(diagnostic: Diagnostic) -> bool:
    return diagnostic.severity is Severity.WARNING


class Preview:
    """The latest outcome, the open pages' event queues, and the loop that re-exports on save."""

    def __init__(self, settings: Settings, echo: Callable[[str], None]) -> None:
        self.settings, self.echo = settings, echo
        self.outcome = Outcome(0, 0, False, "not exported yet")
        self.listeners: set[asyncio.Queue[str | None]] = set()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.run = secrets.token_hex(4)  # a page of an earlier preview reloads too, whatever its number

    @property
    def version(self) -> str:
        """What the pages served now are: this preview's run and its export number."""
        return f"{self.run}.{self.outcome.generation}"

    def rebuild(self, saved: Sequence[str] = ()) -> Outcome:
        """Export now (blocking) and remember the outcome; print it and its diagnostics."""
        previous = self.outcome
        outcome = export_once(self.settings, previous.attempt + 1, previous.generation, saved)
        self.outcome = outcome
        what = ", ".join(saved) + " saved → " if saved else ""
        self.echo(f"[{time.strftime('%H:%M:%S')}] {what}{outcome.message}")
        for diagnostic in outcome.diagnostics:
            self.echo(f"  {diagnostic}")
        return outcome

    def announce(self, outcome: Outcome) -> None:
        """Tell every open page: reload if a new output is live, else show the diagnostics."""
        event = outcome.event("reload" if outcome.ok else "status", self.run)
        for queue in self.listeners:
            queue.put_nowait(event)

    def close(self) -> None:
        """End every event stream (safe from a signal handler), so the server can stop at once."""
        if self.loop is not None:
            for queue in list(self.listeners):
                self.loop.call_soon_threadsafe(queue.put_nowait, None)

    async def watch(self) -> None:
        """Re-export whenever files of the vault change (changes 100 ms apart count as one save)."""
        vault = self.settings.vault.resolve()
        watch_filter = VaultFilter(vault, self.settings.out.resolve())
        async for changes in watchfiles.awatch(vault, watch_filter=watch_filter, debounce=100, step=20):
            saved = sorted({Path(path).relative_to(vault).as_posix() for _change, path in changes})
            outcome = await anyio.to_thread.run_sync(self.rebuild, saved)
            self.announce(outcome)

    async def events(self, request: Request) -> Response:
        """The event stream of one page: the current outcome at once, then one event per export."""
        queue: asyncio.Queue[str | None] = asyncio.Queue()
        queue.put_nowait("retry: 500\n\n" + self.outcome.event("status", self.run))
        self.listeners.add(queue)

        async def stream() -> AsyncIterator[str]:
            try:
                while (event := await queue.get()) is not None:
                    yield event
            finally:
                self.listeners.discard(queue)

        headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
        return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)


class VaultFilter(watchfiles.DefaultFilter):
    """Files an export reads: not the output and its siblings, hidden folders (.obsidian, .git), caches."""

    def __init__(self, vault: Path, out: Path) -> None:
        super().__init__()
        self.vault = vault
        self.ignored = (str(out), str(out.parent / f".{out.name}."))  # its staging, lock, backup, cache

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        if path.startswith(self.ignored):
            return False
        inside = Path(path).relative_to(self.vault) if Path(path).is_relative_to(self.vault) else Path()
        hidden = any(part.startswith(".") for part in inside.parts)
        return not hidden and super().__call__(change, path)


def create_app(preview: Preview) -> Starlette:
    """The site of the preview's folder (content negotiation as `serve`), the event stream, the script."""
    base_path = "/"
    with contextlib.suppress(ConfigError):
        config = load_config(preview.settings.vault, preview.settings.config_path)
        base_path = _path_of(preview.settings.base or config.base)
    site = Site(preview.settings.out.resolve(), base_path)

    async def page(request: Request) -> Response:
        if not (preview.settings.out / "index.html").is_file():
            message = html.escape(preview.outcome.message)
            return HTMLResponse(_NO_OUTPUT.replace("{message}", message), status_code=503)
        return await site.handle(request)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        preview.loop = asyncio.get_running_loop()
        task = asyncio.create_task(preview.watch())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    routes = [
        Route(EVENTS_PATH, preview.events, methods=["GET"]),
        Route("/{path:path}", page, methods=["GET", "HEAD"]),
    ]
    middleware = [Middleware(InjectScript, version=lambda: preview.version)]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


def _path_of(base: str) -> str:
    return urlsplit(base).path or "/"


_NO_OUTPUT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>xtd-rdf preview</title>
</head><body><h1>No output yet</h1><p>{message}</p><p>Fix the vault and save: this page reloads.</p>
</body></html>"""


class _Server(uvicorn.Server):
    """uvicorn, ending the open event streams on Ctrl+C so it need not wait for the browsers."""

    def __init__(self, config: uvicorn.Config, preview: Preview) -> None:
        super().__init__(config)
        self.preview = preview

    def handle_exit(self, sig: int, frame: object) -> None:
        self.preview.close()
        super().handle_exit(sig, frame)  # type: ignore[arg-type]


def run(preview: Preview, sock: object, verbose: bool) -> None:
    """Serve the preview on a bound socket until Ctrl+C (the first export has run already)."""
    logging = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    logging["handlers"]["access"]["stream"] = "ext://sys.stderr"
    config = uvicorn.Config(
        create_app(preview),
        log_level="info" if verbose else "warning",
        access_log=verbose,
        lifespan="on",
        log_config=logging,
        timeout_graceful_shutdown=2,
    )
    _Server(config, preview).run(sockets=[sock])  # type: ignore[list-item]
