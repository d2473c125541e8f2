"""output.Files: a file equal to the previous output's is hard-linked from it, never written through."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from xtd_rdf.output import Files, Made


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


def made_memo(previous: Path, relative: str, key: bytes) -> Made:
    """A memo row for the previous output's file as it is (`key` as Files would store it)."""
    found = os.stat(previous / relative)
    return Made(hashlib.sha256(b"scope" + key).digest(), found.st_ino, found.st_size, found.st_mtime_ns)


class Producer:
    """Makes a file's bytes and counts how often it was asked to."""

    def __init__(self, data: bytes) -> None:
        self.data, self.calls = data, 0

    def __call__(self) -> bytes:
        self.calls += 1
        return self.data


def test_a_file_the_memo_says_was_made_from_the_same_key_is_linked_without_making_it(tmp_path: Path) -> None:
    previous = previous_output(tmp_path)
    memo = {"notes/a.ttl": made_memo(previous, "notes/a.ttl", b"k1")}
    files = Files(tmp_path / "stage", previous, memo, scope=b"scope")
    produce = Producer(b"never\n")
    files.write_memo("notes/a.ttl", b"k1", produce)
    assert produce.calls == 0 and files.linked == 1
    assert os.stat(tmp_path / "stage/notes/a.ttl").st_ino == os.stat(previous / "notes/a.ttl").st_ino
    assert files.made == memo  # the next export's memo: the same file, made from the same key


@pytest.mark.parametrize("case", ["other key", "no row", "file edited", "file replaced", "symbolic link"])
def test_anything_but_the_same_key_and_the_same_file_makes_the_file(tmp_path: Path, case: str) -> None:
    previous = previous_output(tmp_path)
    memo = {"notes/b.ttl": made_memo(previous, "notes/b.ttl", b"k1")}
    before = previous / "notes/b.ttl"
    if case == "no row":
        memo = {}
    elif case == "file edited":  # same size, another mtime
        before.write_bytes(b"edited!!!\n")
        os.utime(before, ns=(0, 0))
    elif case == "file replaced":  # same bytes and mtime, another inode
        stat = before.stat()
        before.rename(previous / "kept.ttl")  # kept, so its inode is not reused at once
        before.write_bytes(b"old bytes\n")
        os.utime(before, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    elif case == "symbolic link":
        (previous / "elsewhere.ttl").write_bytes(b"old bytes\n")
        memo = {"notes/b.ttl": made_memo(previous, "elsewhere.ttl", b"k1")}
        before.unlink()
        before.symlink_to(previous / "elsewhere.ttl")
    files = Files(tmp_path / "stage", previous, memo, scope=b"scope")
    produce = Producer(b"new bytes\n")
    files.write_memo("notes/b.ttl", b"k2" if case == "other key" else b"k1", produce)
    assert produce.calls == 1 and files.linked == 0
    written = tmp_path / "stage/notes/b.ttl"
    assert written.read_bytes() == b"new bytes\n"
    assert files.made["notes/b.ttl"].ino == written.stat().st_ino != before.stat().st_ino


def test_a_made_file_with_the_previous_bytes_is_still_linked(tmp_path: Path) -> None:
    """A memo miss (a first export with a memo, another key) falls back on comparing the bytes."""
    previous = previous_output(tmp_path)
    files = Files(tmp_path / "stage", previous, {}, scope=b"scope")
    files.write_memo("notes/a.ttl", b"k", Producer(b"same bytes\n"))
    assert files.linked == 1
    assert files.made["notes/a.ttl"].ino == os.stat(previous / "notes/a.ttl").st_ino
