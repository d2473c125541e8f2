"""Where the build stage spends its time: wall time per sub-stage and per extractor, and peak memory.

    python benchmarks/build_stages.py VAULT [--runs 3] [--fingerprint]

Sub-stages as `pipeline.build` runs them: read, parse, extract (language identification and each
extractor timed apart), resolve, triples. `--fingerprint` prints a SHA-256 of the triples, the
diagnostics and the merges: an optimisation must leave it unchanged.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xtd_rdf.extract as extract
from xtd_rdf.config import Config
from xtd_rdf.diagnostics import Diagnostic
from xtd_rdf.extract.tables import organizations_from_tables
from xtd_rdf.graph import dataset_triples
from xtd_rdf.notes import parse_note
from xtd_rdf.resolve import resolve
from xtd_rdf.vault import read_data_tables, read_vault

EXTRACTORS = (
    "detect_language",
    "main_resource",
    "block_text",
    "agent_lines",
    "quotations",
    "subject_person",
    "prose_people",
    "prose_organizations",
    "described_event",
    "programme",
    "talk",
)


SPENT: dict[str, float] = defaultdict(float)  # this run's seconds by stage and extractor


def time_extractors() -> None:
    """Wrap each extractor `extract_facts` calls so that its time adds up in SPENT."""

    def wrap(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                SPENT["extract: " + name] += time.perf_counter() - start

        return timed

    for name in EXTRACTORS:
        setattr(extract, name, wrap(name, getattr(extract, name)))


def run(vault: Path, spent: dict[str, float]) -> str:
    """One build, stage by stage; returns its fingerprint."""
    config = Config()

    def clock(stage: str, step: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = step()
        spent[stage] += time.perf_counter() - start
        return result

    diagnostics: list[Diagnostic] = []
    pairs = []
    for source in clock("read", lambda: list(read_vault(vault, config.ignore, config.max_note_bytes))):
        if isinstance(source, Diagnostic):
            diagnostics.append(source)
            continue
        note = clock("parse", lambda s=source: parse_note(s))
        facts = clock("extract", lambda n=note: extract.extract_facts(n, config.language))
        diagnostics += note.diagnostics + facts.diagnostics
        pairs.append((note, facts))
    dataset = clock(
        "resolve", lambda: resolve(pairs, config, organizations_from_tables(read_data_tables(vault))[0])
    )
    by_document = clock("triples", lambda: dataset_triples(dataset))
    digest = hashlib.sha256()
    for document, triples in by_document.items():
        digest.update(document.encode())
        for s, p, o in triples:
            digest.update(f"{s.n3()} {p.n3()} {o.n3()}\n".encode())
    for diagnostic in sorted(diagnostics + dataset.diagnostics):
        digest.update(str(diagnostic).encode())
    digest.update("\n".join(dataset.merges).encode())
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fingerprint", action="store_true")
    args = parser.parse_args()
    time_extractors()
    runs: list[dict[str, float]] = []
    for _ in range(args.runs):
        SPENT.clear()
        fingerprint = run(args.vault, SPENT)
        runs.append(dict(SPENT))
    stages = ["read", "parse", "extract", "resolve", "triples"]
    print(f"{'stage':34} median of {args.runs} (s)")
    for stage in stages + sorted(k for k in runs[0] if k.startswith("extract: ")):
        print(f"{stage:34} {statistics.median(r[stage] for r in runs):8.3f}")
    print(
        f"{'build (sum of the stages)':34} {statistics.median(sum(r[s] for s in stages) for r in runs):8.3f}"
    )
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.fingerprint:
        print("fingerprint", fingerprint)


if __name__ == "__main__":
    main()
