"""`xtd-rdf push` into a real Oxigraph server: counts agree, a re-push changes nothing, deletions go."""

from __future__ import annotations

import json
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from helpers import require_corpus
from xtd_rdf.cli import main


def count(server: str, where: str = "?s ?p ?o") -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ {where} }} }}"
    request = urllib.request.Request(
        f"{server}/query?query={urllib.parse.quote(query)}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_push_replaces_the_dataset_graph_idempotently(oxigraph_server: str, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(require_corpus(), vault)
    out = tmp_path / "out"
    assert run("export", str(vault), "--out", str(out), "-q").exit_code == 0
    local = sum(1 for line in (out / "dataset.nt").read_text().splitlines() if line.strip())
    store = f"{oxigraph_server}/store"
    result = run("push", str(out), "--store", store, "--chunk-size", "1000")
    assert result.exit_code == 0, result.output
    assert f"pushed {local} triples" in result.output
    assert count(oxigraph_server) == local
    assert run("push", str(out), "--store", store).exit_code == 0
    assert count(oxigraph_server) == local
    note = "<https://example.org/xtd/notes/one-by-one>"
    article = f"{note} a <https://schema.org/Article>"
    assert count(oxigraph_server, article) == 1
    (vault / "Notes" / "One-by-One.md").unlink()
    assert run("export", str(vault), "--out", str(out), "-q").exit_code == 0
    assert run("push", str(out), "--store", store, "--chunk-size", "700").exit_code == 0
    assert count(oxigraph_server, article) == 0  # links to it keep only its name
    assert count(oxigraph_server) == sum(1 for line in (out / "dataset.nt").read_text().splitlines() if line)


def test_an_unreachable_store_is_a_clear_error(tmp_path: Path, make_vault) -> None:
    out = tmp_path / "out"
    run("export", str(make_vault({"A.md": "Text."})), "--out", str(out), "-q")
    result = run("push", str(out), "--store", "http://127.0.0.1:9/store")
    assert result.exit_code == 2 and "cannot reach the store" in result.output
    assert "Traceback" not in result.output


def test_a_missing_export_is_a_usage_error(tmp_path: Path) -> None:
    result = run("push", str(tmp_path), "--store", "http://127.0.0.1:9/store")
    assert result.exit_code == 2 and "run `xtd-rdf export` first" in result.output
