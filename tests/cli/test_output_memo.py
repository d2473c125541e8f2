"""The output memo (memo.py): a re-export links what was made from the same inputs, and only then.

The memo is the cache database's `memo` table: what each resource file and page of the published
output was made from. To see whether an export believed it, a file of the output is edited in place
with its stat kept (same inode, size and mtime): a believed memo links that file as it is, a memo not
believed makes it again.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import require_corpus, snapshot, writable_copy
from xtd_rdf.cache import DB_NAME
from xtd_rdf.cli import main
from xtd_rdf.output import cache_folder

LINKED = "Notes/Comment mener un projet numérique.md"
EDIT = "\nIntervenante : Jeanne Dupont (Musée d'ethnographie de Genève)\n"  # new triples, a new person
EDITED = "notes/comment-mener-un-projet-numerique"
UNTOUCHED = "persons/agnes-benayer.ttl"  # a resource the edit does not change
UNTOUCHED_PAGE = "persons/agnes-benayer/index.html"


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")


def export(vault: Path, out: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["export", str(vault), "--out", str(out), *args])
    assert result.exit_code == 0, result.output


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def memo_rows(out: Path) -> dict[str, tuple]:
    with sqlite3.connect(cache_folder(out) / DB_NAME) as db:
        return {row[0]: row[1:] for row in db.execute("SELECT * FROM memo")}


def resource_files(out: Path) -> set[str]:
    """Every resource's Turtle, JSON-LD and page: what the memo is for."""
    found = {p.relative_to(out).as_posix() for p in out.glob("*/*.ttl")}
    found |= {p.relative_to(out).as_posix() for p in out.glob("*/*.jsonld")}
    return found | {p.relative_to(out).as_posix() for p in out.glob("*/*/index.html")}


def inodes(out: Path, paths: set[str]) -> dict[str, int]:
    return {p: os.stat(out / p).st_ino for p in paths}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_re_export_links_the_untouched_files_and_equals_a_full_export(tmp_path: Path, jobs: str) -> None:
    vault = writable_copy(require_corpus(), tmp_path / "vault")
    out, full = tmp_path / "out", tmp_path / "full"
    export(vault, out, "--no-validate", "--jobs", jobs)
    export(vault, full, "--no-validate", "--full")  # the same history, so the change feeds agree
    resources = resource_files(out)
    assert len(resources) > 600
    rows = memo_rows(out)
    assert resources <= set(rows)  # pages written by worker processes (--jobs 2) too
    for path, (_, ino, size, mtime_ns) in rows.items():
        found = os.stat(out / path)
        assert (found.st_ino, found.st_size, found.st_mtime_ns) == (ino, size, mtime_ns), path
    before, contents = inodes(out, resources), snapshot(out)

    append(vault / LINKED, EDIT)
    export(vault, out, "--no-validate", "--jobs", jobs)
    export(vault, full, "--no-validate", "--full")
    assert snapshot(out) == snapshot(full)
    after, now = inodes(out, resource_files(out)), snapshot(out)
    changed = {p for p in after if contents.get(p) != now[p]}
    assert {f"{EDITED}.ttl", f"{EDITED}.jsonld", f"{EDITED}/index.html"} <= changed
    assert "persons/jeanne-dupont>" in (out / f"{EDITED}.ttl").read_text(encoding="utf-8")
    assert "persons/jeanne-dupont.ttl" in changed  # new
    assert all(after[p] != before.get(p) for p in changed)
    assert all(after[p] == before[p] for p in after.keys() - changed)  # linked, not written
    assert len(after.keys() - changed) > 600


def tamper(path: Path) -> bytes:
    """Change a file's bytes in place, keeping its inode, size and mtime; the bytes it had."""
    data, found = path.read_bytes(), path.stat()
    path.write_bytes(data.swapcase())
    os.utime(path, ns=(found.st_atime_ns, found.st_mtime_ns))
    assert path.stat().st_mtime_ns == found.st_mtime_ns and path.stat().st_ino == found.st_ino
    return data


def forget_stamp(out: Path) -> None:
    """What an export killed between deleting the stamp and recording the new one leaves."""
    with sqlite3.connect(cache_folder(out) / DB_NAME) as db:
        db.execute("DELETE FROM stamp")


