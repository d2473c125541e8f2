"""The `xtd-rdf` command: thin click wrappers that load config, call the library, report, exit.

Exit codes: 0 ok, 1 the data has errors, 2 bad usage or unreadable input.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO
from urllib.parse import urlsplit

import click

from . import __version__, timing
from .config import CONFIG_NAME, TEMPLATE, Config, ConfigError, load_config
from .diagnostics import Diagnostic, Severity
from .output import OutputError
from .stamp import Options, Report, unchanged

if TYPE_CHECKING:
    from .store import Loaded

# rdflib, pyshacl, pyoxigraph and jinja2 load inside the commands that use them: an export that finds
# nothing changed (stamp.unchanged) must not pay for them.

EXIT_OK, EXIT_DATA_ERRORS, EXIT_USAGE = 0, 1, 2


class UsageError(click.ClickException):
    """Bad usage or unreadable input: exit 2."""

    exit_code = EXIT_USAGE


def _config(vault: Path, config_path: Path | None, **overrides: object) -> Config:
    try:
        return load_config(vault, config_path).with_overrides(**overrides)
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc


def _print_diagnostics(diagnostics: list[Diagnostic], verbose: bool, quiet: bool) -> None:
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.ERROR or (verbose and not quiet):
            click.echo(str(diagnostic), err=True)


def _summary(diagnostics: list[Diagnostic]) -> str:
    counts = Counter((d.severity.value, d.code) for d in diagnostics if d.severity is not Severity.INFO)
    if not counts:
        return "no warnings"
    return ", ".join(f"{_count(n, severity)} {code}" for (severity, code), n in sorted(counts.items()))


def _count(n: int, noun: str) -> str:
    """ "1 note", "2 notes": the summary's nouns all take a plain -s."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class _ProgressBar:
    """A progress bar on a terminal, shown only once a run has taken more than a second."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self.bar: Any = None

    def update(self, done: int, total: int) -> None:
        if self.bar is None and self.enabled and time.monotonic() - self.started > 1.0:
            self.bar = click.progressbar(length=total, label="Reading notes", file=sys.stderr)
            self.bar.__enter__()
            self.bar.update(done)
        elif self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def config_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--config` and `--base`, the same on every command that reads a vault."""
    command = click.option("--base", help="Base IRI of every published resource (ends with '/').")(command)
    return click.option(
        "--config",
        "config_path",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help=f"Config file (default: VAULT/{CONFIG_NAME} when present).",
    )(command)


