"""Query blocks (issue #11): ```sparql blocks found in notes, run read-only with a time limit and a row
cap over the published graph, recorded in RDF, and shown on the note's page in place of the block."""

from __future__ import annotations

import time

import lxml.html
import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from helpers import SDO
from xtd_rdf.config import Config
from xtd_rdf.diagnostics import Severity
from xtd_rdf.notes import parse_note
from xtd_rdf.pipeline import Built, build
from xtd_rdf.query_blocks import (
    Failure,
    Solutions,
    Statements,
    Term,
    Verdict,
    answer,
    run_query_blocks,
)
from xtd_rdf.sparql_blocks import query_blocks
from xtd_rdf.validate import load_shapes, validate
from xtd_rdf.vault import SourceFile
from xtd_rdf.writers.html import LinkTargets, Shown, render_note
from xtd_rdf.writers.site_graph import SiteGraph
from xtd_rdf.writers.site_queries import WORDS, query_html

BASE = "https://example.org/xtd/"
TAGGED = "---\ntags: [musée]\n---\nUn musée.\n"
LIST = """# Liste

```sparql
SELECT ?note ?name WHERE {
  ?note dcterms:subject/skos:prefLabel "musée" ; schema:name ?name .
} ORDER BY ?name
```
"""


def note(text: str, path: str = "Q.md"):
    return parse_note(SourceFile(path, text))


def built_from(make_vault, files: dict[str, str]) -> Built:
    return build(make_vault(files), Config())


@pytest.fixture
def store() -> ox.Store:
    s = ox.Store()
    data = f"""
    <{BASE}notes/a> a <https://schema.org/Article> ; <https://schema.org/name> "A"@fr .
    <{BASE}notes/b> a <https://schema.org/Article> ; <https://schema.org/name> "B"@fr .
    <{BASE}notes/c> a <https://schema.org/Article> ; <https://schema.org/name> "C"@fr .
    """
    s.load(data.encode(), format=ox.RdfFormat.TURTLE)
    return s


# --- finding the blocks -----------------------------------------------------------------------------


def test_blocks_are_the_fenced_sparql_ones_with_their_text_and_first_line() -> None:
    text = (
        "---\ntitle: T\n---\nIntro.\n\n```sparql\nSELECT ?s\nWHERE { ?s ?p ?o }\n```\n\n"
        "```python\nprint(1)\n```\n\n```SPARQL title=x\nASK {}\n```\n\n> ```sparql\n> ASK {\n> }\n> ```\n"
    )
    blocks = query_blocks(note(text))
    assert [(b.number, b.text, b.line) for b in blocks] == [
        (1, "SELECT ?s\nWHERE { ?s ?p ?o }\n", 7),
        (2, "ASK {}\n", 16),
        (3, "ASK {\n}\n", 20),
    ]
    body = note(text).body.encode()
    assert body[blocks[0].start : blocks[0].end].decode() == blocks[0].text
    assert body[blocks[2].start : blocks[2].end].decode() == "ASK {\n> }\n"  # the quote marks inside


def test_a_query_line_maps_to_the_file_line() -> None:
    (block,) = query_blocks(note("A\n\n```sparql\nSELECT *\nWHERE {\n  ?s ?p\n}\n```\n"))
    assert block.line == 4
    assert [block.file_line(n) for n in (1, 3, None)] == [4, 6, 4]


# --- answers ----------------------------------------------------------------------------------------


def test_select_gives_variables_and_rows_of_terms(store: ox.Store) -> None:
    result = answer(store, "SELECT ?n ?name ?x WHERE { ?n schema:name ?name } ORDER BY ?name")
    assert isinstance(result, Solutions)
    assert result.variables == ("n", "name", "x")
    assert result.rows[0] == (
        Term("iri", BASE + "notes/a"),
        Term(
            "literal",
            "A",
            "fr",
            str(ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString").value),
        ),
        None,
    )
    assert len(result.rows) == 3 and not result.truncated


def test_ask_and_construct(store: ox.Store) -> None:
    assert answer(store, "ASK { ?n a schema:Article }") == Verdict(True)
    assert answer(store, "ASK { ?n a schema:Person }") == Verdict(False)
    graph = answer(store, "CONSTRUCT { ?n schema:about ?n } WHERE { ?n schema:name 'A'@fr }")
    assert graph == Statements(
        ((Term("iri", BASE + "notes/a"), Term("iri", str(SDO.about)), Term("iri", BASE + "notes/a")),)
    )


def test_rows_beyond_the_cap_are_cut_and_said(store: ox.Store) -> None:
    result = answer(store, "SELECT ?n WHERE { ?n a schema:Article } ORDER BY ?n", cap=2)
    assert isinstance(result, Solutions) and result.truncated
    assert [row[0].value for row in result.rows] == [BASE + "notes/a", BASE + "notes/b"]
    assert answer(store, "SELECT ?n WHERE { ?n a schema:Article }", cap=3).truncated is False
    statements = answer(store, "CONSTRUCT WHERE { ?n a ?t }", cap=1)
    assert isinstance(statements, Statements) and statements.truncated and len(statements.triples) == 1


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX x: <urn:x#>\nDELETE WHERE { ?s ?p ?o }",
        "LOAD <https://example.org/data.ttl>",
        "DROP ALL",
        "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
    ],
)
def test_updates_load_and_service_are_refused(store: ox.Store, text: str) -> None:
    before = len(store)
    result = answer(store, text)
    assert isinstance(result, Failure) and "refused" in result.message
    assert len(store) == before


