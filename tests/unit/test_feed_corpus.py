"""Acceptance 3 on the real vault: change one note, delete another, export again."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from rdflib.namespace import DCTERMS, RDF

from helpers import SDO, load, require_corpus
from xtd_rdf.config import Config
from xtd_rdf.export import export

BASE = "https://example.org/xtd/"
LATER_TIME = "2027-01-15T08:00:00Z"


def activities(out: Path) -> list[dict]:
    pages = sorted((out / "changes").glob("page-*.json"), key=lambda p: int(re.findall(r"\d+", p.name)[0]))
    return [item for page in pages for item in json.loads(page.read_text())["orderedItems"]]


def lastmods(out: Path) -> dict[str, str]:
    return dict(re.findall(r"<loc>(.*?)</loc><lastmod>(.*?)</lastmod>", (out / "sitemap.xml").read_text()))


def isolated_note(out: Path) -> tuple[str, str]:
    """A note whose deletion touches nothing else: no links to it, it names no one, its tags live on."""
    graph = load(out / "dataset.nt")
    linked = set(graph.objects(None, DCTERMS.relation))
    for note in sorted(graph.subjects(RDF.type, SDO.Article)):
        named = set(graph.objects(note, SDO.mentions)) | set(graph.objects(note, SDO.about))
        shared_tags = all(
            len(set(graph.subjects(DCTERMS.subject, t))) > 1 for t in graph.objects(note, DCTERMS.subject)
        )
        if note not in linked and not any(str(n).startswith(BASE) for n in named) and shared_tags:
            return str(note), str(graph.value(note, DCTERMS.source))
    raise AssertionError("no isolated note in the corpus")


def test_the_feed_gains_exactly_one_update_and_one_delete(tmp_path: Path, monkeypatch) -> None:
    """CarbonViz gains a sentence and a tag; a note that nothing links to and that names no one goes."""
    vault, out = tmp_path / "vault", tmp_path / "out"
    shutil.copytree(require_corpus(), vault)
    export(vault, out, Config())
    before, pages_before = activities(out), lastmods(out)
    deleted, deleted_path = isolated_note(out)
    with (vault / "Notes" / "CarbonViz.md").open("a", encoding="utf-8") as note:
        note.write("\nUne phrase ajoutée. #forum\n")
    (vault / deleted_path).unlink()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    export(vault, out, Config())
    after = activities(out)
    assert after[: len(before)] == before
    assert [(a["type"], a["object"]["id"], a["endTime"]) for a in after[len(before) :]] == [
        *sorted([("Delete", deleted, LATER_TIME), ("Update", f"{BASE}notes/carbonviz", LATER_TIME)]),
    ]
    pages_after = lastmods(out)
    assert pages_after.pop(f"{BASE}notes/carbonviz/") == LATER_TIME
    assert pages_before.pop(f"{deleted}/") and f"{deleted}/" not in pages_after
    for listing in (BASE, f"{BASE}notes/"):
        assert pages_after.pop(listing) == LATER_TIME
        pages_before.pop(listing)
    pages_before.pop(f"{BASE}notes/carbonviz/")
    assert pages_after == pages_before  # every other page keeps its time
