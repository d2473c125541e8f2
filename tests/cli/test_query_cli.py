"""`xtd-rdf query`: named queries, files and text over a vault or an export; tables, W3C formats, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from xtd_rdf.cli import main

NOTES = {
    "Alpha.md": "---\ntags: [strategie, numerique/3d]\n---\n# Alpha\n\nSee [[Beta]] and [[Nowhere]].\n",
    "Beta.md": "---\ntags: [strategie]\n---\n# Beta\n\nBack to [[Alpha]], on to [[Nowhere]].\n",
    "Gamma.md": "# Gamma\n\nAbout [[Beta]].\n",
}


@pytest.fixture
def vault(make_vault) -> Path:
    return make_vault(NOTES)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_list_shows_named_queries_with_their_comment() -> None:
    code, out, _ = run("query", "--list")
    assert code == 0
    lines = dict(line.split(maxsplit=1) for line in out.splitlines())
    assert len(lines) >= 8
    assert lines["notes-per-tag"].startswith("How many notes carry each tag")


def test_named_query_over_a_vault_as_a_table(vault: Path) -> None:
    code, out, err = run("query", "notes-per-tag", "--vault", str(vault))
    assert code == 0, err
    assert out.splitlines() == [
        "tag                                         | notation     | notes",
        "--------------------------------------------+--------------+------",
        "<https://example.org/xtd/tags/strategie>    | strategie    | 2",
        "<https://example.org/xtd/tags/numerique-3d> | numerique/3d | 1",
    ]
    assert "(2 rows)" in err


def test_named_queries_over_an_export_as_csv(vault: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    assert run("export", str(vault), "--out", str(out_dir), "-q")[0] == 0
    code, out, _ = run("query", "most-linked-notes", "--data", str(out_dir), "--format", "csv")
    assert code == 0
    assert out.splitlines() == [
        "note,name,backlinks",
        "https://example.org/xtd/notes/beta,Beta,2",
        "https://example.org/xtd/notes/nowhere,Nowhere,2",
        "https://example.org/xtd/notes/alpha,Alpha,1",
    ]
    code, out, _ = run("query", "dangling-links", "--data", str(out_dir), "--format", "tsv")
    assert out.splitlines()[1:] == [
        '<https://example.org/xtd/notes/alpha>\t"Alpha"@en\t<https://example.org/xtd/notes/nowhere>\t"Nowhere"',
        '<https://example.org/xtd/notes/beta>\t"Beta"@en\t<https://example.org/xtd/notes/nowhere>\t"Nowhere"',
    ]


def test_query_text_as_json(vault: Path) -> None:
    query = "SELECT ?name WHERE { ?n a schema:Article ; schema:name ?name } ORDER BY ?name"
    code, out, _ = run("query", query, "--vault", str(vault), "--format", "json")
    assert code == 0
    assert [b["name"]["value"] for b in json.loads(out)["results"]["bindings"]] == ["Alpha", "Beta", "Gamma"]


def test_query_file_as_xml(vault: Path, tmp_path: Path) -> None:
    query = tmp_path / "ask.rq"
    query.write_text("ASK { ?n schema:name ?name FILTER(STR(?name) = 'Gamma') }\n", encoding="utf-8")
    code, out, _ = run("query", "-f", str(query), "--vault", str(vault), "--format", "xml")
    assert code == 0
    assert "<boolean>true</boolean>" in out


def test_construct_as_turtle_and_jsonld(vault: Path) -> None:
    query = (
        "CONSTRUCT { ?n schema:name ?plain } "
        "WHERE { ?n a schema:Article ; schema:name ?name BIND(STR(?name) AS ?plain) }"
    )
    code, out, _ = run("query", query, "--vault", str(vault))
    assert code == 0
    assert "@prefix schema: <https://schema.org/> ." in out
    assert '<https://example.org/xtd/notes/gamma> schema:name "Gamma" .' in out
    code, out, _ = run("query", query, "--vault", str(vault), "--format", "jsonld")
    assert code == 0
    assert len(json.loads(out)) == 3


def test_syntax_error_points_at_line_and_column(vault: Path, tmp_path: Path) -> None:
    query = tmp_path / "broken.rq"
    query.write_text(
        'SELECT ?n WHERE {\n  ?n schema:name ?o .\n  FILTER(LANG(?o) = "fr"\n}\n', encoding="utf-8"
    )
    code, _, err = run("query", "-f", str(query), "--vault", str(vault))
    assert code == 2
    lines = err.splitlines()
    assert lines[0].startswith(f"Error: {query}:4:1: syntax error: expected one of")
    assert '")"' in lines[0]
    assert lines[1:] == ["  }", "  ^"]


def test_solutions_in_a_graph_format_is_a_usage_error(vault: Path) -> None:
    code, _, err = run("query", "SELECT * WHERE { ?s ?p ?o }", "--vault", str(vault), "--format", "turtle")
    assert code == 2
    assert "use one of json, xml, csv, tsv" in err


def test_service_and_updates_are_refused(vault: Path) -> None:
    code, _, err = run(
        "query", "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "--vault", str(vault)
    )
    assert (code, "SERVICE is refused" in err) == (2, True)
    code, _, err = run("query", "DELETE WHERE { ?s ?p ?o }", "--vault", str(vault))
    assert (code, "read-only" in err) == (2, True)


def test_missing_export_says_what_to_do(tmp_path: Path) -> None:
    code, _, err = run("query", "notes-per-tag", "--data", str(tmp_path))
    assert code == 2
    assert "run `xtd-rdf export` first" in err


def test_no_query_is_a_usage_error() -> None:
    code, _, err = run("query")
    assert code == 2
    assert "xtd-rdf query --list" in err
