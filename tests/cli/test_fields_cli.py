"""Acceptance of "every field a user writes becomes data": counted from the files, found in the export.

The fields are counted here by a reader of the test's own (YAML front matter minus the keys the model
reads, and a regular expression over the lines outside code), then each value is looked up in
dataset.nt: the count must match, wikilinks must name the right resources, the vault's own properties
must be declared, and the export must still conform to the shapes.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from helpers import SDO, load
from xtd_rdf.cli import main
from xtd_rdf.iris import slugify

BASE = "https://example.org/f/"
VOCAB = BASE + "vocab/"
MAPPED = {"speaker": str(SDO.performer), "lieu": str(SDO.location)}
MODEL_KEYS = {"title", "aliases", "alias", "tags", "tag", "date", "updated", "modified", "lastmod"}
MODEL_KEYS |= {"lang", "language", "inLanguage", "publish", "draft"}
LINK_KEYS = {"sameas", "same_as", "wikidata", "gnd", "viaf", "isni", "iri"}
NOT_DATA = {"layout", "permalink", "eleventyNavigation", "eleventyExcludeFromCollections"}

VAULT = {
    "xtd-rdf.toml": f'base = "{BASE}"\n\n[fields]\nspeaker = "schema:performer"\nlieu = "schema:location"\n',
    "Conférence.md": """---
title: Conférence annuelle
tags: [musee]
layout: post.njk
eleventyNavigation:
  key: Conférence
wikidata: Q42
speaker: "[[J. Dupont|Jeanne]]"
Lieu: Genève
organisateur: [[Musée du Louvre]]
budget: 1200
ratio: 0.75
public: true
site: https://example.org/conf
dates: [2024-03-01, 2024-03-02]
contact:
  nom: Anne Martin
  mail: anne@example.org
---
Une conférence annuelle sur les musées et le numérique, avec ses intervenants.

Intervenants :

- Marie Curie, directrice du Musée du Louvre

speaker:: [[Marie Curie]]
salle:: Auditorium B
Une phrase avec [durée:: 90] et (thème:: patrimoine numérique) dedans.

`code:: pas un champ`

```
exemple:: pas un champ non plus
```
""",
    "Jeanne Dupont.md": """---
aliases: [J. Dupont]
---
Jeanne Dupont dirige le musée d'ethnographie depuis de longues années.

- rôle:: directrice
- [membre de:: [[Conférence]]]
""",
    "Atelier.md": """---
Thème: [médiation, "[[Conférence]]"]
---
Un atelier pratique pour les équipes des musées, sur la médiation culturelle.

