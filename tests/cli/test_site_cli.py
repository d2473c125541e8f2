"""`xtd-rdf export` writes the site beside the data, whatever the vault's size."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser.pages import all_pages, crawl
from click.testing import CliRunner

from xtd_rdf.cli import main


@pytest.mark.parametrize(
    ("files", "pages"),
    [
        ({}, {"index.html", "validation.html"}),
        (
            {"Seule.md": "Une note seule, sans lien ni tag, mais avec du texte.\n"},
            {"index.html", "validation.html", "notes/index.html", "notes/seule/index.html"},
        ),
    ],
)
def test_export_writes_a_browsable_site(
    make_vault, tmp_path: Path, files: dict[str, str], pages: set[str]
) -> None:
    vault = make_vault(files)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", str(vault), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert all_pages(out) == pages
    reached, broken, _ = crawl(out)
    assert broken == [] and reached == pages
    assert (out / "assets" / "site.css").is_file() and (out / ".htaccess").is_file()
