"""Whatever a note contains, the pipeline does not crash and the graph it writes parses in all syntaxes."""

from __future__ import annotations

import os

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from xtd_rdf.config import Config
from xtd_rdf.extract import extract_facts
from xtd_rdf.graph import dataset_triples
from xtd_rdf.notes import parse_note
from xtd_rdf.resolve import resolve
from xtd_rdf.vault import SourceFile
from xtd_rdf.writers.rdf import jsonld, ntriples, turtle

PIECES = st.sampled_from(
    [
        "---\n",
        "title: ",
        "tags: ",
        "#tag ",
        "#a/b ",
        "[[",
        "]]",
        "|",
        "#",
        "^",
        "![[",
        "[",
        "](",
        ")",
        "http://x.org/a b",
        'https://ex.org/<>"{}',
        "\n",
        "\n\n",
        "- ",
        "> ",
        "```\n",
        '<iframe src="',
        '"',
        "«",
        "»",
        "“",
        "„",
        "(",
        "Jean Dupont",
        ", Directeur, ",
        "le 31 février 2022",
        "12 octobre 2022",
        "\x00",
        "\x07",
        "\ud800",
        "\u202e",
        "😀",
        "مرحبا",
        "&a [*a, *a]",
        "!!python/object:os.system",
        ": ",
        "date: 2022-02-30",
        "aliases: [",
        "\\",
        '"""',
        "<script>alert(1)</script>",
        "<!--",
        "\r\n",
        "\t",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map("".join)
NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
    min_size=1,
    max_size=12,
)


def build(files: dict[str, str]) -> list:
    pairs = []
    for name, text in sorted(files.items()):
        note = parse_note(SourceFile(f"{name}.md", text))
        pairs.append((note, extract_facts(note, "fr")))
    dataset = resolve(pairs, Config())
    return [t for triples in dataset_triples(dataset).values() for t in triples]


BUDGET = settings(
    max_examples=int(os.environ.get("XTD_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@BUDGET
@given(st.dictionaries(NAMES, TEXT, min_size=1, max_size=4))
def test_any_notes_give_a_graph_that_parses_the_same_in_every_syntax(files: dict[str, str]) -> None:
    assert_parses_alike(build(files))


# Notes shaped like a vault's: front matter whose values have odd types, headings, lists, quotes, and
# wikilinks to the other generated notes under names that differ by case, accents or anchors.
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.sampled_from(["2022-02-30", "2022-10-12", "12/10/2022", "~", "[", "{a: b}", "*x", "&x a", "|"]),
    TEXT.map(repr),
)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=3).map(lambda v: "[" + ", ".join(map(str, v)) + "]"))
KEYS = st.sampled_from(["title", "tags", "aliases", "date", "created", "updated", "description", "nav", "x"])


@st.composite
def vault_notes(draw: st.DrawFn) -> dict[str, str]:
    names = draw(st.lists(NAMES, min_size=1, max_size=4, unique_by=str.casefold))
    notes = {}
    for name in names:
        front = draw(st.dictionaries(KEYS, VALUES, max_size=4))
        lines = ["---", *(f"{k}: {v}" for k, v in front.items()), "---"] if front else []
        for _ in range(draw(st.integers(0, 6))):
            other = draw(st.sampled_from(names))
            target = draw(st.sampled_from([other, other.upper(), other.casefold(), other + "#Section"]))
            alias = draw(st.sampled_from(["", "|" + other, "|a|b"]))
            prefix = draw(st.sampled_from(["", "# ", "## ", "- ", "> ", "1. ", "> « "]))
            lines.append(f"{prefix}{draw(TEXT)} [[{target}{alias}]] {draw(TEXT)}")
        notes[name] = "\n".join(lines) + "\n"
    return notes


@BUDGET
@given(vault_notes())
def test_vault_shaped_notes_give_a_graph_that_parses_the_same_in_every_syntax(files: dict[str, str]) -> None:
    assert_parses_alike(build(files))


def assert_parses_alike(triples: list) -> None:
    """The triples in Turtle, N-Triples and JSON-LD parse in pyoxigraph and rdflib to the same graph."""
    expected = Graph()
    for triple in triples:
        expected.add(triple)
    for data, rdflib_format, ox_format in (
        (turtle(triples), "turtle", ox.RdfFormat.TURTLE),
        (ntriples(triples), "nt", ox.RdfFormat.N_TRIPLES),
        (jsonld(triples), "json-ld", ox.RdfFormat.JSON_LD),
    ):
        assert len(list(ox.parse(data, format=ox_format))) == len(expected)
        assert isomorphic(Graph().parse(data=data, format=rdflib_format), expected)
