"""A killed export never leaves a half-written output: the folder is the previous one or the new one."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from helpers import require_corpus, snapshot
from xtd_rdf.cli import main
from xtd_rdf.output import exclusive


def export(vault: Path, out: Path) -> subprocess.Popen:
    # The change feed dates what changed since the previous output: one fixed time for every run.
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1800000000"}
    command = [sys.executable, "-m", "xtd_rdf", "export", str(vault), "--out", str(out), "-q"]
    return subprocess.Popen(command, env=env)


def test_sigkill_at_any_point_leaves_the_previous_or_the_new_output_whole(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(require_corpus(), vault)
    out = tmp_path / "out"
    assert export(vault, out).wait() == 0
    previous = snapshot(out)
    (vault / "Notes" / "One-by-One.md").unlink()
    (vault / "Notes" / "Organisation.md").write_text("---\ntags: changed\n---\nA changed note.\n")
    shutil.copytree(out, tmp_path / "reference")  # the new output's feed continues the previous one
    assert export(vault, tmp_path / "reference").wait() == 0
    new = snapshot(tmp_path / "reference")
    assert new != previous
    outcomes = set()
    for delay in (0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.7, 2.0):
        process = export(vault, out)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = snapshot(out) if out.exists() else {}
        assert state in (previous, new), f"killed after {delay}s: the output is neither old nor new"
        outcomes.add("new" if state == new else "previous")
    assert "previous" in outcomes  # at least one kill landed mid-export
    assert export(vault, out).wait() == 0
    assert snapshot(out) == new
    assert not list(tmp_path.glob(".out.staging-*")) and not list(tmp_path.glob(".out.previous"))


def test_a_second_export_to_the_same_output_is_refused_while_one_runs(make_vault, tmp_path: Path) -> None:
    vault = make_vault({"A.md": "Text."})
    out = tmp_path / "out"
    with exclusive(out):
        result = CliRunner().invoke(main, ["export", str(vault), "--out", str(out)])
    assert result.exit_code == 2 and "another export is writing to" in result.output
    assert not out.exists()
    assert CliRunner().invoke(main, ["export", str(vault), "--out", str(out)]).exit_code == 0
