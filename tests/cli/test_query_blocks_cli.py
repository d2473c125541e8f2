"""Acceptance 4 of issue #11: a note's ```sparql block becomes a table on its page equal to what
`xtd-rdf query` answers for the same query over the export; a broken query is a warning with file and
line, its page shows the message, and the export exits 0 as the README says for warnings. The table
follows the graph on incremental exports. Everything runs as a user runs it: the CLI in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest

BASE = "https://example.org/xtd/"
QUERY = """SELECT ?note ?name WHERE {
  ?note dcterms:subject ?tag ;
        schema:name ?name .
  ?tag skos:prefLabel "musée" .
} ORDER BY ?name
"""
BROKEN = """SELECT ?note WHERE {
  ?note a schema:Article .
  FILTR(?note)
}
"""
NOTES = {
    "Louvre.md": "---\ntags: [musée]\n---\nLe Louvre, à Paris.\n",
    "Orsay.md": "Le musée d'Orsay. #musée\n",
    "Ailleurs/Mucem.md": "---\ntags:\n  - musée\n  - marseille\n---\nLe Mucem.\n",
    "Gare.md": "---\ntags: [gare]\n---\nPas un musée.\n",
    "Musées.md": f"# Les musées\n\nLes notes du tag :\n\n```sparql\n{QUERY}```\n\nFin.\n",
    # the broken query's FILTR is on line 3 of the query, line 9 of the file
    "Cassée.md": f"---\ntitle: Cassée\n---\nUne requête fautive :\n\n```sparql\n{BROKEN}```\n",
}
PAGE = "notes/musees/index.html"


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # the change feed's dates, for equal outputs


def xtd_rdf(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    return subprocess.run(
        [sys.executable, "-m", "xtd_rdf", *args], capture_output=True, text=True, env=env, timeout=120
    )


def page_rows(out: Path, page: str = PAGE) -> list[tuple[str, str, str]]:
    """(IRI the link leads to, the link's text, the name cell) for each row of the page's query table."""
    tree = lxml.html.fromstring((out / page).read_bytes())
    (table,) = tree.xpath("//figure[@class='query-block']//table")
    assert [th.text for th in table.xpath("thead//th")] == ["note", "name"]
    rows = []
    for tr in table.xpath("tbody/tr"):
        link, name = tr.xpath("td")
        (a,) = link.xpath("a")
        target = urljoin(BASE + page, a.get("href")).removesuffix("/index.html")
        assert a.get("title") == target
        rows.append((target, a.text_content(), name.text_content()))
    return rows


def cli_rows(out: Path, query: str = QUERY) -> list[tuple[str, str]]:
    """The same query through `xtd-rdf query` over the export, as W3C JSON results."""
    result = xtd_rdf("query", query, "--data", str(out), "--format", "json")
    assert result.returncode == 0, result.stderr
    bindings = json.loads(result.stdout)["results"]["bindings"]
    return [(b["note"]["value"], b["name"]["value"]) for b in bindings]


def test_the_table_equals_xtd_rdf_query_and_the_broken_query_is_a_warning(make_vault, tmp_path: Path) -> None:
    vault, out = make_vault(NOTES), tmp_path / "out"
    result = xtd_rdf("export", str(vault), "--out", str(out), "--verbose")
    assert result.returncode == 0, result.stderr  # warnings only: exit 0 (README, "Exit codes")
    said = xtd_rdf("query", BROKEN, "--data", str(out))  # where `xtd-rdf query` says the error is
    assert said.returncode == 2 and "<query>:3:11: syntax error: expected OPTIONAL" in said.stderr
    warning = "Cassée.md:9: warning: sparql block 1: syntax error at line 3, column 11 of the query"
    assert f"{warning}: expected OPTIONAL" in result.stderr
    assert "1 warning query-block" in result.stderr

    rows = page_rows(out)
    expected = cli_rows(out)
    assert len(expected) == 3
    assert [(iri, name) for iri, _, name in rows] == expected  # the same rows, in the same order
    assert [label for _, label, _ in rows] == [name for _, name in expected]  # labels, not IRIs
    assert all((out / iri.removeprefix(BASE) / "index.html").is_file() for iri, _, _ in rows)

    tree = lxml.html.fromstring((out / PAGE).read_bytes())
    (code,) = tree.xpath("//figure[@class='query-block']/details[not(@open)]/pre/code")
    assert code.text == QUERY
    assert tree.xpath("//div[@class='prose']/p")[-1].text == "Fin."  # the note goes on after the block

    broken = lxml.html.fromstring((out / "notes/cassee/index.html").read_bytes())
    (figure,) = broken.xpath("//figure[@class='query-block']")
    assert not figure.xpath(".//table")
    assert (
        "syntax error at line 3, column 11 of the query: expected OPTIONAL"
        in figure.xpath("p[@class='query-error']")[0].text_content()
    )
    assert figure.xpath("details/pre/code")[0].text == BROKEN

    quiet = xtd_rdf("export", str(vault), "--out", str(tmp_path / "quiet"))
    assert quiet.returncode == 0 and "1 warning query-block" in quiet.stderr
    assert "Cassée.md:9" not in quiet.stderr and "--verbose" in quiet.stderr


def test_the_query_is_in_the_exported_rdf(make_vault, tmp_path: Path) -> None:
    vault, out = make_vault(NOTES), tmp_path / "out"
    assert xtd_rdf("export", str(vault), "--out", str(out)).returncode == 0
    query = """SELECT ?note ?text WHERE {
      ?note schema:hasPart ?part . ?part a schema:SoftwareSourceCode ;
        schema:programmingLanguage "SPARQL" ; schema:text ?text } ORDER BY ?note"""
    result = xtd_rdf("query", query, "--data", str(out), "--format", "json")
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert [(b["note"]["value"], b["text"]["value"]) for b in bindings] == [
        (BASE + "notes/cassee", BROKEN.strip()),
        (BASE + "notes/musees", QUERY.strip()),
    ]
    assert f"<{BASE}notes/musees#query-1>" in (out / "notes/musees.ttl").read_text(encoding="utf-8")


def test_an_incremental_export_follows_the_graph_and_equals_a_full_one(make_vault, tmp_path: Path) -> None:
    vault, out, full = make_vault(NOTES), tmp_path / "out", tmp_path / "full"
    assert xtd_rdf("export", str(vault), "--out", str(out)).returncode == 0
    before = page_rows(out)

    (vault / "Quai Branly.md").write_text(
        "---\ntags: [musée]\n---\nLe musée du quai Branly.\n", encoding="utf-8"
    )
    (vault / "Gare.md").write_text(
        "---\ntags: [gare, musée]\n---\nUne gare devenue musée.\n", encoding="utf-8"
    )
    again = xtd_rdf("export", str(vault), "--out", str(out))
    assert again.returncode == 0 and "2 notes parsed" in again.stderr  # Musées.md itself was not read again
    after = page_rows(out)
    assert len(after) == len(before) + 2
    assert {
        (BASE + "notes/quai-branly", "Quai Branly", "Quai Branly"),
        (BASE + "notes/gare", "Gare", "Gare"),
    } <= set(after)
    assert [(iri, name) for iri, _, name in after] == cli_rows(out)

    assert xtd_rdf("export", str(vault), "--out", str(full), "--full").returncode == 0
    assert (out / PAGE).read_bytes() == (full / PAGE).read_bytes()
    assert (out / "dataset.nt").read_bytes() == (full / "dataset.nt").read_bytes()

    unchanged = xtd_rdf("export", str(vault), "--out", str(out))
    assert "nothing changed" in unchanged.stderr and "1 warning query-block" in unchanged.stderr
    assert unchanged.returncode == 0 and page_rows(out) == after
