"""What extraction adds to an export: the build stage and the whole export, with and without it.

    python benchmarks/extraction_cost.py [VAULT] [--runs 6]

Both run in one process (`jobs=1`) with no cache: every note is parsed and read each time.
"Without" keeps language detection and the main resource (the note's own data) and drops events,
people, organisations and quotations. Runs are interleaved and the first of each is dropped (warm-up).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import xtd_rdf.parallel as parallel
import xtd_rdf.pipeline as pipeline
from xtd_rdf.config import Config
from xtd_rdf.export import export
from xtd_rdf.extract import extract_facts
from xtd_rdf.extract.language import detect_language
from xtd_rdf.extract.resources import main_resource
from xtd_rdf.facts import NoteFacts
from xtd_rdf.notes import Note

DEFAULT_VAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "museumxtd"


def without_extraction(note: Note, default_language: str) -> NoteFacts:
    return NoteFacts(language=detect_language(note, default_language), main_resource=main_resource(note))


def timed(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def full_export(vault: Path) -> None:
    out = Path(tempfile.mkdtemp()) / "out"
    try:
        export(vault, out, Config())
    finally:
        shutil.rmtree(out.parent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vault", nargs="?", type=Path, default=DEFAULT_VAULT)
    parser.add_argument("--runs", type=int, default=6)
    args = parser.parse_args()
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.runs):
        for mode, extractor in (("with", extract_facts), ("without", without_extraction)):
            parallel.extract_facts = extractor  # type: ignore[assignment]  # where notes are read
            times.setdefault(("build", mode), []).append(timed(lambda: pipeline.build(args.vault, Config())))
            times.setdefault(("export", mode), []).append(timed(lambda: full_export(args.vault)))
    for stage in ("build", "export"):
        with_, without = (statistics.median(times[(stage, m)][1:]) for m in ("with", "without"))
        print(f"{stage:7} with {with_:.3f} s, without {without:.3f} s: {100 * (with_ / without - 1):+.0f}%")


if __name__ == "__main__":
    main()
