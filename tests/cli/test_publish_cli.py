"""Acceptance of publish control: private notes, drafts and excluded folders leave no trace in the output."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from helpers import load
from xtd_rdf.cli import main
from xtd_rdf.oai_protocol import respond
from xtd_rdf.oai_repository import load_repository

BASE = "https://example.org/x/"
MARKERS = ("zorblaxe", "quemflit", "vrindelok")
VAULT = {
    "xtd-rdf.toml": f'base = "{BASE}"\nexclude = ["Archives/**"]\n',
    "Notes/Accueil.md": """---
date: 2024-03-01
tags: [musee]
---
Cette note publique parle des musées et renvoie vers [[Plan Zorblaxe|le plan secret]],
vers [[Ebauche Quemflit|un travail en cours]] et vers [[Archives/Memo Vrindelok|un vieux mémo]]
(en lien Markdown : [le mémo en lien](/Archives/Memo%20Vrindelok)).

Intervenants :

- Marie Curie, directrice du Musée du Louvre
""",
    "Notes/Autre.md": """---
publish: true
date: 2024-05-02
tags: [musee/3d]
---
Une autre note publique, assez longue pour avoir une description, renvoie vers [[Accueil]]
et vers [[Alias Vrindelok|le mémo par son alias]].
""",
    "Notes/Plan Zorblaxe.md": """---
publish: false
date: 2024-07-01
tags: [zorblaxe]
---
Le plan Zorblaxe est secret. Voir https://zorblaxe.example.org/.

Intervenants :

- Jean Zorblaxe, directeur du Musée Zorblaxe
- Marie Curie, directrice du Musée du Louvre

