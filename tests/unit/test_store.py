"""The embedded store: loaded from an export or a vault, and queries run in a worker that can be killed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from xtd_rdf.config import load_config
from xtd_rdf.export import export
from xtd_rdf.store import QueryTimeout, StoreError, load_export, load_vault, run_isolated

NOTES = {
    "Alpha.md": "---\ntags: [strategie]\n---\n# Alpha\n\nSee [[Beta]] and [[Nowhere]].\n",
    "Beta.md": "# Beta\n\nBack to [[Alpha]].\n",
}


def test_load_vault_holds_the_pipeline_triples(make_vault) -> None:
    vault = make_vault(NOTES)
    loaded, built = load_vault(vault, load_config(vault))
    assert len(loaded) == len(built.triples)
    assert loaded.base == "https://example.org/xtd/"


def test_load_export_reads_the_dump_and_finds_the_base(make_vault, tmp_path: Path) -> None:
    vault = make_vault(NOTES)
    config = load_config(vault).with_overrides(base="https://data.example.net/museum/")
    result = export(vault, tmp_path / "out", config)
    loaded = load_export(tmp_path / "out")
    assert len(loaded) == len(result.built.triples)
    assert loaded.base == "https://data.example.net/museum/"


def test_load_export_without_dumps_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="xtd-rdf export"):
        load_export(tmp_path)


def test_load_export_with_a_broken_dump(tmp_path: Path) -> None:
    (tmp_path / "dataset.nt").write_text("<http://a> <http://b> .\n", encoding="utf-8")
    with pytest.raises(StoreError, match="does not parse"):
        load_export(tmp_path)


def test_run_isolated_returns_the_result() -> None:
    assert run_isolated(lambda: {"pid": os.getpid()}, timeout=10)["pid"] != os.getpid()


def test_run_isolated_reraises_the_task_error() -> None:
    def fail() -> None:
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        run_isolated(fail, timeout=10)


def test_run_isolated_kills_a_runaway_task(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"

    def runaway() -> None:
        pid_file.write_text(str(os.getpid()))
        time.sleep(600)

    with pytest.raises(QueryTimeout, match=r"time limit of 0\.5 s"):
        run_isolated(runaway, timeout=0.5)
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)
