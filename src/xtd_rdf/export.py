"""`export`: build the vault, then write every output into a staging folder and swap it in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .diagnostics import Diagnostic, Severity
from .output import Files, check_output, exclusive, staging
from .pipeline import Built, Progress, build
from .validate import load_shapes
from .validate_report import Validation, validate_built
from .writers.catalog import write_catalog
from .writers.feed import build_feed, write_feed
from .writers.rdf import write_rdf
from .writers.site import write_site
from .writers.sitemap import write_sitemap
from .writers.validation import write_validation

OUTPUT_README = """\
# output/

The default target of `make export`: `xtd-rdf export notes --out output` writes the dataset here.
Generated; not committed.
"""


@dataclass(frozen=True)
class ExportResult:
    built: Built
    out: Path
    resources: int
    validation: Validation | None = None  # None when validation was skipped
    published: bool = True  # False when violations kept the previous output in place

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.built.diagnostics

    @property
    def has_errors(self) -> bool:
        invalid = self.validation is not None and not self.validation.conforms
        return invalid or any(d.severity is Severity.ERROR for d in self.diagnostics)


def _write_harvesting(files: Files, previous: Path, built: Built, hashes: dict[str, str]) -> None:
    """Change feed (against the previous output, still in place), sitemap and DCAT catalogue."""
    base = built.dataset.config.base
    feed = build_feed(previous, base, built.by_document, hashes=hashes)
    write_feed(files, feed)
    write_sitemap(files, base, feed.times())
    write_catalog(files, base, built.by_document)


def export(
    vault: Path,
    out: Path,
    config: Config,
    progress: Progress | None = None,
    *,
    validate: bool = True,
    force: bool = False,
    shapes: Sequence[Path] = (),
) -> ExportResult:
    """Export a vault to `out`; the previous output stays whole unless this run completes.

    With `validate`, SHACL violations publish nothing unless `force`; the reports go in the output.
    """
    check_output(out, vault)
    shapes_graph = load_shapes(shapes) if validate else None  # a bad shapes file fails before the build
    with exclusive(out):
        built = build(vault, config, progress)
        validation = validate_built(built, shapes_graph) if shapes_graph is not None else None
        if validation is not None and not validation.conforms and not force:
            return ExportResult(built, out, 0, validation, published=False)
        with staging(out) as stage:
            files = Files(stage, previous=out)  # unchanged files are linked from the previous output
            rdf = write_rdf(files, config.base, built.by_document)
            _write_harvesting(files, out, built, rdf.hashes)
            if validation is not None:
                write_validation(files, validation, built.dataset)
            write_site(files, built)  # last: the index links the files written before it
            files.write_text("README.md", OUTPUT_README)
    return ExportResult(built, out, rdf.resources, validation)
