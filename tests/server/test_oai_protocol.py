"""The protocol as a pure function over a small export: set hierarchy, date bounds, languages."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from xtd_rdf.config import Config
from xtd_rdf.export import export
from xtd_rdf.oai_protocol import respond
from xtd_rdf.oai_repository import load_repository

OAI = "{http://www.openarchives.org/OAI/2.0/}"
URL = "http://127.0.0.1/oai"


def ask(out: Path, **params: str) -> etree._Element:
    return etree.fromstring(respond(load_repository(out), list(params.items()), URL).encode())


def identifiers(root: etree._Element) -> list[str]:
    return [e.text.rsplit("/", 1)[1] for e in root.iter(f"{OAI}identifier")]


def test_a_vault_without_tags_has_no_set_hierarchy(make_vault, tmp_path: Path) -> None:
    export(make_vault({"A.md": "Text."}), tmp_path / "out", Config())
    assert ask(tmp_path / "out", verb="ListSets").find(f"{OAI}error").get("code") == "noSetHierarchy"
    root = ask(tmp_path / "out", verb="ListRecords", metadataPrefix="oai_dc", set="x")
    assert root.find(f"{OAI}error").get("code") == "noSetHierarchy"


def test_day_bounds_include_the_whole_day(make_vault, tmp_path: Path) -> None:
    vault = make_vault(
        {
            "A.md": "---\ndate: 2021-03-04\n---\nA.\n",
            "B.md": "---\ndate: 2021-03-05\n---\nB.\n",
            "C.md": "---\ndate: 2021-03-06\n---\nC.\n",
        }
    )
    export(vault, tmp_path / "out", Config())
    root = ask(tmp_path / "out", verb="ListIdentifiers", metadataPrefix="oai_dc", until="2021-03-05")
    assert identifiers(root) == ["a", "b"]
    root = ask(tmp_path / "out", verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2021-03-05"})
    assert identifiers(root) == ["b", "c"]
    root = ask(tmp_path / "out", verb="Identify")
    assert root.findtext(f".//{OAI}earliestDatestamp") == "2021-03-04T00:00:00Z"


def test_dublin_core_keeps_the_notes_language(make_vault, tmp_path: Path) -> None:
    vault = make_vault({"Musée.md": "---\nlang: fr\ntags: [art]\n---\nUn musée d'art et d'histoire.\n"})
    export(vault, tmp_path / "out", Config())
    root = ask(tmp_path / "out", verb="ListRecords", metadataPrefix="oai_dc")
    title = root.find(".//{http://purl.org/dc/elements/1.1/}title")
    assert title.text == "Musée" and title.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert root.findtext(".//{http://purl.org/dc/elements/1.1/}subject") == "art"
    assert root.findtext(".//{http://purl.org/dc/elements/1.1/}type") == "Text"
