"""Page traces (writers/site.py, site_reads.py, site_changes.py): a re-export builds the model of a resource
page only when something the page read changed; every other page is linked from the previous output
unbuilt, and so are the listings and the index when what they sum up is the same.

Builds are counted by wrapping `resource_page` where the site writer calls it (the real builder still
runs); every step also checks that the incremental tree equals a `--full` export of the same vault.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import require_corpus, snapshot, writable_copy
from xtd_rdf.cache import opened
from xtd_rdf.cli import main
from xtd_rdf.output import cache_folder
from xtd_rdf.writers import site

NOTES = {
    "Forum 2022": "Intervenante : [Jeanne Dupont](https://example.org/jd), conservatrice, "
    "Musée d'ethnographie de Genève (CH)\n\nVoir [[Projet numérique]].\n",
    "Projet numérique": "## Étapes\n\nUn projet mené avec Jeanne Dupont.\n",
    "Autre note": "Rien à voir.\n",
}
PERSON = "persons/jeanne-dupont/index.html"
FORUM = "notes/forum-2022/index.html"
PROJECT = "notes/projet-numerique/index.html"
OTHER = "notes/autre-note/index.html"


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages whose model was built, export after export (cleared by `export`)."""
    paths: list[str] = []
    builder = site.resource_page

    def counted(reads, iri):  # type: ignore[no-untyped-def]
        page = builder(reads, iri)
        paths.append(page.path)
        return page

    monkeypatch.setattr(site, "resource_page", counted)
    return paths


def export(vault: Path, out: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["export", str(vault), "--out", str(out), "--no-validate", *args])
    assert result.exit_code == 0, result.output


def step(vault: Path, tmp_path: Path, built: list[str], jobs: str = "1") -> set[str]:
    """Export incrementally and in full; the trees must agree. The pages built incrementally."""
    built.clear()
    export(vault, tmp_path / "out", "--jobs", jobs)
    made = set(built)
    export(vault, tmp_path / "full", "--full", "--jobs", jobs)  # the same history: the feeds agree
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "full")
    return made


def note(vault: Path, name: str, body: str) -> None:
    text = f"---\ntitle: {name}\n---\n# {name}\n\n{body}"
    (vault / "Notes" / f"{name}.md").write_text(text, encoding="utf-8")


def page(tmp_path: Path, path: str) -> str:
    return (tmp_path / "out" / path).read_text(encoding="utf-8")


def inode(tmp_path: Path, path: str) -> int:
    """A file linked from the previous output keeps its inode; one written anew gets another."""
    return os.stat(tmp_path / "out" / path).st_ino


def small_vault(tmp_path: Path) -> Path:
    """A vault of the NOTES, in tmp_path/vault."""
    vault = tmp_path / "vault"
    (vault / "Notes").mkdir(parents=True)
    for name, body in NOTES.items():
        note(vault, name, body)
    return vault


def test_a_page_is_built_again_only_when_what_it_read_changed(tmp_path: Path, built: list[str]) -> None:
    vault = small_vault(tmp_path)
    assert {PERSON, FORUM, PROJECT, OTHER} <= step(vault, tmp_path, built)  # the first export builds all
    person = inode(tmp_path, PERSON)

    note(vault, "Autre note", "Rien à voir, toujours.\n")  # read by its own page only
    listing = inode(tmp_path, "notes/index.html")
    assert step(vault, tmp_path, built) == {OTHER}
    assert inode(tmp_path, PERSON) == person
    assert inode(tmp_path, "notes/index.html") == listing  # the same titles: linked

    note(vault, "Forum 2022", NOTES["Forum 2022"].replace("conservatrice", "directrice"))  # a job title
    assert {FORUM, PERSON} <= step(vault, tmp_path, built)
    assert "directrice" in page(tmp_path, PERSON) and "conservatrice" not in page(tmp_path, PERSON)

    titled = "---\ntitle: Un autre titre\n---\n# Projet numérique\n\n" + NOTES["Projet numérique"]
    (vault / "Notes" / "Projet numérique.md").write_text(titled, encoding="utf-8")  # its name stays
    assert FORUM not in step(vault, tmp_path, built)  # it links the project by that name
    assert inode(tmp_path, "notes/index.html") == listing
    note(vault, "Projet numérique", NOTES["Projet numérique"])
    step(vault, tmp_path, built)

    note(vault, "Autre note", "Voir [[Projet numérique]].\n")  # a backlink
    assert {OTHER, PROJECT} <= step(vault, tmp_path, built)
    assert "autre-note/index.html" in page(tmp_path, PROJECT)

    os.rename(vault / "Notes" / "Projet numérique.md", vault / "Notes" / "Projet culturel.md")  # a rename
    made = step(vault, tmp_path, built)
    assert {FORUM, OTHER, PERSON} <= made  # their links to it went missing; the person's notes changed
    assert "Projet culturel" in page(tmp_path, PERSON)
    assert 'class="missing"' in page(tmp_path, FORUM)

    (vault / "Notes" / "Autre note.md").unlink()  # a deletion
    made = step(vault, tmp_path, built)
    assert "notes/projet-culturel/index.html" not in made  # the note linked nothing that changed
    assert not (tmp_path / "out" / OTHER).exists()

    assert step(vault, tmp_path, built) == set()  # nothing changed: nothing built (stamp fast path)


