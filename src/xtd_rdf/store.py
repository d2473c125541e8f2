"""The embedded SPARQL store: pyoxigraph in memory, filled from an export folder or straight from a vault.

rdflib stays the modelling API; pyoxigraph answers queries (a 100k-note graph in well under a second).
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TypeVar

import pyoxigraph as ox

from .config import Config
from .pipeline import Built, build
from .vocab import DCAT, RDF
from .writers.rdf import to_oxigraph

T = TypeVar("T")
DUMPS = (("dataset.nt", ox.RdfFormat.N_TRIPLES), ("dataset.ttl", ox.RdfFormat.TURTLE))


class StoreError(Exception):
    """The data cannot be loaded (no dump in the folder, or a dump that does not parse)."""


@dataclass(frozen=True)
class Loaded:
    """A filled store and the base IRI of its dataset (the subject typed `dcat:Dataset`)."""

    store: ox.Store
    base: str | None

    def __len__(self) -> int:
        return len(self.store)


def load_export(folder: Path) -> Loaded:
    """The graph of an export folder, read from its `dataset.nt` (or `dataset.ttl`)."""
    for name, rdf_format in DUMPS:
        dump = folder / name
        if dump.is_file():
            store = ox.Store()
            try:
                store.bulk_load(path=str(dump), format=rdf_format)
            except (SyntaxError, OSError, ValueError) as exc:
                raise StoreError(f"{dump} does not parse: {exc}") from exc
            return Loaded(store, dataset_base(store))
    raise StoreError(f"{folder} holds no dataset.nt nor dataset.ttl; run `xtd-rdf export` first")


def load_vault(vault: Path, config: Config) -> tuple[Loaded, Built]:
    """The graph of a vault, built in memory by the pipeline without writing anything."""
    built = build(vault, config)
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in to_oxigraph(built.triples))
    return Loaded(store, dataset_base(store)), built


def dataset_base(store: ox.Store) -> str | None:
    """The dataset IRI, which is the base every resource IRI starts with."""
    datasets = sorted(
        q.subject.value
        for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(DCAT.Dataset)))
        if isinstance(q.subject, ox.NamedNode)
    )
    return datasets[0] if datasets else None


# --- one worker process per query, killed at the time limit ----------------------------------------


class QueryTimeout(Exception):
    """The query ran past its time limit and its worker was killed."""


def run_isolated(task: Callable[[], T], timeout: float) -> T:
    """Run `task` in a forked child and return its result; kill the child at `timeout` seconds.

    pyoxigraph cannot be interrupted from another Python thread, so a runaway query gets a
    process of its own: the fork shares the loaded store copy-on-write, a SIGKILL stops it for
    sure, and the server's other requests go on meanwhile. The task's exception is re-raised here.
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage cannot follow it
        os.close(read_fd)
        _child(task, write_fd)
    os.close(write_fd)
    try:
        payload = _read_until(read_fd, time.monotonic() + timeout)
    finally:
        os.close(read_fd)
    if payload is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise QueryTimeout(f"the query ran past the time limit of {timeout:g} s and was stopped")
    os.waitpid(pid, 0)
    if not payload:
        raise RuntimeError("the query worker died without an answer")
    ok, value = pickle.loads(payload)
    if ok:
        return value
    raise value


def _child(task: Callable[[], object], write_fd: int) -> NoReturn:  # pragma: no cover - runs in the child
    """Compute, send the pickled outcome down the pipe, and leave without running the parent's cleanup."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        try:
            payload = pickle.dumps((True, task()))
        except Exception as exc:
            try:
                payload = pickle.dumps((False, exc))
            except Exception:
                payload = pickle.dumps((False, RuntimeError(str(exc))))
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(0)


def _read_until(fd: int, deadline: float) -> bytes | None:
    """Everything the child writes until it closes the pipe, or None if the deadline comes first."""
    chunks = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
