"""Loopback load test of `xtd-rdf serve`: many clients at once, a mix of pages, content negotiation,
SPARQL SELECTs, named queries, a few runaway queries and refused updates, for a bounded time.

Each request kind has the status it must get (200, or the intended refusal: 403 for updates, 503 for a
runaway query cut at the time limit, 404 for a path that leaves the export). Anything else is an error.
The RSS of the server and its query workers is sampled from /proc all along.

    python benchmarks/load_test.py                      # the real corpus, 200 clients for 30 s
    python benchmarks/load_test.py --clients 50 --seconds 5 --site output

Only 127.0.0.1 is ever contacted; the run stops by itself at the time or request bound.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from xtd_rdf.query import named_queries

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "museumxtd"
XTD_RDF = str(Path(sys.executable).parent / "xtd-rdf")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"
SELECTS = [
    "SELECT ?s ?name WHERE { ?s <https://schema.org/name> ?name } LIMIT 50",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)",
    "SELECT ?s WHERE { ?s a <https://schema.org/Article> } ORDER BY ?s LIMIT 20",
    "ASK { ?s a <https://schema.org/Article> }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://schema.org/Person> ; ?p ?o } LIMIT 200",
]
ACCEPTS = ["text/turtle", "application/ld+json", "application/n-triples"]


@dataclass(frozen=True)
class Request:
    """One request to send and the status it must get."""

    kind: str
    method: str
    target: str
    expect: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None


@dataclass
class Results:
    """What came back: per (kind, status) counts, latencies, errors, and the RSS samples."""

    counts: Counter[tuple[str, int]] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, request: Request, status: int, latency: float, detail: str = "") -> None:
        with self.lock:
            self.counts[(request.kind, status)] += 1
            self.latencies.append(latency)
            self.by_kind.setdefault(request.kind, []).append(latency)
            if status != request.expect:
                self.errors.append(f"{request.kind} {request.target[:80]} → {status} {detail[:120]}")

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def percentile(self, p: float, kind: str | None = None) -> float:
        ordered = sorted(self.latencies if kind is None else self.by_kind[kind])
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else 0.0

    def report(self) -> str:
        statuses = Counter[int]()
        for (_, status), n in self.counts.items():
            statuses[status] += n
        kinds = ", ".join(f"{k} {s}: {n}" for (k, s), n in sorted(self.counts.items()))
        return "\n".join(
            [
                f"requests: {self.total} in {self.seconds:.1f} s = {self.total / self.seconds:.1f}/s",
                f"statuses: {dict(sorted(statuses.items()))}",
                f"by kind: {kinds}",
                f"latency: p50 {self.percentile(0.5) * 1000:.0f} ms, "
                f"p95 {self.percentile(0.95) * 1000:.0f} ms, "
                f"max {max(self.latencies, default=0) * 1000:.0f} ms",
                "latency by kind (p50/p95 ms): "
                + ", ".join(
                    f"{k} {self.percentile(0.5, k) * 1000:.0f}/{self.percentile(0.95, k) * 1000:.0f}"
                    for k in sorted(self.by_kind)
                ),
                f"server RSS (process tree): first {mib(self.rss[0] if self.rss else 0)}, "
                f"peak {mib(max(self.rss, default=0))}, last {mib(self.rss[-1] if self.rss else 0)}",
                f"errors: {len(self.errors)}" + "".join(f"\n  {e}" for e in self.errors[:20]),
            ]
        )


def mib(n: int) -> str:
    return f"{n / 2**20:.0f} MiB"


# --- what to send -----------------------------------------------------------------------------------


def resource_paths(site: Path, base_path: str) -> list[str]:
    """The IRI path of every resource that has a Turtle file and an HTML page in the export."""
    return sorted(
        base_path + t.relative_to(site).with_suffix("").as_posix()
        for t in site.glob("*/*.ttl")
        if (t.with_suffix("") / "index.html").is_file()
    )


def sparql_get(kind: str, query: str, expect: int = 200) -> Request:
    return Request(kind, "GET", "/sparql?" + urlencode({"query": query}), expect)


class Mix:
    """Draws requests in fixed proportions; runaway queries are capped in number (each holds a worker)."""

    def __init__(self, paths: list[str], runaways: int, seed: int) -> None:
        self.paths, self.runaways_left, self.rng = paths, runaways, random.Random(seed)
        self.named = [q.text for q in named_queries()]
        self.lock = threading.Lock()

    def next(self) -> Request:
        with self.lock:
            roll, path = self.rng.random(), self.rng.choice(self.paths)
            if roll < 0.01 and self.runaways_left > 0:
                self.runaways_left -= 1
                return sparql_get("runaway", RUNAWAY, 503)
            accept, select, named = (
                self.rng.choice(ACCEPTS),
                self.rng.choice(SELECTS),
                self.rng.choice(self.named),
            )
        if roll < 0.30:
            return Request("page", "GET", path + "/", 200, {"Accept": "text/html"})
        if roll < 0.55:
            return Request("conneg", "GET", path, 200, {"Accept": accept})
        if roll < 0.75:
            return sparql_get("select", select)
        if roll < 0.90:
            return Request(
                "named", "POST", "/sparql", 200, {"Content-Type": "application/sparql-query"}, named.encode()
            )
        if roll < 0.95:
            body = b"INSERT DATA { <urn:a> <urn:b> <urn:c> }"
            return Request(
                "update", "POST", "/sparql", 403, {"Content-Type": "application/sparql-update"}, body
            )
        return Request("traversal", "GET", path + "/%2e%2e%2f%2e%2e%2f%2e%2e%2f" + quote("etc/passwd"), 404)


# --- sending ----------------------------------------------------------------------------------------


def client(origin: str, mix: Mix, results: Results, deadline: float, budget: threading.Semaphore) -> None:
    """One client on one keep-alive connection, reconnecting when the server closes it."""
    address = urlsplit(origin)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=120)
    while time.monotonic() < deadline and budget.acquire(blocking=False):
        request = mix.next()
        started = time.monotonic()
        try:
            connection.request(request.method, request.target, body=request.body, headers=request.headers)
            response = connection.getresponse()
            body = response.read()
            results.record(
                request, response.status, time.monotonic() - started, body.decode("utf-8", "replace")
            )
            if response.getheader("connection", "").lower() == "close":
                connection.close()
        except (OSError, http.client.HTTPException) as exc:
            results.record(request, 0, time.monotonic() - started, repr(exc))
            connection.close()
    connection.close()


def tree_rss(pid: int) -> int:
    """Bytes resident in `pid` and all its descendants: the sum of their VmRSS, so pages the forked
    query workers share with the server count once per process (an upper bound)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        total += int(found.group(1)) * 1024 if found else 0
    return total


