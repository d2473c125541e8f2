"""Front matter as editors write it: every tag form, aliases, dates, and YAML that fails."""

from __future__ import annotations

import datetime as dt

import pytest

from xtd_rdf.diagnostics import Severity
from xtd_rdf.notes import parse_note
from xtd_rdf.vault import SourceFile


def note(text: str, path: str = "Notes/A note.md"):
    return parse_note(SourceFile(path, text))


@pytest.mark.parametrize(
    "line, expected",
    [
        ("tags: [museum, numerique/3d]", ["museum", "numerique/3d"]),
        ("tags: museum numerique", ["museum", "numerique"]),
        ("tags: museum, numerique", ["museum", "numerique"]),
        ("tags: #museum #numerique/3d", ["museum", "numerique/3d"]),
        ("tags:\n  - museum\n  - '#numerique'", ["museum", "numerique"]),
        ("tag: solo", ["solo"]),
        ("tags: ", []),
    ],
)
def test_tags_in_every_form_editors_write(line: str, expected: list[str]) -> None:
    """A list, a space- or comma-separated string, or `#a #b` (which YAML reads as a comment)."""
    parsed = note(f"---\ntitle: T\n{line}\n---\nBody text.\n")
    assert [t.value for t in parsed.tags] == expected
    assert all(t.line == 3 for t in parsed.tags)


def test_aliases_titles_and_navigation_become_alternate_names() -> None:
    parsed = note(
        "---\ntitle: Site\nalias: [Other]\naliases: Third\neleventyNavigation:\n"
        "  key: k\n  title: Nav title\n  parent: comprendre\n---\nText\n"
    )
    assert parsed.aliases == ("Third", "Other")
    assert parsed.titles == ("Site", "Third", "Other", "Nav title", "k")
    assert parsed.nav_parent == "comprendre"


@pytest.mark.parametrize("value", ["2022-05-13", "13.05.2022", "13/05/2022", "2022-05-13T10:00:00"])
def test_dates_in_iso_and_european_forms(value: str) -> None:
    assert note(f"---\ndate: {value}\n---\nx\n").created == dt.date(2022, 5, 13)


def test_a_date_that_is_not_one_is_a_warning_with_its_line() -> None:
    parsed = note("---\ntitle: T\ndate: 2022-02-30\n---\nx\n")
    assert parsed.created is None
    [diag] = parsed.diagnostics
    assert (diag.path, diag.line, diag.code) == ("Notes/A note.md", 3, "bad-date")


def test_yaml_that_fails_is_recovered_field_by_field_with_a_warning() -> None:
    parsed = note("---\ntitle: A: b: c\ntags: museum\nalias:\n  - [unclosed\n---\n# Heading\nBody.\n")
    [diag] = parsed.diagnostics
    assert diag.severity is Severity.WARNING and diag.code == "front-matter-yaml"
    assert diag.path == "Notes/A note.md" and 2 <= diag.line <= 5
    assert [t.value for t in parsed.tags] == ["museum"]
    assert parsed.blocks[0].text == "Heading" and parsed.blocks[0].line == 7


def test_unclosed_front_matter_is_published_as_body_with_a_warning() -> None:
    parsed = note("---\ntitle: T\nSome prose that goes on.\n")
    assert [d.code for d in parsed.diagnostics] == ["front-matter-unclosed"]
    assert parsed.front_matter == {}


def test_body_lines_count_from_the_top_of_the_file() -> None:
    parsed = note("---\ntitle: T\ntags: a\n---\n\nFirst paragraph of prose here.\n\n## Second\n")
    assert [(b.kind, b.line) for b in parsed.blocks] == [("paragraph", 6), ("heading", 8)]


def test_an_alias_bomb_is_ignored_with_a_warning_not_expanded() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        lines.append(
            f"l{level}: &l{level} [" + ", ".join([f"*{'a' if level == 1 else f'l{level - 1}'}"] * 10) + "]"
        )
    lines += ["title: *l8", "tags: *l8", "date: *l8", "aliases: ok"]
    parsed = note("---\n" + "\n".join(lines) + "\n---\nBody.\n")
    dropped = {d.message.split("'")[1] for d in parsed.diagnostics if d.code == "front-matter-too-large"}
    assert {"title", "tags", "date"} <= dropped
    assert parsed.aliases == ("ok",) and parsed.tags == ()


@pytest.mark.parametrize(
    "front_matter",
    ["title: !!python/object/apply:os.system ['echo hacked']", "title: [a, b]\ntags: 42", "tags: {a: 1}"],
)
def test_odd_or_unsafe_yaml_never_raises(front_matter: str) -> None:
    parsed = note(f"---\n{front_matter}\n---\nBody text.\n")
    assert parsed.blocks[0].text == "Body text."


@pytest.mark.parametrize(
    ("front_matter", "line", "field"),
    [
        ("title: T\ntags: 42", 3, "tags"),
        ("tags:\n  a: 1", 2, "tags"),
        ("title: [[nested]]", 2, "title"),
        ("aliases: [ok, {a: 1}]", 2, "aliases"),
    ],
)
def test_a_value_of_a_type_that_names_nothing_is_a_warning_with_its_line(
    front_matter: str, line: int, field: str
) -> None:
    parsed = note(f"---\n{front_matter}\n---\nBody.\n")
    [diag] = [d for d in parsed.diagnostics if d.code == "front-matter-type"]
    assert (diag.path, diag.line) == ("Notes/A note.md", line) and f"'{field}'" in diag.message
    assert parsed.tags == ()


def test_a_number_as_title_is_a_title_not_a_warning() -> None:
    parsed = note("---\ntitle: 1984\n---\nBody.\n")
    assert parsed.titles == ("1984",) and parsed.diagnostics == ()


def test_a_modification_date_that_is_none_is_a_warning_too() -> None:
    parsed = note("---\ntitle: T\nupdated: 2022-13-45\n---\nx\n")
    [diag] = parsed.diagnostics
    assert (diag.line, diag.code) == (3, "bad-date") and "updated" in diag.message
    assert parsed.modified is None


def test_an_empty_note_is_said_to_be_empty() -> None:
    assert [d.code for d in note("").diagnostics] == ["empty-note"]
    assert [d.code for d in note("  \n\n").diagnostics] == ["empty-note"]
