"""The per-note stages (decode → parse → extract) over many files, in worker processes when asked.

`--jobs N` runs them in a pool of N forked processes, up to CHUNK files per task (fewer in a small
vault, so the last tasks do not leave a worker idle while another ends its chunk); results come back in
input order, so the output does not depend on N. Files are read lazily, a few chunks ahead of the
workers, so a large vault's bytes are never all in memory at once. Each result travels as the pickle
the cache stores, so a worker's answer costs the parent one `pickle.loads`. Fewer than MIN_POOLED
files are read in process: starting workers would cost more than it saves.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import shutil
import signal
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult, Pool
from typing import Any, Generic, TypeVar

from .config import Config
from .diagnostics import Diagnostic
from .extract import extract_facts
from .facts import NoteFacts
from .notes import Note, parse_note, without_prose
from .publish import withhold_reason
from .vault import decode

Outcome = Diagnostic | tuple[Note, NoteFacts]  # a skipped file's reason, or what the note says
Item = tuple[int, str, bytes]  # a slot of the caller's, a vault path, the file's bytes
Result = tuple[int, Outcome, bytes | None]  # the slot, the outcome, its pickle when a worker made one
CHUNK = 32
MIN_POOLED = 2 * CHUNK
TASKS_PER_WORKER = 8  # at least, when the vault is small: the work evens out between the workers


def interpret(path: str, data: bytes, config: Config) -> Outcome:
    """What one file's bytes say: decoded, parsed, read (unless the note is withheld); pure."""
    source = decode(path, data, config.max_note_bytes)
    if isinstance(source, Diagnostic):
        return source
    note = parse_note(source)
    if withhold_reason(note, config) is not None:  # never read what will not be published
        return without_prose(note), NoteFacts(language="")
    return without_prose(note), extract_facts(note, config.language)


def pickled(outcome: Outcome) -> bytes | None:
    """The outcome as the cache stores it; None when it cannot be (front matter nested thousands deep)."""
    try:
        return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except (RecursionError, pickle.PicklingError):
        return None


