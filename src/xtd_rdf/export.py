"""`export`: build the vault, then write every output into a staging folder and swap it in."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, partial
from pathlib import Path

from rdflib import Graph

from . import memo, stamp
from .cache import NoteCache, opened
from .config import Config
from .diagnostics import Diagnostic, Severity
from .gc_pause import kept
from .output import Files, Made, cache_folder, check_output, exclusive, staging
from .parallel import beside
from .pipeline import Built, Progress, build
from .publish import summary as withheld_summary
from .query_blocks import run_query_blocks
from .stamp import Options, Report
from .timing import peak_mb, stage, timed_stage
from .validate import load_shapes
from .validate_report import Validation, summary, validate_built
from .writers.atom import write_atom
from .writers.catalog import write_catalog
from .writers.feed import Feed, build_feed, current_state, keep_feed, read_feed, state_keys, write_feed
from .writers.rdf import RdfWritten, write_rdf
from .writers.site import PageTraces, write_site
from .writers.sitemap import keep_sitemap, write_sitemap
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

    @cached_property  # the stamp records it, the CLI prints it: made once (thousands of findings)
    def report(self) -> Report:
        """What the CLI tells the user about this export (and says again while nothing changes)."""
        validation = self.validation
        findings = tuple((f.severity, str(f), f.message) for f in validation.findings) if validation else ()
        return Report(
            notes=len(self.built.dataset.notes),
            triples=sum(map(len, self.built.by_document.values())),  # not a list of them all
            resources=self.resources,
            parsed=self.built.parsed,
            diagnostics=tuple(self.diagnostics),
            findings=findings,
            validation=summary(validation.findings) if validation is not None else None,
            published=self.published,
            has_errors=self.has_errors,
            withheld=withheld_summary(self.built.dataset.withheld),
        )


def _write_harvesting(files: Files, previous: Path, built: Built, rdf: RdfWritten) -> None:
    """Change feed (against the previous output, still in place), sitemap and DCAT catalogue.

    When no resource changed, the feed and the sitemap are the previous output's (feed.keep_feed).
    """
    base, by_document = built.dataset.config.base, built.by_document
    current = current_state(base, by_document, rdf.hashes, rdf.types)
    if keep_feed(files, previous, state_keys(base, by_document, current)):
        if not keep_sitemap(files, previous):  # one is gone: made again from the state kept
            write_sitemap(files, base, (read_feed(previous) or Feed(base, {}, [])).times())
    else:
        feed = build_feed(previous, base, by_document, memo=files.memo, current=current)
        write_feed(files, feed)
        write_sitemap(files, base, feed.times())
    write_catalog(files, base, by_document, rdf.hashes)
    write_atom(files, built.dataset)


class _Unpublished(Exception):
    """Violations, and no `force`: nothing of this run is published."""

    def __init__(self, validation: Validation) -> None:
        self.validation = validation


def _validated(
    built: Built, shapes: Graph | None, scope: bytes, kept: bytes | None
) -> tuple[Validation | None, float, float]:
    """The validation (None without shapes), its wall seconds and the peak MB of the process it ran in.

    `kept`: what the last validation in this cache kept for this one (validate_kept.py).
    """
    start = time.perf_counter()
    validation = validate_built(built, shapes, scope, kept) if shapes is not None else None
    return validation, time.perf_counter() - start, peak_mb()


def export(
    vault: Path,
    out: Path,
    config: Config,
    progress: Progress | None = None,
    *,
    validate: bool = True,
    force: bool = False,
    shapes: Sequence[Path] = (),
    full: bool = False,
    jobs: int = 1,
) -> ExportResult:
    """Export a vault to `out`; the previous output stays whole unless this run completes.

    With `validate`, SHACL violations publish nothing unless `force`; the reports go in the output.
    Notes unchanged since the last export into `out` come from its cache (`full`: none do, and the
    cache is rewritten); `jobs` processes parse the others. A published export leaves a stamp that
    lets the next one skip everything when nothing has changed (`stamp.unchanged`), and a memo that
    lets it link each file made from what made the published one, without making it (memo.py).
    """
    check_output(out, vault)
    shapes_graph = load_shapes(shapes) if validate else None  # a bad shapes file fails before the build
    options = Options(validate, force, tuple(shapes))
    with exclusive(out), opened(cache_folder(out)) as cache:
        if full:
            cache.clear()
        inputs, tables = stamp.inputs_hash(vault, config, options), stamp.table_states(vault)
        previous = {} if full else memo.published(cache, out, inputs)  # while its stamp holds
        build_vault = partial(build, vault, config, progress, cache=cache, jobs=jobs)
        with kept(build_vault) as built:
            result, made = _publish(
                built, out, cache, shapes_graph, force, jobs, previous, memo.scope(inputs)
            )
            if result.published:  # still in `kept`: a collection here walked the whole vault (a second)
                recorded = stamp.record(out, inputs, built.files, built.links, tables, result.report)
                cache.set_stamp(recorded, made)  # the memo of the output now in place, with its stamp
    return result


def _publish(
    built: Built,
    out: Path,
    cache: NoteCache,
    shapes: Graph | None,
    force: bool,
    jobs: int,
    previous: Mapping[str, Made],
    scope: bytes,
) -> tuple[ExportResult, dict[str, Made]]:
    """Query blocks, validation and every writer, into a staging folder swapped in at the end.

    `previous`, `scope`: the published output's memo and this export's scope (memo.py). Returns
    the export and the memo of its files.
    """
    base = built.dataset.config.base
    with stage("query-blocks"):  # before validation, so their warnings are told even if it fails
        queries = run_query_blocks(built.dataset.notes, built.by_document)
    built = replace(built, diagnostics=sorted(built.diagnostics + queries.diagnostics))
    try:
        last = cache.validation() if shapes is not None else None  # what the last validation kept
        validating = partial(_validated, built, shapes, scope, last)
        with beside(validating, jobs if shapes is not None else 1) as pending, staging(out) as folder:
            # unchanged files are linked from the previous output, made or not (memo.py)
            files = Files(folder, previous=out, memo=previous, scope=scope)
            with stage("write-rdf"):  # while validation runs beside it (jobs > 1)
                rdf = write_rdf(files, base, built.by_document, cache)
            with stage("wait-validate"):
                validation = timed_stage("validate", *pending.result())
            if validation is not None:
                cache.set_validation(validation.kept)
            if validation is not None and not validation.conforms and not force:
                raise _Unpublished(validation)  # the staging folder goes; the output stays as it was
            cache.set_stamp(None)  # the output is about to change: the old stamp no longer holds
            with stage("write-harvesting"):
                _write_harvesting(files, out, built, rdf)
            if validation is not None:
                with stage("write-validation"):
                    write_validation(files, validation, built.dataset)
            with stage("write-html"):  # last: the index links the files before it
                checked = PageTraces(rdf.hashes, cache.page_traces())
                site = write_site(files, built, queries.results, jobs, checked)
                cache.set_page_traces(site.traces)
            files.write_text("README.md", OUTPUT_README)
    except _Unpublished as unpublished:
        return ExportResult(built, out, 0, unpublished.validation, published=False), {}
    return ExportResult(built, out, rdf.resources, validation), files.made
