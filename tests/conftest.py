"""Shared fixtures: the read-only corpus beside the project, and inline vaults written per test."""

from __future__ import annotations

from pathlib import Path

import pytest


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