def test_a_syntax_error_says_where_in_the_query(store: ox.Store) -> None:
    result = answer(store, "SELECT ?n\nWHERE {\n  ?n foo:name ?x .\n}")
    assert result == Failure(
        "syntax error at line 3, column 14 of the query: undeclared prefix "
        "(predeclared: schema, dcterms, skos, dcat, void, prov, xsd, rdf, rdfs)",
        3,
    )


# --- a vault's blocks, run at export ----------------------------------------------------------------


def test_blocks_run_over_the_published_graph_and_failures_are_warnings(make_vault) -> None:
    broken = "# Cassée\n\nTexte.\n\n```sparql\nSELECT ?n\nWHERE {\n  ?n schema:name ?x FILTR(?x)\n}\n```\n"
    built = built_from(
        make_vault, {"Louvre.md": TAGGED, "Orsay.md": TAGGED, "Liste.md": LIST, "Cassée.md": broken}
    )
    run = run_query_blocks(built.dataset.notes, built.by_document)
    (ran,) = run.results[BASE + "notes/liste"]
    assert isinstance(ran.answer, Solutions)
    assert [(r[0].value, r[1].value) for r in ran.answer.rows] == [
        (BASE + "notes/louvre", "Louvre"),
        (BASE + "notes/orsay", "Orsay"),
    ]
    (warning,) = run.diagnostics
    assert (warning.path, warning.line, warning.severity, warning.code) == (
        "Cassée.md",
        8,
        Severity.WARNING,
        "query-block",
    )
    assert "sparql block 1: syntax error at line 3" in warning.message


def test_a_vault_without_query_blocks_runs_nothing(make_vault) -> None:
    built = built_from(make_vault, {"A.md": TAGGED})
    run = run_query_blocks(built.dataset.notes, built.by_document)
    assert run.results == {} and run.diagnostics == []


def test_a_query_past_the_time_limit_is_stopped_and_the_next_one_still_runs(make_vault) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }"
    text = f"# Lent\n\n```sparql\n{slow}\n```\n\n```sparql\nASK {{ ?n a schema:Article }}\n```\n"
    built = built_from(make_vault, {"Lent.md": text, "A.md": TAGGED})
    started = time.monotonic()
    run = run_query_blocks(built.dataset.notes, built.by_document, time_limit=0.5)
    assert time.monotonic() - started < 10
    first, second = run.results[BASE + "notes/lent"]
    assert first.answer == Failure("the query ran past the time limit of 0.5 s and was stopped")
    assert second.answer == Verdict(True)
    assert [(d.line, d.code) for d in run.diagnostics] == [(4, "query-block")]


def test_an_empty_block_is_a_warning_at_its_fence(make_vault) -> None:
    built = built_from(make_vault, {"E.md": "# E\n\n```sparql\n```\n"})
    run = run_query_blocks(built.dataset.notes, built.by_document)
    assert [(d.path, d.line, d.message) for d in run.diagnostics] == [
        ("E.md", 3, "sparql block 1: the sparql block is empty: there is no query to run")
    ]


# --- the RDF ----------------------------------------------------------------------------------------


def test_the_query_is_a_part_of_the_note_as_sparql_source_code(make_vault) -> None:
    built = built_from(make_vault, {"Louvre.md": TAGGED, "Liste.md": LIST})
    triples = set(built.by_document[BASE + "notes/liste"])
    query = URIRef(BASE + "notes/liste#query-1")
    assert (URIRef(BASE + "notes/liste"), SDO.hasPart, query) in triples
    assert {(p, o) for s, p, o in triples if s == query} == {
        (URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), SDO.SoftwareSourceCode),
        (SDO.programmingLanguage, Literal("SPARQL")),
        (SDO.encodingFormat, Literal("application/sparql-query")),
        (SDO.text, Literal(query_blocks(built.dataset.notes[0].note)[0].text.strip())),
        (SDO.isPartOf, URIRef(BASE + "notes/liste")),
    }
    outcome = validate(built.by_document, load_shapes())
    assert outcome.conforms
    assert not [r for r in outcome.results if "query" in r.focus]


