"""Fields users write: read from front matter and inline (never from code), typed, mapped or declared."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

from xtd_rdf.config import Config, ConfigError, load_config
from xtd_rdf.dataset import PublishedNote
from xtd_rdf.fields import inline_fields
from xtd_rdf.notes import parse_note
from xtd_rdf.pipeline import Built, build
from xtd_rdf.vault import SourceFile

BASE = "https://example.org/xtd/"
VOCAB = BASE + "vocab/"


def fields_of(text: str) -> list[tuple[str, object, int, bool]]:
    note = parse_note(SourceFile("Note.md", text))
    return [(f.key, f.value, f.line, f.inline) for f in note.fields]


# -- reading


def test_inline_fields_in_both_forms_with_their_lines() -> None:
    text = (
        "---\ntitle: T\n---\n"
        "Lieu:: Genève\n"
        "\n"
        "A sentence with [mood:: calm] and (hidden:: yes) inside.\n"
        "- item:: [[Note A]], [[Note B]]\n"
        "- **Bold key**:: value\n"
        "\n"
        "| a | b |\n|---|---|\n| [cell:: 1] | x |\n"
    )
    assert fields_of(text) == [
        ("Lieu", "Genève", 4, True),
        ("mood", "calm", 6, True),
        ("hidden", "yes", 6, True),
        ("item", "[[Note A]], [[Note B]]", 7, True),
        ("Bold key", "value", 8, True),
        ("cell", "1", 12, True),
    ]


def test_a_bracketed_value_may_hold_brackets() -> None:
    assert inline_fields("see [speaker:: [[Jeanne Dupont|Jeanne]]] here") == [
        ("speaker", "[[Jeanne Dupont|Jeanne]]")
    ]
    assert inline_fields("(when:: 2022-05-13) and [unclosed:: x") == [("when", "2022-05-13")]
    assert inline_fields("empty:: ") == []
    assert inline_fields("a line without fields, a URL https://example.org/a::b") == []


def test_code_never_yields_a_field() -> None:
    text = "`code:: no` and text\n\n```\nfenced:: no\n[fenced:: no]\n```\n\n    indented:: no\n\nkept:: yes\n"
    assert fields_of(text) == [("kept", "yes", 10, True)]


def test_front_matter_fields_skip_the_model_keys_and_flatten_the_rest() -> None:
    text = (
        "---\n"
        "title: T\naliases: [A]\ntags: [x]\ndate: 2022-01-01\nlang: fr\npublish: true\n"
        "Wikidata: Q42\nsameAs: https://example.org/same\n"
        "Title: a capitalised title is no model key\n"
        "speaker: [[Jeanne Dupont]]\n"
        "lieux: [Genève, Lausanne]\n"
        "event:\n  place: Bern\n  talks: [a, b]\n"
        "empty:\n"
        "count: 3\nratio: 0.5\nok: false\n"
        "---\nBody.\n"
    )
    assert fields_of(text) == [
        ("Title", "a capitalised title is no model key", 10, False),
        ("speaker", "[[Jeanne Dupont]]", 11, False),  # unquoted, YAML reads a list in a list
        ("lieux", "Genève", 12, False),
        ("lieux", "Lausanne", 12, False),
        ("event.place", "Bern", 13, False),
        ("event.talks", "a", 13, False),
        ("event.talks", "b", 13, False),
        ("count", 3, 17, False),
        ("ratio", 0.5, 17 + 1, False),
        ("ok", False, 19, False),
    ]


def test_front_matter_nested_too_deep_is_said_not_silently_dropped() -> None:
    note = parse_note(SourceFile("Deep.md", "---\na:\n b:\n  c:\n   d:\n    e:\n     f: x\nf: y\n---\n"))
    assert [(f.key, f.value) for f in note.fields] == [("f", "y")]
    (diag,) = [d for d in note.diagnostics if d.code == "field-too-deep"]
    assert (diag.path, diag.line) == ("Deep.md", 2)
    assert "'a.b.c.d.e' was ignored" in diag.message


def test_an_empty_key_is_no_field_and_is_said() -> None:
    """`"": value` has nothing to name a property after (it once became a property labelled "")."""
    note = parse_note(SourceFile("Empty.md", '---\n"": a\n"  ": b\n"???": c\n---\n'))
    assert [(f.key, f.value) for f in note.fields] == [("???", "c")]
    assert [d.code for d in note.diagnostics] == ["field-without-key"] * 2


# -- typing, mapping and the vocabulary, on a whole vault


def built(make_vault, files: dict[str, str]) -> Built:
    vault = make_vault(files)
    return build(vault, load_config(vault))


def note(result: Built, name: str) -> PublishedNote:
    return next(item for item in result.dataset.notes if item.note.name == name)


def values(result: Built, name: str, predicate: str) -> list[object]:
    item = note(result, name)
    iri = URIRef(item.iri)
    return sorted((o for s, p, o in result.triples if s == iri and str(p) == predicate), key=str)


def test_values_are_typed_as_people_read_them(make_vault) -> None:
    result = built(
        make_vault,
        {
            "xtd-rdf.toml": 'language = "fr"\n',
            "T.md": (
                "---\n"
                'when: 2022-05-13\nat: "2022-05-13 10:30"\nn: 42\nquoted: "42"\nf: 2.50\nok: true\n'
                "site: https://example.org/café?q=<1>\nnothing:\n"
                "---\n"
                "Une note en français avec quelques champs écrits dans le texte.\n\n"
                "i:: -7\nd:: 3.25\nb:: False\nlink:: [le site](https://example.org/site)\n"
                "text:: Une valeur en texte\nzero:: 007\n"
            ),
        },
    )
    v = lambda key: values(result, "T", VOCAB + key)  # noqa: E731
    assert v("when") == [Literal("2022-05-13", datatype=XSD.date)]
    assert v("at") == [Literal("2022-05-13T10:30:00", datatype=XSD.dateTime)]
    assert v("n") == [Literal("42", datatype=XSD.integer)]
    assert v("quoted") == [Literal("42", lang="fr")]  # quoted in YAML: meant as text
    assert v("f") == [Literal("2.5", datatype=XSD.decimal)]
    assert v("ok") == [Literal("true", datatype=XSD.boolean)]
    assert v("site") == [URIRef("https://example.org/café?q=%3C1%3E")]
    assert v("nothing") == []
    assert v("i") == [Literal("-7", datatype=XSD.integer)]
    assert v("d") == [Literal("3.25", datatype=XSD.decimal)]
    assert v("b") == [Literal("false", datatype=XSD.boolean)]
    assert v("link") == [URIRef("https://example.org/site")]
    assert v("text") == [Literal("Une valeur en texte", lang="fr")]
    assert v("zero") == [Literal("007", lang="fr")]  # a code, not a number


def test_a_date_that_is_none_stays_text_with_a_warning(make_vault) -> None:
    result = built(make_vault, {"T.md": "---\nwhen: 2022-02-30\n---\nSome prose here for the note.\n"})
    assert [str(o) for o in values(result, "T", VOCAB + "when")] == ["2022-02-30"]
    (diag,) = [d for d in result.diagnostics if d.code == "bad-field-value"]
    assert (diag.path, diag.line) == ("T.md", 2)


PEOPLE = (
    "Une note sur une conférence au musée, avec ses intervenants.\n\nIntervenants :\n\n"
    "- Marie Curie, directrice du Musée du Louvre\n"
)


def test_wikilinks_name_notes_then_people_and_organisations_and_never_withheld_notes(make_vault) -> None:
    result = built(
        make_vault,
        {
            "Conf.md": PEOPLE,
            "Jeanne Dupont.md": "---\naliases: [J. Dupont]\n---\nJeanne Dupont dirige un musée.\n",
            "Secret.md": "---\npublish: false\n---\nLe secret.\n",
            "T.md": (
                "---\n"
                'speaker: "[[J. Dupont|Jeanne]]"\n'
                'others: ["[[Marie Curie]]", "[[Musée du Louvre]]", "[[Secret]]", "[[Nobody Here]]"]\n'
                "---\n"
                "A note with links in its fields and enough prose.\n\n"
                "ref:: [[Jeanne Dupont#Bio]], [[Secret]]\n"
            ),
        },
    )
    data = result.dataset
    jeanne = note(result, "Jeanne Dupont").iri
    (curie,) = [p.iri for p in data.persons.values() if p.name == "Marie Curie"]
    (louvre,) = [o.iri for o in data.organizations.values() if o.name == "Musée du Louvre"]
    missing = BASE + "notes/nobody-here"
    assert values(result, "T", VOCAB + "speaker") == [URIRef(jeanne)]
    assert values(result, "T", VOCAB + "others") == sorted(map(URIRef, (curie, louvre, missing)))
    assert values(result, "T", VOCAB + "ref") == [URIRef(jeanne)]
    assert data.missing_notes[missing] == "Nobody Here"
    assert not [t for t in result.triples if "secret" in str(t[2]).casefold()]
    (warned,) = [d for d in result.diagnostics if d.code == "missing-note"]
    assert (warned.path, warned.line) == ("T.md", 3)


def test_config_maps_keys_by_slug_and_not_data_is_skipped(make_vault) -> None:
    result = built(
        make_vault,
        {
            "xtd-rdf.toml": (
                'not_data = ["layout", "cssclasses"]\n'
                '[fields]\nlieu = "schema:location"\n"date de début" = "https://example.org/terms/start"\n'
            ),
            "T.md": (
                "---\nlayout: post.njk\ncssclasses: [wide]\npermalink: /t/\nLieu: Genève\n"
                "eleventyNavigation:\n  key: T\n---\n"
                "Some prose for the note, long enough.\n\nlieu:: Bern\nDate de début:: 2024-01-02\n"
            ),
        },
    )
    assert [str(o) for o in values(result, "T", "https://schema.org/location")] == ["Bern", "Genève"]
    start = values(result, "T", "https://example.org/terms/start")
    assert start == [Literal("2024-01-02", datatype=XSD.date)]
    declared = {str(s) for s, p, o in result.triples if p == RDF.type and o == RDF.Property}
    # permalink and eleventyNavigation are data once the list no longer names them; layout never is
    assert declared == {VOCAB + "permalink", VOCAB + "eleventynavigation-key"}


def test_keys_that_slug_alike_share_one_property_labelled_as_most_often_written(make_vault) -> None:
    result = built(
        make_vault,
        {
            "A.md": "---\nMood: calm\n---\nSome prose for the note A here.\n",
            "B.md": "---\nmood: loud\n---\nSome prose for the note B here.\n\nmood:: quiet\n",
        },
    )
    prop = URIRef(VOCAB + "mood")
    triples = {(p, o) for s, p, o in result.triples if s == prop}
    assert triples == {
        (RDF.type, RDF.Property),
        (RDFS.label, Literal("mood")),
        (SKOS.altLabel, Literal("Mood")),
        (RDFS.isDefinedBy, URIRef(BASE)),
    }
    assert result.dataset.properties[str(prop)].origins[0].path == "A.md"


# -- config


@pytest.mark.parametrize(
    ("table", "said"),
    [
        ('[fields]\nlieu = "foo:bar"', "'lieu' = 'foo:bar' is neither a term of a known prefix"),
        ('[fields]\nlieu = "https://exa mple.org/x"', "is neither a term of a known prefix"),
        ('[fields]\nlieu = "schema:"', "is neither a term of a known prefix"),
        ("[fields]\nlieu = 3", "[fields] 'lieu' must be a term as text"),
        ('[fields]\nlieu = "schema:location"\nLieu = "schema:place"', "name the same field"),
        ('fields = "schema:location"', "'fields' must be a table"),
        ('not_data = "layout"', "'not_data' must be a list of keys"),
    ],
)
def test_bad_field_mappings_are_config_errors_naming_the_file(tmp_path: Path, table: str, said: str) -> None:
    path = tmp_path / "xtd-rdf.toml"
    path.write_text(table + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert str(caught.value).startswith(f"{path}: ")
    assert said in str(caught.value)


def test_field_terms_are_curies_of_known_prefixes_or_full_iris(tmp_path: Path) -> None:
    (tmp_path / "xtd-rdf.toml").write_text(
        '[fields]\nspeaker = "schema:performer"\nami = "foaf:knows"\nx = "https://example.org/t#x"\n',
        encoding="utf-8",
    )
    assert load_config(tmp_path).fields == (
        ("ami", "http://xmlns.com/foaf/0.1/knows"),
        ("speaker", "https://schema.org/performer"),
        ("x", "https://example.org/t#x"),
    )
    assert Config().not_data == (
        "layout",
        "permalink",
        "eleventyNavigation",
        "eleventyExcludeFromCollections",
    )


def test_a_paragraph_of_fields_does_not_describe_the_note() -> None:
    note = parse_note(
        SourceFile(
            "N.md", "Lieu:: Genève\nsalle:: Auditorium B, grande salle\n\nLa vraie description est ici.\n"
        )
    )
    assert note.description == "La vraie description est ici."


def test_field_prefixes_are_the_model_prefixes_and_reading_them_loads_no_rdf_library(tmp_path: Path) -> None:
    from xtd_rdf.config import FIELD_PREFIXES
    from xtd_rdf.vocab import PREFIXES

    assert FIELD_PREFIXES == {**PREFIXES, "foaf": "http://xmlns.com/foaf/0.1/"}
    namespaces = (SDO, DCTERMS, SKOS, DCAT, VOID, PROV, XSD, RDF, RDFS)  # the table agrees with rdflib's
    assert {p: str(ns) for p, ns in zip(PREFIXES, namespaces, strict=True)} == PREFIXES
    (tmp_path / "xtd-rdf.toml").write_text('[fields]\nx = "https://example.org/t"\n', encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from xtd_rdf.config import load_config; "
        f"load_config(Path({str(tmp_path)!r})); print(sorted({{'rdflib', 'pyoxigraph'}} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"  # an export that finds nothing changed must stay light
