"""The embedded store: loaded from an export or a vault, and queries run in a worker that can be killed."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from xtd_rdf.config import load_config
from xtd_rdf.export import export
from xtd_rdf.store import QueryTimeout, StoreError, WorkerDied, WorkerPool, load_export, load_vault

NOTES = {
    "Alpha.md": "---\ntags: [strategie]\n---\n# Alpha\n\nSee [[Beta]] and [[Nowhere]].\n",
    "Beta.md": "# Beta\n\nBack to [[Alpha]].\n",
}


def test_load_vault_holds_the_pipeline_triples(make_vault) -> None:
    vault = make_vault(NOTES)
    loaded, built = load_vault(vault, load_config(vault))
    assert len(loaded) == len(built.triples)
    assert loaded.base == "https://example.org/xtd/"


def test_load_export_reads_the_dump_and_finds_the_base(make_vault, tmp_path: Path) -> None:
    vault = make_vault(NOTES)
    config = load_config(vault).with_overrides(base="https://data.example.net/museum/")
    result = export(vault, tmp_path / "out", config)
    loaded = load_export(tmp_path / "out")
    assert len(loaded) == len(result.built.triples)
    assert loaded.base == "https://data.example.net/museum/"


def test_load_export_without_dumps_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="xtd-rdf export"):
        load_export(tmp_path)


def test_load_export_with_a_broken_dump(tmp_path: Path) -> None:
    (tmp_path / "dataset.nt").write_text("<http://a> <http://b> .\n", encoding="utf-8")
    with pytest.raises(StoreError, match="does not parse"):
        load_export(tmp_path)


@pytest.fixture
def pool():
    """Two workers whose handler runs the request as Python: `("pid",)`, `("fail", msg)`, `("sleep", s)`."""

    def handle(request: tuple) -> object:
        if request[0] == "fail":
            raise ValueError(request[1])
        if request[0] == "sleep":
            time.sleep(request[1])
        return os.getpid()

    workers = WorkerPool(handle, 2)
    yield workers
    workers.close()


def test_workers_answer_in_processes_of_their_own(pool: WorkerPool) -> None:
    pids = {pool.run(("pid",), timeout=10) for _ in range(4)}
    assert os.getpid() not in pids
    assert len(pids) == 2  # the two workers take turns and stay alive


def test_workers_reraise_the_task_error(pool: WorkerPool) -> None:
    with pytest.raises(ValueError, match="bad input"):
        pool.run(("fail", "bad input"), timeout=10)
    assert isinstance(pool.run(("pid",), timeout=10), int)


def test_a_runaway_task_is_killed_and_its_worker_replaced(pool: WorkerPool) -> None:
    before = {pool.run(("pid",), timeout=10) for _ in range(2)}
    outcome: dict[str, object] = {}

    def runaway() -> None:
        try:
            pool.run(("sleep", 600), timeout=1)
        except QueryTimeout as exc:
            outcome["timeout"] = str(exc)

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.2)
    answered_meanwhile = pool.run(("pid",), timeout=10), thread.is_alive()
    thread.join(timeout=30)
    assert answered_meanwhile[1] is True
    assert outcome["timeout"] == "the query ran past the time limit of 1 s and was stopped"
    after = {pool.run(("pid",), timeout=10) for _ in range(2)}
    assert len(after) == 2
    killed = before - after
    assert len(killed) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(killed.pop(), 0)


def test_a_worker_that_dies_is_reported_and_replaced() -> None:
    """A crash in the worker (a stack overflow in the query parser) is WorkerDied, and the pool goes on."""
    workers = WorkerPool(lambda request: os._exit(3) if request == "crash" else os.getpid(), 1)
    try:
        first = workers.run("pid", 10)
        with pytest.raises(WorkerDied):
            workers.run("crash", 10)
        assert workers.run("pid", 10) not in (first, os.getpid())
    finally:
        workers.close()


def test_closing_the_pool_stops_its_workers() -> None:
    workers = WorkerPool(lambda request: os.getpid(), 1)
    pid = workers.run(None, timeout=10)
    workers.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_workers_die_with_their_server() -> None:
    """A server killed outright leaves no worker behind to go on with a long query on its own."""
    script = (
        "import os, threading, time\n"
        "from xtd_rdf.store import WorkerPool\n"
        "pool = WorkerPool(lambda seconds: time.sleep(seconds) or os.getpid(), 1)\n"
        "print(pool.run(0, timeout=10), flush=True)\n"
        "threading.Thread(target=pool.run, args=(600, 900), daemon=True).start()\n"
        "time.sleep(0.5)\n"
        "os.kill(os.getpid(), 9)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == -9, done.stderr
    worker = int(done.stdout)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(worker):
        time.sleep(0.05)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