shapes_option = click.option(
    "--shapes",
    "shapes",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your own SHACL shapes (Turtle), checked with ours; repeatable (SPARQL constraints on node shapes).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xtd-rdf")
def main() -> None:
    """Publish a vault of Markdown notes as linked open data.

    \b
    Example:
      xtd-rdf export notes --out output
    """
    # an impossible date ("2022-02-31"^^xsd:date) is a validation finding, not a traceback on the console
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    # `kill` (SIGTERM) unwinds like Ctrl-C: a half-written staging folder is removed, the output stays whole
    signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


@main.command("export")
@click.argument("vault", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Output folder; replaced whole at the end of a successful run.",
)
@config_options
@click.option(
    "--explain-merges",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write why names were merged into one person or organisation to this file.",
)
@click.option("--force", is_flag=True, help="Publish even when SHACL validation finds violations.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (and validation.html/.ttl).")
@shapes_option
@click.option("--full", is_flag=True, help="Ignore the incremental cache: read every note again.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Processes that read notes and write pages (default: the cores); the same output for any N.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option("--verbose", "-v", is_flag=True, help="Print every warning with its file and line.")
def export_command(
    vault: Path,
    out: Path,
    config_path: Path | None,
    base: str | None,
    explain_merges: Path | None,
    force: bool,
    no_validate: bool,
    shapes: tuple[Path, ...],
    full: bool,
    jobs: int | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Export VAULT as Turtle, N-Triples and JSON-LD, with a file per resource.

    The graph is checked against the SHACL shapes first: with a violation nothing is
    published and the previous output stays as it was (exit 1), unless --force.
    Warnings are summarised and written to validation.html and validation.ttl.
    Only the notes changed since the last export into OUT are read again (--full: all of
    them); when nothing has changed at all, nothing is written and the last summary is repeated.

    \b
    Example:
      xtd-rdf export notes --out output --base https://data.example.org/
    """
    config = _config(vault, config_path, base=base)
    if not config.base.endswith("/"):  # documents and their `#` parts are paths under it
        raise UsageError(f"--base must end with '/' (got {config.base!r})")
    options = Options(validate=not no_validate, force=force, shapes=shapes)
    if not full and explain_merges is None:
        report = unchanged(vault, out, config, options)
        if report is not None:
            sys.exit(_tell(report, out, verbose, quiet))
    from .export import export  # only now: the check above must not pay for rdflib and the rest
    from .validate import ShapesError

    bar = _ProgressBar(enabled=not quiet and sys.stderr.isatty())
    try:
        result = export(
            vault,
            out,
            config,
            progress=bar.update,
            validate=options.validate,
            force=force,
            shapes=shapes,
            full=full,
            jobs=jobs or _cores(),
        )
    except (OutputError, ShapesError) as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:  # a full disk, a folder without write permission: nothing was published
        raise UsageError(
            f"cannot write the output ({exc}); the previous output in {out} is unchanged"
        ) from exc
    finally:
        bar.close()
    if explain_merges is not None and result.published:
        explain_merges.write_text("\n".join(result.built.dataset.merges) + "\n", encoding="utf-8")
    code = _tell(result.report, out, verbose, quiet)
    for line in timing.lines():
        click.echo(line, err=True)
    _leave(code)


def _leave(code: int) -> NoReturn:
    """End an export's process with `code`, without freeing the built vault object by object.

    Unwinding and finalising freed millions of objects one by one (half a second at 10,000 notes)
    for memory the system takes back at once; the output, the cache and the streams are closed or
    flushed by then. Under a caller that replaced the standard streams (a test's CliRunner, pytest)
    the process is not ours to end: SystemExit, as usual.
    """
    if sys.stdout is sys.__stdout__ is not None and sys.stderr is sys.__stderr__ is not None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def _cores() -> int:
    """The cores this process may run on (its CPU affinity where the system says, else all)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _tell(report: Report, out: Path, verbose: bool, quiet: bool) -> int:
    """Print what an export found and did (again, when nothing changed); its exit code."""
    _print_diagnostics(list(report.diagnostics), verbose, quiet)
    if _report_validation(report, out, verbose, quiet):
        return EXIT_DATA_ERRORS
    if not quiet:
        read = (
            "nothing changed, nothing written"
            if report.unchanged
            else f"{_count(report.parsed, 'note')} parsed"
        )
        click.echo(
            f"{_count(report.notes, 'note')}, {_count(report.triples, 'triple')}, "
            f"{_count(report.resources, 'resource')} → {out}/ "
            f"({_summary(list(report.diagnostics))}; {read})",
            err=True,
        )
        if report.withheld:
            click.echo(report.withheld, err=True)
        if not verbose and any(d.severity is Severity.WARNING for d in report.diagnostics):
            click.echo("Run with --verbose to see every warning with its file and line.", err=True)
    return EXIT_DATA_ERRORS if report.has_errors else EXIT_OK


def _report_validation(report: Report, out: Path, verbose: bool, quiet: bool) -> bool:
    """Print the SHACL findings of an export; True when violations kept the old output in place."""
    if report.validation is None:
        return False
    for severity, text, _ in report.findings:
        if severity == "violation" or (verbose and not quiet and severity == "warning"):
            click.echo(text, err=True)
    if not report.published:
        click.echo(
            f"validation: {report.validation}; nothing published, {out}/ left as it was "
            "(fix the notes, or use --force to publish anyway)",
            err=True,
        )
        return True
    if not quiet:
        click.echo(f"validation: {report.validation} → {out}/validation.html", err=True)
        if not verbose:
            warnings = Counter(message for severity, _, message in report.findings if severity == "warning")
            for message, n in sorted(warnings.items(), key=lambda item: (-item[1], item[0])):
                click.echo(f"  {n} × {message}", err=True)
    return False


@main.command("validate")
@click.argument("vault", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."))
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(["text", "json", "turtle"]),
    default="text",
    show_default=True,
    help="text: one line per finding, by note; json; turtle: the standard sh:ValidationReport.",
)
@shapes_option
@config_options
@click.option("--verbose", "-v", is_flag=True, help="Also print hints (sh:Info) in the text report.")
def validate_command(
    vault: Path,
    output_format: str,
    shapes: tuple[Path, ...],
    config_path: Path | None,
    base: str | None,
    verbose: bool,
) -> None:
    """Check VAULT against the SHACL shapes, without writing anything.

    Prints each finding with the file and line to fix. Exit 0 when there is no
    violation, 1 when there is, 2 for bad usage.

    \b
    Example:
      xtd-rdf validate notes
      xtd-rdf validate notes --format turtle --shapes museum.ttl > report.ttl
    """
    from .gc_pause import kept
    from .pipeline import build
    from .validate import ShapesError, load_shapes
    from .validate_report import as_json, as_text, as_turtle, validate_built

    config = _config(vault, config_path, base=base)
    if not config.base.endswith("/"):  # documents and their `#` parts are paths under it
        raise UsageError(f"--base must end with '/' (got {config.base!r})")
    try:
        shapes_graph = load_shapes(shapes)
        with kept(lambda: build(vault, config, jobs=_cores())) as built:  # output as with one job
            validation = validate_built(built, shapes_graph)
    except ShapesError as exc:
        raise UsageError(str(exc)) from exc
    if output_format == "json":
        click.echo(as_json(validation.findings, validation.conforms), nl=False)
    elif output_format == "turtle":
        click.echo(as_turtle(validation.outcome, built.dataset), nl=False)
    else:
        click.echo(as_text(validation.findings, show_info=verbose), nl=False)
    sys.exit(EXIT_OK if validation.conforms else EXIT_DATA_ERRORS)


@main.command("init")
@click.argument("vault", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."))
@click.option("--force", is_flag=True, help="Overwrite an existing config file.")
def init_command(vault: Path, force: bool) -> None:
    """Write a commented xtd-rdf.toml into VAULT.

    \b
    Example:
      xtd-rdf init notes
    """
    target = vault / CONFIG_NAME
    if target.exists() and not force:
        raise UsageError(f"{target} exists already; use --force to overwrite it")
    target.write_text(TEMPLATE, encoding="utf-8")
    click.echo(f"wrote {target}", err=True)


@main.command("push")
@click.argument(
    "output", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("output")
)
@click.option("--store", required=True, help="The store's Graph Store Protocol URL (see the README).")
@click.option("--graph", help="The named graph to replace (default: the dataset's IRI).")
@click.option("--chunk-size", default=50_000, show_default=True, help="Statements per request.")
def push_command(output: Path, store: str, graph: str | None, chunk_size: int) -> None:
    """Replace a named graph of a triple store with OUTPUT's dataset.nt.

    Credentials come from XTD_RDF_STORE_USER and XTD_RDF_STORE_PASSWORD (basic) or
    XTD_RDF_STORE_TOKEN (bearer), never from the command line.

    \b
    Example:
      xtd-rdf push output --store http://127.0.0.1:7878/store
    """
    from .push import PushError, dataset_iri, push  # urllib's HTTP client loads only here

    dump = output / "dataset.nt"
    if not dump.is_file():
        raise UsageError(f"{dump} does not exist: run `xtd-rdf export` first")
    try:
        target = graph or dataset_iri(dump)
        result = push(dump, store, target, chunk_size=chunk_size)
    except PushError as exc:
        raise UsageError(str(exc)) from exc
    click.echo(
        f"pushed {result.triples} triples in {result.chunks} request(s) into <{target}> at {store}", err=True
    )


@main.command("query")
@click.argument("query", required=False)
@click.option(
    "--file", "-f", "query_file", type=click.File("r", encoding="utf-8"), help="Read the query from a file."
)
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    help="An export folder (its dataset.nt); default: output/.",
)
@click.option(
    "--vault",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Build the graph from a vault instead.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "xml", "turtle", "jsonld", "ntriples"]),
    default="table",
    show_default=True,
    help="table, or a W3C format: csv/tsv/json/xml for SELECT and ASK, turtle/jsonld/ntriples for graphs.",
)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries shipped with xtd-rdf.")
def query_command(
    query: str | None,
    query_file: TextIO | None,
    data: Path | None,
    vault: Path | None,
    fmt: str,
    list_queries: bool,
) -> None:
    """Run a SPARQL query (text, -f FILE, or a named query) over an export or a vault.

    The model's prefixes (schema:, dcterms:, skos:, dcat:, void:, prov:, xsd:, rdf:, rdfs:) are predeclared.

    \b
    Examples:
      xtd-rdf query --list
      xtd-rdf query notes-per-tag --data output
      xtd-rdf query 'SELECT ?n WHERE { ?n a schema:Person }' --vault notes --format csv
    """
    from .query import QueryRefused, QuerySyntaxError, execute, named_queries, render

    if list_queries:
        for named in named_queries():
            click.echo(f"{named.name:32} {named.comment}")
        return
    source, text = _query_source(query, query_file)
    loaded = _load_graph(data, vault)
    try:
        output, rows = render(execute(loaded.store, text), fmt)
    except QueryRefused as exc:
        raise UsageError(str(exc)) from exc
    except QuerySyntaxError as exc:
        raise UsageError(exc.pointed(source, text)) from exc
    except (ValueError, OSError) as exc:
        raise UsageError(f"the query failed: {exc}") from exc
    click.echo(output.decode("utf-8"), nl=False)
    if rows is not None:
        click.echo(f"({rows} row{'' if rows == 1 else 's'})", err=True)


def _query_source(query: str | None, query_file: TextIO | None) -> tuple[str, str]:
    """Where the query comes from (for error messages) and its text."""
    from .query import named_query

    if query_file is not None:
        return query_file.name, query_file.read()
    if query is None:
        raise UsageError("give a query, -f FILE, or a named query (see `xtd-rdf query --list`)")
    named = named_query(query)
    if named is not None:
        return f"{named.name}.rq", named.text
    return "<query>", query


def _load_graph(data: Path | None, vault: Path | None) -> Loaded:
    from .store import StoreError, load_export, load_vault

    if data is not None and vault is not None:
        raise UsageError("give --data or --vault, not both")
    try:
        if vault is not None:
            return load_vault(vault, _config(vault, None))[0]
        return load_export(data or Path("output"))
    except StoreError as exc:
        raise UsageError(str(exc)) from exc


@main.command("serve")
@click.argument("output", type=click.Path(file_okay=False, path_type=Path), default=Path("output"))
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", "-p", type=int, default=8000, show_default=True, help="Port (0: any free port).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    help="Seconds a query may run.",
)
@click.option(
    "--max-results",
    type=click.IntRange(min=0),
    default=10_000,
    show_default=True,
    help="Results per query at most.",
)
@click.option(
    "--workers", type=click.IntRange(min=1), default=2, show_default=True, help="Queries that run at once."
)
@click.option("--verbose", "-v", is_flag=True, help="Log every request.")
def serve_command(
    output: Path, host: str, port: int, timeout: float, max_results: int, workers: int, verbose: bool
) -> None:
    """Serve an export folder as a site with a read-only SPARQL endpoint at /sparql.

    Resource IRIs answer with HTML, Turtle, JSON-LD or N-Triples as the Accept header asks.

    \b
    Example:
      xtd-rdf serve output --port 8000
    """
    from .serve import (  # starlette and uvicorn load only when serving
        Limits,
        create_app,
        listen,
        origin_of,
        serve,
    )
    from .store import StoreError, load_export

    try:
        loaded = load_export(output)
    except StoreError as exc:
        raise UsageError(str(exc)) from exc
    if loaded.base is None:
        raise UsageError(f"{output}/dataset.nt names no dcat:Dataset: re-export the vault")
    try:
        sock = listen(host, port)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}; choose another --port") from exc
    limits = Limits(timeout, max_results, workers)
    app = create_app(output, loaded, limits, on_stop=lambda: click.echo("Stopped.", err=True))
    origin = origin_of(sock)
    site = origin + urlsplit(loaded.base).path
    click.echo(f"Serving {output}/ ({len(loaded)} triples, base {loaded.base})", err=True)
    click.echo(f"  site:   {site}\n  SPARQL: {origin}/sparql\nPress Ctrl+C to stop.", err=True)
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises Ctrl+C once it has shut down
        serve(app, sock, verbose)


