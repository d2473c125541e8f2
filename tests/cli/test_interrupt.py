"""A killed export never leaves a half-written output: the folder is the previous one or the new one."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from helpers import require_corpus, snapshot
from xtd_rdf.cli import main
from xtd_rdf.output import Files, exclusive


def export(vault: Path, out: Path, *args: str) -> subprocess.Popen:
    # The change feed dates what changed since the previous output: one fixed time for every run.
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1800000000"}
    command = [sys.executable, "-m", "xtd_rdf", "export", str(vault), "--out", str(out), "-q", *args]
    # Ctrl-C as at a terminal, even when the suite itself runs as a background job (which ignores SIGINT)
    return subprocess.Popen(command, env=env, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


KILLS = 20


def test_sigkill_at_any_point_leaves_the_previous_or_the_new_output_whole(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(require_corpus(), vault)
    out = tmp_path / "out"
    assert export(vault, out).wait() == 0
    previous = snapshot(out)
    (vault / "Notes" / "One-by-One.md").unlink()
    (vault / "Notes" / "Organisation.md").write_text("---\ntags: changed\n---\nA changed note.\n")
    shutil.copytree(out, tmp_path / "reference")  # the new output's feed continues the previous one
    started = time.monotonic()
    assert export(vault, tmp_path / "reference").wait() == 0
    duration = time.monotonic() - started  # how long an export runs here: the kills spread over it
    new = snapshot(tmp_path / "reference")
    assert new != previous
    outcomes = []
    for delay in kill_times(duration):
        process = export(vault, out)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = snapshot(out) if out.exists() else {}
        assert state in (previous, new), f"killed after {delay:.2f}s: the output is neither old nor new"
        outcomes.append("new" if state == new else "previous")
    assert outcomes.count("previous") >= KILLS // 4, outcomes  # many kills landed mid-export
    assert export(vault, out).wait() == 0
    assert snapshot(out) == new
    assert not list(tmp_path.glob(".out.staging-*")) and not list(tmp_path.glob(".out.previous"))


def kill_times(duration: float) -> list[float]:
    """One seeded random moment in each twentieth of an export: start-up, reading, writing, the swap."""
    chance = random.Random(9)
    return [duration * (i + chance.random()) / KILLS for i in range(KILLS)]


def test_a_second_export_to_the_same_output_is_refused_while_one_runs(make_vault, tmp_path: Path) -> None:
    vault = make_vault({"A.md": "Text."})
    out = tmp_path / "out"
    with exclusive(out):
        result = CliRunner().invoke(main, ["export", str(vault), "--out", str(out)])
    assert result.exit_code == 2 and "another export is writing to" in result.output
    assert not out.exists()
    assert CliRunner().invoke(main, ["export", str(vault), "--out", str(out)]).exit_code == 0


def test_sigint_and_sigterm_mid_export_leave_the_previous_output(make_vault, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(require_corpus(), vault)
    out = tmp_path / "out"
    assert export(vault, out).wait() == 0
    previous = snapshot(out)
    (vault / "Notes" / "Organisation.md").write_text("---\ntags: changed\n---\nA changed note.\n")
    for sig in (signal.SIGINT, signal.SIGTERM):
        process = export(vault, out, "--full")
        while not list(tmp_path.glob(".out.staging-*")) and process.poll() is None:
            time.sleep(0.005)  # until the export writes its staging folder: the hardest moment to stop
        process.send_signal(sig)
        assert process.wait() != 0, "the export ended before the signal: the test proves nothing"
        assert snapshot(out) == previous
        assert not list(tmp_path.glob(".out.staging-*"))


def test_an_error_while_writing_leaves_the_previous_output(make_vault, tmp_path: Path, monkeypatch) -> None:
    """A writer that fails half-way (a full disk, a bug) publishes nothing; the previous output stays."""
    vault = make_vault({"A.md": "First text of the note."})
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["export", str(vault), "--out", str(out)]).exit_code == 0
    previous = snapshot(out)
    (vault / "A.md").write_text("Changed text of the note.")

    def full_disk(files: Files, *_: object) -> None:
        files.write_text("index.html", "<half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("xtd_rdf.export.write_site", full_disk)
    result = CliRunner().invoke(main, ["export", str(vault), "--out", str(out)])
    assert result.exit_code == 2 and "No space left on device" in result.output
    assert "previous output" in result.output and "Traceback" not in result.output
    assert snapshot(out) == previous
    assert not list(tmp_path.glob(".out.staging-*"))
