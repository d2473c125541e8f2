"""A SIGKILL during an export leaves a cache the next export trusts and uses: never a damaged one."""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from helpers import require_corpus, snapshot
from xtd_rdf.cache import BATCH, DB_NAME, opened
from xtd_rdf.output import cache_folder


def export(vault: Path, out: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1800000000"}
    command = [
        sys.executable,
        "-m",
        "xtd_rdf",
        "export",
        str(vault),
        "--out",
        str(out),
        "--no-validate",
        *args,
    ]
    return subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)


def cached_rows(out: Path) -> int:
    try:
        with sqlite3.connect(cache_folder(out) / DB_NAME, timeout=0.1) as db:
            return db.execute("SELECT count(*) FROM notes").fetchone()[0]
    except sqlite3.Error:
        return 0  # not created yet


def kill_once_rows_are_committed(process: subprocess.Popen, out: Path, rows: int) -> bool:
    """SIGKILL the export as soon as `rows` notes are committed; False if it ended first."""
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if cached_rows(out) >= rows:
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.005)
    process.wait()
    return False


def test_sigkill_mid_parse_leaves_a_usable_cache(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(require_corpus(), vault)
    reference = tmp_path / "reference"
    done = export(vault, reference, "--full", "-q")
    assert done.wait() == 0, done.stderr.read()
    out = tmp_path / "out"
    assert kill_once_rows_are_committed(export(vault, out, "--jobs", "1"), out, BATCH)
    assert not out.exists()  # killed while reading notes: nothing was published
    with opened(cache_folder(out)) as cache:
        assert cache.diagnostics == [] and cache.stamp() is None
    survived = cached_rows(out)
    assert survived >= BATCH

    again = export(vault, out, "--jobs", "1")
    said = again.stderr.read()
    assert again.wait() == 0, said
    assert "cache-ignored" not in said and "Traceback" not in said
    parsed = int(re.search(r"; (\d+) notes? parsed\)", said).group(1))
    assert parsed == cached_rows(out) - survived  # the committed rows were used, only the rest parsed
    assert snapshot(out) == snapshot(reference)
