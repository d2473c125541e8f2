"""What extraction adds to an export of a vault, with and without it.

    python benchmarks/extraction_cost.py [VAULT] [--runs 7] [--jobs N]

Three figures, each the median of the runs with the first run dropped (warm-up), runs interleaved:
- `xtd-rdf export`: the command as a user runs and waits for it (a new process, imports included),
- `export()`: the export function in this process (no interpreter start, no imports),
- `build`: read, parse, extract, resolve and map only (nothing written).

No cache (`--full`): every note is parsed and read each time; `--jobs` as the command's (default: the
cores, as `xtd-rdf export`). "Without" keeps language detection and the main resource (the note's own
data) and drops events, people, organisations and quotations, so their pages and files are not written
either. "Nothing" also drops language detection (a note's language is its front matter's, else the
default) and the main resource: everything issue #3 counts as extraction. Each export goes into a
folder never used before; all are deleted after the last run, untimed (deleting thousands of files
just before a run makes that run wait for the disk).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import xtd_rdf.parallel as parallel
import xtd_rdf.pipeline as pipeline
from xtd_rdf.config import Config
from xtd_rdf.extract.language import declared_language, detect_language
from xtd_rdf.extract.resources import main_resource
from xtd_rdf.facts import NoteFacts
from xtd_rdf.notes import Note

DEFAULT_VAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "museumxtd"
MODES = ("with", "without", "nothing")


def without_extraction(note: Note, default_language: str) -> NoteFacts:
    return NoteFacts(language=detect_language(note, default_language), main_resource=main_resource(note))


def no_extraction(note: Note, default_language: str) -> NoteFacts:
    return NoteFacts(language=declared_language(note) or default_language)


def extraction(mode: str) -> None:
    """Turn extraction on or off where notes are read (forked workers inherit it)."""
    from xtd_rdf.extract import extract_facts

    chosen = {"with": extract_facts, "without": without_extraction, "nothing": no_extraction}[mode]
    parallel.extract_facts = chosen  # type: ignore[assignment]


def timed(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def command(mode: str, vault: Path, out: Path, jobs: int) -> list[str]:
    """`xtd-rdf export …` through this file, so that `without` can turn extraction off first."""
    export = ["export", str(vault), "--out", str(out), "--full", "--jobs", str(jobs), "--quiet"]
    return [sys.executable, __file__, "--cli", mode, *export]


def main() -> None:
    if sys.argv[1:2] == ["--cli"]:  # one `xtd-rdf export`, in the process the runner started
        extraction(sys.argv[2])
        from xtd_rdf.cli import main as cli

        cli(sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vault", nargs="?", type=Path, default=DEFAULT_VAULT)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="extraction-cost-"))
    try:
        times = measure(args, scratch)
    finally:
        shutil.rmtree(scratch)
    for what in ("xtd-rdf export", "export()", "build"):
        with_, without, nothing = (statistics.median(times[(what, m)][1:]) for m in MODES)
        print(
            f"{what:15} with {with_:.3f} s, without {without:.3f} s: {100 * (with_ / without - 1):+.0f}%; "
            f"nothing {nothing:.3f} s: {100 * (with_ / nothing - 1):+.0f}%"
        )


def measure(args: argparse.Namespace, scratch: Path) -> dict[tuple[str, str], list[float]]:
    from xtd_rdf.export import export

    times: dict[tuple[str, str], list[float]] = {}

    def fresh() -> Path:
        return Path(tempfile.mkdtemp(dir=scratch)) / "out"

    for _ in range(args.runs):
        for mode in MODES:
            cli = command(mode, args.vault, fresh(), args.jobs)
            times.setdefault(("xtd-rdf export", mode), []).append(
                timed(partial(subprocess.run, cli, check=True))
            )
            extraction(mode)
            export_once = partial(export, args.vault, fresh(), Config(), jobs=args.jobs)
            times.setdefault(("export()", mode), []).append(timed(export_once))
            build = partial(pipeline.build, args.vault, Config(), jobs=args.jobs)
            times.setdefault(("build", mode), []).append(timed(build))
    return times


if __name__ == "__main__":
    main()