@main.command("preview")
@click.argument("vault", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."))
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder the preview exports into (default: a temporary folder, removed when the preview stops).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", "-p", type=int, default=8000, show_default=True, help="Port (0: any free port).")
@config_options
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (faster; violations go unseen).")
@shapes_option
@click.option("--verbose", "-v", is_flag=True, help="Log every request.")
def preview_command(
    vault: Path,
    out: Path | None,
    host: str,
    port: int,
    config_path: Path | None,
    base: str | None,
    no_validate: bool,
    shapes: tuple[Path, ...],
    verbose: bool,
) -> None:
    """Export VAULT, serve its site, and re-export and reload the open pages whenever a file is saved.

    A failed export keeps the last good site; its diagnostics show in the terminal and in the page.
    The reload script exists only in the preview's responses, never in an exported folder.

    \b
    Example:
      xtd-rdf preview notes --port 8000
    """
    import tempfile

    from .output import check_output
    from .preview import Preview, Settings, run  # starlette, uvicorn and watchfiles load only here
    from .serve import listen, origin_of

    _config(vault, config_path, base=base)  # a broken config file is a usage error before anything runs
    with contextlib.ExitStack() as stack:
        if out is None:
            scratch = tempfile.TemporaryDirectory(prefix="xtd-preview-", dir=_memory_folder())
            out = Path(stack.enter_context(scratch)) / "site"
        try:
            check_output(out, vault)
            sock = listen(host, port)
        except OutputError as exc:
            raise UsageError(str(exc)) from exc
        except OSError as exc:
            message = f"cannot listen on {host}:{port}: {exc.strerror}; choose another --port"
            raise UsageError(message) from exc
        preview = Preview(Settings(vault, out, config_path, base, not no_validate, shapes), _echo)
        preview.rebuild()
        click.echo(f"Preview of {vault}/ at {origin_of(sock)}/ (exported into {out}/)", err=True)
        click.echo("Watching for saved files. Press Ctrl+C to stop.", err=True)
        with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises Ctrl+C once it has shut down
            run(preview, sock, verbose)
        click.echo("Stopped.", err=True)


def _memory_folder() -> str | None:
    """/dev/shm where Linux has it: a preview re-exports on every save, and a disk makes each export
    wait for thousands of file creations it does not need to keep (None: the system's temporary folder)."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


def _echo(line: str) -> None:
    click.echo(line, err=True)
