"""The real MuseumXTD vault: every note an Article, every wikilink a relation, every tag a concept,
three dumps that are one graph, and byte-identical output whatever the hash seed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SKOS

from helpers import SDO, load, require_corpus, snapshot
from xtd_rdf.cli import main

WIKILINK = re.compile(r"(!?)\[\[([^\]]*)\]\]")
ATTACHMENT = re.compile(r"\.(png|jpe?g|gif|svg|pdf|webp|mp4|mp3)$", re.I)
FENCE = re.compile(r"^```.*?^```|<!--.*?-->", re.S | re.M)  # code and HTML comments hold no links


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    corpus = require_corpus()
    out = tmp_path_factory.mktemp("corpus") / "out"
    result = CliRunner().invoke(main, ["export", str(corpus), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def graph(exported: Path) -> Graph:
    return load(exported / "dataset.nt")


def markdown_files(corpus: Path) -> list[Path]:
    def skipped(part: str) -> bool:
        return part.startswith(".") or part == "node_modules"

    return [p for p in corpus.rglob("*.md") if not any(map(skipped, p.relative_to(corpus).parts))]


def test_every_markdown_file_is_one_article(graph: Graph) -> None:
    files = markdown_files(require_corpus())
    names = sorted(str(graph.value(a, SDO.name)) for a in graph.subjects(RDF.type, SDO.Article))
    assert len(files) == 197
    assert names == sorted(p.stem for p in files)


def test_every_wikilink_is_a_relation_to_its_target(graph: Graph) -> None:
    corpus = require_corpus()
    targets = [s for s in graph.subjects(SDO.name, None) if graph.value(s, RDF.type) in (SDO.Article, None)]
    by_name = {str(graph.value(s, SDO.name)).casefold(): s for s in targets}
    counted = 0
    for path in markdown_files(corpus):
        text = FENCE.sub("", path.read_text(encoding="utf-8-sig"))
        note = next(
            s
            for s in graph.subjects(RDF.type, SDO.Article)
            if str(graph.value(s, DCTERMS.source)) == path.relative_to(corpus).as_posix()
        )
        for bang, raw in WIKILINK.findall(text):
            target = raw.split("|")[0].split("#")[0].strip()
            if not target or (bang and ATTACHMENT.search(target)):
                continue
            counted += 1
            assert (note, DCTERMS.relation, by_name[target.casefold()]) in graph, (path.name, target)
    assert counted >= 150


def test_every_front_matter_and_inline_tag_is_a_concept(graph: Graph) -> None:
    notations = {str(n).casefold() for n in graph.objects(None, SKOS.notation)}
    found: set[str] = set()
    for path in markdown_files(require_corpus()):
        text = path.read_text(encoding="utf-8-sig")
        head = re.match(r"---\n(.*?)\n---", text, re.S)
        if head:
            line = re.search(r"^tags:(.*)$", head.group(1), re.M)
            found |= {t.strip("#,") for t in (line.group(1).split() if line else []) if t.strip("#,")}
        body = FENCE.sub("", text[head.end() :] if head else text)
        for line in body.splitlines():
            if not line.startswith("#"):
                found |= {t for t in re.findall(r"(?<![\w/#&\]\[(=-])#([^\W\d_][\w/\-]*)", line)}
    assert found and {t.casefold() for t in found} <= notations
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        assert graph.value(concept, SKOS.inScheme) is not None


def test_the_three_dumps_are_one_graph_in_rdflib_and_pyoxigraph(exported: Path, graph: Graph) -> None:
    dumps = [exported / n for n in ("dataset.ttl", "dataset.nt", "dataset.jsonld")]
    graphs = [load(p) for p in dumps]
    assert len(graph) > 4000
    assert all(isomorphic(graphs[0], g) for g in graphs[1:])
    sizes = set()
    for path in dumps:
        fmt = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}
        sizes.add(len(list(ox.parse(path=str(path), format=fmt[path.suffix]))))
    assert sizes == {len(graph)}


def test_two_exports_are_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    corpus = require_corpus()
    for seed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "xtd_rdf", "export", str(corpus), "--out", str(tmp_path / seed), "-q"],
            check=True,
            env=env,
        )
    assert snapshot(tmp_path / "1") == snapshot(tmp_path / "12345")
