"""parallel.in_workers: tasks in forked processes, results in order, the same as in process."""

from __future__ import annotations

import os
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
