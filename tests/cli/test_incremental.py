"""Incremental export (issue #8): the cache never changes the output, only how much is read again.

Two outputs follow the same vault through the same edits: one exported incrementally, one with
`--full` every time. After every edit both trees must be byte-identical (the change feed included:
both have the same history), and the incremental one must have parsed only the notes that changed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import LICENSE_SHAPES, SEED, require_corpus, snapshot, writable_copy
from xtd_rdf.cli import main
from xtd_rdf.parallel import MIN_POOLED

LINKED = "Notes/Comment mener un projet numérique.md"  # six notes link to it
DELETED = "Notes/Qu'est-ce qu'une stratégie numérique.md"  # six notes link to it
RENAMED = "Notes/Les outils numériques du marketing et de la communication.md"


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The change feed dates later changes by the clock unless SOURCE_DATE_EPOCH is set."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")


def export(vault: Path, out: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["export", str(vault), "--out", str(out), *args])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def parsed(output: str) -> int:
    """The count the summary line gives: `…; N notes parsed)`."""
    found = re.search(r"; (\d+) notes? parsed\)", output)
    assert found, output
    return int(found.group(1))


def published(output: str) -> int:
    """The summary line's `N notes, …`."""
    found = re.search(r"^(\d+) notes?, ", output, re.MULTILINE)
    assert found, output
    return int(found.group(1))


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


# Each edit applied in turn, with the number of notes it should make the next export parse.
EDITS = [
    ("modify", 1),
    ("add", 1),
    ("delete", 0),
    ("rename", 1),
    ("table", 0),
    ("config", None),  # the config is part of every note's key: all of them
]


def apply(step: str, vault: Path) -> None:
    if step == "modify":
        append(vault / LINKED, "\nIntervenante : Jeanne Dupont (Musée d'ethnographie de Genève)\n")
    elif step == "add":
        (vault / "Notes" / "Nouvelle note.md").write_text(
            "---\ntitle: Nouvelle note\ntags: [essai]\n---\nUne note de plus, qui renvoie à "
            "[[Comment mener un projet numérique]] et à [[Qu'est-ce qu'une stratégie numérique]].\n",
            encoding="utf-8",
        )
    elif step == "delete":
        (vault / DELETED).unlink()
    elif step == "rename":
        (vault / RENAMED).rename(vault / "Notes" / "Outils du marketing.md")
    elif step == "table":
        append(vault / "_data" / "acteurs.csv", "Studio Essai,https://essai.example/,Genève,Agence,Web,,\n")
    elif step == "config":
        (vault / "xtd-rdf.toml").write_text('title = "Un autre titre"\n', encoding="utf-8")


def test_incremental_output_equals_a_full_export_after_every_kind_of_edit(tmp_path: Path) -> None:
    vault = writable_copy(require_corpus(), tmp_path / "vault")
    incremental, full = tmp_path / "incremental", tmp_path / "full"
    _, first = export(vault, incremental, "--no-validate")
    export(vault, full, "--no-validate", "--full")
    assert snapshot(incremental) == snapshot(full)
    before = snapshot(full)
    assert parsed(first) == published(first) > 100
    for step, expected in EDITS:
        apply(step, vault)
        _, said = export(vault, incremental, "--no-validate")
        export(vault, full, "--no-validate", "--full")
        now = snapshot(full)
        assert now != before, f"{step}: the edit changed nothing in the output"
        assert snapshot(incremental) == now, f"{step}: the incremental output differs from --full"
        assert parsed(said) == (published(said) if expected is None else expected), (step, said)
        before = now


def test_jobs_2_writes_the_same_bytes_as_jobs_1(tmp_path: Path) -> None:
    """The seed note and the real corpus, parsed by two worker processes or in one: the same output."""
    vault = writable_copy(require_corpus(), tmp_path / "vault")
    shutil.copy(SEED / "La Stratégie numérique dans les musées.md", vault / "Notes" / "Seed.md")
    assert len(list(vault.rglob("*.md"))) > MIN_POOLED  # enough notes that the pool is used
    _, one = export(vault, tmp_path / "one", "--full", "--jobs", "1")
    _, two = export(vault, tmp_path / "two", "--full", "--jobs", "2")
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert parsed(one) == parsed(two) > MIN_POOLED
    assert one.replace(str(tmp_path / "one"), "OUT") == two.replace(str(tmp_path / "two"), "OUT")


