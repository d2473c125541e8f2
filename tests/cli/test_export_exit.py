"""The export command ends its own process without unwinding (cli._leave): nothing it says is lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from helpers import LICENSE_SHAPES, SEED
from xtd_rdf.cli import main


def test_a_command_line_export_says_all_that_the_library_call_says(tmp_path: Path) -> None:
    """Piped streams are block-buffered: the lines must be flushed before the process ends."""
    command = [sys.executable, "-m", "xtd_rdf", "export", str(SEED), "--out", str(tmp_path / "cli"), "-v"]
    ran = subprocess.run(command, capture_output=True, text=True)
    invoked = CliRunner().invoke(main, ["export", str(SEED), "--out", str(tmp_path / "runner"), "-v"])
    assert ran.returncode == invoked.exit_code == 0, ran.stderr
    said = (ran.stdout + ran.stderr).replace(str(tmp_path / "cli"), "OUT").splitlines()
    expected = invoked.output.replace(str(tmp_path / "runner"), "OUT").splitlines()
    assert sorted(said) == sorted(expected) and any("parsed" in line for line in said)
    assert (tmp_path / "cli" / "dataset.ttl").read_bytes() == (
        tmp_path / "runner" / "dataset.ttl"
    ).read_bytes()


def test_the_exit_code_of_data_errors_is_kept(make_vault, tmp_path: Path) -> None:
    """Violations (here: a note without a license, under shapes that require one) exit 1 either way."""
    vault = make_vault({"Notes/Nouvelle.md": "# Nouvelle\n\nUne note.\n"})
    rules = tmp_path / "rules.ttl"
    rules.write_text(LICENSE_SHAPES, encoding="utf-8")
    args = ["export", str(vault), "--shapes", str(rules), "--force", "--out"]
    ran = subprocess.run([sys.executable, "-m", "xtd_rdf", *args, str(tmp_path / "cli")], capture_output=True)
    invoked = CliRunner().invoke(main, [*args, str(tmp_path / "runner")])
    assert ran.returncode == invoked.exit_code == 1, (ran.stderr, invoked.output)
    assert b"Every note needs a license" in ran.stderr
