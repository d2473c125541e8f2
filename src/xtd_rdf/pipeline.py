"""read → parse → extract → resolve → map: the vault in memory, without writing anything."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .dataset import Dataset
from .diagnostics import Diagnostic
from .extract import extract_facts
from .extract.tables import organizations_from_tables
from .graph import Triple, dataset_triples
from .links import SAME_AS_TABLE, same_as_table
from .notes import parse_note
from .publish import PublishGate
from .resolve import resolve
from .vault import read_data_tables, read_vault

Progress = Callable[[int, int], None]  # (notes done, notes in all)


@dataclass(frozen=True)
class Built:
    """The resolved vault, its triples by document, and every diagnostic of every stage."""

    dataset: Dataset
    by_document: dict[str, list[Triple]]
    diagnostics: list[Diagnostic]

    @property
    def triples(self) -> list[Triple]:
        return [t for triples in self.by_document.values() for t in triples]


def build(vault: Path, config: Config, progress: Progress | None = None) -> Built:
    """Read and interpret a whole vault; pure but for reading its files."""
    diagnostics: list[Diagnostic] = []
    pairs = []
    gate = PublishGate(config)  # excluded files are read too: links to them must know their names
    sources = list(read_vault(vault, (), config.max_note_bytes))
    for done, source in enumerate(sources, start=1):
        if isinstance(source, Diagnostic):
            diagnostics += [] if gate.excludes(source.path) else [source]
            continue
        note = parse_note(source)
        if gate.withhold(note):  # before extraction: nothing a withheld note says goes further
            continue
        facts = extract_facts(note, config.language)
        diagnostics += note.diagnostics + facts.diagnostics
        pairs.append((note, facts))
        if progress is not None:
            progress(done, len(sources))
    tables = read_data_tables(vault)
    same_as_rows, same_as_diagnostics = same_as_table(tables.pop(SAME_AS_TABLE, None))  # not an actors table
    table_orgs, table_diagnostics = organizations_from_tables(tables)
    diagnostics += table_diagnostics + same_as_diagnostics
    dataset = resolve(pairs, config, table_orgs, gate.withheld, same_as_rows)
    diagnostics += dataset.diagnostics + gate.diagnostics
    return Built(dataset, dataset_triples(dataset), sorted(diagnostics))