def interpret_all(items: Iterable[Item], count: int, config: Config, jobs: int) -> Iterator[Result]:
    """Each of the `count` items → (slot, outcome, pickle or None), in input order."""
    reader = _Reader(config)
    items = iter(items)
    pooled = jobs > 1 and count >= MIN_POOLED
    # In a pool, the first file is read here: what extraction loads once (the language model, word
    # lists) is then loaded before the fork, and every worker inherits it instead of loading it again.
    for slot, path, data in islice(items, 1 if pooled else None):
        yield slot, reader.interpret(path, data), None
    if pooled:
        workers = min(jobs, count // CHUNK)
        yield from _pooled(items, workers, max(1, min(CHUNK, count // (workers * TASKS_PER_WORKER))), reader)


def _pooled(items: Iterator[Item], workers: int, size: int, reader: _Reader) -> Iterator[Result]:
    with _forked_pool(workers) as pool:
        pending: deque[AsyncResult[list[Answer]]] = deque()
        while chunk := list(islice(items, size)):
            pending.append(pool.apply_async(reader.chunk, (chunk,)))
            if len(pending) > 2 * workers:  # read a little ahead of the workers, not the whole vault
                yield from reader.unpacked(pending.popleft().get())
        while pending:
            yield from reader.unpacked(pending.popleft().get())


@contextlib.contextmanager
def _forked_pool(workers: int) -> Iterator[Pool]:
    """A pool of forked workers that die at once when it ends them (SIGTERM).

    The CLI's SIGTERM handler is for the parent only. A worker drops it first thing, but a SIGTERM
    that came before would run it inside multiprocessing's start-up code, which swallows the exit:
    the worker would live on and the pool wait for it forever. So SIGTERM is blocked while the
    workers fork, and each unblocks it once the default action is back."""
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        pool = multiprocessing.get_context("fork").Pool(workers, _default_sigterm, (mask,))
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    with pool:
        yield pool


def _default_sigterm(mask: set[signal.Signals]) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)


T = TypeVar("T")
_task: Callable[[int], Any] | None = None  # what `in_workers` runs: inherited through fork, never pickled
WORKER_LIVES = 8  # pools forked one after another by one `in_workers` call (see there)


def in_workers(task: Callable[[int], T], count: int, jobs: int) -> Iterator[T]:
    """task(0) … task(count - 1), in up to `jobs` forked processes; the results in that order.

    The workers inherit `task` when they fork, so it may use anything the parent holds (a site, a
    template environment) without pickling it; only the results travel back. One task or one job:
    run here.

    The tasks run in up to WORKER_LIVES rounds (of WORKER_LIVES tasks a worker at least), each in a
    pool forked anew: reading the parent's objects writes their reference counts, so a worker's
    memory pages stop being shared with the parent one by one, until each worker holds a private copy
    of most of it (at 10k notes the site's workers grew by 870 MB in one round, by 480 MB in eight).
    A new pool per round, not `maxtasksperchild`: the pool's threads would fork its workers while
    this one runs on.
    """
    global _task
    if jobs <= 1 or count <= 1:
        yield from map(task, range(count))
        return
    _task = task
    per_round = max(-(-count // WORKER_LIVES), jobs * WORKER_LIVES)  # a small site: one round, all workers
    try:
        for start in range(0, count, per_round):
            numbers = range(start, min(count, start + per_round))
            with _forked_pool(min(jobs, len(numbers))) as pool:
                yield from pool.imap(_run_task, numbers)
                pool.close()  # the workers leave once the tasks are done: nothing to kill
                pool.join()
    finally:
        _task = None


def _run_task(number: int) -> Any:
    assert _task is not None
    return _task(number)


Answer = tuple[int, bytes | Item]  # from a worker: the slot, and the pickled outcome or else the item


class _Reader:
    """The per-note stages with the config they need; sent to the workers with each chunk."""

    def __init__(self, config: Config) -> None:
        self.config = config

    def interpret(self, path: str, data: bytes) -> Outcome:
        return interpret(path, data, self.config)

    def chunk(self, chunk: list[Item]) -> list[Answer]:
        """In a worker: each item's pickled outcome, or the item itself when its outcome cannot travel."""
        answers: list[Answer] = []
        for item in chunk:
            blob = pickled(self.interpret(item[1], item[2]))
            answers.append((item[0], blob if blob is not None else item))
        return answers

    def unpacked(self, answers: list[Answer]) -> Iterator[Result]:
        for slot, answer in answers:
            if isinstance(answer, bytes):
                yield slot, pickle.loads(answer), answer
            else:  # read here instead, and never cached
                yield slot, self.interpret(answer[1], answer[2]), None


class Beside(Generic[T]):
    """A task running in a process forked from this one while this one goes on (`beside`)."""

    def __init__(self, task: Callable[[], T]) -> None:
        self._folder = tempfile.mkdtemp(prefix="xtd-rdf-beside-")
        self._answer = os.path.join(self._folder, "answer.pickle")
        self._pid: int | None = os.fork()
        if self._pid == 0:  # the child: answer through a file (a pipe would fill up), never return
            _answer_and_exit(task, self._answer)

    def result(self) -> T:
        """Wait for the task: what it returned, or the exception it raised, raised here."""
        assert self._pid is not None, "result() is read once"
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        try:
            with open(self._answer, "rb") as file:
                returned, value = pickle.load(file)
        except (OSError, EOFError, pickle.UnpicklingError):
            raise RuntimeError(f"a worker process ended without an answer (wait status {status})") from None
        if not returned:
            raise value
        return value

    def close(self) -> None:
        """Stop the task if it still runs (this run was interrupted or failed) and forget its answer."""
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            self._pid = None
        shutil.rmtree(self._folder, ignore_errors=True)


class _Done(Generic[T]):
    """A `Beside` that ran here, at once: one job, nothing to overlap."""

    def __init__(self, task: Callable[[], T]) -> None:
        self._value = task()

    def result(self) -> T:
        return self._value

    def close(self) -> None:
        pass


@contextlib.contextmanager
def beside(task: Callable[[], T], jobs: int) -> Iterator[Beside[T] | _Done[T]]:
    """`task()` in a forked process while the block runs (`jobs` > 1), else here and now.

    The child inherits what this process holds (forked, like `in_workers`): nothing is pickled on the
    way in, only the answer on the way out. Leaving the block stops a task nobody waited for.
    """
    pending: Beside[T] | _Done[T] = Beside(task) if jobs > 1 else _Done(task)
    try:
        yield pending
    finally:
        pending.close()


def _answer_and_exit(task: Callable[[], Any], path: str) -> None:
    code = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        try:
            answer: tuple[bool, Any] = (True, task())
        except BaseException as exc:  # raised again in the parent, which decides what it means
            answer = (False, exc)
        try:
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an answer that cannot travel: say so instead
            data = pickle.dumps((False, RuntimeError(f"a worker's answer cannot be sent: {exc}")))
        with open(path, "wb") as file:
            file.write(data)
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers
