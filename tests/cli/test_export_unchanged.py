"""A re-export rewrites only the outputs whose bytes change: the others keep their inode and mtime."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from helpers import snapshot
from xtd_rdf.cli import main

NOTES = {
    "Alpha.md": "---\ntags: [musées]\n---\n# Alpha\n\nAlpha parle de [[Beta]].\n",
    "Beta.md": "# Beta\n\nBeta est une note.\n",
    "Gamma.md": "# Gamma\n\nUne note à part, sur le patrimoine.\n",
}


def export(vault: Path, out: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(vault), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output


def files_of(out: Path) -> dict[str, os.stat_result]:
    return {str(p.relative_to(out)): p.stat() for p in out.rglob("*") if p.is_file()}


def test_only_the_changed_outputs_are_new_files(make_vault, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # the feed's time of change, fixed
    vault = make_vault(NOTES)
    out = tmp_path / "out"
    export(vault, out)
    before, old_bytes = files_of(out), snapshot(out)
    reference = tmp_path / "reference"
    shutil.copytree(out, reference)  # a fresh copy: an export into it writes every file anew
    (vault / "Gamma.md").write_text("# Gamma\n\nUne note à part, sur les archives.\n", encoding="utf-8")
    export(vault, out)
    export(vault, reference)
    after, new_bytes = files_of(out), snapshot(out)
    assert new_bytes == snapshot(reference)  # byte for byte what a full rewrite gives
    kept = {name for name in after if name in before and after[name].st_ino == before[name].st_ino}
    assert kept == {name for name in after if old_bytes.get(name) == new_bytes[name]}
    for name in kept:
        assert after[name].st_mtime_ns == before[name].st_mtime_ns
    assert {"notes/alpha/index.html", "notes/alpha.ttl", "notes/beta.jsonld", "assets/site.css"} <= kept
    changed = {"notes/gamma.ttl", "notes/gamma.jsonld", "notes/gamma/index.html", "dataset.ttl", "dataset.nt"}
    changed |= {"dataset.jsonld", "catalog.ttl", "changes/state.json"}
    assert changed.isdisjoint(kept) and changed <= set(after)
