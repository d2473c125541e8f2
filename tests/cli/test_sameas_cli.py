"""Acceptance of links to the web of data: sameAs on the right entities, `iri:` pins, clashes, the corpus."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from rdflib import URIRef

from helpers import SDO, load, require_corpus
from xtd_rdf.cli import main
from xtd_rdf.config import load_config
from xtd_rdf.identifiers import AUTHORITIES
from xtd_rdf.links import is_link_key
from xtd_rdf.pipeline import build

BASE = "https://example.org/x/"
WD = "http://www.wikidata.org/entity/"
VAULT = {
    "xtd-rdf.toml": f'base = "{BASE}"\n',
    "Personnes/Nathalie Dupont.md": """---
wikidata: Q42
gnd: 118540238
isni: "0000 0000 8045 6315"
---
Nathalie Dupont est conservatrice au Musée d'ethnographie de Genève depuis longtemps.
""",
    "Events/Open Museums Summit 2021.md": """---
sameAs:
  - https://www.wikidata.org/wiki/Q110
  - https://example.org/summit
---
# Open Museums Summit 2021

The summit was held from 3 March to 4 March 2021 in Leeds.
""",
    "Organisationen/Deutsches Museum.md": """---
viaf: 123456789
---
Das Deutsches Museum in München ist ein großes Technikmuseum mit vielen Sammlungen.
""",
    "Notes/Allgemein.md": """---
