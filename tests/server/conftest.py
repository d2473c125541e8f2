"""A real `xtd-rdf serve` process over a small export, and a loopback listener that records connections.

This folder is a package so this module is `server.conftest`: a second top-level `conftest`
would replace tests/conftest.py in sys.modules for `from conftest import …` elsewhere.
"""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from xtd_rdf.config import load_config
from xtd_rdf.export import export

XTD_RDF = str(Path(sys.executable).parent / "xtd-rdf")
NOTES = {
    "Alpha.md": "---\ntags: [strategie, numerique/3d]\n---\n# Alpha\n\nSee [[Beta]] and [[Nowhere]].\n",
    "Beta.md": "---\ntags: [strategie]\n---\n# Beta\n\nBack to [[Alpha]], on to [[Nowhere]].\n",
    "Gamma.md": "# Gamma\n\nAbout [[Beta]], see <https://www.gov.uk/report>.\n",
}


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real export of three notes, with an HTML page per resource as the site writer makes them."""
    vault = tmp_path_factory.mktemp("vault")
    for name, text in NOTES.items():
        (vault / name).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("site") / "output"
    export(vault, out, load_config(vault))
    for turtle in out.glob("*/*.ttl"):
        page = turtle.with_suffix("") / "index.html"
        page.parent.mkdir(exist_ok=True)
        page.write_text(f"<!doctype html><title>{turtle.stem}</title><p>page of {turtle.stem}</p>\n")
    (out / "index.html").write_text("<!doctype html><title>home</title>\n", encoding="utf-8")
    return out


@dataclass
class Server:
    """A running `xtd-rdf serve`: its process, its address, and what it printed."""

    process: subprocess.Popen[bytes]
    log: Path
    origin: str

    @property
    def sparql(self) -> str:
        return self.origin + "/sparql"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=20)


def start_server(site: Path, log: Path, *options: str) -> Server:
    """Start `xtd-rdf serve SITE --port 0 …` and wait until it says where it listens."""
    with log.open("wb") as sink:
        process = subprocess.Popen([XTD_RDF, "serve", str(site), "--port", "0", *options], stderr=sink)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = re.search(r"SPARQL: (http://127\.0\.0\.1:\d+)/sparql", log.read_text(encoding="utf-8"))
        if found:
            return Server(process, log, found.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    raise AssertionError(f"xtd-rdf serve did not start:\n{log.read_text(encoding='utf-8')}")


@pytest.fixture(scope="session")
def server(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("server") / "serve.log"
    running = start_server(site, log, "--timeout", "3", "--max-results", "20", "--workers", "2")
    yield running
    running.stop()


@dataclass
class Listener:
    """A real listening socket on 127.0.0.1 that records every connection made to it."""

    sock: socket.socket
    connections: list[tuple[str, int]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/"

    def accept_forever(self) -> None:
        while True:
            try:
                conn, address = self.sock.accept()
            except OSError:
                return
            self.connections.append(address)
            conn.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    recorder = Listener(sock)
    thread = threading.Thread(target=recorder.accept_forever, daemon=True)
    thread.start()
    yield recorder
    sock.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """An Oxigraph server (the `oxigraph` package from PyPI) with an empty in-memory store."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/query?query=ASK%7B%7D")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
