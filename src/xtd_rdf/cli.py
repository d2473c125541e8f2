"""The `xtd-rdf` command: thin click wrappers that load config, call the library, report, exit.

Exit codes: 0 ok, 1 the data has errors, 2 bad usage or unreadable input.
"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from pathlib import Path

import click

from . import __version__
from .config import CONFIG_NAME, TEMPLATE, Config, ConfigError, load_config
from .diagnostics import Diagnostic, Severity
from .export import ExportResult, export
from .output import OutputError
from .pipeline import build
from .validate import ShapesError, load_shapes
from .validate_report import as_json, as_text, as_turtle, summary, validate_built

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
    return ", ".join(f"{n} {severity} {code}" for (severity, code), n in sorted(counts.items()))


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
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=f"Config file (default: VAULT/{CONFIG_NAME} when present).",
)
@click.option("--base", help="Base IRI of every published resource (ends with '/').")
@click.option(
    "--explain-merges",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write why names were merged into one person or organisation to this file.",
)
@click.option("--force", is_flag=True, help="Publish even when SHACL validation finds violations.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (and validation.html/.ttl).")
@click.option(
    "--shapes",
    "shapes",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your own SHACL shapes (Turtle), checked with ours; repeatable.",
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
    quiet: bool,
    verbose: bool,
) -> None:
    """Export VAULT as Turtle, N-Triples and JSON-LD, with a file per resource.

    The graph is checked against the SHACL shapes first: with a violation nothing is
    published and the previous output stays as it was (exit 1), unless --force.
    Warnings are summarised and written to validation.html and validation.ttl.

    \b
    Example:
      xtd-rdf export notes --out output --base https://data.example.org/
    """
    config = _config(vault, config_path, base=base)
    if not config.base.endswith(("/", "#")):
        raise UsageError(f"--base must end with '/' (got {config.base!r})")
    show_progress = not quiet and sys.stderr.isatty()
    with click.progressbar(length=0, label="Reading notes", file=sys.stderr, hidden=not show_progress) as bar:
        try:
            result = export(
                vault,
                out,
                config,
                progress=lambda _path: bar.update(1),
                validate=not no_validate,
                force=force,
                shapes=shapes,
            )
        except (OutputError, ShapesError) as exc:
            raise UsageError(str(exc)) from exc
    _print_diagnostics(result.diagnostics, verbose, quiet)
    if _report_validation(result, out, verbose, quiet):
        sys.exit(EXIT_DATA_ERRORS)
    if explain_merges is not None:
        explain_merges.write_text("\n".join(result.built.dataset.merges) + "\n", encoding="utf-8")
    if not quiet:
        built = result.built
        click.echo(
            f"{len(built.dataset.notes)} notes, {len(built.triples)} triples, "
            f"{result.resources} resources → {out}/ ({_summary(result.diagnostics)})",
            err=True,
        )
        if not verbose and any(d.severity is Severity.WARNING for d in result.diagnostics):
            click.echo("Run with --verbose to see every warning with its file and line.", err=True)
    sys.exit(EXIT_DATA_ERRORS if result.has_errors else EXIT_OK)


def _report_validation(result: ExportResult, out: Path, verbose: bool, quiet: bool) -> bool:
    """Print the SHACL findings of an export; True when violations kept the old output in place."""
    validation = result.validation
    if validation is None:
        return False
    for finding in validation.findings:
        if finding.severity == "violation" or (verbose and not quiet and finding.severity == "warning"):
            click.echo(str(finding), err=True)
    if not result.published:
        click.echo(
            f"validation: {summary(validation.findings)}; nothing published, {out}/ left as it was "
            "(fix the notes, or use --force to publish anyway)",
            err=True,
        )
        return True
    if not quiet:
        click.echo(f"validation: {summary(validation.findings)} → {out}/validation.html", err=True)
        if not verbose:
            warnings = Counter(f.message for f in validation.findings if f.severity == "warning")
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
@click.option(
    "--shapes",
    "shapes",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your own SHACL shapes (Turtle), checked with ours; repeatable (SPARQL constraints on node shapes).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=f"Config file (default: VAULT/{CONFIG_NAME} when present).",
)
@click.option("--base", help="Base IRI of every published resource (ends with '/').")
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
    config = _config(vault, config_path, base=base)
    if not config.base.endswith(("/", "#")):
        raise UsageError(f"--base must end with '/' (got {config.base!r})")
    try:
        shapes_graph = load_shapes(shapes)
        built = build(vault, config)
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