# --- the page ---------------------------------------------------------------------------------------


def _graph(*triples: tuple[str, str, object]) -> SiteGraph:
    by_document: dict[str, list] = {}
    for s, p, o in triples:
        obj = o if isinstance(o, Literal) else URIRef(str(o))
        by_document.setdefault(s.split("#")[0], []).append((URIRef(s), URIRef(p), obj))
    return SiteGraph.of(BASE, by_document)


def _ran(answer_, text: str = "SELECT ?x {}"):
    from xtd_rdf.query_blocks import Ran
    from xtd_rdf.sparql_blocks import QueryBlock

    return Ran(QueryBlock(1, text, 3, 0, len(text)), answer_)


def test_a_table_links_our_resources_by_label_and_escapes_everything() -> None:
    graph = _graph(
        (BASE + "notes/a", str(SDO.name), Literal("Le <b>A</b>", lang="fr")),
        ("https://www.wikidata.org/entity/Q1", str(SDO.name), Literal("Univers")),
        (BASE, str(SDO.name), Literal("Le jeu de données")),
        (BASE + "#dataset-ttl", "http://purl.org/dc/terms/title", Literal("dataset.ttl")),
    )
    rows = (
        (Term("iri", BASE + "notes/a"), Term("literal", "<script>alert(1)</script>", "fr")),
        (Term("iri", "https://www.wikidata.org/entity/Q1"), None),
        (Term("iri", str(SDO.Article)), Term("iri", "javascript:alert(1)")),
        (Term("iri", BASE), Term("iri", BASE + "#dataset-ttl")),
    )
    html = query_html(
        _ran(Solutions(("x", "y"), rows), "SELECT ?x ?y { } # </code><script>"), graph, "../../", WORDS["en"]
    )
    tree = lxml.html.fragment_fromstring(html)
    assert not tree.xpath("//script") and "<script>" not in html
    assert tree.xpath("//details[not(@open)]/pre/code")[0].text == "SELECT ?x ?y { } # </code><script>"
    assert [th.text for th in tree.xpath("//thead//th")] == ["x", "y"]
    cells = [[td.text_content() for td in tr.xpath("td")] for tr in tree.xpath("//tbody/tr")]
    assert cells == [
        ["Le <b>A</b>", "<script>alert(1)</script>"],
        ["Univers", ""],
        ["schema:Article", "javascript:alert(1)"],
        ["Le jeu de données", "dataset.ttl"],
    ]
    links = tree.xpath("//tbody//a")
    assert [a.get("href") for a in links] == [
        "../../notes/a/index.html",
        "https://www.wikidata.org/entity/Q1",
        str(SDO.Article),
        "../../index.html",
        "../../index.html#dataset-ttl",
    ]
    assert tree.xpath("//tbody//span[@lang='fr']")[0].text == "<script>alert(1)</script>"
    assert tree.xpath("//p[@class='meta']")[0].text == "4 result(s)"


def test_ask_empty_cut_and_failed_answers_read_as_such() -> None:
    graph, words = _graph(), WORDS["en"]

    def text_of(answer_) -> str:
        tree = lxml.html.fragment_fromstring(query_html(_ran(answer_), graph, "", words))
        return " ".join(tree.xpath("./p")[0].text_content().split())

    assert text_of(Verdict(False)) == "No"
    assert text_of(Solutions(("x",), ())) == "No results."
    assert text_of(Statements((), True)) == "The first 0 results only: the query gives more."
    assert text_of(Failure("syntax error at line 1, column 2: expected <x>", 1)) == (
        "The query could not be run: syntax error at line 1, column 2: expected <x>"
    )


def test_the_page_shows_the_answer_where_the_block_was(make_vault) -> None:
    text = "# T\n\nAvant.\n\n> ```sparql\n> ASK {}\n> ```\n\nAprès ```sparql\n\n```sparql\nxtd\n```\n"
    item_note = note(text)
    blocks = query_blocks(item_note)
    from xtd_rdf.dataset import PublishedNote
    from xtd_rdf.facts import NoteFacts

    item = PublishedNote(item_note, NoteFacts("fr"), BASE + "notes/t")
    targets = LinkTargets(lambda target: None, frozenset(), BASE)
    shown = [Shown(b.start, b.end, f'<div class="answer">{b.number}</div>') for b in blocks]
    html = render_note(item, targets, "../../", shown)
    assert html == render_note(item, targets, "../../", shown)  # the same every time
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    assert [d.text for d in tree.xpath("//div[@class='answer']")] == ["1", "2"]
    assert tree.xpath("//blockquote/div[@class='answer']")
    assert "<pre>" not in html and "Avant." in html and "Après ```sparql" in html
    assert render_note(item, targets, "../../").count("<pre><code>") == 2  # without answers: as before
