"""Slugs and IRIs: ASCII, stable, unique."""

from __future__ import annotations

from xtd_rdf.iris import IriMinter, slugify, tag_slug


def test_slugs_are_ascii_lower_case_with_accents_folded() -> None:
    assert slugify("Qu'est-ce qu'une stratégie numérique ?") == "qu-est-ce-qu-une-strategie-numerique"
    assert slugify("Zürich — Straße") == "zurich-strasse"
    assert slugify("«»") == "x"
    assert tag_slug("numerique/3d") == "numerique-3d"


def test_names_that_fold_to_one_slug_are_told_apart_and_reported() -> None:
    minter = IriMinter("https://ex.org/")
    first = minter.mint("persons", "a", "Émile Dupont")
    second = minter.mint("persons", "b", "Emile Dupont")
    assert first == "https://ex.org/persons/emile-dupont"
    assert second == "https://ex.org/persons/emile-dupont-2"
    assert minter.mint("persons", "a", "ignored once minted") == first
    assert minter.collisions == [("persons", "a", "b")]


def test_long_names_give_slugs_a_file_system_accepts() -> None:
    slug = slugify("Un titre très long " * 40)
    assert len(slug) <= 120 and not slug.endswith("-") and slug.startswith("un-titre-tres-long")


def test_names_that_fold_to_one_slug_get_the_next_free_number_in_order() -> None:
    minter = IriMinter("https://x.org/")
    iris = [minter.mint("notes", f"{i}/Note.md", "Note") for i in range(5)]
    iris.append(minter.mint("notes", "note-9.md", "Note 9"))
    iris.append(minter.mint("notes", "other.md", "Note"))
    assert [i.rsplit("/", 1)[1] for i in iris] == [
        "note",
        "note-2",
        "note-3",
        "note-4",
        "note-5",
        "note-9",
        "note-6",
    ]
    assert minter.mint("notes", "note-6.md", "Note 6") == "https://x.org/notes/note-6-2"