def replace_output(out: Path) -> None:
    """Another folder in its place, holding the very same files (hard links: same inodes, stats)."""
    shutil.copytree(out, out.with_name("copy"), copy_function=os.link)
    out.rename(out.with_name("gone"))
    out.with_name("copy").rename(out)


def damage_row(out: Path) -> None:
    with sqlite3.connect(cache_folder(out) / DB_NAME) as db:
        db.execute("UPDATE memo SET mtime_ns = 'not a number' WHERE path = ?", (UNTOUCHED,))


@pytest.mark.parametrize(
    ("condition", "jobs", "believed"),
    [
        ("as left", "1", True),
        ("as left", "2", True),  # pages written by worker processes
        ("stamp deleted", "1", False),
        ("output replaced", "1", False),
        ("row damaged", "1", False),
    ],
)
def test_the_memo_is_believed_only_while_the_stamp_describes_the_output(
    tmp_path: Path, condition: str, jobs: str, believed: bool
) -> None:
    vault = writable_copy(require_corpus(), tmp_path / "vault")
    out = tmp_path / "out"
    export(vault, out, "--no-validate", "--jobs", jobs)
    made = {path: tamper(out / path) for path in (UNTOUCHED, UNTOUCHED_PAGE)}
    {"stamp deleted": forget_stamp, "output replaced": replace_output, "row damaged": damage_row}.get(
        condition, lambda _: None
    )(out)
    append(vault / LINKED, EDIT)  # a real export, not the nothing-changed fast path
    export(vault, out, "--no-validate", "--jobs", jobs)
    if believed:  # not made again: what proves that the other cases made them again
        assert all((out / path).read_bytes() == data.swapcase() for path, data in made.items())
    elif condition == "row damaged":  # that row only
        assert (out / UNTOUCHED).read_bytes() == made[UNTOUCHED]
        assert (out / UNTOUCHED_PAGE).read_bytes() == made[UNTOUCHED_PAGE].swapcase()
    else:
        assert all((out / path).read_bytes() == data for path, data in made.items())
    rows = memo_rows(out)  # the new memo describes the new output
    assert all(rows[path][1] == os.stat(out / path).st_ino for path in made)


def test_full_reads_no_memo_and_writes_one(tmp_path: Path) -> None:
    vault = writable_copy(require_corpus(), tmp_path / "vault")
    out = tmp_path / "out"
    export(vault, out, "--no-validate")
    made = tamper(out / UNTOUCHED)
    append(vault / LINKED, EDIT)
    export(vault, out, "--no-validate", "--full")
    assert (out / UNTOUCHED).read_bytes() == made
    assert resource_files(out) <= set(memo_rows(out))


def test_validation_reports_are_linked_while_the_findings_stay_the_same(tmp_path: Path) -> None:
    """validation.ttl and .html are keyed by what they say: an edit that changes no finding links
    them; one that adds a finding makes them again, with it."""
    vault, out = writable_copy(require_corpus(), tmp_path / "vault"), tmp_path / "out"
    reports = {"validation.ttl", "validation.html"}
    export(vault, out)
    no_speaker = "The quotation has no speaker"
    count = (out / "validation.html").read_text(encoding="utf-8").count(no_speaker)
    results = (out / "validation.ttl").read_text(encoding="utf-8").count("sh:ValidationResult")
    before = inodes(out, reports)
    tampered = {name: tamper(out / name).swapcase() for name in reports}  # linked unmade: stays so
    append(vault / LINKED, "\nUne phrase de plus, sans personne ni citation.\n")
    export(vault, out)
    assert inodes(out, reports) == before
    assert {name: (out / name).read_bytes() for name in reports} == tampered
    append(vault / LINKED, "\n« Le numérique change la manière dont les visiteurs regardent. »\n")
    export(vault, out)
    assert all(inodes(out, {name})[name] != before[name] for name in reports)
    assert (out / "validation.html").read_text(encoding="utf-8").count(no_speaker) == count + 1
    assert (out / "validation.ttl").read_text(encoding="utf-8").count("sh:ValidationResult") == results + 1
