"""A short loopback load test of a real `xtd-rdf serve` over the real corpus: 50 clients for 5 s.

The driver is benchmarks/load_test.py (the full run is 200 clients for 30 s, figures in the report);
here it runs bounded in time and count, and only its outcomes are asserted, never its speed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from helpers import ROOT, require_corpus

from .conftest import XTD_RDF, Server, start_server

MIB = 2**20


def driver() -> ModuleType:
    spec = importlib.util.spec_from_file_location("load_test", ROOT / "benchmarks" / "load_test.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus-site") / "output"
    done = subprocess.run(
        [XTD_RDF, "export", str(require_corpus()), "--out", str(out)], capture_output=True, text=True
    )
    assert done.returncode in (0, 1), done.stderr
    return out


@pytest.fixture(scope="module")
def corpus_server(corpus_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("corpus-server") / "serve.log"
    running = start_server(corpus_site, log, "--timeout", "2", "--max-results", "1000", "--workers", "2")
    yield running
    running.stop()


def test_mixed_concurrent_requests_get_only_their_intended_answers(corpus_server, corpus_site: Path) -> None:
    load = driver()
    paths = load.resource_paths(corpus_site, "/xtd/")
    assert len(paths) > 100
    results = load.run_load(
        corpus_server.origin, paths, corpus_server.process.pid, 50, 5.0, runaways=3, max_requests=20_000
    )
    assert results.errors == []
    kinds = {kind: status for kind, status in results.counts}
    assert kinds == {
        "page": 200,
        "conneg": 200,
        "select": 200,
        "named": 200,
        "update": 403,
        "traversal": 404,
        "runaway": 503,
    }
    assert corpus_server.process.poll() is None
    assert "Traceback" not in corpus_server.output()
    assert max(results.rss) < results.rss[0] + 512 * MIB