sameAs: https://example.org/seite
wikidata: 42
gnd: abc
isni: 0000 0000 8045 6316
viaf: "0123"
same_as: ftp://example.org/x
---
Eine allgemeine Notiz über Museen und ihre Sammlungen, mit [[Neuer Name]].
""",
    "Notes/Neuer Name.md": "---\niri: alter-name\n---\nEine umbenannte Notiz, die ihre Adresse behält.\n",
    "Notes/Nouveau.md": f"---\niri: {BASE}notes/ancien\n---\nUne note renommée qui garde son adresse.\n",
    "_data/sameas.csv": "name,iri\nMme Nathalie DUPONT,https://viaf.org/viaf/999\n"
    f"Deutsches Museum,{WD}Q157957\nNobody Here,https://example.org/n\nBad Row,not-an-iri\n",
    "_data/akteure.csv": "name,url\nDeutsches Museum,https://www.deutsches-museum.de/\n",
}
SAME_AS = {
    "persons/nathalie-dupont": {
        WD + "Q42",
        "https://d-nb.info/gnd/118540238",
        "https://isni.org/isni/0000000080456315",
        "https://viaf.org/viaf/999",
    },
    "events/open-museums-summit-2021": {"https://www.wikidata.org/wiki/Q110", "https://example.org/summit"},
    "organizations/deutsches-museum": {"http://viaf.org/viaf/123456789", WD + "Q157957"},
    "notes/allgemein": {"https://example.org/seite"},
}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    vault = tmp_path_factory.mktemp("sameas") / "vault"
    for relative, text in VAULT.items():
        (vault / relative).parent.mkdir(parents=True, exist_ok=True)
        (vault / relative).write_text(text, encoding="utf-8")
    out = vault.parent / "out"
    result = run("export", str(vault), "--out", str(out), "-v")
    return out, result.output, result.exit_code


def test_same_as_lands_on_the_person_event_organisation_or_note(exported: tuple[Path, str, int]) -> None:
    out, output, code = exported
    assert code == 0, output
    graph = load(out / "dataset.nt")
    found: dict[str, set[str]] = {}
    for s, o in graph.subject_objects(SDO.sameAs):
        found.setdefault(str(s)[len(BASE) :], set()).add(str(o))
    assert found == SAME_AS
    assert (URIRef(BASE + "persons/nathalie-dupont"), None, SDO.Person) in graph


def test_malformed_values_are_warnings_with_file_and_line(exported: tuple[Path, str, int]) -> None:
    output = exported[1]
    for expected in (
        "Notes/Allgemein.md:3: warning: the front-matter wikidata 42 is not a Wikidata item ID; it was",
        "Notes/Allgemein.md:4: warning: the front-matter gnd 'abc' is not a GND identifier",
        "Notes/Allgemein.md:5: warning: the front-matter isni '0000 0000 8045 6316' has a wrong check",
        "Notes/Allgemein.md:6: warning: the front-matter viaf '0123' is not a VIAF ID",
        "Notes/Allgemein.md:7: warning: the front-matter same_as 'ftp://example.org/x' is not an absolute",
        "_data/sameas.csv:4: warning: no person or organisation of the vault is named 'Nobody Here'",
        "_data/sameas.csv:5: warning: the IRI 'not-an-iri' is not an absolute http(s) address",
    ):
        assert expected in output


def test_the_same_as_table_is_not_read_as_a_table_of_organisations(exported: tuple[Path, str, int]) -> None:
    graph = load(exported[0] / "dataset.nt")
    names = {str(o) for s in graph.subjects(None, SDO.Organization) for o in graph.objects(s, SDO.name)}
    assert "Nobody Here" not in names and "Mme Nathalie DUPONT" not in names


def test_pinned_notes_keep_their_old_iri_and_links_follow(exported: tuple[Path, str, int]) -> None:
    out = exported[0]
    graph = load(out / "dataset.nt")
    sources = {str(o): str(s) for s, o in graph.subject_objects(URIRef("http://purl.org/dc/terms/source"))}
    assert sources["Notes/Neuer Name.md"] == BASE + "notes/alter-name"
    assert sources["Notes/Nouveau.md"] == BASE + "notes/ancien"
    relation = URIRef("http://purl.org/dc/terms/relation")
    assert (URIRef(BASE + "notes/allgemein"), relation, URIRef(BASE + "notes/alter-name")) in graph
    assert (out / "notes" / "alter-name" / "index.html").is_file() and (
        out / "notes" / "alter-name.ttl"
    ).is_file()


@pytest.mark.parametrize(
    ("page", "href"),
    [
        ("persons/nathalie-dupont", "https://isni.org/isni/0000000080456315"),
        ("organizations/deutsches-museum", WD + "Q157957"),
        ("events/open-museums-summit-2021", "https://example.org/summit"),
        ("notes/allgemein", "https://example.org/seite"),
    ],
)
def test_each_page_shows_its_same_as_links(exported: tuple[Path, str, int], page: str, href: str) -> None:
    html = lxml.html.fromstring((exported[0] / page / "index.html").read_bytes())
    assert href in [a.get("href") for a in html.iter("a")]


def test_an_iri_clash_is_an_error_naming_both_files_and_exit_1(make_vault, tmp_path: Path) -> None:
    vault = make_vault(
        {
            "Alpha.md": "---\niri: beta\n---\nAlpha was renamed.\n",
            "Beta.md": "Beta is here.\n",
            "Delta.md": "---\niri: same\n---\nDelta.\n",
            "Gamma.md": "---\ntitle: G\niri: same\n---\nGamma.\n",
        }
    )
    result = run("export", str(vault), "--out", str(tmp_path / "out"), "--base", BASE)
    assert result.exit_code == 1, result.output
    assert "Alpha.md:2: error: iri: beta is the IRI of two notes: Alpha.md:2 and Beta.md" in result.output
    assert "Gamma.md:3: error: iri: same is the IRI of two notes: Gamma.md:3 and Delta.md:2" in result.output
    assert "2 errors iri-clash" in result.output


def test_the_real_corpus_gets_no_link_of_this_feature() -> None:
    """The corpus has no such keys and no sameas.csv: only the personal pages of people carry sameAs."""
    corpus = require_corpus()
    built = build(corpus, load_config(corpus, None))
    dataset = built.dataset
    assert all(item.same_as == [] for item in dataset.notes)
    assert all(not e.same_as for e in [*dataset.organizations.values(), *dataset.events.values()])
    assert not [k for item in dataset.notes for k in item.note.front_matter if is_link_key(k)]
    authorities = tuple(a.prefix for a in AUTHORITIES.values())
    assert not [i for p in dataset.persons.values() for i in p.same_as if i.startswith(authorities)]
    codes = {
        "bad-identifier",
        "bad-iri-pin",
        "iri-clash",
        "same-as-table",
        "same-as-unmatched",
        "same-as-on-note",
    }
    assert not [d for d in built.diagnostics if d.code in codes]
