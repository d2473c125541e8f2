"""Read-only and bounded: updates, LOAD and SERVICE refused with no request leaving; runaway queries cut."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest

FORM = "application/x-www-form-urlencoded"


def send(url: str, body: bytes | None = None, content_type: str = FORM) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def get_query(server, query: str) -> tuple[int, str]:
    return send(server.sparql + "?" + urllib.parse.urlencode({"query": query}))


def test_the_listener_sees_what_pyoxigraph_would_send(listener) -> None:
    """The control: unguarded, a SERVICE query reaches the listener, so its silence below means something."""
    with pytest.raises(OSError):
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{listener.url}sparql> {{ ?s ?p ?o }} }}"))
    assert len(listener.connections) == 1


def test_updates_load_and_service_are_refused_and_nothing_goes_out(server, listener) -> None:
    target = listener.url
    refusals = [
        send(server.sparql, urllib.parse.urlencode({"update": "INSERT DATA { <a:s> <a:p> <a:o> }"}).encode()),
        send(server.sparql, b"DELETE WHERE { ?s ?p ?o }", "application/sparql-update"),
        send(server.sparql, f"LOAD <{target}data.ttl>".encode(), "application/sparql-update"),
        get_query(server, f"LOAD <{target}data.ttl>"),
        get_query(server, "INSERT DATA { <a:s> <a:p> <a:o> }"),
        get_query(server, f"SELECT * WHERE {{ SERVICE <{target}sparql> {{ ?s ?p ?o }} }}"),
        get_query(server, f"SELECT * WHERE {{ \\u0053ERVICE SILENT <{target}sparql> {{ ?s ?p ?o }} }}"),
        send(server.sparql, f"ASK {{ SERVICE <{target}> {{ }} }}".encode(), "application/sparql-query"),
    ]
    assert [status for status, _ in refusals] == [403] * len(refusals)
    assert all("read-only" in text or "SERVICE is refused" in text for _, text in refusals)
    status, _ = get_query(server, f"SELECT * FROM <{target}data.ttl> WHERE {{ ?s ?p ?o }}")
    assert status == 200  # FROM names a graph of the store; it is never fetched
    assert listener.connections == []
    status, text = get_query(server, "ASK { ?s a <https://schema.org/Article> }")
    assert (status, text) == (200, '{"head":{},"boolean":true}')  # nothing was written either


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"


def test_a_runaway_query_is_cut_while_others_are_answered(server) -> None:
    outcome: dict[str, tuple[int, str]] = {}
    runaway = threading.Thread(target=lambda: outcome.update(runaway=get_query(server, RUNAWAY)))
    runaway.start()
    answered_meanwhile = []
    for _ in range(3):
        time.sleep(0.5)  # let the runaway reach its worker first
        status, text = get_query(
            server, "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://schema.org/Article> }"
        )
        answered_meanwhile.append((status, runaway.is_alive()))
        assert '"value":"3"' in text
    runaway.join(timeout=60)
    assert answered_meanwhile == [(200, True)] * 3
    status, text = outcome["runaway"]
    assert status == 503
    assert "time limit of 3 s" in text
    status, _ = get_query(server, "ASK {}")
    assert status == 200  # the server goes on after the kill
