"""The embedded SPARQL store: pyoxigraph in memory, filled from an export folder or straight from a vault.

rdflib stays the modelling API; pyoxigraph answers queries (a 100k-note graph in well under a second).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import queue
import select
import signal
import struct
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pyoxigraph as ox

from .config import Config
from .pipeline import Built, build
from .vocab import DCAT, RDF
from .writers.rdf import oxigraph_store

_PR_SET_PDEATHSIG = 1
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
    store = oxigraph_store(built.by_document)
    return Loaded(store, dataset_base(store)), built


def dataset_base(store: ox.Store) -> str | None:
    """The dataset IRI, which is the base every resource IRI starts with."""
    datasets = sorted(
        q.subject.value
        for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(DCAT.Dataset)))
        if isinstance(q.subject, ox.NamedNode)
    )
    return datasets[0] if datasets else None


# --- worker processes that hold the store, one killed at the time limit -------------------------


class QueryTimeout(Exception):
    """The query ran past its time limit and its worker was killed."""


class WorkerDied(RuntimeError):
    """The worker ended without an answer (a stack overflow in the query parser, the OOM killer)."""


class WorkerPool:
    """Processes forked from this one, each holding the loaded store copy-on-write, answering in turn.

    pyoxigraph cannot be interrupted from another Python thread, so queries run in workers: a task
    past its time limit gets its worker SIGKILLed and replaced while the other workers go on. Forking
    once per worker rather than once per query spares a 100k-note store's fork on every request.
    One long-lived thread forks every worker, so the kernel's parent-death signal stays armed.
    """

    def __init__(self, handler: Callable[[Any], Any], size: int) -> None:
        self._handler, self._fds, self._lock = handler, set[int](), threading.Lock()
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xtd-rdf-spawner")
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._all: dict[int, _Worker] = {}
        for _ in range(size):
            self._idle.put(self._spawn())

    def run(self, request: Any, timeout: float) -> Any:
        """The handler's result for `request` (its exception re-raised), or QueryTimeout at `timeout` s."""
        worker = self._idle.get()
        try:
            ok, value = worker.ask(request, timeout)
        except BaseException:
            self._retire(worker)
            self._idle.put(self._spawn())
            raise
        self._idle.put(worker)
        if ok:
            return value
        raise value

    def close(self) -> None:
        for worker in list(self._all.values()):
            self._retire(worker)
        self._spawner.shutdown()

    def _spawn(self) -> _Worker:
        return self._spawner.submit(self._fork).result()

    def _fork(self) -> _Worker:
        """Runs on the spawner thread: the new worker closes its siblings' pipe ends."""
        with self._lock:
            worker = _Worker.start(self._handler, frozenset(self._fds))
            self._all[worker.pid] = worker
            self._fds |= {worker.requests, worker.results}
        return worker

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            worker.stop()
            self._all.pop(worker.pid, None)
            self._fds -= {worker.requests, worker.results}


@dataclass(frozen=True)
class _Worker:
    """One forked worker: its pid, the pipe we write requests to and the pipe we read results from."""

    pid: int
    requests: int
    results: int

    @classmethod
    def start(cls, handler: Callable[[Any], Any], siblings: frozenset[int]) -> _Worker:
        request_r, request_w = os.pipe()
        result_r, result_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child; coverage cannot follow it
            try:
                for fd in (request_w, result_r, *siblings):
                    with contextlib.suppress(OSError):
                        os.close(fd)
                _serve(handler, request_r, result_w)
            finally:
                os._exit(0)  # never return into the parent's code
        os.close(request_r)
        os.close(result_w)
        return cls(pid, request_w, result_r)

    def ask(self, request: Any, timeout: float) -> tuple[bool, Any]:
        _send(self.requests, pickle.dumps(request))
        payload = _receive(self.results, time.monotonic() + timeout)
        if payload is None:
            raise QueryTimeout(f"the query ran past the time limit of {timeout:g} s and was stopped")
        if payload == b"":
            raise WorkerDied("the query worker died without an answer")
        return pickle.loads(payload)

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        for fd in (self.requests, self.results):
            with contextlib.suppress(OSError):
                os.close(fd)


def _serve(handler: Callable[[Any], Any], requests: int, results: int) -> NoReturn:  # pragma: no cover
    """The worker's loop: answer each request until the pool closes the pipe, then leave at once."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _die_with_parent()
        while (request := _receive(requests, None)) not in (None, b""):
            try:
                outcome = (True, handler(pickle.loads(request)))
                payload = pickle.dumps(outcome)
            except Exception as exc:
                payload = _pickled_error(exc)
            _send(results, payload)
    finally:
        os._exit(0)


def _pickled_error(exc: Exception) -> bytes:
    try:
        return pickle.dumps((False, exc))
    except Exception:
        return pickle.dumps((False, RuntimeError(str(exc))))


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """On Linux, ask the kernel to kill this worker if the server dies first (no orphan queries)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _send(fd: int, payload: bytes) -> None:
    """A length-prefixed message, written whole."""
    view = memoryview(struct.pack(">Q", len(payload)) + payload)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int, deadline: float | None) -> bytes | None:
    """One length-prefixed message; b"" if the other end closed, None if the deadline came first."""
    header = _read_exactly(fd, 8, deadline)
    if not header:
        return header
    return _read_exactly(fd, struct.unpack(">Q", header)[0], deadline)


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes | None:
    chunks, received = [], 0
    while received < size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                return None
        chunk = os.read(fd, min(size - received, 1 << 20))
        if not chunk:
            return b""
        chunks.append(chunk)
        received += len(chunk)
    return b"".join(chunks)