def run_load(
    origin: str, paths: list[str], server_pid: int, clients: int, seconds: float, **options: int
) -> Results:
    """Send the mix from `clients` threads for `seconds` (at most `max_requests`), sampling server RSS."""
    assert urlsplit(origin).hostname == "127.0.0.1", "the load test only ever talks to loopback"
    results = Results()
    mix = Mix(paths, options.get("runaways", 5), options.get("seed", 1))
    budget = threading.Semaphore(options.get("max_requests", 1_000_000))
    started = time.monotonic()
    deadline = started + seconds
    threads = [
        threading.Thread(target=client, args=(origin, mix, results, deadline, budget), daemon=True)
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        results.rss.append(tree_rss(server_pid))
        time.sleep(0.25)
        if time.monotonic() > deadline + 180:
            results.errors.append("clients still running 180 s after the deadline")
            break
    results.seconds = time.monotonic() - started
    return results


# --- a real server over a real export ---------------------------------------------------------------


def start_server(site: Path, log: Path, *options: str) -> tuple[subprocess.Popen[bytes], str]:
    with log.open("wb") as sink:
        process = subprocess.Popen([XTD_RDF, "serve", str(site), "--port", "0", *options], stderr=sink)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        found = re.search(r"SPARQL: (http://127\.0\.0\.1:\d+)/sparql", log.read_text(encoding="utf-8"))
        if found:
            return process, found.group(1)
        time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"xtd-rdf serve did not start:\n{log.read_text(encoding='utf-8')}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--vault", type=Path, default=CORPUS)
    parser.add_argument(
        "--site", type=Path, help="an export folder (default: export --vault to a temp folder)"
    )
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--runaways", type=int, default=20)
    parser.add_argument("--timeout", default="1", help="the server's --timeout")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "output"
            subprocess.run(
                [XTD_RDF, "export", str(args.vault), "--out", str(site)], check=False, capture_output=True
            )
        log = Path(tmp) / "serve.log"
        process, origin = start_server(site, log, "--timeout", args.timeout, "--max-results", "1000")
        try:
            paths = resource_paths(site, "/xtd/")
            print(f"{len(paths)} resources, {args.clients} clients for {args.seconds:g} s against {origin}")
            results = run_load(origin, paths, process.pid, args.clients, args.seconds, runaways=args.runaways)
            alive = process.poll() is None
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
        print(results.report())
        crashed = "Traceback" in log.read_text(encoding="utf-8") or not alive
        print(f"server alive at the end: {alive}; traceback in its log: {'Traceback' in log.read_text()}")
        return 1 if results.errors or crashed else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
