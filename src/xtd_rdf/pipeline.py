"""read → parse → extract → resolve → map: the vault in memory, without writing anything.

With a NoteCache, only the notes whose file changed are parsed and read again (`Built.parsed` counts
them); the whole-vault stages (resolve: identity, link targets, backlinks; then the triples) always
run on every note, cached or fresh, so they are right when notes change, appear or disappear.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .cache import FileState, NoteCache, config_fingerprint, file_state, note_key
from .config import Config
from .dataset import Dataset
from .diagnostics import Diagnostic
from .extract.tables import organizations_from_tables
from .facts import NoteFacts
from .graph import Triple, dataset_triples
from .notes import Note
from .parallel import Outcome, interpret_all, pickled
from .resolve import resolve
from .vault import link_warning, read_data_tables, scan, unreadable

Progress = Callable[[int, int], None]  # (notes done, notes in all)


@dataclass(frozen=True)
class Built:
    """The resolved vault, its triples by document, and every diagnostic of every stage."""

    dataset: Dataset
    by_document: dict[str, list[Triple]]
    diagnostics: list[Diagnostic]
    parsed: int = 0  # notes parsed and read this run (the others came from the cache)
    files: tuple[FileState, ...] = field(default=(), repr=False)  # the note files as read (with a cache)
    links: tuple[str, ...] = ()  # the symbolic links found in the vault, not followed

    @property
    def triples(self) -> list[Triple]:
        return [t for triples in self.by_document.values() for t in triples]


def build(
    vault: Path,
    config: Config,
    progress: Progress | None = None,
    *,
    cache: NoteCache | None = None,
    jobs: int = 1,
) -> Built:
    """Read and interpret a whole vault; pure but for reading its files (and the cache, when given)."""
    read = _Reader(vault, config, cache, progress).read(jobs)
    pairs = [o for o in read.outcomes if not isinstance(o, Diagnostic)]
    diagnostics = read.diagnostics + [o for o in read.outcomes if isinstance(o, Diagnostic)]
    for note, facts in pairs:
        diagnostics += note.diagnostics + facts.diagnostics
    table_orgs, table_diagnostics = organizations_from_tables(read_data_tables(vault))
    diagnostics += table_diagnostics
    dataset = resolve(pairs, config, table_orgs)
    diagnostics += dataset.diagnostics
    triples = dataset_triples(dataset)
    return Built(dataset, triples, sorted(diagnostics), read.parsed, read.files, read.links)


@dataclass
class _Read:
    outcomes: list[Outcome]
    diagnostics: list[Diagnostic]
    files: tuple[FileState, ...]
    links: tuple[str, ...]
    parsed: int


@dataclass
class _Miss:
    index: int
    path: str
    data: bytes
    key: bytes


class _Reader:
    """The per-note stages over a vault: from the cache where a file is unchanged, else parsed anew."""

    def __init__(self, vault: Path, config: Config, cache: NoteCache | None, progress: Progress | None):
        self.vault, self.config, self.cache, self.progress = vault, config, cache, progress
        self.fingerprint = config_fingerprint(config) if cache is not None else ""
        self.known = cache.files() if cache is not None else {}
        self.diagnostics: list[Diagnostic] = []
        self.states: list[FileState] = []
        self.used: list[bytes] = []
        self.done = self.total = 0

    def read(self, jobs: int) -> _Read:
        notes, links = scan(self.vault, self.config.ignore)
        self.diagnostics += [link_warning(link) for link in links]
        self.total = len(notes)
        slots: list[Outcome | None] = []
        misses: list[_Miss] = []
        with _gc_paused():  # unpickling thousands of notes: the collector would only slow it down
            for path, stat in notes.items():
                outcome, miss = self._lookup(path, stat, len(slots))
                slots.append(outcome)
                misses += [miss] if miss is not None else []
        self._parse(misses, slots, jobs)
        if self.cache is not None:
            self.cache.finish(self.states, self.used)
            self.diagnostics += self.cache.diagnostics
        outcomes = [o for o in slots if o is not None]
        return _Read(outcomes, self.diagnostics, tuple(self.states), tuple(links), len(misses))

    def _lookup(
        self, path: str, stat: os.stat_result | None, index: int
    ) -> tuple[Outcome | None, _Miss | None]:
        """The cached outcome of an unchanged file, else the file's bytes to parse."""
        try:
            if self.cache is None:
                return None, _Miss(index, path, (self.vault / path).read_bytes(), b"")
            return self._lookup_cached(path, stat or os.stat(self.vault / path), index)
        except OSError as exc:
            self.diagnostics.append(unreadable(path, exc))
            return None, None

    def _lookup_cached(
        self, path: str, stat: os.stat_result, index: int
    ) -> tuple[Outcome | None, _Miss | None]:
        """Like git's index: a file whose size and mtime are as recorded is not read, only looked up."""
        full = self.vault / path
        state, data = self.known.get(path), None
        if state is None or not state.same_stat(stat):
            data = full.read_bytes()
            state = file_state(path, stat, data)
        key = note_key(self.fingerprint, path, state.digest)
        outcome = self._cached(key, path)
        if outcome is None and data is None:  # the stat said unchanged, but there is no usable row
            data = full.read_bytes()
            state = file_state(path, stat, data)
            key = note_key(self.fingerprint, path, state.digest)
        self.states.append(state)
        if outcome is not None:
            self._tick()
            return outcome, None
        assert data is not None
        return None, _Miss(index, path, data, key)

    def _cached(self, key: bytes, path: str) -> Outcome | None:
        assert self.cache is not None
        blob = self.cache.get(key)
        if blob is None:
            return None
        try:
            outcome = pickle.loads(blob)
        except Exception as exc:  # garbage can fail to unpickle in any way
            self.cache.drop(key, path, type(exc).__name__)
            return None
        if not _is_outcome(outcome, path):
            self.cache.drop(key, path, "not a note")
            return None
        self.used.append(key)
        return outcome

    def _parse(self, misses: list[_Miss], slots: list[Outcome | None], jobs: int) -> None:
        items = [(m.path, m.data) for m in misses]
        results = interpret_all(items, self.config.max_note_bytes, self.config.language, jobs)
        for miss, (outcome, blob) in zip(misses, results, strict=True):
            slots[miss.index] = outcome
            blob = blob or (pickled(outcome) if self.cache is not None else None)
            if self.cache is not None and blob is not None:
                self.cache.put(miss.key, blob)
                self.used.append(miss.key)
            self._tick()

    def _tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)


def _is_outcome(value: object, path: str) -> bool:
    """A cached row holds this file's Diagnostic or its (Note, NoteFacts): anything else is damage."""
    if isinstance(value, Diagnostic):
        return value.path == path
    if isinstance(value, tuple) and len(value) == 2:
        note, facts = value
        return isinstance(note, Note) and isinstance(facts, NoteFacts) and note.path == path
    return False


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
