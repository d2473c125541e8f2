"""Wall time by stage, for `make bench` and for anyone asking where an export spends its time.

Under `XTD_RDF_PROFILE=1` the CLI prints `profile: STAGE SECONDS` lines on stderr at the end of an
export (benchmarks/harness.py reads them); otherwise `stage` costs one dictionary lookup.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator

ENABLED = os.environ.get("XTD_RDF_PROFILE") == "1"
_SECONDS: dict[str, float] = {}


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    """Add the wall time of the block to the stage `name`."""
    start = time.perf_counter()
    try:
        yield
    finally:
        _SECONDS[name] = _SECONDS.get(name, 0.0) + time.perf_counter() - start


def lines() -> list[str]:
    """The stages in the order they first ran, as `profile: STAGE SECONDS`; empty unless enabled."""
    return [f"profile: {name} {seconds:.3f}" for name, seconds in _SECONDS.items()] if ENABLED else []
