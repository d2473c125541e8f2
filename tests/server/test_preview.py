"""`xtd-rdf preview` over HTTP: the script only in served pages, the event stream, the diagnostics banner."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import watchfiles
from browser.preview_process import Events, files_containing, running_preview

from xtd_rdf.preview import VaultFilter
from xtd_rdf.preview_page import MARKER, inject

TAGGED = "---\ntitle: {title}\ntags: [musees]\n---\n{body}\n"
NOTES = {
    "Notes/Alpha.md": TAGGED.format(title="Alpha", body="Le premier texte.\n\nVoir [[Beta]]."),
    "Notes/Beta.md": TAGGED.format(title="Beta", body="Une autre note."),
}
TAG_SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
@prefix ex: <https://museum.example/shapes#> .
ex:Tagged a sh:NodeShape ; sh:targetClass schema:Article ;
    sh:property [ sh:path schema:keywords ; sh:minCount 1 ;
        sh:message "Every note needs a tag: add `tags:` to its front matter." ] .
"""


def _get(url: str, accept: str = "text/html") -> tuple[str, str]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers.get("content-type", ""), response.read().decode("utf-8")


def test_the_script_goes_before_the_end_of_the_body_or_at_the_end() -> None:
    page = inject(b"<html><body><p>x</p></body>\n</html>", "a1b2.7")
    assert page.startswith(b'<html><body><p>x</p><script id="xtd-preview">')
    assert page.endswith(b"</script>\n</body>\n</html>")
    assert b'const loaded = "a1b2.7",' in page
    assert inject(b"<p>no body</p>", "a1b2.1").startswith(b"<p>no body</p><script")


def test_a_save_sends_reload_and_the_page_serves_the_new_text(make_vault, tmp_path: Path) -> None:
    """Pages carry the script, other formats do not; a save re-exports and the stream says `reload`."""
    vault = make_vault(NOTES)
    with running_preview(vault, tmp_path / "preview.log") as preview:
        kind, page = _get(preview.origin + "/notes/alpha/")
        assert kind.startswith("text/html")
        assert f'<script id="{MARKER}">' in page and "Le premier texte." in page
        _kind, turtle = _get(preview.origin + "/notes/alpha.ttl", "text/turtle")
        assert MARKER not in turtle and 'schema:name "Alpha"' in turtle

        events = Events(preview.origin)
        name, first = events.next()
        assert (name, first["generation"], first["ok"]) == ("status", 1, True)
        (vault / "Notes/Alpha.md").write_text(
            TAGGED.format(title="Alpha", body="Un texte tout neuf."), encoding="utf-8"
        )
        name, saved = events.next()
        assert (name, saved["generation"], saved["ok"]) == ("reload", 2, True)
        assert "Un texte tout neuf." in _get(preview.origin + "/notes/alpha/")[1]
        assert f'const loaded = "{saved["version"]}",' in _get(preview.origin + "/notes/alpha/")[1]
        assert saved["version"].endswith(".2") and saved["version"] != first["version"]
        events.close()
        assert files_containing(preview.out, MARKER, "EventSource", "_preview/events") == []
        assert preview.stop() == 0
    assert "Notes/Alpha.md saved → exported" in preview.output()
    assert not preview.out.exists()  # the temporary export folder goes with the preview
    if Path("/dev/shm").is_dir():  # exported in memory: each save waits for no disk
        assert preview.out.is_relative_to("/dev/shm")


def test_a_refused_export_keeps_the_site_and_sends_its_diagnostics(make_vault, tmp_path: Path) -> None:
    """Bad input: the last good output stays served, the stream carries the errors with file and line."""
    vault = make_vault(NOTES)
    shapes = tmp_path / "tags.ttl"
    shapes.write_text(TAG_SHAPES, encoding="utf-8")
    with running_preview(vault, tmp_path / "preview.log", "--shapes", str(shapes)) as preview:
        events = Events(preview.origin)
        assert events.next()[1]["diagnostics"] == []
        (vault / "Notes/Gamma.md").write_text("# Gamma\n\nSans étiquette.\n", encoding="utf-8")
        name, refused = events.next()
        assert (name, refused["generation"], refused["ok"]) == ("status", 1, False)
        assert refused["message"].startswith("export refused: 1 errors")
        expected = "Notes/Gamma.md:1: error: Every note needs a tag"
        assert [text for text in refused["diagnostics"] if text.startswith(expected)]
        assert "Gamma" not in _get(preview.origin + "/")[1]  # still the last good output
        assert expected in preview.output()

        events.close()
        late = Events(preview.origin)  # a page opened now sees the same diagnostics at once
        assert late.next()[1]["diagnostics"] == refused["diagnostics"]
        late.close()


def test_ctrl_c_stops_the_preview_while_a_page_listens(make_vault, tmp_path: Path) -> None:
    vault = make_vault(NOTES)
    out = tmp_path / "kept"
    with running_preview(vault, tmp_path / "preview.log", "--out", str(out), "--no-validate") as preview:
        events = Events(preview.origin)
        events.next()
        started = time.monotonic()
        assert preview.stop() == 0
        assert time.monotonic() - started < 10
        events.close()
    assert "Stopped." in preview.output()
    assert (out / "index.html").is_file()  # an --out folder is kept
    assert files_containing(out, MARKER, "EventSource") == []


def test_the_watcher_ignores_the_export_its_siblings_and_hidden_folders(tmp_path: Path) -> None:
    """An export inside the vault must not trigger the next export, nor must Obsidian's own files."""
    vault = tmp_path / "vault"
    watched = VaultFilter(vault, vault / "site")
    added = watchfiles.Change.added
    assert watched(added, str(vault / "Notes" / "Alpha.md"))
    assert watched(added, str(vault / "_data" / "acteurs.csv"))
    assert watched(added, str(vault / "xtd-rdf.toml"))
    assert not watched(added, str(vault / "site" / "notes" / "alpha" / "index.html"))
    assert not watched(added, str(vault / ".site.staging-x1" / "index.html"))
    assert not watched(added, str(vault / ".site.cache" / "notes.db"))
    assert not watched(added, str(vault / ".obsidian" / "workspace.json"))
    assert not watched(added, str(vault / "Notes" / ".Alpha.md.swp"))


def test_with_no_good_export_yet_a_page_says_so_and_reloads_once_fixed(make_vault, tmp_path: Path) -> None:
    vault = make_vault({**NOTES, "Notes/Gamma.md": "# Gamma\n\nSans étiquette.\n"})
    shapes = tmp_path / "tags.ttl"
    shapes.write_text(TAG_SHAPES, encoding="utf-8")
    with running_preview(vault, tmp_path / "preview.log", "--shapes", str(shapes)) as preview:
        with pytest.raises(urllib.error.HTTPError) as refused:
            _get(preview.origin + "/")
        page = refused.value.read().decode("utf-8")
        assert refused.value.code == 503 and "No output yet" in page and f'id="{MARKER}"' in page
        events = Events(preview.origin)
        assert events.next()[1]["ok"] is False
        fixed_note = TAGGED.format(title="Gamma", body="Étiquetée.")
        (vault / "Notes/Gamma.md").write_text(fixed_note, encoding="utf-8")
        name, fixed = events.next()
        assert (name, fixed["generation"], fixed["ok"]) == ("reload", 1, True)
        assert "Gamma" in _get(preview.origin + "/")[1]
        events.close()
