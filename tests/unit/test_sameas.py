"""Identifiers, `_data/sameas.csv` rows and `iri:` pins, read and checked before anything is exported."""

from __future__ import annotations

import pytest

from xtd_rdf.config import Config
from xtd_rdf.diagnostics import Severity
from xtd_rdf.extract import extract_facts
from xtd_rdf.identifiers import authority_iri, isni_check
from xtd_rdf.links import attach_same_as, is_link_key, note_same_as, same_as_table
from xtd_rdf.notes import parse_note
from xtd_rdf.resolve import resolve
from xtd_rdf.vault import SourceFile

BASE = "https://example.org/x/"


@pytest.mark.parametrize(
    ("scheme", "value", "iri"),
    [
        ("wikidata", "Q42", "http://www.wikidata.org/entity/Q42"),
        ("wikidata", " q1234 ", "http://www.wikidata.org/entity/Q1234"),
        ("wikidata", "https://www.wikidata.org/wiki/Q64", "http://www.wikidata.org/entity/Q64"),
        ("gnd", "118540238", "https://d-nb.info/gnd/118540238"),
        ("gnd", "4074335-4", "https://d-nb.info/gnd/4074335-4"),
        ("gnd", "10153740x", "https://d-nb.info/gnd/10153740X"),
        ("gnd", "https://d-nb.info/gnd/2026437-9", "https://d-nb.info/gnd/2026437-9"),
        ("viaf", "113230702", "http://viaf.org/viaf/113230702"),
        ("isni", "0000 0000 8045 6315", "https://isni.org/isni/0000000080456315"),
        ("isni", "000000012146438x", "https://isni.org/isni/000000012146438X"),
    ],
)
def test_well_formed_identifiers_become_the_registrys_iri(scheme: str, value: str, iri: str) -> None:
    assert authority_iri(scheme, value) == (iri, "")


@pytest.mark.parametrize(
    ("scheme", "value", "why"),
    [
        ("wikidata", "42", "is not a Wikidata item ID"),
        ("wikidata", "Q0", "is not a Wikidata item ID"),
        ("wikidata", "P31", "is not a Wikidata item ID"),
        ("gnd", "abc", "is not a GND identifier"),
        ("gnd", "5123456789", "is not a GND identifier"),
        ("viaf", "0123", "is not a VIAF ID"),
        ("viaf", "12a45", "is not a VIAF ID"),
        ("isni", "0000 0000 8045 631", "is not an ISNI"),
        ("isni", "0000 0000 8045 6316", "has a wrong check character (with these digits it ends in 5)"),
    ],
)
def test_malformed_identifiers_say_why(scheme: str, value: str, why: str) -> None:
    assert authority_iri(scheme, value) == ("", why)


def test_isni_check_character_is_iso_7064_mod_11_2() -> None:
    assert [isni_check(d) for d in ("000000008045631", "000000012146438", "000000012103268")] == [
        "5",
        "X",
        "3",
    ]


def _note(path: str, text: str):  # type: ignore[no-untyped-def]
    return parse_note(SourceFile(path, text))


def test_front_matter_values_in_order_with_a_warning_at_the_key_line_for_each_bad_one() -> None:
    note = _note(
        "Notes/N.md",
        "---\nsameAs:\n  - https://example.org/a\n  - mailto:x@example.org\nwikidata: Q7\n"
        "isni: 0000 0000 8045 6316\nSAMEAS: https://example.org/b\ngnd: [118540238, true]\n---\nText.\n",
    )
    iris, diagnostics = note_same_as(note)
    assert iris == [
        "https://example.org/a",
        "http://www.wikidata.org/entity/Q7",
        "https://example.org/b",
        "https://d-nb.info/gnd/118540238",
    ]
    assert [(d.line, d.severity, d.code) for d in diagnostics] == [
        (2, Severity.WARNING, "bad-identifier"),
        (6, Severity.WARNING, "bad-identifier"),
        (8, Severity.WARNING, "bad-identifier"),
    ]
    assert "'mailto:x@example.org' is not an absolute http(s) address" in diagnostics[0].message
    assert "gnd True is not text" in diagnostics[2].message


def test_link_keys_are_known_so_other_readers_can_skip_them() -> None:
    assert [k for k in ("sameAs", "Wikidata", "gnd", "viaf", "isni", "iri", "title") if is_link_key(k)] == [
        "sameAs",
        "Wikidata",
        "gnd",
        "viaf",
        "isni",
        "iri",
    ]


