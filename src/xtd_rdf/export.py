"""`export`: build the vault, then write every output into a staging folder and swap it in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .diagnostics import Diagnostic, Severity
from .output import check_output, staging
from .pipeline import Built, Progress, build
from .validate import load_shapes
from .validate_report import Validation, validate_built
from .writers.rdf import write_dumps, write_resources
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
    built = build(vault, config, progress)
    validation = validate_built(built, shapes_graph) if shapes_graph is not None else None
    if validation is not None and not validation.conforms and not force:
        return ExportResult(built, out, 0, validation, published=False)
    with staging(out) as stage:
        write_dumps(stage, built.triples)
        resources = write_resources(stage, config.base, built.by_document)
        (stage / "README.md").write_text(OUTPUT_README, encoding="utf-8")
        if validation is not None:
            write_validation(stage, validation, built.dataset)
    return ExportResult(built, out, resources, validation)
