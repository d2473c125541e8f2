"""parallel.in_workers: tasks in forked processes, results in order, the same as in process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from xtd_rdf.output import Files
from xtd_rdf.parallel import in_workers


def test_results_come_back_in_task_order_from_other_processes() -> None:
    table = {n: n * n for n in range(20)}  # a closure over the parent's data: inherited, not pickled

    def task(number: int) -> tuple[int, int]:
        return table[number], os.getpid()

    pooled = list(in_workers(task, 20, jobs=2))
    assert [square for square, _ in pooled] == [n * n for n in range(20)]
    assert os.getpid() not in {pid for _, pid in pooled}
    assert [pid for _, pid in in_workers(task, 20, jobs=1)] == [os.getpid()] * 20


def test_workers_are_forked_anew_in_rounds_so_none_lives_through_all_tasks() -> None:
    """A worker's copy of the parent's memory grows as it reads it: fresh workers bound that."""
    pids = [pid for pid in in_workers(lambda number: os.getpid(), 160, jobs=2)]
    assert len(pids) == 160
    assert len(set(pids)) >= 8  # WORKER_LIVES rounds of up to two workers each
    assert max(pids.count(pid) for pid in set(pids)) <= 160 // 8
    few = [pid for pid in in_workers(lambda number: os.getpid(), 7, jobs=2)]
    assert len(set(few)) <= 2  # a small site: one round, its workers sharing the tasks


def test_a_failing_task_fails_the_caller() -> None:
    def task(number: int) -> int:
        if number == 3:
            raise ValueError("task 3 failed")
        return number

    with pytest.raises(ValueError, match="task 3 failed"):
        list(in_workers(task, 6, jobs=2))


def test_files_written_by_workers_are_adopted_and_clashes_still_refused(tmp_path: Path) -> None:
    files = Files(tmp_path / "stage")
    files.write("index.html", b"home")

    def task(number: int) -> str:
        files.write(f"notes/{number}.html", b"page")
        return f"notes/{number}.html"

    files.adopt(list(in_workers(task, 4, jobs=2)), linked=0)
    assert sorted(p.name for p in (tmp_path / "stage" / "notes").iterdir()) == [f"{n}.html" for n in range(4)]
    with pytest.raises(ValueError, match=r"two outputs would be written to notes/2\.html"):
        files.write("notes/2.html", b"again")


def test_beside_runs_a_task_in_another_process_while_this_one_goes_on() -> None:
    from xtd_rdf.parallel import beside

    data = list(range(1000))  # inherited through fork, never pickled
    with beside(lambda: (sum(data), os.getpid()), jobs=2) as pending:
        here = sum(data)
        total, pid = pending.result()
    assert total == here == 499500 and pid != os.getpid()
    with beside(lambda: os.getpid(), jobs=1) as pending:
        assert pending.result() == os.getpid()  # one job: run here


def test_beside_raises_the_task_s_exception_here() -> None:
    from xtd_rdf.parallel import beside

    def fails() -> None:
        raise ValueError("shapes are wrong")

    with pytest.raises(ValueError, match="shapes are wrong"), beside(fails, jobs=2) as pending:
        pending.result()


def test_leaving_the_block_stops_a_task_nobody_waited_for(tmp_path: Path) -> None:
    import time

    from xtd_rdf.parallel import beside

    marker = tmp_path / "pid"

    def slow() -> None:
        marker.write_text(str(os.getpid()))
        time.sleep(60)

    with pytest.raises(KeyError), beside(slow, jobs=2):
        while not marker.exists() or not marker.read_text():
            time.sleep(0.01)
        raise KeyError("the export failed meanwhile")
    pid = int(marker.read_text())
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left sleeping
        os.kill(pid, 0)


RACE = """
import signal, sys
from xtd_rdf.parallel import in_workers

def terminated(signum, frame):  # as the CLI's handler
    raise SystemExit(128 + signum)

signal.signal(signal.SIGTERM, terminated)

for _ in range(40):  # a last round of two tasks: one worker may do both while the other still starts
    assert list(in_workers(abs, 18, jobs=2)) == list(range(18))
print("all pools ended")
"""


def test_pools_ended_at_once_never_wait_for_a_worker_that_missed_its_sigterm() -> None:
    """A worker signalled before it dropped the parent's SIGTERM handler used to live on, and the pool
    waited for it forever: the signal is blocked until the worker has the default action back."""
    done = subprocess.run([sys.executable, "-c", RACE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "all pools ended"
