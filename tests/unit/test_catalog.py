"""catalog.ttl/.jsonld: DCAT-AP's mandatory properties, agreeing with dataset.ttl, VoID partitions."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, VOID, XSD

from helpers import ROOT, SDO, load, require_corpus
from xtd_rdf.config import Config
from xtd_rdf.export import export
from xtd_rdf.writers.catalog import SPDX, catalog_triples

BASE = "https://example.org/xtd/"
D = URIRef(BASE)
CATALOG = URIRef(BASE + "catalog")
SHAPES = ROOT / "tests" / "shapes" / "dcat_ap_mandatory.ttl"
VAULT = {
    "Notes/Alpha.md": "---\ndate: 2021-03-04\ntags: [musee/art, web]\n---\nAlpha. See [[Beta]].\n",
    "Notes/Beta.md": "---\ndate: 2022-05-06\nlang: en\n---\nBeta is written in English, about museums.\n",
}


def conforms(graph: Graph) -> tuple[bool, str]:
    ok, _, text = pyshacl.validate(graph, shacl_graph=Graph().parse(SHAPES))
    return ok, text


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("catalog") / "out"
    export(require_corpus(), out, Config(publisher="MuseumXTD"))
    return out


def test_the_corpus_catalog_conforms_to_the_dcat_ap_shapes(corpus_out: Path) -> None:
    """Acceptance 4."""
    graph = load(corpus_out / "catalog.ttl")
    ok, report = conforms(graph)
    assert ok, report
    assert list(graph.subjects(RDF.type, DCAT.Catalog)) == [CATALOG]
    assert graph.value(CATALOG, DCAT.dataset) == D
    assert len(set(graph.objects(D, DCAT.distribution))) == 4  # three dumps and the change feed
    publisher = graph.value(D, DCTERMS.publisher)
    assert graph.value(publisher, FOAF.name) == Literal("MuseumXTD")
    assert (publisher, RDF.type, FOAF.Agent) in graph


@pytest.mark.parametrize(
    "damage",
    [
        lambda g: g.remove((D, DCTERMS.title, None)),
        lambda g: g.remove((CATALOG, DCTERMS.publisher, None)),
        lambda g: g.remove((URIRef(BASE + "#dataset-ttl"), DCAT.accessURL, None)),
        lambda g: g.add((URIRef(BASE + "#dataset-nt"), DCAT.mediaType, Literal("application/n-triples"))),
    ],
    ids=["dataset title", "catalogue publisher", "access URL", "media type as a string"],
)
def test_the_shapes_catch_what_dcat_ap_requires(corpus_out: Path, damage) -> None:
    graph = load(corpus_out / "catalog.ttl")
    damage(graph)
    assert not conforms(graph)[0]


def test_the_catalog_says_what_dataset_ttl_says(corpus_out: Path) -> None:
    catalog, dataset = load(corpus_out / "catalog.ttl"), load(corpus_out / "dataset.ttl")
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.modified, DCTERMS.publisher):
        assert set(catalog.objects(D, prop)) == set(dataset.objects(D, prop)) != set(), prop
    assert set(dataset.objects(D, DCAT.distribution)) < set(catalog.objects(D, DCAT.distribution))
    for dist in dataset.objects(D, DCAT.distribution):
        url = dataset.value(dist, DCAT.downloadURL)
        assert catalog.value(dist, DCAT.downloadURL) == url == catalog.value(dist, DCAT.accessURL)
        data = (corpus_out / str(url).removeprefix(BASE)).read_bytes()
        assert catalog.value(dist, DCAT.byteSize) == Literal(len(data), datatype=XSD.nonNegativeInteger)
        checksum = catalog.value(dist, SPDX.checksum)
        assert str(catalog.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        media = dataset.value(dist, DCAT.mediaType)
        assert str(media).startswith("https://www.iana.org/assignments/media-types/")
        assert set(catalog.objects(dist, DCAT.mediaType)) == {media}


def test_void_partitions_count_the_whole_graph(corpus_out: Path) -> None:
    catalog, data = load(corpus_out / "catalog.ttl"), load(corpus_out / "dataset.nt")
    classes = {
        catalog.value(p, VOID["class"]): catalog.value(p, VOID.entities)
        for p in catalog.objects(D, VOID.classPartition)
    }
    assert classes[SDO.Article].toPython() == len(set(data.subjects(RDF.type, SDO.Article))) == 197
    assert classes[SKOS.Concept].toPython() == len(set(data.subjects(RDF.type, SKOS.Concept)))
    properties = {
        catalog.value(p, VOID.property): catalog.value(p, VOID.triples).toPython()
        for p in catalog.objects(D, VOID.propertyPartition)
    }
    assert properties[DCTERMS.relation] == len(list(data.triples((None, DCTERMS.relation, None))))
    assert sum(properties.values()) == len(data)


def test_keywords_languages_and_themes_come_from_the_notes(make_vault, tmp_path: Path) -> None:
    export(make_vault(VAULT), tmp_path / "out", Config())
    graph = load(tmp_path / "out" / "catalog.ttl")
    assert {str(k) for k in graph.objects(D, DCAT.keyword)} == {"musee", "musee/art", "web"}
    language = "http://publications.europa.eu/resource/authority/language/"
    assert set(graph.objects(D, DCTERMS.language)) == {URIRef(language + "ENG"), URIRef(language + "FRA")}
    assert set(graph.objects(D, DCAT.theme)) == {URIRef(BASE + "tags/musee"), URIRef(BASE + "tags/web")}
    assert graph.value(CATALOG, DCAT.themeTaxonomy) == URIRef(BASE + "tags")
    assert graph.value(D, DCTERMS.temporal) is None  # no event, no temporal coverage
    assert conforms(graph)[0]


def test_the_json_ld_catalog_is_the_same_graph_with_an_inline_context(corpus_out: Path) -> None:
    text = (corpus_out / "catalog.jsonld").read_text()
    assert '"foaf": "http://xmlns.com/foaf/0.1/"' in text and "http://xmlns.com/foaf/0.1/name" not in text
    assert isomorphic(load(corpus_out / "catalog.jsonld"), load(corpus_out / "catalog.ttl"))


def test_temporal_coverage_spans_the_events_dates(tmp_path: Path) -> None:
    """From the earliest start to the latest end, each as precise as written."""
    for name in ("dataset.ttl", "dataset.jsonld", "dataset.nt"):
        (tmp_path / name).write_text("")
    event = URIRef(BASE + "events/")
    by_document = {
        BASE: [(D, RDF.type, DCAT.Dataset), (D, DCTERMS.title, Literal("T"))],
        BASE + "events/a": [(event + "a", SDO.startDate, Literal("2019", datatype=XSD.gYear))],
        BASE + "events/b": [
            (event + "b", SDO.startDate, Literal("2019-03-02", datatype=XSD.date)),
            (event + "b", SDO.endDate, Literal("2021-06", datatype=XSD.gYearMonth)),
        ],
        BASE + "events/c": [(event + "c", SDO.startDate, Literal("2021-05-30", datatype=XSD.date))],
    }
    graph = Graph()
    for triple in catalog_triples(BASE, by_document, tmp_path):
        graph.add(triple)
    period = graph.value(D, DCTERMS.temporal)
    assert graph.value(period, DCAT.startDate) == Literal("2019", datatype=XSD.gYear)
    assert graph.value(period, DCAT.endDate) == Literal("2021-06", datatype=XSD.gYearMonth)


def test_a_graph_that_did_not_change_links_the_catalogue_without_counting_it(
    tmp_path: Path, monkeypatch
) -> None:
    """With the documents' hashes, the catalogue is made from a digest of the graph: the same graph
    links the previous files (the dumps are not hashed again), another one makes them anew."""
    from xtd_rdf.output import Files
    from xtd_rdf.writers import catalog as catalog_module
    from xtd_rdf.writers.rdf import write_rdf

    by_document = build_vault(tmp_path)
    before = Files(tmp_path / "before")
    hashes = write_rdf(before, BASE, by_document).hashes
    catalog_module.write_catalog(before, BASE, by_document, hashes)
    counted: list[int] = []
    real = catalog_module._statistics
    monkeypatch.setattr(catalog_module, "_statistics", lambda *args: counted.append(1) or real(*args))
    after = Files(tmp_path / "after", previous=tmp_path / "before", memo=before.made)
    write_rdf(after, BASE, by_document)
    catalog_module.write_catalog(after, BASE, by_document, hashes)
    assert counted == []
    for name in ("catalog.ttl", "catalog.jsonld"):
        assert (tmp_path / "after" / name).stat().st_ino == (tmp_path / "before" / name).stat().st_ino
    changed = {**hashes, BASE: "0" * 64}
    again = Files(tmp_path / "again", previous=tmp_path / "before", memo=before.made)
    write_rdf(again, BASE, by_document)
    catalog_module.write_catalog(again, BASE, by_document, changed)
    assert counted == [1]
    plain = tmp_path / "plain"
    write_rdf(plain, BASE, by_document)
    catalog_module.write_catalog(plain, BASE, by_document)
    for name in ("catalog.ttl", "catalog.jsonld"):
        expected = (plain / name).read_bytes()
        assert (
            (tmp_path / "after" / name).read_bytes() == (tmp_path / "again" / name).read_bytes() == expected
        )


def build_vault(tmp_path: Path) -> dict:
    from xtd_rdf.pipeline import build

    vault = tmp_path / "vault"
    for relative, text in VAULT.items():
        (vault / relative).parent.mkdir(parents=True, exist_ok=True)
        (vault / relative).write_text(text, encoding="utf-8")
    return build(vault, Config(base=BASE)).by_document
