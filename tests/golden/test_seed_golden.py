"""The seed note's export, pinned byte for byte.

After an intended change, regenerate with `XTD_UPDATE_GOLDEN=1 make test` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import SEED
from xtd_rdf.cli import main

GOLDEN = Path(__file__).parent / "seed"
FILES = ("dataset.ttl", "dataset.jsonld")


@pytest.mark.parametrize("name", FILES)
def test_seed_export_matches_the_golden_file(tmp_path: Path, name: str) -> None:
    if not SEED.is_dir():
        pytest.skip(f"no seed corpus at {SEED}")
    result = CliRunner().invoke(main, ["export", str(SEED), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    produced = (tmp_path / "out" / name).read_text(encoding="utf-8")
    if os.environ.get("XTD_UPDATE_GOLDEN"):
        (GOLDEN / name).write_text(produced, encoding="utf-8")
    assert produced == (GOLDEN / name).read_text(encoding="utf-8")
