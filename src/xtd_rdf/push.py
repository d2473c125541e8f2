"""`push`: load an export into any triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

The first chunk replaces the named graph (PUT), the others are appended (POST), so pushing the
same export again leaves the store as it was. Credentials come from the environment only.
"""

from __future__ import annotations

import base64
import os
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

USER_VARIABLE, PASSWORD_VARIABLE, TOKEN_VARIABLE = (
    "XTD_RDF_STORE_USER",
    "XTD_RDF_STORE_PASSWORD",
    "XTD_RDF_STORE_TOKEN",
)
MEDIA_TYPE = "application/n-triples"


class PushError(Exception):
    """The store refused or could not be reached; the message says what to do."""


@dataclass(frozen=True)
class PushResult:
    triples: int
    chunks: int


def chunks(dump: Path, size: int) -> Iterator[bytes]:
    """The N-Triples dump in chunks of at most `size` statements (one statement per line)."""
    batch: list[bytes] = []
    with dump.open("rb") as lines:
        for line in lines:
            if line.strip():
                batch.append(line)
                if len(batch) >= size:
                    yield b"".join(batch)
                    batch = []
    if batch:
        yield b"".join(batch)


def _authorization() -> dict[str, str]:
    if os.environ.get(TOKEN_VARIABLE):
        return {"Authorization": f"Bearer {os.environ[TOKEN_VARIABLE]}"}
    if os.environ.get(USER_VARIABLE):
        pair = f"{os.environ[USER_VARIABLE]}:{os.environ.get(PASSWORD_VARIABLE, '')}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode()}
    return {}


def _send(url: str, method: str, body: bytes, timeout: float) -> None:
    headers = {"Content-Type": MEDIA_TYPE, **_authorization()}
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        response.read()


def _explain(error: urllib.error.HTTPError, store: str) -> str:
    advice = {
        401: f"the store wants credentials: set {USER_VARIABLE} and {PASSWORD_VARIABLE}, or {TOKEN_VARIABLE}",
        403: "the store refused these credentials the right to write: check the user's permissions",
        404: "no Graph Store endpoint at that URL: check --store (see the README for each store's URL)",
        413: "the store found a request too large: push again with a smaller --chunk-size",
    }.get(error.code, "see the store's log")
    return f"{store} answered {error.code} {error.reason}: {advice}"


def push(
    dump: Path,
    store: str,
    graph: str,
    chunk_size: int = 50_000,
    retries: int = 4,
    timeout: float = 60.0,
) -> PushResult:
    """Replace `graph` in the store at `store` with the triples of an N-Triples dump."""
    target = f"{store}{'&' if '?' in store else '?'}graph={quote(graph, safe='')}"
    sent = count = 0
    for number, body in enumerate(chunks(dump, chunk_size)):
        method = "PUT" if number == 0 else "POST"
        for attempt in range(retries + 1):
            try:
                _send(target, method, body, timeout)
                break
            except urllib.error.HTTPError as exc:
                if exc.code < 500 or attempt == retries:
                    raise PushError(_explain(exc, store)) from exc
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                if attempt == retries:
                    reason = getattr(exc, "reason", exc)
                    raise PushError(f"cannot reach the store at {store} ({reason}): is it running?") from exc
            time.sleep(min(2.0**attempt * 0.5, 10.0))  # back off: 0.5 s, 1 s, 2 s, 4 s
        sent += 1
        count += body.count(b"\n")
    if sent == 0:
        _send(target, "PUT", b"", timeout)
    return PushResult(count, sent)


_DATASET_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset>"


def dataset_iri(dump: Path) -> str:
    """The IRI of the dataset an N-Triples dump describes (its `dcat:Dataset`)."""
    with dump.open("rb") as lines:
        for line in lines:
            if _DATASET_TYPE in line:
                return line.split(b">", 1)[0].lstrip(b"<").decode()
    raise PushError(f"{dump} describes no dcat:Dataset: is it an xtd-rdf export?")