def test_a_renamed_person_and_a_new_note_export_as_a_full_export_does(
    tmp_path: Path, built: list[str]
) -> None:
    vault = small_vault(tmp_path)
    step(vault, tmp_path, built)
    index = inode(tmp_path, "index.html")

    note(vault, "Forum 2022", NOTES["Forum 2022"].replace("Jeanne Dupont", "Jeanne Durand"))
    made = step(vault, tmp_path, built)
    assert {FORUM, "persons/jeanne-durand/index.html"} <= made
    assert "Jeanne Durand" in page(tmp_path, FORUM)
    assert inode(tmp_path, "index.html") != index  # its search lists her by her new name

    note(vault, "Nouvelle", "Voir [[Forum 2022]] et [[Autre note]].\n")  # new incoming edges
    made = step(vault, tmp_path, built)
    assert {"notes/nouvelle/index.html", FORUM, OTHER} <= made
    assert "nouvelle/index.html" in page(tmp_path, OTHER)
    assert PROJECT not in made


def test_a_damaged_snapshot_builds_every_page(tmp_path: Path, built: list[str]) -> None:
    vault = small_vault(tmp_path)
    step(vault, tmp_path, built)
    with opened(cache_folder(tmp_path / "out")) as cache:
        traces = cache.page_traces()
        assert site.STATE in traces
        cache.set_page_traces({**traces, site.STATE: traces[site.STATE][:-5]})

    note(vault, "Autre note", "Rien à voir, toujours.\n")
    assert {OTHER, PERSON, FORUM, PROJECT} <= step(vault, tmp_path, built)  # and the trees still agree
    note(vault, "Autre note", "Rien à voir, vraiment.\n")
    assert step(vault, tmp_path, built) == {OTHER}  # the snapshot made anew


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_edits_to_the_real_vault_export_as_a_full_export_does(
    tmp_path: Path, built: list[str], jobs: str
) -> None:
    vault = writable_copy(require_corpus(), tmp_path / "vault")
    notes = sorted((vault / "Notes").glob("*.md"))
    step(vault, tmp_path, built, jobs)
    with notes[3].open("a", encoding="utf-8") as handle:  # an appended sentence
        handle.write("\nIntervenante : Jeanne Dupont (Musée d'ethnographie de Genève)\n")
    made = step(vault, tmp_path, built, jobs)
    if jobs == "1":  # workers build in their own processes, unseen here
        assert 0 < len(made) < 10
    notes[5].unlink()  # a deleted note: links to it go missing
    step(vault, tmp_path, built, jobs)
    text = notes[7].read_text(encoding="utf-8")
    notes[7].rename(notes[7].with_name("Renommée " + notes[7].name))  # a renamed note
    notes[8].write_text(text.replace("e", "é", 3), encoding="utf-8")  # and another rewritten
    step(vault, tmp_path, built, jobs)


def test_a_damaged_trace_builds_its_page_and_full_forgets_them(tmp_path: Path, built: list[str]) -> None:
    vault = small_vault(tmp_path)
    step(vault, tmp_path, built)
    with opened(cache_folder(tmp_path / "out")) as cache:
        traces = cache.page_traces()
        assert PERSON in traces and FORUM in traces
        cache.set_page_traces({**traces, PERSON: b"not a trace", FORUM: zlib.compress(b"nor this")})

    note(vault, "Autre note", "Rien à voir, toujours.\n")
    assert step(vault, tmp_path, built) == {OTHER, PERSON, FORUM}  # and the trees still agree
    with opened(cache_folder(tmp_path / "out")) as cache:
        assert cache.page_traces()[PERSON] != b"not a trace"  # made anew

    built.clear()
    export(vault, tmp_path / "out", "--full")
    assert {OTHER, PERSON, FORUM, PROJECT} <= set(built)
