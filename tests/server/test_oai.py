"""OAI-PMH under uvicorn, harvested by Sickle (a real OAI-PMH client) over the corpus export."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from lxml import etree
from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF, SKOS
from sickle import Sickle
from sickle.iterator import OAIResponseIterator
from starlette.applications import Starlette

from helpers import SDO, load, require_corpus
from xtd_rdf.config import Config
from xtd_rdf.export import export
from xtd_rdf.oai import oai_routes

PAGE = 40
OAI = "{http://www.openarchives.org/OAI/2.0/}"


@contextmanager
def serving(folder: Path, page_size: int = PAGE) -> Iterator[str]:
    """The OAI routes mounted at /oai, as `xtd-rdf serve` mounts them, under uvicorn on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = Starlette(routes=oai_routes(folder, "/oai", page_size=page_size))
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/oai"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("oai") / "out"
    export(require_corpus(), out, Config())
    return out


@pytest.fixture(scope="module")
def endpoint(corpus_out: Path) -> Iterator[str]:
    with serving(corpus_out) as url:
        yield url


@pytest.fixture(scope="module")
def graph(corpus_out: Path) -> Graph:
    return load(corpus_out / "dataset.nt")


def get(url: str, **params: str) -> etree._Element:
    with urllib.request.urlopen(f"{url}?{urllib.parse.urlencode(params)}") as response:
        assert response.headers["content-type"].startswith("text/xml")
        return etree.fromstring(response.read())


def error_code(url: str, **params: str) -> str:
    root = get(url, **params)
    return root.find(f"{OAI}error").get("code")


def test_sickle_harvests_every_note_once_with_title_subjects_and_relations(
    endpoint: str, graph: Graph
) -> None:
    """Acceptance 2: ListRecords across resumption pages, each note once with its Dublin Core."""
    pages = list(Sickle(endpoint, iterator=OAIResponseIterator).ListRecords(metadataPrefix="oai_dc"))
    assert len(pages) == -(-197 // PAGE) >= 2
    records = list(Sickle(endpoint).ListRecords(metadataPrefix="oai_dc"))
    identifiers = [r.header.identifier for r in records]
    articles = {str(a) for a in graph.subjects(RDF.type, SDO.Article)}
    assert len(identifiers) == len(set(identifiers)) == len(articles) == 197
    assert set(identifiers) == articles
    for record in records:
        note = next(a for a in graph.subjects(RDF.type, SDO.Article) if str(a) == record.header.identifier)
        dc = record.metadata
        assert dc["title"] == [str(graph.value(note, DCTERMS.title))]
        tags = {str(graph.value(t, SKOS.notation)) for t in graph.objects(note, DCTERMS.subject)}
        assert set(dc.get("subject", [])) == tags
        assert set(dc.get("relation", [])) == {str(o) for o in graph.objects(note, DCTERMS.relation)}
    assert sum(len(r.metadata.get("relation", [])) for r in records) >= 150
    assert sum(len(r.metadata.get("subject", [])) for r in records) >= 100


def test_list_identifiers_and_sets_agree(endpoint: str, graph: Graph) -> None:
    headers = list(Sickle(endpoint).ListIdentifiers(metadataPrefix="oai_dc"))
    assert len(headers) == 197 and not any(h.deleted for h in headers)
    sets = {s.setSpec: s.setName for s in Sickle(endpoint).ListSets()}
    assert set(sets.values()) == {str(n) for n in graph.objects(None, SKOS.notation)}
    spec, name = next(iter(sorted(sets.items())))
    concept = next(
        c for c in graph.subjects(SKOS.notation, None) if str(graph.value(c, SKOS.notation)) == name
    )
    tagged = {str(n) for n in graph.subjects(DCTERMS.subject, concept)}
    in_set = {h.identifier for h in Sickle(endpoint).ListIdentifiers(metadataPrefix="oai_dc", set=spec)}
    assert in_set == tagged != set()


def test_get_record_in_both_formats(endpoint: str, corpus_out: Path) -> None:
    note = "https://example.org/xtd/notes/one-by-one"
    formats = {f.metadataPrefix for f in Sickle(endpoint).ListMetadataFormats(identifier=note)}
    assert formats == {"oai_dc", "schema_org"}
    record = Sickle(endpoint).GetRecord(identifier=note, metadataPrefix="oai_dc")
    assert record.metadata["title"] == ["One-by-One"]
    root = get(endpoint, verb="GetRecord", identifier=note, metadataPrefix="schema_org")
    payload = root.find(".//{http://www.w3.org/ns/json-ld#}jsonld").text
    assert json.loads(payload) == json.loads((corpus_out / "notes" / "one-by-one.jsonld").read_text())


def test_identify_and_post(endpoint: str) -> None:
    identify = Sickle(endpoint, http_method="POST").Identify()
    assert identify.protocolVersion == "2.0" and identify.baseURL == endpoint
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ" and identify.deletedRecord == "persistent"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "ListEverything"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-13-45"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-01-01",
                "until": "2024-01-01T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-02-01", "until": "2024-01-01"},
            "badArgument",
        ),
        ({"verb": "Identify", "identifier": "x"}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {
                "verb": "GetRecord",
                "identifier": "https://example.org/xtd/notes/one-by-one",
                "metadataPrefix": "x",
            },
            "cannotDisseminateFormat",
        ),
        (
            {
                "verb": "GetRecord",
                "identifier": "https://example.org/xtd/notes/nope",
                "metadataPrefix": "oai_dc",
            },
            "idDoesNotExist",
        ),
        ({"verb": "ListMetadataFormats", "identifier": "urn:nothing"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "resumptionToken": "not-a-token"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "2000-01-01"}, "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "no-such-tag"}, "noRecordsMatch"),
    ],
)
def test_bad_requests_get_the_protocol_error_code(endpoint: str, params: dict[str, str], code: str) -> None:
    root = get(endpoint, **params)
    assert root.find(f"{OAI}error").get("code") == code
    request = root.find(f"{OAI}request")
    assert request.text == endpoint
    assert (request.attrib == {}) == (code in ("badVerb", "badArgument"))


