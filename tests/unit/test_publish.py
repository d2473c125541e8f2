"""Publish control: which notes are withheld, and that nothing of them reaches the resolved vault."""

from __future__ import annotations

from pathlib import Path

import pytest

from xtd_rdf.config import Config, ConfigError, load_config
from xtd_rdf.notes import parse_note
from xtd_rdf.pipeline import build
from xtd_rdf.publish import WithheldNames, flag, summary, withheld, withhold_reason
from xtd_rdf.vault import SourceFile

BASE = "https://example.org/x/"


def note(front: str, path: str = "Notes/N.md", body: str = "Some text.") -> object:
    return parse_note(SourceFile(path, f"---\n{front}\n---\n{body}\n"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        ("false", False),
        ("FALSE", False),
        (" True ", True),
        ("no", None),
        (1, None),
    ],
)
def test_flag_reads_yaml_booleans_and_the_strings_true_and_false_in_any_case(value, expected) -> None:
    assert flag(value) is expected


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("publish: false", "publish: false"),
        ('publish: "False"', "publish: false"),
        ("draft: true", "draft"),
        ("draft: 'TRUE'", "draft"),
        ("publish: maybe", "publish: false"),  # unreadable: withheld to be safe
        ("draft: false\npublish: true", None),
        ("title: T", None),
    ],
)
def test_front_matter_withholds_a_note(front: str, reason: str | None) -> None:
    assert withhold_reason(note(front), Config()) == reason


def test_exclude_and_ignore_globs_both_withhold() -> None:
    for config in (Config(exclude=("Private/**",)), Config(ignore=("Private/**",))):
        assert withhold_reason(note("title: T", "Private/Deep/N.md"), config) == "excluded"
        assert withhold_reason(note("title: T", "Notes/N.md"), config) is None


def test_explicit_mode_publishes_only_publish_true() -> None:
    config = Config(publish="explicit")
    assert withhold_reason(note("title: T"), config) == "not publish: true"
    assert withhold_reason(note("publish: true"), config) is None
    assert withhold_reason(note("publish: true\ndraft: true"), config) == "draft"


def test_withheld_names_match_like_wikilinks_do() -> None:
    item = withheld(note("aliases: [Other Name]", "Private/Secret Plan.md"), "excluded")
    names = WithheldNames([item])
    assert all(
        names(t) for t in ("Secret Plan", "secret plan", "Private/Secret Plan", "other name", "x/Secret Plan")
    )
    assert not names("Secret") and not names("")


def test_summary_counts_every_reason() -> None:
    items = [withheld(note("t: 1", f"{n}.md"), r) for n, r in enumerate(["draft", "publish: false", "draft"])]
    assert summary(items) == "3 notes withheld: 1 publish: false, 2 draft"
    assert summary([]) == ""


def test_config_accepts_publish_exclude_and_feed_entries(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('publish = "explicit"\nexclude = ["A/**"]\nfeed_entries = 5\n', encoding="utf-8")
    config = load_config(tmp_path, path)
    assert (config.publish, config.exclude, config.feed_entries) == ("explicit", ("A/**",), 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('publish = "some"', "'publish' must be one of all, explicit"),
        ('exclude = "A/**"', "'exclude' must be a list"),
        ("feed_entries = 0", "'feed_entries' must be a positive"),
    ],
)
def test_config_rejects_bad_publish_settings(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path, path)


PRIVATE = """---
publish: false
---
Intervenants :

- Marie Curie, directrice du Musée du Louvre
- Jean Zorblaxe, directeur du Musée Zorblaxe

> « Zorblaxe est partout », dit Jean Zorblaxe.
"""
PUBLIC = """---
date: 2024-01-02
---
Intervenants :

- Marie Curie, directrice du Musée du Louvre

Voir [[Plan Zorblaxe|le plan]], [[Quemflit|une ébauche]] et [[Vraiment absente]].
"""


def test_a_withheld_note_gives_no_entity_relation_or_missing_note(make_vault) -> None:
    vault = make_vault(
        {"Public.md": PUBLIC, "Plan Zorblaxe.md": PRIVATE, "Quemflit.md": "---\ndraft: true\n---\nX\n"}
    )
    built = build(vault, Config(base=BASE))
    dataset = built.dataset
    assert [n.note.path for n in dataset.notes] == ["Public.md"]
    assert {w.path: w.reason for w in dataset.withheld} == {
        "Plan Zorblaxe.md": "publish: false",
        "Quemflit.md": "draft",
    }
    assert list(dataset.missing_notes.values()) == ["Vraiment absente"]  # a real missing note still is one
    assert dataset.notes[0].relations == [next(iter(dataset.missing_notes))]
    warned = [d.message for d in built.diagnostics if d.code == "missing-note"]
    assert len(warned) == 1 and "Vraiment absente" in warned[0]
    everything = " ".join(str(t) for triple in built.triples for t in triple)
    assert "zorblaxe" not in everything.casefold() and "quemflit" not in everything.casefold()


def test_a_person_named_in_public_and_withheld_notes_stays_with_public_origins_only(make_vault) -> None:
    vault = make_vault({"Public.md": PUBLIC, "Plan Zorblaxe.md": PRIVATE})
    dataset = build(vault, Config(base=BASE)).dataset
    people = {p.name: p for p in dataset.persons.values()}
    assert list(people) == ["Marie Curie"]
    assert {o.path for o in people["Marie Curie"].origins} == {"Public.md"}
    assert not dataset.notes[0].quotations


def test_an_unreadable_flag_is_a_warning_with_file_and_line(make_vault) -> None:
    vault = make_vault({"A.md": "---\ntitle: A\ndraft: perhaps\n---\nText.\n"})
    built = build(vault, Config(base=BASE))
    assert not built.dataset.notes
    (found,) = [d for d in built.diagnostics if d.code == "publish-flag"]
    assert (found.path, found.line) == ("A.md", 3)


def test_read_problems_of_excluded_files_are_not_reported(make_vault) -> None:
    vault = make_vault({"Private/bin.md": b"\x00\x01binary", "A.md": "Text."})
    built = build(vault, Config(base=BASE, exclude=("Private/**",)))
    assert not [d for d in built.diagnostics if d.path.startswith("Private/")]
