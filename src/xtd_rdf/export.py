"""`export`: build the vault, then write every output into a staging folder and swap it in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .diagnostics import Diagnostic, Severity
from .output import check_output, exclusive, staging
from .pipeline import Built, Progress, build
from .writers.catalog import write_catalog
from .writers.feed import build_feed, write_feed
from .writers.rdf import write_dumps, write_resources
from .writers.site import write_site
from .writers.sitemap import write_sitemap

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

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.built.diagnostics

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


def _write_harvesting(stage: Path, previous: Path, built: Built) -> None:
    """Change feed (against the previous output, still in place), sitemap and DCAT catalogue."""
    base = built.dataset.config.base
    feed = build_feed(previous, base, built.by_document)
    write_feed(stage, feed)
    write_sitemap(stage, base, feed.times())
    write_catalog(stage, base, built.by_document)


def export(vault: Path, out: Path, config: Config, progress: Progress | None = None) -> ExportResult:
    """Export a vault to `out`; the previous output stays whole unless this run completes."""
    check_output(out, vault)
    with exclusive(out):
        built = build(vault, config, progress)
        with staging(out) as stage:
            write_dumps(stage, built.triples)
            resources = write_resources(stage, config.base, built.by_document)
            _write_harvesting(stage, out, built)
            write_site(stage, built)
            (stage / "README.md").write_text(OUTPUT_README, encoding="utf-8")
    return ExportResult(built, out, resources)
