"""A vault of hostile notes exports: exit 0 or 1, no traceback, each bad note named, every dump parses."""

from __future__ import annotations

import os
import subprocess
import sys

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hostile_vault import BAD, FINE, SYMLINKS, write_hostile_vault
from rdflib import Literal, URIRef

from helpers import load, snapshot
from xtd_rdf.cli import main

ENV = {"SOURCE_DATE_EPOCH": "1800000000"}
OX_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}
DCTERMS_SOURCE = URIRef("http://purl.org/dc/terms/source")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("hostile")
    vault = write_hostile_vault(root / "vault")
    result = CliRunner().invoke(main, ["export", str(vault), "--out", str(root / "out"), "-v"], env=ENV)
    return root, result


def test_the_vault_has_a_note_per_case_of_the_issue() -> None:
    assert len(BAD) + len(FINE) >= 40


def test_the_export_ends_with_a_documented_exit_code_and_no_traceback(exported) -> None:
    _, result = exported
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", sorted([*BAD, *SYMLINKS]))
def test_each_bad_note_is_named_by_a_diagnostic_with_its_line(exported, name: str) -> None:
    _, result = exported
    named = [line for line in result.output.splitlines() if line.startswith(f"{name}:")]
    assert named, f"no diagnostic names {name}"
    assert any(": warning: " in line or ": error: " in line for line in named)


def test_tags_as_a_number_say_so_with_the_line(exported) -> None:
    _, result = exported
    assert "Tags number.md:2: warning: the front-matter field 'tags' holds a number (42)" in result.output


def test_every_note_but_the_binary_one_is_exported(exported) -> None:
    root, _ = exported
    sources = {str(o) for o in load(root / "out" / "dataset.nt").objects(None, DCTERMS_SOURCE)}
    expected = {n for n in [*BAD, *FINE] if n != "Binary.md"}
    assert expected <= sources, sorted(expected - sources)
    assert "Binary.md" not in sources and not sources & SYMLINKS.keys()
    assert not any("secret" in str(o).lower() for o in load(root / "out" / "dataset.nt").objects())


def test_every_dump_parses_in_rdflib_and_pyoxigraph(exported) -> None:
    root, _ = exported
    dumps = [p for p in sorted((root / "out").rglob("*")) if p.suffix in OX_FORMATS and p.is_file()]
    dumps = [p for p in dumps if p.parts[-2] != "changes"]
    assert len(dumps) > 3 * 50  # the dataset and each note's own files
    for path in dumps:
        quads = list(ox.parse(path=path, format=OX_FORMATS[path.suffix]))
        if path.parent == root / "out" or path.name.startswith(("control", "quotes", "urls", "surrogate")):
            graph = load(path)
            assert len(graph) == len(quads), path


def test_literals_keep_no_control_character_nor_lone_surrogate(exported) -> None:
    root, _ = exported
    for _, _, o in load(root / "out" / "dataset.nt"):
        if isinstance(o, Literal):
            text = str(o)
            assert not any(ord(c) < 0x20 and c not in "\t\n\r" for c in text), repr(text)
            assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text), repr(text)


def test_a_subprocess_export_is_clean_and_byte_identical(exported) -> None:
    root, _ = exported
    out = root / "out-subprocess"
    command = [sys.executable, "-m", "xtd_rdf", "export", str(root / "vault"), "--out", str(out), "-v"]
    done = subprocess.run(command, env={**os.environ, **ENV}, capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr + done.stdout
    assert "Alias bomb.md:" in done.stderr
    assert snapshot(out) == snapshot(root / "out")