def test_full_ignores_the_cache_and_rewrites_it(tmp_path: Path) -> None:
    vault = writable_copy(require_corpus(), tmp_path / "vault")
    out = tmp_path / "out"
    _, first = export(vault, out, "--no-validate")
    _, again = export(vault, out, "--no-validate", "--full")
    assert parsed(again) == parsed(first) > 100
    append(vault / LINKED, "\nUne phrase de plus.\n")
    _, after = export(vault, out, "--no-validate")
    assert parsed(after) == 1  # the cache --full wrote serves the next run


NOTES = {
    "Notes/Index.md": "---\ntitle: Index\n---\nUne note sur les musées.\n\nVoir [[Absente]].\n",
    "Notes/Colloque.md": "---\ntitle: Colloque\n---\nLe colloque numérique a lieu le 5 octobre 2018.\n",
}


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*")}


def test_nothing_changed_writes_nothing_and_says_the_same(make_vault, tmp_path: Path) -> None:
    """Same exit code, same violations and warnings; the output's files are not even touched."""
    vault = make_vault(NOTES)
    out, shapes = tmp_path / "out", tmp_path / "museum.ttl"
    shapes.write_text(LICENSE_SHAPES, encoding="utf-8")
    args = ("--shapes", str(shapes), "--force", "-v")
    code, said = export(vault, out, *args)
    assert code == 1 and "Notes/Index.md:1: error: Every note needs a license" in said
    files, root = mtimes(out), os.stat(out).st_ino
    (vault / "Notes" / "Index.md").touch()  # a newer mtime, the same bytes
    code_again, again = export(vault, out, *args)
    assert code_again == 1
    assert again.replace("nothing changed, nothing written", "2 notes parsed") == said
    assert mtimes(out) == files and os.stat(out).st_ino == root
    violations = "".join(line + "\n" for line in said.splitlines() if ": error: " in line)
    assert export(vault, out, "--shapes", str(shapes), "--force", "-q") == (1, violations)
    refreshed = snapshot(out)
    export(vault, tmp_path / "full", *args, "--full")
    assert snapshot(tmp_path / "full") == refreshed  # what was kept is what an export writes


@pytest.mark.parametrize(
    "change",
    [
        "edit a note",
        "add a note",
        "an option",
        "a shapes file",
        "the config",
        "output removed",
        "output added to",
    ],
)
def test_any_change_makes_a_real_export(make_vault, tmp_path: Path, change: str) -> None:
    vault = make_vault(NOTES)
    out, shapes = tmp_path / "out", tmp_path / "museum.ttl"
    shapes.write_text(LICENSE_SHAPES, encoding="utf-8")
    args = ["--shapes", str(shapes), "--force"]
    export(vault, out, *args)
    assert "nothing changed" in export(vault, out, *args)[1]
    if change == "edit a note":
        append(vault / "Notes" / "Index.md", "Encore une phrase.\n")
    elif change == "add a note":
        (vault / "Notes" / "Autre.md").write_text("Une autre note.\n", encoding="utf-8")
    elif change == "an option":
        args.append("--no-validate")
    elif change == "a shapes file":
        append(shapes, "# a comment\n")
    elif change == "the config":
        (vault / "xtd-rdf.toml").write_text('title = "Autre"\n', encoding="utf-8")
    elif change == "output removed":
        shutil.rmtree(out)
    elif change == "output added to":
        (out / "extra.txt").write_text("hand-made\n", encoding="utf-8")
    _, said = export(vault, out, *args)
    assert "nothing changed" not in said and re.search(r"notes? parsed", said)
    assert not (out / "extra.txt").exists()


def test_nothing_changed_loads_no_heavy_library(make_vault, tmp_path: Path) -> None:
    """The fast path runs before rdflib, pyshacl, pyoxigraph and jinja2 are imported: that is its speed."""
    vault, out = make_vault(NOTES), tmp_path / "out"
    command = [sys.executable, "-X", "importtime", "-m", "xtd_rdf", "export", str(vault), "--out", str(out)]
    first = subprocess.run(command, capture_output=True, text=True)
    assert first.returncode == 0 and " rdflib\n" in first.stderr  # a real export needs them
    again = subprocess.run(command, capture_output=True, text=True)
    assert again.returncode == 0 and "nothing changed, nothing written" in again.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in again.stderr.splitlines() if "|" in line}
    assert imported and not imported & {"rdflib", "pyshacl", "pyoxigraph", "jinja2", "xtd_rdf.export"}