def test_a_repeated_argument_is_a_bad_argument(endpoint: str) -> None:
    with urllib.request.urlopen(f"{endpoint}?verb=ListSets&verb=ListSets") as response:
        root = etree.fromstring(response.read())
    assert root.find(f"{OAI}error").get("code") == "badVerb"
    url = f"{endpoint}?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc"
    with urllib.request.urlopen(url) as response:
        assert etree.fromstring(response.read()).find(f"{OAI}error").get("code") == "badArgument"


def test_the_last_page_has_an_empty_token_with_the_list_size(endpoint: str) -> None:
    root = get(endpoint, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = root.find(f".//{OAI}resumptionToken")
    assert token.get("completeListSize") == "197" and token.get("cursor") == "0" and token.text
    while token.text:
        token = get(endpoint, verb="ListIdentifiers", resumptionToken=token.text).find(
            f".//{OAI}resumptionToken"
        )
    assert token.get("cursor") == str(197 // PAGE * PAGE) and token.get("completeListSize") == "197"


NOTES = {
    "Notes/Alpha.md": "---\ndate: 2021-03-04\ntags: [musee]\n---\nAlpha is about museums. See [[Beta]].\n",
    "Notes/Beta.md": "---\ndate: 2022-05-06\ntags: [musee/art]\n---\nBeta is about collections.\n",
    "Notes/Gamma.md": "---\ndate: 2020-01-02\n---\nGamma stands alone.\n",
}


def test_changes_show_as_datestamps_and_deleted_records(make_vault, tmp_path: Path, monkeypatch) -> None:
    """from/until select by the change feed's times; a deleted note stays as a deleted record."""
    vault, out = make_vault(NOTES), tmp_path / "out"
    export(vault, out, Config())
    with serving(out, page_size=2) as url:
        root = get(url, verb="ListIdentifiers", metadataPrefix="oai_dc")
        stale = root.find(f".//{OAI}resumptionToken").text
        assert get(url, verb="ListSets").findall(f".//{OAI}setSpec")[1].text == "musee:art"
        beta = Sickle(url).GetRecord(identifier="https://example.org/xtd/notes/beta", metadataPrefix="oai_dc")
        assert beta.header.datestamp == "2022-05-06T00:00:00Z" and beta.header.setSpecs == [
            "musee",
            "musee:art",
        ]
        (vault / "Notes" / "Beta.md").write_text(NOTES["Notes/Beta.md"].replace("collections", "archives"))
        (vault / "Notes" / "Gamma.md").unlink()
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
        export(vault, out, Config())
        changed = list(
            Sickle(url).ListIdentifiers(metadataPrefix="oai_dc", **{"from": "2027-01-15T08:00:00Z"})
        )
        assert [(h.identifier.rsplit("/", 1)[1], h.deleted, h.datestamp) for h in changed] == [
            ("beta", False, "2027-01-15T08:00:00Z"),
            ("gamma", True, "2027-01-15T08:00:00Z"),
        ]
        gamma = Sickle(url).GetRecord(
            identifier="https://example.org/xtd/notes/gamma", metadataPrefix="oai_dc"
        )
        assert gamma.deleted and "metadata>" not in gamma.raw
        before = list(Sickle(url).ListIdentifiers(metadataPrefix="oai_dc", until="2026-12-31"))
        assert [h.identifier.rsplit("/", 1)[1] for h in before] == ["alpha"]
        assert error_code(url, verb="ListIdentifiers", resumptionToken=stale) == "badResumptionToken"
        (vault / "Notes" / "Beta.md").unlink()  # Alpha still links to it: a stub, yet no longer a note
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000060")
        export(vault, out, Config())
        headers = {
            h.identifier.rsplit("/", 1)[1]: h for h in Sickle(url).ListIdentifiers(metadataPrefix="oai_dc")
        }
        assert {k: h.deleted for k, h in headers.items()} == {"alpha": False, "beta": True, "gamma": True}
        assert headers["beta"].datestamp == "2027-01-15T08:01:00Z"


def test_a_folder_without_an_export_is_a_clear_503(tmp_path: Path) -> None:
    with serving(tmp_path / "nothing") as url, pytest.raises(urllib.error.HTTPError) as failure:
        urllib.request.urlopen(f"{url}?verb=Identify")
    assert failure.value.code == 503 and b"run `xtd-rdf export` first" in failure.value.read()
