"""The per-note stages (decode → parse → extract) over many files, in worker processes when asked.

`--jobs N` runs them in a pool of N forked processes, in chunks of CHUNK files; results come back in
input order, so the output does not depend on N. Each result travels as the pickle the cache stores,
so a worker's answer costs the parent one `pickle.loads`. Fewer than MIN_POOLED files are read in
process: starting workers would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable, Iterator, Sequence
from functools import partial

from .diagnostics import Diagnostic
from .extract import extract_facts
from .facts import NoteFacts
from .notes import Note, parse_note
from .vault import decode

Outcome = Diagnostic | tuple[Note, NoteFacts]  # a skipped file's reason, or what the note says
CHUNK = 32
MIN_POOLED = 2 * CHUNK


def interpret(path: str, data: bytes, max_bytes: int, language: str) -> Outcome:
    """What one file's bytes say: decoded, parsed, read; pure."""
    source = decode(path, data, max_bytes)
    if isinstance(source, Diagnostic):
        return source
    note = parse_note(source)
    return note, extract_facts(note, language)


def pickled(outcome: Outcome) -> bytes | None:
    """The outcome as the cache stores it; None when it cannot be (front matter nested thousands deep)."""
    try:
        return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except (RecursionError, pickle.PicklingError):
        return None


def _pickled(item: tuple[str, bytes], max_bytes: int, language: str) -> bytes | None:
    return pickled(interpret(*item, max_bytes, language))


def interpret_all(
    items: Sequence[tuple[str, bytes]], max_bytes: int, language: str, jobs: int
) -> Iterator[tuple[Outcome, bytes | None]]:
    """Each (path, bytes) → (outcome, its pickle when a worker made one, else None), in input order."""
    if jobs <= 1 or len(items) < MIN_POOLED:
        for path, data in items:
            yield interpret(path, data, max_bytes, language), None
        return
    # The first file is read here: what extraction loads once (the language model, word lists) is
    # then loaded before the fork, and every worker inherits it instead of loading it again.
    yield interpret(*items[0], max_bytes, language), None
    work: Callable[[tuple[str, bytes]], bytes | None] = partial(
        _pickled, max_bytes=max_bytes, language=language
    )
    with multiprocessing.get_context("fork").Pool(min(jobs, len(items) // CHUNK)) as pool:
        for item, blob in zip(items[1:], pool.imap(work, items[1:], chunksize=CHUNK), strict=True):
            if blob is None:  # cannot travel between processes: read here, and never cached
                yield interpret(*item, max_bytes, language), None
            else:
                yield pickle.loads(blob), blob
