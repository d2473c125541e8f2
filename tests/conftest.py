"""Shared fixtures: the read-only corpus beside the project, and inline vaults written per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("XTD_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "museumxtd"
SEED = SHARED / "corpus" / "seed"


@pytest.fixture
def make_vault(tmp_path: Path):
    """Write `{relative path: text}` into a fresh vault folder and return its path."""

    def make(files: dict[str, str | bytes]) -> Path:
        vault = tmp_path / "vault"
        for relative, content in files.items():
            path = vault / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        vault.mkdir(exist_ok=True)
        return vault

    return make


def require_corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    return CORPUS
