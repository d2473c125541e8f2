"""The benchmarks: the vault generator is deterministic and realistic, and read by our parser as intended;
the naive reference pipeline runs on a generated vault and writes RDF that parses."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections import Counter
from pathlib import Path

from rdflib import RDF, SKOS

from helpers import ROOT, SDO, load
from xtd_rdf.notes import parse_note
from xtd_rdf.vault import SourceFile, find_markdown


def _benchmark_module(name: str):
    """benchmarks/ is scripts, not a package: load one of its files as a module."""
    path = ROOT / "benchmarks" / f"{name}.py"
    sys.path.insert(0, str(path.parent))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


generate = _benchmark_module("generate")
harness = _benchmark_module("harness")


def test_the_same_seed_gives_the_same_notes_and_another_seed_other_notes() -> None:
    first = [(n.path, n.text) for n in generate.generate(60, seed=7)]
    assert first == [(n.path, n.text) for n in generate.generate(60, seed=7)]
    assert first != [(n.path, n.text) for n in generate.generate(60, seed=8)]
    assert len({path for path, _ in first}) == 60


def test_our_parser_finds_every_tag_and_wikilink_the_generator_wrote_without_warnings() -> None:
    notes = list(generate.generate(300, seed=3))
    for generated in notes:
        note = parse_note(SourceFile(generated.path, generated.text))
        assert tuple(t.value for t in note.tags) == generated.tags, generated.path
        assert tuple(w.value for w in note.wikilinks) == generated.wikilinks, generated.path
        assert note.diagnostics == (), generated.path
    assert sum(len(n.wikilinks) for n in notes) > 300
    assert any(n.dangling for n in notes)
    assert any("/" in tag for n in notes for tag in n.tags)  # nested tags


def test_notes_look_like_the_real_vault_and_names_recur_across_notes() -> None:
    notes = list(generate.generate(400, seed=1))
    texts = [n.text for n in notes]
    mean_size = sum(len(t.encode()) for t in texts) / len(texts)
    assert 2500 < mean_size < 3800
    assert any("La journée a été organisée le " in t for t in texts)
    assert any("- #### [[" in t and "https://www.linkedin.com/in/" in t for t in texts)
    assert any("<iframe" in t for t in texts)
    assert any('" (' in t for t in texts)  # quotations with their speaker
    assert any("eleventyNavigation:" in t for t in texts)
    assert any("\ntags: #" in t for t in texts) and any("\ntags:\n  - " in t for t in texts)
    linked = Counter(
        name for t in texts for name in set(generate.re.findall(r"\[([^\]]+)\]\(https://www\.linkedin", t))
    )
    assert linked.most_common(1)[0][1] >= 5  # the same person in many notes


def test_write_vault_writes_every_note_where_the_vault_reader_finds_it(tmp_path: Path) -> None:
    generate.write_vault(tmp_path / "v", 50, seed=2)
    assert len(find_markdown(tmp_path / "v")) == 50
    assert (tmp_path / "v" / "_data" / "acteurs.csv").read_text(encoding="utf-8").startswith("Nom,URL")


def test_naive_pipeline_writes_turtle_and_json_ld_of_every_note(tmp_path: Path) -> None:
    vault, out = tmp_path / "vault", tmp_path / "out"
    generate.write_vault(vault, 30, seed=5)
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "naive.py"), str(vault), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    turtle, jsonld = load(out / "dataset.ttl"), load(out / "dataset.jsonld")
    assert len(turtle) == len(jsonld) > 30 * 10
    assert len(set(turtle.subjects(RDF.type, SDO.Article))) == 30
    assert set(turtle.subjects(RDF.type, SKOS.Concept))


def test_touch_notes_changes_exactly_the_asked_number_of_notes(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    generate.write_vault(vault, 40, seed=5)
    before = {p: p.read_bytes() for p in vault.rglob("*.md")}
    harness.touch_notes(vault, 3, round_=1)
    changed = [p for p, data in before.items() if p.read_bytes() != data]
    assert len(changed) == 3