def test_table_rows_with_a_name_and_an_iri_and_a_warning_per_bad_row() -> None:
    rows, diagnostics = same_as_table(
        "Name,IRI\nJane Doe,https://viaf.org/viaf/1\n,https://example.org/n\nBob,Q42\n\n"
    )
    assert [(r.name, r.iri, r.line) for r in rows] == [("Jane Doe", "https://viaf.org/viaf/1", 2)]
    assert [(d.path, d.line, d.code) for d in diagnostics] == [
        ("_data/sameas.csv", 3, "same-as-table"),
        ("_data/sameas.csv", 4, "same-as-table"),
    ]


def test_a_table_without_the_two_columns_is_one_warning() -> None:
    rows, diagnostics = same_as_table("nom,url\nX,https://example.org/\n")
    assert rows == [] and [(d.line, d.code) for d in diagnostics] == [(1, "same-as-table")]


def _resolved(files: dict[str, str]):  # type: ignore[no-untyped-def]
    pairs = [(note, extract_facts(note, "en")) for note in (_note(p, t) for p, t in sorted(files.items()))]
    return resolve(pairs, Config(base=BASE))


def test_iri_pins_a_bare_slug_or_a_full_note_iri_and_warns_on_anything_else() -> None:
    dataset = _resolved(
        {
            "New name.md": "---\niri: old-name\n---\nRenamed.\n",
            "Other.md": f"---\niri: {BASE}notes/older\n---\nRenamed too.\n",
            "Bad.md": "---\niri: Old Name\n---\nNot a slug.\n",
            "Elsewhere.md": "---\niri: https://elsewhere.example/notes/x\n---\nNot under BASE.\n",
        }
    )
    assert {n.note.path: n.iri for n in dataset.notes} == {
        "New name.md": BASE + "notes/old-name",
        "Other.md": BASE + "notes/older",
        "Bad.md": BASE + "notes/bad",
        "Elsewhere.md": BASE + "notes/elsewhere",
    }
    assert sorted((d.path, d.line, d.code) for d in dataset.diagnostics) == [
        ("Bad.md", 2, "bad-iri-pin"),
        ("Elsewhere.md", 2, "bad-iri-pin"),
    ]


def test_a_pin_wins_over_a_derived_slug_and_the_clash_is_an_error_naming_both_files() -> None:
    dataset = _resolved({"Alpha.md": "---\niri: beta\n---\nRenamed.\n", "Beta.md": "Here first.\n"})
    assert {n.note.path: n.iri for n in dataset.notes} == {
        "Alpha.md": BASE + "notes/beta",
        "Beta.md": BASE + "notes/beta-2",
    }
    errors = [d for d in dataset.diagnostics if d.severity is Severity.ERROR]
    assert [(d.path, d.line, d.code) for d in errors] == [("Alpha.md", 2, "iri-clash")]
    assert "Alpha.md:2 and Beta.md" in errors[0].message


def test_two_pins_of_one_slug_are_an_error_at_the_second_naming_the_first() -> None:
    dataset = _resolved(
        {"A.md": "---\niri: same\n---\nOne.\n", "B.md": "---\ntitle: B\niri: same\n---\nTwo.\n"}
    )
    assert {n.note.path: n.iri for n in dataset.notes} == {
        "A.md": BASE + "notes/same",
        "B.md": BASE + "notes/b",
    }
    errors = [d for d in dataset.diagnostics if d.severity is Severity.ERROR]
    assert [(d.path, d.line) for d in errors] == [("B.md", 3)]
    assert "B.md:3 and A.md:2" in errors[0].message


def test_a_pin_equal_to_the_notes_own_slug_is_no_clash() -> None:
    dataset = _resolved({"Same.md": "---\niri: same\n---\nText.\n"})
    assert [n.iri for n in dataset.notes] == [BASE + "notes/same"] and dataset.diagnostics == []


def test_a_note_about_several_things_keeps_its_links_and_says_so() -> None:
    dataset = _resolved(
        {
            "Summit.md": "---\nwikidata: Q110\n---\n# Open Museums Summit 2021\n\n"
            "The summit was held from 3 March to 4 March 2021 in Leeds.\n",
            "Jane Smith.md": "Jane Smith is a curator.\n",
        }
    )
    summit = next(n for n in dataset.notes if n.note.path == "Summit.md")
    [event] = dataset.events.values()
    [person] = dataset.persons.values()
    assert event.same_as == {"http://www.wikidata.org/entity/Q110"} and summit.same_as == []
    event.same_as.clear()
    summit.about = [event.iri, person.iri]  # as if the note were about the summit and Jane Smith
    diagnostics = attach_same_as(dataset)
    assert summit.same_as == ["http://www.wikidata.org/entity/Q110"] and not event.same_as
    assert [(d.path, d.line, d.severity, d.code) for d in diagnostics] == [
        ("Summit.md", 2, Severity.INFO, "same-as-on-note")
    ]
