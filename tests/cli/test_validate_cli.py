"""`xtd-rdf validate` and the validation step of `xtd-rdf export`, on real vaults."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from helpers import LICENSE_SHAPES, require_corpus
from xtd_rdf.cli import main
from xtd_rdf.config import Config
from xtd_rdf.dataset import Event, Origin
from xtd_rdf.facts import PartialDate
from xtd_rdf.graph import dataset_triples
from xtd_rdf.pipeline import Built, build
from xtd_rdf.validate import builtin_shapes_path, load_shapes
from xtd_rdf.validate_report import XSH, as_text, validate_built
from xtd_rdf.vocab import SH

INDEX = """---
title: Index
tags: [musees]
---
Une note sur les musées.

Voir [[Note absente]] et [[Colloque]].
"""
COLLOQUE = """---
title: Colloque
---
Le colloque numérique.

Il aura lieu le 31 février 2022 à Genève.
"""
IMPOSSIBLE_DATE = """---
title: Colloque
---
# Colloque numérique

Le colloque a été organisé le 31 février 2022 à Genève par le Musée Exemple.
"""


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_missing_wikilink_is_a_warning_at_its_line(make_vault) -> None:
    """The report names the note, the line of the link and what to do; warnings alone exit 0."""
    vault = make_vault({"Notes/Index.md": INDEX, "Notes/Colloque.md": COLLOQUE})
    result = _run("validate", str(vault))
    assert result.exit_code == 0, result.output
    assert (
        "Notes/Index.md:7: warning: The wikilink points to no note of the vault — create the note, "
        'or correct the link\'s spelling. (note "Index"; dcterms:relation = [[Note absente]])'
    ) in result.output
    assert "[[Colloque]]" not in result.output  # a link to an existing note is no finding
    assert "info:" not in result.output  # hints only with --verbose
    assert result.output.endswith("0 violations, 1 warning, 1 hint in 2 files\n")
    assert "xtd-rdf.toml: info: The dataset names no publisher" in _run("validate", str(vault), "-v").output


def test_an_impossible_event_date_and_a_missing_note_name_both_files_and_lines(make_vault) -> None:
    """Acceptance 3: "le 31 février 2022" (as extraction would type it) and [[Note absente]].

    Event extraction is not merged yet, so the event is added to the built dataset the way
    resolve would add it: with its origin in Colloque.md, line 6.
    """
    vault = make_vault({"Notes/Index.md": INDEX, "Notes/Colloque.md": COLLOQUE})
    built = build(vault, Config())
    colloque = next(n for n in built.dataset.notes if n.note.name == "Colloque")
    iri = built.dataset.config.base + "events/colloque"
    built.dataset.events[iri] = Event(
        iri,
        "Colloque numérique",
        notes={colloque.iri},
        origins=[Origin("Notes/Colloque.md", 6)],
        language="fr",
        start=PartialDate("2022-02-31"),
    )
    built = Built(built.dataset, dataset_triples(built.dataset), built.diagnostics)
    validation = validate_built(built, load_shapes())
    text = as_text(validation.findings)
    assert not validation.conforms
    assert (
        "Notes/Colloque.md:6: error: The event's date is not a real calendar date — correct it in the note, "
        'e.g. "le 5 octobre 2018". (event "Colloque numérique"; schema:startDate = "2022-02-31"^^xsd:date)'
    ) in text
    assert "Notes/Index.md:7: warning: The wikilink points to no note" in text


def test_own_shapes_add_rules_and_violations_exit_1(make_vault, tmp_path: Path) -> None:
    """--shapes: a museum requires a license on every note; each note without one is a violation."""
    vault = make_vault({"Notes/Index.md": INDEX, "Notes/Colloque.md": COLLOQUE})
    rules = tmp_path / "museum.ttl"
    rules.write_text(LICENSE_SHAPES, encoding="utf-8")
    result = _run("validate", str(vault), "--shapes", str(rules))
    assert result.exit_code == 1, result.output
    assert "Notes/Colloque.md:1: error: Every note needs a license" in result.output
    assert "Notes/Index.md:1: error: Every note needs a license" in result.output


def test_bad_usage_exits_2(make_vault, tmp_path: Path) -> None:
    vault = make_vault({"Notes/Index.md": INDEX})
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    result = _run("validate", str(vault), "--shapes", str(broken))
    assert result.exit_code == 2
    assert "broken.ttl: cannot read the shapes file" in result.output
    assert _run("validate", str(vault), "--format", "xml").exit_code == 2
    exported = _run("export", str(vault), "--out", str(tmp_path / "out"), "--shapes", str(broken))
    assert exported.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_json_lists_every_finding_with_file_line_and_value(make_vault) -> None:
    vault = make_vault({"Notes/Index.md": INDEX, "Notes/Colloque.md": COLLOQUE})
    result = _run("validate", str(vault), "--format", "json")
    data = json.loads(result.output)
    assert data["conforms"] is True
    warning = next(r for r in data["results"] if r["severity"] == "warning")
    assert (warning["path"], warning["line"], warning["property"], warning["value"]) == (
        "Notes/Index.md",
        7,
        "dcterms:relation",
        "[[Note absente]]",
    )
    assert data["counts"]["warning"] == 1


def test_turtle_is_a_validation_report_sparql_can_read(make_vault, tmp_path: Path) -> None:
    """Acceptance 4: the standard sh:ValidationReport, with the source file and line of each result."""
    vault = make_vault({"Notes/Index.md": INDEX, "Notes/Colloque.md": COLLOQUE})
    rules = tmp_path / "museum.ttl"
    rules.write_text(LICENSE_SHAPES, encoding="utf-8")
    result = _run("validate", str(vault), "--format", "turtle", "--shapes", str(rules))
    report = Graph().parse(data=result.output, format="turtle")
    rows = report.query(
        """SELECT ?conforms ?severity ?focus ?file ?line WHERE {
            ?report a sh:ValidationReport ; sh:conforms ?conforms ; sh:result ?r .
            ?r a sh:ValidationResult ; sh:resultSeverity ?severity ; sh:focusNode ?focus ;
               xsh:sourceFile ?file ; xsh:sourceLine ?line .
        } ORDER BY ?file ?line""",
        initNs={"sh": SH, "xsh": XSH},
    )
    seen = [(bool(r.conforms.toPython()), r.severity, str(r.file), int(r.line)) for r in rows]
    assert (False, SH.Warning, "Notes/Index.md", 7) in seen
    assert (False, SH.Violation, "Notes/Colloque.md", 1) in seen


def _results(report: Graph) -> set[tuple]:
    """Every result of a report as a tuple of its standard properties, read with SPARQL."""
    rows = report.query(
        """SELECT ?conforms ?focus ?path ?severity ?shape ?component ?value ?message WHERE {
            ?report a sh:ValidationReport ; sh:conforms ?conforms ; sh:result ?r .
            ?r sh:focusNode ?focus ; sh:resultSeverity ?severity ; sh:sourceShape ?shape ;
               sh:sourceConstraintComponent ?component .
            OPTIONAL { ?r sh:resultPath ?path } OPTIONAL { ?r sh:value ?value }
            OPTIONAL { ?r sh:resultMessage ?message }
        }""",
        initNs={"sh": SH},
    )
    return {tuple(row) for row in rows}


def test_pyshacl_on_the_exported_dataset_gives_the_same_report(tmp_path: Path) -> None:
    """Acceptance 1 and 5: the corpus conforms; pyshacl's CLI on dataset.ttl agrees result for result."""
    corpus = require_corpus()
    out = tmp_path / "out"
    exported = _run("export", str(corpus), "--out", str(out), "--quiet")
    assert exported.exit_code == 0, exported.output
    ours = _run("validate", str(corpus), "--format", "turtle")
    assert ours.exit_code == 0, ours.output
    pyshacl = shutil.which("pyshacl", path=str(Path(sys.executable).parent))
    theirs = subprocess.run(
        [
            pyshacl,
            "-s",
            str(builtin_shapes_path()),
            "--allow-warnings",
            "-f",
            "turtle",
            str(out / "dataset.ttl"),
        ],
        capture_output=True,
        check=False,
    )
    assert theirs.returncode == 0, theirs.stderr
    their_results = _results(Graph().parse(data=theirs.stdout, format="turtle"))
    our_results = _results(Graph().parse(data=ours.output, format="turtle"))
    assert our_results == their_results
    assert len(our_results) >= 20  # the corpus's hints and warnings, compared one by one
    assert (out / "validation.ttl").is_file()
    assert "0 violations" in (out / "validation.html").read_text(encoding="utf-8")


