"""Live preview in chromium: a saved note shows on the open page without a reload by the reader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser.chromium import chromium
from browser.preview_process import files_containing, running_preview

from xtd_rdf.preview_page import MARKER

pytest.importorskip("playwright")
from playwright.sync_api import Page, expect

NOTE = "---\ntitle: Atelier\ntags: [musees]\n---\n# Atelier\n\n{text}\n\nVoir [[Programme]].\n"
FILES = {
    "Notes/Atelier.md": NOTE.format(text="Le texte avant la modification."),
    "Notes/Programme.md": "---\ntags: [musees]\n---\n# Programme\n\nLe programme du jour.\n",
}
TAG_SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
ex:Tagged a sh:NodeShape ; sh:targetClass schema:Article ;
    sh:property [ sh:path schema:keywords ; sh:minCount 1 ; sh:message "Every note needs a tag." ] .
""".replace("ex:Tagged", "<https://museum.example/shapes#Tagged>")


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def _open(browser, url: str) -> tuple[Page, list[str]]:
    """A page at `url` in a context that reaches nothing but 127.0.0.1; its JavaScript errors."""
    context = browser.new_context()
    context.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: route.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    return page, errors


def test_a_saved_note_shows_on_the_open_page(browser, make_vault, tmp_path: Path) -> None:
    vault = make_vault(FILES)
    with running_preview(vault, tmp_path / "preview.log", "--no-validate") as preview:
        page, errors = _open(browser, preview.origin + "/notes/atelier/")
        expect(page.locator("main")).to_contain_text("Le texte avant la modification.")
        page.evaluate("window.notReloaded = true")  # gone once the page reloads itself
        page.wait_for_function("document.getElementById('xtd-preview') !== null")

        (vault / "Notes/Atelier.md").write_text(NOTE.format(text="Le texte enregistré."), encoding="utf-8")

        expect(page.locator("main")).to_contain_text("Le texte enregistré.", timeout=30_000)
        assert page.evaluate("window.notReloaded") is None  # the preview reloaded it, not the test
        assert errors == []
        assert files_containing(preview.out, MARKER, "EventSource", "_preview/events") == []
        page.context.close()


def test_diagnostics_show_in_a_banner_the_reader_can_dismiss(browser, make_vault, tmp_path: Path) -> None:
    vault = make_vault(FILES)
    shapes = tmp_path / "tags.ttl"
    shapes.write_text(TAG_SHAPES, encoding="utf-8")
    with running_preview(vault, tmp_path / "preview.log", "--shapes", str(shapes)) as preview:
        page, errors = _open(browser, preview.origin + "/notes/atelier/")
        page.wait_for_function("document.getElementById('xtd-preview') !== null")
        banner = page.locator("#xtd-preview-banner")
        expect(banner).to_have_count(0)

        (vault / "Notes/Atelier.md").write_text("# Atelier\n\nSans étiquette.\n", encoding="utf-8")

        expect(banner).to_contain_text("export refused", timeout=30_000)
        expect(banner).to_contain_text("Notes/Atelier.md:1: error: Every note needs a tag.")
        expect(page.locator("main")).to_contain_text("Le texte avant la modification.")  # last good output
        banner.get_by_role("button", name="Dismiss").click()
        expect(banner).to_have_count(0)
        page.reload()  # dismissed stays dismissed until the next save
        page.wait_for_function("document.getElementById('xtd-preview') !== null")
        page.wait_for_timeout(500)
        expect(banner).to_have_count(0)
        assert errors == []
        page.context.close()