> « Zorblaxe partout », dit Jean Zorblaxe.
""",
    "Notes/Ebauche Quemflit.md": "---\ndraft: 'True'\ndate: 2024-07-02\n---\nLe brouillon Quemflit.\n",
    "Archives/Memo Vrindelok.md": "---\naliases: [Alias Vrindelok]\ndate: 2024-07-03\n---\nMémo Vrindelok.\n",
}


def export(make_vault, out: Path, *extra: str, files: dict[str, str] = VAULT):
    result = CliRunner().invoke(main, ["export", str(make_vault(files)), "--out", str(out), "-v", *extra])
    assert result.exit_code == 0, result.output
    return result


def markers_found(out: Path) -> dict[str, list[str]]:
    """Every file of the output, read as bytes, searched for every marker (any case)."""
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        text = path.read_bytes().decode("utf-8", "replace").casefold()
        hits = [m for m in MARKERS if m in text or m in path.relative_to(out).as_posix().casefold()]
        if hits:
            found[path.relative_to(out).as_posix()] = hits
    return found


def test_no_marker_of_a_withheld_note_is_anywhere_in_the_output(make_vault, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = export(make_vault, out)
    files = [p for p in out.rglob("*") if p.is_file()]
    kinds = {p.suffix for p in files}
    assert {".ttl", ".nt", ".jsonld", ".html", ".xml", ".json", ".js"} <= kinds  # every format was searched
    assert {"feed.xml", "sitemap.xml", "catalog.ttl", "validation.html", "changes/page-0.json"} <= {
        p.relative_to(out).as_posix() for p in files
    }
    assert markers_found(out) == {}
    assert "3 notes withheld: 1 publish: false, 1 draft, 1 excluded" in result.output
    assert "missing-note" not in result.output
    assert not any(m in result.output.casefold() for m in MARKERS)


def test_the_marker_search_would_find_a_published_marker(make_vault, tmp_path: Path) -> None:
    """The search above can fail: the same vault with the draft published shows its marker."""
    files = {**VAULT, "Notes/Ebauche Quemflit.md": "---\ndate: 2024-07-02\n---\nLe brouillon Quemflit.\n"}
    out = tmp_path / "out"
    export(make_vault, out, files=files)
    found = markers_found(out)
    assert "notes/ebauche-quemflit/index.html" in found and "dataset.ttl" in found and "feed.xml" in found


def test_links_to_withheld_notes_are_plain_text_on_the_public_pages(make_vault, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(make_vault, out)
    page = (out / "notes" / "accueil" / "index.html").read_text(encoding="utf-8")
    article = page[page.index("<main") : page.index("</main>")]
    for shown in ("le plan secret", "un travail en cours", "un vieux mémo", "le mémo en lien"):
        assert shown in article
        assert not re.search(rf"<a [^>]*>{shown}</a>", article)
        assert not re.search(rf'<span class="missing"[^>]*>{shown}', article)
    other = (out / "notes" / "autre" / "index.html").read_text(encoding="utf-8")
    assert "le mémo par son alias" in other and not re.search(r"<a [^>]*>le mémo par son alias", other)
    assert re.search(r'<a href="../../notes/accueil/index.html">Accueil</a>', other)  # a public link stays


def test_withheld_notes_give_no_relation_and_no_missing_note_resource(make_vault, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(make_vault, out)
    graph = load(out / "dataset.nt")
    relations = {str(o) for s, p, o in graph if str(p) == "http://purl.org/dc/terms/relation"}
    assert relations == {BASE + "notes/accueil"}
    articles = {str(s) for s, p, o in graph if str(o) == "https://schema.org/Article"}
    assert articles == {BASE + "notes/accueil", BASE + "notes/autre"}
    people = {str(o) for s, p, o in graph if str(p) == "https://schema.org/name" and "/persons/" in str(s)}
    assert people == {"Marie Curie"}


def test_explicit_mode_publishes_only_notes_marked_publish_true(make_vault, tmp_path: Path) -> None:
    files = {**VAULT, "xtd-rdf.toml": VAULT["xtd-rdf.toml"] + 'publish = "explicit"\n'}
    out = tmp_path / "out"
    result = export(make_vault, out, files=files)
    graph = load(out / "dataset.nt")
    articles = {str(s) for s, p, o in graph if str(o) == "https://schema.org/Article"}
    assert articles == {BASE + "notes/autre"}
    assert sorted(p.name for p in (out / "notes").iterdir() if p.is_dir()) == ["autre"]
    assert "4 notes withheld: 1 publish: false, 1 draft, 1 excluded, 1 not publish: true" in result.output
    assert markers_found(out) == {}
    assert "accueil" not in (out / "feed.xml").read_text(encoding="utf-8")


def test_a_note_that_becomes_private_is_a_delete_in_the_change_feed(
    make_vault, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "out"
    public = {
        **VAULT,
        "Notes/Plan Zorblaxe.md": VAULT["Notes/Plan Zorblaxe.md"].replace("publish: false", ""),
    }
    export(make_vault, out, files=public)
    assert (out / "notes" / "plan-zorblaxe" / "index.html").is_file()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    export(make_vault, out)
    page = json.loads((out / "changes" / "page-0.json").read_text(encoding="utf-8"))
    deleted = {a["object"]["id"] for a in page["orderedItems"] if a["type"] == "Delete"}
    assert BASE + "notes/plan-zorblaxe" in deleted
    assert BASE + "persons/jean-zorblaxe" in deleted
    assert not (out / "notes" / "plan-zorblaxe").exists()


def test_oai_pmh_lists_the_public_notes_only(make_vault, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(make_vault, out)
    answer = respond(
        load_repository(out), [("verb", "ListRecords"), ("metadataPrefix", "oai_dc")], BASE + "oai"
    )
    identifiers = re.findall(
        r"<ns0:identifier>([^<]*)</ns0:identifier>|<identifier>([^<]*)</identifier>", answer
    )
    assert {a or b for a, b in identifiers} == {BASE + "notes/accueil", BASE + "notes/autre"}
    assert not any(m in answer.casefold() for m in MARKERS)