def test_export_with_violations_publishes_nothing_unless_forced(make_vault, tmp_path: Path) -> None:
    vault = make_vault({"Notes/Index.md": INDEX, "Notes/Colloque.md": COLLOQUE})
    out = tmp_path / "out"
    assert _run("export", str(vault), "--out", str(out), "-q").exit_code == 0
    before = (out / "dataset.ttl").read_bytes()
    (vault / "Notes" / "Nouvelle.md").write_text("# Nouvelle\n\nUne note de plus.\n", encoding="utf-8")
    rules = tmp_path / "museum.ttl"
    rules.write_text(LICENSE_SHAPES, encoding="utf-8")

    refused = _run("export", str(vault), "--out", str(out), "--shapes", str(rules))
    assert refused.exit_code == 1
    assert "nothing published" in refused.output
    assert "Notes/Nouvelle.md:1: error: Every note needs a license" in refused.output
    assert (out / "dataset.ttl").read_bytes() == before

    forced = _run("export", str(vault), "--out", str(out), "--shapes", str(rules), "--force", "-q")
    assert forced.exit_code == 1
    assert "nouvelle" in (out / "dataset.ttl").read_text(encoding="utf-8")
    assert "Every note needs a license" in (out / "validation.html").read_text(encoding="utf-8")


def test_no_validate_skips_the_reports(make_vault, tmp_path: Path) -> None:
    vault = make_vault({"Notes/Index.md": INDEX})
    out = tmp_path / "out"
    result = _run("export", str(vault), "--out", str(out), "--no-validate", "-q")
    assert result.exit_code == 0, result.output
    assert (out / "dataset.ttl").is_file()
    assert not (out / "validation.ttl").exists()


@pytest.mark.parametrize("fmt", ["json", "turtle"])
def test_base_option_sets_the_iris_validated(make_vault, fmt: str) -> None:
    vault = make_vault({"Notes/Index.md": INDEX})
    result = _run("validate", str(vault), "--format", fmt, "--base", "https://data.example.org/")
    assert result.exit_code == 0, result.output
    assert "https://example.org/xtd/" not in result.output
    assert "https://data.example.org/notes/index" in result.output


def test_the_impossible_date_through_event_extraction(make_vault) -> None:
    """Acceptance 3 end to end: the report names Colloque.md and the line of the date, and Index.md's link."""
    vault = make_vault({"Notes/Index.md": INDEX, "Notes/Colloque.md": IMPOSSIBLE_DATE})
    result = _run("validate", str(vault))
    assert result.exit_code == 1
    assert "Notes/Colloque.md:6: error: The event's date is not a real calendar date" in result.output
    assert "Notes/Index.md:7: warning: The wikilink points to no note" in result.output
