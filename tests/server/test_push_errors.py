"""How push behaves against a store that refuses, fails for a while, or wants credentials."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from xtd_rdf.cli import main


class _Store(BaseHTTPRequestHandler):
    statuses: ClassVar[list[int]] = []
    seen: ClassVar[list[tuple[str, str, str]]] = []

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).seen.append((self.command, self.path, self.headers.get("Authorization", "")))
        status = type(self).statuses.pop(0) if type(self).statuses else 204
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def store() -> Iterator[type[_Store]]:
    handler = type("Store", (_Store,), {"statuses": [], "seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    handler.url = f"http://127.0.0.1:{server.server_address[1]}/store"  # type: ignore[attr-defined]
    yield handler
    server.shutdown()


@pytest.fixture
def exported(make_vault, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    vault = make_vault({"A.md": "Text.", "B.md": "More."})
    CliRunner().invoke(main, ["export", str(vault), "--out", str(out)])
    return out


@pytest.mark.parametrize(
    "status, advice",
    [(401, "XTD_RDF_STORE_USER"), (403, "permissions"), (413, "--chunk-size"), (404, "check --store")],
)
def test_refusals_say_what_to_do(store, exported: Path, status: int, advice: str) -> None:
    store.statuses = [status]
    result = CliRunner().invoke(main, ["push", str(exported), "--store", store.url])
    assert result.exit_code == 2 and f"answered {status}" in result.output and advice in result.output
    assert len(store.seen) == 1  # a refusal is not retried


def test_server_errors_are_retried_with_credentials_from_the_environment(
    store, exported, monkeypatch
) -> None:
    monkeypatch.setenv("XTD_RDF_STORE_USER", "editor")
    monkeypatch.setenv("XTD_RDF_STORE_PASSWORD", "secret")
    store.statuses = [503, 502]
    result = CliRunner().invoke(
        main, ["push", str(exported), "--store", store.url, "--graph", "https://g.example/"]
    )
    assert result.exit_code == 0, result.output
    assert [m for m, _, _ in store.seen] == ["PUT", "PUT", "PUT"]
    assert store.seen[-1][1] == "/store?graph=https%3A%2F%2Fg.example%2F"
    assert store.seen[-1][2] == "Basic ZWRpdG9yOnNlY3JldA=="