lieu:: Lausanne
Il a lieu le [date de fin:: 2024-04-01], dans la grande salle.
""",
}

_FRONT = re.compile(r"^---\n(.*?)\n---\n(.*)$", re.DOTALL)
_WHOLE_LINE = re.compile(r"^\s*(?:- )?([\w][\w ]*)::\s*(.+?)\s*$")
_BRACKETED = re.compile(r"[\[(]([\w][\w ]*)::\s*((?:\[\[[^\]]+\]\]|[^\])])+)[\])]")
_LINKS = re.compile(r"\[\[([^\]|#]+)[^\]]*\]\]")


def written_fields(text: str) -> list[tuple[str, object]]:
    """(key, value) of every field value a note writes, read without the tool."""
    match = _FRONT.match(text)
    front, body = (yaml.safe_load(match.group(1)), match.group(2)) if match else ({}, text)
    found: list[tuple[str, object]] = []
    for key, value in front.items():
        if key in MODEL_KEYS or key.casefold() in LINK_KEYS or key in NOT_DATA:
            continue
        if isinstance(value, dict):
            found += [(f"{key}.{k}", v) for k, v in value.items()]
        elif isinstance(value, list) and len(value) == 1 and isinstance(value[0], list):
            found.append((key, f"[[{value[0][0]}]]"))  # `key: [[Note]]` unquoted
        else:
            found += [(key, v) for v in (value if isinstance(value, list) else [value])]
    fenced = False
    for line in body.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        line = re.sub(r"`[^`]*`", "", line)
        if fenced:
            continue
        whole = _WHOLE_LINE.match(line)
        if whole and not line.lstrip("- ").startswith(("[", "(")):
            found.append((whole.group(1), whole.group(2)))
        else:
            found += [(m.group(1), m.group(2).strip()) for m in _BRACKETED.finditer(line)]
    return [(key, one) for key, value in found for one in _split_links(value)]


def _split_links(value: object) -> list[object]:
    if isinstance(value, str) and value.startswith("[["):
        return [f"[[{target}]]" for target in _LINKS.findall(value)]
    return [value]


def predicate(key: str) -> str:
    return MAPPED.get(slugify(key)) or VOCAB + slugify(key)


def expected(graph: Graph, value: object) -> URIRef | str:
    """The IRI a wikilink names (a note, else a person or organisation by name), a URL's IRI, or the
    lexical form of any other value."""
    if isinstance(value, str) and value.startswith("[["):
        name = _LINKS.match(value).group(1).strip()  # type: ignore[union-attr]
        notes = {"J. Dupont": "jeanne-dupont", "Conférence": "conference"}
        if name in notes:
            return URIRef(BASE + "notes/" + notes[name])
        agents = (SDO.Person, SDO.Organization)
        (named,) = [s for s in graph.subjects(SDO.name, Literal(name)) if graph.value(s, RDF.type) in agents]
        return named
    if isinstance(value, str) and value.startswith("https://"):
        return URIRef(value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def test_every_field_written_is_a_triple_and_the_export_conforms(make_vault, tmp_path: Path) -> None:
    vault = make_vault(VAULT)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", str(vault), "--out", str(out), "-v"])
    assert result.exit_code == 0, result.output
    graph = load(out / "dataset.nt")
    notes = {
        "Conférence.md": URIRef(BASE + "notes/conference"),
        "Jeanne Dupont.md": URIRef(BASE + "notes/jeanne-dupont"),
        "Atelier.md": URIRef(BASE + "notes/atelier"),
    }
    written = {
        (notes[name], predicate(key), expected(graph, value))
        for name, text in VAULT.items()
        if name.endswith(".md")
        for key, value in written_fields(text)
    }
    assert (
        len(written) == 21
    )  # by hand: Conférence 11 front matter + 4 inline, Jeanne Dupont 2, Atelier 3 + 1
    for subject, p, value in written:
        objects = list(graph.objects(subject, URIRef(p)))
        assert any(o == value if isinstance(value, URIRef) else str(o) == value for o in objects), (p, value)
    published = {
        (s, str(p), o if isinstance(o, URIRef) else str(o))
        for s in notes.values()
        for p, o in graph.predicate_objects(s)
        if str(p) in MAPPED.values() or str(p).startswith(VOCAB)
    }
    assert published == written  # nothing more than what was written, nothing less

    performers = set(graph.objects(notes["Conférence.md"], SDO.performer))
    curie = URIRef(BASE + "persons/marie-curie")
    assert (curie, RDF.type, SDO.Person) in graph
    assert performers == {notes["Jeanne Dupont.md"], curie}
    (louvre,) = graph.objects(notes["Conférence.md"], URIRef(VOCAB + "organisateur"))
    assert (louvre, RDF.type, SDO.Organization) in graph

    own = {p for _, p, _ in written if p.startswith(VOCAB)}
    declared = set(graph.subjects(RDF.type, RDF.Property))
    assert {URIRef(p) for p in own} == declared
    for prop in declared:
        labels = list(graph.objects(prop, RDFS.label))
        assert len(labels) == 1 and slugify(str(labels[0])) == str(prop)[len(VOCAB) :]
    assert graph.value(URIRef(VOCAB + "theme"), RDFS.label) in (Literal("Thème"), Literal("thème"))

    report = load_report(out / "validation.ttl")
    assert report.value(predicate=RDF.type, object=URIRef("http://www.w3.org/ns/shacl#ValidationReport"))
    assert "sh:conforms true" in (out / "validation.ttl").read_text(encoding="utf-8")

    listing = (out / "vocab" / "index.html").read_text(encoding="utf-8")
    for prop in declared:
        assert f'href="../vocab/{str(prop)[len(VOCAB) :]}/index.html"' in listing
    assert 'href="vocab/index.html"' in (out / "index.html").read_text(encoding="utf-8")
    page = (out / "notes" / "conference" / "index.html").read_text(encoding="utf-8")
    assert f'<abbr title="{VOCAB}budget">vocab:budget</abbr>' in page  # the data table, like schema: terms


def load_report(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def test_a_bad_field_value_is_reported_with_its_file_and_line(make_vault, tmp_path: Path) -> None:
    vault = make_vault({"Note.md": "---\nfin: 2024-02-30\n---\nUne note assez longue pour le test.\n"})
    result = CliRunner().invoke(main, ["export", str(vault), "--out", str(tmp_path / "out"), "-v"])
    assert result.exit_code == 0, result.output
    assert "Note.md:2: warning: the field fin '2024-02-30' is not a real date" in result.output
