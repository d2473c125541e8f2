"""output.Files: a file equal to the previous output's is hard-linked from it, never written through."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from xtd_rdf.output import Files


def previous_output(tmp_path: Path) -> Path:
    previous = tmp_path / "previous"
    (previous / "notes").mkdir(parents=True)
    (previous / "notes" / "a.ttl").write_bytes(b"same bytes\n")
    (previous / "notes" / "b.ttl").write_bytes(b"old bytes\n")
    return previous


def test_an_unchanged_file_is_linked_and_a_changed_one_is_a_new_file(tmp_path: Path) -> None:
    previous = previous_output(tmp_path)
    files = Files(tmp_path / "stage", previous)
    (tmp_path / "stage").mkdir()
    files.write("notes/a.ttl", b"same bytes\n")
    files.write("notes/b.ttl", b"new bytes\n")  # same size, other bytes
    stage = tmp_path / "stage"
    assert os.stat(stage / "notes/a.ttl").st_ino == os.stat(previous / "notes/a.ttl").st_ino
    assert os.stat(stage / "notes/b.ttl").st_ino != os.stat(previous / "notes/b.ttl").st_ino
    assert (stage / "notes/b.ttl").read_bytes() == b"new bytes\n"
    assert (previous / "notes/b.ttl").read_bytes() == b"old bytes\n"  # the previous output is untouched
    assert files.linked == 1


def test_a_streamed_file_equal_to_the_previous_one_becomes_a_link(tmp_path: Path) -> None:
    previous = previous_output(tmp_path)
    (tmp_path / "stage").mkdir()
    files = Files(tmp_path / "stage", previous)
    with files.create("notes/a.ttl") as file:
        file.write(b"same ")
        file.write(b"bytes\n")
    with files.create("notes/b.ttl") as file:
        file.write(b"other\n")
    assert os.stat(tmp_path / "stage/notes/a.ttl").st_ino == os.stat(previous / "notes/a.ttl").st_ino
    assert (tmp_path / "stage/notes/b.ttl").read_bytes() == b"other\n"
    assert (previous / "notes/b.ttl").read_bytes() == b"old bytes\n"
    assert sorted(p.name for p in (tmp_path / "stage/notes").iterdir()) == ["a.ttl", "b.ttl"]


def test_one_path_is_written_once(tmp_path: Path) -> None:
    files = Files(tmp_path)
    files.write("x/index.html", b"one")
    with pytest.raises(ValueError, match=r"two outputs would be written to x/index\.html"):
        files.write("x/index.html", b"two")
    assert (tmp_path / "x/index.html").read_bytes() == b"one"


def test_a_previous_output_on_another_filesystem_is_copied_by_writing(tmp_path: Path) -> None:
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second filesystem to put the previous output on")
    previous = shm / f"xtd-files-{os.getpid()}"
    try:
        (previous / "notes").mkdir(parents=True)
        (previous / "notes" / "a.ttl").write_bytes(b"same bytes\n")
        files = Files(tmp_path, previous)
        files.write("notes/a.ttl", b"same bytes\n")  # os.link fails across devices: written instead
        assert (tmp_path / "notes/a.ttl").read_bytes() == b"same bytes\n"
        assert files.linked == 0
    finally:
        for path in sorted(previous.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        previous.rmdir()
