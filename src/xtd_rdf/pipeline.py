"""read → parse → extract → resolve → map: the vault in memory, without writing anything.

With a NoteCache, only the notes whose file changed are parsed and read again (`Built.parsed` counts
them); the whole-vault stages (resolve: identity, link targets, backlinks; then the triples) always
run on every note, cached or fresh, so they are right when notes change, appear or disappear.
"""

from __future__ import annotations

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
from .gc_pause import gc_paused
from .graph import Triple, dataset_triples
from .links import SAME_AS_TABLE, same_as_table
from .notes import Note
from .parallel import Item, Outcome, interpret_all, pickled
from .publish import PublishGate
from .resolve import resolve
from .timing import stage
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


@gc_paused()  # everything it makes is kept (see gc_pause)
def build(
    vault: Path,
    config: Config,
    progress: Progress | None = None,
    *,
    cache: NoteCache | None = None,
    jobs: int = 1,
) -> Built:
    """Read and interpret a whole vault; pure but for reading its files (and the cache, when given)."""
    with stage("read-parse-extract"):
        read = _Reader(vault, config, cache, progress).read(jobs)
    gate = PublishGate(config)  # excluded files are read too: links to them must know their names
    found = read.diagnostics + [o for o in read.outcomes if isinstance(o, Diagnostic)]
    diagnostics = [d for d in found if not gate.excludes(d.path)]
    pairs = []
    for note, facts in (o for o in read.outcomes if not isinstance(o, Diagnostic)):
        if gate.withhold(note):  # nothing a withheld note says goes further
            continue
        pairs.append((note, facts))
        diagnostics += note.diagnostics + facts.diagnostics
    tables = read_data_tables(vault)
    same_as_rows, same_as_diagnostics = same_as_table(tables.pop(SAME_AS_TABLE, None))  # not an actors table
    table_orgs, table_diagnostics = organizations_from_tables(tables)
    diagnostics += table_diagnostics + same_as_diagnostics
    with stage("resolve"):
        dataset = resolve(pairs, config, table_orgs, gate.withheld, same_as_rows)
    diagnostics += dataset.diagnostics + gate.diagnostics
    with stage("map"):
        triples = dataset_triples(dataset)
    return Built(dataset, triples, sorted(diagnostics), read.parsed, read.files, read.links)


@dataclass
class _Read:
    outcomes: list[Outcome]
    diagnostics: list[Diagnostic]
    files: tuple[FileState, ...]
    links: tuple[str, ...]
    parsed: int


_Miss = tuple[int, str, os.stat_result | None]  # a slot, a vault path, the stat the scan took
LOOKUP_BATCH = 500  # notes looked up in the cache in one query (SQLite takes up to 999 parameters)


class _Reader:
    """The per-note stages over a vault: from the cache where a file is unchanged, else parsed anew."""

    def __init__(self, vault: Path, config: Config, cache: NoteCache | None, progress: Progress | None):
        self.vault, self.config, self.cache, self.progress = vault, config, cache, progress
        self.fingerprint = config_fingerprint(config) if cache is not None else ""
        self.known = cache.files() if cache is not None else {}
        self.diagnostics: list[Diagnostic] = []
        self.states: list[FileState] = []
        self.used: list[bytes] = []
        self.keys: dict[int, bytes] = {}
        self.done = self.total = 0

    def read(self, jobs: int) -> _Read:
        notes, links = scan(self.vault)  # excluded notes too (see build)
        self.diagnostics += [link_warning(link) for link in links]
        self.total = len(notes)
        slots: list[Outcome | None] = [None] * len(notes)
        misses: list[_Miss] = []
        looked_up: list[tuple[int, str, FileState, bytes]] = []
        for slot, (path, stat) in enumerate(notes.items()):
            state = self._state(path, stat) if self.cache is not None else None
            if state is None:
                misses.append((slot, path, stat))
            else:
                looked_up.append((slot, path, state, note_key(self.fingerprint, path, state.digest)))
        for start in range(0, len(looked_up), LOOKUP_BATCH):
            misses += self._lookup(looked_up[start : start + LOOKUP_BATCH], slots, notes)
        misses.sort(key=lambda miss: miss[0])  # parsed in vault order, whatever the cache held
        self._parse(misses, slots, jobs)
        if self.cache is not None:
            self.cache.finish(self.states, self.used)
            self.diagnostics += self.cache.diagnostics
        outcomes = [o for o in slots if o is not None]
        files = tuple(sorted(self.states, key=lambda s: s.path))
        return _Read(outcomes, self.diagnostics, files, tuple(links), len(misses))

    def _state(self, path: str, stat: os.stat_result | None) -> FileState | None:
        """Like git's index: a file whose size and mtime are as recorded is not read, only looked up."""
        state = self.known.get(path)
        if state is None or stat is None or not state.same_stat(stat):
            try:
                state = file_state(path, stat or os.stat(self.vault / path), (self.vault / path).read_bytes())
            except OSError:
                return None  # said when the file is read to be parsed
        return state

    def _lookup(
        self,
        batch: list[tuple[int, str, FileState, bytes]],
        slots: list[Outcome | None],
        stats: dict[str, os.stat_result | None],
    ) -> list[_Miss]:
        """The cached outcomes of a batch of notes, fetched in one query; the notes not found."""
        assert self.cache is not None
        found = self.cache.notes([key for _, _, _, key in batch])
        misses: list[_Miss] = []
        for slot, path, state, key in batch:
            blob = found.get(key)
            outcome = self._unpickled(blob, key, path) if blob is not None else None
            if outcome is None:
                misses.append((slot, path, stats[path]))
                continue
            slots[slot] = outcome
            self.states.append(state)
            self.used.append(key)
            self._tick()
        return misses

    def _unpickled(self, blob: bytes, key: bytes, path: str) -> Outcome | None:
        assert self.cache is not None
        try:
            outcome = pickle.loads(blob)
        except Exception as exc:  # garbage can fail to unpickle in any way
            self.cache.drop(key, path, type(exc).__name__)
            return None
        if not _is_outcome(outcome, path):
            self.cache.drop(key, path, "not a note")
            return None
        return outcome

    def _parse(self, misses: list[_Miss], slots: list[Outcome | None], jobs: int) -> None:
        """Parse and read the files not in the cache; each is read (again) just before it is parsed."""
        items = self._items(misses)
        config = self.config
        for slot, outcome, blob in interpret_all(items, len(misses), config, jobs):
            slots[slot] = outcome
            blob = blob or (pickled(outcome) if self.cache is not None else None)
            if self.cache is not None and blob is not None:
                self.cache.put(self.keys[slot], blob)
                self.used.append(self.keys[slot])
            self._tick()

    def _items(self, misses: list[_Miss]) -> Iterator[Item]:
        """The files to parse, read one by one; the key is the hash of the very bytes parsed."""
        for slot, path, stat in misses:
            try:
                stat = stat or os.stat(self.vault / path)
                data = (self.vault / path).read_bytes()
            except OSError as exc:
                self.diagnostics.append(unreadable(path, exc))
                continue
            if self.cache is not None:  # the stat was taken before this read: a later write is seen
                state = file_state(path, stat, data)
                self.states.append(state)
                self.keys[slot] = note_key(self.fingerprint, path, state.digest)
            yield slot, path, data

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
