"""Validation kept between exports (issue #8): an incremental export reports what `--full` reports.

Two outputs follow a copy of the real vault through edits: one exported incrementally, one with
`--full` each time; the trees (validation.ttl and .html, the dumps, the pages...), the exit codes and
the findings told must be the same. With our shapes and a user's own (every note needs a license),
the edits make and fix violations in the edited note, and make a warning come and go in a note that
does not change (it links to a note that appears, then goes: the class of its value changes).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import LICENSE_SHAPES, require_corpus, snapshot, writable_copy
from xtd_rdf.cache import opened
from xtd_rdf.cli import main
from xtd_rdf.output import cache_folder
from xtd_rdf.validate_kept import Kept

LINKING = "Notes/Comment mener un projet numérique.md"
PERSON = "Notes/Le numérique, une formidable occasion pour la culture.md"
LINKED = "Notes/20 ans de numérique dans les musées.md"
ABSENT = "Une note absente pour la validation"


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # the change feed's dates


def export(vault: Path, out: Path, *args: str) -> tuple[int, list[str]]:
    """The exit code and the findings told (a line each: file, line, severity, message)."""
    result = CliRunner().invoke(main, ["export", str(vault), "--out", str(out), "-v", *args])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "cache-ignored" not in result.output
    kinds = (": error: ", ": warning: ", "validation: ")
    findings = [line for line in result.output.splitlines() if any(kind in line for kind in kinds)]
    return result.exit_code, [line.replace(str(out), "OUT") for line in findings]


def _append(path: Path, text: str) -> Callable[[], None]:
    return lambda: path.write_bytes(path.read_bytes() + text.encode())


def _replace(path: Path, old: str, new: str) -> Callable[[], None]:
    return lambda: path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_incremental_validation_equals_full_through_edits(tmp_path: Path) -> None:
    vault = writable_copy(require_corpus(), tmp_path / "vault")
    shapes = tmp_path / "museum.ttl"
    shapes.write_text(LICENSE_SHAPES, encoding="utf-8")
    incremental, full = tmp_path / "incremental", tmp_path / "full"
    linking, absent = vault / LINKING, vault / "Notes" / f"{ABSENT}.md"
    licensed = "---\nlicense: https://creativecommons.org/licenses/by/4.0/\n---\n"
    steps: list[tuple[str, Callable[[], None], bool]] = [
        ("first", lambda: None, False),
        ("a sentence appended", _append(vault / PERSON, "\nUne phrase de plus.\n"), False),
        ("a link to an absent note", _append(linking, f"\n[[{ABSENT}]]\n"), True),
        ("the absent note appears, licensed", lambda: absent.write_text(licensed + "Elle existe.\n"), True),
        ("its license goes: a violation", lambda: absent.write_text("Elle existe.\n"), True),
        ("the note goes again", absent.unlink, True),
        ("a person renamed", _replace(vault / PERSON, "Mériol Lehmann", "Mériol Lehman"), False),
        ("a linked note deleted", (vault / LINKED).unlink, False),
    ]
    for step, edit, with_own_shapes in steps:
        edit()
        args = ("--shapes", str(shapes), "--force") if with_own_shapes else ()
        told = export(vault, incremental, *args)
        assert told == export(vault, full, *args, "--full"), step
        assert snapshot(incremental) == snapshot(full), f"{step}: the incremental output differs from --full"
        if step == "a link to an absent note":
            assert any(f"[[{ABSENT}]]" in line for line in told[1]), told
        if step == "its license goes: a violation":
            assert told[0] == 1 and any(ABSENT in line and "license" in line for line in told[1]), told
        with opened(cache_folder(incremental)) as cache:
            assert Kept.load(cache.validation(), b"") is None  # kept, under the export's scope
            assert cache.validation(), step  # what the next export starts from


def test_violations_refused_then_fixed_say_the_same_as_full(tmp_path: Path) -> None:
    """Without --force a violation publishes nothing, the same way incrementally and with --full."""
    vault = writable_copy(require_corpus(), tmp_path / "vault")
    strict = tmp_path / "strict.ttl"
    strict.write_text(LICENSE_SHAPES.replace('"Every note', f'"{ABSENT} aside, every note'), encoding="utf-8")
    incremental, full = tmp_path / "incremental", tmp_path / "full"
    for out in (incremental, full):
        assert export(vault, out)[0] == 0
    absent = vault / "Notes" / f"{ABSENT}.md"
    absent.write_text("Elle existe.\n", encoding="utf-8")
    told = export(vault, incremental, "--shapes", str(strict))
    assert told[0] == 1 and told == export(vault, full, "--shapes", str(strict), "--full")
    absent.unlink()
    assert export(vault, incremental) == export(vault, full, "--full")
    assert snapshot(incremental) == snapshot(full)
